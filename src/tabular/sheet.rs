//! Workbooks: XLSX streamed cell by cell, XLS read as one range (BIFF has no streaming reader
//! in calamine, and an .xls holds at most 65 536 rows).
//!
//! calamine's XLSX cell reader borrows the workbook, so a [`super::Reader`] cannot hold both;
//! the workbook lives on a worker thread instead, which sends finished rows in small batches
//! through a bounded channel: memory stays flat however long the sheet.

use std::io::BufReader;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use calamine::{Data, DataType, ExcelDateTime, ExcelDateTimeType, Range, Xls, Xlsx};

use super::{Cell, OpenError, ReadError, Row, is_blank_str, match_headers, set_text};

/// Rows per message from the worker.
const BATCH: usize = 256;

type XlsxBook = Xlsx<BufReader<std::fs::File>>;

/// The sheet to read: the one named, else the first; an unknown name lists the sheets.
pub(super) fn pick_sheet(names: Vec<String>, wanted: Option<&str>) -> Result<String, OpenError> {
    match wanted {
        Some(w) if names.iter().any(|n| n == w) => Ok(w.to_owned()),
        Some(w) => Err(OpenError::UnknownSheet {
            sheet: w.to_owned(),
            sheets: names,
        }),
        None => names.into_iter().next().ok_or(OpenError::UnknownSheet {
            sheet: String::new(),
            sheets: Vec::new(),
        }),
    }
}

/// What the XLSX worker sends.
enum Msg {
    /// The columns of the wanted headers, first and once.
    Header(Result<Vec<u32>, OpenError>),
    Rows(Vec<Row>),
    End,
    Failed(String),
}

/// The reading end of an XLSX worker.
pub(super) struct XlsxRows {
    rx: Receiver<Msg>,
    batch: std::vec::IntoIter<Row>,
    done: bool,
}

/// Starts the worker on `sheet` of `book`; returns once it has matched the header row.
fn open_xlsx(
    book: XlsxBook,
    sheet: String,
    header_row: u32,
    wanted: &[&str],
) -> Result<(XlsxRows, Vec<u32>), OpenError> {
    let (tx, rx) = sync_channel(4);
    let wanted: Vec<String> = wanted.iter().map(|&w| w.to_owned()).collect();
    std::thread::Builder::new()
        .name("tabular-xlsx".into())
        .spawn(move || xlsx_worker(book, &sheet, header_row, &wanted, &tx))
        .map_err(OpenError::Io)?;
    let columns = match rx.recv() {
        Ok(Msg::Header(h)) => h?,
        _ => return Err(OpenError::Xlsx(STOPPED.into())),
    };
    let rows = XlsxRows {
        rx,
        batch: Vec::new().into_iter(),
        done: false,
    };
    Ok((rows, columns))
}

const STOPPED: &str = "the worksheet reader stopped unexpectedly";

impl XlsxRows {
    pub fn next_row(&mut self, row: &mut Row) -> Result<bool, ReadError> {
        loop {
            if let Some(r) = self.batch.next() {
                *row = r;
                return Ok(true);
            }
            if self.done {
                return Ok(false);
            }
            match self.rx.recv() {
                Ok(Msg::Rows(b)) => self.batch = b.into_iter(),
                Ok(Msg::End) => self.done = true,
                Ok(Msg::Failed(e)) => {
                    self.done = true;
                    return Err(ReadError::Xlsx(e));
                }
                Ok(Msg::Header(_)) | Err(_) => {
                    self.done = true;
                    return Err(ReadError::Xlsx(STOPPED.into()));
                }
            }
        }
    }
}

/// The worker: header row, then rows of the wanted columns. Stops when the reader is dropped
/// (a send fails).
fn xlsx_worker(
    mut book: XlsxBook,
    sheet: &str,
    header_row: u32,
    wanted: &[String],
    tx: &SyncSender<Msg>,
) {
    let fail = |e: calamine::XlsxError| Msg::Header(Err(OpenError::Xlsx(e.to_string())));
    let mut cells = match book.worksheet_cells_reader(sheet) {
        Ok(c) => c,
        Err(e) => {
            let _ = tx.send(fail(e));
            return;
        }
    };
    let at = header_row.max(1) - 1;
    let mut header = Vec::new();
    let mut pending = None;
    loop {
        match cells.next_cell() {
            Ok(Some(c)) => {
                let (r, col) = c.get_position();
                if r == at {
                    header.push((col.saturating_add(1), header_text(c.get_value())));
                } else if r > at {
                    pending = Some(c);
                    break;
                }
            }
            Ok(None) => break,
            Err(e) => {
                let _ = tx.send(fail(e));
                return;
            }
        }
    }
    if header.is_empty() && pending.is_none() {
        let _ = tx.send(Msg::Header(Err(OpenError::NoHeader)));
        return;
    }
    let wanted: Vec<&str> = wanted.iter().map(String::as_str).collect();
    let line = at.saturating_add(1);
    let columns = match match_headers(header.iter().map(|(c, s)| (*c, s.as_str())), line, &wanted) {
        Ok(c) => c,
        Err(e) => {
            let _ = tx.send(Msg::Header(Err(e)));
            return;
        }
    };
    let mut rows = Assembler::new(&columns);
    if tx.send(Msg::Header(Ok(columns))).is_err() {
        return;
    }
    let mut batch = Vec::with_capacity(BATCH);
    let mut next = pending;
    loop {
        let cell = match next.take() {
            Some(c) => c,
            None => match cells.next_cell() {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(e) => {
                    let _ = tx.send(Msg::Failed(e.to_string()));
                    return;
                }
            },
        };
        let (r, col) = cell.get_position();
        if let Some(row) = rows.push(r, col, cell.get_value()) {
            batch.push(row);
            if batch.len() >= BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                if tx.send(Msg::Rows(full)).is_err() {
                    return;
                }
            }
        }
    }
    batch.extend(rows.finish());
    if !batch.is_empty() && tx.send(Msg::Rows(batch)).is_err() {
        return;
    }
    let _ = tx.send(Msg::End);
}

