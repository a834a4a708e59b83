//! # Chapter 8: giving memory back to the operating system
//!
//! Chapter 7's allocator keeps every arena it ever mapped: a program that
//! builds a million objects and frees them keeps its memory. CPython has
//! given back a wholly empty arena since 2.5, and keeps one spare since
//! 3.9; that rule is [`policy::ReturnArenas`]. Whether the memory really
//! leaves the process is what the resident set size says ([`rss`]).
//!
//! ```text
//!  free(block) ─▶ pool empty? ─▶ arena wholly free? ─▶ another one follows it? ─▶ munmap
//!                    │ (page release stage)
//!                    └──▶ madvise(DONTNEED) the pool's touched pages after the first
//! ```
//!
//! Modules:
//! - [`rss`]: the process's resident set size, from `/proc/self/status`;
//! - [`policy`]: what becomes of an empty arena and an empty pool: kept
//!   (chapter 7), returned as CPython 3.11 does, or with the pages of empty
//!   pools released too, which CPython does not do;
//! - [`glibc`]: the C library's side of the story, for large requests:
//!   `malloc_trim` and the heap statistics.
//!
//! The policies are the reference solution of the chapter's exercises,
//! behind this crate's `reference` feature (on by default).

pub mod glibc;
#[cfg(feature = "reference")]
pub mod policy;
pub mod rss;

#[cfg(feature = "reference")]
pub use policy::{OsPolicy, ReleasePages, ReturnArenas};
