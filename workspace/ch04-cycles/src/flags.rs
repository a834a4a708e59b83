//! The header flag bits chapter 4 owns, and the helpers that read and set them.
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
//! - [`BASES_TUPLE_UNTRACKED`]: on a class, set by a collection it survives
//!   when CPython would untrack its `__bases__` tuple; read when a later
//!   collection counts the class.
//!
//! - [`PART_OF_ANOTHER`]: set by the interpreter on the list or dict an
//!   instance of a subclass of `list` or `dict` holds, for its life; read
//!   when a collection counts what it found.
//!
//! The collector's other per-object state (`gc_refs`, "tentatively
//! unreachable") lives only during a collection, in a scratch table of its
//! own ([`gc_refs`](crate::gc_refs)), not in the header: CPython squeezes it
//! into `_gc_prev`, one field doing two jobs, to save a word per object.

use ch01_objects::Header;
use ch02_refcount::flags::LAST_CHAPTER_2_BIT;

/// The collector follows this object: it is in the young generation's list.
pub const TRACKED: u32 = LAST_CHAPTER_2_BIT << 1;
/// On a class: the `__bases__` tuple CPython would have made for it has
/// been untracked by a collection (its bases are all built-in types, which
/// the collector never follows). `minipy` keeps the bases inside the class,
/// so this bit stands for that tuple's own `PyGC_Head` when a collection
/// counts what it found.
pub const BASES_TUPLE_UNTRACKED: u32 = TRACKED << 1;
/// On a list or dict the interpreter keeps inside another object (the value
/// of an instance whose class derives from `list` or `dict`, which CPython's
/// instance *is*): not an object of CPython's, so a collection counts it 0.
pub const PART_OF_ANOTHER: u32 = BASES_TUPLE_UNTRACKED << 1;
/// The highest bit this chapter uses; later chapters allocate theirs above it.
pub const LAST_CHAPTER_4_BIT: u32 = PART_OF_ANOTHER;
const _: () = assert!(TRACKED > LAST_CHAPTER_2_BIT && TRACKED.is_power_of_two());
const _: () = assert!(BASES_TUPLE_UNTRACKED > TRACKED && BASES_TUPLE_UNTRACKED.is_power_of_two());
const _: () = assert!(PART_OF_ANOTHER > BASES_TUPLE_UNTRACKED && PART_OF_ANOTHER.is_power_of_two());

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
