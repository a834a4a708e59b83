//! Graded tests for ch06-resurrect.

use ch01_objects::{ObjRef, Payload};
use ch02_refcount::RefCountHeap;
use ch06_finalizers::flags::{is_in_garbage, set_in_garbage};
use ch06_resurrect::handle_resurrected;

fn list(heap: &mut RefCountHeap) -> ObjRef {
    heap.alloc(Payload::list(Vec::new()))
}

fn append(heap: &mut RefCountHeap, from: ObjRef, to: ObjRef) {
    heap.incref(to);
    let Payload::List(items) = &mut heap.heap_mut().get_mut(from).payload else {
        panic!("{from:?} is not a list");
    };
    items.push(to);
}

/// A two-list cycle nothing holds, marked as the collection's garbage.
fn garbage_pair(heap: &mut RefCountHeap) -> (ObjRef, ObjRef) {
    let (a, b) = (list(heap), list(heap));
    append(heap, a, b);
    append(heap, b, a);
    heap.decref(a);
    heap.decref(b);
    for r in [a, b] {
        set_in_garbage(&mut heap.heap_mut().get_mut(r).header, true);
    }
    (a, b)
}

#[test]
fn nothing_resurrected_leaves_all_of_it_garbage() {
    let mut heap = RefCountHeap::new();
    let (a, b) = garbage_pair(&mut heap);
    let (resurrected, still) = handle_resurrected(heap.heap_mut(), &[a, b]);
    assert!(resurrected.is_empty());
    assert_eq!(still, vec![a, b]);
}

/// A `__del__` stored `b` in a list the program holds (`saved`).
#[test]
fn a_stored_object_and_what_it_reaches_come_back() {
    let mut heap = RefCountHeap::new();
    let (a, b) = garbage_pair(&mut heap);
    let (c, d) = garbage_pair(&mut heap);
    let saved = list(&mut heap);
    append(&mut heap, saved, b);
    let (resurrected, still) = handle_resurrected(heap.heap_mut(), &[a, b, c, d]);
    assert_eq!(
        resurrected,
        vec![b, a],
        "b is held; it rescues a, which moves to the end"
    );
    assert_eq!(still, vec![c, d]);
}

#[test]
fn freed_objects_and_newcomers_are_left_out() {
    let mut heap = RefCountHeap::new();
    let lone = list(&mut heap);
    set_in_garbage(&mut heap.heap_mut().get_mut(lone).header, true);
    heap.decref(lone);
    let newcomer = list(&mut heap);
    assert_eq!(newcomer, lone, "the freed slot is reused");
    let (a, b) = garbage_pair(&mut heap);
    let (resurrected, still) = handle_resurrected(heap.heap_mut(), &[lone, a, b]);
    assert!(resurrected.is_empty(), "the newcomer is not the garbage's");
    assert_eq!(still, vec![a, b]);
}

#[test]
fn the_marks_are_cleared() {
    let mut heap = RefCountHeap::new();
    let (a, b) = garbage_pair(&mut heap);
    let saved = list(&mut heap);
    append(&mut heap, saved, a);
    handle_resurrected(heap.heap_mut(), &[a, b]);
    assert!(!is_in_garbage(&heap.heap().get(a).header));
    assert!(!is_in_garbage(&heap.heap().get(b).header));
}
