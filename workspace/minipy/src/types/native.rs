//! The object kinds the interpreter defines on top of chapter 1's payloads,
//! the way C extension types extend CPython: functions, cells, bound methods,
//! built-in functions, ranges, slices, iterators, frames, tracebacks,
//! modules and files.
//!
//! Each kind reports the references it holds (`visit_refs`, CPython's
//! `tp_traverse`) and hands them over when freed (`take_refs`, in the order
//! its CPython `tp_dealloc` releases them). Frames and tracebacks matter most
//! to chapter 3: a traceback holds its frames, and a frame holds its locals.

use std::rc::Rc;

use ch01_objects::ObjRef;
use ch01_objects::dict::Dict;

use crate::types::builtin_fn::BuiltinFn;
use crate::types::code::Code;

/// Implements `NativeObject` for a type from its Python name and the two
/// ways it reports its references (visit them; hand them over).
macro_rules! native_kind {
    ($type:ty, $name:expr, |$this:ident, $visit:ident| $visit_body:block, |$that:ident, $out:ident| $take_body:block) => {
        $crate::types::native::native_kind!($type, $name, |$this, $visit| $visit_body, |$that, $out| $take_body, {});
    };
    ($type:ty, $name:expr, |$this:ident, $visit:ident| $visit_body:block, |$that:ident, $out:ident| $take_body:block, { $($extra:item)* }) => {
        impl ch01_objects::NativeObject for $type {
            $($extra)*
            fn type_name(&self) -> &str {
                $name
            }
            fn visit_refs(&self, $visit: &mut dyn FnMut(ch01_objects::ObjRef)) {
                let $this = self;
                $visit_body
            }
            fn take_refs(&mut self, $out: &mut Vec<ch01_objects::ObjRef>) {
                let $that = self;
                $take_body
            }
            fn as_any(&self) -> &dyn std::any::Any {
                self
            }
            fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
                self
            }
        }
    };
}
pub(crate) use native_kind;

/// A function made by `def`, `lambda` or a comprehension. CPython: `PyFunctionObject`.
#[derive(Debug)]
pub struct Function {
    /// The compiled body.
    pub code: Rc<Code>,
    /// Default values of the last positional parameters.
    pub defaults: Vec<ObjRef>,
    /// Default values of keyword-only parameters, by name.
    pub kwdefaults: Vec<(Rc<str>, ObjRef)>,
    /// The cells of the enclosing functions' variables it uses.
    pub closure: Vec<ObjRef>,
    /// The class it was defined in, for `C.f` in messages (`__qualname__`).
    pub qualname: Rc<str>,
    /// `__name__` (the code's name unless `functools.wraps` copied another).
    pub name: Rc<str>,
    /// Attributes set on the function (`f.calls = 0`). CPython: `func_dict`.
    pub attrs: Dict,
    /// `__doc__` when `functools.wraps` copied another function's (`None`:
    /// the code's docstring). CPython: `func_doc`.
    pub doc: Option<Option<Rc<str>>>,
    /// The module's dict it runs in, `__main__`'s, which it keeps alive
    /// (CPython: `func_globals`); `None` for the functions of the modules
    /// minipy writes in Python, which belong to their module.
    pub globals: Option<ObjRef>,
}
native_kind!(
    Function,
    "function",
    |this, visit| {
        this.globals.into_iter().for_each(&mut *visit);
        this.defaults
            .iter()
            .chain(this.kwdefaults.iter().map(|(_, v)| v))
            .copied()
            .for_each(&mut *visit);
        this.attrs.visit_refs(&mut *visit);
        this.closure.iter().copied().for_each(visit)
    },
    |this, out| {
        // CPython's func_clear: globals, defaults, keyword defaults,
        // __dict__, closure.
        out.extend(this.globals.take());
        out.append(&mut this.defaults);
        out.extend(this.kwdefaults.drain(..).map(|(_, v)| v));
        for (key, value) in this.attrs.drain() {
            out.push(key);
            out.push(value);
        }
        out.append(&mut this.closure);
    },
    {
        // What CPython keeps in objects of their own: the `__dict__` made
        // when an attribute is set, the `__defaults__` tuple, the
        // `__kwdefaults__` dict and the `__closure__` tuple of cells, each
        // counted when the collector would be following it.
        fn hidden_objects(&self, may_be_tracked: &dyn Fn(ch01_objects::ObjRef) -> bool) -> usize {
            let dict = self
                .attrs
                .iter()
                .any(|(k, v)| may_be_tracked(k) || may_be_tracked(v));
            let defaults = self.defaults.iter().any(|&v| may_be_tracked(v));
            let kwdefaults = self.kwdefaults.iter().any(|&(_, v)| may_be_tracked(v));
            let closure = !self.closure.is_empty();
            [dict, defaults, kwdefaults, closure]
                .into_iter()
                .filter(|&b| b)
                .count()
        }
    }
);

