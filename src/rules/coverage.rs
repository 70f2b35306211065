//! Group C: coverage (有人就有工作标准，有事就有质量标准，有物就有管理标准), from the shared
//! counting in `count`. Findings point at the catalogue entry or structure node (rules.md).

use crate::count::Counts;
use crate::diag::Findings;
use crate::diag::codes;
use crate::diag::{Diagnostic, Msg};
use crate::index::Index;
use crate::model::CatalogueEntry;
use crate::path;
use crate::system::CatalogueOf;
use crate::system::System;
use crate::text::percent;
use crate::yaml::Span;

/// The coverage rules, in code order, on one shared count.
pub fn check_system(system: &System, _index: &Index, out: &mut Findings) {
    let counts = Counts::of(&system.standards, &system.sys);
    coverage_below_target(system, &counts, out);
    blind_spot(system, &counts, out);
    // A standard file that could not be read may be the one that covers a post, an item or an
    // asset: which entries are uncovered cannot be said until it is fixed (its S finding says
    // what is wrong; one problem, one finding).
    if !system.unreadable.is_empty() {
        return;
    }
    post_without_work_standard(system, &counts, out);
    item_without_procedure(system, &counts, out);
    asset_without_management_standard(system, &counts, out);
}

/// C001: overall coverage below the target of `stdkit.yaml`.
fn coverage_below_target(system: &System, counts: &Counts, out: &mut Findings) {
    let sys = &system.sys;
    let config_span = |p: &[crate::yaml::Seg]| {
        sys.tree
            .as_ref()
            .map_or_else(Span::default, |t| t.span_at(p))
    };
    let target = sys.config.targets.coverage;
    if let Some(cov) = counts.coverage()
        && cov < target
    {
        let span = config_span(&path!["targets", "coverage"]);
        out.push(
            Diagnostic::new(codes::C001, &sys.file, span, Msg::new(
                format!("overall coverage {} is below the target {} (existing {} of required {} + {} uncovered catalogue entries)", percent(Some(cov)), percent(Some(target)), counts.overall.existing, counts.overall.required, counts.missing_catalogue()),
                format!("标准覆盖率 {} 低于目标 {}（现有 {}，应有 {}，另有 {} 个目录条目无标准）", percent(Some(cov)), percent(Some(target)), counts.overall.existing, counts.overall.required, counts.missing_catalogue()),
            ))
            .help(Msg::new("write the missing standards (see `stdkit stats` and the C002–C005 findings), or bring planned ones into force", "请补齐缺失的标准（见 `stdkit stats` 及 C002–C005），或推进待制定标准的发布实施")),
        );
    }
}

/// C002: a leaf node with no standard (blind spot).
fn blind_spot(system: &System, counts: &Counts, out: &mut Findings) {
    let sys = &system.sys;
    for (i, n) in sys.nodes.iter().enumerate() {
        // A node whose file could not be read is not known to be empty.
        let unread = system.unreadable.iter().any(|p| {
            p.file_stem()
                .and_then(|s| s.to_str())
                .and_then(|s| s.split_once('-'))
                .is_some_and(|(node, _)| node == n.code)
        });
        if n.children.is_empty() && counts.own_active[i] == 0 && !n.code.is_empty() && !unread {
            out.push(
                Diagnostic::new(
                    codes::C002,
                    &sys.file,
                    n.entry_span,
                    msg!(
                        "node {} {} has no standard (blind spot, 标准盲点)",
                        "节点 {} {} 下无标准（标准盲点）",
                        n.code,
                        n.name
                    ),
                )
                .help(Msg::new(
                    "add a standard to this node (even `status: planned`), or remove the node",
                    "请为该节点补充标准（可先列为 `status: planned`），或删除该节点",
                )),
            );
        }
    }
}

/// C003: a post without an existing work standard.
fn post_without_work_standard(system: &System, counts: &Counts, out: &mut Findings) {
    uncovered(
        codes::C003,
        &system.sys.posts,
        &counts.posts.is_covered,
        ("post", "岗位"),
        (
            "有人就有工作标准: write a work standard with `work.post` naming this post",
            "有人就有工作标准：请编写 `work.post` 为该岗位的岗位工作标准",
        ),
        out,
    );
}

/// C004: an item without an existing item procedure.
fn item_without_procedure(system: &System, counts: &Counts, out: &mut Findings) {
    uncovered(
        codes::C004,
        &system.sys.items,
        &counts.items.is_covered,
        ("item", "事项"),
        (
            "有事就有质量标准: write an item procedure with `item.code` naming this item",
            "有事就有质量标准：请编写 `item.code` 为该事项的项目办理规程",
        ),
        out,
    );
}

/// C005: an asset not covered by a management standard.
fn asset_without_management_standard(system: &System, counts: &Counts, out: &mut Findings) {
    uncovered(
        codes::C005,
        &system.sys.assets,
        &counts.assets.is_covered,
        ("asset", "设施设备"),
        (
            "有物就有管理标准: list this asset in `management.covers` of a management standard",
            "有物就有管理标准：请在管理标准的 `management.covers` 中列出该设施设备",
        ),
        out,
    );
}

/// C003–C005: a finding at each catalogue entry without an existing standard.
fn uncovered<T: CatalogueEntry>(
    code: &'static crate::diag::Rule,
    cat: &CatalogueOf<T>,
    covered: &[bool],
    what: (&str, &str),
    help: (&str, &str),
    out: &mut Findings,
) {
    let Some(file) = &cat.file else { return };
    for (entry, ok) in cat.entries.iter().zip(covered) {
        let (Some(id), false) = (entry.id(), *ok) else {
            continue;
        };
        let name = entry.name().unwrap_or("");
        out.push(
            Diagnostic::new(
                code,
                file,
                entry.span,
                Msg::new(
                    format!(
                        "{} `{}` ({name}) has no existing standard",
                        what.0, id.value
                    ),
                    format!("{} `{}`（{name}）无现有标准", what.1, id.value),
                ),
            )
            .help(Msg::new(help.0, help.1)),
        );
    }
}
