//! A readable listing of the heap: one line per live object with its count,
//! its type and what it holds. Tests snapshot it; the book prints it.
//!
//! ```text
//! #0 refs=2 list [#1, #2, #3]
//! #1 refs=1 int 1
//! ```

use std::fmt::Write;

use crate::heap::Heap;
use crate::object::{ObjRef, Payload};

/// One line per live object, in slot order.
pub fn dump(heap: &Heap) -> String {
    let mut out = String::new();
    for (r, object) in heap.iter() {
        let _ = writeln!(
            out,
            "{r:?} refs={} {}",
            object.header.refcount,
            describe(heap, r)
        );
    }
    out
}

/// The type and contents of one object, with references shown as `#slot`.
pub fn describe(heap: &Heap, r: ObjRef) -> String {
    let refs = |items: &[ObjRef]| {
        items
            .iter()
            .map(|item| format!("{item:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match heap.payload(r) {
        Payload::None => "NoneType None".into(),
        Payload::Bool(b) => format!("bool {}", if *b { "True" } else { "False" }),
        Payload::Int(n) => format!("int {n}"),
        Payload::Float(x) => format!("float {x:?}"),
        Payload::Str(s) => format!("str {s:?}"),
        Payload::List(items) => format!("list [{}]", refs(items)),
        Payload::Tuple(items) => format!("tuple ({})", refs(items)),
        Payload::Dict(dict) => {
            let entries: Vec<String> = dict.iter().map(|(k, v)| format!("{k:?}: {v:?}")).collect();
            format!("dict {{{}}}", entries.join(", "))
        }
        Payload::Class(class) => format!("type {}", class.name),
        Payload::Instance(instance) => {
            let class = match heap.try_get(instance.class).map(|o| &o.payload) {
                Some(Payload::Class(class)) => class.name.to_string(),
                _ => format!("{:?}", instance.class),
            };
            let attrs: Vec<String> = instance
                .attrs
                .iter()
                .map(|(k, v)| format!("{k:?}: {v:?}"))
                .collect();
            format!("{class} object {{{}}}", attrs.join(", "))
        }
        Payload::Native(native) => {
            format!("{} {}", native.type_name(), refs(&heap.payload(r).refs()))
        }
    }
}
