//! The counting of Part 2 (docs/compliance.md): each case resolved against its item procedure
//! and classified in working days, once; the B rules, `stats` and `report cases` read these.
//!
//! The day of receipt is not counted (wd), 特别程序 days are taken off, limits round up
//! (halves never report a false overdue), and a case needing a year no calendar covers is
//! unclassified rather than guessed.

use super::Ledger;
use crate::calendar::Uncovered;
use crate::model::cases::{CaseRow, CaseStatus};
use crate::model::{Date, Handling, Kind};
use std::collections::HashMap;

/// The class of a case (contract: Per case).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Class {
    InstantOk,
    InstantLate,
    SameDay,
    Early,
    OnTime,
    Overdue,
    /// Not finished, or finished but not classifiable (see [`CaseView::why`])
    None,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::InstantOk => "instant_ok",
            Class::InstantLate => "instant_late",
            Class::SameDay => "same_day",
            Class::Early => "early",
            Class::OnTime => "on_time",
            Class::Overdue => "overdue",
            Class::None => "unclassified",
        }
    }
}

/// Why a case could not be classified.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unclassified {
    /// The item is not in the items catalogue (B006)
    UnknownItem,
    /// No existing item procedure, and the export lacks the handling or the limit (B006)
    NoProcedure,
    /// A year no calendar covers (B004)
    Calendar(i16),
    /// Finished before received, or a time after today (B005)
    Dates,
}

/// One case resolved: its procedure, limits and class.
#[derive(Clone, Copy, Debug)]
pub struct CaseView {
    /// The item procedure (a standard index)
    pub procedure: Option<u32>,
    pub handling: Option<Handling>,
    /// L = ⌈promised limit⌉ in working days (or natural days: `limit_natural`)
    pub limit: Option<u32>,
    /// The promised limit is in natural days: elapsed counts natural days against it
    pub limit_natural: bool,
    /// ⌈statutory limit⌉ in working days (or natural days: `statutory_natural`)
    pub statutory: Option<u32>,
    pub statutory_natural: bool,
    /// Working days elapsed to f (finished) or to R (open)
    pub elapsed: Option<u32>,
    pub class: Class,
    pub why: Option<Unclassified>,
    /// Finished, with f in [P.from, R]
    pub in_f: bool,
    pub open: bool,
    pub open_overdue: bool,
    pub over_statutory: bool,
}

fn ceil(x: f32) -> u32 {
    f64::from(x).ceil().clamp(0.0, f64::from(u32::MAX)) as u32
}

impl<'a> Ledger<'a> {
    /// The item procedure of each interned item code: the existing `kind: item` standard of the
    /// code or its nearest ancestor (`parent` in the items catalogue), the latest effective
    /// first. `None` also for a code not in the catalogue when one exists (flagged apart).
    pub(super) fn procedures(&self) -> Vec<(bool, Option<u32>)> {
        let sys = self.system;
        let mut by_code: HashMap<&str, u32> = HashMap::new();
        for (i, s) in sys.standards.iter().enumerate() {
            let std = &s.std;
            if std.kind != Some(Kind::Item)
                || !std.status.as_ref().is_some_and(|x| x.value.is_existing())
            {
                continue;
            }
            let Some(code) = std.item.as_ref().and_then(|b| b.code.as_ref()) else {
                continue;
            };
            let e = by_code.entry(code.value.as_str()).or_insert(i as u32);
            let cur = &sys.standards[*e as usize].std;
            if std.effective > cur.effective {
                *e = i as u32;
            }
        }
        let catalogue = &sys.sys.items.entries;
        let has_catalogue = !catalogue.is_empty();
        let data = &self.records.data;
        data.items
            .iter()
            .map(|code| {
                let known = !has_catalogue || self.index.items.contains_key(&**code);
                let mut at: Option<&str> = Some(code);
                let mut steps = 0;
                while let Some(c) = at {
                    if let Some(p) = by_code.get(c) {
                        return (known, Some(*p));
                    }
                    steps += 1;
                    if steps > catalogue.len() {
                        break; // a cycle of parents (R010's business)
                    }
                    at = self
                        .index
                        .items
                        .get(c)
                        .and_then(|i| catalogue[*i].parent.as_ref())
                        .map(|p| p.value.as_str());
                }
                (known, None)
            })
            .collect()
    }

