//! Running code.

pub mod arguments;
pub mod code;
pub mod generators;
