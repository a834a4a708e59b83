//! `collections`: the module that exports `deque`, `defaultdict`,
//! `Counter`, `OrderedDict` and `namedtuple`.
//!
//! Serves chapter 9: a bounded `deque` drops (and frees) its oldest item
//! when full; a `defaultdict` creates an entry — and keeps it — on every
//! lookup of a missing key, a classic way memory grows unnoticed.
//!
//! The types themselves are in [`crate::types`] (`deque`, `dict_kinds`,
//! `namedtuple`), since the protocols treat them as built-in kinds; this
//! file is the module: its type objects, their constructors, and the
//! `namedtuple` factory.

use crate::types::builtin_fn::BuiltinFn;
use crate::types::deque::Deque;
use crate::types::dict_kinds::{DictKind, DictSubclass};
use crate::types::exceptions::ExcKind;
use crate::types::namedtuple::FIELDS;
use crate::vm::{PyResult, Vm};
use ch01_objects::dict::Dict;
use ch01_objects::{DictKey, ObjRef, Payload};
use std::rc::Rc;

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
            let deque = self.new_native(Deque::new(maxlen));
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
        let dict = self.alloc(Payload::Dict(Box::new(Dict::new())));
        self.mark_part_of_another(dict);
        let object = self.new_native(DictSubclass::new(kind, dict));
        let filled = (|| -> PyResult<()> {
            if let Some(source) = source {
                if kind == DictKind::Counter {
                    self.counter_update(dict, source)?;
                } else {
                    let source = self.mapping_behind(source).unwrap_or(source);
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
}

/// Python 3.11's keywords (`keyword.kwlist`), which no field may be named.
const PYTHON_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
    "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if",
    "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
    "while", "with", "yield",
];

impl Vm {
    /// `namedtuple(typename, field_names)`: a new class deriving from tuple.
    pub(crate) fn namedtuple_class(&mut self, args: &[ObjRef]) -> PyResult<ObjRef> {
        self.namedtuple_class_with(args, &[])
    }

    /// [`Vm::namedtuple_class`] with its keywords: `defaults=` gives the
    /// last fields defaults (kept in `_field_defaults`); `rename` and
    /// `module` are accepted and change nothing.
    pub(crate) fn namedtuple_class_with(
        &mut self,
        args: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> PyResult<ObjRef> {
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
        for name in std::iter::once(&name).chain(&field_names) {
            if PYTHON_KEYWORDS.contains(&name.as_str()) {
                let message =
                    format!("Type names and field names cannot be a keyword: '{name}'");
                return Err(self.error(ExcKind::ValueError, message));
            }
        }
        let defaults = match kwargs.iter().find(|(k, _)| &**k == "defaults") {
            Some(&(_, given)) if given != self.none() => self.collect_items(given)?,
            _ => vec![],
        };
        if defaults.len() > field_names.len() {
            self.decref_all(defaults);
            return Err(self.error(
                ExcKind::TypeError,
                "Got more default values than field names".into(),
            ));
        }
        let field_defaults = self.alloc(Payload::Dict(Box::new(Dict::new())));
        let first_default = field_names.len() - defaults.len();
        for (field, value) in field_names[first_default..].iter().zip(defaults) {
            let key = self.intern(field);
            self.dict_set(field_defaults, DictKey::Str(field.as_str().into()), key, value);
        }
        let field_objects: Vec<ObjRef> = field_names.iter().map(|f| self.intern(f)).collect();
        let fields_tuple = self.alloc(Payload::Tuple(field_objects.into()));
        let tuple_type = self.types["tuple"];
        self.incref(tuple_type);
        let mut attrs = Dict::new();
        let doc = self.new_str(&format!("{name}({})", field_names.join(", ")));
        for (attr, value) in [
            (FIELDS, fields_tuple),
            ("_field_defaults", field_defaults),
            ("__doc__", doc),
        ] {
            let key = self.intern(attr);
            attrs.insert(DictKey::Str(attr.into()), key, value);
        }
        let class = self.alloc(Payload::Class(Box::new(ch01_objects::object::Class {
            name: name.into(),
            bases: vec![tuple_type],
            attrs,
        })));
        // `Point._make(iterable)`, a class method.
        self.incref(class);
        let make = self.new_native(crate::types::native::Builtin {
            function: BuiltinFn::NamedTupleMake,
            receiver: Some(class),
        });
        let key = self.intern("_make");
        if let Payload::Class(c) = self.payload_mut(class) {
            c.attrs.insert(DictKey::Str("_make".into()), key, make);
        }
        Ok(class)
    }

    /// `Point._make(iterable)`: an instance of the items, which must be as
    /// many as the fields. `args` borrowed, the class first.
    pub(crate) fn namedtuple_make(&mut self, args: &[ObjRef]) -> PyResult<ObjRef> {
        let class = args[0];
        let iterable = self.arg(args, 1, BuiltinFn::NamedTupleMake)?;
        let fields = self.namedtuple_fields(class).unwrap_or_default();
        let items = self.collect_items(iterable)?;
        if items.len() != fields.len() {
            let message = format!("Expected {} arguments, got {}", fields.len(), items.len());
            self.decref_all(items);
            return Err(self.error(ExcKind::TypeError, message));
        }
        self.new_namedtuple(class, &fields, items, None)
    }
}
