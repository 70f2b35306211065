//! Group A: 标准实施与改进 (docs/compliance.md, Part 1), on the records resolved once in a
//! [`Ledger`], with the metrics from the one counting place ([`Metrics`]). Run only with a
//! `compliance:` block. Findings point at the offending node of the record; the rate rules
//! (A010, A021) and the window rules (A030, A040) at their target's key in `stdkit.yaml`, else
//! at `compliance`.

use crate::compliance::metrics::Metrics;
use crate::compliance::{ActionStatus, Ledger, Obj, add_days};
use crate::diag::Findings;
use crate::diag::{Candidates, Diagnostic, FileName, Msg, Rule, codes};
use crate::model::records::{
    Action, ChangeKind, CheckResult, Criteria, Grade, Record, RecordKind, Ref, Substantiated,
};
use crate::model::{Date, Kind, Spanned};
use crate::system::{EvidenceProblem, LoadedRecord, System};
use crate::text::percent;
use crate::yaml::Span;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Every rule of group A, in code order.
pub fn check_system(system: &System, out: &mut Findings) {
    let Some(l) = Ledger::new(system) else {
        return;
    };
    let m = Metrics::of(&l);
    let cx = Cx {
        l: &l,
        staff_near: OnceLock::new(),
    };
    for (i, r) in l.records.list.iter().enumerate() {
        unknown_standard(&cx, r, out);
        unknown_names(&cx, i, r, out);
        evidence_missing(r, out);
        dates_out_of_order(&cx, r, out);
        standard_not_in_force(&cx, r, out);
    }
    duplicate_ids(&cx, out);
    roster_dates(&cx, out);
    training_below_target(&cx, &m, out);
    standard_not_trained(&cx, out);
    post_not_trained(&cx, out);
    absentee_without_makeup(&cx, out);
    standard_not_inspected(&cx, out);
    implementation_below_target(&cx, &m, out);
    row_without_finding(&cx, out);
    promised_record_not_kept(&cx, out);
    no_audit(&cx, out);
    finding_without_action(&cx, out);
    action_overdue(&cx, out);
    action_not_verified(&cx, out);
    ineffective_without_follow_up(&cx, out);
    auditor_in_own_department(&cx, out);
    standard_change_not_shown(&cx, out);
    no_review(&cx, out);
    complaint_without_action(&cx, out);
    // Group B shares the ledger and the metrics (a million cases are classified once).
    super::cases::check(&l, &m, &|p| cx.sys_span(p), out);
    super::assess::check(&l, &m, out);
}

struct Cx<'a> {
    l: &'a Ledger<'a>,
    staff_near: OnceLock<Candidates>,
}

impl Cx<'_> {
    fn sys_span(&self, path: &[&str]) -> Span {
        let sys = &self.l.system.sys;
        let Some(t) = &sys.tree else {
            return Span::default();
        };
        // The deepest key of `path` that is written, else `compliance`.
        for n in (1..=path.len()).rev() {
            let p: Vec<crate::yaml::Seg> = path[..n].iter().map(|s| (*s).into()).collect();
            if t.at(&p).is_some() {
                return t.key_span_at(&p);
            }
        }
        t.key_span_at(&crate::path!["compliance"])
    }

    fn suggest_staff(&self, id: &str) -> Option<String> {
        self.staff_near
            .get_or_init(|| Candidates::new(self.l.people.iter().copied()))
            .closest(id)
    }

    fn window(&self) -> &crate::model::records::ComplianceTargets {
        self.l.targets
    }
}

fn at(rule: &'static Rule, r: &LoadedRecord, span: Span, m: Msg) -> Diagnostic {
    Diagnostic::new(rule, &r.file, span, m)
}

fn did_you_mean(d: Diagnostic, near: Option<String>) -> Diagnostic {
    match near {
        Some(s) => d.help(msg!("did you mean `{}`?", "是否应为 `{}`？", s)),
        None => d,
    }
}

fn date(d: &Option<Spanned<Date>>) -> Option<Date> {
    d.as_ref().map(|d| d.value)
}

/// Every standard a record names, with its place.
fn standard_refs(r: &Record) -> Vec<&Ref> {
    let mut v: Vec<&Ref> = Vec::new();
    fn change(a: &Action) -> Option<&Ref> {
        a.standard_change.as_ref().and_then(|c| c.standard.as_ref())
    }
    match r {
        Record::Training(t) => v.extend(&t.standards),
        Record::Inspection(x) => {
            v.extend(x.checks.iter().filter_map(|c| c.standard.as_ref()));
            for f in &x.findings {
                v.extend(f.standard.as_ref());
                v.extend(f.actions.iter().filter_map(|a| change(a)));
            }
        }
        Record::Audit(x) => {
            if let Some(Criteria::Standards(s)) = &x.criteria {
                v.extend(s);
            }
            v.extend(x.checklist.iter().filter_map(|c| c.standard.as_ref()));
            for f in &x.nonconformities {
                v.extend(f.standard.as_ref());
                v.extend(f.actions.iter().filter_map(|a| change(a)));
            }
        }
        Record::Action(x) => v.extend(x.standard_change.as_ref().and_then(|c| c.standard.as_ref())),
        Record::Review(x) => v.extend(x.decisions.iter().filter_map(|a| change(a))),
        Record::Register(x) => v.extend(x.standard.as_ref()),
        Record::Complaint(x) => v.extend(x.actions.iter().filter_map(|a| change(a))),
        Record::Document(_) | Record::Survey(_) | Record::CaseStats(_) | Record::Event(_) => {}
    }
    v
}

/// The embedded actions of a record.
fn embedded_actions(r: &Record) -> Vec<&Spanned<Action>> {
    match r {
        Record::Inspection(x) => x.findings.iter().flat_map(|f| &f.actions).collect(),
        Record::Audit(x) => x.nonconformities.iter().flat_map(|f| &f.actions).collect(),
        Record::Review(x) => x.decisions.iter().collect(),
        Record::Complaint(x) => x.actions.iter().collect(),
        _ => Vec::new(),
    }
}

/// A001: a record names a standard not in the system.
fn unknown_standard(cx: &Cx, r: &LoadedRecord, out: &mut Findings) {
    for s in standard_refs(&r.record) {
        if cx.l.index.resolve(&s.value.0).is_none() && !cx.l.system.maybe_unreadable(&s.value.0) {
            let d = at(
                codes::A001,
                r,
                s.span,
                msg!(
                    "`{}` is not a standard of the system",
                    "`{}` 不是本标准体系中的标准",
                    s.value
                ),
            );
            out.push(did_you_mean(d, cx.l.index.suggest(&s.value.0)));
        }
    }
}

