//! `stdkit diff`: what changed in a system between two git revisions, or a revision and the
//! working tree — standards added, removed and revised, status changes, `stdkit.yaml` and the
//! catalogue files, and the statistics of both sides.
//!
//! A revision's side is written into a temporary folder and loaded there with [`load::load`]
//! without rules ([`Unchecked`]), so both sides are read by the same code as `check`
//! (exclusions, catalogues, counting) and a broken side still compares; the working tree is
//! loaded in place. A revision with an entry whose path fails [`crate::git::safe_rel`] is an
//! error: nothing of it is written, and a diff that leaves out a file the tree names would
//! claim less changed than did. Links, submodules and files over the size limit are listed in
//! [`Diff::not_compared`]. Standards are paired by `id` (a moved file is the same standard) and each
//! pair's trees compared with [`crate::treediff`]. [`render`] shows the result in a [`Format`].

mod render;
#[cfg(test)]
pub(crate) use render::change_line;

use crate::count::Counts;
use crate::diag::Lang;
use crate::git::{self, Repo, Snapshot, Why};
use crate::load::{self, Unchecked};
use crate::model::{Kind, Status};
use crate::system::{Loaded, Root, SYSTEM_FILE, System};
use crate::treediff::{Change, compare};
use crate::yaml::{self, Node, Span, Value};
use anyhow::{Context, Result, bail};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The output formats of `stdkit diff`, as `--format` takes them. Only `Md` has a doc comment:
/// clap shows variant docs in `--help`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    // Text for a terminal, coloured when asked.
    Human,
    /// Markdown, for a pull-request comment
    Md,
    // The document of `--format json`.
    Json,
}

/// A diff as text in `format`: the one place that chooses a renderer, so the command only
/// names the format.
pub fn render(d: &Diff, format: Format, lang: Lang, color: bool) -> String {
    match format {
        Format::Human => d.human(lang, color),
        Format::Md => d.markdown(lang),
        Format::Json => format!("{:#}\n", d.json()),
    }
}

/// One side of a comparison: a revision or the working tree.
#[derive(Clone, Debug)]
pub struct Rev {
    /// As the user named it (`HEAD~1`); `None` for the working tree.
    pub name: Option<String>,
    /// The commit it resolved to.
    pub commit: Option<String>,
}

/// A side, loaded: its system (`None` when the revision has no `stdkit.yaml` at the root) and
/// its files' texts.
struct Side {
    system: Option<System>,
    snapshot: Option<Snapshot>,
    /// The revision's name, for notes (`None`: the working tree).
    name: Option<String>,
    /// Keeps the revision's temporary folder until the comparison is done.
    _dir: Option<tempfile::TempDir>,
}

impl Side {
    fn worktree(root: &Root) -> Result<Side> {
        let system = load::load(root.clone(), &load::Options::default(), &Unchecked)?;
        Ok(Side {
            system: Some(system),
            snapshot: None,
            name: None,
            _dir: None,
        })
    }

    /// The side of revision `name` (resolved to `commit`). `Err` when the tree has an entry
    /// whose path is unsafe: nothing is written.
    fn revision(repo: &Repo, name: &str, commit: &str) -> Result<Side> {
        let snapshot = repo.snapshot(commit)?;
        if let Some((path, e)) = snapshot.refused.iter().find_map(|r| match r.why {
            Why::Unsafe(e) => Some((&r.path, e)),
            _ => None,
        }) {
            bail!(
                "unsafe path in revision `{}`: `{}` ({e}); nothing of this revision was written or compared",
                crate::text::terminal(name),
                crate::text::terminal(&path.to_string_lossy()),
            );
        }
        if !snapshot.has_system() {
            return Ok(Side {
                system: None,
                snapshot: Some(snapshot),
                name: Some(name.to_string()),
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
            name: Some(name.to_string()),
            _dir: Some(dir),
        })
    }

    /// A file's text. In the working tree `rel` may come from `stdkit.yaml` (a catalogue
    /// path): it passes [`git::inside`] and is read up to the size limit.
    fn text(&self, rel: &Path) -> Option<String> {
        match (&self.snapshot, &self.system) {
            (Some(s), _) => s.text(rel),
            (None, Some(sys)) => {
                let path = git::inside(&sys.root.dir, rel.to_str()?).ok()?;
                git::read_capped(&path)
                    .ok()
                    .flatten()
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
            }
            (None, None) => None,
        }
    }

    /// What the revision's tree has that is not compared.
    fn not_compared(&self, root: &Root) -> Vec<NotCompared> {
        let (Some(s), Some(rev)) = (&self.snapshot, &self.name) else {
            return Vec::new();
        };
        s.refused
            .iter()
            .map(|r| NotCompared {
                rev: rev.clone(),
                file: r.shown(root),
                why: r.why,
            })
            .collect()
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

/// A file of a revision left out of the comparison: a link, a submodule, a file over the size
/// limit.
#[derive(Clone, Debug)]
pub struct NotCompared {
    /// The revision, as the user named it.
    pub rev: String,
    /// As shown.
    pub file: String,
    pub why: Why,
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
    /// Files of either revision that are not compared.
    pub not_compared: Vec<NotCompared>,
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
            && self.not_compared.is_empty()
    }
}

/// Compares the system at `root` between the revisions `base` and `head` (`None`: the working
/// tree).
pub fn diff(root: &Root, base: &str, head: Option<&str>) -> Result<Diff> {
    let repo = Repo::open(root)?;
    let base_commit = repo.commit(base)?;
    let head_commit = head.map(|h| repo.commit(h)).transpose()?;
    let old = Side::revision(&repo, base, &base_commit)?;
    let new = match (head, &head_commit) {
        (Some(h), Some(c)) => Side::revision(&repo, h, c)?,
        _ => Side::worktree(root)?,
    };
    if new.system.is_none() {
        bail!(
            "there is no `{}` in `{}` at `{}`",
            SYSTEM_FILE,
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
fn by_key(system: Option<&System>) -> BTreeMap<String, &Loaded> {
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

fn entry(root: &Root, l: &Loaded) -> Entry {
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
        not_compared: [old.not_compared(root), new.not_compared(root)].concat(),
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
    let mut files: Vec<PathBuf> = vec![PathBuf::from(SYSTEM_FILE)];
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
