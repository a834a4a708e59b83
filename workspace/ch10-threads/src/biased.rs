//! Biased reference counting, as CPython's free-threaded build does it
//! (chapter 10; PEP 703, CPython 3.13t: `Include/object.h`,
//! `Objects/object.c`, `Python/brc.c`).
//!
//! Most objects are only ever used by the thread that made them. Biased
//! counting makes that thread's increments and decrements as cheap as
//! chapter 2's, with no atomic read-modify-write, and charges the atomic
//! cost to the other threads. Each object has an owner and two counts:
//!
//! ```text
//! ob_tid          the owner thread (0: none, the counts are merged)
//! ob_ref_local    u32, the owner's references: relaxed loads and stores (never a read-modify-write), owner only
//! ob_ref_shared   isize, everyone else's: atomic, the count shifted left by 2
//!                 over 2 flag bits:
//!                   0 SHARED_INIT    1 MAYBE_WEAKREF   (count may be anything)
//!                   2 QUEUED         the owner has been asked to merge
//!                   3 MERGED         the counts are merged: `shared` alone counts
//! ```
//!
//! The true count is `local + (shared >> 2)`. The shared count can go
//! negative: a thread may drop a reference the owner counted (one taken
//! out of a list the owner filled). The first time a decrement would take
//! it below zero, the decrementing thread instead sets `QUEUED`, keeps its
//! `-1` pending in the owner's merge queue, and the owner, at its next
//! check, adds everything into `shared` and marks it `MERGED`. From then on
//! the object is counted by `shared` alone, and whichever thread takes it
//! to zero frees it. The transitions:
//!
//! ```text
//!            owner's local reaches 0, shared == 0 ─────────────────────────────▶ freed
//! INIT ──── owner's local reaches 0, shared != 0 ─────────▶ MERGED ── shared count 0 ──▶ freed
//!   │                                                         ▲
//!   └─ a non-owner's decrement finds count 0 ─▶ QUEUED ── the owner merges ──┘ (freed if 0)
//! ```
//!
//! Invariants: only the owner writes `local`; `shared`'s flags only move
//! forward (`INIT`/`MAYBE_WEAKREF` → `QUEUED` → `MERGED`, or straight to
//! `MERGED`); an object is freed exactly once, by the thread whose
//! operation finds the true count zero with no reference pending in a
//! queue; and every other thread's use of it happens before the free.
//!
//! The queues: each attached thread has one, in the interpreter's table
//! (CPython: `_PyThreadStateImpl.brc`, in buckets of `_brc_state`). A
//! thread that exits first merges what is queued for it; after that, its
//! objects are *abandoned*, and a thread that would queue one merges it
//! itself.

use std::ptr::NonNull;

use crate::sync::{AtomicIsize, AtomicU32, AtomicUsize, Mutex, Ordering, UnsafeCell};

// ANCHOR: flags
/// The count sits above two flag bits (CPython: `_Py_REF_SHARED_SHIFT`).
pub const SHARED_SHIFT: u32 = 2;
/// The flag bits (CPython: `_Py_REF_SHARED_FLAG_MASK`).
pub const FLAG_MASK: isize = 0b11;
/// Nothing has happened yet (CPython: `_Py_REF_SHARED_INIT`).
pub const SHARED_INIT: isize = 0;
/// A weak reference may exist (CPython: `_Py_REF_MAYBE_WEAKREF`). For
/// counting, it behaves as `SHARED_INIT`.
pub const MAYBE_WEAKREF: isize = 1;
/// Queued to the owner for merging (CPython: `_Py_REF_QUEUED`).
pub const QUEUED: isize = 2;
/// Merged: `shared` is the whole count (CPython: `_Py_REF_MERGED`).
pub const MERGED: isize = 3;
/// One reference in the shared count.
pub const ONE_SHARED: isize = 1 << SHARED_SHIFT;
/// `ob_tid` of an object without an owner (its counts are merged).
pub const NO_OWNER: usize = 0;
// ANCHOR_END: flags

