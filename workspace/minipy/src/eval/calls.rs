//! Calling: what `CALL` does for each kind of callable (a Python function,
//! a built-in, a class, a bound method), and building a class from its body.

use crate::eval::arguments::Defaults;
use crate::eval::frames::Activation;
use crate::types::builtin_fn::BuiltinFn;
use crate::types::code::Code;
use crate::types::exceptions::ExcKind;
use crate::types::native::{self, Function};
use crate::vm::{PyResult, Vm};
use ch01_objects::dict::Dict;
use ch01_objects::object::Instance;
use ch01_objects::{Attrs, DictKey, ObjRef, Payload};
use std::rc::Rc;

/// A call's keyword arguments, owned: name and value.
type KeywordList = Vec<(Rc<str>, ObjRef)>;

impl Vm {
    /// Calls `callable` with `args` (whose references the call takes over).
    pub(crate) fn call(
        &mut self,
        callable: ObjRef,
        args: Vec<ObjRef>,
        kwargs: Option<Vec<(Rc<str>, ObjRef)>>,
    ) -> PyResult<ObjRef> {
        if let Some(function) = self.native::<Function>(callable) {
            let code = function.code.clone();
            let defaults = function.defaults.clone();
            let kwdefaults = function.kwdefaults.clone();
            let closure = function.closure.clone();
            let defaults = Defaults {
                positional: &defaults,
                keyword_only: &kwdefaults,
            };
            return self.call_function(callable, code, defaults, &closure, args, kwargs);
        }
        if let Some(method) = self.native::<native::BoundMethod>(callable) {
            let (function, receiver) = (method.function, method.receiver);
            self.incref(receiver);
            let mut all = Vec::with_capacity(args.len() + 1);
            all.push(receiver);
            all.extend(args);
            return self.call(function, all, kwargs);
        }
        if let Some(builtin) = self.native::<native::Builtin>(callable) {
            let (function, receiver) = (builtin.function, builtin.receiver);
            let mut all = Vec::with_capacity(args.len() + 1);
            if let Some(receiver) = receiver {
                self.incref(receiver);
                all.push(receiver);
            }
            all.extend(args);
            return self.call_builtin_owned(function, all, kwargs);
        }
        if let Payload::Class(_) = self.payload(callable) {
            return self.instantiate(callable, args, kwargs);
        }
        if self
            .native::<crate::types::weakref::WeakRef>(callable)
            .is_some()
        {
            self.decref_kwargs(kwargs);
            return self.call_weakref(callable, args);
        }
        if self.is_functools_callable(callable) {
            return self.call_functools(callable, args, kwargs);
        }
        if let Some(weakref) = self.ref_of_instance(callable)
            && self
                .class_of_instance(callable)
                .and_then(|class| self.lookup_in_class(class, "__call__"))
                .is_none()
        {
            // A subclass of `weakref.ref` called as the reference it is.
            self.decref_kwargs(kwargs);
            return self.call_weakref(weakref, args);
        }
        if let Some(method) = self
            .class_of_instance(callable)
            .and_then(|class| self.lookup_in_class(class, "__call__"))
        {
            self.incref(method);
            self.incref(callable);
            let mut all = Vec::with_capacity(args.len() + 1);
            all.push(callable);
            all.extend(args);
            let result = self.call(method, all, kwargs);
            self.decref(method);
            return result;
        }
        let type_name = self.type_name(callable);
        self.decref_all(args);
        self.decref_kwargs(kwargs);
        Err(self.error(
            ExcKind::TypeError,
            format!("'{type_name}' object is not callable"),
        ))
    }

    pub(crate) fn decref_kwargs(&mut self, kwargs: Option<Vec<(Rc<str>, ObjRef)>>) {
        for (_, value) in kwargs.unwrap_or_default() {
            self.decref(value);
        }
    }

    pub(crate) fn call_builtin_owned(
        &mut self,
        function: BuiltinFn,
        args: Vec<ObjRef>,
        kwargs: Option<Vec<(Rc<str>, ObjRef)>>,
    ) -> PyResult<ObjRef> {
        let result = self.call_builtin(function, &args, kwargs.as_deref().unwrap_or_default());
        // A built-in borrows its arguments; the call drops them afterwards, in order.
        self.decref_all(args);
        self.decref_kwargs(kwargs);
        result
    }

