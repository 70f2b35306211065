//! Loading a system: find the root, read `stdkit.yaml` and the catalogues, collect the standard
//! files (respecting `.gitignore`, `exclude:` and the fixed exclusions of format.md), then read,
//! parse, validate and check every file in parallel.
//!
//! Loading never fails on bad documents: it returns what it could read plus the findings for the
//! rest. Only a root that cannot be found or read is an `Err` (exit 2).

use crate::diag::{Diagnostic, FileName, Msg};
use crate::model::{Asset, Catalogue, Config, Date, Item, Post, Spanned, Standard, StructureNode};
use crate::rules;
use crate::schema::{self, Doc};
use crate::yaml::{self, Node, Pos, Span};
use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The name of the system file.
pub const SYSTEM_FILE: &str = "stdkit.yaml";
/// The default output folder, relative to the root.
pub const OUTPUT_DIR: &str = "build";

/// Where a system lives and how its paths are shown.
#[derive(Clone, Debug)]
pub struct Root {
    /// The folder holding `stdkit.yaml`, canonical.
    pub dir: PathBuf,
    /// The folder as shown in findings: relative to the current folder where possible.
    pub display: PathBuf,
}

impl Root {
    /// Finds the root: `arg` itself (a folder holding `stdkit.yaml`, or that file), or the
    /// nearest folder at or above the current one that holds `stdkit.yaml`.
    pub fn find(arg: Option<&Path>) -> Result<Root> {
        let cwd = std::env::current_dir().context("cannot read the current folder")?;
        let start = match arg {
            Some(p) => {
                let p = if p.file_name().is_some_and(|n| n == SYSTEM_FILE) && p.is_file() {
                    p.parent().map(Path::to_path_buf).unwrap_or_default()
                } else {
                    p.to_path_buf()
                };
                let p = if p.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    p
                };
                if !p.is_dir() {
                    bail!("`{}` is not a folder", p.display());
                }
                if !p.join(SYSTEM_FILE).is_file() {
                    bail!(
                        "no `{SYSTEM_FILE}` in `{}`: not a system root (run `stdkit init` to make one)",
                        p.display()
                    );
                }
                let dir = p
                    .canonicalize()
                    .with_context(|| format!("cannot read `{}`", p.display()))?;
                return Ok(Root {
                    display: display_path(&cwd, &dir, Some(&p)),
                    dir,
                });
            }
            None => cwd.clone(),
        };
        let mut dir = start.as_path();
        loop {
            if dir.join(SYSTEM_FILE).is_file() {
                let canon = dir
                    .canonicalize()
                    .with_context(|| format!("cannot read `{}`", dir.display()))?;
                return Ok(Root {
                    display: display_path(&cwd, &canon, None),
                    dir: canon,
                });
            }
            match dir.parent() {
                Some(p) => dir = p,
                None => bail!(
                    "no `{SYSTEM_FILE}` found in `{}` or any folder above it (give the system root as an argument)",
                    start.display()
                ),
            }
        }
    }

    /// The name a file below the root is shown by.
    pub fn file_name(&self, rel: &Path) -> FileName {
        let p = if self.display.as_os_str() == "." {
            rel.to_path_buf()
        } else {
            self.display.join(rel)
        };
        p.to_string_lossy().replace('\\', "/").into()
    }
}

/// `dir` as the user named it, else relative to `cwd` when below it, else absolute.
fn display_path(cwd: &Path, dir: &Path, given: Option<&Path>) -> PathBuf {
    if let Some(g) = given {
        let s = g.to_string_lossy();
        let trimmed = s.trim_end_matches('/');
        return PathBuf::from(if trimmed.is_empty() { "." } else { trimmed });
    }
    let cwd = cwd.canonicalize().unwrap_or_else(|_| cwd.to_path_buf());
    if dir == cwd {
        return PathBuf::from(".");
    }
    if let Ok(rel) = dir.strip_prefix(&cwd) {
        return rel.to_path_buf();
    }
    let mut up = PathBuf::new();
    let mut base = cwd.as_path();
    while let Some(parent) = base.parent() {
        up.push("..");
        base = parent;
        if let Ok(rel) = dir.strip_prefix(base) {
            return up.join(rel);
        }
    }
    dir.to_path_buf()
}

