//! `stdkit check` end to end, on copies of the default system: the "done when" of the
//! foundation issue, exit codes and output formats.

use crate::common;

use common::{standards, stdkit};
use serde_json::Value;
use std::path::Path;

/// A copy of the default system in a temporary folder.
fn copy_standards() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&standards(), dir.path());
    dir
}

/// Runs `check . --format json` in `dir`; returns the exit code and the diagnostics.
fn check_json(dir: &Path) -> (i32, Vec<Value>) {
    let out = stdkit()
        .current_dir(dir)
        .args(["check", ".", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    (
        out.status.code().unwrap(),
        v["diagnostics"].as_array().unwrap().clone(),
    )
}

fn find<'a>(diags: &'a [Value], code: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == code).collect()
}

#[test]
fn default_system_has_no_errors() {
    let out = stdkit().args(["check"]).arg(standards()).assert().code(0);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("0 errors"), "{text}");
}

#[test]
fn default_system_warnings_are_the_deliberate_ones() {
    let (code, diags) = check_json(&standards());
    assert_eq!(code, 0);
    let mut found: Vec<String> = diags
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    found.sort();
    // Listed in the README ("Deliberate warnings of the default system").
    let expected = [
        "A012 post P-CK-02: 1 staff not trained on the standards of their post: S-029 (202-003, 202-006, 202-007, 202-008)",
        "A012 post P-CK-04: 1 staff not trained on the standards of their post: S-033 (201-001, 201-002, 201-003, 201-004, 201-006, 202-017, 202-018, 202-019, 203-001, 205-001, 302-001, 312-001, 401-001, 401-002, 404-006)",
        "A012 post P-LD-02: 1 staff not trained on the standards of their post: S-002 (204-001, 204-002, 205-003, 301-001, 302-001, 302-002, 307-001, 308-001, 308-003, 312-001, 312-002, 402-002)",
        "A013 `S-002` missed training PX-2026-006 (2026-05-21) and attended no make-up training within 30 days",
        "A013 `S-029` missed training PX-2026-003 (2026-03-19) and attended no make-up training within 30 days",
        "A013 `S-033` missed training PX-2026-001 (2026-01-22) and attended no make-up training within 30 days",
        "A013 `S-033` missed training PX-2026-002 (2026-03-05) and attended no make-up training within 30 days",
        "A013 `S-033` missed training PX-2026-005 (2026-04-16) and attended no make-up training within 30 days",
        "A013 `S-036` missed training PX-2026-001 (2026-01-22) and attended no make-up training within 30 days",
        "A023 register TZ-301-05 has not been found complete by an inspection in the last 12 months (`checked`)",
        "A032 action NS-2026-001-A3 was due on 2026-11-20 and is not done (逾期未整改)",
        "B010 340300-XK-0019: 1 case(s) finished after the promised limit (超期办结): BJ202606150219",
        "B010 办件明细!B121 340300-XK-0026: 1 case(s) finished after the promised limit (超期办结): BJ202609200363",
        "B010 办件明细!B165 340300-QR-0012: 1 case(s) finished after the promised limit (超期办结): BJ202610260407",
        "B011 办件明细!B195 340300-GG-0031: 1 case(s) open past the promised limit on R (在办超期): BJ202611180437",
        "B011 办件明细!B196 340300-JF-0021: 1 case(s) open past the promised limit on R (在办超期): BJ202611190438",
        "B014 承诺件按期办结率 98.9% is below the target 100.0%: 260 of 263 承诺件 finished in P were finished within their promised limit (3 overdue)",
        "B020 340300-GG-0017: 1 差评 not rectified within 15 working days: PJ202600161",
        "B020 340300-XK-0019: 1 差评 not rectified within 15 working days: PJ202600114",
        "B021 340300-XK-0019: 1 named 差评 not called back within 1 working day(s): PJ202600114",
        "C003 post `P-DT-02` (帮办代办员) has no existing standard",
        "C003 post `P-ZH-03` (后勤管理员) has no existing standard",
        "C004 item `340300-XK-0033` (城镇污水排入排水管网许可) has no existing standard",
        "C004 item `340300-XK-0034` (人力资源服务许可) has no existing standard",
    ];
    assert_eq!(found, expected);
}

