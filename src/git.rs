//! Git through its command line, never a library: `git rev-parse` finds the repository and the
//! commits, `git ls-tree -r` lists a revision's files below the root, and one
//! `git cat-file --batch` process reads all their blobs.
//!
//! Knows files and bytes only, not what a system's files mean nor any rule: `diff` and the
//! `--since` engine load or compare what it hands them. [`Snapshot::of_files`] takes the working
//! tree's bytes into the same shape, so the change rules compare two values and do no I/O.

use crate::system::{Root, SYSTEM_FILE};
use anyhow::{Context, Result, bail};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
/// The git repository that holds a system root.
#[derive(Clone, Debug)]
pub struct Repo {
    /// The repository's top folder.
    pub top: PathBuf,
    /// The system root relative to `top` (empty when the root is the top).
    pub prefix: PathBuf,
}

/// Runs `git` in `dir`, whatever its exit status: a clear error only when git cannot be run.
fn run(dir: &Path, args: &[&str]) -> Result<Output> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_PAGER", "cat")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                anyhow::anyhow!("cannot run `git`: it is not installed or not on PATH")
            } else {
                anyhow::anyhow!("cannot run `git`: {e}")
            }
        })
}

/// Runs `git` in `dir` and returns its standard output; a failure carries git's message.
pub fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let out = run(dir, args)?;
    if !out.status.success() {
        let msg = String::from_utf8_lossy(&out.stderr).trim().to_string();
        bail!("`git {}` failed: {msg}", args.join(" "));
    }
    Ok(out.stdout)
}

impl Repo {
    /// The repository holding a system root. A clear error outside one.
    pub fn open(root: &Root) -> Result<Repo> {
        let shown = root.display.display();
        let root = root.dir.as_path();
        let out = run(root, &["rev-parse", "--show-toplevel"])?;
        if !out.status.success() {
            bail!(
                "`{shown}` is not in a git repository: comparing revisions needs the system kept in git (run `git init` and commit it)"
            );
        }
        let top = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let top = Path::new(&top)
            .canonicalize()
            .with_context(|| format!("cannot read the repository folder `{top}`"))?;
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let prefix = root
            .strip_prefix(&top)
            .with_context(|| {
                format!(
                    "`{}` is not inside the repository `{}`",
                    root.display(),
                    top.display()
                )
            })?
            .to_path_buf();
        Ok(Repo { top, prefix })
    }

