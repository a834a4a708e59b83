//! `copy`: `copy.copy` and `copy.deepcopy`, mirroring CPython 3.11's
//! `Lib/copy.py` and the parts of `object.__reduce_ex__(4)`
//! (`Objects/typeobject.c`) that copying an instance goes through.
//!
//! Serves chapter 2 (names and references): a shallow copy is a new
//! container holding the *same* items; a deep copy follows every reference
//! and copies what it finds, once each — the memo, a dict from `id(original)`
//! to its copy, is what keeps `y[0] is y[1]` when `x[0] is x[1]` and what
//! ends the walk around a cycle.
//!
//! ```text
//!  deepcopy(x, memo) ── memo[id(x)]? ──▶ that copy
//!        │ atom (int, str, function, class) ──▶ x itself
//!        │ list / dict: the new container enters the memo *before* its
//!        │              items are copied (a list holding itself)
//!        │ tuple: its items' copies; x itself if each is its own copy
//!        └ instance: cls.__new__(cls) enters the memo, then its state
//!                    (__dict__, __slots__) is deep-copied into it
//! ```
//!
//! As in CPython, the memo also keeps every original it copied alive, in a
//! list stored under `id(memo)`, so no id in it can be reused while the
//! copy runs.

use ch01_objects::dict::Dict;
use ch01_objects::{DictKey, ObjRef, Payload};

use crate::modules::NativeModule;
use crate::types::builtin_fn::{Keywords, NativeFunction};
use crate::types::dict_kinds::{DictKind, DictSubclass};
use crate::types::exceptions::ExcKind;
use crate::types::native::{BoundMethod, Function};
use crate::vm::{PyErr, PyResult, Vm};

/// The module, for the registry in [`crate::modules`].
pub(crate) const MODULE: NativeModule = NativeModule {
    name: "copy",
    functions: &[
        NativeFunction::positional("copy", |vm, args, _| {
            let x = single_argument(vm, args, "copy")?;
            vm.shallow_copy(x)
        }),
        NativeFunction {
            name: "deepcopy",
            keywords: &["memo"],
            call: deepcopy_entry,
        },
    ],
    table_functions: &[],
    values,
};

/// `copy.Error` (also `copy.error`), the exception CPython's module defines.
fn values(vm: &mut Vm) -> Vec<(&'static str, ObjRef)> {
    let base = vm.exceptions[ExcKind::Exception as usize];
    vm.incref(base);
    let mut attrs = Dict::new();
    let key = vm.intern("__module__");
    let module = vm.new_str("copy");
    attrs.insert(DictKey::Str("__module__".into()), key, module);
    let class = vm.alloc(Payload::Class(Box::new(ch01_objects::object::Class {
        name: "Error".into(),
        bases: vec![base],
        attrs,
    })));
    vm.install_type_slots(class);
    vm.incref(class);
    vec![("Error", class), ("error", class)]
}

fn single_argument(vm: &mut Vm, args: &[ObjRef], name: &str) -> PyResult<ObjRef> {
    match args {
        [x] => Ok(*x),
        [] => Err(vm.error(
            ExcKind::TypeError,
            format!("{name}() missing 1 required positional argument: 'x'"),
        )),
        _ => Err(vm.error(
            ExcKind::TypeError,
            format!("{name}() takes 1 positional argument but {} were given", args.len()),
        )),
    }
}

/// `copy.deepcopy(x, memo=None)`.
fn deepcopy_entry(vm: &mut Vm, args: &[ObjRef], kwargs: &Keywords) -> PyResult<ObjRef> {
    let memo_keyword = kwargs.iter().find(|(k, _)| &**k == "memo").map(|(_, v)| *v);
    let (x, memo) = match (args, memo_keyword) {
        ([x], memo) => (*x, memo),
        ([x, memo], None) => (*x, Some(*memo)),
        _ => {
            return Err(vm.error(
                ExcKind::TypeError,
                format!(
                    "deepcopy() takes from 1 to 2 positional arguments but {} were given",
                    args.len()
                ),
            ));
        }
    };
    let memo = match memo.filter(|&m| m != vm.none()) {
        Some(memo) => {
            if !matches!(vm.payload(memo), Payload::Dict(_)) {
                // CPython fails at `memo.get(id(x))` with the object's own message.
                let name = vm.type_name(memo);
                return Err(vm.error(
                    ExcKind::AttributeError,
                    format!("'{name}' object has no attribute 'get'"),
                ));
            }
            vm.new_ref(memo)
        }
        None => vm.alloc(Payload::Dict(Box::default())),
    };
    let result = vm.deep_copy(x, memo);
    vm.decref(memo);
    result
}

