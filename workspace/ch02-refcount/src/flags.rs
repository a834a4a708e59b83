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
//! Later chapters take the bits above [`LAST_CHAPTER_2_BIT`].

use ch01_objects::Header;

/// `__del__` has been called (or is being called) on this object.
pub const FINALIZED: u32 = 1 << 0;
/// Reference counting does not apply to this object.
pub const IMMORTAL: u32 = 1 << 1;
/// The highest bit this chapter uses; later chapters allocate theirs above it.
pub const LAST_CHAPTER_2_BIT: u32 = IMMORTAL;
const _: () = assert!(FINALIZED & IMMORTAL == 0);

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
