//! The collector against a reference model, on random graphs.
//!
//! The model knows what the collector does not: the roots. Here they are the
//! names of a module scope (chapter 3's counted bindings). Whatever a
//! breadth-first search from them reaches must survive a collection, with
//! its count lowered only by references from objects that were freed.
//!
//! What the collector must *find* is a little wider than "not named": an
//! untracked object's references are invisible to it, so it must take them
//! for outside references, as CPython does. If such an object was itself
//! only referred to by garbage, the cascade frees it, and whatever it held
//! is left for the next collection; without untracked objects, one
//! collection leaves exactly the named objects alive.

use std::collections::{HashMap, HashSet};

use ch01_objects::dict::Dict;
use ch01_objects::object::{Class, Instance};
use ch01_objects::{Attrs, DictKey, Heap, ObjRef, Payload};
use ch02_refcount::MemoryManager;
use ch03_names::{Counter, Scope};
use ch04_cycles::gc_refs::{Mark, subtract_refs, update_refs};
use ch04_cycles::{CyclesStage, deduce_unreachable};
use std::ops::Not;

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

/// One random program: lists, dicts, instances and tuples, references
/// between them, names bound to some, some of those names deleted again,
/// and now and then an object the collector is told not to track.
struct RandomGraph {
    stage: CyclesStage,
    globals: Scope,
    nodes: Vec<ObjRef>,
    /// Nodes untracked on purpose: the collector cannot see their
    /// references, so for it they are held from outside, like a name.
    untracked: Vec<ObjRef>,
}

impl RandomGraph {
    fn build(random: &mut Xorshift) -> RandomGraph {
        let mut stage = CyclesStage::new();
        let mut globals = Scope::module();
        let class = Counter::alloc(&mut stage, Payload::Class(Box::new(empty_class())));
        globals.bind_owned(&mut stage, "C", class);
        let count = 1 + random.below(40);
        let mut nodes: Vec<ObjRef> = Vec::with_capacity(count);
        for _ in 0..count {
            let node = new_node(&mut stage, random, class, &nodes);
            nodes.push(node);
        }
        for &from in &nodes {
            if matches!(Counter::heap(&stage).payload(from), Payload::Tuple(_)) {
                continue; // a tuple's items are fixed when it is made
            }
            for _ in 0..random.below(4) {
                let to = nodes[random.below(count)];
                add_reference(&mut stage, from, to);
            }
        }
        for (index, &node) in nodes.iter().enumerate() {
            if random.one_in(8) {
                globals.bind(&mut stage, &format!("n{index}"), node);
            }
        }
        let untracked: Vec<ObjRef> = nodes
            .iter()
            .copied()
            .filter(|_| random.one_in(12))
            .collect();
        for &node in &untracked {
            stage.untrack(node);
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
            untracked,
        }
    }

    fn heap(&self) -> &Heap {
        MemoryManager::heap(&self.stage)
    }

    /// Every object the names reach (dict keys and the class included):
    /// what must survive a collection.
    fn reachable_from_names(&self) -> HashSet<ObjRef> {
        self.reachable_from(self.globals.iter().map(|(_, r)| r).collect())
    }

    /// The collector's garbage, as the model sees it: live tracked nodes
    /// reached neither from a name nor from a live untracked node (one
    /// untracked on purpose, or a dict that never held a container), whose
    /// references the collector cannot see and so must take for outside ones.
    fn garbage(&self) -> HashSet<ObjRef> {
        let mut roots: Vec<ObjRef> = self.globals.iter().map(|(_, r)| r).collect();
        let untracked: Vec<ObjRef> = self
            .live_nodes()
            .into_iter()
            .filter(|&r| self.stage.is_tracked(r).not())
            .collect();
        roots.extend(&untracked);
        let reachable = self.reachable_from(roots);
        self.live_nodes().difference(&reachable).copied().collect()
    }

