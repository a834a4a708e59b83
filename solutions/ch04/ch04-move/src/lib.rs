//! # Exercise ch04-move: the third phase of trial deletion
//!
//! After `subtract_refs`, a member with something left of its count is held
//! from outside the generation, and so is everything it reaches; the rest is
//! garbage. CPython 3.11: `move_unreachable` and `visit_reachable` in
//! `Modules/gcmodule.c`.

use ch01_objects::{Heap, ObjRef};
use ch04_cycles::gc_refs::{GcRefs, Mark};
use ch04_cycles::unreachable::Partition;

/// Phase 3: marks every member of `young` `Reachable` or
/// `TentativelyUnreachable` and returns both sets in CPython's list order
/// (see the README).
pub fn move_unreachable(heap: &Heap, young: &[ObjRef], gc_refs: &mut GcRefs) -> Partition {
    //~ TODO: One walk over a scan list that starts as `young` and grows as
    //~ TODO: members are rescued; no recursion.
    //~ STUB: let _ = (heap, young, gc_refs, Mark::Reachable);
    //~ SOLUTION BEGIN
    let mut scan = young.to_vec();
    let mut reachable = Vec::with_capacity(young.len());
    let mut next = 0;
    while let Some(&r) = scan.get(next) {
        next += 1;
        match gc_refs.get(r) {
            Mark::Refs(0) => gc_refs.set(r, Mark::TentativelyUnreachable),
            Mark::Refs(_) => {
                gc_refs.set(r, Mark::Reachable);
                reachable.push(r);
                heap.payload(r)
                    .visit_refs(&mut |target| match gc_refs.get(target) {
                        Mark::Refs(0) => gc_refs.set(target, Mark::Refs(1)),
                        Mark::TentativelyUnreachable => {
                            gc_refs.set(target, Mark::Refs(1));
                            scan.push(target);
                        }
                        Mark::Refs(_) | Mark::Reachable | Mark::NotCollecting => {}
                    });
            }
            Mark::Reachable | Mark::TentativelyUnreachable | Mark::NotCollecting => {}
        }
    }
    let unreachable = young
        .iter()
        .copied()
        .filter(|&r| gc_refs.get(r) == Mark::TentativelyUnreachable)
        .collect();
    Partition {
        reachable,
        unreachable,
    }
    //~ SOLUTION END
}
