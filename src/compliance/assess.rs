//! The scoring of a self-assessment (docs/compliance.md Part 3), in one place: rule group V,
//! `report self-assessment`, the dossier and the checklist read these sums, so they cannot
//! disagree. A node scores the sum of its children; `basic` sums the non-bonus top-level nodes,
//! `total` all; the grade is computed for complete sheets only.

use crate::model::assess::{Score, SheetItem};
use crate::model::records::Record;
use crate::model::{Period, Spanned};
use crate::system::{LoadedAssessment, LoadedSheet, Records, System};
use serde_json::Value;

/// One node or criterion of a sheet with its score, in sheet order (depth first).
#[derive(Clone, Debug)]
pub struct ScoredRow<'a> {
    pub item: &'a SheetItem,
    /// 0 for a top-level node.
    pub depth: usize,
    /// A criterion: its entry's score (`na` counts full points, none 0); a node: the sum of
    /// its children.
    pub score: f64,
    /// The assessment's entry for a criterion.
    pub entry: Option<&'a Spanned<Score>>,
    /// Scored its points, or `na`.
    pub met: bool,
}

impl ScoredRow<'_> {
    pub fn is_criterion(&self) -> bool {
        self.item.is_criterion()
    }

    /// A node declared without its criteria (an incomplete sheet).
    pub fn declared_only(&self) -> bool {
        self.item.items.is_none() && !self.item.is_criterion()
    }

    pub fn na(&self) -> bool {
        self.entry.is_some_and(|e| e.value.na)
    }
}

/// An assessment scored against its sheet.
#[derive(Clone, Debug)]
pub struct Scored<'a> {
    pub sheet: &'a LoadedSheet,
    pub assessment: &'a LoadedAssessment,
    pub rows: Vec<ScoredRow<'a>>,
    /// The sum of the non-bonus top-level nodes.
    pub basic: f64,
    /// The sum of all top-level nodes.
    pub total: f64,
    /// What the sheet is out of: its `total`, else the sum of its top-level points.
    pub points: f64,
    /// The grade reached; `None` for an incomplete sheet (未评定等级) or none reached.
    pub grade: Option<&'a str>,
    pub complete: bool,
}

impl<'a> Scored<'a> {
    /// The assessment's sheet, if the system has it.
    pub fn of(records: &'a Records, a: &'a LoadedAssessment) -> Option<Scored<'a>> {
        let id = a.assessment.sheet.as_ref()?.value.as_str();
        let sheet = records.sheets.iter().find(|s| s.id() == id)?;
        let mut rows = Vec::new();
        for top in &sheet.sheet.items {
            walk(&top.value, 0, a, &mut rows);
        }
        let tops: Vec<&ScoredRow> = rows.iter().filter(|r| r.depth == 0).collect();
        let basic = tops.iter().filter(|r| !r.item.bonus).map(|r| r.score).sum();
        let total = tops.iter().map(|r| r.score).sum();
        let points = sheet
            .sheet
            .total
            .as_ref()
            .map_or_else(|| tops.iter().map(|r| r.item.points()).sum(), |t| t.value);
        let complete = sheet.sheet.complete.as_ref().is_some_and(|c| c.value);
        let mut s = Scored {
            sheet,
            assessment: a,
            rows,
            basic,
            total,
            points,
            grade: None,
            complete,
        };
        if complete {
            s.grade = s.reached();
        }
        Some(s)
    }

    /// The highest grade with a met alternative and all its ※ criteria met.
    fn reached(&self) -> Option<&'a str> {
        self.sheet
            .sheet
            .grades
            .iter()
            .rev()
            .filter_map(|g| g.value.grade.as_ref().map(|n| n.value.as_str()))
            .find(|g| self.thresholds_met(g) && self.unmet_required(g).is_empty())
    }

    /// Whether one alternative of grade `g` is met by `basic` and `total`.
    pub fn thresholds_met(&self, g: &str) -> bool {
        let Some(def) = self
            .sheet
            .sheet
            .grades
            .iter()
            .find(|d| d.value.grade.as_ref().is_some_and(|n| n.value == g))
        else {
            return false;
        };
        def.value.when.iter().any(|t| {
            t.basic.is_none_or(|b| self.basic >= b) && t.total.is_none_or(|x| self.total >= x)
        })
    }

    /// The criteria `required_for` grade `g` that are not met.
    pub fn unmet_required(&self, g: &str) -> Vec<&ScoredRow<'a>> {
        self.rows
            .iter()
            .filter(|r| r.item.required_for.iter().any(|x| x.value == g) && !r.met)
            .collect()
    }

    pub fn claimed(&self) -> Option<&'a str> {
        self.assessment
            .assessment
            .claimed_grade
            .as_ref()
            .map(|g| g.value.as_str())
    }

    /// The criteria, in sheet order.
    pub fn criteria(&self) -> impl Iterator<Item = &ScoredRow<'a>> {
        self.rows.iter().filter(|r| r.is_criterion())
    }
}

