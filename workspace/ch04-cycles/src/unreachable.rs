//! The third phase: from the objects held from outside, find everything
//! they reach; what is left is garbage.
//!
//! An object with `gc_refs == 0` is not necessarily garbage: a reachable
//! object may refer to it. `move_unreachable` scans the generation once, in
//! order. An object held from outside is marked reachable and its referents
//! are rescued; an object with `gc_refs == 0` is assumed unreachable for now.
//! If a later object turns out to refer to one assumed unreachable, that one
//! is rescued and appended to the scan, so it is visited again.
//!
//! ```text
//!   scan:  A(1) B(0) C(0)        A → C, C → B
//!          A reachable, rescues C (0 → 1)
//!          B assumed unreachable
//!          C reachable, rescues B (appended to the scan)
//!          B reachable
//! ```
//!
//! The scan list is the work list: there is no recursion, so a chain of a
//! million objects needs no more stack than a chain of two. CPython does the
//! same with its doubly linked lists: rescued objects go back to the end of
//! `young`, and `move_unreachable` walks `young` until it reaches the end.

use ch01_objects::{Heap, ObjRef};

use crate::gc_refs::{GcRefs, Mark};

// ANCHOR: move_unreachable
/// Phase 3. Afterwards every member of `young` is `Reachable` (reachable
/// from an object held from outside) or `TentativelyUnreachable` (not),
/// and both sets are returned in the order CPython's lists end up in.
/// CPython: `move_unreachable`.
#[cfg(feature = "reference")]
pub fn move_unreachable(heap: &Heap, young: &[ObjRef], gc_refs: &mut GcRefs) -> Partition {
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
                    .visit_refs(&mut |target| visit_reachable(target, gc_refs, &mut scan));
            }
            // Reachable: scanned already. TentativelyUnreachable: an earlier
            // entry of an object rescued since, whose later entry will scan it.
            Mark::Reachable | Mark::TentativelyUnreachable | Mark::NotCollecting => {}
        }
    }
    if cfg!(debug_assertions) {
        validate_reachability(heap, young, gc_refs);
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
}

/// What `move_unreachable` leaves: the generation split in two, each part
/// in the order of CPython's lists.
///
/// `reachable` is the young list afterwards: the members found held where
/// the scan met them, then each one rescued from `unreachable` in the order
/// it was rescued (CPython appends a rescued object to the end of `young`).
/// `unreachable` keeps the generation's order: an object goes there when the
/// scan meets it, and the only ones that leave it are the rescued.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Partition {
    /// The survivors, in the young list's new order.
    pub reachable: Vec<ObjRef>,
    /// The garbage, oldest first.
    pub unreachable: Vec<ObjRef>,
}
// ANCHOR_END: move_unreachable

/// Asserts what `move_unreachable` promises: every member is decided, and
/// no reachable member refers to one found unreachable. CPython:
/// `validate_list` checks the first half; the second is this chapter's.
pub fn validate_reachability(heap: &Heap, young: &[ObjRef], gc_refs: &GcRefs) {
    for &r in young {
        match gc_refs.get(r) {
            Mark::Reachable => heap.payload(r).visit_refs(&mut |target| {
                assert_ne!(
                    gc_refs.get(target),
                    Mark::TentativelyUnreachable,
                    "reachable {r:?} refers to {target:?}, marked unreachable"
                );
            }),
            Mark::TentativelyUnreachable => {}
            mark => panic!("{r:?} is still {mark:?} after move_unreachable"),
        }
    }
}

// ANCHOR: visit_reachable
/// `target` is referred to by a reachable object, so it is reachable too.
/// CPython: `visit_reachable`.
#[cfg(feature = "reference")]
fn visit_reachable(target: ObjRef, gc_refs: &mut GcRefs, scan: &mut Vec<ObjRef>) {
    match gc_refs.get(target) {
        // Not scanned yet: the scan will reach it and see it is held.
        Mark::Refs(0) => gc_refs.set(target, Mark::Refs(1)),
        // Scanned and assumed unreachable: scan it again.
        Mark::TentativelyUnreachable => {
            gc_refs.set(target, Mark::Refs(1));
            scan.push(target);
        }
        // Held from outside (the scan will reach it), already reachable,
        // or not collected at all.
        Mark::Refs(_) | Mark::Reachable | Mark::NotCollecting => {}
    }
}
// ANCHOR_END: visit_reachable
