//! Group D: lifecycle and dates (D001–D007).

use super::FileCx;
use crate::diag::Diagnostic;
use crate::diag::Findings;
use crate::diag::Msg;
use crate::diag::codes;
use crate::model::{Origin, Status};
use crate::path;
use crate::system::System;
use crate::yaml::Span;

/// The date rules, in code order, on a standard with a status.
pub fn check_file(cx: &FileCx, out: &mut Findings) {
    let Some(status) = cx.std.status() else {
        return;
    };
    missing_date(cx, status, out);
    dates_out_of_order(cx, out);
    status_contradicts_dates(cx, status, out);
    review_overdue(cx, status, out);
    currency_check_due(cx, status, out);
    no_scope_or_body(cx, status, out);
    target_year_passed(cx, status, out);
}

/// The system date rules: D005 once for the adopted standards without `last_checked`.
pub fn check_system(system: &System, out: &mut Findings) {
    currency_check_of_the_register(system, out);
}

/// Whether a standard is adopted and existing: the standards D005 watches.
fn watched(l: &crate::system::Loaded) -> bool {
    let s = &l.std;
    s.origin() == Origin::Adopted && s.status().is_some_and(Status::is_existing)
}

/// D001: a date (or `superseded_by`) that the status requires is missing; an `external`
/// requires no date, only `superseded_by` when superseded.
fn missing_date(cx: &FileCx, status: Status, out: &mut Findings) {
    let s = cx.std;
    let st = status.as_str();
    let mut require = |field: &str, present: bool| {
        if !present && !cx.was_pruned(field) {
            out.push(
                cx.diag(
                    codes::D001,
                    &path![field],
                    Msg::new(
                        format!("status `{st}` requires `{field}`"),
                        format!("状态为 `{st}` 时应填写 `{field}`"),
                    ),
                )
                .help(Msg::new(
                    format!("add `{field}:`"),
                    format!("请添加 `{field}:`"),
                )),
            );
        }
    };
    // An adopted standard's dates are optional (format.md, `kind: external`): a register
    // often lacks them, and an undated citation has none.
    if !s.is_external() {
        if status.is_published() {
            require("published", s.published.is_some());
        }
        if matches!(
            status,
            Status::Effective | Status::Revising | Status::Superseded
        ) {
            require("effective", s.effective.is_some());
        }
        if status == Status::Abolished {
            require("abolished", s.abolished.is_some());
        }
    }
    if status == Status::Superseded {
        require("superseded_by", s.superseded_by.is_some());
    }
}

/// D002: dates out of order (effective before published, abolished before effective).
fn dates_out_of_order(cx: &FileCx, out: &mut Findings) {
    effective_before_published(cx, out);
    abolished_before_effective(cx, out);
}

fn effective_before_published(cx: &FileCx, out: &mut Findings) {
    let s = cx.std;
    if let (Some(p), Some(e)) = (s.published, s.effective)
        && e < p
    {
        out.push(
            cx.diag(
                codes::D002,
                &path!["effective"],
                msg!(
                    "`effective` ({}) is earlier than `published` ({})",
                    "实施日期 {} 早于发布日期 {}",
                    e,
                    p
                ),
            )
            .help(Msg::new(
                "a standard takes effect on or after its publication",
                "标准的实施日期应不早于发布日期",
            )),
        );
    }
}

fn abolished_before_effective(cx: &FileCx, out: &mut Findings) {
    let s = cx.std;
    if let (Some(e), Some(a)) = (s.effective, s.abolished)
        && a < e
    {
        out.push(
            cx.diag(
                codes::D002,
                &path!["abolished"],
                msg!(
                    "`abolished` ({}) is earlier than `effective` ({})",
                    "废止日期 {} 早于实施日期 {}",
                    a,
                    e
                ),
            )
            .help(Msg::new("check both dates", "请核对两个日期")),
        );
    }
}

