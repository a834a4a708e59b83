//! What survives the finalizers. CPython 3.11: `handle_resurrected_objects`.
//!
//! A `__del__` can store its object (or anything of the garbage) somewhere
//! reachable: the object is *resurrected*, and so is everything it reaches.
//! Rather than watch every store, the collector runs trial deletion again
//! on what is left of the garbage: what something outside it now holds is
//! alive and goes to the older generation; the rest is still garbage and
//! is freed.

use ch01_objects::{Heap, ObjRef};
use ch04_cycles::collector::partition;
use ch04_cycles::unreachable::Partition;

use crate::flags;

// ANCHOR: handle_resurrected
/// Splits what is left of `garbage` (its members still alive and still
/// marked) into the resurrected (first list, to be kept) and the still
/// unreachable (second list, to be freed), and clears their marks.
pub fn handle_resurrected(heap: &mut Heap, garbage: &[ObjRef]) -> (Vec<ObjRef>, Vec<ObjRef>) {
    let left: Vec<ObjRef> = garbage
        .iter()
        .copied()
        .filter(|&r| {
            heap.try_get(r)
                .is_some_and(|object| flags::is_in_garbage(&object.header))
        })
        .collect();
    for &r in &left {
        flags::set_in_garbage(&mut heap.get_mut(r).header, false);
    }
    let Partition {
        reachable,
        unreachable,
    } = partition(heap, &left);
    (reachable, unreachable)
}
// ANCHOR_END: handle_resurrected

/// Marks every object of `garbage` as part of the collection under way.
pub fn mark_garbage(heap: &mut Heap, garbage: &[ObjRef]) {
    for &r in garbage {
        flags::set_in_garbage(&mut heap.get_mut(r).header, true);
    }
}
