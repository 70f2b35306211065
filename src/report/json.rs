//! `--format json`: one document, stable keys, as cli.md fixes.

use super::{Style, Summary};
use crate::diag::Diagnostic;
use serde_json::{Value, json};

/// The JSON of one finding.
pub fn diagnostic(d: &Diagnostic, style: Style) -> Value {
    let mut v = json!({
        "code": d.code,
        "severity": d.severity.as_str(),
        "message": d.message.get(style.lang),
        "file": &*d.file,
        "line": d.span.start.line,
        "column": d.span.start.col,
        "end_line": d.span.end.line.max(d.span.start.line),
        "end_column": if d.span.end > d.span.start { d.span.end.col } else { d.span.start.col + 1 },
    });
    if let Some(h) = &d.help {
        v["help"] = json!(h.get(style.lang));
    }
    if !d.related.is_empty() {
        v["related"] = d
            .related
            .iter()
            .map(|r| json!({"file": &*r.file, "line": r.span.start.line, "column": r.span.start.col, "message": r.message.get(style.lang)}))
            .collect();
    }
    v
}

pub fn render(diags: &[Diagnostic], summary: Summary, style: Style) -> String {
    let doc = json!({
        "version": 1,
        "tool": {"name": "stdkit", "version": env!("CARGO_PKG_VERSION")},
        "summary": {
            "errors": summary.errors,
            "warnings": summary.warnings,
            "files": summary.files,
            "standards": summary.standards,
        },
        "diagnostics": diags.iter().map(|d| diagnostic(d, style)).collect::<Vec<_>>(),
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
