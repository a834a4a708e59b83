//! # Chapter 5: generations and thresholds
//!
//! Chapter 4's collector looks at every tracked object each time it runs.
//! Most objects die young, and an object that has survived a few
//! collections will most likely survive the next: CPython 3.11 therefore
//! keeps its tracked objects in three *generations* and collects the
//! youngest often, the older ones rarely, and runs by itself, inside the
//! allocation that crosses a threshold.
//!
//! ```text
//!   allocate ──▶ generation 0 ──survive──▶ generation 1 ──survive──▶ generation 2
//!                 count: allocations        count: collections       count: collections
//!                 minus frees, > 700?       of gen 0, > 10?          of gen 1, > 10?
//!                                                                    and the 25% rule
//! ```
//!
//! Modules, in the order the chapter introduces them:
//! - [`generations`]: the three lists, their counts and thresholds, and the
//!   permanent generation of [`freeze`](mod@freeze);
//! - [`schedule`]: what an allocation and a free do to the counts, and which
//!   generation is due (`gc_collect_generations`, with the 25% rule);
//! - [`collect`](mod@collect): one collection of a generation and the younger
//!   ones (`gc_collect_main`), built from chapter 4's phases;
//! - [`freeze`](mod@freeze): `gc.freeze()`, for programs that fork;
//! - [`stage`]: `GenerationsStage`, the memory manager of
//!   `minipy --stage generations`.
//!
//! All but [`generations`] are the reference solution of the chapter's
//! exercises, behind this crate's `reference` feature (on by default).
//!
//! Invariants (on a `GenerationsStage`, between two calls):
//! - every tracked object is in exactly one of the four lists;
//! - `count[0]` is the number of containers allocated minus those freed
//!   since generation 0 was last collected (never below zero); `count[1]`
//!   and `count[2]` count the collections of the generation below since
//!   their own last collection.

#[cfg(feature = "reference")]
pub mod collect;
#[cfg(feature = "reference")]
pub mod freeze;
pub mod generations;
#[cfg(feature = "reference")]
pub mod schedule;
#[cfg(feature = "reference")]
pub mod stage;

pub use generations::{Generations, NUM_GENERATIONS};
#[cfg(feature = "reference")]
pub use stage::GenerationsStage;
