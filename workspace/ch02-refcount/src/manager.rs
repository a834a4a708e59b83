//! [`MemoryManager`]: what the interpreter asks of the memory manager, whatever the stage.
//!
//! Every chapter's stage implements this trait by building on the previous
//! chapter's (a cycle collector wraps a [`RefCountHeap`], an allocator sits
//! under it...), so `minipy --stage NAME` only picks an implementation.
//! The interpreter calls it through `dyn`, one indirect call per operation.
//!
//! Two implementations live here:
//! - chapter 1's [`Heap`]: allocates, never frees, ignores counts;
//! - chapter 2's [`RefCountHeap`]: counts, frees at zero, cascades, hands
//!   `__del__` back to the interpreter.
//!
//! The decref protocol for an interpreter that runs `__del__`:
//!
//! ```text
//! let mark = manager.begin_decref(r);
//! while let Some(object) = manager.continue_decref(mark) {
//!     run object.__del__()          // may decref other objects: nested, same protocol
//!     manager.end_finalizer(object);
//! }
//! ```

use ch01_objects::{Heap, HeapStats, ObjRef, Payload};

use crate::event::{Event, Tracer};
use crate::refcount::{RefCountHeap, Watermark};

/// What one collection found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CollectionReport {
    /// What `gc.collect()` returns: the unreachable objects found, counted
    /// as CPython 3.11 counts its objects (see chapter 4).
    pub found: usize,
    /// Unreachable objects the collector could not free, oldest first, for
    /// `gc.garbage` (borrowed: they are alive, held by their cycles).
    pub uncollectable: Vec<ObjRef>,
    /// Objects freeing the garbage left at zero that have a `__del__` to
    /// run: the interpreter runs each and then drops the one reference it
    /// is handed with each.
    pub to_finalize: Vec<ObjRef>,
}

/// One generation's line of `gc.get_stats()`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GenerationStats {
    /// How many times it was collected.
    pub collections: usize,
    /// Unreachable objects its collections found (what `gc.collect()` returns).
    pub collected: usize,
    /// Uncollectable objects they found.
    pub uncollectable: usize,
}

