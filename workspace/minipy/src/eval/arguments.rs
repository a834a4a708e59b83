//! Binding a call's arguments to a function's parameters, and the pieces of
//! `f(*args, **kwargs)` and `a, *rest = seq`.
//!
//! Serves chapter 3: a call moves its arguments into the callee's locals
//! (the references change owner, nothing is copied); `*args` becomes a new
//! tuple and `**kwargs` a new dict, owned by the callee's frame and freed
//! when it returns. The locals are laid out as CPython lays them out:
//!
//! ```text
//!  positional parameters │ keyword-only │ *args │ **kwargs │ other locals
//! ```

use crate::eval::frames::{Slots, new_slots};
use crate::types::code::Code;
use crate::types::exceptions::ExcKind;
use crate::vm::{PyResult, Vm};
use ch01_objects::dict::Dict;
use ch01_objects::{DictKey, ObjRef, Payload};
use std::cell::Cell as StdCell;
use std::rc::Rc;

/// A function's default values: positional ones for the last parameters,
/// keyword-only ones by name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Defaults<'d> {
    pub positional: &'d [ObjRef],
    pub keyword_only: &'d [(Rc<str>, ObjRef)],
}

impl Vm {
    // ANCHOR: bind_arguments
    /// Moves `args` and `kwargs` into a new set of locals for `code`.
    /// On an error every reference given is dropped.
    pub(crate) fn bind_arguments(
        &mut self,
        code: &Code,
        defaults: Defaults<'_>,
        args: Vec<ObjRef>,
        kwargs: Option<Vec<(Rc<str>, ObjRef)>>,
    ) -> PyResult<Slots> {
        let locals = new_slots(code.varnames.len() + code.cell_count());
        let positional = code.argcount;
        let named = positional + code.kwonlyargcount;
        let given = args.len();
        if given > positional && !code.varargs {
            let message = too_many_positional(code, defaults.positional.len(), given);
            self.decref_all(args);
            self.decref_kwargs(kwargs);
            return Err(self.error(ExcKind::TypeError, message));
        }
        let mut args = args.into_iter();
        for slot in locals.iter().take(positional.min(given)) {
            slot.set(args.next());
        }
        if code.varargs {
            let rest: Vec<ObjRef> = args.collect();
            locals[named].set(Some(self.alloc(Payload::Tuple(rest.into()))));
        }
        let kwargs_slot = named + usize::from(code.varargs);
        if code.varkeywords {
            locals[kwargs_slot].set(Some(self.alloc(Payload::Dict(Box::new(Dict::new())))));
        }
        let mut kwargs = kwargs.unwrap_or_default().into_iter();
        let mut positional_only: Vec<Rc<str>> = vec![];
        while let Some((name, value)) = kwargs.next() {
            let slot = code.varnames[..named].iter().position(|v| *v == name);
            // A keyword naming a parameter before `/` goes to `**kwargs`,
            // or is an error once every keyword has been looked at.
            let slot = match slot {
                Some(slot) if slot < code.posonlyargcount => {
                    if !code.varkeywords {
                        positional_only.push(name);
                        self.decref(value);
                        continue;
                    }
                    None
                }
                other => other,
            };
            let problem = match slot {
                Some(slot) if locals[slot].get().is_none() => {
                    locals[slot].set(Some(value));
                    continue;
                }
                Some(_) => format!(
                    "{}() got multiple values for argument '{name}'",
                    code.qualname
                ),
                None if code.varkeywords => {
                    let dict = locals[kwargs_slot].get().unwrap_or(self.singletons.none);
                    let key = self.intern(&name);
                    self.dict_set(dict, DictKey::Str(name.as_ref().into()), key, value);
                    continue;
                }
                None => format!(
                    "{}() got an unexpected keyword argument '{name}'",
                    code.qualname
                ),
            };
            self.decref(value);
            for (_, rest) in kwargs.by_ref() {
                self.decref(rest);
            }
            self.decref_all(locals.iter().filter_map(StdCell::take));
            return Err(self.error(ExcKind::TypeError, problem));
        }
        if !positional_only.is_empty() {
            self.decref_all(locals.iter().filter_map(StdCell::take));
            let names = positional_only.join(", ");
            return Err(self.error(
                ExcKind::TypeError,
                format!(
                    "{}() got some positional-only arguments passed as keyword arguments: '{names}'",
                    code.qualname
                ),
            ));
        }
        self.fill_defaults(code, defaults, locals)
    }
    // ANCHOR_END: bind_arguments

