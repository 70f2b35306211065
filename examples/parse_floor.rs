//! The parse floor of the benchmarks: walk the tree and parse every YAML file into a generic
//! value, in parallel (walkdir + rayon + serde_yaml_ng). Nothing a checker does can be faster.
//! `cargo run --release --example parse_floor -- DIR`
#![allow(clippy::print_stdout, clippy::print_stderr)]

use rayon::prelude::*;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: parse_floor DIR");
        std::process::exit(2);
    };
    let files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file()
                && e.path()
                    .extension()
                    .is_some_and(|x| x == "yaml" || x == "yml")
        })
        .map(|e| e.into_path())
        .collect();
    let nodes: usize = files
        .par_iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            match serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&text) {
                Ok(serde_yaml_ng::Value::Mapping(m)) => m.len(),
                _ => 0,
            }
        })
        .sum();
    println!("{} files, {nodes} top-level keys", files.len());
}
