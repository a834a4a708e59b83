//! Generators: functions whose activation survives between calls.
//!
//! Serves chapter 3 (and the appendix on the interpreter): calling a
//! generator function makes a generator object that *owns* the function's
//! activation — its locals, cells and value stack — so everything the
//! function refers to stays alive while the generator is suspended, and is
//! released when the generator finishes or is freed.
//!
//! ```text
//!  gen = f()      next(gen)            next(gen)          ...  return
//!  ┌─────────┐    ┌─────────┐ yield 1  ┌─────────┐ yield 2     finished:
//!  │suspended│ ─▶ │ running │ ───────▶ │suspended│ ─▶ ...      locals freed
//!  │ frame   │    │ (frame  │          │ frame   │
//!  └─────────┘    │ on loan)│          └─────────┘
//!                 └─────────┘
//! ```
//!
//! Invariant: while the generator runs, its activation is on loan to the
//! eval loop (`frame` is `None` and `running` is true), so a generator that
//! resumes itself is detected instead of aliasing the frame.

use crate::eval::delegation::Delegated;
use crate::eval::frames::{Activation, Completion, Slots};
use crate::types::code::Code;
use crate::types::exceptions::ExcKind;
use crate::types::native::Frame;
use crate::vm::FrameSlot;
use crate::vm::{PyErr, PyResult, Vm};
use ch01_objects::{NativeObject, ObjRef};
use std::any::Any;

/// A generator object. CPython: `PyGenObject` with its embedded frame.
#[derive(Debug)]
pub struct Generator {
    /// The suspended activation; `None` while running or once finished.
    frame: Option<Box<Activation>>,
    /// Exceptions being handled inside the generator when it yielded
    /// (CPython: `gi_exc_state`), restored when it resumes.
    saved_handled: Vec<ObjRef>,
    /// The handled-exception depth its handlers were recorded against.
    handled_base: usize,
    /// True between resume and yield/return.
    running: bool,
    /// True once it has run at all (a fresh generator accepts only `None`).
    started: bool,
    /// The function's name, for `repr`.
    pub name: std::rc::Rc<str>,
    /// Its `sys.getsizeof`, fixed when it is made (the frame's size).
    pub size: usize,
    /// The code it runs, for `gi_code` while the activation is on loan.
    code: std::rc::Rc<Code>,
    /// Where its activation keeps its frame object, and the activation's
    /// slots: shared with the activation, so `gi_frame` can be made (or
    /// found) while the activation is on loan, and a frame object can
    /// check that it is this generator's.
    frame_slot: FrameSlot,
    slots: Slots,
}