#[test]
fn broken_reference_is_r001_at_its_place_with_suggestion() {
    let dir = copy_standards();
    let file = dir.path().join("200-quality/202-005.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let (line_no, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("references:"))
        .unwrap();
    assert!(line.contains("\"102-001\""), "{line}");
    let col = line[..line.find("\"102-001\"").unwrap()].chars().count() + 1;
    std::fs::write(&file, text.replacen("\"102-001\"", "\"102-01\"", 1)).unwrap();
    let (code, diags) = check_json(dir.path());
    assert_eq!(code, 1);
    let r = find(&diags, "R001");
    assert_eq!(r.len(), 1, "{diags:?}");
    assert_eq!(r[0]["file"], "200-quality/202-005.yaml");
    assert_eq!(r[0]["line"], line_no as u64 + 1);
    assert_eq!(r[0]["column"], col as u64);
    assert!(r[0]["help"].as_str().unwrap().contains("102-001"));
    // Human output too: rustc-like header, arrow and the help.
    let out = stdkit()
        .current_dir(dir.path())
        .args(["check", "."])
        .assert()
        .code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("error[R001]"), "{text}");
    assert!(
        text.contains(&format!(
            "--> 200-quality/202-005.yaml:{}:{col}",
            line_no + 1
        )),
        "{text}"
    );
    assert!(text.contains("= help: did you mean `102-001`?"), "{text}");
}

#[test]
fn typo_in_field_name_is_s003_with_suggestion() {
    let dir = copy_standards();
    let file = dir.path().join("200-quality/202-006.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("\ntitle:", "\ntitel:", 1)).unwrap();
    let line = text.lines().position(|l| l.starts_with("title:")).unwrap() + 1;
    let (code, diags) = check_json(dir.path());
    assert_eq!(code, 1);
    let s = find(&diags, "S003");
    assert_eq!(s.len(), 1);
    assert_eq!(
        (
            s[0]["line"].as_u64().unwrap(),
            s[0]["column"].as_u64().unwrap()
        ),
        (line as u64, 1)
    );
    assert_eq!(s[0]["help"], "did you mean `title`?");
    // One problem, one finding: no S002 "missing title" beside it.
    assert!(find(&diags, "S002").is_empty(), "{diags:?}");
}

#[test]
fn alias_bomb_is_s006_quickly() {
    let dir = copy_standards();
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    assert!(bomb.len() < 1100);
    std::fs::write(dir.path().join("200-quality/bomb.yaml"), bomb).unwrap();
    let start = std::time::Instant::now();
    let (code, diags) = check_json(dir.path());
    // Generous bound: the point is "no exponential blow-up", not a benchmark.
    assert!(start.elapsed().as_secs() < 10);
    assert_eq!(code, 1);
    let s = find(&diags, "S006");
    assert_eq!(s.len(), 1);
    assert_eq!(s[0]["file"], "200-quality/bomb.yaml");
}

/// A catalogue named in `stdkit.yaml` may be as large as a province's 事项目录 (rules.md S006:
/// 64 MiB), with more values than a standard may have; over 64 MiB it is S006, not read.
#[test]
fn a_province_sized_catalogue_is_read_and_a_larger_one_is_s006() {
    let dir = copy_standards();
    let items = dir.path().join("catalogue/items.yaml");
    let mut text = std::fs::read_to_string(&items).unwrap();
    let mut n = 0;
    while text.len() < 5 * 1024 * 1024 {
        text.push_str(&format!(
            "- {{id: \"990000-QT-{n:06}\", name: 其他事项{n}}}\n"
        ));
        n += 1;
    }
    std::fs::write(&items, &text).unwrap();
    let (_, diags) = check_json(dir.path());
    assert!(
        find(&diags, "S006").is_empty(),
        "{:?}",
        find(&diags, "S006")
    );
    assert!(find(&diags, "R007").is_empty(), "the catalogue was read");

    let f = std::fs::File::create(&items).unwrap();
    f.set_len(64 * 1024 * 1024 + 1).unwrap();
    let (code, diags) = check_json(dir.path());
    assert_eq!(code, 1);
    let s = find(&diags, "S006");
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0]["file"], "catalogue/items.yaml");
}