/// A catalogue as loaded: its entries and the file that holds them.
#[derive(Clone, Debug, Default)]
pub struct CatalogueOf<T> {
    pub entries: Vec<Spanned<T>>,
    pub file: Option<FileName>,
}

/// A structure node, flattened in structure order.
#[derive(Clone, Debug)]
pub struct StructNode {
    pub code: String,
    pub name: String,
    pub category: Option<crate::model::Category>,
    pub depth: usize,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// The span of the node's code.
    pub span: Span,
    /// The span of the whole entry (coverage findings point here).
    pub entry_span: Span,
}

/// The system file, read.
#[derive(Clone, Debug)]
pub struct SystemFile {
    pub config: Config,
    pub file: FileName,
    pub tree: Option<Node>,
    /// Paths of `stdkit.yaml` values removed for schema errors (already reported).
    pub pruned: Vec<String>,
    pub nodes: Vec<StructNode>,
    /// Node index by code, first occurrence.
    pub node_index: std::collections::HashMap<String, usize>,
    pub posts: CatalogueOf<Post>,
    pub items: CatalogueOf<Item>,
    pub assets: CatalogueOf<Asset>,
    /// "Today" for the date rules.
    pub today: Date,
}

impl SystemFile {
    /// The index of a structure node by code (the first, if a code is repeated: N009).
    pub fn node(&self, code: &str) -> Option<usize> {
        self.node_index.get(code).copied()
    }

    /// The top-level ancestor of node `i`.
    pub fn top(&self, mut i: usize) -> usize {
        while let Some(p) = self.nodes[i].parent {
            i = p;
        }
        i
    }

    /// The organisation code of internal numbers (`Q/<code>`).
    pub fn code(&self) -> &str {
        self.config.code.as_ref().map_or("", |c| c.as_str())
    }
}

/// A standard file, read and checked on its own.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub file: FileName,
    /// Path relative to the root.
    pub rel: PathBuf,
    pub std: Standard,
    /// False when the file could not be read into the model beyond its identity; rules that
    /// look at a body skip it so one problem is not reported twice.
    pub complete: bool,
}

/// A loaded system: everything readable, and every finding.
#[derive(Debug)]
pub struct System {
    pub root: Root,
    pub sys: SystemFile,
    pub standards: Vec<Loaded>,
    pub diagnostics: Vec<Diagnostic>,
    /// Files read: standard files, `stdkit.yaml` and catalogue files.
    pub files: usize,
}

/// Options of a load.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Overrides "today" (`--today`).
    pub today: Option<Date>,
    /// Drop the text bodies once each file's own rules have run: what `check`, `table` and
    /// `stats` need afterwards is identity, lifecycle, references and the kind blocks' links
    /// (a system of 100 000 standards then fits in a fraction of the memory). `build` keeps them.
    pub lean: bool,
}

/// Loads and checks a system. `Err` only when the root cannot be read at all.
pub fn load(root: Root, opts: &Options) -> Result<System> {
    let mut diagnostics = Vec::new();
    let sys = read_system_file(&root, opts, &mut diagnostics)?;
    let files = collect_files(&root, &sys, &mut diagnostics)?;
    let results: Vec<(Option<Loaded>, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|rel| {
            let (mut loaded, diags) = read_standard(&root, rel, &sys);
            if opts.lean {
                loaded.iter_mut().for_each(|l| strip_bodies(&mut l.std));
            }
            (loaded, diags)
        })
        .collect();
    let mut standards = Vec::with_capacity(results.len());
    for (loaded, diags) in results {
        diagnostics.extend(diags);
        standards.extend(loaded);
    }
    let catalogue_files = [&sys.posts.file, &sys.items.file, &sys.assets.file]
        .into_iter()
        .flatten()
        .filter(|f| **f != sys.file)
        .count();
    let files = files.len() + 1 + catalogue_files;
    let mut system = System {
        root,
        sys,
        standards,
        diagnostics,
        files,
    };
    let cross = rules::check_system(&system);
    system.diagnostics.extend(cross);
    rules::apply_overrides(&mut system);
    Ok(system)
}

