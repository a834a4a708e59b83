//! An instance's attributes, laid out as CPython 3.11 lays them out.
//!
//! Instances of a class without `__slots__` share one table of attribute
//! names (`ht_cached_keys`): the first instance to set `x` then `y` gives
//! `x` slot 0 and `y` slot 1, for every instance. Each instance keeps its
//! values in a *values array* indexed by those slots, plus the order it set
//! them in. What an instance releases when it is freed follows the slots,
//! not its own order, so `__del__` of its attributes can run in an order
//! no single instance chose:
//!
//! ```text
//!  a.x = ...; a.y = ...      shared keys: [x, y]
//!  b.y = ...; b.x = ...      b's values: [x, y]   vars(b): y, x   del b: x, then y
//! ```
//!
//! A deleted attribute keeps its slot, so setting it again puts it back
//! there. The shared table holds at most [`SHARED_KEYS_MAX_SIZE`] names;
//! an instance that needs one more becomes an ordinary (*combined*) dict,
//! in its own insertion order. Instances of exception classes always are,
//! and instances of classes with `__slots__` release in `__slots__` order.
//!
//! Reading `obj.__dict__` (or `vars(obj)`) makes the attributes a dict
//! object of their own, as CPython 3.11 materializes the dict from the
//! values array: from then on they live in that dict, which the instance
//! holds (and the collector sees) instead.

use std::rc::Rc;

use ch01_objects::{DictKey, ObjRef, Payload, SharedKeys};

use crate::types::exceptions::ExcKind;
use crate::vm::Vm;

/// CPython 3.11's `SHARED_KEYS_MAX_SIZE`: the most names a class's
/// instances share.
pub const SHARED_KEYS_MAX_SIZE: usize = 30;

/// How a class lays out its instances' attributes, found once per class.
#[derive(Debug)]
pub(crate) enum Layout {
    /// A values array indexed by the names the instances share, in the order
    /// they were first set. CPython: `ht_cached_keys`.
    Shared(Rc<SharedKeys>),
    /// `__slots__`, in declaration order.
    Slots(Rc<SharedKeys>),
    /// An exception's: its fields ([`EXCEPTION_FIELDS`]) have slots, as
    /// they are members of CPython's struct, and its other attributes go
    /// in a dict of its own, without slots, as CPython 3.11 keeps them in
    /// the exception's `__dict__`.
    Fields(Rc<SharedKeys>),
}

impl Layout {
    /// The names by which the instances' values arrays are indexed.
    pub(crate) fn keys(&self) -> &Rc<SharedKeys> {
        match self {
            Layout::Shared(keys) | Layout::Slots(keys) | Layout::Fields(keys) => keys,
        }
    }
}

/// Where a new attribute of an instance goes.
enum Placement {
    /// In this slot of the values (shared keys or `__slots__`).
    Slot(u32),
    /// At the end of an ordinary dict.
    Appended,
    /// The shared keys are full: the instance's dict becomes combined first.
    Combine,
}

/// The key under which an instance whose attributes moved out keeps their dict.
const MOVED_TO: &str = "<__dict__>";

/// What CPython 3.11's `PyBaseExceptionObject` keeps in fields of its own
/// rather than in the exception's `__dict__`, in the order
/// `BaseException_clear` releases them (after the dict).
pub const EXCEPTION_FIELDS: [&str; 5] = [
    "args",
    "__traceback__",
    "__cause__",
    "__context__",
    "__suppress_context__",
];

impl Vm {
    /// The names `class`'s instances index their values arrays by; none
    /// before its first instance set an attribute.
    fn keys_of(&self, class: ObjRef) -> &SharedKeys {
        self.layouts
            .get(&class)
            .map_or(&self.no_shared_keys, |layout| layout.keys())
    }

    /// [`Vm::keys_of`], to hold while the instance changes.
    fn shared_keys(&mut self, class: ObjRef) -> Rc<SharedKeys> {
        self.ensure_layout(class);
        self.layouts
            .get(&class)
            .map(|layout| layout.keys().clone())
            .unwrap_or_default()
    }

    /// The dict object that holds `object`'s attributes, once its
    /// `__dict__` was asked for (a borrowed reference).
    pub(crate) fn moved_dict(&self, object: ObjRef) -> Option<ObjRef> {
        match self.payload(object) {
            Payload::Instance(instance) if instance.attrs.is_moved_out() => instance
                .attrs
                .get(&self.no_shared_keys, &DictKey::Str(MOVED_TO.into())),
            _ => None,
        }
    }

