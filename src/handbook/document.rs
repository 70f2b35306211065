//! A standard as a GB/T 1.1 document (in the wording of its edition, `edition`): cover data, 前言, 1 范围, 2 规范性引用文件, 3 术语和定义,
//! the kind's own chapters (`chapters`), the clauses numbered on (4, 4.1, 4.1.1 …) and the
//! annexes 附录A …. All content and numbering are computed here, once, for every output;
//! templates only lay the sections out. Each section carries its body as safe HTML and as safe
//! Markdown.

use super::blocks::{Chapters, field_or_para, join, list, md_field, para, paras, section};
use super::chapters;
use super::cover;
use super::edition::Edition;
use super::markdown::{self, to_inline_html, to_safe_markdown, to_text};
use super::numbering::Numbering;
use crate::index::Index;
use crate::model::forms::annex_letter;
use crate::model::{Standard, Status};
use crate::number::{Number, typeset};
use crate::system::{Loaded, System};
use crate::text::{html as esc, md as cell};
use serde::Serialize;
use std::fmt::Write;

pub use super::blocks::{Link, Section};

/// An annex (附录).
#[derive(Clone, Debug, Serialize)]
pub struct AnnexOut {
    pub letter: String,
    pub nature: &'static str,
    pub title: String,
    pub html: String,
    pub md: String,
}

/// A line of the 目次: its label (number and title) and the anchor it links to.
#[derive(Clone, Debug, Serialize)]
pub struct TocLine {
    pub label: String,
    pub anchor: String,
    /// 1 for chapters and the unnumbered elements, 2 for first-level sub-clauses.
    pub level: usize,
}

/// An entry of 参考文献: `[1]` and the document (linked when it is a standard of the system).
#[derive(Clone, Debug, Serialize)]
pub struct BiblioEntry {
    pub number: String,
    pub link: Link,
}

/// A line of the 索引: a defined term and its entry number (3.1).
#[derive(Clone, Debug, Serialize)]
pub struct IndexLine {
    pub term: String,
    pub number: String,
    pub anchor: String,
}

/// A whole document.
#[derive(Clone, Debug, Serialize)]
pub struct Document {
    pub id: String,
    pub title: String,
    /// Typeset number, or "".
    pub number: String,
    /// The 标准代号 shown large on the cover: `GB`, `DB63`, `Q/ZWZX` ….
    pub prefix: String,
    /// The 文件类别 line: `cover_label`, else derived from the number.
    pub cover_label: String,
    /// `ICS 03.160　CCS A 16`, or "".
    pub ics_ccs: String,
    /// 备案号, or "".
    pub filing_number: String,
    pub title_en: String,
    /// `<publisher> 发布`, side by side; none: no publisher line.
    pub publishers: Vec<String>,
    pub level: &'static str,
    pub status: &'static str,
    /// 试行, 送审稿, 报批稿, 即将实施, 征求意见稿, 草案 — or none for effective standards.
    pub mark: Option<&'static str>,
    pub kind: &'static str,
    pub external: bool,
    pub published: String,
    pub effective: String,
    pub supersedes: Vec<Link>,
    pub owner: String,
    pub organisation: String,
    /// Node code and name.
    pub node: String,
    pub posts: Vec<String>,
    pub foreword: Section,
    /// 引言, unnumbered (empty body: none).
    pub introduction: Section,
    pub sections: Vec<Section>,
    pub annexes: Vec<AnnexOut>,
    /// 参考文献, numbered [1], [2] ….
    pub bibliography: Vec<BiblioEntry>,
    /// 索引 (`index: true`): the defined terms, then their English equivalents.
    pub index: Vec<IndexLine>,
    pub index_en: Vec<IndexLine>,
    /// 目次 (empty with `toc: false`).
    pub toc: Vec<TocLine>,
    pub referenced_by: Vec<Link>,
    /// Plain text of the whole document (for search).
    #[serde(skip)]
    pub text: String,
}

/// The mark of a standard that is in a handbook but not (yet) effective.
pub fn mark(status: Status) -> Option<&'static str> {
    match status {
        Status::Trial => Some("试行"),
        Status::Review => Some("送审稿"),
        Status::Approved => Some("报批稿"),
        Status::Published => Some("即将实施"),
        Status::Consultation => Some("征求意见稿"),
        Status::Planned | Status::Drafting => Some("草案"),
        _ => None,
    }
}

/// What building a document needs from the whole system.
pub struct Cx<'a> {
    pub system: &'a System,
    pub index: &'a Index<'a>,
    /// Whether the standard at an index has a page in this build.
    pub included: &'a [bool],
    /// Who references each standard (indices).
    pub referenced_by: &'a [Vec<usize>],
}

