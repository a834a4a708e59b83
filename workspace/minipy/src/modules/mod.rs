//! The parts of `sys` beyond reference counts (`maxsize`, `argv`, the
//! standard streams) and a `math` module, so ordinary programs that print
//! tables or compute averages run unchanged.
//!
//! Serves every chapter's example programs; nothing here allocates behind
//! the program's back except the values it returns.

pub mod abc;
pub mod builtins;
pub mod collections;
pub mod dataclasses;
pub mod functools;
pub mod itertools;
pub mod random;

use std::any::Any;
use std::rc::Rc;

use ch01_objects::{NativeObject, ObjRef, Payload};

use crate::modules::builtins::BuiltinFn;
use crate::types::exceptions::ExcKind;
use crate::vm::{PyResult, Vm};

/// `sys.stdout` or `sys.stderr`. CPython: `_io.TextIOWrapper`.
#[derive(Debug)]
pub struct Stream {
    /// True for standard error.
    pub is_stderr: bool,
}

impl NativeObject for Stream {
    fn type_name(&self) -> &str {
        "TextIOWrapper"
    }
    fn visit_refs(&self, _visit: &mut dyn FnMut(ObjRef)) {}
    fn take_refs(&mut self, _out: &mut Vec<ObjRef>) {}
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// The `math` module's functions.
pub(crate) const MATH_FUNCTIONS: &[BuiltinFn] = &[
    BuiltinFn::MathSqrt,
    BuiltinFn::MathFloor,
    BuiltinFn::MathCeil,
    BuiltinFn::MathLog,
    BuiltinFn::MathLog2,
    BuiltinFn::MathLog10,
    BuiltinFn::MathExp,
    BuiltinFn::MathSin,
    BuiltinFn::MathCos,
    BuiltinFn::MathFabs,
    BuiltinFn::MathIsclose,
    BuiltinFn::MathFactorial,
    BuiltinFn::MathGcd,
    BuiltinFn::MathIsqrt,
    BuiltinFn::MathProd,
    BuiltinFn::MathIsnan,
    BuiltinFn::MathIsinf,
];

impl Vm {
    /// The non-function attributes of a built-in module.
    pub(crate) fn module_values(&mut self, module: &str) -> Vec<(&'static str, ObjRef)> {
        match module {
            "sys" => {
                let maxsize = self.new_int(i64::MAX);
                let script = self.new_str(&self.script_name.clone());
                let argv = self.alloc(Payload::List(vec![script]));
                let stdout = self.new_native(Stream { is_stderr: false });
                let stderr = self.new_native(Stream { is_stderr: true });
                let platform = self.new_str("linux");
                let byteorder = self.new_str("little");
                vec![
                    ("maxsize", maxsize),
                    ("argv", argv),
                    ("stdout", stdout),
                    ("stderr", stderr),
                    ("platform", platform),
                    ("byteorder", byteorder),
                ]
            }
            "math" => {
                let values = [
                    ("pi", std::f64::consts::PI),
                    ("e", std::f64::consts::E),
                    ("tau", std::f64::consts::TAU),
                    ("inf", f64::INFINITY),
                    ("nan", f64::NAN),
                ];
                values
                    .into_iter()
                    .map(|(name, x)| (name, self.new_float(x)))
                    .collect()
            }
            "string" => {
                let values = [
                    ("ascii_lowercase", "abcdefghijklmnopqrstuvwxyz".to_string()),
                    ("ascii_uppercase", "ABCDEFGHIJKLMNOPQRSTUVWXYZ".to_string()),
                    (
                        "ascii_letters",
                        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".to_string(),
                    ),
                    ("digits", "0123456789".to_string()),
                    ("hexdigits", "0123456789abcdefABCDEF".to_string()),
                    ("octdigits", "01234567".to_string()),
                    (
                        "punctuation",
                        "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".to_string(),
                    ),
                    ("whitespace", " \t\n\r\x0b\x0c".to_string()),
                ];
                values
                    .into_iter()
                    .map(|(name, text)| (name, self.new_str(&text)))
                    .collect()
            }
            "resource" => {
                let own = self.new_int(0);
                let children = self.new_int(-1);
                vec![("RUSAGE_SELF", own), ("RUSAGE_CHILDREN", children)]
            }
            "abc" => {
                let class = self.abc_class();
                self.incref(class);
                vec![("ABC", class)]
            }
            "collections" => {
                let mut values = vec![];
                for &(name, constructor) in crate::modules::collections::COLLECTION_TYPES {
                    let class = self.builtin_type(name);
                    self.constructors.insert(class, constructor);
                    self.incref(class);
                    values.push((name, class));
                }
                values
            }
            _ => vec![],
        }
    }

