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

/// The work and management block rules of one file, in code order. W001, W003 and M001 are not
/// reported for `layout: free` (rules.md): such a standard keeps its own text in `clauses`.
pub fn check_file(cx: &FileCx, out: &mut Findings) {
    if free_layout(cx) {
        return;
    }
    empty_work_standard(cx, out);
    flat_work_standard(cx, out);
    empty_management_standard(cx, out);
}

/// Whether the standard says `layout: free` (format.md): the one place these rules consult it.
pub fn free_layout(cx: &FileCx) -> bool {
    cx.std.layout() == crate::model::Layout::Free
}

/// W001: a work standard with empty duties (岗位职责). `duties` alone is the flat form and
/// valid; the parts it lacks are W003.
fn empty_work_standard(cx: &FileCx, out: &mut Findings) {
    if let Some(w) = &cx.std.work
        && w.duties.is_empty()
        && !cx.was_pruned("work.duties")
    {
        out.push(
            cx.soften(
                cx.diag(
                    codes::W001,
                    &path!["work", "duties"],
                    Msg::new(
                        "work standard without `duties` (岗位职责)",
                        "岗位工作标准缺少岗位职责 `duties`",
                    ),
                )
                .help(Msg::new(
                    "list at least one entry under `work.duties` (a numbered 岗位职责 list: one string per item)",
                    "请在 `work.duties` 中至少列出一项（编号的岗位职责清单：每项一条）",
                )),
            ),
        );
    }
}

/// W003: a work standard without `work_items` or without `assessment` (the flat form): one
/// finding naming the parts it lacks, where the first of them belongs (for a missing field, the
/// key of the block).
fn flat_work_standard(cx: &FileCx, out: &mut Findings) {
    let Some(w) = &cx.std.work else { return };
    let missing: Vec<(&str, &str)> = [
        ("work_items", w.work_items.is_empty(), "工作内容与要求"),
        ("assessment", w.assessment.is_empty(), "检查与考核"),
    ]
    .into_iter()
    .filter(|(field, empty, _)| *empty && !cx.was_pruned(&format!("work.{field}")))
    .map(|(field, _, zh)| (field, zh))
    .collect();
    if missing.is_empty() {
        return;
    }
    let en: Vec<String> = missing.iter().map(|(f, _)| format!("`{f}`")).collect();
    let zh: Vec<String> = missing.iter().map(|(f, z)| format!("{z} `{f}`")).collect();
    out.push(
        cx.soften(
            cx.diag(
                codes::W003,
                &path!["work", missing[0].0],
                Msg::new(
                    format!(
                        "work standard without {} (a complete one says how, how well and who assesses)",
                        en.join(" or ")
                    ),
                    format!(
                        "岗位工作标准缺少{}（完整的工作标准应写明怎么做、做到什么程度和由谁考核）",
                        zh.join("、")
                    ),
                ),
            )
            .help(Msg::new(
                "add the missing parts, or turn W003 off (`rules: {W003: off}`) for a system of flat post-duty documents",
                "请补充缺少的部分；以编号岗位职责清单为主的体系可关闭 W003（`rules: {W003: off}`）",
            )),
        ),
    );
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
