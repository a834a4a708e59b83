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

// ----- hashing, as CPython 3.11 does it where the result decides set order ---------

use crate::types::bigint::{BigInt, hash_int, hash_small_int};
use crate::types::exceptions::ExcKind;
use crate::vm::{PyResult, Vm};

/// Multipliers of CPython's tuple hash (xxHash). CPython: `_PyHASH_XXPRIME_*`.
const XXPRIME_1: u64 = 11400714785074694791;
const XXPRIME_2: u64 = 14029467366897019727;
const XXPRIME_5: u64 = 2870177450012600261;

impl Vm {
    /// `hash(x)` and the key that decides equality, or `TypeError: unhashable type`.
    pub(crate) fn hash_of(&mut self, r: ObjRef) -> PyResult<(i64, DictKey)> {
        let key = self.hash_key(r)?;
        let hash = self.hash_of_key(r, &key);
        Ok((hash, key))
    }

    fn hash_of_key(&self, r: ObjRef, key: &DictKey) -> i64 {
        if let Some(big) = self.native::<BigInt>(r) {
            return hash_int(&big.value);
        }
        match key {
            DictKey::None => 0x1_0000_0000 >> 4,
            DictKey::Int(n) => hash_small_int(*n),
            DictKey::Float(bits) => hash_float(f64::from_bits(*bits)),
            DictKey::Str(s) => hash_str(s),
            DictKey::Tuple(items) => {
                let members: Vec<ObjRef> = self.tuple_like_items(r).unwrap_or_default();
                let mut acc = XXPRIME_5;
                for (item, member) in items.iter().zip(members) {
                    let lane = self.hash_of_key(member, item) as u64;
                    acc = acc.wrapping_add(lane.wrapping_mul(XXPRIME_2));
                    acc = acc.rotate_left(31);
                    acc = acc.wrapping_mul(XXPRIME_1);
                }
                acc = acc.wrapping_add((items.len() as u64) ^ (XXPRIME_5 ^ 3527539));
                if acc as i64 == -1 {
                    1546275796
                } else {
                    acc as i64
                }
            }
            DictKey::Identity(object) => {
                let address = self.mem.heap().address(*object) as u64;
                let hash = address.rotate_right(4) as i64;
                if hash == -1 { -2 } else { hash }
            }
        }
    }

    /// A new empty set object.
    pub(crate) fn new_set(&mut self, frozen: bool) -> ObjRef {
        self.new_native(Set::new(frozen))
    }

    /// Adds `item` to the set `set` (borrowing `item`; the set takes its own reference).
    pub(crate) fn set_add(&mut self, set: ObjRef, item: ObjRef) -> PyResult<()> {
        let (hash, key) = self.hash_of(item)?;
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
        Ok(self.set_ref(set).is_some_and(|s| s.contains(hash, &key)))
    }

