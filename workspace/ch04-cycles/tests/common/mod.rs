//! Small object graphs built by hand on a [`CyclesStage`].

#![allow(dead_code)] // each test file uses a different part

use ch01_objects::{ObjRef, Payload};
use ch02_refcount::MemoryManager;
use ch04_cycles::CyclesStage;

/// A new empty list; the caller owns its one reference.
pub fn list(stage: &mut CyclesStage) -> ObjRef {
    stage.alloc(Payload::list(Vec::new()))
}

/// `from.append(to)`: the list gains a counted reference to `to`.
pub fn append(stage: &mut CyclesStage, from: ObjRef, to: ObjRef) {
    stage.incref(to);
    let Payload::List(items) = &mut MemoryManager::heap_mut(stage).get_mut(from).payload else {
        panic!("{from:?} is not a list");
    };
    items.push(to);
}

/// Drops a reference the test holds, freeing what that leaves unreferenced.
pub fn release(stage: &mut CyclesStage, r: ObjRef) {
    stage.refcount_heap().decref(r);
}

/// True if `r` is still alive.
pub fn alive(stage: &CyclesStage, r: ObjRef) -> bool {
    MemoryManager::heap(stage).is_live(r)
}
