//! The references a class holds to itself and to its bases, beyond the ones
//! its `__bases__` and attributes show.
//!
//! In CPython 3.11 a class made by a `class` statement is a heap type that
//! refers to itself: its `__mro__` tuple starts with the class, and the
//! `__dict__` and `__weakref__` attribute descriptors it adds for its
//! instances each keep a reference to it. It also keeps its first base in
//! `tp_base`. So `sys.getrefcount(C)` for `class C: pass` is 5 (the name
//! `C`, the tuple, two descriptors, the argument), and every class is in a
//! reference cycle from birth: reference counting alone never frees one;
//! only the cycle collector (chapter 4) does.
//!
//! minipy keeps those references as real objects, so the counts match
//! CPython's and the cycle is there for the collector to find. They live in
//! the class's attribute dict under keys no Python identifier can name
//! ([`MRO_KEY`], [`BASE_KEY`], [`descriptor_key`]). Serves chapters 2 and 4
//! (and the appendix on the interpreter).
//!
//! The other way round, a base knows its subclasses only weakly (CPython:
//! `tp_subclasses`, weak references that `__subclasses__()` reads): they
//! are listed here, and a subclass that is gone drops out of the list.

use ch01_objects::{DictKey, ObjRef, Payload};

use crate::types::type_new::SlotPlan;
use crate::vm::Vm;

/// The class attribute that holds the `__mro__` tuple (CPython: `tp_mro`).
pub const MRO_KEY: &str = "<mro>";
/// The class attribute that holds the first base (CPython: `tp_base`).
pub const BASE_KEY: &str = "<base>";
/// The class attribute that holds `__qualname__` when it is not the
/// class's name (CPython: `ht_qualname`, taken out of the namespace).
pub const QUALNAME_KEY: &str = "<qualname>";
/// The class attribute that marks a class made with `metaclass=abc.ABCMeta`:
/// it and its subclasses refuse to be instantiated while abstract.
pub const ABC_META_KEY: &str = "<abcmeta>";
/// The class attribute that holds the descriptor for the instance
/// attribute `name` (`__dict__`, `__weakref__`, or a `__slots__` entry).
pub fn descriptor_key(name: &str) -> String {
    format!("<{name} descriptor>")
}

/// `<attribute '__dict__' of 'C' objects>`: a descriptor that belongs to one
/// class and refers to it. CPython: `PyGetSetDescrObject`.
#[derive(Debug)]
pub struct AttributeDescriptor {
    /// `__dict__`, `__weakref__` or a slot's name.
    pub name: Box<str>,
    /// The class it belongs to (`d_type`).
    pub owner: ObjRef,
}

crate::types::native::native_kind!(
    AttributeDescriptor,
    "getset_descriptor",
    |this, visit| { this.owner.held().into_iter().for_each(visit) },
    |that, out| { that.owner.take_into(out) }
);

impl Vm {
    /// A class was just made in slot `class`: what was remembered about an
    /// earlier class in that slot goes (its instances' layout, lookups), and
    /// it joins its bases' subclasses.
    pub(crate) fn class_made(&mut self, class: ObjRef) {
        self.layouts.remove(&class);
        self.shared_key_room.remove(&class);
        self.subclasses.remove(&class);
        self.builtin_bases.remove(&class);
        if let Some(base) = self.find_builtin_base(class) {
            self.builtin_bases.insert(class, base);
        }
        self.forget_class_lookups();
        let bases = match self.payload(class) {
            Payload::Class(c) => c.bases.clone(),
            _ => return,
        };
        for base in bases {
            let known = self.subclasses.entry(base).or_default();
            // An entry for a class that was in this slot before goes.
            known.retain(|&r| r != class);
            known.push(class);
        }
    }

    /// `class.__subclasses__()`: its subclasses still alive, oldest first.
    pub(crate) fn live_subclasses(&self, class: ObjRef) -> Vec<ObjRef> {
        let Some(known) = self.subclasses.get(&class) else {
            return vec![];
        };
        known
            .iter()
            .copied()
            .filter(|&r| {
                self.mem.heap().is_live(r)
                    && matches!(self.payload(r), Payload::Class(c) if c.bases.contains(&class))
            })
            .collect()
    }

