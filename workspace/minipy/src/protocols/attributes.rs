//! Attribute access: `getattr`, `setattr`, `delattr` on instances, classes,
//! modules and built-in objects, and finding the method `LOAD_METHOD` calls
//! (CPython: `PyObject_GenericGetAttr`, `_PyObject_GetMethod`).

use crate::types::builtin_fn::BuiltinFn;
use crate::types::descriptors::{Descriptor, DescriptorKind};
use crate::types::exceptions::ExcKind;
use crate::types::native::{self, Builtin, File, Function};
use crate::vm::{PyResult, Vm};
use ch01_objects::{Dict, DictKey, ObjRef, Payload};

impl Vm {
    /// True if `object.name` is certainly missing, found without raising:
    /// an instance of a plain class, no hook, no such attribute on it or
    /// its class. `hasattr` and `getattr` with a default ask first, as
    /// CPython 3.11's `_PyObject_LookupAttr` answers without making the
    /// `AttributeError` it would discard.
    pub(crate) fn surely_missing_attr(&mut self, object: ObjRef, name: &str) -> bool {
        let Payload::Instance(instance) = self.payload(object) else {
            return false;
        };
        let class = instance.class;
        if name.starts_with("__")
            || self.is_subclass(class, self.exceptions[ExcKind::BaseException as usize])
            || self.builtin_base(class).is_some()
            || self.is_ref_subclass(class)
        {
            return false;
        }
        let hooks = ["__getattr__", "__getattribute__"];
        if hooks
            .iter()
            .any(|hook| self.lookup_in_class(class, hook).is_some())
            || self.lookup_in_class(class, name).is_some()
            || self
                .lookup_in_class(class, &crate::protocols::type_slots::descriptor_key(name))
                .is_some()
        {
            return false;
        }
        let key = self.lookup_key(name);
        self.instance_attr(object, &key).is_none()
    }

