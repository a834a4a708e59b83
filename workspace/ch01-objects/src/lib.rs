//! # Chapter 1: objects and names
//!
//! Everything a Python program touches is an *object*: a block of memory with a
//! header (how many references point at it, a few flag bits) and a payload
//! (the list's items, the string's characters, the instance's attributes).
//! A *name* is not a box that holds a value; it is an entry in a namespace that
//! refers to an object. Assignment copies the reference, never the object.
//!
//! This crate is the bottom layer of the `minipy` runtime. It knows what
//! objects look like and where they live, but it never frees anything: every
//! object allocated stays in the [`Heap`] until the process ends. Chapter 2
//! (`ch02-refcount`) adds the rule that frees an object when its count falls
//! to zero.
//!
//! ```text
//!  names (Namespace)          heap (Heap)
//!  ┌──────┐                   ┌───────────────────────────────┐
//!  │  a ──┼──────────┐        │ #0  header{refs 2}  list[..]  │
//!  │  b ──┼──────────┴──────▶ │ #1  header{refs 1}  int 1     │
//!  └──────┘                   │ #2  ...                       │
//!                             └───────────────────────────────┘
//! ```
//!
//! Modules, in the order the chapter introduces them:
//! - [`object`]: the header, the payload kinds and the references between objects;
//! - [`dict`]: the insertion-ordered hash table used by dicts, instances and classes;
//! - [`attrs`]: an instance's attributes, a values array by its class's shared keys;
//! - [`thin`]: one-word owners of strings, tuples' items and values arrays;
//! - [`heap`]: the one place objects are allocated, with statistics;
//! - [`names`]: namespaces, the bindings from names to objects;
//! - [`dump`]: a readable listing of the heap, for tests and for the book.

pub mod attrs;
pub mod dict;
pub mod dump;
pub mod free_lists;
pub mod heap;
pub mod names;
pub mod object;
pub mod thin;

pub use attrs::Attrs;
pub use dict::{Dict, DictKey, SharedKeys};
pub use heap::{Heap, HeapStats};
pub use names::Namespace;
pub use object::{Header, Instance, NativeObject, ObjRef, Object, Payload};
pub use thin::{ThinSlice, ThinStr};
pub use thin_vec::ThinVec;
