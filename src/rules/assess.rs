//! Group V: 自评 (docs/compliance.md Part 3), over the sheets and assessments the loader read
//! and the sums of [`Scored`]. Run with the A rules (one ledger). Findings point at the
//! offending node: V002/V004 at the score's key, V005 at `claimed_grade`, V006 at `sheet`.

use crate::compliance::Ledger;
use crate::compliance::assess::{Scored, metric_value, period_of};
use crate::compliance::metrics::Metrics;
use crate::diag::{Candidates, Diagnostic, Findings, Msg, codes};
use crate::model::Spanned;
use crate::model::assess::SheetItem;
use crate::model::records::Record;
use crate::system::{EvidenceProblem, LoadedAssessment, LoadedSheet};
use crate::yaml::Span;
use serde_json::Value;
use std::collections::HashMap;

/// Every rule of group V.
pub fn check(l: &Ledger, m: &Metrics, out: &mut Findings) {
    let records = l.records;
    let compliance = m.json(l);
    for s in records.sheets.iter().filter(|s| !s.builtin) {
        sheet_problems(s, &compliance, out);
    }
    let sheet_ids: Vec<&str> = records.sheets.iter().map(LoadedSheet::id).collect();
    for a in &records.assessments {
        let Some(sheet) = a.assessment.sheet.as_ref() else {
            continue;
        };
        let Some(scored) = Scored::of(records, a) else {
            if records.unread.contains(&sheet.value.0) {
                continue; // its sheet has findings of its own
            }
            out.push(near(
                Diagnostic::new(
                    codes::V001,
                    &a.file,
                    sheet.span,
                    msg!(
                        "no scoring sheet `{}`: not built in, nor named in compliance.sheets",
                        "没有评估计分表 `{}`：既非内置，也未在 compliance.sheets 中列出",
                        sheet.value
                    ),
                ),
                sheet_ids.iter().copied(),
                sheet.value.as_str(),
            ));
            continue;
        };
        scores_fit(&scored, out);
        evidence(l, a, out);
        let figures = match period_of(records, a) == l.period {
            true => None,
            false => crate::compliance::assess::metrics_json(l.system, a),
        };
        metric_contradicted(&scored, figures.as_ref().unwrap_or(&compliance), out);
        grade_not_reached(&scored, out);
        if !scored.complete {
            out.push(Diagnostic::new(
                codes::V006,
                &a.file,
                sheet.span,
                msg!(
                    "sheet `{}` is incomplete (complete: false): the total {} covers only its transcribed part, and no grade is computed",
                    "计分表 `{}` 不完整（complete: false）：总分 {} 只含已转录部分，不评定等级",
                    sheet.value,
                    score(scored.total)
                ),
            ).help(Msg::new(
                "complete the sheet: name a sheet file with the same id in compliance.sheets (`stdkit sheet export ID -o FILE` writes the built-in to start from)",
                "请补全计分表：在 compliance.sheets 中列出同一编号的计分表文件（可用 `stdkit sheet export ID -o FILE` 导出内置表作底稿）",
            )));
        }
    }
    events(l, out);
}

/// A number as a sheet writes it: `2`, `1.5`.
pub fn score(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

fn near<'a>(
    d: Diagnostic,
    candidates: impl IntoIterator<Item = &'a str>,
    wanted: &str,
) -> Diagnostic {
    match Candidates::new(candidates).closest(wanted) {
        Some(s) => d.help(msg!("did you mean `{}`?", "是否应为 `{}`？", s)),
        None => d,
    }
}

