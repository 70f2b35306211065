//! Rule fixtures: one folder per rule code under `tests/fixtures/rules/<CODE>/`, each an overlay
//! on the clean system `tests/fixtures/base/` that makes the base trigger that rule.
//!
//! An overlay folder holds files at paths relative to the system root:
//! - `<path>`: a new file, or the replacement of a base file;
//! - `<path>.delete`: deletes the base file `<path>` (its content is ignored);
//! - `<path>.latin1`: writes `<path>` as Latin-1 (every character below U+0100 becomes one byte),
//!   so a file that is not valid UTF-8 (S005) need not be committed as such;
//! - `<path>.pad`: writes `<path>` with the content followed by comment lines until the file
//!   exceeds the 4 MiB size limit (S006), so no big file is committed;
//! - `expect.txt`: the expected findings, one a line: `CODE path:line:col [error|warning]`
//!   (path relative to the system root; severity defaults to the rule's catalogued one; `#`
//!   starts a comment). A line `!CODE path:line` says that no `CODE` finding may be on that
//!   line (text written to look like a false positive).
//!
//! Each case copies the base into a temporary folder, applies the overlay, runs
//! `stdkit check . --format json` there and asserts that every expected finding is reported
//! at exactly that place with that severity, and that the exit status is 1 when an error is
//! expected, else 0. Rules of group H need git history and have no fixture here.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The size limit of `stdkit check` (S006), for `.pad` files.
const SIZE_LIMIT: usize = 4 * 1024 * 1024;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every file below `dir`, as paths relative to it, sorted.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push(p.strip_prefix(base).unwrap().to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out
}

fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Copies the base system into a fresh temporary folder (its name is not hidden, so the
/// walker reads it) and applies `overlay`, if any.
fn prepare(overlay: Option<&Path>) -> tempfile::TempDir {
    let tmp = tempfile::Builder::new()
        .prefix("stdkit-rules-")
        .tempdir()
        .unwrap();
    let base = fixtures().join("base");
    for rel in files_below(&base) {
        write(
            &tmp.path().join(&rel),
            &std::fs::read(base.join(&rel)).unwrap(),
        );
    }
    let Some(overlay) = overlay else { return tmp };
    for rel in files_below(overlay) {
        if rel == Path::new("expect.txt") {
            continue;
        }
        let src = overlay.join(&rel);
        let name = rel.to_string_lossy().replace('\\', "/");
        if let Some(target) = name.strip_suffix(".delete") {
            let target = tmp.path().join(target);
            assert!(
                target.is_file(),
                "{}: no base file {} to delete",
                overlay.display(),
                target.display()
            );
            std::fs::remove_file(target).unwrap();
        } else if let Some(target) = name.strip_suffix(".latin1") {
            let text = std::fs::read_to_string(&src).unwrap();
            let bytes: Vec<u8> = text
                .chars()
                .map(|c| {
                    u8::try_from(u32::from(c))
                        .unwrap_or_else(|_| panic!("{}: `{c}` is not Latin-1", src.display()))
                })
                .collect();
            write(&tmp.path().join(target), &bytes);
        } else if let Some(target) = name.strip_suffix(".pad") {
            let mut bytes = std::fs::read(&src).unwrap();
            let line = format!("#{}\n", " ".repeat(1023));
            while bytes.len() <= SIZE_LIMIT {
                bytes.extend_from_slice(line.as_bytes());
            }
            write(&tmp.path().join(target), &bytes);
        } else {
            write(&tmp.path().join(&rel), &std::fs::read(&src).unwrap());
        }
    }
    tmp
}

/// One expected finding.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Expected {
    code: String,
    file: String,
    line: u64,
    column: u64,
    severity: String,
}

fn default_severity(code: &str) -> String {
    let rule = stdkit::rules::catalog::RULES
        .iter()
        .find(|r| r.code == code)
        .unwrap_or_else(|| panic!("`{code}` is not in the rule catalogue"));
    rule.severity.as_str().to_string()
}

/// A line on which a code must not be reported.
#[derive(Clone, Debug)]
struct Forbidden {
    code: String,
    file: String,
    line: u64,
}

