//! The built-in functions (`len`, `print`, `isinstance`, `sorted`, ...):
//! what calling each one does. CPython: `Python/bltinmodule.c`.

use crate::types::builtin_fn::BuiltinFn;
use crate::types::exceptions::ExcKind;
use crate::types::iterators::LazyKind;
use crate::types::native::{self, Builtin, File};
use crate::vm::{PyErr, PyResult, Vm};
use ch01_objects::{ObjRef, Payload};
use std::rc::Rc;

impl Vm {
    /// Calls the built-in function `function`. `args` are borrowed.
    pub(crate) fn builtin_function(
        &mut self,
        function: BuiltinFn,
        args: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        match function {
            F::Print => self.builtin_print(args, kwargs),
            F::Len => {
                let object = self.arg(args, 0, function)?;
                let n = self.length(object)?;
                Ok(self.new_int(n as i64))
            }
            F::Id => {
                let object = self.arg(args, 0, function)?;
                let address = self.mem.heap().address(object) as i64;
                Ok(self.new_int(address))
            }
            F::Repr => {
                let object = self.arg(args, 0, function)?;
                let text = self.repr(object)?;
                Ok(self.new_str(&text))
            }
            F::Ascii => {
                // `repr` with every non-ASCII character escaped.
                let object = self.arg(args, 0, function)?;
                let text = self.ascii_repr(object)?;
                Ok(self.new_str(&text))
            }
            F::Isinstance => {
                let (object, classes) =
                    (self.arg(args, 0, function)?, self.arg(args, 1, function)?);
                let class = self.type_of(object);
                let candidates = match self.payload(classes) {
                    Payload::Tuple(items) => items.to_vec(),
                    _ => vec![classes],
                };
                let mut result = self.subclass_of_any(class, classes, "isinstance() arg 2")?;
                if !result && self.lookup_in_class(class, "__class__").is_some() {
                    // An object whose class says it is another (a weak
                    // proxy) is an instance of that one too, as
                    // `object_isinstance` reads `__class__`.
                    let claimed = self.get_attr(object, "__class__")?;
                    if claimed != class && matches!(self.payload(claimed), Payload::Class(_)) {
                        result = candidates.iter().any(|&c| self.is_subclass(claimed, c));
                    }
                    self.decref(claimed);
                }
                Ok(self.new_bool(result))
            }
            F::Any | F::All => {
                let iterable = self.arg(args, 0, function)?;
                let items = self.collect_items(iterable)?;
                let want = function == F::Any;
                let mut result = !want;
                let mut failure = None;
                for &item in &items {
                    match self.truthy(item) {
                        Ok(truth) if truth == want => {
                            result = want;
                            break;
                        }
                        Ok(_) => {}
                        Err(err) => {
                            failure = Some(err);
                            break;
                        }
                    }
                }
                self.decref_all(items);
                match failure {
                    Some(err) => Err(err),
                    None => Ok(self.new_bool(result)),
                }
            }
            F::Hasattr | F::Getattr => {
                let (object, name) = (self.arg(args, 0, function)?, self.arg(args, 1, function)?);
                let name = self.str_arg(name, function)?;
                match (function, args.get(2)) {
                    (F::Hasattr, _) if self.surely_missing_attr(object, &name) => {
                        return Ok(self.new_bool(false));
                    }
                    (F::Getattr, Some(&default)) if self.surely_missing_attr(object, &name) => {
                        return Ok(self.new_ref(default));
                    }
                    _ => {}
                }
                match self.get_attr(object, &name) {
                    Ok(value) if function == F::Getattr => Ok(value),
                    Ok(value) => {
                        self.decref(value);
                        Ok(self.new_bool(true))
                    }
                    Err(err) => {
                        let is_attribute_error = self.class_of_instance(err.0).is_some_and(|c| {
                            self.is_subclass(c, self.exceptions[ExcKind::AttributeError as usize])
                        });
                        match (function, args.get(2)) {
                            (F::Hasattr, _) if is_attribute_error => {
                                self.decref(err.0);
                                Ok(self.new_bool(false))
                            }
                            (F::Getattr, Some(&default)) if is_attribute_error => {
                                self.decref(err.0);
                                self.incref(default);
                                Ok(default)
                            }
                            _ => Err(err),
                        }
                    }
                }
            }
            F::Setattr => {
                let (object, name, value) = (
                    self.arg(args, 0, function)?,
                    self.arg(args, 1, function)?,
                    self.arg(args, 2, function)?,
                );
                let name = self.str_arg(name, function)?;
                self.incref(value);
                self.set_attr(object, &name, value)?;
                Ok(self.none())
            }
            F::Min | F::Max => self.builtin_min_max(function, args, kwargs),
            F::Sum => {
                let iterable = self.arg(args, 0, function)?;
                let items = self.collect_items(iterable)?;
                let mut total = match args
                    .get(1)
                    .copied()
                    .or_else(|| Self::kwarg(kwargs, "start"))
                {
                    Some(start) => {
                        self.incref(start);
                        start
                    }
                    None => self.new_int(0),
                };
                for &item in &items {
                    match self.binary_op(crate::bytecode::BinaryOp::Add, total, item) {
                        Ok(next) => {
                            self.decref(total);
                            total = next;
                        }
                        Err(err) => {
                            self.decref(total);
                            self.decref_all(items);
                            return Err(err);
                        }
                    }
                }
                self.decref_all(items);
                Ok(total)
            }
            F::Abs => {
                let value = self.arg(args, 0, function)?;
                match self.payload(value) {
                    Payload::Int(n) => match n.checked_abs() {
                        Some(n) => Ok(self.new_int(n)),
                        None => {
                            let n = num_bigint::BigInt::from(*n);
                            Ok(self.new_int_from_big(-n))
                        }
                    },
                    _ if self.is_big_int(value) => {
                        let n = self.big_value(value).unwrap_or_default();
                        Ok(self.new_int_from_big(num_traits::Signed::abs(&n)))
                    }
                    _ if self.class_of_instance(value).is_some() => {
                        match self.call_special(value, "__abs__", &[]) {
                            Some(result) => result,
                            None => {
                                let name = self.type_name(value);
                                Err(self.error(
                                    ExcKind::TypeError,
                                    format!("bad operand type for abs(): '{name}'"),
                                ))
                            }
                        }
                    }
                    Payload::Bool(b) => Ok(self.new_int(i64::from(*b))),
                    Payload::Float(x) => {
                        let x = x.abs();
                        Ok(self.new_float(x))
                    }
                    _ => {
                        let name = self.type_name(value);
                        Err(self.error(
                            ExcKind::TypeError,
                            format!("bad operand type for abs(): '{name}'"),
                        ))
                    }
                }
            }
            F::Round => self.builtin_round(args),
            F::Sorted => {
                let iterable = self.arg(args, 0, function)?;
                let list = self.alloc(Payload::list(vec![]));
                if let Err(err) = self.list_extend(list, iterable) {
                    self.decref(list);
                    return Err(err);
                }
                match self.sort_list(list, kwargs) {
                    Ok(()) => Ok(list),
                    Err(err) => {
                        self.decref(list);
                        Err(err)
                    }
                }
            }
            F::Enumerate => {
                let iterable = self.arg(args, 0, function)?;
                let start = match args
                    .get(1)
                    .copied()
                    .or_else(|| Self::kwarg(kwargs, "start"))
                {
                    Some(s) => self.int_arg(s, "start")?,
                    None => 0,
                };
                self.new_lazy_iter(LazyKind::Enumerate(start), None, &[iterable])
            }
            F::Zip => {
                let strict = match Self::kwarg(kwargs, "strict") {
                    Some(flag) => self.truthy(flag)?,
                    None => false,
                };
                let kind = if strict {
                    LazyKind::ZipStrict
                } else {
                    LazyKind::Zip
                };
                self.new_lazy_iter(kind, None, args)
            }
            F::Map | F::Filter => {
                let callable = self.arg(args, 0, function)?;
                if args.len() < 2 {
                    return Err(self.error(
                        ExcKind::TypeError,
                        format!("{}() must have at least two arguments.", function.name()),
                    ));
                }
                let kind = if function == F::Map {
                    LazyKind::Map
                } else {
                    LazyKind::Filter
                };
                self.new_lazy_iter(kind, Some(callable), &args[1..])
            }
            F::Pow => {
                let (base, exponent) = (self.arg(args, 0, function)?, self.arg(args, 1, function)?);
                match args.get(2).copied().filter(|&m| m != self.none()) {
                    None => self.binary_op(crate::bytecode::BinaryOp::Pow, base, exponent),
                    Some(modulus) => {
                        let values = (
                            self.big_value(base),
                            self.big_value(exponent),
                            self.big_value(modulus),
                        );
                        let (Some(b), Some(e), Some(m)) = values else {
                            return Err(self.error(
                                ExcKind::TypeError,
                                "pow() 3rd argument not allowed unless all arguments are integers"
                                    .into(),
                            ));
                        };
                        if num_traits::Zero::is_zero(&m) {
                            return Err(self.error(
                                ExcKind::ValueError,
                                "pow() 3rd argument cannot be 0".into(),
                            ));
                        }
                        let (b, e) = if num_traits::Signed::is_negative(&e) {
                            // A negative exponent raises the inverse of the
                            // base modulo m (Python 3.8+).
                            match b.modinv(&num_traits::Signed::abs(&m)) {
                                Some(inverse) => (inverse, -e),
                                None => {
                                    return Err(self.error(
                                        ExcKind::ValueError,
                                        "base is not invertible for the given modulus".into(),
                                    ));
                                }
                            }
                        } else {
                            (b, e)
                        };
                        let r = b.modpow(&e, &num_traits::Signed::abs(&m));
                        // Python's result takes the modulus's sign.
                        let r = if num_traits::Signed::is_negative(&m)
                            && !num_traits::Zero::is_zero(&r)
                        {
                            r + m
                        } else {
                            r
                        };
                        Ok(self.new_int_from_big(r))
                    }
                }
            }
            F::Hex | F::Oct | F::Bin => {
                let value = self.arg(args, 0, function)?;
                let int = self.index_object(value)?;
                let n = int.and_then(|int| {
                    let n = self.big_value(int);
                    self.decref(int);
                    n
                });
                let Some(n) = n else {
                    let name = self.type_name(value);
                    return Err(self.error(
                        ExcKind::TypeError,
                        format!("'{name}' object cannot be interpreted as an integer"),
                    ));
                };
                let (sign, magnitude) = if num_traits::Signed::is_negative(&n) {
                    ("-", -n)
                } else {
                    ("", n)
                };
                let text = match function {
                    F::Hex => format!("{sign}0x{}", magnitude.to_str_radix(16)),
                    F::Oct => format!("{sign}0o{}", magnitude.to_str_radix(8)),
                    _ => format!("{sign}0b{}", magnitude.to_str_radix(2)),
                };
                Ok(self.new_str(&text))
            }
            F::Issubclass => {
                let (class, classes) = (self.arg(args, 0, function)?, self.arg(args, 1, function)?);
                if !matches!(self.payload(class), Payload::Class(_)) {
                    return Err(self.error(
                        ExcKind::TypeError,
                        "issubclass() arg 1 must be a class".into(),
                    ));
                }
                let result = self.subclass_of_any(class, classes, "issubclass() arg 2")?;
                Ok(self.new_bool(result))
            }
            F::Format => {
                let value = self.arg(args, 0, function)?;
                let spec = match args.get(1) {
                    Some(&spec) => self.str_arg(spec, function)?,
                    None => String::new(),
                };
                if spec.is_empty() && self.str_of(value).is_some() {
                    // `format(s)` of a string is the string itself.
                    self.incref(value);
                    return Ok(value);
                }
                let text = self.format_value(value, false, Some(&spec))?;
                Ok(self.new_str(&text))
            }
            F::Vars => {
                // The instance's own `__dict__`, the same object each time.
                let object = self.arg(args, 0, function)?;
                if let Payload::Class(_) = self.payload(object) {
                    return Ok(self.class_namespace(object));
                }
                match self.class_of_instance(object) {
                    Some(class) if self.slot_names(class).is_none() => {
                        Ok(self.instance_dict(object))
                    }
                    _ => Err(self.error(
                        ExcKind::TypeError,
                        "vars() argument must have __dict__ attribute".into(),
                    )),
                }
            }
            F::Open => {
                let path = self.arg(args, 0, function)?;
                let path = self.str_arg(path, function)?;
                let mode = match args.get(1).copied().or_else(|| Self::kwarg(kwargs, "mode")) {
                    Some(mode) => self.str_arg(mode, function)?,
                    None => "r".into(),
                };
                if mode != "r" && mode != "rt" {
                    return Err(self.error(
                        ExcKind::ValueError,
                        format!("minipy opens files for reading text only, not mode '{mode}'"),
                    ));
                }
                match std::fs::read_to_string(&path) {
                    Ok(text) => Ok(self.new_native(File {
                        name: path.into(),
                        text,
                        position: 0,
                        closed: false,
                    })),
                    Err(error) => Err(self.os_error_for(&error, &path)),
                }
            }
            F::Iter => {
                let iterable = self.arg(args, 0, function)?;
                if let Some(&sentinel) = args.get(1) {
                    return Ok(self.new_call_iter(iterable, sentinel));
                }
                self.get_iter(iterable)
            }
            F::Next => {
                let iterator = self.arg(args, 0, function)?;
                if self.is_generator(iterator) {
                    // `next(g)` is `g.send(None)`: what the generator
                    // returns travels in the `StopIteration`.
                    let none = self.none();
                    return match (self.generator_send(iterator, none), args.get(1)) {
                        (Err(err), Some(&default))
                            if self.class_of_instance(err.0).is_some_and(|c| {
                                self.is_subclass(
                                    c,
                                    self.exceptions[ExcKind::StopIteration as usize],
                                )
                            }) =>
                        {
                            self.decref(err.0);
                            self.incref(default);
                            Ok(default)
                        }
                        (result, _) => result,
                    };
                }
                match self.next_item(iterator)? {
                    Some(item) => Ok(item),
                    None => match args.get(1) {
                        Some(&default) => {
                            self.incref(default);
                            Ok(default)
                        }
                        None => {
                            let class = self.exceptions[ExcKind::StopIteration as usize];
                            self.incref(class);
                            let exc = self.call(class, vec![], None);
                            self.decref(class);
                            Err(PyErr(exc?))
                        }
                    },
                }
            }
            F::Callable => {
                let object = self.arg(args, 0, function)?;
                let callable = self.is_callable(object);
                Ok(self.new_bool(callable))
            }
            F::Ord => {
                let value = self.arg(args, 0, function)?;
                let text = self.str_arg(value, function)?;
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Ok(self.new_int(c as i64)),
                    _ => {
                        let length = text.chars().count();
                        Err(self.error(
                            ExcKind::TypeError,
                            format!(
                                "ord() expected a character, but string of length {length} found"
                            ),
                        ))
                    }
                }
            }
            F::Chr => {
                let value = self.arg(args, 0, function)?;
                let n = self.int_arg(value, "chr")?;
                match u32::try_from(n).ok().and_then(char::from_u32) {
                    Some(c) => Ok(self.new_str(&c.to_string())),
                    None => Err(self.error(
                        ExcKind::ValueError,
                        "chr() arg not in range(0x110000)".into(),
                    )),
                }
            }
            F::Reversed => {
                let mut iterable = self.arg(args, 0, function)?;
                if let Some(value) = self.inherited_value(iterable, "__reversed__") {
                    // A subclass of `list` or `dict`: its value, reversed.
                    iterable = value;
                }
                if let Some(class) = self.class_of_instance(iterable) {
                    if let Some(result) = self.call_special(iterable, "__reversed__", &[]) {
                        return result;
                    }
                    if self.lookup_in_class(class, "__len__").is_some()
                        && self.lookup_in_class(class, "__getitem__").is_some()
                    {
                        // Lazily, last index first, as CPython's `reversed` does.
                        let len = self.length(iterable)?;
                        self.incref(iterable);
                        return Ok(self.new_native(crate::types::native::SeqIter {
                            seq: Some(iterable),
                            kind: crate::types::native::IterKind::ReversedGetItem,
                            index: len,
                            expected_len: None,
                            result: None,
                        }));
                    }
                }
                if let Payload::List(items) = self.payload(iterable) {
                    let len = items.len();
                    self.incref(iterable);
                    return Ok(self.new_native(crate::types::native::SeqIter {
                        seq: Some(iterable),
                        kind: crate::types::native::IterKind::ReversedList,
                        index: len,
                        expected_len: None,
                        result: None,
                    }));
                }
                let reversible = matches!(
                    self.payload(iterable),
                    Payload::List(_) | Payload::Tuple(_) | Payload::Str(_) | Payload::Dict(_)
                ) || self
                    .native::<crate::types::native::Range>(iterable)
                    .is_some()
                    || self.dict_behind(iterable).is_some()
                    || self
                        .native::<crate::types::views::DictView>(iterable)
                        .is_some()
                    || self
                        .native::<crate::types::deque::Deque>(iterable)
                        .is_some()
                    || self.bytes_of(iterable).is_some();
                if !reversible {
                    let name = self.type_name(iterable);
                    return Err(self.error(
                        ExcKind::TypeError,
                        format!("'{name}' object is not reversible"),
                    ));
                }
                let mut items = self.collect_items(iterable)?;
                items.reverse();
                let list = self.alloc(Payload::list(items));
                let iterator = self.get_iter(list);
                self.decref(list);
                iterator
            }
            F::Divmod => {
                let (a, b) = (self.arg(args, 0, function)?, self.arg(args, 1, function)?);
                let quotient = self.binary_op(crate::bytecode::BinaryOp::FloorDiv, a, b)?;
                let remainder = match self.binary_op(crate::bytecode::BinaryOp::Mod, a, b) {
                    Ok(r) => r,
                    Err(err) => {
                        self.decref(quotient);
                        return Err(err);
                    }
                };
                Ok(self.alloc(Payload::tuple([quotient, remainder])))
            }
            F::Hash => {
                let object = self.arg(args, 0, function)?;
                let (hash, _) = self.hash_of(object)?;
                Ok(self.new_int(hash))
            }
            F::Input => {
                if let Some(&prompt) = args.first() {
                    let prompt = self.str_value(prompt)?;
                    let _ = self.out.write_all(prompt.as_bytes());
                    self.flush();
                }
                let mut line = String::new();
                match std::io::stdin().read_line(&mut line) {
                    Ok(0) | Err(_) => {
                        Err(self.error(ExcKind::EOFError, "EOF when reading a line".into()))
                    }
                    Ok(_) => {
                        let line = line.strip_suffix('\n').unwrap_or(&line);
                        Ok(self.new_str(line))
                    }
                }
            }
            F::Globals => {
                let globals = self.globals;
                self.incref(globals);
                Ok(globals)
            }
            F::Quit | F::ExitBuiltin => Err(self.system_exit(args)),
            F::Dir => {
                let Some(&object) = args.first() else {
                    return Err(self.error(
                        ExcKind::TypeError,
                        "minipy's dir() needs an argument (use sorted(locals()))".into(),
                    ));
                };
                self.materialize_for_dir(object);
                let names = self.dir_names(object);
                let items: Vec<ObjRef> = names.iter().map(|n| self.new_str(n)).collect();
                Ok(self.alloc(Payload::list(items)))
            }
            F::Delattr => {
                let (object, name) = (self.arg(args, 0, function)?, self.arg(args, 1, function)?);
                let name = self.str_arg(name, function)?;
                self.del_attr(object, &name)?;
                Ok(self.none())
            }
            _ => self.call_method_builtin(function, args, kwargs),
        }
    }
}

