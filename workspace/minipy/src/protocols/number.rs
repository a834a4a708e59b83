//! Numbers and truth: `bool(x)`, the arithmetic operators on ints, big ints
//! and floats (CPython: `Objects/longobject.c`, `floatobject.c`), unary
//! operators, and augmented assignment (`a += b` in place where the type
//! allows it).

use crate::bytecode::{BinaryOp, UnaryOp};
use crate::types::bigint::{big_to_f64, big_true_divide};
use crate::types::exceptions::ExcKind;
use crate::types::native::{Function, Range};
use crate::vm::{PyResult, Vm};
use ch01_objects::{ObjRef, Payload};
use num_bigint::BigInt as Big;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::cmp::Ordering;

/// A number, for arithmetic.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Number {
    Int(i64),
    /// An int beyond 64 bits (a [`BigInt`] object).
    Big(ObjRef),
    Float(f64),
}

impl Vm {
    /// `type(x).__name__`.
    /// The name messages give `r`'s type: CPython's `tp_name`, which for a
    /// static type of a module is dotted (`weakref.ReferenceType`).
    pub(crate) fn type_name(&self, r: ObjRef) -> String {
        match self.payload(r) {
            Payload::Instance(instance) => match self.weakref_type_name(instance.class) {
                Some(name) => name.to_string(),
                None => self.class_name(instance.class),
            },
            Payload::Native(native) if native.type_name() == "ReferenceType" => {
                "weakref.ReferenceType".to_string()
            }
            // A `__slots__` entry's descriptor is a member of CPython's
            // struct, not a getter and setter.
            Payload::Native(native)
                if native
                    .as_any()
                    .downcast_ref::<crate::protocols::type_slots::AttributeDescriptor>()
                    .is_some_and(|d| !matches!(&*d.name, "__dict__" | "__weakref__")) =>
            {
                "member_descriptor".to_string()
            }
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
        if let Some(nt) = self.native::<crate::types::namedtuple::NamedTuple>(r) {
            return nt.class;
        }
        let name = match self.payload(r) {
            Payload::Native(native) if native.type_name() != "getset_descriptor" => {
                native.type_name().to_string()
            }
            _ => self.type_name(r),
        };
        self.builtin_type(&name)
    }

    pub(crate) fn truthy(&mut self, r: ObjRef) -> PyResult<bool> {
        if let Some(value) = self.inherited_value(r, "__bool__")
            && self.inherited_value(r, "__len__").is_some()
        {
            return self.truthy(value);
        }
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
                let bool_method = self.lookup_in_class(class, "__bool__");
                match bool_method.or_else(|| self.lookup_in_class(class, "__len__")) {
                    Some(method) => {
                        self.incref(method);
                        self.incref(r);
                        let result = self.call(method, vec![r], None);
                        self.decref(method);
                        let value = result?;
                        if bool_method.is_none() {
                            return Ok(self.length_from(value)? > 0);
                        }
                        // `__bool__` must return a bool (`slot_nb_bool`).
                        let truth = match self.payload(value) {
                            Payload::Bool(b) => Some(*b),
                            _ => None,
                        };
                        let kind = self.type_name(value);
                        self.decref(value);
                        match truth {
                            Some(truth) => truth,
                            None => {
                                return Err(self.error(
                                    ExcKind::TypeError,
                                    format!("__bool__ should return bool, returned {kind}"),
                                ));
                            }
                        }
                    }
                    None => true,
                }
            }
            Payload::Native(native) => match native.as_any().downcast_ref::<Range>() {
                Some(range) => !range.is_empty(),
                None if native.as_any().is::<crate::types::views::DictView>()
                    || native.as_any().is::<crate::types::deque::Deque>()
                    || native.as_any().is::<crate::types::bytes::Bytes>()
                    || native
                        .as_any()
                        .is::<crate::types::dict_kinds::DictSubclass>() =>
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

    pub(crate) fn number(&self, r: ObjRef) -> Option<Number> {
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
    pub(crate) fn compare_numbers(&self, x: Number, y: Number) -> Option<Ordering> {
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
    pub(crate) fn number_as_f64(&self, n: Number) -> f64 {
        match n {
            Number::Int(x) => x as f64,
            Number::Float(x) => x,
            Number::Big(r) => self.big_value(r).map(|b| big_to_f64(&b)).unwrap_or(0.0),
        }
    }

    pub(crate) fn new_float(&mut self, x: f64) -> ObjRef {
        self.alloc(Payload::Float(x))
    }

    pub(crate) fn overflow(&mut self) -> crate::vm::PyErr {
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
        if let (&Payload::Bool(x), &Payload::Bool(y)) = (self.payload(left), self.payload(right))
            && matches!(op, BinaryOp::And | BinaryOp::Or | BinaryOp::Xor)
        {
            // `bool`'s own `&`, `|` and `^` keep two bools a bool
            // (CPython: `bool_and`, `bool_or`, `bool_xor`).
            let value = match op {
                BinaryOp::And => x & y,
                BinaryOp::Or => x | y,
                _ => x ^ y,
            };
            return Ok(self.new_bool(value));
        }
        if let (Some(a), Some(b)) = (self.number(left), self.number(right)) {
            return self.arithmetic(op, a, b);
        }
        if let Some(result) = self.binary_dunder(op, left, right) {
            return result;
        }
        // A subclass of `list` or `dict` (without the method): the
        // operation on its value, whose result is a plain list or dict.
        let (value_left, value_right) = (self.builtin_value(left), self.builtin_value(right));
        if value_left.is_some() || value_right.is_some() {
            return self.binary_op(op, value_left.unwrap_or(left), value_right.unwrap_or(right));
        }
        if let Some(result) = self.set_operator(op, left, right) {
            return result;
        }
        if let Some(result) = self.counter_operator(op, left, right) {
            return result;
        }
        if let Some(result) = self.bytes_operator(op, left, right) {
            return result;
        }
        if op == BinaryOp::Or
            && matches!(self.payload(left), Payload::Dict(_))
            && matches!(self.payload(right), Payload::Dict(_))
        {
            // `a | b`: a copy of `a` updated with `b` (CPython 3.11's `dict_or`).
            let merged = self.alloc(Payload::Dict(Box::default()));
            let table = self.prepare_copy(merged, left);
            let result = self
                .store_dict_pairs(merged, left, table)
                .and_then(|()| self.dict_merge(merged, right, None));
            return match result {
                Ok(()) => Ok(merged),
                Err(err) => {
                    self.decref(merged);
                    Err(err)
                }
            };
        }
        match (op, self.payload(left), self.payload(right)) {
            // Adding an empty string hands back the other one (CPython 3.11's
            // `PyUnicode_Concat`).
            (BinaryOp::Add, Payload::Str(a), Payload::Str(b)) if a.is_empty() || b.is_empty() => {
                let kept = if b.is_empty() { left } else { right };
                self.incref(kept);
                Ok(kept)
            }
            (BinaryOp::Add, Payload::Str(a), Payload::Str(b)) => {
                let joined = format!("{a}{b}");
                Ok(self.new_str(&joined))
            }
            (BinaryOp::Add, Payload::List(a), Payload::List(b)) => {
                let items: Vec<ObjRef> = a.iter().chain(b.iter()).copied().collect();
                Ok(self.new_list_incref(items))
            }
            (BinaryOp::Add, Payload::Tuple(a), Payload::Tuple(b))
                if a.is_empty() || b.is_empty() =>
            {
                let kept = if b.is_empty() { left } else { right };
                self.incref(kept);
                Ok(kept)
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

    pub(crate) fn repeat(&mut self, sequence: ObjRef, count: ObjRef) -> PyResult<ObjRef> {
        let n = match self.number(count) {
            Some(Number::Int(n)) => n.max(0) as usize,
            _ => 0,
        };
        if n > 100_000_000 {
            return Err(self.error(ExcKind::MemoryError, "repetition too large".into()));
        }
        match self.payload(sequence) {
            // Once is the string or tuple itself (`unicode_repeat`, `tuplerepeat`).
            Payload::Str(_) | Payload::Tuple(_) if n == 1 => {
                self.incref(sequence);
                Ok(sequence)
            }
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
        self.alloc(Payload::list(items))
    }

    pub(crate) fn arithmetic(&mut self, op: BinaryOp, a: Number, b: Number) -> PyResult<ObjRef> {
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

    pub(crate) fn big_of(&self, n: Number) -> Big {
        match n {
            Number::Int(x) => Big::from(x),
            Number::Big(r) => self.big_value(r).unwrap_or_default(),
            Number::Float(x) => Big::from(x as i64),
        }
    }

    /// Integer arithmetic without bounds: what `int_arithmetic` falls back
    /// to when a result leaves 64 bits.
    pub(crate) fn big_arithmetic(&mut self, op: BinaryOp, x: Big, y: Big) -> PyResult<ObjRef> {
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

    pub(crate) fn int_arithmetic(&mut self, op: BinaryOp, x: i64, y: i64) -> PyResult<ObjRef> {
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

    pub(crate) fn float_arithmetic(&mut self, op: BinaryOp, x: f64, y: f64) -> PyResult<ObjRef> {
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
            BinaryOp::Pow if x == 0.0 && y < 0.0 => {
                let message = "0.0 cannot be raised to a negative power";
                return Err(self.error(ExcKind::ZeroDivisionError, message.into()));
            }
            BinaryOp::Pow => {
                let value = x.powf(y);
                if value.is_infinite() && x.is_finite() && y.is_finite() {
                    // CPython 3.11's `float_pow` reports libm's ERANGE.
                    let message = "(34, 'Numerical result out of range')";
                    return Err(self.error(ExcKind::OverflowError, message.into()));
                }
                value
            }
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
        if let Some(value) = self.builtin_value(left) {
            // `stack += items` changes the value in place and keeps the
            // instance (an operator that makes a new object gives a plain one).
            let result = self.inplace_op(op, value, right)?;
            if result != value {
                return Ok(result);
            }
            self.decref(result);
            return Ok(self.new_ref(left));
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
                _ => Default::default(),
            };
            self.decref(repeated);
            let old = match self.payload_mut(left) {
                Payload::List(list) => {
                    // CPython 3.11's list_inplace_repeat resizes the list's
                    // own array (`list_resize`) unless nothing changes.
                    let (len, allocated) = (list.len(), list.capacity());
                    let capacity = if len == 0 || items.len() == len {
                        allocated
                    } else if items.is_empty() {
                        0 // a count below 1 clears the list (`_list_clear`)
                    } else {
                        crate::types::sizes::resized_capacity(allocated, len, items.len())
                    };
                    let mut resized =
                        ch01_objects::ThinVec::with_capacity(capacity.max(items.len()));
                    resized.extend(items);
                    std::mem::replace(list, resized)
                }
                _ => Default::default(),
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
            self.dict_merge(left, right, None)?;
            self.incref(left);
            return Ok(left);
        }
        // Failing, it names the augmented operator (`+=`), as
        // `PyNumber_InPlaceAdd` does.
        self.binary_op(op, left, right).map_err(|err| {
            let symbol = binary_symbol(op);
            let plain = format!("unsupported operand type(s) for {symbol}:");
            let message = self.exception_message(err.0);
            if self.is_instance_of_kind(err.0, ExcKind::TypeError) && message.starts_with(&plain) {
                self.decref(err.0);
                let augmented = format!("unsupported operand type(s) for {symbol}=:");
                self.error(ExcKind::TypeError, message.replacen(&plain, &augmented, 1))
            } else {
                err
            }
        })
    }

    pub(crate) fn call_dunder(
        &mut self,
        object: ObjRef,
        name: &str,
        args: Vec<ObjRef>,
    ) -> PyResult<ObjRef> {
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
}

pub(crate) fn binary_symbol(op: BinaryOp) -> &'static str {
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
