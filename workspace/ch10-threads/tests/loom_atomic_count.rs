//! loom models of the atomic count (chapter 10): with the orderings of
//! `atomic_count`, every execution frees the value exactly once and after
//! every read of it; with either ordering weakened (`planted`), loom finds
//! an execution whose free races with a read.
//!
//! The models are the chapter's, in `ch10_threads::conformance`, which
//! exercise ch10-atomic-decrement runs on the learner's handle: here they
//! run on the crate's [`Shared`], and one of them on the planted bugs.
//!
//! Run with `RUSTFLAGS="--cfg loom" cargo test --release -p ch10-threads
//! --test loom_atomic_count`.
#![cfg(loom)]

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};

use ch10_threads::atomic_count::Shared;
use ch10_threads::conformance::atomic_count as models;
use ch10_threads::planted::{Bug, Planted};

#[test]
fn one_handle_frees_the_value_when_dropped() {
    models::one_handle_frees_the_value_when_dropped(Shared::new);
}

#[test]
fn a_clone_is_one_more_handle_and_only_the_last_frees() {
    models::a_clone_is_one_more_handle_and_only_the_last_frees(Shared::new);
}

#[test]
fn two_threads_drop_their_handles_and_the_value_is_freed_once_after_both_reads() {
    models::two_threads_drop_their_handles_and_the_value_is_freed_once_after_both_reads(
        Shared::new,
    );
}

#[test]
fn a_handle_cloned_on_another_thread_keeps_the_value_alive() {
    models::a_handle_cloned_on_another_thread_keeps_the_value_alive(Shared::new);
}

#[test]
fn three_threads_and_whichever_lets_go_last_frees() {
    models::three_threads_and_whichever_lets_go_last_frees(Shared::new);
}

/// The model of two threads dropping their handles, on a handle with `bug`.
fn race_with(bug: Bug) {
    models::two_threads_drop_their_handles_and_the_value_is_freed_once_after_both_reads(
        move |value| Planted::new(value, bug),
    );
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
