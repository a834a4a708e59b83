//! The first two phases of a collection: find the objects that something
//! *outside* the generation refers to, without knowing what the roots are.
//!
//! The collector never sees the interpreter's stack, its globals or a C
//! extension's variables. It sees only each object's count and, through
//! `visit_refs`, the references between tracked objects. The difference is
//! the number of references from elsewhere:
//!
//! ```text
//!   name a ──▶ A ──▶ B ──▶ A            refcount   refs from inside   gc_refs
//!                                 A        2               1              1   ← held from outside
//!                                 B        1               1              0
//! ```
//!
//! The result lives in a scratch table ([`GcRefs`]) indexed by slot, made
//! fresh for each collection. CPython keeps `gc_refs` in the upper bits of
//! each object's `_gc_prev` field for the duration of a collection.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use ch01_objects::dict::KeyHasher;

#[cfg(feature = "reference")]
use ch01_objects::Heap;
use ch01_objects::ObjRef;
#[cfg(feature = "reference")]
use ch02_refcount::flags as refcount_flags;

/// What the collector knows about one object during a collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Not in the generation being collected: references to it are ignored,
    /// references from it (never visited) count as coming from outside.
    NotCollecting,
    /// In the generation; the number of references not yet explained by
    /// other members. CPython: `gc_get_refs`.
    Refs(usize),
    /// Reachable from outside the generation: survives. CPython: the object
    /// has been scanned by `move_unreachable` and stays in `young`.
    Reachable,
    /// Not (yet) found reachable. CPython: `NEXT_MASK_UNREACHABLE`.
    TentativelyUnreachable,
}

/// The count an immortal object is given: chapter 2 stops counting such
/// objects, so their stored count says nothing, and they must never look
/// unreferenced.
pub const IMMORTAL_REFS: usize = usize::MAX;

/// The collector's scratch table: one [`Mark`] per object it has marked.
///
/// A full collection marks most of the heap, so the table is then a vector
/// indexed by heap slot. A collection of a young generation (chapter 5)
/// marks a few hundred objects of a heap that may hold millions: a vector
/// that long would make each of them cost as much as a full collection,
/// so the table is then a hash map.
#[derive(Debug, Default)]
pub struct GcRefs {
    dense: Vec<Mark>,
    sparse: Option<HashMap<ObjRef, Mark, BuildHasherDefault<KeyHasher>>>,
}

impl GcRefs {
    /// An empty table, shaped for marking `members`.
    pub fn for_members(members: &[ObjRef]) -> GcRefs {
        let highest = members.iter().map(|r| r.index()).max().unwrap_or(0);
        if highest > 4 * members.len() + 1024 {
            GcRefs {
                dense: Vec::new(),
                sparse: Some(HashMap::with_capacity_and_hasher(
                    members.len(),
                    BuildHasherDefault::default(),
                )),
            }
        } else {
            GcRefs {
                dense: Vec::with_capacity(highest + 1),
                sparse: None,
            }
        }
    }

    /// The mark of `r`; objects never marked are [`Mark::NotCollecting`].
    pub fn get(&self, r: ObjRef) -> Mark {
        match &self.sparse {
            Some(marks) => marks.get(&r).copied(),
            None => self.dense.get(r.index()).copied(),
        }
        .unwrap_or(Mark::NotCollecting)
    }

    /// Sets the mark of `r`.
    pub fn set(&mut self, r: ObjRef, mark: Mark) {
        if let Some(marks) = &mut self.sparse {
            marks.insert(r, mark);
            return;
        }
        if self.dense.len() <= r.index() {
            self.dense.resize(r.index() + 1, Mark::NotCollecting);
        }
        self.dense[r.index()] = mark;
    }
}

// ANCHOR: update_refs
/// Phase 1. Afterwards every member of `young` has `Refs(refcount)`, every
/// other object `NotCollecting`. CPython: `update_refs`.
#[cfg(feature = "reference")]
pub fn update_refs(heap: &Heap, young: &[ObjRef]) -> GcRefs {
    let mut gc_refs = GcRefs::for_members(young);
    for &r in young {
        let header = &heap.get(r).header;
        let count = if refcount_flags::is_immortal(header) {
            IMMORTAL_REFS
        } else {
            header.refcount
        };
        gc_refs.set(r, Mark::Refs(count));
    }
    gc_refs
}
// ANCHOR_END: update_refs

// ANCHOR: subtract_refs
/// Phase 2. Afterwards each member's `Refs(n)` counts only the references
/// from outside the generation: `n > 0` means something the collector cannot
/// see holds it. CPython: `subtract_refs` with `visit_decref`.
#[cfg(feature = "reference")]
pub fn subtract_refs(heap: &Heap, young: &[ObjRef], gc_refs: &mut GcRefs) {
    for &r in young {
        heap.payload(r).visit_refs(&mut |target| {
            if let Mark::Refs(n) = gc_refs.get(target) {
                debug_assert!(n > 0, "{target:?} has more references than its count");
                gc_refs.set(target, Mark::Refs(n.saturating_sub(1)));
            }
        });
    }
}
// ANCHOR_END: subtract_refs

#[cfg(test)]
mod tests {
    use super::*;
    use ch01_objects::Payload;

    /// The module's diagram: a name holds A, and A and B refer to each other.
    #[test]
    fn gc_refs_count_only_the_references_from_outside() {
        let mut heap = Heap::new();
        let a = heap.alloc(Payload::List(vec![]));
        let b = heap.alloc(Payload::List(vec![a]));
        heap.get_mut(a).payload = Payload::List(vec![b]);
        heap.get_mut(a).header.refcount = 2; // the name and B
        let young = [a, b];

        let mut gc_refs = update_refs(&heap, &young);
        assert_eq!(
            (gc_refs.get(a), gc_refs.get(b)),
            (Mark::Refs(2), Mark::Refs(1))
        );
        subtract_refs(&heap, &young, &mut gc_refs);
        assert_eq!(
            (gc_refs.get(a), gc_refs.get(b)),
            (Mark::Refs(1), Mark::Refs(0))
        );
    }

    #[test]
    fn an_immortal_object_always_looks_held_from_outside() {
        let mut heap = Heap::new();
        let a = heap.alloc(Payload::List(vec![]));
        heap.get_mut(a).payload = Payload::List(vec![a]);
        refcount_flags::set_immortal(&mut heap.get_mut(a).header);
        let mut gc_refs = update_refs(&heap, &[a]);
        subtract_refs(&heap, &[a], &mut gc_refs);
        assert!(matches!(gc_refs.get(a), Mark::Refs(n) if n > 0));
    }
}
