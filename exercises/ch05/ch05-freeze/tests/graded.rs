//! Graded tests for ch05-freeze.

use ch01_objects::{Heap, ObjRef, Payload};
use ch05_freeze::{freeze, freeze_count, unfreeze};
use ch05_generations::Generations;

/// Lists tracked in generations 0, 1 and 2: two, one and two of them.
fn setup() -> (Heap, Generations, Vec<ObjRef>) {
    let mut heap = Heap::new();
    let mut generations = Generations::new();
    let mut made = Vec::new();
    for g in [0, 0, 1, 2, 2] {
        let r = heap.alloc(Payload::list(Vec::new()));
        generations.lists[g].track(&mut heap, r);
        made.push(r);
    }
    generations.count = [7, 3, 1];
    (heap, generations, made)
}

#[test]
fn freeze_moves_every_generation_youngest_first() {
    let (heap, mut generations, made) = setup();
    freeze(&mut generations, &heap);
    assert_eq!(generations.permanent.members(&heap), made);
    for g in 0..3 {
        assert!(
            generations.lists[g].members(&heap).is_empty(),
            "generation {g}"
        );
    }
    assert_eq!(generations.count, [0, 3, 1], "only count[0] is reset");
}

#[test]
fn unfreeze_puts_them_at_the_end_of_the_oldest() {
    let (mut heap, mut generations, made) = setup();
    freeze(&mut generations, &heap);
    let late = heap.alloc(Payload::list(Vec::new()));
    generations.lists[2].track(&mut heap, late);
    unfreeze(&mut generations, &heap);
    let mut expected = vec![late];
    expected.extend(&made);
    assert_eq!(generations.lists[2].members(&heap), expected);
    assert!(generations.permanent.members(&heap).is_empty());
}

#[test]
fn the_count_is_what_the_permanent_generation_holds() {
    let (heap, mut generations, _) = setup();
    assert_eq!(freeze_count(&mut generations, &heap), 0);
    freeze(&mut generations, &heap);
    assert_eq!(freeze_count(&mut generations, &heap), 5);
    unfreeze(&mut generations, &heap);
    assert_eq!(freeze_count(&mut generations, &heap), 0);
}
