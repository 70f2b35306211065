//! Generates a large, realistic standard system for benchmarks:
//! `cargo run --release --example gen_system -- N DIR` (see `generate.rs`).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;

mod generate;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(n), Some(dir)) = (
        args.get(1).and_then(|s| s.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: gen_system N DIR");
        std::process::exit(2);
    };
    let dir = PathBuf::from(dir);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("remove old system");
    }
    generate::generate(n, &dir);
    eprintln!("generated {n} standards in {}", dir.display());
}
