//! # Exercise ch06-claim: the finalizers a collection runs
//!
//! CPython 3.11: `finalize_garbage` in `Modules/gcmodule.c`.

use ch01_objects::{Heap, ObjRef};
use ch02_refcount::finalizer::needs_finalizer;
use ch02_refcount::flags::set_finalized;
use ch06_finalizers::flags::is_in_garbage;

/// True if `r`'s `__del__` must run now: alive, still in the garbage, and
/// not finalized before. Marks it finalized.
pub fn claim(heap: &mut Heap, r: ObjRef) -> bool {
    //~ TODO: Alive, still marked as garbage, and a __del__ that has not run?
    //~ TODO: Then mark it finalized.
    //~ STUB: let _ = (heap, r, needs_finalizer, set_finalized, is_in_garbage);
    //~ SOLUTION BEGIN
    let still_garbage = heap
        .try_get(r)
        .is_some_and(|object| is_in_garbage(&object.header));
    if !still_garbage || !needs_finalizer(heap, r) {
        return false;
    }
    set_finalized(&mut heap.get_mut(r).header);
    true
    //~ SOLUTION END
}
