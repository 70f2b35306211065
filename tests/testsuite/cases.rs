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

/// The findings of `check --format json`.
fn findings(root: &Path) -> Vec<Value> {
    let out = stdkit()
        .args(["check", "--format", "json"])
        .arg(root)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["diagnostics"].as_array().unwrap().clone()
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
    let all = findings(&root);
    let b002: Vec<&Value> = all.iter().filter(|d| d["code"] == "B002").collect();
    assert_eq!(b002.len(), 1, "{all:?}");
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
    assert!(text.contains("| 受理时间: 2026年3月32日"), "{text}");
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
    let all = findings(&root);
    let codes: Vec<&str> = all.iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(!codes.contains(&"B010"), "{codes:?}");
    assert!(codes.contains(&"B011"), "{codes:?}");
}

/// Without case sources the `case_stats` records of P are the basis: `stats` and `report
/// cases` sum them (提前 includes 当日), and what a record lacks is null.
#[test]
fn case_stats_records_stand_in_for_an_export() {
    let (_a, root) = example_with("a.csv", "", |p| std::fs::write(p, csv_text()).unwrap());
    let config = std::fs::read_to_string(root.join("stdkit.yaml")).unwrap();
    std::fs::write(
        root.join("stdkit.yaml"),
        config.replace("  cases: [records/cases/办件.yaml]\n", ""),
    )
    .unwrap();
    std::fs::create_dir_all(root.join("records/stats")).unwrap();
    for (m, finished, instant, promised, early, on_time, overdue) in [
        (5, 5497, 3370, 2127, 1533, 594, 0),
        (6, 5000, 3000, 2000, 1500, 490, 10),
    ] {
        std::fs::write(
            root.join(format!("records/stats/TJ-2026-0{m}.yaml")),
            format!(
                "record: case_stats\nid: TJ-2026-0{m}\nperiod: 2026-0{m}\nfinished: {finished}\ninstant: {instant}\npromised: {promised}\nearly: {early}\non_time: {on_time}\noverdue: {overdue}\nsource: 电子监察系统月报\n"
            ),
        )
        .unwrap();
    }
    let (cases, _) = figures(&root);
    assert_eq!(cases["basis"], "case_stats", "{cases}");
    assert_eq!(cases["finished"], 10497);
    assert_eq!(cases["received"], Value::Null, "no record gives `received`");
    let rate = cases["on_time_rate"].as_f64().unwrap();
    assert!(
        (rate - (1533.0 + 594.0 + 1500.0 + 490.0) / 4127.0).abs() < 1e-9,
        "{rate}"
    );
    let out = stdkit()
        .args(["report", "cases", "--force", "--format", "json"])
        .arg(&root)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v["rows"].as_array().unwrap();
    let total = rows.last().unwrap();
    assert_eq!(total["item"], "合计（办件统计）", "{total}");
    assert_eq!(total["finished"], 10497);
    assert!((total["on_time_rate"].as_f64().unwrap() - rate).abs() < 1e-12);
}

/// The 2026 notice's days, written out here independently of `src/calendar.rs`.
fn workday_2026(d: jiff::civil::Date) -> bool {
    let md = (d.month(), d.day());
    let holiday = [
        ((1, 1), (1, 3)),
        ((2, 15), (2, 23)),
        ((4, 4), (4, 6)),
        ((5, 1), (5, 5)),
        ((6, 19), (6, 21)),
        ((9, 25), (9, 27)),
        ((10, 1), (10, 7)),
    ]
    .iter()
    .any(|(a, b)| *a <= md && md <= *b);
    let shifted = [(1, 4), (2, 14), (2, 28), (5, 9), (9, 20), (10, 10)].contains(&md);
    use jiff::civil::Weekday::{Saturday, Sunday};
    shifted || (!holiday && !matches!(d.weekday(), Saturday | Sunday))
}

/// Working days after `a` up to `b` (both in 2026), by walking the days.
fn wd(a: jiff::civil::Date, b: jiff::civil::Date) -> i64 {
    let mut n = 0;
    let mut d = a;
    while d < b {
        d = d.tomorrow().unwrap();
        n += i64::from(workday_2026(d));
    }
    n
}

fn day(s: &str) -> Option<jiff::civil::Date> {
    let s = s.trim();
    (s.len() >= 10).then(|| s[..10].parse().ok()).flatten()
}

