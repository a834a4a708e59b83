//! What operators, attributes, subscripts and iteration do to each kind of
//! object: the interpreter's equivalent of CPython's abstract object layer
//! (`Objects/abstract.c`, `object.c`) and each type's slots.
//!
//! Serves chapters 2–3 through its reference discipline: every function here
//! *borrows* its operands and returns a *new* reference (or none), so the
//! eval loop can drop operands right after the operation, as CPython does.

pub mod descriptors;
pub mod dunders;
pub mod type_slots;

use std::cmp::Ordering;

use ch01_objects::{DictKey, ObjRef, Payload};

use crate::bytecode::{BinaryOp, CompareOp, UnaryOp};
use crate::modules::builtins::BuiltinFn;
use crate::protocols::descriptors::{Descriptor, DescriptorKind};
use crate::types::bigint::{big_to_f64, big_true_divide};
use crate::types::exceptions::ExcKind;
pub(crate) use crate::types::formatting::{FormatInput, float_repr, format_with_spec, str_repr};
use crate::types::native::{
    self, Builtin, File, Function, IterKind, Range, RangeIter, SeqIter, Slice,
};
use crate::vm::{PyResult, Vm};
use num_bigint::BigInt as Big;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// How deep `repr` may recurse into nested containers.
const REPR_DEPTH_LIMIT: usize = 500;

/// A number, for arithmetic.
#[derive(Debug, Clone, Copy)]
enum Number {
    Int(i64),
    /// An int beyond 64 bits (a [`BigInt`] object).
    Big(ObjRef),
    Float(f64),
}

impl Vm {
    // ----- names of things ------------------------------------------------------

    /// `type(x).__name__`.
    pub(crate) fn type_name(&self, r: ObjRef) -> String {
        match self.payload(r) {
            Payload::Instance(instance) => self.class_name(instance.class),
            payload => payload.type_name().unwrap_or("object").to_string(),
        }
    }

    pub(crate) fn class_name(&self, class: ObjRef) -> String {
        match self.payload(class) {
            Payload::Class(class) => class.name.to_string(),
            _ => "?".into(),
        }
    }

    pub(crate) fn function_qualname(&self, function: ObjRef) -> String {
        match self.native::<Function>(function) {
            Some(f) => f.qualname.to_string(),
            None => self.type_name(function),
        }
    }

    /// `type(x)`: the class object (built-in types are made on first use).
    pub(crate) fn type_of(&mut self, r: ObjRef) -> ObjRef {
        if let Payload::Instance(instance) = self.payload(r) {
            return instance.class;
        }
        if let Some(nt) = self.native::<crate::modules::collections::NamedTuple>(r) {
            return nt.class;
        }
        let name = self.type_name(r);
        self.builtin_type(&name)
    }

    // ----- truth and numbers ----------------------------------------------------------

    pub(crate) fn truthy(&mut self, r: ObjRef) -> PyResult<bool> {
        Ok(match self.payload(r) {
            Payload::None => false,
            Payload::Bool(b) => *b,
            Payload::Int(n) => *n != 0,
            Payload::Float(x) => *x != 0.0,
            Payload::Str(s) => !s.is_empty(),
            Payload::List(items) => !items.is_empty(),
            Payload::Tuple(items) => !items.is_empty(),
            Payload::Dict(dict) => !dict.is_empty(),
            Payload::Instance(instance) => {
                let class = instance.class;
                match self
                    .lookup_in_class(class, "__bool__")
                    .or_else(|| self.lookup_in_class(class, "__len__"))
                {
                    Some(method) => {
                        self.incref(method);
                        self.incref(r);
                        let result = self.call(method, vec![r], None);
                        self.decref(method);
                        let value = result?;
                        let truth = match self.payload(value) {
                            Payload::Bool(b) => *b,
                            Payload::Int(n) => *n != 0,
                            _ => true,
                        };
                        self.decref(value);
                        truth
                    }
                    None => true,
                }
            }
            Payload::Native(native) => match native.as_any().downcast_ref::<Range>() {
                Some(range) => !range.is_empty(),
                None if native.as_any().is::<crate::types::views::DictView>()
                    || native.as_any().is::<crate::modules::collections::Deque>()
                    || native
                        .as_any()
                        .is::<crate::modules::collections::DictSubclass>() =>
                {
                    self.length(r)? > 0
                }
                None => match native.as_any().downcast_ref::<crate::types::sets::Set>() {
                    Some(set) => !set.is_empty(),
                    None => !self.is_big_int(r) || self.big_value(r).is_some_and(|b| !b.is_zero()),
                },
            },
            Payload::Class(_) => true,
        })
    }

    fn number(&self, r: ObjRef) -> Option<Number> {
        match self.payload(r) {
            Payload::Bool(b) => Some(Number::Int(i64::from(*b))),
            Payload::Int(n) => Some(Number::Int(*n)),
            Payload::Float(x) => Some(Number::Float(*x)),
            _ if self.is_big_int(r) => Some(Number::Big(r)),
            _ => None,
        }
    }

    /// Orders two numbers exactly, as CPython does: an int and a float are
    /// compared by value, never by rounding the int to a float. `None` if
    /// either is NaN.
    fn compare_numbers(&self, x: Number, y: Number) -> Option<Ordering> {
        match (x, y) {
            (Number::Int(a), Number::Int(b)) => Some(a.cmp(&b)),
            (Number::Float(a), Number::Float(b)) => a.partial_cmp(&b),
            (Number::Float(f), other) => self
                .compare_numbers(other, Number::Float(f))
                .map(Ordering::reverse),
            (int, Number::Float(f)) => {
                if f.is_nan() {
                    return None;
                }
                if f.is_infinite() {
                    return Some(if f > 0.0 {
                        Ordering::Less
                    } else {
                        Ordering::Greater
                    });
                }
                let floor = f.floor();
                let floor_int: Big = num_traits::FromPrimitive::from_f64(floor)?;
                Some(match self.big_of(int).cmp(&floor_int) {
                    Ordering::Equal if f > floor => Ordering::Less,
                    other => other,
                })
            }
            (a, b) => Some(self.big_of(a).cmp(&self.big_of(b))),
        }
    }

    /// A number as a float (big ints may round, or become infinite).
    fn number_as_f64(&self, n: Number) -> f64 {
        match n {
            Number::Int(x) => x as f64,
            Number::Float(x) => x,
            Number::Big(r) => self.big_value(r).map(|b| big_to_f64(&b)).unwrap_or(0.0),
        }
    }

    pub(crate) fn new_float(&mut self, x: f64) -> ObjRef {
        self.alloc(Payload::Float(x))
    }

    fn overflow(&mut self) -> crate::vm::PyErr {
        self.error(
            ExcKind::OverflowError,
            "integer overflow (minipy ints are 64-bit)".into(),
        )
    }

    // ANCHOR: binary_op
    /// `left op right`, a new reference. Borrows both operands.
    pub(crate) fn binary_op(
        &mut self,
        op: BinaryOp,
        left: ObjRef,
        right: ObjRef,
    ) -> PyResult<ObjRef> {
        if let (Some(a), Some(b)) = (self.number(left), self.number(right)) {
            return self.arithmetic(op, a, b);
        }
        if let Some(result) = self.binary_dunder(op, left, right) {
            return result;
        }
        if let Some(result) = self.set_operator(op, left, right) {
            return result;
        }
        match (op, self.payload(left), self.payload(right)) {
            (BinaryOp::Add, Payload::Str(a), Payload::Str(b)) => {
                let joined = format!("{a}{b}");
                Ok(self.new_str(&joined))
            }
            (BinaryOp::Add, Payload::List(a), Payload::List(b)) => {
                let items: Vec<ObjRef> = a.iter().chain(b.iter()).copied().collect();
                Ok(self.new_list_incref(items))
            }
            (BinaryOp::Add, Payload::Tuple(a), Payload::Tuple(b)) => {
                let items: Vec<ObjRef> = a.iter().chain(b.iter()).copied().collect();
                items.iter().for_each(|&i| self.mem.incref(i));
                Ok(self.alloc(Payload::Tuple(items.into())))
            }
            (BinaryOp::Mul, Payload::Str(_), Payload::Int(_) | Payload::Bool(_))
            | (BinaryOp::Mul, Payload::List(_), Payload::Int(_) | Payload::Bool(_))
            | (BinaryOp::Mul, Payload::Tuple(_), Payload::Int(_) | Payload::Bool(_)) => {
                self.repeat(left, right)
            }
            (BinaryOp::Mul, Payload::Int(_) | Payload::Bool(_), _) => self.repeat(right, left),
            (BinaryOp::Mul, Payload::Str(_) | Payload::List(_) | Payload::Tuple(_), _)
            | (BinaryOp::Mul, _, Payload::Str(_) | Payload::List(_) | Payload::Tuple(_)) => {
                let sequence_on_left = matches!(
                    self.payload(left),
                    Payload::Str(_) | Payload::List(_) | Payload::Tuple(_)
                );
                let other = if sequence_on_left { right } else { left };
                let name = self.type_name(other);
                Err(self.error(
                    ExcKind::TypeError,
                    format!("can't multiply sequence by non-int of type '{name}'"),
                ))
            }
            (BinaryOp::Add, Payload::Str(_) | Payload::List(_) | Payload::Tuple(_), _) => {
                let (a, b) = (self.type_name(left), self.type_name(right));
                Err(self.error(
                    ExcKind::TypeError,
                    format!("can only concatenate {a} (not \"{b}\") to {a}"),
                ))
            }
            (BinaryOp::Mod, Payload::Str(_), _) => self.percent_format(left, right),
            _ => {
                let symbol = binary_symbol(op);
                let (a, b) = (self.type_name(left), self.type_name(right));
                Err(self.error(
                    ExcKind::TypeError,
                    format!("unsupported operand type(s) for {symbol}: '{a}' and '{b}'"),
                ))
            }
        }
    }
    // ANCHOR_END: binary_op

