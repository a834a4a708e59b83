//! The instruction set of minipy's stack machine, and the code objects that hold it.
//!
//! The instructions follow CPython 3.11's where the memory story depends on
//! them (`LOAD_FAST` increfs, `STORE_FAST` decrefs the old value, `CALL` hands
//! its arguments to the callee...). Chapter 3 reads programs at this level
//! to explain when a reference is taken and when it is dropped.

use std::rc::Rc;

/// Binary operators (`BINARY_OP`'s argument).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    TrueDiv,
    /// `//`
    FloorDiv,
    /// `%`
    Mod,
    /// `**`
    Pow,
    /// `&`
    And,
    /// `|`
    Or,
    /// `^`
    Xor,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
}

/// Comparison operators (`COMPARE_OP`, `IS_OP`, `CONTAINS_OP`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `is`
    Is,
    /// `is not`
    IsNot,
    /// `in`
    In,
    /// `not in`
    NotIn,
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `+x`
    Pos,
    /// `not x`
    Not,
    /// `~x`
    Invert,
}

// ANCHOR: instr
/// One instruction. Jump targets are instruction indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Instr {
    /// Push a constant (incref).
    LoadConst(u32),
    /// Push a local (incref); `UnboundLocalError` if unset.
    LoadFast(u32),
    /// Pop into a local; the old value is decref'd.
    StoreFast(u32),
    /// Unbind a local (decref).
    DeleteFast(u32),
    // ANCHOR_END: instr
    /// Push a global or builtin.
    LoadGlobal(u32),
    /// Pop into a global.
    StoreGlobal(u32),
    /// Unbind a global.
    DeleteGlobal(u32),
    /// Class bodies: push from the class namespace, then globals, then builtins.
    LoadName(u32),
    /// Class bodies: pop into the class namespace.
    StoreName(u32),
    /// Class bodies: unbind a name of the class namespace.
    DeleteName(u32),
    /// Push the value held by a cell (closures).
    LoadDeref(u32),
    /// Pop into a cell.
    StoreDeref(u32),
    /// Unbind the variable a cell holds (`del x` of a captured variable).
    DeleteDeref(u32),
    /// Push the cell itself, to build a closure.
    LoadClosure(u32),
    /// Replace the top with its attribute.
    LoadAttr(u32),
    /// `obj.name = value`: pops obj, then value.
    StoreAttr(u32),
    /// `del obj.name`.
    DeleteAttr(u32),
    /// Push `method, self` (or `attr, NULL`) so the call needs no bound method.
    LoadMethod(u32),
    /// `container[key]`.
    BinarySubscr,
    /// `container[key] = value`: pops key, container, value.
    StoreSubscr,
    /// `del container[key]`.
    DeleteSubscr,
    /// Pop two, push the result.
    Binary(BinaryOp),
    /// Pop one, push the result.
    Unary(UnaryOp),
    /// Pop two, push a bool.
    Compare(CompareOp),
    /// Unconditional jump.
    Jump(u32),
    /// Pop; jump if false.
    PopJumpIfFalse(u32),
    /// Pop; jump if true.
    PopJumpIfTrue(u32),
    /// Jump if the top is false (keep it), else pop it (`and`).
    JumpIfFalseOrPop(u32),
    /// Jump if the top is true (keep it), else pop it (`or`).
    JumpIfTrueOrPop(u32),
    /// Replace the top with an iterator over it.
    GetIter,
    /// Push the iterator's next item, or pop the iterator and jump when done.
    ForIter(u32),
    /// Pop n items into a new list.
    BuildList(u32),
    /// Pop n items into a new tuple.
    BuildTuple(u32),
    /// Pop n key/value pairs into a new dict.
    BuildDict(u32),
    /// Pop n items into a new list whose capacity is the length rounded up to
    /// even: a display of three or more constants, which CPython 3.11 builds
    /// from a constant tuple (`LIST_EXTEND`).
    BuildConstList(u32),
    /// Pop n items into a new set.
    BuildSet(u32),
    /// Pop n constants into a new set whose table is sized for them first,
    /// as CPython 3.11 does when it builds a display of three or more
    /// constants from a constant frozenset (`SET_UPDATE`).
    BuildConstSet(u32),
    /// Pop an iterable and extend the list `n` below with it (`*x` in displays and calls).
    ListExtend(u32),
    /// Replace the list on top with a tuple of its items.
    ListToTuple,
    /// Pop an item and add it to the set `n` below (set displays and comprehensions).
    SetAdd(u32),
    /// Pop a value, then a key, and store them in the dict `n` below (dict comprehensions).
    MapAdd(u32),
    /// Pop a mapping and merge it into the dict `n` below; with `call`, a
    /// key already there is an error (`f(**a, **b)`).
    DictMerge {
        /// Depth of the dict.
        depth: u32,
        /// Reject duplicate keys (call sites).
        call: bool,
    },
    /// Unpack a sequence into `before` values, a list of the rest, and `after` values.
    UnpackEx {
        /// Targets before the starred one.
        before: u32,
        /// Targets after the starred one.
        after: u32,
    },
    /// `yield from`: pop a value and send it to the sub-iterator below it
    /// (`next()` for `None`). If it yields, push what it yielded; if it is
    /// done, replace it with its return value and jump. CPython: `SEND`.
    Send(u32),
    /// Suspend the generator, handing the top of the stack to its caller; the
    /// value sent in (or `None`) is pushed when it resumes.
    YieldValue,
    /// Call with a tuple of positional arguments and (if `kwargs`) a dict of
    /// keyword arguments: `f(*args, **kwargs)`. CPython: `CALL_FUNCTION_EX`.
    CallEx {
        /// A dict of keyword arguments is on top.
        kwargs: bool,
    },
    /// Pop n strings and join them (f-strings).
    BuildString(u32),
    /// Replace the top with its formatted text: its conversion in the low
    /// two bits (none 0, `!s` 1, `!r` 2, `!a` 3), and 4 if a spec is popped
    /// above it. CPython 3.11's `FVC_*` and `FVS_HAVE_SPEC`.
    FormatValue(u8),
    /// Pop an item and append it to the list `n` below (comprehensions).
    ListAppend(u32),
    /// Unpack a sequence into n values, first on top.
    UnpackSequence(u32),
    /// Call with n positional arguments: stack is `callable, args...`.
    Call(u32),
    /// Call after `LoadMethod`: stack is `method, self_or_null, args...`.
    CallMethod(u32),
    /// Make a function from code constant `code`: pops defaults tuple (if
    /// `defaults`) and closure tuple (if `closure`).
    MakeFunction {
        /// Index of the code in the constants.
        code: u32,
        /// A tuple of defaults is on the stack.
        defaults: bool,
        /// A tuple of cells is on the stack.
        closure: bool,
        /// A dict of keyword-only defaults is on the stack (below the closure).
        kwdefaults: bool,
    },
    /// Pop a function (the class body) and n bases below it; run the body and push the class.
    BuildClass(u32),
    /// `BuildClass` with a dict of the class statement's keywords on top
    /// (`metaclass=`, and those passed to `__init_subclass__`).
    BuildClassKw(u32),
    /// Return the top of the stack.
    Return,
    /// Drop the top.
    Pop,
    /// Push the top again.
    Dup,
    /// Swap the two top items.
    Swap,
    /// Push the two top items again, in the same order.
    DupTwo,
    /// Move the top item below the next two.
    Rot3,
    /// Pop `lower, upper, step` and push a slice.
    BuildSlice,
    /// Call with n arguments, the last of them keyword arguments, whose
    /// names are the constant tuple on top of them (CPython 3.11:
    /// `KW_NAMES` before `CALL`).
    CallKw(u32),
    /// Pop an exception (or class) and raise it; with 0 re-raise the one being handled.
    Raise(u8),
    /// Push a handler: on an exception jump there with the stack cut back.
    SetupExcept(u32),
    /// Push a `finally` handler. The exception it catches is being handled
    /// while the `finally` body (or `__exit__`) runs, as after CPython's
    /// `PUSH_EXC_INFO`: `sys.exc_info()` sees it and a new exception takes
    /// it as `__context__`.
    SetupFinally(u32),
    /// Push a cleanup handler: it runs with the stack cut back and re-raises,
    /// and the exception it catches is not marked handled (CPython 3.11's
    /// `cleanup_end` of an `except ... as name:` block).
    SetupCleanup(u32),
    /// Pop the innermost handler.
    PopBlock,
    /// Pop the class on top and push whether the exception below it is an
    /// instance of it (the exception stays). CPython: `CHECK_EXC_MATCH`.
    ExceptionMatches,
    /// Leave an `except` block: the previous exception becomes current again.
    PopExcept,
    /// Re-raise the exception on the top of the stack (end of `finally` after an exception).
    Reraise,
    /// `with`: replace the context manager with itself and `__enter__()`'s result.
    WithEnter,
    /// `with`: pop the context manager and call `__exit__`.
    WithExit,
    /// `with` left by an exception: pop the context manager, call
    /// `__exit__(type, exc, traceback)` with the exception below it, and push
    /// whether it suppressed the exception.
    WithExceptionExit,
    /// Augmented assignment (`a += b`): lists, sets and instances with
    /// `__iadd__` and friends change in place; other objects fall back to the
    /// binary operator.
    InplaceBinary(BinaryOp),
    /// `import name`: push the module.
    ImportName(u32),
    /// `from module import name`: push `module.name`, the module staying
    /// below it; a missing name is an `ImportError`.
    ImportFrom(u32),
    /// `from module import *`: pop the module and bind its public names as globals.
    ImportStar,
    /// `locals()`: push a new dict of the function's bound locals (the
    /// namespace itself in a class body or module). CPython: `PyEval_GetLocals`.
    BuildLocals,
    /// Print the top in the REPL and bind it to `_` (CPython: `PRINT_EXPR`).
    PrintExpr,
    /// Nothing; marks where a handler resumes.
    Nop,
}

