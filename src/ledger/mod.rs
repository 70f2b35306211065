//! `stdkit report KIND`: the registers of the compliance half (docs/compliance.md, Reports) —
//! 标准实施情况统计表 (`implementation`), 宣贯培训统计表 (`training`) and 问题整改台账
//! (`actions`). Each kind builds one [`Ledger`] document of typed tables from the rows of
//! [`crate::compliance::rows`] (so a report says what `stats` and the A rules say); [`render`]
//! writes any document in any [`Format`]: the one seam of this output family.

mod assess;
mod cases;
mod render;

pub use render::{CSS, html_table, points, render, shown};

use crate::compliance::metrics::Metrics;
use crate::compliance::{Ledger as Records, rows};
use crate::model::records::{CheckResult, Grade};
use crate::model::{Date, Period};
use serde_json::Value;

/// The report kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// 标准实施情况统计表: per standard to implement
    Implementation,
    /// 宣贯培训统计表: per training, then per post
    Training,
    /// 问题整改台账: per corrective action
    Actions,
    /// 办件统计表: per item (or window, department, month) and 合计
    Cases,
    /// 满意度统计与差评台账: the level distribution, every 差评, the surveys
    Evaluations,
    /// 自评报告 (after GB/T 24421.4-2023 附录A) with the filled 计分表: md, html, json
    SelfAssessment,
    /// 确认材料汇编: a folder (index.html or index.md, evidence/) for the bureau
    Dossier,
    /// 现场评估查阅清单: per criterion, what the reviewer should see and where it is
    Checklist,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Implementation => "implementation",
            Kind::Training => "training",
            Kind::Actions => "actions",
            Kind::Cases => "cases",
            Kind::Evaluations => "evaluations",
            Kind::SelfAssessment => "self-assessment",
            Kind::Dossier => "dossier",
            Kind::Checklist => "checklist",
        }
    }
}

/// The formats of `stdkit report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Html,
    Csv,
    Xlsx,
    Json,
}

impl Format {
    pub fn is_binary(self) -> bool {
        self == Format::Xlsx
    }
}

/// One cell, typed so each format writes it natively (a date cell in Excel, `null` in JSON).
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Int(usize),
    /// A ratio shown as a percentage with one decimal; `None` is `—` / `null`.
    Ratio(Option<f64>),
    Date(Option<Date>),
    /// A number shown with one decimal (平均办结时间); `None` is `—` / `null`.
    Decimal(Option<f64>),
    /// Points of a scoring sheet, shown as written (`2`, `1.5`).
    Points(f64),
    /// A cell left empty on purpose, to be filled by hand (现场检查记录).
    Blank,
    List(Vec<String>),
    /// A state with its JSON value and its label.
    State(&'static str, &'static str),
}

/// A column: its header and its key in the JSON rows.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub header: &'static str,
    pub key: &'static str,
    /// Allowed to wrap (long text); other columns stay on one line.
    pub wide: bool,
    /// The header over a run of columns (收件 over 合计, 即办件, 承诺件), as a paper 办件统计表
    /// has it; "" for none.
    pub group: &'static str,
}

pub const fn col(header: &'static str, key: &'static str) -> Column {
    Column {
        header,
        key,
        wide: false,
        group: "",
    }
}

pub const fn wide(header: &'static str, key: &'static str) -> Column {
    Column {
        header,
        key,
        wide: true,
        group: "",
    }
}

const fn under(group: &'static str, header: &'static str, key: &'static str) -> Column {
    Column {
        header,
        key,
        wide: false,
        group,
    }
}

impl Column {
    /// The header on one line (Markdown, CSV): `收件·即办件`.
    pub fn flat(&self) -> String {
        match self.group {
            "" => self.header.to_string(),
            g => format!("{g}·{}", self.header),
        }
    }
}

/// A table of a report.
pub struct Table {
    /// Its title (the sheet name in Excel).
    pub name: &'static str,
    pub columns: std::borrow::Cow<'static, [Column]>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn grouped(&self) -> bool {
        self.columns.iter().any(|c| !c.group.is_empty())
    }
}

/// How `report cases` groups its rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// 按事项 (by item code)
    #[default]
    Item,
    /// 按窗口
    Window,
    /// 按实施部门
    Department,
    /// 按月份 (收件 by the month received, 办结 by the month finished)
    Month,
}

