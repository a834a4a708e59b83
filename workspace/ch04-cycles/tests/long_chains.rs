//! Long chains: the collector visits objects through a work list, never by
//! recursion, so a chain's length costs time, not stack.
//!
//! The chains are a million lists long, in debug builds too (building and
//! collecting one takes under a second there), and each test runs on a
//! thread with a 128 KiB stack.

mod common;

use ch02_refcount::MemoryManager;
use ch04_cycles::CyclesStage;
use common::{alive, append, list, release};

const LENGTH: usize = 1_000_000;

/// The stack each test runs on: small enough that one Rust frame per link
/// of the chain would overflow it many times over.
const STACK_BYTES: usize = 128 * 1024;

/// Runs `test` on a thread with a [`STACK_BYTES`] stack.
fn with_small_stack(test: fn()) {
    std::thread::Builder::new()
        .stack_size(STACK_BYTES)
        .spawn(test)
        .expect("a thread")
        .join()
        .expect("the test passed");
}

/// `first → … → last → first`, with no reference left from outside.
#[test]
fn a_chain_closed_into_a_cycle_is_collected_without_recursion() {
    with_small_stack(closed_chain);
}

fn closed_chain() {
    let mut stage = CyclesStage::new();
    let first = list(&mut stage);
    let mut previous = first;
    for _ in 1..LENGTH {
        let next = list(&mut stage);
        append(&mut stage, previous, next);
        release(&mut stage, next);
        previous = next;
    }
    append(&mut stage, previous, first);
    release(&mut stage, first);
    assert_eq!(stage.stats().live_objects, LENGTH);

    assert_eq!(stage.collect().found, LENGTH);
    assert_eq!(stage.stats().live_objects, 0);
}

/// Each list points at the one made *before* it, and only the newest is
/// named: `move_unreachable` assumes every older one unreachable, then the
/// newest rescues them one by one, each appended to the scan.
#[test]
fn a_chain_held_by_its_newest_object_survives_and_is_rescued_back_to_front() {
    with_small_stack(chain_held_by_its_newest);
}

fn chain_held_by_its_newest() {
    let mut stage = CyclesStage::new();
    let oldest = list(&mut stage);
    let mut newest = oldest;
    for _ in 1..LENGTH {
        let next = list(&mut stage);
        append(&mut stage, next, newest);
        release(&mut stage, newest);
        newest = next;
    }
    append(&mut stage, oldest, newest); // close the cycle; `newest` is still held

    assert_eq!(stage.collect().found, 0);
    assert_eq!(stage.stats().live_objects, LENGTH);
    assert!(alive(&stage, oldest));

    release(&mut stage, newest);
    assert_eq!(stage.collect().found, LENGTH);
    assert_eq!(stage.stats().live_objects, 0);
}
