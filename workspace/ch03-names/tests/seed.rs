//! The two examples of chapter 3's "What `del` does", line by line: `del` drops one
//! reference, and frees the object only when that reference was the last.

mod common;

use ch01_objects::Payload;
use ch03_names::{Scope, account_for};
use common::{check_book_output, small_int, traced_heap};

/// `a = [1, 2, 3]; b = a; del a` leaves the list alive, held by `b`.
#[test]
fn del_a_while_b_refers_to_the_list_frees_nothing() {
    let (mut heap, transcript) = traced_heap();
    let items = [1, 2, 3].map(|n| small_int(&mut heap, n));
    let mut globals = Scope::module();
    transcript.clear();

    // ANCHOR: seed_keeps_alive
    transcript.source("a = [1, 2, 3]");
    let list = heap.alloc(Payload::list(items.to_vec()));
    globals.bind_owned(&mut heap, "a", list);

    transcript.source("b = a");
    let a = globals.lookup("a").expect("a is bound");
    globals.bind(&mut heap, "b", a);

    transcript.source("del a");
    globals.delete(&mut heap, "a").expect("a is bound");
    // ANCHOR_END: seed_keeps_alive

    assert!(heap.heap().is_live(list), "b still refers to the list");
    assert_eq!(heap.heap().refcount(list), 1);
    assert_eq!(globals.lookup("a"), None);
    let accounting = account_for(heap.heap(), &[&globals], list);
    assert_eq!(accounting.hidden(), 0);
    let after_del = accounting.render(heap.heap());

    transcript.source("del b");
    globals.delete(&mut heap, "b").expect("b is bound");
    assert!(!heap.heap().is_live(list));

    let mut out = transcript.text();
    out += "\nafter `del a`, who holds the list:\n";
    out += &after_del;
    check_book_output("seed_keeps_alive.txt", &out);
}

/// `a = []; del a` frees the list on the `del` line.
#[test]
fn del_of_the_only_name_frees_at_once() {
    let (mut heap, transcript) = traced_heap();
    let mut globals = Scope::module();

    // ANCHOR: seed_frees
    transcript.source("a = []");
    let list = heap.alloc(Payload::list(vec![]));
    globals.bind_owned(&mut heap, "a", list);

    transcript.source("del a");
    globals.delete(&mut heap, "a").expect("a is bound");
    assert!(!heap.heap().is_live(list), "freed on the del line");
    // ANCHOR_END: seed_frees

    transcript.source("del a");
    let error = globals.delete(&mut heap, "a").expect_err("a is gone");
    transcript.push(format!("{}: {error}", error.exception_name()));
    insta::assert_snapshot!(transcript.text());
    check_book_output("seed_frees.txt", &transcript.text());
}
