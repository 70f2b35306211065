//! The corpus: every case is a folder, found by walking the corpus (there is no list to keep),
//! and runs as a test of its own (libtest-mimic; this target has `harness = false`):
//! - `tests/corpus/rules/<CODE>/`: one per rule code (but group H and A060, the rules of
//!   `check --since`, which need git history: tests/testsuite/authoring.rs), making the base
//!   report CODE;
//! - `tests/corpus/bad/<nn>-<name>/`: hostile, broken and unusual inputs;
//! - `tests/corpus/clean/<name>/`: systems that must check without any finding.
//!
//! Run one case with `cargo test --test corpus -- --exact rules::S005` (or
//! `bad::92-directive-unprintable-column`), a class with `cargo test --test corpus -- bad::`,
//! the ignored cases with `cargo test --test corpus -- --ignored`, and `-- --list` lists them.
//!
//! Each case is applied on top of the clean system `tests/corpus/base/`, copied into `sys/` of a
//! fresh temporary folder, which also holds `outside/secret.yaml`, a file that must never be
//! read. A case folder holds:
//! - files at paths relative to the system root (a new file, or the replacement of a base file);
//! - `SETUP` (optional): what cannot or should not be committed, made by the test after the
//!   files are copied, one a line (`#` starts a comment line; paths are relative to the root):
//!   - `write PATH PIECE…` / `append PATH PIECE…`: bytes made of pieces `"text"` or
//!     `"text"*N` (the text repeated N times); escapes `\n \r \t \\ \" \0`, `\xNN` (one raw byte,
//!     so invalid UTF-8 such as Latin-1 can be written) and `\u{…}`;
//!   - `mkdir PATH`, `delete PATH` (a base file), `symlink PATH TARGET` (TARGET as the link
//!     holds it), `fifo PATH` (a named pipe);
//! - `EXPECT`: what must happen, one a line (`#` starts a comment line):
//!   - `CODE path:line:col [error|warning]`: `stdkit check . --format json` reports CODE at
//!     exactly that place (path as printed, relative to the root; `line:*` for any column where
//!     more than one column would be right) with that severity, by default the one the rule
//!     catalogue gives CODE; each line takes one finding (a line written twice expects two);
//!   - `!CODE path` or `!CODE path:line`: no CODE finding in that file (on that line), for text
//!     written to look like a false positive;
//!   - `exit N`: the exit status of `check` (default 1: most cases are bad inputs);
//!   - `only`: no finding besides the expected ones in the files they name (one problem, one
//!     finding);
//!   - `none`: no finding at all, in any file;
//!   - `args ARG…`: more arguments for `check` (after `check . --format json`);
//!   - `build N ARG…`: then run `stdkit build ARG…` in the root, which must exit with N; its
//!     output folder (`-o DIR`, default `build`) may be written and is searched for live script
//!     (see `inert.rs`); `run N COMMAND ARG…` likewise for any command (its `-o` file or
//!     folder is searched);
//!   - `absent PATH`, `present PATH`, `same PATH` (unchanged by the runs), `contains PATH TEXT`
//!     (TEXT escaped as in SETUP, unquoted): the state of files after the runs (relative to the
//!     root; `../` reaches the temporary folder around it);
//!   - `human-plain`: the human output holds no control character but newline and no
//!     bidirectional override (no escape sequence from a file reaches the terminal, and no text
//!     can reorder what is shown);
//!   - `human-contains TEXT`: the human output shows TEXT (escaped as in SETUP, unquoted);
//!   - `ignore REASON`: the case shows a bug in stdkit and pins the correct behaviour; it is
//!     ignored (run it with `--ignored`) until the bug is fixed.
//!
//! A rule case `rules/<CODE>/` also must: name only CODE in its finding and `!` lines, expect at
//! least one finding, and say `exit 1` if one of its expected findings is an error, else
//! `exit 0`.
//!
//! Every case, whatever its EXPECT, also asserts: no run panics (exit 101), is killed by a
//! signal or takes more than [`TIME_LIMIT`]; `check` gives the same exit status in the human,
//! JSON, SARIF and GitHub formats and valid JSON/SARIF; every finding points at a real place
//! of its file (a line and column that exist, start not after end); no finding other than S005
//! is about a file outside the root (symbolic links are not followed out of it); nothing is
//! created, changed or removed anywhere except in the output of a `build` or `run` line.
//!
//! Binary and large inputs (invalid bytes, 10 000-deep nesting, 1 MB lines, a 50 MB file) are
//! made by `SETUP` lines, so the committed corpus stays small.

#[path = "../testsuite/common.rs"]
mod common;
mod inert;
mod places;

use places::{line_lengths, place_exists};

use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// Longest a single run of stdkit may take (the slowest, 10 000 findings, needs about a second
/// in a debug build).
const TIME_LIMIT: Duration = Duration::from_secs(10);

