//! Graded tests for ch03-leave.

use std::cell::RefCell;
use std::rc::Rc;

use ch01_objects::dict::Dict;
use ch01_objects::object::{Class, Instance};
use ch01_objects::{DictKey, Heap, ObjRef, Payload};
use ch02_refcount::RefCountHeap;
use ch03_leave::Frame;
use ch03_names::{Counter, DelError, WithFinalizers};

/// `class D: def __del__(self): print("del", self.name)`.
fn class_d(heap: &mut RefCountHeap) -> ObjRef {
    let mut attrs = Dict::new();
    let key = heap.alloc(Payload::Str("__del__".into()));
    let method = heap.alloc(Payload::None);
    attrs.insert(DictKey::Str("__del__".into()), key, method);
    heap.alloc(Payload::Class(Box::new(Class {
        name: "D".into(),
        bases: vec![],
        attrs,
    })))
}

/// `D(name)`: the caller owns the one reference.
fn d(heap: &mut RefCountHeap, class: ObjRef, name: &str) -> ObjRef {
    heap.incref(class);
    let mut attrs = Dict::new();
    let key = heap.alloc(Payload::Str("name".into()));
    let value = heap.alloc(Payload::Str(name.into()));
    attrs.insert(DictKey::Str("name".into()), key, value);
    heap.alloc(Payload::Instance(Instance::new(class, attrs.into())))
}

fn name_of(heap: &Heap, r: ObjRef) -> String {
    let Payload::Instance(instance) = heap.payload(r) else {
        return "?".into();
    };
    match instance
        .attrs
        .get_unslotted(&DictKey::Str("name".into()))
        .map(|n| heap.payload(n))
    {
        Some(Payload::Str(s)) => s.to_string(),
        _ => "?".into(),
    }
}

type Printed = Rc<RefCell<Vec<String>>>;

/// The heap, with `__del__` printing `del <name>` into `printed`.
fn finalizing(
    heap: &mut RefCountHeap,
    printed: Printed,
) -> WithFinalizers<'_, impl FnMut(&mut RefCountHeap, ObjRef) + use<>> {
    WithFinalizers::new(heap, move |heap, object| {
        printed
            .borrow_mut()
            .push(format!("del {}", name_of(heap.heap(), object)));
    })
}

/// A frame of `f` with a `D` bound to each of `names`.
fn frame_with(heap: &mut RefCountHeap, class: ObjRef, names: &[&str]) -> (Frame, Vec<ObjRef>) {
    let mut frame = Frame::new("f", names);
    let mut objects = Vec::new();
    for name in names {
        let object = d(heap, class, name);
        frame.store(heap, name, object);
        objects.push(object);
    }
    (frame, objects)
}

#[test]
fn leaving_releases_every_local() {
    let mut heap = RefCountHeap::new();
    let d_class = class_d(&mut heap);
    let (frame, objects) = frame_with(&mut heap, d_class, &["x", "y"]);
    frame.leave(&mut heap);
    assert!(objects.iter().all(|&object| !heap.heap().is_live(object)));
}

#[test]
fn locals_die_parameters_first_then_in_order_of_first_appearance() {
    // def f(p, q): z = D("z"); a = D("a"); m = D("m")
    // f(D("p"), D("q"))
    let mut heap = RefCountHeap::new();
    let d_class = class_d(&mut heap);
    let (frame, _) = frame_with(&mut heap, d_class, &["p", "q", "z", "a", "m"]);
    let printed = Printed::default();
    frame.leave(&mut finalizing(&mut heap, printed.clone()));
    assert_eq!(
        *printed.borrow(),
        ["del p", "del q", "del z", "del a", "del m"],
        "what python3 3.11 prints"
    );
}

#[test]
fn unbound_locals_are_skipped() {
    // def g(): b = D("b"); a = D("a"); del b   (then return)
    let mut heap = RefCountHeap::new();
    let d_class = class_d(&mut heap);
    let (mut frame, objects) = frame_with(&mut heap, d_class, &["b", "a"]);
    let b = frame.locals[0].1.take().expect("b is bound");
    heap.decref(b);
    frame.leave(&mut heap);
    assert!(!heap.heap().is_live(objects[1]));
    assert_eq!(
        heap.stats().live_objects,
        3,
        "only the class and its __del__ entry"
    );
}

#[test]
fn the_returned_local_survives_the_frame() {
    // def f(): x = D("x"); y = D("y"); return y
    let mut heap = RefCountHeap::new();
    let d_class = class_d(&mut heap);
    let (frame, objects) = frame_with(&mut heap, d_class, &["x", "y"]);
    let printed = Printed::default();
    let returned = frame
        .return_local(&mut finalizing(&mut heap, printed.clone()), "y")
        .expect("y is bound");
    assert_eq!(returned, objects[1]);
    assert_eq!(*printed.borrow(), ["del x"]);
    assert_eq!(heap.heap().refcount(returned), 1, "the caller's reference");
}

#[test]
fn returning_an_unbound_local_is_an_error_and_the_frame_is_still_left() {
    let mut heap = RefCountHeap::new();
    let d_class = class_d(&mut heap);
    let (mut frame, objects) = frame_with(&mut heap, d_class, &["x", "y"]);
    let y = frame.locals[1].1.take().expect("y is bound");
    heap.decref(y);
    let error = frame
        .return_local(&mut heap, "y")
        .expect_err("y is unbound");
    assert_eq!(error, DelError::UnboundLocalError("y".into()));
    assert!(
        !heap.heap().is_live(objects[0]),
        "x was released all the same"
    );
}

#[test]
fn a_traceback_keeps_the_locals_until_it_goes() {
    // def k(): x = D("x"); y = D("y"); raise ValueError
    let mut heap = RefCountHeap::new();
    let d_class = class_d(&mut heap);
    let (frame, objects) = frame_with(&mut heap, d_class, &["x", "y"]);
    let before = objects
        .iter()
        .map(|&o| heap.heap().refcount(o))
        .collect::<Vec<_>>();
    let frame_object = frame.leave_into_frame(&mut heap);
    let after = objects
        .iter()
        .map(|&o| heap.heap().refcount(o))
        .collect::<Vec<_>>();
    assert_eq!(before, after, "moving the locals changes no count");
    assert_eq!(heap.heap().payload(frame_object).refs(), objects);
    assert_eq!(heap.heap().payload(frame_object).type_name(), Some("frame"));

    // The exception block ends: the last reference to the frame goes.
    let printed = Printed::default();
    let mut counter = finalizing(&mut heap, printed.clone());
    counter.decref(frame_object);
    assert_eq!(*printed.borrow(), ["del x", "del y"]);
}
