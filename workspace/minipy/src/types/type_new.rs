//! `type.__new__`: what CPython 3.11's `type_new` (`Objects/typeobject.c`)
//! decides for a new class, and the containers it makes on the way.
//!
//! It decides three things. The class's *best base* (`best_base`): the
//! base whose instance layout every other base's layout extends, which
//! becomes `__base__`. What `__slots__` asks for (`type_new_slots`): named
//! slots, and whether instances get a `__dict__` and a `__weakref__`. And
//! which descriptors the class's dict gets for them.
//!
//! minipy keeps a class's namespace, bases and slot names inside the class
//! object, where CPython has a dict and tuples of their own, and CPython
//! makes lists and tuples along the way that minipy never needs. Chapter
//! 5's collector counts every one of those, so `gc.get_count()` after a
//! `class` statement is CPython's only if they are counted where CPython
//! makes and frees them, free lists included: the `count_*` steps below.

use crate::types::exceptions::ExcKind;
use crate::types::native::Function;
use crate::vm::{PyResult, Vm};
use ch01_objects::dict::Dict;
use ch01_objects::{DictKey, ObjRef, Payload};
use std::rc::Rc;

/// The built-in exception classes that already have subclasses when a
/// CPython 3.11 program starts (`KeyError` has none; `LookupError` has it).
/// A base without subclasses gets a dict for them (`tp_subclasses`) with
/// its first one, and loses it with its last.
const EXCEPTIONS_WITH_SUBCLASSES: [&str; 18] = [
    "ArithmeticError",
    "BaseException",
    "BaseExceptionGroup",
    "ConnectionError",
    "EnvironmentError",
    "Exception",
    "IOError",
    "ImportError",
    "IndentationError",
    "LookupError",
    "NameError",
    "OSError",
    "RuntimeError",
    "SyntaxError",
    "SystemError",
    "UnicodeError",
    "ValueError",
    "Warning",
];

/// What a class's `__slots__` (or its absence) asks for.
#[derive(Debug, Default)]
pub(crate) struct SlotPlan {
    /// The named slots, sorted, as CPython keeps them (`ht_slots`): the
    /// class's member descriptors, the order its instances release them.
    pub names: Vec<String>,
    /// Instances get a `__dict__`, and the class a descriptor for it.
    pub add_dict: bool,
    /// Instances get a `__weakref__`, and the class a descriptor for it.
    pub add_weak: bool,
    /// The class declares `__slots__`.
    declared: bool,
    /// The length of the tuple CPython made of a `__slots__` that was not
    /// one already (a string, a list).
    made_tuple: Option<usize>,
}

impl Vm {
    /// CPython's `solid_base`: the nearest class in `class`'s chain of
    /// best bases whose instances have fields their base's lack. A class
    /// statement's class adds fields only with named `__slots__`; a
    /// built-in type is its own (every exception shares `BaseException`'s).
    fn solid_base(&self, class: ObjRef) -> ObjRef {
        let object = self.types["object"];
        let mut class = class;
        loop {
            if class == object {
                return object;
            }
            if self.exceptions.contains(&class) {
                return self.exceptions[ExcKind::BaseException as usize];
            }
            if self.constructors.contains_key(&class) || !self.own_slot_names(class).is_empty() {
                return class;
            }
            match self.base_of(class) {
                Some(base) => class = base,
                None => return object,
            }
        }
    }

    /// `class.__base__` (CPython: `tp_base`), `None` for `object`.
    pub(crate) fn base_of(&self, class: ObjRef) -> Option<ObjRef> {
        let Payload::Class(c) = self.payload(class) else {
            return None;
        };
        c.attrs
            .get(&DictKey::Str(crate::protocols::type_slots::BASE_KEY.into()))
            .or_else(|| c.bases.first().copied())
    }