    /// The commit a revision names (`HEAD~1`, a branch, a tag, a hash).
    pub fn commit(&self, rev: &str) -> Result<String> {
        if rev.is_empty() || rev.starts_with('-') {
            bail!("`{rev}` is not a git revision");
        }
        let spec = format!("{rev}^{{commit}}");
        let out = run(&self.top, &["rev-parse", "--verify", "--quiet", &spec])?;
        if !out.status.success() {
            bail!(
                "unknown revision `{rev}` in the repository `{}`",
                self.top.display()
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// The system's files at a commit: every `*.yaml`/`*.yml` and `.gitignore` below the root,
    /// by path relative to the root. All blobs are read by one `git cat-file --batch`.
    pub fn snapshot(&self, commit: &str) -> Result<Snapshot> {
        let mut args = vec![
            "--literal-pathspecs",
            "ls-tree",
            "-r",
            "-z",
            "--full-tree",
            commit,
        ];
        let prefix = self.prefix.to_string_lossy().replace('\\', "/");
        if !prefix.is_empty() {
            args.push("--");
            args.push(&prefix);
        }
        let listing = git(&self.top, &args)?;
        let mut wanted: Vec<(String, PathBuf)> = Vec::new();
        for rec in listing.split(|b| *b == 0).filter(|r| !r.is_empty()) {
            let rec = String::from_utf8_lossy(rec);
            let Some((meta, path)) = rec.split_once('\t') else {
                continue;
            };
            let mut meta = meta.split(' ');
            let (Some(mode), Some(kind), Some(oid)) = (meta.next(), meta.next(), meta.next())
            else {
                continue;
            };
            // Regular files only: not links (120000) nor submodules.
            if kind != "blob" || !mode.starts_with("100") {
                continue;
            }
            let full = Path::new(path);
            let Ok(rel) = full.strip_prefix(&self.prefix) else {
                continue;
            };
            let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let keep =
                name == ".gitignore" || rel.extension().is_some_and(|e| e == "yaml" || e == "yml");
            if keep {
                wanted.push((oid.to_string(), rel.to_path_buf()));
            }
        }
        let blobs = self.blobs(wanted.iter().map(|(o, _)| o.as_str()))?;
        let files = wanted
            .into_iter()
            .map(|(oid, rel)| (rel, blobs.get(&oid).cloned().unwrap_or_default()))
            .collect();
        Ok(Snapshot { files })
    }

    /// Reads blobs with one `git cat-file --batch` (input written from a thread, so neither
    /// pipe can fill up and stall the other).
    fn blobs<'a>(&self, oids: impl Iterator<Item = &'a str>) -> Result<HashMap<String, Vec<u8>>> {
        let mut unique: Vec<String> = oids.map(str::to_string).collect();
        unique.sort();
        unique.dedup();
        let mut out = HashMap::with_capacity(unique.len());
        if unique.is_empty() {
            return Ok(out);
        }
        let mut child = Command::new("git")
            .arg("-C")
            .arg(&self.top)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .context("cannot run `git cat-file`")?;
        let mut stdin = child.stdin.take().context("no stdin for git")?;
        let input: String = unique.iter().map(|o| format!("{o}\n")).collect();
        let writer = std::thread::spawn(move || {
            let r = stdin.write_all(input.as_bytes());
            drop(stdin);
            r
        });
        let mut reader = BufReader::new(child.stdout.take().context("no stdout for git")?);
        let result = (|| -> Result<()> {
            for oid in &unique {
                let mut header = String::new();
                reader.read_line(&mut header)?;
                let mut parts = header.split_whitespace();
                let (Some(_), Some(kind), Some(size)) = (parts.next(), parts.next(), parts.next())
                else {
                    bail!("git cat-file: unexpected answer `{}`", header.trim());
                };
                if kind != "blob" {
                    bail!("git cat-file: `{oid}` is not a blob");
                }
                let size: usize = size.parse().context("git cat-file: bad size")?;
                let mut data = vec![0; size];
                reader.read_exact(&mut data)?;
                let mut nl = [0u8; 1];
                reader.read_exact(&mut nl)?;
                out.insert(oid.clone(), data);
            }
            Ok(())
        })();
        let _ = writer.join();
        let status = child.wait()?;
        result?;
        if !status.success() {
            bail!("`git cat-file --batch` failed");
        }
        Ok(out)
    }
}

/// A system's files at one revision, by path relative to the root.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    pub files: BTreeMap<PathBuf, Vec<u8>>,
}

impl Snapshot {
    /// Whether the revision has a system at the root (a `stdkit.yaml`).
    pub fn has_system(&self) -> bool {
        self.files.contains_key(Path::new(SYSTEM_FILE))
    }

    /// A file's text (lossy for invalid UTF-8).
    pub fn text(&self, rel: &Path) -> Option<String> {
        self.files
            .get(rel)
            .map(|b| String::from_utf8_lossy(b).into_owned())
    }

    /// The working tree's current bytes of `rels` (relative to `dir`), so that a caller compares
    /// two snapshots instead of reading files itself. A file that cannot be read is left out.
    pub fn of_files<'a>(dir: &Path, rels: impl IntoIterator<Item = &'a Path>) -> Snapshot {
        let files = rels
            .into_iter()
            .filter_map(|rel| Some((rel.to_path_buf(), std::fs::read(dir.join(rel)).ok()?)))
            .collect();
        Snapshot { files }
    }

    /// Writes the files below `dir`.
    pub fn write_to(&self, dir: &Path) -> Result<()> {
        for (rel, bytes) in &self.files {
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create `{}`", parent.display()))?;
            }
            std::fs::write(&path, bytes)
                .with_context(|| format!("cannot write `{}`", path.display()))?;
        }
        Ok(())
    }
}
