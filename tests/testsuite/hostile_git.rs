//! Hostile git repositories for `diff` and `check --since`: trees git itself would not check
//! out (an entry named `..`, an absolute-like or a backslashed path), links, a blob far over the
//! size limit, and a revision that looks like an option. The trees are written as raw objects
//! (`git hash-object -t tree --literally`), as someone crafting a repository would.
//!
//! The system is `sys/` in the repository and `TMPDIR` is a folder below the test's own, so a
//! file written where it must not be lands in the test's folder, where the test looks for it.

use crate::common::stdkit;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;

/// The name of the file a hostile tree tries to place; it must appear nowhere.
const SENTINEL: &str = "sentinel-hostile.yaml";

fn git_out(dir: &Path, args: &[&str], input: Option<&[u8]>) -> Vec<u8> {
    let mut child = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_DATE", "2026-11-20T10:00:00+08:00")
        .env("GIT_COMMITTER_DATE", "2026-11-20T10:00:00+08:00")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("git is installed");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.unwrap_or_default().to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn git(dir: &Path, args: &[&str]) -> String {
    String::from_utf8(git_out(dir, args, None))
        .unwrap()
        .trim()
        .to_string()
}

/// A repository with a new system in `sys/` (or at its top), committed once; and `TMPDIR`
/// for stdkit.
struct Repo {
    t: tempfile::TempDir,
    /// The system's root, as given to stdkit from the top: `sys` or `.`.
    root: &'static str,
}

impl Repo {
    fn new() -> Repo {
        Repo::with_root("sys")
    }

    fn with_root(root: &'static str) -> Repo {
        let t = tempfile::tempdir().unwrap();
        let top = t.path().join("top");
        std::fs::create_dir_all(&top).unwrap();
        stdkit()
            .arg("init")
            .arg(top.join(root))
            .arg("-q")
            .assert()
            .code(0);
        git(&top, &["init", "-q"]);
        git(&top, &["config", "user.name", "Test"]);
        git(&top, &["config", "user.email", "test@example.com"]);
        git(&top, &["config", "commit.gpgsign", "false"]);
        git(&top, &["add", "-A"]);
        git(&top, &["commit", "-q", "-m", "one"]);
        std::fs::create_dir_all(t.path().join("tmp/a/b")).unwrap();
        Repo { t, root }
    }

    fn top(&self) -> PathBuf {
        self.t.path().join("top")
    }

    /// The folder stdkit makes its temporary folders in: two levels below the test's folder,
    /// so `../../` from one of them is still inside it.
    fn tmpdir(&self) -> PathBuf {
        self.t.path().join("tmp/a/b")
    }

    fn blob(&self, bytes: &[u8]) -> String {
        String::from_utf8(git_out(
            &self.top(),
            &["hash-object", "-w", "--stdin"],
            Some(bytes),
        ))
        .unwrap()
        .trim()
        .to_string()
    }

    /// A tree object of raw entries (mode, name, object), written without git's checks.
    fn raw_tree(&self, entries: &[(String, Vec<u8>, String)]) -> String {
        let mut bytes = Vec::new();
        for (mode, name, oid) in entries {
            bytes.extend_from_slice(mode.as_bytes());
            bytes.push(b' ');
            bytes.extend_from_slice(name);
            bytes.push(0);
            for i in (0..oid.len()).step_by(2) {
                bytes.push(u8::from_str_radix(&oid[i..i + 2], 16).unwrap());
            }
        }
        String::from_utf8(git_out(
            &self.top(),
            &["hash-object", "-t", "tree", "-w", "--stdin", "--literally"],
            Some(&bytes),
        ))
        .unwrap()
        .trim()
        .to_string()
    }

    /// The entries of a tree.
    fn entries(&self, tree: &str) -> Vec<(String, Vec<u8>, String)> {
        let out = git_out(&self.top(), &["ls-tree", "-z", tree], None);
        out.split(|b| *b == 0)
            .filter(|r| !r.is_empty())
            .map(|r| {
                let tab = r.iter().position(|b| *b == b'\t').unwrap();
                let meta = String::from_utf8(r[..tab].to_vec()).unwrap();
                let mut m = meta.split(' ');
                let (mode, _, oid) = (m.next().unwrap(), m.next(), m.next().unwrap());
                let mode = mode.trim_start_matches('0').to_string();
                (mode, r[tab + 1..].to_vec(), oid.to_string())
            })
            .collect()
    }

    /// `tree` with the entry `(mode, oid)` at the components `path` (any bytes, `..` too),
    /// the trees on the way made or extended.
    fn with_entry(&self, tree: Option<&str>, path: &[&[u8]], mode: &str, oid: &str) -> String {
        let mut entries = tree.map(|t| self.entries(t)).unwrap_or_default();
        let (first, rest) = path.split_first().unwrap();
        let existing = entries
            .iter()
            .position(|(m, n, _)| n == first && m == "40000");
        let (mode, oid) = if rest.is_empty() {
            (mode.to_string(), oid.to_string())
        } else {
            let sub = existing.map(|i| entries[i].2.clone());
            (
                "40000".into(),
                self.with_entry(sub.as_deref(), rest, mode, oid),
            )
        };
        if let Some(i) = existing {
            entries.remove(i);
        }
        entries.push((mode, first.to_vec(), oid));
        self.raw_tree(&entries)
    }

    /// A commit on HEAD's tree plus the entry at `path`, as the branch `name`.
    fn branch_with(&self, name: &str, path: &[&[u8]], mode: &str, oid: &str) {
        let head_tree = git(&self.top(), &["rev-parse", "HEAD^{tree}"]);
        let tree = self.with_entry(Some(&head_tree), path, mode, oid);
        let commit = git(
            &self.top(),
            &["commit-tree", &tree, "-p", "HEAD", "-m", name],
        );
        git(
            &self.top(),
            &["update-ref", &format!("refs/heads/{name}"), &commit],
        );
    }

    /// Runs stdkit in the repository's top with `TMPDIR` set: (exit code, stdout, stderr).
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = stdkit()
            .current_dir(self.top())
            .env("TMPDIR", self.tmpdir())
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Every file named [`SENTINEL`] below the test's folder (its `.git` aside), and whatever
    /// is left in the temporary folders.
    fn stray_files(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = walkdir::WalkDir::new(self.t.path())
            .into_iter()
            .filter_entry(|e| e.file_name() != ".git")
            .filter_map(Result::ok)
            .filter(|e| e.file_name() == SENTINEL)
            .map(|e| e.path().to_path_buf())
            .collect();
        for dir in [self.t.path().join("tmp"), self.t.path().join("tmp/a")] {
            for e in std::fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                if p != self.t.path().join("tmp/a") && p != self.tmpdir() {
                    out.push(p);
                }
            }
        }
        out.extend(
            std::fs::read_dir(self.tmpdir())
                .unwrap()
                .map(|e| e.unwrap().path()),
        );
        out
    }
}