/// Types whose objects are their own copies, shallow or deep
/// (`copy._copy_dispatch` / `_deepcopy_dispatch`'s `_copy_immutable`/`_deepcopy_atomic`).
const ATOMIC_TYPES: &[&str] = &[
    "NoneType",
    "bool",
    "int",
    "float",
    "complex",
    "str",
    "bytes",
    "type",
    "function",
    "builtin_function_or_method",
    "method_descriptor",
    "wrapper_descriptor",
    "range",
    "slice",
    "property",
    "code",
    "weakref.ReferenceType",
    "weakref",
    "NotImplementedType",
    "ellipsis",
];

impl Vm {
    fn is_copy_atom(&self, x: ObjRef) -> bool {
        match self.payload(x) {
            Payload::None
            | Payload::Bool(_)
            | Payload::Int(_)
            | Payload::Float(_)
            | Payload::Str(_)
            | Payload::Class(_) => true,
            Payload::Instance(_) => false,
            _ => {
                self.native::<Function>(x).is_some()
                    || self.is_big_int(x)
                    || ATOMIC_TYPES.contains(&self.type_name(x).as_str())
            }
        }
    }

    /// `x.name(*args)`, a new reference (arguments' references taken).
    fn call_attribute(&mut self, x: ObjRef, name: &str, args: Vec<ObjRef>) -> PyResult<ObjRef> {
        let method = match self.get_attr(x, name) {
            Ok(method) => method,
            Err(err) => {
                self.decref_all(args);
                return Err(err);
            }
        };
        let result = self.call(method, args, None);
        self.decref(method);
        result
    }

    /// The attribute `name` of `x`, or `None` when it has none.
    fn optional_attribute(&mut self, x: ObjRef, name: &str) -> PyResult<Option<ObjRef>> {
        match self.get_attr(x, name) {
            Ok(found) => Ok(Some(found)),
            Err(err) if self.is_attribute_error(err.0) => {
                self.release_error(err);
                Ok(None)
            }
            Err(err) => Err(err),
        }
    }

    /// A method that a user class (not `object`) defines, looked up on the class.
    fn class_defined(&self, class: ObjRef, name: &str) -> Option<ObjRef> {
        self.lookup_in_class(class, name)
            .filter(|&m| self.native::<Function>(m).is_some())
    }

    fn copy_bytearray(&mut self, x: ObjRef) -> ObjRef {
        let data = self.bytes_of(x).map(|(b, _)| b.to_vec()).unwrap_or_default();
        self.new_bytes(data, true)
    }

    fn cannot_pickle(&mut self, x: ObjRef) -> PyErr {
        let name = match self.type_name(x).as_str() {
            "TextIOWrapper" => "_io.TextIOWrapper".to_string(),
            other => other.to_string(),
        };
        self.error(ExcKind::TypeError, format!("cannot pickle '{name}' object"))
    }

