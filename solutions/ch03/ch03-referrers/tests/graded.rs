//! Graded tests for ch03-referrers.

use ch01_objects::dict::Dict;
use ch01_objects::object::{Class, Instance};
use ch01_objects::{DictKey, ObjRef, Payload};
use ch02_refcount::RefCountHeap;
use ch03_names::{FrameObject, Referrer, Scope, Slot};
use ch03_referrers::{hidden_references, path_to, referrers};

fn name(scope: &str, name: &str) -> Referrer {
    Referrer::Name {
        scope: scope.into(),
        name: name.into(),
    }
}

fn slot(holder: ObjRef, slot: Slot) -> Referrer {
    Referrer::Slot { holder, slot }
}

fn string(heap: &mut RefCountHeap, s: &str) -> ObjRef {
    heap.alloc(Payload::Str(s.into()))
}

// The scopes are set up with `Scope::insert`, which counts nothing, and the
// counts by hand, so that these tests need none of the chapter's rules.

/// `name = [...]`: the new object's one reference moves into the scope.
fn bind_new(scope: &mut Scope, name: &str, object: ObjRef) {
    assert_eq!(scope.insert(name, object), None, "{name} was not bound yet");
}

/// `name = other_name`: the scope takes a reference of its own.
fn bind_another(heap: &mut RefCountHeap, scope: &mut Scope, name: &str, object: ObjRef) {
    heap.incref(object);
    bind_new(scope, name, object);
}

#[test]
fn nothing_refers_to_a_fresh_object() {
    let mut heap = RefCountHeap::new();
    let lonely = heap.alloc(Payload::list(vec![]));
    assert_eq!(referrers(heap.heap(), &[], lonely), vec![]);
    assert_eq!(
        hidden_references(heap.heap(), &[], lonely),
        1,
        "its creator's"
    );
}

#[test]
fn names_in_every_scope_are_referrers() {
    // a = []; b = a   (module)   and   def f(): x = a   (a call)
    let mut heap = RefCountHeap::new();
    let list = heap.alloc(Payload::list(vec![]));
    let mut globals = Scope::module();
    bind_new(&mut globals, "a", list);
    bind_another(&mut heap, &mut globals, "b", list);
    let mut locals = Scope::function("f", &["x"]);
    bind_another(&mut heap, &mut locals, "x", list);
    assert_eq!(
        referrers(heap.heap(), &[&globals, &locals], list),
        vec![name("<module>", "a"), name("<module>", "b"), name("f", "x")]
    );
    assert_eq!(
        hidden_references(heap.heap(), &[&globals, &locals], list),
        0
    );
}

#[test]
fn each_slot_that_holds_the_object_is_listed() {
    // t = []; l = [t, 0, t]; d = {"k": t}; p = (t,)
    let mut heap = RefCountHeap::new();
    let t = heap.alloc(Payload::list(vec![]));
    let zero = heap.alloc(Payload::Int(0));
    heap.incref(t);
    heap.incref(t);
    let l = heap.alloc(Payload::list(vec![t, zero, t]));
    let key = string(&mut heap, "k");
    heap.incref(t);
    let mut entries = Dict::new();
    entries.insert(DictKey::Str("k".into()), key, t);
    let d = heap.alloc(Payload::Dict(Box::new(entries)));
    heap.incref(t);
    let p = heap.alloc(Payload::tuple([t]));
    assert_eq!(
        referrers(heap.heap(), &[], t),
        vec![
            slot(l, Slot::ListIndex(0)),
            slot(l, Slot::ListIndex(2)),
            slot(d, Slot::DictValue(key)),
            slot(p, Slot::TupleIndex(0)),
        ]
    );
    assert_eq!(hidden_references(heap.heap(), &[], t), 1, "t's creator");
}

#[test]
fn attributes_and_frame_locals_are_named() {
    // class C: pass; c = C(); c.child = obj; and a frame of k whose local x is obj
    let mut heap = RefCountHeap::new();
    let obj = heap.alloc(Payload::list(vec![]));
    let class = heap.alloc(Payload::Class(Box::new(Class {
        name: "C".into(),
        bases: vec![],
        attrs: Dict::new(),
    })));
    let key = string(&mut heap, "child");
    heap.incref(obj);
    let mut attrs = Dict::new();
    attrs.insert(DictKey::Str("child".into()), key, obj);
    let c = heap.alloc(Payload::Instance(Instance::new(class, attrs.into())));
    heap.incref(obj);
    let frame = heap.alloc(Payload::native(FrameObject {
        function: "k".into(),
        locals: vec![("y".into(), None), ("x".into(), Some(obj))],
    }));
    assert_eq!(
        referrers(heap.heap(), &[], obj),
        vec![
            slot(c, Slot::Attribute("child".into())),
            slot(frame, Slot::FrameLocal("x".into())),
        ]
    );
    assert_eq!(
        referrers(heap.heap(), &[], class),
        vec![slot(c, Slot::Class)]
    );
}

