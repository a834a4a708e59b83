//! [`DelError`]: what a `del` statement raises when there is nothing to delete.
//!
//! A failed `del` changes no count: the error is raised before anything is
//! unbound or removed. The messages are CPython 3.11's, so `minipy` can print
//! them as `str(e)`.

use std::fmt;

/// The exception a `del` statement raises.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DelError {
    /// `del a` where the module has no name `a`.
    NameError(Box<str>),
    /// `del a` inside a function whose local `a` is not bound (3.11's message).
    UnboundLocalError(Box<str>),
    /// `del items[i]` with `i` outside the list.
    IndexError,
    /// `del d[k]` with no key equal to `k`; holds `repr(k)`.
    KeyError(Box<str>),
    /// `del obj.name` where the object has no attribute `name`.
    AttributeError {
        /// What precedes "has no attribute": `'C' object` or `type object 'C'`.
        owner: Box<str>,
        /// The attribute.
        name: Box<str>,
    },
    /// `del x[i]` on something that has no items to delete, or an unhashable key.
    TypeError(Box<str>),
}

impl DelError {
    /// The exception's class name, as a traceback prints it.
    pub fn exception_name(&self) -> &'static str {
        match self {
            DelError::NameError(_) => "NameError",
            DelError::UnboundLocalError(_) => "UnboundLocalError",
            DelError::IndexError => "IndexError",
            DelError::KeyError(_) => "KeyError",
            DelError::AttributeError { .. } => "AttributeError",
            DelError::TypeError(_) => "TypeError",
        }
    }
}

impl fmt::Display for DelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DelError::NameError(name) => write!(f, "name '{name}' is not defined"),
            DelError::UnboundLocalError(name) => write!(
                f,
                "cannot access local variable '{name}' where it is not associated with a value"
            ),
            DelError::IndexError => write!(f, "list assignment index out of range"),
            DelError::KeyError(key) => write!(f, "{key}"),
            DelError::AttributeError { owner, name } => {
                write!(f, "{owner} has no attribute '{name}'")
            }
            DelError::TypeError(message) => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for DelError {}
