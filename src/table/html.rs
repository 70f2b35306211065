//! The table as one self-contained HTML page: inline CSS, the structure chart drawn with CSS
//! boxes, no scripts, no external resources. Every user string is escaped.

use super::{DETAIL_COLUMNS, STAT_COLUMNS, StatRow, Table};
use crate::text::{html as esc, pct};
use std::fmt::Write;

/// The stylesheet of the standalone table page: the page itself, then `TABLE_CSS`.
pub const PAGE_CSS: &str = r#"
:root { --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --accent: #0b5cad; --bg-alt: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 24px; color: var(--ink);
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "SimSun", sans-serif;
  line-height: 1.6; }
h1 { text-align: center; font-size: 1.6em; margin: 0.4em 0; }
h2 { font-size: 1.25em; border-bottom: 2px solid var(--accent); padding-bottom: 4px; margin-top: 2em; }
h3 { font-size: 1.05em; margin-top: 1.5em; }
.org { text-align: center; color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; font-size: 0.9em; }
th, td { border: 1px solid var(--line); padding: 4px 6px; vertical-align: top; }
th { background: var(--bg-alt); font-weight: 600; white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
@media print {
  body { max-width: none; padding: 0; }
  h2 { break-before: page; }
  h2:first-of-type { break-before: auto; }
}
@page { size: A4; margin: 18mm 15mm; }
"#;

/// The design of the table itself — the structure chart, the detail and statistics tables —
/// inside an element of class `systable`: one design for the standalone page (`render`), the
/// site's `table.html` and the table in `handbook.html`, which put it in their stylesheets.
pub const TABLE_CSS: &str = r#"
.systable table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; font-size: 0.9em; }
.systable th, .systable td { border: 1px solid var(--line); padding: 4px 6px; vertical-align: top; }
.systable th { background: var(--bg-alt); font-weight: 600; white-space: nowrap; }
.systable td.num { text-align: right; white-space: nowrap; }
.systable td.nowrap { white-space: nowrap; }
.systable td.title { min-width: 12em; }
.systable td.owner { min-width: 5em; }
.systable tr.retired td { color: var(--muted); text-decoration: line-through; }
.systable tr.retired td.status { text-decoration: none; }
.systable tr.reference td { color: var(--muted); font-style: italic; }
.systable .table-scroll { overflow-x: auto; }
.systable .chart { overflow-x: auto; padding: 8px 0 16px; }
.systable .chart .root { margin: 0 auto 18px; width: max-content; max-width: 100%; padding: 8px 18px;
  border: 2px solid var(--accent); border-radius: 4px; font-weight: 600; text-align: center; }
/* A row wider than its scroll box grows to the right (never past the left edge, where it
   could not be scrolled to): at least as wide as its boxes' minimum, centred only when it fits. */
.systable .chart .top { display: flex; gap: 12px; justify-content: safe center; align-items: flex-start;
  min-width: min-content; }
.systable .chart .branch { flex: 1 1 0; min-width: 150px; display: flex; flex-direction: column; gap: 6px; }
.systable .chart .box { border: 1px solid var(--accent); border-radius: 4px; padding: 6px 8px; background: #fff;
  text-align: center; word-break: break-all; }
.systable .chart .branch > .box { background: #e8f1fb; font-weight: 600; }
.systable .chart .box .code { display: block; font-size: 0.8em; color: var(--muted); }
.systable .chart .box .count { display: block; font-size: 0.8em; color: var(--accent); }
.systable .chart .children { display: flex; flex-direction: column; gap: 6px; padding-left: 12px;
  border-left: 2px solid var(--line); }
.systable ul.gaps { margin-top: 0.2em; }
@media print {
  .systable tr { break-inside: avoid; }
  .systable thead { display: table-header-group; }
  .systable .chart { overflow: visible; break-inside: avoid; }
}
"#;

/// The standalone page's whole stylesheet (for documents that embed the table as that page
/// shows it, in an element of class `systable`).
pub fn css() -> String {
    format!("{PAGE_CSS}{TABLE_CSS}")
}

fn node_box(t: &Table, i: usize, out: &mut String) {
    let n = &t.structure[i];
    let _ = write!(
        out,
        "<div class=\"box\" data-code=\"{}\"><span class=\"code\">{}</span>{}<span class=\"count\">现有 {} / 应有 {}</span></div>",
        esc(&n.code),
        esc(&n.code),
        esc(&n.name),
        n.existing,
        n.required
    );
    let children: Vec<usize> = (0..t.structure.len())
        .filter(|&c| t.structure[c].parent == Some(i))
        .collect();
    if !children.is_empty() {
        out.push_str("<div class=\"children\">");
        for c in children {
            node_box(t, c, out);
        }
        out.push_str("</div>");
    }
}

/// The structure chart as nested boxes.
pub fn chart(t: &Table) -> String {
    let mut out = String::from("<div class=\"chart\">");
    let _ = write!(
        out,
        "<div class=\"root\">{}</div><div class=\"top\">",
        esc(&t.title)
    );
    for (i, n) in t.structure.iter().enumerate() {
        if n.parent.is_none() {
            out.push_str("<div class=\"branch\">");
            node_box(t, i, &mut out);
            out.push_str("</div>");
        }
    }
    out.push_str("</div></div>\n");
    out
}

fn stat_table(first: &str, rows: &[StatRow]) -> String {
    let mut out = String::from("<table class=\"stats\"><thead><tr>");
    for (i, c) in STAT_COLUMNS.iter().enumerate() {
        let _ = write!(out, "<th>{}</th>", esc(if i == 0 { first } else { c }));
    }
    out.push_str("</tr></thead><tbody>");
    for r in rows {
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&r.label),
            r.required,
            r.existing,
            pct(r.ratio)
        );
    }
    out.push_str("</tbody></table>\n");
    out
}

