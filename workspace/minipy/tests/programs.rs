//! The parity harness: every example program runs on minipy, on every stage,
//! and its output is compared with the expected file next to it; when
//! `python3` is on PATH the same program runs under CPython, which must
//! print exactly the expected file (so `.out` files are CPython's truth).
//!
//! Conventions (the book includes these files):
//! - `programs/<topic>/<name>.py` — topics are `ch01`, `ch02`, ... and `language`.
//! - `<name>.out` — the expected output: stdout, then stderr (tracebacks),
//!   then `[exit status N]` if the exit status is not 0. Before comparing,
//!   stderr is normalized the same way for both interpreters (tracebacks keep
//!   their source lines and `^^^` markers): `File "/abs/path/x.py"` becomes
//!   `File "x.py"`, and
//!   ` at 0x7f...` addresses become ` at 0x?`, and so do the addresses and
//!   elapsed times of `gc.set_debug` lines (`gc: collectable <list 0x?>`).
//! - `<name>.<stage>.out` — replaces `<name>.out` on that stage, where the
//!   output legitimately differs (e.g. nothing is ever freed on `objects`).
//! - `<name>.<stage>.trace` — the stderr of
//!   `minipy --stage <stage> --trace=refs <name>.py`, with object numbers
//!   renumbered in order of first appearance (`#1`, `#2`, ...).
//! - Directives in the program's leading comments:
//!   `# minipy: min-stage=<stage>` runs it only from that stage on;
//!   `# minipy: cpython-differs` skips the python3 check (minipy-specific
//!   errors, e.g. an unsupported construct), so `<name>.out` is minipy's output;
//!   `# minipy: differs-on=refcount,names` lets those stages have their own
//!   `.<stage>.out` (e.g. a cycle that only a collector frees). The `objects`
//!   stage may always differ; any other stage must match CPython.
//!
//! Run one program by hand: `minipy --stage refcount programs/ch02/del_frees_now.py`.
//! Regenerate expected files: `MINIPY_BLESS=1 cargo test -p minipy --test programs`
//! (writes `.out` from python3, stage and trace files from minipy; review the diff).
//! `MINIPY_PROGRAMS=ch03/del` limits either to the programs whose path contains that text.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use minipy::Stage;

const MINIPY: &str = env!("CARGO_BIN_EXE_minipy");

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("programs")
}

fn all_programs() -> Vec<PathBuf> {
    let mut programs = vec![];
    let mut dirs = vec![programs_dir()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("programs directory is readable") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "py") {
                programs.push(path);
            }
        }
    }
    programs.sort();
    // `MINIPY_PROGRAMS=ch03/del` checks (or blesses) only the programs whose
    // path contains that text.
    if let Ok(only) = std::env::var("MINIPY_PROGRAMS") {
        programs.retain(|path| path.to_string_lossy().contains(&only));
        assert!(
            !programs.is_empty(),
            "no program matches MINIPY_PROGRAMS={only}"
        );
    }
    programs
}

/// The directives a program declares in its leading comments.
struct Directives {
    min_stage: Stage,
    cpython_differs: bool,
    /// Stages besides `objects` whose output may differ from `.out`.
    differs_on: Vec<Stage>,
}

impl Directives {
    /// Whether `stage` may have its own `.<stage>.out`: `objects` always (it
    /// never frees, so no `__del__` runs), other stages only when declared.
    fn may_differ_on(&self, stage: Stage) -> bool {
        stage == Stage::ALL[0] || self.differs_on.contains(&stage)
    }
}

