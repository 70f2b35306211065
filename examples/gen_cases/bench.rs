//! `gen_cases bench N DIR`: a minimal system of about 50 item procedures and an export of N
//! cases (UTF-8 CSV) and about N/2 evaluations, for timing `check` and `report cases`.

use crate::common::*;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

const NAMES: &[(&str, &str, &str)] = &[
    ("企业设立登记", "市市场监督管理局", "行政许可"),
    ("企业变更登记", "市市场监督管理局", "行政许可"),
    ("企业注销登记", "市市场监督管理局", "行政许可"),
    ("食品经营许可", "市市场监督管理局", "行政许可"),
    ("个体工商户设立登记", "市市场监督管理局", "行政确认"),
    ("增值税发票领用", "国家税务总局某市税务局", "公共服务"),
    ("纳税人涉税信息查询", "国家税务总局某市税务局", "公共服务"),
    ("建筑工程施工许可证核发", "市住房和城乡建设局", "行政许可"),
    ("商品房预售许可", "市住房和城乡建设局", "行政许可"),
    ("不动产首次登记", "市自然资源和规划局", "行政确认"),
    ("不动产转移登记", "市自然资源和规划局", "行政确认"),
    ("不动产抵押登记", "市自然资源和规划局", "行政确认"),
    ("居民身份证换领", "市公安局", "公共服务"),
    ("户口迁移", "市公安局", "行政许可"),
    ("社会保障卡申领", "市人力资源和社会保障局", "公共服务"),
    ("失业保险金申领", "市人力资源和社会保障局", "行政给付"),
    ("医疗机构执业登记", "市卫生健康委员会", "行政许可"),
    ("公共场所卫生许可", "市卫生健康委员会", "行政许可"),
    ("结婚登记", "市民政局", "行政确认"),
    ("道路货物运输经营许可", "市交通运输局", "行政许可"),
    ("排污许可证核发", "市生态环境局", "行政许可"),
    ("住房公积金提取", "市住房公积金管理中心", "公共服务"),
    ("药品零售企业许可", "市市场监督管理局", "行政许可"),
    ("人力资源服务许可", "市人力资源和社会保障局", "行政许可"),
    ("基本医疗保险关系转移接续", "市医疗保障局", "公共服务"),
];

pub const ITEMS: usize = 50;

fn window_of(dept: &str) -> &'static str {
    match dept {
        d if d.contains("市场监督") => "市场监管窗口",
        d if d.contains("税务") => "税务窗口",
        d if d.contains("自然资源") => "不动产登记窗口",
        d if d.contains("公安") => "公安窗口",
        d if d.contains("人力资源") || d.contains("医疗保障") => "人社医保窗口",
        d if d.contains("住房和城乡") => "住建窗口",
        _ => "综合受理窗口",
    }
}

/// The items of the bench system: a quarter instant, the rest promised (a few joint and
/// reported), limits from 1 to 15 working days, 行政许可 never over 20 statutory days (I009).
pub fn items() -> Vec<Item> {
    let mut rng = Rng::new(0x0202_2026);
    (0..ITEMS)
        .map(|i| {
            let (name, dept, ty) = NAMES[i % NAMES.len()];
            let name = if i < NAMES.len() {
                name.to_string()
            } else {
                format!("{name}（延续）")
            };
            let handling = match i % 20 {
                0 | 4 | 8 | 12 | 16 => Handling::Instant,
                7 => Handling::Joint,
                13 => Handling::Reported,
                _ => Handling::Promised,
            };
            let promised: f64 = if handling == Handling::Instant {
                0.0
            } else {
                [1.0, 2.0, 3.0, 5.0, 7.0, 10.0, 15.0][rng.below(7) as usize]
            };
            let cap = if ty == "行政许可" { 20.0 } else { 45.0 };
            let statutory = f64::min(
                cap,
                (promised * 2.0).max(promised + [1.0, 3.0, 5.0][rng.below(3) as usize]),
            );
            let prefix = match ty {
                "行政许可" => "XK",
                "行政确认" => "QR",
                "行政给付" => "JF",
                _ => "GG",
            };
            Item {
                code: format!("340300-{prefix}-{:04}", i + 1),
                name,
                department: dept.to_string(),
                window: window_of(dept).to_string(),
                handling,
                promised,
                statutory,
                weight: 1 + rng.below(20),
            }
        })
        .collect()
}

fn item_type(i: usize) -> &'static str {
    NAMES[i % NAMES.len()].2
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const POSTS: &[(&str, &str, &str)] = &[
    ("P-SL-01", "综合受理窗口工作人员", "综合受理窗口"),
    ("P-CK-01", "市场监管窗口工作人员", "市场监管窗口"),
    ("P-CK-02", "税务窗口工作人员", "税务窗口"),
    ("P-CK-03", "不动产登记窗口工作人员", "不动产登记窗口"),
    ("P-DC-01", "督查专员", "督查室"),
];

