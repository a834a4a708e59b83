//! Subscripts: `x[i]`, `x[i] = v`, `del x[i]`, with indices and slices
//! (CPython: `PyObject_GetItem` and each sequence's `mp_subscript`).

use crate::protocols::number::Number;
use crate::types::exceptions::ExcKind;
use crate::types::native::{Range, Slice};
use crate::vm::{PyResult, Vm};
use ch01_objects::{ObjRef, Payload};

impl Vm {
    pub(crate) fn index_of(&mut self, key: ObjRef, len: usize, what: &str) -> PyResult<usize> {
        let index = match self.number(key) {
            Some(Number::Int(i)) => Some(i),
            Some(Number::Float(_)) => None,
            // A big int or an object with `__index__` (CPython: `PyNumber_AsSsize_t`).
            _ => self.index_value(key)?,
        };
        let Some(i) = index else {
            let name = self.type_name(key);
            // `str`'s message is its own (CPython 3.11's `unicode_subscript`).
            let message = if what == "string" {
                format!("string indices must be integers, not '{name}'")
            } else {
                // `x[k] = v` and `del x[k]` say "list indices" too.
                let kind = what.trim_end_matches(" assignment");
                format!("{kind} indices must be integers or slices, not {name}")
            };
            return Err(self.error(ExcKind::TypeError, message));
        };
        let adjusted = if i < 0 { i + len as i64 } else { i };
        if adjusted < 0 || adjusted >= len as i64 {
            return Err(self.error(ExcKind::IndexError, format!("{what} index out of range")));
        }
        Ok(adjusted as usize)
    }

    /// The positions a slice selects in a sequence of `len` items.
    pub(crate) fn slice_indices(&mut self, slice: ObjRef, len: usize) -> PyResult<Vec<usize>> {
        let (start, stop, step) = self.slice_bounds(slice, len)?;
        let mut positions = vec![];
        let mut i = start;
        while (step > 0 && i < stop) || (step < 0 && i > stop) {
            positions.push(i as usize);
            i += step;
        }
        Ok(positions)
    }

    /// A slice's start, stop and step for a sequence of `len` items, as
    /// `slice.indices(len)` gives them (CPython: `PySlice_AdjustIndices`).
    pub(crate) fn slice_bounds(&mut self, slice: ObjRef, len: usize) -> PyResult<(i64, i64, i64)> {
        let parts = self
            .native::<Slice>(slice)
            .map(|s| s.parts)
            .unwrap_or([self.none(); 3]);
        let bound = |vm: &mut Vm, r: ObjRef| -> PyResult<Option<i64>> {
            match vm.number(r) {
                Some(Number::Int(n)) => return Ok(Some(n)),
                _ if r == vm.none() => return Ok(None),
                Some(Number::Big(_)) => {
                    // Clamped, as CPython's `_PyEval_SliceIndex` clamps.
                    let negative = vm
                        .big_value(r)
                        .is_some_and(|n| num_traits::Signed::is_negative(&n));
                    return Ok(Some(if negative { i64::MIN / 2 } else { i64::MAX / 2 }));
                }
                _ => {}
            }
            match vm.index_value(r)? {
                Some(n) => Ok(Some(n)),
                None => Err(vm.error(
                    ExcKind::TypeError,
                    "slice indices must be integers or None or have an __index__ method".into(),
                )),
            }
        };
        let step = bound(self, parts[2])?.unwrap_or(1);
        if step == 0 {
            return Err(self.error(ExcKind::ValueError, "slice step cannot be zero".into()));
        }
        let len = len as i64;
        let clamp = |value: Option<i64>, default: i64, low: i64, high: i64| match value {
            None => default,
            Some(v) if v < 0 => (v + len).max(low),
            Some(v) => v.min(high),
        };
        let (start, stop) = if step > 0 {
            (
                clamp(bound(self, parts[0])?, 0, 0, len),
                clamp(bound(self, parts[1])?, len, 0, len),
            )
        } else {
            (
                clamp(bound(self, parts[0])?, len - 1, -1, len - 1),
                clamp(bound(self, parts[1])?, -1, -1, len - 1),
            )
        };
        Ok((start, stop, step))
    }

