//! `gc`: the interface to the cycle collector.
//!
//! Chapter 4 builds the collector these functions drive (`--stage cycles`
//! and later), chapter 5 its generations, counts and thresholds. On earlier
//! stages `gc.collect()` finds nothing, `is_tracked` answers what a
//! collector would track, and the referrer functions search the whole
//! heap; on a stage with a collector they answer from it, as CPython's do.
//! The collections themselves run in [`crate::vm::collection`].

use ch01_objects::{ObjRef, Payload};
use ch04_cycles::collector::debug;

use crate::modules::NativeModule;
use crate::types::builtin_fn::{Keywords, NativeFunction};
use crate::types::dict_kinds::{DictKind, DictSubclass};
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
        NativeFunction {
            name: "get_objects",
            keywords: &["generation"],
            call: get_objects,
        },
        NativeFunction::positional("get_referrers", get_referrers),
        NativeFunction::positional("get_referents", get_referents),
        NativeFunction::positional("get_threshold", get_threshold),
        NativeFunction::positional("set_threshold", set_threshold),
        NativeFunction::positional("get_count", get_count),
        NativeFunction::positional("get_stats", get_stats),
        NativeFunction::positional("freeze", freeze),
        NativeFunction::positional("unfreeze", unfreeze),
        NativeFunction::positional("get_freeze_count", get_freeze_count),
        NativeFunction::positional("set_debug", set_debug),
        NativeFunction::positional("get_debug", get_debug),
    ],
    table_functions: &[],
    values: |vm| {
        let mut values = vec![
            ("garbage", vm.gc_garbage()),
            ("callbacks", vm.gc_callbacks()),
        ];
        for (name, flag) in [
            ("DEBUG_STATS", debug::STATS),
            ("DEBUG_COLLECTABLE", debug::COLLECTABLE),
            ("DEBUG_UNCOLLECTABLE", debug::UNCOLLECTABLE),
            ("DEBUG_SAVEALL", debug::SAVEALL),
            ("DEBUG_LEAK", debug::LEAK),
        ] {
            values.push((name, vm.new_int(i64::from(flag))));
        }
        values
    },
};
// ANCHOR_END: gc_module

/// Refuses arguments, as a CPython function declared `METH_NOARGS` does.
fn no_arguments(vm: &mut Vm, args: &[ObjRef], name: &str) -> PyResult<()> {
    if args.is_empty() {
        return Ok(());
    }
    let message = format!("gc.{name}() takes no arguments ({} given)", args.len());
    Err(vm.error(ExcKind::TypeError, message))
}

/// The one argument of a CPython function declared `METH_O`.
fn one_argument(vm: &mut Vm, args: &[ObjRef], name: &str) -> PyResult<ObjRef> {
    match args {
        [object] => Ok(*object),
        _ => {
            let message = format!("gc.{name}() takes exactly one argument ({} given)", args.len());
            Err(vm.error(ExcKind::TypeError, message))
        }
    }
}

/// Refuses a second positional argument, in Argument Clinic's words.
fn at_most_one(vm: &mut Vm, args: &[ObjRef], name: &str) -> PyResult<()> {
    if args.len() <= 1 {
        return Ok(());
    }
    let message = format!("{name}() takes at most 1 argument ({} given)", args.len());
    Err(vm.error(ExcKind::TypeError, message))
}

/// `gc.collect(generation=2)`: runs a collection and returns what it found.
/// What it could not free goes to `gc.garbage`.
fn collect(vm: &mut Vm, args: &[ObjRef], kwargs: &Keywords) -> PyResult<ObjRef> {
    at_most_one(vm, args, "collect")?;
    let generation = match args.first().copied().or_else(|| Vm::kwarg(kwargs, "generation")) {
        Some(arg) => c_int(vm, arg)?,
        None => 2,
    };
    if !(0..=2).contains(&generation) {
        return Err(vm.error(ExcKind::ValueError, "invalid generation".into()));
    }
    let found = vm.collect_generation(generation as usize);
    Ok(vm.new_int(found as i64))
}

/// `gc.enable()`: turns automatic collection on (chapter 5's stages).
fn enable(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    no_arguments(vm, args, "enable")?;
    vm.gc_enabled = true;
    vm.mem.set_gc_enabled(true);
    Ok(vm.none())
}

