//! Graded tests for ch05-schedule.

use ch05_generations::Generations;
use ch05_schedule::{due_generation, note_allocation, note_frees};

#[test]
fn the_701st_allocation_makes_a_collection_due() {
    let mut generations = Generations::new();
    for n in 1..=700 {
        assert!(!note_allocation(&mut generations), "allocation {n}");
    }
    assert!(note_allocation(&mut generations), "allocation 701");
    assert_eq!(generations.count[0], 701);
    assert_eq!(due_generation(&generations), Some(0));
}

#[test]
fn frees_count_down_but_never_below_zero() {
    let mut generations = Generations::new();
    for _ in 0..3 {
        note_allocation(&mut generations);
    }
    note_frees(&mut generations, 2);
    assert_eq!(generations.count[0], 1);
    note_frees(&mut generations, 5);
    assert_eq!(generations.count[0], 0);
    note_allocation(&mut generations);
    assert_eq!(generations.count[0], 1, "earlier frees do not carry over");
}

#[test]
fn a_disabled_or_zero_threshold_collector_is_never_due() {
    let mut disabled = Generations::new();
    disabled.enabled = false;
    assert!((0..2_000).all(|_| !note_allocation(&mut disabled)));
    let mut zero = Generations::new();
    zero.threshold[0] = 0;
    assert!((0..2_000).all(|_| !note_allocation(&mut zero)));
}

#[test]
fn the_oldest_generation_over_its_threshold_is_chosen() {
    let mut generations = Generations::new();
    generations.count = [701, 10, 10];
    assert_eq!(
        due_generation(&generations),
        Some(0),
        "10 is not more than 10"
    );
    generations.count = [701, 11, 10];
    assert_eq!(due_generation(&generations), Some(1));
    generations.count = [701, 11, 11];
    assert_eq!(due_generation(&generations), Some(2));
    generations.count = [0, 0, 11];
    assert_eq!(
        due_generation(&generations),
        Some(2),
        "whatever generation 0 says"
    );
    generations.count = [0, 0, 0];
    assert_eq!(due_generation(&generations), None);
}

#[test]
fn the_quarter_rule_defers_a_full_collection() {
    let mut generations = Generations::new();
    generations.count = [701, 11, 11];
    generations.long_lived_total = 100_000;
    generations.long_lived_pending = 24_999;
    assert_eq!(
        due_generation(&generations),
        Some(1),
        "24,999 is under a quarter"
    );
    generations.long_lived_pending = 25_000;
    assert_eq!(due_generation(&generations), Some(2));
    generations.long_lived_total = 3;
    generations.long_lived_pending = 0;
    assert_eq!(due_generation(&generations), Some(2), "3 / 4 is 0");
}

/// 100,000 container allocations that all stay alive, with the counter
/// updates a collection makes done here. 142 collections in all: every
/// 11th is of generation 1 (its count passes 10), and the 12th of those
/// is of generation 2 instead (its own count has passed 10 by then, and
/// nothing has reached it before, so the 25% rule allows it).
#[test]
fn a_long_run_collects_as_often_as_cpython_does() {
    let mut generations = Generations::new();
    let mut collections = [0usize; 3];
    let mut alive = 0usize;
    let mut in_gen2 = 0usize;
    for _ in 0..100_000 {
        alive += 1;
        if note_allocation(&mut generations) {
            let g = due_generation(&generations).expect("a collection is due");
            collections[g] += 1;
            if g + 1 < 3 {
                generations.count[g + 1] += 1;
            }
            for count in &mut generations.count[..=g] {
                *count = 0;
            }
            match g {
                1 => {
                    generations.long_lived_pending += alive - 1 - in_gen2;
                    in_gen2 = alive - 1;
                }
                2 => {
                    in_gen2 = alive - 1;
                    generations.long_lived_pending = 0;
                    generations.long_lived_total = in_gen2;
                }
                _ => {}
            }
        }
    }
    assert_eq!(collections, [130, 11, 1], "gen 0, 1 and 2 collections");
}
