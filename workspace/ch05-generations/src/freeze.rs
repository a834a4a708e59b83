//! `gc.freeze()`: moving every tracked object out of the collector's reach.
//!
//! A server that forks workers after start-up wants the workers to share
//! the parent's memory pages. Reference counting already writes to every
//! object it touches, but a full collection writes to *every* tracked
//! object (its `gc_refs`), and each write copies a page. Freezing after
//! start-up, before forking, puts those objects in a permanent generation
//! no collection reads (CPython 3.7+, `gc.freeze`).

use ch01_objects::Heap;

use crate::generations::{Generations, NUM_GENERATIONS};

impl Generations {
    // ANCHOR: freeze
    /// Moves every generation into the permanent one. CPython: `gc_freeze_impl`.
    pub fn freeze(&mut self, heap: &Heap) {
        for g in 0..NUM_GENERATIONS {
            for r in self.lists[g].take_all(heap) {
                self.permanent.append(heap, r);
            }
            self.count[0] = 0;
        }
    }

    /// Moves the permanent generation back into the oldest one.
    /// CPython: `gc_unfreeze_impl`.
    pub fn unfreeze(&mut self, heap: &Heap) {
        let oldest = NUM_GENERATIONS - 1;
        for r in self.permanent.take_all(heap) {
            self.lists[oldest].append(heap, r);
        }
    }
    // ANCHOR_END: freeze

    /// How many objects are frozen. CPython: `gc.get_freeze_count()`.
    pub fn freeze_count(&mut self, heap: &Heap) -> usize {
        self.permanent.len(heap)
    }
}
