//! Who refers to an object: every name and every container slot, labelled.
//!
//! `gc.get_referrers(x)` answers "which objects hold `x`?" by asking every
//! container the collector tracks whether it refers to `x`. It lists
//! objects, not *where* in them, and it never lists names, because module
//! globals live in a dict and function locals in frames. [`referrers`] does
//! both: it scans the scopes it is given and every live object, and says
//! which slot holds the reference (list index, dict key, attribute, frame
//! local...). [`path_to`] then answers the follow-up question, "and how does
//! the program reach that?", with the shortest chain of references from a
//! name to the object.
//!
//! [`slots`] is the labelled twin of `Payload::visit_refs`: the same
//! references, in the same order, each with its place. Both walks here are
//! loops over an explicit queue, so a chain of a million objects costs no
//! stack.

#[cfg(feature = "reference")]
use std::collections::hash_map::Entry;
#[cfg(feature = "reference")]
use std::collections::{HashMap, VecDeque};

use ch01_objects::{Heap, ObjRef, Payload};
use ch02_refcount::event::describe_object;

use crate::containers::repr;
use crate::frame::{FrameObject, Traceback};
#[cfg(feature = "reference")]
use crate::scope::Scope;

// ANCHOR: referrer
/// One place that holds a reference to an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Referrer {
    /// A name bound in a scope.
    Name {
        /// The scope's name: `<module>` or a function's.
        scope: Box<str>,
        /// The name.
        name: Box<str>,
    },
    /// A slot of an object on the heap.
    Slot {
        /// The object holding the reference.
        holder: ObjRef,
        /// Where in it.
        slot: Slot,
    },
}

/// Where inside its holder a reference sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// `items[i]` of a list.
    ListIndex(usize),
    /// `items[i]` of a tuple.
    TupleIndex(usize),
    /// A key of a dict (the key object itself).
    DictKey,
    /// The value stored under a dict key; the key object.
    DictValue(ObjRef),
    /// The value of an attribute of an instance or a class.
    Attribute(Box<str>),
    /// The name of an attribute (the key string of its entry).
    AttributeName(Box<str>),
    /// An instance's class (`type(obj)`).
    Class,
    /// A class's `i`-th base.
    Base(usize),
    /// A local of a frame that outlived its call.
    FrameLocal(Box<str>),
    /// A traceback's next entry. CPython: `tb_next`.
    TracebackNext,
    /// A traceback's frame. CPython: `tb_frame`.
    TracebackFrame,
    /// The `i`-th reference of a native object this crate does not know.
    Native(usize),
}
// ANCHOR_END: referrer

impl Referrer {
    /// One line for the book: `name b in <module>`, `#5 list, index 0`.
    pub fn describe(&self, heap: &Heap) -> String {
        match self {
            Referrer::Name { scope, name } => format!("name {name} in {scope}"),
            Referrer::Slot { holder, slot } => {
                let place = match slot {
                    Slot::ListIndex(i) | Slot::TupleIndex(i) => format!("index {i}"),
                    Slot::DictKey => "a key".into(),
                    Slot::DictValue(key) => format!("value of key {}", repr(heap, *key)),
                    Slot::Attribute(name) => format!("attribute {name}"),
                    Slot::AttributeName(name) => format!("the name of attribute {name}"),
                    Slot::Class => "its class".into(),
                    Slot::Base(i) => format!("base {i}"),
                    Slot::FrameLocal(name) => format!("local {name}"),
                    Slot::TracebackNext => "tb_next".into(),
                    Slot::TracebackFrame => "tb_frame".into(),
                    Slot::Native(i) => format!("reference {i}"),
                };
                format!("{}, {place}", describe_holder(heap, *holder))
            }
        }
    }
}

/// `#12 frame of k`, `#5 list`.
fn describe_holder(heap: &Heap, holder: ObjRef) -> String {
    let described = describe_object(heap, holder);
    match frame_object(heap, holder) {
        Some(frame) => format!("{described} of {}", frame.function),
        None => described,
    }
}

fn frame_object(heap: &Heap, r: ObjRef) -> Option<&FrameObject> {
    match heap.try_get(r).map(|o| &o.payload) {
        Some(Payload::Native(native)) => native.as_any().downcast_ref(),
        _ => None,
    }
}

// ANCHOR: slots
/// Every reference `holder` holds, with its place, in `visit_refs` order.
pub fn slots(heap: &Heap, holder: ObjRef) -> Vec<(Slot, ObjRef)> {
    let attributes = |attrs: &mut dyn Iterator<Item = (ObjRef, ObjRef)>| {
        let mut out = Vec::new();
        for (key, value) in attrs {
            let name: Box<str> = match heap.payload(key) {
                Payload::Str(s) => Box::from(s.as_str()),
                _ => repr(heap, key),
            };
            out.push((Slot::AttributeName(name.clone()), key));
            out.push((Slot::Attribute(name), value));
        }
        out
    };
    match heap.payload(holder) {
        Payload::List(items) => labelled(items, Slot::ListIndex),
        Payload::Tuple(items) => labelled(items, Slot::TupleIndex),
        Payload::Dict(dict) => dict
            .iter()
            .flat_map(|(key, value)| [(Slot::DictKey, key), (Slot::DictValue(key), value)])
            .collect(),
        Payload::Instance(instance) => {
            let mut out = vec![(Slot::Class, instance.class)];
            out.extend(attributes(&mut instance.attrs.iter()));
            out
        }
        Payload::Class(class) => {
            let mut out = labelled(&class.bases, Slot::Base);
            out.extend(attributes(&mut class.attrs.iter()));
            out
        }
        Payload::Native(native) => native_slots(&**native),
        Payload::None
        | Payload::Bool(_)
        | Payload::Int(_)
        | Payload::Float(_)
        | Payload::Str(_) => Vec::new(),
    }
}
// ANCHOR_END: slots

