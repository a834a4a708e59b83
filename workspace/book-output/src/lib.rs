//! The check that keeps the book's printed output true.
//!
//! The book shows what the course's code prints by including files from the
//! crates' `book-output/` directories, and every one of those files is
//! produced by a test: the test runs the code, then hands what it printed
//! to [`check`], which compares it with the file. So a change that alters
//! the output fails the test until the file is rewritten, and the book can
//! never show output the code no longer produces. After an intended change,
//! rerun the test with `UPDATE_BOOK_OUTPUT=1` to rewrite the files, and
//! review the diff.
//!
//! The crates take this one as a dev-dependency, and call it from their
//! tests with their own directory:
//!
//! ```no_run
//! book_output::check(env!("CARGO_MANIFEST_DIR"), "two_names.txt", "a -> #0\n");
//! ```

use std::path::Path;

/// The environment variable that makes [`check`] rewrite the files instead
/// of comparing them.
const UPDATE: &str = "UPDATE_BOOK_OUTPUT";

/// Compares `actual` with `<manifest_dir>/book-output/<name>`, the file the
/// book includes, and panics with both texts if they differ; with
/// `UPDATE_BOOK_OUTPUT` set, writes `actual` to the file instead (creating
/// the directory if need be).
///
/// `manifest_dir` is the calling crate's directory:
/// `env!("CARGO_MANIFEST_DIR")`.
pub fn check(manifest_dir: &str, name: &str, actual: &str) {
    // Miri isolates the program from the file system, so nothing can be
    // read or written under it: the test's steps still run (and Miri checks
    // them), only the comparison is left out.
    if cfg!(miri) {
        return;
    }
    let path = Path::new(manifest_dir).join("book-output").join(name);
    compare_or_update(&path, actual, std::env::var_os(UPDATE).is_some());
}

fn compare_or_update(path: &Path, actual: &str, update: bool) {
    if update {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .unwrap_or_else(|error| panic!("create {}: {error}", dir.display()));
        }
        std::fs::write(path, actual)
            .unwrap_or_else(|error| panic!("write {}: {error}", path.display()));
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|error| {
        panic!(
            "read {}: {error}; write it with {UPDATE}=1 and review it.",
            path.display()
        )
    });
    assert!(
        actual == expected,
        "{} is out of date; rerun with {UPDATE}=1 and review the diff.\n\
         --- expected ---\n{expected}--- actual ---\n{actual}",
        path.display()
    );
}

#[cfg(test)]
mod tests {
    use std::panic::catch_unwind;
    use std::path::PathBuf;

    use super::compare_or_update;

    /// A directory of this test's own, removed when it is dropped.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(test: &str) -> Scratch {
            let dir =
                std::env::temp_dir().join(format!("book-output-{test}-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            Scratch(dir)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn message(payload: Box<dyn std::any::Any + Send>) -> String {
        match payload.downcast::<String>() {
            Ok(message) => *message,
            Err(_) => String::new(),
        }
    }

    #[test]
    fn output_equal_to_the_file_passes() {
        let scratch = Scratch::new("equal");
        let path = scratch.0.join("same.txt");
        std::fs::write(&path, "one\ntwo\n").unwrap();
        compare_or_update(&path, "one\ntwo\n", false);
    }

    #[test]
    fn output_that_differs_fails_with_both_texts_and_how_to_rewrite() {
        let scratch = Scratch::new("differs");
        let path = scratch.0.join("old.txt");
        std::fs::write(&path, "old\n").unwrap();
        let report = catch_unwind(|| compare_or_update(&path, "new\n", false))
            .expect_err("a difference fails");
        let report = message(report);
        assert!(
            report.contains("is out of date; rerun with UPDATE_BOOK_OUTPUT=1"),
            "{report}"
        );
        assert!(
            report.ends_with("--- expected ---\nold\n--- actual ---\nnew\n"),
            "{report}"
        );
    }

    #[test]
    fn updating_writes_the_file_and_its_directory() {
        let scratch = Scratch::new("update");
        let path = scratch.0.join("book-output/new.txt");
        compare_or_update(&path, "fresh\n", true);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "fresh\n");
        compare_or_update(&path, "fresh\n", false);
    }

    #[test]
    fn a_missing_file_fails_and_says_how_to_write_it() {
        let scratch = Scratch::new("missing");
        let path = scratch.0.join("none.txt");
        let report = catch_unwind(|| compare_or_update(&path, "text\n", false))
            .expect_err("a missing file fails");
        assert!(message(report).contains("write it with UPDATE_BOOK_OUTPUT=1"));
    }
}