/// Reads a file as text, with the size and encoding guards (S005, S006).
pub fn read_text(path: &Path, file: &FileName) -> Result<String, Box<Diagnostic>> {
    let at = Span::point(Pos { line: 1, col: 1 });
    let unreadable = |e: std::io::Error| {
        Diagnostic::new(
            "S005",
            file,
            at,
            msg!("cannot read the file: {}", "无法读取文件：{}", e),
        )
    };
    // One open; the size comes from the handle, and the read is capped at the limit + 1 byte
    // (a file that grows while being read cannot get past the limit either).
    let f = std::fs::File::open(path).map_err(unreadable)?;
    let len = f.metadata().map_err(unreadable)?.len();
    let mut bytes = Vec::with_capacity(len.min(yaml::MAX_FILE_SIZE) as usize + 1);
    std::io::Read::read_to_end(
        &mut std::io::Read::take(f, yaml::MAX_FILE_SIZE + 1),
        &mut bytes,
    )
    .map_err(unreadable)?;
    let size = len.max(bytes.len() as u64);
    if size > yaml::MAX_FILE_SIZE {
        return Err(Box::new(
            Diagnostic::new(
                "S006",
                file,
                at,
                msg!(
                    "file is {} bytes, over the size limit of {} bytes",
                    "文件大小 {} 字节，超过上限 {} 字节",
                    size,
                    yaml::MAX_FILE_SIZE
                ),
            )
            .help(Msg::new(
                "split the document, or move large content out of the system",
                "拆分文件，或将大体量内容移出标准体系",
            )),
        ));
    }
    String::from_utf8(bytes)
        .map_err(|e| {
            let bytes = e.as_bytes();
            let valid = e.utf8_error().valid_up_to();
            let pos = yaml::utf8_error_pos(bytes, valid);
            Diagnostic::new(
                "S005",
                file,
                Span {
                    start: pos,
                    end: Pos {
                        line: pos.line,
                        col: pos.col + 1,
                    },
                },
                msg!(
                    "file is not valid UTF-8 (byte 0x{:02X} at offset {})",
                    "文件不是有效的 UTF-8 编码（偏移 {1} 处的字节 0x{0:02X}）",
                    bytes[valid],
                    valid
                ),
            )
            .help(Msg::new(
                "save the file as UTF-8 (e.g. convert from GBK with `iconv -f GBK -t UTF-8`)",
                "请以 UTF-8 编码保存文件（如 GBK 文件可用 `iconv -f GBK -t UTF-8` 转换）",
            ))
        })
        .map_err(Box::new)
}

/// Reads, parses and validates one YAML file, reporting read, syntax and schema problems.
/// Returns the tree with invalid entries pruned, and the paths (`item.materials`) pruned, so
/// rules do not report a removed value again as missing.
fn read_yaml(
    path: &Path,
    file: &FileName,
    doc: Doc,
    wip: impl Fn(&Node) -> bool,
    out: &mut Vec<Diagnostic>,
) -> Option<(Node, Vec<String>, String)> {
    let text = match read_text(path, file) {
        Ok(t) => t,
        Err(d) => {
            out.push(*d);
            return None;
        }
    };
    let parsed = yaml::parse(&text);
    rules::schema::parse_errors(file, &parsed.errors, out);
    let root = match parsed.root {
        Some(r) => r,
        None if parsed.errors.is_empty() => {
            out.push(Diagnostic::new(
                "S002",
                file,
                Span::point(Pos { line: 1, col: 1 }),
                Msg::new(
                    "the file is empty; expected a mapping of fields",
                    "文件为空，应为字段映射",
                ),
            ));
            return None;
        }
        None => return None,
    };
    let errors = schema::validate(&root, doc);
    rules::schema::schema_errors(file, &errors, wip(&root), out);
    if errors.is_empty() {
        return Some((root, Vec::new(), text));
    }
    let pruned = errors
        .iter()
        .filter(|e| !matches!(e.problem, schema::Problem::Missing { .. }))
        .filter_map(|e| {
            let last = e
                .path
                .iter()
                .rposition(|s| matches!(s, yaml::Seg::Key(_)))?;
            Some(yaml::path_string(&e.path[..=last]))
        })
        .collect();
    Some((schema::prune(&root, &errors), pruned, text))
}

