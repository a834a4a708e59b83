//! What becomes of memory the allocator no longer uses.
//!
//! Chapter 7's allocator asks a [`ReleasePolicy`] two questions: may a
//! wholly free arena be given back, and may an empty pool's pages be?
//!
//! - [`ReturnArenas`] answers as CPython 3.11 does
//!   (`insert_to_freepool`, "case 1"): a wholly free arena is unmapped
//!   unless it is the last of the usable list. The list is sorted with the
//!   emptiest arenas last, so "the last" is a wholly free arena too: one
//!   spare is kept, so that a loop that frees and allocates one object at
//!   an arena's edge does not map and unmap an arena each time (bpo-37257,
//!   3.9). Empty pools keep their pages.
//! - [`ReleasePages`] also gives back the pages of an empty pool, after the
//!   first (which holds the pool's header and its link on the arena's free
//!   list), with `madvise(MADV_DONTNEED)`. CPython does not do this: an
//!   arena with one live block keeps all 64 pools resident. The pool is set
//!   up afresh when reused, and the pages fault back in, zeroed, as its
//!   blocks are carved again: that is the price, paid only by a pool that
//!   is reused.

use std::ptr::NonNull;

use ch07_pymalloc::constants::POOL_SIZE;
use ch07_pymalloc::page_source::{PAGE_SIZE, PageSource};
use ch07_pymalloc::pool::PoolHeader;
use ch07_pymalloc::{KeepArenas, ReleasePolicy};

// ANCHOR: return_arenas
/// CPython 3.9+: unmap a wholly free arena unless it is the last usable one.
#[derive(Debug, Default, Clone, Copy)]
pub struct ReturnArenas;

impl ReleasePolicy for ReturnArenas {
    fn release_arena(&mut self, last: bool) -> bool {
        !last
    }
}
// ANCHOR_END: return_arenas

// ANCHOR: release_pages
/// [`ReturnArenas`], and the touched pages of every empty pool given back.
#[derive(Debug, Default, Clone, Copy)]
pub struct ReleasePages;

impl ReleasePolicy for ReleasePages {
    fn release_arena(&mut self, last: bool) -> bool {
        ReturnArenas.release_arena(last)
    }

    unsafe fn pool_emptied(&mut self, pages: &mut dyn PageSource, pool: *mut PoolHeader) -> bool {
        // SAFETY: the allocator passes an empty pool of its own, whose
        // header is valid.
        let carved_to = unsafe { (*pool).nextoffset } as usize;
        // Only the pages blocks were ever carved from can be resident; a
        // pool that never grew past its first page has nothing to give.
        let touched_end = carved_to.next_multiple_of(PAGE_SIZE).min(POOL_SIZE);
        if touched_end <= PAGE_SIZE {
            return false;
        }
        let start = pool.cast::<u8>().wrapping_add(PAGE_SIZE);
        let Some(start) = NonNull::new(start) else {
            return false;
        };
        // SAFETY: the range is page-aligned (pools are), inside the pool,
        // and holds only free blocks nobody reads: the allocator sets the
        // pool up afresh before using it again.
        unsafe { pages.discard(start, touched_end - PAGE_SIZE) }
    }
}
// ANCHOR_END: release_pages

/// One of the policies, chosen at run time: the `minipy` binary's global
/// allocator is made before the command line is read, and the stage picks.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum OsPolicy {
    /// Chapter 7: keep everything.
    #[default]
    Keep,
    /// CPython 3.11: return wholly free arenas, one spare kept.
    ReturnArenas,
    /// And give back the pages of empty pools.
    ReleasePages,
}

impl ReleasePolicy for OsPolicy {
    fn release_arena(&mut self, last: bool) -> bool {
        match self {
            OsPolicy::Keep => KeepArenas.release_arena(last),
            OsPolicy::ReturnArenas => ReturnArenas.release_arena(last),
            OsPolicy::ReleasePages => ReleasePages.release_arena(last),
        }
    }

    unsafe fn pool_emptied(&mut self, pages: &mut dyn PageSource, pool: *mut PoolHeader) -> bool {
        match self {
            // SAFETY: the caller's contract, passed on.
            OsPolicy::ReleasePages => unsafe { ReleasePages.pool_emptied(pages, pool) },
            OsPolicy::Keep | OsPolicy::ReturnArenas => false,
        }
    }
}
