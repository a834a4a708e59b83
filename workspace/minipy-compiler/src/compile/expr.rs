//! Expressions: operators, calls (with `LOAD_METHOD` where CPython 3.11
//! uses it), comprehensions as functions of their own, f-strings, displays.
//! CPython: `compiler_visit_expr` and its helpers.

use super::*;
use crate::bytecode::{CodeKind, Const, Instr, UnaryOp};
use crate::symtable::{CLASS_CELL, key_of};
use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

impl<'s, 'a> Unit<'s, 'a> {
    pub(crate) fn exprs(&mut self, exprs: &'a [Expr]) -> Result<()> {
        exprs.iter().try_for_each(|e| self.expr(e))
    }

    pub(crate) fn subscript_key(&mut self, key: &'a Expr) -> Result<()> {
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
            // `a[1:2, 3]`: a tuple whose items may be slices (NumPy's indexing).
            Expr::Tuple(tuple) if tuple.elts.iter().any(|e| matches!(e, Expr::Slice(_))) => {
                for item in &tuple.elts {
                    self.subscript_key(item)?;
                }
                self.emit(Instr::BuildTuple(tuple.elts.len() as u32));
                Ok(())
            }
            other => self.expr(other),
        }
    }

    /// Compiles an expression; its instructions come from its source.
    pub(crate) fn expr(&mut self, expr: &'a Expr) -> Result<()> {
        self.at(expr, |unit| unit.expr_here(expr))
    }

    fn expr_here(&mut self, expr: &'a Expr) -> Result<()> {
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
            Expr::BytesLiteral(b) => {
                let data: Vec<u8> = b.value.bytes().collect();
                self.load_const(Const::Bytes(data.into()))
            }
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

    pub(crate) fn lambda_without_parameters(&mut self, lambda: &'a ast::ExprLambda) -> Result<()> {
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
    pub(crate) fn comprehension(
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
    pub(crate) fn yield_from(&mut self, yield_from: &'a ast::ExprYieldFrom) -> Result<()> {
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
    pub(crate) fn starred_sequence(&mut self, elts: &'a [Expr]) -> Result<bool> {
        if !elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
            return Ok(false);
        }
        // The items before the first star make the list, as CPython's
        // `starunpack_helper` makes it; the rest extend it or are appended.
        let leading = elts
            .iter()
            .take_while(|elt| !matches!(elt, Expr::Starred(_)))
            .count();
        self.exprs(&elts[..leading])?;
        self.emit(Instr::BuildList(leading as u32));
        for elt in &elts[leading..] {
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
    pub(crate) fn dict_display(&mut self, dict: &'a ast::ExprDict) -> Result<()> {
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

    pub(crate) fn compare(&mut self, compare: &'a ast::ExprCompare) -> Result<()> {
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

    pub(crate) fn call(&mut self, call: &'a ast::ExprCall) -> Result<()> {
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
        if self.is_bare_dir_call(call) {
            // `dir()`: the sorted names of the running scope.
            self.load_name("sorted");
            self.emit(Instr::BuildLocals);
            self.emit(Instr::Call(1));
            return Ok(());
        }
        let positional = call.arguments.args.len() as u32;
        let keywords: Vec<&ast::Keyword> = call.arguments.keywords.iter().collect();
        let method = match &*call.func {
            Expr::Attribute(attr) if keywords.is_empty() => {
                self.expr(&attr.value)?;
                let name = self.name(&attr.attr.id);
                // A failing lookup points at `obj.name`, not the whole call.
                self.at(attr, |unit| unit.emit(Instr::LoadMethod(name)));
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
        // Keyword arguments follow the positional ones, named by a constant
        // tuple on top (CPython 3.11: `KW_NAMES`): no dict is made for them.
        let mut names = Vec::with_capacity(keywords.len());
        for keyword in &keywords {
            let name = keyword
                .arg
                .as_ref()
                .map(|a| a.id.to_string())
                .unwrap_or_default();
            names.push(Const::Str(name.into()));
            self.expr(&keyword.value)?;
        }
        self.load_const(Const::Tuple(names.into()));
        self.emit(Instr::CallKw(positional + keywords.len() as u32));
        Ok(())
    }

    /// `f(*args, **kwargs)`: a tuple of positional arguments and a dict of
    /// keyword arguments, then one `CallEx`, made as CPython 3.11's
    /// `compiler_call_helper` makes them: a lone `*args` is passed as it is
    /// (the call makes a tuple of it unless it is one), positional
    /// arguments without a star make a tuple, others a list turned into
    /// one; each run of named keywords makes one dict, merged with the
    /// `**` mappings around it.
    pub(crate) fn call_with_unpacking(&mut self, call: &'a ast::ExprCall) -> Result<()> {
        self.expr(&call.func)?;
        let args = &call.arguments.args;
        match &args[..] {
            [Expr::Starred(starred)] => self.expr(&starred.value)?,
            _ if !args.iter().any(|arg| matches!(arg, Expr::Starred(_))) => {
                // All constants: one constant tuple, as `starunpack_helper` folds it.
                match args.iter().map(folded_constant).collect::<Option<Vec<_>>>() {
                    Some(items) if !items.is_empty() => {
                        self.load_const(Const::Tuple(items.into()));
                    }
                    _ => {
                        self.exprs(args)?;
                        self.emit(Instr::BuildTuple(args.len() as u32));
                    }
                }
            }
            _ => {
                self.starred_sequence(args)?;
                self.emit(Instr::ListToTuple);
            }
        }
        let keywords = &call.arguments.keywords;
        let mut have_dict = false;
        let mut run: Vec<&'a ast::Keyword> = vec![];
        for keyword in keywords.iter() {
            if keyword.arg.is_some() {
                run.push(keyword);
                continue;
            }
            if !run.is_empty() {
                self.keyword_run(&run, have_dict)?;
                run.clear();
                have_dict = true;
            }
            if !have_dict {
                self.emit(Instr::BuildDict(0));
                have_dict = true;
            }
            self.expr(&keyword.value)?;
            self.emit(Instr::DictMerge {
                depth: 1,
                call: true,
            });
        }
        if !run.is_empty() {
            self.keyword_run(&run, have_dict)?;
        }
        self.emit(Instr::CallEx {
            kwargs: !keywords.is_empty(),
        });
        Ok(())
    }

    /// A run of named keywords in a call with unpacking: one dict, merged
    /// into the one before it if there is one.
    fn keyword_run(&mut self, run: &[&'a ast::Keyword], merge: bool) -> Result<()> {
        for keyword in run {
            let name = keyword
                .arg
                .as_ref()
                .map(|a| a.id.as_str())
                .unwrap_or_default();
            self.load_const(Const::Str(name.into()));
            self.expr(&keyword.value)?;
        }
        self.emit(Instr::BuildDict(run.len() as u32));
        if merge {
            self.emit(Instr::DictMerge {
                depth: 1,
                call: true,
            });
        }
        Ok(())
    }

    /// `super()` inside a method: the compiler supplies the class (from the
    /// `__class__` cell) and the first argument, as CPython's `super()` finds them.
    pub(crate) fn is_zero_argument_super(&self, call: &ast::ExprCall) -> bool {
        matches!(&*call.func, Expr::Name(name) if name.id.as_str() == "super")
            && call.arguments.args.is_empty()
            && call.arguments.keywords.is_empty()
            && self.kind == CodeKind::Function
            && self.cell_index(CLASS_CELL).is_some()
    }

    /// `locals()` or `vars()` with no arguments, the built-in not shadowed.
    pub(crate) fn is_locals_call(&self, call: &ast::ExprCall) -> bool {
        matches!(&*call.func, Expr::Name(name)
            if matches!(name.id.as_str(), "locals" | "vars")
                && !self.scope.is_local(name.id.as_str())
                && self.cell_index(name.id.as_str()).is_none())
            && call.arguments.args.is_empty()
            && call.arguments.keywords.is_empty()
    }

    /// `dir()` with no arguments, the built-in not shadowed.
    pub(crate) fn is_bare_dir_call(&self, call: &ast::ExprCall) -> bool {
        matches!(&*call.func, Expr::Name(name)
            if name.id.as_str() == "dir"
                && !self.scope.is_local(name.id.as_str())
                && self.cell_index("dir").is_none())
            && call.arguments.args.is_empty()
            && call.arguments.keywords.is_empty()
    }

    pub(crate) fn zero_argument_super(&mut self) -> Result<()> {
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

    pub(crate) fn fstring(&mut self, fstring: &'a ast::ExprFString) -> Result<()> {
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

    pub(crate) fn fstring_elements(
        &mut self,
        elements: &'a ast::InterpolatedStringElements,
    ) -> Result<u32> {
        let mut parts = 0;
        for element in elements.iter() {
            match element {
                ast::InterpolatedStringElement::Literal(literal) => {
                    self.load_const(Const::Str(literal.value.as_ref().into()));
                }
                ast::InterpolatedStringElement::Interpolation(interpolation) => {
                    let mut conversion = match interpolation.conversion {
                        ast::ConversionFlag::None => 0,
                        ast::ConversionFlag::Str => 1,
                        ast::ConversionFlag::Repr => 2,
                        ast::ConversionFlag::Ascii => 3,
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
                            conversion = 2;
                        }
                    }
                    self.expr(&interpolation.expression)?;
                    if let Some(spec) = &interpolation.format_spec {
                        let count = self.fstring_elements(&spec.elements)?;
                        if count != 1 {
                            self.emit(Instr::BuildString(count));
                        }
                        conversion |= 4;
                    }
                    self.emit(Instr::FormatValue(conversion));
                }
            }
            parts += 1;
        }
        Ok(parts)
    }

    pub(crate) fn source_of(&self, node: &impl Ranged) -> &'s str {
        let range = node.range();
        self.shared
            .source
            .get(range.start().to_usize()..range.end().to_usize())
            .unwrap_or_default()
    }
}
