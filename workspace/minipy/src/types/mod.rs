//! The built-in types.

pub mod bigint;
pub mod builtin_fn;
pub mod constructors;
pub mod exceptions;
pub mod formatting;
pub mod frames;
pub mod hashing;
pub mod iterators;
pub mod methods;
pub mod native;
pub mod object;
pub mod set_methods;
pub mod sets;
pub mod sizes;
pub mod strings;
pub mod views;
