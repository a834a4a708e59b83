//! Graded tests for ch10-gil-handoff: chapter 10's models of the GIL, the
//! ones the crate's own `Gil` passes (they are written once, in
//! `workspace/ch10-threads/src/conformance/gil.rs`), run on yours. Each runs
//! inside `ch10_threads::sync::model`: `cargo course check` builds them
//! with `--cfg loom`, and loom runs every interleaving of the threads (up
//! to three preemptions). Two threads share an interpreter state that every
//! instruction writes without atomics: loom reports two writes not ordered
//! by the GIL, and an execution in which a thread waits for ever.

use std::time::Duration;

use ch10_gil_handoff::{Gil, ThreadId};
use ch10_threads::conformance::gil::{self as models, Lock};

/// Your GIL, as the models use it: thread `n` is `ThreadId(n)`. (A type of
/// this crate: the models' trait can only be implemented here for a type
/// defined here.)
struct Yours(Gil);

impl Lock for Yours {
    fn new(interval: Duration) -> Yours {
        Yours(Gil::new(interval))
    }

    fn take_gil(&self, me: usize) {
        self.0.take_gil(ThreadId(me));
    }

    fn drop_gil(&self, me: usize) {
        self.0.drop_gil(ThreadId(me));
    }

    fn eval_breaker(&self, me: usize) {
        self.0.eval_breaker(ThreadId(me));
    }

    fn switch_number(&self) -> u64 {
        self.0.switch_number()
    }
}

#[test]
fn one_thread_takes_drops_and_takes_again_without_a_switch() {
    models::one_thread_takes_drops_and_takes_again_without_a_switch::<Yours>();
}

#[test]
fn a_dropped_gil_goes_to_the_thread_waiting_for_it() {
    models::a_dropped_gil_goes_to_the_thread_waiting_for_it::<Yours>();
}

#[test]
fn two_threads_never_run_bytecode_at_once() {
    models::two_threads_never_run_bytecode_at_once::<Yours>();
}

#[test]
fn a_waiting_thread_gets_the_gil_from_a_holder_that_never_lets_go() {
    models::a_waiting_thread_gets_the_gil_from_a_holder_that_never_lets_go::<Yours>();
}
