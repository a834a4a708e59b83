//! Activations and the frame stack: running one to completion, entering
//! and leaving it, and linking the frame objects a traceback sees.

use crate::types::code::Code;
use crate::types::exceptions::ExcKind;
use crate::types::native::Frame;
use crate::vm::{FrameSlot, PyErr, PyResult, RunningFrame, Vm};
use ch01_objects::ObjRef;
use std::cell::Cell as StdCell;
use std::rc::Rc;

/// An activation's local slots, then its cells and free variables
/// (CPython 3.11's `localsplus`). Shared with the activation's frame
/// object, so that `f_locals` reads a frame that is still running or is a
/// suspended generator's; the activation owns the references in it.
pub(crate) type Slots = Rc<[StdCell<Option<ObjRef>>]>;

/// `n` empty slots.
pub(crate) fn new_slots(n: usize) -> Slots {
    (0..n).map(|_| StdCell::new(None)).collect()
}

/// Where an exception handler resumes. CPython 3.11: an exception table entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Handler {
    pub(crate) target: usize,
    pub(crate) stack_depth: usize,
    pub(crate) handled_depth: usize,
    /// Whether the exception becomes the one being handled (`except` and
    /// `finally`), or passes through untouched (a cleanup that re-raises).
    pub(crate) marks_handled: bool,
}

// ANCHOR: activation
/// One running function (or module, or class body). CPython: `_PyInterpreterFrame`.
///
/// A generator keeps its activation between steps (see [`crate::eval::generators`]).
pub(crate) struct Activation {
    pub(crate) code: Rc<Code>,
    /// The locals, then the cells (see [`Slots`]).
    pub(crate) locals: Slots,
    pub(crate) stack: Vec<ObjRef>,
    pub(crate) handlers: Vec<Handler>,
    pub(crate) pc: usize,
    /// The frame object, made only when a traceback or a callee's frame
    /// needs one. Shared with the interpreter's stack of running frames,
    /// which may make it on the activation's behalf (see [`Vm::caller_frame`]).
    pub(crate) frame_object: FrameSlot,
    /// The class namespace (a dict) while a class body runs.
    pub(crate) namespace: Option<ObjRef>,
    /// A generator's function, held until the generator finishes (CPython
    /// 3.11's `f_func`; every frame has one there, but an ordinary call's
    /// caller holds the function for as long anyway).
    pub(crate) function: Option<ObjRef>,
}
// ANCHOR_END: activation

impl std::fmt::Debug for Activation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Activation")
            .field("code", &self.code.name)
            .field("pc", &self.pc)
            .field("stack", &self.stack)
            .finish()
    }
}

impl Activation {
    /// A fresh activation of `code` with the given slots.
    pub(crate) fn new(code: Rc<Code>, locals: Slots) -> Activation {
        Activation {
            code,
            locals,
            stack: vec![],
            handlers: vec![],
            pc: 0,
            frame_object: FrameSlot::default(),
            namespace: None,
            function: None,
        }
    }

    /// Every reference the activation holds: locals, cells, the value stack
    /// and the frame object.
    pub(crate) fn refs(&self) -> Vec<ObjRef> {
        self.locals
            .iter()
            .filter_map(StdCell::get)
            .chain(self.stack.iter().copied())
            .chain(self.frame_object.get())
            .chain(self.function)
            .collect()
    }

    /// [`Activation::refs`], handed over: the slots are left empty, so a
    /// frame object that outlives the activation sees no locals.
    pub(crate) fn take_refs(&mut self) -> Vec<ObjRef> {
        self.locals
            .iter()
            .filter_map(StdCell::take)
            .chain(self.stack.drain(..))
            .chain(self.frame_object.take())
            .chain(self.function.take())
            .collect()
    }

    /// The local in `slot`, if bound.
    pub(crate) fn local(&self, slot: u32) -> Option<ObjRef> {
        self.locals.get(slot as usize).and_then(StdCell::get)
    }

    /// Binds the local in `slot` to `value`; returns what it was bound to.
    pub(crate) fn set_local(&self, slot: u32, value: ObjRef) -> Option<ObjRef> {
        self.locals
            .get(slot as usize)
            .and_then(|s| s.replace(Some(value)))
    }

    /// Unbinds the local in `slot`; returns what it was bound to.
    pub(crate) fn take_local(&self, slot: u32) -> Option<ObjRef> {
        self.locals.get(slot as usize).and_then(StdCell::take)
    }

