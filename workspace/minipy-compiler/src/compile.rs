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
use ruff_text_size::{Ranged, TextSize};

use crate::bytecode::{BinaryOp, Code, CodeKind, CompareOp, Const, Instr, UnaryOp};
use crate::symtable::{CLASS_CELL, MODULE_KEY, Scope, SymbolTable, key_of};

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
    let module = parsed.into_syntax();
    let symbols = SymbolTable::build(&module.body);
    let shared = Shared {
        index,
        source,
        symbols,
        filename: filename.into(),
        warnings: Default::default(),
    };
    let mut unit = Unit::new(&shared, "<module>", CodeKind::Module, MODULE_KEY, 1);
    unit.interactive = interactive;
    for stmt in &module.body {
        unit.stmt(stmt)?;
    }
    unit.emit_return_none();
    let mut code = unit.finish();
    code.warnings = shared.warnings.take();
    Ok(Rc::new(code))
}

struct Shared<'s> {
    index: LineIndex,
    source: &'s str,
    symbols: SymbolTable,
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
    consts: Vec<Const>,
    names: Vec<Rc<str>>,
    name_index: HashMap<Rc<str>, u32>,
    varnames: Vec<Rc<str>>,
    argcount: usize,
    kwonlyargcount: usize,
    varargs: bool,
    varkeywords: bool,
    is_generator: bool,
    blocks: Vec<Block<'a>>,
    line: u32,
    first_line: u32,
    interactive: bool,
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
            varargs: false,
            varkeywords: false,
            is_generator: false,
            varnames,
            scope,
            instrs: vec![],
            lines: vec![],
            consts: vec![],
            names: vec![],
            name_index: HashMap::new(),
            blocks: vec![],
            line,
            first_line: line,
            interactive: false,
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
            consts: self.consts,
            names: self.names,
            varnames: self.varnames,
            argcount: self.argcount,
            kwonlyargcount: self.kwonlyargcount,
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
            warnings: vec![],
        }
    }

    /// The qualified name of a function or class defined here. CPython: `__qualname__`.
    fn qualify(&self, name: &str) -> Rc<str> {
        match self.kind {
            CodeKind::Module => name.into(),
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
        self.instrs.len() - 1
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

    fn load_name(&mut self, name: &str) {
        if let Some(cell) = self.cell_index(name) {
            self.emit(Instr::LoadDeref(cell));
        } else if self.kind == CodeKind::Function && self.scope.is_local(name) {
            let slot = self.varname(name);
            self.emit(Instr::LoadFast(slot));
        } else if self.kind == CodeKind::Class {
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
        } else if self.kind == CodeKind::Class {
            let i = self.name(name);
            self.emit(Instr::StoreName(i));
        } else {
            let i = self.name(name);
            self.emit(Instr::StoreGlobal(i));
        }
    }

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
            let i = self.name(name);
            self.emit(Instr::DeleteGlobal(i));
        }
        Ok(())
    }

    // ----- statements ----------------------------------------------------------

    fn body(&mut self, body: &'a [Stmt]) -> Result<()> {
        body.iter().try_for_each(|stmt| self.stmt(stmt))
    }

    fn stmt(&mut self, stmt: &'a Stmt) -> Result<()> {
        self.line = self.shared.line(stmt.range().start());
        match stmt {
            Stmt::FunctionDef(def) => self.function_def(def),
            Stmt::ClassDef(class) => self.class_def(class),
            Stmt::Return(ret) => {
                if self.kind != CodeKind::Function {
                    return Err(self.error(stmt, "'return' outside function".into()));
                }
                match &ret.value {
                    Some(value) => self.expr(value)?,
                    None => self.load_const(Const::None),
                }
                self.unwind_blocks(0, true)?;
                self.emit(Instr::Return);
                Ok(())
            }
            Stmt::Delete(del) => del.targets.iter().try_for_each(|t| self.delete(t)),
            Stmt::Assign(assign) => {
                self.expr(&assign.value)?;
                for (i, target) in assign.targets.iter().enumerate() {
                    if i + 1 < assign.targets.len() {
                        self.emit(Instr::Dup);
                    }
                    self.store(target)?;
                }
                Ok(())
            }
            Stmt::AugAssign(aug) => self.aug_assign(aug),
            Stmt::AnnAssign(ann) => {
                if let Some(value) = &ann.value {
                    self.expr(value)?;
                    self.store(&ann.target)?;
                }
                if let (CodeKind::Class, true, Expr::Name(target)) =
                    (self.kind, ann.simple, &*ann.target)
                {
                    // `__annotations__[name] = annotation`, as CPython's class bodies do.
                    self.expr(&ann.annotation)?;
                    let annotations = self.name("__annotations__");
                    self.emit(Instr::LoadName(annotations));
                    self.load_const(Const::Str(target.id.as_str().into()));
                    self.emit(Instr::StoreSubscr);
                }
                Ok(())
            }
            Stmt::For(f) if f.is_async => Err(self.error(stmt, unsupported("`async for`"))),
            Stmt::For(f) => self.for_loop(f),
            Stmt::While(w) => self.while_loop(w),
            Stmt::If(i) => self.if_stmt(i),
            Stmt::With(w) if w.is_async => Err(self.error(stmt, unsupported("`async with`"))),
            Stmt::With(w) => self.with_stmt(w, 0),
            Stmt::Raise(raise) => {
                match (&raise.exc, &raise.cause) {
                    (Some(exc), Some(cause)) => {
                        self.expr(exc)?;
                        self.expr(cause)?;
                        self.emit(Instr::Raise(2));
                    }
                    (None, Some(_)) => {
                        return Err(self.error(stmt, "invalid syntax".into()));
                    }
                    (Some(exc), None) => {
                        self.expr(exc)?;
                        self.emit(Instr::Raise(1));
                    }
                    (None, None) => {
                        self.emit(Instr::Raise(0));
                    }
                }
                Ok(())
            }
            Stmt::Try(t) if t.is_star => Err(self.error(stmt, unsupported("`except*`"))),
            Stmt::Try(t) => self.try_stmt(t),
            Stmt::Assert(a) => {
                self.expr(&a.test)?;
                let ok = self.emit(Instr::PopJumpIfTrue(0));
                self.load_name("AssertionError");
                if let Some(msg) = &a.msg {
                    self.expr(msg)?;
                    self.emit(Instr::Call(1));
                }
                self.emit(Instr::Raise(1));
                self.patch(ok);
                Ok(())
            }
            Stmt::Import(import) => {
                for alias in &import.names {
                    if alias.name.id.contains('.') {
                        return Err(self.error(alias, unsupported("dotted imports")));
                    }
                    let module = self.name(&alias.name.id);
                    self.emit(Instr::ImportName(module));
                    self.store_name(&alias.asname.as_ref().unwrap_or(&alias.name).id);
                }
                Ok(())
            }
            Stmt::ImportFrom(import) => {
                let Some(module) = import.module.as_ref().filter(|_| import.level == 0) else {
                    return Err(self.error(stmt, unsupported("relative imports")));
                };
                let module = self.name(&module.id);
                self.emit(Instr::ImportName(module));
                for alias in &import.names {
                    if &*alias.name.id == "*" {
                        if self.kind != CodeKind::Module {
                            return Err(
                                self.error(alias, "import * only allowed at module level".into())
                            );
                        }
                        self.emit(Instr::ImportStar);
                        return Ok(());
                    }
                    self.emit(Instr::Dup);
                    let attr = self.name(&alias.name.id);
                    self.emit(Instr::LoadAttr(attr));
                    self.store_name(&alias.asname.as_ref().unwrap_or(&alias.name).id);
                }
                self.emit(Instr::Pop);
                Ok(())
            }
            Stmt::Global(_) | Stmt::Pass(_) => Ok(()),
            Stmt::Expr(e) => {
                self.expr(&e.value)?;
                if self.interactive && self.kind == CodeKind::Module {
                    self.emit(Instr::PrintExpr);
                } else {
                    self.emit(Instr::Pop);
                }
                Ok(())
            }
            Stmt::Break(_) => self.break_or_continue(stmt, true),
            Stmt::Continue(_) => self.break_or_continue(stmt, false),
            Stmt::Nonlocal(nonlocal) => {
                for name in &nonlocal.names {
                    if self.kind != CodeKind::Function {
                        return Err(self.error(
                            stmt,
                            "nonlocal declaration not allowed at module level".into(),
                        ));
                    }
                    if self.cell_index(&name.id).is_none() {
                        return Err(self
                            .error(stmt, format!("no binding for nonlocal '{}' found", name.id)));
                    }
                }
                Ok(())
            }
            Stmt::Match(_) => Err(self.error(stmt, unsupported("`match` statements"))),
            Stmt::TypeAlias(_) => Err(self.error(stmt, unsupported("`type` aliases"))),
            Stmt::IpyEscapeCommand(_) => Err(self.error(stmt, unsupported("IPython escapes"))),
        }
    }

    fn function_def(&mut self, def: &'a ast::StmtFunctionDef) -> Result<()> {
        if def.is_async {
            return Err(self.error(def, unsupported("`async def`")));
        }
        if def.type_params.is_some() {
            return Err(self.error(def, unsupported("type parameters")));
        }
        // Decorators are evaluated first and applied innermost first, as in CPython.
        for decorator in &def.decorator_list {
            self.expr(&decorator.expression)?;
        }
        self.make_function(
            def,
            &def.name.id,
            &def.parameters,
            FunctionBody::Statements(&def.body),
        )?;
        for _ in &def.decorator_list {
            self.emit(Instr::Call(1));
        }
        self.store_name(&def.name.id);
        Ok(())
    }

    /// Emits the code that builds a function object (defaults, closure, code) onto the stack.
    fn make_function(
        &mut self,
        node: &impl Ranged,
        name: &str,
        params: &'a ast::Parameters,
        body: FunctionBody<'a>,
    ) -> Result<()> {
        let defaults: Vec<&Expr> = params
            .posonlyargs
            .iter()
            .chain(&params.args)
            .filter_map(|p| p.default.as_deref())
            .collect();
        for default in &defaults {
            self.expr(default)?;
        }
        if !defaults.is_empty() {
            self.emit(Instr::BuildTuple(defaults.len() as u32));
        }
        let kwdefaults: Vec<(&str, &Expr)> = params
            .kwonlyargs
            .iter()
            .filter_map(|p| Some((p.parameter.name.id.as_str(), p.default.as_deref()?)))
            .collect();
        for (name, default) in &kwdefaults {
            self.load_const(Const::Str((*name).into()));
            self.expr(default)?;
        }
        if !kwdefaults.is_empty() {
            self.emit(Instr::BuildDict(kwdefaults.len() as u32));
        }
        let line = self.shared.line(node.range().start());
        let mut unit = Unit::new(self.shared, name, CodeKind::Function, key_of(node), line);
        unit.qualname = self.qualify(name);
        unit.argcount = params.posonlyargs.len() + params.args.len();
        unit.kwonlyargcount = params.kwonlyargs.len();
        unit.varargs = params.vararg.is_some();
        unit.varkeywords = params.kwarg.is_some();
        match body {
            FunctionBody::Statements(stmts) => {
                unit.body(stmts)?;
                unit.emit_return_none();
            }
            FunctionBody::Expression(expr) => {
                unit.expr(expr)?;
                unit.emit(Instr::Return);
            }
        }
        let code = unit.finish();
        self.finish_function(code, !defaults.is_empty(), !kwdefaults.is_empty())
    }

    fn finish_function(&mut self, code: Code, defaults: bool, kwdefaults: bool) -> Result<()> {
        let closure = !code.freevars.is_empty();
        for free in &code.freevars {
            let cell = self.cell_index(free).unwrap_or(0);
            self.emit(Instr::LoadClosure(cell));
        }
        if closure {
            self.emit(Instr::BuildTuple(code.freevars.len() as u32));
        }
        let index = self.constant(Const::Code(Rc::new(code)));
        self.emit(Instr::MakeFunction {
            code: index,
            defaults,
            closure,
            kwdefaults,
        });
        Ok(())
    }

    fn class_def(&mut self, class: &'a ast::StmtClassDef) -> Result<()> {
        for decorator in &class.decorator_list {
            self.expr(&decorator.expression)?;
        }
        let line = self.shared.line(class.range.start());
        let mut unit = Unit::new(
            self.shared,
            &class.name.id,
            CodeKind::Class,
            key_of(class),
            line,
        );
        unit.qualname = self.qualify(&class.name.id);
        let annotated = class.body.iter().any(|stmt| {
            matches!(stmt, Stmt::AnnAssign(ann) if ann.simple && matches!(&*ann.target, Expr::Name(_)))
        });
        if annotated {
            // CPython's SETUP_ANNOTATIONS: the class body collects
            // `name: annotation` in an `__annotations__` dict (dataclasses read it).
            unit.emit(Instr::BuildDict(0));
            let name = unit.name("__annotations__");
            unit.emit(Instr::StoreName(name));
        }
        unit.body(&class.body)?;
        // Methods that call `super()` share a cell holding the class; the
        // class body hands it over as `__classcell__` (CPython does the same).
        if let Some(cell) = unit.cell_index(CLASS_CELL) {
            unit.emit(Instr::LoadClosure(cell));
            let name = unit.name("__classcell__");
            unit.emit(Instr::StoreName(name));
        }
        unit.emit_return_none();
        let code = unit.finish();
        self.finish_function(code, false, false)?;
        let mut bases = 0;
        if let Some(arguments) = &class.arguments {
            if !arguments.keywords.is_empty() {
                return Err(self.error(class, unsupported("class keywords (metaclasses)")));
            }
            for base in arguments.args.iter() {
                self.expr(base)?;
                bases += 1;
            }
        }
        self.emit(Instr::BuildClass(bases));
        for _ in &class.decorator_list {
            self.emit(Instr::Call(1));
        }
        self.store_name(&class.name.id);
        Ok(())
    }

    fn aug_assign(&mut self, aug: &'a ast::StmtAugAssign) -> Result<()> {
        let op = binary_op(aug.op);
        match &*aug.target {
            Expr::Name(name) => {
                self.load_name(&name.id);
                self.expr(&aug.value)?;
                self.emit(Instr::InplaceBinary(op));
                self.store_name(&name.id);
            }
            Expr::Attribute(attr) => {
                self.expr(&attr.value)?;
                self.emit(Instr::Dup);
                let name = self.name(&attr.attr.id);
                self.emit(Instr::LoadAttr(name));
                self.expr(&aug.value)?;
                self.emit(Instr::InplaceBinary(op));
                self.emit(Instr::Swap);
                self.emit(Instr::StoreAttr(name));
            }
            Expr::Subscript(sub) => {
                self.expr(&sub.value)?;
                self.subscript_key(&sub.slice)?;
                self.emit(Instr::DupTwo);
                self.emit(Instr::BinarySubscr);
                self.expr(&aug.value)?;
                self.emit(Instr::InplaceBinary(op));
                // Stack: container, key, result → result, container, key.
                self.emit(Instr::Rot3);
                self.emit(Instr::StoreSubscr);
            }
            other => {
                return Err(self.error(other, "illegal expression for augmented assignment".into()));
            }
        }
        Ok(())
    }

    fn for_loop(&mut self, f: &'a ast::StmtFor) -> Result<()> {
        self.expr(&f.iter)?;
        self.emit(Instr::GetIter);
        let start = self.instrs.len();
        let exit = self.emit(Instr::ForIter(0));
        self.store(&f.target)?;
        self.blocks.push(Block::Loop {
            start,
            breaks: vec![],
            has_iterator: true,
        });
        self.body(&f.body)?;
        self.emit(Instr::Jump(start as u32));
        let Some(Block::Loop { breaks, .. }) = self.blocks.pop() else {
            unreachable!("loop block")
        };
        self.patch(exit);
        self.body(&f.orelse)?;
        breaks.into_iter().for_each(|b| self.patch(b));
        Ok(())
    }

    fn while_loop(&mut self, w: &'a ast::StmtWhile) -> Result<()> {
        let start = self.instrs.len();
        self.expr(&w.test)?;
        let exit = self.emit(Instr::PopJumpIfFalse(0));
        self.blocks.push(Block::Loop {
            start,
            breaks: vec![],
            has_iterator: false,
        });
        self.body(&w.body)?;
        self.emit(Instr::Jump(start as u32));
        let Some(Block::Loop { breaks, .. }) = self.blocks.pop() else {
            unreachable!("loop block")
        };
        self.patch(exit);
        self.body(&w.orelse)?;
        breaks.into_iter().for_each(|b| self.patch(b));
        Ok(())
    }

    fn break_or_continue(&mut self, stmt: &Stmt, is_break: bool) -> Result<()> {
        let Some(depth) = self
            .blocks
            .iter()
            .rposition(|b| matches!(b, Block::Loop { .. }))
        else {
            let word = if is_break { "'break'" } else { "'continue'" };
            return Err(self.error(stmt, format!("{word} outside loop")));
        };
        self.unwind_blocks(depth + 1, false)?;
        if is_break {
            if let Block::Loop {
                has_iterator: true, ..
            } = self.blocks[depth]
            {
                self.emit(Instr::Pop);
            }
            let jump = self.emit(Instr::Jump(0));
            if let Block::Loop { breaks, .. } = &mut self.blocks[depth] {
                breaks.push(jump);
            }
        } else if let Block::Loop { start, .. } = self.blocks[depth] {
            self.emit(Instr::Jump(start as u32));
        }
        Ok(())
    }

    /// Emits what leaving every block above `depth` requires. For a `return`
    /// the value is on the stack and iterators below it are dropped too.
    fn unwind_blocks(&mut self, depth: usize, returning: bool) -> Result<()> {
        let blocks: Vec<Block<'a>> = self.blocks[depth..].iter().rev().cloned().collect();
        let saved = std::mem::take(&mut self.blocks);
        self.blocks = saved[..depth].to_vec();
        let mut remaining = saved.len();
        for block in blocks {
            remaining -= 1;
            self.blocks = saved[..remaining].to_vec();
            match block {
                Block::Loop {
                    has_iterator: true, ..
                } if returning => {
                    self.emit(Instr::Swap);
                    self.emit(Instr::Pop);
                }
                Block::Loop { .. } => {}
                Block::Except => {
                    self.emit(Instr::PopBlock);
                }
                Block::Finally(body) => {
                    self.emit(Instr::PopBlock);
                    self.body(body)?;
                }
                Block::With => {
                    self.emit(Instr::PopBlock);
                    if returning {
                        self.emit(Instr::Swap);
                    }
                    self.emit(Instr::WithExit);
                }
                Block::Handler { name } => {
                    self.emit(Instr::PopExcept);
                    if let Some(name) = name {
                        self.clear_handler_name(name)?;
                    }
                }
            }
        }
        self.blocks = saved;
        Ok(())
    }

    fn if_stmt(&mut self, i: &'a ast::StmtIf) -> Result<()> {
        self.expr(&i.test)?;
        let mut next = self.emit(Instr::PopJumpIfFalse(0));
        self.body(&i.body)?;
        let mut ends = vec![];
        for clause in &i.elif_else_clauses {
            ends.push(self.emit(Instr::Jump(0)));
            self.patch(next);
            self.line = self.shared.line(clause.range.start());
            match &clause.test {
                Some(test) => {
                    self.expr(test)?;
                    next = self.emit(Instr::PopJumpIfFalse(0));
                    self.body(&clause.body)?;
                }
                None => {
                    next = usize::MAX;
                    self.body(&clause.body)?;
                }
            }
        }
        if next != usize::MAX {
            self.patch(next);
        }
        ends.into_iter().for_each(|e| self.patch(e));
        Ok(())
    }

    fn with_stmt(&mut self, w: &'a ast::StmtWith, item: usize) -> Result<()> {
        let Some(with_item) = w.items.get(item) else {
            return self.body(&w.body);
        };
        self.expr(&with_item.context_expr)?;
        self.emit(Instr::WithEnter);
        match &with_item.optional_vars {
            Some(target) => self.store(target)?,
            None => {
                self.emit(Instr::Pop);
            }
        }
        let setup = self.emit(Instr::SetupFinally(0));
        self.blocks.push(Block::With);
        self.with_stmt(w, item + 1)?;
        self.blocks.pop();
        self.emit(Instr::PopBlock);
        self.emit(Instr::WithExit);
        let end = self.emit(Instr::Jump(0));
        self.patch(setup);
        // Stack: context manager, exception. `__exit__` sees the exception
        // and may suppress it by returning a true value.
        self.emit(Instr::Swap);
        self.emit(Instr::WithExceptionExit);
        let suppressed = self.emit(Instr::PopJumpIfTrue(0));
        self.emit(Instr::Reraise);
        self.patch(suppressed);
        self.emit(Instr::Pop);
        self.patch(end);
        Ok(())
    }

    fn try_stmt(&mut self, t: &'a ast::StmtTry) -> Result<()> {
        let finally = (!t.finalbody.is_empty()).then(|| self.emit(Instr::SetupFinally(0)));
        if finally.is_some() {
            self.blocks.push(Block::Finally(&t.finalbody));
        }
        if t.handlers.is_empty() {
            self.body(&t.body)?;
            self.body(&t.orelse)?;
        } else {
            self.try_except(t)?;
        }
        if let Some(setup) = finally {
            self.blocks.pop();
            self.emit(Instr::PopBlock);
            self.body(&t.finalbody)?;
            let end = self.emit(Instr::Jump(0));
            self.patch(setup);
            self.body(&t.finalbody)?;
            self.emit(Instr::Reraise);
            self.patch(end);
        }
        Ok(())
    }

    fn try_except(&mut self, t: &'a ast::StmtTry) -> Result<()> {
        let setup = self.emit(Instr::SetupExcept(0));
        self.blocks.push(Block::Except);
        self.body(&t.body)?;
        self.blocks.pop();
        self.emit(Instr::PopBlock);
        self.body(&t.orelse)?;
        let mut ends = vec![self.emit(Instr::Jump(0))];
        self.patch(setup);
        // Stack: the exception.
        for handler in &t.handlers {
            let ast::ExceptHandler::ExceptHandler(h) = handler;
            self.line = self.shared.line(h.range.start());
            let next = match &h.type_ {
                Some(class) => {
                    self.expr(class)?;
                    self.emit(Instr::ExceptionMatches);
                    Some(self.emit(Instr::PopJumpIfFalse(0)))
                }
                None => None,
            };
            let name = h.name.as_ref().map(|n| n.id.as_str());
            match name {
                Some(name) => self.store_name(name),
                None => {
                    self.emit(Instr::Pop);
                }
            }
            self.blocks.push(Block::Handler { name });
            self.body(&h.body)?;
            self.blocks.pop();
            self.emit(Instr::PopExcept);
            if let Some(name) = name {
                self.clear_handler_name(name)?;
            }
            ends.push(self.emit(Instr::Jump(0)));
            if let Some(next) = next {
                self.patch(next);
            }
        }
        self.emit(Instr::Reraise);
        ends.into_iter().for_each(|e| self.patch(e));
        Ok(())
    }

    /// `e = None; del e`: what CPython appends to an `except ... as e:` block,
    /// so the exception (and its traceback, and its frames) dies here.
    fn clear_handler_name(&mut self, name: &str) -> Result<()> {
        self.load_const(Const::None);
        self.store_name(name);
        if self.kind == CodeKind::Function && self.scope.is_local(name) {
            let slot = self.varname(name);
            self.emit(Instr::DeleteFast(slot));
        } else if self.cell_index(name).is_none() {
            let i = self.name(name);
            self.emit(Instr::DeleteGlobal(i));
        }
        Ok(())
    }

    fn store(&mut self, target: &'a Expr) -> Result<()> {
        match target {
            Expr::Name(name) => self.store_name(&name.id),
            Expr::Attribute(attr) => {
                self.expr(&attr.value)?;
                let name = self.name(&attr.attr.id);
                self.emit(Instr::StoreAttr(name));
            }
            Expr::Subscript(sub) => {
                self.expr(&sub.value)?;
                self.subscript_key(&sub.slice)?;
                self.emit(Instr::StoreSubscr);
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let stars: Vec<usize> = elts
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| matches!(e, Expr::Starred(_)))
                    .map(|(i, _)| i)
                    .collect();
                match stars.as_slice() {
                    [] => {
                        self.emit(Instr::UnpackSequence(elts.len() as u32));
                    }
                    [star] => {
                        self.emit(Instr::UnpackEx {
                            before: *star as u32,
                            after: (elts.len() - star - 1) as u32,
                        });
                    }
                    _ => {
                        return Err(
                            self.error(target, "multiple starred expressions in assignment".into())
                        );
                    }
                }
                for elt in elts {
                    match elt {
                        Expr::Starred(starred) => self.store(&starred.value)?,
                        other => self.store(other)?,
                    }
                }
            }
            other => return Err(self.error(other, "cannot assign to expression".into())),
        }
        Ok(())
    }

    fn delete(&mut self, target: &'a Expr) -> Result<()> {
        match target {
            Expr::Name(name) => self.delete_name(target, &name.id)?,
            Expr::Attribute(attr) => {
                self.expr(&attr.value)?;
                let name = self.name(&attr.attr.id);
                self.emit(Instr::DeleteAttr(name));
            }
            Expr::Subscript(sub) => {
                self.expr(&sub.value)?;
                self.subscript_key(&sub.slice)?;
                self.emit(Instr::DeleteSubscr);
            }
            Expr::Tuple(t) => t.elts.iter().try_for_each(|e| self.delete(e))?,
            Expr::List(l) => l.elts.iter().try_for_each(|e| self.delete(e))?,
            other => return Err(self.error(other, "cannot delete expression".into())),
        }
        Ok(())
    }

    // ----- expressions -------------------------------------------------------

    fn exprs(&mut self, exprs: &'a [Expr]) -> Result<()> {
        exprs.iter().try_for_each(|e| self.expr(e))
    }

    fn subscript_key(&mut self, key: &'a Expr) -> Result<()> {
        match key {
            Expr::Slice(slice) => {
                for part in [&slice.lower, &slice.upper, &slice.step] {
                    match part {
                        Some(value) => self.expr(value)?,
                        None => self.load_const(Const::None),
                    }
                }
                self.emit(Instr::BuildSlice);
                Ok(())
            }
            other => self.expr(other),
        }
    }

    fn expr(&mut self, expr: &'a Expr) -> Result<()> {
        match expr {
            Expr::BoolOp(op) => {
                let mut ends = vec![];
                for (i, value) in op.values.iter().enumerate() {
                    self.expr(value)?;
                    if i + 1 < op.values.len() {
                        ends.push(self.emit(match op.op {
                            ast::BoolOp::And => Instr::JumpIfFalseOrPop(0),
                            ast::BoolOp::Or => Instr::JumpIfTrueOrPop(0),
                        }));
                    }
                }
                ends.into_iter().for_each(|e| self.patch(e));
            }
            Expr::BinOp(bin) => {
                if bin.op == ast::Operator::MatMult {
                    return Err(self.error(expr, unsupported("the `@` operator")));
                }
                if let Some(folded) = folded_constant(expr) {
                    self.load_const(folded);
                    return Ok(());
                }
                self.expr(&bin.left)?;
                self.expr(&bin.right)?;
                self.emit(Instr::Binary(binary_op(bin.op)));
            }
            Expr::UnaryOp(unary) => {
                if let Some(folded) = folded_constant(expr) {
                    self.load_const(folded);
                    return Ok(());
                }
                self.expr(&unary.operand)?;
                self.emit(Instr::Unary(match unary.op {
                    ast::UnaryOp::Not => UnaryOp::Not,
                    ast::UnaryOp::USub => UnaryOp::Neg,
                    ast::UnaryOp::UAdd => UnaryOp::Pos,
                    ast::UnaryOp::Invert => UnaryOp::Invert,
                }));
            }
            Expr::Lambda(lambda) => match lambda.parameters.as_deref() {
                Some(params) => self.make_function(
                    lambda,
                    "<lambda>",
                    params,
                    FunctionBody::Expression(&lambda.body),
                )?,
                None => self.lambda_without_parameters(lambda)?,
            },
            Expr::If(ternary) => {
                self.expr(&ternary.test)?;
                let otherwise = self.emit(Instr::PopJumpIfFalse(0));
                self.expr(&ternary.body)?;
                let end = self.emit(Instr::Jump(0));
                self.patch(otherwise);
                self.expr(&ternary.orelse)?;
                self.patch(end);
            }
            Expr::Dict(dict) => self.dict_display(dict)?,
            Expr::ListComp(comp) => {
                self.comprehension(expr, Comprehension::List, &comp.generators, &comp.elt, None)?
            }
            Expr::SetComp(comp) => {
                self.comprehension(expr, Comprehension::Set, &comp.generators, &comp.elt, None)?
            }
            Expr::DictComp(comp) => {
                let Some(key) = comp.key.as_deref() else {
                    return Err(self.error(expr, "dict comprehension without a key".into()));
                };
                self.comprehension(
                    expr,
                    Comprehension::Dict,
                    &comp.generators,
                    key,
                    Some(&comp.value),
                )?
            }
            Expr::Generator(comp) => self.comprehension(
                expr,
                Comprehension::Generator,
                &comp.generators,
                &comp.elt,
                None,
            )?,
            Expr::Compare(compare) => self.compare(compare)?,
            Expr::Call(call) => self.call(call)?,
            Expr::FString(fstring) => self.fstring(fstring)?,
            Expr::StringLiteral(s) => self.load_const(Const::Str(s.value.to_str().into())),
            Expr::NumberLiteral(number) => match &number.value {
                ast::Number::Int(int) => match int.as_i64() {
                    Some(n) => self.load_const(Const::Int(n)),
                    None => {
                        let digits = self.source_of(expr).replace('_', "");
                        if !digits.bytes().all(|b| b.is_ascii_digit()) {
                            return Err(self
                                .error(expr, unsupported("non-decimal literals beyond 64 bits")));
                        }
                        self.load_const(Const::BigInt(digits.into()));
                    }
                },
                ast::Number::Float(x) => self.load_const(Const::Float(*x)),
                ast::Number::Complex { .. } => {
                    return Err(self.error(expr, unsupported("complex numbers")));
                }
            },
            Expr::BooleanLiteral(b) => self.load_const(Const::Bool(b.value)),
            Expr::NoneLiteral(_) => self.load_const(Const::None),
            Expr::Attribute(attr) => {
                self.expr(&attr.value)?;
                let name = self.name(&attr.attr.id);
                self.emit(Instr::LoadAttr(name));
            }
            Expr::Subscript(sub) => {
                if let Some(folded) = folded_constant(expr) {
                    self.load_const(folded);
                    return Ok(());
                }
                self.expr(&sub.value)?;
                self.subscript_key(&sub.slice)?;
                self.emit(Instr::BinarySubscr);
            }
            Expr::Name(name) => self.load_name(&name.id),
            Expr::List(list) => {
                if self.starred_sequence(&list.elts)? {
                    return Ok(());
                }
                let n = list.elts.len() as u32;
                self.exprs(&list.elts)?;
                if n >= 3 && list.elts.iter().all(is_constant) {
                    self.emit(Instr::BuildConstList(n));
                } else {
                    self.emit(Instr::BuildList(n));
                }
            }
            Expr::Tuple(tuple) => {
                if let Some(folded) = folded_constant(expr) {
                    self.load_const(folded);
                    return Ok(());
                }
                if self.starred_sequence(&tuple.elts)? {
                    self.emit(Instr::ListToTuple);
                    return Ok(());
                }
                self.exprs(&tuple.elts)?;
                self.emit(Instr::BuildTuple(tuple.elts.len() as u32));
            }
            Expr::Set(set) => {
                if self.starred_sequence(&set.elts)? {
                    let set_name = self.name("set");
                    // set(list): the list made above, converted.
                    self.emit(Instr::LoadGlobal(set_name));
                    self.emit(Instr::Swap);
                    self.emit(Instr::Call(1));
                    return Ok(());
                }
                let n = set.elts.len() as u32;
                self.exprs(&set.elts)?;
                if n >= 3 && set.elts.iter().all(is_constant) {
                    self.emit(Instr::BuildConstSet(n));
                } else {
                    self.emit(Instr::BuildSet(n));
                }
            }
            Expr::Named(named) => {
                if self.name.starts_with('<') && self.name.ends_with("comp>")
                    || &*self.name == "<genexpr>"
                {
                    return Err(self.error(
                        expr,
                        unsupported("assignment expressions (`:=`) inside comprehensions"),
                    ));
                }
                self.expr(&named.value)?;
                self.emit(Instr::Dup);
                self.store(&named.target)?;
            }
            Expr::Await(_) => return Err(self.error(expr, unsupported("`await` (async)"))),
            Expr::Yield(y) => {
                if self.kind != CodeKind::Function {
                    return Err(self.error(expr, "'yield' outside function".into()));
                }
                self.is_generator = true;
                match &y.value {
                    Some(value) => self.expr(value)?,
                    None => self.load_const(Const::None),
                }
                self.emit(Instr::YieldValue);
            }
            Expr::YieldFrom(yield_from) => self.yield_from(yield_from)?,
            Expr::TString(_) => return Err(self.error(expr, unsupported("template strings"))),
            Expr::BytesLiteral(_) => return Err(self.error(expr, unsupported("bytes"))),
            Expr::EllipsisLiteral(_) => {
                let name = self.name("Ellipsis");
                self.emit(Instr::LoadGlobal(name));
            }
            Expr::Starred(_) => return Err(self.error(expr, unsupported("`*` unpacking"))),
            Expr::Slice(_) => return Err(self.error(expr, "slice outside a subscript".into())),
            Expr::IpyEscapeCommand(_) => {
                return Err(self.error(expr, unsupported("IPython escapes")));
            }
        }
        Ok(())
    }

    fn lambda_without_parameters(&mut self, lambda: &'a ast::ExprLambda) -> Result<()> {
        let line = self.shared.line(lambda.range.start());
        let mut unit = Unit::new(
            self.shared,
            "<lambda>",
            CodeKind::Function,
            key_of(lambda),
            line,
        );
        unit.qualname = self.qualify("<lambda>");
        unit.expr(&lambda.body)?;
        unit.emit(Instr::Return);
        let code = unit.finish();
        self.finish_function(code, false, false)
    }

    /// `[elt for target in iter if cond ...]` (and the set, dict and
    /// generator forms) as CPython 3.11 compiles it: a function of one
    /// argument (the first iterator), called at once. A generator
    /// expression's function yields each element instead of collecting it.
    fn comprehension(
        &mut self,
        node: &'a Expr,
        kind: Comprehension,
        generators: &'a [ast::Comprehension],
        elt: &'a Expr,
        value: Option<&'a Expr>,
    ) -> Result<()> {
        if generators.iter().any(|g| g.is_async) {
            return Err(self.error(node, unsupported("async comprehensions")));
        }
        let line = self.shared.line(node.range().start());
        let name = match kind {
            Comprehension::List => "<listcomp>",
            Comprehension::Set => "<setcomp>",
            Comprehension::Dict => "<dictcomp>",
            Comprehension::Generator => "<genexpr>",
        };
        let mut unit = Unit::new(self.shared, name, CodeKind::Function, key_of(node), line);
        unit.qualname = self.qualify(name);
        unit.line = line;
        match kind {
            Comprehension::List => {
                unit.emit(Instr::BuildList(0));
            }
            Comprehension::Set => {
                unit.emit(Instr::BuildSet(0));
            }
            Comprehension::Dict => {
                unit.emit(Instr::BuildDict(0));
            }
            Comprehension::Generator => unit.is_generator = true,
        }
        let mut loops = vec![];
        for (i, generator) in generators.iter().enumerate() {
            if i == 0 {
                unit.emit(Instr::LoadFast(0));
            } else {
                unit.expr(&generator.iter)?;
                unit.emit(Instr::GetIter);
            }
            let start = unit.instrs.len();
            let exit = unit.emit(Instr::ForIter(0));
            unit.store(&generator.target)?;
            for condition in &generator.ifs {
                unit.expr(condition)?;
                unit.emit(Instr::PopJumpIfFalse(start as u32));
            }
            loops.push((start, exit));
        }
        unit.expr(elt)?;
        let depth = generators.len() as u32 + 1;
        match (kind, value) {
            (Comprehension::List, _) => {
                unit.emit(Instr::ListAppend(depth));
            }
            (Comprehension::Set, _) => {
                unit.emit(Instr::SetAdd(depth));
            }
            (Comprehension::Dict, Some(value)) => {
                unit.expr(value)?;
                unit.emit(Instr::MapAdd(depth));
            }
            (Comprehension::Dict, None) => {
                return Err(self.error(node, "dict comprehension without a value".into()));
            }
            (Comprehension::Generator, _) => {
                unit.emit(Instr::YieldValue);
                unit.emit(Instr::Pop);
            }
        }
        for (start, exit) in loops.into_iter().rev() {
            unit.emit(Instr::Jump(start as u32));
            unit.patch(exit);
        }
        if kind == Comprehension::Generator {
            unit.load_const(Const::None);
        }
        unit.emit(Instr::Return);
        let code = unit.finish();
        self.finish_function(code, false, false)?;
        let Some(first) = generators.first() else {
            return Err(self.error(node, "comprehension without a `for`".into()));
        };
        self.expr(&first.iter)?;
        self.emit(Instr::GetIter);
        self.emit(Instr::Call(1));
        Ok(())
    }

    /// `yield from iterable`: yields what the sub-iterator yields, sends it
    /// what the caller sends, and evaluates to the sub-generator's return
    /// value. CPython 3.11: `GET_YIELD_FROM_ITER`, then a `SEND` loop.
    fn yield_from(&mut self, yield_from: &'a ast::ExprYieldFrom) -> Result<()> {
        if self.kind != CodeKind::Function {
            return Err(self.error(yield_from, "'yield from' outside function".into()));
        }
        self.is_generator = true;
        self.expr(&yield_from.value)?;
        self.emit(Instr::GetIter);
        self.load_const(Const::None);
        let start = self.instrs.len();
        // Stack: sub-iterator, value to send.
        let exit = self.emit(Instr::Send(0));
        self.emit(Instr::YieldValue);
        self.emit(Instr::Jump(start as u32));
        self.patch(exit);
        Ok(())
    }

    /// A list display with `*x` items: builds the list on the stack and
    /// returns true; returns false (emitting nothing) if there is no `*`.
    fn starred_sequence(&mut self, elts: &'a [Expr]) -> Result<bool> {
        if !elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
            return Ok(false);
        }
        self.emit(Instr::BuildList(0));
        for elt in elts {
            match elt {
                Expr::Starred(starred) => {
                    self.expr(&starred.value)?;
                    self.emit(Instr::ListExtend(1));
                }
                other => {
                    self.expr(other)?;
                    self.emit(Instr::ListAppend(1));
                }
            }
        }
        Ok(true)
    }

    /// `{k: v, **other}`.
    fn dict_display(&mut self, dict: &'a ast::ExprDict) -> Result<()> {
        if dict.items.iter().all(|item| item.key.is_some()) {
            for item in &dict.items {
                if let Some(key) = &item.key {
                    self.expr(key)?;
                }
                self.expr(&item.value)?;
            }
            self.emit(Instr::BuildDict(dict.items.len() as u32));
            return Ok(());
        }
        self.emit(Instr::BuildDict(0));
        for item in &dict.items {
            match &item.key {
                Some(key) => {
                    self.expr(key)?;
                    self.expr(&item.value)?;
                    self.emit(Instr::MapAdd(1));
                }
                None => {
                    self.expr(&item.value)?;
                    self.emit(Instr::DictMerge {
                        depth: 1,
                        call: false,
                    });
                }
            }
        }
        Ok(())
    }

    fn compare(&mut self, compare: &'a ast::ExprCompare) -> Result<()> {
        self.warn_about_is_with_a_literal(compare);
        self.expr(&compare.left)?;
        let count = compare.ops.len();
        let mut cleanups = vec![];
        for (i, (op, right)) in compare
            .ops
            .iter()
            .zip(compare.comparators.iter())
            .enumerate()
        {
            self.expr(right)?;
            if i + 1 < count {
                // Keep the right operand for the next comparison: a op b and b op c.
                self.emit(Instr::Dup);
                self.emit(Instr::Rot3);
                self.emit(Instr::Compare(compare_op(*op)));
                cleanups.push(self.emit(Instr::JumpIfFalseOrPop(0)));
            } else {
                self.emit(Instr::Compare(compare_op(*op)));
            }
        }
        if !cleanups.is_empty() {
            let end = self.emit(Instr::Jump(0));
            for cleanup in cleanups {
                self.patch(cleanup);
            }
            // Stack: the kept operand, False.
            self.emit(Instr::Swap);
            self.emit(Instr::Pop);
            self.patch(end);
        }
        Ok(())
    }

    fn call(&mut self, call: &'a ast::ExprCall) -> Result<()> {
        if call
            .arguments
            .args
            .iter()
            .any(|a| matches!(a, Expr::Starred(_)))
            || call.arguments.keywords.iter().any(|k| k.arg.is_none())
        {
            return self.call_with_unpacking(call);
        }
        if self.is_zero_argument_super(call) {
            return self.zero_argument_super();
        }
        if self.is_locals_call(call) {
            // `locals()` / `vars()` read the running frame, which a built-in
            // cannot see; the instruction makes the dict.
            self.emit(Instr::BuildLocals);
            return Ok(());
        }
        let positional = call.arguments.args.len() as u32;
        let keywords: Vec<&ast::Keyword> = call.arguments.keywords.iter().collect();
        let method = match &*call.func {
            Expr::Attribute(attr) if keywords.is_empty() => {
                self.expr(&attr.value)?;
                let name = self.name(&attr.attr.id);
                self.emit(Instr::LoadMethod(name));
                true
            }
            func => {
                self.expr(func)?;
                false
            }
        };
        self.exprs(&call.arguments.args)?;
        if keywords.is_empty() {
            self.emit(if method {
                Instr::CallMethod(positional)
            } else {
                Instr::Call(positional)
            });
            return Ok(());
        }
        // Keyword arguments travel as one dict after the positional ones.
        for keyword in &keywords {
            let name = keyword
                .arg
                .as_ref()
                .map(|a| a.id.to_string())
                .unwrap_or_default();
            self.load_const(Const::Str(name.into()));
            self.expr(&keyword.value)?;
        }
        self.emit(Instr::BuildDict(keywords.len() as u32));
        self.emit(Instr::CallKw(positional));
        Ok(())
    }

    /// `f(*args, **kwargs)`: a tuple of positional arguments and a dict of
    /// keyword arguments, then one `CallEx`.
    fn call_with_unpacking(&mut self, call: &'a ast::ExprCall) -> Result<()> {
        self.expr(&call.func)?;
        if !self.starred_sequence(&call.arguments.args)? {
            self.exprs(&call.arguments.args)?;
            self.emit(Instr::BuildList(call.arguments.args.len() as u32));
        }
        self.emit(Instr::ListToTuple);
        let keywords = &call.arguments.keywords;
        if !keywords.is_empty() {
            self.emit(Instr::BuildDict(0));
            for keyword in keywords.iter() {
                match &keyword.arg {
                    Some(name) => {
                        self.load_const(Const::Str(name.id.as_str().into()));
                        self.expr(&keyword.value)?;
                        self.emit(Instr::BuildDict(1));
                    }
                    None => self.expr(&keyword.value)?,
                }
                self.emit(Instr::DictMerge {
                    depth: 1,
                    call: true,
                });
            }
        }
        self.emit(Instr::CallEx {
            kwargs: !keywords.is_empty(),
        });
        Ok(())
    }

    /// `super()` inside a method: the compiler supplies the class (from the
    /// `__class__` cell) and the first argument, as CPython's `super()` finds them.
    fn is_zero_argument_super(&self, call: &ast::ExprCall) -> bool {
        matches!(&*call.func, Expr::Name(name) if name.id.as_str() == "super")
            && call.arguments.args.is_empty()
            && call.arguments.keywords.is_empty()
            && self.kind == CodeKind::Function
            && self.cell_index(CLASS_CELL).is_some()
    }

    /// `locals()` or `vars()` with no arguments, the built-in not shadowed.
    fn is_locals_call(&self, call: &ast::ExprCall) -> bool {
        matches!(&*call.func, Expr::Name(name)
            if matches!(name.id.as_str(), "locals" | "vars")
                && !self.scope.is_local(name.id.as_str())
                && self.cell_index(name.id.as_str()).is_none())
            && call.arguments.args.is_empty()
            && call.arguments.keywords.is_empty()
    }

    fn zero_argument_super(&mut self) -> Result<()> {
        self.load_name("super");
        let cell = self.cell_index(CLASS_CELL).unwrap_or(0);
        self.emit(Instr::LoadDeref(cell));
        match self.varnames.first().cloned() {
            Some(first) if self.argcount > 0 => self.load_name(&first),
            _ => {
                self.load_const(Const::None);
            }
        }
        self.emit(Instr::Call(2));
        Ok(())
    }

    fn fstring(&mut self, fstring: &'a ast::ExprFString) -> Result<()> {
        let mut parts = 0;
        for part in fstring.value.iter() {
            match part {
                ast::FStringPart::Literal(literal) => {
                    self.load_const(Const::Str(literal.value.as_ref().into()));
                    parts += 1;
                }
                ast::FStringPart::FString(f) => parts += self.fstring_elements(&f.elements)?,
            }
        }
        if parts != 1 {
            self.emit(Instr::BuildString(parts));
        }
        Ok(())
    }

    fn fstring_elements(&mut self, elements: &'a ast::InterpolatedStringElements) -> Result<u32> {
        let mut parts = 0;
        for element in elements.iter() {
            match element {
                ast::InterpolatedStringElement::Literal(literal) => {
                    self.load_const(Const::Str(literal.value.as_ref().into()));
                }
                ast::InterpolatedStringElement::Interpolation(interpolation) => {
                    let mut conversion = match interpolation.conversion {
                        ast::ConversionFlag::Repr => 1,
                        _ => 0,
                    };
                    if let Some(debug) = &interpolation.debug_text {
                        let text = format!(
                            "{}{}{}",
                            debug.leading(),
                            self.source_of(&*interpolation.expression),
                            debug.trailing()
                        );
                        self.load_const(Const::Str(text.into()));
                        parts += 1;
                        if interpolation.format_spec.is_none()
                            && interpolation.conversion == ast::ConversionFlag::None
                        {
                            conversion = 1;
                        }
                    }
                    self.expr(&interpolation.expression)?;
                    if let Some(spec) = &interpolation.format_spec {
                        let count = self.fstring_elements(&spec.elements)?;
                        if count != 1 {
                            self.emit(Instr::BuildString(count));
                        }
                        conversion += 2;
                    }
                    self.emit(Instr::FormatValue(conversion));
                }
            }
            parts += 1;
        }
        Ok(parts)
    }

    fn source_of(&self, node: &impl Ranged) -> &'s str {
        let range = node.range();
        self.shared
            .source
            .get(range.start().to_usize()..range.end().to_usize())
            .unwrap_or_default()
    }
}

