//! The table of functions implemented in Rust that are not a module's own:
//! the built-in functions, the constructors of the built-in types, and the
//! methods of built-in types (CPython: each type's `tp_methods`).
//!
//! One line per function names it, says whose it is (`""` for a built-in
//! function, `"<type>"` for a constructor, a type name for a method) and
//! gives the name Python code sees. A module written in Rust declares its
//! functions in its own file instead, as [`NativeFunction`]s (see
//! [`crate::modules`]); they reach the interpreter as [`BuiltinFn::Native`].

use std::rc::Rc;

use ch01_objects::{ObjRef, Payload};

use crate::types::exceptions::ExcKind;

use crate::vm::{PyResult, Vm};

/// A call's keyword arguments, by name, borrowed.
pub type Keywords = [(Rc<str>, ObjRef)];

/// A function written in Rust: positional and keyword arguments borrowed,
/// a new reference returned.
pub type NativeCall = fn(&mut Vm, &[ObjRef], &Keywords) -> PyResult<ObjRef>;

/// One function of a module written in Rust. CPython: a `PyMethodDef`.
pub struct NativeFunction {
    /// The name Python code uses.
    pub name: &'static str,
    /// The keyword arguments it accepts; any other is a `TypeError`.
    pub keywords: &'static [&'static str],
    /// What calling it does.
    pub call: NativeCall,
}

/// [`NativeFunction::keywords`] for a function that passes on whatever
/// keywords it is given (`atexit.register(f, *args, **kwargs)`).
pub const ANY_KEYWORDS: &[&str] = &["**"];

impl NativeFunction {
    /// A function that takes positional arguments only.
    pub const fn positional(name: &'static str, call: NativeCall) -> NativeFunction {
        NativeFunction {
            name,
            keywords: &[],
            call,
        }
    }
}

// A function is itself: two entries are equal only if they are the same entry.
impl PartialEq for NativeFunction {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for NativeFunction {}

impl std::hash::Hash for NativeFunction {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::ptr::hash(self, state);
    }
}

impl std::fmt::Debug for NativeFunction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NativeFunction({})", self.name)
    }
}

/// Anything that names a function in an error message (`len() takes ...`).
pub trait FunctionName: Copy {
    /// The name Python code uses.
    fn function_name(self) -> &'static str;
}

impl FunctionName for BuiltinFn {
    fn function_name(self) -> &'static str {
        self.name()
    }
}

impl FunctionName for &'static str {
    fn function_name(self) -> &'static str {
        self
    }
}

impl FunctionName for &'static NativeFunction {
    fn function_name(self) -> &'static str {
        self.name
    }
}

macro_rules! builtin_table {
    ($($variant:ident => $name:literal on $receiver:literal,)*) => {
        /// Every function implemented in Rust.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum BuiltinFn {
            $($variant,)*
            /// A function of a module written in Rust, declared in its own file.
            Native(&'static NativeFunction),
            /// A special method of a built-in type (`list.__len__`).
            Slot(&'static crate::protocols::slot_wrappers::SlotDef),
        }

        impl BuiltinFn {
            /// The name Python code uses.
            pub fn name(self) -> &'static str {
                match self {
                    $(BuiltinFn::$variant => $name,)*
                    BuiltinFn::Native(function) => function.name,
                    BuiltinFn::Slot(slot) => slot.name,
                }
            }

            /// True for the methods of `object` that CPython implements as
            /// type slots and shows as wrappers (`__init__`, `__eq__`, ...).
            pub fn is_slot_wrapper(self) -> bool {
                if let BuiltinFn::Slot(slot) = self {
                    return slot.wrapper;
                }
                self.receiver_type() == "<object>"
                    && !matches!(
                        self,
                        BuiltinFn::BaseNew
                            | BuiltinFn::BaseSizeof
                            | BuiltinFn::BaseFormat
                            | BuiltinFn::BaseDir
                            | BuiltinFn::BaseInitSubclass
                    )
            }

            /// True for a method of a built-in type (`list.append`), as
            /// opposed to a function of a module or of the builtins, or a
            /// static method such as `object.__new__`.
            pub fn is_unbound_method(self) -> bool {
                let owner = self.receiver_type();
                self != BuiltinFn::BaseNew
                    && (owner == "<object>" || (!owner.is_empty() && !owner.starts_with('<')))
            }

            /// The type whose method this is (`""` for plain functions).
            pub fn receiver_type(self) -> &'static str {
                match self {
                    $(BuiltinFn::$variant => $receiver,)*
                    BuiltinFn::Native(_) => "<module>",
                    BuiltinFn::Slot(slot) => slot.owner,
                }
            }

            /// The method `name` of the built-in type `type_name`: one of
            /// the table's, or one of its special methods.
            pub fn method(type_name: &str, name: &str) -> Option<BuiltinFn> {
                let listed = match (type_name, name) {
                    $(($receiver, $name) if !$receiver.is_empty() => Some(BuiltinFn::$variant),)*
                    _ => None,
                };
                listed.or_else(|| {
                    crate::protocols::slot_wrappers::find(type_name, name).map(BuiltinFn::Slot)
                })
            }

            /// The methods of the built-in type `type_name`, by name, with
            /// its special methods.
            pub fn method_names(type_name: &str) -> Vec<&'static str> {
                let mut names: Vec<&'static str> = [$(BuiltinFn::$variant,)*]
                    .into_iter()
                    .filter(|f| f.receiver_type() == type_name)
                    .map(BuiltinFn::name)
                    .collect();
                names.extend(crate::protocols::slot_wrappers::names(type_name));
                names
            }

            /// The plain functions, bound in `builtins`.
            pub(crate) fn functions() -> impl Iterator<Item = BuiltinFn> {
                [$(BuiltinFn::$variant,)*].into_iter().filter(|f| f.receiver_type().is_empty())
            }
        }
    };
}