fn labelled(items: &[ObjRef], slot: fn(usize) -> Slot) -> Vec<(Slot, ObjRef)> {
    items
        .iter()
        .enumerate()
        .map(|(i, &r)| (slot(i), r))
        .collect()
}

fn native_slots(native: &dyn ch01_objects::NativeObject) -> Vec<(Slot, ObjRef)> {
    if let Some(frame) = native.as_any().downcast_ref::<FrameObject>() {
        return frame
            .locals
            .iter()
            .filter_map(|(name, r)| r.map(|r| (Slot::FrameLocal(name.clone()), r)))
            .collect();
    }
    if let Some(traceback) = native.as_any().downcast_ref::<Traceback>() {
        let next = traceback.next.map(|r| (Slot::TracebackNext, r));
        let frame = traceback.frame.map(|r| (Slot::TracebackFrame, r));
        return next.into_iter().chain(frame).collect();
    }
    let mut refs = Vec::new();
    native.visit_refs(&mut |r| refs.push(r));
    labelled(&refs, Slot::Native)
}

#[cfg(feature = "reference")]
/// Every name in `scopes` bound to `target`, in scope order.
fn names_of(scopes: &[&Scope], target: ObjRef) -> Vec<Referrer> {
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
    found
}

#[cfg(feature = "reference")]
// ANCHOR: referrers
/// Every reference to `target`: names in `scopes` first, then slots of live
/// objects in slot order. An object holding `target` twice is listed twice.
/// CPython: `gc.get_referrers(target)`, plus the names and the places.
pub fn referrers(heap: &Heap, scopes: &[&Scope], target: ObjRef) -> Vec<Referrer> {
    let mut found = names_of(scopes, target);
    for (holder, _) in heap.iter() {
        for (slot, referent) in slots(heap, holder) {
            if referent == target {
                found.push(Referrer::Slot { holder, slot });
            }
        }
    }
    found
}
// ANCHOR_END: referrers

#[cfg(feature = "reference")]
// ANCHOR: path_to
/// The shortest chain of references from a name in `scopes` to `target`:
/// the name first, then each slot followed, the last one holding `target`.
/// `None` if no name reaches it (garbage, or kept only by hidden references).
pub fn path_to(heap: &Heap, scopes: &[&Scope], target: ObjRef) -> Option<Vec<Referrer>> {
    // How each object was first reached; breadth first, so by a shortest chain.
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
            let name = Referrer::Name {
                scope: scope.name().into(),
                name: name.into(),
            };
            reach(object, name, &mut queue);
        }
    }
    while let Some(holder) = queue.pop_front() {
        if holder == target {
            return Some(chain_back(&reached_by, target));
        }
        for (slot, referent) in slots(heap, holder) {
            reach(referent, Referrer::Slot { holder, slot }, &mut queue);
        }
    }
    None
}

#[cfg(feature = "reference")]
/// Follows `reached_by` from `target` back to a name; returns the chain name first.
fn chain_back(reached_by: &HashMap<ObjRef, Referrer>, target: ObjRef) -> Vec<Referrer> {
    let mut chain = Vec::new();
    let mut object = target;
    loop {
        let step = reached_by[&object].clone();
        let holder = match &step {
            Referrer::Slot { holder, .. } => Some(*holder),
            Referrer::Name { .. } => None,
        };
        chain.push(step);
        match holder {
            Some(holder) => object = holder,
            None => break,
        }
    }
    chain.reverse();
    chain
}
// ANCHOR_END: path_to

#[cfg(test)]
mod tests {
    use super::*;
    use ch01_objects::Dict;
    use ch01_objects::object::{Class, Instance};

    /// `slots` reports exactly the references `visit_refs` does, in its order.
    #[test]
    fn slots_agree_with_visit_refs_for_every_kind() {
        let mut heap = Heap::new();
        let one = heap.alloc(Payload::Int(1));
        let key = heap.alloc(Payload::Str("k".into()));
        let mut entries = Dict::new();
        entries.insert(heap.dict_key(key).expect("hashable"), key, one);
        let class = heap.alloc(Payload::Class(Box::new(Class {
            name: "C".into(),
            bases: vec![],
            attrs: Dict::new(),
        })));
        let objects = [
            heap.alloc(Payload::list(vec![one, one])),
            heap.alloc(Payload::tuple([one])),
            heap.alloc(Payload::Dict(Box::new(entries))),
            heap.alloc(Payload::Instance(Instance::new(class, Dict::new().into()))),
            heap.alloc(Payload::native(FrameObject {
                function: "f".into(),
                locals: vec![("a".into(), Some(one)), ("b".into(), None)],
            })),
        ];
        for object in objects {
            let labelled: Vec<ObjRef> = slots(&heap, object).into_iter().map(|(_, r)| r).collect();
            assert_eq!(labelled, heap.payload(object).refs(), "{object:?}");
        }
    }
}
