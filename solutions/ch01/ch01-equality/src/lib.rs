//! # Exercise ch01-equality: `is` and `==`
//!
//! After `a = [1, 2, 3]; b = a; c = [1, 2, 3]`, `a is b` is true (two names,
//! one object) and `a is c` is false (two objects), yet `a == c` is true: the
//! two lists hold equal items. `is` asks about identity, a question about
//! references; `==` asks about values, a question about what the objects hold.
//!
//! You write both for chapter 1's heap, following CPython 3.11's rules for the
//! built-in types (`Objects/object.c`: `PyObject_RichCompare` and
//! `PyObject_RichCompareBool`; `Objects/listobject.c`: `list_richcompare`).

use ch01_objects::{Heap, ObjRef, Payload};

/// `a is b`: are the two references the same object?
///
/// CPython compares the two pointers; `id(x)` is that pointer as a number.
pub fn py_is(heap: &Heap, a: ObjRef, b: ObjRef) -> bool {
    //~ TODO: `a is b`: are the two references one object? Decide it without
    //~ TODO: looking inside either object.
    //~ STUB: let _ = (heap, a, b);
    //~ SOLUTION BEGIN
    heap.address(a) == heap.address(b)
    //~ SOLUTION END
}

/// `a == b` for the built-in types of chapter 1.
///
/// - `None` equals only `None`.
/// - Numbers (`bool`, `int`, `float`) compare by numeric value, across types:
///   `1 == 1.0 == True`. A NaN float equals nothing, not even itself.
/// - `str` compares by contents.
/// - A list equals a list, and a tuple a tuple, of the same length whose items
///   are pairwise [`same_or_equal`]. A list never equals a tuple.
/// - Two dicts are equal when they have the same number of keys and every key
///   of `a` is in `b` with a [`same_or_equal`] value. Order does not matter.
/// - Everything else (classes, instances, native objects) is equal only to
///   itself: `object.__eq__` falls back to identity.
pub fn py_eq(heap: &Heap, a: ObjRef, b: ObjRef) -> bool {
    //~ TODO: `a == b` by the rules above (`numeric_value` and `items_equal`
    //~ TODO: are there to help).
    //~ STUB: let _ = (heap, a, b);
    //~ SOLUTION BEGIN
    let (left, right) = (heap.payload(a), heap.payload(b));
    if let (Some(x), Some(y)) = (numeric_value(left), numeric_value(right)) {
        return x == y;
    }
    match (left, right) {
        (Payload::None, Payload::None) => true,
        (Payload::Str(x), Payload::Str(y)) => x == y,
        (Payload::List(x), Payload::List(y)) => items_equal(heap, x, y),
        (Payload::Tuple(x), Payload::Tuple(y)) => items_equal(heap, x, y),
        (Payload::Dict(x), Payload::Dict(y)) => {
            x.len() == y.len()
                && x.iter().all(|(key, value)| {
                    let other = heap.dict_key(key).and_then(|key| y.get(&key));
                    other.is_some_and(|other| same_or_equal(heap, value, other))
                })
        }
        _ => py_is(heap, a, b),
    }
    //~ SOLUTION END
}

/// How containers compare their items: `x is y or x == y`.
///
/// CPython: `PyObject_RichCompareBool`, which checks identity first. That is
/// why `[x] == [x]` is true even when `x` is a NaN and `x == x` is false.
pub fn same_or_equal(heap: &Heap, a: ObjRef, b: ObjRef) -> bool {
    //~ TODO: Identity first, then value equality.
    //~ STUB: let _ = (heap, a, b);
    //~ SOLUTION BEGIN
    py_is(heap, a, b) || py_eq(heap, a, b)
    //~ SOLUTION END
}

/// True if the two sequences have the same length and pairwise
/// [`same_or_equal`] items.
///
/// Given: you may use it in [`py_eq`].
pub fn items_equal(heap: &Heap, left: &[ObjRef], right: &[ObjRef]) -> bool {
    left.len() == right.len()
        && left
            .iter()
            .zip(right)
            .all(|(&x, &y)| same_or_equal(heap, x, y))
}

/// The numeric value of a `bool`, `int` or `float`; `None` for anything else.
/// (Large ints lose precision as `f64`; CPython compares them exactly.)
pub fn numeric_value(payload: &Payload) -> Option<f64> {
    match payload {
        Payload::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        Payload::Int(n) => Some(*n as f64),
        Payload::Float(x) => Some(*x),
        _ => None,
    }
}
