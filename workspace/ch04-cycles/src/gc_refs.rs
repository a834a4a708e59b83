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
///
/// The vector holds each mark packed in four bytes ([`Packed`]), a quarter
/// of a `Mark`: a full collection of a heap of two million slots then
/// needs 8 MB of scratch memory. CPython needs none, as it borrows a field
/// of each object's `PyGC_Head`.
#[derive(Debug, Default)]
pub struct GcRefs {
    dense: Vec<Packed>,
    /// The counts too large to pack (an immortal object's), by object.
    large: HashMap<ObjRef, usize, BuildHasherDefault<KeyHasher>>,
    sparse: Option<HashMap<ObjRef, Mark, BuildHasherDefault<KeyHasher>>>,
}

/// A [`Mark`] in four bytes: 0 is `NotCollecting` (so that a vector grown
/// with zeros marks nothing), 1 `Reachable`, 2 `TentativelyUnreachable`,
/// `n + 3` is `Refs(n)`, and [`Packed::LARGE`] says the count is in
/// [`GcRefs::large`].
#[derive(Debug, Clone, Copy, Default)]
struct Packed(u32);

impl Packed {
    const NOT_COLLECTING: u32 = 0;
    const REACHABLE: u32 = 1;
    const TENTATIVELY_UNREACHABLE: u32 = 2;
    const FIRST_COUNT: u32 = 3;
    const LARGE: u32 = u32::MAX;

    /// `mark` packed, or `None` for a count too large for it.
    fn pack(mark: Mark) -> Option<Packed> {
        Some(Packed(match mark {
            Mark::NotCollecting => Self::NOT_COLLECTING,
            Mark::Reachable => Self::REACHABLE,
            Mark::TentativelyUnreachable => Self::TENTATIVELY_UNREACHABLE,
            Mark::Refs(n) => u32::try_from(n)
                .ok()
                .and_then(|n| n.checked_add(Self::FIRST_COUNT))
                .filter(|&packed| packed != Self::LARGE)?,
        }))
    }

    /// The mark, or `None` if its count is kept apart.
    fn unpack(self) -> Option<Mark> {
        Some(match self.0 {
            Self::NOT_COLLECTING => Mark::NotCollecting,
            Self::REACHABLE => Mark::Reachable,
            Self::TENTATIVELY_UNREACHABLE => Mark::TentativelyUnreachable,
            Self::LARGE => return None,
            packed => Mark::Refs((packed - Self::FIRST_COUNT) as usize),
        })
    }
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
                ..GcRefs::default()
            }
        } else {
            GcRefs {
                dense: Vec::with_capacity(highest + 1),
                ..GcRefs::default()
            }
        }
    }

    /// The mark of `r`; objects never marked are [`Mark::NotCollecting`].
    pub fn get(&self, r: ObjRef) -> Mark {
        match &self.sparse {
            Some(marks) => marks.get(&r).copied().unwrap_or(Mark::NotCollecting),
            None => match self.dense.get(r.index()) {
                None => Mark::NotCollecting,
                Some(packed) => packed
                    .unpack()
                    .unwrap_or_else(|| Mark::Refs(self.large[&r])),
            },
        }
    }

    /// Sets the mark of `r`.
    pub fn set(&mut self, r: ObjRef, mark: Mark) {
        if let Some(marks) = &mut self.sparse {
            marks.insert(r, mark);
            return;
        }
        if self.dense.len() <= r.index() {
            self.dense.resize(r.index() + 1, Packed::default());
        }
        self.dense[r.index()] = match Packed::pack(mark) {
            Some(packed) => packed,
            None => {
                let Mark::Refs(n) = mark else {
                    unreachable!("only a count can be too large to pack")
                };
                self.large.insert(r, n);
                Packed(Packed::LARGE)
            }
        };
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
        let a = heap.alloc(Payload::list(vec![]));
        let b = heap.alloc(Payload::list(vec![a]));
        heap.get_mut(a).payload = Payload::list(vec![b]);
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
        let a = heap.alloc(Payload::list(vec![]));
        heap.get_mut(a).payload = Payload::list(vec![a]);
        refcount_flags::set_immortal(&mut heap.get_mut(a).header);
        let mut gc_refs = update_refs(&heap, &[a]);
        subtract_refs(&heap, &[a], &mut gc_refs);
        assert!(matches!(gc_refs.get(a), Mark::Refs(n) if n > 0));
    }

    #[test]
    fn every_mark_reads_back_exactly_as_it_was_set() {
        let mut gc_refs = GcRefs::for_members(&[ObjRef::from_index(3)]);
        let marks = [
            Mark::NotCollecting,
            Mark::Reachable,
            Mark::TentativelyUnreachable,
            Mark::Refs(0),
            Mark::Refs(41),
            Mark::Refs(IMMORTAL_REFS),
            Mark::Refs(IMMORTAL_REFS - 1),
            Mark::Refs(IMMORTAL_REFS - 3),
            Mark::Refs(u32::MAX as usize - 4),
            Mark::Refs(u32::MAX as usize - 3),
            Mark::Refs(u32::MAX as usize),
            Mark::Refs(3),
        ];
        for mark in marks {
            gc_refs.set(ObjRef::from_index(3), mark);
            assert_eq!(gc_refs.get(ObjRef::from_index(3)), mark);
        }
        assert_eq!(gc_refs.get(ObjRef::from_index(2)), Mark::NotCollecting);
        assert_eq!(gc_refs.get(ObjRef::from_index(9)), Mark::NotCollecting);
    }
}
