//! Classes that derive from `list` or `dict` (`class Stack(list)`).
//!
//! Chapter 1's list and dict are payloads, which a class cannot extend, so
//! an instance of such a class holds a real list or dict in a field of its
//! own ([`VALUE_FIELD`], as an instance of a subclass of `weakref.ref`
//! holds its weak reference), and every list or dict operation its class
//! does not override runs on that value: methods (`append`, `keys`),
//! `len`, iteration, `in`, subscripts, truth, `repr` and `==`. CPython's
//! instance *is* the list, with the class's extra fields after it; the
//! value here is counted as part of the instance (`gc.collect()`'s number,
//! `gc.get_objects()`), not as an object of its own.

use crate::types::exceptions::ExcKind;
use crate::vm::{PyResult, Vm};
use ch01_objects::{DictKey, ObjRef, Payload};
use std::rc::Rc;

/// The field where an instance of a subclass of `list` or `dict` keeps its
/// list or dict.
pub const VALUE_FIELD: &str = "<value>";

/// Which built-in type a class derives from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuiltinBase {
    /// `class C(list)`.
    List,
    /// `class C(dict)`.
    Dict,
}

impl BuiltinBase {
    /// The base's name, as `BuiltinFn::method` knows its methods.
    pub fn type_name(self) -> &'static str {
        match self {
            BuiltinBase::List => "list",
            BuiltinBase::Dict => "dict",
        }
    }
}

impl Vm {
    /// The built-in type `class` derives from, if it is `list` or `dict`
    /// (neither itself), as found when the class was made.
    pub(crate) fn builtin_base(&self, class: ObjRef) -> Option<BuiltinBase> {
        self.builtin_bases.get(&class).copied()
    }

    /// [`Vm::builtin_base`], searched for in a new class's bases.
    pub(crate) fn find_builtin_base(&self, class: ObjRef) -> Option<BuiltinBase> {
        [BuiltinBase::List, BuiltinBase::Dict]
            .into_iter()
            .find(|base| {
                self.types
                    .get(base.type_name())
                    .is_some_and(|&builtin| class != builtin && self.is_subclass(class, builtin))
            })
    }

    /// The list or dict an instance of a subclass of `list` or `dict` holds.
    pub(crate) fn builtin_value(&self, r: ObjRef) -> Option<ObjRef> {
        let Payload::Instance(instance) = self.payload(r) else {
            return None;
        };
        self.builtin_base(instance.class)?;
        let key = DictKey::Str(VALUE_FIELD.into());
        self.instance_attr(r, &key)
    }

    /// [`Vm::builtin_value`], when the instance's class (or a class between
    /// it and the built-in base) does not define `dunder`: the operation
    /// `dunder` stands for then runs on the value.
    pub(crate) fn inherited_value(&self, r: ObjRef, dunder: &str) -> Option<ObjRef> {
        let value = self.builtin_value(r)?;
        let class = self.class_of_instance(r)?;
        self.lookup_in_class(class, dunder)
            .is_none()
            .then_some(value)
    }

    /// `instance[key]` on the list or dict `value` it holds; a dict's
    /// missing key goes to the class's `__missing__`, if it has one
    /// (CPython: `dict_subscript`).
    pub(crate) fn builtin_value_getitem(
        &mut self,
        instance: ObjRef,
        value: ObjRef,
        key: ObjRef,
    ) -> PyResult<ObjRef> {
        let result = self.get_item(value, key);
        let missing_key =
            matches!(&result, Err(err) if self.is_instance_of_kind(err.0, ExcKind::KeyError));
        if !missing_key || !matches!(self.payload(value), Payload::Dict(_)) {
            return result;
        }
        match self.call_special(instance, "__missing__", &[key]) {
            Some(found) => {
                if let Err(err) = result {
                    self.decref(err.0);
                }
                found
            }
            None => result,
        }
    }

