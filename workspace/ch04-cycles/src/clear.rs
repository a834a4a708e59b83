//! Breaking a cycle: an unreachable object drops the references it holds,
//! and reference counting does the rest. CPython: each type's `tp_clear`.
//!
//! Clearing leaves the object alive but empty: a list with no items, an
//! instance with no attributes. Once every cycle through it is cut, the
//! counts of the objects in it fall to zero and chapter 2's cascade frees
//! them, in its usual order.
//!
//! What each kind lets go of, and what it keeps:
//! - a list: its items, last first (`_list_clear`);
//! - a tuple: nothing. CPython's tuples have no `tp_clear`: Python code
//!   cannot close a cycle through tuples alone (a tuple's items are fixed
//!   before anyone can refer to it), so another object in the cycle always
//!   breaks it, and the tuple is freed when that object lets go;
//! - a dict: its entries, key then value, in insertion order (`dict_tp_clear`);
//! - an instance: its attributes, not its class (`subtype_clear` leaves the
//!   type alone: `tp_dealloc` still needs it);
//! - a class: its attributes, not its bases (a class cannot reach itself
//!   through its bases, so no cycle needs them cut);
//! - a native object: whatever its `take_refs` hands over.

use ch01_objects::{ObjRef, Payload};

// ANCHOR: take_references
/// Empties `payload` of the references it can give up, first to be released
/// first. CPython: the type's `tp_clear`.
pub fn take_references(payload: &mut Payload) -> Vec<ObjRef> {
    match payload {
        Payload::None
        | Payload::Bool(_)
        | Payload::Int(_)
        | Payload::Float(_)
        | Payload::Str(_)
        | Payload::Tuple(_) => Vec::new(),
        Payload::List(items) => std::mem::take(items).into_iter().rev().collect(),
        Payload::Dict(dict) => entries(dict.drain()),
        Payload::Instance(instance) => entries(instance.attrs.drain()),
        Payload::Class(class) => entries(class.attrs.drain()),
        Payload::Native(native) => {
            let mut refs = Vec::new();
            native.take_refs(&mut refs);
            refs
        }
    }
}
// ANCHOR_END: take_references

fn entries(drained: Vec<(ObjRef, ObjRef)>) -> Vec<ObjRef> {
    drained
        .into_iter()
        .flat_map(|(key, value)| [key, value])
        .collect()
}
