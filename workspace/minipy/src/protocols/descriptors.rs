//! `property`, `staticmethod`, `classmethod` and `super`: objects stored in a
//! class that change what attribute access on it returns.
//!
//! Serves the appendix on the interpreter, and chapter 3 where it counts
//! references: a `classmethod` looked up on an instance makes a new bound
//! method holding the class; a `property` runs its getter on every access
//! and returns a new reference to whatever the getter returned.
//!
//! Lookup order is CPython's for the cases minipy programs use: a data
//! descriptor (`property`) on the class wins over the instance's own
//! attribute; anything else in the instance wins over the class.

use ch01_objects::{ObjRef, Payload};

use crate::types::builtin_fn::BuiltinFn;
use crate::types::descriptors::{Descriptor, DescriptorKind, Super};
use crate::types::exceptions::ExcKind;
use crate::types::native::{BoundMethod, Builtin, Function};
use crate::vm::{PyResult, Vm};

impl Vm {
    /// The method `name` (`__get__`, `__set__`, `__delete__`) of the class
    /// of `attr`, if `attr` is an instance of a class that defines it: a
    /// descriptor written in Python.
    fn descriptor_method(&mut self, attr: ObjRef, name: &str) -> Option<ObjRef> {
        let Payload::Instance(instance) = self.payload(attr) else {
            return None;
        };
        let class = instance.class;
        self.lookup_in_class(class, name)
    }

    /// True if `attr` is a data descriptor written in Python: its class
    /// defines `__set__` or `__delete__`, so it wins over the instance's
    /// own attribute of that name.
    pub(crate) fn is_data_descriptor(&mut self, attr: ObjRef) -> bool {
        self.descriptor_method(attr, "__set__").is_some()
            || self.descriptor_method(attr, "__delete__").is_some()
    }

    /// `attr.__get__(instance, owner)` for a class attribute whose class
    /// defines `__get__` (`instance` is None when read from the class
    /// itself). `None` if it does not.
    pub(crate) fn call_descriptor_get(
        &mut self,
        attr: ObjRef,
        instance: Option<ObjRef>,
        owner: ObjRef,
    ) -> Option<PyResult<ObjRef>> {
        let get = self.descriptor_method(attr, "__get__")?;
        let instance = instance.unwrap_or(self.singletons.none);
        for r in [get, attr, instance, owner] {
            self.incref(r);
        }
        let result = self.call(get, vec![attr, instance, owner], None);
        self.decref(get);
        Some(result)
    }

    /// `instance.name = value` (or `del instance.name`, with `value`
    /// `None`) when the class's attribute `name` is a data descriptor: a
    /// property runs its setter (deleter); a descriptor written in Python
    /// gets `__set__` (`__delete__`). `None` if the class has no data
    /// descriptor by that name; the value's reference is then still the
    /// caller's. The class is searched once, here.
    pub(crate) fn assign_through_descriptor(
        &mut self,
        instance: ObjRef,
        name: &str,
        value: Option<ObjRef>,
    ) -> Option<PyResult<()>> {
        let class = self.class_of_instance(instance)?;
        let attr = self.lookup_in_class(class, name)?;
        if let Some(descriptor) = self.native::<Descriptor>(attr) {
            if descriptor.kind != DescriptorKind::Property {
                return None;
            }
            let (accessor, what) = match value {
                Some(_) => (descriptor.setter, "setter"),
                None => (descriptor.deleter, "deleter"),
            };
            let known = descriptor
                .name
                .and_then(|n| self.str_of(n))
                .map(str::to_string);
            let name = known.as_deref();
            return Some(self.call_accessor((class, accessor), instance, name, what, value));
        }
        if !matches!(self.payload(instance), Payload::Instance(_)) || !self.is_data_descriptor(attr)
        {
            return None;
        }
        let method = if value.is_some() {
            "__set__"
        } else {
            "__delete__"
        };
        let Some(function) = self.descriptor_method(attr, method) else {
            self.decref_all(value);
            return Some(Err(self.error(ExcKind::AttributeError, method.to_string())));
        };
        for r in [function, attr, instance] {
            self.incref(r);
        }
        let mut args = vec![attr, instance];
        args.extend(value);
        let result = self.call(function, args, None);
        self.decref(function);
        Some(result.map(|returned| self.decref(returned)))
    }

