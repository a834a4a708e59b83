//! # Exercise ch07-size-classes: which block a request gets
//!
//! The arithmetic under pymalloc: a request's size class, and how a pool
//! of each class is laid out. CPython 3.11: `pymalloc_alloc` and
//! `_PyObject_DebugMallocStats` in `Objects/obmalloc.c`.

use ch07_pymalloc::constants::{ALIGNMENT_SHIFT, POOL_SIZE, SMALL_REQUEST_THRESHOLD, class_size};
use ch07_pymalloc::pool::POOL_OVERHEAD;

/// The size class of a request for `nbytes`, or `None` if pymalloc does
/// not serve it (0 bytes, or more than 512).
pub fn size_class(nbytes: usize) -> Option<usize> {
    //~ TODO: None for 0 and for more than SMALL_REQUEST_THRESHOLD; else
    //~ TODO: round up to a multiple of the alignment and number the result.
    //~ STUB: let _ = (nbytes, ALIGNMENT_SHIFT, SMALL_REQUEST_THRESHOLD);
    //~ SOLUTION BEGIN
    if nbytes == 0 || nbytes > SMALL_REQUEST_THRESHOLD {
        return None;
    }
    Some((nbytes - 1) >> ALIGNMENT_SHIFT)
    //~ SOLUTION END
}

/// How many blocks of `class` fit in a pool after its header.
pub fn blocks_in_pool(class: usize) -> usize {
    //~ TODO: What is left of a pool after its header, in blocks of the class.
    //~ STUB: let _ = (class, POOL_SIZE, POOL_OVERHEAD, class_size);
    //~ SOLUTION BEGIN
    (POOL_SIZE - POOL_OVERHEAD) / class_size(class)
    //~ SOLUTION END
}

/// The bytes at the end of a pool of `class` that no block can use.
pub fn lost_to_quantization(class: usize) -> usize {
    //~ TODO: What is left over after the last whole block.
    //~ STUB: let _ = class;
    //~ SOLUTION BEGIN
    (POOL_SIZE - POOL_OVERHEAD) % class_size(class)
    //~ SOLUTION END
}

/// The bytes a request of `nbytes` leaves unused in its block, or `None`
/// if pymalloc does not serve it.
pub fn waste(nbytes: usize) -> Option<usize> {
    //~ TODO: The block's size minus the request.
    //~ STUB: let _ = nbytes;
    //~ SOLUTION BEGIN
    size_class(nbytes).map(|class| class_size(class) - nbytes)
    //~ SOLUTION END
}
