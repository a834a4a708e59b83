//! # Chapter 2: reference counting
//!
//! Chapter 1's heap never frees. This crate adds CPython's rule for when an
//! object may go: every object counts the references that point at it, and
//! the moment the count falls to zero the object is freed, and everything it
//! held loses one reference in turn (the *cascade*).
//!
//! ```text
//!   decref(list) ──▶ count 1 → 0 ──▶ dealloc(list)
//!                                      │ pushes EndGuarded, then its items
//!                                      ▼
//!   pending: [.., End, item2, item1, item0]  ◀── popped last-in first-out,
//!                                                 so the cascade is depth-first
//!                                                 and never recurses in Rust
//! ```
//!
//! Modules, in the order the chapter introduces them:
//! - [`flags`]: the header bits this chapter owns (`FINALIZED`, `IMMORTAL`);
//! - [`event`]: what the memory manager reports (alloc, incref, decref, free), for traces;
//! - [`refcount`]: [`RefCountHeap`], with `incref`, `decref` and the loop that
//!   stands in for CPython's recursion;
//! - [`dealloc`]: what freeing one object releases, in CPython 3.11's order;
//! - [`trashcan`]: how deep guarded deallocations nest, and the objects parked
//!   past 50 levels, as CPython 3.11 keeps them;
//! - [`finalizer`]: when an object must be handed to the interpreter for `__del__`;
//! - [`manager`]: [`MemoryManager`], the interface every stage of the runtime implements.
//!
//! Invariants (on a [`RefCountHeap`], between two calls):
//! - an object's `refcount` equals the number of counted references to it
//!   held by other objects and by the interpreter (immortal objects excepted);
//! - the pending stack is empty unless a `__del__` is running, and then holds
//!   only work requested but not yet done; the trashcan's nesting is the
//!   number of guarded deallocations in progress, and it parks objects only
//!   while one is;
//! - an object's `__del__` runs at most once (the `FINALIZED` flag).
//!
//! The `reference` feature (on by default) brings the heap itself:
//! [`refcount`] and [`trashcan`], the reference solution of this chapter's
//! exercises, and [`manager`], which is built on them. The exercises' crates
//! depend on this one with `default-features = false`: what is left (the
//! flags, the events, the release order, the finalizer rule) is what an
//! exercise builds on, and `cargo course verify` proves that the rest is
//! out of its reach.

pub mod dealloc;
pub mod event;
pub mod finalizer;
pub mod flags;
#[cfg(feature = "reference")]
pub mod manager;
#[cfg(feature = "reference")]
pub mod refcount;
#[cfg(feature = "reference")]
pub mod trashcan;

pub use event::{Event, EventLog, Tracer};
#[cfg(feature = "reference")]
pub use manager::{CollectionReport, GenerationStats, MemoryManager};
#[cfg(feature = "reference")]
pub use refcount::{RefCountHeap, Step, Watermark};
