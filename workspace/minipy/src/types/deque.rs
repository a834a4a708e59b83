//! `collections.deque`: a double-ended queue kept in 64-slot blocks as
//! CPython's is, so its `sys.getsizeof` matches; a bounded deque drops
//! (and frees) its oldest item when a new one arrives.

use crate::types::builtin_fn::BuiltinFn;
use crate::types::exceptions::ExcKind;
use crate::vm::{PyResult, Vm};
use ch01_objects::{NativeObject, ObjRef, Payload};
use std::any::Any;
use std::collections::VecDeque;

/// Items per block of a deque. CPython: `BLOCKLEN`.
const BLOCK_LEN: usize = 64;
/// Where an empty deque starts in its first block. CPython: `CENTER + 1`.
const EMPTY_LEFT_INDEX: usize = (BLOCK_LEN - 1) / 2 + 1;

/// `collections.deque`. CPython: `dequeobject`, a list of 64-slot blocks.
#[derive(Debug)]
pub struct Deque {
    items: VecDeque<ObjRef>,
    maxlen: Option<usize>,
    /// The slot of the first item in the first block (it decides how many
    /// blocks the items span, and so `sys.getsizeof`).
    left_index: usize,
}

impl Deque {
    /// An empty deque, bounded by `maxlen` if given.
    pub fn new(maxlen: Option<usize>) -> Deque {
        Deque {
            items: VecDeque::new(),
            maxlen,
            left_index: EMPTY_LEFT_INDEX,
        }
    }

    /// `deque.maxlen`.
    pub fn maxlen(&self) -> Option<usize> {
        self.maxlen
    }
}

