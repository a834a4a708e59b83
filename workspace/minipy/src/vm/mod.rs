//! The interpreter's state ([`Vm`]) and the reference discipline every
//! layer above relies on: [`refs`] (`incref`, `decref` and the `__del__` it
//! may run, `alloc`) and [`objects`] (the shared singletons, interned names,
//! payload access, globals and the built-in namespace).
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
//!
//! The state names a few objects of [`crate::types`] (the code objects
//! loaded, the constructors of the built-in types, the key tables that
//! size dicts), so this file and those types import each other; the rest
//! of the interpreter sits on top.

use crate::types::builtin_fn::BuiltinFn;
use crate::types::code::Code;
use ch01_objects::dict::Dict;
use ch01_objects::{DictKey, ObjRef, Payload};

/// The header bit of an interned string: the interpreter's own, above the
/// bits the chapters' memory managers use.
pub(crate) const INTERNED: u32 = 1 << 31;

use ch02_refcount::MemoryManager;
use std::cell::Cell as StdCell;
use std::collections::{HashMap, HashSet};

/// A hash map with the dict index's hash function ([`KeyHasher`]): the
/// interpreter's own tables are keyed by object numbers and names, for
/// which SipHash's protection buys nothing and costs a good part of an
/// attribute lookup.
///
/// [`KeyHasher`]: ch01_objects::dict::KeyHasher
pub(crate) type FastMap<K, V> =
    HashMap<K, V, std::hash::BuildHasherDefault<ch01_objects::dict::KeyHasher>>;
/// Remembered class lookups: by class and the name's address and length,
/// the name's text (to check the address still holds it) and the answer.
pub(crate) type ClassLookups =
    std::cell::RefCell<FastMap<(ObjRef, usize, usize), (Box<str>, Option<ObjRef>)>>;
/// A hash set with [`FastMap`]'s hash function.
pub(crate) type FastSet<K> =
    HashSet<K, std::hash::BuildHasherDefault<ch01_objects::dict::KeyHasher>>;
use std::io::Write;
use std::rc::Rc;

pub mod collection;
pub mod objects;
pub mod refs;
pub mod startup;

/// A Python exception on its way up: one reference to the exception object.
#[derive(Debug)]
pub struct PyErr(pub ObjRef);

/// Results of operations that may raise.
pub type PyResult<T> = Result<T, PyErr>;

/// CPython's default `sys.getrecursionlimit()`.
pub const RECURSION_LIMIT: usize = 1000;

/// Where an activation's frame object is kept, once made.
pub(crate) type FrameSlot = Rc<StdCell<Option<ObjRef>>>;

