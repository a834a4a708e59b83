//! The exercises: where they are, what they are called, and their metadata.
//!
//! Every exercise is a crate in `exercises/<chapter>/<id>/` (what the learner
//! edits) with its twin in `solutions/<chapter>/<id>/`. Next to its
//! `Cargo.toml` each has:
//!
//! - `README.md`, the task statement (the book includes it);
//! - `exercise.toml`, its title, position, hints and points;
//! - `tests/graded.rs`, the graded tests, identical in both twins.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

/// Which of the two twins of an exercise to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// `exercises/`: the learner's code (as shipped: the stub).
    Exercise,
    /// `solutions/`: the reference solution.
    Solution,
}

impl Side {
    /// The top-level directory of this side.
    pub fn directory(self) -> &'static str {
        match self {
            Side::Exercise => "exercises",
            Side::Solution => "solutions",
        }
    }

    /// Where this side's crates are built, below the shared build directory.
    ///
    /// The two sides need separate directories: an exercise and its solution
    /// are crates of the same name at the same place in their workspaces, so
    /// cargo gives their builds the same file names.
    pub fn target_dir(self, shared: &Path) -> PathBuf {
        match self {
            Side::Exercise => shared.to_path_buf(),
            Side::Solution => shared.join("solutions"),
        }
    }
}

/// `exercise.toml`, as written by the course's authors.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    title: String,
    order: u32,
    hints: Vec<String>,
    #[serde(default)]
    points: BTreeMap<String, u32>,
    /// Seconds each graded test may run before it counts as an endless loop.
    time_limit: Option<u64>,
    /// The workspace functions that already do what the exercise asks.
    #[serde(default)]
    reference: Vec<String>,
    /// True for an exercise of `unsafe` code: `verify` also runs its
    /// solution's graded tests under Miri.
    #[serde(default)]
    miri: bool,
    /// True for an exercise of concurrent code graded by loom models: its
    /// graded tests are built with `--cfg loom`.
    #[serde(default)]
    loom: bool,
}

/// One exercise.
#[derive(Debug, Clone)]
pub struct Exercise {
    /// The crate name, also the name learners type: `ch01-census`.
    pub id: String,
    /// The chapter folder it belongs to: `ch01`.
    pub chapter: String,
    /// Its position within the chapter.
    pub order: u32,
    /// One line saying what it is about.
    pub title: String,
    /// Progressively more concrete hints.
    pub hints: Vec<String>,
    /// Points per graded test, for tests worth more than [`DEFAULT_POINTS`].
    pub points: BTreeMap<String, u32>,
    /// How long one graded test may run. The tests run side by side, so
    /// this is also about the longest a check of the exercise takes.
    pub time_limit: std::time::Duration,
    /// Paths of the workspace functions that solve the exercise
    /// (`ch03_names::referrers`): `verify` proves that the exercise's crate
    /// cannot call them.
    pub reference: Vec<String>,
    /// True if `verify` runs the solution's graded tests under Miri too
    /// (the exercise is `unsafe` code).
    pub miri: bool,
    /// True if the graded tests are loom models: `check` and `verify` build
    /// them with `RUSTFLAGS="--cfg loom"`, in a target directory of their
    /// own ([`Exercise::build_dir`]), and bound the models' preemptions.
    pub loom: bool,
    root: PathBuf,
}

/// What a graded test is worth unless `exercise.toml` says otherwise.
pub const DEFAULT_POINTS: u32 = 1;
/// How long a graded test may run unless `exercise.toml` says otherwise.
pub const DEFAULT_TIME_LIMIT_SECONDS: u64 = 10;

impl Exercise {
    /// The exercise's crate on one side: `<root>/exercises/ch01/ch01-census`.
    pub fn dir(&self, side: Side) -> PathBuf {
        self.workspace_dir(side).join(&self.chapter).join(&self.id)
    }

    /// The top of the repository the exercise belongs to.
    pub fn repository_root(&self) -> &Path {
        &self.root
    }

    /// The folder of the cargo workspace the exercise belongs to on one
    /// side, `<root>/exercises`: the compiler names the crate's files
    /// relative to it.
    pub fn workspace_dir(&self, side: Side) -> PathBuf {
        self.root.join(side.directory())
    }

    /// The crate's path relative to the repository, for messages.
    pub fn display_dir(&self, side: Side) -> String {
        format!("{}/{}/{}", side.directory(), self.chapter, self.id)
    }

