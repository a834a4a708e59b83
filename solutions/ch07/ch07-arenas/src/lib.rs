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
    //~ TODO: The head moves from group nf to group nf - 1: fix nfp2lasta,
    //~ TODO: decrement, and unlink it if it has no free pool left.
    //~ STUB: let _ = (arenas, usable);
    //~ SOLUTION BEGIN
    let id = usable.head.expect("a usable arena");
    let nf = arenas[id as usize].nfreepools as usize;
    if usable.nfp2lasta[nf] == Some(id) {
        usable.nfp2lasta[nf] = None;
    }
    if nf > 1 {
        usable.nfp2lasta[nf - 1] = Some(id);
    }
    arenas[id as usize].nfreepools -= 1;
    if nf == 1 {
        unlink(arenas, usable, id);
    }
    id
    //~ SOLUTION END
}

/// A pool of arena `id` became empty: the arena's count goes up by one and
/// it moves to keep the list sorted. Says whether it is now wholly free.
pub fn return_pool(
    arenas: &mut [ArenaObject],
    usable: &mut UsableArenas,
    id: ArenaId,
) -> ArenaAfterFree {
    //~ TODO: Leave group `old` (fix nfp2lasta[old] if it was its last),
    //~ TODO: increment; a formerly full arena goes to the front; otherwise
    //~ TODO: slide past nfp2lasta[old] if that is another arena.
    //~ STUB: let _ = (arenas, usable, id);
    //~ SOLUTION BEGIN
    let old = arenas[id as usize].nfreepools as usize;
    let last_with_old = usable.nfp2lasta[old];
    if last_with_old == Some(id) {
        let before = arenas[id as usize].prevarena;
        usable.nfp2lasta[old] = before.filter(|&p| arenas[p as usize].nfreepools as usize == old);
    }
    let nf = old + 1;
    arenas[id as usize].nfreepools = nf as u32;
    if nf == 1 {
        let head = usable.head;
        arenas[id as usize].nextarena = head;
        arenas[id as usize].prevarena = None;
        if let Some(h) = head {
            arenas[h as usize].prevarena = Some(id);
        }
        usable.head = Some(id);
        usable.nfp2lasta[1].get_or_insert(id);
    } else {
        usable.nfp2lasta[nf].get_or_insert(id);
        if let Some(target) = last_with_old.filter(|&last| last != id) {
            unlink(arenas, usable, id);
            let after = arenas[target as usize].nextarena;
            arenas[id as usize].prevarena = Some(target);
            arenas[id as usize].nextarena = after;
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
    //~ SOLUTION END
}
