//! Constant folding, as CPython 3.11's AST optimizer (`Python/ast_opt.c`)
//! does it before code is generated: which expressions become one constant
//! made when the module is loaded, and within which size limits.

use crate::bytecode::Const;
use ruff_python_ast::{self as ast, Expr};
use std::collections::HashMap;

/// The constant an expression folds into, as CPython 3.11's AST optimizer
/// (`Python/ast_opt.c`) folds it: a non-empty tuple of constants
/// (`(1, -2, "a", (None,))`), a negated or inverted number, arithmetic on
/// numbers (`10 ** 10`, `1 << 20`) and on strings (`"ab" * 3`), within the
/// optimizer's size limits, and an item of a constant (`"abc"[0]`). The result is made once, when the code is
/// loaded, and shared by every run, so it is counted like any literal.
pub(super) fn folded_constant(expr: &Expr) -> Option<Const> {
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
    pub(super) static FOLDED: std::cell::RefCell<HashMap<usize, Option<Const>>> = Default::default();
}

pub(super) fn fold_node(expr: &Expr) -> Option<Const> {
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
pub(super) fn same_constant(a: &Const, b: &Const) -> bool {
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
pub(super) const MAX_FOLDED_INT_BITS: u32 = 128;
pub(super) const MAX_FOLDED_STR_LEN: usize = 4096;
/// `MAX_COLLECTION_SIZE` in 3.11's `Python/ast_opt.c`: the longest tuple a
/// multiplication may fold into.
pub(super) const MAX_FOLDED_TUPLE_LEN: usize = 256;

/// One binary operation on two constants, or `None` where CPython leaves it
/// to run time: an error (division by zero), a result too large, or `%` on
/// a string (formatting). Ints stay within 64 bits here.
pub(super) fn fold_binary(op: ast::Operator, left: &Const, right: &Const) -> Option<Const> {
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
        (Const::Tuple(a), Const::Tuple(b)) if op == Op::Add => {
            Some(Const::Tuple(a.iter().chain(b.iter()).cloned().collect()))
        }
        (Const::Tuple(items), Const::Int(n)) | (Const::Int(n), Const::Tuple(items))
            if op == Op::Mult =>
        {
            // `safe_multiply`: at most MAX_COLLECTION_SIZE items.
            let n = usize::try_from(*n).ok().filter(|&n| n > 0)?;
            (items.len().saturating_mul(n) <= MAX_FOLDED_TUPLE_LEN).then(|| {
                Const::Tuple(
                    items
                        .iter()
                        .cycle()
                        .take(items.len() * n)
                        .cloned()
                        .collect(),
                )
            })
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
pub(super) fn is_constant(expr: &Expr) -> bool {
    folded_constant(expr).is_some() || is_folded_number(expr)
}

/// Arithmetic on number literals, which CPython folds too (`2**64`, `1+1`, `-(1)`).
pub(super) fn is_folded_number(expr: &Expr) -> bool {
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
