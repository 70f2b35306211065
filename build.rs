//! Embeds the rule explanations (`explain/<lang>/<CODE>.md`) into the binary.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fmt::Write;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=explain");
    let mut out = String::from(
        "/// (code, English, Chinese) for every explained rule.\npub static TEXTS: &[(&str, &str, &str)] = &[\n",
    );
    let mut codes: Vec<String> = std::fs::read_dir("explain/en")
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter_map(|e| {
                    e.file_name()
                        .to_str()
                        .and_then(|n| n.strip_suffix(".md"))
                        .map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    codes.sort();
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    for code in codes {
        let en = Path::new(&root).join(format!("explain/en/{code}.md"));
        let zh = Path::new(&root).join(format!("explain/zh/{code}.md"));
        if !zh.exists() {
            continue;
        }
        let _ = writeln!(
            out,
            "    ({code:?}, include_str!({:?}), include_str!({:?})),",
            en.display().to_string(),
            zh.display().to_string()
        );
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("explain.rs");
    std::fs::write(dest, out).expect("write explain.rs");
}
