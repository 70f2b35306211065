//! Change control: what changed in a system between two git revisions (`stdkit diff`), and the
//! files as they were at a revision for the change rules (`check --since`, `rules::change`).
//!
//! Git is used through its command line, never a library: `git rev-parse` finds the repository
//! and the commits, `git ls-tree -r` lists a revision's files below the root, and one
//! `git cat-file --batch` process reads all their blobs. A revision's side is written into a
//! temporary folder and loaded there with [`crate::load::load`], so both sides are read by the
//! same code as `check` (exclusions, catalogues, counting); the working tree is loaded in place.
//! Standards are paired by `id` (a moved file is the same standard); each pair's YAML trees are
//! compared by path, list entries matched by a key field (`name`, `item`, `law` …) where every
//! entry has a distinct one, else aligned by a longest common subsequence.

use crate::count::Counts;
use crate::diag::Lang;
use crate::load::{self, Unchecked};
use crate::model::{Kind, Status};
use crate::system::{Root, System};
use crate::yaml::{self, Node, ScalarType, Span, Value};
use anyhow::{Context, Result, bail};
use serde_json::{Value as Json, json};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use unicode_width::UnicodeWidthStr;

// ---------------------------------------------------------------- git

/// The git repository that holds a system root.
#[derive(Clone, Debug)]
pub struct Repo {
    /// The repository's top folder.
    pub top: PathBuf,
    /// The system root relative to `top` (empty when the root is the top).
    pub prefix: PathBuf,
}

/// Runs `git` in `dir` and returns its standard output; a failure carries git's message.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let out = Command::new("git")
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
        })?;
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
        let out = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["rev-parse", "--show-toplevel"])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::NotFound {
                    anyhow::anyhow!("cannot run `git`: it is not installed or not on PATH")
                } else {
                    anyhow::anyhow!("cannot run `git`: {e}")
                }
            })?;
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
        let out = Command::new("git")
            .arg("-C")
            .arg(&self.top)
            .args(["rev-parse", "--verify", "--quiet", &spec])
            .stdin(Stdio::null())
            .output()
            .context("cannot run `git`")?;
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
        self.files
            .contains_key(Path::new(crate::system::SYSTEM_FILE))
    }

    /// A file's text (lossy for invalid UTF-8).
    pub fn text(&self, rel: &Path) -> Option<String> {
        self.files
            .get(rel)
            .map(|b| String::from_utf8_lossy(b).into_owned())
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

// ---------------------------------------------------------------- comparing trees

/// What happened at a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    Changed,
    Added,
    Removed,
    /// The same entries of a list, in another order.
    Reordered,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Changed => "changed",
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Reordered => "reordered",
        }
    }
}

/// One difference between two trees.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// The YAML path: `item.promised_limit`, `item.steps[受理].days`, `clauses[2].text`. A list
    /// entry matched by a key field is named by it in brackets, else by its index (in the new
    /// tree; in the old one for a removed entry).
    pub path: String,
    pub kind: ChangeKind,
    pub old: Option<Node>,
    pub new: Option<Node>,
    /// Where the change is in the new tree: the new value, or for a removal the mapping or
    /// list that lost it.
    pub at: Span,
}

impl Change {
    /// The top-level field the change is in (`item` for `item.steps[受理].days`).
    pub fn field(&self) -> &str {
        let end = self.path.find(['.', '[']).unwrap_or(self.path.len());
        &self.path[..end]
    }
}

/// Fields of list entries that name them, in order of preference: an entry of a list is
/// matched by the first of these that every entry on both sides has, with distinct values.
pub const KEY_FIELDS: &[&str] = &[
    "id", "code", "name", "item", "law", "term", "content", "title", "unit",
];

/// Lists longer than this (product of both lengths) are aligned by position, not by LCS.
const LCS_LIMIT: usize = 250_000;

/// The differences between two trees, in document order.
pub fn compare(old: &Node, new: &Node) -> Vec<Change> {
    let mut out = Vec::new();
    walk("", old, new, &mut out);
    out
}

fn is_null(n: &Node) -> bool {
    matches!(n.value, Value::Null)
}

/// A scalar's number when it reads as one (plain), so `1` and `1.0` are the same.
fn number(n: &Node) -> Option<f64> {
    match &n.value {
        Value::Scalar { text, plain: true } => match yaml::scalar_type(text, true) {
            ScalarType::Int | ScalarType::Float => text.parse().ok(),
            _ => None,
        },
        _ => None,
    }
}

/// Equality of trees, ignoring positions, mapping order and null-valued keys.
pub fn same(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Null, Value::Null) => true,
        (Value::Scalar { text: x, .. }, Value::Scalar { text: y, .. }) => {
            x == y || matches!((number(a), number(b)), (Some(p), Some(q)) if p == q)
        }
        (Value::Seq(x), Value::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            let live = |m: &[yaml::Entry]| m.iter().filter(|e| !is_null(&e.value)).count();
            live(x) == live(y)
                && x.iter().filter(|e| !is_null(&e.value)).all(|e| {
                    y.iter()
                        .find(|f| f.key == e.key)
                        .is_some_and(|f| same(&e.value, &f.value))
                })
        }
        _ => false,
    }
}

