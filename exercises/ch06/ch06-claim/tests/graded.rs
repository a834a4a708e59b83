//! Graded tests for ch06-claim.

use ch01_objects::dict::Dict;
use ch01_objects::object::{Class, Instance};
use ch01_objects::{DictKey, Heap, ObjRef, Payload};
use ch02_refcount::flags::{is_finalized, set_finalized};
use ch06_claim::claim;
use ch06_finalizers::flags::set_in_garbage;

fn class(heap: &mut Heap, with_del: bool) -> ObjRef {
    let mut attrs = Dict::new();
    if with_del {
        let method = heap.alloc(Payload::None);
        let name = heap.alloc(Payload::Str("__del__".into()));
        attrs.insert(DictKey::Str("__del__".into()), name, method);
    }
    heap.alloc(Payload::Class(Box::new(Class {
        name: "C".into(),
        bases: vec![],
        attrs,
    })))
}

fn instance(heap: &mut Heap, class: ObjRef, in_garbage: bool) -> ObjRef {
    let r = heap.alloc(Payload::Instance(Instance::new(class, Dict::new().into())));
    set_in_garbage(&mut heap.get_mut(r).header, in_garbage);
    r
}

#[test]
fn a_garbage_instance_with_del_is_claimed_once() {
    let mut heap = Heap::new();
    let with_del = class(&mut heap, true);
    let r = instance(&mut heap, with_del, true);
    assert!(claim(&mut heap, r));
    assert!(
        is_finalized(&heap.get(r).header),
        "marked before its __del__ runs"
    );
    assert!(!claim(&mut heap, r), "never twice");
}

#[test]
fn an_object_without_del_or_not_in_the_garbage_is_not() {
    let mut heap = Heap::new();
    let plain = class(&mut heap, false);
    let with_del = class(&mut heap, true);
    let no_del = instance(&mut heap, plain, true);
    let outside = instance(&mut heap, with_del, false);
    let list = heap.alloc(Payload::list(vec![]));
    set_in_garbage(&mut heap.get_mut(list).header, true);
    assert!(!claim(&mut heap, no_del));
    assert!(
        !claim(&mut heap, outside),
        "alive, but not this collection's garbage"
    );
    assert!(!claim(&mut heap, list));
    assert!(!is_finalized(&heap.get(outside).header), "left as it was");
}

#[test]
fn a_freed_object_and_its_slots_newcomer_are_not() {
    let mut heap = Heap::new();
    let with_del = class(&mut heap, true);
    let r = instance(&mut heap, with_del, true);
    heap.release(r);
    assert!(!claim(&mut heap, r), "freed by an earlier __del__");
    let newcomer = instance(&mut heap, with_del, false);
    assert_eq!(newcomer, r, "the freed slot is reused");
    assert!(!claim(&mut heap, newcomer), "the newcomer is not garbage");
}

#[test]
fn an_object_finalized_before_is_never_claimed_again() {
    let mut heap = Heap::new();
    let with_del = class(&mut heap, true);
    let r = instance(&mut heap, with_del, true);
    set_finalized(&mut heap.get_mut(r).header);
    assert!(
        !claim(&mut heap, r),
        "resurrected once, collected now: no second __del__"
    );
}
