//! `time`: the clocks the book's measuring programs read, and `sleep`.

use ch01_objects::{ObjRef, Payload};

use crate::modules::NativeModule;
use crate::types::builtin_fn::{Keywords, NativeFunction};
use crate::types::exceptions::ExcKind;
use crate::vm::{PyResult, Vm};

/// The module, for the registry in [`crate::modules`].
pub(crate) const MODULE: NativeModule = NativeModule {
    name: "time",
    functions: &[
        NativeFunction::positional("perf_counter", perf_counter),
        NativeFunction::positional("time", time),
        NativeFunction::positional("sleep", sleep),
        NativeFunction::positional("monotonic", perf_counter),
        NativeFunction::positional("process_time", process_time),
        NativeFunction::positional("perf_counter_ns", perf_counter_ns),
        NativeFunction::positional("time_ns", time_ns),
    ],
    table_functions: &[],
    values: crate::modules::no_values,
};

fn since_epoch() -> std::time::Duration {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
}

/// `time.perf_counter()` and `time.monotonic()`: seconds since the
/// interpreter started (only differences mean anything, as in CPython).
fn perf_counter(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let seconds = vm.started.elapsed().as_secs_f64();
    Ok(vm.new_float(seconds))
}

fn time(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    Ok(vm.new_float(since_epoch().as_secs_f64()))
}

fn time_ns(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let nanos = num_bigint::BigInt::from(since_epoch().as_nanos());
    Ok(vm.new_int_from_big(nanos))
}

fn perf_counter_ns(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let nanos = num_bigint::BigInt::from(vm.started.elapsed().as_nanos());
    Ok(vm.new_int_from_big(nanos))
}

/// `time.process_time()`: user plus system CPU seconds.
fn process_time(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let (user, system) = crate::modules::resource::cpu_seconds();
    Ok(vm.new_float(user + system))
}

fn sleep(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let seconds = match args.first().map(|&a| vm.payload(a)) {
        Some(Payload::Int(n)) => *n as f64,
        Some(Payload::Float(x)) => *x,
        _ => {
            return Err(vm.error(
                ExcKind::TypeError,
                "sleep() argument must be a number".into(),
            ));
        }
    };
    if seconds < 0.0 {
        return Err(vm.error(
            ExcKind::ValueError,
            "sleep length must be non-negative".into(),
        ));
    }
    // What the program printed before it slept is seen before the pause.
    vm.flush();
    std::thread::sleep(std::time::Duration::from_secs_f64(seconds.min(1e6)));
    Ok(vm.none())
}
