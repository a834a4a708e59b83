//! [`collect`]: one full collection, the phases in order.
//!
//! ```text
//!   members ─▶ update_refs ─▶ subtract_refs ─▶ move_unreachable ─▶ delete_garbage
//!   (who is     (gc_refs =      (minus refs      (reachable from     (clear each,
//!    tracked)    refcount)       from inside)     outside? the rest   counts fall
//!                                                 is unreachable)     to zero)
//! ```
//!
//! CPython's `gc_collect_main` has more steps between finding the garbage and
//! freeing it; this chapter does not take them yet:
//! - survivors move to an older generation (chapter 5; here there is one);
//! - objects with a legacy `tp_del` go to `gc.garbage` (`move_legacy_finalizers`);
//! - weak references to garbage are cleared and their callbacks run;
//! - `__del__` runs on every unreachable object *before* any is cleared,
//!   and objects it resurrects survive (`finalize_garbage`,
//!   `handle_resurrected_objects`, PEP 442).
//!
//! TODO(chapter 6): finalizers. For now an unreachable object with a
//! `__del__` is collected *without running it*: the cascade reaches it
//! through chapter 2's plain `decref`, which marks it finalized and frees it
//! without handing it to the interpreter. Running `__del__` at that point
//! would be wrong anyway: its cycle partners may already be cleared.
//!
//! Invariant: after [`collect`], nothing that was unreachable is alive, and
//! every object that was reachable has the same payload as before and a
//! count lower only by the references that freed objects held to it. (Besides
//! the garbage, the cascade frees any untracked object only the garbage
//! referred to; what such an object held may be garbage for the next pass.)

use ch01_objects::{Heap, ObjRef};
use ch02_refcount::RefCountHeap;

use crate::clear::take_references;
use crate::gc_refs::{subtract_refs, update_refs};
use crate::tracking::Generation;
use crate::unreachable::move_unreachable;

/// What one collection found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Collection {
    /// How many objects the generation held when the collection began.
    pub tracked: usize,
    /// The unreachable objects, oldest first; all of them have been freed.
    pub unreachable: Vec<ObjRef>,
}

impl Collection {
    /// What `gc.collect()` returns: the number of unreachable objects found
    /// (CPython 3.11 adds the uncollectable ones, of which there are none yet).
    pub fn count(&self) -> usize {
        self.unreachable.len()
    }
}

// ANCHOR: collect
/// Finds the tracked objects nothing outside the generation can reach, and
/// frees them. CPython: `gc_collect_main`.
pub fn collect(heap: &mut RefCountHeap, young: &mut Generation) -> Collection {
    let members = young.members(heap.heap());
    let unreachable = deduce_unreachable(heap.heap(), &members);
    // TODO(chapter 6): finalize_garbage and handle_resurrected_objects go here.
    delete_garbage(heap, &unreachable);
    Collection {
        tracked: members.len(),
        unreachable,
    }
}
// ANCHOR_END: collect

// ANCHOR: deduce_unreachable
/// The members of `young` that nothing outside `young` can reach, oldest
/// first. Changes nothing on the heap. CPython: `deduce_unreachable`.
///
/// 1. `update_refs`: each member's `gc_refs` starts at its count;
/// 2. `subtract_refs`: minus one for each reference from another member;
/// 3. `move_unreachable`: members with `gc_refs > 0`, and all they reach,
///    are reachable; the rest are not.
pub fn deduce_unreachable(heap: &Heap, young: &[ObjRef]) -> Vec<ObjRef> {
    let mut gc_refs = update_refs(heap, young);
    subtract_refs(heap, young, &mut gc_refs);
    move_unreachable(heap, young, &mut gc_refs)
}
// ANCHOR_END: deduce_unreachable

// ANCHOR: delete_garbage
/// Phase 4. Precondition: `unreachable` is closed (nothing reachable refers
/// into it). Afterwards none of its objects is alive. Each one still alive
/// when its turn comes is held for the moment, cleared, and let go; the
/// cascade frees it and whatever else the clearing left unreferenced, so
/// later entries may already be gone. CPython: `delete_garbage`.
pub fn delete_garbage(heap: &mut RefCountHeap, unreachable: &[ObjRef]) {
    for &r in unreachable {
        if !heap.heap().is_live(r) {
            continue;
        }
        heap.incref(r);
        let released = take_references(&mut heap.heap_mut().get_mut(r).payload);
        for target in released {
            heap.decref(target);
        }
        heap.decref(r);
    }
}
// ANCHOR_END: delete_garbage
