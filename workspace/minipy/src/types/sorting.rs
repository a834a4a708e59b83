//! `min`, `max`, `sorted` and `list.sort`: comparing with a key, and
//! CPython's stable sort order.

use crate::bytecode::CompareOp;
use crate::types::builtin_fn::BuiltinFn;
use crate::types::exceptions::ExcKind;
use crate::vm::{PyResult, Vm};
use ch01_objects::{ObjRef, Payload};
use std::rc::Rc;

impl Vm {
    pub(crate) fn builtin_min_max(
        &mut self,
        function: BuiltinFn,
        args: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> PyResult<ObjRef> {
        if args.is_empty() {
            return Err(self.error(
                ExcKind::TypeError,
                format!("{} expected at least 1 argument, got 0", function.name()),
            ));
        }
        let items = if args.len() == 1 {
            self.collect_items(args[0])?
        } else {
            args.iter().for_each(|&a| self.mem.incref(a));
            args.to_vec()
        };
        if items.is_empty() {
            if let Some(default) = Self::kwarg(kwargs, "default") {
                self.incref(default);
                return Ok(default);
            }
            return Err(self.error(
                ExcKind::ValueError,
                format!("{}() arg is an empty sequence", function.name()),
            ));
        }
        let keys = match self.sort_keys(&items, kwargs) {
            Ok(keys) => keys,
            Err(err) => {
                self.decref_all(items);
                return Err(err);
            }
        };
        let mut best = 0;
        for i in 1..items.len() {
            let ordering = self.compare_values(keys[i], keys[best], CompareOp::Lt);
            let ordering = match ordering {
                Ok(o) => o,
                Err(err) => {
                    self.decref_all(keys);
                    self.decref_all(items);
                    return Err(err);
                }
            };
            let better = if function == BuiltinFn::Min {
                ordering.is_lt()
            } else {
                ordering.is_gt()
            };
            if better {
                best = i;
            }
        }
        let winner = items[best];
        self.incref(winner);
        self.decref_all(keys);
        self.decref_all(items);
        Ok(winner)
    }

    /// The sort key of each item: `key(item)` or the item itself (new references).
    pub(crate) fn sort_keys(
        &mut self,
        items: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> PyResult<Vec<ObjRef>> {
        let key_function = Self::kwarg(kwargs, "key").filter(|&k| k != self.none());
        let mut keys = Vec::with_capacity(items.len());
        for &item in items {
            self.incref(item);
            match key_function {
                Some(function) => match self.call(function, vec![item], None) {
                    Ok(key) => keys.push(key),
                    Err(err) => {
                        self.decref_all(keys);
                        return Err(err);
                    }
                },
                None => keys.push(item),
            }
        }
        Ok(keys)
    }

    /// Sorts a list in place (stable, like CPython's timsort).
    pub(crate) fn sort_list(&mut self, list: ObjRef, kwargs: &[(Rc<str>, ObjRef)]) -> PyResult<()> {
        let items = self.list_items(list);
        let keys = self.sort_keys(&items, kwargs)?;
        let reverse = match Self::kwarg(kwargs, "reverse") {
            Some(r) => self.truthy(r)?,
            None => false,
        };
        let mut order: Vec<usize> = (0..items.len()).collect();
        // Insertion-free merge sort over indices so comparison errors can be reported.
        let mut failure = None;
        let mut sorted = Vec::with_capacity(order.len());
        let mut width = 1;
        while width < order.len() {
            sorted.clear();
            for chunk in order.chunks(2 * width) {
                let (left, right) = chunk.split_at(width.min(chunk.len()));
                let (mut i, mut j) = (0, 0);
                while i < left.len() && j < right.len() {
                    let ordering = if failure.is_some() {
                        std::cmp::Ordering::Equal
                    } else {
                        match self.compare_values(keys[right[j]], keys[left[i]], CompareOp::Lt) {
                            Ok(o) => o,
                            Err(err) => {
                                failure = Some(err);
                                std::cmp::Ordering::Equal
                            }
                        }
                    };
                    let take_right = if reverse {
                        ordering.is_gt()
                    } else {
                        ordering.is_lt()
                    };
                    if take_right {
                        sorted.push(right[j]);
                        j += 1;
                    } else {
                        sorted.push(left[i]);
                        i += 1;
                    }
                }
                sorted.extend_from_slice(&left[i..]);
                sorted.extend_from_slice(&right[j..]);
            }
            std::mem::swap(&mut order, &mut sorted);
            width *= 2;
        }
        self.decref_all(keys);
        if let Some(err) = failure {
            return Err(err);
        }
        if let Payload::List(list_items) = self.payload_mut(list) {
            // Reorder in place: sorting never changes a list's capacity.
            list_items.clear();
            list_items.extend(order.into_iter().map(|i| items[i]));
        }
        Ok(())
    }
}
