//! Findings as values: a [`Diagnostic`] carries its rule code, severity, bilingual message,
//! file and span. The library never prints; `report` turns diagnostics into text.

pub mod codes;
mod findings;

pub use findings::{Dropped, Findings};

pub use codes::Rule;

use crate::yaml::Span;
use std::fmt;
use std::sync::Arc;

/// How bad a finding is. `Off` exists only in overrides; an `Off` finding is dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The language of messages (`--lang`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

/// A message in both languages: findings are made once and reported in either.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    pub en: String,
    pub zh: String,
}

impl Msg {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Msg {
        Msg {
            en: en.into(),
            zh: zh.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

/// The language errors are printed in. An error is made deep in the library and printed at the
/// top of the command line, with no `Lang` passed between; the command line chooses it once.
static ERRORS_IN_CHINESE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn set_error_lang(lang: Lang) {
    ERRORS_IN_CHINESE.store(lang == Lang::Zh, std::sync::atomic::Ordering::Relaxed);
}

pub fn error_lang() -> Lang {
    if ERRORS_IN_CHINESE.load(std::sync::atomic::Ordering::Relaxed) {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// An error message in both languages (in an `anyhow` chain: `bail!(said!(…))`,
/// `.with_context(|| said!(…))`), shown in [`error_lang`].
#[derive(Clone, Debug)]
pub struct Said(pub Msg);

impl fmt::Display for Said {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.get(error_lang()))
    }
}

impl std::error::Error for Said {}

/// Builds a [`Said`] from two format strings sharing arguments.
#[macro_export]
macro_rules! said {
    ($en:literal, $zh:literal $(, $arg:expr)* $(,)?) => {
        $crate::diag::Said($crate::msg!($en, $zh $(, $arg)*))
    };
}

/// Builds a [`Msg`] from two format strings sharing arguments.
#[macro_export]
macro_rules! msg {
    ($en:literal, $zh:literal $(, $arg:expr)* $(,)?) => {
        $crate::diag::Msg::new(format!($en $(, $arg)*), format!($zh $(, $arg)*))
    };
}

/// A file as findings name it: the path shown to the user (relative to the current folder).
pub type FileName = Arc<str>;

/// A second place a finding is about (the first `id` of a duplicate, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub file: FileName,
    pub span: Span,
    pub message: Msg,
}

/// At most this many cells, ids or cases are listed in one aggregated finding (a year of case
/// data must not flood the output: the count says how many there are).
pub const LISTED: usize = 20;

/// One finding of `stdkit check`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The code of the rule that made it (a [`Rule`]'s `code`).
    pub code: &'static str,
    pub severity: Severity,
    pub message: Msg,
    pub help: Option<Msg>,
    pub file: FileName,
    pub span: Span,
    pub related: Vec<Related>,
    /// For a place in a case or evaluation export: the header and the text of the cell, which
    /// the human report shows instead of the line (the row's other cells may be personal data).
    pub cell: Option<(String, String)>,
}

impl Diagnostic {
    /// A finding of `rule`, with the rule's default severity.
    pub fn new(rule: &'static Rule, file: &FileName, span: Span, message: Msg) -> Diagnostic {
        Diagnostic {
            code: rule.code,
            severity: rule.severity,
            message,
            help: None,
            file: file.clone(),
            span,
            related: Vec::new(),
            cell: None,
        }
    }

    /// The header and text of the export cell the finding is at.
    pub fn cell(mut self, header: &str, text: &str) -> Diagnostic {
        self.cell = Some((header.to_string(), text.to_string()));
        self
    }

    pub fn help(mut self, help: Msg) -> Diagnostic {
        self.help = Some(help);
        self
    }

    pub fn related(mut self, file: &FileName, span: Span, message: Msg) -> Diagnostic {
        self.related.push(Related {
            file: file.clone(),
            span,
            message,
        });
        self
    }

    pub fn severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    /// Sort key: file, line, column, code (as `docs/cli.md` fixes for JSON).
    pub fn sort_key(&self) -> (&str, u32, u32, &str, &str) {
        (
            &self.file,
            self.span.start.line,
            self.span.start.col,
            self.code,
            &self.message.en,
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}[{}] {}",
            self.file,
            self.span.start.line,
            self.span.start.col,
            self.severity.as_str(),
            self.code,
            self.message.en
        )
    }
}