    /// The manifest of the workspace the exercise belongs to on one side.
    pub fn workspace_manifest(&self, side: Side) -> PathBuf {
        self.workspace_dir(side).join("Cargo.toml")
    }

    /// Where the crate's graded tests are built on one side, below the
    /// shared build directory: loom's builds apart (`--cfg loom` changes
    /// every crate's flags, so sharing a directory with the ordinary build
    /// would rebuild everything, each time, both ways).
    pub fn build_dir(&self, side: Side, shared: &Path) -> PathBuf {
        let dir = side.target_dir(shared);
        if self.loom { dir.join("loom") } else { dir }
    }

    /// What the graded test `test` is worth.
    pub fn points_for(&self, test: &str) -> u32 {
        self.points.get(test).copied().unwrap_or(DEFAULT_POINTS)
    }
}

/// Every exercise of the course, in reading order.
#[derive(Debug)]
pub struct Catalog {
    /// The exercises, by chapter, then by their order in the chapter.
    pub exercises: Vec<Exercise>,
}

impl Catalog {
    /// Reads every `exercise.toml` on one side of the repository at `root`.
    pub fn load(root: &Path, side: Side) -> Result<Catalog> {
        let top = root.join(side.directory());
        let mut exercises = Vec::new();
        for chapter in sorted_subdirectories(&top)? {
            let chapter_name = file_name(&chapter);
            if !chapter_name.starts_with("ch") {
                continue;
            }
            for crate_dir in sorted_subdirectories(&chapter)? {
                if crate_dir.join("exercise.toml").exists() {
                    exercises.push(read_exercise(root, &chapter_name, &crate_dir)?);
                }
            }
        }
        exercises.sort_by(|a, b| (&a.chapter, a.order, &a.id).cmp(&(&b.chapter, b.order, &b.id)));
        Ok(Catalog { exercises })
    }

    /// The exercise called `id`.
    pub fn get(&self, id: &str) -> Result<&Exercise> {
        match self.exercises.iter().find(|exercise| exercise.id == id) {
            Some(exercise) => Ok(exercise),
            None => bail!(
                "there is no exercise called `{id}`.\nThe exercises are: {}\n(`cargo course list` shows them with your progress.)",
                self.ids().join(", ")
            ),
        }
    }

    /// The exercises `target` names: all of them (`None`), one chapter
    /// (`ch01`) or one exercise (`ch01-census`). A chapter without
    /// exercises, or an id no exercise has, is an error that says which
    /// chapters or exercises there are.
    pub fn select(&self, target: Option<&str>) -> Result<Vec<&Exercise>> {
        let Some(target) = target else {
            return Ok(self.exercises.iter().collect());
        };
        let chapter: Vec<&Exercise> = self
            .exercises
            .iter()
            .filter(|e| e.chapter == target)
            .collect();
        if !chapter.is_empty() {
            return Ok(chapter);
        }
        if is_chapter_name(target) {
            bail!(
                "chapter {target} has no exercises yet. The chapters with exercises are: {}",
                self.chapters().join(", ")
            );
        }
        self.get(target).map(|exercise| vec![exercise])
    }

    /// The chapters that have exercises (`ch01`, `ch02`, ...), in order.
    pub fn chapters(&self) -> Vec<&str> {
        let mut chapters: Vec<&str> = self
            .exercises
            .iter()
            .map(|exercise| exercise.chapter.as_str())
            .collect();
        chapters.dedup();
        chapters
    }

    /// Every exercise id, in reading order.
    pub fn ids(&self) -> Vec<&str> {
        self.exercises
            .iter()
            .map(|exercise| exercise.id.as_str())
            .collect()
    }
}

/// `ch` and digits only: how a chapter is named (an exercise id goes on,
/// `ch01-census`).
fn is_chapter_name(target: &str) -> bool {
    target
        .strip_prefix("ch")
        .is_some_and(|number| !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()))
}

