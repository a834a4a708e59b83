//! The built-in types.

pub mod bigint;
pub mod builtin_fn;
pub mod callable_wrappers;
pub mod code;
pub mod constructors;
pub mod deque;
pub mod descriptors;
pub mod dict_kinds;
pub mod exceptions;
pub mod formatting;
pub mod frames;
pub mod hashing;
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
pub mod sorting;
pub mod stream;
pub mod strings;
pub mod views;
