//! Making and reading objects: the shared singletons, interned names,
//! payload access, class lookups and the module's globals.

use crate::vm::{INTERNED, SMALL_INT_MAX, SMALL_INT_MIN, Vm};
use ch01_objects::dict::Dict;
use ch01_objects::object::Class;
use ch01_objects::{DictKey, ObjRef, Payload};
use std::rc::Rc;

impl Vm {
    pub(crate) fn new_int(&mut self, n: i64) -> ObjRef {
        if (SMALL_INT_MIN..=SMALL_INT_MAX).contains(&n) {
            return self.singletons.small_ints[(n - SMALL_INT_MIN) as usize];
        }
        self.alloc(Payload::Int(n))
    }

    pub(crate) fn new_str(&mut self, s: &str) -> ObjRef {
        self.alloc(Payload::Str(s.into()))
    }

    /// A new reference to the one interned string of `name` (an attribute,
    /// global or keyword name, an identifier-like constant, `sys.intern`).
    ///
    /// As in CPython 3.11, interned strings are *mortal*: the table's
    /// reference is not counted, so a string nothing else holds is freed
    /// and leaves the table. The table is checked lazily: an entry counts
    /// only while its object is alive, still flagged [`INTERNED`] and still
    /// that text (a freed slot may hold another object by then).
    pub(crate) fn intern(&mut self, name: &str) -> ObjRef {
        if let Some(r) = self.interned_string(name) {
            self.incref(r);
            return r;
        }
        let r = self.new_str(name);
        self.mark_interned(name, r);
        r
    }

    /// Interns the string `text` (taking its reference) and returns a new
    /// reference to the interned string: `text` itself if its contents were
    /// not interned yet. CPython: `PyUnicode_InternInPlace`.
    pub(crate) fn intern_object(&mut self, text: ObjRef) -> ObjRef {
        let name: Rc<str> = match self.payload(text) {
            Payload::Str(s) => s.as_ref().into(),
            _ => return text,
        };
        if let Some(r) = self.interned_string(&name) {
            self.incref(r);
            self.decref(text);
            return r;
        }
        self.mark_interned(&name, text);
        text
    }

    /// An interned string that lives as long as the interpreter, for the
    /// names the interpreter itself holds (built-in names, hidden class
    /// keys). CPython 3.11 makes most of these statically (`_Py_ID`).
    pub(crate) fn intern_static(&mut self, name: &str) -> ObjRef {
        let r = self.intern(name);
        self.mem.make_immortal(r);
        r
    }

    /// The live interned string of `name`, if there is one (a borrowed reference).
    fn interned_string(&self, name: &str) -> Option<ObjRef> {
        let &r = self.interned.get(name)?;
        let object = self.mem.heap().try_get(r)?;
        let still_interned = object.header.flags & INTERNED != 0
            && matches!(&object.payload, Payload::Str(s) if &**s == name);
        still_interned.then_some(r)
    }

    fn mark_interned(&mut self, name: &str, r: ObjRef) {
        self.mem.heap_mut().get_mut(r).header.flags |= INTERNED;
        self.interned.insert(name.into(), r);
    }

    pub(crate) fn new_bool(&mut self, b: bool) -> ObjRef {
        if b {
            self.singletons.true_
        } else {
            self.singletons.false_
        }
    }

    pub(crate) fn none(&self) -> ObjRef {
        self.singletons.none
    }

    pub(crate) fn new_native(&mut self, native: impl ch01_objects::NativeObject) -> ObjRef {
        self.alloc(Payload::native(native))
    }

    pub(crate) fn payload(&self, r: ObjRef) -> &Payload {
        self.mem.heap().payload(r)
    }

    pub(crate) fn payload_mut(&mut self, r: ObjRef) -> &mut Payload {
        // Every change the interpreter makes to a class (its attributes,
        // its bases) comes through here: what class lookups remember is
        // forgotten first.
        if matches!(self.mem.heap().payload(r), Payload::Class(_)) {
            self.forget_class_lookups();
        }
        &mut self.mem.heap_mut().get_mut(r).payload
    }