fn parse_expect(path: &Path) -> (Vec<Expected>, Vec<Forbidden>) {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut out = Vec::new();
    let mut forbidden = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap().trim();
        if line.is_empty() {
            continue;
        }
        let bad = || {
            panic!(
                "{}:{}: expected `CODE path:line:col [severity]` or `!CODE path:line`, found `{line}`",
                path.display(),
                n + 1
            )
        };
        if let Some(rest) = line.strip_prefix('!') {
            let mut words = rest.split_whitespace();
            let (Some(code), Some(place), None) = (words.next(), words.next(), words.next()) else {
                bad()
            };
            let Some((file, line_no)) = place.rsplit_once(':') else {
                bad()
            };
            let Ok(line_no) = line_no.parse() else { bad() };
            forbidden.push(Forbidden {
                code: code.into(),
                file: file.into(),
                line: line_no,
            });
            continue;
        }
        let mut words = line.split_whitespace();
        let (Some(code), Some(place)) = (words.next(), words.next()) else {
            bad()
        };
        let mut parts = place.rsplitn(3, ':');
        let (Some(column), Some(line_no), Some(file)) = (parts.next(), parts.next(), parts.next())
        else {
            bad()
        };
        let (Ok(line_no), Ok(column)) = (line_no.parse(), column.parse()) else {
            bad()
        };
        let severity = words
            .next()
            .map_or_else(|| default_severity(code), str::to_string);
        if !matches!(severity.as_str(), "error" | "warning") || words.next().is_some() {
            bad();
        }
        out.push(Expected {
            code: code.into(),
            file: file.into(),
            line: line_no,
            column,
            severity,
        });
    }
    assert!(!out.is_empty(), "{}: no expected finding", path.display());
    (out, forbidden)
}

/// Runs `stdkit check . --format json` in `dir`: the exit status and the diagnostics.
fn check(dir: &Path) -> (i32, Vec<Value>) {
    let output = Command::cargo_bin("stdkit")
        .unwrap()
        .current_dir(dir)
        .args(["check", ".", "--format", "json"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let json: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}); status {:?}\nstdout:\n{stdout}\nstderr:\n{}",
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let diags = json["diagnostics"].as_array().cloned().unwrap_or_default();
    (output.status.code().unwrap_or(-1), diags)
}

fn show(d: &Value) -> String {
    format!(
        "{} {}:{}:{} {} — {}",
        d["code"].as_str().unwrap_or("?"),
        d["file"].as_str().unwrap_or("?"),
        d["line"],
        d["column"],
        d["severity"].as_str().unwrap_or("?"),
        d["message"].as_str().unwrap_or("")
    )
}

/// Runs the fixture of one rule code; panics with a message naming the case on failure.
fn run_case(code: &str) {
    let dir = fixtures().join("rules").join(code);
    assert!(
        dir.is_dir(),
        "case {code}: no fixture folder {}",
        dir.display()
    );
    let (expected, forbidden) = parse_expect(&dir.join("expect.txt"));
    for c in expected
        .iter()
        .map(|e| &e.code)
        .chain(forbidden.iter().map(|f| &f.code))
    {
        assert_eq!(c, code, "case {code}: expect.txt names another rule ({c})");
    }
    let tmp = prepare(Some(&dir));
    let (status, diags) = check(tmp.path());
    let mut problems = String::new();
    for e in &expected {
        let at = |d: &&Value| {
            d["code"] == e.code.as_str()
                && d["file"] == e.file.as_str()
                && d["line"].as_u64() == Some(e.line)
                && d["column"].as_u64() == Some(e.column)
        };
        match diags.iter().find(at) {
            None => writeln!(
                problems,
                "  missing: {} {}:{}:{} ({})",
                e.code, e.file, e.line, e.column, e.severity
            )
            .unwrap(),
            Some(d) if d["severity"] != e.severity.as_str() => {
                writeln!(
                    problems,
                    "  wrong severity (expected {}): {}",
                    e.severity,
                    show(d)
                )
                .unwrap();
            }
            Some(_) => {}
        }
    }
    for f in &forbidden {
        for d in diags.iter().filter(|d| {
            d["code"] == f.code.as_str()
                && d["file"] == f.file.as_str()
                && d["line"].as_u64() == Some(f.line)
        }) {
            writeln!(problems, "  unexpected (false positive): {}", show(d)).unwrap();
        }
    }
    let want_status = if expected.iter().any(|e| e.severity == "error") {
        1
    } else {
        0
    };
    if status != want_status {
        writeln!(problems, "  exit status {status}, expected {want_status}").unwrap();
    }
    if !problems.is_empty() {
        let all: Vec<String> = diags.iter().map(show).collect();
        panic!(
            "case {code} failed:\n{problems}all findings:\n  {}",
            all.join("\n  ")
        );
    }
}

