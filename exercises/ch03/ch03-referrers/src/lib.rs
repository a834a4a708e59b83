//! # Exercise ch03-referrers: who keeps this object alive?
//!
//! An object's count says how many references exist, not who holds them.
//! This exercise finds them: the names bound to the object, the slots of
//! objects that hold it, the part of its count that neither explains
//! (hidden references), and the shortest chain from a name to it.
//!
//! CPython: `gc.get_referrers` (in `Modules/gcmodule.c`, 3.11) scans every
//! tracked container with its `tp_traverse`; `slots` plays `tp_traverse` here,
//! with a label for each reference.

use ch01_objects::{Heap, ObjRef};
use ch03_names::referrers::slots;
use ch03_names::{Referrer, Scope};

/// Every reference to `target`: the names in `scopes` (scope by scope, in
/// slot order), then the slots of live objects (in heap order, then in
/// `slots` order). A holder with two references to `target` appears twice.
pub fn referrers(heap: &Heap, scopes: &[&Scope], target: ObjRef) -> Vec<Referrer> {
    // TODO: Every name in `scopes` bound to `target`, then every slot of a
    // TODO: live object that holds it, in the order documented above.
    let _ = (heap, scopes, target, slots);
    todo!()
}

/// The part of `target`'s count that no name in `scopes` and no object on
/// the heap explains.
pub fn hidden_references(heap: &Heap, scopes: &[&Scope], target: ObjRef) -> usize {
    // TODO: How much of `target`'s count the referrers do not explain.
    let _ = (heap, scopes, target);
    todo!()
}

/// The shortest chain of references from a name in `scopes` to `target`,
/// name first; `None` if no name reaches it.
pub fn path_to(heap: &Heap, scopes: &[&Scope], target: ObjRef) -> Option<Vec<Referrer>> {
    // TODO: A shortest chain of references from a name to `target`, name
    // TODO: first, found without recursion (a chain may be a million long).
    let _ = (heap, scopes, target);
    todo!()
}
