//! The bytecode listings the book prints, kept true by running the tools
//! that make them.
//!
//! - `programs/**/<name>.dis` is `minipy --dis <name>.py`, run in the
//!   program's folder so that the listing names the file as `<name>.py`.
//! - `programs/**/<name>.cpython-dis` is `python3 -m dis <name>.py`, run the
//!   same way, with the code objects' addresses (` at 0x7f...`) removed. It is
//!   checked only when `python3 --version` reports 3.11, the version the
//!   book describes; otherwise the test says on stderr that it skipped the
//!   check, and why.
//!
//! `MINIPY_BLESS=1 cargo test -p minipy --test listings` rewrites the files
//! from the tools (review the diff); `MINIPY_PROGRAMS=appendix/follow` limits
//! it to the listings whose path contains that text. To add a listing,
//! create an empty `<name>.dis` or `<name>.cpython-dis` next to the program
//! and bless it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

const MINIPY: &str = env!("CARGO_BIN_EXE_minipy");

/// The CPython the book's listings come from.
const CPYTHON_VERSION: &str = "Python 3.11.";

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("programs")
}

/// Every file under `programs/` whose name ends with `.<extension>`, sorted.
fn listings(extension: &str) -> Vec<PathBuf> {
    let mut found = vec![];
    let mut dirs = vec![programs_dir()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("programs directory is readable") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == extension) {
                found.push(path);
            }
        }
    }
    if let Ok(only) = std::env::var("MINIPY_PROGRAMS") {
        found.retain(|path| path.to_string_lossy().contains(&only));
    }
    found.sort();
    found
}

/// Says something on the real stderr, past the test harness's capture, so
/// that a skipped check is never silent.
fn tell(message: &str) {
    let _ = writeln!(std::io::stderr(), "listings: {message}");
}

fn blessing() -> bool {
    std::env::var_os("MINIPY_BLESS").is_some()
}

/// Runs `command` with `listing`'s program as its last argument, from the
/// program's folder, and returns its stdout.
fn run_on_program(command: &mut Command, listing: &Path) -> Result<String, String> {
    let folder = listing.parent().expect("a listing is in a folder");
    let program = listing.with_extension("py");
    let file_name = program.file_name().expect("a program has a name");
    if !program.exists() {
        return Err(format!("{} has no program next to it", listing.display()));
    }
    let output = command
        .arg(file_name)
        .current_dir(folder)
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "{command:?} failed on {}:\n{}",
            program.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Compares `actual` with the file at `path` (writing it first when
/// blessing); returns the problem, if any.
fn check(path: &Path, actual: &str) -> Option<String> {
    if blessing() {
        std::fs::write(path, actual).expect("write the listing");
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        return None;
    }
    let first = expected
        .lines()
        .zip(actual.lines())
        .position(|(e, a)| e != a)
        .unwrap_or(expected.lines().count().min(actual.lines().count()));
    let around = |text: &str| -> String {
        let lines: Vec<&str> = text.lines().skip(first).take(4).collect();
        lines.join("\n      ")
    };
    Some(format!(
        "{} is out of date (MINIPY_BLESS=1 rewrites it), from line {}:\n  expected:\n      {}\n  actual:\n      {}",
        path.display(),
        first + 1,
        around(&expected),
        around(actual)
    ))
}

/// `<code object f at 0x7f3a1c2b5d10, file ...>` → `<code object f, file ...>`:
/// the address changes from run to run.
fn without_addresses(listing: &str) -> String {
    let mut out = String::with_capacity(listing.len());
    let mut rest = listing;
    while let Some(at) = rest.find(" at 0x") {
        let digits = rest[at + 6..]
            .find(|c: char| !c.is_ascii_hexdigit() || c.is_ascii_uppercase())
            .unwrap_or(rest.len() - at - 6);
        out.push_str(&rest[..at]);
        if digits == 0 {
            out.push_str(" at 0x");
        }
        rest = &rest[at + 6 + digits..];
    }
    out.push_str(rest);
    out
}

/// Why the CPython listings cannot be checked here, if they cannot.
fn cpython_unavailable() -> Option<String> {
    if std::env::var_os("MINIPY_SKIP_PYTHON").is_some() {
        return Some("MINIPY_SKIP_PYTHON is set".into());
    }
    match Command::new("python3").arg("--version").output() {
        Err(e) => Some(format!("python3 cannot be run ({e})")),
        Ok(output) => {
            // Python 3.11 prints its version on stdout; very old ones on stderr.
            let mut version = String::from_utf8_lossy(&output.stdout).into_owned();
            version.push_str(&String::from_utf8_lossy(&output.stderr));
            let version = version.trim();
            if version.starts_with(CPYTHON_VERSION) {
                None
            } else {
                Some(format!(
                    "python3 is '{version}', and the listings are CPython 3.11's"
                ))
            }
        }
    }
}

#[test]
fn minipy_listings_are_what_minipy_dis_prints() {
    let files = listings("dis");
    let problems: Vec<String> = files
        .iter()
        .filter_map(
            |path| match run_on_program(Command::new(MINIPY).arg("--dis"), path) {
                Ok(listing) => check(path, &listing),
                Err(problem) => Some(problem),
            },
        )
        .collect();
    assert!(
        problems.is_empty(),
        "{} problem(s):\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}

#[test]
fn cpython_listings_are_what_python3_dis_prints() {
    let files = listings("cpython-dis");
    if files.is_empty() {
        return;
    }
    if let Some(reason) = cpython_unavailable() {
        tell(&format!(
            "skipped checking {} CPython listing(s): {reason}",
            files.len()
        ));
        return;
    }
    let problems: Vec<String> = files
        .iter()
        .filter_map(|path| {
            match run_on_program(Command::new("python3").args(["-m", "dis"]), path) {
                Ok(listing) => check(path, &without_addresses(&listing)),
                Err(problem) => Some(problem),
            }
        })
        .collect();
    assert!(
        problems.is_empty(),
        "{} problem(s):\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}

#[test]
fn only_code_object_addresses_are_removed() {
    assert_eq!(
        without_addresses(
            "  2 LOAD_CONST 1 (<code object f at 0x7f3cb91b3670, file \"f.py\", line 4>)\n"
        ),
        "  2 LOAD_CONST 1 (<code object f, file \"f.py\", line 4>)\n"
    );
    assert_eq!(
        without_addresses("'look at 0x' and at 0xZZ"),
        "'look at 0x' and at 0xZZ"
    );
}

#[test]
fn every_listing_sits_next_to_its_program() {
    for path in listings("dis").into_iter().chain(listings("cpython-dis")) {
        assert!(
            path.with_extension("py").exists(),
            "{} has no program next to it",
            path.display()
        );
    }
}
