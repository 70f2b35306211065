//! The benchmark generator makes systems that check without errors, so `table` and `build`
//! run on them, and the same size gives the same bytes.

use crate::common;

#[path = "../../examples/gen_system/generate.rs"]
#[allow(dead_code)]
mod generate;

#[test]
fn generated_system_checks_clean_and_is_deterministic() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    generate::generate(400, a.path());
    generate::generate(400, b.path());
    let files = common::yaml_files(a.path());
    assert!(files.len() > 400);
    for f in &files {
        let rel = f.strip_prefix(a.path()).unwrap();
        assert_eq!(
            std::fs::read(f).unwrap(),
            std::fs::read(b.path().join(rel)).unwrap(),
            "{}",
            rel.display()
        );
    }
    let system = common::load(a.path());
    let errors: Vec<String> = system
        .diagnostics
        .iter()
        .filter(|d| d.severity == stdkit::diag::Severity::Error)
        .map(|d| d.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // Every kind is there.
    for kind in [
        "terms",
        "symbols",
        "item",
        "service",
        "management",
        "work",
        "general",
        "external",
    ] {
        assert!(
            system
                .standards
                .iter()
                .any(|l| l.std.kind.map(|k| k.as_str()) == Some(kind)),
            "{kind}"
        );
    }
    assert!(
        system
            .standards
            .iter()
            .any(|l| l.std.status() == Some(stdkit::model::Status::Superseded))
    );
    common::stdkit()
        .args(["table", "--format", "md"])
        .arg(a.path())
        .assert()
        .success();
    common::stdkit()
        .args(["build", "-q", "-o"])
        .arg(a.path().join("out"))
        .arg(a.path())
        .assert()
        .success();
}

#[test]
fn generated_records_load_without_a_schema_finding() {
    let a = tempfile::tempdir().unwrap();
    generate::generate_full(400, a.path(), 0, 800);
    let system = common::load(a.path());
    let records = system.records.as_ref().expect("the compliance block is on");
    assert_eq!(records.list.len(), 800);
    let s_group: Vec<String> = system
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with('S') || d.code == "A001" || d.code == "A002")
        .map(|d| d.to_string())
        .collect();
    assert!(s_group.is_empty(), "{s_group:#?}");
}