    // ANCHOR: shallow_copy
    /// `copy.copy(x)`: atoms and immutable containers are returned as they
    /// are; a list, dict or set is copied by its own `copy()`; anything else
    /// by its class's `__copy__`, or rebuilt from its state.
    pub(crate) fn shallow_copy(&mut self, x: ObjRef) -> PyResult<ObjRef> {
        if self.is_copy_atom(x) || matches!(self.payload(x), Payload::Tuple(_)) {
            return Ok(self.new_ref(x));
        }
        match self.type_name(x).as_str() {
            "frozenset" => return Ok(self.new_ref(x)),
            "list" | "dict" | "set" => return self.call_attribute(x, "copy", vec![]),
            "bytearray" => return Ok(self.copy_bytearray(x)),
            "deque" => return self.copy_deque(x, None),
            "defaultdict" | "Counter" | "OrderedDict" => return self.copy_dict_subclass(x, None),
            _ => {}
        }
        if let Some(method) = self.native::<BoundMethod>(x) {
            // `method.__reduce__` rebuilds it as `getattr(obj, name)`: a new
            // method bound to the same object.
            let (function, receiver) = (method.function, method.receiver);
            self.incref(function);
            self.incref(receiver);
            return Ok(self.new_native(BoundMethod { function, receiver }));
        }
        let class = self.type_of(x);
        if let Some(copier) = self.class_defined(class, "__copy__") {
            self.incref(copier);
            let receiver = self.new_ref(x);
            let result = self.call(copier, vec![receiver], None);
            self.decref(copier);
            return result;
        }
        if !matches!(self.payload(x), Payload::Instance(_)) {
            // A built-in object with a `__copy__` of its own (`deque`).
            return match self.optional_attribute(x, "__copy__")? {
                Some(copier) => {
                    let result = self.call(copier, vec![], None);
                    self.decref(copier);
                    result
                }
                None => Err(self.cannot_pickle(x)),
            };
        }
        self.reconstruct(x, None)
    }
    // ANCHOR_END: shallow_copy

    // ANCHOR: deep_copy
    /// `copy.deepcopy(x, memo)`: `memo` (a dict, borrowed) maps the id of
    /// each original already copied to its copy.
    pub(crate) fn deep_copy(&mut self, x: ObjRef, memo: ObjRef) -> PyResult<ObjRef> {
        if let Some(done) = self.memo_get(memo, x) {
            return Ok(self.new_ref(done));
        }
        let copy = if self.is_copy_atom(x) {
            self.new_ref(x)
        } else {
            match self.payload(x) {
                Payload::List(items) => {
                    let items = items.clone();
                    self.deep_copy_list(x, &items, memo)?
                }
                Payload::Tuple(items) => {
                    let items = items.to_vec();
                    self.deep_copy_tuple(x, &items, memo)?
                }
                Payload::Dict(_) if self.type_name(x) == "dict" => self.deep_copy_dict(x, memo)?,
                _ => self.deep_copy_other(x, memo)?,
            }
        };
        // An object that is its own copy is not remembered (CPython does the same).
        if copy != x {
            self.memo_set(memo, x, copy);
            self.keep_alive(x, memo);
        }
        Ok(copy)
    }
    // ANCHOR_END: deep_copy

    /// A list: the new list is remembered first, so an item that leads
    /// back to the list finds the copy.
    fn deep_copy_list(&mut self, x: ObjRef, items: &[ObjRef], memo: ObjRef) -> PyResult<ObjRef> {
        let copy = self.alloc(Payload::list(vec![]));
        self.memo_set(memo, x, copy);
        for &item in items {
            // The list may change under a `__deepcopy__` that mutates it;
            // CPython iterates it live, so we stop where it ends.
            let item_copy = match self.deep_copy(item, memo) {
                Ok(item_copy) => item_copy,
                Err(err) => {
                    self.decref(copy);
                    return Err(err);
                }
            };
            if let Payload::List(new_items) = self.payload_mut(copy) {
                crate::types::sizes::list_push(new_items, item_copy);
            }
            self.mem.maintain_tracking(copy, item_copy);
        }
        Ok(copy)
    }

    /// A tuple: the copies of its items, or the tuple itself when every
    /// item is its own copy; if copying an item already copied the tuple
    /// (a cycle through a list), that copy.
    fn deep_copy_tuple(&mut self, x: ObjRef, items: &[ObjRef], memo: ObjRef) -> PyResult<ObjRef> {
        let mut copies = Vec::with_capacity(items.len());
        for &item in items {
            match self.deep_copy(item, memo) {
                Ok(copy) => copies.push(copy),
                Err(err) => {
                    self.decref_all(copies);
                    return Err(err);
                }
            }
        }
        if let Some(done) = self.memo_get(memo, x) {
            self.decref_all(copies);
            return Ok(self.new_ref(done));
        }
        if copies.iter().zip(items).all(|(c, i)| c == i) {
            self.decref_all(copies);
            return Ok(self.new_ref(x));
        }
        Ok(self.alloc(Payload::Tuple(copies.into())))
    }