    fn repeat(&mut self, sequence: ObjRef, count: ObjRef) -> PyResult<ObjRef> {
        let n = match self.number(count) {
            Some(Number::Int(n)) => n.max(0) as usize,
            _ => 0,
        };
        if n > 100_000_000 {
            return Err(self.error(ExcKind::MemoryError, "repetition too large".into()));
        }
        match self.payload(sequence) {
            Payload::Str(s) => {
                let text = s.repeat(n);
                Ok(self.new_str(&text))
            }
            Payload::List(items) => {
                // Exactly as many slots as items, as CPython's list_repeat allocates.
                let mut repeated = Vec::with_capacity(items.len() * n);
                repeated.extend(items.iter().copied().cycle().take(items.len() * n));
                Ok(self.new_list_incref(repeated))
            }
            Payload::Tuple(items) => {
                let items: Vec<ObjRef> = items
                    .iter()
                    .copied()
                    .cycle()
                    .take(items.len() * n)
                    .collect();
                items.iter().for_each(|&i| self.mem.incref(i));
                Ok(self.alloc(Payload::Tuple(items.into())))
            }
            _ => Err(self.error(
                ExcKind::TypeError,
                "can't multiply sequence by non-int".into(),
            )),
        }
    }

    /// A new tuple holding new references to `items`.
    pub(crate) fn new_tuple_of(&mut self, items: Vec<ObjRef>) -> ObjRef {
        for &item in &items {
            self.incref(item);
        }
        self.alloc(Payload::Tuple(items.into()))
    }

    /// A new list holding new references to `items`.
    pub(crate) fn new_list_incref(&mut self, items: Vec<ObjRef>) -> ObjRef {
        for &item in &items {
            self.incref(item);
        }
        self.alloc(Payload::List(items))
    }

    fn arithmetic(&mut self, op: BinaryOp, a: Number, b: Number) -> PyResult<ObjRef> {
        use Number::{Big, Float, Int};
        match (a, b) {
            (Int(x), Int(y)) => self.int_arithmetic(op, x, y),
            (Float(_), _) | (_, Float(_)) => {
                let (x, y) = (self.number_as_f64(a), self.number_as_f64(b));
                let big_overflowed = (matches!(a, Big(_)) && x.is_infinite())
                    || (matches!(b, Big(_)) && y.is_infinite());
                if big_overflowed {
                    return Err(self.error(
                        ExcKind::OverflowError,
                        "int too large to convert to float".into(),
                    ));
                }
                self.float_arithmetic(op, x, y)
            }
            (Big(_), _) | (_, Big(_)) => {
                let x = self.big_of(a);
                let y = self.big_of(b);
                self.big_arithmetic(op, x, y)
            }
        }
    }

    fn big_of(&self, n: Number) -> Big {
        match n {
            Number::Int(x) => Big::from(x),
            Number::Big(r) => self.big_value(r).unwrap_or_default(),
            Number::Float(x) => Big::from(x as i64),
        }
    }

    /// Integer arithmetic without bounds: what `int_arithmetic` falls back
    /// to when a result leaves 64 bits.
    fn big_arithmetic(&mut self, op: BinaryOp, x: Big, y: Big) -> PyResult<ObjRef> {
        let zero_division =
            |vm: &mut Vm, message: &str| Err(vm.error(ExcKind::ZeroDivisionError, message.into()));
        let result = match op {
            BinaryOp::Add => x + y,
            BinaryOp::Sub => x - y,
            BinaryOp::Mul => x * y,
            BinaryOp::TrueDiv => {
                return match big_true_divide(&x, &y) {
                    Some(q) if q.is_finite() => Ok(self.new_float(q)),
                    Some(_) => Err(self.error(
                        ExcKind::OverflowError,
                        "integer division result too large for a float".into(),
                    )),
                    None => zero_division(self, "division by zero"),
                };
            }
            BinaryOp::FloorDiv if y.is_zero() => {
                return zero_division(self, "integer division or modulo by zero");
            }
            BinaryOp::Mod if y.is_zero() => {
                return zero_division(self, "integer modulo by zero");
            }
            BinaryOp::FloorDiv => x.div_floor(&y),
            BinaryOp::Mod => x.mod_floor(&y),
            BinaryOp::Pow => {
                if y.is_negative() {
                    let (x, y) = (big_to_f64(&x), big_to_f64(&y));
                    return Ok(self.new_float(x.powf(y)));
                }
                match y.to_u32() {
                    Some(e) if x.bits().saturating_mul(u64::from(e)) < 100_000_000 => x.pow(e),
                    _ if x.is_zero() || x.is_one() => x,
                    _ => {
                        return Err(self.error(ExcKind::MemoryError, String::new()));
                    }
                }
            }
            BinaryOp::And => x & y,
            BinaryOp::Or => x | y,
            BinaryOp::Xor => x ^ y,
            BinaryOp::LShift | BinaryOp::RShift if y.is_negative() => {
                return Err(self.error(ExcKind::ValueError, "negative shift count".into()));
            }
            BinaryOp::LShift => match y.to_usize() {
                Some(s) if s < 100_000_000 => x << s,
                _ => return Err(self.overflow()),
            },
            BinaryOp::RShift => match y.to_usize() {
                Some(s) => x >> s,
                None => Big::from(if x.is_negative() { -1 } else { 0 }),
            },
        };
        Ok(self.new_int_from_big(result))
    }

    fn int_arithmetic(&mut self, op: BinaryOp, x: i64, y: i64) -> PyResult<ObjRef> {
        let zero_division =
            |vm: &mut Vm, message: &str| Err(vm.error(ExcKind::ZeroDivisionError, message.into()));
        let result = match op {
            BinaryOp::Add => x.checked_add(y),
            BinaryOp::Sub => x.checked_sub(y),
            BinaryOp::Mul => x.checked_mul(y),
            BinaryOp::TrueDiv => {
                if y == 0 {
                    return zero_division(self, "division by zero");
                }
                return Ok(self.new_float(x as f64 / y as f64));
            }
            BinaryOp::FloorDiv => {
                if y == 0 {
                    return zero_division(self, "integer division or modulo by zero");
                }
                // Python floors toward negative infinity; Rust truncates toward zero.
                x.checked_div(y).map(|q| {
                    if (x % y != 0) && ((x < 0) != (y < 0)) {
                        q - 1
                    } else {
                        q
                    }
                })
            }
            BinaryOp::Mod => {
                if y == 0 {
                    return zero_division(self, "integer modulo by zero");
                }
                x.checked_rem(y).map(|r| {
                    if r != 0 && ((r < 0) != (y < 0)) {
                        r + y
                    } else {
                        r
                    }
                })
            }
            BinaryOp::Pow => {
                if y < 0 {
                    if x == 0 {
                        return zero_division(self, "0.0 cannot be raised to a negative power");
                    }
                    return Ok(self.new_float((x as f64).powf(y as f64)));
                }
                u32::try_from(y).ok().and_then(|e| x.checked_pow(e))
            }
            BinaryOp::And => Some(x & y),
            BinaryOp::Or => Some(x | y),
            BinaryOp::Xor => Some(x ^ y),
            BinaryOp::LShift | BinaryOp::RShift if y < 0 => {
                return Err(self.error(ExcKind::ValueError, "negative shift count".into()));
            }
            BinaryOp::LShift => u32::try_from(y)
                .ok()
                .filter(|&s| s < 64)
                .and_then(|s| x.checked_shl(s))
                .filter(|v| v >> y.min(63) == x),
            BinaryOp::RShift => Some(if y >= 64 {
                if x < 0 { -1 } else { 0 }
            } else {
                x >> y
            }),
        };
        match result {
            Some(n) => Ok(self.new_int(n)),
            None => self.big_arithmetic(op, Big::from(x), Big::from(y)),
        }
    }

    fn float_arithmetic(&mut self, op: BinaryOp, x: f64, y: f64) -> PyResult<ObjRef> {
        let value = match op {
            BinaryOp::Add => x + y,
            BinaryOp::Sub => x - y,
            BinaryOp::Mul => x * y,
            BinaryOp::TrueDiv | BinaryOp::FloorDiv | BinaryOp::Mod if y == 0.0 => {
                let message = if op == BinaryOp::TrueDiv {
                    "float division by zero"
                } else {
                    "float modulo"
                };
                return Err(self.error(ExcKind::ZeroDivisionError, message.into()));
            }
            BinaryOp::TrueDiv => x / y,
            BinaryOp::FloorDiv => (x / y).floor(),
            BinaryOp::Mod => x - (x / y).floor() * y,
            BinaryOp::Pow => x.powf(y),
            _ => {
                let symbol = binary_symbol(op);
                return Err(self.error(
                    ExcKind::TypeError,
                    format!("unsupported operand type(s) for {symbol}: 'float' and 'float'"),
                ));
            }
        };
        Ok(self.new_float(value))
    }

    pub(crate) fn unary_op(&mut self, op: UnaryOp, operand: ObjRef) -> PyResult<ObjRef> {
        if op == UnaryOp::Not {
            let truth = self.truthy(operand)?;
            return Ok(self.new_bool(!truth));
        }
        let special = match op {
            UnaryOp::Neg => "__neg__",
            UnaryOp::Pos => "__pos__",
            _ => "__invert__",
        };
        if let Some(result) = self.call_special(operand, special, &[]) {
            return result;
        }
        match (op, self.number(operand)) {
            (UnaryOp::Neg, Some(Number::Int(n))) => match n.checked_neg() {
                Some(n) => Ok(self.new_int(n)),
                None => Ok(self.new_int_from_big(-Big::from(n))),
            },
            (UnaryOp::Neg, Some(Number::Big(r))) => {
                let value = self.big_value(r).unwrap_or_default();
                Ok(self.new_int_from_big(-value))
            }
            (UnaryOp::Pos, Some(Number::Big(r))) => {
                self.incref(r);
                Ok(r)
            }
            (UnaryOp::Invert, Some(Number::Big(r))) => {
                let value = self.big_value(r).unwrap_or_default();
                Ok(self.new_int_from_big(!value))
            }
            (UnaryOp::Neg, Some(Number::Float(x))) => Ok(self.new_float(-x)),
            (UnaryOp::Pos, Some(Number::Int(n))) => Ok(self.new_int(n)),
            (UnaryOp::Pos, Some(Number::Float(x))) => Ok(self.new_float(x)),
            (UnaryOp::Invert, Some(Number::Int(n))) => Ok(self.new_int(!n)),
            _ => {
                let name = self.type_name(operand);
                let symbol = match op {
                    UnaryOp::Neg => "unary -",
                    UnaryOp::Pos => "unary +",
                    _ => "unary ~",
                };
                Err(self.error(
                    ExcKind::TypeError,
                    format!("bad operand type for {symbol}: '{name}'"),
                ))
            }
        }
    }

