//! Graded tests for ch08-arena-map: the arena map tests of `ch07-pymalloc`,
//! on your functions.

use ch07_pymalloc::constants::{ARENA_SIZE, ARENA_SIZE_MASK};
use ch08_arena_map::{Stretches, arena_of, mark};

const STRETCH: usize = 0x5555_0000_0000 & !ARENA_SIZE_MASK;

#[test]
fn an_unaligned_arena_covers_exactly_its_own_bytes() {
    let mut map = Stretches::new();
    let base = STRETCH + 3 * 4096;
    mark(&mut map, base, 7, true);
    assert_eq!(arena_of(&map, base - 1), None, "the byte before it");
    assert_eq!(arena_of(&map, base), Some(7));
    assert_eq!(arena_of(&map, base + ARENA_SIZE / 2), Some(7));
    assert_eq!(
        arena_of(&map, base + ARENA_SIZE - 1),
        Some(7),
        "its last byte, in the next stretch"
    );
    assert_eq!(arena_of(&map, base + ARENA_SIZE), None, "the byte after it");
    assert_eq!(arena_of(&map, STRETCH), None);
}

#[test]
fn an_aligned_arena_fills_its_stretch() {
    let mut map = Stretches::new();
    mark(&mut map, STRETCH, 1, true);
    assert_eq!(arena_of(&map, STRETCH), Some(1));
    assert_eq!(arena_of(&map, STRETCH + ARENA_SIZE - 1), Some(1));
    assert_eq!(arena_of(&map, STRETCH + ARENA_SIZE), None);
    assert_eq!(arena_of(&map, STRETCH - 1), None);
}

#[test]
fn two_arenas_can_share_a_stretch() {
    let mut map = Stretches::new();
    let first = STRETCH - ARENA_SIZE + 8192;
    let second = STRETCH + 8192;
    mark(&mut map, first, 1, true);
    mark(&mut map, second, 2, true);
    assert_eq!(arena_of(&map, first), Some(1));
    assert_eq!(arena_of(&map, STRETCH), Some(1));
    assert_eq!(arena_of(&map, STRETCH + 8191), Some(1));
    assert_eq!(arena_of(&map, second), Some(2));
    assert_eq!(arena_of(&map, second + ARENA_SIZE - 1), Some(2));
}

#[test]
fn an_unmarked_arena_is_nobodys() {
    let mut map = Stretches::new();
    let first = STRETCH - ARENA_SIZE + 8192;
    let second = STRETCH + 8192;
    mark(&mut map, first, 1, true);
    mark(&mut map, second, 2, true);
    mark(&mut map, first, 1, false);
    assert_eq!(arena_of(&map, first), None);
    assert_eq!(arena_of(&map, STRETCH + 8191), None);
    assert_eq!(
        arena_of(&map, second),
        Some(2),
        "its neighbour is still marked"
    );
    mark(&mut map, STRETCH + ARENA_SIZE * 4, 3, true);
    mark(&mut map, STRETCH + ARENA_SIZE * 4, 3, false);
    assert_eq!(arena_of(&map, STRETCH + ARENA_SIZE * 4), None);
}

#[test]
fn random_arenas_agree_with_a_list_of_ranges() {
    let mut seed: u64 = 0x1234_5678_9abc_def1;
    let mut next = move |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n
    };
    // Arenas at page-aligned places that never overlap: one per slot of
    // twice an arena's size, at a random page inside the first half.
    let mut map = Stretches::new();
    let mut arenas = Vec::new();
    for id in 0..200u32 {
        if next(3) == 0 {
            continue;
        }
        let base = STRETCH + id as usize * 2 * ARENA_SIZE + next(ARENA_SIZE / 4096) * 4096;
        mark(&mut map, base, id, true);
        arenas.push((base, id));
    }
    for &(base, id) in arenas.iter().filter(|(_, id)| id % 5 == 0) {
        mark(&mut map, base, id, false);
    }
    for _ in 0..20_000 {
        let address = STRETCH + next(400 * ARENA_SIZE);
        let expected = arenas
            .iter()
            .find(|&&(base, id)| id % 5 != 0 && (base..base + ARENA_SIZE).contains(&address))
            .map(|&(_, id)| id);
        assert_eq!(arena_of(&map, address), expected, "{address:#x}");
    }
}
