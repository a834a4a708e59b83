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
    // TODO: An instance whose class defines __del__, or a native object
    // TODO: that has a finalizer.
    let _ = (heap, r, FINALIZER_NAME, class_defines);
    todo!()
}

/// Splits `unreachable` into `(collectable, uncollectable)` (see the README
/// for the orders).
pub fn move_legacy_finalizers(heap: &Heap, unreachable: &[ObjRef]) -> (Vec<ObjRef>, Vec<ObjRef>) {
    // TODO: The finalizers first, then what they reach in the garbage (a
    // TODO: growing work list, no recursion); the rest is collectable.
    let _ = (heap, unreachable, HashSet::<ObjRef>::new());
    todo!()
}