fn push_key(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn walk(path: &str, old: &Node, new: &Node, out: &mut Vec<Change>) {
    match (&old.value, &new.value) {
        (Value::Map(a), Value::Map(b)) => {
            for e in a.iter().filter(|e| !is_null(&e.value)) {
                let p = push_key(path, &e.key);
                match b.iter().find(|f| f.key == e.key && !is_null(&f.value)) {
                    Some(f) => walk(&p, &e.value, &f.value, out),
                    None => out.push(Change {
                        path: p,
                        kind: ChangeKind::Removed,
                        old: Some(e.value.clone()),
                        new: None,
                        at: new.span,
                    }),
                }
            }
            for f in b.iter().filter(|f| !is_null(&f.value)) {
                if !a.iter().any(|e| e.key == f.key && !is_null(&e.value)) {
                    out.push(Change {
                        path: push_key(path, &f.key),
                        kind: ChangeKind::Added,
                        old: None,
                        new: Some(f.value.clone()),
                        at: f.key_span,
                    });
                }
            }
        }
        (Value::Seq(a), Value::Seq(b)) => match key_field(a, b) {
            Some(key) => keyed(path, key, new, a, b, out),
            None => aligned(path, new, a, b, out),
        },
        _ => {
            if !same(old, new) {
                out.push(Change {
                    path: path.to_string(),
                    kind: ChangeKind::Changed,
                    old: Some(old.clone()),
                    new: Some(new.clone()),
                    at: new.span,
                });
            }
        }
    }
}

/// The key text of an entry under `field`.
fn key_of<'a>(n: &'a Node, field: &str) -> Option<&'a str> {
    n.get(field).and_then(Node::as_str)
}

/// The first of [`KEY_FIELDS`] that names every entry of both lists, distinctly on each side.
fn key_field(a: &[Node], b: &[Node]) -> Option<&'static str> {
    if a.is_empty() && b.is_empty() {
        return None;
    }
    KEY_FIELDS.iter().copied().find(|k| {
        [a, b].iter().all(|list| {
            let mut seen = HashSet::new();
            list.iter()
                .all(|n| key_of(n, k).is_some_and(|v| seen.insert(v)))
        })
    })
}

fn keyed(path: &str, key: &str, new: &Node, a: &[Node], b: &[Node], out: &mut Vec<Change>) {
    let seg = |v: &str| format!("{path}[{v}]");
    let in_b: HashMap<&str, &Node> = b
        .iter()
        .filter_map(|n| Some((key_of(n, key)?, n)))
        .collect();
    let in_a: HashMap<&str, &Node> = a
        .iter()
        .filter_map(|n| Some((key_of(n, key)?, n)))
        .collect();
    for e in a {
        let k = key_of(e, key).unwrap_or_default();
        match in_b.get(k) {
            Some(f) => walk(&seg(k), e, f, out),
            None => out.push(Change {
                path: seg(k),
                kind: ChangeKind::Removed,
                old: Some(e.clone()),
                new: None,
                at: new.span,
            }),
        }
    }
    for f in b {
        let k = key_of(f, key).unwrap_or_default();
        if !in_a.contains_key(k) {
            out.push(Change {
                path: seg(k),
                kind: ChangeKind::Added,
                old: None,
                new: Some(f.clone()),
                at: f.span,
            });
        }
    }
    // The entries both sides have, in another order (the order of steps matters).
    let common_a: Vec<&str> = a
        .iter()
        .filter_map(|n| key_of(n, key))
        .filter(|k| in_b.contains_key(k))
        .collect();
    let common_b: Vec<&str> = b
        .iter()
        .filter_map(|n| key_of(n, key))
        .filter(|k| in_a.contains_key(k))
        .collect();
    if common_a != common_b {
        let list = |keys: &[&str]| Node {
            span: Span::default(),
            value: Value::Seq(
                keys.iter()
                    .map(|k| Node {
                        span: Span::default(),
                        value: Value::Scalar {
                            text: (*k).to_string(),
                            plain: false,
                        },
                    })
                    .collect(),
            ),
        };
        out.push(Change {
            path: path.to_string(),
            kind: ChangeKind::Reordered,
            old: Some(list(&common_a)),
            new: Some(list(&common_b)),
            at: new.span,
        });
    }
}

