//! CPython 3.11's trashcan: how deep deallocations nest, and the objects
//! parked past the limit until the outermost one has finished.
//!
//! CPython frees a chain by recursion (`list_dealloc` → `Py_DECREF` →
//! `list_dealloc` ...). The deallocators of containers are wrapped in
//! `Py_TRASHCAN_BEGIN` / `Py_TRASHCAN_END` (`Include/cpython/object.h`,
//! `Objects/object.c` in 3.11), which count the nesting per thread
//! (`trash_delete_nesting`). A deallocation that would start at
//! [`UNWIND_LEVEL`] or deeper is not run: the object, its count already
//! zero, is *deposited* on a per-thread list (`trash_delete_later`, linked
//! through its GC header, last in first out) and its deallocator returns at
//! once. When the outermost guarded deallocation ends (the nesting back to
//! zero), `_PyTrash_thread_destroy_chain` frees the deposited objects one by
//! one, at nesting one, and each may deposit more.
//!
//! Programs see the result: a `__del__` past the fiftieth level runs later
//! than plain recursion would run it. This module keeps the same two pieces
//! of state so that [`RefCountHeap`](crate::RefCountHeap) frees objects in
//! CPython's order exactly, while its own loop never recurses in Rust.
//!
//! Invariant: `deposited` is empty whenever `nesting` is zero, except while
//! a destroy-chain step is pending on the heap's stack.

use ch01_objects::{Heap, ObjRef, Payload};

/// CPython 3.11's `_PyTrash_UNWIND_LEVEL`: how many guarded deallocations
/// may nest before the next one is deposited.
pub const UNWIND_LEVEL: usize = 50;

/// The thread state's two trashcan fields.
#[derive(Debug, Default)]
pub struct Trashcan {
    /// Guarded deallocations in progress. CPython: `trash_delete_nesting`.
    nesting: usize,
    /// Objects whose deallocation was put off, the next one last.
    /// CPython: `trash_delete_later`.
    deposited: Vec<ObjRef>,
}

/// What [`Trashcan::begin`] decided for an object whose count reached zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Begin {
    /// Not a guarded type: its deallocator runs without counting.
    Unguarded,
    /// Guarded, and within the limit: it runs now, one level deeper.
    Entered,
    /// Too deep: parked until the outermost deallocation has finished.
    Deposited,
}

impl Trashcan {
    // ANCHOR: begin
    /// `Py_TRASHCAN_BEGIN` for `r`, whose count has just reached zero (or
    /// which the destroy chain is now freeing).
    pub fn begin(&mut self, heap: &Heap, r: ObjRef) -> Begin {
        if !is_guarded(heap, r) {
            return Begin::Unguarded;
        }
        if self.nesting >= UNWIND_LEVEL {
            self.deposited.push(r);
            return Begin::Deposited;
        }
        self.nesting += 1;
        Begin::Entered
    }
    // ANCHOR_END: begin

    // ANCHOR: end
    /// `Py_TRASHCAN_END`: one guarded deallocation has finished. True when
    /// it was the outermost and objects are waiting: the caller must start
    /// the destroy chain ([`Trashcan::next_deposited`] until `None`).
    pub fn end(&mut self) -> bool {
        self.nesting -= 1;
        if self.nesting == 0 && !self.deposited.is_empty() {
            // `_PyTrash_thread_destroy_chain` runs at nesting one, so the
            // objects it frees cannot start a chain of their own.
            self.nesting = 1;
            return true;
        }
        false
    }
    // ANCHOR_END: end

    /// The destroy chain's next object, last deposited first; `None` ends
    /// the chain (and its level of nesting).
    pub fn next_deposited(&mut self) -> Option<ObjRef> {
        let next = self.deposited.pop();
        if next.is_none() {
            self.nesting -= 1;
        }
        next
    }

    /// Guarded deallocations in progress.
    pub fn nesting(&self) -> usize {
        self.nesting
    }

    /// Objects waiting for the destroy chain.
    pub fn deposited(&self) -> &[ObjRef] {
        &self.deposited
    }
}

// ANCHOR: is_guarded
/// True if the type's deallocator is wrapped in the trashcan macros in
/// CPython 3.11: lists, tuples, dicts, sets, instances of classes
/// (`subtype_dealloc`), and native objects that say so. Scalars, strings,
/// functions and classes are freed without counting.
pub fn is_guarded(heap: &Heap, r: ObjRef) -> bool {
    match &heap.get(r).payload {
        Payload::List(_) | Payload::Tuple(_) | Payload::Dict(_) | Payload::Instance(_) => true,
        Payload::Native(native) => native.uses_trashcan(),
        Payload::None
        | Payload::Bool(_)
        | Payload::Int(_)
        | Payload::Float(_)
        | Payload::Str(_)
        | Payload::Class(_) => false,
    }
}
// ANCHOR_END: is_guarded

#[cfg(test)]
mod tests {
    use super::*;

    fn lists(n: usize) -> (Heap, Vec<ObjRef>) {
        let mut heap = Heap::new();
        let objects = (0..n).map(|_| heap.alloc(Payload::list(vec![]))).collect();
        (heap, objects)
    }

    #[test]
    fn fifty_guarded_deallocations_nest_and_the_fifty_first_is_deposited() {
        let (heap, objects) = lists(UNWIND_LEVEL + 2);
        let mut trashcan = Trashcan::default();
        for &r in &objects[..UNWIND_LEVEL] {
            assert_eq!(trashcan.begin(&heap, r), Begin::Entered);
        }
        assert_eq!(
            trashcan.begin(&heap, objects[UNWIND_LEVEL]),
            Begin::Deposited
        );
        assert_eq!(
            trashcan.begin(&heap, objects[UNWIND_LEVEL + 1]),
            Begin::Deposited
        );
        assert_eq!(trashcan.nesting(), UNWIND_LEVEL);
        // Unwinding: only the outermost end starts the chain.
        for _ in 1..UNWIND_LEVEL {
            assert!(!trashcan.end());
        }
        assert!(trashcan.end());
        assert_eq!(trashcan.nesting(), 1);
        assert_eq!(trashcan.next_deposited(), Some(objects[UNWIND_LEVEL + 1]));
        assert_eq!(trashcan.next_deposited(), Some(objects[UNWIND_LEVEL]));
        assert_eq!(trashcan.next_deposited(), None);
        assert_eq!(trashcan.nesting(), 0);
    }

    #[test]
    fn scalars_and_strings_are_not_guarded() {
        let mut heap = Heap::new();
        let int = heap.alloc(Payload::Int(1));
        let text = heap.alloc(Payload::Str("x".into()));
        let tuple = heap.alloc(Payload::tuple([]));
        let mut trashcan = Trashcan::default();
        assert_eq!(trashcan.begin(&heap, int), Begin::Unguarded);
        assert_eq!(trashcan.begin(&heap, text), Begin::Unguarded);
        assert_eq!(trashcan.begin(&heap, tuple), Begin::Entered);
    }
}