/// What a report is asked for beyond its kind.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub by: By,
    /// `report cases --compare P0`: P0's totals as a 基期 row.
    pub compare: Option<Period>,
    /// Part 3: the assessment (`--assessment ID`), else the latest against `--sheet ID`,
    /// else the latest.
    pub assessment: Option<String>,
    pub sheet: Option<String>,
}

/// A report as a document: a title, the period, tables, closing lines, and the part of the
/// `compliance` object it summarises.
pub struct Ledger {
    pub kind: Kind,
    pub title: String,
    pub organisation: String,
    pub period: Period,
    pub as_of: Date,
    pub tables: Vec<Table>,
    /// Lines under the first table (the rates against their targets).
    pub footer: Vec<String>,
    pub summary: Value,
}

const IMPLEMENTATION: &[Column] = &[
    col("序号", "seq"),
    col("体系表编号", "id"),
    col("标准编号", "number"),
    wide("标准名称", "title"),
    wide("适用岗位", "posts"),
    col("宣贯场次", "trainings"),
    col("最近宣贯", "last_training"),
    col("宣贯覆盖率", "training_coverage"),
    col("检查次数", "inspections"),
    col("最近检查", "last_inspection"),
    col("最近结论", "last_result"),
    col("不符合项", "findings"),
    col("已关闭", "closed"),
    col("实施状态", "state"),
];

const TRAINING: &[Column] = &[
    col("日期", "date"),
    col("编号", "id"),
    wide("名称", "title"),
    wide("标准", "standards"),
    col("应训", "audience"),
    col("实到", "attended"),
    col("参训率", "rate"),
    col("考核合格率", "pass_rate"),
];

const POSTS: &[Column] = &[
    col("岗位", "post"),
    wide("岗位名称", "name"),
    col("人数", "staff"),
    col("已训", "trained"),
    wide("未训人员", "untrained"),
];

const ACTIONS: &[Column] = &[
    col("来源", "source"),
    col("来源编号", "source_id"),
    wide("问题", "problem"),
    col("依据", "standard"),
    col("等级", "grade"),
    col("措施编号", "id"),
    wide("措施", "description"),
    col("责任人", "owner"),
    col("期限", "due"),
    col("完成", "done"),
    col("验证", "verified"),
    col("状态", "status"),
];

fn opt(s: Option<String>) -> Cell {
    Cell::Text(s.unwrap_or_default())
}

/// A state cell (its JSON value and its label), or an empty one.
fn state<T: Copy>(v: Option<T>, code: fn(T) -> &'static str, zh: fn(T) -> &'static str) -> Cell {
    v.map_or_else(
        || Cell::Text(String::new()),
        |v| Cell::State(code(v), zh(v)),
    )
}

