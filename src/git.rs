//! Git through its command line, never a library: `git rev-parse` finds the repository and the
//! commits, `git ls-tree -r` lists a revision's files below the root, and one
//! `git cat-file --batch` process reads all their blobs.
//!
//! Everything read from the repository is data, not trusted: a revision name that starts with
//! `-` is refused (git would read it as an option), the listing is read with `-z`, and every
//! path passes [`safe_rel`] before it is used — a tree may name an entry `..`, an absolute-like
//! or a backslashed path, which `git fsck` only warns about. Such entries, links and submodules
//! are never written nor read: they are listed in [`Snapshot::refused`], as are blobs over
//! [`yaml::MAX_FILE_SIZE`], whose size is read from the listing and which are never requested.
//!
//! Knows files and bytes only, not what a system's files mean nor any rule: `diff` and the
//! `--since` engine load or compare what it hands them. [`Snapshot::of_files`] takes the working
//! tree's bytes into the same shape, so the change rules compare two values and do no I/O.

use crate::system::{Root, SYSTEM_FILE};
use crate::yaml;
use anyhow::{Context, Result, bail};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

// ---------------------------------------------------------------- the path gate

pub use crate::files::{UnsafePath, inside, safe_rel};

/// Reads a regular file of at most [`yaml::MAX_FILE_SIZE`] bytes without blocking on special
/// files: `Ok(None)` when it is larger or not a regular file, `Err` when it cannot be read.
pub fn read_capped(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    crate::files::read_capped(path, yaml::MAX_FILE_SIZE)
}