fn directives(source: &str) -> Directives {
    let mut found = Directives {
        min_stage: Stage::ALL[0],
        cpython_differs: false,
        differs_on: vec![],
    };
    for line in source.lines().take_while(|l| l.starts_with('#')) {
        let Some(directive) = line.strip_prefix("# minipy:") else {
            continue;
        };
        let directive = directive.trim();
        if let Some(stage) = directive.strip_prefix("min-stage=") {
            let name = stage.split_whitespace().next().unwrap_or("");
            found.min_stage =
                Stage::from_name(name).unwrap_or_else(|| panic!("unknown stage '{name}'"));
        } else if directive.starts_with("cpython-differs") {
            found.cpython_differs = true;
        } else if let Some(stages) = directive.strip_prefix("differs-on=") {
            let names = stages.split_whitespace().next().unwrap_or("");
            for name in names.split(',') {
                let stage =
                    Stage::from_name(name).unwrap_or_else(|| panic!("unknown stage '{name}'"));
                found.differs_on.push(stage);
            }
        }
    }
    found
}

/// Output in the comparison form described in the module docs.
fn normalize(stdout: &[u8], stderr: &[u8], status: Option<i32>) -> String {
    let mut text = String::from_utf8_lossy(stdout).into_owned();
    for line in String::from_utf8_lossy(stderr).lines() {
        text.push_str(&normalize_stderr_line(line));
        text.push('\n');
    }
    match status {
        Some(0) => {}
        Some(code) => text.push_str(&format!("[exit status {code}]\n")),
        None => text.push_str("[killed by a signal]\n"),
    }
    text
}

fn normalize_stderr_line(line: &str) -> String {
    let mut line = line.to_string();
    // A compiler warning starts with the script's path: `/abs/x.py:3: SyntaxWarning`.
    if line.starts_with('/')
        && let Some(end) = line.find(".py:")
    {
        let start = line[..end].rfind('/').map_or(0, |slash| slash + 1);
        line.replace_range(..start, "");
    }
    if let Some(start) = line.find("File \"")
        && let Some(len) = line[start + 6..].find('"')
    {
        let path = &line[start + 6..start + 6 + len];
        let name = path.rsplit('/').next().unwrap_or(path).to_string();
        line.replace_range(start + 6..start + 6 + len, &name);
    }
    // A file that cannot be decoded is named in the message: `in file /abs/x.py on line 2`.
    if let Some(start) = line.find(" in file /")
        && let Some(len) = line[start + 9..].find(" on line ")
    {
        let path = &line[start + 9..start + 9 + len];
        let name = path.rsplit('/').next().unwrap_or(path).to_string();
        line.replace_range(start + 9..start + 9 + len, &name);
    }
    while let Some(at) = line.find(" at 0x") {
        let end = line[at + 6..]
            .find(|c: char| !c.is_ascii_hexdigit())
            .map_or(line.len(), |e| at + 6 + e);
        line.replace_range(at..end, " at 0x?");
        if line[at + 7..].find(" at 0x").is_none() {
            break;
        }
    }
    // `gc.set_debug` lines: `gc: collectable <Node 0x7f3a...>`.
    if line.starts_with("gc: ")
        && let Some(at) = line.find(" 0x")
    {
        let end = line[at + 3..]
            .find(|c: char| !c.is_ascii_hexdigit())
            .map_or(line.len(), |e| at + 3 + e);
        line.replace_range(at..end, " 0x?");
    }
    // `gc: done, 2 unreachable, 0 uncollectable, 0.0010s elapsed`.
    if line.starts_with("gc: done,")
        && let Some(comma) = line.rfind(", ")
        && line.ends_with("s elapsed")
    {
        line.replace_range(comma + 2.., "?s elapsed");
    }
    line
}

