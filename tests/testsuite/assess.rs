//! Compliance Part 3 (docs/compliance.md): the scoring of the worked example's assessment, the
//! default system's self-assessment, the checklist, the dossier (order, evidence, determinism)
//! and `stdkit sheet export`.

use crate::common::{copy_dir, files_below, standards, stdkit};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/worked-example")
}

fn json(args: &[&str], root: &Path) -> Value {
    let out = stdkit().args(args).arg(root).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn worked_example_scores_eight_of_ten_and_reaches_a_not_the_claimed_aa() {
    let v = json(
        &["report", "self-assessment", "--format", "json", "--force"],
        &example(),
    );
    assert_eq!(v["version"], 1);
    assert_eq!(v["report"], "self-assessment");
    assert_eq!(v["assessment"], "ZP-2026-01");
    assert_eq!(v["sheet"], "zwzx-self-2026");
    assert_eq!(v["complete"], true);
    assert_eq!(v["basic"], 8.0);
    assert_eq!(v["total"], 8.0);
    assert_eq!(v["points"], 10.0);
    // AA's threshold (total 8) is met, but 2.2 (required for AA) is not: grade A.
    assert_eq!(v["grade"], "A");
    assert_eq!(v["claimed_grade"], "AA");
    let codes: Vec<&str> = v["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["1.1", "1.2", "2.1", "2.2"]);
    let c22 = &v["criteria"][3];
    assert_eq!(c22["score"], 2.0);
    assert_eq!(c22["evidence"], serde_json::json!([]));
    // Without --force the errors of the example refuse the report.
    stdkit()
        .args(["report", "self-assessment"])
        .arg(example())
        .assert()
        .code(1);
}

#[test]
fn the_markdown_report_has_the_six_parts_and_the_filled_sheet() {
    let out = stdkit()
        .args(["report", "self-assessment", "--force"])
        .arg(example())
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    let mut at = 0;
    for part in [
        "## 一、基本情况",
        "## 二、标准体系",
        "## 三、标准实施情况",
        "## 四、实施成效",
        "## 五、存在问题与改进措施",
        "## 六、自评结论",
        "## 附件　佐证材料目录",
    ] {
        let i = md[at..]
            .find(part)
            .unwrap_or_else(|| panic!("{part} in order:\n{md}"));
        at += i;
    }
    assert!(md.contains("| 2.1  | 　开展标准实施监督检查并记录"), "{md}");
    assert!(md.contains("303-001未检查，扣1分"), "{md}");
    assert!(
        md.contains("评定等级：A") && md.contains("申报等级：AA"),
        "{md}"
    );
    // 五 lists the warnings by code, V included.
    assert!(md.contains("| V005 |"), "{md}");
}

#[test]
fn default_system_assessment_reaches_its_claimed_aa_without_v_findings() {
    let v = json(
        &["report", "self-assessment", "--format", "json"],
        &standards(),
    );
    assert_eq!(v["total"], 94.5);
    assert_eq!(v["points"], 100.0);
    assert_eq!(v["grade"], "AA");
    assert_eq!(v["claimed_grade"], "AA");
    let check = json(&["check", "--format", "json"], &standards());
    let v_codes: Vec<&Value> = check["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with('V'))
        .collect();
    assert!(v_codes.is_empty(), "{v_codes:?}");
}

#[test]
fn a_period_other_than_the_systems_is_scored_against_its_own_figures() {
    // The worked example's assessment names period 2026; with a narrower --period the report
    // still takes the assessment's own (the contract: its `period` replaces `--period`).
    let a = json(
        &["report", "self-assessment", "--format", "json", "--force"],
        &example(),
    );
    let b = json(
        &[
            "report",
            "self-assessment",
            "--format",
            "json",
            "--force",
            "--period",
            "2026-Q1",
        ],
        &example(),
    );
    assert_eq!(a, b);
}

#[test]
fn checklist_lists_every_criterion_with_what_is_there_and_a_blank_for_the_reviewer() {
    let v = json(
        &["report", "checklist", "--format", "json", "--force"],
        &example(),
    );
    assert_eq!(v["report"], "checklist");
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0]["code"], "1.1");
    assert_eq!(rows[0]["expected"], serde_json::json!(["文件（成立文件）"]));
    assert_eq!(
        rows[0]["location"],
        serde_json::json!(["records/documents/DOC-2026-001.yaml"])
    );
    assert!(rows.iter().all(|r| r["remarks"].is_null()));
    assert_eq!(rows[3]["provided"], serde_json::json!([]));
    // CSV and XLSX as for every register; Excel reads the sheet back.
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("清单.xlsx");
    stdkit()
        .args(["report", "checklist", "--force", "-o"])
        .arg(&xlsx)
        .arg(example())
        .assert()
        .success();
    use calamine::{Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(&xlsx).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    let text: Vec<String> = range.rows().flatten().map(|c| c.to_string()).collect();
    assert!(text.iter().any(|c| c == "现场检查记录"), "{text:?}");
    assert!(
        text.iter()
            .any(|c| c == "有领导机构和工作机构成立的有关文件")
    );
}

#[test]
fn part_three_options_are_refused_elsewhere_and_a_missing_assessment_is_named() {
    stdkit()
        .args(["report", "training", "--sheet", "x", "--force"])
        .arg(example())
        .assert()
        .code(2);
    let out = stdkit()
        .args([
            "report",
            "self-assessment",
            "--force",
            "--assessment",
            "ZP-9",
        ])
        .arg(example())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ZP-9") && err.contains("ZP-2026-01"), "{err}");
    stdkit()
        .args(["report", "self-assessment", "--format", "csv", "--force"])
        .arg(example())
        .assert()
        .code(2);
}

/// The criteria of the dossier's evidence part, with the records each shows or refers back to,
/// in page order.
fn evidence_order(html: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for piece in html.split("data-criterion=\"").skip(1) {
        let code = piece[..piece.find('"').unwrap()].to_string();
        let body = &piece[..piece.find("</section>").unwrap()];
        let mut recs = Vec::new();
        for r in body.split("data-record=\"").skip(1) {
            recs.push(r[..r.find('"').unwrap()].to_string());
        }
        for r in body.split("class=\"again\">").skip(1) {
            recs.push(r[..r.find(' ').unwrap()].to_string());
        }
        out.push((code, recs));
    }
    out
}

#[test]
fn dossier_follows_every_scored_criterion_with_its_evidence_in_sheet_order() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for out in [&a, &b] {
        stdkit()
            .args(["report", "dossier", "-o"])
            .arg(out)
            .arg(standards())
            .assert()
            .success();
    }
    // Two runs, byte-identical, file for file.
    let list = |d: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        files_below(d)
            .into_iter()
            .map(|p| {
                (
                    p.strip_prefix(d).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(list(&a), list(&b));
    let html = std::fs::read_to_string(a.join("index.html")).unwrap();
    let sa = json(
        &["report", "self-assessment", "--format", "json"],
        &standards(),
    );
    // Every criterion with a score and evidence, in sheet order, each followed by its records.
    let want: Vec<(String, Vec<String>)> = sa["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["score"].as_f64().is_some_and(|s| s > 0.0))
        .map(|c| {
            let ev: Vec<String> = c["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect();
            (c["code"].as_str().unwrap().to_string(), ev)
        })
        .collect();
    let got = evidence_order(&html);
    assert_eq!(got.len(), want.len(), "{got:?}");
    for ((gc, gr), (wc, wr)) in got.iter().zip(&want) {
        assert_eq!(gc, wc);
        let mut gr = gr.clone();
        let mut wr = wr.clone();
        gr.sort();
        wr.sort();
        assert_eq!(gr, wr, "records of {gc}");
    }
    // The order of the parts.
    let mut at = 0;
    for part in [
        "class=\"cover\"",
        "id=\"toc\"",
        "id=\"p-report\"",
        "id=\"p-sheet\"",
        "id=\"p-table\"",
        "id=\"p-evidence\"",
        "data-criterion=",
        "id=\"p-catalogue\"",
        "id=\"p-stats\"",
    ] {
        at += html[at..]
            .find(part)
            .unwrap_or_else(|| panic!("{part} after {at}"));
    }
    // Every file the page links or shows is in the folder; every cited file was copied.
    for attr in ["src=\"", "href=\""] {
        for piece in html.split(attr).skip(1) {
            let target = &piece[..piece.find('"').unwrap()];
            if target.starts_with('#') {
                continue;
            }
            let decoded = percent_decode(target);
            assert!(
                a.join(&decoded).is_file(),
                "{target} missing from the dossier"
            );
        }
    }
    for f in [
        "evidence/records/evidence/动员大会签到表.png",
        "evidence/records/evidence/2026年标准化工作规划（盖章扫描件）.pdf",
    ] {
        assert!(a.join(f).is_file(), "{f}");
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(standards().join(f.trim_start_matches("evidence/"))).unwrap()
        );
    }
    assert!(
        html.contains("<img src=\"evidence/records/evidence/"),
        "the scan is inline"
    );
    // The Markdown binder, for a system kept in Markdown.
    let md = dir.path().join("md");
    stdkit()
        .args(["report", "dossier", "--format", "md", "-o"])
        .arg(&md)
        .arg(standards())
        .assert()
        .success();
    let text = std::fs::read_to_string(md.join("index.md")).unwrap();
    assert!(
        text.contains("### 1.1.a 有领导机构和工作机构成立的有关文件"),
        "{text}"
    );
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn a_missing_evidence_file_is_v003_at_its_score() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example(), dir.path());
    let a = dir.path().join("records/assessment/ZP-2026-01.yaml");
    let text = std::fs::read_to_string(&a).unwrap();
    std::fs::write(
        &a,
        text.replace(
            "\"2.2\": {score: 2}",
            "\"2.2\": {score: 2, files: [records/evidence/整改照片.jpg]}",
        ),
    )
    .unwrap();
    let out = stdkit()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let v003: Vec<&Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "V003")
        .collect();
    assert_eq!(v003.len(), 1, "{v003:?}");
    assert_eq!(v003[0]["line"], 12);
    // No V002 any more: the score names a file.
    assert!(!v["diagnostics"].to_string().contains("\"V002\""));
}

#[test]
fn sheet_export_writes_a_built_in_never_overwriting() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("pilot.yaml");
    stdkit()
        .args(["sheet", "export", "cn-service-pilot-2009", "-o"])
        .arg(&f)
        .assert()
        .success();
    let text = std::fs::read_to_string(&f).unwrap();
    assert!(text.contains("id: cn-service-pilot-2009") && text.contains("complete: false"));
    assert!(text.contains("有领导机构和工作机构成立的有关文件"));
    // A second export to the same file is refused and leaves it alone.
    std::fs::write(&f, "mine").unwrap();
    stdkit()
        .args(["sheet", "export", "cn-good-behaviour", "-o"])
        .arg(&f)
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&f).unwrap(), "mine");
    let out = stdkit()
        .args(["sheet", "export", "cn-nonsense"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cn-good-behaviour"));
}

#[test]
fn a_built_in_sheet_completed_by_the_user_replaces_it() {
    // The pilot sheet exported, section 2 "transcribed" as one criterion, marked complete:
    // an assessment against it then has a grade-less but complete total, and no V006.
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example(), dir.path());
    let out = stdkit()
        .args(["sheet", "export", "cn-service-pilot-2009"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let done = text.replace("complete: false", "complete: true").replace(
        "    title: 服务标准\n    points: 47\n",
        "    title: 服务标准\n    points: 47\n    items:\n      - {code: \"2.1\", text: 服务标准齐全并有效实施, points: 47}\n",
    );
    std::fs::write(dir.path().join("records/assessment/pilot.yaml"), done).unwrap();
    std::fs::write(
        dir.path().join("records/assessment/ZP-2026-02.yaml"),
        "assessment: 1\nid: ZP-2026-02\nsheet: cn-service-pilot-2009\ndate: 2026-11-25\nscores:\n  \"1.1.a\": {score: 1, evidence: [DOC-2026-001]}\n  \"2.1\": {score: 40, evidence: [JC-2026-001]}\n",
    )
    .unwrap();
    let cfg = dir.path().join("stdkit.yaml");
    let c = std::fs::read_to_string(&cfg).unwrap().replace(
        "  sheets: [records/assessment/zwzx-self-2026.yaml]\n  assessments: [records/assessment/ZP-2026-01.yaml]\n",
        "  sheets: [records/assessment/zwzx-self-2026.yaml, records/assessment/pilot.yaml]\n  assessments: [records/assessment/ZP-2026-01.yaml, records/assessment/ZP-2026-02.yaml]\n",
    );
    std::fs::write(&cfg, c).unwrap();
    let v = json(
        &[
            "report",
            "self-assessment",
            "--format",
            "json",
            "--force",
            "--sheet",
            "cn-service-pilot-2009",
        ],
        dir.path(),
    );
    assert_eq!(v["assessment"], "ZP-2026-02");
    assert_eq!(v["complete"], true);
    assert_eq!(v["total"], 41.0);
    assert_eq!(v["points"], 61.0);
    let out = stdkit()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let check: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = check["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"].as_str().unwrap().ends_with("ZP-2026-02.yaml"))
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.is_empty(), "{codes:?}");
}

#[test]
fn dossier_never_replaces_a_foreign_folder_and_survives_a_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("sys");
    copy_dir(&standards(), &root);
    // A folder of the user's: refused, untouched.
    let mine = dir.path().join("报送材料");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("说明.txt"), "mine").unwrap();
    stdkit()
        .args(["report", "dossier", "-o"])
        .arg(&mine)
        .arg(&root)
        .assert()
        .code(2);
    assert_eq!(
        std::fs::read_to_string(mine.join("说明.txt")).unwrap(),
        "mine"
    );
    // The default place, build/dossier, then a build: the dossier is carried over, and a
    // second dossier replaces the first.
    stdkit()
        .args(["report", "dossier"])
        .arg(&root)
        .assert()
        .success();
    let index = root.join("build/dossier/index.html");
    let before = std::fs::read(&index).unwrap();
    stdkit().args(["build"]).arg(&root).assert().success();
    assert_eq!(
        std::fs::read(&index).unwrap(),
        before,
        "the build kept the dossier"
    );
    assert!(root.join("build/html/index.html").is_file());
    stdkit()
        .args(["report", "dossier"])
        .arg(&root)
        .assert()
        .success();
    stdkit().args(["build"]).arg(&root).assert().success();
    // A dossier inside the system, outside build/: its copied YAML is never read as a source.
    stdkit()
        .args(["report", "dossier", "-o"])
        .arg(root.join("确认材料汇编"))
        .arg(&root)
        .assert()
        .success();
    let out = stdkit()
        .args(["check", "--format", "json"])
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        !v.to_string().contains("确认材料汇编/"),
        "a finding inside the dossier"
    );
}