/// An XLSX export as rows of header → cell text, date cells as `YYYY-MM-DD HH:MM:SS` from the
/// Excel serial (days since 1899-12-30).
fn read_sheet(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let first = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&first).unwrap();
    let mut it = range.rows();
    let headers: Vec<String> = it
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string().trim().to_string())
        .collect();
    it.map(|row| {
        headers
            .iter()
            .cloned()
            .zip(row.iter().map(|c| match c {
                Data::DateTime(d) => {
                    let days = d.as_f64().floor() as i64;
                    let date = jiff::civil::date(1899, 12, 30)
                        .checked_add(jiff::Span::new().days(days))
                        .unwrap();
                    format!("{date} 00:00:00")
                }
                Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                other => other.to_string().trim().to_string(),
            }))
            .collect()
    })
    .collect()
}

/// A GB18030 (or UTF-8) CSV as rows of header → cell.
fn read_export(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let bytes = std::fs::read(path).unwrap();
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t.trim_start_matches('\u{feff}').to_string(),
        Err(_) => encoding_rs::GB18030.decode(&bytes).0.into_owned(),
    };
    let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers: Vec<String> = r
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .cloned()
                .zip(rec.iter().map(|c| c.trim().to_string()))
                .collect()
        })
        .collect()
}

/// Recounts the default system's 办件 and 好差评 figures from its exports, with a calendar,
/// a CSV reader and counting written here: none of stdkit's code.
#[test]
fn default_system_case_figures_match_an_independent_recount() {
    let root = common::standards();
    let out = stdkit()
        .args(["stats", "--format", "json"])
        .arg(&root)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let (cases, evals) = (&v["compliance"]["cases"], &v["compliance"]["evaluations"]);
    let config: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&std::fs::read_to_string(root.join("stdkit.yaml")).unwrap())
            .unwrap();
    let today: jiff::civil::Date = config["today"].as_str().unwrap().parse().unwrap();
    let from = jiff::civil::date(2026, 1, 1);
    let r = today.min(jiff::civil::date(2026, 12, 31));
    let in_p = |d: jiff::civil::Date| from <= d && d <= r;
    let mapping = |key: &str, n: usize| -> (PathBuf, serde_yaml_ng::Value) {
        let rel = config["compliance"][key][n].as_str().unwrap();
        let m: serde_yaml_ng::Value =
            serde_yaml_ng::from_str(&std::fs::read_to_string(root.join(rel)).unwrap()).unwrap();
        let file = root
            .join(rel)
            .parent()
            .unwrap()
            .join(m["file"].as_str().unwrap());
        (file, m["columns"].clone())
    };
    // Every case source, CSV or XLSX, as rows of field → text.
    let sources = config["compliance"]["cases"].as_sequence().unwrap().len();
    let mut rows: Vec<std::collections::HashMap<String, String>> = Vec::new();
    for n in 0..sources {
        let (file, cols) = mapping("cases", n);
        let raw = if file.extension().is_some_and(|x| x == "xlsx") {
            read_sheet(&file)
        } else {
            read_export(&file)
        };
        let fields = cols.as_mapping().unwrap();
        rows.extend(raw.into_iter().map(|row| {
            fields
                .iter()
                .map(|(f, h)| {
                    let h = h.as_str().unwrap();
                    (
                        f.as_str().unwrap().to_string(),
                        row.get(h).cloned().unwrap_or_default(),
                    )
                })
                .collect()
        }));
    }
    assert!(
        sources >= 2 && rows.len() > 100,
        "a realistic export, CSV and XLSX"
    );
    let col = |row: &std::collections::HashMap<String, String>, f: &str| -> String {
        row.get(f).cloned().unwrap_or_default()
    };
    let (mut received, mut finished, mut instant, mut promised) = (0, 0, 0, 0);
    let (mut same_day, mut early, mut on_time, mut overdue) = (0, 0, 0, 0);
    let (mut open, mut open_overdue, mut over_statutory) = (0, 0, 0);
    let mut finished_ids = Vec::new();
    for row in &rows {
        let r0 = day(&col(row, "received")).unwrap();
        let status = col(row, "status");
        if in_p(r0) {
            received += 1;
        }
        let limit: f64 = col(row, "promised_limit").parse().unwrap();
        let statutory: f64 = col(row, "statutory_limit").parse().unwrap();
        let x: i64 = col(row, "excluded_days").parse().unwrap_or(0);
        let (lim, stat) = (limit.ceil() as i64, statutory.ceil() as i64);
        let is_instant = col(row, "handling") == "即办件";
        let f = day(&col(row, "finished")).filter(|_| status == "已办结");
        match f {
            Some(f) if f <= r => {
                if !in_p(f) {
                    continue;
                }
                let e = (wd(r0, f) - x).max(0);
                finished += 1;
                finished_ids.push(col(row, "id"));
                over_statutory += usize::from(e > stat);
                if is_instant {
                    instant += 1;
                } else {
                    promised += 1;
                    match e {
                        0 => same_day += 1,
                        e if e < lim => early += 1,
                        e if e == lim => on_time += 1,
                        _ => overdue += 1,
                    }
                }
            }
            _ if (status == "在办" || status == "挂起" || f.is_some()) && r0 <= r => {
                open += 1;
                let e = (wd(r0, r) - x).max(0);
                open_overdue += usize::from(status != "挂起" && e > lim);
            }
            _ => {}
        }
    }
    let want = [
        ("received", received),
        ("finished", finished),
        ("instant", instant),
        ("promised", promised),
        ("same_day", same_day),
        ("early", early),
        ("on_time", on_time),
        ("overdue", overdue),
        ("open", open),
        ("open_overdue", open_overdue),
        ("over_statutory", over_statutory),
    ];
    for (k, n) in want {
        assert_eq!(cases[k], n, "cases.{k}: {cases}");
    }
    assert!(
        overdue > 0 && early > 0 && same_day > 0 && open_overdue > 0,
        "{cases}"
    );
    // 好差评: valid evaluations in P, their levels, 差评 and their rectification.
    let (file, ecols) = mapping("evaluations", 0);
    let ecol = |row: &std::collections::HashMap<String, String>, f: &str| -> String {
        ecols[f]
            .as_str()
            .and_then(|h| row.get(h))
            .cloned()
            .unwrap_or_default()
    };
    let level = |s: &str| match s {
        "非常满意" => 5,
        "满意" => 4,
        "基本满意" => 3,
        "不满意" => 2,
        "非常不满意" => 1,
        d => d.parse().unwrap(),
    };
    let (mut count, mut satisfied, mut bad, mut bad_fixed, mut named_bad) = (0, 0, 0, 0, 0);
    let mut by_level = [0usize; 6];
    for row in read_export(&file) {
        let t = day(&ecol(&row, "time")).unwrap();
        if ecol(&row, "valid") == "否" || !in_p(t) {
            continue;
        }
        let l: usize = level(&ecol(&row, "level"));
        count += 1;
        by_level[l] += 1;
        satisfied += usize::from(l >= 4);
        if l <= 2 {
            bad += 1;
            bad_fixed += usize::from(day(&ecol(&row, "fixed")).is_some_and(|d| d <= r));
            named_bad += usize::from(ecol(&row, "named") == "是");
        }
    }
    assert_eq!(evals["count"], count, "{evals}");
    for l in 1..=5 {
        assert_eq!(evals["by_level"][l.to_string()], by_level[l], "level {l}");
    }
    let s = evals["satisfaction"].as_f64().unwrap();
    assert!((s - satisfied as f64 / count as f64).abs() < 1e-12);
    assert_eq!(evals["bad"], bad);
    assert_eq!(evals["bad_fixed"], bad_fixed);
    assert_eq!(evals["named_bad"], named_bad);
    assert!(bad > 0 && bad_fixed > 0 && bad_fixed < bad, "{evals}");
}

