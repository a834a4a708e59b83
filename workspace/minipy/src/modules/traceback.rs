//! `traceback`: printing and formatting exceptions and the running stack
//! from a program, as CPython 3.11's `Lib/traceback.py` does.
//!
//! Every function formats with the code that prints an uncaught exception
//! ([`Vm::format_exception_pieces`], [`TracebackEntry::format`]), so what a
//! program prints with `traceback.print_exc()` is what minipy prints when
//! the exception is not caught. Serves chapter 8 (what a saved traceback
//! keeps alive): `extract_tb` copies out what a traceback says — file,
//! line, function, source — into `FrameSummary` objects that hold no
//! frame, so keeping them keeps no locals alive.
//!
//! `FrameSummary` is a small Python class (`traceback_summary.py`).
//! Like CPython without column information, no `^^^` markers are printed.

use ch01_objects::{ObjRef, Payload};

use crate::modules::NativeModule;
use crate::types::builtin_fn::{Keywords, NativeFunction};
use crate::types::exceptions::{ExcKind, TracebackEntry, format_entries};
use crate::types::native::Traceback;
use crate::types::stream::Stream;
use crate::vm::{PyResult, Vm};

/// The module, for the registry in [`crate::modules`].
pub(crate) const MODULE: NativeModule = NativeModule {
    name: "traceback",
    functions: &[
        NativeFunction {
            name: "format_exception",
            keywords: &["value", "tb", "limit", "chain"],
            call: |vm, args, kwargs| {
                let pieces = vm.exception_pieces("format_exception", args, kwargs)?;
                Ok(vm.new_str_list(pieces))
            },
        },
        NativeFunction {
            name: "print_exception",
            keywords: &["value", "tb", "limit", "file", "chain"],
            call: |vm, args, kwargs| {
                let pieces = vm.exception_pieces("print_exception", args, kwargs)?;
                vm.print_pieces(pieces, keyword(kwargs, "file"))
            },
        },
        NativeFunction {
            name: "format_exc",
            keywords: &["limit", "chain"],
            call: |vm, args, kwargs| {
                let pieces = vm.handled_exception_pieces(args, kwargs, 0)?;
                Ok(vm.new_str(&pieces.concat()))
            },
        },
        NativeFunction {
            name: "print_exc",
            keywords: &["limit", "file", "chain"],
            call: |vm, args, kwargs| {
                let pieces = vm.handled_exception_pieces(args, kwargs, 0)?;
                let file = args.get(1).copied().or(keyword(kwargs, "file"));
                vm.print_pieces(pieces, file)
            },
        },
        NativeFunction {
            name: "format_exception_only",
            keywords: &["value"],
            call: |vm, args, kwargs| {
                let value = exception_argument(vm, args, kwargs, "format_exception_only")?;
                let line = vm.summary_line(value);
                Ok(vm.new_str_list(vec![line]))
            },
        },
        NativeFunction {
            name: "format_tb",
            keywords: &["limit"],
            call: |vm, args, kwargs| {
                let entries = vm.entries_of_tb(args, kwargs, "format_tb")?;
                Ok(vm.new_str_list(format_entries(&entries)))
            },
        },
        NativeFunction {
            name: "print_tb",
            keywords: &["limit", "file"],
            call: |vm, args, kwargs| {
                let entries = vm.entries_of_tb(args, kwargs, "print_tb")?;
                let pieces = format_entries(&entries);
                let file = args.get(2).copied().or(keyword(kwargs, "file"));
                vm.print_pieces(pieces, file)
            },
        },
        NativeFunction {
            name: "extract_tb",
            keywords: &["limit"],
            call: |vm, args, kwargs| {
                let entries = vm.entries_of_tb(args, kwargs, "extract_tb")?;
                vm.frame_summaries(entries)
            },
        },
        NativeFunction {
            name: "format_list",
            keywords: &[],
            call: |vm, args, _| {
                let entries = vm.entries_of_list(args)?;
                Ok(vm.new_str_list(format_entries(&entries)))
            },
        },
        NativeFunction {
            name: "format_stack",
            keywords: &["f", "limit"],
            call: |vm, args, kwargs| {
                let entries = vm.stack_entries(args, kwargs)?;
                Ok(vm.new_str_list(format_entries(&entries)))
            },
        },
        NativeFunction {
            name: "print_stack",
            keywords: &["f", "limit", "file"],
            call: |vm, args, kwargs| {
                let entries = vm.stack_entries(args, kwargs)?;
                let pieces = format_entries(&entries);
                let file = args.get(2).copied().or(keyword(kwargs, "file"));
                vm.print_pieces(pieces, file)
            },
        },
        NativeFunction {
            name: "extract_stack",
            keywords: &["f", "limit"],
            call: |vm, args, kwargs| {
                let entries = vm.stack_entries(args, kwargs)?;
                vm.frame_summaries(entries)
            },
        },
    ],
    table_functions: &[],
    values,
};

