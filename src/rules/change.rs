//! Group H: change control (`stdkit check --since REV`), each standard against its file as it
//! was at REV.
//!
//! - H001: an existing standard whose content changed without a new `history` entry;
//! - H002: a status change the lifecycle does not allow;
//! - H003: the `number` of an existing standard changed in place;
//! - H005: a standard existing at REV that is gone (neither its id nor its number is found).
//!
//! A current file is compared with the file at the same path at REV when that file has the
//! same id, else with the file that had its id at REV (a moved file is the same standard);
//! files with neither are new and not compared. "Existing" is `trial` … `revising` at REV and
//! now for H001 (a standard leaving the pipeline gets its first history entry when published;
//! a retired one is recorded by its status), and at REV for H003. "Content" is every field
//! except the lifecycle and bookkeeping ones ([`NOT_CONTENT`]); the trees are compared, so a
//! change of comments or layout is no change.
//!
//! The revision's entries git would not hand over ([`Snapshot::refused`]) are findings at the
//! file as the tree names it: an unsafe path is S005, a file over the size limit S006 (either
//! way it is not compared). Links and submodules are not a standard's file at the revision, as
//! before (a link in the working tree is read by the loader like any file).
//!
//! No I/O: the engine ([`crate::check::since`]) takes both snapshots, the revision's from git
//! and the working tree's, and these rules only parse and compare them.

use crate::diag::Findings;
use crate::diag::codes;
use crate::diag::{Diagnostic, Msg};
use crate::git::{Snapshot, Why};
use crate::model::{Date, Standard, Status};
use crate::system::{Loaded, System};
use crate::treediff::{self, Change};
use crate::yaml::{self, Node, Span};
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

