use super::*;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn text(s: &str) -> Cell {
    Cell::Text(s.into())
}

/// All rows of `path` (tests only: the library never collects).
fn rows_of(path: &Path, opts: &Options, wanted: &[&str]) -> (Reader, Vec<Row>) {
    let mut r = open(path, opts, wanted).unwrap();
    let mut rows = Vec::new();
    let mut row = Row::default();
    while r.next_row(&mut row).unwrap() {
        rows.push(row.clone());
    }
    (r, rows)
}

fn utf16le(s: &str) -> Vec<u8> {
    let mut b = vec![0xFF, 0xFE];
    b.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
    b
}

const CASES: &str = "受理编号,姓名,受理时间\nA1,张三,2026-01-05 09:00\n A2 ,李四,\u{3000}\n";

fn check_cases(path: &Path, encoding: Encoding) {
    let (r, rows) = rows_of(path, &Options::default(), &["受理时间", "受理编号"]);
    assert_eq!(r.kind(), Kind::Csv { encoding });
    assert_eq!(r.sheet(), None);
    assert_eq!((r.column(0), r.column(1)), (3, 1));
    assert_eq!(r.header_pos(0), Pos { line: 1, column: 3 });
    let want = vec![
        Row {
            line: 2,
            cells: vec![text("2026-01-05 09:00"), text("A1")],
        },
        Row {
            line: 3,
            cells: vec![Cell::Empty, text("A2")],
        },
    ];
    assert_eq!(rows, want);
}

#[test]
fn utf8_with_and_without_bom() {
    let dir = tempfile::tempdir().unwrap();
    check_cases(&write(&dir, "a.csv", CASES.as_bytes()), Encoding::Utf8);
    let bom = [b"\xEF\xBB\xBF", CASES.as_bytes()].concat();
    check_cases(&write(&dir, "b.CSV", &bom), Encoding::Utf8);
    // An explicit encoding strips the BOM too.
    let opts = Options {
        encoding: Encoding::Utf8,
        ..Options::default()
    };
    let (_, rows) = rows_of(&write(&dir, "c.txt", &bom), &opts, &["受理编号"]);
    assert_eq!(rows[0].cells, [text("A1")]);
}

#[test]
fn gb18030_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _, bad) = encoding_rs::GB18030.encode(CASES);
    assert!(!bad && std::str::from_utf8(&bytes).is_err());
    check_cases(&write(&dir, "gb.csv", &bytes), Encoding::Gb18030);
}

#[test]
fn utf16le_with_bom() {
    let dir = tempfile::tempdir().unwrap();
    check_cases(&write(&dir, "u16.csv", &utf16le(CASES)), Encoding::Utf16);
    // Without a BOM, `Utf16` means little-endian.
    let bytes = utf16le(CASES);
    let opts = Options {
        encoding: Encoding::Utf16,
        ..Options::default()
    };
    let (_, rows) = rows_of(&write(&dir, "nobom.csv", &bytes[2..]), &opts, &["受理编号"]);
    assert_eq!(rows.len(), 2);
}

