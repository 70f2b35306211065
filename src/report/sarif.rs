//! `--format sarif`: SARIF 2.1.0 with one run, every rule described in `tool.driver.rules`,
//! columns counted in Unicode code points (as stdkit counts them).

use super::Style;
use crate::diag::codes::ALL as RULES;
use crate::diag::{Diagnostic, Lang, Severity};
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
    json!({"physicalLocation": {"artifactLocation": {"uri": file.replace('\\', "/")}, "region": region(span)}})
}

pub fn render(diags: &[Diagnostic], style: Style) -> String {
    let rules: Vec<Value> = RULES
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
        .collect();
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
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
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "stdkit",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/stdkit/stdkit",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
