//! `weakref`: weak references (chapter 6). The type and what freeing a
//! referent or collecting it does are in [`crate::types::weakref`].

use ch01_objects::{ObjRef, Payload};

use crate::modules::NativeModule;
use crate::types::builtin_fn::{BuiltinFn, Keywords, NativeFunction};
use crate::types::native::Builtin;
use crate::vm::{PyResult, Vm};

/// The module, for the registry in [`crate::modules`].
pub(crate) const MODULE: NativeModule = NativeModule {
    name: "weakref",
    functions: &[
        NativeFunction::positional("getweakrefcount", getweakrefcount),
        NativeFunction::positional("getweakrefs", getweakrefs),
    ],
    table_functions: &[],
    values,
};

/// The containers written in Python on top of `ref`.
const CONTAINERS_SOURCE: &str = include_str!("weakref_types.py");

/// Their names, in the order `_make` returns them.
const CONTAINERS: [&str; 10] = [
    "WeakValueDictionary",
    "WeakKeyDictionary",
    "WeakSet",
    "finalize",
    "proxy",
    "ProxyType",
    "CallableProxyType",
    "ProxyTypes",
    "WeakMethod",
    "KeyedRef",
];

/// `ref` and its other name, `ReferenceType`: the type of weak references;
/// and the containers built on it.
fn values(vm: &mut Vm) -> Vec<(&'static str, ObjRef)> {
    let class = vm.builtin_type("ReferenceType");
    vm.constructors.insert(class, BuiltinFn::WeakrefNew);
    // CPython's type is `weakref.ReferenceType`.
    let module = vm.new_str("weakref");
    vm.set_hidden_attr(class, "__module__", module);
    vm.incref(class);
    vm.incref(class);
    let mut values = vec![("ref", class), ("ReferenceType", class)];
    match vm.python_module_function(CONTAINERS_SOURCE, "<weakref>", "_make") {
        Ok(make) => {
            vm.incref(class);
            // The three hooks a proxy needs from the interpreter.
            let hooks = [
                BuiltinFn::WeakrefProxyRef,
                BuiltinFn::WeakrefExistingProxy,
                BuiltinFn::WeakrefNewProxy,
            ]
            .map(|function| {
                vm.new_native(Builtin {
                    function,
                    receiver: None,
                })
            });
            let made = vm.call(make, vec![class, hooks[0], hooks[1], hooks[2]], None);
            vm.decref(make);
            match made {
                Ok(classes) => {
                    let items = match vm.payload(classes) {
                        Payload::Tuple(items) => items.to_vec(),
                        _ => Vec::new(),
                    };
                    for (name, item) in CONTAINERS.into_iter().zip(items) {
                        vm.incref(item);
                        values.push((name, item));
                    }
                    vm.decref(classes);
                }
                Err(err) => vm.release_error(err),
            }
        }
        Err(err) => vm.release_error(err),
    }
    values
}

/// `weakref.getweakrefcount(obj)`: how many weak references name `obj`.
fn getweakrefcount(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let object = vm.arg(args, 0, "getweakrefcount")?;
    let count = vm.weakrefs_to(object).len();
    Ok(vm.new_int(count as i64))
}

/// `weakref.getweakrefs(obj)`: the weak references to `obj`, in CPython's
/// order, each proxy standing for the reference it holds.
fn getweakrefs(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let object = vm.arg(args, 0, "getweakrefs")?;
    let ordered: Vec<ObjRef> = vm
        .weakrefs_in_list_order(object)
        .into_iter()
        .map(|weakref| vm.proxy_of(weakref).unwrap_or(weakref))
        .collect();
    Ok(vm.new_list_incref(ordered))
}
