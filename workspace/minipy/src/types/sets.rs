//! `set` and `frozenset`: an open-addressing hash table laid out as
//! CPython 3.11's `setobject.c` lays it out, so a set iterates in the same
//! order (slot order) and reports the same `sys.getsizeof`.
//!
//! Serves chapter 1 (a set costs a table of 16-byte slots) and the programs
//! of every chapter that keep objects in sets.
//!
//! ```text
//!  table (8 slots at first, always a power of two)
//!  ┌──────┬──────┬──────┬──────┬──────┬──────┬──────┬──────┐
//!  │ 8    │ 1    │ empty│ 3    │ dummy│ empty│ empty│ empty│
//!  └──────┴──────┴──────┴──────┴──────┴──────┴──────┴──────┘
//!  a key goes to slot hash & mask, else the next free one along the probe
//!  sequence: up to 9 neighbours, then a jump driven by the hash's high bits
//! ```
//!
//! Invariants: `fill` counts full and dummy slots, `used` full ones; the
//! table is resized when `fill * 5 >= mask * 3`. A removed key leaves a
//! dummy so that probe sequences passing through it still work.

use std::any::Any;

use ch01_objects::{DictKey, NativeObject, ObjRef};

/// CPython's `PySet_MINSIZE`.
const MIN_SIZE: usize = 8;
/// Neighbouring slots tried before jumping. CPython: `LINEAR_PROBES`.
const LINEAR_PROBES: usize = 9;
/// CPython: `PERTURB_SHIFT`.
const PERTURB_SHIFT: u32 = 5;

/// One slot of the table.
#[derive(Debug, Clone)]
enum Slot {
    Empty,
    /// A key was removed from here.
    Dummy,
    Full {
        hash: i64,
        key: DictKey,
        object: ObjRef,
    },
}

/// A set (or, with `frozen`, a frozenset). CPython: `PySetObject`.
#[derive(Debug)]
pub struct Set {
    table: Vec<Slot>,
    fill: usize,
    used: usize,
    /// True for a `frozenset`.
    pub frozen: bool,
}

