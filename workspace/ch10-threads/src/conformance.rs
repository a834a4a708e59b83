//! The models every implementation of the chapter's concurrent algorithms
//! must pass, written once (chapter 10).
//!
//! Each model is a function that runs a scenario inside [`model`]: built
//! with `--cfg loom`, on every interleaving of its threads, checking every
//! access to a loom cell against the others; built normally, once. It is
//! generic over what it checks, so the same model grades two
//! implementations:
//!
//! - the crate's own, the reference (its `tests/loom_*.rs` run every model
//!   here on the reference types);
//! - the learner's, in each of the chapter's exercises (whose
//!   `tests/graded.rs` runs the models on the learner's types, one
//!   `#[test]` function each).
//!
//! This module is compiled without the `reference` feature, so that the
//! exercises, which depend on the crate without it, have the models but not
//! the reference solutions. What a model needs of the type it checks is a
//! small trait ([`atomic_count::Handle`], [`gil::Lock`]) or a function
//! ([`biased::Decref`]); a crate cannot implement another crate's trait for
//! a third crate's type, so an exercise's tests wrap the learner's type in
//! a type of their own that implements it.
//!
//! [`model`]: crate::sync::model

pub mod atomic_count;
pub mod biased;
pub mod gil;
