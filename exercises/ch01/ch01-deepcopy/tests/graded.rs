//! Graded tests for ch01-deepcopy. Each case is a Python program; the
//! identities asserted are what `copy.deepcopy` gives on python3 3.11.7.

use ch01_deepcopy::{Memo, deepcopy, deepcopy_with};
use ch01_objects::object::{Class, Instance};
use ch01_objects::{Dict, Heap, ObjRef, Payload};

fn int(heap: &mut Heap, n: i64) -> ObjRef {
    heap.alloc(Payload::Int(n))
}

fn string(heap: &mut Heap, s: &str) -> ObjRef {
    heap.alloc(Payload::Str(s.into()))
}

fn list(heap: &mut Heap, items: &[ObjRef]) -> ObjRef {
    heap.alloc(Payload::list(items.to_vec()))
}

fn tuple(heap: &mut Heap, items: &[ObjRef]) -> ObjRef {
    heap.alloc(Payload::Tuple(items.into()))
}

fn dict(heap: &mut Heap, entries: &[(ObjRef, ObjRef)]) -> ObjRef {
    let mut dict = Dict::new();
    for &(key, value) in entries {
        dict.insert(heap.dict_key(key).expect("hashable"), key, value);
    }
    heap.alloc(Payload::Dict(Box::new(dict)))
}

fn push(heap: &mut Heap, list: ObjRef, item: ObjRef) {
    let Payload::List(items) = &mut heap.get_mut(list).payload else {
        panic!("not a list");
    };
    items.push(item);
}

/// The references `r` holds, in `visit_refs` order.
/// What `r` refers to: a list's or tuple's items in their order, and for
/// other objects the references `visit_refs` reports.
fn refs(heap: &Heap, r: ObjRef) -> Vec<ObjRef> {
    match heap.payload(r) {
        Payload::List(items) => items.to_vec(),
        Payload::Tuple(items) => items.to_vec(),
        payload => payload.refs(),
    }
}

/// `obj.name`.
fn attribute(heap: &Heap, r: ObjRef, name: &str) -> ObjRef {
    let Payload::Instance(instance) = heap.payload(r) else {
        panic!("{r:?} is not an instance");
    };
    // By the key objects, so that either kind of `Attrs` is read.
    instance
        .attrs
        .iter()
        .find(|&(key, _)| matches!(heap.payload(key), Payload::Str(text) if &**text == name))
        .map(|(_, value)| value)
        .unwrap_or_else(|| panic!("no attribute {name}"))
}

/// `d[key]` for a string key.
fn item(heap: &Heap, d: ObjRef, key: &str) -> ObjRef {
    let Payload::Dict(dict) = heap.payload(d) else {
        panic!("{d:?} is not a dict");
    };
    dict.get(&ch01_objects::DictKey::Str(key.into()))
        .unwrap_or_else(|| panic!("no key {key}"))
}

#[test]
fn atoms_are_their_own_copies() {
    // deepcopy(1) is 1, and so for None, a str, a float, a bool, a class
    let mut heap = Heap::new();
    let class = heap.alloc(Payload::Class(Box::new(Class {
        name: "C".into(),
        bases: vec![],
        attrs: Dict::new(),
    })));
    let atoms = [
        int(&mut heap, 1),
        heap.alloc(Payload::None),
        string(&mut heap, "abc"),
        heap.alloc(Payload::Float(2.5)),
        heap.alloc(Payload::Bool(true)),
        class,
    ];
    let before = heap.stats().live_objects;
    let mut memo = Memo::new();
    for atom in atoms {
        assert_eq!(
            deepcopy_with(&mut heap, atom, &mut memo),
            atom,
            "{:?}",
            heap.payload(atom)
        );
    }
    assert_eq!(heap.stats().live_objects, before, "nothing was allocated");
    assert!(memo.is_empty(), "atoms are not memoized");
}

#[test]
fn a_list_is_copied_and_its_shared_items_stay_shared() {
    // a = [1]; x = [a, a]; y = deepcopy(x)
    // y is not x, y[0] is not a, y[0] is y[1], y[0][0] is a[0]
    let mut heap = Heap::new();
    let one = int(&mut heap, 1);
    let a = list(&mut heap, &[one]);
    let x = list(&mut heap, &[a, a]);
    let y = deepcopy(&mut heap, x);
    assert_ne!(y, x, "a list is mutable: the copy is a new list");
    let items = refs(&heap, y);
    assert_ne!(items[0], a, "its items are copies too");
    assert_eq!(items[0], items[1], "a was reached twice: it is copied once");
    assert_eq!(refs(&heap, items[0]), [one], "the int inside is shared");
}

#[test]
fn a_cycle_is_copied_as_a_cycle() {
    // l = [1]; l.append(l); y = deepcopy(l)    y[1] is y
    let mut heap = Heap::new();
    let one = int(&mut heap, 1);
    let l = list(&mut heap, &[one]);
    push(&mut heap, l, l);
    let y = deepcopy(&mut heap, l);
    assert_ne!(y, l);
    assert_eq!(
        refs(&heap, y),
        [one, y],
        "the copy refers to itself, not to the original"
    );
}