    /// `object.name` without a class's `__getattribute__`, a new reference.
    /// CPython: `PyObject_GenericGetAttr`, then `__getattr__`.
    pub(crate) fn generic_get_attr(&mut self, object: ObjRef, name: &str) -> PyResult<ObjRef> {
        let key = self.lookup_key(name);
        if let Some(result) = self.super_attr(object, name) {
            return result;
        }
        // Data descriptors on the class win over the instance's own
        // attributes: properties, and descriptors written in Python.
        if let Some(class) = self.class_of_instance(object)
            && let Some(attr) = self.lookup_in_class(class, name)
        {
            let is_property = self
                .native::<Descriptor>(attr)
                .is_some_and(|d| d.kind == DescriptorKind::Property);
            if is_property && let Some(result) = self.bind_descriptor(attr, Some(object), class) {
                return result;
            }
            if matches!(self.payload(attr), Payload::Instance(_))
                && self.is_data_descriptor(attr)
                && let Some(result) = self.call_descriptor_get(attr, Some(object), class)
            {
                return result;
            }
        }
        if name == "__dict__"
            && let Some(class) = self.class_of_instance(object)
            && self.slot_names(class).is_none()
        {
            return Ok(self.instance_dict(object));
        }
        let found = match self.payload(object) {
            Payload::Instance(instance) => match self.instance_attr(object, &key) {
                Some(value) => Some(value),
                None => {
                    let class = instance.class;
                    match self.lookup_in_class(class, name) {
                        Some(attr) if self.native::<Descriptor>(attr).is_some() => {
                            if let Some(result) = self.bind_descriptor(attr, Some(object), class) {
                                return result;
                            }
                            Some(attr)
                        }
                        Some(attr) if matches!(self.payload(attr), Payload::Instance(_)) => {
                            if let Some(result) =
                                self.call_descriptor_get(attr, Some(object), class)
                            {
                                return result;
                            }
                            Some(attr)
                        }
                        // A function, or an `lru_cache` of one (whose
                        // `__get__` binds it too): a method of the instance.
                        Some(attr)
                            if self.native::<Function>(attr).is_some()
                                || self
                                    .native::<crate::types::callable_wrappers::CachedFunction>(attr)
                                    .is_some() =>
                        {
                            self.incref(attr);
                            self.incref(object);
                            let method = self.new_native(native::BoundMethod {
                                function: attr,
                                receiver: object,
                            });
                            return Ok(method);
                        }
                        Some(attr) => Some(attr),
                        None if name == "__class__" => Some(class),
                        None if name == "value"
                            && self.is_subclass(
                                class,
                                self.exceptions[ExcKind::StopIteration as usize],
                            ) =>
                        {
                            // `StopIteration.value`: its first argument (what
                            // the generator returned), or None.
                            let first = self
                                .get_attr_raw(object, "args")
                                .and_then(|args| self.tuple_like_items(args))
                                .and_then(|items| items.first().copied());
                            Some(first.unwrap_or(self.singletons.none))
                        }
                        None if name == "code"
                            && self.is_subclass(
                                class,
                                self.exceptions[ExcKind::SystemExit as usize],
                            ) =>
                        {
                            // `SystemExit.code`: None without arguments, the
                            // one argument, or all of them (`SystemExit_init`).
                            let args = self.get_attr_raw(object, "args");
                            let items = args
                                .and_then(|a| self.tuple_like_items(a))
                                .unwrap_or_default();
                            Some(match items.as_slice() {
                                [] => self.singletons.none,
                                [one] => *one,
                                _ => args.unwrap_or(self.singletons.none),
                            })
                        }
                        None if matches!(name, "__cause__" | "__context__" | "__traceback__")
                            && self.is_subclass(
                                class,
                                self.exceptions[ExcKind::BaseException as usize],
                            ) =>
                        {
                            Some(self.singletons.none)
                        }
                        None if (name == "name"
                            && (self.is_subclass(
                                class,
                                self.exceptions[ExcKind::NameError as usize],
                            ) || self.is_subclass(
                                class,
                                self.exceptions[ExcKind::AttributeError as usize],
                            )))
                            || (name == "obj"
                                && self.is_subclass(
                                    class,
                                    self.exceptions[ExcKind::AttributeError as usize],
                                )) =>
                        {
                            Some(self.singletons.none)
                        }
                        None if name == "__suppress_context__"
                            && self.is_subclass(
                                class,
                                self.exceptions[ExcKind::BaseException as usize],
                            ) =>
                        {
                            Some(self.singletons.false_)
                        }
                        None => None,
                    }
                }
            },
            Payload::Class(class) => match name {
                "__name__" => {
                    let text = class.name.to_string();
                    return Ok(self.new_str(&text));
                }
                "__mro__" => {
                    // CPython's `tp_mro`: the tuple the class keeps.
                    let key = DictKey::Str(crate::protocols::type_slots::MRO_KEY.into());
                    if let Some(mro) = class.attrs.get(&key) {
                        self.incref(mro);
                        return Ok(mro);
                    }
                    let mro = self.mro(object);
                    return Ok(self.new_tuple_of(mro));
                }
                "__dict__" => return Ok(self.class_namespace(object)),
                "__qualname__" => {
                    let text = self.class_qualname(object);
                    return Ok(self.new_str(&text));
                }
                "__bases__" => {
                    let bases = class.bases.clone();
                    return Ok(self.new_tuple_of(bases));
                }
                "__base__" => {
                    // CPython's `tp_base`: the best base (`object` has none).
                    let base = self.base_of(object).unwrap_or(self.singletons.none);
                    self.incref(base);
                    return Ok(base);
                }
                // Methods every class has from `type`, bound to the class.
                // (`type.mro` itself is the unbound method: `type.mro(C)`.)
                "mro" | "__subclasses__"
                    if self.lookup_in_class(object, name).is_none()
                        && self.constructors.get(&object) != Some(&BuiltinFn::Type) =>
                {
                    let function = if name == "mro" {
                        BuiltinFn::TypeMro
                    } else {
                        BuiltinFn::TypeSubclasses
                    };
                    self.incref(object);
                    return Ok(self.new_native(Builtin {
                        function,
                        receiver: Some(object),
                    }));
                }
                // A class with no docstring has `__doc__` None in its dict.
                "__hash__" if self.unhashable_builtin(object) => return Ok(self.none()),
                "__doc__" if self.lookup_in_class(object, name).is_none() => {
                    return Ok(self.none());
                }
                "__module__" if self.lookup_in_class(object, name).is_none() => {
                    // A class statement stores its module's name in the class;
                    // the built-in types belong to `builtins`.
                    let module = if self.constructors.contains_key(&object)
                        || self.exceptions.contains(&object)
                    {
                        "builtins"
                    } else {
                        "__main__"
                    };
                    return Ok(self.new_str(module));
                }
                "__init__" | "__repr__" | "__str__" | "__new__"
                    if (self.constructors.contains_key(&object)
                        || self.exceptions.contains(&object))
                        && class.attrs.get(&key).is_none()
                        && self.builtin_type_name(object, name).is_none() =>
                {
                    let function = match name {
                        "__init__" => BuiltinFn::BaseInit,
                        "__repr__" => BuiltinFn::BaseRepr,
                        "__new__" => BuiltinFn::BaseNew,
                        _ => BuiltinFn::BaseStr,
                    };
                    return Ok(self.method_descriptor(function, name));
                }
                _ if self.builtin_type_name(object, name).is_some() => {
                    // `str.upper`, `list.append`: the built-in method, unbound
                    // (also reached through a subclass, `Stack.append`).
                    let type_name = self.builtin_type_name(object, name).unwrap_or_default();
                    let function = BuiltinFn::method(&type_name, name);
                    return match function {
                        // A class method (`dict.fromkeys`) is bound to the type.
                        Some(function @ (BuiltinFn::DictFromkeys | BuiltinFn::IntFromBytes)) => {
                            self.incref(object);
                            Ok(self.new_native(Builtin {
                                function,
                                receiver: Some(object),
                            }))
                        }
                        Some(function) => Ok(self.method_descriptor(function, name)),
                        None => Err(self.attribute_error(object, name)),
                    };
                }
                _ => match self.lookup_in_class(object, name) {
                    Some(attr) if self.native::<Descriptor>(attr).is_some() => {
                        if let Some(result) = self.bind_descriptor(attr, None, object) {
                            return result;
                        }
                        Some(attr)
                    }
                    Some(attr) if matches!(self.payload(attr), Payload::Instance(_)) => {
                        if let Some(result) = self.call_descriptor_get(attr, None, object) {
                            return result;
                        }
                        Some(attr)
                    }
                    other => other,
                },
            },
            Payload::Native(native) => match native.as_any().downcast_ref::<native::Module>() {
                Some(module) => module.attrs.get(&key),
                None => None,
            },
            _ => None,
        };
        if let Some(value) = found {
            self.incref(value);
            return Ok(value);
        }
        if name == "__name__"
            && let Some(module) = self.native::<native::Module>(object)
        {
            // A module written in Rust has its name without an entry for it.
            let module_name = module.name.clone();
            return Ok(self.new_str(&module_name));
        }
        if name == "__hash__" && self.unhashable_builtin(object) {
            // The mutable built-ins set `__hash__ = None` in their dicts.
            return Ok(self.none());
        }
        if let Some(function) = self.builtin_method(object, name) {
            self.incref(object);
            return Ok(self.new_native(Builtin {
                function,
                receiver: Some(object),
            }));
        }
        if let Some(function) = self.native::<Function>(object) {
            if let Some(value) = function.attrs.get(&key) {
                self.incref(value);
                return Ok(value);
            }
            if name == "__name__" {
                let text = function.name.to_string();
                return Ok(self.new_str(&text));
            }
            if let Some(value) = self.function_attr(object, name) {
                return Ok(value);
            }
        }
        if let Some(result) = self.descriptor_attr(object, name) {
            return result;
        }
        if let Some(value) = self.partial_attr(object, name) {
            return Ok(value);
        }
        if let Some(method) = self.native::<native::BoundMethod>(object) {
            let (function, receiver) = (method.function, method.receiver);
            match name {
                "__self__" => return Ok(self.new_ref(receiver)),
                "__func__" => return Ok(self.new_ref(function)),
                // CPython's `method_getattro`: what the method type does not
                // define is looked up on the function.
                "__name__" | "__qualname__" | "__doc__" | "__module__" | "__globals__"
                | "__code__" | "__defaults__" | "__kwdefaults__" | "__closure__" | "__dict__"
                | "__wrapped__" | "__annotations__" => {
                    return self.get_attr(function, name);
                }
                _ if !name.starts_with("__") => return self.get_attr(function, name),
                _ => {}
            }
        }
        // A subclass of `weakref.ref`: the reference its instance holds.
        let reference = self.ref_of_instance(object).unwrap_or(object);
        if name == "__callback__"
            && let Some(weakref) = self.native::<crate::types::weakref::WeakRef>(reference)
        {
            // Gone once the referent has died and the callback was called.
            let callback = weakref.callback.unwrap_or(self.none());
            return Ok(self.new_ref(callback));
        }
        if name == "__get__" && self.native::<Function>(object).is_some() {
            // `f.__get__(obj, type)`: the method `obj.f` would be.
            self.incref(object);
            return Ok(self.new_native(Builtin {
                function: BuiltinFn::FunctionGet,
                receiver: Some(object),
            }));
        }
        if name == "cell_contents"
            && let Some(cell) = self.native::<native::Cell>(object)
        {
            return match cell.value {
                Some(value) => Ok(self.new_ref(value)),
                None => Err(self.error(ExcKind::ValueError, "Cell is empty".into())),
            };
        }
        if let Some(result) = self.functools_attr(object, name) {
            return result;
        }
        if let Some(result) = self.frame_attr(object, name) {
            return result;
        }
        if let Some(result) = self.generator_attr(object, name) {
            return result;
        }
        if let Some(value) = self.slice_attr(object, name) {
            return Ok(value);
        }
        if let Some(value) = self.collections_attr(object, name) {
            return Ok(value);
        }
        if let Some(value) = self.rusage_attr(object, name) {
            return Ok(value);
        }
        if let Some(result) = self.dataclass_field_attr(object, name) {
            return result;
        }
        if let Some(value) = self.namedtuple_attr(object, name) {
            return Ok(value);
        }
        if name == "from_iterable"
            && self
                .native::<Builtin>(object)
                .is_some_and(|b| b.function == BuiltinFn::ItChain)
        {
            return Ok(self.new_native(Builtin {
                function: BuiltinFn::ItChainFromIterable,
                receiver: None,
            }));
        }
        if matches!(name, "__name__" | "__qualname__")
            && let Some(builtin) = self.native::<Builtin>(object)
        {
            let function = builtin.function;
            let owner = function.receiver_type();
            // A method's qualified name is its type's and its own (`list.append`).
            let text = if name == "__qualname__" && !owner.is_empty() && !owner.starts_with('<') {
                format!("{owner}.{}", function.name())
            } else {
                function.name().to_string()
            };
            return Ok(self.new_str(&text));
        }
        if name == "__qualname__"
            && let Some(function) = self.native::<Function>(object)
        {
            let text = function.qualname.to_string();
            return Ok(self.new_str(&text));
        }
        if name == "__class__" {
            // Every object's type, built-in ones' too.
            let class = self.type_of(object);
            return Ok(self.new_ref(class));
        }
        if let Some(function) = Self::object_slot(name) {
            // What every class inherits from `object`: bound to an
            // instance, or the unbound method of a class.
            // Every object has them, `object()` and the built-in values too
            // (`(1, 2).__sizeof__()`).
            if !matches!(self.payload(object), Payload::Class(_)) {
                self.incref(object);
                return Ok(self.new_native(Builtin {
                    function,
                    receiver: Some(object),
                }));
            }
            if let Payload::Class(_) = self.payload(object) {
                if function == BuiltinFn::BaseInitSubclass {
                    self.incref(object);
                    return Ok(self.new_native(Builtin {
                        function,
                        receiver: Some(object),
                    }));
                }
                return Ok(self.method_descriptor(function, name));
            }
        }
        if let Payload::Class(_) = self.payload(object)
            && let Some(descriptor) =
                self.lookup_in_class(object, &crate::protocols::type_slots::descriptor_key(name))
        {
            // `C.__weakref__`, `C.slot`: the descriptor a class made.
            self.incref(descriptor);
            return Ok(descriptor);
        }
        if name == "__weakref__"
            && let Some(class) = self.class_of_instance(object)
            && self.instances_have(class, "__weakref__")
        {
            // The head of the object's list of weak references (CPython:
            // `tp_weaklist`), or None.
            let head = self.weakrefs_in_list_order(object).first().copied();
            let head = head.unwrap_or(self.singletons.none);
            self.incref(head);
            return Ok(head);
        }
        if self.class_of_instance(object).is_some() && name != "__getattr__" {
            // The class's fallback for attributes it does not have.
            let attr_name = self.new_str(name);
            let result = self.call_special(object, "__getattr__", &[attr_name]);
            self.decref(attr_name);
            if let Some(result) = result {
                return result;
            }
        }
        Err(self.attribute_error(object, name))
    }