/// A002: unknown staff, post, department, item, node or record id; staff not active that day.
fn unknown_names(cx: &Cx, i: usize, r: &LoadedRecord, out: &mut Findings) {
    let l = cx.l;
    let day = date_of(&r.record);
    // A staff id, to be active on `on` (if given).
    let staff = |id: &Ref, on: Option<Date>, role: (&str, &str), out: &mut Findings| {
        let name = id.value.as_str();
        if !l.is_staff(name) {
            let d = at(
                codes::A002,
                r,
                id.span,
                Msg::new(
                    format!("{} `{name}` is not on the staff roster", role.0),
                    format!("{} `{name}` 不在人员名册中", role.1),
                ),
            );
            out.push(did_you_mean(d, cx.suggest_staff(name)));
        } else if let Some(on) = on
            && l.entry_on(name, on).is_none()
        {
            out.push(at(
                codes::A002,
                r,
                id.span,
                Msg::new(
                    format!("{} `{name}` was not on the staff on {on}", role.0),
                    format!("{} `{name}` 于 {on} 不在岗", role.1),
                ),
            ));
        }
    };
    let post = |id: &Ref, out: &mut Findings| {
        if !l.index.posts.contains_key(id.value.as_str()) {
            let d = at(
                codes::A002,
                r,
                id.span,
                msg!(
                    "post `{}` is not in the posts catalogue",
                    "岗位 `{}` 不在岗位目录中",
                    id.value
                ),
            );
            out.push(did_you_mean(d, l.index.suggest_post(id.value.as_str())));
        }
    };
    let department = |name: &Spanned<String>, out: &mut Findings| {
        if !l.departments.contains(name.value.as_str()) {
            let d = at(
                codes::A002,
                r,
                name.span,
                msg!(
                    "department `{}` is not a department of the posts catalogue",
                    "部门 `{}` 不是岗位目录中的部门",
                    name.value
                ),
            );
            let near = Candidates::new(l.departments.iter().copied()).closest(&name.value);
            out.push(did_you_mean(d, near));
        }
    };
    let record_of = |id: &Ref, want: &[Obj], what: (&str, &str), out: &mut Findings| match l
        .ids
        .get(id.value.as_str())
    {
        Some((o, _)) if want.contains(o) => {}
        Some(_) => out.push(at(
            codes::A002,
            r,
            id.span,
            Msg::new(
                format!("`{}` is not {}", id.value, what.0),
                format!("`{}` 不是{}", id.value, what.1),
            ),
        )),
        None => out.push(at(
            codes::A002,
            r,
            id.span,
            Msg::new(
                format!("no record has the id `{}` ({} expected)", id.value, what.0),
                format!("没有编号为 `{}` 的记录（应为{}）", id.value, what.1),
            ),
        )),
    };
    let owner = |a: &Action, raised: Option<Date>, out: &mut Findings| {
        if let Some(o) = &a.owner {
            if l.is_staff(o.value.as_str()) {
                staff(o, raised, ("owner", "责任人"), out);
            } else if !l.departments.contains(o.value.as_str()) {
                let d = at(
                    codes::A002,
                    r,
                    o.span,
                    msg!(
                        "owner `{}` is neither a staff id nor a department",
                        "责任人 `{}` 既不是人员编号也不是部门",
                        o.value
                    ),
                );
                out.push(did_you_mean(d, cx.suggest_staff(o.value.as_str())));
            }
        }
        if let Some(v) = &a.verified_by {
            staff(v, date(&a.verified), ("verifier", "验证人"), out);
        }
        if let Some(f) = &a.followed_by {
            record_of(
                f,
                &[Obj::Action, Obj::Record(RecordKind::Action)],
                ("an action", "整改措施"),
                out,
            );
        }
    };
    match &r.record {
        Record::Training(t) => {
            if let Some(a) = &t.audience {
                a.staff
                    .iter()
                    .for_each(|s| staff(s, day, ("audience member", "应训人员"), out));
                a.posts.iter().for_each(|p| post(p, out));
                a.departments.iter().for_each(|d| department(d, out));
            }
            let audience: HashSet<&str> = l.audience_of(i).iter().copied().collect();
            for a in &t.attendees {
                // Attendees outside the audience must be active staff that day.
                if !audience.contains(a.staff.value.as_str()) {
                    staff(&a.staff, day, ("attendee", "参训人员"), out);
                }
            }
            for a in &t.absent {
                if let Some(s) = &a.staff {
                    staff(s, None, ("absentee", "缺训人员"), out);
                }
                if let Some(m) = &a.makeup {
                    record_of(
                        m,
                        &[Obj::Record(RecordKind::Training)],
                        ("a training", "培训记录"),
                        out,
                    );
                }
            }
        }
        Record::Inspection(x) => {
            x.inspectors
                .iter()
                .for_each(|s| staff(s, day, ("inspector", "检查人员"), out));
            if let Some(sc) = &x.scope {
                scope(cx, r, sc, out, &post, &department);
            }
        }
        Record::Audit(x) => {
            if let Some(t) = &x.team {
                t.leader
                    .iter()
                    .for_each(|s| staff(s, day, ("audit leader", "内审组长"), out));
                t.members
                    .iter()
                    .for_each(|s| staff(s, day, ("auditor", "内审员"), out));
            }
            if let Some(sc) = &x.scope {
                scope(cx, r, sc, out, &post, &department);
            }
            for c in &x.checklist {
                c.department.iter().for_each(|d| department(d, out));
                c.auditor
                    .iter()
                    .for_each(|s| staff(s, day, ("auditor", "内审员"), out));
            }
            for n in &x.nonconformities {
                n.department.iter().for_each(|d| department(d, out));
                n.auditee
                    .iter()
                    .for_each(|s| staff(s, day, ("auditee", "受审核人"), out));
            }
        }
        Record::Review(x) => {
            x.chair
                .iter()
                .for_each(|s| staff(s, day, ("chair", "主持人"), out));
            x.attendees
                .iter()
                .for_each(|s| staff(s, day, ("attendee", "参加人员"), out));
        }
        Record::Complaint(x) => {
            if let Some(s) = &x.subject {
                s.staff
                    .iter()
                    .for_each(|s| staff(s, day, ("staff member", "被投诉人员"), out));
                if let Some(item) = &s.item
                    && !l.index.items.contains_key(item.value.as_str())
                {
                    let d = at(
                        codes::A002,
                        r,
                        item.span,
                        msg!(
                            "item `{}` is not in the items catalogue",
                            "事项 `{}` 不在事项目录中",
                            item.value
                        ),
                    );
                    out.push(did_you_mean(d, l.index.suggest_item(item.value.as_str())));
                }
            }
        }
        Record::Action(x) => {
            if let Some(s) = &x.source {
                let kinds = [
                    (
                        &s.inspection,
                        RecordKind::Inspection,
                        ("an inspection", "实施检查记录"),
                    ),
                    (&s.audit, RecordKind::Audit, ("an audit", "内部审核记录")),
                    (&s.review, RecordKind::Review, ("a review", "管理评审记录")),
                    (
                        &s.complaint,
                        RecordKind::Complaint,
                        ("a complaint", "投诉记录"),
                    ),
                ];
                for (id, kind, what) in kinds {
                    if let Some(id) = id {
                        record_of(id, &[Obj::Record(kind)], what, out);
                    }
                }
            }
        }
        // An event's assessment is V003's (rules::assess).
        Record::Register(_)
        | Record::Document(_)
        | Record::Survey(_)
        | Record::CaseStats(_)
        | Record::Event(_) => {}
    }
    for a in l.actions_of(i) {
        owner(&a.action, a.raised, out);
    }
}

