//! Graded tests for ch01-equality. Every expected answer is what CPython 3.11
//! prints for the Python expression next to it.

use ch01_equality::{py_eq, py_is, same_or_equal};
use ch01_objects::object::{Class, Instance};
use ch01_objects::{Dict, Heap, Namespace, ObjRef, Payload};
use rstest::rstest;

/// A Python value to build on the heap, fresh objects every time.
enum V {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'static str),
    List(Vec<V>),
    Tuple(Vec<V>),
    Dict(Vec<(V, V)>),
}

fn build(heap: &mut Heap, value: &V) -> ObjRef {
    let payload = match value {
        V::None => Payload::None,
        V::Bool(b) => Payload::Bool(*b),
        V::Int(n) => Payload::Int(*n),
        V::Float(x) => Payload::Float(*x),
        V::Str(s) => Payload::Str((*s).into()),
        V::List(items) => Payload::List(items.iter().map(|item| build(heap, item)).collect()),
        V::Tuple(items) => Payload::Tuple(items.iter().map(|item| build(heap, item)).collect()),
        V::Dict(entries) => {
            let mut dict = Dict::new();
            for (key, value) in entries {
                let key = build(heap, key);
                let value = build(heap, value);
                let hashed = heap.dict_key(key).expect("test keys are hashable");
                dict.insert(hashed, key, value);
            }
            Payload::Dict(Box::new(dict))
        }
    };
    heap.alloc(payload)
}

fn ints(values: &[i64]) -> Vec<V> {
    values.iter().map(|&n| V::Int(n)).collect()
}

#[test]
fn two_names_one_object_and_an_equal_copy() {
    // a = [1, 2, 3]; b = a; c = [1, 2, 3]
    let mut heap = Heap::new();
    let mut names = Namespace::new();
    let list = build(&mut heap, &V::List(ints(&[1, 2, 3])));
    names.bind("a", list);
    names.bind("b", list);
    let copy = build(&mut heap, &V::List(ints(&[1, 2, 3])));
    names.bind("c", copy);
    let [a, b, c] = ["a", "b", "c"].map(|name| names.lookup(name).expect("bound"));

    assert!(py_is(&heap, a, b), "a is b");
    assert!(!py_is(&heap, a, c), "a is not c");
    assert!(py_eq(&heap, a, c), "a == c");
    assert!(py_eq(&heap, a, b), "a == b");
}

#[test]
fn equal_values_can_be_different_objects() {
    // x = 1000; y = 1000 + 0  (two int objects with one value)
    let mut heap = Heap::new();
    let x = heap.alloc(Payload::Int(1000));
    let y = heap.alloc(Payload::Int(1000));
    assert!(py_eq(&heap, x, y));
    assert!(!py_is(&heap, x, y));
    assert!(py_is(&heap, x, x));
}

/// One row of the table: in CPython 3.11, `python` evaluates to `expected`.
struct Row(V, V, bool, &'static str);

/// One test per rule, each with the rows that check it.
#[rstest]
#[case::none(vec![
    Row(V::None, V::None, true, "None == None"),
    Row(V::None, V::Int(0), false, "None == 0"),
])]
#[case::numbers(vec![
    Row(V::Bool(true), V::Int(1), true, "True == 1"),
    Row(V::Bool(false), V::Float(0.0), true, "False == 0.0"),
    Row(V::Int(1), V::Float(1.0), true, "1 == 1.0"),
    Row(V::Float(0.5), V::Int(0), false, "0.5 == 0"),
])]
#[case::strings(vec![
    Row(V::Str("ab"), V::Str("ab"), true, "\"ab\" == \"ab\""),
    Row(V::Str("1"), V::Int(1), false, "\"1\" == 1"),
])]
#[case::lists_and_tuples(vec![
    Row(V::List(ints(&[1, 2])), V::List(ints(&[1, 2])), true, "[1, 2] == [1, 2]"),
    Row(V::List(ints(&[1, 2])), V::List(ints(&[2, 1])), false, "[1, 2] == [2, 1]"),
    Row(V::List(ints(&[1, 2])), V::List(ints(&[1, 2, 3])), false, "[1, 2] == [1, 2, 3]"),
    Row(V::List(vec![]), V::List(vec![]), true, "[] == []"),
    Row(V::List(ints(&[1])), V::Tuple(ints(&[1])), false, "[1] == (1,)"),
    Row(V::Tuple(vec![]), V::Tuple(vec![]), true, "() == ()"),
    Row(
        V::Tuple(vec![V::Int(1), V::List(ints(&[2]))]),
        V::Tuple(vec![V::Int(1), V::List(ints(&[2]))]),
        true,
        "(1, [2]) == (1, [2])",
    ),
    Row(
        V::List(vec![V::List(ints(&[1])), V::List(ints(&[2]))]),
        V::List(vec![V::List(ints(&[1])), V::List(ints(&[3]))]),
        false,
        "[[1], [2]] == [[1], [3]]",
    ),
])]
#[case::dicts(vec![
    Row(
        V::Dict(vec![(V::Str("a"), V::Int(1)), (V::Str("b"), V::List(ints(&[2])))]),
        V::Dict(vec![(V::Str("b"), V::List(vec![V::Float(2.0)])), (V::Str("a"), V::Bool(true))]),
        true,
        "{\"a\": 1, \"b\": [2]} == {\"b\": [2.0], \"a\": True}",
    ),
    Row(
        V::Dict(vec![(V::Str("a"), V::Int(1))]),
        V::Dict(vec![(V::Str("a"), V::Int(1)), (V::Str("b"), V::Int(2))]),
        false,
        "{\"a\": 1} == {\"a\": 1, \"b\": 2}",
    ),
    Row(
        V::Dict(vec![(V::Str("a"), V::Int(1))]),
        V::Dict(vec![(V::Str("b"), V::Int(1))]),
        false,
        "{\"a\": 1} == {\"b\": 1}",
    ),
    Row(
        V::Dict(vec![(V::Int(1), V::Str("x"))]),
        V::Dict(vec![(V::Float(1.0), V::Str("x"))]),
        true,
        "{1: \"x\"} == {1.0: \"x\"}",
    ),
])]
fn equality_follows_python(#[case] rows: Vec<Row>) {
    for Row(left, right, expected, python) in rows {
        let mut heap = Heap::new();
        let a = build(&mut heap, &left);
        let b = build(&mut heap, &right);
        let shown = if expected { "True" } else { "False" };
        assert_eq!(py_eq(&heap, a, b), expected, "`{python}` is {shown}");
        assert_eq!(
            py_eq(&heap, b, a),
            expected,
            "`{python}` is {shown}, and so is the same comparison the other way round"
        );
        assert!(
            !py_is(&heap, a, b),
            "`{python}`: built separately, so never the same object"
        );
    }
}

