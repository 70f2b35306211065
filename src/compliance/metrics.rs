//! The metrics of Part 1 with the contract's formulas (docs/compliance.md, Metrics), and the
//! `compliance` object of `stats --format json`. Ratios are unrounded; a zero denominator is
//! `None` (`null`, `—`), and its threshold rule is not raised.

use super::{ActionStatus, Ledger};
use crate::count::ratio;
use crate::model::records::{CheckResult, Grade, Record, Substantiated};
use serde_json::{Value, json};
use std::collections::HashSet;

/// 宣贯培训.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Training {
    /// 应训: active and not exempt on R.
    pub required: usize,
    /// Required who attended a training in P.
    pub trained: usize,
    pub rate: Option<f64>,
    pub target: Option<f64>,
    pub sessions: usize,
    pub hours: f64,
    pub assessed: usize,
    pub passed: usize,
    pub pass_rate: Option<f64>,
    /// 宣贯覆盖率 overall: Σ covered(s) ÷ Σ staff(s).
    pub coverage: Option<f64>,
    /// Required staff who did not attend in P, in roster order.
    pub untrained: Vec<String>,
}

/// 标准实施.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Implementation {
    pub required: usize,
    pub inspected: usize,
    pub implemented: usize,
    pub rate: Option<f64>,
    pub target: Option<f64>,
    pub coverage: Option<f64>,
    pub rows: usize,
    pub conform: usize,
    pub conformity: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Findings {
    pub raised: usize,
    pub closed: usize,
    pub open: usize,
    pub closure_rate: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Actions {
    pub due: usize,
    pub on_time: usize,
    pub on_time_rate: Option<f64>,
    pub overdue: usize,
    pub unverified: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Audits {
    pub count: usize,
    pub major: usize,
    pub minor: usize,
    pub observation: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reviews {
    pub count: usize,
    pub decisions: usize,
    pub open: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Complaints {
    pub count: usize,
    pub substantiated: usize,
    pub replied: usize,
    /// Replied within `complaint_days` working days; `None` while that target is off.
    pub replied_on_time: Option<usize>,
}

/// Every figure of Part 1 for one ledger.
#[derive(Clone, Debug, PartialEq)]
pub struct Metrics {
    pub training: Training,
    pub implementation: Implementation,
    pub findings: Findings,
    pub actions: Actions,
    pub audits: Audits,
    pub reviews: Reviews,
    pub complaints: Complaints,
    pub cases: Cases,
    pub evaluations: super::evaluations::Evaluations,
    pub surveys: super::evaluations::Surveys,
}

/// The `cases` object: from the case sources, or summed from `case_stats` records.
#[derive(Clone, Debug, PartialEq)]
pub enum Cases {
    None,
    Cases(super::cases::Tally),
    Stats(Summed),
}

/// Case totals summed over the `case_stats` records in P; a figure any of them lacks is `None`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summed {
    pub finished: Option<u64>,
    pub received: Option<u64>,
    pub instant: Option<u64>,
    pub promised: Option<u64>,
    pub early: Option<u64>,
    pub on_time: Option<u64>,
    pub overdue: Option<u64>,
}

/// n ÷ d of figures that may be missing; `None` also for d = 0.
fn summed_ratio(n: Option<u64>, d: Option<u64>) -> Option<f64> {
    match (n, d) {
        (Some(n), Some(d)) if d > 0 => Some(n as f64 / d as f64),
        _ => None,
    }
}

impl Summed {
    /// 提前 (same-day included) + 按时: the 承诺件 finished within their limit.
    pub fn in_time(&self) -> Option<u64> {
        self.early.zip(self.on_time).map(|(a, b)| a + b)
    }
    pub fn on_time_rate(&self) -> Option<f64> {
        summed_ratio(self.in_time(), self.promised)
    }
    pub fn early_rate(&self) -> Option<f64> {
        summed_ratio(self.early, self.promised)
    }
    pub fn instant_share(&self) -> Option<f64> {
        summed_ratio(self.instant, self.finished)
    }
}

impl Metrics {
    pub fn of(l: &Ledger) -> Metrics {
        Metrics {
            training: training(l),
            implementation: implementation(l),
            findings: findings(l),
            actions: actions(l),
            audits: audits(l),
            reviews: reviews(l),
            complaints: complaints(l),
            cases: cases(l),
            evaluations: l.evaluations(&l.evaluation_views()),
            surveys: l.surveys(),
        }
    }

    /// 全员参训率 and 贯彻实施率 alone, for the summary line of `check` (no case is counted).
    pub fn headline(l: &Ledger) -> [Option<f64>; 2] {
        [training(l).rate, implementation(l).rate]
    }

    /// The `compliance` object of `stats --format json` (stable keys).
    pub fn json(&self, l: &Ledger) -> Value {
        let meets = |rate: Option<f64>, target: Option<f64>| match (rate, target) {
            (Some(r), Some(t)) => Value::Bool(r >= t),
            _ => Value::Null,
        };
        let (t, i, f, a) = (
            &self.training,
            &self.implementation,
            &self.findings,
            &self.actions,
        );
        json!({
            "period": {
                "from": l.period.from.to_string(),
                "to": l.period.to.to_string(),
                "as_of": l.as_of.to_string(),
            },
            "training": {
                "required": t.required, "trained": t.trained, "rate": t.rate,
                "target": t.target, "meets_target": meets(t.rate, t.target),
                "sessions": t.sessions, "hours": t.hours, "assessed": t.assessed,
                "passed": t.passed, "pass_rate": t.pass_rate, "coverage": t.coverage,
            },
            "implementation": {
                "required": i.required, "inspected": i.inspected, "implemented": i.implemented,
                "rate": i.rate, "target": i.target, "meets_target": meets(i.rate, i.target),
                "coverage": i.coverage, "rows": i.rows, "conform": i.conform,
                "conformity": i.conformity,
            },
            "findings": {
                "raised": f.raised, "closed": f.closed, "open": f.open,
                "closure_rate": f.closure_rate,
            },
            "actions": {
                "due": a.due, "on_time": a.on_time, "on_time_rate": a.on_time_rate,
                "overdue": a.overdue, "unverified": a.unverified,
            },
            "audits": {
                "count": self.audits.count, "major": self.audits.major,
                "minor": self.audits.minor, "observation": self.audits.observation,
            },
            "reviews": {
                "count": self.reviews.count, "decisions": self.reviews.decisions,
                "open": self.reviews.open,
            },
            "complaints": {
                "count": self.complaints.count, "substantiated": self.complaints.substantiated,
                "replied": self.complaints.replied,
                // Within `complaint_days` working days; null while that target is off.
                "replied_on_time": self.complaints.replied_on_time,
            },
            "cases": self.cases_json(l),
            "evaluations": self.evaluations_json(l),
            "surveys": self.surveys_json(),
        })
    }

    fn cases_json(&self, l: &Ledger) -> Value {
        let target = l.targets.on_time.0;
        let meets = |rate: Option<f64>| match (rate, target) {
            (Some(r), Some(t)) => Value::Bool(r >= t),
            _ => Value::Null,
        };
        match &self.cases {
            Cases::Cases(t) => json!({
                "basis": "cases", "received": t.received, "finished": t.finished,
                "instant": t.instant, "instant_late": t.instant_late, "promised": t.promised,
                "same_day": t.same_day, "early": t.early, "on_time": t.on_time,
                "overdue": t.overdue, "unclassified": t.unclassified,
                "instant_share": t.instant_share(), "on_time_rate": t.on_time_rate(),
                "early_rate": t.early_rate(), "target": target,
                "meets_target": meets(t.on_time_rate()), "open": t.open,
                "open_overdue": t.open_overdue, "returned": t.returned, "rejected": t.rejected,
                "withdrawn": t.withdrawn, "over_statutory": t.over_statutory,
                "mean_days": t.mean_days(), "speedup": t.speedup(),
                "first_time_rate": t.first_time_rate(), "online_share": t.online_share(),
            }),
            Cases::Stats(s) => {
                let rate = s.on_time_rate();
                json!({
                    "basis": "case_stats", "received": s.received, "finished": s.finished,
                    "instant": s.instant, "instant_late": null, "promised": s.promised,
                    "same_day": null, "early": s.early, "on_time": s.on_time,
                    "overdue": s.overdue, "unclassified": null,
                    "instant_share": s.instant_share(), "on_time_rate": rate,
                    "early_rate": s.early_rate(), "target": target,
                    "meets_target": meets(rate), "open": null, "open_overdue": null,
                    "returned": null, "rejected": null, "withdrawn": null,
                    "over_statutory": null, "mean_days": null, "speedup": null,
                    "first_time_rate": null, "online_share": null,
                })
            }
            Cases::None => json!({
                "basis": null, "received": 0, "finished": 0, "instant": 0, "instant_late": 0,
                "promised": 0, "same_day": 0, "early": 0, "on_time": 0, "overdue": 0,
                "unclassified": 0, "instant_share": null, "on_time_rate": null,
                "early_rate": null, "target": target, "meets_target": null, "open": 0,
                "open_overdue": 0, "returned": 0, "rejected": 0, "withdrawn": 0,
                "over_statutory": 0, "mean_days": null, "speedup": null,
                "first_time_rate": null, "online_share": null,
            }),
        }
    }

    fn evaluations_json(&self, l: &Ledger) -> Value {
        let e = &self.evaluations;
        let target = l.targets.satisfaction.0;
        let meets = match (e.satisfaction(), target) {
            (Some(r), Some(t)) => Value::Bool(r >= t),
            _ => Value::Null,
        };
        let rate = match &self.cases {
            Cases::Cases(t) if l.evaluations_name_cases() => {
                super::cases::ratio(t.evaluated, t.finished)
            }
            _ => None,
        };
        json!({
            "count": e.count,
            "by_level": {"5": e.by_level[0], "4": e.by_level[1], "3": e.by_level[2],
                         "2": e.by_level[3], "1": e.by_level[4]},
            "satisfaction": e.satisfaction(), "target": target, "meets_target": meets,
            "good_rate": e.good_rate(), "bad_rate": e.bad_rate(),
            "active_good_rate": e.active_good_rate(), "evaluation_rate": rate,
            "bad": e.bad, "bad_fixed": e.bad_fixed, "bad_fixed_on_time": e.bad_fixed_on_time,
            "bad_fix_rate": e.bad_fix_rate(), "bad_on_time_rate": e.bad_on_time_rate(),
            "named_bad": e.named_bad, "named_called_back": e.named_called_back,
            "named_callback_rate": e.named_callback_rate(),
        })
    }

    fn surveys_json(&self) -> Value {
        let s = &self.surveys;
        json!({
            "count": s.count, "distributed": s.distributed, "returned": s.returned,
            "return_rate": s.return_rate(),
            "by_level": {"5": s.by_level[0], "4": s.by_level[1], "3": s.by_level[2],
                         "2": s.by_level[3], "1": s.by_level[4]},
            "satisfaction": s.satisfaction(),
        })
    }
}

/// The `cases` figures: from the case sources when there are any, else summed from the
/// `case_stats` records whose period lies within P.
fn cases(l: &Ledger) -> Cases {
    if l.records.data.sources.iter().any(|s| !s.evaluations) {
        return Cases::Cases(l.tally());
    }
    let stats: Vec<&crate::model::records::CaseStats> = l
        .records
        .list
        .iter()
        .filter_map(|r| match &r.record {
            Record::CaseStats(s)
                if s.period.as_ref().is_some_and(|p| {
                    l.period.from <= p.value.from && p.value.to <= l.period.to
                }) =>
            {
                Some(&**s)
            }
            _ => None,
        })
        .collect();
    if stats.is_empty() {
        return Cases::None;
    }
    type Field = fn(&crate::model::records::CaseStats) -> &Option<crate::model::Spanned<u64>>;
    let sum =
        |f: Field| -> Option<u64> { stats.iter().map(|s| f(s).as_ref().map(|x| x.value)).sum() };
    Cases::Stats(Summed {
        finished: sum(|s| &s.finished),
        received: sum(|s| &s.received),
        instant: sum(|s| &s.instant),
        promised: sum(|s| &s.promised),
        early: sum(|s| &s.early),
        on_time: sum(|s| &s.on_time),
        overdue: sum(|s| &s.overdue),
    })
}

fn training(l: &Ledger) -> Training {
    let required = l.required();
    let mut attended_in_p: HashSet<&str> = HashSet::new();
    let (mut sessions, mut hours, mut assessed, mut passed) = (0, 0.0, 0, 0);
    for i in l.trainings_in_p() {
        let Record::Training(t) = &l.record(i).record else {
            continue;
        };
        sessions += 1;
        hours += t.hours.unwrap_or(0.0);
        for a in &t.attendees {
            attended_in_p.insert(a.staff.value.as_str());
            if let Some(p) = a.passed {
                assessed += 1;
                passed += usize::from(p);
            }
        }
    }
    let trained = required
        .iter()
        .filter(|id| attended_in_p.contains(*id))
        .count();
    let untrained = required
        .iter()
        .filter(|id| !attended_in_p.contains(*id))
        .map(|s| s.to_string())
        .collect();
    let (mut staff, mut covered) = (0usize, 0usize);
    for &s in &l.s_req {
        if l.posts_of(l.standard(s)).is_empty() {
            continue;
        }
        let (st, cov) = l.coverage_of(s);
        staff += st.len();
        covered += cov.len();
    }
    let target = l.targets.training.0;
    Training {
        required: required.len(),
        trained,
        rate: ratio(trained as f64, required.len() as f64),
        target,
        sessions,
        hours,
        assessed,
        passed,
        pass_rate: ratio(passed as f64, assessed as f64),
        coverage: ratio(covered as f64, staff as f64),
        untrained,
    }
}

fn implementation(l: &Ledger) -> Implementation {
    let required = l.s_req.len();
    let inspected = l
        .s_req
        .iter()
        .filter(|&&s| l.rows_on(s).next().is_some())
        .count();
    let implemented = l.s_req.iter().filter(|&&s| l.implemented(s)).count();
    let in_p = l
        .rows
        .iter()
        .filter(|r| r.result != CheckResult::Na && l.in_p(r.date));
    let (rows, conform) = in_p.fold((0, 0), |(n, c), r| {
        (n + 1, c + usize::from(r.result == CheckResult::Conform))
    });
    Implementation {
        required,
        inspected,
        implemented,
        rate: ratio(implemented as f64, required as f64),
        target: l.targets.implementation.0,
        coverage: ratio(inspected as f64, required as f64),
        rows,
        conform,
        conformity: ratio(conform as f64, rows as f64),
    }
}

fn findings(l: &Ledger) -> Findings {
    let raised: Vec<_> = l
        .findings
        .iter()
        .filter(|f| f.grade != Some(Grade::Observation) && l.in_p(f.date))
        .collect();
    let closed = raised.iter().filter(|f| l.closed(f)).count();
    Findings {
        raised: raised.len(),
        closed,
        open: raised.len() - closed,
        closure_rate: ratio(closed as f64, raised.len() as f64),
    }
}

fn actions(l: &Ledger) -> Actions {
    let mut a = Actions::default();
    for v in &l.actions {
        let due = v.action.due.as_ref().map(|d| d.value);
        if l.in_p(due) {
            a.due += 1;
            let done = v.action.done.as_ref().map(|d| d.value);
            if done.is_some_and(|d| Some(d) <= due && d <= l.as_of) {
                a.on_time += 1;
            }
        }
        match l.status(&v.action) {
            ActionStatus::Overdue => a.overdue += 1,
            ActionStatus::Unverified => a.unverified += 1,
            _ => {}
        }
    }
    a.on_time_rate = ratio(a.on_time as f64, a.due as f64);
    a
}

fn audits(l: &Ledger) -> Audits {
    let mut a = Audits::default();
    for r in &l.records.list {
        let Record::Audit(audit) = &r.record else {
            continue;
        };
        if !l.in_p(audit.date.as_ref().map(|d| d.value)) {
            continue;
        }
        a.count += 1;
        for n in &audit.nonconformities {
            match n.grade.as_ref().map(|g| g.value) {
                Some(Grade::Major) => a.major += 1,
                Some(Grade::Minor) => a.minor += 1,
                Some(Grade::Observation) => a.observation += 1,
                None => {}
            }
        }
    }
    a
}

fn reviews(l: &Ledger) -> Reviews {
    let mut r = Reviews::default();
    for (i, rec) in l.records.list.iter().enumerate() {
        let Record::Review(review) = &rec.record else {
            continue;
        };
        if !l.in_p(review.date.as_ref().map(|d| d.value)) {
            continue;
        }
        r.count += 1;
        r.decisions += review.decisions.len();
        r.open += l
            .actions_of(i)
            .filter(|a| l.status(&a.action) != ActionStatus::Closed)
            .count();
    }
    r
}

fn complaints(l: &Ledger) -> Complaints {
    let mut c = Complaints::default();
    for rec in &l.records.list {
        let Record::Complaint(x) = &rec.record else {
            continue;
        };
        if !l.in_p(x.date.as_ref().map(|d| d.value)) {
            continue;
        }
        c.count += 1;
        if matches!(
            x.substantiated,
            Some(Substantiated::Yes | Substantiated::Partly)
        ) {
            c.substantiated += 1;
        }
        if x.reply.as_ref().is_some_and(|d| d.value <= l.as_of) {
            c.replied += 1;
        }
        if let (Some(days), Some(date)) = (l.targets.complaint_days, &x.date) {
            let d = super::evaluations::deadline(
                &l.records.calendar,
                date.value,
                x.reply.as_ref().map(|r| r.value),
                days,
                l.as_of,
            );
            *c.replied_on_time.get_or_insert(0) +=
                usize::from(d == super::evaluations::Deadline::Met);
        }
    }
    if l.targets.complaint_days.is_some() {
        c.replied_on_time.get_or_insert(0);
    }
    c
}