impl Vm {
    pub(crate) fn builtin_print(
        &mut self,
        args: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> PyResult<ObjRef> {
        // CPython's `print` collects its arguments in a tuple, and its
        // parser makes the tuple of its keyword names on the first call:
        // allocations the collector counts (chapter 5).
        let counted = self.mem.gc_count().is_some();
        if counted && self.print_keywords.is_none() {
            let names = ["sep", "end", "file", "flush"].map(|name| self.intern(name));
            self.print_keywords = Some(self.alloc(Payload::Tuple(names.into())));
        }
        if counted && !args.is_empty() {
            let shape = Payload::tuple(vec![self.singletons.none; args.len()]);
            self.mem.note_transient(&shape);
        }
        self.print_line(args, kwargs)
    }

    fn print_line(&mut self, args: &[ObjRef], kwargs: &[(Rc<str>, ObjRef)]) -> PyResult<ObjRef> {
        let text_option = |vm: &mut Vm, name: &str, default: &str| -> PyResult<String> {
            match Self::kwarg(kwargs, name) {
                Some(value) if value == vm.none() => Ok(default.to_string()),
                Some(value) => vm.str_arg(value, BuiltinFn::Print),
                None => Ok(default.to_string()),
            }
        };
        let sep = text_option(self, "sep", " ")?;
        let end = text_option(self, "end", "\n")?;
        let mut line = String::new();
        for (i, &arg) in args.iter().enumerate() {
            if i > 0 {
                line.push_str(&sep);
            }
            line.push_str(&self.str_value(arg)?);
        }
        line.push_str(&end);
        match Self::kwarg(kwargs, "file").filter(|&f| f != self.none()) {
            Some(stream)
                if self
                    .native::<crate::types::stream::Stream>(stream)
                    .is_some() =>
            {
                self.write_stream(stream, &line);
            }
            Some(other) => {
                let name = self.type_name(other);
                return Err(self.error(
                    ExcKind::TypeError,
                    format!("minipy prints only to sys.stdout and sys.stderr, not to a '{name}'"),
                ));
            }
            None => {
                let _ = self.out.write_all(line.as_bytes());
            }
        }
        if Self::kwarg(kwargs, "flush").is_some() {
            self.flush();
        }
        Ok(self.none())
    }

    pub(crate) fn builtin_round(&mut self, args: &[ObjRef]) -> PyResult<ObjRef> {
        let value = self.arg(args, 0, BuiltinFn::Round)?;
        let digits = match args.get(1) {
            Some(&d) if d != self.none() => Some(self.int_arg(d, "ndigits")?),
            _ => None,
        };
        match (self.payload(value), digits) {
            (Payload::Int(n), Some(d)) if d < 0 => {
                // Round half to even at a power of ten.
                let n = num_bigint::BigInt::from(*n);
                let factor = num_traits::pow(num_bigint::BigInt::from(10), (-d).min(400) as usize);
                let (quotient, remainder) = num_integer::Integer::div_mod_floor(&n, &factor);
                let twice = &remainder * 2;
                let round_up =
                    twice > factor || (twice == factor && num_integer::Integer::is_odd(&quotient));
                let quotient = if round_up { quotient + 1 } else { quotient };
                Ok(self.new_int_from_big(quotient * factor))
            }
            (Payload::Int(n), _) => {
                let n = *n;
                Ok(self.new_int(n))
            }
            (Payload::Float(x), None) => {
                let rounded = x.round_ties_even();
                if rounded.is_nan() {
                    return Err(self.error(
                        ExcKind::ValueError,
                        "cannot convert float NaN to integer".into(),
                    ));
                }
                if !rounded.is_finite() {
                    return Err(self.error(
                        ExcKind::OverflowError,
                        "cannot convert float infinity to integer".into(),
                    ));
                }
                let n = num_traits::FromPrimitive::from_f64(rounded).unwrap_or_default();
                Ok(self.new_int_from_big(n))
            }
            (Payload::Float(x), Some(d)) => {
                // Round through the decimal text, as CPython does, so 2.675 stays 2.67.
                let text = format!("{:.*}", d.clamp(0, 300) as usize, x);
                let rounded: f64 = text.parse().unwrap_or(*x);
                let rounded = if d < 0 {
                    let factor = 10f64.powi((-d) as i32);
                    (x / factor).round_ties_even() * factor
                } else {
                    rounded
                };
                Ok(self.new_float(rounded))
            }
            _ => {
                let name = self.type_name(value);
                Err(self.error(
                    ExcKind::TypeError,
                    format!("type {name} doesn't define __round__ method"),
                ))
            }
        }
    }
}

impl Vm {
    /// `callable(object)`.
    pub(crate) fn is_callable(&self, object: ObjRef) -> bool {
        matches!(self.payload(object), Payload::Class(_))
            || self.native::<native::Function>(object).is_some()
            || self.native::<native::BoundMethod>(object).is_some()
            || self.native::<Builtin>(object).is_some()
            || self.is_functools_callable(object)
            || self
                .native::<crate::types::weakref::WeakRef>(object)
                .is_some()
            || self
                .class_of_instance(object)
                .is_some_and(|class| self.is_ref_subclass(class))
            || self
                .class_of_instance(object)
                .is_some_and(|c| self.lookup_in_class(c, "__call__").is_some())
    }
}

impl Vm {
    /// `isinstance`'s and `issubclass`'s second argument: a class, or a
    /// tuple of them (nested tuples too), tried in order until one matches;
    /// anything else met before a match is a `TypeError` naming `what`.
    fn subclass_of_any(&mut self, class: ObjRef, classes: ObjRef, what: &str) -> PyResult<bool> {
        if let Payload::Tuple(items) = self.payload(classes) {
            let items: Vec<ObjRef> = items.to_vec();
            for item in items {
                if self.subclass_of_any(class, item, what)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        if !matches!(self.payload(classes), Payload::Class(_)) {
            let (noun, plural) = if what.starts_with("isinstance") {
                ("type", "types")
            } else {
                ("class", "classes")
            };
            let message = format!("{what} must be a {noun}, a tuple of {plural}, or a union");
            return Err(self.error(ExcKind::TypeError, message));
        }
        Ok(self.is_subclass(class, classes))
    }
}
