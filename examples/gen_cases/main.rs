//! Generates case (办件) and 好差评 exports (docs/compliance.md Part 2), deterministically
//! (a fixed-seed splitmix64):
//!
//! - `cargo run --release --example gen_cases -- bench N DIR`: a minimal system of about 50
//!   item procedures with a UTF-8 CSV of N cases and about N/2 evaluations, for the benchmarks
//!   (see `bench.rs`);
//! - `cargo run --example gen_cases -- default standards`: the 2026 export of the default
//!   system's items, GB18030 CSV and XLSX, into `standards/records/cases/` (see `default.rs`).
//!
//! Personal-looking columns are never real: masked names (张**, 测试用户0001) and, in the
//! bench data only, ID-like strings of a region that does not exist with a wrong check digit.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;

mod bench;
mod common;
mod default;

const USAGE: &str = "usage: gen_cases bench N DIR | gen_cases default ROOT";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["bench", n, dir] => {
            let Ok(n) = n.parse::<usize>() else {
                eprintln!("{USAGE}");
                std::process::exit(2);
            };
            let dir = PathBuf::from(dir);
            if dir.exists() {
                std::fs::remove_dir_all(&dir).expect("remove the old system");
            }
            bench::run(n, &dir);
        }
        ["default", root] => default::run(&PathBuf::from(root)),
        _ => {
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    }
}
