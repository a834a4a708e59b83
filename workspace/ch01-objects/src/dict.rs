//! The insertion-ordered hash table behind dicts, class bodies and instance
//! attributes.
//!
//! A dict maps *keys* to *values*, both objects. Looking a key up needs its
//! hash and equality, which for strings, numbers and tuples depend on the
//! key's contents; the caller computes them once as a [`DictKey`] (with
//! [`Heap::dict_key`](crate::Heap::dict_key)) so the table itself never reads the heap.
//!
//! Like CPython's compact dict (3.6+), entries sit in a dense array in
//! insertion order and a separate index maps each key's hash to its entry.
//! Deleting leaves a hole that is squeezed out once holes outnumber live
//! entries. A dict of a few keys has no index at all.

use std::cell::RefCell;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};
use std::rc::Rc;

use hashbrown::HashTable;

use crate::object::ObjRef;

/// A key's identity for hashing and equality, as Python defines them:
/// `1`, `1.0` and `True` are the same key; strings compare by contents;
/// instances by identity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DictKey {
    /// `None`.
    None,
    /// An int, a bool, or a float with an integral value.
    Int(i64),
    /// Any other float, by its bit pattern.
    Float(u64),
    /// A string, by contents. Shared: the names of a class's instances
    /// are one string each, however many instances hold them.
    Str(Rc<str>),
    /// A tuple of hashable items.
    Tuple(Box<[DictKey]>),
    /// Anything hashed by identity (instances, classes, functions).
    Identity(ObjRef),
    /// An instance whose class defines `__hash__` and `__eq__`: the hash its
    /// `__hash__` returned, and the key already in the table that its
    /// `__eq__` says it equals (itself, if none does). Equality is Python
    /// code, which the table cannot run, so the interpreter finds that key
    /// first (see [`Dict::keys_with_hash`]).
    ByEq(i64, ObjRef),
}

/// An insertion-ordered map from keys to values. CPython: `PyDictObject`.
///
/// As an instance's attributes, once they no longer fit a values array
/// ([`Attrs`](crate::attrs::Attrs)), each entry keeps its *slot*, its
/// key's place in the [`SharedKeys`] of its class's instances, and the
/// values are released (and traversed) in slot order, while iteration
/// keeps the instance's own insertion order.
///
/// A dict of up to [`SMALL`] keys has no index: a lookup compares the keys
/// of its few entries, as CPython 3.11 does for the keys of a small
/// unicode table, and the dict costs its entries and nothing else.
#[derive(Debug, Default)]
pub struct Dict {
    table: Combined,
    /// How many keys are present.
    live: u32,
    /// True for an instance's attributes once they have moved into a dict
    /// object of their own (its `__dict__`, asked for by Python code): the
    /// one entry left here is that dict.
    moved_out: bool,
}

/// A table of entries, each with its key.
#[derive(Debug, Default)]
struct Combined {
    /// The entries in insertion order; `None` marks a deleted entry.
    entries: Vec<Option<Entry>>,
    /// The live entries' positions, by their keys' hash, once the dict has
    /// held more than [`SMALL`] keys. Boxed, so that a small dict carries
    /// one word for it.
    index: Option<Box<HashTable<u32>>>,
    /// The entries' slots, for an instance's attributes; `None` for an
    /// ordinary dict. Kept beside the entries rather than in them, so that
    /// the entries of every other dict are no larger than they must be.
    slots: Option<Box<Slots>>,
}

/// The slots of a table's entries: where each value sits in the keys its
/// class's instances share.
#[derive(Debug)]
struct Slots {
    /// Each entry's slot, [`NO_SLOT`] for none, one per entry (deleted
    /// ones included).
    of_entry: Vec<u32>,
    /// The highest slot given so far, plus one, with [`SCRAMBLED`] set once
    /// the insertion order and the slot order differ, so that releasing
    /// must sort by slot.
    top: u32,
}

/// The bit of `Slots::top` that says the slots are out of order.
const SCRAMBLED: u32 = 1 << 31;

/// The attribute names a class's instances share, in the order they were
/// first set: a name's position is its slot. CPython: the keys of a split
/// dict, a type's `ht_cached_keys`.
#[derive(Debug, Default)]
pub struct SharedKeys {
    names: RefCell<Vec<Rc<str>>>,
}

impl SharedKeys {
    /// Keys with these names, in slot order (a class's `__slots__`).
    pub fn new(names: Vec<Rc<str>>) -> SharedKeys {
        SharedKeys {
            names: RefCell::new(names),
        }
    }

