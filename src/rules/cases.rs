//! Group B: 办件与评价 (docs/compliance.md, Part 2), on the cases and evaluations classified
//! once in the [`Ledger`]. Case findings are aggregated per item (one finding per item code and
//! rule: the count and the first 20 ids in file order, at the `id` cell of the first), so a
//! year of data cannot flood the output; the rate rules point at their target's key.

use crate::compliance::Ledger;
use crate::compliance::cases::{Class, Unclassified};
use crate::compliance::evaluations::{Deadline, deadline};
use crate::compliance::metrics::{Cases, Metrics};
use crate::diag::{Diagnostic, Findings, Msg, Rule, codes};
use crate::model::cases::{CaseData, RowAt};
use crate::model::records::Record;
use crate::text::percent;
use crate::yaml::{Pos, Span};
use std::collections::{BTreeMap, HashMap};

/// At most this many ids are listed in one finding.
use crate::diag::LISTED;

/// Every rule of group B, in code order.
pub fn check(l: &Ledger, m: &Metrics, sys_span: &dyn Fn(&[&str]) -> Span, out: &mut Findings) {
    uncovered_years(l, out);
    bad_dates(l, out);
    unclassified(l, out);
    export_differs(l, out);
    per_class(
        l,
        codes::B010,
        |v| v.class == Class::Overdue,
        ("finished after the promised limit (超期办结)", "超期办结"),
        out,
    );
    per_class(
        l,
        codes::B011,
        |v| v.open_overdue,
        ("open past the promised limit on R (在办超期)", "在办超期"),
        out,
    );
    per_class(
        l,
        codes::B012,
        |v| v.class == Class::InstantLate,
        ("即办件 not finished at once", "即办件未即时办结"),
        out,
    );
    per_class(
        l,
        codes::B013,
        |v| v.over_statutory,
        (
            "finished after the statutory limit (超法定时限)",
            "超过法定时限办结",
        ),
        out,
    );
    on_time_below_target(l, m, sys_span, out);
    let views = l.evaluation_views();
    evaluation_deadlines(l, &views, out);
    satisfaction_below_target(l, m, sys_span, out);
    unknown_evaluated_cases(l, out);
    evaluation_rate_below_target(l, m, sys_span, out);
    complaint_not_replied(l, out);
    case_stats_differ(l, out);
    self_contradiction(l, out);
}

/// The `id` cell of a row.
fn id_cell(data: &CaseData, at: RowAt) -> (&crate::model::cases::LoadedSource, Span) {
    let src = &data.sources[at.source as usize];
    let col = src.column("id").map_or(1, |c| c.1);
    (src, Span::point(Pos { line: at.line, col }))
}

/// One finding per group: `count` rows, the first ids listed, at the first row's id cell.
struct Group {
    count: usize,
    first: RowAt,
    ids: Vec<String>,
}

fn group_by<K: Ord, S: AsRef<str>>(
    rows: impl Iterator<Item = (K, RowAt, S)>,
) -> BTreeMap<K, Group> {
    let mut out: BTreeMap<K, Group> = BTreeMap::new();
    for (k, at, id) in rows {
        let g = out.entry(k).or_insert_with(|| Group {
            count: 0,
            first: at,
            ids: Vec::new(),
        });
        g.count += 1;
        if g.ids.len() < LISTED {
            g.ids.push(id.as_ref().to_string());
        }
    }
    out
}

fn listed(g: &Group, en: bool) -> String {
    let more = g.count > g.ids.len();
    match en {
        true => format!("{}{}", g.ids.join(", "), if more { ", …" } else { "" }),
        false => format!("{}{}", g.ids.join("、"), if more { "等" } else { "" }),
    }
}

/// A per-item finding: "`<cell> `340300-XK-0001: 2 case(s) <what>: BJ-3, BJ-5".
fn item_finding(
    l: &Ledger,
    rule: &'static Rule,
    item: &str,
    g: &Group,
    what: (&str, &str),
) -> Diagnostic {
    let data = &l.records.data;
    let (src, span) = id_cell(data, g.first);
    let prefix = crate::load::cell_prefix(src, span.start.line, span.start.col);
    Diagnostic::new(
        rule,
        &src.data,
        span,
        Msg::new(
            format!(
                "{prefix}{item}: {} case(s) {}: {}",
                g.count,
                what.0,
                listed(g, true)
            ),
            format!(
                "{prefix}{item}：{} 件{}：{}",
                g.count,
                what.1,
                listed(g, false)
            ),
        ),
    )
    .cell(src.column("id").map_or("", |c| c.0), &g.ids[0])
}