    /// `Class(args)`: a built-in type converts, a user class makes an
    /// instance and runs `__init__`.
    pub(crate) fn instantiate(
        &mut self,
        class: ObjRef,
        args: Vec<ObjRef>,
        kwargs: Option<Vec<(Rc<str>, ObjRef)>>,
    ) -> PyResult<ObjRef> {
        if let Some(&constructor) = self.constructors.get(&class) {
            return self.call_builtin_owned(constructor, args, kwargs);
        }
        if self.types.get("NoneType") == Some(&class) {
            // `type(None)()` is the one None.
            let given = args.len() + kwargs.as_ref().map_or(0, Vec::len);
            self.decref_all(args);
            self.decref_kwargs(kwargs);
            if given > 0 {
                let message = "NoneType takes no arguments".to_string();
                return Err(self.error(ExcKind::TypeError, message));
            }
            return Ok(self.none());
        }
        if let Some(fields) = self.namedtuple_fields(class) {
            return self.new_namedtuple(class, &fields, args, kwargs);
        }
        if let Err(err) = self.check_not_abstract(class) {
            self.decref_all(args);
            self.decref_kwargs(kwargs);
            return Err(err);
        }
        // CPython 3.11 calls a class through `tp_call`, its arguments in a
        // tuple and its keywords in a dict, which its collector counts
        // (chapter 5). (An exception keeps that tuple as its `args`, which
        // it makes below.)
        let is_exception =
            self.is_subclass(class, self.exceptions[ExcKind::BaseException as usize]);
        let mut held = vec![];
        if !is_exception && !args.is_empty() {
            held.push(Payload::tuple(vec![self.singletons.none; args.len()]));
        }
        if let Some(keywords) = kwargs.as_ref().filter(|k| !k.is_empty()) {
            // The dict, and the tuple of its names `__init__`'s call makes
            // again from it (`_PyStack_UnpackDict`).
            held.push(Payload::Dict(Box::default()));
            held.push(Payload::tuple(vec![self.singletons.none; keywords.len()]));
        }
        for kind in &held {
            self.count_made(kind);
        }
        let made = self.instantiate_user_class(class, args, kwargs);
        for kind in held.iter().rev() {
            self.mem.release_hidden_part(kind);
        }
        made
    }

    /// [`Vm::instantiate`] for a class written in Python: `__new__`, then
    /// `__init__`.
    fn instantiate_user_class(
        &mut self,
        class: ObjRef,
        args: Vec<ObjRef>,
        kwargs: Option<Vec<(Rc<str>, ObjRef)>>,
    ) -> PyResult<ObjRef> {
        if let Some(new) = self.lookup_in_class(class, "__new__") {
            return self.instantiate_with_new(class, new, args, kwargs);
        }
        let class = self.errno_subclass(class, &args);
        self.incref(class);
        let instance = self.alloc(Payload::Instance(Instance::new(class, Attrs::new())));
        self.note_instance_made(instance, class);
        self.attach_builtin_value(instance, class);
        let is_ref = self.is_ref_subclass(class);
        if is_ref && let Err(err) = self.attach_ref(instance, &args) {
            self.decref_all(args);
            self.decref_kwargs(kwargs);
            self.decref(instance);
            return Err(err);
        }
        if self.is_subclass(class, self.exceptions[ExcKind::BaseException as usize]) {
            for &arg in &args {
                self.incref(arg);
            }
            let tuple = self.alloc(Payload::Tuple(args.clone().into()));
            self.set_attr_raw(instance, "args", tuple);
            if self.is_subclass(class, self.exceptions[ExcKind::OSError as usize]) {
                let mut all = vec![instance];
                all.extend_from_slice(&args);
                self.init_os_error(&all);
            }
        }
        match self.lookup_in_class(class, "__init__") {
            Some(init) => {
                self.incref(instance);
                let mut all = vec![instance];
                all.extend(args);
                match self.call(init, all, kwargs) {
                    Ok(result) => {
                        let is_none = result == self.none();
                        let kind = self.type_name(result);
                        self.decref(result);
                        if !is_none {
                            self.decref(instance);
                            return Err(self.error(
                                ExcKind::TypeError,
                                format!("__init__() should return None, not '{kind}'"),
                            ));
                        }
                    }
                    Err(err) => {
                        self.decref(instance);
                        return Err(err);
                    }
                }
            }
            None if self.builtin_base(class).is_some() => {
                if let Err(err) = self.init_builtin_value_owned(instance, args, kwargs) {
                    self.decref(instance);
                    return Err(err);
                }
            }
            None => {
                let is_exception =
                    self.is_subclass(class, self.exceptions[ExcKind::BaseException as usize]);
                // `ref.__init__` takes what `ref.__new__` took.
                if !args.is_empty() && !is_exception && !is_ref {
                    let name = self.class_name(class);
                    self.decref_all(args);
                    self.decref(instance);
                    return Err(
                        self.error(ExcKind::TypeError, format!("{name}() takes no arguments"))
                    );
                }
                self.decref_all(args);
                self.decref_kwargs(kwargs);
            }
        }
        Ok(instance)
    }

