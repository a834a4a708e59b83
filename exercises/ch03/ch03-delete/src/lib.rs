//! # Exercise ch03-delete: `del name`, and rebinding
//!
//! A name in a module is a counted reference to an object. Binding it takes a
//! reference, rebinding it drops the old one, and `del` drops it without a
//! replacement. None of them frees anything by itself: the decref does, and
//! only when the reference it drops was the last.
//!
//! CPython 3.11 does this in `STORE_NAME` (`PyDict_SetItem` increfs the new
//! value, then releases the one it replaces) and `DELETE_NAME`
//! (`PyObject_DelItem` on the globals dict: one decref).

use ch01_objects::{Namespace, ObjRef};
use ch03_names::{Counter, DelError};

/// A module's globals: each bound name owns one reference to its object.
#[derive(Debug, Default)]
pub struct Globals {
    names: Namespace,
}

impl Globals {
    /// No names bound.
    pub fn new() -> Globals {
        Globals::default()
    }

    /// The object `name` is bound to.
    pub fn lookup(&self, name: &str) -> Option<ObjRef> {
        self.names.lookup(name)
    }

    /// `name = object`; the caller keeps its own reference to `object`.
    pub fn bind(&mut self, counter: &mut dyn Counter, name: &str, object: ObjRef) {
        // TODO: `name = object`: the name holds a counted reference of its own,
        // TODO: and whatever it held before loses that one, only once the new
        // TODO: binding is in place.
        let _ = (counter, name, object);
        todo!()
    }

    /// `del name`: unbinds `name` and drops the reference it held.
    pub fn delete(&mut self, counter: &mut dyn Counter, name: &str) -> Result<(), DelError> {
        // TODO: `del name`: the name's reference goes, and nothing else; a
        // TODO: NameError, changing nothing, if the name is not bound.
        let _ = (counter, name);
        todo!()
    }
}
