//! # Chapter 7: the small-object allocator
//!
//! A Python program allocates and frees small objects all the time: an
//! int is 28 bytes, an empty list 56 with its GC header, a small dict 232.
//! CPython does not hand each of them to `malloc`: requests up to 512 bytes
//! go to *pymalloc*, an allocator built for them, which takes memory from
//! the operating system a megabyte at a time and keeps what is freed for
//! the next object of the same size.
//!
//! ```text
//!  operating system ──mmap 1 MiB──▶ arena ──carved into 64──▶ pools of 16 KiB
//!                                                             │ one size class each
//!                                                             ▼
//!                                              blocks of 16, 32, ... 512 bytes
//! ```
//!
//! Modules, in the order the chapter introduces them:
//! - [`constants`]: the sizes and their relations, checked at compile time;
//! - [`size_class`](mod@size_class): which class serves a request;
//! - [`pool`]: a pool's header, lazy carving and the free list threaded
//!   through the blocks;
//! - [`arena`]: an arena and its arena object;
//! - [`usable`]: the usable-arena list, kept sorted with `nfp2lasta`;
//! - [`arena_map`]: the radix tree behind `address_in_range`;
//! - [`page_source`]: where arenas come from (`mmap`, or the heap under Miri);
//! - [`allocator`]: `Pymalloc`, all of it together;
//! - [`stats`]: `sys._debugmallocstats()`'s report;
//! - [`global`]: the allocator as the process's global allocator, which is
//!   how `minipy --stage pymalloc` puts its objects in it.
//!
//! The functions of [`size_class`](mod@size_class), [`pool`], [`usable`] and
//! [`arena_map`], and everything built on them, are the reference solution
//! of the chapter's exercises, behind this crate's `reference` feature (on by
//! default); the exercises build without it and get only the vocabulary: the
//! constants, the header and arena types, the page sources.
//!
//! All the `unsafe` code of the book's runtime that touches raw memory is
//! here and in chapter 8; each block says why it is sound (`// SAFETY:`),
//! and the tests run under Miri.

#[cfg(feature = "reference")]
pub mod allocator;
pub mod arena;
#[cfg(feature = "reference")]
pub mod arena_map;
pub mod constants;
#[cfg(feature = "reference")]
pub mod global;
pub mod page_source;
pub mod pool;
#[cfg(feature = "reference")]
pub mod size_class;
#[cfg(feature = "reference")]
pub mod stats;
pub mod usable;

#[cfg(feature = "reference")]
pub use allocator::{KeepArenas, Pymalloc, ReleasePolicy};
#[cfg(feature = "reference")]
pub use global::StageAllocator;
pub use page_source::{CountingPages, HeapPages, OnePageOff, PageSource, SystemPages};
