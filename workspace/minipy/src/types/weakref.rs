//! Weak references: `weakref.ref(obj, callback)`. CPython: `PyWeakReference`
//! in `Objects/weakrefobject.c`. Serves chapter 6.
//!
//! A weak reference names an object without counting: the object dies when
//! its last (strong) reference goes, and the weak reference then answers
//! `None`. Before it goes, CPython clears every weak reference to it and
//! calls their callbacks, newest first (the callback-less one, shared by
//! every `weakref.ref(obj)`, is cleared first and has none).
//!
//! The interpreter keeps, for each weakly referenced object, the weak
//! references to it, in creation order (`Vm::weakrefs`); the object's
//! header carries chapter 2's `WEAKLY_REFERENCED` bit, so that freeing it
//! hands it to the interpreter first, as a `__del__` does.

use ch01_objects::ObjRef;

/// One weak reference.
#[derive(Debug)]
pub struct WeakRef {
    /// What it refers to, uncounted; `None` once that object is gone.
    pub referent: Option<ObjRef>,
    /// Called with the weak reference when the referent dies (a counted reference).
    pub callback: Option<ObjRef>,
    /// The referent's hash, once asked for: a weak reference hashes as its
    /// referent does, and keeps that hash after the referent dies, so that
    /// a dict keyed by it can still find it (CPython: `wr->hash`).
    pub hash: Option<i64>,
    /// For the reference inside a `weakref.proxy`: that proxy, which owns
    /// it and stands for it (uncounted). CPython's proxy is itself the
    /// weak reference.
    pub proxy: Option<ObjRef>,
}

crate::types::native::native_kind!(
    WeakRef,
    "ReferenceType",
    |this, visit| {
        // CPython's weakref traversal visits the callback only: the
        // referent is not held.
        this.callback.iter().copied().for_each(visit)
    },
    |that, out| { out.extend(that.callback.take()) }
);

use ch01_objects::Payload;
use ch02_refcount::flags;
use ch06_finalizers::weakrefs::{WeakRefEntry, callbacks_to_call, list_order};

use crate::types::exceptions::ExcKind;
use crate::vm::{PyResult, Vm};

impl Vm {
    // ANCHOR: weakref_new
    /// `weakref.ref(obj[, callback])`. Without a callback, the one shared
    /// weak reference to `obj` (made on first use). CPython: `weakref___new__`.
    pub(crate) fn weakref_new(&mut self, args: &[ObjRef]) -> PyResult<ObjRef> {
        let (referent, callback) = match args {
            [referent] => (*referent, None),
            [referent, callback] => (*referent, Some(*callback).filter(|&c| c != self.none())),
            _ => {
                let message = match args.len() {
                    0 => "__new__ expected at least 1 argument, got 0".to_string(),
                    n => format!("__new__ expected at most 2 arguments, got {n}"),
                };
                return Err(self.error(ExcKind::TypeError, message));
            }
        };
        self.check_weakrefable(referent)?;
        if callback.is_none()
            && let Some(shared) = self.weakrefs_to(referent).into_iter().find(|&r| {
                self.native::<WeakRef>(r)
                    .is_some_and(|w| w.callback.is_none() && w.proxy.is_none())
            })
        {
            self.incref(shared);
            return Ok(shared);
        }
        if let Some(callback) = callback {
            self.incref(callback);
        }
        Ok(self.new_weakref(referent, callback, None))
    }
    // ANCHOR_END: weakref_new

    /// A new weak reference to `referent` (taking `callback`'s reference),
    /// at the end of its list.
    fn new_weakref(
        &mut self,
        referent: ObjRef,
        callback: Option<ObjRef>,
        proxy: Option<ObjRef>,
    ) -> ObjRef {
        let weakref = self.new_native(WeakRef {
            referent: Some(referent),
            callback,
            hash: None,
            proxy,
        });
        flags::set_weakly_referenced(&mut self.mem.heap_mut().get_mut(referent).header, true);
        self.weakrefs.entry(referent).or_default().push(weakref);
        weakref
    }

    /// `proxy_ref(obj, callback, proxy)`, for `weakref.proxy`: the weak
    /// reference `proxy` holds and stands for. CPython: `PyWeakref_NewProxy`.
    pub(crate) fn weakref_proxy_ref(&mut self, args: &[ObjRef]) -> PyResult<ObjRef> {
        let &[referent, callback, proxy] = args else {
            return Err(self.error(ExcKind::TypeError, "proxy_ref expects 3 arguments".into()));
        };
        self.check_weakrefable(referent)?;
        let callback = Some(callback).filter(|&c| c != self.none());
        if let Some(callback) = callback {
            self.incref(callback);
        }
        Ok(self.new_weakref(referent, callback, Some(proxy)))
    }

