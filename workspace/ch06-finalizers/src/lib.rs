//! # Chapter 6: finalizers, resurrection and weak references
//!
//! Chapters 4 and 5 refuse to free garbage that has a `__del__`, as CPython
//! did up to 3.3. PEP 442 (CPython 3.4) made such garbage collectable:
//!
//! ```text
//!   find the garbage ─▶ run every __del__ ─▶ find it again ─▶ free what is
//!   (chapter 5)         on it, in order,     (what __del__     still garbage;
//!                       each object's once   stored somewhere  the rest lives
//!                                            is alive again)   on
//! ```
//!
//! Running all the finalizers *before* clearing anything means each
//! `__del__` sees intact objects; marking each object finalized means a
//! resurrected object's `__del__` never runs twice (`gc.is_finalized`).
//! The finalizers are Python code, so the interpreter runs them, between
//! `FinalizersStage`'s `begin_collection` and `finish_collection`.
//!
//! Modules, in the order the chapter introduces them:
//! - [`flags`]: the header bit that marks the garbage of the collection
//!   under way;
//! - [`finalize`]: which objects get their `__del__` run (`finalize_garbage`);
//! - [`resurrection`]: what survives them (`handle_resurrected_objects`);
//! - [`weakrefs`]: which weak-reference callbacks a collection calls;
//! - [`stage`]: `FinalizersStage`, the memory manager of
//!   `minipy --stage finalizers`.
//!
//! All but [`flags`] and the types of [`weakrefs`] are the reference
//! solution of the chapter's exercises, behind this crate's `reference`
//! feature (on by default).
//!
//! Invariants (on a `FinalizersStage`):
//! - between `begin_collection` and `finish_collection`, exactly the
//!   objects of that collection's garbage that are still alive carry
//!   [`flags::IN_GARBAGE`];
//! - an object's `__del__` runs at most once, whether it is freed by
//!   counting or by a collection.

#[cfg(feature = "reference")]
pub mod finalize;
pub mod flags;
#[cfg(feature = "reference")]
pub mod resurrection;
#[cfg(feature = "reference")]
pub mod stage;
pub mod weakrefs;

#[cfg(feature = "reference")]
pub use stage::FinalizersStage;