    /// The instance attribute `key`, wherever the attributes live (borrowed).
    pub(crate) fn instance_attr(&self, object: ObjRef, key: &DictKey) -> Option<ObjRef> {
        match self.payload(object) {
            Payload::Instance(instance) if !instance.attrs.is_moved_out() => {
                instance.attrs.get(self.keys_of(instance.class), key)
            }
            // An exception's fields stay with it when its `__dict__` is made.
            Payload::Instance(instance)
                if let Some(value) = instance.attrs.get(&self.no_shared_keys, key) =>
            {
                Some(value)
            }
            Payload::Instance(_) => match self.payload(self.moved_dict(object)?) {
                Payload::Dict(dict) => dict.get(key),
                _ => None,
            },
            _ => None,
        }
    }

    /// `object.__dict__`: the dict object of an instance's attributes, made
    /// (and the attributes moved into it) the first time. A new reference.
    pub(crate) fn instance_dict(&mut self, object: ObjRef) -> ObjRef {
        if let Some(dict) = self.moved_dict(object) {
            self.incref(dict);
            return dict;
        }
        let Some(class) = self.class_of_instance(object) else {
            return self.alloc(Payload::Dict(Box::default()));
        };
        let keys = self.shared_keys(class);
        let fields = matches!(self.layouts.get(&class), Some(Layout::Fields(_)));
        if matches!(self.payload(object), Payload::Instance(i) if i.attrs.has_own_dict()) {
            // CPython's dict was made with the first such attribute and was
            // counted then; it becomes the object made now.
            self.mem.release_hidden_part(&Payload::Dict(Box::default()));
        }
        let split = !fields
            && matches!(self.layouts.get(&class), Some(Layout::Shared(_)))
            && matches!(self.payload(object), Payload::Instance(i) if i.attrs.is_split());
        let dict = self.alloc(Payload::Dict(Box::default()));
        if split {
            self.split_dicts.insert(dict, class);
        }
        let combined_with = self.combined_with.remove(&object);
        let key_object = self.intern(MOVED_TO);
        let table = match self.payload_mut(object) {
            Payload::Instance(instance) => instance.attrs.move_out(
                &keys,
                DictKey::Str(MOVED_TO.into()),
                key_object,
                dict,
                fields,
            ),
            _ => ch01_objects::Dict::new(),
        };
        // The table keeps its slots, so the values are still released in
        // the shared keys' order, as a dict made from a values array is.
        let values: Vec<ObjRef> = table.iter().map(|(_, value)| value).collect();
        if let Payload::Dict(holder) = self.payload_mut(dict) {
            **holder = table;
        }
        if let Some(had) = combined_with {
            self.size_table_from(dict, had);
        }
        for value in values {
            self.mem.maintain_tracking(dict, value);
        }
        self.mem.maintain_tracking(object, dict);
        self.incref(dict);
        dict
    }

    /// `object.__dict__ = value`: `value` (a dict; its reference taken)
    /// holds the attributes from now on.
    pub(crate) fn replace_instance_dict(&mut self, object: ObjRef, value: ObjRef) {
        let old = self.instance_dict(object);
        self.decref(old);
        self.mem.maintain_tracking(object, value);
        let replaced = match self.payload_mut(object) {
            Payload::Instance(instance) => instance
                .attrs
                .value_mut(&SharedKeys::default(), &DictKey::Str(MOVED_TO.into()))
                .map(|slot| std::mem::replace(slot, value)),
            _ => None,
        };
        self.decref_all(replaced);
    }

    /// Removes an instance attribute, wherever the attributes live, handing
    /// over the entry's key and value references.
    pub(crate) fn remove_instance_attr(
        &mut self,
        object: ObjRef,
        key: &DictKey,
    ) -> Option<(ObjRef, ObjRef)> {
        let moved_to = self.moved_dict(object);
        let target = match moved_to {
            // An exception's fields stay with it.
            Some(_) if self.instance_field(object, key) => object,
            Some(dict) => dict,
            None => object,
        };
        let keys = match self.class_of_instance(target) {
            Some(class) if moved_to.is_none() => self.shared_keys(class),
            _ => Rc::default(),
        };
        match self.payload_mut(target) {
            Payload::Instance(instance) => instance.attrs.remove(&keys, key),
            Payload::Dict(dict) => dict.remove(key),
            _ => None,
        }
    }