    /// `existing_proxy(obj)`: the proxy without a callback that every
    /// `weakref.proxy(obj)` shares, or `None` if there is none yet.
    pub(crate) fn existing_proxy(&mut self, args: &[ObjRef]) -> PyResult<ObjRef> {
        let referent = self.arg(args, 0, "existing_proxy")?;
        let shared = self.weakrefs_to(referent).into_iter().find_map(|r| {
            self.native::<WeakRef>(r)
                .filter(|w| w.callback.is_none())
                .and_then(|w| w.proxy)
        });
        Ok(self.new_ref(shared.unwrap_or(self.none())))
    }

    /// The proxy that stands for `weakref`, if a proxy holds it.
    pub(crate) fn proxy_of(&self, weakref: ObjRef) -> Option<ObjRef> {
        self.native::<WeakRef>(weakref)
            .and_then(|w| w.proxy)
            .filter(|&proxy| self.mem.heap().is_live(proxy))
    }

    /// `TypeError` unless weak references may name `referent`.
    /// CPython's name (`tp_name`) for the weak reference types minipy writes
    /// as classes: `weakref.ProxyType` and `weakref.CallableProxyType`.
    pub(crate) fn weakref_type_name(&self, class: ObjRef) -> Option<&'static str> {
        let Payload::Class(c) = self.payload(class) else {
            return None;
        };
        let name = match &*c.name {
            "ProxyType" => "weakref.ProxyType",
            "CallableProxyType" => "weakref.CallableProxyType",
            _ => return None,
        };
        let module = c
            .attrs
            .get(&ch01_objects::DictKey::Str("__module__".into()));
        (module.and_then(|m| self.str_of(m)) == Some("weakref")).then_some(name)
    }

    fn check_weakrefable(&mut self, referent: ObjRef) -> PyResult<()> {
        if self.supports_weakrefs(referent) {
            return Ok(());
        }
        let type_name = self.type_name(referent);
        Err(self.error(
            ExcKind::TypeError,
            format!("cannot create weak reference to '{type_name}' object"),
        ))
    }

    /// True for the objects CPython 3.11 lets weak references name:
    /// instances (unless `__slots__` leaves out `__weakref__`), classes,
    /// functions and methods, sets, generators, modules.
    pub(crate) fn supports_weakrefs(&self, r: ObjRef) -> bool {
        match self.payload(r) {
            // A proxy cannot be weakly referenced itself (CPython's proxy
            // types have no `tp_weaklistoffset`).
            Payload::Instance(instance) if self.weakref_type_name(instance.class).is_some() => {
                false
            }
            Payload::Instance(instance) => self.instances_have(instance.class, "__weakref__"),
            Payload::Class(_) => true,
            Payload::Native(native) => matches!(
                native.type_name(),
                "function"
                    | "method"
                    | "builtin_function_or_method"
                    | "set"
                    | "frozenset"
                    | "generator"
                    | "module"
            ),
            _ => false,
        }
    }

    /// The live weak references to `referent`, oldest first (borrowed).
    pub(crate) fn weakrefs_to(&self, referent: ObjRef) -> Vec<ObjRef> {
        let Some(list) = self.weakrefs.get(&referent) else {
            return Vec::new();
        };
        list.iter()
            .copied()
            .filter(|&r| {
                self.mem.heap().is_live(r)
                    && self
                        .native::<WeakRef>(r)
                        .is_some_and(|w| w.referent == Some(referent))
            })
            .collect()
    }

    /// The weak references to `referent` in the order CPython keeps them:
    /// the shared one without a callback first, then the others, newest first.
    pub(crate) fn weakrefs_in_list_order(&self, referent: ObjRef) -> Vec<ObjRef> {
        self.weakref_entries(referent)
            .into_iter()
            .map(|entry| entry.weakref)
            .collect()
    }

    /// `referent`'s weak references as chapter 6's rules see them, in list order.
    fn weakref_entries(&self, referent: ObjRef) -> Vec<WeakRefEntry> {
        let mut weakrefs = self.weakrefs_to(referent);
        // The shared reference heads the list even if the shared proxy
        // came first (CPython inserts the proxy after it).
        if let Some(at) = weakrefs.iter().position(|&r| {
            self.native::<WeakRef>(r)
                .is_some_and(|w| w.callback.is_none() && w.proxy.is_none())
        }) {
            let basic = weakrefs.remove(at);
            weakrefs.insert(0, basic);
        }
        let created: Vec<WeakRefEntry> = weakrefs
            .into_iter()
            .map(|weakref| WeakRefEntry {
                weakref,
                has_callback: self
                    .native::<WeakRef>(weakref)
                    .is_some_and(|w| w.callback.is_some()),
            })
            .collect();
        list_order(&created)
    }

    /// Makes every weak reference to `referent` answer `None` and forgets
    /// them. Returns them in CPython's list order.
    fn clear_weakrefs_to(&mut self, referent: ObjRef) -> Vec<ObjRef> {
        let list = self.weakrefs_in_list_order(referent);
        for &weakref in &list {
            if let Some(w) = self.native_mut::<WeakRef>(weakref) {
                w.referent = None;
            }
        }
        self.weakrefs.remove(&referent);
        flags::set_weakly_referenced(&mut self.mem.heap_mut().get_mut(referent).header, false);
        list
    }

    // ANCHOR: clear_weakrefs
    /// `referent` is being freed: clears its weak references, then calls
    /// their callbacks, each with its weak reference. CPython:
    /// `PyObject_ClearWeakRefs`, called by `subtype_dealloc` after `__del__`.
    pub(crate) fn release_weakrefs(&mut self, referent: ObjRef) {
        let mut calls = Vec::new();
        for weakref in self.clear_weakrefs_to(referent) {
            // The weak reference gives up its callback (CPython moves it
            // into a tuple it calls from).
            if let Some(callback) = self
                .native_mut::<WeakRef>(weakref)
                .and_then(|w| w.callback.take())
            {
                self.incref(weakref);
                calls.push((weakref, callback));
            }
        }
        for (weakref, callback) in calls {
            // At exit CPython finds these weak references garbage together
            // with the module's dict, so their callbacks never run; minipy
            // clears the names one by one instead, and skips them.
            if !self.shutting_down {
                self.call_weakref_callback(weakref, callback);
            }
            self.decref(callback);
            self.decref(weakref);
        }
    }
    // ANCHOR_END: clear_weakrefs

    // ANCHOR: handle_weakrefs
    /// The collector found `garbage`: clears every weak reference to it and
    /// every weak reference in it, then calls the callbacks of those that
    /// are not garbage themselves (a weak reference that dies with its
    /// referent has no callback to honour). Returns how many of those weak
    /// references were freed once their callback was done, which
    /// `gc.collect()` counts. CPython: `handle_weakrefs`.
    pub(crate) fn handle_weakrefs(&mut self, garbage: &[ObjRef]) -> usize {
        let weakrefs: std::collections::HashMap<ObjRef, Vec<WeakRefEntry>> = garbage
            .iter()
            .map(|&object| (object, self.weakref_entries(object)))
            .collect();
        let to_call = callbacks_to_call(
            garbage,
            &|object| weakrefs.get(&object).cloned().unwrap_or_default(),
            &|weakref| self.mem.is_in_collected_garbage(weakref),
        );
        // Every weak reference to the garbage, and every one in it, is
        // cleared before a callback runs.
        for &object in garbage {
            if let Some(w) = self.native_mut::<WeakRef>(object) {
                w.referent = None;
            }
            let weakly_referenced = self
                .mem
                .heap()
                .try_get(object)
                .is_some_and(|o| flags::is_weakly_referenced(&o.header));
            if weakly_referenced {
                self.clear_weakrefs_to(object);
            }
        }
        for &weakref in &to_call {
            self.incref(weakref);
        }
        let mut freed = 0;
        for weakref in to_call {
            let callback = self.native::<WeakRef>(weakref).and_then(|w| w.callback);
            if let Some(callback) = callback {
                self.incref(callback);
                self.call_weakref_callback(weakref, callback);
                self.decref(callback);
            }
            self.decref(weakref);
            if !self.mem.heap().is_live(weakref) {
                freed += 1;
            }
        }
        freed
    }
    // ANCHOR_END: handle_weakrefs

    /// Calls `callback(weakref)` (with the proxy, for a proxy's reference);
    /// an exception is printed and ignored.
    fn call_weakref_callback(&mut self, weakref: ObjRef, callback: ObjRef) {
        let argument = self.proxy_of(weakref).unwrap_or(weakref);
        self.incref(callback);
        self.incref(argument);
        match self.call(callback, vec![argument], None) {
            Ok(result) => self.decref(result),
            Err(err) => self.write_unraisable(callback, err),
        }
        self.decref(callback);
    }

    /// `r()` for a weak reference: its referent (a new reference) or `None`.
    pub(crate) fn call_weakref(&mut self, weakref: ObjRef, args: Vec<ObjRef>) -> PyResult<ObjRef> {
        if !args.is_empty() {
            let count = args.len();
            self.decref_all(args);
            return Err(self.error(
                ExcKind::TypeError,
                format!("weakref expected 0 arguments, got {count}"),
            ));
        }
        let referent = self.native::<WeakRef>(weakref).and_then(|w| w.referent);
        let result = referent.unwrap_or(self.none());
        self.incref(result);
        Ok(result)
    }
}

