//! The models of an atomic reference count (chapter 10): whatever the
//! interleaving, the value is freed exactly once, by the last handle, after
//! every read of it.
//!
//! Each model takes `new`, which makes a handle with one reference on a
//! value: the crate's `atomic_count::Shared::new` (in
//! `tests/loom_atomic_count.rs`, which also runs a model on the handles
//! with a bug planted, `planted::Planted`, and requires it to fail), or the
//! learner's, in exercise ch10-atomic-decrement. The value is a
//! [`Tracked`], which counts its drops; loom checks every read of it
//! against the free.

use std::sync::Arc as StdArc;
use std::sync::atomic::{AtomicUsize as StdAtomicUsize, Ordering as StdOrdering};

use crate::sync::{model, thread};

/// What the models do with a handle on a shared value, besides cloning and
/// dropping it.
pub trait Handle<T>: Clone + Send + Sync + 'static {
    /// Calls `f` with the value (a read that loom checks against the free).
    fn read<R>(&self, f: impl FnOnce(&T) -> R) -> R;

    /// The number of handles, as this thread sees it now.
    fn count(&self) -> usize;
}

/// A value that counts its drops: the oracle. `std` atomics, not loom's, so
/// that counting adds no synchronization the model would take into account.
pub struct Tracked {
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

/// Runs `body` in a model on a handle with one reference on a fresh
/// [`Tracked`] value, then checks that the value was freed exactly once.
fn freed_exactly_once<S, N, B>(new: N, body: B)
where
    S: Handle<Tracked>,
    N: Fn(Tracked) -> S + Send + Sync + 'static,
    B: Fn(S) + Send + Sync + 'static,
{
    model(move || {
        let drops = StdArc::new(StdAtomicUsize::new(0));
        body(new(tracked(&drops)));
        assert_eq!(drops.load(StdOrdering::Relaxed), 1, "freed exactly once");
    });
}

/// One handle, read and dropped: the value goes with it.
pub fn one_handle_frees_the_value_when_dropped<S, N>(new: N)
where
    S: Handle<Tracked>,
    N: Fn(Tracked) -> S + Send + Sync + 'static,
{
    model(move || {
        let drops = StdArc::new(StdAtomicUsize::new(0));
        let only = new(tracked(&drops));
        assert_eq!(only.read(|t| t.value), 42);
        drop(only);
        assert_eq!(
            drops.load(StdOrdering::Relaxed),
            1,
            "the value is dropped with the last handle"
        );
    });
}

/// A clone is one more handle on the same value; dropping the first leaves
/// the value to the second, which frees it.
pub fn a_clone_is_one_more_handle_and_only_the_last_frees<S, N>(new: N)
where
    S: Handle<Tracked>,
    N: Fn(Tracked) -> S + Send + Sync + 'static,
{
    model(move || {
        let drops = StdArc::new(StdAtomicUsize::new(0));
        let first = new(tracked(&drops));
        let second = first.clone();
        assert_eq!(first.count(), 2);
        drop(first);
        assert_eq!(second.count(), 1);
        assert_eq!(drops.load(StdOrdering::Relaxed), 0, "a handle is left");
        assert_eq!(second.read(|t| t.value), 42);
        drop(second);
        assert_eq!(drops.load(StdOrdering::Relaxed), 1);
    });
}

// ANCHOR: two_handles
/// Two threads read the value, each through a handle of its own, and let
/// go in either order: it is freed exactly once, after both reads.
pub fn two_threads_drop_their_handles_and_the_value_is_freed_once_after_both_reads<S, N>(new: N)
where
    S: Handle<Tracked>,
    N: Fn(Tracked) -> S + Send + Sync + 'static,
{
    freed_exactly_once(new, |first: S| {
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
// ANCHOR_END: two_handles

/// A handle lent to another thread, which clones it there and drops the
/// original, keeps the value alive for that thread's read.
pub fn a_handle_cloned_on_another_thread_keeps_the_value_alive<S, N>(new: N)
where
    S: Handle<Tracked>,
    N: Fn(Tracked) -> S + Send + Sync + 'static,
{
    freed_exactly_once(new, |first: S| {
        let lent = first.clone();
        let other = thread::spawn(move || {
            let again = lent.clone();
            drop(lent);
            assert_eq!(again.read(|t| t.value), 42);
        });
        drop(first);
        other.join().unwrap();
    });
}

/// Three threads, each with a handle: whichever lets go last frees the
/// value, after the others' reads.
pub fn three_threads_and_whichever_lets_go_last_frees<S, N>(new: N)
where
    S: Handle<Tracked>,
    N: Fn(Tracked) -> S + Send + Sync + 'static,
{
    freed_exactly_once(new, |first: S| {
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
    });
}
