//! # Exercise ch05-freeze: the permanent generation
//!
//! CPython 3.11: `gc_freeze_impl`, `gc_unfreeze_impl`,
//! `gc_get_freeze_count_impl` in `Modules/gcmodule.c`.

use ch01_objects::Heap;
use ch05_generations::{Generations, NUM_GENERATIONS};

/// Moves generations 0, 1 and 2, in that order, to the end of the
/// permanent generation, and sets `count[0]` to 0.
pub fn freeze(generations: &mut Generations, heap: &Heap) {
    //~ TODO: Empty each generation, youngest first, into `permanent`.
    //~ STUB: let _ = (generations, heap, NUM_GENERATIONS);
    //~ SOLUTION BEGIN
    for g in 0..NUM_GENERATIONS {
        for r in generations.lists[g].take_all(heap) {
            generations.permanent.append(heap, r);
        }
        generations.count[0] = 0;
    }
    //~ SOLUTION END
}

/// Moves the permanent generation to the end of generation 2.
pub fn unfreeze(generations: &mut Generations, heap: &Heap) {
    //~ TODO: Empty `permanent` into the oldest generation.
    //~ STUB: let _ = (generations, heap);
    //~ SOLUTION BEGIN
    for r in generations.permanent.take_all(heap) {
        generations.lists[NUM_GENERATIONS - 1].append(heap, r);
    }
    //~ SOLUTION END
}

/// How many objects are frozen.
pub fn freeze_count(generations: &mut Generations, heap: &Heap) -> usize {
    //~ TODO: The permanent generation's size.
    //~ STUB: let _ = (generations, heap);
    //~ SOLUTION BEGIN
    generations.permanent.len(heap)
    //~ SOLUTION END
}