    pub(crate) fn attribute_error(&mut self, object: ObjRef, name: &str) -> crate::vm::PyErr {
        let message = match self.payload(object) {
            Payload::Class(class) => {
                format!("type object '{}' has no attribute '{name}'", class.name)
            }
            Payload::Native(native) if native.as_any().is::<native::Module>() => {
                let module = self
                    .native::<native::Module>(object)
                    .map(|m| m.name.to_string())
                    .unwrap_or_default();
                format!("module '{module}' has no attribute '{name}'")
            }
            _ => format!(
                "'{}' object has no attribute '{name}'",
                self.type_name(object)
            ),
        };
        // 3.11 records what was looked up on what (`name`, `obj`), for the
        // traceback's suggestion; the exception keeps the object alive.
        let err = self.error(ExcKind::AttributeError, message);
        self.set_error_name(&err, name);
        self.incref(object);
        self.set_attr_raw(err.0, "obj", object);
        err
    }

    /// For `LOAD_METHOD`: the function and no bound method, when `name` is a
    /// method of the object's class (or a built-in method of its type).
    pub(crate) fn get_method(&mut self, object: ObjRef, name: &str) -> PyResult<Option<ObjRef>> {
        if let Payload::Instance(instance) = self.payload(object) {
            let class = instance.class;
            if self
                .instance_attr(object, &DictKey::Str(name.into()))
                .is_some()
                || (self.attribute_hooks && self.has_getattribute_hook(object))
            {
                return Ok(None);
            }
            return Ok(match self.lookup_in_class(class, name) {
                Some(attr) if self.native::<Function>(attr).is_some() => {
                    self.incref(attr);
                    Some(attr)
                }
                _ => None,
            });
        }
        if matches!(self.payload(object), Payload::Class(_))
            || self.native::<native::Module>(object).is_some()
        {
            return Ok(None);
        }
        let Some(function) = self.builtin_method(object, name) else {
            return Ok(None);
        };
        Ok(Some(self.method_descriptor(function, name)))
    }

