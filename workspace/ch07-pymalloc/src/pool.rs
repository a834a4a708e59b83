//! A pool: one 16 KiB page of blocks of one size class, and its header.
//!
//! The header sits at the start of the pool, so the pool of any block is
//! found by masking the block's address ([`pool_of`]). Blocks are carved
//! lazily: a new pool hands out its first block and puts only the second on
//! the free list; the rest of the pool is not touched (and so not made
//! resident by the operating system) until it is needed. A freed block
//! becomes the head of the pool's free list, the link stored in the block
//! itself.
//!
//! ```text
//!  pool (16 KiB)                            nextoffset      maxnextoffset
//!  ┌────────┬───────┬───────┬───────┬───────┬──▼────────────────▼──────┐
//!  │ header │ used  │ free ─┼─▶free │ used  │  never carved yet  │ lost │
//!  └────────┴───────┴───▲───┴───────┴───────┴────────────────────┴──────┘
//!      freeblock ───────┘
//! ```
//!
//! A pool is in one of three states (CPython 3.11, `Objects/obmalloc.c`):
//! *used* (some blocks in use, some available: it is on its size class's
//! list in `usedpools`), *full* (no block available: on no list), *empty*
//! (no block in use: on its arena's list of free pools, free to take any
//! size class next).
//!
//! Safety: every function here takes a raw pool pointer. The caller
//! guarantees that it points at the start of a pool inside an arena the
//! allocator owns, that no other reference to that pool's memory is live
//! during the call, and (for the block functions) that the pool was set up
//! by [`init_pool`].

#[cfg(feature = "reference")]
use std::ptr;

#[cfg(feature = "reference")]
use crate::constants::class_size;
use crate::constants::{ALIGNMENT, POOL_SIZE, POOL_SIZE_MASK};

// ANCHOR: header
/// The start of every pool. CPython: `struct pool_header`.
#[repr(C)]
#[derive(Debug)]
pub struct PoolHeader {
    /// Blocks in use. CPython: `ref.count`.
    pub count: u32,
    /// The first available block, or null when none has been freed or
    /// carved in advance. CPython: `freeblock`.
    pub freeblock: *mut u8,
    /// The next pool in the same list (`usedpools[class]` or the arena's
    /// free pools). Null at the end.
    pub nextpool: *mut PoolHeader,
    /// The previous pool in `usedpools[class]`. Null at the front.
    pub prevpool: *mut PoolHeader,
    /// Which arena the pool belongs to (an index into the arena table).
    pub arenaindex: u32,
    /// The size class of its blocks. CPython: `szidx`.
    pub szidx: u32,
    /// Offset of the next block never carved yet. CPython: `nextoffset`.
    pub nextoffset: u32,
    /// The largest offset a block can start at. CPython: `maxnextoffset`.
    pub maxnextoffset: u32,
}
// ANCHOR_END: header

/// The header's size rounded up to [`ALIGNMENT`]: the first block's offset.
/// 48 bytes on 64-bit, as in CPython (`POOL_OVERHEAD`).
pub const POOL_OVERHEAD: usize = std::mem::size_of::<PoolHeader>().next_multiple_of(ALIGNMENT);

/// `szidx` of a pool that has never held blocks. CPython: `DUMMY_SIZE_IDX`.
pub const NO_CLASS: u32 = 0xffff;

const _: () = {
    assert!(std::mem::align_of::<PoolHeader>() <= ALIGNMENT);
    assert!(POOL_OVERHEAD < POOL_SIZE);
};

/// What a free did to its pool's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFree {
    /// The pool was full: it goes back on its size class's list, at the front.
    WasFull,
    /// The pool is still used: nothing else to do.
    StillUsed,
    /// The pool has no block in use: it leaves its size class's list for
    /// its arena's free pools.
    NowEmpty,
}

/// The pool that holds `block`: its address with the low bits cleared.
/// CPython: `POOL_ADDR(p)`.
#[inline]
pub fn pool_of(block: *mut u8) -> *mut PoolHeader {
    block.map_addr(|address| address & !POOL_SIZE_MASK).cast()
}

#[cfg(feature = "reference")]
/// The address of the byte `offset` bytes into `pool`.
///
/// # Safety
/// `offset` is at most [`POOL_SIZE`] and `pool` points at a pool.
#[inline]
unsafe fn at_offset(pool: *mut PoolHeader, offset: u32) -> *mut u8 {
    // SAFETY: the caller keeps `offset` inside the pool, so the result
    // stays inside the allocation `pool` points into.
    unsafe { pool.cast::<u8>().add(offset as usize) }
}

