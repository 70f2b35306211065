//! The `stdkit` binary: parses arguments and hands over to `cli`.

use std::process::ExitCode;

mod cli;

fn main() -> ExitCode {
    cli::main()
}
