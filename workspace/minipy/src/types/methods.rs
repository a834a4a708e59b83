//! The methods of the built-in types (`list.append`, `dict.get`, `set.add`,
//! `str.split`, a file's `read`, ...): what calling each one does on its
//! receiver. CPython: each type's `tp_methods`.

use crate::types::builtin_fn::BuiltinFn;
use crate::types::exceptions::ExcKind;
use crate::types::native::File;
use crate::vm::{PyResult, Vm};
use ch01_objects::dict::Dict;
use ch01_objects::{DictKey, ObjRef, Payload};
use std::rc::Rc;

impl Vm {
    /// The methods of the built-in types; `args[0]` is the receiver.
    pub(crate) fn call_method_builtin(
        &mut self,
        function: BuiltinFn,
        args: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        if matches!(
            function,
            F::StrEncode
                | F::BytesDecode
                | F::BytesHex
                | F::BytearrayDecode
                | F::BytearrayHex
                | F::BytearrayAppend
                | F::BytearrayExtend
        ) {
            return self.bytes_method(function, args, kwargs);
        }
        let receiver = self.arg(args, 0, function)?;
        if function == F::FunctionGet {
            // `f.__get__(None, cls)` is `f`; `f.__get__(obj)` binds it.
            return match args.get(1).copied().filter(|&obj| obj != self.none()) {
                None => Ok(self.new_ref(receiver)),
                Some(instance) => {
                    self.incref(receiver);
                    self.incref(instance);
                    Ok(self.new_native(crate::types::native::BoundMethod {
                        function: receiver,
                        receiver: instance,
                    }))
                }
            };
        }
        if function == F::DictFromkeys
            && matches!(self.payload(receiver), Payload::Class(_))
            && self.builtin_base(receiver)
                == Some(crate::types::builtin_subclass::BuiltinBase::Dict)
        {
            // `D.fromkeys(...)` for `class D(dict)`: a `D()`, its items
            // set one by one (through `D.__setitem__`, if it has one).
            let mut plain_args = vec![self.types["dict"]];
            plain_args.extend_from_slice(&args[1..]);
            let plain = self.call_method_builtin(function, &plain_args, kwargs)?;
            let entries: Vec<(ObjRef, ObjRef)> = match self.payload(plain) {
                Payload::Dict(dict) => dict.iter().collect(),
                _ => vec![],
            };
            self.incref(receiver);
            let made = self.call(receiver, vec![], None);
            let filled = made.and_then(|made| {
                for (key, value) in entries {
                    self.incref(value);
                    if let Err(err) = self.set_item(made, key, value) {
                        self.decref(made);
                        return Err(err);
                    }
                }
                Ok(made)
            });
            self.decref(plain);
            return filled;
        }
        if function == F::DictFromkeys && self.types.get("dict") == Some(&receiver) {
            // `dict.fromkeys(...)` is a class method: the type stands in for a dict.
            let empty = self.alloc(Payload::Dict(Box::new(Dict::new())));
            let mut shifted = vec![empty];
            shifted.extend_from_slice(&args[1..]);
            let result = self.call_method_builtin(function, &shifted, kwargs);
            self.decref(empty);
            return result;
        }
        let expected = function.receiver_type();
        if expected == "tuple"
            && let Some(items) = self.namedtuple_items(receiver)
        {
            // A namedtuple runs tuple methods on its items.
            let tuple = self.new_tuple_of(items);
            let mut shifted = vec![tuple];
            shifted.extend_from_slice(&args[1..]);
            let result = self.call_method_builtin(function, &shifted, kwargs);
            self.decref(tuple);
            return result;
        }
        if (expected == "list" || expected == "dict")
            && let Some(value) = self.builtin_value(receiver)
        {
            // An instance of a subclass of `list` or `dict` runs the
            // methods on the value it holds.
            let mut shifted = vec![value];
            shifted.extend_from_slice(&args[1..]);
            return self.call_method_builtin(function, &shifted, kwargs);
        }
        if expected == "dict"
            && let Some(inner) = self.dict_behind(receiver)
        {
            // A defaultdict, Counter or OrderedDict runs dict methods on its dict.
            let mut shifted = vec![inner];
            shifted.extend_from_slice(&args[1..]);
            return self.call_method_builtin(function, &shifted, kwargs);
        }
        // `int.from_bytes` is a class method: the type is its receiver.
        let class_method = function == F::IntFromBytes && self.types.get("int") == Some(&receiver);
        let type_ok = class_method
            || match self.payload(receiver) {
                Payload::List(_) => expected == "list",
                Payload::Dict(_) => expected == "dict",
                Payload::Str(_) => expected == "str",
                Payload::Tuple(_) => expected == "tuple",
                Payload::Int(_) | Payload::Bool(_) => expected == "int",
                Payload::Float(_) => expected == "float",
                _ => match expected {
                    "file" => self.native::<File>(receiver).is_some(),
                    "set" => self.set_ref(receiver).is_some(),
                    "int" => self.is_big_int(receiver),
                    "generator" => self.is_generator(receiver),
                    "frame" => self
                        .native::<crate::types::native::Frame>(receiver)
                        .is_some(),
                    "slice" => self.slice_parts(receiver).is_some(),
                    "property" => self
                        .native::<crate::types::descriptors::Descriptor>(receiver)
                        .is_some(),
                    "deque" => self
                        .native::<crate::types::deque::Deque>(receiver)
                        .is_some(),
                    "namedtuple" => self.namedtuple_items(receiver).is_some(),
                    "Counter" | "OrderedDict" => self.type_name(receiver) == expected,
                    "type" => matches!(self.payload(receiver), Payload::Class(_)),
                    "BaseException" => self.class_of_instance(receiver).is_some_and(|class| {
                        self.is_subclass(class, self.exceptions[ExcKind::BaseException as usize])
                    }),
                    _ => false,
                },
            };
        if !type_ok {
            let name = self.type_name(receiver);
            return Err(self.error(
                ExcKind::TypeError,
                format!(
                    "descriptor '{}' requires a '{expected}' object but received a '{name}'",
                    function.name()
                ),
            ));
        }
        let rest = &args[1..];
        match function {
            F::ListAppend => {
                let item = self.arg(args, 1, function)?;
                self.incref(item);
                if let Payload::List(items) = self.payload_mut(receiver) {
                    crate::types::sizes::list_push(items, item);
                }
                Ok(self.none())
            }
            F::SetAdd
            | F::SetDiscard
            | F::SetRemove
            | F::SetPop
            | F::SetClear
            | F::SetCopy
            | F::SetUpdate
            | F::SetUnion
            | F::SetIntersection
            | F::SetDifference
            | F::SetSymmetricDifference
            | F::SetIssubset
            | F::SetIssuperset
            | F::SetIsdisjoint
            | F::SetDifferenceUpdate
            | F::SetIntersectionUpdate
            | F::SetSymmetricDifferenceUpdate => self.set_method(function, args),
            F::IntBitCount => {
                let n = self.big_value(receiver).unwrap_or_default();
                let ones: u64 = n
                    .magnitude()
                    .iter_u64_digits()
                    .map(|d| u64::from(d.count_ones()))
                    .sum();
                Ok(self.new_int(ones as i64))
            }
            F::DequeAppend
            | F::DequeAppendleft
            | F::DequePop
            | F::DequePopleft
            | F::DequeExtend
            | F::DequeExtendleft
            | F::DequeClear
            | F::DequeRotate
            | F::DequeCount
            | F::DequeIndex
            | F::DequeRemove
            | F::DequeReverse
            | F::CounterMostCommon
            | F::CounterUpdate
            | F::CounterTotal
            | F::CounterElements => self.collections_method(function, args),
            F::OrderedMoveToEnd => {
                // `move_to_end(key, last=False)`.
                let mut all = args.to_vec();
                if let Some(last) = Self::kwarg(kwargs, "last") {
                    all.truncate(2);
                    all.push(last);
                }
                self.collections_method(function, &all)
            }
            F::NamedTupleAsdict | F::NamedTupleReplace => {
                self.namedtuple_method(function, args, kwargs)
            }
            F::GenSend => {
                let value = self.arg(args, 1, function)?;
                self.generator_send(receiver, value)
            }
            F::TypeMro | F::TypeSubclasses => {
                let classes = if function == F::TypeMro {
                    self.mro(receiver)
                } else {
                    self.live_subclasses(receiver)
                };
                for &class in &classes {
                    self.incref(class);
                }
                Ok(self.alloc(Payload::list(classes)))
            }
            F::ExcAddNote => {
                // `e.add_note(text)` (3.11): appended to the list
                // `__notes__`, made on the first note.
                let note = self.arg(args, 1, function)?;
                if !matches!(self.payload(note), Payload::Str(_)) {
                    let message = format!("note must be a str, not '{}'", self.type_name(note));
                    return Err(self.error(ExcKind::TypeError, message));
                }
                let notes = match self.get_attr_raw(receiver, "__notes__") {
                    Some(notes) => notes,
                    None => {
                        let notes = self.alloc(Payload::list(vec![]));
                        self.set_attr_raw(receiver, "__notes__", notes);
                        notes
                    }
                };
                let Payload::List(items) = self.payload_mut(notes) else {
                    return Err(self.error(
                        ExcKind::TypeError,
                        "Cannot add note: __notes__ is not a list".into(),
                    ));
                };
                crate::types::sizes::list_push(items, note);
                self.incref(note);
                Ok(self.none())
            }
            F::ExcWithTraceback => {
                // `e.with_traceback(tb)`: sets `__traceback__` (`None` drops
                // the frames it held) and returns `e`.
                let traceback = self.arg(args, 1, function)?;
                let is_traceback = traceback == self.none()
                    || self
                        .native::<crate::types::native::Traceback>(traceback)
                        .is_some();
                if !is_traceback {
                    return Err(self.error(
                        ExcKind::TypeError,
                        "__traceback__ must be a traceback or None".into(),
                    ));
                }
                self.incref(traceback);
                let old = self.take_attr_raw(receiver, "__traceback__");
                self.set_attr_raw(receiver, "__traceback__", traceback);
                self.decref_all(old);
                Ok(self.new_ref(receiver))
            }
            F::GenThrow => {
                let exc = self.arg(args, 1, function)?;
                self.generator_throw(receiver, exc)
            }
            F::GenClose => {
                self.generator_close(receiver)?;
                Ok(self.none())
            }
            F::SliceIndices => {
                let len = self.arg(args, 1, function)?;
                self.slice_indices_method(receiver, len)
            }
            F::FrameClear => {
                self.frame_clear(receiver)?;
                Ok(self.none())
            }
            F::PropertySetter | F::PropertyGetter | F::PropertyDeleter => {
                let accessor = self.arg(args, 1, function)?;
                self.property_with(receiver, function.name(), accessor)
            }
            F::IntBitLength => {
                let n = self.big_value(receiver).unwrap_or_default();
                Ok(self.new_int(n.bits() as i64))
            }
            F::IntToBytes => {
                // `n.to_bytes(length, byteorder, signed=False)`.
                let n = self.big_value(receiver).unwrap_or_default();
                let length = match args
                    .get(1)
                    .copied()
                    .or_else(|| Self::kwarg(kwargs, "length"))
                {
                    Some(length) => self.int_arg(length, "length")?.max(0) as usize,
                    None => 1,
                };
                let (little, signed) = self.byte_order(args, kwargs, function)?;
                if n.sign() == num_bigint::Sign::Minus && !signed {
                    return Err(self.error(
                        ExcKind::OverflowError,
                        "can't convert negative int to unsigned".into(),
                    ));
                }
                let mut data = n.to_signed_bytes_le();
                let fill = if n.sign() == num_bigint::Sign::Minus {
                    0xff
                } else {
                    0
                };
                // An unsigned value may need its sign byte dropped.
                if !signed && data.len() > 1 && data.last() == Some(&0) {
                    data.pop();
                }
                if data.len() > length
                    && !(data.len() == length + 1 && !signed && data[length] == 0)
                {
                    return Err(self.error(ExcKind::OverflowError, "int too big to convert".into()));
                }
                data.resize(length, fill);
                if !little {
                    data.reverse();
                }
                Ok(self.new_bytes(data, false))
            }
            F::IntFromBytes => {
                // `int.from_bytes(bytes, byteorder, signed=False)`, bound to `int`.
                let source = self.arg(args, 1, function)?;
                let mut data = match self.bytes_of(source) {
                    Some((data, _)) => data.to_vec(),
                    None => {
                        let made = self.construct_bytes(&[source], &[], false)?;
                        let data = self
                            .bytes_of(made)
                            .map(|(d, _)| d.to_vec())
                            .unwrap_or_default();
                        self.decref(made);
                        data
                    }
                };
                let (little, signed) = self.byte_order(args, kwargs, function)?;
                if !little {
                    data.reverse();
                }
                let value = if signed {
                    num_bigint::BigInt::from_signed_bytes_le(&data)
                } else {
                    num_bigint::BigInt::from_bytes_le(num_bigint::Sign::Plus, &data)
                };
                Ok(self.new_int_from_big(value))
            }
            F::FloatIsInteger => {
                let integral =
                    matches!(self.payload(receiver), Payload::Float(x) if x.fract() == 0.0);
                Ok(self.new_bool(integral))
            }
            F::DictPopitem => {
                // `OrderedDict.popitem(last=False)` takes the first item.
                let from_end = match args.get(1).copied().or_else(|| Self::kwarg(kwargs, "last")) {
                    Some(flag) => self.truthy(flag)?,
                    None => true,
                };
                let last = match self.payload(receiver) {
                    Payload::Dict(dict) if from_end => dict.iter().last(),
                    Payload::Dict(dict) => dict.iter().next(),
                    _ => None,
                };
                let Some((key, _)) = last else {
                    return Err(
                        self.error(ExcKind::KeyError, "popitem(): dictionary is empty".into())
                    );
                };
                let dict_key = self.hash_key(key)?;
                let removed = match self.payload_mut(receiver) {
                    Payload::Dict(dict) => dict.remove(&dict_key),
                    _ => None,
                };
                match removed {
                    Some((key, value)) => Ok(self.alloc(Payload::tuple([key, value]))),
                    None => Ok(self.none()),
                }
            }
            F::DictFromkeys => {
                let iterable = self.arg(args, 1, function)?;
                let value = args.get(2).copied().unwrap_or(self.singletons.none);
                let keys = self.collect_items(iterable)?;
                let dict = self.alloc(Payload::Dict(Box::new(Dict::new())));
                for &key in &keys {
                    self.incref(value);
                    if let Err(err) = self.set_item(dict, key, value) {
                        self.decref_all(keys);
                        self.decref(dict);
                        return Err(err);
                    }
                }
                self.decref_all(keys);
                Ok(dict)
            }
            F::ListPop => {
                let len = self.list_items(receiver).len();
                if len == 0 {
                    return Err(self.error(ExcKind::IndexError, "pop from empty list".into()));
                }
                let index = match rest.first() {
                    Some(&i) => {
                        let i = self.int_arg(i, "index")?;
                        let adjusted = if i < 0 { i + len as i64 } else { i };
                        if adjusted < 0 || adjusted >= len as i64 {
                            return Err(
                                self.error(ExcKind::IndexError, "pop index out of range".into())
                            );
                        }
                        adjusted as usize
                    }
                    None => len - 1,
                };
                // The list's reference moves to the caller.
                Ok(match self.payload_mut(receiver) {
                    Payload::List(items) => crate::types::sizes::list_remove(items, index),
                    _ => self.singletons.none,
                })
            }
            F::ListClear => {
                let items = match self.payload_mut(receiver) {
                    Payload::List(items) => std::mem::take(items),
                    _ => Default::default(),
                };
                // CPython's list_clear empties the list first, then drops the items last to first.
                self.decref_all(items.into_iter().rev());
                Ok(self.none())
            }
            F::ListExtend => {
                let source = self.arg(args, 1, function)?;
                self.list_extend(receiver, source)?;
                Ok(self.none())
            }
            F::ListInsert => {
                let (index, item) = (self.arg(args, 1, function)?, self.arg(args, 2, function)?);
                let index = self.int_arg(index, "index")?;
                self.incref(item);
                if let Payload::List(items) = self.payload_mut(receiver) {
                    let len = items.len() as i64;
                    let at = if index < 0 {
                        (index + len).max(0)
                    } else {
                        index.min(len)
                    };
                    crate::types::sizes::grow_list(items, items.len() + 1);
                    items.insert(at as usize, item);
                }
                Ok(self.none())
            }
            F::ListRemove | F::ListIndex | F::TupleIndex => {
                let target = self.arg(args, 1, function)?;
                let items = self.list_items(receiver);
                // `index(x, start, end)` looks in `items[start:end]` only.
                let (from, to) = if function == F::ListRemove {
                    (0, items.len())
                } else {
                    self.index_bounds(args.get(2..).unwrap_or(&[]), items.len())?
                };
                for (i, &item) in items.iter().enumerate().take(to).skip(from) {
                    if self.values_equal(item, target)? {
                        if function != F::ListRemove {
                            return Ok(self.new_int(i as i64));
                        }
                        let removed = match self.payload_mut(receiver) {
                            Payload::List(items) => {
                                Some(crate::types::sizes::list_remove(items, i))
                            }
                            _ => None,
                        };
                        self.decref_all(removed);
                        return Ok(self.none());
                    }
                }
                let message = if function == F::ListRemove {
                    "list.remove(x): x not in list".to_string()
                } else if function == F::TupleIndex {
                    "tuple.index(x): x not in tuple".to_string()
                } else {
                    let text = self.repr(target)?;
                    format!(
                        "{text} is not in {}",
                        if function == F::TupleIndex {
                            "tuple"
                        } else {
                            "list"
                        }
                    )
                };
                Err(self.error(ExcKind::ValueError, message))
            }
            F::ListCount | F::TupleCount => {
                let target = self.arg(args, 1, function)?;
                let items = self.list_items(receiver);
                let mut count = 0;
                for item in items {
                    if self.values_equal(item, target)? {
                        count += 1;
                    }
                }
                Ok(self.new_int(count))
            }
            F::ListSort => {
                self.sort_list(receiver, kwargs)?;
                Ok(self.none())
            }
            F::ListReverse => {
                if let Payload::List(items) = self.payload_mut(receiver) {
                    items.reverse();
                }
                Ok(self.none())
            }
            F::ListCopy => {
                let items = self.list_items(receiver);
                Ok(self.new_list_incref(items))
            }
            F::DictGet | F::DictSetdefault => {
                let key = self.arg(args, 1, function)?;
                let dict_key = self.hash_key(key)?;
                let dict_key = self.resolve_key(receiver, dict_key)?;
                let found = match self.payload(receiver) {
                    Payload::Dict(dict) => dict.get(&dict_key),
                    _ => None,
                };
                let default = rest.get(1).copied().unwrap_or(self.singletons.none);
                let value = match found {
                    Some(value) => value,
                    None if function == F::DictSetdefault => {
                        self.incref(default);
                        self.set_item(receiver, key, default)?;
                        default
                    }
                    None => default,
                };
                self.incref(value);
                Ok(value)
            }
            F::DictKeys | F::DictValues | F::DictItems => {
                let kind = match function {
                    F::DictKeys => crate::types::views::ViewKind::Keys,
                    F::DictValues => crate::types::views::ViewKind::Values,
                    _ => crate::types::views::ViewKind::Items,
                };
                Ok(self.new_dict_view(receiver, kind))
            }
            F::DictPop => {
                let key = self.arg(args, 1, function)?;
                let dict_key = self.hash_key(key)?;
                let dict_key = self.resolve_key(receiver, dict_key)?;
                let removed = match self.payload_mut(receiver) {
                    Payload::Dict(dict) => dict.remove(&dict_key),
                    _ => None,
                };
                match (removed, rest.get(1)) {
                    (Some((key_object, value)), _) => {
                        self.decref(key_object);
                        Ok(value)
                    }
                    (None, Some(&default)) => {
                        self.incref(default);
                        Ok(default)
                    }
                    (None, None) => Err(self.key_error(key)),
                }
            }
            F::DictClear => {
                let entries = match self.payload_mut(receiver) {
                    Payload::Dict(dict) => dict.drain(),
                    _ => vec![],
                };
                self.note_dict_cleared(receiver);
                for (key, value) in entries {
                    self.decref(key);
                    self.decref(value);
                }
                Ok(self.none())
            }
            F::DictUpdate => {
                if let Some(&source) = args.get(1) {
                    self.dict_update(receiver, source)?;
                }
                for (name, value) in kwargs {
                    let key = self.intern(name);
                    self.incref(*value);
                    self.dict_set(receiver, DictKey::Str(name.as_ref().into()), key, *value);
                }
                Ok(self.none())
            }
            F::DictCopy => {
                let copy = self.alloc(Payload::Dict(Box::new(Dict::new())));
                let source = self.mapping_behind(receiver).unwrap_or(receiver);
                let table = self.prepare_copy(copy, source);
                if let Err(err) = self.store_dict_pairs(copy, source, table) {
                    self.decref(copy);
                    return Err(err);
                }
                Ok(copy)
            }
            F::FileRead | F::FileReadline | F::FileReadlines | F::FileClose => {
                self.file_method(function, receiver)
            }
            _ => self.str_method(function, receiver, rest, kwargs),
        }
    }

