//! Which arena the next pool comes from: the usable-arena list.
//!
//! The arenas that have a free pool are kept in one doubly linked list,
//! sorted by how many free pools they have, fewest first. A new pool always
//! comes from the head: the fullest arena fills up, and the emptiest ones,
//! at the tail, are left alone long enough to drain and be given back
//! (chapter 8). Keeping the list sorted used to mean walking it on every
//! free that emptied a pool; since 3.8 (bpo-37029) `nfp2lasta[n]` remembers
//! the *last* arena with `n` free pools, so an arena that gains a pool jumps
//! straight past the others with its old count.
//!
//! ```text
//!  usable ─▶ [A: 1 free] ⇄ [B: 3] ⇄ [C: 3] ⇄ [D: 7]
//!  nfp2lasta[1] = A, nfp2lasta[3] = C, nfp2lasta[7] = D, the rest None
//!
//!  a pool of B becomes empty: B has 4, so it moves after C (nfp2lasta[3]):
//!  usable ─▶ [A: 1] ⇄ [C: 3] ⇄ [B: 4] ⇄ [D: 7]
//! ```
//!
//! CPython 3.11: `usable_arenas`, `nfp2lasta`, the arena half of
//! `allocate_from_new_pool` and of `insert_to_freepool` in
//! `Objects/obmalloc.c`.
//!
//! Invariants, between two calls: every arena in the list has at least one
//! free pool and no allocated arena with a free pool is missing from it; the
//! list is sorted by `nfreepools`; `nfp2lasta[n]` is the last arena in the
//! list with `n` free pools, or `None` if there is none.

use crate::arena::{ArenaId, ArenaObject};
use crate::constants::MAX_POOLS_IN_ARENA;

// ANCHOR: usable_arenas
/// The usable-arena list and its index by free-pool count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsableArenas {
    /// The arena new pools come from: the one with the fewest free pools.
    /// CPython: `usable_arenas`.
    pub head: Option<ArenaId>,
    /// `nfp2lasta[n]`: the last arena in the list with `n` free pools.
    pub nfp2lasta: [Option<ArenaId>; MAX_POOLS_IN_ARENA + 1],
}
// ANCHOR_END: usable_arenas

impl Default for UsableArenas {
    fn default() -> UsableArenas {
        UsableArenas::new()
    }
}

impl UsableArenas {
    /// An empty list.
    pub const fn new() -> UsableArenas {
        UsableArenas {
            head: None,
            nfp2lasta: [None; MAX_POOLS_IN_ARENA + 1],
        }
    }

    /// The arenas in list order, for tests and reports.
    pub fn in_order(&self, arenas: &[ArenaObject]) -> Vec<ArenaId> {
        let mut order = Vec::new();
        let mut next = self.head;
        while let Some(id) = next {
            order.push(id);
            next = arenas[id as usize].nextarena;
        }
        order
    }

    /// Checks the module's invariants, panicking with what is wrong.
    pub fn check(&self, arenas: &[ArenaObject]) {
        let order = self.in_order(arenas);
        let mut previous: Option<ArenaId> = None;
        for &id in &order {
            let arena = &arenas[id as usize];
            assert_eq!(arena.prevarena, previous, "arena {id}'s back link");
            assert!(arena.nfreepools > 0, "arena {id} is full but usable");
            if let Some(p) = previous {
                assert!(
                    arenas[p as usize].nfreepools <= arena.nfreepools,
                    "list not sorted: {order:?}"
                );
            }
            previous = Some(id);
        }
        for (n, last) in self.nfp2lasta.iter().enumerate() {
            let expected = order
                .iter()
                .rev()
                .find(|&&id| arenas[id as usize].nfreepools as usize == n);
            assert_eq!(last.as_ref(), expected, "nfp2lasta[{n}] in {order:?}");
        }
    }
}

#[cfg(feature = "reference")]
/// Unlinks `id` from the list (its neighbours are joined).
fn unlink(arenas: &mut [ArenaObject], usable: &mut UsableArenas, id: ArenaId) {
    let (prev, next) = (arenas[id as usize].prevarena, arenas[id as usize].nextarena);
    match prev {
        Some(p) => arenas[p as usize].nextarena = next,
        None => usable.head = next,
    }
    if let Some(n) = next {
        arenas[n as usize].prevarena = prev;
    }
}

