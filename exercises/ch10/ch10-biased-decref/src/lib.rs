//! # Exercise ch10-biased-decref: the biased decrement and its merge
//!
//! `Py_DECREF` in the free-threaded build: the owner's cheap path, the
//! merge when its count reaches zero, and the atomic path of every other
//! thread, which queues the object to its owner when the shared count
//! would go below zero.

use ch10_threads::biased::{
    FLAG_MASK, IMMORTAL_LOCAL, MAYBE_WEAKREF, MERGED, NO_OWNER, ONE_SHARED, ObjRef, QUEUED,
    SHARED_INIT, ThreadState,
};
use ch10_threads::sync::{Ordering, fence};

/// Drops a reference to `obj` (CPython 3.13t: `Py_DECREF`).
pub fn decref(tstate: &ThreadState<'_>, obj: ObjRef) {
    // TODO: Immortal: nothing. The owner (`tstate.owns(obj)`): one from
    // TODO: `local`, with a load and a store; at zero, `merge_zero_local`.
    // TODO: Anyone else: `decref_shared`.
    let _ = (tstate, obj, IMMORTAL_LOCAL, Ordering::Relaxed);
    todo!()
}

/// The owner's local count has reached zero (CPython:
/// `_Py_MergeZeroLocalRefcount`).
pub fn merge_zero_local(tstate: &ThreadState<'_>, obj: ObjRef) {
    // TODO: Free it if `shared` is 0; otherwise give it up (`NO_OWNER`),
    // TODO: mark `shared` MERGED, and free it if the count there is zero.
    let _ = (tstate, obj, SHARED_INIT, NO_OWNER, FLAG_MASK, MERGED);
    todo!()
}

/// A decrement by a thread that does not own `obj` (CPython:
/// `_Py_DecRefShared`).
pub fn decref_shared(tstate: &ThreadState<'_>, obj: ObjRef) {
    // TODO: A compare-and-swap loop on `shared`: count zero and neither
    // TODO: queued nor merged, set QUEUED and queue the object to its owner
    // TODO: afterwards; otherwise subtract ONE_SHARED, and free the object
    // TODO: if that leaves exactly MERGED.
    let _ = (tstate, obj, MAYBE_WEAKREF, QUEUED, ONE_SHARED, fence);
    todo!()
}
