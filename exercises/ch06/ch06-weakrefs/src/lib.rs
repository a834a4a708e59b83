//! # Exercise ch06-weakrefs: the order of weak references, and which
//! callbacks a collection calls
//!
//! CPython 3.11: `Objects/weakrefobject.c` and `handle_weakrefs` in
//! `Modules/gcmodule.c`.

use ch01_objects::ObjRef;
use ch06_finalizers::weakrefs::WeakRefEntry;

/// An object's weak references, given oldest first, in CPython's order.
pub fn list_order(created: &[WeakRefEntry]) -> Vec<WeakRefEntry> {
    // TODO: The ones without a callback, then the others, newest first.
    let _ = created;
    todo!()
}

/// The weak references whose callbacks a collection of `garbage` calls.
pub fn callbacks_to_call(
    garbage: &[ObjRef],
    weakrefs_to: &dyn Fn(ObjRef) -> Vec<WeakRefEntry>,
    is_garbage: &dyn Fn(ObjRef) -> bool,
) -> Vec<ObjRef> {
    // TODO: For each garbage object in order, its weak references with a
    // TODO: callback that are not garbage themselves.
    let _ = (garbage, weakrefs_to, is_garbage);
    todo!()
}
