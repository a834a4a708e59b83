//! The built-in functions, the methods of the built-in types, and the
//! modules `sys`, `gc` and `time`.
//!
//! Serves every chapter's programs; `sys.getrefcount` and `sys.getsizeof`
//! serve chapter 2, and `gc` is laid out for chapter 4 (`gc.collect()` asks
//! the stage's memory manager, which finds nothing to collect before the
//! cycle collector exists).
//!
//! Built-ins *borrow* their arguments (the call drops them afterwards) and
//! return a new reference.

use std::rc::Rc;

use ch01_objects::dict::Dict;
use ch01_objects::object::Class;
use ch01_objects::{DictKey, ObjRef, Payload};

use crate::bytecode::CompareOp;
use crate::protocols::descriptors::DescriptorKind;
use crate::types::builtin_fn::{BuiltinFn, FunctionName, NativeFunction};
use crate::types::exceptions::ExcKind;
use crate::types::iterators::LazyKind;
use crate::types::native::{self, Builtin, File, Range};

use crate::vm::{PyErr, PyResult, Vm};

/// Built-in type names with their constructor, in creation order.
const TYPES: &[(&str, Option<BuiltinFn>)] = &[
    ("object", Some(BuiltinFn::Object)),
    ("type", Some(BuiltinFn::Type)),
    ("int", Some(BuiltinFn::Int)),
    ("bool", Some(BuiltinFn::Bool)),
    ("float", Some(BuiltinFn::Float)),
    ("str", Some(BuiltinFn::Str)),
    ("list", Some(BuiltinFn::List)),
    ("tuple", Some(BuiltinFn::Tuple)),
    ("dict", Some(BuiltinFn::DictNew)),
    ("range", Some(BuiltinFn::RangeNew)),
    ("set", Some(BuiltinFn::SetNew)),
    ("frozenset", Some(BuiltinFn::FrozensetNew)),
    ("super", Some(BuiltinFn::Super)),
    ("property", Some(BuiltinFn::Property)),
    ("staticmethod", Some(BuiltinFn::Staticmethod)),
    ("classmethod", Some(BuiltinFn::Classmethod)),
    ("NoneType", None),
    ("function", None),
];

impl Vm {
    /// Creates the built-in types, functions and exceptions.
    pub(crate) fn install_builtins(&mut self) {
        for &(name, constructor) in TYPES {
            self.builtin_type(name);
            if let Some(constructor) = constructor {
                let class = self.types[name];
                self.constructors.insert(class, constructor);
                if !name.starts_with(char::is_uppercase) && name != "function" {
                    self.incref(class);
                    self.bind_builtin(name, class);
                }
            }
        }
        for function in BuiltinFn::functions() {
            let object = self.new_native(Builtin {
                function,
                receiver: None,
            });
            self.mem.make_immortal(object);
            self.bind_builtin(function.name(), object);
        }
        let object = self.types["object"];
        self.install_exceptions(object);
        for (name, type_name) in [
            ("NotImplemented", "NotImplementedType"),
            ("Ellipsis", "ellipsis"),
        ] {
            let marker = self.new_native(crate::protocols::dunders::Marker { name, type_name });
            self.mem.make_immortal(marker);
            self.bind_builtin(name, marker);
        }
    }

    /// Binds `name` in the builtins namespace (taking `value`'s reference).
    pub(crate) fn bind_builtin(&mut self, name: &str, value: ObjRef) {
        let key_object = self.intern(name);
        self.mem.make_immortal(key_object);
        if let Some(old) = self
            .builtins
            .insert(DictKey::Str(name.into()), key_object, value)
        {
            self.decref(old);
        }
    }

    /// The class object of a built-in type, made on first use.
    pub(crate) fn builtin_type(&mut self, name: &str) -> ObjRef {
        if let Some(&class) = self.types.get(name) {
            return class;
        }
        let bases = match (name, self.types.get("object"), self.types.get("int")) {
            ("object", _, _) => vec![],
            ("bool", _, Some(&int)) => vec![int],
            ("defaultdict" | "Counter" | "OrderedDict", _, _)
                if self.types.contains_key("dict") =>
            {
                vec![self.types["dict"]]
            }
            (_, Some(&object), _) => vec![object],
            _ => vec![],
        };
        let class = self.alloc(Payload::Class(Class {
            name: name.into(),
            bases,
            attrs: Dict::new(),
        }));
        self.mem.make_immortal(class);
        let name: &'static str = Box::leak(name.to_string().into_boxed_str());
        self.types.insert(name, class);
        class
    }

    pub(crate) fn arg(
        &mut self,
        args: &[ObjRef],
        i: usize,
        function: impl FunctionName,
    ) -> PyResult<ObjRef> {
        match args.get(i) {
            Some(&arg) => Ok(arg),
            None => Err(self.error(
                ExcKind::TypeError,
                format!(
                    "{}() missing required argument (pos {})",
                    function.function_name(),
                    i + 1
                ),
            )),
        }
    }

    /// An int argument (a bool counts); `_what` names it for readers of the call.
    pub(crate) fn int_arg(&mut self, r: ObjRef, _what: &str) -> PyResult<i64> {
        match self.payload(r) {
            Payload::Int(n) => Ok(*n),
            Payload::Bool(b) => Ok(i64::from(*b)),
            _ => {
                let name = self.type_name(r);
                Err(self.error(
                    ExcKind::TypeError,
                    format!("'{name}' object cannot be interpreted as an integer"),
                ))
            }
        }
    }

    pub(crate) fn str_arg(&mut self, r: ObjRef, function: impl FunctionName) -> PyResult<String> {
        match self.str_of(r) {
            Some(s) => Ok(s.to_string()),
            None => {
                let name = self.type_name(r);
                Err(self.error(
                    ExcKind::TypeError,
                    format!(
                        "{}() argument must be str, not {name}",
                        function.function_name()
                    ),
                ))
            }
        }
    }

    pub(crate) fn kwarg(kwargs: &[(Rc<str>, ObjRef)], name: &str) -> Option<ObjRef> {
        kwargs.iter().find(|(k, _)| &**k == name).map(|&(_, v)| v)
    }

    fn new_tuple_incref(&mut self, items: Vec<ObjRef>) -> ObjRef {
        items.iter().for_each(|&i| self.mem.incref(i));
        self.alloc(Payload::Tuple(items.into()))
    }

    fn list_items(&self, r: ObjRef) -> Vec<ObjRef> {
        match self.payload(r) {
            Payload::List(items) => items.clone(),
            Payload::Tuple(items) => items.to_vec(),
            _ => vec![],
        }
    }

