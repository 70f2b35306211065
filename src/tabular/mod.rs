//! Streaming reader of the case and evaluation exports (CSV in any of the encodings Excel
//! writes, XLSX and XLS): only the mapped columns are read.
//!
//! The exports carry personal data (names, ID numbers, phones) in columns stdkit has no use
//! for; those cells are never converted, stored or copied: only the `wanted` headers become
//! [`Cell`]s. Files of millions of rows are read row by row with reused buffers, never whole
//! (except an .xls, at most 65 536 rows, which calamine cannot stream).
//!
//! A leaf above [`crate::files`]: it knows tables, nothing of cases.

mod decode;
mod head;
mod sheet;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::fs::FileType;
use std::io::{self, Read};
use std::path::Path;

use decode::{Decoding, Malformed};
pub use head::{Head, HeadRow, head};
pub use sheet::excel_serial;

/// The text encoding of a CSV file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    /// A BOM decides, else UTF-8 if the first 64 KiB are valid UTF-8, else GB18030.
    #[default]
    Auto,
    Utf8,
    /// What Excel writes on Chinese Windows ("ANSI").
    Gb18030,
    /// Little-endian unless a BOM says otherwise.
    Utf16,
}

impl Encoding {
    /// The name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Auto => "auto",
            Encoding::Utf8 => "UTF-8",
            Encoding::Gb18030 => "GB18030",
            Encoding::Utf16 => "UTF-16",
        }
    }
}

/// How to read a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options<'a> {
    /// xlsx/xls: the sheet's name; `None` for the first sheet.
    pub sheet: Option<&'a str>,
    /// 1-based row of the header (CSV: record number, not physical line); 0 counts as 1.
    pub header_row: u32,
    /// CSV only.
    pub encoding: Encoding,
    /// CSV only.
    pub delimiter: u8,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            sheet: None,
            header_row: 1,
            encoding: Encoding::Auto,
            delimiter: b',',
        }
    }
}

/// The format of an opened table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// With the encoding actually used (never `Auto`).
    Csv {
        encoding: Encoding,
    },
    Xlsx,
    Xls,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::Csv { encoding } => write!(f, "CSV ({})", encoding.name()),
            Kind::Xlsx => f.write_str("XLSX"),
            Kind::Xls => f.write_str("XLS"),
        }
    }
}

/// One cell of a wanted column.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Cell {
    /// Absent, empty or whitespace only.
    #[default]
    Empty,
    /// Trimmed, never empty.
    Text(String),
    /// A date-formatted spreadsheet cell (CSV dates are text: their format is the caller's).
    DateTime(jiff::civil::DateTime),
    /// A spreadsheet number (integers too: see [`Cell::as_int`]).
    Number(f64),
    Bool(bool),
}

impl Cell {
    /// The text of a [`Cell::Text`].
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Cell::Text(s) => Some(s),
            _ => None,
        }
    }

    /// An integer: an integer-valued number, or a text of an integer (a CSV cell).
    pub fn as_int(&self) -> Option<i64> {
        match self {
            // The range check keeps the cast exact.
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Some(*n as i64),
            Cell::Text(s) => s.parse().ok(),
            _ => None,
        }
    }
}

/// As written by [`strip`]: numbers in their shortest form (integers without `.0`), booleans
/// TRUE/FALSE, date-times `YYYY-MM-DD HH:MM:SS`.
impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Empty => Ok(()),
            Cell::Text(s) => f.write_str(s),
            Cell::Number(n) => write!(f, "{n}"),
            Cell::Bool(b) => f.write_str(if *b { "TRUE" } else { "FALSE" }),
            Cell::DateTime(d) => write!(
                f,
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                d.year(),
                d.month(),
                d.day(),
                d.hour(),
                d.minute(),
                d.second()
            ),
        }
    }
}

/// One data row: the wanted cells, in the order of `wanted`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Row {
    /// 1-based: the sheet row, or the physical line where the CSV record starts.
    pub line: u32,
    pub cells: Vec<Cell>,
}

