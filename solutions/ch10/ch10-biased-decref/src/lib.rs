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
    //~ TODO: Immortal: nothing. The owner (`tstate.owns(obj)`): one from
    //~ TODO: `local`, with a load and a store; at zero, `merge_zero_local`.
    //~ TODO: Anyone else: `decref_shared`.
    //~ STUB: let _ = (tstate, obj, IMMORTAL_LOCAL, Ordering::Relaxed);
    //~ SOLUTION BEGIN
    let header = obj.header();
    let local = header.local.load(Ordering::Relaxed);
    if local == IMMORTAL_LOCAL {
        return;
    }
    if tstate.owns(obj) {
        // Relaxed, and no read-modify-write: only the owner writes `local`.
        header.local.store(local - 1, Ordering::Relaxed);
        if local == 1 {
            merge_zero_local(tstate, obj);
        }
    } else {
        decref_shared(tstate, obj);
    }
    //~ SOLUTION END
}

/// The owner's local count has reached zero (CPython:
/// `_Py_MergeZeroLocalRefcount`).
pub fn merge_zero_local(tstate: &ThreadState<'_>, obj: ObjRef) {
    //~ TODO: Free it if `shared` is 0; otherwise give it up (`NO_OWNER`),
    //~ TODO: mark `shared` MERGED, and free it if the count there is zero.
    //~ STUB: let _ = (tstate, obj, SHARED_INIT, NO_OWNER, FLAG_MASK, MERGED);
    //~ SOLUTION BEGIN
    let header = obj.header();
    // Acquire: pairs with every other thread's Release decrement, so that if
    // they left the count at zero, their uses happen before the free.
    let mut shared = header.shared.load(Ordering::Acquire);
    if shared == SHARED_INIT {
        tstate.dealloc(obj);
        return;
    }
    header.owner.store(NO_OWNER, Ordering::Relaxed);
    loop {
        let merged = (shared & !FLAG_MASK) | MERGED;
        // Release: pairs with the Acquire fence of the thread whose
        // decrement later finds the merged count zero. Acquire: as above.
        // A failed exchange only reloads the word: Relaxed.
        match header.shared.compare_exchange_weak(
            shared,
            merged,
            Ordering::AcqRel,
            Ordering::Relaxed,
        ) {
            Ok(_) => {
                if merged == MERGED {
                    tstate.dealloc(obj);
                }
                return;
            }
            Err(actual) => shared = actual,
        }
    }
    //~ SOLUTION END
}

/// A decrement by a thread that does not own `obj` (CPython:
/// `_Py_DecRefShared`).
pub fn decref_shared(tstate: &ThreadState<'_>, obj: ObjRef) {
    //~ TODO: A compare-and-swap loop on `shared`: count zero and neither
    //~ TODO: queued nor merged, set QUEUED and queue the object to its owner
    //~ TODO: afterwards; otherwise subtract ONE_SHARED, and free the object
    //~ TODO: if that leaves exactly MERGED.
    //~ STUB: let _ = (tstate, obj, MAYBE_WEAKREF, QUEUED, ONE_SHARED, fence);
    //~ SOLUTION BEGIN
    let header = obj.header();
    let mut shared = header.shared.load(Ordering::Relaxed);
    let (queue, new) = loop {
        let queue = shared == SHARED_INIT || shared == MAYBE_WEAKREF;
        let new = if queue { QUEUED } else { shared - ONE_SHARED };
        // Release: pairs with the Acquire of whichever thread frees the
        // object, so this thread's uses happen before the free.
        match header
            .shared
            .compare_exchange_weak(shared, new, Ordering::Release, Ordering::Relaxed)
        {
            Ok(_) => break (queue, new),
            Err(actual) => shared = actual,
        }
    };
    if queue {
        tstate.queue_object(obj);
    } else if new == MERGED {
        // Acquire: pairs with the Release of every other decrement and of
        // the merge: all their uses happen before the free.
        fence(Ordering::Acquire);
        tstate.dealloc(obj);
    }
    //~ SOLUTION END
}
