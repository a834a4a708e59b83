//! `math`: the functions and constants ordinary programs use, with
//! CPython's errors (`math domain error`) and CPython's results where an
//! int goes in (`floor` of an int is that int; `factorial` is exact).

use ch01_objects::{ObjRef, Payload};

use crate::modules::NativeModule;
use crate::types::builtin_fn::NativeFunction;
use crate::types::exceptions::ExcKind;
use crate::vm::{PyResult, Vm};

/// The module, for the registry in [`crate::modules`].
pub(crate) const MODULE: NativeModule = NativeModule {
    name: "math",
    functions: &[
        NativeFunction::positional("sqrt", |vm, args, _| vm.math_function(MathFn::Sqrt, args)),
        NativeFunction::positional("floor", |vm, args, _| vm.math_function(MathFn::Floor, args)),
        NativeFunction::positional("ceil", |vm, args, _| vm.math_function(MathFn::Ceil, args)),
        NativeFunction::positional("log", |vm, args, _| vm.math_function(MathFn::Log, args)),
        NativeFunction::positional("log2", |vm, args, _| vm.math_function(MathFn::Log2, args)),
        NativeFunction::positional("log10", |vm, args, _| vm.math_function(MathFn::Log10, args)),
        NativeFunction::positional("exp", |vm, args, _| vm.math_function(MathFn::Exp, args)),
        NativeFunction::positional("sin", |vm, args, _| vm.math_function(MathFn::Sin, args)),
        NativeFunction::positional("cos", |vm, args, _| vm.math_function(MathFn::Cos, args)),
        NativeFunction::positional("fabs", |vm, args, _| vm.math_function(MathFn::Fabs, args)),
        NativeFunction::positional("isclose", |vm, args, _| {
            vm.math_function(MathFn::Isclose, args)
        }),
        NativeFunction::positional("factorial", |vm, args, _| {
            vm.math_function(MathFn::Factorial, args)
        }),
        NativeFunction::positional("gcd", |vm, args, _| vm.math_function(MathFn::Gcd, args)),
        NativeFunction::positional("isqrt", |vm, args, _| vm.math_function(MathFn::Isqrt, args)),
        NativeFunction::positional("prod", |vm, args, _| vm.math_function(MathFn::Prod, args)),
        NativeFunction::positional("isnan", |vm, args, _| vm.math_function(MathFn::Isnan, args)),
        NativeFunction::positional("isinf", |vm, args, _| vm.math_function(MathFn::Isinf, args)),
        NativeFunction::positional("isfinite", |vm, args, _| {
            let x = real_argument(vm, args, 0, "isfinite")?;
            Ok(vm.new_bool(x.is_finite()))
        }),
        NativeFunction::positional("tan", |vm, args, _| unary(vm, args, "tan", f64::tan)),
        NativeFunction::positional("asin", |vm, args, _| unary(vm, args, "asin", f64::asin)),
        NativeFunction::positional("acos", |vm, args, _| unary(vm, args, "acos", f64::acos)),
        NativeFunction::positional("atan", |vm, args, _| unary(vm, args, "atan", f64::atan)),
        NativeFunction::positional("sinh", |vm, args, _| unary(vm, args, "sinh", f64::sinh)),
        NativeFunction::positional("cosh", |vm, args, _| unary(vm, args, "cosh", f64::cosh)),
        NativeFunction::positional("tanh", |vm, args, _| unary(vm, args, "tanh", f64::tanh)),
        NativeFunction::positional("log1p", |vm, args, _| unary(vm, args, "log1p", f64::ln_1p)),
        NativeFunction::positional("expm1", |vm, args, _| unary(vm, args, "expm1", f64::exp_m1)),
        NativeFunction::positional("degrees", |vm, args, _| {
            unary(vm, args, "degrees", f64::to_degrees)
        }),
        NativeFunction::positional("radians", |vm, args, _| {
            unary(vm, args, "radians", f64::to_radians)
        }),
        NativeFunction::positional("atan2", |vm, args, _| binary(vm, args, "atan2", f64::atan2)),
        NativeFunction::positional("copysign", |vm, args, _| {
            binary(vm, args, "copysign", f64::copysign)
        }),
        NativeFunction::positional("fmod", |vm, args, _| {
            let (x, y) = two_reals(vm, args, "fmod")?;
            if y == 0.0 && !x.is_nan() || x.is_infinite() {
                return Err(domain_error(vm));
            }
            Ok(vm.new_float(x % y))
        }),
        NativeFunction::positional("pow", |vm, args, _| {
            let (x, y) = two_reals(vm, args, "pow")?;
            let result = x.powf(y);
            if x == 0.0 && y < 0.0 || x < 0.0 && y.fract() != 0.0 && y.is_finite() {
                return Err(domain_error(vm));
            }
            if result.is_infinite() && x.is_finite() && y.is_finite() {
                return Err(range_error(vm));
            }
            Ok(vm.new_float(result))
        }),
        NativeFunction::positional("modf", |vm, args, _| {
            let x = real_argument(vm, args, 0, "modf")?;
            let whole = x.trunc();
            let fraction = if x.is_infinite() { 0.0f64.copysign(x) } else { x - whole };
            let items = vec![vm.new_float(fraction), vm.new_float(whole)];
            Ok(vm.alloc(Payload::Tuple(items.into())))
        }),
        NativeFunction::positional("frexp", |vm, args, _| {
            let x = real_argument(vm, args, 0, "frexp")?;
            let (mantissa, exponent) = frexp(x);
            let items = vec![vm.new_float(mantissa), vm.new_int(exponent)];
            Ok(vm.alloc(Payload::Tuple(items.into())))
        }),
        NativeFunction::positional("ldexp", |vm, args, _| {
            let x = real_argument(vm, args, 0, "ldexp")?;
            let exponent = match args.get(1).map(|&a| vm.payload(a)) {
                Some(Payload::Int(n)) => *n,
                Some(Payload::Bool(b)) => i64::from(*b),
                _ => {
                    return Err(vm.error(
                        ExcKind::TypeError,
                        "Expected an int as second argument to ldexp.".into(),
                    ));
                }
            };
            let result = x * 2f64.powi(exponent.clamp(-2200, 2200) as i32);
            let result = if exponent < -1074 && result == 0.0 && x != 0.0 {
                // 2**exponent underflows to 0 before the product would.
                x * 2f64.powi(-1074) * 2f64.powi((exponent + 1074).max(-1100) as i32)
            } else {
                result
            };
            if result.is_infinite() && x.is_finite() {
                return Err(range_error(vm));
            }
            Ok(vm.new_float(result))
        }),
        NativeFunction::positional("trunc", |vm, args, _| {
            let x = args.first().copied();
            match x {
                Some(x) if matches!(vm.payload(x), Payload::Float(_)) => {
                    let value = real_argument(vm, args, 0, "trunc")?;
                    float_to_int(vm, value.trunc())
                }
                Some(x) if vm.big_value(x).is_some() => {
                    let value = vm.big_value(x).unwrap_or_default();
                    Ok(vm.new_int_from_big(value))
                }
                Some(x) => {
                    let name = vm.type_name(x);
                    Err(vm.error(
                        ExcKind::TypeError,
                        format!("type {name} doesn't define __trunc__ method"),
                    ))
                }
                None => Err(vm.error(
                    ExcKind::TypeError,
                    "trunc() takes exactly one argument (0 given)".into(),
                )),
            }
        }),
        NativeFunction::positional("fsum", |vm, args, _| {
            let iterable = args.first().copied().unwrap_or(vm.singletons.none);
            let items = vm.collect_items(iterable)?;
            let mut values = vec![];
            for (i, _) in items.iter().enumerate() {
                match real_argument(vm, &items, i, "fsum") {
                    Ok(x) => values.push(x),
                    Err(err) => {
                        vm.decref_all(items);
                        return Err(err);
                    }
                }
            }
            vm.decref_all(items);
            Ok(vm.new_float(exact_sum(&values)))
        }),
        NativeFunction::positional("hypot", |vm, args, _| {
            let mut values = vec![];
            for i in 0..args.len() {
                values.push(real_argument(vm, args, i, "hypot")?);
            }
            Ok(vm.new_float(hypotenuse(&values)))
        }),
        NativeFunction::positional("dist", |vm, args, _| {
            let (Some(&p), Some(&q)) = (args.first(), args.get(1)) else {
                return Err(vm.error(
                    ExcKind::TypeError,
                    format!("dist expected 2 arguments, got {}", args.len()),
                ));
            };
            let points = [p, q];
            let mut coordinates = vec![];
            for point in points {
                if !matches!(vm.payload(point), Payload::Tuple(_) | Payload::List(_)) {
                    return Err(vm.error(
                        ExcKind::TypeError,
                        "dist(): argument must be tuple, not ".to_string() + &vm.type_name(point),
                    ));
                }
                let items = vm.list_items(point);
                let mut values = vec![];
                for i in 0..items.len() {
                    values.push(real_argument(vm, &items, i, "dist")?);
                }
                coordinates.push(values);
            }
            if coordinates[0].len() != coordinates[1].len() {
                return Err(vm.error(
                    ExcKind::ValueError,
                    "both points must have the same number of dimensions".into(),
                ));
            }
            let differences: Vec<f64> = coordinates[0]
                .iter()
                .zip(&coordinates[1])
                .map(|(a, b)| a - b)
                .collect();
            Ok(vm.new_float(hypotenuse(&differences)))
        }),
        NativeFunction::positional("nextafter", |vm, args, _| {
            let (x, y) = two_reals(vm, args, "nextafter")?;
            Ok(vm.new_float(next_after(x, y)))
        }),
        NativeFunction::positional("ulp", |vm, args, _| {
            let x = real_argument(vm, args, 0, "ulp")?.abs();
            let result = if x.is_nan() || x.is_infinite() {
                x
            } else if x == f64::MAX {
                x - next_after(x, 0.0)
            } else {
                next_after(x, f64::INFINITY) - x
            };
            Ok(vm.new_float(result))
        }),
        NativeFunction::positional("lcm", |vm, args, _| {
            let values = integer_arguments(vm, args)?;
            let result = values.iter().fold(num_bigint::BigInt::from(1), |a, b| {
                num_integer::Integer::lcm(&a, b)
            });
            Ok(vm.new_int_from_big(result))
        }),
        NativeFunction::positional("comb", |vm, args, _| {
            let (n, k) = counting_arguments(vm, args, "comb")?;
            if k > n {
                return Ok(vm.new_int(0));
            }
            let rest = &n - &k;
            let k = k.min(rest);
            Ok(vm.new_int_from_big(falling_product(&n, &k) / factorial(&k)))
        }),
        NativeFunction::positional("perm", |vm, args, _| {
            if args.len() == 1 {
                let values = integer_arguments(vm, args)?;
                if values[0] < num_bigint::BigInt::from(0) {
                    return Err(vm.error(
                        ExcKind::ValueError,
                        "n must be a non-negative integer".into(),
                    ));
                }
                return Ok(vm.new_int_from_big(factorial(&values[0])));
            }
            let (n, k) = counting_arguments(vm, args, "perm")?;
            if k > n {
                return Ok(vm.new_int(0));
            }
            Ok(vm.new_int_from_big(falling_product(&n, &k)))
        }),
    ],
    table_functions: &[],
    values,
};

