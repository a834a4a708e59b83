//! Running the stage's cycle collector: `gc.collect()`, the automatic
//! collections of chapter 5, `gc.callbacks`, `gc.garbage`, and the
//! finalizers a collection leaves to the interpreter.
//!
//! The stage finds and frees the garbage; what needs Python code is done
//! here, around it, in CPython 3.11's order (`gc_collect_with_callback`):
//!
//! ```text
//!   callbacks("start")  ─▶  stage finds the garbage  ─▶  __del__ of each object
//!   in it (chapter 6)  ─▶  stage frees what is still garbage
//!   ─▶  gc.garbage += uncollectable  ─▶  __del__ of what the clearing freed
//!   ─▶  callbacks("stop")
//! ```

use ch01_objects::dict::Dict;
use ch01_objects::{DictKey, ObjRef, Payload};

use ch04_cycles::collector::debug;

use crate::vm::{PyErr, Vm};

impl Vm {
    // ANCHOR: collect_generation
    /// Collects `generation` (and the younger ones) and returns what
    /// `gc.collect()` returns. Nothing happens while a collection is already
    /// running (a `__del__` or a callback calling `gc.collect()`), as in CPython.
    pub(crate) fn collect_generation(&mut self, generation: usize) -> usize {
        self.collect(generation, true)
    }

    /// The collection at exit, which does not call `gc.callbacks`. CPython:
    /// `_PyGC_CollectNoFail`, which calls `gc_collect_main` directly.
    pub(crate) fn collect_at_exit(&mut self) -> usize {
        self.gc_collecting = false;
        self.collect(2, false)
    }

    fn collect(&mut self, generation: usize, with_callbacks: bool) -> usize {
        if self.gc_collecting {
            return 0;
        }
        self.gc_collecting = true;
        if with_callbacks {
            self.run_gc_callbacks("start", generation, 0, 0);
        }
        let started = std::time::Instant::now();
        if self.gc_debug & debug::STATS != 0 {
            self.write_collection_start(generation);
        }
        let mut weakrefs_freed = 0;
        let mut report = match self.mem.begin_collection(generation) {
            Some(garbage) => {
                self.write_gc_messages();
                weakrefs_freed = self.handle_weakrefs(&garbage);
                // Chapter 6 (PEP 442): every `__del__` of the garbage runs
                // before anything is freed, in the collection's order.
                for object in garbage {
                    if self.mem.claim_for_finalizer(object) {
                        self.incref(object);
                        self.run_finalizer(object);
                        self.decref(object);
                    }
                }
                self.mem.finish_collection()
            }
            None => self.mem.collect_generation(generation),
        };
        // The collection may have cleared classes (a type's `tp_clear`
        // empties its dict) without going through `payload_mut`.
        self.forget_class_lookups();
        self.write_gc_messages();
        report.found += weakrefs_freed;
        let uncollectable = if self.gc_debug & debug::SAVEALL != 0 {
            // Kept, not uncollectable: CPython counts only legacy finalizers.
            0
        } else {
            report.uncollectable.len()
        };
        if self.gc_debug & debug::STATS != 0 {
            let elapsed = started.elapsed().as_secs_f64();
            self.flush();
            eprintln!(
                "gc: done, {} unreachable, {uncollectable} uncollectable, {elapsed:.4}s elapsed",
                report.found
            );
        }
        if !report.uncollectable.is_empty() {
            let garbage = self.gc_garbage();
            for object in report.uncollectable {
                self.incref(object);
                if let Payload::List(items) = self.payload_mut(garbage) {
                    items.push(object);
                }
            }
            self.decref(garbage);
        }
        for object in report.to_finalize {
            self.finalize_released(object);
            self.decref(object);
        }
        let collected = report.found.saturating_sub(uncollectable);
        if with_callbacks {
            self.run_gc_callbacks("stop", generation, collected, uncollectable);
        }
        self.gc_collecting = false;
        // The object whose allocation started this collection, or the first
        // one a callback allocated past the threshold, is tracked now.
        self.mem.end_automatic_collection();
        report.found
    }
    // ANCHOR_END: collect_generation

