//! # Exercise ch01-reachable: what a program can still reach
//!
//! A running program can only use an object it can get to: from a name, and
//! from there through references held by objects (a list's items, a dict's
//! keys and values, an instance's attributes...). Everything else on the heap
//! is garbage: no line of the program can ever touch it again. Chapter 1's
//! heap keeps garbage forever; chapters 2 and 4 free it.
//!
//! You write the walk that finds everything reachable from a set of roots,
//! the heart of every tracing collector (CPython's cycle collector does the
//! same walk in `move_unreachable`, in `Modules/gcmodule.c`), and use it to
//! list the garbage chapter 1's heap is holding.

use std::collections::BTreeSet;

use ch01_objects::{Heap, Namespace, ObjRef};

/// Every object reachable from `roots`, the roots included.
///
/// Each object appears once however many paths lead to it, and the walk ends
/// even when objects refer to each other in a cycle. It must not recurse: a
/// chain of 100,000 nested lists would overflow the stack.
pub fn reachable_from(heap: &Heap, roots: &[ObjRef]) -> BTreeSet<ObjRef> {
    // TODO: Keep a set of objects already found and a stack (a `Vec`) of found
    // TODO: objects whose references you have not looked at yet. Start with the
    // TODO: roots; pop one object at a time and push each newly found referent.
    let _ = (heap, roots);
    todo!()
}

/// The objects the names in `names` are bound to, in binding order.
pub fn roots(names: &Namespace) -> Vec<ObjRef> {
    names.iter().map(|(_, object)| object).collect()
}

/// The live objects on the heap that no name in `names` can reach, in slot
/// order: what a heap that frees garbage would have freed.
pub fn garbage(heap: &Heap, names: &Namespace) -> Vec<ObjRef> {
    // TODO: Walk from the names' objects, then keep the live objects the walk
    // TODO: did not find. `Heap::iter` lists the live objects in slot order.
    let _ = (heap, names);
    todo!()
}