const YAML: &[u8] = b"id: 999-001\ntitle: pwned\n";

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("{e}: {s}"))
}

/// The findings of `check sys --since REV --format json` as (code, file, message).
fn since(repo: &Repo, rev: &str) -> (i32, Vec<(String, String, String)>) {
    let (code, out, err) = repo.run(&["check", repo.root, "--since", rev, "--format", "json"]);
    assert!(code == 0 || code == 1, "{code}: {err}");
    let v = json(&out);
    let found = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with('S'))
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (code, found)
}

/// Each tree the gate refuses: `diff` stops with an error naming the entry (exit 2) and writes
/// nothing; `check --since` reports S005 at the file as the tree names it.
#[test]
fn unsafe_entries_are_refused_and_never_written() {
    let repo = Repo::new();
    let sentinel = SENTINEL.as_bytes();
    let cases: Vec<(&str, Vec<Vec<u8>>, String)> = vec![
        (
            "dotdot",
            vec![b"sys".to_vec(), b"..".into(), b"..".into(), sentinel.into()],
            format!("../../{SENTINEL}"),
        ),
        (
            "through",
            vec![
                b"sys".to_vec(),
                b"a".into(),
                b"..".into(),
                b"..".into(),
                sentinel.into(),
            ],
            format!("a/../../{SENTINEL}"),
        ),
        (
            "backslash",
            vec![b"sys".to_vec(), format!("..\\..\\{SENTINEL}").into_bytes()],
            format!("..\\..\\{SENTINEL}"),
        ),
    ];
    refused(&repo, &cases);

    // An entry whose name is an absolute path (git lists it as `/…`), in a system at the
    // repository's top: joined onto a folder, it would replace it.
    let repo = Repo::with_root(".");
    let absolute = format!("{}/{SENTINEL}", repo.t.path().display());
    refused(
        &repo,
        &[(
            "absolute",
            vec![absolute.clone().into_bytes()],
            absolute.clone(),
        )],
    );
}

