//! A listing of a code object, laid out as CPython 3.11's `dis.dis` prints one.
//!
//! Appendix A of the book follows one program from source to instructions,
//! and prints what [`compile_module`] made of it with [`disassemble`], next
//! to what `python3 -m dis` prints for the same program. The layout is
//! CPython's so that the two listings can be read side by side: a line
//! number on the first instruction of each source line and a blank line
//! between source lines, `>>` on jump targets, the position, the opcode name
//! in a 20-column field, the argument right-aligned in 5 columns and its
//! meaning in parentheses. Each nested code object (function, lambda, class
//! body, comprehension) follows, depth first in constant order, under a
//! `Disassembly of <code object ...>:` header.
//!
//! # Where the listing differs from CPython's
//!
//! - **Positions are instruction indices.** minipy's jump targets are indices
//!   into `instrs`, so the listing counts 0, 1, 2, ... and `(to 12)` names
//!   the instruction listed at 12. CPython 3.11 counts bytes (two per instruction,
//!   more for inline `CACHE` entries); converting would invent offsets that
//!   no minipy instruction has.
//! - **No addresses.** CPython prints `<code object f at 0x7f..., file "f.py",
//!   line 3>`. The address changes from run to run; minipy prints
//!   `<code object f, file "f.py", line 3>` so that listings can be compared
//!   and kept in tests.
//! - **Module-level names are globals.** minipy compiles a module's names to
//!   `LOAD_GLOBAL` / `STORE_GLOBAL` / `DELETE_GLOBAL`, where CPython 3.11
//!   emits `LOAD_NAME` / `STORE_NAME` / `DELETE_NAME` (a module's locals and
//!   globals are one dict when a script runs, so the references land in the
//!   same place).
//! - **Every code object ends with `LOAD_CONST None; RETURN_VALUE`**, even
//!   after a `return`; CPython's compiler removes code that cannot run.
//! - **Constants are numbered in order of first use.** CPython 3.11 reserves
//!   a function's first constant for its docstring (`None` without one).
//! - **Class bodies start with the class's first statement.** CPython 3.11's
//!   store `__module__` and `__qualname__` first; minipy's classes have
//!   neither.
//! - **No bookkeeping instructions.** CPython 3.11 starts every code object
//!   with `RESUME` (and `MAKE_CELL` / `COPY_FREE_VARS` for closures), and puts
//!   `PUSH_NULL` / `PRECALL` before calls and `CACHE` entries after some
//!   instructions. minipy has none of them, and the listing does not make
//!   them up.
//! - **`MAKE_FUNCTION` names its code object.** minipy's instruction carries
//!   the index of the code constant, where CPython loads the code with a
//!   `LOAD_CONST` first. The argument is CPython's flag bits (1 defaults,
//!   2 keyword-only defaults, 8 closure); the parentheses name the code
//!   object, then the flags.
//! - **Arguments are minipy's.** `LOAD_GLOBAL 3 (len)` is name 3, not
//!   CPython's `(3 << 1) | push_null`; `LOAD_DEREF` counts cells then free
//!   variables, not all of CPython's "fast locals plus"; jumps are absolute.
//!   Where minipy's instruction has no number but CPython's has one
//!   (`BINARY_OP`, `COMPARE_OP`, `IS_OP`, `CONTAINS_OP`, `COPY`, `SWAP`,
//!   `BUILD_SLICE`, `MAKE_FUNCTION`, `CALL_FUNCTION_EX`, `UNPACK_EX`), the
//!   number is CPython 3.11's for the same operation.
//! - **`FORMAT_VALUE` uses minipy's flags**: bit 0 is `!r`, bit 1 is "a format
//!   spec is on the stack", so `(repr, with format)` is 3, not CPython's 6.
//! - **Non-ASCII characters in string constants** are shown or escaped by
//!   Rust's notion of printable, which follows the same Unicode categories as
//!   Python's `str.isprintable` but possibly a different Unicode version.
//!
//! # Opcode names that are minipy's own
//!
//! Every other name in a listing is in CPython 3.11's `dis.opmap` and names
//! the same operation. These are not:
//!
//! - `JUMP`: one unconditional jump; 3.11 has `JUMP_FORWARD` and
//!   `JUMP_BACKWARD` (3.12's compiler has `JUMP` as a pseudo-instruction).
//! - `POP_JUMP_IF_FALSE`, `POP_JUMP_IF_TRUE`: 3.11 has only the `_FORWARD_` and
//!   `_BACKWARD_` variants (3.10 and 3.12 use these names).
//! - `BUILD_CONST_LIST`, `BUILD_CONST_SET`: a display of three or more
//!   constants, sized as CPython sizes the one it builds from a constant
//!   tuple or frozenset with `LIST_EXTEND` / `SET_UPDATE`.
//! - `CALL_METHOD`: a call after `LOAD_METHOD` (3.7 to 3.10's name; 3.11 uses
//!   `PRECALL` and `CALL` for both kinds of call).
//! - `CALL_KW`: a call whose last arguments are keyword arguments, named by
//!   the constant tuple on top of them (3.11 uses `KW_NAMES` and `CALL`).
//! - `BUILD_CLASS`: run a class body and make the class (3.11:
//!   `LOAD_BUILD_CLASS` and a call).
//! - `DUP_TOP_TWO`, `ROT_THREE`: 3.10's names; 3.11 spells them `COPY 2;
//!   COPY 2` and `SWAP 3; SWAP 2`.
//! - `SETUP_EXCEPT`, `SETUP_FINALLY`, `POP_BLOCK`: minipy pushes and pops
//!   exception handlers at run time; 3.11 looks them up in a table built at
//!   compile time (its compiler has `SETUP_FINALLY` and `POP_BLOCK` only as
//!   pseudo-instructions; `SETUP_EXCEPT` was last in 3.7).
//! - `WITH_EXIT`, `WITH_EXCEPTION_EXIT`: leave a `with` block normally or by an
//!   exception, calling `__exit__` on the manager (3.11 loads `None`s and
//!   calls, or uses `WITH_EXCEPT_START`, with a different stack).
//! - `BUILD_LOCALS`: `locals()` as an instruction.
//!
//! [`compile_module`]: crate::compile_module