/// Opens the XLSX workbook in `file` and starts reading `sheet` (or the first).
pub(super) fn open_xlsx_file(
    file: std::fs::File,
    sheet: Option<&str>,
    header_row: u32,
    wanted: &[&str],
) -> Result<(XlsxRows, Vec<u32>, String), OpenError> {
    use calamine::Reader as _;
    let book: XlsxBook =
        Xlsx::new(BufReader::new(file)).map_err(|e| OpenError::Xlsx(e.to_string()))?;
    let sheet = pick_sheet(book.sheet_names(), sheet)?;
    let (rows, columns) = open_xlsx(book, sheet.clone(), header_row, wanted)?;
    Ok((rows, columns, sheet))
}

/// Gathers the cells of one sheet row (in stream order) into a [`Row`] of the wanted columns.
struct Assembler {
    /// Wanted indices by 0-based column.
    by_col: Vec<Vec<usize>>,
    current: Option<u32>,
    cells: Vec<Cell>,
    /// Whether the current row has a non-blank cell (in any column).
    any: bool,
}

impl Assembler {
    fn new(columns: &[u32]) -> Self {
        let width = columns.iter().copied().max().unwrap_or(0) as usize;
        let mut by_col = vec![Vec::new(); width];
        for (i, &c) in columns.iter().enumerate() {
            if let Some(slot) = (c as usize).checked_sub(1).and_then(|c| by_col.get_mut(c)) {
                slot.push(i);
            }
        }
        let cells = vec![Cell::Empty; columns.len()];
        Assembler {
            by_col,
            current: None,
            cells,
            any: false,
        }
    }

    /// Takes the cell at 0-based (`row`, `col`); returns the previous row when this one starts
    /// a new row.
    fn push<T: DataType>(&mut self, row: u32, col: u32, v: &T) -> Option<Row> {
        let done = if self.current != Some(row) {
            let done = self.finish();
            self.current = Some(row);
            done
        } else {
            None
        };
        if !is_blank(v) {
            self.any = true;
            for &i in self.by_col.get(col as usize).into_iter().flatten() {
                to_cell(v, &mut self.cells[i]);
            }
        }
        done
    }

    /// The row gathered so far, unless all its cells are blank.
    fn finish(&mut self) -> Option<Row> {
        let line = self.current.take()?.saturating_add(1);
        if !std::mem::take(&mut self.any) {
            return None;
        }
        let fresh = vec![Cell::Empty; self.cells.len()];
        let cells = std::mem::replace(&mut self.cells, fresh);
        Some(Row { line, cells })
    }
}

/// An XLS sheet, held whole, read row by row.
pub(super) struct XlsRows {
    range: Range<Data>,
    /// 0-based absolute row of the range's first row.
    row0: u32,
    /// Column of each wanted header relative to the range.
    rel: Vec<Option<usize>>,
    next: usize,
}

/// Opens the XLS workbook in `file` and reads `sheet` (or the first).
pub(super) fn open_xls_file(
    file: std::fs::File,
    sheet: Option<&str>,
    header_row: u32,
    wanted: &[&str],
) -> Result<(XlsRows, Vec<u32>, String), OpenError> {
    use calamine::Reader as _;
    let xlsx = |e: calamine::XlsError| OpenError::Xlsx(e.to_string());
    let mut book = Xls::new(BufReader::new(file)).map_err(xlsx)?;
    let sheet = pick_sheet(book.sheet_names(), sheet)?;
    let range = book.worksheet_range(&sheet).map_err(xlsx)?;
    let (Some((r0, c0)), Some((r1, _))) = (range.start(), range.end()) else {
        return Err(OpenError::NoHeader);
    };
    let at = header_row.max(1) - 1;
    if at > r1 {
        return Err(OpenError::NoHeader);
    }
    let (header, next) = match at.checked_sub(r0) {
        None => (Vec::new(), 0),
        Some(rel) => {
            let rel = rel as usize;
            let header = (0..range.width())
                .filter_map(|c| {
                    let v = range.get((rel, c)).filter(|v| !v.is_empty())?;
                    let col = c0.saturating_add(c as u32).saturating_add(1);
                    Some((col, header_text(v)))
                })
                .collect();
            (header, rel + 1)
        }
    };
    let line = at.saturating_add(1);
    let columns = match_headers(header.iter().map(|(c, s)| (*c, s.as_str())), line, wanted)?;
    let rel = columns
        .iter()
        .map(|&c| c.checked_sub(1)?.checked_sub(c0).map(|c| c as usize))
        .collect();
    Ok((
        XlsRows {
            range,
            row0: r0,
            rel,
            next,
        },
        columns,
        sheet,
    ))
}

