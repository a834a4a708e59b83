//! `cargo course` as a learner types it, on a small course in a temporary
//! folder: what it prints, what it changes and how it exits.
//!
//! Only the last test builds an exercise (a crate with no dependencies);
//! the rest of grading is tested in `grade.rs`.

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The solution of `ch01-a`, with the markers the stub is made from.
const SOLUTION: &str = "\
pub fn double(x: u32) -> u32 {
    //~ TODO: Return twice `x`.
    //~ STUB: let _ = x;
    //~ SOLUTION BEGIN
    x * 2
    //~ SOLUTION END
}
";

/// The graded tests of each exercise (`ID` is its crate's name). Given a
/// time limit of one second, a check of code that loops on 7 takes about
/// one second for both tests that loop.
const GRADED: &str = "\
#[test]
fn doubles_two() {
    assert_eq!(ID::double(2), 4);
}

#[test]
fn doubles_seven() {
    assert_eq!(ID::double(7), 14);
}

#[test]
fn doubles_seven_twice() {
    assert_eq!(ID::double(ID::double(7)), 28);
}
";

/// A course of two exercises in chapter 1, `ch01-a` then `ch01-b`, with
/// their stubs generated as `cargo course generate` makes them.
fn course() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    for (order, id) in [(1, "ch01-a"), (2, "ch01-b")] {
        let dir = root.path().join("solutions/ch01").join(id);
        fs::create_dir_all(dir.join("src")).unwrap();
        fs::create_dir_all(dir.join("tests")).unwrap();
        fs::write(
            dir.join("exercise.toml"),
            format!(
                "title = \"Task {id}\"\norder = {order}\ntime_limit = 1\nhints = [\"First {id}\", \"Second {id}\"]\n"
            ),
        )
        .unwrap();
        fs::write(
            dir.join("Cargo.toml"),
            format!("[package]\nname = \"{id}\"\nedition = \"2021\"\n"),
        )
        .unwrap();
        fs::write(dir.join("src/lib.rs"), SOLUTION).unwrap();
        fs::write(
            dir.join("tests/graded.rs"),
            GRADED.replace("ID", &id.replace('-', "_")),
        )
        .unwrap();
    }
    for side in ["solutions", "exercises"] {
        fs::create_dir_all(root.path().join(side)).unwrap();
        fs::write(
            root.path().join(side).join("Cargo.toml"),
            "[workspace]\nresolver = \"2\"\nmembers = [\"ch*/*\"]\n",
        )
        .unwrap();
    }
    let generated = course_command(root.path(), &["generate"]);
    assert!(generated.status.success(), "{}", stderr(&generated));
    root
}

