//! # Exercise ch02-deferral: CPython 3.11's trashcan, as it really works
//!
//! CPython frees a chain by recursion: `list_dealloc` drops its items,
//! which calls the next `list_dealloc`, and so on. To keep a long chain from
//! overflowing the C stack, the deallocators of containers are wrapped in
//! `Py_TRASHCAN_BEGIN` / `Py_TRASHCAN_END` (`Include/cpython/object.h`,
//! `Objects/object.c`, 3.11). They count how deeply such deallocations nest
//! (`trash_delete_nesting`). One that would begin at `UNWIND_LEVEL` (50) or
//! deeper does not run: the object, whose count is already zero, is
//! *deposited* on a list (`trash_delete_later`) and its deallocator returns
//! at once. When the outermost guarded deallocation ends, the deposited
//! objects are freed (`_PyTrash_thread_destroy_chain`), and they may deposit
//! more.
//!
//! The recursion stays at most 50 deep, and the order in which objects are
//! freed, visible from Python through `__del__`, is no longer the recursive
//! order. You write that mechanism: recursion is allowed here, because the
//! trashcan bounds it.

use ch01_objects::{Heap, ObjRef, Payload};
use ch02_refcount::dealloc::release_order;

/// How many guarded deallocations may nest before the next one is
/// deposited. CPython 3.11: `_PyTrash_UNWIND_LEVEL`.
pub const UNWIND_LEVEL: usize = 50;

/// True for the kinds whose deallocator is wrapped in the trashcan macros in
/// CPython 3.11: lists, tuples, dicts and instances of classes
/// (`subtype_dealloc`). Scalars, strings, classes and the native objects of
/// this exercise are freed without counting.
pub fn is_guarded(payload: &Payload) -> bool {
    matches!(
        payload,
        Payload::List(_) | Payload::Tuple(_) | Payload::Dict(_) | Payload::Instance(_)
    )
}

/// What one [`decref`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Deallocations {
    /// Every object freed, in the order its deallocator's body ran: the
    /// moment CPython would call its `__del__`.
    pub freed: Vec<ObjRef>,
    /// How many deallocations were put off, at the moment each was.
    pub deposited: usize,
    /// The deepest the guarded deallocations ever nested.
    pub deepest: usize,
}

/// The trashcan's state during one decref: the two fields of CPython's
/// thread state, and what has been done so far.
#[derive(Debug)]
pub struct Trashcan<'h> {
    heap: &'h mut Heap,
    /// Guarded deallocations may nest this deep; the next one is deposited.
    limit: usize,
    /// Guarded deallocations in progress. CPython: `trash_delete_nesting`.
    nesting: usize,
    /// Deposited objects, waiting to be freed, the last one deposited last.
    /// CPython: `trash_delete_later`.
    delete_later: Vec<ObjRef>,
    done: Deallocations,
}

impl<'h> Trashcan<'h> {
    /// A trashcan for `heap` that lets guarded deallocations nest `limit` deep.
    ///
    /// # Panics
    /// If `limit` is below 2: the deposited objects are freed at nesting one,
    /// and must not be deposited again.
    pub fn new(heap: &'h mut Heap, limit: usize) -> Trashcan<'h> {
        assert!(
            limit >= 2,
            "a trashcan limit of {limit} would never free what it deposits"
        );
        Trashcan {
            heap,
            limit,
            nesting: 0,
            delete_later: Vec::new(),
            done: Deallocations::default(),
        }
    }

    /// Drops one reference to `r`; at zero, deallocates it. CPython: `Py_DECREF`.
    ///
    /// # Panics
    /// If `r`'s count is already zero.
    pub fn decref(&mut self, r: ObjRef) {
        //~ TODO: Drop one reference to `r`; when it was the last, deallocate
        //~ TODO: `r` as `dealloc` says.
        //~ STUB: let _ = r;
        //~ SOLUTION BEGIN
        let header = &mut self.heap.get_mut(r).header;
        assert!(header.refcount > 0, "decref of {r:?}, whose count is zero");
        header.refcount -= 1;
        if header.refcount == 0 {
            self.dealloc(r);
        }
        //~ SOLUTION END
    }

    /// Deallocates `r`, whose count is zero, as its type's `tp_dealloc`
    /// would: for a guarded kind, `Py_TRASHCAN_BEGIN` first (which may
    /// deposit `r` instead), then the body (record `r` in `freed`, take it
    /// off the heap, drop every reference it held in [`release_order`]),
    /// then `Py_TRASHCAN_END` (which, at the outermost level, frees what was
    /// deposited, last deposited first).
    pub fn dealloc(&mut self, r: ObjRef) {
        //~ TODO: The deallocation of `r` with the trashcan around it: put off
        //~ TODO: when guarded deallocations already nest `limit` deep; otherwise
        //~ TODO: done now, one level deeper; and when the outermost one ends,
        //~ TODO: what was put off is deallocated, which may put off more.
        //~ STUB: let _ = (r, &self.heap, self.limit, release_order);
        //~ SOLUTION BEGIN
        let guarded = is_guarded(&self.heap.get(r).payload);
        if guarded {
            if self.nesting >= self.limit {
                self.delete_later.push(r);
                self.done.deposited += 1;
                return;
            }
            self.nesting += 1;
            self.done.deepest = self.done.deepest.max(self.nesting);
        }
        self.done.freed.push(r);
        let object = self.heap.release(r);
        for held in release_order(object.payload) {
            self.decref(held);
        }
        if guarded {
            self.nesting -= 1;
            if self.nesting == 0 && !self.delete_later.is_empty() {
                // `_PyTrash_thread_destroy_chain` runs at nesting one: what it
                // frees may deposit more, but never starts a chain of its own.
                self.nesting = 1;
                while let Some(next) = self.delete_later.pop() {
                    self.dealloc(next);
                }
                self.nesting = 0;
            }
        }
        //~ SOLUTION END
    }

    /// What was done, once the decref has returned.
    pub fn finish(self) -> Deallocations {
        assert!(
            self.delete_later.is_empty() && self.nesting == 0,
            "the decref returned with deallocations still pending"
        );
        self.done
    }
}

/// Drops one reference to `r`, freeing whatever that leaves unreferenced
/// in CPython 3.11's order, trashcan included.
pub fn decref(heap: &mut Heap, r: ObjRef) -> Deallocations {
    decref_with_limit(heap, r, UNWIND_LEVEL)
}

/// [`decref`] with a trashcan that lets guarded deallocations nest only
/// `limit` deep (CPython's is [`UNWIND_LEVEL`]).
pub fn decref_with_limit(heap: &mut Heap, r: ObjRef, limit: usize) -> Deallocations {
    let mut trashcan = Trashcan::new(heap, limit);
    trashcan.decref(r);
    trashcan.finish()
}
