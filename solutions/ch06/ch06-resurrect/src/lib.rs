//! # Exercise ch06-resurrect: what survives the finalizers
//!
//! CPython 3.11: `handle_resurrected_objects` in `Modules/gcmodule.c`.

use ch01_objects::{Heap, ObjRef};
use ch04_cycles::collector::partition;
use ch04_cycles::unreachable::Partition;
use ch06_finalizers::flags::{is_in_garbage, set_in_garbage};

/// Splits what is left of `garbage` into `(resurrected, still_garbage)` and
/// clears their `IN_GARBAGE` bits.
pub fn handle_resurrected(heap: &mut Heap, garbage: &[ObjRef]) -> (Vec<ObjRef>, Vec<ObjRef>) {
    //~ TODO: What is left of the garbage, unmarked, then trial deletion again.
    //~ STUB: let _ = (heap, garbage, partition, is_in_garbage, set_in_garbage);
    //~ STUB: let _: Option<Partition> = None;
    //~ SOLUTION BEGIN
    let left: Vec<ObjRef> = garbage
        .iter()
        .copied()
        .filter(|&r| heap.try_get(r).is_some_and(|o| is_in_garbage(&o.header)))
        .collect();
    for &r in &left {
        set_in_garbage(&mut heap.get_mut(r).header, false);
    }
    let Partition {
        reachable,
        unreachable,
    } = partition(heap, &left);
    (reachable, unreachable)
    //~ SOLUTION END
}
