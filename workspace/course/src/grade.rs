//! Grading one exercise: build its graded tests, then run them one at a time.
//!
//! Each test runs in its own process with a time limit, so that whatever the
//! learner's code does — fail an assertion, panic, overflow the stack, loop
//! forever — only that test is lost, and the report says which of those it was.
//!
//! ```text
//! cargo test --no-run -p ID --test graded   ──▶ compile error? report it, score 0
//!         │ the test executable
//!         ▼
//! exe --list                                ──▶ the graded test names
//!         ▼
//! exe --exact NAME  (once per test, killed after the time limit)
//! ```

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde::Serialize;

use crate::catalog::{Exercise, Side};

/// How one graded test ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", content = "detail", rename_all = "snake_case")]
pub enum Outcome {
    /// It passed.
    Passed,
    /// It panicked: a failed assertion, a `todo!()`, an `unwrap` on `None`...
    Failed(String),
    /// The code recursed until the thread's stack ran out.
    StackOverflow,
    /// It ran longer than the exercise's time limit: probably an endless loop.
    TimedOut(u64),
    /// The process died some other way (a signal, an abort).
    Crashed(String),
}

impl Outcome {
    /// What happened, in words for the learner (empty for a pass).
    pub fn describe(&self) -> String {
        match self {
            Outcome::Passed => String::new(),
            Outcome::Failed(message) => message.clone(),
            Outcome::StackOverflow => "stack overflow: the code recursed too deep (a recursion to make iterative, or one that never ends?)".into(),
            Outcome::TimedOut(seconds) => format!("time limit: still running after {seconds} s (an endless loop?)"),
            Outcome::Crashed(how) => format!("the test process crashed: {how}"),
        }
    }
}

/// One graded test's result.
#[derive(Debug, Clone, Serialize)]
pub struct TestResult {
    /// The test function's name.
    pub name: String,
    /// What happened.
    #[serde(flatten)]
    pub outcome: Outcome,
    /// What the test is worth.
    pub points: u32,
}

/// One exercise's result.
#[derive(Debug, Clone, Serialize)]
pub struct Grade {
    /// The exercise id.
    pub exercise: String,
    /// The compiler's errors, if the crate or its tests do not build.
    pub compile_error: Option<String>,
    /// Each graded test, in the order the test file declares them.
    pub tests: Vec<TestResult>,
    /// Points earned.
    pub score: u32,
    /// Points available.
    pub max_score: u32,
}

impl Grade {
    /// True when everything compiled and every test passed.
    pub fn passed(&self) -> bool {
        self.compile_error.is_none() && self.tests.iter().all(|t| t.outcome == Outcome::Passed)
    }
}

/// Builds and runs the graded tests of `exercise` on one side (the learner's
/// code or the solution). `Err` means the grader itself could not work
/// (cargo missing, an unreadable file); anything the learner's code does is a `Grade`.
pub fn grade(exercise: &Exercise, side: Side, target_dir: &Path) -> Result<Grade> {
    if side == Side::Exercise
        && let Some(changed) = changed_grading_file(exercise)?
    {
        let shown = format!("{}/{}", exercise.display_dir(side), changed.display());
        return Ok(not_run(
            exercise,
            side,
            None,
            format!(
                "not run: {shown} is not as shipped, and grading needs it unchanged (restore it with `git checkout -- {shown}`)"
            ),
        ));
    }
    let executable = match build_tests(exercise, side, target_dir)? {
        Ok(executable) => executable,
        Err(errors) => {
            let reason = "not run: the crate does not compile".to_string();
            return Ok(not_run(exercise, side, Some(errors), reason));
        }
    };
    let names = list_tests(&executable)?;
    if names.is_empty() {
        bail!("{} has no graded tests", exercise.display_dir(side));
    }
    let tests: Vec<TestResult> = names
        .into_iter()
        .map(|name| {
            let outcome =
                from_repository_root(run_test(&executable, &name, exercise.time_limit)?, side);
            let points = exercise.points_for(&name);
            Ok(TestResult {
                name,
                outcome,
                points,
            })
        })
        .collect::<Result<_>>()?;
    let score = tests
        .iter()
        .filter(|t| t.outcome == Outcome::Passed)
        .map(|t| t.points)
        .sum();
    let max_score = tests.iter().map(|t| t.points).sum();
    Ok(Grade {
        exercise: exercise.id.clone(),
        compile_error: None,
        tests,
        score,
        max_score,
    })
}