/// Cases selected by `pick`, grouped by item.
fn per_item<'l>(l: &'l Ledger, pick: impl Fn(usize) -> bool) -> BTreeMap<&'l str, Group> {
    let data = &l.records.data;
    group_by(
        data.cases
            .iter()
            .enumerate()
            .filter(|(i, _)| pick(*i))
            .map(|(_, c)| (&*data.items[c.item as usize], c.at, data.id(c))),
    )
}

/// B010–B013: the cases of one class, per item.
fn per_class(
    l: &Ledger,
    rule: &'static Rule,
    pick: impl Fn(&crate::compliance::cases::CaseView) -> bool,
    what: (&str, &str),
    out: &mut Findings,
) {
    for (item, g) in per_item(l, |i| pick(&l.cases()[i])) {
        out.push(item_finding(l, rule, item, &g, what));
    }
}

/// B004: a working-day computation reaching a year no calendar covers; one per year.
fn uncovered_years(l: &Ledger, out: &mut Findings) {
    let data = &l.records.data;
    let rows = data
        .cases
        .iter()
        .zip(l.cases())
        .filter_map(|(c, v)| match v.why {
            Some(Unclassified::Calendar(y)) => Some((y, c.at, data.id(c))),
            _ => None,
        });
    for (year, g) in group_by(rows) {
        let (src, span) = id_cell(data, g.first);
        let prefix = crate::load::cell_prefix(src, span.start.line, span.start.col);
        out.push(
            Diagnostic::new(
                codes::B004,
                &src.data,
                span,
                Msg::new(
                    format!("{prefix}no calendar covers {year}: {} case(s) cannot be counted in working days and stay unclassified: {}", g.count, listed(&g, true)),
                    format!("{prefix}工作日历未覆盖 {year} 年：{} 件办件无法按工作日计算，未予分类：{}", g.count, listed(&g, false)),
                ),
            )
            .cell(src.column("id").map_or("", |c| c.0), &g.ids[0])
            .help(msg!(
                "add a calendar file for {} (`calendar: 1`, citing the State Council's notice) to `compliance.calendar`",
                "请在 `compliance.calendar` 中加入 {} 年的工作日历文件（`calendar: 1`，注明国务院办公厅放假通知）",
                year
            )),
        );
    }
}

/// B005: finished before received, or a time after today.
fn bad_dates(l: &Ledger, out: &mut Findings) {
    let what = (
        format!(
            "finished before received, or dated after today ({})",
            l.today
        ),
        format!("办结时间早于受理时间，或时间晚于今天（{}）", l.today),
    );
    for (item, g) in per_item(l, |i| l.cases()[i].why == Some(Unclassified::Dates)) {
        out.push(item_finding(l, codes::B005, item, &g, (&what.0, &what.1)));
    }
}

/// B006: cases not classified for want of their item or its procedure.
fn unclassified(l: &Ledger, out: &mut Findings) {
    for (item, g) in per_item(l, |i| l.cases()[i].why == Some(Unclassified::UnknownItem)) {
        out.push(item_finding(
            l,
            codes::B006,
            item,
            &g,
            (
                "whose item is not in the items catalogue (counted, not classified)",
                "的事项不在事项目录中（计入收件、办结，不分类）",
            ),
        ));
    }
    for (item, g) in per_item(l, |i| l.cases()[i].why == Some(Unclassified::NoProcedure)) {
        out.push(
            item_finding(l, codes::B006, item, &g, ("without an existing item procedure, and the export lacks the handling or the limit (counted, not classified)", "无现行项目办理规程，数据中也没有办件类型或承诺时限（计入收件、办结，不分类）"))
                .help(Msg::new(
                    "write the item's procedure (`kind: item`), or map `handling` and `promised_limit`",
                    "请编写该事项的项目办理规程（`kind: item`），或映射 `handling` 与 `promised_limit` 列",
                )),
        );
    }
}