// ---------------------------------------------------------------- the repository
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

    /// The commit a revision names (`HEAD~1`, a branch, a tag, a hash). A name starting with
    /// `-` is refused before git sees it (it would be an option).
    pub fn commit(&self, rev: &str) -> Result<String> {
        if rev.is_empty() || rev.starts_with('-') || rev.contains(['\0', '\n', '\r']) {
            bail!("`{}` is not a git revision", crate::text::terminal(rev));
        }
        let spec = format!("{rev}^{{commit}}");
        let out = run(&self.top, &["rev-parse", "--verify", "--quiet", &spec])?;
        let hash = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if !out.status.success() || hash.is_empty() || !hash.bytes().all(|b| b.is_ascii_hexdigit())
        {
            bail!(
                "unknown revision `{}` in the repository `{}`",
                crate::text::terminal(rev),
                self.top.display()
            );
        }
        Ok(hash)
    }

    /// The system's files at a commit: every `*.yaml`/`*.yml` and `.gitignore` below the root,
    /// by path relative to the root. `Err` when they total over [`MAX_SNAPSHOT_SIZE`]. The listing (`ls-tree -r -z -l`) gives each blob's size, so
    /// only regular files within the size limit and with a safe path are requested, all by one
    /// `git cat-file --batch`; the others are [`Snapshot::refused`].
    pub fn snapshot(&self, commit: &str) -> Result<Snapshot> {
        let mut args = vec![
            "--literal-pathspecs",
            "ls-tree",
            "-r",
            "-z",
            "-l",
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
        let mut refused = Vec::new();
        let mut total = 0u64;
        for rec in listing.split(|b| *b == 0).filter(|r| !r.is_empty()) {
            let rec = String::from_utf8_lossy(rec);
            let Some((meta, full)) = rec.split_once('\t') else {
                continue;
            };
            let mut meta = meta.split_whitespace();
            let (Some(mode), Some(kind), Some(oid), size) =
                (meta.next(), meta.next(), meta.next(), meta.next())
            else {
                continue;
            };
            // Relative to the root, as the tree names it (the pathspec keeps to the prefix).
            let rel = if prefix.is_empty() {
                full
            } else {
                match full
                    .strip_prefix(prefix.as_str())
                    .and_then(|r| r.strip_prefix('/'))
                {
                    Some(r) => r,
                    None => continue,
                }
            };
            let name = rel.rsplit('/').next().unwrap_or("");
            let keep = name == ".gitignore"
                || Path::new(name)
                    .extension()
                    .is_some_and(|e| e == "yaml" || e == "yml");
            if !keep {
                continue;
            }
            let mut refuse = |why: Why| {
                refused.push(Refused {
                    path: PathBuf::from(rel),
                    why,
                })
            };
            // The whole path from the top, so a `..` in the prefix's place counts too.
            if let Err(e) = safe_rel(full) {
                refuse(Why::Unsafe(e));
                continue;
            }
            if mode == "120000" {
                refuse(Why::Link);
                continue;
            }
            if kind == "commit" || mode == "160000" {
                refuse(Why::Submodule);
                continue;
            }
            // Regular files only.
            if kind != "blob" || !mode.starts_with("100") {
                continue;
            }
            let size = size.and_then(|s| s.parse::<u64>().ok());
            if let Some(size) = size
                && size > yaml::MAX_FILE_SIZE
            {
                refuse(Why::TooLarge(size));
                continue;
            }
            total = total.saturating_add(size.unwrap_or(0));
            wanted.push((oid.to_string(), PathBuf::from(rel)));
        }
        // Many paths may name one blob: the budget counts each path, as a checkout would.
        let over = || {
            anyhow::anyhow!(
                "the system's files at `{commit}` hold more than {MAX_SNAPSHOT_SIZE} bytes together (each path counted): the revision is not read"
            )
        };
        if total > MAX_SNAPSHOT_SIZE {
            return Err(over());
        }
        let mut blobs = self.blobs(wanted.iter().map(|(o, _)| o.as_str()))?;
        // Paths left per blob: the last one takes the bytes, so no blob is held twice.
        let mut uses: HashMap<String, usize> = HashMap::new();
        for (oid, _) in &wanted {
            *uses.entry(oid.clone()).or_default() += 1;
        }
        let mut files = BTreeMap::new();
        let mut total = 0u64;
        for (oid, rel) in wanted {
            let left = uses.get_mut(&oid).map_or(0, |n| {
                *n -= 1;
                *n
            });
            match blobs.get_mut(&oid) {
                Some(Blob::Big(size)) => refused.push(Refused {
                    path: rel,
                    why: Why::TooLarge(*size),
                }),
                Some(Blob::Bytes(b)) => {
                    total += b.len() as u64;
                    if total > MAX_SNAPSHOT_SIZE {
                        return Err(over());
                    }
                    files.insert(
                        rel,
                        if left == 0 {
                            std::mem::take(b)
                        } else {
                            b.clone()
                        },
                    );
                }
                None => {
                    files.insert(rel, Vec::new());
                }
            }
        }
        refused.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Snapshot { files, refused })
    }

    /// Reads blobs with one `git cat-file --batch` (input written from a thread, so neither
    /// pipe can fill up and stall the other). A blob over the size limit — the listing said it
    /// was not — is streamed past, never held.
    fn blobs<'a>(&self, oids: impl Iterator<Item = &'a str>) -> Result<HashMap<String, Blob>> {
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
            .stderr(Stdio::null())
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
                (&mut reader).take(512).read_line(&mut header)?;
                let mut parts = header.split_whitespace();
                let (Some(_), Some(kind), Some(size)) = (parts.next(), parts.next(), parts.next())
                else {
                    bail!(
                        "git cat-file: unexpected answer `{}`",
                        crate::text::terminal(header.trim())
                    );
                };
                if kind != "blob" {
                    bail!("git cat-file: `{oid}` is not a blob");
                }
                let size: u64 = size.parse().context("git cat-file: bad size")?;
                let blob = if size > yaml::MAX_FILE_SIZE {
                    let skipped =
                        std::io::copy(&mut (&mut reader).take(size), &mut std::io::sink())?;
                    if skipped != size {
                        bail!("git cat-file: the answer for `{oid}` ended early");
                    }
                    Blob::Big(size)
                } else {
                    let mut data = vec![0; size as usize];
                    reader.read_exact(&mut data)?;
                    Blob::Bytes(data)
                };
                let mut nl = [0u8; 1];
                reader.read_exact(&mut nl)?;
                out.insert(oid.clone(), blob);
            }
            Ok(())
        })();
        if result.is_err() {
            let _ = child.kill();
        }
        drop(reader);
        let _ = writer.join();
        let status = child.wait()?;
        result?;
        if !status.success() {
            bail!("`git cat-file --batch` failed");
        }
        Ok(out)
    }
}

/// The most a revision's system files may hold together (each path counted, so one blob named
/// by many paths counts many times): 64 files at the size limit. Beyond, the revision is not
/// read at all — `diff` would also write it all out.
pub const MAX_SNAPSHOT_SIZE: u64 = 64 * yaml::MAX_FILE_SIZE;

/// A blob as `cat-file` answered it.
enum Blob {
    Bytes(Vec<u8>),
    /// Over the size limit: its size, the bytes skipped.
    Big(u64),
}

/// Why an entry of a revision is not among a snapshot's files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// Its path fails [`safe_rel`]: it is never written nor read.
    Unsafe(UnsafePath),
    /// A symbolic link (mode 120000): not followed, not written.
    Link,
    /// A submodule (mode 160000).
    Submodule,
    /// A blob of this many bytes, over [`yaml::MAX_FILE_SIZE`]: not read.
    TooLarge(u64),
}

