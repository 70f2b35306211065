//! `--format github`: one workflow command per finding, escaped as GitHub's toolkit
//! (@actions/core `command.ts`) escapes data and properties.

use super::Style;
use crate::diag::{Diagnostic, Severity};

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

/// Writes one workflow command a line. Every value is escaped, so a line break in a message or a
/// file name cannot end the command and start another.
pub fn write(
    diags: &[Diagnostic],
    style: Style,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
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
        writeln!(
            out,
            "::{cmd} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
            escape_property(&d.file),
            escape_property(d.code),
            escape_data(&message)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_actions_core() {
        assert_eq!(escape_data("a%b\r\nc"), "a%25b%0D%0Ac");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(escape_property("a\r\n:"), "a%0D%0A%3A");
    }

    #[test]
    fn a_line_break_never_starts_another_command() {
        use crate::diag::{Msg, codes};
        use crate::yaml::{Pos, Span};
        let file: crate::diag::FileName = "x\n::error file=y.yaml::z\r\n::warning::w.yaml".into();
        let hostile = "a\n::error::injected\r::warning::b\r\n%0A::debug::c\u{2028}d\u{85}e";
        let span = Span {
            start: Pos { line: 1, col: 1 },
            end: Pos { line: 1, col: 2 },
        };
        let d = Diagnostic::new(codes::R001, &file, span, Msg::new(hostile, hostile))
            .help(Msg::new(hostile, hostile))
            .related(&file, span, Msg::new(hostile, hostile));
        for lang in [crate::diag::Lang::En, crate::diag::Lang::Zh] {
            let mut out = Vec::new();
            write(
                std::slice::from_ref(&d),
                Style { lang, color: false },
                &mut out,
            )
            .unwrap();
            let out = String::from_utf8(out).unwrap();
            // One line, ended by the only line break; nothing a runner reads as a line break.
            assert_eq!(out.matches('\n').count(), 1, "{out}");
            assert!(out.ends_with('\n') && !out.contains('\r'), "{out}");
            assert!(out.starts_with("::error file=x%0A%3A%3Aerror file=y.yaml%3A%3Az%0D%0A"));
            // The message's own `%0A` is escaped, so it is not read back as a line break.
            assert!(
                out.contains("a%0A::error::injected%0D::warning::b%0D%0A%250A::debug"),
                "{out}"
            );
        }
    }
}
