//! `yield from`: what `throw()` and `close()` do to a generator paused in
//! one. CPython 3.11's `_gen_throw` hands the exception to the
//! sub-iterator first, and the delegating generator sees only what comes
//! back: a value to yield, a return value to resume with, or an exception
//! to raise where it is paused — whose traceback then already lists the
//! sub-generator's frame.

use crate::eval::frames::Activation;
use crate::eval::generators::Step;
use crate::types::exceptions::ExcKind;
use crate::vm::{PyErr, Vm};
use ch01_objects::ObjRef;
use minipy_compiler::bytecode::Instr;

/// What throwing into the sub-iterator left the delegating generator to do.
pub(crate) enum Delegated {
    /// The sub-iterator yielded: the delegating generator yields it too,
    /// and stays paused where it is.
    Yielded(ObjRef),
    /// The sub-iterator is finished (and off the stack): resume after the
    /// `yield from` with its return value.
    Resume(ObjRef),
    /// Raise this at the paused instruction: the sub-iterator's exception
    /// (it is then off the stack), or the thrown one if it was not handed on.
    Raise(PyErr),
}

/// The sub-iterator of an activation paused inside `yield from`, and where
/// its loop ends. Paused there means the next instruction jumps back to
/// the `SEND` that delegates (see the compiler's `yield_from`).
pub(crate) fn delegate_of(activation: &Activation) -> Option<(ObjRef, usize)> {
    let Instr::Jump(start) = *activation.code.instrs.get(activation.pc)? else {
        return None;
    };
    let Instr::Send(exit) = *activation.code.instrs.get(start as usize)? else {
        return None;
    };
    Some((*activation.stack.last()?, exit as usize))
}

impl Vm {
    /// `throw(err)` into a generator paused at `activation`: if it is inside
    /// `yield from`, the sub-iterator gets the exception first. A
    /// `GeneratorExit` closes the sub-iterator and is then raised here; any
    /// other exception goes to a sub-generator's `throw`, or to the
    /// iterator's `throw` method if it has one.
    pub(crate) fn throw_into_delegate(
        &mut self,
        activation: &mut Activation,
        err: PyErr,
    ) -> Delegated {
        let Some((sub, exit)) = delegate_of(activation) else {
            return Delegated::Raise(err);
        };
        let is_exit = self.is_instance_of_kind(err.0, ExcKind::GeneratorExit);
        if is_exit {
            return match self.close_sub_iterator(sub) {
                Ok(()) => Delegated::Raise(err),
                Err(close_error) => {
                    // The close's error replaces GeneratorExit, raised here
                    // with the sub-iterator still on the stack.
                    self.decref(err.0);
                    Delegated::Raise(close_error)
                }
            };
        }
        let outcome = if self.is_generator(sub) {
            self.throw_step(sub, err)
        } else {
            match self.get_attr(sub, "throw") {
                Ok(method) => {
                    let result = self.call(method, vec![err.0], None);
                    self.decref(method);
                    result.map(Step::Yielded)
                }
                Err(lookup) if self.is_attribute_error(lookup.0) => {
                    self.decref(lookup.0);
                    return Delegated::Raise(err);
                }
                Err(lookup) => {
                    self.decref(err.0);
                    Err(lookup)
                }
            }
        };
        match outcome {
            Ok(Step::Yielded(value)) => Delegated::Yielded(value),
            finished => {
                // The sub-iterator is done: off the stack, and the loop
                // left as `SEND` leaves it when the sub-iterator stops.
                if let Some(sub) = activation.stack.pop() {
                    self.decref(sub);
                }
                activation.pc = exit;
                match finished {
                    Ok(Step::Returned(value)) => Delegated::Resume(value),
                    Ok(Step::Yielded(_)) => unreachable!("matched above"),
                    Err(error) => match self.stop_iteration_value(&error) {
                        Some(value) => {
                            self.decref(error.0);
                            Delegated::Resume(value)
                        }
                        None => Delegated::Raise(error),
                    },
                }
            }
        }
    }

    /// `close()` of a `yield from`'s sub-iterator (CPython: `gen_close_iter`):
    /// a generator's own close, or the iterator's `close` method if it has one.
    fn close_sub_iterator(&mut self, sub: ObjRef) -> Result<(), PyErr> {
        if self.is_generator(sub) {
            return self.generator_close(sub);
        }
        match self.get_attr(sub, "close") {
            Ok(method) => {
                let result = self.call(method, vec![], None);
                self.decref(method);
                result.map(|value| self.decref(value))
            }
            Err(lookup) if self.is_attribute_error(lookup.0) => {
                self.decref(lookup.0);
                Ok(())
            }
            Err(lookup) => Err(lookup),
        }
    }

    /// The value a `StopIteration` carries (a new reference), or `None` if
    /// `error` is some other exception.
    fn stop_iteration_value(&mut self, error: &PyErr) -> Option<ObjRef> {
        if !self.is_instance_of_kind(error.0, ExcKind::StopIteration) {
            return None;
        }
        let none = self.none();
        let value = self.get_attr(error.0, "value").unwrap_or(none);
        Some(value)
    }
}
