//! The edition helpers (`stdkit revise`, `publish`, `abolish`): the lifecycle edits that are
//! easy to get wrong by hand — a new edition is a new file with a new id that `supersedes` the
//! old one, and the old one becomes `superseded` with `superseded_by` only when the new one
//! takes effect (rules.md H002, H003). Every edit is made on the text at the spans of the
//! positioned tree, so comments and layout stay as the drafter wrote them, and every file is
//! written atomically, after all edits are known to succeed.

use crate::model::{Date, Status};
use crate::system::{Loaded, System};
use crate::yaml::{Node, Span, Value};
use anyhow::{Context, Result, anyhow, bail};
use std::path::PathBuf;

/// One file to write: its path below the root and its new text.
pub struct Edit {
    pub rel: PathBuf,
    pub text: String,
    /// Written new (never over an existing file) rather than replacing the file.
    pub new: bool,
}

/// What a helper would do: the files to write and one line for each thing it did.
pub struct Plan {
    pub edits: Vec<Edit>,
    pub done: Vec<(String, String)>,
}

impl Plan {
    /// Writes every file: new ones with `write_new_atomic`, the others replaced atomically.
    pub fn write(&self, system: &System) -> Result<()> {
        for e in &self.edits {
            let path = system.root.dir.join(&e.rel);
            if e.new {
                crate::output::write_new_atomic(&path, e.text.as_bytes())?;
            } else {
                crate::output::write_atomic(&path, e.text.as_bytes())?;
            }
        }
        Ok(())
    }
}

fn find<'a>(system: &'a System, id: &str) -> Result<&'a Loaded> {
    system
        .standards
        .iter()
        .find(|l| l.std.id() == Some(id))
        .ok_or_else(|| {
            let near =
                crate::diag::did_you_mean(id, system.standards.iter().filter_map(|l| l.std.id()));
            match near {
                Some(n) => anyhow!("no standard `{id}` in the system; did you mean `{n}`?"),
                None => anyhow!("no standard `{id}` in the system"),
            }
        })
}

/// A standard's file as text and its tree; refused when it does not parse cleanly (fix what
/// `stdkit check` reports first: an edit must not guess).
fn source(system: &System, l: &Loaded) -> Result<(String, Node)> {
    let path = system.root.dir.join(&l.rel);
    let text = std::fs::read_to_string(&path)
        .with_context(|| said!("cannot read `{}`", "无法读取 `{}`", l.file))?;
    let parsed = crate::yaml::parse(&text);
    match (parsed.root, parsed.errors.is_empty()) {
        (Some(root), true) if root.as_map().is_some() => Ok((text, root)),
        _ => bail!(
            "`{}` does not parse as a mapping; fix what `stdkit check` reports first",
            l.file
        ),
    }
}

/// Text edits on one file, applied from the end so earlier offsets stay valid.
struct Text {
    src: String,
    root: Node,
    /// (start, end, replacement) in bytes.
    changes: Vec<(usize, usize, String)>,
}

impl Text {
    fn new(src: String, root: Node) -> Text {
        Text {
            src,
            root,
            changes: Vec::new(),
        }
    }

    fn offsets(&self, span: Span) -> (usize, usize) {
        let a = crate::yaml::offset_of(&self.src, span.start).unwrap_or(self.src.len());
        let b = crate::yaml::offset_of(&self.src, span.end).unwrap_or(self.src.len());
        (a, b.max(a))
    }

    /// The byte range of a top-level entry's lines: from its key's line to the next key's.
    fn entry_lines(&self, key: &str) -> Option<(usize, usize)> {
        let entries = self.root.as_map()?;
        let i = entries.iter().position(|e| e.key == key)?;
        let (start, _) = self.offsets(entries[i].key_span);
        let start = self.src[..start].rfind('\n').map_or(0, |n| n + 1);
        let end = match entries.get(i + 1) {
            Some(next) => {
                let (s, _) = self.offsets(next.key_span);
                self.src[..s].rfind('\n').map_or(0, |n| n + 1)
            }
            None => self.src.len(),
        };
        Some((start, end))
    }