    /// Classifies every case (contract: Per case). Once per system and period: `report`
    /// asks again after the rules of `check` did, of the same system (`CaseData::memo`).
    pub(super) fn classify(&self) -> std::sync::Arc<Vec<CaseView>> {
        let (from, r, today) = (self.period.from, self.as_of, self.today);
        let memo = &self.records.data.memo;
        let key = [from, r, today];
        if let Some(v) = memo
            .get(key)
            .and_then(|v| v.downcast::<Vec<CaseView>>().ok())
        {
            return v;
        }
        let procs = self.procedures();
        let cal = &self.records.calendar;
        let views: Vec<CaseView> = self
            .records
            .data
            .cases
            .iter()
            .map(|c| classify(c, &procs, self, cal, (from, r, today)))
            .collect();
        let views = std::sync::Arc::new(views);
        memo.put(key, views.clone());
        views
    }
}

fn classify(
    c: &CaseRow,
    procs: &[(bool, Option<u32>)],
    l: &Ledger,
    cal: &crate::calendar::Calendar,
    (from, r, today): (Date, Date, Date),
) -> CaseView {
    let (known, procedure) = procs.get(c.item as usize).copied().unwrap_or((false, None));
    let block = procedure.and_then(|p| l.system.standards[p as usize].std.item.as_deref());
    let handling = c.handling.or_else(|| block.and_then(|b| b.handling));
    // Export columns are working days; the procedure's limits are durations (compliance.md:
    // 8 hours make a working day, rounded up; natural days count as natural days).
    let from_export = |x: Option<f32>| x.map(|p| (ceil(p), false));
    let promised = from_export(c.promised)
        .or_else(|| block.and_then(|b| b.promised_limit).map(|d| d.ceil_days()));
    let statutory = from_export(c.statutory)
        .or_else(|| block.and_then(|b| b.statutory_limit).map(|d| d.ceil_days()));
    let instant = handling == Some(Handling::Instant);
    let limit = match promised {
        Some((p, _)) => Some(p),
        None if instant => Some(0),
        None => None,
    };
    let x = u32::from(c.excluded.unwrap_or(0));
    let finished = c.status == CaseStatus::Finished;
    let f = c.finished.filter(|_| finished);
    let mut v = CaseView {
        procedure,
        handling,
        limit,
        limit_natural: promised.is_some_and(|p| p.1),
        statutory: statutory.map(|s| s.0),
        statutory_natural: statutory.is_some_and(|s| s.1),
        elapsed: None,
        class: Class::None,
        why: None,
        in_f: f.is_some_and(|f| from <= f && f <= r),
        open: c.received <= r
            && (matches!(c.status, CaseStatus::Open | CaseStatus::Suspended)
                || finished && c.finished.is_some_and(|f| f > r)),
        open_overdue: false,
        over_statutory: false,
    };
    if f.is_some_and(|f| f < c.received)
        || c.received > today
        || c.finished.is_some_and(|f| f > today)
    {
        v.why = Some(Unclassified::Dates);
        return v;
    }
    if !known {
        v.why = Some(Unclassified::UnknownItem);
    } else if handling.is_none() || limit.is_none() {
        v.why = Some(Unclassified::NoProcedure);
    }
    let count =
        |to: Date| -> Result<u32, Uncovered> { Ok(cal.wd(c.received, to)?.saturating_sub(x)) };
    // Against a limit in natural days: max(0, f − r − x) calendar days.
    let natural = |to: Date| -> u32 {
        let d = c.received.0.until(to.0).map_or(0, |s| s.get_days());
        u32::try_from(d).unwrap_or(0).saturating_sub(x)
    };
    // The elapsed time counted against a limit: in natural days when the limit is, else `e`.
    let against = |e: u32, to: Date, in_natural: bool| if in_natural { natural(to) } else { e };
    if v.open {
        match count(r) {
            Ok(e) => {
                v.elapsed = Some(e);
                v.open_overdue = v.why.is_none()
                    && c.status != CaseStatus::Suspended
                    && limit.is_some_and(|lim| against(e, r, v.limit_natural) > lim);
            }
            Err(Uncovered(y)) => v.why = v.why.or(Some(Unclassified::Calendar(y))),
        }
        return v;
    }
    let Some(f) = f else { return v };
    let e = match count(f) {
        Ok(e) => e,
        Err(Uncovered(y)) => {
            v.why = v.why.or(Some(Unclassified::Calendar(y)));
            return v;
        }
    };
    v.elapsed = Some(e);
    v.over_statutory = v
        .statutory
        .is_some_and(|s| against(e, f, v.statutory_natural) > s);
    if v.why.is_some() {
        return v;
    }
    let lim = limit.unwrap_or(0);
    let e = against(e, f, v.limit_natural);
    v.class = if instant {
        if e <= lim {
            Class::InstantOk
        } else {
            Class::InstantLate
        }
    } else if e == 0 {
        Class::SameDay
    } else if e < lim {
        Class::Early
    } else if e == lim {
        Class::OnTime
    } else {
        Class::Overdue
    };
    v
}

