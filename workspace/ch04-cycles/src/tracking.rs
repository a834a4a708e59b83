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
//! Two kinds are lazier, as in CPython 3.11, so that `gc.is_tracked` and
//! `gc.get_objects` agree with it:
//! - a dict starts untracked and is tracked when a key or value that may be
//!   part of a cycle is stored in it (`MAINTAIN_TRACKING`):
//!   `gc.is_tracked({"a": 1})` is `False`, `gc.is_tracked({"a": []})` `True`;
//! - a tuple is tracked when made (the empty tuple never is), and each
//!   collection untracks the surviving tuples none of whose items may be
//!   part of a cycle (`untrack_tuples`); a full collection does the same
//!   for dicts (`untrack_dicts`).
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

// ANCHOR: may_be_tracked
/// True if `r` may be part of a cycle, so that a dict holding it must be
/// tracked: any container, except a tuple the collector has untracked and a
/// built-in type (CPython's are static objects, outside the collector's
/// reach). CPython: `_PyObject_GC_MAY_BE_TRACKED`.
pub fn may_be_tracked(heap: &Heap, r: ObjRef) -> bool {
    let object = heap.get(r);
    match &object.payload {
        Payload::Tuple(_) => flags::is_tracked(&object.header),
        Payload::Class(_) => !ch02_refcount::flags::is_immortal(&object.header),
        payload => payload.is_container(),
    }
}

/// True for an object the collector follows from its allocation on: every
/// container but a dict holding nothing that may be part of a cycle, and
/// the empty tuple.
pub fn tracked_from_birth(heap: &Heap, r: ObjRef) -> bool {
    match heap.payload(r) {
        Payload::Dict(dict) => dict
            .iter()
            .any(|(key, value)| may_be_tracked(heap, key) || may_be_tracked(heap, value)),
        Payload::Tuple(items) => !items.is_empty(),
        payload => payload.is_container(),
    }
}

/// True if the collector may stop following the tuple or dict `r`: nothing
/// it holds may be part of a cycle. CPython: `_PyTuple_MaybeUntrack` and
/// `_PyDict_MaybeUntrack`.
pub fn may_untrack(heap: &Heap, r: ObjRef) -> bool {
    match heap.payload(r) {
        Payload::Tuple(items) => !items.iter().any(|&item| may_be_tracked(heap, item)),
        Payload::Dict(dict) => !dict
            .iter()
            .any(|(key, value)| may_be_tracked(heap, key) || may_be_tracked(heap, value)),
        _ => false,
    }
}
// ANCHOR_END: may_be_tracked

// ANCHOR: generation
/// The tracked objects, oldest first. CPython: generation 0's `PyGC_Head` list.
#[derive(Debug, Default)]
pub struct Generation {
    /// Tracked objects in the order they were tracked; `None` where one was untracked.
    members: Vec<Option<ObjRef>>,
    /// For each slot index, where its entry sits in `members`.
    /// `NO_ENTRY` for a slot without one. (A `u32`, not an `Option<usize>`:
    /// 4 bytes per heap slot instead of 16.)
    position: Vec<u32>,
    /// When `members` reaches this length, stale entries are dropped, so a
    /// program that never collects does not grow the list without end.
    prune_at: usize,
}