    /// What a class attribute `attr` becomes when looked up through
    /// `instance` (or through the class itself, with `instance` `None`).
    /// `None` means "not a descriptor": use `attr` as it is.
    pub(crate) fn bind_descriptor(
        &mut self,
        attr: ObjRef,
        instance: Option<ObjRef>,
        class: ObjRef,
    ) -> Option<PyResult<ObjRef>> {
        let descriptor = self.native::<Descriptor>(attr)?;
        let (kind, function) = (descriptor.kind, descriptor.function);
        Some(match (kind, instance) {
            (DescriptorKind::Property, Some(instance)) => match function {
                Some(getter) => {
                    self.incref(getter);
                    self.incref(instance);
                    let result = self.call(getter, vec![instance], None);
                    self.decref(getter);
                    result
                }
                None => Err(self.error(ExcKind::AttributeError, "unreadable attribute".into())),
            },
            (DescriptorKind::Property, None) => {
                self.incref(attr);
                Ok(attr)
            }
            (DescriptorKind::Static, _) => {
                let function = function.unwrap_or(self.singletons.none);
                self.incref(function);
                Ok(function)
            }
            (DescriptorKind::ClassMethod, _) => {
                let function = function.unwrap_or(self.singletons.none);
                self.incref(function);
                self.incref(class);
                Ok(self.new_native(BoundMethod {
                    function,
                    receiver: class,
                }))
            }
        })
    }

    /// Calls a property's setter or deleter with `instance` and `args`, or
    /// raises `property 'x' of 'C' object has no setter` (or `deleter`;
    /// `property of 'C' ...` for a property that was never named).
    fn call_accessor(
        &mut self,
        (class, accessor): (ObjRef, Option<ObjRef>),
        instance: ObjRef,
        name: Option<&str>,
        what: &str,
        args: Option<ObjRef>,
    ) -> PyResult<()> {
        let Some(accessor) = accessor else {
            self.decref_all(args);
            let class_name = self.class_name(class);
            let property = match name {
                Some(name) => format!("property '{name}'"),
                None => "property".to_string(),
            };
            return Err(self.error(
                ExcKind::AttributeError,
                format!("{property} of '{class_name}' object has no {what}"),
            ));
        };
        self.incref(accessor);
        self.incref(instance);
        let mut call_args = vec![instance];
        call_args.extend(args);
        let result = self.call(accessor, call_args, None);
        self.decref(accessor);
        result.map(|r| self.decref(r))
    }

    /// `super_object.name`: the first class after `start` in the MRO that
    /// defines `name`, bound to the object.
    pub(crate) fn super_attr(&mut self, sup: ObjRef, name: &str) -> Option<PyResult<ObjRef>> {
        let s = self.native::<Super>(sup)?;
        let (start, object) = (s.class, s.object);
        let object_class = match self.payload(object) {
            Payload::Class(_) => object,
            _ => self.type_of(object),
        };
        let mro = self.mro(object_class);
        let after = mro.iter().position(|&c| c == start).map_or(0, |i| i + 1);
        let key = ch01_objects::DictKey::Str(name.into());
        let found = mro[after..].iter().find_map(|&c| match self.payload(c) {
            Payload::Class(class) => class.attrs.get(&key),
            _ => None,
        });
        let Some(found) = found else {
            // The built-in bases' own methods, bound to the object.
            let function = match name {
                "__new__" => {
                    // A static method: the caller passes the class.
                    return Some(Ok(self.new_native(Builtin {
                        function: BuiltinFn::BaseNew,
                        receiver: None,
                    })));
                }
                // `weakref.ref.__call__` of a subclass's instance: calling
                // the reference it holds does the same.
                "__call__" if let Some(weakref) = self.ref_of_instance(object) => {
                    return Some(Ok(self.new_ref(weakref)));
                }
                // A subclass of `list` or `dict`: the built-in's methods,
                // which run on the value the instance holds.
                _ if self.builtin_value(object).is_some()
                    && let Some(function) = self.builtin_method(object, name) =>
                {
                    function
                }
                _ => Self::object_slot(name)?,
            };
            self.incref(object);
            return Some(Ok(self.new_native(Builtin {
                function,
                receiver: Some(object),
            })));
        };
        let instance = (object != object_class).then_some(object);
        if let Some(bound) = self.bind_descriptor(found, instance, object_class) {
            return Some(bound);
        }
        if self.native::<Function>(found).is_some()
            && let Some(instance) = instance
        {
            self.incref(found);
            self.incref(instance);
            return Some(Ok(self.new_native(BoundMethod {
                function: found,
                receiver: instance,
            })));
        }
        self.incref(found);
        Some(Ok(found))
    }

