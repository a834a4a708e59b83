//! # Exercise ch05-schedule: when CPython 3.11 collects, and what
//!
//! The counts, the thresholds and the 25% rule. CPython 3.11:
//! `_PyObject_GC_Link`, `PyObject_GC_Del`, `gc_collect_generations`.

use ch05_generations::{Generations, NUM_GENERATIONS};

/// A container was allocated: counts it, and says whether a collection is due.
pub fn note_allocation(generations: &mut Generations) -> bool {
    //~ TODO: One more in count[0]; due when it exceeds threshold[0], the
    //~ TODO: collector is enabled and the threshold is not 0.
    //~ STUB: let _ = generations;
    //~ SOLUTION BEGIN
    generations.count[0] += 1;
    generations.count[0] > generations.threshold[0]
        && generations.enabled
        && generations.threshold[0] != 0
    //~ SOLUTION END
}

/// `frees` containers were freed: `count[0]` goes down, never below zero.
pub fn note_frees(generations: &mut Generations, frees: usize) {
    //~ TODO: Take `frees` from count[0], stopping at zero.
    //~ STUB: let _ = (generations, frees);
    //~ SOLUTION BEGIN
    generations.count[0] = generations.count[0].saturating_sub(frees);
    //~ SOLUTION END
}

/// The oldest generation whose count exceeds its threshold, with the 25%
/// rule for generation 2.
pub fn due_generation(generations: &Generations) -> Option<usize> {
    //~ TODO: From the oldest generation down, the first one over its
    //~ TODO: threshold; generation 2 only if the 25% rule allows it.
    //~ STUB: let _ = (generations, NUM_GENERATIONS);
    //~ SOLUTION BEGIN
    (0..NUM_GENERATIONS).rev().find(|&g| {
        let quarter_rule = g == NUM_GENERATIONS - 1
            && generations.long_lived_pending < generations.long_lived_total / 4;
        generations.count[g] > generations.threshold[g] && !quarter_rule
    })
    //~ SOLUTION END
}
