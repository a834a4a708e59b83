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
    //~ TODO: One mark per member: its count, or IMMORTAL_REFS if it is immortal.
    //~ STUB: let _ = (heap, young, IMMORTAL_REFS, flags::is_immortal, Mark::NotCollecting);
    //~ SOLUTION BEGIN
    let mut gc_refs = GcRefs::for_members(young);
    for &r in young {
        let header = &heap.get(r).header;
        let count = if flags::is_immortal(header) {
            IMMORTAL_REFS
        } else {
            header.refcount
        };
        gc_refs.set(r, Mark::Refs(count));
    }
    gc_refs
    //~ SOLUTION END
}

/// Phase 2: one less for every reference a member of `young` holds to a
/// member. References to or from objects outside `young` change nothing.
pub fn subtract_refs(heap: &Heap, young: &[ObjRef], gc_refs: &mut GcRefs) {
    //~ TODO: For each reference a member holds, take one from the target's
    //~ TODO: mark if the target is a member.
    //~ STUB: let _ = (heap, young, gc_refs);
    //~ SOLUTION BEGIN
    for &r in young {
        heap.payload(r).visit_refs(&mut |target| {
            if let Mark::Refs(n) = gc_refs.get(target) {
                gc_refs.set(target, Mark::Refs(n.saturating_sub(1)));
            }
        });
    }
    //~ SOLUTION END
}