fn scope(
    cx: &Cx,
    r: &LoadedRecord,
    sc: &crate::model::records::Scope,
    out: &mut Findings,
    post: &dyn Fn(&Ref, &mut Findings),
    department: &dyn Fn(&Spanned<String>, &mut Findings),
) {
    sc.posts.iter().for_each(|p| post(p, out));
    sc.departments.iter().for_each(|d| department(d, out));
    for n in &sc.nodes {
        if cx.l.system.sys.node(n.value.as_str()).is_none() {
            let codes_ = cx.l.system.sys.nodes.iter().map(|n| n.code.as_str());
            let d = at(
                codes::A002,
                r,
                n.span,
                msg!(
                    "node `{}` is not in the structure",
                    "节点 `{}` 不在体系结构中",
                    n.value
                ),
            );
            out.push(did_you_mean(
                d,
                Candidates::new(codes_).closest(n.value.as_str()),
            ));
        }
    }
}

/// The day a record is about: `date`, or a register's `from`.
fn date_of(r: &Record) -> Option<Date> {
    r.date().map(|d| d.value)
}

/// A003: duplicate record ids, overlapping roster entries, a person listed twice in a training.
fn duplicate_ids(cx: &Cx, out: &mut Findings) {
    let l = cx.l;
    let mut first: HashMap<&str, (&FileName, Span)> = HashMap::new();
    fn dup<'a>(
        first: &mut HashMap<&'a str, (&'a FileName, Span)>,
        id: Option<&'a Ref>,
        r: &'a LoadedRecord,
        out: &mut Findings,
    ) {
        let Some(id) = id else { return };
        match first.get(id.value.as_str()) {
            Some((f, s)) => out.push(
                at(
                    codes::A003,
                    r,
                    id.span,
                    msg!("duplicate record id `{}`", "记录编号 `{}` 重复", id.value),
                )
                .related(f, *s, Msg::new("first used here", "首次使用于此")),
            ),
            None => {
                first.insert(id.value.as_str(), (&r.file, id.span));
            }
        }
    }
    for r in &l.records.list {
        dup(&mut first, r.record.id(), r, out);
        match &r.record {
            Record::Inspection(x) => {
                for f in &x.findings {
                    dup(&mut first, f.id.as_ref(), r, out);
                }
            }
            Record::Audit(x) => {
                for f in &x.nonconformities {
                    dup(&mut first, f.id.as_ref(), r, out);
                }
            }
            _ => {}
        }
        for a in embedded_actions(&r.record) {
            dup(&mut first, a.id.as_ref(), r, out);
        }
        if let Record::Training(t) = &r.record {
            let mut seen: HashSet<&str> = HashSet::new();
            let listed = t
                .attendees
                .iter()
                .map(|a| &a.staff)
                .chain(t.absent.iter().filter_map(|a| a.staff.as_ref()));
            for s in listed {
                if !seen.insert(s.value.as_str()) {
                    out.push(at(
                        codes::A003,
                        r,
                        s.span,
                        msg!(
                            "`{}` is listed twice in this training",
                            "`{}` 在本次培训中重复列出",
                            s.value
                        ),
                    ));
                }
            }
        }
    }
    // Overlapping roster entries of one id.
    let staff = &l.records.staff;
    let Some(file) = &staff.file else { return };
    let mut by_id: HashMap<&str, Vec<&Spanned<crate::model::records::Staff>>> = HashMap::new();
    for s in &staff.entries {
        if let Some(id) = &s.id {
            by_id.entry(id.value.as_str()).or_default().push(s);
        }
    }
    for s in &staff.entries {
        let (Some(id), Some(from)) = (&s.id, &s.from) else {
            continue;
        };
        let earlier = by_id[id.value.as_str()]
            .iter()
            .take_while(|x| !std::ptr::eq(**x, s))
            .find(|x| {
                x.from.as_ref().is_some_and(|xf| {
                    let x_to = x.to.as_ref().map(|t| t.value);
                    let s_to = s.to.as_ref().map(|t| t.value);
                    xf.value <= s_to.unwrap_or(Date(jiff::civil::Date::MAX))
                        && from.value <= x_to.unwrap_or(Date(jiff::civil::Date::MAX))
                })
            });
        if let Some(x) = earlier {
            out.push(
                Diagnostic::new(
                    codes::A003,
                    file,
                    s.span,
                    msg!(
                        "roster entries of `{}` overlap: one person holds one post at a time",
                        "`{}` 的名册条目任职期间重叠：同一时间一人只在一个岗位",
                        id.value
                    ),
                )
                .related(file, x.span, Msg::new("the other entry", "另一条目"))
                .help(Msg::new(
                    "end the earlier entry (`to`) the day before the new one starts",
                    "请为前一条目填写 `to`，截止于新条目开始的前一天",
                )),
            );
        }
    }
}