fn walk<'a>(
    item: &'a SheetItem,
    depth: usize,
    a: &'a LoadedAssessment,
    out: &mut Vec<ScoredRow<'a>>,
) {
    let at = out.len();
    let entry = a.assessment.scores.get(item.code());
    out.push(ScoredRow {
        item,
        depth,
        score: 0.0,
        entry: None,
        met: false,
    });
    if item.is_criterion() {
        let score = match entry {
            Some(e) if e.value.na => item.points(),
            Some(e) => e.value.score.as_ref().map_or(0.0, |s| s.value),
            None => 0.0,
        };
        out[at] = ScoredRow {
            item,
            depth,
            score,
            entry,
            met: entry.is_some_and(|e| e.value.na) || score >= item.points(),
        };
        return;
    }
    let mut sum = 0.0;
    for child in item.items.iter().flatten() {
        let i = out.len();
        walk(&child.value, depth + 1, a, out);
        sum += out[i].score;
    }
    out[at].score = sum;
    out[at].met = sum >= item.points();
}

/// The latest assessment (by `date`, then id), or the one `id` names, or the latest against
/// `sheet`.
pub fn pick<'a>(
    records: &'a Records,
    id: Option<&str>,
    sheet: Option<&str>,
) -> Option<&'a LoadedAssessment> {
    let mut list: Vec<&LoadedAssessment> = records
        .assessments
        .iter()
        .filter(|a| id.is_none_or(|i| a.id() == i))
        .filter(|a| {
            sheet.is_none_or(|s| {
                a.assessment
                    .sheet
                    .as_ref()
                    .is_some_and(|x| x.value.as_str() == s)
            })
        })
        .collect();
    list.sort_by(|a, b| {
        let d = |x: &LoadedAssessment| x.assessment.date.as_ref().map(|d| d.value);
        d(a).cmp(&d(b)).then_with(|| a.id().cmp(b.id()))
    });
    list.pop()
}

/// What a Part 3 report is about: a sheet, and the assessment against it if there is one.
pub struct Selection<'a> {
    pub sheet: &'a LoadedSheet,
    pub assessment: Option<&'a LoadedAssessment>,
}

/// Picks the assessment (`--assessment`), else the latest against `--sheet`, else the latest;
/// with `--sheet` and no assessment against it, the sheet alone. The error says what exists.
pub fn select<'a>(
    records: &'a Records,
    assessment: Option<&str>,
    sheet: Option<&str>,
) -> Result<Selection<'a>, crate::diag::Msg> {
    let list = |v: Vec<&str>| match v.is_empty() {
        true => "—".to_string(),
        false => v.join(", "),
    };
    let sheet_ids = || list(records.sheets.iter().map(LoadedSheet::id).collect());
    if let Some(id) = assessment {
        let Some(a) = pick(records, Some(id), None) else {
            let ids = list(
                records
                    .assessments
                    .iter()
                    .map(LoadedAssessment::id)
                    .collect(),
            );
            return Err(crate::diag::Msg::new(
                format!("no assessment `{id}` in compliance.assessments (there are: {ids})"),
                format!("compliance.assessments 中没有自评 `{id}`（现有：{ids}）"),
            ));
        };
        return sheet_of(records, a).map(|s| Selection {
            sheet: s,
            assessment: Some(a),
        });
    }
    if let Some(a) = pick(records, None, sheet) {
        return sheet_of(records, a).map(|s| Selection {
            sheet: s,
            assessment: Some(a),
        });
    }
    match sheet {
        Some(id) => match records.sheets.iter().find(|s| s.id() == id) {
            Some(s) => Ok(Selection {
                sheet: s,
                assessment: None,
            }),
            None => Err(crate::diag::Msg::new(
                format!("no scoring sheet `{id}` (there are: {})", sheet_ids()),
                format!("没有评估计分表 `{id}`（现有：{}）", sheet_ids()),
            )),
        },
        None => Err(crate::diag::Msg::new(
            format!(
                "no self-assessment: name one in compliance.assessments, or give --sheet ID (sheets: {})",
                sheet_ids()
            ),
            format!(
                "没有自评：请在 compliance.assessments 中列出自评表，或用 --sheet ID 指定计分表（现有：{}）",
                sheet_ids()
            ),
        )),
    }
}

