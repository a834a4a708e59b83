//! The cascade as a story: build objects by hand, drop the last reference,
//! and watch what is freed and in which order.

use ch01_objects::dict::Dict;
use ch01_objects::object::{Class, Instance};
use ch01_objects::{DictKey, ObjRef, Payload};
use ch02_refcount::{EventLog, RefCountHeap};
use rstest::rstest;

/// A heap with a trace recorder attached.
fn traced_heap() -> (RefCountHeap, EventLog) {
    let mut heap = RefCountHeap::new();
    let log = EventLog::new();
    heap.set_tracer(Box::new(log.clone()));
    (heap, log)
}

fn int(heap: &mut RefCountHeap, n: i64) -> ObjRef {
    heap.alloc(Payload::Int(n))
}

fn string(heap: &mut RefCountHeap, s: &str) -> ObjRef {
    heap.alloc(Payload::Str(s.into()))
}

/// Stores `value` under the string key `name`; the dict takes both references.
fn set(heap: &mut RefCountHeap, dict: &mut Dict, name: &str, value: ObjRef) {
    let key = string(heap, name);
    dict.insert(DictKey::Str(name.into()), key, value);
}

/// `class name: def __del__(self): ...` (the method's body is the test's closure).
fn class(heap: &mut RefCountHeap, name: &str, with_del: bool) -> ObjRef {
    let mut attrs = Dict::new();
    if with_del {
        let marker = heap.alloc(Payload::None);
        set(heap, &mut attrs, "__del__", marker);
    }
    heap.alloc(Payload::Class(Box::new(Class {
        name: name.into(),
        bases: vec![],
        attrs,
    })))
}

/// An instance of `class` with a `name` attribute and an optional `child`.
fn instance(heap: &mut RefCountHeap, class: ObjRef, name: &str, child: Option<ObjRef>) -> ObjRef {
    heap.incref(class);
    let mut attrs = Dict::new();
    let name_value = string(heap, name);
    set(heap, &mut attrs, "name", name_value);
    if let Some(child) = child {
        set(heap, &mut attrs, "child", child);
    }
    heap.alloc(Payload::Instance(Instance::new(class, attrs.into())))
}

fn name_of(heap: &RefCountHeap, r: ObjRef) -> String {
    match heap.heap().payload(r) {
        Payload::Instance(instance) => {
            match instance.attrs.get_unslotted(&DictKey::Str("name".into())) {
                Some(name) => match heap.heap().payload(name) {
                    Payload::Str(s) => s.to_string(),
                    _ => "?".into(),
                },
                None => "?".into(),
            }
        }
        _ => "?".into(),
    }
}

/// The ints freed, in the order they were freed.
fn freed_ints(heap_log: &EventLog, values: &[(ObjRef, i64)]) -> Vec<i64> {
    heap_log
        .lines()
        .iter()
        .filter_map(|line| line.strip_prefix("free "))
        .filter_map(|what| {
            values
                .iter()
                .find(|(r, _)| what == format!("{r:?} int"))
                .map(|(_, n)| *n)
        })
        .collect()
}

#[derive(Debug, Clone, Copy)]
enum Container {
    List,
    Tuple,
    Dict,
}

#[rstest]
#[case::list_last_to_first(Container::List, vec![3, 2, 1])]
#[case::tuple_last_to_first(Container::Tuple, vec![3, 2, 1])]
#[case::dict_in_insertion_order(Container::Dict, vec![1, 2, 3])]
fn containers_release_their_items_in_cpython_order(
    #[case] kind: Container,
    #[case] expected: Vec<i64>,
) {
    let (mut heap, log) = traced_heap();
    let values: Vec<(ObjRef, i64)> = (1..=3).map(|n| (int(&mut heap, n), n)).collect();
    let items: Vec<ObjRef> = values.iter().map(|(r, _)| *r).collect();
    let container = match kind {
        Container::List => heap.alloc(Payload::list(items)),
        Container::Tuple => heap.alloc(Payload::Tuple(items.into())),
        Container::Dict => {
            let mut dict = Dict::new();
            for (r, n) in &values {
                let key = string(&mut heap, &format!("k{n}"));
                dict.insert(DictKey::Str(format!("k{n}").into()), key, *r);
            }
            heap.alloc(Payload::Dict(Box::new(dict)))
        }
    };
    heap.decref(container);
    assert_eq!(freed_ints(&log, &values), expected);
    assert_eq!(heap.stats().live_objects, 0, "everything was freed");
}

#[test]
fn a_shared_item_survives_its_container() {
    let mut heap = RefCountHeap::new();
    let item = heap.alloc(Payload::list(vec![]));
    heap.incref(item); // a second name refers to it
    let outer = heap.alloc(Payload::list(vec![item]));
    heap.decref(outer);
    assert!(!heap.heap().is_live(outer));
    assert_eq!(heap.heap().refcount(item), 1);
    heap.decref(item);
    assert_eq!(heap.stats().live_objects, 0);
}

#[test]
fn an_immortal_object_is_never_counted_nor_freed() {
    let (mut heap, log) = traced_heap();
    let none = heap.alloc(Payload::None);
    heap.make_immortal(none);
    heap.incref(none);
    heap.decref(none);
    heap.decref(none);
    assert!(heap.heap().is_live(none));
    assert_eq!(log.lines(), vec!["alloc #0 NoneType"]);
}

