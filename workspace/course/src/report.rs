//! Everything the tool prints for people (JSON for machines is in `main`).
//!
//! Colour only when standard output is a terminal and `NO_COLOR` is unset.

use std::io::IsTerminal;

use crate::catalog::{Catalog, Exercise};
use crate::grade::{Grade, Outcome};
use crate::progress::Progress;

/// How wide the progress bar of `list` is, in characters.
const BAR_WIDTH: usize = 30;

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
        let mark = if progress.done.contains(&exercise.id) {
            green("done")
        } else {
            "    ".into()
        };
        out.push_str(&format!(
            "  {mark}  {:<28} {}\n",
            exercise.id, exercise.title
        ));
    }
    let done = catalog
        .exercises
        .iter()
        .filter(|e| progress.done.contains(&e.id))
        .count();
    out.push_str(&format!(
        "\nProgress {}\n",
        progress_bar(done, catalog.exercises.len())
    ));
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
    out
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