/// Aligns two unkeyed lists by their longest common subsequence of equal entries; entries
/// between two anchors are paired by position (and compared inside), the rest added/removed.
fn aligned(path: &str, new: &Node, a: &[Node], b: &[Node], out: &mut Vec<Change>) {
    let (n, m) = (a.len(), b.len());
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    if n.saturating_mul(m) <= LCS_LIMIT {
        let mut dp = vec![0u32; (n + 1) * (m + 1)];
        let at = |i: usize, j: usize| i * (m + 1) + j;
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                dp[at(i, j)] = if same(&a[i], &b[j]) {
                    dp[at(i + 1, j + 1)] + 1
                } else {
                    dp[at(i + 1, j)].max(dp[at(i, j + 1)])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n && j < m {
            if same(&a[i], &b[j]) {
                pairs.push((i, j));
                i += 1;
                j += 1;
            } else if dp[at(i + 1, j)] >= dp[at(i, j + 1)] {
                i += 1;
            } else {
                j += 1;
            }
        }
    }
    pairs.push((n, m));
    let (mut i0, mut j0) = (0, 0);
    for (i1, j1) in pairs {
        let (ra, rb) = (i1 - i0, j1 - j0);
        for k in 0..ra.min(rb) {
            walk(&format!("{path}[{}]", j0 + k), &a[i0 + k], &b[j0 + k], out);
        }
        for k in rb..ra {
            out.push(Change {
                path: format!("{path}[{}]", i0 + k),
                kind: ChangeKind::Removed,
                old: Some(a[i0 + k].clone()),
                new: None,
                at: new.span,
            });
        }
        for k in ra..rb {
            out.push(Change {
                path: format!("{path}[{}]", j0 + k),
                kind: ChangeKind::Added,
                old: None,
                new: Some(b[j0 + k].clone()),
                at: b[j0 + k].span,
            });
        }
        (i0, j0) = (i1 + 1, j1 + 1);
    }
}

// ---------------------------------------------------------------- the two sides

/// One side of a comparison: a revision or the working tree.
#[derive(Clone, Debug)]
pub struct Rev {
    /// As the user named it (`HEAD~1`); `None` for the working tree.
    pub name: Option<String>,
    /// The commit it resolved to.
    pub commit: Option<String>,
}

impl Rev {
    fn label(&self, lang: Lang) -> String {
        match &self.name {
            Some(n) => format!("`{n}`"),
            None => match lang {
                Lang::En => "the working tree".into(),
                Lang::Zh => "工作区".into(),
            },
        }
    }
}

/// A side, loaded: its system (`None` when the revision has no `stdkit.yaml` at the root) and
/// its files' texts.
struct Side {
    system: Option<System>,
    snapshot: Option<Snapshot>,
    /// Keeps the revision's temporary folder until the comparison is done.
    _dir: Option<tempfile::TempDir>,
}

impl Side {
    fn worktree(root: &Root) -> Result<Side> {
        let system = load::load(root.clone(), &load::Options::default(), &Unchecked)?;
        Ok(Side {
            system: Some(system),
            snapshot: None,
            _dir: None,
        })
    }

    fn revision(repo: &Repo, commit: &str) -> Result<Side> {
        let snapshot = repo.snapshot(commit)?;
        if !snapshot.has_system() {
            return Ok(Side {
                system: None,
                snapshot: Some(snapshot),
                _dir: None,
            });
        }
        let dir = tempfile::Builder::new()
            .prefix("stdkit-diff-")
            .tempdir()
            .context("cannot create a temporary folder")?;
        snapshot.write_to(dir.path())?;
        let root = Root::find(Some(dir.path()))?;
        let system = load::load(root, &load::Options::default(), &Unchecked)?;
        Ok(Side {
            system: Some(system),
            snapshot: Some(snapshot),
            _dir: Some(dir),
        })
    }

    fn text(&self, rel: &Path) -> Option<String> {
        match (&self.snapshot, &self.system) {
            (Some(s), _) => s.text(rel),
            (None, Some(sys)) => std::fs::read(sys.root.dir.join(rel))
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned()),
            (None, None) => None,
        }
    }

    fn tree(&self, rel: &Path) -> Option<Node> {
        yaml::parse(&self.text(rel)?).root
    }
}

// ---------------------------------------------------------------- the comparison

/// A standard as listed in a diff.
#[derive(Clone, Debug)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub kind: Option<Kind>,
    pub status: Option<Status>,
    /// As shown (relative to the current folder, like `check`).
    pub file: String,
}

/// A standard both sides have, with its changes.
#[derive(Clone, Debug)]
pub struct Revised {
    pub entry: Entry,
    /// The file at the base, when the standard moved.
    pub old_file: Option<String>,
    pub changes: Vec<Change>,
}

/// A status that moved.
#[derive(Clone, Debug)]
pub struct StatusChange {
    pub id: String,
    pub title: String,
    pub from: Status,
    pub to: Status,
}

/// Changes to `stdkit.yaml` or a catalogue file.
#[derive(Clone, Debug)]
pub struct FileChanges {
    pub file: String,
    pub changes: Vec<Change>,
}

/// The statistics of one side (outputs.md).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Figures {
    /// 应有
    pub required: usize,
    /// 现有
    pub existing: usize,
    pub pipeline: usize,
    pub retired: usize,
    pub coverage: Option<f64>,
    /// (covered, total) of each catalogue.
    pub posts: (usize, usize),
    pub items: (usize, usize),
    pub assets: (usize, usize),
}

impl Figures {
    pub fn of(counts: &Counts) -> Figures {
        Figures {
            required: counts.overall.required,
            existing: counts.overall.existing,
            pipeline: counts.pipeline,
            retired: counts.retired,
            coverage: counts.coverage(),
            posts: (counts.posts.covered, counts.posts.total),
            items: (counts.items.covered, counts.items.total),
            assets: (counts.assets.covered, counts.assets.total),
        }
    }
}

/// Everything `stdkit diff` reports.
#[derive(Clone, Debug)]
pub struct Diff {
    pub base: Rev,
    pub head: Rev,
    /// The root as shown.
    pub root: String,
    pub added: Vec<Entry>,
    pub removed: Vec<Entry>,
    pub revised: Vec<Revised>,
    pub status_changes: Vec<StatusChange>,
    pub system_files: Vec<FileChanges>,
    pub before: Figures,
    pub after: Figures,
}

impl Diff {
    /// Whether nothing at all changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.revised.is_empty()
            && self.system_files.is_empty()
    }
}

