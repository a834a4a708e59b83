//! # Chapter 10: threads and reference counts
//!
//! Chapter 2's reference count is a plain integer, and that is sound only
//! because one thread at a time runs the interpreter. This crate shows what
//! it takes when threads share objects, in the order the chapter tells it:
//!
//! 1. [`lost_update`]: `ob_refcnt++` from two threads with no lock loses
//!    increments;
//! 2. [`atomic_count`]: an atomic count, as `Arc` keeps it: a `Release`
//!    decrement and an `Acquire` fence before the free, each justified by
//!    its partner; [`planted`] is the same code with one ordering weakened;
//! 3. [`gil`]: CPython's answer since 1992, one lock for the interpreter,
//!    handed over as 3.2's new GIL does (switch interval, drop request,
//!    forced switching);
//! 4. [`biased`]: the free-threaded build's answer (PEP 703, 3.13t): the
//!    owner thread counts without atomics, other threads count atomically
//!    in a shared field with flag bits, and the two are merged when the
//!    shared count would go negative or the owner's reaches zero;
//! 5. [`immortal`] and [`deferred`]: the objects every thread uses, which
//!    the free-threaded build does not count at all, or counts only when
//!    its collector runs.
//!
//! Every concurrent algorithm here takes its atomics, locks and threads
//! from [`sync`], which switches between the standard library and loom.
//! The models that the exercises grade the learner's code with are written
//! once, in [`conformance`], and the crate's tests run them on its own
//! code; those and the crate's other models, in `tests/loom_*.rs`, run with
//! `RUSTFLAGS="--cfg loom"`:
//!
//! ```text
//! RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS=3 CARGO_TARGET_DIR=target/loom \
//!     cargo test --release -p ch10-threads
//! ```
//!
//! The atomic decrement, the GIL and the biased decrement are the
//! reference solutions of the chapter's exercises, behind this crate's
//! `reference` feature (on by default); the exercises get the rest,
//! [`conformance`] included.

#[cfg(feature = "reference")]
pub mod atomic_count;
pub mod biased;
pub mod conformance;
pub mod deferred;
#[cfg(feature = "reference")]
pub mod gil;
pub mod immortal;
pub mod lost_update;
#[cfg(feature = "reference")]
pub mod planted;
pub mod sync;
