//! Whose memory is this? The arena map.
//!
//! `free(p)` must decide whether `p` is a block of one of the allocator's
//! arenas or memory from the system allocator, without being told. Since
//! 3.10, CPython answers with a radix tree over the address space: the
//! address, without its low `ARENA_BITS` bits, is split into three indexes,
//! one per level (`arena_map_root` → mid node → bottom node). A bottom
//! entry describes one arena-sized, arena-aligned stretch of addresses.
//!
//! Arenas are not arena-aligned (`mmap` only aligns to a page), so one
//! arena covers the tail of one stretch and the head of the next. An entry
//! records both cases as offsets into its stretch:
//!
//! ```text
//!  stretch k                     stretch k+1
//!  ├───────────────┬─────────────┼─────────────┬───────────────┤
//!                  ▲  arena starts at k + o    ▲ and ends at k+1 + o
//!  entry k:   tail_hi = o        entry k+1: tail_lo = o
//!  p in stretch k belongs to it if offset(p) >= tail_hi (tail_hi != 0);
//!  p in stretch k+1 belongs to it if offset(p) < tail_lo.
//! ```
//!
//! An arena that starts exactly on a stretch boundary fills its stretch:
//! `tail_hi` is then -1 (every offset is >= -1). Nodes are made when an
//! arena first needs them and never freed, as in CPython.
//!
//! CPython 3.11: `arena_map_get`, `arena_map_mark_used`, `arena_map_is_used`
//! and `address_in_range` in `Objects/obmalloc.c` (`WITH_PYMALLOC_RADIX_TREE`).
//! The levels' sizes here are 3.11's on 64-bit Linux: 15, 15 and 14 bits,
//! which `sys._debugmallocstats()` shows as 262,144 bytes for the root and
//! each mid node and 131,072 for each bottom node.
//!
//! One difference, which Rust's rules make necessary: an entry also records
//! *which* arena covers each part of its stretch, so a bottom node here is
//! twice CPython's. CPython finds a block's pool header by masking the
//! block's address and reading through that pointer. In Rust a pointer
//! carries *provenance*, the permission to reach the memory it was derived
//! from, and a pointer handed to `free` was the caller's permission for its
//! own block only: reading the pool header through it is undefined
//! behaviour (Miri says so). The allocator instead rebuilds the pointer
//! from its own pointer to the arena, which reaches the whole arena.

use crate::arena::ArenaId;
use crate::constants::{ARENA_BITS, ARENA_SIZE_MASK};

/// Address bits the tree covers. CPython 3.11 uses all 64 on 64-bit.
const ADDRESS_BITS: u32 = usize::BITS;
/// Bits of an address that select its arena-sized stretch.
const KEY_BITS: u32 = ADDRESS_BITS - ARENA_BITS;
/// Bits per interior level (root and mid): a third of the key, rounded up.
/// On 32-bit there are no interior levels, only one bottom node.
const INTERIOR_BITS: u32 = if ADDRESS_BITS == 64 {
    KEY_BITS.div_ceil(3)
} else {
    0
};
/// Bits indexing a bottom node.
pub const BOT_BITS: u32 = KEY_BITS - 2 * INTERIOR_BITS;

const ROOT_LEN: usize = 1 << INTERIOR_BITS;
const MID_LEN: usize = 1 << INTERIOR_BITS;
const BOT_LEN: usize = 1 << BOT_BITS;

const _: () = {
    assert!(INTERIOR_BITS * 2 + BOT_BITS == KEY_BITS);
    assert!(usize::BITS != 64 || (INTERIOR_BITS == 15 && BOT_BITS == 14));
};

/// One bottom entry: where the arena that starts in the stretch starts
/// (`tail_hi`), where the arena that started in the stretch before ends
/// (`tail_lo`), and which arenas those are. CPython: `arena_coverage_t`,
/// without the two arena ids.
#[derive(Debug, Clone, Copy, Default)]
struct Coverage {
    tail_hi: i32,
    tail_lo: i32,
    arena_hi: ArenaId,
    arena_lo: ArenaId,
}

