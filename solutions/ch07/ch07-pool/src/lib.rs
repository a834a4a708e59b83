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
    //~ TODO: Fill the header (count, szidx, nextoffset, maxnextoffset,
    //~ TODO: freeblock = the second block with a null link); return the first.
    //~ STUB: let _ = (pool, class, POOL_SIZE, POOL_OVERHEAD, class_size(0));
    //~ SOLUTION BEGIN
    let size = class_size(class);
    // SAFETY: the first two blocks lie inside the pool (it holds at least
    // 31 blocks of the largest class), which the caller gives us.
    unsafe {
        let header = &mut *pool;
        header.count = 1;
        header.szidx = class as u32;
        header.nextoffset = (POOL_OVERHEAD + 2 * size) as u32;
        header.maxnextoffset = (POOL_SIZE - size) as u32;
        header.freeblock = pool.cast::<u8>().add(POOL_OVERHEAD + size);
        header
            .freeblock
            .cast::<*mut u8>()
            .write(std::ptr::null_mut());
        pool.cast::<u8>().add(POOL_OVERHEAD)
    }
    //~ SOLUTION END
}

/// Takes the first available block of a pool whose free list is not empty,
/// carving the next one when the list runs out; `true` if the pool is now
/// full.
///
/// # Safety
/// See the crate documentation; the pool's free list is not empty.
pub unsafe fn take_block(pool: *mut PoolHeader) -> (*mut u8, bool) {
    //~ TODO: Pop the free list; if it is empty now, carve the block at
    //~ TODO: nextoffset if one fits, or report the pool full.
    //~ STUB: let _ = pool;
    //~ SOLUTION BEGIN
    // SAFETY: every block on the free list is a free block of this pool,
    // its first word the link; a carved block lies between `nextoffset`
    // and `maxnextoffset`, inside the pool.
    unsafe {
        let header = &mut *pool;
        let block = header.freeblock;
        header.count += 1;
        header.freeblock = block.cast::<*mut u8>().read();
        if !header.freeblock.is_null() {
            return (block, false);
        }
        if header.nextoffset <= header.maxnextoffset {
            header.freeblock = pool.cast::<u8>().add(header.nextoffset as usize);
            header.nextoffset += class_size(header.szidx as usize) as u32;
            header
                .freeblock
                .cast::<*mut u8>()
                .write(std::ptr::null_mut());
            return (block, false);
        }
        (block, true)
    }
    //~ SOLUTION END
}

/// Puts `block` back at the front of the free list and says what that did
/// to the pool's state.
///
/// # Safety
/// See the crate documentation; `block` was handed out by this pool and is
/// not in use any more.
pub unsafe fn return_block(pool: *mut PoolHeader, block: *mut u8) -> AfterFree {
    //~ TODO: Link the block in front of freeblock (the link goes in the
    //~ TODO: block), count one fewer, and tell full / still used / empty.
    //~ STUB: let _ = (pool, block);
    //~ SOLUTION BEGIN
    // SAFETY: the block is a free block of this set-up pool, so its first
    // word may hold the link.
    unsafe {
        let header = &mut *pool;
        let was_full = header.freeblock.is_null();
        block.cast::<*mut u8>().write(header.freeblock);
        header.freeblock = block;
        header.count -= 1;
        if was_full {
            AfterFree::WasFull
        } else if header.count == 0 {
            AfterFree::NowEmpty
        } else {
            AfterFree::StillUsed
        }
    }
    //~ SOLUTION END
}
