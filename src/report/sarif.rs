//! `--format sarif`: SARIF 2.1.0 with one run, every rule described in `tool.driver.rules`,
//! columns counted in Unicode code points (as stdkit counts them).

use super::Style;
use crate::diag::codes::ALL as RULES;
use crate::diag::{Diagnostic, Lang, Severity};
use crate::text::uri_path as uri;
use serde::Serialize;
use serde_json::{Value, json};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn region(span: crate::yaml::Span) -> Value {
    let (line, col, end_line, end_col) = span.reported();
    json!({"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col})
}

fn location(file: &str, span: crate::yaml::Span) -> Value {
    json!({"physicalLocation": {"artifactLocation": {"uri": uri(file)}, "region": region(span)}})
}

/// `tool.driver.rules`: every rule, described in the language of the report.
fn rules(style: Style) -> Vec<Value> {
    RULES
        .iter()
        .map(|r| {
            let (short, full) = match style.lang {
                Lang::En => (r.en, crate::explain::text(r.code, Lang::En)),
                Lang::Zh => (r.zh, crate::explain::text(r.code, Lang::Zh)),
            };
            json!({
                "id": r.code,
                "name": r.code,
                "shortDescription": {"text": short},
                "fullDescription": {"text": short},
                "help": {
                    "text": full.map_or_else(|| format!("{short}. Run `stdkit explain {}`.", r.code), str::to_string),
                    "markdown": full.map_or_else(|| format!("{short}. Run `stdkit explain {}`.", r.code), str::to_string),
                },
                "defaultConfiguration": {"level": level(r.severity)},
            })
        })
        .collect()
}

/// The SARIF result of one finding.
fn result(d: &Diagnostic, style: Style) -> Value {
    let mut text = d.message.get(style.lang).to_string();
    if let Some(h) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(h.get(style.lang));
    }
    let mut v = json!({
        "ruleId": d.code,
        "ruleIndex": RULES.iter().position(|r| r.code == d.code).unwrap_or(0),
        "level": level(d.severity),
        "message": {"text": text},
        "locations": [location(&d.file, d.span)],
    });
    if !d.related.is_empty() {
        v["relatedLocations"] = d
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut l = location(&r.file, r.span);
                l["id"] = json!(i);
                l["message"] = json!({"text": r.message.get(style.lang)});
                l
            })
            .collect();
    }
    v
}

/// The document with its results made one at a time as they are written (the same bytes as
/// the whole document built as one value and pretty-printed).
#[derive(Serialize)]
struct Doc<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Value,
    column_kind: &'static str,
    results: super::Each<'a>,
}

/// Writes the SARIF document to `out`, one result at a time.
pub fn write(
    diags: &[Diagnostic],
    style: Style,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let doc = Doc {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: json!({"driver": {
                "name": "stdkit",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/stdkit/stdkit",
                "rules": rules(style),
            }}),
            column_kind: "unicodeCodePoints",
            results: super::Each {
                diags,
                style,
                value: result,
            },
        }],
    };
    super::write_pretty(&doc, out)
}

/// The whole document as one value, as it was built before it was streamed: the reference the
/// tests hold [`write`] to.
#[cfg(test)]
pub fn render_tree(diags: &[Diagnostic], style: Style) -> String {
    let results: Vec<Value> = diags.iter().map(|d| result(d, style)).collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "stdkit",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/stdkit/stdkit",
                "rules": rules(style),
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_are_percent_encoded_uris() {
        assert_eq!(
            super::uri("records/2026-记录台账.yaml"),
            "records/2026-%E8%AE%B0%E5%BD%95%E5%8F%B0%E8%B4%A6.yaml"
        );
        assert_eq!(super::uri("a b\\c#d.yaml"), "a%20b/c%23d.yaml");
    }
}