/// `FrameSummary`, written in Python.
const SUMMARY_SOURCE: &str = include_str!("traceback_summary.py");

/// The module's values: the `FrameSummary` class.
fn values(vm: &mut Vm) -> Vec<(&'static str, ObjRef)> {
    let made = vm
        .python_module_function(SUMMARY_SOURCE, "<traceback>", "_make")
        .and_then(|make| {
            let made = vm.call(make, vec![], None);
            vm.decref(make);
            made
        });
    match made {
        Ok(class) => vec![("FrameSummary", class)],
        Err(err) => {
            vm.release_error(err);
            vec![]
        }
    }
}

fn keyword(kwargs: &Keywords, name: &str) -> Option<ObjRef> {
    kwargs.iter().find(|(k, _)| &**k == name).map(|(_, v)| *v)
}

/// The exception of `format_exception_only(exc, /, value=...)`: `value` when
/// given (the old three-argument style), else the first argument.
fn exception_argument(
    vm: &mut Vm,
    args: &[ObjRef],
    kwargs: &Keywords,
    name: &str,
) -> PyResult<ObjRef> {
    match args.get(1).copied().or(keyword(kwargs, "value")) {
        Some(value) => Ok(value),
        None => args.first().copied().ok_or_else(|| {
            vm.error(
                ExcKind::TypeError,
                format!("{name}() missing 1 required positional argument: 'exc'"),
            )
        }),
    }
}

impl Vm {
    /// A new list of new strings.
    fn new_str_list(&mut self, pieces: Vec<String>) -> ObjRef {
        let items = pieces.iter().map(|p| self.new_str(p)).collect();
        self.alloc(Payload::List(items))
    }

    /// `limit`: how many entries, `None` for all; CPython's negative limit
    /// keeps the last ones instead, which the callers apply.
    fn limit_argument(&mut self, limit: Option<ObjRef>) -> PyResult<Option<i64>> {
        match limit.filter(|&l| l != self.none()) {
            None => Ok(None),
            Some(l) => match self.payload(l) {
                Payload::Int(n) => Ok(Some(*n)),
                _ => {
                    let name = self.type_name(l);
                    // CPython fails at its `limit >= 0`.
                    Err(self.error(
                        ExcKind::TypeError,
                        format!("'>=' not supported between instances of '{name}' and 'int'"),
                    ))
                }
            },
        }
    }

    /// The summary line `format_exception_only` gives: `ValueError: bad\n`,
    /// `NoneType: None\n` for no exception.
    fn summary_line(&mut self, value: ObjRef) -> String {
        if self.class_of_instance(value).is_some()
            && self.is_instance_of_kind(value, ExcKind::BaseException)
        {
            format!("{}\n", self.exception_summary(value))
        } else {
            let text = self.str_value(value).unwrap_or_default();
            format!("{}: {text}\n", self.type_name(value))
        }
    }

    /// `format_exception(exc, /, value, tb, limit=None, chain=True)` and
    /// `print_exception`'s pieces.
    fn exception_pieces(
        &mut self,
        name: &str,
        args: &[ObjRef],
        kwargs: &Keywords,
    ) -> PyResult<Vec<String>> {
        let value = exception_argument(self, args, kwargs, name)?;
        let tb = args.get(2).copied().or(keyword(kwargs, "tb"));
        let limit = args.get(3).copied().or(keyword(kwargs, "limit"));
        let chain = match args.get(if name == "print_exception" { 5 } else { 4 }) {
            Some(&chain) => Some(chain),
            None => keyword(kwargs, "chain"),
        };
        let chain = match chain {
            Some(chain) => self.truthy(chain)?,
            None => true,
        };
        let limit = self.limit_argument(limit)?;
        Ok(self.pieces_of(value, tb, limit, chain))
    }

