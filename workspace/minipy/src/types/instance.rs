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

use std::rc::Rc;

use ch01_objects::{DictKey, ObjRef, Payload};

use crate::vm::Vm;

/// CPython 3.11's `SHARED_KEYS_MAX_SIZE`: the most names a class's
/// instances share.
pub const SHARED_KEYS_MAX_SIZE: usize = 30;

/// How a class lays out its instances' attributes, found once per class.
#[derive(Debug)]
pub(crate) enum Layout {
    /// A values array indexed by the names the instances share, in the order
    /// they were first set. CPython: `ht_cached_keys`.
    Shared(Vec<Rc<str>>),
    /// `__slots__`, in declaration order.
    Slots(Vec<Rc<str>>),
    /// An ordinary dict per instance (exception classes).
    Combined,
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

impl Vm {
    /// Sets an instance attribute (taking `value`'s reference), dropping the
    /// old value. A new name goes in its slot (see the module docs).
    pub(crate) fn set_attr_raw(&mut self, object: ObjRef, name: &str, value: ObjRef) {
        let key_object = self.intern(name);
        let key = DictKey::Str(name.into());
        let placement = match self.payload(object) {
            Payload::Instance(instance) if instance.attrs.get(&key).is_none() => {
                let split_or_empty = instance.attrs.is_split() || instance.attrs.is_empty();
                let class = instance.class;
                self.placement(class, name, split_or_empty)
            }
            _ => Placement::Appended,
        };
        let old = match self.payload_mut(object) {
            Payload::Instance(instance) => match placement {
                Placement::Slot(slot) => {
                    instance.attrs.insert_in_slot(key, key_object, value, slot)
                }
                Placement::Combine => {
                    instance.attrs.forget_slots();
                    instance.attrs.insert(key, key_object, value)
                }
                Placement::Appended => instance.attrs.insert(key, key_object, value),
            },
            _ => Some(value),
        };
        if let Some(old) = old {
            self.decref(key_object);
            self.decref(old);
        }
    }

    /// The slot of a new attribute `name` of an instance of `class`.
    fn placement(&mut self, class: ObjRef, name: &str, split_or_empty: bool) -> Placement {
        if !self.layouts.contains_key(&class) {
            let layout = self.layout_of(class);
            self.layouts.insert(class, layout);
        }
        let Some(layout) = self.layouts.get_mut(&class) else {
            return Placement::Appended;
        };
        match layout {
            Layout::Slots(names) => match names.iter().position(|slot| &**slot == name) {
                Some(i) => Placement::Slot(i as u32),
                None => Placement::Appended,
            },
            Layout::Combined => Placement::Appended,
            Layout::Shared(_) if !split_or_empty => Placement::Appended,
            Layout::Shared(names) => {
                if let Some(i) = names.iter().position(|key| &**key == name) {
                    Placement::Slot(i as u32)
                } else if names.len() < SHARED_KEYS_MAX_SIZE {
                    names.push(Rc::from(name));
                    Placement::Slot(names.len() as u32 - 1)
                } else {
                    Placement::Combine
                }
            }
        }
    }

    /// How `class` lays out its instances' attributes.
    fn layout_of(&self, class: ObjRef) -> Layout {
        if let Some(slots) = self.slot_names(class) {
            return Layout::Slots(slots.iter().map(|name| Rc::from(name.as_str())).collect());
        }
        let base_exception =
            self.exceptions[crate::types::exceptions::ExcKind::BaseException as usize];
        if self.is_subclass(class, base_exception) {
            Layout::Combined
        } else {
            Layout::Shared(vec![])
        }
    }
}
