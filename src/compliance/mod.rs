//! The counting of the compliance half (docs/compliance.md, Part 1), in one place: the rules of
//! group A, `stats` and the reports read these figures, so they cannot disagree.
//!
//! A [`Ledger`] is the records of a system resolved once against it for a period P: people by
//! id with their roster entries, standards by reference, and the check rows, findings and
//! actions flattened out of the records that hold them. [`metrics`] computes the `compliance`
//! object of `stats` from it; [`rows`] the rows of the reports.

pub mod assess;
pub mod cases;
pub mod evaluations;
pub mod metrics;
pub mod rows;

use crate::index::Index;
use crate::model::records::{Action, CheckResult, Grade, Record, RecordKind, Ref, Staff, Training};
use crate::model::{Date, Kind, Period, Spanned, Standard};
use crate::system::{LoadedRecord, Records, System};
use crate::yaml::Span;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// What an id of the record namespace names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Obj {
    Record(RecordKind),
    Finding,
    Nonconformity,
    Action,
}

/// Where an action came from (the 来源 column of 问题整改台账).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    Inspection,
    Audit,
    Review,
    Complaint,
    Evaluation,
    Case,
    None,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Inspection => "inspection",
            SourceKind::Audit => "audit",
            SourceKind::Review => "review",
            SourceKind::Complaint => "complaint",
            SourceKind::Evaluation => "evaluation",
            SourceKind::Case => "case",
            SourceKind::None => "none",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            SourceKind::Inspection => "实施检查",
            SourceKind::Audit => "内部审核",
            SourceKind::Review => "管理评审",
            SourceKind::Complaint => "投诉",
            SourceKind::Evaluation => "好差评",
            SourceKind::Case => "办件",
            SourceKind::None => "—",
        }
    }
}

/// The state of an action on R (dates after R count as absent).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ActionStatus {
    Closed,
    Ineffective,
    Unverified,
    Overdue,
    Open,
}

impl ActionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Closed => "closed",
            ActionStatus::Ineffective => "ineffective",
            ActionStatus::Unverified => "unverified",
            ActionStatus::Overdue => "overdue",
            ActionStatus::Open => "open",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            ActionStatus::Closed => "已关闭",
            ActionStatus::Ineffective => "验证无效",
            ActionStatus::Unverified => "待验证",
            ActionStatus::Overdue => "逾期",
            ActionStatus::Open => "整改中",
        }
    }
}

/// An action wherever it is written (embedded or standalone).
pub struct ActionView<'a> {
    pub action: Cow<'a, Action>,
    /// `raised`, else the parent record's date.
    pub raised: Option<Date>,
    /// Index into [`Records::list`].
    pub record: usize,
    pub source: SourceKind,
    pub source_id: Option<String>,
    /// The finding, nonconformity or complaint it answers, if any.
    pub problem: Option<&'a str>,
    pub standard: Option<&'a Ref>,
    pub grade: Option<Grade>,
    /// The span of the action's entry.
    pub span: Span,
}

/// A row of an inspection's `checks` or an audit's `checklist`.
pub struct RowView<'a> {
    pub record: usize,
    pub date: Option<Date>,
    pub standard: &'a Ref,
    pub resolved: Option<usize>,
    pub result: CheckResult,
    pub result_span: Span,
    pub department: Option<&'a Spanned<String>>,
    pub auditor: Option<&'a Ref>,
    pub span: Span,
}

/// A finding of an inspection or a nonconformity of an audit.
pub struct FindingView<'a> {
    pub record: usize,
    pub date: Option<Date>,
    pub id: Option<&'a Ref>,
    pub standard: Option<&'a Ref>,
    pub resolved: Option<usize>,
    pub grade: Option<Grade>,
    pub description: Option<&'a str>,
    /// Indices into [`Ledger::actions`].
    pub actions: Vec<usize>,
    /// A nonconformity (which has `cause`) rather than an inspection finding.
    pub nonconformity: bool,
    pub cause: bool,
    pub span: Span,
}

