//! Grading one exercise: build its graded tests, then run them all at once,
//! each in its own process, under one time limit.
//!
//! Each test has a process of its own, so that whatever the learner's code
//! does — fail an assertion, panic, overflow the stack, loop forever — only
//! that test is lost, and the report says which of those it was. They run
//! side by side, so an exercise whose every test loops costs one time limit,
//! not one per test.
//!
//! ```text
//! cargo test --no-run -p ID --test graded   ──▶ compile error? report it, score 0
//!         │ the test executable (and the crate's warnings)
//!         ▼
//! exe --list                                ──▶ the graded test names
//!         ▼
//! exe --exact NAME, for every NAME at once  ──▶ whatever still runs at the
//!                                               time limit is killed: timed out
//! ```
//!
//! An exercise marked `loom = true` is concurrent code graded by loom
//! models: its tests are built with `--cfg loom` in a directory of their own
//! and run with a bound on preemptions, and a model's report (a causality
//! violation, an execution that never ends) is shown trimmed, with its
//! places in the learner's files and a sentence on what it means.
//!
//! The compiler names the exercise's files relative to its cargo workspace
//! (`ch01/...`) and the files of the crates it uses by absolute path; the
//! grade names both relative to the repository (`exercises/ch01/...`,
//! `workspace/...`), in compile errors, warnings and panics alike, so the
//! learner can open what is shown from where they typed `cargo course`.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
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
    /// The compiler's warnings about the exercise's own crate (not the
    /// crates it uses), one line each: the message and where.
    pub warnings: Vec<String>,
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
    let paths = SourcePaths::new(exercise, side);
    let build = build_tests(exercise, side, target_dir, &paths)?;
    let executable = match build.executable {
        Ok(executable) => executable,
        Err(errors) => {
            let reason = "not run: the crate does not compile".to_string();
            let mut grade = not_run(exercise, side, Some(errors), reason);
            grade.warnings = build.warnings;
            return Ok(grade);
        }
    };
    let names = list_tests(&executable)?;
    if names.is_empty() {
        bail!("{} has no graded tests", exercise.display_dir(side));
    }
    let environment = test_environment(exercise);
    let outcomes = run_tests(
        &executable,
        &names,
        exercise.time_limit,
        &environment,
        &paths,
    )?;
    let tests: Vec<TestResult> = names
        .into_iter()
        .zip(outcomes)
        .map(|(name, outcome)| TestResult {
            points: exercise.points_for(&name),
            name,
            outcome,
        })
        .collect();
    let score = tests
        .iter()
        .filter(|t| t.outcome == Outcome::Passed)
        .map(|t| t.points)
        .sum();
    let max_score = tests.iter().map(|t| t.points).sum();
    Ok(Grade {
        exercise: exercise.id.clone(),
        compile_error: None,
        warnings: build.warnings,
        tests,
        score,
        max_score,
    })
}

/// The flag that builds a crate's concurrency primitives as loom's (see
/// chapter 10's `sync` module), added to whatever `RUSTFLAGS` says.
pub const LOOM_RUSTFLAGS: &str = "--cfg loom";

/// How many preemptions a loom model explores, unless `LOOM_MAX_PREEMPTIONS`
/// is set: bugs in the exercises' code show within two or three, and each
/// one more multiplies the executions to explore.
pub const LOOM_MAX_PREEMPTIONS: &str = "3";

/// The environment a build of `exercise`'s graded tests needs: for a loom
/// exercise, `--cfg loom` added to `RUSTFLAGS`.
fn build_environment(exercise: &Exercise) -> Vec<(String, String)> {
    if !exercise.loom {
        return Vec::new();
    }
    let flags = match std::env::var("RUSTFLAGS") {
        Ok(flags) if !flags.trim().is_empty() => format!("{flags} {LOOM_RUSTFLAGS}"),
        _ => LOOM_RUSTFLAGS.to_string(),
    };
    vec![("RUSTFLAGS".to_string(), flags)]
}

