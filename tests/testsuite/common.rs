//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn stdkit() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("stdkit").unwrap()
}

pub fn standards() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("standards")
}

/// Writes `files` (path, text) into a new temporary folder.
pub fn system(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

// The two functions below are the only places the tests use the library's rule registry and
// its check engine; the corpus runner (tests/corpus/) includes this file too.

/// The rule catalogue: (code, catalogued severity `"error"` or `"warning"`), in catalogue order.
pub fn catalogue() -> Vec<(&'static str, &'static str)> {
    stdkit::diag::codes::ALL
        .iter()
        .map(|r| (r.code, r.severity.as_str()))
        .collect()
}

/// Loads a system with the library.
pub fn load(dir: &Path) -> stdkit::system::System {
    let root = stdkit::system::Root::find(Some(dir)).unwrap();
    stdkit::check::run(root, &stdkit::load::Options::default()).unwrap()
}

/// Copies a folder (without `build/`).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            if e.file_name() != "build" {
                copy_dir(&e.path(), &target);
            }
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Every file below `dir`, sorted.
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Every `*.yaml` file below `dir`, sorted.
/// The standard files of a system: its YAML files but `stdkit.yaml`, the catalogues and the
/// records of the compliance half.
#[allow(dead_code)]
pub fn standard_files(dir: &Path) -> Vec<PathBuf> {
    yaml_files(dir)
        .into_iter()
        .filter(|p| {
            let rel = p.strip_prefix(dir).unwrap();
            !(rel == Path::new("stdkit.yaml")
                || rel.starts_with("catalogue")
                || rel.starts_with("records"))
        })
        .collect()
}

pub fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    files_below(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect()
}
