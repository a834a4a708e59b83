//! [`Scope`]: names whose bindings are counted references.
//!
//! Chapter 1's `Namespace` only records which object a name is bound to.
//! A `Scope` also keeps the counts right, in CPython 3.11's order:
//!
//! | statement        | what happens to counts                                   | CPython 3.11         |
//! |------------------|----------------------------------------------------------|----------------------|
//! | `b = a`          | incref the object, bind                                  | `LOAD_*` + `STORE_*` |
//! | `a = new` (rebind) | bind the new object *first*, then decref the old one   | `SETLOCAL`, `insertdict` |
//! | `del a`          | unbind, decref once; nothing else                        | `DELETE_FAST`, `DELETE_NAME` |
//! | `return`         | decref every local, in slot order                        | `_PyFrame_Clear`     |
//!
//! Two kinds of scope, because CPython stores them differently:
//! - a **module**'s names live in a dict (`globals()`): `del` removes the
//!   entry, and binding the name again adds it at the end;
//! - a **function**'s locals are a fixed array of slots, numbered by the
//!   compiler (parameters first, then the other locals in order of first
//!   appearance; `f.__code__.co_varnames`). `del` empties a slot; returning
//!   releases the slots in index order.
//!
//! Invariant: each bound slot holds one counted reference to its object.

use ch01_objects::ObjRef;

#[cfg(feature = "reference")]
use crate::counter::Counter;
use crate::error::DelError;

/// Where a scope's names live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    /// A module's globals: a dict, in insertion order.
    Module,
    /// A function call's locals: fixed slots. CPython: `localsplus`.
    Function,
}

// ANCHOR: scope
/// The names of one module or one function call, each a counted reference.
#[derive(Debug, Clone)]
pub struct Scope {
    /// `<module>`, or the function's name.
    name: Box<str>,
    kind: ScopeKind,
    /// The names in slot order; `None` is a local that is not bound (yet, or any more).
    pub(crate) slots: Vec<(Box<str>, Option<ObjRef>)>,
}
// ANCHOR_END: scope

impl Scope {
    /// The main module's globals, empty (named `<module>`, as tracebacks say).
    pub fn module() -> Scope {
        Scope::named_module("<module>")
    }

    /// Another module's globals, empty: `builtins`, where the REPL keeps `_`.
    pub fn named_module(name: &str) -> Scope {
        Scope {
            name: name.into(),
            kind: ScopeKind::Module,
            slots: Vec::new(),
        }
    }

    /// The locals of a call to `function`, all unbound. `locals` lists them
    /// in slot order (CPython: `co_varnames`); a name bound later that is not
    /// listed gets the next slot.
    pub fn function(function: &str, locals: &[&str]) -> Scope {
        Scope {
            name: function.into(),
            kind: ScopeKind::Function,
            slots: locals.iter().map(|&name| (name.into(), None)).collect(),
        }
    }

    /// `<module>` or the function's name, as tracebacks print it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether this is a module's or a function's scope.
    pub fn kind(&self) -> ScopeKind {
        self.kind
    }

    /// The object `name` is bound to.
    pub fn lookup(&self, name: &str) -> Option<ObjRef> {
        self.position(name).and_then(|i| self.slots[i].1)
    }

    /// The bound names and their objects, in slot order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, ObjRef)> + '_ {
        self.slots
            .iter()
            .filter_map(|(name, object)| object.map(|object| (&**name, object)))
    }

    /// Puts `object` in `name`'s slot and hands back the reference the slot
    /// held before, if any: no count changes. The caller's reference moves
    /// into the scope, the old one out to the caller, who must release it.
    /// This is chapter 1's uncounted `Namespace::bind`; the counted rules
    /// below are what the chapter (and its exercises) are about.
    pub fn insert(&mut self, name: &str, object: ObjRef) -> Option<ObjRef> {
        self.slot_mut(name).replace(object)
    }

    /// Removes the binding of `name` and hands its reference to the caller:
    /// no count changes. `del` is this and one decref.
    pub fn unbind(&mut self, name: &str) -> Result<ObjRef, DelError> {
        let position = self.position(name);
        match (self.kind, position) {
            (ScopeKind::Module, Some(i)) => {
                let (_, object) = self.slots.remove(i);
                Ok(object.expect("module names are always bound"))
            }
            (ScopeKind::Function, Some(i)) if self.slots[i].1.is_some() => {
                Ok(self.slots[i].1.take().expect("checked just above"))
            }
            (ScopeKind::Module, None) => Err(DelError::NameError(name.into())),
            (ScopeKind::Function, _) => Err(DelError::UnboundLocalError(name.into())),
        }
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.slots.iter().position(|(bound, _)| &**bound == name)
    }

    /// The slot for `name`, added at the end if the scope has none yet.
    fn slot_mut(&mut self, name: &str) -> &mut Option<ObjRef> {
        let i = match self.position(name) {
            Some(i) => i,
            None => {
                self.slots.push((name.into(), None));
                self.slots.len() - 1
            }
        };
        &mut self.slots[i].1
    }
}

