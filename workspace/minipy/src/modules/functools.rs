//! `functools`: `reduce`, `partial`, `wraps` and `update_wrapper`, and the caches `lru_cache` and
//! `cache`.
//!
//! Serves chapter 9 (why memory *looks* leaked): a cached function keeps
//! every argument tuple and every result it has seen alive until the cache
//! evicts them or is cleared; `cache_info()` shows how many it holds.
//!
//! ```text
//!  cached(f) ──▶ CachedFunction ──▶ entries: key (the argument, or a tuple
//!                     │                      of the arguments) → result
//!                     └──▶ f                 (least recently used first)
//! ```

use crate::types::builtin_fn::BuiltinFn;
use crate::types::callable_wrappers::{CacheInfo, CachedFunction, Partial};
use crate::types::exceptions::ExcKind;
use crate::types::native::{Builtin, Function};
use crate::vm::{PyResult, Vm};
use ch01_objects::{ObjRef, Payload};
use std::rc::Rc;

/// The functions of the `functools` module.
pub(crate) const FUNCTOOLS_FUNCTIONS: &[BuiltinFn] = &[
    BuiltinFn::Reduce,
    BuiltinFn::PartialNew,
    BuiltinFn::Wraps,
    BuiltinFn::UpdateWrapper,
    BuiltinFn::LruCache,
    BuiltinFn::CacheDecorator,
];

/// The module, for the registry in [`crate::modules`].
pub(crate) const MODULE: crate::modules::NativeModule = crate::modules::NativeModule {
    name: "functools",
    functions: &[],
    table_functions: FUNCTOOLS_FUNCTIONS,
    values,
};

impl Vm {
    /// `functools.*` and the methods of its objects (arguments borrowed).
    pub(crate) fn functools_call(
        &mut self,
        function: BuiltinFn,
        args: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        match function {
            F::Reduce => self.reduce(args),
            F::PartialNew => {
                let Some((&target, rest)) = args.split_first() else {
                    return Err(self.error(
                        ExcKind::TypeError,
                        "type 'partial' takes at least one argument".into(),
                    ));
                };
                // A partial of a partial is flattened into one, its
                // arguments first and the new keywords over its own
                // (CPython 3.11's `partial_new`).
                let (target, mut all_args, mut all_kwargs) = match self.native::<Partial>(target) {
                    Some(inner) => (inner.function, inner.args.clone(), inner.kwargs.clone()),
                    None => (target, vec![], vec![]),
                };
                all_args.extend_from_slice(rest);
                for (name, value) in kwargs {
                    match all_kwargs.iter_mut().find(|(k, _)| k == name) {
                        Some(slot) => slot.1 = *value,
                        None => all_kwargs.push((name.clone(), *value)),
                    }
                }
                self.incref(target);
                all_args.iter().for_each(|&r| self.incref(r));
                all_kwargs.iter().for_each(|(_, v)| self.incref(*v));
                Ok(self.new_native(Partial {
                    function: target,
                    args: all_args,
                    kwargs: all_kwargs,
                }))
            }
            F::Wraps => {
                let wrapped = self.one_arg(args, function)?;
                self.incref(wrapped);
                Ok(self.new_native(Builtin {
                    function: F::WrapsApply,
                    receiver: Some(wrapped),
                }))
            }
            F::UpdateWrapper => {
                // `update_wrapper(wrapper, wrapped)`: what `wraps(wrapped)`
                // does to `wrapper`.
                let [wrapper, wrapped] = args else {
                    return Err(self.error(
                        ExcKind::TypeError,
                        format!(
                            "update_wrapper() takes 2 positional arguments but {} were given",
                            args.len()
                        ),
                    ));
                };
                self.copy_function_identity(*wrapped, *wrapper);
                Ok(self.new_ref(*wrapper))
            }
            F::WrapsApply => {
                let (wrapped, wrapper) = (args[0], self.one_arg(&args[1..], function)?);
                self.copy_function_identity(wrapped, wrapper);
                self.incref(wrapper);
                Ok(wrapper)
            }
            F::LruCache | F::CacheDecorator => {
                let maxsize = match (function, args.first().or(kwargs.first().map(|(_, v)| v))) {
                    (F::CacheDecorator, _) => None,
                    (_, None) => Some(128),
                    (_, Some(&arg)) if arg == self.none() => None,
                    (_, Some(&arg)) if self.is_callable_object(arg) => {
                        // `@lru_cache` without parentheses.
                        return Ok(self.new_cached(arg, Some(128)));
                    }
                    (_, Some(&arg)) => match self.payload(arg) {
                        Payload::Int(n) => Some((*n).max(0) as usize),
                        _ => {
                            return Err(self.error(
                                ExcKind::TypeError,
                                "Expected first argument to be an integer, a callable, or None"
                                    .into(),
                            ));
                        }
                    },
                };
                if function == F::CacheDecorator {
                    let target = self.one_arg(args, function)?;
                    return Ok(self.new_cached(target, None));
                }
                let marker = self.new_int(maxsize.map_or(-1, |m| m as i64));
                Ok(self.new_native(Builtin {
                    function: F::LruCacheApply,
                    receiver: Some(marker),
                }))
            }
            F::LruCacheApply => {
                let maxsize = match self.payload(args[0]) {
                    Payload::Int(n) if *n >= 0 => Some(*n as usize),
                    _ => None,
                };
                let target = self.one_arg(&args[1..], function)?;
                Ok(self.new_cached(target, maxsize))
            }
            F::CacheInfoMethod => {
                let info = match self.native::<CachedFunction>(args[0]) {
                    Some(c) => CacheInfo {
                        hits: c.hits,
                        misses: c.misses,
                        maxsize: c.maxsize,
                        currsize: c.entries.len(),
                    },
                    None => return Err(self.error(ExcKind::TypeError, "not a cache".into())),
                };
                Ok(self.new_native(info))
            }
            F::CacheClearMethod => {
                let entries = self
                    .native_mut::<CachedFunction>(args[0])
                    .map(|c| {
                        c.hits = 0;
                        c.misses = 0;
                        std::mem::take(&mut c.entries)
                    })
                    .unwrap_or_default();
                for entry in entries {
                    self.decref(entry.key_object);
                    self.decref(entry.result);
                }
                Ok(self.none())
            }
            _ => Err(self.error(
                ExcKind::SystemError,
                format!("unknown functools function {}", function.name()),
            )),
        }
    }