/// The detail table, one sub-heading per node.
pub fn detail(t: &Table) -> String {
    let mut out = String::new();
    for g in &t.detail {
        let _ = write!(
            out,
            "<h3>{} {}</h3>\n<div class=\"table-scroll\"><table class=\"detail\"><thead><tr>",
            esc(&g.code),
            esc(&g.name)
        );
        let columns = t.page_columns();
        for &c in &columns {
            let _ = write!(out, "<th>{}</th>", DETAIL_COLUMNS[c]);
        }
        out.push_str("</tr></thead><tbody>\n");
        for r in &g.rows {
            let class = if r.retired {
                " class=\"retired\""
            } else if r.reference {
                " class=\"reference\""
            } else {
                ""
            };
            let c = r.page_cells(&columns);
            let _ = write!(out, "<tr{class}>");
            for (&k, v) in columns.iter().zip(&c) {
                let cls = match k {
                    0 => " class=\"num\"",
                    1 | 3 | 6 | 8 | 9 | 10 | 11 | 12 | 13 => " class=\"nowrap\"",
                    4 => " class=\"title\"",
                    7 => " class=\"status nowrap\"",
                    14 => " class=\"owner\"",
                    _ => "",
                };
                let _ = write!(out, "<td{cls}>{}</td>", esc(v));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody></table></div>\n");
    }
    out
}

/// Both statistics tables.
pub fn statistics(t: &Table) -> String {
    let mut out = String::from("<h3>按标准级别统计</h3>\n");
    out.push_str(&stat_table("标准级别", &t.by_level));
    out.push_str("<h3>按标准类别统计</h3>\n");
    out.push_str(&stat_table("标准类别", &t.by_category));
    out.push_str("<h3>按标准类型统计</h3>\n");
    out.push_str(&stat_table("标准类型", &t.by_type));
    out.push_str("<h3>按来源统计</h3>\n");
    out.push_str(&stat_table("来源", &t.by_origin));
    out
}

/// 编制说明.
pub fn summary(t: &Table) -> String {
    let mut out = String::new();
    for l in t.summary.lines() {
        let _ = writeln!(out, "<p>{}</p>", esc(&l));
    }
    for (title, list) in t.summary.gaps() {
        let _ = writeln!(out, "<h3>{}（{} 项）</h3>", esc(title), list.len());
        if list.is_empty() {
            out.push_str("<p>无。</p>\n");
        } else {
            out.push_str("<ul class=\"gaps\">");
            for x in list {
                let _ = write!(out, "<li>{}</li>", esc(x));
            }
            out.push_str("</ul>\n");
        }
    }
    out
}

/// The whole table as one page.
pub fn render(t: &Table) -> String {
    let title = format!("{}标准体系表", t.title.trim_end_matches("标准体系"));
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{PAGE_CSS}{TABLE_CSS}</style>\n</head>\n<body class=\"systable\">\n<h1>{}</h1>\n<p class=\"org\">{}</p>\n",
        esc(&title),
        esc(&title),
        esc(&t.organisation)
    );
    out.push_str("<h2 id=\"structure\">1 标准体系结构图</h2>\n");
    out.push_str(&chart(t));
    out.push_str("<h2 id=\"detail\">2 标准明细表</h2>\n");
    out.push_str(&detail(t));
    out.push_str("<h2 id=\"statistics\">3 标准统计表</h2>\n");
    out.push_str(&statistics(t));
    out.push_str("<h2 id=\"summary\">4 编制说明</h2>\n");
    out.push_str(&summary(t));
    out.push_str("</body>\n</html>\n");
    out
}
