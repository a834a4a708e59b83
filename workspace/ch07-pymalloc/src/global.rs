//! The allocator as a program's global allocator, switched on at run time.
//!
//! CPython routes `PyObject_Malloc` to pymalloc and everything else to the
//! C library. A Rust program has one allocator for everything, so
//! [`StageAllocator`] sits in front of the system allocator and hands the
//! small requests to a [`Pymalloc`] once [`enable`](StageAllocator::enable)
//! has been called: `minipy --stage pymalloc` does that before it runs a
//! program, so every object and every small buffer the program makes is a
//! block of this chapter's allocator. Freeing needs no bookkeeping: the
//! arena map says whose block a pointer is, exactly as `address_in_range`
//! does for `PyObject_Free`.
//!
//! The allocator's own tables (the arena objects, the radix tree's nodes)
//! are allocated while it runs; those nested requests go to the system
//! allocator, so it never calls itself. A spin lock serializes threads, as
//! the GIL does for pymalloc.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::{Cell, UnsafeCell};
use std::ptr::{self, NonNull};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::allocator::{Pymalloc, ReleasePolicy};
use crate::constants::ALIGNMENT;
use crate::page_source::SystemPages;
use crate::size_class::size_class;
use crate::stats::MallocStats;

thread_local! {
    /// True while this thread is inside the allocator.
    static INSIDE: Cell<bool> = const { Cell::new(false) };
}

// ANCHOR: stage_allocator
/// A global allocator that is the system's until enabled, and pymalloc for
/// small requests after.
pub struct StageAllocator<R: ReleasePolicy> {
    enabled: AtomicBool,
    /// Set by the first `enable`: until then no block can be pymalloc's,
    /// and frees skip the lookup.
    ever_enabled: AtomicBool,
    locked: AtomicBool,
    inner: UnsafeCell<Pymalloc<SystemPages, R>>,
}
// ANCHOR_END: stage_allocator

// SAFETY: `inner` is only reached through `with_inner`, which holds the
// spin lock for the whole access, so no two threads touch it at once.
unsafe impl<R: ReleasePolicy + Send> Sync for StageAllocator<R> {}

impl<R: ReleasePolicy> StageAllocator<R> {
    /// A disabled allocator with release policy `policy`.
    pub const fn new(policy: R) -> StageAllocator<R> {
        StageAllocator {
            enabled: AtomicBool::new(false),
            ever_enabled: AtomicBool::new(false),
            locked: AtomicBool::new(false),
            inner: UnsafeCell::new(Pymalloc::new(SystemPages {}, policy)),
        }
    }

    /// From now on, small requests are pymalloc's.
    pub fn enable(&self) {
        self.ever_enabled.store(true, Ordering::SeqCst);
        self.enabled.store(true, Ordering::SeqCst);
    }

    /// From now on, new requests are the system allocator's again (blocks
    /// already handed out are still freed into their pools).
    pub fn disable(&self) {
        self.enabled.store(false, Ordering::SeqCst);
    }

    /// True if small requests go to pymalloc now.
    pub fn is_enabled(&self) -> bool {
        self.enabled.load(Ordering::Relaxed)
    }

    /// Runs `f` on the allocator, or returns `None` if this thread is
    /// already inside it (the request is then the system allocator's).
    fn with_inner<T>(&self, f: impl FnOnce(&mut Pymalloc<SystemPages, R>) -> T) -> Option<T> {
        if INSIDE.get() {
            return None;
        }
        INSIDE.set(true);
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            std::hint::spin_loop();
        }
        // SAFETY: the lock is held, so this is the only reference to `inner`
        // until it is released below.
        let result = f(unsafe { &mut *self.inner.get() });
        self.locked.store(false, Ordering::Release);
        INSIDE.set(false);
        Some(result)
    }

    /// The allocator's numbers now (`None` if called from inside it).
    pub fn stats(&self) -> Option<MallocStats> {
        self.with_inner(|inner| inner.stats())
    }

    /// Changes the release policy.
    pub fn configure(&self, f: impl FnOnce(&mut R)) {
        self.with_inner(|inner| f(inner.policy_mut()));
    }

    /// The size of the block `p` sits in, if it is pymalloc's.
    pub fn block_size(&self, p: *const u8) -> Option<usize> {
        self.with_inner(|inner| inner.block_size(p)).flatten()
    }

    fn small(layout: Layout) -> bool {
        layout.align() <= ALIGNMENT && size_class(layout.size()).is_some()
    }
}

// SAFETY: every block handed out is either the system allocator's (and
// freed by it) or pymalloc's (and freed into its pool): `dealloc` and
// `realloc` tell them apart with the arena map, which is exact. Pymalloc's
// blocks are ALIGNMENT-aligned, and only layouts that need no more are
// given to it.
unsafe impl<R: ReleasePolicy + Send> GlobalAlloc for StageAllocator<R> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if Self::small(layout)
            && self.enabled.load(Ordering::Relaxed)
            && let Some(Some(block)) = self.with_inner(|inner| inner.allocate(layout.size()))
        {
            return block.as_ptr();
        }
        // SAFETY: the caller's layout has a non-zero size.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        if self.ever_enabled.load(Ordering::Relaxed)
            && let Some(block) = NonNull::new(p)
            // SAFETY: the caller frees a live block this allocator gave.
            && self.with_inner(|inner| unsafe { inner.free(block) }) == Some(true)
        {
            return;
        }
        // SAFETY: not pymalloc's, so the system allocator's, with `layout`.
        unsafe { System.dealloc(p, layout) }
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if self.ever_enabled.load(Ordering::Relaxed) && !INSIDE.get() {
            let Some(block) = NonNull::new(p) else {
                return ptr::null_mut();
            };
            let new_layout = Layout::from_size_align(new_size, layout.align()).ok();
            let fits = new_layout.is_some_and(Self::small) && self.is_enabled();
            let moved = self.with_inner(|inner| {
                if !inner.owns(p) {
                    return None;
                }
                if fits {
                    // SAFETY: a live pymalloc block of `layout.size()` bytes.
                    return Some(unsafe { inner.reallocate(block, layout.size(), new_size) });
                }
                Some(None)
            });
            match moved {
                Some(Some(Some(new))) => return new.as_ptr(),
                Some(_) => {
                    // Pymalloc's block, too big for it now (or pymalloc is
                    // off or out of memory): move it to the system allocator.
                    let Some(new_layout) = new_layout else {
                        return ptr::null_mut();
                    };
                    // SAFETY: a non-zero size (the caller's contract).
                    let new = unsafe { System.alloc(new_layout) };
                    if !new.is_null() {
                        // SAFETY: both blocks are live and distinct; the old
                        // one holds `layout.size()` bytes.
                        unsafe {
                            ptr::copy_nonoverlapping(p, new, layout.size().min(new_size));
                            self.dealloc(p, layout);
                        }
                    }
                    return new;
                }
                None => {}
            }
        }
        // SAFETY: not pymalloc's, so the system allocator's, with `layout`.
        unsafe { System.realloc(p, layout, new_size) }
    }
}
