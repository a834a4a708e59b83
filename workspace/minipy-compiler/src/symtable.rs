//! Which names are local, global, captured or free in each scope, decided
//! before code is generated. CPython: `Python/symtable.c`.
//!
//! Chapter 3 needs this: a function's locals live in its frame and die with
//! it, globals live in the module until shutdown, and a captured local lives
//! in a *cell* that the closure keeps alive after the function returns.
//!
//! Scopes are keyed by the source offset where their node starts (a function,
//! lambda, class or comprehension), which is unique within one module.
//!
//! [`SymbolTable::from_source`] builds the table of a program on its own, and
//! [`SymbolTable::describe`] prints it, one block per scope; Appendix A of the
//! book shows its program's table that way.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_source_file::LineIndex;
use ruff_text_size::{Ranged, TextSize};

use crate::compile::CompileError;

/// What kind of scope a node opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    /// The module.
    Module,
    /// A function, lambda or comprehension.
    Function,
    /// A class body.
    Class,
}

/// What the analysis found for one scope.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    /// Parameters, in order.
    pub params: Vec<String>,
    /// Names assigned here (locals, for a function).
    pub assigned: HashSet<String>,
    /// Names declared `global`.
    pub globals: HashSet<String>,
    /// Names declared `nonlocal`: free variables even though assigned here.
    pub nonlocals: HashSet<String>,
    /// Names read here.
    pub used: HashSet<String>,
    /// Locals captured by nested functions, in first-seen order.
    pub cells: Vec<String>,
    /// Names this scope takes from enclosing functions, in first-seen order.
    pub frees: Vec<String>,
    children: Vec<u32>,
    kind: Option<ScopeKind>,
    /// The name of the function, class or comprehension (`<module>` for the module).
    name: String,
    /// Names in the order they were first seen, for stable cell/free order.
    order: Vec<String>,
}

impl Scope {
    /// `module`, `function` or `class`, for [`SymbolTable::describe`].
    fn kind_name(&self) -> &'static str {
        match self.kind {
            Some(ScopeKind::Function) => "function",
            Some(ScopeKind::Class) => "class",
            Some(ScopeKind::Module) | None => "module",
        }
    }

    /// The lists [`SymbolTable::describe`] prints for this scope, each in
    /// first-seen order.
    fn categories(&self) -> Vec<(&'static str, Vec<&str>)> {
        let names = self.order.iter().map(String::as_str);
        if self.kind != Some(ScopeKind::Function) && self.kind != Some(ScopeKind::Class) {
            return vec![("globals", names.collect())];
        }
        let bound = |name: &str| match self.kind {
            Some(ScopeKind::Class) => self.assigned.contains(name) && !self.globals.contains(name),
            _ => self.is_local(name),
        };
        let free = |name: &str| self.frees.iter().any(|f| f == name);
        let locals = names.clone().filter(|n| bound(n)).collect();
        let globals = names
            .filter(|n| !bound(n) && !free(n) && !self.nonlocals.contains(*n))
            .collect();
        vec![
            ("locals", locals),
            ("globals", globals),
            ("cells", self.cells.iter().map(String::as_str).collect()),
            ("frees", self.frees.iter().map(String::as_str).collect()),
        ]
    }

    /// True if `name` is a fast local of this function scope.
    pub fn is_local(&self, name: &str) -> bool {
        self.kind == Some(ScopeKind::Function)
            && !self.globals.contains(name)
            && !self.nonlocals.contains(name)
            && (self.assigned.contains(name) || self.params.iter().any(|p| p == name))
    }
}

/// All scopes of a module, by start offset (the module is at `u32::MAX`).
#[derive(Debug, Default)]
pub struct SymbolTable {
    /// Scope of each node.
    pub scopes: HashMap<u32, Scope>,
}

/// The key of the module scope.
pub const MODULE_KEY: u32 = u32::MAX;