    /// The slot of `name`, if it has one.
    pub fn slot_of(&self, name: &str) -> Option<u32> {
        let names = self.names.borrow();
        names.iter().position(|n| **n == *name).map(|i| i as u32)
    }

    /// Gives `name` the next slot and returns it.
    pub fn push(&self, name: Rc<str>) -> u32 {
        let mut names = self.names.borrow_mut();
        names.push(name);
        names.len() as u32 - 1
    }

    /// How many names there are.
    pub fn len(&self) -> usize {
        self.names.borrow().len()
    }

    /// True if no name has a slot yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The slot of the string key `key`.
    pub(crate) fn slot_of_key(&self, key: &DictKey) -> Option<usize> {
        let DictKey::Str(text) = key else {
            return None;
        };
        let names = self.names.borrow();
        names
            .iter()
            .position(|n| Rc::ptr_eq(n, text) || **n == **text)
    }

    /// The key of slot `slot`.
    pub(crate) fn key(&self, slot: usize) -> DictKey {
        DictKey::Str(self.names.borrow()[slot].clone())
    }
}

/// The most keys a dict holds without an index.
pub const SMALL: usize = 8;

/// One key and its value.
#[derive(Debug)]
struct Entry {
    key: DictKey,
    key_object: ObjRef,
    value: ObjRef,
}

const NO_SLOT: u32 = u32::MAX;

/// The index's hash of a key.
fn hash_of(key: &DictKey) -> u64 {
    BuildHasherDefault::<KeyHasher>::default().hash_one(key)
}

impl Dict {
    /// An empty dict.
    pub fn new() -> Dict {
        Dict::default()
    }

    /// True once the entries moved to a dict object of their own, which is
    /// then the only value here (see [`Dict::move_out`]).
    pub fn is_moved_out(&self) -> bool {
        self.moved_out
    }

    /// Hands over the whole table (its entries, slots and order), and keeps
    /// `holder` under `key` instead: the dict object that holds it now.
    pub fn move_out(&mut self, key: DictKey, key_object: ObjRef, holder: ObjRef) -> Dict {
        let table = std::mem::take(self);
        self.keep_holder(key, key_object, holder);
        table
    }

    /// Adds `holder` under `key`: the dict object that holds the rest of
    /// the entries from now on.
    pub(crate) fn keep_holder(&mut self, key: DictKey, key_object: ObjRef, holder: ObjRef) {
        self.insert(key, key_object, holder);
        self.moved_out = true;
    }

    /// Takes out the entries that have a slot, in a dict of their own that
    /// keeps the slots; the others stay, in their order.
    pub(crate) fn split_off_slotted(&mut self) -> Dict {
        let mut table = std::mem::take(self).table;
        let slots = table.take_slots();
        let mut slotted = Dict::new();
        for (entry, slot) in table.entries.into_iter().zip(slots) {
            let Some(entry) = entry else { continue };
            if slot == NO_SLOT {
                self.insert(entry.key, entry.key_object, entry.value);
            } else {
                slotted.insert_in_slot(entry.key, entry.key_object, entry.value, slot);
            }
        }
        slotted
    }

    /// How many keys the dict holds.
    pub fn len(&self) -> usize {
        self.live as usize
    }

    /// True if the dict holds no keys.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// A dict of an instance's values array `values`, indexed by `keys`'
    /// slots: each entry keeps its slot, so that the values are still
    /// released in slot order.
    pub(crate) fn from_values(values: &[(ObjRef, ObjRef)], keys: &SharedKeys) -> Dict {
        let mut entries = Vec::with_capacity(values.len());
        let mut of_entry = Vec::with_capacity(values.len());
        for (slot, &(key_object, value)) in values.iter().enumerate() {
            if value != ObjRef::VACANT {
                entries.push(Some(Entry {
                    key: keys.key(slot),
                    key_object,
                    value,
                }));
                of_entry.push(slot as u32);
            }
        }
        let live = entries.len() as u32;
        let mut table = Combined {
            entries,
            index: None,
            slots: Some(Box::new(Slots {
                of_entry,
                top: values.len() as u32,
            })),
        };
        if live as usize > SMALL {
            table.rebuild_index();
        }
        Dict {
            table,
            live,
            moved_out: false,
        }
    }

    /// The value stored under `key`.
    pub fn get(&self, key: &DictKey) -> Option<ObjRef> {
        self.table.find(key).map(|at| self.table.entry(at).value)
    }