    /// Writes `text` to standard output or standard error, keeping their order.
    pub(crate) fn write_stream(&mut self, stream: ObjRef, text: &str) {
        let is_stderr = self.native::<Stream>(stream).is_some_and(|s| s.is_stderr);
        if is_stderr {
            self.flush();
            eprint!("{text}");
        } else {
            let _ = self.out.write_all(text.as_bytes());
        }
    }

    /// `stream.write(text)`, `stream.flush()`.
    pub(crate) fn stream_method(
        &mut self,
        function: BuiltinFn,
        args: &[ObjRef],
    ) -> PyResult<ObjRef> {
        let stream = args[0];
        if function == BuiltinFn::StreamFlush {
            self.flush();
            return Ok(self.none());
        }
        let Some(text) = args
            .get(1)
            .and_then(|&t| self.str_of(t))
            .map(str::to_string)
        else {
            return Err(self.error(ExcKind::TypeError, "write() argument must be str".into()));
        };
        self.write_stream(stream, &text);
        Ok(self.new_int(text.chars().count() as i64))
    }

    /// The functions of `math`.
    pub(crate) fn math_function(
        &mut self,
        function: BuiltinFn,
        args: &[ObjRef],
    ) -> PyResult<ObjRef> {
        use BuiltinFn as F;
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
            F::MathFactorial | F::MathGcd | F::MathIsqrt | F::MathProd => 0.0,
            _ => float_arg(self, 0)?,
        };
        let result = match function {
            F::MathSqrt if x < 0.0 => return domain(self),
            F::MathSqrt => x.sqrt(),
            F::MathFloor | F::MathCeil => {
                if let Some(&arg) = args.first()
                    && (matches!(self.payload(arg), Payload::Int(_)) || self.is_big_int(arg))
                {
                    self.incref(arg);
                    return Ok(arg);
                }
                let rounded = if function == F::MathFloor {
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
            F::MathLog if x <= 0.0 => return domain(self),
            F::MathLog => match args.get(1) {
                Some(_) => x.ln() / float_arg(self, 1)?.ln(),
                None => x.ln(),
            },
            F::MathLog2 if x <= 0.0 => return domain(self),
            F::MathLog2 => x.log2(),
            F::MathLog10 if x <= 0.0 => return domain(self),
            F::MathLog10 => x.log10(),
            F::MathExp => x.exp(),
            F::MathSin => x.sin(),
            F::MathCos => x.cos(),
            F::MathFabs => x.abs(),
            F::MathIsnan => return Ok(self.new_bool(x.is_nan())),
            F::MathIsinf => return Ok(self.new_bool(x.is_infinite())),
            F::MathIsclose => {
                let y = float_arg(self, 1)?;
                let close = x == y || (x - y).abs() <= 1e-9 * x.abs().max(y.abs());
                return Ok(self.new_bool(close));
            }
            F::MathFactorial | F::MathGcd | F::MathIsqrt | F::MathProd => {
                return self.integer_math(function, args);
            }
            _ => {
                return Err(self.error(
                    ExcKind::SystemError,
                    format!("unknown math function {}", function.name()),
                ));
            }
        };
        Ok(self.new_float(result))
    }

    fn integer_math(&mut self, function: BuiltinFn, args: &[ObjRef]) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        use num_traits::{One, Signed, Zero};
        if function == F::MathProd {
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
            F::MathFactorial if first.is_negative() => {
                return Err(self.error(
                    ExcKind::ValueError,
                    "factorial() not defined for negative values".into(),
                ));
            }
            F::MathFactorial => {
                let mut acc = num_bigint::BigInt::one();
                let mut i = num_bigint::BigInt::one();
                while i <= first {
                    acc *= &i;
                    i += 1;
                }
                acc
            }
            F::MathIsqrt if first.is_negative() => {
                return Err(self.error(
                    ExcKind::ValueError,
                    "isqrt() argument must be nonnegative".into(),
                ));
            }
            F::MathIsqrt => first.sqrt(),
            _ => values.iter().fold(num_bigint::BigInt::zero(), |a, b| {
                num_integer::Integer::gcd(&a, b)
            }),
        };
        Ok(self.new_int_from_big(result))
    }
}

/// The name a program was started with, for `sys.argv[0]`.
pub(crate) fn default_script_name() -> Rc<str> {
    "".into()
}

/// `resource.getrusage(...)`: what this process has used. CPython: `struct_rusage`.
#[derive(Debug, Clone, Copy)]
pub struct Rusage {
    /// Peak resident set size in kilobytes (`VmHWM`).
    pub maxrss: i64,
    /// User CPU seconds.
    pub utime: f64,
    /// System CPU seconds.
    pub stime: f64,
}

impl NativeObject for Rusage {
    fn type_name(&self) -> &str {
        "resource.struct_rusage"
    }
    fn visit_refs(&self, _visit: &mut dyn FnMut(ObjRef)) {}
    fn take_refs(&mut self, _out: &mut Vec<ObjRef>) {}
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// A field of `/proc/self/status` in kilobytes (`VmRSS`, `VmHWM`).
fn status_kilobytes(field: &str) -> i64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|line| line.starts_with(field))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

/// User and system CPU seconds from `/proc/self/stat` (100 ticks a second).
fn cpu_seconds() -> (f64, f64) {
    let text = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses.
    let rest = text.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) / 100.0, ticks(12) / 100.0)
}

