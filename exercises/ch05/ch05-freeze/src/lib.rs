//! # Exercise ch05-freeze: the permanent generation
//!
//! CPython 3.11: `gc_freeze_impl`, `gc_unfreeze_impl`,
//! `gc_get_freeze_count_impl` in `Modules/gcmodule.c`.

use ch01_objects::Heap;
use ch05_generations::{Generations, NUM_GENERATIONS};

/// Moves generations 0, 1 and 2, in that order, to the end of the
/// permanent generation, and sets `count[0]` to 0.
pub fn freeze(generations: &mut Generations, heap: &Heap) {
    // TODO: Empty each generation, youngest first, into `permanent`.
    let _ = (generations, heap, NUM_GENERATIONS);
    todo!()
}

/// Moves the permanent generation to the end of generation 2.
pub fn unfreeze(generations: &mut Generations, heap: &Heap) {
    // TODO: Empty `permanent` into the oldest generation.
    let _ = (generations, heap);
    todo!()
}

/// How many objects are frozen.
pub fn freeze_count(generations: &mut Generations, heap: &Heap) -> usize {
    // TODO: The permanent generation's size.
    let _ = (generations, heap);
    todo!()
}
