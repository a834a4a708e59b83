//! `collections`: `deque`, `defaultdict`, `Counter` and `OrderedDict`.
//!
//! Serves chapter 9: a bounded `deque` drops (and frees) its oldest item
//! when full; a `defaultdict` creates an entry — and keeps it — on every
//! lookup of a missing key, a classic way memory grows unnoticed.
//!
//! The dict kinds wrap a real dict (chapter 1's payload cannot be
//! subclassed); every dict operation is delegated to it.

use std::any::Any;
use std::collections::VecDeque;
use std::rc::Rc;

use ch01_objects::dict::Dict;
use ch01_objects::{DictKey, NativeObject, ObjRef, Payload};

use crate::types::builtin_fn::BuiltinFn;
use crate::types::exceptions::ExcKind;
use crate::vm::{PyErr, PyResult, Vm};

/// Items per block of a deque. CPython: `BLOCKLEN`.
const BLOCK_LEN: usize = 64;
/// Where an empty deque starts in its first block. CPython: `CENTER + 1`.
const EMPTY_LEFT_INDEX: usize = (BLOCK_LEN - 1) / 2 + 1;

/// `collections.deque`. CPython: `dequeobject`, a list of 64-slot blocks.
#[derive(Debug)]
pub struct Deque {
    items: VecDeque<ObjRef>,
    maxlen: Option<usize>,
    /// The slot of the first item in the first block (it decides how many
    /// blocks the items span, and so `sys.getsizeof`).
    left_index: usize,
}

impl NativeObject for Deque {
    fn type_name(&self) -> &str {
        "deque"
    }
    fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        self.items.iter().copied().for_each(visit);
    }
    fn take_refs(&mut self, out: &mut Vec<ObjRef>) {
        out.extend(self.items.drain(..));
    }
    fn size(&self) -> usize {
        let blocks = (self.left_index + self.items.len())
            .div_ceil(BLOCK_LEN)
            .max(1);
        232 + (BLOCK_LEN * 8 + 16) * blocks
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// Which dict subclass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DictKind {
    /// `defaultdict(factory)`.
    Default(Option<ObjRef>),
    /// `Counter`: missing keys count 0.
    Counter,
    /// `OrderedDict`.
    Ordered,
}

/// A `defaultdict`, `Counter` or `OrderedDict`: a kind and the dict it wraps.
#[derive(Debug)]
pub struct DictSubclass {
    /// What is special about it.
    pub kind: DictKind,
    /// The entries.
    pub dict: ObjRef,
}