fn refused(repo: &Repo, cases: &[(&str, Vec<Vec<u8>>, String)]) {
    let root = repo.root;
    let blob = repo.blob(YAML);
    for (name, path, shown) in cases {
        let parts: Vec<&[u8]> = path.iter().map(Vec::as_slice).collect();
        repo.branch_with(name, &parts, "100644", &blob);
        for format in ["human", "json", "md"] {
            let (code, out, err) = repo.run(&["diff", name, root, "--format", format]);
            assert_eq!(code, 2, "{name} {format}: {out}{err}");
            assert!(
                err.contains(&format!("unsafe path in revision `{name}`"))
                    && err.contains(&format!("`{shown}`")),
                "{name}: {err}"
            );
            assert!(!out.contains("No standard changed"), "{name}: {out}");
            assert_eq!(repo.stray_files(), Vec::<PathBuf>::new(), "{name} {format}");
        }
        // As the base and as the head.
        let (code, _, err) = repo.run(&["diff", "HEAD", name, root]);
        assert_eq!(code, 2, "{name} as head: {err}");
        assert_eq!(repo.stray_files(), Vec::<PathBuf>::new(), "{name}");

        let (code, found) = since(repo, name);
        assert_eq!(code, 1, "{name}: {found:?}");
        let file = if root == "." {
            shown.clone()
        } else {
            format!("{root}/{shown}")
        };
        assert!(
            found.iter().any(|(c, f, m)| c == "S005"
                && *f == file
                && m.contains(&format!("unsafe path in revision `{name}`"))),
            "{name}: {found:?}"
        );
        assert_eq!(repo.stray_files(), Vec::<PathBuf>::new(), "{name}");
    }
}

