//! Groups W and M: work standards (one per post) and management standards.

use super::FileCx;
use crate::diag::Findings;
use crate::diag::codes;
use crate::diag::{Diagnostic, Msg};
use crate::index::Index;
use crate::model::Status;
use crate::path;
use crate::system::System;
use std::collections::HashMap;

/// The work and management block rules of one file, in code order.
pub fn check_file(cx: &FileCx, out: &mut Findings) {
    empty_work_standard(cx, out);
    empty_management_standard(cx, out);
}

/// W001: a work standard with empty duties, work items or assessment.
fn empty_work_standard(cx: &FileCx, out: &mut Findings) {
    if let Some(w) = &cx.std.work {
        for (field, empty, zh) in [
            ("duties", w.duties.is_empty(), "岗位职责"),
            ("work_items", w.work_items.is_empty(), "工作内容与要求"),
            ("assessment", w.assessment.is_empty(), "检查与考核"),
        ] {
            if empty && !cx.was_pruned(&format!("work.{field}")) {
                out.push(
                    cx.soften(
                        cx.diag(
                            codes::W001,
                            &path!["work", field],
                            Msg::new(
                                format!("work standard without `{field}` ({zh})"),
                                format!("岗位工作标准缺少{zh} `{field}`"),
                            ),
                        )
                        .help(Msg::new(
                            format!("list at least one entry under `work.{field}`"),
                            format!("请在 `work.{field}` 中至少列出一项"),
                        )),
                    ),
                );
            }
        }
    }
}

/// M001: a management standard with empty duties, inspection or records.
fn empty_management_standard(cx: &FileCx, out: &mut Findings) {
    if let Some(m) = &cx.std.management {
        for (field, empty, zh) in [
            ("duties", m.duties.is_empty(), "职责"),
            ("inspection", m.inspection.is_empty(), "检查与考核"),
            ("records", m.records.is_empty(), "记录"),
        ] {
            if empty && !cx.was_pruned(&format!("management.{field}")) {
                out.push(
                    cx.soften(
                        cx.diag(
                            codes::M001,
                            &path!["management", field],
                            Msg::new(
                                format!("management standard without `{field}` ({zh})"),
                                format!("管理标准缺少{zh} `{field}`"),
                            ),
                        )
                        .help(Msg::new(
                            format!("list at least one entry under `management.{field}`"),
                            format!("请在 `management.{field}` 中至少列出一项"),
                        )),
                    ),
                );
            }
        }
    }
}

/// The system rules of group W, in code order.
pub fn check_system(system: &System, index: &Index, out: &mut Findings) {
    post_defined_twice(system, index, out);
}

/// W002: one existing work standard per post. A standard in the pipeline that defines a post
/// already defined by an existing one is reported too (as a warning), unless it `supersedes`
/// that one (a new edition on its way).
fn post_defined_twice(system: &System, index: &Index, out: &mut Findings) {
    let stds = &system.standards;
    let post_of = |i: usize| stds[i].std.work.as_ref().and_then(|w| w.post.as_ref());
    let mut existing: HashMap<&str, usize> = HashMap::new();
    for (i, l) in stds.iter().enumerate() {
        if l.std.status().is_some_and(Status::is_existing)
            && let Some(p) = post_of(i)
        {
            existing.entry(p.value.as_str()).or_insert(i);
        }
    }
    for (i, l) in stds.iter().enumerate() {
        let Some(status) = l.std.status() else {
            continue;
        };
        if status.is_retired() {
            continue;
        }
        let Some(post) = post_of(i) else { continue };
        let Some(&first) = existing.get(post.value.as_str()) else {
            continue;
        };
        // Among existing standards, the first one defines the post; the others are reported.
        if first == i {
            continue;
        }
        if l.std
            .supersedes
            .iter()
            .any(|s| index.resolve(&s.value.0) == Some(first))
        {
            continue;
        }
        let other = &stds[first];
        let span = post_of(first).map_or_else(Default::default, |p| p.span);
        let d = Diagnostic::new(
            codes::W002,
            &l.file,
            post.span,
            msg!(
                "post `{}` is already defined by the existing work standard {}",
                "岗位 `{}` 已由现有工作标准 {} 规定",
                post.value,
                other.std.id().unwrap_or("?")
            ),
        )
        .related(&other.file, span, Msg::new("defined here", "在此规定"))
        .help(Msg::new(
            "one post, one work standard: merge them, or list the older one in `supersedes`",
            "一岗一标准：请合并，或在 `supersedes` 中列出被代替的旧标准",
        ));
        out.push(if status.is_pipeline() {
            d.severity(crate::diag::Severity::Warning)
        } else {
            d
        });
    }
}
