//! `gen_cases default ROOT`: the 2026 export of the default system's items, as a centre's case
//! system hands it over: GB18030 CSV with CRLF (Excel on Chinese Windows), the same rows as an
//! XLSX workbook with real date cells, the 好差评 export, and the three mapping files. Small
//! (a few hundred cases), deterministic, and free of personal data: 申请人 is masked (张**),
//! there are no ID or phone numbers at all.

use crate::common::*;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
use serde_yaml_ng::Value;
use std::fmt::Write as _;
use std::path::Path;

const CASES: usize = 450;
const SURNAMES: &[&str] = &[
    "张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
];

fn read_yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn number(v: &Value, key: &str) -> Option<f64> {
    match v.get(key)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// The items of the catalogue that have an effective item procedure, with its limits.
fn items(root: &Path) -> (Vec<Item>, String) {
    let cfg = read_yaml(&root.join("stdkit.yaml"));
    let today = text(&cfg, "today").expect("stdkit.yaml has no today");
    let catalogue: Vec<Value> = match cfg.get("items") {
        Some(Value::String(p)) => match read_yaml(&root.join(p)) {
            Value::Sequence(s) => s,
            _ => panic!("items catalogue {p} is not a list"),
        },
        Some(Value::Sequence(s)) => s.clone(),
        _ => panic!("stdkit.yaml has no items"),
    };
    let mut files: Vec<_> = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            let rel = e.path().strip_prefix(root).unwrap();
            e.file_type().is_file()
                && e.path().extension().is_some_and(|x| x == "yaml")
                && !rel.starts_with("records")
                && !rel.starts_with("catalogue")
        })
        .map(|e| e.into_path())
        .collect();
    files.sort();
    // item code → (handling, promised, statutory, window) of the latest effective procedure
    let mut procs: Vec<(String, String, Handling, f64, f64, Option<String>)> = Vec::new();
    for f in files {
        let v = read_yaml(&f);
        if text(&v, "kind").as_deref() != Some("item")
            || text(&v, "status").as_deref() != Some("effective")
        {
            continue;
        }
        let Some(block) = v.get("item") else { continue };
        let (Some(code), Some(h)) = (text(block, "code"), text(block, "handling")) else {
            continue;
        };
        let handling = match h.as_str() {
            "instant" => Handling::Instant,
            "joint" => Handling::Joint,
            "reported" => Handling::Reported,
            _ => Handling::Promised,
        };
        let eff = text(&v, "effective").unwrap_or_default();
        let entry = (
            code.clone(),
            eff,
            handling,
            number(block, "promised_limit").unwrap_or(0.0),
            number(block, "statutory_limit").unwrap_or(0.0),
            text(block, "window"),
        );
        match procs.iter_mut().find(|p| p.0 == code) {
            Some(p) if p.1 < entry.1 => *p = entry,
            Some(_) => {}
            None => procs.push(entry),
        }
    }
    let mut rng = Rng::new(0xd3fa_0202);
    let items = catalogue
        .iter()
        .filter_map(|c| {
            let code = text(c, "id")?;
            let p = procs.iter().find(|p| p.0 == code)?;
            let ty = text(c, "type").unwrap_or_default();
            let department = text(c, "department").unwrap_or_default();
            // people's everyday items are the busiest
            let weight = match ty.as_str() {
                "公共服务" => 30,
                "行政确认" => 20,
                "行政给付" => 10,
                _ => 6,
            } + rng.below(10);
            Some(Item {
                name: text(c, "name").unwrap_or_default(),
                window: p.5.clone().unwrap_or_else(|| "综合受理窗口".to_string()),
                code,
                department,
                handling: p.2,
                promised: p.3,
                statutory: p.4,
                weight,
            })
        })
        .collect();
    (items, today)
}

const CASE_HEADERS: &[&str] = &[
    "序号",
    "办件编号",
    "事项编码",
    "事项名称",
    "申请人",
    "受理时间",
    "办结时间",
    // a trailing blank, as some systems write it: headers match after trimming
    "办件状态 ",
    "办件类型",
    "承诺时限(工作日)",
    "法定时限(工作日)",
    "特别程序时长(工作日)",
    "补正次数",
    "申报方式",
    "受理窗口",
    "实施部门",
];

