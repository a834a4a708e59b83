//! Graded tests for ch01-traverse.

use ch01_objects::{Dict, Heap, NativeObject, ObjRef, Payload};
use ch01_traverse::Function;

/// What `visit_refs` reports, in order.
fn visited(function: &Function) -> Vec<ObjRef> {
    let mut seen = Vec::new();
    function.visit_refs(&mut |r| seen.push(r));
    seen
}

/// `def area(w, h=2, *, scale=...)`-like function: globals, two defaults, one cell.
struct Example {
    heap: Heap,
    globals: ObjRef,
    two: ObjRef,
    unit: ObjRef,
    cell: ObjRef,
}

fn example() -> Example {
    let mut heap = Heap::new();
    let globals = heap.alloc(Payload::Dict(Box::new(Dict::new())));
    let two = heap.alloc(Payload::Int(2));
    let unit = heap.alloc(Payload::Str("cm".into()));
    // Chapter 1 has no cell type; a one-item list stands in for one.
    let scale = heap.alloc(Payload::Float(1.5));
    let cell = heap.alloc(Payload::list(vec![scale]));
    Example {
        heap,
        globals,
        two,
        unit,
        cell,
    }
}

fn area(example: &Example) -> Function {
    Function {
        qualname: "area".into(),
        arity: 3,
        globals: Some(example.globals),
        defaults: vec![example.two, example.unit],
        closure: vec![example.cell],
        attrs: Dict::new(),
    }
}

#[test]
fn a_function_reports_its_globals_defaults_and_cells_in_field_order() {
    let example = example();
    let function = area(&example);
    assert_eq!(
        visited(&function),
        vec![example.globals, example.two, example.unit, example.cell]
    );
}

#[test]
fn plain_data_is_not_a_reference() {
    let function = Function {
        qualname: "noop".into(),
        arity: 0,
        ..Function::default()
    };
    assert_eq!(
        visited(&function),
        vec![],
        "a name and an arity hold no objects"
    );
}

#[test]
fn a_reference_held_twice_is_reported_twice() {
    // `def f(a=x, b=x)` closing over `x` too: three references to one object.
    // The cycle collector (chapter 4) subtracts one per reported reference, so
    // each must be reported as many times as it is held.
    let mut heap = Heap::new();
    let x = heap.alloc(Payload::list(vec![]));
    let function = Function {
        qualname: "f".into(),
        arity: 2,
        defaults: vec![x, x],
        closure: vec![x],
        ..Function::default()
    };
    assert_eq!(visited(&function), vec![x, x, x]);
}

#[test]
fn attributes_report_each_key_then_its_value() {
    let mut example = example();
    let mut function = area(&example);
    let heap = &mut example.heap;
    let calls = heap.alloc(Payload::Str("calls".into()));
    let zero = heap.alloc(Payload::Int(0));
    let doc = heap.alloc(Payload::Str("note".into()));
    let text = heap.alloc(Payload::Str("a rectangle".into()));
    for (key, value) in [(calls, zero), (doc, text)] {
        let hashed = heap.dict_key(key).expect("a str is hashable");
        function.attrs.insert(hashed, key, value);
    }
    let refs = visited(&function);
    assert_eq!(refs.len(), 8);
    assert_eq!(refs[4..], [calls, zero, doc, text]);
}

#[test]
fn the_heap_sees_a_function_through_its_payload() {
    let mut example = example();
    let function = area(&example);
    let f = example.heap.alloc(Payload::native(function));
    let payload = example.heap.payload(f);
    assert_eq!(payload.type_name(), Some("function"));
    assert!(
        payload.is_container(),
        "a function can take part in a cycle"
    );
    assert_eq!(
        payload.refs(),
        vec![example.globals, example.two, example.unit, example.cell]
    );
}

#[test]
fn take_refs_hands_over_everything_and_leaves_nothing() {
    let mut example = example();
    let mut function = area(&example);
    let key = example.heap.alloc(Payload::Str("calls".into()));
    let value = example.heap.alloc(Payload::Int(0));
    let hashed = example.heap.dict_key(key).expect("a str is hashable");
    function.attrs.insert(hashed, key, value);

    let mut out = Vec::new();
    function.take_refs(&mut out);

    // Checked against the known answer, not against `visit_refs`: a mistake
    // made in both would agree with itself.
    assert_eq!(
        out,
        vec![
            example.globals,
            example.two,
            example.unit,
            example.cell,
            key,
            value
        ],
        "every reference, in visit_refs's order: globals, defaults, cells, then each attribute's key and value"
    );
    assert!(
        function.globals.is_none(),
        "an emptied function has no globals"
    );
    assert!(
        function.defaults.is_empty() && function.closure.is_empty(),
        "an emptied function has no defaults and no cells"
    );
    assert!(
        function.attrs.is_empty(),
        "an emptied function has no attributes"
    );
    assert_eq!(function.qualname.as_ref(), "area", "plain data stays");
    assert_eq!(function.arity, 3);
}

#[test]
fn take_refs_appends_to_what_out_already_holds() {
    let example = example();
    let mut function = area(&example);
    let earlier = ObjRef::from_index(99);
    let mut out = vec![earlier];
    function.take_refs(&mut out);
    assert_eq!(
        out,
        vec![
            earlier,
            example.globals,
            example.two,
            example.unit,
            example.cell
        ]
    );
}