/// Compares the system at `root` between the revisions `base` and `head` (`None`: the working
/// tree).
pub fn diff(root: &Root, base: &str, head: Option<&str>) -> Result<Diff> {
    let repo = Repo::open(root)?;
    let base_commit = repo.commit(base)?;
    let head_commit = head.map(|h| repo.commit(h)).transpose()?;
    let old = Side::revision(&repo, &base_commit)?;
    let new = match &head_commit {
        Some(c) => Side::revision(&repo, c)?,
        None => Side::worktree(root)?,
    };
    if new.system.is_none() {
        bail!(
            "there is no `{}` in `{}` at `{}`",
            crate::system::SYSTEM_FILE,
            root.display.display(),
            head.unwrap_or_default()
        );
    }
    let mut d = compare_sides(root, &old, &new);
    d.base = Rev {
        name: Some(base.to_string()),
        commit: Some(base_commit),
    };
    d.head = Rev {
        name: head.map(str::to_string),
        commit: head_commit,
    };
    Ok(d)
}

/// Standards of a side by pairing key: the id (`id@file` for a repeated id; `@file` without
/// one).
fn by_key(system: Option<&System>) -> BTreeMap<String, &crate::system::Loaded> {
    let mut out = BTreeMap::new();
    for l in system.map_or(&[][..], |s| &s.standards) {
        let rel = l.rel.to_string_lossy().replace('\\', "/");
        let key = match l.std.id() {
            Some(id) if !out.contains_key(id) => id.to_string(),
            Some(id) => format!("{id}@{rel}"),
            None => format!("@{rel}"),
        };
        out.insert(key, l);
    }
    out
}

fn entry(root: &Root, l: &crate::system::Loaded) -> Entry {
    Entry {
        id: l.std.id().unwrap_or_default().to_string(),
        title: l.std.title.clone().unwrap_or_default(),
        kind: l.std.kind,
        status: l.std.status(),
        file: root.file_name(&l.rel).to_string(),
    }
}

fn compare_sides(root: &Root, old: &Side, new: &Side) -> Diff {
    let a = by_key(old.system.as_ref());
    let b = by_key(new.system.as_ref());
    let mut d = Diff {
        base: Rev {
            name: None,
            commit: None,
        },
        head: Rev {
            name: None,
            commit: None,
        },
        root: root.display.to_string_lossy().into_owned(),
        added: Vec::new(),
        removed: Vec::new(),
        revised: Vec::new(),
        status_changes: Vec::new(),
        system_files: Vec::new(),
        before: old
            .system
            .as_ref()
            .map(|s| Figures::of(&Counts::of(&s.standards, &s.sys)))
            .unwrap_or_default(),
        after: new
            .system
            .as_ref()
            .map(|s| Figures::of(&Counts::of(&s.standards, &s.sys)))
            .unwrap_or_default(),
    };
    for (key, l) in &a {
        if !b.contains_key(key) {
            d.removed.push(entry(root, l));
        }
    }
    for (key, l) in &b {
        let Some(o) = a.get(key) else {
            d.added.push(entry(root, l));
            continue;
        };
        let changes = match (old.tree(&o.rel), new.tree(&l.rel)) {
            (Some(x), Some(y)) => compare(&x, &y),
            _ => Vec::new(),
        };
        let moved = o.rel != l.rel;
        if !changes.is_empty() || moved {
            d.revised.push(Revised {
                entry: entry(root, l),
                old_file: moved.then(|| root.file_name(&o.rel).to_string()),
                changes,
            });
        }
        if let (Some(from), Some(to)) = (o.std.status(), l.std.status())
            && from != to
        {
            d.status_changes.push(StatusChange {
                id: l.std.id().unwrap_or_default().to_string(),
                title: l.std.title.clone().unwrap_or_default(),
                from,
                to,
            });
        }
    }
    // stdkit.yaml and the catalogue files of either side.
    let mut files: Vec<PathBuf> = vec![PathBuf::from(crate::system::SYSTEM_FILE)];
    for s in [&old.system, &new.system].into_iter().flatten() {
        for c in [
            catalogue_path(&s.sys.config.posts),
            catalogue_path(&s.sys.config.items),
            catalogue_path(&s.sys.config.assets),
        ]
        .into_iter()
        .flatten()
        {
            let p = PathBuf::from(c);
            if !files.contains(&p) {
                files.push(p);
            }
        }
    }
    for rel in files {
        let empty = Node {
            span: Span::default(),
            value: Value::Null,
        };
        let x = old.tree(&rel);
        let y = new.tree(&rel);
        if x.is_none() && y.is_none() {
            continue;
        }
        let changes = compare(x.as_ref().unwrap_or(&empty), y.as_ref().unwrap_or(&empty));
        if !changes.is_empty() {
            d.system_files.push(FileChanges {
                file: root.file_name(&rel).to_string(),
                changes,
            });
        }
    }
    d
}

fn catalogue_path<T>(c: &Option<crate::model::Catalogue<T>>) -> Option<&str> {
    match c {
        Some(crate::model::Catalogue::Path(p)) => Some(p),
        _ => None,
    }
}

// ---------------------------------------------------------------- showing values