#[test]
fn nan_is_not_equal_to_itself_but_a_list_holding_it_is() {
    // x = float("nan"); x == x -> False; [x] == [x] -> True; x is x -> True
    let mut heap = Heap::new();
    let x = heap.alloc(Payload::Float(f64::NAN));
    let first = heap.alloc(Payload::list(vec![x]));
    let second = heap.alloc(Payload::list(vec![x]));
    assert!(!py_eq(&heap, x, x), "x == x is False for a NaN");
    assert!(py_is(&heap, x, x));
    assert!(
        same_or_equal(&heap, x, x),
        "containers check identity first"
    );
    assert!(py_eq(&heap, first, second), "[x] == [x] is True");
    let other_nan = heap.alloc(Payload::Float(f64::NAN));
    let third = heap.alloc(Payload::list(vec![other_nan]));
    assert!(
        !py_eq(&heap, first, third),
        "a different NaN is neither `is` nor `==`"
    );
}

#[test]
fn dict_values_are_compared_identity_first() {
    // x = float("nan"); {"k": x} == {"k": x} -> True; {"k": x} == {"k": float("nan")} -> False
    let mut heap = Heap::new();
    let x = heap.alloc(Payload::Float(f64::NAN));
    let other_nan = heap.alloc(Payload::Float(f64::NAN));
    let dict_of = |heap: &mut Heap, value: ObjRef| {
        let key = heap.alloc(Payload::Str("k".into()));
        let hashed = heap.dict_key(key).expect("a str is hashable");
        let mut dict = Dict::new();
        dict.insert(hashed, key, value);
        heap.alloc(Payload::Dict(Box::new(dict)))
    };
    let first = dict_of(&mut heap, x);
    let second = dict_of(&mut heap, x);
    let third = dict_of(&mut heap, other_nan);
    assert!(
        py_eq(&heap, first, second),
        "{{\"k\": x}} == {{\"k\": x}} is True: dict values are compared like list items, identity first"
    );
    assert!(
        !py_eq(&heap, first, third),
        "two different NaNs are neither `is` nor `==`"
    );
}

#[test]
fn instances_without_eq_compare_by_identity() {
    // class Point: pass
    // p = Point(); q = Point(); p == p -> True; p == q -> False
    let mut heap = Heap::new();
    let class = heap.alloc(Payload::Class(Box::new(Class {
        name: "Point".into(),
        bases: vec![],
        attrs: Dict::new(),
    })));
    let [p, q] =
        [(); 2].map(|()| heap.alloc(Payload::Instance(Instance::new(class, Dict::new().into()))));
    assert!(py_eq(&heap, p, p));
    assert!(
        !py_eq(&heap, p, q),
        "equal attributes do not make instances equal"
    );
    assert!(py_eq(&heap, class, class));
}

#[test]
fn a_list_that_contains_itself_equals_itself() {
    // a = []; a.append(a); a == a -> True (the item check stops at `is`)
    let mut heap = Heap::new();
    let a = heap.alloc(Payload::list(vec![]));
    if let Payload::List(items) = &mut heap.get_mut(a).payload {
        items.push(a);
    }
    assert!(py_eq(&heap, a, a));
}
