//! `cargo course verify`: the course checks itself.
//!
//! For maintainers and CI. An exercise is honest when its stub fails every
//! graded test (a test the stub passes grades nothing), its solution passes
//! every one, the stub is exactly what the generator makes of the solution,
//! the learner has a task, a `// TODO` and graduated hints (at least three,
//! code only in the last), and the book links the task. Solutions must also be rustfmt- and clippy-clean, and
//! no exercise's crate may be able to call the workspace functions that
//! solve it (see [`probe`]).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::catalog::{Catalog, Exercise, Side};
use crate::grade::{self, Outcome, cargo};
use crate::stub;

pub mod probe;

/// Minimum number of hints an exercise must offer: a nudge, the approach,
/// and code (graduated, as rustlings' are).
pub const MIN_HINTS: usize = 3;

/// Every problem found, one sentence each, naming the exercise; empty means
/// the course is sound. `log` receives a line per step, for progress output.
pub fn verify(root: &Path, target_dir: &Path, log: &mut dyn FnMut(&str)) -> Result<Vec<String>> {
    let solutions = Catalog::load(root, Side::Solution)?;
    let exercises = Catalog::load(root, Side::Exercise)?;
    let mut problems = Vec::new();
    for id in exercises.ids() {
        if solutions.get(id).is_err() {
            problems.push(format!("{id}: exercise without a solution in solutions/"));
        }
    }
    let book_text = book_markdown(&root.join("book"))?;
    let classroom = fs::read_to_string(root.join(CLASSROOM_WORKFLOW)).unwrap_or_default();
    for exercise in &solutions.exercises {
        log(&format!("verifying {}", exercise.id));
        problems.extend(check_contents(exercise, &book_text)?);
        let (grading_problems, max_score) = check_grading(exercise, target_dir)?;
        problems.extend(grading_problems);
        problems.extend(check_classroom_step(&classroom, &exercise.id, max_score));
        problems.extend(check_out_of_reach(exercise, target_dir)?);
        if exercise.miri {
            log(&format!("running {}'s solution under Miri", exercise.id));
            match check_under_miri(exercise, target_dir)? {
                MiriCheck::Clean => {}
                MiriCheck::Unavailable => {
                    log("  Miri is not installed here, so this check is skipped \
                     (rustup component add miri --toolchain nightly)")
                }
                MiriCheck::Failed(report) => problems.push(format!(
                    "{}: its solution's graded tests fail under Miri:\n{report}",
                    exercise.id
                )),
            }
        }
    }
    log("checking that every reference function names a function of the workspace");
    problems.extend(check_reference_paths(
        root,
        &solutions.exercises,
        target_dir,
    )?);
    log("checking that the solutions are formatted and clippy-clean");
    problems.extend(check_style(root, target_dir)?);
    Ok(problems)
}

/// The task, hints, markers, generated stub and book link of one exercise.
fn check_contents(exercise: &Exercise, book_text: &str) -> Result<Vec<String>> {
    let id = &exercise.id;
    let mut problems = Vec::new();
    let task =
        fs::read_to_string(exercise.dir(Side::Solution).join("README.md")).unwrap_or_default();
    if !task.trim_start().starts_with('#') || task.lines().count() < 3 {
        problems.push(format!(
            "{id}: README.md (the task statement) is missing or has no heading and text"
        ));
    }
    if exercise
        .hints
        .iter()
        .filter(|hint| !hint.trim().is_empty())
        .count()
        < MIN_HINTS
    {
        problems.push(format!(
            "{id}: needs at least {MIN_HINTS} hints in exercise.toml"
        ));
    }
    problems.extend(check_hints_graduated(id, &exercise.hints));
    let (todos, regions) = source_markers(&exercise.dir(Side::Solution).join("src"))?;
    if todos == 0 {
        problems.push(format!(
            "{id}: no `//~ TODO:` marker in the solution, so the stub has no `// TODO`"
        ));
    }
    if regions == 0 {
        problems.push(format!(
            "{id}: no `//~ SOLUTION BEGIN` region, so the stub gives nothing to write"
        ));
    }
    match stub::differences(exercise) {
        Ok(differences) if differences.is_empty() => {}
        Ok(differences) => {
            problems.extend(
                differences
                    .into_iter()
                    .map(|d| format!("{id}: {d} (run `cargo course generate`)")),
            );
        }
        Err(error) => problems.push(format!("{id}: the stub cannot be generated: {error:#}")),
    }
    let task_path = format!("exercises/{}/{id}/README.md", exercise.chapter);
    if !book_text.contains(&task_path) {
        problems.push(format!(
            "{id}: the book never links or includes {task_path}"
        ));
    }
    Ok(problems)
}

