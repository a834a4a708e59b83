//! The allocator against a model: random allocations and frees, in every
//! order, with every block's bytes checked, and the report's totals.

use std::collections::HashMap;
use std::ptr::NonNull;

use ch07_pymalloc::constants::{
    ARENA_SIZE, MAX_POOLS_IN_ARENA, NB_SMALL_SIZE_CLASSES, POOL_SIZE, class_size,
};
use ch07_pymalloc::size_class::blocks_in_pool;
use ch07_pymalloc::stats::report;
use ch07_pymalloc::{HeapPages, KeepArenas, Pymalloc};

type Allocator = Pymalloc<HeapPages, KeepArenas>;

fn allocator() -> Allocator {
    Pymalloc::new(HeapPages, KeepArenas)
}

/// A deterministic pseudo-random sequence (no dependency needed).
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

/// Live blocks with the size asked for and the byte written into all of them.
#[derive(Default)]
struct Model {
    live: HashMap<usize, (NonNull<u8>, usize, u8)>,
}

impl Model {
    fn allocate(&mut self, allocator: &mut Allocator, size: usize, fill: u8) -> NonNull<u8> {
        let block = allocator.allocate(size).expect("memory");
        assert_eq!(
            block.as_ptr().addr() % 16.min(ch07_pymalloc::constants::ALIGNMENT),
            0
        );
        assert!(allocator.owns(block.as_ptr()));
        assert!(allocator.block_size(block.as_ptr()).unwrap() >= size);
        // SAFETY: a fresh block of at least `size` bytes.
        unsafe { block.as_ptr().write_bytes(fill, size) };
        let previous = self.live.insert(block.as_ptr().addr(), (block, size, fill));
        assert!(previous.is_none(), "a live block was handed out twice");
        block
    }

    fn free(&mut self, allocator: &mut Allocator, address: usize) {
        let (block, size, fill) = self.live.remove(&address).unwrap();
        // SAFETY: live, `size` bytes, written by `allocate`.
        let bytes = unsafe { std::slice::from_raw_parts(block.as_ptr(), size) };
        assert!(
            bytes.iter().all(|&b| b == fill),
            "a live block was overwritten"
        );
        // SAFETY: live and ours; not used after.
        assert!(unsafe { allocator.free(block) });
    }

    fn check_all(&self) {
        for &(block, size, fill) in self.live.values() {
            // SAFETY: live blocks.
            let bytes = unsafe { std::slice::from_raw_parts(block.as_ptr(), size) };
            assert!(bytes.iter().all(|&b| b == fill));
        }
    }
}

fn rounds(full: usize) -> usize {
    if cfg!(miri) { full / 100 } else { full }
}

#[test]
fn random_churn_never_hands_out_a_live_block_and_keeps_the_invariants() {
    let mut allocator = allocator();
    let mut model = Model::default();
    let mut random = Lcg(7);
    let mut order: Vec<usize> = Vec::new();
    for step in 0..rounds(60_000) {
        if order.is_empty() || random.below(3) != 0 {
            let size = 1 + random.below(512);
            let block = model.allocate(&mut allocator, size, (step % 251) as u8);
            order.push(block.as_ptr().addr());
        } else {
            let address = order.swap_remove(random.below(order.len()));
            model.free(&mut allocator, address);
        }
        if step % 5_000 == 0 {
            allocator.check();
        }
    }
    model.check_all();
    allocator.check();
    for address in order {
        model.free(&mut allocator, address);
    }
    allocator.check();
    let stats = allocator.stats();
    assert_eq!(stats.allocated_bytes(), 0);
    assert_eq!(stats.accounted_bytes(), stats.arenas * ARENA_SIZE);
}

#[test]
fn lifo_and_fifo_frees_leave_every_pool_empty() {
    for fifo in [false, true] {
        let mut allocator = allocator();
        let mut model = Model::default();
        let mut blocks = Vec::new();
        for n in 0..rounds(20_000) {
            blocks.push(
                model
                    .allocate(&mut allocator, 16 + (n % 32) * 16, n as u8)
                    .as_ptr()
                    .addr(),
            );
        }
        if !fifo {
            blocks.reverse();
        }
        for address in blocks {
            model.free(&mut allocator, address);
        }
        allocator.check();
        let stats = allocator.stats();
        assert!(stats.classes.iter().all(|c| c.pools == 0), "fifo={fifo}");
        assert_eq!(
            stats.unused_pools,
            allocator
                .arenas()
                .iter()
                .map(|a| a.ntotalpools as usize)
                .sum()
        );
    }
}

#[test]
fn a_freed_block_is_reused_at_the_same_address() {
    let mut allocator = allocator();
    let a = allocator.allocate(40).unwrap();
    let b = allocator.allocate(40).unwrap();
    // SAFETY: live blocks, not used after.
    unsafe { allocator.free(a) };
    assert_eq!(
        allocator.allocate(48).unwrap(),
        a,
        "same class: the freed block"
    );
    assert_ne!(
        allocator.allocate(64).unwrap(),
        b,
        "another class: another pool"
    );
}

