//! Running code: CPython's `Python/ceval.c` and its neighbours.
//!
//! - [`load`]: a module's code made ready to run — its constants made into
//!   objects once and merged, and the hidden reference the parser's arena
//!   keeps to each while the module runs;
//! - [`frames`]: activations (CPython's `_PyInterpreterFrame`), running one
//!   to completion, and the frame objects a traceback links;
//! - [`dispatch`]: the loop itself, one arm per instruction, each doing the
//!   reference counting CPython 3.11's eval loop does for it;
//! - [`calls`]: what `CALL` does for each kind of callable, and building a
//!   class from its body;
//! - [`arguments`]: binding a call's arguments to parameters, `*args` and
//!   `**kwargs`, unpacking;
//! - [`exceptions`]: raising, handlers, tracebacks, `except` matching;
//! - [`generators`]: activations that survive between calls;
//! - [`delegation`]: `throw()` and `close()` of a generator paused in
//!   `yield from`, handed to the sub-iterator first.
//!
//! Calls out of this layer: the protocols, for every operator; the
//! built-in table's dispatcher ([`Vm::call_builtin`](crate::vm::Vm), in
//! `modules::builtins`) when a built-in function is called; and `import`
//! (in [`crate::modules`]) for `IMPORT_NAME`. The protocols call back in
//! to run Python code (`__eq__`, `__iter__`, a property's getter).

pub mod arguments;
pub mod calls;
pub mod delegation;
pub mod dispatch;
pub mod exceptions;
pub mod frames;
pub mod generators;
pub mod load;
