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
//! pymalloc relies on the GIL: one thread at a time. Here the thread that
//! calls `enable` *owns* the allocator, and only it ever touches it, so its
//! requests take no lock at all (a lock's atomic instruction on every
//! allocation cost minipy up to 15% of its run time). Other threads get the
//! system allocator; a small block they free may be the owner's, so they
//! queue it, and the owner frees the queue on its next request. A block
//! freed by another thread after the owner has stopped allocating stays
//! queued: a leak, as a block freed without the GIL would be a crash.
//!
//! The allocator's own tables (the arena objects, the radix tree's nodes)
//! are allocated while it runs; those nested requests go to the system
//! allocator, so it never calls itself.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::{Cell, UnsafeCell};
use std::ptr::{self, NonNull};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicUsize, Ordering};

use crate::allocator::{Pymalloc, ReleasePolicy};
use crate::constants::ALIGNMENT;
use crate::page_source::SystemPages;
use crate::size_class::size_class;
use crate::stats::MallocStats;

thread_local! {
    /// True while this thread is inside the allocator (or its queue).
    static INSIDE: Cell<bool> = const { Cell::new(false) };
    /// This thread's number, given on first use; 0 until then.
    static THREAD: Cell<usize> = const { Cell::new(0) };
}

/// The next thread number (numbers are never reused, so a thread that
/// starts after the owner ended cannot pass for it).
static NEXT_THREAD: AtomicUsize = AtomicUsize::new(1);

fn this_thread() -> usize {
    match THREAD.get() {
        0 => {
            let number = NEXT_THREAD.fetch_add(1, Ordering::Relaxed);
            THREAD.set(number);
            number
        }
        number => number,
    }
}

/// A block another thread freed, on its way to the owner.
struct Queued(*mut u8, Layout);

// SAFETY: a freed block belongs to nobody; the pointer only moves to the
// owner's thread, which frees it.
unsafe impl Send for Queued {}

/// Runs `f` with this thread marked as inside the allocator, so that the
/// requests `f` makes go to the system allocator.
fn inside<T>(f: impl FnOnce() -> T) -> T {
    INSIDE.set(true);
    let result = f();
    INSIDE.set(false);
    result
}

// ANCHOR: stage_allocator
/// A global allocator that is the system's until enabled, and pymalloc's
/// for the small requests of the thread that enabled it after.
pub struct StageAllocator<R: ReleasePolicy> {
    enabled: AtomicBool,
    /// The owner's thread number; 0 until `enable`. Set once.
    owner: AtomicUsize,
    /// True when `queue` may hold blocks (read without a lock by the owner).
    queued: AtomicBool,
    /// Small blocks other threads freed, for the owner to free.
    queue: Mutex<Vec<Queued>>,
    /// The owner's block of under 8 bytes freed last, not yet on its free
    /// list (see `dealloc`); null if none.
    deferred: AtomicPtr<u8>,
    /// Only the owner's thread ever reaches it.
    inner: UnsafeCell<Pymalloc<SystemPages, R>>,
}
// ANCHOR_END: stage_allocator

// SAFETY: `inner` is reached only on the owner's thread (`as_owner` checks
// the thread number, which is set once and never reused), so no two
// threads touch it; the queue is behind a mutex.
unsafe impl<R: ReleasePolicy + Send> Sync for StageAllocator<R> {}

impl<R: ReleasePolicy> StageAllocator<R> {
    /// A disabled allocator with release policy `policy`.
    pub const fn new(policy: R) -> StageAllocator<R> {
        StageAllocator {
            enabled: AtomicBool::new(false),
            owner: AtomicUsize::new(0),
            queued: AtomicBool::new(false),
            queue: Mutex::new(Vec::new()),
            deferred: AtomicPtr::new(ptr::null_mut()),
            inner: UnsafeCell::new(Pymalloc::new(SystemPages {}, policy)),
        }
    }

    /// Makes this thread the owner if there is none yet; true if it is the
    /// owner now.
    fn claim(&self) -> bool {
        let me = this_thread();
        match self
            .owner
            .compare_exchange(0, me, Ordering::AcqRel, Ordering::Acquire)
        {
            Ok(_) => true,
            Err(owner) => owner == me,
        }
    }