    /// The cell (or free variable) `i`: the slot after the locals.
    pub(crate) fn cell(&self, i: u32) -> Option<ObjRef> {
        let slot = self.code.varnames.len() + i as usize;
        self.locals.get(slot).and_then(StdCell::get)
    }
}

/// The line of the instruction `activation` ran last (its first line if
/// it has not started).
pub(crate) fn last_line(activation: &Activation) -> u32 {
    let code = &activation.code;
    match activation.pc.checked_sub(1) {
        Some(at) => code.lines.get(at).copied().unwrap_or(code.first_line),
        None => code.first_line,
    }
}

/// How a run of the eval loop ended without an exception.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Completion {
    /// `return value`: the activation is finished.
    Return(ObjRef),
    /// `yield value`: the activation (a generator's) is suspended.
    Yield(ObjRef),
}

impl Vm {
    // ANCHOR: run
    /// Runs one activation to completion; its locals are released on the way out.
    pub(crate) fn run(&mut self, mut activation: Activation) -> PyResult<ObjRef> {
        let (caller_line, caller_pc) = (self.line.get(), self.pc.get());
        self.depth += 1;
        let handled_depth = self.handled.len();
        let result = if self.depth > self.recursion_limit {
            Err(self.error(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded".into(),
            ))
        } else {
            self.enter_frame(&activation, caller_line);
            let outcome = self.execute(&mut activation);
            self.running.pop();
            match outcome {
                Ok(Completion::Return(value)) => Ok(value),
                Ok(Completion::Yield(value)) => {
                    self.decref(value);
                    Err(self.error(ExcKind::SystemError, "yield outside a generator".into()))
                }
                Err(err) => Err(err),
            }
        };
        let released: Vec<ObjRef> = self
            .handled
            .drain(handled_depth.min(self.handled.len())..)
            .collect();
        self.decref_all(released);
        self.link_to_caller(&activation);
        self.release_activation(activation);
        self.depth -= 1;
        // What the caller's instruction does next happens on the caller's line.
        self.line.set(caller_line);
        self.pc.set(caller_pc);
        result
    }
    // ANCHOR_END: run

    // ANCHOR: release_activation
    /// Drops the value stack and the locals of a finished activation. If a
    /// traceback holds its frame object, the locals move there instead
    /// (CPython 3.11: `_PyFrame_Clear` → `take_ownership`).
    pub(crate) fn release_activation(&mut self, mut activation: Activation) {
        // What is left on the value stack goes first, popped from the top
        // (CPython 3.11 unwinds it before it clears the locals).
        let stack = std::mem::take(&mut activation.stack);
        self.decref_all(stack.into_iter().rev());
        let code = activation.code.clone();
        let names = code
            .varnames
            .iter()
            .chain(&code.cellvars)
            .chain(&code.freevars);
        let (local_names, locals): (Vec<Rc<str>>, Vec<ObjRef>) = names
            .zip(activation.locals.iter())
            .filter_map(|(name, local)| Some((name.clone(), local.take()?)))
            .unzip();
        let line = last_line(&activation);
        match activation.frame_object.take() {
            Some(frame) => {
                if let Some(frame_object) = self.native_mut::<Frame>(frame) {
                    frame_object.locals = locals;
                    frame_object.local_names = local_names;
                    frame_object.returned = true;
                    frame_object.live = None;
                    frame_object.generator = None;
                    frame_object.line = line;
                } else {
                    self.decref_all(locals);
                }
                self.decref(frame);
            }
            None => self.decref_all(locals),
        }
        if let Some(function) = activation.function.take() {
            self.decref(function);
        }
    }
    // ANCHOR_END: release_activation

    /// Records that `activation` starts running, called from the line
    /// `caller_line` of the activation that was running until now.
    pub(crate) fn enter_frame(&mut self, activation: &Activation, caller_line: u32) {
        if let Some(caller) = self.running.last_mut() {
            caller.line = caller_line;
        }
        self.running.push(RunningFrame {
            code: activation.code.clone(),
            line: activation.code.first_line,
            slot: activation.frame_object.clone(),
            locals: activation.locals.clone(),
        });
    }

