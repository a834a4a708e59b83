//! One collection of a generation and the ones younger than it. CPython
//! 3.11: `gc_collect_main`.
//!
//! ```text
//!   collect(1):   gen 0 ──merge──▶ gen 1 ─┬─ reachable ──▶ appended to gen 2
//!                                          └─ unreachable ─▶ freed
//! ```
//!
//! The phases are chapter 4's. What this chapter adds is where the objects
//! come from and where the survivors go, and the counters:
//! 1. `count[g + 1] += 1`; `count[0..=g] = 0`;
//! 2. the younger generations are appended to generation `g`, youngest
//!    first (CPython merges 0 into `g`, then 1 into `g`);
//! 3. trial deletion on generation `g` alone: a reference from an older
//!    generation counts as one from outside, which is what makes collecting
//!    only the young generation correct (it may miss garbage, never frees
//!    anything reachable);
//! 4. the survivors move to generation `g + 1` (a full collection keeps
//!    them in 2), and the 25% rule's counters are updated;
//! 5. the garbage is freed as in chapter 4; what is left of it joins `g + 1`.

use ch01_objects::{Heap, ObjRef};
use ch02_refcount::RefCountHeap;
use ch04_cycles::collector::{
    Cleared, Collection, counted_as, delete_garbage, for_gc_garbage, move_legacy_finalizers,
    partition, untrack_survivors,
};
use ch04_cycles::unreachable::Partition;

use crate::generations::{Generations, NUM_GENERATIONS};

// ANCHOR: collect_generation
/// Collects generation `generation` (0, 1 or 2) and the younger ones.
pub fn collect_generation(
    heap: &mut RefCountHeap,
    generations: &mut Generations,
    generation: usize,
) -> Collection {
    let found = find_garbage(heap, generations, generation);
    let (collectable, uncollectable) = move_legacy_finalizers(heap.heap(), &found.unreachable);
    free_garbage(
        heap,
        generations,
        found,
        &collectable,
        &uncollectable,
        false,
    )
}
// ANCHOR_END: collect_generation

/// What [`find_garbage`] found, for [`free_garbage`].
#[derive(Debug)]
pub struct Found {
    /// The generation collected.
    pub generation: usize,
    /// Where survivors go: the next generation (the same one for 2).
    pub older: usize,
    /// How many objects the collection looked at.
    pub tracked: usize,
    /// The garbage, in CPython's list order.
    pub unreachable: Vec<ObjRef>,
}

// ANCHOR: find_garbage
/// Steps 1 to 4: the counters, the merge, trial deletion, and the
/// survivors' move. The garbage is left as it is.
pub fn find_garbage(
    heap: &mut RefCountHeap,
    generations: &mut Generations,
    generation: usize,
) -> Found {
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
    let older = if full { generation } else { generation + 1 };

    let young = generations.lists[generation].members(heap.heap());
    let Partition {
        reachable,
        unreachable,
    } = partition(heap.heap(), &young);
    let tracked = young.len();
    // Only the count is needed from here on: a full collection's copy of
    // the generation goes before the survivors are sorted out.
    drop(young);
    let survivors = untrack_survivors(heap.heap_mut(), reachable, full);
    generations.lists[generation].reorder(heap.heap(), &survivors);
    if full {
        generations.long_lived_pending = 0;
        generations.long_lived_total = survivors.len();
    } else {
        if generation == NUM_GENERATIONS - 2 {
            generations.long_lived_pending += survivors.len();
        }
        generations.merge(heap.heap(), generation, older);
    }
    Found {
        generation,
        older,
        tracked,
        unreachable,
    }
}
// ANCHOR_END: find_garbage

// ANCHOR: free_garbage
/// Step 5: frees `collectable` (part of `found`'s garbage) as chapter 4
/// does, keeps `uncollectable` alive, puts what is left in the older
/// generation, and adds to the statistics. With `save_all`
/// (`gc.DEBUG_SAVEALL`) nothing is freed: all of it is kept, for `gc.garbage`.
pub fn free_garbage(
    heap: &mut RefCountHeap,
    generations: &mut Generations,
    found: Found,
    collectable: &[ObjRef],
    uncollectable: &[ObjRef],
    save_all: bool,
) -> Collection {
    let collected = weight(heap.heap(), collectable);
    let not_collected = weight(heap.heap(), uncollectable);
    let cleared = if save_all {
        Cleared {
            still_alive: collectable.to_vec(),
            to_finalize: Vec::new(),
        }
    } else {
        delete_garbage(heap, collectable)
    };
    for &r in cleared.still_alive.iter().chain(uncollectable) {
        generations.lists[found.older].append(heap.heap(), r);
    }
    let stats = &mut generations.stats[found.generation];
    stats.collections += 1;
    stats.collected += collected;
    stats.uncollectable += not_collected;
    let for_garbage = if save_all {
        collectable.iter().chain(uncollectable).copied().collect()
    } else {
        for_gc_garbage(heap.heap(), uncollectable, &cleared.to_finalize)
    };
    if found.generation == NUM_GENERATIONS - 1 {
        // 3.11's `gc_collect_main` ends a full collection by emptying the
        // free lists (`clear_freelists`).
        heap.heap_mut().free_lists().clear();
    }
    Collection {
        tracked: found.tracked,
        uncollectable: for_garbage,
        unreachable: found.unreachable,
        to_finalize: cleared.to_finalize,
        found: collected + not_collected,
    }
}
// ANCHOR_END: free_garbage

/// What `objects` count for in `gc.collect()`'s result (chapter 4's `counted_as`).
fn weight(heap: &Heap, objects: &[ObjRef]) -> usize {
    objects.iter().map(|&r| counted_as(heap, r)).sum()
}
