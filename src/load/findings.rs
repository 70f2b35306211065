//! Group S: syntax and schema problems turned into findings.

use crate::diag::Findings;
use crate::diag::codes;
use crate::diag::{Diagnostic, FileName, Msg, Severity};
use crate::model::kinds::is_block;
use crate::model::{Code, Kind, Spanned, Standard, Status};
use crate::schema::{Problem, SchemaError, type_label};
use crate::yaml::{Node, ParseError, ParseProblem, Seg};

/// A key written with a full-width colon (`title：…`, as a Chinese input method types it) on a
/// line at or before `line`: the line, the column of the `：`, and the key. The parser only
/// notices on a later line, with a message a typist cannot act on.
pub fn fullwidth_colon(text: &str, line: u32) -> Option<(u32, u32, String)> {
    let mut found = None;
    for (i, l) in crate::yaml::lines(text).enumerate() {
        let n = i as u32 + 1;
        if n > line {
            break;
        }
        let body = l.trim_start();
        let body = body.strip_prefix("- ").unwrap_or(body);
        if body.starts_with('#') {
            continue;
        }
        let Some(at) = body.find('：') else { continue };
        let key = &body[..at];
        let is_key = !key.is_empty()
            && !key.contains([':', ' ', '"', '\'', '#'])
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if is_key {
            let col = l[..l.len() - body.len()].chars().count() + key.chars().count() + 1;
            found = Some((n, col as u32, key.to_string()));
        }
    }
    // The parser trips on the line after the colon, or a little later: a `：` further up is prose.
    found.filter(|(n, ..)| line.saturating_sub(*n) <= 3)
}

/// Findings of the parser (S001, S004, S006, S002 for complex keys). With the file's text, a
/// syntax error caused by a full-width colon is reported at that colon.
pub fn parse_errors(file: &FileName, errors: &[ParseError], text: &str, out: &mut Findings) {
    for e in errors {
        if e.problem == ParseProblem::Syntax
            && let Some((line, col, key)) = fullwidth_colon(text, e.span.start.line)
        {
            let at = crate::yaml::Pos { line, col };
            out.push(
                Diagnostic::new(
                    codes::S001,
                    file,
                    crate::yaml::Span {
                        start: at,
                        end: crate::yaml::Pos { line, col: col + 1 },
                    },
                    msg!(
                        "full-width colon `：` after `{}`: YAML needs an ASCII colon and a space (`{}: …`)",
                        "`{}` 后面是全角冒号“：”：YAML 要求半角冒号加空格（`{}: …`）",
                        key,
                        key
                    ),
                )
                .help(Msg::new(
                    "replace `：` by `: ` (switch the input method to half-width punctuation)",
                    "请把“：”改为半角冒号和空格“: ”（可把输入法切换为半角标点）",
                )),
            );
            continue;
        }
        let d = match &e.problem {
            ParseProblem::Syntax => Diagnostic::new(
                codes::S001,
                file,
                e.span,
                msg!("YAML syntax error: {}", "YAML 语法错误：{}", e.detail),
            )
            .help(Msg::new(
                "check indentation (spaces, not tabs), quotes and the `key: value` form around this place",
                "请检查此处附近的缩进（用空格而非制表符）、引号及“键: 值”格式",
            )),
            ParseProblem::DuplicateKey { key, first } => Diagnostic::new(
                codes::S004,
                file,
                e.span,
                msg!("duplicate key `{}`", "键 `{}` 重复", key),
            )
            .related(file, *first, Msg::new("first defined here", "首次定义于此"))
            .help(Msg::new("remove one of the two entries; only the first is read", "删除其中一项；仅读取第一项")),
            ParseProblem::TooDeep => Diagnostic::new(
                codes::S006,
                file,
                e.span,
                msg!(
                    "nesting deeper than {} levels",
                    "嵌套层次超过 {} 级",
                    crate::yaml::MAX_DEPTH
                ),
            ),
            ParseProblem::AliasBudget => Diagnostic::new(
                codes::S006,
                file,
                e.span,
                msg!("{}", "YAML 别名展开超出安全上限（{}）", e.detail),
            )
            .help(Msg::new("write the values out instead of using anchors and aliases", "请直接写出取值，不要使用锚点和别名")),
            ParseProblem::TooManyNodes(limit) => Diagnostic::new(
                codes::S006,
                file,
                e.span,
                msg!(
                    "more than {} values in one file; not read",
                    "单个文件中的取值超过 {} 个，未读取",
                    limit
                ),
            )
            .help(Msg::new("split the file, or move long lists into a catalogue", "请拆分文件，或把长列表移入目录文件")),
            ParseProblem::ComplexKey => Diagnostic::new(
                codes::S002,
                file,
                e.span,
                Msg::new("a mapping key must be plain text", "映射的键应为纯文本"),
            ),
        };
        out.push(d);
    }
}