#[test]
fn latin1_file_is_s005_at_the_byte() {
    let dir = copy_standards();
    std::fs::write(
        dir.path().join("200-quality/latin.yaml"),
        b"id: \"201-099\"\ntitle: caf\xe9\n",
    )
    .unwrap();
    let (code, diags) = check_json(dir.path());
    assert_eq!(code, 1);
    let s = find(&diags, "S005");
    assert_eq!(s.len(), 1);
    assert_eq!(
        (s[0]["line"].as_u64(), s[0]["column"].as_u64()),
        (Some(2), Some(11))
    );
}

#[test]
fn duplicate_id_is_n001_naming_both_places() {
    let dir = copy_standards();
    std::fs::copy(
        dir.path().join("200-quality/201-001.yaml"),
        dir.path().join("200-quality/201-001-copy.yaml"),
    )
    .unwrap();
    let (code, diags) = check_json(dir.path());
    assert_eq!(code, 1);
    let n = find(&diags, "N001");
    assert_eq!(n.len(), 1);
    let related = &n[0]["related"][0];
    let files = [
        n[0]["file"].as_str().unwrap(),
        related["file"].as_str().unwrap(),
    ];
    assert!(
        files.contains(&"200-quality/201-001.yaml")
            && files.contains(&"200-quality/201-001-copy.yaml"),
        "{files:?}"
    );
    assert_eq!(
        (n[0]["line"].as_u64(), related["line"].as_u64()),
        (Some(2), Some(2))
    );
}

#[test]
fn json_carries_every_field() {
    let (_, diags) = check_json(&standards());
    for d in &diags {
        for key in [
            "code",
            "severity",
            "message",
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
        ] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
    }
}

#[test]
fn deny_warnings_fails_on_warnings() {
    stdkit()
        .args(["check", "--deny", "warnings"])
        .arg(standards())
        .assert()
        .code(1);
}

#[test]
fn no_root_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdkit()
        .current_dir(dir.path())
        .arg("check")
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("stdkit.yaml"), "{err}");
    stdkit()
        .args(["check", "/nonexistent/folder"])
        .assert()
        .code(2);
    stdkit()
        .args(["check", "--format", "xml"])
        .arg(standards())
        .assert()
        .code(2);
}

#[test]
fn root_is_found_by_walking_up() {
    let out = stdkit()
        .current_dir(standards().join("200-quality"))
        .args(["check", "--format", "json"])
        .assert()
        .code(0);
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    // Paths are relative to the current folder.
    let file = v["diagnostics"][0]["file"].as_str().unwrap();
    assert!(file.starts_with("../catalogue/"), "{file}");
}

#[test]
fn severity_overrides_and_allow() {
    let dir = copy_standards();
    let cfg = dir.path().join("stdkit.yaml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(
        &cfg,
        text.replace(
            "rules: {B014: warning}",
            "rules:\n  B014: warning\n  C003: off\n  C004: error",
        ),
    )
    .unwrap();
    let (code, diags) = check_json(dir.path());
    assert_eq!(code, 1);
    assert!(find(&diags, "C003").is_empty());
    assert!(
        find(&diags, "C004")
            .iter()
            .all(|d| d["severity"] == "error")
    );
    std::fs::write(
        &cfg,
        text.replace(
            "rules: {B014: warning}",
            "rules: {B014: warning, C0003: off}",
        ),
    )
    .unwrap();
    let (_, diags) = check_json(dir.path());
    let s = find(&diags, "S007");
    assert_eq!(s.len(), 1, "{diags:?}");
    assert!(s[0]["help"].as_str().unwrap().contains("C003"));
}

#[test]
fn zh_messages() {
    let out = stdkit()
        .args(["--lang", "zh", "check"])
        .arg(standards())
        .assert()
        .code(0);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("警告[C003]: 岗位"), "{text}");
    assert!(text.contains("0 个错误"), "{text}");
}