    /// `Class(args)` for a class that defines `__new__`: `__new__(cls, *args)`
    /// makes the object; `__init__` runs only if it is an instance of `cls`.
    pub(crate) fn instantiate_with_new(
        &mut self,
        class: ObjRef,
        new: ObjRef,
        args: Vec<ObjRef>,
        kwargs: Option<Vec<(Rc<str>, ObjRef)>>,
    ) -> PyResult<ObjRef> {
        // `__new__` is a static method whether or not it is declared one.
        let function = self
            .native::<crate::types::descriptors::Descriptor>(new)
            .and_then(|d| d.function)
            .unwrap_or(new);
        self.incref(function);
        self.incref(class);
        let mut new_args = vec![class];
        for &arg in &args {
            self.incref(arg);
            new_args.push(arg);
        }
        let new_kwargs = kwargs.clone();
        for (_, value) in new_kwargs.iter().flatten() {
            self.incref(*value);
        }
        let created = self.call(function, new_args, new_kwargs);
        self.decref(function);
        let object = match created {
            Ok(object) => object,
            Err(err) => {
                self.decref_all(args);
                self.decref_kwargs(kwargs);
                return Err(err);
            }
        };
        let is_instance = self
            .class_of_instance(object)
            .is_some_and(|c| self.is_subclass(c, class));
        match self
            .lookup_in_class(class, "__init__")
            .filter(|_| is_instance)
        {
            Some(init) => {
                self.incref(object);
                let mut all = vec![object];
                all.extend(args);
                match self.call(init, all, kwargs) {
                    Ok(result) => self.decref(result),
                    Err(err) => {
                        self.decref(object);
                        return Err(err);
                    }
                }
            }
            None if is_instance && self.builtin_value(object).is_some() => {
                if let Err(err) = self.init_builtin_value_owned(object, args, kwargs) {
                    self.decref(object);
                    return Err(err);
                }
            }
            None => {
                self.decref_all(args);
                self.decref_kwargs(kwargs);
            }
        }
        Ok(object)
    }

    /// `object.__new__(cls)`: a bare instance of `cls`.
    pub(crate) fn new_instance(&mut self, class: ObjRef) -> PyResult<ObjRef> {
        if !matches!(self.payload(class), Payload::Class(_))
            || self.constructors.contains_key(&class)
        {
            let name = self.type_name(class);
            return Err(self.error(
                ExcKind::TypeError,
                format!("object.__new__(X): X is not a user class ({name})"),
            ));
        }
        self.incref(class);
        let instance = self.alloc(Payload::Instance(Instance::new(class, Attrs::new())));
        self.note_instance_made(instance, class);
        self.attach_builtin_value(instance, class);
        Ok(instance)
    }

    /// `ref.__new__(cls, ob[, callback])` for a subclass `cls` of
    /// `weakref.ref` (arguments borrowed): its instance, holding the weak
    /// reference.
    pub(crate) fn new_ref_instance(&mut self, class: ObjRef, args: &[ObjRef]) -> PyResult<ObjRef> {
        let instance = self.new_instance(class)?;
        if let Err(err) = self.attach_ref(instance, args) {
            self.decref(instance);
            return Err(err);
        }
        Ok(instance)
    }

    // ANCHOR: call_function
    /// Runs a Python function: the arguments become its first locals.
    pub(crate) fn call_function(
        &mut self,
        function: ObjRef,
        code: Rc<Code>,
        defaults: Defaults<'_>,
        closure: &[ObjRef],
        args: Vec<ObjRef>,
        kwargs: Option<Vec<(Rc<str>, ObjRef)>>,
    ) -> PyResult<ObjRef> {
        let locals = self.bind_arguments(&code, defaults, args, kwargs)?;
        let mut activation = Activation::new(code.clone(), locals);
        let mut cell_slots = activation.locals[code.varnames.len()..].iter();
        for param in &code.cell_params {
            let value = param.and_then(|p| activation.locals[p].take());
            let cell = self.new_native(native::Cell { value });
            if let Some(slot) = cell_slots.next() {
                slot.set(Some(cell));
            }
        }
        for &cell in closure {
            self.incref(cell);
            if let Some(slot) = cell_slots.next() {
                slot.set(Some(cell));
            }
        }
        if code.is_generator {
            // Calling a generator function runs nothing yet: the activation
            // waits inside the generator object for the first `next()`,
            // holding the function.
            self.incref(function);
            activation.function = Some(function);
            return Ok(self.new_generator(activation));
        }
        self.run(activation)
    }
    // ANCHOR_END: call_function

