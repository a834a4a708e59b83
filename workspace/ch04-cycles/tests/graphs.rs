//! Small graphs, one shape per case: which objects a collection frees, and
//! which it must leave alone.

mod common;

use ch01_objects::dict::Dict;
use ch01_objects::object::{Class, Instance};
use ch01_objects::{Attrs, DictKey, ObjRef, Payload};
use ch02_refcount::{EventLog, MemoryManager};
use ch04_cycles::CyclesStage;
use common::{alive, append, list, release};
use rstest::rstest;

/// A graph of `nodes` lists: `edges` are `from.append(to)`, `held` are the
/// nodes the test keeps a reference to (as a name would), and `freed` the
/// nodes a collection must free.
struct Shape {
    nodes: usize,
    edges: &'static [(usize, usize)],
    held: &'static [usize],
    freed: &'static [usize],
}

#[rstest]
#[case::two_node_cycle(Shape { nodes: 2, edges: &[(0, 1), (1, 0)], held: &[], freed: &[0, 1] })]
#[case::two_node_cycle_held_from_outside(Shape { nodes: 2, edges: &[(0, 1), (1, 0)], held: &[1], freed: &[] })]
#[case::self_loop(Shape { nodes: 1, edges: &[(0, 0)], held: &[], freed: &[0] })]
#[case::self_loop_held(Shape { nodes: 1, edges: &[(0, 0)], held: &[0], freed: &[] })]
#[case::cycle_hanging_from_a_reachable_object(
    Shape { nodes: 3, edges: &[(0, 1), (1, 2), (2, 1)], held: &[0], freed: &[] }
)]
#[case::reachable_only_from_garbage(
    Shape { nodes: 4, edges: &[(0, 1), (1, 0), (1, 2), (2, 3)], held: &[], freed: &[0, 1, 2, 3] }
)]
#[case::garbage_pointing_at_a_held_object(
    Shape { nodes: 3, edges: &[(0, 1), (1, 0), (1, 2)], held: &[2], freed: &[0, 1] }
)]
#[case::held_object_found_late_in_the_scan(
    Shape { nodes: 3, edges: &[(2, 0), (0, 1), (1, 0)], held: &[2], freed: &[] }
)]
#[case::two_separate_cycles_one_held(
    Shape { nodes: 4, edges: &[(0, 1), (1, 0), (2, 3), (3, 2)], held: &[3], freed: &[0, 1] }
)]
#[case::no_cycle_at_all(Shape { nodes: 2, edges: &[(0, 1)], held: &[0], freed: &[] })]
fn a_collection_frees_exactly_the_unreachable_cycles(#[case] shape: Shape) {
    let mut stage = CyclesStage::new();
    let nodes: Vec<ObjRef> = (0..shape.nodes).map(|_| list(&mut stage)).collect();
    for &(from, to) in shape.edges {
        append(&mut stage, nodes[from], nodes[to]);
    }
    for (index, &node) in nodes.iter().enumerate() {
        if !shape.held.contains(&index) {
            release(&mut stage, node);
        }
    }
    let counts_before: Vec<Option<usize>> = nodes
        .iter()
        .map(|&n| alive(&stage, n).then(|| stage.heap().refcount(n)))
        .collect();

    let found = stage.collect_garbage();

    let freed: Vec<usize> = (0..shape.nodes)
        .filter(|&i| counts_before[i].is_some() && !alive(&stage, nodes[i]))
        .collect();
    assert_eq!(freed, shape.freed, "freed by the collection");
    assert_eq!(
        found.count(),
        shape.freed.len(),
        "what gc.collect() returns"
    );
    for (index, &node) in nodes.iter().enumerate() {
        if alive(&stage, node) {
            let from_garbage = shape
                .edges
                .iter()
                .filter(|&&(from, to)| to == index && shape.freed.contains(&from))
                .count();
            let expected = counts_before[index].map(|count| count - from_garbage);
            assert_eq!(
                Some(stage.heap().refcount(node)),
                expected,
                "a survivor loses only the references the garbage held"
            );
        }
    }
}

