//! The special methods of the built-in types as attributes: `[].__len__`,
//! `int.__add__`, `dict.__setitem__(self, k, v)`, `it.__next__`.
//!
//! CPython fills each built-in type's dict with a wrapper for every slot the
//! type implements (`Objects/typeobject.c`, `slotdefs`): `list.__len__` is a
//! `wrapper_descriptor` whose call runs `list`'s `sq_length`, and
//! `[].__len__` the `method-wrapper` bound to one list. A few dunders are
//! ordinary methods of the type instead (`list.__getitem__`,
//! `dict.__contains__`, `__sizeof__`, `__format__`): `method_descriptor`s.
//! minipy's built-in types have no such dicts; [`SLOTS`] lists what each one
//! defines itself in 3.11 (`T.__dict__`), and calling one runs the same
//! protocol an operator runs, with the operator's rule that an operand of
//! another type is `NotImplemented`, not an error (`(1).__add__(1.0)`).

use ch01_objects::{ObjRef, Payload};

use crate::bytecode::{BinaryOp, CompareOp, UnaryOp};
use crate::types::builtin_fn::{BuiltinFn, Keywords};
use crate::types::exceptions::ExcKind;
use crate::vm::{PyResult, Vm};

/// One special method a built-in type defines in its own dict.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct SlotDef {
    /// The type (`"list"`); `"iterator"` stands for the built-in iterators.
    pub owner: &'static str,
    /// The method's name (`"__len__"`).
    pub name: &'static str,
    /// A slot wrapper (`wrapper_descriptor`), or else an ordinary method
    /// (`method_descriptor`).
    pub wrapper: bool,
}

macro_rules! slot_table {
    ($($owner:literal: [$($wrapper:literal)*] [$($method:literal)*];)*) => {
        /// The dunders each built-in type defines itself in CPython 3.11,
        /// as `T.__dict__` lists them, less those minipy answers elsewhere
        /// (`__init__`, `__new__`, attribute access, pickling).
        pub static SLOTS: &[SlotDef] = &[$(
            $(SlotDef { owner: $owner, name: $wrapper, wrapper: true },)*
            $(SlotDef { owner: $owner, name: $method, wrapper: false },)*
        )*];
    };
}

