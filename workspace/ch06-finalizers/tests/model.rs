//! The collector with finalizers against a reference model, on random
//! graphs of instances (some with a `__del__`, some of which resurrect their
//! object) and lists: a collection frees exactly what the model says,
//! never anything reachable, and runs each finalizer at most once, however
//! many collections follow.

use std::collections::{HashMap, HashSet};

use ch01_objects::dict::Dict;
use ch01_objects::object::{Class, Instance};
use ch01_objects::{DictKey, Heap, ObjRef, Payload};
use ch02_refcount::{CollectionReport, MemoryManager};
use ch06_finalizers::FinalizersStage;

struct Xorshift(u64);

impl Xorshift {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % bound as u64) as usize
    }
}

/// What a node's `__del__` does, if it has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Finalizer {
    None,
    Quiet,
    /// Stores the object in the list the test holds (`saved`).
    Resurrects,
}

struct Graph {
    stage: FinalizersStage,
    /// Lists the test holds one reference to each of: the roots.
    roots: Vec<ObjRef>,
    /// Where a resurrecting finalizer stores its object (also a root).
    saved: ObjRef,
    nodes: Vec<ObjRef>,
    kind: HashMap<ObjRef, Finalizer>,
    /// How many times each node's finalizer ran.
    runs: HashMap<ObjRef, usize>,
}

fn class(stage: &mut FinalizersStage, with_del: bool) -> ObjRef {
    let mut attrs = Dict::new();
    if with_del {
        let method = stage.alloc(Payload::None);
        let name = stage.alloc(Payload::Str("__del__".into()));
        attrs.insert(DictKey::Str("__del__".into()), name, method);
    }
    let class = stage.alloc(Payload::Class(Box::new(Class {
        name: "N".into(),
        bases: vec![],
        attrs,
    })));
    stage.make_immortal(class);
    class
}

/// `from` gains a counted reference to `to` (a list item or an attribute).
fn link(stage: &mut FinalizersStage, from: ObjRef, to: ObjRef) {
    stage.incref(to);
    let name = match &stage.heap().payload(from) {
        Payload::Instance(instance) => Some(format!("a{}", instance.attrs.len())),
        _ => None,
    };
    let key_object = name
        .as_ref()
        .map(|name| stage.alloc(Payload::Str(name.as_str().into())));
    match &mut stage.heap_mut().get_mut(from).payload {
        Payload::List(items) => items.push(to),
        Payload::Instance(instance) => {
            let name = name.expect("named above");
            let key_object = key_object.expect("made above");
            instance
                .attrs
                .insert_unslotted(DictKey::Str(name.as_str().into()), key_object, to);
        }
        _ => unreachable!(),
    }
}

impl Graph {
    fn build(random: &mut Xorshift) -> Graph {
        let mut stage = FinalizersStage::new();
        let plain = class(&mut stage, false);
        let with_del = class(&mut stage, true);
        let saved = stage.alloc(Payload::list(vec![]));
        let mut roots = vec![saved];
        let count = 1 + random.below(25);
        let mut nodes = Vec::new();
        let mut kind = HashMap::new();
        for _ in 0..count {
            let (payload, finalizer) = match random.below(4) {
                0 => (Payload::list(vec![]), Finalizer::None),
                1 => (
                    Payload::Instance(Instance::new(plain, Dict::new().into())),
                    Finalizer::None,
                ),
                2 => (
                    Payload::Instance(Instance::new(with_del, Dict::new().into())),
                    Finalizer::Quiet,
                ),
                _ => (
                    Payload::Instance(Instance::new(with_del, Dict::new().into())),
                    Finalizer::Resurrects,
                ),
            };
            let node = stage.alloc(payload);
            kind.insert(node, finalizer);
            nodes.push(node);
        }
        for &from in &nodes {
            for _ in 0..random.below(3) {
                let to = nodes[random.below(count)];
                link(&mut stage, from, to);
            }
        }
        for &node in &nodes {
            if random.below(6) == 0 {
                let root = stage.alloc(Payload::list(vec![]));
                link(&mut stage, root, node);
                roots.push(root);
            }
        }
        // The allocations' own references go: what is left is held by
        // roots or by cycles.
        for &node in &nodes {
            let heap = stage.refcount_heap();
            heap.decref(node);
        }
        Graph {
            stage,
            roots,
            saved,
            nodes,
            kind,
            runs: HashMap::new(),
        }
    }

