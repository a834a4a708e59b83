//! Graded tests for ch02-cascade.
//!
//! The orders checked here are what CPython 3.11 prints when the objects
//! have a `__del__` that prints their name (see each test's comment).

use ch01_objects::object::{Class, Instance};
use ch01_objects::{Dict, Heap, NativeObject, ObjRef, Payload};
use ch02_cascade::{decref, release_order};

fn int(heap: &mut Heap, n: i64) -> ObjRef {
    heap.alloc(Payload::Int(n))
}

fn string(heap: &mut Heap, s: &str) -> ObjRef {
    heap.alloc(Payload::Str(s.into()))
}

/// Adds a reference by hand, as a second name would.
fn add_reference(heap: &mut Heap, r: ObjRef) {
    heap.get_mut(r).header.refcount += 1;
}

/// Stores `value` under the string `name`; the dict takes both references.
fn put(heap: &mut Heap, dict: &mut Dict, name: &str, value: ObjRef) -> ObjRef {
    let key = string(heap, name);
    dict.insert(heap.dict_key(key).expect("a str is hashable"), key, value);
    key
}

fn class(heap: &mut Heap, name: &str) -> ObjRef {
    heap.alloc(Payload::Class(Box::new(Class {
        name: name.into(),
        bases: vec![],
        attrs: Dict::new(),
    })))
}

fn drop_last(heap: &mut Heap, r: ObjRef) -> Vec<ObjRef> {
    let mut freed = Vec::new();
    decref(heap, r, &mut freed);
    freed
}

#[test]
fn a_decref_that_leaves_references_frees_nothing() {
    // a = []; b = a; del a
    let mut heap = Heap::new();
    let list = heap.alloc(Payload::list(vec![]));
    add_reference(&mut heap, list);
    let freed = drop_last(&mut heap, list);
    assert_eq!(
        freed,
        vec![],
        "the list still has one reference (b): nothing may be freed"
    );
    assert!(heap.is_live(list));
    assert_eq!(heap.refcount(list), 1, "2 references minus 1 is 1");
}

#[test]
fn the_last_reference_frees_the_object_at_once() {
    // a = []; del a
    let mut heap = Heap::new();
    let list = heap.alloc(Payload::list(vec![]));
    let freed = drop_last(&mut heap, list);
    assert_eq!(freed, vec![list], "the count reached zero: free the list");
    assert!(
        !heap.is_live(list),
        "a freed object must be released from the heap (`heap.release`)"
    );
    assert_eq!(heap.stats().releases, 1);
}

#[test]
fn a_list_releases_its_items_last_to_first() {
    // l = [N(1), N(2), N(3)]; del l   -> CPython 3.11: del 3, del 2, del 1
    let mut heap = Heap::new();
    let items: Vec<ObjRef> = (1..=3).map(|n| int(&mut heap, n)).collect();
    let list = heap.alloc(Payload::list(items.clone()));
    let freed = drop_last(&mut heap, list);
    assert_eq!(
        freed,
        vec![list, items[2], items[1], items[0]],
        "the list first (its count hit zero), then its items from the last to the first"
    );
    assert_eq!(heap.stats().live_objects, 0);
}

#[test]
fn a_tuple_releases_its_items_last_to_first() {
    // t = (N("a"), N("b")); del t   -> CPython 3.11: del b, del a
    let mut heap = Heap::new();
    let a = string(&mut heap, "a");
    let b = string(&mut heap, "b");
    let tuple = heap.alloc(Payload::tuple([a, b]));
    assert_eq!(drop_last(&mut heap, tuple), vec![tuple, b, a]);
}

#[test]
fn a_dict_releases_each_key_then_its_value_in_insertion_order() {
    // d = {N("x"): N(10), N("y"): N(20)}; del d
    // CPython 3.11 prints: del x, del 10, del y, del 20
    let mut heap = Heap::new();
    let mut dict = Dict::new();
    let x = int(&mut heap, 10);
    let x_key = put(&mut heap, &mut dict, "x", x);
    let y = int(&mut heap, 20);
    let y_key = put(&mut heap, &mut dict, "y", y);
    let d = heap.alloc(Payload::Dict(Box::new(dict)));
    assert_eq!(
        drop_last(&mut heap, d),
        vec![d, x_key, x, y_key, y],
        "entries in insertion order, and within an entry the key before the value"
    );
}

