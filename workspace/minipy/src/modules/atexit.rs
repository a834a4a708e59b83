//! `atexit`: functions to call when the program ends, newest first, before
//! the interpreter's last collections (CPython 3.11: `Modules/atexitmodule.c`,
//! run by `Py_FinalizeEx` before `PyGC_Collect`). `weakref.finalize`
//! registers itself here, as `Lib/weakref.py` does (chapter 6).

use std::rc::Rc;

use ch01_objects::ObjRef;

use crate::modules::NativeModule;
use crate::types::builtin_fn::{ANY_KEYWORDS, Keywords, NativeFunction};
use crate::types::exceptions::ExcKind;
use crate::vm::{PyResult, Vm};

/// The module, for the registry in [`crate::modules`].
pub(crate) const MODULE: NativeModule = NativeModule {
    name: "atexit",
    functions: &[
        NativeFunction {
            name: "register",
            keywords: ANY_KEYWORDS,
            call: register,
        },
        NativeFunction::positional("unregister", unregister),
        NativeFunction::positional("_run_exitfuncs", run_exitfuncs),
        NativeFunction::positional("_clear", clear),
    ],
    table_functions: &[],
    values: crate::modules::no_values,
};

/// One registered call: the function, its arguments and keywords (counted references).
#[derive(Debug)]
pub(crate) struct ExitCall {
    function: ObjRef,
    args: Vec<ObjRef>,
    kwargs: Vec<(Rc<str>, ObjRef)>,
}

/// `atexit.register(func, *args, **kwargs)`: returns `func`, so that it can
/// be used as a decorator.
fn register(vm: &mut Vm, args: &[ObjRef], kwargs: &Keywords) -> PyResult<ObjRef> {
    let Some((&function, rest)) = args.split_first() else {
        return Err(vm.error(
            ExcKind::TypeError,
            "register() takes at least 1 argument (0 given)".into(),
        ));
    };
    if !vm.is_callable(function) {
        return Err(vm.error(
            ExcKind::TypeError,
            "the first argument must be callable".into(),
        ));
    }
    for &r in std::iter::once(&function)
        .chain(rest)
        .chain(kwargs.iter().map(|(_, v)| v))
    {
        vm.incref(r);
    }
    vm.exit_calls.push(ExitCall {
        function,
        args: rest.to_vec(),
        kwargs: kwargs.to_vec(),
    });
    vm.incref(function);
    Ok(function)
}

/// `atexit.unregister(func)`: forgets every registration of `func` (compared with `==`).
fn unregister(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let function = vm.arg(args, 0, "unregister")?;
    let mut kept = Vec::new();
    for call in std::mem::take(&mut vm.exit_calls) {
        let equal = call.function == function || vm.values_equal(call.function, function)?;
        if equal {
            vm.release_exit_call(call);
        } else {
            kept.push(call);
        }
    }
    vm.exit_calls.extend(kept);
    Ok(vm.none())
}

fn run_exitfuncs(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    vm.run_exit_calls();
    Ok(vm.none())
}

fn clear(vm: &mut Vm, _args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    for call in std::mem::take(&mut vm.exit_calls) {
        vm.release_exit_call(call);
    }
    Ok(vm.none())
}

impl Vm {
    /// Calls the registered functions, the last registered first; an
    /// exception is reported and the next one runs, as CPython does.
    pub(crate) fn run_exit_calls(&mut self) {
        // What is registered while they run is not run (3.11's
        // `atexit_callfuncs` walks the list as it was), only released.
        let calls = std::mem::take(&mut self.exit_calls);
        for call in calls.into_iter().rev() {
            let function = call.function;
            let kwargs = (!call.kwargs.is_empty()).then_some(call.kwargs);
            match self.call(function, call.args, kwargs) {
                Ok(result) => self.decref(result),
                Err(err) => {
                    self.write_unraisable_msg(Some("Exception ignored in atexit callback"), function, err);
                }
            }
            // The registration's reference.
            self.decref(function);
        }
        for late in std::mem::take(&mut self.exit_calls) {
            self.release_exit_call(late);
        }
    }

    fn release_exit_call(&mut self, call: ExitCall) {
        self.decref(call.function);
        self.decref_all(call.args);
        for (_, value) in call.kwargs {
            self.decref(value);
        }
    }
}
