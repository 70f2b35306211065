//! The compliance half (docs/compliance.md, Part 1): the contract's worked example pinned
//! finding by finding and figure by figure, an independent recount of the default system's
//! figures from the raw YAML, the reports in every format, and the commands that need
//! `compliance:`.

use crate::common;

use common::{standards, stdkit};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/worked-example")
}

fn json_of(args: &[&str], root: &Path) -> (i32, Value) {
    let out = stdkit().args(args).arg(root).output().unwrap();
    (
        out.status.code().unwrap(),
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
    )
}

fn close(v: &Value, want: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - want).abs() < 5e-5)
}

#[test]
fn worked_example_gives_exactly_the_listed_findings() {
    let (code, v) = json_of(&["check", "--format", "json"], &example());
    assert_eq!(code, 1);
    let mut found: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap();
            let file = file.rsplit_once("worked-example/").map_or(file, |x| x.1);
            format!(
                "{} {} {}:{}",
                d["code"].as_str().unwrap(),
                d["severity"].as_str().unwrap(),
                file,
                d["line"]
            )
        })
        .collect();
    found.sort();
    // The findings of the appendix: A010, A012 (P-SL-01), A013 (S-007 in PX-2026-002),
    // A020 (303-001), A021, A023 (ZWZX-JL-303-01), A032 (NS-2026-001-A1), A040; B010 (BJ-3 at
    // line 4, column 1 of the CSV), B011 (BJ-4, line 5), B014, B020 (PJ-3), B022; V002 (2.2
    // scored without evidence), V004 (1.2 full though 全员参训率 is 0.8333 < 0.95), V005 (AA
    // claimed, A reached: 2.2 is required for AA). Not V004 on 2.1 (not full points).
    let expected = [
        "A010 error stdkit.yaml:27",
        "A012 warning stdkit.yaml:21",
        "A013 warning records/training/PX-2026-002.yaml:15",
        "A020 warning standards/303-001.yaml:1",
        "A021 error stdkit.yaml:27",
        "A023 warning standards/303-001.yaml:15",
        "A032 warning records/audits/NS-2026-001.yaml:13",
        "A040 warning stdkit.yaml:27",
        "B010 warning records/cases/2026-办件明细.csv:4",
        "B011 warning records/cases/2026-办件明细.csv:5",
        "B014 error stdkit.yaml:27",
        "B020 warning records/cases/2026-好差评.csv:4",
        "B022 error stdkit.yaml:27",
        "V002 warning records/assessment/ZP-2026-01.yaml:12",
        "V004 warning records/assessment/ZP-2026-01.yaml:10",
        "V005 warning records/assessment/ZP-2026-01.yaml:7",
    ];
    assert_eq!(found, expected);
    let msg = |code: &str| {
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == code)
            .unwrap()["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(
        msg("A012").contains("S-007 (201-001, 202-001)"),
        "{}",
        msg("A012")
    );
    assert!(msg("A013").contains("S-007") && msg("A013").contains("PX-2026-002"));
    assert!(msg("A023").contains("ZWZX-JL-303-01"));
    assert!(msg("A032").contains("NS-2026-001-A1"));
    assert!(msg("B010").ends_with(": BJ-3"), "{}", msg("B010"));
    assert!(msg("B011").ends_with(": BJ-4"), "{}", msg("B011"));
    assert!(msg("B020").ends_with(": PJ-3"), "{}", msg("B020"));
    assert!(msg("V002").contains("`2.2`"), "{}", msg("V002"));
    assert!(msg("V004").contains("0.8333"), "{}", msg("V004"));
    assert!(msg("V005").contains("2.2"), "{}", msg("V005"));
    let b010 = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "B010")
        .unwrap();
    assert_eq!(b010["column"], 1);
    // 申请人 is not mapped: no output names an applicant.
    for name in ["张某某", "李某某", "王某某", "赵某某"] {
        assert!(!v.to_string().contains(name), "{name} in the output");
    }
}