    /// A dict: remembered first, then each key and value copied, in order.
    fn deep_copy_dict(&mut self, x: ObjRef, memo: ObjRef) -> PyResult<ObjRef> {
        let copy = self.alloc(Payload::Dict(Box::default()));
        self.memo_set(memo, x, copy);
        match self.deep_copy_entries(x, copy, memo) {
            Ok(()) => Ok(copy),
            Err(err) => {
                self.decref(copy);
                Err(err)
            }
        }
    }

    /// `target[deepcopy(k)] = deepcopy(v)` for each entry of the dict `source`.
    fn deep_copy_entries(&mut self, source: ObjRef, target: ObjRef, memo: ObjRef) -> PyResult<()> {
        let entries: Vec<(ObjRef, ObjRef)> = match self.payload(source) {
            Payload::Dict(d) => d.iter().collect(),
            _ => vec![],
        };
        for &(key, value) in &entries {
            self.incref(key);
            self.incref(value);
        }
        let mut pending = entries.into_iter();
        let mut outcome = Ok(());
        for (key, value) in pending.by_ref() {
            outcome = self.deep_copy(key, memo).and_then(|key_copy| {
                match self.deep_copy(value, memo) {
                    Ok(value_copy) => {
                        let stored = self.set_item(target, key_copy, value_copy);
                        self.decref(key_copy);
                        stored
                    }
                    Err(err) => {
                        self.decref(key_copy);
                        Err(err)
                    }
                }
            });
            self.decref(key);
            self.decref(value);
            if outcome.is_err() {
                break;
            }
        }
        for (key, value) in pending {
            self.decref(key);
            self.decref(value);
        }
        outcome
    }

    /// A `defaultdict`, `Counter` or `OrderedDict` (each wraps a dict): a new
    /// one of the same kind, remembered before its entries are copied into
    /// it when copying deeply, as CPython's `_reconstruct` does with the
    /// `dictitems` of their `__reduce__`.
    fn copy_dict_subclass(&mut self, x: ObjRef, memo: Option<ObjRef>) -> PyResult<ObjRef> {
        let Some(subclass) = self.native::<DictSubclass>(x) else {
            return Err(self.cannot_pickle(x));
        };
        let (mut kind, inner) = (subclass.kind, subclass.dict);
        if let DictKind::Default(Some(factory)) = kind {
            let factory = match memo {
                Some(memo) => self.deep_copy(factory, memo)?,
                None => self.new_ref(factory),
            };
            kind = DictKind::Default(Some(factory));
        }
        let Some(memo) = memo else {
            let dict = self.call_attribute(inner, "copy", vec![])?;
            self.mark_part_of_another(dict);
            return Ok(self.new_native(DictSubclass::new(kind, dict)));
        };
        let dict = self.alloc(Payload::Dict(Box::default()));
        self.mark_part_of_another(dict);
        let copy = self.new_native(DictSubclass::new(kind, dict));
        self.memo_set(memo, x, copy);
        match self.deep_copy_entries(inner, dict, memo) {
            Ok(()) => Ok(copy),
            Err(err) => {
                self.decref(copy);
                Err(err)
            }
        }
    }

