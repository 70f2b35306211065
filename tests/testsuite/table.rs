//! `stdkit table` and `stdkit stats` end to end: snapshots of the default system, the workbook
//! read back, an independent recount, determinism and the refusal on errors.

use crate::common;

use common::{standards, stdkit};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use stdkit::yaml::Node;

fn output(args: &[&str]) -> Vec<u8> {
    let out = stdkit().args(args).arg(standards()).assert().success();
    out.get_output().stdout.clone()
}

#[test]
fn markdown_snapshot() {
    let md = String::from_utf8(output(&["table", "--format", "md"])).unwrap();
    insta::assert_snapshot!("table_md", md);
}

#[test]
fn html_snapshot() {
    let html = String::from_utf8(output(&["table", "--format", "html"])).unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://") && !html.contains("<script"),
        "self-contained, no scripts"
    );
    insta::assert_snapshot!("table_html", html);
}

#[test]
fn stats_snapshots() {
    insta::assert_snapshot!(
        "stats_human",
        String::from_utf8(output(&["stats"])).unwrap()
    );
    insta::assert_snapshot!(
        "stats_md",
        String::from_utf8(output(&["stats", "--format", "md"])).unwrap()
    );
}

#[test]
fn every_format_is_deterministic() {
    for f in ["md", "html", "csv", "json", "xlsx"] {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        for p in [&a, &b] {
            stdkit()
                .args(["table", "--format", f, "-o"])
                .arg(p)
                .arg(standards())
                .assert()
                .success();
        }
        assert_eq!(
            std::fs::read(&a).unwrap(),
            std::fs::read(&b).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn csv_has_bom_and_every_standard() {
    let csv = String::from_utf8(output(&["table", "--format", "csv"])).unwrap();
    assert!(csv.starts_with("\u{feff}序号,体系表编号,子体系名称,标准编号,标准名称"));
    let files = common::standard_files(&standards()).len();
    // One row per standard, and a reference row without 序号 for each `also_in` node
    // (302-003 is also listed under 201).
    let references: Vec<&str> = csv.lines().filter(|l| l.starts_with(',')).collect();
    assert_eq!(csv.lines().count() - references.len(), files + 1);
    assert_eq!(references.len(), 1, "{references:?}");
    assert!(references[0].contains("302-003,服务规范,DB63/T 1335—2014"));
    assert!(
        references[0].ends_with("见302 人事管理\r") || references[0].ends_with("见302 人事管理")
    );
}

#[test]
fn xlsx_reads_back_as_the_detail_table() {
    use calamine::{Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("table.xlsx");
    stdkit()
        .args(["table", "--format", "xlsx", "-o"])
        .arg(&path)
        .arg(standards())
        .assert()
        .success();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["结构图", "标准明细表", "标准统计表", "编制说明"]
    );
    let json: Value = serde_json::from_slice(&output(&["table", "--format", "json"])).unwrap();
    let rows: Vec<&Value> = json["detail"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["rows"].as_array().unwrap())
        .collect();
    let sheet = wb.worksheet_range("标准明细表").unwrap();
    let cells: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        cells[0],
        [
            "序号",
            "体系表编号",
            "子体系名称",
            "标准编号",
            "标准名称",
            "宜定级别",
            "采用/自制",
            "状态",
            "发布日期",
            "实施日期",
            "被代替标准号",
            "采用的国际、国外标准号",
            "采用程度",
            "预计完成年份",
            "归口部门",
            "备注"
        ]
    );
    assert_eq!(cells.len(), rows.len() + 1);
    for (cell, row) in cells[1..].iter().zip(rows) {
        let text = |k: &str| row[k].as_str().unwrap().to_string();
        // A reference row (`also_in`) has no 序号.
        let seq = if row["reference"].as_bool().unwrap() {
            String::new()
        } else {
            row["seq"].to_string()
        };
        let expect = [
            seq,
            text("id"),
            text("node_name"),
            text("number"),
            text("title"),
            text("level"),
            text("origin"),
            text("status"),
            text("published"),
            text("effective"),
            text("supersedes"),
            text("international"),
            text("degree"),
            text("target_year"),
            text("owner"),
            text("note"),
        ];
        assert_eq!(cell, &expect);
    }
    // The statistics sheet holds numbers, and the percentage as a ratio.
    let stats = wb.worksheet_range("标准统计表").unwrap();
    let total = stats.rows().find(|r| r[0] == "合计").unwrap();
    assert!(matches!(total[1], calamine::Data::Float(_)));
}

/// Reads the fields the counting needs straight from the YAML trees, without the model or the
/// counting code, and recounts what outputs.md defines.
#[test]
fn stats_json_matches_an_independent_recount() {
    let stats: Value = serde_json::from_slice(&output(&["stats", "--format", "json"])).unwrap();
    let root = standards();
    let parse = |p: &std::path::Path| {
        stdkit::yaml::parse(&std::fs::read_to_string(p).unwrap())
            .root
            .unwrap()
    };
    let text = |n: &Node, k: &str| n.get(k).and_then(Node::as_str).map(str::to_string);
    let existing = |s: &str| {
        [
            "trial",
            "review",
            "approved",
            "published",
            "effective",
            "revising",
        ]
        .contains(&s)
    };
    let pipeline = |s: &str| ["planned", "drafting", "consultation"].contains(&s);
    let retired = |s: &str| ["superseded", "abolished"].contains(&s);

    let (mut required, mut exist) = (0, 0);
    let mut level: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    let mut node_own: HashMap<String, (u64, u64)> = HashMap::new();
    let (mut posts_e, mut posts_p, mut items_e, mut items_p, mut assets_e, mut assets_p) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    for path in common::standard_files(&root) {
        let n = parse(&path);
        let status = text(&n, "status").unwrap();
        let number = text(&n, "number").unwrap_or_default();
        let lv = if number.starts_with("GB") {
            "national"
        } else if number.starts_with("DB") {
            "local"
        } else if number.starts_with("T/") {
            "group"
        } else if number.starts_with("Q/") || number.is_empty() {
            "enterprise"
        } else {
            "industry"
        };
        let lv = text(&n, "level").map_or(lv.to_string(), |l| l);
        let lv: &str = Box::leak(lv.into_boxed_str());
        let node = text(&n, "id")
            .unwrap()
            .split('-')
            .next()
            .unwrap()
            .to_string();
        let (r, e) = (u64::from(!retired(&status)), u64::from(existing(&status)));
        required += r;
        exist += e;
        let l = level.entry(lv).or_default();
        l.0 += r;
        l.1 += e;
        let o = node_own.entry(node).or_default();
        o.0 += r;
        o.1 += e;
        let kind = text(&n, "kind").unwrap();
        let (ev, pv) = match kind.as_str() {
            "work" => (&mut posts_e, &mut posts_p),
            "item" => (&mut items_e, &mut items_p),
            "management" => (&mut assets_e, &mut assets_p),
            _ => continue,
        };
        let mut names: Vec<String> = match kind.as_str() {
            "work" => n
                .at(&stdkit::path!["work", "post"])
                .and_then(Node::as_str)
                .map(str::to_string)
                .into_iter()
                .collect(),
            "item" => n
                .at(&stdkit::path!["item", "code"])
                .and_then(Node::as_str)
                .map(str::to_string)
                .into_iter()
                .collect(),
            _ => n
                .at(&stdkit::path!["management", "covers"])
                .and_then(Node::as_seq)
                .unwrap_or_default()
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
        };
        if kind == "work" && names.is_empty() && pipeline(&status) {
            names = n
                .get("posts")
                .and_then(Node::as_seq)
                .unwrap_or_default()
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect();
        }
        if existing(&status) {
            ev.extend(names);
        } else if pipeline(&status) {
            pv.extend(names);
        }
    }
    let catalogue = |file: &str, e: &[String], p: &[String]| {
        let cat = parse(&root.join("catalogue").join(file));
        let ids: Vec<String> = cat
            .as_seq()
            .unwrap()
            .iter()
            .map(|x| text(x, "id").unwrap())
            .collect();
        let covered = ids.iter().filter(|i| e.contains(i)).count() as u64;
        let missing = ids
            .iter()
            .filter(|i| !e.contains(i) && !p.contains(i))
            .count() as u64;
        (ids.len() as u64, covered, missing)
    };
    let (pt, pc, pm) = catalogue("posts.yaml", &posts_e, &posts_p);
    let (it, ic, im) = catalogue("items.yaml", &items_e, &items_p);
    let (at, ac, am) = catalogue("assets.yaml", &assets_e, &assets_p);
    let o = &stats["overall"];
    assert_eq!(o["required"], required);
    assert_eq!(o["existing"], exist);
    assert_eq!(o["missing_catalogue"], pm + im + am);
    let coverage = exist as f64 / (required + pm + im + am) as f64;
    assert!((o["coverage"].as_f64().unwrap() - coverage).abs() < 1e-12);
    assert_eq!(o["meets_target"], coverage >= 0.9);
    for (k, (r, e)) in &level {
        assert_eq!(stats["by_level"][k]["required"], *r, "{k}");
        assert_eq!(stats["by_level"][k]["existing"], *e, "{k}");
    }
    for (name, t, c) in [("posts", pt, pc), ("items", it, ic), ("assets", at, ac)] {
        assert_eq!(stats["catalogue"][name]["total"], t);
        assert_eq!(stats["catalogue"][name]["covered"], c);
    }
    // Per node over the subtree: a node's code prefixes its children's in this system
    // (100 ⊃ 101 …), so sum the own counts of every node whose code starts with the same digit.
    for (code, v) in stats["by_node"].as_object().unwrap() {
        let (r, e) = node_own
            .iter()
            .filter(|(n, _)| {
                if code.ends_with("00") {
                    n.starts_with(&code[..1])
                } else {
                    *n == code
                }
            })
            .fold((0, 0), |(a, b), (_, (r, e))| (a + r, b + e));
        assert_eq!(
            (
                v["required"].as_u64().unwrap(),
                v["existing"].as_u64().unwrap()
            ),
            (r, e),
            "{code}"
        );
    }
}

#[test]
fn min_coverage_gates() {
    stdkit()
        .args(["stats", "--min-coverage", "0.9"])
        .arg(standards())
        .assert()
        .code(0);
    stdkit()
        .args(["stats", "--min-coverage", "0.99", "--format", "json"])
        .arg(standards())
        .assert()
        .code(1);
    stdkit()
        .args(["stats", "--min-coverage", "90"])
        .arg(standards())
        .assert()
        .code(2);
}

#[test]
fn refuses_on_errors_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&standards(), dir.path());
    std::fs::write(
        dir.path().join("200-quality/201-099.yaml"),
        "id: \"201-099\"\ntitle: x\nkind: general\nstatus: effective\n",
    )
    .unwrap();
    for cmd in ["table", "stats"] {
        let out = stdkit()
            .current_dir(dir.path())
            .args([cmd, "."])
            .assert()
            .code(1);
        let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(err.contains("stdkit check"), "{err}");
        assert!(out.get_output().stdout.is_empty());
        let out = stdkit()
            .current_dir(dir.path())
            .args([cmd, ".", "--force"])
            .assert()
            .code(0);
        assert!(!out.get_output().stdout.is_empty());
        assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("--force"));
    }
}

