//! # Exercise ch07-arenas: the usable-arena list
//!
//! Which arena gives the next pool, and how the list stays sorted when
//! pools come back. CPython 3.11: `allocate_from_new_pool` and
//! `insert_to_freepool` in `Objects/obmalloc.c`.

use ch07_pymalloc::arena::{ArenaId, ArenaObject};
use ch07_pymalloc::usable::{ArenaAfterFree, UsableArenas};

/// Takes `id` out of the list, joining its neighbours.
pub fn unlink(arenas: &mut [ArenaObject], usable: &mut UsableArenas, id: ArenaId) {
    let (prev, next) = (arenas[id as usize].prevarena, arenas[id as usize].nextarena);
    match prev {
        Some(p) => arenas[p as usize].nextarena = next,
        None => usable.head = next,
    }
    if let Some(n) = next {
        arenas[n as usize].prevarena = prev;
    }
}

/// One free pool of the head arena is about to be used: returns the head,
/// whose count is one lower (and which leaves the list if that is 0).
///
/// # Panics
/// If the list is empty.
pub fn take_pool(arenas: &mut [ArenaObject], usable: &mut UsableArenas) -> ArenaId {
    // TODO: The head moves from group nf to group nf - 1: fix nfp2lasta,
    // TODO: decrement, and unlink it if it has no free pool left.
    let _ = (arenas, usable);
    todo!()
}

/// A pool of arena `id` became empty: the arena's count goes up by one and
/// it moves to keep the list sorted. Says whether it is now wholly free.
pub fn return_pool(
    arenas: &mut [ArenaObject],
    usable: &mut UsableArenas,
    id: ArenaId,
) -> ArenaAfterFree {
    // TODO: Leave group `old` (fix nfp2lasta[old] if it was its last),
    // TODO: increment; a formerly full arena goes to the front; otherwise
    // TODO: slide past nfp2lasta[old] if that is another arena.
    let _ = (arenas, usable, id);
    todo!()
}
