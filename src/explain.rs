//! `stdkit explain CODE`: what a rule catches, why, a failing and a fixed example. The texts are
//! Markdown files in `explain/<lang>/`, embedded at build time.

use crate::diag::Lang;

include!(concat!(env!("OUT_DIR"), "/explain.rs"));

/// The explanation of `code` in `lang`, if there is one.
pub fn text(code: &str, lang: Lang) -> Option<&'static str> {
    let code = code.to_ascii_uppercase();
    TEXTS
        .iter()
        .find(|(c, ..)| *c == code)
        .map(|(_, en, zh)| match lang {
            Lang::En => *en,
            Lang::Zh => *zh,
        })
}

/// The rule reference (`docs/rules.md`, `docs/zh/rules.md`): an index of every rule of the
/// registry, then each rule's `explain` page with its headings one level down. Generated, so the
/// reference, `stdkit explain` and the registry cannot disagree (a test keeps the files in step).
pub fn reference(lang: Lang) -> String {
    use crate::diag::codes::ALL;
    use std::fmt::Write as _;
    let (title, intro, head) = match lang {
        Lang::En => (
            "# Rules of `stdkit check`",
            "Every finding has one of these codes. `stdkit explain CODE` prints the same page. \
             Severities can be changed per code in `stdkit.yaml` (`rules: {G002: off}`), and a \
             standard's `allow: [CODE]` accepts a finding on that one file (see \
             [format.md](format.md)).\n\nThis page is generated from the rule registry \
             (`src/diag/codes.rs`) and `explain/en/`; do not edit it by hand.",
            ["code", "severity", "catches"],
        ),
        Lang::Zh => (
            "# `stdkit check` 规则",
            "每条检查结果都带有下列代码之一，`stdkit --lang zh explain CODE` 显示同样的说明。\
             可在 `stdkit.yaml` 中按代码调整严重程度（`rules: {G002: off}`），也可在某项标准中\
             用 `allow: [CODE]` 接受该文件上的某类结果。\n\n本页由规则注册表\
             （`src/diag/codes.rs`）和 `explain/zh/` 生成，请勿手工编辑。",
            ["代码", "严重程度", "检查内容"],
        ),
    };
    let mut out = format!("{title}\n\n{intro}\n\n");
    let _ = writeln!(
        out,
        "| {} | {} | {} |\n|---|---|---|",
        head[0], head[1], head[2]
    );
    for r in ALL {
        let summary = match lang {
            Lang::En => r.en,
            Lang::Zh => r.zh,
        };
        let _ = writeln!(
            out,
            "| [{c}](#{a}) | {} | {} |",
            r.severity.as_str(),
            crate::text::md(summary),
            c = r.code,
            a = r.code.to_ascii_lowercase()
        );
    }
    for r in ALL {
        let page = text(r.code, lang).unwrap_or("");
        out.push('\n');
        let mut in_code = false;
        for line in page.lines() {
            if line.starts_with("```") {
                in_code = !in_code;
            }
            if !in_code && line.starts_with('#') {
                out.push('#');
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}