    /// Fills the parameters no argument was given for from the defaults;
    /// a parameter with neither is a `TypeError` naming every missing one.
    fn fill_defaults(
        &mut self,
        code: &Code,
        defaults: Defaults<'_>,
        locals: Slots,
    ) -> PyResult<Slots> {
        let positional = code.argcount;
        let first_default = positional - defaults.positional.len().min(positional);
        let mut missing = vec![];
        for (slot, local) in locals.iter().enumerate().take(positional) {
            if local.get().is_some() {
                continue;
            }
            if slot >= first_default {
                let value = defaults.positional[slot - first_default];
                self.mem.incref(value);
                local.set(Some(value));
            } else {
                missing.push(code.varnames[slot].clone());
            }
        }
        if !missing.is_empty() {
            self.decref_all(locals.iter().filter_map(StdCell::take));
            let message = missing_message(code, "positional", &missing);
            return Err(self.error(ExcKind::TypeError, message));
        }
        let keyword_only = positional..positional + code.kwonlyargcount;
        for (slot, local) in locals.iter().enumerate().take(keyword_only.end) {
            if slot < keyword_only.start || local.get().is_some() {
                continue;
            }
            let name = &code.varnames[slot];
            match defaults.keyword_only.iter().find(|(n, _)| n == name) {
                Some(&(_, value)) => {
                    self.mem.incref(value);
                    local.set(Some(value));
                }
                None => missing.push(name.clone()),
            }
        }
        if !missing.is_empty() {
            self.decref_all(locals.iter().filter_map(StdCell::take));
            let message = missing_message(code, "keyword-only", &missing);
            return Err(self.error(ExcKind::TypeError, message));
        }
        Ok(locals)
    }

    /// `locals()` in `act`: the namespace of a module or class body; for a
    /// function, a new dict of its bound locals and captured variables.
    pub(crate) fn build_locals(&mut self, act: &crate::eval::frames::Activation) -> ObjRef {
        if let Some(namespace) = act.namespace {
            self.incref(namespace);
            return namespace;
        }
        if act.code.kind != crate::bytecode::CodeKind::Function {
            let globals = self.globals;
            self.incref(globals);
            return globals;
        }
        let dict = self.alloc(Payload::Dict(Box::new(Dict::new())));
        let code = act.code.clone();
        let mut bound: Vec<(Rc<str>, ObjRef)> = code
            .varnames
            .iter()
            .zip(act.locals.iter())
            .filter_map(|(name, value)| value.get().map(|v| (name.clone(), v)))
            .collect();
        let cell_names = code.cellvars.iter().chain(&code.freevars);
        let cells = act.locals[code.varnames.len().min(act.locals.len())..].iter();
        for (name, cell) in cell_names.zip(cells.filter_map(StdCell::get)) {
            if let Some(value) = self
                .native::<crate::types::native::Cell>(cell)
                .and_then(|c| c.value)
            {
                bound.push((name.clone(), value));
            }
        }
        for (name, value) in bound {
            let key = self.intern(&name);
            self.incref(value);
            self.dict_set(dict, DictKey::Str(name.as_ref().into()), key, value);
        }
        dict
    }

    /// `list.extend(iterable)` for the list `target` (borrowing both).
    ///
    /// The capacity follows CPython: room is made first for the source's
    /// length if it is known up front (a sequence, dict, set, range, or an
    /// iterator over one), else for a guess of 8 more items; then the items
    /// are appended, and a guess that was too large is given back.
    pub(crate) fn list_extend(&mut self, target: ObjRef, iterable: ObjRef) -> PyResult<()> {
        let sized = self.has_known_length(iterable);
        let items = self.collect_items(iterable)?;
        if let Payload::List(list) = self.payload_mut(target) {
            if !sized {
                const LENGTH_GUESS: usize = 8;
                if list.capacity() == 0 {
                    crate::types::sizes::preallocate_exact(list, LENGTH_GUESS);
                } else {
                    crate::types::sizes::grow_list(list, list.len() + LENGTH_GUESS);
                }
                for item in items {
                    if list.len() < list.capacity() {
                        list.push(item);
                    } else {
                        crate::types::sizes::list_push(list, item);
                    }
                }
                if list.len() < list.capacity() {
                    crate::types::sizes::grow_list(list, list.len());
                }
            } else if list.capacity() == 0 {
                crate::types::sizes::preallocate_exact(list, items.len());
                list.extend(items);
            } else {
                crate::types::sizes::grow_list(list, list.len() + items.len());
                list.extend(items);
            }
        }
        Ok(())
    }