    /// Sets a top-level scalar `key` to `value` (YAML text): in place when it is there, else
    /// as a new line after `after` (the first of them that is there), else at the end.
    fn set(&mut self, key: &str, value: &str, after: &[&str]) {
        if let Some(e) = self
            .root
            .as_map()
            .and_then(|m| m.iter().find(|e| e.key == key))
        {
            let span = e.value.span;
            let (a, b) = self.offsets(span);
            if matches!(e.value.value, Value::Scalar { .. } | Value::Null) && a <= b {
                let (a, b) = if matches!(e.value.value, Value::Null) {
                    let (_, k) = self.offsets(e.key_span);
                    // `key:` with nothing after it: the value goes after the colon.
                    let colon = self.src[k..].find(':').map_or(k, |c| k + c + 1);
                    (colon, colon)
                } else {
                    (a, b)
                };
                let sep = if self.src[..a].ends_with(':') {
                    " "
                } else {
                    ""
                };
                self.changes.push((a, b, format!("{sep}{value}")));
                return;
            }
            // A block value: replace the whole entry.
            if let Some((s, end)) = self.entry_lines(key) {
                self.changes.push((s, end, format!("{key}: {value}\n")));
            }
            return;
        }
        self.insert(&format!("{key}: {value}\n"), after);
    }

    /// Inserts whole lines after the entry of the first of `after` that is there, else at the end.
    fn insert(&mut self, lines: &str, after: &[&str]) {
        let at = after
            .iter()
            .find_map(|k| self.entry_lines(k).map(|r| r.1))
            .unwrap_or(self.src.len());
        let nl = if at > 0 && !self.src[..at].ends_with('\n') {
            "\n"
        } else {
            ""
        };
        self.changes.push((at, at, format!("{nl}{lines}")));
    }

    /// Removes a top-level entry with its lines.
    fn remove(&mut self, key: &str) {
        if let Some((s, e)) = self.entry_lines(key) {
            self.changes.push((s, e, String::new()));
        }
    }

    /// Appends a flow mapping to a top-level list (`history`), keeping its style; a new list
    /// after `after` when there is none.
    fn append(&mut self, key: &str, item: &str, after: &[&str]) {
        let Some(e) = self
            .root
            .as_map()
            .and_then(|m| m.iter().find(|e| e.key == key))
        else {
            self.insert(&format!("{key}:\n  - {item}\n"), after);
            return;
        };
        let (a, b) = self.offsets(e.value.span);
        match &e.value.value {
            Value::Seq(items) if self.src[a..].starts_with('[') => {
                let close = self.src[..b].rfind(']').unwrap_or(b);
                let sep = if items.is_empty() { "" } else { ", " };
                self.changes.push((close, close, format!("{sep}{item}")));
            }
            Value::Seq(items) if !items.is_empty() => {
                // A block list: a new item after the last one, indented like it.
                let last = items[items.len() - 1].span;
                let (first_item, _) = self.offsets(items[0].span);
                let line_start = self.src[..first_item].rfind('\n').map_or(0, |n| n + 1);
                let indent = &self.src[line_start..first_item];
                let (_, end) = self.offsets(last);
                let end = self.src[end..]
                    .find('\n')
                    .map_or(self.src.len(), |n| end + n);
                self.changes.push((end, end, format!("\n{indent}{item}")));
            }
            _ => {
                if let Some((s, end)) = self.entry_lines(key) {
                    self.changes.push((s, end, format!("{key}:\n  - {item}\n")));
                }
            }
        }
    }

    fn finish(mut self) -> String {
        self.changes
            .sort_by(|x, y| y.0.cmp(&x.0).then(y.1.cmp(&x.1)));
        for (a, b, with) in self.changes {
            self.src.replace_range(a..b, &with);
        }
        self.src
    }
}

fn q(s: &str) -> String {
    crate::scaffold::yaml_scalar(s)
}

