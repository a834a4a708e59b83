//! The methods every class inherits from `object` (and `BaseException`):
//! `__init__`, `__new__`, `__repr__`, `__str__`. CPython: `object_init`,
//! `object_new`, `object_repr` in `Objects/typeobject.c`.

use crate::types::builtin_fn::BuiltinFn;
use crate::types::exceptions::ExcKind;
use crate::vm::{PyResult, Vm};
use ch01_objects::ObjRef;

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
