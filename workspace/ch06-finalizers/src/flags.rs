//! The header bit chapter 6 owns.
//!
//! - [`IN_GARBAGE`]: set on every object a collection found unreachable,
//!   from `begin_collection` until `finish_collection`. While finalizers
//!   run, an object may be freed (a `__del__` broke its cycle) and its slot
//!   reused by a new object, which starts with the bit clear: the bit is
//!   how the stage tells its garbage from newcomers. CPython keeps the
//!   garbage in a list of its own, from which `tp_dealloc` unlinks a freed
//!   object.

use ch01_objects::Header;
use ch04_cycles::flags::LAST_CHAPTER_4_BIT;

/// The object is part of the garbage of the collection under way.
pub const IN_GARBAGE: u32 = LAST_CHAPTER_4_BIT << 1;
/// The highest bit this chapter uses; later chapters allocate theirs above it.
pub const LAST_CHAPTER_6_BIT: u32 = IN_GARBAGE;
const _: () = assert!(IN_GARBAGE > LAST_CHAPTER_4_BIT && IN_GARBAGE.is_power_of_two());

/// True if the object is part of the garbage of the collection under way.
pub fn is_in_garbage(header: &Header) -> bool {
    header.flags & IN_GARBAGE != 0
}

/// Marks the object as part of the garbage, or not.
pub fn set_in_garbage(header: &mut Header, in_garbage: bool) {
    if in_garbage {
        header.flags |= IN_GARBAGE;
    } else {
        header.flags &= !IN_GARBAGE;
    }
}
