//! The lazy iterators of the built-ins: `enumerate`, `zip`, `map`, `filter`
//! and the iterator over a set.
//!
//! Serves chapter 3: a lazy iterator holds a reference to what it walks
//! (and, for `map`/`filter`, to the function) until it is exhausted or
//! freed, and it pulls one item at a time, so a generator feeding it runs
//! step by step, interleaved with the loop body, exactly as in CPython.

use std::any::Any;

use ch01_objects::{NativeObject, ObjRef, Payload};

use crate::types::exceptions::ExcKind;
use crate::types::sets::Set;
use crate::vm::{PyResult, Vm};

/// What a [`LazyIter`] does with the items of its sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LazyKind {
    /// `enumerate(it, start)`: `(count, item)`.
    Enumerate(i64),
    /// `zip(a, b, ...)`: a tuple of one item from each.
    Zip,
    /// `zip(a, b, ..., strict=True)`: the same, and a `ValueError` if one
    /// runs out before the others.
    ZipStrict,
    /// `map(f, a, ...)`: `f(item, ...)`.
    Map,
    /// `filter(f, it)`: the items for which `f(item)` is true (`f` may be `None`).
    Filter,
    /// `iter(f, sentinel)`: `f()` until it returns the sentinel, which is
    /// the one "source" (CPython: `callable_iterator`).
    CallUntil,
}

/// A lazy built-in iterator. CPython: `enumerate`, `zip`, `map`, `filter` objects.
#[derive(Debug)]
pub struct LazyIter {
    /// Which built-in.
    pub kind: LazyKind,
    /// The function of `map` and `filter`.
    pub function: Option<ObjRef>,
    /// The iterators it pulls from: its own references, or for `zip` and
    /// `map` borrowed from [`LazyIter::iterators`].
    pub sources: Vec<ObjRef>,
    /// `zip`'s and `map`'s tuple of those iterators, which owns them
    /// (CPython 3.11's `ittuple` and `iters`, an object the collector sees).
    pub iterators: Option<ObjRef>,
    /// `enumerate`'s and `zip`'s result tuple, handed out again when the
    /// last one came back (nobody else holds it): CPython 3.11's
    /// `en_result` / `result`, which keeps the last items it held.
    pub result: Option<ObjRef>,
}

