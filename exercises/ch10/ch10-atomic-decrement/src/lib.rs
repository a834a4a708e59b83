//! # Exercise ch10-atomic-decrement: the Release/Acquire decrement
//!
//! A handle on a value shared between threads, counted atomically: the
//! last handle to go frees the value, after every other handle's reads.

use std::mem::ManuallyDrop;
use std::ptr::NonNull;

use ch10_threads::sync::{AtomicUsize, Ordering, UnsafeCell, fence};

/// A handle on a value shared between threads.
pub struct Shared<T> {
    inner: NonNull<Inner<T>>,
}

struct Inner<T> {
    /// The number of live handles.
    count: AtomicUsize,
    /// The value, in a loom cell: the models check every read against the
    /// drop that frees it.
    value: UnsafeCell<ManuallyDrop<T>>,
}

// SAFETY: as `Arc<T>`: any holder may read the value, and the last one
// drops it, on whichever thread that is.
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

    fn inner(&self) -> &Inner<T> {
        // SAFETY: the memory lives while any handle does, and this is one.
        unsafe { self.inner.as_ref() }
    }

    /// Calls `f` with the value.
    pub fn read<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        // SAFETY: the value is written only when it is freed, after the
        // last handle, and this one is live.
        self.inner().value.with(|value| f(unsafe { &*value }))
    }

    /// The number of handles, as this thread sees it now.
    pub fn count(&self) -> usize {
        self.inner().count.load(Ordering::Relaxed)
    }

    /// Drops the value and frees its memory.
    ///
    /// # Safety
    /// The count has reached zero, and every other handle's use of the
    /// value happens before this call.
    unsafe fn free(inner: NonNull<Inner<T>>) {
        // SAFETY: the caller's promise: nothing reads the value now or later.
        unsafe {
            inner
                .as_ref()
                .value
                .with_mut(|value| ManuallyDrop::drop(&mut *value));
            drop(Box::from_raw(inner.as_ptr()));
        }
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Shared<T> {
        // TODO: Count one more handle, and return it. Which ordering does a
        // TODO: handle made from a live one need?
        todo!()
    }
}

impl<T> Drop for Shared<T> {
    fn drop(&mut self) {
        // TODO: Count one handle fewer. If this was the last, free the value
        // TODO: (`Shared::free`), once every other handle's reads are sure
        // TODO: to happen before it. Name each ordering's partner.
        let _ = (fence, Ordering::Relaxed, Shared::<T>::free);
        todo!()
    }
}
