//! `report self-assessment` 自评报告, in the structure of GB/T 24421.4-2023 附录A
//! (服务业组织标准实施评价报告格式): 一、基本情况 · 二、标准体系 · 三、标准实施情况 · 四、实施成效 ·
//! 五、存在问题与改进措施 · 六、自评结论 (the filled 计分表) · 附件 佐证材料目录. Every figure is read
//! from the `compliance` object of `stats` for the assessment's period, so the report and
//! `stats` cannot disagree.

use super::{Block, Document, Section};
use crate::compliance::assess::{Scored, events_of, period_of, select};
use crate::compliance::metrics::Metrics;
use crate::ledger::{self, Cell, Column, Kind, Options, Table, col, wide};
use crate::system::{LoadedAssessment, System};
use anyhow::{Result, anyhow};
use serde_json::{Value, json};

/// The report: the document and its JSON form.
pub struct SelfAssessment {
    pub doc: Document,
    pub json: Value,
}

impl SelfAssessment {
    /// The report in `format` (md, html, json).
    pub fn render(&self, format: ledger::Format) -> Result<Vec<u8>> {
        Ok(match format {
            ledger::Format::Md => super::markdown(&self.doc).into_bytes(),
            ledger::Format::Html => super::html(&self.doc).into_bytes(),
            ledger::Format::Json => {
                let mut s = serde_json::to_string_pretty(&self.json)?;
                s.push('\n');
                s.into_bytes()
            }
            other => {
                return Err(anyhow!(
                    "`report self-assessment` is written as md, html or json, not {other:?}"
                ));
            }
        })
    }
}

const SHEET: &[Column] = &[
    col("编号", "code"),
    wide("内容", "text"),
    col("分值", "points"),
    col("自评得分", "score"),
    wide("扣分说明", "note"),
    wide("佐证材料", "evidence"),
];

const FIGURES: &[Column] = &[
    wide("指标", "name"),
    col("本期", "value"),
    col("目标", "target"),
];

const FIGURES_COMPARED: &[Column] = &[
    wide("指标", "name"),
    col("本期", "value"),
    col("基期", "baseline"),
    col("目标", "target"),
];

const CATEGORY: &[Column] = &[
    col("标准类别", "category"),
    col("应有数", "required"),
    col("现有数", "existing"),
    col("现有率", "ratio"),
];

const PROBLEMS: &[Column] = &[
    col("规则", "code"),
    wide("问题", "summary"),
    col("级别", "severity"),
    col("数量", "count"),
];

const EVENTS: &[Column] = &[
    col("日期", "date"),
    col("环节", "kind"),
    wide("机构", "authority"),
    col("结果", "result"),
    col("得分", "score"),
    col("等级", "grade"),
];

const EVIDENCE: &[Column] = &[
    col("序号", "seq"),
    col("编号", "id"),
    col("类别", "kind"),
    wide("名称", "title"),
    col("日期", "date"),
    col("佐证评分项", "criteria"),
];

/// A figure of the `compliance` object by its dotted path.
fn at<'v>(v: &'v Value, path: &str) -> &'v Value {
    path.split('.')
        .fold(v, |v, k| v.get(k).unwrap_or(&Value::Null))
}

fn ratio(v: &Value, path: &str) -> Cell {
    Cell::Ratio(at(v, path).as_f64())
}

fn int(v: &Value, path: &str) -> Cell {
    match at(v, path).as_u64() {
        Some(n) => Cell::Int(n as usize),
        None => Cell::Text(String::new()),
    }
}

/// A row of a figures table: the name, this period's cell, the baseline's, the target.
type Figure = (&'static str, fn(&Value) -> Cell, Option<&'static str>);

const IMPLEMENTATION: &[Figure] = &[
    (
        "全员参训率",
        |v| ratio(v, "training.rate"),
        Some("training.target"),
    ),
    ("宣贯覆盖率", |v| ratio(v, "training.coverage"), None),
    ("培训场次", |v| int(v, "training.sessions"), None),
    ("培训考核合格率", |v| ratio(v, "training.pass_rate"), None),
    (
        "标准贯彻实施率",
        |v| ratio(v, "implementation.rate"),
        Some("implementation.target"),
    ),
    ("检查覆盖率", |v| ratio(v, "implementation.coverage"), None),
    (
        "实施符合率",
        |v| ratio(v, "implementation.conformity"),
        None,
    ),
    (
        "不符合项（发现 / 关闭）",
        |v| pair(v, "findings.raised", "findings.closed"),
        None,
    ),
    (
        "不符合项关闭率",
        |v| ratio(v, "findings.closure_rate"),
        None,
    ),
    (
        "纠正措施按期完成率",
        |v| ratio(v, "actions.on_time_rate"),
        None,
    ),
    ("逾期措施", |v| int(v, "actions.overdue"), None),
    ("内部审核次数", |v| int(v, "audits.count"), None),
    ("管理评审次数", |v| int(v, "reviews.count"), None),
];

