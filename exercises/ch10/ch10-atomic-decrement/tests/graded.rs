//! Graded tests for ch10-atomic-decrement: chapter 10's models of an atomic
//! count, the ones the crate's own `Shared` passes (they are written once,
//! in `workspace/ch10-threads/src/conformance/atomic_count.rs`), run on
//! yours. Each runs inside `ch10_threads::sync::model`: `cargo course
//! check` builds them with `--cfg loom`, and loom runs every interleaving
//! of the threads (up to three preemptions) and reports a read of the value
//! that is not ordered before its free. Built normally, each runs once, on
//! real threads.

use ch10_atomic_decrement::Shared;
use ch10_threads::conformance::atomic_count::{self as models, Handle, Tracked};

/// Your handle, as the models use it. (A type of this crate: the models'
/// trait can only be implemented here for a type defined here.)
#[derive(Clone)]
struct Yours(Shared<Tracked>);

impl Handle<Tracked> for Yours {
    fn read<R>(&self, f: impl FnOnce(&Tracked) -> R) -> R {
        self.0.read(f)
    }

    fn count(&self) -> usize {
        self.0.count()
    }
}

/// A new value with one handle: `Shared::new`.
fn new(value: Tracked) -> Yours {
    Yours(Shared::new(value))
}

#[test]
fn one_handle_frees_the_value_when_dropped() {
    models::one_handle_frees_the_value_when_dropped(new);
}

#[test]
fn a_clone_is_one_more_handle_and_only_the_last_frees() {
    models::a_clone_is_one_more_handle_and_only_the_last_frees(new);
}

#[test]
fn two_threads_drop_their_handles_and_the_value_is_freed_once_after_both_reads() {
    models::two_threads_drop_their_handles_and_the_value_is_freed_once_after_both_reads(new);
}

#[test]
fn a_handle_cloned_on_another_thread_keeps_the_value_alive() {
    models::a_handle_cloned_on_another_thread_keeps_the_value_alive(new);
}

#[test]
fn three_threads_and_whichever_lets_go_last_frees() {
    models::three_threads_and_whichever_lets_go_last_frees(new);
}
