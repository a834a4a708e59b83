//! `--trace`: memory events on stderr, each with the source line of the
//! instruction that caused it.
//!
//! ```text
//! line 3: alloc #261 list
//! line 4: decref #261 list 2->1      (with --trace=refs)
//! line 5: free #261 list
//! ```
//!
//! Serves chapter 2 (and every later chapter's traces). Immortal objects
//! (`None`, small ints, built-in names) are never counted, so they never
//! appear. Interned strings (every name a program uses, and the constants
//! that look like names) are counted, as in CPython 3.11, but left out once
//! they are made: their counts move with every new binding of a name, and
//! CPython adds references minipy does not model (the parser's arena holds
//! one per time it builds an identifier, the type attribute cache one per
//! name it has looked up), so they would say little about the program. `load` marks what happens before the first line runs: the
//! program's constants are made then (CPython makes them when it compiles or
//! unmarshals the code). `exit` marks the release of the module's globals
//! after the last line, which CPython also does at shutdown.

use std::cell::Cell;
use std::io::Write;
use std::rc::Rc;

use ch01_objects::Heap;

use crate::vm::INTERNED;
use ch02_refcount::{Event, Tracer};

/// How much `--trace` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TraceLevel {
    /// Allocations, finalizations and frees.
    Events,
    /// Also every incref and decref, with the count before and after.
    Refs,
}

/// Prints each event with the running line.
pub struct LineTracer {
    level: TraceLevel,
    line: Rc<Cell<u32>>,
    out: Box<dyn Write>,
}

impl LineTracer {
    /// A tracer reading the interpreter's current line from `line`.
    pub fn new(level: TraceLevel, line: Rc<Cell<u32>>, out: Box<dyn Write>) -> LineTracer {
        LineTracer { level, line, out }
    }
}

impl Tracer for LineTracer {
    fn event(&mut self, heap: &Heap, event: Event) {
        if event.is_count_change() && self.level != TraceLevel::Refs {
            return;
        }
        let interned = heap
            .try_get(event.object())
            .is_some_and(|object| object.header.flags & INTERNED != 0);
        if interned {
            return;
        }
        let when = match self.line.get() {
            LOADING => "load".to_string(),
            EXITING => "exit".to_string(),
            line => format!("line {line}"),
        };
        let _ = writeln!(self.out, "{when}: {}", event.describe(heap));
    }
}

/// The running line while the program's code is loaded, before it runs.
pub const LOADING: u32 = 0;
/// The running line while the module's globals are released at exit.
pub const EXITING: u32 = u32::MAX;