/// The implicit cell a class body makes for methods that call `super()`.
/// CPython: the `__class__` cell.
pub const CLASS_CELL: &str = "__class__";

impl SymbolTable {
    /// Analyses a module body.
    pub fn build(body: &[Stmt]) -> SymbolTable {
        let mut builder = Builder {
            table: SymbolTable::default(),
            stack: vec![],
        };
        builder.enter(MODULE_KEY, ScopeKind::Module, "<module>", vec![]);
        for stmt in body {
            builder.stmt(stmt);
        }
        builder.stack.pop();
        let mut table = builder.table;
        table.resolve(MODULE_KEY, &[]);
        table
    }

    /// Parses `source` and analyses its scopes: the table [`compile_module`]
    /// builds before it emits any code. Syntax the parser rejects is a
    /// [`CompileError`], as [`compile_module`] reports it.
    ///
    /// ```
    /// use minipy_compiler::symtable::SymbolTable;
    /// let table = SymbolTable::from_source("def f(a):\n    b = a\n")?;
    /// assert!(table.describe().contains("    locals:  a, b\n"));
    /// # Ok::<(), minipy_compiler::CompileError>(())
    /// ```
    ///
    /// [`compile_module`]: crate::compile_module
    pub fn from_source(source: &str) -> Result<SymbolTable, CompileError> {
        let parsed = ruff_python_parser::parse_module(source).map_err(|error| {
            syntax_error(source, error.location.start(), error.error.to_string())
        })?;
        if let Some(error) = parsed.unsupported_syntax_errors().first() {
            return Err(syntax_error(source, error.range.start(), error.to_string()));
        }
        let mut module = parsed.into_syntax();
        crate::mangle::mangle_private_names(&mut module.body);
        Ok(SymbolTable::build(&module.body))
    }

    /// The scope opened at `key`.
    pub fn scope(&self, key: u32) -> Option<&Scope> {
        self.scopes.get(&key)
    }

    /// The table as text: one block per scope, the module first and each
    /// nested scope indented under the one that contains it, in source order.
    ///
    /// ```text
    /// module <module>
    ///   globals: total, print
    ///   function total
    ///     locals:  numbers, result
    ///     globals: -
    ///     cells:   -
    ///     frees:   -
    /// ```
    ///
    /// A function lists its locals (parameters first, then the other names it
    /// binds, in the order its body first mentions them), the globals and
    /// builtins it reads, its cells (locals a nested scope captures) and its
    /// free variables (names it takes from an enclosing function). A class
    /// lists the same four, its "locals" being the names its body stores in
    /// the class namespace. The module lists only globals: every name bound
    /// or read at module level lives in the module's dict (or in builtins).
    pub fn describe(&self) -> String {
        let mut out = String::new();
        // An explicit stack rather than recursion: nesting depth is the user's.
        let mut pending = vec![(MODULE_KEY, 0)];
        while let Some((key, depth)) = pending.pop() {
            let Some(scope) = self.scopes.get(&key) else {
                continue;
            };
            let indent = "  ".repeat(depth);
            let _ = writeln!(out, "{indent}{} {}", scope.kind_name(), scope.name);
            for (label, names) in scope.categories() {
                let names = if names.is_empty() {
                    "-".to_string()
                } else {
                    names.join(", ")
                };
                let _ = writeln!(out, "{indent}  {:<8} {names}", format!("{label}:"));
            }
            pending.extend(scope.children.iter().rev().map(|&child| (child, depth + 1)));
        }
        out
    }