const _: () = assert!(FLAG_MASK == (1 << SHARED_SHIFT) - 1);
const _: () = assert!(MERGED & !FLAG_MASK == 0 && QUEUED & !FLAG_MASK == 0);

/// `ob_ref_local` of an immortal object (CPython 3.13t:
/// `_Py_IMMORTAL_REFCNT_LOCAL`, `UINT32_MAX`): see [`crate::immortal`].
pub const IMMORTAL_LOCAL: u32 = u32::MAX;

/// The count in a shared word (an arithmetic shift: it may be negative).
pub const fn shared_count(shared: isize) -> isize {
    shared >> SHARED_SHIFT
}

/// The flags of a shared word.
pub const fn shared_flags(shared: isize) -> isize {
    shared & FLAG_MASK
}

/// A shared word of `count` references and `flags`.
pub const fn pack_shared(count: isize, flags: isize) -> isize {
    (count << SHARED_SHIFT) | flags
}

// ANCHOR: object
/// An object of the free-threaded build: the counting part of its header,
/// and a value (an `int`'s, say).
#[derive(Debug)]
pub struct Object {
    /// The owner thread's id; [`NO_OWNER`] once merged (CPython: `ob_tid`).
    pub owner: AtomicUsize,
    /// The owner's references (CPython: `ob_ref_local`, a `uint32_t`).
    /// Atomic only so that other threads may read it (to see whether the
    /// object is immortal); the owner updates it with a plain load and
    /// store, never a read-modify-write.
    pub local: AtomicU32,
    /// Everyone else's references, and the flags (CPython: `ob_ref_shared`).
    pub shared: AtomicIsize,
    /// The value, in a loom cell, so that the models check every read of
    /// it against the free.
    pub value: UnsafeCell<u64>,
}
// ANCHOR_END: object

/// A pointer to an [`Object`], as a `PyObject *` is: copying it does not
/// count as a reference; the caller counts with `incref` and `decref`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ObjRef(NonNull<Object>);

// SAFETY: an `ObjRef` is an address; using the object it points to is
// counted and ordered by this module's operations, whichever thread they
// run on (the point of the module).
unsafe impl Send for ObjRef {}
// SAFETY: as above.
unsafe impl Sync for ObjRef {}

impl ObjRef {
    /// The object's header.
    ///
    /// The caller must hold a reference to it (the object lives while any
    /// does); every operation of this module has that precondition.
    pub fn header(&self) -> &Object {
        // SAFETY: the object is freed only when its last reference goes,
        // and the caller holds one.
        unsafe { self.0.as_ref() }
    }

    /// The value (a read that loom checks against the free). A report names
    /// the caller's line (`track_caller`), not this one.
    #[track_caller]
    pub fn value(&self) -> u64 {
        // SAFETY: only `dealloc` writes the value, after the last
        // reference, and the caller holds one.
        self.header().value.with(|value| unsafe { *value })
    }

    /// The true count, as this thread sees it now (for tests and traces).
    pub fn count(&self) -> isize {
        let header = self.header();
        let local = header.local.load(Ordering::Relaxed);
        shared_count(header.shared.load(Ordering::Relaxed)) + local as isize
    }

    /// The flag bits of the shared count, as this thread sees them now.
    pub fn flags(&self) -> isize {
        shared_flags(self.header().shared.load(Ordering::Relaxed))
    }
}

/// Counts of what happened, for the models' assertions: `std` atomics, not
/// the shim's, so that keeping the tally adds no synchronization that loom
/// would count.
#[derive(Debug, Default)]
pub struct Tally {
    /// Objects allocated.
    pub allocated: std::sync::atomic::AtomicUsize,
    /// Objects freed.
    pub freed: std::sync::atomic::AtomicUsize,
    /// Decrements queued to an owner.
    pub queued: std::sync::atomic::AtomicUsize,
    /// Merges of the two counts.
    pub merged: std::sync::atomic::AtomicUsize,
}