    /// The value slot of `key`, if present, to replace a value without
    /// building an owned key (rebinding a name needs no allocation).
    pub fn value_mut(&mut self, key: &DictKey) -> Option<&mut ObjRef> {
        let at = self.table.find(key)?;
        self.table.entries[at].as_mut().map(|e| &mut e.value)
    }

    /// The key object and value stored under `key`.
    pub fn get_entry(&self, key: &DictKey) -> Option<(ObjRef, ObjRef)> {
        self.table.find(key).map(|at| {
            let entry = self.table.entry(at);
            (entry.key_object, entry.value)
        })
    }

    /// Stores `value` under `key`, whose object is `key_object`.
    ///
    /// If the key was present, its original key object stays and the old value is
    /// returned: the caller owns that reference (and the new `key_object`'s,
    /// which the dict did not keep). Otherwise returns `None` and the dict
    /// keeps both references it was given.
    pub fn insert(&mut self, key: DictKey, key_object: ObjRef, value: ObjRef) -> Option<ObjRef> {
        if let Some(old) = self.replace(&key, value) {
            return Some(old);
        }
        let live = self.len() + 1;
        let combined = &mut self.table;
        if let Some(slots) = &mut combined.slots {
            // An entry without a slot goes after the slotted ones.
            slots.top |= SCRAMBLED;
        }
        combined.push(key, key_object, value, NO_SLOT, live);
        self.live += 1;
        None
    }

    /// Puts `value` under `key` if the key is present, handing back the
    /// old value.
    fn replace(&mut self, key: &DictKey, value: ObjRef) -> Option<ObjRef> {
        self.value_mut(key)
            .map(|slot| std::mem::replace(slot, value))
    }

    /// [`Dict::insert`] for an instance's attributes: a new key's value
    /// keeps `slot`, its key's place in the keys its class's instances
    /// share.
    pub fn insert_in_slot(
        &mut self,
        key: DictKey,
        key_object: ObjRef,
        value: ObjRef,
        slot: u32,
    ) -> Option<ObjRef> {
        if let Some(old) = self.replace(&key, value) {
            return Some(old);
        }
        let live = self.len() + 1;
        let combined = &mut self.table;
        let earlier = combined.entries.len();
        let slots = combined.slots.get_or_insert_with(|| {
            // Entries made before the dict was split have no slot.
            Box::new(Slots {
                of_entry: vec![NO_SLOT; earlier],
                top: if earlier == 0 { 0 } else { SCRAMBLED },
            })
        });
        if slot + 1 < slots.top & !SCRAMBLED {
            slots.top |= SCRAMBLED;
        }
        let scrambled = slots.top & SCRAMBLED;
        slots.top = ((slots.top & !SCRAMBLED).max(slot + 1)) | scrambled;
        combined.push(key, key_object, value, slot, live);
        self.live += 1;
        None
    }

    /// Turns a split instance dict into an ordinary one (CPython 3.11 makes
    /// the dict *combined* when its class's shared keys are full): from now
    /// on values are released in insertion order.
    pub fn forget_slots(&mut self) {
        self.table.slots = None;
    }

    /// True if some entry has no slot (every entry of an ordinary dict).
    pub fn has_unslotted(&self) -> bool {
        self.unslotted().next().is_some()
    }