/// Compiles the crate and its graded tests; `Ok(Err(messages))` is a compile error.
fn build_tests(
    exercise: &Exercise,
    side: Side,
    target_dir: &Path,
) -> Result<Result<PathBuf, String>> {
    let output = Command::new(cargo())
        .args([
            "test",
            "--no-run",
            "--quiet",
            "--message-format=json-render-diagnostics",
            "--color=never",
        ])
        .arg("--manifest-path")
        .arg(exercise.workspace_manifest(side))
        .args(["--package", &exercise.id, "--test", "graded"])
        .arg("--target-dir")
        .arg(side.target_dir(target_dir))
        .stdin(Stdio::null())
        .output()
        .context("cannot run cargo to build the exercise")?;
    if !output.status.success() {
        let errors = String::from_utf8_lossy(&output.stderr).trim().to_string();
        return Ok(Err(errors));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let is_graded = message["reason"] == "compiler-artifact"
            && message["target"]["name"] == "graded"
            && message["target"]["kind"][0] == "test";
        if let (true, Some(executable)) = (is_graded, message["executable"].as_str()) {
            return Ok(Ok(PathBuf::from(executable)));
        }
    }
    bail!(
        "cargo built {} but reported no `graded` test executable",
        exercise.display_dir(side)
    )
}

/// The first file that decides the grade — the graded tests or the manifest —
/// that differs in the learner's crate from what the solution generates.
fn changed_grading_file(exercise: &Exercise) -> Result<Option<PathBuf>> {
    let learner = exercise.dir(Side::Exercise);
    for (relative, shipped) in crate::stub::expected_files(exercise)? {
        let decides_grade = relative.starts_with("tests") || relative == Path::new("Cargo.toml");
        if decides_grade && std::fs::read(learner.join(&relative)).ok() != Some(shipped) {
            return Ok(Some(relative));
        }
    }
    Ok(None)
}

/// The grade of a crate whose tests could not run: every test it declares, failed.
fn not_run(
    exercise: &Exercise,
    side: Side,
    compile_error: Option<String>,
    reason: String,
) -> Grade {
    let source =
        std::fs::read_to_string(exercise.dir(side).join("tests/graded.rs")).unwrap_or_default();
    let tests: Vec<TestResult> = declared_tests(&source)
        .into_iter()
        .map(|name| TestResult {
            points: exercise.points_for(&name),
            outcome: Outcome::Failed(reason.clone()),
            name,
        })
        .collect();
    let max_score = tests.iter().map(|t| t.points).sum();
    Grade {
        exercise: exercise.id.clone(),
        compile_error,
        tests,
        score: 0,
        max_score,
    }
}

/// The names of the `#[test]` functions in a test file, read as text (used
/// only when the file cannot be compiled and so cannot list its own tests).
pub fn declared_tests(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut after_attribute = false;
    for line in source.lines().map(str::trim) {
        if line == "#[test]" {
            after_attribute = true;
        } else if after_attribute && let Some(rest) = line.strip_prefix("fn ") {
            names.extend(rest.split('(').next().map(|name| name.trim().to_string()));
            after_attribute = false;
        }
    }
    names
}

/// Asks the test executable for its tests, in declaration order.
fn list_tests(executable: &Path) -> Result<Vec<String>> {
    let output = Command::new(executable)
        .args(["--list", "--format", "terse"])
        .output()
        .with_context(|| format!("cannot run {}", executable.display()))?;
    let listing = String::from_utf8_lossy(&output.stdout);
    Ok(listing
        .lines()
        .filter_map(|line| line.strip_suffix(": test"))
        .map(str::to_string)
        .collect())
}

/// Runs one test in its own process and classifies how it ended.
fn run_test(executable: &Path, name: &str, time_limit: Duration) -> Result<Outcome> {
    let mut child = Command::new(executable)
        .args(["--exact", name, "--nocapture", "--test-threads", "1"])
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot run {}", executable.display()))?;
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().context("cannot wait for a test")? {
            break Some(status);
        }
        if started.elapsed() > time_limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(5));
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    Ok(match status {
        None => Outcome::TimedOut(time_limit.as_secs()),
        Some(status) => classify(status, &stdout, &stderr),
    })
}

/// Reads a child's pipe to the end on its own thread, so a chatty test can
/// never block on a full pipe while we wait for it.
fn drain(pipe: Option<impl Read + Send + 'static>) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = pipe {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            text = String::from_utf8_lossy(&bytes).into_owned();
        }
        text
    })
}