#[test]
fn invalid_byte_after_64_kib_is_reported_with_its_line() {
    // 5 + 9·k bytes: the 64 KiB sniff ends inside a 中, which must not count as invalid.
    let mut csv = b"ab,b\n".to_vec();
    for _ in 0..8000 {
        csv.extend("中文,x\n".as_bytes());
    }
    assert!(std::str::from_utf8(&csv[..64 * 1024]).is_err());
    csv.extend(b"\xFF,x\n");
    let dir = tempfile::tempdir().unwrap();
    let mut r = open(&write(&dir, "bad.csv", &csv), &Options::default(), &["b"]).unwrap();
    assert_eq!(
        r.kind(),
        Kind::Csv {
            encoding: Encoding::Utf8
        }
    );
    let mut row = Row::default();
    let mut n = 0;
    let err = loop {
        match r.next_row(&mut row) {
            Ok(true) => n += 1,
            Ok(false) => panic!("no error"),
            Err(e) => break e,
        }
    };
    assert_eq!(n, 8000);
    assert!(
        matches!(
            err,
            ReadError::Decode {
                line: 8002,
                encoding: "UTF-8"
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "line 8002 is not valid UTF-8");
    assert_eq!(err.zh(), "第 8002 行不是有效的 UTF-8 编码");
}

#[test]
fn invalid_byte_in_the_header_fails_open() {
    let dir = tempfile::tempdir().unwrap();
    let opts = Options {
        encoding: Encoding::Gb18030,
        ..Options::default()
    };
    let p = write(&dir, "h.csv", b"a\n\xFF\xFF,b\nc,d\n");
    let opts2 = Options {
        header_row: 2,
        ..opts
    };
    match open(&p, &opts2, &["b"]) {
        Err(
            e @ OpenError::Decode {
                line: 2,
                encoding: "GB18030",
            },
        ) => {
            assert_eq!(e.to_string(), "line 2 is not valid GB18030");
        }
        Err(e) => panic!("{e:?}"),
        Ok(_) => panic!("opened"),
    }
}

#[test]
fn headers_missing_and_repeated_are_all_reported() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "h.csv", "a, 受理时间 ,b,c,d,e,受理时间\n".as_bytes());
    let Err(e) = open(&p, &Options::default(), &["受理时间", "办结时间", "b", "x"]) else {
        panic!("opened")
    };
    let OpenError::Headers { missing, repeated } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(missing, &["办结时间", "x"]);
    let (p1, p2) = (Pos { line: 1, column: 2 }, Pos { line: 1, column: 7 });
    assert_eq!(repeated, &[("受理时间".to_owned(), p1, p2)]);
    assert_eq!(
        e.zh(),
        "缺少表头 `办结时间`、`x`；表头 `受理时间` 重复（第 1 行第 2 列和第 7 列）"
    );
    assert_eq!(
        e.to_string(),
        "missing headers `办结时间`, `x`; header `受理时间` repeated (row 1, columns 2 and 7)"
    );
}

#[test]
fn header_row_counts_records_and_trims() {
    let dir = tempfile::tempdir().unwrap();
    // The title's quoted newline makes the header record start on line 3.
    let p = write(
        &dir,
        "t.csv",
        "\"办件\n明细\"\n\u{feff}\u{3000}甲 ;乙\n1;2\n".as_bytes(),
    );
    let opts = Options {
        header_row: 2,
        delimiter: b';',
        ..Options::default()
    };
    let (r, rows) = rows_of(&p, &opts, &["乙", "甲"]);
    assert_eq!(r.header_pos(1), Pos { line: 3, column: 1 });
    assert_eq!(
        rows,
        [Row {
            line: 4,
            cells: vec![text("2"), text("1")]
        }]
    );
    let opts = Options {
        header_row: 5,
        ..Options::default()
    };
    assert!(matches!(open(&p, &opts, &["乙"]), Err(OpenError::NoHeader)));
}

#[test]
fn quoted_newlines_short_rows_and_blank_rows() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "a,b,c\r\n\"x\ny\",2\n\n , ,\u{3000}\n4\n5,6,7\n";
    let (_, rows) = rows_of(
        &write(&dir, "q.csv", csv.as_bytes()),
        &Options::default(),
        &["a", "c"],
    );
    let want = vec![
        Row {
            line: 2,
            cells: vec![text("x\ny"), Cell::Empty],
        },
        Row {
            line: 6,
            cells: vec![text("4"), Cell::Empty],
        },
        Row {
            line: 7,
            cells: vec![text("5"), text("7")],
        },
    ];
    assert_eq!(rows, want);
}

#[test]
fn formats_and_files() {
    let dir = tempfile::tempdir().unwrap();
    let e = open(&write(&dir, "a.ods", b""), &Options::default(), &[])
        .err()
        .unwrap();
    assert!(matches!(&e, OpenError::UnknownFormat(x) if x == "ods"));
    std::fs::create_dir(dir.path().join("d.csv")).unwrap();
    let e = open(&dir.path().join("d.csv"), &Options::default(), &[])
        .err()
        .unwrap();
    assert!(matches!(e, OpenError::NotAFile(_)));
    assert_eq!(e.zh(), "不是普通文件，而是文件夹");
    let e = open(&dir.path().join("none.csv"), &Options::default(), &[])
        .err()
        .unwrap();
    assert!(matches!(e, OpenError::Io(_)));
    assert!(matches!(
        open(&write(&dir, "e.csv", b"\n\n"), &Options::default(), &["a"]),
        Err(OpenError::NoHeader)
    ));
    let e = open(
        &write(&dir, "bad.xlsx", b"not a zip"),
        &Options::default(),
        &["a"],
    );
    assert!(matches!(e, Err(OpenError::Xlsx(_))));
    let e = open(
        &write(&dir, "bad.xls", b"not a cfb"),
        &Options::default(),
        &["a"],
    );
    assert!(matches!(e, Err(OpenError::Xlsx(_))));
}