/// A004: an evidence file missing, not a regular file, or outside the root.
fn evidence_missing(r: &LoadedRecord, out: &mut Findings) {
    for (span, p) in &r.evidence_problems {
        let m = match p {
            EvidenceProblem::Missing => Msg::new("evidence file not found", "佐证材料文件不存在"),
            EvidenceProblem::NotRegular => {
                Msg::new("evidence is not a regular file", "佐证材料不是普通文件")
            }
            EvidenceProblem::Unsafe(u) => {
                let (en, zh) = u.texts();
                Msg::new(
                    format!("evidence path refused: {en}"),
                    format!("佐证材料路径不可用：{zh}"),
                )
            }
        };
        out.push(at(codes::A004, r, *span, m).help(Msg::new(
            "give the path relative to the system root, e.g. records/evidence/2026/签到表.pdf",
            "请填写相对于标准体系根目录的路径，如 records/evidence/2026/签到表.pdf",
        )));
    }
}

/// A005: dates out of order, or a past event after today.
fn dates_out_of_order(cx: &Cx, r: &LoadedRecord, out: &mut Findings) {
    let today = cx.l.today;
    let future = |d: &Option<Spanned<Date>>, what: &str, out: &mut Findings| {
        if let Some(d) = d
            && d.value > today
        {
            out.push(at(
                codes::A005,
                r,
                d.span,
                msg!(
                    "`{}` {} is after today ({}): a past event cannot be dated in the future",
                    "`{}` {} 晚于今天（{}）：已发生的事项不能填写将来的日期",
                    what,
                    d.value,
                    today
                ),
            ));
        }
    };
    let order = |early: Option<Date>,
                 late: &Option<Spanned<Date>>,
                 names: (&str, &str),
                 out: &mut Findings| {
        if let (Some(e), Some(l)) = (early, late)
            && l.value < e
        {
            out.push(at(
                codes::A005,
                r,
                l.span,
                msg!(
                    "`{}` {} is before `{}` {}",
                    "`{}` {} 早于 `{}` {}",
                    names.1,
                    l.value,
                    names.0,
                    e
                ),
            ));
        }
    };
    let rec_date = match &r.record {
        Record::Register(x) => &x.from,
        Record::Training(x) => &x.date,
        Record::Inspection(x) => &x.date,
        Record::Audit(x) => &x.date,
        Record::Action(x) => &x.date,
        Record::Review(x) => &x.date,
        Record::Document(x) => &x.date,
        Record::Complaint(x) => &x.date,
        Record::Event(x) => &x.date,
        Record::Survey(_) | Record::CaseStats(_) => &None,
    };
    future(
        rec_date,
        if matches!(r.record, Record::Register(_)) {
            "from"
        } else {
            "date"
        },
        out,
    );
    let parent = date(rec_date);
    let action = |a: &Action, raised: Option<Date>, out: &mut Findings| {
        order(raised, &a.due, ("raised", "due"), out);
        order(raised, &a.done, ("raised", "done"), out);
        order(date(&a.done), &a.verified, ("done", "verified"), out);
        future(&a.done, "done", out);
        future(&a.verified, "verified", out);
    };
    for a in embedded_actions(&r.record) {
        let raised = date(&a.raised).or(parent);
        future(&a.raised, "raised", out);
        action(a, raised, out);
    }
    match &r.record {
        Record::Action(x) => action(&x.as_action(), parent, out),
        Record::Register(x) => {
            order(parent, &x.checked, ("from", "checked"), out);
            future(&x.checked, "checked", out);
        }
        Record::Complaint(x) => {
            order(parent, &x.reply, ("date", "reply"), out);
            future(&x.reply, "reply", out);
        }
        _ => {}
    }
}

/// The roster's own findings: a post not in the posts catalogue (A002), `to` before `from`
/// (A005).
fn roster_dates(cx: &Cx, out: &mut Findings) {
    let staff = &cx.l.records.staff;
    let Some(file) = &staff.file else { return };
    let index = &cx.l.index;
    for s in &staff.entries {
        if let Some(p) = &s.post
            && !index.posts.contains_key(p.value.as_str())
        {
            let d = Diagnostic::new(
                codes::A002,
                file,
                p.span,
                msg!(
                    "post `{}` is not in the posts catalogue",
                    "岗位 `{}` 不在岗位目录中",
                    p.value
                ),
            );
            out.push(did_you_mean(d, index.suggest_post(p.value.as_str())));
        }
        if let (Some(f), Some(t)) = (&s.from, &s.to)
            && t.value < f.value
        {
            out.push(Diagnostic::new(
                codes::A005,
                file,
                t.span,
                msg!(
                    "`to` {} is before `from` {}",
                    "`to` {} 早于 `from` {}",
                    t.value,
                    f.value
                ),
            ));
        }
        for e in &s.exempt {
            if let (Some(f), Some(t)) = (e.from, e.to)
                && t < f
            {
                out.push(Diagnostic::new(
                    codes::A005,
                    file,
                    e.span,
                    msg!(
                        "exempt period ends ({}) before it begins ({})",
                        "免训期间的结束日期（{}）早于开始日期（{}）",
                        t,
                        f
                    ),
                ));
            }
        }
    }
}

