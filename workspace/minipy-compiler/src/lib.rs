//! # minipy-compiler: from Python source to code objects
//!
//! minipy's front end, a crate of its own so that the interpreter's layers
//! sit on top of it and nothing here knows about the heap. Appendix A
//! follows one program through it.
//!
//! ```text
//!  source ──parse──▶ AST ──symtable──▶ scopes ──compile──▶ Code ──▶ minipy's eval loop
//! ```
//!
//! In data-flow order:
//! - [`source`]: a file's bytes decoded as CPython's tokenizer decodes them
//!   (UTF-8, or the encoding a PEP 263 comment declares);
//! - parsing is `ruff_python_parser`'s: real Python 3 syntax, with positions;
//! - [`mangle`]: private names (`__spam` in a class) rewritten as CPython's
//!   compiler binds them (`_Class__spam`);
//! - [`symtable`]: which names are local, global, cell or free in each scope
//!   (CPython: `Python/symtable.c`);
//! - [`compile`]: the tree walked into instructions, one [`Code`] per
//!   function, class body and comprehension (CPython: `Python/compile.c`);
//! - [`bytecode`]: the instruction set and the code object;
//! - [`stack`]: how deep each code object's value stack goes (`co_stacksize`);
//! - [`dis`]: a listing of a code object, as CPython's `dis` module prints one,
//!   with constants shown by [`repr`].
//!
//! Everything the interpreter adds to a code object when it runs it (the
//! constants as heap objects, the names as dict keys) lives on the
//! interpreter's side: this crate's output is plain data.

pub mod bytecode;
pub mod compile;
pub mod dis;
pub mod mangle;
pub mod repr;
pub mod source;
pub mod stack;
pub mod symtable;

pub use bytecode::{BinaryOp, Code, CodeKind, CompareOp, Const, Instr, UnaryOp};
pub use compile::{CompileError, compile_module};