/// A bottom node: one entry per arena-sized stretch.
type Bot = [Coverage; BOT_LEN];
/// A mid node: bottom nodes, made on demand.
type Mid = [Option<Box<Bot>>; MID_LEN];
/// The root: mid nodes, made on demand.
type Root = [Option<Box<Mid>>; ROOT_LEN];

/// A node of `len` zeroed entries, allocated zeroed (so the operating
/// system makes its pages resident only when they are written, as
/// CPython's `calloc`ed nodes are) and never built on the stack.
fn zeroed_node<T: Clone + Default, const N: usize>() -> Box<[T; N]> {
    let entries: Box<[T]> = vec![T::default(); N].into_boxed_slice();
    entries
        .try_into()
        .unwrap_or_else(|_| unreachable!("the length is N"))
}

// ANCHOR: arena_map
/// The radix tree. Empty until the first arena is marked.
#[derive(Debug, Default)]
pub struct ArenaMap {
    root: Option<Box<Root>>,
    mid_nodes: usize,
    bot_nodes: usize,
}
// ANCHOR_END: arena_map

/// Sizes of the tree's nodes, as `sys._debugmallocstats()` reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArenaMapStats {
    /// Mid nodes made so far.
    pub mid_nodes: usize,
    /// Bottom nodes made so far.
    pub bot_nodes: usize,
    /// Bytes of the root node.
    pub root_bytes: usize,
    /// Bytes of one mid node.
    pub mid_bytes: usize,
    /// Bytes of one bottom node.
    pub bot_bytes: usize,
}

/// The three indexes of `address`.
#[inline]
fn indexes(address: usize) -> (usize, usize, usize) {
    let key = (address as u64 >> ARENA_BITS) as usize;
    let bot = key & (BOT_LEN - 1);
    let mid = (key >> BOT_BITS) & (MID_LEN - 1);
    let root = if INTERIOR_BITS == 0 {
        0
    } else {
        (key >> (BOT_BITS + INTERIOR_BITS)) & (ROOT_LEN - 1)
    };
    (root, mid, bot)
}

/// `address`'s offset in its arena-sized stretch.
#[inline]
fn offset_in_stretch(address: usize) -> i32 {
    (address & ARENA_SIZE_MASK) as i32
}

impl ArenaMap {
    /// An empty map.
    pub const fn new() -> ArenaMap {
        ArenaMap {
            root: None,
            mid_nodes: 0,
            bot_nodes: 0,
        }
    }

    /// The bottom entry for `address`, making the nodes on the way.
    fn entry_mut(&mut self, address: usize) -> &mut Coverage {
        let (r, m, b) = indexes(address);
        let root = self.root.get_or_insert_with(zeroed_node);
        let mid = root[r].get_or_insert_with(|| {
            self.mid_nodes += 1;
            zeroed_node()
        });
        let bot = mid[m].get_or_insert_with(|| {
            self.bot_nodes += 1;
            zeroed_node()
        });
        &mut bot[b]
    }

    /// The bottom entry for `address`, if its nodes exist.
    #[inline]
    fn entry(&self, address: usize) -> Option<&Coverage> {
        let (r, m, b) = indexes(address);
        let mid = self.root.as_ref()?[r].as_ref()?;
        Some(&mid[m].as_ref()?[b])
    }

    // ANCHOR: mark
    /// Records that the arena `id`, starting at `base`, is in use (`used`),
    /// or that it is not any more.
    pub fn mark(&mut self, base: usize, id: ArenaId, used: bool) {
        let tail = offset_in_stretch(base);
        let entry = self.entry_mut(base);
        entry.arena_hi = id;
        if tail == 0 {
            // The arena fills its stretch exactly.
            entry.tail_hi = if used { -1 } else { 0 };
            return;
        }
        entry.tail_hi = if used { tail } else { 0 };
        // The rest of the arena is the head of the next stretch, whose
        // nodes may be others (the next stretch can be under another mid).
        let next_stretch = base.wrapping_add(ARENA_SIZE_MASK + 1);
        let entry = self.entry_mut(next_stretch);
        entry.tail_lo = if used { tail } else { 0 };
        entry.arena_lo = id;
    }
    // ANCHOR_END: mark