    /// Runs a module's function, after checking its keyword arguments.
    fn call_native(
        &mut self,
        native: &'static NativeFunction,
        args: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> PyResult<ObjRef> {
        if let Some((name, _)) = kwargs
            .iter()
            .find(|(k, _)| !native.keywords.contains(&&**k))
        {
            return Err(self.error(
                ExcKind::TypeError,
                format!(
                    "{}() got an unexpected keyword argument '{name}'",
                    native.name
                ),
            ));
        }
        (native.call)(self, args, kwargs)
    }

    /// Runs a built-in. `args` are borrowed.
    pub(crate) fn call_builtin(
        &mut self,
        function: BuiltinFn,
        args: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        if let F::Native(native) = function {
            return self.call_native(native, args, kwargs);
        }
        let allowed_kwargs: &[&str] = match function {
            F::Print => &["end", "sep", "flush", "file"],
            F::Sorted | F::ListSort => &["key", "reverse"],
            F::Min | F::Max => &["key", "default"],
            F::Open => &["encoding", "mode"],
            F::Enumerate => &["start"],
            F::Sum => &["start"],
            F::Int => &["base"],
            F::StrSplit | F::StrRsplit => &["sep", "maxsplit"],
            F::Property => &["fget", "fset", "fdel", "doc"],
            F::LruCache => &["maxsize", "typed"],
            F::StrFormat | F::DictNew | F::DictUpdate => &[],
            _ => &[],
        };
        let any_keywords = matches!(
            function,
            F::StrFormat
                | F::DictNew
                | F::DictUpdate
                | F::PartialNew
                | F::DequeNew
                | F::DefaultdictNew
                | F::CounterNew
                | F::OrderedDictNew
                | F::NamedTupleReplace
                | F::Dataclass
                | F::DataclassField
                | F::DataclassInit
                | F::ItCount
                | F::ItRepeat
                | F::ItAccumulate
                | F::ItZipLongest
                | F::ItProduct
                | F::ItPermutations
                | F::ItCombinations
        );
        if let Some((name, _)) = kwargs
            .iter()
            .find(|(k, _)| !any_keywords && !allowed_kwargs.contains(&&**k))
        {
            return Err(self.error(
                ExcKind::TypeError,
                format!(
                    "{}() got an unexpected keyword argument '{name}'",
                    function.name()
                ),
            ));
        }
        match function {
            F::Print => self.builtin_print(args, kwargs),
            F::Len => {
                let object = self.arg(args, 0, function)?;
                let n = self.length(object)?;
                Ok(self.new_int(n as i64))
            }
            F::Id => {
                let object = self.arg(args, 0, function)?;
                let address = self.mem.heap().address(object) as i64;
                Ok(self.new_int(address))
            }
            F::Repr => {
                let object = self.arg(args, 0, function)?;
                let text = self.repr(object)?;
                Ok(self.new_str(&text))
            }
            F::Isinstance => {
                let (object, classes) =
                    (self.arg(args, 0, function)?, self.arg(args, 1, function)?);
                let class = self.type_of(object);
                let candidates = match self.payload(classes) {
                    Payload::Tuple(items) => items.to_vec(),
                    _ => vec![classes],
                };
                let result = candidates.iter().any(|&c| self.is_subclass(class, c));
                Ok(self.new_bool(result))
            }
            F::Any | F::All => {
                let iterable = self.arg(args, 0, function)?;
                let items = self.collect_items(iterable)?;
                let want = function == F::Any;
                let mut result = !want;
                let mut failure = None;
                for &item in &items {
                    match self.truthy(item) {
                        Ok(truth) if truth == want => {
                            result = want;
                            break;
                        }
                        Ok(_) => {}
                        Err(err) => {
                            failure = Some(err);
                            break;
                        }
                    }
                }
                self.decref_all(items);
                match failure {
                    Some(err) => Err(err),
                    None => Ok(self.new_bool(result)),
                }
            }
            F::Hasattr | F::Getattr => {
                let (object, name) = (self.arg(args, 0, function)?, self.arg(args, 1, function)?);
                let name = self.str_arg(name, function)?;
                match self.get_attr(object, &name) {
                    Ok(value) if function == F::Getattr => Ok(value),
                    Ok(value) => {
                        self.decref(value);
                        Ok(self.new_bool(true))
                    }
                    Err(err) => {
                        let is_attribute_error = self.class_of_instance(err.0).is_some_and(|c| {
                            self.is_subclass(c, self.exceptions[ExcKind::AttributeError as usize])
                        });
                        match (function, args.get(2)) {
                            (F::Hasattr, _) if is_attribute_error => {
                                self.decref(err.0);
                                Ok(self.new_bool(false))
                            }
                            (F::Getattr, Some(&default)) if is_attribute_error => {
                                self.decref(err.0);
                                self.incref(default);
                                Ok(default)
                            }
                            _ => Err(err),
                        }
                    }
                }
            }
            F::Setattr => {
                let (object, name, value) = (
                    self.arg(args, 0, function)?,
                    self.arg(args, 1, function)?,
                    self.arg(args, 2, function)?,
                );
                let name = self.str_arg(name, function)?;
                self.incref(value);
                self.set_attr(object, &name, value)?;
                Ok(self.none())
            }
            F::Min | F::Max => self.builtin_min_max(function, args, kwargs),
            F::Sum => {
                let iterable = self.arg(args, 0, function)?;
                let items = self.collect_items(iterable)?;
                let mut total = match args
                    .get(1)
                    .copied()
                    .or_else(|| Self::kwarg(kwargs, "start"))
                {
                    Some(start) => {
                        self.incref(start);
                        start
                    }
                    None => self.new_int(0),
                };
                for &item in &items {
                    match self.binary_op(crate::bytecode::BinaryOp::Add, total, item) {
                        Ok(next) => {
                            self.decref(total);
                            total = next;
                        }
                        Err(err) => {
                            self.decref(total);
                            self.decref_all(items);
                            return Err(err);
                        }
                    }
                }
                self.decref_all(items);
                Ok(total)
            }
            F::Abs => {
                let value = self.arg(args, 0, function)?;
                match self.payload(value) {
                    Payload::Int(n) => match n.checked_abs() {
                        Some(n) => Ok(self.new_int(n)),
                        None => {
                            let n = num_bigint::BigInt::from(*n);
                            Ok(self.new_int_from_big(-n))
                        }
                    },
                    _ if self.is_big_int(value) => {
                        let n = self.big_value(value).unwrap_or_default();
                        Ok(self.new_int_from_big(num_traits::Signed::abs(&n)))
                    }
                    _ if self.class_of_instance(value).is_some() => {
                        match self.call_special(value, "__abs__", &[]) {
                            Some(result) => result,
                            None => {
                                let name = self.type_name(value);
                                Err(self.error(
                                    ExcKind::TypeError,
                                    format!("bad operand type for abs(): '{name}'"),
                                ))
                            }
                        }
                    }
                    Payload::Bool(b) => Ok(self.new_int(i64::from(*b))),
                    Payload::Float(x) => {
                        let x = x.abs();
                        Ok(self.new_float(x))
                    }
                    _ => {
                        let name = self.type_name(value);
                        Err(self.error(
                            ExcKind::TypeError,
                            format!("bad operand type for abs(): '{name}'"),
                        ))
                    }
                }
            }
            F::Round => self.builtin_round(args),
            F::Sorted => {
                let iterable = self.arg(args, 0, function)?;
                let list = self.alloc(Payload::List(vec![]));
                if let Err(err) = self.list_extend(list, iterable) {
                    self.decref(list);
                    return Err(err);
                }
                match self.sort_list(list, kwargs) {
                    Ok(()) => Ok(list),
                    Err(err) => {
                        self.decref(list);
                        Err(err)
                    }
                }
            }
            F::Enumerate => {
                let iterable = self.arg(args, 0, function)?;
                let start = match args
                    .get(1)
                    .copied()
                    .or_else(|| Self::kwarg(kwargs, "start"))
                {
                    Some(s) => self.int_arg(s, "start")?,
                    None => 0,
                };
                self.new_lazy_iter(LazyKind::Enumerate(start), None, &[iterable])
            }
            F::Zip => self.new_lazy_iter(LazyKind::Zip, None, args),
            F::Map | F::Filter => {
                let callable = self.arg(args, 0, function)?;
                if args.len() < 2 {
                    return Err(self.error(
                        ExcKind::TypeError,
                        format!("{}() must have at least two arguments.", function.name()),
                    ));
                }
                let kind = if function == F::Map {
                    LazyKind::Map
                } else {
                    LazyKind::Filter
                };
                self.new_lazy_iter(kind, Some(callable), &args[1..])
            }
            F::Pow => {
                let (base, exponent) = (self.arg(args, 0, function)?, self.arg(args, 1, function)?);
                match args.get(2).copied().filter(|&m| m != self.none()) {
                    None => self.binary_op(crate::bytecode::BinaryOp::Pow, base, exponent),
                    Some(modulus) => {
                        let values = (
                            self.big_value(base),
                            self.big_value(exponent),
                            self.big_value(modulus),
                        );
                        let (Some(b), Some(e), Some(m)) = values else {
                            return Err(self.error(
                                ExcKind::TypeError,
                                "pow() 3rd argument not allowed unless all arguments are integers"
                                    .into(),
                            ));
                        };
                        if num_traits::Zero::is_zero(&m) {
                            return Err(self.error(
                                ExcKind::ValueError,
                                "pow() 3rd argument cannot be 0".into(),
                            ));
                        }
                        if num_traits::Signed::is_negative(&e) {
                            return Err(self.error(
                                ExcKind::ValueError,
                                "minipy does not support negative exponents with a modulus".into(),
                            ));
                        }
                        let r = b.modpow(&e, &m);
                        // Python's result takes the modulus's sign.
                        let r = if num_traits::Signed::is_negative(&m)
                            && !num_traits::Zero::is_zero(&r)
                        {
                            r + m
                        } else {
                            r
                        };
                        Ok(self.new_int_from_big(r))
                    }
                }
            }
            F::Hex | F::Oct | F::Bin => {
                let value = self.arg(args, 0, function)?;
                let Some(n) = self
                    .big_value(value)
                    .filter(|_| !matches!(self.payload(value), Payload::Float(_)))
                else {
                    let name = self.type_name(value);
                    return Err(self.error(
                        ExcKind::TypeError,
                        format!("'{name}' object cannot be interpreted as an integer"),
                    ));
                };
                let (sign, magnitude) = if num_traits::Signed::is_negative(&n) {
                    ("-", -n)
                } else {
                    ("", n)
                };
                let text = match function {
                    F::Hex => format!("{sign}0x{}", magnitude.to_str_radix(16)),
                    F::Oct => format!("{sign}0o{}", magnitude.to_str_radix(8)),
                    _ => format!("{sign}0b{}", magnitude.to_str_radix(2)),
                };
                Ok(self.new_str(&text))
            }
            F::Issubclass => {
                let (class, classes) = (self.arg(args, 0, function)?, self.arg(args, 1, function)?);
                if !matches!(self.payload(class), Payload::Class(_)) {
                    return Err(self.error(
                        ExcKind::TypeError,
                        "issubclass() arg 1 must be a class".into(),
                    ));
                }
                let candidates = match self.payload(classes) {
                    Payload::Tuple(items) => items.to_vec(),
                    _ => vec![classes],
                };
                let result = candidates.iter().any(|&c| self.is_subclass(class, c));
                Ok(self.new_bool(result))
            }
            F::Format => {
                let value = self.arg(args, 0, function)?;
                let spec = match args.get(1) {
                    Some(&spec) => self.str_arg(spec, function)?,
                    None => String::new(),
                };
                let text = self.format_value(value, false, Some(&spec))?;
                Ok(self.new_str(&text))
            }
            F::Vars => {
                let object = self.arg(args, 0, function)?;
                let entries: Vec<(ObjRef, ObjRef)> = match self.payload(object) {
                    Payload::Instance(instance) => instance.attrs.iter().collect(),
                    _ => {
                        return Err(self.error(
                            ExcKind::TypeError,
                            "vars() argument must have __dict__ attribute".into(),
                        ));
                    }
                };
                let dict = self.alloc(Payload::Dict(Dict::new()));
                self.store_pairs(dict, &entries)?;
                Ok(dict)
            }
            F::Open => {
                let path = self.arg(args, 0, function)?;
                let path = self.str_arg(path, function)?;
                let mode = match args.get(1).copied().or_else(|| Self::kwarg(kwargs, "mode")) {
                    Some(mode) => self.str_arg(mode, function)?,
                    None => "r".into(),
                };
                if mode != "r" && mode != "rt" {
                    return Err(self.error(
                        ExcKind::ValueError,
                        format!("minipy opens files for reading text only, not mode '{mode}'"),
                    ));
                }
                match std::fs::read_to_string(&path) {
                    Ok(text) => Ok(self.new_native(File {
                        name: path.into(),
                        text,
                        position: 0,
                        closed: false,
                    })),
                    Err(error) => {
                        let kind = if error.kind() == std::io::ErrorKind::NotFound {
                            ExcKind::FileNotFoundError
                        } else {
                            ExcKind::OSError
                        };
                        let message = match error.kind() {
                            std::io::ErrorKind::NotFound => {
                                format!("[Errno 2] No such file or directory: '{path}'")
                            }
                            _ => format!("{error}: '{path}'"),
                        };
                        Err(self.error(kind, message))
                    }
                }
            }
            F::Iter => {
                let iterable = self.arg(args, 0, function)?;
                self.get_iter(iterable)
            }
            F::Next => {
                let iterator = self.arg(args, 0, function)?;
                match self.next_item(iterator)? {
                    Some(item) => Ok(item),
                    None => match args.get(1) {
                        Some(&default) => {
                            self.incref(default);
                            Ok(default)
                        }
                        None => {
                            let class = self.exceptions[ExcKind::StopIteration as usize];
                            self.incref(class);
                            let exc = self.call(class, vec![], None);
                            self.decref(class);
                            Err(PyErr(exc?))
                        }
                    },
                }
            }
            F::Callable => {
                let object = self.arg(args, 0, function)?;
                let callable = matches!(self.payload(object), Payload::Class(_))
                    || self.native::<native::Function>(object).is_some()
                    || self.native::<native::BoundMethod>(object).is_some()
                    || self.native::<Builtin>(object).is_some()
                    || self.is_functools_callable(object)
                    || self
                        .class_of_instance(object)
                        .is_some_and(|c| self.lookup_in_class(c, "__call__").is_some());
                Ok(self.new_bool(callable))
            }
            F::Ord => {
                let value = self.arg(args, 0, function)?;
                let text = self.str_arg(value, function)?;
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Ok(self.new_int(c as i64)),
                    _ => {
                        let length = text.chars().count();
                        Err(self.error(
                            ExcKind::TypeError,
                            format!(
                                "ord() expected a character, but string of length {length} found"
                            ),
                        ))
                    }
                }
            }
            F::Chr => {
                let value = self.arg(args, 0, function)?;
                let n = self.int_arg(value, "chr")?;
                match u32::try_from(n).ok().and_then(char::from_u32) {
                    Some(c) => Ok(self.new_str(&c.to_string())),
                    None => Err(self.error(
                        ExcKind::ValueError,
                        "chr() arg not in range(0x110000)".into(),
                    )),
                }
            }
            F::Reversed => {
                let iterable = self.arg(args, 0, function)?;
                let mut items = self.collect_items(iterable)?;
                items.reverse();
                let list = self.alloc(Payload::List(items));
                let iterator = self.get_iter(list);
                self.decref(list);
                iterator
            }
            F::Divmod => {
                let (a, b) = (self.arg(args, 0, function)?, self.arg(args, 1, function)?);
                let quotient = self.binary_op(crate::bytecode::BinaryOp::FloorDiv, a, b)?;
                let remainder = match self.binary_op(crate::bytecode::BinaryOp::Mod, a, b) {
                    Ok(r) => r,
                    Err(err) => {
                        self.decref(quotient);
                        return Err(err);
                    }
                };
                Ok(self.alloc(Payload::Tuple(Box::new([quotient, remainder]))))
            }
            F::Hash => {
                let object = self.arg(args, 0, function)?;
                if let Some(result) = self.call_special(object, "__hash__", &[]) {
                    return result;
                }
                let (hash, _) = self.hash_of(object)?;
                Ok(self.new_int(hash))
            }
            F::Int if args.len() == 2 || Self::kwarg(kwargs, "base").is_some() => {
                let base = args.get(1).copied().or_else(|| Self::kwarg(kwargs, "base"));
                let base = match base {
                    Some(b) => self.int_arg(b, "base")?,
                    None => 10,
                };
                let text = self.arg(args, 0, function)?;
                let text = self.str_arg(text, function)?;
                self.parse_int_with_base(&text, base)
            }
            F::Input => {
                if let Some(&prompt) = args.first() {
                    let prompt = self.str_value(prompt)?;
                    let _ = self.out.write_all(prompt.as_bytes());
                    self.flush();
                }
                let mut line = String::new();
                match std::io::stdin().read_line(&mut line) {
                    Ok(0) | Err(_) => {
                        Err(self.error(ExcKind::EOFError, "EOF when reading a line".into()))
                    }
                    Ok(_) => {
                        let line = line.strip_suffix('\n').unwrap_or(&line);
                        Ok(self.new_str(line))
                    }
                }
            }
            F::Globals => {
                let globals = self.globals;
                self.incref(globals);
                Ok(globals)
            }
            F::DictNew if !kwargs.is_empty() => {
                let dict = self.construct(function, args)?;
                for (name, value) in kwargs {
                    let key = self.intern(name);
                    self.incref(key);
                    self.incref(*value);
                    self.dict_set(dict, DictKey::Str(name.as_ref().into()), key, *value);
                }
                Ok(dict)
            }
            F::Int
            | F::Float
            | F::Str
            | F::Bool
            | F::List
            | F::Tuple
            | F::DictNew
            | F::RangeNew
            | F::Type
            | F::Object => self.construct(function, args),
            F::SetNew | F::FrozensetNew => {
                let frozen = function == F::FrozensetNew;
                match args.first() {
                    Some(&iterable) => self.set_from_iterable(iterable, frozen),
                    None => Ok(self.new_set(frozen)),
                }
            }
            F::Super => self.new_super(args),
            F::Property => {
                let mut all: Vec<ObjRef> = args.to_vec();
                for (i, name) in ["fget", "fset", "fdel"].iter().enumerate() {
                    if let Some(value) = Self::kwarg(kwargs, name) {
                        while all.len() <= i {
                            all.push(self.singletons.none);
                        }
                        all[i] = value;
                    }
                }
                self.new_descriptor(DescriptorKind::Property, &all)
            }
            F::Staticmethod => self.new_descriptor(DescriptorKind::Static, args),
            F::Classmethod => self.new_descriptor(DescriptorKind::ClassMethod, args),
            F::Quit | F::ExitBuiltin => Err(self.system_exit(args)),
            F::DequeNew | F::DefaultdictNew | F::CounterNew | F::OrderedDictNew => {
                self.collections_new(function, args, kwargs)
            }
            F::Namedtuple => self.namedtuple_class(args),
            F::ItCount
            | F::ItRepeat
            | F::ItCycle
            | F::ItChain
            | F::ItChainFromIterable
            | F::ItIslice
            | F::ItAccumulate
            | F::ItTakewhile
            | F::ItDropwhile
            | F::ItZipLongest
            | F::ItProduct
            | F::ItPermutations
            | F::ItCombinations
            | F::ItStarmap
            | F::ItPairwise => self.itertools_call(function, args, kwargs),
            F::Dataclass
            | F::DataclassApply
            | F::DataclassField
            | F::DataclassAsdict
            | F::DataclassAstuple
            | F::DataclassInit
            | F::DataclassRepr
            | F::DataclassEq => self.dataclasses_call(function, args, kwargs),
            F::RandomSeed
            | F::RandomRandom
            | F::RandomRandint
            | F::RandomRandrange
            | F::RandomChoice
            | F::RandomShuffle
            | F::RandomSample
            | F::RandomUniform
            | F::RandomGetrandbits => self.random_call(function, args),
            F::Abstractmethod => {
                let function = self.arg(args, 0, function)?;
                self.abstractmethod(function)
            }
            F::Reduce
            | F::PartialNew
            | F::Wraps
            | F::WrapsApply
            | F::LruCache
            | F::LruCacheApply
            | F::CacheDecorator
            | F::CacheInfoMethod
            | F::CacheClearMethod => self.functools_call(function, args, kwargs),
            F::StreamWrite | F::StreamFlush => {
                let stream = self.arg(args, 0, function)?;
                if self.native::<crate::modules::sys::Stream>(stream).is_none() {
                    return Err(self.error(ExcKind::TypeError, "not a stream".into()));
                }
                self.stream_method(function, args)
            }
            F::Dir => {
                let Some(&object) = args.first() else {
                    return Err(self.error(
                        ExcKind::TypeError,
                        "minipy's dir() needs an argument (use sorted(locals()))".into(),
                    ));
                };
                let names = self.dir_names(object);
                let items: Vec<ObjRef> = names.iter().map(|n| self.new_str(n)).collect();
                Ok(self.alloc(Payload::List(items)))
            }
            F::Delattr => {
                let (object, name) = (self.arg(args, 0, function)?, self.arg(args, 1, function)?);
                let name = self.str_arg(name, function)?;
                self.del_attr(object, &name)?;
                Ok(self.none())
            }
            F::BaseInit => {
                // `object.__init__` does nothing; `BaseException.__init__` keeps its arguments.
                let receiver = self.arg(args, 0, function)?;
                let base = self.exceptions[ExcKind::BaseException as usize];
                if self
                    .class_of_instance(receiver)
                    .is_some_and(|c| self.is_subclass(c, base))
                {
                    let tuple = self.new_tuple_incref(args[1..].to_vec());
                    self.set_attr_raw(receiver, "args", tuple);
                }
                Ok(self.none())
            }
            F::BaseNew => {
                let class = self.arg(args, 0, function)?;
                self.new_instance(class)
            }
            F::BaseRepr | F::BaseStr => {
                let receiver = self.arg(args, 0, function)?;
                let text = match self.class_of_instance(receiver) {
                    Some(class)
                        if function == F::BaseStr
                            && self.is_subclass(
                                class,
                                self.exceptions[ExcKind::BaseException as usize],
                            ) =>
                    {
                        self.exception_message(receiver)
                    }
                    Some(class) => format!(
                        "<__main__.{} object at {:#x}>",
                        self.class_name(class),
                        self.mem.heap().address(receiver)
                    ),
                    None => self.repr(receiver)?,
                };
                Ok(self.new_str(&text))
            }
            _ => self.call_method_builtin(function, args, kwargs),
        }
    }

