//! # minipy: a small Python whose memory management is CPython's
//!
//! The runtime every chapter of the book runs its programs on; Appendix A
//! walks through it. The front end is a crate of its own,
//! [`minipy_compiler`]: source text to a symbol table to code objects for a
//! stack machine. This crate runs them, on the memory manager of the
//! chapter a [`Stage`] names.
//!
//! ```text
//!  source ─▶ minipy_compiler ─▶ Code ─▶ eval ⇄ protocols ⇄ types ─▶ vm ─▶ stage
//!                                        (loop)  (operators)  (objects)  (refs)  (MemoryManager)
//! ```
//!
//! The layers, in the order a program flows through them (each folder's
//! `mod.rs` says what it holds and what it may call):
//! - [`cli`]: the command line and the interactive prompt;
//! - [`modules`]: what `import` finds, one file per module, and the
//!   built-in functions;
//! - [`eval`]: loading a module, the frames, calls, exceptions and the
//!   dispatch loop that runs one instruction after another;
//! - [`protocols`]: what operators, attribute access, subscripts and
//!   iteration do to each kind of object (CPython's abstract object layer);
//! - [`types`]: the object kinds and their methods (CPython's `Objects/`);
//! - [`vm`]: the interpreter's state and the reference discipline every
//!   layer above relies on (`incref`, `decref`, `alloc`);
//! - [`stage`]: the memory manager of each chapter, and `--trace`.
//!
//! Every layer adds methods to one struct, [`Vm`], in `impl Vm` blocks of
//! its own files: a call from one layer to another is a method call on the
//! interpreter. Imports go downwards, with the exceptions each `mod.rs`
//! names: the eval loop and the protocols call each other (a `__eq__`
//! written in Python runs in the eval loop, as `ceval.c` and `abstract.c`
//! call each other in CPython), and [`vm`]'s state holds a few objects of
//! [`types`] (code objects, the built-in constructors).

pub mod cli;
pub mod eval;
pub mod modules;
pub mod protocols;
pub mod stage;
pub mod types;
pub mod vm;

use std::io::Write;

/// The compiler's instruction set and entry point, under the names the
/// interpreter's files use (`crate::bytecode::Instr`).
pub use minipy_compiler::{bytecode, compile};

pub use stage::Stage;
pub use stage::trace::TraceLevel;
pub use vm::Vm;

/// How to run a program.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    /// Which chapter's memory manager.
    pub stage: Stage,
    /// Memory events on stderr.
    pub trace: Option<TraceLevel>,
    /// Heap statistics on stderr at exit.
    pub stats: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            stage: Stage::LATEST,
            trace: None,
            stats: false,
        }
    }
}

/// The interpreter runs on its own thread with a large stack, so that deep
/// Python recursion hits `RecursionError` long before Rust's stack ends.
pub const INTERPRETER_STACK_BYTES: usize = 1 << 30;

/// Runs `f` on a thread with [`INTERPRETER_STACK_BYTES`] of stack.
pub fn with_big_stack<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> std::io::Result<T> {
    let handle = std::thread::Builder::new()
        .name("minipy".into())
        .stack_size(INTERPRETER_STACK_BYTES)
        .spawn(f)?;
    handle
        .join()
        .map_err(|_| std::io::Error::other("the interpreter thread panicked"))
}

/// Makes an interpreter for `options`, with its tracer installed.
pub fn new_vm(options: RunOptions, out: Box<dyn Write>) -> Vm {
    if options.stage.uses_pymalloc()
        && let Some(allocator) = stage::allocator::installed()
    {
        // Before the first object: every object of the run is a block.
        allocator.enable(options.stage.release_policy());
    }
    if options.stage.uses_pymalloc() {
        // Large buffers each get an mmap of their own and go back at once,
        // whatever was freed before (chapter 8, "glibc's heap"): the
        // collector's scratch tables too, which would otherwise stay in
        // glibc's heap after the first large one was freed.
        ch08_os_memory::glibc::fix_mmap_threshold(128 * 1024);
    }
    let mut vm = Vm::new(options.stage.memory_manager(), out);
    vm.start_as_cpython();
    if let Some(level) = options.trace {
        let tracer =
            stage::trace::LineTracer::new(level, vm.line_cell(), Box::new(std::io::stderr()));
        vm.memory_mut().set_tracer(Box::new(tracer));
    }
    vm
}

