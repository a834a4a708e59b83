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
//!   members:  [ #0, #3, VACANT, #7, #2 ]   allocation order; VACANT = untracked
//!   headers:  #0 → entry 0, #3 → entry 1, #7 → entry 3, #2 → entry 4
//! ```
//!
//! CPython unlinks an object from its generation in `tp_dealloc`. Chapter 2's
//! heap frees objects without telling this list, so an entry can outlive its
//! object; such entries are recognised and dropped lazily: at the start of
//! each collection, and whenever the list has doubled since the last time.
//!
//! Invariants:
//! - an object is *in the generation* if and only if it is live, its header
//!   has [`TRACKED`](crate::flags::TRACKED), and its header's `gc_entry`
//!   points at an entry of this list that names it;
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
    /// The slots of the tracked objects, in the order they were tracked;
    /// [`VACANT`] where one was untracked or moved to another list.
    members: Vec<u32>,
    /// Which list this is (chapter 5 has four), so that an object's header
    /// says which list its entry belongs to.
    number: u32,
    /// When `members` reaches this length, stale entries are dropped, so a
    /// program that never collects does not grow the list without end.
    prune_at: usize,
}

/// A `members` entry that names no object.
const VACANT: u32 = u32::MAX;

/// The smallest `prune_at`: below it, pruning is not worth its cost.
const MIN_PRUNE_AT: usize = 1024;
// ANCHOR_END: generation

/// `Header::gc_entry` packs the list's number into its top two bits and
/// the entry's position plus one below them (0 is "no entry").
const NUMBER_SHIFT: u32 = 30;
const POSITION_MASK: u32 = (1 << NUMBER_SHIFT) - 1;

/// The most lists the header can tell apart.
pub const MAX_LISTS: u32 = 1 << (32 - NUMBER_SHIFT);

impl Generation {
    /// An empty generation: list number 0.
    pub fn new() -> Generation {
        Generation::numbered(0)
    }

    /// An empty list with its own number, for a collector that keeps
    /// several (`number` below [`MAX_LISTS`]).
    pub fn numbered(number: u32) -> Generation {
        assert!(
            number < MAX_LISTS,
            "list number {number} does not fit the header"
        );
        Generation {
            // Room for 32,768 entries is 128 KiB, glibc's mmap threshold:
            // the list lives in a mapping of its own, never at the top of
            // glibc's heap, where growing it would pin what programs free
            // below it (chapter 8). Room not written is not resident.
            members: Vec::with_capacity(1 << 15),
            number,
            prune_at: MIN_PRUNE_AT,
        }
    }

    /// Called for every new object: tracks it if it is a container.
    /// CPython: `PyObject_GC_New` followed by `_PyObject_GC_TRACK`.
    pub fn on_alloc(&mut self, heap: &mut Heap, r: ObjRef) {
        if tracked_from_birth(heap, r) {
            self.track(heap, r);
        }
    }