    /// `list[a:b] = iterable` (all borrowed): a simple slice is replaced by
    /// any number of items; an extended slice needs exactly as many.
    pub(crate) fn assign_slice(
        &mut self,
        list: ObjRef,
        slice: ObjRef,
        value: ObjRef,
    ) -> PyResult<()> {
        let new_items = self.collect_items(value)?;
        let len = match self.payload(list) {
            Payload::List(items) => items.len(),
            _ => 0,
        };
        let step_is_one = self.native::<Slice>(slice).is_some_and(|s| {
            s.parts[2] == self.none()
                || self
                    .number(s.parts[2])
                    .is_some_and(|n| matches!(n, Number::Int(1)))
        });
        let positions = match self.slice_indices(slice, len) {
            Ok(p) => p,
            Err(err) => {
                self.decref_all(new_items);
                return Err(err);
            }
        };
        let removed: Vec<ObjRef> = if step_is_one {
            let start = match positions.first() {
                Some(&p) => p,
                None => {
                    // An empty slice inserts at its (clamped) start.
                    let lower = self.native::<Slice>(slice).map(|s| s.parts[0]);
                    match lower.and_then(|l| self.number(l)) {
                        Some(Number::Int(i)) if i < 0 => (i + len as i64).max(0) as usize,
                        Some(Number::Int(i)) => (i as usize).min(len),
                        _ => 0,
                    }
                }
            };
            let end = start + positions.len();
            let mut removed: Vec<ObjRef> = match self.payload_mut(list) {
                Payload::List(items) => {
                    let (len, allocated) = (items.len(), items.capacity());
                    let removed = items.splice(start..end, new_items).collect();
                    crate::types::sizes::after_slice_assignment(items, allocated, len);
                    removed
                }
                _ => vec![],
            };
            // CPython 3.11's list_ass_slice releases the replaced items last
            // first (an extended slice releases them first to last).
            removed.reverse();
            removed
        } else {
            if positions.len() != new_items.len() {
                let (want, got) = (positions.len(), new_items.len());
                self.decref_all(new_items);
                return Err(self.error(
                    ExcKind::ValueError,
                    format!(
                        "attempt to assign sequence of size {got} to extended slice of size {want}"
                    ),
                ));
            }
            match self.payload_mut(list) {
                Payload::List(items) => positions
                    .iter()
                    .zip(new_items)
                    .map(|(&p, item)| std::mem::replace(&mut items[p], item))
                    .collect(),
                _ => vec![],
            }
        };
        self.decref_all(removed);
        Ok(())
    }