    /// Decides cells and free variables, innermost first; returns the scope's free names.
    fn resolve(&mut self, key: u32, enclosing: &[HashSet<String>]) -> Vec<String> {
        let Some(scope) = self.scopes.get(&key) else {
            return vec![];
        };
        let kind = scope.kind;
        let bound: HashSet<String> = match kind {
            Some(ScopeKind::Function) => scope
                .assigned
                .iter()
                .chain(&scope.params)
                .filter(|n| !scope.globals.contains(*n) && !scope.nonlocals.contains(*n))
                .cloned()
                .collect(),
            // A class body binds only the implicit `__class__` cell for its methods.
            Some(ScopeKind::Class) => HashSet::from([CLASS_CELL.to_string()]),
            _ => HashSet::new(),
        };
        let children = scope.children.clone();
        let mut env = enclosing.to_vec();
        if matches!(kind, Some(ScopeKind::Function | ScopeKind::Class)) {
            env.push(bound.clone());
        }
        let mut child_free: Vec<String> = Vec::new();
        for child in children {
            for name in self.resolve(child, &env) {
                if !child_free.contains(&name) {
                    child_free.push(name);
                }
            }
        }
        let Some(scope) = self.scopes.get_mut(&key) else {
            return vec![];
        };
        let mut order = scope.order.clone();
        for name in &child_free {
            if !order.contains(name) {
                order.push(name.clone());
            }
        }
        scope.cells = order
            .iter()
            .filter(|n| bound.contains(*n) && child_free.contains(n))
            .cloned()
            .collect();
        let enclosing_binds = |n: &String| enclosing.iter().any(|set| set.contains(n));
        scope.frees = order
            .iter()
            .filter(|n| !bound.contains(*n) && !scope.globals.contains(*n))
            .filter(|n| {
                scope.used.contains(*n)
                    || child_free.contains(n)
                    || scope.assigned.contains(*n)
                    || scope.nonlocals.contains(*n)
            })
            .filter(|n| enclosing_binds(n))
            // A class body reads a name it does not bind from an enclosing
            // function's cell (CPython 3.11: `LOAD_CLASSDEREF`).
            .filter(|n| {
                kind == Some(ScopeKind::Function)
                    || child_free.contains(n)
                    || (scope.used.contains(*n) && !scope.assigned.contains(*n))
            })
            .cloned()
            .collect();
        scope.frees.clone()
    }
}

struct Builder {
    table: SymbolTable,
    stack: Vec<u32>,
}

impl Builder {
    fn enter(&mut self, key: u32, kind: ScopeKind, name: &str, params: Vec<String>) {
        if let Some(&parent) = self.stack.last()
            && let Some(scope) = self.table.scopes.get_mut(&parent)
        {
            scope.children.push(key);
        }
        let scope = Scope {
            params: params.clone(),
            kind: Some(kind),
            name: name.to_string(),
            order: params,
            ..Scope::default()
        };
        self.table.scopes.insert(key, scope);
        self.stack.push(key);
    }

    fn in_function(&self) -> bool {
        self.stack
            .last()
            .and_then(|key| self.table.scopes.get(key))
            .is_some_and(|scope| scope.kind == Some(ScopeKind::Function))
    }

    fn current(&mut self) -> &mut Scope {
        let key = *self.stack.last().unwrap_or(&MODULE_KEY);
        self.table.scopes.entry(key).or_default()
    }

    fn note(&mut self, name: &str) {
        let scope = self.current();
        if !scope.order.iter().any(|n| n == name) {
            scope.order.push(name.to_string());
        }
    }

    fn assign(&mut self, name: &str) {
        self.note(name);
        self.current().assigned.insert(name.to_string());
    }

    fn use_name(&mut self, name: &str) {
        self.note(name);
        self.current().used.insert(name.to_string());
    }

