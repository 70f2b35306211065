//! The invariants of ARCHITECTURE.md that a grep can check: every import among the top-level
//! modules of `src/` runs to a lower layer, the loader knows no rule, rules and outputs do no
//! process I/O, only `git` runs a process, the library never prints, and every rule of the
//! registry is used by name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The layers of ARCHITECTURE.md, lowest first. A module may import only modules of a lower
/// layer (modules of one layer do not know each other).
const LAYERS: &[&[&str]] = &[
    &["text", "number", "output", "files"],
    &["yaml", "tabular"],
    &["diag", "model", "treediff"],
    &["de", "explain", "calendar"],
    &["schema"],
    &["system"],
    &["load", "git"],
    &["index", "count"],
    &["compliance"],
    &["rules"],
    &["check"],
    &["table", "stats", "report", "scaffold", "diff", "ledger"],
    &["handbook", "import", "dossier", "edition"],
    &["serve"],
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file below `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    crate::common::files_below(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect()
}

/// The code of a file without comments and without its unit tests (tests may reach anywhere).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
    text.lines()
        .map(|l| match l.trim_start().starts_with("//") {
            true => "",
            false => l.split(" // ").next().unwrap_or(""),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level module a file of `src/` belongs to (`None` for the crate roots and the CLI).
fn module_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src()).unwrap();
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main" | "cli")).then(|| name.to_string())
}

/// Module → the other top-level modules it names (`crate::x`, `use crate::{x, …}`).
fn imports() -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let known: Vec<String> = rust_files(&src())
        .iter()
        .filter_map(|p| module_of(p))
        .collect();
    for file in rust_files(&src()) {
        let Some(me) = module_of(&file) else { continue };
        let code = code(&file);
        let mut names = Vec::new();
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                names.extend(group.split(',').filter_map(|g| {
                    let n = g.trim().split("::").next()?.trim();
                    Some(n.to_string())
                }));
            } else {
                let n: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_' || c.is_ascii_digit())
                    .collect();
                names.push(n);
            }
        }
        let entry = out.entry(me.clone()).or_default();
        for n in names {
            if n != me && known.contains(&n) && !entry.contains(&n) {
                entry.push(n);
            }
        }
    }
    out
}

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

#[test]
fn every_import_runs_downward() {
    let mut wrong = Vec::new();
    for (module, deps) in imports() {
        let Some(mine) = layer(&module) else {
            wrong.push(format!(
                "`{module}` is in no layer: add it to LAYERS and ARCHITECTURE.md"
            ));
            continue;
        };
        for d in deps {
            match layer(&d) {
                Some(theirs) if theirs < mine => {}
                _ => wrong.push(format!("`{module}` imports `{d}`, which is not below it")),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "layering broken:\n  {}",
        wrong.join("\n  ")
    );
}

/// The layers named here are the layers of ARCHITECTURE.md's table, in the same order.
#[test]
fn architecture_states_the_layers() {
    let arch =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
            .unwrap();
    for (i, l) in LAYERS.iter().enumerate() {
        let row = l
            .iter()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(", ");
        assert!(
            arch.contains(&format!("| {i} | {row} |")),
            "ARCHITECTURE.md lacks the row `| {i} | {row} |`"
        );
    }
}

/// Files of `src/` below `dir` (relative to `src/`) whose code contains `needle`.
fn files_with(dir: &str, needle: &str) -> Vec<String> {
    rust_files(&src().join(dir))
        .into_iter()
        .filter(|p| code(p).contains(needle))
        .map(|p| p.strip_prefix(src()).unwrap().display().to_string())
        .collect()
}

#[test]
fn the_loader_knows_no_rule() {
    for needle in ["crate::rules", "crate::check"] {
        assert_eq!(files_with("load", needle), Vec::<String>::new(), "{needle}");
    }
}

#[test]
fn rules_do_no_io() {
    for needle in [
        "std::fs",
        "std::process",
        "std::env",
        "File::",
        "Command::",
        "std::net",
    ] {
        assert_eq!(
            files_with("rules", needle),
            Vec::<String>::new(),
            "{needle}"
        );
    }
}

#[test]
fn only_git_runs_a_process() {
    let found: Vec<String> = files_with("", "Command::new")
        .into_iter()
        .filter(|f| !f.starts_with("cli/"))
        .collect();
    assert_eq!(found, ["git.rs"], "process spawning outside git.rs");
}

#[test]
fn the_library_never_prints() {
    let mut found = Vec::new();
    for m in ["println!", "eprintln!", "print!(", "eprint!(", "dbg!("] {
        found.extend(
            files_with("", m)
                .into_iter()
                .filter(|f| f != "main.rs" && !f.starts_with("cli/")),
        );
    }
    assert!(found.is_empty(), "printing in the library: {found:?}");
}

/// A finding is made from a registry constant, so each rule is used by name somewhere.
#[test]
fn every_registered_rule_is_used() {
    let mut all = String::new();
    for f in rust_files(&src()) {
        if !f.ends_with("diag/codes.rs") {
            all.push_str(&code(&f));
        }
    }
    let unused: Vec<&str> = stdkit::diag::codes::ALL
        .iter()
        .map(|r| r.code)
        .filter(|c| !all.contains(&format!("codes::{c}")))
        .collect();
    assert!(unused.is_empty(), "registered but never used: {unused:?}");
}
