//! `resource`: `getrusage`, whose `ru_maxrss` is the peak resident set
//! size chapter 8's measurements compare.

use ch01_objects::ObjRef;

use crate::modules::NativeModule;
use crate::types::builtin_fn::{Keywords, NativeFunction};
use crate::types::rusage::Rusage;
use crate::vm::{PyResult, Vm};

/// The module, for the registry in [`crate::modules`].
pub(crate) const MODULE: NativeModule = NativeModule {
    name: "resource",
    functions: &[NativeFunction::positional("getrusage", getrusage)],
    table_functions: &[],
    values,
};

fn values(vm: &mut Vm) -> Vec<(&'static str, ObjRef)> {
    let own = vm.new_int(0);
    let children = vm.new_int(-1);
    vec![("RUSAGE_SELF", own), ("RUSAGE_CHILDREN", children)]
}

/// `resource.getrusage(who)`: what this process has used so far.
fn getrusage(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let (utime, stime) = cpu_seconds();
    Ok(vm.new_native(Rusage {
        maxrss: status_kilobytes("VmHWM:"),
        utime,
        stime,
    }))
}

/// A field of `/proc/self/status` in kilobytes (`VmRSS`, `VmHWM`).
fn status_kilobytes(field: &str) -> i64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|line| line.starts_with(field))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

/// User and system CPU seconds from `/proc/self/stat` (100 ticks a second).
pub(crate) fn cpu_seconds() -> (f64, f64) {
    let text = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses.
    let rest = text.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) / 100.0, ticks(12) / 100.0)
}
