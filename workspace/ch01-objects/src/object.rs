//! What an object is at run time: a [`Header`] followed by a [`Payload`].
//!
//! CPython's `PyObject` starts with two fields, `ob_refcnt` and `ob_type`;
//! every object kind extends it with its own payload. Here the header keeps
//! the reference count and a word of flag bits for later chapters (the
//! collector's marks, "already finalized"), and the payload is a Rust enum
//! whose variant *is* the object's type.
//!
//! Invariant: an object refers to other objects only through [`ObjRef`]s that
//! [`Payload::visit_refs`] reports. Reference counting (chapter 2) and the
//! cycle collector (chapter 4) both depend on that list being complete.

use std::any::Any;
use std::cell::Cell;
use std::fmt;

use crate::attrs::Attrs;
use crate::dict::Dict;
use crate::thin::{ThinSlice, ThinStr};
use thin_vec::ThinVec;

// ANCHOR: objref
/// A reference to an object on the [`Heap`](crate::Heap): the index of its slot.
///
/// Copying an `ObjRef` copies the reference, never the object, exactly as
/// assigning one Python name to another does. Whether the copy is *counted*
/// is up to the code that makes it (chapter 2).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjRef(u32);
// ANCHOR_END: objref

impl ObjRef {
    /// No object: marks an empty place in a table of references.
    pub(crate) const VACANT: ObjRef = ObjRef(u32::MAX);

    /// The reference to slot `index`.
    ///
    /// # Panics
    /// If `index` does not fit in 32 bits (four billion objects).
    pub fn from_index(index: usize) -> ObjRef {
        ObjRef(u32::try_from(index).expect("more than 2^32 heap slots"))
    }

    /// The slot this reference points at.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// Moves the reference this field holds into `out` and leaves the field
    /// vacant: for a native object's [`NativeObject::take_refs`], which the
    /// collector calls to clear an object and its deallocation calls again,
    /// and which must hand each reference over once.
    ///
    /// ```
    /// # use ch01_objects::ObjRef;
    /// let mut field = ObjRef::from_index(7);
    /// let mut out = vec![];
    /// field.take_into(&mut out);
    /// field.take_into(&mut out);
    /// assert_eq!((out, field.held()), (vec![ObjRef::from_index(7)], None));
    /// ```
    pub fn take_into(&mut self, out: &mut Vec<ObjRef>) {
        if let Some(held) = self.held() {
            out.push(held);
            *self = ObjRef::VACANT;
        }
    }

    /// The reference this field holds, unless [`ObjRef::take_into`] took it.
    pub fn held(self) -> Option<ObjRef> {
        (self != ObjRef::VACANT).then_some(self)
    }
}

impl fmt::Debug for ObjRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

// ANCHOR: header
/// The fields every object starts with. CPython: `PyObject` (`ob_refcnt`, `ob_type`).
///
/// The type is not stored here: it is the [`Payload`] variant (or, for
/// instances, the class the payload names).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// How many references point at this object. CPython: `ob_refcnt`.
    pub refcount: usize,
    /// Flag bits owned by later chapters (collector marks, finalized).
    pub flags: u32,
    /// Where the object's entry is in the collector's lists (chapter 4),
    /// 0 for none. It fills the four bytes the other two fields leave
    /// free, so it costs nothing: CPython keeps its list links in the
    /// `PyGC_Head` in front of the object for the same reason. A `Cell`:
    /// it is the lists' bookkeeping, which they keep up to date while
    /// they only read the heap.
    pub gc_entry: Cell<u32>,
}

/// An object: its header and its payload. CPython: `PyObject` and its subtypes.
#[derive(Debug)]
pub struct Object {
    /// Reference count and flags.
    pub header: Header,
    /// What kind of object this is, and its data.
    pub payload: Payload,
}
// ANCHOR_END: header

