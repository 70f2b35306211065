//! `--format json`: one document, stable keys, as docs/cli.md fixes.

use super::{Style, Summary};
use crate::diag::Diagnostic;
use serde::Serialize;
use serde_json::{Value, json};

/// The JSON of one finding.
pub fn diagnostic(d: &Diagnostic, style: Style) -> Value {
    let (line, column, end_line, end_column) = d.span.reported();
    let mut v = json!({
        "code": d.code,
        "severity": d.severity.as_str(),
        "message": d.message.get(style.lang),
        "file": &*d.file,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
    });
    if let Some(h) = &d.help {
        v["help"] = json!(h.get(style.lang));
    }
    if !d.related.is_empty() {
        v["related"] = d
            .related
            .iter()
            .map(|r| {
                let (line, column, ..) = r.span.reported();
                json!({"file": &*r.file, "line": line, "column": column, "message": r.message.get(style.lang)})
            })
            .collect();
    }
    v
}

/// The document with its findings made one at a time as they are written (the same bytes as
/// the whole document built as one value and pretty-printed).
#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    tool: Value,
    summary: Value,
    diagnostics: super::Each<'a>,
}

fn summary_value(summary: Summary) -> Value {
    json!({
        "errors": summary.errors,
        "warnings": summary.warnings,
        "files": summary.files,
        "standards": summary.standards,
    })
}

/// Writes the JSON document to `out`, one finding at a time.
pub fn write(
    diags: &[Diagnostic],
    summary: Summary,
    style: Style,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let doc = Doc {
        version: 1,
        tool: json!({"name": "stdkit", "version": env!("CARGO_PKG_VERSION")}),
        summary: summary_value(summary),
        diagnostics: super::Each {
            diags,
            style,
            value: diagnostic,
        },
    };
    super::write_pretty(&doc, out)
}

/// The whole document as one value, as it was built before it was streamed: the reference the
/// tests hold [`write`] to.
#[cfg(test)]
pub fn render_tree(diags: &[Diagnostic], summary: Summary, style: Style) -> String {
    let doc = json!({
        "version": 1,
        "tool": {"name": "stdkit", "version": env!("CARGO_PKG_VERSION")},
        "summary": summary_value(summary),
        "diagnostics": diags.iter().map(|d| diagnostic(d, style)).collect::<Vec<_>>(),
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
