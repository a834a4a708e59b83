//! Graded tests for ch04-legacy.

use ch01_objects::dict::Dict;
use ch01_objects::object::{Class, Instance};
use ch01_objects::{DictKey, ObjRef, Payload};
use ch02_refcount::RefCountHeap;
use ch04_legacy::{has_legacy_finalizer, move_legacy_finalizers};

fn list(heap: &mut RefCountHeap) -> ObjRef {
    heap.alloc(Payload::list(Vec::new()))
}

fn append(heap: &mut RefCountHeap, from: ObjRef, to: ObjRef) {
    heap.incref(to);
    match &mut heap.heap_mut().get_mut(from).payload {
        Payload::List(items) => items.push(to),
        Payload::Instance(instance) => {
            let name = format!("a{}", instance.attrs.len());
            let key = DictKey::Str(name.as_str().into());
            // The attribute's name is not counted: these tests never free it.
            instance.attrs.insert_unslotted(key, to, to);
        }
        _ => panic!("{from:?} holds nothing"),
    }
}

/// A class; `with_del` gives it a `__del__` (any object stands for the method).
fn class(heap: &mut RefCountHeap, bases: Vec<ObjRef>, with_del: bool) -> ObjRef {
    let mut attrs = Dict::new();
    if with_del {
        let method = heap.alloc(Payload::None);
        let name = heap.alloc(Payload::Str("__del__".into()));
        attrs.insert(DictKey::Str("__del__".into()), name, method);
    }
    heap.alloc(Payload::Class(Box::new(Class {
        name: "C".into(),
        bases,
        attrs,
    })))
}

fn instance(heap: &mut RefCountHeap, class: ObjRef) -> ObjRef {
    heap.incref(class);
    heap.alloc(Payload::Instance(Instance::new(class, Dict::new().into())))
}

#[test]
fn an_instance_with_del_and_what_it_reaches_are_uncollectable() {
    let mut heap = RefCountHeap::new();
    let with_del = class(&mut heap, vec![], true);
    let plain = list(&mut heap);
    let finalizer = instance(&mut heap, with_del);
    let held = list(&mut heap);
    let held_by_held = list(&mut heap);
    let other = list(&mut heap);
    append(&mut heap, finalizer, held);
    append(&mut heap, held, held_by_held);
    append(&mut heap, held_by_held, finalizer);
    append(&mut heap, other, finalizer);
    let garbage = [plain, other, held_by_held, finalizer, held];
    assert!(has_legacy_finalizer(heap.heap(), finalizer));
    assert!(!has_legacy_finalizer(heap.heap(), plain));
    let (collectable, uncollectable) = move_legacy_finalizers(heap.heap(), &garbage);
    assert_eq!(
        uncollectable,
        vec![finalizer, held, held_by_held],
        "the finalizer, then what it reaches, in the order reached"
    );
    assert_eq!(
        collectable,
        vec![plain, other],
        "what refers to a finalizer is still collectable"
    );
}

#[test]
fn garbage_without_del_stays_collectable_in_order() {
    let mut heap = RefCountHeap::new();
    let no_del = class(&mut heap, vec![], false);
    let a = instance(&mut heap, no_del);
    let b = list(&mut heap);
    append(&mut heap, a, b);
    append(&mut heap, b, a);
    let (collectable, uncollectable) = move_legacy_finalizers(heap.heap(), &[b, a]);
    assert_eq!(collectable, vec![b, a]);
    assert!(uncollectable.is_empty());
}

#[test]
fn a_class_with_del_in_a_base_counts_too() {
    let mut heap = RefCountHeap::new();
    let base = class(&mut heap, vec![], true);
    let derived = class(&mut heap, vec![base], false);
    let object = instance(&mut heap, derived);
    assert!(has_legacy_finalizer(heap.heap(), object));
    let (collectable, uncollectable) = move_legacy_finalizers(heap.heap(), &[object]);
    assert!(collectable.is_empty());
    assert_eq!(uncollectable, vec![object]);
}

#[test]
fn a_long_chain_from_a_finalizer_needs_no_recursion() {
    const LENGTH: usize = 100_000;
    let mut heap = RefCountHeap::new();
    let with_del = class(&mut heap, vec![], true);
    let finalizer = instance(&mut heap, with_del);
    let mut garbage = vec![finalizer];
    let mut tail = finalizer;
    for _ in 0..LENGTH {
        let node = list(&mut heap);
        append(&mut heap, tail, node);
        garbage.push(node);
        tail = node;
    }
    let (collectable, uncollectable) = move_legacy_finalizers(heap.heap(), &garbage);
    assert!(collectable.is_empty());
    assert_eq!(uncollectable, garbage, "the chain, in the order reached");
}
