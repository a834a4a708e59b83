//! The learner's progress: which exercises pass, which passed once and fail
//! now, and how many hints were shown.
//!
//! Kept in `.course-progress.toml` at the top of the repository (git-ignored),
//! so it stays with the learner's clone and never reaches a pull request.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// The progress file's name, relative to the repository root.
pub const PROGRESS_FILE: &str = ".course-progress.toml";

/// What the learner has done so far.
#[derive(Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Progress {
    /// Exercises whose graded tests all passed the last time they were checked.
    #[serde(default)]
    pub done: BTreeSet<String>,
    /// Exercises that passed once and failed the last time they were checked
    /// (an edit after passing broke them): still to do, but not new.
    #[serde(default)]
    pub was_done: BTreeSet<String>,
    /// How many hints of each exercise have been shown.
    #[serde(default)]
    pub hints_shown: BTreeMap<String, usize>,
}

impl Progress {
    /// Reads the progress file; a missing file is a fresh start.
    pub fn load(root: &Path) -> Result<Progress> {
        let path = file(root);
        match fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).with_context(|| {
                format!(
                    "{} is damaged; delete it to start your progress afresh",
                    path.display()
                )
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Progress::default()),
            Err(error) => Err(error).with_context(|| format!("cannot read {}", path.display())),
        }
    }

    /// Writes the progress file.
    pub fn save(&self, root: &Path) -> Result<()> {
        let path = file(root);
        let text = toml::to_string(self).context("cannot encode progress")?;
        fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
    }

    /// Records whether `exercise` passes now. A done exercise that fails
    /// becomes "was done", so progress shows it as broken, not as never done.
    pub fn record(&mut self, exercise: &str, passed: bool) {
        if passed {
            self.done.insert(exercise.to_string());
            self.was_done.remove(exercise);
        } else if self.done.remove(exercise) {
            self.was_done.insert(exercise.to_string());
        }
    }

    /// Forgets everything about `exercise`, as `reset` puts it back as
    /// shipped: not done, never done, and its hints start again at the first.
    pub fn reset(&mut self, exercise: &str) {
        self.done.remove(exercise);
        self.was_done.remove(exercise);
        self.hints_shown.remove(exercise);
    }

    /// True if `exercise` has passed at some point: it passes now, or it did
    /// and fails now.
    pub fn ever_passed(&self, exercise: &str) -> bool {
        self.done.contains(exercise) || self.was_done.contains(exercise)
    }

    /// The next hint to show for an exercise with `available` hints: its
    /// index, counting up each time until the last one, which then repeats.
    pub fn next_hint(&mut self, exercise: &str, available: usize) -> usize {
        let shown = self.hints_shown.entry(exercise.to_string()).or_insert(0);
        let index = (*shown).min(available.saturating_sub(1));
        *shown = (*shown + 1).min(available);
        index
    }
}

fn file(root: &Path) -> PathBuf {
    root.join(PROGRESS_FILE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_come_one_at_a_time_and_the_last_repeats() {
        let mut progress = Progress::default();
        let shown: Vec<usize> = (0..4).map(|_| progress.next_hint("ch01-a", 2)).collect();
        assert_eq!(shown, vec![0, 1, 1, 1]);
    }

    #[test]
    fn progress_survives_a_round_trip_and_a_missing_file_is_a_fresh_start() {
        let root = tempfile::tempdir().unwrap();
        assert_eq!(Progress::load(root.path()).unwrap(), Progress::default());
        let mut progress = Progress::default();
        progress.record("ch01-a", true);
        progress.record("ch01-b", true);
        progress.record("ch01-b", false);
        progress.next_hint("ch01-b", 3);
        progress.save(root.path()).unwrap();
        let loaded = Progress::load(root.path()).unwrap();
        assert_eq!(loaded, progress);
        assert_eq!(loaded.done.iter().collect::<Vec<_>>(), vec!["ch01-a"]);
    }

    #[test]
    fn a_done_exercise_that_fails_is_remembered_as_was_done() {
        let mut progress = Progress::default();
        progress.record("ch01-a", false);
        assert!(progress.was_done.is_empty(), "never passed: not was-done");
        progress.record("ch01-a", true);
        progress.record("ch01-a", false);
        assert!(!progress.done.contains("ch01-a"));
        assert!(progress.was_done.contains("ch01-a"));
        assert!(progress.ever_passed("ch01-a"));
        progress.record("ch01-a", false);
        assert!(progress.was_done.contains("ch01-a"), "still failing");
        progress.record("ch01-a", true);
        assert!(progress.done.contains("ch01-a"));
        assert!(progress.was_done.is_empty());
    }

    #[test]
    fn reset_forgets_the_exercise_and_its_hints() {
        let mut progress = Progress::default();
        progress.record("ch01-a", true);
        progress.record("ch01-a", false);
        progress.next_hint("ch01-a", 3);
        progress.next_hint("ch01-a", 3);
        progress.next_hint("ch01-b", 3);
        progress.reset("ch01-a");
        assert!(!progress.ever_passed("ch01-a"));
        assert_eq!(progress.next_hint("ch01-a", 3), 0, "hints start again");
        assert_eq!(
            progress.next_hint("ch01-b", 3),
            1,
            "other exercises keep theirs"
        );
    }

    #[test]
    fn a_file_from_before_was_done_existed_still_loads() {
        let root = tempfile::tempdir().unwrap();
        fs::write(
            root.path().join(PROGRESS_FILE),
            "done = [\"ch01-a\"]\n\n[hints_shown]\nch01-b = 1\n",
        )
        .unwrap();
        let progress = Progress::load(root.path()).unwrap();
        assert!(progress.done.contains("ch01-a"));
        assert!(progress.was_done.is_empty());
    }

    #[test]
    fn a_damaged_file_says_how_to_recover() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join(PROGRESS_FILE), "done = 7").unwrap();
        let error = format!("{:#}", Progress::load(root.path()).unwrap_err());
        assert!(
            error.contains("delete it to start your progress afresh"),
            "{error}"
        );
    }
}
