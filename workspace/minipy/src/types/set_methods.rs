//! Set algebra (`|`, `&`, `-`, `^`, their in-place forms, subset
//! comparisons) and the methods of `set` and `frozenset`.

use ch01_objects::{ObjRef, Payload};

use crate::types::exceptions::ExcKind;
use crate::types::sets::Set;
use crate::vm::{PyResult, Vm};

use crate::bytecode::{BinaryOp, CompareOp};
use crate::types::builtin_fn::BuiltinFn;

impl Vm {
    /// The items of a set, borrowed (in slot order).
    fn set_items(&self, r: ObjRef) -> Vec<ObjRef> {
        self.set_ref(r).map(Set::objects).unwrap_or_default()
    }

    /// A new set of the same kind as `like` holding `items` (borrowed).
    fn set_of(&mut self, like: ObjRef, items: &[ObjRef]) -> PyResult<ObjRef> {
        let frozen = self.set_ref(like).is_some_and(|s| s.frozen);
        let set = self.new_set(frozen);
        for &item in items {
            if let Err(err) = self.set_add(set, item) {
                self.decref(set);
                return Err(err);
            }
        }
        Ok(set)
    }

    /// The items of `a` that are (`keep_common`) or are not in `b`.
    fn filter_by_membership(
        &mut self,
        a: ObjRef,
        b: ObjRef,
        keep_common: bool,
    ) -> PyResult<Vec<ObjRef>> {
        let mut kept = vec![];
        for item in self.set_items(a) {
            if self.set_contains(b, item)? == keep_common {
                kept.push(item);
            }
        }
        Ok(kept)
    }

    /// `a | b`, `a & b`, `a - b`, `a ^ b` on sets; `None` if an operand is not a set.
    pub(crate) fn set_operator(
        &mut self,
        op: BinaryOp,
        a: ObjRef,
        b: ObjRef,
    ) -> Option<PyResult<ObjRef>> {
        let is_view = |vm: &Vm, r: ObjRef| {
            vm.dict_view(r)
                .is_some_and(|(_, kind)| kind != crate::types::views::ViewKind::Values)
        };
        let set_ops = matches!(
            op,
            BinaryOp::Or | BinaryOp::And | BinaryOp::Sub | BinaryOp::Xor
        );
        if set_ops && (is_view(self, a) || is_view(self, b)) {
            // A dict's keys and items views are sets for these operators:
            // the result is a set (CPython: `dictviews_and`, ...).
            let as_set = |vm: &mut Vm, r: ObjRef| vm.set_from_iterable(r, false);
            let left = match as_set(self, a) {
                Ok(set) => set,
                Err(err) => return Some(Err(err)),
            };
            let right = match as_set(self, b) {
                Ok(set) => set,
                Err(err) => {
                    self.decref(left);
                    return Some(Err(err));
                }
            };
            let result = self.set_operator(op, left, right);
            self.decref_all([left, right]);
            return result;
        }
        if self.set_ref(a).is_none() || self.set_ref(b).is_none() {
            return None;
        }
        if op == BinaryOp::Or {
            // A copy of `a`, then `b` merged in, each merge making room for
            // what comes first (CPython 3.11's `set_or` and `set_merge`).
            let frozen = self.set_ref(a).is_some_and(|s| s.frozen);
            let union = self.new_set(frozen);
            for part in [a, b] {
                let items = self.set_items(part);
                if let Some(table) = self.native_mut::<Set>(union) {
                    table.presize(items.len());
                }
                for item in items {
                    if let Err(err) = self.set_add(union, item) {
                        self.decref(union);
                        return Some(Err(err));
                    }
                }
            }
            return Some(Ok(union));
        }
        let items = match op {
            BinaryOp::And => self.filter_by_membership(a, b, true),
            BinaryOp::Sub => self.filter_by_membership(a, b, false),
            BinaryOp::Xor => self.filter_by_membership(a, b, false).and_then(|mut left| {
                left.extend(self.filter_by_membership(b, a, false)?);
                Ok(left)
            }),
            _ => return None,
        };
        Some(items.and_then(|items| self.set_of(a, &items)))
    }

