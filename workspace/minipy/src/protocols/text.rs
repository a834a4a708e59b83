//! Turning objects into text: `repr`, `str` and `format` with a spec
//! (CPython: `PyObject_Repr`, `PyObject_Str`, `PyObject_Format`).

use crate::types::builtin_fn::BuiltinFn;
use crate::types::exceptions::ExcKind;
use crate::types::formatting::{FormatInput, float_repr, format_with_spec, str_repr};
use crate::types::native::{self, Builtin, File, Function, Range};
use crate::vm::{PyResult, Vm};
use ch01_objects::{ObjRef, Payload};

/// How deep `repr` may recurse into nested containers.
pub(crate) const REPR_DEPTH_LIMIT: usize = 500;

impl Vm {
    /// `repr(x)`.
    pub(crate) fn repr(&mut self, r: ObjRef) -> PyResult<String> {
        self.repr_at_depth(r, 0)
    }

    pub(crate) fn repr_at_depth(&mut self, r: ObjRef, depth: usize) -> PyResult<String> {
        if depth > REPR_DEPTH_LIMIT {
            return Err(self.error(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded while getting the repr of an object".into(),
            ));
        }
        if let Some(value) = self.inherited_value(r, "__repr__") {
            // A subclass of `list` or `dict`: its value's repr (a cycle
            // through the value prints as the value's would).
            return self.repr_at_depth(value, depth);
        }
        let enters_repr = match self.payload(r) {
            Payload::List(items) => !items.is_empty(),
            Payload::Tuple(items) => !items.is_empty(),
            Payload::Dict(_) => true,
            _ => {
                self.set_ref(r).is_some_and(|set| !set.is_empty())
                    || self.native::<crate::types::deque::Deque>(r).is_some()
            }
        };
        if enters_repr && self.repr_state.is_none() && self.mem.gc_count().is_some() {
            self.make_repr_state();
        }
        if !enters_repr {
            return self.repr_of(r, depth);
        }
        // A container already being printed further out is a cycle:
        // CPython's `Py_ReprEnter` makes it `[...]`, `(...)` or `{...}`.
        if self.repr_entered.contains(&r) {
            return Ok(match self.payload(r) {
                Payload::List(_) => "[...]",
                Payload::Tuple(_) => "(...)",
                Payload::Dict(_) => "{...}",
                // A deque says `[...]`; a set cannot hold itself.
                _ => "[...]",
            }
            .into());
        }
        self.repr_entered.push(r);
        let text = self.repr_of(r, depth);
        self.repr_entered.retain(|&entered| entered != r);
        text
    }

    /// A weak reference's repr (CPython: `weakref_repr`), `shown` being
    /// the object whose address it gives.
    fn weakref_repr(&self, referent: Option<ObjRef>, shown: ObjRef) -> String {
        let here = self.mem.heap().address(shown);
        let Some(referent) = referent else {
            return format!("<weakref at {here:#x}; dead>");
        };
        let there = self.mem.heap().address(referent);
        let type_name = self.type_name(referent);
        let name = match self.payload(referent) {
            Payload::Class(class) => Some(class.name.to_string()),
            _ => self
                .native::<Function>(referent)
                .map(|f| f.name.to_string()),
        };
        match name {
            Some(name) => {
                format!("<weakref at {here:#x}; to '{type_name}' at {there:#x} ({name})>")
            }
            None => format!("<weakref at {here:#x}; to '{type_name}' at {there:#x}>"),
        }
    }

