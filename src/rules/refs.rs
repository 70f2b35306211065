//! Group R: references between standards and to the catalogues (R001–R010).

use crate::diag::Findings;
use crate::diag::codes;
use crate::diag::{Diagnostic, FileName, Msg};
use crate::index::Index;
use crate::model::{Code, Spanned, Status};
use crate::number::Number;
use crate::system::{Loaded, System};

/// R001 for a name that resolves to nothing, with the nearest name as help.
fn unresolved(file: &FileName, r: &Spanned<Code>, index: &Index, field: &str) -> Diagnostic {
    let d = Diagnostic::new(
        codes::R001,
        file,
        r.span,
        Msg::new(
            format!(
                "`{}` in `{field}` is not a standard of this system",
                r.value
            ),
            format!("`{field}` 中的 `{}` 不是本标准体系中的标准", r.value),
        ),
    );
    match index.suggest(&r.value.0) {
        Some(s) => d.help(msg!("did you mean `{}`?", "是否应为 `{}`？", s)),
        None => d.help(Msg::new(
            "an outside standard is cited by adding it to the system as `kind: external`",
            "引用外部标准时，应将其作为 `kind: external` 纳入本标准体系",
        )),
    }
}

fn name_of(l: &Loaded) -> String {
    match (l.std.id(), l.std.number()) {
        (Some(id), Some(n)) => format!("{id} ({})", crate::number::typeset(n)),
        (Some(id), None) => id.to_string(),
        (None, Some(n)) => n.to_string(),
        (None, None) => l.file.to_string(),
    }
}

/// Each standard's `references` and `supersedes` entries and its `superseded_by`, resolved
/// once for the rules that follow them.
struct Resolved {
    references: Vec<Vec<Option<usize>>>,
    supersedes: Vec<Vec<Option<usize>>>,
    superseded_by: Vec<Option<usize>>,
}

impl Resolved {
    fn new(stds: &[Loaded], index: &Index) -> Resolved {
        let all = |list: &[Spanned<Code>]| {
            list.iter()
                .map(|r| index.resolve(&r.value.0))
                .collect::<Vec<_>>()
        };
        Resolved {
            references: stds.iter().map(|l| all(&l.std.references)).collect(),
            supersedes: stds.iter().map(|l| all(&l.std.supersedes)).collect(),
            superseded_by: stds
                .iter()
                .map(|l| {
                    l.std
                        .superseded_by
                        .as_ref()
                        .and_then(|by| index.resolve(&by.value.0))
                })
                .collect(),
        }
    }

    /// The resolved references of standard `i`, with their entries.
    fn references<'a>(
        &'a self,
        stds: &'a [Loaded],
        i: usize,
    ) -> impl Iterator<Item = (&'a Spanned<Code>, usize)> + 'a {
        stds[i]
            .std
            .references
            .iter()
            .zip(&self.references[i])
            .filter_map(|(r, t)| t.map(|t| (r, t)))
    }
}

/// The reference rules, in code order.
pub fn check_system(system: &System, index: &Index, out: &mut Findings) {
    let resolved = Resolved::new(&system.standards, index);
    unresolved_name(system, index, &resolved, out);
    abolished_reference(system, &resolved, out);
    superseded_edition(system, &resolved, out);
    self_reference(system, &resolved, out);
    inconsistent_supersession(system, &resolved, out);
    unknown_post(system, index, out);
    unknown_item(system, index, out);
    unknown_asset(system, index, out);
    pipeline_reference(system, &resolved, out);
    catalogue_parent(system, index, out);
}

