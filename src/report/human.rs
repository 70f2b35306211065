//! rustc-like output: `error[R001]: message`, `--> path:line:col`, the source line with a caret
//! underline measured in display width (CJK counts two columns), `= help:` lines, a summary.

use super::{Sources, Style, Summary};
use crate::diag::{Diagnostic, Lang, Severity};
use std::fmt::Write;
use unicode_width::UnicodeWidthChar;

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const BLUE: &str = "\x1b[1;34m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// Display width of the first `chars` characters of `line` (tabs count as 4).
fn width(line: &str, chars: usize) -> usize {
    line.chars()
        .take(chars)
        .map(|c| if c == '\t' { 4 } else { c.width().unwrap_or(0) })
        .sum()
}

/// Renders one finding.
pub fn render_one(d: &Diagnostic, sources: &mut Sources, style: Style, out: &mut String) {
    let paint = |code: &'static str| if style.color { code } else { "" };
    let reset = paint(RESET);
    let (sev_colour, sev) = match (d.severity, style.lang) {
        (Severity::Error, Lang::En) => (paint(RED), "error"),
        (Severity::Warning, Lang::En) => (paint(YELLOW), "warning"),
        (Severity::Error, Lang::Zh) => (paint(RED), "错误"),
        (Severity::Warning, Lang::Zh) => (paint(YELLOW), "警告"),
    };
    let blue = paint(BLUE);
    let bold = paint(BOLD);
    let line_no = d.span.start.line.to_string();
    let pad = " ".repeat(line_no.len());
    let _ = writeln!(
        out,
        "{sev_colour}{sev}[{}]{reset}{bold}: {}{reset}",
        d.code,
        d.message.get(style.lang)
    );
    let _ = writeln!(
        out,
        "{pad}{blue}-->{reset} {}:{}:{}",
        d.file, d.span.start.line, d.span.start.col
    );
    if let Some(src) = sources.line(&d.file, d.span.start.line) {
        let src = src.replace('\t', "    ");
        let start = d.span.start.col.saturating_sub(1) as usize;
        let end_col = if d.span.end.line == d.span.start.line && d.span.end.col > d.span.start.col {
            d.span.end.col.saturating_sub(1) as usize
        } else {
            src.chars().count().max(start + 1)
        };
        let lead = width(&src, start);
        let carets = (width(&src, end_col) - lead).max(1);
        let _ = writeln!(out, "{pad} {blue}|{reset}");
        let _ = writeln!(out, "{blue}{line_no} |{reset} {src}");
        let _ = writeln!(
            out,
            "{pad} {blue}|{reset} {}{sev_colour}{}{reset}",
            " ".repeat(lead),
            "^".repeat(carets)
        );
    }
    for r in &d.related {
        let note = if style.lang == Lang::Zh {
            "注"
        } else {
            "note"
        };
        let _ = writeln!(
            out,
            "{pad} {blue}={reset} {bold}{note}{reset}: {} ({}:{}:{})",
            r.message.get(style.lang),
            r.file,
            r.span.start.line,
            r.span.start.col
        );
    }
    if let Some(h) = &d.help {
        let help = if style.lang == Lang::Zh {
            "帮助"
        } else {
            "help"
        };
        let _ = writeln!(
            out,
            "{pad} {blue}={reset} {bold}{help}{reset}: {}",
            h.get(style.lang)
        );
    }
    out.push('\n');
}

/// Renders all findings and the summary line.
pub fn render(
    diags: &[Diagnostic],
    summary: Summary,
    sources: &mut Sources,
    style: Style,
) -> String {
    let mut out = String::new();
    for d in diags {
        render_one(d, sources, style, &mut out);
    }
    out.push_str(&summary_line(summary, style));
    out
}

/// `N errors, M warnings in K files (S standards)`.
pub fn summary_line(s: Summary, style: Style) -> String {
    let plural = |n: usize, w: &str| {
        if n == 1 {
            format!("{n} {w}")
        } else {
            format!("{n} {w}s")
        }
    };
    match style.lang {
        Lang::En => format!(
            "{}, {} in {} ({})\n",
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            plural(s.files, "file"),
            plural(s.standards, "standard")
        ),
        Lang::Zh => format!(
            "{} 个错误，{} 个警告，共 {} 个文件（{} 项标准）\n",
            s.errors, s.warnings, s.files, s.standards
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Msg;
    use crate::yaml::{Pos, Span};

    #[test]
    fn caret_under_cjk_text() {
        let mut sources = Sources::default();
        sources.insert("a.yaml", "title: 企业设立登记\nscope: 必须佩戴\n");
        let d = Diagnostic::new(
            "G001",
            &"a.yaml".into(),
            Span {
                start: Pos { line: 2, col: 8 },
                end: Pos { line: 2, col: 10 },
            },
            Msg::new("x", "x"),
        );
        let mut out = String::new();
        render_one(&d, &mut sources, Style::default(), &mut out);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[3], "2 | scope: 必须佩戴");
        // "scope: " is 7 columns; 必须 is 4 columns wide.
        assert_eq!(lines[4], "  |        ^^^^");
    }
}
