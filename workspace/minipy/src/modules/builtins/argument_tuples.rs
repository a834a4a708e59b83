//! The containers CPython 3.11 makes to hand a built-in its arguments,
//! where minipy hands it a slice: chapter 5's collector counts them.
//!
//! Most built-ins take their arguments as an array (`METH_FASTCALL`, or a
//! type's vectorcall: `list`, `dict`, `range`, `enumerate`...). The rest
//! get their positional arguments in a new tuple and their keyword
//! arguments in a new dict: functions declared `METH_VARARGS` (`max`,
//! `str.startswith`, `set.union`, `gc.set_threshold`) and types called
//! through `tp_call` (`str`, `int`, `property`, `weakref.ref`, every
//! `itertools` type). Right after a full collection the free lists are
//! empty, so `gc.collect(); str(5)` moves `gc.get_count()` by one on
//! python3. And a built-in that parses keywords with Argument Clinic
//! makes the tuple of its keyword names the first time it is called with
//! one (`parser_init` in `Python/getargs.c`), and keeps it.
//! `programs/ch05/argument_tuples.py` checks them.

use crate::types::builtin_fn::{BuiltinFn, NativeFunction};
use crate::vm::Vm;
use ch01_objects::{ObjRef, Payload};
use std::rc::Rc;

/// True if CPython 3.11 passes `function` its positional arguments in a
/// tuple (and any keyword arguments in a dict).
fn takes_a_tuple(function: BuiltinFn) -> bool {
    use BuiltinFn as F;
    match function {
        F::Native(native) => native_takes_a_tuple(native),
        F::Min
        | F::Max
        | F::Vars
        | F::Dir
        | F::Int
        | F::Str
        | F::BytesNew
        | F::BytearrayNew
        | F::Property
        | F::Staticmethod
        | F::Classmethod
        | F::WeakrefNew
        | F::DequeNew
        | F::ItCount
        | F::ItRepeat
        | F::ItIslice
        | F::ItAccumulate
        | F::ItTakewhile
        | F::ItDropwhile
        | F::ItZipLongest
        | F::ItProduct
        | F::ItPermutations
        | F::ItCombinations
        | F::StrStartswith
        | F::StrEndswith
        | F::StrFind
        | F::StrRfind
        | F::StrIndex
        | F::StrRindex
        | F::StrCount
        | F::StrFormat
        | F::SetUnion
        | F::SetIntersection
        | F::SetDifference
        | F::SetUpdate
        | F::SetIntersectionUpdate
        | F::SetDifferenceUpdate
        | F::DictUpdate
        | F::Reduce
        | F::BaseNew
        | F::Zip => true,
        _ => false,
    }
}

/// The module functions among them (`METH_VARARGS` in 3.11).
pub(super) fn native_takes_a_tuple(native: &NativeFunction) -> bool {
    matches!(
        native.name,
        "get_referents" | "get_referrers" | "set_threshold" | "getsizeof" | "log"
    )
}

/// The Argument Clinic parser `function` reads keywords with, if CPython
/// 3.11 makes its tuple of keyword names on first use rather than at
/// start-up: its name (`sorted` hands its keywords to `list.sort`'s) and
/// how many names it has.
fn keyword_parser(function: BuiltinFn) -> Option<(&'static str, usize)> {
    use BuiltinFn as F;
    Some(match function {
        F::Sorted | F::ListSort => ("list.sort", 2),
        F::StrSplit => ("str.split", 2),
        F::StrRsplit => ("str.rsplit", 2),
        F::StrSplitlines => ("str.splitlines", 1),
        F::StrEncode => ("str.encode", 2),
        F::BytesDecode => ("bytes.decode", 2),
        F::BytearrayDecode => ("bytearray.decode", 2),
        F::Sum => ("sum", 1),
        F::Round => ("round", 2),
        F::Int => ("int", 1),
        _ => return None,
    })
}

/// What CPython made for one call, given back when the call returns.
pub(crate) struct ArgumentContainers(Vec<Payload>);

impl Vm {
    /// Counts the tuple and dict CPython makes to call `function` with
    /// `args` (a method's first is its receiver, which the tuple leaves
    /// out) and `kwargs`; they live until [`Vm::release_argument_containers`].
    /// An empty tuple is CPython's shared one.
    pub(crate) fn hold_argument_containers(
        &mut self,
        function: BuiltinFn,
        args: usize,
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> ArgumentContainers {
        let mut made = vec![];
        if self.mem.gc_count().is_none() {
            return ArgumentContainers(made);
        }
        if let Some((parser, names)) = keyword_parser(function)
            && !kwargs.is_empty()
            && self.keyword_parsers.insert(parser)
        {
            let kwtuple = Payload::tuple(vec![self.singletons.none; names]);
            self.count_made(&kwtuple);
        }
        if !takes_a_tuple(function) {
            return ArgumentContainers(made);
        }
        let kind = function.receiver_type();
        let receiver =
            !matches!(function, BuiltinFn::Native(_)) && !kind.is_empty() && !kind.starts_with('<');
        let positional = args.saturating_sub(usize::from(receiver));
        if positional > 0 {
            made.push(Payload::tuple(vec![self.singletons.none; positional]));
        }
        if !kwargs.is_empty() {
            made.push(Payload::Dict(Box::default()));
        }
        if function == BuiltinFn::Reduce {
            // `functools.reduce` calls its function with a pair it reuses.
            made.push(Payload::tuple(vec![self.singletons.none; 2]));
        }
        for kind in &made {
            self.count_made(kind);
        }
        ArgumentContainers(made)
    }

    /// The call returned: what CPython made for it is freed, newest first.
    pub(crate) fn release_argument_containers(&mut self, held: ArgumentContainers) {
        for kind in held.0.iter().rev() {
            self.mem.release_hidden_part(kind);
        }
    }
}
