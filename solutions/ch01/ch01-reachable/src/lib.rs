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
    //~ TODO: Every object the roots reach through `visit_refs`, each once, the
    //~ TODO: roots included; cycles must end the walk, and a chain 100,000 lists
    //~ TODO: deep must not overflow the stack.
    //~ STUB: let _ = (heap, roots);
    //~ SOLUTION BEGIN
    let mut found = BTreeSet::new();
    let mut pending = Vec::new();
    for &root in roots {
        if found.insert(root) {
            pending.push(root);
        }
    }
    while let Some(object) = pending.pop() {
        heap.payload(object).visit_refs(&mut |referent| {
            if found.insert(referent) {
                pending.push(referent);
            }
        });
    }
    found
    //~ SOLUTION END
}

/// The objects the names in `names` are bound to, in binding order.
pub fn roots(names: &Namespace) -> Vec<ObjRef> {
    names.iter().map(|(_, object)| object).collect()
}

/// The live objects on the heap that no name in `names` can reach, in slot
/// order: what a heap that frees garbage would have freed.
pub fn garbage(heap: &Heap, names: &Namespace) -> Vec<ObjRef> {
    //~ TODO: The live objects, in slot order, that no name's object reaches.
    //~ STUB: let _ = (heap, names);
    //~ SOLUTION BEGIN
    let reachable = reachable_from(heap, &roots(names));
    heap.iter()
        .map(|(object, _)| object)
        .filter(|object| !reachable.contains(object))
        .collect()
    //~ SOLUTION END
}