/// A cell's position, 1-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// A table opened for reading the `wanted` headers only.
pub struct Reader {
    kind: Kind,
    sheet: Option<String>,
    header_line: u32,
    columns: Vec<u32>,
    rows: Rows,
    digest: std::sync::Arc<std::sync::OnceLock<u128>>,
}

enum Rows {
    Csv(Box<CsvPipe>),
    Xlsx(sheet::XlsxRows),
    Xls(Box<sheet::XlsRows>),
}

/// Opens the table at `path` (format by extension: .csv/.txt, .xlsx/.xlsm, .xls) and finds the
/// `wanted` headers in its header row. Every missing or repeated header is reported at once.
pub fn open(path: &Path, opts: &Options, wanted: &[&str]) -> Result<Reader, OpenError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let format = match ext.as_str() {
        "csv" | "txt" => Kind::Csv {
            encoding: opts.encoding,
        },
        "xlsx" | "xlsm" => Kind::Xlsx,
        "xls" => Kind::Xls,
        _ => return Err(OpenError::UnknownFormat(ext)),
    };
    let file = crate::files::open_regular(path)?
        .map_err(OpenError::NotAFile)?
        .0;
    let digest = std::sync::Arc::new(std::sync::OnceLock::new());
    let (kind, sheet, columns, rows) = match format {
        Kind::Csv { .. } => {
            let file = Hashing {
                inner: file,
                state: Box::new(xxhash_rust::xxh3::Xxh3::new()),
                out: digest.clone(),
            };
            let (rows, columns, encoding) = open_csv(Box::new(file), opts, wanted)?;
            let pipe = CsvPipe::start(rows, columns.clone());
            (
                Kind::Csv { encoding },
                None,
                columns,
                Rows::Csv(Box::new(pipe)),
            )
        }
        Kind::Xlsx => {
            let (rows, columns, sheet) =
                sheet::open_xlsx_file(file, opts.sheet, opts.header_row, wanted)?;
            (Kind::Xlsx, Some(sheet), columns, Rows::Xlsx(rows))
        }
        Kind::Xls => {
            let (rows, columns, sheet) =
                sheet::open_xls_file(file, opts.sheet, opts.header_row, wanted)?;
            (Kind::Xls, Some(sheet), columns, Rows::Xls(Box::new(rows)))
        }
    };
    let header_line = match &rows {
        Rows::Csv(c) => c.header_line,
        _ => opts.header_row.max(1),
    };
    Ok(Reader {
        kind,
        sheet,
        header_line,
        columns,
        rows,
        digest,
    })
}

/// A CSV file's bytes hashed as they are read (xxh3-128), for a cache of what was read from
/// them: the hash is of exactly the bytes parsed, at no extra read.
struct Hashing<R> {
    inner: R,
    state: Box<xxhash_rust::xxh3::Xxh3>,
    out: std::sync::Arc<std::sync::OnceLock<u128>>,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        match n {
            0 => {
                let _ = self.out.set(self.state.digest128());
            }
            _ => self.state.update(&buf[..n]),
        }
        Ok(n)
    }
}

/// Where a reader's [`Reader::content_hash`] appears once the file has been read to its end.
#[derive(Clone, Debug)]
pub struct Digest(std::sync::Arc<std::sync::OnceLock<u128>>);

impl Digest {
    /// The xxh3-128 of the whole file, once it has been read to the end (CSV only).
    pub fn get(&self) -> Option<u128> {
        self.0.get().copied()
    }
}

impl Reader {
    /// The format: `Csv { encoding actually used }`, `Xlsx` or `Xls`; for messages.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The sheet read (xlsx/xls), else `None`.
    pub fn sheet(&self) -> Option<&str> {
        self.sheet.as_deref()
    }

    /// A CSV file's content hash (xxh3-128 of all its bytes), there once the rows have been
    /// read to the end without an error; never for a workbook.
    pub fn digest(&self) -> Digest {
        Digest(self.digest.clone())
    }

    /// 1-based column of `wanted[i]` (CSV: field number; XLSX: A = 1). Panics if `i` is not
    /// an index of `wanted`.
    pub fn column(&self, i: usize) -> u32 {
        self.columns[i]
    }

