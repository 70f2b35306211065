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
    let body = [
        "foreword",
        "introduction",
        "scope",
        "terms",
        "clauses",
        "annexes",
        "bibliography",
        "drafting_rule",
        "self_reference",
        "toc",
        "index",
    ];
    // `adoption` and `last_checked` also belong to a standard of another kind adopted with
    // its text (`origin: adopted`); `layout` to the kinds with generated chapters.
    let adopted_field = |k: &str| {
        matches!(k, "adoption" | "last_checked") && s.origin() == crate::model::Origin::Adopted
    };
    let layout_ok = matches!(kind, Kind::Item | Kind::Work | Kind::Management);
    for e in cx.tree.as_map().unwrap_or_default() {
        let k = e.key.as_str();
        let wrong = (kind_specific(k) && !facts.own_fields.contains(&k) && !adopted_field(k))
            || (!facts.common_body && body.contains(&k))
            || (k == "layout" && !layout_ok);
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
    if s.is_external()
        && s.number.is_none()
        && s.doc_number.is_none()
        && !cx.was_pruned("number")
        && !cx.was_pruned("doc_number")
    {
        out.push(
            cx.diag(
                codes::S002,
                &path!["number"],
                Msg::new(
                    "missing required field `number` (an adopted `external` standard needs its `number`, or its 文号 as `doc_number`)",
                    "缺少必填字段 `number`（采用的外部标准应有标准编号 `number`，或以 `doc_number` 填写文号）",
                ),
            )
            .help(Msg::new(
                "add `number:`, e.g. `GB/T 32169.3—2015`, or for a document without a standard number `doc_number:` (`青政务〔2023〕22号`)",
                "请添加 `number:`，如 `GB/T 32169.3—2015`；无标准编号的文件请添加 `doc_number:`（如 `青政务〔2023〕22号`）",
            )),
        );
    }
    drafting_rule_value(cx, out);
}

/// S002: a `drafting_rule` that is no edition of GB/T 1.1 stdkit knows.
fn drafting_rule_value(cx: &FileCx, out: &mut Findings) {
    let Some(d) = &cx.std.drafting_rule else {
        return;
    };
    if crate::model::DraftingRule::parse(&d.value.0).is_none() {
        out.push(
            Diagnostic::new(
                codes::S002,
                cx.file,
                d.span,
                msg!(
                    "`{}` is not an allowed value of `drafting_rule`",
                    "`{}` 不是 `drafting_rule` 的允许取值",
                    d.value.0
                ),
            )
            .help(Msg::new(
                "allowed: GB/T 1.1—2020 (the default), GB/T 1.1—2009, none (any dash)",
                "允许取值：GB/T 1.1—2020（默认）、GB/T 1.1—2009、none（连接号不限）",
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
