//! rustc-like output: `error[R001]: message`, `--> path:line:col`, the source line with a caret
//! underline measured in display width (CJK counts two columns), `= help:` lines, a summary.

use super::{Sources, Style, Summary};
use crate::diag::{Diagnostic, Lang, Severity, codes};
use crate::text::terminal as clean;
use std::fmt::Write;
use unicode_width::UnicodeWidthChar;

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const BLUE: &str = "\x1b[1;34m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

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
        clean(d.message.get(style.lang))
    );
    let _ = writeln!(
        out,
        "{pad}{blue}-->{reset} {}:{}:{}",
        clean(&d.file),
        d.span.start.line,
        d.span.start.col
    );
    // S005 and S006 are about files that could not be read or are not safe to read (a link to
    // a device or a FIFO, invalid bytes, a huge file): no excerpt, so the report never opens
    // them again.
    let excerpt_of = if no_excerpt(d.code) {
        None
    } else {
        sources.chars(&d.file, d.span.start.line)
    };
    if let Some((header, text)) = &d.cell {
        // An export's cell: its header and its text, never the row.
        let _ = writeln!(out, "{pad} {blue}|{reset}");
        let _ = writeln!(
            out,
            "{pad} {blue}|{reset} {}: {sev_colour}{}{reset}",
            clean(header),
            clean(text)
        );
    } else if let Some(src) = excerpt_of {
        let (shown, lead, carets) = excerpt(&src, d.span);
        let _ = writeln!(out, "{pad} {blue}|{reset}");
        let _ = writeln!(out, "{blue}{line_no} |{reset} {shown}");
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
            clean(r.message.get(style.lang)),
            clean(&r.file),
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
            clean(h.get(style.lang))
        );
    }
    out.push('\n');
}

/// Whether findings of this rule are shown without a source line.
fn no_excerpt(code: &str) -> bool {
    code == codes::S005.code || code == codes::S006.code
}

/// Lines wider than this are cut around the finding, as compilers do.
const MAX_WIDTH: usize = 160;

/// The source line as shown (tabs expanded, control characters replaced, cut around the span
/// when long), the display width before the span, and the width of the underline.
fn excerpt(chars: &[char], span: crate::yaml::Span) -> (String, usize, usize) {
    let w = |c: char| if c == '\t' { 4 } else { c.width().unwrap_or(0) };
    let start = (span.start.col.saturating_sub(1) as usize).min(chars.len());
    let end = if span.end.line == span.start.line && span.end.col > span.start.col {
        (span.end.col.saturating_sub(1) as usize).min(chars.len())
    } else {
        chars.len()
    }
    .max(start + 1);
    // Wider than the limit? Counting stops as soon as it is (a long line is not measured whole).
    let mut total = 0;
    let short = chars.iter().all(|c| {
        total += w(*c);
        total <= MAX_WIDTH
    });
    let (from, to) = if short {
        (0, chars.len())
    } else {
        // Keep some context before the span and fill the rest of the width after it.
        let mut from = start;
        let mut before = 0;
        while from > 0 && before + w(chars[from - 1]) <= MAX_WIDTH / 4 {
            from -= 1;
            before += w(chars[from]);
        }
        let mut to = start;
        let mut width = before;
        while to < chars.len() && width + w(chars[to]) <= MAX_WIDTH {
            width += w(chars[to]);
            to += 1;
        }
        (from, to)
    };
    let mut shown = String::new();
    if from > 0 {
        shown.push('…');
    }
    for &c in &chars[from..to] {
        match c {
            '\t' => shown.push_str("    "),
            c if crate::text::terminal_unsafe(c) => shown.push('\u{FFFD}'),
            c => shown.push(c),
        }
    }
    if to < chars.len() {
        shown.push('…');
    }
    let lead = usize::from(from > 0)
        + chars[from..start.min(to)]
            .iter()
            .map(|c| w(*c).max(1))
            .sum::<usize>();
    let carets = chars[start.min(to)..end.min(to)]
        .iter()
        .map(|c| w(*c).max(1))
        .sum::<usize>()
        .max(1);
    (shown, lead, carets)
}

/// Writes every finding, then the summary line (unless `None`, as with `--quiet`).
pub fn write(
    diags: &[Diagnostic],
    summary: Option<Summary>,
    sources: &mut Sources,
    style: Style,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut text = String::new();
    for d in diags {
        text.clear();
        render_one(d, sources, style, &mut text);
        out.write_all(text.as_bytes())?;
    }
    if let Some(summary) = summary {
        out.write_all(summary_line(summary, style).as_bytes())?;
    }
    Ok(())
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
    let p = crate::text::percent;
    match style.lang {
        Lang::En => {
            let mut line = format!(
                "{}, {} in {} ({})\n",
                plural(s.errors, "error"),
                plural(s.warnings, "warning"),
                plural(s.files, "file"),
                plural(s.standards, "standard")
            );
            if let Some([t, i]) = s.rates {
                line.push_str(&format!(
                    "implementation: 全员参训率 {}, 贯彻实施率 {} (details: `stdkit stats`)\n",
                    p(t),
                    p(i)
                ));
            }
            line
        }
        Lang::Zh => {
            let mut line = format!(
                "{} 个错误，{} 个警告，共 {} 个文件（{} 项标准）\n",
                s.errors, s.warnings, s.files, s.standards
            );
            if let Some([t, i]) = s.rates {
                line.push_str(&format!(
                    "标准实施：全员参训率 {}，标准贯彻实施率 {}（详见 `stdkit stats`）\n",
                    p(t),
                    p(i)
                ));
            }
            line
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Msg;
    use crate::yaml::{Pos, Span};

    #[test]
    fn long_lines_are_cut_around_the_span_and_controls_replaced() {
        let line = format!("{}目标{}", "a".repeat(5000), "b".repeat(5000));
        let span = Span {
            start: Pos { line: 1, col: 5001 },
            end: Pos { line: 1, col: 5003 },
        };
        let chars: Vec<char> = line.chars().collect();
        let (shown, lead, carets) = excerpt(&chars, span);
        assert!(shown.starts_with('…') && shown.ends_with('…') && shown.chars().count() < 200);
        assert_eq!(carets, 4);
        let before: String = shown.chars().take_while(|c| *c != '目').collect();
        assert_eq!(lead, before.chars().count());
        assert_eq!(clean("a\u{1b}]0;x\u{7}b"), "a\u{FFFD}]0;x\u{FFFD}b");
    }

    #[test]
    fn caret_under_cjk_text() {
        let mut sources = Sources::default();
        sources.insert("a.yaml", "title: 企业设立登记\nscope: 必须佩戴\n");
        let d = Diagnostic::new(
            codes::G001,
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

    #[test]
    fn unreadable_and_unsafe_files_get_no_excerpt() {
        for rule in [codes::S005, codes::S006] {
            let mut sources = Sources::default();
            let file = "/dev/zero";
            let d = Diagnostic::new(
                rule,
                &file.into(),
                Span {
                    start: Pos { line: 1, col: 1 },
                    end: Pos { line: 1, col: 2 },
                },
                Msg::new("x", "x"),
            );
            let mut out = String::new();
            render_one(&d, &mut sources, Style::default(), &mut out);
            assert_eq!(
                out,
                format!("error[{}]: x\n --> /dev/zero:1:1\n\n", rule.code)
            );
            // The file was not even looked at.
            assert!(sources.files.is_empty());
        }
    }
}
