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
                _ if vm.is_big_int(arg) => Ok(crate::types::bigint::big_to_f64(
                    &vm.big_value(arg).unwrap_or_default(),
                )),
                _ => {
                    let name = vm.type_name(arg);
                    Err(vm.error(
                        ExcKind::TypeError,
                        format!("must be real number, not {name}"),
                    ))
                }
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
