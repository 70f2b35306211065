//! Group N: identity and numbering (N001–N009), plus the shape of node codes and catalogue ids.

use super::FileCx;
use crate::diag::codes;
use crate::diag::{Diagnostic, Msg};
use crate::index::Index;
use crate::model::forms::file_safe;
use crate::model::{CatalogueEntry, Spanned};
use crate::number::Number;
use crate::path;
use crate::system::System;
use std::collections::HashMap;

pub fn check_file(cx: &FileCx, out: &mut Vec<Diagnostic>) {
    let s = cx.std;
    if let Some(id) = &s.id {
        let ok = file_safe(&id.value.0)
            && id.value.0.split_once('-').is_some_and(|(node, seq)| {
                !node.is_empty()
                    && node.bytes().all(|b| b.is_ascii_alphanumeric())
                    && !seq.is_empty()
            });
        if id.value.0.len() > 128 {
            let n = id.value.0.len();
            out.push(
                Diagnostic::new(
                    codes::N003,
                    cx.file,
                    id.span,
                    msg!(
                        "the id is {} bytes long; ids name output files and may have at most 128",
                        "`id` 长 {} 字节；编号用作输出文件名，至多 128 字节",
                        n
                    ),
                )
                .help(Msg::new(
                    "use the node code and a short sequence, e.g. `202-001`",
                    "请使用节点代码加简短顺序号，如 `202-001`",
                )),
            );
        } else if !ok {
            out.push(
                Diagnostic::new(codes::N003, cx.file, id.span, msg!("`{}` is not an id of the form `<node code>-<sequence>`", "`{}` 不符合“<节点代码>-<顺序号>”的形式", id.value))
                    .help(Msg::new(
                        "use the node code, a hyphen and a sequence of letters, digits, `.` or `_`, e.g. `202-001`",
                        "请使用节点代码、连字符和顺序号（字母、数字、`.` 或 `_`），如 `202-001`",
                    )),
            );
        } else if let Some(node) = s.node()
            && cx.sys.node(node).is_none()
        {
            let codes = cx.sys.nodes.iter().map(|n| n.code.as_str());
            let d = Diagnostic::new(
                codes::N004,
                cx.file,
                id.span,
                msg!(
                    "node `{}` of id `{}` is not in the structure",
                    "`id` `{1}` 所属节点 `{0}` 不在体系结构中",
                    node,
                    id.value
                ),
            );
            out.push(match crate::diag::did_you_mean(node, codes) {
                Some(c) => d.help(msg!("did you mean node `{}`?", "是否应为节点 `{}`？", c)),
                None => d.help(Msg::new(
                    "add the node to `structure` in stdkit.yaml, or correct the id",
                    "请在 stdkit.yaml 的 `structure` 中添加该节点，或更正 `id`",
                )),
            });
        }
    }
    let status = s.status();
    let needs_number = s.is_external() || status.is_some_and(|st| st.is_published());
    let Some(number) = &s.number else {
        if needs_number && !cx.was_pruned("number") {
            let why = if s.is_external() {
                ("an adopted (`external`) standard", "采用的外部标准")
            } else {
                ("a published standard", "已发布的标准")
            };
            out.push(
                cx.diag(
                    codes::S002,
                    &path!["number"],
                    Msg::new(
                        format!(
                            "missing required field `number` ({} needs its number)",
                            why.0
                        ),
                        format!("缺少必填字段 `number`（{}应有标准编号）", why.1),
                    ),
                )
                .help(Msg::new(
                    "add `number:`, e.g. `Q/ZWZX 202.1—2026`",
                    "请添加 `number:`，如 `Q/ZWZX 202.1—2026`",
                )),
            );
        }
        return;
    };
    let Some(n) = Number::parse(&number.value) else {
        out.push(
            Diagnostic::new(codes::N005, cx.file, number.span, msg!("malformed standard number `{}`", "标准编号 `{}` 格式错误", number.value))
                .help(Msg::new(
                    "write it as prefix, number and year, e.g. `GB/T 32169.3—2015`, `DB34/T 1234—2019`, `Q/ZWZX 202.1—2026`",
                    "应由代号、顺序号和年代号组成，如 `GB/T 32169.3—2015`、`DB34/T 1234—2019`、`Q/ZWZX 202.1—2026`",
                )),
        );
        return;
    };
    let code = cx.sys.code();
    if !s.is_external() && !code.is_empty() && n.prefix != format!("Q/{code}") {
        out.push(
            Diagnostic::new(codes::N006, cx.file, number.span, msg!("internal standard number `{}` does not start with `Q/{}`", "企业标准编号 `{}` 未以 `Q/{}` 开头", number.value, code))
                .help(Msg::new(
                    "number internal standards `Q/<code> <node>.<n>—<year>`; an outside standard is `kind: external`",
                    "企业标准编号为 `Q/<企业代号> <节点>.<序号>—<年代号>`；外部标准应写为 `kind: external`",
                )),
        );
    }
    if let (Some(year), Some(published)) = (n.year, s.published)
        && i32::from(year) != i32::from(published.year())
    {
        out.push(
            Diagnostic::new(
                codes::N007,
                cx.file,
                number.span,
                msg!(
                    "year {} in the number differs from the year of `published` ({})",
                    "标准编号中的年代号 {} 与发布日期 {} 的年份不一致",
                    year,
                    published
                ),
            )
            .help(msg!(
                "the year of a number is the year of publication: use —{}",
                "年代号应为发布年份：—{}",
                published.year()
            )),
        );
    }
    if let Some(level) = s.level
        && level != n.level()
    {
        out.push(
            cx.diag(
                codes::N008,
                &path!["level"],
                msg!(
                    "`level: {}` contradicts the number `{}` ({})",
                    "`level: {}` 与标准编号 `{}`（{}）不一致",
                    level.as_str(),
                    number.value,
                    n.level().zh()
                ),
            )
            .help(msg!(
                "use `level: {}` or remove `level` (it defaults from the number)",
                "请改为 `level: {}`，或删除 `level`（默认按编号推定）",
                n.level().as_str()
            )),
        );
    }
}