/// A link in a revision is not followed nor written: `diff` lists it as not compared.
#[test]
fn links_are_not_followed() {
    let repo = Repo::new();
    let outside = repo.t.path().join(SENTINEL);
    std::fs::write(&outside, YAML).unwrap();
    let target = repo.blob(outside.to_str().unwrap().as_bytes());
    repo.branch_with("link", &[b"sys", b"linked.yaml"], "120000", &target);
    let (code, out, err) = repo.run(&["diff", "link", "sys", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(
        v["not_compared"],
        serde_json::json!([{"rev": "link", "file": "sys/linked.yaml", "reason": "link", "size": null}])
    );
    assert!(v["removed"].as_array().unwrap().is_empty(), "{out}");
    let (_, human, _) = repo.run(&["diff", "link", "sys"]);
    assert!(
        human.contains("sys/linked.yaml at `link`: a symbolic link, not followed"),
        "{human}"
    );
    std::fs::remove_file(&outside).unwrap();
    assert_eq!(repo.stray_files(), Vec::<PathBuf>::new());
    // `check --since` has no standard there to compare: no finding, as before.
    let (code, found) = since(&repo, "link");
    assert_eq!((code, found), (0, Vec::new()));
}

/// A 64 MiB blob of zeros (tiny in `.git`) is never read: `diff` notes it, `check --since`
/// reports S006 at it, and neither run's memory grows with it.
#[test]
fn an_oversize_blob_is_not_read() {
    let repo = Repo::new();
    let blob = repo.blob(&vec![0u8; 64 << 20]);
    repo.branch_with("big", &[b"sys", b"big.yaml"], "100644", &blob);

    let (code, out, err) = repo.run(&["diff", "big", "sys", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(
        v["not_compared"],
        serde_json::json!([{"rev": "big", "file": "sys/big.yaml", "reason": "too_large", "size": 64 << 20}])
    );
    let (_, human, _) = repo.run(&["diff", "big", "sys"]);
    assert!(
        human.contains("sys/big.yaml at `big`: 67108864 bytes, over the size limit of 4194304 bytes (S006); not read")
            && human.contains("No standard changed among the files compared."),
        "{human}"
    );

    let (code, found) = since(&repo, "big");
    assert_eq!(code, 1);
    assert_eq!(found.len(), 1, "{found:?}");
    let (c, f, m) = &found[0];
    assert_eq!((c.as_str(), f.as_str()), ("S006", "sys/big.yaml"));
    assert!(m.contains("67108864 bytes in revision `big`"), "{m}");
    assert_eq!(repo.stray_files(), Vec::<PathBuf>::new());

    // Peak memory, where GNU time is there to tell: far below the blob's size.
    for args in [
        &["diff", "big", "sys"][..],
        &["check", "sys", "--since", "big"][..],
    ] {
        if let Some(kib) = peak_kib(&repo, args) {
            assert!(kib < 48 * 1024, "{args:?}: peak {kib} KiB");
        }
    }
}

/// One blob at the size limit named by many paths: the revision is refused as a whole before
/// any blob is read (a checkout of it would hold 260 MiB).
#[test]
fn many_paths_to_one_blob_are_counted_each() {
    let repo = Repo::new();
    let blob = repo.blob(&vec![b'#'; 4 << 20]);
    let entries: Vec<(String, Vec<u8>, String)> = (0..65)
        .map(|i| {
            (
                "100644".into(),
                format!("{i:02}.yaml").into_bytes(),
                blob.clone(),
            )
        })
        .collect();
    let many = repo.raw_tree(&entries);
    repo.branch_with("many", &[b"sys", b"many"], "40000", &many);
    for args in [
        vec!["diff", "many", "sys"],
        vec!["check", "sys", "--since", "many"],
    ] {
        let (code, out, err) = repo.run(&args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(
            err.contains("hold more than 268435456 bytes together"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(repo.stray_files(), Vec::<PathBuf>::new());
    if let Some(kib) = peak_kib(&repo, &["diff", "many", "sys"]) {
        assert!(kib < 48 * 1024, "peak {kib} KiB");
    }
}

/// The peak memory of a run in KiB, where GNU time is there to tell.
fn peak_kib(repo: &Repo, args: &[&str]) -> Option<u64> {
    if !Path::new("/usr/bin/time").exists() {
        return None;
    }
    let out = std::process::Command::new("/usr/bin/time")
        .arg("-f")
        .arg("maxrss=%M")
        .arg(assert_cmd::cargo::cargo_bin("stdkit"))
        .args(args)
        .current_dir(repo.top())
        .env("TMPDIR", repo.tmpdir())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    err.lines()
        .filter_map(|l| l.strip_prefix("maxrss="))
        .find_map(|k| k.trim().parse::<u64>().ok())
}

/// A revision that looks like an option never reaches git as one.
#[test]
fn a_revision_is_not_an_option() {
    let repo = Repo::new();
    let target = repo.t.path().join("x");
    let rev = format!("--output={}", target.display());
    let since = format!("--since={rev}");
    for args in [
        vec!["diff", "--", rev.as_str(), "sys"],
        vec!["diff", "HEAD", "--", rev.as_str(), "sys"],
        vec!["check", "sys", &since],
    ] {
        let (code, _, err) = repo.run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("is not a git revision"), "{args:?}: {err}");
        assert!(!target.exists(), "{args:?}");
    }
}
