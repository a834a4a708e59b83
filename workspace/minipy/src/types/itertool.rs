//! The iterators `itertools` makes (`count`, `chain`, `islice`,
//! `product`, ...): one object kind, [`Itertool`], what each holds, and what
//! `next()` does for each — including what it lets go of when it is done
//! (a finished `chain` drops its sources).
//!
//! Serves chapter 3: each iterator holds references only to what it still
//! needs, and makes each result only when asked. The module's functions
//! that make them are in [`crate::modules::itertools`].

use crate::vm::{PyResult, Vm};
use ch01_objects::{NativeObject, ObjRef, Payload};
use std::any::Any;

/// `product`'s picks store `pool * PRODUCT_STRIDE + index`.
pub(crate) const PRODUCT_STRIDE: usize = 1 << 32;

/// What an [`Itertool`] produces.
#[derive(Debug)]
pub(crate) enum Kind {
    /// `count(start, step)`: the next value.
    Count { next: ObjRef, step: ObjRef },
    /// `repeat(obj[, times])`.
    Repeat { item: ObjRef, left: Option<usize> },
    /// `cycle(iterable)`: the source, then the saved items forever.
    Cycle {
        saved: Vec<ObjRef>,
        position: usize,
        exhausted: bool,
    },
    /// `chain(*iterables)`: the sources in turn; `from_iterable` pulls them lazily.
    Chain { current: usize, lazy_sources: bool },
    /// `islice(iterable, start, stop, step)`.
    Islice {
        next_index: usize,
        skip_to: usize,
        stop: Option<usize>,
        step: usize,
    },
    /// `accumulate(iterable[, func], initial=...)`.
    Accumulate {
        total: Option<ObjRef>,
        function: Option<ObjRef>,
        /// `initial` was given and not produced yet.
        initial_pending: bool,
    },
    /// `takewhile` / `dropwhile` with their predicate.
    While {
        predicate: ObjRef,
        take: bool,
        done: bool,
    },
    /// `zip_longest(*iterables, fillvalue=...)`.
    ZipLongest { fill: ObjRef, active: Vec<bool> },
    /// `product`, `permutations`, `combinations`: index tuples into pools.
    Indexed {
        pools: Vec<Vec<ObjRef>>,
        picks: Vec<Vec<usize>>,
        position: usize,
    },
    /// `starmap(func, iterable)`.
    Starmap { function: ObjRef },
    /// `pairwise(iterable)`.
    Pairwise { last: Option<ObjRef> },
}

/// An `itertools` iterator. CPython: the objects of `Modules/itertoolsmodule.c`.
#[derive(Debug)]
pub struct Itertool {
    pub(crate) name: &'static str,
    pub(crate) kind: Kind,
    /// The iterators it pulls from.
    pub(crate) sources: Vec<ObjRef>,
}

impl Itertool {
    fn refs(&self) -> Vec<ObjRef> {
        let mut refs = self.sources.clone();
        match &self.kind {
            Kind::Count { next, step } => refs.extend([*next, *step]),
            Kind::Repeat { item, .. } => refs.push(*item),
            Kind::Cycle { saved, .. } => refs.extend(saved),
            Kind::Accumulate {
                total, function, ..
            } => refs.extend(total.iter().chain(function)),
            Kind::While { predicate, .. } => refs.push(*predicate),
            Kind::ZipLongest { fill, .. } => refs.push(*fill),
            Kind::Indexed { pools, .. } => refs.extend(pools.iter().flatten()),
            Kind::Starmap { function } => refs.push(*function),
            Kind::Pairwise { last } => refs.extend(last),
            Kind::Chain { .. } | Kind::Islice { .. } => {}
        }
        refs
    }
}

