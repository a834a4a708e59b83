//! What operators, attributes, subscripts and iteration do to each kind of
//! object: the interpreter's equivalent of CPython's abstract object layer
//! (`Objects/abstract.c`, `object.c`) and each type's slots.
//!
//! Serves chapters 2–3 through its reference discipline: every function here
//! *borrows* its operands and returns a *new* reference (or none), so the
//! eval loop can drop operands right after the operation, as CPython does.
//!
//! One file per protocol, as CPython's abstract layer groups them:
//! [`number`] (and [`index`], an object standing for an int), [`compare`], [`text`], [`attributes`] (and a class's
//! [`attribute_hooks`]), [`subscript`],
//! [`iteration`] (with `with`); then what classes add to them:
//! [`descriptors`] (how `property`, `staticmethod`, `classmethod` and
//! `super` change a lookup, and the MRO), [`dunders`] (a user class's
//! special methods), [`type_slots`] (the references a class holds to
//! itself) and [`slot_wrappers`] (a built-in type's special methods as
//! attributes: `[].__len__`, `int.__add__`).
//!
//! The protocols dispatch on the object kinds of [`crate::types`] and call
//! their methods; the types' methods call the protocols back (`list.index`
//! compares with `==`, `str.join` iterates). The protocols call into the
//! eval loop to run Python code (a `__eq__` written in Python runs through
//! [`Vm::call`](crate::vm::Vm)) and the eval loop calls the protocols for
//! every operator: that circle is the interpreter's, as in CPython, where
//! `abstract.c`, `ceval.c` and `Objects/` call each other. They never name
//! a module: what a module exports is a type of [`crate::types`].

pub mod attribute_hooks;
pub mod attributes;
pub mod compare;
pub mod descriptors;
pub mod dunders;
pub mod index;
pub mod iteration;
pub mod number;
pub mod slot_wrappers;
pub mod subscript;
pub mod text;
pub mod type_slots;
