//! The command line: `minipy [--stage NAME] [--trace[=refs]] [--stats] [--dis] [FILE.py]`.
//!
//! Serves every chapter: tinkerers run any example program on the runtime as
//! it stands at the end of any chapter.

pub mod repl;

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Parser;

use crate::{RunOptions, Stage, TraceLevel};

/// Shown when `--stage` names no stage.
pub const UNKNOWN_STAGE: &str = "unknown stage";

/// A small Python whose memory management is CPython's, rebuilt chapter by chapter.
#[derive(Debug, Parser)]
#[command(name = "minipy", version)]
pub struct Cli {
    /// The program to run; without one, an interactive prompt starts.
    pub file: Option<PathBuf>,
    /// The runtime as it stands at the end of a chapter (see --list-stages).
    #[arg(long, default_value = Stage::LATEST.name())]
    pub stage: String,
    /// List the stages and exit.
    #[arg(long)]
    pub list_stages: bool,
    /// Print memory events to stderr: alloc and free, or with =refs every incref and decref too.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "events", value_enum)]
    pub trace: Option<TraceLevel>,
    /// Print heap statistics to stderr at exit.
    #[arg(long)]
    pub stats: bool,
    /// Print the bytecode the program compiles to, laid out as CPython's
    /// `python3 -m dis`, instead of running it.
    #[arg(long, requires = "file")]
    pub dis: bool,
}

impl Cli {
    /// The stage named by `--stage`, or an error listing the valid ones.
    pub fn stage(&self) -> Result<Stage> {
        match Stage::from_name(&self.stage) {
            Some(stage) => Ok(stage),
            None => {
                let valid: Vec<&str> = Stage::ALL.iter().map(|s| s.name()).collect();
                bail!(
                    "{UNKNOWN_STAGE} '{}'; valid stages: {}",
                    self.stage,
                    valid.join(", ")
                )
            }
        }
    }
}

/// Runs the command line; returns the exit code.
pub fn main(cli: Cli) -> Result<i32> {
    if cli.list_stages {
        print!("{}", Stage::listing());
        return Ok(0);
    }
    let options = RunOptions {
        stage: cli.stage()?,
        trace: cli.trace,
        stats: cli.stats,
    };
    match cli.file {
        Some(path) if cli.dis => {
            let filename = path.display().to_string();
            let source = match read_source(&path, &filename)? {
                Ok(source) => source,
                Err(error) => {
                    eprint!("{error}");
                    return Ok(1);
                }
            };
            match minipy_compiler::dis::disassemble_source(&source, &filename) {
                Ok(listing) => {
                    print!("{listing}");
                    Ok(0)
                }
                Err(error) => {
                    eprint!("{}", error.report(&filename, &source));
                    Ok(1)
                }
            }
        }
        Some(path) => {
            // CPython 3.11 shows the script's absolute path in tracebacks.
            let filename = std::path::absolute(&path)
                .unwrap_or_else(|_| path.clone())
                .display()
                .to_string();
            let source = match read_source(&path, &filename)? {
                Ok(source) => source,
                Err(error) => {
                    eprint!("{error}");
                    return Ok(1);
                }
            };
            crate::with_big_stack(move || {
                crate::run_source(
                    &filename,
                    &source,
                    options,
                    Box::new(std::io::BufWriter::new(std::io::stdout())),
                )
            })
            .context("running the interpreter")
        }
        None => {
            use std::io::IsTerminal;
            let prompt = std::io::stdin().is_terminal();
            crate::with_big_stack(move || {
                crate::cli::repl::run(options, &mut std::io::stdin().lock(), prompt)
            })
            .context("running the REPL")
        }
    }
}

/// A program's text; the error CPython gives for a file it cannot open
/// (exit status 2), or inside, the `SyntaxError` for bytes it cannot
/// decode (exit status 1).
fn read_source(
    path: &std::path::Path,
    filename: &str,
) -> Result<std::result::Result<String, String>> {
    let bytes =
        std::fs::read(path).with_context(|| format!("can't open file '{}'", path.display()))?;
    Ok(minipy_compiler::source::decode_source(&bytes, filename))
}
