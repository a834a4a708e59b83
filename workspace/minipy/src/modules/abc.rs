//! `abc`: `ABC` and `abstractmethod`. A class deriving from `ABC` cannot be
//! instantiated while any of its methods is still abstract.
//!
//! Serves the example programs that define interfaces; the check runs when
//! the class is called, before any memory is allocated for the instance.

use ch01_objects::{DictKey, ObjRef, Payload};

use crate::types::builtin_fn::BuiltinFn;
use crate::types::exceptions::ExcKind;
use crate::types::native::Function;
use crate::vm::{PyResult, Vm};

/// The attribute `abstractmethod` sets on a function.
const ABSTRACT_FLAG: &str = "__isabstractmethod__";

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
    vec![("ABC", class)]
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

    /// `TypeError` if `class` derives from `ABC` and still has abstract methods.
    pub(crate) fn check_not_abstract(&mut self, class: ObjRef) -> PyResult<()> {
        let Some(&abc) = self.types.get("ABC") else {
            return Ok(());
        };
        if class == abc || !self.is_subclass(class, abc) {
            return Ok(());
        }
        let mut names: Vec<String> = vec![];
        for ancestor in self.mro(class) {
            let keys: Vec<String> = match self.payload(ancestor) {
                Payload::Class(c) => c
                    .attrs
                    .iter()
                    .filter_map(|(k, _)| self.str_of(k).map(str::to_string))
                    .collect(),
                _ => vec![],
            };
            for name in keys {
                if names.contains(&name) {
                    continue;
                }
                let abstract_method = self
                    .lookup_in_class(class, &name)
                    .and_then(|attr| self.native::<Function>(attr))
                    .and_then(|f| f.attrs.get(&DictKey::Str(ABSTRACT_FLAG.into())))
                    .is_some_and(|flag| flag == self.singletons.true_);
                if abstract_method {
                    names.push(name);
                }
            }
        }
        if names.is_empty() {
            return Ok(());
        }
        names.sort();
        let class_name = self.class_name(class);
        let plural = if names.len() == 1 { "" } else { "s" };
        Err(self.error(
            ExcKind::TypeError,
            format!(
                "Can't instantiate abstract class {class_name} with abstract method{plural} {}",
                names.join(", ")
            ),
        ))
    }
}
