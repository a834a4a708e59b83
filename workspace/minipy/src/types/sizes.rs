//! `sys.getsizeof` as CPython 3.11 reports it on a 64-bit machine, and the
//! list growth policy that decides a list's capacity (and so its size).
//!
//! Serves chapter 1 (what an object costs) and chapter 7 (why a list is
//! bigger than its items: over-allocation). Chapter 1's
//! [`Payload::size`](ch01_objects::Payload::size) gives the size of a
//! payload alone; a few kinds need more than the payload knows:
//!
//! - a dict's size depends on its key table, which CPython sizes by powers
//!   of two and makes smaller when every key is a `str`;
//! - a `str`'s size depends on the widest character (1, 2 or 4 bytes each);
//! - a list's size is its *capacity*, which [`grow_list`] and
//!   [`preallocate_exact`] keep equal to what CPython's `list_resize` and
//!   `list_preallocate_exact` would have allocated.

use ch01_objects::dict::Dict;
use ch01_objects::{ObjRef, Payload, ThinVec};

use crate::types::bigint::BigInt;
use crate::types::native::{self, Function};
use crate::types::sets::Set;
use crate::vm::Vm;

/// `sys.getsizeof` of the fixed-size objects whose structs CPython 3.11
/// declares: the struct, and the collector's 16-byte header for the types
/// it tracks. `None` for the others.
fn object_struct_size(any: &dyn std::any::Any) -> Option<usize> {
    use crate::types::descriptors::{Descriptor, DescriptorKind, Super};
    if any.is::<native::Slice>() {
        return Some(56); // PySliceObject, tracked
    }
    if let Some(iter) = any.downcast_ref::<native::SeqIter>() {
        use native::IterKind as K;
        // dictiterobject: 56 bytes, tracked.
        let dict = matches!(iter.kind, K::DictKeys | K::DictValues | K::DictItems);
        return dict.then_some(72);
    }
    if let Some(descriptor) = any.downcast_ref::<Descriptor>() {
        return Some(match descriptor.kind {
            DescriptorKind::Property => 80, // propertyobject
            DescriptorKind::Static | DescriptorKind::ClassMethod => 48, // staticmethod, classmethod
        });
    }
    if any.is::<Super>() {
        return Some(56); // superobject
    }
    if any.is::<crate::protocols::dunders::Marker>() {
        return Some(16); // `...` and `NotImplemented`: bare objects, untracked
    }
    if any.is::<crate::types::weakref::WeakRef>() {
        return Some(80); // PyWeakReference, tracked
    }
    if let Some(builtin) = any.downcast_ref::<native::Builtin>() {
        // A bound slot wrapper (`x.__eq__`) is a `method-wrapper`.
        return (builtin.function.is_slot_wrapper() && builtin.receiver.is_some()).then_some(48);
    }
    None
}

/// CPython's `PyDict_MINSIZE`: the smallest key table.
const DICT_MIN_SIZE: usize = 8;

