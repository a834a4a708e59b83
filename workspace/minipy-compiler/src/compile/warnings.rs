//! The `SyntaxWarning`s CPython 3.11's compiler prints before a program
//! runs (`"is" with a literal`), in the warnings module's format.

use super::*;
use crate::bytecode::Const;
use ruff_python_ast::{self as ast, Expr};

impl<'s, 'a> Unit<'s, 'a> {
    /// CPython 3.11's compiler warns when `is` or `is not` has a literal
    /// operand (anything it folds into a constant except `None`, `True`,
    /// `False` and `...`), at the first such operator of a comparison:
    /// identity with a literal depends on which objects the interpreter
    /// happens to share.
    pub(super) fn warn_about_is_with_a_literal(&mut self, compare: &ast::ExprCompare) {
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