    fn reachable_from(&self, mut to_visit: Vec<ObjRef>) -> HashSet<ObjRef> {
        let mut seen: HashSet<ObjRef> = HashSet::new();
        while let Some(r) = to_visit.pop() {
            if seen.insert(r) {
                self.heap()
                    .payload(r)
                    .visit_refs(&mut |target| to_visit.push(target));
            }
        }
        seen
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

fn empty_class() -> Class {
    Class {
        name: "C".into(),
        bases: Vec::new(),
        attrs: Dict::new(),
    }
}

/// A list, a dict, an instance of `class`, or a tuple of older nodes
/// (as in Python, a tuple can only refer to objects made before it).
fn new_node(
    stage: &mut CyclesStage,
    random: &mut Xorshift,
    class: ObjRef,
    older: &[ObjRef],
) -> ObjRef {
    let payload = match random.below(4) {
        0 => Payload::Dict(Box::new(Dict::new())),
        1 => {
            Counter::incref(stage, class);
            Payload::Instance(Instance::new(class, Attrs::new()))
        }
        2 if !older.is_empty() => {
            let items: Vec<ObjRef> = (0..1 + random.below(3))
                .map(|_| older[random.below(older.len())])
                .collect();
            items.iter().for_each(|&item| Counter::incref(stage, item));
            Payload::Tuple(items.into())
        }
        _ => Payload::list(Vec::new()),
    };
    Counter::alloc(stage, payload)
}

/// `from.append(to)` for a list, `from[str(len)] = to` for a dict,
/// `from.a{len} = to` for an instance.
fn add_reference(stage: &mut CyclesStage, from: ObjRef, to: ObjRef) {
    Counter::incref(stage, to);
    let entries = match Counter::heap(stage).payload(from) {
        Payload::Dict(dict) => Some(dict.len().to_string()),
        Payload::Instance(instance) => Some(format!("a{}", instance.attrs.len())),
        _ => None,
    };
    let key = entries.map(|text| {
        (
            Counter::alloc(stage, Payload::Str(text.clone().into())),
            text,
        )
    });
    match (&mut Counter::heap_mut(stage).get_mut(from).payload, key) {
        (Payload::List(items), None) => items.push(to),
        (Payload::Dict(dict), Some((key, text))) => {
            dict.insert(DictKey::Str(text.into()), key, to);
            // As the interpreter does for a dict (CPython: MAINTAIN_TRACKING).
            stage.maintain_tracking(from, key);
            stage.maintain_tracking(from, to);
        }
        (Payload::Instance(Instance { attrs, .. }), Some((key, _))) => {
            // The next slot of a values array, as CPython 3.11 keeps an
            // ordinary instance's attributes (no dict of its own to count).
            let mut values = attrs.drain();
            values.push((key, to));
            *attrs = Attrs::from_values(values);
            // As the interpreter does for a dict (CPython: MAINTAIN_TRACKING).
            stage.maintain_tracking(from, key);
            stage.maintain_tracking(from, to);
        }
        _ => unreachable!("tuples are never added to"),
    }
}

/// Every reference between live objects, as `(from, to)`.
fn all_references(heap: &Heap) -> Vec<(ObjRef, ObjRef)> {
    let mut edges = Vec::new();
    for (from, object) in heap.iter() {
        object.payload.visit_refs(&mut |to| edges.push((from, to)));
    }
    edges
}

#[test]
fn the_collector_frees_exactly_what_no_name_reaches() {
    let mut random = Xorshift(0x9E37_79B9_7F4A_7C15);
    let (mut total_found, mut total_held) = (0, 0);
    for round in 0..2_000 {
        let mut graph = RandomGraph::build(&mut random);
        let garbage = graph.garbage();
        let held = graph.reachable_from_names();
        let edges = all_references(graph.heap());
        let counts: HashMap<ObjRef, usize> = held
            .iter()
            .map(|&r| (r, graph.heap().refcount(r)))
            .collect();

        let found = graph.stage.collect_garbage();
        total_found += found.count();
        total_held += held.len();

        let found_set: HashSet<ObjRef> = found.unreachable.iter().copied().collect();
        assert_eq!(
            found_set, garbage,
            "round {round}: what the collector found"
        );
        assert_eq!(found.count(), garbage.len(), "round {round}: found twice");
        for (&r, &before) in &counts {
            assert!(
                graph.heap().is_live(r),
                "round {round}: {r:?} is held, but was freed"
            );
            let lost = edges
                .iter()
                .filter(|&&(from, to)| to == r && !graph.heap().is_live(from))
                .count();
            assert_eq!(
                graph.heap().refcount(r),
                before - lost,
                "round {round}: {r:?} lost more than the freed objects' references"
            );
        }
        if graph.untracked.is_empty() {
            let held_nodes: HashSet<ObjRef> =
                graph.live_nodes().intersection(&held).copied().collect();
            assert_eq!(
                graph.live_nodes(),
                held_nodes,
                "round {round}: only held nodes survive"
            );
        }
        // An untracked object that only garbage referred to has just been
        // freed by the cascade, and what it held may now be garbage in turn.
        let left_over = graph.garbage().len();
        assert_eq!(
            graph.stage.collect().found,
            left_over,
            "round {round}: a second pass finds only what the first one uncovered"
        );
        if graph.untracked.is_empty() {
            assert_eq!(left_over, 0, "round {round}: one pass is enough");
        }

        let RandomGraph {
            mut stage,
            globals,
            untracked,
            ..
        } = graph;
        globals.leave(&mut stage);
        stage.collect();
        if untracked.is_empty() {
            assert_eq!(
                stage.stats().live_objects,
                0,
                "round {round}: all gone at the end"
            );
        }
    }
    eprintln!("found {total_found} unreachable and kept {total_held} held objects");
    assert!(total_found > 2_000, "the random graphs make garbage");
    assert!(total_held > 10_000, "the random graphs keep objects alive");
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
