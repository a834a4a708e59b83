//! Iteration and the `with` statement: `iter()`, `next()`, unpacking,
//! and calling `__enter__`/`__exit__` (CPython: `PyObject_GetIter`,
//! `PyIter_Next`).

use crate::types::exceptions::ExcKind;
use crate::types::native::{File, IterKind, Range, RangeIter, SeqIter};
use crate::vm::{PyResult, Vm};
use ch01_objects::{ObjRef, Payload};

pub(crate) enum Item {
    Existing(ObjRef),
    /// A dict entry, to be made into a new `(key, value)` tuple.
    Pair(ObjRef, ObjRef),
    Char(char),
}

impl Vm {
    /// `iter(x)`, a new reference.
    pub(crate) fn get_iter(&mut self, iterable: ObjRef) -> PyResult<ObjRef> {
        if let Some(value) = self.inherited_value(iterable, "__iter__") {
            return self.get_iter(value);
        }
        let kind = match self.payload(iterable) {
            Payload::List(_) => Some(IterKind::List),
            Payload::Tuple(_) => Some(IterKind::Tuple),
            Payload::Str(text) => Some(IterKind::Str {
                ascii: text.is_ascii(),
            }),
            Payload::Dict(_) => Some(IterKind::DictKeys),
            _ => None,
        };
        if let Some(kind) = kind {
            let expected_len = match self.payload(iterable) {
                Payload::Dict(dict) => Some(dict.len()),
                _ => None,
            };
            self.incref(iterable);
            return Ok(self.new_native(SeqIter {
                seq: Some(iterable),
                kind,
                index: 0,
                expected_len,
                result: None,
            }));
        }
        if let Some(range) = self.native::<Range>(iterable).copied() {
            return Ok(self.new_native(RangeIter {
                next: range.start,
                remaining: range.len(),
                step: range.step,
            }));
        }
        if self.native::<SeqIter>(iterable).is_some()
            || self.native::<RangeIter>(iterable).is_some()
            || self.native::<File>(iterable).is_some()
            || self.is_generator(iterable)
            || self.is_lazy_iter(iterable)
        {
            self.incref(iterable);
            return Ok(iterable);
        }
        if self.set_ref(iterable).is_some() {
            return Ok(self.new_set_iter(iterable));
        }
        if let Some((dict, kind)) = self.dict_view(iterable) {
            return Ok(self.dict_view_iter(dict, kind));
        }
        if let Some(inner) = self.dict_behind(iterable) {
            return self.get_iter(inner);
        }
        if let Some((data, _)) = self.bytes_of(iterable) {
            // Iterates a snapshot of the bytes, as ints.
            let data = data.to_vec();
            let items = data
                .into_iter()
                .map(|b| self.new_int(i64::from(b)))
                .collect();
            let list = self.alloc(Payload::List(items));
            let iterator = self.get_iter(list);
            self.decref(list);
            return iterator;
        }
        if let Some(items) = self
            .deque_items(iterable)
            .or_else(|| self.namedtuple_items(iterable))
        {
            // Iterates a snapshot of the items.
            let list = self.new_list_incref(items);
            let iterator = self.get_iter(list);
            self.decref(list);
            return iterator;
        }
        if let Some(result) = self.call_special(iterable, "__iter__", &[]) {
            let iterator = result?;
            if self.is_plainly_not_iterator(iterator) {
                let kind = self.type_name(iterator);
                self.decref(iterator);
                return Err(self.error(
                    ExcKind::TypeError,
                    format!("iter() returned non-iterator of type '{kind}'"),
                ));
            }
            return Ok(iterator);
        }
        if self.class_of_instance(iterable).is_some()
            && let Some(class) = self.class_of_instance(iterable)
            && self.lookup_in_class(class, "__getitem__").is_some()
        {
            self.incref(iterable);
            return Ok(self.new_native(SeqIter {
                seq: Some(iterable),
                kind: IterKind::GetItem,
                index: 0,
                expected_len: None,
                result: None,
            }));
        }
        let name = self.type_name(iterable);
        Err(self.error(
            ExcKind::TypeError,
            format!("'{name}' object is not iterable"),
        ))
    }

    /// True for what has no `__next__`: a container, a number, `None`, a
    /// class, or an instance whose class defines none (CPython:
    /// `!PyIter_Check`).
    fn is_plainly_not_iterator(&self, r: ObjRef) -> bool {
        match self.payload(r) {
            Payload::List(_)
            | Payload::Tuple(_)
            | Payload::Str(_)
            | Payload::Dict(_)
            | Payload::Int(_)
            | Payload::Bool(_)
            | Payload::Float(_)
            | Payload::None
            | Payload::Class(_) => true,
            Payload::Instance(instance) => {
                self.lookup_in_class(instance.class, "__next__").is_none()
            }
            _ => self.set_ref(r).is_some(),
        }
    }

