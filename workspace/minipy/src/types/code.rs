//! A code object as the interpreter runs it: the compiler's [`Compiled`]
//! code plus what only a running interpreter can attach to it.
//!
//! CPython's `PyCodeObject` holds its constants as objects (`co_consts`)
//! and its names as interned strings (`co_names`). minipy's compiler knows
//! nothing of the heap, so the interpreter makes both when it loads a
//! module (`Vm::load`, chapter 2's "holders you cannot see") and keeps them
//! here, next to the compiled code they belong to.

use std::cell::OnceCell;
use std::ops::Deref;
use std::rc::Rc;

use ch01_objects::{DictKey, ObjRef};
pub use minipy_compiler::Code as Compiled;
use minipy_compiler::Const;

/// A compiled code object and its runtime tables.
#[derive(Debug)]
pub struct Code {
    compiled: Rc<Compiled>,
    /// `co_names` as dict keys, made once so that a global lookup builds no key.
    pub name_keys: Box<[DictKey]>,
    /// `co_consts` as heap objects, one reference each, set by `Vm::load`.
    pub const_objects: OnceCell<Box<[ObjRef]>>,
    /// The code of each nested function or class body, by constant index
    /// (`None` where the constant is not code): what `MAKE_FUNCTION` runs.
    pub nested: Box<[Option<Rc<Code>>]>,
}

impl Code {
    /// Wraps compiled code and, recursively, every code object nested in it.
    pub fn new(compiled: Rc<Compiled>) -> Rc<Code> {
        let nested = compiled
            .consts
            .iter()
            .map(|constant| match constant {
                Const::Code(inner) => Some(Code::new(inner.clone())),
                _ => None,
            })
            .collect();
        let name_keys = compiled
            .names
            .iter()
            .map(|name| DictKey::Str(name.as_ref().into()))
            .collect();
        Rc::new(Code {
            compiled,
            name_keys,
            const_objects: OnceCell::new(),
            nested,
        })
    }
}

impl Deref for Code {
    type Target = Compiled;

    fn deref(&self) -> &Compiled {
        &self.compiled
    }
}
