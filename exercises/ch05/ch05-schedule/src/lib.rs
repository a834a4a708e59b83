//! # Exercise ch05-schedule: when CPython 3.11 collects, and what
//!
//! The counts, the thresholds and the 25% rule. CPython 3.11:
//! `_PyObject_GC_Link`, `PyObject_GC_Del`, `gc_collect_generations`.

use ch05_generations::{Generations, NUM_GENERATIONS};

/// A container was allocated: counts it, and says whether a collection is due.
pub fn note_allocation(generations: &mut Generations) -> bool {
    // TODO: One more in count[0]; due when it exceeds threshold[0], the
    // TODO: collector is enabled and the threshold is not 0.
    let _ = generations;
    todo!()
}

/// `frees` containers were freed: `count[0]` goes down, never below zero.
pub fn note_frees(generations: &mut Generations, frees: usize) {
    // TODO: Take `frees` from count[0], stopping at zero.
    let _ = (generations, frees);
    todo!()
}

/// The oldest generation whose count exceeds its threshold, with the 25%
/// rule for generation 2.
pub fn due_generation(generations: &Generations) -> Option<usize> {
    // TODO: From the oldest generation down, the first one over its
    // TODO: threshold; generation 2 only if the 25% rule allows it.
    let _ = (generations, NUM_GENERATIONS);
    todo!()
}
