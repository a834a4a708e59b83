//! The header flag bits chapter 2 owns, and the tiny helpers that read and set them.
//!
//! Life cycle of each bit:
//! - [`FINALIZED`]: set by the trashcan loop just before it hands an object to
//!   the interpreter to run its `__del__`; never cleared. Read before every
//!   finalization so that `__del__` runs at most once, even if the object is
//!   resurrected and dies again. CPython: `_PyGC_FINALIZED` (bit 0 of `_gc_prev`).
//! - [`IMMORTAL`]: set once by the interpreter on objects that live as long as
//!   it does (`None`, `True`, `False`, small ints); never cleared. `incref` and
//!   `decref` skip such objects. CPython 3.12+: immortal objects (PEP 683);
//!   in 3.11 most of them (small ints, the empty tuple, strings interned
//!   at build time) are statically allocated with a count that starts at
//!   999,999,999, still incremented and decremented, so it never reaches zero.
//!
//! - [`WEAKLY_REFERENCED`]: set by the interpreter when it makes the first
//!   weak reference to an object (chapter 6), so that freeing the object
//!   hands it to the interpreter, as a `__del__` does, to clear its weak
//!   references and call their callbacks first. CPython: `tp_weaklistoffset`
//!   and a non-empty weak reference list, which `subtype_dealloc` clears.
//! - [`DEL_DUE`]: set with [`FINALIZED`] when an object is handed to the
//!   interpreter because its `__del__` must run; the interpreter clears it
//!   when it runs the method. (An object handed over only for its weak
//!   references has it clear.)
//!
//! Later chapters take the bits above [`LAST_CHAPTER_2_BIT`].

use ch01_objects::Header;

/// `__del__` has been called (or is being called) on this object.
pub const FINALIZED: u32 = 1 << 0;
/// Reference counting does not apply to this object.
pub const IMMORTAL: u32 = 1 << 1;
/// Weak references refer to this object (chapter 6).
pub const WEAKLY_REFERENCED: u32 = 1 << 2;
/// Handed to the interpreter for a `__del__` it has not run yet.
pub const DEL_DUE: u32 = 1 << 3;
/// The highest bit this chapter uses; later chapters allocate theirs above it.
pub const LAST_CHAPTER_2_BIT: u32 = DEL_DUE;
const _: () = assert!(FINALIZED & IMMORTAL == 0);
const _: () = assert!((FINALIZED | IMMORTAL) & (WEAKLY_REFERENCED | DEL_DUE) == 0);

/// True if weak references refer to this object.
pub fn is_weakly_referenced(header: &Header) -> bool {
    header.flags & WEAKLY_REFERENCED != 0
}

/// Records that weak references refer to this object, or no longer do.
pub fn set_weakly_referenced(header: &mut Header, referenced: bool) {
    if referenced {
        header.flags |= WEAKLY_REFERENCED;
    } else {
        header.flags &= !WEAKLY_REFERENCED;
    }
}

/// True if the object was handed over for a `__del__` still to run; clears the mark.
pub fn take_del_due(header: &mut Header) -> bool {
    let due = header.flags & DEL_DUE != 0;
    header.flags &= !DEL_DUE;
    due
}

/// True once `__del__` has run (or started) on this object.
pub fn is_finalized(header: &Header) -> bool {
    header.flags & FINALIZED != 0
}

/// Records that `__del__` has run on this object.
pub fn set_finalized(header: &mut Header) {
    header.flags |= FINALIZED;
}

// ANCHOR: immortal
/// True for objects that counting leaves alone.
pub fn is_immortal(header: &Header) -> bool {
    header.flags & IMMORTAL != 0
}

/// Makes the object immortal.
pub fn set_immortal(header: &mut Header) {
    header.flags |= IMMORTAL;
}
// ANCHOR_END: immortal
