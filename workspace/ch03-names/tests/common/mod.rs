//! What the chapter's tests share: a heap whose events and `__del__` calls
//! go into one transcript, small Python objects built by hand, and the
//! check that keeps the book's printed output in step with the code.

#![allow(dead_code)] // each test file uses a different part

use std::cell::RefCell;
use std::rc::Rc;

use ch01_objects::dict::Dict;
use ch01_objects::object::{Class, Instance};
use ch01_objects::{DictKey, Heap, ObjRef, Payload};
use ch02_refcount::RefCountHeap;
use ch02_refcount::event::{Event, Tracer};
use ch03_names::WithFinalizers;

/// The lines a test's program produced: its source lines, the memory
/// events and what `__del__` printed, in the order they happened.
#[derive(Debug, Clone, Default)]
pub struct Transcript(Rc<RefCell<Vec<String>>>);

impl Transcript {
    /// Records one line.
    pub fn push(&self, line: impl Into<String>) {
        self.0.borrow_mut().push(line.into());
    }
    /// A program line, shown the way the REPL shows input.
    pub fn source(&self, line: &str) {
        self.push(format!(">>> {line}"));
    }
    /// Forgets what was recorded so far (the setup before the program starts).
    pub fn clear(&self) {
        self.0.borrow_mut().clear();
    }
    /// Everything recorded, one line each.
    pub fn lines(&self) -> Vec<String> {
        self.0.borrow().clone()
    }
    /// Everything recorded as text, with a final newline.
    pub fn text(&self) -> String {
        self.lines()
            .iter()
            .map(|line| format!("{line}\n"))
            .collect()
    }
    /// Only the lines `__del__` printed.
    pub fn printed(&self) -> Vec<String> {
        self.lines()
            .into_iter()
            .filter(|line| line.starts_with("del "))
            .collect()
    }
}

impl Tracer for Transcript {
    fn event(&mut self, heap: &Heap, event: Event) {
        self.push(format!("    {}", event.describe(heap)));
    }
}

/// A heap that reports its events to a fresh transcript.
pub fn traced_heap() -> (RefCountHeap, Transcript) {
    let mut heap = RefCountHeap::new();
    let transcript = Transcript::default();
    heap.set_tracer(Box::new(transcript.clone()));
    (heap, transcript)
}

/// The heap with `__del__` played by printing `del <name>` to `transcript`,
/// as the test programs' `D.__del__` does.
pub fn finalizing(
    heap: &mut RefCountHeap,
    transcript: Transcript,
) -> WithFinalizers<'_, impl FnMut(&mut RefCountHeap, ObjRef) + use<>> {
    WithFinalizers::new(heap, move |heap, object| {
        transcript.push(format!("del {}", name_of(heap.heap(), object)));
    })
}

/// `n`, made immortal as CPython's small ints effectively are.
pub fn small_int(heap: &mut RefCountHeap, n: i64) -> ObjRef {
    let r = heap.alloc(Payload::Int(n));
    heap.make_immortal(r);
    r
}

fn string(heap: &mut RefCountHeap, s: &str) -> ObjRef {
    heap.alloc(Payload::Str(s.into()))
}

/// Stores `value` under the string key `name`; the dict takes both references.
pub fn set(heap: &mut RefCountHeap, dict: &mut Dict, name: &str, value: ObjRef) {
    let key = string(heap, name);
    dict.insert(DictKey::Str(name.into()), key, value);
}

/// `class D: def __del__(self): print("del", self.name)`, or without `__del__`.
pub fn class(heap: &mut RefCountHeap, name: &str, with_del: bool) -> ObjRef {
    let mut attrs = Dict::new();
    if with_del {
        let method = heap.alloc(Payload::None);
        set(heap, &mut attrs, "__del__", method);
    }
    heap.alloc(Payload::Class(Box::new(Class {
        name: name.into(),
        bases: vec![],
        attrs,
    })))
}

/// `class_(name)`: an instance with a `name` attribute; the caller owns it.
pub fn instance(heap: &mut RefCountHeap, class: ObjRef, name: &str) -> ObjRef {
    heap.incref(class);
    let mut attrs = Dict::new();
    let value = string(heap, name);
    set(heap, &mut attrs, "name", value);
    heap.alloc(Payload::Instance(Instance::new(class, attrs.into())))
}

/// The `name` attribute of an instance made by [`instance`].
pub fn name_of(heap: &Heap, r: ObjRef) -> String {
    let Payload::Instance(instance) = heap.payload(r) else {
        return "?".into();
    };
    match instance.attrs.get_unslotted(&DictKey::Str("name".into())) {
        Some(name) => match heap.payload(name) {
            Payload::Str(s) => s.to_string(),
            _ => "?".into(),
        },
        None => "?".into(),
    }
}

/// Compares `actual` with `book-output/<name>`, which the book includes (see
/// the `book-output` crate; `UPDATE_BOOK_OUTPUT=1` rewrites the file).
pub fn check_book_output(name: &str, actual: &str) {
    book_output::check(env!("CARGO_MANIFEST_DIR"), name, actual);
}