/// The attribute under which an instance of a subclass of `weakref.ref`
/// keeps the weak reference it stands for.
pub const REF_FIELD: &str = "<weakref>";

impl Vm {
    /// True if `class` derives from `weakref.ref` (`class KeyedRef(ref)`).
    pub(crate) fn is_ref_subclass(&self, class: ObjRef) -> bool {
        self.types
            .get("ReferenceType")
            .is_some_and(|&reference_type| {
                class != reference_type && self.is_subclass(class, reference_type)
            })
    }

    /// Gives `instance`, of a subclass of `weakref.ref`, the weak reference
    /// `ref.__new__(cls, ob[, callback])` makes (`args` borrowed: `ob` and
    /// the callback). CPython's instance is itself the weak reference;
    /// minipy's holds one that stands for it, as a proxy's does, so that
    /// the callback is called with the instance and `getweakrefs` lists it.
    /// It is never the shared reference a plain `ref(ob)` gives.
    pub(crate) fn attach_ref(&mut self, instance: ObjRef, args: &[ObjRef]) -> PyResult<()> {
        let (referent, callback) = match args {
            [referent] => (*referent, None),
            [referent, callback] => (*referent, Some(*callback).filter(|&c| c != self.none())),
            _ => {
                let message = match args.len() {
                    0 => "__new__ expected at least 1 argument, got 0".to_string(),
                    n => format!("__new__ expected at most 2 arguments, got {n}"),
                };
                return Err(self.error(ExcKind::TypeError, message));
            }
        };
        self.check_weakrefable(referent)?;
        if let Some(callback) = callback {
            self.incref(callback);
        }
        let weakref = self.new_weakref(referent, callback, Some(instance));
        self.set_attr_raw(instance, REF_FIELD, weakref);
        Ok(())
    }

