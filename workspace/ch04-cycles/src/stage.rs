//! [`CyclesStage`]: the runtime as it stands at the end of chapter 4, for
//! `minipy --stage cycles`.
//!
//! Chapter 3's counting, plus one generation: containers are tracked as
//! CPython 3.11 tracks them ([`tracking`]), and
//! [`MemoryManager::collect`] (the interpreter's `gc.collect()`) runs the
//! cycle collector over them. Nothing collects automatically yet: thresholds
//! are chapter 5's. An unreachable object with a `__del__` is left alive for
//! `gc.garbage`, as before Python 3.4 (chapter 6 runs it).

use ch01_objects::{Heap, ObjRef, Payload};
use ch02_refcount::{CollectionReport, MemoryManager, RefCountHeap, Tracer, Watermark};
use ch03_names::Counter;

use crate::collector::{self, Collection};
use crate::tracking::{self, Generation};

/// Reference counting with a cycle collector.
#[derive(Debug, Default)]
pub struct CyclesStage {
    heap: RefCountHeap,
    young: Generation,
}

impl CyclesStage {
    /// An empty heap.
    pub fn new() -> CyclesStage {
        CyclesStage::default()
    }

    /// The counting heap underneath.
    pub fn refcount_heap(&mut self) -> &mut RefCountHeap {
        &mut self.heap
    }

    /// The young generation.
    pub fn generation(&self) -> &Generation {
        &self.young
    }

    /// True if the collector follows `r`. CPython: `gc.is_tracked`.
    pub fn is_tracked(&self, r: ObjRef) -> bool {
        tracking::is_tracked(self.heap.heap(), r)
    }

    /// Stops the collector from following `r`. CPython: `PyObject_GC_UnTrack`.
    pub fn untrack(&mut self, r: ObjRef) {
        self.young.untrack(self.heap.heap_mut(), r);
    }

    /// The tracked objects, oldest first. CPython: `gc.get_objects()`.
    pub fn tracked_objects(&mut self) -> Vec<ObjRef> {
        self.young.members(self.heap.heap())
    }

    /// Runs a full collection and says what it found.
    pub fn collect_garbage(&mut self) -> Collection {
        collector::collect(&mut self.heap, &mut self.young)
    }
}

impl MemoryManager for CyclesStage {
    fn stage_name(&self) -> &'static str {
        "cycles"
    }
    fn heap(&self) -> &Heap {
        self.heap.heap()
    }
    fn heap_mut(&mut self) -> &mut Heap {
        self.heap.heap_mut()
    }
    fn alloc(&mut self, payload: Payload) -> ObjRef {
        let r = self.heap.alloc(payload);
        self.young.on_alloc(self.heap.heap_mut(), r);
        r
    }
    fn incref(&mut self, r: ObjRef) {
        self.heap.incref(r);
    }
    fn begin_decref(&mut self, r: ObjRef) -> Watermark {
        self.heap.begin_decref(r)
    }
    fn continue_decref(&mut self, watermark: Watermark) -> Option<ObjRef> {
        self.heap.continue_decref(watermark)
    }
    fn end_finalizer(&mut self, object: ObjRef) {
        self.heap.end_finalizer(object);
    }
    fn make_immortal(&mut self, r: ObjRef) {
        // CPython's built-in types are static objects, which the collector
        // never follows (its built-in functions are tracked like any other).
        if matches!(self.heap.heap().payload(r), Payload::Class(_)) {
            self.young.untrack(self.heap.heap_mut(), r);
        }
        self.heap.make_immortal(r);
    }
    fn counts_references(&self) -> bool {
        true
    }
    fn collect(&mut self) -> CollectionReport {
        let found = self.collect_garbage();
        CollectionReport {
            found: found.count(),
            uncollectable: found.uncollectable,
            to_finalize: found.to_finalize,
        }
    }
    fn is_tracked(&self, r: ObjRef) -> Option<bool> {
        Some(tracking::is_tracked(self.heap.heap(), r))
    }
    fn tracked_objects(&mut self) -> Option<Vec<ObjRef>> {
        Some(self.young.members(self.heap.heap()))
    }
    fn maintain_tracking(&mut self, dict: ObjRef, item: ObjRef) {
        let heap = self.heap.heap();
        if !tracking::is_tracked(heap, dict) && tracking::may_be_tracked(heap, item) {
            self.young.track(self.heap.heap_mut(), dict);
        }
    }
    fn set_tracer(&mut self, tracer: Box<dyn Tracer>) {
        self.heap.set_tracer(tracer);
    }
}

/// Chapter 3's rules (names, `del`, scopes) on this stage. Decrefs skip
/// `__del__`, as on a bare [`RefCountHeap`].
impl Counter for CyclesStage {
    fn heap(&self) -> &Heap {
        self.heap.heap()
    }
    fn heap_mut(&mut self) -> &mut Heap {
        self.heap.heap_mut()
    }
    fn alloc(&mut self, payload: Payload) -> ObjRef {
        MemoryManager::alloc(self, payload)
    }
    fn incref(&mut self, r: ObjRef) {
        self.heap.incref(r);
    }
    fn decref(&mut self, r: ObjRef) {
        self.heap.decref(r);
    }
}
