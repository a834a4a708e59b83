//! Where CPython 3.11's start-up leaves the collector, for the stages that
//! count allocations (chapter 5).
//!
//! Before the first line of a program runs, python3.11 has imported about a
//! hundred modules (`site`, `os`, `io`, `weakref`, `collections`, ...) and
//! run two collections of generation 1: its generation 2 holds some eleven
//! thousand objects, `gc.get_count()` is `(249, 0, 2)` when `import gc` is
//! the program's first line, and its free lists hold a few freed lists,
//! dicts and tuples. A program's first automatic collection comes when that
//! count passes 700. minipy's own start-up makes far fewer objects, so on
//! those stages it imports the modules python3 has imported by then and
//! sets its counts and free lists to python3's, measured
//! on python3.11 (a program's first collections then come within a few
//! allocations of python3's, the compiler's own allocations differing with
//! what the program defines).

use ch01_objects::free_lists::FreeLists;

use crate::vm::Vm;

/// Modules minipy has that python3.11 has already imported when a program
/// starts (`sys.modules` on entry): importing them allocates nothing.
const IMPORTED_AT_STARTUP: &[&str] = &[
    "abc",
    "atexit",
    "collections",
    "functools",
    "itertools",
    "math",
    "os",
    "random",
    "sys",
    "time",
    "weakref",
];

/// `gc.get_count()` on entry, less what minipy's `import gc` then counts,
/// so that a first line `import gc` leaves python3's `(249, 0, 2)`.
const COUNT_ON_ENTRY: [usize; 3] = [249 - GC_IMPORT_ALLOCATIONS, 0, 2];

/// The containers minipy's `import gc` allocates (its functions).
const GC_IMPORT_ALLOCATIONS: usize = 18;

/// What CPython 3.11's compiler leaves counted when the module defines any
/// function or class (its symbol tables, constants and names tuples):
/// measured as the difference between a one-line program and one with a
/// function. Further definitions move it by a few more, which minipy does
/// not follow.
const FIRST_DEFINITION_ALLOCATIONS: usize = 11;

/// What a module defines, for [`Vm::account_for_compiler`].
pub struct Definitions {
    /// How many code objects (functions, classes, lambdas, comprehensions)
    /// it holds directly, then inside those, and so on.
    pub by_depth: Vec<usize>,
    /// How many of those directly in the module are classes.
    pub module_classes: usize,
}

/// The dicts CPython 3.11's compiler frees before the program starts, which
/// wait on the dict free list: about five, and one more per code object,
/// for each depth of nesting (the symbol tables of a level are alive at
/// once). Measured on python3.11 as the dicts a program can make before
/// `gc.get_count()` moves: 7 with no definitions, 13 with one, 17 with
/// five, 19 with a function inside a function, 20 with a class of two
/// methods. Pairs vary with the constants; for the common case, four more
/// wait with any definition, and two more for each class the module
/// defines (12 with one class, 34 with twelve, against 6 with none).
fn compiler_dicts_left(definitions_by_depth: &[usize]) -> usize {
    definitions_by_depth.iter().map(|&blocks| 5 + blocks).sum()
}

/// The lengths of python3.11's free lists on entry: lists, dicts, and
/// tuples by length (1 to 19).
fn free_lists_on_entry() -> FreeLists {
    let mut tuples = [0; ch01_objects::free_lists::TUPLE_SAVE_LENGTH];
    let by_length = [4, 6, 2, 2, 3, 1, 8, 6, 1, 0, 1, 3, 5, 1, 2, 2, 2, 2, 1];
    tuples[1..].copy_from_slice(&by_length);
    FreeLists {
        lists: 38,
        dicts: 7,
        tuples,
    }
}

impl Vm {
    /// On a stage that counts allocations, makes the collector's state on
    /// entry python3.11's (see the module docs).
    pub(crate) fn start_as_cpython(&mut self) {
        if self.mem.gc_count().is_none() {
            return;
        }
        for name in IMPORTED_AT_STARTUP {
            if let Ok(module) = self.import(name) {
                self.decref(module);
            }
        }
        self.mem
            .settle_after_startup(COUNT_ON_ENTRY, &free_lists_on_entry());
    }

    /// Before a program runs: what compiling it left counted in CPython,
    /// on the stages that count.
    pub fn account_for_compiler(&mut self, definitions: &Definitions) {
        if !definitions.by_depth.is_empty() && self.mem.gc_count().is_some() {
            let mut count = COUNT_ON_ENTRY;
            count[0] += FIRST_DEFINITION_ALLOCATIONS;
            let mut free_lists = free_lists_on_entry();
            free_lists.dicts += compiler_dicts_left(&definitions.by_depth);
            free_lists.tuples[2] += 4 + 2 * definitions.module_classes;
            self.mem.settle_after_startup(count, &free_lists);
        }
    }
}