    /// Sets an instance attribute (taking `value`'s reference), dropping the
    /// old value. A new name goes in its slot (see the module docs).
    pub(crate) fn set_attr_raw(&mut self, object: ObjRef, name: &str, value: ObjRef) {
        let key_object = self.intern(name);
        let key = self.name_key(name);
        if let Some(dict) = self.moved_dict(object)
            && !self.instance_field(object, &key)
        {
            self.dict_set(dict, key, key_object, value);
            return;
        }
        let Some(class) = self.class_of_instance(object) else {
            self.decref(key_object);
            self.decref(value);
            return;
        };
        let keys = self.shared_keys(class);
        let mut placement = self.placement_of(object, class, name, &key, &keys);
        if matches!(placement, Some(Placement::Appended | Placement::Combine))
            && matches!(self.payload(object), Payload::Instance(i) if !i.attrs.has_own_dict())
        {
            // CPython makes the instance's dict now, and may collect while
            // it does: before the attribute is stored.
            if self.mem.note_hidden_part(&Payload::Dict(Box::default())) {
                self.collect_automatically();
                placement = self.placement_of(object, class, name, &key, &keys);
            }
        }
        let placement = placement.unwrap_or(Placement::Appended);
        if let (Placement::Combine, Payload::Instance(instance)) =
            (&placement, self.payload(object))
        {
            // The dict is resized for the attributes it had then
            // (`insertion_resize`); `__dict__` finds that table.
            let had = instance.attrs.len();
            self.combined_with.insert(object, had);
        }
        let old = match self.payload_mut(object) {
            Payload::Instance(instance) => match placement {
                Placement::Slot(slot) => instance
                    .attrs
                    .insert_in_slot(&keys, key, key_object, value, slot),
                Placement::Combine => {
                    instance.attrs.forget_slots(&keys);
                    instance.attrs.insert(&keys, key, key_object, value)
                }
                Placement::Appended => instance.attrs.insert(&keys, key, key_object, value),
            },
            _ => Some(value),
        };
        if let Some(old) = old {
            self.decref(key_object);
            self.decref(old);
        }
    }

    /// Where `object`'s attribute `name` (`key`) goes if it is new; `None`
    /// if it is there already.
    fn placement_of(
        &mut self,
        object: ObjRef,
        class: ObjRef,
        name: &str,
        key: &DictKey,
        keys: &SharedKeys,
    ) -> Option<Placement> {
        match self.payload(object) {
            Payload::Instance(instance) if instance.attrs.get(keys, key).is_none() => {
                let split_or_empty = instance.attrs.is_split() || instance.attrs.is_empty();
                Some(self.placement(class, name, split_or_empty))
            }
            _ => None,
        }
    }

    /// True if `key` names one of the fields of the exception `object`.
    fn instance_field(&self, object: ObjRef, key: &DictKey) -> bool {
        let Some(class) = self.class_of_instance(object) else {
            return false;
        };
        matches!(self.layouts.get(&class), Some(Layout::Fields(keys))
            if matches!(key, DictKey::Str(name) if keys.slot_of(name).is_some()))
    }

    /// The slot of a new attribute `name` of an instance of `class`.
    fn placement(&mut self, class: ObjRef, name: &str, split_or_empty: bool) -> Placement {
        self.ensure_layout(class);
        let Some(layout) = self.layouts.get_mut(&class) else {
            return Placement::Appended;
        };
        match layout {
            Layout::Slots(keys) => match keys.slot_of(name) {
                Some(slot) => Placement::Slot(slot),
                None => Placement::Appended,
            },
            Layout::Fields(keys) => match keys.slot_of(name) {
                Some(slot) => Placement::Slot(slot),
                None => Placement::Appended,
            },
            Layout::Shared(_) if !split_or_empty => Placement::Appended,
            Layout::Shared(keys) => {
                if let Some(slot) = keys.slot_of(name) {
                    Placement::Slot(slot)
                } else {
                    let keys = keys.clone();
                    match self.take_shared_key_room(class) {
                        true => Placement::Slot(keys.push(Rc::from(name))),
                        false => Placement::Combine,
                    }
                }
            }
        }
    }

    /// Finds `class`'s layout, once.
    /// Room left in `class`'s shared keys: CPython 3.11's `dk_usable`,
    /// which starts at [`SHARED_KEYS_MAX_SIZE`] and loses one for each name
    /// added and one for each instance made (`init_inline_values` takes
    /// one while more than one is left). `dk_nentries + dk_usable` is
    /// the size of every values array, and so of each `__dict__` made
    /// from one.
    fn shared_key_room(&self, class: ObjRef) -> usize {
        self.shared_key_room
            .get(&class)
            .copied()
            .unwrap_or(SHARED_KEYS_MAX_SIZE)
    }