    /// Runs a class body in a fresh namespace and makes the class.
    pub(crate) fn build_class(
        &mut self,
        body: ObjRef,
        bases: Vec<ObjRef>,
        keywords: Vec<(Rc<str>, ObjRef)>,
    ) -> PyResult<ObjRef> {
        let (abstract_checked, keywords) = match self.class_keywords(keywords) {
            Ok(found) => found,
            Err(err) => {
                self.decref_all(bases);
                return Err(err);
            }
        };
        let Some((code, closure)) = self
            .native::<Function>(body)
            .map(|f| (f.code.clone(), f.closure.clone()))
        else {
            return Err(self.error(ExcKind::TypeError, "class body is not a function".into()));
        };
        self.check_bases(&bases)?;
        self.count_bases_tuple(bases.len());
        let namespace = self.alloc(Payload::Dict(Box::new(Dict::new())));
        let slots = crate::eval::frames::new_slots(code.varnames.len() + code.cell_count());
        let mut activation = Activation::new(code.clone(), slots);
        activation.namespace = Some(namespace);
        let mut cell_slots = activation.locals[code.varnames.len()..].iter();
        for _ in &code.cellvars {
            let cell = self.new_native(native::Cell { value: None });
            if let Some(slot) = cell_slots.next() {
                slot.set(Some(cell));
            }
        }
        // A class defined in a function reaches that function's variables
        // through the body's closure, as its methods do.
        for cell in closure {
            self.incref(cell);
            if let Some(slot) = cell_slots.next() {
                slot.set(Some(cell));
            }
        }
        // What `type_new` refuses, it refuses after the body has run.
        let checked = self.run(activation).and_then(|result| {
            self.decref(result);
            let plan = self.plan_slots(&code.name, &bases, namespace)?;
            match self.bases_error(&bases) {
                Some(message) => Err(self.error(ExcKind::TypeError, message)),
                None => Ok(plan),
            }
        });
        let plan = match checked {
            Ok(plan) => plan,
            Err(err) => {
                self.uncount_bases_tuple(bases.len());
                self.decref_all(bases);
                self.decref_kwargs(Some(keywords));
                self.decref(namespace);
                return Err(err);
            }
        };
        let mut attrs = match self.payload_mut(namespace) {
            Payload::Dict(dict) => std::mem::take(&mut **dict),
            _ => Dict::new(),
        };
        let class_cell = attrs.remove(&DictKey::Str("__classcell__".into()));
        // `__qualname__`, the compiler's or the body's own, is the type's,
        // not an attribute in its dict (`type_new_set_names`).
        let written = attrs.get(&DictKey::Str("__qualname__".into()));
        let qualname = match written.and_then(|q| self.str_of(q)) {
            Some(text) => text.to_string(),
            None => code.qualname.to_string(),
        };
        if written.is_some_and(|q| self.str_of(q).is_some())
            && let Some((key, value)) = attrs.remove(&DictKey::Str("__qualname__".into()))
        {
            self.decref(key);
            self.decref(value);
        }
        let class = self.make_class(&code.name, bases, attrs, &plan);
        if qualname != *code.name {
            let text = self.new_str(&qualname);
            self.set_hidden_attr(class, crate::protocols::type_slots::QUALNAME_KEY, text);
        }
        // The namespace goes only once the class is made (`type_new` copied it).
        self.decref(namespace);
        if abstract_checked {
            let flag = self.new_bool(true);
            self.set_hidden_attr(class, crate::protocols::type_slots::ABC_META_KEY, flag);
        }
        if let Some((key_object, cell)) = class_cell {
            // The methods' `__class__` cell now refers to the class.
            self.incref(class);
            let old = self
                .native_mut::<native::Cell>(cell)
                .and_then(|c| c.value.replace(class));
            self.decref_all(old);
            self.decref(key_object);
            self.decref(cell);
        }
        if let Err(err) = self.class_created(class, keywords) {
            self.decref(class);
            return Err(err);
        }
        Ok(class)
    }

