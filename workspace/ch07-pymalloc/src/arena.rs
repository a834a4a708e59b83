//! Arenas: the memory the allocator asks the operating system for, and the
//! table that describes each one.
//!
//! An arena is 1 MiB of address space (on 64-bit) cut into pools. Its
//! [`ArenaObject`] lives outside it, in a table, so that an arena can be
//! given back whole. Pools are carved from an arena lazily, like blocks
//! from a pool: `pool_address` is the first pool never used.
//! CPython 3.11: `struct arena_object` and `new_arena` in
//! `Objects/obmalloc.c`.

use crate::constants::{ARENA_SIZE, MAX_POOLS_IN_ARENA, POOL_SIZE, POOL_SIZE_MASK};
use crate::pool::PoolHeader;

/// An arena's index in the arena table. Pools store it (`arenaindex`), and
/// the usable-arena list links arenas by it.
pub type ArenaId = u32;

// ANCHOR: arena_object
/// What the allocator knows of one arena. CPython: `struct arena_object`.
#[derive(Debug)]
pub struct ArenaObject {
    /// The arena's memory, or null if this entry describes no arena now
    /// (its arena was given back, or it was never used).
    pub address: *mut u8,
    /// The first pool never carved from the arena.
    pub pool_address: *mut u8,
    /// Pools with no block in use: those on `freepools` and those never
    /// carved. CPython: `nfreepools`.
    pub nfreepools: u32,
    /// Pools the arena holds after alignment: 64, or 63 when its start was
    /// not pool-aligned. CPython: `ntotalpools`.
    pub ntotalpools: u32,
    /// Empty pools carved earlier, linked through their `nextpool`.
    pub freepools: *mut PoolHeader,
    /// The next arena in the usable-arena list (or the next unused entry).
    pub nextarena: Option<ArenaId>,
    /// The previous arena in the usable-arena list.
    pub prevarena: Option<ArenaId>,
}
// ANCHOR_END: arena_object

impl ArenaObject {
    /// An entry that describes no arena.
    pub const fn unused() -> ArenaObject {
        ArenaObject {
            address: std::ptr::null_mut(),
            pool_address: std::ptr::null_mut(),
            nfreepools: 0,
            ntotalpools: 0,
            freepools: std::ptr::null_mut(),
            nextarena: None,
            prevarena: None,
        }
    }

    /// An entry for `ARENA_SIZE` bytes at `address`, none of them carved.
    /// An arena that does not start on a pool boundary loses its first,
    /// partial pool: its pools start at the next boundary.
    pub fn new(address: *mut u8) -> ArenaObject {
        let excess = address.addr() & POOL_SIZE_MASK;
        let (pool_address, pools) = if excess == 0 {
            (address, MAX_POOLS_IN_ARENA)
        } else {
            (
                address.wrapping_add(POOL_SIZE - excess),
                MAX_POOLS_IN_ARENA - 1,
            )
        };
        ArenaObject {
            address,
            pool_address,
            nfreepools: pools as u32,
            ntotalpools: pools as u32,
            ..ArenaObject::unused()
        }
    }

    /// True if the entry describes an arena that is allocated now.
    pub fn is_allocated(&self) -> bool {
        !self.address.is_null()
    }

    /// The bytes the arena loses at its start to pool alignment.
    pub fn lost_to_alignment(&self) -> usize {
        ARENA_SIZE - self.ntotalpools as usize * POOL_SIZE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unaligned_arena_loses_one_pool() {
        let aligned = std::ptr::without_provenance_mut::<u8>(64 * ARENA_SIZE);
        let arena = ArenaObject::new(aligned);
        assert_eq!(arena.ntotalpools as usize, MAX_POOLS_IN_ARENA);
        assert_eq!(arena.lost_to_alignment(), 0);
        let page_aligned = aligned.wrapping_add(4096);
        let arena = ArenaObject::new(page_aligned);
        assert_eq!(arena.ntotalpools as usize, MAX_POOLS_IN_ARENA - 1);
        assert_eq!(arena.pool_address.addr() % POOL_SIZE, 0);
        assert_eq!(arena.lost_to_alignment(), POOL_SIZE);
    }
}
