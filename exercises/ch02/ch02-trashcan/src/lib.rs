//! # Exercise ch02-trashcan: a cascade that cannot overflow the stack
//!
//! A recursive decref (decref → free → decref of each item → ...) uses one
//! call frame per level of nesting. `x = None` then a million times
//! `x = [x]` builds a chain a million lists deep, and dropping `x` frees
//! them all in one cascade: a million nested calls, far more than a thread's
//! stack holds.
//!
//! CPython 3.11 guards its C stack with the *trashcan*
//! (`Py_TRASHCAN_BEGIN`/`END` in `Include/cpython/object.h`): past 50 nested
//! deallocations it parks the object on a list and frees it once the stack
//! has unwound. You go one step further, like `ch02-refcount` does: no
//! recursion at all. The references whose decref is still to do wait on an
//! explicit stack (a `Vec`), and a loop works through them.

use ch01_objects::{Heap, ObjRef};
use ch02_refcount::dealloc::release_order;

/// What one [`decref`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Cascade {
    /// The objects freed, in the order their counts reached zero.
    pub freed: Vec<ObjRef>,
    /// The most references that were ever waiting on the stack at once.
    pub peak_pending: usize,
}

/// Drops one reference to `r` and frees everything that leaves unreferenced,
/// in exactly the order a recursive decref would ([`release_order`] for each
/// object freed, which is CPython 3.11's order while the nesting stays under
/// the trashcan's 50 levels), without recursion.
/// CPython: `Py_DECREF` with the trashcan.
pub fn decref(heap: &mut Heap, r: ObjRef) -> Cascade {
    // TODO: The cascade of exercise ch02-cascade, freeing in the same order,
    // TODO: with the decrefs still to do waiting on a `Vec` instead of the call
    // TODO: stack; and the most of them that ever waited at once.
    let _ = (heap, r, release_order);
    todo!()
}
