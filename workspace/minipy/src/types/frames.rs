//! Frames as Python code sees them: `sys._getframe()`, a traceback's
//! `tb_frame`, `tb_next` and `tb_lineno`, a frame's `f_back`, `f_code`,
//! `f_lineno`, `f_globals`, `f_locals` and `clear()`, and a code object's
//! `co_*` attributes. CPython: `Objects/frameobject.c`.
//!
//! Serves chapter 3: these are the links a debugger, a logger or an
//! exception saved in a list follows, and every one of them is a reference
//! that keeps objects alive. `f_locals` is the subtle one. In CPython 3.11
//! reading it copies the frame's locals into a dict that the frame keeps
//! (`frame->f_locals`), so each local has one reference more for as long as
//! the frame lives, and the dict is refreshed at the next read. `minipy` does
//! the same. (3.13 replaced the dict with a live proxy, PEP 667.)
//!
//! A frame object is in one of three states, as in CPython 3.11: its
//! activation is running (on the interpreter's stack), suspended (a
//! generator's, not running), or finished, the frame then owning what
//! locals it kept. `clear()` is the way to let go of those without letting
//! go of the frame: the classic break of a traceback → frame → locals cycle.

use std::rc::Rc;

use ch01_objects::{DictKey, ObjRef, Payload};

use crate::types::code::Code;
use crate::types::exceptions::ExcKind;
use crate::types::native::{Cell, Frame, Traceback};
use crate::vm::{PyResult, Vm};

/// `frame.f_code`: a window on a function's compiled code. CPython: `PyCodeObject`.
#[derive(Debug)]
pub struct CodeObject {
    /// The code.
    pub code: Rc<Code>,
}

crate::types::native::native_kind!(CodeObject, "code", |_this, _visit| {}, |_that, _out| {}, {
    // CPython 3.11's code objects are not the collector's.
    fn is_gc(&self) -> bool {
        false
    }
});

/// Where a frame object's activation is.
#[derive(Debug, Clone, Copy)]
enum FrameState {
    /// Running: this many places from the bottom of the interpreter's stack.
    Running(usize),
    /// A suspended generator's, stopped at this line.
    Suspended(ObjRef, u32),
    /// Its function has returned (or it was never more than a record).
    Finished,
}

impl Vm {
    /// The attributes of tracebacks, frames and code objects; `None` for
    /// any other object or name.
    pub(crate) fn frame_attr(&mut self, object: ObjRef, name: &str) -> Option<PyResult<ObjRef>> {
        if let Some(tb) = self.native::<Traceback>(object) {
            let (frame, line, next) = (tb.frame, tb.line, tb.next);
            return Some(Ok(match name {
                "tb_frame" => self.new_ref(frame),
                "tb_next" => self.new_ref_or_none(next),
                "tb_lineno" => self.new_int(i64::from(line)),
                _ => return None,
            }));
        }
        if let Some(frame) = self.native::<Frame>(object) {
            let (code, back) = (frame.code.clone(), frame.back);
            let state = self.frame_state(object);
            return Some(Ok(match name {
                "f_back" => match state {
                    Running(0) => self.none(),
                    Running(i) => {
                        let caller = self.running_frame_object(i - 1);
                        self.new_ref_or_none(caller)
                    }
                    // CPython 3.11: a suspended generator's frame has no caller.
                    Suspended(..) => self.none(),
                    Finished => self.new_ref_or_none(back),
                },
                "f_code" => self.new_native(CodeObject { code }),
                "f_lineno" => {
                    let line = self.frame_line(object);
                    self.new_int(i64::from(line))
                }
                "f_globals" => {
                    let globals = self.globals;
                    self.new_ref(globals)
                }
                "f_locals" => return Some(self.frame_locals(object)),
                _ => return None,
            }));
        }
        let code = self.native::<CodeObject>(object)?.code.clone();
        Some(Ok(match name {
            "co_name" => self.new_str(&code.name),
            "co_qualname" => self.new_str(&code.qualname),
            "co_filename" => self.new_str(&code.filename),
            "co_firstlineno" => self.new_int(i64::from(code.first_line)),
            "co_argcount" => self.new_int(code.argcount as i64),
            "co_posonlyargcount" => self.new_int(code.posonlyargcount as i64),
            "co_kwonlyargcount" => self.new_int(code.kwonlyargcount as i64),
            "co_nlocals" => self.new_int(code.varnames.len() as i64),
            "co_varnames" => self.names_tuple(&code.varnames),
            "co_cellvars" => self.names_tuple(&code.cellvars),
            "co_freevars" => self.names_tuple(&code.freevars),
            _ => return None,
        }))
    }

    /// The repr of a frame or code object (CPython's `frame_repr`, `code_repr`).
    pub(crate) fn frame_repr(&self, object: ObjRef) -> Option<String> {
        let at = self.mem.heap().address(object);
        if let Some(frame) = self.native::<Frame>(object) {
            let code = &frame.code;
            let line = self.frame_line(object);
            return Some(format!(
                "<frame at {at:#x}, file '{}', line {line}, code {}>",
                code.filename, code.name
            ));
        }
        let code = &self.native::<CodeObject>(object)?.code;
        Some(format!(
            "<code object {} at {at:#x}, file \"{}\", line {}>",
            code.name, code.filename, code.first_line
        ))
    }

    /// `frame.f_lineno`: where it is now, or where it stopped.
    fn frame_line(&self, frame: ObjRef) -> u32 {
        match self.frame_state(frame) {
            Running(i) if i + 1 == self.running.len() => self.line.get(),
            Running(i) => self.running[i].line,
            Suspended(_, line) => line,
            Finished => self.native::<Frame>(frame).map_or(0, |f| f.line),
        }
    }

