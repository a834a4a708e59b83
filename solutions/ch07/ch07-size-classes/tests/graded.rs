//! Graded tests for ch07-size-classes.

use ch07_pymalloc::constants::{
    ALIGNMENT, NB_SMALL_SIZE_CLASSES, POOL_SIZE, SMALL_REQUEST_THRESHOLD, class_size,
};
use ch07_pymalloc::pool::POOL_OVERHEAD;
use ch07_size_classes::{blocks_in_pool, lost_to_quantization, size_class, waste};

#[test]
fn requests_round_up_to_a_multiple_of_the_alignment() {
    for class in 0..NB_SMALL_SIZE_CLASSES {
        let size = class_size(class);
        assert_eq!(size_class(size), Some(class), "a request of {size} bytes");
        assert_eq!(
            size_class(size - ALIGNMENT + 1),
            Some(class),
            "{} bytes",
            size - ALIGNMENT + 1
        );
    }
    assert_eq!(size_class(1), Some(0));
    if ALIGNMENT == 16 {
        // An int (28 bytes) takes a 32-byte block; an empty list with its
        // GC header (56) a 64-byte one.
        assert_eq!(size_class(28), Some(1));
        assert_eq!(size_class(56), Some(3));
    }
}

#[test]
fn zero_and_large_requests_are_not_pymallocs() {
    assert_eq!(size_class(0), None);
    assert_eq!(
        size_class(SMALL_REQUEST_THRESHOLD),
        Some(NB_SMALL_SIZE_CLASSES - 1)
    );
    assert_eq!(size_class(SMALL_REQUEST_THRESHOLD + 1), None);
    assert_eq!(size_class(1 << 20), None);
    assert_eq!(waste(0), None);
    assert_eq!(waste(513), None);
}

#[test]
fn a_pool_is_its_header_its_blocks_and_its_tail() {
    for class in 0..NB_SMALL_SIZE_CLASSES {
        let blocks = blocks_in_pool(class);
        let tail = lost_to_quantization(class);
        assert!(
            tail < class_size(class),
            "class {class}: a whole block fits in the tail"
        );
        assert_eq!(
            POOL_OVERHEAD + blocks * class_size(class) + tail,
            POOL_SIZE,
            "class {class}"
        );
    }
}

#[test]
fn cpython_3_11s_pools_on_64_bit() {
    if POOL_SIZE != 16 * 1024 {
        return;
    }
    // `sys._debugmallocstats()` on python3 3.11: 1021 blocks of 16 bytes,
    // 31 of 512, and 16,336 bytes of blocks and tail per pool.
    assert_eq!(blocks_in_pool(0), 1021);
    assert_eq!(blocks_in_pool(31), 31);
    assert_eq!(lost_to_quantization(0), 0);
    assert_eq!(lost_to_quantization(31), 464);
    assert_eq!(blocks_in_pool(2), 340);
    assert_eq!(lost_to_quantization(2), 16);
}

#[test]
fn a_request_wastes_less_than_one_alignment() {
    for nbytes in 1..=SMALL_REQUEST_THRESHOLD {
        let wasted = waste(nbytes).unwrap();
        assert!(wasted < ALIGNMENT, "{nbytes} bytes waste {wasted}");
        assert_eq!((nbytes + wasted) % ALIGNMENT, 0, "{nbytes} bytes");
    }
}
