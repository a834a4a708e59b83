//! The three generations, CPython 3.11's `gcstate->generations`, and the
//! permanent one.
//!
//! Each generation is one of chapter 4's lists
//! ([`Generation`]), with a *count* and a
//! *threshold*. Objects start in generation 0; the survivors of a
//! collection move to the next generation (those of generation 2 stay).
//! `gc.freeze()` moves everything to a fourth list, the permanent
//! generation, which no collection reads.

use ch01_objects::{Heap, ObjRef};
use ch02_refcount::GenerationStats;
use ch04_cycles::Generation;

/// How many generations a collection can pick from.
pub const NUM_GENERATIONS: usize = 3;

/// CPython 3.11's default thresholds: `gc.get_threshold()` is `(700, 10, 10)`.
pub const DEFAULT_THRESHOLDS: [usize; NUM_GENERATIONS] = [700, 10, 10];

// ANCHOR: generations
/// The collector's lists and counters. CPython: `struct _gc_runtime_state`.
#[derive(Debug)]
pub struct Generations {
    /// Generations 0, 1 and 2, each oldest member first.
    pub lists: [Generation; NUM_GENERATIONS],
    /// What `gc.freeze()` moved out of every collection's reach.
    pub permanent: Generation,
    /// `count[0]`: allocations minus frees since generation 0 was last
    /// collected; `count[n]`: collections of generation `n - 1` since
    /// generation `n` was last collected.
    pub count: [usize; NUM_GENERATIONS],
    /// A generation is due when its count exceeds its threshold.
    pub threshold: [usize; NUM_GENERATIONS],
    /// False after `gc.disable()`: no automatic collections.
    pub enabled: bool,
    /// Objects that survived a collection of generation 1 (and so moved to
    /// generation 2) since the last full collection.
    pub long_lived_pending: usize,
    /// Objects in generation 2 after the last full collection.
    pub long_lived_total: usize,
    /// `gc.get_stats()`.
    pub stats: [GenerationStats; NUM_GENERATIONS],
}
// ANCHOR_END: generations

impl Default for Generations {
    fn default() -> Generations {
        Generations {
            lists: [0, 1, 2].map(Generation::numbered),
            permanent: Generation::numbered(NUM_GENERATIONS as u32),
            count: [0; NUM_GENERATIONS],
            threshold: DEFAULT_THRESHOLDS,
            enabled: true,
            long_lived_pending: 0,
            long_lived_total: 0,
            stats: [GenerationStats::default(); NUM_GENERATIONS],
        }
    }
}

impl Generations {
    /// Empty generations with CPython's thresholds.
    pub fn new() -> Generations {
        Generations::default()
    }

    /// Every list, the permanent one last.
    pub fn all_lists(&mut self) -> impl Iterator<Item = &mut Generation> {
        self.lists
            .iter_mut()
            .chain(std::iter::once(&mut self.permanent))
    }

    /// Drops `r`'s entry from whichever list has it (an object the
    /// collector stops following).
    pub fn forget(&mut self, heap: &Heap, r: ObjRef) {
        for list in self.all_lists() {
            list.forget(heap, r);
        }
    }

    /// The members of generation `generation` (3: the permanent one), or of
    /// all four lists, youngest generation first. CPython: `gc.get_objects`.
    pub fn members(&mut self, heap: &Heap, generation: Option<usize>) -> Vec<ObjRef> {
        match generation {
            Some(g) if g < NUM_GENERATIONS => self.lists[g].members(heap),
            Some(_) => self.permanent.members(heap),
            None => {
                let mut all = Vec::new();
                for list in &mut self.lists {
                    all.extend(list.members(heap));
                }
                all
            }
        }
    }

    /// Appends every member of `from` to the end of `to`, leaving `from`
    /// empty. CPython: `gc_list_merge(from, to)`.
    pub fn merge(&mut self, heap: &Heap, from: usize, to: usize) {
        assert_ne!(from, to, "a generation merged into itself");
        let mut source = std::mem::take(&mut self.lists[from]);
        self.lists[to].append_all(heap, &mut source);
        self.lists[from] = source;
    }
}