/// Findings of the schema (S002, S003). Missing fields of a kind's block on a standard still
/// in the pipeline are warnings (docs/format.md).
pub fn schema_errors(file: &FileName, errors: &[SchemaError], wip: bool, out: &mut Findings) {
    for e in errors {
        let path = crate::yaml::path_string(&e.path);
        let d = match &e.problem {
            Problem::Missing { field } => {
                let in_block = matches!(e.path.first(), Some(Seg::Key(k)) if is_block(k));
                let d = Diagnostic::new(
                    codes::S002,
                    file,
                    e.span,
                    msg!("missing required field `{}`", "缺少必填字段 `{}`", path),
                )
                .help(msg!("add `{}:`", "请添加 `{}:`", field));
                if in_block && wip {
                    d.severity(Severity::Warning)
                } else {
                    d
                }
            }
            Problem::Unknown {
                suggestion, known, ..
            } => {
                let d = Diagnostic::new(
                    codes::S003,
                    file,
                    e.span,
                    msg!("unknown field `{}`", "未知字段 `{}`", path),
                );
                match suggestion {
                    Some(s) => d.help(msg!("did you mean `{}`?", "是否应为 `{}`？", s)),
                    None => {
                        let list = known.join(", ");
                        d.help(msg!("known fields here: {}", "此处可用的字段：{}", list))
                    }
                }
            }
            Problem::WrongType { expected, found } => {
                let en: Vec<&str> = expected.iter().map(|t| type_label(t).0).collect();
                let zh: Vec<&str> = expected.iter().map(|t| type_label(t).1).collect();
                Diagnostic::new(
                    codes::S002,
                    file,
                    e.span,
                    Msg::new(
                        format!("`{path}` should be {}, found {}", en.join(" or "), found.0),
                        format!("`{path}` 应为{}，实际为{}", zh.join("或"), found.1),
                    ),
                )
            }
            Problem::NotAllowed {
                value,
                allowed,
                label,
            } => {
                let list = allowed.join(", ");
                let d = Diagnostic::new(
                    codes::S002,
                    file,
                    e.span,
                    msg!(
                        "`{}` is not an allowed value of `{}`",
                        "`{}` 不是 `{}` 的允许取值",
                        value,
                        path
                    ),
                );
                if let Some((v, l)) = label {
                    d.help(msg!(
                        "did you mean `{}` ({})? Values are written in English (allowed: {})",
                        "是否应为 `{}`（{}）？取值须用英文（允许取值：{}）",
                        v,
                        l,
                        list
                    ))
                } else {
                    match crate::diag::did_you_mean(value, allowed.iter().map(String::as_str)) {
                        Some(s) => d.help(msg!(
                            "did you mean `{}`? (allowed: {})",
                            "是否应为 `{}`？（允许取值：{}）",
                            s,
                            list
                        )),
                        None => d.help(msg!("allowed: {}", "允许取值：{}", list)),
                    }
                }
            }
            Problem::BadDate { value } => Diagnostic::new(
                codes::S002,
                file,
                e.span,
                msg!("`{}` is not a valid date", "`{}` 不是有效日期", value),
            )
            .help(Msg::new(
                "write dates as YYYY-MM-DD, e.g. 2026-03-01",
                "日期格式为 YYYY-MM-DD，如 2026-03-01",
            )),
            Problem::Blank { field } => Diagnostic::new(
                codes::S002,
                file,
                e.span,
                msg!("`{}` is blank", "`{}` 为空白", path),
            )
            .help(msg!(
                "`{}` is required: write what it says",
                "`{}` 为必填项，请填写内容",
                field
            )),
            // Counted with the S002 findings left out: the summary of the per-file cap says it.
            Problem::TooMany { more } => {
                out.add_dropped(file.clone(), codes::S002.code, *more, Severity::Error);
                continue;
            }
            Problem::TooFew { min } => Diagnostic::new(
                codes::S002,
                file,
                e.span,
                msg!(
                    "`{}` needs at least {} entry",
                    "`{}` 至少应有 {} 项",
                    path,
                    min
                ),
            ),
            Problem::BadNumber { value, why } => Diagnostic::new(
                codes::S002,
                file,
                e.span,
                Msg::new(
                    format!("`{path}`: {value} is {}", why.0),
                    format!("`{path}`：{value} {}", why.1),
                ),
            ),
        };
        out.push(d);
    }
}

/// A model error the schema did not foresee (should not happen; reported, never a panic).
pub fn de_error(file: &FileName, tree: &Node, e: &crate::de::Error) -> Diagnostic {
    Diagnostic::new(
        codes::S002,
        file,
        e.span.unwrap_or(tree.span),
        msg!("cannot read the file: {}", "无法读取文件：{}", e.message),
    )
}

/// What can be read of a standard whose model could not be read: its identity, so that
/// references to it do not cascade into R001.
pub fn identity(tree: &Node) -> Standard {
    let text = |k: &str| {
        tree.get(k).and_then(|n| {
            n.as_str().map(|s| Spanned {
                span: n.span,
                value: s.to_string(),
            })
        })
    };
    let status = tree.get("status").and_then(|n| {
        let s = n.as_str()?;
        Status::ALL
            .iter()
            .find(|x| x.as_str() == s)
            .map(|s| Spanned {
                span: n.span,
                value: *s,
            })
    });
    let kind = tree.get("kind").and_then(Node::as_str).and_then(|k| {
        serde_json::from_value::<Kind>(serde_json::Value::String(k.to_string())).ok()
    });
    Standard {
        id: text("id").map(|s| Spanned {
            span: s.span,
            value: Code(s.value),
        }),
        title: text("title").map(|s| s.value),
        number: text("number"),
        status,
        kind,
        ..Standard::default()
    }
}

#[cfg(test)]
mod fullwidth_tests {
    use super::fullwidth_colon;

    #[test]
    fn a_key_with_a_fullwidth_colon_is_found_near_the_error_only() {
        let text = "id: x\ntitle：窗口\nkind: service\n";
        assert_eq!(fullwidth_colon(text, 3), Some((2, 6, "title".into())));
        // In a list entry, indented.
        assert_eq!(
            fullwidth_colon("steps:\n  - name：受理\n", 2),
            Some((2, 9, "name".into()))
        );
        // Prose with a `：`, and a colon far above the error, are not it.
        assert_eq!(fullwidth_colon("note: |\n  说明：见附件\nx\n", 3), None);
        assert_eq!(fullwidth_colon("a：b\n\n\n\n\nbad\n", 6), None);
    }
}
