//! Graded tests for ch07-pool: the pool tests of `ch07-pymalloc`, on your
//! functions. They are sized down under Miri.

use std::alloc::{Layout, alloc, dealloc};

use ch07_pool::{init_pool, return_block, take_block};
use ch07_pymalloc::constants::{NB_SMALL_SIZE_CLASSES, POOL_SIZE, class_size};
use ch07_pymalloc::pool::{AfterFree, POOL_OVERHEAD, PoolHeader};

/// One pool's worth of memory, aligned as a pool is.
struct TestPool(*mut PoolHeader);

impl TestPool {
    fn layout() -> Layout {
        Layout::from_size_align(POOL_SIZE, POOL_SIZE).unwrap()
    }
    fn new() -> TestPool {
        // SAFETY: the layout has a non-zero size.
        let memory = unsafe { alloc(TestPool::layout()) };
        assert!(!memory.is_null());
        TestPool(memory.cast())
    }
    fn offset(&self, block: *mut u8) -> usize {
        block.addr() - self.0.addr()
    }
    fn header(&self) -> &PoolHeader {
        // SAFETY: set up by `init_pool` before any test reads it.
        unsafe { &*self.0 }
    }
}

impl Drop for TestPool {
    fn drop(&mut self) {
        // SAFETY: allocated in `new` with this layout.
        unsafe { dealloc(self.0.cast(), TestPool::layout()) }
    }
}

fn blocks_in_pool(class: usize) -> usize {
    (POOL_SIZE - POOL_OVERHEAD) / class_size(class)
}

#[test]
fn a_new_pool_hands_out_its_first_block_and_lists_only_the_second() {
    let pool = TestPool::new();
    // SAFETY: a fresh pool-aligned buffer that only this test uses.
    let first = unsafe { init_pool(pool.0, 3) };
    let size = class_size(3);
    assert_eq!(
        pool.offset(first),
        POOL_OVERHEAD,
        "the first block follows the header"
    );
    let header = pool.header();
    assert_eq!(header.count, 1);
    assert_eq!(header.szidx, 3);
    assert_eq!(
        pool.offset(header.freeblock),
        POOL_OVERHEAD + size,
        "the second block is listed"
    );
    // SAFETY: the listed block is free; its first word is the link.
    assert!(
        unsafe { header.freeblock.cast::<*mut u8>().read() }.is_null(),
        "and only it"
    );
    assert_eq!(header.nextoffset as usize, POOL_OVERHEAD + 2 * size);
    assert_eq!(header.maxnextoffset as usize, POOL_SIZE - size);
}

#[test]
fn blocks_are_carved_in_address_order_until_the_pool_is_full() {
    let classes: &[usize] = if cfg!(miri) {
        &[31, 20]
    } else {
        &[0, 1, 5, 20, 31]
    };
    for &class in classes {
        let pool = TestPool::new();
        let size = class_size(class);
        // SAFETY: a fresh pool, used only here.
        let mut last = unsafe { init_pool(pool.0, class) };
        let mut full = false;
        for n in 1..blocks_in_pool(class) {
            assert!(!full, "class {class}: full after {n} blocks");
            // SAFETY: the pool is not full, so its free list is not empty.
            let (block, now_full) = unsafe { take_block(pool.0) };
            assert_eq!(
                pool.offset(block),
                pool.offset(last) + size,
                "class {class}, block {n}"
            );
            last = block;
            full = now_full;
        }
        assert!(
            full,
            "class {class}: full after its {} blocks",
            blocks_in_pool(class)
        );
        assert_eq!(pool.header().count as usize, blocks_in_pool(class));
        assert!(pool.offset(last) + size <= POOL_SIZE, "the last block fits");
    }
}

#[test]
fn the_last_block_freed_is_the_first_handed_out() {
    let pool = TestPool::new();
    // SAFETY: a fresh pool; every block is freed once, after it was taken.
    unsafe {
        let a = init_pool(pool.0, 1);
        let (b, _) = take_block(pool.0);
        let (c, _) = take_block(pool.0);
        return_block(pool.0, b);
        assert_eq!(take_block(pool.0).0, b);
        return_block(pool.0, c);
        return_block(pool.0, a);
        let (first, _) = take_block(pool.0);
        let (second, _) = take_block(pool.0);
        assert_eq!((first, second), (a, c), "last freed, first reused");
        let (fresh, _) = take_block(pool.0);
        assert_eq!(
            pool.offset(fresh),
            POOL_OVERHEAD + 3 * class_size(1),
            "then carving goes on"
        );
    }
}

#[test]
fn the_pool_reports_each_change_of_state() {
    let class = NB_SMALL_SIZE_CLASSES - 1;
    let pool = TestPool::new();
    // SAFETY: a fresh pool; blocks are freed once each.
    unsafe {
        let mut blocks = vec![init_pool(pool.0, class)];
        let mut full = false;
        while !full {
            let (block, now_full) = take_block(pool.0);
            blocks.push(block);
            full = now_full;
        }
        assert!(
            pool.header().freeblock.is_null(),
            "a full pool has no free block"
        );
        assert_eq!(
            return_block(pool.0, blocks.pop().unwrap()),
            AfterFree::WasFull
        );
        while blocks.len() > 1 {
            assert_eq!(
                return_block(pool.0, blocks.pop().unwrap()),
                AfterFree::StillUsed
            );
        }
        assert_eq!(
            return_block(pool.0, blocks.pop().unwrap()),
            AfterFree::NowEmpty
        );
        assert_eq!(pool.header().count, 0);
    }
}

#[test]
fn random_takes_and_returns_never_hand_out_a_live_block() {
    let class = 2;
    let pool = TestPool::new();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n
    };
    let steps = if cfg!(miri) { 300 } else { 20_000 };
    // SAFETY: a fresh pool; only live blocks are freed, each once, and a
    // block is written only while it is live.
    unsafe {
        let first = init_pool(pool.0, class);
        first.write_bytes(0, class_size(class));
        let mut live = vec![first];
        let mut full = false;
        for step in 0..steps {
            if !full && (live.is_empty() || next(3) != 0) {
                let (block, now_full) = take_block(pool.0);
                assert!(
                    !live.contains(&block),
                    "step {step}: a live block handed out again"
                );
                assert_eq!((pool.offset(block) - POOL_OVERHEAD) % class_size(class), 0);
                block.write_bytes((step % 200) as u8 + 1, class_size(class));
                live.push(block);
                full = now_full;
            } else if !live.is_empty() {
                let block = live.swap_remove(next(live.len()));
                let state = return_block(pool.0, block);
                assert_eq!(state == AfterFree::WasFull, full, "step {step}");
                assert_eq!(state == AfterFree::NowEmpty, live.is_empty(), "step {step}");
                full = false;
            }
            assert_eq!(pool.header().count as usize, live.len(), "step {step}");
        }
    }
}