macro_rules! cases {
    ($($(#[$attr:meta])* $name:ident => $code:literal,)*) => {
        /// Every code with a fixture case below.
        const CASES: &[&str] = &[$($code),*];
        $(
            #[test]
            $(#[$attr])*
            fn $name() {
                run_case($code);
            }
        )*
    };
}

cases! {
    s001 => "S001",
    s002 => "S002",
    s003 => "S003",
    s004 => "S004",
    s005 => "S005",
    s006 => "S006",
    s007 => "S007",
    s008 => "S008",
    n001 => "N001",
    n002 => "N002",
    n003 => "N003",
    n004 => "N004",
    n005 => "N005",
    n006 => "N006",
    n007 => "N007",
    n008 => "N008",
    n009 => "N009",
    r001 => "R001",
    r002 => "R002",
    r003 => "R003",
    r004 => "R004",
    r005 => "R005",
    r006 => "R006",
    r007 => "R007",
    r008 => "R008",
    r009 => "R009",
    d001 => "D001",
    d002 => "D002",
    d003 => "D003",
    d004 => "D004",
    d005 => "D005",
    d006 => "D006",
    i001 => "I001",
    i002 => "I002",
    i003 => "I003",
    i004 => "I004",
    i005 => "I005",
    i006 => "I006",
    i007 => "I007",
    i008 => "I008",
    i009 => "I009",
    i010 => "I010",
    i011 => "I011",
    i012 => "I012",
    w001 => "W001",
    w002 => "W002",
    m001 => "M001",
    g001 => "G001",
    g002 => "G002",
    g003 => "G003",
    g004 => "G004",
    g005 => "G005",
    g006 => "G006",
    g007 => "G007",
    g008 => "G008",
    c001 => "C001",
    c002 => "C002",
    c003 => "C003",
    c004 => "C004",
    c005 => "C005",
}

/// Runs the system with `overlay` applied and asserts it is clean: no finding, exit 0.
fn assert_clean(what: &str, overlay: Option<&Path>) {
    let tmp = prepare(overlay);
    let (status, diags) = check(tmp.path());
    let all: Vec<String> = diags.iter().map(show).collect();
    assert!(
        diags.is_empty(),
        "{what} has findings:\n  {}",
        all.join("\n  ")
    );
    assert_eq!(status, 0, "{what} exits with {status}");
}

/// The base system is clean: no finding at all, exit 0.
#[test]
fn base_is_clean() {
    assert_clean("the base system", None);
}

/// format.md: a catalogue is "a list, inline or a path to a YAML file holding it". The base with
/// its three catalogues written inline in stdkit.yaml is just as clean.
#[test]
fn inline_catalogues_are_clean() {
    assert_clean(
        "the base system with inline catalogues",
        Some(&fixtures().join("variants/inline-catalogues")),
    );
}

/// Every catalogued rule (except group H, which needs git history) has a fixture folder and a
/// case, and every fixture folder is a case.
#[test]
fn every_rule_has_a_fixture() {
    let cases: BTreeSet<&str> = CASES.iter().copied().collect();
    let mut missing = Vec::new();
    for rule in stdkit::rules::catalog::RULES {
        if rule.code.starts_with('H') {
            continue;
        }
        if !fixtures()
            .join("rules")
            .join(rule.code)
            .join("expect.txt")
            .is_file()
        {
            missing.push(format!(
                "{}: no tests/fixtures/rules/{}/expect.txt",
                rule.code, rule.code
            ));
        }
        if !cases.contains(rule.code) {
            missing.push(format!("{}: no case in tests/rules.rs", rule.code));
        }
    }
    for entry in std::fs::read_dir(fixtures().join("rules")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !cases.contains(name.as_str()) {
            missing.push(format!(
                "tests/fixtures/rules/{name}: a folder without a case in tests/rules.rs"
            ));
        }
    }
    for code in &cases {
        if stdkit::rules::catalog::rule(code).is_none() {
            missing.push(format!("{code}: a case for a code not in the catalogue"));
        }
    }
    assert!(
        missing.is_empty(),
        "rule fixtures out of step with the catalogue:\n  {}",
        missing.join("\n  ")
    );
}
