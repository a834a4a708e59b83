//! # Exercise ch07-pool: lazy carving and the free list
//!
//! The three things pymalloc does to a pool. CPython 3.11:
//! `allocate_from_new_pool`, `pymalloc_alloc`, `pymalloc_pool_extend` and
//! `pymalloc_free` in `Objects/obmalloc.c`.
//!
//! Safety, for every function: `pool` points at the start of a pool-aligned
//! stretch of `POOL_SIZE` bytes that only the caller uses, and for
//! `take_block` and `return_block` it was set up by `init_pool`.

use ch07_pymalloc::constants::{POOL_SIZE, class_size};
use ch07_pymalloc::pool::{AfterFree, POOL_OVERHEAD, PoolHeader};

/// Sets `pool` up for blocks of `class` and returns its first block; only
/// the second block goes on the free list, and the count becomes 1.
///
/// # Safety
/// See the crate documentation.
pub unsafe fn init_pool(pool: *mut PoolHeader, class: usize) -> *mut u8 {
    // TODO: Fill the header (count, szidx, nextoffset, maxnextoffset,
    // TODO: freeblock = the second block with a null link); return the first.
    let _ = (pool, class, POOL_SIZE, POOL_OVERHEAD, class_size(0));
    todo!()
}

/// Takes the first available block of a pool whose free list is not empty,
/// carving the next one when the list runs out; `true` if the pool is now
/// full.
///
/// # Safety
/// See the crate documentation; the pool's free list is not empty.
pub unsafe fn take_block(pool: *mut PoolHeader) -> (*mut u8, bool) {
    // TODO: Pop the free list; if it is empty now, carve the block at
    // TODO: nextoffset if one fits, or report the pool full.
    let _ = pool;
    todo!()
}

/// Puts `block` back at the front of the free list and says what that did
/// to the pool's state.
///
/// # Safety
/// See the crate documentation; `block` was handed out by this pool and is
/// not in use any more.
pub unsafe fn return_block(pool: *mut PoolHeader, block: *mut u8) -> AfterFree {
    // TODO: Link the block in front of freeblock (the link goes in the
    // TODO: block), count one fewer, and tell full / still used / empty.
    let _ = (pool, block);
    todo!()
}
