//! Graded tests for ch08-release-pages: your policy on chapter 7's
//! allocator, with a page source that records what is discarded and zeroes
//! it, as the kernel makes a discarded page read. Sized down under Miri.

use std::ptr::NonNull;

use ch07_pymalloc::constants::{MAX_POOLS_IN_ARENA, POOL_SIZE};
use ch07_pymalloc::page_source::PAGE_SIZE;
use ch07_pymalloc::size_class::blocks_in_pool;
use ch07_pymalloc::{CountingPages, Pymalloc};
use ch08_release_pages::ReleasePages;

type Allocator = Pymalloc<CountingPages, ReleasePages>;

fn allocator() -> Allocator {
    Pymalloc::new(CountingPages::default(), ReleasePages)
}

fn free(allocator: &mut Allocator, block: NonNull<u8>) {
    // SAFETY: the tests free only live blocks, each once.
    assert!(unsafe { allocator.free(block) });
}

#[test]
fn wholly_free_arenas_go_back_but_one() {
    let mut allocator = allocator();
    let blocks: Vec<_> = (0..3 * (MAX_POOLS_IN_ARENA - 1) * blocks_in_pool(31))
        .map(|_| allocator.allocate(512).unwrap())
        .collect();
    let mapped = allocator.counters().allocated_now;
    for block in blocks {
        free(&mut allocator, block);
    }
    assert_eq!(allocator.counters().allocated_now, 1);
    assert_eq!(allocator.pages().unmaps, mapped - 1);
}

#[test]
fn an_empty_pools_carved_pages_after_the_first_are_discarded() {
    let mut allocator = allocator();
    let anchor = allocator.allocate(16).unwrap();
    // A full pool of 512-byte blocks: carving reached its end.
    let full: Vec<_> = (0..blocks_in_pool(31))
        .map(|_| allocator.allocate(512).unwrap())
        .collect();
    // A pool of 256-byte blocks carved to 48 + 20 * 256 = 5168 bytes: two pages.
    let partial: Vec<_> = (0..19).map(|_| allocator.allocate(256).unwrap()).collect();
    for block in full {
        free(&mut allocator, block);
    }
    assert_eq!(
        allocator.pages().discards,
        vec![(PAGE_SIZE, POOL_SIZE - PAGE_SIZE)]
    );
    for block in partial {
        free(&mut allocator, block);
    }
    assert_eq!(
        allocator.pages().discards[1],
        (PAGE_SIZE, PAGE_SIZE),
        "only the second page was ever touched"
    );
    assert_eq!(allocator.counters().pools_discarded, 2);
    free(&mut allocator, anchor);
}

#[test]
fn a_pool_that_never_left_its_first_page_costs_no_call() {
    let mut allocator = allocator();
    let anchor = allocator.allocate(16).unwrap();
    for _ in 0..500 {
        let blocks: Vec<_> = (0..5).map(|_| allocator.allocate(512).unwrap()).collect();
        for block in blocks {
            free(&mut allocator, block);
        }
    }
    assert_eq!(
        allocator.pages().discards,
        vec![],
        "carving stopped at offset 3120, inside the first page"
    );
    free(&mut allocator, anchor);
}

#[test]
fn a_discarded_pool_is_set_up_afresh_and_works() {
    let mut allocator = allocator();
    let anchor = allocator.allocate(16).unwrap();
    let first: Vec<_> = (0..blocks_in_pool(31))
        .map(|_| allocator.allocate(512).unwrap())
        .collect();
    for block in first {
        free(&mut allocator, block);
    }
    // The same pool, reused by another class after its pages were zeroed.
    let again: Vec<_> = (0..blocks_in_pool(20))
        .map(|_| allocator.allocate(336).unwrap())
        .collect();
    for (n, &block) in again.iter().enumerate() {
        // SAFETY: a live 336-byte block.
        unsafe { block.as_ptr().write_bytes(n as u8, 336) };
    }
    allocator.check();
    for (n, &block) in again.iter().enumerate() {
        // SAFETY: live.
        let bytes = unsafe { std::slice::from_raw_parts(block.as_ptr(), 336) };
        assert!(bytes.iter().all(|&b| b == n as u8));
    }
    for block in again {
        free(&mut allocator, block);
    }
    free(&mut allocator, anchor);
    allocator.check();
}

#[test]
fn churn_with_discards_never_loses_a_live_block() {
    let mut allocator = allocator();
    let mut seed: u64 = 42;
    let mut next = move |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n
    };
    let steps = if cfg!(miri) { 3_000 } else { 100_000 };
    let wave = steps / 6;
    let mut live: Vec<(NonNull<u8>, usize, u8)> = Vec::new();
    for step in 0..steps {
        // Waves: grow to a few thousand blocks, then drain, so pools empty.
        let growing = (step / wave) % 2 == 0;
        if live.is_empty() || (growing && next(4) != 0) || (!growing && next(4) == 0) {
            let size = [24, 100, 200, 512][next(4)];
            let block = allocator.allocate(size).unwrap();
            let fill = (step % 251) as u8;
            // SAFETY: a fresh block of `size` bytes.
            unsafe { block.as_ptr().write_bytes(fill, size) };
            live.push((block, size, fill));
        } else {
            let (block, size, fill) = live.swap_remove(next(live.len()));
            // SAFETY: live, `size` bytes.
            let bytes = unsafe { std::slice::from_raw_parts(block.as_ptr(), size) };
            assert!(
                bytes.iter().all(|&b| b == fill),
                "step {step}: a live block was lost"
            );
            free(&mut allocator, block);
        }
    }
    allocator.check();
    assert!(
        !allocator.pages().discards.is_empty(),
        "the waves emptied pools"
    );
}
