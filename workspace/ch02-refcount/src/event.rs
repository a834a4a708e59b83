//! Memory events: what the manager reports as it works, for `--trace` and for tests.
//!
//! A [`Tracer`] receives each event while the object is still on the heap
//! (a `Free` event comes just before the slot is released), so it can name the
//! object's type. [`EventLog`] is the tracer the tests and the book use: it
//! keeps the lines in memory.

use std::cell::RefCell;
use std::rc::Rc;

use ch01_objects::{Heap, ObjRef, Payload};

/// One thing the memory manager did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A new object, with a count of 1.
    Alloc(ObjRef),
    /// A reference was added: the count went from `old` to `old + 1`.
    Incref {
        /// The object.
        obj: ObjRef,
        /// Its count before.
        old: usize,
    },
    /// A reference was dropped: the count went from `old` to `old - 1`.
    Decref {
        /// The object.
        obj: ObjRef,
        /// Its count before.
        old: usize,
    },
    /// The count reached zero and the object's class has a `__del__`: it is
    /// handed to the interpreter before being freed.
    Finalize(ObjRef),
    /// The count reached zero: the object is freed now and what it held is released next.
    Free(ObjRef),
}

impl Event {
    /// The object the event is about.
    pub fn object(self) -> ObjRef {
        match self {
            Event::Alloc(obj)
            | Event::Incref { obj, .. }
            | Event::Decref { obj, .. }
            | Event::Finalize(obj)
            | Event::Free(obj) => obj,
        }
    }

    /// True for the events `--trace=refs` adds to the default trace.
    pub fn is_count_change(self) -> bool {
        matches!(self, Event::Incref { .. } | Event::Decref { .. })
    }

    /// The event as one line, e.g. `decref #4 list 2->1`.
    pub fn describe(self, heap: &Heap) -> String {
        let what = describe_object(heap, self.object());
        match self {
            Event::Alloc(_) => format!("alloc {what}"),
            Event::Incref { old, .. } => format!("incref {what} {old}->{}", old + 1),
            Event::Decref { old, .. } => format!("decref {what} {old}->{}", old - 1),
            Event::Finalize(_) => format!("finalize {what}"),
            Event::Free(_) => format!("free {what}"),
        }
    }
}

/// An object as traces show it: `#12 list`, or `#7 Node` for an instance of `Node`.
pub fn describe_object(heap: &Heap, r: ObjRef) -> String {
    let Some(object) = heap.try_get(r) else {
        return format!("{r:?} <freed>");
    };
    let type_name = match &object.payload {
        Payload::Instance(instance) => match heap.try_get(instance.class).map(|c| &c.payload) {
            Some(Payload::Class(class)) => class.name.to_string(),
            _ => "object".to_string(),
        },
        payload => payload.type_name().unwrap_or("object").to_string(),
    };
    format!("{r:?} {type_name}")
}

/// Receives the manager's events as they happen.
pub trait Tracer {
    /// Called once per event; `heap` still holds the object.
    fn event(&mut self, heap: &Heap, event: Event);
}

/// A tracer that keeps every event's line; clones share the same lines.
#[derive(Debug, Clone, Default)]
pub struct EventLog {
    lines: Rc<RefCell<Vec<String>>>,
}

impl EventLog {
    /// An empty log.
    pub fn new() -> EventLog {
        EventLog::default()
    }

    /// The lines recorded so far, one per event.
    pub fn lines(&self) -> Vec<String> {
        self.lines.borrow().clone()
    }

    /// The lines joined with newlines, for snapshots.
    pub fn text(&self) -> String {
        self.lines.borrow().join("\n")
    }
}

impl Tracer for EventLog {
    fn event(&mut self, heap: &Heap, event: Event) {
        self.lines.borrow_mut().push(event.describe(heap));
    }
}
