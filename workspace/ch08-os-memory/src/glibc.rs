//! The C library's allocator, which serves what pymalloc does not (requests
//! over 512 bytes: a long list's item array, a big string, a dict's table).
//!
//! glibc's `malloc` (2.36) serves a request of at least
//! `M_MMAP_THRESHOLD` (128 KiB by default) with an `mmap` of its own, given
//! back by `free` at once. The threshold is dynamic: freeing such a chunk
//! raises it to the chunk's size (up to 32 MiB on 64-bit), so the next
//! request of that size comes from the heap instead, and memory freed there
//! is only returned when the free space at the top of the heap exceeds
//! `M_TRIM_THRESHOLD` (twice the new mmap threshold), or when the program
//! calls `malloc_trim(0)`, which also releases whole free pages inside the
//! heap with `madvise`.

/// glibc's own count of the bytes it holds, from `mallinfo2` (glibc 2.33+):
/// bytes in use, bytes free in its heaps, and bytes in `mmap`ed chunks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeapInfo {
    /// Bytes handed out and not yet freed (`uordblks`).
    pub in_use: usize,
    /// Bytes free inside glibc's heaps, kept for reuse (`fordblks`).
    pub free: usize,
    /// Bytes in chunks served by `mmap` (`hblkhd`).
    pub mmapped: usize,
}

/// glibc's heap statistics, or `None` off glibc.
pub fn heap_info() -> Option<HeapInfo> {
    #[cfg(all(target_os = "linux", target_env = "gnu", not(miri)))]
    {
        // SAFETY: `mallinfo2` only reads the allocator's statistics.
        let info = unsafe { libc::mallinfo2() };
        Some(HeapInfo {
            in_use: info.uordblks,
            free: info.fordblks,
            mmapped: info.hblkhd,
        })
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu", not(miri))))]
    {
        None
    }
}

/// Fixes glibc's mmap threshold at `bytes` (`mallopt(M_MMAP_THRESHOLD)`),
/// which also turns off its dynamic adjustment: from now on every request
/// of at least `bytes` gets an `mmap` of its own and goes back at `free`.
/// minipy's allocator stages set it to glibc's default, 128 KiB, because
/// minipy frees large buffers in patterns CPython does not (a dict's index
/// beside its entries, the heap's slot table): with the dynamic threshold,
/// one freed 32 MiB buffer moves every later one below 32 MiB into glibc's
/// heap, where tens of MiB stay after the program frees them. Returns false
/// off glibc.
pub fn fix_mmap_threshold(bytes: usize) -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu", not(miri)))]
    {
        let Ok(bytes) = libc::c_int::try_from(bytes) else {
            return false;
        };
        // SAFETY: `mallopt` only changes the allocator's parameters.
        unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, bytes) == 1 }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu", not(miri))))]
    {
        let _ = bytes;
        false
    }
}

/// Asks glibc to give back every whole free page of its heaps
/// (`malloc_trim(0)`); true if it released something. Does nothing off glibc.
pub fn trim() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu", not(miri)))]
    {
        // SAFETY: `malloc_trim` is safe to call at any time.
        unsafe { libc::malloc_trim(0) == 1 }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu", not(miri))))]
    {
        false
    }
}

#[cfg(all(test, target_os = "linux", target_env = "gnu", not(miri)))]
mod tests {
    use super::*;

    #[test]
    fn a_large_request_is_mmapped_and_a_small_one_is_not() {
        let before = heap_info().unwrap();
        // 64 MiB: above the largest mmap threshold glibc ever sets (32 MiB),
        // so it is mmapped whatever other tests freed before.
        let large = std::hint::black_box(vec![0u8; 64 << 20]);
        let small = std::hint::black_box(vec![0u8; 100]);
        let during = heap_info().unwrap();
        assert!(
            during.mmapped >= before.mmapped + (64 << 20),
            "{before:?} -> {during:?}"
        );
        // The chunk rounds up to whole pages, with its header: one more page.
        assert!(
            during.mmapped <= before.mmapped + (64 << 20) + 4096,
            "the small one is not: {during:?}"
        );
        drop((large, small));
        assert!(
            heap_info().unwrap().mmapped < during.mmapped,
            "freeing it unmaps it at once"
        );
    }
}