#[cfg(feature = "reference")]
// ANCHOR: add_new_arena
/// A freshly allocated arena becomes the whole list (new arenas are only
/// made when the list is empty).
pub fn add_new_arena(arenas: &mut [ArenaObject], usable: &mut UsableArenas, id: ArenaId) {
    debug_assert!(usable.head.is_none());
    let arena = &mut arenas[id as usize];
    arena.nextarena = None;
    arena.prevarena = None;
    usable.head = Some(id);
    usable.nfp2lasta[arena.nfreepools as usize] = Some(id);
}
// ANCHOR_END: add_new_arena

#[cfg(feature = "reference")]
// ANCHOR: take_pool
/// One free pool of the head arena is about to be used: its count goes
/// down by one, and an arena left with none leaves the list. Returns the
/// arena, whose pool the caller takes. The head has the fewest free pools,
/// so it stays in order.
///
/// # Panics
/// If the list is empty: the caller adds a new arena first.
pub fn take_pool(arenas: &mut [ArenaObject], usable: &mut UsableArenas) -> ArenaId {
    let id = usable.head.expect("a usable arena");
    let nf = arenas[id as usize].nfreepools as usize;
    if usable.nfp2lasta[nf] == Some(id) {
        // It was the only arena with `nf` free pools.
        usable.nfp2lasta[nf] = None;
    }
    if nf > 1 {
        // With one pool fewer it is alone with its new count: everything
        // after it had at least `nf`.
        usable.nfp2lasta[nf - 1] = Some(id);
    }
    arenas[id as usize].nfreepools -= 1;
    if nf == 1 {
        unlink(arenas, usable, id);
    }
    id
}
// ANCHOR_END: take_pool

/// What giving a pool back did to its arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArenaAfterFree {
    /// The arena still has pools in use.
    InUse,
    /// Every pool of the arena is free. `last` is true if it is the last
    /// arena of the list (CPython 3.9+ keeps that one rather than give it
    /// back, so that a loop that allocates and frees one object does not
    /// map and unmap an arena each time).
    WhollyFree {
        /// No arena follows it in the list.
        last: bool,
    },
}

#[cfg(feature = "reference")]
// ANCHOR: return_pool
/// A pool of arena `id` has become empty: the arena's count goes up by one,
/// and the arena moves to keep the list sorted. An arena that had no free
/// pool joins the list at the front; one that now has more free pools than
/// the arenas after it moves just past the last arena with its old count.
pub fn return_pool(
    arenas: &mut [ArenaObject],
    usable: &mut UsableArenas,
    id: ArenaId,
) -> ArenaAfterFree {
    let old = arenas[id as usize].nfreepools as usize;
    let last_with_old = usable.nfp2lasta[old];
    if last_with_old == Some(id) {
        // It leaves the group of arenas with `old` free pools, of which it
        // was the last: the last is now the one before it, if it has `old` too.
        let before = arenas[id as usize].prevarena;
        usable.nfp2lasta[old] = before.filter(|&p| arenas[p as usize].nfreepools as usize == old);
    }
    let nf = old + 1;
    arenas[id as usize].nfreepools = nf as u32;
    if nf == 1 {
        // It was full, so in no list: it has the fewest free pools now.
        let head = usable.head;
        let arena = &mut arenas[id as usize];
        arena.nextarena = head;
        arena.prevarena = None;
        if let Some(h) = head {
            arenas[h as usize].prevarena = Some(id);
        }
        usable.head = Some(id);
        usable.nfp2lasta[1].get_or_insert(id);
    } else {
        usable.nfp2lasta[nf].get_or_insert(id);
        if let Some(target) = last_with_old.filter(|&last| last != id) {
            // Arenas with `old` free pools follow it: slide it past them.
            unlink(arenas, usable, id);
            let after = arenas[target as usize].nextarena;
            let arena = &mut arenas[id as usize];
            arena.prevarena = Some(target);
            arena.nextarena = after;
            arenas[target as usize].nextarena = Some(id);
            if let Some(a) = after {
                arenas[a as usize].prevarena = Some(id);
            }
        }
    }
    let arena = &arenas[id as usize];
    if arena.nfreepools == arena.ntotalpools {
        ArenaAfterFree::WhollyFree {
            last: arena.nextarena.is_none(),
        }
    } else {
        ArenaAfterFree::InUse
    }
}
// ANCHOR_END: return_pool

#[cfg(feature = "reference")]
/// Takes a wholly free arena out of the list, to be given back. CPython:
/// "case 1" of `insert_to_freepool`.
pub fn remove_arena(arenas: &mut [ArenaObject], usable: &mut UsableArenas, id: ArenaId) {
    let nf = arenas[id as usize].nfreepools as usize;
    if usable.nfp2lasta[nf] == Some(id) {
        let before = arenas[id as usize].prevarena;
        usable.nfp2lasta[nf] = before.filter(|&p| arenas[p as usize].nfreepools as usize == nf);
    }
    unlink(arenas, usable, id);
    let arena = &mut arenas[id as usize];
    arena.nextarena = None;
    arena.prevarena = None;
}