#[test]
fn worked_example_gives_exactly_the_listed_figures() {
    // stats refuses while errors remain (A010, A021 are errors), and goes on with --force.
    let (code, _) = json_of(&["stats", "--format", "json"], &example());
    assert_eq!(code, 1);
    let (code, v) = json_of(&["stats", "--format", "json", "--force"], &example());
    assert_eq!(code, 0);
    let c = &v["compliance"];
    assert_eq!(c["period"]["from"], "2026-01-01");
    assert_eq!(c["period"]["as_of"], "2026-11-27");
    let t = &c["training"];
    assert_eq!(
        (t["required"].as_u64(), t["trained"].as_u64()),
        (Some(6), Some(5))
    );
    assert!(
        close(&t["rate"], 0.8333) && close(&t["coverage"], 0.7143),
        "{t}"
    );
    assert_eq!(t["sessions"], 2);
    assert_eq!(t["hours"], 6.0);
    assert_eq!(
        (t["assessed"].as_u64(), t["passed"].as_u64()),
        (Some(2), Some(2))
    );
    assert!(close(&t["pass_rate"], 1.0));
    assert_eq!(t["meets_target"], false);
    let i = &c["implementation"];
    let n = |v: &Value, k: &str| v[k].as_u64().unwrap();
    assert_eq!(
        [
            n(i, "required"),
            n(i, "inspected"),
            n(i, "implemented"),
            n(i, "rows"),
            n(i, "conform")
        ],
        [3, 2, 1, 3, 1]
    );
    assert!(close(&i["rate"], 0.3333) && close(&i["coverage"], 0.6667));
    assert!(close(&i["conformity"], 0.3333));
    let f = &c["findings"];
    assert_eq!([n(f, "raised"), n(f, "closed"), n(f, "open")], [2, 1, 1]);
    assert!(close(&f["closure_rate"], 0.5));
    let a = &c["actions"];
    assert_eq!(
        [
            n(a, "due"),
            n(a, "on_time"),
            n(a, "overdue"),
            n(a, "unverified")
        ],
        [2, 1, 1, 0]
    );
    assert!(close(&a["on_time_rate"], 0.5));
    assert_eq!(c["audits"]["count"], 1);
    assert_eq!(c["audits"]["minor"], 1);
    assert_eq!(c["reviews"]["count"], 0);
    assert_eq!(c["complaints"]["count"], 0);
    // The report rows of the appendix.
    let (_, r) = json_of(
        &["report", "implementation", "--format", "json", "--force"],
        &example(),
    );
    assert_eq!(r["version"], 1);
    assert_eq!(r["report"], "implementation");
    let rows = r["rows"].as_array().unwrap();
    let row = |i: usize| {
        let x = &rows[i];
        format!(
            "{} {} {} {} {} {} {} {}/{} {}",
            x["id"].as_str().unwrap(),
            x["trainings"],
            x["last_training"].as_str().unwrap_or("—"),
            x["training_coverage"]
                .as_f64()
                .map_or("null".into(), |v| format!("{v:.4}")),
            x["inspections"],
            x["last_inspection"].as_str().unwrap_or("—"),
            x["last_result"].as_str().unwrap_or("—"),
            x["findings"],
            x["closed"],
            x["state"].as_str().unwrap()
        )
    };
    assert_eq!(rows.len(), 3);
    assert_eq!(
        row(0),
        "201-001 1 2026-03-12 0.7500 1 2026-03-27 conform 0/0 implemented"
    );
    assert_eq!(
        row(1),
        "202-001 1 2026-03-12 0.6667 2 2026-05-20 nonconform 2/1 in_progress"
    );
    assert_eq!(row(2), "303-001 0 — null 0 — — 0/0 not_inspected");
    assert_eq!(r["summary"]["implemented"], 1);
}

#[test]
fn worked_example_new_training_takes_the_next_id() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&example(), dir.path());
    let out = stdkit()
        .args(["new", "training"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(
        shown.trim().ends_with("records/training/PX-2026-003.yaml"),
        "{shown}"
    );
    let file = dir.path().join("records/training/PX-2026-003.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("# TODO") && text.contains("date: 2026-11-27"),
        "{text}"
    );
    // Valid: the new record adds no S finding, and it is never overwritten.
    let (_, v) = json_of(&["check", "--format", "json"], dir.path());
    let on_new: Vec<&Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"].as_str().unwrap().ends_with("PX-2026-003.yaml"))
        .collect();
    assert!(on_new.is_empty(), "{on_new:?}");
    std::fs::write(&file, "mine").unwrap();
    for kind in ["inspection", "audit", "review", "action"] {
        stdkit()
            .args(["new", kind])
            .arg(dir.path())
            .assert()
            .success();
    }
    assert!(
        dir.path()
            .join("records/actions/ZG-2026-001.yaml")
            .is_file()
    );
    assert!(dir.path().join("records/audits/NS-2026-002.yaml").is_file());
    let out = stdkit()
        .args(["new", "training"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    assert!(
        dir.path()
            .join("records/training/PX-2026-004.yaml")
            .is_file()
    );
}

#[test]
fn without_the_compliance_block_the_commands_say_so() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&example(), dir.path());
    let sys = dir.path().join("stdkit.yaml");
    let text = std::fs::read_to_string(&sys).unwrap();
    let cut = text.find("compliance:").unwrap();
    std::fs::write(&sys, &text[..cut]).unwrap();
    for args in [
        &["report", "implementation"][..],
        &["check", "--period", "2026"],
        &["stats", "--period", "2026-H1"],
        &["new", "training"],
    ] {
        let out = stdkit().args(args).arg(dir.path()).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("compliance:"), "{args:?}: {err}");
    }
    // records/ is not read: no A finding, no compliance key, no summary line.
    let (_, v) = json_of(&["check", "--format", "json"], dir.path());
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.iter().all(|c| !c.starts_with('A')), "{codes:?}");
    let (_, s) = json_of(&["stats", "--format", "json", "--force"], dir.path());
    assert!(s.get("compliance").is_none());
    let out = stdkit().arg("check").arg(dir.path()).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("全员参训率"));
}

