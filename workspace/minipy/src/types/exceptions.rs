//! Exceptions: the built-in exception classes, making exception objects,
//! and printing a traceback the way CPython does.
//!
//! Serves chapter 3: an exception object holds its traceback, the traceback
//! holds frames, and frames hold their locals. Everything a failing function
//! had stays alive until the exception is released — at the end of
//! `except ... as e:`, or at exit for an uncaught one.

use ch01_objects::dict::Dict;
use ch01_objects::object::Class;
use ch01_objects::{DictKey, ObjRef, Payload};

use crate::types::native::{Frame, Traceback};
use crate::vm::{PyErr, Vm};

/// The built-in exception classes, with their base (by index into this list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum ExcKind {
    BaseException,
    Exception,
    ArithmeticError,
    LookupError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    NameError,
    UnboundLocalError,
    AttributeError,
    ZeroDivisionError,
    OverflowError,
    RuntimeError,
    RecursionError,
    NotImplementedError,
    AssertionError,
    StopIteration,
    OSError,
    FileNotFoundError,
    SystemError,
    KeyboardInterrupt,
    SystemExit,
    MemoryError,
    ImportError,
    ModuleNotFoundError,
    GeneratorExit,
    EOFError,
    ReferenceError,
    ConnectionError,
    BrokenPipeError,
    ConnectionAbortedError,
    ConnectionRefusedError,
    ConnectionResetError,
    BlockingIOError,
    ChildProcessError,
    FileExistsError,
    InterruptedError,
    IsADirectoryError,
    NotADirectoryError,
    PermissionError,
    ProcessLookupError,
    TimeoutError,
    Warning,
    UserWarning,
    DeprecationWarning,
    PendingDeprecationWarning,
    SyntaxWarning,
    RuntimeWarning,
    FutureWarning,
    ImportWarning,
    UnicodeWarning,
    BytesWarning,
    ResourceWarning,
    EncodingWarning,
    UnicodeError,
    UnicodeDecodeError,
    UnicodeEncodeError,
    UnicodeTranslateError,
    SyntaxError,
    IndentationError,
    TabError,
    FloatingPointError,
    BufferError,
    StopAsyncIteration,
}

