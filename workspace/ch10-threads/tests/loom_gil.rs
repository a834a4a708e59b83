//! loom models of the GIL (chapter 10): no two threads ever run bytecode
//! at once, and a thread that waits for the GIL gets it from a holder that
//! would otherwise never let go.
//!
//! The models are the chapter's, in `ch10_threads::conformance`, which
//! exercise ch10-gil-handoff runs on the learner's GIL: here they run on
//! the crate's [`Gil`].
//!
//! Run with `RUSTFLAGS="--cfg loom" cargo test --release -p ch10-threads
//! --test loom_gil`.
#![cfg(loom)]

use ch10_threads::conformance::gil as models;
use ch10_threads::gil::Gil;

#[test]
fn one_thread_takes_drops_and_takes_again_without_a_switch() {
    models::one_thread_takes_drops_and_takes_again_without_a_switch::<Gil>();
}

#[test]
fn a_dropped_gil_goes_to_the_thread_waiting_for_it() {
    models::a_dropped_gil_goes_to_the_thread_waiting_for_it::<Gil>();
}

#[test]
fn two_threads_never_run_bytecode_at_once() {
    models::two_threads_never_run_bytecode_at_once::<Gil>();
}

#[test]
fn a_waiting_thread_gets_the_gil_from_a_holder_that_never_lets_go() {
    models::a_waiting_thread_gets_the_gil_from_a_holder_that_never_lets_go::<Gil>();
}
