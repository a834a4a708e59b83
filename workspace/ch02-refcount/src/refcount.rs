//! [`RefCountHeap`]: chapter 1's heap with counts that are kept and acted on.
//!
//! `incref` adds one to an object's count. `decref` removes one, and when the
//! count reaches zero the object is deallocated, which drops the references
//! it held, which may bring other counts to zero: the cascade.
//!
//! CPython runs the cascade as a recursion (`Py_DECREF` → `tp_dealloc` →
//! `Py_DECREF` ...), with a trashcan ([`crate::trashcan`]) that parks objects
//! deeper than 50 guarded levels so that a long chain cannot overflow the C
//! stack. Here the recursion itself is a loop over an explicit stack of
//! [`Step`]s: pending decrefs, and the ends of guarded deallocations that
//! the recursion would reach on its way back up. Popping the last pushed
//! step first gives the recursion's order, and keeping the trashcan's
//! nesting count as the recursion would gives CPython 3.11's order exactly,
//! parked objects included.
//!
//! `__del__` is Python code, and this crate cannot run Python. When a count
//! reaches zero on an object whose class defines `__del__`, the loop stops
//! and hands the object back ([`RefCountHeap::continue_decref`] returns it).
//! The interpreter runs `__del__`, gives back the reference it was lent, and
//! calls `continue_decref` again. A `decref` made *inside* `__del__` starts at
//! a higher [`Watermark`] and stops there, so it never processes the outer
//! cascade's pending steps out of order.
//!
//! Invariant: between calls the stack only holds steps above the watermarks
//! of decrefs still in progress (those interrupted by a `__del__`).

use ch01_objects::{Heap, HeapStats, ObjRef, Payload};

use crate::event::{Event, Tracer};
use crate::finalizer::needs_finalizer;
use crate::flags;
use crate::trashcan::{Begin, Trashcan};

/// The height of the stack when a `decref` began: that decref processes
/// steps above it and no others. CPython has no such thing; its C stack
/// frames play this role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Watermark(pub usize);

// ANCHOR: step
/// One piece of work the recursion would do, in the order it would do it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Drop one reference: `Py_DECREF`.
    Decref(ObjRef),
    /// `__del__` has run: give back the reference it was lent, then finish
    /// the deallocation (or leave the object be, if `__del__` resurrected it).
    Finalized(ObjRef),
    /// A guarded deallocation has released everything: `Py_TRASHCAN_END`.
    EndGuarded,
    /// Free the next deposited object: one turn of the destroy chain's loop.
    DestroyChain,
}
// ANCHOR_END: step

// ANCHOR: refcount_heap
/// A heap whose objects are freed when their count reaches zero.
pub struct RefCountHeap {
    heap: Heap,
    /// The work still to do, the next step on top: what CPython keeps on
    /// the C stack while a cascade recurses.
    pending: Vec<Step>,
    /// The deepest `pending` has been, for statistics.
    pending_peak: usize,
    /// CPython 3.11's nesting count and parked objects.
    trashcan: Trashcan,
    tracer: Option<Box<dyn Tracer>>,
}
// ANCHOR_END: refcount_heap

/// The steps the pending stack keeps room for. 512 KiB of room is above
/// glibc's mmap threshold, so the stack lives in a mapping of its own: in
/// the heap proper, the block a cascade grew would stay at the heap's top,
/// and a live block there keeps `free` from giving back the memory below
/// it (chapter 8). Room never written costs no resident memory.
const PENDING_ROOM: usize = 1 << 16;

impl Default for RefCountHeap {
    fn default() -> RefCountHeap {
        RefCountHeap {
            heap: Heap::default(),
            pending: Vec::with_capacity(PENDING_ROOM),
            pending_peak: 0,
            trashcan: Trashcan::default(),
            tracer: None,
        }
    }
}

impl std::fmt::Debug for RefCountHeap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefCountHeap")
            .field("stats", &self.heap.stats())
            .field("pending", &self.pending)
            .field("trashcan", &self.trashcan)
            .finish()
    }
}

impl RefCountHeap {
    /// An empty heap.
    pub fn new() -> RefCountHeap {
        RefCountHeap::default()
    }

