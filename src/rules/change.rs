//! Group H: change control (`stdkit check --since REV`), each standard against its file as it
//! was at REV.
//!
//! - H001: an existing standard whose content changed without a new `history` entry;
//! - H002: a status change the lifecycle does not allow;
//! - H003: the `number` of an existing standard changed in place.
//!
//! A current file is compared with the file at the same path at REV when that file has the
//! same id, else with the file that had its id at REV (a moved file is the same standard);
//! files with neither are new and not compared. "Existing" is `trial` … `revising` at REV and
//! now for H001 (a standard leaving the pipeline gets its first history entry when published;
//! a retired one is recorded by its status), and at REV for H003. "Content" is every field
//! except the lifecycle and bookkeeping ones ([`NOT_CONTENT`]); the trees are compared, so a
//! change of comments or layout is no change.

use crate::diag::codes;
use crate::diag::{Diagnostic, Msg};
use crate::diff::{self, Repo, Snapshot};
use crate::model::{Standard, Status};
use crate::number::Number;
use crate::system::{Loaded, System};
use crate::yaml::{self, Node, Span};
use anyhow::Result;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Fields whose change is not a change of content (H001): the lifecycle (status and its dates,
/// `superseded_by`), the number (H003), review records, `history` itself, `note` and `allow`.
pub const NOT_CONTENT: &[&str] = &[
    "status",
    "number",
    "published",
    "effective",
    "abolished",
    "superseded_by",
    "reviewed",
    "last_checked",
    "history",
    "note",
    "allow",
];

/// Whether the lifecycle allows a status change (rules.md, H002): forward along planned …
/// effective (steps may be skipped), effective ⇄ revising, any status to superseded or
/// abolished; nothing leaves superseded or abolished.
pub fn allowed(from: Status, to: Status) -> bool {
    if from == to {
        return true;
    }
    if from.is_retired() {
        return false;
    }
    if to.is_retired() {
        return true;
    }
    matches!(
        (from, to),
        (Status::Effective, Status::Revising) | (Status::Revising, Status::Effective)
    ) || (from < to && to <= Status::Effective)
}

/// Runs the H rules against revision `rev` of the repository holding the system.
/// `Err` (exit 2) outside a repository or for an unknown revision.
pub fn since(system: &System, rev: &str) -> Result<Vec<Diagnostic>> {
    let repo = Repo::open(&system.root)?;
    let commit = repo.commit(rev)?;
    let base = repo.snapshot(&commit)?;
    Ok(check(system, &base, rev))
}

/// The H findings of a loaded system against its files at a revision (`base`).
pub fn check(system: &System, base: &Snapshot, rev: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut by_id: Option<HashMap<String, PathBuf>> = None;
    for l in &system.standards {
        let Some(id) = l.std.id() else { continue };
        let Ok(new_text) = std::fs::read_to_string(system.root.dir.join(&l.rel)) else {
            continue;
        };
        if base
            .files
            .get(&l.rel)
            .is_some_and(|b| *b == new_text.as_bytes())
        {
            continue;
        }
        let same_path = base
            .text(&l.rel)
            .and_then(|t| yaml::parse(&t).root.map(|n| (t, n)))
            .filter(|(_, n)| n.get("id").and_then(Node::as_str) == Some(id));
        let old = match same_path {
            Some(x) => Some(x),
            None => {
                let ids = by_id.get_or_insert_with(|| base_ids(base));
                ids.get(id)
                    .and_then(|rel| base.text(rel))
                    .and_then(|t| yaml::parse(&t).root.map(|n| (t, n)))
            }
        };
        let Some((old_text, old_tree)) = old else {
            continue;
        };
        if new_text == old_text {
            continue;
        }
        let Some(new_tree) = yaml::parse(&new_text).root else {
            continue;
        };
        file_rules(l, &old_tree, &new_tree, rev, system.sys.today, &mut out);
    }
    out
}

/// The ids of the standard files at a revision.
fn base_ids(base: &Snapshot) -> HashMap<String, PathBuf> {
    let mut out = HashMap::new();
    for rel in base.files.keys() {
        if rel == Path::new(crate::system::SYSTEM_FILE) {
            continue;
        }
        let Some(tree) = base.text(rel).and_then(|t| yaml::parse(&t).root) else {
            continue;
        };
        if let Some(id) = tree.get("id").and_then(Node::as_str) {
            out.entry(id.to_string()).or_insert_with(|| rel.clone());
        }
    }
    out
}

fn file_rules(
    l: &Loaded,
    old_tree: &Node,
    new_tree: &Node,
    rev: &str,
    today: crate::model::Date,
    out: &mut Vec<Diagnostic>,
) {
    let old: Standard = crate::de::from_node(old_tree)
        .unwrap_or_else(|_| crate::load::findings::identity(old_tree));
    let new = &l.std;
    let was = old.status();
    let was_existing = was.is_some_and(Status::is_existing);

    // H002: the lifecycle.
    if let (Some(from), Some(to)) = (was, new.status.as_ref())
        && !allowed(from, to.value)
    {
        let help = if from.is_retired() {
            Msg::new(
                format!(
                    "nothing leaves `{}`: a withdrawn standard comes back only as a new standard (new id and number)",
                    from.as_str()
                ),
                format!(
                    "“{}”状态不可撤回：恢复的标准应作为新标准（新的编号）",
                    from.zh()
                ),
            )
        } else if from >= Status::Published && to.value < from {
            Msg::new(
                "to revise a standard in force, set `status: revising`; it stays in force until the new text replaces it",
                "修订现行标准应改为 `status: revising`，新文本替代之前原标准继续有效",
            )
        } else {
            Msg::new(
                "statuses move forward: planned → drafting → consultation → trial → review → approved → published → effective; effective ⇄ revising; any status → superseded or abolished",
                "状态只能前进：planned → drafting → consultation → trial → review → approved → published → effective；effective ⇄ revising；任何状态 → superseded 或 abolished",
            )
        };
        out.push(
            Diagnostic::new(
                codes::H002,
                &l.file,
                to.span,
                msg!(
                    "status changed from `{}` to `{}` since `{}`, which the lifecycle does not allow",
                    "自 `{2}` 以来状态由 `{0}` 改为 `{1}`，不符合标准的生命周期",
                    from.as_str(),
                    to.value.as_str(),
                    rev
                ),
            )
            .help(help),
        );
    }

    // H003: the number of an existing standard, changed in place.
    if was_existing
        && let (Some(o), Some(n)) = (old.number(), new.number.as_ref())
        && number_key(o) != number_key(&n.value)
    {
        out.push(
            Diagnostic::new(
                codes::H003,
                &l.file,
                n.span,
                msg!(
                    "the number of this existing standard changed in place since `{}`: `{}` → `{}`",
                    "自 `{}` 以来直接修改了现有标准的编号：`{}` → `{}`",
                    rev,
                    o,
                    n.value
                ),
            )
            .help(msg!(
                "keep this standard with its number `{}` (marked `superseded`) and add the new edition as a new standard that `supersedes` it",
                "保留本标准及其编号 `{}`（状态改为 `superseded`），新版本作为新标准添加，并在其 `supersedes` 中列出本标准",
                o
            )),
        );
    }

    // H001: content changed without a new history entry.
    if was_existing && new.status().is_some_and(Status::is_existing) {
        let changes: Vec<diff::Change> = diff::compare(old_tree, new_tree)
            .into_iter()
            .filter(|c| !NOT_CONTENT.contains(&c.field()))
            .collect();
        if !changes.is_empty() && !has_new_history(old_tree, new_tree) {
            let at: Span = changes
                .iter()
                .map(|c| c.at)
                .min_by_key(|s| (s.start.line, s.start.col))
                .unwrap_or_default();
            let mut fields: Vec<&str> = Vec::new();
            for c in &changes {
                if !fields.contains(&c.path.as_str()) {
                    fields.push(&c.path);
                }
            }
            let shown = if fields.len() > 3 {
                format!("{} and {} more", fields[..3].join(", "), fields.len() - 3)
            } else {
                fields.join(", ")
            };
            let shown_zh = if fields.len() > 3 {
                format!("{} 等 {} 处", fields[..3].join("、"), fields.len())
            } else {
                fields.join("、")
            };
            out.push(
                Diagnostic::new(
                    codes::H001,
                    &l.file,
                    at,
                    Msg::new(
                        format!("content changed since `{rev}` ({shown}) without a new `history` entry"),
                        format!("自 `{rev}` 以来内容已变更（{shown_zh}），但 `history` 未增加记录"),
                    ),
                )
                .help(msg!(
                    "record the change in `history`, e.g. `- {{date: {}, change: …}}` (the foreword lists the changes from the previous edition)",
                    "请在 `history` 中记录本次变更，如 `- {{date: {}, change: …}}`（前言据此说明与前一版本相比的主要变化）",
                    today
                )),
            );
        }
    }
}

/// The dated key of a number (dash variants equal), or the text as written.
fn number_key(s: &str) -> String {
    Number::parse(s).map_or_else(|| s.trim().to_string(), |n| n.key())
}

/// Whether the new `history` has an entry the old one did not.
fn has_new_history(old: &Node, new: &Node) -> bool {
    let entries = |n: &Node| -> Vec<Node> {
        n.get("history")
            .and_then(Node::as_seq)
            .map(<[Node]>::to_vec)
            .unwrap_or_default()
    };
    let before = entries(old);
    entries(new)
        .iter()
        .any(|e| !before.iter().any(|b| diff::same(b, e)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    #[test]
    fn lifecycle() {
        for (from, to) in [
            (Planned, Drafting),
            (Drafting, Trial),
            (Planned, Effective),
            (Approved, Published),
            (Effective, Revising),
            (Revising, Effective),
            (Drafting, Abolished),
            (Effective, Superseded),
            (Revising, Superseded),
        ] {
            assert!(allowed(from, to), "{from:?} → {to:?}");
        }
        for (from, to) in [
            (Effective, Drafting),
            (Published, Approved),
            (Abolished, Effective),
            (Superseded, Effective),
            (Superseded, Abolished),
            (Revising, Published),
            (Drafting, Revising),
            (Review, Drafting),
        ] {
            assert!(!allowed(from, to), "{from:?} → {to:?}");
        }
    }

    #[test]
    fn number_dashes_are_equal() {
        assert_eq!(
            number_key("Q/ZWZX 202.1—2026"),
            number_key("Q/ZWZX 202.1-2026")
        );
        assert_ne!(
            number_key("Q/ZWZX 202.1—2026"),
            number_key("Q/ZWZX 202.1—2023")
        );
    }
}
