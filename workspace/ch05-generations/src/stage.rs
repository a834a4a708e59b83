//! [`GenerationsStage`]: the runtime as it stands at the end of chapter 5,
//! for `minipy --stage generations`.
//!
//! Chapter 4's collector over three generations, run automatically: an
//! allocation that takes `count[0]` past its threshold tells the
//! interpreter, which asks for the due generation, collects it (running
//! `gc.callbacks` around it) and then lets the stage track the new object.
//! Objects with a `__del__` in garbage are still chapter 4's uncollectable
//! ones (chapter 6 runs them).

use ch01_objects::{Heap, ObjRef, Payload};
use ch02_refcount::{
    CollectionReport, GenerationStats, MemoryManager, RefCountHeap, Tracer, Watermark,
};
use ch03_names::Counter;
use ch04_cycles::{flags, tracking};

use ch04_cycles::collector::{debug, debug_line, move_legacy_finalizers};

use crate::collect::{find_garbage, free_garbage};
use crate::generations::{Generations, NUM_GENERATIONS};

/// Reference counting with a generational cycle collector.
#[derive(Debug, Default)]
pub struct GenerationsStage {
    heap: RefCountHeap,
    generations: Generations,
    /// The heap's count of freed containers when `count[0]` last caught up.
    seen_releases: u64,
    /// The container whose allocation made a collection due, tracked once
    /// the collection is over.
    pending: Option<ObjRef>,
    /// `gc.set_debug` flags.
    debug: u32,
    /// Debugging lines not yet taken by the interpreter.
    messages: Vec<String>,
}

impl GenerationsStage {
    /// An empty heap.
    pub fn new() -> GenerationsStage {
        GenerationsStage::default()
    }

    /// The counting heap underneath.
    pub fn refcount_heap(&mut self) -> &mut RefCountHeap {
        &mut self.heap
    }

    /// The generations, their counts and thresholds.
    pub fn generations(&mut self) -> &mut Generations {
        self.catch_up_with_frees();
        &mut self.generations
    }

    /// The counting heap and the generations together, for a later
    /// chapter's collector that drives the phases itself.
    pub fn parts(&mut self) -> (&mut RefCountHeap, &mut Generations) {
        (&mut self.heap, &mut self.generations)
    }

    /// Brings `count[0]` up to date with the containers freed since.
    fn catch_up_with_frees(&mut self) {
        let releases = self.heap.heap().container_releases();
        let frees = (releases - self.seen_releases) as usize;
        self.seen_releases = releases;
        self.generations.note_frees(frees);
    }

    /// Starts following a new object, if CPython would from its birth.
    fn track_new(&mut self, r: ObjRef) {
        if tracking::tracked_from_birth(self.heap.heap(), r) {
            self.track(r);
        }
    }

    /// Starts following `r` in generation 0.
    fn track(&mut self, r: ObjRef) {
        self.generations.lists[0].track(self.heap.heap_mut(), r);
    }

    /// Collects `generation` and the younger ones.
    pub fn collect_generation(&mut self, generation: usize) -> CollectionReport {
        self.catch_up_with_frees();
        let found = find_garbage(&mut self.heap, &mut self.generations, generation);
        let (collectable, uncollectable) =
            move_legacy_finalizers(self.heap.heap(), &found.unreachable);
        self.describe(debug::COLLECTABLE, "collectable", &collectable);
        self.describe(debug::UNCOLLECTABLE, "uncollectable", &uncollectable);
        let save_all = self.debug & debug::SAVEALL != 0;
        let freed = free_garbage(
            &mut self.heap,
            &mut self.generations,
            found,
            &collectable,
            &uncollectable,
            save_all,
        );
        CollectionReport {
            found: freed.count(),
            uncollectable: freed.uncollectable,
            to_finalize: freed.to_finalize,
        }
    }

    /// `gc.set_debug` flags.
    pub fn debug_flags(&self) -> u32 {
        self.debug
    }

    /// Writes a debugging line for each of `objects` if `flag` is set.
    pub fn describe(&mut self, flag: u32, what: &str, objects: &[ObjRef]) {
        if self.debug & flag != 0 {
            for &r in objects {
                let line = debug_line(self.heap.heap(), what, r);
                self.messages.push(line);
            }
        }
    }
}

