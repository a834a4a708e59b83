//! From source text to [`Code`]: parse with `ruff_python_parser`, analyse
//! scopes ([`crate::symtable`]), then walk the tree emitting instructions.
//!
//! Serves chapter 3 (and every chapter's example programs): the code it
//! emits decides where references are taken and dropped, so it follows
//! CPython 3.11's compiler where that matters — a comprehension is a
//! function of its own, `except E as e:` ends with `e = None; del e`, a
//! method call does not build a bound method.
//!
//! Anything outside minipy's subset is a [`CompileError`] naming the
//! construct and its line; the compiler never panics on user input.

use std::collections::HashMap;
use std::rc::Rc;

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_source_file::LineIndex;
use ruff_text_size::{Ranged, TextRange, TextSize};

use crate::bytecode::{BinaryOp, Code, CodeKind, CompareOp, Const, Instr};
mod expr;
mod fold;
mod stmt;
mod warnings;

use crate::symtable::{MODULE_KEY, Scope, SymbolTable};
use fold::*;

/// Why a program could not be compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// `SyntaxError` for malformed programs; also used for unsupported constructs.
    pub kind: &'static str,
    /// What went wrong.
    pub message: String,
    /// One-based line.
    pub line: u32,
    /// One-based column.
    pub column: u32,
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} (line {}, column {})",
            self.kind, self.message, self.line, self.column
        )
    }
}

impl CompileError {
    /// The error as CPython prints it: where, the line with a caret under
    /// the column, then the kind and the message.
    pub fn report(&self, filename: &str, source: &str) -> String {
        let text = source
            .lines()
            .nth(self.line.saturating_sub(1) as usize)
            .unwrap_or("")
            .trim_end();
        let indent = text.len() - text.trim_start().len();
        let caret = (self.column as usize).saturating_sub(1 + indent);
        format!(
            "  File \"{filename}\", line {}\n    {}\n    {}^\n{}: {}\n",
            self.line,
            text.trim_start(),
            " ".repeat(caret),
            self.kind,
            self.message
        )
    }
}

type Result<T> = std::result::Result<T, CompileError>;

// ANCHOR: compile_module
/// Compiles a module. In `interactive` mode expression statements print their
/// value and bind it to `_` (CPython's `single` mode).
pub fn compile_module(source: &str, filename: &str, interactive: bool) -> Result<Rc<Code>> {
    // Node addresses are only meaningful within one parse.
    FOLDED.with(|folded| folded.borrow_mut().clear());
    let index = LineIndex::from_source_text(source);
    let position = |offset: TextSize| {
        let location = index.line_column(offset, source);
        (location.line.get() as u32, location.column.get() as u32)
    };
    let parsed = ruff_python_parser::parse_module(source).map_err(|error| {
        let (line, column) = position(error.location.start());
        CompileError {
            kind: "SyntaxError",
            message: error.error.to_string(),
            line,
            column,
        }
    })?;
    if let Some(error) = parsed.unsupported_syntax_errors().first() {
        let (line, column) = position(error.range.start());
        return Err(CompileError {
            kind: "SyntaxError",
            message: error.to_string(),
            line,
            column,
        });
    }
    let mut module = parsed.into_syntax();
    let mangled = crate::mangle::mangle_private_names(&mut module.body);
    let symbols = SymbolTable::build(&module.body);
    let shared = Shared {
        index,
        source,
        symbols,
        mangled,
        filename: filename.into(),
        warnings: Default::default(),
    };
    let mut unit = Unit::new(&shared, "<module>", CodeKind::Module, MODULE_KEY, 1);
    unit.interactive = interactive;
    // A module's docstring becomes its `__doc__`, stored first, as CPython
    // 3.11's compiler stores it.
    if let Some(Stmt::Expr(first)) = module.body.first()
        && let Expr::StringLiteral(doc) = &*first.value
        && !interactive
    {
        unit.load_const(Const::Str(doc.value.to_str().into()));
        unit.store_name("__doc__");
    }
    for stmt in &module.body {
        unit.stmt(stmt)?;
    }
    unit.emit_return_none();
    let mut code = unit.finish();
    code.warnings = shared.warnings.take();
    Ok(Rc::new(code))
}
// ANCHOR_END: compile_module

