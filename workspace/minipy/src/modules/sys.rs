//! `sys`: the counts and sizes chapters 1 and 2 read (`getrefcount`,
//! `getsizeof`), the recursion limit, the exception being handled, and
//! the parts ordinary programs use (`argv`, `maxsize`, the standard streams).
//!
//! Nothing here allocates behind the program's back except the values it
//! returns.

use ch01_objects::{ObjRef, Payload};

use crate::modules::NativeModule;
use crate::types::builtin_fn::{Keywords, NativeFunction};
use crate::types::exceptions::ExcKind;
use crate::types::stream::Stream;
use crate::vm::{PyErr, PyResult, Vm};

/// The module, for the registry in [`crate::modules`].
pub(crate) const MODULE: NativeModule = NativeModule {
    name: "sys",
    functions: &[
        NativeFunction::positional("getrefcount", getrefcount),
        NativeFunction::positional("getsizeof", getsizeof),
        NativeFunction::positional("getallocatedblocks", getallocatedblocks),
        NativeFunction::positional("exit", exit),
        NativeFunction::positional("getrecursionlimit", getrecursionlimit),
        NativeFunction::positional("setrecursionlimit", setrecursionlimit),
        NativeFunction::positional("exc_info", exc_info),
        NativeFunction::positional("exception", exception),
        NativeFunction::positional("intern", intern),
        NativeFunction::positional("_debugmallocstats", debugmallocstats),
        NativeFunction::positional("_getframe", getframe),
        NativeFunction::positional("is_finalizing", is_finalizing),
    ],
    table_functions: &[],
    values,
};

/// The hooks `sys` starts with, each also kept as `sys.__<name>__`.
static EXCEPTHOOK: NativeFunction = NativeFunction::positional("excepthook", excepthook);
static UNRAISABLEHOOK: NativeFunction =
    NativeFunction::positional("unraisablehook", unraisablehook);

/// What `sys.getrefcount` reports for an object minipy never counts (None,
/// the booleans, small ints, ...): CPython 3.12's immortal count, 2**32 - 1.
const IMMORTAL_REFCOUNT: i64 = 4_294_967_295;

/// The deepest recursion `sys.setrecursionlimit` may allow: what the
/// interpreter thread's stack ([`crate::INTERPRETER_STACK_BYTES`]) holds.
const MAX_RECURSION_LIMIT: usize = 50_000;

/// `sys.getrefcount(x)`: the count in `x`'s header, which includes the
/// reference the call's own argument holds.
fn getrefcount(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let object = vm.arg(args, 0, "getrefcount")?;
    let header = &vm.mem.heap().get(object).header;
    let count = if ch02_refcount::flags::is_immortal(header) {
        // Never counted: report what CPython 3.12+ reports for an immortal
        // object (`_Py_IMMORTAL_REFCNT`), not a count of 1.
        IMMORTAL_REFCOUNT
    } else {
        header.refcount as i64
    };
    Ok(vm.new_int(count))
}

/// `sys.is_finalizing()`: true once the interpreter has begun to shut
/// down (the `__del__` methods run at exit see it).
fn is_finalizing(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let finalizing = vm.finalizing;
    Ok(vm.new_bool(finalizing))
}

/// `sys._getframe(depth=0, /)`: the frame object of the running function,
/// or of the one `depth` calls up (see [`crate::types::frames`]).
fn getframe(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    if args.len() > 1 {
        let message = format!("_getframe expected at most 1 argument, got {}", args.len());
        return Err(vm.error(ExcKind::TypeError, message));
    }
    let depth = match args.first() {
        Some(&depth) => vm.int_arg(depth, "_getframe")?,
        None => 0,
    };
    vm.get_frame(depth)
}

/// `sys.excepthook(type, value, traceback)`: prints `value` with its
/// traceback to stderr, as an exception nothing caught is printed.
fn excepthook(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    if args.len() != 3 {
        let message = format!("excepthook expected 3 arguments, got {}", args.len());
        return Err(vm.error(ExcKind::TypeError, message));
    }
    let value = args[1];
    if vm.class_of_instance(value).is_none_or(|class| {
        !vm.is_subclass(class, vm.exceptions[ExcKind::BaseException as usize])
    }) {
        let type_name = vm.type_name(value);
        let message = format!("print_exception(): Exception expected for value, {type_name} found");
        return Err(vm.error(ExcKind::TypeError, message));
    }
    vm.print_traceback(&PyErr(value));
    Ok(vm.none())
}

