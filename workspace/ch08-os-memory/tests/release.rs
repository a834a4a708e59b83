//! The release policies on chapter 7's allocator: what is given back, when,
//! and that the allocator keeps working after it.

use std::ptr::NonNull;

use ch07_pymalloc::constants::{MAX_POOLS_IN_ARENA, POOL_SIZE};
use ch07_pymalloc::page_source::PAGE_SIZE;
use ch07_pymalloc::size_class::blocks_in_pool;
use ch07_pymalloc::{CountingPages, KeepArenas, Pymalloc, ReleasePolicy};
use ch08_os_memory::{OsPolicy, ReleasePages, ReturnArenas};

fn scale(n: usize) -> usize {
    if cfg!(miri) { n / 8 } else { n }
}

/// Enough 512-byte blocks to fill `arenas` arenas.
fn fill<R: ReleasePolicy>(
    allocator: &mut Pymalloc<CountingPages, R>,
    arenas: usize,
) -> Vec<NonNull<u8>> {
    let blocks = arenas * (MAX_POOLS_IN_ARENA - 1) * blocks_in_pool(31);
    (0..blocks)
        .map(|_| allocator.allocate(512).unwrap())
        .collect()
}

fn free_all<R: ReleasePolicy>(
    allocator: &mut Pymalloc<CountingPages, R>,
    blocks: Vec<NonNull<u8>>,
) {
    for block in blocks {
        // SAFETY: live blocks of this allocator, freed once.
        assert!(unsafe { allocator.free(block) });
    }
}

#[test]
fn chapter_7_keeps_every_arena() {
    let mut allocator = Pymalloc::new(CountingPages::default(), KeepArenas);
    let blocks = fill(&mut allocator, scale(8).max(2));
    let mapped = allocator.counters().allocated_now;
    free_all(&mut allocator, blocks);
    assert_eq!(allocator.counters().allocated_now, mapped);
    assert_eq!(allocator.pages().unmaps, 0);
}

#[test]
fn cpython_returns_every_wholly_free_arena_but_one() {
    let mut allocator = Pymalloc::new(CountingPages::default(), ReturnArenas);
    let blocks = fill(&mut allocator, scale(8).max(2));
    let mapped = allocator.counters().allocated_now;
    assert!(mapped >= 2);
    free_all(&mut allocator, blocks);
    assert_eq!(allocator.counters().allocated_now, 1, "one spare is kept");
    assert_eq!(allocator.pages().unmaps, mapped - 1);
    allocator.check();
    let stats = allocator.stats();
    assert_eq!(
        stats.arenas_allocated_total - stats.arenas,
        mapped - 1,
        "the report's \"arenas reclaimed\""
    );
}

#[test]
fn an_arena_with_one_live_block_is_kept_whole() {
    let mut allocator = Pymalloc::new(CountingPages::default(), ReturnArenas);
    let mut blocks = fill(&mut allocator, 2);
    let survivor = blocks.remove(blocks.len() / 4);
    free_all(&mut allocator, blocks);
    // The survivor's arena stays. The other goes unless it is the last of
    // the usable list: when the two end with as many free pools (an arena
    // of 64 pools with one in use, one of 63 all free), the free one can
    // come first and be unmapped, spare or not, as in CPython.
    assert!(allocator.owns(survivor.as_ptr()));
    assert!((1..=2).contains(&allocator.counters().allocated_now));
    allocator.check();
    // SAFETY: the survivor is live.
    unsafe { allocator.free(survivor) };
    allocator.check();
}

#[test]
fn the_spare_arena_stops_a_loop_from_mapping_on_every_turn() {
    let mut allocator = Pymalloc::new(CountingPages::default(), ReturnArenas);
    let blocks = fill(&mut allocator, 1);
    // The arena is full to its last pool; each turn needs a new pool.
    for _ in 0..scale(1000) {
        let extra: Vec<_> = (0..blocks_in_pool(31))
            .map(|_| allocator.allocate(512).unwrap())
            .collect();
        free_all(&mut allocator, extra);
    }
    assert!(
        allocator.pages().maps <= 2,
        "{} maps",
        allocator.pages().maps
    );
    free_all(&mut allocator, blocks);
}

#[test]
fn an_empty_pools_touched_pages_are_discarded_and_the_pool_still_works() {
    let mut allocator = Pymalloc::new(CountingPages::default(), ReleasePages);
    // Keep the arena alive with one block of another class.
    let anchor = allocator.allocate(16).unwrap();
    let blocks: Vec<_> = (0..blocks_in_pool(31))
        .map(|_| allocator.allocate(512).unwrap())
        .collect();
    free_all(&mut allocator, blocks);
    assert_eq!(
        allocator.pages().discarded_bytes(),
        POOL_SIZE - PAGE_SIZE,
        "all of the pool but its first page"
    );
    assert_eq!(allocator.counters().pools_discarded, 1);
    // The pool is set up afresh: its blocks can be used and freed again.
    let again: Vec<_> = (0..blocks_in_pool(31))
        .map(|_| allocator.allocate(512).unwrap())
        .collect();
    for (n, &block) in again.iter().enumerate() {
        // SAFETY: live blocks of 512 bytes.
        unsafe { block.as_ptr().write_bytes(n as u8, 512) };
    }
    allocator.check();
    free_all(&mut allocator, again);
    // SAFETY: live.
    unsafe { allocator.free(anchor) };
    allocator.check();
}

#[test]
fn a_pool_that_never_grew_past_its_first_page_costs_no_call() {
    let mut allocator = Pymalloc::new(CountingPages::default(), ReleasePages);
    let anchor = allocator.allocate(16).unwrap();
    for _ in 0..scale(1000) {
        let block = allocator.allocate(512).unwrap();
        // SAFETY: live; freed once.
        unsafe { allocator.free(block) };
    }
    assert_eq!(allocator.pages().discarded_bytes(), 0);
    // SAFETY: live.
    unsafe { allocator.free(anchor) };
}

#[test]
fn the_run_time_policy_answers_as_the_one_it_names() {
    for (policy, unmaps_expected) in [
        (OsPolicy::Keep, false),
        (OsPolicy::ReturnArenas, true),
        (OsPolicy::ReleasePages, true),
    ] {
        let mut allocator = Pymalloc::new(CountingPages::default(), policy);
        let blocks = fill(&mut allocator, 2);
        free_all(&mut allocator, blocks);
        assert_eq!(allocator.pages().unmaps > 0, unmaps_expected, "{policy:?}");
        assert_eq!(
            allocator.pages().discarded_bytes() > 0,
            policy == OsPolicy::ReleasePages,
            "{policy:?}"
        );
    }
}
