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
/// As an instance's attributes it can also stand for CPython 3.11's split
/// layout: each value has a *slot*, its key's place in the [`SharedKeys`]
/// of its class's instances, and the values are released (and traversed)
/// in slot order, while iteration keeps the instance's own insertion order.
/// While the two orders agree, as they do for most instances, the dict is
/// the values alone, 8 bytes an attribute (a key object and a value): the
/// keys' hashes and text are the class's, once.
///
/// A dict of up to [`SMALL`] keys has no index: a lookup compares the keys
/// of its few entries, as CPython 3.11 does for the keys of a small
/// unicode table, and the dict costs its entries and nothing else.
#[derive(Debug, Default)]
pub struct Dict {
    table: Table,
    /// How many keys are present.
    live: u32,
    /// True for an instance's attributes once they have moved into a dict
    /// object of their own (its `__dict__`, asked for by Python code): the
    /// one entry left here is that dict.
    moved_out: bool,
}

/// Where a dict keeps its keys and values.
#[derive(Debug)]
enum Table {
    /// Entries of their own, keys included.
    Combined(Combined),
    /// Values indexed by slot, keys shared, in insertion order = slot order.
    Split(Split),
}

impl Default for Table {
    fn default() -> Table {
        Table::Combined(Combined::default())
    }
}

/// A table of entries, each with its key.
#[derive(Debug)]
struct Combined {
    /// The entries in insertion order; `None` marks a deleted entry.
    entries: Vec<Option<Entry>>,
    /// The live entries' positions, by their keys' hash, once the dict has
    /// held more than [`SMALL`] keys. Boxed, so that a small dict carries
    /// one word for it.
    index: Option<Box<HashTable<u32>>>,
    /// The highest slot given so far, plus one; [`NOT_SPLIT`] for a dict
    /// whose entries have no slots, [`SCRAMBLED`] set once the insertion
    /// order and the slot order differ, so that releasing must sort by slot.
    top_slot: u32,
}

impl Default for Combined {
    fn default() -> Combined {
        Combined {
            entries: Vec::new(),
            index: None,
            top_slot: NOT_SPLIT,
        }
    }
}

/// `Combined::top_slot` of an ordinary dict.
const NOT_SPLIT: u32 = u32::MAX;
/// The bit of `Combined::top_slot` that says the slots are out of order.
const SCRAMBLED: u32 = 1 << 31;

/// A split instance dict whose insertion order is its slot order.
#[derive(Debug)]
struct Split {
    keys: Rc<SharedKeys>,
    /// Indexed by slot: the key object and value there, or [`VACANT`].
    values: Vec<(ObjRef, ObjRef)>,
}