// ---------------------------------------------------------------- the case cache

/// A copy of the worked example with an export over the cache's threshold: the four cases
/// again and again under new ids (an unmapped column of padding makes it large), one id
/// repeated (B003) and one unreadable time (B002), so the cache holds findings of both kinds.
fn large_example() -> (tempfile::TempDir, PathBuf) {
    example_with("2026-办件明细.csv", "", |p| {
        let pad = "备注".repeat(100);
        let mut s = HEADER.join(",") + ",备注\n";
        for i in 0..3000 {
            let r = ROWS[i % ROWS.len()];
            let id = if i == 2999 {
                "BJ-7".to_string()
            } else {
                format!("BJ-{i}")
            };
            let received = if i == 11 { "2026-13-01 09:00" } else { r[2] };
            s += &format!("{id},{},{received},{},{},{pad}\n", r[1], r[3], r[4]);
        }
        assert!(s.len() > 1 << 20);
        std::fs::write(p, s).unwrap();
    })
}

/// `check --format json` and `report cases` (Markdown), with the environment given.
fn check_and_report(root: &Path, env: &[(&str, &str)]) -> (Vec<u8>, i32, Vec<u8>) {
    let mut check = stdkit();
    check.args(["check", "--format", "json"]).arg(root);
    let mut report = stdkit();
    report.args(["report", "cases", "--force"]).arg(root);
    for (k, v) in env {
        check.env(k, v);
        report.env(k, v);
    }
    let c = check.output().unwrap();
    let r = report.output().unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    (c.stdout, c.status.code().unwrap_or(-1), r.stdout)
}