fn values(vm: &mut Vm) -> Vec<(&'static str, ObjRef)> {
    [
        ("pi", std::f64::consts::PI),
        ("e", std::f64::consts::E),
        ("tau", std::f64::consts::TAU),
        ("inf", f64::INFINITY),
        ("nan", f64::NAN),
    ]
    .into_iter()
    .map(|(name, x)| (name, vm.new_float(x)))
    .collect()
}

/// Which function of the module: the float ones share their argument
/// handling, the integer ones theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MathFn {
    Sqrt,
    Floor,
    Ceil,
    Log,
    Log2,
    Log10,
    Exp,
    Sin,
    Cos,
    Fabs,
    Isclose,
    Factorial,
    Gcd,
    Isqrt,
    Prod,
    Isnan,
    Isinf,
}

impl MathFn {
    fn name(self) -> &'static str {
        match self {
            MathFn::Sqrt => "sqrt",
            MathFn::Floor => "floor",
            MathFn::Ceil => "ceil",
            MathFn::Log => "log",
            MathFn::Log2 => "log2",
            MathFn::Log10 => "log10",
            MathFn::Exp => "exp",
            MathFn::Sin => "sin",
            MathFn::Cos => "cos",
            MathFn::Fabs => "fabs",
            MathFn::Isclose => "isclose",
            MathFn::Factorial => "factorial",
            MathFn::Gcd => "gcd",
            MathFn::Isqrt => "isqrt",
            MathFn::Prod => "prod",
            MathFn::Isnan => "isnan",
            MathFn::Isinf => "isinf",
        }
    }
}

