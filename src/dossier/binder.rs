//! `report dossier` 确认材料汇编: the binder a centre sends to the bureau, as a folder holding
//! `index.html` (or `index.md`) and the cited files copied to `evidence/<path>`. Order, as the
//! contract gives it: 封面 · 目录 · 自评报告 · 计分表 · 标准体系表 (结构图, 明细表, 统计表, 编制说明) ·
//! per criterion in sheet order its records (a page each, headed by id and title; a record
//! at its first citation only) and its files (images inline, others linked) · 标准目录 ·
//! 办件与满意度统计. Each part starts a printed page; page numbers sit in the bottom margin.

use super::report::self_assessment;
use super::{Block, Document, Section, html_body, page};
use crate::compliance::assess::Scored;
use crate::ledger::{self, Cell, Kind, Options};
use crate::system::{LoadedRecord, System};
use crate::text::{html as esc, md};
use crate::yaml::{Node, Value};
use anyhow::{Result, anyhow};
use std::fmt::Write;
use std::path::PathBuf;

/// One file of the dossier: bytes made here, or a file of the system copied as it is.
pub enum Content {
    Bytes(Vec<u8>),
    /// The file's path below the root (checked by the loader: inside the root, a regular file).
    Copy(PathBuf),
}

/// The dossier's files, by path inside the output folder, in a fixed order.
pub struct Dossier {
    pub files: Vec<(String, Content)>,
    /// Evidence named but not there (V003 already reports it): listed in the binder, not copied.
    pub missing: Vec<String>,
}

/// The CSS of the binder on top of the report's: the cover, the contents with page numbers
/// where the printer knows `target-counter`, a landscape page for the wide tables.
const BINDER_CSS: &str = r#"
section.cover { text-align: center; padding-top: 30mm; min-height: 240mm; }
section.cover h1 { font-size: 2.2em; margin: 0 0 40mm; }
section.cover p { font-size: 1.2em; margin: 0.6em 0; }
section.cover .big { font-size: 1.6em; font-weight: 600; }
nav.toc ol { list-style: none; padding-left: 0; }
nav.toc ol ol { padding-left: 2em; }
nav.toc li { margin: 0.25em 0; }
nav.toc a { color: inherit; text-decoration: none; }
nav.toc a::after { content: leader('.') target-counter(attr(href url), page); }
section.record { break-before: page; }
section.record h3 { border-bottom: 1px solid var(--line); padding-bottom: 3px; }
table.fields th { text-align: left; width: 9em; vertical-align: top; }
table.fields td { white-space: normal; overflow-wrap: anywhere; }
figure.evidence { margin: 0.5em 0; break-inside: avoid; }
figure.evidence img { max-width: 100%; max-height: 230mm; }
@page wide { size: A4 landscape; margin: 12mm 10mm 16mm; @bottom-center { content: counter(page); font-size: 9pt; } }
section.wide { page: wide; }
@media print { h2 { break-before: auto; } }
"#;

/// The table page's own CSS (structure chart, detail table), from `table`.
fn table_css() -> String {
    crate::table::html::css()
}

