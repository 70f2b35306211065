//! The `stdkit` binary: parses arguments and hands over to `cli`.

// The binary is where output is written (the library is denied printing in Cargo.toml).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;

mod cli;

/// mimalloc instead of glibc's allocator: loading and rendering allocate from every core at
/// once, and glibc's arenas serialise them (measured in BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // An internal error is exit 2 (docs/cli.md), a panic included: CI tells "could not run" apart
    // from "the documents have errors". The panic message is still printed by the hook.
    std::panic::catch_unwind(cli::main).unwrap_or_else(|_| {
        eprintln!("error: internal error (a bug in stdkit); please report it with the input that caused it");
        ExitCode::from(2)
    })
}
