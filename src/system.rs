//! The types of a loaded system, shared by every layer above the loader: where it lives
//! ([`Root`]), its system file ([`SystemFile`]: structure, catalogues, today), its standards
//! ([`Loaded`]) and findings ([`System`]), and what per-file work sees of a file while its tree
//! is at hand ([`FileCx`]).
//!
//! Types only, plus root discovery: reading files is the loader's, checking them the rules'.

use crate::diag::{Diagnostic, FileName, Msg, Rule, Severity};
use crate::model::{Asset, Config, Date, Item, Post, Spanned, Standard};
use crate::yaml::{Node, Seg, Span};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

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
                    bail!(said!(
                        "`{}` is not a folder",
                        "`{}` 不是文件夹",
                        p.display()
                    ));
                }
                if !p.join(SYSTEM_FILE).is_file() {
                    bail!(
                        "no `{SYSTEM_FILE}` in `{}`: not a system root (run `stdkit init` to make one)",
                        p.display()
                    );
                }
                let dir = p
                    .canonicalize()
                    .with_context(|| said!("cannot read `{}`", "无法读取 `{}`", p.display()))?;
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
                    .with_context(|| said!("cannot read `{}`", "无法读取 `{}`", dir.display()))?;
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

/// The compliance half, loaded when `stdkit.yaml` has a `compliance:` block.
#[derive(Clone, Debug)]
pub struct Records {
    /// P, the reporting period.
    pub period: crate::model::Period,
    /// The 人员名册 (an entry per person and post).
    pub staff: CatalogueOf<crate::model::records::Staff>,
    /// Every record read, in file order.
    pub list: Vec<LoadedRecord>,
    /// Every record file below `records/`, as findings name it (also those that could not be
    /// read as records: `table` and `build` do not refuse on their errors).
    pub files: Vec<FileName>,
    /// The working-day calendar (builtin years and calendar files).
    pub calendar: crate::calendar::Calendar,
    /// Case and evaluation exports (Part 2).
    pub data: crate::model::cases::CaseData,
    /// The scoring sheets: the built-in ones, then those of `compliance.sheets` (a sheet with
    /// a built-in's id replaces it), by id (Part 3).
    pub sheets: Vec<LoadedSheet>,
    /// The self-assessments of `compliance.assessments`, in file order.
    pub assessments: Vec<LoadedAssessment>,
    /// The ids of sheets and assessments left out for findings of their own: what names them
    /// is not reported again (one problem, one finding).
    pub unread: Vec<String>,
}

/// A scoring sheet as read.
#[derive(Clone, Debug)]
pub struct LoadedSheet {
    /// `<built-in>/<id>.yaml` for a built-in sheet.
    pub file: FileName,
    /// The path below the root; empty for a built-in sheet.
    pub rel: PathBuf,
    pub sheet: crate::model::assess::Sheet,
    pub builtin: bool,
    /// The file's mapping: `allow:` covers findings inside it.
    pub span: Span,
}

impl LoadedSheet {
    pub fn id(&self) -> &str {
        self.sheet.id.as_ref().map_or("", |i| i.value.as_str())
    }
}

/// A self-assessment as read.
#[derive(Clone, Debug)]
pub struct LoadedAssessment {
    pub file: FileName,
    pub assessment: crate::model::assess::Assessment,
    pub span: Span,
    /// The key of each `scores` entry, by criterion code (findings on a score point at it).
    pub score_keys: std::collections::HashMap<String, Span>,
    /// `files` entries whose file is not there (V003), found while loading so the rules need
    /// no file system.
    pub file_problems: Vec<(Span, EvidenceProblem)>,
}

impl LoadedAssessment {
    pub fn id(&self) -> &str {
        self.assessment.id.as_ref().map_or("", |i| i.value.as_str())
    }
}

/// One record as read.
#[derive(Clone, Debug)]
pub struct LoadedRecord {
    pub file: FileName,
    pub rel: PathBuf,
    pub record: crate::model::records::Record,
    /// The record's mapping: `allow:` covers findings inside it.
    pub span: Span,
    /// `evidence` entries whose file is not there to be shown (A004), found while loading so
    /// the rules need no file system.
    pub evidence_problems: Vec<(Span, EvidenceProblem)>,
}