/// B007: the export's handling, limits or due date differ from the item procedure.
fn export_differs(l: &Ledger, out: &mut Findings) {
    let data = &l.records.data;
    let cal = &l.records.calendar;
    let mut rows: BTreeMap<(&str, Vec<&str>), Group> = BTreeMap::new();
    for (c, v) in data.cases.iter().zip(l.cases()) {
        let Some(block) = v
            .procedure
            .and_then(|p| l.system.standards[p as usize].std.item.as_deref())
        else {
            continue;
        };
        let mut fields = Vec::new();
        if let (Some(h), Some(p)) = (c.handling, block.handling)
            && h != p
        {
            fields.push("handling");
        }
        // Export columns are working days; natural-day limits are not compared (compliance.md).
        if let (Some(x), Some(p)) = (c.promised, block.promised_limit)
            && p.working_days_exact().is_some_and(|p| f64::from(x) != p)
        {
            fields.push("promised_limit");
        }
        if let (Some(x), Some(p)) = (c.statutory, block.statutory_limit)
            && p.working_days_exact().is_some_and(|p| f64::from(x) != p)
        {
            fields.push("statutory_limit");
        }
        if let (Some(due), Some(lim)) = (c.due, v.limit)
            && !v.limit_natural
            && cal
                .add_wd(c.received, lim + u32::from(c.excluded.unwrap_or(0)))
                .is_ok_and(|d| d != due)
        {
            fields.push("due");
        }
        if fields.is_empty() {
            continue;
        }
        let g = rows
            .entry((&data.items[c.item as usize], fields))
            .or_insert_with(|| Group {
                count: 0,
                first: c.at,
                ids: Vec::new(),
            });
        g.count += 1;
        if g.ids.len() < LISTED {
            g.ids.push(data.id(c).to_string());
        }
    }
    for ((item, fields), g) in rows {
        let f = fields.join(", ");
        let en = format!(
            "whose {f} differ from the item procedure (the case system is not set up as the published standard says)"
        );
        let zh_names: Vec<&str> = fields
            .iter()
            .map(|f| match *f {
                "handling" => "办件类型",
                "promised_limit" => "承诺时限",
                "statutory_limit" => "法定时限",
                _ => "承诺办结时间",
            })
            .collect();
        let zh = format!(
            "的{}与项目办理规程不一致（办件系统的设置与发布的标准不符）",
            zh_names.join("、")
        );
        out.push(item_finding(l, codes::B007, item, &g, (&en, &zh)));
    }
}

fn rate_finding(
    rule: &'static Rule,
    l: &Ledger,
    span: Span,
    (name_en, name_zh): (&str, &str),
    rate: f64,
    target: f64,
    detail: (String, String),
) -> Diagnostic {
    Diagnostic::new(
        rule,
        &l.system.sys.file,
        span,
        Msg::new(
            format!(
                "{name_en} {} is below the target {}: {}",
                percent(Some(rate)),
                percent(Some(target)),
                detail.0
            ),
            format!(
                "{name_zh} {} 低于目标 {}：{}",
                percent(Some(rate)),
                percent(Some(target)),
                detail.1
            ),
        ),
    )
}

/// B014: 承诺件按期办结率 below `targets.on_time`.
fn on_time_below_target(
    l: &Ledger,
    m: &Metrics,
    sys_span: &dyn Fn(&[&str]) -> Span,
    out: &mut Findings,
) {
    let Some(target) = l.targets.on_time.0 else {
        return;
    };
    let (rate, detail) = match &m.cases {
        Cases::Cases(t) => match t.on_time_rate() {
            Some(r) => (
                r,
                (
                    format!(
                        "{} of {} 承诺件 finished in P were finished within their promised limit ({} overdue)",
                        t.same_day + t.early + t.on_time,
                        t.promised,
                        t.overdue
                    ),
                    format!(
                        "报告期内办结的 {} 件承诺件中 {} 件按期办结（超期 {} 件）",
                        t.promised,
                        t.same_day + t.early + t.on_time,
                        t.overdue
                    ),
                ),
            ),
            None => return,
        },
        Cases::Stats(s) => match (s.on_time_rate(), s.in_time(), s.promised) {
            (Some(r), Some(n), Some(p)) => (
                r,
                (
                    format!("{n} of {p} 承诺件 on time (case_stats)"),
                    format!("办件统计：{p} 件承诺件中 {n} 件按期办结"),
                ),
            ),
            _ => return,
        },
        Cases::None => return,
    };
    if rate < target {
        out.push(rate_finding(
            codes::B014,
            l,
            sys_span(&["compliance", "targets", "on_time"]),
            ("承诺件按期办结率", "承诺件按期办结率"),
            rate,
            target,
            detail,
        ));
    }
}

