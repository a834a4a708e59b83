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
    //~ TODO: Every name in `scopes` bound to `target`, then every slot of a
    //~ TODO: live object that holds it, in the order documented above.
    //~ STUB: let _ = (heap, scopes, target, slots);
    //~ SOLUTION BEGIN
    let mut found = Vec::new();
    for scope in scopes {
        for (name, object) in scope.iter() {
            if object == target {
                found.push(Referrer::Name {
                    scope: scope.name().into(),
                    name: name.into(),
                });
            }
        }
    }
    for (holder, _) in heap.iter() {
        for (slot, referent) in slots(heap, holder) {
            if referent == target {
                found.push(Referrer::Slot { holder, slot });
            }
        }
    }
    found
    //~ SOLUTION END
}

/// The part of `target`'s count that no name in `scopes` and no object on
/// the heap explains.
pub fn hidden_references(heap: &Heap, scopes: &[&Scope], target: ObjRef) -> usize {
    //~ TODO: How much of `target`'s count the referrers do not explain.
    //~ STUB: let _ = (heap, scopes, target);
    //~ SOLUTION BEGIN
    heap.refcount(target)
        .saturating_sub(referrers(heap, scopes, target).len())
    //~ SOLUTION END
}

/// The shortest chain of references from a name in `scopes` to `target`,
/// name first; `None` if no name reaches it.
pub fn path_to(heap: &Heap, scopes: &[&Scope], target: ObjRef) -> Option<Vec<Referrer>> {
    //~ TODO: A shortest chain of references from a name to `target`, name
    //~ TODO: first, found without recursion (a chain may be a million long).
    //~ STUB: let _ = (heap, scopes, target);
    //~ SOLUTION BEGIN
    use std::collections::hash_map::Entry;
    use std::collections::{HashMap, VecDeque};

    let mut reached_by: HashMap<ObjRef, Referrer> = HashMap::new();
    let mut queue = VecDeque::new();
    let mut reach = |object: ObjRef, how: Referrer, queue: &mut VecDeque<ObjRef>| {
        if let Entry::Vacant(entry) = reached_by.entry(object) {
            entry.insert(how);
            queue.push_back(object);
        }
    };
    for scope in scopes {
        for (name, object) in scope.iter() {
            let how = Referrer::Name {
                scope: scope.name().into(),
                name: name.into(),
            };
            reach(object, how, &mut queue);
        }
    }
    while let Some(holder) = queue.pop_front() {
        if holder == target {
            let mut chain = Vec::new();
            let mut object = target;
            loop {
                let step = reached_by[&object].clone();
                let next = match &step {
                    Referrer::Slot { holder, .. } => Some(*holder),
                    Referrer::Name { .. } => None,
                };
                chain.push(step);
                match next {
                    Some(holder) => object = holder,
                    None => break,
                }
            }
            chain.reverse();
            return Some(chain);
        }
        for (slot, referent) in slots(heap, holder) {
            reach(referent, Referrer::Slot { holder, slot }, &mut queue);
        }
    }
    None
    //~ SOLUTION END
}
