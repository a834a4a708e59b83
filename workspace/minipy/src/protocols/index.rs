//! `__index__`: an object that stands for an int where only an int will
//! do — a sequence index, a slice bound, `range()`, `bin`/`hex`/`oct` —
//! and the fallbacks of `int()` and `float()` (`__int__`, `__index__`,
//! `__trunc__`; `__float__`, `__index__`). CPython: `PyNumber_Index` and
//! `PyNumber_Long` / `PyNumber_Float` in `Objects/abstract.c`.

use ch01_objects::{ObjRef, Payload};

use crate::types::exceptions::ExcKind;
use crate::vm::{PyResult, Vm};

impl Vm {
    /// `operator.index(r)`: a new reference to an int (`r` itself if it is
    /// one), or `None` if `r` has no `__index__` (each caller has its own
    /// message for that). CPython: `PyNumber_Index`.
    pub(crate) fn index_object(&mut self, r: ObjRef) -> PyResult<Option<ObjRef>> {
        if self.is_exact_int(r) {
            return Ok(Some(self.new_ref(r)));
        }
        self.int_from_special(r, "__index__")
    }

    /// [`Vm::index_object`] as an `i64`; an int too large for one is an
    /// `IndexError`, as CPython's `PyNumber_AsSsize_t` with `IndexError`.
    pub(crate) fn index_value(&mut self, r: ObjRef) -> PyResult<Option<i64>> {
        let Some(int) = self.index_object(r)? else {
            return Ok(None);
        };
        let value = match self.payload(int) {
            Payload::Int(n) => Some(*n),
            Payload::Bool(b) => Some(i64::from(*b)),
            _ => None,
        };
        self.decref(int);
        match value {
            Some(n) => Ok(Some(n)),
            None => {
                let name = self.type_name(r);
                Err(self.error(
                    ExcKind::IndexError,
                    format!("cannot fit '{name}' into an index-sized integer"),
                ))
            }
        }
    }

    /// Calls `r.name()` if `r`'s class defines it; its result must be an
    /// int: `TypeError: __index__ returned non-int (type str)` otherwise.
    pub(crate) fn int_from_special(&mut self, r: ObjRef, name: &str) -> PyResult<Option<ObjRef>> {
        let Some(result) = self.call_special(r, name, &[]) else {
            return Ok(None);
        };
        let value = result?;
        if self.is_exact_int(value) {
            return Ok(Some(value));
        }
        let type_name = self.type_name(value);
        self.decref(value);
        Err(self.error(
            ExcKind::TypeError,
            format!("{name} returned non-int (type {type_name})"),
        ))
    }

    /// Calls `r.__float__()` if `r`'s class defines it; its result must be a float.
    pub(crate) fn float_from_special(&mut self, r: ObjRef) -> PyResult<Option<f64>> {
        let Some(result) = self.call_special(r, "__float__", &[]) else {
            return Ok(None);
        };
        let value = result?;
        let x = match self.payload(value) {
            Payload::Float(x) => Some(*x),
            _ => None,
        };
        let (class, returned) = (self.type_name(r), self.type_name(value));
        self.decref(value);
        match x {
            Some(x) => Ok(Some(x)),
            None => Err(self.error(
                ExcKind::TypeError,
                format!("{class}.__float__ returned non-float (type {returned})"),
            )),
        }
    }

    /// True for an int, a bool or a big int (what `__index__` must return).
    fn is_exact_int(&self, r: ObjRef) -> bool {
        matches!(self.payload(r), Payload::Int(_) | Payload::Bool(_)) || self.is_big_int(r)
    }
}