impl XlsRows {
    pub fn next_row(&mut self, row: &mut Row) -> Result<bool, ReadError> {
        let (height, width) = self.range.get_size();
        while self.next < height {
            let r = self.next;
            self.next += 1;
            if (0..width).all(|c| self.range.get((r, c)).is_none_or(is_blank)) {
                continue;
            }
            let line = u32::try_from(r)
                .unwrap_or(u32::MAX)
                .saturating_add(self.row0);
            row.line = line.saturating_add(1);
            row.cells.resize(self.rel.len(), Cell::Empty);
            for (cell, rel) in row.cells.iter_mut().zip(&self.rel) {
                match rel.and_then(|c| self.range.get((r, c))) {
                    Some(v) => to_cell(v, cell),
                    None => *cell = Cell::Empty,
                }
            }
            return Ok(true);
        }
        Ok(false)
    }
}

/// An empty cell or a string of whitespace only.
fn is_blank<T: DataType>(v: &T) -> bool {
    v.is_empty() || v.get_string().is_some_and(is_blank_str)
}

/// A header cell as text (a header may be a number, a date…).
pub(super) fn header_text<T: DataType>(v: &T) -> String {
    let mut cell = Cell::Empty;
    to_cell(v, &mut cell);
    cell.to_string()
}

/// Converts one calamine value into `out`, reusing its text buffer.
pub(super) fn to_cell<T: DataType>(v: &T, out: &mut Cell) {
    if let Some(s) = v.get_string() {
        set_text(out, s);
    } else if let Some(f) = v.get_float() {
        *out = Cell::Number(f);
    } else if let Some(i) = v.get_int() {
        *out = Cell::Number(i as f64);
    } else if let Some(b) = v.get_bool() {
        *out = Cell::Bool(b);
    } else if let Some(d) = v.get_datetime() {
        *out = excel_cell(d);
    } else if let Some(s) = v.get_datetime_iso() {
        *out = match iso_datetime(s) {
            Some(d) => Cell::DateTime(d),
            None => {
                set_text(out, s);
                return;
            }
        };
    } else if let Some(s) = v.get_duration_iso() {
        set_text(out, s);
    } else if let Some(e) = v.get_error() {
        set_text(out, &e.to_string());
    } else {
        *out = Cell::Empty;
    }
}

/// An ISO 8601 date or date-time (cells of type `d`).
fn iso_datetime(s: &str) -> Option<jiff::civil::DateTime> {
    let s = s.trim();
    s.parse::<jiff::civil::DateTime>().ok().or_else(|| {
        s.parse::<jiff::civil::Date>()
            .ok()
            .map(|d| d.at(0, 0, 0, 0))
    })
}

/// A date-formatted cell: a [`Cell::DateTime`]; a duration (`[h]:mm`) or a serial out of range
/// stays the number (of days) it is.
fn excel_cell(d: ExcelDateTime) -> Cell {
    let v = d.as_f64();
    if d.is_duration() {
        return Cell::Number(v);
    }
    // calamine keeps the workbook's date system private; equality tells it.
    let is_1904 = d == ExcelDateTime::new(v, ExcelDateTimeType::DateTime, true);
    excel_serial(v, is_1904).map_or(Cell::Number(v), Cell::DateTime)
}

/// The date-time of an Excel serial number, rounded to the second. In the 1900 system serial 1
/// is 1900-01-01, and serials from 61 on count Excel's fictitious 1900-02-29 (so their base is
/// 1899-12-30; serial 60 falls on 1900-02-28). In the 1904 system serial 0 is 1904-01-01.
/// `None` for a negative, non-finite or too large serial.
pub fn excel_serial(serial: f64, is_1904: bool) -> Option<jiff::civil::DateTime> {
    if !(serial.is_finite() && (0.0..3.0e6).contains(&serial)) {
        return None;
    }
    let secs = (serial * 86_400.0).round() as i64;
    let base = if is_1904 {
        jiff::civil::date(1904, 1, 1)
    } else if secs < 60 * 86_400 {
        jiff::civil::date(1899, 12, 31)
    } else {
        jiff::civil::date(1899, 12, 30)
    };
    base.at(0, 0, 0, 0)
        .checked_add(jiff::SignedDuration::from_secs(secs))
        .ok()
}
