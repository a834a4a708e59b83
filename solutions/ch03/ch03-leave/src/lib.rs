//! # Exercise ch03-leave: leaving a function
//!
//! A call's locals live in a fixed array of slots, numbered by the compiler:
//! parameters first, then the other locals in order of first appearance
//! (CPython: `localsplus`, named by `co_varnames`). When the call ends,
//! CPython 3.11's `_PyFrame_Clear` releases them in index order, unless a
//! frame object is still referenced (by a traceback), in which case the
//! locals move into it (`take_ownership`).

use ch01_objects::ObjRef;
use ch03_names::{Counter, DelError};

/// The locals of one call.
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

    /// `name = object`, taking over the caller's reference (`STORE_FAST`).
    ///
    /// # Panics
    /// If the function has no local `name`.
    pub fn store(&mut self, counter: &mut dyn Counter, name: &str, object: ObjRef) {
        let slot = self
            .locals
            .iter_mut()
            .find(|(local, _)| &**local == name)
            .unwrap_or_else(|| panic!("{} has no local {name}", self.function));
        if let Some(old) = slot.1.replace(object) {
            counter.decref(old);
        }
    }

    /// The call returns: every bound local is released, in slot order.
    pub fn leave(self, counter: &mut dyn Counter) {
        //~ TODO: Release every bound local, in slot order.
        //~ STUB: let _ = counter;
        //~ SOLUTION BEGIN
        for (_, object) in self.locals {
            if let Some(object) = object {
                counter.decref(object);
            }
        }
        //~ SOLUTION END
    }

    /// `return name`: the caller gets its own reference to the local's
    /// object, then the frame is left.
    ///
    /// # Errors
    /// `UnboundLocalError` if `name` is unbound; the frame is left all the same.
    pub fn return_local(self, counter: &mut dyn Counter, name: &str) -> Result<ObjRef, DelError> {
        //~ TODO: The caller gets a reference of its own to `name`'s object, and
        //~ TODO: the frame is left; an unbound `name` is an UnboundLocalError, and
        //~ TODO: the frame is left all the same.
        //~ STUB: let _ = (counter, name);
        //~ SOLUTION BEGIN
        let value = self
            .locals
            .iter()
            .find(|(local, _)| &**local == name)
            .and_then(|(_, object)| *object);
        if let Some(value) = value {
            counter.incref(value);
        }
        self.leave(counter);
        value.ok_or_else(|| DelError::UnboundLocalError(name.into()))
        //~ SOLUTION END
    }

    /// The call ends while a traceback refers to its frame: the locals move
    /// into a frame object on the heap. Returns the one reference to it.
    pub fn leave_into_frame(self, counter: &mut dyn Counter) -> ObjRef {
        //~ TODO: The locals move, uncounted, into a frame object on the heap;
        //~ TODO: return the one reference to it.
        //~ STUB: let _ = counter;
        //~ SOLUTION BEGIN
        use ch01_objects::Payload;
        use ch03_names::FrameObject;

        let frame = FrameObject {
            function: self.function,
            locals: self.locals,
        };
        counter.alloc(Payload::native(frame))
        //~ SOLUTION END
    }
}
