//! Group R: references between standards and to the catalogues (R001–R009).

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

pub fn check_system(system: &System, index: &Index, out: &mut Vec<Diagnostic>) {
    let stds = &system.standards;
    let has_items = system.sys.config.items.is_some();
    // Supersession edges (A supersedes B, with the index of the entry) for the cycle check.
    let mut edges: Vec<Vec<(usize, usize)>> = vec![Vec::new(); stds.len()];
    for (i, l) in stds.iter().enumerate() {
        let s = &l.std;
        let file = &l.file;
        let existing = s.status().is_some_and(Status::is_existing);
        for r in &s.references {
            let Some(t) = index.resolve(&r.value.0) else {
                out.push(unresolved(file, r, index, "references"));
                continue;
            };
            let target = &stds[t];
            let ts = target.std.status();
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
            } else if ts == Some(Status::Abolished) {
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
            } else if ts == Some(Status::Superseded) && is_dated(&r.value.0) {
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
            } else if existing && ts.is_some_and(Status::is_pipeline) {
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
        for (k, r) in s.supersedes.iter().enumerate() {
            let Some(t) = index.resolve(&r.value.0) else {
                out.push(unresolved(file, r, index, "supersedes"));
                continue;
            };
            edges[i].push((t, k));
            let target = &stds[t];
            if !target.std.status().is_some_and(Status::is_retired) && t != i {
                out.push(
                    Diagnostic::new(codes::R005, file, r.span, msg!("this standard supersedes {}, but that one is not `superseded` or `abolished`", "本标准代替 {}，但后者未标记为 `superseded` 或 `abolished`", name_of(target)))
                        .related(&target.file, target.std.status.as_ref().map_or_else(Default::default, |s| s.span), Msg::new("its status", "其状态"))
                        .help(Msg::new("set its `status: superseded` with `superseded_by` naming this standard", "请将其 `status` 设为 `superseded`，并以 `superseded_by` 指向本标准")),
                );
            }
        }
        if let Some(by) = &s.superseded_by {
            match index.resolve(&by.value.0) {
                None => out.push(unresolved(file, by, index, "superseded_by")),
                Some(t) => {
                    let target = &stds[t];
                    let lists_me = target
                        .std
                        .supersedes
                        .iter()
                        .any(|x| index.resolve(&x.value.0) == Some(i));
                    if !lists_me {
                        out.push(
                            Diagnostic::new(codes::R005, file, by.span, msg!("superseded by {}, which does not list this standard in `supersedes`", "被 {} 代替，但其 `supersedes` 中未列出本标准", name_of(target)))
                                .related(&target.file, target.std.id.as_ref().map_or_else(Default::default, |s| s.span), Msg::new("the replacing standard", "替代标准"))
                                .help(msg!("add `{}` to its `supersedes`", "请在其 `supersedes` 中添加 `{}`", s.number().or(s.id()).unwrap_or_default())),
                        );
                    }
                }
            }
        }
        // Posts and catalogue entries.
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
                out.push(
                    match crate::diag::did_you_mean(&p.value.0, index.posts.keys().copied()) {
                        Some(c) => d.help(msg!("did you mean `{}`?", "是否应为 `{}`？", c)),
                        None => d.help(Msg::new(
                            "add the post to the posts catalogue",
                            "请将该岗位添加到岗位目录",
                        )),
                    },
                );
            }
        }
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
            out.push(
                match crate::diag::did_you_mean(&code.value.0, index.items.keys().copied()) {
                    Some(c) => d.help(msg!("did you mean `{}`?", "是否应为 `{}`？", c)),
                    None => d.help(Msg::new(
                        "add the item to the items catalogue",
                        "请将该事项添加到事项目录",
                    )),
                },
            );
        }
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
                    out.push(
                        match crate::diag::did_you_mean(&a.value.0, index.assets.keys().copied()) {
                            Some(c) => d.help(msg!("did you mean `{}`?", "是否应为 `{}`？", c)),
                            None => d.help(Msg::new(
                                "add the asset to the assets catalogue",
                                "请将该设施设备添加到设施设备目录",
                            )),
                        },
                    );
                }
            }
        }
    }
    supersession_cycles(stds, &edges, out);
}

/// A number with a year, or an id (which names one edition).
fn is_dated(name: &str) -> bool {
    Number::parse(name).is_none_or(|n| n.year.is_some())
}

/// R005 for each supersession cycle, reported once at the entry that closes it.
fn supersession_cycles(stds: &[Loaded], edges: &[Vec<(usize, usize)>], out: &mut Vec<Diagnostic>) {
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