/// Runs `cargo course ARGS` on the course at `root`, with no terminal.
fn course_command(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_course"))
        .args(args)
        .env("COURSE_ROOT", root)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_chapter_without_exercises_says_so_and_names_the_chapters_that_have_some() {
    let root = course();
    let output = course_command(root.path(), &["check", "ch09"]);
    assert!(!output.status.success());
    assert_eq!(
        stderr(&output),
        "error: chapter ch09 has no exercises yet. The chapters with exercises are: ch01\n"
    );
}

#[test]
fn an_unknown_exercise_is_named_and_the_exit_code_says_it_failed() {
    let root = course();
    for command in ["check", "hint", "solution", "reset"] {
        let output = course_command(root.path(), &[command, "ch01-nope"]);
        assert_eq!(output.status.code(), Some(1), "{command}");
        let error = stderr(&output);
        assert!(
            error.starts_with("error: there is no exercise called `ch01-nope`.")
                && error.contains("The exercises are: ch01-a, ch01-b"),
            "{command}: {error}"
        );
        assert!(!error.contains("panicked"), "{command}: {error}");
    }
}

#[test]
fn hint_without_an_id_is_for_the_first_exercise_not_done() {
    let root = course();
    let first = course_command(root.path(), &["hint"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stdout(&first).starts_with("Hint 1/2 for ch01-a"),
        "{}",
        stdout(&first)
    );
    fs::write(
        root.path().join(".course-progress.toml"),
        "done = [\"ch01-a\"]\n",
    )
    .unwrap();
    let next = course_command(root.path(), &["hint"]);
    assert!(
        stdout(&next).starts_with("Hint 1/2 for ch01-b"),
        "{}",
        stdout(&next)
    );
    assert!(stdout(&next).contains("First ch01-b"));

    fs::write(
        root.path().join(".course-progress.toml"),
        "done = [\"ch01-a\", \"ch01-b\"]\n",
    )
    .unwrap();
    let all_done = course_command(root.path(), &["hint"]);
    assert!(!all_done.status.success());
    assert!(
        stderr(&all_done).contains("every exercise passes; name one"),
        "{}",
        stderr(&all_done)
    );
}

#[test]
fn reset_without_a_terminal_asks_for_yes_and_changes_nothing() {
    let root = course();
    let lib = root.path().join("exercises/ch01/ch01-a/src/lib.rs");
    let work = "pub fn double(x: u32) -> u32 {\n    x + x\n}\n";
    fs::write(&lib, work).unwrap();
    let output = course_command(root.path(), &["reset", "ch01-a"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("nothing was reset. Pass --yes to reset without asking"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        fs::read_to_string(&lib).unwrap(),
        work,
        "the learner's work is kept"
    );
}

#[test]
fn reset_puts_the_stub_back_and_the_hints_start_again() {
    let root = course();
    let lib = root.path().join("exercises/ch01/ch01-a/src/lib.rs");
    let stub = fs::read_to_string(&lib).unwrap();
    fs::write(&lib, "pub fn double(x: u32) -> u32 {\n    x + x\n}\n").unwrap();
    course_command(root.path(), &["hint", "ch01-a"]);
    let second = course_command(root.path(), &["hint", "ch01-a"]);
    assert!(
        stdout(&second).starts_with("Hint 2/2"),
        "{}",
        stdout(&second)
    );

    let output = course_command(root.path(), &["reset", "ch01-a", "--yes"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(fs::read_to_string(&lib).unwrap(), stub);
    let after = course_command(root.path(), &["hint", "ch01-a"]);
    assert!(stdout(&after).starts_with("Hint 1/2"), "{}", stdout(&after));
}

#[test]
fn the_solution_is_shown_without_the_markers_that_make_the_stub() {
    let root = course();
    let refused = course_command(root.path(), &["solution", "ch01-a"]);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("does not pass yet"));

    let output = course_command(root.path(), &["solution", "ch01-a", "--force"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "// solutions/ch01/ch01-a/src/lib.rs\npub fn double(x: u32) -> u32 {\n    x * 2\n}\n\n"
    );

    // An exercise that passed once may show its solution though it fails now.
    fs::write(
        root.path().join(".course-progress.toml"),
        "was_done = [\"ch01-a\"]\n",
    )
    .unwrap();
    let earned = course_command(root.path(), &["solution", "ch01-a"]);
    assert!(earned.status.success(), "{}", stderr(&earned));
}

#[test]
fn help_names_exercises_that_exist() {
    let output = course_command(Path::new("."), &["check", "--help"]);
    let help = stdout(&output);
    assert!(help.contains("`ch01-census`"), "{help}");
    let root = course_root();
    assert!(
        root.join("solutions/ch01/ch01-census/exercise.toml")
            .exists(),
        "the example in `check --help` must be a real exercise"
    );
}

/// The repository this crate is part of.
fn course_root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn a_check_shows_places_from_the_repository_warnings_after_the_result_and_what_broke() {
    let root = course();
    let lib = root.path().join("exercises/ch01/ch01-a/src/lib.rs");
    let check = |code: &str| {
        fs::write(&lib, code).unwrap();
        let output = course_command(root.path(), &["check", "ch01-a"]);
        (output.status.success(), stdout(&output))
    };

    let (passed, report) = check("pub fn double(x: u32) -> u32 {\n    x * 2\n}\n");
    assert!(passed, "{report}");

    // Wrong for 2, endless for 7, and a variable left unused.
    let started = std::time::Instant::now();
    let (passed, report) = check(
        "pub fn double(x: u32) -> u32 {\n    let unused = 1;\n    while x == 7 {}\n    x + 1\n}\n",
    );
    let elapsed = started.elapsed();
    assert!(!passed);
    assert!(
        report.contains("(at exercises/ch01/ch01-a/tests/graded.rs:3:5)"),
        "a panic's place, from the repository: {report}"
    );
    assert_eq!(
        report
            .matches("time limit: still running after 1 s")
            .count(),
        2,
        "{report}"
    );
    assert!(
        elapsed < std::time::Duration::from_secs(10),
        "the loops share one time limit: {elapsed:?}"
    );
    let after_score = report.split("score: 0/3").nth(1).unwrap();
    assert!(
        after_score.contains("warning: 1 compiler warning:\n    unused variable: `unused` (at exercises/ch01/ch01-a/src/lib.rs:2:9)"),
        "{report}"
    );
    assert!(
        report.contains("ch01-a passed before and fails now"),
        "{report}"
    );
    let list = stdout(&course_command(root.path(), &["list"]));
    assert!(
        list.contains("Task ch01-a (was done, failing now)"),
        "{list}"
    );

    let (passed, report) = check("pub fn double(x: u32) -> u32 {\n    x + \"1\"\n}\n");
    assert!(!passed);
    assert!(
        report.contains("--> exercises/ch01/ch01-a/src/lib.rs:2:7"),
        "a compile error's place, from the repository as a panic's: {report}"
    );
}