use std::collections::HashSet;
use std::fmt::Write as _;
use std::rc::Rc;

use crate::bytecode::{BinaryOp, Code, CompareOp, Const, Instr, UnaryOp};
use crate::compile::{CompileError, compile_module};
use crate::repr::{float_repr, str_repr};

/// The opcode names in a listing that CPython 3.11's `dis.opmap` does not
/// have (the module documentation says why each exists).
pub const MINIPY_OPNAMES: &[&str] = &[
    "JUMP",
    "POP_JUMP_IF_FALSE",
    "POP_JUMP_IF_TRUE",
    "BUILD_CONST_LIST",
    "BUILD_CONST_SET",
    "CALL_METHOD",
    "CALL_KW",
    "BUILD_CLASS",
    "DUP_TOP_TWO",
    "ROT_THREE",
    "SETUP_EXCEPT",
    "SETUP_FINALLY",
    "POP_BLOCK",
    "WITH_EXIT",
    "WITH_EXCEPTION_EXIT",
    "BUILD_LOCALS",
];

/// Compiles `source` as a module (not interactive) and lists the result,
/// as `dis.dis(source)` does in CPython.
///
/// ```
/// let listing = minipy_compiler::dis::disassemble_source("x = 1\n", "f.py")?;
/// assert!(listing.starts_with("  1           0 LOAD_CONST               0 (1)\n"));
/// # Ok::<(), minipy_compiler::CompileError>(())
/// ```
pub fn disassemble_source(source: &str, filename: &str) -> Result<String, CompileError> {
    compile_module(source, filename, false).map(|code| disassemble(&code))
}

/// Lists `code` and then every code object nested in it, each under a
/// `Disassembly of <code object ...>:` header.
pub fn disassemble(code: &Code) -> String {
    let mut out = String::new();
    list_code(&mut out, code);
    // An explicit stack rather than recursion: nesting depth is the user's.
    let mut pending: Vec<&Code> = nested(code).rev().collect();
    while let Some(inner) = pending.pop() {
        let _ = writeln!(out, "\nDisassembly of {}:", code_repr(inner));
        list_code(&mut out, inner);
        pending.extend(nested(inner).rev());
    }
    out
}

