//! The first rows of a table with every cell as text, for a caller that has to find the
//! header row itself (an imported 标准明细表 has a title row, or two, above its header, and no
//! personal data). The rows below are then read with [`super::open`] as usual.

use std::io::BufReader;
use std::path::Path;

use calamine::{DataType, Reader as _, Xls, Xlsx};

use super::decode::Decoding;
use super::sheet::{header_text, pick_sheet};
use super::{CsvRows, Kind, OpenError, Options, csv_error, saturate, trim};

/// The first rows of a table.
#[derive(Clone, Debug, PartialEq)]
pub struct Head {
    /// The format, with the CSV encoding actually used.
    pub kind: Kind,
    /// The sheet read (xlsx/xls), else `None`.
    pub sheet: Option<String>,
    /// Every sheet of the workbook, in order (empty for CSV).
    pub sheets: Vec<String>,
    /// The rows read, blank ones included, in order.
    pub rows: Vec<HeadRow>,
}

/// One row of a [`Head`].
#[derive(Clone, Debug, PartialEq)]
pub struct HeadRow {
    /// What [`Options::header_row`] is for this row: the sheet row, or the CSV record number.
    pub row: u32,
    /// The sheet row, or the physical line where the CSV record starts.
    pub line: u32,
    /// The non-blank cells as (1-based column, trimmed text).
    pub cells: Vec<(u32, String)>,
}

/// Reads at most `max_rows` rows from the top of `opts.sheet` (or the first sheet) of the
/// table at `path`. `opts.header_row` is not used.
pub fn head(path: &Path, opts: &Options, max_rows: u32) -> Result<Head, OpenError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !matches!(ext.as_str(), "csv" | "txt" | "xlsx" | "xlsm" | "xls") {
        return Err(OpenError::UnknownFormat(ext));
    }
    let file = crate::files::open_regular(path)?
        .map_err(OpenError::NotAFile)?
        .0;
    match ext.as_str() {
        "csv" | "txt" => csv_head(file, opts, max_rows),
        "xls" => xls_head(file, opts.sheet, max_rows),
        _ => xlsx_head(file, opts.sheet, max_rows),
    }
}

fn csv_head(file: std::fs::File, opts: &Options, max_rows: u32) -> Result<Head, OpenError> {
    let input: Box<dyn std::io::Read + Send> = Box::new(file);
    let (decoding, encoding) = Decoding::new(input, opts.encoding)?;
    let csv = super::csv_reader(decoding, opts);
    let mut rows = CsvRows {
        csv,
        record: csv::ByteRecord::new(),
        header_line: 0,
    };
    let mut out = Vec::new();
    for n in 1..=max_rows {
        if !rows
            .csv
            .read_byte_record(&mut rows.record)
            .map_err(csv_error)?
        {
            break;
        }
        let cells = (rows.record.iter().enumerate())
            .filter_map(|(j, f)| {
                let s = String::from_utf8_lossy(f);
                let t = trim(&s);
                (!t.is_empty()).then(|| (saturate(j as u64 + 1), t.to_owned()))
            })
            .collect();
        out.push(HeadRow {
            row: n,
            line: rows.start_line(),
            cells,
        });
    }
    Ok(Head {
        kind: Kind::Csv { encoding },
        sheet: None,
        sheets: Vec::new(),
        rows: out,
    })
}

/// Rows `0..max_rows` of a sheet from its cells in stream order, blank rows included.
fn collect_rows(cells: Vec<(u32, u32, String)>, max_rows: u32) -> Vec<HeadRow> {
    let last = cells
        .iter()
        .map(|c| c.0 + 1)
        .max()
        .unwrap_or(0)
        .min(max_rows);
    let mut rows: Vec<HeadRow> = (0..last)
        .map(|r| HeadRow {
            row: r + 1,
            line: r + 1,
            cells: Vec::new(),
        })
        .collect();
    for (r, c, text) in cells {
        if let Some(row) = rows.get_mut(r as usize)
            && !text.is_empty()
        {
            row.cells.push((c.saturating_add(1), text));
        }
    }
    for row in &mut rows {
        row.cells.sort_by_key(|c| c.0);
    }
    rows
}

fn xlsx_head(file: std::fs::File, sheet: Option<&str>, max_rows: u32) -> Result<Head, OpenError> {
    let err = |e: calamine::XlsxError| OpenError::Xlsx(e.to_string());
    let mut book = Xlsx::new(BufReader::new(file)).map_err(err)?;
    let sheets = book.sheet_names();
    let sheet = pick_sheet(sheets.clone(), sheet)?;
    let mut cells = Vec::new();
    {
        let mut reader = book.worksheet_cells_reader(&sheet).map_err(err)?;
        while let Some(c) = reader.next_cell().map_err(err)? {
            let (r, col) = c.get_position();
            if r >= max_rows {
                break;
            }
            cells.push((r, col, header_text(c.get_value())));
        }
    }
    Ok(Head {
        kind: Kind::Xlsx,
        sheet: Some(sheet),
        sheets,
        rows: collect_rows(cells, max_rows),
    })
}

fn xls_head(file: std::fs::File, sheet: Option<&str>, max_rows: u32) -> Result<Head, OpenError> {
    let err = |e: calamine::XlsError| OpenError::Xlsx(e.to_string());
    let mut book = Xls::new(BufReader::new(file)).map_err(err)?;
    let sheets = book.sheet_names();
    let sheet = pick_sheet(sheets.clone(), sheet)?;
    let range = book.worksheet_range(&sheet).map_err(err)?;
    let mut cells = Vec::new();
    for (r, c, v) in range.used_cells() {
        let (r, c) = (saturate(r as u64), saturate(c as u64));
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let row = r0.saturating_add(r);
        if row < max_rows && !v.is_empty() {
            cells.push((row, c0.saturating_add(c), header_text(v)));
        }
    }
    Ok(Head {
        kind: Kind::Xls,
        sheet: Some(sheet),
        sheets,
        rows: collect_rows(cells, max_rows),
    })
}