// ANCHOR: payload
/// The kinds of object the runtime knows, and each kind's data. Sixteen
/// bytes: what a variant holds is at most one word (for an instance, its
/// class's four-byte reference and a word), so that with its header an
/// object is a 32-byte block, as an `int` or a `float` is in CPython.
/// Whatever is larger lives in a block of its own, as a list's items do
/// in CPython.
#[derive(Debug)]
pub enum Payload {
    /// `None`, the one instance of `NoneType`.
    None,
    /// `True` or `False`.
    Bool(bool),
    /// An `int`. (minipy's ints are 64-bit; overflow is an error, not a bignum.)
    Int(i64),
    /// A `float`.
    Float(f64),
    /// A `str`. Immutable, like Python's. Up to seven bytes of text are
    /// kept in the payload itself; longer text is a block with its length.
    Str(ThinStr),
    /// A `list`: a growable array of references, whose length and
    /// capacity are in the array's block.
    List(ThinVec<ObjRef>),
    /// A `tuple`: a fixed array of references, its length in its block.
    Tuple(ThinSlice<ObjRef>),
    /// A `dict`. Boxed, as an instance's attributes are.
    Dict(Box<Dict>),
    /// A class created by a `class` statement (or a built-in exception class).
    /// Boxed: classes are few and large, and every other object would
    /// otherwise be as large as a class.
    Class(Box<Class>),
    /// An instance of a [`Payload::Class`].
    Instance(Instance),
    /// An object kind defined by a layer above this crate (functions, frames,
    /// tracebacks, ...). The interpreter defines these the way a C extension
    /// defines new types.
    Native(NativeBox),
}
// ANCHOR_END: payload

/// A class: its name, its base classes and the attributes defined in its body.
#[derive(Debug)]
pub struct Class {
    /// `__name__`.
    pub name: Box<str>,
    /// The direct base classes, in order.
    pub bases: Vec<ObjRef>,
    /// Methods and class attributes (`__dict__`).
    pub attrs: Dict,
}

// ANCHOR: instance
/// An instance: the class it belongs to and its own attributes.
///
/// The attributes belong to the instance: an instance and its attributes are
/// one object, not an object plus a separate dict. CPython 3.11 does the
/// same: it keeps them in a values array it allocates for the instance, and
/// makes a dict object only if someone asks for `__dict__`. Here too they
/// are an allocation of the instance's own ([`Attrs`]), not an object.
#[derive(Debug)]
pub struct Instance {
    /// The instance's class (a counted reference, as `ob_type` is for heap types).
    pub class: ObjRef,
    /// Attributes set on the instance.
    pub attrs: Attrs,
    /// A byte the other fields leave free, with one valid value: the
    /// [`Payload`] keeps its variant in the others.
    _tag_room: TagRoom,
}
// ANCHOR_END: instance

/// A byte with 255 values left over (see [`Instance`]).
#[derive(Debug, Clone, Copy)]
#[repr(u8)]
enum TagRoom {
    Only = 0,
}

impl Instance {
    /// An instance of `class` with `attrs`.
    pub fn new(class: ObjRef, attrs: Attrs) -> Instance {
        Instance {
            class,
            attrs,
            _tag_room: TagRoom::Only,
        }
    }
}

/// A `Box<dyn NativeObject>` in one word: boxed twice, as a box of a trait
/// object is two words (the object's address and its type's methods).
#[derive(Debug)]
pub struct NativeBox(Box<Box<dyn NativeObject>>);

impl std::ops::Deref for NativeBox {
    type Target = dyn NativeObject;
    fn deref(&self) -> &(dyn NativeObject + 'static) {
        &**self.0
    }
}

impl std::ops::DerefMut for NativeBox {
    fn deref_mut(&mut self) -> &mut (dyn NativeObject + 'static) {
        &mut **self.0
    }
}

impl From<Box<dyn NativeObject>> for NativeBox {
    fn from(native: Box<dyn NativeObject>) -> NativeBox {
        NativeBox(Box::new(native))
    }
}