/// R001: a name in `references`, `supersedes` or `superseded_by` that is not a standard of
/// the system.
fn unresolved_name(system: &System, index: &Index, resolved: &Resolved, out: &mut Findings) {
    for (i, l) in system.standards.iter().enumerate() {
        let s = &l.std;
        for (field, list, targets) in [
            ("references", &s.references, &resolved.references[i]),
            ("supersedes", &s.supersedes, &resolved.supersedes[i]),
        ] {
            for (r, t) in list.iter().zip(targets) {
                if t.is_none() && !system.maybe_unreadable(r.value.as_str()) {
                    out.push(unresolved(&l.file, r, index, field));
                }
            }
        }
        if let Some(by) = &s.superseded_by
            && resolved.superseded_by[i].is_none()
            && !system.maybe_unreadable(by.value.as_str())
        {
            out.push(unresolved(&l.file, by, index, "superseded_by"));
        }
    }
}

/// R002: a reference to an abolished standard.
fn abolished_reference(system: &System, resolved: &Resolved, out: &mut Findings) {
    let stds = &system.standards;
    for (i, l) in stds.iter().enumerate() {
        let file = &l.file;
        for (r, t) in resolved.references(stds, i) {
            let target = &stds[t];
            if t != i && target.std.status() == Some(Status::Abolished) {
                out.push(
                    Diagnostic::new(
                        codes::R002,
                        file,
                        r.span,
                        Msg::new(
                            format!(
                                "this standard cites {} (`{}`), which is abolished",
                                name_of(target),
                                r.value
                            ),
                            format!("本标准引用的 {}（`{}`）已废止", name_of(target), r.value),
                        ),
                    )
                    .related(
                        &target.file,
                        target
                            .std
                            .status
                            .as_ref()
                            .map_or_else(Default::default, |s| s.span),
                        Msg::new("abolished here", "在此标记为废止"),
                    )
                    .help(Msg::new(
                        "remove the reference, or cite the standard that replaces it",
                        "请删除该引用，或改为引用替代它的标准",
                    )),
                );
            }
        }
    }
}

/// R003: a dated reference to a superseded edition.
fn superseded_edition(system: &System, resolved: &Resolved, out: &mut Findings) {
    let stds = &system.standards;
    for (i, l) in stds.iter().enumerate() {
        let file = &l.file;
        for (r, t) in resolved.references(stds, i) {
            let target = &stds[t];
            if t != i && target.std.status() == Some(Status::Superseded) && is_dated(&r.value.0) {
                let current = target
                    .std
                    .superseded_by
                    .as_ref()
                    .map(|s| s.value.to_string());
                let d = Diagnostic::new(
                    codes::R003,
                    file,
                    r.span,
                    msg!(
                        "`{}` cites an edition that is superseded",
                        "`{}` 引用的版本已被代替",
                        r.value
                    ),
                );
                out.push(match current {
                    Some(c) => d.help(msg!(
                        "cite the current edition `{}` (or the undated number)",
                        "请引用现行版本 `{}`（或不注日期引用）",
                        c
                    )),
                    None => d.help(Msg::new("cite the current edition", "请引用现行版本")),
                });
            }
        }
    }
}

/// R004: a standard that references itself.
fn self_reference(system: &System, resolved: &Resolved, out: &mut Findings) {
    let stds = &system.standards;
    for (i, l) in stds.iter().enumerate() {
        let file = &l.file;
        for (r, t) in resolved.references(stds, i) {
            if t == i {
                out.push(
                    Diagnostic::new(
                        codes::R004,
                        file,
                        r.span,
                        msg!(
                            "the standard references itself (`{}`)",
                            "标准引用了自身（`{}`）",
                            r.value
                        ),
                    )
                    .help(Msg::new(
                        "remove the entry from `references`",
                        "请从 `references` 中删除该项",
                    )),
                );
            }
        }
    }
}

/// R005: inconsistent supersession: a superseded standard not marked retired, a
/// `superseded_by` not answered by `supersedes`, and supersession cycles.
fn inconsistent_supersession(system: &System, resolved: &Resolved, out: &mut Findings) {
    superseded_still_in_force(system, resolved, out);
    replacement_does_not_list(system, resolved, out);
    supersession_cycles(&system.standards, resolved, out);
}

