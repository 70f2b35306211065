//! The pieces a document is assembled from, each produced as HTML and as Markdown at once (so
//! the two outputs cannot drift apart): sections, paragraphs, lists, tables, and the numbering of
//! chapters and clauses.
//!
//! Knows nothing of the system: what goes into a piece is decided by `document` and `chapters`.

use super::markdown::{to_inline_html, to_safe_markdown, typeset};
use super::numbering::{Numbering, caption, marker};
use crate::model::Clause;
use crate::text::{html as esc, md as cell, pipe_table, width};
use serde::Serialize;
use std::fmt::Write;

/// A body as (safe HTML, safe Markdown).
pub type Body = (String, String);

/// A link to another standard (rendered by the template in the page's link style).
#[derive(Clone, Debug, Serialize)]
pub struct Link {
    pub label: String,
    /// The target's id when it has a page in this build.
    pub id: Option<String>,
}

/// A numbered (or unnumbered) section of a document.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Section {
    /// "", "1", "4.1" …
    pub number: String,
    /// 1 for chapters.
    pub level: usize,
    pub title: String,
    /// Body as safe HTML.
    pub html: String,
    /// Body as safe Markdown.
    pub md: String,
    /// References listed in the section (2 规范性引用文件).
    pub refs: Vec<Link>,
    /// A term entry (3.1 …): its number stands on a line of its own above the term.
    pub entry: bool,
    /// The flow chart (inline SVG) of an item procedure's steps section.
    pub flow: Option<String>,
    /// The chart's caption, below it (图1　…流程图).
    pub flow_caption: String,
    /// The same chart as a Mermaid block, for Markdown.
    pub flow_md: Option<String>,
    /// `##`, `###` …: the Markdown heading of this level.
    pub hashes: String,
    /// Anchor within the page.
    pub anchor: String,
}

/// A section; numbered ones are anchored by number, unnumbered ones by title.
pub fn section(number: String, level: usize, title: &str, (html, md): Body) -> Section {
    let anchor = if number.is_empty() {
        format!("s-{}", title)
    } else {
        format!("c{}", number.replace('.', "-"))
    };
    let hashes = "#".repeat(level + 1);
    Section {
        number,
        level,
        title: title.to_string(),
        html,
        md,
        refs: Vec::new(),
        entry: false,
        flow: None,
        flow_caption: String::new(),
        flow_md: None,
        hashes,
        anchor,
    }
}

/// A list in GB/T 1.1 form; items are Markdown fields. In HTML a `<ul>` (the stylesheet draws
/// the —— markers); in Markdown each item a paragraph beginning with its marker.
pub fn list(items: &[String]) -> Body {
    let mut h = String::from("<ul>");
    let mut m = Vec::with_capacity(items.len());
    for (k, i) in items.iter().enumerate() {
        let _ = write!(h, "<li>{}</li>", to_inline_html(i));
        m.push(format!(
            "{}{}",
            marker(false, 1, k),
            to_safe_markdown(i).replace('\n', " ")
        ));
    }
    h.push_str("</ul>");
    (h, m.join("\n\n"))
}