#[test]
fn a_tuple_is_copied_only_if_something_in_it_is() {
    // t = (1, "a"); deepcopy(t) is t
    // u = (1, [2]); deepcopy(u) is not u, and its [0] is u[0]
    // x = [t, t]; y = deepcopy(x, memo): y[0] is t and y[1] is t; id(t) not in memo
    let mut heap = Heap::new();
    let one = int(&mut heap, 1);
    let a = string(&mut heap, "a");
    let t = tuple(&mut heap, &[one, a]);
    assert_eq!(
        deepcopy(&mut heap, t),
        t,
        "a tuple of atoms is its own copy"
    );
    let two = int(&mut heap, 2);
    let inner = list(&mut heap, &[two]);
    let u = tuple(&mut heap, &[one, inner]);
    let copy = deepcopy(&mut heap, u);
    assert_ne!(copy, u, "a tuple holding a list is copied");
    let items = refs(&heap, copy);
    assert_eq!(items[0], one);
    assert_ne!(items[1], inner);
    let x = list(&mut heap, &[t, t]);
    let mut memo = Memo::new();
    let y = deepcopy_with(&mut heap, x, &mut memo);
    assert_eq!(refs(&heap, y), [t, t]);
    assert_eq!(memo.get(&x), Some(&y), "the list is memoized");
    assert_eq!(memo.get(&t), None, "a tuple that is its own copy is not");
}

#[test]
fn dicts_copy_keys_and_values() {
    // d = {"k": [1], "t": (1, 2)}; y = deepcopy(d)
    // y is not d, y["k"] is not d["k"], y["t"] is d["t"], list(y) == ["k", "t"]
    let mut heap = Heap::new();
    let (k, t_key) = (string(&mut heap, "k"), string(&mut heap, "t"));
    let (one, two) = (int(&mut heap, 1), int(&mut heap, 2));
    let value = list(&mut heap, &[one]);
    let pair = tuple(&mut heap, &[one, two]);
    let d = dict(&mut heap, &[(k, value), (t_key, pair)]);
    let y = deepcopy(&mut heap, d);
    assert_ne!(y, d);
    assert_ne!(item(&heap, y, "k"), value);
    assert_eq!(item(&heap, y, "t"), pair);
    assert_eq!(
        refs(&heap, y)
            .chunks(2)
            .map(|entry| entry[0])
            .collect::<Vec<_>>(),
        [k, t_key],
        "same keys (strings are atoms), same order"
    );
}

#[test]
fn an_instance_keeps_its_class_and_its_cycles() {
    // class C: pass
    // n = C(); n.me = n; n.v = [1]; m = deepcopy(n)
    // m is not n, type(m) is C, m.me is m, m.v is not n.v
    let mut heap = Heap::new();
    let class = heap.alloc(Payload::Class(Box::new(Class {
        name: "C".into(),
        bases: vec![],
        attrs: Dict::new(),
    })));
    let n = heap.alloc(Payload::Instance(Instance::new(class, Dict::new().into())));
    let one = int(&mut heap, 1);
    let v = list(&mut heap, &[one]);
    for (name, value) in [("me", n), ("v", v)] {
        let key = string(&mut heap, name);
        let hashed = heap.dict_key(key).expect("a str");
        let Payload::Instance(instance) = &mut heap.get_mut(n).payload else {
            unreachable!()
        };
        let attrs = instance.attrs.dict_mut().expect("made with a dict");
        attrs.insert(hashed, key, value);
    }
    let m = deepcopy(&mut heap, n);
    assert_ne!(m, n);
    let Payload::Instance(copy) = heap.payload(m) else {
        panic!("the copy of an instance is an instance");
    };
    assert_eq!(
        copy.class, class,
        "classes are atoms: the copy has the same class"
    );
    assert_eq!(attribute(&heap, m, "me"), m, "m.me is m");
    assert_ne!(attribute(&heap, m, "v"), v);
}

#[test]
fn a_cycle_through_a_tuple_comes_back_to_one_copy() {
    // t = ([],); t[0].append(t); y = deepcopy(t)
    // y is not t, y[0] is not t[0], y[0][0] is y
    let mut heap = Heap::new();
    let inner = list(&mut heap, &[]);
    let t = tuple(&mut heap, &[inner]);
    push(&mut heap, inner, t);
    let mut memo = Memo::new();
    let y = deepcopy_with(&mut heap, t, &mut memo);
    assert_ne!(y, t);
    let [copied_inner] = refs(&heap, y)[..] else {
        panic!("a tuple of one item");
    };
    assert_ne!(copied_inner, inner);
    assert_eq!(
        refs(&heap, copied_inner),
        [y],
        "the list's copy holds the one copy of the tuple: look in the memo again after copying a tuple's items"
    );
    assert_eq!(memo.get(&t), Some(&y));
}

#[test]
fn sharing_is_kept_across_containers() {
    // a = []; x = {"p": a, "q": (a,)}; y = deepcopy(x)
    // y["q"][0] is y["p"]; y["q"] is not x["q"]
    let mut heap = Heap::new();
    let a = list(&mut heap, &[]);
    let single = tuple(&mut heap, &[a]);
    let (p, q) = (string(&mut heap, "p"), string(&mut heap, "q"));
    let x = dict(&mut heap, &[(p, a), (q, single)]);
    let y = deepcopy(&mut heap, x);
    let copied_single = item(&heap, y, "q");
    assert_ne!(copied_single, single);
    assert_eq!(refs(&heap, copied_single), [item(&heap, y, "p")]);
}

#[test]
fn copying_twice_with_one_memo_gives_the_same_copy() {
    let mut heap = Heap::new();
    let x = list(&mut heap, &[]);
    let mut memo = Memo::new();
    let first = deepcopy_with(&mut heap, x, &mut memo);
    let live = heap.stats().live_objects;
    assert_eq!(deepcopy_with(&mut heap, x, &mut memo), first);
    assert_eq!(
        heap.stats().live_objects,
        live,
        "the memo answered: nothing new"
    );
}