const NO_CACHE: &[(&str, &str)] = &[("STDKIT_NO_CACHE", "1")];

fn cache_dir(root: &Path) -> PathBuf {
    root.join(".stdkit-cache")
}

fn cache_entries(root: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(cache_dir(root))
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn the_case_cache_changes_no_output() {
    let (_dir, root) = large_example();
    let fresh = check_and_report(&root, NO_CACHE);
    assert!(
        !cache_dir(&root).exists(),
        "STDKIT_NO_CACHE=1 writes nothing"
    );
    let text = String::from_utf8_lossy(&fresh.0);
    assert!(text.contains("B002") && text.contains("B003"), "{text}");
    // Cold (written by check), then warm for the report and for a second check.
    assert_eq!(check_and_report(&root, &[]), fresh);
    assert_eq!(check_and_report(&root, &[]), fresh);
    let entries = cache_entries(&root);
    assert_eq!(entries.len(), 2, "{entries:?}"); // .gitignore and one entry, no temporary file
    let ignore = std::fs::read_to_string(cache_dir(&root).join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
    assert!(
        entries
            .iter()
            .any(|e| e.extension().is_some_and(|x| x == "bin"))
    );
    // The cache folder is no part of the system: it is neither read as a standard nor listed.
    let s = common::load(&root);
    assert!(
        s.standards
            .iter()
            .all(|l| !l.rel.starts_with(".stdkit-cache"))
    );
}

#[test]
fn the_case_cache_is_bypassed_on_request() {
    let (_dir, root) = large_example();
    let fresh = check_and_report(&root, NO_CACHE);
    let out = stdkit()
        .args(["--no-cache", "check", "--format", "json"])
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(out.stdout, fresh.0);
    assert!(!cache_dir(&root).exists(), "--no-cache writes nothing");
    // A cache left behind is not read either: a damaged one would change nothing.
    check_and_report(&root, &[]);
    for e in cache_entries(&root) {
        if e.extension().is_some_and(|x| x == "bin") {
            std::fs::write(&e, b"STDKITCC garbage").unwrap();
        }
    }
    assert_eq!(check_and_report(&root, NO_CACHE), fresh);
}

#[test]
fn any_change_of_the_export_or_its_mapping_invalidates_the_cache() {
    let (_dir, root) = large_example();
    check_and_report(&root, &[]);
    let csv = root.join("records/cases/2026-办件明细.csv");
    // One case finished a day later: the same length, and the old modification time put back.
    let before = std::fs::metadata(&csv).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    let changed = text.replacen("2026-02-25 16:00", "2026-02-26 16:00", 1);
    assert_eq!(changed.len(), text.len());
    std::fs::write(&csv, &changed).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&csv)
        .unwrap()
        .set_modified(before)
        .unwrap();
    let now = check_and_report(&root, &[]);
    assert_eq!(now, check_and_report(&root, NO_CACHE));
    // The mapping: a column more mapped is another reading of the same export.
    let bin = |root: &Path| {
        let e = cache_entries(root)
            .into_iter()
            .find(|e| e.extension().is_some_and(|x| x == "bin"));
        std::fs::read(e.unwrap()).unwrap()
    };
    let old = bin(&root);
    let mapping = root.join("records/cases/办件.yaml");
    let m = std::fs::read_to_string(&mapping).unwrap();
    std::fs::write(
        &mapping,
        m.replace(
            "finished: 办结时间\n",
            "finished: 办结时间\n  window: 申请人\n",
        ),
    )
    .unwrap();
    let mapped = check_and_report(&root, &[]);
    assert_eq!(mapped, check_and_report(&root, NO_CACHE));
    assert_ne!(bin(&root), old, "the entry was read anew and replaced");
    let by_window = stdkit()
        .args(["report", "cases", "--force", "--by", "window"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&by_window.stdout).contains("张某某"));
}

#[test]
fn a_damaged_cache_entry_is_ignored_and_written_anew() {
    let (_dir, root) = large_example();
    let fresh = check_and_report(&root, NO_CACHE);
    check_and_report(&root, &[]);
    let entry = cache_entries(&root)
        .into_iter()
        .find(|e| e.extension().is_some_and(|x| x == "bin"))
        .unwrap();
    let good = std::fs::read(&entry).unwrap();
    for damaged in [
        good[..good.len() / 2].to_vec(),
        good.iter().map(|b| b ^ 0x21).collect(),
        {
            let mut b = good.clone();
            let at = b.len() - 100;
            b[at] ^= 1;
            b
        },
        Vec::new(),
    ] {
        std::fs::write(&entry, &damaged).unwrap();
        assert_eq!(check_and_report(&root, &[]), fresh);
        assert_eq!(std::fs::read(&entry).unwrap(), good, "written anew");
    }
}

/// A link in the cache's place (committed by someone, or left by a tool) is never followed:
/// the run reads the export and writes nothing through it.
#[cfg(unix)]
#[test]
fn a_link_in_the_cache_folder_is_not_followed() {
    let (dir, root) = large_example();
    let fresh = check_and_report(&root, NO_CACHE);
    let outside = dir.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, cache_dir(&root)).unwrap();
    assert_eq!(check_and_report(&root, &[]), fresh);
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
}

