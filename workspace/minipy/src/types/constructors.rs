//! Calling a built-in type: `int(x)`, `int(s, base)`, `dict(**kw)`,
//! `set(it)`, `super()`, `property(...)` and the rest (CPython: each type's
//! `tp_new` and `tp_init`).

use crate::types::builtin_fn::BuiltinFn;
use crate::types::descriptors::DescriptorKind;
use crate::types::exceptions::ExcKind;
use crate::types::native::Range;
use crate::vm::{PyResult, Vm};
use ch01_objects::dict::Dict;
use ch01_objects::{DictKey, ObjRef, Payload};
use std::rc::Rc;

impl Vm {
    /// Calls the constructor `function` of a built-in type. `args` are borrowed.
    pub(crate) fn call_constructor(
        &mut self,
        function: BuiltinFn,
        args: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        match function {
            F::Int if args.len() == 2 || Self::kwarg(kwargs, "base").is_some() => {
                let base = args.get(1).copied().or_else(|| Self::kwarg(kwargs, "base"));
                let base = match base {
                    Some(b) => self.int_arg(b, "base")?,
                    None => 10,
                };
                let text = self.arg(args, 0, function)?;
                let text = self.str_arg(text, function)?;
                self.parse_int_with_base(&text, base)
            }
            F::DictNew if !kwargs.is_empty() => {
                let dict = self.construct(function, args)?;
                for (name, value) in kwargs {
                    let key = self.intern(name);
                    self.incref(*value);
                    self.dict_set(dict, DictKey::Str(name.as_ref().into()), key, *value);
                }
                Ok(dict)
            }
            F::Int
            | F::Float
            | F::Str
            | F::Bool
            | F::List
            | F::Tuple
            | F::DictNew
            | F::RangeNew
            | F::Type
            | F::Object => self.construct(function, args),
            F::SetNew | F::FrozensetNew => {
                let frozen = function == F::FrozensetNew;
                match args.first() {
                    // A frozenset is immutable: `frozenset(f)` is `f`.
                    Some(&iterable)
                        if frozen && self.set_ref(iterable).is_some_and(|set| set.frozen) =>
                    {
                        self.incref(iterable);
                        Ok(iterable)
                    }
                    Some(&iterable) => self.set_from_iterable(iterable, frozen),
                    None => Ok(self.new_set(frozen)),
                }
            }
            F::BytesNew | F::BytearrayNew => {
                self.construct_bytes(args, kwargs, function == F::BytearrayNew)
            }
            F::Super => self.new_super(args),
            F::SliceNew => self.new_slice(args),
            F::Property => {
                let mut all: Vec<ObjRef> = args.to_vec();
                for (i, name) in ["fget", "fset", "fdel", "doc"].iter().enumerate() {
                    if let Some(value) = Self::kwarg(kwargs, name) {
                        while all.len() <= i {
                            all.push(self.singletons.none);
                        }
                        all[i] = value;
                    }
                }
                self.new_descriptor(DescriptorKind::Property, &all)
            }
            F::Staticmethod => self.new_descriptor(DescriptorKind::Static, args),
            F::Classmethod => self.new_descriptor(DescriptorKind::ClassMethod, args),
            _ => self.call_method_builtin(function, args, kwargs),
        }
    }
}