/// `#412` → `#1` for the first object mentioned, and so on.
fn renumber_objects(trace: &str) -> String {
    let mut seen: Vec<String> = vec![];
    let mut out = String::with_capacity(trace.len());
    let mut rest = trace;
    while let Some(at) = rest.find('#') {
        out.push_str(&rest[..at]);
        let digits: String = rest[at + 1..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if digits.is_empty() {
            out.push('#');
            rest = &rest[at + 1..];
            continue;
        }
        let index = match seen.iter().position(|d| *d == digits) {
            Some(i) => i,
            None => {
                seen.push(digits.clone());
                seen.len() - 1
            }
        };
        out.push_str(&format!("#{}", index + 1));
        rest = &rest[at + 1 + digits.len()..];
    }
    out.push_str(rest);
    out
}

fn run(command: &mut Command) -> std::process::Output {
    command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"))
}

fn run_minipy(program: &Path, stage: Stage) -> String {
    let output = run(Command::new(MINIPY)
        .arg("--stage")
        .arg(stage.name())
        .arg(program));
    normalize(&output.stdout, &output.stderr, output.status.code())
}

/// Whether the CPython side of the checks runs: the `.out` files are
/// CPython 3.11's output (orders, counts and messages that other versions
/// print differently), so they are compared only with a `python3` that is
/// 3.11. A skip is said out loud, on the terminal, not only in a log.
fn python3_available() -> bool {
    let skip = |why: String| {
        // Written past the test harness's capture, so `cargo test` shows it.
        let _ = writeln!(
            std::io::stderr(),
            "programs: {why}; the CPython checks are skipped"
        );
        false
    };
    if std::env::var_os("MINIPY_SKIP_PYTHON").is_some() {
        return skip("MINIPY_SKIP_PYTHON is set".into());
    }
    let version = match Command::new("python3").arg("--version").output() {
        Ok(output) if output.status.success() => {
            String::from_utf8_lossy(&output.stdout).trim().to_string()
        }
        _ => return skip("python3 is not on PATH".into()),
    };
    if !version.starts_with("Python 3.11.") {
        return skip(format!(
            "python3 is {version}, and the expected outputs are CPython 3.11's"
        ));
    }
    true
}

fn blessing() -> bool {
    std::env::var_os("MINIPY_BLESS").is_some()
}

fn with_suffix(program: &Path, suffix: &str) -> PathBuf {
    program.with_extension(suffix)
}

fn relative(program: &Path) -> String {
    program
        .strip_prefix(programs_dir())
        .unwrap_or(program)
        .display()
        .to_string()
}

/// Checks one program; returns the problems found.
fn check_program(program: &Path, python: bool) -> Vec<String> {
    let mut problems = vec![];
    // Lossy: some programs are deliberately not UTF-8.
    let source =
        String::from_utf8_lossy(&std::fs::read(program).expect("program is readable")).into_owned();
    let directives = directives(&source);
    let name = relative(program);
    let expected_path = with_suffix(program, "out");

    if python && !directives.cpython_differs {
        // String hashes (and so the order of sets of strings) are random per
        // process unless seeded; minipy hashes as PYTHONHASHSEED=0 does.
        let output = run(Command::new("python3")
            .env("PYTHONHASHSEED", "0")
            .arg(program));
        let cpython = normalize(&output.stdout, &output.stderr, output.status.code());
        if blessing() {
            std::fs::write(&expected_path, &cpython).expect("write .out");
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == cpython => {}
            Ok(expected) => problems.push(format!(
                "{name}: python3 disagrees with {name}.out\n{}",
                diff(&expected, &cpython)
            )),
            Err(_) => problems.push(format!(
                "{name}: no .out file (MINIPY_BLESS=1 writes it from python3)"
            )),
        }
    }

    for &stage in Stage::ALL
        .iter()
        .filter(|&&s| s.chapter() >= directives.min_stage.chapter())
    {
        let actual = run_minipy(program, stage);
        let stage_path = with_suffix(program, &format!("{}.out", stage.name()));
        let may_differ = directives.may_differ_on(stage);
        if stage_path.exists() && !may_differ {
            problems.push(format!(
                "{name}: {} exists, but the program does not declare \
                 `# minipy: differs-on={}`",
                relative(&stage_path),
                stage.name()
            ));
        }
        // Blessing never hides a difference from CPython: it writes a stage's
        // own output only where the program says that stage may differ.
        if blessing()
            && may_differ
            && (stage_path.exists()
                || (!directives.cpython_differs
                    && std::fs::read_to_string(&expected_path).ok().as_deref()
                        != Some(actual.as_str())))
        {
            std::fs::write(&stage_path, &actual).expect("write stage .out");
        }
        if blessing() && directives.cpython_differs && !stage_path.exists() {
            std::fs::write(&expected_path, &actual).expect("write .out");
        }
        let expected = std::fs::read_to_string(&stage_path)
            .or_else(|_| std::fs::read_to_string(&expected_path));
        match expected {
            Ok(expected) if expected == actual => {}
            Ok(expected) => problems.push(format!(
                "{name} on stage {}:\n{}",
                stage.name(),
                diff(&expected, &actual)
            )),
            Err(_) => problems.push(format!("{name}: no expected output")),
        }
        let trace_path = with_suffix(program, &format!("{}.trace", stage.name()));
        if trace_path.exists() {
            let output = run(Command::new(MINIPY)
                .arg("--stage")
                .arg(stage.name())
                .arg("--trace=refs")
                .arg(program));
            let trace = renumber_objects(&String::from_utf8_lossy(&output.stderr));
            if blessing() {
                std::fs::write(&trace_path, &trace).expect("write trace");
            }
            let expected = std::fs::read_to_string(&trace_path).unwrap_or_default();
            if expected != trace {
                problems.push(format!(
                    "{name}: trace on stage {} differs\n{}",
                    stage.name(),
                    diff(&expected, &trace)
                ));
            }
        }
    }
    problems
}

/// The first differing lines, for the failure message.
fn diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let first = e
        .iter()
        .zip(&a)
        .position(|(x, y)| x != y)
        .unwrap_or(e.len().min(a.len()));
    let show = |lines: &[&str]| {
        lines
            .iter()
            .skip(first)
            .take(6)
            .map(|l| format!("    {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    format!(
        "  from line {}:\n  expected:\n{}\n  actual:\n{}",
        first + 1,
        show(&e),
        show(&a)
    )
}

#[test]
fn every_program_prints_its_expected_output_on_every_stage() {
    let programs = all_programs();
    assert!(
        programs.len() >= 40 || std::env::var_os("MINIPY_PROGRAMS").is_some(),
        "the harness has {} programs",
        programs.len()
    );
    let python = python3_available();
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(4);
    let chunks: Vec<Vec<PathBuf>> = (0..workers)
        .map(|w| programs.iter().skip(w).step_by(workers).cloned().collect())
        .collect();
    let problems: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .flat_map(|p| check_program(p, python))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker"))
            .collect()
    });
    assert!(
        problems.is_empty(),
        "{} problem(s):\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}

#[test]
fn normalization_hides_only_what_differs_between_machines() {
    let stderr = b"Traceback (most recent call last):\n  File \"/home/me/x.py\", line 3, in <module>\n    1/0\n    ^^^\nException ignored in: <function C.__del__ at 0x7f3a0000>\nZeroDivisionError: division by zero\n";
    let text = normalize(b"out\n", stderr, Some(1));
    assert_eq!(
        text,
        "out\nTraceback (most recent call last):\n  File \"x.py\", line 3, in <module>\n    1/0\n    ^^^\nException ignored in: <function C.__del__ at 0x?>\nZeroDivisionError: division by zero\n[exit status 1]\n"
    );
    assert_eq!(
        renumber_objects("alloc #412 list\nfree #9 int #412"),
        "alloc #1 list\nfree #2 int #1"
    );
    assert_eq!(
        normalize_stderr_line("gc: collectable <Node 0x7f91fdf0d510>"),
        "gc: collectable <Node 0x?>"
    );
    assert_eq!(
        normalize_stderr_line("gc: done, 2 unreachable, 0 uncollectable, 0.0010s elapsed"),
        "gc: done, 2 unreachable, 0 uncollectable, ?s elapsed"
    );
}