#[test]
fn blocks_of_a_new_pool_are_carved_in_address_order() {
    let mut allocator = allocator();
    let blocks: Vec<usize> = (0..10)
        .map(|_| allocator.allocate(100).unwrap().as_ptr().addr())
        .collect();
    for pair in blocks.windows(2) {
        assert_eq!(pair[1] - pair[0], 112);
    }
    assert_eq!(
        blocks[0] % POOL_SIZE,
        48,
        "the first block follows the pool header"
    );
}

#[test]
fn a_full_pool_leaves_usedpools_and_comes_back_at_the_front() {
    let mut allocator = allocator();
    let class = NB_SMALL_SIZE_CLASSES - 1;
    let size = class_size(class);
    let first_pool: Vec<_> = (0..blocks_in_pool(class))
        .map(|_| allocator.allocate(size).unwrap())
        .collect();
    assert!(allocator.used_pool(class).is_none(), "the pool is full");
    let second = allocator.allocate(size).unwrap();
    let second_pool = allocator.used_pool(class).unwrap();
    assert_eq!(
        second.as_ptr().addr() & !(POOL_SIZE - 1),
        second_pool.as_ptr().addr()
    );
    // SAFETY: a live block; not used after.
    unsafe { allocator.free(first_pool[3]) };
    let front = allocator.used_pool(class).unwrap();
    assert_eq!(
        front.as_ptr().addr(),
        first_pool[3].as_ptr().addr() & !(POOL_SIZE - 1)
    );
    assert_eq!(allocator.allocate(size).unwrap(), first_pool[3]);
    allocator.check();
}

#[test]
fn an_empty_pool_can_take_another_size_class() {
    let mut allocator = allocator();
    let block = allocator.allocate(16).unwrap();
    let pool = block.as_ptr().addr() & !(POOL_SIZE - 1);
    // SAFETY: live; not used after.
    unsafe { allocator.free(block) };
    let other = allocator.allocate(256).unwrap();
    assert_eq!(
        other.as_ptr().addr() & !(POOL_SIZE - 1),
        pool,
        "the empty pool was reused"
    );
    assert_eq!(allocator.block_size(other.as_ptr()), Some(256));
}

#[test]
fn arenas_fill_one_at_a_time_and_this_chapter_keeps_them() {
    let mut allocator = allocator();
    let per_pool = blocks_in_pool(NB_SMALL_SIZE_CLASSES - 1);
    let pools = if cfg!(miri) {
        70
    } else {
        3 * MAX_POOLS_IN_ARENA
    };
    let blocks: Vec<_> = (0..pools * per_pool)
        .map(|_| allocator.allocate(512).unwrap())
        .collect();
    let arenas = allocator.counters().allocated_now;
    assert!(
        arenas >= pools.div_ceil(MAX_POOLS_IN_ARENA),
        "{arenas} arenas for {pools} pools"
    );
    for block in blocks {
        // SAFETY: live; not used after.
        unsafe { allocator.free(block) };
    }
    assert_eq!(
        allocator.counters().allocated_now,
        arenas,
        "KeepArenas gives nothing back"
    );
    allocator.check();
}

#[test]
fn large_and_empty_requests_are_not_pymallocs() {
    let mut allocator = allocator();
    assert!(allocator.allocate(0).is_none());
    assert!(allocator.allocate(513).is_none());
    let outside = Box::new([0u8; 64]);
    assert!(!allocator.owns(outside.as_ptr()));
    // SAFETY: not ours, so `free` only says so.
    assert!(!unsafe { allocator.free(NonNull::from(&outside[0])) });
}

#[test]
fn reallocation_stays_in_place_within_a_class_and_moves_across() {
    let mut allocator = allocator();
    let block = allocator.allocate(20).unwrap();
    // SAFETY: a live block of 20 bytes.
    unsafe {
        block.as_ptr().write_bytes(9, 20);
        assert_eq!(allocator.reallocate(block, 20, 32), Some(block));
        let moved = allocator.reallocate(block, 32, 200).unwrap();
        assert_ne!(moved, block);
        assert!(
            std::slice::from_raw_parts(moved.as_ptr(), 20)
                .iter()
                .all(|&b| b == 9)
        );
        allocator.free(moved);
    }
    allocator.check();
}

#[test]
fn the_report_accounts_for_every_byte() {
    let mut allocator = allocator();
    let mut model = Model::default();
    for n in 0..rounds(5_000) {
        model.allocate(&mut allocator, 1 + n % 300, 1);
    }
    let stats = allocator.stats();
    assert_eq!(stats.accounted_bytes(), stats.arenas * ARENA_SIZE);
    let text = report(&stats);
    assert!(text.starts_with("Small block threshold = 512, in 32 size classes.\n"));
    assert!(text.contains("class   size   num pools   blocks in use  avail blocks\n"));
    assert!(text.contains("# arenas allocated current         ="));
    let blocks: usize = stats.classes.iter().map(|c| c.blocks_in_use).sum();
    assert_eq!(blocks, model.live.len());
}
