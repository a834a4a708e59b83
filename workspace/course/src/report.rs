//! Everything the tool prints for people (JSON for machines is in `main`).
//!
//! Colour only when standard output is a terminal and `NO_COLOR` is unset.

use std::io::IsTerminal;

use crate::catalog::{Catalog, Exercise};
use crate::grade::{Grade, Outcome};
use crate::progress::Progress;

/// How wide the progress bar of `list` is, in characters.
const BAR_WIDTH: usize = 30;

/// After the title of an exercise that passed once and fails now.
const WAS_DONE_NOTE: &str = " (was done, failing now)";

/// How many of the crate's warnings a grade lists; the rest are counted.
const WARNINGS_SHOWN: usize = 5;

fn paint(code: &str, text: &str) -> String {
    let enabled = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    if enabled {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn green(text: &str) -> String {
    paint("32", text)
}

fn red(text: &str) -> String {
    paint("31", text)
}

fn yellow(text: &str) -> String {
    paint("33", text)
}

fn bold(text: &str) -> String {
    paint("1", text)
}

/// `[#########.....................]  3/10`
pub fn progress_bar(done: usize, total: usize) -> String {
    let filled = (done * BAR_WIDTH).checked_div(total).unwrap_or(0);
    format!(
        "[{}{}] {done}/{total}",
        "#".repeat(filled),
        ".".repeat(BAR_WIDTH - filled)
    )
}

/// The exercise table of `cargo course list`.
pub fn list(catalog: &Catalog, progress: &Progress) -> String {
    let mut out = String::new();
    let mut chapter = "";
    for exercise in &catalog.exercises {
        if exercise.chapter != chapter {
            chapter = &exercise.chapter;
            out.push_str(&format!(
                "\n{}\n",
                bold(&format!(
                    "Chapter {}",
                    chapter.trim_start_matches("ch").trim_start_matches('0')
                ))
            ));
        }
        let was_done = progress.was_done.contains(&exercise.id);
        let mark = if progress.done.contains(&exercise.id) {
            green("done")
        } else if was_done {
            red("FAIL")
        } else {
            "    ".into()
        };
        let note = if was_done { WAS_DONE_NOTE } else { "" };
        out.push_str(&format!(
            "  {mark}  {:<28} {}{note}\n",
            exercise.id, exercise.title
        ));
    }
    let in_catalog = |set: &std::collections::BTreeSet<String>| {
        catalog
            .exercises
            .iter()
            .filter(|e| set.contains(&e.id))
            .count()
    };
    let done = in_catalog(&progress.done);
    out.push_str(&format!(
        "\nProgress {}",
        progress_bar(done, catalog.exercises.len())
    ));
    match in_catalog(&progress.was_done) {
        0 => out.push('\n'),
        failing => out.push_str(&red(&format!(
            " (and {failing} that passed once and fail now)\n"
        ))),
    }
    match next_exercise(catalog, progress) {
        Some(next) => out.push_str(&format!(
            "Next: {} — {}\n      edit {}/src/lib.rs, then `cargo course check {}`\n",
            next.id,
            next.title,
            next.display_dir(crate::catalog::Side::Exercise),
            next.id
        )),
        None => out.push_str(&green("Every exercise passes. Well done!\n")),
    }
    out
}

/// The first exercise, in reading order, that does not pass yet.
pub fn next_exercise<'c>(catalog: &'c Catalog, progress: &Progress) -> Option<&'c Exercise> {
    catalog
        .exercises
        .iter()
        .find(|e| !progress.done.contains(&e.id))
}

/// The report of one exercise's grade.
pub fn grade(exercise: &Exercise, grade: &Grade) -> String {
    let mut out = format!(
        "{} {} — {}\n",
        bold("Exercise"),
        exercise.id,
        exercise.title
    );
    if let Some(errors) = &grade.compile_error {
        out.push_str(&format!(
            "  {} your code does not compile:\n",
            red("error:")
        ));
        for line in errors.lines().take(40) {
            out.push_str(&format!("    {line}\n"));
        }
    }
    for test in &grade.tests {
        let mark = if test.outcome == Outcome::Passed {
            green("pass")
        } else {
            red("FAIL")
        };
        let detail = test.outcome.describe();
        out.push_str(&format!("  {mark}  {} ({} pt)\n", test.name, test.points));
        for line in detail.lines() {
            out.push_str(&format!("          {line}\n"));
        }
    }
    out.push_str(&format!("  score: {}/{}\n", grade.score, grade.max_score));
    if !grade.passed() {
        out.push_str(&format!("  stuck? `cargo course hint {}`\n", exercise.id));
    }
    out.push_str(&warnings(exercise, &grade.warnings));
    out
}

/// The compiler's warnings about the learner's crate, one line each, after
/// the result: they never change the grade, but often point at the bug.
fn warnings(exercise: &Exercise, warnings: &[String]) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    let count = warnings.len();
    let plural = if count == 1 { "" } else { "s" };
    let mut out = format!(
        "  {} {count} compiler warning{plural}:\n",
        yellow("warning:")
    );
    for warning in warnings.iter().take(WARNINGS_SHOWN) {
        out.push_str(&format!("    {warning}\n"));
    }
    if count > WARNINGS_SHOWN {
        out.push_str(&format!("    ... and {} more\n", count - WARNINGS_SHOWN));
    }
    out.push_str(&format!(
        "    (in full: `cd {} && cargo check -p {}`)\n",
        crate::catalog::Side::Exercise.directory(),
        exercise.id
    ));
    out
}

