//! Graded tests for ch05-collect.

use ch01_objects::dict::Dict;
use ch01_objects::{DictKey, ObjRef, Payload};
use ch02_refcount::RefCountHeap;
use ch04_cycles::tracking::is_tracked;
use ch05_collect::find_garbage;
use ch05_generations::Generations;

/// A list tracked in generation `g`; the test keeps its one reference.
fn held_list(heap: &mut RefCountHeap, generations: &mut Generations, g: usize) -> ObjRef {
    let r = heap.alloc(Payload::list(Vec::new()));
    generations.lists[g].track(heap.heap_mut(), r);
    r
}

/// A list that refers to itself and nothing else holds, tracked in `g`.
fn lost_cycle(heap: &mut RefCountHeap, generations: &mut Generations, g: usize) -> ObjRef {
    let r = held_list(heap, generations, g);
    heap.incref(r);
    let Payload::List(items) = &mut heap.heap_mut().get_mut(r).payload else {
        unreachable!()
    };
    items.push(r);
    heap.decref(r);
    r
}

fn members(heap: &RefCountHeap, generations: &mut Generations, g: usize) -> Vec<ObjRef> {
    generations.lists[g].members(heap.heap())
}

#[test]
fn the_counters_move_as_in_cpython() {
    let mut heap = RefCountHeap::new();
    let mut generations = Generations::new();
    generations.count = [5, 3, 2];
    find_garbage(&mut heap, &mut generations, 1);
    assert_eq!(generations.count, [0, 0, 3]);
    generations.count = [5, 3, 2];
    find_garbage(&mut heap, &mut generations, 0);
    assert_eq!(generations.count, [0, 4, 2]);
    generations.count = [5, 3, 2];
    find_garbage(&mut heap, &mut generations, 2);
    assert_eq!(generations.count, [0, 0, 0], "there is no generation 3");
}

#[test]
fn younger_generations_are_merged_youngest_first() {
    let mut heap = RefCountHeap::new();
    let mut generations = Generations::new();
    let c0 = held_list(&mut heap, &mut generations, 2);
    let b0 = held_list(&mut heap, &mut generations, 1);
    let a0 = held_list(&mut heap, &mut generations, 0);
    let a1 = held_list(&mut heap, &mut generations, 0);
    find_garbage(&mut heap, &mut generations, 2);
    assert_eq!(members(&heap, &mut generations, 2), vec![c0, a0, a1, b0]);
    assert!(members(&heap, &mut generations, 0).is_empty());
    assert!(members(&heap, &mut generations, 1).is_empty());
}

#[test]
fn survivors_move_to_the_next_generation() {
    let mut heap = RefCountHeap::new();
    let mut generations = Generations::new();
    let c0 = held_list(&mut heap, &mut generations, 2);
    let b0 = held_list(&mut heap, &mut generations, 1);
    let a0 = held_list(&mut heap, &mut generations, 0);
    find_garbage(&mut heap, &mut generations, 1);
    assert_eq!(members(&heap, &mut generations, 2), vec![c0, b0, a0]);
    assert!(members(&heap, &mut generations, 1).is_empty());
    let fresh = held_list(&mut heap, &mut generations, 0);
    find_garbage(&mut heap, &mut generations, 0);
    assert_eq!(members(&heap, &mut generations, 1), vec![fresh]);
    assert_eq!(
        members(&heap, &mut generations, 2),
        vec![c0, b0, a0],
        "untouched"
    );
}

#[test]
fn the_garbage_is_returned_in_order() {
    let mut heap = RefCountHeap::new();
    let mut generations = Generations::new();
    let old_garbage = lost_cycle(&mut heap, &mut generations, 2);
    let kept = held_list(&mut heap, &mut generations, 1);
    let middle_garbage = lost_cycle(&mut heap, &mut generations, 1);
    let young_garbage = lost_cycle(&mut heap, &mut generations, 0);
    let garbage = find_garbage(&mut heap, &mut generations, 1);
    assert_eq!(
        garbage,
        vec![middle_garbage, young_garbage],
        "generation 1, then what generation 0 brought"
    );
    assert_eq!(
        members(&heap, &mut generations, 2),
        vec![old_garbage, kept],
        "generation 2 was not looked at; the survivor joined it"
    );
    let garbage = find_garbage(&mut heap, &mut generations, 2);
    assert_eq!(
        garbage,
        vec![old_garbage],
        "the garbage found before left the lists"
    );
}

#[test]
fn the_quarter_rules_counters_are_kept() {
    let mut heap = RefCountHeap::new();
    let mut generations = Generations::new();
    for _ in 0..3 {
        held_list(&mut heap, &mut generations, 0);
    }
    find_garbage(&mut heap, &mut generations, 0);
    assert_eq!(
        generations.long_lived_pending, 0,
        "a young collection adds nothing"
    );
    find_garbage(&mut heap, &mut generations, 1);
    assert_eq!(
        generations.long_lived_pending, 3,
        "three reached generation 2"
    );
    held_list(&mut heap, &mut generations, 0);
    find_garbage(&mut heap, &mut generations, 2);
    assert_eq!(generations.long_lived_pending, 0);
    assert_eq!(generations.long_lived_total, 4);
}

#[test]
fn a_full_collection_untracks_dicts_a_young_one_does_not() {
    let mut heap = RefCountHeap::new();
    let mut generations = Generations::new();
    let one = heap.alloc(Payload::Int(1));
    let key = heap.alloc(Payload::Str("n".into()));
    let mut dict = Dict::new();
    dict.insert(DictKey::Str("n".into()), key, one);
    let d = heap.alloc(Payload::Dict(Box::new(dict)));
    generations.lists[0].track(heap.heap_mut(), d);
    heap.incref(one);
    let t = heap.alloc(Payload::tuple([one]));
    generations.lists[0].track(heap.heap_mut(), t);
    find_garbage(&mut heap, &mut generations, 0);
    assert!(
        !is_tracked(heap.heap(), t),
        "a tuple of ints is untracked at once"
    );
    assert!(
        is_tracked(heap.heap(), d),
        "a dict waits for a full collection"
    );
    find_garbage(&mut heap, &mut generations, 2);
    assert!(!is_tracked(heap.heap(), d));
}
