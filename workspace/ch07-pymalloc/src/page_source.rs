//! Where arenas come from: the operating system, or (under Miri and on
//! targets without `mmap`) the process's own heap.
//!
//! CPython 3.11 allocates an arena with `mmap(MAP_PRIVATE | MAP_ANONYMOUS)`
//! and gives it back with `munmap` (`_PyObject_ArenaMmap`,
//! `_PyObject_ArenaMunmap`). Putting those calls behind a trait lets the
//! allocator's tests run under Miri, which supports neither `munmap` of
//! part of a mapping nor `madvise`, and lets chapter 8 count what is given
//! back.

use std::alloc::{GlobalAlloc, Layout, System};
use std::ptr::NonNull;

/// The size of a memory page: what the operating system maps and gives
/// back at a time.
pub const PAGE_SIZE: usize = 4096;

// ANCHOR: page_source
/// A supplier of page-aligned memory for arenas.
pub trait PageSource {
    /// `size` bytes (a multiple of [`PAGE_SIZE`]) of fresh memory, aligned
    /// to a page, or `None` if there is none to be had.
    fn map(&mut self, size: usize) -> Option<NonNull<u8>>;

    /// Gives back what [`map`](PageSource::map) returned.
    ///
    /// # Safety
    /// `memory` and `size` are what one call of `map` returned and took, and
    /// nothing reads or writes that memory any more.
    unsafe fn unmap(&mut self, memory: NonNull<u8>, size: usize);

    /// Tells the operating system that the pages of `memory..memory+size`
    /// hold nothing worth keeping, keeping the address range mapped: the
    /// pages stop counting towards the resident set size, and read as zero
    /// when next touched. Returns false if this source cannot do it.
    ///
    /// # Safety
    /// The range lies inside memory this source mapped, is page-aligned,
    /// and nothing relies on its contents.
    unsafe fn discard(&mut self, memory: NonNull<u8>, size: usize) -> bool {
        let _ = (memory, size);
        false
    }
}
// ANCHOR_END: page_source

/// Arenas from the process's heap (the system allocator), page-aligned.
/// Works everywhere, Miri included; memory handed back this way may stay
/// in the process.
#[derive(Debug, Default, Clone, Copy)]
pub struct HeapPages;

impl HeapPages {
    fn layout(size: usize) -> Layout {
        Layout::from_size_align(size, PAGE_SIZE).expect("an arena's size is a small power of two")
    }
}

impl PageSource for HeapPages {
    fn map(&mut self, size: usize) -> Option<NonNull<u8>> {
        // SAFETY: the layout's size is not zero. `System` (not the global
        // allocator) because the book's allocator may be the global one.
        NonNull::new(unsafe { System.alloc(HeapPages::layout(size)) })
    }

    unsafe fn unmap(&mut self, memory: NonNull<u8>, size: usize) {
        // SAFETY: the caller passes what `map` returned, with its size.
        unsafe { System.dealloc(memory.as_ptr(), HeapPages::layout(size)) }
    }
}

/// Heap pages that always start one page past a pool boundary, as an
/// `mmap`ed arena usually does: every arena loses exactly one pool to
/// alignment. Tests that count arenas or pools use it, so that their
/// numbers do not depend on where the system put the memory.
#[derive(Debug, Default, Clone, Copy)]
pub struct OnePageOff;

impl OnePageOff {
    fn layout(size: usize) -> Layout {
        let pool = crate::constants::POOL_SIZE;
        Layout::from_size_align(size + pool, pool).expect("an arena's size is a small power of two")
    }
}

impl PageSource for OnePageOff {
    fn map(&mut self, size: usize) -> Option<NonNull<u8>> {
        // SAFETY: a non-zero size; `System`, as for `HeapPages`.
        let memory = unsafe { System.alloc(OnePageOff::layout(size)) };
        NonNull::new(memory.wrapping_add(PAGE_SIZE))
    }

    unsafe fn unmap(&mut self, memory: NonNull<u8>, size: usize) {
        // SAFETY: `map` returned the allocation plus one page.
        unsafe {
            System.dealloc(
                memory.as_ptr().wrapping_sub(PAGE_SIZE),
                OnePageOff::layout(size),
            )
        }
    }
}