impl NativeObject for Generator {
    fn type_name(&self) -> &str {
        "generator"
    }
    fn has_finalizer(&self) -> bool {
        // Not finished: freeing it must first close it, so that its
        // `finally` blocks run (CPython 3.11: `_PyGen_Finalize` closes a
        // generator that has not started too, which releases its frame;
        // in a cycle, that alone may free the cycle before the collector
        // clears anything).
        !self.running && self.frame.is_some()
    }
    fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        if let Some(frame) = &self.frame {
            frame.refs().into_iter().for_each(&mut *visit);
        }
        self.saved_handled.iter().copied().for_each(visit);
    }
    fn take_refs(&mut self, out: &mut Vec<ObjRef>) {
        // Freeing a suspended generator drops its frame's locals in slot
        // order, then its stack (CPython: `_PyFrame_Clear`).
        if let Some(mut frame) = self.frame.take() {
            out.extend(frame.take_refs());
        }
        out.append(&mut self.saved_handled);
    }
    fn size(&self) -> usize {
        self.size
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// What one step of a generator produced.
pub(crate) enum Step {
    /// It yielded this value.
    Yielded(ObjRef),
    /// It returned this value (it is finished now).
    Returned(ObjRef),
}

impl Vm {
    /// Wraps a ready-to-run activation of a generator function.
    pub(crate) fn new_generator(&mut self, activation: Activation) -> ObjRef {
        let name = activation.code.name.clone();
        let size = generator_size(&activation.code);
        self.new_native(Generator {
            size,
            code: activation.code.clone(),
            frame_slot: activation.frame_object.clone(),
            slots: activation.locals.clone(),
            frame: Some(Box::new(activation)),
            saved_handled: vec![],
            handled_base: 0,
            running: false,
            started: false,
            name,
        })
    }

    /// True if `r` is a generator.
    pub(crate) fn is_generator(&self, r: ObjRef) -> bool {
        self.native::<Generator>(r).is_some()
    }

    /// Runs the generator until it yields or returns. `sent` (a reference
    /// the generator takes) is the value of the paused `yield` expression.
    pub(crate) fn resume_generator(&mut self, generator: ObjRef, sent: ObjRef) -> PyResult<Step> {
        self.resume_generator_with(generator, sent, None)
    }

    /// [`Vm::resume_generator`], raising `thrown` at the paused `yield` instead
    /// of sending a value (`sent` is then dropped).
    fn resume_generator_with(
        &mut self,
        generator: ObjRef,
        sent: ObjRef,
        thrown: Option<PyErr>,
    ) -> PyResult<Step> {
        let Some(state) = self.native_mut::<Generator>(generator) else {
            self.decref(sent);
            return Err(self.error(ExcKind::TypeError, "not a generator".into()));
        };
        if state.running {
            self.decref(sent);
            return Err(self.error(ExcKind::ValueError, "generator already executing".into()));
        }
        let Some(mut activation) = state.frame.take() else {
            self.decref(sent);
            return Ok(Step::Returned(self.none()));
        };
        let first = !state.started;
        state.started = true;
        state.running = true;
        let old_base = state.handled_base;
        let saved = std::mem::take(&mut state.saved_handled);
        if first && let Some(err) = thrown {
            // Throwing into a generator that never ran finishes it at once.
            self.decref(sent);
            if let Some(state) = self.native_mut::<Generator>(generator) {
                state.running = false;
            }
            self.decref_all(saved);
            self.release_activation(*activation);
            return Err(err);
        }
        let mut sent = sent;
        let mut thrown = thrown;
        if let Some(err) = thrown.take() {
            self.decref(sent);
            sent = self.none();
            match self.throw_into_delegate(&mut activation, err) {
                Delegated::Raise(err) => thrown = Some(err),
                Delegated::Resume(value) => sent = value,
                Delegated::Yielded(value) => {
                    // Still paused in `yield from`, where it was.
                    if let Some(state) = self.native_mut::<Generator>(generator) {
                        state.frame = Some(activation);
                        state.saved_handled = saved;
                        state.running = false;
                    }
                    return Ok(Step::Yielded(value));
                }
            }
        }
        if thrown.is_some() {
            self.decref(sent);
        } else if first {
            if sent != self.none() {
                self.decref(sent);
                if let Some(state) = self.native_mut::<Generator>(generator) {
                    state.frame = Some(activation);
                    state.running = false;
                    state.started = false;
                }
                return Err(self.error(
                    ExcKind::TypeError,
                    "can't send non-None value to a just-started generator".into(),
                ));
            }
        } else {
            activation.stack.push(sent);
        }
        // Handlers recorded how many exceptions were being handled when they
        // were set up; the count below them may differ on this resume.
        let base = self.handled.len();
        for handler in &mut activation.handlers {
            handler.handled_depth = handler.handled_depth - old_base + base;
        }
        self.handled.extend(saved);
        let result = self.execute_counted(&mut activation, thrown);
        let still_handled: Vec<ObjRef> =
            self.handled.drain(base.min(self.handled.len())..).collect();
        match result {
            Ok(Completion::Yield(value)) => {
                // A frame object made while it ran (a traceback's, a
                // callee's `f_back`) is a suspended generator's frame now.
                if let Some(frame) = activation.frame_object.get()
                    && let Some(frame) = self.native_mut::<Frame>(frame)
                {
                    frame.generator = Some(generator);
                }
                if let Some(state) = self.native_mut::<Generator>(generator) {
                    state.frame = Some(activation);
                    state.saved_handled = still_handled;
                    state.handled_base = base;
                    state.running = false;
                }
                Ok(Step::Yielded(value))
            }
            finished => {
                if let Some(state) = self.native_mut::<Generator>(generator) {
                    state.running = false;
                }
                self.decref_all(still_handled);
                self.release_activation(*activation);
                match finished {
                    Ok(Completion::Return(value)) => Ok(Step::Returned(value)),
                    Ok(Completion::Yield(_)) => unreachable!("handled above"),
                    Err(err) => Err(self.generator_error(err)),
                }
            }
        }
    }

    /// A `StopIteration` escaping a generator becomes a `RuntimeError` (PEP 479).
    fn generator_error(&mut self, err: PyErr) -> PyErr {
        let stop = self.exceptions[ExcKind::StopIteration as usize];
        let is_stop = self
            .class_of_instance(err.0)
            .is_some_and(|class| self.is_subclass(class, stop));
        if !is_stop {
            return err;
        }
        self.decref(err.0);
        self.error(
            ExcKind::RuntimeError,
            "generator raised StopIteration".into(),
        )
    }

    /// One step of `yield from`: sends `value` (taking its reference) to
    /// `iterator`; `Some(yielded)` or `None` when it is exhausted (its return
    /// value is then kept for [`Vm::take_return_value`]).
    pub(crate) fn send_to(&mut self, iterator: ObjRef, value: ObjRef) -> PyResult<Option<ObjRef>> {
        if self.is_generator(iterator) {
            return match self.resume_generator(iterator, value)? {
                Step::Yielded(yielded) => Ok(Some(yielded)),
                Step::Returned(returned) => {
                    self.last_return = Some(returned);
                    Ok(None)
                }
            };
        }
        self.decref(value);
        self.next_item(iterator)
    }

    /// The return value of the sub-generator `yield from` just finished
    /// (`None` for other iterators).
    pub(crate) fn take_return_value(&mut self, _iterator: ObjRef) -> ObjRef {
        self.last_return.take().unwrap_or(self.singletons.none)
    }

    /// `next(generator)` for iteration: the next value, or `None` when it is done.
    pub(crate) fn next_from_generator(&mut self, generator: ObjRef) -> PyResult<Option<ObjRef>> {
        let none = self.none();
        match self.resume_generator(generator, none)? {
            Step::Yielded(value) => Ok(Some(value)),
            Step::Returned(value) => {
                self.decref(value);
                Ok(None)
            }
        }
    }

    /// `generator.send(value)`: like `next`, but the paused `yield` evaluates
    /// to `value`; a finished generator raises `StopIteration(return value)`.
    pub(crate) fn generator_send(&mut self, generator: ObjRef, value: ObjRef) -> PyResult<ObjRef> {
        self.incref(value);
        match self.resume_generator(generator, value)? {
            Step::Yielded(value) => Ok(value),
            Step::Returned(value) => Err(self.stop_iteration(value)),
        }
    }

    /// `generator.throw(exc)`: raises `exc` (a class or an instance,
    /// borrowed) at the paused `yield`; returns what the generator yields next.
    pub(crate) fn generator_throw(&mut self, generator: ObjRef, exc: ObjRef) -> PyResult<ObjRef> {
        self.incref(exc);
        let exc = self.make_exception_instance(exc)?;
        match self.throw_step(generator, PyErr(exc))? {
            Step::Yielded(value) => Ok(value),
            Step::Returned(value) => Err(self.stop_iteration(value)),
        }
    }

    /// Raises `err` at the generator's paused `yield` (or hands it to the
    /// sub-iterator of a `yield from`, see [`crate::eval::delegation`]).
    pub(crate) fn throw_step(&mut self, generator: ObjRef, err: PyErr) -> PyResult<Step> {
        let none = self.none();
        self.resume_generator_with(generator, none, Some(err))
    }

    /// True for a generator paused at a `yield` (started, not finished).
    pub(crate) fn is_suspended_generator(&self, r: ObjRef) -> bool {
        self.native::<Generator>(r)
            .is_some_and(|g| g.started && !g.running && g.frame.is_some())
    }

    /// `generator.close()`: raises `GeneratorExit` at the paused `yield`, so
    /// `finally` blocks run; a generator that never started just finishes.
    pub(crate) fn generator_close(&mut self, generator: ObjRef) -> PyResult<()> {
        if self
            .native::<Generator>(generator)
            .is_some_and(|g| g.running)
        {
            return Err(self.error(ExcKind::ValueError, "generator already executing".into()));
        }
        if !self.is_suspended_generator(generator) {
            let frame = self
                .native_mut::<Generator>(generator)
                .and_then(|g| g.frame.take());
            if let Some(frame) = frame {
                self.release_activation(*frame);
            }
            return Ok(());
        }
        // CPython 3.11 raises the bare class (`PyErr_SetNone`): the
        // exception, if it is ever made, has no arguments to hold.
        let class = self.exceptions[ExcKind::GeneratorExit as usize];
        self.incref(class);
        let made = self.call(class, vec![], None);
        self.decref(class);
        let exit = match made {
            Ok(exit) => crate::vm::PyErr(exit),
            Err(err) => err,
        };
        let none = self.none();
        match self.resume_generator_with(generator, none, Some(exit)) {
            Ok(Step::Yielded(value)) => {
                self.decref(value);
                Err(self.error(
                    ExcKind::RuntimeError,
                    "generator ignored GeneratorExit".into(),
                ))
            }
            Ok(Step::Returned(value)) => {
                self.decref(value);
                Ok(())
            }
            Err(err) => {
                let exit = self.exceptions[ExcKind::GeneratorExit as usize];
                let is_exit = self
                    .class_of_instance(err.0)
                    .is_some_and(|class| self.is_subclass(class, exit));
                if is_exit {
                    self.decref(err.0);
                    Ok(())
                } else {
                    Err(err)
                }
            }
        }
    }

    /// Closes a paused generator about to be freed; an exception is printed
    /// and ignored, as for `__del__`.
    pub(crate) fn finalize_generator(&mut self, generator: ObjRef) {
        let (line, pc) = (self.line.get(), self.pc.get());
        let closed = self.generator_close(generator);
        // The report names the line that let go of the generator.
        self.line.set(line);
        self.pc.set(pc);
        if let Err(err) = closed {
            self.write_unraisable(generator, err);
        }
        self.line.set(line);
        self.pc.set(pc);
    }

    /// `StopIteration(value)`, taking `value`'s reference.
    pub(crate) fn stop_iteration(&mut self, value: ObjRef) -> PyErr {
        let class = self.exceptions[ExcKind::StopIteration as usize];
        self.incref(class);
        let args = if value == self.none() {
            self.decref(value);
            vec![]
        } else {
            vec![value]
        };
        let exc = self.call(class, args, None);
        self.decref(class);
        match exc {
            Ok(exc) => PyErr(exc),
            Err(err) => err,
        }
    }
}

impl Generator {
    /// What CPython 3.11's `_PyFrame_Traverse` visits of a generator's
    /// frame while it is alive (`None` once it has finished): the frame
    /// object, if one was made, and the function, which come before the
    /// code; then the locals and the value stack.
    pub(crate) fn frame_referents(&self) -> Option<(Vec<ObjRef>, Vec<ObjRef>)> {
        let frame = self.frame.as_ref()?;
        let before_code = frame.frame_object.get().into_iter().chain(frame.function);
        let values = frame.locals.iter().filter_map(std::cell::Cell::get);
        Some((
            before_code.collect(),
            values.chain(frame.stack.iter().copied()).collect(),
        ))
    }

    /// The code it runs.
    pub(crate) fn code(&self) -> std::rc::Rc<Code> {
        self.code.clone()
    }
}

impl Vm {
    /// `gi_frame`, `gi_running`, `gi_code` and `gi_suspended`; `None` for
    /// any other object or name.
    pub(crate) fn generator_attr(
        &mut self,
        generator: ObjRef,
        name: &str,
    ) -> Option<PyResult<ObjRef>> {
        let state = self.native::<Generator>(generator)?;
        let (running, finished) = (state.running, !state.running && state.frame.is_none());
        let suspended = state.started && !running && !finished;
        Some(Ok(match name {
            "gi_running" => self.new_bool(running),
            "gi_suspended" => self.new_bool(suspended),
            "gi_code" => {
                let code = state.code.clone();
                self.new_native(crate::types::frames::CodeObject { code })
            }
            // CPython 3.11: `None` once the generator has finished.
            "gi_frame" if finished => self.none(),
            "gi_frame" => {
                let (slot, slots, code) = (
                    state.frame_slot.clone(),
                    state.slots.clone(),
                    state.code.clone(),
                );
                let line = state
                    .frame
                    .as_deref()
                    .map_or(code.first_line, crate::eval::frames::last_line);
                let frame = match slot.get() {
                    Some(frame) => frame,
                    None => {
                        let mut object = Frame::live(code, line, slots);
                        object.generator = Some(generator);
                        let frame = self.new_native(object);
                        slot.set(Some(frame));
                        frame
                    }
                };
                self.new_ref(frame)
            }
            _ => return None,
        }))
    }

    /// The generator `frame` belongs to and its activation's last line,
    /// if the frame is a suspended generator's.
    pub(crate) fn suspended_generator_of(&self, frame: ObjRef) -> Option<(ObjRef, u32)> {
        let object = self.native::<Frame>(frame)?;
        let (generator, live) = (object.generator?, object.live.as_ref()?);
        // The generator is not counted: it must still be alive, and be the
        // one whose slots this frame reads (the frame keeps those slots
        // alive, so no other generator can have them).
        let state = match &self.mem.heap().try_get(generator)?.payload {
            ch01_objects::Payload::Native(native) => native.as_any().downcast_ref::<Generator>()?,
            _ => return None,
        };
        if !std::rc::Rc::ptr_eq(&state.slots, live) || state.running {
            return None;
        }
        let activation = state.frame.as_deref()?;
        Some((generator, crate::eval::frames::last_line(activation)))
    }
}

/// `sys.getsizeof` of a generator running `code`: the generator object and
/// its frame, one word per local, cell and stack slot.
pub(crate) fn generator_size(code: &Code) -> usize {
    let slots = code.varnames.len() + code.cell_count() + code.stack_size();
    168 + 8 * slots
}