    /// The attribute names instances of `class` are limited to, when every
    /// class in its MRO declares `__slots__` (then instances have no
    /// `__dict__`); `None` when instances can take any attribute.
    pub(crate) fn slot_names(&self, class: ObjRef) -> Option<Vec<String>> {
        self.lookup_in_class(class, "__slots__")?;
        let mut names = vec![];
        for ancestor in self.mro(class) {
            if self.constructors.contains_key(&ancestor) || self.exceptions.contains(&ancestor) {
                continue;
            }
            let Payload::Class(c) = self.payload(ancestor) else {
                continue;
            };
            let slots = c
                .attrs
                .get(&ch01_objects::DictKey::Str("__slots__".into()))?;
            let items: Vec<ObjRef> = match self.payload(slots) {
                Payload::Str(_) => vec![slots],
                Payload::Tuple(items) => items.to_vec(),
                Payload::List(items) => items.to_vec(),
                Payload::Dict(dict) => dict.iter().map(|(key, _)| key).collect(),
                _ => return None,
            };
            // Each class's own, private ones mangled, sorted, as CPython
            // keeps them (`ht_slots`).
            let mangled = |name: &str| {
                minipy_compiler::mangle::mangle(Some(&c.name), name).unwrap_or_else(|| name.into())
            };
            let mut own: Vec<String> = items
                .iter()
                .filter_map(|&i| self.str_of(i).map(mangled))
                .collect();
            own.sort();
            names.extend(own);
        }
        (!names.iter().any(|n| n == "__dict__")).then_some(names)
    }

    /// Why a class cannot have `bases`, as CPython 3.11's `type_new`
    /// words it: a base named twice, or bases whose MROs no order can
    /// respect (C3's merge gets stuck; the heads it was left with are
    /// named, as `set_mro_error` does).
    pub(crate) fn bases_error(&self, bases: &[ObjRef]) -> Option<String> {
        for (i, &base) in bases.iter().enumerate() {
            if bases[..i].contains(&base) {
                return Some(format!("duplicate base class {}", self.class_name(base)));
            }
        }
        let heads = c3_merge(self.mro_sequences(bases), false).err()?;
        let names: Vec<String> = heads.iter().map(|&h| self.class_name(h)).collect();
        Some(format!(
            "Cannot create a consistent method resolution\norder (MRO) for bases {}",
            names.join(", ")
        ))
    }

    /// What C3 merges for a class with `bases`: each base's MRO, then the
    /// bases themselves.
    fn mro_sequences(&self, bases: &[ObjRef]) -> Vec<Vec<ObjRef>> {
        let mut sequences: Vec<Vec<ObjRef>> = bases.iter().map(|&b| self.mro(b)).collect();
        sequences.push(bases.to_vec());
        sequences
    }

    /// The method resolution order of `class` (C3 linearization).
    pub(crate) fn mro(&self, class: ObjRef) -> Vec<ObjRef> {
        let bases = match self.payload(class) {
            Payload::Class(c) => c.bases.clone(),
            _ => vec![],
        };
        let mut result = vec![class];
        // A class made despite an inconsistent hierarchy (there is none:
        // `type_new` refuses them) would get depth-first order.
        result.extend(c3_merge(self.mro_sequences(&bases), true).unwrap_or_default());
        result
    }
}

/// C3's merge of `sequences`: repeatedly the first head that is in no
/// sequence's tail. Stuck, it gives up with the heads left (`Err`), or,
/// if `lenient`, takes the first sequence's head and goes on.
fn c3_merge(mut sequences: Vec<Vec<ObjRef>>, lenient: bool) -> Result<Vec<ObjRef>, Vec<ObjRef>> {
    let mut result = vec![];
    loop {
        sequences.retain(|s| !s.is_empty());
        if sequences.is_empty() {
            return Ok(result);
        }
        let candidate = sequences
            .iter()
            .map(|s| s[0])
            .find(|&head| sequences.iter().all(|s| !s[1..].contains(&head)));
        let next = match candidate {
            Some(next) => next,
            None if lenient => sequences[0][0],
            None => {
                let mut heads: Vec<ObjRef> = vec![];
                for head in sequences.iter().map(|s| s[0]) {
                    if !heads.contains(&head) {
                        heads.push(head);
                    }
                }
                return Err(heads);
            }
        };
        result.push(next);
        for s in &mut sequences {
            if s.first() == Some(&next) {
                s.remove(0);
            }
        }
    }
}

