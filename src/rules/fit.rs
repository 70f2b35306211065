//! Group S checks that need the model (rather than the YAML tree alone): a missing `number`,
//! the kind/field fit and placeholders (S002, S008) on each file; the shape of node codes,
//! top-level categories (S007) and catalogue ids (S002) on the system.

use super::FileCx;
use crate::diag::Findings;
use crate::diag::codes;
use crate::diag::{Diagnostic, Msg, Severity};
use crate::model::forms::file_safe;
use crate::model::kinds::kind_specific;
use crate::model::{CatalogueEntry, Kind, Status};
use crate::path;
use crate::system::{CatalogueOf, System};
use crate::yaml::{Node, Seg, Value};
use std::collections::HashSet;

/// The model-level S checks of one file.
pub fn check_file(cx: &FileCx, out: &mut Findings) {
    missing_number(cx, out);
    kind_fit(cx, out);
    placeholders(cx, out);
}

/// The model-level S checks of the system file and the catalogues.
pub fn check_system(system: &System, out: &mut Findings) {
    catalogue_id_shape(system, out);
    node_code_shape(system, out);
    top_node_without_category(system, out);
}

/// S002: blocks and fields that belong to another kind, and external's allowed statuses.
/// (Like S008, run only on a standard with a valid status, as when it lived with group D.)
fn kind_fit(cx: &FileCx, out: &mut Findings) {
    let s = cx.std;
    if s.status().is_none() {
        return;
    }
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
fn placeholders(cx: &FileCx, out: &mut Findings) {
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
    if cx.std.status().is_none() || !contains_placeholder(cx.tree) {
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

/// S002: a standard that must have a number (published, or adopted) without one.
fn missing_number(cx: &FileCx, out: &mut Findings) {
    let s = cx.std;
    let status = s.status();
    let needs_number = s.is_external() || status.is_some_and(|st| st.is_published());
    if s.number.is_none() && needs_number && !cx.was_pruned("number") {
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
}

/// S002: a catalogue id that cannot name an output file.
fn catalogue_id_shape(system: &System, out: &mut Findings) {
    let sys = &system.sys;
    catalogue_ids(&sys.posts, ("post", "岗位"), out);
    catalogue_ids(&sys.items, ("item", "事项"), out);
    catalogue_ids(&sys.assets, ("asset", "设施设备"), out);
}

fn catalogue_ids<T: CatalogueEntry>(cat: &CatalogueOf<T>, what: (&str, &str), out: &mut Findings) {
    let Some(file) = &cat.file else { return };
    let ids = cat.entries.iter().filter_map(|e| e.id());
    for id in ids {
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
}

/// S007: a node code with characters other than letters and digits.
fn node_code_shape(system: &System, out: &mut Findings) {
    let sys = &system.sys;
    for n in &sys.nodes {
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
    }
}

/// S007: a top-level node without a category. (A category that is there but invalid was
/// reported by the schema already.)
fn top_node_without_category(system: &System, out: &mut Findings) {
    let sys = &system.sys;
    let pruned: HashSet<&str> = sys.pruned.iter().map(String::as_str).collect();
    // The position of the node among the top-level nodes, as the schema numbers them.
    let mut top = 0;
    for n in &sys.nodes {
        let at = top;
        if n.parent.is_none() {
            top += 1;
        }
        if n.code.is_empty() {
            continue;
        }
        if n.parent.is_none()
            && n.category.is_none()
            && !pruned.contains(format!("structure[{at}].category").as_str())
        {
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
    }
}