/// Every kind with its name and base, in definition order.
pub const EXCEPTION_CLASSES: &[(ExcKind, &str, Option<ExcKind>)] = &[
    (ExcKind::BaseException, "BaseException", None),
    (
        ExcKind::Exception,
        "Exception",
        Some(ExcKind::BaseException),
    ),
    (
        ExcKind::ArithmeticError,
        "ArithmeticError",
        Some(ExcKind::Exception),
    ),
    (
        ExcKind::LookupError,
        "LookupError",
        Some(ExcKind::Exception),
    ),
    (ExcKind::ValueError, "ValueError", Some(ExcKind::Exception)),
    (ExcKind::TypeError, "TypeError", Some(ExcKind::Exception)),
    (ExcKind::KeyError, "KeyError", Some(ExcKind::LookupError)),
    (
        ExcKind::IndexError,
        "IndexError",
        Some(ExcKind::LookupError),
    ),
    (ExcKind::NameError, "NameError", Some(ExcKind::Exception)),
    (
        ExcKind::UnboundLocalError,
        "UnboundLocalError",
        Some(ExcKind::NameError),
    ),
    (
        ExcKind::AttributeError,
        "AttributeError",
        Some(ExcKind::Exception),
    ),
    (
        ExcKind::ZeroDivisionError,
        "ZeroDivisionError",
        Some(ExcKind::ArithmeticError),
    ),
    (
        ExcKind::OverflowError,
        "OverflowError",
        Some(ExcKind::ArithmeticError),
    ),
    (
        ExcKind::RuntimeError,
        "RuntimeError",
        Some(ExcKind::Exception),
    ),
    (
        ExcKind::RecursionError,
        "RecursionError",
        Some(ExcKind::RuntimeError),
    ),
    (
        ExcKind::NotImplementedError,
        "NotImplementedError",
        Some(ExcKind::RuntimeError),
    ),
    (
        ExcKind::AssertionError,
        "AssertionError",
        Some(ExcKind::Exception),
    ),
    (
        ExcKind::StopIteration,
        "StopIteration",
        Some(ExcKind::Exception),
    ),
    (ExcKind::OSError, "OSError", Some(ExcKind::Exception)),
    (
        ExcKind::FileNotFoundError,
        "FileNotFoundError",
        Some(ExcKind::OSError),
    ),
    (
        ExcKind::SystemError,
        "SystemError",
        Some(ExcKind::Exception),
    ),
    (
        ExcKind::KeyboardInterrupt,
        "KeyboardInterrupt",
        Some(ExcKind::BaseException),
    ),
    (
        ExcKind::SystemExit,
        "SystemExit",
        Some(ExcKind::BaseException),
    ),
    (
        ExcKind::MemoryError,
        "MemoryError",
        Some(ExcKind::Exception),
    ),
    (
        ExcKind::ImportError,
        "ImportError",
        Some(ExcKind::Exception),
    ),
    (
        ExcKind::ModuleNotFoundError,
        "ModuleNotFoundError",
        Some(ExcKind::ImportError),
    ),
    (
        ExcKind::GeneratorExit,
        "GeneratorExit",
        Some(ExcKind::BaseException),
    ),
    (ExcKind::EOFError, "EOFError", Some(ExcKind::Exception)),
    (
        ExcKind::ReferenceError,
        "ReferenceError",
        Some(ExcKind::Exception),
    ),
    (
        ExcKind::ConnectionError,
        "ConnectionError",
        Some(ExcKind::OSError),
    ),
    (
        ExcKind::BrokenPipeError,
        "BrokenPipeError",
        Some(ExcKind::ConnectionError),
    ),
    (
        ExcKind::ConnectionAbortedError,
        "ConnectionAbortedError",
        Some(ExcKind::ConnectionError),
    ),
    (
        ExcKind::ConnectionRefusedError,
        "ConnectionRefusedError",
        Some(ExcKind::ConnectionError),
    ),
    (
        ExcKind::ConnectionResetError,
        "ConnectionResetError",
        Some(ExcKind::ConnectionError),
    ),
    (
        ExcKind::BlockingIOError,
        "BlockingIOError",
        Some(ExcKind::OSError),
    ),
    (
        ExcKind::ChildProcessError,
        "ChildProcessError",
        Some(ExcKind::OSError),
    ),
    (
        ExcKind::FileExistsError,
        "FileExistsError",
        Some(ExcKind::OSError),
    ),
    (
        ExcKind::InterruptedError,
        "InterruptedError",
        Some(ExcKind::OSError),
    ),
    (
        ExcKind::IsADirectoryError,
        "IsADirectoryError",
        Some(ExcKind::OSError),
    ),
    (
        ExcKind::NotADirectoryError,
        "NotADirectoryError",
        Some(ExcKind::OSError),
    ),
    (
        ExcKind::PermissionError,
        "PermissionError",
        Some(ExcKind::OSError),
    ),
    (
        ExcKind::ProcessLookupError,
        "ProcessLookupError",
        Some(ExcKind::OSError),
    ),
    (
        ExcKind::TimeoutError,
        "TimeoutError",
        Some(ExcKind::OSError),
    ),
    (ExcKind::Warning, "Warning", Some(ExcKind::Exception)),
    (ExcKind::UserWarning, "UserWarning", Some(ExcKind::Warning)),
    (
        ExcKind::DeprecationWarning,
        "DeprecationWarning",
        Some(ExcKind::Warning),
    ),
    (
        ExcKind::PendingDeprecationWarning,
        "PendingDeprecationWarning",
        Some(ExcKind::Warning),
    ),
    (
        ExcKind::SyntaxWarning,
        "SyntaxWarning",
        Some(ExcKind::Warning),
    ),
    (
        ExcKind::RuntimeWarning,
        "RuntimeWarning",
        Some(ExcKind::Warning),
    ),
    (
        ExcKind::FutureWarning,
        "FutureWarning",
        Some(ExcKind::Warning),
    ),
    (
        ExcKind::ImportWarning,
        "ImportWarning",
        Some(ExcKind::Warning),
    ),
    (
        ExcKind::UnicodeWarning,
        "UnicodeWarning",
        Some(ExcKind::Warning),
    ),
    (
        ExcKind::BytesWarning,
        "BytesWarning",
        Some(ExcKind::Warning),
    ),
    (
        ExcKind::ResourceWarning,
        "ResourceWarning",
        Some(ExcKind::Warning),
    ),
    (
        ExcKind::EncodingWarning,
        "EncodingWarning",
        Some(ExcKind::Warning),
    ),
    (
        ExcKind::UnicodeError,
        "UnicodeError",
        Some(ExcKind::ValueError),
    ),
    (
        ExcKind::UnicodeDecodeError,
        "UnicodeDecodeError",
        Some(ExcKind::UnicodeError),
    ),
    (
        ExcKind::UnicodeEncodeError,
        "UnicodeEncodeError",
        Some(ExcKind::UnicodeError),
    ),
    (
        ExcKind::UnicodeTranslateError,
        "UnicodeTranslateError",
        Some(ExcKind::UnicodeError),
    ),
    (
        ExcKind::SyntaxError,
        "SyntaxError",
        Some(ExcKind::Exception),
    ),
    (
        ExcKind::IndentationError,
        "IndentationError",
        Some(ExcKind::SyntaxError),
    ),
    (
        ExcKind::TabError,
        "TabError",
        Some(ExcKind::IndentationError),
    ),
    (
        ExcKind::FloatingPointError,
        "FloatingPointError",
        Some(ExcKind::ArithmeticError),
    ),
    (
        ExcKind::BufferError,
        "BufferError",
        Some(ExcKind::Exception),
    ),
    (
        ExcKind::StopAsyncIteration,
        "StopAsyncIteration",
        Some(ExcKind::Exception),
    ),
];