/// What a finding and a nonconformity have in common, as `flatten` reads them.
struct Problem<'a> {
    id: Option<&'a Ref>,
    standard: Option<&'a Ref>,
    grade: Option<Grade>,
    description: Option<&'a str>,
    /// `None` for an inspection's finding; for a nonconformity, whether a cause is written.
    cause: Option<bool>,
    span: Span,
}

/// The records of a system, resolved for a period.
pub struct Ledger<'a> {
    pub system: &'a System,
    pub records: &'a Records,
    pub index: Index<'a>,
    /// P.
    pub period: Period,
    /// R = min(P.to, today): states are taken on R.
    pub as_of: Date,
    pub today: Date,
    pub targets: &'a crate::model::records::ComplianceTargets,
    roster: HashMap<&'a str, Vec<&'a Staff>>,
    /// Staff ids, in roster order, each once.
    pub people: Vec<&'a str>,
    /// The place of each staff id in `people`.
    person: HashMap<&'a str, usize>,
    post_department: HashMap<&'a str, &'a str>,
    pub departments: HashSet<&'a str>,
    /// The first holder of each id of the record namespace: what it is, and its record.
    pub ids: HashMap<&'a str, (Obj, usize)>,
    pub actions: Vec<ActionView<'a>>,
    pub rows: Vec<RowView<'a>>,
    pub findings: Vec<FindingView<'a>>,
    /// S_req: the standards to implement on R, in structure order.
    pub s_req: Vec<usize>,
    /// Indexes, so per-standard questions do not scan every record (20 000 records against
    /// 10 000 standards): rows and trainings by standard, findings by record.
    rows_by_std: HashMap<usize, Vec<usize>>,
    trainings_by_std: HashMap<usize, Vec<usize>>,
    findings_by_record: HashMap<usize, Vec<usize>>,
    actions_by_record: HashMap<usize, Vec<usize>>,
    /// The Required on R, and by their post on R (computed once: every coverage question
    /// asks it).
    required_r: Vec<&'a str>,
    required_by_post_r: HashMap<&'a str, Vec<&'a str>>,
    /// Each training's audience on its date, by record index.
    audiences: HashMap<usize, Vec<&'a str>>,
    /// Every case of `records.data.cases` resolved and classified (same order), on the first
    /// question: the summary line of `check` needs none of it.
    cases: std::sync::OnceLock<std::sync::Arc<Vec<cases::CaseView>>>,
}