struct Shared<'s> {
    index: LineIndex,
    source: &'s str,
    symbols: SymbolTable,
    /// The names of `def` and `class` statements whose binding is private.
    mangled: crate::mangle::Mangled,
    filename: Rc<str>,
    /// `SyntaxWarning`s found so far: line and message.
    warnings: std::cell::RefCell<Vec<(u32, String)>>,
}

impl Shared<'_> {
    fn line(&self, offset: TextSize) -> u32 {
        self.index.line_index(offset).get() as u32
    }

    fn column(&self, offset: TextSize) -> u32 {
        self.index.line_column(offset, self.source).column.get() as u32
    }
}

/// What a `break`, `continue` or `return` must undo on its way out.
#[derive(Debug, Clone)]
enum Block<'a> {
    Loop {
        start: usize,
        breaks: Vec<usize>,
        has_iterator: bool,
    },
    Except,
    Finally(&'a [Stmt]),
    /// The body of `finally` run for an exception, which sits on the stack
    /// and is being handled (CPython's `FINALLY_END` block).
    FinallyEnd,
    With,
    Handler {
        name: Option<&'a str>,
    },
}

/// The compiler's state for one code object.
struct Unit<'s, 'a> {
    shared: &'s Shared<'s>,
    name: Rc<str>,
    /// The dotted path to this code (`C.method`, `outer.<locals>.inner`).
    qualname: Rc<str>,
    kind: CodeKind,
    scope: Scope,
    instrs: Vec<Instr>,
    lines: Vec<u32>,
    positions: Vec<(u32, u32)>,
    consts: Vec<Const>,
    names: Vec<Rc<str>>,
    name_index: HashMap<Rc<str>, u32>,
    varnames: Vec<Rc<str>>,
    argcount: usize,
    kwonlyargcount: usize,
    posonlyargcount: usize,
    varargs: bool,
    varkeywords: bool,
    is_generator: bool,
    blocks: Vec<Block<'a>>,
    line: u32,
    /// The source of the statement or expression being compiled.
    location: TextRange,
    first_line: u32,
    interactive: bool,
    docstring: Option<Rc<str>>,
}

fn unsupported(what: &str) -> String {
    format!("minipy does not support {what}")
}

impl<'s, 'a> Unit<'s, 'a> {
    fn new(shared: &'s Shared<'s>, name: &str, kind: CodeKind, key: u32, line: u32) -> Self {
        let scope = shared.symbols.scope(key).cloned().unwrap_or_default();
        let varnames: Vec<Rc<str>> = if kind == CodeKind::Function {
            scope.params.iter().map(|p| Rc::from(p.as_str())).collect()
        } else {
            vec![]
        };
        Unit {
            shared,
            name: name.into(),
            qualname: name.into(),
            kind,
            argcount: varnames.len(),
            kwonlyargcount: 0,
            posonlyargcount: 0,
            varargs: false,
            varkeywords: false,
            is_generator: false,
            varnames,
            scope,
            instrs: vec![],
            lines: vec![],
            positions: vec![],
            consts: vec![],
            names: vec![],
            name_index: HashMap::new(),
            blocks: vec![],
            line,
            location: TextRange::default(),
            first_line: line,
            interactive: false,
            docstring: None,
        }
    }

    fn finish(self) -> Code {
        let cellvars: Vec<Rc<str>> = self
            .scope
            .cells
            .iter()
            .map(|c| Rc::from(c.as_str()))
            .collect();
        let params = self.argcount
            + self.kwonlyargcount
            + usize::from(self.varargs)
            + usize::from(self.varkeywords);
        let cell_params = cellvars
            .iter()
            .map(|c| self.varnames[..params].iter().position(|v| v == c))
            .collect();
        Code {
            name: self.name,
            qualname: self.qualname,
            filename: self.shared.filename.clone(),
            kind: self.kind,
            instrs: self.instrs,
            lines: self.lines,
            positions: self.positions,
            consts: self.consts,
            names: self.names,
            varnames: self.varnames,
            argcount: self.argcount,
            kwonlyargcount: self.kwonlyargcount,
            posonlyargcount: self.posonlyargcount,
            varargs: self.varargs,
            varkeywords: self.varkeywords,
            is_generator: self.is_generator,
            cellvars,
            cell_params,
            freevars: self
                .scope
                .frees
                .iter()
                .map(|f| Rc::from(f.as_str()))
                .collect(),
            first_line: self.first_line,
            docstring: self.docstring,
            warnings: vec![],
        }
    }

