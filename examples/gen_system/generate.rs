//! The generator of large, realistic, spec-conformant standard systems for benchmarks (used by
//! `examples/gen_system` and `benches/phases.rs`).
//!
//! Deterministic (a fixed linear congruential generator): the same N gives the same bytes.
//! Every kind appears, with references between standards, catalogues sized to the system,
//! superseded editions with their successors, and a few planned standards. The system checks
//! without errors (a test keeps it so), so `table` and `build` run on it too.

use std::fmt::Write as _;
use std::path::Path;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "窗口工作人员应按照一次性告知的要求说明需补正的全部材料",
    "受理后应在承诺时限内办结并通过短信告知申请人",
    "服务大厅应保持整洁，引导标识应清晰、准确、规范",
    "办件信息应实时录入政务服务平台，确保全程留痕、可追溯",
    "对群众的咨询应首问负责，不属于本岗位职责的应引导至相应窗口",
    "设施设备应定期检查维护，发现故障应在当日报修并记录",
    "工作人员应统一着装、佩戴工作牌，使用文明规范用语",
    "投诉应在规定时限内核实处理，并向投诉人反馈处理结果",
    "档案应按年度整理归档，保管期限按照档案管理规定执行",
    "应急预案应每年至少演练一次，演练情况应形成记录",
];

const TITLES: &[&str] = &[
    "服务规范",
    "管理规范",
    "工作规程",
    "运行规范",
    "质量要求",
    "评价规范",
    "实施细则",
    "操作规程",
];

fn text(rng: &mut Rng, sentences: usize) -> String {
    (0..sentences)
        .map(|_| format!("{}。", WORDS[rng.below(WORDS.len())]))
        .collect()
}