/// The dossier of the selected assessment as `index.html` (or `index.md`) and its evidence.
pub fn dossier(system: &System, opts: &Options, format: ledger::Format) -> Result<Dossier> {
    if !matches!(format, ledger::Format::Html | ledger::Format::Md) {
        return Err(anyhow!(
            "`report dossier` is written as html (default) or md, not {format:?}"
        ));
    }
    let report = self_assessment(system, opts)?;
    let records = system
        .records
        .as_ref()
        .ok_or_else(|| anyhow!("no compliance block"))?;
    let a = crate::compliance::assess::select(
        records,
        opts.assessment.as_deref(),
        opts.sheet.as_deref(),
    )
    .map_err(|m| anyhow!("{}", m.en))?
    .assessment
    .ok_or_else(|| anyhow!("no assessment"))?;
    let scored = Scored::of(records, a).ok_or_else(|| anyhow!("no sheet"))?;
    let l = crate::compliance::Ledger::for_period(
        system,
        crate::compliance::assess::period_of(records, a),
    )
    .ok_or_else(|| anyhow!("no compliance block"))?;
    let table = crate::table::Table::build(system);
    let organisation = system.sys.config.organisation.clone().unwrap_or_default();

    let mut files: Vec<(String, Content)> = Vec::new();
    let mut missing = Vec::new();
    let mut copied: Vec<String> = Vec::new();
    let mut copy = |rel: &str, files: &mut Vec<(String, Content)>| -> Option<String> {
        let ok = crate::files::inside(&system.root.dir, rel)
            .ok()
            .filter(|p| p.is_file());
        match ok {
            Some(_) => {
                let dest = format!("evidence/{}", rel.trim_start_matches("./"));
                if !copied.contains(&dest) {
                    copied.push(dest.clone());
                    files.push((dest.clone(), Content::Copy(PathBuf::from(rel))));
                }
                Some(dest)
            }
            None => {
                missing.push(rel.to_string());
                None
            }
        }
    };

    // The evidence part: per criterion with a score, its records (first citation) and files.
    let mut shown: Vec<&str> = Vec::new();
    let mut evidence_html = String::new();
    let mut evidence_md = String::new();
    let mut toc_criteria: Vec<(String, String)> = Vec::new();
    for row in scored.criteria() {
        let Some(entry) = row.entry else { continue };
        let e = &entry.value;
        if e.evidence.is_empty() && e.files.is_empty() {
            continue;
        }
        let anchor = format!("c-{}", slug(row.item.code()));
        let score = if e.na {
            "不适用".to_string()
        } else {
            format!("自评 {} 分", ledger::points(row.score))
        };
        let heading = format!(
            "{} {}（分值 {}，{score}）",
            row.item.code(),
            row.item.label(),
            ledger::points(row.item.points())
        );
        toc_criteria.push((
            anchor.clone(),
            format!("{} {}", row.item.code(), row.item.label()),
        ));
        // A criterion starts a page when it shows something new; one that only refers back to
        // records already shown follows the previous one on its page.
        let fresh = !e.files.is_empty()
            || e.evidence.iter().any(|id| {
                let id = id.value.as_str();
                l.ids
                    .get(id)
                    .map(|&(_, i)| l.record(i))
                    .and_then(|r| r.record.id())
                    .is_none_or(|r| !shown.contains(&r.value.as_str()))
            });
        let class = if fresh {
            "record criterion"
        } else {
            "criterion"
        };
        let _ = writeln!(
            evidence_html,
            "<section class=\"{class}\" id=\"{}\" data-criterion=\"{}\">\n<h2>{}</h2>",
            esc(&anchor),
            esc(row.item.code()),
            esc(&heading)
        );
        let _ = writeln!(evidence_md, "\n### {}\n", md(&heading));
        for (n, id) in e.evidence.iter().enumerate() {
            let id = id.value.as_str();
            let rec = l.ids.get(id).map(|&(_, i)| l.record(i));
            let Some(rec) = rec else {
                let _ = writeln!(evidence_html, "<p>{}：记录不存在</p>", esc(id));
                let _ = writeln!(evidence_md, "- {}：记录不存在", md(id));
                continue;
            };
            let rid = rec.record.id().map_or(id, |r| r.value.as_str());
            if shown.contains(&rid) {
                let _ = writeln!(
                    evidence_html,
                    "<p class=\"again\">{} 见前文 <a href=\"#r-{}\">{}</a></p>",
                    esc(rid),
                    esc(&slug(rid)),
                    esc(rid)
                );
                let _ = writeln!(evidence_md, "- {} 见前文", md(rid));
                continue;
            }
            shown.push(rid);
            let title = rec.record.title().unwrap_or_default();
            // The first record shares the criterion's page; each further record starts its own.
            let class = if n == 0 { "" } else { " class=\"record\"" };
            let _ = writeln!(
                evidence_html,
                "<div{class} id=\"r-{}\" data-record=\"{}\">\n<h3>{} {}　{}</h3>",
                esc(&slug(rid)),
                esc(rid),
                esc(rid),
                esc(rec.record.kind().zh()),
                esc(title)
            );
            let _ = writeln!(
                evidence_md,
                "#### {} {}　{}\n",
                md(rid),
                md(rec.record.kind().zh()),
                md(title)
            );
            match record_node(system, rec) {
                Some(node) => {
                    evidence_html.push_str("<table class=\"fields\">\n");
                    fields_html(&node, &mut evidence_html);
                    evidence_html.push_str("</table>\n");
                    fields_md(&node, 0, &mut evidence_md);
                }
                None => {
                    let _ = writeln!(
                        evidence_html,
                        "<p>（记录文件 {} 无法读取）</p>",
                        esc(&rec.file)
                    );
                }
            }
            for ev in rec.record.evidence() {
                let Some(f) = &ev.file else { continue };
                let label = ev.value.title.clone().unwrap_or_else(|| f.value.clone());
                if let Some(dest) = copy(&f.value, &mut files) {
                    embed(&dest, &label, &mut evidence_html, &mut evidence_md);
                }
            }
            evidence_html.push_str("</div>\n");
        }
        for f in &e.files {
            match copy(&f.value, &mut files) {
                Some(dest) => embed(&dest, &f.value, &mut evidence_html, &mut evidence_md),
                None => {
                    let _ = writeln!(evidence_html, "<p>{}：文件不存在</p>", esc(&f.value));
                }
            }
        }
        evidence_html.push_str("</section>\n");
    }

    // The 标准目录 and the 办件与满意度统计.
    let catalogue = standards_table(&table);
    let mut stats_doc = Vec::new();
    for kind in [Kind::Cases, Kind::Evaluations] {
        if let Some(r) = ledger::Ledger::build(system, kind, opts) {
            for t in r.tables {
                stats_doc.push(Block::Heading(t.name.to_string()));
                stats_doc.push(Block::Table(t));
            }
            stats_doc.push(Block::Lines(r.footer));
        }
    }

    let date = a
        .assessment
        .date
        .as_ref()
        .map_or_else(String::new, |d| d.value.to_string());
    let sheet_title = scored.sheet.sheet.title.clone().unwrap_or_default();
    let title = format!("{organisation}标准化工作确认材料汇编");
    let index = match format {
        ledger::Format::Md => {
            let mut out = format!(
                "# {}\n\n{}　{}\n\n编印：{}　{}\n\n",
                md(&title),
                md(&sheet_title),
                md(a.id()),
                md(&organisation),
                md(&date)
            );
            out.push_str("## 目录\n\n1. 自评报告\n2. 计分表\n3. 标准体系表\n4. 佐证材料\n5. 标准目录\n6. 办件与满意度统计\n\n");
            out.push_str("## 一、自评报告\n\n");
            out.push_str(&super::markdown_under(&report.doc, 2));
            out.push_str("\n## 二、计分表\n\n");
            out.push_str(&super::markdown_under(&sheet_doc(&report.doc), 2));
            out.push_str("\n## 三、标准体系表\n\n");
            out.push_str(
                &crate::table::markdown::render(&table)
                    .lines()
                    .map(|l| {
                        if l.starts_with('#') {
                            format!("##{l}")
                        } else {
                            l.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
            out.push('\n');
            out.push_str("\n## 四、佐证材料\n");
            out.push_str(&evidence_md);
            out.push_str("\n## 五、标准目录\n\n");
            out.push_str(&super::markdown_under(
                &Document {
                    title: "标准目录".into(),
                    meta: organisation.clone(),
                    sections: vec![Section {
                        heading: "标准目录".into(),
                        blocks: vec![Block::Table(catalogue)],
                    }],
                },
                2,
            ));
            out.push_str("\n## 六、办件与满意度统计\n\n");
            out.push_str(&super::markdown_under(
                &Document {
                    title: "办件与满意度统计".into(),
                    meta: organisation.clone(),
                    sections: vec![Section {
                        heading: "办件与满意度统计".into(),
                        blocks: stats_doc,
                    }],
                },
                2,
            ));
            ("index.md", out)
        }
        _ => {
            let mut body = String::new();
            let _ = writeln!(
                body,
                "<section class=\"cover\">\n<h1>{}</h1>\n<p class=\"big\">{}</p>\n<p>自评编号：{}</p>\n<p>自评日期：{}</p>\n<p>编印单位：{}</p>\n</section>",
                esc(&title),
                esc(&sheet_title),
                esc(a.id()),
                esc(&date),
                esc(&organisation)
            );
            body.push_str(
                "<section class=\"part\" id=\"toc\">\n<h2>目录</h2>\n<nav class=\"toc\"><ol>\n",
            );
            let parts = [
                ("p-report", "一、自评报告"),
                ("p-sheet", "二、计分表"),
                ("p-table", "三、标准体系表"),
                ("p-evidence", "四、佐证材料"),
                ("p-catalogue", "五、标准目录"),
                ("p-stats", "六、办件与满意度统计"),
            ];
            for (id, name) in parts {
                let _ = write!(body, "<li><a href=\"#{id}\">{}</a>", esc(name));
                if id == "p-evidence" && !toc_criteria.is_empty() {
                    body.push_str("<ol>");
                    for (anchor, label) in &toc_criteria {
                        let _ = write!(
                            body,
                            "<li><a href=\"#{}\">{}</a></li>",
                            esc(anchor),
                            esc(label)
                        );
                    }
                    body.push_str("</ol>");
                }
                body.push_str("</li>\n");
            }
            body.push_str("</ol></nav>\n</section>\n");
            body.push_str("<section class=\"part\" id=\"p-report\">\n");
            html_body(&report.doc, &mut body);
            body.push_str("</section>\n<section class=\"part\" id=\"p-sheet\">\n");
            html_body(&sheet_doc(&report.doc), &mut body);
            body.push_str("</section>\n<section class=\"part wide systable\" id=\"p-table\">\n<h1>标准体系表</h1>\n<h2>1 标准体系结构图</h2>\n");
            body.push_str(&crate::table::html::chart(&table));
            body.push_str("<h2>2 标准明细表</h2>\n");
            body.push_str(&crate::table::html::detail(&table));
            body.push_str("<h2>3 标准统计表</h2>\n");
            body.push_str(&crate::table::html::statistics(&table));
            body.push_str("<h2>4 编制说明</h2>\n");
            body.push_str(&crate::table::html::summary(&table));
            body.push_str("</section>\n<section class=\"part\" id=\"p-evidence\">\n<h1>佐证材料</h1>\n<p>按计分表顺序，每个评分项后附其佐证记录与文件；同一记录只在首次引用处全文列出。</p>\n</section>\n");
            body.push_str(&evidence_html);
            body.push_str("<section class=\"part wide\" id=\"p-catalogue\">\n<h1>标准目录</h1>\n");
            ledger::html_table(&catalogue, &mut body);
            body.push_str("</section>\n<section class=\"part wide\" id=\"p-stats\">\n<h1>办件与满意度统计</h1>\n");
            super::blocks_html(&stats_doc, &mut body);
            body.push_str("</section>\n");
            let css = format!("{}{BINDER_CSS}", table_css());
            ("index.html", page(&title, &css, &body))
        }
    };
    let mut all = vec![
        (
            crate::output::MARKERS[1].to_string(),
            Content::Bytes(
                "This folder is written by `stdkit report dossier` and replaced by the next one.\n"
                    .into(),
            ),
        ),
        (index.0.to_string(), Content::Bytes(index.1.into_bytes())),
    ];
    files.sort_by(|a, b| a.0.cmp(&b.0));
    all.extend(files);
    missing.sort();
    missing.dedup();
    Ok(Dossier {
        files: all,
        missing,
    })
}

/// The 六、自评结论 section alone (the 计分表 part of the binder).
fn sheet_doc(report: &Document) -> Document {
    let six = report
        .sections
        .iter()
        .find(|s| s.heading.starts_with("六"))
        .map(|s| {
            s.blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Table(t) if t.name == "自评计分表" => {
                        Some(Block::Table(ledger::Table {
                            name: t.name,
                            columns: t.columns.clone(),
                            rows: t.rows.clone(),
                        }))
                    }
                    Block::Lines(l) => Some(Block::Lines(l.clone())),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    Document {
        title: "自评计分表".into(),
        meta: report.meta.clone(),
        sections: vec![Section {
            heading: "计分表".into(),
            blocks: six,
        }],
    }
}

/// The 标准目录: every standard of the detail table, in table order.
fn standards_table(t: &crate::table::Table) -> ledger::Table {
    const COLUMNS: &[ledger::Column] = &[
        ledger::col("序号", "seq"),
        ledger::col("体系表编号", "id"),
        ledger::col("标准编号", "number"),
        ledger::wide("标准名称", "title"),
        ledger::col("状态", "status"),
    ];
    let mut rows = Vec::new();
    for g in &t.detail {
        for r in &g.rows {
            rows.push(vec![
                Cell::Int(rows.len() + 1),
                Cell::Text(r.id.clone()),
                Cell::Text(r.number.clone()),
                Cell::Text(r.title.clone()),
                Cell::Text(r.status.to_string()),
            ]);
        }
    }
    ledger::Table {
        name: "标准目录",
        columns: COLUMNS.into(),
        rows,
    }
}

/// An id as an HTML anchor: letters and digits kept, anything else as `_`.
fn slug(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// An evidence file in the binder: an image inline, anything else a link.
fn embed(dest: &str, label: &str, html: &mut String, md_out: &mut String) {
    let lower = dest.to_ascii_lowercase();
    let image = [".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"]
        .iter()
        .any(|x| lower.ends_with(x));
    let href = crate::text::uri_path(dest);
    if image {
        let _ = writeln!(
            html,
            "<figure class=\"evidence\"><img src=\"{}\" alt=\"{}\"><figcaption>{}</figcaption></figure>",
            esc(&href),
            esc(label),
            esc(label)
        );
        let _ = writeln!(md_out, "\n![{}]({})\n", md(label), href);
    } else {
        let _ = writeln!(
            html,
            "<p class=\"file\">附件：<a href=\"{}\">{}</a></p>",
            esc(&href),
            esc(label)
        );
        let _ = writeln!(md_out, "\n附件：[{}]({})\n", md(label), href);
    }
}

/// The record's own mapping, read again from its file (the loader keeps the model, not the
/// tree): shown field by field as the record writes them.
fn record_node(system: &System, rec: &LoadedRecord) -> Option<Node> {
    let path = system.root.dir.join(&rec.rel);
    let text = crate::load::read_text(&path, &rec.file).ok()?;
    let root = crate::yaml::parse(&text).root?;
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if n.span == rec.span {
            return Some(n);
        }
        if let Value::Seq(items) = n.value {
            stack.extend(items);
        }
    }
    None
}

/// The Chinese label of a record field, else the key as written.
fn label(key: &str) -> &str {
    match key {
        "record" => "记录类别",
        "id" => "编号",
        "title" => "名称",
        "date" => "日期",
        "hours" => "学时",
        "form" => "形式",
        "lecturer" => "授课人",
        "organiser" => "组织部门",
        "location" => "地点",
        "standards" => "宣贯标准",
        "topic" => "主题",
        "audience" => "应训对象",
        "attendees" => "参训人员",
        "absent" => "缺席人员",
        "type" => "类型",
        "inspectors" => "检查人员",
        "body" => "检查单位",
        "scope" => "范围",
        "checks" => "检查记录",
        "checklist" => "检查表",
        "findings" => "发现问题",
        "nonconformities" => "不符合项",
        "actions" => "整改措施",
        "summary" => "小结",
        "criteria" => "审核准则",
        "objective" => "目的",
        "team" => "审核组",
        "conclusion" => "结论",
        "kind" => "类别",
        "number" => "文号",
        "issuer" => "发文单位",
        "standard" => "标准",
        "result" => "结果",
        "observed" => "观察",
        "description" => "描述",
        "grade" => "等级",
        "owner" => "责任人",
        "due" => "期限",
        "done" => "完成",
        "verified" => "验证",
        "verified_by" => "验证人",
        "chair" => "主持人",
        "decisions" => "决议",
        "period" => "期间",
        "evidence" => "证据文件",
        "note" => "备注",
        "from" => "开始",
        "checked" => "最近检查",
        "medium" => "载体",
        "keeper" => "保管人",
        "channel" => "渠道",
        "reply" => "答复",
        "posts" => "岗位",
        "departments" => "部门",
        "department" => "部门",
        "staff" => "人员",
        "nodes" => "体系节点",
        "all" => "全员",
        "assessment" => "考核方式",
        "score" => "成绩",
        "passed" => "合格",
        "reason" => "原因",
        "makeup" => "补训",
        "clause" => "条款",
        "item" => "检查项",
        "auditor" => "审核员",
        "auditee" => "受审核人",
        "cause" => "原因分析",
        "correction" => "纠正",
        "effective" => "有效",
        "leader" => "组长",
        "members" => "组员",
        "raised" => "提出",
        "followed_by" => "后续措施",
        "standard_change" => "标准变更",
        "source" => "来源",
        "subject" => "投诉对象",
        "category" => "类别",
        "substantiated" => "属实",
        "satisfied" => "回访满意",
        "authority" => "机构",
        other => other,
    }
}

/// The Chinese label of an enum value a record writes (`conform` → 符合); `record:` by its kind.
fn value_label<'a>(key: &str, value: &'a str) -> &'a str {
    use crate::model::records::{DocumentKind, RecordKind};
    if key == "record" {
        return RecordKind::parse(value).map_or(value, |k| k.zh());
    }
    if key == "kind"
        && let Some(k) = DocumentKind::parse(value)
    {
        return k.zh();
    }
    match value {
        "conform" => "符合",
        "partial" => "基本符合",
        "nonconform" => "不符合",
        "na" => "不适用",
        "major" => "严重",
        "minor" => "一般",
        "observation" => "观察项",
        "true" => "是",
        "false" => "否",
        "lecture" => "集中授课",
        "meeting" => "会议宣贯",
        "online" => "网上",
        "onsite" => "现场",
        "exam" => "考试",
        "periodic" => "定期",
        "special" => "专项",
        "spot" => "抽查",
        "cross" => "交叉",
        "external" => "上级/第三方",
        "management_review" => "管理评审",
        "improvement_meeting" => "持续改进会",
        "corrective" => "纠正措施",
        "preventive" => "预防措施",
        "improvement" => "改进",
        other => other,
    }
}

fn scalar(n: &Node) -> Option<String> {
    scalar_of("", n)
}

/// A scalar as shown: an enum value of `key` by its Chinese label.
fn scalar_of(key: &str, n: &Node) -> Option<String> {
    match &n.value {
        Value::Null => Some(String::new()),
        Value::Scalar { text, .. } => Some(value_label(key, text).to_string()),
        _ => None,
    }
}

/// One line per scalar: a list of scalars joined, anything nested as a table of its own.
fn fields_html(n: &Node, out: &mut String) {
    let Value::Map(entries) = &n.value else {
        return;
    };
    for e in entries {
        if e.key == "allow" {
            continue;
        }
        let _ = write!(out, "<tr><th>{}</th><td>", esc(label(&e.key)));
        value_html(&e.key, &e.value, out);
        out.push_str("</td></tr>\n");
    }
}

fn value_html(key: &str, n: &Node, out: &mut String) {
    match &n.value {
        Value::Seq(items) if items.iter().all(|i| scalar(i).is_some()) => {
            let v: Vec<String> = items.iter().filter_map(scalar).collect();
            out.push_str(&esc(&v.join("、")));
        }
        Value::Seq(items) => {
            for i in items {
                out.push_str("<table class=\"fields\">");
                match &i.value {
                    Value::Map(_) => fields_html(i, out),
                    _ => {
                        out.push_str("<tr><td>");
                        value_html(key, i, out);
                        out.push_str("</td></tr>");
                    }
                }
                out.push_str("</table>");
            }
        }
        Value::Map(_) => {
            out.push_str("<table class=\"fields\">");
            fields_html(n, out);
            out.push_str("</table>");
        }
        _ => out.push_str(&esc(&scalar_of(key, n).unwrap_or_default())),
    }
}

fn fields_md(n: &Node, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    match &n.value {
        Value::Map(entries) => {
            for e in entries.iter().filter(|e| e.key != "allow") {
                match scalar_of(&e.key, &e.value) {
                    Some(s) => {
                        let _ = writeln!(out, "{pad}- {}：{}", md(label(&e.key)), md(&s));
                    }
                    None => match &e.value.value {
                        Value::Seq(items) if items.iter().all(|i| scalar(i).is_some()) => {
                            let v: Vec<String> = items.iter().filter_map(scalar).collect();
                            let _ = writeln!(
                                out,
                                "{pad}- {}：{}",
                                md(label(&e.key)),
                                md(&v.join("、"))
                            );
                        }
                        _ => {
                            let _ = writeln!(out, "{pad}- {}：", md(label(&e.key)));
                            fields_md(&e.value, depth + 1, out);
                        }
                    },
                }
            }
        }
        Value::Seq(items) => {
            for i in items {
                fields_md(i, depth, out);
            }
        }
        _ => {
            let _ = writeln!(out, "{pad}- {}", md(&scalar(n).unwrap_or_default()));
        }
    }
    if depth == 0 {
        out.push('\n');
    }
}
