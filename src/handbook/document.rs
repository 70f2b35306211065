//! A standard as a GB/T 1.1-2020 document: cover data, 前言, 1 范围, 2 规范性引用文件, 3 术语和定义,
//! the kind's own chapters, the clauses numbered on (4, 4.1, 4.1.1 …) and the annexes 附录A ….
//! All content and numbering are computed here, once, for every output; templates only lay the
//! sections out. Each section carries its body as safe HTML and as safe Markdown.

use super::flow;
use super::markdown::{to_html, to_inline_html, to_safe_markdown, to_text};
use crate::index::Index;
use crate::model::forms::annex_letter;
use crate::model::{Adoption, Clause, Days, Form, Kind, Nature, Standard, Status};
use crate::number::{Number, typeset};
use crate::system::{Loaded, System};
use crate::text::{html as esc, md as cell, pipe_table};
use serde::Serialize;
use std::fmt::Write;

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
    /// The flow chart (inline SVG) of an item procedure's steps section.
    pub flow: Option<String>,
    /// The same chart as a Mermaid block, for Markdown.
    pub flow_md: Option<String>,
    /// `##`, `###` …: the Markdown heading of this level.
    pub hashes: String,
    /// Anchor within the page.
    pub anchor: String,
}

/// An annex (附录).
#[derive(Clone, Debug, Serialize)]
pub struct AnnexOut {
    pub letter: String,
    pub nature: &'static str,
    pub title: String,
    pub html: String,
    pub md: String,
}

/// A whole document.
#[derive(Clone, Debug, Serialize)]
pub struct Document {
    pub id: String,
    pub title: String,
    /// Typeset number, or "".
    pub number: String,
    /// `Q/ZWZX`, `GB/T` …: the prefix shown large on the cover.
    pub prefix: String,
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
    pub sections: Vec<Section>,
    pub annexes: Vec<AnnexOut>,
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

const REFS_LEAD: &str = "下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。其中，注日期的引用文件，仅该日期对应的版本适用于本文件；不注日期的引用文件，其最新版本（包括所有的修改单）适用于本文件。";
const NO_REFS: &str = "本文件没有规范性引用文件。";
const TERMS_LEAD: &str = "下列术语和定义适用于本文件。";
const NO_TERMS: &str = "本文件没有需要界定的术语和定义。";

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

fn section(number: String, level: usize, title: &str, html: String, md: String) -> Section {
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
        flow: None,
        flow_md: None,
        hashes,
        anchor,
    }
}

/// A list as HTML and Markdown.
fn list(items: &[String]) -> (String, String) {
    let mut h = String::from("<ul>");
    let mut m = String::new();
    for i in items {
        let _ = write!(h, "<li>{}</li>", to_inline_html(i));
        let _ = writeln!(m, "- {}", to_safe_markdown(i).replace('\n', " "));
    }
    h.push_str("</ul>");
    (h, m)
}

