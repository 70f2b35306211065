//! `--format github`: one workflow command per finding, escaped as GitHub's toolkit
//! (@actions/core `command.ts`) escapes data and properties.

use super::Style;
use crate::diag::{Diagnostic, Severity};
use std::fmt::Write;

/// Escapes a command's message (`escapeData`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`escapeProperty`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(diags: &[Diagnostic], style: Style) -> String {
    let mut out = String::new();
    for d in diags {
        let cmd = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.message.get(style.lang).to_string();
        if let Some(h) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(h.get(style.lang));
        }
        let (line, col, end_line, end_col) = d.span.reported();
        let _ = writeln!(
            out,
            "::{cmd} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
            escape_property(&d.file),
            escape_property(d.code),
            escape_data(&message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_actions_core() {
        assert_eq!(escape_data("a%b\r\nc"), "a%25b%0D%0Ac");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