/// V001 on a sheet: codes, points, metrics and grades.
fn sheet_problems(s: &LoadedSheet, compliance: &Value, out: &mut Findings) {
    let file = &s.file;
    let sheet = &s.sheet;
    let complete = sheet.complete.as_ref().is_some_and(|c| c.value);
    let grades: Vec<&str> = sheet
        .grades
        .iter()
        .filter_map(|g| g.value.grade.as_ref().map(|n| n.value.as_str()))
        .collect();
    let mut seen: HashMap<&str, Span> = HashMap::new();
    let mut all: Vec<&SheetItem> = Vec::new();
    fn flat<'a>(items: &'a [Spanned<SheetItem>], out: &mut Vec<&'a SheetItem>) {
        for i in items {
            out.push(&i.value);
            flat(i.value.items.as_deref().unwrap_or(&[]), out);
        }
    }
    flat(&sheet.items, &mut all);
    for item in &all {
        if let Some(code) = &item.code {
            if let Some(first) = seen.get(code.value.as_str()) {
                out.push(
                    Diagnostic::new(
                        codes::V001,
                        file,
                        code.span,
                        msg!(
                            "code `{}` appears twice in the sheet",
                            "编号 `{}` 在计分表中重复",
                            code.value
                        ),
                    )
                    .related(file, *first, Msg::new("the first", "首次出现处")),
                );
            } else {
                seen.insert(code.value.as_str(), code.span);
            }
        }
        if let Some(p) = item.points.as_ref().filter(|p| p.value < 0.0) {
            out.push(Diagnostic::new(
                codes::V001,
                file,
                p.span,
                msg!(
                    "`{}` has negative points ({})",
                    "`{}` 的分值为负数（{}）",
                    item.code(),
                    score(p.value)
                ),
            ));
        }
        if let Some(name) = item.metric.as_ref().and_then(|m| m.value.name.as_ref())
            && metric_value(compliance, &name.value).is_none()
        {
            out.push(Diagnostic::new(
                codes::V001,
                file,
                name.span,
                msg!(
                    "metric `{}` names no number of the compliance object of `stdkit stats`",
                    "指标 `{}` 不是 `stdkit stats` 中 compliance 对象的数值",
                    name.value
                ),
            ).help(Msg::new(
                "use a dotted path such as training.rate, implementation.rate, cases.on_time_rate or evaluations.satisfaction (docs/compliance.md, stats)",
                "请写点分路径，如 training.rate、implementation.rate、cases.on_time_rate、evaluations.satisfaction（见 docs/compliance.md）",
            )));
        }
        for g in &item.required_for {
            if !grades.contains(&g.value.as_str()) {
                out.push(near(
                    Diagnostic::new(
                        codes::V001,
                        file,
                        g.span,
                        msg!(
                            "`required_for` names grade `{}`, which the sheet does not define",
                            "`required_for` 所列等级 `{}` 未在计分表 grades 中定义",
                            g.value
                        ),
                    ),
                    grades.iter().copied(),
                    &g.value,
                ));
            }
        }
        let Some(children) = &item.items else {
            if complete && !item.is_criterion() {
                out.push(Diagnostic::new(
                    codes::V001,
                    file,
                    item.code.as_ref().map_or(s.span, |c| c.span),
                    msg!(
                        "`{}` has neither `text` (a criterion) nor `items` (a node) in a complete sheet",
                        "完整计分表中的 `{}` 既无 `text`（评分项）也无 `items`（下级条目）",
                        item.code()
                    ),
                ));
            }
            continue;
        };
        let sum: f64 = children.iter().map(|c| c.value.points()).sum();
        let bad = match complete {
            true => (sum - item.points()).abs() > 1e-9,
            false => sum > item.points() + 1e-9,
        };
        if bad && let Some(p) = &item.points {
            let (en, zh) = match complete {
                true => ("", ""),
                false => (
                    " (more than the node, though the sheet is incomplete)",
                    "（计分表虽不完整，下级合计也不应超过本条）",
                ),
            };
            out.push(Diagnostic::new(
                codes::V001,
                file,
                p.span,
                Msg::new(
                    format!(
                        "`{}` has {} points, its items {}{en}",
                        item.code(),
                        score(item.points()),
                        score(sum)
                    ),
                    format!(
                        "`{}` 分值 {}，下级条目合计 {}{zh}",
                        item.code(),
                        score(item.points()),
                        score(sum)
                    ),
                ),
            ));
        }
    }
    if complete && let Some(t) = &sheet.total {
        let sum: f64 = sheet.items.iter().map(|i| i.value.points()).sum();
        if (sum - t.value).abs() > 1e-9 {
            out.push(Diagnostic::new(
                codes::V001,
                file,
                t.span,
                msg!(
                    "the sheet states a total of {}, its sections add up to {}",
                    "计分表总分写为 {}，各部分合计 {}",
                    score(t.value),
                    score(sum)
                ),
            ));
        }
    }
}

