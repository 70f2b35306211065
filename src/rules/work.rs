//! Groups W and M: work standards (one per post) and management standards.

use super::FileCx;
use crate::diag::{Diagnostic, Msg};
use crate::load::System;
use crate::model::Status;
use crate::path;
use std::collections::HashMap;

pub fn check_file(cx: &FileCx, out: &mut Vec<Diagnostic>) {
    if let Some(w) = &cx.std.work {
        for (field, empty, zh) in [
            ("duties", w.duties.is_empty(), "岗位职责"),
            ("work_items", w.work_items.is_empty(), "工作内容与要求"),
            ("assessment", w.assessment.is_empty(), "检查与考核"),
        ] {
            if empty && !cx.was_pruned(&format!("work.{field}")) {
                out.push(cx.soften(
                    cx.diag("W001", &path!["work", field], Msg::new(format!("work standard without `{field}` ({zh})"), format!("岗位工作标准缺少{zh} `{field}`")))
                        .help(Msg::new(format!("list at least one entry under `work.{field}`"), format!("请在 `work.{field}` 中至少列出一项"))),
                ));
            }
        }
    }
    if let Some(m) = &cx.std.management {
        for (field, empty, zh) in [
            ("duties", m.duties.is_empty(), "职责"),
            ("inspection", m.inspection.is_empty(), "检查与考核"),
            ("records", m.records.is_empty(), "记录"),
        ] {
            if empty && !cx.was_pruned(&format!("management.{field}")) {
                out.push(cx.soften(
                    cx.diag("M001", &path!["management", field], Msg::new(format!("management standard without `{field}` ({zh})"), format!("管理标准缺少{zh} `{field}`")))
                        .help(Msg::new(format!("list at least one entry under `management.{field}`"), format!("请在 `management.{field}` 中至少列出一项"))),
                ));
            }
        }
    }
}

/// W002: one existing work standard per post.
pub fn check_system(system: &System, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, l) in system.standards.iter().enumerate() {
        if !l.std.status().is_some_and(Status::is_existing) {
            continue;
        }
        let Some(post) = l.std.work.as_ref().and_then(|w| w.post.as_ref()) else { continue };
        match first.get(post.value.as_str()) {
            Some(&f) => {
                let other = &system.standards[f];
                let span = other.std.work.as_ref().and_then(|w| w.post.as_ref()).map_or_else(Default::default, |p| p.span);
                out.push(
                    Diagnostic::new("W002", &l.file, post.span, msg!("post `{}` is already defined by the existing work standard {}", "岗位 `{}` 已由现有工作标准 {} 规定", post.value, other.std.id().unwrap_or("?")))
                        .related(&other.file, span, Msg::new("defined here", "在此规定"))
                        .help(Msg::new("one post, one work standard: merge them, or supersede the older one", "一岗一标准：请合并，或以新标准代替旧标准")),
                );
            }
            None => {
                first.insert(&post.value.0, i);
            }
        }
    }
}
