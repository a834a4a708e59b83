//! The interactive prompt: `minipy` with no file.
//!
//! As in CPython, each expression statement's value is printed and bound to
//! `_` in the builtins — a hidden reference that keeps the last value alive
//! (chapter 9 hunts it down). A block (a line ending in `:`) continues until
//! an empty line.

use std::io::{BufRead, Write};

use crate::{RunOptions, new_vm};

/// Reads programs from `input` until end of file. Returns the exit code.
pub fn run(options: RunOptions, input: &mut dyn BufRead, prompt: bool) -> i32 {
    let mut vm = new_vm(options, Box::new(std::io::stdout()));
    let mut buffer = String::new();
    loop {
        if prompt {
            eprint!("{}", if buffer.is_empty() { ">>> " } else { "... " });
            let _ = std::io::stderr().flush();
        }
        let mut line = String::new();
        match input.read_line(&mut line) {
            Ok(0) | Err(_) => {
                // Ctrl-D leaves the cursor after the prompt: end the line,
                // on the prompt's stream, as CPython's interactive loop does.
                if prompt {
                    eprintln!();
                }
                break;
            }
            Ok(_) => {}
        }
        let continues = !buffer.is_empty();
        buffer.push_str(&line);
        let opens_block = line.trim_end().ends_with(':');
        if (opens_block || continues) && !line.trim().is_empty() {
            continue;
        }
        let source = std::mem::take(&mut buffer);
        if source.trim().is_empty() {
            continue;
        }
        if let Err(text) = vm.run_interactive(&source) {
            vm.flush();
            eprint!("{text}");
        }
        vm.flush();
    }
    if !buffer.trim().is_empty()
        && let Err(text) = vm.run_interactive(&buffer)
    {
        eprint!("{text}");
    }
    vm.shutdown();
    0
}