    /// A `deque`: `deque((), maxlen)`, remembered, then each item (copied
    /// when deep) appended — CPython's `deque.__reduce__` and `_reconstruct`.
    fn copy_deque(&mut self, x: ObjRef, memo: Option<ObjRef>) -> PyResult<ObjRef> {
        let class = self.type_of(x);
        let maxlen = self.get_attr(x, "maxlen")?;
        let empty = self.new_ref(self.singletons.empty_tuple);
        let copy = self.call(class, vec![empty, maxlen], None)?;
        if let Some(memo) = memo {
            self.memo_set(memo, x, copy);
        }
        let items = self.collect_items(x)?;
        let mut outcome = Ok(());
        for &item in &items {
            let item_copy = match memo {
                Some(memo) => self.deep_copy(item, memo),
                None => Ok(self.new_ref(item)),
            };
            outcome = item_copy
                .and_then(|c| self.call_attribute(copy, "append", vec![c]))
                .map(|r| self.decref(r));
            if outcome.is_err() {
                break;
            }
        }
        self.decref_all(items);
        match outcome {
            Ok(()) => Ok(copy),
            Err(err) => {
                self.decref(copy);
                Err(err)
            }
        }
    }

    /// Sets, bound methods, instances and the built-in objects that define
    /// `__deepcopy__` or `__copy__` themselves.
    fn deep_copy_other(&mut self, x: ObjRef, memo: ObjRef) -> PyResult<ObjRef> {
        match self.type_name(x).as_str() {
            // `set.__reduce__` is `(set, (list(x),), state)`: the items are
            // deep-copied and a new set (or frozenset) is made from them.
            kind @ ("set" | "frozenset") => {
                let items = self.collect_items(x)?;
                let copy = self.new_set(kind == "frozenset");
                let mut pending = items.iter();
                for &item in pending.by_ref() {
                    let added = self.deep_copy(item, memo).and_then(|c| {
                        let added = self.set_add(copy, c);
                        self.decref(c);
                        added
                    });
                    if let Err(err) = added {
                        self.decref_all(items);
                        self.decref(copy);
                        return Err(err);
                    }
                }
                self.decref_all(items);
                return Ok(copy);
            }
            "bytearray" => return Ok(self.copy_bytearray(x)),
            "deque" => return self.copy_deque(x, Some(memo)),
            "defaultdict" | "Counter" | "OrderedDict" => {
                return self.copy_dict_subclass(x, Some(memo));
            }
            _ => {}
        }
        if let Some(method) = self.native::<BoundMethod>(x) {
            // `_deepcopy_method`: the same function bound to a copy of its object.
            let (function, receiver) = (method.function, method.receiver);
            let receiver = self.deep_copy(receiver, memo)?;
            self.incref(function);
            return Ok(self.new_native(BoundMethod { function, receiver }));
        }
        if let Some(copier) = self.optional_attribute(x, "__deepcopy__")? {
            let receiver = self.new_ref(memo);
            let result = self.call(copier, vec![receiver], None);
            self.decref(copier);
            return result;
        }
        if !matches!(self.payload(x), Payload::Instance(_)) {
            return Err(self.cannot_pickle(x));
        }
        self.reconstruct(x, Some(memo))
    }

    // ANCHOR: reconstruct
    /// CPython's `copy._reconstruct` after `x.__reduce_ex__(4)`: a new
    /// object of `x`'s class made without `__init__` (an exception is made
    /// from its `args`), entered in the memo when copying deeply, then given
    /// `x`'s state — its `__dict__` and the values of its `__slots__`, or
    /// what its `__getstate__` returns — through `__setstate__` if the
    /// class defines one, else by updating the new object's `__dict__`.
    fn reconstruct(&mut self, x: ObjRef, memo: Option<ObjRef>) -> PyResult<ObjRef> {
        let class = self.type_of(x);
        let base_exception = self.exceptions[ExcKind::BaseException as usize];
        let copy = if self.is_subclass(class, base_exception) {
            // `BaseException.__reduce__` is `(type(x), x.args, x.__dict__ or None)`.
            let args = self.get_attr(x, "args")?;
            let args = match memo {
                Some(memo) => {
                    let copied = self.deep_copy(args, memo);
                    self.decref(args);
                    copied?
                }
                None => args,
            };
            let items = self.list_items(args);
            items.iter().for_each(|&i| self.incref(i));
            self.decref(args);
            self.call(class, items, None)?
        } else {
            self.new_instance(class)?
        };
        if let Some(memo) = memo {
            self.memo_set(memo, x, copy);
        }
        if let Err(err) = self
            .copy_state(x, copy, class, memo)
            .and_then(|()| self.copy_builtin_items(x, copy, memo))
        {
            self.decref(copy);
            return Err(err);
        }
        Ok(copy)
    }
    // ANCHOR_END: reconstruct

