//! When a collection fires, and which generation it collects.
//!
//! CPython 3.11 counts in `_PyObject_GC_Link`, which every allocation of a
//! container goes through (tracked or not: an empty dict counts), and in
//! `PyObject_GC_Del`, which every free of one goes through:
//!
//! ```text
//!   allocate a container:  count[0] += 1
//!                          count[0] > threshold[0] (700)?  collect, now, before the
//!                                                           new object is tracked
//!   free a container:      count[0] -= 1 (never below 0)
//! ```
//!
//! A collection of generation `g` sets `count[0..=g]` to 0 and adds one to
//! `count[g + 1]`; so generation 1 is collected every 11th collection of
//! generation 0, and generation 2 every 11th of generation 1, provided the
//! 25% rule agrees.
//!
//! A list, dict or small tuple that CPython takes from one of its free
//! lists, or puts back on one, skips the count: the heap keeps the free
//! lists' lengths for that (`ch01_objects::free_lists`), and the stage's
//! allocation asks it before counting.

use crate::generations::{Generations, NUM_GENERATIONS};

impl Generations {
    // ANCHOR: note_allocation
    /// A container was allocated: counts it and says whether a collection
    /// is due. CPython: `_PyObject_GC_Link`, whose test also requires that
    /// no collection is running (the interpreter checks that).
    pub fn note_allocation(&mut self) -> bool {
        self.count[0] += 1;
        self.count[0] > self.threshold[0] && self.enabled && self.threshold[0] != 0
    }
    // ANCHOR_END: note_allocation

    /// `frees` containers were freed since the last call. Decrementing one
    /// at a time and stopping at zero is the same as this.
    pub fn note_frees(&mut self, frees: usize) {
        self.count[0] = self.count[0].saturating_sub(frees);
    }

    // ANCHOR: due_generation
    /// The oldest generation whose count exceeds its threshold: it and the
    /// younger ones are collected. Generation 2 also needs the objects that
    /// reached it since the last full collection to be at least a quarter
    /// of those it held then, or a program that builds a big long-lived
    /// structure would pay a full collection, over everything built so far,
    /// every 100 collections of generation 1: quadratic time. CPython:
    /// `gc_collect_generations`.
    pub fn due_generation(&self) -> Option<usize> {
        (0..NUM_GENERATIONS).rev().find(|&g| {
            let over = self.count[g] > self.threshold[g];
            let quarter_rule =
                g == NUM_GENERATIONS - 1 && self.long_lived_pending < self.long_lived_total / 4;
            over && !quarter_rule
        })
    }
    // ANCHOR_END: due_generation
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_701st_allocation_is_the_one_that_collects() {
        let mut generations = Generations::new();
        for _ in 0..700 {
            assert!(!generations.note_allocation());
        }
        assert!(generations.note_allocation());
        assert_eq!(generations.due_generation(), Some(0));
    }

    #[test]
    fn frees_count_down_but_never_below_zero() {
        let mut generations = Generations::new();
        generations.note_allocation();
        generations.note_frees(5);
        assert_eq!(generations.count[0], 0);
        for _ in 0..700 {
            generations.note_allocation();
        }
        assert_eq!(
            generations.count[0], 700,
            "the frees before do not carry over"
        );
    }

    #[test]
    fn a_disabled_or_zero_threshold_collector_never_collects_by_itself() {
        let mut generations = Generations::new();
        generations.enabled = false;
        assert!((0..1_000).all(|_| !generations.note_allocation()));
        let mut generations = Generations::new();
        generations.threshold[0] = 0;
        assert!((0..1_000).all(|_| !generations.note_allocation()));
    }

    #[test]
    fn the_oldest_generation_over_its_threshold_is_chosen() {
        let mut generations = Generations::new();
        generations.count = [701, 11, 0];
        assert_eq!(generations.due_generation(), Some(1));
        generations.count = [701, 11, 11];
        assert_eq!(generations.due_generation(), Some(2));
        generations.count = [0, 0, 0];
        assert_eq!(generations.due_generation(), None);
    }

    #[test]
    fn the_quarter_rule_defers_a_full_collection() {
        let mut generations = Generations::new();
        generations.count = [701, 11, 11];
        generations.long_lived_total = 100_000;
        generations.long_lived_pending = 24_999;
        assert_eq!(generations.due_generation(), Some(1), "only 24.999% is new");
        generations.long_lived_pending = 25_000;
        assert_eq!(generations.due_generation(), Some(2));
    }
}
