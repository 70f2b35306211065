//! Writing a report in each format. Markdown and HTML show every table with the footer; CSV
//! holds the first table (UTF-8 with BOM, formula cells defused); XLSX a sheet per table (dates
//! as date cells, ratios as percentages, header frozen and bold, filters on, printed landscape
//! on A4 fitted to the page width with the header row repeated); JSON the first table's rows
//! by key with the summary. Every format is deterministic.

use super::{Cell, Format, Ledger, Table};
use crate::text::{csv_field, html as esc, md, percent, pipe_table};
use anyhow::Result;
use serde_json::{Value, json};
use std::fmt::Write;

/// The report in `format`, as bytes.
pub fn render(l: &Ledger, format: Format) -> Result<Vec<u8>> {
    Ok(match format {
        Format::Md => markdown(l).into_bytes(),
        Format::Html => html(l).into_bytes(),
        Format::Csv => csv(l).into_bytes(),
        Format::Xlsx => xlsx(l)?,
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&to_json(l)).expect("JSON serialises");
            s.push('\n');
            s.into_bytes()
        }
    })
}

/// Points as a scoring sheet writes them: `2`, `1.5`.
pub fn points(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

/// A cell as shown in a table: `—` for what is not given.
pub fn shown(c: &Cell) -> String {
    match c {
        Cell::Text(s) if s.is_empty() => "—".into(),
        Cell::Text(s) => s.clone(),
        Cell::Int(n) => n.to_string(),
        Cell::Ratio(r) => percent(*r),
        Cell::Decimal(x) => x.map_or_else(|| "—".into(), |x| format!("{x:.1}")),
        Cell::Points(x) => points(*x),
        Cell::Blank => String::new(),
        Cell::Date(d) => d.map_or_else(|| "—".into(), |d| d.to_string()),
        Cell::List(v) if v.is_empty() => "—".into(),
        Cell::List(v) => v.join("、"),
        Cell::State(_, zh) => (*zh).into(),
    }
}

fn heading(l: &Ledger) -> String {
    format!(
        "{}　报告期 {} 至 {}（统计截至 {}）",
        l.organisation, l.period.from, l.period.to, l.as_of
    )
}

fn markdown(l: &Ledger) -> String {
    let mut out = format!("# {}\n\n{}\n\n", md(&l.title), md(&heading(l)));
    for (i, t) in l.tables.iter().enumerate() {
        if l.tables.len() > 1 {
            let _ = writeln!(out, "## {}\n", md(t.name));
        }
        let header: Vec<String> = t.columns.iter().map(|c| c.flat()).collect();
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let rows: Vec<Vec<String>> = t
            .rows
            .iter()
            .map(|r| r.iter().map(shown).collect())
            .collect();
        if rows.is_empty() {
            out.push_str("（无）\n");
        } else {
            out.push_str(&pipe_table(&header, &rows));
        }
        out.push('\n');
        if i == 0 {
            for f in &l.footer {
                let _ = writeln!(out, "- {}", md(f));
            }
            out.push('\n');
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// The stylesheet of every report page.
pub const CSS: &str = r#"
:root { --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --accent: #0b5cad; --bg-alt: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1400px; padding: 24px; color: var(--ink);
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "SimSun", sans-serif;
  line-height: 1.5; }
h1 { text-align: center; font-size: 1.5em; margin: 0.3em 0; }
h2 { font-size: 1.15em; border-bottom: 2px solid var(--accent); padding-bottom: 3px; margin-top: 1.6em; }
p.meta { text-align: center; color: var(--muted); margin: 0 0 1em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; font-size: 0.85em; }
th, td { border: 1px solid var(--line); padding: 3px 5px; vertical-align: top; }
th { background: var(--bg-alt); font-weight: 600; white-space: nowrap; }
td { white-space: nowrap; }
td.wide { white-space: normal; overflow-wrap: anywhere; min-width: 6em; }
td.num { text-align: right; }
td.bad { color: #b42318; font-weight: 600; }
ul.footer { margin: 0.3em 0 1em; }
@media print {
  body { max-width: none; padding: 0; font-size: 9pt; }
  table { font-size: 8.5pt; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
}
"#;

/// States shown as a warning in HTML.
const BAD: &[&str] = &["nonconform", "overdue", "ineffective", "not_inspected"];

fn html(l: &Ledger) -> String {
    let wide = l.tables.iter().any(|t| t.columns.len() > 8);
    let page = if wide { "A4 landscape" } else { "A4" };
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}@page {{ size: {page}; margin: 12mm 10mm; }}\n</style>\n</head>\n<body>\n<h1>{}</h1>\n<p class=\"meta\">{}</p>\n",
        esc(&l.title),
        esc(&l.title),
        esc(&heading(l))
    );
    for (i, t) in l.tables.iter().enumerate() {
        if l.tables.len() > 1 {
            let _ = writeln!(out, "<h2>{}</h2>", esc(t.name));
        }
        html_table(t, &mut out);
        if i == 0 && !l.footer.is_empty() {
            out.push_str("<ul class=\"footer\">\n");
            for f in &l.footer {
                let _ = writeln!(out, "<li>{}</li>", esc(f));
            }
            out.push_str("</ul>\n");
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// One table as HTML (the reports of Part 3 compose them into documents of their own).
pub fn html_table(t: &Table, out: &mut String) {
    out.push_str("<table>\n<thead><tr>");
    if t.grouped() {
        // Two header rows, as a paper 统计表 has them: a group spans its columns, a column
        // without one spans both rows.
        for run in runs(&t.columns) {
            let c = &t.columns[run.0];
            if c.group.is_empty() {
                let _ = write!(out, "<th rowspan=\"2\">{}</th>", esc(c.header));
            } else {
                let _ = write!(out, "<th colspan=\"{}\">{}</th>", run.1, esc(c.group));
            }
        }
        out.push_str("</tr>\n<tr>");
        for c in t.columns.iter().filter(|c| !c.group.is_empty()) {
            let _ = write!(out, "<th>{}</th>", esc(c.header));
        }
    } else {
        for c in t.columns.iter() {
            let _ = write!(out, "<th>{}</th>", esc(c.header));
        }
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    if t.rows.is_empty() {
        let _ = writeln!(
            out,
            "<tr><td colspan=\"{}\">（无）</td></tr>",
            t.columns.len()
        );
    }
    for r in &t.rows {
        out.push_str("<tr>");
        for (c, cell) in t.columns.iter().zip(r) {
            let mut class = Vec::new();
            if c.wide {
                class.push("wide");
            }
            if matches!(
                cell,
                Cell::Int(_) | Cell::Ratio(_) | Cell::Decimal(_) | Cell::Points(_)
            ) {
                class.push("num");
            }
            if matches!(cell, Cell::State(s, _) if BAD.contains(s)) {
                class.push("bad");
            }
            if class.is_empty() {
                out.push_str("<td>");
            } else {
                let _ = write!(out, "<td class=\"{}\">", class.join(" "));
            }
            out.push_str(&esc(&shown(cell)));
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// The runs of columns sharing a group (a column without one is a run of its own): (first, len).
fn runs(columns: &[super::Column]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, c) in columns.iter().enumerate() {
        match out.last_mut() {
            Some((first, len)) if !c.group.is_empty() && columns[*first].group == c.group => {
                *len += 1
            }
            _ => out.push((i, 1)),
        }
    }
    out
}

/// A cell in CSV and XLSX text: an empty cell for what is not given.
fn plain(c: &Cell) -> String {
    match c {
        Cell::Date(None) => String::new(),
        Cell::List(v) => v.join("、"),
        Cell::Text(s) => s.clone(),
        other => shown(other),
    }
}

fn csv(l: &Ledger) -> String {
    let mut out = String::from("\u{feff}");
    let Some(t) = l.tables.first() else {
        return out;
    };
    let header: Vec<String> = t.columns.iter().map(|c| c.flat()).collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for r in &t.rows {
        let cells: Vec<String> = r
            .iter()
            .map(|c| csv_field(&plain(c)).into_owned())
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

fn json_cell(c: &Cell) -> Value {
    match c {
        Cell::Text(s) if s.is_empty() => Value::Null,
        Cell::Text(s) => Value::String(s.clone()),
        Cell::Int(n) => json!(n),
        Cell::Ratio(r) | Cell::Decimal(r) => json!(r),
        Cell::Points(x) => json!(x),
        Cell::Blank => Value::Null,
        Cell::Date(d) => d.map_or(Value::Null, |d| Value::String(d.to_string())),
        Cell::List(v) => json!(v),
        Cell::State(s, _) => Value::String((*s).into()),
    }
}

fn to_json(l: &Ledger) -> Value {
    let rows: Vec<Value> = l.tables.first().map_or_else(Vec::new, |t| {
        t.rows
            .iter()
            .map(|r| {
                let mut o = serde_json::Map::new();
                for (c, cell) in t.columns.iter().zip(r) {
                    if c.key != "seq" {
                        o.insert(c.key.into(), json_cell(cell));
                    }
                }
                Value::Object(o)
            })
            .collect()
    });
    json!({
        "version": 1,
        "report": l.kind.as_str(),
        "period": {"from": l.period.from.to_string(), "to": l.period.to.to_string(), "as_of": l.as_of.to_string()},
        "rows": rows,
        "summary": l.summary,
    })
}

fn xlsx(l: &Ledger) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format as F, Workbook};
    use unicode_width::UnicodeWidthStr;
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(&l.title)
            .set_company(&l.organisation)
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
    );
    let bold = F::new().set_bold();
    let title = F::new().set_bold().set_font_size(14);
    let pct = F::new().set_num_format("0.0%");
    let date = F::new().set_num_format("yyyy-mm-dd");
    let wrap = F::new().set_text_wrap();
    for t in &l.tables {
        let ws = wb.add_worksheet().set_name(t.name)?;
        // Row 0: the title and period; row 1 (and 2 under column groups): the header; then data.
        ws.write_string_with_format(0, 0, format!("{}　{}", l.title, heading(l)), &title)?;
        let mut widths: Vec<usize> = t.columns.iter().map(|c| c.header.width()).collect();
        let head = if t.grouped() { 2 } else { 1 };
        if t.grouped() {
            let centred = F::new()
                .set_bold()
                .set_align(rust_xlsxwriter::FormatAlign::Center);
            for (first, len) in runs(&t.columns) {
                let c = &t.columns[first];
                let (c0, c1) = (first as u16, (first + len - 1) as u16);
                if c.group.is_empty() {
                    ws.merge_range(1, c0, 2, c0, c.header, &centred)?;
                } else {
                    if len > 1 {
                        ws.merge_range(1, c0, 1, c1, c.group, &centred)?;
                    } else {
                        ws.write_string_with_format(1, c0, c.group, &centred)?;
                    }
                    for i in first..first + len {
                        ws.write_string_with_format(2, i as u16, t.columns[i].header, &bold)?;
                    }
                }
            }
        } else {
            for (c, col) in t.columns.iter().enumerate() {
                ws.write_string_with_format(1, c as u16, col.header, &bold)?;
            }
        }
        let one = F::new().set_num_format("0.0");
        for (r, row) in t.rows.iter().enumerate() {
            let r = r as u32 + 1 + head;
            for (c, cell) in row.iter().enumerate() {
                let c16 = c as u16;
                let w = match cell {
                    Cell::Int(n) => {
                        ws.write_number(r, c16, *n as f64)?;
                        n.to_string().len()
                    }
                    Cell::Ratio(Some(x)) => {
                        ws.write_number_with_format(r, c16, *x, &pct)?;
                        6
                    }
                    Cell::Decimal(Some(x)) => {
                        ws.write_number_with_format(r, c16, *x, &one)?;
                        6
                    }
                    Cell::Points(x) => {
                        ws.write_number(r, c16, *x)?;
                        4
                    }
                    Cell::Date(Some(d)) => {
                        let dt = ExcelDateTime::from_ymd(
                            d.0.year() as u16,
                            d.0.month() as u8,
                            d.0.day() as u8,
                        )?;
                        ws.write_datetime_with_format(r, c16, &dt, &date)?;
                        10
                    }
                    other => {
                        let s = plain(other);
                        if t.columns[c].wide {
                            ws.write_string_with_format(r, c16, &s, &wrap)?;
                        } else {
                            ws.write_string(r, c16, &s)?;
                        }
                        s.width()
                    }
                };
                widths[c] = widths[c].max(w);
            }
        }
        let last = t.rows.len() as u32 + head;
        ws.set_freeze_panes(1 + head, 0)?;
        ws.autofilter(
            head,
            0,
            last.max(head + 1),
            t.columns.len().saturating_sub(1) as u16,
        )?;
        for (c, w) in widths.iter().enumerate() {
            let cap = if t.columns[c].wide { 40.0 } else { 24.0 };
            ws.set_column_width(c as u16, (*w as f64 + 2.0).clamp(6.0, cap))?;
        }
        ws.set_paper_size(9); // A4
        if t.columns.len() > 8 {
            ws.set_landscape();
        }
        ws.set_repeat_rows(1, head)?;
        ws.set_print_fit_to_pages(1, 0);
    }
    Ok(wb.save_to_buffer()?)
}