/// A "did you mean" candidate: the closest of `candidates` to `wanted` by edit distance,
/// if it is close enough to be a plausible typo (a swap of two neighbours counts as one edit).
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let len = wanted.chars().count();
    let limit = suggestion_limit(len);
    candidates
        .into_iter()
        // The distance is at least the difference in length: most candidates end here, cheaply.
        .filter(|c| {
            c.len().abs_diff(wanted.len()) <= limit * 4 && c.chars().count().abs_diff(len) <= limit
        })
        .map(|c| (strsim::osa_distance(wanted, c), c))
        .filter(|(d, c)| *d <= limit && *c != wanted)
        .min()
        .map(|(_, c)| c)
}

/// How far a "did you mean" candidate may be from the wanted text: a third of its length, at
/// least 1 and at most 4 edits.
fn suggestion_limit(wanted_chars: usize) -> usize {
    (wanted_chars / 3).clamp(1, 4)
}

/// A fixed set of "did you mean" candidates, prepared once for many lookups (the ids, numbers
/// and catalogue entries of a large system): [`Candidates::closest`] gives exactly what
/// [`did_you_mean`] gives over the same candidates (the least `(distance, candidate)` within the
/// limit), without comparing the wanted text with every candidate.
///
/// The candidates form a prefix tree, kept as one array in depth-first order; a lookup walks it
/// computing one row of the edit-distance table per prefix, only the band of cells that can
/// stay within the bound, and leaves a prefix as soon as every cell of its row is over the
/// bound (no longer candidate can come back under it: the least cell of a row never decreases
/// down the tree). Children are visited in character order, so the first candidate found
/// within the bound is the least of those at that distance.
#[derive(Debug, Default)]
pub struct Candidates {
    /// The prefixes in depth-first order, the empty one first; a prefix's children follow it.
    nodes: Vec<Node>,
}

#[derive(Debug)]
struct Node {
    /// The last character of the prefix.
    ch: char,
    /// The index after the prefix's last descendant (where its next sibling is, if any).
    end: u32,
    /// Whether the prefix is itself a candidate.
    word: bool,
}

/// The widest band of the table a lookup computes: cells `i - j` in `-limit..=limit`.
const BAND: usize = 2 * 4 + 1;

