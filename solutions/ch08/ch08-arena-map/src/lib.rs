//! # Exercise ch08-arena-map: `address_in_range`
//!
//! The leaves of the radix tree that tells pymalloc's blocks from the
//! system allocator's. CPython 3.11: `arena_map_mark_used`,
//! `arena_map_is_used` in `Objects/obmalloc.c`.

use std::collections::HashMap;

use ch07_pymalloc::arena::ArenaId;
use ch07_pymalloc::constants::{ARENA_BITS, ARENA_SIZE_MASK};

/// One leaf: what it knows about its arena-sized stretch of addresses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Where the arena that starts in this stretch starts; -1 if it starts
    /// at the stretch's first byte; 0 if none starts here.
    pub tail_hi: i32,
    /// Where the arena that started in the previous stretch ends; 0 if none.
    pub tail_lo: i32,
    /// The arena `tail_hi` describes.
    pub arena_hi: ArenaId,
    /// The arena `tail_lo` describes.
    pub arena_lo: ArenaId,
}

/// The tree's leaves, by stretch number (the tree itself is plumbing).
pub type Stretches = HashMap<usize, Coverage>;

/// The stretch `address` lies in.
pub fn stretch(address: usize) -> usize {
    address >> ARENA_BITS
}

/// `address`'s offset in its stretch.
pub fn offset(address: usize) -> i32 {
    (address & ARENA_SIZE_MASK) as i32
}

/// Records that arena `id`, starting at `base`, is in use (`used`) or that
/// it is not any more.
pub fn mark(map: &mut Stretches, base: usize, id: ArenaId, used: bool) {
    //~ TODO: An aligned arena fills its stretch (tail_hi = -1); an unaligned
    //~ TODO: one sets tail_hi in its first stretch and tail_lo in the next.
    //~ STUB: let _ = (map, base, id, used, stretch, offset);
    //~ SOLUTION BEGIN
    let tail = offset(base);
    let first = map.entry(stretch(base)).or_default();
    first.arena_hi = id;
    if tail == 0 {
        first.tail_hi = if used { -1 } else { 0 };
        return;
    }
    first.tail_hi = if used { tail } else { 0 };
    let next = map.entry(stretch(base) + 1).or_default();
    next.tail_lo = if used { tail } else { 0 };
    next.arena_lo = id;
    //~ SOLUTION END
}

/// The arena marked in use that holds `address`, if any.
pub fn arena_of(map: &Stretches, address: usize) -> Option<ArenaId> {
    //~ TODO: Below tail_lo: the low arena's; at or above a non-zero
    //~ TODO: tail_hi: the high arena's; otherwise nobody's.
    //~ STUB: let _ = (map, address);
    //~ SOLUTION BEGIN
    let leaf = map.get(&stretch(address))?;
    let tail = offset(address);
    if tail < leaf.tail_lo {
        Some(leaf.arena_lo)
    } else if leaf.tail_hi != 0 && tail >= leaf.tail_hi {
        Some(leaf.arena_hi)
    } else {
        None
    }
    //~ SOLUTION END
}