#[cfg(feature = "reference")]
/// Reads the free-list link stored in a free block.
///
/// # Safety
/// `block` is a free block of a pool (aligned, and its first word is a link).
#[inline]
unsafe fn next_free(block: *mut u8) -> *mut u8 {
    // SAFETY: blocks are ALIGNMENT-aligned, which suffices for a pointer,
    // and a free block's first word always holds its link.
    unsafe { block.cast::<*mut u8>().read() }
}

#[cfg(feature = "reference")]
/// Stores the free-list link in a free block.
///
/// # Safety
/// `block` is a block of a pool that nobody uses.
#[inline]
unsafe fn set_next_free(block: *mut u8, next: *mut u8) {
    // SAFETY: as in `next_free`; the block is not in use, so writing it
    // destroys nothing.
    unsafe { block.cast::<*mut u8>().write(next) }
}

#[cfg(feature = "reference")]
// ANCHOR: init_pool
/// Sets `pool` up for blocks of `class` and returns its first block. Only
/// the second block is put on the free list; `nextoffset` points past it.
/// The pool's count becomes 1. CPython: the end of `allocate_from_new_pool`.
///
/// # Safety
/// See the module documentation; the pool's memory past the header may be
/// uninitialized.
pub unsafe fn init_pool(pool: *mut PoolHeader, class: usize) -> *mut u8 {
    let size = class_size(class) as u32;
    let first = POOL_OVERHEAD as u32;
    // SAFETY: the first two blocks lie inside the pool (a pool holds at
    // least 31 blocks of the largest class), and the caller gives us the pool.
    unsafe {
        let header = &mut *pool;
        header.count = 1;
        header.szidx = class as u32;
        header.nextoffset = first + 2 * size;
        header.maxnextoffset = (POOL_SIZE as u32) - size;
        header.freeblock = at_offset(pool, first + size);
        set_next_free(header.freeblock, ptr::null_mut());
        at_offset(pool, first)
    }
}
// ANCHOR_END: init_pool

#[cfg(feature = "reference")]
// ANCHOR: take_block
/// Takes an available block from a used or empty pool (one whose
/// `freeblock` is not null) and returns it, with `true` if that made the pool full. When the
/// free list runs out, the next block is carved from the untouched part of
/// the pool; when there is none, the pool is full. CPython:
/// `pymalloc_alloc` and `pymalloc_pool_extend`.
///
/// # Safety
/// See the module documentation; `pool`'s free list is not empty.
#[inline]
pub unsafe fn take_block(pool: *mut PoolHeader) -> (*mut u8, bool) {
    // SAFETY: the caller gives us a set-up pool with an available block;
    // every block on its free list is a free block of this pool, and a
    // carved block lies between `nextoffset` and `maxnextoffset`.
    unsafe {
        let header = &mut *pool;
        let block = header.freeblock;
        header.count += 1;
        header.freeblock = next_free(block);
        if !header.freeblock.is_null() {
            return (block, false);
        }
        if header.nextoffset <= header.maxnextoffset {
            header.freeblock = at_offset(pool, header.nextoffset);
            header.nextoffset += class_size(header.szidx as usize) as u32;
            set_next_free(header.freeblock, ptr::null_mut());
            return (block, false);
        }
        (block, true)
    }
}
// ANCHOR_END: take_block

#[cfg(feature = "reference")]
// ANCHOR: return_block
/// Puts `block` back at the front of `pool`'s free list and says what that
/// did to the pool's state. CPython: the pool half of `pymalloc_free`.
///
/// `pool` is the allocator's own pointer to the pool and `block` the
/// pointer the caller freed. The link is written through `block` (the
/// caller's permission covers its block), and the list stores a pointer
/// rebuilt from `pool`, which may reach the whole pool later on; see
/// [`arena_map`](crate::arena_map) on provenance.
///
/// # Safety
/// See the module documentation; `block` was handed out by this pool and
/// is not in use any more.
#[inline]
pub unsafe fn return_block(pool: *mut PoolHeader, block: *mut u8) -> AfterFree {
    // SAFETY: the caller gives us a block of a set-up pool; the block is
    // free, so its first word can hold the link.
    unsafe {
        let header = &mut *pool;
        let was_full = header.freeblock.is_null();
        set_next_free(block, header.freeblock);
        header.freeblock = pool.cast::<u8>().with_addr(block.addr());
        header.count -= 1;
        if was_full {
            AfterFree::WasFull
        } else if header.count == 0 {
            AfterFree::NowEmpty
        } else {
            AfterFree::StillUsed
        }
    }
}
// ANCHOR_END: return_block