fn read_system_file(root: &Root, opts: &Options, out: &mut Vec<Diagnostic>) -> Result<SystemFile> {
    let path = root.dir.join(SYSTEM_FILE);
    let file = root.file_name(Path::new(SYSTEM_FILE));
    let mut diags = Vec::new();
    let (tree, pruned) = match read_yaml(&path, &file, Doc::Config, |_| false, &mut diags) {
        Some((n, pruned, _)) => (Some(n), pruned),
        None => (None, Vec::new()),
    };
    let config: Config = match &tree {
        Some(t) => crate::de::from_node(t).unwrap_or_else(|e| {
            diags.push(rules::schema::de_error(&file, t, &e));
            Config::default()
        }),
        None => Config::default(),
    };
    // Every problem of the system file is an S007 (rules.md), whatever it is underneath.
    for mut d in diags {
        if d.code != "S007" {
            d.message.en = format!("{} [{}]", d.message.en, d.code);
            d.message.zh = format!("{} [{}]", d.message.zh, d.code);
            d.code = "S007";
        }
        out.push(d);
    }
    if tree.is_none() && !path.is_file() {
        bail!("cannot read `{}`", path.display());
    }
    let mut nodes = Vec::new();
    flatten(
        config.structure.as_deref().unwrap_or_default(),
        None,
        0,
        &mut nodes,
    );
    let posts = read_catalogue(
        root,
        &config.posts,
        ("posts", tree.as_ref()),
        Doc::Posts,
        out,
    );
    let items = read_catalogue(
        root,
        &config.items,
        ("items", tree.as_ref()),
        Doc::Items,
        out,
    );
    let assets = read_catalogue(
        root,
        &config.assets,
        ("assets", tree.as_ref()),
        Doc::Assets,
        out,
    );
    let today = opts.today.or(config.today).unwrap_or_else(Date::today);
    let mut node_index = std::collections::HashMap::with_capacity(nodes.len());
    for (i, n) in nodes.iter().enumerate() {
        node_index.entry(n.code.clone()).or_insert(i);
    }
    Ok(SystemFile {
        config,
        file,
        tree,
        pruned,
        nodes,
        node_index,
        posts,
        items,
        assets,
        today,
    })
}

fn flatten(
    list: &[Spanned<StructureNode>],
    parent: Option<usize>,
    depth: usize,
    out: &mut Vec<StructNode>,
) {
    for n in list {
        let entry_span = n.span;
        let n = &n.value;
        let i = out.len();
        let code = n.code.as_ref();
        out.push(StructNode {
            code: code.map_or_else(String::new, |c| c.value.0.clone()),
            name: n.name.clone().unwrap_or_default(),
            category: n.category.or_else(|| parent.and_then(|p| out[p].category)),
            depth,
            parent,
            children: Vec::new(),
            span: code.map_or_else(Span::default, |c| c.span),
            entry_span,
        });
        if let Some(p) = parent {
            out[p].children.push(i);
        }
        flatten(&n.children, Some(i), depth + 1, out);
    }
}