/// Hints go from a nudge to the approach, and only the last may show code:
/// a code block in an earlier hint gives the answer away before the learner
/// has asked for it.
fn check_hints_graduated(id: &str, hints: &[String]) -> Vec<String> {
    let early = hints.len().saturating_sub(1);
    hints[..early]
        .iter()
        .enumerate()
        .filter(|(_, hint)| hint.contains("```"))
        .map(|(i, _)| {
            format!(
                "{id}: hint {} of {} has a code block; code belongs in the last hint only",
                i + 1,
                hints.len()
            )
        })
        .collect()
}

/// The GitHub Classroom workflow: one grading step per exercise.
pub const CLASSROOM_WORKFLOW: &str = ".github/workflows/classroom.yml";

/// The Classroom workflow grades `id` with `cargo course check` and awards its full score.
fn check_classroom_step(workflow: &str, id: &str, max_score: u32) -> Option<String> {
    let command = format!("command: cargo course check {id} --json");
    let lines: Vec<&str> = workflow.lines().map(str::trim).collect();
    let Some(at) = lines.iter().position(|line| *line == command) else {
        return Some(format!(
            "{id}: {CLASSROOM_WORKFLOW} has no step running `{}`",
            &command[9..]
        ));
    };
    let expected = format!("max-score: {max_score}");
    let step_end = lines[at + 1..]
        .iter()
        .position(|line| line.starts_with("- "))
        .map_or(lines.len(), |offset| at + 1 + offset);
    (!lines[at..step_end].contains(&expected.as_str()))
        .then(|| format!("{id}: its step in {CLASSROOM_WORKFLOW} should say `{expected}`"))
}

/// The solution passes every graded test; the stub compiles and fails every
/// one. Also returns the exercise's maximum score.
fn check_grading(exercise: &Exercise, target_dir: &Path) -> Result<(Vec<String>, u32)> {
    let id = &exercise.id;
    let mut problems = Vec::new();
    let solved = grade::grade(exercise, Side::Solution, target_dir)?;
    if let Some(errors) = &solved.compile_error {
        problems.push(format!("{id}: the solution does not compile:\n{errors}"));
    }
    for test in solved.tests.iter().filter(|t| t.outcome != Outcome::Passed) {
        problems.push(format!(
            "{id}: the solution fails graded test `{}`: {}",
            test.name,
            test.outcome.describe()
        ));
    }
    let stubbed = grade::grade(exercise, Side::Exercise, target_dir)?;
    if let Some(errors) = &stubbed.compile_error {
        problems.push(format!("{id}: the stub does not compile:\n{errors}"));
    }
    for test in stubbed
        .tests
        .iter()
        .filter(|t| t.outcome == Outcome::Passed)
    {
        problems.push(format!(
            "{id}: the stub passes graded test `{}`, so the test grades nothing",
            test.name
        ));
    }
    Ok((problems, solved.max_score))
}

/// What running an exercise's solution under Miri found.
enum MiriCheck {
    Clean,
    Unavailable,
    Failed(String),
}