/// A running activation, as the interpreter's frame stack sees it: enough
/// to make its frame object when a callee's frame needs a caller to link to.
pub(crate) struct RunningFrame {
    pub(crate) code: Rc<Code>,
    /// The activation's current line while a callee runs (its call's line).
    pub(crate) line: u32,
    pub(crate) slot: FrameSlot,
    /// Its locals and cells, for a frame object made on its behalf.
    pub(crate) locals: crate::eval::frames::Slots,
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
    pub(crate) types: FastMap<&'static str, ObjRef>,
    /// What calling a built-in type does.
    pub(crate) constructors: FastMap<ObjRef, BuiltinFn>,
    /// Exception classes, indexed by [`ExcKind`].
    pub(crate) exceptions: Vec<ObjRef>,
    /// Unbound built-in methods, made once (CPython: method descriptors).
    pub(crate) method_cache: FastMap<(&'static str, Rc<str>), ObjRef>,
    /// Interned strings by text (hashed like dict keys: see `KeyHasher`);
    /// the table's references are not counted (see `Vm::intern`).
    pub(crate) interned: FastMap<Rc<str>, ObjRef>,
    /// Imported modules.
    pub(crate) modules: FastMap<Rc<str>, ObjRef>,
    /// The imported modules in import order, each with the number of
    /// attributes it was made with (what a program sets comes after).
    pub(crate) module_order: Vec<(Rc<str>, usize)>,
    /// Exceptions being handled, innermost last (CPython: `exc_info`).
    pub(crate) handled: Vec<ObjRef>,
    pub(crate) depth: usize,
    /// Set by a re-raise: the traceback already has the current frame.
    pub(crate) reraising: bool,
    /// The source line of the running instruction, shared with the tracer.
    pub(crate) line: Rc<StdCell<u32>>,
    /// The index of the running instruction in its code (CPython:
    /// `f_lasti`), for a traceback the runtime makes on its own.
    pub(crate) pc: StdCell<usize>,
    /// The files of the modules minipy writes in Python (`<weakref>`):
    /// their functions do not hold `__main__`'s dict.
    pub(crate) module_files: FastSet<Rc<str>>,
    /// Source text by file name, for tracebacks.
    pub(crate) sources: FastMap<Rc<str>, Rc<str>>,
    /// Code objects loaded so far (their constants are alive as long as they are).
    pub(crate) loaded: Vec<Rc<Code>>,
    /// The activations running now, innermost last (CPython: the chain of
    /// `_PyInterpreterFrame.previous`).
    pub(crate) running: Vec<RunningFrame>,
    /// Start of `time.perf_counter`.
    pub(crate) started: std::time::Instant,
    /// `gc.get_threshold()`: CPython 3.11's defaults until a program sets them.
    pub(crate) gc_thresholds: [i64; 3],
    /// `gc.garbage`, once made.
    pub(crate) gc_garbage: Option<ObjRef>,
    /// `gc.isenabled()`.
    pub(crate) gc_enabled: bool,
    /// `gc.callbacks`, once made.
    pub(crate) gc_callbacks: Option<ObjRef>,
    /// The class of what `sys.unraisablehook` is called with, made on first use.
    pub(crate) unraisable_args_class: Option<ObjRef>,
    /// True while a collection runs (CPython: `gcstate->collecting`).
    pub(crate) gc_collecting: bool,
    /// `gc.get_debug()`.
    pub(crate) gc_debug: u32,
    /// The weak references to each weakly referenced object, oldest first
    /// (uncounted; entries for freed weak references are skipped when read).
    pub(crate) weakrefs: FastMap<ObjRef, Vec<ObjRef>>,
    /// True once `shutdown` clears the module's names.
    pub(crate) shutting_down: bool,
    /// The exit functions have run and the interpreter is finalizing
    /// (`sys.is_finalizing()`; CPython: `_PyRuntimeState_SetFinalizing`).
    pub(crate) finalizing: bool,
    /// The objects CPython 3.11 makes the first time a list, tuple, dict or
    /// set is printed (`Py_ReprEnter`'s thread-state dict, holding the
    /// `Py_Repr` list), on the stages that count allocations.
    pub(crate) repr_state: Option<ObjRef>,
    /// The containers whose repr is being built, outermost first (the
    /// list `Py_ReprEnter` keeps in that dict).
    pub(crate) repr_entered: Vec<ObjRef>,
    /// The keyword names tuple `print`'s argument parser makes on its
    /// first call, on the stages that count allocations.
    pub(crate) print_keywords: Option<ObjRef>,
    /// The Argument Clinic parsers that have made their tuple of keyword
    /// names (see `modules::builtins::argument_tuples`).
    pub(crate) keyword_parsers: std::collections::HashSet<&'static str>,
    /// The attribute and global names seen so far, one shared string each:
    /// a key made from one costs no allocation, and every instance that has
    /// the attribute shares its name (see [`Vm::name_key`]).
    pub(crate) key_names: FastSet<std::rc::Rc<str>>,
    /// `atexit`'s registered calls, oldest first.
    pub(crate) exit_calls: Vec<crate::modules::atexit::ExitCall>,
    /// The uncaught exception the program ended with, kept until shutdown
    /// as `sys.last_value` (see [`Vm::keep_last_exception`]).
    pub(crate) last_exception: Option<ObjRef>,
    /// True once some class defines `__getattribute__`, `__setattr__` or
    /// `__delattr__` (see [`crate::protocols::attribute_hooks`]).
    pub(crate) attribute_hooks: bool,
    /// The key table each dict would have in CPython (see [`crate::types::sizes`]).
    pub(crate) dict_tables: FastMap<ObjRef, crate::types::sizes::DictTable>,
    /// The `__dict__`s made from an instance's values array that still
    /// share their class's keys (CPython: a split table), with the class.
    pub(crate) split_dicts: FastMap<ObjRef, ObjRef>,
    /// Room left in each class's shared keys (CPython 3.11: `dk_usable`).
    pub(crate) shared_key_room: FastMap<ObjRef, usize>,
    /// Instances whose attributes outgrew their class's shared keys, with
    /// how many they had then (their dict's table was sized for those).
    pub(crate) combined_with: FastMap<ObjRef, usize>,
    /// How each class lays out its instances' attributes: the names they
    /// share, in the order first set (CPython 3.11: `ht_cached_keys`), or
    /// their `__slots__` (see [`crate::types::instance`]).
    pub(crate) layouts: FastMap<ObjRef, crate::types::instance::Layout>,
    /// The classes derived from `list` or `dict`, found when each class is
    /// made (see `types::builtin_subclass`): every list or dict operation
    /// on an instance asks.
    pub(crate) builtin_bases: FastMap<ObjRef, crate::types::builtin_subclass::BuiltinBase>,
    /// Each class's subclasses, in the order they were made (CPython:
    /// `tp_subclasses`, weak references). An entry whose class is gone, or
    /// whose slot now holds a class of other bases, is skipped when read.
    pub(crate) subclasses: FastMap<ObjRef, Vec<ObjRef>>,
    /// The keys of a class none of whose instances has set an attribute.
    pub(crate) no_shared_keys: ch01_objects::SharedKeys,
    /// Class attribute lookups already made, by class and name (see
    /// [`Vm::lookup_in_class`]).
    pub(crate) class_lookups: ClassLookups,
    /// What a module written in Rust keeps between calls (the `random`
    /// module's generator), by type. CPython: a module's state.
    pub(crate) module_state: FastMap<std::any::TypeId, Box<dyn std::any::Any>>,
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
        let empty_tuple = immortal(&mut mem, Payload::tuple(Box::default()));
        let empty_str = immortal(&mut mem, Payload::Str("".into()));
        let latin1_strs = (0..=255u8)
            .map(|byte| immortal(&mut mem, Payload::Str(char::from(byte).to_string().into())))
            .collect();
        let globals = mem.alloc(Payload::Dict(Box::new(Dict::new())));
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
            types: FastMap::default(),
            constructors: FastMap::default(),
            exceptions: vec![],
            method_cache: FastMap::default(),
            modules: FastMap::default(),
            module_order: Vec::new(),
            interned: HashMap::default(),
            handled: vec![],
            depth: 0,
            reraising: false,
            line: Rc::new(StdCell::new(0)),
            pc: StdCell::new(0),
            module_files: FastSet::default(),
            sources: FastMap::default(),
            loaded: vec![],
            running: vec![],
            started: std::time::Instant::now(),
            gc_thresholds: [700, 10, 10],
            gc_garbage: None,
            gc_enabled: true,
            gc_callbacks: None,
            unraisable_args_class: None,
            gc_collecting: false,
            gc_debug: 0,
            weakrefs: HashMap::default(),
            shutting_down: false,
            finalizing: false,
            attribute_hooks: false,
            exit_calls: Vec::new(),
            last_exception: None,
            key_names: FastSet::default(),
            repr_state: None,
            repr_entered: Vec::new(),
            print_keywords: None,
            keyword_parsers: Default::default(),
            module_state: FastMap::default(),
            dict_tables: FastMap::default(),
            split_dicts: FastMap::default(),
            shared_key_room: FastMap::default(),
            combined_with: FastMap::default(),
            layouts: HashMap::default(),
            builtin_bases: HashMap::default(),
            subclasses: HashMap::default(),
            no_shared_keys: ch01_objects::SharedKeys::default(),
            class_lookups: Default::default(),
            recursion_limit: RECURSION_LIMIT,
            last_return: None,
            script_name: "".into(),
        };
        vm.install_builtins();
        vm.intern_type_slot_keys();
        let name = vm.new_str("__main__");
        vm.set_global("__name__", name);
        // Replaced by the program's docstring, if it has one.
        let none = vm.none();
        vm.set_global("__doc__", none);
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

