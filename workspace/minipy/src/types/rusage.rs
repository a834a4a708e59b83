//! The `struct_rusage` that `resource.getrusage` returns: peak resident
//! set size and CPU times, read as attributes (`ru_maxrss`, `ru_utime`).

use ch01_objects::ObjRef;

use crate::types::native::native_kind;
use crate::vm::Vm;

/// `resource.getrusage(...)`'s result. CPython: `struct_rusage`.
#[derive(Debug, Clone, Copy)]
pub struct Rusage {
    /// Peak resident set size in kilobytes (`VmHWM`).
    pub maxrss: i64,
    /// User CPU seconds.
    pub utime: f64,
    /// System CPU seconds.
    pub stime: f64,
}

native_kind!(
    Rusage,
    "resource.struct_rusage",
    |_this, _visit| {},
    |_this, _out| {}
);

impl Vm {
    /// The fields of a `struct_rusage`.
    pub(crate) fn rusage_attr(&mut self, object: ObjRef, name: &str) -> Option<ObjRef> {
        let usage = *self.native::<Rusage>(object)?;
        Some(match name {
            "ru_maxrss" => self.new_int(usage.maxrss),
            "ru_utime" => self.new_float(usage.utime),
            "ru_stime" => self.new_float(usage.stime),
            name if name.starts_with("ru_") => self.new_int(0),
            _ => return None,
        })
    }
}
