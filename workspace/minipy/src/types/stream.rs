//! `sys.stdout` and `sys.stderr`: the stream objects `print(file=...)`
//! and `sys.stdout.write` reach. Standard error is flushed in order with
//! standard output, so a traceback appears where it happened.

use ch01_objects::ObjRef;

use crate::types::builtin_fn::BuiltinFn;
use crate::types::exceptions::ExcKind;
use crate::types::native::native_kind;
use crate::vm::{PyResult, Vm};

/// `sys.stdout` or `sys.stderr`. CPython: `_io.TextIOWrapper`.
#[derive(Debug)]
pub struct Stream {
    /// True for standard error.
    pub is_stderr: bool,
}

native_kind!(
    Stream,
    "TextIOWrapper",
    |_this, _visit| {},
    |_this, _out| {}
);

impl Vm {
    /// Writes `text` to standard output or standard error, keeping their order.
    pub(crate) fn write_stream(&mut self, stream: ObjRef, text: &str) {
        let is_stderr = self.native::<Stream>(stream).is_some_and(|s| s.is_stderr);
        if is_stderr {
            self.flush();
            eprint!("{text}");
        } else {
            let _ = std::io::Write::write_all(&mut self.out, text.as_bytes());
        }
    }

    /// `stream.write(text)`, `stream.flush()`.
    pub(crate) fn stream_method(
        &mut self,
        function: BuiltinFn,
        args: &[ObjRef],
    ) -> PyResult<ObjRef> {
        let stream = args[0];
        if function == BuiltinFn::StreamFlush {
            self.flush();
            return Ok(self.none());
        }
        let Some(text) = args
            .get(1)
            .and_then(|&t| self.str_of(t))
            .map(str::to_string)
        else {
            return Err(self.error(ExcKind::TypeError, "write() argument must be str".into()));
        };
        self.write_stream(stream, &text);
        Ok(self.new_int(text.chars().count() as i64))
    }
}