#[test]
fn the_repl_underscore_is_a_hidden_reference_until_you_look_at_builtins() {
    // >>> x = []
    // >>> x          (the REPL stores the result in builtins._)
    // >>> del x
    let mut heap = RefCountHeap::new();
    let mut globals = Scope::module();
    let mut builtins = Scope::named_module("builtins");
    let x = heap.alloc(Payload::list(vec![]));
    bind_new(&mut globals, "x", x);
    bind_another(&mut heap, &mut builtins, "_", x);
    let unbound = globals.unbind("x").expect("x is bound");
    heap.decref(unbound); // del x
    assert!(heap.heap().is_live(x));
    assert_eq!(referrers(heap.heap(), &[&globals], x), vec![]);
    assert_eq!(hidden_references(heap.heap(), &[&globals], x), 1);
    assert_eq!(
        referrers(heap.heap(), &[&globals, &builtins], x),
        vec![name("builtins", "_")]
    );
    assert_eq!(hidden_references(heap.heap(), &[&globals, &builtins], x), 0);
}

#[test]
fn the_path_is_the_shortest_one() {
    // target = []; deep = [[[target]]]; near = [target]; a = deep; b = near
    let mut heap = RefCountHeap::new();
    let target = heap.alloc(Payload::list(vec![]));
    heap.incref(target);
    let inner = heap.alloc(Payload::list(vec![target]));
    let middle = heap.alloc(Payload::list(vec![inner]));
    let deep = heap.alloc(Payload::list(vec![middle]));
    let near = heap.alloc(Payload::list(vec![target]));
    let mut globals = Scope::module();
    bind_new(&mut globals, "a", deep);
    bind_new(&mut globals, "b", near);
    assert_eq!(
        path_to(heap.heap(), &[&globals], target),
        Some(vec![name("<module>", "b"), slot(near, Slot::ListIndex(0))])
    );
    assert_eq!(
        path_to(heap.heap(), &[&globals], deep),
        Some(vec![name("<module>", "a")])
    );
    // The same objects, named in the other order: n = near; d = deep
    let mut reversed = Scope::module();
    bind_another(&mut heap, &mut reversed, "n", near);
    bind_another(&mut heap, &mut reversed, "d", deep);
    assert_eq!(
        path_to(heap.heap(), &[&reversed], target),
        Some(vec![name("<module>", "n"), slot(near, Slot::ListIndex(0))]),
        "breadth first: every object one step from a name is looked at before any object two steps away, \
         whatever order the names come in (a queue, not a stack)"
    );
}

#[test]
fn no_name_reaches_garbage_nor_a_cycle() {
    // a = []; a.append(a); del a
    let mut heap = RefCountHeap::new();
    let a = heap.alloc(Payload::list(vec![]));
    heap.incref(a);
    if let Payload::List(items) = &mut heap.heap_mut().get_mut(a).payload {
        items.push(a);
    }
    let mut globals = Scope::module();
    let other = heap.alloc(Payload::list(vec![]));
    bind_new(&mut globals, "other", other);
    assert_eq!(path_to(heap.heap(), &[&globals], a), None);
    assert_eq!(
        referrers(heap.heap(), &[&globals], a),
        vec![slot(a, Slot::ListIndex(0))],
        "the cycle refers to itself"
    );
}

#[test]
fn a_million_long_chain_does_not_overflow_the_stack() {
    // x = None
    // for _ in range(1_000_000): x = [x]
    let mut heap = RefCountHeap::new();
    let none = heap.alloc(Payload::None);
    let mut x = none;
    for _ in 0..1_000_000 {
        x = heap.alloc(Payload::list(vec![x]));
    }
    let mut globals = Scope::module();
    bind_new(&mut globals, "x", x);
    let chain = path_to(heap.heap(), &[&globals], none).expect("x reaches None");
    assert_eq!(chain.len(), 1_000_001);
    assert_eq!(chain[0], name("<module>", "x"));
    assert_eq!(chain[1], slot(x, Slot::ListIndex(0)));
}