    /// The one unbound built-in method object for `function` (a new reference).
    /// CPython: the `method_descriptor` in the type's dict.
    pub(crate) fn method_descriptor(&mut self, function: BuiltinFn, name: &str) -> ObjRef {
        let type_name: &'static str = function.receiver_type();
        let key = (type_name, std::rc::Rc::from(name));
        let descriptor = match self.method_cache.get(&key) {
            Some(&descriptor) => descriptor,
            None => {
                let descriptor = self.new_native(Builtin {
                    function,
                    receiver: None,
                });
                self.mem.make_immortal(descriptor);
                self.method_cache.insert(key, descriptor);
                descriptor
            }
        };
        self.incref(descriptor);
        descriptor
    }

    /// `object.name = value` without a class's `__setattr__`; takes
    /// `value`'s reference. CPython: `PyObject_GenericSetAttr`.
    pub(crate) fn generic_set_attr(
        &mut self,
        object: ObjRef,
        name: &str,
        value: ObjRef,
    ) -> PyResult<()> {
        // A data descriptor on the class (a property, or one written in
        // Python) takes the assignment; most names have nothing there.
        if let Some(result) = self.assign_through_descriptor(object, name, Some(value)) {
            return result;
        }
        if let Some(nt) = self.native::<crate::types::namedtuple::NamedTuple>(object)
            && self
                .namedtuple_fields(nt.class)
                .is_some_and(|fields| fields.iter().any(|f| f == name))
        {
            // A field is a read-only descriptor of the class (`_tuplegetter`).
            self.decref(value);
            return Err(self.error(ExcKind::AttributeError, "can't set attribute".into()));
        }
        if name == "__dict__"
            && let Some(class) = self.class_of_instance(object)
            && self.slot_names(class).is_none()
        {
            if !matches!(self.payload(value), Payload::Dict(_)) {
                let type_name = self.type_name(value);
                self.decref(value);
                return Err(self.error(
                    ExcKind::TypeError,
                    format!("__dict__ must be set to a dictionary, not a '{type_name}'"),
                ));
            }
            self.replace_instance_dict(object, value);
            return Ok(());
        }
        match self.payload(object) {
            Payload::Instance(instance) => {
                let class = instance.class;
                if !self.instances_may_set(class, name) {
                    self.decref(value);
                    let type_name = self.class_name(class);
                    return Err(self.error(
                        ExcKind::AttributeError,
                        format!("'{type_name}' object has no attribute '{name}'"),
                    ));
                }
                self.set_attr_raw(object, name, value);
                Ok(())
            }
            Payload::Class(_) => {
                let key_object = self.intern(name);
                let old = match self.payload_mut(object) {
                    Payload::Class(class) => {
                        class
                            .attrs
                            .insert(DictKey::Str(name.into()), key_object, value)
                    }
                    _ => None,
                };
                if let Some(old) = old {
                    self.decref(key_object);
                    self.decref(old);
                }
                Ok(())
            }
            _ if self.native::<Function>(object).is_some() => {
                self.set_function_attr(object, name, value);
                Ok(())
            }
            _ if self.native::<native::Module>(object).is_some() => {
                self.set_module_attr(object, name, value);
                Ok(())
            }
            _ => {
                self.decref(value);
                let type_name = self.type_name(object);
                Err(self.error(
                    ExcKind::AttributeError,
                    format!("'{type_name}' object has no attribute '{name}'"),
                ))
            }
        }
    }

