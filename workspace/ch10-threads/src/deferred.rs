//! Deferred reference counting in the free-threaded build (chapter 10;
//! PEP 703; the scheme as in CPython 3.14's source:
//! `_PyObject_SetDeferredRefcount`, `_Py_REF_DEFERRED`, `_PyStackRef`).
//!
//! Some objects are shared by every thread but are not immortal: the
//! functions, classes, modules and code objects a program defines. Each
//! call pushes the function on the interpreter's stack, and counting those
//! pushes would make every thread write the function's shared count.
//! Deferred counting skips them: such an object's shared count starts
//! [`REF_DEFERRED`] high, so counting never takes it to zero, and a
//! reference on an interpreter stack is *tagged* rather than counted. Only
//! the cycle collector frees it, with every thread stopped: its true count
//! is the count less [`REF_DEFERRED`], plus the tagged references it finds
//! on the threads' stacks.
//!
//! Invariants: a deferred object's shared count stays above zero while the
//! object lives, so `incref` and `decref` never free it; a [`StackRef`]
//! tagged deferred holds no count; [`collect`] runs only while no other
//! thread runs (the caller's promise), and frees the object exactly when
//! nothing counts or tags it.

use crate::biased::{ObjRef, SHARED_INIT, ThreadState, pack_shared, shared_count};
use crate::sync::Ordering;

// ANCHOR: deferred
/// Added to a deferred object's shared count (CPython 3.14:
/// `_Py_REF_DEFERRED`, `PY_SSIZE_T_MAX / 8`: half of the largest shared
/// count, which has two bits fewer than the word).
pub const REF_DEFERRED: isize = isize::MAX / 8;

/// Makes `obj`, which `tstate` owns and has not shared, deferred.
pub fn set_deferred(tstate: &ThreadState<'_>, obj: ObjRef) {
    assert!(tstate.owns(obj), "only the owner may defer an object");
    let shared = &obj.header().shared;
    assert_eq!(shared.load(Ordering::Relaxed), SHARED_INIT);
    // Relaxed: not shared yet, as for `make_immortal`.
    shared.store(pack_shared(REF_DEFERRED, 0), Ordering::Relaxed);
}

/// True if `obj` has deferred counting (CPython keeps a bit in
/// `ob_gc_bits`; here, a shared count this high says so).
pub fn is_deferred(obj: ObjRef) -> bool {
    shared_count(obj.header().shared.load(Ordering::Relaxed)) >= REF_DEFERRED / 2
}

/// A reference on an interpreter stack (CPython 3.14: `_PyStackRef`, a
/// pointer whose low bit says "deferred").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StackRef {
    /// Counted, as any reference.
    Counted(ObjRef),
    /// Not counted: the collector finds it on the stack.
    Deferred(ObjRef),
}

/// Pushes `obj` on this thread's stack: a count for an ordinary object, a
/// tag for a deferred one (CPython: `PyStackRef_FromPyObjectNew`).
pub fn push(tstate: &ThreadState<'_>, obj: ObjRef) -> StackRef {
    if is_deferred(obj) {
        StackRef::Deferred(obj)
    } else {
        tstate.incref(obj);
        StackRef::Counted(obj)
    }
}
// ANCHOR_END: deferred

/// The object a stack reference points to.
pub fn target(reference: StackRef) -> ObjRef {
    match reference {
        StackRef::Counted(obj) | StackRef::Deferred(obj) => obj,
    }
}

// ANCHOR: collect
/// The collector's view of a deferred object, with the world stopped: its
/// count less [`REF_DEFERRED`], plus the tagged references on the stacks.
/// Frees it and returns true if that is zero.
///
/// The caller promises that no other thread runs (CPython's free-threaded
/// collector stops the world) and that `stacks` are all the threads' stacks.
pub fn collect(tstate: &ThreadState<'_>, obj: ObjRef, stacks: &[&[StackRef]]) -> bool {
    let tagged = stacks
        .iter()
        .flat_map(|stack| stack.iter())
        .filter(|reference| **reference == StackRef::Deferred(obj))
        .count() as isize;
    let live = obj.count() - REF_DEFERRED + tagged;
    assert!(live >= 0, "a deferred object counted below zero");
    if live == 0 {
        tstate.dealloc(obj);
    }
    live == 0
}
// ANCHOR_END: collect
