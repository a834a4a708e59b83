//! `sys._debugmallocstats()`: the allocator's state, in CPython's words.
//!
//! The report walks every carved pool of every arena and counts, per size
//! class, the pools in use, the blocks in use and the blocks available;
//! then it accounts for every byte of every arena: in allocated blocks, in
//! available blocks, in unused pools, and lost to pool headers, to
//! quantization (the tail of a pool too small for a block) and to arena
//! alignment. The columns and labels are CPython 3.11's
//! (`_PyObject_DebugMallocStats` in `Objects/obmalloc.c`), so the two
//! reports can be read side by side.

use std::fmt::Write;

use crate::allocator::{Pymalloc, ReleasePolicy};
use crate::constants::{
    ARENA_SIZE, NB_SMALL_SIZE_CLASSES, POOL_SIZE, SMALL_REQUEST_THRESHOLD, class_size,
};
use crate::page_source::PageSource;
use crate::pool::POOL_OVERHEAD;
use crate::size_class::{blocks_in_pool, lost_to_quantization};

/// One size class's line of the report.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ClassStats {
    /// Pools of this class that are used or full.
    pub pools: usize,
    /// Blocks in use.
    pub blocks_in_use: usize,
    /// Blocks available in those pools (free or not carved yet).
    pub blocks_available: usize,
}

/// What the report says, as numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MallocStats {
    /// Per size class.
    pub classes: [ClassStats; NB_SMALL_SIZE_CLASSES],
    /// Arenas mapped now.
    pub arenas: usize,
    /// Arenas mapped since the start.
    pub arenas_allocated_total: usize,
    /// The most arenas mapped at once.
    pub arenas_highwater: usize,
    /// Pools with no block in use, carved or not.
    pub unused_pools: usize,
    /// Bytes lost to arena alignment.
    pub lost_to_alignment: usize,
    /// Mid and bottom nodes of the arena map, and the bytes of the root, a
    /// mid and a bottom node.
    pub arena_map: crate::arena_map::ArenaMapStats,
}

impl MallocStats {
    /// Bytes in blocks in use.
    pub fn allocated_bytes(&self) -> usize {
        self.per_class(|class, stats| stats.blocks_in_use * class_size(class))
    }

    /// Bytes in available blocks of used pools.
    pub fn available_bytes(&self) -> usize {
        self.per_class(|class, stats| stats.blocks_available * class_size(class))
    }

    fn per_class(&self, f: impl Fn(usize, &ClassStats) -> usize) -> usize {
        self.classes
            .iter()
            .enumerate()
            .map(|(class, stats)| f(class, stats))
            .sum()
    }

    /// Every byte of every arena, which is the arenas' total size.
    pub fn accounted_bytes(&self) -> usize {
        self.allocated_bytes()
            + self.available_bytes()
            + self.unused_pools * POOL_SIZE
            + self.pool_header_bytes()
            + self.quantization_bytes()
            + self.lost_to_alignment
    }

    /// Bytes of the headers of the pools in use.
    pub fn pool_header_bytes(&self) -> usize {
        self.per_class(|_, stats| stats.pools * POOL_OVERHEAD)
    }

    /// Bytes at the ends of the pools in use that no block can take.
    pub fn quantization_bytes(&self) -> usize {
        self.per_class(|class, stats| stats.pools * lost_to_quantization(class))
    }
}

impl<P: PageSource, R: ReleasePolicy> Pymalloc<P, R> {
    /// Counts what the report prints.
    pub fn stats(&self) -> MallocStats {
        let mut classes = [ClassStats::default(); NB_SMALL_SIZE_CLASSES];
        self.for_each_pool(|pool, on_free_list| {
            if on_free_list {
                return;
            }
            let class = pool.szidx as usize;
            let stats = &mut classes[class];
            stats.pools += 1;
            stats.blocks_in_use += pool.count as usize;
            stats.blocks_available += blocks_in_pool(class) - pool.count as usize;
        });
        let allocated = || self.arenas().iter().filter(|a| a.is_allocated());
        let counters = self.counters();
        MallocStats {
            classes,
            arenas: counters.allocated_now,
            arenas_allocated_total: counters.allocated_total,
            arenas_highwater: counters.highwater,
            unused_pools: allocated().map(|a| a.nfreepools as usize).sum(),
            lost_to_alignment: allocated().map(|a| a.lost_to_alignment()).sum(),
            arena_map: self.arena_map().stats(),
        }
    }
}

