//! `cargo course`: read the book, do the exercises, check the course.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use course::catalog::{Catalog, Side};
use course::progress::Progress;
use course::{book, grade, report, stub, verify, watch};

/// The book, the exercises and their grading.
///
/// With no command: shows your progress, then serves the book and opens it.
#[derive(Parser)]
#[command(name = "cargo course", bin_name = "cargo course", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// List every exercise with your progress and the next one to do.
    List,
    /// Grade your code: all exercises, one chapter (`ch01`) or one exercise.
    Check {
        /// An exercise id (`ch01-census`) or a chapter (`ch01`).
        target: Option<String>,
        /// Print the results as JSON (for autograders).
        #[arg(long)]
        json: bool,
    },
    /// Check the current exercise every time you save; move on when it passes.
    Watch {
        /// Check when you press Enter instead of watching files.
        #[arg(long)]
        manual: bool,
    },
    /// Show the next hint for an exercise (the current one unless you name one).
    Hint {
        /// The exercise id; without it, the first exercise that does not pass yet.
        exercise: Option<String>,
    },
    /// Show the reference solution (once your exercise passes, or with --force).
    Solution {
        /// The exercise id.
        exercise: String,
        /// Show it even though your exercise does not pass yet.
        #[arg(long)]
        force: bool,
    },
    /// Put an exercise back as it was shipped (your changes to it are lost).
    Reset {
        /// The exercise id.
        exercise: String,
        /// Do not ask for confirmation (needed when not run from a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Build the book (into target/book), and optionally serve it.
    Book {
        /// Serve it on localhost and rebuild on every change.
        #[arg(long)]
        serve: bool,
        /// Open it in your browser (implies --serve).
        #[arg(long)]
        open: bool,
        /// The port to serve on.
        #[arg(long, default_value_t = DEFAULT_PORT)]
        port: u16,
    },
    /// For maintainers: write every exercise stub from its solution.
    Generate,
    /// For maintainers: check that the course is sound (stubs fail, solutions pass, ...).
    Verify,
}

