//! `itertools`: lazy iterator building blocks.
//!
//! Serves the appendix on the interpreter and chapter 3: each iterator
//! holds references only to what it still needs (its source iterators, the
//! pools `product` and `combinations` copy up front as CPython does) and
//! makes each result only when asked.

use crate::types::builtin_fn::BuiltinFn;
use crate::types::exceptions::ExcKind;
use crate::types::itertool::{Itertool, Kind, PRODUCT_STRIDE};
use crate::vm::{PyResult, Vm};
use ch01_objects::{ObjRef, Payload};

/// The functions of the `itertools` module.
pub(crate) const ITERTOOLS_FUNCTIONS: &[BuiltinFn] = &[
    BuiltinFn::ItCount,
    BuiltinFn::ItRepeat,
    BuiltinFn::ItCycle,
    BuiltinFn::ItChain,
    BuiltinFn::ItIslice,
    BuiltinFn::ItAccumulate,
    BuiltinFn::ItTakewhile,
    BuiltinFn::ItDropwhile,
    BuiltinFn::ItZipLongest,
    BuiltinFn::ItProduct,
    BuiltinFn::ItPermutations,
    BuiltinFn::ItCombinations,
    BuiltinFn::ItStarmap,
    BuiltinFn::ItPairwise,
];

/// The module, for the registry in [`crate::modules`].
pub(crate) const MODULE: crate::modules::NativeModule = crate::modules::NativeModule {
    name: "itertools",
    functions: &[],
    table_functions: ITERTOOLS_FUNCTIONS,
    values,
};

/// `groupby`, `compress`, `filterfalse`, `tee` and
/// `combinations_with_replacement`, written in Python.
const MORE_SOURCE: &str = include_str!("itertools_more.py");

/// The module's values: the tools written in Python.
fn values(vm: &mut Vm) -> Vec<(&'static str, ObjRef)> {
    let names = [
        "groupby",
        "compress",
        "filterfalse",
        "tee",
        "combinations_with_replacement",
    ];
    crate::modules::python_part_values(vm, MORE_SOURCE, "<itertools>", &names)
}

impl Vm {
    fn new_itertool(&mut self, name: &'static str, kind: Kind, sources: Vec<ObjRef>) -> ObjRef {
        self.new_native(Itertool {
            name,
            kind,
            sources,
        })
    }

    fn iterators_of(&mut self, iterables: &[ObjRef]) -> PyResult<Vec<ObjRef>> {
        let mut sources = vec![];
        for &iterable in iterables {
            match self.get_iter(iterable) {
                Ok(it) => sources.push(it),
                Err(err) => {
                    self.decref_all(sources);
                    return Err(err);
                }
            }
        }
        Ok(sources)
    }

    fn small_int_arg(&mut self, r: ObjRef, what: &str) -> PyResult<usize> {
        match self.payload(r) {
            Payload::Int(n) if *n >= 0 => Ok(*n as usize),
            _ => Err(self.error(
                ExcKind::ValueError,
                format!("{what} must be a non-negative integer"),
            )),
        }
    }

