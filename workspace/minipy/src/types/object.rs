//! The methods every class inherits from `object` (and `BaseException`):
//! `__init__`, `__new__`, `__repr__`, `__str__`, the comparisons, `__hash__`,
//! the attribute hooks `__getattribute__`, `__setattr__` and `__delattr__`,
//! `__sizeof__`, `__format__`, `__dir__` and `__init_subclass__`. CPython:
//! `object_init`, `object_new`, `object_repr`, `object_richcompare`,
//! `PyObject_GenericGetAttr`... in `Objects/typeobject.c` and
//! `Objects/object.c`.

use crate::types::builtin_fn::BuiltinFn;
use crate::types::exceptions::ExcKind;
use crate::types::native::Function;
use crate::vm::{PyResult, Vm};
use ch01_objects::{DictKey, ObjRef, Payload};

/// `object()`: an object with nothing in it. CPython 3.11's `object` type
/// has no `Py_TPFLAGS_HAVE_GC`, so the collector neither counts nor tracks
/// one (`gc.is_tracked(object())` is false), and it takes 16 bytes.
#[derive(Debug)]
pub struct PlainObject;

crate::types::native::native_kind!(
    PlainObject,
    "object",
    |_this, _visit| {},
    |_this, _out| {},
    {
        fn is_gc(&self) -> bool {
            false
        }
        fn size(&self) -> usize {
            16
        }
    }
);

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
                    let os_error = self.exceptions[ExcKind::OSError as usize];
                    if self
                        .class_of_instance(receiver)
                        .is_some_and(|c| self.is_subclass(c, os_error))
                    {
                        self.init_os_error(args);
                    }
                }
                Ok(self.none())
            }
            F::BaseNew => {
                let class = self.arg(args, 0, function)?;
                if self.is_ref_subclass(class) {
                    return self.new_ref_instance(class, &args[1..]);
                }
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
                        self.class_qualname(class),
                        self.mem.heap().address(receiver)
                    ),
                    None => self.repr(receiver)?,
                };
                Ok(self.new_str(&text))
            }
            F::BaseEq | F::BaseNe | F::BaseLt | F::BaseLe | F::BaseGt | F::BaseGe => {
                let (left, right) = (self.arg(args, 0, function)?, self.arg(args, 1, function)?);
                self.object_compare(function, left, right)
            }
            F::BaseHash => {
                let receiver = self.arg(args, 0, function)?;
                let hash = self.identity_hash(receiver);
                Ok(self.new_int(hash))
            }
            F::BaseGetattribute => {
                let (receiver, name) = (self.arg(args, 0, function)?, self.arg(args, 1, function)?);
                let name = self.attribute_name(name)?;
                self.generic_get_attr(receiver, &name)
            }
            F::BaseSetattr => {
                let receiver = self.arg(args, 0, function)?;
                let (name, value) = (self.arg(args, 1, function)?, self.arg(args, 2, function)?);
                let name = self.attribute_name(name)?;
                self.incref(value);
                self.generic_set_attr(receiver, &name, value)?;
                Ok(self.none())
            }
            F::BaseDelattr => {
                let (receiver, name) = (self.arg(args, 0, function)?, self.arg(args, 1, function)?);
                let name = self.attribute_name(name)?;
                self.generic_del_attr(receiver, &name)?;
                Ok(self.none())
            }
            F::BaseSizeof => {
                // `sys.getsizeof` adds the collector's header (16 bytes) to
                // this, and for an instance with a `__dict__` the two words
                // before it that point to its dict and its values.
                let receiver = self.arg(args, 0, function)?;
                let mut size = self.size_of(receiver);
                if self.payload(receiver).is_container() {
                    size = size.saturating_sub(16);
                }
                if let Some(class) = self.class_of_instance(receiver)
                    && self.slot_names(class).is_none()
                {
                    size = size.saturating_sub(16);
                }
                Ok(self.new_int(size as i64))
            }
            F::BaseFormat => {
                let (receiver, spec) = (self.arg(args, 0, function)?, self.arg(args, 1, function)?);
                let spec = self.str_arg(spec, function)?;
                if !spec.is_empty() {
                    let type_name = self.type_name(receiver);
                    return Err(self.error(
                        ExcKind::TypeError,
                        format!("unsupported format string passed to {type_name}.__format__"),
                    ));
                }
                let text = self.str_value(receiver)?;
                Ok(self.new_str(&text))
            }
            F::BaseDir => {
                let receiver = self.arg(args, 0, function)?;
                self.materialize_for_dir(receiver);
                let names = self.dir_names(receiver);
                let items = names.iter().map(|name| self.new_str(name)).collect();
                Ok(self.alloc(Payload::List(items)))
            }
            F::BaseInitSubclass => Ok(self.none()),
            _ => self.call_method_builtin(function, args, &[]),
        }
    }

    /// `object.__eq__` and its kin: equal to itself, and `NotImplemented`
    /// otherwise, so that the other operand is asked; `__ne__` inverts the
    /// type's own `__eq__` unless that returns `NotImplemented`.
    fn object_compare(
        &mut self,
        function: BuiltinFn,
        left: ObjRef,
        right: ObjRef,
    ) -> PyResult<ObjRef> {
        let not_implemented = self.not_implemented();
        let result = match function {
            BuiltinFn::BaseEq if left == right => self.new_bool(true),
            BuiltinFn::BaseNe => match self.call_special(left, "__eq__", &[right]).or_else(|| {
                // A built-in value's own `__eq__` (`object.__ne__(3, 4)`).
                match self.builtin_method(left, "__eq__") {
                    Some(BuiltinFn::Slot(slot)) => Some(self.call_slot(slot, &[left, right], &[])),
                    _ => None,
                }
            }) {
                Some(equal) => {
                    let equal = equal?;
                    if equal == not_implemented {
                        equal
                    } else {
                        let truth = self.truthy(equal);
                        self.decref(equal);
                        self.new_bool(!truth?)
                    }
                }
                None if left == right => self.new_bool(false),
                None => {
                    self.incref(not_implemented);
                    not_implemented
                }
            },
            _ => {
                self.incref(not_implemented);
                not_implemented
            }
        };
        Ok(result)
    }

    /// The `NotImplemented` singleton (borrowed).
    pub(crate) fn not_implemented(&self) -> ObjRef {
        self.builtins
            .get(&DictKey::Str("NotImplemented".into()))
            .unwrap_or(self.singletons.none)
    }

    /// An attribute name passed to a hook: a `str`, or `TypeError` as CPython says it.
    fn attribute_name(&mut self, name: ObjRef) -> PyResult<String> {
        match self.str_of(name) {
            Some(text) => Ok(text.to_string()),
            None => {
                let type_name = self.type_name(name);
                Err(self.error(
                    ExcKind::TypeError,
                    format!("attribute name must be string, not '{type_name}'"),
                ))
            }
        }
    }

    /// The method of `object` called `name`, which every class inherits
    /// unless it defines its own.
    pub(crate) fn object_slot(name: &str) -> Option<BuiltinFn> {
        BuiltinFn::method("<object>", name)
    }
}

impl Vm {
    /// `TypeError` if `class` derives from `ABC` and still has abstract methods.
    pub(crate) fn check_not_abstract(&mut self, class: ObjRef) -> PyResult<()> {
        let Some(&abc) = self.types.get("ABC") else {
            return Ok(());
        };
        let checked = self.is_subclass(class, abc)
            || self
                .lookup_in_class(class, crate::protocols::type_slots::ABC_META_KEY)
                .is_some();
        if class == abc || !checked {
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