/// `stdkit revise ID`: the next edition as a new draft in the same node (next free id, the old
/// text with `status: drafting`, the lifecycle dates and review dropped, `supersedes: [ID]`,
/// a `history` entry to fill in), and the old one `revising` if it is effective.
pub fn revise(
    system: &System,
    id: &str,
    title: Option<&str>,
    today: Date,
) -> Result<(Plan, String)> {
    let old = find(system, id)?;
    let status = old.std.status();
    if !status.is_some_and(Status::is_existing) {
        bail!(
            "`{id}` is {}: only an existing standard (published … revising) has a next edition",
            status.map_or("without status", Status::zh)
        );
    }
    let node = id.split_once('-').map_or(id, |x| x.0);
    let folder = old.rel.parent().map(PathBuf::from).unwrap_or_default();
    let (new_id, rel) = crate::scaffold::next_id(system, node, &folder);
    let (text, root) = source(system, old)?;
    let mut t = Text::new(text.clone(), root.clone());
    t.set("id", &format!("\"{new_id}\""), &[]);
    t.set("status", "drafting", &["kind"]);
    for k in [
        "published",
        "effective",
        "abolished",
        "superseded_by",
        "reviewed",
        "external_checked",
    ] {
        t.remove(k);
    }
    if let Some(title) = title {
        t.set("title", &q(title), &["id"]);
    }
    // A draft has no number yet: `publish --number` gives the one it is issued with. Nor does
    // it `supersedes` the old one yet (R005 holds a supersession to be complete): `publish`
    // makes the link, finding the old edition by its status `revising` and its title.
    t.remove("number");
    t.remove("supersedes");
    t.append(
        "history",
        &format!(
            "{{date: {today}, change: \"【待填写：与 {} 相比的主要技术变化】\"}}",
            old.std.number.as_ref().map_or(id, |n| n.value.as_str())
        ),
        &["supersedes"],
    );
    let mut plan = Plan {
        edits: vec![Edit {
            rel: rel.clone(),
            text: t.finish(),
            new: true,
        }],
        done: vec![(
            format!(
                "{new_id}: the next edition of {id} (drafting); when it is issued, `stdkit publish {new_id} --date … --number …` makes it supersede {id}"
            ),
            format!(
                "{new_id}：{id} 的新版本（起草）；发布时运行 `stdkit publish {new_id} --date … --number …`，即代替 {id}"
            ),
        )],
    };
    if status == Some(Status::Effective) {
        let mut t = Text::new(text, root);
        t.set("status", "revising", &["kind"]);
        plan.edits.push(Edit {
            rel: old.rel.clone(),
            text: t.finish(),
            new: false,
        });
        plan.done.push((
            format!("{id}: effective → revising (until {new_id} takes effect)"),
            format!("{id}：现行 → 修订中（至 {new_id} 实施）"),
        ));
    }
    Ok((plan, new_id))
}

/// `stdkit publish ID --date D [--effective E] [--number N]`: the standard published (and
/// effective once E has come); a standard it supersedes becomes `superseded` with
/// `superseded_by` when it takes effect, keeping its own dates.
pub fn publish(
    system: &System,
    id: &str,
    published: Date,
    effective: Option<Date>,
    number: Option<&str>,
    supersedes: &[String],
    today: Date,
) -> Result<Plan> {
    let l = find(system, id)?;
    let status = l.std.status();
    let from = status.ok_or_else(|| anyhow!("`{id}` has no status"))?;
    if from.is_retired() {
        bail!("`{id}` is {}: nothing leaves that status", from.zh());
    }
    if effective.is_some_and(|e| e < published) {
        bail!("the 实施日期 comes before the 发布日期");
    }
    if published > today {
        bail!("the 发布日期 {published} is after today ({today}): publish on the day it is issued");
    }
    let in_force = effective.is_some_and(|e| e <= today);
    let to = if in_force {
        Status::Effective
    } else {
        Status::Published
    };
    let (text, root) = source(system, l)?;
    let mut t = Text::new(text, root);
    t.set("status", to.as_str(), &["kind"]);
    t.set("published", &published.to_string(), &["status"]);
    if let Some(e) = effective {
        t.set("effective", &e.to_string(), &["published", "status"]);
    }
    if let Some(n) = number {
        t.set("number", &q(n), &["title"]);
    }
    let mut plan = Plan {
        edits: vec![Edit {
            rel: l.rel.clone(),
            text: t.finish(),
            new: false,
        }],
        done: vec![(
            format!("{id}: {} → {}", from.as_str(), to.as_str()),
            format!("{id}：{} → {}", from.zh(), to.zh()),
        )],
    };
    // The old editions: those named, else the `revising` standards of the same title (what
    // `revise` left), each `superseded` now — in force until this one takes effect (A006).
    let index = crate::index::Index::new(&system.standards, &system.sys);
    let mut old: Vec<usize> = Vec::new();
    for s in supersedes {
        let i = index
            .resolve(s)
            .ok_or_else(|| anyhow!("--supersedes `{s}`: no such standard in the system"))?;
        old.push(i);
    }
    if supersedes.is_empty() {
        let title = l.std.title.as_deref();
        old.extend(
            system
                .standards
                .iter()
                .enumerate()
                .filter(|(_, o)| o.std.status() == Some(Status::Revising))
                .filter(|(_, o)| o.std.id() != Some(id))
                .filter(|(_, o)| o.std.title.as_deref() == title)
                .map(|(i, _)| i),
        );
    }
    old.sort_unstable();
    old.dedup();
    let mut listed: Vec<String> = l.std.supersedes.iter().map(|r| r.value.0.clone()).collect();
    for &i in &old {
        let o = &system.standards[i];
        let old_id = o.std.id().unwrap_or_default().to_string();
        if o.std.status().is_none_or(|s| !s.is_existing()) {
            bail!(
                "`{old_id}` is {}: only an existing standard can be superseded",
                o.std.status().map_or("without status", Status::zh)
            );
        }
        if !listed.contains(&old_id) {
            listed.push(old_id.clone());
        }
        let (text, root) = source(system, o)?;
        let mut t = Text::new(text, root);
        t.set("status", "superseded", &["kind"]);
        t.set(
            "superseded_by",
            &format!("\"{id}\""),
            &["effective", "published", "status"],
        );
        plan.edits.push(Edit {
            rel: o.rel.clone(),
            text: t.finish(),
            new: false,
        });
        plan.done.push((
            format!("{old_id}: superseded by {id}"),
            format!("{old_id}：被 {id} 代替"),
        ));
    }
    if !old.is_empty() {
        // The new edition lists what it replaces (the cover's 代替 line).
        let (text, root) = (
            plan.edits[0].text.clone(),
            crate::yaml::parse(&plan.edits[0].text).root,
        );
        if let Some(root) = root {
            let mut t = Text::new(text, root);
            let list: Vec<String> = listed.iter().map(|x| format!("\"{x}\"")).collect();
            t.set(
                "supersedes",
                &format!("[{}]", list.join(", ")),
                &["effective", "published", "status"],
            );
            plan.edits[0].text = t.finish();
        }
    }
    Ok(plan)
}