    /// The list items or dict items of an instance of a subclass of `list`
    /// or `dict`, after its state: `copy.append(item)` or `copy[key] =
    /// value` for each (deep-copied when `memo` is given), as `_reconstruct`
    /// does with what `__reduce_ex__` returns.
    fn copy_builtin_items(&mut self, x: ObjRef, copy: ObjRef, memo: Option<ObjRef>) -> PyResult<()> {
        let Some(value) = self.builtin_value(x) else {
            return Ok(());
        };
        let (pairs, is_dict): (Vec<(ObjRef, Option<ObjRef>)>, bool) = match self.payload(value) {
            Payload::List(items) => (items.iter().map(|&i| (i, None)).collect(), false),
            Payload::Dict(dict) => (dict.iter().map(|(k, v)| (k, Some(v))).collect(), true),
            _ => return Ok(()),
        };
        let copied = |vm: &mut Vm, r: ObjRef| match memo {
            Some(memo) => vm.deep_copy(r, memo),
            None => Ok(vm.new_ref(r)),
        };
        for (first, second) in pairs {
            let first = copied(self, first)?;
            match second {
                Some(second) if is_dict => {
                    let second = match copied(self, second) {
                        Ok(second) => second,
                        Err(err) => {
                            self.decref(first);
                            return Err(err);
                        }
                    };
                    let result = self.set_item(copy, first, second);
                    self.decref(first);
                    result?;
                }
                _ => {
                    let result = self.call_attribute(copy, "append", vec![first])?;
                    self.decref(result);
                }
            }
        }
        Ok(())
    }

    /// Moves `x`'s state into `copy` (deep-copied when `memo` is given).
    fn copy_state(
        &mut self,
        x: ObjRef,
        copy: ObjRef,
        class: ObjRef,
        memo: Option<ObjRef>,
    ) -> PyResult<()> {
        let state = match self.class_defined(class, "__getstate__") {
            Some(getstate) => {
                self.incref(getstate);
                let receiver = self.new_ref(x);
            let state = self.call(getstate, vec![receiver], None);
                self.decref(getstate);
                state?
            }
            None => self.default_state(x, class)?,
        };
        if !self.truthy(state)? {
            self.decref(state);
            return Ok(());
        }
        let state = match memo {
            Some(memo) => {
                let copied = self.deep_copy(state, memo);
                self.decref(state);
                copied?
            }
            None => state,
        };
        if let Some(setstate) = self.class_defined(class, "__setstate__") {
            self.incref(setstate);
            let receiver = self.new_ref(copy);
            let result = self.call(setstate, vec![receiver, state], None);
            self.decref(setstate);
            return result.map(|r| self.decref(r));
        }
        let (dict_state, slot_state) = match self.payload(state) {
            Payload::Tuple(items) if items.len() == 2 => (items[0], Some(items[1])),
            _ => (state, None),
        };
        let result = self.apply_state(copy, dict_state, slot_state);
        self.decref(state);
        result
    }

    /// `y.__dict__.update(state)`, then `setattr(y, name, value)` for each slot.
    fn apply_state(
        &mut self,
        copy: ObjRef,
        dict_state: ObjRef,
        slot_state: Option<ObjRef>,
    ) -> PyResult<()> {
        if self.truthy(dict_state)? {
            let dict = self.instance_dict(copy);
            let updated = self.dict_update(dict, dict_state);
            self.decref(dict);
            updated?;
        }
        let Some(slots) = slot_state.filter(|&s| s != self.none()) else {
            return Ok(());
        };
        let entries: Vec<(ObjRef, ObjRef)> = match self.payload(slots) {
            Payload::Dict(d) => d.iter().collect(),
            _ => vec![],
        };
        for (key, value) in entries {
            let name = self.str_value(key)?;
            self.incref(value);
            self.set_attr(copy, &name, value)?;
        }
        Ok(())
    }

