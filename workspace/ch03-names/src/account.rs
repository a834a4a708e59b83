//! Accounting for an object's count: one line per reference, and the rest.
//!
//! An object's count is the number of references to it, so every unit of
//! it should have an owner: a name, or a slot of some object on the heap.
//! [`account_for`] lists those owners with [`referrers`]; when the count is
//! higher than what they explain, the difference is held by something that
//! is neither a name in the scopes you looked at nor an object on the heap:
//!
//! - the interpreter's own stack (the argument of `sys.getrefcount(x)` is
//!   the famous "one more than expected");
//! - names in a scope you did not look at, such as the REPL's `_`, which
//!   CPython stores in the `builtins` module;
//! - native code: a C extension, a debugger or an IDE's variable viewer
//!   holding a pointer the heap knows nothing about.
//!
//! Those are the *hidden* references. A count lower than the explained
//! references is a bug (a missing incref): [`Accounting::missing`] reports it.

use std::fmt::Write;

use ch01_objects::{Heap, ObjRef};
use ch02_refcount::event::describe_object;

use crate::referrers::{Referrer, referrers};
use crate::scope::Scope;

// ANCHOR: accounting
/// An object's count, and who holds each unit of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accounting {
    /// The object.
    pub target: ObjRef,
    /// Its reference count.
    pub refcount: usize,
    /// The references names and heap objects hold, as [`referrers`] lists them.
    pub explained: Vec<Referrer>,
}

impl Accounting {
    /// References nothing visible explains: held outside the scopes and the heap.
    pub fn hidden(&self) -> usize {
        self.refcount.saturating_sub(self.explained.len())
    }

    /// References that exist but are not counted: a bug in whoever forgot to incref.
    pub fn missing(&self) -> usize {
        self.explained.len().saturating_sub(self.refcount)
    }
}
// ANCHOR_END: accounting

// ANCHOR: account_for
/// Explains each unit of `target`'s count by a name in `scopes` or a slot of
/// a live object; [`Accounting::hidden`] is what is left over.
pub fn account_for(heap: &Heap, scopes: &[&Scope], target: ObjRef) -> Accounting {
    Accounting {
        target,
        refcount: heap.refcount(target),
        explained: referrers(heap, scopes, target),
    }
}
// ANCHOR_END: account_for

impl Accounting {
    /// The accounting as the book prints it: the count, one numbered line
    /// per explained reference, then the hidden rest.
    pub fn render(&self, heap: &Heap) -> String {
        let mut out = format!(
            "{}: refcount {}\n",
            describe_object(heap, self.target),
            self.refcount
        );
        for (i, referrer) in self.explained.iter().enumerate() {
            let _ = writeln!(out, "  {}. {}", i + 1, referrer.describe(heap));
        }
        let _ = writeln!(out, "  hidden: {}", self.hidden());
        if self.missing() > 0 {
            let _ = writeln!(out, "  MISSING: {} uncounted references", self.missing());
        }
        out
    }
}