    // ANCHOR: collect_automatically
    /// The allocation just made took generation 0 past its threshold:
    /// collect the generation that is due, then let the stage track the new
    /// object. CPython: `gc_collect_generations`, from `_PyObject_GC_Link`.
    pub(crate) fn collect_automatically(&mut self) {
        if self.gc_collecting {
            // CPython starts no collection inside one; the one running
            // tracks the new object when it ends.
            return;
        }
        if let Some(generation) = self.mem.due_generation() {
            self.collect_generation(generation);
        }
        self.mem.end_automatic_collection();
    }
    // ANCHOR_END: collect_automatically

    /// `gc.DEBUG_STATS`'s first lines: the generation, and what each holds.
    fn write_collection_start(&mut self, generation: usize) {
        let sizes: Vec<String> = (0..3)
            .map(|g| {
                let members = self.mem.generation_members(Some(g));
                members.map_or(0, |m| m.len()).to_string()
            })
            .collect();
        let permanent = self.mem.freeze_count();
        self.flush();
        eprintln!("gc: collecting generation {generation}...");
        eprintln!("gc: objects in each generation: {}", sizes.join(" "));
        eprintln!("gc: objects in permanent generation: {permanent}");
    }

    /// Prints what the stage has written for `gc.set_debug`.
    fn write_gc_messages(&mut self) {
        let messages = self.mem.take_gc_messages();
        if !messages.is_empty() {
            self.flush();
            for line in messages {
                eprintln!("{line}");
            }
        }
    }

    /// Calls each of `gc.callbacks` with the phase and an info dict; an
    /// exception in one is printed and ignored. CPython: `invoke_gc_callback`.
    fn run_gc_callbacks(
        &mut self,
        phase: &str,
        generation: usize,
        collected: usize,
        uncollectable: usize,
    ) {
        let Some(callbacks) = self.gc_callbacks else {
            return;
        };
        let count = match self.payload(callbacks) {
            Payload::List(items) => items.len(),
            _ => 0,
        };
        if count == 0 {
            return;
        }
        let info = self.alloc(Payload::Dict(Box::new(Dict::new())));
        for (name, value) in [
            ("generation", generation),
            ("collected", collected),
            ("uncollectable", uncollectable),
        ] {
            let key = self.intern(name);
            let value = self.new_int(value as i64);
            self.dict_set(info, DictKey::Str(name.into()), key, value);
        }
        let phase = self.new_str(phase);
        let mut i = 0;
        while let Some(callback) = match self.payload(callbacks) {
            Payload::List(items) => items.get(i).copied(),
            _ => None,
        } {
            i += 1;
            self.incref(callback);
            self.incref(phase);
            self.incref(info);
            match self.call(callback, vec![phase, info], None) {
                Ok(result) => self.decref(result),
                Err(err) => self.write_unraisable(callback, err),
            }
            self.decref(callback);
        }
        self.decref(phase);
        self.decref(info);
    }

    /// Reports an exception nobody can catch (in `__del__`, in a gc
    /// callback) and drops it. CPython: `PyErr_WriteUnraisable`.
    pub(crate) fn write_unraisable(&mut self, object: ObjRef, err: PyErr) {
        self.write_unraisable_msg(None, object, err);
    }

    /// [`Vm::write_unraisable`] with a message of its own (`Exception
    /// ignored in atexit callback`). The report goes to `sys.unraisablehook`
    /// if the program replaced it, with an `UnraisableHookArgs`; otherwise,
    /// or if the hook fails, it is printed. CPython: `_PyErr_WriteUnraisableMsg`.
    pub(crate) fn write_unraisable_msg(
        &mut self,
        err_msg: Option<&str>,
        object: ObjRef,
        err: PyErr,
    ) {
        self.give_traceback_here(&err);
        let Some(hook) = self.replaced_sys_hook("unraisablehook") else {
            self.print_unraisable(err_msg, Some(object), err.0);
            self.decref(err.0);
            return;
        };
        let args = self.unraisable_hook_args(err_msg, object, err.0);
        match self.call(hook, vec![args], None) {
            Ok(result) => self.decref(result),
            Err(failed) => {
                self.give_traceback_here(&failed);
                let message = "Exception ignored in sys.unraisablehook";
                self.print_unraisable(Some(message), Some(hook), failed.0);
                self.decref(failed.0);
            }
        }
        self.decref(hook);
        self.decref(err.0);
    }