    /// The weak reference an instance of a subclass of `weakref.ref` holds.
    pub(crate) fn ref_of_instance(&self, r: ObjRef) -> Option<ObjRef> {
        let key = ch01_objects::DictKey::Str(REF_FIELD.into());
        self.instance_attr(r, &key)
            .filter(|&weakref| self.native::<WeakRef>(weakref).is_some())
    }

    /// `hash(wr)`: the referent's hash, computed once (CPython:
    /// `weakref_hash`); `TypeError` if the referent died before anyone asked.
    pub(crate) fn weakref_hash(&mut self, weakref: ObjRef) -> PyResult<Option<i64>> {
        let Some(w) = self.native::<WeakRef>(weakref) else {
            return Ok(None);
        };
        if let Some(hash) = w.hash {
            return Ok(Some(hash));
        }
        let Some(referent) = w.referent else {
            return Err(self.error(ExcKind::TypeError, "weak object has gone away".into()));
        };
        let (hash, _) = self.hash_of(referent)?;
        if let Some(w) = self.native_mut::<WeakRef>(weakref) {
            w.hash = Some(hash);
        }
        Ok(Some(hash))
    }

    /// `a == b` (or `!=`) for two weak references: their referents compared
    /// if both are alive, identity otherwise (CPython: `weakref_richcompare`).
    pub(crate) fn weakref_compare(
        &mut self,
        op: crate::bytecode::CompareOp,
        a: ObjRef,
        b: ObjRef,
    ) -> Option<PyResult<ObjRef>> {
        use crate::bytecode::CompareOp;
        if !matches!(op, CompareOp::Eq | CompareOp::Ne) {
            return None;
        }
        // A subclass's instance compares as the reference it holds.
        let reference = |vm: &Vm, r: ObjRef| vm.ref_of_instance(r).unwrap_or(r);
        let (ref_a, ref_b) = (reference(self, a), reference(self, b));
        let referent_a = self.native::<WeakRef>(ref_a)?.referent;
        let referent_b = self.native::<WeakRef>(ref_b)?.referent;
        match (referent_a, referent_b) {
            (Some(x), Some(y)) => Some(self.rich_compare(op, x, y)),
            _ => Some(Ok(self.new_bool((a == b) == (op == CompareOp::Eq)))),
        }
    }
}