slot_table! {
    "int": ["__repr__" "__hash__" "__lt__" "__le__" "__eq__" "__ne__" "__gt__" "__ge__"
        "__add__" "__radd__" "__sub__" "__rsub__" "__mul__" "__rmul__" "__mod__" "__rmod__"
        "__divmod__" "__rdivmod__" "__pow__" "__rpow__" "__neg__" "__pos__" "__abs__" "__bool__"
        "__invert__" "__lshift__" "__rlshift__" "__rshift__" "__rrshift__" "__and__" "__rand__"
        "__xor__" "__rxor__" "__or__" "__ror__" "__int__" "__float__" "__floordiv__"
        "__rfloordiv__" "__truediv__" "__rtruediv__" "__index__"]
        ["__trunc__" "__floor__" "__ceil__" "__round__" "__format__" "__sizeof__"];
    "bool": ["__repr__" "__and__" "__rand__" "__xor__" "__rxor__" "__or__" "__ror__"] [];
    "float": ["__repr__" "__hash__" "__lt__" "__le__" "__eq__" "__ne__" "__gt__" "__ge__"
        "__add__" "__radd__" "__sub__" "__rsub__" "__mul__" "__rmul__" "__mod__" "__rmod__"
        "__divmod__" "__rdivmod__" "__pow__" "__rpow__" "__neg__" "__pos__" "__abs__" "__bool__"
        "__int__" "__float__" "__floordiv__" "__rfloordiv__" "__truediv__" "__rtruediv__"]
        ["__trunc__" "__floor__" "__ceil__" "__round__" "__format__"];
    "str": ["__repr__" "__hash__" "__str__" "__lt__" "__le__" "__eq__" "__ne__" "__gt__" "__ge__"
        "__iter__" "__mod__" "__rmod__" "__len__" "__getitem__" "__add__" "__mul__" "__rmul__"
        "__contains__"] ["__format__" "__sizeof__"];
    "bytes": ["__repr__" "__hash__" "__str__" "__lt__" "__le__" "__eq__" "__ne__" "__gt__"
        "__ge__" "__iter__" "__mod__" "__rmod__" "__len__" "__getitem__" "__add__" "__mul__"
        "__rmul__" "__contains__"] [];
    "bytearray": ["__repr__" "__str__" "__lt__" "__le__" "__eq__" "__ne__" "__gt__" "__ge__"
        "__iter__" "__mod__" "__rmod__" "__len__" "__getitem__" "__setitem__" "__delitem__"
        "__add__" "__mul__" "__rmul__" "__contains__" "__iadd__" "__imul__"] ["__sizeof__"];
    "list": ["__repr__" "__lt__" "__le__" "__eq__" "__ne__" "__gt__" "__ge__" "__iter__"
        "__len__" "__setitem__" "__delitem__" "__add__" "__mul__" "__rmul__" "__contains__"
        "__iadd__" "__imul__"] ["__getitem__" "__reversed__" "__sizeof__"];
    "tuple": ["__repr__" "__hash__" "__lt__" "__le__" "__eq__" "__ne__" "__gt__" "__ge__"
        "__iter__" "__len__" "__getitem__" "__add__" "__mul__" "__rmul__" "__contains__"] [];
    "dict": ["__repr__" "__lt__" "__le__" "__eq__" "__ne__" "__gt__" "__ge__" "__iter__"
        "__or__" "__ror__" "__ior__" "__len__" "__setitem__" "__delitem__"]
        ["__getitem__" "__contains__" "__sizeof__" "__reversed__"];
    "set": ["__repr__" "__lt__" "__le__" "__eq__" "__ne__" "__gt__" "__ge__" "__iter__"
        "__sub__" "__rsub__" "__and__" "__rand__" "__xor__" "__rxor__" "__or__" "__ror__"
        "__isub__" "__iand__" "__ixor__" "__ior__" "__len__"] ["__contains__" "__sizeof__"];
    "frozenset": ["__repr__" "__hash__" "__lt__" "__le__" "__eq__" "__ne__" "__gt__" "__ge__"
        "__iter__" "__sub__" "__rsub__" "__and__" "__rand__" "__xor__" "__rxor__" "__or__"
        "__ror__" "__len__"] ["__contains__" "__sizeof__"];
    "range": ["__repr__" "__hash__" "__lt__" "__le__" "__eq__" "__ne__" "__gt__" "__ge__"
        "__iter__" "__bool__" "__len__" "__getitem__" "__contains__"] ["__reversed__"];
    "NoneType": ["__repr__" "__bool__"] [];
    "generator": ["__repr__" "__iter__" "__next__"] ["__sizeof__"];
    "iterator": ["__iter__" "__next__"] [];
}

/// The special method `name` that the built-in type `owner` defines or
/// inherits from a built-in base (`bool` from `int`); `object`'s own are
/// found elsewhere.
pub fn find(owner: &str, name: &str) -> Option<&'static SlotDef> {
    if !name.starts_with("__") {
        return None;
    }
    let own = SLOTS.iter().find(|s| s.owner == owner && s.name == name);
    own.or_else(|| match owner {
        "bool" => find("int", name),
        _ => None,
    })
}

/// True for the built-in iterators (`list_iterator`, `zip`, `map`, the
/// iterators of `itertools`), whose slots are `__iter__` and `__next__`.
pub fn is_iterator(native: &dyn ch01_objects::NativeObject) -> bool {
    let name = native.type_name();
    name.ends_with("iterator")
        || matches!(name, "zip" | "map" | "filter" | "enumerate" | "reversed")
        || native.as_any().is::<crate::types::itertool::Itertool>()
}

/// The names [`find`] knows for `owner`, for `dir()`.
pub fn names(owner: &str) -> Vec<&'static str> {
    let mut found: Vec<&'static str> = SLOTS
        .iter()
        .filter(|s| s.owner == owner)
        .map(|s| s.name)
        .collect();
    if owner == "bool" {
        found.extend(names("int"));
    }
    found
}

/// How many arguments after the receiver a slot takes: `(least, most)`.
fn arity(name: &str) -> (usize, usize) {
    match name {
        "__setitem__" => (2, 2),
        "__pow__" | "__rpow__" => (1, 2),
        "__round__" => (0, 1),
        "__len__" | "__iter__" | "__next__" | "__repr__" | "__str__" | "__hash__" | "__bool__"
        | "__neg__" | "__pos__" | "__abs__" | "__invert__" | "__int__" | "__float__"
        | "__index__" | "__trunc__" | "__floor__" | "__ceil__" | "__sizeof__" | "__reversed__" => {
            (0, 0)
        }
        _ => (1, 1),
    }
}