/// The name the listing gives `instr`: CPython 3.11's where the operation is
/// the same, else one of [`MINIPY_OPNAMES`].
pub fn opname(instr: Instr) -> &'static str {
    use Instr as I;
    match instr {
        I::LoadConst(_) => "LOAD_CONST",
        I::LoadFast(_) => "LOAD_FAST",
        I::StoreFast(_) => "STORE_FAST",
        I::DeleteFast(_) => "DELETE_FAST",
        I::LoadGlobal(_) => "LOAD_GLOBAL",
        I::StoreGlobal(_) => "STORE_GLOBAL",
        I::DeleteGlobal(_) => "DELETE_GLOBAL",
        I::LoadName(_) => "LOAD_NAME",
        I::StoreName(_) => "STORE_NAME",
        I::DeleteName(_) => "DELETE_NAME",
        I::LoadDeref(_) => "LOAD_DEREF",
        I::StoreDeref(_) => "STORE_DEREF",
        I::DeleteDeref(_) => "DELETE_DEREF",
        I::LoadClosure(_) => "LOAD_CLOSURE",
        I::LoadAttr(_) => "LOAD_ATTR",
        I::StoreAttr(_) => "STORE_ATTR",
        I::DeleteAttr(_) => "DELETE_ATTR",
        I::LoadMethod(_) => "LOAD_METHOD",
        I::BinarySubscr => "BINARY_SUBSCR",
        I::StoreSubscr => "STORE_SUBSCR",
        I::DeleteSubscr => "DELETE_SUBSCR",
        I::Binary(_) | I::InplaceBinary(_) => "BINARY_OP",
        I::Unary(UnaryOp::Neg) => "UNARY_NEGATIVE",
        I::Unary(UnaryOp::Pos) => "UNARY_POSITIVE",
        I::Unary(UnaryOp::Not) => "UNARY_NOT",
        I::Unary(UnaryOp::Invert) => "UNARY_INVERT",
        I::Compare(CompareOp::Is | CompareOp::IsNot) => "IS_OP",
        I::Compare(CompareOp::In | CompareOp::NotIn) => "CONTAINS_OP",
        I::Compare(_) => "COMPARE_OP",
        I::Jump(_) => "JUMP",
        I::PopJumpIfFalse(_) => "POP_JUMP_IF_FALSE",
        I::PopJumpIfTrue(_) => "POP_JUMP_IF_TRUE",
        I::JumpIfFalseOrPop(_) => "JUMP_IF_FALSE_OR_POP",
        I::JumpIfTrueOrPop(_) => "JUMP_IF_TRUE_OR_POP",
        I::GetIter => "GET_ITER",
        I::ForIter(_) => "FOR_ITER",
        I::BuildList(_) => "BUILD_LIST",
        I::BuildTuple(_) => "BUILD_TUPLE",
        I::BuildDict(_) => "BUILD_MAP",
        I::BuildConstList(_) => "BUILD_CONST_LIST",
        I::BuildSet(_) => "BUILD_SET",
        I::BuildConstSet(_) => "BUILD_CONST_SET",
        I::ListExtend(_) => "LIST_EXTEND",
        I::ListToTuple => "LIST_TO_TUPLE",
        I::SetAdd(_) => "SET_ADD",
        I::MapAdd(_) => "MAP_ADD",
        // CPython, too, merges with duplicate checks at call sites and
        // updates (last key wins) in displays.
        I::DictMerge { call: true, .. } => "DICT_MERGE",
        I::DictMerge { call: false, .. } => "DICT_UPDATE",
        I::UnpackEx { .. } => "UNPACK_EX",
        I::Send(_) => "SEND",
        I::YieldValue => "YIELD_VALUE",
        I::CallEx { .. } => "CALL_FUNCTION_EX",
        I::BuildString(_) => "BUILD_STRING",
        I::FormatValue(_) => "FORMAT_VALUE",
        I::ListAppend(_) => "LIST_APPEND",
        I::UnpackSequence(_) => "UNPACK_SEQUENCE",
        I::Call(_) => "CALL",
        I::CallMethod(_) => "CALL_METHOD",
        I::MakeFunction { .. } => "MAKE_FUNCTION",
        I::BuildClass(_) => "BUILD_CLASS",
        I::BuildClassKw(_) => "BUILD_CLASS_KW",
        I::Return => "RETURN_VALUE",
        I::Pop => "POP_TOP",
        I::Dup => "COPY",
        I::Swap => "SWAP",
        I::DupTwo => "DUP_TOP_TWO",
        I::Rot3 => "ROT_THREE",
        I::BuildSlice => "BUILD_SLICE",
        I::CallKw(_) => "CALL_KW",
        I::Raise(_) => "RAISE_VARARGS",
        I::SetupExcept(_) => "SETUP_EXCEPT",
        I::SetupFinally(_) => "SETUP_FINALLY",
        I::SetupCleanup(_) => "SETUP_CLEANUP",
        I::PopBlock => "POP_BLOCK",
        // Pops the class and pushes the answer above the exception, as
        // 3.11's CHECK_EXC_MATCH does.
        I::ExceptionMatches => "CHECK_EXC_MATCH",
        I::PopExcept => "POP_EXCEPT",
        I::Reraise => "RERAISE",
        // Same stack effect as 3.11's: the manager becomes two items, the
        // second `__enter__()`'s result (CPython keeps the bound `__exit__`
        // where minipy keeps the manager).
        I::WithEnter => "BEFORE_WITH",
        I::WithExit => "WITH_EXIT",
        I::WithExceptionExit => "WITH_EXCEPTION_EXIT",
        I::ImportName(_) => "IMPORT_NAME",
        I::ImportFrom(_) => "IMPORT_FROM",
        I::ImportStar => "IMPORT_STAR",
        I::BuildLocals => "BUILD_LOCALS",
        I::PrintExpr => "PRINT_EXPR",
        I::Nop => "NOP",
    }
}

