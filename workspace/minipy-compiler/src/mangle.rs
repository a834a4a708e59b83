//! Private names: inside a class, `__spam` means `_Class__spam`. CPython:
//! `_Py_Mangle` in `Python/compile.c`, applied by the symbol table and the
//! compiler alike.
//!
//! The rewrite runs on the tree before either pass, so both see the names
//! the program really binds. A name is mangled when it is used anywhere in
//! a class body or in a function nested in one (the innermost class
//! decides), starts with two underscores, does not end with two, and has no
//! dot; the class's name loses its leading underscores first, and a class
//! named only with underscores mangles nothing. What is rewritten is what
//! CPython's compiler mangles: variable names, attribute names, parameters,
//! `global` and `nonlocal` names, `import` names, `except ... as` names,
//! pattern captures, and the name a `def` or `class` statement binds — but
//! not a keyword argument of a call, and not the function's or class's own
//! `__name__` and `__qualname__`, which [`Mangled::original_name`] gives back.

use std::cell::RefCell;
use std::collections::HashMap;

use ruff_python_ast::visitor::transformer::{self, Transformer};
use ruff_python_ast::{self as ast, Expr, Identifier, Pattern, Stmt};

use crate::symtable::key_of;

/// What the rewrite leaves for the compiler.
#[derive(Debug, Default)]
pub struct Mangled {
    /// The `def` and `class` statements whose bound name was mangled, by
    /// node key: the name as written.
    originals: HashMap<u32, String>,
}

impl Mangled {
    /// The name a `def` or `class` statement (its node key) was written with.
    pub fn original_name(&self, key: u32) -> Option<&str> {
        self.originals.get(&key).map(String::as_str)
    }
}

/// `_Py_Mangle`: `name` as the class `private` sees it.
pub fn mangle(private: Option<&str>, name: &str) -> Option<String> {
    let class = private?.trim_start_matches('_');
    let mangles = name.starts_with("__") && !name.ends_with("__") && !name.contains('.');
    (mangles && !class.is_empty()).then(|| format!("_{class}{name}"))
}

/// Rewrites every private name of `body` (a module) in place.
pub fn mangle_private_names(body: &mut [Stmt]) -> Mangled {
    let rewriter = Rewriter::default();
    rewriter.visit_body(body);
    Mangled {
        originals: rewriter.originals.into_inner(),
    }
}

#[derive(Default)]
struct Rewriter {
    /// The innermost enclosing class's name, one entry per class entered.
    classes: RefCell<Vec<String>>,
    originals: RefCell<HashMap<u32, String>>,
}

impl Rewriter {
    fn rename(&self, identifier: &mut Identifier) {
        let classes = self.classes.borrow();
        if let Some(mangled) = mangle(classes.last().map(String::as_str), &identifier.id) {
            identifier.id = mangled.into();
        }
    }

    /// Renames what a `def` or `class` binds, remembering what it was.
    fn rename_definition(&self, key: u32, identifier: &mut Identifier) {
        let written = identifier.id.to_string();
        self.rename(identifier);
        if identifier.id != written.as_str() {
            self.originals.borrow_mut().insert(key, written);
        }
    }
}

impl Transformer for Rewriter {
    fn visit_stmt(&self, stmt: &mut Stmt) {
        match stmt {
            Stmt::ClassDef(class) => {
                // Decorators, bases and keywords belong to the enclosing
                // scope; the body is the class's own.
                let key = key_of(&*class);
                self.rename_definition(key, &mut class.name);
                for decorator in &mut class.decorator_list {
                    self.visit_decorator(decorator);
                }
                if let Some(arguments) = &mut class.arguments {
                    self.visit_arguments(arguments);
                }
                self.classes.borrow_mut().push(class.name.id.to_string());
                // The class's own name as written, not as its enclosing
                // class bound it, decides what its body mangles.
                if let Some(written) = self.originals.borrow().get(&key) {
                    *self.classes.borrow_mut().last_mut().unwrap() = written.clone();
                }
                self.visit_body(&mut class.body);
                self.classes.borrow_mut().pop();
            }
            Stmt::FunctionDef(def) => {
                let key = key_of(&*def);
                self.rename_definition(key, &mut def.name);
                transformer::walk_stmt(self, stmt);
            }
            Stmt::Global(ast::StmtGlobal { names, .. })
            | Stmt::Nonlocal(ast::StmtNonlocal { names, .. }) => {
                names.iter_mut().for_each(|name| self.rename(name));
            }
            _ => transformer::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&self, expr: &mut Expr) {
        match expr {
            Expr::Name(name) => {
                let classes = self.classes.borrow();
                if let Some(mangled) = mangle(classes.last().map(String::as_str), &name.id) {
                    name.id = mangled.into();
                }
            }
            Expr::Attribute(attribute) => self.rename(&mut attribute.attr),
            _ => {}
        }
        transformer::walk_expr(self, expr);
    }

    fn visit_parameter(&self, parameter: &mut ast::Parameter) {
        self.rename(&mut parameter.name);
        transformer::walk_parameter(self, parameter);
    }

    fn visit_alias(&self, alias: &mut ast::Alias) {
        self.rename(&mut alias.name);
        if let Some(asname) = &mut alias.asname {
            self.rename(asname);
        }
    }

    fn visit_except_handler(&self, handler: &mut ast::ExceptHandler) {
        let ast::ExceptHandler::ExceptHandler(handler) = handler;
        if let Some(name) = &mut handler.name {
            self.rename(name);
        }
        if let Some(type_) = &mut handler.type_ {
            self.visit_expr(type_);
        }
        self.visit_body(&mut handler.body);
    }

    fn visit_pattern(&self, pattern: &mut Pattern) {
        match pattern {
            Pattern::MatchAs(ast::PatternMatchAs {
                name: Some(name), ..
            })
            | Pattern::MatchStar(ast::PatternMatchStar {
                name: Some(name), ..
            })
            | Pattern::MatchMapping(ast::PatternMatchMapping {
                rest: Some(name), ..
            }) => self.rename(name),
            _ => {}
        }
        transformer::walk_pattern(self, pattern);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mangles_as_py_mangle_does() {
        assert_eq!(mangle(Some("C"), "__x").as_deref(), Some("_C__x"));
        assert_eq!(mangle(Some("__D"), "__q").as_deref(), Some("_D__q"));
        assert_eq!(mangle(Some("C"), "__init__"), None);
        assert_eq!(mangle(Some("C"), "_x"), None);
        assert_eq!(mangle(Some("C"), "__a.b"), None);
        assert_eq!(mangle(Some("___"), "__x"), None);
        assert_eq!(mangle(None, "__x"), None);
    }

    fn names_after(source: &str) -> String {
        let mut module = ruff_python_parser::parse_module(source)
            .unwrap()
            .into_syntax();
        let mangled = mangle_private_names(&mut module.body);
        let mut out = format!("{module:?}");
        out.push_str(&format!(
            "{:?}",
            mangled.originals.values().collect::<Vec<_>>()
        ));
        out
    }

    #[test]
    fn rewrites_inside_classes_only() {
        let out = names_after(
            "__top = 1\nclass C:\n    def __m(self, __p):\n        self.__a = __top\n        f(__k=1)\n",
        );
        for expected in [
            "\"__top\"",
            "\"_C__top\"",
            "\"_C__m\"",
            "\"_C__p\"",
            "\"_C__a\"",
            "\"__k\"",
        ] {
            assert!(out.contains(expected), "{expected} missing from {out}");
        }
        assert!(out.ends_with("[\"__m\"]"), "{out}");
    }
}