    fn pieces_of(
        &mut self,
        value: ObjRef,
        tb: Option<ObjRef>,
        limit: Option<i64>,
        chain: bool,
    ) -> Vec<String> {
        if !self.is_instance_of_kind(value, ExcKind::BaseException)
            || self.class_of_instance(value).is_none()
        {
            return vec![self.summary_line(value)];
        }
        let pieces = self.format_exception_pieces(value, tb, chain);
        match limit {
            None => pieces,
            Some(limit) => limit_frames(pieces, limit),
        }
    }

    /// `format_exc(limit=None, chain=True)`'s pieces: the exception being
    /// handled, or `NoneType: None` outside an `except` block.
    fn handled_exception_pieces(
        &mut self,
        args: &[ObjRef],
        kwargs: &Keywords,
        limit_position: usize,
    ) -> PyResult<Vec<String>> {
        let limit = args
            .get(limit_position)
            .copied()
            .or(keyword(kwargs, "limit"));
        let limit = self.limit_argument(limit)?;
        let chain = match keyword(kwargs, "chain") {
            Some(chain) => self.truthy(chain)?,
            None => true,
        };
        let handled = self.handled.last().copied().unwrap_or(self.none());
        Ok(self.pieces_of(handled, None, limit, chain))
    }

    /// Writes the pieces to `file` (`sys.stderr` when not given).
    fn print_pieces(&mut self, pieces: Vec<String>, file: Option<ObjRef>) -> PyResult<ObjRef> {
        let text = pieces.concat();
        let file = match file.filter(|&f| f != self.none()) {
            Some(file) => self.new_ref(file),
            None => {
                let sys = self.import("sys")?;
                let stderr = self.get_attr(sys, "stderr");
                self.decref(sys);
                stderr?
            }
        };
        let written = if self.native::<Stream>(file).is_some() {
            self.write_stream(file, &text);
            Ok(())
        } else {
            let text = self.new_str(&text);
            self.get_attr(file, "write")
                .and_then(|write| {
                    let result = self.call(write, vec![text], None);
                    self.decref(write);
                    result
                })
                .map(|r| self.decref(r))
        };
        self.decref(file);
        written.map(|()| self.new_ref(self.none()))
    }

    /// The entries of `format_tb(tb, limit=None)` and its relatives.
    fn entries_of_tb(
        &mut self,
        args: &[ObjRef],
        kwargs: &Keywords,
        name: &str,
    ) -> PyResult<Vec<TracebackEntry>> {
        let Some(&tb) = args.first() else {
            return Err(self.error(
                ExcKind::TypeError,
                format!("{name}() missing 1 required positional argument: 'tb'"),
            ));
        };
        if tb != self.none() && self.native::<Traceback>(tb).is_none() {
            // CPython fails walking it: `tb.tb_frame`.
            let type_name = self.type_name(tb);
            return Err(self.error(
                ExcKind::AttributeError,
                format!("'{type_name}' object has no attribute 'tb_frame'"),
            ));
        }
        let limit = args.get(1).copied().or(keyword(kwargs, "limit"));
        let limit = self.limit_argument(limit)?;
        let entries = self.traceback_entries(Some(tb), None);
        Ok(limit_entries(entries, limit, false))
    }

    /// The running stack, outermost first, ending at the caller (CPython:
    /// `extract_stack()` from the calling frame).
    fn stack_entries(
        &mut self,
        args: &[ObjRef],
        kwargs: &Keywords,
    ) -> PyResult<Vec<TracebackEntry>> {
        let frame = args.first().copied().or(keyword(kwargs, "f"));
        if frame.is_some_and(|f| f != self.none()) {
            return Err(self.error(
                ExcKind::NotImplementedError,
                "minipy's traceback stack functions take no frame argument".into(),
            ));
        }
        let limit = args.get(1).copied().or(keyword(kwargs, "limit"));
        let limit = self.limit_argument(limit)?;
        let current = self.line.get();
        let count = self.running.len();
        let frames: Vec<(std::rc::Rc<crate::types::code::Code>, u32)> = self
            .running
            .iter()
            .enumerate()
            .map(|(i, f)| (f.code.clone(), if i + 1 == count { current } else { f.line }))
            .collect();
        let entries = frames
            .iter()
            .map(|(code, line)| self.traceback_entry(&code.filename, *line, &code.name))
            .collect();
        Ok(limit_entries(entries, limit, true))
    }