impl Ledger {
    /// The report `kind` of a system with `compliance:` (`None` without).
    pub fn build(system: &crate::system::System, kind: Kind, opts: &Options) -> Option<Ledger> {
        let l = Records::new(system)?;
        let m = Metrics::of(&l);
        let json = m.json(&l);
        let part = |k: &str| json.get(k).cloned().unwrap_or(Value::Null);
        let p = crate::text::percent;
        let against = |name: &str, rate: Option<f64>, target: Option<f64>| match target {
            Some(t) => format!("{name}：{}（目标 {}）", p(rate), p(Some(t))),
            None => format!("{name}：{}", p(rate)),
        };
        let (title, tables, footer, summary) = match kind {
            // Built where they can fail on a missing assessment ([`Ledger::checklist`]) or in
            // the `dossier` module (documents rather than registers).
            Kind::Checklist | Kind::SelfAssessment | Kind::Dossier => return None,
            Kind::Cases => cases::report(system, &l, &m, opts, &part),
            Kind::Evaluations => cases::evaluations(&l, &m, &part),
            Kind::Implementation => {
                let rows = rows::implementation(&l)
                    .into_iter()
                    .enumerate()
                    .map(|(i, r)| {
                        vec![
                            Cell::Int(i + 1),
                            Cell::Text(r.id),
                            opt(r.number),
                            Cell::Text(r.title),
                            Cell::List(r.posts),
                            Cell::Int(r.trainings),
                            Cell::Date(r.last_training),
                            Cell::Ratio(r.training_coverage),
                            Cell::Int(r.inspections),
                            Cell::Date(r.last_inspection),
                            state(r.last_result, CheckResult::as_str, CheckResult::zh),
                            Cell::Int(r.findings),
                            Cell::Int(r.closed),
                            Cell::State(r.state.as_str(), r.state.zh()),
                        ]
                    })
                    .collect();
                let i = &m.implementation;
                (
                    "标准实施情况统计表",
                    vec![Table {
                        name: "标准实施情况",
                        columns: IMPLEMENTATION.into(),
                        rows,
                    }],
                    vec![
                        against("标准贯彻实施率", i.rate, i.target),
                        against("检查覆盖率", i.coverage, None),
                        against("全员参训率", m.training.rate, m.training.target),
                    ],
                    part("implementation"),
                )
            }
            Kind::Training => {
                let sessions = rows::trainings(&l)
                    .into_iter()
                    .map(|r| {
                        let standards = if r.standards.is_empty() {
                            r.topic.into_iter().collect()
                        } else {
                            r.standards
                        };
                        vec![
                            Cell::Date(r.date),
                            Cell::Text(r.id),
                            Cell::Text(r.title),
                            Cell::List(standards),
                            Cell::Int(r.audience),
                            Cell::Int(r.attended),
                            Cell::Ratio(r.rate),
                            Cell::Ratio(r.pass_rate),
                        ]
                    })
                    .collect();
                let posts = rows::posts(&l)
                    .into_iter()
                    .map(|r| {
                        vec![
                            Cell::Text(r.post),
                            Cell::Text(r.name),
                            Cell::Int(r.staff),
                            Cell::Int(r.trained),
                            Cell::List(r.untrained),
                        ]
                    })
                    .collect();
                let t = &m.training;
                (
                    "宣贯培训统计表",
                    vec![
                        Table {
                            name: "宣贯培训",
                            columns: TRAINING.into(),
                            rows: sessions,
                        },
                        Table {
                            name: "按岗位",
                            columns: POSTS.into(),
                            rows: posts,
                        },
                    ],
                    vec![
                        format!(
                            "{}（应训 {} 人，已训 {} 人）",
                            against("全员参训率", t.rate, t.target),
                            t.required,
                            t.trained
                        ),
                        against("宣贯覆盖率", t.coverage, None),
                        against("培训考核合格率", t.pass_rate, None),
                    ],
                    part("training"),
                )
            }
            Kind::Actions => {
                let rows = rows::actions(&l)
                    .into_iter()
                    .map(|r| {
                        vec![
                            Cell::State(r.source.as_str(), r.source.zh()),
                            opt(r.source_id),
                            opt(r.problem),
                            opt(r.standard),
                            state(r.grade, Grade::as_str, Grade::zh),
                            Cell::Text(r.id),
                            Cell::Text(r.description),
                            Cell::Text(r.owner),
                            Cell::Date(r.due),
                            Cell::Date(r.done),
                            Cell::Date(r.verified),
                            Cell::State(r.status.as_str(), r.status.zh()),
                        ]
                    })
                    .collect();
                let (f, a) = (&m.findings, &m.actions);
                let mut summary = serde_json::Map::new();
                summary.insert("findings".into(), part("findings"));
                summary.insert("actions".into(), part("actions"));
                (
                    "问题整改台账",
                    vec![Table {
                        name: "问题整改台账",
                        columns: ACTIONS.into(),
                        rows,
                    }],
                    vec![
                        format!(
                            "{}（{} / {}）",
                            against("不符合项关闭率", f.closure_rate, None),
                            f.closed,
                            f.raised
                        ),
                        format!(
                            "{}（{} / {}）",
                            against("纠正措施按期完成率", a.on_time_rate, None),
                            a.on_time,
                            a.due
                        ),
                        format!("逾期措施 {} 项，待验证 {} 项", a.overdue, a.unverified),
                    ],
                    Value::Object(summary),
                )
            }
        };
        let sys = &system.sys.config;
        Some(Ledger {
            kind,
            title: title.to_string(),
            organisation: sys.organisation.clone().unwrap_or_default(),
            period: l.period,
            as_of: l.as_of,
            tables,
            footer,
            summary,
        })
    }
}
