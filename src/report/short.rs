//! `--format short`: one line per finding, `file:line:col: severity[CODE]: message`, as
//! compilers print for editors and `grep`; then, unless `--quiet`, the findings counted by code
//! and the summary line. Text from the files is made terminal-safe.

use super::{Style, Summary, human};
use crate::diag::{Diagnostic, Lang, Severity};
use crate::text::terminal;
use std::collections::BTreeMap;

pub fn write(
    diags: &[Diagnostic],
    summary: Option<Summary>,
    style: Style,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut by_code: BTreeMap<&str, (usize, Severity)> = BTreeMap::new();
    for d in diags {
        let sev = match (d.severity, style.lang) {
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::En) => "warning",
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Warning, Lang::Zh) => "警告",
        };
        let (line, col, ..) = d.span.reported();
        let message = d.message.get(style.lang).replace('\n', " ");
        writeln!(
            out,
            "{}:{line}:{col}: {sev}[{}]: {}",
            terminal(&d.file),
            d.code,
            terminal(&message)
        )?;
        let e = by_code.entry(d.code).or_insert((0, d.severity));
        e.0 += 1;
        e.1 = e.1.max(d.severity);
    }
    let Some(summary) = summary else {
        return Ok(());
    };
    if !by_code.is_empty() {
        let list: Vec<String> = by_code
            .iter()
            .map(|(c, (n, _))| format!("{c} ×{n}"))
            .collect();
        let head = match style.lang {
            Lang::En => "by code",
            Lang::Zh => "按规则",
        };
        writeln!(out, "{head}: {}", list.join(", "))?;
    }
    out.write_all(human::summary_line(summary, style).as_bytes())
}