    /// True if CPython knows how many items `iterable` has before iterating
    /// (`__len__` or `__length_hint__`).
    fn has_known_length(&self, iterable: ObjRef) -> bool {
        match self.payload(iterable) {
            Payload::List(_) | Payload::Tuple(_) | Payload::Dict(_) | Payload::Str(_) => true,
            Payload::Native(_) => {
                self.native::<crate::types::native::Range>(iterable)
                    .is_some()
                    || self
                        .native::<crate::types::native::SeqIter>(iterable)
                        .is_some()
                    || self
                        .native::<crate::types::native::RangeIter>(iterable)
                        .is_some()
                    || self.set_ref(iterable).is_some()
                    || self.dict_view(iterable).is_some()
                    || self.deque_items(iterable).is_some()
                    || self.namedtuple_items(iterable).is_some()
                    || self.dict_behind(iterable).is_some()
            }
            _ => false,
        }
    }

    /// Merges the mapping `source` into `dict` (both borrowed). For a call
    /// (`f(**a)`, `callee` the function called) keys must be strings and may
    /// not repeat, and errors name the function.
    pub(crate) fn dict_merge(
        &mut self,
        dict: ObjRef,
        source: ObjRef,
        callee: Option<ObjRef>,
    ) -> PyResult<()> {
        let source = self.mapping_behind(source).unwrap_or(source);
        if !matches!(self.payload(source), Payload::Dict(_))
            && let Some(pairs) = self.mapping_pairs(source)?
        {
            // A mapping that is not a dict: its pairs, through a dict.
            let through = self.alloc(Payload::Dict(Box::default()));
            let stored = self.store_pairs(through, &pairs);
            for (key, value) in pairs {
                self.decref(key);
                self.decref(value);
            }
            let result = stored.and_then(|()| self.dict_merge(dict, through, callee));
            self.decref(through);
            return result;
        }
        let entries: Vec<(ObjRef, ObjRef)> = match self.payload(source) {
            Payload::Dict(other) => other.iter().collect(),
            _ => {
                let name = self.type_name(source);
                let message = if let Some(callee) = callee {
                    let function = self.function_str(callee);
                    format!("{function} argument after ** must be a mapping, not {name}")
                } else {
                    format!("'{name}' object is not a mapping")
                };
                return Err(self.error(ExcKind::TypeError, message));
            }
        };
        let table = self.prepare_merge(dict, source);
        for (key, value) in entries {
            if let Some(callee) = callee {
                let Some(name) = self.str_of(key).map(str::to_string) else {
                    return Err(self.error(ExcKind::TypeError, "keywords must be strings".into()));
                };
                let present = match self.payload(dict) {
                    Payload::Dict(d) => d.get(&DictKey::Str(name.as_str().into())).is_some(),
                    _ => false,
                };
                if present {
                    let function = self.function_str(callee);
                    return Err(self.error(
                        ExcKind::TypeError,
                        format!("{function} got multiple values for keyword argument '{name}'"),
                    ));
                }
            }
            self.incref(value);
            self.set_item(dict, key, value)?;
        }
        if let Some(table) = table {
            self.dict_tables.insert(dict, table);
        }
        Ok(())
    }

    /// `a, *rest, z = sequence`: `before` items, a list of the middle, `after` items.
    pub(crate) fn unpack_starred(
        &mut self,
        sequence: ObjRef,
        before: usize,
        after: usize,
    ) -> PyResult<Vec<ObjRef>> {
        let mut items = self.collect_items(sequence)?;
        if items.len() < before + after {
            let count = items.len();
            self.decref_all(items);
            return Err(self.error(
                ExcKind::ValueError,
                format!(
                    "not enough values to unpack (expected at least {}, got {count})",
                    before + after
                ),
            ));
        }
        let tail = items.split_off(items.len() - after);
        let middle = items.split_off(before);
        let middle = self.alloc(Payload::list(middle));
        items.push(middle);
        items.extend(tail);
        Ok(items)
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// CPython's message for too many positional arguments.
fn too_many_positional(code: &Code, defaults: usize, given: usize) -> String {
    let positional = code.argcount;
    let takes = if defaults > 0 && defaults < positional {
        format!("from {} to {positional}", positional - defaults)
    } else {
        positional.to_string()
    };
    let word = if takes == "1" {
        "positional argument"
    } else {
        "positional arguments"
    };
    let was = if given == 1 { "was" } else { "were" };
    format!(
        "{}() takes {takes} {word} but {given} {was} given",
        code.qualname
    )
}

/// CPython's message for missing arguments: `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`.
fn missing_message(code: &Code, kind: &str, missing: &[Rc<str>]) -> String {
    let quoted: Vec<String> = missing.iter().map(|m| format!("'{m}'")).collect();
    let names = match quoted.as_slice() {
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
        [] => String::new(),
    };
    format!(
        "{}() missing {}: {names}",
        code.qualname,
        plural(missing.len(), &format!("required {kind} argument"))
    )
}
