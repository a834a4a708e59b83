//! The generational collector on random graphs built across many
//! collections: whatever generation a collection takes, it never frees a
//! reachable object; a full collection frees every unreachable one; and a
//! reference from an older generation keeps a young object alive.

use std::collections::HashSet;

use ch01_objects::{Heap, ObjRef, Payload};
use ch02_refcount::MemoryManager;
use ch05_generations::GenerationsStage;

struct Xorshift(u64);

impl Xorshift {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % bound as u64) as usize
    }
}

fn list(stage: &mut GenerationsStage) -> ObjRef {
    let r = MemoryManager::alloc(stage, Payload::list(vec![]));
    stage.end_automatic_collection();
    r
}

fn append(stage: &mut GenerationsStage, from: ObjRef, to: ObjRef) {
    MemoryManager::incref(stage, to);
    let Payload::List(items) = &mut MemoryManager::heap_mut(stage).get_mut(from).payload else {
        unreachable!()
    };
    items.push(to);
}

fn reachable(heap: &Heap, roots: &[ObjRef]) -> HashSet<ObjRef> {
    let mut seen = HashSet::new();
    let mut to_visit = roots.to_vec();
    while let Some(r) = to_visit.pop() {
        if heap.is_live(r) && seen.insert(r) {
            to_visit.extend(heap.payload(r).refs());
        }
    }
    seen
}

#[test]
fn no_collection_of_any_generation_frees_a_reachable_object() {
    let mut random = Xorshift(0x5DEE_CE66_D1CE_4E5B);
    for round in 0..200 {
        let mut stage = GenerationsStage::new();
        let mut roots: Vec<ObjRef> = Vec::new();
        let mut nodes: Vec<ObjRef> = Vec::new();
        for step in 0..60 {
            let node = list(&mut stage);
            if !nodes.is_empty() {
                for _ in 0..random.below(3) {
                    let other = nodes[random.below(nodes.len())];
                    if MemoryManager::heap(&stage).is_live(other) {
                        if random.below(2) == 0 {
                            append(&mut stage, node, other);
                        } else {
                            append(&mut stage, other, node);
                        }
                    }
                }
            }
            if random.below(3) == 0 {
                roots.push(node);
            } else {
                stage.refcount_heap().decref(node);
            }
            nodes.push(node);
            if random.below(4) == 0 && !roots.is_empty() {
                let gone = roots.swap_remove(random.below(roots.len()));
                stage.refcount_heap().decref(gone);
            }
            if step % 7 == 6 {
                let held = reachable(MemoryManager::heap(&stage), &roots);
                let generation = random.below(3);
                stage.collect_generation(generation);
                for &r in &held {
                    assert!(
                        MemoryManager::heap(&stage).is_live(r),
                        "round {round}: collecting generation {generation} freed {r:?}"
                    );
                }
            }
        }
        let held = reachable(MemoryManager::heap(&stage), &roots);
        stage.collect_generation(2);
        let live: HashSet<ObjRef> = nodes
            .iter()
            .copied()
            .filter(|&n| MemoryManager::heap(&stage).is_live(n))
            .collect();
        assert_eq!(
            live, held,
            "round {round}: a full collection frees all garbage"
        );
    }
}

/// The planted bug this guards against: a collector that took references
/// from older generations for internal ones would find `young` unreferenced
/// and free it, though `old` (held) refers to it.
#[test]
fn a_reference_from_an_older_generation_keeps_a_young_object_alive() {
    let mut stage = GenerationsStage::new();
    let old = list(&mut stage);
    stage.collect_generation(0);
    stage.collect_generation(1);
    assert!(stage.generation_members(Some(2)).unwrap().contains(&old));
    let young = list(&mut stage);
    append(&mut stage, old, young);
    stage.refcount_heap().decref(young);
    let report = stage.collect_generation(0);
    assert_eq!(report.found, 0);
    assert!(MemoryManager::heap(&stage).is_live(young));
    assert!(stage.generation_members(Some(1)).unwrap().contains(&young));
}

/// Garbage whose cycle runs through an older generation is found only
/// when that generation is collected.
#[test]
fn a_young_collection_misses_a_cycle_through_an_old_object() {
    let mut stage = GenerationsStage::new();
    let old = list(&mut stage);
    stage.collect_generation(1);
    let young = list(&mut stage);
    append(&mut stage, old, young);
    append(&mut stage, young, old);
    stage.refcount_heap().decref(old);
    stage.refcount_heap().decref(young);
    assert_eq!(
        stage.collect_generation(0).found,
        0,
        "old's reference looks external"
    );
    assert_eq!(stage.collect_generation(2).found, 2);
}
