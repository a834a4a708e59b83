//! `gc`: the interface to the cycle collector.
//!
//! Chapter 4 builds the collector these functions drive (`--stage cycles`
//! and later). On earlier stages `gc.collect()` finds nothing, `is_tracked`
//! answers what a collector would track, and the referrer functions search
//! the whole heap; on a stage with a collector they answer from it, as
//! CPython's do. The thresholds are only stored until chapter 5.

use ch01_objects::{ObjRef, Payload};

use crate::modules::NativeModule;
use crate::types::builtin_fn::{Keywords, NativeFunction};
use crate::types::exceptions::ExcKind;
use crate::vm::{PyResult, Vm};

// ANCHOR: gc_module
/// The module, for the registry in [`crate::modules`].
pub(crate) const MODULE: NativeModule = NativeModule {
    name: "gc",
    functions: &[
        NativeFunction {
            name: "collect",
            keywords: &["generation"],
            call: collect,
        },
        NativeFunction::positional("enable", enable),
        NativeFunction::positional("disable", disable),
        NativeFunction::positional("isenabled", isenabled),
        NativeFunction::positional("is_tracked", is_tracked),
        NativeFunction::positional("is_finalized", is_finalized),
        NativeFunction::positional("get_objects", get_objects),
        NativeFunction::positional("get_referrers", get_referrers),
        NativeFunction::positional("get_referents", get_referents),
        NativeFunction::positional("get_threshold", get_threshold),
        NativeFunction::positional("set_threshold", set_threshold),
    ],
    table_functions: &[],
    values: |vm| vec![("garbage", vm.gc_garbage())],
};
// ANCHOR_END: gc_module

/// `gc.collect(generation=2)`: runs a collection and returns what it found.
/// What it could not free goes to `gc.garbage`.
fn collect(vm: &mut Vm, args: &[ObjRef], kwargs: &Keywords) -> PyResult<ObjRef> {
    let generation = match args.first().copied().or_else(|| Vm::kwarg(kwargs, "generation")) {
        Some(arg) => vm.int_arg(arg, "generation")?,
        None => 2,
    };
    if !(0..=2).contains(&generation) {
        return Err(vm.error(ExcKind::ValueError, "invalid generation".into()));
    }
    let found = vm.collect_garbage();
    Ok(vm.new_int(found as i64))
}

impl Vm {
    /// Runs the stage's collector and puts what it could not free in
    /// `gc.garbage`. Returns what `gc.collect()` returns.
    pub(crate) fn collect_garbage(&mut self) -> usize {
        let report = self.mem.collect();
        if !report.uncollectable.is_empty() {
            let garbage = self.gc_garbage();
            for object in report.uncollectable {
                self.incref(object);
                if let Payload::List(items) = self.payload_mut(garbage) {
                    items.push(object);
                }
            }
            self.decref(garbage);
        }
        for object in report.to_finalize {
            self.run_finalizer(object);
            self.decref(object);
        }
        report.found
    }

    /// A new reference to `gc.garbage`, made on first use.
    pub(crate) fn gc_garbage(&mut self) -> ObjRef {
        let garbage = match self.gc_garbage {
            Some(list) => list,
            None => {
                let list = self.alloc(Payload::List(vec![]));
                self.gc_garbage = Some(list);
                list
            }
        };
        self.incref(garbage);
        garbage
    }
}

/// `gc.enable()`: turns automatic collection on. The switch is kept for
/// the stages to come: no stage collects automatically yet (chapter 5).
fn enable(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    vm.gc_enabled = true;
    Ok(vm.none())
}

/// `gc.disable()`: turns automatic collection off; `gc.collect()` still works.
fn disable(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    vm.gc_enabled = false;
    Ok(vm.none())
}

/// `gc.isenabled()`: CPython starts with automatic collection on.
fn isenabled(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    Ok(vm.new_bool(vm.gc_enabled))
}

/// `gc.is_tracked(x)`: the stage's answer, or, on a stage without a
/// collector, CPython 3.11's for a fresh object: containers, except a dict
/// holding no container and the empty tuple.
fn is_tracked(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let object = vm.arg(args, 0, "is_tracked")?;
    let tracked = vm.mem.is_tracked(object).unwrap_or_else(|| {
        let heap = vm.mem.heap();
        match heap.payload(object) {
            Payload::Dict(d) => d
                .iter()
                .any(|(k, v)| heap.payload(k).is_container() || heap.payload(v).is_container()),
            Payload::Tuple(items) => !items.is_empty(),
            payload => payload.is_container(),
        }
    });
    Ok(vm.new_bool(tracked))
}

/// `gc.is_finalized(x)`: whether `x`'s `__del__` has run (PEP 442: once).
fn is_finalized(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let object = vm.arg(args, 0, "is_finalized")?;
    let finalized = ch02_refcount::flags::is_finalized(&vm.mem.heap().get(object).header);
    Ok(vm.new_bool(finalized))
}

/// The objects a referrer search looks at: the tracked ones on a stage with
/// a collector (CPython walks its generations), else every container.
fn searched_objects(vm: &mut Vm) -> Vec<ObjRef> {
    vm.mem.tracked_objects().unwrap_or_else(|| {
        vm.mem
            .heap()
            .iter()
            .filter(|(_, object)| object.payload.is_container())
            .map(|(r, _)| r)
            .collect()
    })
}

/// `gc.get_objects()`: what the collector follows, oldest first (on a stage
/// without one, every container). The returned list is not in it.
fn get_objects(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let objects = searched_objects(vm);
    Ok(vm.new_list_incref(objects))
}

/// `gc.get_referrers(*objs)`: every tracked container that holds one of
/// them. (A class's attributes are inside it here, where CPython keeps them
/// in a dict of their own, which would be the referrer; classes are left out.)
fn get_referrers(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let referrers: Vec<ObjRef> = searched_objects(vm)
        .into_iter()
        .filter(|&r| {
            let payload = vm.payload(r);
            !matches!(payload, Payload::Class(_)) && payload.refs().iter().any(|t| args.contains(t))
        })
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