impl Candidates {
    pub fn new<'a>(candidates: impl IntoIterator<Item = &'a str>) -> Candidates {
        let mut words: Vec<&str> = candidates.into_iter().collect();
        // The order of `str` is the order of their characters.
        words.sort_unstable();
        words.dedup();
        let mut nodes = vec![Node {
            ch: '\0',
            end: 0,
            word: false,
        }];
        // The prefixes of the previous word, as the nodes that hold them (root first).
        let mut open: Vec<usize> = vec![0];
        let mut prev: Vec<char> = Vec::new();
        for w in words {
            let chars: Vec<char> = w.chars().collect();
            let common = prev.iter().zip(&chars).take_while(|(a, b)| a == b).count();
            for closed in open.drain(common + 1..) {
                nodes[closed].end = nodes.len() as u32;
            }
            for &ch in &chars[common..] {
                open.push(nodes.len());
                nodes.push(Node {
                    ch,
                    end: 0,
                    word: false,
                });
            }
            nodes[open[chars.len()]].word = true;
            prev = chars;
        }
        for closed in open {
            nodes[closed].end = nodes.len() as u32;
        }
        Candidates { nodes }
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 1 && !self.nodes.first().is_some_and(|n| n.word)
    }

    /// The closest candidate to `wanted` (see [`did_you_mean`]). Searched at distance 1, then
    /// 2, … up to the limit: a narrow search is quick, and most misses are near one name.
    pub fn closest(&self, wanted: &str) -> Option<String> {
        let a: Vec<char> = wanted.chars().collect();
        let limit = suggestion_limit(a.len());
        (1..=limit).find_map(|bound| self.first_within(&a, bound))
    }

    /// The first candidate in order at a distance from 1 to `bound` from `a`: when none is
    /// nearer than `bound`, the least `(distance, candidate)`.
    fn first_within(&self, a: &[char], bound: usize) -> Option<String> {
        if self.nodes.is_empty() {
            return None;
        }
        let n = a.len();
        let cap = (bound + 1) as u8;
        let width = 2 * bound + 1;
        // A row holds the cells i = j - bound + k (k < width) of the table row of depth j: the
        // distance between a[..i] and the prefix of length j, capped at bound + 1 (a cell
        // further from the diagonal is over the bound anyway).
        let mut root = [cap; BAND];
        for (k, cell) in root.iter_mut().enumerate().take(width) {
            if let Some(i) = k.checked_sub(bound).filter(|i| *i <= n) {
                *cell = i.min(bound + 1) as u8;
            }
        }
        struct Visit {
            node: usize,
            depth: usize,
            prev: [u8; BAND],
            grand: [u8; BAND],
        }
        let mut stack = vec![Visit {
            node: 0,
            depth: 0,
            prev: root,
            grand: [cap; BAND],
        }];
        // The characters of the prefix being visited.
        let mut path: Vec<char> = Vec::new();
        let mut children = Vec::new();
        while let Some(v) = stack.pop() {
            let j = v.depth;
            let node = &self.nodes[v.node];
            let row = if j == 0 {
                v.prev
            } else {
                path.truncate(j - 1);
                path.push(node.ch);
                let b = node.ch;
                let b_prev = (j > 1).then(|| path[j - 2]);
                let mut row = [cap; BAND];
                for k in 0..width {
                    let Some(i) = (j + k).checked_sub(bound).filter(|i| *i <= n) else {
                        continue;
                    };
                    if i == 0 {
                        row[k] = j.min(bound + 1) as u8;
                        continue;
                    }
                    let a_i = a[i - 1];
                    let del = if k + 1 < width { v.prev[k + 1] } else { cap };
                    let ins = if k > 0 { row[k - 1] } else { cap };
                    let mut d = (del.min(ins) + 1).min(v.prev[k] + u8::from(a_i != b));
                    if i > 1 && a_i != b && b_prev == Some(a_i) && b == a[i - 2] {
                        d = d.min(v.grand[k] + 1);
                    }
                    row[k] = d.min(cap);
                }
                row
            };
            // The first candidate within the bound is the answer (0 is the wanted text itself,
            // never suggested).
            if node.word
                && let Some(k) = (n + bound).checked_sub(j).filter(|k| *k < width)
                && (1..=bound).contains(&usize::from(row[k]))
            {
                return Some(path.iter().collect());
            }
            if row[..width].iter().all(|c| usize::from(*c) > bound) {
                continue;
            }
            // The children, pushed last first.
            children.clear();
            let mut child = v.node + 1;
            while child < node.end as usize {
                children.push(child);
                child = self.nodes[child].end as usize;
            }
            for &child in children.iter().rev() {
                stack.push(Visit {
                    node: child,
                    depth: j + 1,
                    prev: row,
                    grand: v.prev,
                });
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index gives what the scan gives, ties included.
    fn same(wanted: &str, candidates: &[&str]) {
        let scan = did_you_mean(wanted, candidates.iter().copied()).map(str::to_string);
        let index = Candidates::new(candidates.iter().copied()).closest(wanted);
        assert_eq!(index, scan, "{wanted:?} among {candidates:?}");
    }

    #[test]
    fn the_index_suggests_as_the_scan() {
        same("titel", &["title", "kind", "scope"]);
        same("xyz", &["title", "kind"]);
        same("202-01", &["202-001", "301-001", "202-010", "202-01"]);
        same("", &["a", "b", ""]);
        same("ab", &["ba", "a", "abc", "b"]);
        same("abcd", &["bacd", "abdc", "acbd", "abc"]);
        same("企业设立", &["企业登记", "企业设立登记", "设立企业"]);
        same("202-001", &[]);
        same(
            "Q/ZWZX 101.12—2031",
            &["Q/ZWZX 101.12—2023", "Q/ZWZX 101.12", "Q/ZWZX 101.13—2031"],
        );
    }

    proptest::proptest! {
        #[test]
        fn the_index_agrees_with_the_scan(
            wanted in "[abc1é-]{0,9}",
            candidates in proptest::collection::vec("[abc1é-]{0,10}", 0..40),
        ) {
            let refs: Vec<&str> = candidates.iter().map(String::as_str).collect();
            same(&wanted, &refs);
        }

        #[test]
        fn the_index_agrees_with_the_scan_at_the_widest_limit(
            wanted in "[ab1]{10,16}",
            candidates in proptest::collection::vec("[ab1]{8,19}", 0..60),
        ) {
            let refs: Vec<&str> = candidates.iter().map(String::as_str).collect();
            same(&wanted, &refs);
        }
    }

    #[test]
    fn suggestions_are_close_only() {
        assert_eq!(
            did_you_mean("titel", ["title", "kind", "scope"]),
            Some("title")
        );
        assert_eq!(did_you_mean("xyz", ["title", "kind"]), None);
        assert_eq!(
            did_you_mean("202-01", ["202-001", "301-001"]),
            Some("202-001")
        );
    }
}
