//! The counting of 好差评 and surveys (docs/compliance.md Part 2): which evaluations are 差评,
//! when each was rectified and called back, and the figures of the `evaluations` and
//! `surveys` objects.

use super::Ledger;
use super::cases::ratio;
use crate::model::Date;
use crate::model::cases::EvaluationRow;
use crate::model::records::Record;
use std::collections::HashMap;

/// One evaluation resolved for the rules and the 差评台账.
#[derive(Clone, Copy, Debug)]
pub struct EvaluationView {
    /// Valid, with time in P
    pub in_e: bool,
    pub bad: bool,
    /// The 整改 date: the export's column, else the latest `done` of the actions whose
    /// `source` names the evaluation (all of them done)
    pub fixed: Option<Date>,
    /// 整改 within `bad_review_days` working days
    pub fixed_on_time: Deadline,
    /// 回访 within `callback_days` working days
    pub called_back_on_time: Deadline,
}

/// A step due within a number of working days of an evaluation (or a complaint).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deadline {
    /// Done by R, in time
    Met,
    /// Done late, or not done by R and past the limit
    Late,
    /// Not done by R, still within the limit
    Pending,
    /// A year no calendar covers was needed
    Uncovered(i16),
}

/// Whether `done` (or its absence by R) keeps `days` working days after `from`.
pub fn deadline(
    cal: &crate::calendar::Calendar,
    from: Date,
    done: Option<Date>,
    days: u32,
    r: Date,
) -> Deadline {
    let (to, is_done) = match done.filter(|d| *d <= r) {
        Some(d) => (d, true),
        None => (r, false),
    };
    match cal.wd(from, to) {
        Err(crate::calendar::Uncovered(y)) => Deadline::Uncovered(y),
        Ok(n) if n > days => Deadline::Late,
        Ok(_) if is_done => Deadline::Met,
        Ok(_) => Deadline::Pending,
    }
}

/// The `evaluations` object.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evaluations {
    pub count: usize,
    pub by_level: [usize; 5],
    pub satisfied: usize,
    pub bad: usize,
    pub active: usize,
    pub active_good: usize,
    pub bad_fixed: usize,
    pub bad_fixed_on_time: usize,
    pub named_bad: usize,
    pub named_called_back: usize,
}

impl Evaluations {
    pub fn satisfaction(&self) -> Option<f64> {
        ratio(self.satisfied, self.count)
    }
    pub fn good_rate(&self) -> Option<f64> {
        ratio(self.count - self.bad, self.count)
    }
    pub fn bad_rate(&self) -> Option<f64> {
        ratio(self.bad, self.count)
    }
    pub fn active_good_rate(&self) -> Option<f64> {
        ratio(self.active_good, self.active)
    }
    pub fn bad_fix_rate(&self) -> Option<f64> {
        ratio(self.bad_fixed, self.bad)
    }
    pub fn bad_on_time_rate(&self) -> Option<f64> {
        ratio(self.bad_fixed_on_time, self.bad)
    }
    pub fn named_callback_rate(&self) -> Option<f64> {
        ratio(self.named_called_back, self.named_bad)
    }
}

/// The `surveys` object.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Surveys {
    pub count: usize,
    pub distributed: u64,
    /// Returned, of the surveys that give `distributed`
    pub returned_of_distributed: u64,
    pub returned: u64,
    pub by_level: [u64; 5],
    pub satisfied: u64,
}

impl Surveys {
    pub fn return_rate(&self) -> Option<f64> {
        (self.distributed > 0)
            .then(|| self.returned_of_distributed as f64 / self.distributed as f64)
    }
    pub fn satisfaction(&self) -> Option<f64> {
        let total: u64 = self.by_level.iter().sum();
        (total > 0).then(|| self.satisfied as f64 / total as f64)
    }
}

impl<'a> Ledger<'a> {
    fn satisfied_levels(&self) -> Vec<u8> {
        self.compliance()
            .satisfied_levels
            .iter()
            .map(|l| l.0)
            .collect()
    }

    fn bad_levels(&self) -> Vec<u8> {
        self.compliance().bad_levels.iter().map(|l| l.0).collect()
    }

