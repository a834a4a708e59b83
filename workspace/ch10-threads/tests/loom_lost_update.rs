//! loom finds the lost increments (chapter 10): two threads run `Py_INCREF`
//! on one object with no GIL. The model records every execution in which an
//! increment is lost, and the distinct ones are written to
//! `book-output/lost_update.txt`, which the chapter shows. The file holds
//! for any bound of 2 or more preemptions (`LOOM_MAX_PREEMPTIONS`); with 1,
//! loom explores fewer executions and finds two of the three.
//!
//! Run with `RUSTFLAGS="--cfg loom" cargo test --release -p ch10-threads
//! --test loom_lost_update`.
#![cfg(loom)]

mod common;

use std::fmt::Write;
use std::sync::Mutex as StdMutex;
use std::sync::atomic::{AtomicUsize as StdAtomicUsize, Ordering as StdOrdering};

use ch10_threads::lost_update::{Trace, UnlockedCount};
use ch10_threads::sync::{Arc, model, thread};

/// Across the executions of the model: how many ran, and the steps of each
/// that lost an increment (`std` types: the record is not part of the model).
static EXECUTIONS: StdAtomicUsize = StdAtomicUsize::new(0);
static LOSSES: StdMutex<Vec<String>> = StdMutex::new(Vec::new());

// ANCHOR: model
/// `item` is referenced once, by its name; each thread appends it to a
/// list, which counts one more reference.
fn two_threads_append_the_same_item() {
    model(|| {
        let trace = Arc::new(Trace::new());
        let refcount = Arc::new(UnlockedCount::new(1));
        let other = {
            let (trace, refcount) = (trace.clone(), refcount.clone());
            thread::spawn(move || refcount.increment("thread 2", &trace))
        };
        refcount.increment("thread 1", &trace);
        other.join().unwrap();
        record(refcount.get(), &trace);
    });
}
// ANCHOR_END: model

fn record(count: usize, trace: &Trace) {
    EXECUTIONS.fetch_add(1, StdOrdering::Relaxed);
    if count != 3 {
        let steps = format!(
            "{}\nthe count is {count}, but 3 references exist",
            trace.steps()
        );
        let mut losses = LOSSES.lock().unwrap();
        if !losses.contains(&steps) {
            losses.push(steps);
        }
    }
}

#[test]
fn loom_finds_the_executions_that_lose_an_increment() {
    two_threads_append_the_same_item();
    let losses = LOSSES.lock().unwrap();
    assert!(!losses.is_empty(), "loom should find a lost increment");
    let mut out = format!(
        "loom ran {} executions; {} different ones lost an increment:\n",
        EXECUTIONS.load(StdOrdering::Relaxed),
        losses.len()
    );
    for (n, steps) in losses.iter().enumerate() {
        let _ = write!(out, "\nexecution {}:\n{steps}\n", n + 1);
    }
    common::check_book_output("lost_update.txt", &out);
}