    /// `container[key]`, a new reference.
    pub(crate) fn get_item(&mut self, container: ObjRef, key: ObjRef) -> PyResult<ObjRef> {
        if let Some(value) = self.inherited_value(container, "__getitem__") {
            return self.builtin_value_getitem(container, value, key);
        }
        if self.dict_behind(container).is_some() {
            return self.dict_subclass_getitem(container, key);
        }
        if let Some(items) = self.deque_items(container) {
            let i = self.index_of(key, items.len(), "deque")?;
            self.incref(items[i]);
            return Ok(items[i]);
        }
        if self.bytes_of(container).is_some() {
            return self.bytes_getitem(container, key);
        }
        if let Some(items) = self.namedtuple_items(container) {
            // Index or slice it as the tuple it is.
            let tuple = self.new_tuple_of(items);
            let result = self.get_item(tuple, key);
            self.decref(tuple);
            return result;
        }
        let is_slice = self.native::<Slice>(key).is_some();
        match self.payload(container) {
            Payload::List(_) | Payload::Tuple(_) => {
                let (items, is_list) = match self.payload(container) {
                    Payload::List(items) => (items.to_vec(), true),
                    Payload::Tuple(items) => (items.to_vec(), false),
                    _ => (vec![], false),
                };
                let what = if is_list { "list" } else { "tuple" };
                if is_slice {
                    let indices = self.slice_indices(key, items.len())?;
                    // A tuple is immutable: its whole, forwards, is itself.
                    if !is_list
                        && indices.len() == items.len()
                        && indices.iter().enumerate().all(|(k, &i)| k == i)
                    {
                        self.incref(container);
                        return Ok(container);
                    }
                    let picked: Vec<ObjRef> = indices.into_iter().map(|i| items[i]).collect();
                    picked.iter().for_each(|&i| self.mem.incref(i));
                    return Ok(if is_list {
                        self.alloc(Payload::list(picked))
                    } else {
                        self.alloc(Payload::Tuple(picked.into()))
                    });
                }
                let i = self.index_of(key, items.len(), what)?;
                self.incref(items[i]);
                Ok(items[i])
            }
            Payload::Str(s) => {
                let chars: Vec<char> = s.chars().collect();
                if is_slice {
                    let indices = self.slice_indices(key, chars.len())?;
                    // The whole string, forwards: CPython 3.11 hands back the
                    // string itself.
                    if indices.len() == chars.len()
                        && indices.iter().enumerate().all(|(k, &i)| k == i)
                    {
                        self.incref(container);
                        return Ok(container);
                    }
                    let text: String = indices.into_iter().map(|i| chars[i]).collect();
                    return Ok(self.new_str(&text));
                }
                let i = self.index_of(key, chars.len(), "string")?;
                Ok(self.new_str(&chars[i].to_string()))
            }
            Payload::Dict(_) => {
                let dict_key = self.hash_key(key)?;
                let dict_key = self.resolve_key(container, dict_key)?;
                let found = match self.payload(container) {
                    Payload::Dict(dict) => dict.get(&dict_key),
                    _ => None,
                };
                match found {
                    Some(value) => {
                        self.incref(value);
                        Ok(value)
                    }
                    None => Err(self.key_error(key)),
                }
            }
            Payload::Native(_) if self.native::<Range>(container).is_some() => {
                let range = self.native::<Range>(container).copied().unwrap_or(Range {
                    start: 0,
                    stop: 0,
                    step: 1,
                });
                if self.native::<Slice>(key).is_some() {
                    // A slice of a range is a range (`range(10)[2:8:2]`).
                    let (lo, hi, step) = self.slice_bounds(key, range.len() as usize)?;
                    return Ok(self.new_native(Range {
                        start: range.start + lo * range.step,
                        stop: range.start + hi * range.step,
                        step: range.step * step,
                    }));
                }
                let i = self.index_of(key, range.len() as usize, "range object")?;
                Ok(self.new_int(range.start + i as i64 * range.step))
            }
            Payload::Instance(_) => match self.call_special(container, "__getitem__", &[key]) {
                Some(result) => result,
                None => {
                    let name = self.type_name(container);
                    Err(self.error(
                        ExcKind::TypeError,
                        format!("'{name}' object is not subscriptable"),
                    ))
                }
            },
            Payload::Class(_) => match self.generic_get_attr(container, "__class_getitem__") {
                // `C[key]`: a class's `__class_getitem__` (an implicit class method).
                Ok(method) => {
                    self.incref(key);
                    let result = self.call(method, vec![key], None);
                    self.decref(method);
                    result
                }
                Err(err) => {
                    self.decref(err.0);
                    let name = self.class_name(container);
                    Err(self.error(
                        ExcKind::TypeError,
                        format!("type '{name}' is not subscriptable"),
                    ))
                }
            },
            _ => {
                let name = self.type_name(container);
                Err(self.error(
                    ExcKind::TypeError,
                    format!("'{name}' object is not subscriptable"),
                ))
            }
        }
    }