#[test]
fn a_period_narrows_the_figures() {
    // 2026-Q1: R = 2026-03-31; only PX-2026-001 and PX-2026-002 and JC-2026-001 fall in it.
    let (_, v) = json_of(
        &[
            "stats", "--format", "json", "--force", "--period", "2026-Q1",
        ],
        &example(),
    );
    let c = &v["compliance"];
    assert_eq!(c["period"]["to"], "2026-03-31");
    assert_eq!(c["period"]["as_of"], "2026-03-31");
    // S-003 was still on the roster on 03-31: 7 required, 6 trained.
    assert_eq!(c["training"]["required"], 7);
    assert_eq!(c["training"]["trained"], 6);
    assert_eq!(c["implementation"]["rows"], 2);
    assert_eq!(c["audits"]["count"], 0);
    let out = stdkit()
        .args(["stats", "--period", "2026-Q5"])
        .arg(example())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Recounts the default system's training and inspection figures straight from the YAML
/// trees, without the model or the counting code.
#[test]
fn default_system_figures_match_an_independent_recount() {
    let root = standards();
    let (_, v) = json_of(&["stats", "--format", "json"], &root);
    let c = &v["compliance"];
    let parse = |p: &Path| -> serde_yaml_ng::Value {
        serde_yaml_ng::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
    };
    let s = |v: &serde_yaml_ng::Value| v.as_str().map(str::to_string);
    let r = "2026-11-27".to_string();
    // The roster: Required on R = active (from ≤ R, no to or R ≤ to) and not exempt on R.
    let staff = parse(&root.join("records/staff.yaml"));
    let mut required = HashSet::new();
    let mut post_on_r: HashMap<String, String> = HashMap::new();
    for e in staff.as_sequence().unwrap() {
        let id = s(&e["id"]).unwrap();
        let from = s(&e["from"]).unwrap();
        let to = s(&e["to"]);
        let active = from <= r && to.as_ref().is_none_or(|t| r <= *t);
        let exempt = e["exempt"].as_sequence().is_some_and(|x| {
            x.iter()
                .any(|p| s(&p["from"]).unwrap() <= r && s(&p["to"]).is_none_or(|t| r <= t))
        });
        if active {
            post_on_r.insert(id.clone(), s(&e["post"]).unwrap());
            if !exempt {
                required.insert(id);
            }
        }
    }
    // Every record file below records/ but the roster.
    let mut records = Vec::new();
    for p in common::yaml_files(&root.join("records")) {
        if p.ends_with("staff.yaml") {
            continue;
        }
        match parse(&p) {
            serde_yaml_ng::Value::Sequence(v) => records.extend(v),
            one => records.push(one),
        }
    }
    let in_p = |d: &str| ("2026-01-01"..="2026-11-27").contains(&d);
    let mut attended = HashSet::new();
    let (mut sessions, mut hours, mut assessed, mut passed) = (0, 0.0, 0, 0);
    let (mut rows, mut conform) = (0, 0);
    let mut raised = 0;
    for rec in &records {
        let date = s(&rec["date"]).unwrap_or_default();
        match rec["record"].as_str() {
            Some("training") if in_p(&date) => {
                sessions += 1;
                hours += rec["hours"].as_f64().unwrap_or(0.0);
                for a in rec["attendees"].as_sequence().unwrap() {
                    let id = s(a).or_else(|| s(&a["staff"])).unwrap();
                    attended.insert(id);
                    if let Some(p) = a["passed"].as_bool() {
                        assessed += 1;
                        passed += usize::from(p);
                    }
                }
            }
            Some(kind @ ("inspection" | "audit")) if in_p(&date) => {
                let (list, problems) = if kind == "inspection" {
                    ("checks", "findings")
                } else {
                    ("checklist", "nonconformities")
                };
                for row in rec[list].as_sequence().unwrap() {
                    let result = row["result"].as_str().unwrap();
                    if result != "na" {
                        rows += 1;
                        conform += usize::from(result == "conform");
                    }
                }
                raised += rec[problems].as_sequence().map_or(0, |f| {
                    f.iter().filter(|x| x["grade"] != "observation").count()
                });
            }
            _ => {}
        }
    }
    let trained = required.iter().filter(|id| attended.contains(*id)).count();
    let t = &c["training"];
    assert_eq!(t["required"], required.len());
    assert_eq!(t["trained"], trained);
    assert!(close(&t["rate"], trained as f64 / required.len() as f64));
    assert_eq!(t["sessions"], sessions);
    assert!(close(&t["hours"], hours));
    assert_eq!(t["assessed"], assessed);
    assert_eq!(t["passed"], passed);
    let i = &c["implementation"];
    assert_eq!(i["rows"], rows);
    assert_eq!(i["conform"], conform);
    assert_eq!(c["findings"]["raised"], raised);
    // The stats' 岗位 of every Required person is a post of the catalogue.
    let posts: BTreeMap<String, ()> = parse(&root.join("catalogue/posts.yaml"))
        .as_sequence()
        .unwrap()
        .iter()
        .map(|p| (s(&p["id"]).unwrap(), ()))
        .collect();
    assert!(required.iter().all(|id| posts.contains_key(&post_on_r[id])));
}

#[test]
fn reports_are_deterministic_in_every_format_and_excel_reads_them() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    for kind in [
        "implementation",
        "training",
        "actions",
        "cases",
        "evaluations",
    ] {
        for format in ["md", "html", "csv", "xlsx", "json"] {
            let a = dir.path().join(format!("{kind}-a.{format}"));
            let b = dir.path().join(format!("{kind}-b.{format}"));
            for p in [&a, &b] {
                // The format from the extension of -o.
                stdkit()
                    .args(["report", kind, "-o"])
                    .arg(p)
                    .arg(standards())
                    .assert()
                    .success();
            }
            assert_eq!(
                std::fs::read(&a).unwrap(),
                std::fs::read(&b).unwrap(),
                "{kind}.{format}"
            );
        }
        let csv = std::fs::read_to_string(dir.path().join(format!("{kind}-a.csv"))).unwrap();
        assert!(csv.starts_with('\u{feff}'), "{kind}: CSV without BOM");
        let json: Value = serde_json::from_slice(
            &std::fs::read(dir.path().join(format!("{kind}-a.json"))).unwrap(),
        )
        .unwrap();
        let rows = json["rows"].as_array().unwrap().len();
        assert_eq!(csv.lines().count(), rows + 1, "{kind}: CSV rows");
        let mut wb: Xlsx<_> = open_workbook(dir.path().join(format!("{kind}-a.xlsx"))).unwrap();
        let first = wb.sheet_names()[0].clone();
        let range = wb.worksheet_range(&first).unwrap();
        // Title row, header row (two under column groups: 办件统计表), then one row per JSON row.
        let header = if kind == "cases" { 2 } else { 1 };
        assert_eq!(range.height(), rows + 1 + header, "{kind}: sheet rows");
        if kind == "cases" {
            // The 收件 group spans its three columns over 合计, 即办件, 承诺件.
            assert_eq!(range.get((1, 2)), Some(&Data::String("收件".into())));
            assert_eq!(range.get((2, 3)), Some(&Data::String("即办件".into())));
            let last = range.height() - 1;
            assert_eq!(range.get((last, 0)), Some(&Data::String("合计".into())));
        }
        if kind == "actions" {
            // 期限 is a date cell, not text.
            let due = (0..range.width())
                .find(|c| range.get((1, *c)) == Some(&Data::String("期限".into())))
                .unwrap();
            assert!(
                matches!(range.get((2, due)), Some(Data::DateTime(_))),
                "{:?}",
                range.get((2, due))
            );
        }
    }
}

#[test]
fn a_record_text_cannot_run_as_a_formula_or_script() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&example(), dir.path());
    let f = dir.path().join("records/audits/NS-2026-001.yaml");
    let text = std::fs::read_to_string(&f).unwrap().replace(
        "制定补正告知单并培训",
        "\"=HYPERLINK(\\\"http://x\\\")<script>alert(1)</script>\"",
    );
    std::fs::write(&f, text).unwrap();
    let out = stdkit()
        .args(["report", "actions", "--force", "--format", "csv"])
        .arg(dir.path())
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    let out = stdkit()
        .args(["report", "actions", "--force", "--format", "html"])
        .arg(dir.path())
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
}
