//! Hashing as CPython 3.11 does it, where the result decides the order a
//! set iterates in: ints (`hash_int`), strings (SipHash-1-3), floats, and
//! tuples (xxHash's multipliers). Chapter 1's sets and every program that
//! prints one depend on it.

use ch01_objects::{DictKey, ObjRef, Payload};

use crate::bytecode::CompareOp;
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
        if let Some((data, false)) = self.bytes_of(r) {
            // CPython hashes a bytes as a str of the same one-byte characters.
            let text: String = data.iter().map(|&b| b as char).collect();
            return Ok((hash_str(&text), key));
        }
        let hash = self.hash_of_key(r, &key);
        Ok((hash, key))
    }

    /// `key` as `container` (a dict, a dict subclass or a set) knows it: a
    /// [`DictKey::ByEq`] key becomes the key already there that its class's
    /// `__eq__` says it equals, if any. CPython compares in the probe loop
    /// of `lookdict`: same hash, then `stored == key`. minipy's tables
    /// cannot run Python code, so the comparisons come first, with the
    /// stored keys that share the hash.
    pub(crate) fn resolve_key(&mut self, container: ObjRef, key: DictKey) -> PyResult<DictKey> {
        let DictKey::ByEq(hash, object) = key else {
            return Ok(key);
        };
        let table = self.dict_behind(container).unwrap_or(container);
        let candidates = match self.payload(table) {
            Payload::Dict(dict) => dict.keys_with_hash(hash),
            _ => match self.set_ref(table) {
                Some(set) => set.keys_with_hash(hash),
                None => vec![],
            },
        };
        for stored in candidates {
            if stored == object {
                return Ok(key);
            }
            // `__eq__` may change the table: the candidate stays alive.
            self.incref(stored);
            let equal = self.rich_compare(CompareOp::Eq, stored, object);
            let equal = equal.and_then(|result| {
                let truth = self.truthy(result);
                self.decref(result);
                truth
            });
            self.decref(stored);
            if equal? {
                return Ok(DictKey::ByEq(hash, stored));
            }
        }
        Ok(key)
    }

    /// What a class's own `__hash__` returns for `object`, as the hash of
    /// that int (CPython: `slot_tp_hash`, which reduces a big int and turns
    /// -1 into -2).
    pub(crate) fn user_hash(&mut self, object: ObjRef) -> PyResult<i64> {
        let result = match self.call_special(object, "__hash__", &[]) {
            Some(result) => result?,
            None => return Ok(self.identity_hash(object)),
        };
        let is_int = matches!(self.payload(result), Payload::Int(_) | Payload::Bool(_))
            || self.is_big_int(result);
        if !is_int {
            self.decref(result);
            return Err(self.error(
                ExcKind::TypeError,
                "__hash__ method should return an integer".into(),
            ));
        }
        let hashed = self.hash_of(result);
        self.decref(result);
        Ok(hashed?.0)
    }

    /// `object.__hash__`: the hash of the object's identity (its address
    /// turned by 4 bits, CPython's `_Py_HashPointer`).
    pub(crate) fn identity_hash(&self, r: ObjRef) -> i64 {
        self.hash_of_key(r, &DictKey::Identity(r))
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
            DictKey::ByEq(hash, _) => *hash,
            DictKey::Identity(object) => {
                let address = self.mem.heap().address(*object) as u64;
                let hash = address.rotate_right(4) as i64;
                if hash == -1 { -2 } else { hash }
            }
        }
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