/// The worked example with the item procedure's limits replaced (`promised_limit: 3`,
/// `statutory_limit: 15` in the file).
fn example_with_limits(promised: &str, statutory: &str) -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = example_with("a.csv", "", |p| std::fs::write(p, csv_text()).unwrap());
    let path = root.join("standards/202-001.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("  promised_limit: 3\n") && text.contains("  statutory_limit: 15\n"));
    let text = text
        .replace(
            "  promised_limit: 3\n",
            &format!("  promised_limit: {promised}\n"),
        )
        .replace(
            "  statutory_limit: 15\n",
            &format!("  statutory_limit: {statutory}\n"),
        );
    std::fs::write(&path, text).unwrap();
    (dir, root)
}

/// compliance.md, Per case: a limit in natural days counts natural days (max(0, f − r − x)),
/// hours round up to whole working days (8 hours a day). BJ-1 takes 12 natural days (3 working
/// days over the Spring Festival), BJ-2 10 (3 over National Day), BJ-3 7 (5), and the open BJ-4
/// has been open 7 natural days (5 working days) on R = 2026-11-27.
#[test]
fn case_limits_are_counted_in_their_unit() {
    // Working days, as written: BJ-1 and BJ-2 on time, BJ-3 overdue, BJ-4 open overdue.
    let (_a, root) = example_with_limits("3", "15");
    let (c, _) = figures(&root);
    assert_eq!(
        (&c["on_time"], &c["overdue"], &c["open_overdue"]),
        (&2.into(), &1.into(), &1.into()),
        "{c}"
    );
    // 20 hours are ⌈2.5⌉ = 3 working days: the same figures.
    let (_b, root) = example_with_limits("{value: 20, unit: hours}", "15");
    let (h, _) = figures(&root);
    assert_eq!(h, c);
    // 10 natural days: BJ-1 (12) overdue, BJ-2 (10) on time, BJ-3 (7) early, BJ-4 (7) not
    // open overdue; 11 natural days statutory: BJ-1 over it.
    let (_c, root) = example_with_limits(
        "{value: 10, unit: natural_days}",
        "{value: 11, unit: natural_days}",
    );
    let (n, _) = figures(&root);
    assert_eq!(
        (
            &n["overdue"],
            &n["on_time"],
            &n["early"],
            &n["open_overdue"],
            &n["over_statutory"]
        ),
        (&1.into(), &1.into(), &1.into(), &0.into(), &1.into()),
        "{n}"
    );
}
