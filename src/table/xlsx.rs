//! The table as an Excel workbook: one sheet per part, header row bold and frozen, filters on,
//! column widths fitted to the display width of the contents (CJK characters count two).
//! The creation date is fixed, so the same input gives the same bytes.

use super::{DETAIL_COLUMNS, STAT_COLUMNS, StatRow, Table};
use anyhow::Result;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};
use unicode_width::UnicodeWidthStr;

/// The sheet names, in order.
pub const SHEETS: [&str; 4] = ["结构图", "标准明细表", "标准统计表", "编制说明"];

/// The most UTF-16 code units Excel holds in one cell.
const MAX_CELL: usize = 32_767;

/// What ends a text cut to fit a cell: the full text stays in the YAML (and in the other formats).
const CUT_MARK: &str = "…（全文见 YAML）";

/// `s`, or its start with [`CUT_MARK`] when it is longer than a cell may be.
fn fit_cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.len() <= MAX_CELL || s.encode_utf16().count() <= MAX_CELL {
        return s.into();
    }
    let room = MAX_CELL - CUT_MARK.encode_utf16().count();
    let mut used = 0;
    let end = s
        .char_indices()
        .find(|(_, c)| {
            used += c.len_utf16();
            used > room
        })
        .map_or(s.len(), |(i, _)| i);
    format!("{}{CUT_MARK}", &s[..end]).into()
}

/// A cell: text, or a number with an optional number format.
enum Cell {
    Text(String),
    Int(usize),
    Pct(Option<f64>),
}

struct Sheet<'a> {
    ws: &'a mut Worksheet,
    widths: Vec<usize>,
}

impl Sheet<'_> {
    fn write(
        &mut self,
        row: u32,
        col: u16,
        cell: &Cell,
        bold: &Format,
        header: bool,
        pct: &Format,
    ) -> Result<()> {
        let shown = match cell {
            Cell::Text(s) => {
                let s = &*fit_cell(s);
                if header {
                    self.ws.write_string_with_format(row, col, s, bold)?;
                } else {
                    self.ws.write_string(row, col, s)?;
                }
                s.width()
            }
            Cell::Int(n) => {
                self.ws.write_number(row, col, *n as f64)?;
                n.to_string().len()
            }
            Cell::Pct(Some(r)) => {
                self.ws.write_number_with_format(row, col, *r, pct)?;
                6
            }
            Cell::Pct(None) => {
                self.ws.write_string(row, col, "—")?;
                2
            }
        };
        let c = col as usize;
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0);
        }
        self.widths[c] = self.widths[c].max(shown);
        Ok(())
    }

    /// A table with a bold header at `start`; returns the next free row.
    fn table(
        &mut self,
        start: u32,
        header: &[&str],
        rows: Vec<Vec<Cell>>,
        fmt: &Formats,
    ) -> Result<u32> {
        for (c, h) in header.iter().enumerate() {
            self.write(
                start,
                c as u16,
                &Cell::Text(h.to_string()),
                &fmt.bold,
                true,
                &fmt.pct,
            )?;
        }
        let mut r = start + 1;
        for row in rows {
            for (c, cell) in row.iter().enumerate() {
                self.write(r, c as u16, cell, &fmt.bold, false, &fmt.pct)?;
            }
            r += 1;
        }
        Ok(r)
    }

    /// Freezes and filters the header row at row 0 and fits the column widths.
    fn finish(&mut self, columns: u16, last_row: u32) -> Result<()> {
        self.ws.set_freeze_panes(1, 0)?;
        if last_row > 0 && columns > 0 {
            self.ws
                .autofilter(0, 0, last_row.saturating_sub(1).max(1), columns - 1)?;
        }
        for (c, w) in self.widths.iter().enumerate() {
            self.ws
                .set_column_width(c as u16, (*w as f64 + 2.0).clamp(6.0, 80.0))?;
        }
        Ok(())
    }
}

struct Formats {
    bold: Format,
    pct: Format,
}

fn stat_rows(rows: &[StatRow]) -> Vec<Vec<Cell>> {
    rows.iter()
        .map(|r| {
            vec![
                Cell::Text(r.label.clone()),
                Cell::Int(r.required),
                Cell::Int(r.existing),
                Cell::Pct(r.ratio),
            ]
        })
        .collect()
}

