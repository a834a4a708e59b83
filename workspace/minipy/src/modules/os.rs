//! `os`: the two questions the book's measuring programs ask of the system.

use ch01_objects::ObjRef;

use crate::modules::NativeModule;
use crate::types::builtin_fn::{Keywords, NativeFunction};
use crate::vm::{PyResult, Vm};

/// The module, for the registry in [`crate::modules`].
pub(crate) const MODULE: NativeModule = NativeModule {
    name: "os",
    functions: &[
        NativeFunction::positional("getpid", getpid),
        NativeFunction::positional("cpu_count", cpu_count),
    ],
    table_functions: &[],
    values,
};

/// `os.name` and `os.sep`: what a POSIX system's CPython has.
fn values(vm: &mut Vm) -> Vec<(&'static str, ObjRef)> {
    vec![("name", vm.new_str("posix")), ("sep", vm.new_str("/"))]
}

fn getpid(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    Ok(vm.new_int(i64::from(std::process::id())))
}

fn cpu_count(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let count = std::thread::available_parallelism().map_or(1, |n| n.get());
    Ok(vm.new_int(count as i64))
}
