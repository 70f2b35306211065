//! `stdkit stats`: the counting of docs/outputs.md as human text, stable JSON and Markdown. The
//! numbers come from `count` (shared with the C rules and the table).

/// The categories in the order of outputs.md (标准类型).
const CATEGORIES: [crate::model::Category; 4] = [
    crate::model::Category::Basic,
    crate::model::Category::Quality,
    crate::model::Category::Management,
    crate::model::Category::Work,
];

use crate::compliance::Ledger;
use crate::compliance::metrics::Metrics;
use crate::count::{CatalogueCount, Counts, ItemStats, ratio};
use crate::model::Level;
use crate::system::System;
use crate::text::pct;
use crate::text::{pipe_table, terminal};
use serde_json::{Value, json};
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

/// The statistics of a system against a coverage target.
pub struct Stats<'a> {
    pub system: &'a System,
    pub counts: Counts,
    pub target: f64,
    /// The figures of the compliance half (with `compliance:` only), from the one counting
    /// place the A rules and the reports read.
    pub compliance: Option<Compliance>,
}

/// The `compliance` figures of `stats`.
pub struct Compliance {
    pub metrics: Metrics,
    /// The `compliance` object of the JSON (period included).
    pub json: Value,
    pub period: crate::model::Period,
    pub as_of: crate::model::Date,
}

/// The formats of `stdkit stats`: the one seam of this output family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Md,
}

