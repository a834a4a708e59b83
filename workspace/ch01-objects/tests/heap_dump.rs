//! The heap after a small program, as chapter 1 shows it.

// These compare with files on disk, which Miri's isolation forbids; the
// crate's unit tests are the ones that exercise its `unsafe` code.
#![cfg(not(miri))]

use ch01_objects::dump::dump;
use ch01_objects::{Heap, Namespace, Payload};

/// `a = [1, 2, 3]`, then `b = a`, then `a = "x"`, run on a heap that never frees.
/// Nobody maintains the counts yet (that is chapter 2), so every object keeps
/// the count of 1 it was born with, and nothing ever leaves the heap.
#[test]
fn a_heap_that_never_frees_keeps_everything() {
    let mut heap = Heap::new();
    let mut names = Namespace::new();

    let items = [1, 2, 3].map(|n| heap.alloc(Payload::Int(n)));
    let list = heap.alloc(Payload::list(items.to_vec()));
    names.bind("a", list);
    names.bind("b", list);
    let text = heap.alloc(Payload::Str("x".into()));
    let old = names.bind("a", text);
    assert_eq!(old, Some(list));

    insta::assert_snapshot!(dump(&heap));
}
