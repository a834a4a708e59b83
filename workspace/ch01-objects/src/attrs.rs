//! An instance's attributes: CPython 3.11's values array, and the dict it
//! falls back to.
//!
//! Instances of one class share the names of their attributes
//! ([`SharedKeys`], a type's `ht_cached_keys`): the first instance to set
//! `x` then `y` gives `x` slot 0 and `y` slot 1, for every instance. While
//! an instance sets its attributes in slot order, as nearly every instance
//! does, all it needs of its own is the values, by slot:
//!
//! ```text
//!  shared keys (one per class)     a's values (its own)
//!  ┌───┬───┐                        ┌──────────┬──────────┐
//!  │ x │ y │                        │ 'x' → 10 │ 'y' → 20 │   8 bytes an attribute
//!  └───┴───┘                        └──────────┴──────────┘
//! ```
//!
//! That is a *values array*: one allocation of 8 bytes an attribute (the
//! key object and the value; the names' text and hashes are the class's)
//! after four bytes of length, owned by the instance's payload, with no
//! dict in between.
//!
//! Once an instance's order parts from its slots (it set `y` before `x`,
//! or set again an attribute it had deleted), or it needs a key the shared
//! keys cannot take, its attributes become a [`Dict`] of its own, whose
//! entries keep their slots: they are still released in slot order, as
//! CPython releases a values array. A dict stays a dict.
//!
//! Looking a name up in a values array needs the class's keys, which the
//! interpreter keeps with the class; the methods that look up take them.

use crate::dict::{Dict, DictKey, SharedKeys};
use crate::object::ObjRef;
use crate::thin::{Either, SliceOrBox, ThinSlice};

/// A values array: by slot, the key object and the value.
type Values = ThinSlice<(ObjRef, ObjRef)>;

/// A value slot that holds nothing.
const VACANT: (ObjRef, ObjRef) = (ObjRef::VACANT, ObjRef::VACANT);

// ANCHOR: attrs
/// Where an instance keeps its attributes, in one word, as CPython 3.12's
/// `PyDictOrValues` does. Either:
/// - a values array, indexed by slot of the class's [`SharedKeys`]: the
///   key object and the value there, or nothing. Trailing empty slots are
///   not kept, so the length is the next slot that keeps the orders in
///   step. No allocation at all for an instance without attributes.
/// - or a table of the instance's own, its entries in insertion order,
///   each with its slot.
#[derive(Debug)]
pub struct Attrs(SliceOrBox<(ObjRef, ObjRef), Dict>);
// ANCHOR_END: attrs

impl Default for Attrs {
    fn default() -> Attrs {
        Attrs::values(Values::new())
    }
}

impl From<Dict> for Attrs {
    fn from(dict: Dict) -> Attrs {
        Attrs(SliceOrBox::boxed(Box::new(dict)))
    }
}

impl Attrs {
    /// No attributes yet.
    pub fn new() -> Attrs {
        Attrs::default()
    }

    /// A values array whose slot `i` holds `values[i]` (the key object and
    /// the value).
    pub fn from_values(values: Vec<(ObjRef, ObjRef)>) -> Attrs {
        Attrs::values(values.into())
    }

    fn values(values: Values) -> Attrs {
        Attrs(SliceOrBox::slice(values))
    }

    /// The values array or the dict.
    fn view(&self) -> Either<&Values, &Dict> {
        self.0.get()
    }

    /// The values array or the dict, to change.
    fn view_mut(&mut self) -> Either<&mut Values, &mut Dict> {
        self.0.get_mut()
    }

    /// True while the attributes are a values array, not a dict.
    pub fn is_values(&self) -> bool {
        matches!(self.view(), Either::Slice(_))
    }

    /// How many attributes there are.
    pub fn len(&self) -> usize {
        match self.view() {
            Either::Slice(values) => values.iter().filter(|&&v| v != VACANT).count(),
            Either::Boxed(dict) => dict.len(),
        }
    }