    /// CPython's `best_base`: the base whose solid base derives from every
    /// other base's (the first such), or `None` if two bases' layouts
    /// conflict ("multiple bases have instance lay-out conflict").
    pub(crate) fn best_base(&self, bases: &[ObjRef]) -> Option<ObjRef> {
        let mut best: Option<(ObjRef, ObjRef)> = None;
        for &base in bases {
            let candidate = self.solid_base(base);
            best = match best {
                None => Some((base, candidate)),
                Some((_, winner)) if self.is_subclass(winner, candidate) => best,
                Some((_, winner)) if self.is_subclass(candidate, winner) => Some((base, candidate)),
                Some(_) => return None,
            };
        }
        Some(best.map_or(self.types["object"], |(base, _)| base))
    }

    /// The names `class` itself declares in `__slots__`, other than
    /// `__dict__` and `__weakref__`.
    fn own_slot_names(&self, class: ObjRef) -> Vec<String> {
        let Payload::Class(c) = self.payload(class) else {
            return vec![];
        };
        let Some(slots) = c.attrs.get(&DictKey::Str("__slots__".into())) else {
            return vec![];
        };
        self.slot_items(slots)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|item| self.str_of(item).map(str::to_string))
            .filter(|name| name != "__dict__" && name != "__weakref__")
            .collect()
    }

    /// The items of a `__slots__` value minipy can read without running
    /// code: a string is one name; a tuple, list or dict (its keys) many.
    fn slot_items(&self, slots: ObjRef) -> Option<Vec<ObjRef>> {
        match self.payload(slots) {
            Payload::Str(_) => Some(vec![slots]),
            Payload::Tuple(items) => Some(items.to_vec()),
            Payload::List(items) => Some(items.to_vec()),
            Payload::Dict(dict) => Some(dict.iter().map(|(key, _)| key).collect()),
            _ => None,
        }
    }

    /// What `type_new_slots` decides for a class with `bases` (not empty)
    /// whose namespace dict is `namespace`, refusing what CPython 3.11
    /// refuses, in its words.
    pub(crate) fn plan_slots(
        &mut self,
        class_name: &str,
        bases: &[ObjRef],
        namespace: ObjRef,
    ) -> PyResult<SlotPlan> {
        let Some(base) = self.best_base(bases) else {
            return Err(self.error(
                ExcKind::TypeError,
                "multiple bases have instance lay-out conflict".into(),
            ));
        };
        let may_add_dict = !self.instances_have(base, "__dict__");
        let may_add_weak = !self.instances_have(base, "__weakref__");
        let slots = match self.payload(namespace) {
            Payload::Dict(dict) => dict.get(&DictKey::Str("__slots__".into())),
            _ => None,
        };
        let Some(slots) = slots else {
            return Ok(SlotPlan {
                add_dict: may_add_dict,
                add_weak: may_add_weak,
                ..SlotPlan::default()
            });
        };
        let (items, made_tuple) = match self.slot_items(slots) {
            Some(items) => {
                let made =
                    (!matches!(self.payload(slots), Payload::Tuple(_))).then_some(items.len());
                (items, made)
            }
            None => {
                let items = self.collect_items(slots)?;
                self.decref_all(items.clone());
                let made = Some(items.len());
                (items, made)
            }
        };
        let mut plan = SlotPlan {
            declared: true,
            made_tuple,
            ..SlotPlan::default()
        };
        for item in items {
            let Some(name) = self.str_of(item).map(str::to_string) else {
                let type_name = self.type_name(item);
                return Err(self.error(
                    ExcKind::TypeError,
                    format!("__slots__ items must be strings, not '{type_name}'"),
                ));
            };
            if !is_identifier(&name) {
                return Err(self.error(ExcKind::TypeError, "__slots__ must be identifiers".into()));
            }
            if name == "__dict__" {
                if !may_add_dict || plan.add_dict {
                    return Err(self.error(
                        ExcKind::TypeError,
                        "__dict__ slot disallowed: we already got one".into(),
                    ));
                }
                plan.add_dict = true;
            } else if name == "__weakref__" {
                if !may_add_weak || plan.add_weak {
                    return Err(self.error(
                        ExcKind::TypeError,
                        "__weakref__ slot disallowed: either we already got one, or __itemsize__ != 0"
                            .into(),
                    ));
                }
                plan.add_weak = true;
            } else {
                plan.names.push(name);
            }
        }
        let class_variable = plan
            .names
            .iter()
            .find(|name| match self.payload(namespace) {
                Payload::Dict(dict) => dict.get(&DictKey::Str(name.as_str().into())).is_some(),
                _ => false,
            });
        if let Some(name) = class_variable {
            let message = format!("'{name}' in __slots__ conflicts with class variable");
            return Err(self.error(ExcKind::ValueError, message));
        }
        // A private slot name is stored as a private attribute name is:
        // `__x` of class `A` is the member `_A__x` (`type_new_copy_slots`).
        for name in &mut plan.names {
            if let Some(mangled) = minipy_compiler::mangle::mangle(Some(class_name), name) {
                *name = mangled;
            }
        }
        plan.names.sort();
        // A secondary base may give the instances a dict or weak
        // references that the best base does not.
        for &other in bases.iter().filter(|&&b| b != base) {
            plan.add_dict |= may_add_dict && self.instances_have(other, "__dict__");
            plan.add_weak |= may_add_weak && self.instances_have(other, "__weakref__");
        }
        Ok(plan)
    }

    /// What a class made without a `__slots__` check gets (a module's own
    /// exception class): a dict and weak references unless its best base
    /// gives them.
    pub(crate) fn plan_without_slots(&self, bases: &[ObjRef]) -> SlotPlan {
        let base = self.best_base(bases).unwrap_or(self.types["object"]);
        SlotPlan {
            add_dict: !self.instances_have(base, "__dict__"),
            add_weak: !self.instances_have(base, "__weakref__"),
            ..SlotPlan::default()
        }
    }

    /// True if CPython's `base` has a dict of subclasses (`tp_subclasses`)
    /// already: it has a subclass alive, or is a built-in type that has
    /// one from start-up.
    fn has_subclass_dict(&self, base: ObjRef) -> bool {
        if !self.live_subclasses(base).is_empty() {
            return true;
        }
        if self.exceptions.contains(&base) {
            let name = self.class_name(base);
            return EXCEPTIONS_WITH_SUBCLASSES.contains(&name.as_str());
        }
        self.constructors.contains_key(&base) || base == self.types["object"]
    }
}