/// Files larger than this are not read back for the position check (only the 50 MB case).
const READ_LIMIT: u64 = 8 * 1024 * 1024;

const SECRET: &str = "id: OUTSIDE-SECRET\ntitle: a file outside the root that must never be read\n";

/// The classes of cases, each a folder of the corpus.
const CLASSES: &[&str] = &["clean", "rules", "bad"];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn main() {
    let args = Arguments::from_args();
    let mut trials = Vec::new();
    for case in cases() {
        let ignored = std::fs::read_to_string(case.dir.join("EXPECT"))
            .map(|t| parse_expect(&case.name, &t).is_ok_and(|x| x.ignore.is_some()))
            .unwrap_or(false);
        trials.push(
            Trial::test(case.name.clone(), move || {
                run_case(&case).map_err(Failed::from)
            })
            .with_ignored_flag(ignored),
        );
    }
    trials.push(Trial::test(
        "corpus::every_catalogued_code_has_a_case",
        every_catalogued_code_has_a_case,
    ));
    trials.push(Trial::test("corpus::layout", layout));
    trials.push(Trial::test(
        "corpus::the_checks_themselves",
        the_checks_themselves,
    ));
    libtest_mimic::run(&args, trials).exit();
}

/// One case folder.
struct Case {
    /// `class::folder`, the name of its test.
    name: String,
    class: &'static str,
    folder: String,
    dir: PathBuf,
}