    fn builtin_print(&mut self, args: &[ObjRef], kwargs: &[(Rc<str>, ObjRef)]) -> PyResult<ObjRef> {
        let text_option = |vm: &mut Vm, name: &str, default: &str| -> PyResult<String> {
            match Self::kwarg(kwargs, name) {
                Some(value) if value == vm.none() => Ok(default.to_string()),
                Some(value) => vm.str_arg(value, BuiltinFn::Print),
                None => Ok(default.to_string()),
            }
        };
        let sep = text_option(self, "sep", " ")?;
        let end = text_option(self, "end", "\n")?;
        let mut line = String::new();
        for (i, &arg) in args.iter().enumerate() {
            if i > 0 {
                line.push_str(&sep);
            }
            line.push_str(&self.str_value(arg)?);
        }
        line.push_str(&end);
        match Self::kwarg(kwargs, "file").filter(|&f| f != self.none()) {
            Some(stream) if self.native::<crate::modules::sys::Stream>(stream).is_some() => {
                self.write_stream(stream, &line);
            }
            Some(other) => {
                let name = self.type_name(other);
                return Err(self.error(
                    ExcKind::TypeError,
                    format!("minipy prints only to sys.stdout and sys.stderr, not to a '{name}'"),
                ));
            }
            None => {
                let _ = self.out.write_all(line.as_bytes());
            }
        }
        if Self::kwarg(kwargs, "flush").is_some() {
            self.flush();
        }
        Ok(self.none())
    }

