//! Long chains: the collector visits objects through a work list, never by
//! recursion, so a chain's length costs time, not stack.
//!
//! The chains are a million lists long, in debug builds too: building
//! them and collecting them takes about a second there.

mod common;

use ch02_refcount::MemoryManager;
use ch04_cycles::CyclesStage;
use common::{alive, append, list, release};

const LENGTH: usize = 1_000_000;

/// `first → … → last → first`, with no reference left from outside.
#[test]
fn a_chain_closed_into_a_cycle_is_collected_without_recursion() {
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

    assert_eq!(stage.collect(), LENGTH);
    assert_eq!(stage.stats().live_objects, 0);
}

/// Each list points at the one made *before* it, and only the newest is
/// named: `move_unreachable` assumes every older one unreachable, then the
/// newest rescues them one by one, each appended to the scan.
#[test]
fn a_chain_held_by_its_newest_object_survives_and_is_rescued_back_to_front() {
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

    assert_eq!(stage.collect(), 0);
    assert_eq!(stage.stats().live_objects, LENGTH);
    assert!(alive(&stage, oldest));

    release(&mut stage, newest);
    assert_eq!(stage.collect(), LENGTH);
    assert_eq!(stage.stats().live_objects, 0);
}