    fn function(
        &mut self,
        key: u32,
        name: &str,
        params: &ast::Parameters,
        body: Option<&[Stmt]>,
        expr: Option<&Expr>,
    ) {
        for default in params
            .posonlyargs
            .iter()
            .chain(&params.args)
            .chain(&params.kwonlyargs)
            .filter_map(|p| p.default.as_deref())
        {
            self.expr(default);
        }
        // Locals in CPython's order: positional, keyword-only, *args, **kwargs.
        let names = params
            .posonlyargs
            .iter()
            .chain(&params.args)
            .chain(&params.kwonlyargs)
            .map(|p| p.parameter.name.id.to_string())
            .chain(params.vararg.iter().map(|p| p.name.id.to_string()))
            .chain(params.kwarg.iter().map(|p| p.name.id.to_string()))
            .collect();
        self.enter(key, ScopeKind::Function, name, names);
        for stmt in body.unwrap_or_default() {
            self.stmt(stmt);
        }
        if let Some(expr) = expr {
            self.expr(expr);
        }
        self.stack.pop();
    }

    fn comprehension(
        &mut self,
        key: u32,
        name: &str,
        generators: &[ast::Comprehension],
        elts: &[&Expr],
    ) {
        // The first iterable is evaluated outside, as in CPython.
        if let Some(first) = generators.first() {
            self.expr(&first.iter);
        }
        self.enter(key, ScopeKind::Function, name, vec![".0".to_string()]);
        for (i, generator) in generators.iter().enumerate() {
            if i > 0 {
                self.expr(&generator.iter);
            }
            self.target(&generator.target);
            for condition in &generator.ifs {
                self.expr(condition);
            }
        }
        for elt in elts {
            self.expr(elt);
        }
        self.stack.pop();
    }