/// The binary operator a dunder runs, and whether it is the reflected one
/// (`__radd__` is `other + self`).
fn binary_operator(name: &str) -> Option<(BinaryOp, bool)> {
    let stem = name.strip_prefix("__")?.strip_suffix("__")?;
    let (reflected, stem) = match stem.strip_prefix('r') {
        Some(rest) if rest != "shift" && !rest.is_empty() && stem != "round" => (true, rest),
        _ => (false, stem),
    };
    let op = match stem {
        "add" => BinaryOp::Add,
        "sub" => BinaryOp::Sub,
        "mul" => BinaryOp::Mul,
        "truediv" => BinaryOp::TrueDiv,
        "floordiv" => BinaryOp::FloorDiv,
        "mod" => BinaryOp::Mod,
        "pow" => BinaryOp::Pow,
        "and" => BinaryOp::And,
        "or" => BinaryOp::Or,
        "xor" => BinaryOp::Xor,
        "lshift" => BinaryOp::LShift,
        "rshift" => BinaryOp::RShift,
        _ => return None,
    };
    Some((op, reflected))
}

/// The comparison a dunder runs.
fn comparison(name: &str) -> Option<CompareOp> {
    Some(match name {
        "__lt__" => CompareOp::Lt,
        "__le__" => CompareOp::Le,
        "__eq__" => CompareOp::Eq,
        "__ne__" => CompareOp::Ne,
        "__gt__" => CompareOp::Gt,
        "__ge__" => CompareOp::Ge,
        _ => return None,
    })
}

/// The family of types a built-in type's binary slots accept as the other
/// operand; anything else is `NotImplemented`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    /// `int` and `bool`.
    Int,
    /// `float`, `int` and `bool`.
    Float,
    /// `set` and `frozenset`.
    Set,
    /// Only the same type (`str`, `list`, `tuple`, `dict`, `range`, ...).
    Same,
}

impl Vm {
    /// Calls the special method `slot` (a [`BuiltinFn::Slot`]): `args[0]`
    /// is the receiver, all borrowed.
    pub(crate) fn call_slot(
        &mut self,
        slot: &'static SlotDef,
        args: &[ObjRef],
        kwargs: &Keywords,
    ) -> PyResult<ObjRef> {
        let name = slot.name;
        let Some((&receiver, rest)) = args.split_first() else {
            let message = format!(
                "descriptor '{name}' of '{}' object needs an argument",
                slot.owner
            );
            return Err(self.error(ExcKind::TypeError, message));
        };
        if !self.slot_accepts(slot.owner, receiver) {
            let message = format!(
                "descriptor '{name}' requires a '{}' object but received a '{}'",
                slot.owner,
                self.type_name(receiver)
            );
            return Err(self.error(ExcKind::TypeError, message));
        }
        if !kwargs.is_empty() {
            let message = if slot.wrapper {
                format!("wrapper {name}() takes no keyword arguments")
            } else {
                format!("{}.{name}() takes no keyword arguments", slot.owner)
            };
            return Err(self.error(ExcKind::TypeError, message));
        }
        let (least, most) = arity(name);
        if rest.len() < least || rest.len() > most {
            let message = if !slot.wrapper && least == 1 && most == 1 {
                format!(
                    "{}.{name}() takes exactly one argument ({} given)",
                    slot.owner,
                    rest.len()
                )
            } else if !slot.wrapper && most == 0 {
                format!(
                    "{}.{name}() takes no arguments ({} given)",
                    slot.owner,
                    rest.len()
                )
            } else {
                let wanted = if rest.len() < least { least } else { most };
                let plural = if wanted == 1 { "" } else { "s" };
                format!("expected {wanted} argument{plural}, got {}", rest.len())
            };
            return Err(self.error(ExcKind::TypeError, message));
        }
        // An instance of `class L(list)` runs `list`'s slot on the list it holds.
        let target = self.builtin_value(receiver).unwrap_or(receiver);
        self.run_slot(slot, receiver, target, rest)
    }

