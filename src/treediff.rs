//! Comparing two YAML trees by path, and showing their values: what `stdkit diff` lists for
//! each standard and catalogue, and what H001 (`check --since`) counts as a change of content.
//!
//! A leaf over [`crate::yaml`] (and [`crate::text`] for widths): it knows no system, file or
//! language, so the diff renderers and the change rules share one notion of "changed".
//! Mappings are compared by key; list entries are matched by a key field (`name`, `item`, `law`
//! …) where every entry has a distinct one, else aligned by a longest common subsequence.

use crate::text::{cut, width};
use crate::yaml::{self, Node, ScalarType, Span, Value};
use serde_json::Value as Json;
use std::collections::{HashMap, HashSet};

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
        Value::Scalar { text, .. } => text.trim_end().contains('\n') || width(text) > 40,
        _ => false,
    }
}

impl Change {
    /// The change as `(before, after)` texts for display, one line each (long text as an
    /// excerpt around what changed); `None` where a side has nothing.
    pub fn shown(&self) -> (Option<String>, Option<String>) {
        const MAX: usize = 60;
        match (&self.old, &self.new) {
            (Some(o), Some(n))
                if self.kind == ChangeKind::Changed && (is_text(o) || is_text(n)) =>
            {
                let (x, y) = excerpt(o.as_str().unwrap_or(""), n.as_str().unwrap_or(""));
                (Some(x), Some(y))
            }
            (o, n) => (
                o.as_ref().map(|v| show(v, MAX)),
                n.as_ref().map(|v| show(v, MAX)),
            ),
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    // The assertions are the lines `diff` shows; the renderer is above this leaf, which a test
    // may use.
    use crate::diag::Lang;
    use crate::diff::change_line;

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
}