impl Vm {
    /// `sys.getsizeof(object)`.
    pub(crate) fn size_of(&self, object: ObjRef) -> usize {
        match self.payload(object) {
            Payload::Dict(_) if self.split_dicts.contains_key(&object) => {
                self.split_dict_size(object).unwrap_or(64)
            }
            Payload::Dict(dict) => match self.dict_tables.get(&object) {
                Some(table) => self.dict_size_with(dict, table.slots, table.general),
                None => self.dict_size(dict),
            },
            Payload::Str(text) => str_size(text),
            // An instance whose classes all declare `__slots__` has no
            // `__dict__`: a header and one word per slot.
            Payload::Instance(instance) => {
                let base_exception =
                    self.exceptions[crate::types::exceptions::ExcKind::BaseException as usize];
                if self.is_subclass(instance.class, base_exception) {
                    // BaseException's own fields (args, traceback, context, ...),
                    // and a user subclass adds a `__dict__` pointer.
                    return if self.exceptions.contains(&instance.class) {
                        88
                    } else {
                        96
                    };
                }
                let slots = self.slot_names(instance.class);
                if let Some(value) = self.builtin_value(object) {
                    // The list or dict, then a word per slot, or 24 bytes
                    // for the `__dict__` and `__weakref__` pointers.
                    let extra = slots.map_or(24, |slots| 8 * slots.len());
                    return self.size_of(value) + extra;
                }
                match slots {
                    Some(slots) => 32 + 8 * slots.len(),
                    None => 56,
                }
            }
            // A built-in type is a static `PyTypeObject` in CPython 3.11,
            // not a heap type: 424 bytes, whatever it is. (`Counter` is
            // written in Python, so it is a heap type like a user's class.)
            Payload::Class(class)
                if &*class.name != "Counter"
                    && (self.constructors.contains_key(&object)
                        || self.exceptions.contains(&object)
                        || self.types.values().any(|&class| class == object)) =>
            {
                424
            }
            // A `namedtuple` class declares `__slots__ = ()`.
            Payload::Class(_) if self.namedtuple_fields(object).is_some() => 920,
            // A class whose instances have a dict also holds the keys its
            // instances share (CPython 3.11: `ht_cached_keys`).
            Payload::Class(_)
                if !self.constructors.contains_key(&object)
                    && !self.exceptions.contains(&object) =>
            {
                let base_exception =
                    self.exceptions[crate::types::exceptions::ExcKind::BaseException as usize];
                if self.slot_names(object).is_some() || self.is_subclass(object, base_exception) {
                    920
                } else {
                    1688
                }
            }
            Payload::Native(native) => {
                let any = native.as_any();
                if let Some(big) = any.downcast_ref::<BigInt>() {
                    big.size()
                } else if let Some(set) = any.downcast_ref::<Set>() {
                    set.size()
                } else if let Some(size) = self.dict_subclass_size(object) {
                    size
                } else if any.is::<Function>() {
                    152
                } else if let Some(size) = object_struct_size(any) {
                    size
                } else if any.is::<native::Range>()
                    || any.is::<native::SeqIter>()
                    || any.is::<native::RangeIter>()
                {
                    48
                } else if any.is::<native::BoundMethod>() {
                    64
                } else if any.is::<native::Builtin>() || any.is::<native::Module>() {
                    72
                } else if let Some(lazy) = any.downcast_ref::<crate::types::iterators::LazyIter>() {
                    match lazy.kind {
                        crate::types::iterators::LazyKind::Enumerate(_) => 72,
                        crate::types::iterators::LazyKind::Zip => 64,
                        _ => 48,
                    }
                } else if any.is::<crate::types::iterators::SetIter>() {
                    64
                } else if any.is::<native::Cell>() {
                    24
                } else {
                    native.size()
                }
            }
            payload => payload.size(),
        }
    }

    /// A dict: 64 bytes of `PyDictObject` plus its key table. CPython 3.11
    /// stores `str`-only keys in 16-byte entries, other keys in 24-byte ones,
    /// and a table of `size` slots can hold two thirds of `size` entries.
    fn dict_size(&self, dict: &Dict) -> usize {
        if dict.is_empty() {
            return 64;
        }
        self.dict_size_with(dict, dict_table_slots(dict.len()), false)
    }

    /// A dict whose key table has `slots` slots (0: none yet); `general`
    /// once a key that is not a `str` has been in it.
    fn dict_size_with(&self, dict: &Dict, slots: usize, general: bool) -> usize {
        if slots == 0 {
            return 64;
        }
        let all_str = !general
            && dict
                .iter()
                .all(|(key, _)| matches!(self.payload(key), Payload::Str(_)));
        let entry = if all_str { 16 } else { 24 };
        let index_width = match slots {
            s if s <= 128 => 1,
            s if s <= 1 << 15 => 2,
            s if s <= 1 << 31 => 4,
            _ => 8,
        };
        64 + 32 + slots * index_width + usable(slots) * entry
    }
}

/// The key table CPython would have given a dict: it grows when its
/// entries (live or deleted) fill it, never shrinks on deletion, and is
/// dropped by `clear()`. CPython: `dk_size` and `dk_nentries`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DictTable {
    /// Slots in the table; 0 before the first key.
    pub slots: usize,
    /// Entries used, including deleted ones.
    pub entries: usize,
    /// A key that is not a `str` went in: entries are 24 bytes from then on.
    pub general: bool,
}

impl DictTable {
    /// The table `insertion_resize` makes for a dict of `used` keys that
    /// needs another: room for three times as many (CPython 3.11:
    /// `GROWTH_RATE`, rounded by `calculate_log2_keysize`).
    pub(crate) fn resized_for(used: usize) -> DictTable {
        DictTable {
            slots: log2_keysize_slots(used * 3),
            entries: used,
            general: false,
        }
    }
}

/// The table size CPython 3.11's `calculate_log2_keysize(minsize)` picks:
/// the smallest power of two, at least 8, above `minsize | 8` less one.
fn log2_keysize_slots(minsize: usize) -> usize {
    let bits =
        usize::BITS - (((minsize | DICT_MIN_SIZE) - 1) | (DICT_MIN_SIZE - 1)).leading_zeros();
    1 << bits
}