/// D003: the status disagrees with the effective date and today (effective too early,
/// published but already in force).
fn status_contradicts_dates(cx: &FileCx, status: Status, out: &mut Findings) {
    let s = cx.std;
    let today = cx.sys.today;
    if let Some(e) = s.effective {
        if status == Status::Effective && e > today {
            out.push(
                cx.diag(
                    codes::D003,
                    &path!["status"],
                    msg!(
                        "status `effective`, but it takes effect only on {} (today is {})",
                        "状态为“现行”，但实施日期 {} 尚未到（今天是 {}）",
                        e,
                        today
                    ),
                )
                .help(Msg::new(
                    "use `status: published` until the effective date",
                    "实施日期前应为 `status: published`",
                )),
            );
        } else if status == Status::Published && e <= today {
            out.push(
                cx.diag(
                    codes::D003,
                    &path!["status"],
                    msg!(
                        "status `published`, but it took effect on {} (today is {})",
                        "状态为“已发布”，但已于 {} 实施（今天是 {}）",
                        e,
                        today
                    ),
                )
                .help(Msg::new(
                    "use `status: effective`",
                    "应改为 `status: effective`",
                )),
            );
        }
    }
}

/// D004: an existing internal standard not reviewed within the review period.
fn review_overdue(cx: &FileCx, status: Status, out: &mut Findings) {
    let s = cx.std;
    let today = cx.sys.today;
    let targets = &cx.sys.config.targets;
    if status.is_existing() && !s.is_external() && s.origin() == Origin::Own {
        let (field, last) = match (s.reviewed, s.effective) {
            (Some(r), _) => ("reviewed", Some(r)),
            (None, e) => ("effective", e),
        };
        if let Some(last) = last {
            let due = last.add_months(i64::from(targets.review_years) * 12);
            if due < today {
                out.push(
                    cx.diag(
                        codes::D004,
                        &path![field],
                        {
                            let years = targets.review_years;
                            if field == "reviewed" {
                                Msg::new(
                                    format!("review overdue: last reviewed on {last}, due by {due} (every {years} years)"),
                                    format!("超期未复审：上次复审为 {last}，应于 {due} 前复审（周期 {years} 年）"),
                                )
                            } else {
                                Msg::new(
                                    format!("review overdue: in force since {last} and never reviewed, due by {due} (every {years} years)"),
                                    format!("超期未复审：自 {last} 实施以来未复审，应于 {due} 前复审（周期 {years} 年）"),
                                )
                            }
                        },
                    )
                    .help(Msg::new(
                        "review the standard and record the date in `reviewed:` (or revise it)",
                        "请复审该标准并在 `reviewed:` 中记录日期（或予以修订）",
                    )),
                );
            }
        }
    }
}

/// D005 (a): an existing adopted standard with its own `last_checked` whose later of that date
/// and `external_checked` is older than the period. (The standards without `last_checked`
/// are D005 (b), once for the system.)
fn currency_check_due(cx: &FileCx, status: Status, out: &mut Findings) {
    let s = cx.std;
    let today = cx.sys.today;
    let targets = &cx.sys.config.targets;
    if s.origin() != Origin::Adopted || !status.is_existing() {
        return;
    }
    let Some(own) = s.last_checked else { return };
    let c = own.max(cx.sys.config.external_checked.unwrap_or(own));
    let due = c.add_months(i64::from(targets.external_check_months));
    if due < today {
        out.push(
            cx.diag(
                codes::D005,
                &path!["last_checked"],
                msg!(
                    "last currency check on {}, due by {} (every {} months)",
                    "上次查新为 {}，应于 {} 前再次查新（周期 {} 个月）",
                    c,
                    due,
                    targets.external_check_months
                ),
            )
            .help(Msg::new(
                "check whether a newer edition exists and update `last_checked:` (or `external_checked:` of stdkit.yaml after checking all of them)",
                "请查新确认是否有新版本，并更新 `last_checked:`（全部查新后也可更新 stdkit.yaml 的 `external_checked:`）",
            )),
        );
    }
}

