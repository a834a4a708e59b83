//! The insertion-ordered hash table behind dicts, class bodies and instance
//! attributes.
//!
//! A dict maps *keys* to *values*, both objects. Looking a key up needs its
//! hash and equality, which for strings, numbers and tuples depend on the
//! key's contents; the caller computes them once as a [`DictKey`] (with
//! [`Heap::dict_key`](crate::Heap::dict_key)) so the table itself never reads the heap.
//!
//! Like CPython's compact dict (3.6+), entries sit in a dense array in
//! insertion order and a separate index maps each key to its entry. Deleting
//! leaves a hole that is squeezed out once holes outnumber live entries.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, Hasher};

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
    /// A string, by contents.
    Str(Box<str>),
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
/// As an instance's attributes it can also stand for CPython 3.11's split
/// layout: each value has a *slot*, its key's place in the keys its class's
/// instances share, and the values are released (and traversed) in slot
/// order, while iteration keeps the instance's own insertion order.
#[derive(Debug, Default)]
pub struct Dict {
    /// `(key, value)` pairs in insertion order; `None` marks a deleted entry.
    entries: Vec<Option<(ObjRef, ObjRef)>>,
    /// Where each key's entry is, and for a split dict its slot: the
    /// position in the low 32 bits, the slot plus one above (0: no slot).
    /// Packed so that a split dict allocates nothing more than a plain one.
    index: HashMap<DictKey, u64, BuildHasherDefault<KeyHasher>>,
    /// True for a split instance dict.
    split: bool,
    /// The highest slot given so far, plus one.
    top_slot: u32,
    /// True once the insertion order and the slot order differ, so that
    /// releasing must sort by slot (rare: most instances set their
    /// attributes in the order their class's first instance did).
    scrambled: bool,
    /// True for an instance's attributes once they have moved into a dict
    /// object of their own (its `__dict__`, asked for by Python code): the
    /// one entry left here is that dict.
    moved_out: bool,
}

/// An index entry's position in `entries`.
fn position(packed: u64) -> usize {
    (packed & 0xffff_ffff) as usize
}

