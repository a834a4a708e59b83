//! Special methods of user classes (`__add__`, `__getitem__`, `__iter__`,
//! ...) called by operators and built-ins.
//!
//! Serves the appendix on the interpreter. Each call here follows the
//! interpreter's reference rule: the method and its arguments are borrowed
//! by the caller and new references are lent to the call.

use ch01_objects::ObjRef;

use crate::bytecode::{BinaryOp, CompareOp};
use crate::vm::{PyResult, Vm};

/// The method names of a binary operator: `(normal, reflected)`.
pub(crate) fn binary_dunders(op: BinaryOp) -> (&'static str, &'static str) {
    match op {
        BinaryOp::Add => ("__add__", "__radd__"),
        BinaryOp::Sub => ("__sub__", "__rsub__"),
        BinaryOp::Mul => ("__mul__", "__rmul__"),
        BinaryOp::TrueDiv => ("__truediv__", "__rtruediv__"),
        BinaryOp::FloorDiv => ("__floordiv__", "__rfloordiv__"),
        BinaryOp::Mod => ("__mod__", "__rmod__"),
        BinaryOp::Pow => ("__pow__", "__rpow__"),
        BinaryOp::And => ("__and__", "__rand__"),
        BinaryOp::Or => ("__or__", "__ror__"),
        BinaryOp::Xor => ("__xor__", "__rxor__"),
        BinaryOp::LShift => ("__lshift__", "__rlshift__"),
        BinaryOp::RShift => ("__rshift__", "__rrshift__"),
    }
}

/// The method of a rich comparison and the reflected one (`a < b` is `b > a`).
pub(crate) fn compare_dunders(op: CompareOp) -> Option<(&'static str, &'static str)> {
    Some(match op {
        CompareOp::Lt => ("__lt__", "__gt__"),
        CompareOp::Le => ("__le__", "__ge__"),
        CompareOp::Gt => ("__gt__", "__lt__"),
        CompareOp::Ge => ("__ge__", "__le__"),
        CompareOp::Eq => ("__eq__", "__eq__"),
        CompareOp::Ne => ("__ne__", "__ne__"),
        _ => return None,
    })
}

impl Vm {
    /// Calls `object.name(*args)` if `object` is an instance whose class
    /// defines `name`; `None` otherwise. Arguments are borrowed.
    pub(crate) fn call_special(
        &mut self,
        object: ObjRef,
        name: &str,
        args: &[ObjRef],
    ) -> Option<PyResult<ObjRef>> {
        let class = self.class_of_instance(object)?;
        let method = self.lookup_in_class(class, name)?;
        self.incref(method);
        self.incref(object);
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(object);
        for &arg in args {
            self.incref(arg);
            all.push(arg);
        }
        let result = self.call(method, all, None);
        self.decref(method);
        Some(result)
    }

    /// True if the call's result is the `NotImplemented` marker.
    fn is_not_implemented(&self, r: ObjRef) -> bool {
        self.not_implemented() == r
    }

    /// `left op right` through `__op__` / `__rop__`, if either operand is an
    /// instance that defines them. `None` means neither applies.
    pub(crate) fn binary_dunder(
        &mut self,
        op: BinaryOp,
        left: ObjRef,
        right: ObjRef,
    ) -> Option<PyResult<ObjRef>> {
        let (normal, reflected) = binary_dunders(op);
        self.dunder_pair(left, right, normal, reflected)
    }

    /// A rich comparison through the instance's methods.
    pub(crate) fn compare_dunder(
        &mut self,
        op: CompareOp,
        left: ObjRef,
        right: ObjRef,
    ) -> Option<PyResult<ObjRef>> {
        let (normal, reflected) = compare_dunders(op)?;
        self.dunder_pair(left, right, normal, reflected)
    }

    fn dunder_pair(
        &mut self,
        left: ObjRef,
        right: ObjRef,
        normal: &str,
        reflected: &str,
    ) -> Option<PyResult<ObjRef>> {
        let mut tried = false;
        if let Some(result) = self.call_special(left, normal, &[right]) {
            tried = true;
            match result {
                Ok(value) if self.is_not_implemented(value) => self.decref(value),
                other => return Some(other),
            }
        }
        if let Some(result) = self.call_special(right, reflected, &[left]) {
            tried = true;
            match result {
                Ok(value) if self.is_not_implemented(value) => self.decref(value),
                other => return Some(other),
            }
        }
        // Both declined (or neither exists): the caller falls back to the
        // built-in behaviour (identity for `==`, a `TypeError` otherwise).
        let _ = tried;
        None
    }
}

/// A singleton such as `NotImplemented` or `Ellipsis`. CPython: `NotImplementedType`, `ellipsis`.
#[derive(Debug)]
pub struct Marker {
    /// Its repr.
    pub name: &'static str,
    /// Its type's name.
    pub type_name: &'static str,
}

impl ch01_objects::NativeObject for Marker {
    fn type_name(&self) -> &str {
        self.type_name
    }
    fn visit_refs(&self, _visit: &mut dyn FnMut(ObjRef)) {}
    fn take_refs(&mut self, _out: &mut Vec<ObjRef>) {}
    fn is_gc(&self) -> bool {
        // Static objects in CPython, which the collector never sees.
        false
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}