impl Vm {
    /// Records that the new key `key` went into `dict`.
    pub(crate) fn note_dict_insert(&mut self, dict: ObjRef, key: ObjRef) {
        let converted = self.note_split_dict_insert(dict, key);
        let len = match self.payload(dict) {
            Payload::Dict(d) => d.len(),
            _ => return,
        };
        let general = !matches!(self.payload(key), Payload::Str(_));
        let used_before = len.saturating_sub(1);
        if converted {
            // A split dict that became combined: `insertion_resize` sized
            // its new table for three times its keys.
            self.dict_tables
                .insert(dict, DictTable::resized_for(used_before));
        }
        let table = self.dict_tables.entry(dict).or_insert_with(|| {
            // First seen now: as if its keys had been inserted one by one.
            DictTable {
                slots: if used_before == 0 {
                    0
                } else {
                    dict_table_slots(used_before)
                },
                entries: used_before,
                general: false,
            }
        });
        if table.slots == 0 {
            table.slots = DICT_MIN_SIZE;
            table.entries = 0;
        } else if table.entries >= usable(table.slots) {
            table.slots = (used_before * 3).next_power_of_two().max(DICT_MIN_SIZE);
            table.entries = used_before;
        }
        table.entries += 1;
        table.general |= general;
    }

    /// The key table `dict` has, or would have had its keys gone in one by
    /// one.
    fn table_of(&self, dict: ObjRef) -> DictTable {
        if let Some(&table) = self.dict_tables.get(&dict) {
            return table;
        }
        let len = match self.payload(dict) {
            Payload::Dict(d) => d.len(),
            _ => 0,
        };
        DictTable {
            slots: if len == 0 { 0 } else { dict_table_slots(len) },
            entries: len,
            general: false,
        }
    }

    /// `target.update(source)` for two dicts, before the keys go in, as
    /// CPython 3.11's `dict_merge` prepares: an empty target clones a
    /// compact combined source's table (returned, to be set once the keys
    /// are in); a target too small for the source is resized once, for
    /// both (`estimate_log2_keysize`).
    pub(crate) fn prepare_merge(&mut self, target: ObjRef, source: ObjRef) -> Option<DictTable> {
        let used = |vm: &Vm, d: ObjRef| match vm.payload(d) {
            Payload::Dict(d) => d.len(),
            _ => 0,
        };
        let (target_used, source_used) = (used(self, target), used(self, source));
        if source_used == 0 || target == source {
            return None;
        }
        let theirs = self.table_of(source);
        let split = self.split_dicts.contains_key(&source);
        if target_used == 0
            && !split
            && theirs.entries == source_used
            && (theirs.slots == DICT_MIN_SIZE || usable(theirs.slots / 2) < source_used)
        {
            return Some(theirs);
        }
        let ours = self.table_of(target);
        if usable(ours.slots) < source_used {
            // `estimate_log2_keysize`: room for three halves of the keys.
            let slots = log2_keysize_slots(((target_used + source_used) * 3).div_ceil(2));
            self.dict_tables.insert(
                target,
                DictTable {
                    slots,
                    entries: target_used,
                    general: ours.general,
                },
            );
        }
        None
    }

    /// `source.copy()` into the empty `copy`, before the keys go in: an
    /// empty dict gives a new one, a split dict is copied split, a
    /// combined one at most a third of whose entries are deleted keeps its
    /// table (CPython 3.11's `PyDict_Copy`); any other is merged. Returns
    /// the table to set once the keys are in.
    pub(crate) fn prepare_copy(&mut self, copy: ObjRef, source: ObjRef) -> Option<DictTable> {
        let used = match self.payload(source) {
            Payload::Dict(d) => d.len(),
            _ => return None,
        };
        if used == 0 {
            return None;
        }
        if let Some(&class) = self.split_dicts.get(&source) {
            self.split_dicts.insert(copy, class);
            return None;
        }
        let theirs = self.table_of(source);
        if used >= theirs.entries * 2 / 3 {
            return Some(theirs);
        }
        self.prepare_merge(copy, source)
    }

    /// `dict`'s table was made by `insertion_resize` when it held `had`
    /// keys; the ones after went in one by one.
    pub(crate) fn size_table_from(&mut self, dict: ObjRef, had: usize) {
        let Payload::Dict(d) = self.payload(dict) else {
            return;
        };
        let keys: Vec<ObjRef> = d.iter().map(|(key, _)| key).skip(had).collect();
        let mut table = DictTable::resized_for(had);
        for key in keys {
            if table.entries >= usable(table.slots) {
                table = DictTable::resized_for(table.entries);
            }
            table.entries += 1;
            table.general |= !matches!(self.payload(key), Payload::Str(_));
        }
        self.dict_tables.insert(dict, table);
    }