/// What is wrong with an evidence file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EvidenceProblem {
    Missing,
    NotRegular,
    /// Leaves the root (`..`, an absolute path, a link out), or is otherwise not a safe path.
    Unsafe(crate::files::UnsafePath),
}

/// A loaded system: everything readable, and every finding.
#[derive(Debug)]
pub struct System {
    pub root: Root,
    pub sys: SystemFile,
    pub standards: Vec<Loaded>,
    /// `None` without `compliance:`: then stdkit behaves as before the compliance half.
    pub records: Option<Records>,
    pub diagnostics: Vec<Diagnostic>,
    /// Findings made beyond the bound of [`crate::diag::Findings`], counted by file and rule
    /// (the engine sums them up with the ones it leaves out).
    pub dropped: crate::diag::Dropped,
    /// Files read: standard files, `stdkit.yaml` and catalogue files.
    pub files: usize,
    /// Standard files that could not be read into a standard (a syntax error, bad bytes): what
    /// they hold is unknown, so references to their names and the coverage they would give are
    /// not reported as missing (one problem, one finding).
    pub unreadable: Vec<PathBuf>,
}

impl System {
    /// Whether `name` may be the id of a standard in a file that could not be read (its file
    /// is named after its id, as `stdkit new` names it).
    pub fn maybe_unreadable(&self, name: &str) -> bool {
        self.unreadable
            .iter()
            .any(|p| p.file_stem().is_some_and(|s| s == name))
    }
}

/// What a file rule sees: the file, its tree (for positions) and its model.
pub struct FileCx<'a> {
    pub file: &'a FileName,
    pub tree: &'a Node,
    /// The file's text, to point inside a scalar (a word in a paragraph).
    pub src: &'a str,
    pub std: &'a Standard,
    /// Paths of values removed for schema errors (already reported).
    pub pruned: &'a [String],
    pub sys: &'a SystemFile,
}

impl FileCx<'_> {
    /// The span of the value at `path` (or where it should be, if missing).
    pub fn at(&self, path: &[Seg]) -> Span {
        self.tree.span_at(path)
    }

    /// A finding at the value at `path`.
    pub fn diag(&self, rule: &'static Rule, path: &[Seg], message: Msg) -> Diagnostic {
        Diagnostic::new(rule, self.file, self.at(path), message)
    }

    /// The span of the `nth` occurrence of `needle` inside the scalar at `path` (the scalar's
    /// own span if it cannot be found, e.g. across a folded line).
    pub fn text_span(&self, path: &[Seg], needle: &str, nth: usize) -> Span {
        let node = self.at(path);
        find_in_source(self.src, node, needle, nth).unwrap_or(node)
    }

    /// Whether the value at this path was removed for a schema error (so "missing" is no news).
    pub fn was_pruned(&self, path: &str) -> bool {
        self.pruned.iter().any(|p| {
            p == path || p.starts_with(&format!("{path}.")) || path.starts_with(&format!("{p}."))
        })
    }

    /// The standard is still in the pipeline: its kind's findings are warnings (docs/format.md).
    pub fn wip(&self) -> bool {
        self.std.status().is_none_or(|s| s.is_pipeline())
    }

    /// Severity for I/W/M findings and missing block fields: as catalogued, but at most a
    /// warning while the standard is in the pipeline.
    pub fn soften(&self, d: Diagnostic) -> Diagnostic {
        if self.wip() {
            d.severity(Severity::Warning)
        } else {
            d
        }
    }
}

/// Finds the `nth` occurrence of `needle` within `within` of `src`, as a span.
fn find_in_source(src: &str, within: Span, needle: &str, nth: usize) -> Option<Span> {
    let start = crate::yaml::offset_of(src, within.start)?;
    let end = crate::yaml::offset_of(src, within.end)
        .filter(|e| *e >= start)
        .unwrap_or(src.len());
    let (at, _) = src[start..end].match_indices(needle).nth(nth)?;
    let from = crate::yaml::pos_of(src, start + at);
    let len = needle.chars().count() as u32;
    Some(Span {
        start: from,
        end: crate::yaml::Pos {
            line: from.line,
            col: from.col + len,
        },
    })
}