/// `position` of a slot with no entry.
const NO_ENTRY: u32 = u32::MAX;

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
        if tracked_from_birth(heap, r) {
            self.track(heap, r);
        }
    }

    /// Puts the members in `order` (current members each once, in the order
    /// CPython's list would have them after a collection moved them about).
    pub fn reorder(&mut self, heap: &Heap, order: &[ObjRef]) {
        let entries = std::mem::take(&mut self.members);
        self.clear_positions(&entries);
        for &r in order {
            let tracked = heap
                .try_get(r)
                .is_some_and(|object| flags::is_tracked(&object.header));
            if tracked && self.entry_of(r).is_none() {
                self.push_member(r);
            }
        }
        self.prune_at = (2 * self.members.len()).max(MIN_PRUNE_AT);
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
        self.push_member(r);
        if self.members.len() >= self.prune_at {
            self.prune(heap);
        }
    }

    /// Moves the tracked object `r` to the end of the list (CPython:
    /// `gc_list_move` to a generation's tail). Does nothing if `r` is not tracked.
    pub fn append(&mut self, heap: &Heap, r: ObjRef) {
        let tracked = heap
            .try_get(r)
            .is_some_and(|object| flags::is_tracked(&object.header));
        if !tracked {
            return;
        }
        self.forget_slot(r);
        self.push_member(r);
    }

    /// Stops following `r`: the collector will treat it as it treats an int,
    /// and a reference *from* it as coming from outside. CPython: `PyObject_GC_UnTrack`.
    pub fn untrack(&mut self, heap: &mut Heap, r: ObjRef) {
        flags::clear_tracked(&mut heap.get_mut(r).header);
        self.forget_slot(r);
    }

    /// Forgets whatever entry `r`'s slot has here, current or stale, without
    /// touching the object: for a list that hands its members to another
    /// (chapter 5's generations), or a slot that holds a new object.
    pub fn forget(&mut self, r: ObjRef) {
        self.forget_slot(r);
    }

    /// The members, oldest first, leaving the list empty. CPython: the
    /// source side of `gc_list_merge`.
    pub fn take_all(&mut self, heap: &Heap) -> Vec<ObjRef> {
        let members = self.members(heap);
        for &r in &members {
            self.forget_slot(r);
        }
        self.members.clear();
        members
    }

    /// How many current members there are (after dropping stale entries).
    pub fn len(&mut self, heap: &Heap) -> usize {
        self.prune(heap);
        self.members.len()
    }

    /// True if there is no current member.
    pub fn is_empty(&mut self, heap: &Heap) -> bool {
        self.len(heap) == 0
    }

    /// Drops the entry for `r`'s slot, if there is one.
    fn forget_slot(&mut self, r: ObjRef) {
        if let Some(entry) = self.entry_of(r) {
            self.members[entry] = None;
            self.position[r.index()] = NO_ENTRY;
        }
    }

    /// Where `r`'s slot has its entry, if it has one.
    fn entry_of(&self, r: ObjRef) -> Option<usize> {
        match self.position.get(r.index()) {
            Some(&NO_ENTRY) | None => None,
            Some(&entry) => Some(entry as usize),
        }
    }

    /// Adds an entry for `r` (whose slot has none) at the end of the list.
    fn push_member(&mut self, r: ObjRef) {
        if self.position.len() <= r.index() {
            self.position.resize(r.index() + 1, NO_ENTRY);
        }
        self.position[r.index()] = self.members.len() as u32;
        self.members.push(Some(r));
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
        // Only the slots named by this list's entries can point into it.
        self.clear_positions(&entries);
        for (entry, r) in current.iter().enumerate() {
            self.position[r.index()] = entry as u32;
        }
        self.members = current.into_iter().map(Some).collect();
        self.prune_at = (2 * self.members.len()).max(MIN_PRUNE_AT);
    }

    /// Forgets the positions of the slots `entries` name that point into
    /// this list, in time proportional to the list, not to the heap.
    fn clear_positions(&mut self, entries: &[Option<ObjRef>]) {
        for (entry, r) in entries.iter().enumerate() {
            if let Some(r) = r
                && self.entry_of(*r) == Some(entry)
            {
                self.position[r.index()] = NO_ENTRY;
            }
        }
    }

    /// Entries in the list, current or stale: what it costs in memory.
    pub fn entries(&self) -> usize {
        self.members.len()
    }

    /// True if `entry` is the live entry of a live, tracked `r`.
    fn is_current(&self, heap: &Heap, r: ObjRef, entry: usize) -> bool {
        heap.try_get(r)
            .is_some_and(|object| flags::is_tracked(&object.header))
            && self.entry_of(r) == Some(entry)
    }
}

/// True if the collector follows `r`. CPython: `gc.is_tracked(obj)`.
pub fn is_tracked(heap: &Heap, r: ObjRef) -> bool {
    flags::is_tracked(&heap.get(r).header)
}
