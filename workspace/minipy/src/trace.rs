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
//! (`None`, small ints, interned names) are never counted, so they never
//! appear. `line 0` marks what happens while the program is loaded: its
//! constants are made before the first line runs (CPython makes them when it
//! compiles or unmarshals the code).

use std::cell::Cell;
use std::io::Write;
use std::rc::Rc;

use ch01_objects::Heap;
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
        let _ = writeln!(
            self.out,
            "line {}: {}",
            self.line.get(),
            event.describe(heap)
        );
    }
}
