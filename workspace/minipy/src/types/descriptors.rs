//! The descriptor objects `property`, `staticmethod` and `classmethod`, and
//! `super` objects: what each holds (a property its three functions, a
//! `super` its class and receiver) and how each is made. What they do to an
//! attribute lookup is the descriptor protocol, in
//! [`crate::protocols::descriptors`].

use crate::types::exceptions::ExcKind;
use crate::vm::{PyResult, Vm};
use ch01_objects::{NativeObject, ObjRef, Payload};
use std::any::Any;

/// Which kind of descriptor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DescriptorKind {
    /// `property(fget, fset, fdel)`.
    Property,
    /// `staticmethod(f)`: the function, unbound.
    Static,
    /// `classmethod(f)`: the function bound to the class.
    ClassMethod,
}

/// A descriptor object. CPython: `property`, `staticmethod`, `classmethod`.
#[derive(Debug)]
pub struct Descriptor {
    /// What it does on lookup.
    pub kind: DescriptorKind,
    /// The getter (or the wrapped function).
    pub function: Option<ObjRef>,
    /// A property's setter.
    pub setter: Option<ObjRef>,
    /// A property's deleter.
    pub deleter: Option<ObjRef>,
    /// A property's `doc` argument; without one, `__doc__` is the getter's.
    pub doc: Option<ObjRef>,
    /// A property's name, once `__set_name__` gave it one (a class body's
    /// property learns it when the class is made): CPython 3.11's
    /// `prop_name`, for its error messages.
    pub name: Option<ObjRef>,
    /// A static or class method of a function written in Python, which
    /// CPython gives a `__dict__` of its own (see `hidden_objects`).
    pub wraps_function: bool,
}

