//! The atomic count of [`crate::atomic_count`] with one ordering weakened,
//! for showing that the model checker catches it (chapter 10).
//!
//! Never use these: each frees the value while another thread's read of it
//! may not have happened before the free. The tests in
//! `tests/loom_atomic_count.rs` run the model that passes on
//! [`Shared`](crate::atomic_count::Shared) on each of these and require
//! loom to report a causality violation.

use std::mem::ManuallyDrop;

use crate::atomic_count::Shared;
use crate::sync::{Ordering, fence};

/// Which ordering of the decrement is weakened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bug {
    /// The decrement is `Release`, but no `Acquire` fence comes before the
    /// free: the freeing thread never synchronizes with the others.
    NoFence,
    /// The fence is there, but the decrements are `Relaxed`: they publish
    /// nothing for the fence to acquire.
    RelaxedDecrement,
}

/// [`Shared`] with a planted bug in its `Drop`.
pub struct Planted<T> {
    handle: ManuallyDrop<Shared<T>>,
    bug: Bug,
}

impl<T> Planted<T> {
    /// A new value with one handle.
    pub fn new(value: T, bug: Bug) -> Planted<T> {
        Planted {
            handle: ManuallyDrop::new(Shared::new(value)),
            bug,
        }
    }

    /// Calls `f` with the value.
    pub fn read<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.handle.read(f)
    }
}

impl<T> Clone for Planted<T> {
    fn clone(&self) -> Planted<T> {
        Planted {
            handle: ManuallyDrop::new((*self.handle).clone()),
            bug: self.bug,
        }
    }
}

// ANCHOR: planted_drop
impl<T> Drop for Planted<T> {
    fn drop(&mut self) {
        let (decrement, fence_before_free) = match self.bug {
            Bug::NoFence => (Ordering::Release, false),
            Bug::RelaxedDecrement => (Ordering::Relaxed, true),
        };
        if self.handle.inner().count.fetch_sub(1, decrement) != 1 {
            return;
        }
        if fence_before_free {
            fence(Ordering::Acquire);
        }
        // SAFETY: none: this is the bug. The count is 0, but the other
        // handles' reads need not happen before this free.
        let inner = unsafe { ManuallyDrop::take(&mut self.handle) }.into_raw();
        // SAFETY: as above; the models that run this expect loom to stop them.
        unsafe { Shared::free(inner) };
    }
}
// ANCHOR_END: planted_drop

/// The models of [`crate::conformance::atomic_count`] run on these handles
/// too, and must fail.
impl<T: Send + Sync + 'static> crate::conformance::atomic_count::Handle<T> for Planted<T> {
    fn read<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        Planted::read(self, f)
    }

    fn count(&self) -> usize {
        self.handle.count()
    }
}
