//! Graded tests for ch07-arenas: the usable-arena tests of
//! `ch07-pymalloc`, on your functions.

use ch07_arenas::{return_pool, take_pool};
use ch07_pymalloc::arena::{ArenaId, ArenaObject};
use ch07_pymalloc::usable::{ArenaAfterFree, UsableArenas};

const POOLS: u32 = 64;

/// Full arenas of 64 pools (none in the list), then `free[i]` pools given
/// back to arena `i`, in that order.
fn arenas_with(free: &[u32]) -> (Vec<ArenaObject>, UsableArenas) {
    let mut arenas: Vec<ArenaObject> = free
        .iter()
        .map(|_| {
            let mut arena = ArenaObject::unused();
            arena.ntotalpools = POOLS;
            arena
        })
        .collect();
    let mut usable = UsableArenas::new();
    for (id, &n) in free.iter().enumerate() {
        for _ in 0..n {
            return_pool(&mut arenas, &mut usable, id as ArenaId);
            usable.check(&arenas);
        }
    }
    (arenas, usable)
}

fn counts(arenas: &[ArenaObject], usable: &UsableArenas) -> Vec<u32> {
    usable
        .in_order(arenas)
        .iter()
        .map(|&id| arenas[id as usize].nfreepools)
        .collect()
}

#[test]
fn pools_come_from_the_fullest_arena() {
    let (mut arenas, mut usable) = arenas_with(&[4, 2, 9]);
    assert_eq!(counts(&arenas, &usable), vec![2, 4, 9]);
    assert_eq!(take_pool(&mut arenas, &mut usable), 1);
    usable.check(&arenas);
    assert_eq!(take_pool(&mut arenas, &mut usable), 1);
    usable.check(&arenas);
    assert_eq!(
        usable.in_order(&arenas),
        vec![0, 2],
        "arena 1 is full and leaves the list"
    );
    assert_eq!(take_pool(&mut arenas, &mut usable), 0);
    usable.check(&arenas);
}

#[test]
fn a_full_arena_leaves_the_list_and_rejoins_at_the_front() {
    let (mut arenas, mut usable) = arenas_with(&[1, 3]);
    assert_eq!(take_pool(&mut arenas, &mut usable), 0);
    assert_eq!(usable.in_order(&arenas), vec![1]);
    assert_eq!(arenas[1].prevarena, None);
    assert_eq!(
        return_pool(&mut arenas, &mut usable, 0),
        ArenaAfterFree::InUse
    );
    assert_eq!(usable.in_order(&arenas), vec![0, 1]);
    usable.check(&arenas);
}

#[test]
fn an_arena_that_gains_a_pool_slides_past_its_old_group() {
    let (mut arenas, mut usable) = arenas_with(&[1, 3, 3, 3, 7]);
    let order = usable.in_order(&arenas);
    assert_eq!(counts(&arenas, &usable), vec![1, 3, 3, 3, 7]);
    let first_three = order[1];
    return_pool(&mut arenas, &mut usable, first_three);
    usable.check(&arenas);
    let order_after = usable.in_order(&arenas);
    assert_eq!(
        order_after[3], first_three,
        "it moved past the two others with 3"
    );
    assert_eq!(counts(&arenas, &usable), vec![1, 3, 3, 4, 7]);
    assert_eq!(usable.nfp2lasta[4], Some(first_three));
    // The last of a group stays where it is.
    let last_three = order_after[2];
    return_pool(&mut arenas, &mut usable, last_three);
    usable.check(&arenas);
    assert_eq!(usable.in_order(&arenas)[2], last_three);
    assert_eq!(
        usable.nfp2lasta[4],
        Some(first_three),
        "still the last with 4"
    );
}

#[test]
fn a_wholly_free_arena_says_whether_it_is_the_last() {
    let (mut arenas, mut usable) = arenas_with(&[63, 63]);
    let order = usable.in_order(&arenas);
    assert_eq!(
        return_pool(&mut arenas, &mut usable, order[0]),
        ArenaAfterFree::WhollyFree { last: true },
        "it slid past the other"
    );
    assert_eq!(
        return_pool(&mut arenas, &mut usable, order[1]),
        ArenaAfterFree::WhollyFree { last: false },
        "the last of the 63s stays before the 64"
    );
    usable.check(&arenas);
}

#[test]
fn random_takes_and_returns_keep_the_list_sorted_and_indexed() {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let (mut arenas, mut usable) = arenas_with(&[0, 5, 0, 17, 64, 2, 0, 40]);
    for step in 0..20_000 {
        let id = next(arenas.len() as u64) as usize;
        if next(2) == 0 && arenas[id].nfreepools < arenas[id].ntotalpools {
            let before = arenas[id].nfreepools;
            let result = return_pool(&mut arenas, &mut usable, id as ArenaId);
            assert_eq!(arenas[id].nfreepools, before + 1, "step {step}");
            let wholly = arenas[id].nfreepools == POOLS;
            assert_eq!(
                matches!(result, ArenaAfterFree::WhollyFree { .. }),
                wholly,
                "step {step}"
            );
        } else if let Some(head) = usable.head {
            let before = arenas[head as usize].nfreepools;
            assert_eq!(take_pool(&mut arenas, &mut usable), head, "step {step}");
            assert_eq!(arenas[head as usize].nfreepools, before - 1, "step {step}");
        }
        usable.check(&arenas);
    }
}