    /// An exception raised by the runtime itself (a generator that ignored
    /// `GeneratorExit`) passed through no frame: 3.11 gives it a traceback
    /// from the frame running now.
    fn give_traceback_here(&mut self, err: &PyErr) {
        let traceback = self.get_attr_raw(err.0, "__traceback__");
        if traceback.is_none_or(|tb| tb == self.none())
            && let Some(frame) = self.caller_frame()
        {
            self.incref(frame);
            let line = self.line.get();
            let position = self
                .running
                .last()
                .and_then(|running| running.code.positions.get(self.pc.get()).copied());
            let tb = self.new_native(crate::types::native::Traceback {
                frame,
                line,
                position,
                next: None,
            });
            self.set_attr_raw(err.0, "__traceback__", tb);
        }
    }

    /// What 3.11's default `sys.unraisablehook` prints: `err_msg` (or
    /// `Exception ignored in`) and the object, by its repr, then only the
    /// exception's own traceback, not those it was raised from or while
    /// handling; the message after `: ` even when it is empty
    /// (`Exception: `), unlike a traceback that ends a program.
    pub(crate) fn print_unraisable(
        &mut self,
        err_msg: Option<&str>,
        object: Option<ObjRef>,
        exc: ObjRef,
    ) {
        let described = object.map(|object| match self.repr(object) {
            Ok(text) => text,
            Err(failed) => {
                self.decref(failed.0);
                "<object repr() failed>".into()
            }
        });
        self.flush();
        let err_msg = err_msg.unwrap_or("Exception ignored in");
        match described {
            Some(described) => eprintln!("{err_msg}: {described}"),
            None => eprintln!("{err_msg}"),
        }
        let mut text = self.format_one_traceback(exc);
        if self.exception_message(exc).is_empty() && text.ends_with('\n') {
            text.pop();
            text.push_str(": \n");
        }
        eprint!("{text}");
    }

    /// A new reference to `sys.<name>` if the program put something there
    /// other than the hook `sys` starts with (kept as `sys.__<name>__`);
    /// `None` stands for the original only for `unraisablehook`.
    pub(crate) fn replaced_sys_hook(&mut self, name: &str) -> Option<ObjRef> {
        let sys = *self.modules.get("sys")?;
        let module = self.native::<crate::types::native::Module>(sys)?;
        let key = DictKey::Str(name.into());
        let hook = module.attrs.get(&key)?;
        let original = module
            .attrs
            .get(&DictKey::Str(format!("__{name}__").as_str().into()));
        if Some(hook) == original || (hook == self.none() && name == "unraisablehook") {
            return None;
        }
        Some(self.new_ref(hook))
    }

    /// `sys.UnraisableHookArgs(exc_type, exc_value, exc_traceback, err_msg,
    /// object)`: what the hook is called with.
    fn unraisable_hook_args(
        &mut self,
        err_msg: Option<&str>,
        object: ObjRef,
        exc: ObjRef,
    ) -> ObjRef {
        let class = match self.unraisable_args_class {
            Some(class) => class,
            None => {
                let name = self.new_str("UnraisableHookArgs");
                let fields = self.new_str("exc_type exc_value exc_traceback err_msg object");
                let class = self.namedtuple_class(&[name, fields]);
                self.decref(name);
                self.decref(fields);
                let Ok(class) = class else {
                    return self.none();
                };
                self.unraisable_args_class = Some(class);
                class
            }
        };
        let exc_type = self.type_of(exc);
        let traceback = self
            .get_attr_raw(exc, "__traceback__")
            .unwrap_or(self.none());
        [exc_type, exc, traceback, object]
            .into_iter()
            .for_each(|item| self.incref(item));
        let message = match err_msg {
            Some(text) => self.new_str(text),
            None => self.new_ref(self.singletons.none),
        };
        let items = [exc_type, exc, traceback, message, object];
        self.incref(class);
        self.new_native(crate::types::namedtuple::NamedTuple {
            class,
            name: "UnraisableHookArgs".into(),
            items: items.into(),
        })
    }

    /// A new reference to `gc.garbage`, made on first use.
    pub(crate) fn gc_garbage(&mut self) -> ObjRef {
        let garbage = *self
            .gc_garbage
            .get_or_insert_with(|| self.mem.alloc(Payload::list(vec![])));
        self.incref(garbage);
        garbage
    }

    /// A new reference to `gc.callbacks`, made on first use.
    pub(crate) fn gc_callbacks(&mut self) -> ObjRef {
        let callbacks = *self
            .gc_callbacks
            .get_or_insert_with(|| self.mem.alloc(Payload::list(vec![])));
        self.incref(callbacks);
        callbacks
    }
}
