//! The rules of `stdkit check`, one module per group of rules.md. File rules run on one file
//! while its tree is at hand (in parallel, during loading); system rules run once every file is
//! loaded, over the cross-reference index, and report through the spans kept in the model.

pub mod catalog;
pub mod change;
pub mod coverage;
pub mod dates;
pub mod drafting;
pub mod item;
pub mod naming;
pub mod refs;
pub mod schema;
pub mod work;

use crate::diag::{Diagnostic, FileName, Msg, Severity};
use crate::index::Index;
use crate::load::{System, SystemFile};
use crate::model::{RuleLevel, Standard};
use crate::yaml::{Node, Seg, Span};

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
    pub fn diag(&self, code: &'static str, path: &[Seg], message: Msg) -> Diagnostic {
        Diagnostic::new(code, self.file, self.at(path), message)
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

    /// The standard is still in the pipeline: its kind's findings are warnings (format.md).
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

/// Runs every file rule on one standard.
pub fn check_file(cx: &FileCx, out: &mut Vec<Diagnostic>) {
    naming::check_file(cx, out);
    dates::check_file(cx, out);
    item::check_file(cx, out);
    work::check_file(cx, out);
    drafting::check_file(cx, out);
}

/// Runs every system rule (cross-references, duplicates, coverage).
pub fn check_system(system: &System) -> Vec<Diagnostic> {
    let index = Index::new(&system.standards, &system.sys);
    let mut out = Vec::new();
    naming::check_system(system, &index, &mut out);
    refs::check_system(system, &index, &mut out);
    work::check_system(system, &index, &mut out);
    coverage::check_system(system, &index, &mut out);
    out
}

/// Applies `rules:` overrides of `stdkit.yaml` and each standard's `allow:` list, then sorts.
pub fn apply_overrides(system: &mut System) {
    let overrides = &system.sys.config.rules;
    let allowed = allowed(&system.standards);
    let mut extra = Vec::new();
    for code in overrides.keys() {
        if catalog::rule(code).is_none() {
            let span = system.sys.tree.as_ref().map_or_else(Span::default, |t| {
                t.key_span_at(&crate::path!["rules", code.as_str()])
            });
            let d = Diagnostic::new(
                "S007",
                &system.sys.file,
                span,
                msg!(
                    "`rules:` names an unknown rule code `{}`",
                    "`rules:` 中的规则代码 `{}` 不存在",
                    code
                ),
            );
            let known = catalog::RULES.iter().map(|r| r.code);
            extra.push(match crate::diag::did_you_mean(code, known) {
                Some(s) => d.help(msg!("did you mean `{}`?", "是否应为 `{}`？", s)),
                None => d.help(Msg::new(
                    "see `stdkit explain` for the codes",
                    "规则代码见 `stdkit explain`",
                )),
            });
        }
    }
    system.diagnostics.extend(extra);
    system
        .diagnostics
        .retain_mut(|d| keep(overrides, &allowed, d));
    system
        .diagnostics
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    system.diagnostics.dedup();
}

/// Adds findings made after loading (the change rules of `check --since`): the `rules:`
/// overrides and `allow:` lists apply to them as to every other finding; then sorts again.
pub fn add_findings(system: &mut System, mut found: Vec<Diagnostic>) {
    let allowed = allowed(&system.standards);
    found.retain_mut(|d| keep(&system.sys.config.rules, &allowed, d));
    system.diagnostics.extend(found);
    system
        .diagnostics
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    system.diagnostics.dedup();
}

/// Each standard's `allow:` list, by file.
fn allowed(standards: &[crate::load::Loaded]) -> std::collections::HashMap<&str, &[String]> {
    standards
        .iter()
        .filter(|l| !l.std.allow.is_empty())
        .map(|l| (&*l.file, l.std.allow.as_slice()))
        .collect()
}

/// Whether a finding stays (not allowed by its file, not `off`), with its severity overridden.
fn keep(
    overrides: &std::collections::BTreeMap<String, RuleLevel>,
    allowed: &std::collections::HashMap<&str, &[String]>,
    d: &mut Diagnostic,
) -> bool {
    if allowed
        .get(&*d.file)
        .is_some_and(|a| a.iter().any(|c| c == d.code))
    {
        return false;
    }
    match overrides.get(d.code) {
        Some(RuleLevel::Off) => false,
        Some(RuleLevel::Error) => {
            d.severity = Severity::Error;
            true
        }
        Some(RuleLevel::Warning) => {
            d.severity = Severity::Warning;
            true
        }
        None => true,
    }
}

/// The marker `stdkit new` leaves in fields to fill in (S008).
pub const PLACEHOLDER: &str = "【待填写";

/// Whether a value is a placeholder left by `stdkit new`.
pub fn is_placeholder(s: &str) -> bool {
    s.contains(PLACEHOLDER)
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