/// An index entry's slot, `u64::MAX` for none.
fn slot_of(packed: u64) -> u64 {
    match packed >> 32 {
        0 => u64::MAX,
        slot => slot - 1,
    }
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
        self.insert(key, key_object, holder);
        self.moved_out = true;
        table
    }

    /// How many keys the dict holds.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True if the dict holds no keys.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The value stored under `key`.
    pub fn get(&self, key: &DictKey) -> Option<ObjRef> {
        self.index
            .get(key)
            .and_then(|&i| self.entries[position(i)])
            .map(|(_, value)| value)
    }

    /// The value slot of `key`, if present, to replace a value without
    /// building an owned key (rebinding a name needs no allocation).
    pub fn value_mut(&mut self, key: &DictKey) -> Option<&mut ObjRef> {
        let &i = self.index.get(key)?;
        self.entries[position(i)].as_mut().map(|(_, value)| value)
    }

    /// The key object and value stored under `key`.
    pub fn get_entry(&self, key: &DictKey) -> Option<(ObjRef, ObjRef)> {
        self.index.get(key).and_then(|&i| self.entries[position(i)])
    }

    /// Stores `value` under `key`, whose object is `key_object`.
    ///
    /// If the key was present, its original key object stays and the old value is
    /// returned: the caller owns that reference (and the new `key_object`'s,
    /// which the dict did not keep). Otherwise returns `None` and the dict
    /// keeps both references it was given.
    pub fn insert(&mut self, key: DictKey, key_object: ObjRef, value: ObjRef) -> Option<ObjRef> {
        match self.index.entry(key) {
            Entry::Occupied(found) => {
                Some(Self::replace_value(&mut self.entries, *found.get(), value))
            }
            Entry::Vacant(vacant) => {
                vacant.insert(self.entries.len() as u64);
                self.entries.push(Some((key_object, value)));
                if self.split {
                    // An entry without a slot goes after the slotted ones.
                    self.scrambled = true;
                }
                None
            }
        }
    }

    /// [`Dict::insert`] for a split instance dict: a new key's value goes in
    /// `slot`, its key's place in the keys the class's instances share.
    pub fn insert_in_slot(
        &mut self,
        key: DictKey,
        key_object: ObjRef,
        value: ObjRef,
        slot: u32,
    ) -> Option<ObjRef> {
        let vacant = match self.index.entry(key) {
            Entry::Occupied(found) => {
                return Some(Self::replace_value(&mut self.entries, *found.get(), value));
            }
            Entry::Vacant(vacant) => vacant,
        };
        if !self.split {
            // Entries made before the dict was split have no slot.
            self.scrambled = !self.entries.is_empty();
            self.split = true;
        }
        if slot + 1 < self.top_slot {
            self.scrambled = true;
        }
        self.top_slot = self.top_slot.max(slot + 1);
        vacant.insert(self.entries.len() as u64 | (u64::from(slot) + 1) << 32);
        self.entries.push(Some((key_object, value)));
        None
    }

    /// Puts `value` in the entry an index entry points at and hands back the
    /// old value (the key and its slot stay).
    fn replace_value(
        entries: &mut [Option<(ObjRef, ObjRef)>],
        packed: u64,
        value: ObjRef,
    ) -> ObjRef {
        let entry = entries[position(packed)]
            .as_mut()
            .expect("index points at a live entry");
        std::mem::replace(&mut entry.1, value)
    }

    /// Turns a split instance dict into an ordinary one (CPython 3.11 makes
    /// the dict *combined* when its class's shared keys are full): from now
    /// on values are released in insertion order.
    pub fn forget_slots(&mut self) {
        for packed in self.index.values_mut() {
            *packed &= 0xffff_ffff;
        }
        self.split = false;
        self.scrambled = false;
        self.top_slot = 0;
    }

    /// True if the values have slots (a split instance dict).
    pub fn is_split(&self) -> bool {
        self.split
    }

    /// The live entries' positions in release order: slot order for a
    /// scrambled split dict, insertion order otherwise (`None`).
    fn slot_order(&self) -> Option<Vec<usize>> {
        if !self.scrambled {
            return None;
        }
        let mut order: Vec<(u64, usize)> = self
            .index
            .values()
            .map(|&packed| (slot_of(packed), position(packed)))
            .collect();
        order.sort_unstable();
        Some(order.into_iter().map(|(_, at)| at).collect())
    }

    /// Removes `key`, handing back the key object and the value (both
    /// references now belong to the caller).
    pub fn remove(&mut self, key: &DictKey) -> Option<(ObjRef, ObjRef)> {
        let i = self.index.remove(key)?;
        let removed = self.entries[position(i)].take();
        if self.entries.len() > 8 && self.entries.len() > 2 * self.index.len() {
            self.compact();
        }
        removed
    }

    /// Empties the dict, handing back every `(key, value)` in insertion order
    /// (in slot order for a split instance dict, as CPython 3.11 frees a
    /// values array).
    pub fn drain(&mut self) -> Vec<(ObjRef, ObjRef)> {
        let order = self.slot_order();
        self.index.clear();
        self.split = false;
        self.scrambled = false;
        self.top_slot = 0;
        let mut entries = std::mem::take(&mut self.entries);
        match order {
            None => entries.into_iter().flatten().collect(),
            Some(order) => order
                .into_iter()
                .filter_map(|at| entries[at].take())
                .collect(),
        }
    }

    /// The key objects stored under [`DictKey::ByEq`] keys with this hash,
    /// in insertion order (the order CPython's probes meet keys of one
    /// hash): the keys a new key with that hash must be compared with, with
    /// its `__eq__`, before it can be looked up.
    pub fn keys_with_hash(&self, hash: i64) -> Vec<ObjRef> {
        let mut found: Vec<(usize, ObjRef)> = self
            .index
            .iter()
            .filter_map(|(key, &packed)| match key {
                DictKey::ByEq(h, key) if *h == hash => Some((position(packed), *key)),
                _ => None,
            })
            .collect();
        found.sort_unstable();
        found.into_iter().map(|(_, key)| key).collect()
    }

    /// The live entries, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (ObjRef, ObjRef)> + '_ {
        self.entries.iter().flatten().copied()
    }

    /// The entry at position `position` of the entry array, skipping nothing:
    /// `Ok(None)` is a deleted entry; `Err(())` is the end. Lets an iterator
    /// walk a dict that may change between steps.
    #[allow(clippy::result_unit_err)]
    pub fn entry_at(&self, position: usize) -> Result<Option<(ObjRef, ObjRef)>, ()> {
        self.entries.get(position).copied().ok_or(())
    }

    /// Calls `visit` for every key and value, in insertion order (slot order
    /// for a split instance dict).
    pub fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        let mut visit_pair = |(key, value): (ObjRef, ObjRef)| {
            visit(key);
            visit(value);
        };
        match self.slot_order() {
            None => self.iter().for_each(visit_pair),
            Some(order) => order
                .into_iter()
                .filter_map(|at| self.entries[at])
                .for_each(&mut visit_pair),
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

    /// Squeezes deleted entries out of the array and rebuilds the index.
    fn compact(&mut self) {
        self.entries.retain(Option::is_some);
        // Positions only move down and keep their order, so sorting the old
        // positions gives each key its new one; the slot bits stay.
        let mut positions: Vec<(DictKey, u64)> = self.index.drain().collect();
        positions.sort_by_key(|&(_, packed)| position(packed));
        self.index = positions
            .into_iter()
            .enumerate()
            .map(|(new, (key, packed))| (key, (packed & !0xffff_ffff) | new as u64))
            .collect();
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
    fn a_split_dict_iterates_in_insertion_order_and_drains_in_slot_order() {
        let mut dict = Dict::new();
        let r = ObjRef::from_index;
        // b.y = ...; b.x = ... where the class's shared keys are [x, y].
        dict.insert_in_slot(key(2), r(2), r(20), 1);
        dict.insert_in_slot(key(1), r(1), r(10), 0);
        assert!(dict.is_split());
        let order: Vec<usize> = dict.iter().map(|(k, _)| k.index()).collect();
        assert_eq!(order, vec![2, 1]);
        let mut visited = vec![];
        dict.visit_refs(&mut |o| visited.push(o.index()));
        assert_eq!(visited, vec![1, 10, 2, 20]);
        assert_eq!(dict.drain(), vec![(r(1), r(10)), (r(2), r(20))]);
        assert!(!dict.is_split());
    }

    #[test]
    fn a_deleted_attribute_set_again_goes_back_to_its_slot() {
        let mut dict = Dict::new();
        let r = ObjRef::from_index;
        dict.insert_in_slot(key(1), r(1), r(10), 0);
        dict.insert_in_slot(key(2), r(2), r(20), 1);
        dict.remove(&key(1));
        dict.insert_in_slot(key(1), r(1), r(11), 0);
        let order: Vec<usize> = dict.iter().map(|(k, _)| k.index()).collect();
        assert_eq!(order, vec![2, 1]);
        assert_eq!(dict.drain(), vec![(r(1), r(11)), (r(2), r(20))]);
    }

    #[test]
    fn forgetting_slots_makes_an_ordinary_dict_in_insertion_order() {
        let mut dict = Dict::new();
        let r = ObjRef::from_index;
        dict.insert_in_slot(key(2), r(2), r(20), 1);
        dict.insert_in_slot(key(1), r(1), r(10), 0);
        dict.forget_slots();
        dict.insert(key(3), r(3), r(30));
        assert_eq!(
            dict.drain(),
            vec![(r(2), r(20)), (r(1), r(10)), (r(3), r(30))]
        );
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