impl Vm {
    /// Calling a built-in type: `int("3")`, `list(range(3))`, `type(x)`, ...
    pub(crate) fn construct(&mut self, function: BuiltinFn, args: &[ObjRef]) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        let first = args.first().copied();
        match (function, first) {
            (F::Type, _) if args.len() != 1 => self.new_type(args),
            (F::Type, Some(object)) => {
                let class = self.type_of(object);
                self.incref(class);
                Ok(class)
            }
            (F::Object, _) => Ok(self.new_native(crate::types::object::PlainObject)),
            (F::Int, None) => Ok(self.new_int(0)),
            (F::Int, Some(value)) => match self.payload(value) {
                Payload::Int(n) => {
                    let n = *n;
                    Ok(self.new_int(n))
                }
                Payload::Bool(b) => {
                    let n = i64::from(*b);
                    Ok(self.new_int(n))
                }
                Payload::Float(x) if x.is_finite() && x.abs() < 9.2e18 => {
                    let n = x.trunc() as i64;
                    Ok(self.new_int(n))
                }
                Payload::Float(x) if x.is_finite() => {
                    let n = num_traits::FromPrimitive::from_f64(x.trunc()).unwrap_or_default();
                    Ok(self.new_int_from_big(n))
                }
                Payload::Float(x) => {
                    let message = if x.is_nan() {
                        "cannot convert float NaN to integer"
                    } else {
                        "cannot convert float infinity to integer"
                    };
                    let kind = if x.is_nan() {
                        ExcKind::ValueError
                    } else {
                        ExcKind::OverflowError
                    };
                    Err(self.error(kind, message.into()))
                }
                _ if self.is_big_int(value) => {
                    self.incref(value);
                    Ok(value)
                }
                Payload::Str(s) => {
                    let cleaned = s.trim().replace('_', "");
                    match cleaned.parse::<num_bigint::BigInt>() {
                        Ok(n) => Ok(self.new_int_from_big(n)),
                        Err(_) => {
                            let text = crate::types::formatting::str_repr(s);
                            Err(self.error(
                                ExcKind::ValueError,
                                format!("invalid literal for int() with base 10: {text}"),
                            ))
                        }
                    }
                }
                _ => {
                    // `__int__`, then `__index__` (CPython 3.11's `PyNumber_Long`).
                    if let Some(int) = self.int_from_special(value, "__int__")? {
                        return Ok(int);
                    }
                    if let Some(int) = self.index_object(value)? {
                        return Ok(int);
                    }
                    let name = self.type_name(value);
                    Err(self.error(ExcKind::TypeError, format!("int() argument must be a string, a bytes-like object or a real number, not '{name}'")))
                }
            },
            (F::Float, None) => Ok(self.new_float(0.0)),
            (F::Float, Some(value)) => match self.payload(value) {
                Payload::Int(n) => {
                    let x = *n as f64;
                    Ok(self.new_float(x))
                }
                _ if self.is_big_int(value) => {
                    let x = crate::types::bigint::big_to_f64(
                        &self.big_value(value).unwrap_or_default(),
                    );
                    if x.is_infinite() {
                        return Err(self.error(
                            ExcKind::OverflowError,
                            "int too large to convert to float".into(),
                        ));
                    }
                    Ok(self.new_float(x))
                }
                Payload::Bool(b) => Ok(self.new_float(f64::from(u8::from(*b)))),
                Payload::Float(x) => {
                    let x = *x;
                    Ok(self.new_float(x))
                }
                Payload::Str(s) => {
                    let text = s.trim().to_lowercase();
                    let parsed = match text.as_str() {
                        "inf" | "+inf" | "infinity" => Some(f64::INFINITY),
                        "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
                        "nan" => Some(f64::NAN),
                        _ => text.parse::<f64>().ok(),
                    };
                    match parsed {
                        Some(x) => Ok(self.new_float(x)),
                        None => {
                            let text = crate::types::formatting::str_repr(s);
                            Err(self.error(
                                ExcKind::ValueError,
                                format!("could not convert string to float: {text}"),
                            ))
                        }
                    }
                }
                _ => {
                    // `__float__`, then `__index__` (CPython: `PyNumber_Float`).
                    if let Some(x) = self.float_from_special(value)? {
                        return Ok(self.new_float(x));
                    }
                    if let Some(int) = self.index_object(value)? {
                        let result = self.construct(F::Float, &[int]);
                        self.decref(int);
                        return result;
                    }
                    let name = self.type_name(value);
                    Err(self.error(
                        ExcKind::TypeError,
                        format!("float() argument must be a string or a real number, not '{name}'"),
                    ))
                }
            },
            (F::Str, None) => Ok(self.new_str("")),
            // `str(s)` of a string is that string.
            (F::Str, Some(value)) if self.str_of(value).is_some() => {
                self.incref(value);
                Ok(value)
            }
            (F::Str, Some(value)) => {
                let text = self.str_value(value)?;
                Ok(self.new_str(&text))
            }
            (F::Bool, None) => Ok(self.new_bool(false)),
            (F::Bool, Some(value)) => {
                let truth = self.truthy(value)?;
                Ok(self.new_bool(truth))
            }
            (F::List, None) => Ok(self.alloc(Payload::list(vec![]))),
            (F::List, Some(value)) => {
                let list = self.alloc(Payload::list(vec![]));
                if let Err(err) = self.list_extend(list, value) {
                    self.decref(list);
                    return Err(err);
                }
                Ok(list)
            }
            (F::Tuple, None) => Ok(self.alloc(Payload::tuple([]))),
            (F::Tuple, Some(value)) => {
                if matches!(self.payload(value), Payload::Tuple(_)) {
                    self.incref(value);
                    return Ok(value);
                }
                let items = self.collect_items(value)?;
                Ok(self.alloc(Payload::Tuple(items.into())))
            }
            (F::DictNew, None) => Ok(self.alloc(Payload::Dict(Box::new(Dict::new())))),
            (F::DictNew, Some(value)) => {
                let dict = self.alloc(Payload::Dict(Box::new(Dict::new())));
                if let Err(err) = self.dict_update(dict, value) {
                    self.decref(dict);
                    return Err(err);
                }
                Ok(dict)
            }
            (F::RangeNew, _) => {
                let mut bounds = vec![];
                for &arg in args {
                    bounds.push(self.int_arg(arg, "range")?);
                }
                let (start, stop, step) = match bounds.as_slice() {
                    [stop] => (0, *stop, 1),
                    [start, stop] => (*start, *stop, 1),
                    [start, stop, step] => (*start, *stop, *step),
                    _ => {
                        return Err(self.error(
                            ExcKind::TypeError,
                            format!("range expected at most 3 arguments, got {}", bounds.len()),
                        ));
                    }
                };
                if step == 0 {
                    return Err(
                        self.error(ExcKind::ValueError, "range() arg 3 must not be zero".into())
                    );
                }
                Ok(self.new_native(Range { start, stop, step }))
            }
            _ => Err(self.error(
                ExcKind::TypeError,
                format!("{}() takes exactly one argument", function.name()),
            )),
        }
    }

    /// `int(text, base)`: digits in base 2 to 36, or base 0 (the prefix decides).
    pub(crate) fn parse_int_with_base(&mut self, text: &str, base: i64) -> PyResult<ObjRef> {
        let cleaned = text.trim().replace('_', "");
        let (negative, digits) = match cleaned.strip_prefix('-') {
            Some(rest) => (true, rest.to_string()),
            None => (false, cleaned.trim_start_matches('+').to_string()),
        };
        let lower = digits.to_lowercase();
        let prefixed = |prefix: &str, radix: u32| {
            lower
                .strip_prefix(prefix)
                .map(|rest| (rest.to_string(), radix))
        };
        let parsed = match base {
            0 => prefixed("0x", 16)
                .or_else(|| prefixed("0o", 8))
                .or_else(|| prefixed("0b", 2))
                .or(Some((lower.clone(), 10))),
            16 => prefixed("0x", 16).or(Some((lower.clone(), 16))),
            8 => prefixed("0o", 8).or(Some((lower.clone(), 8))),
            2 => prefixed("0b", 2).or(Some((lower.clone(), 2))),
            3..=36 => Some((lower.clone(), base as u32)),
            _ => {
                return Err(self.error(
                    ExcKind::ValueError,
                    "int() base must be >= 2 and <= 36, or 0".into(),
                ));
            }
        };
        let value = parsed.and_then(|(digits, radix)| {
            (!digits.is_empty())
                .then(|| num_bigint::BigInt::parse_bytes(digits.as_bytes(), radix))
                .flatten()
        });
        match value {
            Some(v) => Ok(self.new_int_from_big(if negative { -v } else { v })),
            None => {
                let shown = crate::types::formatting::str_repr(text);
                Err(self.error(
                    ExcKind::ValueError,
                    format!("invalid literal for int() with base {base}: {shown}"),
                ))
            }
        }
    }

    pub(crate) fn dict_update(&mut self, dict: ObjRef, source: ObjRef) -> PyResult<()> {
        let source = self.mapping_behind(source).unwrap_or(source);
        if matches!(self.payload(source), Payload::Dict(_)) {
            let table = self.prepare_merge(dict, source);
            return self.store_dict_pairs(dict, source, table);
        }
        if let Some(pairs) = self.mapping_pairs(source)? {
            let result = self.store_pairs(dict, &pairs);
            for (key, value) in pairs {
                self.decref(key);
                self.decref(value);
            }
            return result;
        }
        {
            {
                let items = self.collect_items(source)?;
                let mut pairs = vec![];
                for &item in &items {
                    let unpacked = self.unpack(item, 2);
                    match unpacked {
                        Ok(kv) => {
                            pairs.push((kv[0], kv[1]));
                            self.decref(kv[0]);
                            self.decref(kv[1]);
                        }
                        Err(err) => {
                            self.decref_all(items);
                            return Err(err);
                        }
                    }
                }
                // The pairs stay alive through `items` until they are stored.
                let result = self.store_pairs(dict, &pairs);
                self.decref_all(items);
                result
            }
        }
    }

    /// The entries of an object that is not a dict but has `keys()`, as
    /// `PyDict_Merge` reads them: each key `keys()` gives, with
    /// `source[key]` (new references). `None` if it has no `keys`.
    pub(crate) fn mapping_pairs(
        &mut self,
        source: ObjRef,
    ) -> PyResult<Option<Vec<(ObjRef, ObjRef)>>> {
        let has_keys = matches!(self.payload(source), Payload::Instance(_))
            && self
                .class_of_instance(source)
                .is_some_and(|class| self.lookup_in_class(class, "keys").is_some());
        if !has_keys {
            return Ok(None);
        }
        let method = self.get_attr(source, "keys")?;
        let keys = self.call(method, vec![], None);
        self.decref(method);
        let keys = keys?;
        let listed = self.collect_items(keys);
        self.decref(keys);
        let mut pairs = vec![];
        for key in listed? {
            match self.get_item(source, key) {
                Ok(value) => pairs.push((key, value)),
                Err(err) => {
                    self.decref(key);
                    for (key, value) in pairs {
                        self.decref(key);
                        self.decref(value);
                    }
                    return Err(err);
                }
            }
        }
        Ok(Some(pairs))
    }

    /// Stores the entries of the dict `source` in `dict`, which ends with
    /// the key `table`, if one is given (its merge or copy chose it).
    pub(crate) fn store_dict_pairs(
        &mut self,
        dict: ObjRef,
        source: ObjRef,
        table: Option<crate::types::sizes::DictTable>,
    ) -> PyResult<()> {
        let pairs: Vec<(ObjRef, ObjRef)> = match self.payload(source) {
            Payload::Dict(other) => other.iter().collect(),
            _ => vec![],
        };
        self.store_pairs(dict, &pairs)?;
        if let Some(table) = table {
            self.dict_tables.insert(dict, table);
        }
        Ok(())
    }

    pub(crate) fn store_pairs(&mut self, dict: ObjRef, pairs: &[(ObjRef, ObjRef)]) -> PyResult<()> {
        for &(key, value) in pairs {
            self.incref(value);
            self.set_item(dict, key, value)?;
        }
        Ok(())
    }
}