    /// The `itertools` functions (arguments borrowed).
    pub(crate) fn itertools_call(
        &mut self,
        function: BuiltinFn,
        args: &[ObjRef],
        kwargs: &[(std::rc::Rc<str>, ObjRef)],
    ) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        let kwarg = |name: &str| kwargs.iter().find(|(k, _)| &**k == name).map(|(_, v)| *v);
        match function {
            F::ItCount => {
                let zero = self.new_int(0);
                let one = self.new_int(1);
                let next = args.first().copied().or(kwarg("start")).unwrap_or(zero);
                let step = args.get(1).copied().or(kwarg("step")).unwrap_or(one);
                self.incref(next);
                self.incref(step);
                Ok(self.new_itertool("count", Kind::Count { next, step }, vec![]))
            }
            F::ItRepeat => {
                let item = args.first().copied().unwrap_or(self.singletons.none);
                let left = match args.get(1).copied().or(kwarg("times")) {
                    Some(n) => Some(self.small_int_arg(n, "times")?),
                    None => None,
                };
                self.incref(item);
                Ok(self.new_itertool("repeat", Kind::Repeat { item, left }, vec![]))
            }
            F::ItCycle => {
                let sources = self.iterators_of(&args[..args.len().min(1)])?;
                let kind = Kind::Cycle {
                    saved: vec![],
                    position: 0,
                    exhausted: false,
                };
                Ok(self.new_itertool("cycle", kind, sources))
            }
            F::ItChain | F::ItChainFromIterable => {
                let lazy = function == F::ItChainFromIterable;
                let sources = if lazy {
                    self.iterators_of(&args[..args.len().min(1)])?
                } else {
                    self.iterators_of(args)?
                };
                let kind = Kind::Chain {
                    current: 0,
                    lazy_sources: lazy,
                };
                Ok(self.new_itertool("chain", kind, sources))
            }
            F::ItIslice => {
                let bound = |vm: &mut Vm, r: Option<&ObjRef>| -> PyResult<Option<usize>> {
                    match r {
                        Some(&r) if r != vm.none() => {
                            vm.small_int_arg(r, "Indices for islice()").map(Some)
                        }
                        _ => Ok(None),
                    }
                };
                let (start, stop, step) = match args.len() {
                    0 | 1 => {
                        return Err(self.error(
                            ExcKind::TypeError,
                            "islice expected at least 2 arguments".into(),
                        ));
                    }
                    2 => (0, bound(self, args.get(1))?, 1),
                    _ => (
                        bound(self, args.get(1))?.unwrap_or(0),
                        bound(self, args.get(2))?,
                        bound(self, args.get(3))?.unwrap_or(1).max(1),
                    ),
                };
                let sources = self.iterators_of(&args[..1])?;
                let kind = Kind::Islice {
                    next_index: 0,
                    skip_to: start,
                    stop,
                    step,
                };
                Ok(self.new_itertool("islice", kind, sources))
            }
            F::ItAccumulate => {
                let function = args
                    .get(1)
                    .copied()
                    .or(kwarg("func"))
                    .filter(|&f| f != self.none());
                let total = kwarg("initial").filter(|&i| i != self.none());
                for r in function.iter().chain(&total) {
                    self.incref(*r);
                }
                let sources = self.iterators_of(&args[..args.len().min(1)])?;
                let kind = Kind::Accumulate {
                    total,
                    function,
                    initial_pending: total.is_some(),
                };
                Ok(self.new_itertool("accumulate", kind, sources))
            }
            F::ItTakewhile | F::ItDropwhile => {
                let (Some(&predicate), Some(_)) = (args.first(), args.get(1)) else {
                    return Err(self.error(ExcKind::TypeError, "expected 2 arguments".into()));
                };
                self.incref(predicate);
                let sources = self.iterators_of(&args[1..2])?;
                let take = function == F::ItTakewhile;
                let name = if take { "takewhile" } else { "dropwhile" };
                Ok(self.new_itertool(
                    name,
                    Kind::While {
                        predicate,
                        take,
                        done: false,
                    },
                    sources,
                ))
            }
            F::ItZipLongest => {
                let fill = kwarg("fillvalue").unwrap_or(self.singletons.none);
                self.incref(fill);
                let sources = self.iterators_of(args)?;
                let active = vec![true; sources.len()];
                Ok(self.new_itertool("zip_longest", Kind::ZipLongest { fill, active }, sources))
            }
            F::ItProduct | F::ItPermutations | F::ItCombinations => {
                self.combinatoric(function, args, kwarg("repeat").or(kwarg("r")))
            }
            F::ItStarmap => {
                let (Some(&function), Some(_)) = (args.first(), args.get(1)) else {
                    return Err(
                        self.error(ExcKind::TypeError, "starmap expected 2 arguments".into())
                    );
                };
                self.incref(function);
                let sources = self.iterators_of(&args[1..2])?;
                Ok(self.new_itertool("starmap", Kind::Starmap { function }, sources))
            }
            F::ItPairwise => {
                let sources = self.iterators_of(&args[..args.len().min(1)])?;
                Ok(self.new_itertool("pairwise", Kind::Pairwise { last: None }, sources))
            }
            _ => Err(self.error(
                ExcKind::SystemError,
                format!("unknown itertools function {}", function.name()),
            )),
        }
    }

    /// `product`, `permutations` and `combinations`: the pools are copied
    /// now, as CPython does; the results are made one at a time.
    fn combinatoric(
        &mut self,
        function: BuiltinFn,
        args: &[ObjRef],
        r_keyword: Option<ObjRef>,
    ) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        let mut pools = vec![];
        let iterables = if function == F::ItProduct {
            args
        } else {
            &args[..args.len().min(1)]
        };
        for &iterable in iterables {
            match self.collect_items(iterable) {
                Ok(items) => pools.push(items),
                Err(err) => {
                    pools.into_iter().for_each(|p| self.decref_all(p));
                    return Err(err);
                }
            }
        }
        let r_arg = if function == F::ItProduct {
            r_keyword
        } else {
            args.get(1).copied().or(r_keyword)
        };
        let r = match r_arg.filter(|&r| r != self.none()) {
            Some(r) => match self.small_int_arg(r, "r") {
                Ok(r) => Some(r),
                Err(err) => {
                    pools.into_iter().for_each(|p| self.decref_all(p));
                    return Err(err);
                }
            },
            None => None,
        };
        let (name, picks) = match function {
            F::ItProduct => {
                let repeat = r.unwrap_or(1);
                let sizes: Vec<usize> = pools.iter().map(Vec::len).collect();
                let sizes: Vec<usize> = (0..repeat).flat_map(|_| sizes.iter().copied()).collect();
                ("product", product_indices(&sizes))
            }
            F::ItPermutations => {
                let n = pools.first().map_or(0, Vec::len);
                ("permutations", permutation_indices(n, r.unwrap_or(n)))
            }
            _ => {
                let n = pools.first().map_or(0, Vec::len);
                let Some(r) = r else {
                    pools.into_iter().for_each(|p| self.decref_all(p));
                    return Err(self.error(
                        ExcKind::TypeError,
                        "combinations() missing required argument 'r' (pos 2)".into(),
                    ));
                };
                ("combinations", combination_indices(n, r))
            }
        };
        // `product(a, repeat=2)` reads the same pool twice.
        let pool_of_position: Vec<usize> = if function == F::ItProduct {
            let count = pools.len();
            (0..r.unwrap_or(1) * count)
                .map(|i| i % count.max(1))
                .collect()
        } else {
            vec![]
        };
        let picks = if function == F::ItProduct {
            picks
                .into_iter()
                .map(|p| {
                    p.into_iter()
                        .enumerate()
                        .map(|(i, index)| pool_of_position[i] * PRODUCT_STRIDE + index)
                        .collect()
                })
                .collect()
        } else {
            picks
        };
        Ok(self.new_itertool(
            name,
            Kind::Indexed {
                pools,
                picks,
                position: 0,
            },
            vec![],
        ))
    }
}

