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

use std::any::Any;

use ch01_objects::{NativeObject, ObjRef};

use crate::eval::frames::{Activation, Completion};
use crate::types::exceptions::ExcKind;
use crate::vm::{PyErr, PyResult, Vm};

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
}

impl NativeObject for Generator {
    fn type_name(&self) -> &str {
        "generator"
    }
    fn has_finalizer(&self) -> bool {
        // Paused at a `yield`: freeing it must first close it, so that its
        // `finally` blocks run (CPython: the generator's `tp_finalize`).
        self.started && !self.running && self.frame.is_some()
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
        if let Some(frame) = self.frame.take() {
            out.extend(frame.refs());
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
        let none = self.none();
        match self.resume_generator_with(generator, none, Some(PyErr(exc)))? {
            Step::Yielded(value) => Ok(value),
            Step::Returned(value) => Err(self.stop_iteration(value)),
        }
    }

    /// True for a generator paused at a `yield` (started, not finished).
    pub(crate) fn is_suspended_generator(&self, r: ObjRef) -> bool {
        self.native::<Generator>(r)
            .is_some_and(|g| g.started && !g.running && g.frame.is_some())
    }

    /// `generator.close()`: raises `GeneratorExit` at the paused `yield`, so
    /// `finally` blocks run; a generator that never started just finishes.
    pub(crate) fn generator_close(&mut self, generator: ObjRef) -> PyResult<()> {
        if !self.is_suspended_generator(generator) {
            let frame = self
                .native_mut::<Generator>(generator)
                .and_then(|g| g.frame.take());
            if let Some(frame) = frame {
                self.release_activation(*frame);
            }
            return Ok(());
        }
        let exit = self.error(ExcKind::GeneratorExit, String::new());
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
        let line = self.line.get();
        if let Err(err) = self.generator_close(generator) {
            self.flush();
            let text = self.repr(generator).unwrap_or_default();
            eprintln!("Exception ignored in: {text}");
            self.print_traceback(&err);
            self.decref(err.0);
        }
        self.line.set(line);
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

// ----- how big a generator's frame is ----------------------------------------------

use crate::bytecode::Instr;
use crate::eval::code::Code;

/// How an instruction changes the depth of the value stack, and where it
/// may go next: `(effect when it falls through, jump target and effect)`.
fn stack_effect(instr: Instr) -> (Option<i64>, Option<(usize, i64)>) {
    use Instr as I;
    let n = |k: u32| i64::from(k);
    let fall = |e: i64| (Some(e), None);
    match instr {
        I::LoadConst(_)
        | I::BuildLocals
        | I::LoadFast(_)
        | I::LoadGlobal(_)
        | I::LoadName(_)
        | I::LoadDeref(_)
        | I::LoadClosure(_)
        | I::LoadMethod(_)
        | I::Dup
        | I::WithEnter
        | I::ImportName(_) => fall(1),
        I::DupTwo => fall(2),
        I::StoreFast(_)
        | I::StoreGlobal(_)
        | I::StoreName(_)
        | I::StoreDeref(_)
        | I::DeleteAttr(_)
        | I::BinarySubscr
        | I::Binary(_)
        | I::InplaceBinary(_)
        | I::Compare(_)
        | I::ListAppend(_)
        | I::ListExtend(_)
        | I::SetAdd(_)
        | I::DictMerge { .. }
        | I::Pop
        | I::WithExit
        | I::ImportStar
        | I::PrintExpr => fall(-1),
        I::StoreAttr(_) | I::DeleteSubscr | I::MapAdd(_) | I::BuildSlice => fall(-2),
        I::StoreSubscr => fall(-3),
        I::BuildList(k)
        | I::BuildTuple(k)
        | I::BuildConstList(k)
        | I::BuildSet(k)
        | I::BuildConstSet(k)
        | I::BuildString(k) => fall(1 - n(k)),
        I::BuildDict(k) => fall(1 - 2 * n(k)),
        I::FormatValue(flags) => fall(if flags >= 2 { -1 } else { 0 }),
        I::UnpackSequence(k) => fall(n(k) - 1),
        I::UnpackEx { before, after } => fall(n(before) + n(after)),
        I::Call(k) => fall(-n(k)),
        I::CallMethod(k) | I::CallKw(k) => fall(-n(k) - 1),
        I::CallEx { kwargs } => fall(-1 - i64::from(kwargs)),
        I::MakeFunction {
            defaults,
            closure,
            kwdefaults,
            ..
        } => fall(-i64::from(defaults) - i64::from(closure) - i64::from(kwdefaults)),
        I::BuildClass(k) => fall(-n(k)),
        I::Jump(t) => (None, Some((t as usize, 0))),
        I::PopJumpIfFalse(t) | I::PopJumpIfTrue(t) => (Some(-1), Some((t as usize, -1))),
        I::JumpIfFalseOrPop(t) | I::JumpIfTrueOrPop(t) => (Some(-1), Some((t as usize, 0))),
        I::ForIter(t) => (Some(1), Some((t as usize, -1))),
        I::Send(t) => (Some(0), Some((t as usize, -1))),
        I::SetupExcept(t) | I::SetupFinally(t) => (Some(0), Some((t as usize, 1))),
        I::Return | I::Raise(_) | I::Reraise => (None, None),
        _ => fall(0),
    }
}

/// The most values the frame's stack holds at once, counted as CPython's
/// compiler counts them (`co_stacksize`): a plain call also holds a NULL
/// slot below the callable while its arguments are evaluated.
fn stack_size(code: &Code) -> usize {
    let mut deepest: Vec<Option<i64>> = vec![None; code.instrs.len()];
    let mut work = vec![(0usize, 0i64)];
    let mut max = 0i64;
    while let Some((pc, depth)) = work.pop() {
        let Some(&instr) = code.instrs.get(pc) else {
            continue;
        };
        if deepest[pc].is_some_and(|d| d >= depth) {
            continue;
        }
        deepest[pc] = Some(depth);
        max = max.max(depth);
        let (fall, jump) = stack_effect(instr);
        if let Some(effect) = fall {
            let next = depth + effect;
            max = max.max(next);
            work.push((pc + 1, next));
        }
        if let Some((target, effect)) = jump {
            let next = depth + effect;
            max = max.max(next);
            work.push((target, next));
        }
    }
    max.max(calls_with_null_slots(code, &deepest)).max(0) as usize
}

/// CPython pushes a NULL below the callable of a plain call, so while a
/// call's arguments are evaluated its frame holds one more slot (two in a
/// nested call, ...). Walks the code in order with the depths found above,
/// remembering for each stack slot the deepest the stack went while that
/// slot was live; a call then peaks one above its callable's mark.
fn calls_with_null_slots(code: &Code, depths: &[Option<i64>]) -> i64 {
    let mut marks: Vec<i64> = vec![];
    let mut max = 0;
    for (pc, &instr) in code.instrs.iter().enumerate() {
        let Some(depth) = depths.get(pc).copied().flatten() else {
            continue;
        };
        let depth_slots = depth.max(0) as usize;
        marks.truncate(depth_slots);
        while marks.len() < depth_slots {
            marks.push(depth);
        }
        for mark in &mut marks {
            *mark = (*mark).max(depth);
        }
        let callable_slot = match instr {
            Instr::Call(n) => depth - i64::from(n) - 1,
            Instr::CallKw(n) => depth - i64::from(n) - 2,
            Instr::CallEx { kwargs } => depth - 2 - i64::from(kwargs),
            _ => continue,
        };
        let Some(&mark) = usize::try_from(callable_slot)
            .ok()
            .and_then(|c| marks.get(c))
        else {
            continue;
        };
        let peak = mark + 1;
        max = max.max(peak);
        for below in marks.iter_mut().take(callable_slot as usize) {
            *below = (*below).max(peak);
        }
    }
    max
}

/// `sys.getsizeof` of a generator running `code`: the generator object and
/// its frame, one word per local, cell and stack slot.
pub(crate) fn generator_size(code: &Code) -> usize {
    let slots = code.varnames.len() + code.cell_count() + stack_size(code);
    168 + 8 * slots
}
