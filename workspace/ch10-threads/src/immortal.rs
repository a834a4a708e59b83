//! Immortal objects in the free-threaded build (chapter 10; PEP 683,
//! CPython 3.12; in 3.13t, `_Py_SetImmortalUntracked`).
//!
//! `None`, `True`, small ints and interned strings are used by every thread
//! all the time. Counting them atomically would make every thread write the
//! same cache line, so they are not counted at all: an immortal object has
//! the local count [`IMMORTAL_LOCAL`] (`UINT32_MAX`) and no owner, and both
//! `incref` and `decref` return when they see it, having only read the
//! header. It is never freed by counting.
//!
//! Invariant: an object is made immortal before any other thread can see
//! it, and stays immortal; nothing writes its counts afterwards.

use crate::biased::{IMMORTAL_LOCAL, NO_OWNER, ObjRef, SHARED_INIT, ThreadState};
use crate::sync::Ordering;

// ANCHOR: make_immortal
/// Makes `obj`, which `tstate` owns and has not shared, immortal (CPython
/// 3.13t: no owner, `ob_ref_local = _Py_IMMORTAL_REFCNT_LOCAL`,
/// `ob_ref_shared = 0`).
pub fn make_immortal(tstate: &ThreadState<'_>, obj: ObjRef) {
    assert!(
        tstate.owns(obj),
        "only the owner may make an object immortal"
    );
    let header = obj.header();
    // Relaxed: the object is not shared yet; whatever shares it (a spawn,
    // a lock) publishes these stores with it.
    header.owner.store(NO_OWNER, Ordering::Relaxed);
    header.local.store(IMMORTAL_LOCAL, Ordering::Relaxed);
    header.shared.store(SHARED_INIT, Ordering::Relaxed);
}
// ANCHOR_END: make_immortal

/// True if `obj` is immortal.
pub fn is_immortal(obj: ObjRef) -> bool {
    obj.header().local.load(Ordering::Relaxed) == IMMORTAL_LOCAL
}