impl<'a> Ledger<'a> {
    /// `None` without `compliance:`.
    pub fn new(system: &'a System) -> Option<Ledger<'a>> {
        Ledger::for_period(system, system.records.as_ref()?.period)
    }

    /// The ledger of another period than the system's (the 基期 of `report cases --compare`).
    pub fn for_period(system: &'a System, period: Period) -> Option<Ledger<'a>> {
        let records = system.records.as_ref()?;
        let targets = &system.sys.config.compliance.as_ref()?.targets;
        let today = system.sys.today;
        let as_of = period.to.min(today);
        let index = Index::new(&system.standards, &system.sys);
        let mut roster: HashMap<&str, Vec<&Staff>> = HashMap::new();
        let mut people = Vec::new();
        for s in &records.staff.entries {
            if let Some(id) = &s.id {
                let v = roster.entry(id.value.as_str()).or_default();
                if v.is_empty() {
                    people.push(id.value.as_str());
                }
                v.push(&s.value);
            }
        }
        let mut post_department = HashMap::new();
        let mut departments = HashSet::new();
        for p in &system.sys.posts.entries {
            if let (Some(id), Some(d)) = (&p.id, &p.department) {
                post_department.insert(id.value.as_str(), d.as_str());
                departments.insert(d.as_str());
            }
        }
        let mut l = Ledger {
            system,
            records,
            index,
            period,
            as_of,
            today,
            targets,
            roster,
            person: people.iter().enumerate().map(|(i, p)| (*p, i)).collect(),
            people,
            post_department,
            departments,
            ids: HashMap::new(),
            actions: Vec::new(),
            rows: Vec::new(),
            findings: Vec::new(),
            s_req: Vec::new(),
            rows_by_std: HashMap::new(),
            trainings_by_std: HashMap::new(),
            findings_by_record: HashMap::new(),
            actions_by_record: HashMap::new(),
            required_r: Vec::new(),
            required_by_post_r: HashMap::new(),
            audiences: HashMap::new(),
            cases: std::sync::OnceLock::new(),
        };
        l.flatten();
        l.index_all();
        l.required_r = l.required_on(as_of);
        for &id in &l.required_r {
            if let Some(p) = l.post_on(id, as_of) {
                l.required_by_post_r.entry(p).or_default().push(id);
            }
        }
        l.audiences = l.all_audiences();
        l.s_req = l.implementation_set();
        Some(l)
    }

    fn index_all(&mut self) {
        for (i, r) in self.rows.iter().enumerate() {
            if let Some(s) = r.resolved {
                self.rows_by_std.entry(s).or_default().push(i);
            }
        }
        for (i, f) in self.findings.iter().enumerate() {
            self.findings_by_record.entry(f.record).or_default().push(i);
        }
        for (i, a) in self.actions.iter().enumerate() {
            self.actions_by_record.entry(a.record).or_default().push(i);
        }
        for (i, l) in self.records.list.iter().enumerate() {
            if let Record::Training(t) = &l.record {
                let mut seen = Vec::new();
                for r in &t.standards {
                    if let Some(s) = self.index.resolve(&r.value.0)
                        && !seen.contains(&s)
                    {
                        seen.push(s);
                        self.trainings_by_std.entry(s).or_default().push(i);
                    }
                }
            }
        }
    }

    /// Every case classified (same order as `records.data.cases`).
    pub fn cases(&self) -> &[cases::CaseView] {
        self.cases.get_or_init(|| self.classify()).as_slice()
    }

    /// The findings and nonconformities of a record.
    pub fn findings_of(&self, record: usize) -> impl Iterator<Item = &FindingView<'a>> {
        self.findings_by_record
            .get(&record)
            .into_iter()
            .flatten()
            .map(|&i| &self.findings[i])
    }

    /// The actions written in a record (embedded, or the record itself).
    pub fn actions_of(&self, record: usize) -> impl Iterator<Item = &ActionView<'a>> {
        self.actions_by_record
            .get(&record)
            .into_iter()
            .flatten()
            .map(|&i| &self.actions[i])
    }

