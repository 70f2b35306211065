//! The documents of docs/compliance.md Part 3: the 自评报告 (`report self-assessment`, after
//! GB/T 24421.4-2023 附录A) and the 确认材料汇编 (`report dossier`) a centre hands to the
//! bureau. Both are composed of the parts other modules already make — the filled 计分表 from
//! the scoring in `compliance::assess`, the figures of the `compliance` object, the
//! standard-system table of `table` — so the binder says what `check`, `stats` and `table` say.
//!
//! A [`Document`] is sections of blocks; [`render`] writes it as Markdown or HTML (A4 print
//! CSS). The dossier ([`binder`]) adds the cover, the contents, the evidence pages and the
//! copied files, and is written as a folder.

pub mod binder;
pub mod report;

use crate::ledger::{self, Table};
use crate::text::{html as esc, md, pipe_table};
use std::fmt::Write;

pub use binder::dossier;
pub use report::{SelfAssessment, self_assessment};

/// A document: a title, a line under it, and numbered sections.
pub struct Document {
    pub title: String,
    pub meta: String,
    pub sections: Vec<Section>,
}

/// One section (一、基本情况 …).
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

/// What a section holds.
pub enum Block {
    Para(String),
    /// A sub-heading inside a section.
    Heading(String),
    Table(Table),
    /// A bulleted list.
    Lines(Vec<String>),
}

/// A document as Markdown with every heading `levels` deeper (a part of the dossier).
pub fn markdown_under(d: &Document, levels: usize) -> String {
    let hashes = "#".repeat(levels);
    markdown(d)
        .lines()
        .map(|l| match l.starts_with('#') {
            true => format!("{hashes}{l}"),
            false => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// A document as Markdown.
pub fn markdown(d: &Document) -> String {
    let mut out = format!("# {}\n\n{}\n\n", md(&d.title), md(&d.meta));
    for s in &d.sections {
        let _ = writeln!(out, "## {}\n", md(&s.heading));
        blocks_md(&s.blocks, &mut out);
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn blocks_md(blocks: &[Block], out: &mut String) {
    for b in blocks {
        match b {
            Block::Para(p) => {
                let _ = writeln!(out, "{}\n", md(p));
            }
            Block::Heading(h) => {
                let _ = writeln!(out, "### {}\n", md(h));
            }
            Block::Table(t) => {
                let header: Vec<String> = t.columns.iter().map(|c| c.flat()).collect();
                let header: Vec<&str> = header.iter().map(String::as_str).collect();
                let rows: Vec<Vec<String>> = t
                    .rows
                    .iter()
                    .map(|r| r.iter().map(ledger::shown).collect())
                    .collect();
                if rows.is_empty() {
                    out.push_str("（无）\n\n");
                } else {
                    out.push_str(&pipe_table(&header, &rows));
                    out.push('\n');
                }
            }
            Block::Lines(lines) => {
                for l in lines {
                    let _ = writeln!(out, "- {}", md(l));
                }
                out.push('\n');
            }
        }
    }
}

/// The print rules shared by the report and the dossier: A4, page numbers in the bottom
/// margin, tables and rows kept whole where they fit.
pub const PRINT_CSS: &str = r#"
@page { size: A4; margin: 18mm 15mm 20mm; @bottom-center { content: counter(page); font-size: 9pt; } }
@page :first { @bottom-center { content: none; } }
h2 { break-after: avoid; }
h3 { break-after: avoid; }
section.part { break-before: page; }
section.part:first-of-type { break-before: auto; }
table.sheet td.node { font-weight: 600; background: var(--bg-alt); }
@media print { body { font-size: 10pt; } table { font-size: 9pt; } }
"#;

/// The body of a document as HTML (no page wrapper): each section a `<section>`.
pub fn html_body(d: &Document, out: &mut String) {
    let _ = writeln!(
        out,
        "<h1>{}</h1>\n<p class=\"meta\">{}</p>",
        esc(&d.title),
        esc(&d.meta)
    );
    for s in &d.sections {
        let _ = writeln!(out, "<h2>{}</h2>", esc(&s.heading));
        blocks_html(&s.blocks, out);
    }
}

fn blocks_html(blocks: &[Block], out: &mut String) {
    for b in blocks {
        match b {
            Block::Para(p) => {
                let _ = writeln!(out, "<p>{}</p>", esc(p));
            }
            Block::Heading(h) => {
                let _ = writeln!(out, "<h3>{}</h3>", esc(h));
            }
            Block::Table(t) => ledger::html_table(t, out),
            Block::Lines(lines) => {
                out.push_str("<ul>\n");
                for l in lines {
                    let _ = writeln!(out, "<li>{}</li>", esc(l));
                }
                out.push_str("</ul>\n");
            }
        }
    }
}

/// A whole HTML page around `body`.
pub fn page(title: &str, extra_css: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{}{PRINT_CSS}{extra_css}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        esc(title),
        ledger::CSS,
    )
}

/// A document as one HTML page.
pub fn html(d: &Document) -> String {
    let mut body = String::new();
    html_body(d, &mut body);
    page(&d.title, "", &body)
}
