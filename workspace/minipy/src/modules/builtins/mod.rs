//! The `builtins` namespace (the types, functions and exceptions every
//! program starts with) and [`Vm::call_builtin`], the dispatcher of the
//! table of functions written in Rust ([`crate::types::builtin_fn`]): it
//! counts the argument tuples CPython would make ([`argument_tuples`]),
//! checks keyword arguments, then hands a call to the built-in functions
//! ([`functions`]), a constructor, an `object` method, a module's function
//! or a type's method.
//!
//! Built-ins *borrow* their arguments (the call drops them afterwards) and
//! return a new reference.

mod argument_tuples;
mod functions;

use crate::types::builtin_fn::{ANY_KEYWORDS, BuiltinFn, NativeFunction};
use crate::types::exceptions::ExcKind;
use crate::types::native::Builtin;
use crate::vm::{PyResult, Vm};
use ch01_objects::ObjRef;
use std::rc::Rc;

/// Built-in type names with their constructor, in creation order.
const TYPES: &[(&str, Option<BuiltinFn>)] = &[
    ("object", Some(BuiltinFn::Object)),
    ("type", Some(BuiltinFn::Type)),
    ("int", Some(BuiltinFn::Int)),
    ("bool", Some(BuiltinFn::Bool)),
    ("float", Some(BuiltinFn::Float)),
    ("str", Some(BuiltinFn::Str)),
    ("list", Some(BuiltinFn::List)),
    ("tuple", Some(BuiltinFn::Tuple)),
    ("dict", Some(BuiltinFn::DictNew)),
    ("range", Some(BuiltinFn::RangeNew)),
    ("slice", Some(BuiltinFn::SliceNew)),
    ("set", Some(BuiltinFn::SetNew)),
    ("frozenset", Some(BuiltinFn::FrozensetNew)),
    ("bytes", Some(BuiltinFn::BytesNew)),
    ("bytearray", Some(BuiltinFn::BytearrayNew)),
    ("super", Some(BuiltinFn::Super)),
    ("property", Some(BuiltinFn::Property)),
    ("staticmethod", Some(BuiltinFn::Staticmethod)),
    ("classmethod", Some(BuiltinFn::Classmethod)),
    ("NoneType", None),
    ("function", None),
];

impl Vm {
    /// Creates the built-in types, functions and exceptions.
    pub(crate) fn install_builtins(&mut self) {
        for &(name, constructor) in TYPES {
            self.builtin_type(name);
            if let Some(constructor) = constructor {
                let class = self.types[name];
                self.constructors.insert(class, constructor);
                if !name.starts_with(char::is_uppercase) && name != "function" {
                    self.incref(class);
                    self.bind_builtin(name, class);
                }
            }
        }
        for function in BuiltinFn::functions() {
            let object = self.new_native(Builtin {
                function,
                receiver: None,
            });
            self.mem.make_immortal(object);
            self.bind_builtin(function.name(), object);
        }
        let object = self.types["object"];
        self.install_exceptions(object);
        for (name, type_name) in [
            ("NotImplemented", "NotImplementedType"),
            ("Ellipsis", "ellipsis"),
        ] {
            let marker = self.new_native(crate::protocols::dunders::Marker { name, type_name });
            self.mem.make_immortal(marker);
            self.bind_builtin(name, marker);
        }
    }