    /// Position of the header cell of `wanted[i]`. Panics if `i` is not an index of `wanted`.
    pub fn header_pos(&self, i: usize) -> Pos {
        Pos {
            line: self.header_line,
            column: self.columns[i],
        }
    }

    /// Reads the next data row into `row`, reusing its buffers; `Ok(false)` at the end. Rows
    /// whose every cell (wanted or not) is empty are skipped.
    pub fn next_row(&mut self, row: &mut Row) -> Result<bool, ReadError> {
        match &mut self.rows {
            Rows::Csv(c) => c.next_row(row),
            Rows::Xlsx(x) => x.next_row(row),
            Rows::Xls(x) => x.next_row(row),
        }
    }
}

/// A CSV file being read: the decoder under the csv reader, one reused record.
struct CsvRows {
    csv: csv::Reader<Decoding<Box<dyn Read + Send>>>,
    record: csv::ByteRecord,
    header_line: u32,
}

/// Sets up decoding and parsing of `input`, reads up to the header record and matches it.
/// The CSV reader every read of an export uses (`open`, `head`), so that record numbers and
/// lines agree between them.
pub(super) fn csv_reader<R: Read>(input: R, opts: &Options) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(opts.delimiter)
        // CR is data (trimmed away with the other whitespace): with CRLF as terminator the
        // record after a CRLF would be counted from the line before (see `start_line`).
        .terminator(csv::Terminator::Any(b'\n'))
        .buffer_capacity(64 * 1024)
        .from_reader(input)
}

fn open_csv(
    input: Box<dyn Read + Send>,
    opts: &Options,
    wanted: &[&str],
) -> Result<(CsvRows, Vec<u32>, Encoding), OpenError> {
    let (decoding, encoding) = Decoding::new(input, opts.encoding)?;
    let csv = csv_reader(decoding, opts);
    let mut rows = CsvRows {
        csv,
        record: csv::ByteRecord::new(),
        header_line: 0,
    };
    for _ in 0..opts.header_row.max(1) {
        match rows.csv.read_byte_record(&mut rows.record) {
            Ok(true) => {}
            Ok(false) => return Err(OpenError::NoHeader),
            Err(e) => return Err(csv_error(e).into()),
        }
    }
    rows.header_line = rows.start_line();
    let header: Vec<(u32, Cow<str>)> = (rows.record.iter().enumerate())
        .map(|(j, f)| (saturate(j as u64 + 1), String::from_utf8_lossy(f)))
        .collect();
    let header = header.iter().map(|(c, s)| (*c, s.as_ref()));
    let columns = match_headers(header, rows.header_line, wanted)?;
    Ok((rows, columns, encoding))
}

impl CsvRows {
    /// The physical line where the record just read starts. Not `record.position()`: that is
    /// where the reader stood before it, i.e. before the blank lines csv skips. Counted back
    /// from the reader's position instead: minus the newlines inside quoted fields, minus the
    /// terminating newline unless the stream ended without one.
    fn start_line(&self) -> u32 {
        let at = self.csv.position();
        let inside = self
            .record
            .as_slice()
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        let end = u64::from(!self.csv.get_ref().ends_unterminated_at(at.byte()));
        saturate(at.line().saturating_sub(inside + end).max(1))
    }

    /// Reads the next non-blank record into `b`: its line and its wanted fields, trimmed.
    fn next_into(&mut self, columns: &[u32], b: &mut Batch) -> Result<bool, ReadError> {
        loop {
            if !self
                .csv
                .read_byte_record(&mut self.record)
                .map_err(csv_error)?
            {
                return Ok(false);
            }
            if self.record.iter().all(is_blank_bytes) {
                continue;
            }
            b.lines.push(self.start_line());
            for &col in columns {
                let start = b.text.len();
                if let Some(f) = self.record.get((col as usize).saturating_sub(1)) {
                    // The decoder delivers valid UTF-8; a field is cut only at a delimiter.
                    match std::str::from_utf8(f) {
                        Ok(s) => b.text.push_str(trim(s)),
                        Err(_) => b.text.push_str(trim(&String::from_utf8_lossy(f))),
                    }
                }
                let len = b.text.len() - start;
                b.cells.push((saturate(start as u64), saturate(len as u64)));
            }
            return Ok(true);
        }
    }
}