/// D005 (b): the existing adopted standards without `last_checked` count as checked on
/// `external_checked` of stdkit.yaml; one finding there when it is missing or overdue.
fn currency_check_of_the_register(system: &System, out: &mut Findings) {
    let sys = &system.sys;
    let unchecked: Vec<&str> = system
        .standards
        .iter()
        .filter(|l| watched(l) && l.std.last_checked.is_none())
        .map(|l| l.std.id().unwrap_or("?"))
        .collect();
    if unchecked.is_empty() || sys.pruned.iter().any(|p| p == "external_checked") {
        return;
    }
    let months = sys.config.targets.external_check_months;
    let n = unchecked.len();
    let mut first: String = unchecked
        .iter()
        .take(5)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if n > 5 {
        first.push_str(", …");
    }
    let span = |key: Option<&str>| {
        sys.tree.as_ref().map_or_else(Span::default, |t| match key {
            Some(k) => t.span_at(&path![k]),
            None => t
                .as_map()
                .and_then(|m| m.first().map(|e| e.key_span))
                .unwrap_or(t.span),
        })
    };
    let (span, msg) = match sys.config.external_checked {
        None => (
            span(None),
            msg!(
                "{} adopted standards have no `last_checked` and stdkit.yaml has no `external_checked` (查新日期): {}",
                "{} 项采用标准没有 `last_checked`，stdkit.yaml 也没有 `external_checked`（查新日期）：{}",
                n,
                first
            ),
        ),
        Some(c) => {
            let due = c.add_months(i64::from(months));
            if due >= sys.today {
                return;
            }
            (
                span(Some("external_checked")),
                msg!(
                    "the register's last currency check was on {}, due by {} (every {} months); {} adopted standards rely on it: {}",
                    "采用标准的上次查新为 {}，应于 {} 前再次查新（周期 {} 个月）；{} 项采用标准以此为准：{}",
                    c,
                    due,
                    months,
                    n,
                    first
                ),
            )
        }
    };
    out.push(
        Diagnostic::new(codes::D005, &sys.file, span, msg).help(Msg::new(
            "check the adopted standards for newer editions and record the date as `external_checked:` in stdkit.yaml (or `last_checked:` in a standard checked on its own)",
            "请对采用标准查新，并在 stdkit.yaml 中记录 `external_checked:`（单独查新的标准可写 `last_checked:`）",
        )),
    );
}

/// D006: an internal standard from `trial` on without its scope or its kind's body.
fn no_scope_or_body(cx: &FileCx, status: Status, out: &mut Findings) {
    if status >= Status::Trial && !cx.std.is_external() {
        no_scope(cx, status, out);
        no_body(cx, status, out);
    }
}

fn no_scope(cx: &FileCx, status: Status, out: &mut Findings) {
    let s = cx.std;
    let st = status.as_str();
    if s.scope.as_deref().is_none_or(|t| t.trim().is_empty()) && !cx.was_pruned("scope") {
        out.push(
            cx.diag(
                codes::D006,
                &path!["scope"],
                msg!(
                    "status `{}` requires `scope` (范围)",
                    "状态为 `{}` 时应有范围 `scope`",
                    st
                ),
            )
            .help(Msg::new(
                "add `scope:` stating what the standard covers and where it applies",
                "请添加 `scope:`，说明标准的内容和适用范围",
            )),
        );
    }
}

fn no_body(cx: &FileCx, status: Status, out: &mut Findings) {
    let s = cx.std;
    let st = status.as_str();
    if let Some(kind) = s.kind
        && let Some(body) = &kind.facts().body
        && !(body.present)(s)
        && !cx.was_pruned(body.field)
    {
        let field = body.field;
        out.push(
            cx.diag(
                codes::D006,
                &path![field],
                Msg::new(
                    format!(
                        "kind `{}` with status `{st}` requires `{field}`",
                        kind.as_str()
                    ),
                    format!(
                        "类型为 `{}`、状态为 `{st}` 的标准应有 `{field}`",
                        kind.as_str()
                    ),
                ),
            )
            .help(Msg::new(
                "write the body, or keep the status at `drafting` until it is written",
                "请编写正文，或在完成前保持 `drafting` 状态",
            )),
        );
    }
}

/// D007: a standard in the pipeline whose `target_year` is before this year (计划逾期).
fn target_year_passed(cx: &FileCx, status: Status, out: &mut Findings) {
    let Some(year) = cx.std.target_year else {
        return;
    };
    let now = i32::from(cx.sys.today.year());
    if status.is_pipeline() && year < now {
        out.push(
            cx.diag(
                codes::D007,
                &path!["target_year"],
                msg!(
                    "planned for {} and still `{}` in {}",
                    "预计 {0} 年完成，{2} 年仍为“{1}”",
                    year,
                    status.as_str(),
                    now
                ),
            )
            .help(Msg::new(
                "bring the standard forward, or set a new `target_year` in the plan",
                "请推进该标准的制定，或在计划中重新确定 `target_year`",
            )),
        );
    }
}
