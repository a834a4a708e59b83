//! Graded tests for ch02-deferral. The orders are what python3 3.11.7
//! prints for the same programs, in which `Tag.__del__` appends `self.n` to
//! a list.

use ch01_objects::object::{Class, Instance};
use ch01_objects::{Dict, Heap, ObjRef, Payload};
use ch02_deferral::{Deallocations, UNWIND_LEVEL, decref, decref_with_limit};

/// The objects a program builds, and what each `Tag` is called.
struct Program {
    heap: Heap,
    tag_class: ObjRef,
    node_class: ObjRef,
    tags: Vec<(ObjRef, i64)>,
}

impl Program {
    /// `class Tag: def __del__(self): ...` and `class Node: pass`.
    fn new() -> Program {
        let mut heap = Heap::new();
        let mut methods = Dict::new();
        let name = heap.alloc(Payload::Str("__del__".into()));
        let method = heap.alloc(Payload::None);
        methods.insert(heap.dict_key(name).expect("a str"), name, method);
        let tag_class = class(&mut heap, "Tag", methods);
        let node_class = class(&mut heap, "Node", Dict::new());
        Program {
            heap,
            tag_class,
            node_class,
            tags: Vec::new(),
        }
    }

    /// An instance of `class` with `attrs`, each a fresh name and a value
    /// whose reference the instance takes over.
    fn instance(&mut self, class: ObjRef, attrs: &[(&str, ObjRef)]) -> ObjRef {
        self.heap.get_mut(class).header.refcount += 1;
        let attrs = self.dict(attrs);
        self.heap
            .alloc(Payload::Instance(Instance::new(class, attrs.into())))
    }

    fn dict(&mut self, entries: &[(&str, ObjRef)]) -> Dict {
        let mut dict = Dict::new();
        for &(key, value) in entries {
            let key_object = self.heap.alloc(Payload::Str(key.into()));
            let key = self.heap.dict_key(key_object).expect("a str");
            dict.insert(key, key_object, value);
        }
        dict
    }

    /// `Tag(n)`.
    fn tag(&mut self, n: i64) -> ObjRef {
        let value = self.heap.alloc(Payload::Int(n));
        let tag = self.instance(self.tag_class, &[("n", value)]);
        self.tags.push((tag, n));
        tag
    }

    fn none(&mut self) -> ObjRef {
        self.heap.alloc(Payload::None)
    }

    /// The `n` of each `Tag`, in the order the decref freed them: what
    /// their `__del__` would print.
    fn printed(&self, done: &Deallocations) -> Vec<i64> {
        done.freed
            .iter()
            .filter_map(|r| self.tags.iter().find(|(tag, _)| tag == r).map(|&(_, n)| n))
            .collect()
    }
}

fn class(heap: &mut Heap, name: &str, attrs: Dict) -> ObjRef {
    heap.alloc(Payload::Class(Box::new(Class {
        name: name.into(),
        bases: vec![],
        attrs,
    })))
}

/// ```python
/// head = None
/// for i in range(n - 1, -1, -1):
///     node = Node(); node.nxt = head; node.tag = Tag(i); head = node
/// ```
fn nodes(program: &mut Program, n: i64) -> ObjRef {
    let mut head = program.none();
    for i in (0..n).rev() {
        let tag = program.tag(i);
        head = program.instance(program.node_class, &[("nxt", head), ("tag", tag)]);
    }
    head
}

/// `x = None` then `for i in range(n): x = [Tag(i), x]`.
fn lists(program: &mut Program, n: i64) -> ObjRef {
    let mut x = program.none();
    for i in 0..n {
        let tag = program.tag(i);
        x = program.heap.alloc(Payload::list(vec![tag, x]));
    }
    x
}

/// `x = (Tag(i), {"next": x})` for odd `i`, `x = {"tag": Tag(i), "next": x}`
/// for even `i`, `n` times.
fn mixed(program: &mut Program, n: i64) -> ObjRef {
    let mut x = program.none();
    for i in 0..n {
        let tag = program.tag(i);
        x = if i % 2 == 1 {
            let entries = program.dict(&[("next", x)]);
            let dict = program.heap.alloc(Payload::Dict(Box::new(entries)));
            program.heap.alloc(Payload::tuple([tag, dict]))
        } else {
            let entries = program.dict(&[("tag", tag), ("next", x)]);
            program.heap.alloc(Payload::Dict(Box::new(entries)))
        };
    }
    x
}

fn run(build: fn(&mut Program, i64) -> ObjRef, n: i64) -> (Program, Deallocations) {
    let mut program = Program::new();
    let x = build(&mut program, n);
    let done = decref(&mut program.heap, x);
    (program, done)
}

fn chain(parts: &[&[i64]]) -> Vec<i64> {
    parts.concat()
}

fn range(from: i64, to: i64) -> Vec<i64> {
    (from..to).collect()
}

