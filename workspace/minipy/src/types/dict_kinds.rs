//! `defaultdict`, `Counter` and `OrderedDict`: each wraps a real dict
//! (chapter 1's payload cannot be subclassed) and delegates every dict
//! operation to it; what each adds (a default factory, counting, moving to
//! an end) is here. So is `mappingproxy`, a class's `__dict__`, which
//! delegates the reading operations only.

use crate::bytecode::BinaryOp;
use crate::types::builtin_fn::BuiltinFn;
use crate::types::deque::Deque;
use crate::types::exceptions::ExcKind;
use crate::vm::{PyResult, Vm};
use ch01_objects::{NativeObject, ObjRef, Payload};
use std::any::Any;

/// Which dict subclass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DictKind {
    /// `defaultdict(factory)`.
    Default(Option<ObjRef>),
    /// `Counter`: missing keys count 0.
    Counter,
    /// `OrderedDict`.
    Ordered,
    /// `mappingproxy`: a class's `__dict__`, read-only. CPython's is a live
    /// view of the type's dict; minipy's holds a dict made when it was
    /// asked for, with the names CPython's type dict has.
    MappingProxy,
}

/// A `defaultdict`, `Counter` or `OrderedDict`: a kind and the dict it wraps.
#[derive(Debug)]
pub struct DictSubclass {
    /// What is special about it.
    pub kind: DictKind,
    /// The entries.
    pub dict: ObjRef,
    /// Set once the collector has taken `dict` (CPython's `tp_clear` leaves
    /// the field NULL): the deallocation that follows must not release it again.
    pub released: bool,
}

impl DictSubclass {
    /// A `kind` wrapping `dict` (whose reference it takes).
    pub fn new(kind: DictKind, dict: ObjRef) -> DictSubclass {
        DictSubclass {
            kind,
            dict,
            released: false,
        }
    }
}