impl Vm {
    /// The functions of `math`.
    fn math_function(&mut self, function: MathFn, args: &[ObjRef]) -> PyResult<ObjRef> {
        use MathFn as F;
        let float_arg = |vm: &mut Vm, i: usize| -> PyResult<f64> {
            let Some(&arg) = args.get(i) else {
                return Err(vm.error(
                    ExcKind::TypeError,
                    format!("{}() missing required argument", function.name()),
                ));
            };
            match vm.payload(arg) {
                Payload::Int(n) => Ok(*n as f64),
                Payload::Bool(b) => Ok(f64::from(u8::from(*b))),
                Payload::Float(x) => Ok(*x),
                _ => real_argument(vm, args, i, function.name()),
            }
        };
        let domain = |vm: &mut Vm| Err(vm.error(ExcKind::ValueError, "math domain error".into()));
        let x = match function {
            F::Factorial | F::Gcd | F::Isqrt | F::Prod => 0.0,
            _ => float_arg(self, 0)?,
        };
        let result = match function {
            F::Sqrt if x < 0.0 => return domain(self),
            F::Sqrt => x.sqrt(),
            F::Floor | F::Ceil => {
                if let Some(&arg) = args.first()
                    && (matches!(self.payload(arg), Payload::Int(_)) || self.is_big_int(arg))
                {
                    self.incref(arg);
                    return Ok(arg);
                }
                let rounded = if function == F::Floor {
                    x.floor()
                } else {
                    x.ceil()
                };
                if !rounded.is_finite() {
                    return Err(self.error(
                        ExcKind::OverflowError,
                        "cannot convert float infinity to integer".into(),
                    ));
                }
                let n = num_traits::FromPrimitive::from_f64(rounded).unwrap_or_default();
                return Ok(self.new_int_from_big(n));
            }
            F::Log if x <= 0.0 => return domain(self),
            F::Log => match args.get(1) {
                Some(_) => x.ln() / float_arg(self, 1)?.ln(),
                None => x.ln(),
            },
            F::Log2 if x <= 0.0 => return domain(self),
            F::Log2 => x.log2(),
            F::Log10 if x <= 0.0 => return domain(self),
            F::Log10 => x.log10(),
            F::Exp if x.exp().is_infinite() && x.is_finite() => return Err(range_error(self)),
            F::Exp => x.exp(),
            F::Sin => x.sin(),
            F::Cos => x.cos(),
            F::Fabs => x.abs(),
            F::Isnan => return Ok(self.new_bool(x.is_nan())),
            F::Isinf => return Ok(self.new_bool(x.is_infinite())),
            F::Isclose => {
                let y = float_arg(self, 1)?;
                let close = x == y || (x - y).abs() <= 1e-9 * x.abs().max(y.abs());
                return Ok(self.new_bool(close));
            }
            F::Factorial | F::Gcd | F::Isqrt | F::Prod => {
                return self.integer_math(function, args);
            }
        };
        Ok(self.new_float(result))
    }