    /// Removes `item`; `Ok(false)` if it was not there.
    pub(crate) fn set_discard(&mut self, set: ObjRef, item: ObjRef) -> PyResult<bool> {
        let (hash, key) = self.hash_of(item)?;
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

/// `hash(str)` as CPython 3.11 computes it: SipHash-1-3 over the string's
/// internal bytes (1, 2 or 4 per character, by the widest character).
/// CPython keys it with a random secret per process unless `PYTHONHASHSEED`
/// is set; minipy uses the key `PYTHONHASHSEED` gives (0 when unset), so its
/// sets of strings iterate as `PYTHONHASHSEED=0 python3` does.
fn hash_str(s: &str) -> i64 {
    if s.is_empty() {
        return 0;
    }
    let widest = s.chars().map(|c| c as u32).max().unwrap_or(0);
    let mut bytes = Vec::with_capacity(s.len() * 2);
    for c in s.chars() {
        let c = c as u32;
        match widest {
            0..=0xff => bytes.push(c as u8),
            0x100..=0xffff => bytes.extend_from_slice(&(c as u16).to_le_bytes()),
            _ => bytes.extend_from_slice(&c.to_le_bytes()),
        }
    }
    let (k0, k1) = hash_key_from_seed();
    let hash = siphash13(k0, k1, &bytes) as i64;
    if hash == -1 { -2 } else { hash }
}

/// The SipHash key CPython derives from `PYTHONHASHSEED` (its
/// `lcg_urandom`); zero when the variable is unset or 0.
fn hash_key_from_seed() -> (u64, u64) {
    thread_local! {
        static KEY: (u64, u64) = {
            let seed: u32 = std::env::var("PYTHONHASHSEED")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            if seed == 0 {
                (0, 0)
            } else {
                let mut x = seed;
                let mut secret = [0u8; 16];
                for byte in &mut secret {
                    x = x.wrapping_mul(214013).wrapping_add(2531011);
                    *byte = ((x >> 16) & 0xff) as u8;
                }
                let (k0, k1) = secret.split_at(8);
                (
                    u64::from_le_bytes(k0.try_into().unwrap_or_default()),
                    u64::from_le_bytes(k1.try_into().unwrap_or_default()),
                )
            }
        };
    }
    KEY.with(|key| *key)
}

/// SipHash-1-3 (one compression round, three finalization rounds).
fn siphash13(k0: u64, k1: u64, data: &[u8]) -> u64 {
    let mut v = [
        k0 ^ 0x736f6d6570736575,
        k1 ^ 0x646f72616e646f6d,
        k0 ^ 0x6c7967656e657261,
        k1 ^ 0x7465646279746573,
    ];
    let round = |v: &mut [u64; 4]| {
        v[0] = v[0].wrapping_add(v[1]);
        v[2] = v[2].wrapping_add(v[3]);
        v[1] = v[1].rotate_left(13) ^ v[0];
        v[3] = v[3].rotate_left(16) ^ v[2];
        v[0] = v[0].rotate_left(32);
        v[2] = v[2].wrapping_add(v[1]);
        v[0] = v[0].wrapping_add(v[3]);
        v[1] = v[1].rotate_left(17) ^ v[2];
        v[3] = v[3].rotate_left(21) ^ v[0];
        v[2] = v[2].rotate_left(32);
    };
    let mut chunks = data.chunks_exact(8);
    for chunk in &mut chunks {
        let m = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        v[3] ^= m;
        round(&mut v);
        v[0] ^= m;
    }
    let mut last = (data.len() as u64) << 56;
    for (i, &byte) in chunks.remainder().iter().enumerate() {
        last |= u64::from(byte) << (8 * i);
    }
    v[3] ^= last;
    round(&mut v);
    v[0] ^= last;
    v[2] ^= 0xff;
    for _ in 0..3 {
        round(&mut v);
    }
    (v[0] ^ v[1]) ^ (v[2] ^ v[3])
}

/// `hash(x)` for a float with a fractional part (integral floats hash as
/// ints). CPython: `_Py_HashDouble`, the value reduced modulo 2**61 - 1.
fn hash_float(x: f64) -> i64 {
    const BITS: u32 = 61;
    const MODULUS: u64 = (1 << BITS) - 1;
    if x.is_infinite() {
        return if x > 0.0 { 314159 } else { -314159 };
    }
    if x.is_nan() {
        return 0;
    }
    let (mut mantissa, mut exponent) = frexp(x.abs());
    let mut hash: u64 = 0;
    while mantissa != 0.0 {
        hash = ((hash << 28) & MODULUS) | hash >> (BITS - 28);
        mantissa *= 268435456.0;
        exponent -= 28;
        let digit = mantissa as u64;
        mantissa -= digit as f64;
        hash += digit;
        if hash >= MODULUS {
            hash -= MODULUS;
        }
    }
    let exponent = if exponent >= 0 {
        exponent % BITS as i32
    } else {
        BITS as i32 - 1 - ((-1 - exponent) % BITS as i32)
    } as u32;
    hash = ((hash << exponent) & MODULUS) | hash >> (BITS - exponent);
    let hash = if x < 0.0 { -(hash as i64) } else { hash as i64 };
    if hash == -1 { -2 } else { hash }
}

/// Splits a positive finite float into a mantissa in [0.5, 1) and a power of two.
fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 {
        return (0.0, 0);
    }
    let bits = x.to_bits();
    let raw_exponent = ((bits >> 52) & 0x7ff) as i32;
    if raw_exponent == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(x * 2f64.powi(64));
        return (m, e - 64);
    }
    let exponent = raw_exponent - 1022;
    let mantissa = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (mantissa, exponent)
}

// ----- set algebra and the set methods ----------------------------------------------

use crate::bytecode::{BinaryOp, CompareOp};
use crate::types::builtin_fn::BuiltinFn;

impl Vm {
    /// The items of a set, borrowed (in slot order).
    fn set_items(&self, r: ObjRef) -> Vec<ObjRef> {
        self.set_ref(r).map(Set::objects).unwrap_or_default()
    }

    /// A new set of the same kind as `like` holding `items` (borrowed).
    fn set_of(&mut self, like: ObjRef, items: &[ObjRef]) -> PyResult<ObjRef> {
        let frozen = self.set_ref(like).is_some_and(|s| s.frozen);
        let set = self.new_set(frozen);
        for &item in items {
            if let Err(err) = self.set_add(set, item) {
                self.decref(set);
                return Err(err);
            }
        }
        Ok(set)
    }