impl NativeObject for DictSubclass {
    fn type_name(&self) -> &str {
        match self.kind {
            DictKind::Default(_) => "defaultdict",
            DictKind::Counter => "Counter",
            DictKind::Ordered => "OrderedDict",
            DictKind::MappingProxy => "mappingproxy",
        }
    }
    fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        if let DictKind::Default(Some(factory)) = self.kind {
            visit(factory);
        }
        if !self.released {
            visit(self.dict);
        }
    }
    fn take_refs(&mut self, out: &mut Vec<ObjRef>) {
        if let DictKind::Default(Some(factory)) = self.kind {
            out.push(factory);
            self.kind = DictKind::Default(None);
        }
        if !std::mem::replace(&mut self.released, true) {
            out.push(self.dict);
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
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
            // The proxy is an object of its own; the dict is the type's.
            DictKind::MappingProxy => return Some(40),
        };
        Some(self.size_of(d.dict) + extra)
    }

    pub(crate) fn dict_merge_from(&mut self, dict: ObjRef, source: ObjRef) -> PyResult<()> {
        let constructor = crate::types::builtin_fn::BuiltinFn::DictUpdate;
        let result = self.call_builtin(constructor, &[dict, source], &[])?;
        self.decref(result);
        Ok(())
    }

    /// `Counter.update(iterable_or_mapping)`: adds counts.
    pub(crate) fn counter_update(&mut self, dict: ObjRef, source: ObjRef) -> PyResult<()> {
        let source = self.mapping_behind(source).unwrap_or(source);
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

    pub(crate) fn add_counts(
        &mut self,
        dict: ObjRef,
        pairs: &[(ObjRef, Option<ObjRef>)],
    ) -> PyResult<()> {
        for &(key, amount) in pairs {
            let dict_key = self.hash_key(key)?;
            let dict_key = self.resolve_key(dict, dict_key)?;
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

    /// The dict behind a dict subclass of any kind: a `defaultdict`,
    /// `Counter`, `OrderedDict` or `mappingproxy`, or an instance of a
    /// class derived from `dict` (what copying it, `dict(d)` and `**d` read).
    pub(crate) fn mapping_behind(&self, r: ObjRef) -> Option<ObjRef> {
        self.dict_behind(r).or_else(|| {
            self.builtin_value(r)
                .filter(|&value| matches!(self.payload(value), Payload::Dict(_)))
        })
    }

    /// Which dict subclass `r` is, if it is one.
    pub(crate) fn dict_kind(&self, r: ObjRef) -> Option<DictKind> {
        self.native::<DictSubclass>(r).map(|d| d.kind)
    }

    /// True for a `mappingproxy`, which refuses every change.
    pub(crate) fn is_mapping_proxy(&self, r: ObjRef) -> bool {
        self.native::<DictSubclass>(r)
            .is_some_and(|d| d.kind == DictKind::MappingProxy)
    }

    /// `class.__dict__`: a `mappingproxy` of a dict with the names CPython
    /// 3.11's type dict has, in its order: `__module__` first, then the
    /// class body's names, the `__dict__` and `__weakref__` descriptors (or
    /// the `__slots__` members) the class made, and `__doc__`. What minipy
    /// keeps for itself (the MRO tuple, the first base) is left out.
    pub(crate) fn class_namespace(&mut self, class: ObjRef) -> ObjRef {
        let entries: Vec<(ObjRef, ObjRef)> = match self.payload(class) {
            Payload::Class(c) => c.attrs.iter().collect(),
            _ => vec![],
        };
        let dict = self.alloc(Payload::Dict(Box::default()));
        let has_module = entries
            .iter()
            .any(|&(key, _)| self.str_of(key) == Some("__module__"));
        if !has_module {
            let module = self.get_attr(class, "__module__").unwrap_or_else(|err| {
                self.decref(err.0);
                self.none()
            });
            let key_object = self.intern("__module__");
            let dict_key = self.name_key("__module__");
            self.dict_set(dict, dict_key, key_object, module);
        }
        for (key, value) in entries {
            let Some(text) = self.str_of(key).map(str::to_string) else {
                continue;
            };
            let (name, key_object) = match text.strip_prefix('<').and_then(|t| t.strip_suffix('>'))
            {
                None => (text.as_str(), self.new_ref(key)),
                Some(hidden) => match hidden.strip_suffix(" descriptor") {
                    Some(attribute) => (attribute, self.intern(attribute)),
                    // The MRO, the first base, the ABC mark: minipy's own.
                    None => continue,
                },
            };
            self.incref(value);
            let dict_key = self.name_key(name);
            self.dict_set(dict, dict_key, key_object, value);
        }
        self.new_native(DictSubclass::new(DictKind::MappingProxy, dict))
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
        let dict_key = self.resolve_key(dict, dict_key)?;
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
            DictKind::MappingProxy => {
                let inner = self.repr_at_depth(dict, depth + 1)?;
                Ok(format!("mappingproxy({inner})"))
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
    pub(crate) fn most_common(
        &mut self,
        dict: ObjRef,
        n: Option<usize>,
    ) -> PyResult<Vec<(ObjRef, ObjRef)>> {
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
                Ok(self.alloc(Payload::list(tuples)))
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
            F::CounterElements => {
                // Each key as many times as its count says (none if it is
                // not above zero), in insertion order.
                let dict = self.dict_behind(receiver).unwrap_or(receiver);
                let pairs: Vec<(ObjRef, ObjRef)> = match self.payload(dict) {
                    Payload::Dict(d) => d.iter().collect(),
                    _ => vec![],
                };
                let mut elements = vec![];
                for (key, count) in pairs {
                    let times = match self.payload(count) {
                        Payload::Int(n) => (*n).max(0) as usize,
                        Payload::Bool(b) => usize::from(*b),
                        _ => {
                            let name = self.type_name(count);
                            let message =
                                format!("'{name}' object cannot be interpreted as an integer");
                            return Err(self.error(ExcKind::TypeError, message));
                        }
                    };
                    elements.extend(std::iter::repeat_n(key, times));
                }
                let list = self.new_list_incref(elements);
                let iterator = self.get_iter(list);
                self.decref(list);
                iterator
            }
            F::OrderedMoveToEnd => {
                let dict = self.dict_behind(receiver).unwrap_or(receiver);
                let key = args.get(1).copied().unwrap_or(self.singletons.none);
                let last = match args.get(2) {
                    Some(&flag) => self.truthy(flag)?,
                    None => true,
                };
                let dict_key = self.hash_key(key)?;
                let dict_key = self.resolve_key(dict, dict_key)?;
                let removed = match self.payload_mut(dict) {
                    Payload::Dict(d) => d.remove(&dict_key),
                    _ => None,
                };
                let Some((key_object, value)) = removed else {
                    return Err(self.key_error(key));
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

    /// `deque.maxlen`, `defaultdict.default_factory`.
    pub(crate) fn collections_attr(&mut self, object: ObjRef, name: &str) -> Option<ObjRef> {
        if name == "maxlen"
            && let Some(d) = self.native::<Deque>(object)
        {
            let maxlen = d.maxlen();
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

impl Vm {
    /// `a + b`, `a - b`, `a | b` and `a & b` of two `Counter`s: a new
    /// Counter of the counts added, subtracted, maxed or mined, keeping only
    /// the positive ones, `a`'s keys first (CPython's `Counter.__add__`,
    /// ...). `None` unless both are Counters and `op` is one of these.
    pub(crate) fn counter_operator(
        &mut self,
        op: BinaryOp,
        left: ObjRef,
        right: ObjRef,
    ) -> Option<PyResult<ObjRef>> {
        use crate::bytecode::CompareOp;
        let counters = self.type_name(left) == "Counter" && self.type_name(right) == "Counter";
        if !counters
            || !matches!(
                op,
                BinaryOp::Add | BinaryOp::Sub | BinaryOp::Or | BinaryOp::And
            )
        {
            return None;
        }
        let (a, b) = (self.dict_behind(left)?, self.dict_behind(right)?);
        Some((|| {
            let result = self.call_builtin(BuiltinFn::CounterNew, &[], &[])?;
            let target = self.dict_behind(result).unwrap_or(result);
            let zero = self.new_int(0);
            let pairs = |vm: &Vm, d: ObjRef| -> Vec<(ObjRef, ObjRef)> {
                match vm.payload(d) {
                    Payload::Dict(dict) => dict.iter().collect(),
                    _ => vec![],
                }
            };
            let filled = (|| -> PyResult<()> {
                for (key, count) in pairs(self, a) {
                    let other = self.get_item(right, key)?;
                    let new = match op {
                        BinaryOp::Add | BinaryOp::Sub => self.binary_op(op, count, other),
                        _ => {
                            let less = self.compare_op(CompareOp::Lt, count, other)?;
                            let pick = if less == (op == BinaryOp::Or) {
                                other
                            } else {
                                count
                            };
                            Ok(self.new_ref(pick))
                        }
                    };
                    self.decref(other);
                    let new = new?;
                    if self.compare_op(CompareOp::Gt, new, zero)? {
                        self.set_item(target, key, new)?;
                    } else {
                        self.decref(new);
                    }
                }
                if op == BinaryOp::And {
                    return Ok(());
                }
                for (key, count) in pairs(self, b) {
                    if self.contains(a, key)? {
                        continue;
                    }
                    let new = match op {
                        BinaryOp::Sub => self.binary_op(BinaryOp::Sub, zero, count)?,
                        _ => self.new_ref(count),
                    };
                    if self.compare_op(CompareOp::Gt, new, zero)? {
                        self.set_item(target, key, new)?;
                    } else {
                        self.decref(new);
                    }
                }
                Ok(())
            })();
            self.decref(zero);
            match filled {
                Ok(()) => Ok(result),
                Err(err) => {
                    self.decref(result);
                    Err(err)
                }
            }
        })())
    }
}
