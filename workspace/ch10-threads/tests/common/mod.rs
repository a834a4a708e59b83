//! What the tests share: comparing output with the files the book includes.
#![allow(dead_code)] // each test file uses part of it

/// Compares `actual` with `book-output/<name>`, which the book includes (see
/// the `book-output` crate; `UPDATE_BOOK_OUTPUT=1` rewrites the file).
pub fn check_book_output(name: &str, actual: &str) {
    book_output::check(env!("CARGO_MANIFEST_DIR"), name, actual);
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
