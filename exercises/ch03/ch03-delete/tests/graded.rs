//! Graded tests for ch03-delete.

use ch01_objects::{ObjRef, Payload};
use ch02_refcount::{EventLog, RefCountHeap};
use ch03_delete::Globals;
use ch03_names::DelError;

/// A heap whose events go to a log the test can read.
fn traced_heap() -> (RefCountHeap, EventLog) {
    let mut heap = RefCountHeap::new();
    let log = EventLog::new();
    heap.set_tracer(Box::new(log.clone()));
    (heap, log)
}

/// `expression` evaluated: a new object whose one reference the caller owns.
fn new_list(heap: &mut RefCountHeap, items: Vec<ObjRef>) -> ObjRef {
    heap.alloc(Payload::list(items))
}

/// `name = new_object`: bind, then drop the temporary's reference, as the
/// interpreter does when the value came from its stack.
fn assign_new(globals: &mut Globals, heap: &mut RefCountHeap, name: &str, object: ObjRef) {
    globals.bind(heap, name, object);
    heap.decref(object);
}

#[test]
fn binding_takes_a_reference() {
    let mut heap = RefCountHeap::new();
    let mut globals = Globals::new();
    let list = new_list(&mut heap, vec![]);
    globals.bind(&mut heap, "a", list);
    assert_eq!(heap.heap().refcount(list), 2, "the caller's and a's");
    assert_eq!(globals.lookup("a"), Some(list));
}

#[test]
fn del_a_while_b_refers_to_the_list_frees_nothing() {
    // a = [1, 2, 3]; b = a; del a
    let mut heap = RefCountHeap::new();
    let mut globals = Globals::new();
    let items = [1, 2, 3].map(|n| heap.alloc(Payload::Int(n)));
    let list = new_list(&mut heap, items.to_vec());
    assign_new(&mut globals, &mut heap, "a", list);
    let a = globals.lookup("a").expect("a is bound");
    globals.bind(&mut heap, "b", a);
    assert_eq!(heap.heap().refcount(list), 2);

    globals.delete(&mut heap, "a").expect("a is bound");
    assert_eq!(globals.lookup("a"), None, "the name is gone");
    assert!(heap.heap().is_live(list), "the list is not: b refers to it");
    assert_eq!(heap.heap().refcount(list), 1);
    assert_eq!(globals.lookup("b"), Some(list));
    assert_eq!(heap.stats().live_objects, 4, "the list and its three ints");
}

#[test]
fn del_of_the_only_name_frees_at_once() {
    // a = []; del a
    let (mut heap, log) = traced_heap();
    let mut globals = Globals::new();
    let list = new_list(&mut heap, vec![]);
    assign_new(&mut globals, &mut heap, "a", list);
    let before = log.lines().len();
    globals.delete(&mut heap, "a").expect("a is bound");
    assert!(!heap.heap().is_live(list), "freed on the del line");
    assert_eq!(
        log.lines()[before..],
        ["decref #0 list 1->0", "free #0 list"],
        "one decref, and the free it causes"
    );
}

#[test]
fn del_of_an_unbound_name_is_a_name_error_and_changes_nothing() {
    let (mut heap, log) = traced_heap();
    let mut globals = Globals::new();
    let list = new_list(&mut heap, vec![]);
    assign_new(&mut globals, &mut heap, "a", list);
    globals.delete(&mut heap, "a").expect("a is bound");
    let before = log.lines().len();
    let error = globals.delete(&mut heap, "a").expect_err("a is gone");
    assert_eq!(error, DelError::NameError("a".into()));
    assert_eq!(error.to_string(), "name 'a' is not defined");
    assert_eq!(log.lines().len(), before, "no count changed");
}

#[test]
fn rebinding_increfs_the_new_object_before_releasing_the_old() {
    // a = []; a = []  (a second, different empty list)
    let (mut heap, log) = traced_heap();
    let mut globals = Globals::new();
    let first = new_list(&mut heap, vec![]);
    globals.bind(&mut heap, "a", first);
    heap.decref(first);
    let second = new_list(&mut heap, vec![]);
    let before = log.lines().len();
    globals.bind(&mut heap, "a", second);
    assert_eq!(
        log.lines()[before..],
        ["incref #1 list 1->2", "decref #0 list 1->0", "free #0 list"]
    );
    assert_eq!(globals.lookup("a"), Some(second));
}

#[test]
fn rebinding_a_name_to_its_own_object_frees_nothing() {
    // a = []; a = a
    let mut heap = RefCountHeap::new();
    let mut globals = Globals::new();
    let list = new_list(&mut heap, vec![]);
    assign_new(&mut globals, &mut heap, "a", list);
    let a = globals.lookup("a").expect("a is bound");
    globals.bind(&mut heap, "a", a);
    assert!(heap.heap().is_live(list));
    assert_eq!(heap.heap().refcount(list), 1);
}
