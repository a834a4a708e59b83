//! The eval loop's dispatch: one arm per instruction, each doing the
//! reference counting CPython 3.11's `ceval.c` does for it.
//!
//! This is the one table in the interpreter kept whole, longer than the
//! other files: an instruction's arm is read next to its neighbours (a
//! `LOAD_*` with its `STORE_*`, a jump with the loop it closes), and the
//! book's appendix walks it top to bottom.

use crate::bytecode::{Const, Instr};
use crate::eval::frames::{Activation, Completion, Handler};
use crate::types::code::Code;
use crate::types::exceptions::ExcKind;
use crate::types::native::{self, Function};
use crate::vm::{PyErr, PyResult, Vm};
use ch01_objects::dict::Dict;
use ch01_objects::{DictKey, ObjRef, Payload};
use std::io::Write;

impl Vm {
    // ANCHOR: dispatch_loop
    /// Executes instructions until the activation returns or an error escapes an instruction.
    pub(crate) fn step_until_error(&mut self, act: &mut Activation) -> PyResult<Completion> {
        let code = act.code.clone();
        let consts = code.const_objects.get().cloned().unwrap_or_default();
        loop {
            let Some(&instr) = code.instrs.get(act.pc) else {
                return Err(self.error(ExcKind::SystemError, "fell off the end of the code".into()));
            };
            self.line.set(code.lines[act.pc]);
            self.pc.set(act.pc);
            act.pc += 1;
            match instr {
                // ANCHOR_END: dispatch_loop
                Instr::LoadConst(i) => {
                    let value = match code.consts.get(i as usize) {
                        // Code objects are not heap objects; MakeFunction reads them directly.
                        Some(Const::Code(_)) => self.none(),
                        _ => consts
                            .get(i as usize)
                            .copied()
                            .unwrap_or(self.singletons.none),
                    };
                    self.incref(value);
                    self.push(act, value);
                }
                // ANCHOR: fast_locals
                Instr::LoadFast(slot) => match act.local(slot) {
                    Some(value) => {
                        self.incref(value);
                        self.push(act, value);
                    }
                    None => return Err(self.unbound_local(&code, slot)),
                },
                Instr::StoreFast(slot) => {
                    let value = self.pop(act)?;
                    let old = act.set_local(slot, value);
                    if let Some(old) = old {
                        self.decref(old);
                    }
                }
                // ANCHOR_END: fast_locals
                Instr::DeleteFast(slot) => match act.take_local(slot) {
                    Some(old) => self.decref(old),
                    None => return Err(self.unbound_local(&code, slot)),
                },
                // ANCHOR: globals
                Instr::LoadGlobal(i) => {
                    let key = &code.name_keys[i as usize];
                    match self.global_lookup(key) {
                        Some(value) => {
                            self.incref(value);
                            self.push(act, value);
                        }
                        None => match self.file_global(&code.names[i as usize]) {
                            Some(file) => self.push(act, file),
                            None => return Err(self.name_error(&code.names[i as usize])),
                        },
                    }
                }
                Instr::StoreGlobal(i) => {
                    let value = self.pop(act)?;
                    let i = i as usize;
                    self.set_global_key(&code.names[i], &code.name_keys[i], value);
                }
                Instr::DeleteGlobal(i) => self.delete_name_in(self.globals, &code, i)?,
                // ANCHOR_END: globals
                Instr::LoadName(i) => {
                    let key = &code.name_keys[i as usize];
                    let local = act.namespace.and_then(|ns| match self.payload(ns) {
                        Payload::Dict(dict) => dict.get(key),
                        _ => None,
                    });
                    match local.or_else(|| self.global_lookup(key)) {
                        Some(value) => {
                            self.incref(value);
                            self.push(act, value);
                        }
                        None => match self.file_global(&code.names[i as usize]) {
                            Some(file) => self.push(act, file),
                            None => return Err(self.name_error(&code.names[i as usize])),
                        },
                    }
                }
                Instr::StoreName(i) => {
                    let value = self.pop(act)?;
                    match act.namespace {
                        Some(ns) => {
                            let key_object = self.intern(&code.names[i as usize]);
                            self.dict_set(
                                ns,
                                code.name_keys[i as usize].clone(),
                                key_object,
                                value,
                            );
                        }
                        None => {
                            let i = i as usize;
                            self.set_global_key(&code.names[i], &code.name_keys[i], value);
                        }
                    }
                }
                Instr::DeleteName(i) => {
                    let namespace = act.namespace.unwrap_or(self.globals);
                    self.delete_name_in(namespace, &code, i)?;
                }
                Instr::LoadDeref(i) => {
                    let cell = act.cell(i);
                    match cell
                        .and_then(|c| self.native::<native::Cell>(c))
                        .and_then(|c| c.value)
                    {
                        Some(value) => {
                            self.incref(value);
                            self.push(act, value);
                        }
                        None => return Err(self.unbound_free_variable(&code, i)),
                    }
                }
                Instr::StoreDeref(i) => {
                    let value = self.pop(act)?;
                    let cell = act.cell(i);
                    let old = cell
                        .and_then(|c| self.native_mut::<native::Cell>(c))
                        .and_then(|c| c.value.replace(value));
                    if let Some(old) = old {
                        self.decref(old);
                    }
                }
                Instr::DeleteDeref(i) => {
                    let cell = act.cell(i);
                    let old = cell
                        .and_then(|c| self.native_mut::<native::Cell>(c))
                        .and_then(|c| c.value.take());
                    match old {
                        Some(old) => self.decref(old),
                        None => return Err(self.unbound_free_variable(&code, i)),
                    }
                }
                Instr::LoadClosure(i) => {
                    let Some(cell) = act.cell(i) else {
                        return Err(self.error(ExcKind::SystemError, "bad closure".into()));
                    };
                    self.incref(cell);
                    self.push(act, cell);
                }
                // ANCHOR: attributes
                Instr::LoadAttr(i) => {
                    let object = self.pop(act)?;
                    let result = self.get_attr(object, &code.names[i as usize]);
                    self.decref(object);
                    let value = result?;
                    self.push(act, value);
                }
                Instr::StoreAttr(i) => {
                    let object = self.pop(act)?;
                    let value = self.pop(act)?;
                    let result = self.set_attr(object, &code.names[i as usize], value);
                    self.decref(object);
                    result?;
                }
                // ANCHOR_END: attributes
                Instr::DeleteAttr(i) => {
                    let object = self.pop(act)?;
                    let result = self.del_attr(object, &code.names[i as usize]);
                    self.decref(object);
                    result?;
                }
                Instr::LoadMethod(i) => {
                    let object = self.pop(act)?;
                    match self.get_method(object, &code.names[i as usize]) {
                        Ok(Some(method)) => {
                            self.push(act, method);
                            self.push(act, object);
                        }
                        Ok(None) => {
                            let result = self.get_attr(object, &code.names[i as usize]);
                            self.decref(object);
                            let value = result?;
                            self.push(act, value);
                            let null = self.singletons.null;
                            self.push(act, null);
                        }
                        Err(err) => {
                            self.decref(object);
                            return Err(err);
                        }
                    }
                }
                Instr::BinarySubscr => {
                    let key = self.pop(act)?;
                    let container = self.pop(act)?;
                    let result = self.get_item(container, key);
                    self.decref(container);
                    self.decref(key);
                    let value = result?;
                    self.push(act, value);
                }
                Instr::StoreSubscr => {
                    let key = self.pop(act)?;
                    let container = self.pop(act)?;
                    let value = self.pop(act)?;
                    let result = self.set_item(container, key, value);
                    self.decref(container);
                    self.decref(key);
                    result?;
                }
                Instr::DeleteSubscr => {
                    let key = self.pop(act)?;
                    let container = self.pop(act)?;
                    let result = self.del_item(container, key);
                    self.decref(container);
                    self.decref(key);
                    result?;
                }
                // ANCHOR: binary
                Instr::Binary(op) => {
                    let right = self.pop(act)?;
                    let left = self.pop(act)?;
                    let result = self.binary_op(op, left, right);
                    self.decref(left);
                    self.decref(right);
                    let value = result?;
                    self.push(act, value);
                }
                // ANCHOR_END: binary
                Instr::Unary(op) => {
                    let operand = self.pop(act)?;
                    let result = self.unary_op(op, operand);
                    self.decref(operand);
                    let value = result?;
                    self.push(act, value);
                }
                Instr::Compare(op) => {
                    let right = self.pop(act)?;
                    let left = self.pop(act)?;
                    let result = self.rich_compare(op, left, right);
                    self.decref(left);
                    self.decref(right);
                    let value = result?;
                    self.push(act, value);
                }
                Instr::Jump(target) => act.pc = target as usize,
                Instr::PopJumpIfFalse(target) | Instr::PopJumpIfTrue(target) => {
                    let value = self.pop(act)?;
                    let truth = self.truthy(value);
                    self.decref(value);
                    if truth? == matches!(instr, Instr::PopJumpIfTrue(_)) {
                        act.pc = target as usize;
                    }
                }
                Instr::JumpIfFalseOrPop(target) | Instr::JumpIfTrueOrPop(target) => {
                    let value = self.top(act)?;
                    if self.truthy(value)? == matches!(instr, Instr::JumpIfTrueOrPop(_)) {
                        act.pc = target as usize;
                    } else {
                        let value = self.pop(act)?;
                        self.decref(value);
                    }
                }
                // ANCHOR: iteration
                Instr::GetIter => {
                    let iterable = self.pop(act)?;
                    let result = self.get_iter(iterable);
                    self.decref(iterable);
                    let iterator = result?;
                    self.push(act, iterator);
                }
                Instr::ForIter(target) => {
                    let iterator = self.top(act)?;
                    match self.next_item(iterator)? {
                        Some(item) => self.push(act, item),
                        None => {
                            let iterator = self.pop(act)?;
                            self.decref(iterator);
                            act.pc = target as usize;
                        }
                    }
                }
                // ANCHOR_END: iteration
                Instr::BuildList(n) => {
                    let items = self.pop_n(act, n as usize)?;
                    let list = self.alloc(Payload::list(items));
                    self.push(act, list);
                }
                Instr::BuildTuple(n) => {
                    let items = self.pop_n(act, n as usize)?;
                    let tuple = self.alloc(Payload::Tuple(items.into()));
                    self.push(act, tuple);
                }
                Instr::BuildDict(n) => {
                    let items = self.pop_n(act, 2 * n as usize)?;
                    let dict = self.alloc(Payload::Dict(Box::new(Dict::new())));
                    let mut pairs = items.into_iter();
                    while let (Some(key), Some(value)) = (pairs.next(), pairs.next()) {
                        if let Err(err) = self.set_item(dict, key, value) {
                            self.decref(key);
                            self.decref_all(pairs.collect::<Vec<_>>());
                            self.decref(dict);
                            return Err(err);
                        }
                        self.decref(key);
                    }
                    self.push(act, dict);
                }
                Instr::BuildString(n) => {
                    let parts = self.pop_n(act, n as usize)?;
                    let text: String = parts.iter().filter_map(|&p| self.str_of(p)).collect();
                    self.decref_all(parts);
                    let s = self.new_str(&text);
                    self.push(act, s);
                }
                Instr::FormatValue(flags) => {
                    let spec = if flags & 4 == 4 {
                        Some(self.pop(act)?)
                    } else {
                        None
                    };
                    let value = self.pop(act)?;
                    // `f"{s}"` of a string is the string itself, as
                    // `PyObject_Format` gives it back for an empty spec.
                    if flags == 0 && self.str_of(value).is_some() {
                        self.push(act, value);
                        continue;
                    }
                    let conversion =
                        [None, Some('s'), Some('r'), Some('a')][usize::from(flags & 3)];
                    let spec_text = spec.and_then(|s| self.str_of(s).map(str::to_string));
                    let result = self.format_converted(value, conversion, spec_text.as_deref());
                    self.decref(value);
                    if let Some(spec) = spec {
                        self.decref(spec);
                    }
                    let text = result?;
                    let s = self.new_str(&text);
                    self.push(act, s);
                }
                Instr::ListAppend(depth) => {
                    let item = self.pop(act)?;
                    let Some(&list) = act
                        .stack
                        .len()
                        .checked_sub(depth as usize)
                        .and_then(|i| act.stack.get(i))
                    else {
                        return Err(self.error(ExcKind::SystemError, "bad list append".into()));
                    };
                    if let Payload::List(items) = self.payload_mut(list) {
                        crate::types::sizes::list_push(items, item);
                    }
                }
                Instr::UnpackSequence(n) => {
                    let sequence = self.pop(act)?;
                    let items = self.unpack(sequence, n as usize);
                    self.decref(sequence);
                    for item in items?.into_iter().rev() {
                        self.push(act, item);
                    }
                }
                // ANCHOR: call
                Instr::Call(n) => {
                    let args = self.pop_n(act, n as usize)?;
                    let callable = self.pop(act)?;
                    let (callable, args) = self.unpack_bound_method(callable, args);
                    let result = self.call(callable, args, None);
                    self.decref(callable);
                    let value = result?;
                    self.push(act, value);
                }
                // ANCHOR_END: call
                Instr::CallKw(n) => {
                    let names = self.pop(act)?;
                    let mut args = self.pop_n(act, n as usize)?;
                    let callable = self.pop(act)?;
                    let kwargs = self.name_keywords(names, &mut args);
                    let result = self.call(callable, args, Some(kwargs));
                    self.decref(callable);
                    let value = result?;
                    self.push(act, value);
                }
                // ANCHOR: call_method
                Instr::CallMethod(n) => {
                    let args = self.pop_n(act, n as usize)?;
                    let receiver = self.pop(act)?;
                    let method = self.pop(act)?;
                    let (method, args) = if receiver == self.singletons.null {
                        self.unpack_bound_method(method, args)
                    } else {
                        let mut all = Vec::with_capacity(args.len() + 1);
                        all.push(receiver);
                        all.extend(args);
                        (method, all)
                    };
                    let result = self.call(method, args, None);
                    self.decref(method);
                    let value = result?;
                    self.push(act, value);
                }
                // ANCHOR_END: call_method
                Instr::MakeFunction {
                    code: index,
                    defaults,
                    closure,
                    kwdefaults,
                } => {
                    let closure = if closure {
                        self.pop(act)?
                    } else {
                        self.singletons.none
                    };
                    let kwdefaults = if kwdefaults {
                        let dict = self.pop(act)?;
                        self.keyword_arguments(dict)
                    } else {
                        vec![]
                    };
                    let defaults = if defaults {
                        self.pop(act)?
                    } else {
                        self.singletons.none
                    };
                    let Some(Some(inner)) = code.nested.get(index as usize).cloned() else {
                        return Err(self.error(ExcKind::SystemError, "bad function code".into()));
                    };
                    let defaults = self.take_tuple_items(defaults);
                    let closure = self.take_tuple_items(closure);
                    let qualname = inner.qualname.clone();
                    let name = inner.name.clone();
                    let globals = (!self.module_files.contains(&inner.filename))
                        .then(|| self.new_ref(self.globals));
                    let function = self.new_native(Function {
                        code: inner,
                        defaults,
                        kwdefaults,
                        closure,
                        qualname,
                        name,
                        attrs: Dict::new(),
                        doc: None,
                        globals,
                    });
                    self.push(act, function);
                }
                Instr::BuildClass(n) | Instr::BuildClassKw(n) => {
                    let keywords = if matches!(instr, Instr::BuildClassKw(_)) {
                        let dict = self.pop(act)?;
                        self.keyword_arguments(dict)
                    } else {
                        vec![]
                    };
                    let bases = self.pop_n(act, n as usize)?;
                    let body = self.pop(act)?;
                    let result = self.build_class(body, bases, keywords);
                    self.decref(body);
                    let class = result?;
                    self.push(act, class);
                }
                // ANCHOR: return_value
                Instr::Return => {
                    let value = self.pop(act)?;
                    return Ok(Completion::Return(value));
                }
                // ANCHOR_END: return_value
                Instr::Send(target) => {
                    let value = self.pop(act)?;
                    let iterator = self.top(act)?;
                    match self.send_to(iterator, value)? {
                        Some(yielded) => self.push(act, yielded),
                        None => {
                            let iterator = self.pop(act)?;
                            let returned = self.take_return_value(iterator);
                            self.decref(iterator);
                            self.push(act, returned);
                            act.pc = target as usize;
                        }
                    }
                }
                Instr::YieldValue => {
                    let value = self.pop(act)?;
                    return Ok(Completion::Yield(value));
                }
                Instr::BuildConstList(n) => {
                    let items = self.pop_n(act, n as usize)?;
                    let list = self.alloc(Payload::List(crate::types::sizes::exact_even(items)));
                    self.push(act, list);
                }
                Instr::BuildSet(n) | Instr::BuildConstSet(n) => {
                    let items = self.pop_n(act, n as usize)?;
                    let set = self.new_set(false);
                    if matches!(instr, Instr::BuildConstSet(_))
                        && let Some(table) = self.native_mut::<crate::types::sets::Set>(set)
                    {
                        table.presize(n as usize);
                    }
                    let mut failure = None;
                    for &item in &items {
                        if failure.is_none()
                            && let Err(err) = self.set_add(set, item)
                        {
                            failure = Some(err);
                        }
                    }
                    self.decref_all(items);
                    if let Some(err) = failure {
                        self.decref(set);
                        return Err(err);
                    }
                    self.push(act, set);
                }
                Instr::ListExtend(depth) => {
                    let iterable = self.pop(act)?;
                    let target = self.peek(act, depth)?;
                    let result = self.list_extend(target, iterable);
                    let result = result.map_err(|err| {
                        self.reword_not_iterable(err, iterable, "Value after *".into())
                    });
                    self.decref(iterable);
                    result?;
                }
                Instr::ListToTuple => {
                    let list = self.pop(act)?;
                    let items = match self.payload_mut(list) {
                        Payload::List(items) => std::mem::take(items),
                        _ => Default::default(),
                    };
                    self.decref(list);
                    let tuple = self.alloc(Payload::Tuple(items.into()));
                    self.push(act, tuple);
                }
                Instr::SetAdd(depth) => {
                    let item = self.pop(act)?;
                    let set = self.peek(act, depth)?;
                    let result = self.set_add(set, item);
                    self.decref(item);
                    result?;
                }
                Instr::MapAdd(depth) => {
                    let value = self.pop(act)?;
                    let key = self.pop(act)?;
                    let dict = self.peek(act, depth)?;
                    let result = self.set_item(dict, key, value);
                    self.decref(key);
                    result?;
                }
                Instr::DictMerge { depth, call } => {
                    let source = self.pop(act)?;
                    let dict = self.peek(act, depth)?;
                    // A call's stack holds the callable under its arguments.
                    let callee = if call {
                        Some(self.peek(act, depth + 2)?)
                    } else {
                        None
                    };
                    let result = self.dict_merge(dict, source, callee);
                    self.decref(source);
                    result?;
                }
                Instr::UnpackEx { before, after } => {
                    let sequence = self.pop(act)?;
                    let items = self.unpack_starred(sequence, before as usize, after as usize);
                    self.decref(sequence);
                    for item in items?.into_iter().rev() {
                        self.push(act, item);
                    }
                }
                Instr::CallEx { kwargs } => {
                    let kwargs = if kwargs { Some(self.pop(act)?) } else { None };
                    let args = self.pop(act)?;
                    let callable = self.pop(act)?;
                    let args = match self.star_arguments(callable, args) {
                        Ok(args) => args,
                        Err(err) => {
                            self.decref(callable);
                            self.decref_all(kwargs);
                            return Err(err);
                        }
                    };
                    let result = self.call_with_tuple(callable, args, kwargs);
                    self.decref(callable);
                    let value = result?;
                    self.push(act, value);
                }
                Instr::Pop => {
                    let value = self.pop(act)?;
                    self.decref(value);
                }
                Instr::Dup => {
                    let value = self.top(act)?;
                    self.incref(value);
                    self.push(act, value);
                }
                Instr::Swap => {
                    let len = act.stack.len();
                    if len < 2 {
                        return Err(
                            self.error(ExcKind::SystemError, "value stack underflow".into())
                        );
                    }
                    act.stack.swap(len - 1, len - 2);
                }
                Instr::DupTwo => {
                    let len = act.stack.len();
                    if len < 2 {
                        return Err(
                            self.error(ExcKind::SystemError, "value stack underflow".into())
                        );
                    }
                    let (a, b) = (act.stack[len - 2], act.stack[len - 1]);
                    self.incref(a);
                    self.incref(b);
                    act.stack.push(a);
                    act.stack.push(b);
                }
                Instr::Rot3 => {
                    let top = self.pop(act)?;
                    let len = act.stack.len();
                    if len < 2 {
                        return Err(
                            self.error(ExcKind::SystemError, "value stack underflow".into())
                        );
                    }
                    act.stack.insert(len - 2, top);
                }
                Instr::BuildSlice => {
                    let parts = self.pop_n(act, 3)?;
                    let slice = self.new_native(native::Slice {
                        parts: [parts[0], parts[1], parts[2]],
                    });
                    self.push(act, slice);
                }
                Instr::Raise(kind) => {
                    let err = if kind == 0 {
                        match self.handled.last().copied() {
                            Some(exc) => {
                                self.incref(exc);
                                self.reraising = true;
                                PyErr(exc)
                            }
                            None => self.error(
                                ExcKind::RuntimeError,
                                "No active exception to reraise".into(),
                            ),
                        }
                    } else if kind == 2 {
                        let cause = self.pop(act)?;
                        let exc = self.pop(act)?;
                        let err = match self.make_raisable(exc) {
                            Ok(err) => err,
                            Err(e) => {
                                self.decref(cause);
                                return Err(e);
                            }
                        };
                        self.set_cause(&err, cause)?;
                        err
                    } else {
                        let exc = self.pop(act)?;
                        self.make_raisable(exc)?
                    };
                    return Err(err);
                }
                Instr::Reraise => {
                    let exc = self.pop(act)?;
                    // The traceback already has this frame (CPython's RERAISE adds no entry).
                    self.reraising = true;
                    return Err(PyErr(exc));
                }
                Instr::SetupExcept(target)
                | Instr::SetupFinally(target)
                | Instr::SetupCleanup(target) => {
                    act.handlers.push(Handler {
                        target: target as usize,
                        stack_depth: act.stack.len(),
                        handled_depth: self.handled.len(),
                        marks_handled: !matches!(instr, Instr::SetupCleanup(_)),
                    });
                }
                Instr::PopBlock => {
                    act.handlers.pop();
                }
                Instr::ExceptionMatches => {
                    let class = self.pop(act)?;
                    let exc = self.top(act)?;
                    let matches = self.exception_matches(exc, class);
                    self.decref(class);
                    let value = self.new_bool(matches?);
                    self.push(act, value);
                }
                Instr::PopExcept => {
                    if let Some(exc) = self.handled.pop() {
                        self.decref(exc);
                    }
                }
                Instr::WithEnter => {
                    let manager = self.top(act)?;
                    let entered = self.with_enter(manager)?;
                    self.push(act, entered);
                }
                Instr::WithExceptionExit => {
                    let manager = self.pop(act)?;
                    let exc = self.top(act)?;
                    let result = self.with_exception_exit(manager, exc);
                    self.decref(manager);
                    let suppressed = self.new_bool(result?);
                    self.push(act, suppressed);
                }
                Instr::InplaceBinary(op) => {
                    let right = self.pop(act)?;
                    let left = self.pop(act)?;
                    let result = self.inplace_op(op, left, right);
                    self.decref(left);
                    self.decref(right);
                    let value = result?;
                    self.push(act, value);
                }
                Instr::WithExit => {
                    let manager = self.pop(act)?;
                    let result = self.with_exit(manager);
                    self.decref(manager);
                    result?;
                }
                Instr::BuildLocals => {
                    let dict = self.build_locals(act);
                    self.push(act, dict);
                }
                Instr::ImportStar => {
                    let module = self.pop(act)?;
                    let entries: Vec<(ObjRef, ObjRef)> = self
                        .native::<native::Module>(module)
                        .map(|m| m.attrs.iter().collect())
                        .unwrap_or_default();
                    for (key, value) in entries {
                        let Some(name) = self.str_of(key).map(str::to_string) else {
                            continue;
                        };
                        if name.starts_with('_') {
                            continue;
                        }
                        self.incref(value);
                        self.set_global(&name, value);
                    }
                    self.decref(module);
                }
                Instr::ImportName(i) => {
                    let module = self.import(&code.names[i as usize])?;
                    self.push(act, module);
                }
                Instr::ImportFrom(i) => {
                    let module = self.top(act)?;
                    let value = self.import_from(module, &code.names[i as usize])?;
                    self.push(act, value);
                }
                Instr::PrintExpr => {
                    let value = self.pop(act)?;
                    if value != self.none() {
                        let text = self.repr(value);
                        match text {
                            Ok(text) => {
                                let _ = writeln!(self.out, "{text}");
                            }
                            Err(err) => {
                                self.decref(value);
                                return Err(err);
                            }
                        }
                    }
                    // CPython keeps the last value in `builtins._`: a hidden reference.
                    let key_object = self.intern("_");
                    if let Some(old) =
                        self.builtins
                            .insert(DictKey::Str("_".into()), key_object, value)
                    {
                        self.decref(key_object);
                        self.decref(old);
                    }
                }
                Instr::Nop => {}
            }
        }
    }
}

impl Vm {
    /// `del name` of a module global or a class body's name: removes it
    /// from `namespace` (a dict), or `NameError`.
    fn delete_name_in(&mut self, namespace: ObjRef, code: &Code, i: u32) -> PyResult<()> {
        let key = &code.name_keys[i as usize];
        let removed = match self.payload_mut(namespace) {
            Payload::Dict(dict) => dict.remove(key),
            _ => None,
        };
        if self.release_entry(removed) {
            Ok(())
        } else {
            Err(self.name_error(&code.names[i as usize]))
        }
    }
}
