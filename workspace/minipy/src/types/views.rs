//! Dict views: `d.keys()`, `d.values()`, `d.items()` are live windows onto
//! the dict, not copies.
//!
//! Serves chapter 3: a view holds one reference to its dict (so the dict
//! outlives it), allocates nothing per item until it is iterated, and sees
//! every later change to the dict; `items()` makes each `(key, value)` tuple
//! only when the loop asks for it.

use std::any::Any;

use ch01_objects::{NativeObject, ObjRef, Payload};

use crate::types::native::{IterKind, SeqIter};
use crate::vm::{PyResult, Vm};

/// Which view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewKind {
    /// `dict.keys()`.
    Keys,
    /// `dict.values()`.
    Values,
    /// `dict.items()`.
    Items,
}

/// A dict view. CPython: `dict_keys`, `dict_values`, `dict_items`.
#[derive(Debug)]
pub struct DictView {
    /// The dict it shows.
    pub dict: ObjRef,
    /// Keys, values or items.
    pub kind: ViewKind,
}

impl NativeObject for DictView {
    fn type_name(&self) -> &str {
        match self.kind {
            ViewKind::Keys => "dict_keys",
            ViewKind::Values => "dict_values",
            ViewKind::Items => "dict_items",
        }
    }
    fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        self.dict.held().into_iter().for_each(visit);
    }
    fn take_refs(&mut self, out: &mut Vec<ObjRef>) {
        self.dict.take_into(out);
    }
    fn size(&self) -> usize {
        40
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

impl Vm {
    /// A view of `dict` (borrowed).
    pub(crate) fn new_dict_view(&mut self, dict: ObjRef, kind: ViewKind) -> ObjRef {
        self.incref(dict);
        self.new_native(DictView { dict, kind })
    }

    /// The view's dict and kind, if `r` is a view.
    pub(crate) fn dict_view(&self, r: ObjRef) -> Option<(ObjRef, ViewKind)> {
        self.native::<DictView>(r).map(|v| (v.dict, v.kind))
    }

    /// `iter(view)`: an iterator over the dict that checks its size.
    pub(crate) fn dict_view_iter(&mut self, dict: ObjRef, kind: ViewKind) -> ObjRef {
        let expected_len = match self.payload(dict) {
            Payload::Dict(d) => Some(d.len()),
            _ => None,
        };
        self.incref(dict);
        let result = (kind == ViewKind::Items).then(|| {
            let nones = vec![self.singletons.none; 2];
            self.new_tuple_of(nones)
        });
        self.new_native(SeqIter {
            seq: Some(dict),
            kind: match kind {
                ViewKind::Keys => IterKind::DictKeys,
                ViewKind::Values => IterKind::DictValues,
                ViewKind::Items => IterKind::DictItems,
            },
            index: 0,
            expected_len,
            result,
        })
    }

    /// `repr(view)`: `dict_items([('a', 1)])`.
    pub(crate) fn dict_view_repr(&mut self, view: ObjRef, depth: usize) -> PyResult<String> {
        let Some((dict, kind)) = self.dict_view(view) else {
            return Ok(String::new());
        };
        let entries: Vec<(ObjRef, ObjRef)> = match self.payload(dict) {
            Payload::Dict(d) => d.iter().collect(),
            _ => vec![],
        };
        let mut parts = vec![];
        for (key, value) in entries {
            parts.push(match kind {
                ViewKind::Keys => self.repr_at_depth(key, depth + 1)?,
                ViewKind::Values => self.repr_at_depth(value, depth + 1)?,
                ViewKind::Items => format!(
                    "({}, {})",
                    self.repr_at_depth(key, depth + 1)?,
                    self.repr_at_depth(value, depth + 1)?
                ),
            });
        }
        let name = self.type_name(view);
        Ok(format!("{name}([{}])", parts.join(", ")))
    }

    /// `item in view`.
    pub(crate) fn dict_view_contains(
        &mut self,
        dict: ObjRef,
        kind: ViewKind,
        item: ObjRef,
    ) -> PyResult<bool> {
        match kind {
            ViewKind::Keys => self.contains(dict, item),
            ViewKind::Items => {
                let pair = match self.payload(item) {
                    Payload::Tuple(pair) if pair.len() == 2 => [pair[0], pair[1]],
                    _ => return Ok(false),
                };
                let key = self.hash_key(pair[0])?;
                let key = self.resolve_key(dict, key)?;
                let value = match self.payload(dict) {
                    Payload::Dict(d) => d.get(&key),
                    _ => None,
                };
                match value {
                    Some(value) => self.values_equal(value, pair[1]),
                    None => Ok(false),
                }
            }
            ViewKind::Values => {
                let values: Vec<ObjRef> = match self.payload(dict) {
                    Payload::Dict(d) => d.iter().map(|(_, v)| v).collect(),
                    _ => vec![],
                };
                for value in values {
                    if self.values_equal(value, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }
}