    /// When a finished activation's frame object will outlive it (a
    /// traceback holds it), links it to its caller's frame object, made now
    /// if the caller has none yet: CPython 3.11's `take_ownership` sets
    /// `f_back` the same way, which is why a saved exception keeps the
    /// locals of every function it passed through, and of their callers,
    /// alive after they return.
    pub(crate) fn link_to_caller(&mut self, activation: &Activation) {
        let Some(frame) = activation.frame_object.get() else {
            return;
        };
        if self.mem.heap().get(frame).header.refcount <= 1 {
            return;
        }
        let Some(back) = self.caller_frame() else {
            return;
        };
        self.incref(back);
        let old = self
            .native_mut::<Frame>(frame)
            .and_then(|f| f.back.replace(back));
        self.decref_all(old);
    }

    /// The frame object of the innermost running activation, made if needed.
    pub(crate) fn caller_frame(&mut self) -> Option<ObjRef> {
        let caller = self.running.last()?;
        if let Some(frame) = caller.slot.get() {
            return Some(frame);
        }
        let (code, line, slot) = (caller.code.clone(), caller.line, caller.slot.clone());
        let frame = self.new_native(Frame::live(code, line, caller.locals.clone()));
        slot.set(Some(frame));
        Some(frame)
    }

    pub(crate) fn execute(&mut self, act: &mut Activation) -> PyResult<Completion> {
        self.execute_raising(act, None)
    }

    /// Runs one activation to completion (a generator's up to its next
    /// `yield`) without releasing it. Used by [`Vm::run`] and by generators.
    pub(crate) fn execute_counted(
        &mut self,
        activation: &mut Activation,
        thrown: Option<PyErr>,
    ) -> PyResult<Completion> {
        self.depth += 1;
        let result = if self.depth > self.recursion_limit {
            self.decref_all(thrown.map(|e| e.0));
            Err(self.error(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded".into(),
            ))
        } else {
            let caller_line = self.line.get();
            self.enter_frame(activation, caller_line);
            let outcome = self.execute_raising(activation, thrown);
            self.running.pop();
            outcome
        };
        self.depth -= 1;
        result
    }

    /// Runs `act`, first raising `thrown` at its current instruction if
    /// given (how `generator.close()` delivers `GeneratorExit`).
    pub(crate) fn execute_raising(
        &mut self,
        act: &mut Activation,
        mut thrown: Option<PyErr>,
    ) -> PyResult<Completion> {
        loop {
            let outcome = match thrown.take() {
                Some(err) => Err(err),
                None => self.step_until_error(act),
            };
            match outcome {
                Ok(value) => return Ok(value),
                Err(err) => {
                    if !std::mem::take(&mut self.reraising) {
                        self.chain_context(&err);
                        self.add_traceback(act, &err);
                    }
                    match act.handlers.pop() {
                        Some(handler) => self.enter_handler(act, handler, err),
                        None => return Err(err),
                    }
                }
            }
        }
    }

    // ANCHOR: push_pop
    pub(crate) fn push(&mut self, act: &mut Activation, value: ObjRef) {
        act.stack.push(value);
    }

    pub(crate) fn pop(&mut self, act: &mut Activation) -> PyResult<ObjRef> {
        match act.stack.pop() {
            Some(value) => Ok(value),
            None => Err(self.error(ExcKind::SystemError, "value stack underflow".into())),
        }
    }
    // ANCHOR_END: push_pop

    pub(crate) fn pop_n(&mut self, act: &mut Activation, n: usize) -> PyResult<Vec<ObjRef>> {
        if act.stack.len() < n {
            return Err(self.error(ExcKind::SystemError, "value stack underflow".into()));
        }
        let at = act.stack.len() - n;
        Ok(act.stack.split_off(at))
    }

    /// The item `depth` places from the top (1 is the top), not popped.
    pub(crate) fn peek(&mut self, act: &Activation, depth: u32) -> PyResult<ObjRef> {
        match act
            .stack
            .len()
            .checked_sub(depth as usize)
            .and_then(|i| act.stack.get(i))
        {
            Some(&value) => Ok(value),
            None => Err(self.error(ExcKind::SystemError, "value stack underflow".into())),
        }
    }

    pub(crate) fn top(&mut self, act: &Activation) -> PyResult<ObjRef> {
        match act.stack.last() {
            Some(&value) => Ok(value),
            None => Err(self.error(ExcKind::SystemError, "value stack underflow".into())),
        }
    }
}