/// Other names of `OSError`, kept for old code (3.3's PEP 3151).
const OS_ERROR_ALIASES: &[&str] = &["IOError", "EnvironmentError"];

impl Vm {
    /// Makes the exception classes and binds them in builtins.
    pub(crate) fn install_exceptions(&mut self, object: ObjRef) {
        for &(kind, name, base) in EXCEPTION_CLASSES {
            let base = base.map(|b| self.exceptions[b as usize]).unwrap_or(object);
            self.incref(base);
            let class = self.alloc(Payload::Class(Box::new(Class {
                name: name.into(),
                bases: vec![base],
                attrs: Dict::new(),
            })));
            debug_assert_eq!(self.exceptions.len(), kind as usize);
            self.exceptions.push(class);
            self.incref(class);
            self.bind_builtin(name, class);
        }
        for alias in OS_ERROR_ALIASES {
            let class = self.exceptions[ExcKind::OSError as usize];
            self.incref(class);
            self.bind_builtin(alias, class);
        }
    }

    /// `OSError(errno, strerror[, filename[, winerror[, filename2]]])`
    /// keeps its parts as attributes, and only the first two in `args`
    /// when there are more (CPython: `oserror_parse_args`); any other
    /// arguments leave them all `None`. `args` borrowed, the receiver first.
    pub(crate) fn init_os_error(&mut self, args: &[ObjRef]) {
        let (receiver, given) = (args[0], &args[1..]);
        let parts = (2..=5).contains(&given.len());
        let part = |i: usize| given.get(i).copied().filter(|_| parts);
        let fields = [
            ("errno", part(0)),
            ("strerror", part(1)),
            ("filename", part(2)),
            ("filename2", part(4)),
        ];
        for (name, value) in fields {
            let value = value.unwrap_or(self.singletons.none);
            self.incref(value);
            self.set_attr_raw(receiver, name, value);
        }
        if parts && given.len() > 2 {
            let kept = self.new_tuple_incref(given[..2].to_vec());
            self.set_attr_raw(receiver, "args", kept);
        }
    }