    /// `container[key] = value`; takes `value`'s reference, borrows `key`.
    pub(crate) fn set_item(
        &mut self,
        container: ObjRef,
        key: ObjRef,
        value: ObjRef,
    ) -> PyResult<()> {
        if let Some(inner) = self.inherited_value(container, "__setitem__") {
            return self.set_item(inner, key, value);
        }
        if self.is_mapping_proxy(container) {
            self.decref(value);
            return Err(self.error(
                ExcKind::TypeError,
                "'mappingproxy' object does not support item assignment".into(),
            ));
        }
        if let Some(inner) = self.dict_behind(container) {
            return self.set_item(inner, key, value);
        }
        if let Some((_, mutable)) = self.bytes_of(container) {
            if mutable {
                return self.bytearray_setitem(container, key, value);
            }
            self.decref(value);
            return Err(self.error(
                ExcKind::TypeError,
                "'bytes' object does not support item assignment".into(),
            ));
        }
        match self.payload(container) {
            Payload::List(_) if self.native::<Slice>(key).is_some() => {
                let result = self.assign_slice(container, key, value);
                self.decref(value);
                result
            }
            Payload::List(items) => {
                let len = items.len();
                let i = match self.index_of(key, len, "list assignment") {
                    Ok(i) => i,
                    Err(err) => {
                        self.decref(value);
                        return Err(err);
                    }
                };
                let old = match self.payload_mut(container) {
                    Payload::List(items) => std::mem::replace(&mut items[i], value),
                    _ => value,
                };
                self.decref(old);
                Ok(())
            }
            Payload::Dict(_) => {
                let dict_key = match self
                    .hash_key(key)
                    .and_then(|k| self.resolve_key(container, k))
                {
                    Ok(k) => k,
                    Err(err) => {
                        self.decref(value);
                        return Err(err);
                    }
                };
                self.incref(key);
                self.dict_set(container, dict_key, key, value);
                Ok(())
            }
            Payload::Instance(_) => {
                let result = self.call_special(container, "__setitem__", &[key, value]);
                self.decref(value);
                match result {
                    Some(result) => result.map(|r| self.decref(r)),
                    None => {
                        let name = self.type_name(container);
                        Err(self.error(
                            ExcKind::TypeError,
                            format!("'{name}' object does not support item assignment"),
                        ))
                    }
                }
            }
            _ => {
                self.decref(value);
                let name = self.type_name(container);
                Err(self.error(
                    ExcKind::TypeError,
                    format!("'{name}' object does not support item assignment"),
                ))
            }
        }
    }

    /// `del container[key]`.
    pub(crate) fn del_item(&mut self, container: ObjRef, key: ObjRef) -> PyResult<()> {
        if let Some(inner) = self.inherited_value(container, "__delitem__") {
            return self.del_item(inner, key);
        }
        if self.is_mapping_proxy(container) {
            return Err(self.error(
                ExcKind::TypeError,
                "'mappingproxy' object does not support item deletion".into(),
            ));
        }
        if let Some(inner) = self.dict_behind(container) {
            return self.del_item(inner, key);
        }
        match self.payload(container) {
            Payload::List(items) => {
                let len = items.len();
                if self.native::<Slice>(key).is_some() {
                    let mut positions = self.slice_indices(key, len)?;
                    // In slice order: a step of 1 gives a rising run.
                    let step_one = positions.windows(2).all(|w| w[1] == w[0] + 1);
                    positions.sort_unstable();
                    let contiguous = positions.windows(2).all(|w| w[1] == w[0] + 1);
                    let removed = match self.payload_mut(container) {
                        Payload::List(items) => {
                            let removed = remove_positions(items, &positions, contiguous);
                            // Both of CPython 3.11's paths (`list_ass_slice`,
                            // `list_ass_subscript`) end in `list_resize`.
                            if !removed.is_empty() {
                                crate::types::sizes::grow_list(items, items.len());
                            }
                            removed
                        }
                        _ => vec![],
                    };
                    // CPython 3.11 releases the items of `del a[i:j]` last
                    // first (`list_ass_slice`), and those of any other step
                    // in index order (`list_ass_subscript`).
                    if step_one {
                        self.decref_all(removed.into_iter().rev());
                    } else {
                        self.decref_all(removed);
                    }
                    return Ok(());
                }
                let i = self.index_of(key, len, "list assignment")?;
                let removed = match self.payload_mut(container) {
                    Payload::List(items) => Some(items.remove(i)),
                    _ => None,
                };
                self.decref_all(removed);
                Ok(())
            }
            Payload::Dict(_) => {
                let dict_key = self.hash_key(key)?;
                let dict_key = self.resolve_key(container, dict_key)?;
                let removed = match self.payload_mut(container) {
                    Payload::Dict(dict) => dict.remove(&dict_key),
                    _ => None,
                };
                if self.release_entry(removed) {
                    return Ok(());
                }
                Err(self.key_error(key))
            }
            _ => match self.call_special(container, "__delitem__", &[key]) {
                Some(result) => result.map(|r| self.decref(r)),
                None => {
                    let name = self.type_name(container);
                    Err(self.error(
                        ExcKind::TypeError,
                        format!("'{name}' object doesn't support item deletion"),
                    ))
                }
            },
        }
    }
}