impl NativeObject for Set {
    // `set_dealloc` is wrapped in the trashcan macros in CPython 3.11.
    fn uses_trashcan(&self) -> bool {
        true
    }
    fn type_name(&self) -> &str {
        if self.frozen { "frozenset" } else { "set" }
    }
    fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        self.objects().into_iter().for_each(visit);
    }
    fn take_refs(&mut self, out: &mut Vec<ObjRef>) {
        out.extend(self.clear());
    }
    fn size(&self) -> usize {
        self.size()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

impl Set {
    /// An empty set.
    pub fn new(frozen: bool) -> Set {
        Set {
            table: vec![Slot::Empty; MIN_SIZE],
            fill: 0,
            used: 0,
            frozen,
        }
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.used
    }

    /// True if the set is empty.
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    fn mask(&self) -> usize {
        self.table.len() - 1
    }

    /// `sys.getsizeof`: 216 bytes with the built-in 8-slot table, plus 16
    /// bytes a slot once the table lives on its own.
    pub fn size(&self) -> usize {
        if self.table.len() > MIN_SIZE {
            216 + 16 * self.table.len()
        } else {
            216
        }
    }

    /// The keys, in iteration (slot) order.
    pub fn objects(&self) -> Vec<ObjRef> {
        self.table
            .iter()
            .filter_map(|slot| match slot {
                Slot::Full { object, .. } => Some(*object),
                _ => None,
            })
            .collect()
    }

    /// The key at slot position `position` or later: `(object, next position)`.
    pub fn next_from(&self, position: usize) -> Option<(ObjRef, usize)> {
        self.table
            .iter()
            .enumerate()
            .skip(position)
            .find_map(|(i, slot)| match slot {
                Slot::Full { object, .. } => Some((*object, i + 1)),
                _ => None,
            })
    }

    /// The members stored under [`DictKey::ByEq`] keys with this hash, which
    /// a new member with that hash must be compared with (its `__eq__`).
    pub fn keys_with_hash(&self, wanted: i64) -> Vec<ObjRef> {
        self.table
            .iter()
            .filter_map(|slot| match slot {
                Slot::Full {
                    hash,
                    key: DictKey::ByEq(..),
                    object,
                } if *hash == wanted => Some(*object),
                _ => None,
            })
            .collect()
    }

    /// True if `key` is in the set.
    pub fn contains(&self, hash: i64, key: &DictKey) -> bool {
        self.find(hash, key).is_some()
    }

    /// The slot holding `key`, following the same probe sequence as insertion.
    fn find(&self, hash: i64, key: &DictKey) -> Option<usize> {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in i..=i + probes {
                match &self.table[j] {
                    Slot::Empty => return None,
                    Slot::Full {
                        hash: h, key: k, ..
                    } if *h == hash && k == key => {
                        return Some(j);
                    }
                    _ => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    /// Adds `object` (whose key and hash are given). Returns false if an
    /// equal key was there already: then the set did not take the reference.
    /// CPython: `set_add_entry`.
    pub fn insert(&mut self, hash: i64, key: DictKey, object: ObjRef) -> bool {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        let slot = 'search: loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in i..=i + probes {
                match &self.table[j] {
                    Slot::Empty => break 'search j,
                    Slot::Full {
                        hash: h, key: k, ..
                    } if *h == hash && *k == key => {
                        return false;
                    }
                    _ => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        };
        self.table[slot] = Slot::Full { hash, key, object };
        self.fill += 1;
        self.used += 1;
        if self.fill * 5 >= mask * 3 {
            let minimum = if self.used > 50_000 {
                self.used * 2
            } else {
                self.used * 4
            };
            self.resize(minimum);
        }
        true
    }

    /// Makes room for at least `minimum_used` keys before the next resize,
    /// as CPython's `set_merge` does before copying a set of known size.
    pub fn presize(&mut self, incoming: usize) {
        if (self.fill + incoming) * 5 >= self.mask() * 3 {
            self.resize((self.used + incoming) * 2);
        }
    }

    /// Rebuilds the table with more than `minimum_used` slots, re-inserting
    /// keys in their old slot order. CPython: `set_table_resize`.
    fn resize(&mut self, minimum_used: usize) {
        let mut size = MIN_SIZE;
        while size <= minimum_used {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.table, vec![Slot::Empty; size]);
        let mask = size - 1;
        self.fill = self.used;
        for slot in old {
            let Slot::Full { hash, .. } = &slot else {
                continue;
            };
            let mut perturb = *hash as u64;
            let mut i = (*hash as u64 as usize) & mask;
            let target = 'search: loop {
                let probes = if i + LINEAR_PROBES <= mask {
                    LINEAR_PROBES
                } else {
                    0
                };
                for j in i..=i + probes {
                    if matches!(self.table[j], Slot::Empty) {
                        break 'search j;
                    }
                }
                perturb >>= PERTURB_SHIFT;
                i = (i
                    .wrapping_mul(5)
                    .wrapping_add(1)
                    .wrapping_add(perturb as usize))
                    & mask;
            };
            self.table[target] = slot;
        }
    }

    /// Removes `key`, handing back the object the set held.
    pub fn remove(&mut self, hash: i64, key: &DictKey) -> Option<ObjRef> {
        let slot = self.find(hash, key)?;
        let Slot::Full { object, .. } = std::mem::replace(&mut self.table[slot], Slot::Dummy)
        else {
            return None;
        };
        self.used -= 1;
        Some(object)
    }

    /// Removes and returns the first key in slot order. CPython: `set_pop`
    /// (which starts from a moving finger; minipy starts from slot 0).
    pub fn pop_first(&mut self) -> Option<ObjRef> {
        let slot = self
            .table
            .iter()
            .position(|s| matches!(s, Slot::Full { .. }))?;
        let Slot::Full { object, .. } = std::mem::replace(&mut self.table[slot], Slot::Dummy)
        else {
            return None;
        };
        self.used -= 1;
        Some(object)
    }

    /// Empties the set, handing back every object in slot order.
    pub fn clear(&mut self) -> Vec<ObjRef> {
        let objects = self.objects();
        self.table = vec![Slot::Empty; MIN_SIZE];
        self.fill = 0;
        self.used = 0;
        objects
    }

    /// The `(hash, key, object)` of every entry, in slot order.
    pub fn entries(&self) -> Vec<(i64, DictKey, ObjRef)> {
        self.table
            .iter()
            .filter_map(|slot| match slot {
                Slot::Full { hash, key, object } => Some((*hash, key.clone(), *object)),
                _ => None,
            })
            .collect()
    }
}

use crate::types::exceptions::ExcKind;
use crate::vm::{PyResult, Vm};

impl Vm {
    /// A new empty set object.
    pub(crate) fn new_set(&mut self, frozen: bool) -> ObjRef {
        self.new_native(Set::new(frozen))
    }

    /// Adds `item` to the set `set` (borrowing `item`; the set takes its own reference).
    pub(crate) fn set_add(&mut self, set: ObjRef, item: ObjRef) -> PyResult<()> {
        let (hash, key) = self.hash_of(item)?;
        let key = self.resolve_key(set, key)?;
        self.incref(item);
        let inserted = self
            .native_mut::<Set>(set)
            .is_some_and(|s| s.insert(hash, key, item));
        if !inserted {
            self.decref(item);
        }
        Ok(())
    }

    /// The set payload of `r`, if it is a set or frozenset.
    pub(crate) fn set_ref(&self, r: ObjRef) -> Option<&Set> {
        self.native::<Set>(r)
    }

    /// `item in set`.
    pub(crate) fn set_contains(&mut self, set: ObjRef, item: ObjRef) -> PyResult<bool> {
        let (hash, key) = self.hash_of(item)?;
        let key = self.resolve_key(set, key)?;
        Ok(self.set_ref(set).is_some_and(|s| s.contains(hash, &key)))
    }

    /// Removes `item`; `Ok(false)` if it was not there.
    pub(crate) fn set_discard(&mut self, set: ObjRef, item: ObjRef) -> PyResult<bool> {
        let (hash, key) = self.hash_of(item)?;
        let key = self.resolve_key(set, key)?;
        let removed = self
            .native_mut::<Set>(set)
            .and_then(|s| s.remove(hash, &key));
        match removed {
            Some(object) => {
                self.decref(object);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// A new set (or frozenset) holding every item of `iterable`.
    pub(crate) fn set_from_iterable(&mut self, iterable: ObjRef, frozen: bool) -> PyResult<ObjRef> {
        let items = self.collect_items(iterable)?;
        let set = self.new_set(frozen);
        let mut failure = None;
        for &item in &items {
            if let Err(err) = self.set_add(set, item) {
                failure = Some(err);
                break;
            }
        }
        self.decref_all(items);
        match failure {
            Some(err) => {
                self.decref(set);
                Err(err)
            }
            None => Ok(set),
        }
    }

    /// `TypeError` for an operand that should have been a set.
    pub(crate) fn not_a_set(&mut self, r: ObjRef) -> crate::vm::PyErr {
        let name = self.type_name(r);
        self.error(ExcKind::TypeError, format!("'{name}' object is not a set"))
    }
}
