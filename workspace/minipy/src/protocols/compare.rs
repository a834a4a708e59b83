//! Comparison, membership and hashing: `==` without an identity shortcut,
//! ordering, `in`, and the key a value hashes to (CPython:
//! `PyObject_RichCompare`, `PySequence_Contains`, `PyObject_Hash`).

use crate::bytecode::CompareOp;
use crate::protocols::number::Number;
use crate::types::exceptions::ExcKind;
use crate::types::native::{Range, SeqIter};
use crate::vm::{PyResult, Vm};
use ch01_objects::{DictKey, ObjRef, Payload};
use std::cmp::Ordering;

impl Vm {
    /// `left op right` as the `COMPARE_OP` instruction computes it
    /// (CPython: `PyObject_RichCompare`): what a user class's `__eq__`,
    /// `__lt__`, ... returns is the result, whatever it is (a non-bool goes
    /// through, as NumPy's arrays rely on); otherwise a new bool. `is`,
    /// `is not`, `in` and `not in` always give a bool.
    pub(crate) fn rich_compare(
        &mut self,
        op: CompareOp,
        left: ObjRef,
        right: ObjRef,
    ) -> PyResult<ObjRef> {
        let plain_ref = |vm: &Vm, r: ObjRef| {
            matches!(vm.payload(r), Payload::Native(_))
                || vm.ref_of_instance(r).is_some()
                    && vm
                        .class_of_instance(r)
                        .is_some_and(|class| vm.lookup_in_class(class, "__eq__").is_none())
        };
        if plain_ref(self, left)
            && plain_ref(self, right)
            && let Some(result) = self.weakref_compare(op, left, right)
        {
            return result;
        }
        // Only instances of classes written in Python have methods that
        // can return something other than a bool.
        let either_instance = matches!(self.payload(left), Payload::Instance(_))
            || matches!(self.payload(right), Payload::Instance(_));
        if either_instance && let Some(result) = self.compare_dunder(op, left, right) {
            return result;
        }
        let truth = self.compare_op(op, left, right)?;
        Ok(self.new_bool(truth))
    }

    pub(crate) fn compare_op(
        &mut self,
        op: CompareOp,
        left: ObjRef,
        right: ObjRef,
    ) -> PyResult<bool> {
        match op {
            CompareOp::Is => Ok(left == right),
            CompareOp::IsNot => Ok(left != right),
            CompareOp::Eq => self.operator_equal(left, right),
            CompareOp::Ne => {
                if let Some(result) = self.call_special(left, "__ne__", &[right]) {
                    let value = result?;
                    let truth = self.truthy(value);
                    self.decref(value);
                    return truth;
                }
                Ok(!self.operator_equal(left, right)?)
            }
            CompareOp::In => self.contains(right, left),
            CompareOp::NotIn => Ok(!self.contains(right, left)?),
            CompareOp::Lt | CompareOp::Le | CompareOp::Gt | CompareOp::Ge => {
                if let Some(result) = self.compare_dunder(op, left, right) {
                    let value = result?;
                    let truth = self.truthy(value);
                    self.decref(value);
                    return truth;
                }
                if let Some(result) = self.set_compare(op, left, right) {
                    return result;
                }
                let ordering = self.compare_values(left, right, op)?;
                Ok(match op {
                    CompareOp::Lt => ordering == Ordering::Less,
                    CompareOp::Le => ordering != Ordering::Greater,
                    CompareOp::Gt => ordering == Ordering::Greater,
                    _ => ordering != Ordering::Less,
                })
            }
        }
    }

    /// The items of a tuple or namedtuple (borrowed).
    pub(crate) fn tuple_like_items(&self, r: ObjRef) -> Option<Vec<ObjRef>> {
        match self.payload(r) {
            Payload::Tuple(items) => Some(items.to_vec()),
            _ => self.namedtuple_items(r),
        }
    }

    /// Equality as containers test it (`in`, `index`, `count`, comparing
    /// lists): an object is equal to itself before anything is called, as
    /// CPython's `PyObject_RichCompareBool` has it, so `nan in [nan]` is true.
    pub(crate) fn values_equal(&mut self, a: ObjRef, b: ObjRef) -> PyResult<bool> {
        if a == b {
            return Ok(true);
        }
        self.operator_equal(a, b)
    }

    /// The `==` operator: no identity shortcut, so `nan == nan` is false and
    /// `x == x` calls `x.__eq__`. Instances without `__eq__` compare by identity.
    /// A bound method's function and the object it is bound to.
    fn method_parts(&self, r: ObjRef) -> Option<(ObjRef, ObjRef)> {
        self.native::<crate::types::native::BoundMethod>(r)
            .map(|m| (m.function, m.receiver))
    }

