//! The `minipy` command. See [`minipy::cli`].
//!
//! The binary's allocator is chapter 7's: the system allocator until a
//! stage that uses pymalloc switches it on, with chapter 8's policy for
//! what it gives back (see [`minipy::stage::allocator`]).

use ch07_pymalloc::StageAllocator;
use ch08_os_memory::OsPolicy;
use clap::Parser;

#[global_allocator]
static ALLOCATOR: StageAllocator<OsPolicy> = StageAllocator::new(OsPolicy::Keep);

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
