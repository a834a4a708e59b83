//! [`FinalizersStage`]: the runtime as it stands at the end of chapter 6,
//! for `minipy --stage finalizers`, the first stage whose collector frees
//! everything CPython 3.11's frees.
//!
//! Chapter 5's generations and schedule, unchanged; a collection is split
//! in two around the finalizers the interpreter runs:
//!
//! ```text
//!   begin_collection(g)   find the garbage (chapter 5), mark it, hand it over
//!   claim_for_finalizer   for each: alive, still garbage, __del__ not run?
//!   (interpreter)         run the __del__ of each one claimed
//!   finish_collection     resurrected → older generation; the rest is freed
//! ```

use ch01_objects::{Heap, ObjRef, Payload};
use ch02_refcount::{
    CollectionReport, GenerationStats, MemoryManager, RefCountHeap, Tracer, Watermark,
};
use ch03_names::Counter;
use ch04_cycles::collector::debug;
use ch05_generations::GenerationsStage;
use ch05_generations::collect::{Found, find_garbage, free_garbage};

use crate::finalize;
use crate::resurrection::{handle_resurrected, mark_garbage};

/// Chapter 5's collector, with PEP 442 finalizers.
#[derive(Debug, Default)]
pub struct FinalizersStage {
    inner: GenerationsStage,
    /// The collection between `begin_collection` and `finish_collection`.
    in_progress: Option<Found>,
}

impl FinalizersStage {
    /// An empty heap.
    pub fn new() -> FinalizersStage {
        FinalizersStage::default()
    }

    /// The counting heap underneath.
    pub fn refcount_heap(&mut self) -> &mut RefCountHeap {
        self.inner.refcount_heap()
    }

    // ANCHOR: begin_collection
    /// Finds the garbage of a collection of `generation` and returns it,
    /// marked, in order, for the interpreter's finalizers.
    pub fn begin(&mut self, generation: usize) -> Vec<ObjRef> {
        if self.in_progress.is_some() {
            // A collection is already under way (CPython refuses to start
            // one while `collecting` is set; the interpreter does too).
            return Vec::new();
        }
        self.inner.generations();
        let (heap, generations) = self.inner.parts();
        let found = find_garbage(heap, generations, generation);
        mark_garbage(heap.heap_mut(), &found.unreachable);
        let garbage = found.unreachable.clone();
        self.inner
            .describe(debug::COLLECTABLE, "collectable", &garbage);
        self.in_progress = Some(found);
        garbage
    }
    // ANCHOR_END: begin_collection

    // ANCHOR: finish_collection
    /// Keeps what the finalizers resurrected and frees the rest.
    pub fn finish(&mut self) -> CollectionReport {
        let Some(mut found) = self.in_progress.take() else {
            return CollectionReport::default();
        };
        let (heap, generations) = self.inner.parts();
        let (resurrected, still_garbage) = handle_resurrected(heap.heap_mut(), &found.unreachable);
        for &r in &resurrected {
            generations.lists[found.older].append(heap.heap(), r);
        }
        found.unreachable = still_garbage.clone();
        let save_all = self.inner.debug_flags() & debug::SAVEALL != 0;
        let (heap, generations) = self.inner.parts();
        let freed = free_garbage(heap, generations, found, &still_garbage, &[], save_all);
        CollectionReport {
            found: freed.count(),
            // Nothing is uncollectable since PEP 442; with DEBUG_SAVEALL
            // the garbage is kept here, for `gc.garbage`.
            uncollectable: freed.uncollectable,
            to_finalize: freed.to_finalize,
        }
    }
    // ANCHOR_END: finish_collection
}

