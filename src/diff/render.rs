//! The three renderings of a [`Diff`]: text for a terminal, GitHub-flavoured Markdown for a
//! pull-request comment, and the JSON document. Chosen through [`super::render`].
//!
//! Everything taken from the files or the command line (ids, titles, paths, values, revision
//! names) is made safe where it is written: [`terminal`] for the human text, [`md`] or a code
//! span for Markdown; JSON escapes by itself.

use super::{Diff, Entry, Figures, Rev};
use crate::diag::Lang;
use crate::model::{Kind, Status};
use crate::text::{percent as pct, width};
use crate::treediff::{Change, ChangeKind, to_json};
use serde_json::{Value as Json, json};
use std::fmt::Write as _;

fn tr(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

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
pub(crate) fn change_line(c: &Change, lang: Lang) -> String {
    let (o, n) = c.shown();
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
                *w = (*w).max(width(c));
            }
        }
        for r in std::iter::once(&header).chain(&rows) {
            let mut line = format!("  {}{}", r[0], " ".repeat(widths[0] - width(&r[0])));
            for (c, w) in r.iter().zip(&widths).skip(1) {
                let _ = write!(line, "  {}{c}", " ".repeat(w - width(c)));
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
                let (o, n) = c.shown();
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

    #[test]
    fn figures_deltas() {
        assert_eq!(delta(8, 7), "−1");
        assert_eq!(delta(7, 8), "+1");
        assert_eq!(delta(8, 8), "");
        assert_eq!(delta_pct(Some(1.0), Some(0.875)), "−12.5 pp");
    }
}
