//! Graded tests for ch08-return-arenas: each policy on chapter 7's
//! allocator, with a page source that counts.

use std::ptr::NonNull;

use ch07_pymalloc::constants::MAX_POOLS_IN_ARENA;
use ch07_pymalloc::size_class::blocks_in_pool;
use ch07_pymalloc::{CountingPages, Pymalloc, ReleasePolicy};
use ch08_return_arenas::{Before2_5, From2_5, From3_9};

/// 512-byte blocks filling about `arenas` arenas.
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
        // SAFETY: live blocks of this allocator, each freed once.
        assert!(unsafe { allocator.free(block) });
    }
}

/// Builds 4 arenas' worth, frees it all: the arenas still mapped.
fn after_freeing_everything<R: ReleasePolicy>(policy: R) -> usize {
    let mut allocator = Pymalloc::new(CountingPages::default(), policy);
    let blocks = fill(&mut allocator, 4);
    assert!(allocator.counters().allocated_now >= 4);
    free_all(&mut allocator, blocks);
    allocator.check();
    allocator.counters().allocated_now
}

/// A full arena, then 200 turns of a loop that needs one more pool and
/// frees it: how many arenas were mapped in all.
fn maps_in_a_loop_at_an_arenas_edge<R: ReleasePolicy>(policy: R) -> usize {
    let mut allocator = Pymalloc::new(CountingPages::default(), policy);
    let blocks = fill(&mut allocator, 1);
    while allocator.usable().head.is_some() {
        // Use up whatever pools the arena has left.
        let _ = allocator.allocate(512);
    }
    for _ in 0..200 {
        let extra: Vec<_> = (0..blocks_in_pool(31))
            .map(|_| allocator.allocate(512).unwrap())
            .collect();
        free_all(&mut allocator, extra);
    }
    drop(blocks);
    allocator.pages().maps
}

#[test]
fn before_2_5_memory_never_went_down() {
    assert_eq!(after_freeing_everything(Before2_5), 4);
}

#[test]
fn from_2_5_everything_free_went_back() {
    assert_eq!(after_freeing_everything(From2_5), 0);
}

#[test]
fn from_2_5_a_loop_at_an_arenas_edge_mapped_on_every_turn() {
    assert_eq!(maps_in_a_loop_at_an_arenas_edge(From2_5), 201);
}

#[test]
fn from_3_9_one_spare_is_kept_and_the_loop_maps_once() {
    assert_eq!(after_freeing_everything(From3_9), 1);
    assert_eq!(maps_in_a_loop_at_an_arenas_edge(From3_9), 2);
    assert_eq!(maps_in_a_loop_at_an_arenas_edge(Before2_5), 2);
}
