//! Graded tests for ch10-atomic-decrement. Each runs inside
//! `ch10_threads::sync::model`: `cargo course check` builds them with
//! `--cfg loom`, and loom runs every interleaving of the threads (up to
//! three preemptions) and reports a read of the value that is not ordered
//! before its free. Built normally, each runs once, on real threads.

use std::sync::Arc as StdArc;
use std::sync::atomic::{AtomicUsize as StdAtomicUsize, Ordering as StdOrdering};

use ch10_atomic_decrement::Shared;
use ch10_threads::sync::{model, thread};

/// A value that counts its drops (with `std` atomics: counting must add no
/// synchronization that loom would take into account).
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

fn drops(counter: &StdArc<StdAtomicUsize>) -> usize {
    counter.load(StdOrdering::Relaxed)
}

#[test]
fn one_handle_frees_the_value_when_dropped() {
    model(|| {
        let counter = StdArc::new(StdAtomicUsize::new(0));
        let only = Shared::new(tracked(&counter));
        assert_eq!(only.read(|t| t.value), 42);
        drop(only);
        assert_eq!(
            drops(&counter),
            1,
            "the value is dropped with the last handle"
        );
    });
}

#[test]
fn a_clone_is_one_more_handle_and_only_the_last_frees() {
    model(|| {
        let counter = StdArc::new(StdAtomicUsize::new(0));
        let first = Shared::new(tracked(&counter));
        let second = first.clone();
        assert_eq!(first.count(), 2);
        drop(first);
        assert_eq!(second.count(), 1);
        assert_eq!(drops(&counter), 0, "a handle is left");
        assert_eq!(second.read(|t| t.value), 42);
        drop(second);
        assert_eq!(drops(&counter), 1);
    });
}

#[test]
fn two_threads_drop_their_handles_and_the_value_is_freed_once_after_both_reads() {
    model(|| {
        let counter = StdArc::new(StdAtomicUsize::new(0));
        let first = Shared::new(tracked(&counter));
        let second = first.clone();
        let other = thread::spawn(move || {
            assert_eq!(second.read(|t| t.value), 42);
            drop(second);
        });
        assert_eq!(first.read(|t| t.value), 42);
        drop(first);
        other.join().unwrap();
        assert_eq!(drops(&counter), 1, "freed exactly once");
    });
}

#[test]
fn a_handle_cloned_on_another_thread_keeps_the_value_alive() {
    model(|| {
        let counter = StdArc::new(StdAtomicUsize::new(0));
        let first = Shared::new(tracked(&counter));
        let lent = first.clone();
        let other = thread::spawn(move || {
            let again = lent.clone();
            drop(lent);
            assert_eq!(again.read(|t| t.value), 42);
        });
        drop(first);
        other.join().unwrap();
        assert_eq!(drops(&counter), 1, "freed exactly once");
    });
}

#[test]
fn three_threads_and_whichever_lets_go_last_frees() {
    model(|| {
        let counter = StdArc::new(StdAtomicUsize::new(0));
        let first = Shared::new(tracked(&counter));
        let others: Vec<_> = (0..2)
            .map(|_| {
                let mine = first.clone();
                thread::spawn(move || {
                    assert_eq!(mine.read(|t| t.value), 42);
                })
            })
            .collect();
        drop(first);
        for other in others {
            other.join().unwrap();
        }
        assert_eq!(drops(&counter), 1, "freed exactly once");
    });
}
