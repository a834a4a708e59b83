//! `dataclasses`: `@dataclass` writes `__init__`, `__repr__` and `__eq__`
//! (and with `order=True` the orderings) from the class's annotated
//! fields, each a [`Field`] in `__dataclass_fields__`; `slots=True` gives
//! the class `__slots__`, so its instances have no `__dict__` and are
//! smaller. `fields`, `replace`, `asdict`, `astuple` and `is_dataclass`
//! read those fields.
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
    order: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            slots: false,
            eq: true,
            frozen: false,
            unsafe_hash: false,
            order: false,
        }
    }
}

impl Options {
    /// The options as the bits of an int, for the decorator to keep.
    fn pack(self) -> i64 {
        [
            self.slots,
            self.eq,
            self.frozen,
            self.unsafe_hash,
            self.order,
        ]
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
            order: on(4),
        }
    }
}

/// One field of a dataclass: `dataclasses.field(default=...,
/// default_factory=..., init=..., repr=..., compare=..., hash=...)`, or
/// the one `@dataclass` makes for a plain annotated name.
#[derive(Debug)]
pub struct Field {
    default: Option<ObjRef>,
    default_factory: Option<ObjRef>,
    /// A parameter of the generated `__init__`.
    init: bool,
    /// Shown by the generated `__repr__`.
    repr: bool,
    /// Compared by `__eq__` and the orderings.
    compare: bool,
    /// Hashed by a generated `__hash__`; `None` follows `compare`.
    hash: Option<bool>,
    /// Its name and annotation, once `@dataclass` has seen its class.
    name: Option<Rc<str>>,
    annotation: Option<ObjRef>,
}

impl Field {
    /// A field with CPython's defaults.
    fn plain(default: Option<ObjRef>) -> Field {
        Field {
            default,
            default_factory: None,
            init: true,
            repr: true,
            compare: true,
            hash: None,
            name: None,
            annotation: None,
        }
    }

    /// True if a generated `__hash__` hashes it.
    fn hashed(&self) -> bool {
        self.hash.unwrap_or(self.compare)
    }
}

impl NativeObject for Field {
    fn type_name(&self) -> &str {
        "Field"
    }
    fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        self.default
            .iter()
            .chain(&self.default_factory)
            .chain(&self.annotation)
            .copied()
            .for_each(visit);
    }
    fn take_refs(&mut self, out: &mut Vec<ObjRef>) {
        out.extend(self.default.take());
        out.extend(self.default_factory.take());
        out.extend(self.annotation.take());
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
    BuiltinFn::DataclassFields,
    BuiltinFn::DataclassReplace,
    BuiltinFn::DataclassIsDataclass,
];

/// The module, for the registry in [`crate::modules`].
pub(crate) const MODULE: crate::modules::NativeModule = crate::modules::NativeModule {
    name: "dataclasses",
    functions: &[],
    table_functions: DATACLASS_FUNCTIONS,
    values,
};

/// Where a dataclass keeps its fields, by name, in order.
const FIELDS: &str = "__dataclass_fields__";