impl NativeObject for DictSubclass {
    fn type_name(&self) -> &str {
        match self.kind {
            DictKind::Default(_) => "defaultdict",
            DictKind::Counter => "Counter",
            DictKind::Ordered => "OrderedDict",
        }
    }
    fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        if let DictKind::Default(Some(factory)) = self.kind {
            visit(factory);
        }
        visit(self.dict);
    }
    fn take_refs(&mut self, out: &mut Vec<ObjRef>) {
        if let DictKind::Default(Some(factory)) = self.kind {
            out.push(factory);
            self.kind = DictKind::Default(None);
        }
        out.push(self.dict);
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// The types of the `collections` module with their constructors.
pub(crate) const COLLECTION_TYPES: &[(&str, BuiltinFn)] = &[
    ("deque", BuiltinFn::DequeNew),
    ("defaultdict", BuiltinFn::DefaultdictNew),
    ("Counter", BuiltinFn::CounterNew),
    ("OrderedDict", BuiltinFn::OrderedDictNew),
];

/// The functions of the `collections` module.
pub(crate) const COLLECTION_FUNCTIONS: &[BuiltinFn] = &[BuiltinFn::Namedtuple];

/// The module, for the registry in [`crate::modules`].
pub(crate) const MODULE: crate::modules::NativeModule = crate::modules::NativeModule {
    name: "collections",
    functions: &[],
    table_functions: COLLECTION_FUNCTIONS,
    values,
};

/// The types: `deque`, `defaultdict`, `Counter`, `OrderedDict`.
fn values(vm: &mut Vm) -> Vec<(&'static str, ObjRef)> {
    let mut values = vec![];
    for &(name, constructor) in COLLECTION_TYPES {
        let class = vm.builtin_type(name);
        vm.constructors.insert(class, constructor);
        vm.incref(class);
        values.push((name, class));
    }
    values
}

impl Vm {
    /// The dict behind a `defaultdict`, `Counter` or `OrderedDict`.
    pub(crate) fn dict_behind(&self, r: ObjRef) -> Option<ObjRef> {
        self.native::<DictSubclass>(r).map(|d| d.dict)
    }

    /// `sys.getsizeof` of a dict subclass: the dict plus its extra fields.
    pub(crate) fn dict_subclass_size(&self, r: ObjRef) -> Option<usize> {
        let d = self.native::<DictSubclass>(r)?;
        let extra = match d.kind {
            DictKind::Default(_) => 8,
            DictKind::Counter => 24,
            DictKind::Ordered => 64,
        };
        Some(self.size_of(d.dict) + extra)
    }

    /// The constructors (arguments borrowed).
    pub(crate) fn collections_new(
        &mut self,
        function: BuiltinFn,
        args: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        if function == F::DequeNew {
            let maxlen = match args.get(1).copied().or_else(|| {
                kwargs
                    .iter()
                    .find(|(k, _)| &**k == "maxlen")
                    .map(|(_, v)| *v)
            }) {
                Some(m) if m != self.none() => match self.payload(m) {
                    Payload::Int(n) if *n >= 0 => Some(*n as usize),
                    _ => {
                        return Err(
                            self.error(ExcKind::ValueError, "maxlen must be non-negative".into())
                        );
                    }
                },
                _ => None,
            };
            let deque = self.new_native(Deque {
                items: VecDeque::new(),
                maxlen,
                left_index: EMPTY_LEFT_INDEX,
            });
            if let Some(&iterable) = args.first()
                && let Err(err) = self.deque_extend(deque, iterable, false)
            {
                self.decref(deque);
                return Err(err);
            }
            return Ok(deque);
        }
        let (kind, source) = match function {
            F::DefaultdictNew => {
                let factory = args.first().copied().filter(|&f| f != self.none());
                if let Some(factory) = factory {
                    self.incref(factory);
                }
                (DictKind::Default(factory), args.get(1).copied())
            }
            F::CounterNew => (DictKind::Counter, args.first().copied()),
            _ => (DictKind::Ordered, args.first().copied()),
        };
        let dict = self.alloc(Payload::Dict(Dict::new()));
        let object = self.new_native(DictSubclass { kind, dict });
        let filled = (|| -> PyResult<()> {
            if let Some(source) = source {
                if kind == DictKind::Counter {
                    self.counter_update(dict, source)?;
                } else {
                    let source = self.dict_behind(source).unwrap_or(source);
                    self.dict_merge_from(dict, source)?;
                }
            }
            for (name, value) in kwargs {
                let key = self.new_str(name);
                self.incref(*value);
                let result = self.set_item(dict, key, *value);
                self.decref(key);
                result?;
            }
            Ok(())
        })();
        match filled {
            Ok(()) => Ok(object),
            Err(err) => {
                self.decref(object);
                Err(err)
            }
        }
    }

    fn dict_merge_from(&mut self, dict: ObjRef, source: ObjRef) -> PyResult<()> {
        let constructor = crate::types::builtin_fn::BuiltinFn::DictUpdate;
        let result = self.call_builtin(constructor, &[dict, source], &[])?;
        self.decref(result);
        Ok(())
    }

    /// `Counter.update(iterable_or_mapping)`: adds counts.
    fn counter_update(&mut self, dict: ObjRef, source: ObjRef) -> PyResult<()> {
        let source = self.dict_behind(source).unwrap_or(source);
        let pairs: Vec<(ObjRef, Option<ObjRef>)> = match self.payload(source) {
            Payload::Dict(d) => d.iter().map(|(k, v)| (k, Some(v))).collect(),
            _ => {
                let items = self.collect_items(source)?;
                let pairs: Vec<(ObjRef, Option<ObjRef>)> =
                    items.iter().map(|&i| (i, None)).collect();
                // The items stay alive in the source while they are counted.
                let result = self.add_counts(dict, &pairs);
                self.decref_all(items);
                return result;
            }
        };
        self.add_counts(dict, &pairs)
    }

    fn add_counts(&mut self, dict: ObjRef, pairs: &[(ObjRef, Option<ObjRef>)]) -> PyResult<()> {
        for &(key, amount) in pairs {
            let dict_key = self.hash_key(key)?;
            let current = match self.payload(dict) {
                Payload::Dict(d) => d.get(&dict_key),
                _ => None,
            };
            let one = self.new_int(1);
            let amount = amount.unwrap_or(one);
            let total = match current {
                Some(current) => self.binary_op(crate::bytecode::BinaryOp::Add, current, amount)?,
                None => {
                    self.incref(amount);
                    amount
                }
            };
            self.set_item(dict, key, total)?;
        }
        Ok(())
    }

    /// `d[key]` for a dict subclass: a missing key calls the factory (and
    /// stores the result) or counts 0.
    pub(crate) fn dict_subclass_getitem(
        &mut self,
        object: ObjRef,
        key: ObjRef,
    ) -> PyResult<ObjRef> {
        let Some(sub) = self.native::<DictSubclass>(object) else {
            return Err(self.error(ExcKind::TypeError, "not a dict".into()));
        };
        let (kind, dict) = (sub.kind, sub.dict);
        let dict_key = self.hash_key(key)?;
        let found = match self.payload(dict) {
            Payload::Dict(d) => d.get(&dict_key),
            _ => None,
        };
        if let Some(value) = found {
            self.incref(value);
            return Ok(value);
        }
        match kind {
            DictKind::Default(Some(factory)) => {
                self.incref(factory);
                let made = self.call(factory, vec![], None);
                self.decref(factory);
                let value = made?;
                self.incref(value);
                self.set_item(dict, key, value)?;
                Ok(value)
            }
            DictKind::Counter => Ok(self.new_int(0)),
            _ => self.get_item(dict, key),
        }
    }

    /// `repr()` of a dict subclass.
    pub(crate) fn dict_subclass_repr(&mut self, object: ObjRef, depth: usize) -> PyResult<String> {
        let Some(sub) = self.native::<DictSubclass>(object) else {
            return Ok(String::new());
        };
        let (kind, dict) = (sub.kind, sub.dict);
        let entries: Vec<(ObjRef, ObjRef)> = match self.payload(dict) {
            Payload::Dict(d) => d.iter().collect(),
            _ => vec![],
        };
        match kind {
            DictKind::Default(factory) => {
                let factory = match factory {
                    Some(f) => self.repr_at_depth(f, depth + 1)?,
                    None => "None".into(),
                };
                let inner = self.repr_at_depth(dict, depth + 1)?;
                Ok(format!("defaultdict({factory}, {inner})"))
            }
            DictKind::Counter if entries.is_empty() => Ok("Counter()".into()),
            DictKind::Counter => {
                let ordered = self.most_common(dict, None)?;
                let mut parts = vec![];
                for (key, count) in ordered {
                    parts.push(format!(
                        "{}: {}",
                        self.repr_at_depth(key, depth + 1)?,
                        self.repr_at_depth(count, depth + 1)?
                    ));
                }
                Ok(format!("Counter({{{}}})", parts.join(", ")))
            }
            DictKind::Ordered if entries.is_empty() => Ok("OrderedDict()".into()),
            DictKind::Ordered => {
                let mut parts = vec![];
                for (key, value) in entries {
                    parts.push(format!(
                        "({}, {})",
                        self.repr_at_depth(key, depth + 1)?,
                        self.repr_at_depth(value, depth + 1)?
                    ));
                }
                Ok(format!("OrderedDict([{}])", parts.join(", ")))
            }
        }
    }

    /// The entries by count, largest first, ties in insertion order (borrowed).
    fn most_common(&mut self, dict: ObjRef, n: Option<usize>) -> PyResult<Vec<(ObjRef, ObjRef)>> {
        let mut entries: Vec<(ObjRef, ObjRef)> = match self.payload(dict) {
            Payload::Dict(d) => d.iter().collect(),
            _ => vec![],
        };
        // A stable insertion sort, descending, so comparison errors surface.
        let mut sorted: Vec<(ObjRef, ObjRef)> = Vec::with_capacity(entries.len());
        for entry in entries.drain(..) {
            let mut at = sorted.len();
            while at > 0 {
                let ordering =
                    self.compare_values(sorted[at - 1].1, entry.1, crate::bytecode::CompareOp::Lt)?;
                if ordering.is_lt() {
                    at -= 1;
                } else {
                    break;
                }
            }
            sorted.insert(at, entry);
        }
        if let Some(n) = n {
            sorted.truncate(n);
        }
        Ok(sorted)
    }

    /// Methods special to the collection types (`args[0]` is the receiver);
    /// `None` when `name` is an ordinary dict method.
    pub(crate) fn collections_method(
        &mut self,
        function: BuiltinFn,
        args: &[ObjRef],
    ) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        let receiver = args[0];
        match function {
            F::CounterMostCommon => {
                let dict = self.dict_behind(receiver).unwrap_or(receiver);
                let n = match args.get(1) {
                    Some(&n) if n != self.none() => match self.payload(n) {
                        Payload::Int(n) => Some((*n).max(0) as usize),
                        _ => None,
                    },
                    _ => None,
                };
                let pairs = self.most_common(dict, n)?;
                let tuples: Vec<ObjRef> = pairs
                    .into_iter()
                    .map(|(k, v)| self.new_tuple_of(vec![k, v]))
                    .collect();
                Ok(self.alloc(Payload::List(tuples)))
            }
            F::CounterUpdate => {
                let dict = self.dict_behind(receiver).unwrap_or(receiver);
                if let Some(&source) = args.get(1) {
                    self.counter_update(dict, source)?;
                }
                Ok(self.none())
            }
            F::CounterTotal => {
                let dict = self.dict_behind(receiver).unwrap_or(receiver);
                let values: Vec<ObjRef> = match self.payload(dict) {
                    Payload::Dict(d) => d.iter().map(|(_, v)| v).collect(),
                    _ => vec![],
                };
                let mut total = self.new_int(0);
                for value in values {
                    let next = self.binary_op(crate::bytecode::BinaryOp::Add, total, value);
                    self.decref(total);
                    total = next?;
                }
                Ok(total)
            }
            F::OrderedMoveToEnd => {
                let dict = self.dict_behind(receiver).unwrap_or(receiver);
                let key = args.get(1).copied().unwrap_or(self.singletons.none);
                let last = match args.get(2) {
                    Some(&flag) => self.truthy(flag)?,
                    None => true,
                };
                let dict_key = self.hash_key(key)?;
                let removed = match self.payload_mut(dict) {
                    Payload::Dict(d) => d.remove(&dict_key),
                    _ => None,
                };
                let Some((key_object, value)) = removed else {
                    self.incref(key);
                    let class = self.exceptions[ExcKind::KeyError as usize];
                    self.incref(class);
                    let exc = self.call(class, vec![key], None);
                    self.decref(class);
                    return Err(PyErr(exc?));
                };
                if last {
                    self.dict_set(dict, dict_key, key_object, value);
                } else {
                    // Move to the front: rebuild with this entry first.
                    let rest = match self.payload_mut(dict) {
                        Payload::Dict(d) => d.drain(),
                        _ => vec![],
                    };
                    self.dict_set(dict, dict_key, key_object, value);
                    for (k, v) in rest {
                        let key = self.hash_key(k)?;
                        self.dict_set(dict, key, k, v);
                    }
                }
                Ok(self.none())
            }
            _ => self.deque_method(function, args),
        }
    }

    /// Adds every item of `iterable` to the right (or left) of the deque.
    fn deque_extend(&mut self, deque: ObjRef, iterable: ObjRef, left: bool) -> PyResult<()> {
        let items = self.collect_items(iterable)?;
        if let Some(d) = self.native_mut::<Deque>(deque)
            && d.items.is_empty()
            && !left
        {
            // CPython starts filling an empty deque from the left of its block.
            d.left_index = 1;
        }
        for item in items {
            self.deque_push(deque, item, left);
        }
        Ok(())
    }

    /// Appends (taking `item`'s reference); a full bounded deque drops the
    /// item at the other end.
    fn deque_push(&mut self, deque: ObjRef, item: ObjRef, left: bool) {
        let dropped = self.native_mut::<Deque>(deque).and_then(|d| {
            if d.maxlen == Some(0) {
                return Some(item);
            }
            if left {
                d.items.push_front(item);
                d.left_index = if d.left_index == 0 {
                    BLOCK_LEN - 1
                } else {
                    d.left_index - 1
                };
            } else {
                d.items.push_back(item);
            }
            match d.maxlen {
                Some(max) if d.items.len() > max => {
                    if left {
                        d.items.pop_back()
                    } else {
                        d.left_index = (d.left_index + 1) % BLOCK_LEN;
                        d.items.pop_front()
                    }
                }
                _ => None,
            }
        });
        self.decref_all(dropped);
    }

    fn deque_method(&mut self, function: BuiltinFn, args: &[ObjRef]) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        let deque = args[0];
        let arg = args.get(1).copied();
        match function {
            F::DequeAppend | F::DequeAppendleft => {
                let item = arg.unwrap_or(self.singletons.none);
                self.incref(item);
                self.deque_push(deque, item, function == F::DequeAppendleft);
                Ok(self.none())
            }
            F::DequeExtend | F::DequeExtendleft => {
                let iterable = arg.unwrap_or(self.singletons.none);
                self.deque_extend(deque, iterable, function == F::DequeExtendleft)?;
                Ok(self.none())
            }
            F::DequePop | F::DequePopleft => {
                let popped = self.native_mut::<Deque>(deque).and_then(|d| {
                    let item = if function == F::DequePop {
                        d.items.pop_back()
                    } else {
                        let item = d.items.pop_front();
                        if item.is_some() {
                            d.left_index = (d.left_index + 1) % BLOCK_LEN;
                        }
                        item
                    };
                    if d.items.is_empty() {
                        d.left_index = EMPTY_LEFT_INDEX;
                    }
                    item
                });
                match popped {
                    Some(item) => Ok(item),
                    None => Err(self.error(ExcKind::IndexError, "pop from an empty deque".into())),
                }
            }
            F::DequeClear => {
                let items: Vec<ObjRef> = self
                    .native_mut::<Deque>(deque)
                    .map(|d| {
                        d.left_index = EMPTY_LEFT_INDEX;
                        d.items.drain(..).collect()
                    })
                    .unwrap_or_default();
                self.decref_all(items);
                Ok(self.none())
            }
            F::DequeRotate => {
                let n = match arg.map(|a| self.payload(a)) {
                    Some(Payload::Int(n)) => *n,
                    _ => 1,
                };
                if let Some(d) = self.native_mut::<Deque>(deque)
                    && !d.items.is_empty()
                {
                    let len = d.items.len() as i64;
                    let steps = n.rem_euclid(len) as usize;
                    d.items.rotate_right(steps);
                }
                Ok(self.none())
            }
            _ => Err(self.error(
                ExcKind::SystemError,
                format!("unknown collections method {}", function.name()),
            )),
        }
    }

    /// The items of a deque, borrowed, left to right.
    pub(crate) fn deque_items(&self, r: ObjRef) -> Option<Vec<ObjRef>> {
        self.native::<Deque>(r)
            .map(|d| d.items.iter().copied().collect())
    }

    /// `repr(deque)`.
    pub(crate) fn deque_repr(&mut self, r: ObjRef, depth: usize) -> PyResult<String> {
        let items = self.deque_items(r).unwrap_or_default();
        let maxlen = self.native::<Deque>(r).and_then(|d| d.maxlen);
        let mut parts = vec![];
        for item in items {
            parts.push(self.repr_at_depth(item, depth + 1)?);
        }
        Ok(match maxlen {
            Some(m) => format!("deque([{}], maxlen={m})", parts.join(", ")),
            None => format!("deque([{}])", parts.join(", ")),
        })
    }

    /// `deque.maxlen`, `defaultdict.default_factory`.
    pub(crate) fn collections_attr(&mut self, object: ObjRef, name: &str) -> Option<ObjRef> {
        if name == "maxlen"
            && let Some(d) = self.native::<Deque>(object)
        {
            let maxlen = d.maxlen;
            return Some(match maxlen {
                Some(m) => self.new_int(m as i64),
                None => self.none(),
            });
        }
        if name == "default_factory"
            && let Some(DictSubclass {
                kind: DictKind::Default(factory),
                ..
            }) = self.native::<DictSubclass>(object)
        {
            let factory = factory.unwrap_or(self.singletons.none);
            self.incref(factory);
            return Some(factory);
        }
        None
    }
}

