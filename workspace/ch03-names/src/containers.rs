//! `del` of a list item, a dict entry or an attribute: the container drops
//! the reference it held, and that is all.
//!
//! A container holds counted references exactly as a name does, so deleting
//! from it is the same rule as `del name`: remove, then decref. What is
//! released, and in which order, is CPython 3.11's:
//! - `del items[i]`: the item (`list_ass_slice`);
//! - `del d[k]`: the stored key object, then the value (`delitem_common`);
//!   the key used for the lookup is the caller's and is not touched;
//! - `del obj.name`: the attribute's entry, key then value. (CPython 3.11
//!   keeps an instance's attribute names in keys shared by the class, so
//!   only the value's release can be observed there.)
//!
//! The entry is out of the container before any decref: a `__del__` that
//! runs because of it sees the container without it.

use ch01_objects::{DictKey, Heap, ObjRef, Payload};

use crate::counter::Counter;
use crate::error::DelError;

// ANCHOR: delete_item
/// `del container[key]` for a list or a dict.
pub fn delete_item(
    counter: &mut dyn Counter,
    container: ObjRef,
    key: ObjRef,
) -> Result<(), DelError> {
    let released = match &counter.heap().payload(container) {
        Payload::List(items) => {
            let index = list_index(counter.heap(), key, items.len())?;
            let Payload::List(items) = &mut counter.heap_mut().get_mut(container).payload else {
                unreachable!("checked above");
            };
            vec![items.remove(index)]
        }
        Payload::Dict(_) => {
            let lookup = hashable(counter.heap(), key)?;
            let Payload::Dict(dict) = &mut counter.heap_mut().get_mut(container).payload else {
                unreachable!("checked above");
            };
            let (key_object, value) = dict
                .remove(&lookup)
                .ok_or_else(|| DelError::KeyError(repr(counter.heap(), key)))?;
            vec![key_object, value]
        }
        _ => {
            let type_name = type_name(counter.heap(), container);
            return Err(DelError::TypeError(
                format!("'{type_name}' object doesn't support item deletion").into(),
            ));
        }
    };
    released.into_iter().for_each(|r| counter.decref(r));
    Ok(())
}
// ANCHOR_END: delete_item

// ANCHOR: delete_attribute
/// `del object.name` for an instance or a class.
pub fn delete_attribute(
    counter: &mut dyn Counter,
    object: ObjRef,
    name: &str,
) -> Result<(), DelError> {
    let owner = match counter.heap().payload(object) {
        Payload::Class(class) => format!("type object '{}'", class.name),
        _ => format!("'{}' object", type_name(counter.heap(), object)),
    };
    let key = DictKey::Str(name.into());
    // An instance's values array is found by its key objects: the class's
    // shared keys are the interpreter's, not this crate's.
    let key_object =
        match counter.heap().payload(object) {
            Payload::Instance(instance) => instance.attrs.iter().map(|(k, _)| k).find(
                |&k| matches!(counter.heap().payload(k), Payload::Str(text) if **text == *name),
            ),
            _ => None,
        };
    let removed = match &mut counter.heap_mut().get_mut(object).payload {
        Payload::Instance(instance) => key_object.and_then(|k| instance.attrs.remove_key(k, &key)),
        Payload::Class(class) => class.attrs.remove(&key),
        _ => None,
    };
    let (key_object, value) = removed.ok_or_else(|| DelError::AttributeError {
        owner: owner.into(),
        name: name.into(),
    })?;
    counter.decref(key_object);
    counter.decref(value);
    Ok(())
}
// ANCHOR_END: delete_attribute

/// The list position `key` names (negative counts from the end).
fn list_index(heap: &Heap, key: ObjRef, len: usize) -> Result<usize, DelError> {
    let index = match heap.payload(key) {
        Payload::Int(n) => *n,
        Payload::Bool(b) => i64::from(*b),
        _ => {
            let type_name = type_name(heap, key);
            return Err(DelError::TypeError(
                format!("list indices must be integers or slices, not {type_name}").into(),
            ));
        }
    };
    let len = i64::try_from(len).expect("a list shorter than 2^63");
    let index = if index < 0 { index + len } else { index };
    if (0..len).contains(&index) {
        Ok(index as usize)
    } else {
        Err(DelError::IndexError)
    }
}

fn hashable(heap: &Heap, key: ObjRef) -> Result<DictKey, DelError> {
    heap.dict_key(key).ok_or_else(|| {
        DelError::TypeError(format!("unhashable type: '{}'", type_name(heap, key)).into())
    })
}

/// `type(r).__name__`.
pub(crate) fn type_name(heap: &Heap, r: ObjRef) -> String {
    match heap.payload(r) {
        Payload::Instance(instance) => match heap.try_get(instance.class).map(|o| &o.payload) {
            Some(Payload::Class(class)) => class.name.to_string(),
            _ => "object".into(),
        },
        payload => payload.type_name().unwrap_or("object").into(),
    }
}

/// `repr(r)` for the keys a `KeyError` usually shows; others by type and slot.
pub(crate) fn repr(heap: &Heap, r: ObjRef) -> Box<str> {
    match heap.payload(r) {
        Payload::None => "None".into(),
        Payload::Bool(b) => if *b { "True" } else { "False" }.into(),
        Payload::Int(n) => n.to_string().into(),
        Payload::Float(x) => format!("{x:?}").into(),
        Payload::Str(s) if !s.contains('\'') => format!("'{s}'").into(),
        Payload::Str(s) => format!("{s:?}").into(),
        _ => format!("<{} object {r:?}>", type_name(heap, r)).into(),
    }
}
