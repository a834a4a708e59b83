//! # Chapter 2: reference counting
//!
//! Chapter 1's heap never frees. This crate adds CPython's rule for when an
//! object may go: every object counts the references that point at it, and
//! the moment the count falls to zero the object is freed, and everything it
//! held loses one reference in turn (the *cascade*).
//!
//! ```text
//!   decref(list) ──▶ count 1 → 0 ──▶ deallocate(list)
//!                                      │ pushes its items on the trashcan
//!                                      ▼
//!   trashcan: [.., item0, item1, item2]  ◀── popped last-in first-out,
//!                                            so the cascade is depth-first
//!                                            and never recurses in Rust
//! ```
//!
//! Modules, in the order the chapter introduces them:
//! - [`flags`]: the header bits this chapter owns (`FINALIZED`, `IMMORTAL`);
//! - [`event`]: what the memory manager reports (alloc, incref, decref, free), for traces;
//! - [`refcount`]: [`RefCountHeap`], with `incref`, `decref` and the trashcan loop;
//! - [`dealloc`]: what freeing one object releases, in CPython 3.11's order;
//! - [`finalizer`]: when an object must be handed to the interpreter for `__del__`;
//! - [`manager`]: [`MemoryManager`], the interface every stage of the runtime implements.
//!
//! Invariants (on a [`RefCountHeap`], between two calls):
//! - an object's `refcount` equals the number of counted references to it
//!   held by other objects and by the interpreter (immortal objects excepted);
//! - the trashcan is empty unless a `__del__` is running, and then holds only
//!   references whose decref has been requested but not yet applied;
//! - an object's `__del__` runs at most once (the `FINALIZED` flag).

pub mod dealloc;
pub mod event;
pub mod finalizer;
pub mod flags;
pub mod manager;
pub mod refcount;

pub use event::{Event, EventLog, Tracer};
pub use manager::MemoryManager;
pub use refcount::{RefCountHeap, Watermark};