    // ANCHOR: arena_of
    /// The arena marked in use that `address` lies inside, if any. CPython:
    /// `address_in_range`, which only answers yes or no.
    #[inline]
    pub fn arena_of(&self, address: usize) -> Option<ArenaId> {
        let entry = self.entry(address)?;
        let tail = offset_in_stretch(address);
        if tail < entry.tail_lo {
            Some(entry.arena_lo)
        } else if entry.tail_hi != 0 && tail >= entry.tail_hi {
            Some(entry.arena_hi)
        } else {
            None
        }
    }
    // ANCHOR_END: arena_of

    /// True if `address` lies inside an arena marked in use.
    #[inline]
    pub fn contains(&self, address: usize) -> bool {
        self.arena_of(address).is_some()
    }

    /// The node counts and sizes, for the report.
    pub fn stats(&self) -> ArenaMapStats {
        ArenaMapStats {
            mid_nodes: self.mid_nodes,
            bot_nodes: self.bot_nodes,
            root_bytes: ROOT_LEN * std::mem::size_of::<usize>(),
            mid_bytes: if INTERIOR_BITS == 0 {
                0
            } else {
                MID_LEN * std::mem::size_of::<usize>()
            },
            bot_bytes: BOT_LEN * std::mem::size_of::<Coverage>(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constants::ARENA_SIZE;

    const STRETCH: usize = 0x5555_0000_0000 & !ARENA_SIZE_MASK;

    #[test]
    fn an_unaligned_arena_covers_exactly_its_own_bytes() {
        let mut map = ArenaMap::new();
        let base = STRETCH + 3 * 4096;
        map.mark(base, 1, true);
        assert!(!map.contains(base - 1));
        assert!(map.contains(base));
        assert!(map.contains(base + ARENA_SIZE - 1));
        assert!(!map.contains(base + ARENA_SIZE));
        assert!(!map.contains(STRETCH));
        map.mark(base, 1, false);
        assert!(!map.contains(base));
        assert!(!map.contains(base + ARENA_SIZE - 1));
    }

    #[test]
    fn an_aligned_arena_fills_its_stretch() {
        let mut map = ArenaMap::new();
        map.mark(STRETCH, 1, true);
        assert!(map.contains(STRETCH));
        assert!(map.contains(STRETCH + ARENA_SIZE - 1));
        assert!(!map.contains(STRETCH + ARENA_SIZE));
        assert!(!map.contains(STRETCH - 1));
    }

    #[test]
    fn two_arenas_can_share_a_stretch() {
        let mut map = ArenaMap::new();
        // The first ends 8 KiB into the stretch; the second starts there.
        let first = STRETCH - ARENA_SIZE + 8192;
        let second = STRETCH + 8192;
        map.mark(first, 1, true);
        map.mark(second, 2, true);
        for address in [
            first,
            STRETCH,
            STRETCH + 8191,
            second,
            second + ARENA_SIZE - 1,
        ] {
            assert!(map.contains(address), "{address:#x}");
        }
        assert_eq!(map.arena_of(STRETCH + 8191), Some(1));
        assert_eq!(map.arena_of(second), Some(2));
        map.mark(first, 1, false);
        assert!(!map.contains(STRETCH));
        assert!(map.contains(second));
    }

    #[test]
    fn an_address_nobody_marked_is_not_ours() {
        let map = ArenaMap::new();
        assert!(!map.contains(0x1234_5678));
        assert_eq!(map.stats().mid_nodes, 0);
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn node_sizes_are_cpython_3_11s() {
        let mut map = ArenaMap::new();
        map.mark(STRETCH + 4096, 0, true);
        let stats = map.stats();
        assert_eq!((stats.mid_nodes, stats.bot_nodes), (1, 1));
        assert_eq!(
            (stats.root_bytes, stats.mid_bytes, stats.bot_bytes),
            (262_144, 262_144, 262_144),
            "CPython's bottom nodes are half that: they do not say which arena"
        );
    }
}