// ---------------------------------------------------------------- metrics

/// The case counts of a set of cases (the whole period, or one row of `report cases`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    pub received: usize,
    pub received_instant: usize,
    pub received_promised: usize,
    pub finished: usize,
    pub instant: usize,
    pub instant_late: usize,
    pub promised: usize,
    pub same_day: usize,
    pub early: usize,
    pub on_time: usize,
    pub overdue: usize,
    pub unclassified: usize,
    pub open: usize,
    pub open_overdue: usize,
    pub suspended: usize,
    pub returned: usize,
    pub rejected: usize,
    pub withdrawn: usize,
    pub over_statutory: usize,
    elapsed: u64,
    elapsed_n: usize,
    speed_elapsed: u64,
    speed_statutory: u64,
    corrections_known: usize,
    corrections_zero: usize,
    channel_known: usize,
    online: usize,
    /// Finished cases named by a valid evaluation
    pub evaluated: usize,
}

/// A ratio, `None` when the denominator is 0.
pub fn ratio(n: usize, d: usize) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

impl Tally {
    /// Counts a case received in P.
    pub fn add_received(&mut self, c: &CaseRow, v: &CaseView) {
        self.received += 1;
        match v.handling {
            Some(Handling::Instant) => self.received_instant += 1,
            Some(_) => self.received_promised += 1,
            None => {}
        }
        match c.status {
            CaseStatus::Returned => self.returned += 1,
            CaseStatus::Rejected => self.rejected += 1,
            CaseStatus::Withdrawn => self.withdrawn += 1,
            _ => {}
        }
    }

    /// Counts a case of F (finished in P); `evaluated` when a valid evaluation names it.
    pub fn add_finished(&mut self, c: &CaseRow, v: &CaseView, evaluated: bool) {
        self.finished += 1;
        self.evaluated += usize::from(evaluated);
        self.over_statutory += usize::from(v.over_statutory);
        // 即办件 by handling (a case not classified for its calendar is still an 即办件).
        self.instant += usize::from(v.handling == Some(Handling::Instant));
        match v.class {
            Class::InstantOk => {}
            Class::InstantLate => self.instant_late += 1,
            Class::None => self.unclassified += 1,
            k => {
                self.promised += 1;
                match k {
                    Class::SameDay => self.same_day += 1,
                    Class::Early => self.early += 1,
                    Class::OnTime => self.on_time += 1,
                    _ => self.overdue += 1,
                }
                if let Some(e) = v.elapsed {
                    self.elapsed += u64::from(e);
                    self.elapsed_n += 1;
                    if let Some(s) = v.statutory {
                        self.speed_elapsed += u64::from(e);
                        self.speed_statutory += u64::from(s);
                    }
                }
            }
        }
        if let Some(n) = c.corrections {
            self.corrections_known += 1;
            self.corrections_zero += usize::from(n == 0);
        }
        if let Some(ch) = c.channel {
            use crate::model::cases::CaseChannel;
            self.channel_known += 1;
            self.online += usize::from(matches!(ch, CaseChannel::Online | CaseChannel::Mobile));
        }
    }

    /// Counts a case open on R.
    pub fn add_open(&mut self, c: &CaseRow, v: &CaseView) {
        self.open += 1;
        self.open_overdue += usize::from(v.open_overdue);
        self.suspended += usize::from(c.status == CaseStatus::Suspended);
    }