/// CPython's `str.isidentifier` for the names `__slots__` may hold.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// A tuple of `length` items, to say which free list a count uses.
fn tuple_kind(vm: &Vm, length: usize) -> Payload {
    Payload::tuple(vec![vm.singletons.none; length])
}

/// The containers CPython 3.11 makes and frees while it makes a class,
/// which minipy does not have: each step counts them for chapter 5's
/// collector, free lists included, in CPython's order.
impl Vm {
    /// A container CPython makes here that minipy has no object for:
    /// counted as made (from a free list if CPython would take it from
    /// one); if that crosses the collector's threshold, the collection
    /// runs now, inside the allocation, as in CPython.
    pub(crate) fn count_made(&mut self, kind: &Payload) {
        if self.mem.note_hidden_part(kind) {
            self.collect_automatically();
        }
    }

    /// `__build_class__` made the tuple of the class's bases before running
    /// its body (the class keeps it as `__bases__`).
    pub(crate) fn count_bases_tuple(&mut self, bases: usize) {
        if bases > 0 {
            let kind = tuple_kind(self, bases);
            self.count_made(&kind);
        }
    }

    /// The class statement failed: its bases tuple is freed.
    pub(crate) fn uncount_bases_tuple(&mut self, bases: usize) {
        if bases > 0 {
            let kind = tuple_kind(self, bases);
            self.mem.release_hidden_part(&kind);
        }
    }