/// `sys.unraisablehook(unraisable)`: prints what `__del__`, a weak
/// reference's callback or a gc callback raised, as 3.11's default hook does.
fn unraisablehook(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let unraisable = vm.arg(args, 0, "unraisablehook")?;
    let items = vm
        .native::<crate::types::namedtuple::NamedTuple>(unraisable)
        .map(|n| n.items.to_vec())
        .filter(|items| items.len() == 5);
    let Some(items) = items else {
        return Err(vm.error(
            ExcKind::TypeError,
            "sys.unraisablehook argument type must be UnraisableHookArgs".into(),
        ));
    };
    let err_msg = vm.str_of(items[3]).map(str::to_string);
    let object = Some(items[4]).filter(|&o| o != vm.none());
    if vm.class_of_instance(items[1]).is_some() {
        vm.print_unraisable(err_msg.as_deref(), object, items[1]);
    }
    Ok(vm.none())
}

/// `sys.getsizeof(x)`: what CPython 3.11 would report (see [`crate::types::sizes`]).
/// A class's own `__sizeof__` answers instead, plus what sits in front of
/// its instances (CPython 3.11's `_PySys_GetSizeOf`); `default`, if given,
/// stands for a size it fails to give.
fn getsizeof(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let object = vm.arg(args, 0, "getsizeof")?;
    let own = vm
        .class_of_instance(object)
        .filter(|_| matches!(vm.payload(object), Payload::Instance(_)))
        .and_then(|class| vm.lookup_in_class(class, "__sizeof__"));
    let Some(method) = own else {
        let size = vm.size_of(object) as i64;
        return Ok(vm.new_int(size));
    };
    vm.incref(method);
    vm.incref(object);
    let result = vm.call(method, vec![object], None);
    vm.decref(method);
    let size = result.and_then(|value| {
        let size = match vm.payload(value) {
            Payload::Int(n) => Ok(*n),
            Payload::Bool(b) => Ok(i64::from(*b)),
            _ => Err(vm.error(
                ExcKind::TypeError,
                "an integer is required".into(),
            )),
        };
        vm.decref(value);
        match size? {
            n if n < 0 => Err(vm.error(
                ExcKind::ValueError,
                "__sizeof__() should return >= 0".into(),
            )),
            n => Ok(n),
        }
    });
    // The collector's header, and the words in front of an instance that
    // has a `__dict__` (3.11's `_PyType_PreHeaderSize`).
    let has_dict = vm
        .class_of_instance(object)
        .is_some_and(|class| vm.instances_have(class, "__dict__"));
    let header = if has_dict { 32 } else { 16 };
    match (size, args.get(1)) {
        (Ok(n), _) => Ok(vm.new_int(n + header)),
        (Err(err), Some(&default)) if vm.is_instance_of_kind(err.0, ExcKind::TypeError) => {
            vm.decref(err.0);
            Ok(vm.new_ref(default))
        }
        (Err(err), _) => Err(err),
    }
}

/// `sys._debugmallocstats()`: the small-object allocator's report, on
/// stderr, in CPython 3.11's format (chapter 7). On a stage without pymalloc
/// it prints nothing, as `PYTHONMALLOC=malloc python3` prints no allocator
/// part (CPython then goes on with its types' free lists, which minipy
/// does not have).
fn debugmallocstats(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    if let Some(allocator) = crate::stage::allocator::installed()
        && allocator.is_enabled()
        && let Some(report) = allocator.report()
    {
        eprint!("{report}");
    }
    Ok(vm.none())
}

/// `sys.getallocatedblocks()`: how many blocks the small-object allocator
/// has handed out and not had back (chapter 7); 0 on a stage without it,
/// as on `PYTHONMALLOC=malloc python3`.
fn getallocatedblocks(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let blocks = crate::stage::allocator::installed()
        .filter(|allocator| allocator.is_enabled())
        .and_then(|allocator| allocator.allocated_blocks())
        .unwrap_or(0);
    Ok(vm.new_int(blocks as i64))
}

/// `sys.exit([code])`.
fn exit(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    Err(vm.system_exit(args))
}

fn getrecursionlimit(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    Ok(vm.new_int(vm.recursion_limit as i64))
}

fn setrecursionlimit(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let limit = vm.arg(args, 0, "setrecursionlimit")?;
    let limit = vm.int_arg(limit, "limit")?;
    if limit < 1 {
        return Err(vm.error(
            ExcKind::ValueError,
            "recursion limit must be greater or equal than 1".into(),
        ));
    }
    // The interpreter's own stack holds about this many Python calls.
    vm.recursion_limit = (limit as usize).min(MAX_RECURSION_LIMIT);
    Ok(vm.none())
}

/// `sys.exc_info()`: the exception being handled, with its class and
/// traceback — three more references for as long as the tuple lives.
fn exc_info(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let none = vm.none();
    let info = match vm.handled.last().copied() {
        Some(exc) => vec![
            vm.class_of_instance(exc).unwrap_or(none),
            exc,
            vm.get_attr_raw(exc, "__traceback__").unwrap_or(none),
        ],
        None => vec![none, none, none],
    };
    Ok(vm.new_tuple_of(info))
}

/// `sys.exception()` (3.11): the exception being handled, or `None`.
fn exception(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let handled = vm.handled.last().copied().unwrap_or(vm.none());
    Ok(vm.new_ref(handled))
}