/// What a comprehension builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Comprehension {
    List,
    Set,
    Dict,
    Generator,
}

/// The constant an expression folds into, as CPython 3.11's AST optimizer
/// (`Python/ast_opt.c`) folds it: a non-empty tuple of constants
/// (`(1, -2, "a", (None,))`), a negated or inverted number, arithmetic on
/// numbers (`10 ** 10`, `1 << 20`) and on strings (`"ab" * 3`), within the
/// optimizer's size limits, and an item of a constant (`"abc"[0]`). The result is made once, when the code is
/// loaded, and shared by every run, so it is counted like any literal.
fn folded_constant(expr: &Expr) -> Option<Const> {
    let node = std::ptr::from_ref(expr) as usize;
    if let Some(known) = FOLDED.with(|folded| folded.borrow().get(&node).cloned()) {
        return known;
    }
    let result = fold_node(expr);
    FOLDED.with(|folded| folded.borrow_mut().insert(node, result.clone()));
    result
}

thread_local! {
    /// What each node of the module being compiled folds into, by address:
    /// compiling `x + 1 + 1 + ...` asks at every level, and without this the
    /// question would walk the whole chain each time (quadratic in its length).
    static FOLDED: std::cell::RefCell<HashMap<usize, Option<Const>>> = Default::default();
}

