//! What a program can reach from a traceback: `tb_frame`, `tb_next`,
//! `tb_lineno`, and a frame's `f_back`, `f_code`, `f_lineno`, `f_globals`
//! and `f_locals`.
//!
//! Serves chapter 3: these are the links a debugger, a logger or an
//! exception saved in a list follows, and every one of them is a reference
//! that keeps objects alive. `f_locals` is the subtle one. In CPython 3.11
//! reading it copies the frame's locals into a dict that the frame keeps
//! (`frame->f_locals`), so each local has one reference more for as long as
//! the frame lives, and the dict is refreshed at the next read. `minipy` does
//! the same. (3.13 replaced the dict with a live proxy, PEP 667.)

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
            let (code, line, back) = (frame.code.clone(), frame.line, frame.back);
            return Some(Ok(match name {
                "f_back" => self.new_ref_or_none(back),
                "f_code" => self.new_native(CodeObject { code }),
                "f_lineno" => self.new_int(i64::from(line)),
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
            _ => return None,
        }))
    }

    /// `frame.f_locals`: the frame's dict of locals, refreshed from the
    /// locals it owns. The module's frame answers with the globals.
    fn frame_locals(&mut self, frame: ObjRef) -> PyResult<ObjRef> {
        let Some(f) = self.native::<Frame>(frame) else {
            return Err(self.error(ExcKind::TypeError, "not a frame".into()));
        };
        if f.code.kind == crate::bytecode::CodeKind::Module {
            let globals = self.globals;
            return Ok(self.new_ref(globals));
        }
        if !f.returned {
            return Err(self.error(
                ExcKind::NotImplementedError,
                "minipy gives f_locals only for a frame whose function has returned".into(),
            ));
        }
        let bindings: Vec<(Rc<str>, ObjRef)> = f
            .local_names
            .iter()
            .cloned()
            .zip(f.locals.iter().copied())
            .collect();
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
        for (name, local) in bindings {
            // A cell variable shows what its cell holds.
            let value = match self.native::<Cell>(local) {
                Some(cell) => match cell.value {
                    Some(value) => value,
                    None => continue,
                },
                None => local,
            };
            self.incref(value);
            let key = self.new_str(&name);
            self.dict_set(dict, DictKey::Str(name.as_ref().into()), key, value);
        }
        Ok(self.new_ref(dict))
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