fn superseded_still_in_force(system: &System, resolved: &Resolved, out: &mut Findings) {
    let stds = &system.standards;
    for (i, l) in stds.iter().enumerate() {
        let file = &l.file;
        for (r, t) in l.std.supersedes.iter().zip(&resolved.supersedes[i]) {
            let Some(t) = *t else { continue };
            let target = &stds[t];
            if !target.std.status().is_some_and(Status::is_retired) && t != i {
                out.push(
                    Diagnostic::new(codes::R005, file, r.span, msg!("this standard supersedes {}, but that one is not `superseded` or `abolished`", "本标准代替 {}，但后者未标记为 `superseded` 或 `abolished`", name_of(target)))
                        .related(&target.file, target.std.status.as_ref().map_or_else(Default::default, |s| s.span), Msg::new("its status", "其状态"))
                        .help(Msg::new("set its `status: superseded` with `superseded_by` naming this standard", "请将其 `status` 设为 `superseded`，并以 `superseded_by` 指向本标准")),
                );
            }
        }
    }
}

fn replacement_does_not_list(system: &System, resolved: &Resolved, out: &mut Findings) {
    let stds = &system.standards;
    for (i, l) in stds.iter().enumerate() {
        let s = &l.std;
        let file = &l.file;
        let (Some(by), Some(t)) = (&s.superseded_by, resolved.superseded_by[i]) else {
            continue;
        };
        let target = &stds[t];
        let lists_me = resolved.supersedes[t].contains(&Some(i));
        if !lists_me {
            out.push(
                Diagnostic::new(
                    codes::R005,
                    file,
                    by.span,
                    msg!(
                        "superseded by {}, which does not list this standard in `supersedes`",
                        "被 {} 代替，但其 `supersedes` 中未列出本标准",
                        name_of(target)
                    ),
                )
                .related(
                    &target.file,
                    target
                        .std
                        .id
                        .as_ref()
                        .map_or_else(Default::default, |s| s.span),
                    Msg::new("the replacing standard", "替代标准"),
                )
                .help(msg!(
                    "add `{}` to its `supersedes`",
                    "请在其 `supersedes` 中添加 `{}`",
                    s.number().or(s.id()).unwrap_or_default()
                )),
            );
        }
    }
}

/// R006: an unknown post id (in `posts`, `work.post` or an item step).
fn unknown_post(system: &System, index: &Index, out: &mut Findings) {
    for l in &system.standards {
        let s = &l.std;
        let file = &l.file;
        let mut posts: Vec<(&Spanned<Code>, &str)> = s.posts.iter().map(|p| (p, "posts")).collect();
        if let Some(w) = &s.work {
            posts.extend(w.post.iter().map(|p| (p, "work.post")));
        }
        if let Some(it) = &s.item {
            posts.extend(
                it.steps
                    .iter()
                    .filter_map(|st| st.post.as_ref())
                    .map(|p| (p, "item.steps[].post")),
            );
        }
        for (p, field) in posts {
            if !index.posts.contains_key(p.value.as_str())
                && !crate::model::forms::is_placeholder(&p.value.0)
            {
                let d = Diagnostic::new(
                    codes::R006,
                    file,
                    p.span,
                    Msg::new(
                        format!("unknown post `{}` in `{field}`", p.value),
                        format!("`{field}` 中的岗位 `{}` 不在岗位目录中", p.value),
                    ),
                );
                out.push(match index.suggest_post(&p.value.0) {
                    Some(c) => d.help(msg!("did you mean `{}`?", "是否应为 `{}`？", c)),
                    None => d.help(Msg::new(
                        "add the post to the posts catalogue",
                        "请将该岗位添加到岗位目录",
                    )),
                });
            }
        }
    }
}