    /// `OSError(errno, strerror)` itself makes the subclass that stands
    /// for `errno` (`OSError(2, "x")` is a `FileNotFoundError`), as
    /// CPython's `oserror_new` looks it up in its `errnomap` (Linux's
    /// numbers). Any other class, or other arguments, stay as they are.
    pub(crate) fn errno_subclass(&self, class: ObjRef, args: &[ObjRef]) -> ObjRef {
        if class != self.exceptions[ExcKind::OSError as usize] || !(2..=5).contains(&args.len()) {
            return class;
        }
        let Payload::Int(errno) = *self.payload(args[0]) else {
            return class;
        };
        let kind = match errno {
            11 | 114 | 115 => ExcKind::BlockingIOError,
            10 => ExcKind::ChildProcessError,
            32 | 108 => ExcKind::BrokenPipeError,
            103 => ExcKind::ConnectionAbortedError,
            111 => ExcKind::ConnectionRefusedError,
            104 => ExcKind::ConnectionResetError,
            17 => ExcKind::FileExistsError,
            2 => ExcKind::FileNotFoundError,
            21 => ExcKind::IsADirectoryError,
            20 => ExcKind::NotADirectoryError,
            4 => ExcKind::InterruptedError,
            1 | 13 => ExcKind::PermissionError,
            3 => ExcKind::ProcessLookupError,
            110 => ExcKind::TimeoutError,
            _ => return class,
        };
        self.exceptions[kind as usize]
    }

    /// `str()` of an `OSError` made from its parts: `[Errno 2] No such
    /// file or directory: 'x.txt'`; `None` if it was not.
    fn os_error_message(&mut self, exc: ObjRef) -> Option<String> {
        let class = self.class_of_instance(exc)?;
        if !self.is_subclass(class, self.exceptions[ExcKind::OSError as usize]) {
            return None;
        }
        let none = self.none();
        let field = |vm: &Vm, name: &str| vm.get_attr_raw(exc, name).filter(|&v| v != none);
        let (errno, strerror) = (field(self, "errno")?, field(self, "strerror")?);
        let (filename, filename2) = (field(self, "filename"), field(self, "filename2"));
        let mut text = format!(
            "[Errno {}] {}",
            self.str_value(errno).ok()?,
            self.str_value(strerror).ok()?
        );
        if let Some(filename) = filename {
            text.push_str(&format!(": {}", self.repr(filename).ok()?));
        }
        if let Some(filename2) = filename2 {
            text.push_str(&format!(" -> {}", self.repr(filename2).ok()?));
        }
        Some(text)
    }

    /// The `OSError` for a failed system call on `path`: `OSError(errno,
    /// strerror, path)`, which makes the errno's subclass
    /// ([`Vm::errno_subclass`]), as CPython raises it.
    pub(crate) fn os_error_for(&mut self, error: &std::io::Error, path: &str) -> PyErr {
        let errno = error.raw_os_error().unwrap_or(5); // EIO
        // The system's message, without Rust's " (os error N)".
        let text = error.to_string();
        let strerror = text.split(" (os error").next().unwrap_or_default();
        let parts = vec![
            self.new_int(i64::from(errno)),
            self.new_str(strerror),
            self.new_str(path),
        ];
        let class = self.exceptions[ExcKind::OSError as usize];
        self.incref(class);
        let made = self.call(class, parts, None);
        self.decref(class);
        match made {
            Ok(exc) => PyErr(exc),
            Err(err) => err,
        }
    }

    /// A new exception of `kind` with one message argument.
    pub(crate) fn error(&mut self, kind: ExcKind, message: String) -> PyErr {
        let text = self.new_str(&message);
        self.error_with(kind, text)
    }

    /// `KeyError(key)`: the missing key itself is the argument, so that the
    /// message is its `repr`. Borrows `key`.
    pub(crate) fn key_error(&mut self, key: ObjRef) -> PyErr {
        self.incref(key);
        self.error_with(ExcKind::KeyError, key)
    }

    /// A new exception of `kind` with `argument` (whose reference it takes).
    fn error_with(&mut self, kind: ExcKind, argument: ObjRef) -> PyErr {
        let class = self.exceptions[kind as usize];
        self.incref(class);
        let made = self.call(class, vec![argument], None);
        self.decref(class);
        match made {
            Ok(exc) => PyErr(exc),
            Err(err) => err,
        }
    }