/// Which of a field's flags a generated method reads.
#[derive(Debug, Clone, Copy)]
enum Use {
    Init,
    Repr,
    Compare,
    Hash,
}

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
                    ("order", &mut options.order),
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
                let tuple = self.dataclass_tuple(class, instance, Use::Hash)?;
                let hash = self.hash_of(tuple);
                self.decref(tuple);
                Ok(self.new_int(hash?.0))
            }
            F::DataclassField => {
                let default = kwarg("default");
                let default_factory = kwarg("default_factory");
                if default.is_some() && default_factory.is_some() {
                    return Err(self.error(
                        ExcKind::ValueError,
                        "cannot specify both default and default_factory".into(),
                    ));
                }
                let mut field = Field::plain(default);
                field.default_factory = default_factory;
                for (name, flag) in [
                    ("init", &mut field.init),
                    ("repr", &mut field.repr),
                    ("compare", &mut field.compare),
                ] {
                    if let Some(value) = kwarg(name) {
                        *flag = self.truthy(value)?;
                    }
                }
                if let Some(hash) = kwarg("hash").filter(|&h| h != self.none()) {
                    field.hash = Some(self.truthy(hash)?);
                }
                for r in default.iter().chain(&default_factory) {
                    self.incref(*r);
                }
                Ok(self.new_native(field))
            }
            F::DataclassFields => {
                let object = self.arg(args, 0, function)?;
                let class = self.class_of_instance(object).unwrap_or(object);
                let Some(fields) = self.dataclass_field_dict(class) else {
                    return Err(self.error(
                        ExcKind::TypeError,
                        "must be called with a dataclass type or instance".into(),
                    ));
                };
                let values: Vec<ObjRef> = match self.payload(fields) {
                    Payload::Dict(dict) => dict.iter().map(|(_, v)| v).collect(),
                    _ => vec![],
                };
                Ok(self.new_tuple_incref(values))
            }
            F::DataclassIsDataclass => {
                let object = self.arg(args, 0, function)?;
                let class = self.class_of_instance(object).unwrap_or(object);
                let found = self.dataclass_field_dict(class).is_some();
                Ok(self.new_bool(found))
            }
            F::DataclassReplace => self.dataclass_replace(args, kwargs),
            F::DataclassOrderMethod => {
                // Bound to `(class, which)`: which of the four it is.
                let (class, which) = match self.payload(args[0]) {
                    Payload::Tuple(items) if items.len() == 2 => (items[0], items[1]),
                    _ => (args[0], args[0]),
                };
                let (a, b) = (self.arg(args, 1, function)?, self.arg(args, 2, function)?);
                let op = match self.payload(which) {
                    Payload::Int(0) => crate::bytecode::CompareOp::Lt,
                    Payload::Int(1) => crate::bytecode::CompareOp::Le,
                    Payload::Int(2) => crate::bytecode::CompareOp::Gt,
                    _ => crate::bytecode::CompareOp::Ge,
                };
                if self.class_of_instance(a) != self.class_of_instance(b) {
                    return Ok(self.new_ref(self.not_implemented()));
                }
                // As the generated method does: the tuples of the fields.
                let left = self.dataclass_tuple(class, a, Use::Compare)?;
                let right = self.dataclass_tuple(class, b, Use::Compare);
                let result = right.and_then(|right| {
                    let result = self.rich_compare(op, left, right);
                    self.decref(right);
                    result
                });
                self.decref(left);
                result
            }
            F::DataclassInit => self.dataclass_init(args, kwargs),
            F::DataclassRepr => {
                let (class, instance) = (args[0], self.arg(args, 1, function)?);
                let name = self.class_name(self.class_of_instance(instance).unwrap_or(class));
                let mut parts = vec![];
                for field in self.dataclass_fields_for(class, Use::Repr) {
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
                for field in self.dataclass_fields_for(class, Use::Compare) {
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
                if self.dataclass_field_dict(class).is_none() {
                    let message = format!(
                        "{}() should be called on dataclass instances",
                        function.name()
                    );
                    return Err(self.error(ExcKind::TypeError, message));
                }
                self.dataclass_convert(instance, function == F::DataclassAsdict)
            }
            _ => Err(self.error(
                ExcKind::SystemError,
                format!("unknown dataclasses function {}", function.name()),
            )),
        }
    }

    /// The dict of a dataclass's fields (its own or a base's), if it is one.
    fn dataclass_field_dict(&self, class: ObjRef) -> Option<ObjRef> {
        if !matches!(self.payload(class), Payload::Class(_)) {
            return None;
        }
        let fields = self.lookup_in_class(class, FIELDS)?;
        matches!(self.payload(fields), Payload::Dict(_)).then_some(fields)
    }

    /// A dataclass's fields by name, in order.
    fn dataclass_field_pairs(&self, class: ObjRef) -> Vec<(String, ObjRef)> {
        let Some(fields) = self.dataclass_field_dict(class) else {
            return vec![];
        };
        match self.payload(fields) {
            Payload::Dict(dict) => dict
                .iter()
                .filter_map(|(k, v)| self.str_of(k).map(|name| (name.to_string(), v)))
                .collect(),
            _ => vec![],
        }
    }

    /// The names of a dataclass's fields, in order.
    fn dataclass_fields(&self, class: ObjRef) -> Vec<String> {
        self.dataclass_field_pairs(class)
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    }

    /// The names of the fields a generated method uses.
    fn dataclass_fields_for(&self, class: ObjRef, usage: Use) -> Vec<String> {
        self.dataclass_field_pairs(class)
            .into_iter()
            .filter(|&(_, field)| {
                self.native::<Field>(field).is_none_or(|f| match usage {
                    Use::Init => f.init,
                    Use::Repr => f.repr,
                    Use::Compare => f.compare,
                    Use::Hash => f.hashed(),
                })
            })
            .map(|(name, _)| name)
            .collect()
    }

    /// The tuple of an instance's fields that `usage` reads (a new reference).
    fn dataclass_tuple(&mut self, class: ObjRef, instance: ObjRef, usage: Use) -> PyResult<ObjRef> {
        let mut values = vec![];
        for field in self.dataclass_fields_for(class, usage) {
            match self.get_attr(instance, &field) {
                Ok(value) => values.push(value),
                Err(err) => {
                    self.decref_all(values);
                    return Err(err);
                }
            }
        }
        Ok(self.alloc(Payload::Tuple(values.into())))
    }

    /// `asdict` / `astuple` of `value`: a dataclass instance becomes a dict
    /// (or tuple) of its fields, lists, tuples and dicts are rebuilt with
    /// their items converted, anything else is itself (CPython copies it
    /// with `deepcopy`). A new reference.
    fn dataclass_convert(&mut self, value: ObjRef, as_dict: bool) -> PyResult<ObjRef> {
        let class = self.class_of_instance(value);
        if let Some(class) = class.filter(|&c| self.dataclass_field_dict(c).is_some()) {
            let fields = self.dataclass_fields(class);
            let mut values = vec![];
            for field in &fields {
                let item = self.get_attr(value, field);
                let converted = item.and_then(|item| {
                    let converted = self.dataclass_convert(item, as_dict);
                    self.decref(item);
                    converted
                });
                match converted {
                    Ok(converted) => values.push(converted),
                    Err(err) => {
                        self.decref_all(values);
                        return Err(err);
                    }
                }
            }
            if !as_dict {
                return Ok(self.alloc(Payload::Tuple(values.into())));
            }
            let dict = self.alloc(Payload::Dict(Box::new(Dict::new())));
            for (field, item) in fields.iter().zip(values) {
                let key = self.intern(field);
                self.dict_set(dict, DictKey::Str(field.as_str().into()), key, item);
            }
            return Ok(dict);
        }
        let items = match self.payload(value) {
            Payload::List(items) => Some((items.to_vec(), false)),
            Payload::Tuple(items) => Some((items.to_vec(), true)),
            _ => None,
        };
        if let Some((items, tuple)) = items {
            let mut converted = vec![];
            for item in items {
                match self.dataclass_convert(item, as_dict) {
                    Ok(item) => converted.push(item),
                    Err(err) => {
                        self.decref_all(converted);
                        return Err(err);
                    }
                }
            }
            return Ok(if tuple {
                self.alloc(Payload::Tuple(converted.into()))
            } else {
                self.alloc(Payload::list(converted))
            });
        }
        if let Payload::Dict(dict) = self.payload(value) {
            let pairs: Vec<(ObjRef, ObjRef)> = dict.iter().collect();
            let copy = self.alloc(Payload::Dict(Box::new(Dict::new())));
            for (key, item) in pairs {
                let converted = match self.dataclass_convert(item, as_dict) {
                    Ok(converted) => converted,
                    Err(err) => {
                        self.decref(copy);
                        return Err(err);
                    }
                };
                let result = self.set_item(copy, key, converted);
                if let Err(err) = result {
                    self.decref(copy);
                    return Err(err);
                }
            }
            return Ok(copy);
        }
        Ok(self.new_ref(value))
    }

    /// `replace(obj, **changes)`: a new instance of `obj`'s class with its
    /// init fields, some changed. `args` and `kwargs` borrowed.
    fn dataclass_replace(
        &mut self,
        args: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> PyResult<ObjRef> {
        let instance = self.arg(args, 0, BuiltinFn::DataclassReplace)?;
        let class = self.class_of_instance(instance);
        let Some(class) = class.filter(|&c| self.dataclass_field_dict(c).is_some()) else {
            return Err(self.error(
                ExcKind::TypeError,
                "replace() should be called on dataclass instances".into(),
            ));
        };
        for (name, field) in self.dataclass_field_pairs(class) {
            let init = self.native::<Field>(field).is_none_or(|f| f.init);
            if !init && kwargs.iter().any(|(k, _)| **k == *name) {
                let message = format!(
                    "field {name} is declared with init=False, it cannot be specified with replace()"
                );
                return Err(self.error(ExcKind::ValueError, message));
            }
        }
        let mut keywords: Vec<(Rc<str>, ObjRef)> = vec![];
        for name in self.dataclass_fields_for(class, Use::Init) {
            if kwargs.iter().any(|(k, _)| **k == *name) {
                continue;
            }
            match self.get_attr(instance, &name) {
                Ok(value) => keywords.push((name.as_str().into(), value)),
                Err(err) => {
                    self.decref_kwargs(Some(keywords));
                    return Err(err);
                }
            }
        }
        for &(ref name, value) in kwargs {
            self.incref(value);
            keywords.push((name.clone(), value));
        }
        self.incref(class);
        let made = self.call(class, vec![], Some(keywords));
        self.decref(class);
        made
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
        if options.order && !options.eq {
            return Err(self.error(
                ExcKind::ValueError,
                "eq must be true if order is true".into(),
            ));
        }
        let annotations = match self.payload(class) {
            Payload::Class(c) => c.attrs.get(&DictKey::Str("__annotations__".into())),
            _ => None,
        };
        let own: Vec<(String, ObjRef)> = match annotations.map(|a| self.payload(a)) {
            Some(Payload::Dict(dict)) => dict
                .iter()
                .filter_map(|(k, v)| self.str_of(k).map(|name| (name.to_string(), v)))
                .collect(),
            _ => vec![],
        };
        // A dataclass base's fields come first; the class's own follow,
        // each a `Field` (made here for a plain annotated name).
        let fields = self.alloc(Payload::Dict(Box::new(Dict::new())));
        for (name, field) in self.dataclass_field_pairs(class) {
            let key = self.intern(&name);
            self.incref(field);
            self.dict_set(fields, DictKey::Str(name.as_str().into()), key, field);
        }
        for (name, annotation) in own {
            let attr = match self.payload(class) {
                Payload::Class(c) => c.attrs.get(&DictKey::Str(name.as_str().into())),
                _ => None,
            };
            let field = match attr {
                Some(attr) if self.native::<Field>(attr).is_some() => {
                    self.incref(attr);
                    attr
                }
                default => {
                    if let Some(default) = default {
                        self.incref(default);
                    }
                    self.new_native(Field::plain(default))
                }
            };
            self.incref(annotation);
            if let Some(f) = self.native_mut::<Field>(field) {
                f.name = Some(name.as_str().into());
                f.annotation = Some(annotation);
            }
            let key = self.intern(&name);
            self.dict_set(fields, DictKey::Str(name.as_str().into()), key, field);
            if let Err(err) = self.check_field_default(field, &name) {
                self.decref(fields);
                return Err(err);
            }
            // `x: int = field(default=0)` leaves `x = 0` in the class.
            if attr.is_some_and(|a| a == field) {
                match self.native::<Field>(field).and_then(|f| f.default) {
                    Some(default) => {
                        self.incref(default);
                        self.set_class_attr(class, &name, default);
                    }
                    None => {
                        let removed = match self.payload_mut(class) {
                            Payload::Class(c) => {
                                c.attrs.remove(&DictKey::Str(name.as_str().into()))
                            }
                            _ => None,
                        };
                        if let Some((k, v)) = removed {
                            self.decref(k);
                            self.decref(v);
                        }
                    }
                }
            }
        }
        self.set_class_attr(class, FIELDS, fields);
        self.check_default_order(class)?;
        let names = self.dataclass_fields(class);
        let init_names: Vec<ObjRef> = self
            .dataclass_fields_for(class, Use::Init)
            .iter()
            .map(|n| self.intern(n))
            .collect();
        let match_args = self.alloc(Payload::Tuple(init_names.into()));
        self.set_class_attr(class, "__match_args__", match_args);
        let field_objects: Vec<ObjRef> = names.iter().map(|n| self.intern(n)).collect();
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
        if options.order {
            for name in ["__lt__", "__le__", "__gt__", "__ge__"] {
                let defined = match self.payload(class) {
                    Payload::Class(c) => c.attrs.get(&DictKey::Str(name.into())).is_some(),
                    _ => false,
                };
                if defined {
                    let message = format!(
                        "Cannot overwrite attribute {name} in class {}. Consider using functools.total_ordering",
                        self.class_name(class)
                    );
                    return Err(self.error(ExcKind::TypeError, message));
                }
            }
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
        if options.order {
            // One method for the four orderings, told apart by a number.
            for (which, name) in ["__lt__", "__le__", "__gt__", "__ge__"].iter().enumerate() {
                let op = self.new_int(which as i64);
                self.incref(class);
                let receiver = self.alloc(Payload::Tuple(vec![class, op].into()));
                let method = self.new_native(Builtin {
                    function: BuiltinFn::DataclassOrderMethod,
                    receiver: Some(receiver),
                });
                self.set_class_attr(class, name, method);
            }
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


    /// The default of a field: its factory's result, or its default (a
    /// class attribute, or a moved one with `slots=True`). A new reference.
    fn dataclass_default(&mut self, class: ObjRef, name: &str) -> PyResult<Option<ObjRef>> {
        let field = self
            .dataclass_field_pairs(class)
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, f)| f);
        let (factory, default) = match field.and_then(|f| self.native::<Field>(f)) {
            Some(f) => (f.default_factory, f.default),
            None => (None, None),
        };
        if let Some(factory) = factory {
            self.incref(factory);
            let made = self.call(factory, vec![], None);
            self.decref(factory);
            return made.map(Some);
        }
        let default = default.or_else(|| {
            self.lookup_in_class(class, &format!("__default_{name}"))
        });
        Ok(default.inspect(|&d| self.incref(d)))
    }

    /// CPython's check in `_process_class`: a list, dict or set as a
    /// field's default would be shared by every instance.
    fn check_field_default(&mut self, field: ObjRef, name: &str) -> PyResult<()> {
        let Some(default) = self.native::<Field>(field).and_then(|f| f.default) else {
            return Ok(());
        };
        let mutable = matches!(self.payload(default), Payload::List(_) | Payload::Dict(_))
            || self.set_ref(default).is_some_and(|s| !s.frozen);
        if !mutable {
            return Ok(());
        }
        let class = self.type_of(default);
        let shown = self.repr(class);
        let message = format!(
            "mutable default {} for field {name} is not allowed: use default_factory",
            shown?
        );
        Err(self.error(ExcKind::ValueError, message))
    }

    /// `TypeError` if an init field without a default follows one with a
    /// default: the generated `__init__` could not be written.
    fn check_default_order(&mut self, class: ObjRef) -> PyResult<()> {
        let mut seen_default = false;
        for (name, field) in self.dataclass_field_pairs(class) {
            let Some(f) = self.native::<Field>(field) else {
                continue;
            };
            if !f.init {
                continue;
            }
            let has_default = f.default.is_some()
                || f.default_factory.is_some()
                || self.lookup_in_class(class, &format!("__default_{name}")).is_some();
            if has_default {
                seen_default = true;
            } else if seen_default {
                let message = format!("non-default argument '{name}' follows default argument");
                return Err(self.error(ExcKind::TypeError, message));
            }
        }
        Ok(())
    }

    /// The generated `__init__(self, *fields)`: `args` is `[class, self, ...]`.
    fn dataclass_init(
        &mut self,
        args: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> PyResult<ObjRef> {
        let (class, instance) = (args[0], self.arg(args, 1, BuiltinFn::DataclassInit)?);
        let fields = self.dataclass_fields_for(class, Use::Init);
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
        // The fields that are not parameters get their defaults.
        let all = self.dataclass_fields(class);
        for field in all.iter().filter(|f| !fields.contains(f)) {
            if let Some(value) = self.dataclass_default(class, field)? {
                values.push((field.clone(), value));
            }
        }
        // In field order, as the generated `__init__` of a frozen
        // dataclass does with `object.__setattr__`, past the class's hook.
        values.sort_by_key(|(name, _)| all.iter().position(|f| f == name));
        for (field, value) in values {
            self.generic_set_attr(instance, &field, value)?;
        }
        if let Some(post_init) = self.lookup_in_class(class, "__post_init__") {
            self.incref(post_init);
            self.incref(instance);
            let result = self.call(post_init, vec![instance], None);
            self.decref(post_init);
            let result = result?;
            self.decref(result);
        }
        Ok(self.none())
    }
}

impl Vm {
    /// A field's attributes: `name`, `type`, `default` and
    /// `default_factory` (`MISSING` when not given), the flags. A new
    /// reference; `None` for another object or name.
    pub(crate) fn dataclass_field_attr(
        &mut self,
        object: ObjRef,
        name: &str,
    ) -> Option<PyResult<ObjRef>> {
        let field = self.native::<Field>(object)?;
        let (default, factory, annotation) =
            (field.default, field.default_factory, field.annotation);
        let (init, repr, compare, hash) = (field.init, field.repr, field.compare, field.hash);
        let field_name = field.name.clone();
        let given = |vm: &mut Vm, value: Option<ObjRef>| match value {
            Some(value) => Ok(vm.new_ref(value)),
            None => {
                let module = vm.import("dataclasses")?;
                let missing = vm.get_attr(module, "MISSING");
                vm.decref(module);
                missing
            }
        };
        Some(match name {
            "name" => Ok(match field_name {
                Some(text) => self.new_str(&text),
                None => self.none(),
            }),
            "type" => Ok(self.new_ref(annotation.unwrap_or(self.singletons.none))),
            "default" => given(self, default),
            "default_factory" => given(self, factory),
            "init" => Ok(self.new_bool(init)),
            "repr" => Ok(self.new_bool(repr)),
            "compare" => Ok(self.new_bool(compare)),
            "kw_only" => Ok(self.new_bool(false)),
            "hash" => Ok(match hash {
                Some(hash) => self.new_bool(hash),
                None => self.none(),
            }),
            "metadata" => Ok(self.alloc(Payload::Dict(Box::default()))),
            _ => return None,
        })
    }

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
    // The marker of a field's default that was not given.
    let missing = vm.new_native(crate::protocols::dunders::Marker {
        name: "<dataclasses._MISSING_TYPE object>",
        type_name: "_MISSING_TYPE",
    });
    vec![("FrozenInstanceError", class), ("MISSING", missing)]
}