/// Said when an exercise that passed before fails now.
pub fn broken(exercise: &Exercise) -> String {
    red(&format!(
        "{} passed before and fails now: `cargo course list` shows it as \"was done, failing now\" until it passes again.",
        exercise.id
    ))
}

/// The closing line of a check of several exercises.
pub fn total(grades: &[Grade]) -> String {
    let score: u32 = grades.iter().map(|g| g.score).sum();
    let max: u32 = grades.iter().map(|g| g.max_score).sum();
    let passed = grades.iter().filter(|g| g.passed()).count();
    format!(
        "\n{} {passed}/{} exercises pass; score {score}/{max}\n",
        bold("Total:"),
        grades.len()
    )
}

/// A hint, numbered.
pub fn hint(exercise: &Exercise, index: usize) -> String {
    let more = if index + 1 < exercise.hints.len() {
        " (ask again for the next one)"
    } else {
        " (the last one)"
    };
    format!(
        "Hint {}/{} for {}{more}:\n\n{}\n",
        index + 1,
        exercise.hints.len(),
        exercise.id,
        exercise.hints[index]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Side;
    use crate::grade::TestResult;

    /// `text` without its colours: they are on when the tests run in a terminal.
    fn plain(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("\x1b[") {
            out.push_str(&rest[..start]);
            let after = &rest[start..];
            rest = after.find('m').map_or("", |end| &after[end + 1..]);
        }
        out + rest
    }

    /// A course of two exercises, `ch01-a` then `ch01-b`.
    fn two_exercises() -> (tempfile::TempDir, Catalog) {
        let root = tempfile::tempdir().unwrap();
        for (order, id) in [(1, "ch01-a"), (2, "ch01-b")] {
            let dir = root.path().join("exercises/ch01").join(id);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(
                dir.join("exercise.toml"),
                format!("title = \"Task {id}\"\norder = {order}\nhints = [\"a\", \"b\"]\n"),
            )
            .unwrap();
        }
        let catalog = Catalog::load(root.path(), Side::Exercise).unwrap();
        (root, catalog)
    }

    #[test]
    fn an_exercise_that_broke_after_passing_shows_in_the_list_and_the_progress() {
        let (_root, catalog) = two_exercises();
        let mut progress = Progress::default();
        progress.record("ch01-a", true);
        progress.record("ch01-b", true);
        progress.record("ch01-a", false);
        let list = plain(&list(&catalog, &progress));
        assert!(
            list.contains(
                "FAIL  ch01-a                       Task ch01-a (was done, failing now)\n"
            ),
            "{list}"
        );
        assert!(list.contains("done  ch01-b"), "{list}");
        assert!(
            list.contains("1/2 (and 1 that passed once and fail now)\n"),
            "{list}"
        );
        assert!(list.contains("Next: ch01-a"), "{list}");
    }

    #[test]
    fn warnings_come_briefly_after_the_result() {
        let (_root, catalog) = two_exercises();
        let exercise = catalog.get("ch01-a").unwrap();
        let warnings: Vec<String> = (1..=7)
            .map(|line| {
                format!("unused variable: `x{line}` (at exercises/ch01/ch01-a/src/lib.rs:{line}:9)")
            })
            .collect();
        let graded = Grade {
            exercise: exercise.id.clone(),
            compile_error: None,
            warnings,
            tests: vec![TestResult {
                name: "works".into(),
                outcome: Outcome::Passed,
                points: 1,
            }],
            score: 1,
            max_score: 1,
        };
        let report = plain(&grade(exercise, &graded));
        let after_score = report.split("score: 1/1\n").nth(1).unwrap();
        assert!(
            after_score.starts_with("  warning: 7 compiler warnings:\n    unused variable: `x1` (at exercises/ch01/ch01-a/src/lib.rs:1:9)\n"),
            "{report}"
        );
        assert!(
            after_score.contains("`x5`") && !after_score.contains("`x6`"),
            "{report}"
        );
        assert!(after_score.contains("    ... and 2 more\n"), "{report}");
        assert!(
            after_score.contains("cd exercises && cargo check -p ch01-a"),
            "{report}"
        );
        let clean = Grade {
            warnings: Vec::new(),
            ..graded
        };
        assert!(!grade(exercise, &clean).contains("warning"));
    }

    #[test]
    fn the_bar_fills_in_proportion() {
        assert_eq!(progress_bar(0, 3), format!("[{}] 0/3", ".".repeat(30)));
        assert_eq!(
            progress_bar(1, 3),
            format!("[{}{}] 1/3", "#".repeat(10), ".".repeat(20))
        );
        assert_eq!(progress_bar(3, 3), format!("[{}] 3/3", "#".repeat(30)));
        assert_eq!(progress_bar(0, 0), format!("[{}] 0/0", ".".repeat(30)));
    }
}