impl Vm {
    /// What a `__len__` returned (its reference taken), as a length: an
    /// int, not negative (CPython 3.11's `slot_sq_length`).
    pub(crate) fn length_from(&mut self, value: ObjRef) -> PyResult<usize> {
        let n = self.index_value(value);
        let kind = self.type_name(value);
        self.decref(value);
        match n? {
            Some(n) if n < 0 => {
                Err(self.error(ExcKind::ValueError, "__len__() should return >= 0".into()))
            }
            Some(n) => Ok(n as usize),
            None => Err(self.error(
                ExcKind::TypeError,
                format!("'{kind}' object cannot be interpreted as an integer"),
            )),
        }
    }

    /// `len(x)`.
    pub(crate) fn length(&mut self, object: ObjRef) -> PyResult<usize> {
        if let Some(value) = self.inherited_value(object, "__len__") {
            return self.length(value);
        }
        match self.payload(object) {
            Payload::Str(s) => Ok(s.chars().count()),
            Payload::List(items) => Ok(items.len()),
            Payload::Tuple(items) => Ok(items.len()),
            Payload::Dict(dict) => Ok(dict.len()),
            Payload::Native(native) if native.as_any().is::<crate::types::sets::Set>() => {
                Ok(self.set_ref(object).map_or(0, crate::types::sets::Set::len))
            }
            Payload::Native(native) if native.as_any().is::<crate::types::deque::Deque>() => {
                Ok(self.deque_items(object).map_or(0, |items| items.len()))
            }
            Payload::Native(native) if native.as_any().is::<crate::types::bytes::Bytes>() => {
                Ok(self.bytes_of(object).map_or(0, |(data, _)| data.len()))
            }
            Payload::Native(native)
                if native.as_any().is::<crate::types::namedtuple::NamedTuple>() =>
            {
                Ok(self.namedtuple_items(object).map_or(0, |items| items.len()))
            }
            Payload::Native(native)
                if native
                    .as_any()
                    .is::<crate::types::dict_kinds::DictSubclass>() =>
            {
                let inner = self.dict_behind(object).unwrap_or(object);
                self.length(inner)
            }
            Payload::Native(native) if native.as_any().is::<crate::types::views::DictView>() => {
                let dict = self.dict_view(object).map(|(d, _)| d);
                match dict.map(|d| self.payload(d)) {
                    Some(Payload::Dict(d)) => Ok(d.len()),
                    _ => Ok(0),
                }
            }
            Payload::Native(native) if native.as_any().is::<Range>() => Ok(self
                .native::<Range>(object)
                .map(|r| r.len().max(0) as usize)
                .unwrap_or(0)),
            Payload::Instance(instance) => {
                let class = instance.class;
                match self.lookup_in_class(class, "__len__") {
                    Some(method) => {
                        self.incref(method);
                        self.incref(object);
                        let result = self.call(method, vec![object], None);
                        self.decref(method);
                        let value = result?;
                        self.length_from(value)
                    }
                    None => {
                        let name = self.type_name(object);
                        Err(self.error(
                            ExcKind::TypeError,
                            format!("object of type '{name}' has no len()"),
                        ))
                    }
                }
            }
            _ => {
                let name = self.type_name(object);
                Err(self.error(
                    ExcKind::TypeError,
                    format!("object of type '{name}' has no len()"),
                ))
            }
        }
    }
}

/// Takes the items at `positions` (ascending) out of `items` in one pass,
/// and returns them in index order.
fn remove_positions(
    items: &mut ch01_objects::ThinVec<ObjRef>,
    positions: &[usize],
    contiguous: bool,
) -> Vec<ObjRef> {
    match (positions.first(), positions.last()) {
        (Some(&first), Some(&last)) if contiguous => items.drain(first..=last).collect(),
        (Some(_), Some(_)) => {
            let mut marked = vec![false; items.len()];
            for &i in positions {
                marked[i] = true;
            }
            let mut removed = Vec::with_capacity(positions.len());
            // The list's own array, as CPython moves the items within it.
            let mut kept = ch01_objects::ThinVec::with_capacity(items.capacity());
            for (i, item) in std::mem::take(items).into_iter().enumerate() {
                if marked[i] {
                    removed.push(item);
                } else {
                    kept.push(item);
                }
            }
            *items = kept;
            removed
        }
        _ => Vec::new(),
    }
}