/// Rows of the wanted columns, trimmed, for a batch of records: one string and the ranges in it.
#[derive(Default)]
struct Batch {
    text: String,
    /// `columns.len()` ranges per row
    cells: Vec<(u32, u32)>,
    lines: Vec<u32>,
}

/// Records per batch: large enough that the channel costs nothing per row, small enough that a
/// batch stays in the cache.
const BATCH: usize = 2048;

/// The CSV read on a thread of its own (decoding, parsing, picking and trimming the wanted
/// fields) while the caller converts the rows: the two halves of reading a million-row export
/// run on two cores. Batches pass through a channel of four, so memory stays bounded.
struct CsvPipe {
    rx: std::sync::mpsc::Receiver<Result<Batch, ReadError>>,
    batch: Batch,
    /// The next row of `batch`
    at: usize,
    width: usize,
    header_line: u32,
    /// Set once the thread has ended (the end of the file, or an error delivered).
    done: bool,
}

impl CsvPipe {
    fn start(mut rows: CsvRows, columns: Vec<u32>) -> CsvPipe {
        let width = columns.len();
        let header_line = rows.header_line;
        let (tx, rx) = std::sync::mpsc::sync_channel(4);
        std::thread::spawn(move || {
            let run = std::panic::AssertUnwindSafe(|| {
                loop {
                    let mut b = Batch::default();
                    let mut end = None;
                    for _ in 0..BATCH {
                        match rows.next_into(&columns, &mut b) {
                            Ok(true) => {}
                            Ok(false) => {
                                end = Some(None);
                                break;
                            }
                            Err(e) => {
                                end = Some(Some(e));
                                break;
                            }
                        }
                    }
                    if !b.lines.is_empty() && tx.send(Ok(b)).is_err() {
                        return; // the reader was dropped
                    }
                    match end {
                        None => {}
                        Some(None) => return,
                        Some(Some(e)) => {
                            let _ = tx.send(Err(e));
                            return;
                        }
                    }
                }
            });
            if std::panic::catch_unwind(run).is_err() {
                let _ = tx.send(Err(ReadError::Csv {
                    line: 0,
                    message: "the CSV reader stopped unexpectedly".into(),
                }));
            }
        });
        CsvPipe {
            rx,
            batch: Batch::default(),
            at: 0,
            width,
            header_line,
            done: false,
        }
    }

    fn next_row(&mut self, row: &mut Row) -> Result<bool, ReadError> {
        while self.at >= self.batch.lines.len() {
            if self.done {
                return Ok(false);
            }
            match self.rx.recv() {
                Ok(Ok(b)) => {
                    self.batch = b;
                    self.at = 0;
                }
                Ok(Err(e)) => {
                    self.done = true;
                    return Err(e);
                }
                Err(_) => {
                    self.done = true;
                    return Ok(false);
                }
            }
        }
        let b = &self.batch;
        row.line = b.lines[self.at];
        row.cells.resize(self.width, Cell::Empty);
        let ranges = &b.cells[self.at * self.width..(self.at + 1) * self.width];
        for (cell, &(start, len)) in row.cells.iter_mut().zip(ranges) {
            let t = &b.text[start as usize..(start + len) as usize];
            set_text(cell, t);
        }
        self.at += 1;
        Ok(true)
    }
}

/// A csv error as a [`ReadError`]: a decoding failure comes back through the csv reader as an
/// I/O error.
fn csv_error(e: csv::Error) -> ReadError {
    let line = e.position().map_or(0, |p| saturate(p.line()));
    let message = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(io) => match Malformed::of(&io) {
            Some(m) => ReadError::Decode {
                line: m.line,
                encoding: m.encoding,
            },
            None => ReadError::Io(io),
        },
        _ => ReadError::Csv { line, message },
    }
}