    pub(crate) fn name_error(&mut self, name: &str) -> PyErr {
        let err = self.error(ExcKind::NameError, format!("name '{name}' is not defined"));
        self.set_error_name(&err, name);
        err
    }

    /// Records on a `NameError` or `AttributeError` the name it is about
    /// (its `name` field), for the traceback's suggestion.
    pub(crate) fn set_error_name(&mut self, err: &PyErr, name: &str) {
        let text = self.new_str(name);
        self.set_attr_raw(err.0, "name", text);
    }

    /// `str(exc)`: the message as CPython prints it after the class name.
    pub(crate) fn exception_message(&mut self, exc: ObjRef) -> String {
        // A class of the program's own may say how it prints.
        if let Some(class) = self.class_of_instance(exc)
            && let Some(method) = self.lookup_in_class(class, "__str__")
        {
            self.incref(method);
            self.incref(exc);
            let result = self.call(method, vec![exc], None);
            self.decref(method);
            return match result {
                Ok(text) => {
                    let message = self.str_of(text).unwrap_or_default().to_string();
                    self.decref(text);
                    message
                }
                Err(err) => {
                    self.decref(err.0);
                    "<exception str() failed>".into()
                }
            };
        }
        if let Some(text) = self.os_error_message(exc) {
            return text;
        }
        let Some(args) = self.get_attr_raw(exc, "args") else {
            return String::new();
        };
        let items: Vec<ObjRef> = match self.payload(args) {
            Payload::Tuple(items) => items.to_vec(),
            _ => return String::new(),
        };
        let is_key_error = self
            .class_of_instance(exc)
            .is_some_and(|c| self.is_subclass(c, self.exceptions[ExcKind::KeyError as usize]));
        match items.as_slice() {
            [] => String::new(),
            [one] if is_key_error => self.repr(*one).unwrap_or_default(),
            [one] => self.str_value(*one).unwrap_or_default(),
            _ => self.repr(args).unwrap_or_default(),
        }
    }

    /// The last line of a traceback: `ValueError: message`.
    pub(crate) fn exception_summary(&mut self, exc: ObjRef) -> String {
        let class = self.class_of_instance(exc);
        let mut name = class.map(|c| self.class_name(c)).unwrap_or_default();
        // A class of a module other than `__main__` and the builtins is
        // named with its module, as `dataclasses.FrozenInstanceError`.
        let module = class
            .and_then(|c| self.lookup_in_class(c, "__module__"))
            .and_then(|m| self.str_of(m).map(str::to_string));
        if let Some(module) = module.filter(|m| m != "__main__" && m != "builtins") {
            name = format!("{module}.{name}");
        }
        let message = self.exception_message(exc);
        if message.is_empty() {
            name
        } else {
            format!("{name}: {message}")
        }
    }

    /// `raise exc from cause`: records the cause (an exception, a class to
    /// instantiate, or `None`), taking `cause`'s reference.
    pub(crate) fn set_cause(&mut self, err: &PyErr, cause: ObjRef) -> crate::vm::PyResult<()> {
        let cause = if cause == self.none() {
            cause
        } else {
            match self.make_exception_instance(cause) {
                Ok(cause) => cause,
                Err(e) => {
                    self.decref(err.0);
                    return Err(e);
                }
            }
        };
        self.set_attr_raw(err.0, "__cause__", cause);
        let suppress = self.new_bool(true);
        self.set_attr_raw(err.0, "__suppress_context__", suppress);
        Ok(())
    }

    /// An exception raised while another is being handled remembers it as
    /// its `__context__` (a reference that keeps the first one alive).
    pub(crate) fn chain_context(&mut self, err: &PyErr) {
        let Some(&handled) = self.handled.last() else {
            return;
        };
        if handled == err.0 || self.get_attr_raw(err.0, "__context__").is_some() {
            return;
        }
        self.incref(handled);
        self.set_attr_raw(err.0, "__context__", handled);
    }

