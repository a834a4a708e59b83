//! Which objects need their `__del__` run before they are freed.
//!
//! An instance needs finalizing when its class (or a base class) defines
//! `__del__` and it has not been finalized before; a native object when it
//! says so (a paused generator). CPython 3.4+ (PEP 442): `tp_finalize`,
//! guarded by the `_PyGC_FINALIZED` bit so it runs once.

use ch01_objects::{DictKey, Heap, ObjRef, Payload};

use crate::flags;

/// The name of the finalizer method.
pub const FINALIZER_NAME: &str = "__del__";

// ANCHOR: needs_finalizer
/// True if `r` must be handed to the interpreter for `__del__` before being freed.
pub fn needs_finalizer(heap: &Heap, r: ObjRef) -> bool {
    let object = heap.get(r);
    match &object.payload {
        Payload::Instance(instance) => {
            !flags::is_finalized(&object.header)
                && class_defines(heap, instance.class, FINALIZER_NAME)
        }
        Payload::Native(native) => !flags::is_finalized(&object.header) && native.has_finalizer(),
        _ => false,
    }
}
// ANCHOR_END: needs_finalizer

/// True if `class` or one of its bases (depth first, left to right) defines `name`.
pub fn class_defines(heap: &Heap, class: ObjRef, name: &str) -> bool {
    let key = DictKey::Str(name.into());
    let mut to_visit = vec![class];
    while let Some(next) = to_visit.pop() {
        if let Some(Payload::Class(class)) = heap.try_get(next).map(|o| &o.payload) {
            if class.attrs.get(&key).is_some() {
                return true;
            }
            to_visit.extend(class.bases.iter().rev());
        }
    }
    false
}