/// R007: an `item.code` that is not in the items catalogue.
fn unknown_item(system: &System, index: &Index, out: &mut Findings) {
    let has_items = system.sys.config.items.is_some();
    for l in &system.standards {
        let s = &l.std;
        let file = &l.file;
        if let Some(code) = s.item.as_ref().and_then(|it| it.code.as_ref())
            && has_items
            && !index.items.contains_key(code.value.as_str())
            && !crate::model::forms::is_placeholder(&code.value.0)
        {
            let d = Diagnostic::new(
                codes::R007,
                file,
                code.span,
                msg!(
                    "item code `{}` is not in the items catalogue",
                    "事项编码 `{}` 不在事项目录中",
                    code.value
                ),
            );
            out.push(match index.suggest_item(&code.value.0) {
                Some(c) => d.help(msg!("did you mean `{}`?", "是否应为 `{}`？", c)),
                None => d.help(Msg::new(
                    "add the item to the items catalogue",
                    "请将该事项添加到事项目录",
                )),
            });
        }
    }
}

/// R008: an unknown asset id in `management.covers`.
fn unknown_asset(system: &System, index: &Index, out: &mut Findings) {
    for l in &system.standards {
        let s = &l.std;
        let file = &l.file;
        if let Some(m) = &s.management {
            for a in &m.covers {
                if !index.assets.contains_key(a.value.as_str())
                    && !crate::model::forms::is_placeholder(&a.value.0)
                {
                    let d = Diagnostic::new(
                        codes::R008,
                        file,
                        a.span,
                        msg!(
                            "unknown asset `{}` in `management.covers`",
                            "`management.covers` 中的设施设备 `{}` 不在目录中",
                            a.value
                        ),
                    );
                    out.push(match index.suggest_asset(&a.value.0) {
                        Some(c) => d.help(msg!("did you mean `{}`?", "是否应为 `{}`？", c)),
                        None => d.help(Msg::new(
                            "add the asset to the assets catalogue",
                            "请将该设施设备添加到设施设备目录",
                        )),
                    });
                }
            }
        }
    }
}

/// R009: an existing standard that references one still in the pipeline.
fn pipeline_reference(system: &System, resolved: &Resolved, out: &mut Findings) {
    let stds = &system.standards;
    for (i, l) in stds.iter().enumerate() {
        let file = &l.file;
        if !l.std.status().is_some_and(Status::is_existing) {
            continue;
        }
        for (r, t) in resolved.references(stds, i) {
            let ts = stds[t].std.status();
            if t != i && ts.is_some_and(Status::is_pipeline) {
                out.push(
                    Diagnostic::new(
                        codes::R009,
                        file,
                        r.span,
                        msg!(
                            "`{}` is still `{}`; an existing standard should cite existing ones",
                            "`{}` 仍处于“{}”状态；现有标准不宜引用尚未发布实施的标准",
                            r.value,
                            ts.map_or("", Status::as_str)
                        ),
                    )
                    .help(Msg::new(
                        "cite it once it is in force, or cite an existing standard",
                        "请待其发布实施后再引用，或改为引用现有标准",
                    )),
                );
            }
        }
    }
}

/// A number with a year, or an id (which names one edition).
fn is_dated(name: &str) -> bool {
    Number::parse(name).is_none_or(|n| n.year.is_some())
}