// ANCHOR: builtin_table
builtin_table! {
    Print => "print" on "",
    Len => "len" on "",
    Id => "id" on "",
    // ANCHOR_END: builtin_table
    Repr => "repr" on "",
    Ascii => "ascii" on "",
    Isinstance => "isinstance" on "",
    Any => "any" on "",
    All => "all" on "",
    Hasattr => "hasattr" on "",
    Getattr => "getattr" on "",
    Setattr => "setattr" on "",
    Min => "min" on "",
    Max => "max" on "",
    Sum => "sum" on "",
    Abs => "abs" on "",
    Round => "round" on "",
    Sorted => "sorted" on "",
    Enumerate => "enumerate" on "",
    Zip => "zip" on "",
    Open => "open" on "",
    Iter => "iter" on "",
    Next => "next" on "",
    Callable => "callable" on "",
    Ord => "ord" on "",
    Chr => "chr" on "",
    Reversed => "reversed" on "",
    Divmod => "divmod" on "",
    Hash => "hash" on "",
    Pow => "pow" on "",
    Hex => "hex" on "",
    Oct => "oct" on "",
    Bin => "bin" on "",
    Map => "map" on "",
    Filter => "filter" on "",
    Issubclass => "issubclass" on "",
    Format => "format" on "",
    Vars => "vars" on "",
    // Constructors of the built-in types (called through the type objects).
    Int => "int" on "<type>",
    Float => "float" on "<type>",
    Str => "str" on "<type>",
    Bool => "bool" on "<type>",
    List => "list" on "<type>",
    Tuple => "tuple" on "<type>",
    DictNew => "dict" on "<type>",
    RangeNew => "range" on "<type>",
    SliceNew => "slice" on "<type>",
    Type => "type" on "<type>",
    Object => "object" on "<type>",
    SetNew => "set" on "<type>",
    FrozensetNew => "frozenset" on "<type>",
    BytesNew => "bytes" on "<type>",
    BytearrayNew => "bytearray" on "<type>",
    Super => "super" on "<type>",
    Property => "property" on "<type>",
    Staticmethod => "staticmethod" on "<type>",
    Classmethod => "classmethod" on "<type>",
    // Methods.
    ListAppend => "append" on "list",
    ListPop => "pop" on "list",
    ListClear => "clear" on "list",
    ListExtend => "extend" on "list",
    ListInsert => "insert" on "list",
    ListRemove => "remove" on "list",
    ListIndex => "index" on "list",
    ListCount => "count" on "list",
    ListSort => "sort" on "list",
    ListReverse => "reverse" on "list",
    ListCopy => "copy" on "list",
    TupleIndex => "index" on "tuple",
    TupleCount => "count" on "tuple",
    DictGet => "get" on "dict",
    DictKeys => "keys" on "dict",
    DictValues => "values" on "dict",
    DictItems => "items" on "dict",
    DictPop => "pop" on "dict",
    DictClear => "clear" on "dict",
    DictUpdate => "update" on "dict",
    DictSetdefault => "setdefault" on "dict",
    DictCopy => "copy" on "dict",
    StrJoin => "join" on "str",
    StrSplit => "split" on "str",
    StrStrip => "strip" on "str",
    StrLstrip => "lstrip" on "str",
    StrRstrip => "rstrip" on "str",
    StrStartswith => "startswith" on "str",
    StrEndswith => "endswith" on "str",
    StrUpper => "upper" on "str",
    StrLower => "lower" on "str",
    StrReplace => "replace" on "str",
    StrFind => "find" on "str",
    StrCount => "count" on "str",
    StrSplitlines => "splitlines" on "str",
    StrIsdigit => "isdigit" on "str",
    StrFormat => "format" on "str",
    StrLjust => "ljust" on "str",
    StrRjust => "rjust" on "str",
    StrCenter => "center" on "str",
    StrIsalpha => "isalpha" on "str",
    StrIsspace => "isspace" on "str",
    StrIsupper => "isupper" on "str",
    StrIslower => "islower" on "str",
    StrIsalnum => "isalnum" on "str",
    StrTitle => "title" on "str",
    StrCapitalize => "capitalize" on "str",
    StrRfind => "rfind" on "str",
    StrIndex => "index" on "str",
    StrZfill => "zfill" on "str",
    StrPartition => "partition" on "str",
    StrRsplit => "rsplit" on "str",
    StrSwapcase => "swapcase" on "str",
    StrRemoveprefix => "removeprefix" on "str",
    StrRemovesuffix => "removesuffix" on "str",
    StrCasefold => "casefold" on "str",
    StrIsnumeric => "isnumeric" on "str",
    StrIsdecimal => "isdecimal" on "str",
    StrRindex => "rindex" on "str",
    StrRpartition => "rpartition" on "str",
    StrIsascii => "isascii" on "str",
    StrIstitle => "istitle" on "str",
    StrIsidentifier => "isidentifier" on "str",
    StrIsprintable => "isprintable" on "str",
    StrExpandtabs => "expandtabs" on "str",
    SetDifferenceUpdate => "difference_update" on "set",
    SetIntersectionUpdate => "intersection_update" on "set",
    SetSymmetricDifferenceUpdate => "symmetric_difference_update" on "set",
    IntBitCount => "bit_count" on "int",
    SetAdd => "add" on "set",
    SetDiscard => "discard" on "set",
    SetRemove => "remove" on "set",
    SetPop => "pop" on "set",
    SetClear => "clear" on "set",
    SetCopy => "copy" on "set",
    SetUpdate => "update" on "set",
    SetUnion => "union" on "set",
    SetIntersection => "intersection" on "set",
    SetDifference => "difference" on "set",
    SetSymmetricDifference => "symmetric_difference" on "set",
    SetIssubset => "issubset" on "set",
    SetIssuperset => "issuperset" on "set",
    SetIsdisjoint => "isdisjoint" on "set",
    DictPopitem => "popitem" on "dict",
    StrEncode => "encode" on "str",
    FunctionGet => "__get__" on "function",
    BytesDecode => "decode" on "bytes",
    BytesHex => "hex" on "bytes",
    BytearrayDecode => "decode" on "bytearray",
    BytearrayHex => "hex" on "bytearray",
    BytearrayAppend => "append" on "bytearray",
    BytearrayExtend => "extend" on "bytearray",
    DictFromkeys => "fromkeys" on "dict",
    IntBitLength => "bit_length" on "int",
    IntToBytes => "to_bytes" on "int",
    IntFromBytes => "from_bytes" on "int",
    FloatIsInteger => "is_integer" on "float",
    GenSend => "send" on "generator",
    ExcWithTraceback => "with_traceback" on "BaseException",
    ExcAddNote => "add_note" on "BaseException",
    GenThrow => "throw" on "generator",
    PropertySetter => "setter" on "property",
    TypeMro => "mro" on "type",
    TypeSubclasses => "__subclasses__" on "type",
    BaseInit => "__init__" on "<object>",
    BaseNew => "__new__" on "<object>",
    Delattr => "delattr" on "",
    Dir => "dir" on "",
    Input => "input" on "",
    Globals => "globals" on "",
    Quit => "quit" on "",
    ExitBuiltin => "exit" on "",
    StreamWrite => "write" on "stream",
    StreamFlush => "flush" on "stream",
    DequeNew => "deque" on "<collections>",
    WeakrefNew => "ReferenceType" on "<weakref>",
    WeakrefProxyRef => "proxy_ref" on "<weakref>",
    WeakrefExistingProxy => "existing_proxy" on "<weakref>",
    WeakrefNewProxy => "new_proxy" on "<weakref>",
    Namedtuple => "namedtuple" on "<collections>",
    NamedTupleAsdict => "_asdict" on "namedtuple",
    NamedTupleMake => "_make" on "<collections>",
    NamedTupleReplace => "_replace" on "namedtuple",
    DefaultdictNew => "defaultdict" on "<collections>",
    CounterNew => "Counter" on "<collections>",
    OrderedDictNew => "OrderedDict" on "<collections>",
    DequeAppend => "append" on "deque",
    DequeAppendleft => "appendleft" on "deque",
    DequePop => "pop" on "deque",
    DequePopleft => "popleft" on "deque",
    DequeExtend => "extend" on "deque",
    DequeExtendleft => "extendleft" on "deque",
    DequeClear => "clear" on "deque",
    DequeRotate => "rotate" on "deque",
    DequeCount => "count" on "deque",
    DequeIndex => "index" on "deque",
    DequeRemove => "remove" on "deque",
    DequeReverse => "reverse" on "deque",
    CounterMostCommon => "most_common" on "Counter",
    CounterUpdate => "update" on "Counter",
    CounterTotal => "total" on "Counter",
    CounterElements => "elements" on "Counter",
    OrderedMoveToEnd => "move_to_end" on "OrderedDict",
    ItCount => "count" on "<itertools>",
    ItRepeat => "repeat" on "<itertools>",
    ItCycle => "cycle" on "<itertools>",
    ItChain => "chain" on "<itertools>",
    ItChainFromIterable => "from_iterable" on "<itertools>",
    ItIslice => "islice" on "<itertools>",
    ItAccumulate => "accumulate" on "<itertools>",
    ItTakewhile => "takewhile" on "<itertools>",
    ItDropwhile => "dropwhile" on "<itertools>",
    ItZipLongest => "zip_longest" on "<itertools>",
    ItProduct => "product" on "<itertools>",
    ItPermutations => "permutations" on "<itertools>",
    ItCombinations => "combinations" on "<itertools>",
    ItStarmap => "starmap" on "<itertools>",
    ItPairwise => "pairwise" on "<itertools>",
    Abstractmethod => "abstractmethod" on "<abc>",
    RandomSeed => "seed" on "<random>",
    RandomRandom => "random" on "<random>",
    RandomRandint => "randint" on "<random>",
    RandomRandrange => "randrange" on "<random>",
    RandomChoice => "choice" on "<random>",
    RandomShuffle => "shuffle" on "<random>",
    RandomSample => "sample" on "<random>",
    RandomUniform => "uniform" on "<random>",
    RandomGetrandbits => "getrandbits" on "<random>",
    Dataclass => "dataclass" on "<dataclasses>",
    DataclassApply => "dataclass.<decorator>" on "<dataclasses>",
    DataclassField => "field" on "<dataclasses>",
    DataclassAsdict => "asdict" on "<dataclasses>",
    DataclassAstuple => "astuple" on "<dataclasses>",
    DataclassFields => "fields" on "<dataclasses>",
    DataclassReplace => "replace" on "<dataclasses>",
    DataclassIsDataclass => "is_dataclass" on "<dataclasses>",
    DataclassOrderMethod => "<ordering>" on "<dataclasses>",
    DataclassInit => "__init__" on "<dataclasses>",
    DataclassRepr => "__repr__" on "<dataclasses>",
    DataclassEq => "__eq__" on "<dataclasses>",
    DataclassHash => "__hash__" on "<dataclasses>",
    DataclassFrozenSetattr => "__setattr__" on "<dataclasses>",
    DataclassFrozenDelattr => "__delattr__" on "<dataclasses>",
    Reduce => "reduce" on "<functools>",
    PartialNew => "partial" on "<functools>",
    Wraps => "wraps" on "<functools>",
    WrapsApply => "wraps.<decorator>" on "<functools>",
    UpdateWrapper => "update_wrapper" on "<functools>",
    LruCache => "lru_cache" on "<functools>",
    LruCacheApply => "lru_cache.<decorator>" on "<functools>",
    CacheDecorator => "cache" on "<functools>",
    CacheInfoMethod => "cache_info" on "<functools>",
    CacheClearMethod => "cache_clear" on "<functools>",
    BaseRepr => "__repr__" on "<object>",
    BaseStr => "__str__" on "<object>",
    BaseEq => "__eq__" on "<object>",
    BaseNe => "__ne__" on "<object>",
    BaseLt => "__lt__" on "<object>",
    BaseLe => "__le__" on "<object>",
    BaseGt => "__gt__" on "<object>",
    BaseGe => "__ge__" on "<object>",
    BaseHash => "__hash__" on "<object>",
    BaseSetattr => "__setattr__" on "<object>",
    BaseDelattr => "__delattr__" on "<object>",
    BaseGetattribute => "__getattribute__" on "<object>",
    BaseSizeof => "__sizeof__" on "<object>",
    BaseFormat => "__format__" on "<object>",
    BaseDir => "__dir__" on "<object>",
    BaseInitSubclass => "__init_subclass__" on "<object>",
    ValueInit => "__init__" on "<value>",
    ValueGetitem => "__getitem__" on "<value>",
    ValueSetitem => "__setitem__" on "<value>",
    ValueDelitem => "__delitem__" on "<value>",
    ValueLen => "__len__" on "<value>",
    ValueContains => "__contains__" on "<value>",
    ValueIter => "__iter__" on "<value>",
    ValueRepr => "__repr__" on "<value>",
    ValueEq => "__eq__" on "<value>",
    PropertyGetter => "getter" on "property",
    PropertyDeleter => "deleter" on "property",
    GenClose => "close" on "generator",
    FrameClear => "clear" on "frame",
    SliceIndices => "indices" on "slice",
    FileRead => "read" on "file",
    FileReadline => "readline" on "file",
    FileReadlines => "readlines" on "file",
    FileClose => "close" on "file",
}