/// Reads a catalogue, inline or from its file. A bad entry is reported (by the schema) and
/// skipped; the other entries are still read.
fn read_catalogue<T: serde::de::DeserializeOwned + Clone>(
    root: &Root,
    source: &Option<Catalogue<T>>,
    (key, config): (&str, Option<&Node>),
    doc: Doc,
    out: &mut Vec<Diagnostic>,
) -> CatalogueOf<T> {
    match source {
        None => CatalogueOf {
            entries: Vec::new(),
            file: None,
        },
        Some(Catalogue::Inline(entries)) => CatalogueOf {
            entries: entries.clone(),
            file: Some(root.file_name(Path::new(SYSTEM_FILE))),
        },
        Some(Catalogue::Path(p)) => {
            let file = root.file_name(Path::new(p));
            let path = root.dir.join(p);
            if !path.is_file() || !inside(&root.dir, &path) {
                out.push(Diagnostic::new(
                    "S007",
                    &root.file_name(Path::new(SYSTEM_FILE)),
                    config.map_or_else(Span::default, |t| t.span_at(&crate::path![key])),
                    msg!(
                        "catalogue file `{}` not found in the system",
                        "目录文件 `{}` 不存在于标准体系中",
                        p
                    ),
                ));
                return CatalogueOf {
                    entries: Vec::new(),
                    file: Some(file),
                };
            }
            let entries = read_yaml(&path, &file, doc, |_| false, out)
                .and_then(|(tree, ..)| {
                    let items = tree.as_seq()?;
                    Some(
                        items
                            .iter()
                            .filter_map(|n| crate::de::from_node::<Spanned<T>>(n).ok())
                            .collect(),
                    )
                })
                .unwrap_or_default();
            CatalogueOf {
                entries,
                file: Some(file),
            }
        }
    }
}

/// Whether `path` (after resolving links) lies inside `root`.
fn inside(root: &Path, path: &Path) -> bool {
    path.canonicalize().is_ok_and(|p| p.starts_with(root))
}

/// The standard files of the system, sorted, as paths relative to the root.
fn collect_files(root: &Root, sys: &SystemFile, out: &mut Vec<Diagnostic>) -> Result<Vec<PathBuf>> {
    let mut globs = globset::GlobSetBuilder::new();
    for (i, g) in sys.config.exclude.iter().enumerate() {
        match globset::Glob::new(g) {
            Ok(g) => {
                globs.add(g);
            }
            Err(e) => out.push(Diagnostic::new(
                "S007",
                &sys.file,
                sys.tree
                    .as_ref()
                    .map_or_else(Span::default, |t| t.span_at(&crate::path!["exclude", i])),
                msg!(
                    "invalid `exclude` glob `{}`: {}",
                    "`exclude` 中的通配模式 `{}` 无效：{}",
                    g,
                    e
                ),
            )),
        }
    }
    let globs = globs.build().unwrap_or_else(|_| globset::GlobSet::empty());
    let named: Vec<PathBuf> = [
        catalogue_path(&sys.config.posts),
        catalogue_path(&sys.config.items),
        catalogue_path(&sys.config.assets),
    ]
    .into_iter()
    .flatten()
    .map(|p| normalise(Path::new(&p)))
    .collect();

    let mut files = Vec::new();
    let outside: Arc<Mutex<Vec<PathBuf>>> = Arc::default();
    let walker = ignore::WalkBuilder::new(&root.dir)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(false)
        .git_global(false)
        .require_git(false)
        .ignore(false)
        .parents(false)
        .follow_links(true)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry({
            let root_dir = root.dir.clone();
            let outside = Arc::clone(&outside);
            let named = named.clone();
            move |e| {
                // Fixed exclusions at the root only: templates/, records/, the output folder.
                let excluded = e.depth() == 1
                    && e.file_type().is_some_and(|t| t.is_dir())
                    && matches!(
                        e.file_name().to_str(),
                        Some("templates" | "records" | OUTPUT_DIR)
                    );
                // A link (to a file or a folder) that leads out of the root is not followed.
                // (A catalogue file named by stdkit.yaml is reported there, as S007.)
                let catalogue = e
                    .path()
                    .strip_prefix(&root_dir)
                    .is_ok_and(|r| named.iter().any(|n| n == r));
                if !excluded && !catalogue && e.path_is_symlink() && !inside(&root_dir, e.path()) {
                    outside
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push(e.path().to_path_buf());
                    return false;
                }
                !excluded
            }
        })
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let (path, what) = error_path(&err);
                let rel = path
                    .as_deref()
                    .and_then(|p| p.strip_prefix(&root.dir).ok())
                    .map(Path::to_path_buf);
                let file = root.file_name(rel.as_deref().unwrap_or(Path::new(".")));
                out.push(Diagnostic::new(
                    "S005",
                    &file,
                    Span::point(Pos { line: 1, col: 1 }),
                    msg!("cannot read: {}", "无法读取：{}", what),
                ));
                continue;
            }
        };
        let path = entry.path();
        let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if !is_yaml || !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Ok(rel) = path.strip_prefix(&root.dir) else {
            continue;
        };
        let rel = rel.to_path_buf();
        if rel == Path::new(SYSTEM_FILE) || named.contains(&rel) || globs.is_match(&rel) {
            continue;
        }
        files.push(rel);
    }
    let mut outside = std::mem::take(&mut *outside.lock().unwrap_or_else(|p| p.into_inner()));
    outside.sort();
    for path in outside {
        let rel = path.strip_prefix(&root.dir).unwrap_or(&path);
        out.push(Diagnostic::new(
            "S005",
            &root.file_name(rel),
            Span::point(Pos { line: 1, col: 1 }),
            Msg::new(
                "symbolic link points outside the system root; not read",
                "符号链接指向标准体系根目录之外，未读取",
            ),
        ));
    }
    files.sort();
    Ok(files)
}