    /// A class statement's keywords: `metaclass=` (only `type`, or
    /// `abc.ABCMeta`, which turns on the abstract-method check), and the
    /// rest, for `__init_subclass__`.
    fn class_keywords(
        &mut self,
        keywords: Vec<(Rc<str>, ObjRef)>,
    ) -> PyResult<(bool, KeywordList)> {
        let mut abstract_checked = false;
        let mut rest = Vec::new();
        let mut refused = None;
        for (name, value) in keywords {
            if &*name != "metaclass" {
                rest.push((name, value));
                continue;
            }
            if value == self.types["type"] {
            } else if self.types.get("ABCMeta") == Some(&value) {
                abstract_checked = true;
            } else if refused.is_none() {
                let shown = self.repr(value).unwrap_or_default();
                refused = Some(shown);
            }
            self.decref(value);
        }
        if let Some(shown) = refused {
            self.decref_kwargs(Some(rest));
            return Err(self.error(
                ExcKind::TypeError,
                format!("minipy supports no metaclass but type and abc.ABCMeta, not {shown}"),
            ));
        }
        Ok((abstract_checked, rest))
    }

    /// CPython 3.11's `PRECALL`: a bound method about to be called is split
    /// into its function and `self` (both increfed) and dropped, so the call
    /// runs without the method object.
    pub(crate) fn unpack_bound_method(
        &mut self,
        callable: ObjRef,
        args: Vec<ObjRef>,
    ) -> (ObjRef, Vec<ObjRef>) {
        let Some(method) = self.native::<native::BoundMethod>(callable) else {
            return (callable, args);
        };
        let (function, receiver) = (method.function, method.receiver);
        self.incref(receiver);
        self.incref(function);
        self.decref(callable);
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(receiver);
        all.extend(args);
        (function, all)
    }

    /// `f(*args, **kwargs)` (CPython: `CALL_FUNCTION_EX`): the argument tuple
    /// stays alive for the whole call; with keyword arguments, CPython copies
    /// every argument into a temporary array first, which holds one more
    /// reference to each until the call returns.
    pub(crate) fn call_with_tuple(
        &mut self,
        callable: ObjRef,
        args: ObjRef,
        kwargs_dict: Option<ObjRef>,
    ) -> PyResult<ObjRef> {
        let positional: Vec<ObjRef> = match self.payload(args) {
            Payload::Tuple(items) => items.to_vec(),
            _ => vec![],
        };
        let entries: Vec<(ObjRef, ObjRef)> = match kwargs_dict.map(|d| self.payload(d)) {
            Some(Payload::Dict(dict)) => dict.iter().collect(),
            _ => vec![],
        };
        let kwargs: Option<Vec<(Rc<str>, ObjRef)>> = (!entries.is_empty()).then(|| {
            entries
                .iter()
                .map(|&(k, v)| (Rc::from(self.str_of(k).unwrap_or_default()), v))
                .collect()
        });
        for (_, value) in kwargs.iter().flatten() {
            self.incref(*value);
        }
        let copied: Vec<ObjRef> = match &kwargs {
            Some(pairs) => positional
                .iter()
                .copied()
                .chain(pairs.iter().map(|(_, v)| *v))
                .collect(),
            None => vec![],
        };
        for &item in positional.iter().chain(&copied) {
            self.incref(item);
        }
        // A function called with a dict of keywords gets them as an array
        // and a tuple of their names, made for the call (CPython 3.11's
        // `_PyStack_UnpackDict`).
        let names = kwargs
            .as_ref()
            .filter(|_| self.is_python_callable(callable))
            .map(|pairs| Payload::tuple(vec![self.singletons.none; pairs.len()]));
        if let Some(names) = &names {
            self.count_made(names);
        }
        let result = self.call(callable, positional, kwargs);
        if let Some(names) = &names {
            self.mem.release_hidden_part(names);
        }
        self.decref_all(copied);
        self.decref(args);
        self.decref_all(kwargs_dict);
        result
    }

    /// A function written in Python, or a method bound to one.
    fn is_python_callable(&self, callable: ObjRef) -> bool {
        let function = self
            .native::<native::BoundMethod>(callable)
            .map_or(callable, |method| method.function);
        self.native::<Function>(function).is_some()
    }