    /// The iterator's next item (a new reference), or `None` when exhausted.
    pub(crate) fn next_item(&mut self, iterator: ObjRef) -> PyResult<Option<ObjRef>> {
        if self.is_generator(iterator) {
            return self.next_from_generator(iterator);
        }
        if let Some(result) = self.next_lazy(iterator) {
            return result;
        }
        if let Some(result) = self.call_special(iterator, "__next__", &[]) {
            return match result {
                Ok(value) => Ok(Some(value)),
                Err(err) => {
                    let stop = self.exceptions[ExcKind::StopIteration as usize];
                    if self
                        .class_of_instance(err.0)
                        .is_some_and(|c| self.is_subclass(c, stop))
                    {
                        self.decref(err.0);
                        Ok(None)
                    } else {
                        Err(err)
                    }
                }
            };
        }
        if let Some(range) = self.native_mut::<RangeIter>(iterator) {
            if range.remaining <= 0 {
                return Ok(None);
            }
            let value = range.next;
            range.next += range.step;
            range.remaining -= 1;
            return Ok(Some(self.new_int(value)));
        }
        if let Some(file) = self.native_mut::<File>(iterator) {
            let rest = &file.text[file.position..];
            if rest.is_empty() {
                return Ok(None);
            }
            let end = rest.find('\n').map(|i| i + 1).unwrap_or(rest.len());
            let line = rest[..end].to_string();
            file.position += end;
            return Ok(Some(self.new_str(&line)));
        }
        let Some(iter) = self.native::<SeqIter>(iterator) else {
            let name = self.type_name(iterator);
            return Err(self.error(
                ExcKind::TypeError,
                format!("'{name}' object is not an iterator"),
            ));
        };
        let (Some(seq), kind, index) = (iter.seq, iter.kind, iter.index) else {
            return Ok(None);
        };
        if kind == IterKind::GetItem {
            return self.next_by_getitem(iterator, seq, index);
        }
        if kind == IterKind::ReversedList {
            let item = match self.payload(seq) {
                Payload::List(items) if index > 0 => items.get(index - 1).copied(),
                _ => None,
            };
            return Ok(match item {
                Some(item) => {
                    if let Some(iter) = self.native_mut::<SeqIter>(iterator) {
                        iter.index = index - 1;
                    }
                    self.incref(item);
                    Some(item)
                }
                None => {
                    let seq = self
                        .native_mut::<SeqIter>(iterator)
                        .and_then(|i| i.seq.take());
                    self.decref_all(seq);
                    None
                }
            });
        }
        if kind == IterKind::ReversedGetItem {
            if index == 0 {
                let seq = self
                    .native_mut::<SeqIter>(iterator)
                    .and_then(|i| i.seq.take());
                self.decref_all(seq);
                return Ok(None);
            }
            // The step goes down; `next_by_getitem` moves it up by one.
            let item = self.next_by_getitem(iterator, seq, index - 1)?;
            if let Some(iter) = self.native_mut::<SeqIter>(iterator) {
                iter.index = index - 1;
            }
            return Ok(item);
        }
        let (item, next_index) = match (kind, self.payload(seq)) {
            (IterKind::List, Payload::List(items)) => {
                (items.get(index).copied().map(Item::Existing), index + 1)
            }
            (IterKind::Tuple, Payload::Tuple(items)) => {
                (items.get(index).copied().map(Item::Existing), index + 1)
            }
            (IterKind::Str { .. }, Payload::Str(s)) => match s[index..].chars().next() {
                Some(c) => (Some(Item::Char(c)), index + c.len_utf8()),
                None => (None, index),
            },
            (
                IterKind::DictKeys | IterKind::DictValues | IterKind::DictItems,
                Payload::Dict(dict),
            ) if iter.expected_len.is_some_and(|n| n != dict.len()) => {
                if let Some(iter) = self.native_mut::<SeqIter>(iterator) {
                    // CPython keeps failing once the size has changed.
                    iter.expected_len = Some(usize::MAX);
                }
                return Err(self.error(
                    ExcKind::RuntimeError,
                    "dictionary changed size during iteration".into(),
                ));
            }
            (
                IterKind::DictKeys | IterKind::DictValues | IterKind::DictItems,
                Payload::Dict(dict),
            ) => {
                let mut position = index;
                loop {
                    match dict.entry_at(position) {
                        Ok(Some((key, value))) => {
                            let item = match kind {
                                IterKind::DictValues => Item::Existing(value),
                                IterKind::DictItems => Item::Pair(key, value),
                                _ => Item::Existing(key),
                            };
                            break (Some(item), position + 1);
                        }
                        Ok(None) => position += 1,
                        Err(()) => break (None, position),
                    }
                }
            }
            _ => (None, index),
        };
        match item {
            Some(item) => {
                if let Some(iter) = self.native_mut::<SeqIter>(iterator) {
                    iter.index = next_index;
                }
                Ok(Some(match item {
                    Item::Existing(r) => {
                        self.incref(r);
                        r
                    }
                    Item::Char(c) => self.new_str(&c.to_string()),
                    Item::Pair(key, value) => {
                        self.incref(key);
                        self.incref(value);
                        let cached = self.native::<SeqIter>(iterator).and_then(|it| it.result);
                        self.reuse_result(cached, vec![key, value])
                    }
                }))
            }
            None => {
                // An exhausted iterator lets go of its sequence, as CPython's do.
                let seq = self
                    .native_mut::<SeqIter>(iterator)
                    .and_then(|i| i.seq.take());
                self.decref_all(seq);
                Ok(None)
            }
        }
    }

