//! The heap: where every object lives, and the one function that creates them.
//!
//! Each object is an allocation of its own, as in CPython, and the heap
//! keeps a numbered table of them: an [`ObjRef`] is a slot number in that
//! table. The heap counts what it holds, so a program's memory use can be
//! measured.
//!
//! This chapter's heap never frees. [`Heap::release`] exists (it is how a
//! slot is handed back) but nothing in this crate calls it: deciding *when*
//! an object may be released is the subject of chapter 2.
//!
//! Invariants:
//! - a slot is either live (holds an object) or on the free list, never both;
//! - `allocations - releases` equals the number of live slots.

use std::rc::Rc;

use crate::dict::DictKey;
use crate::free_lists::FreeLists;
use crate::object::{ObjRef, Object, Payload};

/// Counters the heap keeps about itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HeapStats {
    /// Objects ever allocated.
    pub allocations: u64,
    /// Objects released (always 0 in this chapter).
    pub releases: u64,
    /// Objects alive now.
    pub live_objects: usize,
    /// The sum of the live objects' sizes, as `sys.getsizeof` would report them.
    pub live_bytes: usize,
    /// Slots in the heap's table now: live objects plus free slots (the
    /// free slots at its end are given back).
    pub slots: usize,
}

// ANCHOR: heap
/// Every object of a running program. CPython has no such table: objects live
/// wherever the allocator put them, and a pointer is their identity. Here
/// too each object is a block of memory of its own (the `Box`), and the
/// table only points at it: 8 bytes per slot on 64-bit.
#[derive(Debug)]
pub struct Heap {
    /// One entry per slot; `None` for a free slot.
    slots: Vec<Option<Box<Object>>>,
    /// Free slots, most recently freed last (reused first).
    free_slots: Vec<ObjRef>,
    allocations: u64,
    releases: u64,
    /// How many of the released objects were containers (see
    /// [`Heap::container_releases`]).
    container_releases: u64,
    /// The free list's length at which the table is next compacted.
    compact_at: usize,
    /// The memory of the object released last, for the next one.
    last_freed: Option<Box<Object>>,
    /// The lengths of CPython's free lists (chapter 5's count skips what
    /// they would hold).
    free_lists: FreeLists,
}

/// The fewest free slots worth compacting the table for.
const MIN_COMPACT_AT: usize = 1 << 16;

/// The fewest entries the slot table and the free-slot list keep room
/// for. Both are then larger than glibc's mmap threshold (128 KiB) from
/// the start, so they live in mappings of their own: were they in the
/// heap proper, each time one grew it would move to the heap's top, and a
/// small live block there keeps `free` from giving back the memory below
/// it (chapter 8). Room reserved but never written costs no resident memory.
const MIN_TABLE_ROOM: usize = 1 << 16;
// ANCHOR_END: heap

impl Default for Heap {
    fn default() -> Heap {
        Heap::new()
    }
}

impl Heap {
    /// An empty heap.
    pub fn new() -> Heap {
        Heap {
            slots: Vec::with_capacity(MIN_TABLE_ROOM),
            free_slots: Vec::with_capacity(MIN_TABLE_ROOM),
            allocations: 0,
            releases: 0,
            container_releases: 0,
            compact_at: MIN_COMPACT_AT,
            last_freed: None,
            free_lists: FreeLists::default(),
        }
    }

    // ANCHOR: alloc
    /// Creates an object and returns the one reference to it (its count is 1).
    /// Every object of the runtime is made here. CPython: `PyObject_New`.
    pub fn alloc(&mut self, payload: Payload) -> ObjRef {
        self.allocations += 1;
        let object = match self.last_freed.take() {
            Some(mut block) => {
                *block = Object::new(payload);
                block
            }
            None => Box::new(Object::new(payload)),
        };
        match self.pop_free_slot() {
            Some(slot) => {
                self.slots[slot.index()] = Some(object);
                slot
            }
            None => {
                self.slots.push(Some(object));
                ObjRef::from_index(self.slots.len() - 1)
            }
        }
    }
    // ANCHOR_END: alloc