    /// Gives a class made without a `__slots__` check (a module's own
    /// exception class) what [`Vm::install_type_slots_as`] gives.
    pub(crate) fn install_type_slots(&mut self, class: ObjRef) {
        let bases = match self.payload(class) {
            Payload::Class(c) => c.bases.clone(),
            _ => return,
        };
        let plan = self.plan_without_slots(&bases);
        self.install_type_slots_as(class, &plan);
    }

    /// Gives a new class the references CPython's `type_new` gives it: its
    /// MRO tuple, its best base (`tp_base`), and a descriptor for each of
    /// its named slots (sorted, as `ht_slots` is), then for `__dict__` and
    /// `__weakref__` if `plan` adds them.
    pub(crate) fn install_type_slots_as(&mut self, class: ObjRef, plan: &SlotPlan) {
        let bases = match self.payload(class) {
            Payload::Class(c) => c.bases.clone(),
            _ => return,
        };
        self.count_mro_list(bases.len(), true);
        let mro = self.mro(class);
        let mro = self.new_tuple_of(mro);
        self.count_mro_list(bases.len(), false);
        self.set_hidden_attr(class, MRO_KEY, mro);
        if let Some(base) = self.best_base(&bases).or(bases.first().copied()) {
            self.incref(base);
            self.set_hidden_attr(class, BASE_KEY, base);
        }
        let added = [("__dict__", plan.add_dict), ("__weakref__", plan.add_weak)];
        let names = plan.names.iter().map(String::as_str).chain(
            added
                .into_iter()
                .filter_map(|(name, added)| added.then_some(name)),
        );
        for name in names.map(str::to_string).collect::<Vec<_>>() {
            self.incref(class);
            let key = descriptor_key(&name);
            let descriptor = self.new_native(AttributeDescriptor {
                name: name.into(),
                owner: class,
            });
            self.set_hidden_attr(class, &key, descriptor);
        }
    }

    /// Makes the hidden keys' strings before any program runs, so that
    /// they never show in a program's trace.
    pub(crate) fn intern_type_slot_keys(&mut self) {
        // `__doc__` too: every class's dict has it (CPython: a static string).
        let fields = [
            crate::types::weakref::REF_FIELD,
            crate::types::builtin_subclass::VALUE_FIELD,
        ];
        for key in [MRO_KEY, BASE_KEY, ABC_META_KEY, QUALNAME_KEY, "__doc__"]
            .into_iter()
            .chain(fields)
        {
            self.intern_static(key);
        }
        for attribute in ["__dict__", "__weakref__"] {
            self.intern_static(&descriptor_key(attribute));
        }
    }

    /// A class's `__qualname__`: its path from the module (`C.Inner`,
    /// `f.<locals>.C`), or its name.
    pub(crate) fn class_qualname(&self, class: ObjRef) -> String {
        let Payload::Class(c) = self.payload(class) else {
            return self.class_name(class);
        };
        c.attrs
            .get(&DictKey::Str(QUALNAME_KEY.into()))
            .and_then(|q| self.str_of(q))
            .unwrap_or(&c.name)
            .to_string()
    }

    pub(crate) fn set_hidden_attr(&mut self, class: ObjRef, key: &str, value: ObjRef) {
        let key_object = self.intern_static(key);
        if let Payload::Class(c) = self.payload_mut(class) {
            c.attrs.insert(DictKey::Str(key.into()), key_object, value);
        }
    }

    /// Whether instances of `class` have `attribute` (`__dict__` or
    /// `__weakref__`): some class in its MRO made a descriptor for it, or, for
    /// `__dict__`, it derives from a built-in exception class.
    pub(crate) fn instances_have(&self, class: ObjRef, attribute: &str) -> bool {
        let key = DictKey::Str(descriptor_key(attribute).into());
        self.mro(class)
            .into_iter()
            .any(|ancestor| match self.payload(ancestor) {
                Payload::Class(c) => {
                    c.attrs.get(&key).is_some()
                        || (attribute == "__dict__" && self.exceptions.contains(&ancestor))
                }
                _ => false,
            })
    }
}