/// V001 on an assessment's scores (unknown criterion, a node scored, over points, an undefined
/// claimed grade) and V002 (a score without evidence).
fn scores_fit(s: &Scored, out: &mut Findings) {
    let a = s.assessment;
    let file = &a.file;
    let key = |code: &str| a.score_keys.get(code).copied().unwrap_or(a.span);
    let criteria: Vec<&str> = s.criteria().map(|r| r.item.code()).collect();
    for (code, entry) in &a.assessment.scores {
        let Some(row) = s.rows.iter().find(|r| r.item.code() == code) else {
            out.push(near(
                Diagnostic::new(
                    codes::V001,
                    file,
                    key(code),
                    msg!(
                        "sheet `{}` has no criterion `{}`",
                        "计分表 `{}` 中没有评分项 `{}`",
                        s.sheet.id(),
                        code
                    ),
                ),
                criteria.iter().copied(),
                code,
            ));
            continue;
        };
        if row.declared_only() {
            out.push(Diagnostic::new(
                codes::V001,
                file,
                key(code),
                msg!(
                    "`{}` ({}) is declared by sheet `{}` but not transcribed: it has no criteria to score",
                    "`{}`（{}）在计分表 `{}` 中只列了分值、未转录评分项，无法评分",
                    code,
                    row.item.label(),
                    s.sheet.id()
                ),
            ).help(Msg::new(
                "complete the sheet (stdkit sheet export ID -o FILE, add the criteria, name it in compliance.sheets), or leave the entry out",
                "请补全计分表（stdkit sheet export ID -o FILE 导出后补充评分项，并列入 compliance.sheets），或删去该条评分",
            )));
            continue;
        }
        if !row.is_criterion() {
            out.push(Diagnostic::new(
                codes::V001,
                file,
                key(code),
                msg!(
                    "`{}` is a group ({}), not a criterion: score the criteria under it; a group scores their sum",
                    "`{}` 是分组（{}），不是评分项：请对其下的评分项逐项评分，分组得分为其合计",
                    code,
                    row.item.label()
                ),
            ));
            continue;
        }
        if let Some(x) = &entry.value.score
            && x.value > row.item.points() + 1e-9
        {
            out.push(Diagnostic::new(
                codes::V001,
                file,
                x.span,
                Msg::new(
                    format!(
                        "score {} is above the {} points of `{code}`",
                        score(x.value),
                        score(row.item.points())
                    ),
                    format!(
                        "得分 {} 超过 `{code}` 的分值 {}",
                        score(x.value),
                        score(row.item.points())
                    ),
                ),
            ));
        }
        let given = &entry.value;
        if !given.na && row.score > 0.0 && given.evidence.is_empty() && given.files.is_empty() {
            out.push(
                Diagnostic::new(
                    codes::V002,
                    file,
                    key(code),
                    msg!(
                        "`{}` is scored {} without evidence",
                        "`{}` 自评 {} 分，但未列佐证材料",
                        code,
                        score(row.score)
                    ),
                )
                .help(Msg::new(
                    "name the records that prove it (`evidence: [PX-2026-001]`) or the files (`files: [records/evidence/….pdf]`)",
                    "请列出证明该项的记录（`evidence: [PX-2026-001]`）或文件（`files: [records/evidence/….pdf]`）",
                )),
            );
        }
    }
    if let Some(g) = &a.assessment.claimed_grade {
        let grades: Vec<&str> = s
            .sheet
            .sheet
            .grades
            .iter()
            .filter_map(|d| d.value.grade.as_ref().map(|n| n.value.as_str()))
            .collect();
        if !grades.contains(&g.value.as_str()) {
            out.push(near(
                Diagnostic::new(
                    codes::V001,
                    file,
                    g.span,
                    msg!(
                        "claimed grade `{}` is not a grade of sheet `{}`",
                        "申报等级 `{}` 不是计分表 `{}` 的等级",
                        g.value,
                        s.sheet.id()
                    ),
                ),
                grades.iter().copied(),
                &g.value,
            ));
        }
    }
}

/// V003 on an assessment: evidence records, files, assessors.
fn evidence(l: &Ledger, a: &LoadedAssessment, out: &mut Findings) {
    let file = &a.file;
    let ids = || l.ids.keys().copied();
    for (code, entry) in &a.assessment.scores {
        for r in &entry.value.evidence {
            if !l.ids.contains_key(r.value.as_str()) {
                out.push(near(
                    Diagnostic::new(
                        codes::V003,
                        file,
                        r.span,
                        msg!(
                            "the evidence of `{}` names `{}`, which is no record",
                            "`{}` 的佐证材料 `{}` 不是已有记录",
                            code,
                            r.value
                        ),
                    ),
                    ids(),
                    r.value.as_str(),
                ));
            }
        }
    }
    for (span, p) in &a.file_problems {
        let what = match p {
            EvidenceProblem::Missing => Msg::new("file not found", "文件不存在"),
            EvidenceProblem::NotRegular => Msg::new("not a regular file", "不是普通文件"),
            EvidenceProblem::Unsafe(_) => Msg::new(
                "the path leaves the system root; not read",
                "路径位于标准体系根目录之外，未读取",
            ),
        };
        out.push(Diagnostic::new(
            codes::V003,
            file,
            *span,
            Msg::new(
                format!("evidence file: {}", what.en),
                format!("佐证文件：{}", what.zh),
            ),
        ));
    }
    for s in &a.assessment.assessors {
        if !l.is_staff(s.value.as_str()) {
            out.push(near(
                Diagnostic::new(
                    codes::V003,
                    file,
                    s.span,
                    msg!(
                        "assessor `{}` is not on the staff roster",
                        "评估人员 `{}` 不在人员名册中",
                        s.value
                    ),
                ),
                l.people.iter().copied(),
                s.value.as_str(),
            ));
        }
    }
}

