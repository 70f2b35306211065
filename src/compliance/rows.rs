//! The rows of the Part 1 reports (docs/compliance.md, Reports), computed from the ledger so
//! the reports say what `stats` and the rules say.

use super::{ActionStatus, Ledger, SourceKind};
use crate::count::ratio;
use crate::model::Date;
use crate::model::records::{CheckResult, Grade, Record};

/// 实施状态 of a standard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Implemented,
    InProgress,
    NotInspected,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Implemented => "implemented",
            State::InProgress => "in_progress",
            State::NotInspected => "not_inspected",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            State::Implemented => "已实施",
            State::InProgress => "整改中",
            State::NotInspected => "未检查",
        }
    }
}

/// A row of 标准实施情况统计表.
#[derive(Clone, Debug, PartialEq)]
pub struct ImplementationRow {
    pub id: String,
    pub number: Option<String>,
    pub title: String,
    pub posts: Vec<String>,
    pub trainings: usize,
    pub last_training: Option<Date>,
    pub training_coverage: Option<f64>,
    pub inspections: usize,
    pub last_inspection: Option<Date>,
    pub last_result: Option<CheckResult>,
    pub findings: usize,
    pub closed: usize,
    pub state: State,
}

/// Per standard of S_req, in structure order.
pub fn implementation(l: &Ledger) -> Vec<ImplementationRow> {
    l.s_req
        .iter()
        .map(|&s| {
            let std = l.standard(s);
            let trainings: Vec<usize> = l
                .trainings_on(s)
                .into_iter()
                .filter(|&i| l.in_p(l.record(i).record.date().map(|d| d.value)))
                .collect();
            let last_training = trainings
                .iter()
                .filter_map(|&i| l.record(i).record.date().map(|d| d.value))
                .max();
            let posts = l.posts_of(std);
            let training_coverage = if posts.is_empty() {
                None
            } else {
                let (staff, covered) = l.coverage_of(s);
                ratio(covered.len() as f64, staff.len() as f64)
            };
            let rows: Vec<_> = l.rows_on(s).collect();
            let mut records: Vec<usize> = rows.iter().map(|r| r.record).collect();
            records.sort_unstable();
            records.dedup();
            let last_inspection = rows.iter().filter_map(|r| r.date).max();
            let last_result = rows
                .iter()
                .filter(|r| r.date.is_some() && r.date == last_inspection)
                .map(|r| r.result)
                .max();
            let fs: Vec<_> = l
                .findings
                .iter()
                .filter(|f| {
                    f.resolved == Some(s) && f.grade != Some(Grade::Observation) && l.in_p(f.date)
                })
                .collect();
            let closed = fs.iter().filter(|f| l.closed(f)).count();
            let state = if l.implemented(s) {
                State::Implemented
            } else if rows.is_empty() {
                State::NotInspected
            } else {
                State::InProgress
            };
            ImplementationRow {
                id: std.id().unwrap_or_default().to_string(),
                number: std.number().map(str::to_string),
                title: std.title.clone().unwrap_or_default(),
                posts: posts.iter().map(|p| p.to_string()).collect(),
                trainings: trainings.len(),
                last_training,
                training_coverage,
                inspections: records.len(),
                last_inspection,
                last_result,
                findings: fs.len(),
                closed,
                state,
            }
        })
        .collect()
}

/// A row of 宣贯培训统计表.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainingRow {
    pub date: Option<Date>,
    pub id: String,
    pub title: String,
    /// The standards as written, else the topic.
    pub standards: Vec<String>,
    pub topic: Option<String>,
    pub audience: usize,
    /// Audience members present.
    pub attended: usize,
    pub rate: Option<f64>,
    pub pass_rate: Option<f64>,
}

