//! # Exercise ch03-except: what `except ... as e` does to counts
//!
//! The name an `except` clause binds is cleared when the clause ends, even
//! if it was bound before the `try`: CPython 3.11 compiles
//!
//! ```text
//! except E as e:
//!     body
//! ```
//!
//! as if the body were followed by `e = None; del e`, in a `finally` that
//! runs however the body ends. The reason is a cycle: the exception holds
//! its traceback, the traceback holds the frames the exception passed
//! through, and a frame holds its locals, `e` among them. Clearing `e`
//! breaks it, and so the exception, its traceback and everything those
//! frames' locals refer to are freed when the clause ends, unless the body
//! stored the exception somewhere else.
//!
//! While the clause runs, the interpreter holds a second reference: the
//! exception being handled, what `sys.exc_info()` returns (`tstate->exc_info`),
//! set by `PUSH_EXC_INFO` as the clause starts and restored to the previous
//! one by `POP_EXCEPT` as it ends. You write the clause.

use ch01_objects::ObjRef;
use ch03_names::{Counter, DelError};

/// The exception being handled, as `sys.exc_info()` shows it: one counted
/// reference while a clause runs, `None` outside any.
/// CPython: `tstate->exc_info->exc_value`.
#[derive(Debug, Default)]
pub struct ExcInfo {
    /// The exception the innermost running `except` clause handles.
    pub handled: Option<ObjRef>,
}

/// The locals of one call (`localsplus`): each bound slot owns one reference.
#[derive(Debug)]
pub struct Frame {
    /// The function's name.
    pub function: Box<str>,
    /// The slots in index order; `None` is an unbound local.
    pub locals: Vec<(Box<str>, Option<ObjRef>)>,
}

impl Frame {
    /// A call of `function` whose locals are `names`, in slot order, all unbound.
    pub fn new(function: &str, names: &[&str]) -> Frame {
        Frame {
            function: function.into(),
            locals: names.iter().map(|&name| (name.into(), None)).collect(),
        }
    }

    /// The object `name` is bound to.
    pub fn lookup(&self, name: &str) -> Option<ObjRef> {
        self.locals
            .iter()
            .find(|(local, _)| &**local == name)
            .and_then(|(_, object)| *object)
    }

    /// `STORE_FAST name`: the caller's reference to `object` moves into the
    /// slot; the object the slot held before is released, after.
    ///
    /// # Panics
    /// If the function has no local `name`.
    pub fn store(&mut self, counter: &mut dyn Counter, name: &str, object: ObjRef) {
        if let Some(old) = self.slot(name).replace(object) {
            counter.decref(old);
        }
    }

    /// `DELETE_FAST name`: the slot's reference is released.
    ///
    /// # Errors
    /// `UnboundLocalError` if `name` is not bound; nothing changes then.
    pub fn delete(&mut self, counter: &mut dyn Counter, name: &str) -> Result<(), DelError> {
        let object = self
            .slot(name)
            .take()
            .ok_or_else(|| DelError::UnboundLocalError(name.into()))?;
        counter.decref(object);
        Ok(())
    }

    fn slot(&mut self, name: &str) -> &mut Option<ObjRef> {
        let function = &self.function;
        self.locals
            .iter_mut()
            .find(|(local, _)| &**local == name)
            .map(|(_, object)| object)
            .unwrap_or_else(|| panic!("{function} has no local {name}"))
    }

    /// `except ... as name:` handling `exception`, which matched. The caller
    /// hands over the one reference the raise holds. `body` runs the
    /// clause; it may bind, delete and store things, run clauses of its own,
    /// and end by raising (`Err`, with the reference that raise holds).
    /// `none` is the `None` object, for `name = None`.
    ///
    /// Afterwards `name` is unbound, `exc_info` is as it was before, and
    /// what the body raised, if anything, is returned with its reference.
    pub fn except_as(
        &mut self,
        counter: &mut dyn Counter,
        exc_info: &mut ExcInfo,
        none: ObjRef,
        exception: ObjRef,
        name: &str,
        body: impl FnOnce(&mut Frame, &mut dyn Counter, &mut ExcInfo) -> Result<(), ObjRef>,
    ) -> Result<(), ObjRef> {
        // TODO: The clause as CPython 3.11 compiles it (the listing in the
        // TODO: README): the exception becomes the one being handled and is
        // TODO: bound to `name`, the body runs, and then, in the order that
        // TODO: depends on how the body ended, the exception stops being the
        // TODO: one handled and `name` is cleared.
        let _ = (counter, exc_info, none, exception, name, body);
        todo!()
    }

    /// `name = None; del name`: `LOAD_CONST None`, `STORE_FAST name`,
    /// `DELETE_FAST name`. The name is unbound afterwards whatever the body
    /// did to it (bound it to something else, or deleted it).
    pub fn clear(&mut self, counter: &mut dyn Counter, name: &str, none: ObjRef) {
        // TODO: `name = None`, then `del name`, with the counts CPython's
        // TODO: three instructions leave.
        let _ = (counter, name, none);
        todo!()
    }
}