impl Vm {
    pub(crate) fn arg(
        &mut self,
        args: &[ObjRef],
        i: usize,
        function: impl FunctionName,
    ) -> PyResult<ObjRef> {
        match args.get(i) {
            Some(&arg) => Ok(arg),
            None => Err(self.error(
                ExcKind::TypeError,
                format!(
                    "{}() missing required argument (pos {})",
                    function.function_name(),
                    i + 1
                ),
            )),
        }
    }

    /// An int argument (a bool counts, and an object with `__index__`);
    /// `_what` names it for readers of the call.
    pub(crate) fn int_arg(&mut self, r: ObjRef, _what: &str) -> PyResult<i64> {
        match self.payload(r) {
            Payload::Int(n) => Ok(*n),
            Payload::Bool(b) => Ok(i64::from(*b)),
            Payload::Instance(_) if self.class_of_instance(r).is_some() => {
                match self.index_value(r)? {
                    Some(n) => Ok(n),
                    None => {
                        let name = self.type_name(r);
                        Err(self.error(
                            ExcKind::TypeError,
                            format!("'{name}' object cannot be interpreted as an integer"),
                        ))
                    }
                }
            }
            _ if self.native::<crate::types::bigint::BigInt>(r).is_some() => Err(self.error(
                ExcKind::OverflowError,
                "Python int too large to convert to C long".into(),
            )),
            _ => {
                let name = self.type_name(r);
                Err(self.error(
                    ExcKind::TypeError,
                    format!("'{name}' object cannot be interpreted as an integer"),
                ))
            }
        }
    }

    pub(crate) fn str_arg(&mut self, r: ObjRef, function: impl FunctionName) -> PyResult<String> {
        match self.str_of(r) {
            Some(s) => Ok(s.to_string()),
            None => {
                let name = self.type_name(r);
                Err(self.error(
                    ExcKind::TypeError,
                    format!(
                        "{}() argument must be str, not {name}",
                        function.function_name()
                    ),
                ))
            }
        }
    }

    pub(crate) fn kwarg(kwargs: &[(Rc<str>, ObjRef)], name: &str) -> Option<ObjRef> {
        kwargs.iter().find(|(k, _)| &**k == name).map(|&(_, v)| v)
    }
}