    /// `type.__new__` begins: the argument tuple of the call
    /// (`_PyObject_MakeTpCall`), held until the class is made; with no
    /// bases, the `(object,)` tuple; then what `type_new_slots` makes.
    pub(crate) fn count_type_new_start(&mut self, bases: usize, plan: &SlotPlan) {
        let arguments = tuple_kind(self, 3);
        self.count_made(&arguments);
        if bases == 0 {
            let kind = tuple_kind(self, 1);
            self.count_made(&kind);
        }
        if plan.declared {
            if let Some(length) = plan.made_tuple {
                let kind = tuple_kind(self, length);
                self.count_made(&kind);
            }
            // The names are copied to a list to be sorted, then to a tuple
            // the class keeps (`ht_slots`; none when it would be empty).
            let list = Payload::List(Default::default());
            self.count_made(&list);
            if !plan.names.is_empty() {
                let kind = tuple_kind(self, plan.names.len());
                self.count_made(&kind);
            }
            self.mem.release_hidden_part(&list);
            if let Some(length) = plan.made_tuple {
                let kind = tuple_kind(self, length);
                self.mem.release_hidden_part(&kind);
            }
        }
        // The class's allocation counts its bases tuple with it (see
        // `ch01_objects::free_lists`): give back the one already counted,
        // so that the allocation takes it from the free list.
        let kind = tuple_kind(self, bases.max(1));
        self.mem.release_hidden_part(&kind);
    }

    /// The bases that are about to get a dict of subclasses: those that
    /// have none yet (found before the class joins them).
    pub(crate) fn bases_without_subclass_dict(&self, bases: &[ObjRef]) -> Vec<ObjRef> {
        let mut found: Vec<ObjRef> = vec![];
        for &base in bases {
            if !found.contains(&base) && !self.has_subclass_dict(base) {
                found.push(base);
            }
        }
        found
    }

    /// `type.__new__` ends: the subclass dicts its bases got, the copy of
    /// the class's dict `type_new_set_names` walks, and the argument tuple
    /// going back to its free list.
    pub(crate) fn count_type_new_end(&mut self, new_subclass_dicts: usize) {
        for _ in 0..new_subclass_dicts {
            self.count_made(&Payload::Dict(Box::default()));
        }
        self.mem.note_transient(&Payload::Dict(Box::default()));
        let arguments = tuple_kind(self, 3);
        self.mem.release_hidden_part(&arguments);
    }

    /// `mro_implementation` with more than one base merges into a list,
    /// then makes it a tuple: the list is made before the tuple, freed after.
    pub(crate) fn count_mro_list(&mut self, bases: usize, made: bool) {
        if bases > 1 {
            let list = Payload::List(Default::default());
            if made {
                self.count_made(&list);
            } else {
                self.mem.release_hidden_part(&list);
            }
        }
    }
}

