//! The `minipy` command. See [`minipy::cli`].

use clap::Parser;

fn main() {
    let cli = minipy::cli::Cli::parse();
    match minipy::cli::main(cli) {
        Ok(code) => std::process::exit(code),
        Err(error) => {
            eprintln!("minipy: {error:#}");
            std::process::exit(2);
        }
    }
}