/// The environment each graded test of `exercise` runs in: for a loom
/// exercise, a bound on preemptions (the caller's, if it set one).
fn test_environment(exercise: &Exercise) -> Vec<(String, String)> {
    if !exercise.loom {
        return Vec::new();
    }
    let bound =
        std::env::var("LOOM_MAX_PREEMPTIONS").unwrap_or_else(|_| LOOM_MAX_PREEMPTIONS.to_string());
    vec![("LOOM_MAX_PREEMPTIONS".to_string(), bound)]
}

/// What building the graded tests gave.
struct Build {
    /// The test executable, or the compiler's errors.
    executable: Result<PathBuf, String>,
    /// The exercise crate's warnings, one line each.
    warnings: Vec<String>,
}

/// Compiles the crate and its graded tests, reading cargo's JSON messages
/// for the executable, the errors and the warnings.
fn build_tests(
    exercise: &Exercise,
    side: Side,
    target_dir: &Path,
    paths: &SourcePaths,
) -> Result<Build> {
    let output = Command::new(cargo())
        .args([
            "test",
            "--no-run",
            "--quiet",
            "--message-format=json",
            "--color=never",
        ])
        .arg("--manifest-path")
        .arg(exercise.workspace_manifest(side))
        .args(["--package", &exercise.id, "--test", "graded"])
        .arg("--target-dir")
        .arg(exercise.build_dir(side, target_dir))
        .envs(build_environment(exercise))
        .stdin(Stdio::null())
        .output()
        .context("cannot run cargo to build the exercise")?;
    let messages = CargoMessages::read(&String::from_utf8_lossy(&output.stdout), paths);
    let warnings = messages.warnings;
    if !output.status.success() {
        // Cargo's own complaints (a broken manifest, a missing dependency)
        // come on standard error, after the compiler's errors if any.
        let mut errors = messages.errors;
        let stderr = String::from_utf8_lossy(&output.stderr).trim().to_string();
        if !stderr.is_empty() {
            errors.push(stderr);
        }
        return Ok(Build {
            executable: Err(errors.join("\n")),
            warnings,
        });
    }
    let Some(executable) = messages.executable else {
        bail!(
            "cargo built {} but reported no `graded` test executable",
            exercise.display_dir(side)
        )
    };
    Ok(Build {
        executable: Ok(executable),
        warnings,
    })
}

/// What a build's `--message-format=json` output says, one JSON object a line.
#[derive(Debug, Default)]
struct CargoMessages {
    /// The graded test executable, once built.
    executable: Option<PathBuf>,
    /// Every error, rendered as the compiler prints it, with its paths shown
    /// from the repository.
    errors: Vec<String>,
    /// The exercise crate's warnings, briefly, in order, without repeats.
    warnings: Vec<String>,
}

impl CargoMessages {
    fn read(stdout: &str, paths: &SourcePaths) -> CargoMessages {
        let mut messages = CargoMessages::default();
        for line in stdout.lines() {
            let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            match message["reason"].as_str() {
                Some("compiler-artifact") => {
                    let is_graded = message["target"]["name"] == "graded"
                        && message["target"]["kind"][0] == "test";
                    if let (true, Some(executable)) = (is_graded, message["executable"].as_str()) {
                        messages.executable = Some(PathBuf::from(executable));
                    }
                }
                Some("compiler-message") => messages.add_diagnostic(&message, paths),
                _ => {}
            }
        }
        messages
    }

    fn add_diagnostic(&mut self, message: &serde_json::Value, paths: &SourcePaths) {
        let diagnostic = &message["message"];
        let level = diagnostic["level"].as_str().unwrap_or_default();
        if level.starts_with("error") || level == "failure-note" {
            let rendered = diagnostic["rendered"].as_str().unwrap_or_default();
            self.errors
                .push(paths.in_rendered(rendered).trim_end().to_string());
        } else if level == "warning" {
            // The crates an exercise uses are the course's, not the
            // learner's: their warnings would only be noise.
            let src_path = message["target"]["src_path"].as_str().unwrap_or_default();
            if !paths.is_exercise_file(src_path) {
                return;
            }
            let brief = brief_warning(diagnostic, paths);
            if !self.warnings.contains(&brief) {
                self.warnings.push(brief);
            }
        }
    }
}

