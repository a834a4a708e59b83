//! The `slice` type: `slice(stop)`, `slice(start, stop[, step])`, its
//! `start`, `stop` and `step`, `indices(len)`, its repr and comparisons.
//! CPython: `Objects/sliceobject.c`.
//!
//! `a[1:5:2]` builds the same object (`BUILD_SLICE`) and hands it to the
//! container, so a class's `__getitem__` receives `slice(1, 5, 2)`. A slice
//! holds its three parts (any objects, `None` for a missing one) and, as in
//! 3.11, cannot be hashed: it compares as the tuple of its parts, and is
//! mutable-looking enough that CPython never made it a dict key.

use ch01_objects::ObjRef;

use crate::types::exceptions::ExcKind;
use crate::types::native::Slice;
use crate::vm::{PyResult, Vm};

impl Vm {
    /// `slice(...)` called with `args` (borrowed).
    pub(crate) fn new_slice(&mut self, args: &[ObjRef]) -> PyResult<ObjRef> {
        let none = self.none();
        let parts = match *args {
            [stop] => [none, stop, none],
            [start, stop] => [start, stop, none],
            [start, stop, step] => [start, stop, step],
            [] => {
                return Err(self.error(
                    ExcKind::TypeError,
                    "slice expected at least 1 argument, got 0".into(),
                ));
            }
            _ => {
                let message = format!("slice expected at most 3 arguments, got {}", args.len());
                return Err(self.error(ExcKind::TypeError, message));
            }
        };
        for part in parts {
            self.incref(part);
        }
        Ok(self.new_native(Slice { parts }))
    }

    /// The three parts of `r`, if it is a slice (borrowed).
    pub(crate) fn slice_parts(&self, r: ObjRef) -> Option<[ObjRef; 3]> {
        self.native::<Slice>(r).map(|s| s.parts)
    }

    /// `start`, `stop` and `step`; `None` for any other object or name.
    pub(crate) fn slice_attr(&mut self, object: ObjRef, name: &str) -> Option<ObjRef> {
        let parts = self.slice_parts(object)?;
        let part = match name {
            "start" => parts[0],
            "stop" => parts[1],
            "step" => parts[2],
            _ => return None,
        };
        Some(self.new_ref(part))
    }

    /// `slice.indices(len)`: the tuple `(start, stop, step)` the slice
    /// selects in a sequence of `len` items.
    pub(crate) fn slice_indices_method(&mut self, slice: ObjRef, len: ObjRef) -> PyResult<ObjRef> {
        let Some(len) = self.index_value(len)? else {
            let name = self.type_name(len);
            return Err(self.error(
                ExcKind::TypeError,
                format!("'{name}' object cannot be interpreted as an integer"),
            ));
        };
        if len < 0 {
            return Err(self.error(ExcKind::ValueError, "length should not be negative".into()));
        }
        let (start, stop, step) = self.slice_bounds(slice, len as usize)?;
        let items = vec![self.new_int(start), self.new_int(stop), self.new_int(step)];
        Ok(self.alloc(ch01_objects::Payload::Tuple(items.into())))
    }

    /// `repr(slice)`: `slice(1, 5, None)`, each part by its repr.
    pub(crate) fn slice_repr(&mut self, slice: ObjRef, depth: usize) -> Option<PyResult<String>> {
        let parts = self.slice_parts(slice)?;
        let mut shown = vec![];
        for part in parts {
            match self.repr_at_depth(part, depth + 1) {
                Ok(text) => shown.push(text),
                Err(err) => return Some(Err(err)),
            }
        }
        Some(Ok(format!("slice({})", shown.join(", "))))
    }
}
