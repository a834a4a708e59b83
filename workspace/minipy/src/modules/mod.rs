//! The modules a program can import, each written in Rust, one file each
//! (CPython: `Modules/`, one file per module), and the built-in functions
//! ([`builtins`]).
//!
//! Each file declares a [`NativeModule`]: its name, its functions, and the
//! values made when it is first imported. [`MODULES`] lists them; adding a
//! module (`weakref`, `tracemalloc`) is its file and its name on one line
//! of the `native_modules!` list, which declares the file too. Its
//! functions are [`NativeFunction`]s: a name, the keywords it accepts, and a
//! plain Rust function on the [`Vm`].
//!
//! The modules use the layers below them — the object protocols, the types,
//! the eval loop's `call` — and nothing below uses a module, with one
//! exception named where it happens: `sys`'s streams, which `print` writes
//! to.
//!
//! `collections`, `itertools`, `functools`, `dataclasses`, `random` and
//! `abc` define types whose methods sit in the built-in table
//! ([`BuiltinFn`]); their module functions are listed there too, in
//! [`NativeModule::table_functions`], until those types move here with them.

pub mod builtins;

use ch01_objects::dict::Dict;
use ch01_objects::{DictKey, ObjRef, Payload};

use crate::types::builtin_fn::{BuiltinFn, NativeFunction};
use crate::types::exceptions::ExcKind;
use crate::types::native::{Builtin, Module};
use crate::vm::{PyResult, Vm};