    fn builtin_min_max(
        &mut self,
        function: BuiltinFn,
        args: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> PyResult<ObjRef> {
        if args.is_empty() {
            return Err(self.error(
                ExcKind::TypeError,
                format!("{} expected at least 1 argument, got 0", function.name()),
            ));
        }
        let items = if args.len() == 1 {
            self.collect_items(args[0])?
        } else {
            args.iter().for_each(|&a| self.mem.incref(a));
            args.to_vec()
        };
        if items.is_empty() {
            if let Some(default) = Self::kwarg(kwargs, "default") {
                self.incref(default);
                return Ok(default);
            }
            return Err(self.error(
                ExcKind::ValueError,
                format!("{}() arg is an empty sequence", function.name()),
            ));
        }
        let keys = match self.sort_keys(&items, kwargs) {
            Ok(keys) => keys,
            Err(err) => {
                self.decref_all(items);
                return Err(err);
            }
        };
        let mut best = 0;
        for i in 1..items.len() {
            let ordering = self.compare_values(keys[i], keys[best], CompareOp::Lt);
            let ordering = match ordering {
                Ok(o) => o,
                Err(err) => {
                    self.decref_all(keys);
                    self.decref_all(items);
                    return Err(err);
                }
            };
            let better = if function == BuiltinFn::Min {
                ordering.is_lt()
            } else {
                ordering.is_gt()
            };
            if better {
                best = i;
            }
        }
        let winner = items[best];
        self.incref(winner);
        self.decref_all(keys);
        self.decref_all(items);
        Ok(winner)
    }

    /// The sort key of each item: `key(item)` or the item itself (new references).
    fn sort_keys(
        &mut self,
        items: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> PyResult<Vec<ObjRef>> {
        let key_function = Self::kwarg(kwargs, "key").filter(|&k| k != self.none());
        let mut keys = Vec::with_capacity(items.len());
        for &item in items {
            self.incref(item);
            match key_function {
                Some(function) => match self.call(function, vec![item], None) {
                    Ok(key) => keys.push(key),
                    Err(err) => {
                        self.decref_all(keys);
                        return Err(err);
                    }
                },
                None => keys.push(item),
            }
        }
        Ok(keys)
    }

    /// Sorts a list in place (stable, like CPython's timsort).
    fn sort_list(&mut self, list: ObjRef, kwargs: &[(Rc<str>, ObjRef)]) -> PyResult<()> {
        let items = self.list_items(list);
        let keys = self.sort_keys(&items, kwargs)?;
        let reverse = match Self::kwarg(kwargs, "reverse") {
            Some(r) => self.truthy(r)?,
            None => false,
        };
        let mut order: Vec<usize> = (0..items.len()).collect();
        // Insertion-free merge sort over indices so comparison errors can be reported.
        let mut failure = None;
        let mut sorted = Vec::with_capacity(order.len());
        let mut width = 1;
        while width < order.len() {
            sorted.clear();
            for chunk in order.chunks(2 * width) {
                let (left, right) = chunk.split_at(width.min(chunk.len()));
                let (mut i, mut j) = (0, 0);
                while i < left.len() && j < right.len() {
                    let ordering = if failure.is_some() {
                        std::cmp::Ordering::Equal
                    } else {
                        match self.compare_values(keys[right[j]], keys[left[i]], CompareOp::Lt) {
                            Ok(o) => o,
                            Err(err) => {
                                failure = Some(err);
                                std::cmp::Ordering::Equal
                            }
                        }
                    };
                    let take_right = if reverse {
                        ordering.is_gt()
                    } else {
                        ordering.is_lt()
                    };
                    if take_right {
                        sorted.push(right[j]);
                        j += 1;
                    } else {
                        sorted.push(left[i]);
                        i += 1;
                    }
                }
                sorted.extend_from_slice(&left[i..]);
                sorted.extend_from_slice(&right[j..]);
            }
            std::mem::swap(&mut order, &mut sorted);
            width *= 2;
        }
        self.decref_all(keys);
        if let Some(err) = failure {
            return Err(err);
        }
        if let Payload::List(list_items) = self.payload_mut(list) {
            // Reorder in place: sorting never changes a list's capacity.
            list_items.clear();
            list_items.extend(order.into_iter().map(|i| items[i]));
        }
        Ok(())
    }

    fn builtin_round(&mut self, args: &[ObjRef]) -> PyResult<ObjRef> {
        let value = self.arg(args, 0, BuiltinFn::Round)?;
        let digits = match args.get(1) {
            Some(&d) if d != self.none() => Some(self.int_arg(d, "ndigits")?),
            _ => None,
        };
        match (self.payload(value), digits) {
            (Payload::Int(n), Some(d)) if d < 0 => {
                // Round half to even at a power of ten.
                let n = num_bigint::BigInt::from(*n);
                let factor = num_traits::pow(num_bigint::BigInt::from(10), (-d).min(400) as usize);
                let (quotient, remainder) = num_integer::Integer::div_mod_floor(&n, &factor);
                let twice = &remainder * 2;
                let round_up =
                    twice > factor || (twice == factor && num_integer::Integer::is_odd(&quotient));
                let quotient = if round_up { quotient + 1 } else { quotient };
                Ok(self.new_int_from_big(quotient * factor))
            }
            (Payload::Int(n), _) => {
                let n = *n;
                Ok(self.new_int(n))
            }
            (Payload::Float(x), None) => {
                let rounded = x.round_ties_even();
                if rounded.is_nan() {
                    return Err(self.error(
                        ExcKind::ValueError,
                        "cannot convert float NaN to integer".into(),
                    ));
                }
                if !rounded.is_finite() {
                    return Err(self.error(
                        ExcKind::OverflowError,
                        "cannot convert float infinity to integer".into(),
                    ));
                }
                let n = num_traits::FromPrimitive::from_f64(rounded).unwrap_or_default();
                Ok(self.new_int_from_big(n))
            }
            (Payload::Float(x), Some(d)) => {
                // Round through the decimal text, as CPython does, so 2.675 stays 2.67.
                let text = format!("{:.*}", d.clamp(0, 300) as usize, x);
                let rounded: f64 = text.parse().unwrap_or(*x);
                let rounded = if d < 0 {
                    let factor = 10f64.powi((-d) as i32);
                    (x / factor).round_ties_even() * factor
                } else {
                    rounded
                };
                Ok(self.new_float(rounded))
            }
            _ => {
                let name = self.type_name(value);
                Err(self.error(
                    ExcKind::TypeError,
                    format!("type {name} doesn't define __round__ method"),
                ))
            }
        }
    }

    /// `len(x)`.
    pub(crate) fn length(&mut self, object: ObjRef) -> PyResult<usize> {
        match self.payload(object) {
            Payload::Str(s) => Ok(s.chars().count()),
            Payload::List(items) => Ok(items.len()),
            Payload::Tuple(items) => Ok(items.len()),
            Payload::Dict(dict) => Ok(dict.len()),
            Payload::Native(native) if native.as_any().is::<crate::types::sets::Set>() => {
                Ok(self.set_ref(object).map_or(0, crate::types::sets::Set::len))
            }
            Payload::Native(native)
                if native.as_any().is::<crate::modules::collections::Deque>() =>
            {
                Ok(self.deque_items(object).map_or(0, |items| items.len()))
            }
            Payload::Native(native)
                if native
                    .as_any()
                    .is::<crate::modules::collections::NamedTuple>() =>
            {
                Ok(self.namedtuple_items(object).map_or(0, |items| items.len()))
            }
            Payload::Native(native)
                if native
                    .as_any()
                    .is::<crate::modules::collections::DictSubclass>() =>
            {
                let inner = self.dict_behind(object).unwrap_or(object);
                self.length(inner)
            }
            Payload::Native(native) if native.as_any().is::<crate::types::views::DictView>() => {
                let dict = self.dict_view(object).map(|(d, _)| d);
                match dict.map(|d| self.payload(d)) {
                    Some(Payload::Dict(d)) => Ok(d.len()),
                    _ => Ok(0),
                }
            }
            Payload::Native(native) if native.as_any().is::<Range>() => Ok(self
                .native::<Range>(object)
                .map(|r| r.len().max(0) as usize)
                .unwrap_or(0)),
            Payload::Instance(instance) => {
                let class = instance.class;
                match self.lookup_in_class(class, "__len__") {
                    Some(method) => {
                        self.incref(method);
                        self.incref(object);
                        let result = self.call(method, vec![object], None);
                        self.decref(method);
                        let value = result?;
                        let n = self.int_arg(value, "__len__");
                        self.decref(value);
                        Ok(n?.max(0) as usize)
                    }
                    None => {
                        let name = self.type_name(object);
                        Err(self.error(
                            ExcKind::TypeError,
                            format!("object of type '{name}' has no len()"),
                        ))
                    }
                }
            }
            _ => {
                let name = self.type_name(object);
                Err(self.error(
                    ExcKind::TypeError,
                    format!("object of type '{name}' has no len()"),
                ))
            }
        }
    }

    /// Calling a built-in type: `int("3")`, `list(range(3))`, `type(x)`, ...
    fn construct(&mut self, function: BuiltinFn, args: &[ObjRef]) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        let first = args.first().copied();
        match (function, first) {
            (F::Type, Some(object)) => {
                let class = self.type_of(object);
                self.incref(class);
                Ok(class)
            }
            (F::Object, _) => {
                let class = self.types["object"];
                self.incref(class);
                Ok(
                    self.alloc(Payload::Instance(ch01_objects::object::Instance {
                        class,
                        attrs: Dict::new(),
                    })),
                )
            }
            (F::Int, None) => Ok(self.new_int(0)),
            (F::Int, Some(value)) => match self.payload(value) {
                Payload::Int(n) => {
                    let n = *n;
                    Ok(self.new_int(n))
                }
                Payload::Bool(b) => {
                    let n = i64::from(*b);
                    Ok(self.new_int(n))
                }
                Payload::Float(x) if x.is_finite() && x.abs() < 9.2e18 => {
                    let n = x.trunc() as i64;
                    Ok(self.new_int(n))
                }
                Payload::Float(x) if x.is_finite() => {
                    let n = num_traits::FromPrimitive::from_f64(x.trunc()).unwrap_or_default();
                    Ok(self.new_int_from_big(n))
                }
                Payload::Float(x) => {
                    let message = if x.is_nan() {
                        "cannot convert float NaN to integer"
                    } else {
                        "cannot convert float infinity to integer"
                    };
                    let kind = if x.is_nan() {
                        ExcKind::ValueError
                    } else {
                        ExcKind::OverflowError
                    };
                    Err(self.error(kind, message.into()))
                }
                _ if self.is_big_int(value) => {
                    self.incref(value);
                    Ok(value)
                }
                Payload::Str(s) => {
                    let cleaned = s.trim().replace('_', "");
                    match cleaned.parse::<num_bigint::BigInt>() {
                        Ok(n) => Ok(self.new_int_from_big(n)),
                        Err(_) => {
                            let text = crate::protocols::str_repr(s);
                            Err(self.error(
                                ExcKind::ValueError,
                                format!("invalid literal for int() with base 10: {text}"),
                            ))
                        }
                    }
                }
                _ => {
                    let name = self.type_name(value);
                    Err(self.error(ExcKind::TypeError, format!("int() argument must be a string, a bytes-like object or a real number, not '{name}'")))
                }
            },
            (F::Float, None) => Ok(self.new_float(0.0)),
            (F::Float, Some(value)) => match self.payload(value) {
                Payload::Int(n) => {
                    let x = *n as f64;
                    Ok(self.new_float(x))
                }
                _ if self.is_big_int(value) => {
                    let x = crate::types::bigint::big_to_f64(
                        &self.big_value(value).unwrap_or_default(),
                    );
                    if x.is_infinite() {
                        return Err(self.error(
                            ExcKind::OverflowError,
                            "int too large to convert to float".into(),
                        ));
                    }
                    Ok(self.new_float(x))
                }
                Payload::Bool(b) => Ok(self.new_float(f64::from(u8::from(*b)))),
                Payload::Float(x) => {
                    let x = *x;
                    Ok(self.new_float(x))
                }
                Payload::Str(s) => {
                    let text = s.trim().to_lowercase();
                    let parsed = match text.as_str() {
                        "inf" | "+inf" | "infinity" => Some(f64::INFINITY),
                        "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
                        "nan" => Some(f64::NAN),
                        _ => text.parse::<f64>().ok(),
                    };
                    match parsed {
                        Some(x) => Ok(self.new_float(x)),
                        None => {
                            let text = crate::protocols::str_repr(s);
                            Err(self.error(
                                ExcKind::ValueError,
                                format!("could not convert string to float: {text}"),
                            ))
                        }
                    }
                }
                _ => {
                    let name = self.type_name(value);
                    Err(self.error(
                        ExcKind::TypeError,
                        format!("float() argument must be a string or a real number, not '{name}'"),
                    ))
                }
            },
            (F::Str, None) => Ok(self.new_str("")),
            (F::Str, Some(value)) => {
                let text = self.str_value(value)?;
                Ok(self.new_str(&text))
            }
            (F::Bool, None) => Ok(self.new_bool(false)),
            (F::Bool, Some(value)) => {
                let truth = self.truthy(value)?;
                Ok(self.new_bool(truth))
            }
            (F::List, None) => Ok(self.alloc(Payload::List(vec![]))),
            (F::List, Some(value)) => {
                let list = self.alloc(Payload::List(vec![]));
                if let Err(err) = self.list_extend(list, value) {
                    self.decref(list);
                    return Err(err);
                }
                Ok(list)
            }
            (F::Tuple, None) => Ok(self.alloc(Payload::Tuple(Box::new([])))),
            (F::Tuple, Some(value)) => {
                if matches!(self.payload(value), Payload::Tuple(_)) {
                    self.incref(value);
                    return Ok(value);
                }
                let items = self.collect_items(value)?;
                Ok(self.alloc(Payload::Tuple(items.into())))
            }
            (F::DictNew, None) => Ok(self.alloc(Payload::Dict(Dict::new()))),
            (F::DictNew, Some(value)) => {
                let dict = self.alloc(Payload::Dict(Dict::new()));
                if let Err(err) = self.dict_update(dict, value) {
                    self.decref(dict);
                    return Err(err);
                }
                Ok(dict)
            }
            (F::RangeNew, _) => {
                let mut bounds = vec![];
                for &arg in args {
                    bounds.push(self.int_arg(arg, "range")?);
                }
                let (start, stop, step) = match bounds.as_slice() {
                    [stop] => (0, *stop, 1),
                    [start, stop] => (*start, *stop, 1),
                    [start, stop, step] => (*start, *stop, *step),
                    _ => {
                        return Err(self.error(
                            ExcKind::TypeError,
                            format!("range expected at most 3 arguments, got {}", bounds.len()),
                        ));
                    }
                };
                if step == 0 {
                    return Err(
                        self.error(ExcKind::ValueError, "range() arg 3 must not be zero".into())
                    );
                }
                Ok(self.new_native(Range { start, stop, step }))
            }
            _ => Err(self.error(
                ExcKind::TypeError,
                format!("{}() takes exactly one argument", function.name()),
            )),
        }
    }

    /// `int(text, base)`: digits in base 2 to 36, or base 0 (the prefix decides).
    fn parse_int_with_base(&mut self, text: &str, base: i64) -> PyResult<ObjRef> {
        let cleaned = text.trim().replace('_', "");
        let (negative, digits) = match cleaned.strip_prefix('-') {
            Some(rest) => (true, rest.to_string()),
            None => (false, cleaned.trim_start_matches('+').to_string()),
        };
        let lower = digits.to_lowercase();
        let prefixed = |prefix: &str, radix: u32| {
            lower
                .strip_prefix(prefix)
                .map(|rest| (rest.to_string(), radix))
        };
        let parsed = match base {
            0 => prefixed("0x", 16)
                .or_else(|| prefixed("0o", 8))
                .or_else(|| prefixed("0b", 2))
                .or(Some((lower.clone(), 10))),
            16 => prefixed("0x", 16).or(Some((lower.clone(), 16))),
            8 => prefixed("0o", 8).or(Some((lower.clone(), 8))),
            2 => prefixed("0b", 2).or(Some((lower.clone(), 2))),
            3..=36 => Some((lower.clone(), base as u32)),
            _ => {
                return Err(self.error(
                    ExcKind::ValueError,
                    "int() base must be >= 2 and <= 36, or 0".into(),
                ));
            }
        };
        let value = parsed.and_then(|(digits, radix)| {
            (!digits.is_empty())
                .then(|| num_bigint::BigInt::parse_bytes(digits.as_bytes(), radix))
                .flatten()
        });
        match value {
            Some(v) => Ok(self.new_int_from_big(if negative { -v } else { v })),
            None => {
                let shown = crate::protocols::str_repr(text);
                Err(self.error(
                    ExcKind::ValueError,
                    format!("invalid literal for int() with base {base}: {shown}"),
                ))
            }
        }
    }

    fn dict_update(&mut self, dict: ObjRef, source: ObjRef) -> PyResult<()> {
        let source = self.dict_behind(source).unwrap_or(source);
        let pairs: Vec<(ObjRef, ObjRef)> = match self.payload(source) {
            Payload::Dict(other) => other.iter().collect(),
            _ => {
                let items = self.collect_items(source)?;
                let mut pairs = vec![];
                for &item in &items {
                    let unpacked = self.unpack(item, 2);
                    match unpacked {
                        Ok(kv) => {
                            pairs.push((kv[0], kv[1]));
                            self.decref(kv[0]);
                            self.decref(kv[1]);
                        }
                        Err(err) => {
                            self.decref_all(items);
                            return Err(err);
                        }
                    }
                }
                // The pairs stay alive through `items` until they are stored.
                let result = self.store_pairs(dict, &pairs);
                self.decref_all(items);
                return result;
            }
        };
        self.store_pairs(dict, &pairs)
    }

    fn store_pairs(&mut self, dict: ObjRef, pairs: &[(ObjRef, ObjRef)]) -> PyResult<()> {
        for &(key, value) in pairs {
            self.incref(value);
            self.set_item(dict, key, value)?;
        }
        Ok(())
    }

    /// The methods of the built-in types; `args[0]` is the receiver.
    fn call_method_builtin(
        &mut self,
        function: BuiltinFn,
        args: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        let receiver = self.arg(args, 0, function)?;
        if function == F::DictFromkeys && self.types.get("dict") == Some(&receiver) {
            // `dict.fromkeys(...)` is a class method: the type stands in for a dict.
            let empty = self.alloc(Payload::Dict(Dict::new()));
            let mut shifted = vec![empty];
            shifted.extend_from_slice(&args[1..]);
            let result = self.call_method_builtin(function, &shifted, kwargs);
            self.decref(empty);
            return result;
        }
        let expected = function.receiver_type();
        if expected == "tuple"
            && let Some(items) = self.namedtuple_items(receiver)
        {
            // A namedtuple runs tuple methods on its items.
            let tuple = self.new_tuple_of(items);
            let mut shifted = vec![tuple];
            shifted.extend_from_slice(&args[1..]);
            let result = self.call_method_builtin(function, &shifted, kwargs);
            self.decref(tuple);
            return result;
        }
        if expected == "dict"
            && let Some(inner) = self.dict_behind(receiver)
        {
            // A defaultdict, Counter or OrderedDict runs dict methods on its dict.
            let mut shifted = vec![inner];
            shifted.extend_from_slice(&args[1..]);
            return self.call_method_builtin(function, &shifted, kwargs);
        }
        let type_ok = match self.payload(receiver) {
            Payload::List(_) => expected == "list",
            Payload::Dict(_) => expected == "dict",
            Payload::Str(_) => expected == "str",
            Payload::Tuple(_) => expected == "tuple",
            Payload::Int(_) | Payload::Bool(_) => expected == "int",
            Payload::Float(_) => expected == "float",
            _ => match expected {
                "file" => self.native::<File>(receiver).is_some(),
                "set" => self.set_ref(receiver).is_some(),
                "int" => self.is_big_int(receiver),
                "generator" => self.is_generator(receiver),
                "property" => self
                    .native::<crate::protocols::descriptors::Descriptor>(receiver)
                    .is_some(),
                "deque" => self
                    .native::<crate::modules::collections::Deque>(receiver)
                    .is_some(),
                "namedtuple" => self.namedtuple_items(receiver).is_some(),
                "Counter" | "OrderedDict" => self.type_name(receiver) == expected,
                _ => false,
            },
        };
        if !type_ok {
            let name = self.type_name(receiver);
            return Err(self.error(
                ExcKind::TypeError,
                format!(
                    "descriptor '{}' requires a '{expected}' object but received a '{name}'",
                    function.name()
                ),
            ));
        }
        let rest = &args[1..];
        match function {
            F::ListAppend => {
                let item = self.arg(args, 1, function)?;
                self.incref(item);
                if let Payload::List(items) = self.payload_mut(receiver) {
                    crate::types::sizes::list_push(items, item);
                }
                Ok(self.none())
            }
            F::SetAdd
            | F::SetDiscard
            | F::SetRemove
            | F::SetPop
            | F::SetClear
            | F::SetCopy
            | F::SetUpdate
            | F::SetUnion
            | F::SetIntersection
            | F::SetDifference
            | F::SetSymmetricDifference
            | F::SetIssubset
            | F::SetIssuperset
            | F::SetIsdisjoint
            | F::SetDifferenceUpdate
            | F::SetIntersectionUpdate
            | F::SetSymmetricDifferenceUpdate => self.set_method(function, args),
            F::IntBitCount => {
                let n = self.big_value(receiver).unwrap_or_default();
                let ones: u64 = n
                    .magnitude()
                    .iter_u64_digits()
                    .map(|d| u64::from(d.count_ones()))
                    .sum();
                Ok(self.new_int(ones as i64))
            }
            F::DequeAppend
            | F::DequeAppendleft
            | F::DequePop
            | F::DequePopleft
            | F::DequeExtend
            | F::DequeExtendleft
            | F::DequeClear
            | F::DequeRotate
            | F::CounterMostCommon
            | F::CounterUpdate
            | F::CounterTotal
            | F::OrderedMoveToEnd => self.collections_method(function, args),
            F::NamedTupleAsdict | F::NamedTupleReplace => {
                self.namedtuple_method(function, args, kwargs)
            }
            F::GenSend => {
                let value = self.arg(args, 1, function)?;
                self.generator_send(receiver, value)
            }
            F::GenThrow => {
                let exc = self.arg(args, 1, function)?;
                self.generator_throw(receiver, exc)
            }
            F::GenClose => {
                self.generator_close(receiver)?;
                Ok(self.none())
            }
            F::PropertySetter | F::PropertyGetter | F::PropertyDeleter => {
                let accessor = self.arg(args, 1, function)?;
                self.property_with(receiver, function.name(), accessor)
            }
            F::IntBitLength => {
                let n = self.big_value(receiver).unwrap_or_default();
                Ok(self.new_int(n.bits() as i64))
            }
            F::FloatIsInteger => {
                let integral =
                    matches!(self.payload(receiver), Payload::Float(x) if x.fract() == 0.0);
                Ok(self.new_bool(integral))
            }
            F::DictPopitem => {
                let last = match self.payload(receiver) {
                    Payload::Dict(dict) => dict.iter().last(),
                    _ => None,
                };
                let Some((key, _)) = last else {
                    return Err(
                        self.error(ExcKind::KeyError, "popitem(): dictionary is empty".into())
                    );
                };
                let dict_key = self.hash_key(key)?;
                let removed = match self.payload_mut(receiver) {
                    Payload::Dict(dict) => dict.remove(&dict_key),
                    _ => None,
                };
                match removed {
                    Some((key, value)) => Ok(self.alloc(Payload::Tuple(Box::new([key, value])))),
                    None => Ok(self.none()),
                }
            }
            F::DictFromkeys => {
                let iterable = self.arg(args, 1, function)?;
                let value = args.get(2).copied().unwrap_or(self.singletons.none);
                let keys = self.collect_items(iterable)?;
                let dict = self.alloc(Payload::Dict(Dict::new()));
                for &key in &keys {
                    self.incref(value);
                    if let Err(err) = self.set_item(dict, key, value) {
                        self.decref_all(keys);
                        self.decref(dict);
                        return Err(err);
                    }
                }
                self.decref_all(keys);
                Ok(dict)
            }
            F::ListPop => {
                let len = self.list_items(receiver).len();
                if len == 0 {
                    return Err(self.error(ExcKind::IndexError, "pop from empty list".into()));
                }
                let index = match rest.first() {
                    Some(&i) => {
                        let i = self.int_arg(i, "index")?;
                        let adjusted = if i < 0 { i + len as i64 } else { i };
                        if adjusted < 0 || adjusted >= len as i64 {
                            return Err(
                                self.error(ExcKind::IndexError, "pop index out of range".into())
                            );
                        }
                        adjusted as usize
                    }
                    None => len - 1,
                };
                // The list's reference moves to the caller.
                Ok(match self.payload_mut(receiver) {
                    Payload::List(items) => crate::types::sizes::list_remove(items, index),
                    _ => self.singletons.none,
                })
            }
            F::ListClear => {
                let items = match self.payload_mut(receiver) {
                    Payload::List(items) => std::mem::take(items),
                    _ => vec![],
                };
                // CPython's list_clear empties the list first, then drops the items last to first.
                self.decref_all(items.into_iter().rev());
                Ok(self.none())
            }
            F::ListExtend => {
                let source = self.arg(args, 1, function)?;
                self.list_extend(receiver, source)?;
                Ok(self.none())
            }
            F::ListInsert => {
                let (index, item) = (self.arg(args, 1, function)?, self.arg(args, 2, function)?);
                let index = self.int_arg(index, "index")?;
                self.incref(item);
                if let Payload::List(items) = self.payload_mut(receiver) {
                    let len = items.len() as i64;
                    let at = if index < 0 {
                        (index + len).max(0)
                    } else {
                        index.min(len)
                    };
                    crate::types::sizes::grow_list(items, items.len() + 1);
                    items.insert(at as usize, item);
                }
                Ok(self.none())
            }
            F::ListRemove | F::ListIndex | F::TupleIndex => {
                let target = self.arg(args, 1, function)?;
                let items = self.list_items(receiver);
                for (i, &item) in items.iter().enumerate() {
                    if self.values_equal(item, target)? {
                        if function != F::ListRemove {
                            return Ok(self.new_int(i as i64));
                        }
                        let removed = match self.payload_mut(receiver) {
                            Payload::List(items) => {
                                Some(crate::types::sizes::list_remove(items, i))
                            }
                            _ => None,
                        };
                        self.decref_all(removed);
                        return Ok(self.none());
                    }
                }
                let message = if function == F::ListRemove {
                    "list.remove(x): x not in list".to_string()
                } else if function == F::TupleIndex {
                    "tuple.index(x): x not in tuple".to_string()
                } else {
                    let text = self.repr(target)?;
                    format!(
                        "{text} is not in {}",
                        if function == F::TupleIndex {
                            "tuple"
                        } else {
                            "list"
                        }
                    )
                };
                Err(self.error(ExcKind::ValueError, message))
            }
            F::ListCount | F::TupleCount => {
                let target = self.arg(args, 1, function)?;
                let items = self.list_items(receiver);
                let mut count = 0;
                for item in items {
                    if self.values_equal(item, target)? {
                        count += 1;
                    }
                }
                Ok(self.new_int(count))
            }
            F::ListSort => {
                self.sort_list(receiver, kwargs)?;
                Ok(self.none())
            }
            F::ListReverse => {
                if let Payload::List(items) = self.payload_mut(receiver) {
                    items.reverse();
                }
                Ok(self.none())
            }
            F::ListCopy => {
                let items = self.list_items(receiver);
                Ok(self.new_list_incref(items))
            }
            F::DictGet | F::DictSetdefault => {
                let key = self.arg(args, 1, function)?;
                let dict_key = self.hash_key(key)?;
                let found = match self.payload(receiver) {
                    Payload::Dict(dict) => dict.get(&dict_key),
                    _ => None,
                };
                let default = rest.get(1).copied().unwrap_or(self.singletons.none);
                let value = match found {
                    Some(value) => value,
                    None if function == F::DictSetdefault => {
                        self.incref(default);
                        self.set_item(receiver, key, default)?;
                        default
                    }
                    None => default,
                };
                self.incref(value);
                Ok(value)
            }
            F::DictKeys | F::DictValues | F::DictItems => {
                let kind = match function {
                    F::DictKeys => crate::types::views::ViewKind::Keys,
                    F::DictValues => crate::types::views::ViewKind::Values,
                    _ => crate::types::views::ViewKind::Items,
                };
                Ok(self.new_dict_view(receiver, kind))
            }
            F::DictPop => {
                let key = self.arg(args, 1, function)?;
                let dict_key = self.hash_key(key)?;
                let removed = match self.payload_mut(receiver) {
                    Payload::Dict(dict) => dict.remove(&dict_key),
                    _ => None,
                };
                match (removed, rest.get(1)) {
                    (Some((key_object, value)), _) => {
                        self.decref(key_object);
                        Ok(value)
                    }
                    (None, Some(&default)) => {
                        self.incref(default);
                        Ok(default)
                    }
                    (None, None) => {
                        self.incref(key);
                        let class = self.exceptions[ExcKind::KeyError as usize];
                        self.incref(class);
                        let exc = self.call(class, vec![key], None);
                        self.decref(class);
                        Err(PyErr(exc?))
                    }
                }
            }
            F::DictClear => {
                let entries = match self.payload_mut(receiver) {
                    Payload::Dict(dict) => dict.drain(),
                    _ => vec![],
                };
                self.note_dict_cleared(receiver);
                for (key, value) in entries {
                    self.decref(key);
                    self.decref(value);
                }
                Ok(self.none())
            }
            F::DictUpdate => {
                if let Some(&source) = args.get(1) {
                    self.dict_update(receiver, source)?;
                }
                for (name, value) in kwargs {
                    let key = self.intern(name);
                    self.incref(key);
                    self.incref(*value);
                    self.dict_set(receiver, DictKey::Str(name.as_ref().into()), key, *value);
                }
                Ok(self.none())
            }
            F::DictCopy => {
                let copy = self.alloc(Payload::Dict(Dict::new()));
                if let Err(err) = self.dict_update(copy, receiver) {
                    self.decref(copy);
                    return Err(err);
                }
                Ok(copy)
            }
            F::FileRead | F::FileReadline | F::FileReadlines | F::FileClose => {
                self.file_method(function, receiver)
            }
            _ => self.str_method(function, receiver, rest, kwargs),
        }
    }

    fn file_method(&mut self, function: BuiltinFn, receiver: ObjRef) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        if function == F::FileClose {
            if let Some(file) = self.native_mut::<File>(receiver) {
                file.closed = true;
            }
            return Ok(self.none());
        }
        if self.native::<File>(receiver).is_some_and(|f| f.closed) {
            return Err(self.error(ExcKind::ValueError, "I/O operation on closed file.".into()));
        }
        match function {
            F::FileRead => {
                let text = match self.native_mut::<File>(receiver) {
                    Some(file) => {
                        let rest = file.text[file.position..].to_string();
                        file.position = file.text.len();
                        rest
                    }
                    None => String::new(),
                };
                Ok(self.new_str(&text))
            }
            F::FileReadline => match self.next_item(receiver)? {
                Some(line) => Ok(line),
                None => Ok(self.new_str("")),
            },
            _ => {
                let mut lines = vec![];
                while let Some(line) = self.next_item(receiver)? {
                    lines.push(line);
                }
                Ok(self.alloc(Payload::List(lines)))
            }
        }
    }
}
