//! With the `planted-bug` feature the allocator gives back an arena while
//! one of its pools is still in use. This test then reads a block of that
//! pool: a use-after-free. An ordinary run crashes if the memory went back
//! to the kernel, or quietly reads whatever is there now if it did not;
//! Miri reports it as undefined behaviour every time. `.ci/run` runs it
//! under Miri and requires that report.
#![cfg(feature = "planted-bug")]

use ch07_pymalloc::size_class::blocks_in_pool;
use ch07_pymalloc::{HeapPages, Pymalloc, ReleasePolicy};

struct GiveBack;

impl ReleasePolicy for GiveBack {
    fn release_arena(&mut self, _last: bool) -> bool {
        true
    }
}

#[test]
fn a_block_of_a_released_arena_is_read() {
    let mut allocator = Pymalloc::new(HeapPages, GiveBack);
    // Two pools of 512-byte blocks in one arena: one to keep, one to empty.
    let kept = allocator.allocate(512).unwrap();
    // SAFETY: a live block.
    unsafe { kept.as_ptr().write(42) };
    let per_pool = blocks_in_pool(31);
    let others: Vec<_> = (1..2 * per_pool)
        .map(|_| allocator.allocate(512).unwrap())
        .collect();
    assert_eq!(
        allocator.counters().allocated_now,
        1,
        "both pools in one arena"
    );
    for block in others {
        // SAFETY: live blocks, freed once.
        unsafe { allocator.free(block) };
    }
    // The arena has one pool in use (the kept block's) and the planted
    // off-by-one has just unmapped it anyway.
    // SAFETY: `kept` is live as far as the program knows: this read is the
    // use-after-free the planted bug causes.
    let value = unsafe { kept.as_ptr().read() };
    assert_eq!(value, 42);
}
