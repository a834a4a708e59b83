//! What the tests share: comparing output with the files the book includes.
#![allow(dead_code)] // each test file uses part of it

use std::path::PathBuf;

/// Compares `actual` with `book-output/<name>`, the file chapter 10
/// includes; with `UPDATE_BOOK_OUTPUT=1`, rewrites the file instead. Miri
/// has no file system: under it, the steps run and the comparison is left out.
pub fn check_book_output(name: &str, actual: &str) {
    if cfg!(miri) {
        return;
    }
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("book-output")
        .join(name);
    if std::env::var_os("UPDATE_BOOK_OUTPUT").is_some() {
        std::fs::write(&path, actual).expect("write book output");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("read {}: {error}", path.display()));
    assert!(
        actual == expected,
        "{} is out of date (rewrite it with UPDATE_BOOK_OUTPUT=1).\n--- expected ---\n{expected}--- actual ---\n{actual}",
        path.display()
    );
}

/// The message of a caught panic.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else if let Some(message) = payload.downcast_ref::<&str>() {
        message.to_string()
    } else {
        "(a panic without a message)".to_string()
    }
}
