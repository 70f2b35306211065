//! The reports of Part 2: 办件统计表 (`cases`, laid out as a paper one with 收件 / 办结 / 待办
//! column groups) and 满意度统计与差评台账 (`evaluations`), from the tallies and views of
//! `compliance::cases` and `compliance::evaluations`.

use super::{By, Cell, Column, Options, Table, col, under, wide};
use crate::compliance::Ledger as Records;
use crate::compliance::cases::{Tally, When};
use crate::compliance::evaluations::Deadline;
use crate::compliance::metrics::Metrics;
use crate::model::records::{Record, SurveyMethod};
use serde_json::Value;
use std::collections::BTreeMap;

/// What a report kind contributes: title, tables, footer, summary.
pub(super) type Parts = (&'static str, Vec<Table>, Vec<String>, Value);

const TALLY: &[Column] = &[
    under("收件", "合计", "received"),
    under("收件", "即办件", "received_instant"),
    under("收件", "承诺件", "received_promised"),
    under("办结", "合计", "finished"),
    under("办结", "即办件", "instant"),
    under("承诺件办结", "当日", "same_day"),
    under("承诺件办结", "提前", "early"),
    under("承诺件办结", "按时", "on_time"),
    under("承诺件办结", "逾期", "overdue"),
    under("待办", "合计", "open"),
    under("待办", "挂起", "suspended"),
    col("退件", "returned"),
    col("即办件占比", "instant_share"),
    col("按期办结率", "on_time_rate"),
    col("提前办结率", "early_rate"),
    col("平均办结时间（工作日）", "mean_days"),
    col("实际提速", "speedup"),
    col("超法定时限", "over_statutory"),
];

fn tally_cells(t: &Tally) -> Vec<Cell> {
    vec![
        Cell::Int(t.received),
        Cell::Int(t.received_instant),
        Cell::Int(t.received_promised),
        Cell::Int(t.finished),
        Cell::Int(t.instant),
        Cell::Int(t.same_day),
        Cell::Int(t.early),
        Cell::Int(t.on_time),
        Cell::Int(t.overdue),
        Cell::Int(t.open),
        Cell::Int(t.suspended),
        Cell::Int(t.returned),
        Cell::Ratio(t.instant_share()),
        Cell::Ratio(t.on_time_rate()),
        Cell::Ratio(t.early_rate()),
        Cell::Decimal(t.mean_days()),
        Cell::Ratio(t.speedup()),
        Cell::Int(t.over_statutory),
    ]
}

/// The 合计 of `case_stats` records: the figures they give (提前 includes 当日), `—` for the
/// rest.
fn summed_cells(s: &crate::compliance::metrics::Summed) -> Vec<Cell> {
    let n = |x: Option<u64>| x.map_or(Cell::Text(String::new()), |x| Cell::Int(x as usize));
    let none = || Cell::Text(String::new());
    vec![
        n(s.received),
        none(),
        none(),
        n(s.finished),
        n(s.instant),
        none(),
        n(s.early),
        n(s.on_time),
        n(s.overdue),
        none(),
        none(),
        none(),
        Cell::Ratio(s.instant_share()),
        Cell::Ratio(s.on_time_rate()),
        Cell::Ratio(s.early_rate()),
        Cell::Decimal(None),
        Cell::Ratio(None),
        none(),
    ]
}

/// The key columns of each grouping, then the tally's.
fn columns(by: By) -> Vec<Column> {
    let keys: &[Column] = match by {
        By::Item => &[col("事项编码", "item"), wide("事项名称", "name")],
        By::Window => &[wide("受理窗口", "window")],
        By::Department => &[wide("实施部门", "department")],
        By::Month => &[col("月份", "month")],
    };
    keys.iter().chain(TALLY).copied().collect()
}

/// `report cases`.
pub(super) fn report(
    system: &crate::system::System,
    l: &Records,
    m: &Metrics,
    opts: &Options,
    part: &dyn Fn(&str) -> Value,
) -> Parts {
    let data = &l.records.data;
    let names = &data.names;
    let by = opts.by;
    // Grouped by the interned index (or the month), named once per group: a million cases
    // are not a million strings.
    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Key {
        Index(Option<u32>),
        Month(i16, i8),
    }
    let keyed = l.tally_by(|c, when| -> Option<Key> {
        Some(match by {
            By::Item => Key::Index(Some(c.item)),
            By::Window => Key::Index(c.window),
            By::Department => Key::Index(c.department),
            By::Month => {
                let d = match when {
                    When::Finished => c.finished.unwrap_or(c.received),
                    When::Received | When::Open => c.received,
                };
                Key::Month(d.0.year(), d.0.month())
            }
        })
    });
    let mut groups: BTreeMap<String, Tally> = BTreeMap::new();
    for (k, t) in keyed {
        let name = match k {
            Key::Index(Some(i)) if by == By::Item => data.items[i as usize].to_string(),
            Key::Index(i) => i.map_or_else(String::new, |i| names[i as usize].to_string()),
            Key::Month(y, m) => format!("{y:04}-{m:02}"),
        };
        match groups.entry(name) {
            std::collections::btree_map::Entry::Vacant(v) => {
                v.insert(t);
            }
            std::collections::btree_map::Entry::Occupied(mut o) => o.get_mut().merge(&t),
        }
    }
    let item_name = |code: &str| -> String {
        l.index
            .items
            .get(code)
            .and_then(|i| system.sys.items.entries[*i].name.clone())
            .unwrap_or_default()
    };
    let key_cells = |k: &str| -> Vec<Cell> {
        match by {
            By::Item => vec![Cell::Text(k.to_string()), Cell::Text(item_name(k))],
            _ if k.is_empty() => vec![Cell::Text("（未填写）".into())],
            _ => vec![Cell::Text(k.to_string())],
        }
    };
    let mut groups: Vec<(String, Tally)> = groups.into_iter().collect();
    groups.sort_by(|a, b| crate::text::natural_cmp(&a.0, &b.0));
    let mut rows: Vec<Vec<Cell>> = groups
        .iter()
        .map(|(k, t)| key_cells(k).into_iter().chain(tally_cells(t)).collect())
        .collect();
    let total = l.tally();
    let label = |s: &str| -> Vec<Cell> {
        match by {
            By::Item => vec![Cell::Text(s.into()), Cell::Text(String::new())],
            _ => vec![Cell::Text(s.into())],
        }
    };
    match &m.cases {
        // Without exports, the totals of the `case_stats` records are the 合计.
        crate::compliance::metrics::Cases::Stats(s) => {
            rows.push(
                label("合计（办件统计）")
                    .into_iter()
                    .chain(summed_cells(s))
                    .collect(),
            );
        }
        _ => rows.push(
            label("合计")
                .into_iter()
                .chain(tally_cells(&total))
                .collect(),
        ),
    }
    if let Some(p0) = opts.compare
        && let Some(base) = Records::for_period(system, p0)
    {
        let t = base.tally();
        rows.push(
            label(&format!("基期（{p0}）"))
                .into_iter()
                .chain(tally_cells(&t))
                .collect(),
        );
    }
    let p = crate::text::percent;
    let target = l.targets.on_time.0;
    let mut footer = vec![match target {
        Some(t) => format!(
            "承诺件按期办结率：{}（目标 {}）",
            p(total.on_time_rate()),
            p(Some(t))
        ),
        None => format!("承诺件按期办结率：{}", p(total.on_time_rate())),
    }];
    footer.push(format!(
        "在办超期 {} 件，超法定时限 {} 件，未能分类 {} 件",
        total.open_overdue, total.over_statutory, total.unclassified
    ));
    if let crate::compliance::metrics::Cases::Stats(s) = &m.cases {
        let rate = s.on_time_rate();
        footer[0] = match target {
            Some(t) => format!("承诺件按期办结率：{}（目标 {}）", p(rate), p(Some(t))),
            None => format!("承诺件按期办结率：{}", p(rate)),
        };
        footer.truncate(1);
        footer.push(
            "本期无办件明细：合计为办件统计记录（case_stats）之和，提前办结含当日办结".into(),
        );
    }
    (
        "办件统计表",
        vec![Table {
            name: "办件统计",
            columns: columns(by).into(),
            rows,
        }],
        footer,
        part("cases"),
    )
}

const LEVELS: &[Column] = &[
    col("评价等级", "level"),
    wide("等级名称", "name"),
    col("评价数", "count"),
    col("占比", "share"),
];

const BAD: &[Column] = &[
    col("评价编号", "id"),
    col("办件编号", "case"),
    col("事项", "item"),
    col("评价时间", "time"),
    col("等级", "level"),
    col("实名", "named"),
    col("回访", "callback"),
    col("按时回访", "callback_on_time"),
    col("整改", "fixed"),
    col("按期整改", "fixed_on_time"),
    wide("差评原因", "reason"),
];

const SURVEYS: &[Column] = &[
    col("编号", "id"),
    col("方式", "method"),
    col("期间", "period"),
    col("发放", "distributed"),
    col("回收", "returned"),
    col("回收率", "return_rate"),
    col("满意率", "satisfaction"),
];

const LEVEL_NAMES: [&str; 5] = ["非常满意", "满意", "基本满意", "不满意", "非常不满意"];

fn deadline(d: Deadline) -> Cell {
    match d {
        Deadline::Met => Cell::State("met", "是"),
        Deadline::Late => Cell::State("late", "否"),
        Deadline::Pending => Cell::State("pending", "未到期"),
        Deadline::Uncovered(_) => Cell::State("unknown", "—"),
    }
}

fn method(m: Option<SurveyMethod>) -> &'static str {
    match m {
        Some(SurveyMethod::Form) => "评议表",
        Some(SurveyMethod::Phone) => "电话回访",
        Some(SurveyMethod::Device) => "评价器",
        Some(SurveyMethod::Online) => "网上",
        Some(SurveyMethod::ThirdParty) => "第三方",
        None => "",
    }
}

