//! A reference count shared by two threads with no GIL: how increments are
//! lost (chapter 10).
//!
//! Chapter 2's `Py_INCREF` is `ob_refcnt++`: a load, an add and a store.
//! With the GIL, no other thread runs between the load and the store. Without
//! it, two threads can load the same count, and both store the same count
//! plus one: one increment is lost, and the object is later freed while a
//! reference to it remains.
//!
//! In Rust, a plain integer written by two threads does not compile (or,
//! behind `unsafe`, is a data race, which loom reports as such). So the
//! count here is an atomic, read and written as two separate steps: no
//! data race, and exactly the lost update of `ob_refcnt++` on real
//! hardware. Each step is written to a [`Trace`], so that when loom finds
//! the execution that loses an update, the trace says which one it was.

use crate::sync::{AtomicUsize, Ordering};

/// The steps of one execution, in the order they ran.
///
/// A `std` mutex, not the shim's: recording a step must add no
/// synchronization between the threads that loom would take into account.
/// Under loom the threads of a model run one at a time, so the lock is never
/// contended.
#[derive(Debug, Default)]
pub struct Trace(std::sync::Mutex<Vec<String>>);

impl Trace {
    /// An empty trace.
    pub fn new() -> Trace {
        Trace::default()
    }

    /// Records one step.
    pub fn note(&self, step: String) {
        self.0.lock().unwrap().push(step);
    }

    /// The steps so far, one a line.
    pub fn steps(&self) -> String {
        self.0.lock().unwrap().join("\n")
    }

    /// Forgets the steps (a model runs many executions; each starts afresh).
    pub fn clear(&self) {
        self.0.lock().unwrap().clear();
    }
}

// ANCHOR: unlocked_count
/// `ob_refcnt++` and `ob_refcnt--` with no lock around them.
#[derive(Debug)]
pub struct UnlockedCount {
    count: AtomicUsize,
}

impl UnlockedCount {
    /// A count of `count` references.
    pub fn new(count: usize) -> UnlockedCount {
        UnlockedCount {
            count: AtomicUsize::new(count),
        }
    }

    /// `Py_INCREF`: read the count, then write it plus one. Another thread
    /// may run between the two.
    pub fn increment(&self, thread: &str, trace: &Trace) {
        // Relaxed, as a plain C access is: nothing orders these steps
        // against the other thread's.
        let seen = self.count.load(Ordering::Relaxed);
        trace.note(format!("{thread}: reads the count, {seen}"));
        self.count.store(seen + 1, Ordering::Relaxed);
        trace.note(format!("{thread}: writes {}", seen + 1));
    }

    /// The count now.
    pub fn get(&self) -> usize {
        self.count.load(Ordering::Relaxed)
    }
}
// ANCHOR_END: unlocked_count