    /// The items of `a` that are (`keep_common`) or are not in `b`.
    fn filter_by_membership(
        &mut self,
        a: ObjRef,
        b: ObjRef,
        keep_common: bool,
    ) -> PyResult<Vec<ObjRef>> {
        let mut kept = vec![];
        for item in self.set_items(a) {
            if self.set_contains(b, item)? == keep_common {
                kept.push(item);
            }
        }
        Ok(kept)
    }

    /// `a | b`, `a & b`, `a - b`, `a ^ b` on sets; `None` if an operand is not a set.
    pub(crate) fn set_operator(
        &mut self,
        op: BinaryOp,
        a: ObjRef,
        b: ObjRef,
    ) -> Option<PyResult<ObjRef>> {
        if self.set_ref(a).is_none() || self.set_ref(b).is_none() {
            return None;
        }
        let items = match op {
            BinaryOp::Or => Ok([self.set_items(a), self.set_items(b)].concat()),
            BinaryOp::And => self.filter_by_membership(a, b, true),
            BinaryOp::Sub => self.filter_by_membership(a, b, false),
            BinaryOp::Xor => self.filter_by_membership(a, b, false).and_then(|mut left| {
                left.extend(self.filter_by_membership(b, a, false)?);
                Ok(left)
            }),
            _ => return None,
        };
        Some(items.and_then(|items| self.set_of(a, &items)))
    }