impl MemoryManager for GenerationsStage {
    fn stage_name(&self) -> &'static str {
        "generations"
    }
    fn heap(&self) -> &Heap {
        self.heap.heap()
    }
    fn heap_mut(&mut self) -> &mut Heap {
        self.heap.heap_mut()
    }
    // ANCHOR: alloc
    fn alloc(&mut self, payload: Payload) -> ObjRef {
        let r = self.heap.alloc(payload);
        let heap = self.heap.heap_mut();
        // An object CPython would take from a free list skips the count.
        let mut made = usize::from(heap.payload(r).is_container() && !heap.take_from_free_list(r));
        // So do the parts CPython makes with it (a class's dict) that it takes from one.
        made += heap.take_parts_from_free_lists(r);
        if made > 0 {
            self.catch_up_with_frees();
            let due = (0..made).fold(false, |due, _| self.generations.note_allocation() || due);
            // An allocation made while that collection runs (by a
            // `gc.callbacks` function) is tracked at once: CPython never
            // starts a collection inside one.
            if due && self.pending.is_none() {
                // CPython collects here, inside the allocation, before the
                // new object is tracked: the interpreter does it now.
                self.pending = Some(r);
                return r;
            }
        }
        self.track_new(r);
        r
    }
    // ANCHOR_END: alloc
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
        // What the interpreter makes immortal, CPython has as static objects
        // (built-in types, method descriptors in their dicts), made before
        // any program ran: their allocation does not count.
        if self.heap.heap().payload(r).is_container() {
            self.catch_up_with_frees();
            self.generations.note_frees(1);
        }
        // CPython's built-in types are static objects, never tracked.
        if matches!(self.heap.heap().payload(r), Payload::Class(_)) {
            self.generations.forget(self.heap.heap(), r);
            flags::clear_tracked(&mut self.heap.heap_mut().get_mut(r).header);
        } else {
            // A container CPython made at start-up (a method descriptor
            // made on first use here) has long been in the oldest generation.
            self.generations.lists[NUM_GENERATIONS - 1].append(self.heap.heap(), r);
        }
        self.heap.make_immortal(r);
    }
    fn counts_references(&self) -> bool {
        true
    }
    fn collect(&mut self) -> CollectionReport {
        self.collect_generation(NUM_GENERATIONS - 1)
    }
    fn collect_generation(&mut self, generation: usize) -> CollectionReport {
        GenerationsStage::collect_generation(self, generation)
    }
    fn collection_due(&self) -> bool {
        self.pending.is_some()
    }
    fn due_generation(&mut self) -> Option<usize> {
        self.catch_up_with_frees();
        self.generations.due_generation()
    }
    fn end_automatic_collection(&mut self) {
        if let Some(r) = self.pending.take()
            && self.heap.heap().is_live(r)
        {
            self.track_new(r);
        }
    }
    fn is_tracked(&self, r: ObjRef) -> Option<bool> {
        Some(tracking::is_tracked(self.heap.heap(), r))
    }
    fn tracked_objects(&mut self) -> Option<Vec<ObjRef>> {
        Some(self.generations.members(self.heap.heap(), None))
    }
    fn generation_members(&mut self, generation: Option<usize>) -> Option<Vec<ObjRef>> {
        Some(self.generations.members(self.heap.heap(), generation))
    }
    fn maintain_tracking(&mut self, dict: ObjRef, item: ObjRef) {
        let heap = self.heap.heap();
        if !tracking::is_tracked(heap, dict) && tracking::may_be_tracked(heap, item) {
            self.track(dict);
        }
    }
    fn gc_count(&mut self) -> Option<[usize; 3]> {
        self.catch_up_with_frees();
        Some(self.generations.count)
    }
    fn set_gc_thresholds(&mut self, thresholds: [usize; 3]) {
        self.generations.threshold = thresholds;
    }
    fn note_transient(&mut self, kind: &Payload) {
        // Taken from its free list and put back: no change. Made afresh (the
        // list was empty): counted, and then kept on the list.
        let free_lists = self.heap.heap_mut().free_lists();
        if free_lists.take(kind) {
            free_lists.keep(kind);
            return;
        }
        self.catch_up_with_frees();
        self.generations.note_allocation();
        self.heap.heap_mut().free_lists().keep(kind);
    }
    fn note_hidden_part(&mut self, kind: &Payload) -> bool {
        if self.heap.heap_mut().free_lists().take(kind) {
            return false;
        }
        self.catch_up_with_frees();
        self.generations.note_allocation()
    }
    fn release_hidden_part(&mut self, kind: &Payload) {
        if !self.heap.heap_mut().free_lists().keep(kind) {
            self.catch_up_with_frees();
            self.generations.note_frees(1);
        }
    }
    fn settle_after_startup(
        &mut self,
        count: [usize; 3],
        free_lists: &ch01_objects::free_lists::FreeLists,
    ) {
        self.catch_up_with_frees();
        let heap = self.heap.heap();
        for younger in 0..NUM_GENERATIONS - 1 {
            self.generations.merge(heap, younger, NUM_GENERATIONS - 1);
        }
        // Moved there by generation 1's collections, none by a full one.
        self.generations.long_lived_pending = self
            .generations
            .members(heap, Some(NUM_GENERATIONS - 1))
            .len();
        self.generations.count = count;
        *self.heap.heap_mut().free_lists() = free_lists.clone();
    }
    fn set_gc_enabled(&mut self, enabled: bool) {
        self.generations.enabled = enabled;
    }
    fn set_gc_debug(&mut self, flags: u32) {
        self.debug = flags;
    }
    fn take_gc_messages(&mut self) -> Vec<String> {
        std::mem::take(&mut self.messages)
    }
    fn gc_stats(&self) -> Option<[GenerationStats; 3]> {
        Some(self.generations.stats)
    }
    fn freeze(&mut self) {
        self.generations.freeze(self.heap.heap());
    }
    fn unfreeze(&mut self) {
        self.generations.unfreeze(self.heap.heap());
    }
    fn freeze_count(&mut self) -> usize {
        self.generations.freeze_count(self.heap.heap())
    }
    fn set_tracer(&mut self, tracer: Box<dyn Tracer>) {
        self.heap.set_tracer(tracer);
    }
}

/// Chapter 3's rules (names, `del`, scopes) on this stage. Decrefs skip
/// `__del__`, as on a bare [`RefCountHeap`].
impl Counter for GenerationsStage {
    fn heap(&self) -> &Heap {
        self.heap.heap()
    }
    fn heap_mut(&mut self) -> &mut Heap {
        self.heap.heap_mut()
    }
    fn alloc(&mut self, payload: Payload) -> ObjRef {
        let r = MemoryManager::alloc(self, payload);
        self.end_automatic_collection();
        r
    }
    fn incref(&mut self, r: ObjRef) {
        self.heap.incref(r);
    }
    fn decref(&mut self, r: ObjRef) {
        self.heap.decref(r);
    }
}