    /// Takes the object out of its slot and makes the slot available for the
    /// next allocation. The caller is responsible for what the object held.
    ///
    /// # Panics
    /// If `r` is not live: releasing twice is a bug in the caller.
    pub fn release(&mut self, r: ObjRef) -> Object {
        let mut block = self.slots[r.index()]
            .take()
            .unwrap_or_else(|| panic!("release of {r:?}, which is not live"));
        let object = std::mem::replace(&mut *block, Object::new(Payload::None));
        // The object's own memory is kept for the next object, and the one
        // kept before goes back to the allocator now. CPython frees an
        // object's memory after what it owned (`tp_dealloc` ends with
        // `PyObject_Free(self)`), so the next object of its size gets the
        // same address; freeing the box here, before the caller drops the
        // payload, would let the payload's buffers take that place first.
        drop(self.last_freed.replace(block));
        self.releases += 1;
        if object.payload.is_container() && !self.free_lists.keep(&object.payload) {
            self.container_releases += 1;
        }
        if let Payload::Class(_) | Payload::Instance(_) = &object.payload {
            self.container_releases += self.free_lists.keep_parts(&object.payload) as u64;
        }
        self.free_slots.push(r);
        if r.index() + 1 == self.slots.len() {
            self.drop_free_tail();
        }
        if self.free_slots.len() >= self.compact_at {
            self.compact();
        }
        object
    }

    /// The most recently freed slot still free, if any. The free list may
    /// name slots that [`drop_free_tail`](Heap::drop_free_tail) removed, or
    /// that were reused since: those are skipped.
    fn pop_free_slot(&mut self) -> Option<ObjRef> {
        while let Some(slot) = self.free_slots.pop() {
            if matches!(self.slots.get(slot.index()), Some(None)) {
                return Some(slot);
            }
        }
        None
    }

    /// The table's last slot was freed: drops the free slots at its end, so
    /// that a program that frees what it built gives the table's memory
    /// back (a million objects: 8 MB). The free list keeps naming them
    /// until the next [`compact`](Heap::compact).
    fn drop_free_tail(&mut self) {
        while matches!(self.slots.last(), Some(None)) {
            self.slots.pop();
        }
        if self.slots.capacity() > 4 * self.slots.len().max(MIN_TABLE_ROOM) {
            self.slots.shrink_to(2 * self.slots.len());
        }
    }

    /// Drops the free list's names for slots no longer free, and shrinks
    /// it. Runs when the free list has doubled since the last time, so its
    /// cost is spread over the releases that called for it.
    fn compact(&mut self) {
        let slots = &self.slots;
        self.free_slots
            .retain(|slot| matches!(slots.get(slot.index()), Some(None)));
        self.free_slots.shrink_to(MIN_TABLE_ROOM);
        self.compact_at = (2 * self.free_slots.len()).max(MIN_COMPACT_AT);
    }

    /// CPython's free lists, as lengths (see [`crate::free_lists`]).
    pub fn free_lists(&mut self) -> &mut FreeLists {
        &mut self.free_lists
    }

    /// True if CPython 3.11 would have taken the new object `r` from one of
    /// its free lists, which then holds one fewer.
    pub fn take_from_free_list(&mut self, r: ObjRef) -> bool {
        match self.slots.get(r.index()) {
            Some(Some(object)) => self.free_lists.take(&object.payload),
            _ => false,
        }
    }

    /// How many of the hidden parts CPython 3.11 makes with the new object
    /// `r` (a class's dict, see [`FreeLists::take_parts`]) it would make
    /// afresh rather than take from a free list.
    pub fn take_parts_from_free_lists(&mut self, r: ObjRef) -> usize {
        match self.slots.get(r.index()) {
            Some(Some(object)) if matches!(object.payload, Payload::Class(_)) => {
                self.free_lists.take_parts(&object.payload)
            }
            _ => 0,
        }
    }

    /// How many containers have been released so far: CPython's calls of
    /// `PyObject_GC_Del` (a list, dict or small tuple CPython would keep on
    /// a free list does not count), which chapter 5's collector counts
    /// against allocations to decide when to collect.
    pub fn container_releases(&self) -> u64 {
        self.container_releases
    }

    /// True if `r` names a live object.
    pub fn is_live(&self, r: ObjRef) -> bool {
        matches!(self.slots.get(r.index()), Some(Some(_)))
    }

    /// The object `r` refers to.
    ///
    /// # Panics
    /// If `r` is not live: a dangling reference is a bug in the runtime.
    pub fn get(&self, r: ObjRef) -> &Object {
        self.try_get(r)
            .unwrap_or_else(|| panic!("dangling reference {r:?}"))
    }

    /// The object `r` refers to, for changing it.
    ///
    /// # Panics
    /// If `r` is not live.
    pub fn get_mut(&mut self, r: ObjRef) -> &mut Object {
        self.slots
            .get_mut(r.index())
            .and_then(Option::as_deref_mut)
            .unwrap_or_else(|| panic!("dangling reference {r:?}"))
    }