/// CPython's `dis` column widths, so that the two listings line up.
const OPNAME_WIDTH: usize = 20;
const ARG_WIDTH: usize = 5;

fn list_code(out: &mut String, code: &Code) {
    let targets: HashSet<u32> = code.instrs.iter().filter_map(|&i| jump_target(i)).collect();
    let max_line = code.lines.iter().copied().max().unwrap_or(0);
    let line_width = digits(u64::from(max_line)).max(3);
    let last_index = code.instrs.len().saturating_sub(1) as u64;
    let index_width = digits(last_index).max(4);
    let mut previous_line = None;
    for (index, &instr) in code.instrs.iter().enumerate() {
        let line = code.lines.get(index).copied();
        let starts_line = line.filter(|_| line != previous_line);
        previous_line = line;
        if starts_line.is_some() && index > 0 {
            out.push('\n');
        }
        let mut text = match starts_line {
            Some(line) => format!("{line:>line_width$}"),
            None => " ".repeat(line_width),
        };
        let marker = if u32::try_from(index).is_ok_and(|i| targets.contains(&i)) {
            ">>"
        } else {
            "  "
        };
        let name = opname(instr);
        let _ = write!(
            text,
            "     {marker} {index:>index_width$} {name:<OPNAME_WIDTH$}"
        );
        if let Some((arg, meaning)) = argument(instr, code) {
            let _ = write!(text, " {arg:>ARG_WIDTH$}");
            if !meaning.is_empty() {
                let _ = write!(text, " ({meaning})");
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    }
}

fn digits(n: u64) -> usize {
    n.to_string().len()
}

fn nested(code: &Code) -> impl DoubleEndedIterator<Item = &Code> {
    code.consts.iter().filter_map(|c| match c {
        Const::Code(inner) => Some(&**inner),
        _ => None,
    })
}

fn jump_target(instr: Instr) -> Option<u32> {
    use Instr as I;
    match instr {
        I::Jump(t)
        | I::PopJumpIfFalse(t)
        | I::PopJumpIfTrue(t)
        | I::JumpIfFalseOrPop(t)
        | I::JumpIfTrueOrPop(t)
        | I::ForIter(t)
        | I::Send(t)
        | I::SetupExcept(t)
        | I::SetupFinally(t)
        | I::SetupCleanup(t) => Some(t),
        _ => None,
    }
}

/// The argument column and what it means, or `None` for an instruction
/// that takes no argument.
fn argument(instr: Instr, code: &Code) -> Option<(u64, String)> {
    use Instr as I;
    let plain = |n: u32| Some((u64::from(n), String::new()));
    match instr {
        I::LoadConst(i) => Some((u64::from(i), constant(code, i))),
        I::LoadFast(i) | I::StoreFast(i) | I::DeleteFast(i) => Some(lookup(&code.varnames, i)),
        I::LoadDeref(i) | I::StoreDeref(i) | I::DeleteDeref(i) | I::LoadClosure(i) => {
            Some(lookup(code.cellvars.iter().chain(&code.freevars), i))
        }
        I::LoadGlobal(i)
        | I::StoreGlobal(i)
        | I::DeleteGlobal(i)
        | I::LoadName(i)
        | I::StoreName(i)
        | I::DeleteName(i)
        | I::LoadAttr(i)
        | I::StoreAttr(i)
        | I::DeleteAttr(i)
        | I::LoadMethod(i)
        | I::ImportName(i)
        | I::ImportFrom(i) => Some(lookup(&code.names, i)),
        I::Binary(op) => Some((binary_number(op), binary_symbol(op).to_string())),
        I::InplaceBinary(op) => Some((
            binary_number(op) + INPLACE,
            format!("{}=", binary_symbol(op)),
        )),
        I::Compare(op) => Some(compare(op)),
        I::Jump(t)
        | I::PopJumpIfFalse(t)
        | I::PopJumpIfTrue(t)
        | I::JumpIfFalseOrPop(t)
        | I::JumpIfTrueOrPop(t)
        | I::ForIter(t)
        | I::Send(t)
        | I::SetupExcept(t)
        | I::SetupFinally(t)
        | I::SetupCleanup(t) => Some((u64::from(t), format!("to {t}"))),
        I::BuildList(n)
        | I::BuildTuple(n)
        | I::BuildDict(n)
        | I::BuildConstList(n)
        | I::BuildSet(n)
        | I::BuildConstSet(n)
        | I::ListExtend(n)
        | I::SetAdd(n)
        | I::MapAdd(n)
        | I::BuildString(n)
        | I::ListAppend(n)
        | I::UnpackSequence(n)
        | I::Call(n)
        | I::CallMethod(n)
        | I::BuildClass(n)
        | I::BuildClassKw(n)
        | I::CallKw(n) => plain(n),
        I::DictMerge { depth, .. } => plain(depth),
        // CPython packs the counts the same way.
        I::UnpackEx { before, after } => {
            Some((u64::from(before) | u64::from(after) << 8, String::new()))
        }
        I::CallEx { kwargs } => plain(u32::from(kwargs)),
        I::FormatValue(flags) => Some((u64::from(flags), format_flags(flags))),
        I::Raise(n) => Some((u64::from(n), String::new())),
        I::MakeFunction {
            code: index,
            defaults,
            closure,
            kwdefaults,
        } => {
            let bits = u64::from(defaults) | u64::from(kwdefaults) << 1 | u64::from(closure) << 3;
            let mut meaning = constant(code, index);
            for (set, flag) in [
                (defaults, "defaults"),
                (kwdefaults, "kwdefaults"),
                (closure, "closure"),
            ] {
                if set {
                    meaning.push_str(", ");
                    meaning.push_str(flag);
                }
            }
            Some((bits, meaning))
        }
        // 3.11 spells minipy's fixed-depth stack shuffles with a depth.
        I::Dup => plain(1),
        I::Swap => plain(2),
        I::BuildSlice => plain(3),
        I::BinarySubscr
        | I::StoreSubscr
        | I::DeleteSubscr
        | I::Unary(_)
        | I::GetIter
        | I::ListToTuple
        | I::YieldValue
        | I::Return
        | I::Pop
        | I::DupTwo
        | I::Rot3
        | I::PopBlock
        | I::ExceptionMatches
        | I::PopExcept
        | I::Reraise
        | I::WithEnter
        | I::WithExit
        | I::WithExceptionExit
        | I::ImportStar
        | I::BuildLocals
        | I::PrintExpr
        | I::Nop => None,
    }
}

/// Index `n` and the name at it (`?` if there is none).
fn lookup<'a>(names: impl IntoIterator<Item = &'a Rc<str>>, n: u32) -> (u64, String) {
    let name = names.into_iter().nth(n as usize).map_or("?", |s| &**s);
    (u64::from(n), name.to_string())
}

/// CPython 3.11's `NB_INPLACE_ADD - NB_ADD`.
const INPLACE: u64 = 13;

/// CPython 3.11's `NB_*` numbers (`Include/opcode.h`), which are in
/// alphabetical order of the operator's name.
fn binary_number(op: BinaryOp) -> u64 {
    match op {
        BinaryOp::Add => 0,
        BinaryOp::And => 1,
        BinaryOp::FloorDiv => 2,
        BinaryOp::LShift => 3,
        BinaryOp::Mul => 5,
        BinaryOp::Mod => 6,
        BinaryOp::Or => 7,
        BinaryOp::Pow => 8,
        BinaryOp::RShift => 9,
        BinaryOp::Sub => 10,
        BinaryOp::TrueDiv => 11,
        BinaryOp::Xor => 12,
    }
}

fn binary_symbol(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Add => "+",
        BinaryOp::Sub => "-",
        BinaryOp::Mul => "*",
        BinaryOp::TrueDiv => "/",
        BinaryOp::FloorDiv => "//",
        BinaryOp::Mod => "%",
        BinaryOp::Pow => "**",
        BinaryOp::And => "&",
        BinaryOp::Or => "|",
        BinaryOp::Xor => "^",
        BinaryOp::LShift => "<<",
        BinaryOp::RShift => ">>",
    }
}