    /// `repr(r)` once the cycle check is done.
    fn repr_of(&mut self, r: ObjRef, depth: usize) -> PyResult<String> {
        let items = |vm: &mut Vm, items: Vec<ObjRef>| -> PyResult<Vec<String>> {
            items
                .into_iter()
                .map(|item| vm.repr_at_depth(item, depth + 1))
                .collect()
        };
        if let Some(text) = self.slice_repr(r, depth) {
            return text;
        }
        if let Some(weakref) = self.ref_of_instance(r)
            && self
                .class_of_instance(r)
                .is_some_and(|class| self.lookup_in_class(class, "__repr__").is_none())
        {
            // An instance of a subclass of `weakref.ref` shows as the
            // reference it stands for, at its own address.
            let referent = self
                .native::<crate::types::weakref::WeakRef>(weakref)
                .and_then(|w| w.referent);
            return Ok(self.weakref_repr(referent, r));
        }
        if let Some(partial) = self.native::<crate::types::callable_wrappers::Partial>(r) {
            // `functools.partial(f, 1, b=2)`, as `partial_repr` writes it.
            let (function, args, kwargs) = (
                partial.function,
                partial.args.clone(),
                partial.kwargs.clone(),
            );
            let mut parts = vec![self.repr_at_depth(function, depth + 1)?];
            parts.extend(items(self, args)?);
            for (name, value) in kwargs {
                parts.push(format!("{name}={}", self.repr_at_depth(value, depth + 1)?));
            }
            return Ok(format!("functools.partial({})", parts.join(", ")));
        }
        match self.payload(r) {
            Payload::None => Ok("None".into()),
            Payload::Bool(b) => Ok(if *b { "True" } else { "False" }.into()),
            Payload::Int(n) => Ok(n.to_string()),
            _ if self.is_big_int(r) => Ok(self.big_value(r).unwrap_or_default().to_string()),
            Payload::Float(x) => Ok(float_repr(*x)),
            Payload::Str(s) => Ok(str_repr(s)),
            Payload::List(list) => {
                let list = list.to_vec();
                Ok(format!("[{}]", items(self, list)?.join(", ")))
            }
            Payload::Tuple(tuple) => {
                let tuple = tuple.to_vec();
                let parts = items(self, tuple)?;
                Ok(if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                })
            }
            Payload::Dict(dict) => {
                let entries: Vec<(ObjRef, ObjRef)> = dict.iter().collect();
                let mut parts = vec![];
                for (key, value) in entries {
                    parts.push(format!(
                        "{}: {}",
                        self.repr_at_depth(key, depth + 1)?,
                        self.repr_at_depth(value, depth + 1)?
                    ));
                }
                Ok(format!("{{{}}}", parts.join(", ")))
            }
            Payload::Class(class) => {
                let name = class.name.to_string();
                let builtin = self.types.values().any(|&t| t == r) || self.exceptions.contains(&r);
                // A built-in type of a module says so: `weakref.ReferenceType`.
                let own_module = class
                    .attrs
                    .get(&ch01_objects::DictKey::Str("__module__".into()));
                if builtin && own_module.is_none() {
                    return Ok(format!("<class '{name}'>"));
                }
                // A class of a module other than `__main__` says so, as
                // `weakref.ProxyType` does.
                let module = self
                    .lookup_in_class(r, "__module__")
                    .and_then(|m| self.str_of(m).map(str::to_string))
                    .unwrap_or_else(|| "__main__".into());
                let qualname = self.class_qualname(r);
                Ok(format!("<class '{module}.{qualname}'>"))
            }
            Payload::Instance(instance) => {
                let class = instance.class;
                if self.is_subclass(class, self.exceptions[ExcKind::BaseException as usize]) {
                    let name = self.class_name(class);
                    let args = self.get_attr_raw(r, "args");
                    let inner = match args.map(|a| self.payload(a)) {
                        Some(Payload::Tuple(items)) if items.len() == 1 => {
                            let item = items[0];
                            self.repr_at_depth(item, depth + 1)?
                        }
                        Some(Payload::Tuple(items)) if items.is_empty() => String::new(),
                        Some(_) => {
                            let text = self.repr_at_depth(args.unwrap_or(r), depth + 1)?;
                            text.trim_start_matches('(')
                                .trim_end_matches(')')
                                .to_string()
                        }
                        None => String::new(),
                    };
                    return Ok(format!("{name}({inner})"));
                }
                if let Some(method) = self.lookup_in_class(class, "__repr__") {
                    return self.call_text_method(method, r, "__repr__");
                }
                Ok(format!(
                    "<__main__.{} object at {:#x}>",
                    self.class_qualname(class),
                    self.mem.heap().address(r)
                ))
            }
            Payload::Native(native) => {
                let any = native.as_any();
                if let Some(range) = any.downcast_ref::<Range>() {
                    return Ok(if range.step == 1 {
                        format!("range({}, {})", range.start, range.stop)
                    } else {
                        format!("range({}, {}, {})", range.start, range.stop, range.step)
                    });
                }
                if let Some(weakref) = any.downcast_ref::<crate::types::weakref::WeakRef>() {
                    return Ok(self.weakref_repr(weakref.referent, r));
                }
                if let Some(function) = any.downcast_ref::<Function>() {
                    return Ok(format!(
                        "<function {} at {:#x}>",
                        function.qualname,
                        self.mem.heap().address(r)
                    ));
                }
                if let Some(bytes) = any.downcast_ref::<crate::types::bytes::Bytes>() {
                    let shown = crate::types::bytes::bytes_repr(&bytes.data);
                    return Ok(if bytes.mutable {
                        format!("bytearray({shown})")
                    } else {
                        shown
                    });
                }
                if let Some(builtin) = any.downcast_ref::<Builtin>() {
                    let name = builtin.function.name();
                    let owner = match builtin.function.receiver_type() {
                        "<object>" => "object",
                        owner => owner,
                    };
                    if builtin.function.is_slot_wrapper() {
                        return Ok(match builtin.receiver {
                            Some(receiver) => format!(
                                "<method-wrapper '{name}' of {} object at {:#x}>",
                                self.type_name(receiver),
                                self.mem.heap().address(receiver)
                            ),
                            None => format!("<slot wrapper '{name}' of '{owner}' objects>"),
                        });
                    }
                    if builtin.function.receiver_type() == "<object>" {
                        // `object.__sizeof__` is a method descriptor, and
                        // `object.__new__` a static method of the type.
                        return Ok(match builtin.receiver {
                            Some(receiver)
                                if matches!(self.payload(receiver), Payload::Class(_)) =>
                            {
                                format!(
                                    "<built-in method {name} of type object at {:#x}>",
                                    self.mem.heap().address(receiver)
                                )
                            }
                            Some(receiver) => format!(
                                "<built-in method {name} of {} object at {:#x}>",
                                self.type_name(receiver),
                                self.mem.heap().address(receiver)
                            ),
                            None if builtin.function == BuiltinFn::BaseNew => format!(
                                "<built-in method __new__ of type object at {:#x}>",
                                self.mem.heap().address(self.types["object"])
                            ),
                            None => format!("<method '{name}' of 'object' objects>"),
                        });
                    }
                    return Ok(match builtin.receiver {
                        Some(receiver) => format!(
                            "<built-in method {} of {} object at {:#x}>",
                            builtin.function.name(),
                            self.type_name(receiver),
                            self.mem.heap().address(receiver)
                        ),
                        // `list.append`: CPython's method descriptor.
                        None if builtin.function.is_unbound_method() => {
                            format!("<method '{name}' of '{owner}' objects>")
                        }
                        None => format!("<built-in function {name}>"),
                    });
                }
                if let Some(info) = any.downcast_ref::<crate::types::callable_wrappers::CacheInfo>()
                {
                    return Ok(info.text());
                }
                if let Some(marker) = any.downcast_ref::<crate::protocols::dunders::Marker>() {
                    return Ok(marker.name.to_string());
                }
                if let Some(generator) = any.downcast_ref::<crate::eval::generators::Generator>() {
                    return Ok(format!(
                        "<generator object {} at {:#x}>",
                        generator.name,
                        self.mem.heap().address(r)
                    ));
                }
                if let Some(descriptor) =
                    any.downcast_ref::<crate::protocols::type_slots::AttributeDescriptor>()
                {
                    // CPython: a getset descriptor for `__dict__` and
                    // `__weakref__`, a member descriptor for a slot.
                    let kind = match &*descriptor.name {
                        "__dict__" | "__weakref__" => "attribute",
                        _ => "member",
                    };
                    let name = descriptor.name.to_string();
                    let owner = self.class_name(descriptor.owner);
                    return Ok(format!("<{kind} '{name}' of '{owner}' objects>"));
                }
                if let Some(method) = any.downcast_ref::<native::BoundMethod>() {
                    let (function, receiver) = (method.function, method.receiver);
                    let name = self.function_qualname(function);
                    let receiver = self.repr_at_depth(receiver, depth + 1)?;
                    return Ok(format!("<bound method {name} of {receiver}>"));
                }
                if self.set_ref(r).is_some() {
                    return self.set_repr(r, depth);
                }
                if self.dict_view(r).is_some() {
                    return self.dict_view_repr(r, depth);
                }
                if self.dict_behind(r).is_some() {
                    return self.dict_subclass_repr(r, depth);
                }
                if self.deque_items(r).is_some() {
                    return self.deque_repr(r, depth);
                }
                if self.namedtuple_items(r).is_some() {
                    return self.namedtuple_repr(r, depth);
                }
                if let Some(text) = self.frame_repr(r) {
                    return Ok(text);
                }
                if let Some(module) = any.downcast_ref::<native::Module>() {
                    return Ok(format!("<module '{}' (built-in)>", module.name));
                }
                if let Some(file) = any.downcast_ref::<File>() {
                    return Ok(format!(
                        "<_io.TextIOWrapper name='{}' mode='r' encoding='UTF-8'>",
                        file.name
                    ));
                }
                Ok(format!(
                    "<{} object at {:#x}>",
                    native.type_name(),
                    self.mem.heap().address(r)
                ))
            }
        }
    }

    /// Calls `__repr__` or `__str__` (`name`), which must return a `str`.
    pub(crate) fn call_text_method(
        &mut self,
        method: ObjRef,
        receiver: ObjRef,
        name: &str,
    ) -> PyResult<String> {
        self.incref(method);
        self.incref(receiver);
        let result = self.call(method, vec![receiver], None);
        self.decref(method);
        let value = result?;
        let text = self.str_of(value).map(str::to_string);
        let kind = self.type_name(value);
        self.decref(value);
        match text {
            Some(text) => Ok(text),
            None => Err(self.error(
                ExcKind::TypeError,
                format!("{name} returned non-string (type {kind})"),
            )),
        }
    }

    /// `str(x)`.
    pub(crate) fn str_value(&mut self, r: ObjRef) -> PyResult<String> {
        match self.payload(r) {
            Payload::Str(s) => Ok(s.to_string()),
            Payload::Instance(instance) => {
                let class = instance.class;
                if self.is_subclass(class, self.exceptions[ExcKind::BaseException as usize]) {
                    return Ok(self.exception_message(r));
                }
                match self.lookup_in_class(class, "__str__") {
                    Some(method) => self.call_text_method(method, r, "__str__"),
                    None => self.repr(r),
                }
            }
            // `str()` of a class's `__dict__` is its dict's (`mappingproxy_str`).
            Payload::Native(_) if self.is_mapping_proxy(r) => {
                let inner = self.dict_behind(r).unwrap_or(r);
                self.repr(inner)
            }
            _ => self.repr(r),
        }
    }

    /// `ascii(x)`: its `repr` with every non-ASCII character escaped.
    pub(crate) fn ascii_repr(&mut self, r: ObjRef) -> PyResult<String> {
        Ok(self
            .repr(r)?
            .chars()
            .map(|c| match c as u32 {
                0..=0x7f => c.to_string(),
                code @ 0x80..=0xff => format!("\\x{code:02x}"),
                code @ 0x100..=0xffff => format!("\\u{code:04x}"),
                code => format!("\\U{code:08x}"),
            })
            .collect())
    }

    /// A replacement field with a conversion, `{value!r:spec}` in an
    /// f-string or `str.format`: the value's `str`, `repr` or `ascii`
    /// (`'s'`, `'r'`, `'a'`), formatted as a string with `spec`; with no
    /// conversion, the value formatted itself.
    pub(crate) fn format_converted(
        &mut self,
        value: ObjRef,
        conversion: Option<char>,
        spec: Option<&str>,
    ) -> PyResult<String> {
        let text = match conversion {
            None => return self.format_value(value, false, spec),
            Some('s') => self.str_value(value)?,
            Some('r') => self.repr(value)?,
            Some(_) => self.ascii_repr(value)?,
        };
        let text_object = self.new_str(&text);
        let result = self.format_value(text_object, false, spec);
        self.decref(text_object);
        result
    }

    /// An f-string replacement field: `{value!r:spec}`.
    pub(crate) fn format_value(
        &mut self,
        value: ObjRef,
        use_repr: bool,
        spec: Option<&str>,
    ) -> PyResult<String> {
        let spec = spec.unwrap_or("");
        if use_repr {
            let text = self.repr(value)?;
            return self.apply_format_spec(FormatInput::Text(text), spec);
        }
        if let Some(result) = self.call_format_method(value, spec) {
            return result;
        }
        if spec.is_empty() {
            // format(x, "") is str(x).
            return self.str_value(value);
        }
        let input = match self.payload(value) {
            Payload::Int(n) => FormatInput::Int(*n),
            Payload::Bool(b) if !spec.is_empty() => FormatInput::Int(i64::from(*b)),
            _ if self.is_big_int(value) && !spec.is_empty() => {
                FormatInput::Big(self.big_value(value).unwrap_or_default())
            }
            Payload::Float(x) => FormatInput::Float(*x),
            Payload::Str(text) => FormatInput::Text(text.to_string()),
            _ => {
                // `object.__format__` takes only the empty spec.
                let type_name = self.type_name(value);
                return Err(self.error(
                    ExcKind::TypeError,
                    format!("unsupported format string passed to {type_name}.__format__"),
                ));
            }
        };
        self.apply_format_spec(input, spec)
    }

    /// `value.__format__(spec)` for an instance whose class defines it.
    pub(crate) fn call_format_method(
        &mut self,
        value: ObjRef,
        spec: &str,
    ) -> Option<PyResult<String>> {
        let class = self.class_of_instance(value)?;
        self.lookup_in_class(class, "__format__")?;
        let spec_object = self.new_str(spec);
        let result = self.call_special(value, "__format__", &[spec_object]);
        self.decref(spec_object);
        Some(result?.and_then(|text| {
            let out = self.str_of(text).map(str::to_string);
            self.decref(text);
            out.ok_or_else(|| self.error(ExcKind::TypeError, "__format__ must return a str".into()))
        }))
    }

    pub(crate) fn apply_format_spec(&mut self, input: FormatInput, spec: &str) -> PyResult<String> {
        let explicit_align = spec.chars().nth(1).filter(|c| "<>^=".contains(*c));
        if matches!(input, FormatInput::Text(_))
            && explicit_align.or(spec.chars().next()) == Some('=')
        {
            return Err(self.error(
                ExcKind::ValueError,
                "'=' alignment not allowed in string format specifier".into(),
            ));
        }
        let type_name = match input {
            FormatInput::Int(_) | FormatInput::Big(_) => "int",
            FormatInput::Float(_) => "float",
            FormatInput::Text(_) => "str",
        };
        match format_with_spec(input, spec) {
            Some(text) => Ok(text),
            None => {
                let message = crate::types::formatting::format_spec_error(spec, type_name);
                Err(self.error(ExcKind::ValueError, message))
            }
        }
    }
}

impl Vm {
    /// What CPython 3.11's first `Py_ReprEnter` makes: the thread state's
    /// dict and, in it under `Py_Repr`, the list of the containers whose
    /// repr is being built (to print a cycle as `[...]`). minipy keeps both
    /// for good, as CPython does, so that the collector counts them.
    fn make_repr_state(&mut self) {
        let dict = self.alloc(Payload::Dict(Box::default()));
        let list = self.alloc(Payload::list(vec![]));
        let key = self.intern("Py_Repr");
        self.dict_set(
            dict,
            ch01_objects::DictKey::Str("Py_Repr".into()),
            key,
            list,
        );
        self.repr_state = Some(dict);
    }
}
