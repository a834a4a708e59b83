//! Graded tests for ch01-census.

use ch01_census::{TypeCount, census_report, heap_census, type_name};
use ch01_objects::object::{Class, Instance};
use ch01_objects::{Dict, Heap, Namespace, ObjRef, Payload};

fn count(objects: usize, bytes: usize) -> TypeCount {
    TypeCount { objects, bytes }
}

fn new_class(heap: &mut Heap, name: &str) -> ObjRef {
    heap.alloc(Payload::Class(Box::new(Class {
        name: name.into(),
        bases: vec![],
        attrs: Dict::new(),
    })))
}

fn new_instance(heap: &mut Heap, class: ObjRef) -> ObjRef {
    heap.alloc(Payload::Instance(Instance::new(class, Dict::new().into())))
}

#[test]
fn built_in_types_use_their_python_names() {
    let mut heap = Heap::new();
    let cases = [
        (Payload::None, "NoneType"),
        (Payload::Bool(true), "bool"),
        (Payload::Int(1), "int"),
        (Payload::Float(1.5), "float"),
        (Payload::Str("s".into()), "str"),
        (Payload::list(vec![]), "list"),
        (Payload::tuple([]), "tuple"),
        (Payload::Dict(Box::new(Dict::new())), "dict"),
    ];
    for (payload, expected) in cases {
        let r = heap.alloc(payload);
        assert_eq!(type_name(&heap, r), expected);
    }
}

#[test]
fn an_instance_is_named_after_its_class() {
    // class Point: pass; p = Point()
    let mut heap = Heap::new();
    let point = new_class(&mut heap, "Point");
    let p = new_instance(&mut heap, point);
    assert_eq!(type_name(&heap, p), "Point");
    assert_eq!(
        type_name(&heap, point),
        "type",
        "a class is an instance of type"
    );
}

#[test]
fn an_empty_heap_has_an_empty_census() {
    assert!(heap_census(&Heap::new()).is_empty());
}

#[test]
fn the_census_counts_objects_and_bytes_per_type() {
    // a = [1, 2, 3]; s = "hello"
    let mut heap = Heap::new();
    let items = [1, 2, 3].map(|n| heap.alloc(Payload::Int(n)));
    heap.alloc(Payload::list(items.to_vec()));
    heap.alloc(Payload::Str("hello".into()));
    let census = heap_census(&heap);
    assert_eq!(census.len(), 3);
    assert_eq!(census["int"], count(3, 3 * 28));
    assert_eq!(census["list"], count(1, 56 + 3 * 8));
    assert_eq!(census["str"], count(1, 49 + 5));
}

#[test]
fn the_census_adds_up_to_the_heap_stats() {
    let mut heap = Heap::new();
    let class = new_class(&mut heap, "Node");
    for n in 0..10 {
        let value = heap.alloc(Payload::Int(n));
        let node = new_instance(&mut heap, class);
        heap.alloc(Payload::tuple([node, value]));
    }
    let census = heap_census(&heap);
    let stats = heap.stats();
    assert_eq!(
        census.values().map(|c| c.objects).sum::<usize>(),
        stats.live_objects
    );
    assert_eq!(
        census.values().map(|c| c.bytes).sum::<usize>(),
        stats.live_bytes
    );
    assert_eq!(census["Node"].objects, 10);
    assert_eq!(census["type"].objects, 1);
}

#[test]
fn rebinding_in_a_loop_leaves_every_old_object_behind() {
    // for i in range(1000):
    //     x = [i]
    // Only the last list is bound to x, but a heap that never frees keeps all.
    let mut heap = Heap::new();
    let mut names = Namespace::new();
    for i in 0..1000 {
        let item = heap.alloc(Payload::Int(i));
        let list = heap.alloc(Payload::list(vec![item]));
        names.bind("x", list);
    }
    assert_eq!(names.len(), 1);
    let census = heap_census(&heap);
    assert_eq!(census["list"].objects, 1000);
    assert_eq!(census["int"].objects, 1000);
    assert_eq!(census["list"].bytes, 1000 * (56 + 8));
}

#[test]
fn released_objects_leave_the_census() {
    let mut heap = Heap::new();
    let kept = heap.alloc(Payload::list(vec![]));
    let gone = heap.alloc(Payload::list(vec![]));
    heap.release(gone);
    assert_eq!(heap_census(&heap)["list"], count(1, 56));
    assert!(heap.is_live(kept));
}

#[test]
fn the_report_puts_the_biggest_type_first() {
    let mut heap = Heap::new();
    for n in 0..4 {
        heap.alloc(Payload::Int(n));
    }
    heap.alloc(Payload::Dict(Box::new(Dict::new())));
    let expected = "\
type        objects      bytes
int               4        112
dict              1         64
";
    assert_eq!(census_report(&heap), expected);
}