/// A006: a record dated d names a standard not in force on d.
fn standard_not_in_force(cx: &Cx, r: &LoadedRecord, out: &mut Findings) {
    let l = cx.l;
    let Some(d) = date_of(&r.record) else { return };
    // A promised change names a standard that is to change: not a use of it.
    let refs: Vec<&Ref> = match &r.record {
        Record::Training(t) => t.standards.iter().collect(),
        Record::Inspection(x) => x
            .checks
            .iter()
            .filter_map(|c| c.standard.as_ref())
            .chain(x.findings.iter().filter_map(|f| f.standard.as_ref()))
            .collect(),
        Record::Audit(x) => x
            .checklist
            .iter()
            .filter_map(|c| c.standard.as_ref())
            .chain(match &x.criteria {
                Some(Criteria::Standards(s)) => s.iter().collect(),
                _ => Vec::new(),
            })
            .chain(x.nonconformities.iter().filter_map(|f| f.standard.as_ref()))
            .collect(),
        Record::Register(x) => x.standard.iter().collect(),
        _ => Vec::new(),
    };
    for s in refs {
        let Some(i) = l.index.resolve(&s.value.0) else {
            continue;
        };
        let std = l.standard(i);
        let why = if std.status().is_some_and(|st| st.is_pipeline()) {
            Some(Msg::new("it is still in the pipeline", "该标准尚在制定中"))
        } else if std.abolished.is_some_and(|a| a <= d) {
            Some(msg!(
                "it was abolished on {}",
                "该标准已于 {} 废止",
                std.abolished.unwrap_or(d)
            ))
        } else {
            std.superseded_by
                .as_ref()
                .and_then(|n| l.index.resolve(&n.value.0))
                .map(|n| l.standard(n))
                .filter(|n| n.effective.is_some_and(|e| e <= d))
                .map(|n| {
                    msg!(
                        "it was superseded by {}, in force since {}",
                        "该标准已被 {} 代替（{} 起实施）",
                        n.id().unwrap_or("?"),
                        n.effective.unwrap_or(d)
                    )
                })
        };
        if let Some(why) = why {
            out.push(at(
                codes::A006,
                r,
                s.span,
                Msg::new(
                    format!("`{}` was not in force on {d}: {}", s.value, why.en),
                    format!("`{}` 于 {d} 未实施：{}", s.value, why.zh),
                ),
            ));
        }
    }
}

/// A010: 全员参训率 below `targets.training`.
fn training_below_target(cx: &Cx, m: &Metrics, out: &mut Findings) {
    let t = &m.training;
    if let (Some(rate), Some(target)) = (t.rate, t.target)
        && rate < target
    {
        let l = cx.l;
        let shown: Vec<&str> = t.untrained.iter().take(20).map(String::as_str).collect();
        let more = t.untrained.len().saturating_sub(20);
        let list = if more > 0 {
            format!("{} …(+{more})", shown.join(", "))
        } else {
            shown.join(", ")
        };
        out.push(
            Diagnostic::new(codes::A010, &l.system.sys.file, cx.sys_span(&["compliance", "targets", "training"]), Msg::new(
                format!("全员参训率 {} is below the target {}: {} of {} staff attended a training between {} and {} (not trained: {list})", percent(Some(rate)), percent(Some(target)), t.trained, t.required, l.period.from, l.as_of),
                format!("全员参训率 {} 低于目标 {}：应训 {} 人，{} 至 {} 参训 {} 人（未训：{list}）", percent(Some(rate)), percent(Some(target)), t.required, l.period.from, l.as_of, t.trained),
            ))
            .help(Msg::new("hold a make-up training (补训) for the staff not trained, and record it", "请为未参训人员组织补训并登记培训记录")),
        );
    }
}

/// A011: a standard of S_req for posts that no training since its publication lists.
fn standard_not_trained(cx: &Cx, out: &mut Findings) {
    let l = cx.l;
    for &s in &l.s_req {
        let std = l.standard(s);
        if l.posts_of(std).is_empty() || !l.trainings_on(s).is_empty() {
            continue;
        }
        let loaded = &l.system.standards[s];
        let span = std.id.as_ref().map_or_else(Span::default, |i| i.span);
        out.push(
            Diagnostic::new(codes::A011, &loaded.file, span, msg!(
                "{} is in force for its posts but no training since its publication lists it (宣贯缺失)",
                "{} 已实施且适用于岗位，但发布以来没有任何培训记录宣贯该标准（宣贯缺失）",
                std.id().unwrap_or("?")
            ))
            .help(Msg::new("hold a 宣贯培训 for the posts of this standard and list it in the training's `standards`", "请对该标准的适用岗位开展宣贯培训，并在培训记录的 `standards` 中列出")),
        );
    }
}

/// A012: per post, Required staff missing from covered(s) for standards of their post.
fn post_not_trained(cx: &Cx, out: &mut Findings) {
    let l = cx.l;
    // post → person → standards not covered
    let mut missing: HashMap<&str, Vec<(&str, Vec<&str>)>> = HashMap::new();
    for &s in &l.s_req {
        let std = l.standard(s);
        if l.posts_of(std).is_empty() {
            continue;
        }
        let (staff, covered) = l.coverage_of(s);
        for p in staff.into_iter().filter(|p| !covered.contains(p)) {
            let post = l.post_on(p, l.as_of).unwrap_or_default();
            let people = missing.entry(post).or_default();
            let id = std.id().unwrap_or("?");
            match people.iter_mut().find(|(x, _)| *x == p) {
                Some((_, v)) => v.push(id),
                None => people.push((p, vec![id])),
            }
        }
    }
    let Some(file) = &l.system.sys.posts.file else {
        return;
    };
    for p in &l.system.sys.posts.entries {
        let Some(id) = &p.id else { continue };
        let Some(people) = missing.get(id.value.as_str()) else {
            continue;
        };
        let mut people = people.clone();
        people.sort_by(|a, b| {
            l.people
                .iter()
                .position(|x| *x == a.0)
                .cmp(&l.people.iter().position(|x| *x == b.0))
        });
        let listed: Vec<String> = people
            .iter()
            .take(20)
            .map(|(who, stds)| format!("{who} ({})", stds.join(", ")))
            .collect();
        let more = people.len().saturating_sub(20);
        let list = if more > 0 {
            format!("{} …(+{more})", listed.join("; "))
        } else {
            listed.join("; ")
        };
        out.push(Diagnostic::new(
            codes::A012,
            file,
            p.span,
            msg!(
                "post {}: {} staff not trained on the standards of their post: {}",
                "岗位 {}：{} 人未参加本岗位标准的宣贯培训：{}",
                id.value,
                people.len(),
                list
            ),
        ));
    }
}