#[cfg(all(test, feature = "reference"))]
mod tests {
    use super::*;
    use crate::size_class::blocks_in_pool;
    use std::alloc::{Layout, alloc, dealloc};

    /// One pool's worth of memory, aligned as a pool is.
    struct TestPool(*mut PoolHeader);
    impl TestPool {
        fn new() -> TestPool {
            let layout = Layout::from_size_align(POOL_SIZE, POOL_SIZE).unwrap();
            // SAFETY: the layout has a non-zero size.
            TestPool(unsafe { alloc(layout) }.cast())
        }
    }
    impl Drop for TestPool {
        fn drop(&mut self) {
            let layout = Layout::from_size_align(POOL_SIZE, POOL_SIZE).unwrap();
            // SAFETY: allocated in `new` with the same layout.
            unsafe { dealloc(self.0.cast(), layout) }
        }
    }

    fn offset(pool: &TestPool, block: *mut u8) -> usize {
        block.addr() - pool.0.addr()
    }

    #[test]
    fn a_new_pool_hands_out_its_first_block_and_lists_only_the_second() {
        let pool = TestPool::new();
        // SAFETY: a fresh pool-aligned buffer, used only here.
        unsafe {
            let first = init_pool(pool.0, 3);
            assert_eq!(offset(&pool, first), POOL_OVERHEAD);
            assert_eq!((*pool.0).count, 1);
            assert_eq!(offset(&pool, (*pool.0).freeblock), POOL_OVERHEAD + 64);
            assert_eq!((*pool.0).nextoffset as usize, POOL_OVERHEAD + 128);
            assert_eq!(pool_of(first), pool.0);
        }
    }

    #[test]
    fn blocks_come_in_address_order_until_the_pool_is_full() {
        let pool = TestPool::new();
        let class = if cfg!(miri) { 31 } else { 0 };
        let size = class_size(class);
        // SAFETY: as above.
        unsafe {
            let mut last = init_pool(pool.0, class);
            let mut full = false;
            for n in 1..blocks_in_pool(class) {
                assert!(!full, "full after {n} blocks");
                let (block, now_full) = take_block(pool.0);
                assert_eq!(offset(&pool, block), offset(&pool, last) + size);
                last = block;
                full = now_full;
            }
            assert!(full, "full after all {} blocks", blocks_in_pool(class));
            assert_eq!((*pool.0).count as usize, blocks_in_pool(class));
        }
    }

    #[test]
    fn a_freed_block_is_the_next_one_handed_out() {
        let pool = TestPool::new();
        // SAFETY: as above.
        unsafe {
            let a = init_pool(pool.0, 1);
            let (b, _) = take_block(pool.0);
            let (c, _) = take_block(pool.0);
            assert_eq!(return_block(pool.0, b), AfterFree::StillUsed);
            assert_eq!(take_block(pool.0).0, b);
            assert_eq!(return_block(pool.0, c), AfterFree::StillUsed);
            assert_eq!(return_block(pool.0, b), AfterFree::StillUsed);
            assert_eq!(return_block(pool.0, a), AfterFree::NowEmpty);
            // Last freed, first reused: a, then b, then c.
            // An empty pool that keeps its class hands out its free list as
            // any used pool does.
            assert_eq!(take_block(pool.0), (a, false));
            assert_eq!(take_block(pool.0).0, b);
            assert_eq!(take_block(pool.0).0, c);
        }
    }

    #[test]
    fn freeing_into_a_full_pool_says_so() {
        let pool = TestPool::new();
        let class = 31;
        // SAFETY: as above.
        unsafe {
            let first = init_pool(pool.0, class);
            let mut full = false;
            while !full {
                full = take_block(pool.0).1;
            }
            assert_eq!(return_block(pool.0, first), AfterFree::WasFull);
            assert_eq!(take_block(pool.0), (first, true));
        }
    }
}