/// A value in one line: scalars as written, lists `[a, b]`, mappings `{k: v}`, cut at `max`
/// display columns with `…`.
pub fn show(n: &Node, max: usize) -> String {
    fn flat(n: &Node, out: &mut String) {
        match &n.value {
            Value::Null => out.push('~'),
            Value::Scalar { text, .. } => {
                let one_line: String = text
                    .trim_end()
                    .chars()
                    .map(|c| if c == '\n' { ' ' } else { c })
                    .collect();
                out.push_str(&one_line);
            }
            Value::Seq(items) => {
                out.push('[');
                for (i, it) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    flat(it, out);
                }
                out.push(']');
            }
            Value::Map(entries) => {
                out.push('{');
                for (i, e) in entries.iter().filter(|e| !is_null(&e.value)).enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&e.key);
                    out.push_str(": ");
                    flat(&e.value, out);
                }
                out.push('}');
            }
        }
    }
    let mut s = String::new();
    flat(n, &mut s);
    cut(&s, max)
}

use crate::text::cut;

/// Long text is shown around what changed: the differing middle of both sides with a little
/// context (`…应在5个工作日内…` → `…应在3个工作日内…`).
fn excerpt(old: &str, new: &str) -> (String, String) {
    let a: Vec<char> = old
        .chars()
        .map(|c| if c == '\n' { ' ' } else { c })
        .collect();
    let b: Vec<char> = new
        .chars()
        .map(|c| if c == '\n' { ' ' } else { c })
        .collect();
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let max_suf = a.len().min(b.len()) - pre;
    let suf = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suf)
        .take_while(|(x, y)| x == y)
        .count();
    const CONTEXT: usize = 6;
    const MIDDLE: usize = 40;
    let part = |v: &[char]| {
        let start = pre.saturating_sub(CONTEXT);
        let end = (v.len() - suf + CONTEXT).min(v.len());
        let mut mid: String = v[start..end].iter().collect();
        if end - start > MIDDLE + 2 * CONTEXT {
            mid = v[start..start + MIDDLE + CONTEXT]
                .iter()
                .collect::<String>()
                + "…";
        }
        let lead = if start > 0 { "…" } else { "" };
        let tail = if end < v.len() && !mid.ends_with('…') {
            "…"
        } else {
            ""
        };
        format!("{lead}{mid}{tail}")
    };
    (part(&a), part(&b))
}

/// Whether a scalar is long text (shown as an excerpt of the change).
fn is_text(n: &Node) -> bool {
    match &n.value {
        Value::Scalar { text, .. } => text.trim_end().contains('\n') || text.width() > 40,
        _ => false,
    }
}

/// The change as `(before, after)` texts for display; `None` where a side has nothing.
fn sides(c: &Change) -> (Option<String>, Option<String>) {
    const MAX: usize = 60;
    match (&c.old, &c.new) {
        (Some(o), Some(n)) if c.kind == ChangeKind::Changed && (is_text(o) || is_text(n)) => {
            let (x, y) = excerpt(o.as_str().unwrap_or(""), n.as_str().unwrap_or(""));
            (Some(x), Some(y))
        }
        (o, n) => (
            o.as_ref().map(|v| show(v, MAX)),
            n.as_ref().map(|v| show(v, MAX)),
        ),
    }
}

/// A node as JSON: scalars typed as the YAML core schema reads them (when plain).
pub fn to_json(n: &Node) -> Json {
    match &n.value {
        Value::Null => Json::Null,
        Value::Scalar { text, plain } => match yaml::scalar_type(text, *plain) {
            ScalarType::Bool => Json::Bool(text.eq_ignore_ascii_case("true")),
            ScalarType::Int => text
                .parse::<i64>()
                .map(Json::from)
                .unwrap_or_else(|_| Json::String(text.clone())),
            ScalarType::Float => text
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(Json::Number)
                .unwrap_or_else(|| Json::String(text.clone())),
            _ => Json::String(text.clone()),
        },
        Value::Seq(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|e| (e.key.clone(), to_json(&e.value)))
                .collect(),
        ),
    }
}

// ---------------------------------------------------------------- rendering

fn tr(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

use crate::text::percent as pct;

fn delta(a: usize, b: usize) -> String {
    match b.cmp(&a) {
        std::cmp::Ordering::Equal => String::new(),
        std::cmp::Ordering::Greater => format!("+{}", b - a),
        std::cmp::Ordering::Less => format!("−{}", a - b),
    }
}

fn delta_pct(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) => {
            let d = (b - a) * 100.0;
            if d.abs() < 0.05 {
                String::new()
            } else if d > 0.0 {
                format!("+{d:.1} pp")
            } else {
                format!("−{:.1} pp", -d)
            }
        }
        (None, None) => String::new(),
        _ => "—".into(),
    }
}