fn workbook(path: &Path, rows: u32) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let ws = book.add_worksheet().set_name("办件明细").unwrap();
    ws.write_string(0, 0, "办件编号").unwrap();
    ws.write_string(0, 1, "申请人").unwrap();
    ws.write_string(0, 2, " 受理时间").unwrap();
    ws.write_string(0, 5, "补正次数").unwrap();
    ws.write_string(0, 6, "满意").unwrap();
    for i in 0..rows {
        let r = i + 1 + i / 10; // an empty row after every tenth
        ws.write_string(r, 0, format!("B{i} ")).unwrap();
        ws.write_string(r, 1, "张三").unwrap();
        let t = ExcelDateTime::parse_from_str("2026-02-13 09:00:00").unwrap();
        ws.write_datetime_with_format(r, 2, &t, &date).unwrap();
        ws.write_number(r, 5, f64::from(i % 3)).unwrap();
        ws.write_boolean(r, 6, i % 2 == 0).unwrap();
    }
    // A row with only an unwanted cell is a row; one with only blanks is not.
    ws.write_string(rows + rows / 10 + 5, 1, "李四").unwrap();
    ws.write_string(rows + rows / 10 + 7, 0, "  ").unwrap();
    book.add_worksheet().set_name("Sheet2").unwrap();
    book.save(path).unwrap();
}

#[test]
fn xlsx_is_read_cell_by_cell() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cases.xlsx");
    workbook(&p, 1000);
    let wanted = ["受理时间", "补正次数", "办件编号", "满意"];
    let (r, rows) = rows_of(&p, &Options::default(), &wanted);
    assert_eq!(r.kind(), Kind::Xlsx);
    assert_eq!(r.sheet(), Some("办件明细"));
    assert_eq!(r.column(1), 6);
    let pos = r.header_pos(1);
    assert_eq!(
        cell_ref(r.sheet().unwrap(), pos.line, pos.column),
        "办件明细!F1"
    );
    assert_eq!(rows.len(), 1001);
    let t = jiff::civil::date(2026, 2, 13).at(9, 0, 0, 0);
    let first = &rows[0];
    assert_eq!(first.line, 2);
    assert_eq!(
        first.cells,
        [
            Cell::DateTime(t),
            Cell::Number(0.0),
            text("B0"),
            Cell::Bool(true)
        ]
    );
    let r16 = &rows[15]; // i = 15 is on sheet row 1 + 15 + 1, 0-based → line 18
    assert_eq!(r16.line, 18);
    assert_eq!(r16.cells[1].as_int(), Some(0));
    assert_eq!(rows[1].cells[1].as_int(), Some(1));
    assert_eq!(rows[1].cells[3], Cell::Bool(false));
    let last = rows.last().unwrap();
    assert_eq!(
        (last.line, last.cells.iter().all(|c| *c == Cell::Empty)),
        (1106, true)
    );
}

#[test]
fn xlsx_sheets_and_header_row() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cases.xlsx");
    workbook(&p, 3);
    let opts = Options {
        sheet: Some("办件"),
        ..Options::default()
    };
    let e = open(&p, &opts, &["满意"]).err().unwrap();
    assert!(
        matches!(&e, OpenError::UnknownSheet { sheet, sheets } if sheet == "办件" && sheets.len() == 2)
    );
    assert_eq!(e.zh(), "没有工作表 `办件`（有：办件明细、Sheet2）");
    assert_eq!(
        e.to_string(),
        "no sheet `办件` (there are: 办件明细, Sheet2)"
    );
    let opts = Options {
        sheet: Some("Sheet2"),
        ..Options::default()
    };
    assert!(matches!(
        open(&p, &opts, &["满意"]),
        Err(OpenError::NoHeader)
    ));
    // Header on row 2: a data row, whose texts are the headers now.
    let opts = Options {
        header_row: 2,
        ..Options::default()
    };
    let (r, rows) = rows_of(&p, &opts, &["B0"]);
    assert_eq!(r.header_pos(0), Pos { line: 2, column: 1 });
    assert_eq!(
        rows[0],
        Row {
            line: 3,
            cells: vec![text("B1")]
        }
    );
    let e = open(&p, &Options::default(), &["办结时间"]).err().unwrap();
    assert_eq!(e.zh(), "缺少表头 `办结时间`");
}

