//! The chapter's opening program on python3: two threads append one object
//! to one list, and its count is right, because of the GIL. The run is
//! compared with `programs/two_threads_append.out`, which the chapter
//! shows; without python3 the test says so and passes.
#![cfg(not(any(loom, miri)))]

use std::path::PathBuf;
use std::process::Command;

#[test]
fn two_python_threads_append_and_no_reference_is_lost() {
    let programs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("programs");
    let output = match Command::new("python3")
        .arg(programs.join("two_threads_append.py"))
        .output()
    {
        Ok(output) => output,
        Err(error) => {
            eprintln!("python3 is not available ({error}): skipped");
            return;
        }
    };
    assert!(
        output.status.success(),
        "python3 failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let expected = std::fs::read_to_string(programs.join("two_threads_append.out")).unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
}