    fn one_arg(&mut self, args: &[ObjRef], function: BuiltinFn) -> PyResult<ObjRef> {
        match args.first() {
            Some(&arg) => Ok(arg),
            None => Err(self.error(
                ExcKind::TypeError,
                format!("{}() missing required argument", function.name()),
            )),
        }
    }

    fn is_callable_object(&self, r: ObjRef) -> bool {
        matches!(self.payload(r), Payload::Class(_))
            || self.native::<Function>(r).is_some()
            || self.native::<Builtin>(r).is_some()
            || self.native::<Partial>(r).is_some()
            || self.native::<CachedFunction>(r).is_some()
    }

    fn new_cached(&mut self, function: ObjRef, maxsize: Option<usize>) -> ObjRef {
        self.incref(function);
        self.new_native(CachedFunction {
            function,
            entries: vec![],
            maxsize,
            hits: 0,
            misses: 0,
        })
    }

    /// `functools.reduce(f, iterable[, initial])`.
    fn reduce(&mut self, args: &[ObjRef]) -> PyResult<ObjRef> {
        let (Some(&function), Some(&iterable)) = (args.first(), args.get(1)) else {
            return Err(self.error(
                ExcKind::TypeError,
                "reduce expected at least 2 arguments".into(),
            ));
        };
        let items = self.collect_items(iterable)?;
        let mut items = items.into_iter();
        let mut total = match args.get(2) {
            Some(&initial) => {
                self.incref(initial);
                initial
            }
            None => match items.next() {
                Some(first) => first,
                None => {
                    return Err(self.error(
                        ExcKind::TypeError,
                        "reduce() of empty iterable with no initial value".into(),
                    ));
                }
            },
        };
        while let Some(item) = items.next() {
            match self.call(function, vec![total, item], None) {
                Ok(next) => total = next,
                Err(err) => {
                    self.decref_all(items.collect::<Vec<_>>());
                    return Err(err);
                }
            }
        }
        Ok(total)
    }

    /// `functools.wraps`: the wrapper takes the wrapped function's name,
    /// qualified name and attributes, and keeps it as `__wrapped__`.
    fn copy_function_identity(&mut self, wrapped: ObjRef, wrapper: ObjRef) {
        let identity = self.native::<Function>(wrapped).map(|f| {
            (
                f.name.clone(),
                f.qualname.clone(),
                f.attrs.iter().collect::<Vec<_>>(),
                f.doc.clone().unwrap_or_else(|| f.code.docstring.clone()),
            )
        });
        let Some((name, qualname, attrs, doc)) = identity else {
            return;
        };
        if let Some(f) = self.native_mut::<Function>(wrapper) {
            f.name = name;
            f.qualname = qualname;
            f.doc = Some(doc);
        }
        if self.native::<Function>(wrapper).is_none() {
            return;
        }
        for (key, value) in attrs {
            if let Some(key) = self.str_of(key).map(str::to_string) {
                self.incref(value);
                self.set_function_attr(wrapper, &key, value);
            }
        }
        self.incref(wrapped);
        self.set_function_attr(wrapper, "__wrapped__", wrapped);
    }
}

/// `total_ordering`, written in Python as CPython's is.
const ORDERING_SOURCE: &str = include_str!("functools_ordering.py");

/// `cmp_to_key` and `cached_property`, written in Python as CPython's are.
const KEYS_SOURCE: &str = include_str!("functools_keys.py");

/// The module's values: `total_ordering`, `cmp_to_key`, `cached_property`.
fn values(vm: &mut Vm) -> Vec<(&'static str, ObjRef)> {
    use crate::modules::python_part_values;
    let mut values = python_part_values(vm, ORDERING_SOURCE, "<functools>", &["total_ordering"]);
    let names = ["cmp_to_key", "cached_property"];
    values.extend(python_part_values(vm, KEYS_SOURCE, "<functools>", &names));
    values
}