    /// `list.__len__(self)`, `dict.__setitem__(self, k, v)`, ...: the
    /// protocol `function` stands for, on the value `self` holds (`args`
    /// borrowed, `self` first).
    pub(crate) fn builtin_value_dunder(
        &mut self,
        function: crate::types::builtin_fn::BuiltinFn,
        args: &[ObjRef],
    ) -> PyResult<ObjRef> {
        use crate::types::builtin_fn::BuiltinFn as F;
        let receiver = self.arg(args, 0, function)?;
        let Some(value) = self.builtin_value(receiver) else {
            let message = format!("descriptor '{}' requires a list or dict", function.name());
            return Err(self.error(ExcKind::TypeError, message));
        };
        let arity = match function {
            F::ValueSetitem => 3,
            F::ValueGetitem | F::ValueDelitem | F::ValueContains | F::ValueEq => 2,
            _ => 1,
        };
        if args.len() != arity {
            let message = format!(
                "expected {} argument{}, got {}",
                arity - 1,
                if arity == 2 { "" } else { "s" },
                args.len() - 1
            );
            return Err(self.error(ExcKind::TypeError, message));
        }
        match function {
            F::ValueGetitem => self.builtin_value_getitem(receiver, value, args[1]),
            F::ValueSetitem => {
                self.incref(args[2]);
                self.set_item(value, args[1], args[2])?;
                Ok(self.none())
            }
            F::ValueDelitem => {
                self.del_item(value, args[1])?;
                Ok(self.none())
            }
            F::ValueLen => {
                let n = self.length(value)?;
                Ok(self.new_int(n as i64))
            }
            F::ValueContains => {
                let found = self.contains(value, args[1])?;
                Ok(self.new_bool(found))
            }
            F::ValueIter => self.get_iter(value),
            F::ValueRepr => {
                let text = self.repr(value)?;
                Ok(self.new_str(&text))
            }
            _ => {
                let other = self.builtin_value(args[1]).unwrap_or(args[1]);
                let equal = self.operator_equal(value, other)?;
                Ok(self.new_bool(equal))
            }
        }
    }

    /// Gives a new instance of `class` the empty list or dict it holds,
    /// if `class` derives from one (`list.__new__`).
    pub(crate) fn attach_builtin_value(&mut self, instance: ObjRef, class: ObjRef) {
        let payload = match self.builtin_base(class) {
            Some(BuiltinBase::List) => Payload::list(vec![]),
            Some(BuiltinBase::Dict) => Payload::Dict(Box::default()),
            None => return,
        };
        let value = self.alloc(payload);
        self.mark_part_of_another(value);
        self.set_attr_raw(instance, VALUE_FIELD, value);
    }

    /// Marks `value` as a part of the object that holds it, not an object of
    /// CPython's own: the list or dict inside an instance of `class L(list)`,
    /// the dict inside a `defaultdict`, `Counter` or `OrderedDict` (each one
    /// object in CPython). The collector counts it as nothing and `gc` does
    /// not show it.
    pub(crate) fn mark_part_of_another(&mut self, value: ObjRef) {
        self.mem.heap_mut().get_mut(value).header.flags |= ch04_cycles::flags::PART_OF_ANOTHER;
    }

    /// [`Vm::init_builtin_value`] for a class call whose class has no
    /// `__init__` of its own: `args` and `kwargs` are the call's, taken.
    pub(crate) fn init_builtin_value_owned(
        &mut self,
        instance: ObjRef,
        args: Vec<ObjRef>,
        kwargs: Option<Vec<(Rc<str>, ObjRef)>>,
    ) -> PyResult<()> {
        let mut all = vec![instance];
        all.extend_from_slice(&args);
        let keywords = kwargs.clone().unwrap_or_default();
        let result = self.init_builtin_value(&all, &keywords);
        self.decref_all(args);
        self.decref_kwargs(kwargs);
        result.map(|none| self.decref(none))
    }

    /// `list.__init__(self, iterable)` (the list becomes the iterable's
    /// items) or `dict.__init__(self, ...)` (the dict is updated with the
    /// mapping or pairs and the keywords), on the value `self` holds.
    /// `args` and `kwargs` are borrowed, `self` first.
    pub(crate) fn init_builtin_value(
        &mut self,
        args: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> PyResult<ObjRef> {
        use crate::types::builtin_fn::BuiltinFn;
        let Some((&receiver, rest)) = args.split_first() else {
            return Ok(self.none());
        };
        let Some(value) = self.builtin_value(receiver) else {
            return Ok(self.none());
        };
        let mut shifted = vec![value];
        shifted.extend_from_slice(rest);
        if matches!(self.payload(value), Payload::Dict(_)) {
            let result = self.call_method_builtin(BuiltinFn::DictUpdate, &shifted, kwargs)?;
            self.decref(result);
            return Ok(self.none());
        }
        if rest.len() > 1 || !kwargs.is_empty() {
            let message = match kwargs.first() {
                Some(_) => "list() takes no keyword arguments".to_string(),
                None => format!("list expected at most 1 argument, got {}", rest.len()),
            };
            return Err(self.error(ExcKind::TypeError, message));
        }
        let items = match rest.first() {
            Some(&iterable) => self.collect_items(iterable)?,
            None => vec![],
        };
        let old = match self.payload_mut(value) {
            Payload::List(list) => std::mem::replace(list, items.into()).to_vec(),
            _ => items,
        };
        self.decref_all(old);
        Ok(self.none())
    }
}
