//! Hidden references: what keeps an object alive when no name you can see
//! refers to it, and how accounting for its count finds them, hidden ones included.

mod common;

use ch01_objects::Payload;
use ch02_refcount::RefCountHeap;
use ch03_names::{Scope, account_for, path_to, referrers};
use common::{check_book_output, class, instance};

/// At the REPL, `>>> x` prints the object and stores it in `builtins._`.
/// After `del x` the object lives on, and the user's names cannot say why.
#[test]
fn the_repl_underscore_is_a_name_in_a_scope_you_did_not_look_at() {
    let mut heap = RefCountHeap::new();
    let big = class(&mut heap, "Big", false);
    let mut globals = Scope::module();
    let mut builtins = Scope::named_module("builtins");

    // ANCHOR: repl_underscore
    // >>> x = Big()
    let x = instance(&mut heap, big, "x");
    globals.bind_owned(&mut heap, "x", x);
    // >>> x            (the REPL's sys.displayhook binds builtins._)
    builtins.bind(&mut heap, "_", x);
    // >>> del x
    globals.delete(&mut heap, "x").expect("x is bound");

    let seen_from_globals = account_for(heap.heap(), &[&globals], x);
    let seen_from_everywhere = account_for(heap.heap(), &[&globals, &builtins], x);
    // ANCHOR_END: repl_underscore

    assert!(heap.heap().is_live(x));
    assert_eq!(seen_from_globals.hidden(), 1);
    assert_eq!(seen_from_everywhere.hidden(), 0);
    let mut out = String::from("looking only at the program's globals:\n");
    out += &seen_from_globals.render(heap.heap());
    out += "looking at builtins too:\n";
    out += &seen_from_everywhere.render(heap.heap());
    check_book_output("repl_underscore.txt", &out);

    // >>> 1 + 1        (the next result replaces _, and the object goes)
    let two = heap.alloc(Payload::Int(2));
    builtins.bind_owned(&mut heap, "_", two);
    assert!(!heap.heap().is_live(x));
}

/// A logger that keeps the last records it saw holds them in a list: that
/// reference is on the heap, so `referrers` (like `gc.get_referrers`) finds it.
/// The argument of `sys.getrefcount(x)` sits on the interpreter's stack and
/// nothing on the heap shows it: it is hidden.
#[test]
fn a_cache_is_found_on_the_heap_and_a_stack_argument_is_hidden() {
    let mut heap = RefCountHeap::new();
    // The first half of programs/ch03/hidden_referrers.py:
    let request_class = class(&mut heap, "Request", false);
    let mut globals = Scope::module();
    // request = Request("/a")
    let request = instance(&mut heap, request_class, "request");
    globals.bind_owned(&mut heap, "request", request);
    // log(request): recent.append(request)
    heap.incref(request);
    let recent = heap.alloc(Payload::list(vec![request]));
    globals.bind_owned(&mut heap, "recent", recent);
    // del request: the log still holds it
    globals.delete(&mut heap, "request").expect("bound");
    // sys.getrefcount(recent[0]): the argument is one more reference, on the
    // interpreter's stack, while the call runs
    heap.incref(request);

    let accounting = account_for(heap.heap(), &[&globals], request);
    assert_eq!(accounting.refcount, 2);
    assert_eq!(accounting.explained.len(), 1);
    assert_eq!(accounting.hidden(), 1, "the argument on the stack");
    let chain = path_to(heap.heap(), &[&globals], request).expect("reachable");
    let mut out = accounting.render(heap.heap());
    out += "path from a name:\n";
    for step in &chain {
        out += &format!("  {}\n", step.describe(heap.heap()));
    }
    check_book_output("logger_cache.txt", &out);

    heap.decref(request); // the call returns
    globals.delete(&mut heap, "recent").expect("bound");
    assert!(!heap.heap().is_live(request));
}

/// A count lower than the references that exist is a bug, and is reported.
#[test]
fn a_forgotten_incref_shows_as_missing() {
    let mut heap = RefCountHeap::new();
    let list = heap.alloc(Payload::list(vec![]));
    let mut globals = Scope::module();
    globals.bind_owned(&mut heap, "a", list);
    // A buggy `b = a` that forgets the incref:
    let outer = heap.alloc(Payload::list(vec![list]));
    globals.bind_owned(&mut heap, "outer", outer);
    let accounting = account_for(heap.heap(), &[&globals], list);
    assert_eq!((accounting.hidden(), accounting.missing()), (0, 1));
}

/// Both walks are loops: a million nested lists cost no stack.
#[test]
fn a_million_long_chain_is_searched_and_freed_without_recursion() {
    const LENGTH: usize = 1_000_000;
    let mut heap = RefCountHeap::new();
    let mut globals = Scope::module();
    // x = None
    // for _ in range(1_000_000): x = [x]
    let none = heap.alloc(Payload::None);
    let mut x = none;
    for _ in 0..LENGTH {
        x = heap.alloc(Payload::list(vec![x]));
    }
    globals.bind_owned(&mut heap, "x", x);
    let chain = path_to(heap.heap(), &[&globals], none).expect("x reaches None");
    assert_eq!(chain.len(), LENGTH + 1, "the name, then one slot per list");
    assert_eq!(referrers(heap.heap(), &[&globals], none).len(), 1);
    globals.delete(&mut heap, "x").expect("bound");
    assert_eq!(heap.stats().live_objects, 0);
}