    /// The traceback as CPython prints it, preceded by the exceptions it was raised from or while handling.
    pub fn format_traceback(&mut self, err: &PyErr) -> String {
        self.printed_pieces(err.0, None, true, true).concat()
    }

    /// The traceback in the pieces `traceback.format_exception` returns:
    /// each chained exception's, then the line that links it to the next;
    /// `"Traceback (most recent call last):\n"`, one piece per frame
    /// (its `File` line and source line), and the summary line. `tb`
    /// replaces the outermost exception's own `__traceback__` (the
    /// three-argument form); `chain: false` leaves out the chained ones.
    pub(crate) fn format_exception_pieces(
        &mut self,
        exc: ObjRef,
        tb: Option<ObjRef>,
        chain: bool,
    ) -> Vec<String> {
        self.printed_pieces(exc, tb, chain, false)
    }

    /// [`Vm::format_exception_pieces`]; with `suggest`, as the interpreter
    /// prints an exception (3.11's C printer adds "Did you mean", the
    /// `traceback` module does not).
    fn printed_pieces(
        &mut self,
        exc: ObjRef,
        tb: Option<ObjRef>,
        chain: bool,
        suggest: bool,
    ) -> Vec<String> {
        let mut seen = vec![];
        let mut pieces = vec![];
        self.format_chain(exc, tb, (chain, suggest), &mut seen, &mut pieces);
        pieces
    }

    fn format_chain(
        &mut self,
        exc: ObjRef,
        tb: Option<ObjRef>,
        (chain, suggest): (bool, bool),
        seen: &mut Vec<ObjRef>,
        pieces: &mut Vec<String>,
    ) {
        seen.push(exc);
        let none = self.none();
        let cause = self.get_attr_raw(exc, "__cause__").filter(|&c| c != none);
        let suppressed = self
            .get_attr_raw(exc, "__suppress_context__")
            .is_some_and(|s| s == self.singletons.true_);
        let context = self
            .get_attr_raw(exc, "__context__")
            .filter(|&c| c != none && !suppressed);
        let cause = cause.filter(|c| !seen.contains(c)).map(|c| (c, CAUSE_LINK));
        let link = cause.or_else(|| {
            context
                .filter(|c| !seen.contains(c))
                .map(|c| (c, CONTEXT_LINK))
        });
        if let Some((earlier, link)) = link.filter(|_| chain) {
            self.format_chain(earlier, None, (chain, suggest), seen, pieces);
            pieces.push(link.into());
        }
        let tb = tb.or_else(|| self.get_attr_raw(exc, "__traceback__"));
        let mut entries = self.traceback_entries(tb, None);
        if suggest {
            // The interpreter's printer shows the last `PyTraceBack_LIMIT`.
            entries.drain(..entries.len().saturating_sub(TRACEBACK_LIMIT));
        }
        if !entries.is_empty() {
            pieces.push("Traceback (most recent call last):\n".into());
        }
        pieces.extend(format_entries(&entries));
        let summary = self.exception_summary(exc);
        let suggestion = match suggest {
            true => self.suggestion(exc, tb).unwrap_or_default(),
            false => String::new(),
        };
        pieces.push(format!("{summary}{suggestion}\n"));
        // The notes `add_note` left, one per line after the summary.
        let notes = self.get_attr_raw(exc, "__notes__");
        let notes = match notes.map(|n| self.payload(n)) {
            Some(Payload::List(items)) => items.to_vec(),
            Some(Payload::Tuple(items)) => items.to_vec(),
            _ => vec![],
        };
        for note in notes {
            let text = self.str_value(note).unwrap_or_default();
            pieces.push(format!("{text}\n"));
        }
    }

    /// One exception's traceback and summary, without what it was chained to.
    pub(crate) fn format_one_traceback(&mut self, exc: ObjRef) -> String {
        self.printed_pieces(exc, None, false, false).concat()
    }