    fn integer_math(&mut self, function: MathFn, args: &[ObjRef]) -> PyResult<ObjRef> {
        use MathFn as F;
        use num_traits::{One, Signed, Zero};
        if function == F::Prod {
            let iterable = args.first().copied().unwrap_or(self.singletons.none);
            let items = self.collect_items(iterable)?;
            let mut total = self.new_int(1);
            for &item in &items {
                match self.binary_op(crate::bytecode::BinaryOp::Mul, total, item) {
                    Ok(next) => {
                        self.decref(total);
                        total = next;
                    }
                    Err(err) => {
                        self.decref(total);
                        self.decref_all(items);
                        return Err(err);
                    }
                }
            }
            self.decref_all(items);
            return Ok(total);
        }
        let mut values = vec![];
        for &arg in args {
            match self
                .big_value(arg)
                .filter(|_| !matches!(self.payload(arg), Payload::Float(_)))
            {
                Some(v) => values.push(v),
                None => {
                    let name = self.type_name(arg);
                    return Err(self.error(
                        ExcKind::TypeError,
                        format!("'{name}' object cannot be interpreted as an integer"),
                    ));
                }
            }
        }
        let Some(first) = values.first().cloned() else {
            return Ok(self.new_int(0));
        };
        let result = match function {
            F::Factorial if first.is_negative() => {
                return Err(self.error(
                    ExcKind::ValueError,
                    "factorial() not defined for negative values".into(),
                ));
            }
            F::Factorial => {
                let mut acc = num_bigint::BigInt::one();
                let mut i = num_bigint::BigInt::one();
                while i <= first {
                    acc *= &i;
                    i += 1;
                }
                acc
            }
            F::Isqrt if first.is_negative() => {
                return Err(self.error(
                    ExcKind::ValueError,
                    "isqrt() argument must be nonnegative".into(),
                ));
            }
            F::Isqrt => first.sqrt(),
            _ => values.iter().fold(num_bigint::BigInt::zero(), |a, b| {
                num_integer::Integer::gcd(&a, b)
            }),
        };
        Ok(self.new_int_from_big(result))
    }
}