    /// `format_list(extracted)`: each item a `FrameSummary` or a 4-tuple.
    fn entries_of_list(&mut self, args: &[ObjRef]) -> PyResult<Vec<TracebackEntry>> {
        let Some(&list) = args.first() else {
            return Err(self.error(
                ExcKind::TypeError,
                "format_list() missing 1 required positional argument: 'extracted_list'".into(),
            ));
        };
        let items = self.collect_items(list)?;
        let mut entries = vec![];
        let mut failure = None;
        for &item in &items {
            match self.entry_of_summary(item) {
                Ok(entry) => entries.push(entry),
                Err(err) => {
                    failure = Some(err);
                    break;
                }
            }
        }
        self.decref_all(items);
        match failure {
            Some(err) => Err(err),
            None => Ok(entries),
        }
    }

    fn entry_of_summary(&mut self, item: ObjRef) -> PyResult<TracebackEntry> {
        let fields = self.collect_items(item)?;
        let texts = match fields.as_slice() {
            &[filename, lineno, name, line] => {
                let filename = self.str_value(filename);
                let lineno = self.str_value(lineno);
                let name = self.str_value(name);
                let source = if line == self.none() {
                    Ok(None)
                } else {
                    self.str_value(line).map(Some)
                };
                Ok((filename, lineno, name, source))
            }
            _ => Err(self.error(
                ExcKind::ValueError,
                format!(
                    "too many values to unpack (expected 4, got {})",
                    fields.len()
                ),
            )),
        };
        self.decref_all(fields);
        let (filename, lineno, name, source) = texts?;
        let source = source?
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        Ok(TracebackEntry {
            filename: filename?,
            line: lineno?.parse().unwrap_or(0),
            name: name?,
            source,
            carets: None,
        })
    }

    /// A list of `traceback.FrameSummary` objects for `entries`.
    fn frame_summaries(&mut self, entries: Vec<TracebackEntry>) -> PyResult<ObjRef> {
        let module = self.import("traceback")?;
        let class = self.get_attr(module, "FrameSummary");
        self.decref(module);
        let class = class?;
        let mut summaries = vec![];
        for entry in entries {
            let args = vec![
                self.new_str(&entry.filename),
                self.new_int(i64::from(entry.line)),
                self.new_str(&entry.name),
            ];
            let line = match &entry.source {
                Some(text) => self.new_str(text),
                None => self.new_ref(self.none()),
            };
            match self.call(class, args, Some(vec![("line".into(), line)])) {
                Ok(summary) => summaries.push(summary),
                Err(err) => {
                    self.decref(class);
                    self.decref_all(summaries);
                    return Err(err);
                }
            }
        }
        self.decref(class);
        Ok(self.alloc(Payload::list(summaries)))
    }
}

/// The first `limit` entries (the last `-limit` when negative); a stack
/// keeps its innermost ones, so there a positive limit counts from the end.
fn limit_entries(
    mut entries: Vec<TracebackEntry>,
    limit: Option<i64>,
    from_end: bool,
) -> Vec<TracebackEntry> {
    let Some(limit) = limit else {
        return entries;
    };
    let keep = limit.unsigned_abs() as usize;
    let keep_last = (limit < 0) != from_end;
    if keep_last {
        let skip = entries.len().saturating_sub(keep);
        entries.drain(..skip);
    } else {
        entries.truncate(keep);
    }
    entries
}

/// `format_exception`'s pieces with each traceback cut to `limit` frames.
fn limit_frames(pieces: Vec<String>, limit: i64) -> Vec<String> {
    // A traceback's frames are the pieces between its header and its summary.
    let mut out = vec![];
    let mut frames: Vec<String> = vec![];
    for piece in pieces {
        if piece.starts_with("  File ") {
            frames.push(piece);
            continue;
        }
        if !frames.is_empty() {
            let keep = limit.unsigned_abs() as usize;
            if limit < 0 {
                let skip = frames.len().saturating_sub(keep);
                frames.drain(..skip);
            } else {
                frames.truncate(keep);
            }
            if frames.is_empty() && out.last().is_some_and(|h: &String| h.starts_with("Traceback")) {
                // CPython prints the header only above at least one frame.
                out.pop();
            }
            out.append(&mut frames);
        }
        out.push(piece);
    }
    out
}