    /// `object.__getstate__()` in 3.11: the `__dict__` itself, or `None`
    /// when it is empty; with `__slots__`, a pair `(dict or None, {slot:
    /// value})` of the slots that are set.
    fn default_state(&mut self, x: ObjRef, class: ObjRef) -> PyResult<ObjRef> {
        let has_attrs = self.instance_has_attributes(x);
        let dict_state = if has_attrs {
            self.instance_dict(x)
        } else {
            self.new_ref(self.none())
        };
        let slot_names = self.all_slot_names(class);
        if slot_names.is_empty() {
            return Ok(dict_state);
        }
        let slots = self.alloc(Payload::Dict(Box::default()));
        for name in slot_names {
            let Some(value) = self.optional_attribute(x, &name)? else {
                continue;
            };
            let key = self.new_str(&name);
            let stored = self.set_item(slots, key, value);
            self.decref(key);
            stored?;
        }
        if matches!(self.payload(slots), Payload::Dict(d) if d.is_empty()) {
            self.decref(slots);
            return Ok(dict_state);
        }
        Ok(self.alloc(Payload::tuple(vec![dict_state, slots])))
    }

    /// Whether the instance has anything in its `__dict__` (without making one).
    fn instance_has_attributes(&mut self, x: ObjRef) -> bool {
        if let Some(dict) = self.moved_dict(x) {
            return matches!(self.payload(dict), Payload::Dict(d) if !d.is_empty());
        }
        match self.payload(x) {
            Payload::Instance(instance) => !instance.attrs.is_empty(),
            _ => false,
        }
    }

    /// The names in the `__slots__` of every class in `class`'s MRO
    /// (`copyreg._slotnames`), even when some class also allows a `__dict__`.
    fn all_slot_names(&self, class: ObjRef) -> Vec<String> {
        let mut names = vec![];
        for ancestor in self.mro(class) {
            let Payload::Class(c) = self.payload(ancestor) else {
                continue;
            };
            let Some(slots) = c.attrs.get(&DictKey::Str("__slots__".into())) else {
                continue;
            };
            let declared: Vec<ObjRef> = match self.payload(slots) {
                Payload::Str(_) => vec![slots],
                Payload::Tuple(items) => items.to_vec(),
                Payload::List(items) => items.to_vec(),
                _ => vec![],
            };
            for name in declared.iter().filter_map(|&n| self.str_of(n)) {
                if name != "__dict__" && name != "__weakref__" {
                    names.push(name.to_string());
                }
            }
        }
        names
    }

    /// The id of `x` as a memo key (CPython's `id(x)`).
    fn memo_key(&mut self, x: ObjRef) -> (DictKey, ObjRef) {
        let id = self.mem.heap().address(x) as i64;
        (DictKey::Int(id), self.new_int(id))
    }

    fn memo_get(&mut self, memo: ObjRef, x: ObjRef) -> Option<ObjRef> {
        let id = self.mem.heap().address(x) as i64;
        match self.payload(memo) {
            Payload::Dict(d) => d.get(&DictKey::Int(id)),
            _ => None,
        }
    }

    /// `memo[id(x)] = copy` (a new reference to `copy`).
    fn memo_set(&mut self, memo: ObjRef, x: ObjRef, copy: ObjRef) {
        let (key, key_object) = self.memo_key(x);
        self.incref(copy);
        self.dict_set(memo, key, key_object, copy);
    }

    /// `copy._keep_alive`: `memo[id(memo)]` is a list of every original.
    fn keep_alive(&mut self, x: ObjRef, memo: ObjRef) {
        let keep = match self.memo_get(memo, memo) {
            Some(list) if matches!(self.payload(list), Payload::List(_)) => list,
            _ => {
                let list = self.alloc(Payload::list(vec![]));
                let (key, key_object) = self.memo_key(memo);
                self.dict_set(memo, key, key_object, list);
                list
            }
        };
        self.incref(x);
        if let Payload::List(items) = self.payload_mut(keep) {
            crate::types::sizes::list_push(items, x);
        }
        self.mem.maintain_tracking(keep, x);
    }
}