fn system_files(dir: &Path, items: &[Item]) {
    let mut cfg = String::from(
        "# A generated system for the case benchmarks (gen_cases bench): item procedures and a case export.\n\
         stdkit: 1\norganisation: 某市政务服务中心\ntitle: 某市政务服务中心服务标准体系\ncode: ZWZX\n\
         today: 2026-12-31\n\
         # the implementation records (training, inspections, audits, reviews) are not what is measured\n\
         rules: {C001: off, C003: off, A011: off, A020: off, A030: off, A040: off}\nstructure:\n  - code: \"200\"\n    name: 服务质量标准\n    \
         category: quality\n    children:\n      - {code: \"202\", name: 项目办理规程}\nposts:\n",
    );
    for (id, name, dept) in POSTS {
        let _ = writeln!(cfg, "  - {{id: {id}, name: {name}, department: {dept}}}");
    }
    cfg.push_str("items:\n");
    for (i, it) in items.iter().enumerate() {
        let _ = writeln!(
            cfg,
            "  - {{id: \"{}\", name: {}, department: {}, type: {}}}",
            it.code,
            it.name,
            it.department,
            item_type(i)
        );
    }
    cfg.push_str(
        "compliance:\n  period: 2026\n  targets: {implementation: null}\n  cases: [records/cases/办件.yaml]\n  evaluations: [records/cases/好差评.yaml]\n",
    );
    write(&dir.join("stdkit.yaml"), &cfg);
    for (i, it) in items.iter().enumerate() {
        let id = format!("202-{:03}", i + 1);
        let l = it.promised;
        let steps = if it.handling == Handling::Instant {
            "    - {name: 受理, post: P-SL-01, days: 0}\n    - {name: 审核, days: 0}\n    - {name: 办结, days: 0}\n"
                .to_string()
        } else {
            let half = (l / 2.0 * 2.0).floor() / 2.0; // whole or half days
            format!(
                "    - {{name: 受理, post: P-SL-01, days: 0}}\n    - {{name: 审查, days: {}}}\n    - {{name: 决定, days: {}}}\n",
                num(half),
                num(l - half)
            )
        };
        let text = format!(
            "id: \"{id}\"\ntitle: {name}办理规程\nkind: item\nnumber: Q/ZWZX 202.{n}—2025\nstatus: effective\n\
             published: 2025-12-01\neffective: 2026-01-01\nposts: [P-SL-01]\n\
             scope: 本文件规定了{name}的办理依据、申请材料、办理程序、时限和收费。本文件适用于{name}。\n\
             item:\n  code: \"{code}\"\n  name: {name}\n  type: {ty}\n  subject: {dept}\n  subject_nature: statutory\n  \
             handling: {handling}\n  basis:\n    - {{law: 《中华人民共和国行政许可法》, article: 第四十二条}}\n  \
             materials:\n    - {{name: 申请书, form: original}}\n  steps:\n{steps}  statutory_limit: {stat}\n  \
             promised_limit: {prom}\n  fees: []\n  result: 办理结果通知书\n  disclosure: [办事指南]\n",
            name = it.name,
            n = i + 1,
            code = it.code,
            ty = item_type(i),
            dept = it.department,
            handling = it.handling.word(),
            stat = num(it.statutory),
            prom = num(it.promised),
        );
        write(&dir.join(format!("standards/{id}.yaml")), &text);
    }
    write(
        &dir.join("records/cases/办件.yaml"),
        "# The case export of the bench system; 事项名称, 申请人 and 身份证号 are not mapped, so never read.\n\
         cases: 1\nfile: 2026-办件明细.csv\nencoding: auto\ncolumns:\n  id: 办件编号\n  item: 事项编码\n  \
         received: 受理时间\n  finished: 办结时间\n  status: 办件状态\n  handling: 办件类型\n  \
         promised_limit: 承诺时限\n  excluded_days: 特别程序时长\n  corrections: 补正次数\n  channel: 申报方式\n  \
         window: 受理窗口\n  department: 实施部门\n",
    );
    write(
        &dir.join("records/cases/好差评.yaml"),
        "# The 好差评 export of the bench system; 评价人 is not mapped.\n\
         evaluations: 1\nfile: 2026-好差评.csv\nencoding: auto\ncolumns:\n  id: 评价编号\n  case: 办件编号\n  \
         time: 评价时间\n  level: 评价等级\n  active: 是否主动评价\n  named: 是否实名\n  valid: 是否有效\n  \
         reason: 差评原因\n  callback: 回访时间\n  fixed: 整改完成时间\n",
    );
}