    /// The objects.
    pub fn heap(&self) -> &Heap {
        &self.heap
    }

    /// The objects, for changing one's payload. Changing which references an
    /// object holds must go with the matching `incref`/`decref`.
    pub fn heap_mut(&mut self) -> &mut Heap {
        &mut self.heap
    }

    /// Sends every event from now on to `tracer`.
    pub fn set_tracer(&mut self, tracer: Box<dyn Tracer>) {
        self.tracer = Some(tracer);
    }

    /// The heap's counters.
    pub fn stats(&self) -> HeapStats {
        self.heap.stats()
    }

    /// The most steps that were ever pending at once since the heap was made.
    pub fn pending_peak(&self) -> usize {
        self.pending_peak
    }

    /// The trashcan's state: how deep deallocations nest now, what is parked.
    pub fn trashcan(&self) -> &Trashcan {
        &self.trashcan
    }

    /// Creates an object with a count of 1: the caller owns that reference.
    pub fn alloc(&mut self, payload: Payload) -> ObjRef {
        let r = self.heap.alloc(payload);
        self.trace(Event::Alloc(r));
        r
    }

    /// Makes `r` immortal: counting leaves it alone from now on.
    pub fn make_immortal(&mut self, r: ObjRef) {
        flags::set_immortal(&mut self.heap.get_mut(r).header);
    }

    // ANCHOR: incref
    /// Adds a reference to `r`. CPython: `Py_INCREF`.
    pub fn incref(&mut self, r: ObjRef) {
        let header = &mut self.heap.get_mut(r).header;
        if flags::is_immortal(header) {
            return;
        }
        let old = header.refcount;
        header.refcount = old + 1;
        self.trace(Event::Incref { obj: r, old });
    }
    // ANCHOR_END: incref

    // ANCHOR: decref
    /// Drops a reference to `r`, freeing whatever that leaves unreferenced.
    /// Objects with a `__del__` are freed without it: use [`decref_with`]
    /// (or `begin_decref`/`continue_decref`) to run finalizers. CPython: `Py_DECREF`.
    ///
    /// [`decref_with`]: RefCountHeap::decref_with
    pub fn decref(&mut self, r: ObjRef) {
        self.decref_with(r, |_, _| {});
    }

    /// Drops a reference to `r`; `run_finalizer` is called for every object
    /// whose `__del__` must run, while the object is still intact (the loop
    /// lends it one reference for the call).
    pub fn decref_with(&mut self, r: ObjRef, mut run_finalizer: impl FnMut(&mut Self, ObjRef)) {
        let watermark = self.begin_decref(r);
        while let Some(object) = self.continue_decref(watermark) {
            run_finalizer(self, object);
            self.end_finalizer(object);
        }
    }
    // ANCHOR_END: decref

    // ANCHOR: begin_decref
    /// Starts dropping a reference to `r`: records where this decref's work
    /// begins on the stack and pushes the decref there.
    pub fn begin_decref(&mut self, r: ObjRef) -> Watermark {
        let watermark = Watermark(self.pending.len());
        self.push(Step::Decref(r));
        watermark
    }
    // ANCHOR_END: begin_decref

    // ANCHOR: trashcan
    /// Does the pending steps down to `watermark`, as the recursion would.
    ///
    /// Returns `None` when they are all done, or `Some(object)` when `object`
    /// reached zero and its `__del__` must run first. The object then holds
    /// one reference lent to the interpreter; after `__del__`, the interpreter
    /// gives it back with [`end_finalizer`](RefCountHeap::end_finalizer) and
    /// calls this again with the same watermark.
    pub fn continue_decref(&mut self, watermark: Watermark) -> Option<ObjRef> {
        while self.pending.len() > watermark.0 {
            let step = self.pending.pop()?;
            let finalize = match step {
                Step::Decref(r) if self.drop_reference(r) > 0 => None,
                Step::Decref(r) => self.dealloc(r),
                Step::Finalized(r) if self.drop_reference(r) > 0 => None,
                Step::Finalized(r) => {
                    self.free(r);
                    None
                }
                Step::EndGuarded => {
                    if self.trashcan.end() {
                        self.push(Step::DestroyChain);
                    }
                    None
                }
                Step::DestroyChain => match self.trashcan.next_deposited() {
                    Some(r) => {
                        self.push(Step::DestroyChain);
                        self.dealloc(r)
                    }
                    None => None,
                },
            };
            if finalize.is_some() {
                return finalize;
            }
        }
        self.shrink_pending();
        None
    }
    // ANCHOR_END: trashcan

