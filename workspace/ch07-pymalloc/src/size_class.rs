//! Which size class serves a request.
//!
//! A request of `n` bytes is rounded up to a multiple of
//! [`ALIGNMENT`]; each multiple is one size class with pools of its own.
//! CPython 3.11: `size = (nbytes - 1) >> ALIGNMENT_SHIFT` in
//! `pymalloc_alloc`, after the check that sends 0-byte and large requests
//! to the system allocator.

use crate::constants::{
    ALIGNMENT, ALIGNMENT_SHIFT, POOL_SIZE, SMALL_REQUEST_THRESHOLD, class_size,
};
use crate::pool::POOL_OVERHEAD;

// ANCHOR: size_class
/// The size class of a request for `nbytes`, or `None` if the allocator
/// does not serve it (0 bytes, or more than [`SMALL_REQUEST_THRESHOLD`]).
#[inline]
pub fn size_class(nbytes: usize) -> Option<usize> {
    if nbytes == 0 || nbytes > SMALL_REQUEST_THRESHOLD {
        return None;
    }
    Some((nbytes - 1) >> ALIGNMENT_SHIFT)
}
// ANCHOR_END: size_class

/// How many blocks of `class` fit in a pool after its header.
pub fn blocks_in_pool(class: usize) -> usize {
    (POOL_SIZE - POOL_OVERHEAD) / class_size(class)
}

/// The bytes at the end of a pool of `class` that no block can use.
/// `sys._debugmallocstats()` reports their sum as "bytes lost to
/// quantization".
pub fn lost_to_quantization(class: usize) -> usize {
    (POOL_SIZE - POOL_OVERHEAD) % class_size(class)
}

/// What a request of `nbytes` really occupies: its block's size.
pub fn rounded_size(nbytes: usize) -> Option<usize> {
    size_class(nbytes).map(class_size)
}

const _: () = assert!(POOL_OVERHEAD.is_multiple_of(ALIGNMENT));

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constants::NB_SMALL_SIZE_CLASSES;
    use rstest::rstest;

    #[rstest]
    #[case(1, Some(0))]
    #[case(16, Some(0))]
    #[case(17, Some(1))]
    #[case(28, Some(1))] // an int: 28 bytes in a 32-byte block
    #[case(56, Some(3))] // an empty list: 40 bytes and its 16-byte GC head
    #[case(511, Some(31))]
    #[case(512, Some(31))]
    #[case(513, None)]
    #[case(0, None)]
    fn requests_round_up_to_their_class(#[case] nbytes: usize, #[case] class: Option<usize>) {
        if cfg!(target_pointer_width = "64") {
            assert_eq!(size_class(nbytes), class);
        }
    }

    #[test]
    fn every_class_is_a_multiple_of_the_alignment_and_the_largest_is_the_threshold() {
        for class in 0..NB_SMALL_SIZE_CLASSES {
            assert_eq!(class_size(class) % ALIGNMENT, 0);
            assert_eq!(size_class(class_size(class)), Some(class));
            assert_eq!(
                size_class(class_size(class) + 1),
                (class + 1 < NB_SMALL_SIZE_CLASSES).then_some(class + 1)
            );
        }
        assert_eq!(
            class_size(NB_SMALL_SIZE_CLASSES - 1),
            SMALL_REQUEST_THRESHOLD
        );
    }

    #[test]
    fn a_pool_is_its_header_blocks_and_the_quantization_loss() {
        for class in 0..NB_SMALL_SIZE_CLASSES {
            assert_eq!(
                POOL_OVERHEAD
                    + blocks_in_pool(class) * class_size(class)
                    + lost_to_quantization(class),
                POOL_SIZE
            );
        }
        if cfg!(target_pointer_width = "64") {
            // CPython 3.11, 64-bit: 1021 blocks of 16 bytes, 31 of 512.
            assert_eq!(blocks_in_pool(0), 1021);
            assert_eq!(blocks_in_pool(31), 31);
        }
    }
}