/// Per training in P, by date.
pub fn trainings(l: &Ledger) -> Vec<TrainingRow> {
    l.trainings_in_p()
        .into_iter()
        .filter_map(|i| {
            let Record::Training(t) = &l.record(i).record else {
                return None;
            };
            let audience = l.audience_of(i);
            let attended = audience
                .iter()
                .filter(|id| l.attended(t).any(|a| a == **id))
                .count();
            let assessed = t.attendees.iter().filter(|a| a.passed.is_some()).count();
            let passed = t
                .attendees
                .iter()
                .filter(|a| a.passed == Some(true))
                .count();
            Some(TrainingRow {
                date: t.date.as_ref().map(|d| d.value),
                id: t.id.as_ref().map(|r| r.value.0.clone()).unwrap_or_default(),
                title: t.title.clone().unwrap_or_default(),
                standards: t.standards.iter().map(|s| s.value.0.clone()).collect(),
                topic: t.topic.clone(),
                audience: audience.len(),
                attended,
                rate: ratio(attended as f64, audience.len() as f64),
                pass_rate: ratio(passed as f64, assessed as f64),
            })
        })
        .collect()
}

/// Per post: 岗位 · 人数 · 已训 · 未训人员 (the Required on R, trained = attended in P).
#[derive(Clone, Debug, PartialEq)]
pub struct PostRow {
    pub post: String,
    pub name: String,
    pub staff: usize,
    pub trained: usize,
    /// Staff ids with their names where the roster gives one.
    pub untrained: Vec<String>,
}

pub fn posts(l: &Ledger) -> Vec<PostRow> {
    let required = l.required();
    let mut attended = std::collections::HashSet::new();
    for i in l.trainings_in_p() {
        if let Record::Training(t) = &l.record(i).record {
            attended.extend(l.attended(t));
        }
    }
    l.system
        .sys
        .posts
        .entries
        .iter()
        .filter_map(|p| {
            let id = p.id.as_ref()?.value.as_str();
            let on: Vec<&str> = required
                .iter()
                .copied()
                .filter(|s| l.post_on(s, l.as_of) == Some(id))
                .collect();
            if on.is_empty() {
                return None;
            }
            let untrained: Vec<String> = on
                .iter()
                .filter(|s| !attended.contains(**s))
                .map(
                    |s| match l.entry_on(s, l.as_of).and_then(|e| e.name.as_deref()) {
                        Some(n) => format!("{s} {n}"),
                        None => s.to_string(),
                    },
                )
                .collect();
            Some(PostRow {
                post: id.to_string(),
                name: p.name.clone().unwrap_or_default(),
                staff: on.len(),
                trained: on.len() - untrained.len(),
                untrained,
            })
        })
        .collect()
}

/// A row of 问题整改台账.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionRow {
    pub source: SourceKind,
    pub source_id: Option<String>,
    pub problem: Option<String>,
    pub standard: Option<String>,
    pub grade: Option<Grade>,
    pub id: String,
    pub description: String,
    pub owner: String,
    pub due: Option<Date>,
    pub done: Option<Date>,
    pub verified: Option<Date>,
    pub status: ActionStatus,
}

/// Per action raised in P or not closed on R, by `due`, then id.
pub fn actions(l: &Ledger) -> Vec<ActionRow> {
    let mut rows: Vec<ActionRow> = l
        .actions
        .iter()
        .filter_map(|v| {
            let status = l.status(&v.action);
            if !(l.in_p(v.raised) || status != ActionStatus::Closed) {
                return None;
            }
            let a = &v.action;
            let date = |d: &Option<crate::model::Spanned<Date>>| d.as_ref().map(|d| d.value);
            Some(ActionRow {
                source: v.source,
                source_id: v.source_id.clone(),
                problem: v.problem.map(str::to_string),
                standard: v.standard.map(|s| s.value.0.clone()),
                grade: v.grade,
                id: a.id.as_ref().map(|r| r.value.0.clone()).unwrap_or_default(),
                description: a.description.clone().unwrap_or_default(),
                owner: a
                    .owner
                    .as_ref()
                    .map(|r| r.value.0.clone())
                    .unwrap_or_default(),
                due: date(&a.due),
                done: date(&a.done).filter(|d| *d <= l.as_of),
                verified: date(&a.verified).filter(|d| *d <= l.as_of),
                status,
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        a.due
            .cmp(&b.due)
            .then_with(|| crate::text::natural_cmp(&a.id, &b.id))
    });
    rows
}