    /// From now on, this thread's small requests are pymalloc's. The first
    /// thread to call it (or [`configure`](StageAllocator::configure)) owns
    /// the allocator; a call from another thread changes nothing and
    /// returns false.
    pub fn enable(&self) -> bool {
        let owner = self.claim();
        if owner {
            self.enabled.store(true, Ordering::Release);
        }
        owner
    }

    /// From now on, new requests are the system allocator's again (blocks
    /// already handed out are still freed into their pools).
    pub fn disable(&self) {
        self.enabled.store(false, Ordering::Release);
    }

    /// True if the owner's small requests go to pymalloc now.
    pub fn is_enabled(&self) -> bool {
        self.enabled.load(Ordering::Relaxed)
    }

    /// Runs `f` on the allocator if this thread owns it and is not already
    /// inside it; frees what other threads queued first.
    fn as_owner<T>(&self, f: impl FnOnce(&mut Pymalloc<SystemPages, R>) -> T) -> Option<T> {
        if INSIDE.get() || self.owner.load(Ordering::Relaxed) != this_thread() {
            return None;
        }
        Some(inside(|| {
            // SAFETY: this is the owner's thread, the only one that reaches
            // `inner`, and it is not inside it already: this is the only
            // reference.
            let allocator = unsafe { &mut *self.inner.get() };
            if self.queued.load(Ordering::Acquire) {
                self.free_queued(allocator);
            }
            // A plain load first: a swap on every call would cost a locked
            // instruction each time.
            if let Some(block) = NonNull::new(self.deferred.load(Ordering::Relaxed)) {
                self.deferred.store(ptr::null_mut(), Ordering::Relaxed);
                // SAFETY: the owner's pymalloc block, freed by its caller,
                // whose `dealloc` has returned; the pointer is the
                // allocator's own.
                unsafe { allocator.free(block) };
            }
            f(allocator)
        }))
    }

    /// Frees the blocks other threads queued: into their pools, or to the
    /// system allocator if they are not pymalloc's.
    fn free_queued(&self, allocator: &mut Pymalloc<SystemPages, R>) {
        let blocks = {
            let mut queue = self
                .queue
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            self.queued.store(false, Ordering::Release);
            std::mem::take(&mut *queue)
        };
        for Queued(pointer, layout) in blocks {
            // SAFETY: a block another thread freed, queued once.
            if let Some(block) = NonNull::new(pointer)
                && !unsafe { allocator.free_own(block) }
            {
                // SAFETY: not pymalloc's, so the system's, with `layout`.
                unsafe { System.dealloc(pointer, layout) };
            }
        }
    }

    /// The allocator's numbers now (`None` off the owner's thread).
    pub fn stats(&self) -> Option<MallocStats> {
        self.as_owner(|inner| inner.stats())
    }

    /// Changes the release policy, on the owner's thread (or on any thread
    /// before there is an owner, which makes it the owner).
    /// Returns false (and changes nothing) on another thread.
    pub fn configure(&self, f: impl FnOnce(&mut R)) -> bool {
        self.claim() && self.as_owner(|inner| f(inner.policy_mut())).is_some()
    }

    /// The size of the block `p` sits in, if it is pymalloc's (asked on the
    /// owner's thread).
    pub fn block_size(&self, p: *const u8) -> Option<usize> {
        self.as_owner(|inner| inner.block_size(p)).flatten()
    }

    /// True for the requests pymalloc serves here: 1 to 512 bytes and
    /// 16-aligned, as in CPython.
    fn small(layout: Layout) -> bool {
        layout.align() <= ALIGNMENT && size_class(layout.size()).is_some()
    }

    /// Another thread frees a small block, which may be the owner's: queue it.
    fn queue_free(&self, p: *mut u8, layout: Layout) {
        inside(|| {
            let mut queue = self
                .queue
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            queue.push(Queued(p, layout));
            self.queued.store(true, Ordering::Release);
        });
    }
}

