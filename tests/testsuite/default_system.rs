//! The embedded default system and the examples: the counts the default must keep (so it
//! cannot silently shrink), and what each example is for.

use crate::common;

use common::{standards, stdkit};
use serde_json::Value;
use std::collections::BTreeSet;
use stdkit::model::{Kind, Status};

#[test]
fn default_system_keeps_its_size_and_coverage() {
    let system = common::load(&standards());
    let sys = &system.sys;
    assert!(sys.posts.entries.len() >= 15, "posts");
    assert!(sys.items.entries.len() >= 30, "items");
    assert!(sys.assets.entries.len() >= 12, "assets");
    assert!(system.standards.len() >= 100, "standards");
    let existing = |k: Kind| {
        system.standards.iter().filter(move |l| {
            l.std.kind == Some(k) && l.std.status().is_some_and(Status::is_existing)
        })
    };
    assert!(existing(Kind::Item).count() >= 30, "item procedures");
    // A work standard for every post but the two deliberately planned ones.
    let covered: BTreeSet<&str> = existing(Kind::Work)
        .filter_map(|l| l.std.work.as_ref()?.post.as_ref().map(|p| p.value.as_str()))
        .collect();
    assert_eq!(sys.posts.entries.len() - covered.len(), 2);
    // Management standards cover every asset and every management sub-node.
    let covers: BTreeSet<&str> = existing(Kind::Management)
        .flat_map(|l| {
            l.std
                .management
                .iter()
                .flat_map(|m| m.covers.iter().map(|c| c.value.as_str()))
        })
        .collect();
    for a in &sys.assets.entries {
        assert!(
            covers.contains(a.id.as_ref().unwrap().value.as_str()),
            "asset {:?}",
            a.id
        );
    }
    let mgmt_top = sys
        .nodes
        .iter()
        .position(|n| n.category == Some(stdkit::model::Category::Management) && n.parent.is_none())
        .unwrap();
    for &child in &sys.nodes[mgmt_top].children {
        let code = &sys.nodes[child].code;
        assert!(
            existing(Kind::Management).any(|l| l.std.node() == Some(code.as_str())),
            "management node {code}"
        );
    }
    // The adopted national standards, superseded editions, an abolished one, planned ones.
    for n in [
        "GB/T 1.1—2020",
        "GB/T 13016—2018",
        "GB/T 13017—2018",
        "GB/T 15496—2017",
        "GB/T 32169.1—2015",
        "GB/T 32170.2—2015",
    ] {
        assert!(
            system
                .standards
                .iter()
                .any(|l| l.std.is_external() && l.std.number() == Some(n)),
            "{n}"
        );
    }
    let status = |s: Status| {
        system
            .standards
            .iter()
            .filter(|l| l.std.status() == Some(s))
            .count()
    };
    assert!(
        status(Status::Superseded) >= 2
            && status(Status::Abolished) >= 1
            && status(Status::Planned) >= 3
    );
    // Realistic coverage: above the 90 % target, not 100 %.
    let c = stdkit::count::Counts::of(&system.standards, sys)
        .coverage()
        .unwrap();
    assert!((0.9..1.0).contains(&c), "{c}");
}

fn codes(dir: &std::path::Path) -> (i32, Vec<Value>) {
    let out = stdkit()
        .args(["check", "--format", "json"])
        .arg(dir)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    (
        out.status.code().unwrap(),
        v["diagnostics"].as_array().unwrap().clone(),
    )
}

#[test]
fn broken_example_fires_every_rule_group() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/broken");
    let (code, diags) = codes(&dir);
    assert_eq!(code, 1);
    let groups: BTreeSet<char> = diags
        .iter()
        .map(|d| d["code"].as_str().unwrap().chars().next().unwrap())
        .collect();
    for g in ['S', 'N', 'R', 'D', 'I', 'W', 'M', 'G', 'C'] {
        assert!(groups.contains(&g), "no {g} finding in examples/broken");
    }
}

#[test]
fn minimal_and_gbt24421_examples_check_without_errors() {
    for name in ["minimal", "gbt24421"] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(name);
        let (code, diags) = codes(&dir);
        assert_eq!(code, 0, "{name}: {diags:#?}");
        // Their warnings are the blind spots their READMEs and comments explain.
        assert!(
            diags.iter().all(|d| d["code"] == "C002"),
            "{name}: {diags:#?}"
        );
    }
}
