//! Chapter 7's table of what objects cost: `sys.getsizeof` against the
//! blocks the small-object allocator really hands out, on python3 and on
//! minipy's default stage. `tests/block_sizes.py` makes a thousand
//! objects of each kind between two `sys._debugmallocstats()` reports; the
//! difference of each size class's blocks in use, per object, is what the
//! kind costs. The table is written to `book-output/block_sizes.md`, which
//! the chapter includes; it is checked whenever python3 3.11 is on the
//! PATH (its column is python3's), and rewritten with
//! `UPDATE_BOOK_OUTPUT=1 cargo test -p minipy --test block_sizes`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

const MINIPY: &str = env!("CARGO_BIN_EXE_minipy");
/// Objects made per kind (the program's `N`).
const N: f64 = 1000.0;

fn program() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/block_sizes.py")
}

/// Blocks in use per size class, from one report's class table.
type Classes = BTreeMap<u32, u64>;

/// Each kind's reports, before and after, from the program's stderr.
fn reports(stderr: &str) -> Vec<(String, Classes, Classes)> {
    let mut kinds: Vec<(String, Classes, Classes)> = vec![];
    let mut current: Option<&mut Classes> = None;
    for line in stderr.lines() {
        if let Some(name) = line.strip_prefix("before ") {
            kinds.push((name.to_string(), Classes::new(), Classes::new()));
            current = kinds.last_mut().map(|k| &mut k.1);
        } else if line.starts_with("after ") {
            current = kinds.last_mut().map(|k| &mut k.2);
        } else if let Some(classes) = current.as_deref_mut() {
            // `class size num-pools blocks-in-use avail-blocks`
            let fields: Vec<u64> = line
                .split_whitespace()
                .map(|f| f.parse().ok())
                .collect::<Option<_>>()
                .unwrap_or_default();
            if let [_, size, _, in_use, _] = fields[..] {
                classes.insert(size as u32, in_use);
            }
        }
    }
    kinds
}

/// What one object of each kind takes: its blocks by size, as
/// `48 + 2×32 = 112 B`.
fn costs(stderr: &str) -> Vec<(String, String)> {
    reports(stderr)
        .into_iter()
        .map(|(kind, before, after)| {
            let mut parts = vec![];
            let mut bytes = 0.0;
            for (&size, &used) in &after {
                let per_object = (used as f64 - *before.get(&size).unwrap_or(&0) as f64) / N;
                let blocks = per_object.round();
                if blocks >= 1.0 {
                    bytes += blocks * f64::from(size);
                    parts.push(if blocks == 1.0 {
                        size.to_string()
                    } else {
                        format!("{blocks}×{size}")
                    });
                }
            }
            // One block is its size alone; anything more shows its sum.
            let cost = match &parts[..] {
                [one] if !one.contains('×') => format!("{bytes} B"),
                _ => format!("{} = {bytes} B", parts.join(" + ")),
            };
            (kind, cost)
        })
        .collect()
}

fn run(interpreter: &str) -> Option<(String, String)> {
    let output = Command::new(interpreter).arg(program()).output().ok()?;
    assert!(output.status.success(), "{interpreter} failed: {output:?}");
    Some((
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    ))
}

fn is_python_311() -> bool {
    Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).starts_with("Python 3.11"))
}

#[test]
fn the_table_of_what_objects_cost_is_current() {
    let (stdout, stderr) = run(MINIPY).expect("minipy runs");
    let ours = costs(&stderr);
    assert_eq!(ours.len(), 7, "seven kinds: {ours:?}");
    assert!(
        ours.iter().all(|(_, cost)| cost != "0 B"),
        "every kind takes blocks on minipy: {ours:?}"
    );
    if !is_python_311() {
        eprintln!("python3 3.11 is not on the PATH: the table is not checked");
        return;
    }
    let (python_stdout, python_stderr) = run("python3").expect("python3 runs");
    assert_eq!(stdout, python_stdout, "sys.getsizeof agrees");
    let theirs = costs(&python_stderr);
    let mut table = String::from(
        "| object | `sys.getsizeof` | python3 3.11's blocks | minipy's blocks |\n|---|---:|---:|---:|\n",
    );
    for ((line, (kind, mine)), (_, cpython)) in stdout.lines().zip(&ours).zip(&theirs) {
        let size = line.rsplit(' ').next().unwrap_or("");
        table.push_str(&format!("| {kind} | {size} | {cpython} | {mine} |\n"));
    }
    book_output::check(env!("CARGO_MANIFEST_DIR"), "block_sizes.md", &table);
}