/// The memory manager as the interpreter sees it.
pub trait MemoryManager {
    /// The stage's name, as `--stage` spells it.
    fn stage_name(&self) -> &'static str;
    /// The objects.
    fn heap(&self) -> &Heap;
    /// The objects, for changing payloads (with matching incref/decref).
    fn heap_mut(&mut self) -> &mut Heap;
    /// Creates an object; the caller owns its one reference.
    fn alloc(&mut self, payload: Payload) -> ObjRef;
    /// Adds a reference. CPython: `Py_INCREF`.
    fn incref(&mut self, r: ObjRef);
    /// Starts dropping a reference (see the module docs for the protocol).
    fn begin_decref(&mut self, r: ObjRef) -> Watermark;
    /// Goes on with the decrefs above `watermark`; `Some(object)` asks for its `__del__`.
    fn continue_decref(&mut self, watermark: Watermark) -> Option<ObjRef>;
    /// Gives back the reference lent to `object` for its `__del__`.
    fn end_finalizer(&mut self, object: ObjRef);
    /// Makes `r` live as long as the interpreter (None, True, False, small ints).
    fn make_immortal(&mut self, r: ObjRef);
    /// True if this stage frees objects when their count reaches zero
    /// (`sys.getrefcount` is meaningful).
    fn counts_references(&self) -> bool;
    /// Runs a full collection and says what it found. Stages before the
    /// cycle collector find nothing. CPython: `gc.collect()`.
    fn collect(&mut self) -> CollectionReport {
        CollectionReport::default()
    }
    /// Whether the collector follows `r`, on a stage that has a collector.
    /// CPython: `gc.is_tracked`.
    fn is_tracked(&self, _r: ObjRef) -> Option<bool> {
        None
    }
    /// Every object the collector follows, in its lists' order, on a stage
    /// that has a collector. CPython: `gc.get_objects()`.
    fn tracked_objects(&mut self) -> Option<Vec<ObjRef>> {
        None
    }
    /// Collects `generation` and the younger ones (0, 1 or 2; 2 is a full
    /// collection). Stages without generations collect everything.
    /// CPython: `gc.collect(generation)`.
    fn collect_generation(&mut self, _generation: usize) -> CollectionReport {
        self.collect()
    }
    /// Starts a collection of `generation` that runs finalizers (chapter
    /// 6, PEP 442): finds the garbage and returns it, in order, for the
    /// interpreter to offer each object to [`claim_for_finalizer`] and run
    /// the `__del__` of those claimed, before [`finish_collection`] frees
    /// what is still garbage. `None` on stages that do not run finalizers
    /// in collections: the interpreter calls [`collect_generation`] instead.
    ///
    /// [`claim_for_finalizer`]: MemoryManager::claim_for_finalizer
    /// [`finish_collection`]: MemoryManager::finish_collection
    /// [`collect_generation`]: MemoryManager::collect_generation
    fn begin_collection(&mut self, _generation: usize) -> Option<Vec<ObjRef>> {
        None
    }
    /// True if [`begin_collection`](MemoryManager::begin_collection) runs
    /// finalizers on garbage (chapter 6 and later).
    fn finalizes_garbage(&self) -> bool {
        false
    }
    /// True if `r` is still alive, still in the garbage being collected,
    /// and has a `__del__` that has not run: it is then marked finalized,
    /// and the interpreter runs it. CPython: the test in `finalize_garbage`.
    fn claim_for_finalizer(&mut self, _r: ObjRef) -> bool {
        false
    }
    /// True if `r` is part of the garbage of the collection under way
    /// (between `begin_collection` and `finish_collection`).
    fn is_in_collected_garbage(&self, _r: ObjRef) -> bool {
        false
    }
    /// Ends the collection [`begin_collection`] started: what the
    /// finalizers resurrected survives, the rest is freed.
    ///
    /// [`begin_collection`]: MemoryManager::begin_collection
    fn finish_collection(&mut self) -> CollectionReport {
        CollectionReport::default()
    }
    /// True when the last allocation crossed the threshold of generation 0
    /// (chapter 5): the interpreter then asks [`due_generation`], runs that
    /// collection, and calls [`end_automatic_collection`].
    ///
    /// [`due_generation`]: MemoryManager::due_generation
    /// [`end_automatic_collection`]: MemoryManager::end_automatic_collection
    fn collection_due(&self) -> bool {
        false
    }
    /// The generation an automatic collection should collect now, if any.
    /// CPython: the choice `gc_collect_generations` makes.
    fn due_generation(&mut self) -> Option<usize> {
        None
    }
    /// The automatic collection is over: the object whose allocation
    /// triggered it starts being tracked (CPython tracks it after it is
    /// built, so the collection never sees it).
    fn end_automatic_collection(&mut self) {}
    /// `gc.get_count()`, on a stage with generations.
    fn gc_count(&mut self) -> Option<[usize; 3]> {
        None
    }
    /// Leaves the collector as CPython 3.11's start-up leaves its own, for
    /// a program's first collections to come when python3's do: every
    /// object made so far in the oldest generation, `count`, and free lists
    /// of these lengths. A stage without generations ignores it.
    fn settle_after_startup(
        &mut self,
        _count: [usize; 3],
        _free_lists: &ch01_objects::free_lists::FreeLists,
    ) {
    }
    /// CPython makes and frees a container of this kind here (a call's
    /// argument tuple) that the interpreter does not: the stage counts it as
    /// CPython's collector would, free lists included, without the object.
    fn note_transient(&mut self, _kind: &Payload) {}
    /// CPython makes a container of this kind here, as a part of an object
    /// the interpreter keeps it inside (an exception's `__dict__`, made when
    /// its first attribute is set): the stage counts it as made, free lists
    /// included, and it is counted as freed with that object (see
    /// `ch01_objects::free_lists`). True if the count has now crossed the
    /// threshold: the interpreter then collects, as CPython would inside
    /// the allocation.
    fn note_hidden_part(&mut self, _kind: &Payload) -> bool {
        false
    }
    /// The hidden part of an object that is still alive is gone (it became
    /// an object of its own): counted as freed, free lists included.
    fn release_hidden_part(&mut self, _kind: &Payload) {}
    /// `gc.set_threshold`: the stage schedules its collections by these.
    fn set_gc_thresholds(&mut self, _thresholds: [usize; 3]) {}
    /// `gc.enable()` and `gc.disable()`.
    fn set_gc_enabled(&mut self, _enabled: bool) {}
    /// `gc.set_debug(flags)`: the stage describes what its collections find
    /// (`DEBUG_COLLECTABLE`, `DEBUG_UNCOLLECTABLE`) and keeps the garbage
    /// instead of freeing it (`DEBUG_SAVEALL`).
    fn set_gc_debug(&mut self, _flags: u32) {}
    /// The debugging lines (`gc: collectable <list 0x...>`) the stage has
    /// written since the last call, for the interpreter to print on stderr.
    fn take_gc_messages(&mut self) -> Vec<String> {
        Vec::new()
    }
    /// `gc.get_stats()`, on a stage with generations.
    fn gc_stats(&self) -> Option<[GenerationStats; 3]> {
        None
    }
    /// The tracked objects of one generation (`Some(3)`: the permanent one),
    /// or of all of them. CPython: `gc.get_objects(generation)`.
    fn generation_members(&mut self, _generation: Option<usize>) -> Option<Vec<ObjRef>> {
        None
    }
    /// `gc.freeze()`: every tracked object moves to the permanent
    /// generation, which no collection looks at.
    fn freeze(&mut self) {}
    /// `gc.unfreeze()`: the permanent generation joins the oldest.
    fn unfreeze(&mut self) {}
    /// `gc.get_freeze_count()`.
    fn freeze_count(&mut self) -> usize {
        0
    }
    /// `item` (a key or a value) was just stored in the dict `dict`: a stage
    /// with a collector starts following the dict if `item` may be part of
    /// a cycle. CPython: `MAINTAIN_TRACKING` in `Objects/dictobject.c`.
    fn maintain_tracking(&mut self, _dict: ObjRef, _item: ObjRef) {}
    /// Sends every event from now on to `tracer`.
    fn set_tracer(&mut self, tracer: Box<dyn Tracer>);
    /// The heap's counters.
    fn stats(&self) -> HeapStats {
        self.heap().stats()
    }
}