/// A value slot that holds nothing.
const VACANT: (ObjRef, ObjRef) = (ObjRef::VACANT, ObjRef::VACANT);

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
    fn slot_of_key(&self, key: &DictKey) -> Option<usize> {
        let DictKey::Str(text) = key else {
            return None;
        };
        let names = self.names.borrow();
        names
            .iter()
            .position(|n| Rc::ptr_eq(n, text) || **n == **text)
    }

    /// The key of slot `slot`.
    fn key(&self, slot: usize) -> DictKey {
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
    /// The value's slot in a split dict, [`NO_SLOT`] otherwise.
    slot: u32,
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
        self.insert(key, key_object, holder);
        self.moved_out = true;
        table
    }

    /// How many keys the dict holds.
    pub fn len(&self) -> usize {
        self.live as usize
    }

    /// True if the dict holds no keys.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// The combined table, made from the split one if need be: from then
    /// on the entries keep their slots in a table of their own.
    fn combined(&mut self) -> &mut Combined {
        if let Table::Split(split) = &self.table {
            let mut entries = Vec::with_capacity(self.live as usize);
            for (slot, &(key_object, value)) in split.values.iter().enumerate() {
                if value != ObjRef::VACANT {
                    entries.push(Some(Entry {
                        key: split.keys.key(slot),
                        key_object,
                        value,
                        slot: slot as u32,
                    }));
                }
            }
            let top_slot = split.values.len() as u32;
            self.table = Table::Combined(Combined {
                entries,
                index: None,
                top_slot,
            });
            if self.live as usize > SMALL {
                self.combined().rebuild_index();
            }
        }
        match &mut self.table {
            Table::Combined(combined) => combined,
            Table::Split(_) => unreachable!("made combined above"),
        }
    }

    /// Where `key`'s value is: a slot of the split table or a position in
    /// the combined one.
    fn find(&self, key: &DictKey) -> Option<usize> {
        match &self.table {
            Table::Combined(combined) => combined.find(key),
            Table::Split(split) => split.keys.slot_of_key(key).filter(|&slot| {
                split
                    .values
                    .get(slot)
                    .is_some_and(|v| v.1 != ObjRef::VACANT)
            }),
        }
    }

    /// The key object and value at `at` (as [`Dict::find`] gave it).
    fn pair_at(&self, at: usize) -> (ObjRef, ObjRef) {
        match &self.table {
            Table::Combined(combined) => {
                let entry = combined.entry(at);
                (entry.key_object, entry.value)
            }
            Table::Split(split) => split.values[at],
        }
    }

    /// The value stored under `key`.
    pub fn get(&self, key: &DictKey) -> Option<ObjRef> {
        self.find(key).map(|at| self.pair_at(at).1)
    }

    /// The value slot of `key`, if present, to replace a value without
    /// building an owned key (rebinding a name needs no allocation).
    pub fn value_mut(&mut self, key: &DictKey) -> Option<&mut ObjRef> {
        let at = self.find(key)?;
        match &mut self.table {
            Table::Combined(combined) => combined.entries[at].as_mut().map(|e| &mut e.value),
            Table::Split(split) => Some(&mut split.values[at].1),
        }
    }

    /// The key object and value stored under `key`.
    pub fn get_entry(&self, key: &DictKey) -> Option<(ObjRef, ObjRef)> {
        self.find(key).map(|at| self.pair_at(at))
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
        let combined = self.combined();
        if combined.top_slot != NOT_SPLIT {
            // An entry without a slot goes after the slotted ones.
            combined.top_slot |= SCRAMBLED;
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

    /// [`Dict::insert`] for a split instance dict: a new key's value goes in
    /// `slot`, its key's place in `keys`, the keys its class's instances
    /// share.
    pub fn insert_in_slot(
        &mut self,
        key: DictKey,
        key_object: ObjRef,
        value: ObjRef,
        slot: u32,
        keys: &Rc<SharedKeys>,
    ) -> Option<ObjRef> {
        if let Some(old) = self.replace(&key, value) {
            return Some(old);
        }
        let mut same_keys =
            matches!(&self.table, Table::Split(split) if Rc::ptr_eq(&split.keys, keys));
        if !same_keys && self.live == 0 && !self.moved_out {
            self.table = Table::Split(Split {
                keys: keys.clone(),
                values: Vec::new(),
            });
            same_keys = true;
        }
        if same_keys
            && let Table::Split(split) = &mut self.table
            && slot as usize >= split.values.len()
        {
            debug_assert!(split.keys.slot_of_key(&key) == Some(slot as usize));
            // A slot after every value present: the orders still agree.
            let values = &mut split.values;
            values.reserve_exact(slot as usize + 1 - values.len());
            values.resize(slot as usize, VACANT);
            values.push((key_object, value));
            self.live += 1;
            return None;
        }
        let live = self.len() + 1;
        let combined = self.combined();
        if combined.top_slot == NOT_SPLIT {
            // Entries made before the dict was split have no slot.
            combined.top_slot = if combined.entries.is_empty() {
                0
            } else {
                SCRAMBLED
            };
        }
        if slot + 1 < combined.top_slot & !SCRAMBLED {
            combined.top_slot |= SCRAMBLED;
        }
        let scrambled = combined.top_slot & SCRAMBLED;
        combined.top_slot = ((combined.top_slot & !SCRAMBLED).max(slot + 1)) | scrambled;
        combined.push(key, key_object, value, slot, live);
        self.live += 1;
        None
    }

    /// Turns a split instance dict into an ordinary one (CPython 3.11 makes
    /// the dict *combined* when its class's shared keys are full): from now
    /// on values are released in insertion order.
    pub fn forget_slots(&mut self) {
        let combined = self.combined();
        for entry in combined.entries.iter_mut().flatten() {
            entry.slot = NO_SLOT;
        }
        combined.top_slot = NOT_SPLIT;
    }

    /// True if the values have slots (a split instance dict).
    pub fn is_split(&self) -> bool {
        match &self.table {
            Table::Combined(combined) => combined.top_slot != NOT_SPLIT,
            Table::Split(_) => true,
        }
    }

    /// Removes `key`, handing back the key object and the value (both
    /// references now belong to the caller).
    pub fn remove(&mut self, key: &DictKey) -> Option<(ObjRef, ObjRef)> {
        let at = self.find(key)?;
        self.live -= 1;
        match &mut self.table {
            Table::Combined(combined) => Some(combined.remove(key, at, self.live as usize)),
            Table::Split(split) => {
                let removed = std::mem::replace(&mut split.values[at], VACANT);
                // Vacant slots at the end are forgotten, so that setting
                // the last attribute again keeps the orders in step.
                while split.values.last() == Some(&VACANT) {
                    split.values.pop();
                }
                Some(removed)
            }
        }
    }

    /// Empties the dict, handing back every `(key, value)` in insertion order
    /// (in slot order for a split instance dict, as CPython 3.11 frees a
    /// values array).
    pub fn drain(&mut self) -> Vec<(ObjRef, ObjRef)> {
        let table = std::mem::take(self).table;
        match table {
            Table::Split(split) => split.values.into_iter().filter(|&v| v != VACANT).collect(),
            Table::Combined(mut combined) => {
                let order = combined.slot_order();
                let mut entries = std::mem::take(&mut combined.entries);
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
        }
    }

    /// The key objects stored under [`DictKey::ByEq`] keys with this hash,
    /// in insertion order (the order CPython's probes meet keys of one
    /// hash): the keys a new key with that hash must be compared with, with
    /// its `__eq__`, before it can be looked up.
    pub fn keys_with_hash(&self, hash: i64) -> Vec<ObjRef> {
        match &self.table {
            Table::Combined(combined) => combined
                .entries
                .iter()
                .flatten()
                .filter_map(|e| match e.key {
                    DictKey::ByEq(h, key) if h == hash => Some(key),
                    _ => None,
                })
                .collect(),
            // Shared keys are strings.
            Table::Split(_) => Vec::new(),
        }
    }

    /// The live entries, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (ObjRef, ObjRef)> + '_ {
        match &self.table {
            Table::Combined(combined) => Iter::Combined(combined.entries.iter().flatten()),
            Table::Split(split) => Iter::Split(split.values.iter()),
        }
    }

    /// The entry at position `position` of the entry array, skipping nothing:
    /// `Ok(None)` is a deleted entry; `Err(())` is the end. Lets an iterator
    /// walk a dict that may change between steps.
    #[allow(clippy::result_unit_err)]
    pub fn entry_at(&self, position: usize) -> Result<Option<(ObjRef, ObjRef)>, ()> {
        match &self.table {
            Table::Combined(combined) => combined
                .entries
                .get(position)
                .map(|entry| entry.as_ref().map(|e| (e.key_object, e.value)))
                .ok_or(()),
            Table::Split(split) => split
                .values
                .get(position)
                .map(|&v| (v != VACANT).then_some(v))
                .ok_or(()),
        }
    }

    /// Calls `visit` for every key and value, in insertion order (slot order
    /// for a split instance dict).
    pub fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        let mut visit_pair = |(key, value): (ObjRef, ObjRef)| {
            visit(key);
            visit(value);
        };
        match &self.table {
            Table::Combined(combined) => match combined.slot_order() {
                None => self.iter().for_each(visit_pair),
                Some(order) => order
                    .into_iter()
                    .filter_map(|at| combined.entries[at].as_ref())
                    .for_each(|e| visit_pair((e.key_object, e.value))),
            },
            Table::Split(_) => self.iter().for_each(visit_pair),
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

/// [`Dict::iter`]'s iterator.
enum Iter<'a> {
    Combined(std::iter::Flatten<std::slice::Iter<'a, Option<Entry>>>),
    Split(std::slice::Iter<'a, (ObjRef, ObjRef)>),
}

impl Iterator for Iter<'_> {
    type Item = (ObjRef, ObjRef);

    fn next(&mut self) -> Option<(ObjRef, ObjRef)> {
        match self {
            Iter::Combined(entries) => entries.next().map(|e| (e.key_object, e.value)),
            Iter::Split(values) => values.find(|&&v| v != VACANT).copied(),
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
            slot,
        }));
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
    /// scrambled split dict, insertion order otherwise (`None`).
    fn slot_order(&self) -> Option<Vec<usize>> {
        if self.top_slot == NOT_SPLIT || self.top_slot & SCRAMBLED == 0 {
            return None;
        }
        let mut order: Vec<(u32, usize)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(at, entry)| entry.as_ref().map(|e| (e.slot, at)))
            .collect();
        order.sort_unstable();
        Some(order.into_iter().map(|(_, at)| at).collect())
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
        self.entries.retain(Option::is_some);
        if live > SMALL {
            self.rebuild_index();
        } else {
            self.index = None;
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

    fn name(text: &str) -> DictKey {
        DictKey::Str(Rc::from(text))
    }

    /// Shared keys `[x, y]`, as the first instance to set `x` then `y` makes them.
    fn keys_x_y() -> Rc<SharedKeys> {
        Rc::new(SharedKeys::new(vec![Rc::from("x"), Rc::from("y")]))
    }

    #[test]
    fn a_split_dict_in_slot_order_holds_values_only() {
        let keys = keys_x_y();
        let mut dict = Dict::new();
        let r = ObjRef::from_index;
        dict.insert_in_slot(name("x"), r(1), r(10), 0, &keys);
        dict.insert_in_slot(name("y"), r(2), r(20), 1, &keys);
        assert!(matches!(dict.table, Table::Split(_)));
        assert_eq!(dict.get(&name("y")), Some(r(20)));
        assert_eq!(dict.get_entry(&name("x")), Some((r(1), r(10))));
        assert_eq!(
            dict.insert_in_slot(name("x"), r(1), r(11), 0, &keys),
            Some(r(10))
        );
        assert_eq!(dict.remove(&name("y")), Some((r(2), r(20))));
        // The last slot set again: the orders still agree.
        dict.insert_in_slot(name("y"), r(2), r(21), 1, &keys);
        assert!(matches!(dict.table, Table::Split(_)));
        assert_eq!(dict.len(), 2);
        assert_eq!(dict.drain(), vec![(r(1), r(11)), (r(2), r(21))]);
    }

    #[test]
    fn a_split_dict_iterates_in_insertion_order_and_drains_in_slot_order() {
        let keys = keys_x_y();
        let mut dict = Dict::new();
        let r = ObjRef::from_index;
        // b.y = ...; b.x = ... where the class's shared keys are [x, y].
        dict.insert_in_slot(name("y"), r(2), r(20), 1, &keys);
        dict.insert_in_slot(name("x"), r(1), r(10), 0, &keys);
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
        let keys = keys_x_y();
        let mut dict = Dict::new();
        let r = ObjRef::from_index;
        dict.insert_in_slot(name("x"), r(1), r(10), 0, &keys);
        dict.insert_in_slot(name("y"), r(2), r(20), 1, &keys);
        dict.remove(&name("x"));
        dict.insert_in_slot(name("x"), r(1), r(11), 0, &keys);
        let order: Vec<usize> = dict.iter().map(|(k, _)| k.index()).collect();
        assert_eq!(order, vec![2, 1]);
        assert_eq!(dict.drain(), vec![(r(1), r(11)), (r(2), r(20))]);
    }

    #[test]
    fn forgetting_slots_makes_an_ordinary_dict_in_insertion_order() {
        let keys = keys_x_y();
        let mut dict = Dict::new();
        let r = ObjRef::from_index;
        dict.insert_in_slot(name("y"), r(2), r(20), 1, &keys);
        dict.insert_in_slot(name("x"), r(1), r(10), 0, &keys);
        dict.forget_slots();
        dict.insert(key(3), r(3), r(30));
        assert_eq!(
            dict.drain(),
            vec![(r(2), r(20)), (r(1), r(10)), (r(3), r(30))]
        );
    }

    #[test]
    fn a_key_without_a_slot_makes_a_split_dict_combined() {
        let keys = keys_x_y();
        let mut dict = Dict::new();
        let r = ObjRef::from_index;
        dict.insert_in_slot(name("x"), r(1), r(10), 0, &keys);
        dict.insert(name("z"), r(3), r(30));
        assert!(matches!(dict.table, Table::Combined(_)));
        assert_eq!(dict.get(&name("x")), Some(r(10)));
        let order: Vec<usize> = dict.iter().map(|(k, _)| k.index()).collect();
        assert_eq!(order, vec![1, 3]);
    }

    #[test]
    fn a_dict_is_no_larger_than_an_object_block() {
        assert!(std::mem::size_of::<Dict>() <= 48);
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
