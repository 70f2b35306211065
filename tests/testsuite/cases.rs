//! Case and evaluation exports (docs/compliance.md, Part 2) as a centre really has them: the
//! worked example's cases written as a GB18030 CSV (Excel on Chinese Windows), as UTF-16, and
//! as an XLSX with date cells give the same figures; a broken cell is reported at its sheet and
//! cell; `cases strip` keeps only the mapped columns and reads back the same.

use crate::common;

use common::stdkit;
use serde_json::Value;
use std::path::{Path, PathBuf};

const ROWS: &[[&str; 5]] = &[
    [
        "BJ-1",
        "340300-XK-0001",
        "2026-02-13 09:00",
        "2026-02-25 16:00",
        "张某某",
    ],
    [
        "BJ-2",
        "340300-XK-0001",
        "2026-09-30 15:30",
        "2026-10-10 11:00",
        "李某某",
    ],
    [
        "BJ-3",
        "340300-XK-0001",
        "2026-03-02 10:00",
        "2026-03-09 17:00",
        "王某某",
    ],
    ["BJ-4", "340300-XK-0001", "2026-11-20 09:30", "", "赵某某"],
];
const HEADER: [&str; 5] = ["办件编号", "事项编码", "受理时间", "办结时间", "申请人"];

/// A copy of the worked example whose case source reads `file` (written by `write`).
fn example_with(
    file: &str,
    extra: &str,
    write: impl FnOnce(&Path),
) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("sys");
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/worked-example"),
        &root,
    );
    let cases = root.join("records/cases");
    std::fs::remove_file(cases.join("2026-办件明细.csv")).unwrap();
    write(&cases.join(file));
    std::fs::write(
        cases.join("办件.yaml"),
        format!(
            "cases: 1\nfile: {file}\n{extra}columns:\n  id: 办件编号\n  item: 事项编码\n  received: 受理时间\n  finished: 办结时间\n"
        ),
    )
    .unwrap();
    (dir, root)
}

fn csv_text() -> String {
    let mut s = HEADER.join(",") + "\r\n";
    for r in ROWS {
        s += &(r.join(",") + "\r\n");
    }
    s
}

fn figures(root: &Path) -> (Value, Value) {
    let out = stdkit()
        .args(["stats", "--force", "--format", "json"])
        .arg(root)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let c = &v["compliance"];
    (c["cases"].clone(), c["evaluations"].clone())
}

fn xlsx(path: &Path, break_cell: bool) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("办件明细").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in ROWS.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            if (c == 2 || c == 3) && !cell.is_empty() {
                if break_cell && r == 3 && c == 2 {
                    ws.write_string(r, c, "2026年3月32日").unwrap();
                    continue;
                }
                let dt = ExcelDateTime::parse_from_str(&format!("{cell}:00")).unwrap();
                ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
            } else if !cell.is_empty() {
                ws.write_string(r, c, *cell).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn gb18030_utf16_and_xlsx_exports_give_the_same_figures() {
    let (_a, utf8) = example_with("a.csv", "", |p| std::fs::write(p, csv_text()).unwrap());
    let (_b, gb) = example_with("b.csv", "", |p| {
        let text = csv_text();
        let (bytes, _, bad) = encoding_rs::GB18030.encode(&text);
        assert!(!bad);
        std::fs::write(p, bytes).unwrap();
    });
    let (_c, utf16) = example_with("c.csv", "", |p| {
        let mut bytes = vec![0xFF, 0xFE];
        for u in csv_text().encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        std::fs::write(p, bytes).unwrap();
    });
    let (_d, sheet) = example_with("d.xlsx", "sheet: 办件明细\n", |p| xlsx(p, false));
    let want = figures(&utf8);
    assert_eq!(want.0["on_time"], 2, "{}", want.0);
    assert_eq!(want.0["open_overdue"], 1);
    for (name, root) in [("GB18030", &gb), ("UTF-16", &utf16), ("XLSX", &sheet)] {
        assert_eq!(figures(root), want, "{name}");
    }
}

#[test]
fn a_broken_xlsx_cell_is_reported_at_its_sheet_and_cell() {
    let (_d, root) = example_with("d.xlsx", "", |p| xlsx(p, true));
    let out = stdkit()
        .args(["check", "--format", "json"])
        .arg(&root)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let b002: Vec<&Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "B002")
        .collect();
    assert_eq!(b002.len(), 1, "{v}");
    let d = b002[0];
    // Row 4 of the sheet (BJ-3), column C (受理时间).
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(4), Some(3))
    );
    let m = d["message"].as_str().unwrap();
    assert!(m.starts_with("办件明细!C4 "), "{m}");
    assert!(m.contains("受理时间") && m.contains("2026年3月32日"), "{m}");
    // The human report names the cell and shows no row of the export (申请人 is personal).
    let out = stdkit().arg("check").arg(&root).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("办件明细!C4"), "{text}");
    assert!(!text.contains("王某某"), "{text}");
}

