//! The `stdkit` binary: parses arguments and hands over to `cli`.

use std::process::ExitCode;

mod cli;

/// mimalloc instead of glibc's allocator: loading and rendering allocate from every core at
/// once, and glibc's arenas serialise them (measured in BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::main()
}
