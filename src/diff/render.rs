//! The three renderings of a [`Diff`]: text for a terminal, GitHub-flavoured Markdown for a
//! pull-request comment, and the JSON document. Chosen through [`super::render`].
//!
//! Everything taken from the files or the command line (ids, titles, paths, values, revision
//! names) is made safe where it is written: [`terminal`] for the human text, [`md`] or a code
//! span for Markdown; JSON escapes by itself.

use super::{Diff, Entry, Figures, FileChanges, NotCompared, Rev, Revised, StatusChange};
use crate::diag::Lang;
use crate::git::Why;
use crate::model::{Kind, Status};
use crate::text::{md, pad, percent as pct, terminal, width};
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
    let path = shown_path(&c.path, lang);
    match c.kind {
        ChangeKind::Changed => format!("{path}: {o} → {n}"),
        ChangeKind::Added => format!("{path}: {} {n}", tr(lang, "added", "新增")),
        ChangeKind::Removed => format!("{path}: {} {o}", tr(lang, "removed", "删除")),
        ChangeKind::Reordered => format!("{path}: {} {o} → {n}", tr(lang, "reordered", "顺序调整")),
    }
}

/// The path of a change as a reader of `lang` names it: in Chinese the field's name first,
/// `承诺时限（item.promised_limit）`, the YAML path kept for whoever edits the file.
fn shown_path(path: &str, lang: Lang) -> String {
    if path.is_empty() {
        return tr(lang, "(file)", "（整个文件）").into();
    }
    match (lang, crate::schema::field_label(path)) {
        (Lang::Zh, Some(label)) => format!("{label}（{path}）"),
        _ => path.to_string(),
    }
}

/// Why a file was not compared, in `lang`.
fn why(w: Why, lang: Lang) -> String {
    let limit = crate::yaml::MAX_FILE_SIZE;
    match (w, lang) {
        (Why::TooLarge(n), Lang::En) => {
            format!("{n} bytes, over the size limit of {limit} bytes (S006); not read")
        }
        (Why::TooLarge(n), Lang::Zh) => format!("{n} 字节，超过上限 {limit} 字节（S006），未读取"),
        (Why::Link, _) => tr(lang, "a symbolic link, not followed", "符号链接，未跟随").into(),
        (Why::Submodule, _) => tr(lang, "a submodule", "子模块").into(),
        (Why::Unsafe(e), _) => {
            let (en, zh) = e.texts();
            tr(lang, en, zh).into()
        }
    }
}

/// What the human and the Markdown renderings do differently. [`write`] walks a diff once for
/// both, so they show the same sections in the same order and differ only in these pieces.
trait Style {
    /// A revision name or a path, quoted for this style.
    fn quote(name: &str) -> String;
    fn title(&mut self, title: &str);
    /// The line under the title.
    fn summary(&mut self, d: &Diff);
    /// A section's heading, with its number of entries where there is one.
    fn heading(&mut self, label: &str, count: Option<usize>);
    /// The standards added (`kind` [`ChangeKind::Added`]) or removed.
    fn entries(&mut self, kind: ChangeKind, entries: &[Entry]);
    fn revised(&mut self, r: &Revised);
    fn status_changes(&mut self, changes: &[StatusChange]);
    fn file(&mut self, f: &FileChanges);
    fn not_compared(&mut self, n: &[NotCompared]);
    /// Closes a section.
    fn end(&mut self);
    /// The statistics: `header` over the columns before, after and change.
    fn statistics(&mut self, header: [&str; 3], rows: &[[String; 4]]);
    fn finish(self) -> String;
}

fn write<S: Style>(d: &Diff, lang: Lang, mut s: S) -> String {
    s.title(&d.title(lang, S::quote));
    s.summary(d);
    for (kind, label, entries) in [
        (ChangeKind::Added, tr(lang, "Added", "新增"), &d.added),
        (ChangeKind::Removed, tr(lang, "Removed", "删除"), &d.removed),
    ] {
        if !entries.is_empty() {
            s.heading(label, Some(entries.len()));
            s.entries(kind, entries);
            s.end();
        }
    }
    if !d.revised.is_empty() {
        s.heading(tr(lang, "Revised", "修改"), Some(d.revised.len()));
        for r in &d.revised {
            s.revised(r);
        }
        s.end();
    }
    if !d.status_changes.is_empty() {
        s.heading(
            tr(lang, "Status changes", "状态变更"),
            Some(d.status_changes.len()),
        );
        s.status_changes(&d.status_changes);
        s.end();
    }
    if !d.system_files.is_empty() {
        s.heading(tr(lang, "System and catalogues", "体系配置和目录"), None);
        for f in &d.system_files {
            s.file(f);
        }
        s.end();
    }
    if !d.not_compared.is_empty() {
        s.heading(
            tr(lang, "Not compared", "未比较"),
            Some(d.not_compared.len()),
        );
        s.not_compared(&d.not_compared);
        s.end();
    }
    s.heading(tr(lang, "Statistics", "统计"), None);
    s.statistics(
        [before(lang), after(lang), tr(lang, "change", "变化")],
        &stat_rows(d, lang),
    );
    s.finish()
}