/// B020, B021: 差评 not rectified, named 差评 not called back, in time; per item of the
/// evaluated case.
fn evaluation_deadlines(
    l: &Ledger,
    views: &[crate::compliance::evaluations::EvaluationView],
    out: &mut Findings,
) {
    let data = &l.records.data;
    // The items of the cases late 差评 name (few), found in one pass over the cases.
    let named: rustc_hash::FxHashSet<&str> = data
        .evaluations
        .iter()
        .zip(views)
        .filter(|(_, v)| {
            v.bad && (v.fixed_on_time == Deadline::Late || v.called_back_on_time == Deadline::Late)
        })
        .filter_map(|(e, _)| e.case.as_deref())
        .collect();
    let item_of: HashMap<&str, &str> = match named.is_empty() {
        true => HashMap::new(),
        false => data
            .cases
            .iter()
            .filter(|c| named.contains(data.id(c)))
            .map(|c| (data.id(c), &*data.items[c.item as usize]))
            .collect(),
    };
    let t = l.targets;
    let rules: [(&'static Rule, String, String); 2] = [
        (
            codes::B020,
            format!(
                "差评 not rectified within {} working days",
                t.bad_review_days
            ),
            format!("条差评未在 {} 个工作日内整改", t.bad_review_days),
        ),
        (
            codes::B021,
            format!(
                "named 差评 not called back within {} working day(s)",
                t.callback_days
            ),
            format!("条实名差评未在 {} 个工作日内回访", t.callback_days),
        ),
    ];
    for (k, (rule, en, zh)) in rules.iter().enumerate() {
        let rows = data.evaluations.iter().zip(views).filter(|(e, v)| {
            v.bad
                && match k {
                    0 => v.fixed_on_time == Deadline::Late,
                    _ => e.named && v.called_back_on_time == Deadline::Late,
                }
        });
        let groups = group_by(rows.map(|(e, _)| {
            let item = e
                .case
                .as_deref()
                .and_then(|c| item_of.get(c).copied())
                .unwrap_or("—");
            (item, e.at, e.id.to_string())
        }));
        for (item, g) in groups {
            let (src, span) = id_cell(data, g.first);
            let prefix = crate::load::cell_prefix(src, span.start.line, span.start.col);
            out.push(
                Diagnostic::new(
                    rule,
                    &src.data,
                    span,
                    Msg::new(
                        format!("{prefix}{item}: {} {en}: {}", g.count, listed(&g, true)),
                        format!("{prefix}{item}：{} {zh}：{}", g.count, listed(&g, false)),
                    ),
                )
                .cell(src.column("id").map_or("", |c| c.0), &g.ids[0]),
            );
        }
    }
}

/// B022: 满意率 below `targets.satisfaction`, of the evaluations and of the surveys.
fn satisfaction_below_target(
    l: &Ledger,
    m: &Metrics,
    sys_span: &dyn Fn(&[&str]) -> Span,
    out: &mut Findings,
) {
    let Some(target) = l.targets.satisfaction.0 else {
        return;
    };
    let span = sys_span(&["compliance", "targets", "satisfaction"]);
    let e = &m.evaluations;
    if let Some(r) = e.satisfaction()
        && r < target
    {
        out.push(rate_finding(
            codes::B022,
            l,
            span,
            ("满意率 (好差评)", "好差评满意率"),
            r,
            target,
            (
                format!(
                    "{} of {} valid evaluations in P are satisfied ({} 差评)",
                    e.satisfied, e.count, e.bad
                ),
                format!(
                    "报告期内 {} 条有效评价中 {} 条满意（差评 {} 条）",
                    e.count, e.satisfied, e.bad
                ),
            ),
        ));
    }
    let s = &m.surveys;
    if let Some(r) = s.satisfaction()
        && r < target
    {
        let total: u64 = s.by_level.iter().sum();
        out.push(rate_finding(
            codes::B022,
            l,
            span,
            ("满意率 (surveys)", "满意度测评满意率"),
            r,
            target,
            (
                format!(
                    "{} of {total} answers of {} survey(s) in P are satisfied",
                    s.satisfied, s.count
                ),
                format!(
                    "报告期内 {} 次测评的 {total} 份答卷中 {} 份满意",
                    s.count, s.satisfied
                ),
            ),
        ));
    }
}

/// B023: evaluations naming a case no case source holds; one per evaluation file.
fn unknown_evaluated_cases(l: &Ledger, out: &mut Findings) {
    let data = &l.records.data;
    if !data.sources.iter().any(|s| !s.evaluations) {
        return;
    }
    if data.evaluations.iter().all(|e| e.case.is_none()) {
        return;
    }
    // The case ids the evaluations name (fewer than the cases), then one pass over the cases.
    let mut named: rustc_hash::FxHashMap<&str, bool> = data
        .evaluations
        .iter()
        .filter_map(|e| Some((e.case.as_deref()?, false)))
        .collect();
    for c in &data.cases {
        if let Some(seen) = named.get_mut(data.id(c)) {
            *seen = true;
        }
    }
    let rows = data.evaluations.iter().filter_map(|e| {
        let c = e.case.as_deref()?;
        (!named.get(c).copied().unwrap_or(false))
            .then(|| (e.at.source, e.at, format!("{} ({c})", e.id)))
    });
    for (_, g) in group_by(rows) {
        let (src, span) = id_cell(data, g.first);
        let prefix = crate::load::cell_prefix(src, span.start.line, span.start.col);
        out.push(
            Diagnostic::new(
                codes::B023,
                &src.data,
                span,
                Msg::new(
                    format!(
                        "{prefix}{} evaluation(s) name a case no case source holds: {}",
                        g.count,
                        listed(&g, true)
                    ),
                    format!(
                        "{prefix}{} 条评价所指的办件不在办件数据中：{}",
                        g.count,
                        listed(&g, false)
                    ),
                ),
            )
            .cell(
                src.column("id").map_or("", |c| c.0),
                g.ids[0].split(" (").next().unwrap_or(""),
            ),
        );
    }
}

/// B024: 评议率 below `targets.evaluation_rate`.
fn evaluation_rate_below_target(
    l: &Ledger,
    m: &Metrics,
    sys_span: &dyn Fn(&[&str]) -> Span,
    out: &mut Findings,
) {
    let Some(target) = l.targets.evaluation_rate.0 else {
        return;
    };
    let Cases::Cases(t) = &m.cases else { return };
    if !l.evaluations_name_cases() {
        return;
    }
    let Some(r) = crate::compliance::cases::ratio(t.evaluated, t.finished) else {
        return;
    };
    if r < target {
        out.push(rate_finding(
            codes::B024,
            l,
            sys_span(&["compliance", "targets", "evaluation_rate"]),
            ("评议率", "评议率"),
            r,
            target,
            (
                format!(
                    "{} of {} cases finished in P were evaluated",
                    t.evaluated, t.finished
                ),
                format!(
                    "报告期内办结的 {} 件中 {} 件得到评价",
                    t.finished, t.evaluated
                ),
            ),
        ));
    }
}

/// B030: a complaint replied to more than `complaint_days` working days after its date, or
/// not replied to past that.
fn complaint_not_replied(l: &Ledger, out: &mut Findings) {
    let Some(days) = l.targets.complaint_days else {
        return;
    };
    let cal = &l.records.calendar;
    for r in &l.records.list {
        let Record::Complaint(c) = &r.record else {
            continue;
        };
        let Some(date) = &c.date else { continue };
        if deadline(
            cal,
            date.value,
            c.reply.as_ref().map(|x| x.value),
            days,
            l.as_of,
        ) != Deadline::Late
        {
            continue;
        }
        let (span, en, zh) = match &c.reply {
            Some(x) if x.value <= l.as_of => (
                x.span,
                format!(
                    "replied on {}, more than {days} working days after {}",
                    x.value, date.value
                ),
                format!(
                    "于 {} 答复，超过受理后 {days} 个工作日（{}）",
                    x.value, date.value
                ),
            ),
            _ => (
                date.span,
                format!(
                    "received on {} and not replied to within {days} working days",
                    date.value
                ),
                format!("{} 受理，{days} 个工作日内未答复", date.value),
            ),
        };
        let id = c.id.as_ref().map_or("", |i| i.value.as_str());
        out.push(Diagnostic::new(
            codes::B030,
            &r.file,
            span,
            Msg::new(format!("complaint {id} {en}"), format!("投诉 {id} {zh}")),
        ));
    }
}

/// B031: a `case_stats` record differing from the raw cases of its period.
fn case_stats_differ(l: &Ledger, out: &mut Findings) {
    let data = &l.records.data;
    if !data.sources.iter().any(|s| !s.evaluations) {
        return;
    }
    for r in &l.records.list {
        let Record::CaseStats(s) = &r.record else {
            continue;
        };
        let Some(p) = &s.period else { continue };
        let p = p.value;
        let (
            mut received,
            mut finished,
            mut instant,
            mut promised,
            mut early,
            mut on_time,
            mut overdue,
        ) = (0u64, 0u64, 0u64, 0u64, 0u64, 0u64, 0u64);
        for (c, v) in data.cases.iter().zip(l.cases()) {
            received += u64::from(p.from <= c.received && c.received <= p.to);
            let in_p = c.status == crate::model::cases::CaseStatus::Finished
                && c.finished.is_some_and(|f| p.from <= f && f <= p.to);
            if !in_p {
                continue;
            }
            finished += 1;
            match v.class {
                Class::InstantOk | Class::InstantLate => instant += 1,
                Class::None => {}
                k => {
                    promised += 1;
                    match k {
                        Class::SameDay | Class::Early => early += 1,
                        Class::OnTime => on_time += 1,
                        _ => overdue += 1,
                    }
                }
            }
        }
        let fields = [
            ("finished", &s.finished, finished),
            ("received", &s.received, received),
            ("instant", &s.instant, instant),
            ("promised", &s.promised, promised),
            ("early", &s.early, early),
            ("on_time", &s.on_time, on_time),
            ("overdue", &s.overdue, overdue),
        ];
        let differ: Vec<String> = fields
            .iter()
            .filter_map(|(name, given, raw)| {
                let g = given.as_ref()?;
                (g.value != *raw).then(|| format!("{name} {} ≠ {raw}", g.value))
            })
            .collect();
        if differ.is_empty() {
            continue;
        }
        let id = s.id.as_ref().map_or("", |i| i.value.as_str());
        let span = s.id.as_ref().map_or(r.span, |i| i.span);
        out.push(Diagnostic::new(
            codes::B031,
            &r.file,
            span,
            Msg::new(
                format!(
                    "case_stats {id} ({p}) differs from the raw cases: {}",
                    differ.join(", ")
                ),
                format!(
                    "办件统计 {id}（{p}）与同期办件明细不一致：{}",
                    differ.join("，")
                ),
            ),
        ));
    }
}

/// B033: a survey or case_stats contradicting itself.
fn self_contradiction(l: &Ledger, out: &mut Findings) {
    for r in &l.records.list {
        let mut problems: Vec<(Span, String, String)> = Vec::new();
        match &r.record {
            Record::Survey(s) => {
                if let (Some(levels), Some(ret)) = (&s.levels, &s.returned)
                    && levels.value.total() != ret.value
                {
                    problems.push((
                        levels.span,
                        format!(
                            "the levels add up to {}, not `returned` {}",
                            levels.value.total(),
                            ret.value
                        ),
                        format!(
                            "各等级合计 {}，与 `returned` {} 不符",
                            levels.value.total(),
                            ret.value
                        ),
                    ));
                }
                if let (Some(ret), Some(d)) = (&s.returned, &s.distributed)
                    && ret.value > d.value
                {
                    problems.push((
                        ret.span,
                        format!(
                            "`returned` {} is more than `distributed` {}",
                            ret.value, d.value
                        ),
                        format!("`returned` {} 大于 `distributed` {}", ret.value, d.value),
                    ));
                }
            }
            Record::CaseStats(s) => {
                let v = |x: &Option<crate::model::Spanned<u64>>| x.as_ref().map(|x| x.value);
                if let (Some(i), Some(p), Some(f)) = (v(&s.instant), v(&s.promised), &s.finished)
                    && i + p != f.value
                {
                    problems.push((
                        f.span,
                        format!("`instant` {i} + `promised` {p} ≠ `finished` {}", f.value),
                        format!("`instant` {i} + `promised` {p} ≠ `finished` {}", f.value),
                    ));
                }
                if let (Some(e), Some(o), Some(d), Some(p)) =
                    (v(&s.early), v(&s.on_time), v(&s.overdue), &s.promised)
                    && e + o + d != p.value
                {
                    problems.push((
                        p.span,
                        format!(
                            "`early` {e} + `on_time` {o} + `overdue` {d} ≠ `promised` {}",
                            p.value
                        ),
                        format!(
                            "`early` {e} + `on_time` {o} + `overdue` {d} ≠ `promised` {}",
                            p.value
                        ),
                    ));
                }
            }
            _ => continue,
        }
        let id = r.record.id().map_or("", |i| i.value.as_str());
        for (span, en, zh) in problems {
            out.push(Diagnostic::new(
                codes::B033,
                &r.file,
                span,
                Msg::new(format!("{id}: {en}"), format!("{id}：{zh}")),
            ));
        }
    }
}