#[cfg(all(test, feature = "reference"))]
mod tests {
    use super::*;

    /// `n` allocated arenas of 64 pools, all in the list with `free[i]`
    /// free pools (built by taking pools, as the allocator does).
    fn arenas_with(free: &[u32]) -> (Vec<ArenaObject>, UsableArenas) {
        let mut arenas: Vec<ArenaObject> = Vec::new();
        let mut usable = UsableArenas::new();
        for _ in free {
            let id = arenas.len() as ArenaId;
            let mut arena = ArenaObject::unused();
            arena.nfreepools = 64;
            arena.ntotalpools = 64;
            arenas.push(arena);
            if usable.head.is_some() {
                // Fill the current ones first, as the allocator would.
                while usable.head.is_some() {
                    take_pool(&mut arenas, &mut usable);
                }
            }
            add_new_arena(&mut arenas, &mut usable, id);
        }
        while usable.head.is_some() {
            take_pool(&mut arenas, &mut usable);
        }
        for (id, &n) in free.iter().enumerate() {
            for _ in 0..n {
                return_pool(&mut arenas, &mut usable, id as ArenaId);
            }
        }
        usable.check(&arenas);
        (arenas, usable)
    }

    #[test]
    fn the_doc_example() {
        let (mut arenas, mut usable) = arenas_with(&[1, 3, 3, 7]);
        let order = usable.in_order(&arenas);
        let (b, c) = (order[1], order[2]);
        assert_eq!((order[0], order[3]), (0, 3));
        assert_eq!(
            return_pool(&mut arenas, &mut usable, b),
            ArenaAfterFree::InUse
        );
        assert_eq!(usable.in_order(&arenas), vec![0, c, b, 3], "B slid past C");
        assert_eq!(usable.nfp2lasta[3], Some(c));
        assert_eq!(usable.nfp2lasta[4], Some(b));
        usable.check(&arenas);
    }

    #[test]
    fn a_full_arena_rejoins_at_the_front() {
        let (mut arenas, mut usable) = arenas_with(&[2, 0, 5]);
        assert_eq!(usable.in_order(&arenas), vec![0, 2]);
        return_pool(&mut arenas, &mut usable, 1);
        assert_eq!(usable.in_order(&arenas), vec![1, 0, 2]);
        usable.check(&arenas);
    }

    #[test]
    fn pools_come_from_the_fullest_arena() {
        let (mut arenas, mut usable) = arenas_with(&[4, 2, 9]);
        assert_eq!(usable.in_order(&arenas), vec![1, 0, 2]);
        assert_eq!(take_pool(&mut arenas, &mut usable), 1);
        assert_eq!(take_pool(&mut arenas, &mut usable), 1);
        // Arena 1 is full and leaves the list.
        assert_eq!(usable.in_order(&arenas), vec![0, 2]);
        usable.check(&arenas);
    }

    #[test]
    fn a_wholly_free_arena_says_whether_it_is_the_last() {
        let (mut arenas, mut usable) = arenas_with(&[63, 63]);
        let order = usable.in_order(&arenas);
        let (first, second) = (order[0], order[1]);
        assert_eq!(
            return_pool(&mut arenas, &mut usable, first),
            ArenaAfterFree::WhollyFree { last: true },
            "it slid past the other"
        );
        assert_eq!(
            return_pool(&mut arenas, &mut usable, second),
            ArenaAfterFree::WhollyFree { last: false },
            "the last of the 63s stays where it is, before the 64"
        );
        remove_arena(&mut arenas, &mut usable, second);
        assert_eq!(usable.in_order(&arenas), vec![first]);
        usable.check(&arenas);
    }

    #[test]
    fn random_takes_and_returns_keep_the_invariants() {
        // A small linear congruential generator: deterministic, no dependency.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let rounds = if cfg!(miri) { 200 } else { 20_000 };
        let (mut arenas, mut usable) = arenas_with(&[0, 0, 0, 0, 0, 0]);
        for _ in 0..rounds {
            let id = next(arenas.len() as u64) as usize;
            if next(2) == 0 && arenas[id].nfreepools < arenas[id].ntotalpools {
                return_pool(&mut arenas, &mut usable, id as ArenaId);
            } else if usable.head.is_some() {
                take_pool(&mut arenas, &mut usable);
            }
            usable.check(&arenas);
        }
    }
}
