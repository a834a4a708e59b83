//! The object kinds the interpreter defines on top of chapter 1's payloads,
//! and their methods: CPython's `Objects/`, one file per kind, plus the
//! kinds a module exports that the protocols must know (a `deque`, a
//! `namedtuple`, `itertools`' iterators, `functools`' wrappers, the
//! standard streams), since CPython's interpreter sees those as types too.
//!
//! - the table of functions written in Rust and its argument helpers:
//!   [`builtin_fn`]; calling a type: [`constructors`]; what every class
//!   inherits: [`object`]; the methods of the built-in types: [`methods`];
//! - numbers: [`bigint`]; text: [`strings`], [`formatting`]; hashing as
//!   CPython 3.11 does it: [`hashing`]; sets: [`sets`], [`set_methods`];
//!   dict views: [`views`]; sorting: [`sorting`]; slices: [`slices`];
//! - functions, cells, bound methods, ranges, frames and modules:
//!   [`native`], [`code`], [`frames`], [`descriptors`]; exceptions:
//!   [`exceptions`]; lazy iterators: [`iterators`], [`itertool`];
//! - making a class (`type.__new__`): [`type_new`]; subclasses of `list`
//!   and `dict`: [`builtin_subclass`];
//! - what modules export: [`deque`], [`namedtuple`], [`dict_kinds`],
//!   [`callable_wrappers`], [`stream`], [`rusage`];
//! - what each costs, as `sys.getsizeof` reports it: [`sizes`].
//!
//! Types call the protocols (a list's `index` compares with `==`) and the
//! protocols call the types' methods; nothing here names a module or the
//! eval loop, except that a generator's methods resume its frame.

pub mod bigint;
pub mod builtin_fn;
pub mod builtin_subclass;
pub mod bytes;
pub mod callable_wrappers;
pub mod carets;
pub mod code;
pub mod constructors;
pub mod deque;
pub mod descriptors;
pub mod dict_kinds;
pub mod exceptions;
pub mod formatting;
pub mod frames;
pub mod hashing;
pub mod instance;
pub mod iterators;
pub mod itertool;
pub mod methods;
pub mod namedtuple;
pub mod native;
pub mod object;
pub mod rusage;
pub mod set_methods;
pub mod sets;
pub mod sizes;
pub mod slices;
pub mod sorting;
pub mod stream;
pub mod strings;
pub mod suggestions;
pub mod type_new;
pub mod views;
pub mod weakref;