    /// `function.name = value`: `__name__` and `__qualname__` rename it
    /// (the value must be a str), anything else goes in its `__dict__`.
    pub(crate) fn set_function_attr(&mut self, function: ObjRef, name: &str, value: ObjRef) {
        let text: Option<std::rc::Rc<str>> = self.str_of(value).map(Into::into);
        if let (Some(text), "__name__" | "__qualname__") = (text, name) {
            if let Some(f) = self.native_mut::<Function>(function) {
                if name == "__name__" {
                    f.name = text;
                } else {
                    f.qualname = text;
                }
            }
            self.decref(value);
            return;
        }
        self.store_native_attr::<Function>(function, name, value, |f| &mut f.attrs);
    }

    /// Stores `value` under `name` in the attribute dict of a native object
    /// (a function's or a module's), releasing what the name held before.
    pub(crate) fn store_native_attr<T: 'static>(
        &mut self,
        owner: ObjRef,
        name: &str,
        value: ObjRef,
        attrs_of: impl FnOnce(&mut T) -> &mut Dict,
    ) {
        let key_object = self.intern(name);
        let old = self.native_mut::<T>(owner).and_then(|native| {
            attrs_of(native).insert(DictKey::Str(name.into()), key_object, value)
        });
        if let Some(old) = old {
            // The dict kept its own key; the interned one we made is not needed.
            self.decref(key_object);
            self.decref(old);
        }
    }

    /// `del object.name` without a class's `__delattr__`.
    pub(crate) fn generic_del_attr(&mut self, object: ObjRef, name: &str) -> PyResult<()> {
        let key = DictKey::Str(name.into());
        if matches!(self.payload(object), Payload::Instance(_)) {
            if let Some(done) = self.assign_through_descriptor(object, name, None) {
                return done;
            }
            return match self.remove_instance_attr(object, &key) {
                Some((key_object, value)) => {
                    self.decref(key_object);
                    self.decref(value);
                    Ok(())
                }
                // An empty slot's member descriptor says only its name.
                None if self
                    .class_of_instance(object)
                    .and_then(|class| self.slot_names(class))
                    .is_some_and(|slots| slots.iter().any(|slot| slot == name)) =>
                {
                    Err(self.error(ExcKind::AttributeError, name.to_string()))
                }
                None => Err(self.attribute_error(object, name)),
            };
        }
        let removed = match self.payload_mut(object) {
            Payload::Class(class) => class.attrs.remove(&key),
            Payload::Native(native) => match native.as_any_mut().downcast_mut::<Function>() {
                Some(function) => function.attrs.remove(&key),
                None => native
                    .as_any_mut()
                    .downcast_mut::<native::Module>()
                    .and_then(|module| module.attrs.remove(&key)),
            },
            _ => None,
        };
        if self.release_entry(removed) {
            Ok(())
        } else {
            Err(self.attribute_error(object, name))
        }
    }

    /// True for a value of a mutable built-in type (`list`, `dict`, `set`,
    /// `bytearray`, `deque`) and for such a type itself: `__hash__` is None.
    fn unhashable_builtin(&self, object: ObjRef) -> bool {
        match self.payload(object) {
            Payload::List(_) | Payload::Dict(_) => true,
            Payload::Class(class) => {
                self.constructors.contains_key(&object)
                    && matches!(
                        &*class.name,
                        "list" | "dict" | "set" | "bytearray" | "deque"
                    )
            }
            Payload::Native(native) => {
                matches!(native.type_name(), "set" | "bytearray" | "deque")
                    || self.dict_behind(object).is_some()
            }
            _ => false,
        }
    }

    /// The built-in method `name` of `object`'s type, if it has one.
    /// The built-in type whose method `name` is `class.name`: the class
    /// itself if it is built in, or the `list` or `dict` it derives from when
    /// no class on the way defines `name`.
    fn builtin_type_name(&self, class: ObjRef, name: &str) -> Option<String> {
        let type_name = match self.payload(class) {
            Payload::Class(c) if self.constructors.contains_key(&class) => c.name.to_string(),
            Payload::Class(_) => {
                let base = self.builtin_base(class)?;
                if self.lookup_in_class(class, name).is_some() {
                    return None;
                }
                base.type_name().to_string()
            }
            _ => return None,
        };
        BuiltinFn::method(&type_name, name).map(|_| type_name)
    }

    pub(crate) fn builtin_method(&self, object: ObjRef, name: &str) -> Option<BuiltinFn> {
        let type_name = match self.payload(object) {
            Payload::List(_) => "list",
            Payload::Dict(_) => "dict",
            Payload::Str(_) => "str",
            Payload::Tuple(_) => "tuple",
            Payload::Int(_) => "int",
            Payload::Bool(_) => {
                return BuiltinFn::method("bool", name).or_else(|| BuiltinFn::method("int", name));
            }
            Payload::None => "NoneType",
            Payload::Float(_) => "float",
            Payload::Native(native) if native.as_any().is::<File>() => "file",
            Payload::Native(native) if native.as_any().is::<crate::types::bytes::Bytes>() => {
                if native.type_name() == "bytearray" {
                    "bytearray"
                } else {
                    "bytes"
                }
            }
            Payload::Native(native) if native.as_any().is::<crate::types::sets::Set>() => {
                if native.type_name() == "frozenset" {
                    return crate::protocols::slot_wrappers::find("frozenset", name)
                        .map(BuiltinFn::Slot)
                        .or_else(|| BuiltinFn::method("set", name));
                }
                "set"
            }
            Payload::Native(native) if native.as_any().is::<native::Range>() => "range",
            Payload::Native(native) if crate::protocols::slot_wrappers::is_iterator(&**native) => {
                "iterator"
            }
            Payload::Native(native) if native.as_any().is::<crate::types::stream::Stream>() => {
                "stream"
            }
            Payload::Native(native) if native.as_any().is::<crate::types::deque::Deque>() => {
                "deque"
            }
            Payload::Native(native)
                if native.as_any().is::<crate::types::namedtuple::NamedTuple>() =>
            {
                return BuiltinFn::method("namedtuple", name)
                    .or_else(|| BuiltinFn::method("tuple", name));
            }
            Payload::Native(native)
                if native
                    .as_any()
                    .is::<crate::types::dict_kinds::DictSubclass>() =>
            {
                let kind = native.type_name().to_string();
                if kind == "mappingproxy" {
                    // Only the methods that read.
                    return matches!(name, "keys" | "values" | "items" | "get" | "copy")
                        .then(|| BuiltinFn::method("dict", name))
                        .flatten();
                }
                return BuiltinFn::method(&kind, name).or_else(|| BuiltinFn::method("dict", name));
            }
            Payload::Native(native) if native.as_any().is::<crate::types::bigint::BigInt>() => {
                "int"
            }
            Payload::Native(native)
                if native.as_any().is::<crate::eval::generators::Generator>() =>
            {
                "generator"
            }
            Payload::Native(native) if native.as_any().is::<native::Frame>() => "frame",
            Payload::Native(native) if native.as_any().is::<native::Slice>() => "slice",
            Payload::Instance(instance)
                if self.is_subclass(
                    instance.class,
                    self.exceptions[ExcKind::BaseException as usize],
                ) =>
            {
                "BaseException"
            }
            Payload::Instance(instance) if let Some(base) = self.builtin_base(instance.class) => {
                // The dunders the built-in's protocols stand for
                // (`super().__setitem__`), then its methods.
                return BuiltinFn::method("<value>", name)
                    .or_else(|| BuiltinFn::method(base.type_name(), name));
            }
            Payload::Native(native)
                if native
                    .as_any()
                    .downcast_ref::<Descriptor>()
                    .is_some_and(|d| d.kind == DescriptorKind::Property) =>
            {
                "property"
            }
            _ => return None,
        };
        BuiltinFn::method(type_name, name)
    }
}

