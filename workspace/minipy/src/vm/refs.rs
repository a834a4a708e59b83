//! The reference discipline every layer above relies on: `incref`,
//! `decref` (and the `__del__` it may run), and `alloc`.

use crate::vm::Vm;
use ch01_objects::{ObjRef, Payload};

impl Vm {
    // ANCHOR: vm_incref
    /// Adds a reference. CPython: `Py_INCREF`.
    pub(crate) fn incref(&mut self, r: ObjRef) {
        self.mem.incref(r);
    }
    // ANCHOR_END: vm_incref

    // ANCHOR: vm_decref
    /// Drops a reference, running `__del__` for whatever it frees that has one.
    /// CPython: `Py_DECREF`, with `tp_finalize` called from `subtype_dealloc`.
    pub(crate) fn decref(&mut self, r: ObjRef) {
        if self.mem.counts_references()
            && self.mem.heap().refcount(r) == 1
            && self.is_suspended_generator(r)
        {
            // The last reference to a paused generator: close it first, so
            // its `finally` blocks run (CPython: the generator's `tp_finalize`).
            // Once: a generator that ignored `GeneratorExit` is still paused,
            // and is freed as it is (PEP 442's finalized flag).
            let header = &mut self.mem.heap_mut().get_mut(r).header;
            ch02_refcount::flags::set_finalized(header);
            self.finalize_generator(r);
        }
        let watermark = self.mem.begin_decref(r);
        while let Some(object) = self.mem.continue_decref(watermark) {
            self.finalize_released(object);
            self.mem.end_finalizer(object);
        }
    }

    /// An object whose count reached zero, handed over with one lent
    /// reference: runs its `__del__` if that is due, then, unless `__del__`
    /// stored it somewhere, clears its weak references (chapter 6). CPython:
    /// `subtype_dealloc`, which calls `tp_finalize`, returns if the object
    /// was resurrected, and then calls `PyObject_ClearWeakRefs`.
    pub(crate) fn finalize_released(&mut self, object: ObjRef) {
        let header = &mut self.mem.heap_mut().get_mut(object).header;
        if ch02_refcount::flags::take_del_due(header) {
            self.run_finalizer(object);
        }
        let header = &self.mem.heap().get(object).header;
        if ch02_refcount::flags::is_weakly_referenced(header) && header.refcount == 1 {
            self.release_weakrefs(object);
        }
    }
    // ANCHOR_END: vm_decref

    /// Drops the key and value references of an entry taken out of a
    /// dict; false if there was none.
    pub(crate) fn release_entry(&mut self, removed: Option<(ObjRef, ObjRef)>) -> bool {
        let Some((key, value)) = removed else {
            return false;
        };
        self.decref(key);
        self.decref(value);
        true
    }

    pub(crate) fn decref_all(&mut self, refs: impl IntoIterator<Item = ObjRef>) {
        for r in refs {
            self.decref(r);
        }
    }

    /// Calls `object.__del__()`. An exception there is printed and ignored, as CPython does.
    pub(crate) fn run_finalizer(&mut self, object: ObjRef) {
        if self.is_generator(object) {
            self.finalize_generator(object);
            return;
        }
        let Some(class) = self.class_of_instance(object) else {
            return;
        };
        let Some(method) = self.lookup_in_class(class, "__del__") else {
            return;
        };
        self.incref(method);
        self.incref(object);
        let line = self.line.get();
        match self.call(method, vec![object], None) {
            Ok(result) => self.decref(result),
            Err(err) => self.write_unraisable(method, err),
        }
        self.decref(method);
        self.line.set(line);
    }

    // ANCHOR: vm_alloc
    /// Every object the interpreter creates goes through here.
    pub(crate) fn alloc(&mut self, payload: Payload) -> ObjRef {
        if let Some(shared) = self.shared_singleton(&payload) {
            return shared;
        }
        let is_dict = matches!(payload, Payload::Dict(_));
        let is_class = matches!(payload, Payload::Class(_));
        let r = self.mem.alloc(payload);
        if is_dict {
            // A new dict in a reused slot starts without a key table.
            self.dict_tables.remove(&r);
            self.split_dicts.remove(&r);
        }
        if is_class {
            self.class_made(r);
        }
        if self.mem.collection_due() {
            // Chapter 5: this allocation crossed the collector's threshold.
            self.collect_automatically();
        }
        r
    }
    // ANCHOR_END: vm_alloc

    /// The one object CPython keeps for this value, if it keeps one: the
    /// empty tuple, the empty string and the one-character Latin-1 strings.
    pub(crate) fn shared_singleton(&self, payload: &Payload) -> Option<ObjRef> {
        match payload {
            Payload::Tuple(items) if items.is_empty() => Some(self.singletons.empty_tuple),
            Payload::Str(text) => {
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (None, _) => Some(self.singletons.empty_str),
                    (Some(c), None) if (c as u32) < 256 => {
                        Some(self.singletons.latin1_strs[c as usize])
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }
}