impl Tally {
    fn bump(counter: &std::sync::atomic::AtomicUsize) {
        counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// Reads one of the counters.
    pub fn get(counter: &std::sync::atomic::AtomicUsize) -> usize {
        counter.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// One attached thread's entry in the interpreter's table.
#[derive(Debug)]
struct Entry {
    id: usize,
    /// Objects other threads have queued for this thread to merge, each
    /// with one decrement pending (CPython: `brc.objects_to_merge`).
    queue: Vec<ObjRef>,
}

/// The interpreter's side: which threads are attached, and their merge
/// queues (CPython: `struct _brc_state`, one mutex per bucket; here one).
#[derive(Debug, Default)]
pub struct Interpreter {
    threads: Mutex<Vec<Entry>>,
    next_id: AtomicUsize,
    /// What happened, for tests.
    pub tally: Tally,
}

/// A thread attached to an [`Interpreter`]: the one whose id an object it
/// makes records as owner (CPython: `_PyThreadStateImpl`).
#[derive(Debug)]
pub struct ThreadState<'i> {
    interp: &'i Interpreter,
    id: usize,
}

impl Interpreter {
    /// An interpreter with no threads.
    pub fn new() -> Interpreter {
        Interpreter::default()
    }

    /// Attaches the calling thread: a fresh id and an empty queue.
    pub fn attach(&self) -> ThreadState<'_> {
        // Relaxed: the ids only need to differ, and a read-modify-write
        // gives each thread its own.
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        self.threads.lock().unwrap().push(Entry {
            id,
            queue: Vec::new(),
        });
        ThreadState { interp: self, id }
    }
}

impl<'i> ThreadState<'i> {
    /// This thread's id, as objects it owns record it.
    pub fn id(&self) -> usize {
        self.id
    }

    /// The interpreter this thread is attached to.
    pub fn interpreter(&self) -> &'i Interpreter {
        self.interp
    }

    /// True if this thread owns `obj`.
    pub fn owns(&self, obj: ObjRef) -> bool {
        // Relaxed: only this thread ever stores its own id, so a stale read
        // can only be of another id, or of none: not this thread's.
        obj.header().owner.load(Ordering::Relaxed) == self.id
    }

    /// A new object, owned by this thread, with one reference (local).
    #[track_caller]
    pub fn new_object(&self, value: u64) -> ObjRef {
        let object = Box::new(Object {
            owner: AtomicUsize::new(self.id),
            local: AtomicU32::new(1),
            shared: AtomicIsize::new(SHARED_INIT),
            value: UnsafeCell::new(value),
        });
        Tally::bump(&self.interp.tally.allocated);
        ObjRef(NonNull::from(Box::leak(object)))
    }

    // ANCHOR: incref
    /// Adds a reference (CPython 3.13t: `Py_INCREF`).
    pub fn incref(&self, obj: ObjRef) {
        let header = obj.header();
        let local = header.local.load(Ordering::Relaxed);
        if local == IMMORTAL_LOCAL {
            return;
        }
        if self.owns(obj) {
            // No read-modify-write: only this thread writes `local`.
            header.local.store(local + 1, Ordering::Relaxed);
        } else {
            // Relaxed, as `Arc::clone`: the caller's own reference keeps
            // the object alive; there is nothing to publish.
            header.shared.fetch_add(ONE_SHARED, Ordering::Relaxed);
        }
    }
    // ANCHOR_END: incref

    /// Frees an object whose true count is zero with nothing pending
    /// (CPython: `_Py_Dealloc`).
    ///
    /// The caller must be the one thread that found it so, and every other
    /// thread's use of the object must happen before this call. A loom
    /// report names the caller's line (`track_caller`): where it was freed.
    #[track_caller]
    pub fn dealloc(&self, obj: ObjRef) {
        // A write: under loom, a read by another thread that does not
        // happen before this is reported.
        obj.header().value.with_mut(|value| {
            // SAFETY: per the precondition, no other thread uses the object.
            unsafe { *value = u64::MAX }
        });
        // SAFETY: allocated by `new_object` as a `Box`; per the
        // precondition, freed once, and never used again.
        drop(unsafe { Box::from_raw(obj.0.as_ptr()) });
        Tally::bump(&self.interp.tally.freed);
    }

