//! loom models of the atomic count (chapter 10): with the orderings of
//! `atomic_count`, every execution frees the value exactly once and after
//! every read of it; with either ordering weakened (`planted`), loom finds
//! an execution whose free races with a read.
//!
//! Run with `RUSTFLAGS="--cfg loom" cargo test --release -p ch10-threads
//! --test loom_atomic_count`.
#![cfg(loom)]

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc as StdArc;
use std::sync::atomic::{AtomicUsize as StdAtomicUsize, Ordering as StdOrdering};

use ch10_threads::atomic_count::Shared;
use ch10_threads::planted::{Bug, Planted};
use ch10_threads::sync::{model, thread};

/// A value that counts its drops: the oracle. `std` atomics, not loom's, so
/// that counting adds no synchronization the model would take into account.
struct Tracked {
    value: u64,
    drops: StdArc<StdAtomicUsize>,
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.drops.fetch_add(1, StdOrdering::Relaxed);
    }
}

fn tracked(drops: &StdArc<StdAtomicUsize>) -> Tracked {
    Tracked {
        value: 42,
        drops: drops.clone(),
    }
}

// ANCHOR: two_handles
#[test]
fn two_threads_drop_their_handles_and_the_value_is_freed_once_after_both_reads() {
    model(|| {
        let drops = StdArc::new(StdAtomicUsize::new(0));
        let first = Shared::new(tracked(&drops));
        let second = first.clone();
        let other = thread::spawn(move || {
            assert_eq!(second.read(|t| t.value), 42);
            drop(second);
        });
        assert_eq!(first.read(|t| t.value), 42);
        drop(first);
        other.join().unwrap();
        assert_eq!(drops.load(StdOrdering::Relaxed), 1, "freed exactly once");
    });
}
// ANCHOR_END: two_handles

#[test]
fn a_handle_cloned_on_another_thread_keeps_the_value_alive() {
    model(|| {
        let drops = StdArc::new(StdAtomicUsize::new(0));
        let first = Shared::new(tracked(&drops));
        let lent = first.clone();
        let other = thread::spawn(move || {
            let again = lent.clone();
            drop(lent);
            assert_eq!(again.read(|t| t.value), 42);
        });
        drop(first);
        other.join().unwrap();
        assert_eq!(drops.load(StdOrdering::Relaxed), 1);
    });
}

fn race_with(bug: Bug) {
    model(move || {
        let drops = StdArc::new(StdAtomicUsize::new(0));
        let first = Planted::new(tracked(&drops), bug);
        let second = first.clone();
        let other = thread::spawn(move || {
            assert_eq!(second.read(|t| t.value), 42);
            drop(second);
        });
        assert_eq!(first.read(|t| t.value), 42);
        drop(first);
        other.join().unwrap();
    });
}

// ANCHOR: planted
#[test]
#[should_panic(expected = "Causality violation")]
fn without_the_acquire_fence_loom_finds_the_free_racing_a_read() {
    race_with(Bug::NoFence);
}

#[test]
#[should_panic(expected = "Causality violation")]
fn with_relaxed_decrements_loom_finds_the_free_racing_a_read() {
    race_with(Bug::RelaxedDecrement);
}
// ANCHOR_END: planted

/// What loom reports for the missing fence, as chapter 10 shows it
/// (`book-output/no_fence.txt`).
#[test]
fn loom_reports_where_the_free_races_the_read() {
    let report = catch_unwind(AssertUnwindSafe(|| race_with(Bug::NoFence)))
        .expect_err("loom should find the race");
    let report = common::panic_message(&*report);
    common::check_book_output("no_fence.txt", &(report.trim().to_string() + "\n"));
}