const OUTCOMES: &[Figure] = &[
    ("收件量", |v| int(v, "cases.received"), None),
    ("办结量", |v| int(v, "cases.finished"), None),
    ("即办件占比", |v| ratio(v, "cases.instant_share"), None),
    (
        "承诺件按期办结率",
        |v| ratio(v, "cases.on_time_rate"),
        Some("cases.target"),
    ),
    ("承诺件提前办结率", |v| ratio(v, "cases.early_rate"), None),
    (
        "平均办结时间（工作日）",
        |v| Cell::Decimal(at(v, "cases.mean_days").as_f64()),
        None,
    ),
    ("实际提速", |v| ratio(v, "cases.speedup"), None),
    ("超法定时限", |v| int(v, "cases.over_statutory"), None),
    ("评价数", |v| int(v, "evaluations.count"), None),
    (
        "满意率",
        |v| ratio(v, "evaluations.satisfaction"),
        Some("evaluations.target"),
    ),
    ("差评数", |v| int(v, "evaluations.bad"), None),
    ("差评整改率", |v| ratio(v, "evaluations.bad_fix_rate"), None),
    ("评议表回收数", |v| int(v, "surveys.returned"), None),
    ("评议满意率", |v| ratio(v, "surveys.satisfaction"), None),
    ("投诉数", |v| int(v, "complaints.count"), None),
    ("投诉已答复", |v| int(v, "complaints.replied"), None),
];

fn pair(v: &Value, a: &str, b: &str) -> Cell {
    Cell::Text(format!(
        "{} / {}",
        at(v, a).as_u64().unwrap_or(0),
        at(v, b).as_u64().unwrap_or(0)
    ))
}

fn figures(rows: &[Figure], now: &Value, base: Option<&Value>) -> Table {
    let target = |t: Option<&str>| match t.map(|p| at(now, p).as_f64()) {
        Some(Some(x)) => Cell::Ratio(Some(x)),
        _ => Cell::Text(String::new()),
    };
    Table {
        name: "指标",
        columns: match base {
            Some(_) => FIGURES_COMPARED.into(),
            None => FIGURES.into(),
        },
        rows: rows
            .iter()
            .map(|(name, cell, t)| {
                let mut row = vec![Cell::Text((*name).into()), cell(now)];
                if let Some(b) = base {
                    row.push(cell(b));
                }
                row.push(target(*t));
                row
            })
            .collect(),
    }
}

