//! `functools`: `reduce`, `partial`, `wraps`, and the caches `lru_cache` and
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

use std::any::Any;
use std::rc::Rc;

use ch01_objects::{DictKey, NativeObject, ObjRef, Payload};

use crate::types::builtin_fn::BuiltinFn;
use crate::types::exceptions::ExcKind;
use crate::types::native::{Builtin, Function};
use crate::vm::{PyResult, Vm};

/// `functools.partial(f, *args, **kwargs)`.
#[derive(Debug)]
pub struct Partial {
    /// The function.
    pub function: ObjRef,
    /// Arguments put before the call's own.
    pub args: Vec<ObjRef>,
    /// Keyword arguments, overridden by the call's.
    pub kwargs: Vec<(Rc<str>, ObjRef)>,
}

impl NativeObject for Partial {
    fn type_name(&self) -> &str {
        "functools.partial"
    }
    fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        visit(self.function);
        self.args.iter().copied().for_each(&mut *visit);
        self.kwargs.iter().map(|(_, v)| *v).for_each(visit);
    }
    fn take_refs(&mut self, out: &mut Vec<ObjRef>) {
        out.push(self.function);
        out.append(&mut self.args);
        out.extend(self.kwargs.drain(..).map(|(_, v)| v));
    }
    fn size(&self) -> usize {
        80
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// One cached result.
#[derive(Debug)]
struct Entry {
    key: DictKey,
    key_object: ObjRef,
    result: ObjRef,
}

/// A function wrapped by `lru_cache` or `cache`. CPython: `_lru_cache_wrapper`.
#[derive(Debug)]
pub struct CachedFunction {
    /// The wrapped function.
    pub function: ObjRef,
    /// Entries, least recently used first.
    entries: Vec<Entry>,
    /// `None` for an unbounded cache.
    maxsize: Option<usize>,
    hits: i64,
    misses: i64,
}

impl NativeObject for CachedFunction {
    fn type_name(&self) -> &str {
        "functools._lru_cache_wrapper"
    }
    fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        visit(self.function);
        for entry in &self.entries {
            visit(entry.key_object);
            visit(entry.result);
        }
    }
    fn take_refs(&mut self, out: &mut Vec<ObjRef>) {
        for entry in self.entries.drain(..) {
            out.push(entry.key_object);
            out.push(entry.result);
        }
        out.push(self.function);
    }
    fn size(&self) -> usize {
        88
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// `cached.cache_info()`. CPython: the named tuple `CacheInfo`.
#[derive(Debug, Clone, Copy)]
pub struct CacheInfo {
    hits: i64,
    misses: i64,
    maxsize: Option<usize>,
    currsize: usize,
}

impl NativeObject for CacheInfo {
    fn type_name(&self) -> &str {
        "CacheInfo"
    }
    fn visit_refs(&self, _visit: &mut dyn FnMut(ObjRef)) {}
    fn take_refs(&mut self, _out: &mut Vec<ObjRef>) {}
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

impl CacheInfo {
    /// Its repr, as the named tuple prints.
    pub fn text(&self) -> String {
        let maxsize = self.maxsize.map_or("None".to_string(), |m| m.to_string());
        format!(
            "CacheInfo(hits={}, misses={}, maxsize={maxsize}, currsize={})",
            self.hits, self.misses, self.currsize
        )
    }
}

/// The functions of the `functools` module.
pub(crate) const FUNCTOOLS_FUNCTIONS: &[BuiltinFn] = &[
    BuiltinFn::Reduce,
    BuiltinFn::PartialNew,
    BuiltinFn::Wraps,
    BuiltinFn::LruCache,
    BuiltinFn::CacheDecorator,
];

/// The module, for the registry in [`crate::modules`].
pub(crate) const MODULE: crate::modules::NativeModule = crate::modules::NativeModule {
    name: "functools",
    functions: &[],
    table_functions: FUNCTOOLS_FUNCTIONS,
    values: crate::modules::no_values,
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
                for &r in std::iter::once(&target).chain(rest) {
                    self.incref(r);
                }
                for (_, v) in kwargs {
                    self.incref(*v);
                }
                Ok(self.new_native(Partial {
                    function: target,
                    args: rest.to_vec(),
                    kwargs: kwargs.to_vec(),
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
            )
        });
        let Some((name, qualname, attrs)) = identity else {
            return;
        };
        if let Some(f) = self.native_mut::<Function>(wrapper) {
            f.name = name;
            f.qualname = qualname;
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

    /// True for a `partial` or a cached function.
    pub(crate) fn is_functools_callable(&self, r: ObjRef) -> bool {
        self.native::<Partial>(r).is_some() || self.native::<CachedFunction>(r).is_some()
    }

    /// Calls a `partial` or a cached function. Takes the arguments'
    /// references, as [`Vm::call`] does.
    pub(crate) fn call_functools(
        &mut self,
        callable: ObjRef,
        args: Vec<ObjRef>,
        kwargs: Option<Vec<(Rc<str>, ObjRef)>>,
    ) -> PyResult<ObjRef> {
        if let Some(partial) = self.native::<Partial>(callable) {
            let function = partial.function;
            let mut all: Vec<ObjRef> = partial.args.clone();
            let mut all_kwargs = partial.kwargs.clone();
            for &arg in &all {
                self.incref(arg);
            }
            for (_, v) in &all_kwargs {
                self.incref(*v);
            }
            all.extend(args);
            for (name, value) in kwargs.unwrap_or_default() {
                match all_kwargs.iter_mut().find(|(n, _)| *n == name) {
                    Some(slot) => {
                        let old = std::mem::replace(&mut slot.1, value);
                        self.decref(old);
                    }
                    None => all_kwargs.push((name, value)),
                }
            }
            let kwargs = (!all_kwargs.is_empty()).then_some(all_kwargs);
            self.incref(function);
            let result = self.call(function, all, kwargs);
            self.decref(function);
            return result;
        }
        self.call_cached(callable, args, kwargs)
    }

    fn call_cached(
        &mut self,
        cached: ObjRef,
        args: Vec<ObjRef>,
        kwargs: Option<Vec<(Rc<str>, ObjRef)>>,
    ) -> PyResult<ObjRef> {
        // CPython's key: the argument itself for one int or str, else a tuple.
        let simple = kwargs.as_ref().is_none_or(Vec::is_empty)
            && args.len() == 1
            && matches!(self.payload(args[0]), Payload::Int(_) | Payload::Str(_));
        let key_object = if simple {
            self.incref(args[0]);
            args[0]
        } else {
            let mut parts = args.clone();
            for (name, value) in kwargs.iter().flatten() {
                parts.push(self.intern(name));
                parts.push(*value);
            }
            self.new_tuple_of(parts)
        };
        let key = match self.hash_key(key_object) {
            Ok(key) => key,
            Err(err) => {
                self.decref(key_object);
                self.decref_all(args);
                self.decref_kwargs(kwargs);
                return Err(err);
            }
        };
        let found = self.native_mut::<CachedFunction>(cached).and_then(|c| {
            let position = c.entries.iter().position(|e| e.key == key)?;
            // A hit becomes the most recently used entry.
            let entry = c.entries.remove(position);
            let result = entry.result;
            c.entries.push(entry);
            c.hits += 1;
            Some(result)
        });
        if let Some(result) = found {
            self.incref(result);
            self.decref(key_object);
            self.decref_all(args);
            self.decref_kwargs(kwargs);
            return Ok(result);
        }
        let function = match self.native_mut::<CachedFunction>(cached) {
            Some(c) => {
                c.misses += 1;
                c.function
            }
            None => self.singletons.none,
        };
        self.incref(function);
        let result = self.call(function, args, kwargs);
        self.decref(function);
        let result = match result {
            Ok(result) => result,
            Err(err) => {
                self.decref(key_object);
                return Err(err);
            }
        };
        self.incref(result);
        let evicted = self.native_mut::<CachedFunction>(cached).and_then(|c| {
            c.entries.push(Entry {
                key,
                key_object,
                result,
            });
            match c.maxsize {
                Some(max) if c.entries.len() > max => Some(c.entries.remove(0)),
                _ => None,
            }
        });
        if let Some(entry) = evicted {
            self.decref(entry.key_object);
            self.decref(entry.result);
        }
        Ok(result)
    }

    /// Attributes of the `functools` objects: `cache_info`, `cache_clear`,
    /// `__wrapped__`, and the fields of a `CacheInfo`.
    pub(crate) fn functools_attr(
        &mut self,
        object: ObjRef,
        name: &str,
    ) -> Option<PyResult<ObjRef>> {
        if let Some(info) = self.native::<CacheInfo>(object).copied() {
            let value = match name {
                "hits" => info.hits,
                "misses" => info.misses,
                "currsize" => info.currsize as i64,
                "maxsize" => match info.maxsize {
                    Some(m) => m as i64,
                    None => return Some(Ok(self.none())),
                },
                _ => return None,
            };
            return Some(Ok(self.new_int(value)));
        }
        let cached = self.native::<CachedFunction>(object)?;
        let function = cached.function;
        let method = match name {
            "cache_info" => BuiltinFn::CacheInfoMethod,
            "cache_clear" => BuiltinFn::CacheClearMethod,
            "__wrapped__" => {
                self.incref(function);
                return Some(Ok(function));
            }
            "__name__" | "__qualname__" => return Some(self.get_attr(function, name)),
            _ => return None,
        };
        self.incref(object);
        Some(Ok(self.new_native(Builtin {
            function: method,
            receiver: Some(object),
        })))
    }
}