/// The attributes every object has from `object`, as `dir()` lists them in CPython 3.11.
const OBJECT_ATTRIBUTES: &[&str] = &[
    "__class__",
    "__delattr__",
    "__dir__",
    "__doc__",
    "__eq__",
    "__format__",
    "__ge__",
    "__getattribute__",
    "__getstate__",
    "__gt__",
    "__hash__",
    "__init__",
    "__init_subclass__",
    "__le__",
    "__lt__",
    "__ne__",
    "__new__",
    "__reduce__",
    "__reduce_ex__",
    "__repr__",
    "__setattr__",
    "__sizeof__",
    "__str__",
    "__subclasshook__",
];

impl Vm {
    /// `dir(object)`: its attribute names, sorted. For instances, classes
    /// and modules these are CPython's; for built-in values, the public
    /// methods are CPython's but some dunder names are missing.
    /// `object.__dir__()` reads `object.__dict__`, which makes an
    /// instance's attributes a dict object (CPython 3.11), one more object
    /// for the collector to count.
    pub(crate) fn materialize_for_dir(&mut self, object: ObjRef) {
        let has_dict = matches!(self.payload(object), Payload::Instance(_))
            && self
                .class_of_instance(object)
                .is_some_and(|class| self.instances_have(class, "__dict__"));
        if has_dict {
            let dict = self.instance_dict(object);
            self.decref(dict);
        }
    }

    pub(crate) fn dir_names(&self, object: ObjRef) -> Vec<String> {
        let mut names: Vec<String> = OBJECT_ATTRIBUTES.iter().map(|n| n.to_string()).collect();
        let class = match self.payload(object) {
            Payload::Instance(instance) => Some(instance.class),
            Payload::Class(_) => Some(object),
            _ => None,
        };
        let attr_names =
            |names: &mut Vec<String>, pairs: &mut dyn Iterator<Item = (ObjRef, ObjRef)>| {
                for (key, _) in pairs {
                    if let Some(name) = self.str_of(key) {
                        names.push(name.to_string());
                    }
                }
            };
        if let Some(module) = self.native::<crate::types::native::Module>(object) {
            names = [
                "__doc__",
                "__loader__",
                "__name__",
                "__package__",
                "__spec__",
            ]
            .iter()
            .map(|n| n.to_string())
            .collect();
            attr_names(&mut names, &mut module.attrs.iter());
        } else if let Some(class) = class.filter(|c| !self.constructors.contains_key(c)) {
            names.extend(["__module__".to_string()]);
            if self.slot_names(class).is_none() {
                names.extend(["__dict__".to_string(), "__weakref__".to_string()]);
            }
            for ancestor in self.mro(class) {
                if let Payload::Class(c) = self.payload(ancestor) {
                    attr_names(&mut names, &mut c.attrs.iter());
                }
            }
            match (
                self.moved_dict(object).map(|d| self.payload(d)),
                self.payload(object),
            ) {
                (Some(Payload::Dict(dict)), _) => attr_names(&mut names, &mut dict.iter()),
                (_, Payload::Instance(instance)) => {
                    attr_names(&mut names, &mut instance.attrs.iter())
                }
                _ => {}
            }
        } else {
            let type_name = match self.payload(object) {
                Payload::List(_) => "list".to_string(),
                Payload::Dict(_) => "dict".to_string(),
                Payload::Str(_) => "str".to_string(),
                Payload::Tuple(_) => "tuple".to_string(),
                Payload::Int(_) => "int".to_string(),
                Payload::Bool(_) => "bool".to_string(),
                Payload::Float(_) => "float".to_string(),
                Payload::None => "NoneType".to_string(),
                // `dir(list)`: the type's own methods and slots.
                Payload::Class(class) => class.name.to_string(),
                _ if self.set_ref(object).is_some() => "set".to_string(),
                _ => String::new(),
            };
            // `bool`'s methods are `int`'s, and a few slots of its own.
            let types: &[&str] = match type_name.as_str() {
                "bool" => &["int", "bool"],
                other => &[other],
            };
            for type_name in types {
                names.extend(
                    BuiltinFn::method_names(type_name)
                        .into_iter()
                        .map(str::to_string),
                );
            }
        }
        // The interpreter's own hidden holders (`<mro>`, ...) are not attributes.
        names.retain(|n| !n.starts_with('<'));
        names.sort();
        names.dedup();
        names
    }
}
