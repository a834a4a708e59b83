//! What each policy does to the resident set size, measured on real `mmap`
//! arenas. One test, so that nothing else in this process allocates while
//! it measures. Not under Miri (no `mmap` of this kind, no `/proc`).
#![cfg(all(target_os = "linux", not(miri)))]

use std::ptr::NonNull;

use ch07_pymalloc::page_source::Mmap;
use ch07_pymalloc::{Pymalloc, ReleasePolicy};
use ch08_os_memory::rss::resident_bytes;
use ch08_os_memory::{OsPolicy, ReleasePages, ReturnArenas};

const MIB: usize = 1 << 20;

/// Allocates about 64 MiB of 512-byte blocks, writing each; frees all but
/// every `keep_every`-th (or all, with 0). Returns the RSS growth after the
/// allocation and after the frees, and the blocks kept.
fn build_and_free<R: ReleasePolicy>(
    allocator: &mut Pymalloc<Mmap, R>,
    keep_every: usize,
) -> (usize, usize, Vec<NonNull<u8>>) {
    let start = resident_bytes().unwrap();
    let blocks: Vec<NonNull<u8>> = (0..64 * MIB / 512)
        .map(|n| {
            let block = allocator.allocate(512).unwrap();
            // SAFETY: a fresh 512-byte block.
            unsafe { block.as_ptr().write_bytes(n as u8, 512) };
            block
        })
        .collect();
    let built = resident_bytes().unwrap().saturating_sub(start);
    let mut kept = Vec::new();
    for (n, block) in blocks.into_iter().enumerate() {
        if keep_every > 0 && n % keep_every == 0 {
            kept.push(block);
        } else {
            // SAFETY: live; freed once.
            unsafe { allocator.free(block) };
        }
    }
    let left = resident_bytes().unwrap().saturating_sub(start);
    (built, left, kept)
}

#[test]
fn what_each_policy_gives_back() {
    // Chapter 7: nothing goes back.
    let mut keep = Pymalloc::new(Mmap, OsPolicy::Keep);
    let (built, left, _) = build_and_free(&mut keep, 0);
    assert!(built >= 60 * MIB, "built {built}");
    assert!(
        left >= built * 9 / 10,
        "kept arenas stay resident: {left} of {built}"
    );
    drop(keep);

    // CPython 3.11: every wholly free arena but one is unmapped.
    let mut cpython = Pymalloc::new(Mmap, ReturnArenas);
    let (built, left, _) = build_and_free(&mut cpython, 0);
    assert!(built >= 60 * MIB);
    assert!(
        left <= 4 * MIB,
        "after freeing everything, {left} bytes are still resident"
    );
    drop(cpython);

    // One block in 2000 kept: about one per arena, so no arena can go.
    let mut fragmented = Pymalloc::new(Mmap, ReturnArenas);
    let (built, left, kept) = build_and_free(&mut fragmented, 2000);
    assert!(
        left >= built * 8 / 10,
        "CPython keeps fragmented arenas: {left} of {built}"
    );
    drop((kept, fragmented));

    // The page-release stage gives back the empty pools of those arenas,
    // all but each pool's first page.
    let mut pages = Pymalloc::new(Mmap, ReleasePages);
    let (built, left, kept) = build_and_free(&mut pages, 2000);
    assert!(
        left <= built * 4 / 10,
        "empty pools' pages given back: {left} of {built} still resident"
    );
    drop((kept, pages));
}