/// Reports later occurrences of a key as duplicates of the first.
fn duplicates<'a, T>(
    items: impl Iterator<Item = (&'a Spanned<T>, &'a crate::diag::FileName)>,
    key: impl Fn(&T) -> Option<String>,
    mut report: impl FnMut(&Spanned<T>, &crate::diag::FileName, &Spanned<T>, &crate::diag::FileName),
) where
    T: 'a,
{
    let mut first: HashMap<String, (&Spanned<T>, &crate::diag::FileName)> = HashMap::new();
    for (item, file) in items {
        let Some(k) = key(&item.value) else { continue };
        match first.get(&k) {
            Some((f, ffile)) => report(item, file, f, ffile),
            None => {
                first.insert(k, (item, file));
            }
        }
    }
}

pub fn check_system(system: &System, _index: &Index, out: &mut Vec<Diagnostic>) {
    let stds = &system.standards;
    duplicates(
        stds.iter()
            .filter_map(|l| l.std.id.as_ref().map(|id| (id, &l.file))),
        |id| Some(id.0.clone()),
        |dup, file, first, ffile| {
            out.push(
                Diagnostic::new(
                    codes::N001,
                    file,
                    dup.span,
                    msg!("duplicate id `{}`", "体系表编号 `{}` 重复", dup.value),
                )
                .related(
                    ffile,
                    first.span,
                    msg!("`{}` is first used here", "`{}` 首次使用于此", first.value),
                )
                .help(Msg::new(
                    "give each standard its own id (`stdkit new` picks the next free one)",
                    "每项标准应有唯一编号（`stdkit new` 会选用下一个空闲编号）",
                )),
            )
        },
    );
    duplicates(
        stds.iter()
            .filter(|l| !l.std.status().is_some_and(|s| s.is_retired()))
            .filter_map(|l| l.std.number.as_ref().map(|n| (n, &l.file))),
        |n| Number::parse(n).map(|n| n.key()),
        |dup, file, first, ffile| {
            out.push(
                Diagnostic::new(codes::N002, file, dup.span, msg!("duplicate number `{}`", "标准编号 `{}` 重复", dup.value))
                    .related(ffile, first.span, Msg::new("also used here", "亦用于此"))
                    .help(Msg::new(
                        "two standards in force cannot share a number; mark the older edition `superseded`",
                        "现行标准不应共用编号；旧版本应标记为 `superseded`",
                    )),
            )
        },
    );
    // Structure: node codes unique and well-formed, top-level nodes with a category.
    let sys = &system.sys;
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, n) in sys.nodes.iter().enumerate() {
        if n.code.is_empty() {
            continue;
        }
        if !n.code.bytes().all(|b| b.is_ascii_alphanumeric()) {
            out.push(
                Diagnostic::new(
                    codes::S007,
                    &sys.file,
                    n.span,
                    msg!(
                        "node code `{}` may hold only letters and digits",
                        "节点代码 `{}` 只能由字母和数字组成",
                        n.code
                    ),
                )
                .help(Msg::new(
                    "a `-` in a node code would make ids ambiguous",
                    "节点代码中含 `-` 会使标准编号产生歧义",
                )),
            );
        }
        // (A category that is there but invalid was reported by the schema already.)
        let invalid = || {
            let top = sys.nodes[..i].iter().filter(|m| m.parent.is_none()).count();
            sys.pruned
                .iter()
                .any(|p| *p == format!("structure[{top}].category"))
        };
        if n.parent.is_none() && n.category.is_none() && !invalid() {
            out.push(
                Diagnostic::new(
                    codes::S007,
                    &sys.file,
                    n.span,
                    msg!(
                        "top-level node `{}` has no `category`",
                        "顶层节点 `{}` 缺少 `category`",
                        n.code
                    ),
                )
                .help(Msg::new(
                    "add `category: basic | quality | management | work`",
                    "请添加 `category: basic | quality | management | work`",
                )),
            );
        }
        match seen.get(n.code.as_str()) {
            Some(&f) => out.push(
                Diagnostic::new(
                    codes::N009,
                    &sys.file,
                    n.span,
                    msg!(
                        "duplicate node code `{}` in the structure",
                        "体系结构中节点代码 `{}` 重复",
                        n.code
                    ),
                )
                .related(
                    &sys.file,
                    sys.nodes[f].span,
                    Msg::new("first defined here", "首次定义于此"),
                )
                .help(Msg::new(
                    "give each node its own code (ids name their node by it)",
                    "每个节点应有唯一代码（标准编号以节点代码开头）",
                )),
            ),
            None => {
                seen.insert(&n.code, i);
            }
        }
    }
    catalogue_ids(&sys.posts, ("post", "岗位"), out);
    catalogue_ids(&sys.items, ("item", "事项"), out);
    catalogue_ids(&sys.assets, ("asset", "设施设备"), out);
}

