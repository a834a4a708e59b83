//! `weakref`: weak references (chapter 6). The type and what freeing a
//! referent or collecting it does are in [`crate::types::weakref`].

use ch01_objects::ObjRef;

use crate::modules::NativeModule;
use crate::types::builtin_fn::{BuiltinFn, Keywords, NativeFunction};
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

/// `ref` and its other name, `ReferenceType`: the type of weak references.
fn values(vm: &mut Vm) -> Vec<(&'static str, ObjRef)> {
    let class = vm.builtin_type("ReferenceType");
    vm.constructors.insert(class, BuiltinFn::WeakrefNew);
    vm.incref(class);
    vm.incref(class);
    vec![("ref", class), ("ReferenceType", class)]
}

/// `weakref.getweakrefcount(obj)`: how many weak references name `obj`.
fn getweakrefcount(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let object = vm.arg(args, 0, "getweakrefcount")?;
    let count = vm.weakrefs_to(object).len();
    Ok(vm.new_int(count as i64))
}

/// `weakref.getweakrefs(obj)`: the weak references to `obj`, in CPython's order.
fn getweakrefs(vm: &mut Vm, args: &[ObjRef], _kwargs: &Keywords) -> PyResult<ObjRef> {
    let object = vm.arg(args, 0, "getweakrefs")?;
    let ordered = vm.weakrefs_in_list_order(object);
    Ok(vm.new_list_incref(ordered))
}