/// The 自评报告 of the selected assessment.
pub fn self_assessment(system: &System, opts: &Options) -> Result<SelfAssessment> {
    let records = system
        .records
        .as_ref()
        .ok_or_else(|| anyhow!("no compliance block"))?;
    let pick = select(records, opts.assessment.as_deref(), opts.sheet.as_deref())
        .map_err(|m| anyhow!("{}", m.en))?;
    let a = pick.assessment.ok_or_else(|| {
        anyhow!(
            "no assessment against sheet `{}`: the report needs one (compliance.assessments)",
            pick.sheet.id()
        )
    })?;
    let scored =
        Scored::of(records, a).ok_or_else(|| anyhow!("the sheet of `{}` is missing", a.id()))?;
    let period = period_of(records, a);
    let l = crate::compliance::Ledger::for_period(system, period)
        .ok_or_else(|| anyhow!("no compliance block"))?;
    let m = Metrics::of(&l);
    let now = m.json(&l);
    let base = opts.compare.and_then(|p0| {
        let l0 = crate::compliance::Ledger::for_period(system, p0)?;
        Some(Metrics::of(&l0).json(&l0))
    });
    let sys = &system.sys.config;
    let organisation = sys.organisation.clone().unwrap_or_default();
    let table = crate::table::Table::build(system);
    let counts = crate::count::Counts::of(&system.standards, &system.sys);

    let mut sections = Vec::new();
    // 一、基本情况
    let people = l.people.len();
    sections.push(Section {
        heading: "一、基本情况".into(),
        blocks: vec![Block::Lines(vec![
            format!("单位：{organisation}"),
            format!(
                "评价期：{} 至 {}（统计截至 {}）",
                period.from, period.to, l.as_of
            ),
            format!(
                "标准：现有 {} 项（应有 {} 项，在编 {} 项）",
                counts.overall.existing, counts.overall.required, counts.pipeline
            ),
            format!(
                "岗位 {} 个，事项 {} 项，设施设备 {} 类",
                counts.posts.total, counts.items.total, counts.assets.total
            ),
            format!(
                "人员：名册 {people} 人，应训 {} 人",
                at(&now, "training.required").as_u64().unwrap_or(0)
            ),
        ])],
    });
    // 二、标准体系
    let category_rows = table
        .by_category
        .iter()
        .map(|r| {
            vec![
                Cell::Text(r.label.clone()),
                Cell::Int(r.required),
                Cell::Int(r.existing),
                Cell::Ratio(r.ratio),
            ]
        })
        .collect();
    let s = &table.summary;
    sections.push(Section {
        heading: "二、标准体系".into(),
        blocks: vec![
            Block::Table(Table {
                name: "按标准类别统计",
                columns: CATEGORY.into(),
                rows: category_rows,
            }),
            Block::Para(format!(
                "标准覆盖率 {}（目标 {}），{}。",
                crate::text::percent(s.coverage),
                crate::text::percent(Some(s.target)),
                if s.meets_target {
                    "达到目标"
                } else {
                    "未达到目标"
                }
            )),
        ],
    });
    // 三、标准实施情况; 四、实施成效
    sections.push(Section {
        heading: "三、标准实施情况".into(),
        blocks: vec![Block::Table(figures(IMPLEMENTATION, &now, base.as_ref()))],
    });
    let mut outcome = vec![Block::Table(figures(OUTCOMES, &now, base.as_ref()))];
    if let Some(p0) = opts.compare {
        outcome.push(Block::Para(format!("基期：{} 至 {}。", p0.from, p0.to)));
    }
    sections.push(Section {
        heading: "四、实施成效".into(),
        blocks: outcome,
    });
    // 五、存在问题与改进措施
    sections.push(Section {
        heading: "五、存在问题与改进措施".into(),
        blocks: problems(system, opts),
    });
    // 六、自评结论
    sections.push(Section {
        heading: "六、自评结论".into(),
        blocks: conclusion(&scored, records),
    });
    sections.push(Section {
        heading: "附件　佐证材料目录".into(),
        blocks: vec![Block::Table(evidence_list(&l, &scored))],
    });
    let doc = Document {
        title: format!("{organisation}标准化工作自评报告"),
        meta: format!(
            "自评 {}　计分表 {}　自评日期 {}",
            a.id(),
            scored
                .sheet
                .sheet
                .title
                .as_deref()
                .unwrap_or(scored.sheet.id()),
            a.assessment
                .date
                .as_ref()
                .map_or_else(String::new, |d| d.value.to_string())
        ),
        sections,
    };
    Ok(SelfAssessment {
        json: json_of(&scored),
        doc,
    })
}

/// 五: the actions not closed (from 问题整改台账), and the A/B/V findings by code.
fn problems(system: &System, opts: &Options) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut o = opts.clone();
    o.compare = None;
    if let Some(mut actions) = ledger::Ledger::build(system, Kind::Actions, &o) {
        let mut t = actions.tables.remove(0);
        let status = t.columns.iter().position(|c| c.key == "status");
        t.rows
            .retain(|r| status.is_none_or(|i| !matches!(r[i], Cell::State("closed", _))));
        blocks.push(Block::Heading("未关闭的整改措施".into()));
        blocks.push(Block::Table(t));
    }
    let mut by_code: std::collections::BTreeMap<&str, (usize, &str, &str)> = Default::default();
    for d in &system.diagnostics {
        if matches!(d.code.as_bytes().first(), Some(b'A' | b'B' | b'V')) {
            let summary = crate::diag::codes::rule(d.code).map_or("", |r| r.zh);
            let severity = match d.severity {
                crate::diag::Severity::Error => "错误",
                crate::diag::Severity::Warning => "警告",
            };
            let e = by_code.entry(d.code).or_insert((0, summary, severity));
            e.0 += 1;
        }
    }
    blocks.push(Block::Heading("检查发现的问题（按规则）".into()));
    blocks.push(Block::Table(Table {
        name: "检查发现的问题",
        columns: PROBLEMS.into(),
        rows: by_code
            .into_iter()
            .map(|(code, (n, summary, severity))| {
                vec![
                    Cell::Text(code.into()),
                    Cell::Text(summary.into()),
                    Cell::Text(severity.into()),
                    Cell::Int(n),
                ]
            })
            .collect(),
    }));
    blocks
}

