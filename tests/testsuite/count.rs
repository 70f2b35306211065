//! The counting of outputs.md on small hand-made systems, worked out by hand in each test.

use crate::common;

use stdkit::count::Counts;

const CONFIG: &str = r#"
stdkit: 1
organisation: 测试中心
title: 测试标准体系
code: ZWZX
today: 2026-11-27
structure:
  - {code: "100", name: 服务基础标准, category: basic, children: [{code: "101", name: 标准化导则}]}
  - {code: "200", name: 服务质量标准, category: quality, children: [{code: "202", name: 项目办理规程}, {code: "203", name: 服务质量控制}]}
  - {code: "300", name: 服务管理标准, category: management, children: [{code: "301", name: 综合管理}]}
  - {code: "400", name: 服务工作标准, category: work, children: [{code: "401", name: 窗口岗位}]}
posts: [{id: P1, name: 岗位一}, {id: P2, name: 岗位二}, {id: P3, name: 岗位三}]
items: [{id: I1, name: 事项一}, {id: I2, name: 事项二}]
assets: [{id: A1, name: 设施一}, {id: A2, name: 设施二}]
"#;

fn general(id: &str, status: &str, extra: &str) -> String {
    format!("id: \"{id}\"\ntitle: 标准{id}\nkind: general\nstatus: {status}\n{extra}")
}

const EFFECTIVE: &str =
    "published: 2026-01-01\neffective: 2026-02-01\nscope: 范围。\nclauses: [{text: 内容。}]\n";

fn fixture() -> tempfile::TempDir {
    let s = |id: &str, status: &str, extra: &str| general(id, status, extra);
    common::system(&[
        ("stdkit.yaml", CONFIG),
        (
            "a/101-001.yaml",
            &s(
                "101-001",
                "effective",
                &format!("number: Q/ZWZX 101.1—2026\n{EFFECTIVE}"),
            ),
        ),
        (
            "a/101-002.yaml",
            &s(
                "101-002",
                "superseded",
                "number: Q/ZWZX 101.2—2020\npublished: 2020-01-01\neffective: 2020-02-01\nsuperseded_by: \"101-003\"\nscope: 范围。\nclauses: [{text: 内容。}]\n",
            ),
        ),
        (
            "a/101-003.yaml",
            &s(
                "101-003",
                "effective",
                &format!("number: Q/ZWZX 101.3—2026\nsupersedes: [\"101-002\"]\n{EFFECTIVE}"),
            ),
        ),
        (
            "a/101-004.yaml",
            &s(
                "101-004",
                "abolished",
                "number: Q/ZWZX 101.4—2020\npublished: 2020-01-01\neffective: 2020-02-01\nabolished: 2024-01-01\nscope: 范围。\nclauses: [{text: 内容。}]\n",
            ),
        ),
        (
            "a/101-005.yaml",
            "id: \"101-005\"\ntitle: 外部\nkind: external\nnumber: GB/T 1.1—2020\nstatus: effective\npublished: 2020-03-31\neffective: 2020-10-01\nlast_checked: 2026-06-01\n",
        ),
        (
            "b/202-001.yaml",
            &format!(
                "id: \"202-001\"\ntitle: 事项一办理规程\nkind: item\nnumber: Q/ZWZX 202.1—2026\nstatus: effective\n{EFFECTIVE}item:\n  code: I1\n  name: 事项一\n  subject: 某局\n  handling: promised\n  basis: [{{law: 《某法》}}]\n  materials: [{{name: 申请书}}]\n  steps: [{{name: 受理, days: 1}}, {{name: 审查, days: 2}}, {{name: 检测, days: 5, counted: false}}]\n  statutory_limit: 20\n  promised_limit: 5\n  fees: [{{item: 工本费, standard: 10元, basis: 某文件}}]\n  disclosure: [办事指南]\n"
            ),
        ),
        (
            "b/202-002.yaml",
            "id: \"202-002\"\ntitle: 事项二办理规程\nkind: item\nstatus: planned\nitem: {code: I2}\n",
        ),
        (
            "c/301-001.yaml",
            &format!(
                "id: \"301-001\"\ntitle: 管理\nkind: management\nnumber: Q/ZWZX 301.1—2026\nstatus: effective\n{EFFECTIVE}management:\n  duties: [{{unit: 综合科, duty: 管理}}]\n  inspection: [检查]\n  records: [{{name: 记录}}]\n  covers: [A1]\n"
            ),
        ),
        (
            "d/401-001.yaml",
            &format!(
                "id: \"401-001\"\ntitle: 岗位一工作标准\nkind: work\nnumber: Q/ZWZX 401.1—2026\nstatus: effective\n{EFFECTIVE}work:\n  post: P1\n  duties: [职责]\n  work_items: [{{content: 受理, requirements: 要求}}]\n  assessment: [考核]\n"
            ),
        ),
        (
            "d/401-002.yaml",
            "id: \"401-002\"\ntitle: 岗位二工作标准\nkind: work\nstatus: drafting\nposts: [P2]\n",
        ),
    ])
}