#[test]
fn extreme_periods_and_days_do_not_crash() {
    let dir = copy_standards();
    let cfg = dir.path().join("stdkit.yaml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    let text = text
        .replacen("review_years: 5", "review_years: 100000", 1)
        .replacen(
            "external_check_months: 12",
            "external_check_months: 4000000",
            1,
        );
    assert!(
        text.contains("review_years: 100000") && text.contains("external_check_months: 4000000")
    );
    std::fs::write(&cfg, text).unwrap();
    let f = dir.path().join("200-quality/202-001.yaml");
    let item = std::fs::read_to_string(&f).unwrap();
    let start = item.find("  steps:").unwrap();
    let end = start + item[start..].find("\n  statutory_limit:").unwrap();
    let steps =
        "  steps:\n    - {name: 受理, days: 2147483647}\n    - {name: 审查, days: 2147483647}";
    std::fs::write(&f, format!("{}{}{}", &item[..start], steps, &item[end..])).unwrap();
    let out = stdkit()
        .current_dir(dir.path())
        .args(["check", ".", "--format", "json"])
        .output()
        .unwrap();
    // Not a panic (101): the documents' problems (the huge steps exceed the limit: I003).
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(diags.iter().any(|d| d["code"] == "I003"));
    assert!(
        !diags.iter().any(|d| d["code"] == "S007"),
        "the periods themselves are valid: {diags:?}"
    );
}

#[test]
fn g001_findings_are_capped_per_file() {
    let dir = copy_standards();
    let clauses: String = (0..150)
        .map(|i| format!("  - text: 第{i}条工作人员必须到岗。\n"))
        .collect();
    std::fs::write(
        dir.path().join("200-quality/201-090.yaml"),
        format!(
            "id: \"201-090\"\ntitle: 测试\nkind: service\nstatus: drafting\nclauses:\n{clauses}"
        ),
    )
    .unwrap();
    let (_, diags) = check_json(dir.path());
    let g: Vec<&Value> = find(&diags, "G001");
    assert_eq!(g.len(), 100);
    assert!(
        g.iter()
            .any(|d| d["help"].as_str().unwrap().contains("not listed"))
    );
}

/// `lang: zh` in stdkit.yaml makes the messages Chinese; STDKIT_LANG and `--lang` win over it.
#[test]
fn lang_in_the_system_file_and_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/base"),
        dir.path(),
    );
    let sys = dir.path().join("stdkit.yaml");
    let text = std::fs::read_to_string(&sys).unwrap();
    std::fs::write(
        &sys,
        text.replacen("code: ZWZX\n", "code: ZWZX\nlang: zh\n", 1),
    )
    .unwrap();
    let run = |args: &[&str], env: Option<&str>| {
        let mut c = stdkit();
        c.env_remove("STDKIT_LANG");
        if let Some(v) = env {
            c.env("STDKIT_LANG", v);
        }
        let out = c.args(args).arg(dir.path()).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(run(&["check"], None).contains("个错误"), "lang: zh");
    assert!(
        run(&["check"], Some("en")).contains("errors"),
        "STDKIT_LANG wins"
    );
    assert!(
        run(&["--lang", "en", "check"], Some("zh")).contains("errors"),
        "--lang wins"
    );
    assert!(run(&["check"], Some("zh")).contains("个错误"));
}

/// The status lines and the refusal speak the chosen language.
#[test]
fn status_lines_follow_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("t.md");
    let out = stdkit()
        .env("STDKIT_LANG", "zh")
        .args(["table", "-o"])
        .arg(&out_file)
        .arg(standards())
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("已写入"),
        "{out:?}"
    );
    let example =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/worked-example");
    let out = stdkit()
        .env("STDKIT_LANG", "zh")
        .arg("stats")
        .arg(&example)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("标准体系有 4 个错误"),
        "{out:?}"
    );
}

/// A standard file that cannot be read makes its id unknown, not missing: the references to it
/// (R001, A001 in the records) and the entries it may cover (C002 for its node, C003–C005) are
/// not reported while its one S001 stands; the rest of the system is checked as before.
#[test]
fn an_unreadable_standard_is_one_finding_not_a_cascade() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("s");
    common::copy_dir(&common::standards(), &root);
    std::fs::write(
        root.join("100-basic/101-001.yaml"),
        "id: \"101-001\"\ntitle: [broken\n",
    )
    .unwrap();
    let out = common::stdkit()
        .args(["check", "--format", "json"])
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes.iter().filter(|c| **c == "S001").count(),
        1,
        "{codes:?}"
    );
    for c in ["R001", "A001", "C002", "C003", "C004", "C005"] {
        assert!(!codes.contains(&c), "{c} in {codes:?}");
    }
    // The records are still checked.
    assert!(codes.contains(&"A013"), "{codes:?}");
}