    // ----- allocation ------------------------------------------------------------

    // ----- heap access -----------------------------------------------------------

    // ----- globals --------------------------------------------------------------

    // ----- loading and running --------------------------------------------------

    // ANCHOR: shutdown
    /// Releases `__main__`'s globals, as CPython 3.11 does at exit.
    ///
    /// A first collection frees the garbage the program left, running its
    /// `__del__` methods (CPython 3.11's `PyGC_Collect` in `Py_FinalizeEx`:
    /// with `gc.callbacks`, and not after `gc.disable()`); like any
    /// collection it reorders the survivors. Then, on the stages whose
    /// collector runs finalizers, the module's dict becomes garbage, as it
    /// does in CPython once `sys.modules` is emptied, and a last collection
    /// (`_PyGC_CollectNoFail`, without callbacks) runs the `__del__` of
    /// everything only the module held, in the collector's order, before
    /// clearing any of it. On the other stages the names are set to `None`
    /// (those bound to instances first, in the collector's order if there
    /// is one, then the rest in dict order) and the last collection frees
    /// the cycles that leaves.
    pub fn shutdown(&mut self) {
        self.line.set(crate::stage::trace::EXITING);
        let handled = std::mem::take(&mut self.handled);
        self.decref_all(handled);
        // `Py_FinalizeEx` calls the `atexit` functions first.
        self.run_exit_calls();
        self.finalizing = true;
        // CPython's `Py_FinalizeEx` collects first with `PyGC_Collect`,
        // which calls `gc.callbacks` and does nothing after `gc.disable()`.
        if self.mem.finalizes_garbage() && self.gc_enabled {
            self.gc_collecting = false;
            self.collect_generation(2);
        }
        self.shutting_down = true;
        self.clear_sys_specials();
        if self.mem.finalizes_garbage() && self.release_main_as_garbage() {
            self.flush();
            return;
        }
        let entries: Vec<(ObjRef, ObjRef)> = match self.payload(self.globals) {
            Payload::Dict(dict) => dict.iter().collect(),
            _ => vec![],
        };
        let instances_first =
            |vm: &Vm, value: ObjRef| matches!(vm.payload(value), Payload::Instance(_));
        let in_collector_order = self.in_collector_order(&entries);
        for pass in [true, false] {
            let names = if pass { &in_collector_order } else { &entries };
            for &(key, _) in names {
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
        self.collect_at_exit();
        self.flush();
    }
    // ANCHOR_END: shutdown

    /// CPython 3.11 empties `sys.modules` at exit, and `__main__`'s dict,
    /// held by its own functions' `__globals__`, becomes a cycle that the
    /// last collection finds whole: every `__del__` of what only it holds
    /// runs in the collector's order, before anything is cleared. minipy's
    /// functions hold the dict too, but its module object does not, so the
    /// dict is given the module's part of the cycle (it holds itself) and
    /// the interpreter lets go of it. A dict that something outside still
    /// holds (a function kept by `gc.callbacks`, `sys.excepthook` or
    /// `gc.garbage`) is left alone, as CPython leaves it. Then the names
    /// the program stored in other modules are cleared, with no collection
    /// after. Returns false, having changed nothing, if the collector does
    /// not track the dict (it holds no containers).
    fn release_main_as_garbage(&mut self) -> bool {
        let globals = self.globals;
        if self.mem.is_tracked(globals) != Some(true) {
            return false;
        }
        let itself = DictKey::Identity(globals);
        self.incref(globals);
        self.incref(globals);
        if let Payload::Dict(dict) = self.payload_mut(globals) {
            dict.insert(itself.clone(), globals, globals);
        }
        let moved = self.hand_module_attributes_to_main();
        // The interpreter's own reference goes: only the cycle holds the dict.
        self.decref(globals);
        self.collect_at_exit();
        let survived = matches!(self.mem.heap().try_get(globals).map(|o| &o.payload),
            Some(Payload::Dict(dict)) if dict.get(&itself) == Some(globals));
        if survived {
            // Something outside the module still holds its dict: a function
            // of the module kept by another (`gc.callbacks`, `sys.excepthook`,
            // `gc.garbage`, an object in `os`). CPython 3.11 then never
            // clears it, and nothing only it holds is finalized. The
            // modules' names are cleared; the self-reference goes; the dict
            // stays with whoever holds it.
            self.clear_module_attributes(&moved);
            if let Payload::Dict(dict) = self.payload_mut(globals)
                && let Some((key, value)) = dict.remove(&itself)
            {
                self.decref(key);
                self.decref(value);
            }
        } else {
            self.clear_kept_modules();
        }
        // Later code (a weakref callback) finds an empty module, not a freed one.
        self.globals = self.alloc(Payload::Dict(Box::new(ch01_objects::Dict::new())));
        true
    }

    /// `entries` (a dict's key-value pairs) sorted by where their values sit
    /// in the collector's lists: the oldest generation first, each in its
    /// own order. Values the collector does not track keep their dict order,
    /// after the tracked ones.
    fn in_collector_order(&mut self, entries: &[(ObjRef, ObjRef)]) -> Vec<(ObjRef, ObjRef)> {
        let mut position = std::collections::HashMap::new();
        for generation in (0..3).rev() {
            for r in self
                .mem
                .generation_members(Some(generation))
                .unwrap_or_default()
            {
                let next = position.len();
                position.entry(r).or_insert(next);
            }
        }
        let mut sorted = entries.to_vec();
        sorted.sort_by_key(|&(_, value)| position.get(&value).copied().unwrap_or(usize::MAX));
        sorted
    }

    // ----- calls ------------------------------------------------------------------

    // ----- the eval loop ----------------------------------------------------------

    /// Sets `sys.argv[0]` and `__file__`.
    pub fn set_script_name(&mut self, name: &str) {
        self.script_name = name.into();
        // `sys` may be imported already (the stages that start as CPython
        // does import it first): its `argv` names the script too.
        if let Some(&sys) = self.modules.get("sys")
            && let Ok(argv) = self.get_attr(sys, "argv")
        {
            let script = self.new_str(name);
            let old = match self.payload_mut(argv) {
                Payload::List(items) => std::mem::replace(items, [script].into()),
                _ => [script].into(),
            };
            self.decref_all(old);
            self.decref(argv);
        }
    }

    /// How many Python calls are running (the recursion depth).
    pub fn call_depth(&self) -> usize {
        self.depth
    }
}
