//! `collections.namedtuple`: a class deriving from tuple whose items also
//! have names; an instance costs what the tuple costs.

use crate::types::builtin_fn::BuiltinFn;
use crate::types::exceptions::ExcKind;
use crate::vm::{PyResult, Vm};
use ch01_objects::dict::Dict;
use ch01_objects::{DictKey, NativeObject, ObjRef, Payload};
use std::any::Any;
use std::rc::Rc;

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
        self.class.held().into_iter().for_each(visit);
    }
    fn take_refs(&mut self, out: &mut Vec<ObjRef>) {
        out.extend(std::mem::take(&mut self.items).into_vec());
        self.class.take_into(out);
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
pub(crate) const FIELDS: &str = "_fields";

impl Vm {
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
        if problem.is_none() {
            // `namedtuple(..., defaults=...)`: the missing fields' defaults.
            let defaults = self.lookup_in_class(class, "_field_defaults");
            for (slot, field) in slots.iter_mut().zip(fields) {
                if slot.is_some() {
                    continue;
                }
                let default = defaults.and_then(|d| match self.payload(d) {
                    Payload::Dict(dict) => dict.get(&DictKey::Str(field.as_str().into())),
                    _ => None,
                });
                if let Some(default) = default {
                    self.incref(default);
                    *slot = Some(default);
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
            let dict = self.alloc(Payload::Dict(Box::new(Dict::new())));
            for (field, item) in fields.iter().zip(items) {
                let key = self.intern(field);
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