fn saturate(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Trims whitespace (U+3000 included) and BOMs.
fn trim(s: &str) -> &str {
    // Most cells start and end with a printable ASCII byte: nothing to trim, no char walk.
    let b = s.as_bytes();
    let plain = |x: Option<&u8>| x.is_some_and(|x| x.is_ascii_graphic());
    if plain(b.first()) && plain(b.last()) {
        return s;
    }
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

fn is_blank_str(s: &str) -> bool {
    trim(s).is_empty()
}

/// A CSV field that is empty or whitespace; most fields are told by their first byte that is
/// not ASCII whitespace, without looking further (nor copying).
fn is_blank_bytes(f: &[u8]) -> bool {
    match f.iter().position(|b| !b.is_ascii_whitespace()) {
        None => true,
        Some(i) if f[i].is_ascii() => false,
        Some(i) => std::str::from_utf8(&f[i..]).is_ok_and(is_blank_str),
    }
}

/// Sets `cell` to the trimmed `s`, reusing its buffer; blank → [`Cell::Empty`].
fn set_text(cell: &mut Cell, s: &str) {
    let t = trim(s);
    match cell {
        _ if t.is_empty() => *cell = Cell::Empty,
        Cell::Text(buf) => {
            buf.clear();
            buf.push_str(t);
        }
        _ => *cell = Cell::Text(t.to_owned()),
    }
}

/// The 1-based column of each wanted header in the header row `(column, text)` at `line`;
/// every missing and repeated one in a single [`OpenError::Headers`].
fn match_headers<'h>(
    header: impl IntoIterator<Item = (u32, &'h str)>,
    line: u32,
    wanted: &[&str],
) -> Result<Vec<u32>, OpenError> {
    let header: Vec<(u32, &str)> = header.into_iter().map(|(c, s)| (c, trim(s))).collect();
    let (mut missing, mut repeated) = (Vec::<String>::new(), Vec::<(String, Pos, Pos)>::new());
    let mut columns = Vec::with_capacity(wanted.len());
    for w in wanted.iter().map(|w| trim(w)) {
        let mut hits = header.iter().filter(|(_, h)| *h == w).map(|(c, _)| *c);
        match (hits.next(), hits.next()) {
            (Some(c), None) => columns.push(c),
            (None, _) if !missing.iter().any(|m| m == w) => missing.push(w.to_owned()),
            (Some(a), Some(b)) if !repeated.iter().any(|r| r.0 == w) => {
                let pos = |column| Pos { line, column };
                repeated.push((w.to_owned(), pos(a), pos(b)));
            }
            _ => {}
        }
    }
    if missing.is_empty() && repeated.is_empty() {
        Ok(columns)
    } else {
        Err(OpenError::Headers { missing, repeated })
    }
}

/// `办件明细!F17` for sheet 办件明细, row 17, column 6. A name with spaces or punctuation is
/// quoted as Excel does: `'Case list'!F17`.
pub fn cell_ref(sheet: &str, line: u32, column: u32) -> String {
    let plain = sheet
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        && !sheet.starts_with(|c: char| c.is_ascii_digit());
    let letters = column_letters(column);
    if plain {
        format!("{sheet}!{letters}{line}")
    } else {
        format!("'{}'!{letters}{line}", sheet.replace('\'', "''"))
    }
}

/// Column letters: 1 → `A`, 26 → `Z`, 27 → `AA`; 0 → empty.
pub fn column_letters(column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = column;
    while n > 0 {
        n -= 1;
        letters.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    letters.iter().rev().map(|&b| b as char).collect()
}

/// Whether a value looks like personal data: an 18-character 居民身份证号码 with a valid
/// GB 11643-1999 check character, or a mainland mobile number (`1[3-9]` and 9 more digits).
/// For guarding against a mapping that names a personal column by mistake.
pub fn looks_personal(s: &str) -> bool {
    let b = trim(s).as_bytes();
    match b.len() {
        18 => {
            const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
            let (body, check) = b.split_at(17);
            if !body.iter().all(u8::is_ascii_digit) {
                return false;
            }
            let sum: u32 = body
                .iter()
                .zip(WEIGHTS)
                .map(|(d, w)| u32::from(d - b'0') * w)
                .sum();
            b"10X98765432"[(sum % 11) as usize] == check[0].to_ascii_uppercase()
        }
        11 => b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && b.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

/// Writes the wanted columns of `reader` as CSV (UTF-8 with BOM, so Excel opens it right;
/// comma, LF, quoting as needed): the `headers` line, then each row's cells as [`Cell`]
/// displays them. The engine of `stdkit cases strip`. Returns the number of data rows.
pub fn strip(
    reader: &mut Reader,
    headers: &[&str],
    mut out: impl io::Write,
) -> Result<u64, ReadError> {
    let write = |e: csv::Error| {
        let message = e.to_string();
        match e.into_kind() {
            csv::ErrorKind::Io(e) => ReadError::Io(e),
            _ => ReadError::Io(io::Error::other(message)),
        }
    };
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    w.write_record(headers).map_err(write)?;
    let (mut row, mut fields, mut n) = (Row::default(), Vec::<String>::new(), 0);
    while reader.next_row(&mut row)? {
        fields.resize_with(row.cells.len(), String::new);
        for (f, c) in fields.iter_mut().zip(&row.cells) {
            f.clear();
            let _ = write!(f, "{c}");
        }
        w.write_record(&fields).map_err(write)?;
        n += 1;
    }
    w.flush()?;
    Ok(n)
}

/// Why a table could not be opened.
#[derive(Debug)]
pub enum OpenError {
    Io(io::Error),
    /// A folder, FIFO, device… (never opened for reading: a FIFO would block).
    NotAFile(FileType),
    /// The extension, lowercased (empty if none).
    UnknownFormat(String),
    UnknownSheet {
        sheet: String,
        sheets: Vec<String>,
    },
    /// An invalid byte sequence in the records up to the header (one further down is reported
    /// by [`Reader::next_row`], after the rows before it).
    Decode {
        line: u32,
        encoding: &'static str,
    },
    /// Wanted headers absent, or present twice (header, first, second).
    Headers {
        missing: Vec<String>,
        repeated: Vec<(String, Pos, Pos)>,
    },
    /// The file is shorter than `header_row`.
    NoHeader,
    /// A malformed CSV record before the header (not produced in practice: records are read
    /// flexibly, as bytes).
    Csv {
        line: u32,
        message: String,
    },
    /// calamine's error text.
    Xlsx(String),
}

/// Why the next row could not be read.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    Decode { line: u32, encoding: &'static str },
    Csv { line: u32, message: String },
    Xlsx(String),
}

impl From<io::Error> for OpenError {
    fn from(e: io::Error) -> Self {
        OpenError::Io(e)
    }
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        ReadError::Io(e)
    }
}

impl From<ReadError> for OpenError {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::Io(e) => OpenError::Io(e),
            ReadError::Decode { line, encoding } => OpenError::Decode { line, encoding },
            ReadError::Csv { line, message } => OpenError::Csv { line, message },
            ReadError::Xlsx(s) => OpenError::Xlsx(s),
        }
    }
}

/// What a non-regular file is, in English and Chinese.
fn file_type_names(t: FileType) -> (&'static str, &'static str) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return ("a FIFO", "命名管道");
        }
        if t.is_socket() {
            return ("a socket", "套接字");
        }
        if t.is_char_device() || t.is_block_device() {
            return ("a device", "设备文件");
        }
    }
    if t.is_dir() {
        ("a folder", "文件夹")
    } else {
        ("not a file", "非文件")
    }
}