/// Every index tuple of a product of pools of these sizes, last one fastest.
fn product_indices(sizes: &[usize]) -> Vec<Vec<usize>> {
    let mut result = vec![vec![]];
    for &size in sizes {
        let mut next = Vec::with_capacity(result.len() * size);
        for prefix in &result {
            for i in 0..size {
                let mut pick = prefix.clone();
                pick.push(i);
                next.push(pick);
            }
        }
        result = next;
    }
    result
}

/// `r`-permutations of `n` positions in lexicographic order, as CPython yields them.
fn permutation_indices(n: usize, r: usize) -> Vec<Vec<usize>> {
    if r > n {
        return vec![];
    }
    let mut result = vec![];
    let mut current = vec![];
    let mut used = vec![false; n];
    fn walk(
        n: usize,
        r: usize,
        current: &mut Vec<usize>,
        used: &mut [bool],
        out: &mut Vec<Vec<usize>>,
    ) {
        if current.len() == r {
            out.push(current.clone());
            return;
        }
        for i in 0..n {
            if !used[i] {
                used[i] = true;
                current.push(i);
                walk(n, r, current, used, out);
                current.pop();
                used[i] = false;
            }
        }
    }
    walk(n, r, &mut current, &mut used, &mut result);
    result
}

/// `r`-combinations of `n` positions in lexicographic order.
fn combination_indices(n: usize, r: usize) -> Vec<Vec<usize>> {
    if r > n {
        return vec![];
    }
    let mut result = vec![];
    let mut pick: Vec<usize> = (0..r).collect();
    loop {
        result.push(pick.clone());
        let Some(i) = (0..r).rev().find(|&i| pick[i] != i + n - r) else {
            return result;
        };
        pick[i] += 1;
        for j in i + 1..r {
            pick[j] = pick[j - 1] + 1;
        }
    }
}