// ANCHOR: native_module
/// A module written in Rust. CPython: a `PyModuleDef`.
pub struct NativeModule {
    /// The name `import` finds it by.
    pub name: &'static str,
    /// Its functions, declared in its file.
    pub functions: &'static [NativeFunction],
    /// Its functions that live in the built-in table (see the module doc).
    pub table_functions: &'static [BuiltinFn],
    /// Its other attributes (constants, types, streams), made on first import.
    pub values: fn(&mut Vm) -> Vec<(&'static str, ObjRef)>,
}

/// Declares each module's file and lists its [`NativeModule`] in
/// [`MODULES`], so that a module is registered by one line below.
macro_rules! native_modules {
    ($($module:ident),* $(,)?) => {
        $(pub mod $module;)*

        /// Every module `import` can find.
        pub static MODULES: &[&NativeModule] = &[$(&$module::MODULE),*];
    };
}

// ANCHOR: registry
native_modules! {
    abc,
    atexit,
    collections,
    copy,
    dataclasses,
    functools,
    gc,
    itertools,
    math,
    os,
    random,
    resource,
    string,
    sys,
    time,
    traceback,
    weakref,
}
// ANCHOR_END: registry
// ANCHOR_END: native_module

/// [`NativeModule::values`] for a module that has only functions.
pub(crate) fn no_values(_vm: &mut Vm) -> Vec<(&'static str, ObjRef)> {
    vec![]
}

/// The values a piece of a module written in Python makes: its `_make()`
/// returns a tuple of them, which get `names`. A piece that fails to load
/// gives nothing (its exception is reported as unraisable).
pub(crate) fn python_part_values(
    vm: &mut Vm,
    source: &str,
    origin: &str,
    names: &[&'static str],
) -> Vec<(&'static str, ObjRef)> {
    let made = vm
        .python_module_function(source, origin, "_make")
        .and_then(|make| {
            let made = vm.call(make, vec![], None);
            vm.decref(make);
            made
        });
    let made = match made {
        Ok(made) => made,
        Err(err) => {
            vm.release_error(err);
            return vec![];
        }
    };
    let items = match vm.payload(made) {
        Payload::Tuple(items) => items.to_vec(),
        _ => vec![made],
    };
    let mut values = vec![];
    for (&name, item) in names.iter().zip(items) {
        vm.incref(item);
        values.push((name, item));
    }
    vm.decref(made);
    values
}

/// The modules of minipy's that the reference python3 3.11 has already
/// imported when a program starts (`site` and the `.pth` files of its
/// site-packages import them) and still reaches at exit, so that what a
/// program stores in them outlives `__main__`. Observed, not derived: a
/// python3 with other site-packages imports others.
const KEPT_AT_EXIT: &[&str] = &[
    "abc",
    "collections",
    "functools",
    "math",
    "os",
    "random",
    "time",
];

impl Vm {
    /// `from module import name`: the attribute, or CPython's
    /// `ImportError` for a name the module lacks (minipy's modules have no
    /// file, so their location is unknown, as a built-in module's is).
    pub(crate) fn import_from(&mut self, module: ObjRef, name: &str) -> PyResult<ObjRef> {
        match self.get_attr(module, name) {
            Err(err) if self.is_instance_of_kind(err.0, ExcKind::AttributeError) => {
                self.decref(err.0);
                let module_name = match self.native::<Module>(module) {
                    Some(module) => module.name.to_string(),
                    None => "?".to_string(),
                };
                let message =
                    format!("cannot import name '{name}' from '{module_name}' (unknown location)");
                let err = self.error(ExcKind::ImportError, message);
                let text = self.new_str(&module_name);
                self.set_attr_raw(err.0, "name", text);
                Err(err)
            }
            other => other,
        }
    }

    /// `import name`: the module object, made on first import and kept for
    /// the rest of the run (CPython: `sys.modules`).
    pub(crate) fn import(&mut self, name: &str) -> PyResult<ObjRef> {
        if let Some(&module) = self.modules.get(name) {
            self.incref(module);
            return Ok(module);
        }
        let Some(definition) = MODULES.iter().find(|module| module.name == name) else {
            return Err(self.error(
                ExcKind::ModuleNotFoundError,
                format!("No module named '{name}'"),
            ));
        };
        let functions = definition
            .functions
            .iter()
            .map(BuiltinFn::Native)
            .chain(definition.table_functions.iter().copied());
        let mut attrs = Dict::new();
        for function in functions {
            let object = self.new_native(Builtin {
                function,
                receiver: None,
            });
            let key_object = self.intern(function.name());
            attrs.insert(DictKey::Str(function.name().into()), key_object, object);
        }
        for (value_name, value) in (definition.values)(self) {
            let key_object = self.intern(value_name);
            attrs.insert(DictKey::Str(value_name.into()), key_object, value);
        }
        self.module_order.push((name.into(), attrs.len()));
        let module = self.new_native(Module {
            name: name.into(),
            attrs,
        });
        self.mem.make_immortal(module);
        self.modules.insert(name.into(), module);
        Ok(module)
    }

    /// The names the program stored in `module` (those after the ones it
    /// was made with), in the order `_PyModule_ClearDict` of CPython 3.11
    /// sets them to `None`: those that start with `_` first.
    fn program_attributes(&self, module: ObjRef, made_with: usize) -> Vec<String> {
        let Some(m) = self.native::<Module>(module) else {
            return vec![];
        };
        let added: Vec<String> = m
            .attrs
            .iter()
            .skip(made_with)
            .filter_map(|(key, _)| self.str_of(key).map(str::to_string))
            .collect();
        let (mut underscored, rest): (Vec<String>, Vec<String>) =
            added.into_iter().partition(|a| a.starts_with('_'));
        underscored.extend(rest);
        underscored
    }

    /// The imported modules that python3 still reaches at exit, once
    /// `sys.modules` is empty, newest first: those it imports while
    /// starting up (`site` and what it loads keep them), as
    /// `finalize_modules_clear_weaklist` of CPython 3.11 visits them.
    /// `sys` is never among them: CPython clears it last, once its
    /// standard streams are gone, so nothing it frees can print.
    fn modules_kept_at_exit(&self) -> Vec<(ObjRef, usize)> {
        self.module_order
            .iter()
            .rev()
            .filter(|(name, _)| KEPT_AT_EXIT.contains(&&**name))
            .filter_map(|(name, made_with)| Some((*self.modules.get(name)?, *made_with)))
            .collect()
    }

    /// What the program stored in a module python3 does not reach at exit
    /// (`gc`, `weakref`, `copy`, ...) dies with `__main__`: only
    /// `__main__`'s dict holds such a module, so the module is part of the
    /// garbage the last collection finds. minipy's modules live as long as
    /// the interpreter, so each such value moves into `__main__`'s dict
    /// instead, under a key only the collector sees (the value itself).
    /// Returns the values moved, newest module first, in clearing order.
    pub(crate) fn hand_module_attributes_to_main(&mut self) -> Vec<ObjRef> {
        let globals = self.globals;
        let mut moved = vec![];
        for (name, made_with) in self.module_order.clone().into_iter().rev() {
            if KEPT_AT_EXIT.contains(&&*name) || &*name == "sys" {
                continue;
            }
            let Some(&module) = self.modules.get(&name) else {
                continue;
            };
            for attribute in self.program_attributes(module, made_with) {
                let key = DictKey::Str(attribute.as_str().into());
                let Some((_, value)) = self
                    .native::<Module>(module)
                    .and_then(|m| m.attrs.get_entry(&key))
                else {
                    continue;
                };
                let hidden = DictKey::Identity(value);
                let taken =
                    matches!(self.payload(globals), Payload::Dict(d) if d.get(&hidden).is_some());
                if taken {
                    continue;
                }
                let Some((key_object, value)) = self
                    .native_mut::<Module>(module)
                    .and_then(|m| m.attrs.remove(&key))
                else {
                    continue;
                };
                self.decref(key_object);
                // The entry holds the value twice, as key and as value.
                self.incref(value);
                if let Payload::Dict(dict) = self.payload_mut(globals) {
                    dict.insert(hidden, value, value);
                }
                moved.push(value);
            }
        }
        moved
    }

    /// `__main__` outlived its collection (one of its functions is held
    /// from outside): CPython 3.11 now sets every name the program stored
    /// in a module still alive to `None`, newest module first, and collects
    /// no more while anything can print. `moved` is what
    /// [`Vm::hand_module_attributes_to_main`] put in `__main__`'s dict.
    pub(crate) fn clear_module_attributes(&mut self, moved: &[ObjRef]) {
        let globals = self.globals;
        for &value in moved {
            let entry = match self.payload_mut(globals) {
                Payload::Dict(dict) => dict.remove(&DictKey::Identity(value)),
                _ => None,
            };
            if let Some((key, value)) = entry {
                self.decref(key);
                self.decref(value);
            }
        }
        self.clear_kept_modules();
    }

    /// The names the program stored in the modules python3 still reaches
    /// at exit become `None`, newest module first; what only they held is
    /// freed by its count.
    pub(crate) fn clear_kept_modules(&mut self) {
        for (module, made_with) in self.modules_kept_at_exit() {
            for attribute in self.program_attributes(module, made_with) {
                let none = self.new_ref(self.singletons.none);
                self.set_module_attr(module, &attribute, none);
            }
        }
    }

    /// `module.name = value`; takes `value`'s reference.
    pub(crate) fn set_module_attr(&mut self, module: ObjRef, name: &str, value: ObjRef) {
        self.store_native_attr::<Module>(module, name, value, |m| &mut m.attrs);
    }
}