fn down(from: i64, to: i64) -> Vec<i64> {
    (to..=from).rev().collect()
}

#[test]
fn a_short_chain_is_freed_in_the_recursive_order() {
    let (program, done) = run(lists, 20);
    assert_eq!(
        program.printed(&done),
        range(0, 20),
        "20 nested lists stay under the trashcan's 50 levels: nothing is deposited"
    );
    assert_eq!(done.deposited, 0);
    assert_eq!(
        done.deepest, 21,
        "one guarded level per list, and one for the innermost list's tag"
    );
    assert_eq!(
        program.heap.stats().live_objects,
        4,
        "only the two classes are left, and the entry of Tag's `__del__`"
    );
}

#[test]
fn past_fifty_levels_a_list_is_deposited_and_freed_when_the_stack_unwinds() {
    // python3 3.11: 11 12 ... 59 10 0 1 ... 9
    let (program, done) = run(lists, 60);
    assert_eq!(
        program.printed(&done),
        chain(&[&range(11, 60), &[10], &range(0, 10)]),
        "the 51st guarded deallocation is put off until the outermost one ends"
    );
    assert_eq!(done.deepest, UNWIND_LEVEL);
}

#[test]
fn the_destroy_chain_runs_at_nesting_one_and_can_deposit_again() {
    // python3 3.11, for 200 nested lists.
    let (program, done) = run(lists, 200);
    assert_eq!(
        program.printed(&done),
        chain(&[
            &range(151, 200),
            &[150],
            &range(102, 150),
            &[101],
            &range(53, 101),
            &[52],
            &range(4, 52),
            &[3],
            &range(0, 3),
        ]),
        "each object the chain frees starts at nesting one, so 49 more levels fit before the next deposit"
    );
    assert_eq!(
        done.deposited, 8,
        "at each of the four boundaries, a list and then its tag"
    );
}

#[test]
fn the_last_deposited_is_freed_first() {
    // python3 3.11: 48 47 ... 0 49 59 58 ... 50
    let (program, done) = run(nodes, 60);
    assert_eq!(
        program.printed(&done),
        chain(&[&down(48, 0), &[49], &down(59, 50)]),
        "node 49 deposits node 50 and then its own tag: the tag, deposited last, goes first"
    );
    assert_eq!(done.deposited, 2);
    let (program, done) = run(nodes, 120);
    assert_eq!(
        program.printed(&done),
        chain(&[&down(48, 0), &[49], &down(97, 50), &[98], &down(119, 99)]),
    );
}

#[test]
fn tuples_and_dicts_are_guarded_too() {
    // python3 3.11, for 90 levels of alternating tuples and dicts.
    let expected = [
        88, 86, 84, 82, 80, 78, 76, 74, 72, 70, 68, 66, 64, 62, 60, 58, 57, 59, 61, 63, 65, 67, 69,
        71, 73, 75, 77, 79, 81, 83, 85, 87, 89, 56, 54, 52, 50, 48, 46, 44, 42, 40, 38, 36, 34, 32,
        30, 28, 26, 25, 27, 29, 31, 33, 35, 37, 39, 41, 43, 45, 47, 49, 51, 53, 55, 22, 20, 18, 16,
        14, 12, 10, 8, 6, 4, 2, 0, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 24,
    ];
    let (program, done) = run(mixed, 90);
    assert_eq!(program.printed(&done), expected);
}

#[test]
fn a_small_limit_shows_the_whole_mechanism() {
    // The README's trace: [[[[a]]]] with a trashcan of 2 levels.
    let mut heap = Heap::new();
    let a = heap.alloc(Payload::Str("a".into()));
    let l3 = heap.alloc(Payload::list(vec![a]));
    let l2 = heap.alloc(Payload::list(vec![l3]));
    let l1 = heap.alloc(Payload::list(vec![l2]));
    let l0 = heap.alloc(Payload::list(vec![l1]));
    let done = decref_with_limit(&mut heap, l0, 2);
    assert_eq!(done.freed, vec![l0, l1, l2, l3, a]);
    assert_eq!(
        done.deposited, 2,
        "l2 would have been the third level; freed by the chain at level 2, it puts off l3"
    );
    assert_eq!(done.deepest, 2);
    assert_eq!(heap.stats().live_objects, 0);
}

#[test]
fn a_million_long_chain_stays_fifty_levels_deep() {
    let mut heap = Heap::new();
    let mut x = heap.alloc(Payload::None);
    for _ in 0..1_000_000 {
        x = heap.alloc(Payload::list(vec![x]));
    }
    let done = decref(&mut heap, x);
    assert_eq!(done.freed.len(), 1_000_001, "every list and the None");
    assert_eq!(done.freed[0], x, "the outermost list goes first");
    assert_eq!(done.deepest, UNWIND_LEVEL);
    assert_eq!(heap.stats().live_objects, 0);
}