    /// `a |= b`, `a &= b`, `a -= b`, `a ^= b`: changes the set `a` in place,
    /// keeping the slots of the keys that stay. False for other operators.
    pub(crate) fn set_in_place(&mut self, op: BinaryOp, a: ObjRef, b: ObjRef) -> PyResult<bool> {
        match op {
            BinaryOp::Or => {
                let items = self.set_items(b);
                if let Some(table) = self.native_mut::<Set>(a) {
                    table.presize(items.len());
                }
                for item in items {
                    self.set_add(a, item)?;
                }
            }
            BinaryOp::And => {
                for item in self.filter_by_membership(a, b, false)? {
                    self.set_discard(a, item)?;
                }
            }
            BinaryOp::Sub => {
                for item in self.set_items(b) {
                    self.set_discard(a, item)?;
                }
            }
            BinaryOp::Xor => {
                for item in self.set_items(b) {
                    if !self.set_discard(a, item)? {
                        self.set_add(a, item)?;
                    }
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// `a <= b` (subset) and friends on sets.
    pub(crate) fn set_compare(
        &mut self,
        op: CompareOp,
        a: ObjRef,
        b: ObjRef,
    ) -> Option<PyResult<bool>> {
        let (la, lb) = (self.set_ref(a)?.len(), self.set_ref(b)?.len());
        let result = (|| -> PyResult<bool> {
            Ok(match op {
                CompareOp::Le => self.is_subset(a, b)?,
                CompareOp::Lt => la < lb && self.is_subset(a, b)?,
                CompareOp::Ge => self.is_subset(b, a)?,
                CompareOp::Gt => la > lb && self.is_subset(b, a)?,
                _ => false,
            })
        })();
        Some(result)
    }

    fn is_subset(&mut self, a: ObjRef, b: ObjRef) -> PyResult<bool> {
        Ok(self.filter_by_membership(a, b, false)?.is_empty())
    }

    /// `a == b` for two sets.
    pub(crate) fn sets_equal(&mut self, a: ObjRef, b: ObjRef) -> PyResult<bool> {
        let same_len = self.set_ref(a).map(Set::len) == self.set_ref(b).map(Set::len);
        Ok(same_len && self.is_subset(a, b)?)
    }

    /// `repr(set)`: `{1, 2}`, `set()`, `frozenset({1})`.
    pub(crate) fn set_repr(&mut self, r: ObjRef, depth: usize) -> PyResult<String> {
        let frozen = self.set_ref(r).is_some_and(|s| s.frozen);
        let mut parts = vec![];
        for item in self.set_items(r) {
            parts.push(self.repr_at_depth(item, depth + 1)?);
        }
        Ok(match (frozen, parts.is_empty()) {
            (false, true) => "set()".into(),
            (true, true) => "frozenset()".into(),
            (false, false) => format!("{{{}}}", parts.join(", ")),
            (true, false) => format!("frozenset({{{}}})", parts.join(", ")),
        })
    }

    /// The methods of `set` and `frozenset`; `args[0]` is the receiver.
    pub(crate) fn set_method(&mut self, function: BuiltinFn, args: &[ObjRef]) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        let receiver = args[0];
        let rest = &args[1..];
        let frozen = self.set_ref(receiver).is_some_and(|s| s.frozen);
        let mutating = matches!(
            function,
            F::SetAdd
                | F::SetDiscard
                | F::SetRemove
                | F::SetPop
                | F::SetClear
                | F::SetUpdate
                | F::SetDifferenceUpdate
                | F::SetIntersectionUpdate
                | F::SetSymmetricDifferenceUpdate
        );
        if frozen && mutating {
            return Err(self.error(
                ExcKind::AttributeError,
                format!("'frozenset' object has no attribute '{}'", function.name()),
            ));
        }
        let first = |vm: &mut Vm| -> PyResult<ObjRef> {
            rest.first().copied().ok_or_else(|| {
                vm.error(
                    ExcKind::TypeError,
                    format!("{}() takes exactly one argument (0 given)", function.name()),
                )
            })
        };
        match function {
            F::SetAdd => {
                let item = first(self)?;
                self.set_add(receiver, item)?;
                Ok(self.none())
            }
            F::SetDiscard | F::SetRemove => {
                let item = first(self)?;
                if !self.set_discard(receiver, item)? && function == F::SetRemove {
                    return Err(self.key_error(item));
                }
                Ok(self.none())
            }
            F::SetPop => match self.native_mut::<Set>(receiver).and_then(Set::pop_first) {
                Some(item) => Ok(item),
                None => Err(self.error(ExcKind::KeyError, "pop from an empty set".into())),
            },
            F::SetClear => {
                let items = self
                    .native_mut::<Set>(receiver)
                    .map(Set::clear)
                    .unwrap_or_default();
                self.decref_all(items);
                Ok(self.none())
            }
            // A frozenset's copy is itself (`frozenset_copy`).
            F::SetCopy if self.set_ref(receiver).is_some_and(|set| set.frozen) => {
                self.incref(receiver);
                Ok(receiver)
            }
            F::SetCopy => {
                let items = self.set_items(receiver);
                self.set_of(receiver, &items)
            }
            F::SetUpdate => {
                for &other in rest {
                    let items = self.collect_items(other)?;
                    // A set or a dict merged in makes room first
                    // (`set_update_internal`).
                    if (self.set_ref(other).is_some()
                        || matches!(self.payload(other), Payload::Dict(_)))
                        && let Some(table) = self.native_mut::<Set>(receiver)
                    {
                        table.presize(items.len());
                    }
                    for &item in &items {
                        if let Err(err) = self.set_add(receiver, item) {
                            self.decref_all(items);
                            return Err(err);
                        }
                    }
                    self.decref_all(items);
                }
                Ok(self.none())
            }
            F::SetDifferenceUpdate | F::SetIntersectionUpdate | F::SetSymmetricDifferenceUpdate => {
                let op = match function {
                    F::SetDifferenceUpdate => BinaryOp::Sub,
                    F::SetIntersectionUpdate => BinaryOp::And,
                    _ => BinaryOp::Xor,
                };
                for &other in rest {
                    let other = if self.set_ref(other).is_some() {
                        self.incref(other);
                        other
                    } else {
                        self.set_from_iterable(other, false)?
                    };
                    let result = self.set_in_place(op, receiver, other);
                    self.decref(other);
                    result?;
                }
                Ok(self.none())
            }
            F::SetUnion | F::SetIntersection | F::SetDifference if rest.len() != 1 => {
                // Any number of others, one after the other (none: a copy).
                let items = self.set_items(receiver);
                let mut result = self.set_of(receiver, &items)?;
                for &other in rest {
                    let other = if self.set_ref(other).is_some() {
                        self.incref(other);
                        other
                    } else {
                        match self.set_from_iterable(other, false) {
                            Ok(set) => set,
                            Err(err) => {
                                self.decref(result);
                                return Err(err);
                            }
                        }
                    };
                    let next = self.set_binary_method(function, result, other);
                    self.decref(other);
                    self.decref(result);
                    result = next?;
                }
                Ok(result)
            }
            F::SetUnion
            | F::SetIntersection
            | F::SetDifference
            | F::SetSymmetricDifference
            | F::SetIssubset
            | F::SetIssuperset
            | F::SetIsdisjoint => {
                let other = first(self)?;
                let other = if self.set_ref(other).is_some() {
                    self.incref(other);
                    other
                } else {
                    self.set_from_iterable(other, false)?
                };
                let result = self.set_binary_method(function, receiver, other);
                self.decref(other);
                result
            }
            _ => Err(self.error(
                ExcKind::SystemError,
                format!("unknown set method {}", function.name()),
            )),
        }
    }

    fn set_binary_method(
        &mut self,
        function: BuiltinFn,
        receiver: ObjRef,
        other: ObjRef,
    ) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        let op = match function {
            F::SetUnion => BinaryOp::Or,
            F::SetIntersection => BinaryOp::And,
            F::SetDifference => BinaryOp::Sub,
            F::SetSymmetricDifference => BinaryOp::Xor,
            F::SetIssubset => {
                let result = self.is_subset(receiver, other)?;
                return Ok(self.new_bool(result));
            }
            F::SetIssuperset => {
                let result = self.is_subset(other, receiver)?;
                return Ok(self.new_bool(result));
            }
            _ => {
                let common = self.filter_by_membership(receiver, other, true)?;
                return Ok(self.new_bool(common.is_empty()));
            }
        };
        match self.set_operator(op, receiver, other) {
            Some(result) => result,
            None => Err(self.not_a_set(other)),
        }
    }
}