impl Vm {
    /// A new dict of keyword names and their values (borrowed).
    fn dict_of_keywords(&mut self, keywords: Vec<(std::rc::Rc<str>, ObjRef)>) -> ObjRef {
        let dict = self.alloc(Payload::Dict(Box::default()));
        for (key, value) in keywords {
            let key_object = self.intern(&key);
            self.incref(value);
            let dict_key = self.name_key(&key);
            self.dict_set(dict, dict_key, key_object, value);
        }
        dict
    }

    /// `partial.func`, `partial.args` (a tuple) and `partial.keywords` (a
    /// dict). A new reference.
    fn partial_attr(&mut self, object: ObjRef, name: &str) -> Option<ObjRef> {
        let partial = self.native::<crate::types::callable_wrappers::Partial>(object)?;
        let (function, args, kwargs) = (
            partial.function,
            partial.args.clone(),
            partial.kwargs.clone(),
        );
        Some(match name {
            "func" => self.new_ref(function),
            "args" => self.new_tuple_of(args),
            "keywords" => self.dict_of_keywords(kwargs),
            _ => return None,
        })
    }

    /// A function's own attributes beyond its name (CPython: `func_getsetlist`
    /// and `func_memberlist`): `__closure__` (its cells, or `None`),
    /// `__defaults__`, `__kwdefaults__`, `__globals__`, `__module__`,
    /// `__code__`, `__doc__` and `__dict__`'s stand-in. A new reference.
    fn function_attr(&mut self, object: ObjRef, name: &str) -> Option<ObjRef> {
        let function = self.native::<Function>(object)?;
        let (closure, defaults, kwdefaults, code, doc, globals) = (
            function.closure.clone(),
            function.defaults.clone(),
            function.kwdefaults.clone(),
            function.code.clone(),
            function.doc.clone(),
            function.globals.unwrap_or(self.globals),
        );
        Some(match name {
            "__closure__" if closure.is_empty() => self.none(),
            "__closure__" => self.new_tuple_of(closure),
            "__defaults__" if defaults.is_empty() => self.none(),
            "__defaults__" => self.new_tuple_of(defaults),
            "__kwdefaults__" if kwdefaults.is_empty() => self.none(),
            "__kwdefaults__" => self.dict_of_keywords(kwdefaults),
            "__globals__" => self.new_ref(globals),
            "__module__" => self.new_str("__main__"),
            "__code__" => self.new_native(crate::types::frames::CodeObject { code }),
            "__doc__" => match doc.unwrap_or_else(|| code.docstring.clone()) {
                Some(doc) => self.new_str(&doc),
                None => self.none(),
            },
            _ => return None,
        })
    }
}
