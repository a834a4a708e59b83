//! An exception keeps the frames it passed through alive, and with them
//! every local of those calls, until the `except ... as e:` block ends.
//!
//! ```text
//! def k():
//!     x = D("x")
//!     raise ValueError("boom")
//! try:
//!     k()
//! except ValueError as e:
//!     print("caught")
//! print("after")
//! ```
//!
//! python3 3.11.7 prints `caught`, then `del x`, then `after`: `x` outlives
//! `k`'s return and dies when CPython deletes `e` at the end of the block.

mod common;

use ch01_objects::Payload;
use ch01_objects::dict::Dict;
use ch01_objects::object::Instance;
use ch02_refcount::RefCountHeap;
use ch03_names::{Scope, Traceback, path_to, referrers};
use common::{check_book_output, class, finalizing, instance, set, traced_heap};

#[test]
fn the_traceback_keeps_the_frame_and_its_locals_alive_until_the_block_ends() {
    let mut heap = RefCountHeap::new();
    let d = class(&mut heap, "D", true);
    let value_error = class(&mut heap, "ValueError", false);
    let (_, transcript) = traced_heap();
    let mut counter = finalizing(&mut heap, transcript.clone());
    let mut globals = Scope::module();

    // ANCHOR: exception_story
    // k(): x = D("x"), then raise ValueError: the exception records k's frame.
    let mut k = Scope::function("k", &["x"]);
    let x = instance(counter.refcount_heap(), d, "x");
    k.bind_owned(&mut counter, "x", x);
    let frame = k.leave_into_frame(&mut counter); // k ends; its locals move into the frame
    let traceback = counter.refcount_heap().alloc(Payload::native(Traceback {
        next: None,
        frame: Some(frame),
    }));
    let heap = counter.refcount_heap();
    heap.incref(value_error);
    let mut attrs = Dict::new();
    set(heap, &mut attrs, "__traceback__", traceback);
    let exception = heap.alloc(Payload::Instance(Instance::new(value_error, attrs.into())));

    // except ValueError as e:
    globals.bind_owned(&mut counter, "e", exception);
    transcript.push("caught");
    let chain = path_to(counter.refcount_heap().heap(), &[&globals], x);

    // the block ends: CPython runs `e = None; del e`
    globals.delete(&mut counter, "e").expect("e is bound");
    transcript.push("after");
    // ANCHOR_END: exception_story

    assert_eq!(transcript.lines(), ["caught", "del x", "after"]);
    let chain = chain.expect("e reaches x");
    assert_eq!(
        chain.len(),
        4,
        "e, __traceback__, tb_frame, local x: {chain:?}"
    );
    let heap = counter.refcount_heap().heap();
    for freed in [exception, traceback, frame, x] {
        assert!(!heap.is_live(freed), "{freed:?} went with e");
    }
}

/// What the book prints while the block runs: who holds `x`, and how the
/// program reaches it.
#[test]
fn referrers_and_the_path_name_the_frame_local() {
    let mut heap = RefCountHeap::new();
    let d = class(&mut heap, "D", true);
    let value_error = class(&mut heap, "ValueError", false);
    let mut globals = Scope::module();
    let mut k = Scope::function("k", &["x"]);
    let x = instance(&mut heap, d, "x");
    k.bind_owned(&mut heap, "x", x);
    let frame = k.leave_into_frame(&mut heap);
    let traceback = heap.alloc(Payload::native(Traceback {
        next: None,
        frame: Some(frame),
    }));
    heap.incref(value_error);
    let mut attrs = Dict::new();
    set(&mut heap, &mut attrs, "__traceback__", traceback);
    let exception = heap.alloc(Payload::Instance(Instance::new(value_error, attrs.into())));
    globals.bind_owned(&mut heap, "e", exception);

    let held_by = referrers(heap.heap(), &[&globals], x);
    let chain = path_to(heap.heap(), &[&globals], x).expect("e reaches x");
    let mut out = String::from("referrers of x:\n");
    for referrer in &held_by {
        out += &format!("  {}\n", referrer.describe(heap.heap()));
    }
    out += "path from a name to x:\n";
    for step in &chain {
        out += &format!("  {}\n", step.describe(heap.heap()));
    }
    check_book_output("exception_keeps_frame.txt", &out);

    globals.delete(&mut heap, "e").expect("e is bound");
    assert!(!heap.heap().is_live(x));
    assert!(!heap.heap().is_live(frame));
    assert_eq!(path_to(heap.heap(), &[&globals], x), None);
}
