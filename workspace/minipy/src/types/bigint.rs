//! Integers beyond 64 bits. Python's `int` has no upper bound; minipy keeps
//! ints that fit in an `i64` in chapter 1's [`Payload::Int`] and promotes a
//! result that overflows to a [`BigInt`] object, the way a C extension adds
//! a type (through [`Payload::Native`]).
//!
//! Serves chapter 1 (`sys.getsizeof(2**100)` grows by 4 bytes per 30-bit
//! digit, as CPython's `PyLongObject` does) and every program that computes
//! factorials or powers.
//!
//! Invariant: a [`BigInt`] never holds a value that fits in an `i64`;
//! [`Vm::new_int_from_big`] normalizes, so equal values have one representation.

use std::any::Any;

use ch01_objects::{NativeObject, ObjRef, Payload};
use num_bigint::BigInt as Big;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::vm::Vm;

/// An `int` too large for 64 bits. CPython: `PyLongObject` with many digits.
#[derive(Debug, Clone)]
pub struct BigInt {
    /// The value (never within `i64`'s range).
    pub value: Big,
}

impl NativeObject for BigInt {
    fn type_name(&self) -> &str {
        "int"
    }
    fn is_gc(&self) -> bool {
        false
    }
    fn visit_refs(&self, _visit: &mut dyn FnMut(ObjRef)) {}
    fn take_refs(&mut self, _out: &mut Vec<ObjRef>) {}
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

impl BigInt {
    /// `sys.getsizeof`: a 24-byte header and 4 bytes per 30-bit digit.
    pub fn size(&self) -> usize {
        let bits = self.value.abs().bits() as usize;
        24 + 4 * bits.div_ceil(30).max(1)
    }
}

/// The Mersenne prime CPython reduces numeric hashes by. CPython: `_PyHASH_MODULUS`.
pub const HASH_MODULUS: u64 = (1 << 61) - 1;

/// `hash(n)` for an int, as CPython computes it: `n` modulo 2**61 - 1, with
/// the sign kept, and -1 (an error marker in C) replaced by -2.
pub fn hash_int(value: &Big) -> i64 {
    let magnitude = (value.abs() % Big::from(HASH_MODULUS))
        .to_i64()
        .unwrap_or(0);
    let hash = if value.is_negative() {
        -magnitude
    } else {
        magnitude
    };
    if hash == -1 { -2 } else { hash }
}

/// [`hash_int`] for a small int.
pub fn hash_small_int(value: i64) -> i64 {
    let magnitude = (value.unsigned_abs() % HASH_MODULUS) as i64;
    let hash = if value < 0 { -magnitude } else { magnitude };
    if hash == -1 { -2 } else { hash }
}

impl Vm {
    /// An int object for `value`: a small one when it fits in 64 bits.
    pub(crate) fn new_int_from_big(&mut self, value: Big) -> ObjRef {
        match value.to_i64() {
            Some(n) => self.new_int(n),
            None => self.new_native(BigInt { value }),
        }
    }

    /// The value of an int (small or big) or a bool, as a big integer.
    pub(crate) fn big_value(&self, r: ObjRef) -> Option<Big> {
        match self.payload(r) {
            Payload::Int(n) => Some(Big::from(*n)),
            Payload::Bool(b) => Some(Big::from(u8::from(*b))),
            _ => self.native::<BigInt>(r).map(|b| b.value.clone()),
        }
    }

    /// True if `r` is a big int.
    pub(crate) fn is_big_int(&self, r: ObjRef) -> bool {
        self.native::<BigInt>(r).is_some()
    }
}

/// A big integer as a float, as `float(n)` would give (infinite if too large).
pub fn big_to_f64(value: &Big) -> f64 {
    value.to_f64().unwrap_or(if value.is_negative() {
        f64::NEG_INFINITY
    } else {
        f64::INFINITY
    })
}

/// True division of two big integers, rounded once as CPython does for
/// operands whose quotient is representable.
pub fn big_true_divide(x: &Big, y: &Big) -> Option<f64> {
    if y.is_zero() {
        return None;
    }
    // Scale so the integer quotient carries more than 53 significant bits,
    // then let the float conversion round.
    let shift = 80i64 - (x.bits() as i64 - y.bits() as i64);
    let (numerator, denominator) = if shift > 0 {
        (x << (shift as usize), y.clone())
    } else {
        (x.clone(), y << ((-shift) as usize))
    };
    let quotient = big_to_f64(&(numerator / denominator));
    Some(quotient * 2f64.powi(-shift as i32))
}