impl NativeObject for Descriptor {
    fn type_name(&self) -> &str {
        match self.kind {
            DescriptorKind::Property => "property",
            DescriptorKind::Static => "staticmethod",
            DescriptorKind::ClassMethod => "classmethod",
        }
    }
    fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        self.function
            .iter()
            .chain(&self.setter)
            .chain(&self.deleter)
            .chain(&self.doc)
            .chain(&self.name)
            .copied()
            .for_each(visit);
    }
    fn take_refs(&mut self, out: &mut Vec<ObjRef>) {
        out.extend(self.function.take());
        out.extend(self.setter.take());
        out.extend(self.deleter.take());
        out.extend(self.doc.take());
        out.extend(self.name.take());
    }
    /// A static or class method copies its function's `__module__`,
    /// `__name__`, `__qualname__` and `__doc__` into a `__dict__` of its
    /// own, and keeps the function there as `__wrapped__` (CPython 3.10+'s
    /// `functools_wraps` in `sm_init` and `cm_init`): one more object the
    /// collector counts.
    fn hidden_objects(&self, may_be_tracked: &dyn Fn(ObjRef) -> bool) -> usize {
        match self.kind {
            DescriptorKind::Property => 0,
            _ => usize::from(self.wraps_function && self.function.is_some_and(may_be_tracked)),
        }
    }
    fn size(&self) -> usize {
        match self.kind {
            DescriptorKind::Property => 56,
            _ => 40,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// `super(class, object)`: attribute lookup that starts after `class` in
/// the method resolution order of `object`'s type. CPython: `superobject`.
#[derive(Debug)]
pub struct Super {
    /// Where the search starts (exclusive).
    pub class: ObjRef,
    /// The instance (or class) methods are bound to.
    pub object: ObjRef,
}

impl NativeObject for Super {
    fn type_name(&self) -> &str {
        "super"
    }
    fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        self.class.held().into_iter().for_each(&mut *visit);
        self.object.held().into_iter().for_each(visit);
    }
    fn take_refs(&mut self, out: &mut Vec<ObjRef>) {
        self.class.take_into(out);
        self.object.take_into(out);
    }
    fn size(&self) -> usize {
        48
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

impl Vm {
    /// `property(...)`, `staticmethod(f)`, `classmethod(f)` (arguments borrowed).
    pub(crate) fn new_descriptor(
        &mut self,
        kind: DescriptorKind,
        args: &[ObjRef],
    ) -> PyResult<ObjRef> {
        let none = self.none();
        let arg = |i: usize| args.get(i).copied().filter(|&a| a != none);
        if kind != DescriptorKind::Property && args.len() != 1 {
            let name = if kind == DescriptorKind::Static {
                "staticmethod"
            } else {
                "classmethod"
            };
            return Err(self.error(
                ExcKind::TypeError,
                format!("{name} expected 1 argument, got {}", args.len()),
            ));
        }
        let (function, setter, deleter) = (arg(0), arg(1), arg(2));
        let doc = arg(3).filter(|_| kind == DescriptorKind::Property);
        for r in [function, setter, deleter, doc].into_iter().flatten() {
            self.incref(r);
        }
        let wraps_function = kind != DescriptorKind::Property
            && function.is_some_and(|f| self.native::<crate::types::native::Function>(f).is_some());
        Ok(self.new_native(Descriptor {
            kind,
            function,
            setter,
            deleter,
            doc,
            name: None,
            wraps_function,
        }))
    }

    /// `property.__set_name__(owner, name)`: the property learns its name
    /// (`key`, borrowed); anything else is left alone.
    pub(crate) fn name_property(&mut self, value: ObjRef, key: ObjRef) {
        let is_property = self
            .native::<Descriptor>(value)
            .is_some_and(|d| d.kind == DescriptorKind::Property);
        if !is_property {
            return;
        }
        self.incref(key);
        let old = self
            .native_mut::<Descriptor>(value)
            .and_then(|d| d.name.replace(key));
        if let Some(old) = old {
            self.decref(old);
        }
    }

    /// `prop.setter(f)` / `prop.getter(f)` / `prop.deleter(f)`: a copy of the
    /// property with one accessor replaced.
    pub(crate) fn property_with(
        &mut self,
        property: ObjRef,
        which: &str,
        function: ObjRef,
    ) -> PyResult<ObjRef> {
        let Some(old) = self.native::<Descriptor>(property) else {
            return Err(self.error(ExcKind::TypeError, "not a property".into()));
        };
        let (mut getter, mut setter, mut deleter) = (old.function, old.setter, old.deleter);
        let (doc, name) = (old.doc, old.name);
        match which {
            "getter" => getter = Some(function),
            "setter" => setter = Some(function),
            _ => deleter = Some(function),
        }
        for r in [getter, setter, deleter, doc, name].into_iter().flatten() {
            self.incref(r);
        }
        Ok(self.new_native(Descriptor {
            kind: DescriptorKind::Property,
            function: getter,
            setter,
            deleter,
            doc,
            name,
            wraps_function: false,
        }))
    }

    /// The data attributes of a descriptor object: a property's `fget`,
    /// `fset`, `fdel` and `__doc__` (its `doc`, or its getter's docstring);
    /// a static or class method's `__func__` and `__wrapped__`, and the
    /// `__name__`, `__qualname__` and `__doc__` it copies from its function
    /// (3.10+). `None` for any other name.
    pub(crate) fn descriptor_attr(
        &mut self,
        object: ObjRef,
        name: &str,
    ) -> Option<PyResult<ObjRef>> {
        if let Some(made) = self.native::<crate::protocols::type_slots::AttributeDescriptor>(object)
        {
            // A class's `__dict__`, `__weakref__` or slot descriptor.
            let (text, owner) = (made.name.to_string(), made.owner);
            return match name {
                "__name__" => Some(Ok(self.new_str(&text))),
                "__qualname__" => {
                    let qualified = format!("{}.{text}", self.class_name(owner));
                    Some(Ok(self.new_str(&qualified)))
                }
                "__objclass__" => Some(Ok(self.new_ref(owner))),
                _ => None,
            };
        }
        let descriptor = self.native::<Descriptor>(object)?;
        let (kind, function) = (descriptor.kind, descriptor.function);
        let field = match (kind, name) {
            (DescriptorKind::Property, "fget") => descriptor.function,
            (DescriptorKind::Property, "fset") => descriptor.setter,
            (DescriptorKind::Property, "fdel") => descriptor.deleter,
            (DescriptorKind::Property, "__doc__") => match (descriptor.doc, function) {
                (Some(doc), _) => Some(doc),
                (None, Some(getter)) => return Some(self.get_attr(getter, "__doc__")),
                (None, None) => None,
            },
            (_, "__func__" | "__wrapped__") => function,
            (_, "__name__" | "__qualname__" | "__doc__") => {
                return function.map(|function| self.get_attr(function, name));
            }
            _ => return None,
        };
        Some(Ok(match field {
            Some(value) => self.new_ref(value),
            None => self.none(),
        }))
    }

    /// `super(class, object)` (arguments borrowed).
    pub(crate) fn new_super(&mut self, args: &[ObjRef]) -> PyResult<ObjRef> {
        let (Some(&class), Some(&object)) = (args.first(), args.get(1)) else {
            return Err(self.error(ExcKind::RuntimeError, "super(): no arguments".into()));
        };
        if !matches!(self.payload(class), Payload::Class(_)) {
            return Err(self.error(
                ExcKind::TypeError,
                "super() argument 1 must be a type".into(),
            ));
        }
        self.incref(class);
        self.incref(object);
        Ok(self.new_native(Super { class, object }))
    }
}
