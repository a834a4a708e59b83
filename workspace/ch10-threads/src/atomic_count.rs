//! An atomic reference count: what `Arc` does, written out (chapter 10).
//!
//! Chapter 2's count is a plain integer, because one thread owns the
//! interpreter. Shared between threads, the count must be atomic, and that
//! is not enough: the thread that frees the object must also *see* every
//! other thread's last use of it. Two orderings do that, and each names its
//! partner:
//!
//! ```text
//! thread A                                thread B
//! reads the value                         reads the value
//! count.fetch_sub(1, Release)  ──┐        count.fetch_sub(1, Release) == 1: the last
//!                                └─────▶  fence(Acquire)
//!                                         drops the value, frees the memory
//! ```
//!
//! A's decrement is a release: everything A did before it (reading the
//! value) is published with it. B's decrement reads the count A wrote, so
//! B's acquire fence after it makes A's reads happen before B's free. Drop
//! either and the free may overlap A's read; loom reports it (see
//! [`crate::planted`], the same code with one ordering weakened).
//!
//! Invariant: `count` is the number of live [`Shared`] handles; the value
//! and its memory are freed exactly once, by the handle whose decrement
//! takes the count from 1 to 0, and no handle reads the value afterwards.

use std::mem::ManuallyDrop;
use std::ptr::NonNull;

use crate::sync::{AtomicUsize, Ordering, UnsafeCell, fence};

/// Above this many handles, [`Shared::clone`] aborts rather than let the
/// count wrap (as `Arc` does): a wrapped count frees a live object.
pub const MAX_COUNT: usize = isize::MAX as usize;

// ANCHOR: shared
/// A handle on a value shared between threads, counted atomically
/// (CPython's free-threaded build counts a non-owner's references this
/// way, in `ob_ref_shared`; Rust's `Arc` is the same design).
pub struct Shared<T> {
    inner: NonNull<Inner<T>>,
}

pub(crate) struct Inner<T> {
    /// The number of live handles.
    pub(crate) count: AtomicUsize,
    /// The value. A loom cell: under the model, every read and the final
    /// drop are checked against each other.
    pub(crate) value: UnsafeCell<ManuallyDrop<T>>,
}
// ANCHOR_END: shared

// SAFETY: a `Shared<T>` hands out `&T` to any thread that holds one and
// drops the `T` on whichever thread lets go last, as `Arc<T>` does: so it
// may cross threads when `T` may be shared and sent.
unsafe impl<T: Send + Sync> Send for Shared<T> {}
// SAFETY: as above.
unsafe impl<T: Send + Sync> Sync for Shared<T> {}

impl<T> Shared<T> {
    /// A new value with one handle, this one.
    pub fn new(value: T) -> Shared<T> {
        let inner = Box::new(Inner {
            count: AtomicUsize::new(1),
            value: UnsafeCell::new(ManuallyDrop::new(value)),
        });
        Shared {
            inner: NonNull::from(Box::leak(inner)),
        }
    }

    pub(crate) fn inner(&self) -> &Inner<T> {
        // SAFETY: the memory lives while any handle does, and this is one.
        unsafe { self.inner.as_ref() }
    }

    /// Calls `f` with the value (a read that loom checks).
    pub fn read<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.inner().value.with(|value| {
            // SAFETY: the value is only written when it is dropped, after
            // the last handle, and this handle is still live.
            f(unsafe { &*value })
        })
    }

    /// The number of handles, as this thread sees it now (for tests and
    /// traces: another thread may change it at once).
    pub fn count(&self) -> usize {
        self.inner().count.load(Ordering::Relaxed)
    }

    /// Drops the value and frees the memory.
    ///
    /// # Safety
    /// `inner` is the allocation of a `Shared` whose count has reached 0,
    /// and every other handle's use of it happens before this call.
    pub(crate) unsafe fn free(inner: NonNull<Inner<T>>) {
        // SAFETY: the caller's precondition: no handle is left, so nothing
        // reads the value while it is dropped, and nothing after.
        unsafe {
            inner
                .as_ref()
                .value
                .with_mut(|value| ManuallyDrop::drop(&mut *value));
            drop(Box::from_raw(inner.as_ptr()));
        }
    }

    pub(crate) fn into_raw(self) -> NonNull<Inner<T>> {
        ManuallyDrop::new(self).inner
    }
}

// ANCHOR: clone
impl<T> Clone for Shared<T> {
    fn clone(&self) -> Shared<T> {
        // Relaxed: a new handle is made from a live one, which keeps the
        // value alive whatever the order; there is nothing to publish and
        // nothing to see. (Chapter 2's `Py_INCREF`, atomically.)
        let before = self.inner().count.fetch_add(1, Ordering::Relaxed);
        if before > MAX_COUNT {
            std::process::abort();
        }
        Shared { inner: self.inner }
    }
}
// ANCHOR_END: clone

// ANCHOR: drop
impl<T> Drop for Shared<T> {
    fn drop(&mut self) {
        // Release: pairs with the Acquire fence below, run by whichever
        // thread's decrement reaches 0. It publishes this thread's uses of
        // the value, so that they happen before the free.
        if self.inner().count.fetch_sub(1, Ordering::Release) != 1 {
            return;
        }
        // Acquire: pairs with the Release decrement of every other handle.
        // This thread read the count they wrote, so their uses of the value
        // happen before what follows.
        fence(Ordering::Acquire);
        // SAFETY: the count went from 1 to 0, so this was the last handle,
        // and the fence ordered every other handle's use before this.
        unsafe { Shared::free(self.inner) };
    }
}
// ANCHOR_END: drop

/// The chapter's models of an atomic count run on this handle
/// (`tests/loom_atomic_count.rs`), as on the learner's in the exercise.
impl<T: Send + Sync + 'static> crate::conformance::atomic_count::Handle<T> for Shared<T> {
    fn read<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        Shared::read(self, f)
    }

    fn count(&self) -> usize {
        Shared::count(self)
    }
}