    /// Takes room for one more name in `class`'s shared keys; false if none
    /// is left, and the instance's attributes must become a dict of their own.
    fn take_shared_key_room(&mut self, class: ObjRef) -> bool {
        let room = self.shared_key_room(class);
        if room == 0 {
            return false;
        }
        self.shared_key_room.insert(class, room - 1);
        true
    }

    /// An instance of `class` was made: its values array takes one of the
    /// shared keys' places, as long as more than one is left.
    pub(crate) fn note_instance_made(&mut self, instance: ObjRef, class: ObjRef) {
        self.combined_with.remove(&instance);
        self.ensure_layout(class);
        if matches!(self.layouts.get(&class), Some(Layout::Shared(_))) {
            let room = self.shared_key_room(class);
            if room > 1 {
                self.shared_key_room.insert(class, room - 1);
            }
        }
    }

    /// `sys.getsizeof` of a `__dict__` made from an instance's values array
    /// and still split (it shares its class's keys): the dict, and a word
    /// per place of the values array (CPython 3.11's `_PyDict_SizeOf`, with
    /// the array's prefix). `None` for any other dict.
    pub(crate) fn split_dict_size(&self, dict: ObjRef) -> Option<usize> {
        let &class = self.split_dicts.get(&dict)?;
        let names = self.layouts.get(&class)?.keys().len();
        Some(64 + 8 * (names + self.shared_key_room(class)))
    }

    /// A key went into `dict`: a split `__dict__` stays split while the key
    /// is a `str` its class's keys have or can take. True if it stopped
    /// being split.
    pub(crate) fn note_split_dict_insert(&mut self, dict: ObjRef, key: ObjRef) -> bool {
        let Some(&class) = self.split_dicts.get(&dict) else {
            return false;
        };
        let stays_split = match self.payload(key) {
            Payload::Str(name) => {
                let name = name.to_string();
                let keys = self.shared_keys(class);
                keys.slot_of(&name).is_some()
                    || (self.take_shared_key_room(class) && {
                        keys.push(Rc::from(name.as_str()));
                        true
                    })
            }
            _ => false,
        };
        if !stays_split {
            self.split_dicts.remove(&dict);
        }
        !stays_split
    }

    fn ensure_layout(&mut self, class: ObjRef) {
        if !self.layouts.contains_key(&class) {
            let layout = self.layout_of(class);
            self.layouts.insert(class, layout);
        }
    }

    /// False if `class` has `__slots__` (and no `__dict__` among them)
    /// and `name` is not one of them: its instances cannot take `name`.
    pub(crate) fn instances_may_set(&mut self, class: ObjRef, name: &str) -> bool {
        self.ensure_layout(class);
        match self.layouts.get(&class) {
            Some(Layout::Slots(keys)) => keys.slot_of(name).is_some(),
            _ => true,
        }
    }

    /// How `class` lays out its instances' attributes.
    fn layout_of(&self, class: ObjRef) -> Layout {
        // A subclass of `weakref.ref` keeps its weak reference in a field,
        // one of `list` or `dict` its list or dict.
        let field = if self.is_ref_subclass(class) {
            Some(crate::types::weakref::REF_FIELD)
        } else {
            self.builtin_base(class)
                .map(|_| crate::types::builtin_subclass::VALUE_FIELD)
        };
        if let Some(slots) = self.slot_names(class) {
            let fields = field;
            let names = fields
                .into_iter()
                .chain(slots.iter().map(String::as_str))
                .map(Rc::from)
                .collect();
            return Layout::Slots(Rc::new(SharedKeys::new(names)));
        }
        if let Some(field) = field {
            let names = vec![Rc::from(field)];
            return Layout::Fields(Rc::new(SharedKeys::new(names)));
        }
        let base_exception =
            self.exceptions[crate::types::exceptions::ExcKind::BaseException as usize];
        if self.is_subclass(class, base_exception) {
            // `NameError` and `AttributeError` have the name (and the
            // object) they are about as fields too.
            let kind = |kind: ExcKind| self.is_subclass(class, self.exceptions[kind as usize]);
            let more: &[&str] = if kind(ExcKind::AttributeError) {
                &["name", "obj"]
            } else if kind(ExcKind::NameError) {
                &["name"]
            } else if kind(ExcKind::OSError) {
                &["errno", "strerror", "filename", "filename2"]
            } else {
                &[]
            };
            let names = EXCEPTION_FIELDS
                .iter()
                .chain(more)
                .map(|&name| Rc::from(name))
                .collect();
            Layout::Fields(Rc::new(SharedKeys::new(names)))
        } else {
            Layout::Shared(Rc::default())
        }
    }
}
