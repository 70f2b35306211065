//! The machine formats of `check`: SARIF validated against the official SARIF 2.1.0 schema
//! (tests/data/sarif-2.1.0-rtm.5.json, from the npm package @microsoft/jest-sarif, MIT), and
//! GitHub workflow commands.

use crate::common;

use common::{standards, stdkit};
use serde_json::Value;

/// A copy of the default system with findings of several groups, one with related info.
fn broken() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&standards(), dir.path());
    let f = dir.path().join("200-quality/202-005.yaml");
    let text = std::fs::read_to_string(&f)
        .unwrap()
        .replacen("\"102-001\"", "\"102-01\"", 1)
        .replacen("\ntitle:", "\ntitel:", 1);
    std::fs::write(&f, text).unwrap();
    std::fs::copy(
        dir.path().join("200-quality/201-001.yaml"),
        dir.path().join("200-quality/201-001-copy.yaml"),
    )
    .unwrap();
    std::fs::write(dir.path().join("200-quality/201-050.yaml"), "id: \"201-050\"\ntitle: \"说明, 含逗号: 冒号\"\nkind: service\nstatus: drafting\nclauses:\n  - text: 工作人员必须佩戴工作牌。\n").unwrap();
    dir
}

fn run(dir: &std::path::Path, format: &str) -> (i32, String) {
    let out = stdkit()
        .current_dir(dir)
        .args(["check", ".", "--format", format])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let dir = broken();
    let (code, text) = run(dir.path(), "sarif");
    assert_eq!(code, 1);
    let sarif: Value = serde_json::from_str(&text).unwrap();
    let schema_path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-2.1.0-rtm.5.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(&schema_path).unwrap()).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("file:///sarif.json", schema).unwrap();
    let idx = compiler
        .compile("file:///sarif.json", &mut schemas)
        .unwrap();
    if let Err(e) = schemas.validate(&sarif, idx) {
        panic!("SARIF invalid: {e:#}");
    }
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), common::catalogue().len());
    assert!(
        rules
            .iter()
            .all(|r| !r["help"]["text"].as_str().unwrap().is_empty())
    );
    let results = run["results"].as_array().unwrap();
    for code in ["R001", "S003", "N001", "G001"] {
        let r = results
            .iter()
            .find(|r| r["ruleId"] == code)
            .unwrap_or_else(|| panic!("{code}"));
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], code);
        assert!(
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
                >= 1
        );
    }
    assert!(results.iter().any(|r| r.get("relatedLocations").is_some()));
}

#[test]
fn github_commands_are_escaped() {
    let dir = broken();
    let (code, text) = run(dir.path(), "github");
    assert_eq!(code, 1);
    let lines: Vec<&str> = text.lines().collect();
    assert!(!lines.is_empty());
    for l in &lines {
        assert!(
            l.starts_with("::error file=") || l.starts_with("::warning file="),
            "{l}"
        );
        assert!(!l.contains('\r'));
    }
    let r001 = lines.iter().find(|l| l.contains("title=R001::")).unwrap();
    assert!(
        r001.starts_with("::error file=200-quality/202-005.yaml,line="),
        "{r001}"
    );
    // The help follows on a second line of the message, escaped as %0A.
    assert!(r001.contains("%0Ahelp: did you mean `102-001`?"), "{r001}");
    let g001 = lines.iter().find(|l| l.contains("title=G001::")).unwrap();
    assert!(
        g001.starts_with("::warning file=200-quality/201-050.yaml,line=6,col=15,"),
        "{g001}"
    );
}

#[test]
fn every_code_has_an_explanation_in_both_languages() {
    let catalogue = common::catalogue();
    for &(code, _) in &catalogue {
        for lang in [stdkit::diag::Lang::En, stdkit::diag::Lang::Zh] {
            let t = stdkit::explain::text(code, lang)
                .unwrap_or_else(|| panic!("no explanation of {code} ({lang:?})"));
            assert!(t.starts_with(&format!("# {code}")), "{code}");
            assert_eq!(
                t.matches("```yaml").count(),
                2,
                "{code}: a failing and a fixed example"
            );
        }
    }
    // And no explanation of a code that is not in the catalogue.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("explain/en");
    for e in std::fs::read_dir(dir).unwrap() {
        let name = e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .trim_end_matches(".md")
            .to_string();
        assert!(
            catalogue.iter().any(|&(code, _)| code == name),
            "explain/en/{name}.md has no rule"
        );
    }
}

#[test]
fn explain_prints_and_unknown_code_exits_2() {
    let out = stdkit().args(["explain", "I003"]).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.starts_with("# I003"));
    stdkit()
        .args(["--lang", "zh", "explain", "g001"])
        .assert()
        .success();
    stdkit().args(["explain", "Z999"]).assert().code(2);
}