    /// True if there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True once the attributes moved to a dict object of their own (see
    /// [`Dict::move_out`]).
    pub fn is_moved_out(&self) -> bool {
        matches!(self.view(), Either::Boxed(dict) if dict.is_moved_out())
    }

    /// True if CPython 3.11 keeps these attributes in a dict object of the
    /// instance's own, which the collector counts and follows: some have no
    /// slot (an exception's attributes other than its fields, or all of an
    /// instance's once its class's shared keys were full). Not once they
    /// moved out: their dict is then an object on the heap.
    pub fn has_own_dict(&self) -> bool {
        matches!(self.view(), Either::Boxed(dict) if !dict.is_moved_out() && dict.has_unslotted())
    }

    /// The entries CPython 3.11 keeps in the instance's own dict (see
    /// [`Attrs::has_own_dict`]): those without a slot.
    pub fn unslotted(&self) -> impl Iterator<Item = (ObjRef, ObjRef)> + '_ {
        let dict = match self.view() {
            Either::Boxed(dict) if !dict.is_moved_out() => Some(dict.unslotted()),
            _ => None,
        };
        dict.into_iter().flatten()
    }

    /// True while the values keep slots: a values array, or a dict made
    /// from one (not one whose slots were forgotten).
    pub fn is_split(&self) -> bool {
        match self.view() {
            Either::Slice(_) => true,
            Either::Boxed(dict) => dict.is_split(),
        }
    }

    /// The value stored under `key`; `keys` are the class's.
    pub fn get(&self, keys: &SharedKeys, key: &DictKey) -> Option<ObjRef> {
        self.get_entry(keys, key).map(|(_, value)| value)
    }

    /// The key object and value stored under `key`.
    pub fn get_entry(&self, keys: &SharedKeys, key: &DictKey) -> Option<(ObjRef, ObjRef)> {
        match self.view() {
            Either::Slice(values) => {
                let pair = *values.get(keys.slot_of_key(key)?)?;
                (pair != VACANT).then_some(pair)
            }
            Either::Boxed(dict) => dict.get_entry(key),
        }
    }

    /// The place of `key`'s value, to replace it.
    pub fn value_mut(&mut self, keys: &SharedKeys, key: &DictKey) -> Option<&mut ObjRef> {
        match self.view_mut() {
            Either::Slice(values) => {
                let pair = values.get_mut(keys.slot_of_key(key)?)?;
                (*pair != VACANT).then_some(&mut pair.1)
            }
            Either::Boxed(dict) => dict.value_mut(key),
        }
    }

    /// The attributes' dict, for an instance made with one of its own
    /// (`Attrs::from(dict)`, as the chapters' tests and exercises make
    /// instances); `None` for a values array.
    pub fn dict_mut(&mut self) -> Option<&mut Dict> {
        match self.view_mut() {
            Either::Boxed(dict) => Some(dict),
            Either::Slice(_) => None,
        }
    }

    /// [`Attrs::get`] for an instance whose class lends it no slots, as
    /// the chapters' tests and exercises make instances.
    pub fn get_unslotted(&self, key: &DictKey) -> Option<ObjRef> {
        self.get(&SharedKeys::default(), key)
    }

    /// [`Attrs::insert`] for an instance whose class lends it no slots.
    pub fn insert_unslotted(
        &mut self,
        key: DictKey,
        key_object: ObjRef,
        value: ObjRef,
    ) -> Option<ObjRef> {
        self.insert(&SharedKeys::default(), key, key_object, value)
    }

    /// The attributes as a dict of their own, made from the values if need be.
    fn made_dict(&mut self, keys: &SharedKeys) -> &mut Dict {
        if let Either::Slice(values) = self.view() {
            *self = Dict::from_values(values, keys).into();
        }
        match self.view_mut() {
            Either::Boxed(dict) => dict,
            Either::Slice(_) => unreachable!("made a dict above"),
        }
    }

    /// Stores `value` under `key` (whose object is `key_object`) in `slot`,
    /// the key's place in `keys`. As [`Dict::insert`]: if the key was
    /// present its old value comes back, and the caller owns that and the
    /// unused `key_object`.
    pub fn insert_in_slot(
        &mut self,
        keys: &SharedKeys,
        key: DictKey,
        key_object: ObjRef,
        value: ObjRef,
        slot: u32,
    ) -> Option<ObjRef> {
        if let Some(place) = self.value_mut(keys, &key) {
            return Some(std::mem::replace(place, value));
        }
        if matches!(self.view(), Either::Boxed(dict) if dict.is_empty() && !dict.is_moved_out()) {
            // Nothing left to keep in order: a values array again.
            *self = Attrs::default();
        }
        if let Either::Slice(values) = self.view_mut()
            && slot as usize >= values.len()
        {
            debug_assert!(keys.slot_of_key(&key) == Some(slot as usize));
            // A slot after every value present: the orders still agree.
            let mut grown = Vec::with_capacity(slot as usize + 1);
            grown.extend_from_slice(values);
            grown.resize(slot as usize, VACANT);
            grown.push((key_object, value));
            *values = grown.into();
            return None;
        }
        self.made_dict(keys)
            .insert_in_slot(key, key_object, value, slot)
    }

    /// Stores `value` under a key that has no slot: the attributes become
    /// a dict, with the new key after the slotted ones.
    pub fn insert(
        &mut self,
        keys: &SharedKeys,
        key: DictKey,
        key_object: ObjRef,
        value: ObjRef,
    ) -> Option<ObjRef> {
        if let Some(place) = self.value_mut(keys, &key) {
            return Some(std::mem::replace(place, value));
        }
        if matches!(self.view(), Either::Slice(values) if values.is_empty()) {
            // No slots to keep: an ordinary dict.
            *self = Dict::new().into();
        }
        self.made_dict(keys).insert(key, key_object, value)
    }

    /// Makes the attributes an ordinary dict (CPython 3.11 makes the dict
    /// *combined* when its class's shared keys are full): from now on
    /// values are released in insertion order.
    pub fn forget_slots(&mut self, keys: &SharedKeys) {
        self.made_dict(keys).forget_slots();
    }

    /// Removes `key`, handing back the key object and the value.
    pub fn remove(&mut self, keys: &SharedKeys, key: &DictKey) -> Option<(ObjRef, ObjRef)> {
        match self.view_mut() {
            Either::Slice(values) => remove_slot(values, keys.slot_of_key(key)?),
            Either::Boxed(dict) => dict.remove(key),
        }
    }

    /// [`Attrs::remove`] for a caller that knows the entry's key object
    /// `key_object` (and its `key`) but not the class's keys.
    pub fn remove_key(&mut self, key_object: ObjRef, key: &DictKey) -> Option<(ObjRef, ObjRef)> {
        match self.view_mut() {
            Either::Slice(values) => {
                let slot = values.iter().position(|&(k, _)| k == key_object)?;
                remove_slot(values, slot)
            }
            Either::Boxed(dict) => dict.remove(key),
        }
    }

    /// Hands over the attributes as a dict (keeping their slots) and keeps
    /// `holder`, the dict object that holds them now, under `key` instead.
    /// With `keep_slotted`, only those without a slot move (an exception's
    /// attributes, not its fields).
    pub fn move_out(
        &mut self,
        keys: &SharedKeys,
        key: DictKey,
        key_object: ObjRef,
        holder: ObjRef,
        keep_slotted: bool,
    ) -> Dict {
        let mut table = match std::mem::take(self).0.into_inner() {
            Either::Slice(values) => Dict::from_values(&values, keys),
            Either::Boxed(dict) => *dict,
        };
        let mut left = if keep_slotted {
            table.split_off_slotted()
        } else {
            Dict::new()
        };
        left.keep_holder(key, key_object, holder);
        *self = left.into();
        table
    }

    /// Empties the attributes, handing back every `(key, value)` in slot
    /// order, as CPython 3.11 frees a values array (insertion order for a
    /// dict whose slots were forgotten).
    pub fn drain(&mut self) -> Vec<(ObjRef, ObjRef)> {
        match std::mem::take(self).0.into_inner() {
            Either::Slice(values) => values.iter().copied().filter(|&v| v != VACANT).collect(),
            Either::Boxed(mut dict) => dict.drain(),
        }
    }

    /// The attributes' key objects and values, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (ObjRef, ObjRef)> + '_ {
        let (values, dict) = match self.view() {
            Either::Slice(values) => (&values[..], None),
            Either::Boxed(dict) => (&[][..], Some(dict.iter())),
        };
        values
            .iter()
            .copied()
            .filter(|&v| v != VACANT)
            .chain(dict.into_iter().flatten())
    }

    /// Calls `visit` for every key object and value, in slot order.
    pub fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        match self.view() {
            Either::Slice(_) => self.iter().for_each(|(key, value)| {
                visit(key);
                visit(value);
            }),
            Either::Boxed(dict) => dict.visit_refs(visit),
        }
    }
}