/// 六: the filled 计分表, the sums, the grade and the events.
fn conclusion(s: &Scored, records: &crate::system::Records) -> Vec<Block> {
    let pts = ledger::points;
    let rows = s
        .rows
        .iter()
        .map(|r| {
            let indent = "　".repeat(r.depth);
            let label = format!("{indent}{}", r.item.label());
            let entry = r.entry.map(|e| &e.value);
            let score = if r.declared_only() {
                Cell::Text("未转录".into())
            } else if r.na() {
                Cell::Text("不适用".into())
            } else if r.is_criterion() && entry.is_none() {
                Cell::Text("未评".into())
            } else {
                Cell::Points(r.score)
            };
            let mut evidence: Vec<String> = entry
                .iter()
                .flat_map(|e| e.evidence.iter().map(|x| x.value.0.clone()))
                .collect();
            evidence.extend(
                entry
                    .iter()
                    .flat_map(|e| e.files.iter().map(|f| f.value.clone())),
            );
            vec![
                Cell::Text(r.item.code().to_string()),
                Cell::Text(label),
                Cell::Points(r.item.points()),
                score,
                Cell::Text(entry.and_then(|e| e.note.clone()).unwrap_or_default()),
                Cell::List(evidence),
            ]
        })
        .collect();
    let mut lines = vec![
        format!(
            "基本分 {}，总分 {}（满分 {}）",
            pts(s.basic),
            pts(s.total),
            pts(s.points)
        ),
        match (s.complete, s.grade) {
            (false, _) => "计分表不完整，未评定等级（总分只含已转录部分）".to_string(),
            (true, Some(g)) => format!("评定等级：{g}"),
            (true, None) => "评定等级：未达到任何等级".to_string(),
        },
    ];
    if let Some(c) = s.claimed() {
        lines.push(format!("申报等级：{c}"));
    }
    let mut blocks = vec![
        Block::Table(Table {
            name: "自评计分表",
            columns: SHEET.into(),
            rows,
        }),
        Block::Lines(lines),
    ];
    let events = events_of(records, s.assessment.id());
    if !events.is_empty() {
        blocks.push(Block::Heading("评价进程".into()));
        blocks.push(Block::Table(Table {
            name: "评价进程",
            columns: EVENTS.into(),
            rows: events
                .iter()
                .map(|e| {
                    vec![
                        Cell::Date(e.date.as_ref().map(|d| d.value)),
                        Cell::Text(e.kind.map_or("", |k| k.zh()).into()),
                        Cell::Text(e.authority.clone().unwrap_or_default()),
                        Cell::Text(e.result.map_or("", |r| r.zh()).into()),
                        e.score.map_or(Cell::Text(String::new()), Cell::Points),
                        Cell::Text(e.grade.clone().unwrap_or_default()),
                    ]
                })
                .collect(),
        }));
    }
    blocks
}

/// The records an assessment cites, each once, in the order of first citation.
pub fn cited<'a>(s: &Scored<'a>) -> Vec<(&'a str, Vec<&'a str>)> {
    let mut out: Vec<(&str, Vec<&str>)> = Vec::new();
    for r in s.criteria() {
        for id in r.entry.iter().flat_map(|e| &e.value.evidence) {
            match out.iter_mut().find(|(x, _)| *x == id.value.as_str()) {
                Some((_, codes)) => codes.push(r.item.code()),
                None => out.push((id.value.as_str(), vec![r.item.code()])),
            }
        }
    }
    out
}

fn evidence_list(l: &crate::compliance::Ledger, s: &Scored) -> Table {
    let rows = cited(s)
        .into_iter()
        .enumerate()
        .map(|(i, (id, codes))| {
            let rec = l.ids.get(id).map(|&(_, r)| l.record(r));
            vec![
                Cell::Int(i + 1),
                Cell::Text(id.to_string()),
                Cell::Text(rec.map_or("（不存在）", |r| r.record.kind().zh()).into()),
                Cell::Text(
                    rec.and_then(|r| r.record.title())
                        .unwrap_or_default()
                        .into(),
                ),
                Cell::Date(rec.and_then(|r| r.record.date()).map(|d| d.value)),
                Cell::List(codes.iter().map(|c| c.to_string()).collect()),
            ]
        })
        .collect();
    Table {
        name: "佐证材料目录",
        columns: EVIDENCE.into(),
        rows,
    }
}

/// The JSON of the contract: the criteria with their scores, the sums and the grades.
fn json_of(s: &Scored) -> Value {
    let a: &LoadedAssessment = s.assessment;
    let criteria: Vec<Value> = s
        .criteria()
        .map(|r| {
            let e = r.entry.map(|e| &e.value);
            json!({
                "code": r.item.code(),
                "points": r.item.points(),
                "score": e.map(|_| r.score),
                "na": r.na(),
                "evidence": e.map_or_else(Vec::new, |e| e.evidence.iter().map(|x| x.value.0.clone()).collect()),
                "files": e.map_or_else(Vec::new, |e| e.files.iter().map(|x| x.value.clone()).collect()),
            })
        })
        .collect();
    json!({
        "version": 1,
        "report": "self-assessment",
        "assessment": a.id(),
        "sheet": s.sheet.id(),
        "complete": s.complete,
        "criteria": criteria,
        "basic": s.basic,
        "total": s.total,
        "points": s.points,
        "grade": s.grade,
        "claimed_grade": s.claimed(),
    })
}