/// One labelled number: the label padded to 35 columns, `=`, and the
/// number with thousands separators right-aligned in 21. CPython: `printone`.
fn line(out: &mut String, label: &str, value: usize) -> usize {
    let digits = value.to_string();
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let _ = writeln!(out, "{label:<35}={grouped:>21}");
    value
}

// ANCHOR: report
/// The report, in the format of CPython 3.11's `sys._debugmallocstats()`
/// (its allocator part; CPython goes on with the free lists of some types).
pub fn report(stats: &MallocStats) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Small block threshold = {SMALL_REQUEST_THRESHOLD}, in {NB_SMALL_SIZE_CLASSES} size classes.\n"
    );
    out.push_str("class   size   num pools   blocks in use  avail blocks\n");
    out.push_str("-----   ----   ---------   -------------  ------------\n");
    for (class, c) in stats
        .classes
        .iter()
        .enumerate()
        .filter(|(_, c)| c.pools > 0)
    {
        let _ = writeln!(
            out,
            "{class:>5} {:>6} {:>11} {:>15} {:>13}",
            class_size(class),
            c.pools,
            c.blocks_in_use,
            c.blocks_available
        );
    }
    out.push('\n');
    line(
        &mut out,
        "# arenas allocated total",
        stats.arenas_allocated_total,
    );
    line(
        &mut out,
        "# arenas reclaimed",
        stats.arenas_allocated_total - stats.arenas,
    );
    line(&mut out, "# arenas highwater mark", stats.arenas_highwater);
    line(&mut out, "# arenas allocated current", stats.arenas);
    line(
        &mut out,
        &format!("{} arenas * {ARENA_SIZE} bytes/arena", stats.arenas),
        stats.arenas * ARENA_SIZE,
    );
    out.push('\n');
    let mut total = line(
        &mut out,
        "# bytes in allocated blocks",
        stats.allocated_bytes(),
    );
    total += line(
        &mut out,
        "# bytes in available blocks",
        stats.available_bytes(),
    );
    total += line(
        &mut out,
        &format!("{} unused pools * {POOL_SIZE} bytes", stats.unused_pools),
        stats.unused_pools * POOL_SIZE,
    );
    total += line(
        &mut out,
        "# bytes lost to pool headers",
        stats.pool_header_bytes(),
    );
    total += line(
        &mut out,
        "# bytes lost to quantization",
        stats.quantization_bytes(),
    );
    total += line(
        &mut out,
        "# bytes lost to arena alignment",
        stats.lost_to_alignment,
    );
    line(&mut out, "Total", total);
    out.push_str("\narena map counts\n");
    let map = &stats.arena_map;
    line(&mut out, "# arena map mid nodes", map.mid_nodes);
    line(&mut out, "# arena map bot nodes", map.bot_nodes);
    out.push('\n');
    let mut total = line(&mut out, "# bytes lost to arena map root", map.root_bytes);
    total += line(
        &mut out,
        "# bytes lost to arena map mid",
        map.mid_bytes * map.mid_nodes,
    );
    total += line(
        &mut out,
        "# bytes lost to arena map bot",
        map.bot_bytes * map.bot_nodes,
    );
    line(&mut out, "Total", total);
    out
}
// ANCHOR_END: report

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_by_thousands_and_aligned() {
        let mut out = String::new();
        line(&mut out, "4 arenas * 1048576 bytes/arena", 4_194_304);
        line(&mut out, "# arenas reclaimed", 0);
        assert_eq!(
            out,
            "4 arenas * 1048576 bytes/arena     =            4,194,304\n\
             # arenas reclaimed                 =                    0\n"
        );
    }
}