fn before(lang: Lang) -> &'static str {
    tr(lang, "before", "变更前")
}

fn after(lang: Lang) -> &'static str {
    tr(lang, "after", "变更后")
}

impl Diff {
    /// The heading, with `name` showing a revision name or the root as the style quotes them.
    fn title(&self, lang: Lang, name: fn(&str) -> String) -> String {
        let label = |r: &Rev| match &r.name {
            Some(n) => name(n),
            None => tr(lang, "the working tree", "工作区").to_string(),
        };
        let (base, head) = (label(&self.base), label(&self.head));
        let root = name(&self.root);
        let here = self.root == ".";
        match lang {
            Lang::En if here => format!("Changes from {base} to {head}"),
            Lang::En => format!("Changes from {base} to {head} in {root}"),
            Lang::Zh if here => format!("变更：{base} → {head}"),
            Lang::Zh => format!("变更：{base} → {head}（{root}）"),
        }
    }

    /// Text for a terminal.
    pub(super) fn human(&self, lang: Lang, color: bool) -> String {
        write(
            self,
            lang,
            Human {
                out: String::new(),
                lang,
                color,
            },
        )
    }

    /// GitHub-flavoured Markdown, for a pull-request comment.
    pub(super) fn markdown(&self, lang: Lang) -> String {
        write(
            self,
            lang,
            Markdown {
                out: String::new(),
                lang,
            },
        )
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
            "not_compared": self.not_compared.iter().map(|n| {
                let (reason, size) = match n.why {
                    Why::TooLarge(size) => ("too_large", Some(size)),
                    Why::Link => ("link", None),
                    Why::Submodule => ("submodule", None),
                    Why::Unsafe(_) => ("unsafe_path", None),
                };
                json!({"rev": n.rev, "file": n.file, "reason": reason, "size": size})
            }).collect::<Vec<_>>(),
            "stats": {"before": figures(&self.before), "after": figures(&self.after)},
        })
    }
}

/// Text for a terminal: what comes from the files or the command line goes through
/// [`terminal`], so an escape sequence in a title cannot reach the terminal.
struct Human {
    out: String,
    lang: Lang,
    color: bool,
}

impl Human {
    /// One line: `indent`, then `text` made terminal-safe, in the colour `sgr` when colour is on.
    fn line(&mut self, indent: &str, sgr: Option<&str>, text: &str) {
        let text = terminal(text);
        let _ = match sgr {
            Some(code) if self.color => writeln!(self.out, "{indent}\x1b[{code}m{text}\x1b[0m"),
            _ => writeln!(self.out, "{indent}{text}"),
        };
    }

    fn changes(&mut self, changes: &[Change]) {
        for c in changes {
            let line = change_line(c, self.lang);
            self.line("      ", None, &line);
        }
    }
}

impl Style for Human {
    fn quote(name: &str) -> String {
        format!("`{name}`")
    }

    fn title(&mut self, title: &str) {
        self.line("", Some("1"), title);
        self.out.push('\n');
    }

    fn summary(&mut self, d: &Diff) {
        if d.added.is_empty() && d.removed.is_empty() && d.revised.is_empty() {
            let none = if d.not_compared.is_empty() {
                tr(self.lang, "No standard changed.", "标准无变更。")
            } else {
                tr(
                    self.lang,
                    "No standard changed among the files compared.",
                    "已比较的文件中标准无变更。",
                )
            };
            let _ = writeln!(self.out, "{none}\n");
        }
    }

    fn heading(&mut self, label: &str, count: Option<usize>) {
        match count {
            Some(n) => self.line("", Some("1"), &format!("{label} ({n})")),
            None => self.line("", Some("1"), label),
        }
    }

    fn entries(&mut self, kind: ChangeKind, entries: &[Entry]) {
        let (sign, sgr) = match kind {
            ChangeKind::Added => ('+', "32"),
            _ => ('-', "31"),
        };
        for e in entries {
            let line = format!("{sign} {} {} ({})  {}", e.id, e.title, describe(e), e.file);
            self.line("  ", Some(sgr), &line);
        }
    }

