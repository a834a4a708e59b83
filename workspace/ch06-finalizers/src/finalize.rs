//! Which objects of the garbage get their `__del__` run. CPython 3.11:
//! `finalize_garbage`.
//!
//! The interpreter walks the garbage in the collection's order and offers
//! each object to [`claim`]; it runs the `__del__` of each one claimed,
//! holding a reference for the call. A `__del__` may free other garbage
//! (by breaking a cycle); such an object is freed by counting, which runs
//! its `__del__` right then if it has not run, and it is no longer offered.

use ch01_objects::{Heap, ObjRef};
use ch02_refcount::{finalizer, flags as refcount_flags};

use crate::flags;

// ANCHOR: claim
/// True if `r`'s `__del__` must run now: `r` is alive, still part of the
/// garbage, and has a `__del__` that has not run. Marks it finalized, so
/// that it never runs again (PEP 442). CPython: `!_PyGCHead_FINALIZED(gc)
/// && tp_finalize != NULL`, then `_PyGCHead_SET_FINALIZED`.
pub fn claim(heap: &mut Heap, r: ObjRef) -> bool {
    let still_garbage = heap
        .try_get(r)
        .is_some_and(|object| flags::is_in_garbage(&object.header));
    if !still_garbage || !finalizer::needs_finalizer(heap, r) {
        return false;
    }
    refcount_flags::set_finalized(&mut heap.get_mut(r).header);
    true
}
// ANCHOR_END: claim