impl NativeObject for Deque {
    fn type_name(&self) -> &str {
        "deque"
    }
    fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        self.items.iter().copied().for_each(visit);
    }
    fn take_refs(&mut self, out: &mut Vec<ObjRef>) {
        out.extend(self.items.drain(..));
    }
    fn size(&self) -> usize {
        let blocks = (self.left_index + self.items.len())
            .div_ceil(BLOCK_LEN)
            .max(1);
        232 + (BLOCK_LEN * 8 + 16) * blocks
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

impl Vm {
    /// Adds every item of `iterable` to the right (or left) of the deque.
    pub(crate) fn deque_extend(
        &mut self,
        deque: ObjRef,
        iterable: ObjRef,
        left: bool,
    ) -> PyResult<()> {
        let items = self.collect_items(iterable)?;
        if let Some(d) = self.native_mut::<Deque>(deque)
            && d.items.is_empty()
            && !left
        {
            // CPython starts filling an empty deque from the left of its block.
            d.left_index = 1;
        }
        for item in items {
            self.deque_push(deque, item, left);
        }
        Ok(())
    }

    /// Appends (taking `item`'s reference); a full bounded deque drops the
    /// item at the other end.
    pub(crate) fn deque_push(&mut self, deque: ObjRef, item: ObjRef, left: bool) {
        let dropped = self.native_mut::<Deque>(deque).and_then(|d| {
            if d.maxlen == Some(0) {
                return Some(item);
            }
            if left {
                d.items.push_front(item);
                d.left_index = if d.left_index == 0 {
                    BLOCK_LEN - 1
                } else {
                    d.left_index - 1
                };
            } else {
                d.items.push_back(item);
            }
            match d.maxlen {
                Some(max) if d.items.len() > max => {
                    if left {
                        d.items.pop_back()
                    } else {
                        d.left_index = (d.left_index + 1) % BLOCK_LEN;
                        d.items.pop_front()
                    }
                }
                _ => None,
            }
        });
        self.decref_all(dropped);
    }

    pub(crate) fn deque_method(
        &mut self,
        function: BuiltinFn,
        args: &[ObjRef],
    ) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        let deque = args[0];
        let arg = args.get(1).copied();
        match function {
            F::DequeAppend | F::DequeAppendleft => {
                let item = arg.unwrap_or(self.singletons.none);
                self.incref(item);
                self.deque_push(deque, item, function == F::DequeAppendleft);
                Ok(self.none())
            }
            F::DequeExtend | F::DequeExtendleft => {
                let iterable = arg.unwrap_or(self.singletons.none);
                self.deque_extend(deque, iterable, function == F::DequeExtendleft)?;
                Ok(self.none())
            }
            F::DequePop | F::DequePopleft => {
                let popped = self.native_mut::<Deque>(deque).and_then(|d| {
                    let item = if function == F::DequePop {
                        d.items.pop_back()
                    } else {
                        let item = d.items.pop_front();
                        if item.is_some() {
                            d.left_index = (d.left_index + 1) % BLOCK_LEN;
                        }
                        item
                    };
                    if d.items.is_empty() {
                        d.left_index = EMPTY_LEFT_INDEX;
                    }
                    item
                });
                match popped {
                    Some(item) => Ok(item),
                    None => Err(self.error(ExcKind::IndexError, "pop from an empty deque".into())),
                }
            }
            F::DequeClear => {
                let items: Vec<ObjRef> = self
                    .native_mut::<Deque>(deque)
                    .map(|d| {
                        d.left_index = EMPTY_LEFT_INDEX;
                        d.items.drain(..).collect()
                    })
                    .unwrap_or_default();
                self.decref_all(items);
                Ok(self.none())
            }
            F::DequeRotate => {
                let n = match arg.map(|a| self.payload(a)) {
                    Some(Payload::Int(n)) => *n,
                    _ => 1,
                };
                if let Some(d) = self.native_mut::<Deque>(deque)
                    && !d.items.is_empty()
                {
                    let len = d.items.len() as i64;
                    let steps = n.rem_euclid(len) as usize;
                    d.items.rotate_right(steps);
                }
                Ok(self.none())
            }
            F::DequeCount | F::DequeIndex | F::DequeRemove => {
                let wanted = self.arg(args, 1, function)?;
                let items = self.deque_items(deque).unwrap_or_default();
                let mut found = None;
                let mut count = 0;
                for (position, &item) in items.iter().enumerate() {
                    if self.values_equal(item, wanted)? {
                        count += 1;
                        if found.is_none() {
                            found = Some(position);
                        }
                        if function != F::DequeCount {
                            break;
                        }
                    }
                }
                match (function, found) {
                    (F::DequeCount, _) => Ok(self.new_int(count)),
                    (F::DequeIndex, Some(position)) => Ok(self.new_int(position as i64)),
                    (F::DequeIndex | F::DequeRemove, None) => {
                        let shown = self.repr(wanted)?;
                        Err(self.error(ExcKind::ValueError, format!("{shown} is not in deque")))
                    }
                    (_, Some(position)) => {
                        let removed = self
                            .native_mut::<Deque>(deque)
                            .and_then(|d| d.items.remove(position));
                        self.decref_all(removed);
                        Ok(self.none())
                    }
                    (_, None) => Ok(self.none()),
                }
            }
            F::DequeReverse => {
                if let Some(d) = self.native_mut::<Deque>(deque) {
                    d.items.make_contiguous().reverse();
                }
                Ok(self.none())
            }
            _ => Err(self.error(
                ExcKind::SystemError,
                format!("unknown collections method {}", function.name()),
            )),
        }
    }

    /// The items of a deque, borrowed, left to right.
    pub(crate) fn deque_items(&self, r: ObjRef) -> Option<Vec<ObjRef>> {
        self.native::<Deque>(r)
            .map(|d| d.items.iter().copied().collect())
    }

    /// `repr(deque)`.
    pub(crate) fn deque_repr(&mut self, r: ObjRef, depth: usize) -> PyResult<String> {
        let items = self.deque_items(r).unwrap_or_default();
        let maxlen = self.native::<Deque>(r).and_then(|d| d.maxlen);
        let mut parts = vec![];
        for item in items {
            parts.push(self.repr_at_depth(item, depth + 1)?);
        }
        Ok(match maxlen {
            Some(m) => format!("deque([{}], maxlen={m})", parts.join(", ")),
            None => format!("deque([{}])", parts.join(", ")),
        })
    }
}
