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
    //~ TODO: The counters, the merge, trial deletion and untracking, the
    //~ TODO: survivors' move and the 25% rule's counters; return the garbage.
    //~ STUB: let _ = (heap, generations, generation, NUM_GENERATIONS, partition, untrack_survivors);
    //~ STUB: let _: Option<Partition> = None;
    //~ SOLUTION BEGIN
    if generation + 1 < NUM_GENERATIONS {
        generations.count[generation + 1] += 1;
    }
    for count in &mut generations.count[..=generation] {
        *count = 0;
    }
    for younger in 0..generation {
        generations.merge(heap.heap(), younger, generation);
    }
    let full = generation == NUM_GENERATIONS - 1;
    let young = generations.lists[generation].members(heap.heap());
    let Partition {
        reachable,
        unreachable,
    } = partition(heap.heap(), &young);
    let survivors = untrack_survivors(heap.heap_mut(), reachable, full);
    generations.lists[generation].reorder(heap.heap(), &survivors);
    if full {
        generations.long_lived_pending = 0;
        generations.long_lived_total = survivors.len();
    } else {
        if generation == NUM_GENERATIONS - 2 {
            generations.long_lived_pending += survivors.len();
        }
        generations.merge(heap.heap(), generation, generation + 1);
    }
    unreachable
    //~ SOLUTION END
}