/// `stdkit abolish ID --date D`: the standard `abolished` on D.
pub fn abolish(system: &System, id: &str, date: Date, today: Date) -> Result<Plan> {
    let l = find(system, id)?;
    let from = l
        .std
        .status()
        .ok_or_else(|| anyhow!("`{id}` has no status"))?;
    if from.is_retired() {
        bail!("`{id}` is already {}", from.zh());
    }
    if date > today {
        bail!("the 废止日期 {date} is after today ({today}): abolish on the day it takes effect");
    }
    let (text, root) = source(system, l)?;
    let mut t = Text::new(text, root);
    t.set("status", "abolished", &["kind"]);
    t.set(
        "abolished",
        &date.to_string(),
        &["effective", "published", "status"],
    );
    Ok(Plan {
        edits: vec![Edit {
            rel: l.rel.clone(),
            text: t.finish(),
            new: false,
        }],
        done: vec![(
            format!("{id}: {} → abolished ({date})", from.as_str()),
            format!("{id}：{} → 废止（{date}）", from.zh()),
        )],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(src: &str) -> Text {
        let root = crate::yaml::parse(src).root.unwrap();
        Text::new(src.to_string(), root)
    }

    #[test]
    fn set_keeps_comments_and_inserts_after_a_key() {
        let mut t = text("id: \"1\"\nkind: item   # 办理规程\nstatus: effective\n");
        t.set("status", "superseded", &["kind"]);
        t.set("superseded_by", "\"2\"", &["status"]);
        assert_eq!(
            t.finish(),
            "id: \"1\"\nkind: item   # 办理规程\nstatus: superseded\nsuperseded_by: \"2\"\n"
        );
    }

    #[test]
    fn remove_and_append_keep_the_list_style() {
        let mut t = text(
            "id: a\npublished: 2020-01-01\nhistory:\n  - {date: 2020-01-01, change: 首次发布}\nnote: x\n",
        );
        t.remove("published");
        t.append("history", "{date: 2026-01-01, change: 修订}", &[]);
        assert_eq!(
            t.finish(),
            "id: a\nhistory:\n  - {date: 2020-01-01, change: 首次发布}\n  - {date: 2026-01-01, change: 修订}\nnote: x\n"
        );
        let mut t = text("id: a\nhistory: [{date: 2020-01-01, change: 首次发布}]\n");
        t.append("history", "{date: 2026-01-01, change: 修订}", &[]);
        assert_eq!(
            t.finish(),
            "id: a\nhistory: [{date: 2020-01-01, change: 首次发布}, {date: 2026-01-01, change: 修订}]\n"
        );
        let mut t = text("id: a\nsupersedes: [b]\n");
        t.append(
            "history",
            "{date: 2026-01-01, change: 修订}",
            &["supersedes"],
        );
        assert_eq!(
            t.finish(),
            "id: a\nsupersedes: [b]\nhistory:\n  - {date: 2026-01-01, change: 修订}\n"
        );
    }
}