/// The argument as CPython 3.11 numbers it. Like 3.11's `dis`, `IS_OP` and
/// `CONTAINS_OP` get no parenthesised meaning: 1 means "not".
fn compare(op: CompareOp) -> (u64, String) {
    let (n, symbol) = match op {
        CompareOp::Lt => (0, "<"),
        CompareOp::Le => (1, "<="),
        CompareOp::Eq => (2, "=="),
        CompareOp::Ne => (3, "!="),
        CompareOp::Gt => (4, ">"),
        CompareOp::Ge => (5, ">="),
        CompareOp::Is | CompareOp::In => (0, ""),
        CompareOp::IsNot | CompareOp::NotIn => (1, ""),
    };
    (n, symbol.to_string())
}

/// `FORMAT_VALUE`'s argument as CPython 3.11's `dis` shows it.
fn format_flags(flags: u8) -> String {
    let conversion = ["", "str", "repr", "ascii"][usize::from(flags & 3)];
    match (conversion, flags & 4 == 4) {
        ("", true) => "with format".to_string(),
        (conversion, true) => format!("{conversion}, with format"),
        (conversion, false) => conversion.to_string(),
    }
}

fn constant(code: &Code, index: u32) -> String {
    code.consts
        .get(index as usize)
        .map_or_else(|| "?".to_string(), const_repr)
}

