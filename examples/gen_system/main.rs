//! Generates a large, realistic standard system for benchmarks:
//! `cargo run --release --example gen_system -- N DIR [MISSES]` (see `generate.rs`); MISSES
//! standards also cite a standard that does not exist (for the "did you mean" benchmark).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;

mod generate;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(n), Some(dir)) = (
        args.get(1).and_then(|s| s.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: gen_system N DIR [MISSES]");
        std::process::exit(2);
    };
    let misses = match args.get(3).map(|s| s.parse::<usize>()) {
        None => 0,
        Some(Ok(m)) => m,
        Some(Err(_)) => {
            eprintln!("usage: gen_system N DIR [MISSES]");
            std::process::exit(2);
        }
    };
    let dir = PathBuf::from(dir);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("remove old system");
    }
    generate::generate_with_misses(n, &dir, misses);
    eprintln!("generated {n} standards in {}", dir.display());
}