/// A warning's message and its primary place, without the code excerpt:
/// ``unused variable: `x` (at exercises/ch01/ch01-x/src/lib.rs:3:9)``.
fn brief_warning(diagnostic: &serde_json::Value, paths: &SourcePaths) -> String {
    let text = diagnostic["message"].as_str().unwrap_or("a warning");
    let spans = diagnostic["spans"].as_array().map(Vec::as_slice);
    let mut primary = spans
        .unwrap_or_default()
        .iter()
        .find(|span| span["is_primary"] == true);
    // A span inside a macro's expansion points into the macro's definition
    // (often the standard library's): the learner's place is where the
    // outermost macro was called, as the rendered diagnostic shows.
    while let Some(call_site) = primary
        .map(|span| &span["expansion"]["span"])
        .filter(|call_site| call_site.is_object())
    {
        primary = Some(call_site);
    }
    match primary {
        Some(span) => format!(
            "{text} (at {}:{}:{})",
            paths.show(span["file_name"].as_str().unwrap_or_default()),
            span["line_start"],
            span["column_start"]
        ),
        None => text.to_string(),
    }
}

/// Turns the paths the compiler and the test harness print into paths
/// from the repository's root.
#[derive(Debug)]
struct SourcePaths {
    /// `exercises` or `solutions`: what a path relative to the cargo
    /// workspace is relative to, seen from the repository.
    workspace: &'static str,
    /// The repository's root as the paths cargo prints spell it (made
    /// absolute; and canonical, in case a symbolic link is on the way).
    roots: Vec<PathBuf>,
    /// The exercise's crate, in the same spellings.
    crate_dirs: Vec<PathBuf>,
}

impl SourcePaths {
    fn new(exercise: &Exercise, side: Side) -> SourcePaths {
        let spellings = |path: &Path| {
            let mut spellings: Vec<PathBuf> = [std::path::absolute(path), path.canonicalize()]
                .into_iter()
                .flatten()
                .collect();
            spellings.dedup();
            spellings
        };
        SourcePaths {
            workspace: side.directory(),
            roots: spellings(exercise.repository_root()),
            crate_dirs: spellings(&exercise.dir(side)),
        }
    }

    /// A source path as the learner should see it. Relative ones are the
    /// compiler's, from the exercise's workspace; absolute ones inside the
    /// repository lose the root; anything else (the standard library's
    /// files) is left as it is.
    fn show(&self, path: &str) -> String {
        let as_path = Path::new(path);
        if as_path.is_relative() {
            return format!("{}/{path}", self.workspace);
        }
        self.roots
            .iter()
            .find_map(|root| as_path.strip_prefix(root).ok())
            .map_or_else(|| path.to_string(), |inside| inside.display().to_string())
    }

    /// True for a file of the exercise's own crate (by absolute path, as
    /// cargo names a target's source).
    fn is_exercise_file(&self, path: &str) -> bool {
        self.crate_dirs
            .iter()
            .any(|dir| Path::new(path).starts_with(dir))
    }

    /// A rendered diagnostic with the path of every `--> file:line:col`
    /// and `::: file:line:col` line shown from the repository.
    fn in_rendered(&self, rendered: &str) -> String {
        let mut out = String::with_capacity(rendered.len());
        for line in rendered.lines() {
            let trimmed = line.trim_start();
            let indent = &line[..line.len() - trimmed.len()];
            let arrow = ["--> ", "::: "]
                .into_iter()
                .find(|arrow| trimmed.starts_with(arrow));
            match arrow {
                Some(arrow) => {
                    out.push_str(indent);
                    out.push_str(arrow);
                    out.push_str(&self.in_location(&trimmed[arrow.len()..]));
                }
                None => out.push_str(line),
            }
            out.push('\n');
        }
        out
    }

