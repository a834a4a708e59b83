//! [`RefCountHeap`]: chapter 1's heap with counts that are kept and acted on.
//!
//! `incref` adds one to an object's count. `decref` removes one, and when the
//! count reaches zero the object is deallocated, which drops the references
//! it held, which may bring other counts to zero: the cascade.
//!
//! CPython runs the cascade as a recursion (`Py_DECREF` → `tp_dealloc` →
//! `Py_DECREF` ...), with a "trashcan" that defers objects deeper than 50
//! levels so a long chain cannot overflow the C stack. Here the whole cascade
//! goes through the trashcan: an explicit stack of references whose decref is
//! pending. Popping from it gives the same depth-first order as the recursion.
//!
//! `__del__` is Python code, and this crate cannot run Python. When a count
//! reaches zero on an object whose class defines `__del__`, the trashcan loop
//! stops and hands the object back ([`RefCountHeap::continue_decref`] returns
//! it). The interpreter runs `__del__`, drops the reference it was lent, and
//! calls `continue_decref` again. A `decref` made *inside* `__del__` starts at
//! a higher [`Watermark`] and stops there, so it never processes the outer
//! cascade's pending items out of order.
//!
//! Invariant: between calls the trashcan only holds entries above the
//! watermarks of decrefs still in progress (those interrupted by a `__del__`).

use ch01_objects::{Heap, HeapStats, ObjRef, Payload};

use crate::event::{Event, Tracer};
use crate::finalizer::needs_finalizer;
use crate::flags;

/// The height of the trashcan when a `decref` began: that decref processes
/// entries above it and no others. CPython has no such thing; its C stack
/// frames play this role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Watermark(pub usize);

// ANCHOR: refcount_heap
/// A heap whose objects are freed when their count reaches zero.
#[derive(Default)]
pub struct RefCountHeap {
    heap: Heap,
    /// References whose decref is pending, the next one on top. CPython: the trashcan's list.
    trashcan: Vec<ObjRef>,
    /// The deepest the trashcan has been, for statistics.
    trashcan_peak: usize,
    tracer: Option<Box<dyn Tracer>>,
}
// ANCHOR_END: refcount_heap

impl std::fmt::Debug for RefCountHeap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefCountHeap")
            .field("stats", &self.heap.stats())
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

    /// The deepest the trashcan has been since the heap was made.
    pub fn trashcan_peak(&self) -> usize {
        self.trashcan_peak
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
    /// begins on the trashcan and pushes `r` there.
    pub fn begin_decref(&mut self, r: ObjRef) -> Watermark {
        let watermark = Watermark(self.trashcan.len());
        self.push_pending(r);
        watermark
    }
    // ANCHOR_END: begin_decref

    // ANCHOR: trashcan
    /// Applies pending decrefs down to `watermark`, depth first.
    ///
    /// Returns `None` when they are all done, or `Some(object)` when `object`
    /// reached zero and its `__del__` must run first. The object then holds
    /// one reference lent to the interpreter; after `__del__`, the interpreter
    /// gives it back with [`end_finalizer`](RefCountHeap::end_finalizer) and
    /// calls this again with the same watermark.
    pub fn continue_decref(&mut self, watermark: Watermark) -> Option<ObjRef> {
        while self.trashcan.len() > watermark.0 {
            let r = self.trashcan.pop()?;
            if self.drop_reference(r) > 0 {
                continue;
            }
            if needs_finalizer(&self.heap, r) {
                self.lend_to_finalizer(r);
                return Some(r);
            }
            self.deallocate(r);
        }
        None
    }
    // ANCHOR_END: trashcan

    /// Gives back the reference lent for `__del__`: the next `continue_decref`
    /// frees `object` unless `__del__` stored it somewhere (resurrection).
    pub fn end_finalizer(&mut self, object: ObjRef) {
        self.push_pending(object);
    }

    /// Number of references whose decref is pending.
    pub fn pending(&self) -> usize {
        self.trashcan.len()
    }

    fn push_pending(&mut self, r: ObjRef) {
        self.trashcan.push(r);
        self.trashcan_peak = self.trashcan_peak.max(self.trashcan.len());
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
        let header = &mut self.heap.get_mut(r).header;
        flags::set_finalized(header);
        header.refcount = 1;
    }

    // ANCHOR: deallocate
    /// Frees `r`, whose count is zero, and schedules the release of every
    /// reference it held. CPython: `_Py_Dealloc` → the type's `tp_dealloc`.
    fn deallocate(&mut self, r: ObjRef) {
        self.trace(Event::Free(r));
        let object = self.heap.release(r);
        crate::dealloc::push_contents(object.payload, &mut self.trashcan);
        self.trashcan_peak = self.trashcan_peak.max(self.trashcan.len());
    }
    // ANCHOR_END: deallocate

    fn trace(&mut self, event: Event) {
        if let Some(tracer) = self.tracer.as_mut() {
            tracer.event(&self.heap, event);
        }
    }
}
