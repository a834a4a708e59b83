//! [`NamesStage`]: the runtime as it stands at the end of chapter 3, for
//! `minipy --stage names`.
//!
//! This chapter adds no new way of freeing memory: binding, `del` and
//! returning are rules about *when* the interpreter calls chapter 2's incref
//! and decref, and `minipy`'s VM already follows them. So the stage's memory
//! manager is chapter 2's [`RefCountHeap`], under this chapter's name. What
//! the interpreter takes from this crate at this stage is the vocabulary:
//! [`DelError`](crate::DelError)'s CPython messages, and the labelled
//! references of [`slots`](crate::referrers::slots) for `gc.get_referrers`
//! and for explaining an object's count.

use ch01_objects::{Heap, ObjRef, Payload};
use ch02_refcount::{MemoryManager, RefCountHeap, Tracer, Watermark};

use crate::counter::Counter;

/// Chapter 2's reference counting, as the `names` stage.
#[derive(Debug, Default)]
pub struct NamesStage {
    heap: RefCountHeap,
}

impl NamesStage {
    /// An empty heap.
    pub fn new() -> NamesStage {
        NamesStage::default()
    }
}

impl MemoryManager for NamesStage {
    fn stage_name(&self) -> &'static str {
        "names"
    }
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
        self.heap.make_immortal(r);
    }
    fn counts_references(&self) -> bool {
        true
    }
    fn set_tracer(&mut self, tracer: Box<dyn Tracer>) {
        self.heap.set_tracer(tracer);
    }
}

/// Decrefs skip `__del__` here, as on a bare [`RefCountHeap`]; an
/// interpreter that runs finalizers implements [`Counter`] on its own type.
impl Counter for NamesStage {
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
        self.heap.decref(r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stage_counts_and_frees_like_chapter_2() {
        let mut stage = NamesStage::new();
        let manager: &mut dyn MemoryManager = &mut stage;
        assert_eq!(manager.stage_name(), "names");
        let list = manager.alloc(Payload::list(vec![]));
        manager.incref(list);
        let mark = manager.begin_decref(list);
        assert_eq!(manager.continue_decref(mark), None);
        assert_eq!(manager.heap().refcount(list), 1);
        Counter::decref(&mut stage, list);
        assert!(!Counter::heap(&stage).is_live(list));
    }
}