/// A013: an absentee without a make-up training within `makeup_days`.
fn absentee_without_makeup(cx: &Cx, out: &mut Findings) {
    let l = cx.l;
    let days = i64::from(cx.window().makeup_days);
    let cutoff = add_days(l.as_of, -days);
    for (i, r) in l.records.list.iter().enumerate() {
        let Record::Training(t) = &r.record else {
            continue;
        };
        let Some(d) = date(&t.date) else { continue };
        if d > cutoff {
            continue;
        }
        let present: HashSet<&str> = l.attended(t).collect();
        for &who in l.audience_of(i).iter().filter(|p| !present.contains(*p)) {
            let entry = t
                .absent
                .iter()
                .find(|a| a.staff.as_ref().is_some_and(|s| s.value.as_str() == who));
            let made_up = entry.and_then(|a| a.makeup.as_ref()).is_some_and(|m| {
                let Some(&(_, i)) = l.ids.get(m.value.as_str()) else {
                    return false;
                };
                match &l.record(i).record {
                    Record::Training(mt) => {
                        date(&mt.date).is_some_and(|md| d < md && md <= add_days(d, days))
                            && l.attended(mt).any(|a| a == who)
                    }
                    _ => false,
                }
            });
            if made_up {
                continue;
            }
            let span = entry
                .map(|e| e.span)
                .or_else(|| t.attendees.first().map(|a| a.span))
                .unwrap_or(r.span);
            out.push(
                at(codes::A013, r, span, msg!(
                    "`{}` missed training {} ({}) and attended no make-up training within {} days",
                    "`{}` 未参加 {}（{}）培训，且未在 {} 天内补训",
                    who, t.id.as_ref().map_or("?", |i| i.value.as_str()), d, days
                ))
                .help(Msg::new("record the 补训 as a training and name it in `absent: [{staff, makeup}]`", "请登记补训记录，并在 `absent` 中用 `makeup` 写明补训编号")),
            );
        }
    }
}

/// A020: a standard of S_req with no inspection or audit row within `inspection_months`.
fn standard_not_inspected(cx: &Cx, out: &mut Findings) {
    let l = cx.l;
    let months = cx.window().inspection_months;
    for &s in &l.s_req {
        let seen = l
            .all_rows_on(s)
            .any(|r| r.result != CheckResult::Na && l.within(r.date, months));
        if seen {
            continue;
        }
        let std = l.standard(s);
        let span = std.id.as_ref().map_or_else(Span::default, |i| i.span);
        out.push(Diagnostic::new(
            codes::A020,
            &l.system.standards[s].file,
            span,
            msg!(
                "{} has not been inspected or audited in the last {} months",
                "{} 近 {} 个月内未经实施检查或内部审核",
                std.id().unwrap_or("?"),
                months
            ),
        ));
    }
}

/// A021: 贯彻实施率 below `targets.implementation`.
fn implementation_below_target(cx: &Cx, m: &Metrics, out: &mut Findings) {
    let i = &m.implementation;
    if let (Some(rate), Some(target)) = (i.rate, i.target)
        && rate < target
    {
        let l = cx.l;
        out.push(
            Diagnostic::new(codes::A021, &l.system.sys.file, cx.sys_span(&["compliance", "targets", "implementation"]), Msg::new(
                format!("贯彻实施率 {} is below the target {}: {} of {} standards to implement are implemented ({} inspected)", percent(Some(rate)), percent(Some(target)), i.implemented, i.required, i.inspected),
                format!("标准贯彻实施率 {} 低于目标 {}：应实施标准 {} 项，已实施 {} 项（已检查 {} 项）", percent(Some(rate)), percent(Some(target)), i.required, i.implemented, i.inspected),
            ))
            .help(Msg::new("inspect the standards not inspected and close the open findings (`stdkit report implementation`)", "请对未检查的标准开展实施检查，并关闭未整改的问题（见 `stdkit report implementation`）")),
        );
    }
}

/// A022: a `partial` or `nonconform` row without a finding on its standard in its record.
fn row_without_finding(cx: &Cx, out: &mut Findings) {
    let l = cx.l;
    for row in &l.rows {
        if !matches!(row.result, CheckResult::Partial | CheckResult::Nonconform) {
            continue;
        }
        let has = l
            .findings_of(row.record)
            .any(|f| match (f.resolved, row.resolved) {
                (Some(a), Some(b)) => a == b,
                _ => f.standard.is_some_and(|s| s.value == row.standard.value),
            });
        if !has {
            let r = l.record(row.record);
            let (field, zh) = match r.record {
                Record::Audit(_) => ("nonconformities", "不符合项"),
                _ => ("findings", "问题"),
            };
            out.push(
                at(
                    codes::A022,
                    r,
                    row.result_span,
                    Msg::new(
                        format!(
                            "`{}` on {} without a finding on that standard in this record",
                            row.result.as_str(),
                            row.standard.value
                        ),
                        format!(
                            "{} 的检查结果为“{}”，但本记录中没有该标准的问题记录",
                            row.standard.value,
                            row.result.zh()
                        ),
                    ),
                )
                .help(Msg::new(
                    format!("add an entry to `{field}` for this standard"),
                    format!("请在 `{field}`（{zh}）中为该标准添加一条"),
                )),
            );
        }
    }
}

/// A023: a promised record of a due management standard with no register; a register not
/// checked within `inspection_months`.
fn promised_record_not_kept(cx: &Cx, out: &mut Findings) {
    let l = cx.l;
    let months = cx.window().inspection_months;
    let registers: Vec<(&LoadedRecord, &crate::model::records::Register)> = l
        .records
        .list
        .iter()
        .filter_map(|r| match &r.record {
            Record::Register(x) => Some((r, &**x)),
            _ => None,
        })
        .collect();
    // Registers by the standard they keep a record of (one lookup each, not one per entry).
    let mut by_standard: HashMap<usize, Vec<&crate::model::records::Register>> = HashMap::new();
    for (_, reg) in &registers {
        if let Some(i) = reg
            .standard
            .as_ref()
            .and_then(|x| l.index.resolve(&x.value.0))
        {
            by_standard.entry(i).or_default().push(reg);
        }
    }
    for (i, loaded) in l.system.standards.iter().enumerate() {
        let s = &loaded.std;
        if s.kind != Some(Kind::Management) || !l.due(s) {
            continue;
        }
        let Some(m) = &s.management else { continue };
        let kept_here = by_standard.get(&i).map_or(&[][..], Vec::as_slice);
        for entry in &m.records {
            let kept = kept_here.iter().any(|reg| match &entry.form {
                Some(form) => reg.form.as_ref().is_some_and(|f| f.value == *form),
                None => reg.title.as_deref() == entry.name.as_deref(),
            });
            if !kept {
                let name = entry
                    .form
                    .as_deref()
                    .or(entry.name.as_deref())
                    .unwrap_or("?");
                out.push(
                    Diagnostic::new(
                        codes::A023,
                        &loaded.file,
                        entry.span,
                        Msg::new(
                            format!(
                                "the record {name} that {} promises has no register (记录台账)",
                                s.id().unwrap_or("?")
                            ),
                            format!("{} 规定的记录 {name} 没有记录台账", s.id().unwrap_or("?")),
                        ),
                    )
                    .help(Msg::new(
                        "add a `record: register` for it (standard, form, title, from)",
                        "请为其添加 `record: register` 台账记录（standard、form、title、from）",
                    )),
                );
            }
        }
    }
    for (r, reg) in registers {
        if !l.within(date(&reg.checked), months) {
            let span = reg.checked.as_ref().map_or(r.span, |c| c.span);
            out.push(at(codes::A023, r, span, msg!(
                "register {} has not been found complete by an inspection in the last {} months (`checked`)",
                "记录台账 {} 近 {} 个月内未经检查确认完整（`checked`）",
                reg.id.as_ref().map_or("?", |i| i.value.as_str()), months
            )));
        }
    }
}

