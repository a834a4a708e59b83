//! `dataclasses`: `@dataclass` writes `__init__`, `__repr__` and `__eq__`
//! from the class's annotated fields; `slots=True` gives the class
//! `__slots__`, so its instances have no `__dict__` and are smaller.
//!
//! Serves chapter 1's question of what an object costs: the same record as
//! a dataclass with and without slots.
//!
//! The generated methods are built-in functions bound to the class (the
//! interpreter has no source to compile for them); they behave as the
//! methods CPython generates when called by the interpreter.

use std::any::Any;
use std::rc::Rc;

use ch01_objects::dict::Dict;
use ch01_objects::{DictKey, NativeObject, ObjRef, Payload};

use crate::types::builtin_fn::BuiltinFn;
use crate::types::exceptions::ExcKind;
use crate::types::native::Builtin;
use crate::vm::{PyResult, Vm};

/// The options of `@dataclass(...)` that minipy follows.
#[derive(Debug, Clone, Copy)]
struct Options {
    slots: bool,
    eq: bool,
    frozen: bool,
    unsafe_hash: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            slots: false,
            eq: true,
            frozen: false,
            unsafe_hash: false,
        }
    }
}

impl Options {
    /// The options as the bits of an int, for the decorator to keep.
    fn pack(self) -> i64 {
        [self.slots, self.eq, self.frozen, self.unsafe_hash]
            .iter()
            .enumerate()
            .map(|(bit, &on)| i64::from(on) << bit)
            .sum()
    }

    fn unpack(bits: i64) -> Options {
        let on = |bit: u32| bits & (1 << bit) != 0;
        Options {
            slots: on(0),
            eq: on(1),
            frozen: on(2),
            unsafe_hash: on(3),
        }
    }
}

/// `dataclasses.field(default=..., default_factory=...)`.
#[derive(Debug)]
pub struct Field {
    default: Option<ObjRef>,
    default_factory: Option<ObjRef>,
}