/// A constant in a code object.
#[derive(Debug, Clone)]
pub enum Const {
    /// `None`.
    None,
    /// `True`/`False`.
    Bool(bool),
    /// An int literal.
    Int(i64),
    /// A float literal.
    Float(f64),
    /// An int literal beyond 64 bits, in decimal.
    BigInt(Rc<str>),
    /// A string literal.
    Str(Rc<str>),
    /// A bytes literal.
    Bytes(Rc<[u8]>),
    /// A tuple whose items are all constants, folded at compile time as
    /// CPython's AST optimizer folds `(1, "a")`.
    Tuple(Rc<[Const]>),
    /// A nested function or class body.
    Code(Rc<Code>),
}

/// How a code object's names are resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    /// Module level: names are globals.
    Module,
    /// A function: fast locals, cells, globals.
    Function,
    /// A class body: names go into the class namespace.
    Class,
}

/// Compiled code. CPython: `PyCodeObject`.
#[derive(Debug)]
pub struct Code {
    /// The function's or class's name, `<module>` at top level.
    pub name: Rc<str>,
    /// The dotted path to it (`C.method`, `outer.<locals>.inner`). CPython: `co_qualname`.
    pub qualname: Rc<str>,
    /// The source file, for tracebacks.
    pub filename: Rc<str>,
    /// What kind of scope this is.
    pub kind: CodeKind,
    /// The instructions.
    pub instrs: Vec<Instr>,
    /// The source line of each instruction: where the innermost
    /// expression it belongs to starts. CPython: `co_lines()`.
    pub lines: Vec<u32>,
    /// The source each instruction's work comes from, as byte offsets
    /// into the file (start, end): the innermost expression it belongs to,
    /// or its statement. A traceback underlines it. CPython: `co_positions()`.
    pub positions: Vec<(u32, u32)>,
    /// Constants.
    pub consts: Vec<Const>,
    /// Names used by global/attribute/name instructions.
    pub names: Vec<Rc<str>>,
    /// Local variable names, parameters first. CPython: `co_varnames`.
    pub varnames: Vec<Rc<str>>,
    /// Number of positional parameters.
    pub argcount: usize,
    /// How many of them come before `/`: no keyword can name them.
    /// CPython: `co_posonlyargcount`.
    pub posonlyargcount: usize,
    /// Number of keyword-only parameters (after the positional ones in `varnames`).
    pub kwonlyargcount: usize,
    /// Has a `*args` parameter (the local after the keyword-only ones).
    pub varargs: bool,
    /// Has a `**kwargs` parameter (the local after `*args`).
    pub varkeywords: bool,
    /// Contains `yield`: calling it makes a generator.
    pub is_generator: bool,
    /// Names of locals that closures capture (each lives in a cell). CPython: `co_cellvars`.
    pub cellvars: Vec<Rc<str>>,
    /// For each cell variable that is also a parameter, its parameter index.
    pub cell_params: Vec<Option<usize>>,
    /// Names captured from enclosing functions. CPython: `co_freevars`.
    pub freevars: Vec<Rc<str>>,
    /// The first line.
    pub first_line: u32,
    /// A function's docstring, its `__doc__`: the string its body starts
    /// with. CPython 3.11 keeps it as the code's first constant.
    pub docstring: Option<Rc<str>>,
    /// `SyntaxWarning`s the compiler found (module code only): line, message.
    pub warnings: Vec<(u32, String)>,
}

impl Code {
    /// Number of cell slots: cell variables first, then free variables.
    pub fn cell_count(&self) -> usize {
        self.cellvars.len() + self.freevars.len()
    }
}
