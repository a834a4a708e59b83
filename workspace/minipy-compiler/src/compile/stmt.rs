//! Statements: assignments, `def` and `class`, loops, `if`, `with`,
//! `try`, `del`, and what leaving a block early (`break`, `return`)
//! must undo. CPython: `compiler_visit_stmt` and its helpers.

use super::*;
use crate::bytecode::{Code, CodeKind, Const, Instr};
use crate::symtable::{CLASS_CELL, key_of};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;
use std::rc::Rc;

impl<'s, 'a> Unit<'s, 'a> {
    pub(crate) fn body(&mut self, body: &'a [Stmt]) -> Result<()> {
        body.iter().try_for_each(|stmt| self.stmt(stmt))
    }

    pub(crate) fn stmt(&mut self, stmt: &'a Stmt) -> Result<()> {
        self.line = self.shared.line(stmt.range().start());
        self.location = stmt.range();
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
                // The raise points at the condition that failed.
                self.at(&*a.test, |unit| {
                    unit.load_name("AssertionError");
                    if let Some(msg) = &a.msg {
                        unit.expr(msg)?;
                        unit.emit(Instr::Call(1));
                    }
                    unit.emit(Instr::Raise(1));
                    Ok::<(), crate::CompileError>(())
                })?;
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
                    let attr = self.name(&alias.name.id);
                    self.emit(Instr::ImportFrom(attr));
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

    pub(crate) fn function_def(&mut self, def: &'a ast::StmtFunctionDef) -> Result<()> {
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
        let written = self.shared.mangled.original_name(key_of(def));
        self.make_function(
            def,
            written.unwrap_or(def.name.id.as_str()),
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
    pub(crate) fn make_function(
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
        // Constant defaults are one constant tuple, as CPython 3.11's
        // peephole pass folds `LOAD_CONST`s followed by `BUILD_TUPLE`.
        let constant: Option<Vec<Const>> = defaults.iter().map(|d| folded_constant(d)).collect();
        match constant {
            _ if defaults.is_empty() => {}
            Some(items) => self.load_const(Const::Tuple(items.into())),
            None => {
                for default in &defaults {
                    self.expr(default)?;
                }
                self.emit(Instr::BuildTuple(defaults.len() as u32));
            }
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
        unit.posonlyargcount = params.posonlyargs.len();
        unit.varargs = params.vararg.is_some();
        unit.varkeywords = params.kwarg.is_some();
        match body {
            FunctionBody::Statements(stmts) => {
                if let Some(Stmt::Expr(first)) = stmts.first()
                    && let Expr::StringLiteral(doc) = &*first.value
                {
                    unit.docstring = Some(doc.value.to_str().into());
                }
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

    pub(crate) fn finish_function(
        &mut self,
        code: Code,
        defaults: bool,
        kwdefaults: bool,
    ) -> Result<()> {
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

    pub(crate) fn class_def(&mut self, class: &'a ast::StmtClassDef) -> Result<()> {
        for decorator in &class.decorator_list {
            self.expr(&decorator.expression)?;
        }
        let line = self.shared.line(class.range.start());
        let written = self.shared.mangled.original_name(key_of(class));
        let name = written.unwrap_or(class.name.id.as_str());
        let mut unit = Unit::new(self.shared, name, CodeKind::Class, key_of(class), line);
        unit.qualname = self.qualify(name);
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
        // A docstring becomes the class's `__doc__`, stored first, as
        // CPython's compiler stores it.
        if let Some(Stmt::Expr(first)) = class.body.first()
            && let Expr::StringLiteral(doc) = &*first.value
        {
            unit.load_const(Const::Str(doc.value.to_str().into()));
            let name = unit.name("__doc__");
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
        let mut keywords = 0;
        if let Some(arguments) = &class.arguments {
            for base in arguments.args.iter() {
                self.expr(base)?;
                bases += 1;
            }
            for keyword in arguments.keywords.iter() {
                let Some(name) = &keyword.arg else {
                    return Err(self.error(class, unsupported("`**` in a class statement")));
                };
                self.load_const(Const::Str(name.id.as_str().into()));
                self.expr(&keyword.value)?;
                keywords += 1;
            }
        }
        if keywords > 0 {
            self.emit(Instr::BuildDict(keywords));
            self.emit(Instr::BuildClassKw(bases));
        } else {
            self.emit(Instr::BuildClass(bases));
        }
        for _ in &class.decorator_list {
            self.emit(Instr::Call(1));
        }
        self.store_name(&class.name.id);
        Ok(())
    }

    /// `target op= value`. The target is read and written from its own
    /// source and the operation from the statement's, as in CPython 3.11's
    /// `compiler_augassign`.
    pub(crate) fn aug_assign(&mut self, aug: &'a ast::StmtAugAssign) -> Result<()> {
        let op = binary_op(aug.op);
        let target = &*aug.target;
        match target {
            Expr::Name(name) => {
                self.at(target, |unit| unit.load_name(&name.id));
                self.expr(&aug.value)?;
                self.emit(Instr::InplaceBinary(op));
                self.at(target, |unit| unit.store_name(&name.id));
            }
            Expr::Attribute(attr) => {
                let name = self.at(target, |unit| {
                    unit.expr(&attr.value)?;
                    unit.emit(Instr::Dup);
                    let name = unit.name(&attr.attr.id);
                    unit.emit(Instr::LoadAttr(name));
                    Ok(name)
                })?;
                self.expr(&aug.value)?;
                self.emit(Instr::InplaceBinary(op));
                self.at(target, |unit| {
                    unit.emit(Instr::Swap);
                    unit.emit(Instr::StoreAttr(name));
                });
            }
            Expr::Subscript(sub) => {
                self.at(target, |unit| {
                    unit.expr(&sub.value)?;
                    unit.subscript_key(&sub.slice)?;
                    unit.emit(Instr::DupTwo);
                    unit.emit(Instr::BinarySubscr);
                    Ok(())
                })?;
                self.expr(&aug.value)?;
                self.emit(Instr::InplaceBinary(op));
                // Stack: container, key, result → result, container, key.
                self.at(target, |unit| {
                    unit.emit(Instr::Rot3);
                    unit.emit(Instr::StoreSubscr);
                });
            }
            other => {
                return Err(self.error(other, "illegal expression for augmented assignment".into()));
            }
        }
        Ok(())
    }

    pub(crate) fn for_loop(&mut self, f: &'a ast::StmtFor) -> Result<()> {
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

    pub(crate) fn while_loop(&mut self, w: &'a ast::StmtWhile) -> Result<()> {
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

    pub(crate) fn break_or_continue(&mut self, stmt: &Stmt, is_break: bool) -> Result<()> {
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
    pub(crate) fn unwind_blocks(&mut self, depth: usize, returning: bool) -> Result<()> {
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
                Block::FinallyEnd => {
                    if returning {
                        self.emit(Instr::Swap);
                    }
                    self.emit(Instr::Pop);
                    self.emit(Instr::PopExcept);
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

    pub(crate) fn if_stmt(&mut self, i: &'a ast::StmtIf) -> Result<()> {
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

    pub(crate) fn with_stmt(&mut self, w: &'a ast::StmtWith, item: usize) -> Result<()> {
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
        // Leaving normally, `__exit__` is called from the `with` line.
        self.at(w, |unit| unit.emit(Instr::WithExit));
        let end = self.emit(Instr::Jump(0));
        self.patch(setup);
        // Stack: context manager, exception. `__exit__` sees the exception
        // and may suppress it by returning a true value.
        self.emit(Instr::Swap);
        self.at(w, |unit| unit.emit(Instr::WithExceptionExit));
        let suppressed = self.emit(Instr::PopJumpIfTrue(0));
        self.emit(Instr::Reraise);
        self.patch(suppressed);
        self.emit(Instr::Pop);
        self.emit(Instr::PopExcept);
        self.patch(end);
        Ok(())
    }

    pub(crate) fn try_stmt(&mut self, t: &'a ast::StmtTry) -> Result<()> {
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
            // Stack: the exception, which is being handled while this copy
            // of the body runs.
            self.blocks.push(Block::FinallyEnd);
            self.body(&t.finalbody)?;
            self.blocks.pop();
            self.emit(Instr::Reraise);
            self.patch(end);
        }
        Ok(())
    }

    pub(crate) fn try_except(&mut self, t: &'a ast::StmtTry) -> Result<()> {
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
            // A named handler clears its name however it ends: an exception
            // raised in its body goes through a cleanup that does `name =
            // None; del name` and raises again (CPython 3.11's
            // `cleanup_end`), so the first exception does not stay bound.
            let cleanup = name.map(|_| {
                let setup = self.emit(Instr::SetupCleanup(0));
                self.blocks.push(Block::Except);
                setup
            });
            self.body(&h.body)?;
            if cleanup.is_some() {
                self.blocks.pop();
                self.emit(Instr::PopBlock);
            }
            self.blocks.pop();
            self.emit(Instr::PopExcept);
            if let Some(name) = name {
                self.clear_handler_name(name)?;
            }
            ends.push(self.emit(Instr::Jump(0)));
            if let (Some(setup), Some(name)) = (cleanup, name) {
                self.patch(setup);
                self.clear_handler_name(name)?;
                self.emit(Instr::Reraise);
            }
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
    pub(crate) fn clear_handler_name(&mut self, name: &str) -> Result<()> {
        self.load_const(Const::None);
        self.store_name(name);
        if let Some(cell) = self.cell_index(name) {
            // A name a closure captured lives in its cell.
            self.emit(Instr::DeleteDeref(cell));
        } else if self.kind == CodeKind::Function && self.scope.is_local(name) {
            let slot = self.varname(name);
            self.emit(Instr::DeleteFast(slot));
        } else {
            self.delete_global_or_name(name);
        }
        Ok(())
    }

    /// Stores the value on top of the stack in `target`; the store comes
    /// from the target's source.
    pub(crate) fn store(&mut self, target: &'a Expr) -> Result<()> {
        self.at(target, |unit| unit.store_here(target))
    }

    fn store_here(&mut self, target: &'a Expr) -> Result<()> {
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

    /// `del target`, from the target's source.
    pub(crate) fn delete(&mut self, target: &'a Expr) -> Result<()> {
        self.at(target, |unit| unit.delete_here(target))
    }

    fn delete_here(&mut self, target: &'a Expr) -> Result<()> {
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
}