impl Cx<'_> {
    fn post_name(&self, id: &str) -> Option<String> {
        self.index
            .posts
            .get(id)
            .and_then(|&i| self.system.sys.posts.entries[i].name.clone())
    }

    /// A link to the standard at index `i`, labelled by its number and title.
    fn link_to(&self, i: usize, cited: Option<&str>) -> Link {
        let s = &self.system.standards[i].std;
        let number = cited
            .filter(|c| Number::parse(c).is_some())
            .map(typeset)
            .or_else(|| s.number().map(typeset))
            .unwrap_or_else(|| s.id().unwrap_or("").to_string());
        Link {
            label: format!("{number}　{}", s.title.as_deref().unwrap_or("")),
            id: self.included[i].then(|| s.id().unwrap_or("").to_string()),
        }
    }

    fn resolve_link(&self, name: &str) -> Link {
        match self.index.resolve(name) {
            Some(i) => self.link_to(i, Some(name)),
            None => Link {
                label: typeset(name),
                id: None,
            },
        }
    }
}

/// Builds the document of the standard at index `i`.
pub fn build(cx: &Cx, i: usize) -> Document {
    let l: &Loaded = &cx.system.standards[i];
    let s: &Standard = &l.std;
    let sys = &cx.system.sys;
    let status = s.status().unwrap_or(Status::Planned);
    let number = s.shown_number().unwrap_or_default();
    let organisation = sys.config.organisation.clone().unwrap_or_default();
    let cover = cover::of(s, &organisation);
    let node = s
        .node()
        .and_then(|n| sys.node(n))
        .map(|k| format!("{} {}", sys.nodes[k].code, sys.nodes[k].name))
        .unwrap_or_default();
    let supersedes: Vec<Link> = s
        .supersedes
        .iter()
        .map(|r| cx.resolve_link(&r.value.0))
        .collect();
    let mut doc = Document {
        id: s.id().unwrap_or("").to_string(),
        title: s.title.clone().unwrap_or_default(),
        number,
        prefix: cover.mark,
        cover_label: cover.label,
        ics_ccs: cover.ics_ccs,
        filing_number: cover.filing_number,
        title_en: s.title_en.clone().unwrap_or_default(),
        publishers: cover.publishers,
        level: s.level().zh(),
        status: status.zh(),
        mark: mark(status),
        kind: s.kind.map_or("", |k| k.as_str()),
        external: s.is_external(),
        published: s.published.map(|d| d.to_string()).unwrap_or_default(),
        effective: s.effective.map(|d| d.to_string()).unwrap_or_default(),
        supersedes,
        owner: s.owner.clone().unwrap_or_default(),
        organisation,
        node,
        posts: s
            .posts
            .iter()
            .map(|p| {
                cx.post_name(&p.value.0)
                    .unwrap_or_else(|| p.value.to_string())
            })
            .collect(),
        foreword: Section::default(),
        introduction: Section::default(),
        sections: Vec::new(),
        annexes: Vec::new(),
        bibliography: Vec::new(),
        index: Vec::new(),
        index_en: Vec::new(),
        toc: Vec::new(),
        referenced_by: cx.referenced_by[i]
            .iter()
            .map(|&r| cx.link_to(r, None))
            .collect(),
        text: String::new(),
    };
    // One numbering of tables and figures for the whole document, in reading order.
    let n = Numbering::new();
    if s.is_external() {
        doc.sections.push(section(
            String::new(),
            1,
            "采用说明",
            chapters::external(s, &n),
        ));
    } else {
        let ed = Edition::new(s.drafting_rule(), s.self_reference());
        doc.foreword = foreword(s, &doc, &ed, &n);
        if let Some(intro) = s.introduction.as_deref().filter(|t| !t.trim().is_empty()) {
            doc.introduction = section(String::new(), 1, "引言", md_field(&n, intro));
            doc.introduction.anchor = "introduction".into();
        }
        doc.sections = body(cx, s, &ed, &n);
        doc.annexes = annexes(s, &ed, &n);
        doc.bibliography = s
            .bibliography
            .iter()
            .enumerate()
            .map(|(k, b)| BiblioEntry {
                number: format!("[{}]", k + 1),
                link: match cx.index.resolve(b) {
                    Some(j) => cx.link_to(j, Some(b)),
                    None => Link {
                        label: b.clone(),
                        id: None,
                    },
                },
            })
            .collect();
        if s.index() {
            (doc.index, doc.index_en) = index(s, &doc.sections);
        }
        if s.toc() {
            doc.toc = toc(&doc);
        }
    }
    doc.text = search_text(&doc);
    doc
}