/// R005 for each supersession cycle, reported once at the entry that closes it.
fn supersession_cycles(stds: &[Loaded], resolved: &Resolved, out: &mut Findings) {
    // Supersession edges: A supersedes B, with the position of the entry in A's `supersedes`.
    let edges: Vec<Vec<(usize, usize)>> = resolved
        .supersedes
        .iter()
        .map(|list| {
            list.iter()
                .enumerate()
                .filter_map(|(k, t)| t.map(|t| (t, k)))
                .collect()
        })
        .collect();
    // Iterative three-colour DFS: linear in standards + edges.
    let mut colour = vec![0u8; stds.len()];
    for start in 0..stds.len() {
        if colour[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        colour[start] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&(target, entry)) = edges[node].get(*next) {
                *next += 1;
                match colour[target] {
                    0 => {
                        colour[target] = 1;
                        stack.push((target, 0));
                    }
                    1 => {
                        let l = &stds[node];
                        let span = l
                            .std
                            .supersedes
                            .get(entry)
                            .map_or_else(Default::default, |e| e.span);
                        let cycle: Vec<String> = stack
                            .iter()
                            .skip_while(|(n, _)| *n != target)
                            .filter_map(|(n, _)| stds[*n].std.id().map(str::to_string))
                            .collect();
                        let cycle = cycle.join(" → ");
                        out.push(
                            Diagnostic::new(codes::R005, &l.file, span, msg!("supersession cycle: {} → back to the first", "代替关系成环：{} → 回到起点", cycle))
                                .help(Msg::new("a newer edition supersedes an older one, never the other way round", "应由新版本代替旧版本，不应反向或循环")),
                        );
                    }
                    _ => {}
                }
            } else {
                colour[node] = 2;
                stack.pop();
            }
        }
    }
}

/// R010: an items-catalogue `parent` that is not an id of the items catalogue, or `parent` links
/// that form a cycle (reported once, at the `parent` of the cycle's first entry in catalogue
/// order), at the `parent` value.
fn catalogue_parent(system: &System, index: &Index, out: &mut Findings) {
    let cat = &system.sys.items;
    let Some(file) = &cat.file else { return };
    let entries = &cat.entries;
    let parent_of = |i: usize| {
        entries[i]
            .parent
            .as_ref()
            .and_then(|p| index.items.get(p.value.as_str()).copied())
    };
    // 0 unvisited, 1 on the current path, 2 done.
    let mut state = vec![0u8; entries.len()];
    for (i, e) in entries.iter().enumerate() {
        let Some(p) = &e.parent else { continue };
        if !index.items.contains_key(p.value.as_str()) {
            let d = Diagnostic::new(
                codes::R010,
                file,
                p.span,
                msg!(
                    "`parent` `{}` is not an id of the items catalogue",
                    "`parent` `{}` 不是事项目录中的编号",
                    p.value
                ),
            );
            out.push(match index.suggest_item(&p.value.0) {
                Some(c) => d.help(msg!("did you mean `{}`?", "是否应为 `{}`？", c)),
                None => d.help(Msg::new(
                    "name the id of the entry this one belongs to (事项 > 子项 > 业务办理项), or remove `parent`",
                    "请填写该条目所属上级条目的编号（事项 > 子项 > 业务办理项），或删除 `parent`",
                )),
            });
        }
        if state[i] != 0 {
            continue;
        }
        // Walk up from i, marking the path; meeting the path again is a cycle.
        let mut path = Vec::new();
        let mut at = Some(i);
        while let Some(j) = at {
            match state[j] {
                0 => {
                    state[j] = 1;
                    path.push(j);
                    at = parent_of(j);
                }
                1 => {
                    let start = path.iter().position(|&k| k == j).unwrap_or(0);
                    let cycle = &path[start..];
                    let first = cycle.iter().copied().min().unwrap_or(j);
                    let ids: Vec<&str> = cycle
                        .iter()
                        .filter_map(|&k| entries[k].id.as_ref().map(|x| x.value.as_str()))
                        .collect();
                    if let Some(p) = &entries[first].parent {
                        out.push(
                            Diagnostic::new(
                                codes::R010,
                                file,
                                p.span,
                                msg!(
                                    "`parent` links form a cycle: {}",
                                    "`parent` 形成循环：{}",
                                    ids.join(" → ")
                                ),
                            )
                            .help(Msg::new(
                                "the entries form a tree (事项 > 子项 > 业务办理项): remove the `parent` that points back down",
                                "事项目录应为树形（事项 > 子项 > 业务办理项）：请删除指回下级条目的 `parent`",
                            )),
                        );
                    }
                    break;
                }
                _ => break,
            }
        }
        for k in path {
            state[k] = 2;
        }
    }
}
