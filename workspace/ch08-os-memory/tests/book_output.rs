//! The measurements chapter 8 of the book prints. The resident set size is
//! the process's, so everything runs in one test, in order. Sizes are
//! printed rounded to the nearest 16 MiB of change, which is what the
//! chapter's claims are about; after an intended change, rewrite the file
//! with `UPDATE_BOOK_OUTPUT=1 cargo test -p ch08-os-memory --test book_output`.
#![cfg(all(target_os = "linux", target_env = "gnu", not(miri)))]

use std::fmt::Write;
use std::ptr::NonNull;

use ch07_pymalloc::PageSource;
use ch07_pymalloc::page_source::Mmap;
use ch08_os_memory::glibc::trim;
use ch08_os_memory::rss::resident_bytes;

const MIB: usize = 1 << 20;
const SIZE: usize = 64 * MIB;

/// The RSS now, in MiB rounded to a multiple of 16 above `base`.
fn above(base: usize) -> String {
    let delta = resident_bytes().unwrap().saturating_sub(base);
    format!("{:+} MiB", (delta + 8 * MIB) / (16 * MIB) * 16)
}

fn touch(memory: *mut u8, size: usize) {
    for offset in (0..size).step_by(4096) {
        // SAFETY: the caller's memory, `size` bytes.
        // Volatile: the compiler may not drop writes to memory that is
        // freed next, and this test is about the pages they touch.
        unsafe { memory.add(offset).write_volatile(1) };
    }
}

#[test]
fn what_the_operating_system_sees() {
    let mut out = String::new();

    // ANCHOR: madvise
    let base = resident_bytes().unwrap();
    let mut pages = Mmap;
    let memory = pages.map(SIZE).unwrap();
    let _ = writeln!(out, "mmap 64 MiB, untouched:          RSS {}", above(base));
    touch(memory.as_ptr(), SIZE);
    let _ = writeln!(out, "every page written:              RSS {}", above(base));
    // SAFETY: our mapping; nothing needs its contents.
    unsafe { libc::madvise(memory.as_ptr().cast(), SIZE, libc::MADV_FREE) };
    let _ = writeln!(out, "madvise(MADV_FREE):              RSS {}", above(base));
    // SAFETY: as above.
    unsafe { libc::madvise(memory.as_ptr().cast(), SIZE, libc::MADV_DONTNEED) };
    let _ = writeln!(out, "madvise(MADV_DONTNEED):          RSS {}", above(base));
    touch(memory.as_ptr(), SIZE);
    let _ = writeln!(out, "written again (zero-filled):     RSS {}", above(base));
    // SAFETY: the whole mapping, unused from here on.
    unsafe { pages.unmap(memory, SIZE) };
    let _ = writeln!(out, "munmap:                          RSS {}", above(base));
    // ANCHOR_END: madvise
    out.push('\n');

    // ANCHOR: glibc
    let base = resident_bytes().unwrap();
    // One large block: glibc serves it with an mmap of its own.
    // SAFETY: plain malloc and free of memory this test owns.
    unsafe {
        let large = libc::malloc(SIZE).cast::<u8>();
        touch(large, SIZE);
        let _ = writeln!(out, "malloc(64 MiB), written:         RSS {}", above(base));
        libc::free(large.cast());
        let _ = writeln!(out, "free it:                         RSS {}", above(base));
    }
    // The same bytes as 16,384 blocks of 4 KiB: glibc's heap, below the
    // mmap threshold. The last one stays, so the free space is not at the
    // top of the heap and cannot be trimmed by free.
    let blocks: Vec<NonNull<u8>> = (0..SIZE / 4096)
        .map(|_| {
            // SAFETY: plain malloc.
            let block = unsafe { libc::malloc(4096) }.cast::<u8>();
            touch(block, 4096);
            NonNull::new(block).unwrap()
        })
        .collect();
    let _ = writeln!(out, "16,384 mallocs of 4 KiB:         RSS {}", above(base));
    for block in &blocks[..blocks.len() - 1] {
        // SAFETY: each block once.
        unsafe { libc::free(block.as_ptr().cast()) };
    }
    let _ = writeln!(out, "free all but the last:           RSS {}", above(base));
    let trimmed = trim();
    let label = format!("malloc_trim(0) returns {}:", i32::from(trimmed));
    let _ = writeln!(out, "{label:<33}RSS {}", above(base));
    // SAFETY: the last block, once.
    unsafe { libc::free(blocks[blocks.len() - 1].as_ptr().cast()) };
    // ANCHOR_END: glibc

    book_output::check(env!("CARGO_MANIFEST_DIR"), "os_side.txt", &out);
}
