//! loom models of biased reference counting (chapter 10): one scenario per
//! transition of the shared count's flags. In every execution the object is
//! freed exactly once, and loom checks that every read of it happens
//! before the free.
//!
//! The models are the chapter's, in `ch10_threads::conformance`, which
//! exercise ch10-biased-decref runs on the learner's decrement: here they
//! run on the crate's `ThreadState::decref`.
//!
//! Run with `RUSTFLAGS="--cfg loom" cargo test --release -p ch10-threads
//! --test loom_biased`.
#![cfg(loom)]

use ch10_threads::biased::{ObjRef, ThreadState};
use ch10_threads::conformance::biased as models;

/// The decrement the models check: the crate's.
fn decref(tstate: &ThreadState<'_>, obj: ObjRef) {
    tstate.decref(obj);
}

#[test]
fn the_owners_references_never_touch_the_shared_count() {
    models::the_owners_references_never_touch_the_shared_count(decref);
}

#[test]
fn a_non_owners_decrement_at_zero_is_queued_and_the_owner_merges() {
    models::a_non_owners_decrement_at_zero_is_queued_and_the_owner_merges(decref);
}

#[test]
fn when_the_owner_lets_go_first_the_counts_merge_and_the_last_decrement_frees() {
    models::when_the_owner_lets_go_first_the_counts_merge_and_the_last_decrement_frees(decref);
}

#[test]
fn an_abandoned_objects_last_decrement_merges_and_frees() {
    models::an_abandoned_objects_last_decrement_merges_and_frees(decref);
}

#[test]
fn immortal_objects_are_never_counted() {
    models::immortal_objects_are_never_counted(decref);
}

#[test]
fn a_reference_counted_in_the_shared_count() {
    models::a_reference_counted_in_the_shared_count(decref);
}

#[test]
fn a_reference_the_owner_counted_is_dropped_by_another_thread() {
    models::a_reference_the_owner_counted_is_dropped_by_another_thread(decref);
}

#[test]
fn the_owner_exits_and_its_object_is_abandoned() {
    models::the_owner_exits_and_its_object_is_abandoned(decref);
}

#[test]
fn the_last_decrement_after_a_merge_frees() {
    models::the_last_decrement_after_a_merge_frees(decref);
}

#[test]
fn a_queued_decrement_while_the_thread_holds_another_reference() {
    models::a_queued_decrement_while_the_thread_holds_another_reference(decref);
}
