//! `sys._debugmallocstats()` on minipy's pymalloc stage reads like
//! python3's: the same lines, labels and columns, with the numbers masked
//! (they depend on all that each interpreter allocated). The class rows are
//! compared by shape, and python3's trailing lines about its types' free
//! lists, which minipy does not have, are left out.

use std::process::Command;

const MINIPY: &str = env!("CARGO_BIN_EXE_minipy");

fn program() -> String {
    format!("{}/tests/mallocstats.py", env!("CARGO_MANIFEST_DIR"))
}

/// The report with every run of digits (and thousands separators) made `#`,
/// and the spaces that align numbers squeezed, up to the arena map's total.
fn shape(stderr: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut totals = 0;
    for line in stderr.lines() {
        let mut masked = String::new();
        let mut in_number = false;
        let chars: Vec<char> = line.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let separator =
                in_number && c == ',' && chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if c.is_ascii_digit() || separator {
                if !in_number {
                    masked.push('#');
                }
                in_number = true;
            } else {
                in_number = false;
                masked.push(c);
            }
        }
        lines.push(masked.split_whitespace().collect::<Vec<_>>().join(" "));
        if line.starts_with("Total") {
            totals += 1;
            if totals == 2 {
                break;
            }
        }
    }
    lines.dedup();
    lines
}

#[test]
fn the_report_has_cpythons_lines_and_columns() {
    let minipy = Command::new(MINIPY)
        .arg(program())
        .output()
        .expect("minipy runs");
    assert!(minipy.status.success());
    assert_eq!(String::from_utf8_lossy(&minipy.stdout), "done\n");
    let ours = shape(&String::from_utf8_lossy(&minipy.stderr));
    assert!(ours.len() > 20, "a report: {ours:#?}");
    assert_eq!(ours[0], "Small block threshold = #, in # size classes.");
    let Ok(python) = Command::new("python3").arg(program()).output() else {
        eprintln!("python3 is not installed: compared with the expected shape only");
        return;
    };
    let theirs = shape(&String::from_utf8_lossy(&python.stderr));
    assert_eq!(ours, theirs);
}

#[test]
fn a_stage_without_pymalloc_prints_no_report() {
    let minipy = Command::new(MINIPY)
        .args(["--stage", "finalizers"])
        .arg(program())
        .output()
        .expect("minipy runs");
    assert!(minipy.status.success());
    assert_eq!(
        String::from_utf8_lossy(&minipy.stderr),
        "",
        "as PYTHONMALLOC=malloc python3 prints no allocator part"
    );
}