/// An object kind defined outside this crate. CPython: a `PyTypeObject` with
/// its `tp_traverse` and `tp_clear` slots.
pub trait NativeObject: fmt::Debug + Any {
    /// The Python type name, as `type(x).__name__` shows it.
    fn type_name(&self) -> &str;
    /// Calls `visit` once for every reference this object holds. CPython: `tp_traverse`.
    fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef));
    /// Moves every reference this object holds into `out`, leaving it empty:
    /// what freeing the object releases. CPython: what `tp_dealloc` releases
    /// (a `tp_clear` only has to break cycles, and may keep some references).
    fn take_refs(&mut self, out: &mut Vec<ObjRef>);
    /// Approximate size in bytes, as `sys.getsizeof` would report it.
    fn size(&self) -> usize {
        std::mem::size_of_val(self) + 16
    }
    /// True if the object has work to do before it is freed, the way an
    /// instance with `__del__` has (a paused generator must run its
    /// `finally` blocks). CPython: a type's `tp_finalize`.
    fn has_finalizer(&self) -> bool {
        false
    }
    /// False for the few kinds CPython 3.11 does not give a `PyGC_Head`
    /// (ints too big for a machine word, ranges and their iterators): the
    /// cycle collector (chapter 4) never follows them. CPython:
    /// `Py_TPFLAGS_HAVE_GC`.
    fn is_gc(&self) -> bool {
        true
    }
    /// How many objects CPython 3.11 would have *besides* this one for what
    /// it holds, when the collector counts what it found: a function with
    /// attributes has a `__dict__` dict, tracked if one of them may be part
    /// of a cycle (`may_be_tracked`). Chapter 4's `gc.collect()` count.
    fn hidden_objects(&self, _may_be_tracked: &dyn Fn(ObjRef) -> bool) -> usize {
        0
    }
    /// True if CPython 3.11 wraps this type's deallocator in the trashcan
    /// macros (chapter 2): sets do; most other native types do not.
    fn uses_trashcan(&self) -> bool {
        false
    }
    /// For downcasting to the concrete type.
    fn as_any(&self) -> &dyn Any;
    /// For downcasting to the concrete type.
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl Payload {
    /// A [`Payload::Native`] holding `object`.
    pub fn native(object: impl NativeObject) -> Payload {
        Payload::Native(NativeBox(Box::new(Box::new(object))))
    }

    /// A [`Payload::List`] of `items`.
    pub fn list(items: impl Into<ThinVec<ObjRef>>) -> Payload {
        Payload::List(items.into())
    }

    /// A [`Payload::Tuple`] of `items`.
    pub fn tuple(items: impl Into<ThinSlice<ObjRef>>) -> Payload {
        Payload::Tuple(items.into())
    }

    /// A [`Payload::Str`] of `text`.
    pub fn str(text: impl Into<ThinStr>) -> Payload {
        Payload::Str(text.into())
    }

    /// The name of this payload's type, as `type(x).__name__` would print it.
    /// Instances return `None`: their type is their class, which lives on the heap.
    pub fn type_name(&self) -> Option<&str> {
        Some(match self {
            Payload::None => "NoneType",
            Payload::Bool(_) => "bool",
            Payload::Int(_) => "int",
            Payload::Float(_) => "float",
            Payload::Str(_) => "str",
            Payload::List(_) => "list",
            Payload::Tuple(_) => "tuple",
            Payload::Dict(_) => "dict",
            Payload::Class(_) => "type",
            Payload::Instance(_) => return None,
            Payload::Native(native) => native.type_name(),
        })
    }

    // ANCHOR: visit_refs
    /// Calls `visit` for every reference this object holds, in the order
    /// CPython 3.11's `tp_traverse` of the type visits them: a list's and a
    /// tuple's items from the last to the first (`list_traverse`,
    /// `tupletraverse`), an instance's attributes before its class
    /// (`subtype_traverse`), a class's dict before its bases
    /// (`type_traverse`). The cycle collector's order of survivors, and so
    /// the order in which later collections run `__del__` methods, follows
    /// from it (chapter 4).
    pub fn visit_refs(&self, visit: &mut dyn FnMut(ObjRef)) {
        match self {
            Payload::None
            | Payload::Bool(_)
            | Payload::Int(_)
            | Payload::Float(_)
            | Payload::Str(_) => {}
            Payload::List(items) => items.iter().rev().copied().for_each(visit),
            Payload::Tuple(items) => items.iter().rev().copied().for_each(visit),
            Payload::Dict(dict) => dict.visit_refs(visit),
            Payload::Class(class) => {
                class.attrs.visit_refs(visit);
                class.bases.iter().copied().for_each(&mut *visit);
            }
            Payload::Instance(instance) => {
                instance.attrs.visit_refs(visit);
                visit(instance.class);
            }
            Payload::Native(native) => native.visit_refs(visit),
        }
    }
    // ANCHOR_END: visit_refs

    /// The references this object holds, collected into a vector.
    pub fn refs(&self) -> Vec<ObjRef> {
        let mut refs = Vec::new();
        self.visit_refs(&mut |r| refs.push(r));
        refs
    }

    /// True for the kinds that can hold references to other objects: the
    /// only kinds that can take part in a reference cycle. CPython: the
    /// `Py_TPFLAGS_HAVE_GC` flag.
    pub fn is_container(&self) -> bool {
        match self {
            Payload::None
            | Payload::Bool(_)
            | Payload::Int(_)
            | Payload::Float(_)
            | Payload::Str(_) => false,
            Payload::Native(native) => native.is_gc(),
            _ => true,
        }
    }

    /// Approximately what `sys.getsizeof` reports for this object in CPython
    /// 3.11 on a 64-bit machine (the object itself, not what it refers to).
    pub fn size(&self) -> usize {
        const WORD: usize = 8;
        match self {
            Payload::None => 16,
            Payload::Bool(_) => 28,
            Payload::Int(value) => int_size(*value),
            Payload::Float(_) => 24,
            Payload::Str(text) if text.is_ascii() => 49 + text.len(),
            Payload::Str(text) => 74 + text.chars().count() * 2,
            Payload::List(items) => 56 + WORD * items.capacity(),
            Payload::Tuple(items) => 40 + WORD * items.len(),
            Payload::Dict(dict) => dict.size(),
            // A class whose instances have a `__dict__` (CPython 3.11 also
            // counts the key table they share); 920 with `__slots__`.
            Payload::Class(_) => 1688,
            Payload::Instance(_) => 56,
            Payload::Native(native) => native.size(),
        }
    }
}