/// Runs the solution's graded tests under Miri (`cargo +nightly miri test`),
/// which reports undefined behaviour that an ordinary run can miss. Miri
/// builds in a directory of its own below the shared one.
fn check_under_miri(exercise: &Exercise, target_dir: &Path) -> Result<MiriCheck> {
    let available = Command::new("cargo")
        .args(["+nightly", "miri", "--version"])
        .output()
        .is_ok_and(|output| output.status.success());
    if !available {
        return Ok(MiriCheck::Unavailable);
    }
    let output = Command::new("cargo")
        .args(["+nightly", "miri", "test", "--quiet", "--manifest-path"])
        .arg(exercise.workspace_manifest(Side::Solution))
        .args(["-p", &exercise.id, "--test", "graded"])
        .env("CARGO_TARGET_DIR", target_dir.join("miri"))
        .env("MIRIFLAGS", "-Zmiri-strict-provenance")
        .output()
        .context("cannot run cargo miri")?;
    if output.status.success() {
        return Ok(MiriCheck::Clean);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report: Vec<&str> = stdout
        .lines()
        .chain(stderr.lines())
        .filter(|l| !l.trim().is_empty())
        .take(40)
        .collect();
    Ok(MiriCheck::Failed(report.join("\n")))
}

/// The functions `exercise.toml` lists under `reference` (those of the
/// workspace that already do what the exercise asks) cannot be called from
/// the exercise's crate: a probe with the crate's own dependencies fails to
/// name each of them.
fn check_out_of_reach(exercise: &Exercise, target_dir: &Path) -> Result<Vec<String>> {
    let id = &exercise.id;
    let malformed: Vec<String> = exercise
        .reference
        .iter()
        .filter_map(|path| probe::check_path(path).err())
        .map(|error| format!("{id}: in exercise.toml's `reference`, {error}"))
        .collect();
    if exercise.reference.is_empty() || !malformed.is_empty() {
        return Ok(malformed);
    }
    let crate_dir = exercise.dir(Side::Solution);
    let manifest_path = crate_dir.join("Cargo.toml");
    let manifest = fs::read_to_string(&manifest_path)
        .with_context(|| format!("cannot read {}", manifest_path.display()))?;
    let manifest = probe::standalone_manifest(&manifest, &crate_dir, &format!("probe-{id}"))
        .with_context(|| format!("cannot make a probe of {}", manifest_path.display()))?;
    let probes = probe::probes_dir(target_dir);
    let lockfile = exercise
        .workspace_manifest(Side::Solution)
        .with_file_name("Cargo.lock");
    let reach = probe::run(
        &probes.join(id),
        &manifest,
        &exercise.reference,
        Some(&lockfile),
        &probes.join("target"),
    )?;
    Ok(match reach {
        Err(errors) => vec![format!(
            "{id}: the probe of its reference functions does not build, so nothing shows them out of reach:\n{errors}"
        )],
        Ok(reach) => exercise
            .reference
            .iter()
            .zip(reach)
            .filter(|(_, reach)| *reach == probe::Reach::Reachable)
            .map(|(path, _)| {
                let crate_name = path.split("::").next().unwrap_or_default().replace('_', "-");
                format!(
                    "{id}: its crate can call `{path}`, which solves the exercise, so a learner passes by delegating to it \
                     ({crate_name} must keep it behind its `reference` feature, and neither the exercise's dependencies \
                     nor its dev-dependencies may turn that feature on: `default-features = false`)"
                )
            })
            .collect(),
    })
}

/// Every path listed under `reference` names a function of the workspace,
/// with the crates' default features: a renamed or removed function must not
/// leave a probe that passes because it names nothing.
fn check_reference_paths(
    root: &Path,
    exercises: &[Exercise],
    target_dir: &Path,
) -> Result<Vec<String>> {
    let listed: Vec<(&str, &String)> = exercises
        .iter()
        .flat_map(|e| e.reference.iter().map(move |path| (e.id.as_str(), path)))
        .filter(|(_, path)| probe::check_path(path).is_ok())
        .collect();
    if listed.is_empty() {
        return Ok(Vec::new());
    }
    let paths: Vec<String> = listed.iter().map(|(_, path)| (*path).clone()).collect();
    let manifest = match probe::control_manifest(root, &paths) {
        Ok(manifest) => manifest,
        Err(error) => return Ok(vec![format!("in an exercise.toml's `reference`: {error}")]),
    };
    let probes = probe::probes_dir(target_dir);
    let reach = probe::run(
        &probes.join("control"),
        &manifest,
        &paths,
        Some(&root.join("Cargo.lock")),
        &probes.join("target"),
    )?;
    Ok(match reach {
        Err(errors) => vec![format!(
            "the control probe (every reference function, default features) does not build:\n{errors}"
        )],
        Ok(reach) => listed
            .iter()
            .zip(reach)
            .filter(|(_, reach)| *reach == probe::Reach::OutOfReach)
            .map(|((id, path), _)| {
                format!(
                    "{id}: `{path}`, listed under `reference`, names no function of the workspace \
                     (renamed or removed?): list the functions that solve the exercise"
                )
            })
            .collect(),
    })
}

/// `cargo fmt --check` and `cargo clippy -D warnings` over every solution.
fn check_style(root: &Path, target_dir: &Path) -> Result<Vec<String>> {
    let manifest = root.join("solutions/Cargo.toml");
    let mut problems = Vec::new();
    let fmt = Command::new(cargo())
        .args(["fmt", "--check"])
        .current_dir(root.join("solutions"))
        .output()
        .context("cannot run `cargo fmt` (install it with `rustup component add rustfmt`)")?;
    if !fmt.status.success() {
        let diff = String::from_utf8_lossy(&fmt.stdout);
        let first_lines: Vec<&str> = diff.lines().take(30).collect();
        problems.push(format!(
            "solutions are not rustfmt-clean (run `cargo fmt --manifest-path solutions/Cargo.toml`):\n{}{}",
            first_lines.join("\n"),
            String::from_utf8_lossy(&fmt.stderr)
        ));
    }
    let clippy = Command::new(cargo())
        .args([
            "clippy",
            "--quiet",
            "--workspace",
            "--all-targets",
            "--color=never",
        ])
        .arg("--manifest-path")
        .arg(&manifest)
        .arg("--target-dir")
        .arg(Side::Solution.target_dir(target_dir))
        .args(["--", "-D", "warnings"])
        .output()
        .context("cannot run `cargo clippy` (install it with `rustup component add clippy`)")?;
    if !clippy.status.success() {
        problems.push(format!(
            "solutions are not clippy-clean:\n{}",
            String::from_utf8_lossy(&clippy.stderr)
        ));
    }
    Ok(problems)
}

/// Counts of `//~ TODO:` markers and solution regions in every source file below `src`.
fn source_markers(src: &Path) -> Result<(usize, usize)> {
    let mut totals = (0, 0);
    for path in files_with_extension(src, "rs")? {
        let text =
            fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let (todos, regions) = stub::marker_counts(&text);
        totals = (totals.0 + todos, totals.1 + regions);
    }
    Ok(totals)
}

/// All the book's Markdown, concatenated, to look for links in.
fn book_markdown(book: &Path) -> Result<String> {
    let mut text = String::new();
    for path in files_with_extension(book, "md")? {
        text.push_str(
            &fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?,
        );
        text.push('\n');
    }
    Ok(text)
}

fn files_with_extension(dir: &Path, extension: &str) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry
                .with_context(|| format!("cannot list {}", dir.display()))?
                .path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == extension) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// A course of one exercise whose crate depends on `workspace/dep`,
    /// which keeps `solved` and `Rules::solve` behind its `reference`
    /// feature; `dependency` is the exercise's line for it.
    fn course_with_a_solved_dependency(dependency: &str, reference: &str) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        write(
            &root.path().join("workspace/dep/Cargo.toml"),
            "[package]\nname = \"dep\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
             [features]\ndefault = [\"reference\"]\nreference = []\n",
        );
        write(
            &root.path().join("workspace/dep/src/lib.rs"),
            "pub struct Rules;\n\
             impl Rules { pub fn new() -> Rules { Rules } }\n\
             #[cfg(feature = \"reference\")]\n\
             impl Rules { pub fn solve(&self) {} }\n\
             #[cfg(feature = \"reference\")]\n\
             pub fn solved() {}\n",
        );
        let exercise = root.path().join("solutions/ch01/ch01-x");
        write(
            &exercise.join("Cargo.toml"),
            &format!(
                "[package]\nname = \"ch01-x\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\n{dependency}\n"
            ),
        );
        write(
            &exercise.join("exercise.toml"),
            &format!("title = \"X\"\norder = 1\nhints = [\"a\", \"b\"]\nreference = {reference}\n"),
        );
        write(&exercise.join("src/lib.rs"), "pub fn answer() {}\n");
        root
    }

    fn out_of_reach_problems(dependency: &str, reference: &str) -> (Vec<String>, Vec<String>) {
        let root = course_with_a_solved_dependency(dependency, reference);
        let catalog = Catalog::load(root.path(), Side::Solution).unwrap();
        let target = root.path().join("target");
        (
            check_out_of_reach(&catalog.exercises[0], &target).unwrap(),
            check_reference_paths(root.path(), &catalog.exercises, &target).unwrap(),
        )
    }

    const SOLVED: &str = r#"["dep::solved", "dep::Rules::solve"]"#;

    #[test]
    fn a_dependency_without_its_reference_feature_hides_the_solution() {
        let (problems, control) = out_of_reach_problems(
            r#"dep = { path = "../../../workspace/dep", default-features = false }"#,
            SOLVED,
        );
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(control, Vec::<String>::new(), "both functions exist");
    }

    #[test]
    fn a_dependency_that_exposes_the_solution_is_a_problem() {
        let (problems, _) =
            out_of_reach_problems(r#"dep = { path = "../../../workspace/dep" }"#, SOLVED);
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(
            problems[0].starts_with("ch01-x: its crate can call `dep::solved`"),
            "{}",
            problems[0]
        );
        assert!(
            problems[1].contains("`dep::Rules::solve`"),
            "{}",
            problems[1]
        );
    }

    #[test]
    fn a_reference_that_names_nothing_is_a_problem() {
        let (problems, control) = out_of_reach_problems(
            r#"dep = { path = "../../../workspace/dep", default-features = false }"#,
            r#"["dep::solvd"]"#,
        );
        assert_eq!(problems, Vec::<String>::new(), "out of reach, trivially");
        assert_eq!(control.len(), 1, "{control:#?}");
        assert!(
            control[0].contains("`dep::solvd`, listed under `reference`, names no function"),
            "{}",
            control[0]
        );
    }

    const WORKFLOW: &str = "
      - name: ch01-a
        with:
          command: cargo course check ch01-a --json
          max-score: 9
      - name: ch01-b
        with:
          command: cargo course check ch01-b --json
          max-score: 3
";

    #[test]
    fn only_the_last_hint_may_show_code() {
        let hints = |texts: &[&str]| texts.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        assert_eq!(
            check_hints_graduated("x", &hints(&["nudge", "approach", "```rust\nf()\n```"])),
            Vec::<String>::new()
        );
        assert_eq!(
            check_hints_graduated("x", &hints(&["nudge", "```rust\nf()\n```", "code"])),
            ["x: hint 2 of 3 has a code block; code belongs in the last hint only"]
        );
    }

    #[test]
    fn every_exercise_needs_a_classroom_step_with_its_full_score() {
        assert_eq!(check_classroom_step(WORKFLOW, "ch01-a", 9), None);
        assert_eq!(
            check_classroom_step(WORKFLOW, "ch01-a", 3),
            Some(format!(
                "ch01-a: its step in {CLASSROOM_WORKFLOW} should say `max-score: 3`"
            ))
        );
        assert!(
            check_classroom_step(WORKFLOW, "ch01-c", 1)
                .unwrap()
                .contains("has no step running `cargo course check ch01-c --json`")
        );
    }
}
