//! Graded tests for ch10-biased-decref: chapter 10's models of the biased
//! decrement, the ones the crate's own `ThreadState::decref` passes (they
//! are written once, in `workspace/ch10-threads/src/conformance/biased.rs`),
//! run on your `decref`: each transition of the shared count's flags on one
//! thread (two thread states taking turns), then loom models of two
//! threads. Every test runs inside `ch10_threads::sync::model`: `cargo
//! course check` builds them with `--cfg loom`, and loom runs every
//! interleaving (up to three preemptions) and reports a use of the object
//! not ordered before its free.

use ch10_biased_decref::decref;
use ch10_threads::conformance::biased as models;

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
fn a_queued_decrement_while_the_thread_holds_another_reference() {
    models::a_queued_decrement_while_the_thread_holds_another_reference(decref);
}

#[test]
fn the_owner_exits_and_its_object_is_abandoned() {
    models::the_owner_exits_and_its_object_is_abandoned(decref);
}
