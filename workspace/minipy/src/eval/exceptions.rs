//! Raising and handling: the handler stack of an activation, the traceback
//! an exception collects on its way up, and `except` matching.

use crate::eval::frames::{Activation, Handler};
use crate::types::code::Code;
use crate::types::exceptions::ExcKind;
use crate::types::native::{self, Frame};
use crate::vm::{PyErr, PyResult, Vm};
use ch01_objects::{ObjRef, Payload};

impl Vm {
    /// Cuts the stack back to where the handler was set up and jumps there
    /// with the exception on top.
    pub(crate) fn enter_handler(&mut self, act: &mut Activation, handler: Handler, err: PyErr) {
        // Popped from the top, as CPython 3.11's exception unwinding pops
        // the value stack (`__del__` of what was on it runs in that order).
        let dropped: Vec<ObjRef> = act
            .stack
            .drain(handler.stack_depth.min(act.stack.len())..)
            .rev()
            .collect();
        self.decref_all(dropped);
        let unhandled: Vec<ObjRef> = self
            .handled
            .drain(handler.handled_depth.min(self.handled.len())..)
            .rev()
            .collect();
        self.decref_all(unhandled);
        if handler.marks_handled {
            self.incref(err.0);
            self.handled.push(err.0);
        }
        act.stack.push(err.0);
        act.pc = handler.target;
    }

    /// The error for reading or deleting fast local `slot` while it is
    /// unbound.
    pub(crate) fn unbound_local(&mut self, code: &Code, slot: u32) -> PyErr {
        let name = code
            .varnames
            .get(slot as usize)
            .cloned()
            .unwrap_or_default();
        self.unbound_local_named(&name)
    }

    fn unbound_local_named(&mut self, name: &str) -> PyErr {
        let err = self.error(
            ExcKind::UnboundLocalError,
            format!(
                "cannot access local variable '{name}' where it is not associated with a value"
            ),
        );
        self.set_error_name(&err, name);
        err
    }

    /// The error for reading or deleting the `i`th cell variable (cell
    /// variables first, then free ones) while it is unbound: a function's
    /// own variable is a local to CPython 3.11 (`UnboundLocalError`), one
    /// of an enclosing function's a free variable (`NameError`).
    pub(crate) fn unbound_free_variable(&mut self, code: &Code, i: u32) -> PyErr {
        let name = code
            .cellvars
            .iter()
            .chain(&code.freevars)
            .nth(i as usize)
            .cloned()
            .unwrap_or_default();
        if (i as usize) < code.cellvars.len() {
            return self.unbound_local_named(&name);
        }
        self.error(
            ExcKind::NameError,
            format!(
                "cannot access free variable '{name}' where it is not associated with a value in enclosing scope"
            ),
        )
    }

    /// Records that `err` passed through `act`: a new traceback entry whose
    /// frame is the activation's frame object (made now if needed).
    pub(crate) fn add_traceback(&mut self, act: &mut Activation, err: &PyErr) {
        let line = crate::eval::frames::last_line(act);
        let frame = match act.frame_object.get() {
            Some(frame) => {
                if let Some(f) = self.native_mut::<Frame>(frame) {
                    f.line = line;
                }
                frame
            }
            None => {
                let frame = Frame::live(act.code.clone(), line, act.locals.clone());
                let frame = self.new_native(frame);
                act.frame_object.set(Some(frame));
                frame
            }
        };
        self.incref(frame);
        let next = self.take_attr_raw(err.0, "__traceback__");
        let next = next.filter(|&n| n != self.none());
        let position = act
            .pc
            .checked_sub(1)
            .and_then(|at| act.code.positions.get(at).copied());
        let tb = self.new_native(native::Traceback {
            frame,
            line,
            position,
            next,
        });
        self.set_attr_raw(err.0, "__traceback__", tb);
    }

    /// Turns the operand of `raise` into an exception instance (a class is instantiated).
    /// [`Vm::make_raisable`] for a `from` clause: the exception instance.
    pub(crate) fn make_exception_instance(&mut self, exc: ObjRef) -> PyResult<ObjRef> {
        self.make_raisable(exc).map(|err| err.0)
    }

    pub(crate) fn make_raisable(&mut self, exc: ObjRef) -> PyResult<PyErr> {
        let base = self.exceptions[ExcKind::BaseException as usize];
        match self.payload(exc) {
            Payload::Class(_) if self.is_subclass(exc, base) => {
                let instance = self.call(exc, vec![], None);
                self.decref(exc);
                Ok(PyErr(instance?))
            }
            Payload::Instance(instance) if self.is_subclass(instance.class, base) => Ok(PyErr(exc)),
            _ => {
                self.decref(exc);
                Err(self.error(
                    ExcKind::TypeError,
                    "exceptions must derive from BaseException".into(),
                ))
            }
        }
    }

    pub(crate) fn exception_matches(&mut self, exc: ObjRef, class: ObjRef) -> PyResult<bool> {
        let Some(exc_class) = self.class_of_instance(exc) else {
            return Ok(false);
        };
        match self.payload(class) {
            Payload::Class(_) => Ok(self.is_subclass(exc_class, class)),
            Payload::Tuple(classes) => Ok(classes.iter().any(|&c| self.is_subclass(exc_class, c))),
            _ => Err(self.error(
                ExcKind::TypeError,
                "catching classes that do not inherit from BaseException is not allowed".into(),
            )),
        }
    }

    /// Drops an uncaught exception (and with it its traceback, frames and their locals).
    pub fn release_error(&mut self, err: PyErr) {
        self.decref(err.0);
    }

    /// `str(exception)`.
    pub fn exception_message_public(&mut self, err: &PyErr) -> String {
        self.exception_message(err.0)
    }
}