    /// `file:line:col` (or `file:line`, or just `file`) with the file shown
    /// from the repository.
    fn in_location(&self, location: &str) -> String {
        let mut file = location;
        let mut position = "";
        // The line and column are the trailing numeric fields; the file
        // name itself may contain a colon.
        for _ in 0..2 {
            match file.rsplit_once(':') {
                Some((before, number))
                    if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    position = &location[before.len()..];
                    file = before;
                }
                _ => break,
            }
        }
        format!("{}{position}", self.show(file))
    }
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
        warnings: Vec::new(),
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

/// How often the grader looks whether the running tests have ended.
const POLL_INTERVAL: Duration = Duration::from_millis(5);

/// How long, at most, to wait for the ended tests' output once the run is
/// over. A test's pipes close when it exits, unless a process it started
/// still holds them open: then the grader goes on with what the test wrote
/// rather than wait for that process.
const OUTPUT_GRACE: Duration = Duration::from_secs(1);

/// Runs every test in `names` at once, each in its own process, and says how
/// each ended, in the same order. Whatever still runs `time_limit` after
/// they started is killed and timed out, so the whole run takes at most
/// about one time limit, however many tests loop.
fn run_tests(
    executable: &Path,
    names: &[String],
    time_limit: Duration,
    environment: &[(String, String)],
    paths: &SourcePaths,
) -> Result<Vec<Outcome>> {
    // If one fails to start, dropping the ones already started stops them.
    let mut running = names
        .iter()
        .map(|name| RunningTest::start(executable, name, environment))
        .collect::<Result<Vec<_>>>()?;
    let deadline = Instant::now() + time_limit;
    loop {
        let mut all_ended = true;
        for test in &mut running {
            all_ended &= test.has_ended()?;
        }
        if all_ended || Instant::now() >= deadline {
            break;
        }
        thread::sleep(POLL_INTERVAL);
    }
    let output_until = Instant::now() + OUTPUT_GRACE;
    Ok(running
        .into_iter()
        .map(|test| test.outcome(time_limit, output_until, paths))
        .collect())
}

/// One graded test, running in its own process.
///
/// The process is always waited for: when it ends by itself, by
/// [`RunningTest::has_ended`]; otherwise it is killed and waited for when
/// its outcome is taken or, if the grader gives up first (an error, a
/// panic), when this is dropped. So no test outlives the grader, and none
/// is left a zombie.
struct RunningTest {
    child: Child,
    /// How the process ended, once it has been waited for.
    status: Option<ExitStatus>,
    stdout: mpsc::Receiver<Vec<u8>>,
    stderr: mpsc::Receiver<Vec<u8>>,
}

impl RunningTest {
    fn start(
        executable: &Path,
        name: &str,
        environment: &[(String, String)],
    ) -> Result<RunningTest> {
        let mut child = Command::new(executable)
            .args(["--exact", name, "--nocapture", "--test-threads", "1"])
            .env("RUST_BACKTRACE", "0")
            .envs(environment.iter().map(|(key, value)| (key, value)))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot run {}", executable.display()))?;
        let stdout = drain(child.stdout.take());
        let stderr = drain(child.stderr.take());
        Ok(RunningTest {
            child,
            status: None,
            stdout,
            stderr,
        })
    }

    /// True once the process has ended (and has been waited for).
    fn has_ended(&mut self) -> Result<bool> {
        if self.status.is_none() {
            self.status = self.child.try_wait().context("cannot wait for a test")?;
        }
        Ok(self.status.is_some())
    }