    /// Puts the members in `order` (current members each once, in the order
    /// CPython's list would have them after a collection moved them about).
    pub fn reorder(&mut self, heap: &Heap, order: &[ObjRef]) {
        // The headers of what is not put back keep their old entries: an
        // entry counts only if the list names the object back at it.
        self.members.clear();
        for &r in order {
            let Some(object) = heap.try_get(r) else {
                continue;
            };
            let here = self
                .decode(object.header.gc_entry.get())
                .is_some_and(|position| self.members.get(position) == Some(&(r.index() as u32)));
            if flags::is_tracked(&object.header) && !here {
                self.push_member(heap, r);
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
        self.push_member(heap, r);
        if self.members.len() >= self.prune_at {
            self.prune(heap);
        }
    }

    /// Moves the tracked object `r` to the end of this list, from this list
    /// or from another one that has let go of it (CPython: `gc_list_move`
    /// to a generation's tail). Does nothing if `r` is not tracked.
    pub fn append(&mut self, heap: &Heap, r: ObjRef) {
        let tracked = heap
            .try_get(r)
            .is_some_and(|object| flags::is_tracked(&object.header));
        if !tracked {
            return;
        }
        self.forget(heap, r);
        self.push_member(heap, r);
    }

    /// Moves every member of `from` to the end of this list, in order,
    /// leaving `from` empty. CPython: `gc_list_merge`.
    pub fn append_all(&mut self, heap: &Heap, from: &mut Generation) {
        for position in 0..from.members.len() {
            let slot = from.members[position];
            if slot != VACANT {
                let r = ObjRef::from_index(slot as usize);
                if from.is_current(heap, r, position) {
                    self.push_member(heap, r);
                }
            }
        }
        from.members.clear();
    }

    /// Stops following `r`: the collector will treat it as it treats an int,
    /// and a reference *from* it as coming from outside. CPython: `PyObject_GC_UnTrack`.
    pub fn untrack(&mut self, heap: &mut Heap, r: ObjRef) {
        self.forget(heap, r);
        flags::clear_tracked(&mut heap.get_mut(r).header);
    }

    /// Drops `r`'s entry if this list has it, leaving `r` tracked: for a
    /// list that hands its members to another (chapter 5's generations).
    pub fn forget(&mut self, heap: &Heap, r: ObjRef) {
        if let Some(position) = self.entry_of(heap, r) {
            self.members[position] = VACANT;
            heap.get(r).header.gc_entry.set(0);
        }
    }

    /// The members, oldest first, leaving the list empty. CPython: the
    /// source side of `gc_list_merge`.
    pub fn take_all(&mut self, heap: &Heap) -> Vec<ObjRef> {
        let members = self.members(heap);
        for &r in &members {
            heap.get(r).header.gc_entry.set(0);
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

    /// What an object's header holds for the entry at `position` here.
    fn entry_code(&self, position: usize) -> u32 {
        (self.number << NUMBER_SHIFT) | (position as u32 + 1)
    }

    /// Where `r`'s entry is in this list, if it has one here. The header
    /// says where; the entry must name `r` back, or it belonged to an
    /// object freed from the same slot.
    fn entry_of(&self, heap: &Heap, r: ObjRef) -> Option<usize> {
        let position = self.decode(heap.try_get(r)?.header.gc_entry.get())?;
        (self.members.get(position) == Some(&(r.index() as u32))).then_some(position)
    }

    /// The position a header's entry names in this list, if it names one.
    fn decode(&self, entry: u32) -> Option<usize> {
        (entry != 0 && entry >> NUMBER_SHIFT == self.number)
            .then(|| (entry & POSITION_MASK) as usize - 1)
    }

    /// Adds an entry for `r` (which has none) at the end of the list.
    fn push_member(&mut self, heap: &Heap, r: ObjRef) {
        let position = self.members.len();
        assert!(
            position < POSITION_MASK as usize,
            "more than 2^30 tracked objects"
        );
        heap.get(r).header.gc_entry.set(self.entry_code(position));
        self.members.push(r.index() as u32);
    }

    /// The current members, oldest first.
    fn current(&self, heap: &Heap) -> Vec<ObjRef> {
        self.members
            .iter()
            .enumerate()
            .filter(|&(_, &slot)| slot != VACANT)
            .map(|(position, &slot)| (position, ObjRef::from_index(slot as usize)))
            .filter(|&(position, r)| self.is_current(heap, r, position))
            .map(|(_, r)| r)
            .collect()
    }

    /// The objects in the generation, oldest first (stale entries are
    /// skipped, and dropped when the list next doubles).
    pub fn members(&mut self, heap: &Heap) -> Vec<ObjRef> {
        self.current(heap)
    }

    /// Drops untracked and stale entries, keeping the order of the rest.
    /// The next prune comes when the list has doubled: amortised, each
    /// entry costs O(1).
    fn prune(&mut self, heap: &Heap) {
        let current = self.current(heap);
        self.members.clear();
        for r in current {
            self.push_member(heap, r);
        }
        self.prune_at = (2 * self.members.len()).max(MIN_PRUNE_AT);
    }

    /// Entries in the list, current or stale: what it costs in memory.
    pub fn entries(&self) -> usize {
        self.members.len()
    }

    /// True if the entry at `position` is the live entry of a live, tracked `r`.
    fn is_current(&self, heap: &Heap, r: ObjRef, position: usize) -> bool {
        heap.try_get(r).is_some_and(|object| {
            flags::is_tracked(&object.header)
                && object.header.gc_entry.get() == self.entry_code(position)
        })
    }
}

/// True if the collector follows `r`. CPython: `gc.is_tracked(obj)`.
pub fn is_tracked(heap: &Heap, r: ObjRef) -> bool {
    flags::is_tracked(&heap.get(r).header)
}