const EVAL_HEADERS: &[&str] = &[
    "评价编号",
    "办件编号",
    "评价时间",
    "评价等级",
    "评价渠道",
    "是否主动评价",
    "是否实名",
    "是否有效",
    "差评原因",
    "回访时间",
    "整改完成时间",
];

fn case_id(cal: &Calendar, c: &Case) -> String {
    format!("BJ{}{:04}", cal.name(c.received.0).replace('-', ""), c.seq)
}

fn gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

pub fn run(root: &Path) {
    let cal = Calendar::new();
    let (items, today) = items(root);
    assert!(!items.is_empty(), "no item with an effective procedure");
    let r_day = cal
        .day_of(&today)
        .filter(|&d| d < 365)
        .unwrap_or_else(|| panic!("today {today} is not in 2026"));
    let mut rng = Rng::new(0x0da7_2026);
    let cum = cumulative(&items);
    let mix = Mix {
        returned: 10,
        withdrawn: 4,
        rejected: 2,
        special: 30,
        overdue: 9,
        over_statutory: 0,
        instant_late: 3,
        stuck: 0,
        same_day: 80,
        on_time: 260,
        open_overdue: false,
    };
    let mut cases = Vec::with_capacity(CASES);
    for (day, count) in receipt_days(&mut rng, &cal, CASES, r_day) {
        cases.extend(cases_of_day(
            &mut rng,
            &cal,
            &items,
            &cum,
            (day, count, r_day),
            &mix,
        ));
    }
    for (i, c) in cases.iter_mut().enumerate() {
        c.seq = i + 1;
    }
    // Two cases forgotten in the queue (在办超期), one 挂起 for an expert review (专家评审)
    let mut forgotten = 0;
    for c in cases.iter_mut().rev() {
        let it = &items[c.item];
        if forgotten < 2
            && it.handling != Handling::Instant
            && c.status == Status::Finished
            && c.excluded == 0
            && c.received.0 + 45 > r_day
            && cal.wd(c.received.0, r_day) > it.limit() + 2
        {
            c.finished = None;
            c.status = Status::Open;
            forgotten += 1;
        }
    }
    if let Some(c) = cases.iter_mut().rev().find(|c| {
        items[c.item].handling != Handling::Instant
            && c.status == Status::Finished
            && c.finished.is_some_and(|f| f.0 == r_day || f.0 + 3 > r_day)
            && c.received.0 + 4 < r_day
    }) {
        c.finished = None;
        c.status = Status::Suspended;
        c.excluded = 10;
    }
    // The 差评 of the year, on promised cases finished well before R: named and called back the
    // same day, rectified in 6 working days; named, called back late (3 days) and rectified
    // late (19 days); anonymous and never rectified; removed on 申诉 as 误评 (valid: 否).
    let candidates: Vec<usize> = cases
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            items[c.item].handling != Handling::Instant
                && c.status == Status::Finished
                && c.finished.is_some_and(|f| f.0 + 60 < r_day)
        })
        .map(|(i, _)| i)
        .collect();
    let picks: Vec<usize> = (1..=4)
        .map(|k| candidates[candidates.len() * k / 5])
        .collect();
    let mut evaluations = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        if let Some(k) = picks.iter().position(|&p| p == i) {
            let (fd, _) = c.finished.unwrap();
            let t = (fd + 1, 600 + 7 * k as u32);
            let at = |d: usize, m: u32| Some((d, m));
            evaluations.push(match k {
                0 => Evaluation {
                    case: Some(c.seq),
                    time: t,
                    level: 2,
                    channel: 0,
                    active: true,
                    named: true,
                    valid: true,
                    reason: Some(REASONS[0]),
                    callback: at(cal.add_wd(t.0, 0), 960),
                    fixed: at(cal.add_wd(t.0, 6), 1000),
                },
                1 => Evaluation {
                    case: Some(c.seq),
                    time: t,
                    level: 1,
                    channel: 2,
                    active: true,
                    named: true,
                    valid: true,
                    reason: Some(REASONS[2]),
                    callback: at(cal.add_wd(t.0, 3), 620),
                    fixed: at(cal.add_wd(t.0, 19), 900),
                },
                2 => Evaluation {
                    case: Some(c.seq),
                    time: t,
                    level: 2,
                    channel: 1,
                    active: true,
                    named: false,
                    valid: true,
                    reason: Some(REASONS[4]),
                    callback: None,
                    fixed: None,
                },
                _ => Evaluation {
                    case: Some(c.seq),
                    time: t,
                    level: 1,
                    channel: 0,
                    active: true,
                    named: false,
                    valid: false,
                    reason: Some("误评（申诉核实后撤销）"),
                    callback: None,
                    fixed: None,
                },
            });
            continue;
        }
        if c.status == Status::Finished && rng.chance(680) {
            evaluations.extend(evaluate(&mut rng, &cal, c, r_day, (0, 0)));
        }
        if rng.chance(12) {
            evaluations.push(Evaluation {
                case: None,
                time: (c.received.0, c.received.1 + 20),
                level: 5,
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
    evaluations.sort_by_key(|e| e.time);

    let dir = root.join("records/cases");
    std::fs::create_dir_all(&dir).unwrap();
    // The cases as a centre exports them over a year: the first half as the platform's CSV
    // (GB18030), the second as its XLSX (date cells). Both are named in compliance.cases.
    let mut csv = CASE_HEADERS.join(",");
    csv.push_str("\r\n");
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&ExcelDateTime::from_ymd(2026, 12, 1).unwrap())
            .set_author("政务服务管理平台"),
    );
    let sheet = book.add_worksheet();
    sheet.set_name("办件明细").unwrap();
    let when = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for (col, h) in CASE_HEADERS.iter().enumerate() {
        sheet.write_string(0, col as u16, *h).unwrap();
    }
    for (col, w) in [6, 20, 16, 24, 8, 17, 17, 8, 8, 10, 10, 12, 8, 8, 14, 20]
        .into_iter()
        .enumerate()
    {
        sheet.set_column_width(col as u16, w).unwrap();
    }
    let excel_time = |(d, m): (usize, u32)| {
        let (y, mo, da) = cal.ymd(d);
        ExcelDateTime::from_ymd(y, mo, da)
            .unwrap()
            .and_hms(m as u16 / 60, (m % 60) as u8, (m * 7) % 60)
            .unwrap()
    };
    let (mut open, mut suspended, mut special, mut instant) = (0, 0, 0, 0);
    let mut xlsx_row = 0u32;
    for c in &cases {
        let first_half = cal.ymd(c.received.0).1 <= 6;
        let it = &items[c.item];
        let id = case_id(&cal, c);
        let applicant = format!("{}**", SURNAMES[rng.below(SURNAMES.len() as u64) as usize]);
        let window = format!("{}{:02}", it.window, c.window);
        open += usize::from(c.finished.is_none());
        suspended += usize::from(c.status == Status::Suspended);
        special += usize::from(c.excluded > 0);
        instant += usize::from(it.handling == Handling::Instant);
        if !first_half {
            xlsx_row += 1;
            let row = xlsx_row;
            sheet.write_number(row, 0, c.seq as f64).unwrap();
            sheet.write_string(row, 1, &id).unwrap();
            sheet.write_string(row, 2, &it.code).unwrap();
            sheet.write_string(row, 3, &it.name).unwrap();
            sheet.write_string(row, 4, &applicant).unwrap();
            sheet
                .write_datetime_with_format(row, 5, excel_time(c.received), &when)
                .unwrap();
            if let Some(f) = c.finished {
                sheet
                    .write_datetime_with_format(row, 6, excel_time(f), &when)
                    .unwrap();
            }
            sheet.write_string(row, 7, c.status.label()).unwrap();
            sheet.write_string(row, 8, it.handling.label()).unwrap();
            sheet.write_number(row, 9, it.promised).unwrap();
            sheet.write_number(row, 10, it.statutory).unwrap();
            sheet.write_number(row, 11, f64::from(c.excluded)).unwrap();
            sheet
                .write_number(row, 12, f64::from(c.corrections))
                .unwrap();
            sheet.write_string(row, 13, CHANNELS[c.channel]).unwrap();
            sheet.write_string(row, 14, &window).unwrap();
            sheet.write_string(row, 15, &it.department).unwrap();
            continue;
        }
        let _ = write!(
            csv,
            "{},{id},{},{},{applicant},{},{},{},{},{},{},{},{},{},{window},{}\r\n",
            c.seq,
            it.code,
            it.name,
            time_text(&cal, c.received),
            c.finished.map(|f| time_text(&cal, f)).unwrap_or_default(),
            c.status.label(),
            it.handling.label(),
            num(it.promised),
            num(it.statutory),
            c.excluded,
            c.corrections,
            CHANNELS[c.channel],
            it.department,
        );
    }
    std::fs::write(dir.join("2026上半年-办件明细.csv"), gb18030(&csv)).unwrap();
    book.save(dir.join("2026下半年-办件明细.xlsx")).unwrap();

    let mut csv = EVAL_HEADERS.join(",");
    csv.push_str("\r\n");
    let mut bad = 0;
    for (i, e) in evaluations.iter().enumerate() {
        bad += usize::from(e.level <= 2);
        let case = e.case.map(|s| &cases[s - 1]);
        let _ = write!(
            csv,
            "PJ2026{:05},{},{},{},{},{},{},{},{},{},{}\r\n",
            i + 1,
            case.map(|c| case_id(&cal, c)).unwrap_or_default(),
            time_text(&cal, e.time),
            LEVELS[e.level as usize],
            EVAL_CHANNELS[e.channel],
            yes_no(e.active),
            yes_no(e.named),
            yes_no(e.valid),
            e.reason.unwrap_or(""),
            e.callback.map(|t| time_text(&cal, t)).unwrap_or_default(),
            e.fixed.map(|t| time_text(&cal, t)).unwrap_or_default(),
        );
    }
    std::fs::write(dir.join("2026-好差评.csv"), gb18030(&csv)).unwrap();

    std::fs::write(
        dir.join("办件-上半年.yaml"),
        "# The cases received in 2026-H1, as the 政务服务管理平台 exports them (Excel CSV, GB18030),\n\
         # generated by `cargo run --example gen_cases -- default standards`. Only the mapped\n\
         # columns are read: 序号, 事项名称 and 申请人 are not.\n\
         cases: 1\nfile: 2026上半年-办件明细.csv\nencoding: auto\ncolumns:\n  id: 办件编号\n  item: 事项编码\n  \
         received: 受理时间\n  finished: 办结时间\n  status: 办件状态\n  handling: 办件类型\n  \
         promised_limit: 承诺时限(工作日)\n  statutory_limit: 法定时限(工作日)\n  \
         excluded_days: 特别程序时长(工作日)\n  corrections: 补正次数\n  channel: 申报方式\n  \
         window: 受理窗口\n  department: 实施部门\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("办件-下半年.yaml"),
        "# The cases received in 2026-H2, from the platform's XLSX export (date cells).\n\
         cases: 1\nfile: 2026下半年-办件明细.xlsx\nsheet: 办件明细\ncolumns:\n  id: 办件编号\n  item: 事项编码\n  \
         received: 受理时间\n  finished: 办结时间\n  status: 办件状态\n  handling: 办件类型\n  \
         promised_limit: 承诺时限(工作日)\n  statutory_limit: 法定时限(工作日)\n  \
         excluded_days: 特别程序时长(工作日)\n  corrections: 补正次数\n  channel: 申报方式\n  \
         window: 受理窗口\n  department: 实施部门\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("好差评.yaml"),
        "# The 2026 好差评 export (GB18030 CSV), generated with the cases.\n\
         evaluations: 1\nfile: 2026-好差评.csv\nencoding: auto\ncolumns:\n  id: 评价编号\n  case: 办件编号\n  \
         time: 评价时间\n  level: 评价等级\n  active: 是否主动评价\n  named: 是否实名\n  valid: 是否有效\n  \
         reason: 差评原因\n  callback: 回访时间\n  fixed: 整改完成时间\n",
    )
    .unwrap();
    println!(
        "gen_cases default: {} cases of {} items ({instant} 即办件, {open} open, {suspended} 挂起, {special} with 特别程序), {} evaluations ({bad} 差评) up to {today} in {}",
        cases.len(),
        items.len(),
        evaluations.len(),
        dir.display()
    );
}