    fn heap(&self) -> &Heap {
        MemoryManager::heap(&self.stage)
    }

    fn reachable_from(&self, roots: &[ObjRef]) -> HashSet<ObjRef> {
        let mut seen = HashSet::new();
        let mut to_visit = roots.to_vec();
        while let Some(r) = to_visit.pop() {
            if self.heap().is_live(r) && seen.insert(r) {
                to_visit.extend(self.heap().payload(r).refs());
            }
        }
        seen
    }

    fn live_nodes(&self) -> HashSet<ObjRef> {
        self.nodes
            .iter()
            .copied()
            .filter(|&n| self.heap().is_live(n))
            .collect()
    }

    /// One collection, with the interpreter's part played here: each
    /// claimed node's `__del__` runs once (and a resurrecting one stores
    /// its object in `saved`).
    fn collect(&mut self) -> CollectionReport {
        let garbage = self
            .stage
            .begin_collection(2)
            .expect("this stage finalizes");
        for r in garbage {
            if self.stage.claim_for_finalizer(r) {
                *self.runs.entry(r).or_default() += 1;
                if self.kind.get(&r) == Some(&Finalizer::Resurrects) {
                    link(&mut self.stage, self.saved, r);
                }
            }
        }
        self.stage.finish_collection()
    }
}

#[test]
fn the_collector_with_finalizers_frees_exactly_what_the_model_says() {
    let mut random = Xorshift(0xA076_1D64_78BD_642F);
    let (mut freed_total, mut resurrected_total) = (0, 0);
    for round in 0..1_500 {
        let mut graph = Graph::build(&mut random);
        let held = graph.reachable_from(&graph.roots);
        let garbage: HashSet<ObjRef> = graph.live_nodes().difference(&held).copied().collect();
        // The model: every finalizer of the garbage runs; what a resurrecting
        // one reaches survives with it; the rest of the garbage is freed.
        let resurrecting: Vec<ObjRef> = garbage
            .iter()
            .copied()
            .filter(|r| graph.kind[r] == Finalizer::Resurrects)
            .collect();
        let survivors: HashSet<ObjRef> = graph
            .reachable_from(&resurrecting)
            .intersection(&garbage)
            .copied()
            .collect();
        graph.collect();
        for &r in &held {
            assert!(
                graph.heap().is_live(r),
                "round {round}: {r:?} was held and is gone"
            );
        }
        for &r in &garbage {
            assert_eq!(
                graph.heap().is_live(r),
                survivors.contains(&r),
                "round {round}: {r:?} (resurrected: {})",
                survivors.contains(&r)
            );
            let expected_runs = usize::from(graph.kind[&r] != Finalizer::None);
            assert_eq!(
                graph.runs.get(&r).copied().unwrap_or(0),
                expected_runs,
                "round {round}: {r:?}'s finalizer"
            );
        }
        freed_total += garbage.len() - survivors.len();
        resurrected_total += survivors.len();

        // Let the resurrected go again: a second collection frees them,
        // without a second run of any finalizer.
        let saved_items = match &mut graph.stage.heap_mut().get_mut(graph.saved).payload {
            Payload::List(items) => std::mem::take(items),
            _ => unreachable!(),
        };
        for item in saved_items {
            graph.stage.refcount_heap().decref(item);
        }
        graph.collect();
        for &r in &survivors {
            assert!(
                !graph.heap().is_live(r),
                "round {round}: {r:?} outlived its second death"
            );
        }
        assert!(
            graph.runs.values().all(|&n| n <= 1),
            "round {round}: a finalizer ran twice: {:?}",
            graph.runs
        );
    }
    // Both kinds happen often enough that a collector which ignored
    // resurrection (freeing what `saved` holds) or resurrected too much
    // (keeping what no finalizer stored) fails the checks above.
    assert!(freed_total > 800, "the graphs make garbage: {freed_total}");
    assert!(
        resurrected_total > 200,
        "and resurrections: {resurrected_total}"
    );
}