/// The statistics rows: label, before, after, change.
fn stat_rows(d: &Diff, lang: Lang) -> Vec<[String; 4]> {
    let (a, b) = (&d.before, &d.after);
    let count = |label: &str, x: usize, y: usize| {
        [label.to_string(), x.to_string(), y.to_string(), delta(x, y)]
    };
    let cat = |label: &str, x: (usize, usize), y: (usize, usize)| {
        [
            label.to_string(),
            format!("{}/{}", x.0, x.1),
            format!("{}/{}", y.0, y.1),
            delta(x.0, y.0),
        ]
    };
    vec![
        count(
            tr(lang, "required (应有)", "应有标准"),
            a.required,
            b.required,
        ),
        count(
            tr(lang, "existing (现有)", "现有标准"),
            a.existing,
            b.existing,
        ),
        count(
            tr(lang, "in the pipeline", "待制定及制修订中"),
            a.pipeline,
            b.pipeline,
        ),
        count(
            tr(lang, "superseded or abolished", "被代替或废止"),
            a.retired,
            b.retired,
        ),
        cat(tr(lang, "posts covered", "岗位覆盖"), a.posts, b.posts),
        cat(tr(lang, "items covered", "事项覆盖"), a.items, b.items),
        cat(
            tr(lang, "assets covered", "设施设备覆盖"),
            a.assets,
            b.assets,
        ),
        [
            tr(lang, "coverage (覆盖率)", "标准覆盖率").to_string(),
            pct(a.coverage),
            pct(b.coverage),
            delta_pct(a.coverage, b.coverage),
        ],
    ]
}

fn describe(e: &Entry) -> String {
    let kind = e.kind.map_or("?", Kind::as_str);
    let status = e.status.map_or("?", Status::as_str);
    format!("{kind}, {status}")
}

/// One change as a line: `item.promised_limit: 5 → 3`, `abolished: added 2026-11-20`.
fn change_line(c: &Change, lang: Lang) -> String {
    let (o, n) = sides(c);
    let (o, n) = (o.unwrap_or_default(), n.unwrap_or_default());
    let path = if c.path.is_empty() { "(file)" } else { &c.path };
    match c.kind {
        ChangeKind::Changed => format!("{path}: {o} → {n}"),
        ChangeKind::Added => format!("{path}: {} {n}", tr(lang, "added", "新增")),
        ChangeKind::Removed => format!("{path}: {} {o}", tr(lang, "removed", "删除")),
        ChangeKind::Reordered => format!("{path}: {} {o} → {n}", tr(lang, "reordered", "顺序调整")),
    }
}

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

impl Diff {
    fn title(&self, lang: Lang) -> String {
        let (base, head) = (self.base.label(lang), self.head.label(lang));
        let here = self.root == ".";
        match lang {
            Lang::En if here => format!("Changes from {base} to {head}"),
            Lang::En => format!("Changes from {base} to {head} in `{}`", self.root),
            Lang::Zh if here => format!("变更：{base} → {head}"),
            Lang::Zh => format!("变更：{base} → {head}（`{}`）", self.root),
        }
    }