fn fold_node(expr: &Expr) -> Option<Const> {
    match expr {
        Expr::Tuple(tuple) if !tuple.elts.is_empty() => {
            let items: Option<Vec<Const>> = tuple.elts.iter().map(folded_constant).collect();
            Some(Const::Tuple(items?.into()))
        }
        Expr::StringLiteral(s) => Some(Const::Str(s.value.to_str().into())),
        Expr::BooleanLiteral(b) => Some(Const::Bool(b.value)),
        Expr::NoneLiteral(_) => Some(Const::None),
        Expr::NumberLiteral(number) => match &number.value {
            ast::Number::Int(int) => int.as_i64().map(Const::Int),
            ast::Number::Float(x) => Some(Const::Float(*x)),
            ast::Number::Complex { .. } => None,
        },
        Expr::UnaryOp(ast::ExprUnaryOp { op, operand, .. }) => {
            match (op, folded_constant(operand)?) {
                (ast::UnaryOp::USub, Const::Int(n)) => n.checked_neg().map(Const::Int),
                (ast::UnaryOp::USub, Const::Float(x)) => Some(Const::Float(-x)),
                (ast::UnaryOp::UAdd, c @ (Const::Int(_) | Const::Float(_))) => Some(c),
                (ast::UnaryOp::Invert, Const::Int(n)) => Some(Const::Int(!n)),
                _ => None,
            }
        }
        Expr::BinOp(bin) => {
            let (left, right) = (folded_constant(&bin.left)?, folded_constant(&bin.right)?);
            fold_binary(bin.op, &left, &right)
        }
        Expr::Subscript(sub) => {
            // `"abc"[0]`, `(1, 2)[-1]`: a constant indexed by a constant int.
            let Const::Int(index) = folded_constant(&sub.slice)? else {
                return None;
            };
            let pick = |len: usize| {
                let i = if index < 0 { index + len as i64 } else { index };
                usize::try_from(i).ok().filter(|&i| i < len)
            };
            match folded_constant(&sub.value)? {
                Const::Str(text) => {
                    let chars: Vec<char> = text.chars().collect();
                    pick(chars.len()).map(|i| Const::Str(chars[i].to_string().into()))
                }
                Const::Tuple(items) => pick(items.len()).map(|i| items[i].clone()),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Whether two constants are one entry of a code object's table: equal
/// values of the same type (`1` and `1.0` stay apart, and so do `0.0` and
/// `-0.0`), as CPython's `_PyCode_ConstantKey` decides.
fn same_constant(a: &Const, b: &Const) -> bool {
    match (a, b) {
        (Const::None, Const::None) => true,
        (Const::Bool(x), Const::Bool(y)) => x == y,
        (Const::Int(x), Const::Int(y)) => x == y,
        (Const::Float(x), Const::Float(y)) => x.to_bits() == y.to_bits(),
        (Const::BigInt(x), Const::BigInt(y)) | (Const::Str(x), Const::Str(y)) => x == y,
        (Const::Tuple(x), Const::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| same_constant(p, q))
        }
        _ => false,
    }
}

/// ast_opt.c's limits: no folded int beyond 128 bits, string beyond 4096
/// characters or tuple beyond 256 items.
const MAX_FOLDED_INT_BITS: u32 = 128;
const MAX_FOLDED_STR_LEN: usize = 4096;

/// One binary operation on two constants, or `None` where CPython leaves it
/// to run time: an error (division by zero), a result too large, or `%` on
/// a string (formatting). Ints stay within 64 bits here.
fn fold_binary(op: ast::Operator, left: &Const, right: &Const) -> Option<Const> {
    use ast::Operator as Op;
    let bits = |n: i64| 64 - n.unsigned_abs().leading_zeros();
    match (left, right) {
        (Const::Int(a), Const::Int(b)) => {
            let (a, b) = (*a, *b);
            let value = match op {
                Op::Add => a.checked_add(b)?,
                Op::Sub => a.checked_sub(b)?,
                Op::Mult => a.checked_mul(b)?,
                Op::FloorDiv if b != 0 => {
                    // Python rounds toward negative infinity.
                    let q = a.checked_div(b)?;
                    if a % b != 0 && ((a < 0) != (b < 0)) {
                        q - 1
                    } else {
                        q
                    }
                }
                Op::Mod if b != 0 => {
                    let r = a % b;
                    if r != 0 && ((r < 0) != (b < 0)) {
                        r + b
                    } else {
                        r
                    }
                }
                Op::Pow if b >= 0 => {
                    if a != 0 && a != 1 && a != -1 && bits(a) * (b as u32) > MAX_FOLDED_INT_BITS {
                        return None;
                    }
                    a.checked_pow(u32::try_from(b).ok()?)?
                }
                Op::LShift if (0..64).contains(&b) => {
                    if a != 0 && bits(a) + b as u32 > MAX_FOLDED_INT_BITS {
                        return None;
                    }
                    a.checked_mul(1i64.checked_shl(b as u32)?)?
                }
                Op::RShift if b >= 0 => a >> b.min(63),
                Op::BitAnd => a & b,
                Op::BitOr => a | b,
                Op::BitXor => a ^ b,
                Op::Div => {
                    return fold_binary(op, &Const::Float(a as f64), &Const::Float(b as f64));
                }
                _ => return None,
            };
            Some(Const::Int(value))
        }
        (Const::Int(_) | Const::Float(_), Const::Int(_) | Const::Float(_)) => {
            let float = |c: &Const| match c {
                Const::Int(n) => *n as f64,
                Const::Float(x) => *x,
                _ => f64::NAN,
            };
            let (a, b) = (float(left), float(right));
            let value = match op {
                Op::Add => a + b,
                Op::Sub => a - b,
                Op::Mult => a * b,
                Op::Div if b != 0.0 => a / b,
                Op::Pow if a > 0.0 || b.fract() == 0.0 => a.powf(b),
                _ => return None,
            };
            value.is_finite().then_some(Const::Float(value))
        }
        (Const::Str(a), Const::Str(b)) if op == Op::Add => (a.chars().count() + b.chars().count()
            <= MAX_FOLDED_STR_LEN)
            .then(|| Const::Str(format!("{a}{b}").into())),
        (Const::Str(text), Const::Int(n)) | (Const::Int(n), Const::Str(text)) if op == Op::Mult => {
            let n = usize::try_from(*n).unwrap_or(0);
            (text.chars().count().saturating_mul(n) <= MAX_FOLDED_STR_LEN)
                .then(|| Const::Str(text.repeat(n).into()))
        }
        _ => None,
    }
}

/// True for expressions CPython folds into constants (literals, negated
/// numbers, tuples of constants): a display of three or more of them is
/// built from one constant tuple or frozenset, which sizes the result.
fn is_constant(expr: &Expr) -> bool {
    folded_constant(expr).is_some() || is_folded_number(expr)
}

/// Arithmetic on number literals, which CPython folds too (`2**64`, `1+1`, `-(1)`).
fn is_folded_number(expr: &Expr) -> bool {
    match expr {
        Expr::NumberLiteral(_) => true,
        Expr::UnaryOp(unary) => unary.op != ast::UnaryOp::Not && is_folded_number(&unary.operand),
        Expr::BinOp(bin) => {
            bin.op != ast::Operator::MatMult
                && is_folded_number(&bin.left)
                && is_folded_number(&bin.right)
        }
        _ => false,
    }
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

impl<'s, 'a> Unit<'s, 'a> {
    /// CPython 3.11's compiler warns when `is` or `is not` has a literal
    /// operand (anything it folds into a constant except `None`, `True`,
    /// `False` and `...`), at the first such operator of a comparison:
    /// identity with a literal depends on which objects the interpreter
    /// happens to share.
    fn warn_about_is_with_a_literal(&mut self, compare: &ast::ExprCompare) {
        let literal = |expr: &Expr| {
            matches!(expr, Expr::Tuple(tuple) if tuple.elts.is_empty())
                || (!matches!(expr, Expr::EllipsisLiteral(_))
                    && folded_constant(expr)
                        .is_some_and(|c| !matches!(c, Const::None | Const::Bool(_))))
        };
        let mut left = &*compare.left;
        for (op, right) in compare.ops.iter().zip(compare.comparators.iter()) {
            let message = match op {
                ast::CmpOp::Is => "\"is\" with a literal. Did you mean \"==\"?",
                ast::CmpOp::IsNot => "\"is not\" with a literal. Did you mean \"!=\"?",
                _ => "",
            };
            if !message.is_empty() && (literal(left) || literal(right)) {
                let line = self.shared.line(compare.range.start());
                self.shared
                    .warnings
                    .borrow_mut()
                    .push((line, message.to_string()));
                return;
            }
            left = right;
        }
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
