//! Graded tests for ch04-subtract.

use std::collections::HashMap;

use ch01_objects::{Heap, ObjRef, Payload};
use ch02_refcount::RefCountHeap;
use ch02_refcount::flags;
use ch04_cycles::gc_refs::{IMMORTAL_REFS, Mark};
use ch04_subtract::{subtract_refs, update_refs};

/// A new empty list; the test owns its one reference.
fn list(heap: &mut RefCountHeap) -> ObjRef {
    heap.alloc(Payload::list(Vec::new()))
}

/// `from.append(to)`, with a counted reference.
fn append(heap: &mut RefCountHeap, from: ObjRef, to: ObjRef) {
    heap.incref(to);
    let Payload::List(items) = &mut heap.heap_mut().get_mut(from).payload else {
        panic!("{from:?} is not a list");
    };
    items.push(to);
}

/// What the two phases must leave, counted by hand: each member's count
/// minus the references to it from members.
fn by_hand(heap: &Heap, young: &[ObjRef]) -> HashMap<ObjRef, usize> {
    let mut expected: HashMap<ObjRef, usize> =
        young.iter().map(|&r| (r, heap.refcount(r))).collect();
    for &r in young {
        for target in heap.payload(r).refs() {
            if let Some(n) = expected.get_mut(&target) {
                *n -= 1;
            }
        }
    }
    expected
}

#[test]
fn gc_refs_start_at_each_members_count() {
    let mut heap = RefCountHeap::new();
    let a = list(&mut heap);
    let b = list(&mut heap);
    append(&mut heap, b, a);
    heap.incref(a);
    let outside = list(&mut heap);
    let gc_refs = update_refs(heap.heap(), &[a, b]);
    assert_eq!(gc_refs.get(a), Mark::Refs(3), "the test's two and b's");
    assert_eq!(gc_refs.get(b), Mark::Refs(1));
    assert_eq!(
        gc_refs.get(outside),
        Mark::NotCollecting,
        "an object that is not a member has no mark"
    );
}

#[test]
fn an_immortal_member_always_looks_held() {
    let mut heap = RefCountHeap::new();
    let a = list(&mut heap);
    flags::set_immortal(&mut heap.heap_mut().get_mut(a).header);
    let b = list(&mut heap);
    append(&mut heap, b, a);
    let mut gc_refs = update_refs(heap.heap(), &[a, b]);
    assert_eq!(gc_refs.get(a), Mark::Refs(IMMORTAL_REFS));
    subtract_refs(heap.heap(), &[a, b], &mut gc_refs);
    assert!(
        matches!(gc_refs.get(a), Mark::Refs(n) if n > 1_000_000),
        "an immortal object must never look unreferenced: {:?}",
        gc_refs.get(a)
    );
}

/// `a = []; b = [a, a]; a.append(b); del b`
#[test]
fn a_reference_from_inside_is_subtracted_once_per_reference() {
    let mut heap = RefCountHeap::new();
    let a = list(&mut heap);
    let b = list(&mut heap);
    append(&mut heap, b, a);
    append(&mut heap, b, a);
    append(&mut heap, a, b);
    heap.decref(b);
    let young = [a, b];
    let mut gc_refs = update_refs(heap.heap(), &young);
    subtract_refs(heap.heap(), &young, &mut gc_refs);
    assert_eq!(
        gc_refs.get(a),
        Mark::Refs(1),
        "the name a; b's two references are inside"
    );
    assert_eq!(gc_refs.get(b), Mark::Refs(0), "only a holds b");
}

#[test]
fn references_from_outside_the_generation_are_not_subtracted() {
    let mut heap = RefCountHeap::new();
    let member = list(&mut heap);
    let outsider = list(&mut heap);
    append(&mut heap, outsider, member);
    append(&mut heap, member, outsider);
    heap.decref(member);
    let young = [member];
    let mut gc_refs = update_refs(heap.heap(), &young);
    subtract_refs(heap.heap(), &young, &mut gc_refs);
    assert_eq!(
        gc_refs.get(member),
        Mark::Refs(1),
        "the outsider's reference is one the collector cannot explain"
    );
    assert_eq!(
        gc_refs.get(outsider),
        Mark::NotCollecting,
        "a reference to an object outside the generation changes nothing"
    );
}

/// A small random-number generator, so the graphs are the same every run.
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
fn random_graphs_agree_with_counting_by_hand() {
    let mut random = Xorshift(0x2545_F491_4F6C_DD1D);
    for round in 0..300 {
        let mut heap = RefCountHeap::new();
        let count = 1 + random.below(30);
        let nodes: Vec<ObjRef> = (0..count).map(|_| list(&mut heap)).collect();
        for _ in 0..random.below(3 * count) {
            let (from, to) = (nodes[random.below(count)], nodes[random.below(count)]);
            append(&mut heap, from, to);
        }
        for &node in &nodes {
            if random.below(3) != 0 {
                heap.decref(node);
            }
        }
        let young: Vec<ObjRef> = nodes
            .iter()
            .copied()
            .filter(|&n| heap.heap().is_live(n) && random.below(5) != 0)
            .collect();
        let expected = by_hand(heap.heap(), &young);
        let mut gc_refs = update_refs(heap.heap(), &young);
        subtract_refs(heap.heap(), &young, &mut gc_refs);
        for &r in &young {
            assert_eq!(
                gc_refs.get(r),
                Mark::Refs(expected[&r]),
                "round {round}: {r:?}"
            );
        }
    }
}