    /// Gives back the memory of a pending stack that a large cascade (a
    /// list of millions of items) grew, once it is empty again: CPython's
    /// recursion leaves nothing behind, and neither should its stand-in.
    fn shrink_pending(&mut self) {
        if self.pending.is_empty() && self.pending.capacity() > PENDING_ROOM {
            self.pending.shrink_to(PENDING_ROOM);
        }
    }

    // ANCHOR: dealloc
    /// `_Py_Dealloc(r)`, whose count is zero: the trashcan decides first
    /// (now, one level deeper, or later), then `__del__` if it must run,
    /// then the object is freed. Returns the object when `__del__` must run.
    fn dealloc(&mut self, r: ObjRef) -> Option<ObjRef> {
        match self.trashcan.begin(&self.heap, r) {
            Begin::Deposited => return None,
            // Below everything the object releases: the recursion reaches
            // `Py_TRASHCAN_END` when all of it is done.
            Begin::Entered => self.push(Step::EndGuarded),
            Begin::Unguarded => {}
        }
        if needs_finalizer(&self.heap, r) || flags::is_weakly_referenced(&self.heap.get(r).header) {
            self.lend_to_finalizer(r);
            return Some(r);
        }
        self.free(r);
        None
    }
    // ANCHOR_END: dealloc

    /// Gives back the reference lent for `__del__`: the next `continue_decref`
    /// frees `object` unless `__del__` stored it somewhere (resurrection).
    pub fn end_finalizer(&mut self, object: ObjRef) {
        self.push(Step::Finalized(object));
    }

    /// Number of steps pending.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    fn push(&mut self, step: Step) {
        self.pending.push(step);
        self.pending_peak = self.pending_peak.max(self.pending.len());
    }

    // ANCHOR: drop_reference
    /// Removes one from `r`'s count and returns the new count (immortal
    /// objects report 1: they never reach zero).
    fn drop_reference(&mut self, r: ObjRef) -> usize {
        let header = &mut self.heap.get_mut(r).header;
        if flags::is_immortal(header) {
            return 1;
        }
        let old = header.refcount;
        assert!(old > 0, "decref of {r:?}, whose count is already zero");
        header.refcount = old - 1;
        self.trace(Event::Decref { obj: r, old });
        old - 1
    }
    // ANCHOR_END: drop_reference

    /// Marks `r` finalized and lends it the one reference `__del__`'s `self` needs.
    /// CPython: `PyObject_CallFinalizerFromDealloc` resurrects the object the same way.
    fn lend_to_finalizer(&mut self, r: ObjRef) {
        self.trace(Event::Finalize(r));
        let del_due = needs_finalizer(&self.heap, r);
        let header = &mut self.heap.get_mut(r).header;
        if del_due {
            flags::set_finalized(header);
            header.flags |= flags::DEL_DUE;
        }
        header.refcount = 1;
    }

    // ANCHOR: deallocate
    /// Frees `r`, whose count is zero, and schedules the release of every
    /// reference it held, first to release on top. CPython: the body of the
    /// type's `tp_dealloc`.
    fn free(&mut self, r: ObjRef) {
        self.trace(Event::Free(r));
        let object = self.heap.release(r);
        let held = crate::dealloc::release_order(object.payload);
        self.pending
            .extend(held.into_iter().rev().map(Step::Decref));
        self.pending_peak = self.pending_peak.max(self.pending.len());
    }
    // ANCHOR_END: deallocate

    fn trace(&mut self, event: Event) {
        if let Some(tracer) = self.tracer.as_mut() {
            tracer.event(&self.heap, event);
        }
    }
}
