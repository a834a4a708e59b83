//! Deriving an exercise from its solution, so the two can never drift apart.
//!
//! The solution is the single source. In its `src/` files, comments starting
//! with `//~` mark what the learner writes:
//!
//! ```text
//! pub fn live_objects(heap: &Heap) -> usize {
//!     //~ TODO: Count the objects the heap holds now.      -> // TODO: Count ...
//!     //~ STUB: let _ = heap;                              -> let _ = heap;
//!     //~ SOLUTION BEGIN                                   -> todo!()
//!     heap.iter().count()                                  -> (dropped)
//!     //~ SOLUTION END                                     -> (dropped)
//! }
//! ```
//!
//! Every other file is copied unchanged. `cargo course generate` writes the
//! stubs; `cargo course verify` checks that the committed ones are exactly
//! what this module makes.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::catalog::{Exercise, Side};

const TODO: &str = "//~ TODO:";
const STUB: &str = "//~ STUB:";
const BEGIN: &str = "//~ SOLUTION BEGIN";
const END: &str = "//~ SOLUTION END";

/// The learner's version of one solution source file.
///
/// Fails if the markers are unbalanced; a file with no markers is returned as is.
pub fn stub_source(solution: &str) -> Result<String> {
    render(solution, Twin::Stub)
}

/// The solution source file as a reader should see it: the solution's code,
/// without the marker lines (which only the generator needs).
///
/// Fails if the markers are unbalanced, as [`stub_source`] does.
pub fn solution_source(solution: &str) -> Result<String> {
    render(solution, Twin::Solution)
}

/// Which of the two readings of a marked solution file [`render`] makes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Twin {
    /// The stub: TODOs and stub lines in, solution regions replaced by `todo!()`.
    Stub,
    /// The solution: every marker line out, solution regions kept.
    Solution,
}