impl NativeObject for Field {
    fn type_name(&self) -> &str {
        "Field"
    }
    fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        self.default
            .iter()
            .chain(&self.default_factory)
            .copied()
            .for_each(visit);
    }
    fn take_refs(&mut self, out: &mut Vec<ObjRef>) {
        out.extend(self.default.take());
        out.extend(self.default_factory.take());
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// The functions of the `dataclasses` module.
pub(crate) const DATACLASS_FUNCTIONS: &[BuiltinFn] = &[
    BuiltinFn::Dataclass,
    BuiltinFn::DataclassField,
    BuiltinFn::DataclassAsdict,
    BuiltinFn::DataclassAstuple,
];

/// The module, for the registry in [`crate::modules`].
pub(crate) const MODULE: crate::modules::NativeModule = crate::modules::NativeModule {
    name: "dataclasses",
    functions: &[],
    table_functions: DATACLASS_FUNCTIONS,
    values,
};

/// Where a dataclass keeps its fields' names, in order.
const FIELDS: &str = "__dataclass_fields__";
/// Where it keeps default factories, by field name.
const FACTORIES: &str = "__dataclass_factories__";

impl Vm {
    /// The `dataclasses` functions and the generated methods (arguments borrowed).
    pub(crate) fn dataclasses_call(
        &mut self,
        function: BuiltinFn,
        args: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        let kwarg = |name: &str| kwargs.iter().find(|(k, _)| &**k == name).map(|(_, v)| *v);
        match function {
            F::Dataclass => {
                let mut options = Options::default();
                for (name, flag) in [
                    ("slots", &mut options.slots),
                    ("eq", &mut options.eq),
                    ("frozen", &mut options.frozen),
                    ("unsafe_hash", &mut options.unsafe_hash),
                ] {
                    if let Some(value) = kwarg(name) {
                        *flag = self.truthy(value)?;
                    }
                }
                match args.first() {
                    // `@dataclass`
                    Some(&class) => self.make_dataclass(class, options),
                    // `@dataclass(...)`: a decorator remembering the options.
                    None => {
                        let packed = self.new_int(options.pack());
                        Ok(self.new_native(Builtin {
                            function: F::DataclassApply,
                            receiver: Some(packed),
                        }))
                    }
                }
            }
            F::DataclassApply => {
                let packed = match self.payload(args[0]) {
                    Payload::Int(bits) => *bits,
                    _ => 0,
                };
                let class = self.arg(args, 1, function)?;
                self.make_dataclass(class, Options::unpack(packed))
            }
            F::DataclassFrozenSetattr | F::DataclassFrozenDelattr => {
                // CPython's `_frozen_get_del_attr`: a field of a frozen
                // dataclass cannot be assigned or deleted.
                let name = self.arg(args, 2, function)?;
                let name = self.str_arg(name, function)?;
                let verb = if function == F::DataclassFrozenSetattr {
                    "assign to"
                } else {
                    "delete"
                };
                let class = self.frozen_instance_error()?;
                let message = self.new_str(&format!("cannot {verb} field '{name}'"));
                let error = self.call(class, vec![message], None)?;
                Err(crate::vm::PyErr(error))
            }
            F::DataclassHash => {
                // The hash of the tuple of the fields, as the generated
                // `__hash__` computes it.
                let (class, instance) = (args[0], self.arg(args, 1, function)?);
                let mut values = vec![];
                for field in self.dataclass_fields(class) {
                    match self.get_attr(instance, &field) {
                        Ok(value) => values.push(value),
                        Err(err) => {
                            self.decref_all(values);
                            return Err(err);
                        }
                    }
                }
                let tuple = self.alloc(Payload::Tuple(values.into()));
                let hash = self.hash_of(tuple);
                self.decref(tuple);
                Ok(self.new_int(hash?.0))
            }
            F::DataclassField => {
                let default = kwarg("default");
                let default_factory = kwarg("default_factory");
                for r in default.iter().chain(&default_factory) {
                    self.incref(*r);
                }
                Ok(self.new_native(Field {
                    default,
                    default_factory,
                }))
            }
            F::DataclassInit => self.dataclass_init(args, kwargs),
            F::DataclassRepr => {
                let (class, instance) = (args[0], self.arg(args, 1, function)?);
                let name = self.class_name(self.class_of_instance(instance).unwrap_or(class));
                let mut parts = vec![];
                for field in self.dataclass_fields(class) {
                    let value = self.get_attr(instance, &field)?;
                    let text = self.repr(value);
                    self.decref(value);
                    parts.push(format!("{field}={}", text?));
                }
                let text = format!("{name}({})", parts.join(", "));
                Ok(self.new_str(&text))
            }
            F::DataclassEq => {
                let (class, a, b) = (
                    args[0],
                    self.arg(args, 1, function)?,
                    self.arg(args, 2, function)?,
                );
                if self.class_of_instance(a) != self.class_of_instance(b) {
                    let marker = self.not_implemented();
                    self.incref(marker);
                    return Ok(marker);
                }
                for field in self.dataclass_fields(class) {
                    let x = self.get_attr(a, &field)?;
                    let y = self.get_attr(b, &field);
                    let equal = y.and_then(|y| {
                        let equal = self.values_equal(x, y);
                        self.decref(y);
                        equal
                    });
                    self.decref(x);
                    if !equal? {
                        return Ok(self.new_bool(false));
                    }
                }
                Ok(self.new_bool(true))
            }
            F::DataclassAsdict | F::DataclassAstuple => {
                let instance = self.arg(args, 0, function)?;
                let Some(class) = self.class_of_instance(instance) else {
                    return Err(self.error(
                        ExcKind::TypeError,
                        format!(
                            "{}() should be called on dataclass instances",
                            function.name()
                        ),
                    ));
                };
                let fields = self.dataclass_fields(class);
                let mut values = vec![];
                for field in &fields {
                    values.push(self.get_attr(instance, field)?);
                }
                if function == F::DataclassAstuple {
                    return Ok(self.alloc(Payload::Tuple(values.into())));
                }
                let dict = self.alloc(Payload::Dict(Box::new(Dict::new())));
                for (field, value) in fields.iter().zip(values) {
                    let key = self.intern(field);
                    self.dict_set(dict, DictKey::Str(field.as_str().into()), key, value);
                }
                Ok(dict)
            }
            _ => Err(self.error(
                ExcKind::SystemError,
                format!("unknown dataclasses function {}", function.name()),
            )),
        }
    }

    /// The field names of a dataclass, in order.
    fn dataclass_fields(&self, class: ObjRef) -> Vec<String> {
        let Some(fields) = self.lookup_in_class(class, FIELDS) else {
            return vec![];
        };
        match self.payload(fields) {
            Payload::Tuple(items) => items
                .iter()
                .filter_map(|&i| self.str_of(i).map(str::to_string))
                .collect(),
            _ => vec![],
        }
    }

    /// Sets a class attribute (taking `value`'s reference).
    fn set_class_attr(&mut self, class: ObjRef, name: &str, value: ObjRef) {
        let key = self.intern(name);
        let old = match self.payload_mut(class) {
            Payload::Class(c) => c.attrs.insert(DictKey::Str(name.into()), key, value),
            _ => Some(value),
        };
        if let Some(old) = old {
            self.decref(key);
            self.decref(old);
        }
    }

    /// `@dataclass` on `class` (borrowed): adds the methods, returns the class.
    fn make_dataclass(&mut self, class: ObjRef, options: Options) -> PyResult<ObjRef> {
        let slots = options.slots;
        let annotations = match self.payload(class) {
            Payload::Class(c) => c.attrs.get(&DictKey::Str("__annotations__".into())),
            _ => None,
        };
        // A dataclass base's fields come first.
        let mut names: Vec<String> = self.dataclass_fields(class);
        if let Some(Payload::Dict(dict)) = annotations.map(|a| self.payload(a)) {
            for (key, _) in dict.iter() {
                if let Some(name) = self.str_of(key).map(str::to_string)
                    && !names.contains(&name)
                {
                    names.push(name);
                }
            }
        }
        // `field(...)` defaults become plain class attributes (or factories).
        let factories = self.alloc(Payload::Dict(Box::new(Dict::new())));
        for name in &names {
            let attr = match self.payload(class) {
                Payload::Class(c) => c.attrs.get(&DictKey::Str(name.as_str().into())),
                _ => None,
            };
            let Some(field) = attr.and_then(|a| self.native::<Field>(a)) else {
                continue;
            };
            let (default, factory) = (field.default, field.default_factory);
            if let Some(factory) = factory {
                let key = self.intern(name);
                self.incref(factory);
                self.dict_set(factories, DictKey::Str(name.as_str().into()), key, factory);
            }
            match default {
                Some(default) => {
                    self.incref(default);
                    self.set_class_attr(class, name, default);
                }
                None => {
                    let removed = match self.payload_mut(class) {
                        Payload::Class(c) => c.attrs.remove(&DictKey::Str(name.as_str().into())),
                        _ => None,
                    };
                    if let Some((k, v)) = removed {
                        self.decref(k);
                        self.decref(v);
                    }
                }
            }
        }
        let field_objects: Vec<ObjRef> = names.iter().map(|n| self.intern(n)).collect();
        let fields = self.new_tuple_of(field_objects.clone());
        self.set_class_attr(class, FIELDS, fields);
        self.set_class_attr(class, FACTORIES, factories);
        let own_hash = match self.payload(class) {
            Payload::Class(c) => c.attrs.get(&DictKey::Str("__hash__".into())).is_some(),
            _ => false,
        };
        let mut methods = vec![
            ("__init__", BuiltinFn::DataclassInit),
            ("__repr__", BuiltinFn::DataclassRepr),
        ];
        if options.eq {
            methods.push(("__eq__", BuiltinFn::DataclassEq));
        }
        // CPython's `_hash_action` table: a generated `__hash__` for
        // `unsafe_hash=True` and for `eq=True, frozen=True`; `None` (not
        // hashable) for a plain `eq=True`; the class's own one kept.
        if options.unsafe_hash || (options.eq && options.frozen && !own_hash) {
            methods.push(("__hash__", BuiltinFn::DataclassHash));
        } else if options.eq && !own_hash {
            let none = self.none();
            self.set_class_attr(class, "__hash__", none);
        }
        if options.frozen {
            methods.push(("__setattr__", BuiltinFn::DataclassFrozenSetattr));
            methods.push(("__delattr__", BuiltinFn::DataclassFrozenDelattr));
            self.attribute_hooks = true;
        }
        for (name, function) in methods {
            self.incref(class);
            let method = self.new_native(Builtin {
                function,
                receiver: Some(class),
            });
            self.set_class_attr(class, name, method);
        }
        if slots {
            // Class defaults move out of the way of the slots, as CPython's
            // `slots=True` does when it recreates the class.
            for name in &names {
                let removed = match self.payload_mut(class) {
                    Payload::Class(c) => c.attrs.remove(&DictKey::Str(name.as_str().into())),
                    _ => None,
                };
                if let Some((k, v)) = removed {
                    self.decref(k);
                    self.set_class_attr(class, &format!("__default_{name}"), v);
                }
            }
            for &name in &field_objects {
                self.incref(name);
            }
            let slot_tuple = self.new_tuple_of(field_objects);
            self.set_class_attr(class, "__slots__", slot_tuple);
        }
        self.incref(class);
        Ok(class)
    }


    /// The default of a field: a class attribute, a moved one (`slots=True`),
    /// or a factory's result. A new reference.
    fn dataclass_default(&mut self, class: ObjRef, name: &str) -> PyResult<Option<ObjRef>> {
        let factory = self
            .lookup_in_class(class, FACTORIES)
            .and_then(|f| match self.payload(f) {
                Payload::Dict(d) => d.get(&DictKey::Str(name.into())),
                _ => None,
            });
        if let Some(factory) = factory {
            self.incref(factory);
            let made = self.call(factory, vec![], None);
            self.decref(factory);
            return made.map(Some);
        }
        let default = self
            .lookup_in_class(class, name)
            .or_else(|| self.lookup_in_class(class, &format!("__default_{name}")));
        Ok(default.inspect(|&d| self.incref(d)))
    }

    /// The generated `__init__(self, *fields)`: `args` is `[class, self, ...]`.
    fn dataclass_init(
        &mut self,
        args: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> PyResult<ObjRef> {
        let (class, instance) = (args[0], self.arg(args, 1, BuiltinFn::DataclassInit)?);
        let fields = self.dataclass_fields(class);
        let given = &args[2..];
        let qualname = format!("{}.__init__", self.class_name(class));
        if given.len() > fields.len() {
            return Err(self.error(
                ExcKind::TypeError,
                format!(
                    "{qualname}() takes {} positional arguments but {} were given",
                    fields.len() + 1,
                    given.len() + 1
                ),
            ));
        }
        if let Some((name, _)) = kwargs
            .iter()
            .find(|(k, _)| !fields.iter().any(|f| **f == **k))
        {
            return Err(self.error(
                ExcKind::TypeError,
                format!("{qualname}() got an unexpected keyword argument '{name}'"),
            ));
        }
        let mut values = vec![];
        let mut missing = vec![];
        for (i, field) in fields.iter().enumerate() {
            let value = match (given.get(i), kwargs.iter().find(|(k, _)| **k == **field)) {
                (Some(&v), _) | (None, Some(&(_, v))) => {
                    self.incref(v);
                    Some(v)
                }
                (None, None) => self.dataclass_default(class, field)?,
            };
            match value {
                Some(v) => values.push((field.clone(), v)),
                None => missing.push(format!("'{field}'")),
            }
        }
        if !missing.is_empty() {
            for (_, v) in values {
                self.decref(v);
            }
            let plural = if missing.len() == 1 { "" } else { "s" };
            let names = match missing.as_slice() {
                [one] => one.clone(),
                [a, b] => format!("{a} and {b}"),
                [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
                [] => String::new(),
            };
            return Err(self.error(
                ExcKind::TypeError,
                format!(
                    "{qualname}() missing {} required positional argument{plural}: {names}",
                    missing.len()
                ),
            ));
        }
        // As the generated `__init__` of a frozen dataclass does with
        // `object.__setattr__`, past the class's own hook.
        for (field, value) in values {
            self.generic_set_attr(instance, &field, value)?;
        }
        Ok(self.none())
    }
}

impl Vm {
    /// `dataclasses.FrozenInstanceError`, a subclass of `AttributeError`
    /// (a new reference).
    fn frozen_instance_error(&mut self) -> PyResult<ObjRef> {
        let module = self.import("dataclasses")?;
        let class = self.get_attr(module, "FrozenInstanceError");
        self.decref(module);
        class
    }
}

/// The module's values: `FrozenInstanceError`.
pub(crate) fn values(vm: &mut Vm) -> Vec<(&'static str, ObjRef)> {
    let base = vm.exceptions[ExcKind::AttributeError as usize];
    vm.incref(base);
    let mut attrs = Dict::new();
    let key = vm.intern("__module__");
    let module = vm.new_str("dataclasses");
    attrs.insert(DictKey::Str("__module__".into()), key, module);
    let class = vm.alloc(Payload::Class(Box::new(ch01_objects::object::Class {
        name: "FrozenInstanceError".into(),
        bases: vec![base],
        attrs,
    })));
    vm.install_type_slots(class);
    vec![("FrozenInstanceError", class)]
}