/// V004: full points where the computed figure is below `full_at`.
fn metric_contradicted(s: &Scored, compliance: &Value, out: &mut Findings) {
    let a = s.assessment;
    for row in s.criteria() {
        let (Some(entry), Some(m)) = (row.entry, &row.item.metric) else {
            continue;
        };
        let (Some(name), Some(full_at)) = (&m.value.name, m.value.full_at) else {
            continue;
        };
        if entry.value.na || row.score < row.item.points() {
            continue;
        }
        let Some(Some(x)) = metric_value(compliance, &name.value) else {
            continue;
        };
        if x < full_at {
            let code = row.item.code();
            out.push(Diagnostic::new(
                codes::V004,
                &a.file,
                a.score_keys.get(code).copied().unwrap_or(entry.span),
                msg!(
                    "`{}` claims full points, but {} is {} for the period, below {} (full_at)",
                    "`{}` 自评满分，但本期 {} 为 {}，低于满分要求 {}",
                    code,
                    name.value,
                    figure(x),
                    figure(full_at)
                ),
            ).help(Msg::new(
                "deduct points and say why in `note`, or raise the figure before the assessment",
                "请按实际扣分并在 `note` 中说明，或在自评前把该指标提上去",
            )));
        }
    }
}

/// A figure as the finding shows it: ratios to four places.
fn figure(x: f64) -> String {
    let s = format!("{x:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// V005: a claimed grade not reached (complete sheets only).
fn grade_not_reached(s: &Scored, out: &mut Findings) {
    let Some(g) = &s.assessment.assessment.claimed_grade else {
        return;
    };
    if !s.complete || s.grade == Some(g.value.as_str()) {
        return;
    }
    let defined = s
        .sheet
        .sheet
        .grades
        .iter()
        .any(|d| d.value.grade.as_ref().is_some_and(|n| n.value == g.value));
    if !defined {
        return; // V001
    }
    // Reached when a higher grade is: the claim is modest, not wrong.
    let order: Vec<&str> = s
        .sheet
        .sheet
        .grades
        .iter()
        .filter_map(|d| d.value.grade.as_ref().map(|n| n.value.as_str()))
        .collect();
    let rank = |x: &str| order.iter().position(|o| *o == x);
    if let (Some(r), Some(c)) = (s.grade.and_then(rank), rank(&g.value))
        && r >= c
    {
        return;
    }
    let reached = s.grade.unwrap_or("无");
    let why = if !s.thresholds_met(&g.value) {
        Msg::new(
            format!(
                "basic {} and total {} meet none of its thresholds",
                score(s.basic),
                score(s.total)
            ),
            format!(
                "基本分 {}、总分 {} 未达到其任一分数线",
                score(s.basic),
                score(s.total)
            ),
        )
    } else {
        let unmet: Vec<&str> = s
            .unmet_required(&g.value)
            .iter()
            .map(|r| r.item.code())
            .collect();
        Msg::new(
            format!("its ※ criteria are not met: {}", unmet.join(", ")),
            format!("其必备项（※）未达到：{}", unmet.join("、")),
        )
    };
    let reached_en = s.grade.unwrap_or("none");
    out.push(Diagnostic::new(
        codes::V005,
        &s.assessment.file,
        g.span,
        Msg::new(
            format!(
                "claimed grade {} is not reached ({}); the score reaches {reached_en}",
                g.value, why.en
            ),
            format!(
                "申报等级 {} 未达到（{}）；按得分可评 {reached}",
                g.value, why.zh
            ),
        ),
    ));
}

/// V003 on events: an assessment that does not exist.
fn events(l: &Ledger, out: &mut Findings) {
    let ids: Vec<&str> = l
        .records
        .assessments
        .iter()
        .map(LoadedAssessment::id)
        .collect();
    for r in &l.records.list {
        let Record::Event(e) = &r.record else {
            continue;
        };
        let Some(a) = &e.assessment else { continue };
        if !ids.contains(&a.value.as_str()) && !l.records.unread.contains(&a.value.0) {
            out.push(near(
                Diagnostic::new(
                    codes::V003,
                    &r.file,
                    a.span,
                    msg!(
                        "event names assessment `{}`, which compliance.assessments does not hold",
                        "事件所指自评 `{}` 不在 compliance.assessments 中",
                        a.value
                    ),
                ),
                ids.iter().copied(),
                a.value.as_str(),
            ));
        }
    }
}
