//! # Exercise ch02-cascade: decref, and what a dying object lets go of
//!
//! Every object counts the references that point at it. Dropping one is a
//! *decref*: subtract one, and if that was the last reference, free the
//! object. Freeing an object drops every reference it held, which may free
//! those objects too: the *cascade*.
//!
//! The order of the cascade is visible from Python (through `__del__` and
//! weakref callbacks), and CPython 3.11 fixes it type by type in each
//! `tp_dealloc`:
//!
//! - a list or a tuple releases its items from the last to the first
//!   (`list_dealloc` and `tupledealloc` count down);
//! - a dict releases its entries in insertion order, each key before its value;
//! - an instance releases its attributes in insertion order (each name before
//!   its value), then its class (`subtype_dealloc` drops the type last);
//! - a class releases its attributes, then its bases;
//! - a native object releases what `take_refs` hands over, in that order.
//!
//! You write both halves: the order, and the decref that follows it.

use ch01_objects::{Heap, ObjRef, Payload};

/// The references `payload` held, in the order CPython 3.11 releases them.
///
/// The payload is taken by value: the object is being freed, and its
/// references now belong to the caller.
pub fn release_order(payload: Payload) -> Vec<ObjRef> {
    //~ TODO: The references the dying object held, first released first, by
    //~ TODO: the rules of each kind listed at the top of this file.
    //~ STUB: let _ = payload;
    //~ SOLUTION BEGIN
    fn entries(pairs: Vec<(ObjRef, ObjRef)>) -> Vec<ObjRef> {
        pairs.into_iter().flat_map(|(k, v)| [k, v]).collect()
    }
    match payload {
        Payload::None
        | Payload::Bool(_)
        | Payload::Int(_)
        | Payload::Float(_)
        | Payload::Str(_) => Vec::new(),
        Payload::List(items) => items.into_iter().rev().collect(),
        Payload::Tuple(items) => items.iter().rev().copied().collect(),
        Payload::Dict(mut dict) => entries(dict.drain()),
        Payload::Instance(mut instance) => {
            let mut refs = entries(instance.attrs.drain());
            refs.push(instance.class);
            refs
        }
        Payload::Class(mut class) => {
            let mut refs = entries(class.attrs.drain());
            refs.extend(class.bases);
            refs
        }
        Payload::Native(mut native) => {
            let mut refs = Vec::new();
            native.take_refs(&mut refs);
            refs
        }
    }
    //~ SOLUTION END
}

/// Drops one reference to `r`. If it was the last, frees `r` with
/// [`Heap::release`] and drops, in [`release_order`], every reference it
/// held. Each object freed is appended to `freed` at the moment its count
/// reaches zero, before anything it held is released (that is the moment
/// CPython would call its `__del__`). CPython: `Py_DECREF` and `_Py_Dealloc`.
///
/// Recursion is fine here: exercise ch02-trashcan removes it.
///
/// # Panics
/// If `r`'s count is already zero: that is a bug in whoever called `decref`.
pub fn decref(heap: &mut Heap, r: ObjRef, freed: &mut Vec<ObjRef>) {
    //~ TODO: Drop one reference to `r`. If it was the last: record `r` in
    //~ TODO: `freed`, free it, and drop each reference it held, in release order.
    //~ TODO: A count that is already zero is the caller's bug: panic.
    //~ STUB: let _ = (heap, r, freed);
    //~ SOLUTION BEGIN
    let header = &mut heap.get_mut(r).header;
    assert!(header.refcount > 0, "decref of {r:?}, whose count is zero");
    header.refcount -= 1;
    if header.refcount > 0 {
        return;
    }
    freed.push(r);
    let object = heap.release(r);
    for held in release_order(object.payload) {
        decref(heap, held, freed);
    }
    //~ SOLUTION END
}