#[test]
fn excel_serials() {
    let d = |y, m, d| jiff::civil::date(y, m, d).at(0, 0, 0, 0);
    assert_eq!(excel_serial(1.0, false), Some(d(1900, 1, 1)));
    assert_eq!(excel_serial(59.0, false), Some(d(1900, 2, 28)));
    assert_eq!(excel_serial(61.0, false), Some(d(1900, 3, 1)));
    assert_eq!(excel_serial(0.0, true), Some(d(1904, 1, 1)));
    // 09:00:00 minus a few microseconds rounds to the second.
    let t = excel_serial(46066.375 - 1e-9, false);
    assert_eq!(t, Some(jiff::civil::date(2026, 2, 13).at(9, 0, 0, 0)));
    assert_eq!(excel_serial(-1.0, false), None);
    assert_eq!(excel_serial(f64::NAN, false), None);
    assert_eq!(excel_serial(1e9, false), None);
    let cell = sheet_cell(46066.375, true);
    assert_eq!(
        cell,
        Cell::DateTime(jiff::civil::date(2030, 2, 14).at(9, 0, 0, 0))
    );
}

fn sheet_cell(v: f64, is_1904: bool) -> Cell {
    let dt = calamine::ExcelDateTime::new(v, calamine::ExcelDateTimeType::DateTime, is_1904);
    let mut c = Cell::Empty;
    sheet::to_cell(&calamine::Data::DateTime(dt), &mut c);
    c
}

#[test]
fn calamine_values() {
    let cell = |v: calamine::Data| {
        let mut c = text("old");
        sheet::to_cell(&v, &mut c);
        c
    };
    assert_eq!(
        cell(calamine::Data::Error(calamine::CellErrorType::NA)),
        text("#N/A")
    );
    assert_eq!(cell(calamine::Data::Int(7)).as_int(), Some(7));
    assert_eq!(
        cell(calamine::Data::String(" \u{3000}".into())),
        Cell::Empty
    );
    assert_eq!(cell(calamine::Data::Empty), Cell::Empty);
    let iso = cell(calamine::Data::DateTimeIso("2026-02-13T09:00:00".into()));
    assert_eq!(
        iso,
        Cell::DateTime(jiff::civil::date(2026, 2, 13).at(9, 0, 0, 0))
    );
}

#[test]
fn cell_refs_and_letters() {
    assert_eq!(cell_ref("办件明细", 17, 6), "办件明细!F17");
    assert_eq!(cell_ref("Case list", 2, 28), "'Case list'!AB2");
    assert_eq!(column_letters(1), "A");
    assert_eq!(column_letters(26), "Z");
    assert_eq!(column_letters(27), "AA");
    assert_eq!(column_letters(702), "ZZ");
    assert_eq!(column_letters(703), "AAA");
    assert_eq!(column_letters(u32::MAX), "MWLQKWU");
}

#[test]
fn personal_values() {
    assert!(looks_personal("11010519491231002X"));
    assert!(looks_personal(" 11010519491231002x "));
    assert!(!looks_personal("110105194912310021"));
    assert!(!looks_personal("1101051949123100XX"));
    assert!(looks_personal("13800138000"));
    assert!(looks_personal("19912345678"));
    assert!(!looks_personal("12800138000"));
    assert!(!looks_personal("1380013800"));
    assert!(!looks_personal("1380013800a"));
    assert!(!looks_personal("２０２６"));
}

#[test]
fn strip_csv_and_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        &dir,
        "s.csv",
        "受理编号,姓名,意见\nA1,张三,\"好,很好\"\nA2,李四,\n".as_bytes(),
    );
    let mut r = open(&p, &Options::default(), &["意见", "受理编号"]).unwrap();
    let mut out = Vec::new();
    assert_eq!(strip(&mut r, &["意见", "受理编号"], &mut out).unwrap(), 2);
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "\u{feff}意见,受理编号\n\"好,很好\",A1\n,A2\n"
    );

    let p = dir.path().join("s.xlsx");
    workbook(&p, 2);
    let mut r = open(
        &p,
        &Options::default(),
        &["办件编号", "受理时间", "补正次数", "满意"],
    )
    .unwrap();
    let mut out = Vec::new();
    assert_eq!(
        strip(
            &mut r,
            &["办件编号", "受理时间", "补正次数", "满意"],
            &mut out
        )
        .unwrap(),
        3
    );
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "\u{feff}办件编号,受理时间,补正次数,满意\n\
         B0,2026-02-13 09:00:00,0,TRUE\n\
         B1,2026-02-13 09:00:00,1,FALSE\n\
         ,,,\n"
    );
    assert_eq!(Cell::Number(2.5).to_string(), "2.5");
}