/// CPython stores ints as 30-bit digits after a 24-byte header; zero has no digits.
fn int_size(value: i64) -> usize {
    let mut magnitude = value.unsigned_abs();
    let mut digits = 0;
    while magnitude > 0 {
        magnitude >>= 30;
        digits += 1;
    }
    24 + 4 * digits.max(1)
}

impl Object {
    /// A new object with one reference: the one handed to whoever allocated it.
    pub fn new(payload: Payload) -> Object {
        Object {
            header: Header {
                refcount: 1,
                ..Header::default()
            },
            payload,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::none(Payload::None, 16)]
    #[case::zero(Payload::Int(0), 28)]
    #[case::small_int(Payload::Int(1), 28)]
    #[case::two_digit_int(Payload::Int(1 << 30), 32)]
    #[case::three_digit_int(Payload::Int(1 << 60), 36)]
    #[case::float(Payload::Float(1.0), 24)]
    #[case::empty_str(Payload::Str("".into()), 49)]
    #[case::ascii_str(Payload::Str("abc".into()), 52)]
    #[case::tuple(Payload::tuple([ObjRef(0), ObjRef(1)]), 56)]
    fn sizes_match_cpython_3_11(#[case] payload: Payload, #[case] expected: usize) {
        assert_eq!(payload.size(), expected);
    }

    #[rstest]
    #[case::int(Payload::Int(3), false)]
    #[case::str(Payload::Str("x".into()), false)]
    #[case::list(Payload::List(ThinVec::new()), true)]
    #[case::tuple(Payload::Tuple(ThinSlice::new()), true)]
    fn only_containers_can_form_cycles(#[case] payload: Payload, #[case] expected: bool) {
        assert_eq!(payload.is_container(), expected);
    }

    #[test]
    fn a_list_reports_its_items_in_order() {
        let list = Payload::list(vec![ObjRef(3), ObjRef(1), ObjRef(3)]);
        assert_eq!(list.refs(), vec![ObjRef(3), ObjRef(1), ObjRef(3)]);
    }

    #[test]
    fn an_object_is_a_32_byte_block() {
        assert_eq!(std::mem::size_of::<Payload>(), 16);
        assert_eq!(std::mem::size_of::<Object>(), 32);
    }
}