/// An ID-like string that is no valid 居民身份证号码: region 99 does not exist and the check
/// character is deliberately wrong (GB 11643), so no real person's number is ever written.
fn fake_id(rng: &mut Rng, seq: usize) -> String {
    let digits = format!(
        "99{:04}{:04}{:02}{:02}{:03}",
        rng.below(10000),
        1950 + rng.below(55),
        1 + rng.below(12),
        1 + rng.below(28),
        seq % 1000
    );
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: &[u8; 11] = b"10X98765432";
    let sum: u32 = digits
        .bytes()
        .zip(W)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let right = C[(sum % 11) as usize];
    let wrong = C[((sum + 1 + rng.below(10) as u32) % 11) as usize];
    debug_assert_ne!(right, wrong);
    format!("{digits}{}", wrong as char)
}

pub fn run(n: usize, dir: &Path) {
    let cal = Calendar::new();
    let items = items();
    system_files(dir, &items);
    let r_day = cal.day_of("2026-12-31").unwrap();
    let mut rng = Rng::new(0xbe7c_2026);
    let cum = cumulative(&items);
    let mix = Mix {
        returned: 12,
        withdrawn: 3,
        rejected: 2,
        special: 20,
        overdue: 25,
        over_statutory: 1,
        instant_late: 5,
        stuck: 2,
        same_day: 80,
        on_time: 250,
        open_overdue: true,
    };
    let path = dir.join("records/cases/2026-办件明细.csv");
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&path).unwrap());
    out.write_all(
        "办件编号,事项编码,事项名称,申请人,身份证号,受理时间,办结时间,办件状态,办件类型,承诺时限,特别程序时长,补正次数,申报方式,受理窗口,实施部门\n"
            .as_bytes(),
    )
    .unwrap();
    let mut evaluations = Vec::with_capacity(n / 2 + 16);
    let mut seq = 0;
    let (mut open, mut overdue_open) = (0, 0);
    let mut line = String::with_capacity(512);
    for (day, count) in receipt_days(&mut rng, &cal, n, r_day) {
        for mut c in cases_of_day(&mut rng, &cal, &items, &cum, (day, count, r_day), &mix) {
            seq += 1;
            c.seq = seq;
            let it = &items[c.item];
            if c.finished.is_none() {
                open += 1;
                if c.status == Status::Open && cal.wd(day, r_day) > it.limit() {
                    overdue_open += 1;
                }
            }
            line.clear();
            let _ = writeln!(
                line,
                "BJ2026{seq:08},{},{},测试用户{:04},{},{},{},{},{},{},{},{},{},{}{:02},{}",
                it.code,
                it.name,
                seq % 10000,
                fake_id(&mut rng, seq),
                time_text(&cal, c.received),
                c.finished.map(|f| time_text(&cal, f)).unwrap_or_default(),
                c.status.label(),
                it.handling.label(),
                num(it.promised),
                c.excluded,
                c.corrections,
                CHANNELS[c.channel],
                it.window,
                c.window,
                it.department,
            );
            out.write_all(line.as_bytes()).unwrap();
            if c.status == Status::Finished && rng.chance(540) {
                evaluations.extend(evaluate(&mut rng, &cal, &c, r_day, (4, 3)));
            }
            if rng.chance(15) {
                // the hall or a window evaluated, no case
                let d = day.min(r_day);
                evaluations.push(Evaluation {
                    case: None,
                    time: (d, 540 + rng.below(480) as u32),
                    level: if rng.chance(950) { 5 } else { 4 },
                    channel: 0,
                    active: true,
                    named: false,
                    valid: true,
                    reason: None,
                    callback: None,
                    fixed: None,
                });
            }
        }
    }
    out.flush().unwrap();
    evaluations.sort_by_key(|e| e.time);
    let path = dir.join("records/cases/2026-好差评.csv");
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&path).unwrap());
    out.write_all(
        "评价编号,办件编号,评价时间,评价等级,评价渠道,是否主动评价,是否实名,是否有效,差评原因,回访时间,整改完成时间,评价人\n"
            .as_bytes(),
    )
    .unwrap();
    let mut bad = 0;
    for (i, e) in evaluations.iter().enumerate() {
        bad += usize::from(e.level <= 2);
        line.clear();
        let _ = writeln!(
            line,
            "PJ2026{:08},{},{},{},{},{},{},{},{},{},{},{}",
            i + 1,
            e.case.map(|s| format!("BJ2026{s:08}")).unwrap_or_default(),
            time_text(&cal, e.time),
            LEVELS[e.level as usize],
            EVAL_CHANNELS[e.channel],
            yes_no(e.active),
            yes_no(e.named),
            yes_no(e.valid),
            e.reason.unwrap_or(""),
            e.callback.map(|t| time_text(&cal, t)).unwrap_or_default(),
            e.fixed.map(|t| time_text(&cal, t)).unwrap_or_default(),
            if e.named {
                format!("测试用户{:04}", i % 10000)
            } else {
                String::new()
            },
        );
        out.write_all(line.as_bytes()).unwrap();
    }
    out.flush().unwrap();
    println!(
        "gen_cases bench: {seq} cases ({open} open, {overdue_open} open past the limit), {} evaluations ({bad} 差评), {} items in {}",
        evaluations.len(),
        items.len(),
        dir.display()
    );
}
