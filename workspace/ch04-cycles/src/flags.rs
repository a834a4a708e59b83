//! The header flag bit chapter 4 owns, and the helpers that read and set it.
//!
//! Life cycle of the bit:
//! - [`TRACKED`]: set by [`Generation::track`](crate::Generation::track)
//!   when a container is allocated, cleared by
//!   [`Generation::untrack`](crate::Generation::untrack). An object freed by
//!   reference counting takes its header with it, so a reused slot starts
//!   with the bit clear. Read by `gc.is_tracked` and by the generation to
//!   tell its current members from entries left behind by freed objects.
//!   CPython: `_PyObject_GC_IS_TRACKED`, which reads `_gc_next != 0` in the
//!   `PyGC_Head` in front of the object.
//!
//! The collector's other per-object state (`gc_refs`, "tentatively
//! unreachable") lives only during a collection, in a scratch table of its
//! own ([`gc_refs`](crate::gc_refs)), not in the header: CPython squeezes it
//! into `_gc_prev`, one field doing two jobs, to save a word per object.

use ch01_objects::Header;
use ch02_refcount::flags::LAST_CHAPTER_2_BIT;

/// The collector follows this object: it is in the young generation's list.
pub const TRACKED: u32 = LAST_CHAPTER_2_BIT << 1;
/// The highest bit this chapter uses; later chapters allocate theirs above it.
pub const LAST_CHAPTER_4_BIT: u32 = TRACKED;
const _: () = assert!(TRACKED > LAST_CHAPTER_2_BIT && TRACKED.is_power_of_two());

/// True if the collector follows this object.
pub fn is_tracked(header: &Header) -> bool {
    header.flags & TRACKED != 0
}

/// Records that the collector follows this object.
pub fn set_tracked(header: &mut Header) {
    header.flags |= TRACKED;
}

/// Records that the collector no longer follows this object.
pub fn clear_tracked(header: &mut Header) {
    header.flags &= !TRACKED;
}
