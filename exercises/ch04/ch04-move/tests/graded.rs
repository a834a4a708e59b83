//! Graded tests for ch04-move.

use std::collections::HashSet;

use ch01_objects::{Heap, ObjRef, Payload};
use ch02_refcount::RefCountHeap;
use ch04_cycles::gc_refs::{GcRefs, Mark};
use ch04_move::move_unreachable;

fn list(heap: &mut RefCountHeap) -> ObjRef {
    heap.alloc(Payload::list(Vec::new()))
}

fn append(heap: &mut RefCountHeap, from: ObjRef, to: ObjRef) {
    heap.incref(to);
    let Payload::List(items) = &mut heap.heap_mut().get_mut(from).payload else {
        panic!("{from:?} is not a list");
    };
    items.push(to);
}

/// Phases 1 and 2, done here by hand so that these tests need no other
/// exercise: each member's count minus the references from members.
fn counted(heap: &Heap, young: &[ObjRef]) -> GcRefs {
    let mut gc_refs = GcRefs::for_members(young);
    for &r in young {
        gc_refs.set(r, Mark::Refs(heap.refcount(r)));
    }
    for &r in young {
        for target in heap.payload(r).refs() {
            if let Mark::Refs(n) = gc_refs.get(target) {
                gc_refs.set(target, Mark::Refs(n - 1));
            }
        }
    }
    gc_refs
}

/// The model: the members reachable, through members, from one that
/// something outside holds.
fn reachable_by_brute_force(heap: &Heap, young: &[ObjRef]) -> HashSet<ObjRef> {
    let members: HashSet<ObjRef> = young.iter().copied().collect();
    let gc_refs = counted(heap, young);
    let mut seen = HashSet::new();
    let mut to_visit: Vec<ObjRef> = young
        .iter()
        .copied()
        .filter(|&r| gc_refs.get(r) != Mark::Refs(0))
        .collect();
    while let Some(r) = to_visit.pop() {
        if members.contains(&r) && seen.insert(r) {
            to_visit.extend(heap.payload(r).refs());
        }
    }
    seen
}

/// ```text
/// a = [1]; b = [a]; a.append(b)     # a cycle the name a holds
/// c = []; d = [c]; c.append(d)      # a cycle nothing will hold
/// e = []; d.append(e)               # reachable only from that cycle
/// del b, c, d, e
/// ```
#[test]
fn held_objects_and_what_they_reach_are_reachable() {
    let mut heap = RefCountHeap::new();
    let (a, b, c, d, e) = (
        list(&mut heap),
        list(&mut heap),
        list(&mut heap),
        list(&mut heap),
        list(&mut heap),
    );
    append(&mut heap, b, a);
    append(&mut heap, a, b);
    append(&mut heap, d, c);
    append(&mut heap, c, d);
    append(&mut heap, d, e);
    for r in [b, c, d, e] {
        heap.decref(r);
    }
    let young = [a, b, c, d, e];
    let mut gc_refs = counted(heap.heap(), &young);
    let found = move_unreachable(heap.heap(), &young, &mut gc_refs);
    assert_eq!(found.reachable, vec![a, b]);
    assert_eq!(found.unreachable, vec![c, d, e]);
    assert_eq!(gc_refs.get(a), Mark::Reachable);
    assert_eq!(gc_refs.get(e), Mark::TentativelyUnreachable);
}

/// gcmodule.c's own example: A, B, C made in that order, B refers to A and
/// C to B, and only C is held. The walk assumes A and B unreachable, then
/// C rescues B and B rescues A: the young list ends C, B, A.
#[test]
fn a_rescued_object_moves_to_the_end_as_in_cpython() {
    let mut heap = RefCountHeap::new();
    let (a, b, c) = (list(&mut heap), list(&mut heap), list(&mut heap));
    append(&mut heap, b, a);
    append(&mut heap, c, b);
    heap.decref(a);
    heap.decref(b);
    let young = [a, b, c];
    let mut gc_refs = counted(heap.heap(), &young);
    let found = move_unreachable(heap.heap(), &young, &mut gc_refs);
    assert_eq!(found.reachable, vec![c, b, a]);
    assert!(found.unreachable.is_empty());
    assert!(young.iter().all(|&r| gc_refs.get(r) == Mark::Reachable));
}