/// An endless-looking CSV, generated as it is read, counting the bytes handed out.
struct Generated {
    given: Arc<AtomicUsize>,
    line: u64,
    pending: Vec<u8>,
}

impl Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pending.is_empty() {
            if self.line == 10_000_000 {
                return Ok(0);
            }
            self.line += 1;
            self.pending = format!("{},张三,11010519491231002X\n", self.line).into_bytes();
        }
        let n = buf.len().min(self.pending.len());
        buf[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        self.given.fetch_add(n, Ordering::Relaxed);
        Ok(n)
    }
}

#[test]
fn csv_is_read_as_a_stream() {
    let given = Arc::new(AtomicUsize::new(0));
    let input = Generated {
        given: given.clone(),
        line: 0,
        pending: b"n,name,id\n".to_vec(),
    };
    let wanted = ["n"];
    let (rows, columns, _) = open_csv(Box::new(input), &Options::default(), &wanted).unwrap();
    let mut pipe = CsvPipe::start(rows, columns);
    let mut row = Row::default();
    for i in 1..=1000 {
        assert!(pipe.next_row(&mut row).unwrap());
        assert_eq!(row.cells, [text(&i.to_string())]);
    }
    // Some 300 MB are on offer; the reading thread runs ahead by at most five batches.
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(
        given.load(Ordering::Relaxed) < 2 * 1024 * 1024,
        "{}",
        given.load(Ordering::Relaxed)
    );
}

#[test]
fn lines_after_crlf_blank_lines_and_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "a,b\r\n\r\n\r\n1,2\r\n\"p\r\nq\",3\r\n\n\n4,\"5\"";
    let (r, rows) = rows_of(
        &write(&dir, "l.csv", csv.as_bytes()),
        &Options::default(),
        &["b", "a"],
    );
    assert_eq!(r.header_pos(0), Pos { line: 1, column: 2 });
    let want = vec![
        Row {
            line: 4,
            cells: vec![text("2"), text("1")],
        },
        Row {
            line: 5,
            cells: vec![text("3"), text("p\r\nq")],
        },
        Row {
            line: 9,
            cells: vec![text("5"), text("4")],
        },
    ];
    assert_eq!(rows, want);
    let p = write(&dir, "m.csv", b"\n\nh\nx\n\n");
    let (r, rows) = rows_of(&p, &Options::default(), &["h"]);
    assert_eq!(r.header_pos(0).line, 3);
    assert_eq!(
        rows,
        [Row {
            line: 4,
            cells: vec![text("x")]
        }]
    );
}

/// Written by xlwt (BIFF8): a title in A1, the header in B3:E3, data below.
const XLS: &[u8] = include_bytes!("testdata/cases.xls");

#[test]
fn xls_is_read_from_its_range() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "cases.XLS", XLS);
    let opts = Options {
        header_row: 3,
        ..Options::default()
    };
    let (r, rows) = rows_of(&p, &opts, &["受理时间", "补正次数", "办件编号"]);
    assert_eq!((r.kind(), r.sheet()), (Kind::Xls, Some("办件明细")));
    assert_eq!(r.header_pos(2), Pos { line: 3, column: 2 });
    let t = jiff::civil::date(2026, 2, 13).at(9, 0, 0, 0);
    let want = vec![
        Row {
            line: 4,
            cells: vec![Cell::DateTime(t), Cell::Number(2.0), text("B0")],
        },
        Row {
            line: 6,
            cells: vec![Cell::Empty, Cell::Empty, Cell::Empty],
        },
        Row {
            line: 7,
            cells: vec![Cell::Empty, Cell::Empty, text("B2")],
        },
    ];
    assert_eq!(rows, want);
    let e = open(&p, &Options::default(), &["办件编号"]).err().unwrap();
    assert_eq!(e.to_string(), "missing header `办件编号`");
    let opts = Options {
        header_row: 9,
        ..Options::default()
    };
    assert!(matches!(
        open(&p, &opts, &["办件编号"]),
        Err(OpenError::NoHeader)
    ));
    let opts = Options {
        sheet: Some("Sheet2"),
        ..Options::default()
    };
    assert!(matches!(
        open(&p, &opts, &["办件编号"]),
        Err(OpenError::NoHeader)
    ));
}

#[test]
fn a_reader_can_move_to_another_thread() {
    fn send<T: Send>() {}
    send::<Reader>();
}