/// `gc.disable()`: turns automatic collection off; `gc.collect()` still works.
fn disable(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    no_arguments(vm, args, "disable")?;
    vm.gc_enabled = false;
    vm.mem.set_gc_enabled(false);
    Ok(vm.none())
}

/// `gc.isenabled()`: CPython starts with automatic collection on.
fn isenabled(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    no_arguments(vm, args, "isenabled")?;
    Ok(vm.new_bool(vm.gc_enabled))
}

/// `gc.is_tracked(x)`: the stage's answer, or, on a stage without a
/// collector, chapter 4's rule for a fresh object (containers, except a
/// dict holding nothing that may be part of a cycle and the empty tuple).
fn is_tracked(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let object = one_argument(vm, args, "is_tracked")?;
    let tracked = vm
        .mem
        .is_tracked(object)
        .unwrap_or_else(|| ch04_cycles::tracking::tracked_from_birth(vm.mem.heap(), object));
    Ok(vm.new_bool(tracked))
}

/// `gc.is_finalized(x)`: whether `x`'s `__del__` has run (PEP 442: once).
fn is_finalized(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let object = one_argument(vm, args, "is_finalized")?;
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

/// `gc.get_objects(generation=None)`: what the collector follows, youngest
/// generation first (on a stage without one, every container). The
/// returned list is not in it.
fn get_objects(vm: &mut Vm, args: &[ObjRef], kwargs: &Keywords) -> PyResult<ObjRef> {
    at_most_one(vm, args, "get_objects")?;
    let argument = args.first().copied().or_else(|| Vm::kwarg(kwargs, "generation"));
    // Argument Clinic's `Py_ssize_t(accept={int, NoneType}, c_default="-1")`:
    // None and -1 both mean every generation.
    let generation = match argument {
        Some(arg) if arg != vm.none() => {
            if !matches!(vm.payload(arg), Payload::Int(_) | Payload::Bool(_)) {
                let type_name = vm.type_name(arg);
                let message = format!("argument should be integer or None, not '{type_name}'");
                return Err(vm.error(ExcKind::TypeError, message));
            }
            let generation = vm.int_arg(arg, "generation")?;
            if generation >= 3 {
                return Err(vm.error(
                    ExcKind::ValueError,
                    "generation parameter must be less than the number of available generations (3)"
                        .into(),
                ));
            }
            if generation < -1 {
                return Err(vm.error(
                    ExcKind::ValueError,
                    "generation parameter cannot be negative".into(),
                ));
            }
            usize::try_from(generation).ok()
        }
        _ => None,
    };
    let mut objects = match vm.mem.generation_members(generation) {
        Some(objects) => objects,
        None if generation.is_some_and(|g| g > 0) => vec![],
        None => searched_objects(vm),
    };
    // The list inside an instance of a subclass of `list` is not an
    // object of CPython's.
    let heap = vm.mem.heap();
    objects.retain(|&r| heap.get(r).header.flags & ch04_cycles::flags::PART_OF_ANOTHER == 0);
    Ok(vm.new_list_incref(objects))
}

/// `gc.get_referrers(*objs)`: every tracked container that holds one of
/// them. (A class's attributes are inside it here, where CPython keeps them
/// in a dict of their own, which would be the referrer; classes are left out.)
fn get_referrers(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let holds = |vm: &Vm, r: ObjRef| vm.payload(r).refs().iter().any(|t| args.contains(t));
    let referrers: Vec<ObjRef> = searched_objects(vm)
        .into_iter()
        .filter(|&r| {
            // The list inside an instance of a subclass of `list` is part
            // of the instance, which CPython's is: the instance refers to
            // what its list holds.
            let part = vm.mem.heap().get(r).header.flags & ch04_cycles::flags::PART_OF_ANOTHER;
            !matches!(vm.payload(r), Payload::Class(_))
                && part == 0
                && (holds(vm, r) || vm.builtin_value(r).is_some_and(|value| holds(vm, value)))
        })
        .collect();
    Ok(vm.new_list_incref(referrers))
}

/// `gc.get_referents(*objs)`: what each of them holds, in the order CPython
/// 3.11's `tp_traverse` visits it: a dict whose keys are all strings shows
/// its values only (its keys cannot be part of a cycle), any other its
/// values and keys, value first; an instance its attributes' values, then
/// its class.
fn get_referents(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let mut referents = vec![];
    let mut made = vec![];
    for &arg in args {
        match vm.payload(arg) {
            Payload::Dict(_) => dict_referents(vm, arg, &mut referents),
            Payload::Instance(_) if let Some(value) = vm.builtin_value(arg) => {
                // CPython's `subtype_traverse`: the instance's `__dict__`, if
                // it has one, its type, then the list's items or the dict's
                // values and keys.
                let has_dict =
                    matches!(vm.payload(arg), Payload::Instance(i) if i.attrs.has_own_dict());
                if has_dict || vm.moved_dict(arg).is_some() {
                    let dict = vm.instance_dict(arg);
                    referents.push(dict);
                    made.push(dict);
                }
                referents.push(vm.type_of(arg));
                match vm.payload(value) {
                    Payload::List(items) => referents.extend(items.iter().copied()),
                    _ => dict_referents(vm, value, &mut referents),
                }
            }
            Payload::Instance(instance) => {
                let mut values = vec![];
                instance.attrs.visit_refs(&mut |r| values.push(r));
                // `visit_refs` gives key, value pairs: keep the values.
                referents.extend(values.into_iter().skip(1).step_by(2));
                referents.push(instance.class);
            }
            Payload::Native(_)
                if let Some(sub) = vm.native::<DictSubclass>(arg)
                    && sub.kind != DictKind::MappingProxy =>
            {
                // `defdict_traverse` visits the factory, `odict_traverse` each
                // key in order; both then traverse the dict they extend.
                match sub.kind {
                    DictKind::Default(factory) => referents.extend(factory),
                    DictKind::Ordered => {
                        if let Payload::Dict(dict) = vm.payload(sub.dict) {
                            referents.extend(dict.iter().map(|(key, _)| key));
                        }
                    }
                    DictKind::Counter | DictKind::MappingProxy => {}
                }
                if !sub.released {
                    dict_referents(vm, sub.dict, &mut referents);
                }
            }
            _ => match made_referents(vm, arg) {
                Some(objects) => {
                    referents.extend(&objects);
                    made.extend(objects);
                }
                None => referents.extend(vm.payload(arg).refs()),
            },
        }
    }
    let list = vm.new_list_incref(referents);
    made.into_iter().for_each(|r| vm.decref(r));
    Ok(list)
}

/// What a dict's `tp_traverse` visits: each value, then its key, unless
/// every key is a string (which cannot be part of a cycle).
fn dict_referents(vm: &Vm, dict: ObjRef, out: &mut Vec<ObjRef>) {
    let Payload::Dict(dict) = vm.payload(dict) else {
        return;
    };
    let heap = vm.mem.heap();
    let string_keys = dict
        .iter()
        .all(|(key, _)| matches!(heap.payload(key), Payload::Str(_)));
    for (key, value) in dict.iter() {
        out.push(value);
        if !string_keys {
            out.push(key);
        }
    }
}

/// A new dict holding `entries` (borrowed): what CPython keeps as a dict
/// object and minipy inside another object.
fn dict_snapshot(vm: &mut Vm, entries: Vec<(ObjRef, ObjRef)>) -> ObjRef {
    let dict = vm.alloc(Payload::Dict(Box::default()));
    for (key_object, value) in entries {
        let Some(key) = vm.mem.heap().dict_key(key_object) else {
            continue;
        };
        vm.incref(key_object);
        vm.incref(value);
        vm.dict_set(dict, key, key_object, value);
    }
    dict
}

/// What a function, class or property's `tp_traverse` visits in CPython
/// 3.11, for an object that keeps them in fields of its own rather than in
/// objects: each is made now (new references). A function visits its
/// code, globals, builtins, module name, defaults, keyword defaults, doc,
/// name, `__dict__`, closure and qualified name (`func_traverse`, the
/// absent ones skipped); a class its dict, MRO, bases and first base
/// (`type_traverse`); a property its getter, setter, deleter, doc and name; a
/// static or class method its function and `__dict__`.
fn made_referents(vm: &mut Vm, arg: ObjRef) -> Option<Vec<ObjRef>> {
    use crate::types::descriptors::{Descriptor, DescriptorKind};
    use crate::types::native::Function;
    if let Some(function) = vm.native::<Function>(arg) {
        let (defaults, kwdefaults, closure, name, qualname) = (
            !function.defaults.is_empty(),
            !function.kwdefaults.is_empty(),
            !function.closure.is_empty(),
            function.name.clone(),
            function.qualname.clone(),
        );
        let has_dict = !function.attrs.is_empty();
        let globals = function.globals.unwrap_or(vm.globals);
        let mut made = vec![];
        let attr = |vm: &mut Vm, name: &str| vm.get_attr(arg, name).ok();
        made.extend(attr(vm, "__code__"));
        made.push(vm.new_ref(globals));
        let builtins: Vec<(ObjRef, ObjRef)> = vm.builtins.iter().collect();
        made.push(dict_snapshot(vm, builtins));
        made.extend(attr(vm, "__module__"));
        if defaults {
            made.extend(attr(vm, "__defaults__"));
        }
        if kwdefaults {
            made.extend(attr(vm, "__kwdefaults__"));
        }
        made.extend(attr(vm, "__doc__"));
        made.push(vm.new_str(&name));
        if has_dict {
            let entries = match vm.native::<Function>(arg) {
                Some(function) => function.attrs.iter().collect(),
                None => vec![],
            };
            made.push(dict_snapshot(vm, entries));
        }
        if closure {
            made.extend(attr(vm, "__closure__"));
        }
        made.push(vm.new_str(&qualname));
        return Some(made);
    }
    if let Payload::Class(class) = vm.payload(arg) {
        let bases = class.bases.clone();
        let mro = class
            .attrs
            .get(&ch01_objects::DictKey::Str(
                crate::protocols::type_slots::MRO_KEY.into(),
            ));
        // The proxy's dict: CPython's type dict as a dict.
        let proxy = vm.class_namespace(arg);
        let dict = vm.dict_behind(proxy).map(|d| vm.new_ref(d));
        vm.decref(proxy);
        let mut made: Vec<ObjRef> = dict.into_iter().collect();
        if let Some(mro) = mro {
            made.push(vm.new_ref(mro));
        }
        bases.iter().for_each(|&base| vm.incref(base));
        let first = bases.first().copied();
        made.push(vm.new_tuple_of(bases));
        if let Some(base) = first {
            made.push(vm.new_ref(base));
        }
        return Some(made);
    }
    if let Some(generator) = vm.native::<crate::eval::generators::Generator>(arg) {
        // `gen_traverse`: the code, the name and qualified name, then
        // the frame's object, function, code (again) and values.
        let (code, name, frame) = (
            generator.code(),
            generator.name.clone(),
            generator.frame_referents(),
        );
        let code_object =
            |vm: &mut Vm| vm.new_native(crate::types::frames::CodeObject { code: code.clone() });
        let mut made = vec![code_object(vm), vm.new_str(&name), vm.new_str(&name)];
        if let Some((before_code, values)) = frame {
            made.extend(before_code.into_iter().map(|r| vm.new_ref(r)));
            made.push(code_object(vm));
            made.extend(values.into_iter().map(|r| vm.new_ref(r)));
        }
        return Some(made);
    }
    let descriptor = vm.native::<Descriptor>(arg)?;
    let (kind, parts, doc, name) = (
        descriptor.kind,
        [descriptor.function, descriptor.setter, descriptor.deleter],
        descriptor.doc,
        descriptor.name,
    );
    let mut made: Vec<ObjRef> = parts.into_iter().flatten().map(|r| vm.new_ref(r)).collect();
    match kind {
        DescriptorKind::Property => {
            let doc = match (doc, parts[0]) {
                (Some(doc), _) => Some(vm.new_ref(doc)),
                (None, Some(getter)) => vm.get_attr(getter, "__doc__").ok(),
                (None, None) => None,
            };
            made.extend(doc);
            made.extend(name.map(|name| vm.new_ref(name)));
        }
        DescriptorKind::Static | DescriptorKind::ClassMethod => {
            made.push(vm.alloc(Payload::Dict(Box::default())));
        }
    }
    Some(made)
}

/// `gc.get_threshold()`: CPython 3.11's `(700, 10, 10)` until a program sets them.
fn get_threshold(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    no_arguments(vm, args, "get_threshold")?;
    let values: Vec<ObjRef> = vm
        .gc_thresholds
        .into_iter()
        .map(|n| vm.new_int(n))
        .collect();
    Ok(vm.alloc(Payload::Tuple(values.into())))
}

/// `gc.set_threshold(threshold0[, threshold1[, threshold2]])`.
fn set_threshold(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    if args.is_empty() || args.len() > 3 {
        let message = match args.len() {
            0 => "set_threshold() takes at least 1 argument (0 given)".to_string(),
            n => format!("set_threshold() takes at most 3 arguments ({n} given)"),
        };
        return Err(vm.error(ExcKind::TypeError, message));
    }
    for (i, &arg) in args.iter().enumerate() {
        vm.gc_thresholds[i] = vm.int_arg(arg, "threshold")?;
    }
    let thresholds = vm.gc_thresholds.map(|t| t.max(0) as usize);
    vm.mem.set_gc_thresholds(thresholds);
    Ok(vm.none())
}

/// `gc.get_count()`: `(count0, count1, count2)`, on a stage with
/// generations; `(0, 0, 0)` on the others.
fn get_count(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    no_arguments(vm, args, "get_count")?;
    let counts = vm.mem.gc_count().unwrap_or_default();
    let values: Vec<ObjRef> = counts.into_iter().map(|n| vm.new_int(n as i64)).collect();
    Ok(vm.alloc(Payload::Tuple(values.into())))
}

/// `gc.get_stats()`: one dict per generation, with its collections and
/// what they collected and could not.
fn get_stats(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    no_arguments(vm, args, "get_stats")?;
    let stats = vm.mem.gc_stats().unwrap_or_default();
    let mut dicts = Vec::with_capacity(stats.len());
    for generation in stats {
        let dict = vm.alloc(Payload::Dict(Box::new(ch01_objects::dict::Dict::new())));
        for (name, value) in [
            ("collections", generation.collections),
            ("collected", generation.collected),
            ("uncollectable", generation.uncollectable),
        ] {
            let key = vm.intern(name);
            let value = vm.new_int(value as i64);
            vm.dict_set(dict, ch01_objects::DictKey::Str(name.into()), key, value);
        }
        dicts.push(dict);
    }
    Ok(vm.alloc(Payload::list(dicts)))
}

/// `gc.freeze()`: moves every tracked object to the permanent generation.
fn freeze(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    no_arguments(vm, args, "freeze")?;
    vm.mem.freeze();
    Ok(vm.none())
}

/// `gc.unfreeze()`: the permanent generation joins the oldest.
fn unfreeze(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    no_arguments(vm, args, "unfreeze")?;
    vm.mem.unfreeze();
    Ok(vm.none())
}

/// `gc.get_freeze_count()`.
fn get_freeze_count(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    no_arguments(vm, args, "get_freeze_count")?;
    let count = vm.mem.freeze_count();
    Ok(vm.new_int(count as i64))
}

/// `gc.set_debug(flags)`: what collections print on stderr, and whether
/// they keep their garbage in `gc.garbage` (`DEBUG_SAVEALL`).
fn set_debug(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let [flags] = args else {
        let message = format!(
            "gc.set_debug() takes exactly one argument ({} given)",
            args.len()
        );
        return Err(vm.error(ExcKind::TypeError, message));
    };
    let flags = c_int(vm, *flags)?;
    vm.gc_debug = flags as u32;
    vm.mem.set_gc_debug(flags as u32);
    Ok(vm.none())
}

/// `gc.get_debug()`.
fn get_debug(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    no_arguments(vm, args, "get_debug")?;
    // A C int in CPython: `set_debug(-1)` reads back as -1.
    Ok(vm.new_int(i64::from(vm.gc_debug as i32)))
}

/// An argument Argument Clinic converts to a C `int`: an int that fits.
fn c_int(vm: &mut Vm, arg: ObjRef) -> PyResult<i64> {
    let too_large = || "Python int too large to convert to C int".to_string();
    match vm.int_arg(arg, "int") {
        Ok(n) if i32::try_from(n).is_ok() => Ok(n),
        Ok(_) => Err(vm.error(ExcKind::OverflowError, too_large())),
        Err(err) if vm.is_instance_of_kind(err.0, ExcKind::OverflowError) => {
            vm.decref(err.0);
            Err(vm.error(ExcKind::OverflowError, too_large()))
        }
        Err(err) => Err(err),
    }
}