#[test]
fn the_garbage_keeps_the_generations_order() {
    let mut heap = RefCountHeap::new();
    let nodes: Vec<ObjRef> = (0..6).map(|_| list(&mut heap)).collect();
    // A ring 0 -> 1 -> ... -> 5 -> 0, walked in the order 5, 3, 1, 4, 2, 0.
    for i in 0..6 {
        append(&mut heap, nodes[i], nodes[(i + 1) % 6]);
    }
    for &n in &nodes {
        heap.decref(n);
    }
    let young = [nodes[5], nodes[3], nodes[1], nodes[4], nodes[2], nodes[0]];
    let mut gc_refs = counted(heap.heap(), &young);
    let found = move_unreachable(heap.heap(), &young, &mut gc_refs);
    assert!(found.reachable.is_empty());
    assert_eq!(found.unreachable, young.to_vec());
}

struct Xorshift(u64);

impl Xorshift {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % bound as u64) as usize
    }
}

#[test]
fn random_graphs_agree_with_the_model() {
    let mut random = Xorshift(0x9E37_79B9_7F4A_7C15);
    for round in 0..500 {
        let mut heap = RefCountHeap::new();
        let count = 1 + random.below(30);
        let nodes: Vec<ObjRef> = (0..count).map(|_| list(&mut heap)).collect();
        for _ in 0..random.below(3 * count) {
            let (from, to) = (nodes[random.below(count)], nodes[random.below(count)]);
            append(&mut heap, from, to);
        }
        for &node in &nodes {
            if random.below(4) != 0 {
                heap.decref(node);
            }
        }
        let young: Vec<ObjRef> = nodes
            .iter()
            .copied()
            .filter(|&n| heap.heap().is_live(n))
            .collect();
        let model = reachable_by_brute_force(heap.heap(), &young);
        let mut gc_refs = counted(heap.heap(), &young);
        let found = move_unreachable(heap.heap(), &young, &mut gc_refs);
        let expected_garbage: Vec<ObjRef> = young
            .iter()
            .copied()
            .filter(|r| !model.contains(r))
            .collect();
        assert_eq!(found.unreachable, expected_garbage, "round {round}");
        let reachable: HashSet<ObjRef> = found.reachable.iter().copied().collect();
        assert_eq!(reachable, model, "round {round}");
        assert_eq!(
            found.reachable.len(),
            model.len(),
            "round {round}: each once"
        );
    }
}

/// Made in order, each list refers to the one before, and only the last
/// is held: every list is assumed unreachable, then rescued by the next.
#[test]
fn a_million_long_chain_needs_no_recursion() {
    const LENGTH: usize = 1_000_000;
    let mut heap = RefCountHeap::new();
    let mut chain = Vec::with_capacity(LENGTH);
    let mut previous: Option<ObjRef> = None;
    for _ in 0..LENGTH {
        let node = list(&mut heap);
        if let Some(p) = previous {
            append(&mut heap, node, p);
            heap.decref(p);
        }
        chain.push(node);
        previous = Some(node);
    }
    let mut gc_refs = counted(heap.heap(), &chain);
    let found = move_unreachable(heap.heap(), &chain, &mut gc_refs);
    assert!(found.unreachable.is_empty());
    assert_eq!(found.reachable.len(), LENGTH);
    assert_eq!(found.reachable[0], chain[LENGTH - 1], "the held one first");
    assert_eq!(
        found.reachable[LENGTH - 1],
        chain[0],
        "then each one it rescued"
    );
}