    fn target(&mut self, target: &Expr) {
        match target {
            Expr::Name(name) => self.assign(&name.id),
            Expr::Tuple(t) => t.elts.iter().for_each(|e| self.target(e)),
            Expr::List(l) => l.elts.iter().for_each(|e| self.target(e)),
            other => self.expr(other),
        }
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::FunctionDef(def) => {
                self.assign(&def.name.id);
                self.function(
                    def.range.start().to_u32(),
                    &def.name.id,
                    &def.parameters,
                    Some(&def.body),
                    None,
                );
            }
            Stmt::ClassDef(class) => {
                if let Some(arguments) = &class.arguments {
                    arguments.args.iter().for_each(|a| self.expr(a));
                }
                self.enter(
                    class.range.start().to_u32(),
                    ScopeKind::Class,
                    &class.name.id,
                    vec![],
                );
                class.body.iter().for_each(|s| self.stmt(s));
                self.stack.pop();
                self.assign(&class.name.id);
            }
            Stmt::Return(ret) => ret.value.iter().for_each(|v| self.expr(v)),
            Stmt::Delete(del) => del.targets.iter().for_each(|t| self.target(t)),
            Stmt::Assign(assign) => {
                self.expr(&assign.value);
                assign.targets.iter().for_each(|t| self.target(t));
            }
            Stmt::AugAssign(aug) => {
                if let Expr::Name(name) = &*aug.target {
                    self.use_name(&name.id);
                }
                self.target(&aug.target);
                self.expr(&aug.value);
            }
            Stmt::AnnAssign(ann) => {
                if let Some(value) = &ann.value {
                    self.expr(value);
                    self.target(&ann.target);
                }
            }
            Stmt::For(f) => {
                self.expr(&f.iter);
                self.target(&f.target);
                f.body.iter().chain(&f.orelse).for_each(|s| self.stmt(s));
            }
            Stmt::While(w) => {
                self.expr(&w.test);
                w.body.iter().chain(&w.orelse).for_each(|s| self.stmt(s));
            }
            Stmt::If(i) => {
                self.expr(&i.test);
                i.body.iter().for_each(|s| self.stmt(s));
                for clause in &i.elif_else_clauses {
                    clause.test.iter().for_each(|t| self.expr(t));
                    clause.body.iter().for_each(|s| self.stmt(s));
                }
            }
            Stmt::With(w) => {
                for item in &w.items {
                    self.expr(&item.context_expr);
                    item.optional_vars.iter().for_each(|v| self.target(v));
                }
                w.body.iter().for_each(|s| self.stmt(s));
            }
            Stmt::Raise(r) => r.exc.iter().chain(&r.cause).for_each(|e| self.expr(e)),
            Stmt::Try(t) => {
                t.body.iter().for_each(|s| self.stmt(s));
                for handler in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = handler;
                    h.type_.iter().for_each(|e| self.expr(e));
                    if let Some(name) = &h.name {
                        self.assign(&name.id);
                    }
                    h.body.iter().for_each(|s| self.stmt(s));
                }
                t.orelse
                    .iter()
                    .chain(&t.finalbody)
                    .for_each(|s| self.stmt(s));
            }
            Stmt::Assert(a) => {
                self.expr(&a.test);
                a.msg.iter().for_each(|m| self.expr(m));
            }
            Stmt::Import(import) => {
                for alias in &import.names {
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                    let first = bound.id.split('.').next().unwrap_or_default().to_string();
                    self.assign(&first);
                }
            }
            Stmt::ImportFrom(import) => {
                for alias in &import.names {
                    self.assign(&alias.asname.as_ref().unwrap_or(&alias.name).id);
                }
            }
            Stmt::Global(g) => {
                for name in &g.names {
                    self.current().globals.insert(name.id.to_string());
                }
            }
            Stmt::Nonlocal(n) => {
                for name in &n.names {
                    self.note(&name.id);
                    self.current().nonlocals.insert(name.id.to_string());
                }
            }
            Stmt::Expr(e) => self.expr(&e.value),
            _ => {}
        }
    }

    fn expr(&mut self, expr: &Expr) {
        match expr {
            Expr::Name(name) => match name.ctx {
                ast::ExprContext::Load => {
                    self.use_name(&name.id);
                    if name.id.as_str() == "super" && self.in_function() {
                        self.use_name(CLASS_CELL);
                    }
                }
                _ => self.assign(&name.id),
            },
            Expr::Lambda(lambda) => {
                let empty = ast::Parameters::default();
                let params = lambda.parameters.as_deref().unwrap_or(&empty);
                self.function(
                    lambda.range.start().to_u32(),
                    "<lambda>",
                    params,
                    None,
                    Some(&lambda.body),
                );
            }
            Expr::ListComp(comp) => self.comprehension(
                comp.range.start().to_u32(),
                "<listcomp>",
                &comp.generators,
                &[&comp.elt],
            ),
            Expr::Generator(comp) => self.comprehension(
                comp.range.start().to_u32(),
                "<genexpr>",
                &comp.generators,
                &[&comp.elt],
            ),
            Expr::SetComp(comp) => self.comprehension(
                comp.range.start().to_u32(),
                "<setcomp>",
                &comp.generators,
                &[&comp.elt],
            ),
            Expr::DictComp(comp) => {
                let mut elts: Vec<&Expr> = comp.key.iter().map(|k| &**k).collect();
                elts.push(&comp.value);
                self.comprehension(
                    comp.range.start().to_u32(),
                    "<dictcomp>",
                    &comp.generators,
                    &elts,
                )
            }
            _ => {
                let mut children = Vec::new();
                ruff_python_ast::visitor::walk_expr(&mut Collect(&mut children), expr);
                for child in children {
                    self.expr(child);
                }
            }
        }
    }
}

/// Gathers an expression's direct sub-expressions.
struct Collect<'a, 'b>(&'b mut Vec<&'a Expr>);

impl<'a> ruff_python_ast::visitor::Visitor<'a> for Collect<'a, '_> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        self.0.push(expr);
    }
}

/// The offset key of a node.
pub fn key_of(node: &impl Ranged) -> u32 {
    node.range().start().to_u32()
}

/// A `SyntaxError` at `offset`, with its one-based line and column.
fn syntax_error(source: &str, offset: TextSize, message: String) -> CompileError {
    let location = LineIndex::from_source_text(source).line_column(offset, source);
    CompileError {
        kind: "SyntaxError",
        message,
        line: location.line.get() as u32,
        column: location.column.get() as u32,
    }
}
