//! The objects `functools` makes that the eval loop must know how to call:
//! `partial` objects and the wrappers `lru_cache` and `cache` put around a
//! function, with their attributes (`cache_info()`, `__wrapped__`).
//!
//! Serves chapter 9: a cache keeps every argument and result it has seen
//! alive until `cache_clear()`.

use crate::types::builtin_fn::BuiltinFn;
use crate::types::native::Builtin;
use crate::types::native::native_kind;
use crate::vm::{PyResult, Vm};
use ch01_objects::{DictKey, NativeObject, ObjRef, Payload};
use std::any::Any;
use std::rc::Rc;

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
        self.function.held().into_iter().for_each(&mut *visit);
        self.args.iter().copied().for_each(&mut *visit);
        self.kwargs.iter().map(|(_, v)| *v).for_each(visit);
    }
    /// CPython 3.11's `partial_clear`: the function, then the `args` tuple
    /// (which releases its items last to first), then the keywords.
    fn take_refs(&mut self, out: &mut Vec<ObjRef>) {
        self.function.take_into(out);
        out.extend(self.args.drain(..).rev());
        out.extend(self.kwargs.drain(..).map(|(_, v)| v));
    }
    // What a partial holds is released inside the deallocation of its
    // `args` tuple (and `kw` dict), which the trashcan guards.
    fn uses_trashcan(&self) -> bool {
        true
    }
    /// CPython keeps the arguments in a tuple and the keywords in a dict of
    /// their own: the tuple is tracked from its making (3.11 untracks a
    /// tuple of atoms only when it survives a collection), the dict once it
    /// holds something that may be.
    fn hidden_objects(&self, may_be_tracked: &dyn Fn(ObjRef) -> bool) -> usize {
        let args = !self.args.is_empty();
        let kwargs = self.kwargs.iter().any(|&(_, v)| may_be_tracked(v));
        usize::from(args) + usize::from(kwargs)
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

/// A function wrapped by `lru_cache` or `cache`. CPython: `_lru_cache_wrapper`.
#[derive(Debug)]
pub struct CachedFunction {
    /// The wrapped function.
    pub function: ObjRef,
    /// Entries, least recently used first.
    pub(crate) entries: Vec<Entry>,
    /// `None` for an unbounded cache.
    pub(crate) maxsize: Option<usize>,
    pub(crate) hits: i64,
    pub(crate) misses: i64,
}

impl NativeObject for CachedFunction {
    fn type_name(&self) -> &str {
        "functools._lru_cache_wrapper"
    }
    fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        self.function.held().into_iter().for_each(&mut *visit);
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
        self.function.take_into(out);
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
    pub(crate) hits: i64,
    pub(crate) misses: i64,
    pub(crate) maxsize: Option<usize>,
    pub(crate) currsize: usize,
}

native_kind!(CacheInfo, "CacheInfo", |_this, _visit| {}, |_this, _out| {});

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

/// One cached result.
#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) key: DictKey,
    pub(crate) key_object: ObjRef,
    pub(crate) result: ObjRef,
}

impl Vm {
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

    pub(crate) fn call_cached(
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
