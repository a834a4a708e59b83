//! `random`: CPython's Mersenne Twister, seeded the way CPython seeds it,
//! so `random.seed(42)` gives the same numbers as `python3` — and the
//! functions built on it (`randint`, `choice`, `shuffle`, `sample`,
//! `uniform`) follow `Lib/random.py`'s algorithms step for step.
//!
//! Serves the example programs that make test data.

use num_bigint::BigInt as Big;
use num_traits::{Signed, ToPrimitive, Zero};

use ch01_objects::{ObjRef, Payload};

use crate::types::builtin_fn::BuiltinFn;
use crate::types::exceptions::ExcKind;
use crate::vm::{PyResult, Vm};

const N: usize = 624;
const M: usize = 397;

/// MT19937. CPython: `Modules/_randommodule.c`.
#[derive(Debug, Clone)]
pub struct MersenneTwister {
    state: [u32; N],
    index: usize,
}

impl MersenneTwister {
    fn from_seed_words(key: &[u32]) -> MersenneTwister {
        let mut mt = MersenneTwister {
            state: [0; N],
            index: N,
        };
        mt.init_genrand(19650218);
        let (mut i, mut j) = (1usize, 0usize);
        let length = key.len().max(1);
        for _ in 0..N.max(length) {
            let previous = mt.state[i - 1] ^ (mt.state[i - 1] >> 30);
            mt.state[i] = (mt.state[i] ^ previous.wrapping_mul(1664525))
                .wrapping_add(key.get(j).copied().unwrap_or(0))
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt.state[0] = mt.state[N - 1];
                i = 1;
            }
            if j >= length {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let previous = mt.state[i - 1] ^ (mt.state[i - 1] >> 30);
            mt.state[i] = (mt.state[i] ^ previous.wrapping_mul(1566083941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt.state[0] = mt.state[N - 1];
                i = 1;
            }
        }
        mt.state[0] = 0x8000_0000;
        mt
    }

    fn init_genrand(&mut self, seed: u32) {
        self.state[0] = seed;
        for i in 1..N {
            let previous = self.state[i - 1] ^ (self.state[i - 1] >> 30);
            self.state[i] = previous.wrapping_mul(1812433253).wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            for k in 0..N {
                let y = (self.state[k] & 0x8000_0000) | (self.state[(k + 1) % N] & 0x7fff_ffff);
                let mut value = self.state[(k + M) % N] ^ (y >> 1);
                if y & 1 != 0 {
                    value ^= 0x9908_b0df;
                }
                self.state[k] = value;
            }
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random.random()`: 53 random bits as a float in [0, 1).
    fn random(&mut self) -> f64 {
        let a = self.next_u32() >> 5;
        let b = self.next_u32() >> 6;
        (f64::from(a) * 67108864.0 + f64::from(b)) * (1.0 / 9007199254740992.0)
    }

    /// `random.getrandbits(k)`.
    fn getrandbits(&mut self, k: u64) -> Big {
        if k <= 32 {
            return Big::from(self.next_u32() >> (32 - k));
        }
        let mut words = vec![];
        let mut left = k;
        while left > 0 {
            let mut word = self.next_u32();
            if left < 32 {
                word >>= 32 - left;
            }
            words.push(word);
            left = left.saturating_sub(32);
        }
        Big::from_slice(num_bigint::Sign::Plus, &words)
    }

    /// `_randbelow(n)`: uniform in [0, n) by rejection, as CPython does.
    fn randbelow(&mut self, n: &Big) -> Big {
        if n.is_zero() {
            return Big::zero();
        }
        let k = n.bits();
        loop {
            let r = self.getrandbits(k);
            if &r < n {
                return r;
            }
        }
    }
}

/// The functions of the `random` module.
pub(crate) const RANDOM_FUNCTIONS: &[BuiltinFn] = &[
    BuiltinFn::RandomSeed,
    BuiltinFn::RandomRandom,
    BuiltinFn::RandomRandint,
    BuiltinFn::RandomRandrange,
    BuiltinFn::RandomChoice,
    BuiltinFn::RandomShuffle,
    BuiltinFn::RandomSample,
    BuiltinFn::RandomUniform,
    BuiltinFn::RandomGetrandbits,
];

/// The module, for the registry in [`crate::modules`].
pub(crate) const MODULE: crate::modules::NativeModule = crate::modules::NativeModule {
    name: "random",
    functions: &[],
    table_functions: RANDOM_FUNCTIONS,
    values: crate::modules::no_values,
};

/// A seed from the clock, for programs that never call `random.seed`
/// (CPython reads the OS's random source; either way the numbers differ per run).
fn clock_seed() -> Vec<u32> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    vec![nanos as u32, (nanos >> 32) as u32]
}

impl Vm {
    /// The module's generator, seeded from the clock on first use.
    fn generator(&mut self) -> &mut MersenneTwister {
        self.module_state
            .entry(std::any::TypeId::of::<MersenneTwister>())
            .or_insert_with(|| Box::new(MersenneTwister::from_seed_words(&clock_seed())))
            .downcast_mut()
            .expect("the entry for a type holds that type")
    }

    fn int_value(&mut self, r: ObjRef, what: &str) -> PyResult<Big> {
        match self.payload(r) {
            Payload::Float(x) if x.fract() == 0.0 => {
                Ok(num_traits::FromPrimitive::from_f64(*x).unwrap_or_default())
            }
            Payload::Float(_) => {
                Err(self.error(ExcKind::ValueError, format!("non-integer arg 1 for {what}")))
            }
            _ => match self.big_value(r) {
                Some(v) => Ok(v),
                None => {
                    let name = self.type_name(r);
                    Err(self.error(
                        ExcKind::TypeError,
                        format!("'{name}' object cannot be interpreted as an integer"),
                    ))
                }
            },
        }
    }

    /// The `random` functions (arguments borrowed).
    pub(crate) fn random_call(&mut self, function: BuiltinFn, args: &[ObjRef]) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        match function {
            F::RandomSeed => {
                let words = match args.first().copied().filter(|&a| a != self.none()) {
                    None => clock_seed(),
                    Some(seed) => {
                        let value = match self.payload(seed) {
                            Payload::Float(x) => {
                                return Err(self.error(
                                    ExcKind::TypeError,
                                    format!("minipy seeds random with ints only, not {x}"),
                                ));
                            }
                            _ => self.int_value(seed, "seed()")?,
                        };
                        let (_, mut words) = value.abs().to_u32_digits();
                        if words.is_empty() {
                            words.push(0);
                        }
                        words
                    }
                };
                self.module_state.insert(
                    std::any::TypeId::of::<MersenneTwister>(),
                    Box::new(MersenneTwister::from_seed_words(&words)),
                );
                Ok(self.none())
            }
            F::RandomRandom => {
                let x = self.generator().random();
                Ok(self.new_float(x))
            }
            F::RandomUniform => {
                let (a, b) = (self.float_of(args.first())?, self.float_of(args.get(1))?);
                let x = self.generator().random();
                Ok(self.new_float(a + (b - a) * x))
            }
            F::RandomGetrandbits => {
                let k = self.arg(args, 0, function)?;
                let k = self.int_value(k, "getrandbits()")?;
                let k = k.to_u64().unwrap_or(0);
                let bits = self.generator().getrandbits(k);
                Ok(self.new_int_from_big(bits))
            }
            F::RandomRandint | F::RandomRandrange => {
                let first = self.arg(args, 0, function)?;
                let first = self.int_value(first, "randrange()")?;
                let (start, stop, step) = match (function, args.get(1), args.get(2)) {
                    (F::RandomRandint, Some(&b), _) => {
                        (first, self.int_value(b, "randint()")? + 1, Big::from(1))
                    }
                    (F::RandomRandrange, None, _) => (Big::zero(), first, Big::from(1)),
                    (_, Some(&b), None) => (first, self.int_value(b, "randrange()")?, Big::from(1)),
                    (_, Some(&b), Some(&s)) => (
                        first,
                        self.int_value(b, "randrange()")?,
                        self.int_value(s, "randrange()")?,
                    ),
                    _ => {
                        return Err(self.error(
                            ExcKind::TypeError,
                            "randint() missing 1 required positional argument: 'b'".into(),
                        ));
                    }
                };
                let width = &stop - &start;
                let count = if step == Big::from(1) {
                    width.clone()
                } else if step.is_positive() {
                    (&width + &step - 1) / &step
                } else if step.is_negative() {
                    (&width + &step + 1) / &step
                } else {
                    return Err(self.error(ExcKind::ValueError, "zero step for randrange()".into()));
                };
                if !count.is_positive() {
                    return Err(self.error(
                        ExcKind::ValueError,
                        format!("empty range for randrange() ({start}, {stop}, {width})"),
                    ));
                }
                let pick = self.generator().randbelow(&count);
                Ok(self.new_int_from_big(start + pick * step))
            }
            F::RandomChoice => {
                let sequence = self.arg(args, 0, function)?;
                let length = self.length(sequence)?;
                if length == 0 {
                    return Err(self.error(
                        ExcKind::IndexError,
                        "Cannot choose from an empty sequence".into(),
                    ));
                }
                let i = self.generator().randbelow(&Big::from(length));
                let index = self.new_int_from_big(i);
                let item = self.get_item(sequence, index);
                self.decref(index);
                item
            }
            F::RandomShuffle => {
                let list = self.arg(args, 0, function)?;
                let length = match self.payload(list) {
                    Payload::List(items) => items.len(),
                    _ => {
                        return Err(
                            self.error(ExcKind::TypeError, "minipy shuffles lists only".into())
                        );
                    }
                };
                for i in (1..length).rev() {
                    let j = self.generator().randbelow(&Big::from(i + 1));
                    let j = j.to_usize().unwrap_or(0);
                    if let Payload::List(items) = self.payload_mut(list) {
                        items.swap(i, j);
                    }
                }
                Ok(self.none())
            }
            F::RandomSample => self.random_sample(args),
            _ => Err(self.error(
                ExcKind::SystemError,
                format!("unknown random function {}", function.name()),
            )),
        }
    }

    fn float_of(&mut self, r: Option<&ObjRef>) -> PyResult<f64> {
        match r.map(|&r| self.payload(r)) {
            Some(Payload::Float(x)) => Ok(*x),
            Some(Payload::Int(n)) => Ok(*n as f64),
            _ => Err(self.error(ExcKind::TypeError, "expected a number".into())),
        }
    }

    /// `random.sample(population, k)`, by `Lib/random.py`'s two strategies.
    fn random_sample(&mut self, args: &[ObjRef]) -> PyResult<ObjRef> {
        let population = self.arg(args, 0, BuiltinFn::RandomSample)?;
        let k = self.arg(args, 1, BuiltinFn::RandomSample)?;
        let k = self.int_value(k, "sample()")?;
        let items = self.collect_items(population)?;
        let n = items.len();
        let k = k.to_usize().unwrap_or(usize::MAX);
        if k > n {
            self.decref_all(items);
            return Err(self.error(
                ExcKind::ValueError,
                "Sample larger than population or is negative".into(),
            ));
        }
        let mut setsize = 21usize;
        if k > 5 {
            // 4 ** ceil(log(k * 3, 4))
            let exponent = ((k * 3) as f64).log(4.0).ceil() as u32;
            setsize += 4usize.pow(exponent);
        }
        let mut result = Vec::with_capacity(k);
        if n <= setsize {
            let mut pool = items.clone();
            for i in 0..k {
                let j = self.generator().randbelow(&Big::from(n - i));
                let j = j.to_usize().unwrap_or(0);
                result.push(pool[j]);
                pool[j] = pool[n - i - 1];
            }
        } else {
            let mut selected = std::collections::HashSet::new();
            for _ in 0..k {
                let mut j = self
                    .generator()
                    .randbelow(&Big::from(n))
                    .to_usize()
                    .unwrap_or(0);
                while selected.contains(&j) {
                    j = self
                        .generator()
                        .randbelow(&Big::from(n))
                        .to_usize()
                        .unwrap_or(0);
                }
                selected.insert(j);
                result.push(items[j]);
            }
        }
        let list = self.new_list_incref(result);
        self.decref_all(items);
        Ok(list)
    }
}