impl<'a> Stats<'a> {
    /// The statistics in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Human => self.human(),
            Format::Json => {
                let mut s =
                    serde_json::to_string_pretty(&self.json()).expect("a JSON value serialises");
                s.push('\n');
                s
            }
            Format::Md => self.markdown(),
        }
    }

    /// `target` overrides `targets.coverage` (`--min-coverage`).
    pub fn new(system: &'a System, target: Option<f64>) -> Stats<'a> {
        let counts = Counts::of(&system.standards, &system.sys);
        let target = target.unwrap_or(system.sys.config.targets.coverage);
        let compliance = Ledger::new(system).map(|l| {
            let metrics = Metrics::of(&l);
            Compliance {
                json: metrics.json(&l),
                metrics,
                period: l.period,
                as_of: l.as_of,
            }
        });
        Stats {
            system,
            counts,
            target,
            compliance,
        }
    }

    pub fn coverage(&self) -> Option<f64> {
        self.counts.coverage()
    }

    /// Coverage compared unrounded with the target; a system with nothing to cover meets it.
    pub fn meets_target(&self) -> bool {
        self.coverage().is_none_or(|c| c >= self.target)
    }

    /// The stable JSON of docs/outputs.md (keys may be added, never renamed).
    pub fn json(&self) -> Value {
        let mut v = self.json_standards();
        if let (Some(c), Value::Object(o)) = (&self.compliance, &mut v) {
            o.insert("compliance".into(), c.json.clone());
        }
        v
    }

    fn json_standards(&self) -> Value {
        let c = &self.counts;
        let sys = &self.system.sys;
        let mut by_level = serde_json::Map::new();
        for (l, t) in Level::ALL.iter().zip(c.by_level) {
            by_level.insert(
                l.as_str().into(),
                json!({"required": t.required, "existing": t.existing, "coverage": t.ratio()}),
            );
        }
        let tally = |t: crate::count::Tally| json!({"required": t.required, "existing": t.existing, "coverage": t.ratio()});
        let mut by_category = serde_json::Map::new();
        for k in CATEGORIES {
            by_category.insert(k.as_str().into(), tally(c.by_category[k as usize]));
        }
        let mut by_node = serde_json::Map::new();
        for (n, t) in sys.nodes.iter().zip(&c.by_node) {
            by_node.insert(
                n.code.clone(),
                json!({"name": n.name, "required": t.required, "existing": t.existing, "coverage": t.ratio()}),
            );
        }
        let cat = |k: &CatalogueCount| json!({"total": k.total, "covered": k.covered, "coverage": ratio(k.covered as f64, k.total as f64), "in_pipeline": k.in_pipeline.iter().filter(|p| **p).count()});
        let it: &ItemStats = &c.item_stats;
        json!({
            "version": 1,
            "overall": {
                "required": c.overall.required,
                "existing": c.overall.existing,
                "missing_catalogue": c.missing_catalogue(),
                "coverage": self.coverage(),
                "target": self.target,
                "meets_target": self.meets_target(),
                "pipeline": c.pipeline,
                "retired": c.retired,
                "standards": self.system.standards.len(),
            },
            "by_level": by_level,
            "by_node": by_node,
            "by_category": by_category,
            "by_origin": {
                "own": tally(c.by_origin[0]),
                "adopted": tally(c.by_origin[1]),
                "international": tally(c.international),
            },
            "catalogue": {"posts": cat(&c.posts), "items": cat(&c.items), "assets": cat(&c.assets)},
            "items": {
                "count": it.count,
                "instant": it.instant,
                "promised": it.promised,
                "joint": it.joint,
                "reported": it.reported,
                "instant_share": it.instant_share(),
                "statutory_days": it.statutory_days,
                "promised_days": it.promised_days,
                "compression": it.compression,
                "mean_steps": it.mean_steps,
                "charging": it.charging,
                "catch_all": it.catch_all,
                "natural_day_limits": it.natural_day_limits,
                "visits_known": it.visits_known,
                "zero_visits": it.zero_visits,
                "max_one_visit": it.max_one_visit,
                "commitment": it.commitment,
            },
        })
    }

    /// Rows of label / value pairs per section, shared by the human and Markdown formats.
    pub fn sections(&self) -> Vec<(&'static str, Vec<[String; 2]>)> {
        let c = &self.counts;
        let p = crate::text::percent;
        let verdict = if self.meets_target() {
            "达到目标"
        } else {
            "未达到目标"
        };
        let overall = vec![
            ["应有标准".into(), c.overall.required.to_string()],
            ["现有标准".into(), c.overall.existing.to_string()],
            ["待制定及制修订中".into(), c.pipeline.to_string()],
            ["被代替或废止".into(), c.retired.to_string()],
            ["无标准的目录条目".into(), c.missing_catalogue().to_string()],
            [
                "标准覆盖率".into(),
                format!(
                    "{}（目标 {}，{verdict}）",
                    p(self.coverage()),
                    p(Some(self.target))
                ),
            ],
        ];
        let cat = |name: &str, k: &CatalogueCount| {
            [
                name.to_string(),
                format!(
                    "{} / {}（{}）",
                    k.covered,
                    k.total,
                    p(ratio(k.covered as f64, k.total as f64))
                ),
            ]
        };
        let catalogue = vec![
            cat("岗位（有人就有工作标准）", &c.posts),
            cat("事项（有事就有质量标准）", &c.items),
            cat("设施设备（有物就有管理标准）", &c.assets),
        ];
        let it = &c.item_stats;
        // Whole and half days as written; a sum with natural days (× 5 ÷ 7) to one decimal.
        let days = |d: f64| {
            if d.fract() == 0.0 {
                format!("{d:.0}")
            } else if (d * 2.0).fract() == 0.0 {
                format!("{d}")
            } else {
                format!("{d:.1}")
            }
        };
        let mean = |r: Option<f64>| r.map_or_else(|| "—".to_string(), |r| format!("{r:.1}"));
        let items = vec![
            ["办理规程（现有）".into(), it.count.to_string()],
            [
                "即办件 / 承诺件 / 联办件 / 上报件".into(),
                format!(
                    "{} / {} / {} / {}",
                    it.instant, it.promised, it.joint, it.reported
                ),
            ],
            ["即办件占比".into(), p(it.instant_share())],
            [
                "法定时限合计（平均）".into(),
                format!(
                    "{} 个工作日（{}）",
                    days(it.statutory_days),
                    mean(it.mean_statutory())
                ),
            ],
            [
                "承诺时限合计（平均）".into(),
                format!(
                    "{} 个工作日（{}）",
                    days(it.promised_days),
                    mean(it.mean_promised())
                ),
            ],
            ["时限压缩率".into(), p(it.compression)],
            ["平均环节数".into(), mean(it.mean_steps)],
            [
                "以自然日计的时限（按 5/7 折算）".into(),
                it.natural_day_limits.to_string(),
            ],
            ["收费事项".into(), it.charging.to_string()],
            ["含兜底材料的事项".into(), it.catch_all.to_string()],
            [
                "零跑动 / 最多跑一次（已填到现场次数）".into(),
                format!(
                    "{} / {}（{}）",
                    it.zero_visits, it.max_one_visit, it.visits_known
                ),
            ],
            ["告知承诺事项".into(), it.commitment.to_string()],
        ];
        let mut out = vec![
            ("总体", overall),
            ("目录覆盖", catalogue),
            ("办理规程统计", items),
        ];
        if let Some(c) = &self.compliance {
            out.push(("标准实施", compliance_rows(c)));
        }
        out
    }

    /// Per node: code (indented by depth), name, 应有, 现有, ratio.
    pub fn node_rows(&self) -> Vec<Vec<String>> {
        self.system
            .sys
            .nodes
            .iter()
            .zip(&self.counts.by_node)
            .map(|(n, t)| {
                vec![
                    format!("{}{}", "  ".repeat(n.depth), n.code),
                    n.name.clone(),
                    t.required.to_string(),
                    t.existing.to_string(),
                    pct(t.ratio()),
                ]
            })
            .collect()
    }

    /// Per level: name, 应有, 现有, ratio.
    pub fn level_rows(&self) -> Vec<Vec<String>> {
        Level::ALL
            .iter()
            .zip(self.counts.by_level)
            .map(|(l, t)| {
                vec![
                    l.zh().to_string(),
                    t.required.to_string(),
                    t.existing.to_string(),
                    pct(t.ratio()),
                ]
            })
            .collect()
    }

    /// Per 标准类型 (the categories' top-level nodes summed), then 合计.
    pub fn category_rows(&self) -> Vec<Vec<String>> {
        let row = tally_row;
        let mut v: Vec<Vec<String>> = CATEGORIES
            .iter()
            .map(|k| row(k.zh(), self.counts.by_category[*k as usize]))
            .collect();
        v.push(row("合计", self.counts.overall));
        v
    }

    /// Per origin: 自制, 采用, 合计, 其中：采用国际、国外标准.
    pub fn origin_rows(&self) -> Vec<Vec<String>> {
        let c = &self.counts;
        let row = tally_row;
        vec![
            row("自制", c.by_origin[0]),
            row("采用", c.by_origin[1]),
            row("合计", c.overall),
            row("其中：采用国际、国外标准", c.international),
        ]
    }

    /// Human text: aligned label/value lines and tables (CJK display width).
    /// Text for a terminal: every text from the files made terminal-safe.
    pub fn human(&self) -> String {
        let mut out = String::new();
        let title = self.system.sys.config.title.clone().unwrap_or_default();
        let _ = writeln!(out, "{}\n", terminal(&title));
        for (name, rows) in self.sections() {
            let _ = writeln!(out, "{name}");
            let w = rows.iter().map(|r| r[0].width()).max().unwrap_or(0);
            for [k, v] in rows {
                let _ = writeln!(out, "  {k}{}  {}", " ".repeat(w - k.width()), terminal(&v));
            }
            out.push('\n');
        }
        let _ = writeln!(out, "按级别");
        out.push_str(&plain_table(
            &["级别", "应有", "现有", "覆盖率(%)"],
            &self.level_rows(),
        ));
        let _ = writeln!(out, "\n按标准类型");
        out.push_str(&plain_table(
            &["标准类型", "应有", "现有", "覆盖率(%)"],
            &self.category_rows(),
        ));
        let _ = writeln!(out, "\n按来源");
        out.push_str(&plain_table(
            &["来源", "应有", "现有", "覆盖率(%)"],
            &self.origin_rows(),
        ));
        let _ = writeln!(out, "\n按节点");
        out.push_str(&plain_table(
            &["节点", "名称", "应有", "现有", "覆盖率(%)"],
            &self.node_rows(),
        ));
        out
    }

    /// Markdown.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let title = self.system.sys.config.title.clone().unwrap_or_default();
        let _ = writeln!(out, "# {}统计\n", crate::text::md(&title));
        for (name, rows) in self.sections() {
            let _ = writeln!(out, "## {name}\n");
            out.push_str(&pipe_table(
                &["项目", "数值"],
                &rows.into_iter().map(|r| r.to_vec()).collect::<Vec<_>>(),
            ));
            out.push('\n');
        }
        out.push_str("## 按标准级别\n\n");
        out.push_str(&pipe_table(
            &["标准级别", "应有数", "现有数", "现有数÷应有数(%)"],
            &self.level_rows(),
        ));
        out.push_str("\n## 按标准类型\n\n");
        out.push_str(&pipe_table(
            &["标准类型", "应有数", "现有数", "现有数÷应有数(%)"],
            &self.category_rows(),
        ));
        out.push_str("\n## 按来源\n\n");
        out.push_str(&pipe_table(
            &["来源", "应有数", "现有数", "现有数÷应有数(%)"],
            &self.origin_rows(),
        ));
        out.push_str("\n## 按体系结构节点\n\n");
        let rows: Vec<Vec<String>> = self
            .node_rows()
            .into_iter()
            .map(|mut r| {
                r[0] = r[0].trim_start().to_string();
                r
            })
            .collect();
        out.push_str(&pipe_table(
            &["节点", "名称", "应有数", "现有数", "现有数÷应有数(%)"],
            &rows,
        ));
        out
    }
}