    /// The qualified name of a function or class defined here. CPython: `__qualname__`.
    fn qualify(&self, name: &str) -> Rc<str> {
        match self.kind {
            CodeKind::Module => name.into(),
            // A module the interpreter writes in Python (its file named
            // `<weakref>`) defines everything inside one `_make` function,
            // which CPython's C modules do not have: its names start there.
            CodeKind::Function
                if &*self.qualname == "_make" && self.shared.filename.starts_with('<') =>
            {
                name.into()
            }
            CodeKind::Class => format!("{}.{name}", self.qualname).into(),
            CodeKind::Function => format!("{}.<locals>.{name}", self.qualname).into(),
        }
    }

    fn error(&self, node: &impl Ranged, message: String) -> CompileError {
        let start = node.range().start();
        CompileError {
            kind: "SyntaxError",
            message,
            line: self.shared.line(start),
            column: self.shared.column(start),
        }
    }

    fn emit(&mut self, instr: Instr) -> usize {
        self.instrs.push(instr);
        self.lines.push(self.line);
        let range = self.location;
        self.positions
            .push((range.start().into(), range.end().into()));
        self.instrs.len() - 1
    }

    /// Compiles what `compile` emits as coming from `node`'s source (its
    /// line and its position), then returns to the enclosing one's.
    /// CPython: `SET_LOC`.
    fn at<T>(&mut self, node: &impl Ranged, compile: impl FnOnce(&mut Self) -> T) -> T {
        let outer = (self.line, self.location);
        self.location = node.range();
        self.line = self.shared.line(node.range().start());
        let result = compile(self);
        (self.line, self.location) = outer;
        result
    }

    fn here(&self) -> u32 {
        self.instrs.len() as u32
    }

    /// Points the jump at `at` to the next instruction.
    fn patch(&mut self, at: usize) {
        let target = self.here();
        self.patch_to(at, target);
    }

    fn patch_to(&mut self, at: usize, target: u32) {
        self.instrs[at] = match self.instrs[at] {
            Instr::Jump(_) => Instr::Jump(target),
            Instr::PopJumpIfFalse(_) => Instr::PopJumpIfFalse(target),
            Instr::PopJumpIfTrue(_) => Instr::PopJumpIfTrue(target),
            Instr::JumpIfFalseOrPop(_) => Instr::JumpIfFalseOrPop(target),
            Instr::JumpIfTrueOrPop(_) => Instr::JumpIfTrueOrPop(target),
            Instr::ForIter(_) => Instr::ForIter(target),
            Instr::SetupExcept(_) => Instr::SetupExcept(target),
            Instr::SetupFinally(_) => Instr::SetupFinally(target),
            Instr::SetupCleanup(_) => Instr::SetupCleanup(target),
            Instr::Send(_) => Instr::Send(target),
            other => other,
        };
    }

    fn constant(&mut self, value: Const) -> u32 {
        let existing = self.consts.iter().position(|c| same_constant(c, &value));
        match existing {
            Some(i) => i as u32,
            None => {
                self.consts.push(value);
                (self.consts.len() - 1) as u32
            }
        }
    }

    fn load_const(&mut self, value: Const) {
        let index = self.constant(value);
        self.emit(Instr::LoadConst(index));
    }

    fn name(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.name_index.get(name) {
            return i;
        }
        let name: Rc<str> = name.into();
        self.names.push(name.clone());
        let i = (self.names.len() - 1) as u32;
        self.name_index.insert(name, i);
        i
    }

    fn varname(&mut self, name: &str) -> u32 {
        match self.varnames.iter().position(|v| &**v == name) {
            Some(i) => i as u32,
            None => {
                self.varnames.push(name.into());
                (self.varnames.len() - 1) as u32
            }
        }
    }

    fn cell_index(&self, name: &str) -> Option<u32> {
        let cells = self.scope.cells.iter().chain(&self.scope.frees);
        cells
            .enumerate()
            .find(|(_, c)| *c == name)
            .map(|(i, _)| i as u32)
    }