impl MemoryManager for FinalizersStage {
    fn stage_name(&self) -> &'static str {
        "finalizers"
    }
    fn heap(&self) -> &Heap {
        MemoryManager::heap(&self.inner)
    }
    fn heap_mut(&mut self) -> &mut Heap {
        MemoryManager::heap_mut(&mut self.inner)
    }
    fn alloc(&mut self, payload: Payload) -> ObjRef {
        MemoryManager::alloc(&mut self.inner, payload)
    }
    fn incref(&mut self, r: ObjRef) {
        MemoryManager::incref(&mut self.inner, r);
    }
    fn begin_decref(&mut self, r: ObjRef) -> Watermark {
        self.inner.begin_decref(r)
    }
    fn continue_decref(&mut self, watermark: Watermark) -> Option<ObjRef> {
        self.inner.continue_decref(watermark)
    }
    fn end_finalizer(&mut self, object: ObjRef) {
        self.inner.end_finalizer(object);
    }
    fn make_immortal(&mut self, r: ObjRef) {
        self.inner.make_immortal(r);
    }
    fn counts_references(&self) -> bool {
        true
    }
    /// A collection without an interpreter to run finalizers: the garbage's
    /// `__del__` methods are not run (an object freed by the clearing is
    /// still handed back in `to_finalize`).
    fn collect(&mut self) -> CollectionReport {
        self.collect_generation(ch05_generations::NUM_GENERATIONS - 1)
    }
    fn collect_generation(&mut self, generation: usize) -> CollectionReport {
        self.begin(generation);
        self.finish()
    }
    fn begin_collection(&mut self, generation: usize) -> Option<Vec<ObjRef>> {
        Some(self.begin(generation))
    }
    fn finalizes_garbage(&self) -> bool {
        true
    }
    fn claim_for_finalizer(&mut self, r: ObjRef) -> bool {
        finalize::claim(MemoryManager::heap_mut(&mut self.inner), r)
    }
    fn is_in_collected_garbage(&self, r: ObjRef) -> bool {
        MemoryManager::heap(&self.inner)
            .try_get(r)
            .is_some_and(|object| crate::flags::is_in_garbage(&object.header))
    }
    fn finish_collection(&mut self) -> CollectionReport {
        self.finish()
    }
    fn collection_due(&self) -> bool {
        self.inner.collection_due()
    }
    fn due_generation(&mut self) -> Option<usize> {
        self.inner.due_generation()
    }
    fn end_automatic_collection(&mut self) {
        self.inner.end_automatic_collection();
    }
    fn is_tracked(&self, r: ObjRef) -> Option<bool> {
        self.inner.is_tracked(r)
    }
    fn tracked_objects(&mut self) -> Option<Vec<ObjRef>> {
        self.inner.tracked_objects()
    }
    fn generation_members(&mut self, generation: Option<usize>) -> Option<Vec<ObjRef>> {
        self.inner.generation_members(generation)
    }
    fn maintain_tracking(&mut self, dict: ObjRef, item: ObjRef) {
        self.inner.maintain_tracking(dict, item);
    }
    fn gc_count(&mut self) -> Option<[usize; 3]> {
        self.inner.gc_count()
    }
    fn set_gc_thresholds(&mut self, thresholds: [usize; 3]) {
        self.inner.set_gc_thresholds(thresholds);
    }
    fn note_transient(&mut self, kind: &Payload) {
        self.inner.note_transient(kind);
    }
    fn note_hidden_part(&mut self, kind: &Payload) -> bool {
        self.inner.note_hidden_part(kind)
    }
    fn release_hidden_part(&mut self, kind: &Payload) {
        self.inner.release_hidden_part(kind);
    }
    fn settle_after_startup(
        &mut self,
        count: [usize; 3],
        free_lists: &ch01_objects::free_lists::FreeLists,
    ) {
        self.inner.settle_after_startup(count, free_lists);
    }
    fn set_gc_enabled(&mut self, enabled: bool) {
        self.inner.set_gc_enabled(enabled);
    }
    fn set_gc_debug(&mut self, flags: u32) {
        self.inner.set_gc_debug(flags);
    }
    fn take_gc_messages(&mut self) -> Vec<String> {
        self.inner.take_gc_messages()
    }
    fn gc_stats(&self) -> Option<[GenerationStats; 3]> {
        self.inner.gc_stats()
    }
    fn freeze(&mut self) {
        self.inner.freeze();
    }
    fn unfreeze(&mut self) {
        self.inner.unfreeze();
    }
    fn freeze_count(&mut self) -> usize {
        self.inner.freeze_count()
    }
    fn set_tracer(&mut self, tracer: Box<dyn Tracer>) {
        self.inner.set_tracer(tracer);
    }
}

/// Chapter 3's rules (names, `del`, scopes) on this stage. Decrefs skip
/// `__del__`, as on a bare [`RefCountHeap`].
impl Counter for FinalizersStage {
    fn heap(&self) -> &Heap {
        MemoryManager::heap(&self.inner)
    }
    fn heap_mut(&mut self) -> &mut Heap {
        MemoryManager::heap_mut(&mut self.inner)
    }
    fn alloc(&mut self, payload: Payload) -> ObjRef {
        Counter::alloc(&mut self.inner, payload)
    }
    fn incref(&mut self, r: ObjRef) {
        Counter::incref(&mut self.inner, r);
    }
    fn decref(&mut self, r: ObjRef) {
        Counter::decref(&mut self.inner, r);
    }
}