/// The H findings of a loaded system: its standards' current files (`current`, the working tree
/// as the caller read it) against the files at a revision (`base`).
pub fn check(system: &System, base: &Snapshot, current: &Snapshot, rev: &str) -> Findings {
    let mut out = Findings::new();
    out.extend(refused(system, base, rev));
    let mut by_id: Option<HashMap<String, PathBuf>> = None;
    for l in &system.standards {
        let Some(id) = l.std.id() else { continue };
        // Unreadable or not UTF-8 now: nothing to compare.
        let Some(new_text) = current
            .files
            .get(&l.rel)
            .and_then(|b| std::str::from_utf8(b).ok())
        else {
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
        let Some(new_tree) = yaml::parse(new_text).root else {
            continue;
        };
        let pair = Pair {
            now: l,
            old: crate::de::from_node(&old_tree)
                .unwrap_or_else(|_| crate::load::findings::identity(&old_tree)),
            old_tree: &old_tree,
            new_tree: &new_tree,
            rev,
            today: system.sys.today,
        };
        file_rules(&pair, &mut out);
    }
    records_changed(system, base, current, &mut out);
    gone(system, base, rev, &mut out);
    out
}

/// H005: a standard that was existing at REV and is gone: no standard now has its id, nor its
/// number (by key). A path that still exists but cannot be read is not gone (S001, S005).
fn gone(system: &System, base: &Snapshot, rev: &str, out: &mut Findings) {
    let ids: std::collections::HashSet<&str> =
        system.standards.iter().filter_map(|l| l.std.id()).collect();
    let numbers: std::collections::HashSet<String> = system
        .standards
        .iter()
        .filter_map(|l| l.std.number())
        .map(number_key)
        .collect();
    let loaded: std::collections::HashSet<&Path> =
        system.standards.iter().map(|l| l.rel.as_path()).collect();
    let unreadable: std::collections::HashSet<&Path> =
        system.unreadable.iter().map(PathBuf::as_path).collect();
    let skipped = |rel: &Path| {
        rel == Path::new(crate::system::SYSTEM_FILE)
            || rel.components().any(|c| {
                let c = c.as_os_str().to_string_lossy();
                c.starts_with('.') || matches!(c.as_ref(), "records" | "templates" | "build")
            })
            || unreadable.contains(rel)
            || loaded.contains(rel)
    };
    for rel in base.files.keys() {
        if skipped(rel) {
            continue;
        }
        let Some(tree) = base.text(rel).and_then(|t| yaml::parse(&t).root) else {
            continue;
        };
        let Some(id) = tree.get("id").and_then(Node::as_str) else {
            continue;
        };
        if tree.get("kind").is_none() {
            continue;
        }
        let old = crate::de::from_node::<Standard>(&tree)
            .unwrap_or_else(|_| crate::load::findings::identity(&tree));
        let Some(status) = old.status().filter(|s| s.is_existing()) else {
            continue;
        };
        if ids.contains(id)
            || old
                .number()
                .is_some_and(|n| numbers.contains(&number_key(n)))
        {
            continue;
        }
        let file: crate::diag::FileName = shown(system, rel).into();
        let title = old.title.as_deref().unwrap_or("");
        let name = match old.number() {
            Some(n) => format!("{id} {} {title}", crate::number::typeset(n)),
            None => format!("{id} {title}"),
        };
        out.push(
            Diagnostic::new(
                codes::H005,
                &file,
                Span::default(),
                msg!(
                    "the standard {} (`{}` at `{}`) is gone: no standard now has its id or its number",
                    "标准 {}（在 `{2}` 时为“{1}”）已被删除：现在没有标准具有其编号或标准编号",
                    name.trim(),
                    status.as_str(),
                    rev
                ),
            )
            .help(Msg::new(
                "keep the file and record the end: `status: abolished` with an `abolished` date, or `status: superseded` with `superseded_by`",
                "请保留该文件并记录其终止：`status: abolished` 并填写 `abolished` 日期，或 `status: superseded` 并填写 `superseded_by`",
            )),
        );
    }
}

/// A path below the root as findings show it.
fn shown(system: &System, rel: &Path) -> String {
    let rel = rel.to_string_lossy();
    let d = &system.root.display;
    if d.as_os_str() == "." {
        rel.into_owned()
    } else {
        format!("{}/{rel}", d.to_string_lossy().trim_end_matches('/'))
    }
}

/// What may be added to a record already at REV (A060): its outcome, not its facts.
pub const RECORD_ADDITIONS: &[&str] = &[
    "done",
    "result",
    "verified",
    "verified_by",
    "effective",
    "followed_by",
    "reply",
    "satisfied",
    // The 补训 an absentee attended later.
    "makeup",
];

/// The records of a snapshot's record files, by id: (file, node).
fn records_by_id(snap: &Snapshot) -> HashMap<String, (PathBuf, Node)> {
    let mut out = HashMap::new();
    for (rel, bytes) in &snap.files {
        if !rel.starts_with("records") {
            continue;
        }
        let Ok(text) = std::str::from_utf8(bytes) else {
            continue;
        };
        let Some(root) = yaml::parse(text).root else {
            continue;
        };
        let nodes = match root.value {
            yaml::Value::Seq(items) => items,
            _ => vec![root],
        };
        for n in nodes {
            if n.get("record").is_none() {
                continue;
            }
            if let Some(id) = n.get("id").and_then(Node::as_str) {
                out.entry(id.to_string()).or_insert((rel.clone(), n));
            }
        }
    }
    out
}

/// Whether a change to a record is one of the additions A060 allows.
fn allowed_record_change(c: &Change) -> bool {
    let last = c
        .path
        .rsplit('.')
        .next()
        .unwrap_or(&c.path)
        .split('[')
        .next()
        .unwrap_or("");
    match c.kind {
        treediff::ChangeKind::Added => {
            RECORD_ADDITIONS.contains(&last)
                || last == "note"
                || last == "checked"
                || c.path.starts_with("evidence")
        }
        // `checked` is updated at each inspection; a note is added, never rewritten.
        treediff::ChangeKind::Changed => last == "checked",
        _ => false,
    }
}

/// A060: a record present at REV changed other than by adding its outcome.
fn records_changed(system: &System, base: &Snapshot, current: &Snapshot, out: &mut Findings) {
    let Some(records) = &system.records else {
        return;
    };
    let old = records_by_id(base);
    if old.is_empty() {
        return;
    }
    let now = records_by_id(current);
    for l in &records.list {
        let Some(id) = l.record.id() else { continue };
        let (Some((_, before)), Some((_, after))) =
            (old.get(id.value.as_str()), now.get(id.value.as_str()))
        else {
            continue;
        };
        let changes = treediff::compare(before, after);
        let bad: Vec<&Change> = changes
            .iter()
            .filter(|c| !allowed_record_change(c))
            .collect();
        if let Some(first) = bad.first() {
            let paths: Vec<&str> = bad.iter().take(5).map(|c| c.path.as_str()).collect();
            out.push(
                Diagnostic::new(codes::A060, &l.file, first.at, msg!(
                    "record {} was changed after it was made ({}{}): a record is kept as it was; only its outcome may be added",
                    "记录 {} 形成后被修改（{}{}）：记录应保持原貌，只可补记结果",
                    id.value, paths.join(", "), if bad.len() > 5 { " …" } else { "" }
                ))
                .help(Msg::new(
                    "undo the change; to correct a record, add a `note`, or a new record that says what was wrong",
                    "请撤销修改；如需更正，请添加 `note` 说明，或另立记录说明更正内容",
                )),
            );
        }
    }
}

/// S005 and S006 for the entries of the revision that were not read. No position: the file as
/// named is not on disk (or is not that revision's), so no excerpt is shown from it.
fn refused(system: &System, base: &Snapshot, rev: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for r in &base.refused {
        let file: crate::diag::FileName = r.shown(&system.root).into();
        match r.why {
            Why::Unsafe(e) => {
                let (en, zh) = e.texts();
                out.push(
                    Diagnostic::new(
                        codes::S005,
                        &file,
                        Span::default(),
                        Msg::new(
                            format!("unsafe path in revision `{rev}`: {en}; not read"),
                            format!("版本 `{rev}` 中的路径不安全：{zh}，未读取"),
                        ),
                    )
                    .help(Msg::new(
                        "a git tree entry named `..`, absolute or with `\\` cannot be checked out; the revision was made by hand — do not trust it",
                        "名为 `..`、绝对路径或含 `\\` 的 git 树条目无法检出，该版本系人为构造，不应信任",
                    )),
                );
            }
            Why::TooLarge(size) => out.push(
                Diagnostic::new(
                    codes::S006,
                    &file,
                    Span::default(),
                    msg!(
                        "file is {} bytes in revision `{}`, over the size limit of {} bytes; not compared",
                        "版本 `{1}` 中的文件大小 {0} 字节，超过上限 {2} 字节，未比较",
                        size,
                        rev,
                        yaml::MAX_FILE_SIZE
                    ),
                ),
            ),
            Why::Link | Why::Submodule => {}
        }
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

/// A standard now and as it was at the base revision: what each H rule looks at.
struct Pair<'a> {
    now: &'a Loaded,
    old: Standard,
    old_tree: &'a Node,
    new_tree: &'a Node,
    rev: &'a str,
    today: Date,
}

impl Pair<'_> {
    /// Whether it was an existing standard (`trial` … `revising`) at the base.
    fn was_existing(&self) -> bool {
        self.old.status().is_some_and(Status::is_existing)
    }
}

/// The H rules, in the order they report.
const FILE_RULES: &[fn(&Pair, &mut Findings)] = &[h002_lifecycle, h003_number, h001_history];

fn file_rules(pair: &Pair, out: &mut Findings) {
    for rule in FILE_RULES {
        rule(pair, out);
    }
}

/// H002: a status change the lifecycle does not allow.
fn h002_lifecycle(p: &Pair, out: &mut Findings) {
    let (l, rev) = (p.now, p.rev);
    if let (Some(from), Some(to)) = (p.old.status(), l.std.status.as_ref())
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
}

/// H003: the number of an existing standard, changed in place.
fn h003_number(p: &Pair, out: &mut Findings) {
    let (l, rev) = (p.now, p.rev);
    if p.was_existing()
        && let (Some(o), Some(n)) = (p.old.number(), l.std.number.as_ref())
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
}

/// H001: content changed without a new `history` entry.
fn h001_history(p: &Pair, out: &mut Findings) {
    let (l, rev, today) = (p.now, p.rev, p.today);
    if p.was_existing() && l.std.status().is_some_and(Status::is_existing) {
        let changes: Vec<Change> = treediff::compare(p.old_tree, p.new_tree)
            .into_iter()
            .filter(|c| !NOT_CONTENT.contains(&c.field()))
            .collect();
        if !changes.is_empty() && !has_new_history(p.old_tree, p.new_tree) {
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
    crate::number::key_of(s)
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
        .any(|e| !before.iter().any(|b| treediff::same(b, e)))
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