    /// Runs a module's function, after checking its keyword arguments.
    fn call_native(
        &mut self,
        native: &'static NativeFunction,
        args: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> PyResult<ObjRef> {
        if let Some((name, _)) = kwargs
            .iter()
            .find(|(k, _)| !native.keywords.contains(&&**k) && native.keywords != ANY_KEYWORDS)
        {
            return Err(self.error(ExcKind::TypeError, unexpected_keyword(native, name)));
        }
        (native.call)(self, args, kwargs)
    }

    /// Runs a built-in. `args` are borrowed.
    pub(crate) fn call_builtin(
        &mut self,
        function: BuiltinFn,
        args: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> PyResult<ObjRef> {
        let held = self.hold_argument_containers(function, args.len(), kwargs);
        let result = self.run_builtin(function, args, kwargs);
        self.release_argument_containers(held);
        result
    }

    /// [`Vm::call_builtin`] once CPython's argument containers are counted.
    fn run_builtin(
        &mut self,
        function: BuiltinFn,
        args: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        if let F::Native(native) = function {
            return self.call_native(native, args, kwargs);
        }
        if let F::Slot(slot) = function {
            return self.call_slot(slot, args, kwargs);
        }
        // The built-ins that take exactly one object (CPython: `METH_O`).
        if matches!(
            function,
            F::Len | F::Id | F::Repr | F::Abs | F::Callable | F::Hash | F::Ord | F::Chr
        ) {
            let name = function.name();
            if !kwargs.is_empty() {
                let message = format!("{name}() takes no keyword arguments");
                return Err(self.error(ExcKind::TypeError, message));
            }
            if args.len() != 1 {
                let given = args.len();
                let message = format!("{name}() takes exactly one argument ({given} given)");
                return Err(self.error(ExcKind::TypeError, message));
            }
        }
        let allowed_kwargs: &[&str] = match function {
            F::Print => &["end", "sep", "flush", "file"],
            F::Sorted | F::ListSort => &["key", "reverse"],
            F::Min | F::Max => &["key", "default"],
            F::Open => &["encoding", "mode"],
            F::Enumerate => &["start"],
            F::Zip => &["strict"],
            F::IntToBytes => &["length", "byteorder", "signed"],
            F::IntFromBytes => &["bytes", "byteorder", "signed"],
            F::Sum => &["start"],
            F::Int => &["base"],
            F::StrSplit | F::StrRsplit => &["sep", "maxsplit"],
            F::StrSplitlines => &["keepends"],
            F::Property => &["fget", "fset", "fdel", "doc"],
            F::LruCache => &["maxsize", "typed"],
            F::DictPopitem | F::OrderedMoveToEnd => &["last"],
            F::Namedtuple => &["defaults", "rename", "module"],
            F::StrEncode | F::BytesDecode | F::BytearrayDecode => &["encoding", "errors"],
            F::BytesNew | F::BytearrayNew => &["source", "encoding", "errors"],
            F::StrFormat | F::DictNew | F::DictUpdate => &[],
            _ => &[],
        };
        let any_keywords = matches!(
            function,
            F::StrFormat
                | F::DictNew
                | F::DictUpdate
                | F::PartialNew
                | F::ValueInit
                | F::DequeNew
                | F::DefaultdictNew
                | F::CounterNew
                | F::OrderedDictNew
                | F::NamedTupleReplace
                | F::Dataclass
                | F::DataclassField
                | F::DataclassInit
                | F::DataclassReplace
                | F::ItCount
                | F::ItRepeat
                | F::ItAccumulate
                | F::ItZipLongest
                | F::ItProduct
                | F::ItPermutations
                | F::ItCombinations
        );
        if let Some((name, _)) = kwargs
            .iter()
            .find(|(k, _)| !any_keywords && !allowed_kwargs.contains(&&**k))
        {
            return Err(self.error(
                ExcKind::TypeError,
                format!(
                    "{}() got an unexpected keyword argument '{name}'",
                    function.name()
                ),
            ));
        }
        match function.receiver_type() {
            "" => self.builtin_function(function, args, kwargs),
            "<type>" => self.call_constructor(function, args, kwargs),
            "<object>" => self.object_method(function, args),
            _ => match function {
                F::DequeNew | F::DefaultdictNew | F::CounterNew | F::OrderedDictNew => {
                    self.collections_new(function, args, kwargs)
                }
                F::WeakrefNew => self.weakref_new(args),
                F::ValueInit => self.init_builtin_value(args, kwargs),
                F::ValueGetitem
                | F::ValueSetitem
                | F::ValueDelitem
                | F::ValueLen
                | F::ValueContains
                | F::ValueIter
                | F::ValueRepr
                | F::ValueEq => self.builtin_value_dunder(function, args),
                F::WeakrefProxyRef => self.weakref_proxy_ref(args),
                F::WeakrefExistingProxy => self.existing_proxy(args),
                // A proxy CPython makes in C, without `object.__new__`'s
                // argument tuple.
                F::WeakrefNewProxy => self.object_method(F::BaseNew, args),
                F::Namedtuple => self.namedtuple_class_with(args, kwargs),
                F::NamedTupleMake => self.namedtuple_make(args),
                F::ItCount
                | F::ItRepeat
                | F::ItCycle
                | F::ItChain
                | F::ItChainFromIterable
                | F::ItIslice
                | F::ItAccumulate
                | F::ItTakewhile
                | F::ItDropwhile
                | F::ItZipLongest
                | F::ItProduct
                | F::ItPermutations
                | F::ItCombinations
                | F::ItStarmap
                | F::ItPairwise => self.itertools_call(function, args, kwargs),
                F::Dataclass
                | F::DataclassApply
                | F::DataclassField
                | F::DataclassAsdict
                | F::DataclassAstuple
                | F::DataclassFields
                | F::DataclassReplace
                | F::DataclassIsDataclass
                | F::DataclassOrderMethod
                | F::DataclassInit
                | F::DataclassRepr
                | F::DataclassEq
                | F::DataclassHash
                | F::DataclassFrozenSetattr
                | F::DataclassFrozenDelattr => self.dataclasses_call(function, args, kwargs),
                F::RandomSeed
                | F::RandomRandom
                | F::RandomRandint
                | F::RandomRandrange
                | F::RandomChoice
                | F::RandomShuffle
                | F::RandomSample
                | F::RandomUniform
                | F::RandomGetrandbits => self.random_call(function, args),
                F::Abstractmethod => {
                    let function = self.arg(args, 0, function)?;
                    self.abstractmethod(function)
                }
                F::Reduce
                | F::PartialNew
                | F::Wraps
                | F::WrapsApply
                | F::UpdateWrapper
                | F::LruCache
                | F::LruCacheApply
                | F::CacheDecorator
                | F::CacheInfoMethod
                | F::CacheClearMethod => self.functools_call(function, args, kwargs),
                F::StreamWrite | F::StreamFlush => {
                    let stream = self.arg(args, 0, function)?;
                    if self
                        .native::<crate::types::stream::Stream>(stream)
                        .is_none()
                    {
                        return Err(self.error(ExcKind::TypeError, "not a stream".into()));
                    }
                    self.stream_method(function, args)
                }
                _ => self.call_method_builtin(function, args, kwargs),
            },
        }
    }
}

/// What CPython 3.11 says when a module's function gets a keyword it does
/// not take: a function with keywords parses them with Argument Clinic
/// ("'gen' is an invalid keyword argument for collect()"); one without
/// refuses any, naming itself as `cfunction_call` does for `METH_VARARGS`
/// ("set_threshold() ...") and as `_PyObject_FunctionStr` does for the
/// rest ("gc.is_tracked() ...").
fn unexpected_keyword(native: &'static NativeFunction, keyword: &str) -> String {
    if !native.keywords.is_empty() {
        return format!(
            "'{keyword}' is an invalid keyword argument for {}()",
            native.name
        );
    }
    let module = crate::modules::MODULES
        .iter()
        .find(|module| module.functions.iter().any(|f| std::ptr::eq(f, native)));
    match module {
        Some(module) if !argument_tuples::native_takes_a_tuple(native) => {
            // `weakref`'s functions written in C are `_weakref`'s.
            let module = if module.name == "weakref" {
                "_weakref"
            } else {
                module.name
            };
            format!("{module}.{}() takes no keyword arguments", native.name)
        }
        _ => format!("{}() takes no keyword arguments", native.name),
    }
}
