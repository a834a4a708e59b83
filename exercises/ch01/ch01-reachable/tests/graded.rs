//! Graded tests for ch01-reachable.

use std::collections::BTreeSet;

use ch01_objects::object::Instance;
use ch01_objects::{Dict, Heap, Namespace, ObjRef, Payload};
use ch01_reachable::{garbage, reachable_from};

fn set(objects: &[ObjRef]) -> BTreeSet<ObjRef> {
    objects.iter().copied().collect()
}

fn set_list_items(heap: &mut Heap, list: ObjRef, items: Vec<ObjRef>) {
    match &mut heap.get_mut(list).payload {
        Payload::List(old) => *old = items.into(),
        other => panic!("not a list: {other:?}"),
    }
}

#[test]
fn a_list_reaches_its_items_and_nothing_else() {
    // a = [1, 2, 3]; s = "unrelated"
    let mut heap = Heap::new();
    let items = [1, 2, 3].map(|n| heap.alloc(Payload::Int(n)));
    let list = heap.alloc(Payload::list(items.to_vec()));
    let unrelated = heap.alloc(Payload::Str("unrelated".into()));
    let found = reachable_from(&heap, &[list]);
    assert_eq!(found, set(&[items[0], items[1], items[2], list]));
    assert!(!found.contains(&unrelated));
}

#[test]
fn an_object_with_no_references_reaches_only_itself() {
    let mut heap = Heap::new();
    let n = heap.alloc(Payload::Int(42));
    assert_eq!(reachable_from(&heap, &[n]), set(&[n]));
    assert_eq!(
        reachable_from(&heap, &[]),
        set(&[]),
        "no roots, nothing reachable"
    );
}

#[test]
fn shared_objects_are_found_once() {
    // x = [0]; pair = (x, x); d = {"k": x}
    let mut heap = Heap::new();
    let zero = heap.alloc(Payload::Int(0));
    let x = heap.alloc(Payload::list(vec![zero]));
    let pair = heap.alloc(Payload::tuple([x, x]));
    let key = heap.alloc(Payload::Str("k".into()));
    let mut dict = Dict::new();
    dict.insert(heap.dict_key(key).expect("hashable"), key, x);
    let d = heap.alloc(Payload::Dict(Box::new(dict)));
    let found = reachable_from(&heap, &[pair, d, x]);
    assert_eq!(found, set(&[zero, x, pair, key, d]));
}

#[test]
fn a_cycle_ends_the_walk() {
    // a = []; b = [a]; a.append(b); a.append(a)
    let mut heap = Heap::new();
    let a = heap.alloc(Payload::list(vec![]));
    let b = heap.alloc(Payload::list(vec![a]));
    set_list_items(&mut heap, a, vec![b, a]);
    assert_eq!(reachable_from(&heap, &[a]), set(&[a, b]));
    assert_eq!(reachable_from(&heap, &[b]), set(&[a, b]));
}

#[test]
fn an_instance_reaches_its_class_and_attributes() {
    // class Node: pass; n = Node(); n.value = 7
    let mut heap = Heap::new();
    let class = heap.alloc(Payload::Class(Box::new(ch01_objects::object::Class {
        name: "Node".into(),
        bases: vec![],
        attrs: Dict::new(),
    })));
    let name = heap.alloc(Payload::Str("value".into()));
    let seven = heap.alloc(Payload::Int(7));
    let mut attrs = Dict::new();
    attrs.insert(heap.dict_key(name).expect("hashable"), name, seven);
    let node = heap.alloc(Payload::Instance(Instance::new(class, attrs.into())));
    assert_eq!(
        reachable_from(&heap, &[node]),
        set(&[class, name, seven, node])
    );
}

#[test]
fn a_chain_of_100_000_lists_does_not_overflow_the_stack() {
    // x = None
    // for _ in range(100_000): x = [x]
    let mut heap = Heap::new();
    let mut x = heap.alloc(Payload::None);
    for _ in 0..100_000 {
        x = heap.alloc(Payload::list(vec![x]));
    }
    let found = reachable_from(&heap, &[x]);
    assert_eq!(found.len(), 100_001);
}

#[test]
fn rebinding_a_name_leaves_its_old_object_as_garbage() {
    // a = [1, 2, 3]; b = a; a = "x"; c = [4]; c = None
    let mut heap = Heap::new();
    let mut names = Namespace::new();
    let items = [1, 2, 3].map(|n| heap.alloc(Payload::Int(n)));
    let list = heap.alloc(Payload::list(items.to_vec()));
    names.bind("a", list);
    names.bind("b", list);
    let text = heap.alloc(Payload::Str("x".into()));
    names.bind("a", text);
    assert_eq!(garbage(&heap, &names), vec![], "b still reaches the list");

    let four = heap.alloc(Payload::Int(4));
    let short = heap.alloc(Payload::list(vec![four]));
    names.bind("c", short);
    let none = heap.alloc(Payload::None);
    names.bind("c", none);
    assert_eq!(garbage(&heap, &names), vec![four, short]);

    names.unbind("b");
    assert_eq!(
        garbage(&heap, &names),
        vec![items[0], items[1], items[2], list, four, short],
        "in slot order"
    );
}

#[test]
fn a_cycle_nobody_names_is_garbage_too() {
    // a = []; b = [a]; a.append(b); del a, b
    let mut heap = Heap::new();
    let mut names = Namespace::new();
    let a = heap.alloc(Payload::list(vec![]));
    let b = heap.alloc(Payload::list(vec![a]));
    set_list_items(&mut heap, a, vec![b]);
    names.bind("a", a);
    names.bind("b", b);
    assert_eq!(garbage(&heap, &names), vec![]);
    names.unbind("a");
    assert_eq!(garbage(&heap, &names), vec![], "b reaches a");
    names.unbind("b");
    assert_eq!(garbage(&heap, &names), vec![a, b]);
}
