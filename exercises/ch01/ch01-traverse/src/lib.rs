//! # Exercise ch01-traverse: what a function object holds
//!
//! Chapter 1's invariant: an object refers to other objects only through the
//! references its `visit_refs` reports. The runtime's own kinds (lists, dicts,
//! instances...) already keep that promise in `Payload::visit_refs`. Object
//! kinds defined outside `ch01-objects` are `Payload::Native`, and each one has
//! to list its own references, the way every C type with `Py_TPFLAGS_HAVE_GC`
//! writes a `tp_traverse` function.
//!
//! Here the native kind is a function object, as `def` makes it. You write its
//! `visit_refs` (CPython: `func_traverse`) and its `take_refs` (CPython:
//! `func_clear`), both in `Objects/funcobject.c`.

use std::any::Any;

use ch01_objects::{Dict, NativeObject, ObjRef};

/// A function object. CPython: `PyFunctionObject`.
///
/// Some fields are references to other objects on the heap; some are plain
/// data that belongs to the function alone.
#[derive(Debug, Default)]
pub struct Function {
    /// `__qualname__`. Plain data here, not an object on the heap.
    pub qualname: Box<str>,
    /// How many positional parameters the function takes. Plain data.
    pub arity: usize,
    /// `__globals__`: the dict of the module the function was defined in.
    /// `None` only after [`NativeObject::take_refs`] has emptied the function.
    pub globals: Option<ObjRef>,
    /// `__defaults__`: the default values of the last parameters, in order.
    pub defaults: Vec<ObjRef>,
    /// `__closure__`: one cell per free variable the function reads.
    pub closure: Vec<ObjRef>,
    /// `__dict__`: attributes set on the function (`f.calls = 0`).
    pub attrs: Dict,
}

impl NativeObject for Function {
    fn type_name(&self) -> &str {
        "function"
    }

    fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        // TODO: Call `visit` once for every reference the function holds, field by
        // TODO: field: its globals (if any), each default, each closure cell, then the
        // TODO: key and the value of each attribute. Plain data is not a reference.
        let _ = visit;
        todo!()
    }

    fn take_refs(&mut self, out: &mut Vec<ObjRef>) {
        // TODO: Move every reference the function holds into `out`, in the same
        // TODO: order as `visit_refs`, and leave the function holding none.
        let _ = out;
        todo!()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}