    /// True if `object` may be the receiver of `owner`'s slots.
    fn slot_accepts(&self, owner: &str, object: ObjRef) -> bool {
        let value = self.builtin_value(object).unwrap_or(object);
        match owner {
            "int" => {
                matches!(self.payload(value), Payload::Int(_) | Payload::Bool(_))
                    || self.is_big_int(value)
            }
            "bool" => matches!(self.payload(value), Payload::Bool(_)),
            "float" => matches!(self.payload(value), Payload::Float(_)),
            "iterator" => true,
            "tuple" if self.namedtuple_items(object).is_some() => true,
            "dict" if self.dict_behind(object).is_some() => true,
            _ => {
                let type_name = self.type_name(value);
                type_name == owner
                    || self
                        .builtin_base(self.class_of_instance(object).unwrap_or(object))
                        .is_some_and(|base| base.type_name() == owner)
            }
        }
    }

    /// The family of operands `object`'s binary slots accept.
    fn family_of(&self, object: ObjRef) -> Family {
        match self.payload(object) {
            Payload::Int(_) | Payload::Bool(_) => Family::Int,
            Payload::Float(_) => Family::Float,
            _ if self.is_big_int(object) => Family::Int,
            _ if self.set_ref(object).is_some() => Family::Set,
            _ => Family::Same,
        }
    }

    /// True if `other` is an operand `target`'s binary slots work with.
    fn operand_fits(&self, target: ObjRef, other: ObjRef) -> bool {
        let other = self.builtin_value(other).unwrap_or(other);
        let other_is_int = matches!(self.payload(other), Payload::Int(_) | Payload::Bool(_))
            || self.is_big_int(other);
        match self.family_of(target) {
            Family::Int => other_is_int,
            Family::Float => other_is_int || matches!(self.payload(other), Payload::Float(_)),
            Family::Set => self.set_ref(other).is_some(),
            Family::Same => self.type_name(target) == self.type_name(other),
        }
    }

    /// What the slot does, on `target` (the receiver, or the list or dict
    /// it holds); `receiver` is what in-place slots hand back.
    fn run_slot(
        &mut self,
        slot: &'static SlotDef,
        receiver: ObjRef,
        target: ObjRef,
        rest: &[ObjRef],
    ) -> PyResult<ObjRef> {
        let name = slot.name;
        let first = rest.first().copied();
        if let Some(op) = comparison(name) {
            let other = first.unwrap_or(target);
            let dict_order = matches!(self.payload(target), Payload::Dict(_))
                && !matches!(op, CompareOp::Eq | CompareOp::Ne);
            if dict_order || !self.operand_fits(target, other) {
                return Ok(self.new_ref(self.not_implemented()));
            }
            let other = self.builtin_value(other).unwrap_or(other);
            let truth = self.compare_op(op, target, other)?;
            return Ok(self.new_bool(truth));
        }
        if let Some(stem) = name.strip_prefix("__i")
            && let Some((op, false)) = binary_operator(&format!("__{stem}"))
        {
            let other = first.unwrap_or(target);
            let result = self.inplace_op(op, target, other)?;
            if result == target && target != receiver {
                self.decref(result);
                return Ok(self.new_ref(receiver));
            }
            return Ok(result);
        }
        if let Some((op, reflected)) = binary_operator(name) {
            return self.run_binary_slot(op, reflected, target, rest);
        }
        if name == "__divmod__" || name == "__rdivmod__" {
            let other = first.unwrap_or(target);
            if !self.operand_fits(target, other) {
                return Ok(self.new_ref(self.not_implemented()));
            }
            let pair = if name == "__divmod__" {
                [target, other]
            } else {
                [other, target]
            };
            return self.call_builtin(BuiltinFn::Divmod, &pair, &[]);
        }
        match name {
            "__len__" => {
                let n = self.length(target)?;
                Ok(self.new_int(n as i64))
            }
            "__getitem__" => {
                let key = first.unwrap_or(target);
                self.get_item(target, key)
            }
            "__setitem__" => {
                let (key, value) = (rest[0], rest[1]);
                self.incref(value);
                self.set_item(target, key, value)?;
                Ok(self.none())
            }
            "__delitem__" => {
                self.del_item(target, first.unwrap_or(target))?;
                Ok(self.none())
            }
            "__contains__" => {
                let found = self.contains(target, first.unwrap_or(target))?;
                Ok(self.new_bool(found))
            }
            "__iter__" => self.get_iter(target),
            "__next__" => match self.next_item(target)? {
                Some(item) => Ok(item),
                None => Err(self.error(ExcKind::StopIteration, String::new())),
            },
            "__reversed__" => self.call_builtin(BuiltinFn::Reversed, &[target], &[]),
            "__repr__" => {
                let text = self.repr(target)?;
                Ok(self.new_str(&text))
            }
            "__str__" => {
                let text = self.str_value(target)?;
                Ok(self.new_str(&text))
            }
            "__hash__" => self.call_builtin(BuiltinFn::Hash, &[target], &[]),
            "__bool__" => {
                let truth = self.truthy(target)?;
                Ok(self.new_bool(truth))
            }
            "__neg__" => self.unary_op(UnaryOp::Neg, target),
            "__pos__" => self.unary_op(UnaryOp::Pos, target),
            "__invert__" => self.unary_op(UnaryOp::Invert, target),
            "__abs__" => self.call_builtin(BuiltinFn::Abs, &[target], &[]),
            "__int__" | "__index__" | "__trunc__" => {
                self.call_builtin(BuiltinFn::Int, &[target], &[])
            }
            "__float__" => self.call_builtin(BuiltinFn::Float, &[target], &[]),
            "__floor__" | "__ceil__" => self.floor_or_ceil(target, name == "__floor__"),
            "__round__" => {
                let mut round_args = vec![target];
                round_args.extend_from_slice(rest);
                self.call_builtin(BuiltinFn::Round, &round_args, &[])
            }
            "__format__" => {
                let spec = first.unwrap_or(target);
                self.call_builtin(BuiltinFn::Format, &[target, spec], &[])
            }
            _ => self.call_builtin(BuiltinFn::BaseSizeof, &[target], &[]),
        }
    }

