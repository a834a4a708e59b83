//! `abc`: `ABC`, `ABCMeta` and `abstractmethod`. A class deriving from
//! `ABC`, or made with `metaclass=ABCMeta`, cannot be instantiated while
//! any of its methods is still abstract.
//!
//! Serves the example programs that define interfaces; the check runs when
//! the class is called, before any memory is allocated for the instance.

use crate::types::builtin_fn::BuiltinFn;
use crate::types::native::Function;
use crate::types::object::ABSTRACT_FLAG;
use crate::vm::{PyResult, Vm};
use ch01_objects::ObjRef;

/// The functions of the `abc` module.
pub(crate) const ABC_FUNCTIONS: &[BuiltinFn] = &[BuiltinFn::Abstractmethod];

/// The module, for the registry in [`crate::modules`].
pub(crate) const MODULE: crate::modules::NativeModule = crate::modules::NativeModule {
    name: "abc",
    functions: &[],
    table_functions: ABC_FUNCTIONS,
    values,
};

fn values(vm: &mut crate::vm::Vm) -> Vec<(&'static str, ObjRef)> {
    let class = vm.abc_class();
    vm.incref(class);
    // Only as `metaclass=ABCMeta`, which gives the abstract-method check.
    let meta = vm.builtin_type("ABCMeta");
    vm.incref(meta);
    vec![("ABC", class), ("ABCMeta", meta)]
}

impl Vm {
    /// `abc.ABC`: a plain class; deriving from it turns on the check.
    pub(crate) fn abc_class(&mut self) -> ObjRef {
        self.builtin_type("ABC")
    }

    /// `@abstractmethod`: marks the function and returns it.
    pub(crate) fn abstractmethod(&mut self, function: ObjRef) -> PyResult<ObjRef> {
        if self.native::<Function>(function).is_some() {
            let flag = self.new_bool(true);
            self.set_function_attr(function, ABSTRACT_FLAG, flag);
        }
        self.incref(function);
        Ok(function)
    }
}