/// Walks a marked solution file once, checking that its regions balance,
/// and writes the lines `twin` keeps.
fn render(solution: &str, twin: Twin) -> Result<String> {
    let mut out = String::with_capacity(solution.len());
    let mut inside_solution: Option<usize> = None;
    for (index, line) in solution.lines().enumerate() {
        let number = index + 1;
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if trimmed.starts_with(BEGIN) {
            if let Some(open) = inside_solution {
                bail!("line {number}: `{BEGIN}` inside the region opened on line {open}");
            }
            inside_solution = Some(number);
            if twin == Twin::Stub {
                out.push_str(&format!("{indent}todo!()\n"));
            }
        } else if trimmed.starts_with(END) {
            if inside_solution.take().is_none() {
                bail!("line {number}: `{END}` without a `{BEGIN}`");
            }
        } else if inside_solution.is_some() {
            if twin == Twin::Solution {
                out.push_str(line);
                out.push('\n');
            }
        } else if let Some(text) = trimmed.strip_prefix(TODO) {
            if twin == Twin::Stub {
                out.push_str(&format!("{indent}// TODO:{text}\n"));
            }
        } else if let Some(code) = trimmed.strip_prefix(STUB) {
            if twin == Twin::Stub {
                out.push_str(&format!("{indent}{}\n", code.trim_start()));
            }
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if let Some(open) = inside_solution {
        bail!("the `{BEGIN}` on line {open} is never closed");
    }
    Ok(out)
}

/// How many `//~ TODO:` markers and solution regions a source file has.
pub fn marker_counts(solution: &str) -> (usize, usize) {
    let trimmed = || solution.lines().map(str::trim_start);
    (
        trimmed().filter(|line| line.starts_with(TODO)).count(),
        trimmed().filter(|line| line.starts_with(BEGIN)).count(),
    )
}

/// Every file of the exercise as the generator makes it: relative path and contents.
pub fn expected_files(exercise: &Exercise) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let solution_dir = exercise.dir(Side::Solution);
    let mut files = Vec::new();
    for relative in list_files(&solution_dir)? {
        let path = solution_dir.join(&relative);
        let bytes = fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let bytes =
            if relative.starts_with("src") && relative.extension().is_some_and(|e| e == "rs") {
                let text = String::from_utf8(bytes)
                    .with_context(|| format!("{} is not UTF-8", path.display()))?;
                stub_source(&text)
                    .with_context(|| format!("{}", path.display()))?
                    .into_bytes()
            } else {
                bytes
            };
        files.push((relative, bytes));
    }
    Ok(files)
}

/// The solution's source files (`src/**/*.rs`), relative to its crate,
/// as [`solution_source`] shows them: `src/lib.rs` first, then the others
/// in path order.
pub fn solution_files(exercise: &Exercise) -> Result<Vec<(PathBuf, String)>> {
    let solution_dir = exercise.dir(Side::Solution);
    let mut sources: Vec<PathBuf> = list_files(&solution_dir)?
        .into_iter()
        .filter(|path| path.starts_with("src") && path.extension().is_some_and(|e| e == "rs"))
        .collect();
    sources.sort_by_key(|path| (*path != Path::new("src/lib.rs"), path.clone()));
    let mut files = Vec::new();
    for relative in sources {
        let path = solution_dir.join(&relative);
        let text =
            fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let shown = solution_source(&text).with_context(|| format!("{}", path.display()))?;
        files.push((relative, shown));
    }
    Ok(files)
}

/// Writes the learner's crate for `exercise` from its solution, replacing
/// whatever was there (the learner's work on it is lost: `reset` asks first).
pub fn write_exercise(exercise: &Exercise) -> Result<()> {
    let files = expected_files(exercise)?;
    let target = exercise.dir(Side::Exercise);
    for relative in list_files(&target).unwrap_or_default() {
        if !files.iter().any(|(path, _)| *path == relative) {
            fs::remove_file(target.join(&relative))
                .with_context(|| format!("cannot remove {}", target.join(&relative).display()))?;
        }
    }
    for (relative, bytes) in files {
        let path = target.join(&relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// The ways the committed exercise differs from what the generator makes,
/// one message per file; empty when they agree.
pub fn differences(exercise: &Exercise) -> Result<Vec<String>> {
    let expected = expected_files(exercise)?;
    let target = exercise.dir(Side::Exercise);
    let shown = exercise.display_dir(Side::Exercise);
    let mut problems = Vec::new();
    for (relative, bytes) in &expected {
        match fs::read(target.join(relative)) {
            Ok(actual) if actual == *bytes => {}
            Ok(_) => problems.push(format!(
                "{shown}/{} differs from what the solution generates",
                relative.display()
            )),
            Err(_) => problems.push(format!("{shown}/{} is missing", relative.display())),
        }
    }
    for relative in list_files(&target).unwrap_or_default() {
        if !expected.iter().any(|(path, _)| *path == relative) {
            problems.push(format!(
                "{shown}/{} has no counterpart in the solution",
                relative.display()
            ));
        }
    }
    Ok(problems)
}

/// Every file below `dir`, relative to it, sorted; skips build output.
fn list_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let absolute = dir.join(&relative);
        let entries = fs::read_dir(&absolute)
            .with_context(|| format!("cannot list {}", absolute.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot list {}", absolute.display()))?;
            let name = entry.file_name();
            if name == "target" || name == "Cargo.lock" {
                continue;
            }
            let child = relative.join(&name);
            if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                pending.push(child);
            } else {
                files.push(child);
            }
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOLUTION: &str = "\
pub fn double(x: u32) -> u32 {
    //~ TODO: Return twice `x`.
    //~ STUB: let _ = x;
    //~ SOLUTION BEGIN
    let twice = x * 2;
    twice
    //~ SOLUTION END
}
";

    #[test]
    fn the_learner_sees_the_task_and_a_todo() {
        let stub = stub_source(SOLUTION).unwrap();
        assert_eq!(
            stub,
            "\
pub fn double(x: u32) -> u32 {
    // TODO: Return twice `x`.
    let _ = x;
    todo!()
}
"
        );
        assert_eq!(marker_counts(SOLUTION), (1, 1));
    }

    #[test]
    fn the_solution_is_shown_without_its_markers() {
        assert_eq!(
            solution_source(SOLUTION).unwrap(),
            "\
pub fn double(x: u32) -> u32 {
    let twice = x * 2;
    twice
}
"
        );
        assert!(
            solution_source("//~ SOLUTION END\n")
                .unwrap_err()
                .to_string()
                .starts_with("line 1:")
        );
    }

    #[test]
    fn unbalanced_markers_are_errors_that_name_the_line() {
        let unclosed = "fn f() {\n    //~ SOLUTION BEGIN\n    1\n}\n";
        assert!(
            stub_source(unclosed)
                .unwrap_err()
                .to_string()
                .contains("on line 2 is never closed")
        );
        let stray = "fn f() {\n    //~ SOLUTION END\n}\n";
        assert!(
            stub_source(stray)
                .unwrap_err()
                .to_string()
                .starts_with("line 2:")
        );
        let nested = "//~ SOLUTION BEGIN\n//~ SOLUTION BEGIN\n//~ SOLUTION END\n";
        assert!(
            stub_source(nested)
                .unwrap_err()
                .to_string()
                .contains("inside the region opened on line 1")
        );
    }

    #[test]
    fn a_file_without_markers_is_unchanged() {
        let plain = "pub const X: u8 = 1;\n";
        assert_eq!(stub_source(plain).unwrap(), plain);
        assert_eq!(marker_counts(plain), (0, 0));
    }
}