    /// Every item of an iterable, as new references.
    pub(crate) fn collect_items(&mut self, iterable: ObjRef) -> PyResult<Vec<ObjRef>> {
        let iterator = self.get_iter(iterable)?;
        let mut items = vec![];
        loop {
            match self.next_item(iterator) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => break,
                Err(err) => {
                    self.decref_all(items);
                    self.decref(iterator);
                    return Err(err);
                }
            }
        }
        self.decref(iterator);
        Ok(items)
    }

    /// `a, b = sequence`.
    pub(crate) fn unpack(&mut self, sequence: ObjRef, n: usize) -> PyResult<Vec<ObjRef>> {
        let items = self.collect_items(sequence)?;
        if items.len() != n {
            let count = items.len();
            self.decref_all(items);
            let message = if count > n {
                format!("too many values to unpack (expected {n})")
            } else {
                format!("not enough values to unpack (expected {n}, got {count})")
            };
            return Err(self.error(ExcKind::ValueError, message));
        }
        Ok(items)
    }

    pub(crate) fn with_enter(&mut self, manager: ObjRef) -> PyResult<ObjRef> {
        if self.native::<File>(manager).is_some() {
            self.incref(manager);
            return Ok(manager);
        }
        // CPython 3.11's `BEFORE_WITH` looks up `__enter__` and `__exit__`
        // as bound methods, so while `__enter__` runs the manager has one
        // more reference than the stack's.
        self.incref(manager);
        let entered = self.call_dunder(manager, "__enter__", vec![]);
        self.decref(manager);
        entered
    }

    pub(crate) fn with_exit(&mut self, manager: ObjRef) -> PyResult<()> {
        if let Some(file) = self.native_mut::<File>(manager) {
            file.closed = true;
            return Ok(());
        }
        let none = self.none();
        let result = self.call_dunder(manager, "__exit__", vec![none, none, none])?;
        self.decref(result);
        Ok(())
    }

    /// `__exit__(type, exc, traceback)` for a `with` block left by `exc`;
    /// true if the manager suppressed the exception.
    pub(crate) fn with_exception_exit(&mut self, manager: ObjRef, exc: ObjRef) -> PyResult<bool> {
        if let Some(file) = self.native_mut::<File>(manager) {
            file.closed = true;
            return Ok(false);
        }
        let class = self.type_of(exc);
        let traceback = self
            .get_attr_raw(exc, "__traceback__")
            .unwrap_or(self.singletons.none);
        self.incref(class);
        self.incref(exc);
        self.incref(traceback);
        let result = self.call_dunder(manager, "__exit__", vec![class, exc, traceback])?;
        let suppressed = self.truthy(result);
        self.decref(result);
        suppressed
    }
}

impl Vm {
    /// The next item of the sequence protocol: `seq[index]`, or the end at
    /// `IndexError` (or `StopIteration`), which lets go of the sequence.
    fn next_by_getitem(
        &mut self,
        iterator: ObjRef,
        seq: ObjRef,
        index: usize,
    ) -> PyResult<Option<ObjRef>> {
        let key = self.new_int(index as i64);
        let result = self.call_special(seq, "__getitem__", &[key]);
        self.decref(key);
        match result {
            Some(Ok(item)) => {
                if let Some(iter) = self.native_mut::<SeqIter>(iterator) {
                    iter.index = index + 1;
                }
                Ok(Some(item))
            }
            Some(Err(err)) => {
                let ends = [ExcKind::IndexError, ExcKind::StopIteration]
                    .iter()
                    .any(|&kind| {
                        self.class_of_instance(err.0)
                            .is_some_and(|c| self.is_subclass(c, self.exceptions[kind as usize]))
                    });
                if !ends {
                    return Err(err);
                }
                self.decref(err.0);
                let seq = self
                    .native_mut::<SeqIter>(iterator)
                    .and_then(|i| i.seq.take());
                self.decref_all(seq);
                Ok(None)
            }
            None => Ok(None),
        }
    }
}
