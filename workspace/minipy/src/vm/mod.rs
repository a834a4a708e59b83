//! The virtual machine: runs [`Code`] on a stack, doing reference counting
//! where CPython 3.11's eval loop does it.
//!
//! Serves chapters 2 and 3 (and every later chapter through the stages).
//! Who owns which reference:
//! - pushing onto the value stack takes a reference (`LOAD_FAST` increfs),
//!   popping hands it to the instruction, which stores it or drops it;
//! - a call owns its arguments: a Python function's arguments move into its
//!   locals, a built-in's are dropped when it returns;
//! - containers own their items, frames own their locals, the module dict
//!   owns the globals;
//! - the value stacks, the locals of running functions, the globals and the
//!   exceptions being handled are the roots.
//!
//! Every drop goes through [`Vm::decref`], which follows chapter 2's
//! protocol: the memory manager frees what it can and hands back objects
//! whose `__del__` must run; the VM runs it right there, synchronously.

use std::cell::Cell as StdCell;
use std::collections::HashMap;
use std::io::Write;
use std::rc::Rc;

use ch01_objects::dict::Dict;
use ch01_objects::object::Instance;
use ch01_objects::{DictKey, ObjRef, Payload};
use ch02_refcount::MemoryManager;

use crate::modules::builtins::BuiltinFn;
use crate::bytecode::{Const, Instr};
use crate::eval::code::{Code, Compiled};
use crate::eval::arguments::Defaults;
use crate::types::exceptions::ExcKind;
use crate::types::native::{self, Frame, Function};

/// A Python exception on its way up: one reference to the exception object.
#[derive(Debug)]
pub struct PyErr(pub ObjRef);

/// Results of operations that may raise.
pub type PyResult<T> = Result<T, PyErr>;

/// CPython's default `sys.getrecursionlimit()`.
pub const RECURSION_LIMIT: usize = 1000;

/// Where an exception handler resumes. CPython 3.11: an exception table entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Handler {
    target: usize,
    stack_depth: usize,
    pub(crate) handled_depth: usize,
    is_except: bool,
}

/// One running function (or module, or class body). CPython: `_PyInterpreterFrame`.
///
/// A generator keeps its activation between steps (see [`crate::eval::generators`]).
pub(crate) struct Activation {
    pub(crate) code: Rc<Code>,
    pub(crate) locals: Vec<Option<ObjRef>>,
    pub(crate) cells: Vec<ObjRef>,
    pub(crate) stack: Vec<ObjRef>,
    pub(crate) handlers: Vec<Handler>,
    pub(crate) pc: usize,
    /// The frame object, made only when a traceback or a callee's frame
    /// needs one. Shared with the interpreter's stack of running frames,
    /// which may make it on the activation's behalf (see [`Vm::caller_frame`]).
    pub(crate) frame_object: FrameSlot,
    /// The class namespace (a dict) while a class body runs.
    pub(crate) namespace: Option<ObjRef>,
}

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
    /// A fresh activation of `code` with the given locals.
    pub(crate) fn new(code: Rc<Code>, locals: Vec<Option<ObjRef>>) -> Activation {
        Activation {
            code,
            locals,
            cells: vec![],
            stack: vec![],
            handlers: vec![],
            pc: 0,
            frame_object: FrameSlot::default(),
            namespace: None,
        }
    }

    /// Every reference the activation holds: locals, cells, the value stack
    /// and the frame object.
    pub(crate) fn refs(&self) -> Vec<ObjRef> {
        self.locals
            .iter()
            .flatten()
            .chain(&self.cells)
            .chain(&self.stack)
            .copied()
            .chain(self.frame_object.get())
            .collect()
    }
}

/// Where an activation's frame object is kept, once made.
pub(crate) type FrameSlot = Rc<StdCell<Option<ObjRef>>>;

/// A running activation, as the interpreter's frame stack sees it: enough
/// to make its frame object when a callee's frame needs a caller to link to.
struct RunningFrame {
    code: Rc<Code>,
    /// The activation's current line while a callee runs (its call's line).
    line: u32,
    slot: FrameSlot,
}

/// How a run of the eval loop ended without an exception.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Completion {
    /// `return value`: the activation is finished.
    Return(ObjRef),
    /// `yield value`: the activation (a generator's) is suspended.
    Yield(ObjRef),
}

/// The objects every program starts with.
pub(crate) struct Singletons {
    pub none: ObjRef,
    pub true_: ObjRef,
    pub false_: ObjRef,
    /// The marker `LOAD_METHOD` pushes when there is no `self` (CPython: NULL).
    pub null: ObjRef,
    pub small_ints: Vec<ObjRef>,
    /// `()`: CPython has one empty tuple.
    pub empty_tuple: ObjRef,
    /// `""` and the 256 one-character strings of Latin-1, which CPython
    /// also keeps one of each (so `"abc"[0] is "a"`).
    pub latin1_strs: Vec<ObjRef>,
    pub empty_str: ObjRef,
}

/// The smallest and largest cached ints, as in CPython.
pub const SMALL_INT_MIN: i64 = -5;
/// See [`SMALL_INT_MIN`].
pub const SMALL_INT_MAX: i64 = 256;

/// The interpreter.
pub struct Vm {
    pub(crate) mem: Box<dyn MemoryManager>,
    pub(crate) out: Box<dyn Write>,
    pub(crate) singletons: Singletons,
    /// `__main__`'s namespace: a dict on the heap.
    pub(crate) globals: ObjRef,
    /// The `builtins` namespace (also holds the REPL's `_`).
    pub(crate) builtins: Dict,
    /// Built-in types by name (`int`, `list`, ...), each a class object.
    pub(crate) types: HashMap<&'static str, ObjRef>,
    /// What calling a built-in type does.
    pub(crate) constructors: HashMap<ObjRef, BuiltinFn>,
    /// Exception classes, indexed by [`ExcKind`].
    pub(crate) exceptions: Vec<ObjRef>,
    /// Unbound built-in methods, made once (CPython: method descriptors).
    pub(crate) method_cache: HashMap<(&'static str, Rc<str>), ObjRef>,
    /// Interned identifier strings.
    /// Identifier strings by text (hashed like dict keys: see `KeyHasher`).
    interned:
        HashMap<Rc<str>, ObjRef, std::hash::BuildHasherDefault<ch01_objects::dict::KeyHasher>>,
    /// Imported modules.
    pub(crate) modules: HashMap<Rc<str>, ObjRef>,
    /// Exceptions being handled, innermost last (CPython: `exc_info`).
    pub(crate) handled: Vec<ObjRef>,
    pub(crate) depth: usize,
    /// Set by a re-raise: the traceback already has the current frame.
    reraising: bool,
    /// The source line of the running instruction, shared with the tracer.
    pub(crate) line: Rc<StdCell<u32>>,
    /// Source text by file name, for tracebacks.
    pub(crate) sources: HashMap<Rc<str>, Rc<str>>,
    /// Code objects loaded so far (their constants are alive as long as they are).
    loaded: Vec<Rc<Code>>,
    /// The activations running now, innermost last (CPython: the chain of
    /// `_PyInterpreterFrame.previous`).
    running: Vec<RunningFrame>,
    /// Start of `time.perf_counter`.
    pub(crate) started: std::time::Instant,
    /// `gc.get_threshold()`: CPython 3.11's defaults until a program sets them.
    pub(crate) gc_thresholds: [i64; 3],
    /// The key table each dict would have in CPython (see [`crate::types::sizes`]).
    pub(crate) dict_tables: HashMap<ObjRef, crate::types::sizes::DictTable>,
    /// The `random` module's generator, made on first use.
    pub(crate) random: Option<Box<crate::modules::random::MersenneTwister>>,
    /// `sys.getrecursionlimit()`.
    pub(crate) recursion_limit: usize,
    /// The value a sub-generator returned to `yield from`, until it is pushed.
    pub(crate) last_return: Option<ObjRef>,
    /// `sys.argv[0]`.
    pub(crate) script_name: Rc<str>,
}

impl Vm {
    /// An interpreter on `mem`, printing to `out`.
    pub fn new(mem: Box<dyn MemoryManager>, out: Box<dyn Write>) -> Vm {
        let mut mem = mem;
        let immortal = |mem: &mut Box<dyn MemoryManager>, payload| {
            let r = mem.alloc(payload);
            mem.make_immortal(r);
            r
        };
        let none = immortal(&mut mem, Payload::None);
        let true_ = immortal(&mut mem, Payload::Bool(true));
        let false_ = immortal(&mut mem, Payload::Bool(false));
        let null = immortal(&mut mem, Payload::None);
        let small_ints = (SMALL_INT_MIN..=SMALL_INT_MAX)
            .map(|n| immortal(&mut mem, Payload::Int(n)))
            .collect();
        let empty_tuple = immortal(&mut mem, Payload::Tuple(Box::default()));
        let empty_str = immortal(&mut mem, Payload::Str("".into()));
        let latin1_strs = (0..=255u8)
            .map(|byte| immortal(&mut mem, Payload::Str(char::from(byte).to_string().into())))
            .collect();
        let globals = mem.alloc(Payload::Dict(Dict::new()));
        let mut vm = Vm {
            mem,
            out,
            singletons: Singletons {
                none,
                true_,
                false_,
                null,
                small_ints,
                empty_tuple,
                latin1_strs,
                empty_str,
            },
            globals,
            builtins: Dict::new(),
            types: HashMap::new(),
            constructors: HashMap::new(),
            exceptions: vec![],
            method_cache: HashMap::new(),
            modules: HashMap::new(),
            interned: HashMap::default(),
            handled: vec![],
            depth: 0,
            reraising: false,
            line: Rc::new(StdCell::new(0)),
            sources: HashMap::new(),
            loaded: vec![],
            running: vec![],
            started: std::time::Instant::now(),
            gc_thresholds: [700, 10, 10],
            random: None,
            dict_tables: HashMap::new(),
            recursion_limit: RECURSION_LIMIT,
            last_return: None,
            script_name: crate::modules::default_script_name(),
        };
        vm.install_builtins();
        vm.intern_type_slot_keys();
        let name = vm.new_str("__main__");
        vm.set_global("__name__", name);
        vm
    }