fn sheet_of<'a>(
    records: &'a Records,
    a: &'a LoadedAssessment,
) -> Result<&'a LoadedSheet, crate::diag::Msg> {
    let id = a.assessment.sheet.as_ref().map_or("", |s| s.value.as_str());
    records.sheets.iter().find(|s| s.id() == id).ok_or_else(|| {
        crate::diag::Msg::new(
            format!(
                "assessment `{}` names sheet `{id}`, which does not exist (V001)",
                a.id()
            ),
            format!("自评 `{}` 所用计分表 `{id}` 不存在（V001）", a.id()),
        )
    })
}

/// Every item of a sheet in order (depth first), with its depth.
pub fn items_of(sheet: &LoadedSheet) -> Vec<(usize, &SheetItem)> {
    fn walk<'a>(
        items: &'a [Spanned<SheetItem>],
        depth: usize,
        out: &mut Vec<(usize, &'a SheetItem)>,
    ) {
        for i in items {
            out.push((depth, &i.value));
            walk(i.value.items.as_deref().unwrap_or(&[]), depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(&sheet.sheet.items, 0, &mut out);
    out
}

/// The period an assessment's metrics are taken for: its own, else the system's.
pub fn period_of(records: &Records, a: &LoadedAssessment) -> Period {
    a.assessment.period.unwrap_or(records.period)
}

/// The `compliance` object of `stats` for an assessment's period (V004, the report).
pub fn metrics_json(system: &System, a: &LoadedAssessment) -> Option<Value> {
    let records = system.records.as_ref()?;
    let l = super::Ledger::for_period(system, period_of(records, a))?;
    Some(super::metrics::Metrics::of(&l).json(&l))
}

/// What a `metric` name reads in the `compliance` object: `Some(Some(x))` a number,
/// `Some(None)` a ratio without denominator (null), `None` a name that is no number of it.
pub fn metric_value(compliance: &Value, name: &str) -> Option<Option<f64>> {
    if name.starts_with("period.") || name == "cases.basis" {
        return None;
    }
    let mut v = compliance;
    for part in name.split('.') {
        v = v.get(part)?;
    }
    match v {
        Value::Number(n) => Some(n.as_f64()),
        Value::Null => Some(None),
        _ => None,
    }
}

/// The events (`record: event`) of an assessment, by date.
pub fn events_of<'a>(records: &'a Records, id: &str) -> Vec<&'a crate::model::records::Event> {
    let mut v: Vec<&crate::model::records::Event> = records
        .list
        .iter()
        .filter_map(|r| match &r.record {
            Record::Event(e)
                if e.assessment
                    .as_ref()
                    .is_some_and(|x| x.value.as_str() == id) =>
            {
                Some(&**e)
            }
            _ => None,
        })
        .collect();
    v.sort_by_key(|e| e.date.as_ref().map(|d| d.value));
    v
}

/// The label of an evidence kind a sheet asks for: `document:establishment` → 文件（成立文件）.
pub fn kind_label(kind: &str) -> String {
    use crate::model::records::RecordKind;
    if let Some(doc) = kind.strip_prefix("document:") {
        return match crate::model::records::DocumentKind::parse(doc) {
            Some(k) => format!("文件（{}）", k.zh()),
            None => kind.to_string(),
        };
    }
    RecordKind::parse(kind).map_or_else(|| kind.to_string(), |k| k.zh().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn metric_names_numbers_only() {
        let c = json!({"training": {"rate": 0.8, "coverage": null},
            "period": {"from": "2026-01-01"}, "cases": {"basis": null}});
        assert_eq!(metric_value(&c, "training.rate"), Some(Some(0.8)));
        assert_eq!(metric_value(&c, "training.coverage"), Some(None));
        assert_eq!(metric_value(&c, "training"), None);
        assert_eq!(metric_value(&c, "training.rat"), None);
        assert_eq!(metric_value(&c, "period.from"), None);
        assert_eq!(metric_value(&c, "cases.basis"), None);
    }

    #[test]
    fn kind_labels() {
        assert_eq!(kind_label("document:establishment"), "文件（成立文件）");
        assert_eq!(kind_label("training"), "宣贯培训");
        assert_eq!(kind_label("document:nonsense"), "document:nonsense");
    }
}