    /// `a |= b`, `a &= b`, `a -= b`, `a ^= b`: changes the set `a` in place,
    /// keeping the slots of the keys that stay. False for other operators.
    pub(crate) fn set_in_place(&mut self, op: BinaryOp, a: ObjRef, b: ObjRef) -> PyResult<bool> {
        match op {
            BinaryOp::Or => {
                for item in self.set_items(b) {
                    self.set_add(a, item)?;
                }
            }
            BinaryOp::And => {
                for item in self.filter_by_membership(a, b, false)? {
                    self.set_discard(a, item)?;
                }
            }
            BinaryOp::Sub => {
                for item in self.set_items(b) {
                    self.set_discard(a, item)?;
                }
            }
            BinaryOp::Xor => {
                for item in self.set_items(b) {
                    if !self.set_discard(a, item)? {
                        self.set_add(a, item)?;
                    }
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// `a <= b` (subset) and friends on sets.
    pub(crate) fn set_compare(
        &mut self,
        op: CompareOp,
        a: ObjRef,
        b: ObjRef,
    ) -> Option<PyResult<bool>> {
        let (la, lb) = (self.set_ref(a)?.len(), self.set_ref(b)?.len());
        let result = (|| -> PyResult<bool> {
            Ok(match op {
                CompareOp::Le => self.is_subset(a, b)?,
                CompareOp::Lt => la < lb && self.is_subset(a, b)?,
                CompareOp::Ge => self.is_subset(b, a)?,
                CompareOp::Gt => la > lb && self.is_subset(b, a)?,
                _ => false,
            })
        })();
        Some(result)
    }

    fn is_subset(&mut self, a: ObjRef, b: ObjRef) -> PyResult<bool> {
        Ok(self.filter_by_membership(a, b, false)?.is_empty())
    }

    /// `a == b` for two sets.
    pub(crate) fn sets_equal(&mut self, a: ObjRef, b: ObjRef) -> PyResult<bool> {
        let same_len = self.set_ref(a).map(Set::len) == self.set_ref(b).map(Set::len);
        Ok(same_len && self.is_subset(a, b)?)
    }

    /// `repr(set)`: `{1, 2}`, `set()`, `frozenset({1})`.
    pub(crate) fn set_repr(&mut self, r: ObjRef, depth: usize) -> PyResult<String> {
        let frozen = self.set_ref(r).is_some_and(|s| s.frozen);
        let mut parts = vec![];
        for item in self.set_items(r) {
            parts.push(self.repr_at_depth(item, depth + 1)?);
        }
        Ok(match (frozen, parts.is_empty()) {
            (false, true) => "set()".into(),
            (true, true) => "frozenset()".into(),
            (false, false) => format!("{{{}}}", parts.join(", ")),
            (true, false) => format!("frozenset({{{}}})", parts.join(", ")),
        })
    }

    /// The methods of `set` and `frozenset`; `args[0]` is the receiver.
    pub(crate) fn set_method(&mut self, function: BuiltinFn, args: &[ObjRef]) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        let receiver = args[0];
        let rest = &args[1..];
        let frozen = self.set_ref(receiver).is_some_and(|s| s.frozen);
        let mutating = matches!(
            function,
            F::SetAdd
                | F::SetDiscard
                | F::SetRemove
                | F::SetPop
                | F::SetClear
                | F::SetUpdate
                | F::SetDifferenceUpdate
                | F::SetIntersectionUpdate
                | F::SetSymmetricDifferenceUpdate
        );
        if frozen && mutating {
            return Err(self.error(
                ExcKind::AttributeError,
                format!("'frozenset' object has no attribute '{}'", function.name()),
            ));
        }
        let first = |vm: &mut Vm| -> PyResult<ObjRef> {
            rest.first().copied().ok_or_else(|| {
                vm.error(
                    ExcKind::TypeError,
                    format!("{}() takes exactly one argument (0 given)", function.name()),
                )
            })
        };
        match function {
            F::SetAdd => {
                let item = first(self)?;
                self.set_add(receiver, item)?;
                Ok(self.none())
            }
            F::SetDiscard | F::SetRemove => {
                let item = first(self)?;
                if !self.set_discard(receiver, item)? && function == F::SetRemove {
                    self.incref(item);
                    let class = self.exceptions[ExcKind::KeyError as usize];
                    self.incref(class);
                    let exc = self.call(class, vec![item], None);
                    self.decref(class);
                    return Err(crate::vm::PyErr(exc?));
                }
                Ok(self.none())
            }
            F::SetPop => match self.native_mut::<Set>(receiver).and_then(Set::pop_first) {
                Some(item) => Ok(item),
                None => Err(self.error(ExcKind::KeyError, "pop from an empty set".into())),
            },
            F::SetClear => {
                let items = self
                    .native_mut::<Set>(receiver)
                    .map(Set::clear)
                    .unwrap_or_default();
                self.decref_all(items);
                Ok(self.none())
            }
            F::SetCopy => {
                let items = self.set_items(receiver);
                self.set_of(receiver, &items)
            }
            F::SetUpdate => {
                for &other in rest {
                    let items = self.collect_items(other)?;
                    for &item in &items {
                        if let Err(err) = self.set_add(receiver, item) {
                            self.decref_all(items);
                            return Err(err);
                        }
                    }
                    self.decref_all(items);
                }
                Ok(self.none())
            }
            F::SetDifferenceUpdate | F::SetIntersectionUpdate | F::SetSymmetricDifferenceUpdate => {
                let op = match function {
                    F::SetDifferenceUpdate => BinaryOp::Sub,
                    F::SetIntersectionUpdate => BinaryOp::And,
                    _ => BinaryOp::Xor,
                };
                for &other in rest {
                    let other = if self.set_ref(other).is_some() {
                        self.incref(other);
                        other
                    } else {
                        self.set_from_iterable(other, false)?
                    };
                    let result = self.set_in_place(op, receiver, other);
                    self.decref(other);
                    result?;
                }
                Ok(self.none())
            }
            F::SetUnion
            | F::SetIntersection
            | F::SetDifference
            | F::SetSymmetricDifference
            | F::SetIssubset
            | F::SetIssuperset
            | F::SetIsdisjoint => {
                let other = first(self)?;
                let other = if self.set_ref(other).is_some() {
                    self.incref(other);
                    other
                } else {
                    self.set_from_iterable(other, false)?
                };
                let result = self.set_binary_method(function, receiver, other);
                self.decref(other);
                result
            }
            _ => Err(self.error(
                ExcKind::SystemError,
                format!("unknown set method {}", function.name()),
            )),
        }
    }

    fn set_binary_method(
        &mut self,
        function: BuiltinFn,
        receiver: ObjRef,
        other: ObjRef,
    ) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        let op = match function {
            F::SetUnion => BinaryOp::Or,
            F::SetIntersection => BinaryOp::And,
            F::SetDifference => BinaryOp::Sub,
            F::SetSymmetricDifference => BinaryOp::Xor,
            F::SetIssubset => {
                let result = self.is_subset(receiver, other)?;
                return Ok(self.new_bool(result));
            }
            F::SetIssuperset => {
                let result = self.is_subset(other, receiver)?;
                return Ok(self.new_bool(result));
            }
            _ => {
                let common = self.filter_by_membership(receiver, other, true)?;
                return Ok(self.new_bool(common.is_empty()));
            }
        };
        match self.set_operator(op, receiver, other) {
            Some(result) => result,
            None => Err(self.not_a_set(other)),
        }
    }
}