/// `report evaluations`.
pub(super) fn evaluations(l: &Records, m: &Metrics, part: &dyn Fn(&str) -> Value) -> Parts {
    let e = &m.evaluations;
    let levels = (0..5)
        .map(|i| {
            vec![
                Cell::Int(5 - i),
                Cell::Text(LEVEL_NAMES[i].into()),
                Cell::Int(e.by_level[i]),
                Cell::Ratio(crate::compliance::cases::ratio(e.by_level[i], e.count)),
            ]
        })
        .collect();
    let data = &l.records.data;
    let item_of: BTreeMap<&str, &str> = data
        .cases
        .iter()
        .map(|c| (data.id(c), &*data.items[c.item as usize]))
        .collect();
    let views = l.evaluation_views();
    let mut bad: Vec<(&crate::model::cases::EvaluationRow, _)> = data
        .evaluations
        .iter()
        .zip(&views)
        .filter(|(_, v)| v.in_e && v.bad)
        .collect();
    bad.sort_by(|a, b| (a.0.time, &a.0.id).cmp(&(b.0.time, &b.0.id)));
    let bad_rows = bad
        .iter()
        .map(|(r, v)| {
            let case = r.case.as_deref().unwrap_or_default();
            vec![
                Cell::Text(r.id.to_string()),
                Cell::Text(case.to_string()),
                Cell::Text(item_of.get(case).copied().unwrap_or_default().to_string()),
                Cell::Date(Some(r.time)),
                Cell::Text(
                    LEVEL_NAMES
                        .get(5 - r.level as usize)
                        .copied()
                        .unwrap_or("")
                        .to_string(),
                ),
                Cell::State(
                    if r.named { "true" } else { "false" },
                    if r.named { "是" } else { "否" },
                ),
                Cell::Date(r.callback),
                if r.named {
                    deadline(v.called_back_on_time)
                } else {
                    Cell::Text(String::new())
                },
                Cell::Date(v.fixed),
                deadline(v.fixed_on_time),
                Cell::Text(r.reason.as_deref().unwrap_or_default().to_string()),
            ]
        })
        .collect();
    let surveys = l
        .surveys_in_p()
        .into_iter()
        .filter_map(|i| match &l.records.list[i].record {
            Record::Survey(s) => Some(s),
            _ => None,
        })
        .map(|s| {
            let returned = s.returned.as_ref().map_or(0, |r| r.value);
            let levels = s
                .levels
                .as_ref()
                .map(|x| x.value.clone())
                .unwrap_or_default();
            let satisfied: u64 = levels
                .counts()
                .iter()
                .filter(|(lv, _)| l.compliance().satisfied_levels.iter().any(|x| x.0 == *lv))
                .map(|x| x.1)
                .sum();
            let total = levels.total();
            vec![
                Cell::Text(
                    s.id.as_ref()
                        .map_or_else(String::new, |i| i.value.to_string()),
                ),
                Cell::Text(method(s.method).into()),
                Cell::Text(
                    s.period
                        .as_ref()
                        .map_or_else(String::new, |p| p.value.to_string()),
                ),
                s.distributed
                    .as_ref()
                    .map_or(Cell::Text(String::new()), |d| Cell::Int(d.value as usize)),
                Cell::Int(returned as usize),
                Cell::Ratio(
                    s.distributed
                        .as_ref()
                        .and_then(|d| (d.value > 0).then(|| returned as f64 / d.value as f64)),
                ),
                Cell::Ratio((total > 0).then(|| satisfied as f64 / total as f64)),
            ]
        })
        .collect();
    let p = crate::text::percent;
    let target = l.targets.satisfaction.0;
    let footer = vec![
        match target {
            Some(t) => format!(
                "满意率：{}（目标 {}；有效评价 {} 条）",
                p(e.satisfaction()),
                p(Some(t)),
                e.count
            ),
            None => format!("满意率：{}（有效评价 {} 条）", p(e.satisfaction()), e.count),
        },
        format!(
            "好评率：{}，差评率：{}，主动评价好评率：{}",
            p(e.good_rate()),
            p(e.bad_rate()),
            p(e.active_good_rate())
        ),
        format!(
            "差评 {} 条，已整改 {} 条（整改率 {}，按期整改率 {}）；实名差评 {} 条，已回访 {} 条（回访率 {}）",
            e.bad,
            e.bad_fixed,
            p(e.bad_fix_rate()),
            p(e.bad_on_time_rate()),
            e.named_bad,
            e.named_called_back,
            p(e.named_callback_rate())
        ),
    ];
    let mut summary = serde_json::Map::new();
    summary.insert("evaluations".into(), part("evaluations"));
    summary.insert("surveys".into(), part("surveys"));
    (
        "满意度统计与差评台账",
        vec![
            Table {
                name: "满意度统计",
                columns: LEVELS.into(),
                rows: levels,
            },
            Table {
                name: "差评台账",
                columns: BAD.into(),
                rows: bad_rows,
            },
            Table {
                name: "满意度测评",
                columns: SURVEYS.into(),
                rows: surveys,
            },
        ],
        footer,
        Value::Object(summary),
    )
}