    /// Adds the counts of another set of cases.
    pub fn merge(&mut self, o: &Tally) {
        self.received += o.received;
        self.received_instant += o.received_instant;
        self.received_promised += o.received_promised;
        self.finished += o.finished;
        self.instant += o.instant;
        self.instant_late += o.instant_late;
        self.promised += o.promised;
        self.same_day += o.same_day;
        self.early += o.early;
        self.on_time += o.on_time;
        self.overdue += o.overdue;
        self.unclassified += o.unclassified;
        self.open += o.open;
        self.open_overdue += o.open_overdue;
        self.suspended += o.suspended;
        self.returned += o.returned;
        self.rejected += o.rejected;
        self.withdrawn += o.withdrawn;
        self.over_statutory += o.over_statutory;
        self.elapsed += o.elapsed;
        self.elapsed_n += o.elapsed_n;
        self.speed_elapsed += o.speed_elapsed;
        self.speed_statutory += o.speed_statutory;
        self.corrections_known += o.corrections_known;
        self.corrections_zero += o.corrections_zero;
        self.channel_known += o.channel_known;
        self.online += o.online;
        self.evaluated += o.evaluated;
    }

    pub fn instant_share(&self) -> Option<f64> {
        ratio(self.instant, self.finished)
    }
    pub fn on_time_rate(&self) -> Option<f64> {
        ratio(self.same_day + self.early + self.on_time, self.promised)
    }
    pub fn early_rate(&self) -> Option<f64> {
        ratio(self.same_day + self.early, self.promised)
    }
    pub fn mean_days(&self) -> Option<f64> {
        (self.elapsed_n > 0).then(|| self.elapsed as f64 / self.elapsed_n as f64)
    }
    pub fn speedup(&self) -> Option<f64> {
        (self.speed_statutory > 0)
            .then(|| 1.0 - self.speed_elapsed as f64 / self.speed_statutory as f64)
    }
    pub fn first_time_rate(&self) -> Option<f64> {
        ratio(self.corrections_zero, self.corrections_known)
    }
    pub fn online_share(&self) -> Option<f64> {
        ratio(self.online, self.channel_known)
    }
}

impl<'a> Ledger<'a> {
    /// Case ids a valid evaluation names.
    pub fn evaluated_cases(&self) -> rustc_hash::FxHashSet<&'a str> {
        self.records
            .data
            .evaluations
            .iter()
            .filter(|e| e.valid)
            .filter_map(|e| e.case.as_deref())
            .collect()
    }

    /// Whether any evaluation source maps the `case` column (评议率 needs it).
    pub fn evaluations_name_cases(&self) -> bool {
        self.records
            .data
            .sources
            .iter()
            .any(|s| s.evaluations && s.column("case").is_some())
    }

    /// The tally of the cases, by the group `key` gives (received by r, finished by f, open).
    pub fn tally_by<K: Ord>(
        &self,
        mut key: impl FnMut(&CaseRow, When) -> Option<K>,
    ) -> std::collections::BTreeMap<K, Tally> {
        let evaluated = self.evaluated_cases();
        let mut out: std::collections::BTreeMap<K, Tally> = Default::default();
        for (c, v) in self.records.data.cases.iter().zip(self.cases()) {
            if self.in_p(Some(c.received))
                && let Some(k) = key(c, When::Received)
            {
                out.entry(k).or_default().add_received(c, v);
            }
            if v.in_f
                && let Some(k) = key(c, When::Finished)
            {
                out.entry(k).or_default().add_finished(
                    c,
                    v,
                    evaluated.contains(self.records.data.id(c)),
                );
            }
            if v.open
                && let Some(k) = key(c, When::Open)
            {
                out.entry(k).or_default().add_open(c, v);
            }
        }
        out
    }

    /// The tally of all cases of P.
    pub fn tally(&self) -> Tally {
        self.tally_by(|_, _| Some(()))
            .remove(&())
            .unwrap_or_default()
    }
}

/// Which count a case is being grouped for (`report cases --by month` groups 收件 by r's
/// month and 办结 by f's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    Received,
    Finished,
    Open,
}
