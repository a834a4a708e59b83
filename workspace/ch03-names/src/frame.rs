//! Frames that outlive their call, and the tracebacks that keep them.
//!
//! A function's locals are normally released the moment it returns
//! ([`Scope::leave`]). But when an exception passes through a function,
//! CPython records where it was: the exception's `__traceback__` is a chain
//! of traceback objects, each holding a *frame object* (`tb_frame`), and a
//! frame object holds the call's locals (`f_locals`). When the call then
//! ends, CPython 3.11 sees that someone else holds the frame object and
//! moves the locals into it instead of releasing them
//! (`take_ownership` in `Python/frame.c`).
//!
//! ```text
//!  name e ──▶ ValueError ──__traceback__──▶ traceback ──tb_next──▶ traceback
//!                                              │                     │
//!                                           tb_frame              tb_frame
//!                                              ▼                     ▼
//!                                       frame <module>         frame k: x ──▶ big list
//! ```
//!
//! So everything the failed call's locals referred to lives as long as the
//! exception does: until `except ... as e:` ends (CPython deletes `e` there)
//! or until whatever stored the exception lets go of it.

use std::any::Any;

#[cfg(feature = "reference")]
use ch01_objects::Payload;
use ch01_objects::{NativeObject, ObjRef};

#[cfg(feature = "reference")]
use crate::counter::Counter;
#[cfg(feature = "reference")]
use crate::scope::Scope;

// ANCHOR: frame_object
/// A call's locals, moved to the heap because something refers to the frame.
/// CPython: `PyFrameObject` owning its `_PyInterpreterFrame`.
#[derive(Debug)]
pub struct FrameObject {
    /// The function's name (`<module>` for module code).
    pub function: Box<str>,
    /// The locals in slot order, as the call left them.
    pub locals: Vec<(Box<str>, Option<ObjRef>)>,
}
// ANCHOR_END: frame_object

impl NativeObject for FrameObject {
    fn type_name(&self) -> &str {
        "frame"
    }
    fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        self.locals.iter().filter_map(|(_, r)| *r).for_each(visit);
    }
    /// In slot order, as `frame_dealloc` clears them.
    fn take_refs(&mut self, out: &mut Vec<ObjRef>) {
        out.extend(self.locals.drain(..).filter_map(|(_, r)| r));
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// One entry of an exception's traceback. CPython: `PyTracebackObject`.
#[derive(Debug)]
pub struct Traceback {
    /// The next entry, one call deeper. CPython: `tb_next`.
    pub next: Option<ObjRef>,
    /// The frame this entry is about. CPython: `tb_frame`.
    pub frame: Option<ObjRef>,
}

impl NativeObject for Traceback {
    fn type_name(&self) -> &str {
        "traceback"
    }
    fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        self.next.into_iter().chain(self.frame).for_each(visit);
    }
    /// `tb_next` then `tb_frame`, as `tb_dealloc` clears them.
    fn take_refs(&mut self, out: &mut Vec<ObjRef>) {
        out.extend(self.next.take().into_iter().chain(self.frame.take()));
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// The reference solution of exercise ch03-leave's last part.
#[cfg(feature = "reference")]
impl Scope {
    // ANCHOR: leave_into_frame
    /// The function ends while a traceback refers to its frame: instead of
    /// being released, the locals move into a frame object on the heap
    /// (their counts do not change). Returns the one reference to it, for
    /// the traceback to hold. CPython: `take_ownership` in `_PyFrame_Clear`.
    pub fn leave_into_frame(self, counter: &mut dyn Counter) -> ObjRef {
        let frame = FrameObject {
            function: self.name().into(),
            locals: self.slots,
        };
        counter.alloc(Payload::native(frame))
    }
    // ANCHOR_END: leave_into_frame
}
