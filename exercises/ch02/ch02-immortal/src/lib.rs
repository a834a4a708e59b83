//! # Exercise ch02-immortal: objects that counting leaves alone
//!
//! `None`, `True`, `False`, the small ints and many strings are used by
//! every line of every program. In CPython 3.11 each use still writes their
//! count, although they can never be freed. PEP 683 (CPython 3.12) made them
//! *immortal*: their count holds a value so large that `Py_INCREF` and
//! `Py_DECREF` recognise it and do nothing.
//!
//! This crate follows CPython 3.14 on a 64-bit machine (`Include/refcount.h`).
//! The header's 64-bit word ([`Header::refcount`] here) is split: its low 32
//! bits are the count (`ob_refcnt`), its high 32 bits hold other fields
//! (`ob_overflow`, `ob_flags`) that counting never touches:
//!
//! ```text
//!  low 32 bits:  0 ........ 2^31 ............ 3·2^30 ........ 2^32
//!                | mortal   | immortal for decref | immortal for incref too
//!                           IMMORTAL_MINIMUM      IMMORTAL_INITIAL (where make_immortal puts it)
//! ```
//!
//! - an object is immortal when bit 31 of the low 32 bits is set (the count,
//!   read as a signed 32-bit number, is negative): decref leaves it alone.
//!   That test is CPython's `_Py_IsImmortal` since 3.12
//!   (`_Py_CAST(PY_INT32_T, op->ob_refcnt) < 0`, `Include/object.h` in
//!   3.12.1 and 3.13.0);
//! - incref skips only counts at or above `IMMORTAL_INITIAL`, so a count
//!   between the two creeps back up to `IMMORTAL_INITIAL` and never down;
//! - an extension compiled for 3.11 does plain `+= 1` / `-= 1` on the whole
//!   word (see [`legacy_incref`]); starting from the middle of the immortal
//!   range, it would take about a billion unmatched decrefs to make the
//!   object mortal. 3.12 started immortals at `0xFFFF_FFFF` instead, where
//!   one such increment carries out of the low half.

use ch01_objects::{Header, Heap, ObjRef};
use ch02_refcount::dealloc::release_order;

/// Where an immortal object's count starts. CPython 3.14: `_Py_IMMORTAL_INITIAL_REFCNT`.
pub const IMMORTAL_INITIAL: usize = 3 << 30;
/// The lowest immortal count. CPython 3.14: `_Py_IMMORTAL_MINIMUM_REFCNT`.
pub const IMMORTAL_MINIMUM: usize = 1 << 31;
const _: () = assert!(IMMORTAL_MINIMUM < IMMORTAL_INITIAL && IMMORTAL_INITIAL < 1 << 32);

/// Makes the object immortal: its count becomes `IMMORTAL_INITIAL`.
/// CPython: `_Py_SetImmortal`.
pub fn make_immortal(header: &mut Header) {
    set_low_bits(header, IMMORTAL_INITIAL as u32);
}

/// The count as CPython 3.14 stores it on 64-bit machines: the low 32 bits
/// of the word (`ob_refcnt`).
pub fn low_bits(header: &Header) -> u32 {
    header.refcount as u32
}

/// Writes the count, the low 32 bits of the word, and leaves the high half
/// (`ob_overflow`, `ob_flags`) as it was: 3.14's `Py_INCREF` and `Py_DECREF`
/// store a 32-bit value.
pub fn set_low_bits(header: &mut Header, count: u32) {
    header.refcount = (header.refcount & !(u32::MAX as usize)) | count as usize;
}

/// True if counting must leave this object alone. CPython: `_Py_IsImmortal`.
pub fn is_immortal(header: &Header) -> bool {
    // TODO: Decide from the count alone, the low 32 bits of the word: an
    // TODO: object is immortal when bit 31 of them is set.
    let _ = header;
    todo!()
}

/// Adds a reference, unless the count is already at `IMMORTAL_INITIAL` or
/// above. Only the count (the low 32 bits) changes. CPython 3.14: `Py_INCREF`.
pub fn incref(header: &mut Header) {
    // TODO: Leave counts at or above IMMORTAL_INITIAL alone (not
    // TODO: IMMORTAL_MINIMUM: see the diagram in the crate's documentation);
    // TODO: add one to any other count, without touching the high half.
    let _ = header;
    todo!()
}

/// Drops a reference unless the object is immortal. Returns true when the
/// count (the low 32 bits) reached zero: the caller must free the object.
/// CPython 3.14: `Py_DECREF`.
///
/// # Panics
/// If the count is already zero: that is a bug in the caller.
pub fn decref(header: &mut Header) -> bool {
    // TODO: Leave immortal objects alone (they never reach zero); otherwise
    // TODO: take one from the count, without touching the high half, and
    // TODO: report whether the count is now zero.
    let _ = header;
    todo!()
}

/// What `Py_INCREF` compiled into an extension for CPython 3.11's stable ABI
/// does, even on 3.12+: a plain increment of the whole 64-bit word, which
/// carries into the high half when the low one is all ones.
pub fn legacy_incref(header: &mut Header) {
    header.refcount += 1;
}

/// What `Py_DECREF` compiled for 3.11's stable ABI does: a plain decrement
/// (returns true at zero).
pub fn legacy_decref(header: &mut Header) -> bool {
    header.refcount -= 1;
    header.refcount == 0
}

/// Drops one reference to `r` with [`decref`], freeing whatever that leaves
/// unreferenced (the cascade of `ch02-refcount`, with your immortality
/// checks). Returns the number of objects freed.
pub fn release(heap: &mut Heap, r: ObjRef) -> usize {
    let mut freed = 0;
    let mut pending = vec![r];
    while let Some(next) = pending.pop() {
        if decref(&mut heap.get_mut(next).header) {
            let object = heap.release(next);
            freed += 1;
            pending.extend(release_order(object.payload).into_iter().rev());
        }
    }
    freed
}
