//! The table as CSV: UTF-8 with a byte-order mark so Excel opens Chinese correctly, RFC 4180
//! quoting, and cells that a spreadsheet would run as formulas defused.

use super::{DETAIL_COLUMNS, STAT_COLUMNS, StatRow, Table};
use crate::text::{csv_field as field, pct};

fn csv(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut out = String::from("\u{feff}");
    let line =
        |cells: &[String]| cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(",") + "\r\n";
    out.push_str(&line(
        &header.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
    ));
    for r in rows {
        out.push_str(&line(&r));
    }
    out
}

/// The detail table (标准明细表), the default CSV.
pub fn detail(t: &Table) -> String {
    csv(
        &DETAIL_COLUMNS,
        t.detail
            .iter()
            .flat_map(|g| g.rows.iter().map(|r| r.cells().to_vec())),
    )
}

fn stats(first: &str, rows: &[StatRow]) -> String {
    let mut header = STAT_COLUMNS;
    header[0] = first;
    csv(
        &header,
        rows.iter().map(|r| {
            vec![
                r.label.clone(),
                r.required.to_string(),
                r.existing.to_string(),
                pct(r.ratio),
            ]
        }),
    )
}

/// Every table as its own file: (file name, contents).
pub fn all(t: &Table) -> Vec<(&'static str, String)> {
    let structure = csv(
        &["节点代码", "节点名称", "层级", "类别", "现有数", "应有数"],
        t.structure.iter().map(|n| {
            vec![
                n.code.clone(),
                n.name.clone(),
                (n.depth + 1).to_string(),
                n.category.unwrap_or("").to_string(),
                n.existing.to_string(),
                n.required.to_string(),
            ]
        }),
    );
    let summary = csv(
        &["项目", "内容"],
        t.summary
            .lines()
            .into_iter()
            .map(|l| vec!["说明".to_string(), l])
            .chain(t.summary.gaps().into_iter().flat_map(|(title, list)| {
                list.iter().map(move |x| vec![title.to_string(), x.clone()])
            })),
    );
    vec![
        ("structure.csv", structure),
        ("detail.csv", detail(t)),
        ("statistics-level.csv", stats("标准级别", &t.by_level)),
        ("statistics-category.csv", stats("标准类别", &t.by_category)),
        ("statistics-type.csv", stats("标准类型", &t.by_type)),
        ("statistics-origin.csv", stats("来源", &t.by_origin)),
        ("summary.csv", summary),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_injection() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=1+1"), "'=1+1");
        assert_eq!(field("202-001"), "202-001");
    }
}