#[test]
fn strip_keeps_only_the_mapped_columns_and_reads_back_the_same() {
    let (_d, root) = example_with("d.xlsx", "sheet: 办件明细\n", |p| xlsx(p, false));
    let want = figures(&root);
    let stripped = root.join("records/cases/stripped.csv");
    stdkit()
        .args(["cases", "strip"])
        .arg(root.join("records/cases/办件.yaml"))
        .arg("-o")
        .arg(&stripped)
        .assert()
        .success();
    let text = std::fs::read_to_string(&stripped).unwrap();
    assert!(text.starts_with('\u{feff}'), "no BOM");
    assert!(text.contains("2026-02-13 09:00:00"), "{text}");
    for name in ["申请人", "张某某", "王某某"] {
        assert!(!text.contains(name), "{name} copied");
    }
    std::fs::write(
        root.join("records/cases/办件.yaml"),
        "cases: 1\nfile: stripped.csv\ncolumns:\n  id: 办件编号\n  item: 事项编码\n  received: 受理时间\n  finished: 办结时间\n",
    )
    .unwrap();
    assert_eq!(figures(&root), want);
    // Writing over the export itself is refused, and a broken source writes nothing.
    let mapping = root.join("records/cases/办件.yaml");
    stdkit()
        .args(["cases", "strip"])
        .arg(&mapping)
        .arg("-o")
        .arg(&stripped)
        .assert()
        .code(2);
    std::fs::write(
        &mapping,
        "cases: 1\nfile: nowhere.csv\ncolumns: {id: a, item: b, received: c, finished: d}\n",
    )
    .unwrap();
    let out = root.join("out.csv");
    stdkit()
        .args(["cases", "strip"])
        .arg(&mapping)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2);
    assert!(!out.exists());
}

/// A calendar file of the user replaces a built-in year whole: with 2026 as a plain
/// weekends-only year (a test calendar, not a notice), BJ-1 over the Spring Festival is 8
/// working days and BJ-2 over 国庆节 7: all three finished cases are overdue.
#[test]
fn a_calendar_file_replaces_a_builtin_year() {
    let (_a, root) = example_with("a.csv", "", |p| std::fs::write(p, csv_text()).unwrap());
    std::fs::write(
        root.join("records/plain-2026.yaml"),
        "calendar: 1\nsource: 测试用日历（仅周末休息）\nyears: [2026]\n",
    )
    .unwrap();
    let config = std::fs::read_to_string(root.join("stdkit.yaml")).unwrap();
    std::fs::write(
        root.join("stdkit.yaml"),
        config.replace(
            "  cases: [",
            "  calendar: [builtin, records/plain-2026.yaml]\n  cases: [",
        ),
    )
    .unwrap();
    let (cases, _) = figures(&root);
    assert_eq!(cases["overdue"], 3, "{cases}");
    assert_eq!(cases["on_time"], 0, "{cases}");
}

/// A source's `allow:` covers the findings in its data file (B010 on BJ-3 here).
#[test]
fn a_source_allow_covers_its_data_file() {
    let (_a, root) = example_with("a.csv", "allow: [B010]\n", |p| {
        std::fs::write(p, csv_text()).unwrap()
    });
    let out = stdkit()
        .args(["check", "--format", "json"])
        .arg(&root)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(!codes.contains(&"B010"), "{codes:?}");
    assert!(codes.contains(&"B011"), "{codes:?}");
}
