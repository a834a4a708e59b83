//! The rules one at a time: rebinding, leaving a function, `del` of items
//! and attributes, and what a `del` with nothing to delete raises.

mod common;

use ch01_objects::dict::Dict;
use ch01_objects::object::Instance;
use ch01_objects::{DictKey, Payload};
use ch02_refcount::RefCountHeap;
use ch03_names::{DelError, Scope, delete_attribute, delete_item};
use common::{check_book_output, class, finalizing, instance, set, small_int, traced_heap};
use rstest::rstest;

/// `a = [1]` then `a = [2]`: the new list is bound before the old one goes.
#[test]
fn rebinding_binds_the_new_object_then_releases_the_old() {
    let (mut heap, transcript) = traced_heap();
    let (one, two) = (small_int(&mut heap, 1), small_int(&mut heap, 2));
    let mut globals = Scope::module();
    transcript.clear();

    transcript.source("a = [1]");
    let first = heap.alloc(Payload::list(vec![one]));
    globals.bind_owned(&mut heap, "a", first);
    transcript.source("a = [2]");
    let second = heap.alloc(Payload::list(vec![two]));
    globals.bind_owned(&mut heap, "a", second);
    transcript.source("a = a");
    let a = globals.lookup("a").expect("a is bound");
    globals.bind(&mut heap, "a", a);

    assert!(!heap.heap().is_live(first));
    assert_eq!(heap.heap().refcount(second), 1);
    check_book_output("rebinding.txt", &transcript.text());
}

/// ```text
/// def f(p):
///     z = []
///     a = [p]
/// f([])
/// ```
#[test]
fn leaving_a_function_releases_its_locals_in_slot_order() {
    let (mut heap, transcript) = traced_heap();
    transcript.source("f([])");
    // ANCHOR: leave_story
    let mut locals = Scope::function("f", &["p", "z", "a"]);
    let argument = heap.alloc(Payload::list(vec![]));
    locals.bind_owned(&mut heap, "p", argument); // the call moves its argument in
    transcript.push("  z = []");
    let z = heap.alloc(Payload::list(vec![]));
    locals.bind_owned(&mut heap, "z", z);
    transcript.push("  a = [p]");
    heap.incref(argument);
    let a = heap.alloc(Payload::list(vec![argument]));
    locals.bind_owned(&mut heap, "a", a);
    transcript.push("  return None");
    locals.leave(&mut heap);
    // ANCHOR_END: leave_story
    assert_eq!(heap.stats().live_objects, 0);
    check_book_output("leaving.txt", &transcript.text());
}

/// The order `__del__` reports, checked against python3 3.11.7 running
/// `workspace/minipy/programs/ch03/leaving_a_function.py`:
///
/// ```text
/// def f(p, q):
///     z = D("z"); a = D("a"); m = D("m")
/// f(D("p"), D("q"))    # prints: del p, del q, del z, del a, del m
/// ```
#[test]
fn locals_die_parameters_first_then_in_order_of_first_appearance() {
    let mut heap = RefCountHeap::new();
    let d = class(&mut heap, "D", true);
    let (_, transcript) = traced_heap();
    let mut locals = Scope::function("f", &["p", "q", "z", "a", "m"]);
    for name in ["p", "q", "z", "a", "m"] {
        let object = instance(&mut heap, d, name);
        locals.bind_owned(&mut heap, name, object);
    }
    locals.leave(&mut finalizing(&mut heap, transcript.clone()));
    assert_eq!(
        transcript.printed(),
        ["del p", "del q", "del z", "del a", "del m"]
    );
}

/// `del` followed by rebinding, then leaving: only what is still bound is released.
#[test]
fn a_deleted_local_is_not_released_twice() {
    let mut heap = RefCountHeap::new();
    let d = class(&mut heap, "D", true);
    let (_, transcript) = traced_heap();
    let mut counter = finalizing(&mut heap, transcript.clone());
    let mut locals = Scope::function("g", &["b", "a"]);
    for name in ["b", "a"] {
        let object = instance(counter.refcount_heap(), d, name);
        locals.bind_owned(&mut counter, name, object);
    }
    transcript.source("del b");
    locals.delete(&mut counter, "b").expect("b is bound");
    transcript.source("a = D('a2')");
    let a2 = instance(counter.refcount_heap(), d, "a2");
    locals.bind_owned(&mut counter, "a", a2);
    transcript.source("return");
    locals.leave(&mut counter);
    assert_eq!(
        transcript.lines(),
        [
            ">>> del b",
            "del b",
            ">>> a = D('a2')",
            "del a",
            ">>> return",
            "del a2"
        ]
    );
}

#[rstest]
#[case::unbound_global(Scope::module(), "nope", "NameError: name 'nope' is not defined")]
#[case::unbound_local(
    Scope::function("f", &["y"]),
    "y",
    "UnboundLocalError: cannot access local variable 'y' where it is not associated with a value"
)]
fn del_of_an_unbound_name_raises_and_changes_nothing(
    #[case] mut scope: Scope,
    #[case] name: &str,
    #[case] message: &str,
) {
    let mut heap = RefCountHeap::new();
    let error = scope.delete(&mut heap, name).expect_err("nothing bound");
    assert_eq!(format!("{}: {error}", error.exception_name()), message);
    assert_eq!(heap.stats().allocations, 0);
}