    /// The `start` and `end` of `list.index(x, start, end)`, as slice
    /// bounds clamped to `len` (CPython: `_PyEval_SliceIndexNotNone`).
    fn index_bounds(&mut self, bounds: &[ObjRef], len: usize) -> PyResult<(usize, usize)> {
        let mut clamped = [0, len];
        for (at, &bound) in bounds.iter().take(2).enumerate() {
            let Some(index) = self.index_value(bound)? else {
                return Err(self.error(
                    ExcKind::TypeError,
                    "slice indices must be integers or have an __index__ method".into(),
                ));
            };
            clamped[at] = crate::types::strings::clamp_index(index, len);
        }
        Ok((clamped[0], clamped[1]))
    }

    pub(crate) fn file_method(
        &mut self,
        function: BuiltinFn,
        receiver: ObjRef,
    ) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        if function == F::FileClose {
            if let Some(file) = self.native_mut::<File>(receiver) {
                file.closed = true;
            }
            return Ok(self.none());
        }
        if self.native::<File>(receiver).is_some_and(|f| f.closed) {
            return Err(self.error(ExcKind::ValueError, "I/O operation on closed file.".into()));
        }
        match function {
            F::FileRead => {
                let text = match self.native_mut::<File>(receiver) {
                    Some(file) => {
                        let rest = file.text[file.position..].to_string();
                        file.position = file.text.len();
                        rest
                    }
                    None => String::new(),
                };
                Ok(self.new_str(&text))
            }
            F::FileReadline => match self.next_item(receiver)? {
                Some(line) => Ok(line),
                None => Ok(self.new_str("")),
            },
            _ => {
                let mut lines = vec![];
                while let Some(line) = self.next_item(receiver)? {
                    lines.push(line);
                }
                Ok(self.alloc(Payload::list(lines)))
            }
        }
    }
}

impl Vm {
    /// The `byteorder` (third argument or keyword; `"big"` by default, as in
    /// 3.11) and `signed` keyword of `int.to_bytes` and `int.from_bytes`:
    /// whether the order is little-endian, and whether the int is signed.
    fn byte_order(
        &mut self,
        args: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
        function: BuiltinFn,
    ) -> PyResult<(bool, bool)> {
        let little = match args
            .get(2)
            .copied()
            .or_else(|| Self::kwarg(kwargs, "byteorder"))
        {
            Some(order) => self.str_arg(order, function)? == "little",
            None => false,
        };
        let signed = match Self::kwarg(kwargs, "signed") {
            Some(flag) => self.truthy(flag)?,
            None => false,
        };
        Ok((little, signed))
    }
}
