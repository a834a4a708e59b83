//! `gc`: the interface to the cycle collector.
//!
//! Chapter 4 builds the collector these functions drive. Until a stage has
//! one, `gc.collect()` asks the stage's memory manager, which finds nothing
//! to collect, and the thresholds are only stored; `is_tracked`,
//! `get_referrers` and `get_referents` already answer from the heap.

use ch01_objects::{ObjRef, Payload};

use crate::modules::NativeModule;
use crate::types::builtin_fn::{Keywords, NativeFunction};
use crate::vm::{PyResult, Vm};

// ANCHOR: gc_module
/// The module, for the registry in [`crate::modules`].
pub(crate) const MODULE: NativeModule = NativeModule {
    name: "gc",
    functions: &[
        NativeFunction::positional("collect", collect),
        NativeFunction::positional("enable", enable),
        NativeFunction::positional("disable", disable),
        NativeFunction::positional("isenabled", isenabled),
        NativeFunction::positional("is_tracked", is_tracked),
        NativeFunction::positional("get_referrers", get_referrers),
        NativeFunction::positional("get_referents", get_referents),
        NativeFunction::positional("get_threshold", get_threshold),
        NativeFunction::positional("set_threshold", set_threshold),
    ],
    table_functions: &[],
    values: crate::modules::no_values,
};
// ANCHOR_END: gc_module

/// `gc.collect()`: how many unreachable objects the stage's collector found.
fn collect(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let found = vm.mem.collect() as i64;
    Ok(vm.new_int(found))
}

/// `gc.enable()`: automatic collection is not a stage's yet (chapter 5).
fn enable(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    Ok(vm.none())
}

/// `gc.disable()`: see [`enable`].
fn disable(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    Ok(vm.none())
}

/// `gc.isenabled()`: CPython starts with automatic collection on.
fn isenabled(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    Ok(vm.new_bool(true))
}

/// `gc.is_tracked(x)`: containers are, except an empty dict (CPython 3.11
/// tracks a dict only once it holds something that may be a container).
fn is_tracked(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let object = vm.arg(args, 0, "is_tracked")?;
    let tracked = vm.payload(object).is_container()
        && !matches!(vm.payload(object), Payload::Dict(d) if d.is_empty());
    Ok(vm.new_bool(tracked))
}

/// `gc.get_referrers(*objs)`: every container on the heap that holds one of them.
fn get_referrers(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let referrers: Vec<ObjRef> = vm
        .mem
        .heap()
        .iter()
        .filter(|(_, object)| {
            object.payload.is_container() && !matches!(object.payload, Payload::Class(_))
        })
        .filter(|(_, object)| object.payload.refs().iter().any(|r| args.contains(r)))
        .map(|(r, _)| r)
        .collect();
    Ok(vm.new_list_incref(referrers))
}

/// `gc.get_referents(*objs)`: what each of them holds, as its traversal visits it.
fn get_referents(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let mut referents = vec![];
    for &arg in args {
        referents.extend(vm.payload(arg).refs());
    }
    Ok(vm.new_list_incref(referents))
}

/// `gc.get_threshold()`: CPython 3.11's `(700, 10, 10)` until a program sets them.
fn get_threshold(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let values: Vec<ObjRef> = vm
        .gc_thresholds
        .into_iter()
        .map(|n| vm.new_int(n))
        .collect();
    Ok(vm.alloc(Payload::Tuple(values.into())))
}

/// `gc.set_threshold(threshold0[, threshold1[, threshold2]])`.
fn set_threshold(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    for (i, &arg) in args.iter().take(3).enumerate() {
        vm.gc_thresholds[i] = vm.int_arg(arg, "threshold")?;
    }
    Ok(vm.none())
}
