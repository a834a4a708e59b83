//! Graded tests for ch02-trashcan.

use ch01_objects::object::{Class, Instance};
use ch01_objects::{Dict, Heap, ObjRef, Payload};
use ch02_trashcan::decref;

fn string(heap: &mut Heap, s: &str) -> ObjRef {
    heap.alloc(Payload::Str(s.into()))
}

/// `x = None` then `length` times `x = [x]`: every list holds the only
/// reference to the one before. Returns the outermost list.
fn chain_of_lists(heap: &mut Heap, length: usize) -> ObjRef {
    let mut x = heap.alloc(Payload::None);
    for _ in 0..length {
        x = heap.alloc(Payload::list(vec![x]));
    }
    x
}

#[test]
fn a_single_object_is_freed() {
    let mut heap = Heap::new();
    let s = string(&mut heap, "alone");
    let cascade = decref(&mut heap, s);
    assert_eq!(cascade.freed, vec![s]);
    assert!(!heap.is_live(s), "free it with `heap.release`");
    assert_eq!(
        cascade.peak_pending, 1,
        "the reference being dropped was waiting on the stack: one at a time"
    );
}

#[test]
fn a_reference_that_is_not_the_last_frees_nothing() {
    let mut heap = Heap::new();
    let list = heap.alloc(Payload::list(vec![]));
    heap.get_mut(list).header.refcount = 2;
    assert_eq!(decref(&mut heap, list).freed, vec![]);
    assert_eq!(heap.refcount(list), 1);
}

#[test]
fn the_order_is_the_recursive_order() {
    // l = [N("a"), [N("b"), N("c")], (N("d"), N("e")), N("f")]; del l
    // CPython 3.11 prints: del f, del e, del d, del c, del b, del a
    let mut heap = Heap::new();
    let [a, b, c, d, e, f] = ["a", "b", "c", "d", "e", "f"].map(|s| string(&mut heap, s));
    let inner = heap.alloc(Payload::list(vec![b, c]));
    let pair = heap.alloc(Payload::tuple([d, e]));
    let outer = heap.alloc(Payload::list(vec![a, inner, pair, f]));
    assert_eq!(
        decref(&mut heap, outer).freed,
        vec![outer, f, pair, e, d, inner, c, b, a],
        "push what a freed object held in reverse, so that popping releases it in `release_order`"
    );
}

#[test]
fn an_instance_goes_before_its_attributes_and_its_class_last() {
    // class Node: pass
    // n = Node(); n.value = "v"; del Node; del n
    // (after `del Node`, the instance holds its class's last reference)
    let mut heap = Heap::new();
    let node = heap.alloc(Payload::Class(Box::new(Class {
        name: "Node".into(),
        bases: vec![],
        attrs: Dict::new(),
    })));
    let key = string(&mut heap, "value");
    let value = string(&mut heap, "v");
    let mut attrs = Dict::new();
    attrs.insert(heap.dict_key(key).expect("hashable"), key, value);
    let n = heap.alloc(Payload::Instance(Instance::new(node, attrs.into())));
    assert_eq!(decref(&mut heap, n).freed, vec![n, key, value, node]);
    assert_eq!(heap.stats().live_objects, 0);
}

#[test]
fn shared_objects_wait_for_their_last_reference() {
    // x = [] ; pair = [x, x]; del x; del pair
    let mut heap = Heap::new();
    let x = heap.alloc(Payload::list(vec![]));
    heap.get_mut(x).header.refcount = 2; // the pair holds it twice
    let pair = heap.alloc(Payload::list(vec![x, x]));
    assert_eq!(
        decref(&mut heap, pair).freed,
        vec![pair, x],
        "x is freed at the second of the pair's two references, not the first"
    );
}

#[test]
fn a_million_long_chain_is_freed_without_overflowing_the_stack() {
    let mut heap = Heap::new();
    let head = chain_of_lists(&mut heap, 1_000_000);
    let cascade = decref(&mut heap, head);
    assert_eq!(
        cascade.freed.len(),
        1_000_001,
        "every list and the None at the end"
    );
    assert_eq!(cascade.freed[0], head, "the outermost list goes first");
    assert_eq!(heap.stats().live_objects, 0);
}

#[test]
fn a_chain_needs_only_one_pending_reference_at_a_time() {
    let mut heap = Heap::new();
    let head = chain_of_lists(&mut heap, 10_000);
    let cascade = decref(&mut heap, head);
    assert_eq!(cascade.freed.len(), 10_001);
    assert_eq!(
        cascade.peak_pending, 1,
        "each list holds one reference: pop it, push the one it held. Count the popped entry too (`pending.len() + 1` right after the pop)"
    );
}

#[test]
fn a_wide_list_waits_on_the_stack_all_at_once() {
    let mut heap = Heap::new();
    let items: Vec<ObjRef> = (0..1000).map(|n| heap.alloc(Payload::Int(n))).collect();
    let list = heap.alloc(Payload::list(items.clone()));
    let cascade = decref(&mut heap, list);
    assert_eq!(cascade.freed.len(), 1001);
    assert_eq!(cascade.freed[1], items[999], "last item first");
    assert_eq!(
        cascade.peak_pending, 1000,
        "freeing the list puts its 1000 items on the stack at once"
    );
}