/// A030: no audit within `audit_months`, or a top-level node with an existing standard that
/// no such audit has in scope.
fn no_audit(cx: &Cx, out: &mut Findings) {
    let l = cx.l;
    let months = cx.window().audit_months;
    let span = cx.sys_span(&["compliance", "targets", "audit_months"]);
    let audits: Vec<&crate::model::records::Audit> = l
        .records
        .list
        .iter()
        .filter_map(|r| match &r.record {
            Record::Audit(a) if l.within(date(&a.date), months) => Some(&**a),
            _ => None,
        })
        .collect();
    let file = &l.system.sys.file;
    if audits.is_empty() {
        out.push(
            Diagnostic::new(
                codes::A030,
                file,
                span,
                msg!(
                    "no internal audit (内部审核) in the last {} months",
                    "近 {} 个月内未开展内部审核",
                    months
                ),
            )
            .help(Msg::new(
                "audit the system and record it as `record: audit`",
                "请组织内部审核，并登记 `record: audit` 记录",
            )),
        );
        return;
    }
    let sys = &l.system.sys;
    for (top, n) in sys
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.parent.is_none())
    {
        let has_existing = l.system.standards.iter().any(|s| {
            s.std.status().is_some_and(|st| st.is_existing())
                && s.std
                    .node()
                    .and_then(|c| sys.node(c))
                    .is_some_and(|i| sys.top(i) == top)
        });
        if !has_existing {
            continue;
        }
        let in_scope =
            audits
                .iter()
                .any(|a| match a.scope.as_ref().filter(|s| !s.nodes.is_empty()) {
                    None => true,
                    Some(s) => s.nodes.iter().any(|c| {
                        sys.node(c.value.as_str())
                            .is_some_and(|i| sys.top(i) == top)
                    }),
                });
        if !in_scope {
            out.push(Diagnostic::new(codes::A030, file, span, msg!(
                "node {} {} has standards in force but no internal audit of the last {} months had it in scope",
                "节点 {} {} 有现行标准，但近 {} 个月的内部审核均未覆盖",
                n.code, n.name, months
            )));
        }
    }
}

/// A031: a finding or nonconformity (not an observation) without an action; a major one
/// without a cause.
fn finding_without_action(cx: &Cx, out: &mut Findings) {
    let l = cx.l;
    for f in &l.findings {
        let r = l.record(f.record);
        let id = f.id.map_or("?", |i| i.value.as_str());
        let span = f.id.map_or(f.span, |i| i.span);
        if f.grade != Some(Grade::Observation) && f.actions.is_empty() {
            out.push(
                at(
                    codes::A031,
                    r,
                    span,
                    msg!(
                        "{} has no corrective action (我纠我错、我错我改)",
                        "{} 未制定整改措施（我纠我错、我错我改）",
                        id
                    ),
                )
                .help(Msg::new(
                    "add `actions: [{id, description, owner, due}]`",
                    "请添加 `actions: [{id, description, owner, due}]`",
                )),
            );
        }
        if f.nonconformity && f.grade == Some(Grade::Major) && !f.cause {
            out.push(at(
                codes::A031,
                r,
                span,
                msg!(
                    "major nonconformity {} has no cause analysis (`cause`)",
                    "严重不符合项 {} 缺少原因分析（`cause`）",
                    id
                ),
            ));
        }
    }
}

/// The record and span of an action, for its findings.
fn action_at<'a>(l: &'a Ledger, a: &crate::compliance::ActionView) -> (&'a LoadedRecord, Span) {
    (
        l.record(a.record),
        a.action.id.as_ref().map_or(a.span, |i| i.span),
    )
}

/// A032: an action overdue on R.
fn action_overdue(cx: &Cx, out: &mut Findings) {
    let l = cx.l;
    for a in &l.actions {
        if l.status(&a.action) == ActionStatus::Overdue {
            let (r, span) = action_at(l, a);
            out.push(
                at(
                    codes::A032,
                    r,
                    span,
                    msg!(
                        "action {} was due on {} and is not done (逾期未整改)",
                        "整改措施 {} 应于 {} 前完成，至今未完成（逾期未整改）",
                        a.action.id.as_ref().map_or("?", |i| i.value.as_str()),
                        a.action
                            .due
                            .as_ref()
                            .map_or_else(String::new, |d| d.value.to_string())
                    ),
                )
                .help(Msg::new(
                    "finish it and record `done`; if the deadline was extended, say so (and why) in a `note`",
                    "请完成整改并填写 `done`；如经批准延期，请在 `note` 中写明新期限和原因",
                )),
            );
        }
    }
}

/// A033: an action done more than `verify_days` ago and not verified, or verified by its owner.
fn action_not_verified(cx: &Cx, out: &mut Findings) {
    let l = cx.l;
    let days = cx.window().verify_days;
    let cutoff = add_days(l.as_of, -i64::from(days));
    for a in &l.actions {
        let act = &a.action;
        let id = act.id.as_ref().map_or("?", |i| i.value.as_str());
        let (r, span) = action_at(l, a);
        let done = date(&act.done).filter(|d| *d <= l.as_of);
        let verified = date(&act.verified).filter(|d| *d <= l.as_of);
        if let Some(d) = done
            && verified.is_none()
            && d < cutoff
        {
            out.push(at(
                codes::A033,
                r,
                span,
                msg!(
                    "action {} was done on {} and has not been verified within {} days",
                    "整改措施 {} 已于 {} 完成，但 {} 天内未经验证",
                    id,
                    d,
                    days
                ),
            ));
        }
        if let (Some(v), Some(o)) = (&act.verified_by, &act.owner)
            && v.value == o.value
        {
            out.push(
                at(
                    codes::A033,
                    r,
                    v.span,
                    msg!(
                        "action {} is verified by its own owner `{}`",
                        "整改措施 {} 由责任人 `{}` 自行验证",
                        id,
                        o.value
                    ),
                )
                .help(Msg::new(
                    "have someone other than the owner verify it (an inspector or auditor)",
                    "请由责任人以外的人员（检查人员或内审员）验证",
                )),
            );
        }
    }
}

