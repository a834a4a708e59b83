//! What freeing one object releases, and in which order.
//!
//! Each CPython type's `tp_dealloc` drops the references its object holds in
//! its own order, and `__del__` output shows that order:
//! - `list_dealloc` and `tupledealloc` go from the last item to the first
//!   (`while (--i >= 0) Py_XDECREF(op->ob_item[i])`);
//! - a dict releases its entries in insertion order, key then value;
//! - an instance releases its attributes (in insertion order, or in its
//!   class's shared-key order when the interpreter gave them slots: see
//!   `ch01_objects::Attrs`) and then its class (`subtype_dealloc` drops
//!   the type last);
//! - a class releases its attributes, then its bases;
//! - a native object releases what its `take_refs` hands over, in that order.
//!
//! The heap's pending work is a stack, so it pushes them in the reverse of
//! the order they must be released in.

use ch01_objects::{ObjRef, Payload};

// ANCHOR: release_order
/// The references `payload` held, first to be released first.
pub fn release_order(payload: Payload) -> Vec<ObjRef> {
    match payload {
        Payload::None
        | Payload::Bool(_)
        | Payload::Int(_)
        | Payload::Float(_)
        | Payload::Str(_) => Vec::new(),
        Payload::List(items) => items.into_iter().rev().collect(),
        Payload::Tuple(items) => items.iter().rev().copied().collect(),
        Payload::Dict(mut dict) => entries_in_order(dict.drain()),
        Payload::Instance(mut instance) => {
            let mut refs = entries_in_order(instance.attrs.drain());
            refs.push(instance.class);
            refs
        }
        Payload::Class(mut class) => {
            let mut refs = entries_in_order(class.attrs.drain());
            refs.extend(class.bases);
            refs
        }
        Payload::Native(mut native) => {
            let mut refs = Vec::new();
            native.take_refs(&mut refs);
            refs
        }
    }
}
// ANCHOR_END: release_order

fn entries_in_order(entries: Vec<(ObjRef, ObjRef)>) -> Vec<ObjRef> {
    entries
        .into_iter()
        .flat_map(|(key, value)| [key, value])
        .collect()
}
