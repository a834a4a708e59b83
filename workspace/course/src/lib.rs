//! # `cargo course`: the tool that runs the course
//!
//! One binary behind a cargo alias (`.cargo/config.toml`) so that a fresh
//! clone needs nothing but cargo. It serves three kinds of user:
//!
//! - **readers**: [`book`] builds the book with its diagrams and serves it
//!   on localhost, reloading on every save;
//! - **learners**: [`catalog`] finds the exercises, [`grade`] builds an
//!   exercise and runs its graded tests side by side, each in its own process
//!   under one shared time limit (a compile error, a panic, a stack overflow
//!   or an endless loop is reported as such and grading goes on),
//!   [`progress`] remembers what is done, what broke after passing and which
//!   hints were shown, and [`watch`] re-checks on every save;
//! - **maintainers**: [`stub`] derives each exercise from its solution, and
//!   [`verify`] proves the course honest: every stub fails every graded
//!   test, every solution passes them, and the book links every exercise.
//!
//! [`report`] is the one module that prints to the terminal.

pub mod book;
pub mod catalog;
pub mod grade;
pub mod progress;
pub mod report;
pub mod stub;
pub mod verify;
pub mod watch;

use std::path::PathBuf;

/// The repository's top directory: the one holding `book.toml`.
///
/// The tool is always built from inside the repository it serves, so the
/// location is known at compile time; `COURSE_ROOT` overrides it for tests.
pub fn repository_root() -> PathBuf {
    match std::env::var_os("COURSE_ROOT") {
        Some(root) => PathBuf::from(root),
        // The crate lives at `workspace/course`, two levels below the top.
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .nth(2)
            .map_or_else(|| PathBuf::from("."), PathBuf::from),
    }
}