fn domain_error(vm: &mut Vm) -> crate::vm::PyErr {
    vm.error(ExcKind::ValueError, "math domain error".into())
}

fn range_error(vm: &mut Vm) -> crate::vm::PyErr {
    vm.error(ExcKind::OverflowError, "math range error".into())
}

/// Argument `i` as a float: an int, a bool or a float (`must be real number`).
fn real_argument(vm: &mut Vm, args: &[ObjRef], i: usize, name: &str) -> PyResult<f64> {
    let Some(&arg) = args.get(i) else {
        return Err(vm.error(
            ExcKind::TypeError,
            format!("{name}() missing required argument"),
        ));
    };
    match vm.payload(arg) {
        Payload::Int(n) => Ok(*n as f64),
        Payload::Bool(b) => Ok(f64::from(u8::from(*b))),
        Payload::Float(x) => Ok(*x),
        _ if vm.is_big_int(arg) => {
            let x = crate::types::bigint::big_to_f64(&vm.big_value(arg).unwrap_or_default());
            if x.is_infinite() {
                return Err(vm.error(
                    ExcKind::OverflowError,
                    "int too large to convert to float".into(),
                ));
            }
            Ok(x)
        }
        _ => {
            let type_name = vm.type_name(arg);
            Err(vm.error(
                ExcKind::TypeError,
                format!("must be real number, not {type_name}"),
            ))
        }
    }
}

fn two_reals(vm: &mut Vm, args: &[ObjRef], name: &str) -> PyResult<(f64, f64)> {
    if args.len() != 2 {
        return Err(vm.error(
            ExcKind::TypeError,
            format!("{name} expected 2 arguments, got {}", args.len()),
        ));
    }
    Ok((real_argument(vm, args, 0, name)?, real_argument(vm, args, 1, name)?))
}

/// A one-argument float function with CPython's error rules: a NaN from a
/// non-NaN is a domain error, an infinity from a finite value a range error.
fn unary(vm: &mut Vm, args: &[ObjRef], name: &str, f: fn(f64) -> f64) -> PyResult<ObjRef> {
    let x = real_argument(vm, args, 0, name)?;
    let result = f(x);
    if result.is_nan() && !x.is_nan() {
        return Err(domain_error(vm));
    }
    if result.is_infinite() && x.is_finite() {
        return Err(if name == "log1p" {
            domain_error(vm)
        } else {
            range_error(vm)
        });
    }
    Ok(vm.new_float(result))
}

fn binary(vm: &mut Vm, args: &[ObjRef], name: &str, f: fn(f64, f64) -> f64) -> PyResult<ObjRef> {
    let (x, y) = two_reals(vm, args, name)?;
    Ok(vm.new_float(f(x, y)))
}

fn float_to_int(vm: &mut Vm, x: f64) -> PyResult<ObjRef> {
    if x.is_nan() {
        return Err(vm.error(
            ExcKind::ValueError,
            "cannot convert float NaN to integer".into(),
        ));
    }
    if x.is_infinite() {
        return Err(vm.error(
            ExcKind::OverflowError,
            "cannot convert float infinity to integer".into(),
        ));
    }
    let n = num_traits::FromPrimitive::from_f64(x).unwrap_or_default();
    Ok(vm.new_int_from_big(n))
}

/// Integer arguments (ints and bools; a float is a `TypeError`).
fn integer_arguments(vm: &mut Vm, args: &[ObjRef]) -> PyResult<Vec<num_bigint::BigInt>> {
    let mut values = vec![];
    for &arg in args {
        match vm
            .big_value(arg)
            .filter(|_| !matches!(vm.payload(arg), Payload::Float(_)))
        {
            Some(v) => values.push(v),
            None => {
                let name = vm.type_name(arg);
                return Err(vm.error(
                    ExcKind::TypeError,
                    format!("'{name}' object cannot be interpreted as an integer"),
                ));
            }
        }
    }
    Ok(values)
}