    /// Text for a terminal.
    pub fn human(&self, lang: Lang, color: bool) -> String {
        let p = Paint { on: color };
        let mut out = String::new();
        let _ = writeln!(out, "{}\n", p.wrap("1", &self.title(lang)));
        if self.added.is_empty() && self.removed.is_empty() && self.revised.is_empty() {
            let _ = writeln!(
                out,
                "{}\n",
                tr(lang, "No standard changed.", "标准无变更。")
            );
        }
        let head = |out: &mut String, en: &'static str, zh: &'static str, n: usize| {
            let _ = writeln!(
                out,
                "{}",
                p.wrap("1", &format!("{} ({n})", tr(lang, en, zh)))
            );
        };
        if !self.added.is_empty() {
            head(&mut out, "Added", "新增", self.added.len());
            for e in &self.added {
                let line = format!("+ {} {} ({})  {}", e.id, e.title, describe(e), e.file);
                let _ = writeln!(out, "  {}", p.wrap("32", &line));
            }
            out.push('\n');
        }
        if !self.removed.is_empty() {
            head(&mut out, "Removed", "删除", self.removed.len());
            for e in &self.removed {
                let line = format!("- {} {} ({})  {}", e.id, e.title, describe(e), e.file);
                let _ = writeln!(out, "  {}", p.wrap("31", &line));
            }
            out.push('\n');
        }
        if !self.revised.is_empty() {
            head(&mut out, "Revised", "修改", self.revised.len());
            for r in &self.revised {
                let e = &r.entry;
                let line = format!("~ {} {}  {}", e.id, e.title, e.file);
                let _ = writeln!(out, "  {}", p.wrap("33", &line));
                if let Some(f) = &r.old_file {
                    let _ = writeln!(out, "      {} {f}", tr(lang, "moved from", "移自"));
                }
                for c in &r.changes {
                    let _ = writeln!(out, "      {}", change_line(c, lang));
                }
            }
            out.push('\n');
        }
        if !self.status_changes.is_empty() {
            head(
                &mut out,
                "Status changes",
                "状态变更",
                self.status_changes.len(),
            );
            for s in &self.status_changes {
                let _ = writeln!(
                    out,
                    "  {} {}: {} → {} ({} → {})",
                    s.id,
                    s.title,
                    s.from.as_str(),
                    s.to.as_str(),
                    s.from.zh(),
                    s.to.zh()
                );
            }
            out.push('\n');
        }
        if !self.system_files.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                p.wrap("1", tr(lang, "System and catalogues", "体系配置和目录"))
            );
            for f in &self.system_files {
                let _ = writeln!(out, "  {}", f.file);
                for c in &f.changes {
                    let _ = writeln!(out, "      {}", change_line(c, lang));
                }
            }
            out.push('\n');
        }
        let _ = writeln!(out, "{}", p.wrap("1", tr(lang, "Statistics", "统计")));
        let header = [
            String::new(),
            tr(lang, "before", "变更前").to_string(),
            tr(lang, "after", "变更后").to_string(),
            tr(lang, "change", "变化").to_string(),
        ];
        let rows = stat_rows(self, lang);
        let mut widths = [0usize; 4];
        for r in std::iter::once(&header).chain(&rows) {
            for (w, c) in widths.iter_mut().zip(r) {
                *w = (*w).max(c.width());
            }
        }
        for r in std::iter::once(&header).chain(&rows) {
            let mut line = format!("  {}{}", r[0], " ".repeat(widths[0] - r[0].width()));
            for (c, w) in r.iter().zip(&widths).skip(1) {
                let _ = write!(line, "  {}{c}", " ".repeat(w - c.width()));
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
        out
    }

    /// GitHub-flavoured Markdown, for a pull-request comment.
    pub fn markdown(&self, lang: Lang) -> String {
        let cell = |s: &str| crate::text::md(s);
        let code = |s: &str| {
            if s.is_empty() {
                String::new()
            } else {
                format!("`{}`", s.replace('`', "'").replace('|', "\\|"))
            }
        };
        let mut out = String::new();
        let _ = writeln!(out, "### {}\n", self.title(lang));
        let _ = writeln!(
            out,
            "{}\n",
            match lang {
                Lang::En => format!(
                    "**{} added · {} removed · {} revised · {} status change{}**",
                    self.added.len(),
                    self.removed.len(),
                    self.revised.len(),
                    self.status_changes.len(),
                    if self.status_changes.len() == 1 {
                        ""
                    } else {
                        "s"
                    }
                ),
                Lang::Zh => format!(
                    "**新增 {} · 删除 {} · 修改 {} · 状态变更 {}**",
                    self.added.len(),
                    self.removed.len(),
                    self.revised.len(),
                    self.status_changes.len()
                ),
            }
        );
        let list = |out: &mut String, title: &str, entries: &[Entry]| {
            let _ = writeln!(out, "#### {title}\n");
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |\n|---|---|---|---|---|",
                tr(lang, "id", "编号"),
                tr(lang, "title", "标准名称"),
                tr(lang, "kind", "类型"),
                tr(lang, "status", "状态"),
                tr(lang, "file", "文件")
            );
            for e in entries {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    cell(&e.id),
                    cell(&e.title),
                    e.kind.map_or("", Kind::as_str),
                    e.status.map_or("", Status::as_str),
                    code(&e.file)
                );
            }
            out.push('\n');
        };
        if !self.added.is_empty() {
            list(&mut out, tr(lang, "Added", "新增"), &self.added);
        }
        if !self.removed.is_empty() {
            list(&mut out, tr(lang, "Removed", "删除"), &self.removed);
        }
        let changes_table = |out: &mut String, changes: &[Change]| {
            let _ = writeln!(
                out,
                "| {} | {} | {} |\n|---|---|---|",
                tr(lang, "field", "字段"),
                tr(lang, "before", "变更前"),
                tr(lang, "after", "变更后")
            );
            for c in changes {
                let (o, n) = sides(c);
                let mark = match c.kind {
                    ChangeKind::Reordered => tr(lang, " (order)", "（顺序）"),
                    _ => "",
                };
                let _ = writeln!(
                    out,
                    "| {}{mark} | {} | {} |",
                    code(&c.path),
                    o.map_or_else(|| "—".to_string(), |s| cell(&s)),
                    n.map_or_else(|| "—".to_string(), |s| cell(&s))
                );
            }
            out.push('\n');
        };
        if !self.revised.is_empty() {
            let _ = writeln!(out, "#### {}\n", tr(lang, "Revised", "修改"));
            for r in &self.revised {
                let e = &r.entry;
                let _ = writeln!(
                    out,
                    "**{}** {} ({})\n",
                    cell(&e.id),
                    cell(&e.title),
                    code(&e.file)
                );
                if let Some(f) = &r.old_file {
                    let _ = writeln!(out, "{} {}\n", tr(lang, "Moved from", "移自"), code(f));
                }
                if !r.changes.is_empty() {
                    changes_table(&mut out, &r.changes);
                }
            }
        }
        if !self.status_changes.is_empty() {
            let _ = writeln!(out, "#### {}\n", tr(lang, "Status changes", "状态变更"));
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |\n|---|---|---|---|",
                tr(lang, "id", "编号"),
                tr(lang, "title", "标准名称"),
                tr(lang, "before", "变更前"),
                tr(lang, "after", "变更后")
            );
            for s in &self.status_changes {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} {} | {} {} |",
                    cell(&s.id),
                    cell(&s.title),
                    s.from.as_str(),
                    s.from.zh(),
                    s.to.as_str(),
                    s.to.zh()
                );
            }
            out.push('\n');
        }
        if !self.system_files.is_empty() {
            let _ = writeln!(
                out,
                "#### {}\n",
                tr(lang, "System and catalogues", "体系配置和目录")
            );
            for f in &self.system_files {
                let _ = writeln!(out, "{}\n", code(&f.file));
                changes_table(&mut out, &f.changes);
            }
        }
        let _ = writeln!(out, "#### {}\n", tr(lang, "Statistics", "统计"));
        let _ = writeln!(
            out,
            "| | {} | {} | {} |\n|---|---:|---:|---:|",
            tr(lang, "before", "变更前"),
            tr(lang, "after", "变更后"),
            tr(lang, "change", "变化")
        );
        for r in stat_rows(self, lang) {
            let _ = writeln!(out, "| {} | {} | {} | {} |", r[0], r[1], r[2], r[3]);
        }
        out
    }

    /// The JSON document of `diff --format json`.
    pub fn json(&self) -> Json {
        let rev =
            |r: &Rev| json!({"rev": r.name, "commit": r.commit, "worktree": r.name.is_none()});
        let entry = |e: &Entry| {
            json!({
                "id": e.id,
                "title": e.title,
                "kind": e.kind.map(Kind::as_str),
                "status": e.status.map(Status::as_str),
                "file": e.file,
            })
        };
        let change = |c: &Change| {
            json!({
                "path": c.path,
                "change": c.kind.as_str(),
                "old": c.old.as_ref().map(to_json),
                "new": c.new.as_ref().map(to_json),
            })
        };
        let figures = |f: &Figures| {
            let cat =
                |(covered, total): (usize, usize)| json!({"covered": covered, "total": total});
            json!({
                "required": f.required,
                "existing": f.existing,
                "pipeline": f.pipeline,
                "retired": f.retired,
                "coverage": f.coverage,
                "posts": cat(f.posts),
                "items": cat(f.items),
                "assets": cat(f.assets),
            })
        };
        json!({
            "version": 1,
            "tool": {"name": "stdkit", "version": env!("CARGO_PKG_VERSION")},
            "root": self.root,
            "base": rev(&self.base),
            "head": rev(&self.head),
            "added": self.added.iter().map(entry).collect::<Vec<_>>(),
            "removed": self.removed.iter().map(entry).collect::<Vec<_>>(),
            "revised": self.revised.iter().map(|r| {
                let mut v = entry(&r.entry);
                v["old_file"] = json!(r.old_file);
                v["changes"] = Json::Array(r.changes.iter().map(change).collect());
                v
            }).collect::<Vec<_>>(),
            "status_changes": self.status_changes.iter().map(|s| json!({
                "id": s.id, "title": s.title, "from": s.from.as_str(), "to": s.to.as_str(),
            })).collect::<Vec<_>>(),
            "system_files": self.system_files.iter().map(|f| json!({
                "file": f.file,
                "changes": f.changes.iter().map(change).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "stats": {"before": figures(&self.before), "after": figures(&self.after)},
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(s: &str) -> Node {
        let p = yaml::parse(s);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        p.root.unwrap()
    }

    fn lines(old: &str, new: &str) -> Vec<String> {
        compare(&tree(old), &tree(new))
            .iter()
            .map(|c| change_line(c, Lang::En))
            .collect()
    }

    #[test]
    fn scalars_by_path() {
        assert_eq!(
            lines(
                "status: effective\nitem: {promised_limit: 5, statutory_limit: 20}\n",
                "status: abolished\nabolished: 2026-11-20\nitem: {promised_limit: 3, statutory_limit: 20.0}\n"
            ),
            [
                "status: effective → abolished",
                "item.promised_limit: 5 → 3",
                "abolished: added 2026-11-20"
            ]
        );
    }

    #[test]
    fn lists_matched_by_key() {
        let old = "steps:\n  - {name: 受理, days: 0.5}\n  - {name: 审查, days: 1}\n  - {name: 决定, days: 1}\n";
        let new = "steps:\n  - {name: 受理, days: 0.5}\n  - {name: 决定, days: 1}\n  - {name: 审查, days: 2}\n  - {name: 送达, days: 1}\n";
        assert_eq!(
            lines(old, new),
            [
                "steps[审查].days: 1 → 2",
                "steps[送达]: added {name: 送达, days: 1}",
                "steps: reordered [受理, 审查, 决定] → [受理, 决定, 审查]"
            ]
        );
    }

    #[test]
    fn unkeyed_lists_aligned() {
        assert_eq!(
            lines("d: [a, b, c, d]\n", "d: [a, x, c, d, e]\n"),
            ["d[1]: b → x", "d[4]: added e"]
        );
        assert_eq!(lines("d: [a, b, c]\n", "d: [b, c]\n"), ["d[0]: removed a"]);
        // Repeated keys fall back to alignment.
        assert_eq!(
            lines(
                "basis: [{law: A, article: 1}, {law: A, article: 2}]\n",
                "basis: [{law: A, article: 1}, {law: A, article: 3}]\n"
            ),
            ["basis[1].article: 2 → 3"]
        );
    }

    #[test]
    fn nulls_and_order_are_not_changes() {
        assert!(lines("a: 1\nb: ~\nc: x\n", "c: x\na: 1.0\n").is_empty());
    }

    #[test]
    fn long_text_as_excerpt() {
        let old =
            "t: 窗口工作人员应在5个工作日内办结，并按办事人选择的方式送达办理结果和相关材料。\n";
        let new =
            "t: 窗口工作人员应在3个工作日内办结，并按办事人选择的方式送达办理结果和相关材料。\n";
        assert_eq!(
            lines(old, new),
            ["t: …工作人员应在5个工作日内办… → …工作人员应在3个工作日内办…"]
        );
    }

    #[test]
    fn figures_deltas() {
        assert_eq!(delta(8, 7), "−1");
        assert_eq!(delta(7, 8), "+1");
        assert_eq!(delta(8, 8), "");
        assert_eq!(delta_pct(Some(1.0), Some(0.875)), "−12.5 pp");
    }
}