    /// Forgets every remembered class lookup (see [`Vm::lookup_in_class`]).
    pub(crate) fn forget_class_lookups(&self) {
        let mut lookups = self.class_lookups.borrow_mut();
        if !lookups.is_empty() {
            lookups.clear();
        }
    }

    pub(crate) fn native<T: 'static>(&self, r: ObjRef) -> Option<&T> {
        match self.payload(r) {
            Payload::Native(native) => native.as_any().downcast_ref(),
            _ => None,
        }
    }

    pub(crate) fn native_mut<T: 'static>(&mut self, r: ObjRef) -> Option<&mut T> {
        match self.payload_mut(r) {
            Payload::Native(native) => native.as_any_mut().downcast_mut(),
            _ => None,
        }
    }

    pub(crate) fn str_of(&self, r: ObjRef) -> Option<&str> {
        match self.payload(r) {
            Payload::Str(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn class_of_instance(&self, r: ObjRef) -> Option<ObjRef> {
        match self.payload(r) {
            Payload::Instance(instance) => Some(instance.class),
            _ => None,
        }
    }

    /// Finds `name` in `class` or its bases (depth first, left to right: the
    /// MRO for the single-inheritance hierarchies minipy programs use).
    /// The dict key for the name `name`, sharing its string with every
    /// other key made for that name (CPython interns attribute names, and
    /// its instances of one class share their keys' table).
    pub(crate) fn name_key(&mut self, name: &str) -> DictKey {
        if let Some(shared) = self.key_names.get(name) {
            return DictKey::Str(shared.clone());
        }
        let shared: std::rc::Rc<str> = name.into();
        self.key_names.insert(shared.clone());
        DictKey::Str(shared)
    }

    /// A key for looking `name` up: the shared string if there is one, so
    /// that a lookup allocates nothing.
    pub(crate) fn lookup_key(&self, name: &str) -> DictKey {
        match self.key_names.get(name) {
            Some(shared) => DictKey::Str(shared.clone()),
            None => DictKey::Str(name.into()),
        }
    }

    /// The attribute `name` of `class` or of the first base that has it.
    /// CPython keeps a cache of these lookups, keyed by the type's version
    /// tag; here the answers are remembered until any class changes (see
    /// [`Vm::payload_mut`]), a class is made, or a collection runs. The
    /// key is the name's text by address and length, checked against a
    /// copy: names are a code object's strings, looked up again and again.
    pub(crate) fn lookup_in_class(&self, class: ObjRef, name: &str) -> Option<ObjRef> {
        if !matches!(self.payload(class), Payload::Class(_)) {
            return None;
        }
        let key = (class, name.as_ptr() as usize, name.len());
        if let Some((text, found)) = self.class_lookups.borrow().get(&key)
            && **text == *name
        {
            return *found;
        }
        let found = self.walk_class(class, name);
        self.class_lookups
            .borrow_mut()
            .insert(key, (Box::from(name), found));
        found
    }

    /// [`Vm::lookup_in_class`] without the memory: the classes themselves.
    fn walk_class(&self, class: ObjRef, name: &str) -> Option<ObjRef> {
        let key = self.lookup_key(name);
        // A chain of single bases, the common case, needs no stack.
        let mut current = class;
        loop {
            let Payload::Class(c) = self.payload(current) else {
                return None;
            };
            if let Some(value) = c.attrs.get(&key) {
                return Some(value);
            }
            match c.bases.as_slice() {
                [] => return None,
                [only] => current = *only,
                _ => break,
            }
        }
        // Several bases: depth first, left to right.
        let mut to_visit = vec![current];
        while let Some(next) = to_visit.pop() {
            if let Payload::Class(class) = self.payload(next) {
                if let Some(value) = class.attrs.get(&key) {
                    return Some(value);
                }
                to_visit.extend(class.bases.iter().rev());
            }
        }
        None
    }

    /// True if `class` is `base` or derives from it.
    pub(crate) fn is_subclass(&self, class: ObjRef, base: ObjRef) -> bool {
        let mut to_visit = vec![class];
        while let Some(next) = to_visit.pop() {
            if next == base {
                return true;
            }
            if let Payload::Class(class) = self.payload(next) {
                to_visit.extend(class.bases.iter().copied());
            }
        }
        false
    }

    pub(crate) fn set_global(&mut self, name: &str, value: ObjRef) {
        self.set_global_key(name, &DictKey::Str(name.into()), value);
    }

    /// `set_global` with the name's key already made (a code object keeps
    /// one per name): rebinding an existing global allocates nothing.
    pub(crate) fn set_global_key(&mut self, name: &str, key: &DictKey, value: ObjRef) {
        let replaced = match self.payload_mut(self.globals) {
            Payload::Dict(dict) => dict
                .value_mut(key)
                .map(|slot| std::mem::replace(slot, value)),
            _ => None,
        };
        if let Some(old) = replaced {
            self.mem.maintain_tracking(self.globals, value);
            self.decref(old);
            return;
        }
        let key_object = self.intern(name);
        let old = match self.payload_mut(self.globals) {
            Payload::Dict(dict) => dict.insert(key.clone(), key_object, value),
            _ => None,
        };
        self.mem.maintain_tracking(self.globals, value);
        if let Some(old) = old {
            self.decref(key_object);
            self.decref(old);
        }
    }

    pub(crate) fn global_lookup(&self, key: &DictKey) -> Option<ObjRef> {
        match self.payload(self.globals) {
            Payload::Dict(dict) => dict.get(key),
            _ => None,
        }
        .or_else(|| self.builtins.get(key))
    }

    /// Stores `value` under `key` in the dict `dict`, dropping what it replaces.
    pub(crate) fn dict_set(
        &mut self,
        dict: ObjRef,
        key: DictKey,
        key_object: ObjRef,
        value: ObjRef,
    ) {
        let old = match self.payload_mut(dict) {
            Payload::Dict(d) => d.insert(key, key_object, value),
            _ => None,
        };
        self.mem.maintain_tracking(dict, key_object);
        self.mem.maintain_tracking(dict, value);
        match old {
            Some(old) => {
                self.decref(key_object);
                self.decref(old);
            }
            None => self.note_dict_insert(dict, key_object),
        }
    }

    /// `__file__`, made when first read (and not stored in `__main__`), so
    /// programs that never use it allocate nothing for it and their traces
    /// stay those of the chapters.
    pub(crate) fn file_global(&mut self, name: &str) -> Option<ObjRef> {
        (name == "__file__" && !self.script_name.is_empty())
            .then(|| self.new_str(&self.script_name.clone()))
    }
}

impl Vm {
    pub(crate) fn new_tuple_incref(&mut self, items: Vec<ObjRef>) -> ObjRef {
        items.iter().for_each(|&i| self.mem.incref(i));
        self.alloc(Payload::Tuple(items.into()))
    }

    pub(crate) fn list_items(&self, r: ObjRef) -> Vec<ObjRef> {
        match self.payload(r) {
            Payload::List(items) => items.to_vec(),
            Payload::Tuple(items) => items.to_vec(),
            _ => vec![],
        }
    }
}

impl Vm {
    /// Binds `name` in the builtins namespace (taking `value`'s reference).
    pub(crate) fn bind_builtin(&mut self, name: &str, value: ObjRef) {
        let key_object = self.intern_static(name);
        if let Some(old) = self
            .builtins
            .insert(DictKey::Str(name.into()), key_object, value)
        {
            self.decref(old);
        }
    }

    /// The class object of a built-in type, made on first use.
    pub(crate) fn builtin_type(&mut self, name: &str) -> ObjRef {
        if let Some(&class) = self.types.get(name) {
            return class;
        }
        let bases = match (name, self.types.get("object"), self.types.get("int")) {
            ("object", _, _) => vec![],
            ("bool", _, Some(&int)) => vec![int],
            ("defaultdict" | "Counter" | "OrderedDict", _, _)
                if self.types.contains_key("dict") =>
            {
                vec![self.types["dict"]]
            }
            (_, Some(&object), _) => vec![object],
            _ => vec![],
        };
        let class = self.alloc(Payload::Class(Box::new(Class {
            name: name.into(),
            bases,
            attrs: Dict::new(),
        })));
        self.mem.make_immortal(class);
        let name: &'static str = Box::leak(name.to_string().into_boxed_str());
        self.types.insert(name, class);
        class
    }
}