fn catalogue_ids<T: CatalogueEntry>(
    cat: &crate::system::CatalogueOf<T>,
    what: (&str, &str),
    out: &mut Vec<Diagnostic>,
) {
    let Some(file) = &cat.file else { return };
    let ids = cat
        .entries
        .iter()
        .filter_map(|e| e.id().map(|id| (id, file)));
    for (id, _) in ids.clone() {
        if !file_safe(&id.value.0) {
            out.push(
                Diagnostic::new(
                    codes::S002,
                    file,
                    id.span,
                    Msg::new(
                        format!(
                            "{} id `{}` may hold only letters, digits, `.`, `_` and `-`",
                            what.0, id.value
                        ),
                        format!(
                            "{}编号 `{}` 只能由字母、数字、`.`、`_` 和 `-` 组成",
                            what.1, id.value
                        ),
                    ),
                )
                .help(Msg::new(
                    "ids name output files (html/posts/<id>.html)",
                    "编号用作输出文件名（html/posts/<id>.html）",
                )),
            );
        }
    }
    duplicates(
        ids,
        |id| Some(id.0.clone()),
        |dup, file, first, ffile| {
            out.push(
                Diagnostic::new(
                    codes::N009,
                    file,
                    dup.span,
                    Msg::new(
                        format!("duplicate {} id `{}`", what.0, dup.value),
                        format!("{}编号 `{}` 重复", what.1, dup.value),
                    ),
                )
                .related(
                    ffile,
                    first.span,
                    Msg::new("first defined here", "首次定义于此"),
                )
                .help(Msg::new(
                    "give each entry its own id: standards and coverage refer to it",
                    "每个目录条目应有唯一编号：标准和覆盖率统计都引用该编号",
                )),
            )
        },
    );
}