/// 前言: as written, or generated from the drafting facts (GB/T 1.1-2020, 8.3).
fn foreword(s: &Standard, doc: &Document, ed: &Edition, n: &Numbering) -> Section {
    let body = match &s.foreword {
        Some(f) if !f.trim().is_empty() => md_field(n, f),
        _ => {
            let mut out = paras(drafting_facts(s, doc, ed));
            if !s.history.is_empty() {
                out = join(
                    out,
                    para(&format!("{}及其所代替文件的历次版本发布情况为：", ed.me)),
                );
                let items: Vec<String> = s
                    .history
                    .iter()
                    .map(|h| {
                        let v = h
                            .version
                            .as_ref()
                            .map(|v| format!("（{v}）"))
                            .unwrap_or_default();
                        format!(
                            "{}{v}：{}",
                            h.date.map(|d| d.to_string()).unwrap_or_default(),
                            h.change.as_deref().unwrap_or("")
                        )
                    })
                    .collect();
                out = join(out, list(&items));
            }
            out
        }
    };
    let mut sec = section(String::new(), 1, "前言", body);
    sec.anchor = "foreword".into();
    sec
}

/// The sentences of a generated 前言: the drafting rules, what it replaces, who proposed and
/// owns it, who drafted it.
fn drafting_facts(s: &Standard, doc: &Document, ed: &Edition) -> Vec<String> {
    let me = ed.me;
    let mut lines: Vec<String> = ed.foreword_opening().into_iter().collect();
    if !doc.supersedes.is_empty() {
        let list: Vec<&str> = doc
            .supersedes
            .iter()
            .map(|l| l.label.split('　').next().unwrap_or(""))
            .collect();
        lines.push(format!("{me}代替{}。", list.join("、")));
    }
    match (&s.proposer, &s.owner) {
        (Some(p), Some(o)) if p == o => lines.push(format!("{me}由{p}提出并归口。")),
        (p, o) => {
            if let Some(p) = p {
                lines.push(format!("{me}由{p}提出。"));
            }
            if let Some(o) = o {
                lines.push(format!("{me}由{o}归口。"));
            }
        }
    }
    if !s.drafting_units.is_empty() {
        lines.push(format!("{me}起草单位：{}。", s.drafting_units.join("、")));
    }
    if !s.drafters.is_empty() {
        lines.push(format!("{me}主要起草人：{}。", s.drafters.join("、")));
    }
    lines
}

/// The numbered sections: 1 范围, 2 规范性引用文件, 3 术语和定义 (an empty chapter 2 or 3
/// left out when the edition says so, later chapters moving up), then the kind's chapters and
/// the clauses.
fn body(cx: &Cx, s: &Standard, ed: &Edition, n: &Numbering) -> Vec<Section> {
    let mut secs = vec![section(
        "1".into(),
        1,
        "范围",
        field_or_para(n, s.scope.as_deref()),
    )];
    let mut next = 2;
    if let Some(refs) = references(cx, s, ed, next) {
        secs.push(refs);
        next += 1;
    }
    let terms = terms(s, ed, n, next);
    if !terms.is_empty() {
        secs.extend(terms);
        next += 1;
    }
    let post_name = |id: &str| cx.post_name(id);
    chapters::of_kind(s, &post_name, &mut Chapters::new(&mut secs, next, n));
    secs
}

/// 2 规范性引用文件 (numbered `no`): the lead sentence and the links, or that there are none, or
/// nothing when the edition leaves an empty chapter out.
fn references(cx: &Cx, s: &Standard, ed: &Edition, no: usize) -> Option<Section> {
    if s.references.is_empty() {
        return ed
            .no_refs()
            .map(|t| section(no.to_string(), 1, "规范性引用文件", para(&t)));
    }
    let mut refs = section(no.to_string(), 1, "规范性引用文件", para(ed.refs_lead()));
    refs.refs = s
        .references
        .iter()
        .map(|r| cx.resolve_link(&r.value.0))
        .collect();
    Some(refs)
}

/// 3 术语和定义 (numbered `no`) and one entry 3.n per term, laid out as GB/T 1.1 does: the
/// number on a line of its own, then the term (in 黑体) with its English equivalent, the
/// definition, the notes (注：) and the source in brackets. Empty when there are no terms and the
/// edition leaves the chapter out.
fn terms(s: &Standard, ed: &Edition, n: &Numbering, no: usize) -> Vec<Section> {
    let lead = if s.terms.is_empty() {
        match ed.no_terms() {
            Some(t) => t,
            None => return Vec::new(),
        }
    } else {
        ed.terms_lead()
    };
    let mut secs = vec![section(no.to_string(), 1, "术语和定义", para(&lead))];
    for (k, t) in s.terms.iter().enumerate() {
        let mut h = String::new();
        let mut m = String::new();
        let name = t.term.as_deref().unwrap_or("");
        let _ = write!(h, "<p class=\"term\"><strong>{}</strong>", esc(name));
        let _ = write!(m, "**{}**", cell(name));
        if let Some(e) = t.en.as_deref().filter(|e| !e.trim().is_empty()) {
            let _ = write!(h, "　<span class=\"term-en\" lang=\"en\">{}</span>", esc(e));
            let _ = write!(m, "　{}", cell(e));
        }
        h.push_str("</p>");
        m.push_str("\n\n");
        if let Some(d) = &t.definition {
            let (dh, dm) = markdown::typeset(d, n);
            h.push_str(&dh);
            let _ = write!(m, "{dm}\n\n");
        }
        if let Some(n) = &t.note {
            let _ = write!(h, "<p class=\"note\">注：{}</p>", to_inline_html(n));
            let _ = write!(m, "注：{}\n\n", to_safe_markdown(n));
        }
        if let Some(src) = &t.source {
            let _ = write!(h, "<p class=\"source\">［来源：{}］</p>", esc(src));
            let _ = write!(m, "［来源：{}］\n\n", cell(src));
        }
        let mut entry = section(
            format!("{no}.{}", k + 1),
            2,
            "",
            (h, m.trim_end().to_string()),
        );
        entry.entry = true;
        secs.push(entry);
    }
    secs
}

