//! Generates a large, realistic standard system for benchmarks:
//! `cargo run --release --example gen_system -- N DIR [MISSES [RECORDS]]` (see `generate.rs`);
//! MISSES standards also cite a standard that does not exist (for the "did you mean"
//! benchmark); RECORDS implementation records switch the compliance half on.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;

mod generate;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(n), Some(dir)) = (
        args.get(1).and_then(|s| s.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: gen_system N DIR [MISSES [RECORDS]]");
        std::process::exit(2);
    };
    let records = match args.get(4).map(|s| s.parse::<usize>()) {
        None => 0,
        Some(Ok(r)) => r,
        Some(Err(_)) => {
            eprintln!("usage: gen_system N DIR [MISSES [RECORDS]]");
            std::process::exit(2);
        }
    };
    let misses = match args.get(3).map(|s| s.parse::<usize>()) {
        None => 0,
        Some(Ok(m)) => m,
        Some(Err(_)) => {
            eprintln!("usage: gen_system N DIR [MISSES [RECORDS]]");
            std::process::exit(2);
        }
    };
    let dir = PathBuf::from(dir);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("remove old system");
    }
    generate::generate_full(n, &dir, misses, records);
    eprintln!(
        "generated {n} standards and {records} records in {}",
        dir.display()
    );
}