impl Vm {
    /// What `type_new` does once the class exists (CPython 3.11's
    /// `type_new_set_names` and `type_new_init_subclass`): each attribute
    /// whose class has `__set_name__` learns its owner and name, then the
    /// nearest base's `__init_subclass__` runs with the class statement's
    /// keywords (taken).
    pub(crate) fn class_created(
        &mut self,
        class: ObjRef,
        keywords: Vec<(Rc<str>, ObjRef)>,
    ) -> PyResult<()> {
        let entries: Vec<(ObjRef, ObjRef)> = match self.payload(class) {
            Payload::Class(c) => c.attrs.iter().collect(),
            _ => vec![],
        };
        for (key, value) in entries {
            self.name_property(value, key);
            let Payload::Instance(instance) = self.payload(value) else {
                continue;
            };
            let value_class = instance.class;
            let Some(set_name) = self.lookup_in_class(value_class, "__set_name__") else {
                continue;
            };
            for r in [set_name, value, class, key] {
                self.incref(r);
            }
            match self.call(set_name, vec![value, class, key], None) {
                Ok(result) => self.decref(result),
                Err(err) => {
                    self.decref_kwargs(Some(keywords));
                    let message = format!(
                        "Error calling __set_name__ on '{}' instance '{}' in '{}'",
                        self.class_name(value_class),
                        self.str_of(key).unwrap_or_default(),
                        self.class_name(class),
                    );
                    let wrapped = self.error(ExcKind::RuntimeError, message);
                    self.set_cause(&wrapped, err.0)?;
                    return Err(wrapped);
                }
            }
            self.decref(set_name);
        }
        let parent =
            self.mro(class)
                .into_iter()
                .skip(1)
                .find_map(|ancestor| match self.payload(ancestor) {
                    Payload::Class(c) => c.attrs.get(&DictKey::Str("__init_subclass__".into())),
                    _ => None,
                });
        let hook = parent.and_then(|attr| {
            let descriptor = self.native::<crate::types::descriptors::Descriptor>(attr)?;
            (descriptor.kind == crate::types::descriptors::DescriptorKind::ClassMethod)
                .then_some(descriptor.function)
                .flatten()
        });
        let Some(function) = hook else {
            if keywords.is_empty() {
                return Ok(());
            }
            self.decref_kwargs(Some(keywords));
            let name = self.class_name(class);
            return Err(self.error(
                ExcKind::TypeError,
                format!("{name}.__init_subclass__() takes no keyword arguments"),
            ));
        };
        self.incref(function);
        self.incref(class);
        let kwargs = (!keywords.is_empty()).then_some(keywords);
        let result = self.call(function, vec![class], kwargs);
        self.decref(function);
        result.map(|value| self.decref(value))
    }

    /// Refuses the built-in bases minipy cannot extend (and drops them).
    pub(crate) fn check_bases(&mut self, bases: &[ObjRef]) -> PyResult<()> {
        let object = self.types["object"];
        // `weakref.ref` can be a base: its subclasses' instances hold a
        // weak reference (see `Vm::attach_ref`).
        let reference_type = self.types.get("ReferenceType").copied();
        // So can `list` and `dict`: theirs hold a list or dict (see
        // `types::builtin_subclass`).
        let (list, dict) = (self.types["list"], self.types["dict"]);
        if let Some(&base) = bases.iter().find(|&&b| {
            b != object
                && Some(b) != reference_type
                && b != list
                && b != dict
                && self.constructors.contains_key(&b)
        }) {
            // Built-in values live in chapter 1's payloads, which a class cannot extend.
            let name = self.class_name(base);
            self.decref_all(bases.to_vec());
            return Err(self.error(
                ExcKind::TypeError,
                format!("minipy does not support subclassing the built-in type '{name}'"),
            ));
        }
        Ok(())
    }