/// 附录A …, normative or informative.
fn annexes(s: &Standard, ed: &Edition, n: &Numbering) -> Vec<AnnexOut> {
    s.annexes
        .iter()
        .enumerate()
        .map(|(k, a)| {
            let letter = annex_letter(k);
            // An annex numbers its tables and figures on its own: 表A.1, 图A.1.
            n.annex(&letter);
            let (html, md) = field_or_para(n, a.text.as_deref());
            AnnexOut {
                letter,
                nature: ed.annex_nature(a.nature),
                title: a.title.clone().unwrap_or_default(),
                html,
                md,
            }
        })
        .collect()
}

/// The 索引: the defined terms with their entry numbers, then the English equivalents.
/// TODO(pinyin): GB/T 1.1 orders the Chinese terms by 汉语拼音; stdkit has no pinyin data yet, so
/// they are in Unicode code-point order (docs/outputs.md says so).
fn index(s: &Standard, sections: &[Section]) -> (Vec<IndexLine>, Vec<IndexLine>) {
    let entries: Vec<&Section> = sections.iter().filter(|x| x.entry).collect();
    let mut zh = Vec::new();
    let mut en = Vec::new();
    for (t, sec) in s.terms.iter().zip(entries) {
        let line = |term: &str| IndexLine {
            term: term.to_string(),
            number: sec.number.clone(),
            anchor: sec.anchor.clone(),
        };
        if let Some(name) = t.term.as_deref().filter(|x| !x.trim().is_empty()) {
            zh.push(line(name));
        }
        if let Some(e) = t.en.as_deref().filter(|x| !x.trim().is_empty()) {
            en.push(line(e));
        }
    }
    zh.sort_by(|a, b| a.term.cmp(&b.term).then_with(|| a.number.cmp(&b.number)));
    en.sort_by(|a, b| {
        a.term
            .to_lowercase()
            .cmp(&b.term.to_lowercase())
            .then_with(|| a.number.cmp(&b.number))
    });
    (zh, en)
}

/// The 目次: 前言, 引言, the chapters and their first-level sub-clauses, the annexes with their
/// nature, 参考文献 and 索引.
fn toc(doc: &Document) -> Vec<TocLine> {
    let line = |label: String, anchor: &str, level: usize| TocLine {
        label,
        anchor: anchor.to_string(),
        level,
    };
    let mut out = Vec::new();
    if !doc.foreword.html.is_empty() {
        out.push(line("前言".into(), "foreword", 1));
    }
    if !doc.introduction.html.is_empty() {
        out.push(line("引言".into(), "introduction", 1));
    }
    for s in &doc.sections {
        if s.entry || s.level > 2 || s.title.is_empty() {
            continue;
        }
        let label = if s.number.is_empty() {
            s.title.clone()
        } else {
            format!("{}　{}", s.number, s.title)
        };
        out.push(line(label, &s.anchor, s.level));
    }
    for a in &doc.annexes {
        out.push(line(
            format!("附录{}（{}）　{}", a.letter, a.nature, a.title),
            &format!("annex-{}", a.letter),
            1,
        ));
    }
    if !doc.bibliography.is_empty() {
        out.push(line("参考文献".into(), "bibliography", 1));
    }
    if !doc.index.is_empty() {
        out.push(line("索引".into(), "index", 1));
    }
    out
}

/// Plain text of the whole document, for the search index.
fn search_text(doc: &Document) -> String {
    let mut t = format!("{} {} {} ", doc.number, doc.title, doc.foreword.title);
    for s in doc.sections.iter().chain(std::iter::once(&doc.foreword)) {
        let _ = write!(t, "{} {} ", s.title, to_text(&s.md));
    }
    for a in &doc.annexes {
        let _ = write!(t, "{} {} ", a.title, to_text(&a.md));
    }
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}
