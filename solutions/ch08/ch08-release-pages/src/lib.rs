//! # Exercise ch08-release-pages: the pages of an empty pool
//!
//! A release policy for chapter 7's allocator that gives back the pages of
//! empty pools, which CPython does not do.

use std::ptr::NonNull;

use ch07_pymalloc::ReleasePolicy;
use ch07_pymalloc::constants::POOL_SIZE;
use ch07_pymalloc::page_source::{PAGE_SIZE, PageSource};
use ch07_pymalloc::pool::PoolHeader;

/// CPython 3.9+'s arena rule, and the pages of empty pools given back.
#[derive(Debug, Default)]
pub struct ReleasePages;

impl ReleasePolicy for ReleasePages {
    fn release_arena(&mut self, last: bool) -> bool {
        //~ TODO: As CPython 3.9+: all wholly free arenas but the last.
        //~ STUB: let _ = last;
        //~ SOLUTION BEGIN
        !last
        //~ SOLUTION END
    }

    unsafe fn pool_emptied(&mut self, pages: &mut dyn PageSource, pool: *mut PoolHeader) -> bool {
        //~ TODO: Discard the carved pages after the first; none if carving
        //~ TODO: never left the first page. Say whether you discarded.
        //~ STUB: let _ = (pages, pool, POOL_SIZE, PAGE_SIZE, NonNull::<u8>::dangling());
        //~ SOLUTION BEGIN
        // SAFETY: the allocator passes an empty pool of its own, whose
        // header is valid.
        let carved = unsafe { (*pool).nextoffset } as usize;
        let end = carved.next_multiple_of(PAGE_SIZE).min(POOL_SIZE);
        if end <= PAGE_SIZE {
            return false;
        }
        let Some(start) = NonNull::new(pool.cast::<u8>().wrapping_add(PAGE_SIZE)) else {
            return false;
        };
        // SAFETY: page-aligned, inside the pool, holding only free blocks
        // that the allocator will not read before setting the pool up again.
        unsafe { pages.discard(start, end - PAGE_SIZE) }
        //~ SOLUTION END
    }
}
