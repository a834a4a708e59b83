//! Running code.

pub mod arguments;
pub mod calls;
pub mod dispatch;
pub mod exceptions;
pub mod frames;
pub mod generators;
pub mod load;