#[test]
fn table_output_is_written_atomically_and_refuses_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    stdkit()
        .args(["table", "-o"])
        .arg(dir.path())
        .arg(standards())
        .assert()
        .code(2);
    let all = dir.path().join("csv");
    stdkit()
        .args(["table", "--format", "csv", "--all-tables", "-o"])
        .arg(&all)
        .arg(standards())
        .assert()
        .success();
    let mut names: Vec<String> = std::fs::read_dir(&all)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "detail.csv",
            "statistics-category.csv",
            "statistics-level.csv",
            "statistics-origin.csv",
            "statistics-type.csv",
            "structure.csv",
            "summary.csv"
        ]
    );
}

/// The format comes from the file name when `--format` is not given; a contradiction is exit 2;
/// `--all-tables` means CSV; the JSON carries `version` and the statuses as written.
#[test]
fn the_file_name_gives_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("表.xlsx");
    stdkit()
        .args(["table", "-o"])
        .arg(&xlsx)
        .arg(standards())
        .assert()
        .success();
    assert!(
        std::fs::read(&xlsx).unwrap().starts_with(b"PK"),
        "not a workbook"
    );
    let html = dir.path().join("table.html");
    stdkit()
        .args(["table", "-o"])
        .arg(&html)
        .arg(standards())
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&html)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    let out = stdkit()
        .args(["table", "--format", "md", "-o"])
        .arg(dir.path().join("x.csv"))
        .arg(standards())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("contradicts"));
    assert!(!dir.path().join("x.csv").exists());
    stdkit()
        .args(["table", "--all-tables", "-o"])
        .arg(dir.path().join("all"))
        .arg(standards())
        .assert()
        .success();
    assert!(dir.path().join("all/detail.csv").is_file());
    let json: Value = serde_json::from_slice(&output(&["table", "--format", "json"])).unwrap();
    assert_eq!(json["version"], 1);
    let row = &json["detail"][0]["rows"][0];
    assert!(
        row["status_code"]
            .as_str()
            .is_some_and(|s| s.is_ascii() && !s.is_empty()),
        "{row}"
    );
    assert!(
        row["level_code"]
            .as_str()
            .is_some_and(|s| s.is_ascii() && !s.is_empty()),
        "{row}"
    );
}