    /// The frames a traceback passed through, outermost first, at most
    /// `limit` of them (CPython: `StackSummary.extract(walk_tb(tb))`).
    pub(crate) fn traceback_entries(
        &self,
        tb: Option<ObjRef>,
        limit: Option<usize>,
    ) -> Vec<TracebackEntry> {
        let mut entries = vec![];
        let mut link = tb.filter(|&t| t != self.none());
        while let Some(tb) = link {
            if limit.is_some_and(|limit| entries.len() >= limit) {
                break;
            }
            let Some(traceback) = self.native::<Traceback>(tb) else {
                break;
            };
            let (frame, line, next) = (traceback.frame, traceback.line, traceback.next);
            let position = traceback.position;
            if let Some(frame) = self.native::<Frame>(frame)
                && !is_proxy_machinery(&frame.code)
            {
                let code = &frame.code;
                let mut entry = self.traceback_entry(&code.filename, line, &code.name);
                entry.carets = self.carets(&code.filename, line, position);
                entries.push(entry);
            }
            link = next;
        }
        entries
    }

    /// The entry for line `line` of `filename`, in the function `name`,
    /// with that line's source when the interpreter has it. Once the
    /// modules are being torn down it has none: CPython 3.11 reads the line
    /// through `io`, which can no longer be imported.
    pub(crate) fn traceback_entry(&self, filename: &str, line: u32, name: &str) -> TracebackEntry {
        let source = self
            .sources
            .get(filename)
            .filter(|_| !self.shutting_down)
            .and_then(|source| source.lines().nth(line.saturating_sub(1) as usize))
            .filter(|text| !text.trim().is_empty())
            // 3.11 shows the line without its indentation, as it ends.
            .map(|text| {
                text.trim_start_matches([' ', '\t', '\x0c'])
                    .trim_end_matches('\r')
            })
            .map(str::to_string);
        TracebackEntry {
            filename: filename.to_string(),
            line,
            name: name.to_string(),
            source,
            carets: None,
        }
    }

    /// The markers under line `line` of `filename` for an instruction
    /// whose source is `position` (see [`crate::types::carets`]).
    fn carets(&self, filename: &str, line: u32, position: Option<(u32, u32)>) -> Option<String> {
        let (start, end) = position?;
        let source = self.sources.get(filename).filter(|_| !self.shutting_down)?;
        crate::types::carets::caret_line(source, line, start as usize, end as usize)
    }

    /// Reports an exception that ends the program: to `sys.excepthook` if
    /// the program replaced it, else printed. If the hook fails, its error
    /// and then the original are printed, as 3.11's `_PyErr_PrintEx` does.
    pub fn print_uncaught(&mut self, err: &PyErr) {
        let Some(hook) = self.replaced_sys_hook("excepthook") else {
            self.print_traceback(err);
            return;
        };
        let exc_type = self.type_of(err.0);
        let traceback = self
            .get_attr_raw(err.0, "__traceback__")
            .unwrap_or(self.none());
        let args = vec![
            self.new_ref(exc_type),
            self.new_ref(err.0),
            self.new_ref(traceback),
        ];
        match self.call(hook, args, None) {
            Ok(result) => self.decref(result),
            Err(failed) => {
                self.flush();
                eprintln!("Error in sys.excepthook:");
                self.print_traceback(&failed);
                eprintln!("\nOriginal exception was:");
                self.print_traceback(err);
                self.decref(failed.0);
            }
        }
        self.decref(hook);
    }

    /// Prints the traceback to stderr (after flushing stdout, so the order is kept).
    pub fn print_traceback(&mut self, err: &PyErr) {
        self.flush();
        let text = self.format_traceback(err);
        eprint!("{text}");
    }

    /// True if `err` is a `SystemExit`.
    pub fn is_system_exit(&self, err: &PyErr) -> bool {
        self.is_instance_of_kind(err.0, ExcKind::SystemExit)
    }

    /// True if `err` is a `KeyboardInterrupt`.
    pub fn is_keyboard_interrupt(&self, err: &PyErr) -> bool {
        self.is_instance_of_kind(err.0, ExcKind::KeyboardInterrupt)
    }

