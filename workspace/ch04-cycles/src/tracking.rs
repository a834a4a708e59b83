//! Which objects the collector follows, and the list that keeps them in
//! allocation order: the young generation.
//!
//! Only an object that can hold references can be part of a cycle, so only
//! containers are tracked: lists, tuples, dicts, instances, classes and
//! native objects (they report their references through `visit_refs`).
//! Ints, floats, strings, `None` and bools never are. CPython: a type with
//! `Py_TPFLAGS_HAVE_GC` gets a `PyGC_Head`, and `_PyObject_GC_TRACK` links
//! the object into generation 0 once it is fully built.
//!
//! CPython 3.11 is lazier than this chapter in two places, which `minipy`
//! will have to copy for `gc.is_tracked` to agree with it:
//! - a dict starts untracked and is tracked only when a value that could be
//!   part of a cycle is stored in it (`gc.is_tracked({"a": 1})` is `False`);
//! - a tuple is tracked when made, and the collector untracks it when it
//!   finds that none of its items is tracked (`_PyTuple_MaybeUntrack`).
//!
//! Here every container is tracked for its whole life, which costs some work
//! per collection and never changes what is collected.
//!
//! ```text
//!   members:  [ #0, #3, None, #7, #2 ]     allocation order; None = untracked
//!   position: slot 0 → 0, slot 3 → 1, slot 7 → 3, slot 2 → 4
//! ```
//!
//! CPython unlinks an object from its generation in `tp_dealloc`. Chapter 2's
//! heap frees objects without telling this list, so an entry can outlive its
//! object; such entries are recognised and dropped lazily: at the start of
//! each collection, and whenever the list has doubled since the last time.
//!
//! Invariants:
//! - an object is *in the generation* if and only if it is live, its header
//!   has [`TRACKED`](crate::flags::TRACKED), and `position` of its slot points
//!   at an entry that names it;
//! - each slot has at most one such entry; an entry that fails the test is
//!   stale and is dropped by the next [`Generation::members`].

use ch01_objects::{Heap, ObjRef, Payload};

use crate::flags;

/// True for the objects the collector tracks from their allocation on.
/// CPython: `Py_TPFLAGS_HAVE_GC` (see the module docs for its lazy cases).
pub fn should_track(payload: &Payload) -> bool {
    payload.is_container()
}

// ANCHOR: generation
/// The tracked objects, oldest first. CPython: generation 0's `PyGC_Head` list.
#[derive(Debug, Default)]
pub struct Generation {
    /// Tracked objects in the order they were tracked; `None` where one was untracked.
    members: Vec<Option<ObjRef>>,
    /// For each slot index, where its entry sits in `members`.
    position: Vec<Option<usize>>,
    /// When `members` reaches this length, stale entries are dropped, so a
    /// program that never collects does not grow the list without end.
    prune_at: usize,
}

/// The smallest `prune_at`: below it, pruning is not worth its cost.
const MIN_PRUNE_AT: usize = 1024;
// ANCHOR_END: generation

impl Generation {
    /// An empty generation.
    pub fn new() -> Generation {
        Generation::default()
    }

    /// Called for every new object: forgets whatever entry an earlier object
    /// in the same slot left, then tracks the new one if it is a container.
    /// CPython: `PyObject_GC_New` followed by `_PyObject_GC_TRACK`.
    pub fn on_alloc(&mut self, heap: &mut Heap, r: ObjRef) {
        self.forget_slot(r);
        if should_track(heap.payload(r)) {
            self.track(heap, r);
        }
    }

    /// Starts following `r` (tracking twice is allowed and does nothing).
    /// CPython: `PyObject_GC_Track`.
    pub fn track(&mut self, heap: &mut Heap, r: ObjRef) {
        let header = &mut heap.get_mut(r).header;
        if flags::is_tracked(header) {
            return;
        }
        flags::set_tracked(header);
        self.forget_slot(r);
        if self.position.len() <= r.index() {
            self.position.resize(r.index() + 1, None);
        }
        self.position[r.index()] = Some(self.members.len());
        self.members.push(Some(r));
        if self.members.len() >= self.prune_at {
            self.prune(heap);
        }
    }

    /// Stops following `r`: the collector will treat it as it treats an int,
    /// and a reference *from* it as coming from outside. CPython: `PyObject_GC_UnTrack`.
    pub fn untrack(&mut self, heap: &mut Heap, r: ObjRef) {
        flags::clear_tracked(&mut heap.get_mut(r).header);
        self.forget_slot(r);
    }

    /// Drops the entry for `r`'s slot, if there is one.
    fn forget_slot(&mut self, r: ObjRef) {
        if let Some(entry) = self.position.get_mut(r.index()).and_then(Option::take) {
            self.members[entry] = None;
        }
    }

    /// The objects in the generation, oldest first, after dropping stale entries.
    pub fn members(&mut self, heap: &Heap) -> Vec<ObjRef> {
        self.prune(heap);
        self.members.iter().copied().flatten().collect()
    }

    /// Drops untracked and stale entries, keeping the order of the rest.
    /// The next prune comes when the list has doubled: amortised, each
    /// entry costs O(1).
    fn prune(&mut self, heap: &Heap) {
        let entries = std::mem::take(&mut self.members);
        let current: Vec<ObjRef> = entries
            .iter()
            .enumerate()
            .filter_map(|(entry, r)| r.filter(|&r| self.is_current(heap, r, entry)))
            .collect();
        self.position.iter_mut().for_each(|p| *p = None);
        for (entry, r) in current.iter().enumerate() {
            self.position[r.index()] = Some(entry);
        }
        self.members = current.into_iter().map(Some).collect();
        self.prune_at = (2 * self.members.len()).max(MIN_PRUNE_AT);
    }

    /// Entries in the list, current or stale: what it costs in memory.
    pub fn entries(&self) -> usize {
        self.members.len()
    }

    /// True if `entry` is the live entry of a live, tracked `r`.
    fn is_current(&self, heap: &Heap, r: ObjRef, entry: usize) -> bool {
        heap.try_get(r)
            .is_some_and(|object| flags::is_tracked(&object.header))
            && self.position.get(r.index()).copied().flatten() == Some(entry)
    }
}

/// True if the collector follows `r`. CPython: `gc.is_tracked(obj)`.
pub fn is_tracked(heap: &Heap, r: ObjRef) -> bool {
    flags::is_tracked(&heap.get(r).header)
}