#[rstest]
#[case::none(Payload::None, false)]
#[case::bool(Payload::Bool(true), false)]
#[case::int(Payload::Int(7), false)]
#[case::float(Payload::Float(0.5), false)]
#[case::str(Payload::Str("spam".into()), false)]
#[case::list(Payload::list(vec![]), true)]
#[case::empty_tuple(Payload::tuple([]), false)]
#[case::empty_dict(Payload::Dict(Box::new(Dict::new())), false)]
fn only_containers_are_tracked(#[case] payload: Payload, #[case] tracked: bool) {
    let mut stage = CyclesStage::new();
    let r = stage.alloc(payload);
    assert_eq!(stage.is_tracked(r), tracked);
    assert_eq!(stage.tracked_objects().contains(&r), tracked);
}

#[test]
fn tracked_objects_are_listed_in_allocation_order_and_freed_ones_drop_out() {
    let mut stage = CyclesStage::new();
    let a = list(&mut stage);
    let number = stage.alloc(Payload::Int(1));
    let b = list(&mut stage);
    let c = list(&mut stage);
    assert_eq!(stage.tracked_objects(), vec![a, b, c]);
    release(&mut stage, b);
    release(&mut stage, number);
    let d = list(&mut stage); // reuses a freed slot
    assert_eq!(stage.tracked_objects(), vec![a, c, d]);
}

/// `for _ in range(100_000): x = []` never collects: the entries the freed
/// lists leave behind are dropped as the list grows.
#[test]
fn a_program_that_never_collects_does_not_grow_the_generation_without_end() {
    let mut stage = CyclesStage::new();
    let kept = list(&mut stage);
    for _ in 0..100_000 {
        let temporary = list(&mut stage);
        release(&mut stage, temporary);
    }
    assert!(
        stage.generation().entries() <= 2048,
        "{}",
        stage.generation().entries()
    );
    assert_eq!(stage.tracked_objects(), vec![kept]);
}

#[test]
fn an_untracked_object_counts_as_an_outside_reference() {
    let mut stage = CyclesStage::new();
    let (a, b) = (list(&mut stage), list(&mut stage));
    append(&mut stage, a, b);
    append(&mut stage, b, a);
    stage.untrack(a);
    release(&mut stage, a);
    release(&mut stage, b);
    assert!(!stage.is_tracked(a));
    assert_eq!(
        stage.collect().found,
        0,
        "a's reference to b is invisible, so b looks held"
    );
    assert!(alive(&stage, a) && alive(&stage, b));
}

/// ```text
/// class C: pass
/// c = C(); c.me = c; d = {"c": c}; c.d = d
/// del c, d
/// gc.collect()        # 2: the instance (with its attributes) and the dict
/// ```
#[test]
fn a_cycle_through_an_instance_and_a_dict_is_collected_and_the_class_survives() {
    let mut stage = CyclesStage::new();
    let class = stage.alloc(Payload::Class(Box::new(Class {
        name: "C".into(),
        bases: vec![],
        attrs: Dict::new(),
    })));
    stage.incref(class);
    let c = stage.alloc(Payload::Instance(Instance::new(class, Attrs::new())));
    let d = stage.alloc(Payload::Dict(Box::new(Dict::new())));
    set(&mut stage, c, "me", c);
    set(&mut stage, c, "d", d);
    set(&mut stage, d, "c", c);
    release(&mut stage, c);
    release(&mut stage, d);

    assert_eq!(stage.collect().found, 2);
    assert!(!alive(&stage, c) && !alive(&stage, d));
    assert_eq!(
        stage.heap().refcount(class),
        1,
        "only the test holds the class now"
    );
    assert_eq!(
        stage.stats().live_objects,
        1,
        "the attribute names went too"
    );
}

/// `target[name] = value` on a dict or an instance, with counted
/// references, telling the stage as the interpreter does.
fn set(stage: &mut CyclesStage, target: ObjRef, name: &str, value: ObjRef) {
    let key = stage.alloc(Payload::Str(name.into()));
    stage.incref(value);
    let key_text = DictKey::Str(name.into());
    match &mut stage.heap_mut().get_mut(target).payload {
        Payload::Dict(dict) => dict.insert(key_text, key, value),
        Payload::Instance(instance) => {
            // The next slot of a values array: an ordinary instance's
            // attributes, as CPython 3.11 keeps them (no dict to count).
            let mut values = instance.attrs.drain();
            values.push((key, value));
            instance.attrs = Attrs::from_values(values);
            None
        }
        _ => panic!("{target:?} has no entries"),
    };
    stage.maintain_tracking(target, key);
    stage.maintain_tracking(target, value);
}