    /// What `type_new` does with a class's name, bases (references the
    /// class takes) and attributes: the class, with the references CPython's
    /// type object holds (see [`Vm::install_type_slots`]), laid out as
    /// `plan` says.
    pub(crate) fn make_class(
        &mut self,
        name: &str,
        bases: Vec<ObjRef>,
        attrs: Dict,
        plan: &SlotPlan,
    ) -> ObjRef {
        self.count_type_new_start(bases.len(), plan);
        let bases = if bases.is_empty() {
            let object = self.types["object"];
            self.incref(object);
            vec![object]
        } else {
            bases
        };
        let mut attrs = attrs;
        // `__init_subclass__` and `__class_getitem__` are class methods
        // even when written as plain functions (`type_new_set_classmethod`).
        for special in ["__init_subclass__", "__class_getitem__"] {
            let key = DictKey::Str(special.into());
            if let Some(function) = attrs.get(&key)
                && self.native::<Function>(function).is_some()
            {
                let method = self.new_native(crate::types::descriptors::Descriptor {
                    kind: crate::types::descriptors::DescriptorKind::ClassMethod,
                    function: Some(function),
                    setter: None,
                    deleter: None,
                    doc: None,
                    name: None,
                    wraps_function: true,
                });
                if let Some((key_object, _function)) = attrs.remove(&key) {
                    // The function's reference moves into the class method.
                    attrs.insert(key, key_object, method);
                }
            }
        }
        let new_subclass_dicts = self.bases_without_subclass_dict(&bases).len();
        let class = self.alloc(Payload::Class(Box::new(ch01_objects::object::Class {
            name: name.into(),
            bases,
            attrs,
        })));
        self.install_type_slots_as(class, plan);
        // Every class has its own `__doc__`: None without a docstring,
        // after the descriptors, as `type_new` adds it.
        if let Payload::Class(c) = self.payload(class)
            && c.attrs.get(&DictKey::Str("__doc__".into())).is_none()
        {
            let none = self.singletons.none;
            self.set_hidden_attr(class, "__doc__", none);
        }
        // A class that defines `__eq__` and not `__hash__` gets
        // `__hash__ = None`, last, as `type_ready_set_hash` adds it: its
        // instances are unhashable, and so are its subclasses' unless they
        // define a `__hash__`.
        if let Payload::Class(c) = self.payload(class)
            && c.attrs.get(&DictKey::Str("__eq__".into())).is_some()
            && c.attrs.get(&DictKey::Str("__hash__".into())).is_none()
        {
            let none = self.singletons.none;
            self.set_hidden_attr(class, "__hash__", none);
        }
        self.note_attribute_hooks(class);
        self.count_type_new_end(new_subclass_dicts);
        class
    }

    /// `type(name, bases, namespace)`: a class made as a `class` statement
    /// makes it, from a tuple of bases and a dict of attributes (both borrowed).
    pub(crate) fn new_type(&mut self, args: &[ObjRef]) -> PyResult<ObjRef> {
        let [name, bases, namespace] = args else {
            return Err(self.error(ExcKind::TypeError, "type() takes 1 or 3 arguments".into()));
        };
        let must_be = |vm: &mut Vm, position: usize, what: &str, got: ObjRef| {
            let got = vm.type_name(got);
            vm.error(
                ExcKind::TypeError,
                format!("type.__new__() argument {position} must be {what}, not {got}"),
            )
        };
        let Some(name) = self.str_of(*name).map(str::to_string) else {
            return Err(must_be(self, 1, "str", *name));
        };
        let bases = match self.payload(*bases) {
            Payload::Tuple(items) => items.to_vec(),
            _ => return Err(must_be(self, 2, "tuple", *bases)),
        };
        let entries = match self.payload(*namespace) {
            Payload::Dict(dict) => dict.iter().collect::<Vec<_>>(),
            _ => return Err(must_be(self, 3, "dict", *namespace)),
        };
        bases.iter().for_each(|&base| self.incref(base));
        self.check_bases(&bases)?;
        let checked = self.plan_slots(&name, &bases, *namespace).and_then(|plan| {
            match self.bases_error(&bases) {
                Some(message) => Err(self.error(ExcKind::TypeError, message)),
                None => Ok(plan),
            }
        });
        let plan = match checked {
            Ok(plan) => plan,
            Err(err) => {
                self.decref_all(bases);
                return Err(err);
            }
        };
        let mut attrs = Dict::new();
        for (key, value) in entries {
            let Some(text) = self.str_of(key).map(std::rc::Rc::<str>::from) else {
                continue;
            };
            self.incref(key);
            self.incref(value);
            attrs.insert(DictKey::Str(text), key, value);
        }
        let class = self.make_class(&name, bases, attrs, &plan);
        if let Err(err) = self.class_created(class, vec![]) {
            self.decref(class);
            return Err(err);
        }
        Ok(class)
    }
}
