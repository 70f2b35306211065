//! Group D: lifecycle and dates (D001–D006).

use super::FileCx;
use crate::diag::Findings;
use crate::diag::Msg;
use crate::diag::codes;
use crate::model::Status;
use crate::path;

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
    if status.is_existing() && !s.is_external() {
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

/// D005: an adopted standard never checked for currency, or whose check is due.
fn currency_check_due(cx: &FileCx, status: Status, out: &mut Findings) {
    let s = cx.std;
    let today = cx.sys.today;
    let targets = &cx.sys.config.targets;
    if s.is_external() && !status.is_retired() {
        match s.last_checked {
            None if !cx.was_pruned("last_checked") => out.push(
                cx.diag(
                    codes::D005,
                    &path!["last_checked"],
                    Msg::new(
                        "adopted standard without `last_checked` (查新日期)",
                        "采用的外部标准缺少查新日期 `last_checked`",
                    ),
                )
                .help(Msg::new(
                    "check that this edition is current and record the date in `last_checked:`",
                    "请查新确认该版本现行有效，并在 `last_checked:` 中记录日期",
                )),
            ),
            Some(c) => {
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
                            "check whether a newer edition exists and update `last_checked:`",
                            "请查新确认是否有新版本，并更新 `last_checked:`",
                        )),
                    );
                }
            }
            None => {}
        }
    }
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
