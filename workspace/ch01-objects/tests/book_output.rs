//! The program output chapter 1 of the book prints.
//!
//! Each test runs a small program on chapter 1's runtime and compares what it
//! prints with a file in `book-output/`, which the book includes. So the text
//! in the book is always what this code really prints. After an intended
//! change, rewrite the files with `UPDATE_BOOK_OUTPUT=1 cargo test -p ch01-objects`
//! and review the diff.

// These compare with files on disk, which Miri's isolation forbids; the
// crate's unit tests are the ones that exercise its `unsafe` code.
#![cfg(not(miri))]

use std::fmt::Write;

use ch01_objects::dump::dump;
use ch01_objects::{Heap, HeapStats, Namespace, Payload};

/// Compares `actual` with `book-output/<name>`, which the book includes (see
/// the `book-output` crate; `UPDATE_BOOK_OUTPUT=1` rewrites the file).
fn check_book_output(name: &str, actual: &str) {
    book_output::check(env!("CARGO_MANIFEST_DIR"), name, actual);
}

/// The names of a namespace and the `#slot` each is bound to.
fn list_names(names: &Namespace) -> String {
    let mut out = String::new();
    for (name, object) in names.iter() {
        let _ = writeln!(out, "{name} -> {object:?}");
    }
    out
}

/// `a = [1, 2, 3]` then `b = a`: four objects, two names, and `b = a`
/// allocates nothing.
#[test]
fn two_names_one_object() {
    // ANCHOR: two_names
    let mut heap = Heap::new();
    let mut globals = Namespace::new();

    // a = [1, 2, 3]
    let items = [1, 2, 3].map(|n| heap.alloc(Payload::Int(n)));
    let list = heap.alloc(Payload::list(items.to_vec()));
    globals.bind("a", list);
    let allocations_before = heap.stats().allocations;

    // b = a
    let a = globals.lookup("a").expect("a is bound");
    globals.bind("b", a);
    assert_eq!(heap.stats().allocations, allocations_before);

    // a is b: the same reference, so the same id()
    let b = globals.lookup("b").expect("b is bound");
    assert_eq!(heap.address(a), heap.address(b));
    // ANCHOR_END: two_names

    let mut out = String::new();
    let _ = writeln!(out, "names:");
    out += &list_names(&globals);
    let _ = writeln!(out, "heap:");
    out += &dump(&heap);
    let _ = writeln!(
        out,
        "objects allocated by `b = a`: {}",
        heap.stats().allocations - allocations_before
    );
    let _ = writeln!(out, "a is b: {}", if a == b { "True" } else { "False" });
    check_book_output("two_names.txt", &out);
}

/// `for i in range(N): x = [i]` on a heap that never frees: only one list is
/// bound at a time, yet the heap keeps every list and every int.
#[test]
fn a_heap_that_never_frees_only_grows() {
    let mut out = format!(
        "{:>10} {:>12} {:>12} {:>12} {:>9} {:>6}\n",
        "iterations", "allocations", "live objects", "live bytes", "releases", "names"
    );
    let mut row = |iterations: usize, stats: HeapStats, names: &Namespace| {
        let _ = writeln!(
            out,
            "{iterations:>10} {:>12} {:>12} {:>12} {:>9} {:>6}",
            stats.allocations,
            stats.live_objects,
            stats.live_bytes,
            stats.releases,
            names.len()
        );
    };

    // ANCHOR: never_frees
    let mut heap = Heap::new();
    let mut globals = Namespace::new();
    let mut iterations = 0;
    for checkpoint in [0, 1, 10, 1_000, 100_000] {
        // for i in range(checkpoint): x = [i]
        while iterations < checkpoint {
            let i = heap.alloc(Payload::Int(iterations));
            let list = heap.alloc(Payload::list(vec![i]));
            globals.bind("x", list);
            iterations += 1;
        }
        row(checkpoint as usize, heap.stats(), &globals);
    }
    // ANCHOR_END: never_frees

    let stats = heap.stats();
    assert_eq!(stats.live_objects, 200_000);
    assert_eq!(stats.live_bytes, 100_000 * (28 + 56 + 8));
    check_book_output("never_frees.txt", &out);
}
