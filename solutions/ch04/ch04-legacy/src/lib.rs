//! # Exercise ch04-legacy: the garbage a pre-3.4 collector would not free
//!
//! Objects with a `__del__`, and everything they reach, are left alive;
//! the rest of the garbage can be freed. CPython 3.11:
//! `move_legacy_finalizers` and `move_legacy_finalizer_reachable`.

use std::collections::HashSet;

use ch01_objects::{Heap, ObjRef, Payload};
use ch02_refcount::finalizer::{FINALIZER_NAME, class_defines};

/// True for an instance whose class (or a base) defines `__del__`, and for
/// a native object with a finalizer.
pub fn has_legacy_finalizer(heap: &Heap, r: ObjRef) -> bool {
    //~ TODO: An instance whose class defines __del__, or a native object
    //~ TODO: that has a finalizer.
    //~ STUB: let _ = (heap, r, FINALIZER_NAME, class_defines);
    //~ SOLUTION BEGIN
    match heap.payload(r) {
        Payload::Instance(instance) => class_defines(heap, instance.class, FINALIZER_NAME),
        Payload::Native(native) => native.has_finalizer(),
        _ => false,
    }
    //~ SOLUTION END
}

/// Splits `unreachable` into `(collectable, uncollectable)` (see the README
/// for the orders).
pub fn move_legacy_finalizers(heap: &Heap, unreachable: &[ObjRef]) -> (Vec<ObjRef>, Vec<ObjRef>) {
    //~ TODO: The finalizers first, then what they reach in the garbage (a
    //~ TODO: growing work list, no recursion); the rest is collectable.
    //~ STUB: let _ = (heap, unreachable, HashSet::<ObjRef>::new());
    //~ SOLUTION BEGIN
    let mut left: HashSet<ObjRef> = unreachable.iter().copied().collect();
    let mut uncollectable: Vec<ObjRef> = unreachable
        .iter()
        .copied()
        .filter(|&r| has_legacy_finalizer(heap, r))
        .collect();
    for r in &uncollectable {
        left.remove(r);
    }
    let mut next = 0;
    while let Some(&r) = uncollectable.get(next) {
        next += 1;
        heap.payload(r).visit_refs(&mut |target| {
            if left.remove(&target) {
                uncollectable.push(target);
            }
        });
    }
    let collectable = unreachable
        .iter()
        .copied()
        .filter(|r| left.contains(r))
        .collect();
    (collectable, uncollectable)
    //~ SOLUTION END
}
