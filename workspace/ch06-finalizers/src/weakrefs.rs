//! Which weak-reference callbacks a collection calls, and in which order.
//! CPython 3.11: `handle_weakrefs` in `Modules/gcmodule.c`, and the order
//! of an object's weak references in `Objects/weakrefobject.c`.
//!
//! The interpreter keeps the weak references (`minipy`'s `types::weakref`);
//! the rules are here, in the stage's crate:
//! - an object's weak references are listed as CPython links them: the
//!   shared one without a callback first, then those with a callback, the
//!   newest first (each is inserted right after the shared one);
//! - when the collector finds garbage, every weak reference to it is
//!   cleared before any finalizer runs; the callback of one that is itself
//!   garbage is not called (it dies with its referent, and its callback
//!   could bring back objects already judged dead); the others' are, in the
//!   order their referents appear in the garbage, and each referent's in
//!   list order.

use ch01_objects::ObjRef;

/// One weak reference to an object, as the interpreter knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeakRefEntry {
    /// The weak reference object.
    pub weakref: ObjRef,
    /// True if it has a callback.
    pub has_callback: bool,
}

// ANCHOR: list_order
/// An object's weak references, given oldest first, in the order CPython
/// keeps them: those without a callback first (there is at most one, shared
/// by every `weakref.ref(obj)`), then the others, newest first.
#[cfg(feature = "reference")]
pub fn list_order(created: &[WeakRefEntry]) -> Vec<WeakRefEntry> {
    let basic = created.iter().filter(|w| !w.has_callback);
    let with_callbacks = created.iter().rev().filter(|w| w.has_callback);
    basic.chain(with_callbacks).copied().collect()
}
// ANCHOR_END: list_order

// ANCHOR: callbacks_to_call
/// The weak references whose callbacks a collection calls: for each object
/// of `garbage`, in order, its weak references (`weakrefs_to`, in list
/// order) that have a callback and are not garbage themselves
/// (`is_garbage`).
#[cfg(feature = "reference")]
pub fn callbacks_to_call(
    garbage: &[ObjRef],
    weakrefs_to: &dyn Fn(ObjRef) -> Vec<WeakRefEntry>,
    is_garbage: &dyn Fn(ObjRef) -> bool,
) -> Vec<ObjRef> {
    garbage
        .iter()
        .flat_map(|&object| weakrefs_to(object))
        .filter(|w| w.has_callback && !is_garbage(w.weakref))
        .map(|w| w.weakref)
        .collect()
}
// ANCHOR_END: callbacks_to_call