    /// Every check row on standard `s`, whatever its date or result.
    pub fn all_rows_on(&self, s: usize) -> impl Iterator<Item = &RowView<'a>> {
        self.rows_by_std
            .get(&s)
            .into_iter()
            .flatten()
            .map(|&i| &self.rows[i])
    }

    fn note_id(&mut self, id: Option<&'a Ref>, what: Obj, record: usize) {
        if let Some(id) = id {
            self.ids.entry(id.value.as_str()).or_insert((what, record));
        }
    }

    /// Collects ids, rows, findings and actions from every record, in file order.
    fn flatten(&mut self) {
        let list: &'a [LoadedRecord] = &self.records.list;
        for (i, l) in list.iter().enumerate() {
            let date = l.record.date().map(|d| d.value);
            self.note_id(l.record.id(), Obj::Record(l.record.kind()), i);
            let record_id = l.record.id().map(|r| r.value.0.clone());
            match &l.record {
                Record::Inspection(r) => {
                    for c in &r.checks {
                        self.push_row(
                            i,
                            date,
                            c.standard.as_ref(),
                            c.result.as_ref(),
                            None,
                            None,
                            c.span,
                        );
                    }
                    for f in &r.findings {
                        let problem = Problem {
                            id: f.id.as_ref(),
                            standard: f.standard.as_ref(),
                            grade: f.grade.as_ref().map(|g| g.value),
                            description: f.description.as_deref(),
                            cause: None,
                            span: f.span,
                        };
                        self.push_finding(i, date, &record_id, problem, &f.actions);
                    }
                }
                Record::Audit(r) => {
                    for c in &r.checklist {
                        self.push_row(
                            i,
                            date,
                            c.standard.as_ref(),
                            c.result.as_ref(),
                            c.department.as_ref(),
                            c.auditor.as_ref(),
                            c.span,
                        );
                    }
                    for f in &r.nonconformities {
                        let problem = Problem {
                            id: f.id.as_ref(),
                            standard: f.standard.as_ref(),
                            grade: f.grade.as_ref().map(|g| g.value),
                            description: f.description.as_deref(),
                            cause: Some(f.cause.as_deref().is_some_and(|c| !c.trim().is_empty())),
                            span: f.span,
                        };
                        self.push_finding(i, date, &record_id, problem, &f.actions);
                    }
                }
                Record::Review(r) => {
                    for a in &r.decisions {
                        self.push_action(
                            a,
                            i,
                            date,
                            SourceKind::Review,
                            &record_id,
                            None,
                            None,
                            None,
                        );
                    }
                }
                Record::Complaint(r) => {
                    for a in &r.actions {
                        self.push_action(
                            a,
                            i,
                            date,
                            SourceKind::Complaint,
                            &record_id,
                            r.summary.as_deref(),
                            None,
                            None,
                        );
                    }
                }
                Record::Action(r) => {
                    let (source, source_id) = match &r.source {
                        Some(s) => {
                            let pick = [
                                (
                                    SourceKind::Inspection,
                                    s.inspection.as_ref().map(|x| x.value.0.clone()),
                                ),
                                (
                                    SourceKind::Audit,
                                    s.audit.as_ref().map(|x| x.value.0.clone()),
                                ),
                                (
                                    SourceKind::Review,
                                    s.review.as_ref().map(|x| x.value.0.clone()),
                                ),
                                (
                                    SourceKind::Complaint,
                                    s.complaint.as_ref().map(|x| x.value.0.clone()),
                                ),
                                (
                                    SourceKind::Evaluation,
                                    s.evaluation.as_ref().map(|x| x.value.clone()),
                                ),
                                (SourceKind::Case, s.case.as_ref().map(|x| x.value.clone())),
                            ];
                            pick.into_iter()
                                .find(|(_, v)| v.is_some())
                                .unwrap_or((SourceKind::None, None))
                        }
                        None => (SourceKind::None, None),
                    };
                    self.actions.push(ActionView {
                        action: Cow::Owned(r.as_action()),
                        raised: date,
                        record: i,
                        source,
                        source_id,
                        problem: r.title.as_deref(),
                        standard: r.standard_change.as_ref().and_then(|c| c.standard.as_ref()),
                        grade: None,
                        span: l.span,
                    });
                }
                Record::Training(_)
                | Record::Register(_)
                | Record::Document(_)
                | Record::Survey(_)
                | Record::CaseStats(_)
                | Record::Event(_) => {}
            }
        }
    }

    /// A finding (`cause: None`) or nonconformity (`cause: Some(written)`) with its actions.
    fn push_finding(
        &mut self,
        record: usize,
        date: Option<Date>,
        record_id: &Option<String>,
        p: Problem<'a>,
        actions: &'a [Spanned<Action>],
    ) {
        let (what, source) = match p.cause {
            None => (Obj::Finding, SourceKind::Inspection),
            Some(_) => (Obj::Nonconformity, SourceKind::Audit),
        };
        self.note_id(p.id, what, record);
        let mut acts = Vec::with_capacity(actions.len());
        for a in actions {
            acts.push(self.actions.len());
            self.push_action(
                a,
                record,
                date,
                source,
                record_id,
                p.description,
                p.standard,
                p.grade,
            );
        }
        self.findings.push(FindingView {
            record,
            date,
            id: p.id,
            standard: p.standard,
            resolved: p.standard.and_then(|s| self.index.resolve(&s.value.0)),
            grade: p.grade,
            description: p.description,
            actions: acts,
            nonconformity: p.cause.is_some(),
            cause: p.cause.unwrap_or(false),
            span: p.span,
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn push_row(
        &mut self,
        record: usize,
        date: Option<Date>,
        standard: Option<&'a Ref>,
        result: Option<&'a Spanned<CheckResult>>,
        department: Option<&'a Spanned<String>>,
        auditor: Option<&'a Ref>,
        span: Span,
    ) {
        let (Some(standard), Some(result)) = (standard, result) else {
            return;
        };
        self.rows.push(RowView {
            record,
            date,
            standard,
            resolved: self.index.resolve(&standard.value.0),
            result: result.value,
            result_span: result.span,
            department,
            auditor,
            span,
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn push_action(
        &mut self,
        a: &'a Spanned<Action>,
        record: usize,
        date: Option<Date>,
        source: SourceKind,
        source_id: &Option<String>,
        problem: Option<&'a str>,
        standard: Option<&'a Ref>,
        grade: Option<Grade>,
    ) {
        self.note_id(a.id.as_ref(), Obj::Action, record);
        // A decision or a complaint's action has no finding: its standard is the one it changes.
        let standard =
            standard.or_else(|| a.standard_change.as_ref().and_then(|c| c.standard.as_ref()));
        self.actions.push(ActionView {
            raised: a.raised.as_ref().map(|d| d.value).or(date),
            action: Cow::Borrowed(&a.value),
            record,
            source,
            source_id: source_id.clone(),
            problem,
            standard,
            grade,
            span: a.span,
        });
    }

    /// S_req: due standards except terms and symbols, and external ones only referenced or
    /// converted (implemented through the standards that use them).
    fn implementation_set(&self) -> Vec<usize> {
        let mut out: Vec<usize> = (0..self.system.standards.len())
            .filter(|&i| {
                let s = &self.system.standards[i].std;
                self.due(s)
                    && !matches!(s.kind, Some(Kind::Terms | Kind::Symbols))
                    && !matches!(
                        s.adoption,
                        Some(crate::model::Adoption::Reference | crate::model::Adoption::Converted)
                    )
            })
            .collect();
        self.structure_order(&mut out);
        out
    }

    /// Sorts standards by their node's place in the structure, then by id.
    pub fn structure_order(&self, list: &mut [usize]) {
        let sys = &self.system.sys;
        let stds = &self.system.standards;
        let node = |i: usize| {
            stds[i]
                .std
                .node()
                .and_then(|n| sys.node(n))
                .unwrap_or(usize::MAX)
        };
        list.sort_by(|&a, &b| {
            node(a).cmp(&node(b)).then_with(|| {
                crate::text::natural_cmp(
                    stds[a].std.id().unwrap_or(""),
                    stds[b].std.id().unwrap_or(""),
                )
            })
        });
    }

    /// Due on R: existing, and in force for `grace_days` (or no date to tell).
    pub fn due(&self, s: &Standard) -> bool {
        s.status().is_some_and(|st| st.is_existing())
            && since(s)
                .is_none_or(|d| d <= add_days(self.as_of, -i64::from(self.targets.grace_days)))
    }

    /// posts(s) = `posts` ∪ {`work.post`}.
    pub fn posts_of(&self, s: &'a Standard) -> Vec<&'a str> {
        let mut v: Vec<&str> = s.posts.iter().map(|p| p.value.as_str()).collect();
        if let Some(p) = s.work.as_ref().and_then(|w| w.post.as_ref())
            && !v.contains(&p.value.as_str())
        {
            v.push(p.value.as_str());
        }
        v
    }

    /// "In P": dated in [P.from, R].
    pub fn in_p(&self, d: Option<Date>) -> bool {
        d.is_some_and(|d| self.period.from <= d && d <= self.as_of)
    }

    /// "Within N months": (R − N months, R].
    pub fn within(&self, d: Option<Date>, months: u32) -> bool {
        d.is_some_and(|d| self.as_of.add_months(-i64::from(months)) < d && d <= self.as_of)
    }

    /// Whether `id` is on the roster at all.
    pub fn is_staff(&self, id: &str) -> bool {
        self.roster.contains_key(id)
    }

    /// The roster entry of `id` active on `d`.
    pub fn entry_on(&self, id: &str, d: Date) -> Option<&'a Staff> {
        self.roster
            .get(id)?
            .iter()
            .copied()
            .find(|s| s.active_on(d))
    }

    /// The post of `id` on `d`.
    pub fn post_on(&self, id: &str, d: Date) -> Option<&'a str> {
        self.entry_on(id, d)
            .and_then(|s| s.post.as_ref())
            .map(|p| p.value.as_str())
    }

    /// The department of a post (posts catalogue).
    pub fn department_of(&self, post: &str) -> Option<&'a str> {
        self.post_department.get(post).copied()
    }

    /// 应训 on `d`: active and not exempt.
    pub fn required_on(&self, d: Date) -> Vec<&'a str> {
        self.people
            .iter()
            .copied()
            .filter(|id| self.entry_on(id, d).is_some_and(|s| !s.exempt_on(d)))
            .collect()
    }

    /// The audience of every training, the Required of each training day computed once per day
    /// (a year of trainings falls on a few hundred days).
    fn all_audiences(&self) -> HashMap<usize, Vec<&'a str>> {
        // Per training day: the Required, by post, and the set of them.
        struct Day<'a> {
            all: Vec<&'a str>,
            by_post: HashMap<&'a str, Vec<&'a str>>,
        }
        let mut days: HashMap<Date, Day<'a>> = HashMap::new();
        let mut out = HashMap::new();
        for (i, l) in self.records.list.iter().enumerate() {
            let Record::Training(t) = &l.record else {
                continue;
            };
            let (Some(d), Some(a)) = (t.date.as_ref().map(|d| d.value), &t.audience) else {
                out.insert(i, Vec::new());
                continue;
            };
            let day = days.entry(d).or_insert_with(|| {
                let all = self.required_on(d);
                let mut by_post: HashMap<&str, Vec<&str>> = HashMap::new();
                for &id in &all {
                    if let Some(p) = self.post_on(id, d) {
                        by_post.entry(p).or_default().push(id);
                    }
                }
                Day { all, by_post }
            });
            if a.all {
                out.insert(i, day.all.clone());
                continue;
            }
            let mut who: HashSet<&str> = HashSet::new();
            for p in &a.posts {
                who.extend(day.by_post.get(p.value.as_str()).into_iter().flatten());
            }
            if !a.departments.is_empty() {
                for (post, people) in &day.by_post {
                    if self
                        .department_of(post)
                        .is_some_and(|dep| a.departments.iter().any(|x| x.value == dep))
                    {
                        who.extend(people.iter().copied());
                    }
                }
            }
            for s in &a.staff {
                if let Some(id) = day.all.iter().find(|x| **x == s.value.as_str()) {
                    who.insert(id);
                }
            }
            // In roster order, as the Required of the day are.
            let mut list: Vec<&str> = who.into_iter().collect();
            list.sort_by_key(|id| self.person.get(id).copied().unwrap_or(usize::MAX));
            out.insert(i, list);
        }
        out
    }

    /// The audience of the training at record index `i` on its date (empty for another kind).
    pub fn audience_of(&self, i: usize) -> &[&'a str] {
        self.audiences.get(&i).map_or(&[], Vec::as_slice)
    }

    /// The Required on R (active and not exempt).
    pub fn required(&self) -> &[&'a str] {
        &self.required_r
    }

    /// The staff ids a training lists as attending.
    pub fn attended<'t>(&self, t: &'t Training) -> impl Iterator<Item = &'t str> {
        t.attendees.iter().map(|a| a.staff.value.as_str())
    }

    /// The trainings (record indices) dated in P, by date then id.
    pub fn trainings_in_p(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self
            .records
            .list
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                matches!(l.record, Record::Training(_))
                    && self.in_p(l.record.date().map(|d| d.value))
            })
            .map(|(i, _)| i)
            .collect();
        self.by_date(&mut v);
        v
    }

    /// Sorts record indices by date, then id.
    pub fn by_date(&self, v: &mut [usize]) {
        let list = &self.records.list;
        v.sort_by(|&a, &b| {
            let key = |i: usize| {
                (
                    list[i].record.date().map(|d| d.value),
                    list[i].record.id().map(|r| r.value.as_str()),
                )
            };
            let (da, ia) = key(a);
            let (db, ib) = key(b);
            da.cmp(&db)
                .then_with(|| crate::text::natural_cmp(ia.unwrap_or(""), ib.unwrap_or("")))
        });
    }

    /// The trainings (record indices) dated from s's `published` (if any) to R that list s.
    pub fn trainings_on(&self, s: usize) -> Vec<usize> {
        let from = self.system.standards[s].std.published;
        let mut v: Vec<usize> = self
            .trainings_by_std
            .get(&s)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&i| {
                self.records.list[i]
                    .record
                    .date()
                    .is_some_and(|d| from.is_none_or(|f| f <= d.value) && d.value <= self.as_of)
            })
            .collect();
        self.by_date(&mut v);
        v
    }

    /// staff(s) and covered(s) of 宣贯覆盖率: the Required whose post on R is in posts(s), and
    /// those of them who attended a training listing s since it was published.
    pub fn coverage_of(&self, s: usize) -> (Vec<&'a str>, HashSet<&'a str>) {
        let mut posts = self.posts_of(&self.system.standards[s].std);
        posts.sort_unstable();
        posts.dedup();
        let staff: Vec<&str> = posts
            .iter()
            .flat_map(|p| {
                self.required_by_post_r
                    .get(p)
                    .into_iter()
                    .flatten()
                    .copied()
            })
            .collect();
        let mut covered = HashSet::new();
        if staff.is_empty() {
            return (staff, covered);
        }
        let wanted: HashSet<&str> = staff.iter().copied().collect();
        for t in self.trainings_on(s) {
            if let Record::Training(t) = &self.records.list[t].record {
                for a in self.attended(t) {
                    if let Some(id) = wanted.get(a) {
                        covered.insert(*id);
                    }
                }
            }
        }
        (staff, covered)
    }

    /// The state of an action on R.
    pub fn status(&self, a: &Action) -> ActionStatus {
        let r = self.as_of;
        let by_r = |d: &Option<Spanned<Date>>| d.as_ref().map(|d| d.value).filter(|d| *d <= r);
        if by_r(&a.verified).is_some() {
            if a.effective.as_ref().is_some_and(|e| !e.value) {
                ActionStatus::Ineffective
            } else {
                ActionStatus::Closed
            }
        } else if by_r(&a.done).is_some() {
            ActionStatus::Unverified
        } else if a.due.as_ref().is_some_and(|d| d.value < r) {
            ActionStatus::Overdue
        } else {
            ActionStatus::Open
        }
    }

    /// A finding is closed on R when it has an action and all its actions are closed.
    pub fn closed(&self, f: &FindingView) -> bool {
        !f.actions.is_empty()
            && f.actions
                .iter()
                .all(|&a| self.status(&self.actions[a].action) == ActionStatus::Closed)
    }

    /// The check rows on standard `s` (other than `na`) in records dated in P.
    pub fn rows_on(&self, s: usize) -> impl Iterator<Item = &RowView<'a>> {
        self.all_rows_on(s)
            .filter(move |r| r.result != CheckResult::Na && self.in_p(r.date))
    }

    /// Implemented(s): inspected in P, and every row of the latest such date conforms or has
    /// its findings on s, in its record, all closed on R.
    pub fn implemented(&self, s: usize) -> bool {
        let rows: Vec<&RowView> = self.rows_on(s).collect();
        let Some(latest) = rows.iter().filter_map(|r| r.date).max() else {
            return false;
        };
        rows.iter()
            .filter(|r| r.date == Some(latest))
            .all(|r| match r.result {
                CheckResult::Conform | CheckResult::Na => true,
                CheckResult::Partial | CheckResult::Nonconform => {
                    let fs: Vec<&FindingView> = self
                        .findings
                        .iter()
                        .filter(|f| f.record == r.record && f.resolved == Some(s))
                        .collect();
                    !fs.is_empty() && fs.iter().all(|f| self.closed(f))
                }
            })
    }

    /// The record an index of [`Records::list`] names.
    pub fn record(&self, i: usize) -> &'a LoadedRecord {
        &self.records.list[i]
    }

    /// The standard at an index.
    pub fn standard(&self, i: usize) -> &'a Standard {
        &self.system.standards[i].std
    }
}

/// since(s) = `effective`, else `published`, else none.
pub fn since(s: &Standard) -> Option<Date> {
    s.effective.or(s.published)
}

/// `d` moved by whole days.
pub fn add_days(d: Date, days: i64) -> Date {
    Date(d.0.saturating_add(jiff::Span::new().days(days)))
}