    /// `f(*args)`'s arguments as a tuple: `args` itself if it is one (the
    /// reference is taken), else a tuple of its items, as CPython 3.11's
    /// `CALL_FUNCTION_EX` makes one.
    pub(crate) fn star_arguments(&mut self, callable: ObjRef, args: ObjRef) -> PyResult<ObjRef> {
        if matches!(self.payload(args), Payload::Tuple(_)) {
            return Ok(args);
        }
        let items = self.collect_items(args).map_err(|err| {
            let function = self.function_str(callable);
            self.reword_not_iterable(err, args, format!("{function} argument after *"))
        });
        self.decref(args);
        Ok(self.new_tuple_of(items?))
    }

    /// CPython's `_PyObject_FunctionStr`: how an error names a callable,
    /// `module.qualname()` (no module for a built-in).
    pub(crate) fn function_str(&mut self, callable: ObjRef) -> String {
        let qualname = match self.get_attr(callable, "__qualname__") {
            Ok(qualname) => qualname,
            Err(err) => {
                self.decref(err.0);
                return self.str_value(callable).unwrap_or_default();
            }
        };
        let qualname_text = self.str_of(qualname).unwrap_or_default().to_string();
        self.decref(qualname);
        let module = match self.get_attr(callable, "__module__") {
            Ok(module) => {
                let text = self.str_of(module).map(str::to_string);
                self.decref(module);
                text
            }
            Err(err) => {
                self.decref(err.0);
                None
            }
        };
        match module.filter(|m| m != "builtins") {
            Some(module) => format!("{module}.{qualname_text}()"),
            None => format!("{qualname_text}()"),
        }
    }

    /// An iteration's "'int' object is not iterable" as CPython words it
    /// where a star unpacks: "`what` must be an iterable, not int".
    pub(crate) fn reword_not_iterable(
        &mut self,
        err: crate::vm::PyErr,
        iterable: ObjRef,
        what: String,
    ) -> crate::vm::PyErr {
        let type_name = self.type_name(iterable);
        let is_type_error = self.is_instance_of_kind(err.0, ExcKind::TypeError);
        if !is_type_error
            || self.exception_message(err.0) != format!("'{type_name}' object is not iterable")
        {
            return err;
        }
        self.decref(err.0);
        self.error(
            ExcKind::TypeError,
            format!("{what} must be an iterable, not {type_name}"),
        )
    }

    /// A keyword call's last arguments, named by `names` (a constant tuple
    /// of strings, dropped): taken off the end of `args`.
    pub(crate) fn name_keywords(
        &mut self,
        names: ObjRef,
        args: &mut Vec<ObjRef>,
    ) -> Vec<(Rc<str>, ObjRef)> {
        let tuple = names;
        let names: Vec<Rc<str>> = match self.payload(tuple) {
            Payload::Tuple(items) => items
                .iter()
                .map(|&name| Rc::from(self.str_of(name).unwrap_or_default()))
                .collect(),
            _ => vec![],
        };
        self.decref(tuple);
        let values = args.split_off(args.len().saturating_sub(names.len()));
        names.into_iter().zip(values).collect()
    }

    /// Turns a dict of keyword arguments we own into name/value pairs
    /// (the values' references move to the pairs).
    pub(crate) fn keyword_arguments(&mut self, dict: ObjRef) -> Vec<(Rc<str>, ObjRef)> {
        let pairs = self.take_dict_entries(dict);
        pairs
            .into_iter()
            .map(|(k, v)| {
                let name: Rc<str> = self.str_of(k).unwrap_or_default().into();
                self.decref(k);
                (name, v)
            })
            .collect()
    }

    /// Empties a dict we own, handing over its entries; then drops the dict.
    pub(crate) fn take_dict_entries(&mut self, dict: ObjRef) -> Vec<(ObjRef, ObjRef)> {
        let entries = match self.payload_mut(dict) {
            Payload::Dict(d) => d.drain(),
            _ => vec![],
        };
        self.decref(dict);
        entries
    }

    /// Takes the items out of a tuple we own (for defaults and closures).
    pub(crate) fn take_tuple_items(&mut self, tuple: ObjRef) -> Vec<ObjRef> {
        if tuple == self.none() {
            return vec![];
        }
        let items: Vec<ObjRef> = match self.payload(tuple) {
            Payload::Tuple(items) => items.to_vec(),
            _ => vec![],
        };
        for &item in &items {
            self.incref(item);
        }
        self.decref(tuple);
        items
    }
}
