//! # Exercise ch01-deepcopy: copying a graph of objects
//!
//! `copy.deepcopy(x)` copies `x` and everything it refers to, and the
//! result must be a graph of the same shape: an object reached twice is
//! copied once and reached twice in the copy, and a cycle stays a cycle.
//! What makes that work is the *memo*, a table from each object already
//! copied (by identity, not equality) to its copy. And not everything is
//! copied: an immutable object that refers to nothing mutable can be shared
//! with the copy, because no one can tell the difference.
//!
//! CPython 3.11's rules, from `Lib/copy.py`:
//!
//! - `None`, numbers, strings and classes are *atomic*: `deepcopy` returns
//!   the object itself and does not memoize it (`_deepcopy_atomic`);
//! - a list or a dict is created empty, memoized, and only then filled with
//!   the copies of its items (a dict's keys are copied too), so that an item
//!   leading back to it finds the copy in the memo (`_deepcopy_list`,
//!   `_deepcopy_dict`);
//! - an instance is created with the same class, memoized, then given the
//!   copies of its attributes (`_reconstruct`);
//! - a tuple copies its items first. If that copied the tuple itself (a
//!   cycle through a list), the memo already holds the copy: return it.
//!   Otherwise, if every item copy *is* the item, the tuple is returned
//!   itself, and not memoized; else a new tuple of the copies is
//!   (`_deepcopy_tuple`);
//! - native objects (functions...) are returned themselves, as CPython does
//!   for functions.

use std::collections::HashMap;

use ch01_objects::{Heap, ObjRef};

/// Objects already copied, by identity, and their copies. CPython: the
/// `memo` dict, keyed by `id(x)`.
pub type Memo = HashMap<ObjRef, ObjRef>;

/// `copy.deepcopy(x)`: the root of a copy of everything `x` reaches.
pub fn deepcopy(heap: &mut Heap, x: ObjRef) -> ObjRef {
    deepcopy_with(heap, x, &mut Memo::new())
}

/// `copy.deepcopy(x, memo)`: copies `x`, reusing and extending `memo`.
/// Afterwards `memo` maps every object that was copied (not those returned
/// themselves) to its copy. Chapter 1's heap does not keep counts, so the
/// copies' counts do not matter here.
pub fn deepcopy_with(heap: &mut Heap, x: ObjRef, memo: &mut Memo) -> ObjRef {
    //~ TODO: The copy of `x` by CPython 3.11's rules (at the top of this
    //~ TODO: file): shared objects copied once, cycles kept, atoms and
    //~ TODO: tuples of atoms not copied at all.
    //~ STUB: let _ = (heap, x, memo);
    //~ SOLUTION BEGIN
    use ch01_objects::object::Instance;
    use ch01_objects::{Dict, Payload};

    if let Some(&copy) = memo.get(&x) {
        return copy;
    }
    // Each arm copies the references it needs first: the copies are made on
    // the same heap, which cannot be borrowed while they are.
    match heap.payload(x) {
        Payload::None
        | Payload::Bool(_)
        | Payload::Int(_)
        | Payload::Float(_)
        | Payload::Str(_)
        | Payload::Class(_)
        | Payload::Native(_) => x,
        Payload::List(items) => {
            let items = items.clone();
            let copy = heap.alloc(Payload::list(Vec::with_capacity(items.len())));
            memo.insert(x, copy);
            for item in items {
                let item = deepcopy_with(heap, item, memo);
                if let Payload::List(copied) = &mut heap.get_mut(copy).payload {
                    copied.push(item);
                }
            }
            copy
        }
        Payload::Dict(dict) => {
            let entries: Vec<(ObjRef, ObjRef)> = dict.iter().collect();
            let copy = heap.alloc(Payload::Dict(Box::new(Dict::new())));
            memo.insert(x, copy);
            for (key, value) in entries {
                let (key, value) = (
                    deepcopy_with(heap, key, memo),
                    deepcopy_with(heap, value, memo),
                );
                let hashed = heap
                    .dict_key(key)
                    .expect("a copied key is as hashable as its original");
                if let Payload::Dict(copied) = &mut heap.get_mut(copy).payload {
                    copied.insert(hashed, key, value);
                }
            }
            copy
        }
        Payload::Instance(instance) => {
            let class = instance.class;
            let attrs: Vec<(ObjRef, ObjRef)> = instance.attrs.iter().collect();
            let copy = heap.alloc(Payload::Instance(Instance::new(class, Dict::new().into())));
            memo.insert(x, copy);
            for (name, value) in attrs {
                let (name, value) = (
                    deepcopy_with(heap, name, memo),
                    deepcopy_with(heap, value, memo),
                );
                let hashed = heap.dict_key(name).expect("attribute names are strings");
                if let Payload::Instance(copied) = &mut heap.get_mut(copy).payload
                    && let Some(attrs) = copied.attrs.dict_mut()
                {
                    attrs.insert(hashed, name, value);
                }
            }
            copy
        }
        Payload::Tuple(items) => {
            let items = items.clone();
            let copies: Vec<ObjRef> = items
                .iter()
                .map(|&item| deepcopy_with(heap, item, memo))
                .collect();
            if let Some(&copy) = memo.get(&x) {
                return copy; // copying the items went round a cycle back to x
            }
            if copies == items.as_ref() {
                return x;
            }
            let copy = heap.alloc(Payload::Tuple(copies.into()));
            memo.insert(x, copy);
            copy
        }
    }
    //~ SOLUTION END
}