    fn emit_return_none(&mut self) {
        self.load_const(Const::None);
        self.emit(Instr::Return);
    }

    // ----- names -------------------------------------------------------------

    // ANCHOR: name_ops
    fn load_name(&mut self, name: &str) {
        if let Some(cell) = self.cell_index(name) {
            self.emit(Instr::LoadDeref(cell));
        } else if self.kind == CodeKind::Function && self.scope.is_local(name) {
            let slot = self.varname(name);
            self.emit(Instr::LoadFast(slot));
        } else if self.kind == CodeKind::Class && !self.scope.globals.contains(name) {
            let i = self.name(name);
            self.emit(Instr::LoadName(i));
        } else {
            let i = self.name(name);
            self.emit(Instr::LoadGlobal(i));
        }
    }

    fn store_name(&mut self, name: &str) {
        if let Some(cell) = self.cell_index(name) {
            self.emit(Instr::StoreDeref(cell));
        } else if self.kind == CodeKind::Function && self.scope.is_local(name) {
            let slot = self.varname(name);
            self.emit(Instr::StoreFast(slot));
        } else if self.kind == CodeKind::Class && !self.scope.globals.contains(name) {
            let i = self.name(name);
            self.emit(Instr::StoreName(i));
        } else {
            let i = self.name(name);
            self.emit(Instr::StoreGlobal(i));
        }
    }
    // ANCHOR_END: name_ops

    fn delete_name(&mut self, node: &impl Ranged, name: &str) -> Result<()> {
        if let Some(cell) = self.cell_index(name) {
            let _ = node;
            self.emit(Instr::DeleteDeref(cell));
            return Ok(());
        }
        if self.kind == CodeKind::Function && self.scope.is_local(name) {
            let slot = self.varname(name);
            self.emit(Instr::DeleteFast(slot));
        } else {
            self.delete_global_or_name(name);
        }
        Ok(())
    }

    /// `del name` of a module's global, or of a class body's namespace.
    pub(crate) fn delete_global_or_name(&mut self, name: &str) {
        let i = self.name(name);
        if self.kind == CodeKind::Class && !self.scope.globals.contains(name) {
            self.emit(Instr::DeleteName(i));
        } else {
            self.emit(Instr::DeleteGlobal(i));
        }
    }

    // ----- statements ----------------------------------------------------------

    // ----- expressions -------------------------------------------------------
}

/// What a comprehension builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Comprehension {
    List,
    Set,
    Dict,
    Generator,
}

enum FunctionBody<'a> {
    Statements(&'a [Stmt]),
    Expression(&'a Expr),
}

fn binary_op(op: ast::Operator) -> BinaryOp {
    match op {
        ast::Operator::Add => BinaryOp::Add,
        ast::Operator::Sub => BinaryOp::Sub,
        ast::Operator::Mult | ast::Operator::MatMult => BinaryOp::Mul,
        ast::Operator::Div => BinaryOp::TrueDiv,
        ast::Operator::FloorDiv => BinaryOp::FloorDiv,
        ast::Operator::Mod => BinaryOp::Mod,
        ast::Operator::Pow => BinaryOp::Pow,
        ast::Operator::BitAnd => BinaryOp::And,
        ast::Operator::BitOr => BinaryOp::Or,
        ast::Operator::BitXor => BinaryOp::Xor,
        ast::Operator::LShift => BinaryOp::LShift,
        ast::Operator::RShift => BinaryOp::RShift,
    }
}

fn compare_op(op: ast::CmpOp) -> CompareOp {
    match op {
        ast::CmpOp::Eq => CompareOp::Eq,
        ast::CmpOp::NotEq => CompareOp::Ne,
        ast::CmpOp::Lt => CompareOp::Lt,
        ast::CmpOp::LtE => CompareOp::Le,
        ast::CmpOp::Gt => CompareOp::Gt,
        ast::CmpOp::GtE => CompareOp::Ge,
        ast::CmpOp::Is => CompareOp::Is,
        ast::CmpOp::IsNot => CompareOp::IsNot,
        ast::CmpOp::In => CompareOp::In,
        ast::CmpOp::NotIn => CompareOp::NotIn,
    }
}
