//! # Exercise ch02-immortal: objects that counting leaves alone
//!
//! `None`, `True`, `False`, the small ints and many strings are used by
//! every line of every program. In CPython 3.11 each use still writes their
//! count, although they can never be freed. PEP 683 (CPython 3.12) made them
//! *immortal*: their count holds a value so large that `Py_INCREF` and
//! `Py_DECREF` recognise it and do nothing.
//!
//! This crate follows CPython 3.14 on a 64-bit machine (`Include/refcount.h`),
//! where only the low 32 bits of the count matter:
//!
//! ```text
//!  0 ........ 2^31 ............ 3·2^30 ........ 2^32
//!  | mortal   | immortal for decref | immortal for incref too
//!             IMMORTAL_MINIMUM      IMMORTAL_INITIAL (where make_immortal puts it)
//! ```
//!
//! - an object is immortal when bit 31 of the low 32 bits is set (the count,
//!   read as a signed 32-bit number, is negative): decref leaves it alone;
//! - incref skips only counts at or above `IMMORTAL_INITIAL`, so a count
//!   between the two creeps back up to `IMMORTAL_INITIAL` and never down;
//! - an extension compiled for 3.11 does plain `+= 1` / `-= 1` (see
//!   [`legacy_incref`]); starting from the middle of the immortal range, it
//!   would take about a billion unmatched decrefs to make the object mortal.

use ch01_objects::{Header, Heap, ObjRef};
use ch02_refcount::dealloc::release_order;

/// Where an immortal object's count starts. CPython 3.14: `_Py_IMMORTAL_INITIAL_REFCNT`.
pub const IMMORTAL_INITIAL: usize = 3 << 30;
/// The lowest immortal count. CPython 3.14: `_Py_IMMORTAL_MINIMUM_REFCNT`.
pub const IMMORTAL_MINIMUM: usize = 1 << 31;
const _: () = assert!(IMMORTAL_MINIMUM < IMMORTAL_INITIAL && IMMORTAL_INITIAL < 1 << 32);

/// Makes the object immortal. CPython: `_Py_SetImmortal`.
pub fn make_immortal(header: &mut Header) {
    header.refcount = IMMORTAL_INITIAL;
}

/// The count as CPython 3.14 stores it on 64-bit machines: its low 32 bits.
pub fn low_bits(header: &Header) -> u32 {
    header.refcount as u32
}

/// True if counting must leave this object alone. CPython: `_Py_IsImmortal`.
pub fn is_immortal(header: &Header) -> bool {
    //~ TODO: Immortal means bit 31 of the low 32 bits is set: read `low_bits`
    //~ TODO: as an `i32` and ask whether it is negative.
    //~ STUB: let _ = header;
    //~ SOLUTION BEGIN
    (low_bits(header) as i32) < 0
    //~ SOLUTION END
}

/// Adds a reference, unless the count is already at `IMMORTAL_INITIAL` or
/// above. CPython 3.14: `Py_INCREF`.
pub fn incref(header: &mut Header) {
    //~ TODO: Skip counts at or above IMMORTAL_INITIAL (not IMMORTAL_MINIMUM:
    //~ TODO: see the diagram in the crate's documentation); add one otherwise.
    //~ STUB: let _ = header;
    //~ SOLUTION BEGIN
    if low_bits(header) as usize >= IMMORTAL_INITIAL {
        return;
    }
    header.refcount += 1;
    //~ SOLUTION END
}

/// Drops a reference unless the object is immortal. Returns true when the
/// count reached zero: the caller must free the object. CPython 3.14: `Py_DECREF`.
pub fn decref(header: &mut Header) -> bool {
    //~ TODO: Leave immortal objects alone (they never reach zero); otherwise
    //~ TODO: subtract one and report whether the count is now zero.
    //~ STUB: let _ = header;
    //~ SOLUTION BEGIN
    if is_immortal(header) {
        return false;
    }
    header.refcount -= 1;
    header.refcount == 0
    //~ SOLUTION END
}

/// What `Py_INCREF` compiled into an extension for CPython 3.11's stable ABI
/// does, even on 3.12+: a plain increment.
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
