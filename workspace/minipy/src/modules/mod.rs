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

impl Vm {
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
        let module = self.new_native(Module {
            name: name.into(),
            attrs,
        });
        self.mem.make_immortal(module);
        self.modules.insert(name.into(), module);
        Ok(module)
    }

    /// `module.name = value`; takes `value`'s reference.
    pub(crate) fn set_module_attr(&mut self, module: ObjRef, name: &str, value: ObjRef) {
        self.store_native_attr::<Module>(module, name, value, |m| &mut m.attrs);
    }
}