/// Where the book is served unless `--port` says otherwise.
const DEFAULT_PORT: u16 = 3000;

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let root = course::repository_root();
    let target_dir = target_dir(&root);
    let Some(command) = cli.command else {
        let catalog = Catalog::load(&root, Side::Exercise)?;
        print!("{}", report::list(&catalog, &Progress::load(&root)?));
        println!("Work on the next exercise with `cargo course watch` in another terminal.\n");
        book::serve(&root, DEFAULT_PORT, true)?;
        return Ok(ExitCode::SUCCESS);
    };
    match command {
        Command::List => {
            let catalog = Catalog::load(&root, Side::Exercise)?;
            print!("{}", report::list(&catalog, &Progress::load(&root)?));
        }
        Command::Check { target, json } => {
            return check(&root, &target_dir, target.as_deref(), json);
        }
        Command::Watch { manual } => watch::watch(&root, &target_dir, manual)?,
        Command::Hint { exercise } => hint(&root, exercise.as_deref())?,
        Command::Solution { exercise, force } => solution(&root, &exercise, force)?,
        Command::Reset { exercise, yes } => reset(&root, &exercise, yes)?,
        Command::Book { serve, open, port } => {
            if serve || open {
                book::serve(&root, port, open)?;
            } else {
                let site = book::build(&root)?;
                let broken = book::broken_links(&site)?;
                if !broken.is_empty() {
                    for link in &broken {
                        eprintln!("broken link: {link}");
                    }
                    bail!("the book has {} broken link(s)", broken.len());
                }
                println!(
                    "Built the book in {}; open {}",
                    site.display(),
                    site.join("index.html").display()
                );
            }
        }
        Command::Generate => {
            for exercise in Catalog::load(&root, Side::Solution)?.exercises {
                stub::write_exercise(&exercise)?;
                println!("generated {}", exercise.display_dir(Side::Exercise));
            }
        }
        Command::Verify => {
            let problems = verify::verify(&root, &target_dir, &mut |step| eprintln!("{step}"))?;
            if !problems.is_empty() {
                for problem in &problems {
                    eprintln!("problem: {problem}");
                }
                eprintln!("verify: {} problem(s)", problems.len());
                return Ok(ExitCode::FAILURE);
            }
            eprintln!("verify: the course is sound");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Grades the selected exercises, prints the report, records progress.
/// Exits 0 only if every selected exercise passes.
fn check(root: &Path, target_dir: &Path, target: Option<&str>, json: bool) -> Result<ExitCode> {
    let catalog = Catalog::load(root, Side::Exercise)?;
    let mut progress = Progress::load(root)?;
    let mut grades = Vec::new();
    for exercise in catalog.select(target)? {
        if !json {
            eprintln!("Checking {}...", exercise.id);
        }
        let grade = grade::grade(exercise, Side::Exercise, target_dir)?;
        let broke = progress.done.contains(&exercise.id) && !grade.passed();
        if !json {
            println!("{}", report::grade(exercise, &grade));
            if broke {
                println!("{}", report::broken(exercise));
            }
        }
        progress.record(&exercise.id, grade.passed());
        grades.push(grade);
    }
    progress.save(root)?;
    if json {
        let score: u32 = grades.iter().map(|g| g.score).sum();
        let max_score: u32 = grades.iter().map(|g| g.max_score).sum();
        let document =
            serde_json::json!({ "exercises": grades, "score": score, "max_score": max_score });
        println!("{}", serde_json::to_string_pretty(&document)?);
    } else if grades.len() > 1 {
        print!("{}", report::total(&grades));
    }
    let all_passed = grades.iter().all(grade::Grade::passed);
    Ok(if all_passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Shows the next hint of the exercise named, or of the current one.
fn hint(root: &Path, id: Option<&str>) -> Result<()> {
    let catalog = Catalog::load(root, Side::Exercise)?;
    let mut progress = Progress::load(root)?;
    let exercise = match id {
        Some(id) => catalog.get(id)?,
        None => match report::next_exercise(&catalog, &progress) {
            Some(exercise) => exercise,
            None => {
                bail!("every exercise passes; name one to see its hints: `cargo course hint ID`")
            }
        },
    };
    if exercise.hints.is_empty() {
        bail!("{} has no hints", exercise.id);
    }
    let index = progress.next_hint(&exercise.id, exercise.hints.len());
    progress.save(root)?;
    print!("{}", report::hint(exercise, index));
    Ok(())
}

/// Prints the solution's source files without the markers that make the
/// stub from them.
fn solution(root: &Path, id: &str, force: bool) -> Result<()> {
    let catalog = Catalog::load(root, Side::Exercise)?;
    let exercise = catalog.get(id)?;
    if !force && !Progress::load(root)?.ever_passed(&exercise.id) {
        bail!(
            "{id} does not pass yet. Try `cargo course hint {id}` first, or use --force to see the solution anyway."
        );
    }
    let shown = exercise.display_dir(Side::Solution);
    if !exercise.dir(Side::Solution).is_dir() {
        bail!("the solution is not in this copy of the course ({shown} is missing)");
    }
    for (relative, text) in stub::solution_files(exercise)? {
        println!("// {shown}/{}\n{text}", relative.display());
    }
    Ok(())
}

/// Puts an exercise back as shipped, after asking (or with `--yes`).
fn reset(root: &Path, id: &str, yes: bool) -> Result<()> {
    let catalog = Catalog::load(root, Side::Exercise)?;
    let exercise = catalog.get(id)?;
    let shown = exercise.display_dir(Side::Exercise);
    if !yes {
        // Without a terminal nobody can answer: reading would take whatever
        // stdin holds (or nothing) as the answer.
        if !std::io::stdin().is_terminal() {
            bail!(
                "`reset` replaces {shown} and asks first, but there is no terminal to answer on: nothing was reset. Pass --yes to reset without asking: `cargo course reset {id} --yes`"
            );
        }
        eprintln!(
            "This replaces {shown} with the stub as shipped; your changes to it are lost. Type `yes` to go on:"
        );
        let mut answer = String::new();
        std::io::stdin()
            .read_line(&mut answer)
            .context("cannot read the answer")?;
        if answer.trim() != "yes" {
            bail!("nothing was reset");
        }
    }
    stub::write_exercise(exercise)?;
    let mut progress = Progress::load(root)?;
    progress.reset(&exercise.id);
    progress.save(root)?;
    println!("{shown} is as shipped again; its hints start again from the first.");
    Ok(())
}

/// The one build directory the course shares with the workspace.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}
