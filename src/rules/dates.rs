//! Group D: lifecycle and dates (D001–D006), the kind/field fit, and placeholders (S008).

use super::FileCx;
use crate::diag::codes;
use crate::diag::{Diagnostic, Msg, Severity};
use crate::model::kinds::kind_specific;
use crate::model::{Kind, Status};
use crate::path;
use crate::yaml::{Node, Seg, Value};

pub fn check_file(cx: &FileCx, out: &mut Vec<Diagnostic>) {
    let s = cx.std;
    let Some(status) = s.status() else { return };
    let st = status.as_str();
    // D001: dates (and superseded_by) the status requires.
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
    if status == Status::Superseded {
        require("superseded_by", s.superseded_by.is_some());
    }
    // D002: order of dates.
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
    // D003: status and dates disagree with today.
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
    let targets = &cx.sys.config.targets;
    // D004: review overdue.
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
    // D005: currency check of adopted standards.
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
    // D006: scope and body from trial on.
    if status >= Status::Trial && !s.is_external() {
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
    kind_fit(cx, out);
    placeholders(cx, out);
}

/// Blocks and fields that belong to another kind (S002), and external's allowed statuses.
fn kind_fit(cx: &FileCx, out: &mut Vec<Diagnostic>) {
    let s = cx.std;
    let Some(kind) = s.kind else { return };
    let facts = kind.facts();
    let body = ["foreword", "scope", "terms", "clauses", "annexes"];
    for e in cx.tree.as_map().unwrap_or_default() {
        let k = e.key.as_str();
        let wrong = (kind_specific(k) && !facts.own_fields.contains(&k))
            || (!facts.common_body && body.contains(&k));
        if wrong {
            out.push(
                Diagnostic::new(
                    codes::S002,
                    cx.file,
                    e.key_span,
                    Msg::new(
                        format!(
                            "`{k}` does not belong in a standard of kind `{}`",
                            kind.as_str()
                        ),
                        format!("类型为 `{}` 的标准不应有 `{k}`", kind.as_str()),
                    ),
                )
                .help(Msg::new(
                    "remove it, or correct `kind`",
                    "请删除该字段，或更正 `kind`",
                )),
            );
        }
    }
    if kind == Kind::External
        && let Some(st) = &s.status
        && !matches!(
            st.value,
            Status::Published | Status::Effective | Status::Superseded | Status::Abolished
        )
    {
        out.push(
            Diagnostic::new(
                codes::S002,
                cx.file,
                st.span,
                msg!(
                    "an adopted standard cannot be `{}`",
                    "采用的外部标准的状态不能为 `{}`",
                    st.value.as_str()
                ),
            )
            .help(Msg::new(
                "use published, effective, superseded or abolished",
                "应为 published、effective、superseded 或 abolished",
            )),
        );
    }
}

/// S008: a `【待填写：…】` placeholder left by `stdkit new`; a warning while drafting, an error
/// from `trial` on.
fn placeholders(cx: &FileCx, out: &mut Vec<Diagnostic>) {
    fn walk<'a>(n: &'a Node, path: &mut Vec<Seg>, found: &mut Vec<(&'a Node, String)>) {
        match &n.value {
            Value::Scalar { text, .. } if crate::model::forms::is_placeholder(text) => {
                found.push((n, crate::yaml::path_string(path)))
            }
            Value::Map(entries) => {
                for e in entries {
                    path.push(Seg::Key(e.key.clone()));
                    walk(&e.value, path, found);
                    path.pop();
                }
            }
            Value::Seq(items) => {
                for (i, it) in items.iter().enumerate() {
                    path.push(Seg::Idx(i));
                    walk(it, path, found);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    if !contains_placeholder(cx.tree) {
        return;
    }
    let mut found = Vec::new();
    walk(cx.tree, &mut Vec::new(), &mut found);
    for (n, path) in found {
        let d = Diagnostic::new(
            codes::S008,
            cx.file,
            n.span,
            msg!(
                "`{}` still holds a placeholder",
                "`{}` 仍为待填写的占位内容",
                path
            ),
        )
        .help(Msg::new(
            "replace the placeholder with the real content",
            "请以实际内容替换占位内容",
        ));
        out.push(if cx.wip() {
            d
        } else {
            d.severity(Severity::Error)
        });
    }
}

/// A cheap scan without paths (the tree is at most 64 deep, so recursion is bounded).
fn contains_placeholder(n: &Node) -> bool {
    match &n.value {
        Value::Scalar { text, .. } => crate::model::forms::is_placeholder(text),
        Value::Map(entries) => entries.iter().any(|e| contains_placeholder(&e.value)),
        Value::Seq(items) => items.iter().any(contains_placeholder),
        Value::Null => false,
    }
}
