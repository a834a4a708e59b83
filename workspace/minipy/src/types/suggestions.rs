//! "Did you mean": the name a traceback suggests after a `NameError` or an
//! `AttributeError`. CPython 3.11: `Python/suggestions.c`, called when the
//! exception is printed (and by `traceback.TracebackException`), never
//! part of `str(exc)`.
//!
//! The candidates are, for a `NameError`, the locals of the frame where it
//! was raised, then the module's globals, then the builtins (each list is
//! searched only if the one before offered nothing); for an
//! `AttributeError`, `dir()` of the object. The closest by an edit
//! distance in which a change of case costs half as much as any other
//! change wins, the first found among equals, if it needs no more than a
//! third of the characters changed.

use ch01_objects::ObjRef;

use crate::types::exceptions::ExcKind;
use crate::types::native::{Frame, Traceback};
use crate::vm::Vm;

/// Lists longer than this are not searched (`MAX_CANDIDATE_ITEMS`).
const MAX_CANDIDATES: usize = 750;
/// Names longer than this are never close (`MAX_STRING_SIZE`).
const MAX_NAME: usize = 40;
/// What inserting, deleting or replacing a character costs (`MOVE_COST`).
const MOVE_COST: usize = 2;
/// What changing only the case of a letter costs (`CASE_COST`).
const CASE_COST: usize = 1;

/// CPython 3.11's builtins module, in its dict's order: the last list a
/// `NameError` is matched against.
const BUILTIN_NAMES: &[&str] = &[
    "__name__",
    "__doc__",
    "__package__",
    "__loader__",
    "__spec__",
    "__build_class__",
    "__import__",
    "abs",
    "all",
    "any",
    "ascii",
    "bin",
    "breakpoint",
    "callable",
    "chr",
    "compile",
    "delattr",
    "dir",
    "divmod",
    "eval",
    "exec",
    "format",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "hex",
    "id",
    "input",
    "isinstance",
    "issubclass",
    "iter",
    "aiter",
    "len",
    "locals",
    "max",
    "min",
    "next",
    "anext",
    "oct",
    "ord",
    "pow",
    "print",
    "repr",
    "round",
    "setattr",
    "sorted",
    "sum",
    "vars",
    "None",
    "Ellipsis",
    "NotImplemented",
    "False",
    "True",
    "bool",
    "memoryview",
    "bytearray",
    "bytes",
    "classmethod",
    "complex",
    "dict",
    "enumerate",
    "filter",
    "float",
    "frozenset",
    "property",
    "int",
    "list",
    "map",
    "object",
    "range",
    "reversed",
    "set",
    "slice",
    "staticmethod",
    "str",
    "super",
    "tuple",
    "type",
    "zip",
    "__debug__",
    "BaseException",
    "BaseExceptionGroup",
    "Exception",
    "GeneratorExit",
    "KeyboardInterrupt",
    "SystemExit",
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BufferError",
    "EOFError",
    "ImportError",
    "LookupError",
    "MemoryError",
    "NameError",
    "OSError",
    "ReferenceError",
    "RuntimeError",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SystemError",
    "TypeError",
    "ValueError",
    "Warning",
    "FloatingPointError",
    "OverflowError",
    "ZeroDivisionError",
    "BytesWarning",
    "DeprecationWarning",
    "EncodingWarning",
    "FutureWarning",
    "ImportWarning",
    "PendingDeprecationWarning",
    "ResourceWarning",
    "RuntimeWarning",
    "SyntaxWarning",
    "UnicodeWarning",
    "UserWarning",
    "BlockingIOError",
    "ChildProcessError",
    "ConnectionError",
    "FileExistsError",
    "FileNotFoundError",
    "InterruptedError",
    "IsADirectoryError",
    "NotADirectoryError",
    "PermissionError",
    "ProcessLookupError",
    "TimeoutError",
    "IndentationError",
    "IndexError",
    "KeyError",
    "ModuleNotFoundError",
    "NotImplementedError",
    "RecursionError",
    "UnboundLocalError",
    "UnicodeError",
    "BrokenPipeError",
    "ConnectionAbortedError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "TabError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeTranslateError",
    "ExceptionGroup",
    "EnvironmentError",
    "IOError",
    "open",
    "quit",
    "exit",
    "copyright",
    "credits",
    "license",
    "help",
];

/// What replacing `a` by `b` costs: nothing, a change of case, or a change.
fn substitution_cost(a: u8, b: u8) -> usize {
    if a == b {
        0
    } else if a.eq_ignore_ascii_case(&b) {
        CASE_COST
    } else {
        MOVE_COST
    }
}