    /// The memory manager.
    pub fn memory(&self) -> &dyn MemoryManager {
        &*self.mem
    }

    /// The memory manager, for installing a tracer.
    pub fn memory_mut(&mut self) -> &mut dyn MemoryManager {
        &mut *self.mem
    }

    /// The line shared with a tracer: the source line of the running instruction.
    pub fn line_cell(&self) -> Rc<StdCell<u32>> {
        self.line.clone()
    }

    /// Flushes program output.
    pub fn flush(&mut self) {
        let _ = self.out.flush();
    }

    // ----- reference counting -------------------------------------------------

    /// Adds a reference. CPython: `Py_INCREF`.
    pub(crate) fn incref(&mut self, r: ObjRef) {
        self.mem.incref(r);
    }

    // ANCHOR: vm_decref
    /// Drops a reference, running `__del__` for whatever it frees that has one.
    /// CPython: `Py_DECREF`, with `tp_finalize` called from `subtype_dealloc`.
    pub(crate) fn decref(&mut self, r: ObjRef) {
        if self.mem.counts_references()
            && self.mem.heap().refcount(r) == 1
            && self.is_suspended_generator(r)
        {
            // The last reference to a paused generator: close it first, so
            // its `finally` blocks run (CPython: the generator's `tp_finalize`).
            self.finalize_generator(r);
        }
        let watermark = self.mem.begin_decref(r);
        while let Some(object) = self.mem.continue_decref(watermark) {
            self.run_finalizer(object);
            self.mem.end_finalizer(object);
        }
    }
    // ANCHOR_END: vm_decref

    pub(crate) fn decref_all(&mut self, refs: impl IntoIterator<Item = ObjRef>) {
        for r in refs {
            self.decref(r);
        }
    }

    /// Calls `object.__del__()`. An exception there is printed and ignored, as CPython does.
    fn run_finalizer(&mut self, object: ObjRef) {
        if self.is_suspended_generator(object) {
            self.finalize_generator(object);
            return;
        }
        let Some(class) = self.class_of_instance(object) else {
            return;
        };
        let Some(method) = self.lookup_in_class(class, "__del__") else {
            return;
        };
        self.incref(method);
        self.incref(object);
        let line = self.line.get();
        match self.call(method, vec![object], None) {
            Ok(result) => self.decref(result),
            Err(err) => {
                let name = self.function_qualname(method);
                self.flush();
                let address = self.mem.heap().address(method);
                eprintln!("Exception ignored in: <function {name} at {address:#x}>");
                self.print_traceback(&err);
                self.decref(err.0);
            }
        }
        self.decref(method);
        self.line.set(line);
    }

    // ----- allocation ------------------------------------------------------------

    /// Every object the interpreter creates goes through here.
    pub(crate) fn alloc(&mut self, payload: Payload) -> ObjRef {
        if let Some(shared) = self.shared_singleton(&payload) {
            return shared;
        }
        let is_dict = matches!(payload, Payload::Dict(_));
        let r = self.mem.alloc(payload);
        if is_dict {
            // A new dict in a reused slot starts without a key table.
            self.dict_tables.remove(&r);
        }
        r
    }