impl Vm {
    /// `time`, `os` and `resource` functions that ask the system.
    pub(crate) fn system_call(&mut self, function: BuiltinFn, args: &[ObjRef]) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        let since_epoch = || {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default()
        };
        match function {
            F::Time => {
                let seconds = since_epoch().as_secs_f64();
                Ok(self.new_float(seconds))
            }
            F::TimeTimeNs => {
                let nanos = num_bigint::BigInt::from(since_epoch().as_nanos());
                Ok(self.new_int_from_big(nanos))
            }
            F::TimePerfCounterNs => {
                let nanos = num_bigint::BigInt::from(self.started.elapsed().as_nanos());
                Ok(self.new_int_from_big(nanos))
            }
            F::TimeProcessTime => {
                let (user, system) = cpu_seconds();
                Ok(self.new_float(user + system))
            }
            F::TimeSleep => {
                let seconds = match args.first().map(|&a| self.payload(a)) {
                    Some(Payload::Int(n)) => *n as f64,
                    Some(Payload::Float(x)) => *x,
                    _ => {
                        return Err(self.error(
                            ExcKind::TypeError,
                            "sleep() argument must be a number".into(),
                        ));
                    }
                };
                if seconds < 0.0 {
                    return Err(self.error(
                        ExcKind::ValueError,
                        "sleep length must be non-negative".into(),
                    ));
                }
                self.flush();
                std::thread::sleep(std::time::Duration::from_secs_f64(seconds.min(1e6)));
                Ok(self.none())
            }
            F::OsGetpid => Ok(self.new_int(i64::from(std::process::id()))),
            F::OsCpuCount => {
                let count = std::thread::available_parallelism().map_or(1, |n| n.get());
                Ok(self.new_int(count as i64))
            }
            _ => {
                let (utime, stime) = cpu_seconds();
                Ok(self.new_native(Rusage {
                    maxrss: status_kilobytes("VmHWM:"),
                    utime,
                    stime,
                }))
            }
        }
    }

    /// The fields of a `struct_rusage`.
    pub(crate) fn rusage_attr(&mut self, object: ObjRef, name: &str) -> Option<ObjRef> {
        let usage = *self.native::<Rusage>(object)?;
        Some(match name {
            "ru_maxrss" => self.new_int(usage.maxrss),
            "ru_utime" => self.new_float(usage.utime),
            "ru_stime" => self.new_float(usage.stime),
            name if name.starts_with("ru_") => self.new_int(0),
            _ => return None,
        })
    }
}
