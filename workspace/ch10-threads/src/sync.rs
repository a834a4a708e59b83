//! One name for each concurrency primitive, switched between the standard
//! library and loom (chapter 10).
//!
//! Every other module takes its atomics, fences, locks, threads and shared
//! cells from here. Built normally, they are `std`'s. Built with
//! `RUSTFLAGS="--cfg loom"`, they are loom's: the same code then runs
//! inside [`model`], which executes it once for every interleaving of its
//! threads (up to a bound on preemptions) and under every outcome the
//! memory model allows its atomics, and fails on the first execution where
//! an assertion fails or two accesses to an [`UnsafeCell`] are not ordered
//! by happens-before.
//!
//! ```text
//!             cfg(not(loom))                cfg(loom)
//! atomics     std::sync::atomic::*          loom::sync::atomic::*   (every outcome explored)
//! locks       std::sync::{Mutex, Condvar}   loom::sync::*           (every acquisition order)
//! UnsafeCell  a thin wrapper, same API      loom::cell::UnsafeCell  (every access checked)
//! threads     std::thread                   loom::thread            (every interleaving)
//! model(f)    f() once                      loom::model::Builder::check(f)
//! ```
//!
//! Chapter 10's exercises use this module too, so that the learner's code
//! and the book's are checked by the same models.

// ANCHOR: shim
#[cfg(loom)]
pub use loom::sync::atomic::{
    AtomicBool, AtomicIsize, AtomicU32, AtomicU64, AtomicUsize, Ordering, fence,
};
#[cfg(not(loom))]
pub use std::sync::atomic::{
    AtomicBool, AtomicIsize, AtomicU32, AtomicU64, AtomicUsize, Ordering, fence,
};

#[cfg(loom)]
pub use loom::sync::{Arc, Condvar, Mutex, MutexGuard};
#[cfg(not(loom))]
pub use std::sync::{Arc, Condvar, Mutex, MutexGuard};

#[cfg(not(loom))]
pub use self::std_cell::UnsafeCell;
// ANCHOR_END: shim
#[cfg(loom)]
pub use loom::cell::UnsafeCell;

/// Threads: `spawn`, `yield_now`, `JoinHandle`.
pub mod thread {
    #[cfg(loom)]
    pub use loom::thread::{JoinHandle, spawn, yield_now};
    #[cfg(not(loom))]
    pub use std::thread::{JoinHandle, spawn, yield_now};
}

/// How many times a model may switch away from a thread that could go on
/// running, when `LOOM_MAX_PREEMPTIONS` does not say. Bugs in code this
/// size show up within two or three; each one more multiplies the
/// executions to explore.
pub const DEFAULT_PREEMPTIONS: usize = 3;

/// Checks `body` on every interleaving of the threads it spawns, when built
/// with `--cfg loom`; otherwise runs it once, on real threads.
///
/// Under loom, preemptions are bounded by `LOOM_MAX_PREEMPTIONS`, or
/// [`DEFAULT_PREEMPTIONS`], and every operation records where in the source
/// it was made, so that a report names the lines of the racing accesses.
// ANCHOR: model
pub fn model<F>(body: F)
where
    F: Fn() + Sync + Send + 'static,
{
    #[cfg(loom)]
    {
        let mut builder = loom::model::Builder::new();
        if builder.preemption_bound.is_none() {
            builder.preemption_bound = Some(DEFAULT_PREEMPTIONS);
        }
        builder.location = true;
        builder.check(body);
    }
    #[cfg(not(loom))]
    body();
}
// ANCHOR_END: model

/// True when built for loom (`--cfg loom`): the models then explore every
/// interleaving instead of running once.
pub const LOOM: bool = cfg!(loom);

/// Waits on `condvar` for a notification or `interval`, whichever comes
/// first, and says whether the time ran out (CPython: `COND_TIMED_WAIT`).
///
/// loom has no clock, and its `wait_timeout` never times out. A model
/// needs the other half, the wait that ends because time passed, so under
/// loom this lets go of the lock, lets the other threads run, takes the
/// lock again and reports a time-out: every wait lasts "an interval", the
/// shortest the real one can be.
pub fn wait_timeout<'a, T>(
    condvar: &Condvar,
    mutex: &'a Mutex<T>,
    guard: MutexGuard<'a, T>,
    interval: std::time::Duration,
) -> (MutexGuard<'a, T>, bool) {
    #[cfg(loom)]
    {
        let _ = (condvar, interval);
        drop(guard);
        thread::yield_now();
        (mutex.lock().unwrap(), true)
    }
    #[cfg(not(loom))]
    {
        let _ = mutex;
        let (guard, result) = condvar.wait_timeout(guard, interval).unwrap();
        (guard, result.timed_out())
    }
}

#[cfg(not(loom))]
mod std_cell {
    /// `std::cell::UnsafeCell` with loom's interface: access goes through
    /// `with` and `with_mut`, so that under loom every access is checked.
    #[derive(Debug, Default)]
    pub struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

    impl<T> UnsafeCell<T> {
        /// A cell holding `value`.
        pub const fn new(value: T) -> UnsafeCell<T> {
            UnsafeCell(std::cell::UnsafeCell::new(value))
        }

        /// Calls `f` with a pointer for reading the value.
        pub fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
            f(self.0.get())
        }

        /// Calls `f` with a pointer for writing the value.
        pub fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
            f(self.0.get())
        }

        /// The value, taken out of the cell.
        pub fn into_inner(self) -> T {
            self.0.into_inner()
        }
    }
}