    /// The live entries without a slot, in insertion order.
    pub fn unslotted(&self) -> impl Iterator<Item = (ObjRef, ObjRef)> + '_ {
        let slots = self.table.slots.as_deref();
        self.table
            .entries
            .iter()
            .enumerate()
            .filter(move |&(at, _)| slots.is_none_or(|s| s.of_entry[at] == NO_SLOT))
            .filter_map(|(_, entry)| entry.as_ref().map(|e| (e.key_object, e.value)))
    }

    /// True if the values have slots (a split instance dict).
    pub fn is_split(&self) -> bool {
        self.table.slots.is_some()
    }

    /// Removes `key`, handing back the key object and the value (both
    /// references now belong to the caller).
    pub fn remove(&mut self, key: &DictKey) -> Option<(ObjRef, ObjRef)> {
        let at = self.table.find(key)?;
        self.live -= 1;
        Some(self.table.remove(key, at, self.live as usize))
    }

    /// Empties the dict, handing back every `(key, value)` in insertion order
    /// (in slot order for an instance's attributes, as CPython 3.11 frees a
    /// values array).
    pub fn drain(&mut self) -> Vec<(ObjRef, ObjRef)> {
        let mut table = std::mem::take(self).table;
        let order = table.slot_order();
        let mut entries = std::mem::take(&mut table.entries);
        let pair = |e: Entry| (e.key_object, e.value);
        match order {
            None => entries.into_iter().flatten().map(pair).collect(),
            Some(order) => order
                .into_iter()
                .filter_map(|at| entries[at].take())
                .map(pair)
                .collect(),
        }
    }

    /// The key objects stored under [`DictKey::ByEq`] keys with this hash,
    /// in insertion order (the order CPython's probes meet keys of one
    /// hash): the keys a new key with that hash must be compared with, with
    /// its `__eq__`, before it can be looked up.
    pub fn keys_with_hash(&self, hash: i64) -> Vec<ObjRef> {
        self.table
            .entries
            .iter()
            .flatten()
            .filter_map(|e| match e.key {
                DictKey::ByEq(h, key) if h == hash => Some(key),
                _ => None,
            })
            .collect()
    }

    /// The live entries, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (ObjRef, ObjRef)> + '_ {
        self.table
            .entries
            .iter()
            .flatten()
            .map(|e| (e.key_object, e.value))
    }

    /// The entry at position `position` of the entry array, skipping nothing:
    /// `Ok(None)` is a deleted entry; `Err(())` is the end. Lets an iterator
    /// walk a dict that may change between steps.
    #[allow(clippy::result_unit_err)]
    pub fn entry_at(&self, position: usize) -> Result<Option<(ObjRef, ObjRef)>, ()> {
        self.table
            .entries
            .get(position)
            .map(|entry| entry.as_ref().map(|e| (e.key_object, e.value)))
            .ok_or(())
    }

    /// Calls `visit` for every key and value, in insertion order (slot order
    /// for an instance's attributes whose orders parted).
    pub fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        let mut visit_pair = |(key, value): (ObjRef, ObjRef)| {
            visit(key);
            visit(value);
        };
        match self.table.slot_order() {
            None => self.iter().for_each(visit_pair),
            Some(order) => order
                .into_iter()
                .filter_map(|at| self.table.entries[at].as_ref())
                .for_each(|e| visit_pair((e.key_object, e.value))),
        }
    }

    /// Approximately what `sys.getsizeof` reports for a dict of this length
    /// in CPython 3.11 (64 bytes empty, 184 with up to five keys).
    pub fn size(&self) -> usize {
        match self.len() {
            0 => 64,
            n => 184 + 24 * n.saturating_sub(5),
        }
    }
}

impl Combined {
    /// Where `key`'s entry is.
    fn find(&self, key: &DictKey) -> Option<usize> {
        match &self.index {
            None => self
                .entries
                .iter()
                .position(|entry| entry.as_ref().is_some_and(|e| e.key == *key)),
            Some(index) => index
                .find(hash_of(key), |&at| {
                    self.entries[at as usize]
                        .as_ref()
                        .is_some_and(|e| e.key == *key)
                })
                .map(|&at| at as usize),
        }
    }

    fn entry(&self, at: usize) -> &Entry {
        self.entries[at].as_ref().expect("a live entry")
    }

    /// Appends a new entry, and indexes it once the dict is past [`SMALL`]
    /// (`live` keys, the new one included).
    fn push(&mut self, key: DictKey, key_object: ObjRef, value: ObjRef, slot: u32, live: usize) {
        let at = self.entries.len();
        let hash = self.index.is_some().then(|| hash_of(&key));
        if self.index.is_none() && self.entries.len() < SMALL {
            // A small dict grows one entry at a time: its few entries are
            // all it costs.
            self.entries.reserve_exact(1);
        }
        self.entries.push(Some(Entry {
            key,
            key_object,
            value,
        }));
        if let Some(slots) = &mut self.slots {
            slots.of_entry.push(slot);
        }
        match (&mut self.index, hash) {
            (Some(index), Some(hash)) => {
                let entries = &self.entries;
                index.insert_unique(hash, at as u32, |&i| {
                    hash_of(&entries[i as usize].as_ref().expect("indexed").key)
                });
            }
            _ if live > SMALL => self.rebuild_index(),
            _ => {}
        }
    }

    /// Builds the index from the live entries.
    fn rebuild_index(&mut self) {
        let mut index = HashTable::with_capacity(self.entries.len());
        for (at, entry) in self.entries.iter().enumerate() {
            if let Some(entry) = entry {
                index.insert_unique(hash_of(&entry.key), at as u32, |_: &u32| {
                    unreachable!("the table was made large enough")
                });
            }
        }
        self.index = Some(Box::new(index));
    }

