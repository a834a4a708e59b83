//! `cargo course watch`: check the current exercise on every save, and move
//! on to the next one when it passes.
//!
//! Where the file system cannot be watched (some network and container file
//! systems), `--manual` (or an automatic fallback) checks when you press Enter.

use std::io::BufRead;
use std::path::Path;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use anyhow::Result;
use notify::{RecursiveMode, Watcher};

use crate::catalog::{Catalog, Exercise, Side};
use crate::progress::Progress;
use crate::{grade, report};

/// What wakes the loop up.
enum Event {
    /// A file of the exercise changed.
    Saved,
    /// A line typed by the learner.
    Typed(String),
    /// Standard input closed.
    InputClosed,
}

const KEYS: &str = "Enter: check now · h: hint · l: list · q: quit";

/// Runs the watch loop until every exercise passes or the learner quits.
pub fn watch(root: &Path, target_dir: &Path, manual: bool) -> Result<()> {
    let (sender, events) = mpsc::channel();
    spawn_keyboard(sender.clone());
    loop {
        let catalog = Catalog::load(root, Side::Exercise)?;
        let mut progress = Progress::load(root)?;
        let Some(exercise) = report::next_exercise(&catalog, &progress).cloned() else {
            println!("{}", report::list(&catalog, &progress));
            return Ok(());
        };
        let passed = check(root, target_dir, &exercise, &mut progress)?;
        if passed {
            println!("{} passes. On to the next one!\n", exercise.id);
            continue;
        }
        let _watcher = if manual {
            None
        } else {
            watch_exercise(&exercise, sender.clone())
        };
        println!("{KEYS}");
        loop {
            match events.recv() {
                Ok(Event::Saved) => {
                    // Editors save in bursts: wait for the burst to end.
                    while let Ok(Event::Saved) = events.recv_timeout(Duration::from_millis(200)) {}
                    break;
                }
                Ok(Event::Typed(line)) => match line.trim() {
                    "" => break,
                    "q" => return Ok(()),
                    "h" => {
                        let index = progress.next_hint(&exercise.id, exercise.hints.len());
                        progress.save(root)?;
                        println!("{}", report::hint(&exercise, index));
                    }
                    "l" => println!("{}", report::list(&catalog, &progress)),
                    other => println!("unknown key `{other}`. {KEYS}"),
                },
                Ok(Event::InputClosed) | Err(_) if manual => return Ok(()),
                Ok(Event::InputClosed) | Err(_) => {}
            }
        }
    }
}

/// Grades one exercise, prints the report, records the result.
fn check(
    root: &Path,
    target_dir: &Path,
    exercise: &Exercise,
    progress: &mut Progress,
) -> Result<bool> {
    println!("Checking {}...", exercise.id);
    let grade = grade::grade(exercise, Side::Exercise, target_dir)?;
    println!("{}", report::grade(exercise, &grade));
    progress.record(&exercise.id, grade.passed());
    progress.save(root)?;
    Ok(grade.passed())
}

/// Starts watching the exercise's files; `None` (after saying so) if the file
/// system does not allow it, which leaves the learner with the Enter key.
fn watch_exercise(
    exercise: &Exercise,
    sender: mpsc::Sender<Event>,
) -> Option<notify::RecommendedWatcher> {
    let on_change = move |event: notify::Result<notify::Event>| {
        let is_source = event.is_ok_and(|event| event.kind.is_modify() || event.kind.is_create());
        if is_source {
            let _ = sender.send(Event::Saved);
        }
    };
    let watched = notify::recommended_watcher(on_change).and_then(|mut watcher| {
        watcher.watch(
            &exercise.dir(Side::Exercise).join("src"),
            RecursiveMode::Recursive,
        )?;
        Ok(watcher)
    });
    match watched {
        Ok(watcher) => {
            println!(
                "Watching {}/src for changes.",
                exercise.display_dir(Side::Exercise)
            );
            Some(watcher)
        }
        Err(error) => {
            println!("Cannot watch files here ({error}); press Enter to check instead.");
            None
        }
    }
}

fn spawn_keyboard(sender: mpsc::Sender<Event>) {
    thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if sender.send(Event::Typed(line)).is_err() {
                return;
            }
        }
        let _ = sender.send(Event::InputClosed);
    });
}