/// Chapter 1's stage: a heap that never frees. Counts are not maintained.
#[derive(Default)]
pub struct NeverFree {
    heap: Heap,
    tracer: Option<Box<dyn Tracer>>,
}

impl NeverFree {
    /// An empty heap.
    pub fn new() -> NeverFree {
        NeverFree::default()
    }
}

impl MemoryManager for NeverFree {
    fn stage_name(&self) -> &'static str {
        "objects"
    }
    fn heap(&self) -> &Heap {
        &self.heap
    }
    fn heap_mut(&mut self) -> &mut Heap {
        &mut self.heap
    }
    fn alloc(&mut self, payload: Payload) -> ObjRef {
        let r = self.heap.alloc(payload);
        if let Some(tracer) = self.tracer.as_mut() {
            tracer.event(&self.heap, Event::Alloc(r));
        }
        r
    }
    fn incref(&mut self, _r: ObjRef) {}
    fn begin_decref(&mut self, _r: ObjRef) -> Watermark {
        Watermark(0)
    }
    fn continue_decref(&mut self, _watermark: Watermark) -> Option<ObjRef> {
        None
    }
    fn end_finalizer(&mut self, _object: ObjRef) {}
    fn make_immortal(&mut self, _r: ObjRef) {}
    fn counts_references(&self) -> bool {
        false
    }
    fn set_tracer(&mut self, tracer: Box<dyn Tracer>) {
        self.tracer = Some(tracer);
    }
}

impl MemoryManager for RefCountHeap {
    fn stage_name(&self) -> &'static str {
        "refcount"
    }
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
        RefCountHeap::incref(self, r)
    }
    fn begin_decref(&mut self, r: ObjRef) -> Watermark {
        RefCountHeap::begin_decref(self, r)
    }
    fn continue_decref(&mut self, watermark: Watermark) -> Option<ObjRef> {
        RefCountHeap::continue_decref(self, watermark)
    }
    fn end_finalizer(&mut self, object: ObjRef) {
        RefCountHeap::end_finalizer(self, object)
    }
    fn make_immortal(&mut self, r: ObjRef) {
        RefCountHeap::make_immortal(self, r)
    }
    fn counts_references(&self) -> bool {
        true
    }
    fn set_tracer(&mut self, tracer: Box<dyn Tracer>) {
        RefCountHeap::set_tracer(self, tracer)
    }
}