impl NativeObject for Itertool {
    fn type_name(&self) -> &str {
        self.name
    }
    fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        self.refs().into_iter().for_each(visit);
    }
    fn take_refs(&mut self, out: &mut Vec<ObjRef>) {
        out.extend(self.refs());
        self.sources.clear();
        self.kind = Kind::Chain {
            current: 0,
            lazy_sources: false,
        };
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

impl Vm {
    pub(crate) fn step_itertool(&mut self, iterator: ObjRef) -> PyResult<Option<ObjRef>> {
        let Some(tool) = self.native_mut::<Itertool>(iterator) else {
            return Ok(None);
        };
        let sources = tool.sources.clone();
        match &mut tool.kind {
            Kind::Count { next, step } => {
                let (value, step) = (*next, *step);
                let following = self.binary_op(crate::bytecode::BinaryOp::Add, value, step)?;
                if let Some(Itertool {
                    kind: Kind::Count { next, .. },
                    ..
                }) = self.native_mut::<Itertool>(iterator)
                {
                    *next = following;
                }
                // The old value's reference moves to the caller.
                Ok(Some(value))
            }
            Kind::Repeat { item, left } => {
                let item = *item;
                match left {
                    Some(0) => return Ok(None),
                    Some(n) => *n -= 1,
                    None => {}
                }
                self.incref(item);
                Ok(Some(item))
            }
            Kind::Cycle {
                saved,
                position,
                exhausted,
            } => {
                if !*exhausted {
                    match sources.first() {
                        Some(&source) => match self.next_item(source)? {
                            Some(item) => {
                                self.incref(item);
                                if let Some(Itertool {
                                    kind: Kind::Cycle { saved, .. },
                                    ..
                                }) = self.native_mut::<Itertool>(iterator)
                                {
                                    saved.push(item);
                                }
                                return Ok(Some(item));
                            }
                            None => {
                                if let Some(Itertool {
                                    kind: Kind::Cycle { exhausted, .. },
                                    ..
                                }) = self.native_mut::<Itertool>(iterator)
                                {
                                    *exhausted = true;
                                }
                            }
                        },
                        None => return Ok(None),
                    }
                    return self.step_itertool(iterator);
                }
                if saved.is_empty() {
                    return Ok(None);
                }
                let item = saved[*position % saved.len()];
                *position += 1;
                self.incref(item);
                Ok(Some(item))
            }
            Kind::Chain {
                current,
                lazy_sources,
            } => {
                let (index, lazy) = (*current, *lazy_sources);
                if lazy {
                    return self.step_chain_lazily(iterator);
                }
                let Some(&source) = sources.get(index) else {
                    return Ok(None);
                };
                match self.next_item(source)? {
                    Some(item) => Ok(Some(item)),
                    None => {
                        if let Some(Itertool {
                            kind: Kind::Chain { current, .. },
                            ..
                        }) = self.native_mut::<Itertool>(iterator)
                        {
                            *current += 1;
                        }
                        self.step_itertool(iterator)
                    }
                }
            }
            Kind::Islice {
                next_index,
                skip_to,
                stop,
                step,
            } => {
                let (mut index, target, stop, step) = (*next_index, *skip_to, *stop, *step);
                if stop.is_some_and(|s| target >= s) {
                    return Ok(None);
                }
                let Some(&source) = sources.first() else {
                    return Ok(None);
                };
                while index < target {
                    match self.next_item(source)? {
                        Some(item) => self.decref(item),
                        None => return Ok(None),
                    }
                    index += 1;
                }
                let item = self.next_item(source)?;
                if let Some(Itertool {
                    kind:
                        Kind::Islice {
                            next_index,
                            skip_to,
                            ..
                        },
                    ..
                }) = self.native_mut::<Itertool>(iterator)
                {
                    *next_index = index + 1;
                    *skip_to = target + step;
                }
                Ok(item)
            }
            Kind::Accumulate {
                total,
                function,
                initial_pending,
            } => {
                let (previous, function) = (*total, *function);
                if std::mem::take(initial_pending)
                    && let Some(initial) = previous
                {
                    self.incref(initial);
                    return Ok(Some(initial));
                }
                let Some(&source) = sources.first() else {
                    return Ok(None);
                };
                let next = match (previous, self.next_item(source)?) {
                    (None, None) => return Ok(None),
                    (Some(_), None) => return Ok(None),
                    (None, Some(item)) => item,
                    (Some(prev), Some(item)) => {
                        let result = match function {
                            Some(f) => {
                                self.incref(prev);
                                self.call(f, vec![prev, item], None)
                            }
                            None => {
                                let sum =
                                    self.binary_op(crate::bytecode::BinaryOp::Add, prev, item);
                                self.decref(item);
                                sum
                            }
                        };
                        result?
                    }
                };
                self.incref(next);
                let old = self
                    .native_mut::<Itertool>(iterator)
                    .and_then(|t| match &mut t.kind {
                        Kind::Accumulate { total, .. } => total.replace(next),
                        _ => None,
                    });
                self.decref_all(old);
                Ok(Some(next))
            }
            Kind::While {
                predicate,
                take,
                done,
            } => {
                let (predicate, take, finished) = (*predicate, *take, *done);
                let Some(&source) = sources.first() else {
                    return Ok(None);
                };
                if take && finished {
                    return Ok(None);
                }
                loop {
                    let Some(item) = self.next_item(source)? else {
                        return Ok(None);
                    };
                    if !take && finished {
                        return Ok(Some(item));
                    }
                    self.incref(item);
                    let verdict = self.call(predicate, vec![item], None)?;
                    let truth = self.truthy(verdict);
                    self.decref(verdict);
                    let truth = truth?;
                    if take {
                        if truth {
                            return Ok(Some(item));
                        }
                        self.decref(item);
                        self.set_itertool_done(iterator);
                        return Ok(None);
                    }
                    if !truth {
                        self.set_itertool_done(iterator);
                        return Ok(Some(item));
                    }
                    self.decref(item);
                }
            }
            Kind::ZipLongest { fill, active } => {
                let fill = *fill;
                let mut flags = active.clone();
                let mut items = vec![];
                for (i, &source) in sources.iter().enumerate() {
                    let item = if flags[i] {
                        self.next_item(source)?
                    } else {
                        None
                    };
                    match item {
                        Some(item) => items.push(item),
                        None => {
                            flags[i] = false;
                            self.incref(fill);
                            items.push(fill);
                        }
                    }
                }
                if !flags.iter().any(|&a| a) {
                    self.decref_all(items);
                    return Ok(None);
                }
                if let Some(Itertool {
                    kind: Kind::ZipLongest { active, .. },
                    ..
                }) = self.native_mut::<Itertool>(iterator)
                {
                    *active = flags;
                }
                Ok(Some(self.alloc(Payload::Tuple(items.into()))))
            }
            Kind::Indexed {
                pools,
                picks,
                position,
            } => {
                let Some(pick) = picks.get(*position) else {
                    return Ok(None);
                };
                *position += 1;
                let items: Vec<ObjRef> = pick
                    .iter()
                    .map(|&i| pools[i / PRODUCT_STRIDE][i % PRODUCT_STRIDE])
                    .collect();
                Ok(Some(self.new_tuple_of(items)))
            }
            Kind::Starmap { function } => {
                let function = *function;
                let Some(&source) = sources.first() else {
                    return Ok(None);
                };
                let Some(args) = self.next_item(source)? else {
                    return Ok(None);
                };
                let items = self.collect_items(args);
                self.decref(args);
                self.call(function, items?, None).map(Some)
            }
            Kind::Pairwise { last } => {
                let previous = *last;
                let Some(&source) = sources.first() else {
                    return Ok(None);
                };
                let previous = match previous {
                    Some(p) => p,
                    None => match self.next_item(source)? {
                        Some(first) => first,
                        None => return Ok(None),
                    },
                };
                let Some(next) = self.next_item(source)? else {
                    if let Some(Itertool {
                        kind: Kind::Pairwise { last },
                        ..
                    }) = self.native_mut::<Itertool>(iterator)
                    {
                        *last = None;
                    }
                    self.decref(previous);
                    return Ok(None);
                };
                self.incref(next);
                if let Some(Itertool {
                    kind: Kind::Pairwise { last },
                    ..
                }) = self.native_mut::<Itertool>(iterator)
                {
                    *last = Some(next);
                }
                Ok(Some(self.alloc(Payload::tuple([previous, next]))))
            }
        }
    }

    pub(crate) fn set_itertool_done(&mut self, iterator: ObjRef) {
        if let Some(Itertool {
            kind: Kind::While { done, .. },
            ..
        }) = self.native_mut::<Itertool>(iterator)
        {
            *done = true;
        }
    }

    /// `chain.from_iterable`: `sources[0]` yields iterables, opened one at a time.
    pub(crate) fn step_chain_lazily(&mut self, iterator: ObjRef) -> PyResult<Option<ObjRef>> {
        loop {
            let sources = match self.native::<Itertool>(iterator) {
                Some(t) => t.sources.clone(),
                None => return Ok(None),
            };
            if let Some(&inner) = sources.get(1) {
                if let Some(item) = self.next_item(inner)? {
                    return Ok(Some(item));
                }
                let finished = self
                    .native_mut::<Itertool>(iterator)
                    .map(|t| t.sources.remove(1));
                self.decref_all(finished);
                continue;
            }
            let Some(&outer) = sources.first() else {
                return Ok(None);
            };
            let Some(next_iterable) = self.next_item(outer)? else {
                return Ok(None);
            };
            let inner = self.get_iter(next_iterable);
            self.decref(next_iterable);
            let inner = inner?;
            if let Some(t) = self.native_mut::<Itertool>(iterator) {
                t.sources.push(inner);
            }
        }
    }
}

impl Vm {
    /// `next()` of an itertools iterator; `None` if `iterator` is not one.
    pub(crate) fn next_itertool(&mut self, iterator: ObjRef) -> Option<PyResult<Option<ObjRef>>> {
        self.native::<Itertool>(iterator)?;
        Some(self.step_itertool(iterator))
    }

    /// True for an itertools iterator.
    pub(crate) fn is_itertool(&self, r: ObjRef) -> bool {
        self.native::<Itertool>(r).is_some()
    }
}