    /// `dict.clear()`: the dict goes back to no key table.
    pub(crate) fn note_dict_cleared(&mut self, dict: ObjRef) {
        self.split_dicts.remove(&dict);
        self.dict_tables.remove(&dict);
    }
}

/// Entries a key table of `slots` can hold. CPython: `USABLE_FRACTION`.
fn usable(slots: usize) -> usize {
    (slots << 1) / 3
}

/// The key table size after inserting `len` keys one by one: it starts at 8
/// and, when full, grows to the power of two above three times the keys.
fn dict_table_slots(len: usize) -> usize {
    let mut slots = DICT_MIN_SIZE;
    while usable(slots) < len {
        let used = usable(slots);
        slots = (used * 3).next_power_of_two().max(DICT_MIN_SIZE);
    }
    slots
}

/// A `str`: a 40-byte header, then 1, 2 or 4 bytes per character (plus a
/// terminator); non-ASCII strings carry a longer header.
fn str_size(text: &str) -> usize {
    let widest = text.chars().map(|c| c as u32).max().unwrap_or(0);
    let count = text.chars().count();
    match widest {
        0..=0x7f => 49 + count,
        0x80..=0xff => 73 + count,
        0x100..=0xffff => 74 + 2 * count,
        _ => 76 + 4 * count,
    }
}

/// Makes room for `new_len` items the way CPython's `list_resize` does:
/// over-allocate by about an eighth when growing, give memory back when
/// the list falls below half its capacity.
pub(crate) fn grow_list(items: &mut ThinVec<ObjRef>, new_len: usize) {
    let target = resized_capacity(items.capacity(), items.len(), new_len);
    if target != items.capacity() {
        set_capacity(items, target);
    }
}

/// After a list's items were replaced by a slice assignment, its capacity
/// as CPython 3.11's `list_ass_slice` leaves it: cleared if nothing is left,
/// resized (`list_resize`) from `allocated` if the length changed from `len`.
pub(crate) fn after_slice_assignment(items: &mut ThinVec<ObjRef>, allocated: usize, len: usize) {
    let new_len = items.len();
    let target = match new_len {
        0 => 0,
        _ if new_len == len => allocated,
        _ => resized_capacity(allocated, len, new_len),
    };
    if target != items.capacity() {
        set_capacity(items, target);
    }
}

/// The capacity `list_resize` gives a list of `len` items in room for
/// `allocated` when it is asked for `new_len`.
pub(crate) fn resized_capacity(allocated: usize, len: usize, new_len: usize) -> usize {
    if allocated >= new_len && new_len >= allocated >> 1 {
        return allocated;
    }
    let mut target = (new_len + (new_len >> 3) + 6) & !3;
    if new_len.saturating_sub(len) > target.saturating_sub(new_len) {
        target = (new_len + 3) & !3;
    }
    if new_len == 0 {
        target = 0;
    }
    target
}

/// The capacity CPython gives a list filled from a sequence of known
/// length: the length rounded up to even. CPython: `list_preallocate_exact`.
pub(crate) fn preallocate_exact(items: &mut ThinVec<ObjRef>, len: usize) {
    set_capacity(items, (len + 1) & !1);
}

/// A list of `items` with the capacity `list(sequence)` would give it.
pub(crate) fn exact_even(items: Vec<ObjRef>) -> ThinVec<ObjRef> {
    let mut exact = ThinVec::with_capacity((items.len() + 1) & !1);
    exact.extend(items);
    exact
}

fn set_capacity(items: &mut ThinVec<ObjRef>, capacity: usize) {
    let capacity = capacity.max(items.len());
    if capacity > items.capacity() {
        items.reserve_exact(capacity - items.len());
    } else if capacity < items.capacity() {
        let mut smaller = ThinVec::with_capacity(capacity);
        smaller.extend(items.drain(..));
        *items = smaller;
    }
}

/// Appends `item` with CPython's growth policy.
pub(crate) fn list_push(items: &mut ThinVec<ObjRef>, item: ObjRef) {
    grow_list(items, items.len() + 1);
    items.push(item);
}

/// Removes the item at `index`, shrinking as CPython does.
pub(crate) fn list_remove(items: &mut ThinVec<ObjRef>, index: usize) -> ObjRef {
    let item = items.remove(index);
    grow_list(items, items.len());
    item
}
