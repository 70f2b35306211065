//! The table as Markdown: a Mermaid chart plus an indented tree, and pipe tables padded to
//! display width so they also line up as plain text (CJK characters count two columns).

use super::{DETAIL_COLUMNS, STAT_COLUMNS, StatRow, Table};
use crate::text::{md as cell, mermaid as mermaid_label, pct, pipe_table};
use std::fmt::Write;

fn stat_rows(rows: &[StatRow]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            vec![
                r.label.clone(),
                r.required.to_string(),
                r.existing.to_string(),
                pct(r.ratio),
            ]
        })
        .collect()
}

/// The structure chart: a Mermaid `graph TD` block and an indented text tree.
pub fn structure(t: &Table) -> String {
    let mut out = String::from("```mermaid\ngraph TD\n");
    let _ = writeln!(out, "  root[\"{}\"]", mermaid_label(&t.title));
    for (i, n) in t.structure.iter().enumerate() {
        let _ = writeln!(
            out,
            "  n{i}[\"{} {}<br/>现有 {} / 应有 {}\"]",
            mermaid_label(&n.code),
            mermaid_label(&n.name),
            n.existing,
            n.required
        );
        match n.parent {
            Some(p) => {
                let _ = writeln!(out, "  n{p} --> n{i}");
            }
            None => {
                let _ = writeln!(out, "  root --> n{i}");
            }
        }
    }
    out.push_str("```\n\n");
    for n in &t.structure {
        let _ = writeln!(
            out,
            "{}- **{}** {}（现有 {} / 应有 {}）",
            "  ".repeat(n.depth),
            cell(&n.code),
            cell(&n.name),
            n.existing,
            n.required
        );
    }
    out
}

/// The detail table, one sub-heading per node.
pub fn detail(t: &Table, heading: &str) -> String {
    let mut out = String::new();
    for g in &t.detail {
        let _ = writeln!(out, "{heading} {} {}\n", cell(&g.code), cell(&g.name));
        // Superseded and abolished standards stay in the table, marked by their status.
        let columns = t.page_columns();
        let header: Vec<&str> = columns.iter().map(|&c| DETAIL_COLUMNS[c]).collect();
        let rows: Vec<Vec<String>> = g.rows.iter().map(|r| r.page_cells(&columns)).collect();
        out.push_str(&pipe_table(&header, &rows));
        out.push('\n');
    }
    out
}

/// Both statistics tables.
pub fn statistics(t: &Table, heading: &str) -> String {
    let mut out = String::new();
    let mut by_level = STAT_COLUMNS;
    by_level[0] = "标准级别";
    let _ = writeln!(out, "{heading} 按标准级别统计\n");
    out.push_str(&pipe_table(&by_level, &stat_rows(&t.by_level)));
    let mut by_cat = STAT_COLUMNS;
    by_cat[0] = "标准类别";
    let _ = writeln!(out, "\n{heading} 按标准类别统计\n");
    out.push_str(&pipe_table(&by_cat, &stat_rows(&t.by_category)));
    let mut by_type = STAT_COLUMNS;
    by_type[0] = "标准类型";
    let _ = writeln!(out, "\n{heading} 按标准类型统计\n");
    out.push_str(&pipe_table(&by_type, &stat_rows(&t.by_type)));
    let mut by_origin = STAT_COLUMNS;
    by_origin[0] = "来源";
    let _ = writeln!(out, "\n{heading} 按来源统计\n");
    out.push_str(&pipe_table(&by_origin, &stat_rows(&t.by_origin)));
    out
}

/// 编制说明.
pub fn summary(t: &Table, heading: &str) -> String {
    let mut out = String::new();
    for l in t.summary.lines() {
        let _ = writeln!(out, "{}\n", cell(&l));
    }
    for (title, list) in t.summary.gaps() {
        let _ = writeln!(out, "{heading} {title}（{} 项）\n", list.len());
        if list.is_empty() {
            out.push_str("无。\n\n");
        } else {
            for x in list {
                let _ = writeln!(out, "- {}", cell(x));
            }
            out.push('\n');
        }
    }
    out
}

/// The whole table as one Markdown document.
pub fn render(t: &Table) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}标准体系表\n",
        cell(t.title.trim_end_matches("标准体系"))
    );
    let _ = writeln!(out, "{}\n", cell(&t.organisation));
    out.push_str("## 1 标准体系结构图\n\n");
    out.push_str(&structure(t));
    out.push_str("\n## 2 标准明细表\n\n");
    out.push_str(&detail(t, "###"));
    out.push_str("## 3 标准统计表\n\n");
    out.push_str(&statistics(t, "###"));
    out.push_str("\n## 4 编制说明\n\n");
    out.push_str(&summary(t, "###"));
    out
}