/// Every case folder of every class, sorted.
fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for &class in CLASSES {
        let mut folders: Vec<String> = std::fs::read_dir(corpus().join(class))
            .unwrap_or_else(|e| panic!("cannot read tests/corpus/{class}: {e}"))
            .map(|e| e.unwrap())
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        folders.sort();
        for folder in folders {
            out.push(Case {
                name: format!("{class}::{folder}"),
                class,
                dir: corpus().join(class).join(&folder),
                folder,
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Preparing a case

/// Every file below `dir`, relative to it, sorted.
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

/// Reads a `"…"` string with escapes from the start of `s`: its bytes and the rest of `s`.
fn quoted(s: &str) -> Result<(Vec<u8>, &str), String> {
    let Some(body) = s.strip_prefix('"') else {
        return Err(format!("expected `\"` at `{s}`"));
    };
    let mut out = Vec::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((out, &body[i + 1..])),
            '\\' => {
                let (_, e) = chars.next().ok_or("dangling `\\`")?;
                match e {
                    'n' => out.push(b'\n'),
                    'r' => out.push(b'\r'),
                    't' => out.push(b'\t'),
                    '0' => out.push(0),
                    '\\' => out.push(b'\\'),
                    '"' => out.push(b'"'),
                    'x' => {
                        let h: String = (0..2)
                            .filter_map(|_| chars.next().map(|(_, c)| c))
                            .collect();
                        out.push(u8::from_str_radix(&h, 16).map_err(|_| format!("bad \\x{h}"))?);
                    }
                    'u' => {
                        if chars.next().map(|(_, c)| c) != Some('{') {
                            return Err("expected \\u{…}".into());
                        }
                        let hex: String = chars
                            .by_ref()
                            .map(|(_, c)| c)
                            .take_while(|&c| c != '}')
                            .collect();
                        let c = u32::from_str_radix(&hex, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .ok_or_else(|| format!("bad \\u{{{hex}}}"))?;
                        let mut buf = [0; 4];
                        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    }
                    other => return Err(format!("unknown escape `\\{other}`")),
                }
            }
            c => {
                let mut buf = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    Err(format!("unterminated string `{s}`"))
}

/// The bytes of a sequence of pieces `"text"` / `"text"*N`.
fn pieces(mut s: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return Ok(out);
        }
        let (bytes, rest) = quoted(s)?;
        s = rest;
        let mut times = 1;
        if let Some(r) = s.strip_prefix('*') {
            let end = r.find(|c: char| !c.is_ascii_digit()).unwrap_or(r.len());
            times = r[..end]
                .parse()
                .map_err(|_| format!("bad count at `{s}`"))?;
            s = &r[end..];
        }
        out.reserve(bytes.len() * times);
        for _ in 0..times {
            out.extend_from_slice(&bytes);
        }
    }
}

/// Text as written in EXPECT's `contains` (escapes as in SETUP, no quotes).
fn unescape(s: &str) -> Result<Vec<u8>, String> {
    pieces(&format!("\"{}\"", s.replace('"', "\\\"")))
}

fn run_setup(case: &str, root: &Path, text: &str) {
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fail = |e: &str| -> ! { panic!("case {case}: SETUP line {}: {e}: `{line}`", n + 1) };
        let (cmd, rest) = line.split_once(' ').unwrap_or((line, ""));
        let (path, args) = rest.trim().split_once(' ').unwrap_or((rest.trim(), ""));
        let p = root.join(path);
        match cmd {
            "write" | "append" => {
                let bytes = pieces(args).unwrap_or_else(|e| fail(&e));
                if cmd == "append" {
                    let mut old = std::fs::read(&p).unwrap_or_else(|e| fail(&e.to_string()));
                    old.extend_from_slice(&bytes);
                    write(&p, &old);
                } else {
                    write(&p, &bytes);
                }
            }
            "mkdir" => std::fs::create_dir_all(&p).unwrap_or_else(|e| fail(&e.to_string())),
            "delete" => std::fs::remove_file(&p).unwrap_or_else(|e| fail(&e.to_string())),
            "symlink" => {
                if let Some(parent) = p.parent() {
                    std::fs::create_dir_all(parent).unwrap();
                }
                #[cfg(unix)]
                std::os::unix::fs::symlink(args.trim(), &p)
                    .unwrap_or_else(|e| fail(&e.to_string()));
                #[cfg(not(unix))]
                fail("symbolic links are made on Unix only");
            }
            "fifo" => {
                #[cfg(unix)]
                {
                    let c = std::ffi::CString::new(p.as_os_str().as_encoded_bytes())
                        .unwrap_or_else(|e| fail(&e.to_string()));
                    // SAFETY: `c` is a valid NUL-terminated path that outlives the call.
                    if unsafe { libc::mkfifo(c.as_ptr(), 0o644) } != 0 {
                        fail(&std::io::Error::last_os_error().to_string());
                    }
                }
                #[cfg(not(unix))]
                fail("named pipes are made on Unix only");
            }
            _ => fail("unknown command"),
        }
    }
}

/// A temporary folder holding `sys/` (the base system with the case applied) and `outside/`.
struct Prepared {
    tmp: tempfile::TempDir,
}

impl Prepared {
    fn root(&self) -> PathBuf {
        self.tmp.path().join("sys")
    }
}

fn prepare(case: &str, dir: &Path) -> Prepared {
    let tmp = tempfile::Builder::new()
        .prefix("stdkit-corpus-")
        .tempdir()
        .unwrap();
    let root = tmp.path().join("sys");
    let base = corpus().join("base");
    for rel in files_below(&base) {
        write(&root.join(&rel), &std::fs::read(base.join(&rel)).unwrap());
    }
    write(&tmp.path().join("outside/secret.yaml"), SECRET.as_bytes());
    for rel in files_below(dir) {
        if rel == Path::new("EXPECT") || rel == Path::new("SETUP") {
            continue;
        }
        write(&root.join(&rel), &std::fs::read(dir.join(&rel)).unwrap());
    }
    if let Ok(setup) = std::fs::read_to_string(dir.join("SETUP")) {
        run_setup(case, &root, &setup);
    }
    Prepared { tmp }
}

// ---------------------------------------------------------------------------------------------
// Expectations

#[derive(Clone, Debug)]
struct Expected {
    code: String,
    file: String,
    line: u64,
    /// 0: any column (`*`).
    column: u64,
    /// As written; `None`: the catalogued severity of the code.
    severity: Option<String>,
}

#[derive(Clone, Debug, Default)]
struct Expect {
    findings: Vec<Expected>,
    /// (code, file, line)
    forbidden: Vec<(String, String, Option<u64>)>,
    exit: Option<i32>,
    only: bool,
    none: bool,
    args: Vec<String>,
    /// Commands after `check`: (exit status, arguments).
    builds: Vec<(i32, Vec<String>)>,
    absent: Vec<String>,
    present: Vec<String>,
    same: Vec<String>,
    contains: Vec<(String, Vec<u8>)>,
    human_plain: bool,
    human_contains: Vec<Vec<u8>>,
    ignore: Option<String>,
}

fn parse_place(s: &str) -> Option<(String, u64, Option<u64>)> {
    let mut parts = s.rsplitn(3, ':');
    let last = parts.next()?;
    let mid = parts.next()?;
    match parts.next() {
        // `*`: any column (stored as 0).
        Some(file) => Some((
            file.into(),
            mid.parse().ok()?,
            Some(if last == "*" { 0 } else { last.parse().ok()? }),
        )),
        None => Some((mid.into(), last.parse().ok()?, None)),
    }
}

fn parse_expect(case: &str, text: &str) -> Result<Expect, String> {
    let mut x = Expect::default();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = || format!("case {case}: EXPECT line {}: cannot read `{line}`", n + 1);
        let words: Vec<&str> = line.split_whitespace().collect();
        let arg = |i: usize| words.get(i).map(|w| w.to_string()).ok_or_else(bad);
        let rest = |key: &str| line[key.len()..].trim_start();
        match words[0] {
            "exit" => x.exit = Some(arg(1)?.parse().map_err(|_| bad())?),
            "only" => x.only = true,
            "none" => x.none = true,
            "ignore" => x.ignore = Some(rest("ignore").to_string()),
            "human-plain" => x.human_plain = true,
            "human-contains" => x.human_contains.push(unescape(rest("human-contains"))?),
            "args" => x.args = words[1..].iter().map(|w| w.to_string()).collect(),
            "build" | "run" => {
                let status = arg(1)?.parse().map_err(|_| bad())?;
                let mut args: Vec<String> = words[2..].iter().map(|w| w.to_string()).collect();
                if words[0] == "build" {
                    args.insert(0, "build".into());
                }
                x.builds.push((status, args));
            }
            "absent" => x.absent.push(arg(1)?),
            "present" => x.present.push(arg(1)?),
            "same" => x.same.push(arg(1)?),
            "contains" => {
                let (path, text) = rest("contains").split_once(' ').ok_or_else(bad)?;
                x.contains.push((path.into(), unescape(text)?));
            }
            w if w.starts_with('!') => {
                let place = arg(1)?;
                let (file, line) = match parse_place(&place) {
                    Some((f, l, None)) => (f, Some(l)),
                    _ => (place, None),
                };
                if words.len() > 2 {
                    return Err(bad());
                }
                x.forbidden.push((w[1..].to_string(), file, line));
            }
            code if code.len() == 4
                && code.chars().next().is_some_and(|c| c.is_ascii_uppercase()) =>
            {
                let Some((file, line, Some(column))) = words.get(1).and_then(|p| parse_place(p))
                else {
                    return Err(bad());
                };
                let severity = words.get(2).map(|s| s.to_string());
                if severity
                    .as_deref()
                    .is_some_and(|s| s != "error" && s != "warning")
                    || words.len() > 3
                {
                    return Err(bad());
                }
                x.findings.push(Expected {
                    code: code.into(),
                    file,
                    line,
                    column,
                    severity,
                });
            }
            _ => return Err(bad()),
        }
    }
    Ok(x)
}

/// The catalogued severity of a code.
fn catalogued_severity(code: &str) -> Option<&'static str> {
    common::catalogue()
        .into_iter()
        .find(|&(c, _)| c == code)
        .map(|(_, severity)| severity)
}

/// The severity a finding line expects: as written, else the catalogued one.
fn severity(e: &Expected) -> Result<String, String> {
    match &e.severity {
        Some(s) => Ok(s.clone()),
        None => catalogued_severity(&e.code)
            .map(str::to_string)
            .ok_or_else(|| format!("`{}` is not in the rule catalogue", e.code)),
    }
}

/// What a case of the class `rules` must say of itself (the rules of the former rule fixtures).
fn rule_case_problems(code: &str, x: &Expect) -> Result<(), String> {
    for c in x
        .findings
        .iter()
        .map(|e| &e.code)
        .chain(x.forbidden.iter().map(|f| &f.0))
    {
        if c != code {
            return Err(format!("EXPECT names another rule ({c})"));
        }
    }
    if x.findings.is_empty() {
        return Err("no expected finding".into());
    }
    let mut error = false;
    for e in &x.findings {
        error |= severity(e)? == "error";
    }
    let want = i32::from(error);
    match x.exit {
        Some(n) if n == want => Ok(()),
        Some(n) => Err(format!(
            "`exit {n}`, but a rule case exits 1 if an error is expected, else 0: `exit {want}`"
        )),
        None => Err(format!("no `exit` line (`exit {want}`)")),
    }
}

// ---------------------------------------------------------------------------------------------
// Running stdkit

struct Run {
    status: i32,
    stdout: Vec<u8>,
    stderr: String,
}

/// Runs stdkit in `dir`; fails the case on a panic, a signal or a run over [`TIME_LIMIT`].
fn stdkit(case: &str, dir: &Path, args: &[String]) -> Run {
    let started = Instant::now();
    let out = common::stdkit()
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .timeout(TIME_LIMIT)
        .output()
        .unwrap_or_else(|e| panic!("case {case}: cannot run stdkit {args:?}: {e}"));
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let what = format!("case {case}: `stdkit {}`", args.join(" "));
    assert!(
        took < TIME_LIMIT,
        "{what} took {took:?} (limit {TIME_LIMIT:?})\nstderr:\n{stderr}"
    );
    let Some(status) = out.status.code() else {
        panic!(
            "{what} was killed by a signal ({:?})\nstderr:\n{stderr}",
            out.status
        )
    };
    assert!(
        status != 101 && !stderr.contains("panicked"),
        "{what} panicked (exit {status})\nstderr:\n{stderr}"
    );
    Run {
        status,
        stdout: out.stdout,
        stderr,
    }
}

fn show(d: &Value) -> String {
    format!(
        "{} {}:{}:{} {} — {}",
        d["code"].as_str().unwrap_or("?"),
        d["file"].as_str().unwrap_or("?"),
        d["line"],
        d["column"],
        d["severity"].as_str().unwrap_or("?"),
        d["message"]
            .as_str()
            .unwrap_or("")
            .chars()
            .take(160)
            .collect::<String>()
    )
}

// ---------------------------------------------------------------------------------------------
// Universal checks

/// Findings must point at real places of real files, and none (but S005, which says a link
/// was not followed) may be about a file outside the root.
fn check_positions(root: &Path, diags: &[Value], problems: &mut String) {
    let canon_root = root.canonicalize().unwrap();
    let mut cache: BTreeMap<String, Option<Vec<u64>>> = BTreeMap::new();
    let mut places = Vec::new();
    for d in diags {
        let file = d["file"].as_str().unwrap_or_default().to_string();
        let num = |k: &str| d[k].as_u64().unwrap_or(0);
        places.push((
            d,
            file.clone(),
            num("line"),
            num("column"),
            Some((num("end_line"), num("end_column"))),
        ));
        for r in d["related"].as_array().into_iter().flatten() {
            let f = r["file"].as_str().unwrap_or_default().to_string();
            places.push((
                d,
                f,
                r["line"].as_u64().unwrap_or(0),
                r["column"].as_u64().unwrap_or(0),
                None,
            ));
        }
    }
    for (d, file, line, col, end) in places {
        let path = root.join(&file);
        if d["code"] != "S005"
            && let Ok(real) = path.canonicalize()
            && !real.starts_with(&canon_root)
        {
            writeln!(
                problems,
                "  a finding about a file outside the root ({}): {}",
                real.display(),
                show(d)
            )
            .unwrap();
        }
        let lines = cache.entry(file.clone()).or_insert_with(|| {
            let meta = std::fs::metadata(&path).ok()?;
            // A spreadsheet's places are cells (row, column number), not characters.
            let sheet = [".xlsx", ".xlsm", ".xls"].iter().any(|x| file.ends_with(x));
            if !meta.is_file() || meta.len() > READ_LIMIT || sheet {
                return None;
            }
            Some(line_lengths(&std::fs::read(&path).ok()?))
        });
        if line < 1 || col < 1 {
            writeln!(
                problems,
                "  position {line}:{col} is not 1-based: {}",
                show(d)
            )
            .unwrap();
        } else if let Some(lines) = lines
            && !place_exists(lines, line, col)
        {
            writeln!(
                problems,
                "  {file}:{line}:{col} is not a place in the file ({} lines): {}",
                lines.len(),
                show(d)
            )
            .unwrap();
        }
        if let Some((el, ec)) = end
            && (el, ec) < (line, col)
        {
            writeln!(problems, "  ends ({el}:{ec}) before it starts: {}", show(d)).unwrap();
        }
    }
}

/// (kind, size, modified) of every path below `dir`, links not followed.
type Snapshot = BTreeMap<PathBuf, (char, u64, Option<SystemTime>)>;

fn snapshot(dir: &Path) -> Snapshot {
    let mut out = Snapshot::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let Ok(meta) = std::fs::symlink_metadata(&p) else {
                continue;
            };
            let kind = if meta.file_type().is_symlink() {
                'l'
            } else if meta.is_dir() {
                stack.push(p.clone());
                'd'
            } else {
                'f'
            };
            let size = if kind == 'f' { meta.len() } else { 0 };
            out.insert(
                p,
                (
                    kind,
                    size,
                    if kind == 'f' {
                        meta.modified().ok()
                    } else {
                        None
                    },
                ),
            );
        }
    }
    out
}