fn quoted_list(items: &[String], sep: &str) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(sep)
}

impl OpenError {
    /// The message in Chinese.
    pub fn zh(&self) -> String {
        match self {
            OpenError::Io(e) => format!("无法读取文件：{e}"),
            OpenError::NotAFile(t) => format!("不是普通文件，而是{}", file_type_names(*t).1),
            OpenError::UnknownFormat(ext) if ext.is_empty() => {
                "文件没有扩展名，无法判断格式（应为 .csv、.txt、.xlsx、.xlsm 或 .xls）".into()
            }
            OpenError::UnknownFormat(ext) => {
                format!("未知格式 `.{ext}`（应为 .csv、.txt、.xlsx、.xlsm 或 .xls）")
            }
            OpenError::UnknownSheet { sheets, .. } if sheets.is_empty() => {
                "工作簿没有工作表".into()
            }
            OpenError::UnknownSheet { sheet, sheets } => {
                format!("没有工作表 `{sheet}`（有：{}）", sheets.join("、"))
            }
            OpenError::Decode { line, encoding } => decode_zh(*line, encoding),
            OpenError::Headers { missing, repeated } => {
                let mut parts = Vec::new();
                if !missing.is_empty() {
                    parts.push(format!("缺少表头 {}", quoted_list(missing, "、")));
                }
                for (h, a, b) in repeated {
                    parts.push(format!(
                        "表头 `{h}` 重复（第 {} 行第 {} 列和第 {} 列）",
                        a.line, a.column, b.column
                    ));
                }
                parts.join("；")
            }
            OpenError::NoHeader => "表格在表头行之前就结束了".into(),
            OpenError::Csv { line, message } => format!("第 {line} 行：{message}"),
            OpenError::Xlsx(s) => format!("无法读取工作簿：{s}"),
        }
    }
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenError::Io(e) => write!(f, "cannot read the file: {e}"),
            OpenError::NotAFile(t) => write!(f, "not a regular file but {}", file_type_names(*t).0),
            OpenError::UnknownFormat(ext) if ext.is_empty() => f.write_str(
                "no file extension to tell the format (expected .csv, .txt, .xlsx, .xlsm or .xls)",
            ),
            OpenError::UnknownFormat(ext) => write!(
                f,
                "unknown format `.{ext}` (expected .csv, .txt, .xlsx, .xlsm or .xls)"
            ),
            OpenError::UnknownSheet { sheets, .. } if sheets.is_empty() => {
                f.write_str("the workbook has no sheet")
            }
            OpenError::UnknownSheet { sheet, sheets } => {
                write!(f, "no sheet `{sheet}` (there are: {})", sheets.join(", "))
            }
            OpenError::Decode { line, encoding } => {
                write!(f, "line {line} is not valid {encoding}")
            }
            OpenError::Headers { missing, repeated } => {
                let mut parts = Vec::new();
                match missing.len() {
                    0 => {}
                    1 => parts.push(format!("missing header {}", quoted_list(missing, ""))),
                    _ => parts.push(format!("missing headers {}", quoted_list(missing, ", "))),
                }
                for (h, a, b) in repeated {
                    parts.push(format!(
                        "header `{h}` repeated (row {}, columns {} and {})",
                        a.line, a.column, b.column
                    ));
                }
                f.write_str(&parts.join("; "))
            }
            OpenError::NoHeader => f.write_str("the table ends before its header row"),
            OpenError::Csv { line, message } => write!(f, "line {line}: {message}"),
            OpenError::Xlsx(s) => write!(f, "cannot read the workbook: {s}"),
        }
    }
}

impl std::error::Error for OpenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OpenError::Io(e) => Some(e),
            _ => None,
        }
    }
}

fn decode_zh(line: u32, encoding: &str) -> String {
    format!("第 {line} 行不是有效的 {encoding} 编码")
}

impl ReadError {
    /// The message in Chinese.
    pub fn zh(&self) -> String {
        match self {
            ReadError::Io(e) => format!("读取出错：{e}"),
            ReadError::Decode { line, encoding } => decode_zh(*line, encoding),
            ReadError::Csv { line, message } => format!("第 {line} 行：{message}"),
            ReadError::Xlsx(s) => format!("无法读取工作簿：{s}"),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "read error: {e}"),
            ReadError::Decode { line, encoding } => {
                write!(f, "line {line} is not valid {encoding}")
            }
            ReadError::Csv { line, message } => write!(f, "line {line}: {message}"),
            ReadError::Xlsx(s) => write!(f, "cannot read the workbook: {s}"),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Io(e) => Some(e),
            _ => None,
        }
    }
}