/// [`OnePageOff`] pages that count what the allocator asks of them, and
/// "discard" by zeroing, which is what the kernel makes a discarded page
/// read as. For the tests of release policies (chapter 8 and its exercises).
#[derive(Debug, Default, Clone)]
pub struct CountingPages {
    /// Arenas mapped.
    pub maps: usize,
    /// Arenas given back.
    pub unmaps: usize,
    /// Every discard: its offset in its pool, and its length.
    pub discards: Vec<(usize, usize)>,
}

impl CountingPages {
    /// The bytes discarded in all.
    pub fn discarded_bytes(&self) -> usize {
        self.discards.iter().map(|&(_, length)| length).sum()
    }
}

impl PageSource for CountingPages {
    fn map(&mut self, size: usize) -> Option<NonNull<u8>> {
        self.maps += 1;
        OnePageOff.map(size)
    }

    unsafe fn unmap(&mut self, memory: NonNull<u8>, size: usize) {
        self.unmaps += 1;
        // SAFETY: the caller's contract, passed on.
        unsafe { OnePageOff.unmap(memory, size) }
    }

    unsafe fn discard(&mut self, memory: NonNull<u8>, size: usize) -> bool {
        let offset = memory.as_ptr().addr() % crate::constants::POOL_SIZE;
        self.discards.push((offset, size));
        // SAFETY: the caller passes memory of ours that nothing reads.
        unsafe { memory.as_ptr().write_bytes(0, size) };
        true
    }
}

/// Arenas straight from the kernel with anonymous private `mmap`, as
/// CPython gets them.
#[cfg(unix)]
#[derive(Debug, Default, Clone, Copy)]
pub struct Mmap;

#[cfg(unix)]
impl PageSource for Mmap {
    fn map(&mut self, size: usize) -> Option<NonNull<u8>> {
        // SAFETY: an anonymous private mapping at an address the kernel
        // chooses touches no existing memory.
        let address = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                size,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if address == libc::MAP_FAILED {
            return None;
        }
        NonNull::new(address.cast())
    }

    unsafe fn unmap(&mut self, memory: NonNull<u8>, size: usize) {
        // SAFETY: the caller passes a whole mapping that nothing uses.
        let result = unsafe { libc::munmap(memory.as_ptr().cast(), size) };
        debug_assert_eq!(result, 0, "munmap of a mapping we made cannot fail");
    }

    unsafe fn discard(&mut self, memory: NonNull<u8>, size: usize) -> bool {
        // SAFETY: the caller passes page-aligned pages of one of our
        // mappings whose contents nobody needs; MADV_DONTNEED makes them
        // read as zero afterwards, which is all the allocator assumes.
        unsafe { libc::madvise(memory.as_ptr().cast(), size, libc::MADV_DONTNEED) == 0 }
    }
}

/// The page source a real program uses: `mmap` where there is one (and not
/// under Miri), the heap elsewhere.
#[cfg(all(unix, not(miri)))]
pub type SystemPages = Mmap;
/// The page source a real program uses: `mmap` where there is one (and not
/// under Miri), the heap elsewhere.
#[cfg(not(all(unix, not(miri))))]
pub type SystemPages = HeapPages;

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(source: &mut dyn PageSource) {
        let memory = source.map(1 << 20).expect("a megabyte");
        assert_eq!(memory.as_ptr().addr() % PAGE_SIZE, 0);
        // SAFETY: the memory is ours until unmapped.
        unsafe {
            memory.as_ptr().write(7);
            memory.as_ptr().add((1 << 20) - 1).write(9);
            source.unmap(memory, 1 << 20);
        }
    }

    #[test]
    fn heap_pages_are_page_aligned_and_writable() {
        round_trip(&mut HeapPages);
    }

    #[test]
    #[cfg(all(unix, not(miri)))]
    fn mmap_pages_are_page_aligned_writable_and_discard_reads_as_zero() {
        round_trip(&mut Mmap);
        let mut source = Mmap;
        let memory = source.map(2 * PAGE_SIZE).unwrap();
        // SAFETY: ours until unmapped.
        unsafe {
            memory.as_ptr().write(42);
            assert!(source.discard(memory, PAGE_SIZE));
            assert_eq!(memory.as_ptr().read(), 0);
            source.unmap(memory, 2 * PAGE_SIZE);
        }
    }
}