    /// The one object CPython keeps for this value, if it keeps one: the
    /// empty tuple, the empty string and the one-character Latin-1 strings.
    fn shared_singleton(&self, payload: &Payload) -> Option<ObjRef> {
        match payload {
            Payload::Tuple(items) if items.is_empty() => Some(self.singletons.empty_tuple),
            Payload::Str(text) => {
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (None, _) => Some(self.singletons.empty_str),
                    (Some(c), None) if (c as u32) < 256 => {
                        Some(self.singletons.latin1_strs[c as usize])
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    pub(crate) fn new_int(&mut self, n: i64) -> ObjRef {
        if (SMALL_INT_MIN..=SMALL_INT_MAX).contains(&n) {
            return self.singletons.small_ints[(n - SMALL_INT_MIN) as usize];
        }
        self.alloc(Payload::Int(n))
    }

    pub(crate) fn new_str(&mut self, s: &str) -> ObjRef {
        self.alloc(Payload::Str(s.into()))
    }

    /// The one string object for an identifier (attribute, global or
    /// keyword name). CPython interns identifiers the same way; here they
    /// are immortal, so storing a name as a dict key costs no allocation.
    pub(crate) fn intern(&mut self, name: &str) -> ObjRef {
        if let Some(&r) = self.interned.get(name) {
            return r;
        }
        let r = self.new_str(name);
        self.mem.make_immortal(r);
        self.interned.insert(name.into(), r);
        r
    }

    pub(crate) fn new_bool(&mut self, b: bool) -> ObjRef {
        if b {
            self.singletons.true_
        } else {
            self.singletons.false_
        }
    }

    pub(crate) fn none(&self) -> ObjRef {
        self.singletons.none
    }

    pub(crate) fn new_native(&mut self, native: impl ch01_objects::NativeObject) -> ObjRef {
        self.alloc(Payload::Native(Box::new(native)))
    }

    // ----- heap access -----------------------------------------------------------

    pub(crate) fn payload(&self, r: ObjRef) -> &Payload {
        self.mem.heap().payload(r)
    }

    pub(crate) fn payload_mut(&mut self, r: ObjRef) -> &mut Payload {
        &mut self.mem.heap_mut().get_mut(r).payload
    }

    pub(crate) fn native<T: 'static>(&self, r: ObjRef) -> Option<&T> {
        match self.payload(r) {
            Payload::Native(native) => native.as_any().downcast_ref(),
            _ => None,
        }
    }

    pub(crate) fn native_mut<T: 'static>(&mut self, r: ObjRef) -> Option<&mut T> {
        match self.payload_mut(r) {
            Payload::Native(native) => native.as_any_mut().downcast_mut(),
            _ => None,
        }
    }

    pub(crate) fn str_of(&self, r: ObjRef) -> Option<&str> {
        match self.payload(r) {
            Payload::Str(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn class_of_instance(&self, r: ObjRef) -> Option<ObjRef> {
        match self.payload(r) {
            Payload::Instance(instance) => Some(instance.class),
            _ => None,
        }
    }

    /// Finds `name` in `class` or its bases (depth first, left to right: the
    /// MRO for the single-inheritance hierarchies minipy programs use).
    pub(crate) fn lookup_in_class(&self, class: ObjRef, name: &str) -> Option<ObjRef> {
        let key = DictKey::Str(name.into());
        let mut to_visit = vec![class];
        while let Some(next) = to_visit.pop() {
            if let Payload::Class(class) = self.payload(next) {
                if let Some(value) = class.attrs.get(&key) {
                    return Some(value);
                }
                to_visit.extend(class.bases.iter().rev());
            }
        }
        None
    }

    /// True if `class` is `base` or derives from it.
    pub(crate) fn is_subclass(&self, class: ObjRef, base: ObjRef) -> bool {
        let mut to_visit = vec![class];
        while let Some(next) = to_visit.pop() {
            if next == base {
                return true;
            }
            if let Payload::Class(class) = self.payload(next) {
                to_visit.extend(class.bases.iter().copied());
            }
        }
        false
    }

    // ----- globals --------------------------------------------------------------

    pub(crate) fn set_global(&mut self, name: &str, value: ObjRef) {
        self.set_global_key(name, &DictKey::Str(name.into()), value);
    }

    /// `set_global` with the name's key already made (a code object keeps
    /// one per name): rebinding an existing global allocates nothing.
    pub(crate) fn set_global_key(&mut self, name: &str, key: &DictKey, value: ObjRef) {
        let replaced = match self.payload_mut(self.globals) {
            Payload::Dict(dict) => dict
                .value_mut(key)
                .map(|slot| std::mem::replace(slot, value)),
            _ => None,
        };
        if let Some(old) = replaced {
            self.decref(old);
            return;
        }
        let key_object = self.intern(name);
        let old = match self.payload_mut(self.globals) {
            Payload::Dict(dict) => dict.insert(key.clone(), key_object, value),
            _ => None,
        };
        if let Some(old) = old {
            self.decref(key_object);
            self.decref(old);
        }
    }

    fn global_lookup(&self, key: &DictKey) -> Option<ObjRef> {
        match self.payload(self.globals) {
            Payload::Dict(dict) => dict.get(key),
            _ => None,
        }
        .or_else(|| self.builtins.get(key))
    }

    // ----- loading and running --------------------------------------------------

    // ANCHOR: load
    /// Makes the constants of `code` and its nested code objects into heap
    /// objects, and returns the references the parser's arena holds to them.
    ///
    /// CPython 3.11 compiles a whole module at once and merges equal
    /// constants across all its code objects, so `"a b"` in two functions is
    /// one object. The parser allocated each constant inside an arena that
    /// stays alive until the module has finished running, so while it runs
    /// every constant has one reference more than the code objects account
    /// for: `sys.getrefcount("a b")` is 3 at module level, not 2.
    fn load(&mut self, code: &Rc<Code>) -> Vec<ObjRef> {
        let mut merged: HashMap<ConstKey, ObjRef> = HashMap::new();
        let mut to_load = vec![code.clone()];
        while let Some(code) = to_load.pop() {
            let mut objects = Vec::with_capacity(code.consts.len());
            for (constant, nested) in code.consts.iter().zip(&code.nested) {
                if let Some(inner) = nested {
                    to_load.push(inner.clone());
                    objects.push(self.none());
                } else {
                    objects.push(self.load_const(constant, &mut merged));
                }
            }
            let _ = code.const_objects.set(objects.into_boxed_slice());
            for name in &code.names {
                self.intern(name);
            }
            self.loaded.push(code);
        }
        // A fixed order (by heap slot), so that traces are reproducible.
        let mut arena: Vec<ObjRef> = merged.into_values().collect();
        arena.sort_by_key(|object| object.index());
        arena.dedup();
        for &object in &arena {
            self.incref(object);
        }
        arena
    }

    /// One constant as a new reference for a code object's table, made once
    /// per module (`merged` holds the reference the arena will own).
    fn load_const(&mut self, constant: &Const, merged: &mut HashMap<ConstKey, ObjRef>) -> ObjRef {
        let key = ConstKey::of(constant);
        if let Some(key) = &key
            && let Some(&object) = merged.get(key)
        {
            self.incref(object);
            return object;
        }
        let object = match constant {
            Const::None | Const::Code(_) => self.none(),
            Const::Bool(b) => self.new_bool(*b),
            Const::Int(n) => self.new_int(*n),
            Const::Float(x) => self.alloc(Payload::Float(*x)),
            Const::BigInt(digits) => {
                let value = digits.parse::<num_bigint::BigInt>().unwrap_or_default();
                self.new_int_from_big(value)
            }
            Const::Str(s) => self.new_str(s),
            Const::Tuple(items) => {
                let items: Vec<ObjRef> = items
                    .iter()
                    .map(|item| self.load_const(item, merged))
                    .collect();
                self.alloc(Payload::Tuple(items.into()))
            }
        };
        if let Some(key) = key {
            merged.insert(key, object);
        }
        object
    }
    // ANCHOR_END: load

    /// Runs a module's code in `__main__`'s namespace.
    pub fn run_module(&mut self, code: Rc<Compiled>, source: &str) -> PyResult<()> {
        let code = Code::new(code);
        self.sources.insert(code.filename.clone(), source.into());
        let arena = self.load(&code);
        let activation = Activation {
            code,
            locals: vec![],
            cells: vec![],
            stack: vec![],
            handlers: vec![],
            pc: 0,
            frame_object: FrameSlot::default(),
            namespace: None,
        };
        let result = self.run(activation);
        // The module has finished (or failed): CPython frees the parser's
        // arena now, before it prints a traceback or shuts down.
        self.line.set(crate::stage::trace::EXITING);
        self.decref_all(arena);
        let result = result?;
        self.decref(result);
        Ok(())
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

    // ANCHOR: shutdown
    /// Releases `__main__`'s globals, as CPython 3.11 does at exit.
    ///
    /// Observed with python3.11 (the module dict is released by the cycle
    /// collector, because functions refer to their globals): objects bound
    /// directly to names that are instances go first, in dict order; then
    /// every other name, in dict order. Each name is set to `None`.
    pub fn shutdown(&mut self) {
        self.line.set(crate::stage::trace::EXITING);
        let handled = std::mem::take(&mut self.handled);
        self.decref_all(handled);
        let entries: Vec<(ObjRef, ObjRef)> = match self.payload(self.globals) {
            Payload::Dict(dict) => dict.iter().collect(),
            _ => vec![],
        };
        let instances_first =
            |vm: &Vm, value: ObjRef| matches!(vm.payload(value), Payload::Instance(_));
        for pass in [true, false] {
            for &(key, _) in &entries {
                let Some(name) = self.str_of(key).map(str::to_string) else {
                    continue;
                };
                let current = self.global_lookup(&DictKey::Str(name.as_str().into()));
                let Some(value) = current else { continue };
                if value == self.none()
                    || instances_first(self, value) != pass
                    || name == "__name__"
                {
                    continue;
                }
                let none = self.none();
                self.set_global(&name, none);
            }
        }
        self.flush();
    }
    // ANCHOR_END: shutdown

    // ----- calls ------------------------------------------------------------------

    /// Calls `callable` with `args` (whose references the call takes over).
    pub(crate) fn call(
        &mut self,
        callable: ObjRef,
        args: Vec<ObjRef>,
        kwargs: Option<Vec<(Rc<str>, ObjRef)>>,
    ) -> PyResult<ObjRef> {
        if let Some(function) = self.native::<Function>(callable) {
            let code = function.code.clone();
            let defaults = function.defaults.clone();
            let kwdefaults = function.kwdefaults.clone();
            let closure = function.closure.clone();
            let defaults = Defaults {
                positional: &defaults,
                keyword_only: &kwdefaults,
            };
            return self.call_function(code, defaults, &closure, args, kwargs);
        }
        if let Some(method) = self.native::<native::BoundMethod>(callable) {
            let (function, receiver) = (method.function, method.receiver);
            self.incref(receiver);
            let mut all = Vec::with_capacity(args.len() + 1);
            all.push(receiver);
            all.extend(args);
            return self.call(function, all, kwargs);
        }
        if let Some(builtin) = self.native::<native::Builtin>(callable) {
            let (function, receiver) = (builtin.function, builtin.receiver);
            let mut all = Vec::with_capacity(args.len() + 1);
            if let Some(receiver) = receiver {
                self.incref(receiver);
                all.push(receiver);
            }
            all.extend(args);
            return self.call_builtin_owned(function, all, kwargs);
        }
        if let Payload::Class(_) = self.payload(callable) {
            return self.instantiate(callable, args, kwargs);
        }
        if self.is_functools_callable(callable) {
            return self.call_functools(callable, args, kwargs);
        }
        if let Some(method) = self
            .class_of_instance(callable)
            .and_then(|class| self.lookup_in_class(class, "__call__"))
        {
            self.incref(method);
            self.incref(callable);
            let mut all = Vec::with_capacity(args.len() + 1);
            all.push(callable);
            all.extend(args);
            let result = self.call(method, all, kwargs);
            self.decref(method);
            return result;
        }
        let type_name = self.type_name(callable);
        self.decref_all(args);
        self.decref_kwargs(kwargs);
        Err(self.error(
            ExcKind::TypeError,
            format!("'{type_name}' object is not callable"),
        ))
    }

    pub(crate) fn decref_kwargs(&mut self, kwargs: Option<Vec<(Rc<str>, ObjRef)>>) {
        for (_, value) in kwargs.unwrap_or_default() {
            self.decref(value);
        }
    }

    fn call_builtin_owned(
        &mut self,
        function: BuiltinFn,
        args: Vec<ObjRef>,
        kwargs: Option<Vec<(Rc<str>, ObjRef)>>,
    ) -> PyResult<ObjRef> {
        let result = self.call_builtin(function, &args, kwargs.as_deref().unwrap_or_default());
        // A built-in borrows its arguments; the call drops them afterwards, in order.
        self.decref_all(args);
        self.decref_kwargs(kwargs);
        result
    }

    /// `Class(args)`: a built-in type converts, a user class makes an
    /// instance and runs `__init__`.
    fn instantiate(
        &mut self,
        class: ObjRef,
        args: Vec<ObjRef>,
        kwargs: Option<Vec<(Rc<str>, ObjRef)>>,
    ) -> PyResult<ObjRef> {
        if let Some(&constructor) = self.constructors.get(&class) {
            return self.call_builtin_owned(constructor, args, kwargs);
        }
        if self.types.get("NoneType") == Some(&class) {
            // `type(None)()` is the one None.
            let given = args.len() + kwargs.as_ref().map_or(0, Vec::len);
            self.decref_all(args);
            self.decref_kwargs(kwargs);
            if given > 0 {
                let message = "NoneType takes no arguments".to_string();
                return Err(self.error(ExcKind::TypeError, message));
            }
            return Ok(self.none());
        }
        if let Some(fields) = self.namedtuple_fields(class) {
            return self.new_namedtuple(class, &fields, args, kwargs);
        }
        if let Err(err) = self.check_not_abstract(class) {
            self.decref_all(args);
            self.decref_kwargs(kwargs);
            return Err(err);
        }
        if let Some(new) = self.lookup_in_class(class, "__new__") {
            return self.instantiate_with_new(class, new, args, kwargs);
        }
        self.incref(class);
        let instance = self.alloc(Payload::Instance(Instance {
            class,
            attrs: Dict::new(),
        }));
        if self.is_subclass(class, self.exceptions[ExcKind::BaseException as usize]) {
            for &arg in &args {
                self.incref(arg);
            }
            let tuple = self.alloc(Payload::Tuple(args.clone().into()));
            self.set_attr_raw(instance, "args", tuple);
        }
        match self.lookup_in_class(class, "__init__") {
            Some(init) => {
                self.incref(instance);
                let mut all = vec![instance];
                all.extend(args);
                match self.call(init, all, kwargs) {
                    Ok(result) => {
                        let is_none = result == self.none();
                        self.decref(result);
                        if !is_none {
                            self.decref(instance);
                            return Err(self.error(
                                ExcKind::TypeError,
                                "__init__() should return None".into(),
                            ));
                        }
                    }
                    Err(err) => {
                        self.decref(instance);
                        return Err(err);
                    }
                }
            }
            None => {
                let is_exception =
                    self.is_subclass(class, self.exceptions[ExcKind::BaseException as usize]);
                if !args.is_empty() && !is_exception {
                    let name = self.class_name(class);
                    self.decref_all(args);
                    self.decref(instance);
                    return Err(
                        self.error(ExcKind::TypeError, format!("{name}() takes no arguments"))
                    );
                }
                self.decref_all(args);
                self.decref_kwargs(kwargs);
            }
        }
        Ok(instance)
    }

    /// `Class(args)` for a class that defines `__new__`: `__new__(cls, *args)`
    /// makes the object; `__init__` runs only if it is an instance of `cls`.
    fn instantiate_with_new(
        &mut self,
        class: ObjRef,
        new: ObjRef,
        args: Vec<ObjRef>,
        kwargs: Option<Vec<(Rc<str>, ObjRef)>>,
    ) -> PyResult<ObjRef> {
        // `__new__` is a static method whether or not it is declared one.
        let function = self
            .native::<crate::protocols::descriptors::Descriptor>(new)
            .and_then(|d| d.function)
            .unwrap_or(new);
        self.incref(function);
        self.incref(class);
        let mut new_args = vec![class];
        for &arg in &args {
            self.incref(arg);
            new_args.push(arg);
        }
        let new_kwargs = kwargs.clone();
        for (_, value) in new_kwargs.iter().flatten() {
            self.incref(*value);
        }
        let created = self.call(function, new_args, new_kwargs);
        self.decref(function);
        let object = match created {
            Ok(object) => object,
            Err(err) => {
                self.decref_all(args);
                self.decref_kwargs(kwargs);
                return Err(err);
            }
        };
        let is_instance = self
            .class_of_instance(object)
            .is_some_and(|c| self.is_subclass(c, class));
        match self
            .lookup_in_class(class, "__init__")
            .filter(|_| is_instance)
        {
            Some(init) => {
                self.incref(object);
                let mut all = vec![object];
                all.extend(args);
                match self.call(init, all, kwargs) {
                    Ok(result) => self.decref(result),
                    Err(err) => {
                        self.decref(object);
                        return Err(err);
                    }
                }
            }
            None => {
                self.decref_all(args);
                self.decref_kwargs(kwargs);
            }
        }
        Ok(object)
    }

    /// `object.__new__(cls)`: a bare instance of `cls`.
    pub(crate) fn new_instance(&mut self, class: ObjRef) -> PyResult<ObjRef> {
        if !matches!(self.payload(class), Payload::Class(_))
            || self.constructors.contains_key(&class)
        {
            let name = self.type_name(class);
            return Err(self.error(
                ExcKind::TypeError,
                format!("object.__new__(X): X is not a user class ({name})"),
            ));
        }
        self.incref(class);
        Ok(self.alloc(Payload::Instance(Instance {
            class,
            attrs: Dict::new(),
        })))
    }

    // ANCHOR: call_function
    /// Runs a Python function: the arguments become its first locals.
    fn call_function(
        &mut self,
        code: Rc<Code>,
        defaults: Defaults<'_>,
        closure: &[ObjRef],
        args: Vec<ObjRef>,
        kwargs: Option<Vec<(Rc<str>, ObjRef)>>,
    ) -> PyResult<ObjRef> {
        let locals = self.bind_arguments(&code, defaults, args, kwargs)?;
        let mut activation = Activation::new(code.clone(), locals);
        activation.cells.reserve(code.cell_count());
        for param in &code.cell_params {
            let value = param.and_then(|p| activation.locals[p].take());
            let cell = self.new_native(native::Cell { value });
            activation.cells.push(cell);
        }
        for &cell in closure {
            self.incref(cell);
            activation.cells.push(cell);
        }
        if code.is_generator {
            // Calling a generator function runs nothing yet: the activation
            // waits inside the generator object for the first `next()`.
            return Ok(self.new_generator(activation));
        }
        self.run(activation)
    }
    // ANCHOR_END: call_function

    /// Runs a class body in a fresh namespace and makes the class.
    fn build_class(&mut self, body: ObjRef, bases: Vec<ObjRef>) -> PyResult<ObjRef> {
        let Some((code, closure)) = self
            .native::<Function>(body)
            .map(|f| (f.code.clone(), f.closure.clone()))
        else {
            return Err(self.error(ExcKind::TypeError, "class body is not a function".into()));
        };
        let object = self.types["object"];
        if let Some(&base) = bases
            .iter()
            .find(|&&b| b != object && self.constructors.contains_key(&b))
        {
            // Built-in values live in chapter 1's payloads, which a class cannot extend.
            let name = self.class_name(base);
            self.decref_all(bases);
            return Err(self.error(
                ExcKind::TypeError,
                format!("minipy does not support subclassing the built-in type '{name}'"),
            ));
        }
        let namespace = self.alloc(Payload::Dict(Dict::new()));
        let mut activation = Activation::new(code.clone(), vec![]);
        activation.namespace = Some(namespace);
        for _ in &code.cellvars {
            let cell = self.new_native(native::Cell { value: None });
            activation.cells.push(cell);
        }
        // A class defined in a function reaches that function's variables
        // through the body's closure, as its methods do.
        for cell in closure {
            self.incref(cell);
            activation.cells.push(cell);
        }
        let result = self.run(activation);
        let mut attrs = match self.payload_mut(namespace) {
            Payload::Dict(dict) => std::mem::take(dict),
            _ => Dict::new(),
        };
        self.decref(namespace);
        let class_cell = attrs.remove(&DictKey::Str("__classcell__".into()));
        let result = result?;
        self.decref(result);
        let bases = if bases.is_empty() {
            let object = self.types["object"];
            self.incref(object);
            vec![object]
        } else {
            bases
        };
        let class = self.alloc(Payload::Class(ch01_objects::object::Class {
            name: code.name.as_ref().into(),
            bases,
            attrs,
        }));
        self.install_type_slots(class);
        if let Some((key_object, cell)) = class_cell {
            // The methods' `__class__` cell now refers to the class.
            self.incref(class);
            let old = self
                .native_mut::<native::Cell>(cell)
                .and_then(|c| c.value.replace(class));
            self.decref_all(old);
            self.decref(key_object);
            self.decref(cell);
        }
        Ok(class)
    }

    // ----- the eval loop ----------------------------------------------------------

    // ANCHOR: run
    /// Runs one activation to completion; its locals are released on the way out.
    fn run(&mut self, mut activation: Activation) -> PyResult<ObjRef> {
        let caller_line = self.line.get();
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
        result
    }
    // ANCHOR_END: run

    // ANCHOR: release_activation
    /// Drops the value stack and the locals of a finished activation. If a
    /// traceback holds its frame object, the locals move there instead
    /// (CPython 3.11: `_PyFrame_Clear` → `take_ownership`).
    pub(crate) fn release_activation(&mut self, mut activation: Activation) {
        let stack = std::mem::take(&mut activation.stack);
        self.decref_all(stack);
        let code = activation.code.clone();
        let cell_names = code.cellvars.iter().chain(&code.freevars);
        let (mut local_names, mut locals): (Vec<Rc<str>>, Vec<ObjRef>) = code
            .varnames
            .iter()
            .zip(activation.locals.drain(..))
            .filter_map(|(name, local)| Some((name.clone(), local?)))
            .unzip();
        local_names.extend(cell_names.take(activation.cells.len()).cloned());
        locals.append(&mut activation.cells);
        match activation.frame_object.take() {
            Some(frame) => {
                if let Some(frame_object) = self.native_mut::<Frame>(frame) {
                    frame_object.locals = locals;
                    frame_object.local_names = local_names;
                    frame_object.returned = true;
                } else {
                    self.decref_all(locals);
                }
                self.decref(frame);
            }
            None => self.decref_all(locals),
        }
    }
    // ANCHOR_END: release_activation

    /// Records that `activation` starts running, called from the line
    /// `caller_line` of the activation that was running until now.
    fn enter_frame(&mut self, activation: &Activation, caller_line: u32) {
        if let Some(caller) = self.running.last_mut() {
            caller.line = caller_line;
        }
        self.running.push(RunningFrame {
            code: activation.code.clone(),
            line: activation.code.first_line,
            slot: activation.frame_object.clone(),
        });
    }

    /// When a finished activation's frame object will outlive it (a
    /// traceback holds it), links it to its caller's frame object, made now
    /// if the caller has none yet: CPython 3.11's `take_ownership` sets
    /// `f_back` the same way, which is why a saved exception keeps the
    /// locals of every function it passed through, and of their callers,
    /// alive after they return.
    fn link_to_caller(&mut self, activation: &Activation) {
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
    fn caller_frame(&mut self) -> Option<ObjRef> {
        let caller = self.running.last()?;
        if let Some(frame) = caller.slot.get() {
            return Some(frame);
        }
        let (code, line, slot) = (caller.code.clone(), caller.line, caller.slot.clone());
        let frame = self.new_native(Frame {
            code,
            line,
            locals: vec![],
            local_names: vec![],
            returned: false,
            locals_dict: None,
            back: None,
        });
        slot.set(Some(frame));
        Some(frame)
    }

    fn execute(&mut self, act: &mut Activation) -> PyResult<Completion> {
        self.execute_raising(act, None)
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

    /// Cuts the stack back to where the handler was set up and jumps there
    /// with the exception on top.
    fn enter_handler(&mut self, act: &mut Activation, handler: Handler, err: PyErr) {
        let dropped: Vec<ObjRef> = act
            .stack
            .drain(handler.stack_depth.min(act.stack.len())..)
            .collect();
        self.decref_all(dropped);
        let unhandled: Vec<ObjRef> = self
            .handled
            .drain(handler.handled_depth.min(self.handled.len())..)
            .collect();
        self.decref_all(unhandled);
        if handler.is_except {
            self.incref(err.0);
            self.handled.push(err.0);
        }
        act.stack.push(err.0);
        act.pc = handler.target;
    }

    /// The `NameError` for reading or deleting the `i`th cell variable
    /// (cell variables first, then free ones) while it is unbound.
    fn unbound_free_variable(&mut self, code: &Code, i: u32) -> PyErr {
        let name = code
            .cellvars
            .iter()
            .chain(&code.freevars)
            .nth(i as usize)
            .cloned()
            .unwrap_or_default();
        self.error(
            ExcKind::NameError,
            format!(
                "cannot access free variable '{name}' where it is not associated with a value in enclosing scope"
            ),
        )
    }

    /// Records that `err` passed through `act`: a new traceback entry whose
    /// frame is the activation's frame object (made now if needed).
    fn add_traceback(&mut self, act: &mut Activation, err: &PyErr) {
        let line = act
            .code
            .lines
            .get(act.pc.saturating_sub(1))
            .copied()
            .unwrap_or(act.code.first_line);
        let frame = match act.frame_object.get() {
            Some(frame) => {
                if let Some(f) = self.native_mut::<Frame>(frame) {
                    f.line = line;
                }
                frame
            }
            None => {
                let frame = self.new_native(Frame {
                    code: act.code.clone(),
                    line,
                    locals: vec![],
                    local_names: vec![],
                    returned: false,
                    locals_dict: None,
                    back: None,
                });
                act.frame_object.set(Some(frame));
                frame
            }
        };
        self.incref(frame);
        let next = self.take_attr_raw(err.0, "__traceback__");
        let next = next.filter(|&n| n != self.none());
        let tb = self.new_native(native::Traceback { frame, line, next });
        self.set_attr_raw(err.0, "__traceback__", tb);
    }

    fn push(&mut self, act: &mut Activation, value: ObjRef) {
        act.stack.push(value);
    }

    fn pop(&mut self, act: &mut Activation) -> PyResult<ObjRef> {
        match act.stack.pop() {
            Some(value) => Ok(value),
            None => Err(self.error(ExcKind::SystemError, "value stack underflow".into())),
        }
    }

    fn pop_n(&mut self, act: &mut Activation, n: usize) -> PyResult<Vec<ObjRef>> {
        if act.stack.len() < n {
            return Err(self.error(ExcKind::SystemError, "value stack underflow".into()));
        }
        let at = act.stack.len() - n;
        Ok(act.stack.split_off(at))
    }

    /// The item `depth` places from the top (1 is the top), not popped.
    fn peek(&mut self, act: &Activation, depth: u32) -> PyResult<ObjRef> {
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

    fn top(&mut self, act: &Activation) -> PyResult<ObjRef> {
        match act.stack.last() {
            Some(&value) => Ok(value),
            None => Err(self.error(ExcKind::SystemError, "value stack underflow".into())),
        }
    }

    /// Executes instructions until the activation returns or an error escapes an instruction.
    fn step_until_error(&mut self, act: &mut Activation) -> PyResult<Completion> {
        let code = act.code.clone();
        let consts = code.const_objects.get().cloned().unwrap_or_default();
        loop {
            let Some(&instr) = code.instrs.get(act.pc) else {
                return Err(self.error(ExcKind::SystemError, "fell off the end of the code".into()));
            };
            self.line.set(code.lines[act.pc]);
            act.pc += 1;
            match instr {
                Instr::LoadConst(i) => {
                    let value = match code.consts.get(i as usize) {
                        // Code objects are not heap objects; MakeFunction reads them directly.
                        Some(Const::Code(_)) => self.none(),
                        _ => consts
                            .get(i as usize)
                            .copied()
                            .unwrap_or(self.singletons.none),
                    };
                    self.incref(value);
                    self.push(act, value);
                }
                Instr::LoadFast(slot) => match act.locals.get(slot as usize).copied().flatten() {
                    Some(value) => {
                        self.incref(value);
                        self.push(act, value);
                    }
                    None => {
                        let name = code
                            .varnames
                            .get(slot as usize)
                            .cloned()
                            .unwrap_or_default();
                        return Err(self.error(
                            ExcKind::UnboundLocalError,
                            format!("cannot access local variable '{name}' where it is not associated with a value"),
                        ));
                    }
                },
                Instr::StoreFast(slot) => {
                    let value = self.pop(act)?;
                    let old = act
                        .locals
                        .get_mut(slot as usize)
                        .and_then(|s| s.replace(value));
                    if let Some(old) = old {
                        self.decref(old);
                    }
                }
                Instr::DeleteFast(slot) => {
                    match act.locals.get_mut(slot as usize).and_then(Option::take) {
                        Some(old) => self.decref(old),
                        None => {
                            let name = code
                                .varnames
                                .get(slot as usize)
                                .cloned()
                                .unwrap_or_default();
                            return Err(self.error(
                            ExcKind::UnboundLocalError,
                            format!("cannot access local variable '{name}' where it is not associated with a value"),
                        ));
                        }
                    }
                }
                Instr::LoadGlobal(i) => {
                    let key = &code.name_keys[i as usize];
                    match self.global_lookup(key) {
                        Some(value) => {
                            self.incref(value);
                            self.push(act, value);
                        }
                        None => match self.file_global(&code.names[i as usize]) {
                            Some(file) => self.push(act, file),
                            None => return Err(self.name_error(&code.names[i as usize])),
                        },
                    }
                }
                Instr::StoreGlobal(i) => {
                    let value = self.pop(act)?;
                    let i = i as usize;
                    self.set_global_key(&code.names[i], &code.name_keys[i], value);
                }
                Instr::DeleteGlobal(i) => {
                    let key = &code.name_keys[i as usize];
                    let removed = match self.payload_mut(self.globals) {
                        Payload::Dict(dict) => dict.remove(key),
                        _ => None,
                    };
                    match removed {
                        Some((key_object, value)) => {
                            self.decref(key_object);
                            self.decref(value);
                        }
                        None => return Err(self.name_error(&code.names[i as usize])),
                    }
                }
                Instr::LoadName(i) => {
                    let key = &code.name_keys[i as usize];
                    let local = act.namespace.and_then(|ns| match self.payload(ns) {
                        Payload::Dict(dict) => dict.get(key),
                        _ => None,
                    });
                    match local.or_else(|| self.global_lookup(key)) {
                        Some(value) => {
                            self.incref(value);
                            self.push(act, value);
                        }
                        None => match self.file_global(&code.names[i as usize]) {
                            Some(file) => self.push(act, file),
                            None => return Err(self.name_error(&code.names[i as usize])),
                        },
                    }
                }
                Instr::StoreName(i) => {
                    let value = self.pop(act)?;
                    match act.namespace {
                        Some(ns) => {
                            let key_object = self.intern(&code.names[i as usize]);
                            self.dict_set(
                                ns,
                                code.name_keys[i as usize].clone(),
                                key_object,
                                value,
                            );
                        }
                        None => {
                            let i = i as usize;
                            self.set_global_key(&code.names[i], &code.name_keys[i], value);
                        }
                    }
                }
                Instr::LoadDeref(i) => {
                    let cell = act.cells.get(i as usize).copied();
                    match cell
                        .and_then(|c| self.native::<native::Cell>(c))
                        .and_then(|c| c.value)
                    {
                        Some(value) => {
                            self.incref(value);
                            self.push(act, value);
                        }
                        None => return Err(self.unbound_free_variable(&code, i)),
                    }
                }
                Instr::StoreDeref(i) => {
                    let value = self.pop(act)?;
                    let cell = act.cells.get(i as usize).copied();
                    let old = cell
                        .and_then(|c| self.native_mut::<native::Cell>(c))
                        .and_then(|c| c.value.replace(value));
                    if let Some(old) = old {
                        self.decref(old);
                    }
                }
                Instr::DeleteDeref(i) => {
                    let cell = act.cells.get(i as usize).copied();
                    let old = cell
                        .and_then(|c| self.native_mut::<native::Cell>(c))
                        .and_then(|c| c.value.take());
                    match old {
                        Some(old) => self.decref(old),
                        None => return Err(self.unbound_free_variable(&code, i)),
                    }
                }
                Instr::LoadClosure(i) => {
                    let Some(&cell) = act.cells.get(i as usize) else {
                        return Err(self.error(ExcKind::SystemError, "bad closure".into()));
                    };
                    self.incref(cell);
                    self.push(act, cell);
                }
                Instr::LoadAttr(i) => {
                    let object = self.pop(act)?;
                    let result = self.get_attr(object, &code.names[i as usize]);
                    self.decref(object);
                    let value = result?;
                    self.push(act, value);
                }
                Instr::StoreAttr(i) => {
                    let object = self.pop(act)?;
                    let value = self.pop(act)?;
                    let result = self.set_attr(object, &code.names[i as usize], value);
                    self.decref(object);
                    result?;
                }
                Instr::DeleteAttr(i) => {
                    let object = self.pop(act)?;
                    let result = self.del_attr(object, &code.names[i as usize]);
                    self.decref(object);
                    result?;
                }
                Instr::LoadMethod(i) => {
                    let object = self.pop(act)?;
                    match self.get_method(object, &code.names[i as usize]) {
                        Ok(Some(method)) => {
                            self.push(act, method);
                            self.push(act, object);
                        }
                        Ok(None) => {
                            let result = self.get_attr(object, &code.names[i as usize]);
                            self.decref(object);
                            let value = result?;
                            self.push(act, value);
                            let null = self.singletons.null;
                            self.push(act, null);
                        }
                        Err(err) => {
                            self.decref(object);
                            return Err(err);
                        }
                    }
                }
                Instr::BinarySubscr => {
                    let key = self.pop(act)?;
                    let container = self.pop(act)?;
                    let result = self.get_item(container, key);
                    self.decref(container);
                    self.decref(key);
                    let value = result?;
                    self.push(act, value);
                }
                Instr::StoreSubscr => {
                    let key = self.pop(act)?;
                    let container = self.pop(act)?;
                    let value = self.pop(act)?;
                    let result = self.set_item(container, key, value);
                    self.decref(container);
                    self.decref(key);
                    result?;
                }
                Instr::DeleteSubscr => {
                    let key = self.pop(act)?;
                    let container = self.pop(act)?;
                    let result = self.del_item(container, key);
                    self.decref(container);
                    self.decref(key);
                    result?;
                }
                Instr::Binary(op) => {
                    let right = self.pop(act)?;
                    let left = self.pop(act)?;
                    let result = self.binary_op(op, left, right);
                    self.decref(left);
                    self.decref(right);
                    let value = result?;
                    self.push(act, value);
                }
                Instr::Unary(op) => {
                    let operand = self.pop(act)?;
                    let result = self.unary_op(op, operand);
                    self.decref(operand);
                    let value = result?;
                    self.push(act, value);
                }
                Instr::Compare(op) => {
                    let right = self.pop(act)?;
                    let left = self.pop(act)?;
                    let result = self.compare_op(op, left, right);
                    self.decref(left);
                    self.decref(right);
                    let value = result?;
                    let value = self.new_bool(value);
                    self.push(act, value);
                }
                Instr::Jump(target) => act.pc = target as usize,
                Instr::PopJumpIfFalse(target) | Instr::PopJumpIfTrue(target) => {
                    let value = self.pop(act)?;
                    let truth = self.truthy(value);
                    self.decref(value);
                    if truth? == matches!(instr, Instr::PopJumpIfTrue(_)) {
                        act.pc = target as usize;
                    }
                }
                Instr::JumpIfFalseOrPop(target) | Instr::JumpIfTrueOrPop(target) => {
                    let value = self.top(act)?;
                    if self.truthy(value)? == matches!(instr, Instr::JumpIfTrueOrPop(_)) {
                        act.pc = target as usize;
                    } else {
                        let value = self.pop(act)?;
                        self.decref(value);
                    }
                }
                Instr::GetIter => {
                    let iterable = self.pop(act)?;
                    let result = self.get_iter(iterable);
                    self.decref(iterable);
                    let iterator = result?;
                    self.push(act, iterator);
                }
                Instr::ForIter(target) => {
                    let iterator = self.top(act)?;
                    match self.next_item(iterator)? {
                        Some(item) => self.push(act, item),
                        None => {
                            let iterator = self.pop(act)?;
                            self.decref(iterator);
                            act.pc = target as usize;
                        }
                    }
                }
                Instr::BuildList(n) => {
                    let items = self.pop_n(act, n as usize)?;
                    let list = self.alloc(Payload::List(items));
                    self.push(act, list);
                }
                Instr::BuildTuple(n) => {
                    let items = self.pop_n(act, n as usize)?;
                    let tuple = self.alloc(Payload::Tuple(items.into()));
                    self.push(act, tuple);
                }
                Instr::BuildDict(n) => {
                    let items = self.pop_n(act, 2 * n as usize)?;
                    let dict = self.alloc(Payload::Dict(Dict::new()));
                    let mut pairs = items.into_iter();
                    while let (Some(key), Some(value)) = (pairs.next(), pairs.next()) {
                        if let Err(err) = self.set_item(dict, key, value) {
                            self.decref(key);
                            self.decref_all(pairs.collect::<Vec<_>>());
                            self.decref(dict);
                            return Err(err);
                        }
                        self.decref(key);
                    }
                    self.push(act, dict);
                }
                Instr::BuildString(n) => {
                    let parts = self.pop_n(act, n as usize)?;
                    let text: String = parts.iter().filter_map(|&p| self.str_of(p)).collect();
                    self.decref_all(parts);
                    let s = self.new_str(&text);
                    self.push(act, s);
                }
                Instr::FormatValue(flags) => {
                    let spec = if flags >= 2 {
                        Some(self.pop(act)?)
                    } else {
                        None
                    };
                    let value = self.pop(act)?;
                    let spec_text = spec.and_then(|s| self.str_of(s).map(str::to_string));
                    let result = self.format_value(value, flags % 2 == 1, spec_text.as_deref());
                    self.decref(value);
                    if let Some(spec) = spec {
                        self.decref(spec);
                    }
                    let text = result?;
                    let s = self.new_str(&text);
                    self.push(act, s);
                }
                Instr::ListAppend(depth) => {
                    let item = self.pop(act)?;
                    let Some(&list) = act
                        .stack
                        .len()
                        .checked_sub(depth as usize)
                        .and_then(|i| act.stack.get(i))
                    else {
                        return Err(self.error(ExcKind::SystemError, "bad list append".into()));
                    };
                    if let Payload::List(items) = self.payload_mut(list) {
                        crate::types::sizes::list_push(items, item);
                    }
                }
                Instr::UnpackSequence(n) => {
                    let sequence = self.pop(act)?;
                    let items = self.unpack(sequence, n as usize);
                    self.decref(sequence);
                    for item in items?.into_iter().rev() {
                        self.push(act, item);
                    }
                }
                Instr::Call(n) => {
                    let args = self.pop_n(act, n as usize)?;
                    let callable = self.pop(act)?;
                    let (callable, args) = self.unpack_bound_method(callable, args);
                    let result = self.call(callable, args, None);
                    self.decref(callable);
                    let value = result?;
                    self.push(act, value);
                }
                Instr::CallKw(n) => {
                    let kwargs = self.pop(act)?;
                    let args = self.pop_n(act, n as usize)?;
                    let callable = self.pop(act)?;
                    let kwargs = self.keyword_arguments(kwargs);
                    let result = self.call(callable, args, Some(kwargs));
                    self.decref(callable);
                    let value = result?;
                    self.push(act, value);
                }
                Instr::CallMethod(n) => {
                    let args = self.pop_n(act, n as usize)?;
                    let receiver = self.pop(act)?;
                    let method = self.pop(act)?;
                    let (method, args) = if receiver == self.singletons.null {
                        self.unpack_bound_method(method, args)
                    } else {
                        let mut all = Vec::with_capacity(args.len() + 1);
                        all.push(receiver);
                        all.extend(args);
                        (method, all)
                    };
                    let result = self.call(method, args, None);
                    self.decref(method);
                    let value = result?;
                    self.push(act, value);
                }
                Instr::MakeFunction {
                    code: index,
                    defaults,
                    closure,
                    kwdefaults,
                } => {
                    let closure = if closure {
                        self.pop(act)?
                    } else {
                        self.singletons.none
                    };
                    let kwdefaults = if kwdefaults {
                        let dict = self.pop(act)?;
                        self.keyword_arguments(dict)
                    } else {
                        vec![]
                    };
                    let defaults = if defaults {
                        self.pop(act)?
                    } else {
                        self.singletons.none
                    };
                    let Some(Some(inner)) = code.nested.get(index as usize).cloned() else {
                        return Err(self.error(ExcKind::SystemError, "bad function code".into()));
                    };
                    let defaults = self.take_tuple_items(defaults);
                    let closure = self.take_tuple_items(closure);
                    let qualname = inner.qualname.clone();
                    let name = inner.name.clone();
                    let function = self.new_native(Function {
                        code: inner,
                        defaults,
                        kwdefaults,
                        closure,
                        qualname,
                        name,
                        attrs: Dict::new(),
                    });
                    self.push(act, function);
                }
                Instr::BuildClass(n) => {
                    let bases = self.pop_n(act, n as usize)?;
                    let body = self.pop(act)?;
                    let result = self.build_class(body, bases);
                    self.decref(body);
                    let class = result?;
                    self.push(act, class);
                }
                Instr::Return => {
                    let value = self.pop(act)?;
                    return Ok(Completion::Return(value));
                }
                Instr::Send(target) => {
                    let value = self.pop(act)?;
                    let iterator = self.top(act)?;
                    match self.send_to(iterator, value)? {
                        Some(yielded) => self.push(act, yielded),
                        None => {
                            let iterator = self.pop(act)?;
                            let returned = self.take_return_value(iterator);
                            self.decref(iterator);
                            self.push(act, returned);
                            act.pc = target as usize;
                        }
                    }
                }
                Instr::YieldValue => {
                    let value = self.pop(act)?;
                    return Ok(Completion::Yield(value));
                }
                Instr::BuildConstList(n) => {
                    let items = self.pop_n(act, n as usize)?;
                    let list = self.alloc(Payload::List(crate::types::sizes::exact_even(items)));
                    self.push(act, list);
                }
                Instr::BuildSet(n) | Instr::BuildConstSet(n) => {
                    let items = self.pop_n(act, n as usize)?;
                    let set = self.new_set(false);
                    if matches!(instr, Instr::BuildConstSet(_))
                        && let Some(table) = self.native_mut::<crate::types::sets::Set>(set)
                    {
                        table.presize(n as usize);
                    }
                    let mut failure = None;
                    for &item in &items {
                        if failure.is_none()
                            && let Err(err) = self.set_add(set, item)
                        {
                            failure = Some(err);
                        }
                    }
                    self.decref_all(items);
                    if let Some(err) = failure {
                        self.decref(set);
                        return Err(err);
                    }
                    self.push(act, set);
                }
                Instr::ListExtend(depth) => {
                    let iterable = self.pop(act)?;
                    let target = self.peek(act, depth)?;
                    let result = self.list_extend(target, iterable);
                    self.decref(iterable);
                    result?;
                }
                Instr::ListToTuple => {
                    let list = self.pop(act)?;
                    let items = match self.payload_mut(list) {
                        Payload::List(items) => std::mem::take(items),
                        _ => vec![],
                    };
                    self.decref(list);
                    let tuple = self.alloc(Payload::Tuple(items.into()));
                    self.push(act, tuple);
                }
                Instr::SetAdd(depth) => {
                    let item = self.pop(act)?;
                    let set = self.peek(act, depth)?;
                    let result = self.set_add(set, item);
                    self.decref(item);
                    result?;
                }
                Instr::MapAdd(depth) => {
                    let value = self.pop(act)?;
                    let key = self.pop(act)?;
                    let dict = self.peek(act, depth)?;
                    let result = self.set_item(dict, key, value);
                    self.decref(key);
                    result?;
                }
                Instr::DictMerge { depth, call } => {
                    let source = self.pop(act)?;
                    let dict = self.peek(act, depth)?;
                    let result = self.dict_merge(dict, source, call);
                    self.decref(source);
                    result?;
                }
                Instr::UnpackEx { before, after } => {
                    let sequence = self.pop(act)?;
                    let items = self.unpack_starred(sequence, before as usize, after as usize);
                    self.decref(sequence);
                    for item in items?.into_iter().rev() {
                        self.push(act, item);
                    }
                }
                Instr::CallEx { kwargs } => {
                    let kwargs = if kwargs { Some(self.pop(act)?) } else { None };
                    let args = self.pop(act)?;
                    let callable = self.pop(act)?;
                    let result = self.call_with_tuple(callable, args, kwargs);
                    self.decref(callable);
                    let value = result?;
                    self.push(act, value);
                }
                Instr::Pop => {
                    let value = self.pop(act)?;
                    self.decref(value);
                }
                Instr::Dup => {
                    let value = self.top(act)?;
                    self.incref(value);
                    self.push(act, value);
                }
                Instr::Swap => {
                    let len = act.stack.len();
                    if len < 2 {
                        return Err(
                            self.error(ExcKind::SystemError, "value stack underflow".into())
                        );
                    }
                    act.stack.swap(len - 1, len - 2);
                }
                Instr::DupTwo => {
                    let len = act.stack.len();
                    if len < 2 {
                        return Err(
                            self.error(ExcKind::SystemError, "value stack underflow".into())
                        );
                    }
                    let (a, b) = (act.stack[len - 2], act.stack[len - 1]);
                    self.incref(a);
                    self.incref(b);
                    act.stack.push(a);
                    act.stack.push(b);
                }
                Instr::Rot3 => {
                    let top = self.pop(act)?;
                    let len = act.stack.len();
                    if len < 2 {
                        return Err(
                            self.error(ExcKind::SystemError, "value stack underflow".into())
                        );
                    }
                    act.stack.insert(len - 2, top);
                }
                Instr::BuildSlice => {
                    let parts = self.pop_n(act, 3)?;
                    let slice = self.new_native(native::Slice {
                        parts: [parts[0], parts[1], parts[2]],
                    });
                    self.push(act, slice);
                }
                Instr::Raise(kind) => {
                    let err = if kind == 0 {
                        match self.handled.last().copied() {
                            Some(exc) => {
                                self.incref(exc);
                                self.reraising = true;
                                PyErr(exc)
                            }
                            None => self.error(
                                ExcKind::RuntimeError,
                                "No active exception to reraise".into(),
                            ),
                        }
                    } else if kind == 2 {
                        let cause = self.pop(act)?;
                        let exc = self.pop(act)?;
                        let err = match self.make_raisable(exc) {
                            Ok(err) => err,
                            Err(e) => {
                                self.decref(cause);
                                return Err(e);
                            }
                        };
                        self.set_cause(&err, cause)?;
                        err
                    } else {
                        let exc = self.pop(act)?;
                        self.make_raisable(exc)?
                    };
                    return Err(err);
                }
                Instr::Reraise => {
                    let exc = self.pop(act)?;
                    // The traceback already has this frame (CPython's RERAISE adds no entry).
                    self.reraising = true;
                    return Err(PyErr(exc));
                }
                Instr::SetupExcept(target) | Instr::SetupFinally(target) => {
                    act.handlers.push(Handler {
                        target: target as usize,
                        stack_depth: act.stack.len(),
                        handled_depth: self.handled.len(),
                        is_except: matches!(instr, Instr::SetupExcept(_)),
                    });
                }
                Instr::PopBlock => {
                    act.handlers.pop();
                }
                Instr::ExceptionMatches => {
                    let class = self.pop(act)?;
                    let exc = self.top(act)?;
                    let matches = self.exception_matches(exc, class);
                    self.decref(class);
                    let value = self.new_bool(matches?);
                    self.push(act, value);
                }
                Instr::PopExcept => {
                    if let Some(exc) = self.handled.pop() {
                        self.decref(exc);
                    }
                }
                Instr::WithEnter => {
                    let manager = self.top(act)?;
                    let entered = self.with_enter(manager)?;
                    self.push(act, entered);
                }
                Instr::WithExceptionExit => {
                    let manager = self.pop(act)?;
                    let exc = self.top(act)?;
                    let result = self.with_exception_exit(manager, exc);
                    self.decref(manager);
                    let suppressed = self.new_bool(result?);
                    self.push(act, suppressed);
                }
                Instr::InplaceBinary(op) => {
                    let right = self.pop(act)?;
                    let left = self.pop(act)?;
                    let result = self.inplace_op(op, left, right);
                    self.decref(left);
                    self.decref(right);
                    let value = result?;
                    self.push(act, value);
                }
                Instr::WithExit => {
                    let manager = self.pop(act)?;
                    let result = self.with_exit(manager);
                    self.decref(manager);
                    result?;
                }
                Instr::BuildLocals => {
                    let dict = self.build_locals(act);
                    self.push(act, dict);
                }
                Instr::ImportStar => {
                    let module = self.pop(act)?;
                    let entries: Vec<(ObjRef, ObjRef)> = self
                        .native::<native::Module>(module)
                        .map(|m| m.attrs.iter().collect())
                        .unwrap_or_default();
                    for (key, value) in entries {
                        let Some(name) = self.str_of(key).map(str::to_string) else {
                            continue;
                        };
                        if name.starts_with('_') {
                            continue;
                        }
                        self.incref(value);
                        self.set_global(&name, value);
                    }
                    self.decref(module);
                }
                Instr::ImportName(i) => {
                    let module = self.import(&code.names[i as usize])?;
                    self.push(act, module);
                }
                Instr::PrintExpr => {
                    let value = self.pop(act)?;
                    if value != self.none() {
                        let text = self.repr(value);
                        match text {
                            Ok(text) => {
                                let _ = writeln!(self.out, "{text}");
                            }
                            Err(err) => {
                                self.decref(value);
                                return Err(err);
                            }
                        }
                    }
                    // CPython keeps the last value in `builtins._`: a hidden reference.
                    let key_object = self.intern("_");
                    if let Some(old) =
                        self.builtins
                            .insert(DictKey::Str("_".into()), key_object, value)
                    {
                        self.decref(key_object);
                        self.decref(old);
                    }
                }
                Instr::Nop => {}
            }
        }
    }

    /// Turns the operand of `raise` into an exception instance (a class is instantiated).
    /// [`Vm::make_raisable`] for a `from` clause: the exception instance.
    pub(crate) fn make_exception_instance(&mut self, exc: ObjRef) -> PyResult<ObjRef> {
        self.make_raisable(exc).map(|err| err.0)
    }

    fn make_raisable(&mut self, exc: ObjRef) -> PyResult<PyErr> {
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

    fn exception_matches(&mut self, exc: ObjRef, class: ObjRef) -> PyResult<bool> {
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

    /// Takes the items out of a tuple we own (for defaults and closures).
    pub(crate) fn take_tuple_items(&mut self, tuple: ObjRef) -> Vec<ObjRef> {
        if tuple == self.none() {
            return vec![];
        }
        let items: Vec<ObjRef> = match self.payload(tuple) {
            Payload::Tuple(items) => items.to_vec(),
            _ => vec![],
        };
        for &item in &items {
            self.incref(item);
        }
        self.decref(tuple);
        items
    }

    /// CPython 3.11's `PRECALL`: a bound method about to be called is split
    /// into its function and `self` (both increfed) and dropped, so the call
    /// runs without the method object.
    fn unpack_bound_method(
        &mut self,
        callable: ObjRef,
        args: Vec<ObjRef>,
    ) -> (ObjRef, Vec<ObjRef>) {
        let Some(method) = self.native::<native::BoundMethod>(callable) else {
            return (callable, args);
        };
        let (function, receiver) = (method.function, method.receiver);
        self.incref(receiver);
        self.incref(function);
        self.decref(callable);
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(receiver);
        all.extend(args);
        (function, all)
    }

    /// `f(*args, **kwargs)` (CPython: `CALL_FUNCTION_EX`): the argument tuple
    /// stays alive for the whole call; with keyword arguments, CPython copies
    /// every argument into a temporary array first, which holds one more
    /// reference to each until the call returns.
    fn call_with_tuple(
        &mut self,
        callable: ObjRef,
        args: ObjRef,
        kwargs_dict: Option<ObjRef>,
    ) -> PyResult<ObjRef> {
        let positional: Vec<ObjRef> = match self.payload(args) {
            Payload::Tuple(items) => items.to_vec(),
            _ => vec![],
        };
        let entries: Vec<(ObjRef, ObjRef)> = match kwargs_dict.map(|d| self.payload(d)) {
            Some(Payload::Dict(dict)) => dict.iter().collect(),
            _ => vec![],
        };
        let kwargs: Option<Vec<(Rc<str>, ObjRef)>> = (!entries.is_empty()).then(|| {
            entries
                .iter()
                .map(|&(k, v)| (Rc::from(self.str_of(k).unwrap_or_default()), v))
                .collect()
        });
        for (_, value) in kwargs.iter().flatten() {
            self.incref(*value);
        }
        let copied: Vec<ObjRef> = match &kwargs {
            Some(pairs) => positional
                .iter()
                .copied()
                .chain(pairs.iter().map(|(_, v)| *v))
                .collect(),
            None => vec![],
        };
        for &item in positional.iter().chain(&copied) {
            self.incref(item);
        }
        let result = self.call(callable, positional, kwargs);
        self.decref_all(copied);
        self.decref(args);
        self.decref_all(kwargs_dict);
        result
    }

    /// Turns a dict of keyword arguments we own into name/value pairs
    /// (the values' references move to the pairs).
    pub(crate) fn keyword_arguments(&mut self, dict: ObjRef) -> Vec<(Rc<str>, ObjRef)> {
        let pairs = self.take_dict_entries(dict);
        pairs
            .into_iter()
            .map(|(k, v)| {
                let name: Rc<str> = self.str_of(k).unwrap_or_default().into();
                self.decref(k);
                (name, v)
            })
            .collect()
    }

    /// Empties a dict we own, handing over its entries; then drops the dict.
    fn take_dict_entries(&mut self, dict: ObjRef) -> Vec<(ObjRef, ObjRef)> {
        let entries = match self.payload_mut(dict) {
            Payload::Dict(d) => d.drain(),
            _ => vec![],
        };
        self.decref(dict);
        entries
    }

    /// Stores `value` under `key` in the dict `dict`, dropping what it replaces.
    pub(crate) fn dict_set(
        &mut self,
        dict: ObjRef,
        key: DictKey,
        key_object: ObjRef,
        value: ObjRef,
    ) {
        let old = match self.payload_mut(dict) {
            Payload::Dict(d) => d.insert(key, key_object, value),
            _ => None,
        };
        match old {
            Some(old) => {
                self.decref(key_object);
                self.decref(old);
            }
            None => self.note_dict_insert(dict, key_object),
        }
    }

    /// Sets `sys.argv[0]` and `__file__`.
    pub fn set_script_name(&mut self, name: &str) {
        self.script_name = name.into();
    }

    /// `__file__`, made when first read (and not stored in `__main__`), so
    /// programs that never use it allocate nothing for it and their traces
    /// stay those of the chapters.
    fn file_global(&mut self, name: &str) -> Option<ObjRef> {
        (name == "__file__" && !self.script_name.is_empty())
            .then(|| self.new_str(&self.script_name.clone()))
    }

    /// How many Python calls are running (the recursion depth).
    pub fn call_depth(&self) -> usize {
        self.depth
    }
}

impl Vm {
    /// Drops an uncaught exception (and with it its traceback, frames and their locals).
    pub fn release_error(&mut self, err: PyErr) {
        self.decref(err.0);
    }

    /// `str(exception)`.
    pub fn exception_message_public(&mut self, err: &PyErr) -> String {
        self.exception_message(err.0)
    }

    /// Compiles and runs one REPL input in `__main__`, printing expression values.
    pub fn run_interactive(&mut self, source: &str) -> Result<(), String> {
        let code = crate::compile::compile_module(source, "<stdin>", true)
            .map_err(|e| e.report("<stdin>", source))?;
        for (line, message) in &code.warnings {
            // The prompt's lines are not in a file, so no source line follows.
            eprintln!("<stdin>:{line}: SyntaxWarning: {message}");
        }
        match self.run_module(code, source) {
            Ok(()) => Ok(()),
            Err(err) => {
                let text = self.format_traceback(&err);
                self.decref(err.0);
                Err(text)
            }
        }
    }
}

/// What makes two constants of one module the same object: equal values of
/// the same type (`1` and `1.0` stay apart, and so do `0.0` and `-0.0`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum ConstKey {
    None,
    Bool(bool),
    Int(i64),
    Float(u64),
    BigInt(Rc<str>),
    Str(Rc<str>),
    Tuple(Vec<ConstKey>),
}

impl ConstKey {
    /// The key of a constant the arena holds; `None` for the singletons
    /// (`None`, `True`, `False`) and for code, which the parser never made.
    fn of(constant: &Const) -> Option<ConstKey> {
        match constant {
            Const::None | Const::Bool(_) | Const::Code(_) => None,
            other => ConstKey::item(other),
        }
    }

    fn item(constant: &Const) -> Option<ConstKey> {
        Some(match constant {
            Const::None => ConstKey::None,
            Const::Bool(b) => ConstKey::Bool(*b),
            Const::Code(_) => return None,
            Const::Int(n) => ConstKey::Int(*n),
            Const::Float(x) => ConstKey::Float(x.to_bits()),
            Const::BigInt(digits) => ConstKey::BigInt(digits.clone()),
            Const::Str(s) => ConstKey::Str(s.clone()),
            Const::Tuple(items) => {
                ConstKey::Tuple(items.iter().map(ConstKey::item).collect::<Option<_>>()?)
            }
        })
    }
}