    pub fn compliance(&self) -> &'a crate::model::records::Compliance {
        self.system
            .sys
            .config
            .compliance
            .as_ref()
            .expect("a ledger exists only with a compliance block")
    }

    /// The latest `done` of the actions whose source names each evaluation, when all are done
    /// by R (the stand-in for a missing 整改 column).
    fn fixes_by_actions(&self) -> HashMap<&str, Option<Date>> {
        let mut out: HashMap<&str, Option<Date>> = HashMap::new();
        for l in &self.records.list {
            let Record::Action(a) = &l.record else {
                continue;
            };
            let Some(id) = a.source.as_ref().and_then(|s| s.evaluation.as_ref()) else {
                continue;
            };
            let done = a
                .done
                .as_ref()
                .map(|d| d.value)
                .filter(|d| *d <= self.as_of);
            let e = out.entry(id.value.as_str()).or_insert(done);
            *e = match (*e, done) {
                (Some(x), Some(y)) => Some(x.max(y)),
                _ => None,
            };
        }
        out
    }

    /// Every evaluation resolved (same order as `records.data.evaluations`).
    pub fn evaluation_views(&self) -> Vec<EvaluationView> {
        let bad = self.bad_levels();
        let t = self.targets;
        let cal = &self.records.calendar;
        let fixed_columns: Vec<bool> = self
            .records
            .data
            .sources
            .iter()
            .map(|s| s.column("fixed").is_some())
            .collect();
        let by_actions = self.fixes_by_actions();
        let r = self.as_of;
        self.records
            .data
            .evaluations
            .iter()
            .map(|e: &EvaluationRow| {
                let is_bad = e.valid && bad.contains(&e.level);
                let fixed = if fixed_columns
                    .get(e.at.source as usize)
                    .copied()
                    .unwrap_or(false)
                {
                    e.fixed
                } else {
                    by_actions.get(&*e.id).copied().flatten()
                };
                EvaluationView {
                    in_e: e.valid && self.in_p(Some(e.time)),
                    bad: is_bad,
                    fixed,
                    fixed_on_time: deadline(cal, e.time, fixed, t.bad_review_days, r),
                    called_back_on_time: deadline(cal, e.time, e.callback, t.callback_days, r),
                }
            })
            .collect()
    }

    /// The `evaluations` figures of P.
    pub fn evaluations(&self, views: &[EvaluationView]) -> Evaluations {
        let satisfied = self.satisfied_levels();
        let mut m = Evaluations::default();
        for (e, v) in self.records.data.evaluations.iter().zip(views) {
            if !v.in_e {
                continue;
            }
            m.count += 1;
            if (1..=5).contains(&e.level) {
                m.by_level[5 - e.level as usize] += 1;
            }
            m.satisfied += usize::from(satisfied.contains(&e.level));
            if e.active {
                m.active += 1;
                m.active_good += usize::from(!v.bad);
            }
            if v.bad {
                m.bad += 1;
                m.bad_fixed += usize::from(v.fixed.is_some_and(|f| f <= self.as_of));
                m.bad_fixed_on_time += usize::from(v.fixed_on_time == Deadline::Met);
                if e.named {
                    m.named_bad += 1;
                    m.named_called_back += usize::from(e.callback.is_some_and(|c| c <= self.as_of));
                }
            }
        }
        m
    }

    /// The surveys whose period lies within P.
    pub fn surveys_in_p(&self) -> Vec<usize> {
        self.records
            .list
            .iter()
            .enumerate()
            .filter(|(_, l)| match &l.record {
                Record::Survey(s) => s.period.as_ref().is_some_and(|p| {
                    self.period.from <= p.value.from && p.value.to <= self.period.to
                }),
                _ => false,
            })
            .map(|(i, _)| i)
            .collect()
    }

    pub fn surveys(&self) -> Surveys {
        let satisfied = self.satisfied_levels();
        let mut m = Surveys::default();
        for i in self.surveys_in_p() {
            let Record::Survey(s) = &self.records.list[i].record else {
                continue;
            };
            m.count += 1;
            let returned = s.returned.as_ref().map_or(0, |r| r.value);
            m.returned += returned;
            if let Some(d) = &s.distributed {
                m.distributed += d.value;
                m.returned_of_distributed += returned;
            }
            if let Some(levels) = &s.levels {
                for (level, n) in levels.value.counts() {
                    m.by_level[5 - level as usize] += n;
                    if satisfied.contains(&level) {
                        m.satisfied += n;
                    }
                }
            }
        }
        m
    }
}