    fn revised(&mut self, r: &Revised) {
        let e = &r.entry;
        self.line(
            "  ",
            Some("33"),
            &format!("~ {} {}  {}", e.id, e.title, e.file),
        );
        if let Some(f) = &r.old_file {
            let moved = tr(self.lang, "moved from", "移自");
            self.line("      ", None, &format!("{moved} {f}"));
        }
        self.changes(&r.changes);
    }

    fn status_changes(&mut self, changes: &[StatusChange]) {
        for s in changes {
            let line = format!(
                "{} {}: {} → {} ({} → {})",
                s.id,
                s.title,
                s.from.as_str(),
                s.to.as_str(),
                s.from.zh(),
                s.to.zh()
            );
            self.line("  ", None, &line);
        }
    }

    fn file(&mut self, f: &FileChanges) {
        self.line("  ", None, &f.file);
        self.changes(&f.changes);
    }

    fn not_compared(&mut self, n: &[NotCompared]) {
        let at = tr(self.lang, "at", "于");
        for x in n {
            let line = format!("! {} {at} `{}`: {}", x.file, x.rev, why(x.why, self.lang));
            self.line("  ", Some("31"), &line);
        }
    }

    fn end(&mut self) {
        self.out.push('\n');
    }

    fn statistics(&mut self, header: [&str; 3], rows: &[[String; 4]]) {
        let header = [
            String::new(),
            header[0].into(),
            header[1].into(),
            header[2].into(),
        ];
        let mut widths = [0usize; 4];
        for r in std::iter::once(&header).chain(rows) {
            for (w, c) in widths.iter_mut().zip(r) {
                *w = (*w).max(width(c));
            }
        }
        for r in std::iter::once(&header).chain(rows) {
            let mut line = format!("  {}{}", r[0], pad(&r[0], widths[0]));
            for (c, w) in r.iter().zip(&widths).skip(1) {
                let _ = write!(line, "  {}{c}", pad(c, *w));
            }
            let _ = writeln!(self.out, "{}", line.trim_end());
        }
    }

    fn finish(self) -> String {
        self.out
    }
}

/// GitHub-flavoured Markdown: text from the files as [`md`] cells, paths and revision names as
/// code spans ([`code`]). Each table closes itself with a blank line.
struct Markdown {
    out: String,
    lang: Lang,
}

/// A code span (empty for empty text): no backtick, pipe or line break can end it, the table
/// cell or the line.
fn code(s: &str) -> String {
    if s.is_empty() {
        String::new()
    } else {
        let s = s
            .replace('`', "'")
            .replace('|', "\\|")
            .replace(['\n', '\r'], " ");
        format!("`{s}`")
    }
}

impl Markdown {
    fn changes_table(&mut self, changes: &[Change]) {
        let lang = self.lang;
        let _ = writeln!(
            self.out,
            "| {} | {} | {} |\n|---|---|---|",
            tr(lang, "field", "字段"),
            before(lang),
            after(lang)
        );
        for c in changes {
            let (o, n) = c.shown();
            let mark = match c.kind {
                ChangeKind::Reordered => tr(lang, " (order)", "（顺序）"),
                _ => "",
            };
            let _ = writeln!(
                self.out,
                "| {}{mark} | {} | {} |",
                match (lang, crate::schema::field_label(&c.path)) {
                    (Lang::Zh, Some(label)) => format!("{}（{}）", md(&label), code(&c.path)),
                    _ => code(&c.path),
                },
                o.map_or_else(|| "—".to_string(), |s| md(&s)),
                n.map_or_else(|| "—".to_string(), |s| md(&s))
            );
        }
        self.out.push('\n');
    }
}

impl Style for Markdown {
    fn quote(name: &str) -> String {
        code(name)
    }

    fn title(&mut self, title: &str) {
        let _ = writeln!(self.out, "### {title}\n");
    }

    fn summary(&mut self, d: &Diff) {
        let (added, removed, revised) = (d.added.len(), d.removed.len(), d.revised.len());
        let status = d.status_changes.len();
        let _ = match self.lang {
            Lang::En => writeln!(
                self.out,
                "**{added} added · {removed} removed · {revised} revised · {status} status change{}**\n",
                if status == 1 { "" } else { "s" }
            ),
            Lang::Zh => writeln!(
                self.out,
                "**新增 {added} · 删除 {removed} · 修改 {revised} · 状态变更 {status}**\n"
            ),
        };
    }

    fn heading(&mut self, label: &str, _count: Option<usize>) {
        let _ = writeln!(self.out, "#### {label}\n");
    }