// ----- namedtuple ---------------------------------------------------------------

/// An instance of a class made by `namedtuple`: a tuple whose items also
/// have names. CPython: a tuple subclass instance (same size as the tuple).
#[derive(Debug)]
pub struct NamedTuple {
    /// The class (`Point`).
    pub class: ObjRef,
    /// Its name, for `type(p).__name__`.
    pub name: Box<str>,
    /// The items.
    pub items: Box<[ObjRef]>,
}

impl NativeObject for NamedTuple {
    fn type_name(&self) -> &str {
        &self.name
    }
    fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        self.items.iter().copied().for_each(&mut *visit);
        visit(self.class);
    }
    fn take_refs(&mut self, out: &mut Vec<ObjRef>) {
        out.extend(std::mem::take(&mut self.items).into_vec());
        out.push(self.class);
    }
    fn size(&self) -> usize {
        40 + 8 * self.items.len()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// The class attribute that marks a `namedtuple` class and names its fields.
const FIELDS: &str = "_fields";

impl Vm {
    /// `namedtuple(typename, field_names)`: a new class deriving from tuple.
    pub(crate) fn namedtuple_class(&mut self, args: &[ObjRef]) -> PyResult<ObjRef> {
        let (Some(&name), Some(&fields)) = (args.first(), args.get(1)) else {
            return Err(self.error(
                ExcKind::TypeError,
                "namedtuple() missing required arguments: 'typename' and 'field_names'".into(),
            ));
        };
        let Some(name) = self.str_of(name).map(str::to_string) else {
            return Err(self.error(ExcKind::TypeError, "typename must be a str".into()));
        };
        let field_names: Vec<String> = match self.str_of(fields) {
            Some(text) => text
                .replace(',', " ")
                .split_whitespace()
                .map(str::to_string)
                .collect(),
            None => {
                let items = self.collect_items(fields)?;
                let names = items
                    .iter()
                    .map(|&i| self.str_of(i).unwrap_or_default().to_string())
                    .collect();
                self.decref_all(items);
                names
            }
        };
        let field_objects: Vec<ObjRef> = field_names.iter().map(|f| self.intern(f)).collect();
        let fields_tuple = self.new_tuple_of(field_objects);
        let tuple_type = self.types["tuple"];
        self.incref(tuple_type);
        let mut attrs = Dict::new();
        let key = self.intern(FIELDS);
        attrs.insert(DictKey::Str(FIELDS.into()), key, fields_tuple);
        Ok(self.alloc(Payload::Class(ch01_objects::object::Class {
            name: name.into(),
            bases: vec![tuple_type],
            attrs,
        })))
    }

    /// The field names of a namedtuple class.
    pub(crate) fn namedtuple_fields(&self, class: ObjRef) -> Option<Vec<String>> {
        let Payload::Class(_) = self.payload(class) else {
            return None;
        };
        // A subclass of a namedtuple class inherits its fields.
        let fields = self.lookup_in_class(class, FIELDS)?;
        match self.payload(fields) {
            Payload::Tuple(items) => Some(
                items
                    .iter()
                    .map(|&i| self.str_of(i).unwrap_or_default().to_string())
                    .collect(),
            ),
            _ => None,
        }
    }

    /// `Point(1, y=2)`, taking the arguments' references.
    pub(crate) fn new_namedtuple(
        &mut self,
        class: ObjRef,
        fields: &[String],
        args: Vec<ObjRef>,
        kwargs: Option<Vec<(Rc<str>, ObjRef)>>,
    ) -> PyResult<ObjRef> {
        let mut slots: Vec<Option<ObjRef>> = vec![None; fields.len()];
        let name = self.class_name(class);
        let mut problem = None;
        let given = args.len();
        for (i, arg) in args.into_iter().enumerate() {
            match slots.get_mut(i) {
                Some(slot) => *slot = Some(arg),
                None => {
                    self.decref(arg);
                    problem = Some(format!(
                        "{name}.__new__() takes {} positional arguments but {} were given",
                        fields.len() + 1,
                        given + 1
                    ));
                }
            }
        }
        for (key, value) in kwargs.unwrap_or_default() {
            match fields.iter().position(|f| **f == *key) {
                Some(i) if slots[i].is_none() => slots[i] = Some(value),
                _ => {
                    self.decref(value);
                    problem = Some(format!(
                        "{name}.__new__() got an unexpected keyword argument '{key}'"
                    ));
                }
            }
        }
        if problem.is_none()
            && let Some(i) = slots.iter().position(Option::is_none)
        {
            problem = Some(format!(
                "{name}.__new__() missing 1 required positional argument: '{}'",
                fields[i]
            ));
        }
        if let Some(problem) = problem {
            self.decref_all(slots.into_iter().flatten());
            return Err(self.error(ExcKind::TypeError, problem));
        }
        self.incref(class);
        Ok(self.new_native(NamedTuple {
            class,
            name: name.into(),
            items: slots.into_iter().flatten().collect(),
        }))
    }

    /// The items of a namedtuple instance (borrowed).
    pub(crate) fn namedtuple_items(&self, r: ObjRef) -> Option<Vec<ObjRef>> {
        self.native::<NamedTuple>(r).map(|n| n.items.to_vec())
    }

    /// `p.x`, `p._fields`.
    pub(crate) fn namedtuple_attr(&mut self, r: ObjRef, name: &str) -> Option<ObjRef> {
        let nt = self.native::<NamedTuple>(r)?;
        let (class, items) = (nt.class, nt.items.to_vec());
        let fields = self.namedtuple_fields(class)?;
        if let Some(i) = fields.iter().position(|f| f == name) {
            self.incref(items[i]);
            return Some(items[i]);
        }
        let value = self.lookup_in_class(class, name)?;
        self.incref(value);
        if self
            .native::<crate::types::native::Function>(value)
            .is_some()
        {
            // A method defined in a subclass, bound to the tuple.
            self.incref(r);
            return Some(self.new_native(crate::types::native::BoundMethod {
                function: value,
                receiver: r,
            }));
        }
        Some(value)
    }

    /// `repr(Point(1, 2))`: `Point(x=1, y=2)`.
    pub(crate) fn namedtuple_repr(&mut self, r: ObjRef, depth: usize) -> PyResult<String> {
        let Some(nt) = self.native::<NamedTuple>(r) else {
            return Ok(String::new());
        };
        let (class, name, items) = (nt.class, nt.name.to_string(), nt.items.to_vec());
        if let Some(method) = self.lookup_in_class(class, "__repr__") {
            self.incref(method);
            self.incref(r);
            let result = self.call(method, vec![r], None);
            self.decref(method);
            let value = result?;
            let text = self.str_of(value).map(str::to_string);
            self.decref(value);
            return match text {
                Some(text) => Ok(text),
                None => Err(self.error(ExcKind::TypeError, "__repr__ returned non-string".into())),
            };
        }
        let fields = self.namedtuple_fields(class).unwrap_or_default();
        let mut parts = vec![];
        for (field, item) in fields.iter().zip(items) {
            parts.push(format!("{field}={}", self.repr_at_depth(item, depth + 1)?));
        }
        Ok(format!("{name}({})", parts.join(", ")))
    }

    /// `_asdict()` and `_replace(**changes)`.
    pub(crate) fn namedtuple_method(
        &mut self,
        function: BuiltinFn,
        args: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> PyResult<ObjRef> {
        let receiver = args[0];
        let Some(nt) = self.native::<NamedTuple>(receiver) else {
            return Err(self.error(ExcKind::TypeError, "not a namedtuple".into()));
        };
        let (class, items) = (nt.class, nt.items.to_vec());
        let fields = self.namedtuple_fields(class).unwrap_or_default();
        if function == BuiltinFn::NamedTupleAsdict {
            let dict = self.alloc(Payload::Dict(Dict::new()));
            for (field, item) in fields.iter().zip(items) {
                let key = self.intern(field);
                self.incref(key);
                self.incref(item);
                self.dict_set(dict, DictKey::Str(field.as_str().into()), key, item);
            }
            return Ok(dict);
        }
        let mut new_items = vec![];
        for (field, item) in fields.iter().zip(items) {
            let value = kwargs
                .iter()
                .find(|(k, _)| **k == **field)
                .map_or(item, |(_, v)| *v);
            self.incref(value);
            new_items.push(value);
        }
        self.new_namedtuple(class, &fields, new_items, None)
    }
}