/// The 标准实施 section: the rates against their targets, then the counts behind them.
fn compliance_rows(c: &Compliance) -> Vec<[String; 2]> {
    let p = crate::text::percent;
    let m = &c.metrics;
    let against = |rate: Option<f64>, n: usize, d: usize, target: Option<f64>| {
        let verdict = match (rate, target) {
            (_, None) => "未设目标".to_string(),
            (None, Some(t)) => format!("目标 {}", p(Some(t))),
            (Some(r), Some(t)) => format!(
                "目标 {}，{}",
                p(Some(t)),
                if r >= t {
                    "达到目标"
                } else {
                    "未达到目标"
                }
            ),
        };
        format!("{}（{n} / {d}，{verdict}）", p(rate))
    };
    let of = |rate: Option<f64>, n: usize, d: usize| format!("{}（{n} / {d}）", p(rate));
    let (t, i, f, a) = (&m.training, &m.implementation, &m.findings, &m.actions);
    let hours = if t.hours.fract() == 0.0 {
        format!("{:.0}", t.hours)
    } else {
        format!("{:.1}", t.hours)
    };
    let mut rows = vec![
        [
            "报告期".into(),
            format!("{} 至 {}（截至 {}）", c.period.from, c.period.to, c.as_of),
        ],
        [
            "全员参训率".into(),
            against(t.rate, t.trained, t.required, t.target),
        ],
        ["宣贯覆盖率".into(), p(t.coverage)],
        [
            "培训场次 / 学时".into(),
            format!("{} / {hours}", t.sessions),
        ],
        [
            "培训考核合格率".into(),
            of(t.pass_rate, t.passed, t.assessed),
        ],
        [
            "标准贯彻实施率".into(),
            against(i.rate, i.implemented, i.required, i.target),
        ],
        ["检查覆盖率".into(), of(i.coverage, i.inspected, i.required)],
        ["实施符合率".into(), of(i.conformity, i.conform, i.rows)],
        [
            "不符合项关闭率".into(),
            of(f.closure_rate, f.closed, f.raised),
        ],
        [
            "纠正措施按期完成率".into(),
            of(a.on_time_rate, a.on_time, a.due),
        ],
        [
            "逾期 / 待验证措施".into(),
            format!("{} / {}", a.overdue, a.unverified),
        ],
        [
            "内部审核（严重 / 一般 / 观察项）".into(),
            format!(
                "{}（{} / {} / {}）",
                m.audits.count, m.audits.major, m.audits.minor, m.audits.observation
            ),
        ],
        [
            "管理评审（决定 / 未关闭）".into(),
            format!(
                "{}（{} / {}）",
                m.reviews.count, m.reviews.decisions, m.reviews.open
            ),
        ],
        [
            "投诉（属实 / 已答复）".into(),
            format!(
                "{}（{} / {}）",
                m.complaints.count, m.complaints.substantiated, m.complaints.replied
            ),
        ],
    ];
    rows.extend(case_rows(c, &against, &of));
    rows
}

