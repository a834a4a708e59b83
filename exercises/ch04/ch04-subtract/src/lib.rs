//! # Exercise ch04-subtract: the first two phases of trial deletion
//!
//! `update_refs` copies each tracked object's count into the collector's
//! scratch table; `subtract_refs` takes away every reference one tracked
//! object holds to another. What remains of a member's count is the
//! references that come from outside the generation. CPython 3.11:
//! `update_refs` and `subtract_refs` in `Modules/gcmodule.c`.

use ch01_objects::{Heap, ObjRef};
use ch02_refcount::flags;
use ch04_cycles::gc_refs::{GcRefs, IMMORTAL_REFS, Mark};

/// Phase 1: a table in which every member of `young` has `Refs(count)`
/// (`Refs(IMMORTAL_REFS)` for an immortal object) and every other object
/// `NotCollecting`.
pub fn update_refs(heap: &Heap, young: &[ObjRef]) -> GcRefs {
    // TODO: One mark per member: its count, or IMMORTAL_REFS if it is immortal.
    let _ = (heap, young, IMMORTAL_REFS, flags::is_immortal, Mark::NotCollecting);
    todo!()
}

/// Phase 2: one less for every reference a member of `young` holds to a
/// member. References to or from objects outside `young` change nothing.
pub fn subtract_refs(heap: &Heap, young: &[ObjRef], gc_refs: &mut GcRefs) {
    // TODO: For each reference a member holds, take one from the target's
    // TODO: mark if the target is a member.
    let _ = (heap, young, gc_refs);
    todo!()
}