    pub(crate) fn operator_equal(&mut self, a: ObjRef, b: ObjRef) -> PyResult<bool> {
        // A subclass of `list` or `dict` without `__eq__` of its own
        // compares as the value it holds.
        let (value_a, value_b) = (
            self.inherited_value(a, "__eq__"),
            self.inherited_value(b, "__eq__"),
        );
        if value_a.is_some() || value_b.is_some() {
            return self.operator_equal(value_a.unwrap_or(a), value_b.unwrap_or(b));
        }
        if let Some(result) = self.dict_subclass_equal(a, b) {
            return result;
        }
        if let (Some(x), Some(y)) = (self.number(a), self.number(b)) {
            return Ok(self.compare_numbers(x, y) == Some(Ordering::Equal));
        }
        if (self.namedtuple_items(a).is_some() || self.namedtuple_items(b).is_some())
            && let (Some(x), Some(y)) = (self.tuple_like_items(a), self.tuple_like_items(b))
        {
            // A namedtuple equals the tuple of its items.
            if x.len() != y.len() {
                return Ok(false);
            }
            for (p, q) in x.into_iter().zip(y) {
                if !self.values_equal(p, q)? {
                    return Ok(false);
                }
            }
            return Ok(true);
        }
        if let (Some(x), Some(y)) = (self.method_parts(a), self.method_parts(b)) {
            // Two bound methods are equal if they bind the same function to
            // the same object (CPython 3.8+ compares the selves by identity).
            return Ok(x == y);
        }
        let pairs: Option<Vec<(ObjRef, ObjRef)>> = match (self.payload(a), self.payload(b)) {
            (Payload::Str(x), Payload::Str(y)) => return Ok(x == y),
            (Payload::List(x), Payload::List(y)) if x.len() == y.len() => {
                Some(x.iter().copied().zip(y.iter().copied()).collect())
            }
            (Payload::Tuple(x), Payload::Tuple(y)) if x.len() == y.len() => {
                Some(x.iter().copied().zip(y.iter().copied()).collect())
            }
            (Payload::List(_), Payload::List(_)) | (Payload::Tuple(_), Payload::Tuple(_)) => {
                return Ok(false);
            }
            (Payload::Dict(x), Payload::Dict(y)) => {
                if x.len() != y.len() {
                    return Ok(false);
                }
                let mut pairs = vec![];
                for (key, value) in x.iter() {
                    let Some(k) = self.mem.heap().dict_key(key) else {
                        return Ok(false);
                    };
                    match y.get(&k) {
                        Some(other) => pairs.push((value, other)),
                        None => return Ok(false),
                    }
                }
                Some(pairs)
            }
            (Payload::Instance(_), _) | (_, Payload::Instance(_)) => {
                // `a.__eq__(b)`, then `b.__eq__(a)`; when both return
                // `NotImplemented` (or neither exists), identity decides.
                if let Some(result) = self.compare_dunder(CompareOp::Eq, a, b) {
                    let value = result?;
                    let truth = self.truthy(value);
                    self.decref(value);
                    return truth;
                }
                None
            }
            (Payload::Native(_), Payload::Native(_)) => {
                if let (Some(x), Some(y)) = (self.native::<Range>(a), self.native::<Range>(b)) {
                    return Ok((x.start, x.stop, x.step) == (y.start, y.stop, y.step));
                }
                if let (Some(x), Some(y)) = (self.slice_parts(a), self.slice_parts(b)) {
                    // Slices compare as the tuples of their parts.
                    return self.items_equal(&x, &y);
                }
                if self.set_ref(a).is_some() && self.set_ref(b).is_some() {
                    return self.sets_equal(a, b);
                }
                if let (Some((x, _)), Some((y, _))) = (self.bytes_of(a), self.bytes_of(b)) {
                    return Ok(x == y);
                }
                if let (Some(x), Some(y)) = (self.deque_items(a), self.deque_items(b)) {
                    if x.len() != y.len() {
                        return Ok(false);
                    }
                    for (p, q) in x.into_iter().zip(y) {
                        if !self.values_equal(p, q)? {
                            return Ok(false);
                        }
                    }
                    return Ok(true);
                }
                None
            }
            _ => None,
        };
        match pairs {
            Some(pairs) => {
                for (x, y) in pairs {
                    if !self.values_equal(x, y)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            // No type-specific equality: `object.__eq__`, identity.
            None => Ok(a == b),
        }
    }

    /// `==` when either side wraps a dict (`defaultdict`, `Counter`,
    /// `OrderedDict`, a class's `__dict__`): the dicts decide, as `dict`'s
    /// `__eq__` does for subclasses, with two refinements of CPython 3.11's
    /// `collections`: two `OrderedDict`s must also hold their keys in the
    /// same order (`odict_richcompare`), and two `Counter`s count a missing
    /// key as 0 (`Counter.__eq__`, 3.10+).
    fn dict_subclass_equal(&mut self, a: ObjRef, b: ObjRef) -> Option<PyResult<bool>> {
        use crate::types::dict_kinds::DictKind;
        let (inner_a, inner_b) = (self.dict_behind(a), self.dict_behind(b));
        if inner_a.is_none() && inner_b.is_none() {
            return None;
        }
        let (x, y) = (inner_a.unwrap_or(a), inner_b.unwrap_or(b));
        let kinds = (self.dict_kind(a), self.dict_kind(b));
        Some(match kinds {
            (Some(DictKind::Counter), Some(DictKind::Counter)) => self.counters_equal(x, y),
            (Some(DictKind::Ordered), Some(DictKind::Ordered)) => {
                let keys = |vm: &Vm, d: ObjRef| match vm.payload(d) {
                    Payload::Dict(dict) => dict.iter().map(|(key, _)| key).collect(),
                    _ => vec![],
                };
                let (kx, ky): (Vec<ObjRef>, Vec<ObjRef>) = (keys(self, x), keys(self, y));
                match self.items_equal(&kx, &ky) {
                    Ok(true) => self.operator_equal(x, y),
                    other => other,
                }
            }
            _ => self.operator_equal(x, y),
        })
    }

    /// Two `Counter`s' dicts are equal if every key counts the same in
    /// both, a missing key counting 0.
    fn counters_equal(&mut self, x: ObjRef, y: ObjRef) -> PyResult<bool> {
        let zero = self.new_int(0);
        let result = (|| {
            for (this, that) in [(x, y), (y, x)] {
                let entries: Vec<(ObjRef, ObjRef)> = match self.payload(this) {
                    Payload::Dict(dict) => dict.iter().collect(),
                    _ => vec![],
                };
                for (key, count) in entries {
                    let other = match self.mem.heap().dict_key(key) {
                        Some(k) => match self.payload(that) {
                            Payload::Dict(dict) => dict.get(&k),
                            _ => None,
                        },
                        None => None,
                    };
                    if !self.values_equal(count, other.unwrap_or(zero))? {
                        return Ok(false);
                    }
                }
            }
            Ok(true)
        })();
        self.decref(zero);
        result
    }

    /// Ordering for `<`, `sorted`, `min` and `max`.
    pub(crate) fn compare_values(
        &mut self,
        a: ObjRef,
        b: ObjRef,
        op: CompareOp,
    ) -> PyResult<Ordering> {
        if let (Some(x), Some(y)) = (self.number(a), self.number(b)) {
            return Ok(self.compare_numbers(x, y).unwrap_or(Ordering::Equal));
        }
        let dunder = match op {
            CompareOp::Lt => "__lt__",
            CompareOp::Le => "__le__",
            CompareOp::Gt => "__gt__",
            _ => "__ge__",
        };
        let (value_a, value_b) = (
            self.inherited_value(a, dunder),
            self.inherited_value(b, dunder),
        );
        if value_a.is_some() || value_b.is_some() {
            return self.compare_values(value_a.unwrap_or(a), value_b.unwrap_or(b), op);
        }
        let sequences = match (self.payload(a), self.payload(b)) {
            (Payload::Str(x), Payload::Str(y)) => return Ok(x.cmp(y)),
            (Payload::List(x), Payload::List(y)) => Some((x.to_vec(), y.to_vec())),
            (Payload::Tuple(x), Payload::Tuple(y)) => Some((x.to_vec(), y.to_vec())),
            _ => match (self.tuple_like_items(a), self.tuple_like_items(b)) {
                (Some(x), Some(y)) => Some((x, y)),
                _ => match (self.slice_parts(a), self.slice_parts(b)) {
                    (Some(x), Some(y)) => Some((x.to_vec(), y.to_vec())),
                    _ => None,
                },
            },
        };
        if let Some((x, y)) = sequences {
            for (&p, &q) in x.iter().zip(&y) {
                if !self.values_equal(p, q)? {
                    return self.compare_values(p, q, op);
                }
            }
            return Ok(x.len().cmp(&y.len()));
        }
        // An instance's own methods, or the other operand's reflected
        // one (`b.__gt__(a)` for `a < b`); none that answers is a TypeError.
        if let Some(result) = self.compare_dunder(op, a, b) {
            let value = result?;
            let holds = self.truthy(value);
            self.decref(value);
            let below = matches!(op, CompareOp::Lt | CompareOp::Le);
            return Ok(if holds? == below {
                Ordering::Less
            } else {
                Ordering::Greater
            });
        }
        let symbol = match op {
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            _ => ">=",
        };
        let (x, y) = (self.type_name(a), self.type_name(b));
        Err(self.error(
            ExcKind::TypeError,
            format!("'{symbol}' not supported between instances of '{x}' and '{y}'"),
        ))
    }

    /// Whether two runs of items are equal item by item.
    fn items_equal(&mut self, x: &[ObjRef], y: &[ObjRef]) -> PyResult<bool> {
        if x.len() != y.len() {
            return Ok(false);
        }
        for (&p, &q) in x.iter().zip(y) {
            if !self.values_equal(p, q)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// `item in iterator`: searching consumes it up to the first match.
    fn iterator_contains(&mut self, iterator: ObjRef, item: ObjRef) -> PyResult<bool> {
        while let Some(candidate) = self.next_item(iterator)? {
            let equal = self.values_equal(candidate, item);
            self.decref(candidate);
            if equal? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `item in container`.
    pub(crate) fn contains(&mut self, container: ObjRef, item: ObjRef) -> PyResult<bool> {
        if let Some(value) = self.inherited_value(container, "__contains__") {
            return self.contains(value, item);
        }
        if let Some(inner) = self.dict_behind(container) {
            return self.contains(inner, item);
        }
        if self.bytes_of(container).is_some() {
            return self.bytes_contains(container, item);
        }
        if let Some(items) = self
            .deque_items(container)
            .or_else(|| self.namedtuple_items(container))
        {
            for candidate in items {
                if self.values_equal(candidate, item)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        let items: Vec<ObjRef> = match self.payload(container) {
            Payload::Str(haystack) => {
                return match self.payload(item) {
                    Payload::Str(needle) => Ok(haystack.contains(&**needle)),
                    _ => {
                        let message = format!(
                            "'in <string>' requires string as left operand, not {}",
                            self.type_name(item)
                        );
                        Err(self.error(ExcKind::TypeError, message))
                    }
                };
            }
            Payload::List(items) => items.to_vec(),
            Payload::Tuple(items) => items.to_vec(),
            Payload::Dict(_) => {
                let key = self.hash_key(item)?;
                let key = self.resolve_key(container, key)?;
                return Ok(match self.payload(container) {
                    Payload::Dict(dict) => dict.get(&key).is_some(),
                    _ => false,
                });
            }
            Payload::Instance(_) => {
                if let Some(result) = self.call_special(container, "__contains__", &[item]) {
                    let value = result?;
                    let truth = self.truthy(value);
                    self.decref(value);
                    return truth;
                }
                // Without `__contains__`, the items its iterator gives
                // (which may be the instance itself).
                let iterator = self.get_iter(container)?;
                let found = self.iterator_contains(iterator, item);
                self.decref(iterator);
                return found;
            }
            Payload::Native(_) if self.set_ref(container).is_some() => {
                return self.set_contains(container, item);
            }
            Payload::Native(_) if self.dict_view(container).is_some() => {
                let Some((dict, kind)) = self.dict_view(container) else {
                    return Ok(false);
                };
                return self.dict_view_contains(dict, kind, item);
            }
            Payload::Native(_)
                if self.is_generator(container)
                    || self.is_lazy_iter(container)
                    || self.native::<SeqIter>(container).is_some() =>
            {
                return self.iterator_contains(container, item);
            }
            Payload::Native(native) => {
                if let Some(range) = native.as_any().downcast_ref::<Range>() {
                    let range = *range;
                    return Ok(match self.number(item) {
                        Some(Number::Int(n)) => {
                            let inside = if range.step > 0 {
                                n >= range.start && n < range.stop
                            } else {
                                n <= range.start && n > range.stop
                            };
                            inside && (n - range.start) % range.step == 0
                        }
                        _ => false,
                    });
                }
                let name = self.type_name(container);
                return Err(self.error(
                    ExcKind::TypeError,
                    format!("argument of type '{name}' is not iterable"),
                ));
            }
            _ => {
                let name = self.type_name(container);
                return Err(self.error(
                    ExcKind::TypeError,
                    format!("argument of type '{name}' is not iterable"),
                ));
            }
        };
        for candidate in items {
            if self.values_equal(candidate, item)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The dict key for `r`, or `TypeError: unhashable type`.
    pub(crate) fn hash_key(&mut self, r: ObjRef) -> PyResult<DictKey> {
        if let Some(value) = self.big_value(r).filter(|_| self.is_big_int(r)) {
            // Chapter 1's keys know only 64-bit ints; a big int is keyed by
            // its digits, under a tag no str-only tuple can equal.
            return Ok(DictKey::Tuple(Box::new([
                DictKey::Identity(self.singletons.null),
                DictKey::Str(value.to_string().into()),
            ])));
        }
        if let Some(key) = self.bytes_key(r) {
            return Ok(key);
        }
        if self.bytes_of(r).is_some_and(|(_, mutable)| mutable) {
            return Err(self.error(ExcKind::TypeError, "unhashable type: 'bytearray'".into()));
        }
        if let Some((function, receiver)) = self.method_parts(r) {
            // Equal methods are one key, tagged so that no tuple equals it.
            return Ok(DictKey::Tuple(Box::new([
                DictKey::Identity(self.singletons.null),
                DictKey::Identity(function),
                DictKey::Identity(receiver),
            ])));
        }
        if matches!(self.payload(r), Payload::Native(_))
            && let Some(hash) = self.weakref_hash(r)?
        {
            // Equal to another weak reference whose referent is equal.
            return Ok(DictKey::ByEq(hash, r));
        }
        if let Some(weakref) = self.ref_of_instance(r)
            && self
                .class_of_instance(r)
                .is_some_and(|class| self.lookup_in_class(class, "__hash__").is_none())
            && let Some(hash) = self.weakref_hash(weakref)?
        {
            // A subclass of `weakref.ref` hashes as the reference it holds.
            return Ok(DictKey::ByEq(hash, r));
        }
        if let Some(class) = self.class_of_instance(r) {
            // A subclass of `list` or `dict` inherits `__eq__` and a None
            // `__hash__`.
            let builtin = self.builtin_base(class).is_some();
            let defines_eq = builtin || self.lookup_in_class(class, "__eq__").is_some();
            let hash = self.lookup_in_class(class, "__hash__");
            match (defines_eq, hash) {
                (true, None) => {
                    // As in CPython: defining __eq__ without __hash__ makes instances unhashable.
                    let name = self.class_name(class);
                    return Err(
                        self.error(ExcKind::TypeError, format!("unhashable type: '{name}'"))
                    );
                }
                (_, Some(hash)) if hash == self.none() => {
                    let name = self.class_name(class);
                    return Err(
                        self.error(ExcKind::TypeError, format!("unhashable type: '{name}'"))
                    );
                }
                (true, Some(_)) => {
                    // Equal by the class's `__eq__`: the table's key is found
                    // by `resolve_key`.
                    let hash = self.user_hash(r)?;
                    return Ok(DictKey::ByEq(hash, r));
                }
                (false, Some(hash))
                    if self
                        .native::<crate::types::native::Function>(hash)
                        .is_some() =>
                {
                    // Its own hash, and identity for equality.
                    let hash = self.user_hash(r)?;
                    return Ok(DictKey::ByEq(hash, r));
                }
                _ => {}
            }
        }
        if self.dict_behind(r).is_some()
            || self.deque_items(r).is_some()
            || self.slice_parts(r).is_some()
        {
            let name = self.type_name(r);
            return Err(self.error(ExcKind::TypeError, format!("unhashable type: '{name}'")));
        }
        if let Some(items) = self.namedtuple_items(r) {
            // Hashes and compares as the tuple of its items.
            let mut keys = vec![];
            for item in items {
                keys.push(self.hash_key(item)?);
            }
            return Ok(DictKey::Tuple(keys.into()));
        }
        if let Some(set) = self.set_ref(r) {
            if !set.frozen {
                return Err(self.error(ExcKind::TypeError, "unhashable type: 'set'".into()));
            }
            let mut keys: Vec<DictKey> = set.entries().into_iter().map(|(_, k, _)| k).collect();
            keys.sort_by_key(|k| format!("{k:?}"));
            return Ok(DictKey::Tuple(
                std::iter::once(DictKey::Identity(self.singletons.false_))
                    .chain(keys)
                    .collect(),
            ));
        }
        match self.mem.heap().dict_key(r) {
            Some(key) => Ok(key),
            None => {
                let name = self.type_name(r);
                Err(self.error(ExcKind::TypeError, format!("unhashable type: '{name}'")))
            }
        }
    }
}
