//! # Exercise ch06-weakrefs: the order of weak references, and which
//! callbacks a collection calls
//!
//! CPython 3.11: `Objects/weakrefobject.c` and `handle_weakrefs` in
//! `Modules/gcmodule.c`.

use ch01_objects::ObjRef;
use ch06_finalizers::weakrefs::WeakRefEntry;

/// An object's weak references, given oldest first, in CPython's order.
pub fn list_order(created: &[WeakRefEntry]) -> Vec<WeakRefEntry> {
    //~ TODO: The ones without a callback, then the others, newest first.
    //~ STUB: let _ = created;
    //~ SOLUTION BEGIN
    let basic = created.iter().filter(|w| !w.has_callback);
    let with_callbacks = created.iter().rev().filter(|w| w.has_callback);
    basic.chain(with_callbacks).copied().collect()
    //~ SOLUTION END
}

/// The weak references whose callbacks a collection of `garbage` calls.
pub fn callbacks_to_call(
    garbage: &[ObjRef],
    weakrefs_to: &dyn Fn(ObjRef) -> Vec<WeakRefEntry>,
    is_garbage: &dyn Fn(ObjRef) -> bool,
) -> Vec<ObjRef> {
    //~ TODO: For each garbage object in order, its weak references with a
    //~ TODO: callback that are not garbage themselves.
    //~ STUB: let _ = (garbage, weakrefs_to, is_garbage);
    //~ SOLUTION BEGIN
    garbage
        .iter()
        .flat_map(|&object| weakrefs_to(object))
        .filter(|w| w.has_callback && !is_garbage(w.weakref))
        .map(|w| w.weakref)
        .collect()
    //~ SOLUTION END
}