    /// The object `r` refers to, or `None` if its slot is free.
    pub fn try_get(&self, r: ObjRef) -> Option<&Object> {
        self.slots.get(r.index()).and_then(Option::as_deref)
    }

    /// The payload of `r`.
    pub fn payload(&self, r: ObjRef) -> &Payload {
        &self.get(r).payload
    }

    /// The reference count stored in `r`'s header.
    pub fn refcount(&self, r: ObjRef) -> usize {
        self.get(r).header.refcount
    }

    // ANCHOR: address
    /// The value `id(obj)` returns: the address of the object's memory, as
    /// in CPython. It stays the same while the object lives, and a block
    /// freed and reused by the allocator gives the next object the same id.
    pub fn address(&self, r: ObjRef) -> usize {
        std::ptr::from_ref(self.get(r)).addr()
    }
    // ANCHOR_END: address

    /// Every live object with its reference, in slot order.
    pub fn iter(&self) -> impl Iterator<Item = (ObjRef, &Object)> + '_ {
        self.slots.iter().enumerate().filter_map(|(i, slot)| {
            slot.as_deref()
                .map(|object| (ObjRef::from_index(i), object))
        })
    }

    // ANCHOR: stats
    /// Counts what the heap holds now.
    pub fn stats(&self) -> HeapStats {
        HeapStats {
            allocations: self.allocations,
            releases: self.releases,
            live_objects: (self.allocations - self.releases) as usize,
            live_bytes: self.iter().map(|(_, object)| object.payload.size()).sum(),
            slots: self.slots.len(),
        }
    }
    // ANCHOR_END: stats

    /// The hash-and-equality identity of `r` as a dict key, or `None` if the
    /// object is unhashable (a list, a dict, or a tuple holding one).
    pub fn dict_key(&self, r: ObjRef) -> Option<DictKey> {
        Some(match self.payload(r) {
            Payload::None => DictKey::None,
            Payload::Bool(b) => DictKey::Int(i64::from(*b)),
            Payload::Int(n) => DictKey::Int(*n),
            Payload::Float(x) if x.fract() == 0.0 && x.abs() < 9.2e18 => DictKey::Int(*x as i64),
            Payload::Float(x) => DictKey::Float(x.to_bits()),
            Payload::Str(s) => DictKey::Str(Rc::from(&**s)),
            Payload::Tuple(items) => DictKey::Tuple(
                items
                    .iter()
                    .map(|&item| self.dict_key(item))
                    .collect::<Option<_>>()?,
            ),
            Payload::List(_) | Payload::Dict(_) => return None,
            Payload::Class(_) | Payload::Instance(_) | Payload::Native(_) => DictKey::Identity(r),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_object_has_one_reference() {
        let mut heap = Heap::new();
        let r = heap.alloc(Payload::Int(7));
        assert_eq!(heap.refcount(r), 1);
        assert!(matches!(heap.payload(r), Payload::Int(7)));
    }

    #[test]
    fn the_heap_grows_with_every_allocation_and_never_shrinks_by_itself() {
        let mut heap = Heap::new();
        for n in 0..1000 {
            heap.alloc(Payload::Int(n));
        }
        let stats = heap.stats();
        assert_eq!(stats.allocations, 1000);
        assert_eq!(stats.live_objects, 1000);
        assert_eq!(stats.releases, 0);
        assert_eq!(stats.live_bytes, 1000 * 28);
    }

    #[test]
    fn a_released_slot_is_reused_and_so_is_its_id() {
        let mut heap = Heap::new();
        let first = heap.alloc(Payload::list(vec![]));
        let id = heap.address(first);
        heap.release(first);
        assert!(!heap.is_live(first));
        let second = heap.alloc(Payload::list(vec![]));
        assert_eq!(heap.address(second), id);
        assert_eq!(heap.stats().live_objects, 1);
    }

    #[test]
    fn numbers_that_compare_equal_are_the_same_key() {
        let mut heap = Heap::new();
        let one = heap.alloc(Payload::Int(1));
        let one_float = heap.alloc(Payload::Float(1.0));
        let truth = heap.alloc(Payload::Bool(true));
        let key = heap.dict_key(one);
        assert_eq!(key, heap.dict_key(one_float));
        assert_eq!(key, heap.dict_key(truth));
        let list = heap.alloc(Payload::list(vec![one]));
        let tuple = heap.alloc(Payload::tuple([one, list]));
        assert_eq!(
            heap.dict_key(tuple),
            None,
            "a tuple holding a list is unhashable"
        );
    }
}
