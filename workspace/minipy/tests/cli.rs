//! The command line as a user meets it: stages, errors, traces, statistics, the REPL.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const MINIPY: &str = env!("CARGO_BIN_EXE_minipy");

fn program(name: &str, source: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("minipy-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, source).expect("write program");
    path
}

fn minipy(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(MINIPY)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("minipy starts");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("minipy finishes")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn list_stages_names_every_stage_with_its_chapter() {
    let out = minipy(&["--list-stages"], None);
    assert!(out.status.success());
    let listing = text(&out.stdout);
    let starts = |name: &str, chapter: &str| {
        listing
            .lines()
            .any(|l| l.split_whitespace().take(3).eq([name, "chapter", chapter]))
    };
    assert!(starts("objects", "1:"), "{listing}");
    assert!(starts("refcount", "2:"), "{listing}");
    assert!(starts("page-release", "8:"), "{listing}");
    let columns: Vec<Option<usize>> = listing.lines().map(|l| l.find(" chapter ")).collect();
    assert!(
        columns.windows(2).all(|w| w[0] == w[1]),
        "aligned: {listing}"
    );
    assert_eq!(
        listing.lines().filter(|l| l.ends_with("(default)")).count(),
        1
    );
}

#[test]
fn an_unknown_stage_is_a_clear_error_listing_the_valid_ones() {
    let path = program("ok.py", "print(1)\n");
    let out = minipy(
        &[
            "--stage",
            "no-such-stage",
            path.to_str().expect("utf-8 path"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let message = text(&out.stderr);
    assert!(
        message.contains("unknown stage 'no-such-stage'"),
        "{message}"
    );
    assert!(message.contains("objects, refcount"), "{message}");
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let out = minipy(&["/nonexistent/program.py"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("can't open file '/nonexistent/program.py'"));
}

#[test]
fn an_uncaught_exception_prints_a_python_traceback_and_exits_1() {
    let path = program(
        "fails.py",
        "def f(x):\n    raise ValueError(f'bad {x}')\n\nf(3)\n",
    );
    let out = minipy(&[path.to_str().expect("utf-8 path")], None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines[0], "Traceback (most recent call last):");
    assert!(
        lines[1].starts_with("  File \"/") && lines[1].ends_with("fails.py\", line 4, in <module>"),
        "{stderr}"
    );
    assert_eq!(lines[2], "    f(3)");
    assert!(lines[3].ends_with("fails.py\", line 2, in f"), "{stderr}");
    assert_eq!(lines.last(), Some(&"ValueError: bad 3"));
}

#[test]
fn a_syntax_error_names_file_line_and_column() {
    let path = program("broken.py", "x = 1\ny = (2 +\n");
    let out = minipy(&[path.to_str().expect("utf-8 path")], None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("broken.py\", line "), "{stderr}");
    assert!(stderr.contains("^"), "the caret marks the column: {stderr}");
    assert!(
        stderr
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("SyntaxError: ")),
        "{stderr}"
    );
}

#[test]
fn unsupported_syntax_names_the_construct_and_the_line() {
    let path = program("gen.py", "x = 1\nasync def f():\n    pass\n");
    let out = minipy(&[path.to_str().expect("utf-8 path")], None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("line 2"), "{stderr}");
    assert!(
        stderr.contains("minipy does not support `async def`"),
        "{stderr}"
    );
}

#[test]
fn trace_shows_alloc_and_free_with_source_lines() {
    let path = program("trace.py", "a = []\ndel a\n");
    let out = minipy(
        &[
            "--stage",
            "refcount",
            "--trace",
            path.to_str().expect("utf-8 path"),
        ],
        None,
    );
    assert!(out.status.success());
    let trace = text(&out.stderr);
    assert!(
        trace
            .lines()
            .any(|l| l.starts_with("line 1: alloc #") && l.ends_with(" list")),
        "{trace}"
    );
    assert!(
        trace
            .lines()
            .any(|l| l.starts_with("line 2: free #") && l.ends_with(" list")),
        "{trace}"
    );
    assert!(
        !trace.contains("incref"),
        "count changes only with --trace=refs"
    );

    let refs = minipy(
        &[
            "--stage",
            "refcount",
            "--trace=refs",
            path.to_str().expect("utf-8 path"),
        ],
        None,
    );
    let trace = text(&refs.stderr);
    assert!(
        trace
            .lines()
            .any(|l| l.starts_with("line 2: decref #") && l.ends_with("list 1->0")),
        "{trace}"
    );
}

#[test]
fn the_objects_stage_never_frees_and_stats_show_it() {
    let path = program("churn.py", "for i in range(1000):\n    x = [i]\n");
    let stats = |stage: &str| {
        let out = minipy(
            &[
                "--stage",
                stage,
                "--stats",
                path.to_str().expect("utf-8 path"),
            ],
            None,
        );
        assert!(out.status.success());
        let report = text(&out.stderr);
        let value = |key: &str| -> u64 {
            report
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or_else(|| panic!("no {key} in {report}"))
        };
        (
            value("allocations:"),
            value("frees:"),
            value("live objects:"),
        )
    };
    let (allocations, frees, live) = stats("objects");
    assert_eq!(frees, 0);
    assert_eq!(live, allocations);
    let (_, frees, live_counted) = stats("refcount");
    assert!(frees >= 1000, "every list but the last is freed");
    assert!(
        live_counted + 1000 <= live,
        "refcounting keeps the heap small"
    );
}

#[test]
fn the_repl_prints_values_and_keeps_the_last_in_underscore() {
    let session = "import sys\nx = []\nx\nsys.getrefcount(x)\n_ + 1\nfor i in range(2):\n    i\n\n";
    let out = minipy(&["--stage", "refcount"], Some(session));
    assert!(out.status.success(), "{}", text(&out.stderr));
    // `_` is a hidden reference: x, `_` and getrefcount's argument make 3 (as in CPython).
    assert_eq!(text(&out.stdout), "[]\n3\n4\n0\n1\n");
}

#[test]
fn sys_exit_sets_the_exit_status() {
    let path = program(
        "exit.py",
        "import sys\nprint('bye')\nsys.exit(3)\nprint('never')\n",
    );
    let out = minipy(&[path.to_str().expect("utf-8 path")], None);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(text(&out.stdout), "bye\n");
}

/// Live objects at exit after running the leak workload `iterations` times.
fn live_objects_after(iterations: u32) -> u64 {
    let workload =
        include_str!("leak_workload.py").replace("ITERATIONS", &format!("\"{iterations}\""));
    let path = program(&format!("leak{iterations}.py"), &workload);
    let out = minipy(
        &[
            "--stage",
            "refcount",
            "--stats",
            path.to_str().expect("utf-8 path"),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = text(&out.stderr);
    report
        .lines()
        .find_map(|l| l.strip_prefix("live objects:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no live objects in {report}"))
}

#[test]
fn no_path_through_the_vm_leaks_a_reference() {
    assert_eq!(live_objects_after(20), live_objects_after(60));
}

#[test]
fn dis_lists_the_bytecode_without_running_the_program() {
    let path = program("dis_me.py", "x = 1\nprint(x)\n");
    let out = minipy(&["--dis", path.to_str().expect("utf-8 path")], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listing = text(&out.stdout);
    assert!(
        listing.starts_with("  1           0 LOAD_CONST               0 (1)\n"),
        "{listing}"
    );
    assert!(
        listing.contains("LOAD_GLOBAL              1 (print)"),
        "{listing}"
    );
    // Listed, not run: the program's own output never appears.
    assert!(!listing.lines().any(|line| line == "1"), "{listing}");
}

#[test]
fn dis_of_a_malformed_program_is_the_syntax_error_with_status_1() {
    let path = program("dis_bad.py", "def f(:\n    pass\n");
    let out = minipy(&["--dis", path.to_str().expect("utf-8 path")], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let error = text(&out.stderr);
    assert!(error.contains("line 1"), "{error}");
    assert!(error.contains("SyntaxError"), "{error}");
}

#[test]
fn dis_without_a_program_says_what_is_missing() {
    let out = minipy(&["--dis"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("<FILE>"),
        "{}",
        text(&out.stderr)
    );
}