    fn entries(&mut self, _kind: ChangeKind, entries: &[Entry]) {
        let lang = self.lang;
        let _ = writeln!(
            self.out,
            "| {} | {} | {} | {} | {} |\n|---|---|---|---|---|",
            tr(lang, "id", "编号"),
            tr(lang, "title", "标准名称"),
            tr(lang, "kind", "类型"),
            tr(lang, "status", "状态"),
            tr(lang, "file", "文件")
        );
        for e in entries {
            let _ = writeln!(
                self.out,
                "| {} | {} | {} | {} | {} |",
                md(&e.id),
                md(&e.title),
                e.kind.map_or("", Kind::as_str),
                e.status.map_or("", Status::as_str),
                code(&e.file)
            );
        }
        self.out.push('\n');
    }

    fn revised(&mut self, r: &Revised) {
        let e = &r.entry;
        let _ = writeln!(
            self.out,
            "**{}** {} ({})\n",
            md(&e.id),
            md(&e.title),
            code(&e.file)
        );
        if let Some(f) = &r.old_file {
            let moved = tr(self.lang, "Moved from", "移自");
            let _ = writeln!(self.out, "{moved} {}\n", code(f));
        }
        if !r.changes.is_empty() {
            self.changes_table(&r.changes);
        }
    }

    fn status_changes(&mut self, changes: &[StatusChange]) {
        let lang = self.lang;
        let _ = writeln!(
            self.out,
            "| {} | {} | {} | {} |\n|---|---|---|---|",
            tr(lang, "id", "编号"),
            tr(lang, "title", "标准名称"),
            before(lang),
            after(lang)
        );
        for s in changes {
            let _ = writeln!(
                self.out,
                "| {} | {} | {} {} | {} {} |",
                md(&s.id),
                md(&s.title),
                s.from.as_str(),
                s.from.zh(),
                s.to.as_str(),
                s.to.zh()
            );
        }
        self.out.push('\n');
    }

    fn file(&mut self, f: &FileChanges) {
        let _ = writeln!(self.out, "{}\n", code(&f.file));
        self.changes_table(&f.changes);
    }

    fn not_compared(&mut self, n: &[NotCompared]) {
        for x in n {
            let _ = writeln!(
                self.out,
                "- {} ({}): {}",
                code(&x.file),
                code(&x.rev),
                md(&why(x.why, self.lang))
            );
        }
        self.out.push('\n');
    }

    fn end(&mut self) {}

    fn statistics(&mut self, header: [&str; 3], rows: &[[String; 4]]) {
        let [b, a, c] = header;
        let _ = writeln!(self.out, "| | {b} | {a} | {c} |\n|---|---:|---:|---:|");
        for r in rows {
            let _ = writeln!(self.out, "| {} | {} | {} | {} |", r[0], r[1], r[2], r[3]);
        }
    }

    fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_the_files_cannot_reach_the_terminal() {
        let entry = Entry {
            id: "202-001".into(),
            title: "\x1b[31mred\x1b]0;title\x07 \u{202E}evil".into(),
            kind: None,
            status: None,
            file: "a\x1b[2J.yaml".into(),
        };
        let rev = |name: &str| Rev {
            name: Some(name.into()),
            commit: None,
        };
        let d = Diff {
            base: rev("HEAD\x1b[1m"),
            head: rev("HEAD"),
            root: "std".into(),
            added: vec![entry.clone()],
            removed: vec![entry.clone()],
            revised: Vec::new(),
            status_changes: Vec::new(),
            system_files: Vec::new(),
            not_compared: vec![NotCompared {
                rev: "HEAD\x1b[1m".into(),
                file: "big\x1b[2J.yaml".into(),
                why: Why::TooLarge(5 << 20),
            }],
            before: Figures::default(),
            after: Figures::default(),
        };
        for color in [false, true] {
            let text = d.human(Lang::En, color);
            let stripped = text
                .replace("\x1b[0m", "")
                .replace("\x1b[1m", "")
                .replace("\x1b[31m", "")
                .replace("\x1b[32m", "");
            let bad = |c: char| crate::text::terminal_unsafe(c) && c != '\n';
            assert!(!stripped.contains(bad), "{text:?}");
            assert!(text.contains("+ 202-001 \u{FFFD}[31mred"), "{text:?}");
        }
    }

    #[test]
    fn figures_deltas() {
        assert_eq!(delta(8, 7), "−1");
        assert_eq!(delta(7, 8), "+1");
        assert_eq!(delta(8, 8), "");
        assert_eq!(delta_pct(Some(1.0), Some(0.875)), "−12.5 pp");
    }
}