/// A dict is tracked once it holds something that may be part of a cycle,
/// and a tuple stops being tracked at the first collection it survives
/// holding nothing that may be: `gc.is_tracked({"n": 1})` is `False`, and
/// `gc.is_tracked(tuple([1, 2]))` is `True` until the next `gc.collect()`.
#[test]
fn dicts_are_tracked_late_and_tuples_untracked_early_as_in_cpython() {
    let mut stage = CyclesStage::new();
    let d = stage.alloc(Payload::Dict(Box::new(Dict::new())));
    let one = stage.alloc(Payload::Int(1));
    set(&mut stage, d, "n", one);
    assert!(!stage.is_tracked(d), "an int cannot be part of a cycle");
    let l = list(&mut stage);
    set(&mut stage, d, "l", l);
    assert!(stage.is_tracked(d), "a list can");

    stage.incref(one);
    let flat = stage.alloc(Payload::tuple([one]));
    stage.incref(l);
    let holding_a_list = stage.alloc(Payload::tuple([l]));
    assert!(stage.is_tracked(flat) && stage.is_tracked(holding_a_list));
    assert_eq!(stage.collect().found, 0);
    assert!(
        !stage.is_tracked(flat),
        "untracked by the collection it survived"
    );
    assert!(stage.is_tracked(holding_a_list));
    assert!(
        stage.is_tracked(d),
        "only a dict without containers is untracked"
    );
}

/// `a = []; b = [a]; a.append(b); del a, b; gc.collect()`: the events of
/// the collection, as `--trace=refs` shows them.
#[test]
fn the_collection_of_a_two_node_cycle_step_by_step() {
    let mut stage = CyclesStage::new();
    let (a, b) = (list(&mut stage), list(&mut stage));
    append(&mut stage, b, a);
    append(&mut stage, a, b);
    release(&mut stage, a);
    release(&mut stage, b);
    let log = EventLog::new();
    stage.set_tracer(Box::new(log.clone()));

    let found = stage.collect_garbage();

    let report = format!(
        "tracked: {}\nunreachable: {:?}\ngc.collect() returns {}\n\n{}\n",
        found.tracked,
        found.unreachable,
        found.count(),
        log.text()
    );
    insta::assert_snapshot!(report);
}

/// ```text
/// class D:
///     def __del__(self): print("del")
/// d = D(); d.me = d; del d
/// gc.collect()
/// ```
/// On this stage, as in CPython before 3.4, an unreachable object with a
/// `__del__` is *uncollectable*: it is counted, left alive with what it
/// holds, and reported for `gc.garbage`; its `__del__` never runs.
#[test]
fn an_instance_with_del_in_a_cycle_is_uncollectable_on_this_stage() {
    let mut stage = CyclesStage::new();
    let del_method = stage.alloc(Payload::None);
    let del_name = stage.alloc(Payload::Str("__del__".into()));
    let mut attrs = Dict::new();
    attrs.insert(DictKey::Str("__del__".into()), del_name, del_method);
    let class = stage.alloc(Payload::Class(Box::new(Class {
        name: "D".into(),
        bases: vec![],
        attrs,
    })));
    stage.incref(class);
    let d = stage.alloc(Payload::Instance(Instance::new(class, Attrs::new())));
    let held = list(&mut stage);
    set(&mut stage, d, "me", d);
    set(&mut stage, d, "held", held);
    release(&mut stage, d);
    release(&mut stage, held);
    let log = EventLog::new();
    stage.set_tracer(Box::new(log.clone()));

    let report = stage.collect();
    assert_eq!(report.found, 2, "the instance and the list it holds");
    assert_eq!(
        report.uncollectable,
        vec![d],
        "gc.garbage gets the instance only"
    );
    assert!(alive(&stage, d) && alive(&stage, held));
    assert!(
        log.lines().is_empty(),
        "nothing is finalized or freed: {:#?}",
        log.lines()
    );
    assert_eq!(
        stage.collect().uncollectable,
        vec![d],
        "and again at every collection"
    );
}