    // ----- comparison ---------------------------------------------------------------

    pub(crate) fn compare_op(
        &mut self,
        op: CompareOp,
        left: ObjRef,
        right: ObjRef,
    ) -> PyResult<bool> {
        match op {
            CompareOp::Is => Ok(left == right),
            CompareOp::IsNot => Ok(left != right),
            CompareOp::Eq => self.operator_equal(left, right),
            CompareOp::Ne => {
                if let Some(result) = self.call_special(left, "__ne__", &[right]) {
                    let value = result?;
                    let truth = self.truthy(value);
                    self.decref(value);
                    return truth;
                }
                Ok(!self.operator_equal(left, right)?)
            }
            CompareOp::In => self.contains(right, left),
            CompareOp::NotIn => Ok(!self.contains(right, left)?),
            CompareOp::Lt | CompareOp::Le | CompareOp::Gt | CompareOp::Ge => {
                if let Some(result) = self.compare_dunder(op, left, right) {
                    let value = result?;
                    let truth = self.truthy(value);
                    self.decref(value);
                    return truth;
                }
                if let Some(result) = self.set_compare(op, left, right) {
                    return result;
                }
                let ordering = self.compare_values(left, right, op)?;
                Ok(match op {
                    CompareOp::Lt => ordering == Ordering::Less,
                    CompareOp::Le => ordering != Ordering::Greater,
                    CompareOp::Gt => ordering == Ordering::Greater,
                    _ => ordering != Ordering::Less,
                })
            }
        }
    }

    /// The items of a tuple or namedtuple (borrowed).
    pub(crate) fn tuple_like_items(&self, r: ObjRef) -> Option<Vec<ObjRef>> {
        match self.payload(r) {
            Payload::Tuple(items) => Some(items.to_vec()),
            _ => self.namedtuple_items(r),
        }
    }

    /// Equality as containers test it (`in`, `index`, `count`, comparing
    /// lists): an object is equal to itself before anything is called, as
    /// CPython's `PyObject_RichCompareBool` has it, so `nan in [nan]` is true.
    pub(crate) fn values_equal(&mut self, a: ObjRef, b: ObjRef) -> PyResult<bool> {
        if a == b {
            return Ok(true);
        }
        self.operator_equal(a, b)
    }

