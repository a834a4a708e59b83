//! The program of exercise ch03-predict, run on this chapter's rules.
//!
//! The exercise's graded tests hold only digests of the nine counts, so that
//! a learner reading them learns nothing; this test is where the counts are
//! checked against the runtime. python3 3.11.7 prints the same nine numbers
//! for the program (`sys.getrefcount(x) - 1` after each line).

use ch01_objects::dict::Dict;
use ch01_objects::{DictKey, ObjRef, Payload};
use ch02_refcount::RefCountHeap;
use ch03_names::Scope;

/// What python3 3.11.7 reports for the program, line by line.
const CPYTHON: [usize; 9] = [1, 2, 4, 5, 4, 2, 4, 2, 1];

#[test]
fn the_runtime_counts_what_cpython_counts_after_every_line() {
    let mut heap = RefCountHeap::new();
    let mut globals = Scope::module();
    let mut counts = Vec::new();
    let count = |heap: &RefCountHeap, x: ObjRef| heap.heap().refcount(x);

    // 1: x = []
    let x = heap.alloc(Payload::list(vec![]));
    globals.bind_owned(&mut heap, "x", x);
    counts.push(count(&heap, x));
    // 2: y = x
    globals.bind(&mut heap, "y", x);
    counts.push(count(&heap, x));
    // 3: pair = (x, x)
    heap.incref(x);
    heap.incref(x);
    let pair = heap.alloc(Payload::tuple([x, x]));
    globals.bind_owned(&mut heap, "pair", pair);
    counts.push(count(&heap, x));
    // 4: d = {"key": x}
    let key = heap.alloc(Payload::Str("key".into()));
    heap.incref(x);
    let mut entries = Dict::new();
    entries.insert(DictKey::Str("key".into()), key, x);
    let d = heap.alloc(Payload::Dict(Box::new(entries)));
    globals.bind_owned(&mut heap, "d", d);
    counts.push(count(&heap, x));
    // 5: del y
    globals.delete(&mut heap, "y").expect("y is bound");
    counts.push(count(&heap, x));
    // 6: pair = None
    let none = heap.alloc(Payload::None);
    globals.bind_owned(&mut heap, "pair", none);
    counts.push(count(&heap, x));
    // 7: f(x), inside the call after `local = arg`
    let mut locals = Scope::function("f", &["arg", "local"]);
    locals.bind(&mut heap, "arg", x);
    let arg = locals.lookup("arg").expect("arg is bound");
    locals.bind(&mut heap, "local", arg);
    counts.push(count(&heap, x));
    // 8: f returns
    locals.leave(&mut heap);
    counts.push(count(&heap, x));
    // 9: d["key"] = 0
    let probe = heap.alloc(Payload::Str("key".into()));
    let zero = heap.alloc(Payload::Int(0));
    let Payload::Dict(entries) = &mut heap.heap_mut().get_mut(d).payload else {
        unreachable!("d is a dict")
    };
    let old = entries.insert(DictKey::Str("key".into()), probe, zero);
    heap.decref(probe); // the dict kept its own key object
    heap.decref(old.expect("key was there"));
    counts.push(count(&heap, x));

    assert_eq!(counts, CPYTHON);
}