impl NativeObject for LazyIter {
    fn type_name(&self) -> &str {
        match self.kind {
            LazyKind::Enumerate(_) => "enumerate",
            LazyKind::Zip | LazyKind::ZipStrict => "zip",
            LazyKind::Map => "map",
            LazyKind::Filter => "filter",
            LazyKind::CallUntil => "callable_iterator",
        }
    }
    fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        // In the order of CPython's traverse functions: `filter` its
        // function first, `map` its iterators first.
        if self.kind == LazyKind::Filter {
            self.function.into_iter().for_each(&mut *visit);
        }
        match self.iterators {
            Some(tuple) => visit(tuple),
            None => self.sources.iter().copied().for_each(&mut *visit),
        }
        if self.kind != LazyKind::Filter {
            self.function.into_iter().for_each(&mut *visit);
        }
        self.result.into_iter().for_each(visit);
    }
    fn take_refs(&mut self, out: &mut Vec<ObjRef>) {
        match self.iterators.take() {
            Some(tuple) => {
                self.sources.clear();
                out.push(tuple);
            }
            None => out.append(&mut self.sources),
        }
        out.extend(self.function.take());
        out.extend(self.result.take());
    }
    fn size(&self) -> usize {
        48
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// An iterator over a set, in slot order. CPython: `set_iterator`.
#[derive(Debug)]
pub struct SetIter {
    /// The set (dropped when exhausted).
    pub set: Option<ObjRef>,
    /// The next slot to look at.
    pub position: usize,
    /// The set's length when iteration began; a change is an error.
    /// CPython: `si_used`.
    pub expected_len: usize,
}

impl NativeObject for SetIter {
    fn type_name(&self) -> &str {
        "set_iterator"
    }
    fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        self.set.into_iter().for_each(visit);
    }
    fn take_refs(&mut self, out: &mut Vec<ObjRef>) {
        out.extend(self.set.take());
    }
    fn size(&self) -> usize {
        56
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

impl Vm {
    /// Makes a lazy iterator over `iterables` (borrowed; it takes iterators of them).
    pub(crate) fn new_lazy_iter(
        &mut self,
        kind: LazyKind,
        function: Option<ObjRef>,
        iterables: &[ObjRef],
    ) -> PyResult<ObjRef> {
        let mut sources = Vec::with_capacity(iterables.len());
        for &iterable in iterables {
            match self.get_iter(iterable) {
                Ok(iterator) => sources.push(iterator),
                Err(err) => {
                    self.decref_all(sources);
                    return Err(err);
                }
            }
        }
        if let Some(function) = function {
            self.incref(function);
        }
        // `zip` and `map` keep their iterators in a tuple, as 3.11 does.
        let iterators = (matches!(kind, LazyKind::Zip | LazyKind::ZipStrict | LazyKind::Map)
            && !sources.is_empty())
        .then(|| self.alloc(Payload::Tuple(sources.clone().into())));
        // The result tuple, of Nones until the first item.
        let width = match kind {
            LazyKind::Enumerate(_) => 2,
            LazyKind::Zip | LazyKind::ZipStrict => sources.len(),
            _ => 0,
        };
        let result = (width > 0).then(|| {
            let nones = vec![self.singletons.none; width];
            self.new_tuple_of(nones)
        });
        Ok(self.new_native(LazyIter {
            kind,
            function,
            sources,
            iterators,
            result,
        }))
    }

    /// An iterator over a set.
    pub(crate) fn new_set_iter(&mut self, set: ObjRef) -> ObjRef {
        let expected_len = self.native::<Set>(set).map_or(0, Set::len);
        self.incref(set);
        self.new_native(SetIter {
            set: Some(set),
            position: 0,
            expected_len,
        })
    }

    /// `next()` for the iterators of this module; `None` if `iterator` is none of them.
    pub(crate) fn next_lazy(&mut self, iterator: ObjRef) -> Option<PyResult<Option<ObjRef>>> {
        if let Some(result) = self.next_itertool(iterator) {
            return Some(result);
        }
        if let Some(set_iter) = self.native::<SetIter>(iterator) {
            let (set, position) = (set_iter.set?, set_iter.position);
            let expected = set_iter.expected_len;
            if self.native::<Set>(set).map_or(0, Set::len) != expected {
                if let Some(it) = self.native_mut::<SetIter>(iterator) {
                    it.expected_len = usize::MAX;
                }
                return Some(Err(self.error(
                    ExcKind::RuntimeError,
                    "Set changed size during iteration".into(),
                )));
            }
            let found = self.native::<Set>(set).and_then(|s| s.next_from(position));
            return Some(Ok(match found {
                Some((item, next)) => {
                    if let Some(it) = self.native_mut::<SetIter>(iterator) {
                        it.position = next;
                    }
                    self.incref(item);
                    Some(item)
                }
                None => {
                    let set = self
                        .native_mut::<SetIter>(iterator)
                        .and_then(|it| it.set.take());
                    self.decref_all(set);
                    None
                }
            }));
        }
        let lazy = self.native::<LazyIter>(iterator)?;
        let (kind, function, sources) = (lazy.kind, lazy.function, lazy.sources.clone());
        Some(self.next_of_lazy(iterator, kind, function, &sources))
    }

    /// The tuple of `items` (new references) an `enumerate` or `zip`
    /// hands out: its own result tuple again, refilled, if only it holds
    /// that tuple (the items it held before are released after), or else a
    /// new tuple (CPython 3.11's `enum_next`, `zip_next`).
    fn lazy_result(&mut self, iterator: ObjRef, items: Vec<ObjRef>) -> ObjRef {
        let cached = self
            .native::<LazyIter>(iterator)
            .and_then(|lazy| lazy.result);
        self.reuse_result(cached, items)
    }

    /// [`Vm::lazy_result`] for any iterator keeping a result tuple `cached`.
    pub(crate) fn reuse_result(&mut self, cached: Option<ObjRef>, items: Vec<ObjRef>) -> ObjRef {
        let reusable = cached
            .filter(|&tuple| self.mem.counts_references() && self.mem.heap().refcount(tuple) == 1);
        let Some(tuple) = reusable else {
            return self.alloc(Payload::Tuple(items.into()));
        };
        let old = match self.payload_mut(tuple) {
            Payload::Tuple(slots) if slots.len() == items.len() => {
                let old = slots.to_vec();
                slots.copy_from_slice(&items);
                old
            }
            _ => return self.alloc(Payload::Tuple(items.into())),
        };
        // A collection may have untracked it while it held only atoms.
        for &item in &items {
            self.mem.maintain_tracking(tuple, item);
        }
        self.incref(tuple);
        self.decref_all(old);
        tuple
    }

    fn next_of_lazy(
        &mut self,
        iterator: ObjRef,
        kind: LazyKind,
        function: Option<ObjRef>,
        sources: &[ObjRef],
    ) -> PyResult<Option<ObjRef>> {
        if sources.is_empty() {
            // `zip()` with no iterables is empty (and so is a spent `iter(f, s)`).
            return Ok(None);
        }
        if kind == LazyKind::CallUntil {
            let function = function.unwrap_or(self.singletons.none);
            self.incref(function);
            let value = self.call(function, vec![], None);
            self.decref(function);
            let value = value?;
            if self.values_equal(value, sources[0])? {
                self.decref(value);
                // Spent: it lets go of its function and sentinel.
                let held = match self.native_mut::<LazyIter>(iterator) {
                    Some(lazy) => {
                        let mut held = std::mem::take(&mut lazy.sources);
                        held.extend(lazy.function.take());
                        held
                    }
                    None => vec![],
                };
                self.decref_all(held);
                return Ok(None);
            }
            return Ok(Some(value));
        }
        loop {
            let mut items = Vec::with_capacity(sources.len());
            for (position, &source) in sources.iter().enumerate() {
                match self.next_item(source) {
                    Ok(Some(item)) => items.push(item),
                    Ok(None) => {
                        self.decref_all(items);
                        if kind == LazyKind::ZipStrict {
                            self.check_strict_end(position, sources)?;
                        }
                        return Ok(None);
                    }
                    Err(err) => {
                        self.decref_all(items);
                        return Err(err);
                    }
                }
            }
            match kind {
                LazyKind::Enumerate(count) => {
                    if let Some(LazyIter {
                        kind: LazyKind::Enumerate(next),
                        ..
                    }) = self.native_mut::<LazyIter>(iterator)
                    {
                        *next += 1;
                    }
                    let index = self.new_int(count);
                    items.insert(0, index);
                    return Ok(Some(self.lazy_result(iterator, items)));
                }
                LazyKind::Zip | LazyKind::ZipStrict => {
                    return Ok(Some(self.lazy_result(iterator, items)));
                }
                LazyKind::CallUntil => unreachable!("answered before the sources are read"),
                LazyKind::Map => {
                    let function = function.unwrap_or(self.singletons.none);
                    return self.call(function, items, None).map(Some);
                }
                LazyKind::Filter => {
                    let item = items[0];
                    let keep = match function.filter(|&f| f != self.none()) {
                        Some(function) => {
                            self.incref(item);
                            let verdict = match self.call(function, vec![item], None) {
                                Ok(v) => v,
                                Err(err) => {
                                    self.decref(item);
                                    return Err(err);
                                }
                            };
                            let truth = self.truthy(verdict);
                            self.decref(verdict);
                            truth
                        }
                        None => self.truthy(item),
                    };
                    match keep {
                        Ok(true) => return Ok(Some(item)),
                        Ok(false) => self.decref(item),
                        Err(err) => {
                            self.decref(item);
                            return Err(err);
                        }
                    }
                }
            }
        }
    }

    /// True for the iterator kinds of this module (they are their own iterators).
    pub(crate) fn is_lazy_iter(&self, r: ObjRef) -> bool {
        self.native::<LazyIter>(r).is_some()
            || self.native::<SetIter>(r).is_some()
            || self.is_itertool(r)
    }
}

impl Vm {
    /// `zip(..., strict=True)` found source `ended` exhausted: an error
    /// unless every source ends together, in CPython's words.
    fn check_strict_end(&mut self, ended: usize, sources: &[ObjRef]) -> PyResult<()> {
        let before = |n: usize| match n {
            1 => "argument 1".to_string(),
            n => format!("arguments 1-{n}"),
        };
        if ended > 0 {
            return Err(self.error(
                ExcKind::ValueError,
                format!(
                    "zip() argument {} is shorter than {}",
                    ended + 1,
                    before(ended)
                ),
            ));
        }
        for (position, &source) in sources.iter().enumerate().skip(1) {
            if let Some(item) = self.next_item(source)? {
                self.decref(item);
                return Err(self.error(
                    ExcKind::ValueError,
                    format!(
                        "zip() argument {} is longer than {}",
                        position + 1,
                        before(position)
                    ),
                ));
            }
        }
        Ok(())
    }
}

impl Vm {
    /// `iter(f, sentinel)`.
    pub(crate) fn new_call_iter(&mut self, function: ObjRef, sentinel: ObjRef) -> ObjRef {
        self.incref(function);
        self.incref(sentinel);
        self.new_native(LazyIter {
            kind: LazyKind::CallUntil,
            function: Some(function),
            sources: vec![sentinel],
            iterators: None,
            result: None,
        })
    }
}