    // ANCHOR: explicit_merge
    /// Adds the local count and `extra` into the shared count, marks it
    /// merged and gives the object up: returns the merged count (CPython:
    /// `_Py_ExplicitMergeRefcount`). The caller frees the object if it is 0.
    ///
    /// Run by the owner, or by any thread once the owner has exited.
    pub fn explicit_merge(&self, obj: ObjRef, extra: isize) -> isize {
        let header = obj.header();
        let mut shared = header.shared.load(Ordering::Relaxed);
        loop {
            let local = header.local.load(Ordering::Relaxed) as isize;
            let count = shared_count(shared) + local + extra;
            let merged = pack_shared(count, MERGED);
            // AcqRel. Release: pairs with the Acquire of the thread whose
            // later decrement finds the merged count zero, which frees the
            // object after this thread's uses. Acquire: pairs with every
            // Release decrement before this, in case this thread frees it.
            match header.shared.compare_exchange_weak(
                shared,
                merged,
                Ordering::AcqRel,
                Ordering::Relaxed,
            ) {
                Ok(_) => {
                    header.local.store(0, Ordering::Relaxed);
                    header.owner.store(NO_OWNER, Ordering::Relaxed);
                    Tally::bump(&self.interp.tally.merged);
                    return count;
                }
                Err(actual) => shared = actual,
            }
        }
    }
    // ANCHOR_END: explicit_merge

    // ANCHOR: queue_object
    /// Hands a decrement to the owner of `obj`, whose shared count would
    /// have gone below zero (CPython: `_Py_brc_queue_object`). If the owner
    /// has exited, merges here instead.
    pub fn queue_object(&self, obj: ObjRef) {
        Tally::bump(&self.interp.tally.queued);
        // Relaxed: the owner's id was written before the object was shared,
        // and the mutex below orders the rest. (CPython also checks for an
        // owner that merged meanwhile; here only the owner merges an object
        // before it is queued, and a queued object is not merged until its
        // queue is read.)
        let owner = obj.header().owner.load(Ordering::Relaxed);
        let mut threads = self.interp.threads.lock().unwrap();
        match threads.iter_mut().find(|entry| entry.id == owner) {
            // The owner merges it at its next check (CPython also sets the
            // owner's eval breaker bit, `_PY_EVAL_EXPLICIT_MERGE_BIT`).
            Some(entry) => entry.queue.push(obj),
            None => {
                // Abandoned: the owner has exited. Merge, and give back the
                // reference that was to wait in the queue.
                let count = self.explicit_merge(obj, -1);
                drop(threads);
                if count == 0 {
                    self.dealloc(obj);
                }
            }
        }
    }
    // ANCHOR_END: queue_object

    // ANCHOR: merge_queued
    /// Merges every object queued for this thread, giving back the
    /// reference each queue entry held, and frees those that reach zero
    /// (CPython: `_Py_brc_merge_refcounts`, run from the eval breaker).
    pub fn merge_queued(&self) {
        // Take the queue, then work without the lock: freeing an object
        // may run code that queues another.
        let queued = {
            let mut threads = self.interp.threads.lock().unwrap();
            let entry = threads.iter_mut().find(|entry| entry.id == self.id);
            std::mem::take(&mut entry.expect("attached").queue)
        };
        for obj in queued {
            if self.explicit_merge(obj, -1) == 0 {
                self.dealloc(obj);
            }
        }
    }
    // ANCHOR_END: merge_queued