/// The rows of Part 2: 办件 (from the exports, or the `case_stats` totals) and 评价.
fn case_rows(
    c: &Compliance,
    against: &dyn Fn(Option<f64>, usize, usize, Option<f64>) -> String,
    of: &dyn Fn(Option<f64>, usize, usize) -> String,
) -> Vec<[String; 2]> {
    use crate::compliance::metrics::Cases;
    let p = crate::text::percent;
    let m = &c.metrics;
    let mut rows: Vec<[String; 2]> = Vec::new();
    let target = c.json["cases"]["target"].as_f64();
    match &m.cases {
        Cases::Cases(t) => {
            rows.push([
                "收件 / 办结 / 在办".into(),
                format!("{} / {} / {}", t.received, t.finished, t.open),
            ]);
            rows.push([
                "即办件占比".into(),
                of(t.instant_share(), t.instant, t.finished),
            ]);
            rows.push([
                "承诺件按期办结率".into(),
                against(
                    t.on_time_rate(),
                    t.same_day + t.early + t.on_time,
                    t.promised,
                    target,
                ),
            ]);
            rows.push([
                "承诺件提前办结率".into(),
                of(t.early_rate(), t.same_day + t.early, t.promised),
            ]);
            rows.push([
                "平均办结时间 / 实际提速".into(),
                format!(
                    "{} 个工作日 / {}",
                    t.mean_days()
                        .map_or_else(|| "—".into(), |d| format!("{d:.1}")),
                    p(t.speedup())
                ),
            ]);
            rows.push([
                "在办超期 / 超法定时限 / 未分类".into(),
                format!(
                    "{} / {} / {}",
                    t.open_overdue, t.over_statutory, t.unclassified
                ),
            ]);
        }
        Cases::Stats(s) => {
            let n = |x: Option<u64>| x.map_or_else(|| "—".into(), |x| x.to_string());
            rows.push(["办结（办件统计）".into(), n(s.finished)]);
            rows.push(["承诺件按期办结率（办件统计）".into(), p(s.on_time_rate())]);
        }
        Cases::None => {}
    }
    let e = &m.evaluations;
    if e.count > 0 {
        let target = c.json["evaluations"]["target"].as_f64();
        rows.push([
            "满意率（好差评）".into(),
            against(e.satisfaction(), e.satisfied, e.count, target),
        ]);
        rows.push([
            "差评整改率 / 按期整改率".into(),
            format!("{} / {}", p(e.bad_fix_rate()), p(e.bad_on_time_rate())),
        ]);
        rows.push([
            "实名差评回访率".into(),
            of(e.named_callback_rate(), e.named_called_back, e.named_bad),
        ]);
    }
    let s = &m.surveys;
    if s.count > 0 {
        rows.push([
            "满意度测评（回收率 / 满意率）".into(),
            format!("{} / {}", p(s.return_rate()), p(s.satisfaction())),
        ]);
    }
    rows
}

/// A table without borders, columns aligned by display width.
fn plain_table(header: &[&str], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| terminal(c).into_owned()).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.width());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::from(" ");
        for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
            // Numbers right-aligned, text left-aligned.
            let numeric = i > 0
                && c.chars()
                    .all(|ch| ch.is_ascii_digit() || ch == '.' || ch == '—');
            let pad = " ".repeat(w - c.width());
            if numeric {
                let _ = write!(s, " {pad}{c}");
            } else {
                let _ = write!(s, " {c}{pad}");
            }
        }
        s.truncate(s.trim_end().len());
        s.push('\n');
        s
    };
    let mut out = line(header.to_vec());
    for r in &rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    out
}

/// One row of a statistics table: label, 应有数, 现有数, ratio.
fn tally_row(label: &str, t: crate::count::Tally) -> Vec<String> {
    vec![
        label.to_string(),
        t.required.to_string(),
        t.existing.to_string(),
        pct(t.ratio()),
    ]
}