    /// The live entries' positions in release order: slot order for a
    /// scrambled instance dict, insertion order otherwise (`None`).
    fn slot_order(&self) -> Option<Vec<usize>> {
        let slots = self.slots.as_deref()?;
        if slots.top & SCRAMBLED == 0 {
            return None;
        }
        let mut order: Vec<(u32, usize)> = self
            .entries
            .iter()
            .zip(&slots.of_entry)
            .enumerate()
            .filter_map(|(at, (entry, &slot))| entry.as_ref().map(|_| (slot, at)))
            .collect();
        order.sort_unstable();
        Some(order.into_iter().map(|(_, at)| at).collect())
    }

    /// Takes each entry's slot ([`NO_SLOT`] for an ordinary dict's),
    /// leaving the table an ordinary one.
    fn take_slots(&mut self) -> Vec<u32> {
        match self.slots.take() {
            Some(slots) => slots.of_entry,
            None => vec![NO_SLOT; self.entries.len()],
        }
    }

    /// Removes the entry at `at` (whose key is `key`); `live` keys remain.
    fn remove(&mut self, key: &DictKey, at: usize, live: usize) -> (ObjRef, ObjRef) {
        if let Some(index) = &mut self.index
            && let Ok(found) = index.find_entry(hash_of(key), |&i| i as usize == at)
        {
            found.remove();
        }
        let removed = self.entries[at].take().map(|e| (e.key_object, e.value));
        if self.entries.len() > SMALL && self.entries.len() > 2 * live {
            self.compact(live);
        }
        removed.expect("a live entry")
    }

    /// Squeezes deleted entries out of the array and rebuilds the index.
    fn compact(&mut self, live: usize) {
        // The old index goes first, so that a large dict never holds two.
        self.index = None;
        if let Some(slots) = &mut self.slots {
            let mut live_entries = self.entries.iter().map(Option::is_some);
            slots.of_entry.retain(|_| live_entries.next() == Some(true));
        }
        self.entries.retain(Option::is_some);
        if live > SMALL {
            self.rebuild_index();
        } else {
            self.entries.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: i64) -> DictKey {
        DictKey::Int(n)
    }

    #[test]
    fn keeps_insertion_order_through_deletes() {
        let mut dict = Dict::new();
        for n in 0..20 {
            assert_eq!(
                dict.insert(
                    key(n),
                    ObjRef::from_index(n as usize),
                    ObjRef::from_index(100 + n as usize)
                ),
                None
            );
        }
        for n in (0..20).filter(|n| n % 3 != 0) {
            assert!(dict.remove(&key(n)).is_some());
        }
        let keys: Vec<usize> = dict.iter().map(|(k, _)| k.index()).collect();
        assert_eq!(keys, vec![0, 3, 6, 9, 12, 15, 18]);
        assert_eq!(dict.get(&key(9)), Some(ObjRef::from_index(109)));
        assert_eq!(dict.get(&key(10)), None);
    }

    #[test]
    fn overwriting_keeps_the_first_key_and_returns_the_old_value() {
        let mut dict = Dict::new();
        dict.insert(key(1), ObjRef::from_index(1), ObjRef::from_index(10));
        let old = dict.insert(key(1), ObjRef::from_index(2), ObjRef::from_index(20));
        assert_eq!(old, Some(ObjRef::from_index(10)));
        assert_eq!(
            dict.get_entry(&key(1)),
            Some((ObjRef::from_index(1), ObjRef::from_index(20)))
        );
        assert_eq!(dict.len(), 1);
    }

    #[test]
    fn a_dict_is_no_larger_than_an_object_block() {
        assert!(std::mem::size_of::<Dict>() <= 48);
    }

    #[test]
    fn an_entry_is_a_key_and_two_references() {
        // The key (24 bytes) and the key object and value (4 each): the
        // slots of an instance's attributes are kept beside the entries.
        assert_eq!(std::mem::size_of::<Option<Entry>>(), 32);
    }
}

/// The hash function of the index: a multiply-and-rotate hash in the style
/// of rustc's `FxHasher`. The keys are a program's own names and values, so
/// the protection std's default SipHash gives against chosen-key floods
/// buys nothing here, and SipHash was the largest single cost of looking up
/// a global name.
#[derive(Debug, Default, Clone, Copy)]
pub struct KeyHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl KeyHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}