/// `sys.intern(s)`: the one string of that text the interpreter keeps.
fn intern(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let text = vm.arg(args, 0, "intern")?;
    vm.str_arg(text, "intern")?;
    if !matches!(vm.payload(text), Payload::Str(_)) {
        let type_name = vm.type_name(text);
        return Err(vm.error(ExcKind::TypeError, format!("can't intern {type_name}")));
    }
    vm.incref(text);
    Ok(vm.intern_object(text))
}

/// `maxsize`, `argv`, the standard streams, `platform` and `byteorder`.
fn values(vm: &mut Vm) -> Vec<(&'static str, ObjRef)> {
    let mut hook = |function: &'static NativeFunction| {
        let object = vm.new_native(crate::types::native::Builtin {
            function: crate::types::builtin_fn::BuiltinFn::Native(function),
            receiver: None,
        });
        (object, vm.new_ref(object))
    };
    let (excepthook, original_excepthook) = hook(&EXCEPTHOOK);
    let (unraisablehook, original_unraisablehook) = hook(&UNRAISABLEHOOK);
    let maxsize = vm.new_int(i64::MAX);
    let script = vm.new_str(&vm.script_name.clone());
    let argv = vm.alloc(Payload::list(vec![script]));
    let stdout = vm.new_native(Stream { is_stderr: false });
    let stderr = vm.new_native(Stream { is_stderr: true });
    // minipy runs programs written for CPython 3.11, whose memory
    // management it rebuilds: it reports that version.
    let parts = [
        vm.new_int(3),
        vm.new_int(11),
        vm.new_int(0),
        vm.new_str("final"),
        vm.new_int(0),
    ];
    let version_info = vm.alloc(Payload::tuple(parts));
    let version = vm.new_str("3.11.0 (minipy)");
    let platform = vm.new_str("linux");
    let byteorder = vm.new_str("little");
    let mut values = vec![
        ("maxsize", maxsize),
        ("argv", argv),
        ("stdout", stdout),
        ("stderr", stderr),
        ("platform", platform),
        ("version_info", version_info),
        ("version", version),
        ("byteorder", byteorder),
        ("excepthook", excepthook),
        ("__excepthook__", original_excepthook),
        ("unraisablehook", unraisablehook),
        ("__unraisablehook__", original_unraisablehook),
    ];
    values.extend(last_exception_values(vm));
    values
}

/// The names under which sys keeps the program's uncaught exception, and
/// what each holds (one new reference apiece); none before there is one.
fn last_exception_values(vm: &mut Vm) -> Vec<(&'static str, ObjRef)> {
    let Some(exc) = vm.last_exception else {
        return vec![];
    };
    let none = vm.none();
    let values = [
        ("last_type", vm.class_of_instance(exc).unwrap_or(none)),
        ("last_value", exc),
        (
            "last_traceback",
            vm.get_attr_raw(exc, "__traceback__").unwrap_or(none),
        ),
    ];
    values.iter().for_each(|&(_, value)| vm.incref(value));
    values.to_vec()
}

impl Vm {
    /// Keeps the exception a program ended with, as CPython 3.11's
    /// `PyErr_Print` does in `sys.last_type`, `sys.last_value` and
    /// `sys.last_traceback`: its traceback, and the frames and locals that
    /// holds, outlive the `atexit` functions and the first collection at
    /// exit, and are let go of when shutdown starts clearing modules.
    pub fn keep_last_exception(&mut self, err: PyErr) {
        if let Some(previous) = self.last_exception.replace(err.0) {
            self.decref(previous);
        }
        if let Some(&sys) = self.modules.get("sys") {
            for (name, value) in last_exception_values(self) {
                self.set_module_attr(sys, name, value);
            }
        }
    }

    /// The first step of clearing modules at exit (3.11's
    /// `finalize_modules_delete_special`): sys's `argv` and `last_*` names
    /// are set to None, which frees an uncaught exception's frames.
    pub(crate) fn clear_sys_specials(&mut self) {
        if let Some(&sys) = self.modules.get("sys") {
            for name in ["argv", "last_type", "last_value", "last_traceback"] {
                let none = self.none();
                self.set_module_attr(sys, name, none);
            }
        }
        if let Some(exc) = self.last_exception.take() {
            self.decref(exc);
        }
    }

    /// The `SystemExit` that `sys.exit(args)` (and the built-ins `exit`
    /// and `quit`) raise.
    pub(crate) fn system_exit(&mut self, args: &[ObjRef]) -> PyErr {
        let class = self.exceptions[ExcKind::SystemExit as usize];
        let args: Vec<ObjRef> = args.to_vec();
        args.iter().for_each(|&a| self.mem.incref(a));
        self.incref(class);
        let exc = self.call(class, args, None);
        self.decref(class);
        match exc {
            Ok(exc) => PyErr(exc),
            Err(err) => err,
        }
    }
}
