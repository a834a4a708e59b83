//! Graded tests for ch06-weakrefs.

use std::collections::HashMap;

use ch01_objects::{Heap, ObjRef, Payload};
use ch06_finalizers::weakrefs::WeakRefEntry;
use ch06_weakrefs::{callbacks_to_call, list_order};

/// `n` distinct references (the objects are never looked at).
fn objects(n: usize) -> Vec<ObjRef> {
    let mut heap = Heap::new();
    (0..n).map(|_| heap.alloc(Payload::None)).collect()
}

fn entry(weakref: ObjRef, has_callback: bool) -> WeakRefEntry {
    WeakRefEntry {
        weakref,
        has_callback,
    }
}

/// `first = ref(o, cb1)`, `shared = ref(o)`, `second = ref(o, cb2)`.
#[test]
fn the_shared_reference_first_then_the_newest() {
    let r = objects(3);
    let (first, shared, second) = (r[0], r[1], r[2]);
    let created = [
        entry(first, true),
        entry(shared, false),
        entry(second, true),
    ];
    assert_eq!(
        list_order(&created),
        vec![
            entry(shared, false),
            entry(second, true),
            entry(first, true)
        ]
    );
    assert!(list_order(&[]).is_empty());
}

#[test]
fn only_weakrefs_outside_the_garbage_get_their_callback() {
    let r = objects(4);
    let (object, outside, inside, shared) = (r[0], r[1], r[2], r[3]);
    let weakrefs: HashMap<ObjRef, Vec<WeakRefEntry>> = HashMap::from([(
        object,
        vec![
            entry(shared, false),
            entry(inside, true),
            entry(outside, true),
        ],
    )]);
    let garbage = [object, inside];
    let found = callbacks_to_call(
        &garbage,
        &|o| weakrefs.get(&o).cloned().unwrap_or_default(),
        &|w| garbage.contains(&w),
    );
    assert_eq!(found, vec![outside]);
}

#[test]
fn callbacks_follow_the_garbages_order() {
    let r = objects(6);
    let (a, b, wa1, wa2, wb1, wb2) = (r[0], r[1], r[2], r[3], r[4], r[5]);
    let weakrefs: HashMap<ObjRef, Vec<WeakRefEntry>> = HashMap::from([
        (a, vec![entry(wa2, true), entry(wa1, true)]),
        (b, vec![entry(wb2, true), entry(wb1, true)]),
    ]);
    let found = callbacks_to_call(
        &[b, a],
        &|o| weakrefs.get(&o).cloned().unwrap_or_default(),
        &|_| false,
    );
    assert_eq!(found, vec![wb2, wb1, wa2, wa1]);
}
