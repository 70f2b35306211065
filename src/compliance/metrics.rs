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
        }
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
                // Working days need the calendar of Part 2, and `complaint_days` is off
                // (null) by default: null until both exist.
                "replied_on_time": Value::Null,
            },
        })
    }
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
    }
    c
}
