//! The `minipy` command. See [`minipy::cli`].
//!
//! The binary's allocator is chapter 7's: the system allocator until a
//! stage that uses pymalloc switches it on (see [`minipy::stage::allocator`]).

use ch07_pymalloc::{KeepArenas, StageAllocator};
use clap::Parser;

#[global_allocator]
static ALLOCATOR: StageAllocator<KeepArenas> = StageAllocator::new(KeepArenas);

fn main() {
    minipy::stage::allocator::install(&ALLOCATOR);
    let cli = minipy::cli::Cli::parse();
    match minipy::cli::main(cli) {
        Ok(code) => std::process::exit(code),
        Err(error) => {
            eprintln!("minipy: {error:#}");
            std::process::exit(2);
        }
    }
}