/// `comb(n, k)` / `perm(n, k)`'s two non-negative integers.
fn counting_arguments(
    vm: &mut Vm,
    args: &[ObjRef],
    name: &str,
) -> PyResult<(num_bigint::BigInt, num_bigint::BigInt)> {
    if args.len() != 2 {
        return Err(vm.error(
            ExcKind::TypeError,
            format!("{name} expected 2 arguments, got {}", args.len()),
        ));
    }
    let values = integer_arguments(vm, args)?;
    let zero = num_bigint::BigInt::from(0);
    for (value, letter) in values.iter().zip(["n", "k"]) {
        if *value < zero {
            return Err(vm.error(
                ExcKind::ValueError,
                format!("{letter} must be a non-negative integer"),
            ));
        }
    }
    Ok((values[0].clone(), values[1].clone()))
}

fn factorial(n: &num_bigint::BigInt) -> num_bigint::BigInt {
    falling_product(n, n)
}

/// `n * (n-1) * ... * (n-k+1)`.
fn falling_product(n: &num_bigint::BigInt, k: &num_bigint::BigInt) -> num_bigint::BigInt {
    let mut result = num_bigint::BigInt::from(1);
    let mut factor = n.clone();
    let stop = n - k;
    while factor > stop {
        result *= &factor;
        factor -= 1;
    }
    result
}

/// The correctly rounded sum (Shewchuk's algorithm, as CPython's `fsum`).
fn exact_sum(values: &[f64]) -> f64 {
    let mut partials: Vec<f64> = vec![];
    let mut special = 0.0;
    for &value in values {
        if !value.is_finite() {
            special += value;
            continue;
        }
        let mut x = value;
        let mut kept = 0;
        for i in 0..partials.len() {
            let mut y = partials[i];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let high = x + y;
            let low = y - (high - x);
            if low != 0.0 {
                partials[kept] = low;
                kept += 1;
            }
            x = high;
        }
        partials.truncate(kept);
        partials.push(x);
    }
    if special != 0.0 || special.is_nan() {
        return special;
    }
    let mut high = 0.0;
    while let Some(x) = partials.pop() {
        let total = high + x;
        let low = x - (total - high);
        high = total;
        if low != 0.0 {
            // Round half to even across the remaining partials.
            if let Some(&next) = partials.last()
                && (low < 0.0 && next < 0.0 || low > 0.0 && next > 0.0)
            {
                let y = low * 2.0;
                let x = high + y;
                if y == x - high {
                    high = x;
                }
            }
            break;
        }
    }
    high
}

/// `sqrt(sum of squares)`, scaled so no square overflows.
fn hypotenuse(values: &[f64]) -> f64 {
    if values.iter().any(|v| v.is_infinite()) {
        return f64::INFINITY;
    }
    if values.iter().any(|v| v.is_nan()) {
        return f64::NAN;
    }
    let largest = values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    if largest == 0.0 {
        return 0.0;
    }
    let squares: Vec<f64> = values.iter().map(|v| (v / largest).powi(2)).collect();
    largest * exact_sum(&squares).sqrt()
}

/// The next float after `x` towards `y`.
fn next_after(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == y {
        return y;
    }
    if x == 0.0 {
        return f64::from_bits(1).copysign(y);
    }
    let bits = x.to_bits();
    let away_from_zero = (y > x) == (x > 0.0);
    f64::from_bits(if away_from_zero { bits + 1 } else { bits - 1 })
}

/// `frexp`: `x == mantissa * 2**exponent` with `0.5 <= |mantissa| < 1`.
fn frexp(x: f64) -> (f64, i64) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let mut exponent = x.abs().log2().floor() as i64 + 1;
    let mut mantissa = x / 2f64.powi(exponent as i32);
    if !mantissa.is_finite() || mantissa == 0.0 {
        // A subnormal x: scale it up first.
        let (m, e) = frexp(x * 2f64.powi(64));
        return (m, e - 64);
    }
    while mantissa.abs() >= 1.0 {
        mantissa /= 2.0;
        exponent += 1;
    }
    while mantissa.abs() < 0.5 {
        mantissa *= 2.0;
        exponent -= 1;
    }
    (mantissa, exponent)
}