/// A034: `effective: false` without `followed_by`.
fn ineffective_without_follow_up(cx: &Cx, out: &mut Findings) {
    let l = cx.l;
    for a in &l.actions {
        if let Some(e) = &a.action.effective
            && !e.value
            && a.action.followed_by.is_none()
        {
            let r = l.record(a.record);
            out.push(at(
                codes::A034,
                r,
                e.span,
                msg!(
                    "action {} was found ineffective but names no follow-up action (`followed_by`)",
                    "整改措施 {} 验证无效，但未写明后续措施（`followed_by`）",
                    a.action.id.as_ref().map_or("?", |i| i.value.as_str())
                ),
            ));
        }
    }
}

/// A035: an auditor on a post of the department they audited, on the audit date.
fn auditor_in_own_department(cx: &Cx, out: &mut Findings) {
    let l = cx.l;
    for row in &l.rows {
        let (Some(aud), Some(dep), Some(d)) = (row.auditor, row.department, row.date) else {
            continue;
        };
        let own = l
            .post_on(aud.value.as_str(), d)
            .and_then(|p| l.department_of(p))
            .is_some_and(|x| x == dep.value);
        if own {
            out.push(
                at(
                    codes::A035,
                    l.record(row.record),
                    aud.span,
                    msg!(
                        "auditor `{}` audited their own department {}",
                        "内审员 `{}` 审核了本人所在部门 {}",
                        aud.value,
                        dep.value
                    ),
                )
                .help(Msg::new(
                    "auditors must not audit their own work: assign another member of the team",
                    "内审员不应审核本人工作，请改派内审组其他成员",
                )),
            );
        }
    }
}

/// A036: a closed action's `standard_change` not shown by the system.
fn standard_change_not_shown(cx: &Cx, out: &mut Findings) {
    let l = cx.l;
    for a in &l.actions {
        let Some(change) = &a.action.standard_change else {
            continue;
        };
        let (Some(sref), Some(kind)) = (&change.standard, change.change) else {
            continue;
        };
        if l.status(&a.action) != ActionStatus::Closed {
            continue;
        }
        let raised = a.raised.unwrap_or(Date(jiff::civil::Date::MIN));
        let target = l.index.resolve(&sref.value.0);
        let shown = match (kind, target) {
            (ChangeKind::New, t) => {
                t.is_some_and(|t| l.standard(t).status().is_some_and(|s| s.is_existing()))
            }
            (_, None) => true, // A001 says it
            (ChangeKind::Revise, Some(t)) => {
                let s = l.standard(t);
                s.history
                    .iter()
                    .any(|h| h.date.is_some_and(|d| d >= raised))
                    || s.reviewed.is_some_and(|d| d >= raised)
                    || l.system.standards.iter().any(|o| {
                        o.std.published.is_some_and(|p| p >= raised)
                            && o.std
                                .supersedes
                                .iter()
                                .any(|x| l.index.resolve(&x.value.0) == Some(t))
                    })
            }
            (ChangeKind::Abolish, Some(t)) => {
                let s = l.standard(t);
                s.status().is_some_and(|st| st.is_retired())
            }
        };
        if !shown {
            let (r, span) = (l.record(a.record), sref.span);
            let (en, zh) = match kind {
                ChangeKind::Revise => (
                    "revised (no `history` entry or `reviewed` date since, and no new edition supersedes it)",
                    "修订（此后无 `history` 记录或 `reviewed` 日期，也无新版本代替）",
                ),
                ChangeKind::New => ("written and in force", "制定并实施"),
                ChangeKind::Abolish => ("abolished or superseded", "废止或被代替"),
            };
            out.push(at(codes::A036, r, span, {
                let id = a.action.id.as_ref().map_or("?", |i| i.value.as_str());
                Msg::new(
                    format!(
                        "action {id} is closed, but {} has not been {en}",
                        sref.value
                    ),
                    format!("整改措施 {id} 已关闭，但 {} 尚未{zh}", sref.value),
                )
            }));
        }
    }
}

/// A040: no review within `review_months`.
fn no_review(cx: &Cx, out: &mut Findings) {
    let l = cx.l;
    let months = cx.window().review_months;
    let any = l
        .records
        .list
        .iter()
        .any(|r| matches!(&r.record, Record::Review(x) if l.within(date(&x.date), months)));
    if !any {
        out.push(
            Diagnostic::new(codes::A040, &l.system.sys.file, cx.sys_span(&["compliance", "targets", "review_months"]), msg!(
                "no review (管理评审, improvement meeting or 标准化工作总结) in the last {} months",
                "近 {} 个月内未开展管理评审（或持续改进会、标准化工作总结）",
                months
            ))
            .help(Msg::new("hold a management review or an improvement meeting and record it as `record: review`", "请开展管理评审或持续改进会议，并登记 `record: review` 记录")),
        );
    }
}

/// A050: a substantiated complaint without an action.
fn complaint_without_action(cx: &Cx, out: &mut Findings) {
    let l = cx.l;
    for r in &l.records.list {
        let Record::Complaint(c) = &r.record else {
            continue;
        };
        if !matches!(
            c.substantiated,
            Some(Substantiated::Yes | Substantiated::Partly)
        ) || !c.actions.is_empty()
        {
            continue;
        }
        let id = c.id.as_ref().map(|i| i.value.as_str());
        let standalone = l.records.list.iter().any(|x| match &x.record {
            Record::Action(a) => a
                .source
                .as_ref()
                .and_then(|s| s.complaint.as_ref())
                .is_some_and(|s| Some(s.value.as_str()) == id),
            _ => false,
        });
        if !standalone {
            let span = c.id.as_ref().map_or(r.span, |i| i.span);
            out.push(at(
                codes::A050,
                r,
                span,
                msg!(
                    "complaint {} was substantiated but no action answers it",
                    "投诉 {} 经查属实，但未采取整改措施",
                    id.unwrap_or("?")
                ),
            ));
        }
    }
}