    /// Which of the three states `frame`'s activation is in.
    fn frame_state(&self, frame: ObjRef) -> FrameState {
        if let Some(i) = self
            .running
            .iter()
            .rposition(|r| r.slot.get() == Some(frame))
        {
            return Running(i);
        }
        match self.suspended_generator_of(frame) {
            Some((generator, line)) => Suspended(generator, line),
            None => Finished,
        }
    }

    /// The frame object of the activation `i` places from the bottom of
    /// the interpreter's stack, made if it has none yet.
    pub(crate) fn running_frame_object(&mut self, i: usize) -> Option<ObjRef> {
        let running = self.running.get(i)?;
        if let Some(frame) = running.slot.get() {
            return Some(frame);
        }
        let line = if i + 1 == self.running.len() {
            self.line.get()
        } else {
            running.line
        };
        let (code, slot, slots) = (
            running.code.clone(),
            running.slot.clone(),
            running.locals.clone(),
        );
        let frame = self.new_native(Frame::live(code, line, slots));
        slot.set(Some(frame));
        Some(frame)
    }

    /// `sys._getframe(depth)`: the frame object `depth` calls up from the
    /// running one (a new reference); a negative depth is 0, as in CPython.
    pub(crate) fn get_frame(&mut self, depth: i64) -> PyResult<ObjRef> {
        let depth = usize::try_from(depth.max(0)).unwrap_or(usize::MAX);
        let index = self.running.len().checked_sub(depth.saturating_add(1));
        match index.and_then(|i| self.running_frame_object(i)) {
            Some(frame) => Ok(self.new_ref(frame)),
            None => Err(self.error(ExcKind::ValueError, "call stack is not deep enough".into())),
        }
    }

    /// `frame.clear()`. CPython 3.11's `frame_clear`: a running frame
    /// refuses; a suspended generator's is closed (its `finally` blocks
    /// run); a finished frame lets go of the locals it kept, in slot order,
    /// but keeps its `f_locals` dict and its `f_back`.
    pub(crate) fn frame_clear(&mut self, frame: ObjRef) -> PyResult<()> {
        match self.frame_state(frame) {
            Running(_) => Err(self.error(
                ExcKind::RuntimeError,
                "cannot clear an executing frame".into(),
            )),
            Suspended(generator, _) => {
                // The generator is not counted by the frame: hold it while it closes.
                self.incref(generator);
                self.finalize_generator(generator);
                self.decref(generator);
                Ok(())
            }
            Finished => {
                let locals = match self.native_mut::<Frame>(frame) {
                    Some(f) => {
                        f.local_names.clear();
                        std::mem::take(&mut f.locals)
                    }
                    None => vec![],
                };
                self.decref_all(locals);
                Ok(())
            }
        }
    }

    /// `frame.f_locals`: the frame's dict of locals, refreshed from its
    /// slots (names no longer bound are taken out, as 3.11's
    /// `_PyFrame_FastToLocalsWithError` does). The module's frame answers
    /// with the globals.
    fn frame_locals(&mut self, frame: ObjRef) -> PyResult<ObjRef> {
        let Some(f) = self.native::<Frame>(frame) else {
            return Err(self.error(ExcKind::TypeError, "not a frame".into()));
        };
        let code = f.code.clone();
        if code.kind != crate::bytecode::CodeKind::Function {
            // A class body's namespace is not reachable from its frame here;
            // its code sees the module's globals.
            let globals = self.globals;
            return Ok(self.new_ref(globals));
        }
        let names = code
            .varnames
            .iter()
            .chain(&code.cellvars)
            .chain(&code.freevars);
        let values: Vec<Option<ObjRef>> = match &f.live {
            Some(slots) => slots.iter().map(std::cell::Cell::get).collect(),
            None => names
                .clone()
                .map(|name| {
                    let at = f.local_names.iter().position(|n| n == name)?;
                    f.locals.get(at).copied()
                })
                .collect(),
        };
        let bindings: Vec<(Rc<str>, Option<ObjRef>)> = names.cloned().zip(values).collect();
        let dict = match f.locals_dict {
            Some(dict) => dict,
            None => {
                let dict = self.alloc(Payload::Dict(Default::default()));
                if let Some(f) = self.native_mut::<Frame>(frame) {
                    f.locals_dict = Some(dict);
                }
                dict
            }
        };
        let locals = code.varnames.len();
        for (slot, (name, local)) in bindings.into_iter().enumerate() {
            // A cell variable shows what its cell holds.
            let value = match local {
                Some(cell) if slot >= locals => self.native::<Cell>(cell).and_then(|c| c.value),
                other => other,
            };
            let key = DictKey::Str(name.as_ref().into());
            match value {
                Some(value) => {
                    self.incref(value);
                    let key_object = self.intern(&name);
                    self.dict_set(dict, key, key_object, value);
                }
                None => {
                    let removed = match self.payload_mut(dict) {
                        Payload::Dict(d) => d.remove(&key),
                        _ => None,
                    };
                    self.release_entry(removed);
                }
            }
        }
        Ok(self.new_ref(dict))
    }

    /// A tuple of `names`, as strings.
    fn names_tuple(&mut self, names: &[Rc<str>]) -> ObjRef {
        let items: Vec<ObjRef> = names.iter().map(|name| self.intern(name)).collect();
        self.alloc(Payload::Tuple(items.into()))
    }

    /// A new reference to `object`.
    pub(crate) fn new_ref(&mut self, object: ObjRef) -> ObjRef {
        self.incref(object);
        object
    }

    fn new_ref_or_none(&mut self, object: Option<ObjRef>) -> ObjRef {
        let object = object.unwrap_or_else(|| self.none());
        self.new_ref(object)
    }
}

use FrameState::{Finished, Running, Suspended};
