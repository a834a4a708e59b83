//! Biased reference counting step by step (chapter 10): two thread states
//! on one real thread, so that every step runs in a fixed order and the
//! header can be printed after each. The walk is written to
//! `book-output/biased_walk.txt`, which the chapter shows; after an
//! intended change, rewrite it with
//! `UPDATE_BOOK_OUTPUT=1 cargo test -p ch10-threads --test transitions`.
#![cfg(not(loom))]

mod common;

use std::fmt::Write;

use ch10_threads::biased::{
    FLAG_MASK, Interpreter, MAYBE_WEAKREF, MERGED, ObjRef, QUEUED, SHARED_INIT, Tally, shared_count,
};
use ch10_threads::sync::Ordering;

fn flag_name(flags: isize) -> &'static str {
    match flags {
        SHARED_INIT => "SHARED_INIT",
        MAYBE_WEAKREF => "MAYBE_WEAKREF",
        QUEUED => "QUEUED",
        MERGED => "MERGED",
        _ => unreachable!("two bits"),
    }
}

/// One line: the step, then the header as it is after it.
fn row(out: &mut String, step: &str, obj: ObjRef, names: &[(usize, &str)]) {
    let header = obj.header();
    let owner = header.owner.load(Ordering::Relaxed);
    let owner = names
        .iter()
        .find(|(id, _)| *id == owner)
        .map_or("none", |(_, name)| *name);
    let shared = header.shared.load(Ordering::Relaxed);
    let _ = writeln!(
        out,
        "{step:<44} {owner:<5} {:>5} {:>6}  {:<13} {:>4}",
        header.local.load(Ordering::Relaxed),
        shared_count(shared),
        flag_name(shared & FLAG_MASK),
        obj.count()
    );
}

fn heading(out: &mut String, title: &str) {
    let _ = writeln!(out, "{title}");
    let _ = writeln!(
        out,
        "{:<44} {:<5} {:>5} {:>6}  {:<13} {:>4}",
        "step", "owner", "local", "shared", "flags", "sum"
    );
}

fn freed(out: &mut String, step: &str, interp: &Interpreter) {
    let _ = writeln!(
        out,
        "{step:<44} freed ({} so far)",
        Tally::get(&interp.tally.freed)
    );
}

#[test]
fn the_biased_count_step_by_step() {
    let mut out = String::new();

    // ANCHOR: walk_queue
    let interp = Interpreter::new();
    let (a, b) = (interp.attach(), interp.attach());
    let names = [(a.id(), "A"), (b.id(), "B")];
    heading(
        &mut out,
        "A reference A counted, dropped by B: queued, then merged",
    );
    let obj = a.new_object(7);
    row(&mut out, "A makes the object", obj, &names);
    a.incref(obj);
    row(
        &mut out,
        "A increfs it, for a list B will read",
        obj,
        &names,
    );
    b.incref(obj);
    row(&mut out, "B increfs it", obj, &names);
    b.decref(obj);
    row(&mut out, "B decrefs it", obj, &names);
    b.decref(obj);
    row(
        &mut out,
        "B drops the list's reference: queued",
        obj,
        &names,
    );
    a.merge_queued();
    row(&mut out, "A's eval breaker merges its queue", obj, &names);
    a.decref(obj);
    freed(&mut out, "A decrefs the merged count to zero", &interp);
    // ANCHOR_END: walk_queue
    out.push('\n');

    // ANCHOR: walk_merge
    heading(&mut out, "The owner lets go first: merged, then freed by B");
    let obj = a.new_object(7);
    b.incref(obj);
    row(&mut out, "A makes it, B increfs it", obj, &names);
    a.decref(obj);
    row(&mut out, "A's local count reaches 0: merged", obj, &names);
    b.decref(obj);
    freed(&mut out, "B decrefs the merged count to zero", &interp);
    // ANCHOR_END: walk_merge
    out.push('\n');

    // ANCHOR: walk_abandoned
    heading(&mut out, "The owner exits: B merges the abandoned object");
    let obj = b.new_object(7);
    b.incref(obj);
    row(&mut out, "B makes it, increfs it for A", obj, &names);
    b.decref(obj);
    row(&mut out, "B drops its own reference", obj, &names);
    b.exit();
    row(&mut out, "B exits", obj, &names);
    a.decref(obj);
    freed(
        &mut out,
        "A's decrement finds no owner: merges, frees",
        &interp,
    );
    // ANCHOR_END: walk_abandoned

    assert_eq!(Tally::get(&interp.tally.allocated), 3);
    assert_eq!(Tally::get(&interp.tally.freed), 3);
    a.exit();
    common::check_book_output("biased_walk.txt", &out);
}

#[test]
fn the_owners_own_references_never_touch_the_shared_count() {
    let interp = Interpreter::new();
    let a = interp.attach();
    let obj = a.new_object(1);
    for _ in 0..1000 {
        a.incref(obj);
    }
    for _ in 0..1000 {
        a.decref(obj);
    }
    assert_eq!(obj.header().shared.load(Ordering::Relaxed), SHARED_INIT);
    a.decref(obj);
    assert_eq!(Tally::get(&interp.tally.freed), 1);
    assert_eq!(Tally::get(&interp.tally.merged), 0, "no merge: fast path");
    a.exit();
}