/// Paths added, removed or changed between two snapshots, outside the allowed folders.
fn changes_outside(before: &Snapshot, after: &Snapshot, allowed: &[PathBuf]) -> Vec<String> {
    let ok = |p: &Path| allowed.iter().any(|a| p.starts_with(a));
    let mut out = Vec::new();
    for (p, v) in after {
        match before.get(p) {
            None if !ok(p) => out.push(format!("created {}", p.display())),
            Some(b) if b != v && !ok(p) && v.0 != 'd' => {
                out.push(format!("changed {}", p.display()))
            }
            _ => {}
        }
    }
    for p in before.keys() {
        if !after.contains_key(p) && !ok(p) {
            out.push(format!("removed {}", p.display()));
        }
    }
    out
}

/// Characters that reorder the text around them on a terminal (Unicode bidi controls).
fn bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Nothing in a build's output may run: HTML pages, the one-file handbook and the Markdown
/// (as a renderer would read it), see `inert.rs`; `search-index.js` must be one JSON value
/// assigned.
fn assert_inert(out: &Path, problems: &mut String) {
    let (dir, files) = if out.is_dir() {
        (out.to_path_buf(), files_below(out))
    } else if out.is_file() {
        (
            out.parent().unwrap().to_path_buf(),
            vec![PathBuf::from(out.file_name().unwrap())],
        )
    } else {
        return;
    };
    for rel in files {
        let path = dir.join(&rel);
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
        let found = match ext {
            "html" | "htm" | "svg" => inert::live_html(&text),
            "md" => inert::live_markdown(&text),
            "js" if rel.ends_with("search-index.js") => {
                let json = text.trim().trim_end_matches(';');
                let json = json.split_once('=').map_or(json, |(_, v)| v.trim());
                match serde_json::from_str::<Value>(json) {
                    Ok(_) => Vec::new(),
                    Err(e) => vec![format!("not one JSON value: {e}")],
                }
            }
            _ => Vec::new(),
        };
        for f in found {
            writeln!(problems, "  live content in {}: {f}", rel.display()).unwrap();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// One case

fn run_case(c: &Case) -> Result<(), String> {
    let case = c.name.as_str();
    let expect_text = std::fs::read_to_string(c.dir.join("EXPECT"))
        .map_err(|e| format!("case {case}: cannot read EXPECT: {e}"))?;
    let x = parse_expect(case, &expect_text)?;
    if c.class == "rules" {
        rule_case_problems(&c.folder, &x).map_err(|e| format!("case {case}: {e}"))?;
    }
    let mut want_severity = Vec::new();
    for e in &x.findings {
        want_severity.push(severity(e).map_err(|e| format!("case {case}: {e}"))?);
    }
    let prepared = prepare(case, &c.dir);
    let root = prepared.root();
    let tmp = prepared.tmp.path().to_path_buf();
    let same_before: Vec<(String, Option<Vec<u8>>)> = x
        .same
        .iter()
        .map(|p| (p.clone(), std::fs::read(root.join(p)).ok()))
        .collect();
    let before = snapshot(&tmp);
    let mut problems = String::new();

    // check, in every format.
    let mut args: Vec<String> = ["check", ".", "--format", "json"]
        .map(String::from)
        .to_vec();
    args.extend(x.args.iter().cloned());
    let json_run = stdkit(case, &root, &args);
    let stdout = String::from_utf8_lossy(&json_run.stdout);
    let diags: Vec<Value> = if stdout.trim().is_empty() && json_run.status == 2 {
        Vec::new()
    } else {
        match serde_json::from_str::<Value>(&stdout) {
            Ok(v) => v["diagnostics"].as_array().cloned().unwrap_or_default(),
            Err(e) => {
                writeln!(
                    problems,
                    "  stdout of --format json is not JSON ({e}):\n{stdout}"
                )
                .unwrap();
                Vec::new()
            }
        }
    };
    let want_status = x.exit.unwrap_or(1);
    if json_run.status != want_status {
        writeln!(
            problems,
            "  `check` exit status {}, expected {want_status}\n  stderr: {}",
            json_run.status, json_run.stderr
        )
        .unwrap();
    }
    for format in ["human", "sarif", "github", "short"] {
        let mut a: Vec<String> = ["check", ".", "--format", format, "--color", "never"]
            .map(String::from)
            .to_vec();
        a.extend(x.args.iter().cloned());
        let r = stdkit(case, &root, &a);
        if r.status != json_run.status {
            writeln!(
                problems,
                "  `check --format {format}` exits {}, json {}",
                r.status, json_run.status
            )
            .unwrap();
        }
        if format == "sarif" && r.status != 2 && serde_json::from_slice::<Value>(&r.stdout).is_err()
        {
            writeln!(problems, "  SARIF output is not JSON").unwrap();
        }
        if format == "human" && x.human_plain {
            let bad: Vec<String> = String::from_utf8_lossy(&r.stdout)
                .chars()
                .chain(r.stderr.chars())
                .filter(|&c| (c.is_control() && c != '\n') || bidi_control(c))
                .map(|c| format!("{c:?}"))
                .collect();
            if !bad.is_empty() {
                writeln!(
                    problems,
                    "  the human output holds control characters {bad:?}"
                )
                .unwrap();
            }
        }
        if format == "human" {
            for text in &x.human_contains {
                if !r.stdout.windows(text.len()).any(|w| w == text.as_slice()) {
                    writeln!(
                        problems,
                        "  the human output does not show {:?}",
                        String::from_utf8_lossy(text)
                    )
                    .unwrap();
                }
            }
        }
    }

    // Findings: each expected line takes one finding at its place (a line written twice expects
    // two findings there); with `only`, a finding left over in those files is one too many.
    let mut taken = vec![false; diags.len()];
    for (e, want) in x.findings.iter().zip(&want_severity) {
        let at = |d: &Value| {
            d["code"] == e.code.as_str()
                && d["file"] == e.file.as_str()
                && d["line"].as_u64() == Some(e.line)
                && (e.column == 0 || d["column"].as_u64() == Some(e.column))
        };
        match (0..diags.len()).find(|&i| !taken[i] && at(&diags[i])) {
            None => {
                writeln!(
                    problems,
                    "  missing: {} {}:{}:{} ({want})",
                    e.code,
                    e.file,
                    e.line,
                    if e.column == 0 {
                        "*".to_string()
                    } else {
                        e.column.to_string()
                    }
                )
                .unwrap();
            }
            Some(i) => {
                taken[i] = true;
                if diags[i]["severity"] != want.as_str() {
                    writeln!(
                        problems,
                        "  wrong severity (expected {want}): {}",
                        show(&diags[i])
                    )
                    .unwrap();
                }
            }
        }
    }
    for (code, file, line) in &x.forbidden {
        for d in diags.iter().filter(|d| {
            d["code"] == code.as_str()
                && d["file"] == file.as_str()
                && line.is_none_or(|l| d["line"].as_u64() == Some(l))
        }) {
            writeln!(problems, "  unexpected (false positive): {}", show(d)).unwrap();
        }
    }
    for (i, d) in diags.iter().enumerate() {
        if taken[i] {
            continue;
        }
        if x.none {
            writeln!(problems, "  not expected (`none`): {}", show(d)).unwrap();
        } else if x.only && x.findings.iter().any(|e| d["file"] == e.file.as_str()) {
            writeln!(problems, "  not expected (`only`): {}", show(d)).unwrap();
        }
    }
    check_positions(&root, &diags, &mut problems);

    // Builds and other commands.
    let mut outputs = Vec::new();
    for (status, cmd_args) in &x.builds {
        let mut a = cmd_args.clone();
        a.insert(1, "-q".into());
        let out_dir = cmd_args
            .iter()
            .position(|w| w == "-o" || w == "--output")
            .and_then(|i| cmd_args.get(i + 1))
            .map_or_else(|| root.join("build"), |o| root.join(o));
        outputs.push(out_dir.clone());
        let r = stdkit(case, &root, &a);
        if r.status != *status {
            writeln!(
                problems,
                "  `stdkit {}` exits {}, expected {status}\n  stderr: {}",
                a.join(" "),
                r.status,
                r.stderr
            )
            .unwrap();
        }
        assert_inert(&out_dir, &mut problems);
    }

    // Nothing written, changed or removed outside the output folders (a staging folder left
    // behind is reported too).
    let after = snapshot(&tmp);
    for c in changes_outside(&before, &after, &outputs) {
        writeln!(problems, "  {c} (outside the output folder)").unwrap();
    }

    // The state of files after the runs.
    for p in &x.absent {
        if std::fs::symlink_metadata(root.join(p)).is_ok() {
            writeln!(problems, "  {p} exists").unwrap();
        }
    }
    for p in &x.present {
        if std::fs::symlink_metadata(root.join(p)).is_err() {
            writeln!(problems, "  {p} does not exist").unwrap();
        }
    }
    for (p, old) in &same_before {
        if std::fs::read(root.join(p)).ok() != *old {
            writeln!(problems, "  {p} changed").unwrap();
        }
    }
    for (p, text) in &x.contains {
        let found = std::fs::read(root.join(p))
            .is_ok_and(|b| b.windows(text.len()).any(|w| w == text.as_slice()));
        if !found {
            writeln!(
                problems,
                "  {p} does not contain {:?}",
                String::from_utf8_lossy(text)
            )
            .unwrap();
        }
    }

    if problems.is_empty() {
        return Ok(());
    }
    let all: Vec<String> = diags.iter().map(show).collect();
    Err(format!(
        "case {case} failed:\n{problems}all findings:\n  {}",
        all.join("\n  ")
    ))
}

// ---------------------------------------------------------------------------------------------
// The corpus itself

/// The rules of `check --since` (group H, A060): they compare with a git revision, which a case
/// cannot hold, so they are tested in tests/testsuite/authoring.rs instead.
fn needs_history(code: &str) -> bool {
    code.starts_with('H') || code == "A060"
}

/// Every catalogued rule (except those that need git history) has a case, and every rule case
/// is a catalogued code.
fn every_catalogued_code_has_a_case() -> Result<(), Failed> {
    let catalogue = common::catalogue();
    let rules = corpus().join("rules");
    let mut missing = Vec::new();
    for &(code, _) in &catalogue {
        if needs_history(code) {
            continue;
        }
        if !rules.join(code).join("EXPECT").is_file() {
            missing.push(format!("{code}: no tests/corpus/rules/{code}/EXPECT"));
        }
    }
    for case in cases().iter().filter(|c| c.class == "rules") {
        if !catalogue.iter().any(|&(code, _)| code == case.folder) {
            missing.push(format!(
                "tests/corpus/rules/{}: a case for a code not in the catalogue",
                case.folder
            ));
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "rule cases out of step with the catalogue:\n  {}",
            missing.join("\n  ")
        )
        .into())
    }
}

/// The corpus is laid out as the grammar says: only class folders, each case with an EXPECT,
/// no file of another case format, and a corpus of bad inputs of some size.
fn layout() -> Result<(), Failed> {
    let mut problems = Vec::new();
    for e in std::fs::read_dir(corpus()).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        if !CLASSES.contains(&name.as_str())
            && !["base", "main.rs", "inert.rs", "places.rs"].contains(&&*name)
        {
            problems.push(format!("tests/corpus/{name}: not a class of cases"));
        }
    }
    let cases = cases();
    for case in &cases {
        if !case.dir.join("EXPECT").is_file() {
            problems.push(format!("{}: no EXPECT", case.name));
        }
        for rel in files_below(&case.dir) {
            let name = rel.to_string_lossy();
            if name == "expect.txt"
                || [".delete", ".latin1", ".pad"]
                    .iter()
                    .any(|s| name.ends_with(s))
            {
                problems.push(format!(
                    "{}: {name} is of the old case formats (use EXPECT and SETUP)",
                    case.name
                ));
            }
        }
    }
    let bad = cases.iter().filter(|c| c.class == "bad").count();
    if bad < 40 {
        problems.push(format!("only {bad} cases of bad inputs"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n").into())
    }
}

/// The checks of this runner catch what they are meant to catch.
fn the_checks_themselves() -> Result<(), Failed> {
    use inert::{live_fragment, live_html, live_markdown};
    assert!(
        !live_html("<p>&lt;script&gt;alert(1)&lt;/script&gt; href=javascript:x</p>")
            .iter()
            .any(|_| true)
    );
    assert!(
        !live_html("<script src=\"search-index.js\"></script><a href=\"https://x\">")
            .iter()
            .any(|_| true)
    );
    assert_eq!(live_html("<script>alert(1)</script>").len(), 1);
    assert_eq!(
        live_html("<a href=\"java&#x09;script&#58;alert(1)\">x</a>").len(),
        1
    );
    assert_eq!(live_html("<a href=' JAVASCRIPT:alert(1)'>x</a>").len(), 1);
    assert_eq!(live_html("<img src=x onerror=alert(1)>").len(), 1);
    assert!(live_html("<img src=\"#\" alt=\"i\">").is_empty());
    assert!(live_markdown("&lt;script&gt; [x](#) `<script>`").is_empty());
    assert_eq!(live_markdown("[x](javascript:alert(1))").len(), 1);
    assert_eq!(live_markdown("[x]\n\n[x]: javascript:alert(1)").len(), 1);
    assert_eq!(live_markdown("a <script>alert(1)</script>").len(), 1);
    assert_eq!(live_markdown("# t {onclick=alert(1)}").len(), 1);
    assert_eq!(
        live_markdown("```mermaid\nflowchart TD\n  click a href \"x\"\n```").len(),
        1
    );
    // What the two former copies (this runner's and the fuzz target's) each caught alone.
    assert_eq!(inert::decode_entities("&apos;&#x27;&amp;"), "''&");
    assert_eq!(live_html("<scriptx>").len(), 1);
    assert_eq!(live_html("<p title=\"<script>\">").len(), 1);
    assert_eq!(
        live_fragment("<script src=\"search.js\"></script>").len(),
        1
    );
    assert_eq!(live_fragment("<meta charset=\"utf-8\">").len(), 1);
    assert!(live_html("<meta charset=\"utf-8\"><link rel=stylesheet href=\"s.css\">").is_empty());
    assert_eq!(live_markdown("<script src=\"x.js\"></script>").len(), 1);
    assert_eq!(live_markdown("[x](&amp;#106;avascript:alert(1))").len(), 1);
    assert_eq!(live_fragment("<div onclick=x>").len(), 1);
    assert_eq!(live_fragment("<iframe srcdoc=\"x\">").len(), 2);
    assert_eq!(line_lengths(b"a\nbc"), vec![1, 2]);
    assert_eq!(line_lengths(b"a\r\nb\rc\n"), vec![1, 1, 1, 0]);
    assert_eq!(line_lengths("\u{feff}中文".as_bytes()), vec![2]);
    assert!(
        place_exists(&[1, 2], 2, 3) && !place_exists(&[1, 2], 3, 1) && !place_exists(&[1, 2], 1, 3)
    );
    assert_eq!(
        pieces("\"a\\x00\"*2 \"\\u{4e2d}\"").unwrap(),
        b"a\0a\0\xe4\xb8\xad"
    );
    // The grammar: an `ignore` line, severities by default from the catalogue, and the exit of
    // a rule case.
    let x = parse_expect("t", "ignore a bug\nS001 a.yaml:1:2\nexit 1\n").unwrap();
    assert_eq!(x.ignore.as_deref(), Some("a bug"));
    assert_eq!(severity(&x.findings[0]).unwrap(), "error");
    assert!(rule_case_problems("S001", &x).is_ok());
    assert!(rule_case_problems("S002", &x).is_err());
    let warning = parse_expect("t", "S001 a.yaml:1:2 warning\nexit 1\n").unwrap();
    assert!(rule_case_problems("S001", &warning).is_err());
    assert!(parse_expect("t", "S001 a.yaml:1\n").is_err());
    Ok(())
}