#[test]
fn an_instance_releases_its_attributes_then_its_class() {
    // class Point: pass
    // p = Point(); p.x = 1; p.y = 2; del p
    let mut heap = Heap::new();
    let point = class(&mut heap, "Point");
    add_reference(&mut heap, point); // the instance's reference to its class
    let mut attrs = Dict::new();
    let one = int(&mut heap, 1);
    let x = put(&mut heap, &mut attrs, "x", one);
    let two = int(&mut heap, 2);
    let y = put(&mut heap, &mut attrs, "y", two);
    let instance = |attrs| Instance::new(point, attrs);
    let mut copy = Dict::new();
    for (key, value) in attrs.iter() {
        copy.insert(heap.dict_key(key).expect("a str is hashable"), key, value);
    }
    assert_eq!(
        release_order(Payload::Instance(instance(copy.into()))),
        vec![x, one, y, two, point],
        "an instance lets go of its attributes (name, value, in the order they were set), then of its class"
    );
    let p = heap.alloc(Payload::Instance(instance(attrs.into())));
    assert_eq!(
        drop_last(&mut heap, p),
        vec![p, x, one, y, two],
        "the attributes, name then value, in the order they were set"
    );
    assert!(
        heap.is_live(point),
        "the class is still bound to its name `Point`"
    );
    assert_eq!(
        heap.refcount(point),
        1,
        "the instance's reference to its class must be released too, after its attributes"
    );
}

#[test]
fn release_order_puts_a_class_after_attributes_and_bases_last() {
    let mut heap = Heap::new();
    let base = class(&mut heap, "Base");
    let mut attrs = Dict::new();
    let value = int(&mut heap, 0);
    let key = put(&mut heap, &mut attrs, "count", value);
    let payload = Payload::Class(Box::new(Class {
        name: "Derived".into(),
        bases: vec![base],
        attrs,
    }));
    assert_eq!(release_order(payload), vec![key, value, base]);
    assert_eq!(
        release_order(Payload::Int(5)),
        vec![],
        "an int holds nothing"
    );
}

/// A kind defined outside `ch01-objects`, holding two references.
#[derive(Debug)]
struct Pair(Vec<ObjRef>);

impl NativeObject for Pair {
    fn type_name(&self) -> &str {
        "pair"
    }
    fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        self.0.iter().copied().for_each(visit);
    }
    fn take_refs(&mut self, out: &mut Vec<ObjRef>) {
        out.append(&mut self.0);
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

#[test]
fn a_native_object_releases_what_take_refs_hands_over() {
    // A function object (exercise ch01-traverse) dies: its defaults go with it.
    let mut heap = Heap::new();
    let first = int(&mut heap, 1);
    let second = int(&mut heap, 2);
    let pair = heap.alloc(Payload::native(Pair(vec![first, second])));
    assert_eq!(
        drop_last(&mut heap, pair),
        vec![pair, first, second],
        "a native object's references are the ones its `take_refs` hands over, in that order"
    );
    assert_eq!(heap.stats().live_objects, 0, "nothing may leak");
}

#[test]
fn nested_containers_are_freed_depth_first() {
    // class N: def __del__(self): print("del", self.name)
    // l = [N("a"), [N("b"), N("c")], N("d")]; del l
    // CPython 3.11 prints: del d, del c, del b, del a
    let mut heap = Heap::new();
    let [a, b, c, d] = ["a", "b", "c", "d"].map(|name| string(&mut heap, name));
    let inner = heap.alloc(Payload::list(vec![b, c]));
    let outer = heap.alloc(Payload::list(vec![a, inner, d]));
    assert_eq!(
        drop_last(&mut heap, outer),
        vec![outer, d, inner, c, b, a],
        "the inner list's items go before the outer list's earlier items: the cascade is depth first"
    );
    assert_eq!(heap.stats().live_objects, 0);
}

#[test]
fn an_item_referenced_elsewhere_survives_its_container() {
    // shared = []; outer = [shared, 5]; del outer
    let mut heap = Heap::new();
    let shared = heap.alloc(Payload::list(vec![]));
    add_reference(&mut heap, shared); // the name `shared`
    let five = int(&mut heap, 5);
    let outer = heap.alloc(Payload::list(vec![shared, five]));
    assert_eq!(drop_last(&mut heap, outer), vec![outer, five]);
    assert!(heap.is_live(shared), "`shared` still names the inner list");
    assert_eq!(heap.refcount(shared), 1);
}

#[test]
fn a_decref_below_zero_is_refused() {
    // A decref without a matching reference is the C bug that frees an object
    // twice. Our heap must stop with a panic that says so.
    let mut heap = Heap::new();
    let n = int(&mut heap, 7);
    heap.get_mut(n).header.refcount = 0;
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        drop_last(&mut heap, n);
    }));
    let payload = result.expect_err("decref of an object whose count is 0 must panic");
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default();
    assert!(
        message.contains("zero"),
        "the panic message should say the count is already zero; it was: {message:?}"
    );
}
