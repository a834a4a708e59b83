//! # Exercise ch05-collect: one collection of a generation
//!
//! Which objects a collection of generation `g` looks at, where its
//! survivors go, and what it does to the counters. CPython 3.11: the first
//! half of `gc_collect_main`.

use ch01_objects::ObjRef;
use ch02_refcount::RefCountHeap;
use ch04_cycles::collector::{partition, untrack_survivors};
use ch04_cycles::unreachable::Partition;
use ch05_generations::{Generations, NUM_GENERATIONS};

/// Collects generation `generation` (0, 1 or 2) and the younger ones, up
/// to finding the garbage, which it returns in order (see the README).
pub fn find_garbage(
    heap: &mut RefCountHeap,
    generations: &mut Generations,
    generation: usize,
) -> Vec<ObjRef> {
    // TODO: The counters, the merge, trial deletion and untracking, the
    // TODO: survivors' move and the 25% rule's counters; return the garbage.
    let _ = (heap, generations, generation, NUM_GENERATIONS, partition, untrack_survivors);
    let _: Option<Partition> = None;
    todo!()
}