fn code_repr(code: &Code) -> String {
    format!(
        "<code object {}, file \"{}\", line {}>",
        code.name, code.filename, code.first_line
    )
}

fn const_repr(value: &Const) -> String {
    match value {
        Const::None => "None".to_string(),
        Const::Bool(true) => "True".to_string(),
        Const::Bool(false) => "False".to_string(),
        Const::Int(n) => n.to_string(),
        Const::BigInt(digits) => digits.to_string(),
        Const::Float(x) => float_repr(*x),
        Const::Str(s) => str_repr(s),
        Const::Bytes(data) => bytes_repr(data),
        Const::Tuple(items) => {
            let inner: Vec<String> = items.iter().map(const_repr).collect();
            match inner.as_slice() {
                [one] => format!("({one},)"),
                _ => format!("({})", inner.join(", ")),
            }
        }
        Const::Code(code) => code_repr(code),
    }
}

/// `repr()` of a bytes constant, as CPython writes it.
pub fn bytes_repr(data: &[u8]) -> String {
    let quote = if data.contains(&b'\'') && !data.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = format!("b{quote}");
    for &byte in data {
        match byte {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            _ if byte as char == quote => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7e => out.push(byte as char),
            _ => out.push_str(&format!("\\x{byte:02x}")),
        }
    }
    out.push(quote);
    out
}