/// Runs a program's source and returns the process exit code: 0, or 1 after
/// a traceback or a syntax error (or `sys.exit`'s code). Output goes to
/// `out`, errors and traces to stderr.
pub fn run_source(filename: &str, source: &str, options: RunOptions, out: Box<dyn Write>) -> i32 {
    let code = match compile::compile_module(source, filename, false) {
        Ok(code) => code,
        Err(error) => {
            eprint!("{}", error.report(filename, source));
            return 1;
        }
    };
    for (line, message) in &code.warnings {
        // The warnings module's format: where, what, then the line itself.
        let text = source.lines().nth(*line as usize - 1).unwrap_or("").trim();
        eprint!("{filename}:{line}: SyntaxWarning: {message}\n  {text}\n");
    }
    let mut vm = new_vm(options, out);
    vm.account_for_compiler(&definitions(&code));
    vm.set_script_name(filename);
    let status = match vm.run_module(code, source) {
        Ok(()) => 0,
        Err(err) => {
            if vm.is_system_exit(&err) {
                let status = exit_status(&mut vm, &err);
                vm.release_error(err);
                status
            } else {
                vm.print_uncaught(&err);
                // CPython re-raises SIGINT on itself for an uncaught
                // KeyboardInterrupt, which a shell sees as status 130.
                let status = if vm.is_keyboard_interrupt(&err) {
                    130
                } else {
                    1
                };
                vm.keep_last_exception(err);
                status
            }
        }
    };
    vm.shutdown();
    if options.stats {
        eprint!("{}", format_stats(&vm, options.stage));
    }
    status
}

fn exit_status(vm: &mut Vm, err: &vm::PyErr) -> i32 {
    let message = vm.exception_message_public(err);
    match message.parse::<i32>() {
        Ok(code) => code,
        Err(_) if message.is_empty() || message == "None" => 0,
        Err(_) => {
            eprintln!("{message}");
            1
        }
    }
}

/// `--stats`: the heap's counters at exit, and the allocator's report on
/// the stages that use pymalloc.
pub fn format_stats(vm: &Vm, stage: Stage) -> String {
    let stats = vm.memory().stats();
    let mut text = format!(
        "stage: {}\nallocations: {}\nfrees: {}\nlive objects: {}\nlive bytes: {}\n",
        stage.name(),
        stats.allocations,
        stats.releases,
        stats.live_objects,
        stats.live_bytes
    );
    if stage.uses_pymalloc()
        && let Some(report) = stage::allocator::installed().and_then(|a| a.report())
    {
        text.push('\n');
        text.push_str(&report);
    }
    text
}

/// True if the module defines a function, a class or a lambda (a code
/// object among its constants).
/// What the module defines, as CPython's compiler sees it (see
/// [`Vm::account_for_compiler`]).
fn definitions(code: &minipy_compiler::bytecode::Code) -> vm::startup::Definitions {
    let by_depth = definitions_by_depth(code);
    let module_classes = code
        .consts
        .iter()
        .filter(|constant| {
            matches!(constant, minipy_compiler::bytecode::Const::Code(inner)
                if inner.kind == minipy_compiler::bytecode::CodeKind::Class)
        })
        .count();
    vm::startup::Definitions {
        by_depth,
        module_classes,
    }
}

/// How many code objects the module's code holds at each depth of
/// nesting: functions, classes, lambdas and comprehensions directly in the
/// module first, then those inside them, and so on.
fn definitions_by_depth(code: &minipy_compiler::bytecode::Code) -> Vec<usize> {
    let mut by_depth = Vec::new();
    let mut level: Vec<&minipy_compiler::bytecode::Code> = vec![code];
    loop {
        let next: Vec<_> = level
            .iter()
            .flat_map(|code| code.consts.iter())
            .filter_map(|constant| match constant {
                minipy_compiler::bytecode::Const::Code(inner) => Some(&**inner),
                _ => None,
            })
            .collect();
        if next.is_empty() {
            return by_depth;
        }
        by_depth.push(next.len());
        level = next;
    }
}