#[test]
fn freeing_a_million_long_chain_does_not_overflow_the_stack() {
    const LENGTH: usize = 1_000_000;
    let mut heap = RefCountHeap::new();
    let mut head = heap.alloc(Payload::list(vec![]));
    for _ in 1..LENGTH {
        // [next]: the new list owns the only reference to the previous head.
        head = heap.alloc(Payload::list(vec![head]));
    }
    assert_eq!(heap.stats().live_objects, LENGTH);
    heap.decref(head);
    let stats = heap.stats();
    assert_eq!(stats.live_objects, 0);
    assert_eq!(stats.releases, LENGTH as u64);
    // The loop holds what the recursion's C stack would: one end marker
    // per guarded level in progress (50 at most, as CPython 3.11's
    // trashcan allows), and the next decref.
    assert!(
        heap.pending_peak() <= ch02_refcount::trashcan::UNWIND_LEVEL + 2,
        "pending peaked at {}",
        heap.pending_peak()
    );
    assert_eq!(heap.trashcan().nesting(), 0);
    assert!(heap.trashcan().deposited().is_empty());
}

/// Runs `__del__` the way the interpreter does: record the name, and for `b`,
/// build and drop a temporary list of two more finalizable instances (a
/// nested decref inside a finalizer).
fn run_del(heap: &mut RefCountHeap, object: ObjRef, class: ObjRef, printed: &mut Vec<String>) {
    let name = name_of(heap, object);
    printed.push(format!("del {name}"));
    if name == "b" {
        let t1 = instance(heap, class, "t1", None);
        let t2 = instance(heap, class, "t2", None);
        let tmp = heap.alloc(Payload::list(vec![t1, t2]));
        heap.decref_with(tmp, |heap, object| run_del(heap, object, class, printed));
    }
}

/// The program of `python3` whose output this test reproduces:
///
/// ```text
/// class N:
///     def __init__(s, name, child=None): s.name = name; s.child = child
///     def __del__(s):
///         print("del", s.name)
///         if s.name == "b":
///             tmp = [N("t1"), N("t2")]
///             del tmp
/// l = [N("a", N("a1")), N("b", N("b1", N("b2"))), (N("c"), N("d"))]
/// del l
/// ```
#[test]
fn finalizers_run_depth_first_in_cpython_order() {
    let mut heap = RefCountHeap::new();
    let n = class(&mut heap, "N", true);
    let a1 = instance(&mut heap, n, "a1", None);
    let a = instance(&mut heap, n, "a", Some(a1));
    let b2 = instance(&mut heap, n, "b2", None);
    let b1 = instance(&mut heap, n, "b1", Some(b2));
    let b = instance(&mut heap, n, "b", Some(b1));
    let c = instance(&mut heap, n, "c", None);
    let d = instance(&mut heap, n, "d", None);
    let pair = heap.alloc(Payload::tuple([c, d]));
    let list = heap.alloc(Payload::list(vec![a, b, pair]));

    let mut printed = Vec::new();
    heap.decref_with(list, |heap, object| run_del(heap, object, n, &mut printed));

    // CPython 3.11 prints exactly this.
    let expected =
        ["d", "c", "b", "t2", "t1", "b1", "b2", "a", "a1"].map(|name| format!("del {name}"));
    assert_eq!(printed, expected);
    assert_eq!(heap.pending(), 0);
    assert_eq!(
        heap.heap().refcount(n),
        1,
        "only the class's own name is left"
    );
}

#[test]
fn a_resurrected_object_survives_and_is_never_finalized_twice() {
    let mut heap = RefCountHeap::new();
    let r = class(&mut heap, "R", true);
    let keep = heap.alloc(Payload::list(vec![]));
    let obj = instance(&mut heap, r, "r", None);

    let mut finalized = 0;
    heap.decref_with(obj, |heap, object| {
        finalized += 1;
        // keep.append(self)
        heap.incref(object);
        if let Payload::List(items) = &mut heap.heap_mut().get_mut(keep).payload {
            items.push(object);
        }
    });
    assert_eq!(finalized, 1);
    assert!(
        heap.heap().is_live(obj),
        "__del__ stored self: the object lives on"
    );
    assert_eq!(heap.heap().refcount(obj), 1);

    // keep.clear(): the object dies again, this time without __del__.
    let items = match &mut heap.heap_mut().get_mut(keep).payload {
        Payload::List(items) => std::mem::take(items),
        _ => unreachable!(),
    };
    for item in items {
        heap.decref_with(item, |_, _| finalized += 1);
    }
    assert_eq!(finalized, 1, "__del__ runs at most once");
    assert!(!heap.heap().is_live(obj));
}

#[test]
fn an_instance_releases_its_attributes_then_its_class() {
    let (mut heap, log) = traced_heap();
    let point = class(&mut heap, "Point", false);
    let x = int(&mut heap, 1);
    let mut attrs = Dict::new();
    set(&mut heap, &mut attrs, "x", x);
    let p = heap.alloc(Payload::Instance(Instance::new(point, attrs.into())));
    heap.decref(p);
    insta::assert_snapshot!(log.text());
}