/// A numbered table with its title above it (表1　申请材料); cells are plain text. Columns whose
/// every cell is short (序号, 份数, 时限 …) are kept on one line.
pub fn table(n: &Numbering, title: &str, header: &[&str], rows: &[Vec<String>]) -> Body {
    let cap = caption(&n.table(), title);
    let narrow: Vec<bool> = (0..header.len())
        .map(|c| {
            std::iter::once(header[c])
                .chain(rows.iter().filter_map(|r| r.get(c).map(String::as_str)))
                .all(|t| width(t) <= NARROW)
        })
        .collect();
    let class = |c: usize| {
        if narrow.get(c).copied().unwrap_or(false) {
            " class=\"nowrap\""
        } else {
            ""
        }
    };
    let mut h = format!("<table><caption>{}</caption><thead><tr>", esc(&cap));
    for (k, c) in header.iter().enumerate() {
        let _ = write!(h, "<th{}>{}</th>", class(k), esc(c));
    }
    h.push_str("</tr></thead><tbody>");
    for r in rows {
        h.push_str("<tr>");
        for (k, c) in r.iter().enumerate() {
            let _ = write!(h, "<td{}>{}</td>", class(k), esc(c));
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table>");
    (
        h,
        format!("**{}**\n\n{}", cell(&cap), pipe_table(header, rows)),
    )
}

/// The display width (CJK counts two) up to which a column is narrow: six characters, as
/// 计入办理时限 or 20个工作日.
const NARROW: usize = 12;

/// A paragraph of plain text.
pub fn para(text: &str) -> Body {
    (format!("<p>{}</p>", esc(text)), cell(text))
}

/// Paragraphs of plain text, one after the other.
pub fn paras<S: AsRef<str>>(lines: impl IntoIterator<Item = S>) -> Body {
    lines
        .into_iter()
        .fold(Body::default(), |out, l| join(out, para(l.as_ref())))
}

/// `a` then `b` (a blank line between them in Markdown).
pub fn join(a: Body, b: Body) -> Body {
    (
        a.0 + &b.0,
        if a.1.is_empty() {
            b.1
        } else {
            format!("{}\n\n{}", a.1, b.1)
        },
    )
}

/// A Markdown field, typeset (its tables numbered by `n`, its lists in GB/T form).
pub fn md_field(n: &Numbering, md: &str) -> Body {
    typeset(md, n)
}

/// A Markdown field, or an empty paragraph when there is none.
pub fn field_or_para(n: &Numbering, md: Option<&str>) -> Body {
    md.map_or_else(|| para(""), |m| md_field(n, m))
}

/// The sections of a body from chapter `next` on, numbered as they are added (GB/T 1.1:
/// 4, 4.1, 4.1.1 …).
pub struct Chapters<'a> {
    secs: &'a mut Vec<Section>,
    next: usize,
    /// The document's tables and figures.
    pub n: &'a Numbering,
}

impl<'a> Chapters<'a> {
    pub fn new(secs: &'a mut Vec<Section>, next: usize, n: &'a Numbering) -> Self {
        Chapters { secs, next, n }
    }

    /// Adds the next chapter and returns it.
    pub fn chapter(&mut self, title: &str, body: Body) -> &mut Section {
        let at = self.secs.len();
        self.secs
            .push(section(self.next.to_string(), 1, title, body));
        self.next += 1;
        &mut self.secs[at]
    }

    /// Adds a section that is numbered by its caller (a subclause of a chapter).
    pub fn add(&mut self, s: Section) {
        self.secs.push(s);
    }

    /// Top-level clauses, each a chapter.
    pub fn clauses(&mut self, list: &[Clause]) {
        for c in list {
            let number = self.next.to_string();
            self.clause(c, &number, 1);
            self.next += 1;
        }
    }

    /// A clause numbered `number` at `level`, its subclauses below it.
    pub fn clause(&mut self, c: &Clause, number: &str, level: usize) {
        let mut body = c
            .text
            .as_deref()
            .map_or_else(Body::default, |t| md_field(self.n, t));
        // A text quoted word for word: its source after it.
        if let Some(q) = c.quote.as_deref().filter(|q| !q.trim().is_empty()) {
            let source = format!("［来源：{q}］");
            body = join(
                body,
                (
                    format!("<p class=\"source\">{}</p>", esc(&source)),
                    cell(&source),
                ),
            );
        }
        self.add(section(
            number.to_string(),
            level,
            c.title.as_deref().unwrap_or(""),
            body,
        ));
        for (k, sub) in c.clauses.iter().enumerate() {
            self.clause(sub, &format!("{number}.{}", k + 1), level + 1);
        }
    }
}