/// The counted rules: what binding, `del` and returning do to counts.
/// They are the reference solution of exercises ch03-delete and ch03-leave,
/// whose crates build this one without the `reference` feature.
#[cfg(feature = "reference")]
impl Scope {
    // ANCHOR: bind
    /// `name = object` where the caller keeps its own reference (`b = a`):
    /// the scope takes a new one.
    pub fn bind(&mut self, counter: &mut dyn Counter, name: &str, object: ObjRef) {
        counter.incref(object);
        self.bind_owned(counter, name, object);
    }

    /// `name = object` where the caller's reference moves into the scope
    /// (`a = [1, 2, 3]`: the new list's one reference becomes `a`'s).
    ///
    /// The new binding is in place before the old object is released, so a
    /// `__del__` triggered by the release already sees the new value.
    pub fn bind_owned(&mut self, counter: &mut dyn Counter, name: &str, object: ObjRef) {
        let slot = self.slot_mut(name);
        let old = slot.replace(object);
        if let Some(old) = old {
            counter.decref(old);
        }
    }
    // ANCHOR_END: bind

    // ANCHOR: delete
    /// `del name`: removes the binding and drops the one reference it held.
    /// Nothing else: the object is freed only if that was its last reference.
    pub fn delete(&mut self, counter: &mut dyn Counter, name: &str) -> Result<(), DelError> {
        let object = self.unbind(name)?;
        counter.decref(object);
        Ok(())
    }
    // ANCHOR_END: delete

    // ANCHOR: leave
    /// The function returns: every local still bound is released, in slot
    /// order (parameters first). The return value is not a local: the caller
    /// already holds its own reference to it. CPython: `_PyFrame_Clear`.
    pub fn leave(self, counter: &mut dyn Counter) {
        for (_, object) in self.slots {
            if let Some(object) = object {
                counter.decref(object);
            }
        }
    }
    // ANCHOR_END: leave
}

#[cfg(all(test, feature = "reference"))]
mod tests {
    use super::*;
    use ch01_objects::Payload;
    use ch02_refcount::RefCountHeap;

    #[test]
    fn deleting_a_module_name_forgets_its_place() {
        let mut heap = RefCountHeap::new();
        let mut globals = Scope::module();
        for name in ["a", "b"] {
            let object = heap.alloc(Payload::list(vec![]));
            globals.bind_owned(&mut heap, name, object);
        }
        globals.delete(&mut heap, "a").expect("a is bound");
        let object = heap.alloc(Payload::list(vec![]));
        globals.bind_owned(&mut heap, "a", object);
        let names: Vec<&str> = globals.iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["b", "a"], "a dict re-inserts at the end");
    }

    #[test]
    fn deleting_a_local_keeps_its_slot() {
        let mut heap = RefCountHeap::new();
        let mut locals = Scope::function("f", &["a", "b"]);
        for name in ["b", "a"] {
            let object = heap.alloc(Payload::list(vec![]));
            locals.bind_owned(&mut heap, name, object);
        }
        let names: Vec<&str> = locals.iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["a", "b"], "slot order, not binding order");
        locals.delete(&mut heap, "a").expect("a is bound");
        assert_eq!(
            locals.delete(&mut heap, "a"),
            Err(DelError::UnboundLocalError("a".into()))
        );
    }
}
