//! `stdkit import`: a 标准明细表 as offices keep it (an XLSX with a title row above the header,
//! a GB18030 CSV, synonyms for the headers) into a new system that then checks clean.

use crate::common::stdkit;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn new_system() -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("sys");
    stdkit().arg("init").arg(&dir).arg("-q").assert().success();
    (t, dir)
}

/// `check --format json`: exit code and diagnostics.
fn check(root: &Path) -> (i32, Vec<Value>) {
    let out = stdkit()
        .args(["check", "--format", "json"])
        .arg(root)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    (
        out.status.code().unwrap(),
        v["diagnostics"].as_array().unwrap().clone(),
    )
}

/// `import FILE ROOT [extra]`: exit code, stdout, stderr.
fn import(file: &Path, root: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = stdkit()
        .arg("import")
        .arg(file)
        .arg(root)
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The findings of `check` on the imported files: errors none, warnings only D005 (the
/// adopted standards have no 查新 date yet).
fn assert_clean(root: &Path, files: &[&str]) {
    let (code, diags) = check(root);
    let errors: Vec<&Value> = diags.iter().filter(|d| d["severity"] == "error").collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(code, 0);
    for d in &diags {
        let file = d["file"].as_str().unwrap();
        if files.iter().any(|f| file.ends_with(f)) {
            assert_eq!(d["code"], "D005", "{d:#}");
        }
    }
}

const TITLE: &str = "某市政务服务中心标准明细表";

/// A workbook as an office keeps it: a cover sheet first, then the 明细表 with a merged title
/// row, the header on row 3, dates as date cells and as text, one row of a node the system
/// does not have.
fn workbook(path: &Path) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .set_name("说明")
        .unwrap()
        .write_string(0, 0, "本表由标准化办公室维护")
        .unwrap();
    let ws = wb.add_worksheet().set_name("标准明细表").unwrap();
    ws.merge_range(0, 0, 0, 8, TITLE, &Format::new()).unwrap();
    ws.write_string(1, 0, "编制日期：2026年10月").unwrap();
    let header = [
        "序号",
        "标准体系编号",
        "标准号",
        "标准名称",
        "级别",
        "发布日期",
        "实施日期",
        "被代替标准号",
        "备 注",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let rows: &[[&str; 9]] = &[
        [
            "1",
            "101-002",
            "GB/T 13016—2018",
            "标准体系构建原则和要求",
            "国家标准",
            "2018-09-17",
            "2019-04-01",
            "GB/T 13016-2009",
            "",
        ],
        [
            "2",
            "101-003",
            "GB/T 13016-2009",
            "标准体系表编制原则和要求",
            "国家标准",
            "",
            "2010-03-01",
            "",
            "",
        ],
        [
            "3",
            "201-002",
            "GB/T 32169.2—2015",
            "政务服务中心运行规范 第2部分：服务大厅",
            "国家标准",
            "",
            "",
            "",
            "直接采用",
        ],
        [
            "4",
            "201-003",
            "Q/ZWZX 201.3—2024",
            "窗口服务规范",
            "企业标准",
            "2024-01-10",
            "2024-02-01",
            "",
            "",
        ],
        [
            "5",
            "203-001",
            "",
            "服务质量控制规范",
            "企业标准",
            "",
            "",
            "",
            "拟制定",
        ],
        [
            "6",
            "509-001",
            "GB/T 1—2000",
            "不在结构中的标准",
            "国家标准",
            "",
            "",
            "",
            "",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 3;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            if cell.is_empty() {
                continue;
            }
            if c == 0 {
                ws.write_number(r, c, cell.parse::<f64>().unwrap()).unwrap();
            } else if (c == 5 || c == 6) && r != 4 {
                let dt = ExcelDateTime::parse_from_str(cell).unwrap();
                ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
            } else {
                ws.write_string(r, c, *cell).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

#[test]
fn an_xlsx_with_a_title_row_imports_into_a_new_system_that_checks_clean() {
    let (t, root) = new_system();
    let file = t.path().join("明细表.xlsx");
    workbook(&file);
    let (code, out, err) = import(&file, &root, &[]);
    // The row of node 509 is reported at its cell and not imported: exit 1.
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("标准明细表!B9: node `509` of `509-001` is not in the structure"),
        "{err}"
    );
    // The columns it does not read are named, the title row is not.
    assert!(!err.contains(TITLE), "{err}");
    let written: Vec<&str> = out.lines().collect();
    assert_eq!(written.len(), 5, "{out}");
    assert!(err.contains("imported 5 of 6 rows"), "{err}");
    assert!(err.contains("sheet 标准明细表, header row 3"), "{err}");

    // Supersession within the sheet: the 2009 edition is superseded by the 2018 one.
    let new = read(&root, "100-basic/101-002.yaml");
    assert!(new.contains("kind: external\nnumber: GB/T 13016—2018\nstatus: effective\npublished: 2018-09-17\neffective: 2019-04-01\nsupersedes: [\"101-003\"]\n"), "{new}");
    let old = read(&root, "100-basic/101-003.yaml");
    assert!(
        old.contains("status: superseded\neffective: 2010-03-01\nsuperseded_by: \"101-002\"\n"),
        "{old}"
    );
    // An adopted standard without dates, with its note.
    let ext = read(&root, "200-quality/201-002.yaml");
    assert!(ext.contains("status: effective\nnote: 直接采用\n"), "{ext}");
    // The centre's own standard in force: kept without its text, with a note on its kind.
    let own = read(&root, "200-quality/201-003.yaml");
    assert!(own.contains("改为 kind: service"), "{own}");
    assert!(
        own.contains("kind: external\nnumber: Q/ZWZX 201.3—2024\nstatus: effective\n"),
        "{own}"
    );
    // A planned one gets the kind its node implies.
    let planned = read(&root, "200-quality/203-001.yaml");
    assert!(
        planned.contains("kind: service\nstatus: planned\nnote: 拟制定\n"),
        "{planned}"
    );
    assert!(
        planned.starts_with("# yaml-language-server: $schema=../schema/standard.schema.json\n")
    );

    assert_clean(
        &root,
        &[
            "101-002.yaml",
            "101-003.yaml",
            "201-002.yaml",
            "201-003.yaml",
            "203-001.yaml",
        ],
    );

    // Again: nothing is overwritten, what is there is skipped (exit 1 for the 509 row only).
    let before = read(&root, "100-basic/101-002.yaml");
    let (code, out, err) = import(&file, &root, &["--lang", "zh"]);
    assert_eq!(code, 1);
    assert_eq!(out, "");
    assert!(err.contains("“101-002”已在体系中"), "{err}");
    assert!(err.contains("已从"), "{err}");
    assert_eq!(read(&root, "100-basic/101-002.yaml"), before);
}

#[test]
fn a_gb18030_csv_with_synonyms_imports_and_a_report_file_is_written() {
    let (t, root) = new_system();
    let text = "\
序号,体系表编号,标准编号,标准名称,宜定级别,实施日期,被代替标准号或作废,归口部门,采用关系
1,303-002,GB/T 24421.1—2023,服务业组织标准化工作指南 第1部分：总则,国家标准,2024/4/1,GB/T 24421.1-2009,综合科,
2,404-002,,导服台岗位工作标准,企业标准,,,综合科,
3,101-002,ＧＢ／Ｔ　１３０１６－２０１８,标准体系构建原则和要求,国家标准,2019年4月1日,,,IDT
";
    let (bytes, _, bad) = encoding_rs::GB18030.encode(text);
    assert!(!bad);
    let file = t.path().join("明细表.csv");
    std::fs::write(&file, bytes).unwrap();
    let report = t.path().join("report.txt");
    let (code, out, err) = import(&file, &root, &["--report", report.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 3, "{out}");
    let report = std::fs::read_to_string(&report).unwrap();
    assert!(report.contains("CSV (GB18030)"), "{report}");
    // A replaced edition neither in the sheet nor in the system goes into the note.
    assert!(
        report.contains(
            "replaced standard `GB/T 24421.1—2009` is neither in the sheet nor in the system"
        ),
        "{report}"
    );
    let f = read(&root, "300-management/303-002.yaml");
    assert!(
        f.contains("owner: 综合科\nnote: 代替 GB/T 24421.1—2009\n"),
        "{f}"
    );
    assert!(f.contains("effective: 2024-04-01\n"), "{f}");
    let w = read(&root, "400-work/404-002.yaml");
    assert!(w.contains("kind: work\nstatus: planned\n"), "{w}");
    let n = read(&root, "100-basic/101-002.yaml");
    assert!(
        n.contains("number: GB/T 13016—2018\n") && n.contains("note: 采用：IDT\n"),
        "{n}"
    );
    assert_clean(&root, &["303-002.yaml", "404-002.yaml", "101-002.yaml"]);
}

#[test]
fn an_existing_file_is_refused_untouched_and_dry_run_writes_nothing() {
    let (t, root) = new_system();
    let file = t.path().join("a.csv");
    std::fs::write(
        &file,
        "体系表编号,标准编号,标准名称\n101-002,GB/T 13016—2018,标准体系构建原则和要求\n101-003,GB/T 13017—2018,企业标准体系表编制指南\n",
    )
    .unwrap();
    let (code, out, _) = import(&file, &root, &["--dry-run"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("# --- ") && out.contains("id: \"101-003\""),
        "{out}"
    );
    assert!(!root.join("100-basic/101-002.yaml").exists());
    // A file at the path of 101-002 that is not that standard (here: not YAML at all).
    std::fs::write(root.join("100-basic/101-002.yaml"), "keep me: [\n").unwrap();
    let (code, out, err) = import(&file, &root, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("exists: not overwritten, 101-002 not imported"),
        "{err}"
    );
    assert_eq!(read(&root, "100-basic/101-002.yaml"), "keep me: [\n");
    assert!(out.contains("101-003.yaml"), "{out}");
}

#[test]
fn a_mapping_file_names_an_unusual_layout_and_is_validated() {
    let (t, root) = new_system();
    let file = t.path().join("b.csv");
    std::fs::write(
        &file,
        "清单\n\n号,题目,代码\n101-002,标准体系构建原则和要求,GB/T 13016—2018\n",
    )
    .unwrap();
    // Without a mapping there is no header row to find: exit 2, saying what to do.
    let (code, _, err) = import(&file, &root, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("--mapping"), "{err}");
    let mapping = t.path().join("m.yaml");
    std::fs::write(
        &mapping,
        "header_row: 3\ncolumns: {id: 号, title: 题目, number: 代码}\n",
    )
    .unwrap();
    let (code, out, err) = import(&file, &root, &["--mapping", mapping.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("101-002.yaml"));
    std::fs::write(&mapping, "columns: {titel: 题目}\n").unwrap();
    let (code, _, err) = import(&file, &root, &["--mapping", mapping.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("m.yaml:1:11: unknown field `titel`") && err.contains("did you mean `title`?"),
        "{err}"
    );
}

#[test]
fn bad_input_is_exit_2_never_a_panic() {
    let (t, root) = new_system();
    let cases: &[(&str, &[u8])] = &[
        ("empty.csv", b""),
        ("empty.xlsx", b""),
        ("junk.xlsx", b"PK\x03\x04 not a zip"),
        ("bad.csv", b"\xff\xfe\xff\x00\xd8"),
        ("x.ods", b"x"),
    ];
    for (name, bytes) in cases {
        let file = t.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        let (code, _, err) = import(&file, &root, &[]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
    let (code, _, err) = import(&t.path().join("missing.xlsx"), &root, &[]);
    assert_eq!(code, 2, "{err}");
    // An unknown sheet lists the sheets.
    let file = t.path().join("w.xlsx");
    workbook(&file);
    let mapping = t.path().join("m.yaml");
    std::fs::write(&mapping, "sheet: 明细\n").unwrap();
    let (code, _, err) = import(&file, &root, &["--mapping", mapping.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no sheet `明细` (there are: 说明, 标准明细表)"),
        "{err}"
    );
}