/// `items = [D("l0"), D("l1"), D("l2")]`, then `del items[index]`.
#[rstest]
#[case::first(0, Ok("l0"))]
#[case::last_from_the_end(-1, Ok("l2"))]
#[case::past_the_end(3, Err(DelError::IndexError))]
#[case::before_the_start(-4, Err(DelError::IndexError))]
fn del_of_a_list_item_releases_that_item(
    #[case] index: i64,
    #[case] expected: Result<&str, DelError>,
) {
    let mut heap = RefCountHeap::new();
    let d = class(&mut heap, "D", true);
    let items = ["l0", "l1", "l2"].map(|name| instance(&mut heap, d, name));
    let list = heap.alloc(Payload::list(items.to_vec()));
    let key = heap.alloc(Payload::Int(index));
    let (_, transcript) = traced_heap();
    let result = delete_item(&mut finalizing(&mut heap, transcript.clone()), list, key);
    match expected {
        Ok(name) => {
            assert_eq!(result, Ok(()));
            assert_eq!(transcript.printed(), [format!("del {name}")]);
            let Payload::List(left) = heap.heap().payload(list) else {
                unreachable!()
            };
            assert_eq!(left.len(), 2);
        }
        Err(error) => {
            assert_eq!(result, Err(error));
            assert!(
                transcript.printed().is_empty(),
                "a failed del frees nothing"
            );
        }
    }
}

/// `d = {"k": D("value")}`: `del d["k"]` releases the key, then the value;
/// `del d["x"]` raises `KeyError('x')`.
#[test]
fn del_of_a_dict_entry_releases_key_then_value() {
    let (mut heap, transcript) = traced_heap();
    let d = class(&mut heap, "D", true);
    let value = instance(&mut heap, d, "value");
    let mut dict = Dict::new();
    set(&mut heap, &mut dict, "k", value);
    let (key_object, _) = dict.get_entry(&DictKey::Str("k".into())).expect("just set");
    let dict = heap.alloc(Payload::Dict(Box::new(dict)));
    let probe = heap.alloc(Payload::Str("k".into()));
    let missing = heap.alloc(Payload::Str("x".into()));
    transcript.clear();

    let mut counter = finalizing(&mut heap, transcript.clone());
    assert_eq!(
        delete_item(&mut counter, dict, missing),
        Err(DelError::KeyError("'x'".into()))
    );
    assert!(
        transcript.lines().is_empty(),
        "a failed del changes no count"
    );
    delete_item(&mut counter, dict, probe).expect("k is a key");
    let lines = transcript.lines();
    let key_freed = lines
        .iter()
        .position(|l| l.trim() == format!("free {key_object:?} str"));
    let value_finalized = lines.iter().position(|l| l == "del value");
    assert!(
        key_freed.is_some() && key_freed < value_finalized,
        "{lines:#?}"
    );
    assert!(heap.heap().is_live(probe), "the probe key is the caller's");
}

/// `c.x = D("attr")` then `del c.x`; `del c.x` again raises.
#[test]
fn del_of_an_attribute_releases_its_value() {
    let mut heap = RefCountHeap::new();
    let c_class = class(&mut heap, "C", false);
    let d = class(&mut heap, "D", true);
    let value = instance(&mut heap, d, "attr");
    heap.incref(c_class);
    let mut attrs = Dict::new();
    set(&mut heap, &mut attrs, "x", value);
    let c = heap.alloc(Payload::Instance(Instance::new(c_class, attrs.into())));
    let (_, transcript) = traced_heap();
    let mut counter = finalizing(&mut heap, transcript.clone());
    delete_attribute(&mut counter, c, "x").expect("c.x is set");
    assert_eq!(transcript.printed(), ["del attr"]);
    let error = delete_attribute(&mut counter, c, "x").expect_err("already deleted");
    assert_eq!(error.to_string(), "'C' object has no attribute 'x'");
    let error = delete_attribute(&mut counter, c_class, "y").expect_err("no class attribute");
    assert_eq!(error.to_string(), "type object 'C' has no attribute 'y'");
}

#[rstest]
#[case::tuple(Payload::tuple([]), "'tuple' object doesn't support item deletion")]
#[case::str(Payload::Str("abc".into()), "'str' object doesn't support item deletion")]
fn del_of_an_item_of_an_immutable_raises_type_error(
    #[case] payload: Payload,
    #[case] message: &str,
) {
    let mut heap = RefCountHeap::new();
    let container = heap.alloc(payload);
    let zero = heap.alloc(Payload::Int(0));
    let error = delete_item(&mut heap, container, zero).expect_err("immutable");
    assert_eq!(error, DelError::TypeError(message.into()));
    let unhashable = heap.alloc(Payload::list(vec![]));
    let dict = heap.alloc(Payload::Dict(Box::new(Dict::new())));
    let error = delete_item(&mut heap, dict, unhashable).expect_err("a list is no key");
    assert_eq!(error.to_string(), "unhashable type: 'list'");
}