/// A table as HTML and Markdown; cells are plain text.
fn table(header: &[&str], rows: &[Vec<String>]) -> (String, String) {
    let mut h = String::from("<table><thead><tr>");
    for c in header {
        let _ = write!(h, "<th>{}</th>", esc(c));
    }
    h.push_str("</tr></thead><tbody>");
    for r in rows {
        h.push_str("<tr>");
        for c in r {
            let _ = write!(h, "<td>{}</td>", esc(c));
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table>");
    (h, pipe_table(header, rows))
}

/// A paragraph of plain text as HTML and Markdown.
fn para(text: &str) -> (String, String) {
    (format!("<p>{}</p>", esc(text)), cell(text))
}

fn join(a: (String, String), b: (String, String)) -> (String, String) {
    (
        a.0 + &b.0,
        if a.1.is_empty() {
            b.1
        } else {
            format!("{}\n\n{}", a.1, b.1)
        },
    )
}

fn md_field(md: &str) -> (String, String) {
    (to_html(md), to_safe_markdown(md))
}

fn days(d: Option<Days>) -> String {
    flow::days_label(d)
}

/// Builds the document of the standard at index `i`.
pub fn build(cx: &Cx, i: usize) -> Document {
    let l: &Loaded = &cx.system.standards[i];
    let s: &Standard = &l.std;
    let sys = &cx.system.sys;
    let status = s.status().unwrap_or(Status::Planned);
    let number = s.number().map(typeset).unwrap_or_default();
    let prefix = s
        .number()
        .and_then(Number::parse)
        .map(|n| n.prefix.to_string())
        .unwrap_or_default();
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
        prefix,
        level: s.level().zh(),
        status: status.zh(),
        mark: mark(status),
        kind: s.kind.map_or("", |k| k.as_str()),
        external: s.is_external(),
        published: s.published.map(|d| d.to_string()).unwrap_or_default(),
        effective: s.effective.map(|d| d.to_string()).unwrap_or_default(),
        supersedes,
        owner: s.owner.clone().unwrap_or_default(),
        organisation: sys.config.organisation.clone().unwrap_or_default(),
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
        sections: Vec::new(),
        annexes: Vec::new(),
        referenced_by: cx.referenced_by[i]
            .iter()
            .map(|&r| cx.link_to(r, None))
            .collect(),
        text: String::new(),
    };
    if s.is_external() {
        external_body(s, &mut doc);
    } else {
        doc.foreword = foreword(s, &doc);
        body(cx, s, &mut doc);
    }
    doc.text = search_text(&doc);
    doc
}

fn external_body(s: &Standard, doc: &mut Document) {
    let how = match s.adoption.unwrap_or(Adoption::Direct) {
        Adoption::Direct => "直接采用",
        Adoption::Reference => "引用",
        Adoption::Converted => "转化为内控标准",
    };
    let mut rows = vec![vec!["采用方式".to_string(), how.to_string()]];
    if let Some(c) = s.last_checked {
        rows.push(vec!["查新日期".into(), c.to_string()]);
    }
    if let Some(u) = &s.clauses_used {
        rows.push(vec!["采用条款".into(), u.clone()]);
    }
    let (h, m) = join(
        para("本标准为本标准体系采用的外部标准，其内容以正式出版的标准文本为准。"),
        table(&["项目", "内容"], &rows),
    );
    doc.sections
        .push(section(String::new(), 1, "采用说明", h, m));
}

/// 前言: as written, or generated from the drafting facts (GB/T 1.1-2020, 8.3).
fn foreword(s: &Standard, doc: &Document) -> Section {
    let (h, m) = match &s.foreword {
        Some(f) if !f.trim().is_empty() => md_field(f),
        _ => {
            let mut lines = vec!["本文件按照GB/T 1.1—2020《标准化工作导则　第1部分：标准化文件的结构和起草规则》的规定起草。".to_string()];
            if !doc.supersedes.is_empty() {
                let list: Vec<&str> = doc
                    .supersedes
                    .iter()
                    .map(|l| l.label.split('　').next().unwrap_or(""))
                    .collect();
                lines.push(format!("本文件代替{}。", list.join("、")));
            }
            match (&s.proposer, &s.owner) {
                (Some(p), Some(o)) if p == o => lines.push(format!("本文件由{p}提出并归口。")),
                (p, o) => {
                    if let Some(p) = p {
                        lines.push(format!("本文件由{p}提出。"));
                    }
                    if let Some(o) = o {
                        lines.push(format!("本文件由{o}归口。"));
                    }
                }
            }
            if !s.drafting_units.is_empty() {
                lines.push(format!("本文件起草单位：{}。", s.drafting_units.join("、")));
            }
            if !s.drafters.is_empty() {
                lines.push(format!("本文件主要起草人：{}。", s.drafters.join("、")));
            }
            let mut out = (String::new(), String::new());
            for l in lines {
                out = join(out, para(&l));
            }
            if !s.history.is_empty() {
                out = join(out, para("本文件及其所代替文件的历次版本发布情况为："));
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
    let mut sec = section(String::new(), 1, "前言", h, m);
    sec.anchor = "foreword".into();
    sec
}

fn body(cx: &Cx, s: &Standard, doc: &mut Document) {
    let secs = &mut doc.sections;
    // 1 范围
    let (h, m) = s.scope.as_deref().map_or_else(|| para(""), md_field);
    secs.push(section("1".into(), 1, "范围", h, m));
    // 2 规范性引用文件
    let mut refs = section(
        "2".into(),
        1,
        "规范性引用文件",
        String::new(),
        String::new(),
    );
    if s.references.is_empty() {
        (refs.html, refs.md) = para(NO_REFS);
    } else {
        (refs.html, refs.md) = para(REFS_LEAD);
        refs.refs = s
            .references
            .iter()
            .map(|r| cx.resolve_link(&r.value.0))
            .collect();
    }
    secs.push(refs);
    // 3 术语和定义
    let mut terms = para(if s.terms.is_empty() {
        NO_TERMS
    } else {
        TERMS_LEAD
    });
    let mut term_secs = Vec::new();
    for (k, t) in s.terms.iter().enumerate() {
        let mut h = String::new();
        let mut m = String::new();
        let name = t.term.as_deref().unwrap_or("");
        let en = t.en.as_deref().map(|e| format!(" {e}")).unwrap_or_default();
        let _ = write!(
            h,
            "<p class=\"term\"><strong>{}</strong>{}</p>",
            esc(name),
            esc(&en)
        );
        let _ = write!(m, "**{}**{}\n\n", cell(name), cell(&en));
        if let Some(d) = &t.definition {
            h.push_str(&to_html(d));
            let _ = write!(m, "{}\n\n", to_safe_markdown(d));
        }
        if let Some(n) = &t.note {
            let _ = write!(h, "<p class=\"note\">注：{}</p>", to_inline_html(n));
            let _ = write!(m, "注：{}\n\n", to_safe_markdown(n));
        }
        if let Some(src) = &t.source {
            let _ = write!(h, "<p class=\"source\">［来源：{}］</p>", esc(src));
            let _ = write!(m, "［来源：{}］\n\n", cell(src));
        }
        term_secs.push(section(
            format!("3.{}", k + 1),
            2,
            "",
            h,
            m.trim_end().to_string(),
        ));
    }
    if s.terms.is_empty() {
        terms = para(NO_TERMS);
    }
    secs.push(section("3".into(), 1, "术语和定义", terms.0, terms.1));
    secs.extend(term_secs);

    let mut chapter = 4;
    match s.kind {
        Some(Kind::Item) => {
            if let Some(it) = &s.item {
                let nature = match it.subject_nature {
                    crate::model::SubjectNature::Statutory => "法定机关",
                    crate::model::SubjectNature::Authorised => "授权组织",
                    crate::model::SubjectNature::Entrusted => "受委托组织",
                };
                let mut info = vec![
                    vec!["事项名称".to_string(), it.name.clone().unwrap_or_default()],
                    vec![
                        "事项编码".into(),
                        it.code
                            .as_ref()
                            .map(|c| c.value.to_string())
                            .unwrap_or_default(),
                    ],
                    vec!["事项类型".into(), it.item_type.clone().unwrap_or_default()],
                    vec![
                        "实施机关".into(),
                        format!("{}（{nature}）", it.subject.clone().unwrap_or_default()),
                    ],
                ];
                if let Some(a) = &it.entrusting_authority {
                    info.push(vec!["委托机关".into(), a.clone()]);
                }
                info.push(vec![
                    "办件类型".into(),
                    it.handling.map_or("", |h| h.zh()).to_string(),
                ]);
                for (k, v) in [
                    ("办理窗口", &it.window),
                    ("审批结果", &it.result),
                    ("咨询方式", &it.consultation),
                    ("投诉方式", &it.complaint),
                ] {
                    if let Some(v) = v {
                        info.push(vec![k.to_string(), v.clone()]);
                    }
                }
                push(
                    secs,
                    &mut chapter,
                    "事项基本信息",
                    table(&["项目", "内容"], &info),
                );
                let basis: Vec<String> = it
                    .basis
                    .iter()
                    .map(|b| {
                        let mut s = b.law.clone().unwrap_or_default();
                        if let Some(a) = &b.article {
                            s.push_str(a);
                        }
                        if let Some(t) = &b.text {
                            let _ = write!(s, "：{t}");
                        }
                        s
                    })
                    .collect();
                push(secs, &mut chapter, "设定依据", list(&basis));
                if !it.conditions.is_empty() {
                    push(secs, &mut chapter, "受理条件", list(&it.conditions));
                }
                let materials: Vec<Vec<String>> = it
                    .materials
                    .iter()
                    .enumerate()
                    .map(|(k, m)| {
                        vec![
                            (k + 1).to_string(),
                            m.name.clone().unwrap_or_default(),
                            m.form.map_or("", Form::zh).to_string(),
                            m.copies.unwrap_or(1).to_string(),
                            m.source.clone().unwrap_or_default(),
                            m.basis.clone().unwrap_or_default(),
                        ]
                    })
                    .collect();
                push(
                    secs,
                    &mut chapter,
                    "申请材料",
                    table(
                        &["序号", "材料名称", "材料形式", "份数", "来源", "依据"],
                        &materials,
                    ),
                );
                let steps: Vec<Vec<String>> = it
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(k, st)| {
                        let post = st
                            .post
                            .as_ref()
                            .map(|p| {
                                cx.post_name(&p.value.0)
                                    .unwrap_or_else(|| p.value.to_string())
                            })
                            .unwrap_or_default();
                        vec![
                            (k + 1).to_string(),
                            st.name.clone().unwrap_or_default(),
                            post,
                            days(st.days),
                            if st.is_counted() { "是" } else { "否" }.to_string(),
                        ]
                    })
                    .collect();
                let flow = flow::svg(&it.steps, |p| cx.post_name(p));
                let flow_md = flow::mermaid(&it.steps, |p| cx.post_name(p));
                let n = push(
                    secs,
                    &mut chapter,
                    "办理程序",
                    join(
                        para("办理流程见图1，各环节的办理岗位和办理时限见下表。"),
                        table(
                            &["序号", "办理环节", "办理岗位", "办理时限", "计入办理时限"],
                            &steps,
                        ),
                    ),
                );
                if let Some(last) = secs.iter_mut().rev().find(|x| x.number == n.to_string()) {
                    last.flow = Some(flow);
                    last.flow_md = Some(flow_md);
                }
                let mut limits = vec![format!("法定时限：{}。", days(it.statutory_limit))];
                let promised = match it.promised_limit {
                    Some(Days(0)) => "承诺时限：当场办结。".to_string(),
                    p => format!("承诺时限：{}。", days(p)),
                };
                limits.push(promised);
                let uncounted: Vec<&str> = it
                    .steps
                    .iter()
                    .filter(|s| !s.is_counted())
                    .filter_map(|s| s.name.as_deref())
                    .collect();
                if !uncounted.is_empty() {
                    limits.push(format!("{}所需时间不计入办理时限。", uncounted.join("、")));
                }
                let mut content = (String::new(), String::new());
                for l in limits {
                    content = join(content, para(&l));
                }
                push(secs, &mut chapter, "办理时限", content);
                let fees = it.fees.as_deref().unwrap_or_default();
                if fees.is_empty() {
                    push(secs, &mut chapter, "收费标准", para("本事项不收费。"));
                } else {
                    let rows: Vec<Vec<String>> = fees
                        .iter()
                        .map(|f| {
                            vec![
                                f.item.clone().unwrap_or_default(),
                                f.standard.clone().unwrap_or_default(),
                                f.basis.clone().unwrap_or_default(),
                            ]
                        })
                        .collect();
                    push(
                        secs,
                        &mut chapter,
                        "收费标准",
                        table(&["收费项目", "收费标准", "收费依据"], &rows),
                    );
                }
                push(
                    secs,
                    &mut chapter,
                    "公开方式",
                    para(&format!("本事项通过{}公开。", it.disclosure.join("、"))),
                );
            }
            clauses(&s.clauses, &mut chapter, secs);
        }
        Some(Kind::Work) => {
            if let Some(w) = &s.work {
                if let Some(p) = &w.post {
                    let name = cx.post_name(&p.value.0).unwrap_or_default();
                    push(
                        secs,
                        &mut chapter,
                        "岗位",
                        para(&format!("本文件适用于{name}（岗位编号 {}）。", p.value)),
                    );
                }
                push(secs, &mut chapter, "岗位职责", list(&w.duties));
                if !w.qualifications.is_empty() {
                    push(secs, &mut chapter, "任职条件", list(&w.qualifications));
                }
                if !w.authority.is_empty() {
                    push(secs, &mut chapter, "岗位权限", list(&w.authority));
                }
                let n = push(
                    secs,
                    &mut chapter,
                    "工作内容与要求",
                    (String::new(), String::new()),
                );
                for (k, wi) in w.work_items.iter().enumerate() {
                    let (h, m) = wi
                        .requirements
                        .as_deref()
                        .map_or_else(|| para(""), md_field);
                    secs.push(section(
                        format!("{n}.{}", k + 1),
                        2,
                        wi.content.as_deref().unwrap_or(""),
                        h,
                        m,
                    ));
                }
                push(secs, &mut chapter, "检查与考核", list(&w.assessment));
            }
            clauses(&s.clauses, &mut chapter, secs);
        }
        Some(Kind::Management) => {
            if let Some(m) = &s.management {
                let duties: Vec<String> = m
                    .duties
                    .iter()
                    .map(|d| {
                        format!(
                            "{}：{}",
                            d.unit.as_deref().unwrap_or(""),
                            d.duty.as_deref().unwrap_or("")
                        )
                    })
                    .collect();
                push(secs, &mut chapter, "职责", list(&duties));
                let n = push(
                    secs,
                    &mut chapter,
                    "管理内容与要求",
                    (String::new(), String::new()),
                );
                for (sub, c) in (1..).zip(&s.clauses) {
                    clause(c, &format!("{n}.{sub}"), 2, secs);
                }
                push(secs, &mut chapter, "检查与考核", list(&m.inspection));
                let rows: Vec<Vec<String>> = m
                    .records
                    .iter()
                    .map(|r| {
                        vec![
                            r.name.clone().unwrap_or_default(),
                            r.form.clone().unwrap_or_default(),
                            r.keeper.clone().unwrap_or_default(),
                            r.retention.clone().unwrap_or_default(),
                        ]
                    })
                    .collect();
                push(
                    secs,
                    &mut chapter,
                    "记录",
                    table(&["记录名称", "表单编号", "保存部门", "保存期限"], &rows),
                );
            } else {
                clauses(&s.clauses, &mut chapter, secs);
            }
        }
        Some(Kind::Symbols) => {
            let rows: Vec<Vec<String>> = s
                .symbols
                .iter()
                .enumerate()
                .map(|(k, y)| {
                    vec![
                        (k + 1).to_string(),
                        y.name.clone().unwrap_or_default(),
                        y.meaning.clone().unwrap_or_default(),
                        y.location.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            push(
                secs,
                &mut chapter,
                "符号与标志",
                table(&["序号", "名称", "含义", "设置位置"], &rows),
            );
            clauses(&s.clauses, &mut chapter, secs);
        }
        _ => clauses(&s.clauses, &mut chapter, secs),
    }
    for (k, a) in s.annexes.iter().enumerate() {
        let (html, md) = a.text.as_deref().map_or_else(|| para(""), md_field);
        doc.annexes.push(AnnexOut {
            letter: annex_letter(k),
            nature: match a.nature {
                Some(Nature::Normative) => "规范性",
                _ => "资料性",
            },
            title: a.title.clone().unwrap_or_default(),
            html,
            md,
        });
    }
}

/// Adds chapter `chapter` (then counts on); returns its number.
fn push(
    secs: &mut Vec<Section>,
    chapter: &mut usize,
    title: &str,
    content: (String, String),
) -> usize {
    let n = *chapter;
    secs.push(section(n.to_string(), 1, title, content.0, content.1));
    *chapter += 1;
    n
}

/// Top-level clauses become chapters from `chapter` on.
fn clauses(list: &[Clause], chapter: &mut usize, secs: &mut Vec<Section>) {
    for c in list {
        clause(c, &chapter.to_string(), 1, secs);
        *chapter += 1;
    }
}

fn clause(c: &Clause, number: &str, level: usize, secs: &mut Vec<Section>) {
    let (h, m) = c
        .text
        .as_deref()
        .map_or_else(|| (String::new(), String::new()), md_field);
    secs.push(section(
        number.to_string(),
        level,
        c.title.as_deref().unwrap_or(""),
        h,
        m,
    ));
    for (k, sub) in c.clauses.iter().enumerate() {
        clause(sub, &format!("{number}.{}", k + 1), level + 1, secs);
    }
}

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
