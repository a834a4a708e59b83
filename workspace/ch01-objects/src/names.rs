//! Names: the bindings from identifiers to objects.
//!
//! `a = [1, 2, 3]` does two separate things: it creates a list object on the
//! heap, and it binds the name `a` in the current namespace to that object.
//! `b = a` creates nothing; it binds a second name to the same object. A
//! namespace holds references, never objects.
//!
//! CPython keeps a module's names in a dict (`module.__dict__`, what
//! `globals()` returns) and a function's in a fixed array of "fast locals".
//! This crate's [`Namespace`] is the simplest faithful model: an ordered
//! table from names to references.

use crate::object::ObjRef;

// ANCHOR: namespace
/// An ordered set of bindings from names to objects.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    bindings: Vec<(Box<str>, ObjRef)>,
}

impl Namespace {
    /// An empty namespace.
    pub fn new() -> Namespace {
        Namespace::default()
    }

    /// Binds `name` to `object`. Returns the object the name was bound to
    /// before, if any: that reference now belongs to the caller.
    pub fn bind(&mut self, name: &str, object: ObjRef) -> Option<ObjRef> {
        match self.bindings.iter_mut().find(|(bound, _)| &**bound == name) {
            Some((_, slot)) => Some(std::mem::replace(slot, object)),
            None => {
                self.bindings.push((name.into(), object));
                None
            }
        }
    }

    /// Removes the binding for `name` and returns the reference it held.
    /// This is all `del name` does to the namespace.
    pub fn unbind(&mut self, name: &str) -> Option<ObjRef> {
        let position = self
            .bindings
            .iter()
            .position(|(bound, _)| &**bound == name)?;
        Some(self.bindings.remove(position).1)
    }
    // ANCHOR_END: namespace

    /// The object `name` is bound to.
    pub fn lookup(&self, name: &str) -> Option<ObjRef> {
        self.bindings
            .iter()
            .find(|(bound, _)| &**bound == name)
            .map(|&(_, object)| object)
    }

    /// The bindings, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = (&str, ObjRef)> + '_ {
        self.bindings
            .iter()
            .map(|(name, object)| (&**name, *object))
    }

    /// How many names are bound.
    pub fn len(&self) -> usize {
        self.bindings.len()
    }

    /// True if no name is bound.
    pub fn is_empty(&self) -> bool {
        self.bindings.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Heap, Payload};

    #[test]
    fn two_names_one_object() {
        let mut heap = Heap::new();
        let mut names = Namespace::new();
        let list = heap.alloc(Payload::list(vec![]));
        names.bind("a", list);
        names.bind("b", list);
        assert_eq!(names.lookup("a"), names.lookup("b"));
        assert_eq!(
            heap.stats().live_objects,
            1,
            "binding a second name made no object"
        );
    }

    #[test]
    fn rebinding_hands_back_the_old_reference() {
        let mut names = Namespace::new();
        let (old, new) = (ObjRef::from_index(1), ObjRef::from_index(2));
        assert_eq!(names.bind("x", old), None);
        assert_eq!(names.bind("x", new), Some(old));
        assert_eq!(names.unbind("x"), Some(new));
        assert_eq!(names.unbind("x"), None);
        assert!(names.is_empty());
    }
}