fn error_path(err: &ignore::Error) -> (Option<PathBuf>, String) {
    match err {
        ignore::Error::WithPath { path, err } => (Some(path.clone()), err.to_string()),
        ignore::Error::WithDepth { err, .. } => error_path(err),
        ignore::Error::Loop { child, ancestor } => (
            Some(child.clone()),
            format!("symbolic link loop back to `{}`", ancestor.display()),
        ),
        other => (None, other.to_string()),
    }
}

fn catalogue_path<T>(c: &Option<Catalogue<T>>) -> Option<String> {
    match c {
        Some(Catalogue::Path(p)) => Some(p.clone()),
        _ => None,
    }
}

/// `./a/../b.yaml` → `b.yaml`, lexically.
fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// Frees what only the file rules and the handbooks read (see [`Options::lean`]).
fn strip_bodies(s: &mut Standard) {
    s.foreword = None;
    s.scope = None;
    s.terms = Vec::new();
    s.clauses = Vec::new();
    s.annexes = Vec::new();
    s.symbols = Vec::new();
    s.history = Vec::new();
    s.drafters = Vec::new();
    s.drafting_units = Vec::new();
    if let Some(w) = &mut s.work {
        w.duties = Vec::new();
        w.qualifications = Vec::new();
        w.authority = Vec::new();
        w.work_items = Vec::new();
        w.assessment = Vec::new();
    }
    if let Some(m) = &mut s.management {
        m.duties = Vec::new();
        m.inspection = Vec::new();
        m.records = Vec::new();
    }
    if let Some(it) = &mut s.item {
        it.basis = Vec::new();
        it.conditions = Vec::new();
    }
}

/// Reads, validates and checks one standard file on its own.
fn read_standard(root: &Root, rel: &Path, sys: &SystemFile) -> (Option<Loaded>, Vec<Diagnostic>) {
    let file = root.file_name(rel);
    let mut out = Vec::new();
    let wip = |n: &Node| {
        n.get("status")
            .and_then(Node::as_str)
            .and_then(|s| crate::model::Status::ALL.iter().find(|x| x.as_str() == s))
            .is_some_and(|s| s.is_pipeline())
    };
    let Some((tree, pruned, src)) =
        read_yaml(&root.dir.join(rel), &file, Doc::Standard, wip, &mut out)
    else {
        return (None, out);
    };
    if tree.as_map().is_none() {
        return (None, out);
    }
    let (std, complete) = match crate::de::from_node::<Standard>(&tree) {
        Ok(s) => (s, true),
        Err(e) => {
            if pruned.is_empty() {
                out.push(rules::schema::de_error(&file, &tree, &e));
            }
            (rules::schema::identity(&tree), false)
        }
    };
    let fc = rules::FileCx {
        file: &file,
        tree: &tree,
        src: &src,
        std: &std,
        pruned: &pruned,
        sys,
    };
    if complete {
        rules::check_file(&fc, &mut out);
    }
    (
        Some(Loaded {
            file,
            rel: rel.to_path_buf(),
            std,
            complete,
        }),
        out,
    )
}
