//! Loading a module: its constants made into objects once and merged, the
//! hidden reference the parser's arena keeps to each, and running the
//! module's code in `__main__`.

use crate::bytecode::Const;
use crate::eval::frames::Activation;
use crate::types::code::{Code, Compiled};
use crate::vm::{FrameSlot, PyResult, Vm};
use ch01_objects::{ObjRef, Payload};
use std::collections::HashMap;
use std::rc::Rc;

impl Vm {
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
            // `co_names` holds a reference to each of its interned names for
            // as long as the code lives: here, as long as the interpreter.
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
            Const::Str(s) if looks_like_identifier(s) => self.intern(s),
            Const::Str(s) => self.new_str(s),
            Const::Bytes(data) => self.new_bytes(data.to_vec(), false),
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

    // ANCHOR: run_module
    /// Runs a module's code in `__main__`'s namespace.
    pub fn run_module(&mut self, code: Rc<Compiled>, source: &str) -> PyResult<()> {
        let code = Code::new(code);
        self.sources.insert(code.filename.clone(), source.into());
        let arena = self.load(&code);
        let activation = Activation {
            code,
            locals: crate::eval::frames::new_slots(0),
            stack: vec![],
            handlers: vec![],
            pc: 0,
            frame_object: FrameSlot::default(),
            namespace: None,
            function: None,
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
    // ANCHOR_END: run_module

    /// Compiles and runs `source`, Python the interpreter ships (a module's
    /// helpers), and returns a new reference to the function `name` it
    /// defines, which it takes out of `__main__`'s globals again. The
    /// function must not use globals of its own: it runs with `__main__`'s.
    pub(crate) fn python_module_function(
        &mut self,
        source: &str,
        filename: &str,
        name: &str,
    ) -> PyResult<ObjRef> {
        let compiled = crate::compile::compile_module(source, filename, false).map_err(|e| {
            let message = e.report(filename, source);
            self.error(crate::types::exceptions::ExcKind::SystemError, message)
        })?;
        let code = Code::new(compiled);
        self.sources.insert(code.filename.clone(), source.into());
        self.module_files.insert(code.filename.clone());
        let arena = self.load(&code);
        let line = self.line.get();
        let activation = Activation {
            code,
            locals: crate::eval::frames::new_slots(0),
            stack: vec![],
            handlers: vec![],
            pc: 0,
            frame_object: FrameSlot::default(),
            namespace: None,
            function: None,
        };
        let result = self.run(activation);
        self.line.set(line);
        self.decref_all(arena);
        let result = result?;
        self.decref(result);
        let key = ch01_objects::DictKey::Str(name.into());
        let removed = match self.payload_mut(self.globals) {
            Payload::Dict(dict) => dict.remove(&key),
            _ => None,
        };
        match removed {
            Some((key_object, function)) => {
                self.decref(key_object);
                Ok(function)
            }
            None => Err(self.error(
                crate::types::exceptions::ExcKind::SystemError,
                format!("{filename} does not define {name}"),
            )),
        }
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
                // The prompt keeps it too, until the next one replaces it.
                if self.is_system_exit(&err) {
                    self.decref(err.0);
                } else {
                    self.keep_last_exception(err);
                }
                Err(text)
            }
        }
    }
}

/// True for the string constants CPython 3.11 interns when it makes a code
/// object: those made only of ASCII letters, digits and underscores
/// (`intern_string_constants` and `all_name_chars` in `Objects/codeobject.c`),
/// so `"spam"` in two modules, `sys.intern("spam")` and an attribute named
/// `spam` are one object, while `"two words"` is not interned.
fn looks_like_identifier(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
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
    Bytes(Rc<[u8]>),
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
            Const::Bytes(data) => ConstKey::Bytes(data.clone()),
            Const::Tuple(items) => {
                ConstKey::Tuple(items.iter().map(ConstKey::item).collect::<Option<_>>()?)
            }
        })
    }
}