    /// The `==` operator: no identity shortcut, so `nan == nan` is false and
    /// `x == x` calls `x.__eq__`. Instances without `__eq__` compare by identity.
    pub(crate) fn operator_equal(&mut self, a: ObjRef, b: ObjRef) -> PyResult<bool> {
        if let (Some(x), Some(y)) = (self.number(a), self.number(b)) {
            return Ok(self.compare_numbers(x, y) == Some(Ordering::Equal));
        }
        if (self.namedtuple_items(a).is_some() || self.namedtuple_items(b).is_some())
            && let (Some(x), Some(y)) = (self.tuple_like_items(a), self.tuple_like_items(b))
        {
            // A namedtuple equals the tuple of its items.
            if x.len() != y.len() {
                return Ok(false);
            }
            for (p, q) in x.into_iter().zip(y) {
                if !self.values_equal(p, q)? {
                    return Ok(false);
                }
            }
            return Ok(true);
        }
        let pairs: Option<Vec<(ObjRef, ObjRef)>> = match (self.payload(a), self.payload(b)) {
            (Payload::Str(x), Payload::Str(y)) => return Ok(x == y),
            (Payload::List(x), Payload::List(y)) if x.len() == y.len() => {
                Some(x.iter().copied().zip(y.iter().copied()).collect())
            }
            (Payload::Tuple(x), Payload::Tuple(y)) if x.len() == y.len() => {
                Some(x.iter().copied().zip(y.iter().copied()).collect())
            }
            (Payload::List(_), Payload::List(_)) | (Payload::Tuple(_), Payload::Tuple(_)) => {
                return Ok(false);
            }
            (Payload::Dict(x), Payload::Dict(y)) => {
                if x.len() != y.len() {
                    return Ok(false);
                }
                let mut pairs = vec![];
                for (key, value) in x.iter() {
                    let Some(k) = self.mem.heap().dict_key(key) else {
                        return Ok(false);
                    };
                    match y.get(&k) {
                        Some(other) => pairs.push((value, other)),
                        None => return Ok(false),
                    }
                }
                Some(pairs)
            }
            (Payload::Instance(instance), _) => {
                if let Some(method) = self.lookup_in_class(instance.class, "__eq__") {
                    return self.call_eq(method, a, b);
                }
                None
            }
            (_, Payload::Instance(instance)) => {
                if let Some(method) = self.lookup_in_class(instance.class, "__eq__") {
                    return self.call_eq(method, b, a);
                }
                None
            }
            (Payload::Native(_), Payload::Native(_)) => {
                if let (Some(x), Some(y)) = (self.native::<Range>(a), self.native::<Range>(b)) {
                    return Ok((x.start, x.stop, x.step) == (y.start, y.stop, y.step));
                }
                if self.set_ref(a).is_some() && self.set_ref(b).is_some() {
                    return self.sets_equal(a, b);
                }
                if let (Some(x), Some(y)) = (self.deque_items(a), self.deque_items(b)) {
                    if x.len() != y.len() {
                        return Ok(false);
                    }
                    for (p, q) in x.into_iter().zip(y) {
                        if !self.values_equal(p, q)? {
                            return Ok(false);
                        }
                    }
                    return Ok(true);
                }
                None
            }
            _ => None,
        };
        match pairs {
            Some(pairs) => {
                for (x, y) in pairs {
                    if !self.values_equal(x, y)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            // No type-specific equality: `object.__eq__`, identity.
            None => Ok(a == b),
        }
    }

    /// `receiver.__eq__(other)`, as a truth value.
    fn call_eq(&mut self, method: ObjRef, receiver: ObjRef, other: ObjRef) -> PyResult<bool> {
        self.incref(method);
        self.incref(receiver);
        self.incref(other);
        let result = self.call(method, vec![receiver, other], None);
        self.decref(method);
        let value = result?;
        let truth = self.truthy(value);
        self.decref(value);
        truth
    }

    /// Ordering for `<`, `sorted`, `min` and `max`.
    pub(crate) fn compare_values(
        &mut self,
        a: ObjRef,
        b: ObjRef,
        op: CompareOp,
    ) -> PyResult<Ordering> {
        if let (Some(x), Some(y)) = (self.number(a), self.number(b)) {
            return Ok(self.compare_numbers(x, y).unwrap_or(Ordering::Equal));
        }
        let sequences = match (self.payload(a), self.payload(b)) {
            (Payload::Str(x), Payload::Str(y)) => return Ok(x.cmp(y)),
            (Payload::List(x), Payload::List(y)) => Some((x.to_vec(), y.to_vec())),
            (Payload::Tuple(x), Payload::Tuple(y)) => Some((x.to_vec(), y.to_vec())),
            _ => match (self.tuple_like_items(a), self.tuple_like_items(b)) {
                (Some(x), Some(y)) => Some((x, y)),
                _ => None,
            },
        };
        if let Some((x, y)) = sequences {
            for (&p, &q) in x.iter().zip(&y) {
                if !self.values_equal(p, q)? {
                    return self.compare_values(p, q, op);
                }
            }
            return Ok(x.len().cmp(&y.len()));
        }
        if let Payload::Instance(instance) = self.payload(a)
            && let Some(method) = self.lookup_in_class(instance.class, "__lt__")
        {
            self.incref(method);
            self.incref(a);
            self.incref(b);
            let result = self.call(method, vec![a, b], None);
            self.decref(method);
            let value = result?;
            let less = self.truthy(value);
            self.decref(value);
            return Ok(if less? {
                Ordering::Less
            } else {
                Ordering::Greater
            });
        }
        let symbol = match op {
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            _ => ">=",
        };
        let (x, y) = (self.type_name(a), self.type_name(b));
        Err(self.error(
            ExcKind::TypeError,
            format!("'{symbol}' not supported between instances of '{x}' and '{y}'"),
        ))
    }

    /// `item in container`.
    pub(crate) fn contains(&mut self, container: ObjRef, item: ObjRef) -> PyResult<bool> {
        if let Some(inner) = self.dict_behind(container) {
            return self.contains(inner, item);
        }
        if let Some(items) = self
            .deque_items(container)
            .or_else(|| self.namedtuple_items(container))
        {
            for candidate in items {
                if self.values_equal(candidate, item)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        let items: Vec<ObjRef> = match self.payload(container) {
            Payload::Str(haystack) => {
                return match self.payload(item) {
                    Payload::Str(needle) => Ok(haystack.contains(&**needle)),
                    _ => Err(self.error(
                        ExcKind::TypeError,
                        "'in <string>' requires string as left operand".into(),
                    )),
                };
            }
            Payload::List(items) => items.clone(),
            Payload::Tuple(items) => items.to_vec(),
            Payload::Dict(_) => {
                let key = self.hash_key(item)?;
                return Ok(match self.payload(container) {
                    Payload::Dict(dict) => dict.get(&key).is_some(),
                    _ => false,
                });
            }
            Payload::Instance(_) => {
                if let Some(result) = self.call_special(container, "__contains__", &[item]) {
                    let value = result?;
                    let truth = self.truthy(value);
                    self.decref(value);
                    return truth;
                }
                let iterator = self.get_iter(container)?;
                let found = self.contains(iterator, item);
                self.decref(iterator);
                return found;
            }
            Payload::Native(_) if self.set_ref(container).is_some() => {
                return self.set_contains(container, item);
            }
            Payload::Native(_) if self.dict_view(container).is_some() => {
                let Some((dict, kind)) = self.dict_view(container) else {
                    return Ok(false);
                };
                return self.dict_view_contains(dict, kind, item);
            }
            Payload::Native(_)
                if self.is_generator(container)
                    || self.is_lazy_iter(container)
                    || self.native::<SeqIter>(container).is_some() =>
            {
                // Searching an iterator consumes it up to the first match.
                loop {
                    match self.next_item(container)? {
                        Some(candidate) => {
                            let equal = self.values_equal(candidate, item);
                            self.decref(candidate);
                            if equal? {
                                return Ok(true);
                            }
                        }
                        None => return Ok(false),
                    }
                }
            }
            Payload::Native(native) => {
                if let Some(range) = native.as_any().downcast_ref::<Range>() {
                    let range = *range;
                    return Ok(match self.number(item) {
                        Some(Number::Int(n)) => {
                            let inside = if range.step > 0 {
                                n >= range.start && n < range.stop
                            } else {
                                n <= range.start && n > range.stop
                            };
                            inside && (n - range.start) % range.step == 0
                        }
                        _ => false,
                    });
                }
                let name = self.type_name(container);
                return Err(self.error(
                    ExcKind::TypeError,
                    format!("argument of type '{name}' is not iterable"),
                ));
            }
            _ => {
                let name = self.type_name(container);
                return Err(self.error(
                    ExcKind::TypeError,
                    format!("argument of type '{name}' is not iterable"),
                ));
            }
        };
        for candidate in items {
            if self.values_equal(candidate, item)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The dict key for `r`, or `TypeError: unhashable type`.
    pub(crate) fn hash_key(&mut self, r: ObjRef) -> PyResult<DictKey> {
        if let Some(value) = self.big_value(r).filter(|_| self.is_big_int(r)) {
            // Chapter 1's keys know only 64-bit ints; a big int is keyed by
            // its digits, under a tag no str-only tuple can equal.
            return Ok(DictKey::Tuple(Box::new([
                DictKey::Identity(self.singletons.null),
                DictKey::Str(value.to_string().into()),
            ])));
        }
        if let Some(class) = self.class_of_instance(r) {
            let defines_eq = self.lookup_in_class(class, "__eq__").is_some();
            let hash = self.lookup_in_class(class, "__hash__");
            match (defines_eq, hash) {
                (true, None) => {
                    // As in CPython: defining __eq__ without __hash__ makes instances unhashable.
                    let name = self.class_name(class);
                    return Err(
                        self.error(ExcKind::TypeError, format!("unhashable type: '{name}'"))
                    );
                }
                (_, Some(hash)) if hash == self.none() => {
                    let name = self.class_name(class);
                    return Err(
                        self.error(ExcKind::TypeError, format!("unhashable type: '{name}'"))
                    );
                }
                (true, Some(_)) => {
                    let name = self.class_name(class);
                    return Err(self.error(
                        ExcKind::TypeError,
                        format!(
                            "minipy does not support instances with their own __eq__ and __hash__ \
                             as dict keys or set members ('{name}')"
                        ),
                    ));
                }
                _ => {}
            }
        }
        if self.dict_behind(r).is_some() || self.deque_items(r).is_some() {
            let name = self.type_name(r);
            return Err(self.error(ExcKind::TypeError, format!("unhashable type: '{name}'")));
        }
        if let Some(items) = self.namedtuple_items(r) {
            // Hashes and compares as the tuple of its items.
            let mut keys = vec![];
            for item in items {
                keys.push(self.hash_key(item)?);
            }
            return Ok(DictKey::Tuple(keys.into()));
        }
        if let Some(set) = self.set_ref(r) {
            if !set.frozen {
                return Err(self.error(ExcKind::TypeError, "unhashable type: 'set'".into()));
            }
            let mut keys: Vec<DictKey> = set.entries().into_iter().map(|(_, k, _)| k).collect();
            keys.sort_by_key(|k| format!("{k:?}"));
            return Ok(DictKey::Tuple(
                std::iter::once(DictKey::Identity(self.singletons.false_))
                    .chain(keys)
                    .collect(),
            ));
        }
        match self.mem.heap().dict_key(r) {
            Some(key) => Ok(key),
            None => {
                let name = self.type_name(r);
                Err(self.error(ExcKind::TypeError, format!("unhashable type: '{name}'")))
            }
        }
    }

    // ----- text --------------------------------------------------------------------

    /// `repr(x)`.
    pub(crate) fn repr(&mut self, r: ObjRef) -> PyResult<String> {
        self.repr_at_depth(r, 0)
    }

    pub(crate) fn repr_at_depth(&mut self, r: ObjRef, depth: usize) -> PyResult<String> {
        if depth > REPR_DEPTH_LIMIT {
            return Err(self.error(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded while getting the repr of an object".into(),
            ));
        }
        let items = |vm: &mut Vm, items: Vec<ObjRef>| -> PyResult<Vec<String>> {
            items
                .into_iter()
                .map(|item| vm.repr_at_depth(item, depth + 1))
                .collect()
        };
        match self.payload(r) {
            Payload::None => Ok("None".into()),
            Payload::Bool(b) => Ok(if *b { "True" } else { "False" }.into()),
            Payload::Int(n) => Ok(n.to_string()),
            _ if self.is_big_int(r) => Ok(self.big_value(r).unwrap_or_default().to_string()),
            Payload::Float(x) => Ok(float_repr(*x)),
            Payload::Str(s) => Ok(str_repr(s)),
            Payload::List(list) => {
                let list = list.clone();
                Ok(format!("[{}]", items(self, list)?.join(", ")))
            }
            Payload::Tuple(tuple) => {
                let tuple = tuple.to_vec();
                let parts = items(self, tuple)?;
                Ok(if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                })
            }
            Payload::Dict(dict) => {
                let entries: Vec<(ObjRef, ObjRef)> = dict.iter().collect();
                let mut parts = vec![];
                for (key, value) in entries {
                    parts.push(format!(
                        "{}: {}",
                        self.repr_at_depth(key, depth + 1)?,
                        self.repr_at_depth(value, depth + 1)?
                    ));
                }
                Ok(format!("{{{}}}", parts.join(", ")))
            }
            Payload::Class(class) => {
                let name = class.name.to_string();
                let builtin = self.types.values().any(|&t| t == r) || self.exceptions.contains(&r);
                Ok(if builtin {
                    format!("<class '{name}'>")
                } else {
                    format!("<class '__main__.{name}'>")
                })
            }
            Payload::Instance(instance) => {
                let class = instance.class;
                if self.is_subclass(class, self.exceptions[ExcKind::BaseException as usize]) {
                    let name = self.class_name(class);
                    let args = self.get_attr_raw(r, "args");
                    let inner = match args.map(|a| self.payload(a)) {
                        Some(Payload::Tuple(items)) if items.len() == 1 => {
                            let item = items[0];
                            self.repr_at_depth(item, depth + 1)?
                        }
                        Some(Payload::Tuple(items)) if items.is_empty() => String::new(),
                        Some(_) => {
                            let text = self.repr_at_depth(args.unwrap_or(r), depth + 1)?;
                            text.trim_start_matches('(')
                                .trim_end_matches(')')
                                .to_string()
                        }
                        None => String::new(),
                    };
                    return Ok(format!("{name}({inner})"));
                }
                if let Some(method) = self.lookup_in_class(class, "__repr__") {
                    return self.call_text_method(method, r);
                }
                Ok(format!(
                    "<__main__.{} object at {:#x}>",
                    self.class_name(class),
                    self.mem.heap().address(r)
                ))
            }
            Payload::Native(native) => {
                let any = native.as_any();
                if let Some(range) = any.downcast_ref::<Range>() {
                    return Ok(if range.step == 1 {
                        format!("range({}, {})", range.start, range.stop)
                    } else {
                        format!("range({}, {}, {})", range.start, range.stop, range.step)
                    });
                }
                if let Some(function) = any.downcast_ref::<Function>() {
                    return Ok(format!(
                        "<function {} at {:#x}>",
                        function.qualname,
                        self.mem.heap().address(r)
                    ));
                }
                if let Some(builtin) = any.downcast_ref::<Builtin>() {
                    return Ok(match builtin.receiver {
                        Some(receiver) => format!(
                            "<built-in method {} of {} object at {:#x}>",
                            builtin.function.name(),
                            self.type_name(receiver),
                            self.mem.heap().address(receiver)
                        ),
                        None => format!("<built-in function {}>", builtin.function.name()),
                    });
                }
                if let Some(info) = any.downcast_ref::<crate::modules::functools::CacheInfo>() {
                    return Ok(info.text());
                }
                if let Some(marker) = any.downcast_ref::<crate::protocols::dunders::Marker>() {
                    return Ok(marker.name.to_string());
                }
                if let Some(generator) = any.downcast_ref::<crate::eval::generators::Generator>() {
                    return Ok(format!(
                        "<generator object {} at {:#x}>",
                        generator.name,
                        self.mem.heap().address(r)
                    ));
                }
                if let Some(method) = any.downcast_ref::<native::BoundMethod>() {
                    let (function, receiver) = (method.function, method.receiver);
                    let name = self.function_qualname(function);
                    let receiver = self.repr_at_depth(receiver, depth + 1)?;
                    return Ok(format!("<bound method {name} of {receiver}>"));
                }
                if self.set_ref(r).is_some() {
                    return self.set_repr(r, depth);
                }
                if self.dict_view(r).is_some() {
                    return self.dict_view_repr(r, depth);
                }
                if self.dict_behind(r).is_some() {
                    return self.dict_subclass_repr(r, depth);
                }
                if self.deque_items(r).is_some() {
                    return self.deque_repr(r, depth);
                }
                if self.namedtuple_items(r).is_some() {
                    return self.namedtuple_repr(r, depth);
                }
                if let Some(module) = any.downcast_ref::<native::Module>() {
                    return Ok(format!("<module '{}' (built-in)>", module.name));
                }
                if let Some(file) = any.downcast_ref::<File>() {
                    return Ok(format!(
                        "<_io.TextIOWrapper name='{}' mode='r' encoding='UTF-8'>",
                        file.name
                    ));
                }
                Ok(format!(
                    "<{} object at {:#x}>",
                    native.type_name(),
                    self.mem.heap().address(r)
                ))
            }
        }
    }

    fn call_text_method(&mut self, method: ObjRef, receiver: ObjRef) -> PyResult<String> {
        self.incref(method);
        self.incref(receiver);
        let result = self.call(method, vec![receiver], None);
        self.decref(method);
        let value = result?;
        let text = self.str_of(value).map(str::to_string);
        self.decref(value);
        match text {
            Some(text) => Ok(text),
            None => Err(self.error(ExcKind::TypeError, "__str__ returned non-string".into())),
        }
    }

    /// `str(x)`.
    pub(crate) fn str_value(&mut self, r: ObjRef) -> PyResult<String> {
        match self.payload(r) {
            Payload::Str(s) => Ok(s.to_string()),
            Payload::Instance(instance) => {
                let class = instance.class;
                if self.is_subclass(class, self.exceptions[ExcKind::BaseException as usize]) {
                    return Ok(self.exception_message(r));
                }
                match self.lookup_in_class(class, "__str__") {
                    Some(method) => self.call_text_method(method, r),
                    None => self.repr(r),
                }
            }
            _ => self.repr(r),
        }
    }

    /// An f-string replacement field: `{value!r:spec}`.
    pub(crate) fn format_value(
        &mut self,
        value: ObjRef,
        use_repr: bool,
        spec: Option<&str>,
    ) -> PyResult<String> {
        let spec = spec.unwrap_or("");
        if use_repr {
            let text = self.repr(value)?;
            return self.apply_format_spec(FormatInput::Text(text), spec);
        }
        if let Some(result) = self.call_format_method(value, spec) {
            return result;
        }
        if spec.is_empty() {
            // format(x, "") is str(x).
            return self.str_value(value);
        }
        let input = match self.payload(value) {
            Payload::Int(n) => FormatInput::Int(*n),
            Payload::Bool(b) if !spec.is_empty() => FormatInput::Int(i64::from(*b)),
            _ if self.is_big_int(value) && !spec.is_empty() => {
                FormatInput::Big(self.big_value(value).unwrap_or_default())
            }
            Payload::Float(x) => FormatInput::Float(*x),
            _ => FormatInput::Text(self.str_value(value)?),
        };
        self.apply_format_spec(input, spec)
    }

    /// `value.__format__(spec)` for an instance whose class defines it.
    fn call_format_method(&mut self, value: ObjRef, spec: &str) -> Option<PyResult<String>> {
        let class = self.class_of_instance(value)?;
        self.lookup_in_class(class, "__format__")?;
        let spec_object = self.new_str(spec);
        let result = self.call_special(value, "__format__", &[spec_object]);
        self.decref(spec_object);
        Some(result?.and_then(|text| {
            let out = self.str_of(text).map(str::to_string);
            self.decref(text);
            out.ok_or_else(|| self.error(ExcKind::TypeError, "__format__ must return a str".into()))
        }))
    }

    fn apply_format_spec(&mut self, input: FormatInput, spec: &str) -> PyResult<String> {
        match format_with_spec(input, spec) {
            Some(text) => Ok(text),
            None => Err(self.error(
                ExcKind::ValueError,
                format!("Invalid format specifier '{spec}'"),
            )),
        }
    }

    // ----- attributes -------------------------------------------------------------

    /// `object.name`, a new reference.
    pub(crate) fn get_attr(&mut self, object: ObjRef, name: &str) -> PyResult<ObjRef> {
        let key = DictKey::Str(name.into());
        if let Some(result) = self.super_attr(object, name) {
            return result;
        }
        if let Some(class) = self.class_of_instance(object)
            && let Some(attr) = self.lookup_in_class(class, name)
            && self
                .native::<Descriptor>(attr)
                .is_some_and(|d| d.kind == DescriptorKind::Property)
            && let Some(result) = self.bind_descriptor(attr, Some(object), class)
        {
            return result;
        }
        let found = match self.payload(object) {
            Payload::Instance(instance) => match instance.attrs.get(&key) {
                Some(value) => Some(value),
                None => {
                    let class = instance.class;
                    match self.lookup_in_class(class, name) {
                        Some(attr) if self.native::<Descriptor>(attr).is_some() => {
                            if let Some(result) = self.bind_descriptor(attr, Some(object), class) {
                                return result;
                            }
                            Some(attr)
                        }
                        Some(attr) if self.native::<Function>(attr).is_some() => {
                            self.incref(attr);
                            self.incref(object);
                            let method = self.new_native(native::BoundMethod {
                                function: attr,
                                receiver: object,
                            });
                            return Ok(method);
                        }
                        Some(attr) => Some(attr),
                        None if name == "__class__" => Some(class),
                        None if matches!(name, "__cause__" | "__context__" | "__traceback__")
                            && self.is_subclass(
                                class,
                                self.exceptions[ExcKind::BaseException as usize],
                            ) =>
                        {
                            Some(self.singletons.none)
                        }
                        None => None,
                    }
                }
            },
            Payload::Class(class) => match name {
                "__name__" => {
                    let text = class.name.to_string();
                    return Ok(self.new_str(&text));
                }
                "__mro__" => {
                    let mro = self.mro(object);
                    return Ok(self.new_tuple_of(mro));
                }
                "__qualname__" => {
                    // The class's path, read off one of its methods' (`f.<locals>.C.m`).
                    let name = class.name.to_string();
                    let from_method = class.attrs.iter().find_map(|(_, v)| {
                        let f = self.native::<Function>(v)?;
                        let prefix = f.qualname.strip_suffix(&*f.code.name)?.strip_suffix('.')?;
                        prefix.ends_with(&*name).then(|| prefix.to_string())
                    });
                    let text = from_method.unwrap_or(name);
                    return Ok(self.new_str(&text));
                }
                "__bases__" => {
                    let bases = class.bases.clone();
                    return Ok(self.new_tuple_of(bases));
                }
                "__init__" | "__repr__" | "__str__" | "__new__"
                    if (self.constructors.contains_key(&object)
                        || self.exceptions.contains(&object))
                        && class.attrs.get(&key).is_none() =>
                {
                    let function = match name {
                        "__init__" => BuiltinFn::BaseInit,
                        "__repr__" => BuiltinFn::BaseRepr,
                        "__new__" => BuiltinFn::BaseNew,
                        _ => BuiltinFn::BaseStr,
                    };
                    return Ok(self.method_descriptor(function, name));
                }
                _ if self.constructors.contains_key(&object)
                    && BuiltinFn::method(&class.name, name).is_some() =>
                {
                    // `str.upper`, `list.append`: the built-in method, unbound.
                    let type_name = class.name.to_string();
                    let function = BuiltinFn::method(&type_name, name);
                    return match function {
                        // A class method (`dict.fromkeys`) is bound to the type.
                        Some(BuiltinFn::DictFromkeys) => {
                            self.incref(object);
                            Ok(self.new_native(Builtin {
                                function: BuiltinFn::DictFromkeys,
                                receiver: Some(object),
                            }))
                        }
                        Some(function) => Ok(self.method_descriptor(function, name)),
                        None => Err(self.attribute_error(object, name)),
                    };
                }
                _ => match self.lookup_in_class(object, name) {
                    Some(attr) if self.native::<Descriptor>(attr).is_some() => {
                        if let Some(result) = self.bind_descriptor(attr, None, object) {
                            return result;
                        }
                        Some(attr)
                    }
                    other => other,
                },
            },
            Payload::Native(native) => match native.as_any().downcast_ref::<native::Module>() {
                Some(module) => module.attrs.get(&key),
                None => None,
            },
            _ => None,
        };
        if let Some(value) = found {
            self.incref(value);
            return Ok(value);
        }
        if let Some(function) = self.builtin_method(object, name) {
            self.incref(object);
            return Ok(self.new_native(Builtin {
                function,
                receiver: Some(object),
            }));
        }
        if let Some(function) = self.native::<Function>(object) {
            if let Some(value) = function.attrs.get(&key) {
                self.incref(value);
                return Ok(value);
            }
            if name == "__name__" {
                let text = function.name.to_string();
                return Ok(self.new_str(&text));
            }
        }
        if let Some(result) = self.functools_attr(object, name) {
            return result;
        }
        if let Some(result) = self.frame_attr(object, name) {
            return result;
        }
        if let Some(value) = self.collections_attr(object, name) {
            return Ok(value);
        }
        if let Some(value) = self.rusage_attr(object, name) {
            return Ok(value);
        }
        if let Some(value) = self.namedtuple_attr(object, name) {
            return Ok(value);
        }
        if name == "from_iterable"
            && self
                .native::<Builtin>(object)
                .is_some_and(|b| b.function == BuiltinFn::ItChain)
        {
            return Ok(self.new_native(Builtin {
                function: BuiltinFn::ItChainFromIterable,
                receiver: None,
            }));
        }
        if name == "__qualname__"
            && let Some(function) = self.native::<Function>(object)
        {
            let text = function.qualname.to_string();
            return Ok(self.new_str(&text));
        }
        if self.class_of_instance(object).is_some() && name != "__getattr__" {
            // The class's fallback for attributes it does not have.
            let attr_name = self.new_str(name);
            let result = self.call_special(object, "__getattr__", &[attr_name]);
            self.decref(attr_name);
            if let Some(result) = result {
                return result;
            }
        }
        Err(self.attribute_error(object, name))
    }

    fn attribute_error(&mut self, object: ObjRef, name: &str) -> crate::vm::PyErr {
        if name == "__dict__" && matches!(self.payload(object), Payload::Instance(_)) {
            // An instance's attributes live inside it (chapter 1); there is no
            // dict object to hand out that would stay in sync with it.
            return self.error(
                ExcKind::AttributeError,
                "minipy does not support `__dict__` on instances; use vars(obj) for a copy".into(),
            );
        }
        let message = match self.payload(object) {
            Payload::Class(class) => {
                format!("type object '{}' has no attribute '{name}'", class.name)
            }
            Payload::Native(native) if native.as_any().is::<native::Module>() => {
                let module = self
                    .native::<native::Module>(object)
                    .map(|m| m.name.to_string())
                    .unwrap_or_default();
                format!("module '{module}' has no attribute '{name}'")
            }
            _ => format!(
                "'{}' object has no attribute '{name}'",
                self.type_name(object)
            ),
        };
        self.error(ExcKind::AttributeError, message)
    }

    /// For `LOAD_METHOD`: the function and no bound method, when `name` is a
    /// method of the object's class (or a built-in method of its type).
    pub(crate) fn get_method(&mut self, object: ObjRef, name: &str) -> PyResult<Option<ObjRef>> {
        if let Payload::Instance(instance) = self.payload(object) {
            if instance.attrs.get(&DictKey::Str(name.into())).is_some() {
                return Ok(None);
            }
            let class = instance.class;
            return Ok(match self.lookup_in_class(class, name) {
                Some(attr) if self.native::<Function>(attr).is_some() => {
                    self.incref(attr);
                    Some(attr)
                }
                _ => None,
            });
        }
        if matches!(self.payload(object), Payload::Class(_))
            || self.native::<native::Module>(object).is_some()
        {
            return Ok(None);
        }
        let Some(function) = self.builtin_method(object, name) else {
            return Ok(None);
        };
        Ok(Some(self.method_descriptor(function, name)))
    }

    /// The one unbound built-in method object for `function` (a new reference).
    /// CPython: the `method_descriptor` in the type's dict.
    fn method_descriptor(&mut self, function: BuiltinFn, name: &str) -> ObjRef {
        let type_name: &'static str = function.receiver_type();
        let key = (type_name, std::rc::Rc::from(name));
        let descriptor = match self.method_cache.get(&key) {
            Some(&descriptor) => descriptor,
            None => {
                let descriptor = self.new_native(Builtin {
                    function,
                    receiver: None,
                });
                self.mem.make_immortal(descriptor);
                self.method_cache.insert(key, descriptor);
                descriptor
            }
        };
        self.incref(descriptor);
        descriptor
    }

    /// `object.name = value`; takes `value`'s reference.
    pub(crate) fn set_attr(&mut self, object: ObjRef, name: &str, value: ObjRef) -> PyResult<()> {
        if let Some(result) = self.set_through_property(object, name, value) {
            return result;
        }
        match self.payload(object) {
            Payload::Instance(instance) => {
                let class = instance.class;
                if let Some(slots) = self.slot_names(class)
                    && !slots.iter().any(|s| s == name)
                {
                    self.decref(value);
                    let type_name = self.class_name(class);
                    return Err(self.error(
                        ExcKind::AttributeError,
                        format!("'{type_name}' object has no attribute '{name}'"),
                    ));
                }
                self.set_attr_raw(object, name, value);
                Ok(())
            }
            Payload::Class(_) => {
                let key_object = self.intern(name);
                let old = match self.payload_mut(object) {
                    Payload::Class(class) => {
                        class
                            .attrs
                            .insert(DictKey::Str(name.into()), key_object, value)
                    }
                    _ => None,
                };
                if let Some(old) = old {
                    self.decref(key_object);
                    self.decref(old);
                }
                Ok(())
            }
            _ if self.native::<Function>(object).is_some() => {
                self.set_function_attr(object, name, value);
                Ok(())
            }
            _ => {
                self.decref(value);
                let type_name = self.type_name(object);
                Err(self.error(
                    ExcKind::AttributeError,
                    format!("'{type_name}' object has no attribute '{name}'"),
                ))
            }
        }
    }

    /// `function.name = value`: `__name__` and `__qualname__` rename it
    /// (the value must be a str), anything else goes in its `__dict__`.
    pub(crate) fn set_function_attr(&mut self, function: ObjRef, name: &str, value: ObjRef) {
        let text: Option<std::rc::Rc<str>> = self.str_of(value).map(Into::into);
        if let (Some(text), "__name__" | "__qualname__") = (text, name) {
            if let Some(f) = self.native_mut::<Function>(function) {
                if name == "__name__" {
                    f.name = text;
                } else {
                    f.qualname = text;
                }
            }
            self.decref(value);
            return;
        }
        let key_object = self.intern(name);
        let old = self
            .native_mut::<Function>(function)
            .and_then(|f| f.attrs.insert(DictKey::Str(name.into()), key_object, value));
        if let Some(old) = old {
            self.decref(key_object);
            self.decref(old);
        }
    }

    /// `del object.name`.
    pub(crate) fn del_attr(&mut self, object: ObjRef, name: &str) -> PyResult<()> {
        let key = DictKey::Str(name.into());
        let removed = match self.payload_mut(object) {
            Payload::Instance(instance) => instance.attrs.remove(&key),
            Payload::Class(class) => class.attrs.remove(&key),
            Payload::Native(native) => native
                .as_any_mut()
                .downcast_mut::<Function>()
                .and_then(|f| f.attrs.remove(&key)),
            _ => None,
        };
        match removed {
            Some((key_object, value)) => {
                self.decref(key_object);
                self.decref(value);
                Ok(())
            }
            None => Err(self.attribute_error(object, name)),
        }
    }

    // ----- subscripts ---------------------------------------------------------------

    fn index_of(&mut self, key: ObjRef, len: usize, what: &str) -> PyResult<usize> {
        let Some(Number::Int(i)) = self.number(key) else {
            let name = self.type_name(key);
            return Err(self.error(
                ExcKind::TypeError,
                format!("{what} indices must be integers or slices, not {name}"),
            ));
        };
        let adjusted = if i < 0 { i + len as i64 } else { i };
        if adjusted < 0 || adjusted >= len as i64 {
            return Err(self.error(ExcKind::IndexError, format!("{what} index out of range")));
        }
        Ok(adjusted as usize)
    }

    /// The positions a slice selects in a sequence of `len` items.
    fn slice_indices(&mut self, slice: ObjRef, len: usize) -> PyResult<Vec<usize>> {
        let parts = self
            .native::<Slice>(slice)
            .map(|s| s.parts)
            .unwrap_or([self.none(); 3]);
        let bound = |vm: &mut Vm, r: ObjRef| -> PyResult<Option<i64>> {
            match vm.number(r) {
                Some(Number::Int(n)) => Ok(Some(n)),
                _ if r == vm.none() => Ok(None),
                _ => Err(vm.error(
                    ExcKind::TypeError,
                    "slice indices must be integers or None".into(),
                )),
            }
        };
        let step = bound(self, parts[2])?.unwrap_or(1);
        if step == 0 {
            return Err(self.error(ExcKind::ValueError, "slice step cannot be zero".into()));
        }
        let len = len as i64;
        let clamp = |value: Option<i64>, default: i64, low: i64, high: i64| match value {
            None => default,
            Some(v) if v < 0 => (v + len).max(low),
            Some(v) => v.min(high),
        };
        let (start, stop) = if step > 0 {
            (
                clamp(bound(self, parts[0])?, 0, 0, len),
                clamp(bound(self, parts[1])?, len, 0, len),
            )
        } else {
            (
                clamp(bound(self, parts[0])?, len - 1, -1, len - 1),
                clamp(bound(self, parts[1])?, -1, -1, len - 1),
            )
        };
        let mut positions = vec![];
        let mut i = start;
        while (step > 0 && i < stop) || (step < 0 && i > stop) {
            positions.push(i as usize);
            i += step;
        }
        Ok(positions)
    }

    /// `list[a:b] = iterable` (all borrowed): a simple slice is replaced by
    /// any number of items; an extended slice needs exactly as many.
    fn assign_slice(&mut self, list: ObjRef, slice: ObjRef, value: ObjRef) -> PyResult<()> {
        let new_items = self.collect_items(value)?;
        let len = match self.payload(list) {
            Payload::List(items) => items.len(),
            _ => 0,
        };
        let step_is_one = self.native::<Slice>(slice).is_some_and(|s| {
            s.parts[2] == self.none()
                || self
                    .number(s.parts[2])
                    .is_some_and(|n| matches!(n, Number::Int(1)))
        });
        let positions = match self.slice_indices(slice, len) {
            Ok(p) => p,
            Err(err) => {
                self.decref_all(new_items);
                return Err(err);
            }
        };
        let removed: Vec<ObjRef> = if step_is_one {
            let start = match positions.first() {
                Some(&p) => p,
                None => {
                    // An empty slice inserts at its (clamped) start.
                    let lower = self.native::<Slice>(slice).map(|s| s.parts[0]);
                    match lower.and_then(|l| self.number(l)) {
                        Some(Number::Int(i)) if i < 0 => (i + len as i64).max(0) as usize,
                        Some(Number::Int(i)) => (i as usize).min(len),
                        _ => 0,
                    }
                }
            };
            let end = start + positions.len();
            let mut removed: Vec<ObjRef> = match self.payload_mut(list) {
                Payload::List(items) => items.splice(start..end, new_items).collect(),
                _ => vec![],
            };
            // CPython 3.11's list_ass_slice releases the replaced items last
            // first (an extended slice releases them first to last).
            removed.reverse();
            removed
        } else {
            if positions.len() != new_items.len() {
                let (want, got) = (positions.len(), new_items.len());
                self.decref_all(new_items);
                return Err(self.error(
                    ExcKind::ValueError,
                    format!(
                        "attempt to assign sequence of size {got} to extended slice of size {want}"
                    ),
                ));
            }
            match self.payload_mut(list) {
                Payload::List(items) => positions
                    .iter()
                    .zip(new_items)
                    .map(|(&p, item)| std::mem::replace(&mut items[p], item))
                    .collect(),
                _ => vec![],
            }
        };
        self.decref_all(removed);
        Ok(())
    }

    /// `container[key]`, a new reference.
    pub(crate) fn get_item(&mut self, container: ObjRef, key: ObjRef) -> PyResult<ObjRef> {
        if self.dict_behind(container).is_some() {
            return self.dict_subclass_getitem(container, key);
        }
        if let Some(items) = self.deque_items(container) {
            let i = self.index_of(key, items.len(), "deque")?;
            self.incref(items[i]);
            return Ok(items[i]);
        }
        if let Some(items) = self.namedtuple_items(container) {
            // Index or slice it as the tuple it is.
            let tuple = self.new_tuple_of(items);
            let result = self.get_item(tuple, key);
            self.decref(tuple);
            return result;
        }
        let is_slice = self.native::<Slice>(key).is_some();
        match self.payload(container) {
            Payload::List(_) | Payload::Tuple(_) => {
                let (items, is_list) = match self.payload(container) {
                    Payload::List(items) => (items.clone(), true),
                    Payload::Tuple(items) => (items.to_vec(), false),
                    _ => (vec![], false),
                };
                let what = if is_list { "list" } else { "tuple" };
                if is_slice {
                    let picked: Vec<ObjRef> = self
                        .slice_indices(key, items.len())?
                        .into_iter()
                        .map(|i| items[i])
                        .collect();
                    picked.iter().for_each(|&i| self.mem.incref(i));
                    return Ok(if is_list {
                        self.alloc(Payload::List(picked))
                    } else {
                        self.alloc(Payload::Tuple(picked.into()))
                    });
                }
                let i = self.index_of(key, items.len(), what)?;
                self.incref(items[i]);
                Ok(items[i])
            }
            Payload::Str(s) => {
                let chars: Vec<char> = s.chars().collect();
                if is_slice {
                    let text: String = self
                        .slice_indices(key, chars.len())?
                        .into_iter()
                        .map(|i| chars[i])
                        .collect();
                    return Ok(self.new_str(&text));
                }
                let i = self.index_of(key, chars.len(), "string")?;
                Ok(self.new_str(&chars[i].to_string()))
            }
            Payload::Dict(_) => {
                let dict_key = self.hash_key(key)?;
                let found = match self.payload(container) {
                    Payload::Dict(dict) => dict.get(&dict_key),
                    _ => None,
                };
                match found {
                    Some(value) => {
                        self.incref(value);
                        Ok(value)
                    }
                    None => {
                        self.incref(key);
                        let class = self.exceptions[ExcKind::KeyError as usize];
                        self.incref(class);
                        let result = self.call(class, vec![key], None);
                        self.decref(class);
                        Err(crate::vm::PyErr(result?))
                    }
                }
            }
            Payload::Native(_) if self.native::<Range>(container).is_some() => {
                let range = self.native::<Range>(container).copied().unwrap_or(Range {
                    start: 0,
                    stop: 0,
                    step: 1,
                });
                let i = self.index_of(key, range.len() as usize, "range object")?;
                Ok(self.new_int(range.start + i as i64 * range.step))
            }
            Payload::Instance(_) => match self.call_special(container, "__getitem__", &[key]) {
                Some(result) => result,
                None => {
                    let name = self.type_name(container);
                    Err(self.error(
                        ExcKind::TypeError,
                        format!("'{name}' object is not subscriptable"),
                    ))
                }
            },
            _ => {
                let name = self.type_name(container);
                Err(self.error(
                    ExcKind::TypeError,
                    format!("'{name}' object is not subscriptable"),
                ))
            }
        }
    }

    /// `container[key] = value`; takes `value`'s reference, borrows `key`.
    pub(crate) fn set_item(
        &mut self,
        container: ObjRef,
        key: ObjRef,
        value: ObjRef,
    ) -> PyResult<()> {
        if let Some(inner) = self.dict_behind(container) {
            return self.set_item(inner, key, value);
        }
        match self.payload(container) {
            Payload::List(_) if self.native::<Slice>(key).is_some() => {
                let result = self.assign_slice(container, key, value);
                self.decref(value);
                result
            }
            Payload::List(items) => {
                let len = items.len();
                let i = match self.index_of(key, len, "list assignment") {
                    Ok(i) => i,
                    Err(err) => {
                        self.decref(value);
                        return Err(err);
                    }
                };
                let old = match self.payload_mut(container) {
                    Payload::List(items) => std::mem::replace(&mut items[i], value),
                    _ => value,
                };
                self.decref(old);
                Ok(())
            }
            Payload::Dict(_) => {
                let dict_key = match self.hash_key(key) {
                    Ok(k) => k,
                    Err(err) => {
                        self.decref(value);
                        return Err(err);
                    }
                };
                self.incref(key);
                self.dict_set(container, dict_key, key, value);
                Ok(())
            }
            Payload::Instance(_) => {
                let result = self.call_special(container, "__setitem__", &[key, value]);
                self.decref(value);
                match result {
                    Some(result) => result.map(|r| self.decref(r)),
                    None => {
                        let name = self.type_name(container);
                        Err(self.error(
                            ExcKind::TypeError,
                            format!("'{name}' object does not support item assignment"),
                        ))
                    }
                }
            }
            _ => {
                self.decref(value);
                let name = self.type_name(container);
                Err(self.error(
                    ExcKind::TypeError,
                    format!("'{name}' object does not support item assignment"),
                ))
            }
        }
    }

    /// `del container[key]`.
    pub(crate) fn del_item(&mut self, container: ObjRef, key: ObjRef) -> PyResult<()> {
        if let Some(inner) = self.dict_behind(container) {
            return self.del_item(inner, key);
        }
        match self.payload(container) {
            Payload::List(items) => {
                let len = items.len();
                if self.native::<Slice>(key).is_some() {
                    let positions = self.slice_indices(key, len)?;
                    let removed = match self.payload_mut(container) {
                        Payload::List(items) => {
                            let mut removed = vec![];
                            for &i in positions.iter().rev() {
                                removed.push(items.remove(i));
                            }
                            removed
                        }
                        _ => vec![],
                    };
                    self.decref_all(removed);
                    return Ok(());
                }
                let i = self.index_of(key, len, "list assignment")?;
                let removed = match self.payload_mut(container) {
                    Payload::List(items) => Some(items.remove(i)),
                    _ => None,
                };
                self.decref_all(removed);
                Ok(())
            }
            Payload::Dict(_) => {
                let dict_key = self.hash_key(key)?;
                let removed = match self.payload_mut(container) {
                    Payload::Dict(dict) => dict.remove(&dict_key),
                    _ => None,
                };
                match removed {
                    Some((key_object, value)) => {
                        self.decref(key_object);
                        self.decref(value);
                        Ok(())
                    }
                    None => {
                        self.incref(key);
                        let class = self.exceptions[ExcKind::KeyError as usize];
                        self.incref(class);
                        let result = self.call(class, vec![key], None);
                        self.decref(class);
                        Err(crate::vm::PyErr(result?))
                    }
                }
            }
            _ => match self.call_special(container, "__delitem__", &[key]) {
                Some(result) => result.map(|r| self.decref(r)),
                None => {
                    let name = self.type_name(container);
                    Err(self.error(
                        ExcKind::TypeError,
                        format!("'{name}' object doesn't support item deletion"),
                    ))
                }
            },
        }
    }

    // ----- iteration -----------------------------------------------------------------

    /// `iter(x)`, a new reference.
    pub(crate) fn get_iter(&mut self, iterable: ObjRef) -> PyResult<ObjRef> {
        let kind = match self.payload(iterable) {
            Payload::List(_) => Some(IterKind::List),
            Payload::Tuple(_) => Some(IterKind::Tuple),
            Payload::Str(_) => Some(IterKind::Str),
            Payload::Dict(_) => Some(IterKind::DictKeys),
            _ => None,
        };
        if let Some(kind) = kind {
            let expected_len = match self.payload(iterable) {
                Payload::Dict(dict) => Some(dict.len()),
                _ => None,
            };
            self.incref(iterable);
            return Ok(self.new_native(SeqIter {
                seq: Some(iterable),
                kind,
                index: 0,
                expected_len,
            }));
        }
        if let Some(range) = self.native::<Range>(iterable).copied() {
            return Ok(self.new_native(RangeIter {
                next: range.start,
                remaining: range.len(),
                step: range.step,
            }));
        }
        if self.native::<SeqIter>(iterable).is_some()
            || self.native::<RangeIter>(iterable).is_some()
            || self.native::<File>(iterable).is_some()
            || self.is_generator(iterable)
            || self.is_lazy_iter(iterable)
        {
            self.incref(iterable);
            return Ok(iterable);
        }
        if self.set_ref(iterable).is_some() {
            return Ok(self.new_set_iter(iterable));
        }
        if let Some((dict, kind)) = self.dict_view(iterable) {
            return Ok(self.dict_view_iter(dict, kind));
        }
        if let Some(inner) = self.dict_behind(iterable) {
            return self.get_iter(inner);
        }
        if let Some(items) = self
            .deque_items(iterable)
            .or_else(|| self.namedtuple_items(iterable))
        {
            // Iterates a snapshot of the items.
            let list = self.new_list_incref(items);
            let iterator = self.get_iter(list);
            self.decref(list);
            return iterator;
        }
        if let Some(result) = self.call_special(iterable, "__iter__", &[]) {
            return result;
        }
        if self.class_of_instance(iterable).is_some()
            && let Some(class) = self.class_of_instance(iterable)
            && self.lookup_in_class(class, "__getitem__").is_some()
        {
            let name = self.type_name(iterable);
            return Err(self.error(
                ExcKind::TypeError,
                format!("minipy does not iterate through __getitem__ ('{name}' object)"),
            ));
        }
        let name = self.type_name(iterable);
        Err(self.error(
            ExcKind::TypeError,
            format!("'{name}' object is not iterable"),
        ))
    }

    /// The iterator's next item (a new reference), or `None` when exhausted.
    pub(crate) fn next_item(&mut self, iterator: ObjRef) -> PyResult<Option<ObjRef>> {
        if self.is_generator(iterator) {
            return self.next_from_generator(iterator);
        }
        if let Some(result) = self.next_lazy(iterator) {
            return result;
        }
        if let Some(result) = self.call_special(iterator, "__next__", &[]) {
            return match result {
                Ok(value) => Ok(Some(value)),
                Err(err) => {
                    let stop = self.exceptions[ExcKind::StopIteration as usize];
                    if self
                        .class_of_instance(err.0)
                        .is_some_and(|c| self.is_subclass(c, stop))
                    {
                        self.decref(err.0);
                        Ok(None)
                    } else {
                        Err(err)
                    }
                }
            };
        }
        if let Some(range) = self.native_mut::<RangeIter>(iterator) {
            if range.remaining <= 0 {
                return Ok(None);
            }
            let value = range.next;
            range.next += range.step;
            range.remaining -= 1;
            return Ok(Some(self.new_int(value)));
        }
        if let Some(file) = self.native_mut::<File>(iterator) {
            let rest = &file.text[file.position..];
            if rest.is_empty() {
                return Ok(None);
            }
            let end = rest.find('\n').map(|i| i + 1).unwrap_or(rest.len());
            let line = rest[..end].to_string();
            file.position += end;
            return Ok(Some(self.new_str(&line)));
        }
        let Some(iter) = self.native::<SeqIter>(iterator) else {
            let name = self.type_name(iterator);
            return Err(self.error(
                ExcKind::TypeError,
                format!("'{name}' object is not an iterator"),
            ));
        };
        let (Some(seq), kind, index) = (iter.seq, iter.kind, iter.index) else {
            return Ok(None);
        };
        let (item, next_index) = match (kind, self.payload(seq)) {
            (IterKind::List, Payload::List(items)) => {
                (items.get(index).copied().map(Item::Existing), index + 1)
            }
            (IterKind::Tuple, Payload::Tuple(items)) => {
                (items.get(index).copied().map(Item::Existing), index + 1)
            }
            (IterKind::Str, Payload::Str(s)) => match s[index..].chars().next() {
                Some(c) => (Some(Item::Char(c)), index + c.len_utf8()),
                None => (None, index),
            },
            (
                IterKind::DictKeys | IterKind::DictValues | IterKind::DictItems,
                Payload::Dict(dict),
            ) if iter.expected_len.is_some_and(|n| n != dict.len()) => {
                if let Some(iter) = self.native_mut::<SeqIter>(iterator) {
                    // CPython keeps failing once the size has changed.
                    iter.expected_len = Some(usize::MAX);
                }
                return Err(self.error(
                    ExcKind::RuntimeError,
                    "dictionary changed size during iteration".into(),
                ));
            }
            (
                IterKind::DictKeys | IterKind::DictValues | IterKind::DictItems,
                Payload::Dict(dict),
            ) => {
                let mut position = index;
                loop {
                    match dict.entry_at(position) {
                        Ok(Some((key, value))) => {
                            let item = match kind {
                                IterKind::DictValues => Item::Existing(value),
                                IterKind::DictItems => Item::Pair(key, value),
                                _ => Item::Existing(key),
                            };
                            break (Some(item), position + 1);
                        }
                        Ok(None) => position += 1,
                        Err(()) => break (None, position),
                    }
                }
            }
            _ => (None, index),
        };
        match item {
            Some(item) => {
                if let Some(iter) = self.native_mut::<SeqIter>(iterator) {
                    iter.index = next_index;
                }
                Ok(Some(match item {
                    Item::Existing(r) => {
                        self.incref(r);
                        r
                    }
                    Item::Char(c) => self.new_str(&c.to_string()),
                    Item::Pair(key, value) => self.new_tuple_of(vec![key, value]),
                }))
            }
            None => {
                // An exhausted iterator lets go of its sequence, as CPython's do.
                let seq = self
                    .native_mut::<SeqIter>(iterator)
                    .and_then(|i| i.seq.take());
                self.decref_all(seq);
                Ok(None)
            }
        }
    }

    /// Every item of an iterable, as new references.
    pub(crate) fn collect_items(&mut self, iterable: ObjRef) -> PyResult<Vec<ObjRef>> {
        let iterator = self.get_iter(iterable)?;
        let mut items = vec![];
        loop {
            match self.next_item(iterator) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => break,
                Err(err) => {
                    self.decref_all(items);
                    self.decref(iterator);
                    return Err(err);
                }
            }
        }
        self.decref(iterator);
        Ok(items)
    }

    /// `a, b = sequence`.
    pub(crate) fn unpack(&mut self, sequence: ObjRef, n: usize) -> PyResult<Vec<ObjRef>> {
        let items = self.collect_items(sequence)?;
        if items.len() != n {
            let count = items.len();
            self.decref_all(items);
            let message = if count > n {
                format!("too many values to unpack (expected {n})")
            } else {
                format!("not enough values to unpack (expected {n}, got {count})")
            };
            return Err(self.error(ExcKind::ValueError, message));
        }
        Ok(items)
    }

    // ----- with --------------------------------------------------------------------

    pub(crate) fn with_enter(&mut self, manager: ObjRef) -> PyResult<ObjRef> {
        if self.native::<File>(manager).is_some() {
            self.incref(manager);
            return Ok(manager);
        }
        self.call_dunder(manager, "__enter__", vec![])
    }

    pub(crate) fn with_exit(&mut self, manager: ObjRef) -> PyResult<()> {
        if let Some(file) = self.native_mut::<File>(manager) {
            file.closed = true;
            return Ok(());
        }
        let none = self.none();
        let result = self.call_dunder(manager, "__exit__", vec![none, none, none])?;
        self.decref(result);
        Ok(())
    }

    /// `__exit__(type, exc, traceback)` for a `with` block left by `exc`;
    /// true if the manager suppressed the exception.
    pub(crate) fn with_exception_exit(&mut self, manager: ObjRef, exc: ObjRef) -> PyResult<bool> {
        if let Some(file) = self.native_mut::<File>(manager) {
            file.closed = true;
            return Ok(false);
        }
        let class = self.type_of(exc);
        let traceback = self
            .get_attr_raw(exc, "__traceback__")
            .unwrap_or(self.singletons.none);
        self.incref(class);
        self.incref(exc);
        self.incref(traceback);
        let result = self.call_dunder(manager, "__exit__", vec![class, exc, traceback])?;
        let suppressed = self.truthy(result);
        self.decref(result);
        suppressed
    }

    /// `left op= right` (both borrowed), a new reference: the left operand
    /// itself when it changes in place.
    pub(crate) fn inplace_op(
        &mut self,
        op: BinaryOp,
        left: ObjRef,
        right: ObjRef,
    ) -> PyResult<ObjRef> {
        let special = match op {
            BinaryOp::Add => "__iadd__",
            BinaryOp::Sub => "__isub__",
            BinaryOp::Mul => "__imul__",
            BinaryOp::TrueDiv => "__itruediv__",
            BinaryOp::FloorDiv => "__ifloordiv__",
            BinaryOp::Mod => "__imod__",
            BinaryOp::Pow => "__ipow__",
            BinaryOp::And => "__iand__",
            BinaryOp::Or => "__ior__",
            BinaryOp::Xor => "__ixor__",
            BinaryOp::LShift => "__ilshift__",
            BinaryOp::RShift => "__irshift__",
        };
        if let Some(result) = self.call_special(left, special, &[right]) {
            return result;
        }
        let is_list = matches!(self.payload(left), Payload::List(_));
        if is_list && op == BinaryOp::Add {
            self.list_extend(left, right)?;
            self.incref(left);
            return Ok(left);
        }
        if is_list && op == BinaryOp::Mul && matches!(self.number(right), Some(Number::Int(_))) {
            let repeated = self.repeat(left, right)?;
            let items = match self.payload_mut(repeated) {
                Payload::List(items) => std::mem::take(items),
                _ => vec![],
            };
            self.decref(repeated);
            let old = match self.payload_mut(left) {
                Payload::List(list) => std::mem::replace(list, items),
                _ => vec![],
            };
            // As list_clear does when the count is 0 or less: last item first.
            self.decref_all(old.into_iter().rev());
            self.incref(left);
            return Ok(left);
        }
        let mutable_set = self.set_ref(left).is_some_and(|s| !s.frozen);
        if mutable_set && self.set_ref(right).is_some() && self.set_in_place(op, left, right)? {
            self.incref(left);
            return Ok(left);
        }
        let is_dict = matches!(self.payload(left), Payload::Dict(_));
        if is_dict && op == BinaryOp::Or && matches!(self.payload(right), Payload::Dict(_)) {
            self.dict_merge(left, right, false)?;
            self.incref(left);
            return Ok(left);
        }
        self.binary_op(op, left, right)
    }

    fn call_dunder(&mut self, object: ObjRef, name: &str, args: Vec<ObjRef>) -> PyResult<ObjRef> {
        let Some(method) = self
            .class_of_instance(object)
            .and_then(|c| self.lookup_in_class(c, name))
        else {
            let type_name = self.type_name(object);
            return Err(self.error(
                ExcKind::TypeError,
                format!("'{type_name}' object does not support the context manager protocol"),
            ));
        };
        self.incref(method);
        self.incref(object);
        let mut all = vec![object];
        all.extend(args);
        let result = self.call(method, all, None);
        self.decref(method);
        result
    }

    /// The built-in method `name` of `object`'s type, if it has one.
    pub(crate) fn builtin_method(&self, object: ObjRef, name: &str) -> Option<BuiltinFn> {
        let type_name = match self.payload(object) {
            Payload::List(_) => "list",
            Payload::Dict(_) => "dict",
            Payload::Str(_) => "str",
            Payload::Tuple(_) => "tuple",
            Payload::Int(_) | Payload::Bool(_) => "int",
            Payload::Float(_) => "float",
            Payload::Native(native) if native.as_any().is::<File>() => "file",
            Payload::Native(native) if native.as_any().is::<crate::types::sets::Set>() => "set",
            Payload::Native(native) if native.as_any().is::<crate::modules::Stream>() => "stream",
            Payload::Native(native)
                if native.as_any().is::<crate::modules::collections::Deque>() =>
            {
                "deque"
            }
            Payload::Native(native)
                if native
                    .as_any()
                    .is::<crate::modules::collections::NamedTuple>() =>
            {
                return BuiltinFn::method("namedtuple", name)
                    .or_else(|| BuiltinFn::method("tuple", name));
            }
            Payload::Native(native)
                if native
                    .as_any()
                    .is::<crate::modules::collections::DictSubclass>() =>
            {
                let kind = native.type_name().to_string();
                return BuiltinFn::method(&kind, name).or_else(|| BuiltinFn::method("dict", name));
            }
            Payload::Native(native) if native.as_any().is::<crate::types::bigint::BigInt>() => {
                "int"
            }
            Payload::Native(native)
                if native.as_any().is::<crate::eval::generators::Generator>() =>
            {
                "generator"
            }
            Payload::Native(native)
                if native
                    .as_any()
                    .downcast_ref::<Descriptor>()
                    .is_some_and(|d| d.kind == DescriptorKind::Property) =>
            {
                "property"
            }
            _ => return None,
        };
        BuiltinFn::method(type_name, name)
    }
}

enum Item {
    Existing(ObjRef),
    /// A dict entry, to be made into a new `(key, value)` tuple.
    Pair(ObjRef, ObjRef),
    Char(char),
}

fn binary_symbol(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Add => "+",
        BinaryOp::Sub => "-",
        BinaryOp::Mul => "*",
        BinaryOp::TrueDiv => "/",
        BinaryOp::FloorDiv => "//",
        BinaryOp::Mod => "%",
        BinaryOp::Pow => "** or pow()",
        BinaryOp::And => "&",
        BinaryOp::Or => "|",
        BinaryOp::Xor => "^",
        BinaryOp::LShift => "<<",
        BinaryOp::RShift => ">>",
    }
}