/// An entry of a revision left out of a snapshot's files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    /// Relative to the root, as the tree names it (lossy for invalid UTF-8): for showing only,
    /// never to open.
    pub path: PathBuf,
    pub why: Why,
}

impl Refused {
    /// The entry as the tree names it, below the root as shown (like [`Root::file_name`], but
    /// by text: an absolute-like path stays below the root).
    pub fn shown(&self, root: &Root) -> String {
        let rel = self.path.to_string_lossy();
        if root.display.as_os_str() == "." {
            rel.into_owned()
        } else {
            format!(
                "{}/{rel}",
                root.display.to_string_lossy().trim_end_matches('/')
            )
        }
    }
}

/// A system's files at one revision, by path relative to the root.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    pub files: BTreeMap<PathBuf, Vec<u8>>,
    /// The entries with a system file's name that are not in `files`, by path.
    pub refused: Vec<Refused>,
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
    /// two snapshots instead of reading files itself. A file that cannot be read is left out;
    /// one over the size limit is refused (only the limit + 1 byte is read).
    pub fn of_files<'a>(dir: &Path, rels: impl IntoIterator<Item = &'a Path>) -> Snapshot {
        let mut out = Snapshot::default();
        for rel in rels {
            match read_capped(&dir.join(rel)) {
                Ok(Some(bytes)) => {
                    out.files.insert(rel.to_path_buf(), bytes);
                }
                Ok(None) => out.refused.push(Refused {
                    path: rel.to_path_buf(),
                    why: Why::TooLarge(yaml::MAX_FILE_SIZE + 1),
                }),
                Err(_) => {}
            }
        }
        out
    }

    /// Writes the files below `dir`, a new folder. Each path passes [`inside`] again, and each
    /// file is created new (never through an existing file or link).
    pub fn write_to(&self, dir: &Path) -> Result<()> {
        for (rel, bytes) in &self.files {
            let shown = crate::text::terminal(&rel.to_string_lossy()).into_owned();
            let path = rel
                .to_str()
                .ok_or(UnsafePath::NotNormal)
                .and_then(|r| inside(dir, r))
                .with_context(|| format!("refusing to write `{shown}`"))?;
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).with_context(|| {
                    said!("cannot create `{}`", "无法创建 `{}`", parent.display())
                })?;
            }
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .with_context(|| said!("cannot write `{}`", "无法写入 `{}`", path.display()))?;
            f.write_all(bytes)
                .with_context(|| said!("cannot write `{}`", "无法写入 `{}`", path.display()))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_gate() {
        for ok in [
            "a.yaml",
            "sys/a.yaml",
            ".gitignore",
            "a..b/c.yaml",
            "...",
            "中文/標準.yaml",
        ] {
            assert_eq!(safe_rel(ok), Ok(Path::new(ok)), "{ok}");
        }
        for (bad, why) in [
            ("", UnsafePath::Empty),
            ("a\0b", UnsafePath::Nul),
            ("a\\b.yaml", UnsafePath::Backslash),
            ("..\\x.yaml", UnsafePath::Backslash),
            ("/etc/x.yaml", UnsafePath::EmptyComponent),
            ("a//b.yaml", UnsafePath::EmptyComponent),
            ("a/", UnsafePath::EmptyComponent),
            ("..", UnsafePath::Dot),
            ("../x.yaml", UnsafePath::Dot),
            ("a/../../b.yaml", UnsafePath::Dot),
            ("./a.yaml", UnsafePath::Dot),
            ("a/./b.yaml", UnsafePath::Dot),
        ] {
            assert_eq!(safe_rel(bad), Err(why), "{bad:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn inside_follows_links() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("root");
        std::fs::create_dir_all(root.join("d")).unwrap();
        std::os::unix::fs::symlink(t.path(), root.join("out")).unwrap();
        std::os::unix::fs::symlink(root.join("d"), root.join("in")).unwrap();
        std::os::unix::fs::symlink(t.path().join("nowhere"), root.join("broken")).unwrap();
        let canon = root.canonicalize().unwrap();
        assert_eq!(inside(&root, "d/x.yaml"), Ok(canon.join("d/x.yaml")));
        assert_eq!(inside(&root, "new/x.yaml"), Ok(canon.join("new/x.yaml")));
        assert_eq!(inside(&root, "in/x.yaml"), Ok(canon.join("d/x.yaml")));
        assert_eq!(inside(&root, "out/x.yaml"), Err(UnsafePath::Outside));
        assert_eq!(inside(&root, "broken"), Err(UnsafePath::Outside));
        assert_eq!(inside(&root, "../x.yaml"), Err(UnsafePath::Dot));
    }
}
