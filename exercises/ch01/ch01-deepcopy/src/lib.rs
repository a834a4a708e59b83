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
    // TODO: The copy of `x` by CPython 3.11's rules (at the top of this
    // TODO: file): shared objects copied once, cycles kept, atoms and
    // TODO: tuples of atoms not copied at all.
    let _ = (heap, x, memo);
    todo!()
}