    /// How the test ended; one still running is killed and timed out. Its
    /// output is read until its pipes close, or at the latest `output_until`.
    fn outcome(
        mut self,
        time_limit: Duration,
        output_until: Instant,
        paths: &SourcePaths,
    ) -> Outcome {
        let Some(status) = self.status else {
            self.stop();
            return Outcome::TimedOut(time_limit.as_secs());
        };
        let stdout = collect(&self.stdout, output_until);
        let stderr = collect(&self.stderr, output_until);
        classify(status, &stdout, &stderr, paths)
    }

    /// Kills the process unless it has ended, and waits for it.
    fn stop(&mut self) {
        if self.status.is_none() {
            // Killing fails only if it has just exited; waiting reaps it either way.
            let _ = self.child.kill();
            self.status = self.child.wait().ok();
        }
    }
}

impl Drop for RunningTest {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Reads a child's pipe on its own thread, so a chatty test can never block
/// on a full pipe while we wait for it; what it reads arrives on the
/// channel, which closes when the pipe does.
fn drain(pipe: Option<impl Read + Send + 'static>) -> mpsc::Receiver<Vec<u8>> {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let Some(mut pipe) = pipe else { return };
        let mut buffer = [0; 8192];
        loop {
            match pipe.read(&mut buffer) {
                Ok(0) => break,
                Ok(read) => {
                    if sender.send(buffer[..read].to_vec()).is_err() {
                        break;
                    }
                }
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
    });
    receiver
}

/// Everything a drained pipe gave until it closed or, if something still
/// holds it open, until `until`.
fn collect(pipe: &mpsc::Receiver<Vec<u8>>, until: Instant) -> String {
    let mut bytes = Vec::new();
    while let Ok(chunk) = pipe.recv_timeout(until.saturating_duration_since(Instant::now())) {
        bytes.extend(chunk);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn classify(status: ExitStatus, stdout: &str, stderr: &str, paths: &SourcePaths) -> Outcome {
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
    if let Some(message) = panic_message(stderr, paths) {
        return Outcome::Failed(message);
    }
    Outcome::Crashed(describe_exit(status))
}

/// The panic's message and location from a test's standard error, the
/// location shown from the repository. A loom model's report is made
/// readable ([`loom_report`]).
fn panic_message(stderr: &str, paths: &SourcePaths) -> Option<String> {
    let mut lines = stderr
        .lines()
        .skip_while(|line| !line.contains(" panicked at "));
    let header = lines.next()?;
    let location = header.split(" panicked at ").nth(1)?.trim_end_matches(':');
    let message: Vec<&str> = lines
        .take_while(|line| !line.starts_with("note: ") && !line.starts_with("stack backtrace:"))
        .collect();
    let message = message.join("\n");
    if let Some(report) = loom_report(message.trim(), location, paths) {
        return Some(report);
    }
    Some(format!(
        "{} (at {})",
        message.trim(),
        paths.in_location(location)
    ))
}

/// What each kind of loom report means, for a learner who has not met
/// loom before: the start of loom's message, and the sentence added to it.
const LOOM_EXPLANATIONS: [(&str, &str); 4] = [
    (
        "Causality violation",
        "in one interleaving of the threads, these two accesses are not ordered: neither \
         happens before the other. Where one is the free, every other thread's use of the \
         value must happen before it: look at the orderings that should pair up (a Release, \
         and an Acquire that reads what it wrote).",
    ),
    (
        "Model exceeded maximum number of branches",
        "one execution never ends: a thread waits, or spins, for something that in that \
         execution no other thread ever does.",
    ),
    (
        "deadlock",
        "in one execution every thread is blocked, each waiting for another.",
    ),
    (
        "Arc leaked",
        "one execution never frees something it allocated.",
    ),
];

/// A loom model's report, made readable: loom's message with the places it
/// names shown from the repository, and what it means. `None` if the
/// message is not loom's. Where loom itself panicked (in its own source)
/// says nothing to the learner, so it is left out.
fn loom_report(message: &str, location: &str, paths: &SourcePaths) -> Option<String> {
    let (_, meaning) = LOOM_EXPLANATIONS
        .iter()
        .find(|(start, _)| message.starts_with(start))?;
    let mut report: Vec<String> = message.lines().map(|line| loom_line(line, paths)).collect();
    if !location.contains("/loom-") {
        report.push(format!("(at {})", paths.in_location(location)));
    }
    report.push(format!("loom: {meaning}"));
    Some(report.join("\n"))
}

/// One line of a loom report; `   read: thread #0 @ file:line:col` and
/// `created: file:line:col` name a place, which is shown from the repository.
fn loom_line(line: &str, paths: &SourcePaths) -> String {
    let Some((key, place)) = line.split_once(": ") else {
        return line.to_string();
    };
    let (thread, place) = match place.split_once(" @ ") {
        Some((thread, place)) if thread.starts_with("thread #") => (format!("{thread} @ "), place),
        _ => (String::new(), place),
    };
    let looks_like_a_place = place.contains(".rs:") && !place.contains(' ');
    if !looks_like_a_place {
        return line.to_string();
    }
    format!("{key}: {thread}{}", paths.in_location(place))
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

    /// Paths as the grader of `exercises/ch01/ch01-x` in a repository at
    /// `/course` sees them.
    fn course_paths() -> SourcePaths {
        SourcePaths {
            workspace: "exercises",
            roots: vec![PathBuf::from("/course")],
            crate_dirs: vec![PathBuf::from("/course/exercises/ch01/ch01-x")],
        }
    }

    #[test]
    fn a_panic_is_reported_with_its_message_and_place_from_the_repository() {
        let paths = course_paths();
        let stderr = "\nthread 'sums' (7) panicked at ch01/ch01-x/src/lib.rs:4:5:\nnot yet implemented\nnote: run with `RUST_BACKTRACE=1`\n";
        assert_eq!(
            panic_message(stderr, &paths).unwrap(),
            "not yet implemented (at exercises/ch01/ch01-x/src/lib.rs:4:5)"
        );
        let assertion = "thread 'x' panicked at ch01/ch01-x/tests/graded.rs:9:5:\nassertion `left == right` failed\n  left: 1\n right: 2\n";
        assert_eq!(
            panic_message(assertion, &paths).unwrap(),
            "assertion `left == right` failed\n  left: 1\n right: 2 (at exercises/ch01/ch01-x/tests/graded.rs:9:5)"
        );
        let in_a_dependency = "thread 'x' panicked at /course/workspace/ch01-objects/src/heap.rs:12:9:\nno such object\n";
        assert_eq!(
            panic_message(in_a_dependency, &paths).unwrap(),
            "no such object (at workspace/ch01-objects/src/heap.rs:12:9)"
        );
        assert_eq!(panic_message("all good\n", &paths), None);
    }

    #[test]
    fn a_loom_report_names_the_learners_lines_and_says_what_it_means() {
        let paths = course_paths();
        let stderr = "\nthread 'frees_once' (9) panicked at /home/u/.cargo/registry/src/index.crates.io-1/loom-0.7.3/src/rt/location.rs:115:9:\n\
            \nCausality violation: Concurrent read and write accesses to `UnsafeCell`.\n\
            \x20   created: ch01/ch01-x/src/lib.rs:40:20\n\
            \x20      read: thread #0 @ ch01/ch01-x/src/lib.rs:55:28\n\
            \x20     write: thread #1 @ /course/workspace/ch10-threads/src/sync.rs:80:18\n\
            \nstack backtrace:\n   0: __rustc::rust_begin_unwind\n";
        let report = panic_message(stderr, &paths).unwrap();
        let lines: Vec<&str> = report.lines().collect();
        assert_eq!(
            lines[..4],
            [
                "Causality violation: Concurrent read and write accesses to `UnsafeCell`.",
                "    created: exercises/ch01/ch01-x/src/lib.rs:40:20",
                "       read: thread #0 @ exercises/ch01/ch01-x/src/lib.rs:55:28",
                "      write: thread #1 @ workspace/ch10-threads/src/sync.rs:80:18",
            ]
        );
        assert!(
            lines[4].starts_with("loom: in one interleaving of the threads"),
            "{report}"
        );
        assert_eq!(
            lines.len(),
            5,
            "no backtrace, no place in loom's own source: {report}"
        );

        let endless = "thread 'hands_over' (3) panicked at /r/loom-0.7.3/src/rt/path.rs:175:9:\n\
            Model exceeded maximum number of branches. This is often caused by an algorithm requiring the processor to make progress, e.g. spin locks.\n\
            note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";
        let report = panic_message(endless, &paths).unwrap();
        assert!(report.ends_with("no other thread ever does."), "{report}");
        // A model's own assertion is an ordinary panic, in the learner's test.
        let assertion = "thread 'x' panicked at ch01/ch01-x/tests/graded.rs:9:5:\nfreed twice\n";
        assert_eq!(
            panic_message(assertion, &paths).unwrap(),
            "freed twice (at exercises/ch01/ch01-x/tests/graded.rs:9:5)"
        );
    }

    #[test]
    fn compile_errors_name_files_from_the_repository_as_panics_do() {
        let paths = course_paths();
        let rendered = "error[E0308]: mismatched types\n  --> ch01/ch01-x/src/lib.rs:39:22\n   |\n39 |     let x: u8 = \"x\";\n   |\n  ::: /course/workspace/ch01-objects/src/heap.rs:7:1\n";
        assert_eq!(
            paths.in_rendered(rendered),
            "error[E0308]: mismatched types\n  --> exercises/ch01/ch01-x/src/lib.rs:39:22\n   |\n39 |     let x: u8 = \"x\";\n   |\n  ::: workspace/ch01-objects/src/heap.rs:7:1\n"
        );
        // The standard library's files stay as the compiler names them.
        assert_eq!(
            paths.in_location("/rustc/abc/library/core/src/option.rs:10:5"),
            "/rustc/abc/library/core/src/option.rs:10:5"
        );
        assert_eq!(
            paths.in_location("ch01/ch01-x/src/lib.rs"),
            "exercises/ch01/ch01-x/src/lib.rs"
        );
    }

    /// One line of cargo's `--message-format=json` output: a diagnostic
    /// about the target whose root source is `src_path`.
    fn diagnostic(src_path: &str, level: &str, message: &str, file: &str) -> String {
        serde_json::json!({
            "reason": "compiler-message",
            "target": { "name": "x", "kind": ["lib"], "src_path": src_path },
            "message": {
                "level": level,
                "message": message,
                "rendered": format!("{level}: {message}\n  --> {file}:3:9\n"),
                "spans": [
                    { "is_primary": false, "file_name": "elsewhere.rs", "line_start": 1, "column_start": 1 },
                    { "is_primary": true, "file_name": file, "line_start": 3, "column_start": 9 },
                ],
            },
        })
        .to_string()
    }

    #[test]
    fn the_build_reports_errors_and_only_the_exercises_own_warnings() {
        let lib = "/course/exercises/ch01/ch01-x/src/lib.rs";
        let dependency = "/course/workspace/ch01-objects/src/lib.rs";
        let artifact = serde_json::json!({
            "reason": "compiler-artifact",
            "target": { "name": "graded", "kind": ["test"] },
            "executable": "/course/target/debug/deps/graded-1",
        });
        let stdout = [
            "Compiling something that is not JSON".to_string(),
            diagnostic(dependency, "warning", "unused import", dependency),
            diagnostic(
                lib,
                "warning",
                "unused variable: `x`",
                "ch01/ch01-x/src/lib.rs",
            ),
            diagnostic(
                lib,
                "warning",
                "unused variable: `x`",
                "ch01/ch01-x/src/lib.rs",
            ),
            diagnostic(lib, "error", "mismatched types", "ch01/ch01-x/src/lib.rs"),
            artifact.to_string(),
        ]
        .join("\n");
        let mut in_a_macro: serde_json::Value = serde_json::from_str(&diagnostic(
            lib,
            "warning",
            "unreachable expression",
            "/rustc/1/library/core/src/macros/mod.rs",
        ))
        .unwrap();
        in_a_macro["message"]["spans"][1]["expansion"] = serde_json::json!({
            "span": { "file_name": "ch01/ch01-x/src/lib.rs", "line_start": 40, "column_start": 5, "expansion": null },
        });
        let stdout = format!("{stdout}\n{in_a_macro}");
        let messages = CargoMessages::read(&stdout, &course_paths());
        assert_eq!(
            messages.warnings,
            vec![
                "unused variable: `x` (at exercises/ch01/ch01-x/src/lib.rs:3:9)",
                "unreachable expression (at exercises/ch01/ch01-x/src/lib.rs:40:5)",
            ],
            "the dependency's warning is left out, the repeated one shown once, the macro's at its call"
        );
        assert_eq!(
            messages.errors,
            vec!["error: mismatched types\n  --> exercises/ch01/ch01-x/src/lib.rs:3:9"]
        );
        assert_eq!(
            messages.executable,
            Some(PathBuf::from("/course/target/debug/deps/graded-1"))
        );
    }

    /// A stand-in for a graded test executable: a shell script that lists
    /// the tests and runs one as libtest does, ending as its name says.
    /// Each test writes its process id to `<dir>/<name>.pid`.
    #[cfg(unix)]
    fn fake_test_executable(dir: &Path) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let script = r#"#!/bin/sh
if [ "$1" = "--list" ]; then
  for name in passes fails loops_1 loops_2 loops_3 hands_its_output_on; do echo "$name: test"; done
  exit 0
fi
name=$2
echo $$ > "$(dirname "$0")/$name.pid"
case $name in
  passes) echo "test result: ok. 1 passed"; exit 0 ;;
  fails) echo "thread '$name' panicked at ch01/ch01-x/src/lib.rs:4:5:" >&2; echo "boom" >&2; exit 101 ;;
  loops_*) exec sleep 60 ;;
  hands_its_output_on) sleep 4 & echo "test result: ok. 1 passed"; exit 0 ;;
