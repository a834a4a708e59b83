//! The methods every class inherits from `object` (and `BaseException`):
//! `__init__`, `__new__`, `__repr__`, `__str__`. CPython: `object_init`,
//! `object_new`, `object_repr` in `Objects/typeobject.c`.

use crate::types::builtin_fn::BuiltinFn;
use crate::types::exceptions::ExcKind;
use crate::types::native::Function;
use crate::vm::{PyResult, Vm};
use ch01_objects::{DictKey, ObjRef, Payload};

/// The attribute `abstractmethod` sets on a function.
pub(crate) const ABSTRACT_FLAG: &str = "__isabstractmethod__";

impl Vm {
    /// Calls the `object` method `function`. `args` are borrowed, the receiver first.
    pub(crate) fn object_method(
        &mut self,
        function: BuiltinFn,
        args: &[ObjRef],
    ) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        match function {
            F::BaseInit => {
                // `object.__init__` does nothing; `BaseException.__init__` keeps its arguments.
                let receiver = self.arg(args, 0, function)?;
                let base = self.exceptions[ExcKind::BaseException as usize];
                if self
                    .class_of_instance(receiver)
                    .is_some_and(|c| self.is_subclass(c, base))
                {
                    let tuple = self.new_tuple_incref(args[1..].to_vec());
                    self.set_attr_raw(receiver, "args", tuple);
                }
                Ok(self.none())
            }
            F::BaseNew => {
                let class = self.arg(args, 0, function)?;
                self.new_instance(class)
            }
            F::BaseRepr | F::BaseStr => {
                let receiver = self.arg(args, 0, function)?;
                let text = match self.class_of_instance(receiver) {
                    Some(class)
                        if function == F::BaseStr
                            && self.is_subclass(
                                class,
                                self.exceptions[ExcKind::BaseException as usize],
                            ) =>
                    {
                        self.exception_message(receiver)
                    }
                    Some(class) => format!(
                        "<__main__.{} object at {:#x}>",
                        self.class_name(class),
                        self.mem.heap().address(receiver)
                    ),
                    None => self.repr(receiver)?,
                };
                Ok(self.new_str(&text))
            }
            _ => self.call_method_builtin(function, args, &[]),
        }
    }
}

impl Vm {
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
