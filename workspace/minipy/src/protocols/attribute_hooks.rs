//! A class's own attribute hooks: `__getattribute__`, `__setattr__` and
//! `__delattr__`. CPython 3.11 gives a class that defines one of them the
//! slot `slot_tp_getattr_hook` (or `slot_tp_setattro`), which calls the
//! method for every `obj.name`, `obj.name = v` and `del obj.name`; the
//! method usually ends by calling `object`'s version, the generic lookup
//! of [`attributes`](super::attributes). A `__getattribute__` that raises
//! `AttributeError` hands over to `__getattr__`, as the hook does.
//!
//! Looking the hook up on every attribute access would cost each access a
//! walk of the class's bases, so the interpreter only looks once some
//! class has defined one: most programs never do.

use ch01_objects::{ObjRef, Payload};

use crate::types::exceptions::ExcKind;
use crate::types::native::{Builtin, Function};
use crate::vm::{PyResult, Vm};

/// The names of the hooks, each with what it replaces.
const HOOKS: [&str; 3] = ["__getattribute__", "__setattr__", "__delattr__"];

impl Vm {
    /// `object.name`, a new reference.
    pub(crate) fn get_attr(&mut self, object: ObjRef, name: &str) -> PyResult<ObjRef> {
        if self.attribute_hooks
            && let Some(hook) = self.attribute_hook(object, "__getattribute__")
        {
            let name_object = self.new_str(name);
            let result = self.call_hook(hook, object, &[name_object]);
            return match result {
                Err(err) if self.is_attribute_error(err.0) => {
                    match self.call_special(object, "__getattr__", &[name_object]) {
                        Some(fallback) => {
                            self.decref(err.0);
                            self.decref(name_object);
                            fallback
                        }
                        None => {
                            self.decref(name_object);
                            Err(err)
                        }
                    }
                }
                other => {
                    self.decref(name_object);
                    other
                }
            };
        }
        self.generic_get_attr(object, name)
    }

    /// `object.name = value`; takes `value`'s reference.
    pub(crate) fn set_attr(&mut self, object: ObjRef, name: &str, value: ObjRef) -> PyResult<()> {
        if self.attribute_hooks
            && let Some(hook) = self.attribute_hook(object, "__setattr__")
        {
            let name_object = self.new_str(name);
            let result = self.call_hook(hook, object, &[name_object, value]);
            self.decref(name_object);
            self.decref(value);
            return result.map(|r| self.decref(r));
        }
        if HOOKS.contains(&name) && matches!(self.payload(object), Payload::Class(_)) {
            self.attribute_hooks = true;
        }
        self.generic_set_attr(object, name, value)
    }

    /// `del object.name`.
    pub(crate) fn del_attr(&mut self, object: ObjRef, name: &str) -> PyResult<()> {
        if self.attribute_hooks
            && let Some(hook) = self.attribute_hook(object, "__delattr__")
        {
            let name_object = self.new_str(name);
            let result = self.call_hook(hook, object, &[name_object]);
            self.decref(name_object);
            return result.map(|r| self.decref(r));
        }
        self.generic_del_attr(object, name)
    }

    /// Called for every new class: notes whether it defines a hook.
    pub(crate) fn note_attribute_hooks(&mut self, class: ObjRef) {
        if let Payload::Class(c) = self.payload(class)
            && HOOKS.iter().any(|hook| {
                c.attrs
                    .get(&ch01_objects::DictKey::Str((*hook).into()))
                    .is_some()
            })
        {
            self.attribute_hooks = true;
        }
    }

    /// True if `object`'s class defines `__getattribute__` in Python.
    pub(crate) fn has_getattribute_hook(&self, object: ObjRef) -> bool {
        self.attribute_hook(object, "__getattribute__").is_some()
    }

    /// The hook `name` that `object`'s class defines, in Python or made by
    /// `@dataclass(frozen=True)`, if any (`object`'s own versions are the
    /// generic lookup itself).
    fn attribute_hook(&self, object: ObjRef, name: &str) -> Option<ObjRef> {
        let class = self.class_of_instance(object)?;
        let hook = self.lookup_in_class(class, name)?;
        let generated = self
            .native::<Builtin>(hook)
            .is_some_and(|b| b.function.receiver_type() == "<dataclasses>");
        (self.native::<Function>(hook).is_some() || generated).then_some(hook)
    }

    /// Calls `hook(object, *args)`; `args` are borrowed.
    fn call_hook(&mut self, hook: ObjRef, object: ObjRef, args: &[ObjRef]) -> PyResult<ObjRef> {
        let mut all = Vec::with_capacity(args.len() + 1);
        for &r in std::iter::once(&object).chain(args) {
            self.incref(r);
            all.push(r);
        }
        self.incref(hook);
        let result = self.call(hook, all, None);
        self.decref(hook);
        result
    }

    /// True if `error` is an `AttributeError` (or a subclass's instance).
    pub(crate) fn is_attribute_error(&self, error: ObjRef) -> bool {
        self.class_of_instance(error)
            .is_some_and(|c| self.is_subclass(c, self.exceptions[ExcKind::AttributeError as usize]))
    }
}
