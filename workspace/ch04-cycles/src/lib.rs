//! # Chapter 4: the cycle collector
//!
//! Reference counting (chapter 2) frees an object when its count reaches
//! zero, so two objects that refer to each other never go, even when
//! nothing else can reach them:
//!
//! ```text
//!   a = []; b = [a]; a.append(b); del a, b
//!
//!        ┌────────────┐
//!        ▼            │
//!     list a (1) ──▶ list b (1)        both counts stay at 1: a leak
//! ```
//!
//! CPython's answer is a collector that does not need to know the roots.
//! It follows only *containers* (objects that can hold references), and
//! finds those whose counts are entirely explained by references from other
//! containers it follows: nothing else can reach them. It then breaks their
//! cycles, and reference counting frees them.
//!
//! Modules, in the order the chapter introduces them:
//! - [`flags`]: the header bit this chapter owns (`TRACKED`);
//! - [`tracking`]: which objects are tracked, and the young generation's list;
//! - [`gc_refs`]: phases 1 and 2, `update_refs` and `subtract_refs`;
//! - [`unreachable`](mod@unreachable): phase 3, `move_unreachable`, without recursion;
//! - [`clear`]: what clearing an object releases (`tp_clear`);
//! - [`collector`]: `collect`, the phases in order, and `delete_garbage`;
//! - [`stage`]: `CyclesStage`, the memory manager of `minipy --stage cycles`.
//!
//! The phases and the collector are the reference solution of the
//! chapter's exercises, behind this crate's `reference` feature (on by
//! default); the exercises build without it, so they cannot call them.
//!
//! Invariants (on a `CyclesStage`, between two calls):
//! - every live container allocated through the stage is tracked unless it
//!   was untracked on purpose; no other object is;
//! - a collection frees exactly the tracked objects that cannot be reached
//!   from a reference held outside the tracked set (and what only they held);
//!   an object it leaves alive loses only the references freed objects held.

pub mod clear;
#[cfg(feature = "reference")]
pub mod collector;
pub mod flags;
pub mod gc_refs;
#[cfg(feature = "reference")]
pub mod stage;
pub mod tracking;
pub mod unreachable;

#[cfg(feature = "reference")]
pub use collector::{Collection, collect, deduce_unreachable};
#[cfg(feature = "reference")]
pub use stage::CyclesStage;
pub use tracking::Generation;