// SAFETY: every block handed out is either the system allocator's (and
// freed by it) or pymalloc's (and freed into its pool, on the owner's
// thread): `dealloc` and `realloc` tell them apart with the arena map, which
// is exact, or leave the question to the owner. Pymalloc's blocks are
// ALIGNMENT-aligned, and only layouts that need no more are given to it.
unsafe impl<R: ReleasePolicy + Send> GlobalAlloc for StageAllocator<R> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if Self::small(layout)
            && self.enabled.load(Ordering::Relaxed)
            && let Some(Some(block)) = self.as_owner(|inner| inner.allocate(layout.size()))
        {
            return block.as_ptr();
        }
        // SAFETY: the caller's layout has a non-zero size.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if Self::small(layout) && self.enabled.load(Ordering::Relaxed) {
            // SAFETY: the caller's layout has a non-zero size.
            let block = unsafe { self.alloc(layout) };
            if !block.is_null() {
                // SAFETY: a fresh block of at least `layout.size()` bytes.
                unsafe { ptr::write_bytes(block, 0, layout.size()) };
            }
            return block;
        }
        // The system's `calloc`: a large block comes from fresh mapped
        // pages, zero already, which stay out of the resident set until
        // written (CPython's `bytes(n)` relies on it). The default method
        // would write every byte.
        // SAFETY: the caller's layout has a non-zero size.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        let Some(block) = NonNull::new(p) else {
            return;
        };
        // Only small layouts can be pymalloc's: it serves no other, and a
        // block that grows past 512 bytes moves to the system allocator.
        if self.owner.load(Ordering::Relaxed) != 0 && Self::small(layout) && !INSIDE.get() {
            if layout.size() < size_of::<*mut u8>() {
                // The free list's link would not fit in the bytes the
                // caller's pointer may write, and while a `Box` is being
                // dropped no other pointer may write them: the block goes
                // on its list at the allocator's next call, when the box
                // is gone. (The next request of its class still gets it.)
                match self.as_owner(|inner| inner.own_pointer(p)) {
                    Some(Some(ours)) => return self.deferred.store(ours, Ordering::Relaxed),
                    Some(None) => {}
                    None => return self.queue_free(p, layout),
                }
                // SAFETY: not pymalloc's, so the system's, with `layout`.
                return unsafe { System.dealloc(p, layout) };
            }
            // SAFETY: the caller frees a live block this allocator gave.
            match self.as_owner(|inner| unsafe { inner.free(block) }) {
                Some(true) => return,
                Some(false) => {}
                None => return self.queue_free(p, layout),
            }
        }
        // SAFETY: not pymalloc's, so the system allocator's, with `layout`.
        unsafe { System.dealloc(p, layout) }
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
            return ptr::null_mut();
        };
        if self.owner.load(Ordering::Relaxed) == 0 || !Self::small(layout) || INSIDE.get() {
            // SAFETY: not pymalloc's, so the system allocator's, with `layout`.
            return unsafe { System.realloc(p, layout, new_size) };
        }
        let Some(block) = NonNull::new(p) else {
            return ptr::null_mut();
        };
        let fits = Self::small(new_layout) && self.is_enabled();
        let resized = self.as_owner(|inner| {
            if !inner.owns(p) {
                return None;
            }
            // SAFETY: a live pymalloc block of `layout.size()` bytes.
            Some(
                fits.then(|| unsafe { inner.reallocate(block, layout.size(), new_size) })
                    .flatten(),
            )
        });
        match resized {
            // Resized or moved within pymalloc.
            Some(Some(Some(new))) => new.as_ptr(),
            // The owner's system block: the system allocator resizes it.
            // SAFETY: not pymalloc's, so the system's, with `layout`.
            Some(None) => unsafe { System.realloc(p, layout, new_size) },
            // Pymalloc's block, too big for it now (or pymalloc is off), or
            // another thread's small block, which may be the owner's: copy
            // it into a system block and free the old one as `dealloc` would.
            Some(Some(None)) | None => {
                // SAFETY: a non-zero size (the caller's contract).
                let new = unsafe { System.alloc(new_layout) };
                if !new.is_null() {
                    // SAFETY: both blocks are live and distinct; the old one
                    // holds `layout.size()` bytes.
                    unsafe {
                        ptr::copy_nonoverlapping(p, new, layout.size().min(new_size));
                        self.dealloc(p, layout);
                    }
                }
                new
            }
        }
    }
}
