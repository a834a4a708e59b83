//! [`Counter`]: the two operations every rule of this chapter is made of.
//!
//! Binding, rebinding, `del` and returning from a function are each a few
//! increfs and decrefs in a particular order. The rules are written against
//! this trait rather than a particular heap, so the same code runs in the
//! tests on a bare [`RefCountHeap`] and in `minipy`, whose decref runs
//! `__del__` methods (chapter 2's `begin_decref`/`continue_decref` protocol).
//!
//! Two implementations live here:
//! - [`RefCountHeap`] itself: a decref frees at zero and skips `__del__`;
//! - [`WithFinalizers`]: a `RefCountHeap` plus a closure that stands in for
//!   the interpreter's `__del__`, so tests can watch objects go.

use ch01_objects::{Heap, ObjRef, Payload};
use ch02_refcount::RefCountHeap;

// ANCHOR: counter
/// What the rules of this chapter need from the memory manager.
pub trait Counter {
    /// The objects, to read.
    fn heap(&self) -> &Heap;
    /// The objects, to change a container's payload (with matching counts).
    fn heap_mut(&mut self) -> &mut Heap;
    /// Creates an object; the caller owns its one reference.
    fn alloc(&mut self, payload: Payload) -> ObjRef;
    /// Adds a reference. CPython: `Py_INCREF`.
    fn incref(&mut self, r: ObjRef);
    /// Drops a reference, freeing (and finalizing) whatever that leaves
    /// unreferenced. CPython: `Py_DECREF`.
    fn decref(&mut self, r: ObjRef);
}
// ANCHOR_END: counter

impl Counter for RefCountHeap {
    fn heap(&self) -> &Heap {
        RefCountHeap::heap(self)
    }
    fn heap_mut(&mut self) -> &mut Heap {
        RefCountHeap::heap_mut(self)
    }
    fn alloc(&mut self, payload: Payload) -> ObjRef {
        RefCountHeap::alloc(self, payload)
    }
    fn incref(&mut self, r: ObjRef) {
        RefCountHeap::incref(self, r);
    }
    fn decref(&mut self, r: ObjRef) {
        RefCountHeap::decref(self, r);
    }
}

/// A [`RefCountHeap`] whose decrefs call `run_del` for every object whose
/// `__del__` must run, as the interpreter would.
pub struct WithFinalizers<'h, F> {
    heap: &'h mut RefCountHeap,
    run_del: F,
}

impl<'h, F: FnMut(&mut RefCountHeap, ObjRef)> WithFinalizers<'h, F> {
    /// Wraps `heap`; `run_del(heap, object)` plays `object.__del__()`.
    pub fn new(heap: &'h mut RefCountHeap, run_del: F) -> Self {
        WithFinalizers { heap, run_del }
    }

    /// The heap underneath, to build objects with between two rules.
    pub fn refcount_heap(&mut self) -> &mut RefCountHeap {
        self.heap
    }
}

impl<F: FnMut(&mut RefCountHeap, ObjRef)> Counter for WithFinalizers<'_, F> {
    fn heap(&self) -> &Heap {
        self.heap.heap()
    }
    fn heap_mut(&mut self) -> &mut Heap {
        self.heap.heap_mut()
    }
    fn alloc(&mut self, payload: Payload) -> ObjRef {
        self.heap.alloc(payload)
    }
    fn incref(&mut self, r: ObjRef) {
        self.heap.incref(r);
    }
    fn decref(&mut self, r: ObjRef) {
        self.heap.decref_with(r, &mut self.run_del);
    }
}