/// The workbook as bytes.
pub fn render(t: &Table) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "{}标准体系表",
                t.title.trim_end_matches("标准体系")
            ))
            .set_company(&t.organisation)
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
    );
    let fmt = Formats {
        bold: Format::new().set_bold(),
        pct: Format::new().set_num_format("0.0%"),
    };

    // 结构图: the hierarchy as an indented list.
    {
        let ws = wb.add_worksheet().set_name(SHEETS[0])?;
        let mut sheet = Sheet {
            ws,
            widths: Vec::new(),
        };
        let rows = t
            .structure
            .iter()
            .map(|n| {
                vec![
                    Cell::Text(n.code.clone()),
                    Cell::Text(format!("{}{}", "　".repeat(n.depth), n.name)),
                    Cell::Int(n.depth + 1),
                    Cell::Text(n.category.unwrap_or("").to_string()),
                    Cell::Int(n.existing),
                    Cell::Int(n.required),
                ]
            })
            .collect();
        let end = sheet.table(
            0,
            &["节点代码", "节点名称", "层级", "类别", "现有数", "应有数"],
            rows,
            &fmt,
        )?;
        sheet.finish(6, end)?;
    }
    // 标准明细表
    {
        let ws = wb.add_worksheet().set_name(SHEETS[1])?;
        let mut sheet = Sheet {
            ws,
            widths: Vec::new(),
        };
        let rows = t
            .detail
            .iter()
            .flat_map(|g| g.rows.iter())
            .map(|r| {
                let mut cells: Vec<Cell> = r.cells().into_iter().map(Cell::Text).collect();
                if !r.reference {
                    cells[0] = Cell::Int(r.seq);
                }
                cells
            })
            .collect();
        let end = sheet.table(0, &DETAIL_COLUMNS, rows, &fmt)?;
        sheet.finish(DETAIL_COLUMNS.len() as u16, end)?;
    }
    // 标准统计表: by level, then (below, with its own header) by category.
    {
        let ws = wb.add_worksheet().set_name(SHEETS[2])?;
        let mut sheet = Sheet {
            ws,
            widths: Vec::new(),
        };
        let mut h = STAT_COLUMNS;
        h[0] = "标准级别";
        let end = sheet.table(0, &h, stat_rows(&t.by_level), &fmt)?;
        h[0] = "标准类别";
        let end2 = sheet.table(end + 1, &h, stat_rows(&t.by_category), &fmt)?;
        h[0] = "标准类型";
        let end3 = sheet.table(end2 + 1, &h, stat_rows(&t.by_type), &fmt)?;
        h[0] = "来源";
        sheet.table(end3 + 1, &h, stat_rows(&t.by_origin), &fmt)?;
        sheet.finish(4, end)?;
    }
    // 编制说明
    {
        let ws = wb.add_worksheet().set_name(SHEETS[3])?;
        let mut sheet = Sheet {
            ws,
            widths: Vec::new(),
        };
        let mut rows: Vec<Vec<Cell>> = t
            .summary
            .lines()
            .into_iter()
            .map(|l| vec![Cell::Text("说明".into()), Cell::Text(l)])
            .collect();
        for (title, list) in t.summary.gaps() {
            if list.is_empty() {
                rows.push(vec![Cell::Text(title.to_string()), Cell::Text("无".into())]);
            }
            for x in list {
                rows.push(vec![Cell::Text(title.to_string()), Cell::Text(x.clone())]);
            }
        }
        let end = sheet.table(0, &["项目", "内容"], rows, &fmt)?;
        sheet.finish(2, end)?;
    }
    Ok(wb.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_to_fit_a_cell() {
        assert_eq!(fit_cell("短"), "短");
        let exact = "a".repeat(MAX_CELL);
        assert_eq!(fit_cell(&exact), exact.as_str());
        // Characters outside the BMP count two units; the cut never splits one.
        for text in [
            "a".repeat(MAX_CELL + 1),
            "字".repeat(40_000),
            "😀".repeat(20_000),
        ] {
            let cut = fit_cell(&text);
            assert!(cut.ends_with(CUT_MARK));
            assert!(cut.encode_utf16().count() <= MAX_CELL);
            assert!(cut.encode_utf16().count() > MAX_CELL - CUT_MARK.len() - 2);
        }
    }
}