    /// True if `exc` is an instance of the built-in exception `kind` or of a subclass.
    pub(crate) fn is_instance_of_kind(&self, exc: ObjRef, kind: ExcKind) -> bool {
        self.class_of_instance(exc)
            .is_some_and(|c| self.is_subclass(c, self.exceptions[kind as usize]))
    }

    /// Reads an instance attribute without running any Python code.
    pub(crate) fn get_attr_raw(&self, object: ObjRef, name: &str) -> Option<ObjRef> {
        self.instance_attr(object, &DictKey::Str(name.into()))
    }

    /// Removes an instance attribute and hands over its reference.
    pub(crate) fn take_attr_raw(&mut self, object: ObjRef, name: &str) -> Option<ObjRef> {
        let (key, value) = self.remove_instance_attr(object, &DictKey::Str(name.into()))?;
        self.decref(key);
        Some(value)
    }
}

/// What joins an exception to the one it was raised from (`raise ... from`).
const CAUSE_LINK: &str =
    "\nThe above exception was the direct cause of the following exception:\n\n";

/// What joins an exception to the one being handled when it was raised.
const CONTEXT_LINK: &str =
    "\nDuring handling of the above exception, another exception occurred:\n\n";

/// True for the code of a weak proxy's methods: CPython's proxies are
/// written in C, so what fails in them shows no frame of theirs.
fn is_proxy_machinery(code: &crate::types::code::Code) -> bool {
    &*code.filename == "<weakref>"
        && (&*code.qualname == "target"
            || code.qualname.starts_with("ProxyType.")
            || code.qualname.starts_with("CallableProxyType."))
}

/// The most frames the interpreter prints of a traceback, the innermost
/// (CPython: `PyTraceBack_LIMIT`, when `sys.tracebacklimit` is unset).
const TRACEBACK_LIMIT: usize = 1000;

/// More than this many entries in a row for one line of one function are
/// shown as a count (CPython: `TB_RECURSIVE_CUTOFF`, `_RECURSIVE_CUTOFF`).
const RECURSIVE_CUTOFF: usize = 3;

/// Each entry formatted, a run of more than [`RECURSIVE_CUTOFF`] for the
/// same line of the same function shortened to its first three and
/// `[Previous line repeated N more times]`, as 3.11's printer and its
/// `StackSummary.format` both do.
pub(crate) fn format_entries(entries: &[TracebackEntry]) -> Vec<String> {
    let mut pieces = vec![];
    let mut run = 0;
    let repeated = |run: usize| {
        let more = run - RECURSIVE_CUTOFF;
        let times = if more > 1 { "times" } else { "time" };
        format!("  [Previous line repeated {more} more {times}]\n")
    };
    for (at, entry) in entries.iter().enumerate() {
        let same = at > 0 && {
            let last = &entries[at - 1];
            (&last.filename, last.line, &last.name) == (&entry.filename, entry.line, &entry.name)
        };
        if !same {
            if run > RECURSIVE_CUTOFF {
                pieces.push(repeated(run));
            }
            run = 0;
        }
        run += 1;
        if run <= RECURSIVE_CUTOFF {
            pieces.push(entry.format());
        }
    }
    if run > RECURSIVE_CUTOFF {
        pieces.push(repeated(run));
    }
    pieces
}

/// One frame of a traceback or of the running stack. CPython: a
/// `traceback.FrameSummary`.
#[derive(Debug, Clone)]
pub(crate) struct TracebackEntry {
    pub(crate) filename: String,
    pub(crate) line: u32,
    pub(crate) name: String,
    /// The source line, stripped; `None` when unknown or blank.
    pub(crate) source: Option<String>,
    /// The markers under it that point at what failed, with their newline.
    pub(crate) carets: Option<String>,
}

impl TracebackEntry {
    /// `  File "x.py", line 3, in f` and the source line under it.
    pub(crate) fn format(&self) -> String {
        let mut out = format!(
            "  File \"{}\", line {}, in {}\n",
            self.filename, self.line, self.name
        );
        if let Some(text) = &self.source {
            out.push_str(&format!("    {text}\n"));
            out.extend(self.carets.as_deref());
        }
        out
    }
}