/// A variable captured by a closure. CPython: `PyCellObject`.
#[derive(Debug, Default)]
pub struct Cell {
    /// What the variable is bound to, if anything.
    pub value: Option<ObjRef>,
}
native_kind!(
    Cell,
    "cell",
    |this, visit| { this.value.into_iter().for_each(visit) },
    |this, out| { out.extend(this.value.take()) }
);

/// `obj.method` evaluated without calling it. CPython: `PyMethodObject`.
#[derive(Debug)]
pub struct BoundMethod {
    /// The function.
    pub function: ObjRef,
    /// The object it is bound to.
    pub receiver: ObjRef,
}
native_kind!(
    BoundMethod,
    "method",
    |this, visit| {
        this.function.held().into_iter().for_each(&mut *visit);
        this.receiver.held().into_iter().for_each(visit);
    },
    |this, out| {
        // CPython's meth_dealloc drops im_func, then im_self.
        this.function.take_into(out);
        this.receiver.take_into(out);
    }
);

/// A function implemented in Rust, possibly bound to the object it is a method of.
/// CPython: `builtin_function_or_method` / `method_descriptor`.
#[derive(Debug)]
pub struct Builtin {
    /// Which function.
    pub function: BuiltinFn,
    /// The receiver, for a bound method such as `[].append`.
    pub receiver: Option<ObjRef>,
}
impl ch01_objects::NativeObject for Builtin {
    fn type_name(&self) -> &str {
        // `object`'s slots are wrappers in CPython: `object.__eq__` is a
        // `wrapper_descriptor`, `x.__eq__` a `method-wrapper`.
        match (self.function.is_slot_wrapper(), self.receiver) {
            (true, None) => "wrapper_descriptor",
            (true, Some(_)) => "method-wrapper",
            // `list.append`, `object.__sizeof__`: a method of a type, unbound.
            (false, None) if self.function.is_unbound_method() => "method_descriptor",
            (false, _) => "builtin_function_or_method",
        }
    }
    fn visit_refs(&self, visit: &mut dyn FnMut(ch01_objects::ObjRef)) {
        self.receiver.into_iter().for_each(visit)
    }
    fn take_refs(&mut self, out: &mut Vec<ch01_objects::ObjRef>) {
        out.extend(self.receiver.take())
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

/// `range(start, stop, step)`.
#[derive(Debug, Clone, Copy)]
pub struct Range {
    /// First value.
    pub start: i64,
    /// End (excluded).
    pub stop: i64,
    /// Step (never 0).
    pub step: i64,
}
native_kind!(Range, "range", |_this, _visit| {}, |_this, _out| {}, {
    fn is_gc(&self) -> bool {
        false
    }
});

impl Range {
    /// Number of values.
    pub fn len(&self) -> i64 {
        let span = if self.step > 0 {
            self.stop - self.start
        } else {
            self.start - self.stop
        };
        if span <= 0 {
            0
        } else {
            (span - 1) / self.step.abs() + 1
        }
    }

    /// True if the range is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// `lower:upper:step` in a subscript.
#[derive(Debug)]
pub struct Slice {
    /// Start, stop and step (each may be `None`).
    pub parts: [ObjRef; 3],
}
native_kind!(
    Slice,
    "slice",
    |this, visit| { this.parts.iter().filter_map(|p| p.held()).for_each(visit) },
    |this, out| { this.parts.iter_mut().for_each(|part| part.take_into(out)) }
);

/// What an iterator walks over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IterKind {
    /// A list (re-read at each step, as CPython does).
    List,
    /// A tuple.
    Tuple,
    /// A string, one character at a time; 3.11 has a faster iterator,
    /// and a type of its own, for one of ASCII characters only.
    Str {
        /// Every character is ASCII (CPython: `str_ascii_iterator`).
        ascii: bool,
    },
    /// A dict's keys, in insertion order.
    DictKeys,
    /// A dict's values.
    DictValues,
    /// A dict's `(key, value)` pairs, each a new tuple.
    DictItems,
    /// An object with `__getitem__` and no `__iter__`: `obj[0]`, `obj[1]`,
    /// ... until `IndexError` (CPython: the `iterator` of `PySeqIter_New`).
    GetItem,
    /// `reversed(obj)` of an object with `__len__` and `__getitem__`:
    /// `obj[n - 1]` down to `obj[0]`, `index` being how many are left
    /// (CPython: the `reversed` object).
    ReversedGetItem,
    /// `reversed(list)`: the list re-read at each step, last index first,
    /// `index` being how many are left (CPython: `list_reverseiterator`).
    ReversedList,
}

/// An iterator over a sequence or dict. CPython: `listiterator`, `tupleiterator`, ...
#[derive(Debug)]
pub struct SeqIter {
    /// What is iterated (one reference, dropped when exhausted).
    pub seq: Option<ObjRef>,
    /// Which kind of sequence.
    pub kind: IterKind,
    /// Position of the next item.
    pub index: usize,
    /// For a dict: its length when iteration began; a change is an error.
    /// CPython: `di_used`.
    pub expected_len: Option<usize>,
    /// A dict items iterator's result pair, handed out again when nobody
    /// else holds it (CPython 3.11's `di_result`).
    pub result: Option<ObjRef>,
}
impl ch01_objects::NativeObject for SeqIter {
    /// CPython 3.11's name for each kind of iterator.
    fn type_name(&self) -> &str {
        match self.kind {
            IterKind::List => "list_iterator",
            IterKind::Tuple => "tuple_iterator",
            IterKind::Str { ascii: true } => "str_ascii_iterator",
            IterKind::Str { ascii: false } => "str_iterator",
            IterKind::DictKeys => "dict_keyiterator",
            IterKind::DictValues => "dict_valueiterator",
            IterKind::DictItems => "dict_itemiterator",
            IterKind::GetItem => "iterator",
            IterKind::ReversedGetItem => "reversed",
            IterKind::ReversedList => "list_reverseiterator",
        }
    }
    fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        self.seq.into_iter().chain(self.result).for_each(visit)
    }
    fn take_refs(&mut self, out: &mut Vec<ObjRef>) {
        out.extend(self.seq.take());
        out.extend(self.result.take());
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

/// An iterator over a range.
#[derive(Debug)]
pub struct RangeIter {
    /// The next value.
    pub next: i64,
    /// Values left.
    pub remaining: i64,
    /// Step.
    pub step: i64,
}
native_kind!(
    RangeIter,
    "range_iterator",
    |_this, _visit| {},
    |_this, _out| {},
    {
        fn is_gc(&self) -> bool {
            false
        }
    }
);

/// A frame object: a function activation that Python code can see
/// (`sys._getframe()`, `tb_frame`, `gi_frame`). CPython: `PyFrameObject`.
///
/// While the function runs, or waits in a suspended generator, its locals
/// live in the activation and the frame only reads them (`live`); when it
/// returns and something still holds this frame, the locals move in here
/// (CPython 3.11's `take_ownership`) and live as long as the frame does,
/// or until `frame.clear()`.
#[derive(Debug)]
pub struct Frame {
    /// The code it runs.
    pub code: Rc<Code>,
    /// The line it was at when it last stopped (a running frame's line is
    /// the interpreter's, see [`crate::types::frames`]).
    pub line: u32,
    /// The activation's slots while it runs or is suspended; their
    /// references are the activation's, not this frame's.
    pub(crate) live: Option<crate::eval::frames::Slots>,
    /// The generator whose activation this is, while it has one (not
    /// counted: checked to still hold this frame before it is used).
    pub generator: Option<ObjRef>,
    /// Its locals once the function has returned, in slot order.
    pub locals: Vec<ObjRef>,
    /// The name of each of `locals`.
    pub local_names: Vec<Rc<str>>,
    /// Whether the function has returned, leaving its locals to this frame.
    pub returned: bool,
    /// The dict `f_locals` returned, kept and refreshed as CPython 3.11 does.
    pub locals_dict: Option<ObjRef>,
    /// `f_back`: the caller's frame object, linked when this frame outlives
    /// its function (CPython 3.11's `take_ownership`), so a saved traceback
    /// keeps the callers' locals alive too.
    pub back: Option<ObjRef>,
}

impl Frame {
    /// The frame object of an activation that has not finished, reading its slots.
    pub(crate) fn live(code: Rc<Code>, line: u32, slots: crate::eval::frames::Slots) -> Frame {
        Frame {
            code,
            line,
            live: Some(slots),
            generator: None,
            locals: vec![],
            local_names: vec![],
            returned: false,
            locals_dict: None,
            back: None,
        }
    }
}

native_kind!(
    Frame,
    "frame",
    |this, visit| {
        // A live frame's slots are its activation's: the running stack is a
        // root, and a generator reports them itself (CPython 3.11's
        // `frame_traverse` visits the locals only of a frame that owns them).
        this.locals_dict.into_iter().for_each(&mut *visit);
        this.locals.iter().copied().for_each(&mut *visit);
        this.back.into_iter().for_each(visit);
    },
    |this, out| {
        // frame_dealloc: the f_locals dict, the locals, then f_back.
        out.extend(this.locals_dict.take());
        out.append(&mut this.locals);
        out.extend(this.back.take());
    }
);

/// One entry of an exception's traceback. CPython: `PyTracebackObject`.
#[derive(Debug)]
pub struct Traceback {
    /// The frame the exception passed through.
    pub frame: ObjRef,
    /// The line there.
    pub line: u32,
    /// The source of the instruction that was running there, as byte
    /// offsets into its file (CPython: `tb_lasti`, read through
    /// `co_positions()`), if known.
    pub position: Option<(u32, u32)>,
    /// The entry for the next inner frame.
    pub next: Option<ObjRef>,
}
native_kind!(
    Traceback,
    "traceback",
    |this, visit| {
        this.next.into_iter().for_each(&mut *visit);
        this.frame.held().into_iter().for_each(visit);
    },
    |this, out| {
        // tb_dealloc: tb_next, then tb_frame.
        out.extend(this.next.take());
        this.frame.take_into(out);
    }
);

/// A module object such as `sys` or `gc`. CPython: `PyModuleObject`.
#[derive(Debug)]
pub struct Module {
    /// `__name__`.
    pub name: Rc<str>,
    /// Its attributes.
    pub attrs: Dict,
}
native_kind!(
    Module,
    "module",
    |this, visit| { this.attrs.visit_refs(visit) },
    |this, out| {
        for (key, value) in this.attrs.drain() {
            out.push(key);
            out.push(value);
        }
    }
);

/// A text file opened for reading. CPython: `_io.TextIOWrapper`.
#[derive(Debug)]
pub struct File {
    /// The path it was opened with.
    pub name: Rc<str>,
    /// The whole contents, read at `open`.
    pub text: String,
    /// Byte offset of the next read.
    pub position: usize,
    /// True after `close()`.
    pub closed: bool,
}
native_kind!(File, "TextIOWrapper", |_this, _visit| {}, |_this, _out| {});