/// The edit distance from `a` to `b` (bytes), or something above
/// `max_cost` once it is sure to be above it. CPython: `levenshtein_distance`.
fn distance(a: &[u8], b: &[u8], max_cost: usize) -> usize {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_NAME || b.len() > MAX_NAME {
        return max_cost + 1;
    }
    let (a, b) = if b.len() < a.len() { (b, a) } else { (a, b) };
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    // One row of the matrix, updated in place: row[i] is the cost from
    // b[..j] to a[..i + 1].
    let mut row: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (j, &code) in b.iter().enumerate() {
        let mut diagonal = j * MOVE_COST;
        result = diagonal;
        let mut minimum = usize::MAX;
        for (i, &letter) in a.iter().enumerate() {
            let substitute = diagonal + substitution_cost(code, letter);
            diagonal = row[i];
            result = (result.min(diagonal) + MOVE_COST).min(substitute);
            row[i] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}

/// The candidate closest to `name`, if one is close enough.
/// CPython: `calculate_suggestions`.
pub(crate) fn closest<'c>(candidates: &[&'c str], name: &str) -> Option<&'c str> {
    if candidates.len() >= MAX_CANDIDATES {
        return None;
    }
    let mut best: Option<(&str, usize)> = None;
    for &candidate in candidates {
        if candidate == name {
            continue;
        }
        // No more than a third of the characters may change.
        let mut max_distance = (name.len() + candidate.len() + 3) * MOVE_COST / 6;
        if let Some((_, found)) = best {
            max_distance = max_distance.min(found.saturating_sub(1));
        }
        let cost = distance(name.as_bytes(), candidate.as_bytes(), max_distance);
        if cost <= max_distance && best.is_none_or(|(_, found)| cost < found) {
            best = Some((candidate, cost));
        }
    }
    best.map(|(candidate, _)| candidate)
}

impl Vm {
    /// `". Did you mean: 'x'?"` for a `NameError` or `AttributeError` that
    /// knows its name, if some name is close to it; `tb` is the traceback
    /// it is printed with.
    pub(crate) fn suggestion(&mut self, exc: ObjRef, tb: Option<ObjRef>) -> Option<String> {
        let name = self.get_attr_raw(exc, "name")?;
        let name = self.str_of(name)?.to_string();
        let found = if self.is_instance_of_kind(exc, ExcKind::AttributeError) {
            let object = self.get_attr_raw(exc, "obj")?;
            self.materialize_for_dir(object);
            let names = self.dir_names(object);
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            closest(&names, &name).map(str::to_string)
        } else if self.is_instance_of_kind(exc, ExcKind::NameError) {
            self.suggest_variable(tb?, &name)
        } else {
            None
        };
        found.map(|found| format!(". Did you mean: '{found}'?"))
    }

    /// The closest of the innermost frame's locals, then of the globals,
    /// then of the builtins.
    fn suggest_variable(&self, tb: ObjRef, name: &str) -> Option<String> {
        let mut link = self.native::<Traceback>(tb)?;
        while let Some(next) = link.next.and_then(|n| self.native::<Traceback>(n)) {
            link = next;
        }
        let frame = self.native::<Frame>(link.frame.held()?)?;
        let locals: Vec<&str> = frame.code.varnames.iter().map(|n| &**n).collect();
        if let Some(found) = closest(&locals, name) {
            return Some(found.to_string());
        }
        let globals: Vec<String> = match self.payload(self.globals) {
            ch01_objects::Payload::Dict(dict) => dict
                .iter()
                .filter_map(|(key, _)| self.str_of(key).map(str::to_string))
                .collect(),
            _ => vec![],
        };
        let globals: Vec<&str> = globals.iter().map(String::as_str).collect();
        closest(&globals, name)
            .or_else(|| closest(BUILTIN_NAMES, name))
            .map(str::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_as_cpython_3_11_does() {
        assert_eq!(closest(&["counter", "print"], "countr"), Some("counter"));
        assert_eq!(closest(&["value", "values"], "valu"), Some("value"));
        assert_eq!(closest(&["Counter"], "counter"), Some("Counter"));
        assert_eq!(closest(&["apple"], "zebra"), None);
        assert_eq!(closest(&["x"], "x"), None);
        // The first of two equally close names wins.
        assert_eq!(closest(&["abd", "abe"], "abc"), Some("abd"));
    }
}