struct Std {
    id: String,
    number: String,
    year: u32,
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Writes a system of about `n` standards into `dir`.
#[allow(dead_code)]
pub fn generate(n: usize, dir: &Path) {
    generate_with_misses(n, dir, 0);
}

/// As [`generate`], and `misses` of the standards (spread evenly) also cite one standard that
/// does not exist — a near miss of a real id or number, so every one asks for a "did you mean"
/// (R001 errors). The rest of the bytes are those of [`generate`].
pub fn generate_with_misses(n: usize, dir: &Path, misses: usize) {
    generate_full(n, dir, misses, 0);
}

/// As [`generate_with_misses`], and with `records > 0` a `compliance:` block, a staff roster
/// (two people per post) and `records` implementation records, one file each: trainings,
/// inspections with findings and actions, standalone actions and registers through 2026,
/// citing the generated standards (see [`write_records`]).
pub fn generate_full(n: usize, dir: &Path, misses: usize, records: usize) {
    let mut missed = 0;
    let mut rng = Rng(0x5eed_2026);
    let leaves_per_top = 10;
    let posts = (n / 20).max(4);
    let items = (n / 4).max(4);
    let assets = (n / 50).max(4);
    // stdkit.yaml
    let mut cfg = String::from(
        "stdkit: 1\norganisation: 某市政务服务中心\ntitle: 某市政务服务中心服务标准体系\ncode: ZWZX\ntoday: 2026-11-27\n",
    );
    cfg.push_str("targets: {coverage: 0.80}\nstructure:\n");
    let tops = [
        ("1", "服务基础标准", "basic"),
        ("2", "服务质量标准", "quality"),
        ("3", "服务管理标准", "management"),
        ("4", "服务工作标准", "work"),
    ];
    for (d, name, cat) in tops {
        let _ = writeln!(
            cfg,
            "  - code: \"{d}00\"\n    name: {name}\n    category: {cat}\n    children:"
        );
        for k in 1..=leaves_per_top {
            let _ = writeln!(
                cfg,
                "      - {{code: \"{d}{k:02}\", name: {name}子体系{k}}}"
            );
        }
    }
    cfg.push_str(
        "posts: catalogue/posts.yaml\nitems: catalogue/items.yaml\nassets: catalogue/assets.yaml\n",
    );
    if records > 0 {
        cfg.push_str("compliance:\n  period: 2026\n  staff: records/staff.yaml\n");
    }
    write(&dir.join("stdkit.yaml"), &cfg);
    let mut p = String::new();
    for i in 0..posts {
        let _ = writeln!(
            p,
            "- {{id: P-{i:05}, name: 岗位{i}工作人员, department: 窗口{}, tier: execution}}",
            i % 40
        );
    }
    write(&dir.join("catalogue/posts.yaml"), &p);
    let mut it = String::new();
    for i in 0..items {
        let _ = writeln!(
            it,
            "- {{id: \"340300-XK-{i:06}\", name: 服务事项{i}, department: 市某局{}, type: 行政许可}}",
            i % 30
        );
    }
    write(&dir.join("catalogue/items.yaml"), &it);
    let mut a = String::new();
    for i in 0..assets {
        let _ = writeln!(a, "- {{id: A-{i:05}, name: 设施设备{i}}}");
    }
    write(&dir.join("catalogue/assets.yaml"), &a);

    // Standards: items take a quarter, work standards one per post, management standards cover
    // the assets, externals and terms in the basic category, the rest service/general.
    let mut made: Vec<Std> = Vec::new();
    let mut seq = vec![0usize; 50];
    let mut item_next = 0;
    let mut post_next = 0;
    let mut asset_next = 0;
    let mut i = 0;
    while i < n {
        let r = i % 20;
        let (top, kind) = match r {
            0 => (1, "terms"),
            1 => (1, "external"),
            2..=6 => (2, "item"),
            7..=9 => (2, "service"),
            10 | 11 => (3, "management"),
            12 => (4, "work"),
            13 => (1, "symbols"),
            _ => ([1, 2, 3, 4][rng.below(4)], "general"),
        };
        let kind = match kind {
            "item" if item_next >= items => "general",
            "work" if post_next >= posts => "general",
            k => k,
        };
        let leaf = 1 + rng.below(leaves_per_top);
        let node = format!("{top}{leaf:02}");
        let slot = (top - 1) * leaves_per_top + leaf - 1;
        seq[slot] += 1;
        let id = format!("{node}-{:05}", seq[slot]);
        let year = 2022 + (rng.below(5) as u32);
        let number = if kind == "external" {
            format!("GB/T {}.{}—{year}", 30000 + i, 1 + rng.below(4))
        } else {
            format!("Q/ZWZX {node}.{}—{year}", seq[slot])
        };
        let planned = i % 97 == 50 && kind != "external";
        // Every 40th standard comes with a superseded earlier edition.
        let supersede = i % 40 == 25 && kind != "external" && !planned;
        let mut y = String::with_capacity(4096);
        let _ = writeln!(
            y,
            "# yaml-language-server: $schema=../../schema/standard.schema.json"
        );
        let _ = writeln!(y, "id: \"{id}\"");
        let title = format!(
            "{}{}",
            ["政务服务", "窗口服务", "大厅运行", "办件质量", "网上办事"][rng.below(5)],
            TITLES[rng.below(TITLES.len())]
        );
        let _ = writeln!(y, "title: {title}{i}");
        let _ = writeln!(y, "kind: {kind}");
        if planned {
            y.push_str("status: planned\n");
            write(&dir.join(format!("{top}00/{node}/{id}.yaml")), &y);
            i += 1;
            continue;
        }
        let _ = writeln!(y, "number: {number}");
        y.push_str("status: effective\n");
        let _ = writeln!(y, "published: {year}-03-01\neffective: {year}-04-01");
        if kind == "external" {
            y.push_str("adoption: direct\nlast_checked: 2026-06-01\n");
            write(&dir.join(format!("{top}00/{node}/{id}.yaml")), &y);
            made.push(Std { id, number, year });
            i += 1;
            continue;
        }
        let _ = writeln!(y, "owner: 综合科\nproposer: 综合科");
        if supersede {
            // The old edition, in its own file, superseded by this one.
            seq[slot] += 1;
            let old_id = format!("{node}-{:05}", seq[slot]);
            let old_number = format!("Q/ZWZX {node}.{}—2019", seq[slot]);
            let old = format!(
                "# yaml-language-server: $schema=../../schema/standard.schema.json\nid: \"{old_id}\"\ntitle: {title}（2019版）\nkind: general\nnumber: {old_number}\nstatus: superseded\npublished: 2019-03-01\neffective: 2019-04-01\nsuperseded_by: \"{id}\"\nscope: 本文件规定了{title}的要求。\nclauses:\n  - text: {}\n",
                text(&mut rng, 2)
            );
            write(&dir.join(format!("{top}00/{node}/{old_id}.yaml")), &old);
            let _ = writeln!(y, "supersedes: [\"{old_id}\"]");
            let _ = writeln!(
                y,
                "history:\n  - {{date: 2019-03-01, change: 首次发布}}\n  - {{date: {year}-03-01, change: 第一次修订}}"
            );
        }
        // References to earlier standards, by id or by number.
        if !made.is_empty() {
            y.push_str("references: [");
            for k in 0..(1 + rng.below(3)) {
                let s = &made[rng.below(made.len())];
                if k > 0 {
                    y.push_str(", ");
                }
                if rng.below(2) == 0 {
                    let _ = write!(y, "\"{}\"", s.id);
                } else {
                    let _ = write!(y, "{}", s.number);
                }
                let _ = s.year;
            }
            if missed < misses * (i + 1) / n.max(1) {
                // An id with one digit more, or a number with a year never generated.
                let s = &made[(i * 7919) % made.len()];
                if missed % 2 == 0 {
                    let _ = write!(y, ", \"{}7\"", s.id);
                } else {
                    let undated = s.number.split('—').next().unwrap_or(&s.number);
                    let _ = write!(y, ", {undated}—2031");
                }
                missed += 1;
            }
            y.push_str("]\n");
        }
        let _ = writeln!(
            y,
            "scope: |\n  本文件规定了{title}的内容与要求。\n  本文件适用于某市政务服务中心的相关工作。"
        );
        match kind {
            "terms" => {
                y.push_str("terms:\n");
                for t in 0..3 {
                    let _ = writeln!(
                        y,
                        "  - {{term: 术语{i}-{t}, definition: {}}}",
                        text(&mut rng, 1)
                    );
                }
            }
            "symbols" => {
                y.push_str("symbols:\n  - {name: 导向标志, meaning: 指示办事区域, location: 大厅入口}\n  - {name: 禁烟标志, meaning: 大厅内禁止吸烟, location: 大厅各处}\n");
            }
            "item" => {
                let code = format!("340300-XK-{item_next:06}");
                item_next += 1;
                let post = format!("P-{:05}", rng.below(posts));
                let _ = writeln!(
                    y,
                    "posts: [{post}]\nitem:\n  code: \"{code}\"\n  name: 服务事项{}\n  type: 行政许可\n  subject: 市某局\n  handling: promised\n  basis:\n    - {{law: 《中华人民共和国行政许可法》, article: 第二十九条}}\n  conditions: [申请人符合法定条件]\n  materials:\n    - {{name: 申请书, form: original}}\n    - {{name: 身份证明, form: copy}}\n    - {{name: 相关证明文件, form: copy, source: 申请人自备}}\n  steps:\n    - {{name: 受理, post: {post}, days: 0.5}}\n    - {{name: 审查, days: 2}}\n    - {{name: 决定, days: 1}}\n    - {{name: 送达, days: 0.5}}\n  statutory_limit: 20\n  promised_limit: 5\n  fees: []\n  disclosure: [办事指南, 门户网站]",
                    item_next - 1
                );
            }
            "work" => {
                let post = format!("P-{post_next:05}");
                post_next += 1;
                let _ = writeln!(
                    y,
                    "posts: [{post}]\nwork:\n  post: {post}\n  duties: [{}, {}]\n  work_items:\n    - {{content: 受理申请, requirements: {}}}\n    - {{content: 咨询解答, requirements: {}}}\n  assessment: [按月考核, 年度评议]",
                    text(&mut rng, 1),
                    text(&mut rng, 1),
                    text(&mut rng, 1),
                    text(&mut rng, 1)
                );
            }
            "management" => {
                let mut covers = Vec::new();
                for _ in 0..2 {
                    covers.push(format!("A-{:05}", asset_next % assets));
                    asset_next += 1;
                }
                let _ = writeln!(
                    y,
                    "management:\n  duties: [{{unit: 综合科, duty: {}}}]\n  inspection: [{}]\n  records: [{{name: 检查记录, form: ZWZX-JL-{node}-01, keeper: 综合科, retention: 3年}}]\n  covers: [{}]",
                    text(&mut rng, 1),
                    text(&mut rng, 1),
                    covers.join(", ")
                );
            }
            _ => {}
        }
        if kind != "terms" && kind != "symbols" || rng.below(2) == 0 {
            y.push_str("clauses:\n");
            for c in 0..(2 + rng.below(3)) {
                if rng.below(3) == 0 {
                    let _ = writeln!(
                        y,
                        "  - title: 要求{c}\n    clauses:\n      - text: {}\n      - text: {}",
                        text(&mut rng, 2),
                        text(&mut rng, 2)
                    );
                } else {
                    let _ = writeln!(
                        y,
                        "  - title: 要求{c}\n    text: |\n      {}",
                        text(&mut rng, 3)
                    );
                }
            }
        }
        write(&dir.join(format!("{top}00/{node}/{id}.yaml")), &y);
        made.push(Std { id, number, year });
        i += 1;
    }
    if records > 0 {
        write_records(dir, &made, posts, records, &mut rng);
    }
}

/// The records of [`generate_full`]: a roster of two people per post, then by turns a training
/// (audience a post, its two people attending, two standards), an inspection (five rows, a
/// partial one with its finding and a closed action), a standalone action and a register.
fn write_records(dir: &Path, made: &[Std], posts: usize, records: usize, rng: &mut Rng) {
    let mut staff = String::new();
    for p in 0..posts {
        for k in 0..2 {
            let _ = writeln!(
                staff,
                "- {{id: S-{:06}, name: 工作人员{}, post: P-{p:05}, from: 2024-01-01}}",
                2 * p + k,
                2 * p + k
            );
        }
    }
    write(&dir.join("records/staff.yaml"), &staff);
    let pick = |rng: &mut Rng| &made[rng.below(made.len())].id;
    for r in 0..records {
        let day = format!("2026-{:02}-{:02}", 1 + r % 10, 1 + (r / 10) % 28);
        let seq = r / 4 + 1;
        let (path, y) = match r % 4 {
            0 => {
                let p = rng.below(posts);
                (
                    format!("records/training/PX-2026-{seq:05}.yaml"),
                    format!(
                        "record: training\nid: PX-2026-{seq:05}\ntitle: 标准宣贯培训{seq}\ndate: {day}\nhours: 2\nform: lecture\nstandards: [\"{}\", \"{}\"]\naudience: {{posts: [P-{p:05}]}}\nattendees:\n  - {{staff: S-{:06}, assessment: exam, score: 90, passed: true}}\n  - S-{:06}\n",
                        pick(rng),
                        pick(rng),
                        2 * p,
                        2 * p + 1
                    ),
                )
            }
            1 => {
                let rows: Vec<String> = (0..5)
                    .map(|k| {
                        let result = if k == 0 { "partial" } else { "conform" };
                        format!(
                            "  - {{standard: \"{}\", result: {result}, observed: 抽查10件}}",
                            pick(rng)
                        )
                    })
                    .collect();
                let first = rows[0].split('"').nth(1).unwrap_or_default().to_string();
                let who = rng.below(2 * posts);
                (
                    format!("records/inspections/JC-2026-{seq:05}.yaml"),
                    format!(
                        "record: inspection\nid: JC-2026-{seq:05}\ndate: {day}\ntype: periodic\ninspectors: [S-{who:06}]\nchecks:\n{}\nfindings:\n  - id: JC-2026-{seq:05}-F1\n    standard: \"{first}\"\n    description: 1件未一次性告知\n    grade: minor\n    actions:\n      - {{id: JC-2026-{seq:05}-A1, description: 整改并复训, owner: S-{:06}, due: 2026-12-20}}\n",
                        rows.join("\n"),
                        (who + 1) % (2 * posts)
                    ),
                )
            }
            2 => (
                format!("records/actions/ZG-2026-{seq:05}.yaml"),
                format!(
                    "record: action\nid: ZG-2026-{seq:05}\ndate: {day}\ndescription: 改进措施{seq}\nowner: S-{:06}\ndue: 2026-12-31\nkind: improvement\n",
                    rng.below(2 * posts)
                ),
            ),
            _ => (
                format!("records/registers/TZ-{seq:05}.yaml"),
                format!(
                    "record: register\nid: TZ-{seq:05}\nstandard: \"{}\"\ntitle: 检查记录\nmedium: paper\nfrom: 2026-01-01\nchecked: 2026-09-30\n",
                    pick(rng)
                ),
            ),
        };
        write(&dir.join(path), &y);
    }
}
