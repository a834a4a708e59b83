//! The numbers the allocator is built from, and how they relate.
//!
//! CPython 3.11: the top of `Objects/obmalloc.c` (moved to
//! `Include/internal/pycore_obmalloc.h` in 3.12). On a 64-bit build with the
//! radix tree (the default since 3.10) an arena is 1 MiB and a pool 16 KiB;
//! 32-bit builds keep 256 KiB arenas and 4 KiB pools, and align blocks to 8
//! bytes instead of 16.
//!
//! Every relation the code depends on is checked when the crate compiles,
//! so changing one number cannot silently break another.

/// Every block's address and size is a multiple of this: 16 on 64-bit
/// since 3.8 (bpo-27987, so that `long double` and SSE values fit), 8 on
/// 32-bit builds. CPython: `ALIGNMENT`.
pub const ALIGNMENT: usize = if cfg!(target_pointer_width = "64") {
    16
} else {
    8
};

/// `log2(ALIGNMENT)`: how far a size is shifted to find its class.
pub const ALIGNMENT_SHIFT: u32 = ALIGNMENT.trailing_zeros();

/// The largest request the allocator serves; bigger ones (and requests for
/// 0 bytes) go to the system allocator. CPython: `SMALL_REQUEST_THRESHOLD`.
pub const SMALL_REQUEST_THRESHOLD: usize = 512;

/// How many block sizes there are: 32 on 64-bit (16, 32, ... 512 bytes).
/// CPython: `NB_SMALL_SIZE_CLASSES`.
pub const NB_SMALL_SIZE_CLASSES: usize = SMALL_REQUEST_THRESHOLD / ALIGNMENT;

/// The size of a pool: the unit that holds blocks of one size class.
/// CPython: `POOL_SIZE` (`POOL_BITS` = 14 with large arenas).
pub const POOL_SIZE: usize = if cfg!(target_pointer_width = "64") {
    16 << 10
} else {
    4 << 10
};

/// Masks an address down to the start of its pool.
pub const POOL_SIZE_MASK: usize = POOL_SIZE - 1;

/// The size of an arena: what the allocator asks the operating system for
/// at a time. CPython: `ARENA_SIZE` (`ARENA_BITS` = 20 with large arenas).
pub const ARENA_SIZE: usize = if cfg!(target_pointer_width = "64") {
    1 << 20
} else {
    256 << 10
};

/// `log2(ARENA_SIZE)`.
pub const ARENA_BITS: u32 = ARENA_SIZE.trailing_zeros();

/// Masks an address down to the start of the arena-sized stretch of
/// address space that holds it.
pub const ARENA_SIZE_MASK: usize = ARENA_SIZE - 1;

/// Pools in an arena whose start happens to be pool-aligned. An `mmap`ed
/// arena is only page-aligned, so it usually loses one pool to alignment
/// (`sys._debugmallocstats()`: "bytes lost to arena alignment").
/// CPython: `MAX_POOLS_IN_ARENA`.
pub const MAX_POOLS_IN_ARENA: usize = ARENA_SIZE / POOL_SIZE;

/// The size of a size class's blocks.
pub const fn class_size(class: usize) -> usize {
    (class + 1) << ALIGNMENT_SHIFT
}

const _: () = {
    assert!(ALIGNMENT.is_power_of_two());
    assert!(ALIGNMENT >= 2 * std::mem::size_of::<usize>() || ALIGNMENT == 8);
    // A free block holds the pointer to the next free block.
    assert!(ALIGNMENT >= std::mem::size_of::<*mut u8>());
    assert!(SMALL_REQUEST_THRESHOLD.is_multiple_of(ALIGNMENT));
    assert!(class_size(NB_SMALL_SIZE_CLASSES - 1) == SMALL_REQUEST_THRESHOLD);
    assert!(POOL_SIZE.is_power_of_two() && ARENA_SIZE.is_power_of_two());
    assert!(ARENA_SIZE.is_multiple_of(POOL_SIZE));
    // Pool indexes and offsets fit the header's `u32` fields.
    assert!(POOL_SIZE <= u32::MAX as usize);
    // The radix tree's leaves store offsets into an arena as `i32`.
    assert!(ARENA_SIZE <= i32::MAX as usize);
};
