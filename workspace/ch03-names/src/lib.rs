//! # Chapter 3: names, scopes and `del`
//!
//! Chapter 2 gave every object a count and freed it at zero. This crate
//! states the rules by which a Python program moves those counts without
//! ever calling `incref` or `decref` itself: binding a name adds a
//! reference, rebinding or `del` drops one, a function's return drops all
//! its locals, and `del` of an item or an attribute drops the one reference
//! the container held. None of them frees anything by force: an object goes
//! only when the reference they drop was the last.
//!
//! ```text
//!   a = [1, 2, 3]      name a ──▶ list (1)
//!   b = a              name a ──▶ list (2) ◀── name b
//!   del a                         list (1) ◀── name b     nothing freed
//!   del b                         list (0) → freed, then its items
//! ```
//!
//! It also answers the question that follows: *who* keeps this object
//! alive? [`referrers()`] lists every name and every container slot that refers
//! to an object; [`account_for`] matches them against its count, and whatever
//! is left over is a reference held where no name or object shows it (the
//! REPL's `_`, a debugger, an argument on the interpreter's stack).
//!
//! Modules, in the order the chapter introduces them:
//! - [`counter`]: [`Counter`], the incref and decref every rule is made of;
//! - [`error`]: [`DelError`], the exceptions `del` can raise;
//! - [`scope`]: [`Scope`], counted bindings: `bind`, rebinding, `delete`, `leave`;
//! - [`containers`]: `del` of a list item, a dict entry, an attribute;
//! - [`frame`]: frames and tracebacks that keep a function's locals alive after it returned;
//! - [`referrers`](mod@referrers): every reference to an object, labelled, and the path from a name to it;
//! - [`account`]: each unit of an object's count explained, and the hidden rest;
//! - [`stage`]: [`NamesStage`], the memory manager of `minipy --stage names`.
//!
//! Invariant (between two calls, on a heap only this crate and chapter 2 change):
//! every bound name in a [`Scope`] and every slot [`referrers::slots`] reports
//! holds exactly one counted reference.
//!
//! The `reference` feature (on by default) brings the counted rules
//! (`Scope::bind`, `delete`, `leave`, `leave_into_frame`) and the finders
//! ([`referrers()`], [`path_to`], [`account_for`]). They are the reference
//! solution of this chapter's exercises, whose crates depend on this one with
//! `default-features = false` and so get only the vocabulary: [`Counter`],
//! [`Scope`]'s uncounted `insert` and `unbind`, the errors, the frame and
//! traceback objects and the labelled `slots`. `cargo course verify` proves
//! that the rest is out of their reach.

#[cfg(feature = "reference")]
pub mod account;
pub mod containers;
pub mod counter;
pub mod error;
pub mod frame;
pub mod referrers;
pub mod scope;
pub mod stage;

#[cfg(feature = "reference")]
pub use account::{Accounting, account_for};
pub use containers::{delete_attribute, delete_item};
pub use counter::{Counter, WithFinalizers};
pub use error::DelError;
pub use frame::{FrameObject, Traceback};
pub use referrers::{Referrer, Slot};
#[cfg(feature = "reference")]
pub use referrers::{path_to, referrers};
pub use scope::{Scope, ScopeKind};
pub use stage::NamesStage;
