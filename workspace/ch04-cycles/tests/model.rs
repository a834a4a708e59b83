//! The collector against a reference model, on random graphs.
//!
//! The model knows what the collector does not: the roots. Here they are the
//! names of a module scope (chapter 3's counted bindings). Whatever a
//! breadth-first search from them reaches must survive a collection; every
//! other object must be gone after it, whether reference counting freed it
//! earlier or the collector found it.

use std::collections::{HashMap, HashSet};

use ch01_objects::dict::Dict;
use ch01_objects::{DictKey, Heap, ObjRef, Payload};
use ch02_refcount::MemoryManager;
use ch03_names::{Counter, Scope};
use ch04_cycles::gc_refs::{Mark, subtract_refs, update_refs};
use ch04_cycles::{CyclesStage, deduce_unreachable};

/// A xorshift64 generator: deterministic, so a failing seed can be replayed.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// A number in `0..bound`.
    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
    /// True with probability `1 / n`.
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

/// One random program: objects, references between them, names bound to
/// some, some of those names deleted again.
struct RandomGraph {
    stage: CyclesStage,
    globals: Scope,
    nodes: Vec<ObjRef>,
}

impl RandomGraph {
    fn build(random: &mut Xorshift) -> RandomGraph {
        let mut stage = CyclesStage::new();
        let mut globals = Scope::module();
        let count = 1 + random.below(40);
        let nodes: Vec<ObjRef> = (0..count)
            .map(|_| {
                let payload = if random.one_in(3) {
                    Payload::Dict(Dict::new())
                } else {
                    Payload::List(Vec::new())
                };
                Counter::alloc(&mut stage, payload)
            })
            .collect();
        for &from in &nodes {
            for _ in 0..random.below(4) {
                let to = nodes[random.below(count)];
                add_reference(&mut stage, from, to);
            }
        }
        for (index, &node) in nodes.iter().enumerate() {
            if random.one_in(4) {
                globals.bind(&mut stage, &format!("n{index}"), node);
            }
        }
        for &node in &nodes {
            Counter::decref(&mut stage, node); // the allocation's own reference
        }
        for index in 0..count {
            let name = format!("n{index}");
            if globals.lookup(&name).is_some() && random.one_in(3) {
                globals.delete(&mut stage, &name).expect("bound above");
            }
        }
        RandomGraph {
            stage,
            globals,
            nodes,
        }
    }

    fn heap(&self) -> &Heap {
        MemoryManager::heap(&self.stage)
    }

    /// The model: every object reachable from a name (dict keys included).
    fn reachable(&self) -> HashSet<ObjRef> {
        let mut seen: HashSet<ObjRef> = HashSet::new();
        let mut to_visit: Vec<ObjRef> = self.globals.iter().map(|(_, r)| r).collect();
        while let Some(r) = to_visit.pop() {
            if seen.insert(r) {
                self.heap()
                    .payload(r)
                    .visit_refs(&mut |target| to_visit.push(target));
            }
        }
        seen
    }

    /// The model's garbage: live objects no name reaches.
    fn garbage(&self) -> HashSet<ObjRef> {
        let live = self.live_nodes();
        let reachable = self.reachable();
        live.difference(&reachable).copied().collect()
    }

    fn live_nodes(&self) -> HashSet<ObjRef> {
        let heap = self.heap();
        self.nodes
            .iter()
            .copied()
            .filter(|&n| heap.is_live(n))
            .collect()
    }
}

/// `from.append(to)` for a list, `from[str(len)] = to` for a dict.
fn add_reference(stage: &mut CyclesStage, from: ObjRef, to: ObjRef) {
    Counter::incref(stage, to);
    let entries = match Counter::heap(stage).payload(from) {
        Payload::Dict(dict) => Some(dict.len()),
        _ => None,
    };
    let key = entries.map(|n| {
        let text = n.to_string();
        (
            Counter::alloc(stage, Payload::Str(text.clone().into())),
            text,
        )
    });
    match (&mut Counter::heap_mut(stage).get_mut(from).payload, key) {
        (Payload::List(items), None) => items.push(to),
        (Payload::Dict(dict), Some((key, text))) => {
            dict.insert(DictKey::Str(text.into()), key, to);
        }
        _ => unreachable!("nodes are lists and dicts"),
    }
}

/// How many references each object receives from the objects in `from`.
fn references_from(heap: &Heap, from: &HashSet<ObjRef>) -> HashMap<ObjRef, usize> {
    let mut counts = HashMap::new();
    for &r in from {
        heap.payload(r)
            .visit_refs(&mut |target| *counts.entry(target).or_default() += 1);
    }
    counts
}

#[test]
fn the_collector_frees_exactly_what_no_name_reaches() {
    let mut random = Xorshift(0x9E37_79B9_7F4A_7C15);
    for round in 0..2_000 {
        let mut graph = RandomGraph::build(&mut random);
        let garbage = graph.garbage();
        let reachable: HashSet<ObjRef> = graph.live_nodes().difference(&garbage).copied().collect();
        let from_garbage = references_from(graph.heap(), &garbage);
        let counts: HashMap<ObjRef, usize> = reachable
            .iter()
            .map(|&r| (r, graph.heap().refcount(r)))
            .collect();

        let found = graph.stage.collect_garbage();

        let found_set: HashSet<ObjRef> = found.unreachable.iter().copied().collect();
        assert_eq!(
            found_set, garbage,
            "round {round}: what the collector found"
        );
        assert_eq!(found.count(), garbage.len(), "round {round}: found twice");
        assert_eq!(
            graph.live_nodes(),
            reachable,
            "round {round}: alive afterwards"
        );
        for (&r, &before) in &counts {
            let lost = from_garbage.get(&r).copied().unwrap_or(0);
            assert_eq!(
                graph.heap().refcount(r),
                before - lost,
                "round {round}: {r:?} lost more than the garbage's references"
            );
        }
        assert_eq!(
            graph.stage.collect(),
            0,
            "round {round}: a second pass finds nothing"
        );

        let RandomGraph {
            mut stage, globals, ..
        } = graph;
        globals.leave(&mut stage);
        stage.collect();
        assert_eq!(
            stage.stats().live_objects,
            0,
            "round {round}: all gone at the end"
        );
    }
}

/// Runs `deduce` (a way of finding the garbage without freeing it) on
/// random graphs and compares it with the model.
fn check_deduction(rounds: usize, deduce: fn(&Heap, &[ObjRef]) -> Vec<ObjRef>) {
    let mut random = Xorshift(0x2545_F491_4F6C_DD1D);
    for round in 0..rounds {
        let mut graph = RandomGraph::build(&mut random);
        let members = graph.stage.tracked_objects();
        let found: HashSet<ObjRef> = deduce(graph.heap(), &members).into_iter().collect();
        assert_eq!(found, graph.garbage(), "round {round}");
    }
}

#[test]
fn deduce_unreachable_agrees_with_the_model() {
    check_deduction(2_000, deduce_unreachable);
}

/// The check can fail: a collector that takes every object with
/// `gc_refs == 0` for garbage, forgetting that a held object may refer to
/// it, is caught.
#[test]
#[should_panic(expected = "round")]
fn the_model_catches_a_collector_that_skips_move_unreachable() {
    check_deduction(2_000, |heap, young| {
        let mut gc_refs = update_refs(heap, young);
        subtract_refs(heap, young, &mut gc_refs);
        young
            .iter()
            .copied()
            .filter(|&r| gc_refs.get(r) == Mark::Refs(0))
            .collect()
    });
}