esac
"#;
        let path = dir.join("graded");
        std::fs::write(&path, script).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    #[cfg(unix)]
    #[test]
    fn looping_tests_share_one_time_limit_and_the_others_are_still_graded() {
        let dir = tempfile::tempdir().unwrap();
        let executable = fake_test_executable(dir.path());
        // Another test's spawn may briefly hold the script open for writing
        // ("text file busy"): wait until it can be run.
        let names = (0..100)
            .find_map(|_| {
                list_tests(&executable).ok().or_else(|| {
                    thread::sleep(Duration::from_millis(20));
                    None
                })
            })
            .unwrap();
        let time_limit = Duration::from_secs(2);
        let started = Instant::now();
        let outcomes = run_tests(&executable, &names, time_limit, &[], &course_paths()).unwrap();
        let elapsed = started.elapsed();
        assert_eq!(
            outcomes,
            vec![
                Outcome::Passed,
                Outcome::Failed("boom (at exercises/ch01/ch01-x/src/lib.rs:4:5)".into()),
                Outcome::TimedOut(2),
                Outcome::TimedOut(2),
                Outcome::TimedOut(2),
                Outcome::Passed,
            ]
        );
        // One time limit for the three loops, not three; and the test whose
        // leftover process holds its output open does not hold us up.
        assert!(elapsed < Duration::from_secs(4), "took {elapsed:?}");
        #[cfg(target_os = "linux")]
        for name in ["loops_1", "loops_2", "loops_3", "fails"] {
            let pid = std::fs::read_to_string(dir.path().join(format!("{name}.pid"))).unwrap();
            assert!(
                !Path::new("/proc").join(pid.trim()).exists(),
                "{name}'s process is still there (running, or a zombie)"
            );
        }
    }
}