fn classify(status: ExitStatus, stdout: &str, stderr: &str) -> Outcome {
    if stderr.contains("has overflowed its stack") {
        return Outcome::StackOverflow;
    }
    if status.success() {
        return if stdout.contains("1 passed") {
            Outcome::Passed
        } else {
            Outcome::Crashed("the test did not run".into())
        };
    }
    if let Some(message) = panic_message(stderr) {
        return Outcome::Failed(message);
    }
    Outcome::Crashed(describe_exit(status))
}

/// Panic locations in the exercise's own files are printed relative to its
/// workspace (`ch01/...`); make them relative to the repository
/// (`exercises/ch01/...`) so the learner can open them as shown.
fn from_repository_root(outcome: Outcome, side: Side) -> Outcome {
    match outcome {
        Outcome::Failed(message) => {
            Outcome::Failed(message.replace(" (at ch", &format!(" (at {}/ch", side.directory())))
        }
        other => other,
    }
}

/// The panic's location and message from a test's standard error.
fn panic_message(stderr: &str) -> Option<String> {
    let mut lines = stderr
        .lines()
        .skip_while(|line| !line.contains(" panicked at "));
    let header = lines.next()?;
    let location = header.split(" panicked at ").nth(1)?.trim_end_matches(':');
    let message: Vec<&str> = lines
        .take_while(|line| !line.starts_with("note: "))
        .collect();
    Some(format!("{} (at {location})", message.join("\n").trim()))
}

#[cfg(unix)]
fn describe_exit(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match status.signal() {
        Some(signal) => format!("killed by signal {signal}"),
        None => format!("exited with {status}"),
    }
}

#[cfg(not(unix))]
fn describe_exit(status: ExitStatus) -> String {
    format!("exited with {status}")
}

/// The cargo that runs us (so a toolchain override is respected).
pub fn cargo() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edited_graded_tests_are_not_run() {
        let root = tempfile::tempdir().unwrap();
        for side in ["exercises", "solutions"] {
            let dir = root.path().join(side).join("ch01/ch01-x");
            std::fs::create_dir_all(dir.join("tests")).unwrap();
            std::fs::write(
                dir.join("exercise.toml"),
                "title = \"X\"\norder = 1\nhints = []\n",
            )
            .unwrap();
            std::fs::write(dir.join("Cargo.toml"), "[package]\n").unwrap();
            std::fs::write(dir.join("tests/graded.rs"), "#[test]\nfn a() {}\n").unwrap();
        }
        let edited = root.path().join("exercises/ch01/ch01-x/tests/graded.rs");
        std::fs::write(&edited, "#[test]\nfn a() { /* always passes */ }\n").unwrap();
        let catalog = crate::catalog::Catalog::load(root.path(), Side::Exercise).unwrap();
        let exercise = catalog.get("ch01-x").unwrap();
        let grade = grade(exercise, Side::Exercise, root.path()).unwrap();
        assert_eq!(grade.score, 0);
        assert_eq!(grade.tests.len(), 1);
        assert!(
            grade.tests[0]
                .outcome
                .describe()
                .contains("tests/graded.rs is not as shipped"),
            "{:?}",
            grade.tests[0]
        );
    }

    #[test]
    fn test_names_are_read_from_source_when_it_cannot_compile() {
        let source = "use x::*;\n\n#[test]\nfn first() {}\n\nfn helper() {}\n\n#[test]\nfn second_one() { broken(\n";
        assert_eq!(declared_tests(source), vec!["first", "second_one"]);
    }

    #[test]
    fn a_panic_is_reported_with_its_message_and_place() {
        let stderr = "\nthread 'sums' (7) panicked at src/lib.rs:4:5:\nnot yet implemented\nnote: run with `RUST_BACKTRACE=1`\n";
        assert_eq!(
            panic_message(stderr).unwrap(),
            "not yet implemented (at src/lib.rs:4:5)"
        );
        let assertion = "thread 'x' panicked at tests/graded.rs:9:5:\nassertion `left == right` failed\n  left: 1\n right: 2\n";
        assert_eq!(
            panic_message(assertion).unwrap(),
            "assertion `left == right` failed\n  left: 1\n right: 2 (at tests/graded.rs:9:5)"
        );
        assert_eq!(panic_message("all good\n"), None);
        let located = from_repository_root(
            Outcome::Failed("boom (at ch01/x/src/lib.rs:1:1)".into()),
            Side::Exercise,
        );
        assert_eq!(
            located,
            Outcome::Failed("boom (at exercises/ch01/x/src/lib.rs:1:1)".into())
        );
    }
}