#[test]
fn i003_names_both_numbers_at_promised_limit() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&standards(), dir.path());
    let f = dir.path().join("200-quality/202-001.yaml");
    let text = std::fs::read_to_string(&f).unwrap();
    // Make the counted steps add up to 4.5 days under a promised limit of 3.
    let mut doc = stdkit::yaml::parse(&text).root.unwrap();
    let _ = &mut doc;
    let start = text.find("  steps:").unwrap();
    let end = start + text[start..].find("\n  statutory_limit:").unwrap();
    let steps = "  steps:\n    - {name: 受理, post: P-SL-01, days: 0.5}\n    - {name: 审查, days: 2}\n    - {name: 决定, days: 1}\n    - {name: 送达, days: 1}";
    let mut new = format!("{}{}{}", &text[..start], steps, &text[end..]);
    let p = new.find("  promised_limit:").unwrap();
    let line_end = p + new[p..].find('\n').unwrap();
    new.replace_range(p..line_end, "  promised_limit: 3");
    std::fs::write(&f, &new).unwrap();
    let line = new[..p].matches('\n').count() + 1;
    let (code, json) = run(dir.path(), "json");
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&json).unwrap();
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "I003")
        .expect("I003");
    assert_eq!(d["line"], line as u64);
    assert_eq!(d["column"], 19);
    let help = d["help"].as_str().unwrap();
    assert!(help.contains('3') && help.contains("4.5"), "{help}");
}

/// `--format short`: one line per finding (`file:line:col: severity[CODE]: message`), then the
/// findings counted by code and the summary line.
#[test]
fn short_format_is_one_line_a_finding_and_a_count_by_code() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/worked-example");
    let out = common::stdkit()
        .args(["check", "--format", "short"])
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 16 + 2, "{text}");
    assert!(
        lines[..16]
            .iter()
            .all(|l| l.contains(": warning[") || l.contains(": error[")),
        "{text}"
    );
    assert!(
        text.contains("records/audits/NS-2026-001.yaml:13:21: warning[A032]"),
        "{text}"
    );
    assert!(lines[16].starts_with("by code: A010 ×1, A012 ×1"), "{text}");
    assert!(lines[17].starts_with("4 errors, 12 warnings"), "{text}");
}

#[test]
fn explain_lists_every_rule() {
    let out = common::stdkit()
        .args(["explain", "--list"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), common::catalogue().len());
    assert!(text.lines().any(|l| l.starts_with("A010  error")), "{text}");
}

/// `--help` speaks Chinese when Chinese is chosen: by `--lang zh`, by STDKIT_LANG, or by
/// `lang: zh` in the system's stdkit.yaml; English stays the default.
#[test]
fn help_speaks_chinese_when_chinese_is_chosen() {
    let text =
        |cmd: &mut assert_cmd::Command| String::from_utf8(cmd.output().unwrap().stdout).unwrap();
    let zh = text(common::stdkit().args(["--lang", "zh", "--help"]));
    assert!(
        zh.contains("用法：") && zh.contains("按模式和规则检查"),
        "{zh}"
    );
    let zh = text(
        common::stdkit()
            .env("STDKIT_LANG", "zh")
            .args(["check", "--help"]),
    );
    assert!(zh.contains("即使") || zh.contains("检查结果的格式"), "{zh}");
    assert!(zh.contains("显示帮助"), "{zh}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("stdkit.yaml"), "stdkit: 1\nlang: zh\n").unwrap();
    let zh = text(
        common::stdkit()
            .env_remove("STDKIT_LANG")
            .current_dir(dir.path())
            .args(["table", "--help"]),
    );
    assert!(zh.contains("生成标准体系表"), "{zh}");
    let en = text(
        common::stdkit()
            .env_remove("STDKIT_LANG")
            .args(["check", "--help"]),
    );
    assert!(en.contains("Usage:") && !en.contains("用法"), "{en}");
}

/// clap's parse errors in Chinese: the kind, the argument, the suggestion and the usage; the
/// exit status stays 2, and English stays clap's own text.
#[test]
fn parse_errors_speak_chinese_when_chinese_is_chosen() {
    let err = |args: &[&str]| {
        let out = common::stdkit()
            .env_remove("STDKIT_LANG")
            .args(args)
            .assert()
            .code(2);
        String::from_utf8_lossy(&out.get_output().stderr).to_string()
    };
    let e = err(&["--lang", "zh", "chek"]);
    assert!(e.starts_with("错误：未知的命令：`chek`"), "{e}");
    assert!(e.contains("是不是要写") && e.contains("`check`"), "{e}");
    assert!(e.contains("用法：stdkit"), "{e}");
    let e = err(&["--lang", "zh", "check", "--format", "xml"]);
    assert!(
        e.contains("无效的取值") && e.contains("`xml`") && e.contains("`json`"),
        "{e}"
    );
    let e = err(&["--lang", "zh", "table", "--bogus"]);
    assert!(e.contains("未知的选项或参数：`--bogus`"), "{e}");
    let e = err(&["chek"]);
    assert!(e.contains("unrecognized subcommand"), "{e}");
}
