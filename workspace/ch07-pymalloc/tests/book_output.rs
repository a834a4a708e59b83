//! The allocator output chapter 7 of the book prints.
//!
//! Each test runs a workload on the allocator and compares what it prints
//! with a file in `book-output/`, which the book includes. After an
//! intended change, rewrite the files with
//! `UPDATE_BOOK_OUTPUT=1 cargo test -p ch07-pymalloc --test book_output`
//! and review the diff.

use std::fmt::Write;
use std::ptr::NonNull;

use ch07_pymalloc::constants::{ARENA_SIZE, POOL_SIZE};
use ch07_pymalloc::stats::report;
use ch07_pymalloc::{KeepArenas, OnePageOff, Pymalloc};

/// Compares `actual` with `book-output/<name>`, which the book includes (see
/// the `book-output` crate; `UPDATE_BOOK_OUTPUT=1` rewrites the file).
fn check_book_output(name: &str, actual: &str) {
    book_output::check(env!("CARGO_MANIFEST_DIR"), name, actual);
}

/// A program's worth of small objects: 3,000 ints (28 bytes each), 1,000
/// empty lists (56 with their GC header) and 400 small dicts' tables
/// (some 200 bytes); then every other int is freed.
#[test]
#[cfg_attr(
    miri,
    ignore = "reads and writes files, which Miri's isolation forbids"
)]
fn a_report_read_line_by_line() {
    // ANCHOR: report_workload
    let mut allocator = Pymalloc::new(OnePageOff, KeepArenas);
    let ints: Vec<_> = (0..3_000)
        .map(|_| allocator.allocate(28).unwrap())
        .collect();
    let lists: Vec<_> = (0..1_000)
        .map(|_| allocator.allocate(56).unwrap())
        .collect();
    let tables: Vec<_> = (0..400).map(|_| allocator.allocate(200).unwrap()).collect();
    for &int in ints.iter().step_by(2) {
        // SAFETY: a live block of this allocator, not used again.
        unsafe { allocator.free(int) };
    }
    print!("{}", report(&allocator.stats()));
    // ANCHOR_END: report_workload
    let stats = allocator.stats();
    assert_eq!(stats.accounted_bytes(), stats.arenas * ARENA_SIZE);
    assert_eq!(stats.classes[1].blocks_in_use, 1_500);
    drop((lists, tables));
    check_book_output("report.txt", &report(&stats));
}

/// One pool's life: lazy carving, the free list, full and empty.
#[test]
#[cfg_attr(
    miri,
    ignore = "reads and writes files, which Miri's isolation forbids"
)]
fn the_life_of_a_pool() {
    let mut out = String::new();
    let mut allocator = Pymalloc::new(OnePageOff, KeepArenas);
    let class = 31;
    let offset = |block: NonNull<u8>| block.as_ptr().addr() % POOL_SIZE;
    let state = |allocator: &Pymalloc<OnePageOff, KeepArenas>| {
        allocator
            .used_pool(class)
            .map_or("full (on no list)".to_string(), |pool| {
                // SAFETY: a listed pool's header is valid.
                let header = unsafe { pool.as_ref() };
                format!(
                    "used: count {}, next carve at {}, free list {}",
                    header.count,
                    header.nextoffset,
                    if header.freeblock.is_null() {
                        "empty".to_string()
                    } else {
                        format!("starts at {}", header.freeblock.addr() % POOL_SIZE)
                    }
                )
            })
    };
    let mut blocks = Vec::new();
    for n in 0..3 {
        let block = allocator.allocate(512).unwrap();
        let _ = writeln!(
            out,
            "allocate 512 #{}: offset {:>5}   pool {}",
            n + 1,
            offset(block),
            state(&allocator)
        );
        blocks.push(block);
    }
    // SAFETY: live blocks, each freed once and not used after.
    unsafe {
        allocator.free(blocks[1]);
        let _ = writeln!(
            out,
            "free #2:            offset {:>5}   pool {}",
            offset(blocks[1]),
            state(&allocator)
        );
    }
    let again = allocator.allocate(500).unwrap();
    let _ = writeln!(
        out,
        "allocate 500:       offset {:>5}   pool {}",
        offset(again),
        state(&allocator)
    );
    blocks[1] = again;
    while allocator.used_pool(class).is_some() {
        blocks.push(allocator.allocate(512).unwrap());
    }
    let _ = writeln!(
        out,
        "... until the pool is full: {} blocks, the last at offset {}; pool {}",
        blocks.len(),
        offset(*blocks.last().unwrap()),
        state(&allocator)
    );
    // SAFETY: as above.
    unsafe {
        allocator.free(blocks[0]);
        let _ = writeln!(
            out,
            "free #1:            offset {:>5}   pool {}",
            offset(blocks[0]),
            state(&allocator)
        );
        for &block in &blocks[1..] {
            allocator.free(block);
        }
    }
    let _ = writeln!(
        out,
        "free the other {}:  the pool is empty, on its arena's free list; usedpools[31] {}",
        blocks.len() - 1,
        if allocator.used_pool(class).is_none() {
            "is empty"
        } else {
            "is not empty"
        }
    );
    let other = allocator.allocate(16).unwrap();
    let _ = writeln!(
        out,
        "allocate 16:        offset {:>5}   the empty pool now serves 16-byte blocks",
        offset(other)
    );
    check_book_output("pool_life.txt", &out);
}