    /// `x.__add__(y)`, `x.__radd__(y)`, ...: the operator, or
    /// `NotImplemented` if `y` is not a type `x`'s slot works with.
    fn run_binary_slot(
        &mut self,
        op: BinaryOp,
        reflected: bool,
        target: ObjRef,
        rest: &[ObjRef],
    ) -> PyResult<ObjRef> {
        let other = rest[0];
        let sequence = matches!(
            self.payload(target),
            Payload::Str(_) | Payload::List(_) | Payload::Tuple(_)
        ) || self.native::<crate::types::bytes::Bytes>(target).is_some();
        let repeats = op == BinaryOp::Mul && sequence;
        if repeats {
            let count = self.builtin_value(other).unwrap_or(other);
            if self.family_of(count) != Family::Int {
                let message = format!(
                    "'{}' object cannot be interpreted as an integer",
                    self.type_name(count)
                );
                return Err(self.error(ExcKind::TypeError, message));
            }
            return self.binary_op(op, target, count);
        }
        let concatenates = op == BinaryOp::Add && self.family_of(target) == Family::Same;
        let formats = op == BinaryOp::Mod && !reflected && !self.is_number(target);
        if !concatenates && !formats && !self.operand_fits(target, other) {
            return Ok(self.new_ref(self.not_implemented()));
        }
        let other = self.builtin_value(other).unwrap_or(other);
        if op == BinaryOp::Pow && rest.len() == 2 {
            let operands = if reflected {
                [other, target, rest[1]]
            } else {
                [target, other, rest[1]]
            };
            return self.call_builtin(BuiltinFn::Pow, &operands, &[]);
        }
        if reflected {
            self.binary_op(op, other, target)
        } else {
            self.binary_op(op, target, other)
        }
    }

    /// True for an int, a bool or a float.
    fn is_number(&self, object: ObjRef) -> bool {
        self.number(object).is_some()
    }

    /// `x.__floor__()` / `x.__ceil__()`: an int itself, a float rounded
    /// down or up to an int.
    fn floor_or_ceil(&mut self, target: ObjRef, down: bool) -> PyResult<ObjRef> {
        let Payload::Float(x) = *self.payload(target) else {
            return self.call_builtin(BuiltinFn::Int, &[target], &[]);
        };
        let rounded = self.new_float(if down { x.floor() } else { x.ceil() });
        let result = self.call_builtin(BuiltinFn::Int, &[rounded], &[]);
        self.decref(rounded);
        result
    }
}