fn read_exercise(root: &Path, chapter: &str, crate_dir: &Path) -> Result<Exercise> {
    let manifest_path = crate_dir.join("exercise.toml");
    let text = fs::read_to_string(&manifest_path)
        .with_context(|| format!("cannot read {}", manifest_path.display()))?;
    let manifest: Manifest = toml::from_str(&text).with_context(|| {
        format!(
            "{} is not a valid exercise description",
            manifest_path.display()
        )
    })?;
    Ok(Exercise {
        id: file_name(crate_dir),
        chapter: chapter.to_string(),
        order: manifest.order,
        title: manifest.title,
        hints: manifest.hints,
        points: manifest.points,
        time_limit: std::time::Duration::from_secs(
            manifest.time_limit.unwrap_or(DEFAULT_TIME_LIMIT_SECONDS),
        ),
        reference: manifest.reference,
        miri: manifest.miri,
        loom: manifest.loom,
        root: root.to_path_buf(),
    })
}

fn sorted_subdirectories(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
    let mut dirs = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot list {}", dir.display()))?
            .path();
        if path.is_dir() && !file_name(&path).starts_with('.') && file_name(&path) != "target" {
            dirs.push(path);
        }
    }
    dirs.sort();
    Ok(dirs)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn course_with_two_exercises() -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        let toml =
            |order: u32| format!("title = \"T{order}\"\norder = {order}\nhints = [\"a\", \"b\"]\n");
        write(
            &root.path().join("exercises/ch01/ch01-b/exercise.toml"),
            &toml(1),
        );
        write(
            &root.path().join("exercises/ch01/ch01-a/exercise.toml"),
            &toml(2),
        );
        write(
            &root.path().join("exercises/ch02/ch02-c/exercise.toml"),
            &(toml(1) + "time_limit = 3\nloom = true\n[points]\nbig = 5\n"),
        );
        root
    }

    #[test]
    fn exercises_come_in_chapter_then_declared_order() {
        let root = course_with_two_exercises();
        let catalog = Catalog::load(root.path(), Side::Exercise).unwrap();
        assert_eq!(catalog.ids(), vec!["ch01-b", "ch01-a", "ch02-c"]);
        let c = catalog.get("ch02-c").unwrap();
        assert_eq!(c.points_for("big"), 5);
        assert_eq!(c.points_for("other"), DEFAULT_POINTS);
        assert_eq!(c.time_limit.as_secs(), 3);
        assert!(c.loom && !catalog.get("ch01-a").unwrap().loom);
        let shared = Path::new("/t");
        assert_eq!(c.build_dir(Side::Exercise, shared), Path::new("/t/loom"));
        assert_eq!(
            c.build_dir(Side::Solution, shared),
            Path::new("/t/solutions/loom")
        );
        let plain = catalog.get("ch01-a").unwrap();
        assert_eq!(
            plain.build_dir(Side::Solution, shared),
            Path::new("/t/solutions")
        );
    }

    #[test]
    fn a_target_names_everything_a_chapter_or_one_exercise() {
        let root = course_with_two_exercises();
        let catalog = Catalog::load(root.path(), Side::Exercise).unwrap();
        assert_eq!(catalog.select(None).unwrap().len(), 3);
        assert_eq!(catalog.select(Some("ch01")).unwrap().len(), 2);
        assert_eq!(catalog.select(Some("ch01-a")).unwrap()[0].id, "ch01-a");
        let error = catalog.select(Some("ch09-nope")).unwrap_err().to_string();
        assert!(error.contains("no exercise called `ch09-nope`"), "{error}");
        assert!(error.contains("ch01-b, ch01-a, ch02-c"), "{error}");
    }

    #[test]
    fn a_chapter_without_exercises_says_which_chapters_have_some() {
        let root = course_with_two_exercises();
        let catalog = Catalog::load(root.path(), Side::Exercise).unwrap();
        assert_eq!(catalog.chapters(), vec!["ch01", "ch02"]);
        let error = catalog.select(Some("ch09")).unwrap_err().to_string();
        assert_eq!(
            error,
            "chapter ch09 has no exercises yet. The chapters with exercises are: ch01, ch02"
        );
        // Only `ch` and digits is a chapter: anything else is an unknown exercise.
        let error = catalog.select(Some("chapter9")).unwrap_err().to_string();
        assert!(error.contains("no exercise called `chapter9`"), "{error}");
    }

    #[test]
    fn a_broken_description_is_named() {
        let root = course_with_two_exercises();
        write(
            &root.path().join("exercises/ch01/ch01-a/exercise.toml"),
            "title = 3",
        );
        let error = format!(
            "{:#}",
            Catalog::load(root.path(), Side::Exercise).unwrap_err()
        );
        assert!(
            error.contains("ch01-a/exercise.toml is not a valid exercise description"),
            "{error}"
        );
    }
}