    // ANCHOR: exit
    /// Detaches this thread (CPython: `_Py_brc_remove_thread`): merges what
    /// is queued for it until nothing is, then leaves the table, atomically
    /// with finding the queue empty. After that, other threads treat the
    /// objects it owns as abandoned.
    pub fn exit(self) {
        loop {
            self.merge_queued();
            let mut threads = self.interp.threads.lock().unwrap();
            let at = threads
                .iter()
                .position(|entry| entry.id == self.id)
                .expect("attached");
            if threads[at].queue.is_empty() {
                threads.swap_remove(at);
                return;
            }
        }
    }
    // ANCHOR_END: exit
}

#[cfg(feature = "reference")]
impl ThreadState<'_> {
    // ANCHOR: decref
    /// Drops a reference (CPython 3.13t: `Py_DECREF`).
    pub fn decref(&self, obj: ObjRef) {
        let header = obj.header();
        let local = header.local.load(Ordering::Relaxed);
        if local == IMMORTAL_LOCAL {
            return;
        }
        if self.owns(obj) {
            header.local.store(local - 1, Ordering::Relaxed);
            if local == 1 {
                self.merge_zero_local(obj);
            }
        } else {
            self.decref_shared(obj);
        }
    }
    // ANCHOR_END: decref

    // ANCHOR: merge_zero_local
    /// The owner's local count has reached zero: free the object if no
    /// other thread counts it, otherwise merge so that `shared` alone
    /// counts it (CPython: `_Py_MergeZeroLocalRefcount`).
    fn merge_zero_local(&self, obj: ObjRef) {
        let header = obj.header();
        // Acquire: pairs with the Release decrement of every other thread,
        // so that if the count they leave is zero, their uses of the object
        // happen before the free below.
        let mut shared = header.shared.load(Ordering::Acquire);
        if shared == SHARED_INIT {
            // No other thread ever counted it: the common case.
            self.dealloc(obj);
            return;
        }
        // No owner from now on: this thread's own later references go
        // through `shared` too.
        header.owner.store(NO_OWNER, Ordering::Relaxed);
        loop {
            let merged = (shared & !FLAG_MASK) | MERGED;
            // AcqRel: Release pairs with the Acquire of the thread whose
            // decrement later takes the merged count to zero and frees the
            // object; Acquire, as the load above, in case it is zero now. A
            // failed exchange only reloads the word: Relaxed.
            match header.shared.compare_exchange_weak(
                shared,
                merged,
                Ordering::AcqRel,
                Ordering::Relaxed,
            ) {
                Ok(_) => {
                    Tally::bump(&self.interp.tally.merged);
                    if merged == MERGED {
                        self.dealloc(obj);
                    }
                    return;
                }
                Err(actual) => shared = actual,
            }
        }
    }
    // ANCHOR_END: merge_zero_local

    // ANCHOR: decref_shared
    /// A decrement by a thread that does not own `obj` (CPython:
    /// `_Py_DecRefShared`).
    fn decref_shared(&self, obj: ObjRef) {
        let header = obj.header();
        let mut shared = header.shared.load(Ordering::Relaxed);
        let (queue, new) = loop {
            // Count zero, neither queued nor merged: the owner's local count
            // holds the reference being dropped. Leave the count at zero,
            // mark it queued, and let the queue hold the decrement.
            let queue = shared == SHARED_INIT || shared == MAYBE_WEAKREF;
            let new = if queue { QUEUED } else { shared - ONE_SHARED };
            // Release: pairs with the Acquire of the thread that frees the
            // object (the owner's merge, or a decrement that finds the
            // merged count zero), so this thread's uses happen before it.
            match header.shared.compare_exchange_weak(
                shared,
                new,
                Ordering::Release,
                Ordering::Relaxed,
            ) {
                Ok(_) => break (queue, new),
                Err(actual) => shared = actual,
            }
        };
        if queue {
            self.queue_object(obj);
        } else if new == MERGED {
            // Acquire: pairs with the Release of every other decrement and
            // of the merge, so that all their uses happen before the free.
            crate::sync::fence(Ordering::Acquire);
            self.dealloc(obj);
        }
    }
    // ANCHOR_END: decref_shared
}