#[test]
fn counts_by_hand() {
    let dir = fixture();
    let system = common::load(dir.path());
    let c = Counts::of(&system.standards, &system.sys);
    // 应有: all but 101-002 (superseded) and 101-004 (abolished).
    assert_eq!(c.overall.required, 8);
    // 现有: 101-001, 101-003, 101-005, 202-001, 301-001, 401-001.
    assert_eq!(c.overall.existing, 6);
    assert_eq!(c.pipeline, 2);
    assert_eq!(c.retired, 2);
    // P1 covered, P2 addressed by the drafting 401-002 (through `posts`), P3 missing;
    // I1 covered, I2 addressed by the planned 202-002; A1 covered, A2 missing.
    assert_eq!((c.posts.covered, c.posts.total), (1, 3));
    assert_eq!(c.posts.in_pipeline, [false, true, false]);
    assert_eq!((c.items.covered, c.items.total), (1, 2));
    assert_eq!((c.assets.covered, c.assets.total), (1, 2));
    assert_eq!(c.missing_catalogue(), 2);
    // 6 ÷ (8 + 2)
    assert_eq!(c.coverage(), Some(0.6));
    // By node, over subtrees (order: 100 101 200 202 203 300 301 400 401).
    let by_node: Vec<(usize, usize)> = c.by_node.iter().map(|t| (t.required, t.existing)).collect();
    assert_eq!(
        by_node,
        [
            (3, 3),
            (3, 3),
            (2, 1),
            (2, 1),
            (0, 0),
            (1, 1),
            (1, 1),
            (2, 1),
            (2, 1)
        ]
    );
    // 203 is a blind spot (no standard at all).
    assert_eq!(c.own_active[4], 0);
    // By level: the GB one is national, the rest enterprise.
    assert_eq!((c.by_level[0].required, c.by_level[0].existing), (1, 1));
    assert_eq!((c.by_level[4].required, c.by_level[4].existing), (7, 5));
    // Item statistics over the one existing item procedure.
    let it = &c.item_stats;
    assert_eq!((it.count, it.promised, it.instant), (1, 1, 0));
    assert_eq!((it.statutory_days, it.promised_days), (20.0, 5.0));
    assert_eq!(it.compression, Some(0.75));
    assert_eq!(it.mean_steps, Some(3.0));
    assert_eq!(it.charging, 1);
}

#[test]
fn coverage_rules_use_the_counting() {
    let dir = fixture();
    let system = common::load(dir.path());
    let codes: Vec<(&str, String)> = system
        .diagnostics
        .iter()
        .map(|d| (d.code, d.message.en.clone()))
        .filter(|(c, _)| c.starts_with('C'))
        .collect();
    // C001: 60.0% < 90%; C002 for 203; C003 for P2 and P3 (no existing work standard);
    // C004 for I2; C005 for A2.
    let just: Vec<&str> = codes.iter().map(|(c, _)| *c).collect();
    assert_eq!(
        just,
        ["C001", "C002", "C003", "C003", "C004", "C005"],
        "{codes:?}"
    );
    assert!(codes[0].1.contains("60.0%"), "{}", codes[0].1);
}

#[test]
fn empty_system_has_no_ratio() {
    let dir = common::system(&[(
        "stdkit.yaml",
        "stdkit: 1\norganisation: o\ntitle: t\ncode: X\nstructure: []\n",
    )]);
    let system = common::load(dir.path());
    let c = Counts::of(&system.standards, &system.sys);
    assert_eq!(c.coverage(), None);
    assert_eq!(c.item_stats.compression, None);
    // The JSON says null, not NaN.
    let stats = stdkit::stats::Stats::new(&system, None).json();
    assert!(stats["overall"]["coverage"].is_null());
    assert!(stats["items"]["compression"].is_null());
}