/// Empties `slot` of a values array, handing back what it held.
fn remove_slot(values: &mut Values, slot: usize) -> Option<(ObjRef, ObjRef)> {
    let pair = values.get_mut(slot)?;
    if *pair == VACANT {
        return None;
    }
    let removed = std::mem::replace(pair, VACANT);
    if values.last() == Some(&VACANT) {
        // Vacant slots at the end are forgotten, so that setting the last
        // attribute again keeps the orders in step.
        let kept = values
            .iter()
            .rposition(|&pair| pair != VACANT)
            .map_or(0, |last| last + 1);
        *values = Values::from_slice(&values[..kept]);
    }
    Some(removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    fn name(text: &str) -> DictKey {
        DictKey::Str(Rc::from(text))
    }

    /// Shared keys `[x, y]`, as the first instance to set `x` then `y` makes them.
    fn keys_x_y() -> SharedKeys {
        SharedKeys::new(vec![Rc::from("x"), Rc::from("y")])
    }

    fn r(n: usize) -> ObjRef {
        ObjRef::from_index(n)
    }

    #[test]
    fn attributes_set_in_slot_order_are_values_only() {
        let keys = keys_x_y();
        let mut attrs = Attrs::new();
        attrs.insert_in_slot(&keys, name("x"), r(1), r(10), 0);
        attrs.insert_in_slot(&keys, name("y"), r(2), r(20), 1);
        assert!(matches!(attrs.view(), Either::Slice(v) if v.len() == 2));
        assert_eq!(attrs.get(&keys, &name("y")), Some(r(20)));
        assert_eq!(attrs.get_entry(&keys, &name("x")), Some((r(1), r(10))));
        assert_eq!(
            attrs.insert_in_slot(&keys, name("x"), r(1), r(11), 0),
            Some(r(10))
        );
        assert_eq!(attrs.remove(&keys, &name("y")), Some((r(2), r(20))));
        assert_eq!(attrs.remove(&keys, &name("y")), None);
        // The last slot set again: the orders still agree.
        attrs.insert_in_slot(&keys, name("y"), r(2), r(21), 1);
        assert!(attrs.is_values());
        assert_eq!(attrs.len(), 2);
        assert_eq!(attrs.drain(), vec![(r(1), r(11)), (r(2), r(21))]);
        assert!(attrs.is_empty());
    }

    #[test]
    fn attributes_iterate_in_insertion_order_and_drain_in_slot_order() {
        let keys = keys_x_y();
        let mut attrs = Attrs::new();
        // b.y = ...; b.x = ... where the class's shared keys are [x, y].
        attrs.insert_in_slot(&keys, name("y"), r(2), r(20), 1);
        attrs.insert_in_slot(&keys, name("x"), r(1), r(10), 0);
        assert!(!attrs.is_values());
        assert!(attrs.is_split());
        let order: Vec<usize> = attrs.iter().map(|(k, _)| k.index()).collect();
        assert_eq!(order, vec![2, 1]);
        let mut visited = vec![];
        attrs.visit_refs(&mut |o| visited.push(o.index()));
        assert_eq!(visited, vec![1, 10, 2, 20]);
        assert_eq!(attrs.drain(), vec![(r(1), r(10)), (r(2), r(20))]);
    }

    #[test]
    fn a_deleted_attribute_set_again_goes_back_to_its_slot() {
        let keys = keys_x_y();
        let mut attrs = Attrs::new();
        attrs.insert_in_slot(&keys, name("x"), r(1), r(10), 0);
        attrs.insert_in_slot(&keys, name("y"), r(2), r(20), 1);
        attrs.remove(&keys, &name("x"));
        attrs.insert_in_slot(&keys, name("x"), r(1), r(11), 0);
        let order: Vec<usize> = attrs.iter().map(|(k, _)| k.index()).collect();
        assert_eq!(order, vec![2, 1]);
        assert_eq!(attrs.drain(), vec![(r(1), r(11)), (r(2), r(20))]);
    }

    #[test]
    fn forgetting_slots_makes_an_ordinary_dict_in_insertion_order() {
        let keys = keys_x_y();
        let mut attrs = Attrs::new();
        attrs.insert_in_slot(&keys, name("y"), r(2), r(20), 1);
        attrs.insert_in_slot(&keys, name("x"), r(1), r(10), 0);
        attrs.forget_slots(&keys);
        attrs.insert(&keys, name("z"), r(3), r(30));
        assert!(!attrs.is_split());
        assert_eq!(
            attrs.drain(),
            vec![(r(2), r(20)), (r(1), r(10)), (r(3), r(30))]
        );
    }

    #[test]
    fn a_key_without_a_slot_makes_the_values_a_dict() {
        let keys = keys_x_y();
        let mut attrs = Attrs::new();
        attrs.insert_in_slot(&keys, name("x"), r(1), r(10), 0);
        attrs.insert(&keys, name("z"), r(3), r(30));
        assert!(!attrs.is_values());
        assert_eq!(attrs.get(&keys, &name("x")), Some(r(10)));
        let order: Vec<usize> = attrs.iter().map(|(k, _)| k.index()).collect();
        assert_eq!(order, vec![1, 3]);
    }

    #[test]
    fn moving_out_hands_over_the_values_with_their_slots() {
        let keys = keys_x_y();
        let mut attrs = Attrs::new();
        attrs.insert_in_slot(&keys, name("x"), r(1), r(10), 0);
        attrs.insert_in_slot(&keys, name("y"), r(2), r(20), 1);
        let mut table = attrs.move_out(&keys, name("<dict>"), r(7), r(70), false);
        assert!(attrs.is_moved_out());
        assert_eq!(attrs.get(&keys, &name("<dict>")), Some(r(70)));
        assert_eq!(table.get(&name("y")), Some(r(20)));
        assert_eq!(table.drain(), vec![(r(1), r(10)), (r(2), r(20))]);
    }

    #[test]
    fn attributes_without_a_slot_are_a_dict_of_their_own_and_move_out_alone() {
        // An exception: its fields have slots, its other attributes none.
        let keys = keys_x_y();
        let mut attrs = Attrs::new();
        attrs.insert_in_slot(&keys, name("x"), r(1), r(10), 0);
        assert!(!attrs.has_own_dict());
        attrs.insert(&keys, name("z"), r(3), r(30));
        assert!(attrs.has_own_dict());
        assert_eq!(attrs.unslotted().collect::<Vec<_>>(), vec![(r(3), r(30))]);
        let mut table = attrs.move_out(&keys, name("<dict>"), r(7), r(70), true);
        assert!(!attrs.has_own_dict());
        assert_eq!(table.drain(), vec![(r(3), r(30))]);
        assert_eq!(attrs.get(&keys, &name("x")), Some(r(10)));
        assert_eq!(attrs.get(&keys, &name("z")), None);
        assert!(attrs.is_moved_out());
    }

    #[test]
    fn attributes_cost_one_word_of_the_payload() {
        assert_eq!(std::mem::size_of::<Attrs>(), 8);
    }
}
