//! Text for every output: escaping for HTML, Markdown and CSV, text from the files made safe for
//! a terminal, percentages, natural ordering, and cutting and padding by display width (CJK
//! characters take two columns).
//!
//! A leaf: it knows no stdkit type, so every writer (reports, table, statistics, diff, handbook)
//! takes the same escaping from here instead of from each other.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt::Write as _;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Escapes text for HTML content and attribute values.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes plain text for Markdown (a table cell, a heading, a paragraph): no raw HTML, no
/// links or emphasis, no table breaks.
pub fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            c if terminal_unsafe(c) => out.push('\u{FFFD}'),
            '|' | '[' | ']' | '\\' | '`' | '*' | '_' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A label inside a Mermaid chart (`node["…"]`): on one line, with no backquote (so it can
/// neither end the code block nor add a directive), quotes and angle brackets as Mermaid's
/// entities, other control characters replaced.
pub fn mermaid(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            c if terminal_unsafe(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A Markdown pipe table of plain text, columns padded to the widest cell's display width so it
/// also lines up as plain text.
pub fn pipe_table(header: &[&str], rows: &[Vec<String>]) -> String {
    let header: Vec<String> = header.iter().map(|h| md(h)).collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| md(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width().max(3)).collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.width());
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::from("|");
        for (c, w) in cells.iter().zip(&widths) {
            let _ = write!(s, " {c}{} |", " ".repeat(w - c.width()));
        }
        s.push('\n');
        s
    };
    let mut out = line(&header);
    out.push('|');
    for w in &widths {
        let _ = write!(out, " {} |", "-".repeat(*w));
    }
    out.push('\n');
    for r in &rows {
        out.push_str(&line(r));
    }
    out
}

/// One CSV field (RFC 4180 quoting), defused against formula injection: a cell starting with
/// `=`, `+`, `-`, `@`, a tab or a CR is run as a formula by spreadsheets, so it gets a leading `'`.
pub fn csv_field(s: &str) -> Cow<'_, str> {
    // Other control characters (an escape sequence when the CSV is printed) are never data.
    let s: Cow<str> = if s
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        s.chars()
            .map(
                |c| match c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
                    true => '\u{FFFD}',
                    false => c,
                },
            )
            .collect::<String>()
            .into()
    } else {
        s.into()
    };
    let s: Cow<str> = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}").into()
    } else {
        s
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s
    }
}

/// Text from the files made safe for a terminal or a CI log: control characters (an escape
/// sequence could retitle or clear the terminal or hide findings; a newline could start a fake
/// `::error` workflow command) and bidirectional overrides (which make a terminal show text in
/// another order than it is) are shown as `�`; invisible characters (zero-width spaces and
/// joiners, the byte-order mark) are shown escaped, `<U+200B>`, so an id with one does not look
/// like the id without it.
pub fn terminal(s: &str) -> Cow<'_, str> {
    if s.chars().any(|c| terminal_unsafe(c) || invisible(c)) {
        let mut out = String::with_capacity(s.len() + 8);
        for c in s.chars() {
            if terminal_unsafe(c) {
                out.push('\u{FFFD}');
            } else if invisible(c) {
                let _ = write!(out, "<U+{:04X}>", c as u32);
            } else {
                out.push(c);
            }
        }
        out.into()
    } else {
        s.into()
    }
}

/// Characters that take no space on a screen: U+200B–U+200D (zero-width space and joiners),
/// U+2060 (word joiner), U+FEFF (byte-order mark, zero-width no-break space).
pub fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Control characters, and the bidirectional marks and overrides U+200E, U+200F, U+202A–U+202E,
/// U+2066–U+2069.
pub fn terminal_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A ratio as a percentage with one decimal (`94.2`), or `—` when undefined: for table cells
/// under a `(%)` heading.
pub fn pct(r: Option<f64>) -> String {
    r.map_or_else(|| "—".to_string(), |r| format!("{:.1}", r * 100.0))
}

/// The same with the percent sign (`94.2%`), or `—`: for running text.
pub fn percent(r: Option<f64>) -> String {
    r.map_or_else(|| "—".to_string(), |r| format!("{:.1}%", r * 100.0))
}

/// Compares ids and numbers naturally: `202-2` before `202-10`, `GB/T 1.1` before `GB/T 1.10`.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, _) => return Ordering::Less,
            (_, None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let da = a.iter().take_while(|c| c.is_ascii_digit()).count();
                let db = b.iter().take_while(|c| c.is_ascii_digit()).count();
                let (na, nb) = (&a[..da], &b[..db]);
                let ta = trim_zeros(na);
                let tb = trim_zeros(nb);
                let ord = ta
                    .len()
                    .cmp(&tb.len())
                    .then_with(|| ta.cmp(tb))
                    .then_with(|| da.cmp(&db));
                if ord != Ordering::Equal {
                    return ord;
                }
                a = &a[da..];
                b = &b[db..];
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                a = &a[1..];
                b = &b[1..];
            }
        }
    }
}

fn trim_zeros(d: &[u8]) -> &[u8] {
    let n = d.iter().take_while(|c| **c == b'0').count();
    &d[n.min(d.len().saturating_sub(1))..]
}

/// The display width of `s` in a terminal or a monospaced table (CJK characters count two).
pub fn width(s: &str) -> usize {
    s.width()
}

/// The display width of one character (0 for control characters).
pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// `s` cut to at most `max` display columns, with `…` when cut.
pub fn cut(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = char_width(c);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// Spaces that pad `s` to `width` display columns (none if it is as wide already).
pub fn pad(s: &str, width: usize) -> String {
    " ".repeat(width.saturating_sub(s.width()))
}

/// A path as a URI reference (RFC 3986): `/` kept, unreserved ASCII as is, every other byte
/// percent-encoded, so `records/2026-记录台账.yaml` is a valid `uri-reference` (SARIF, the
/// dossier's links to its evidence).
pub fn uri_path(file: &str) -> String {
    let mut out = String::with_capacity(file.len());
    for b in file.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order() {
        let mut v = vec!["202-10", "202-2", "101-1", "202-002a", "202-002", "202-001"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            v,
            ["101-1", "202-001", "202-2", "202-002", "202-002a", "202-10"]
        );
        assert_eq!(
            natural_cmp("GB/T 1.1—2020", "GB/T 1.10—2020"),
            Ordering::Less
        );
    }

    #[test]
    fn cjk_padding_lines_up() {
        let t = pipe_table(
            &["名称", "n"],
            &[
                vec!["企业设立登记".into(), "1".into()],
                vec!["ab".into(), "22".into()],
            ],
        );
        let widths: Vec<usize> = t.lines().map(UnicodeWidthStr::width).collect();
        assert!(widths.windows(2).all(|w| w[0] == w[1]), "{t}");
    }

    #[test]
    fn cells_are_escaped() {
        assert_eq!(md("a|b<script>"), "a\\|b&lt;script&gt;");
        assert_eq!(html("<a href='x'>&"), "&lt;a href=&#39;x&#39;&gt;&amp;");
    }

    #[test]
    fn mermaid_labels_stay_on_their_line() {
        assert_eq!(mermaid("a\n```\nb\"<x>"), "a #96;#96;#96; b#quot;#lt;x#gt;");
    }

    #[test]
    fn csv_formulas_are_defused() {
        for f in ["=1+1", "+1", "-1+cmd|' /C calc'!A0", "@SUM(A1)", "\tx"] {
            assert!(
                csv_field(f).trim_start_matches('"').starts_with('\''),
                "{f}"
            );
        }
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a\u{1b}b"), "a\u{FFFD}b");
    }

    #[test]
    fn terminal_text_is_inert() {
        assert_eq!(terminal("a\u{1b}]0;x\u{7}b"), "a\u{FFFD}]0;x\u{FFFD}b");
        assert_eq!(terminal("a\u{202E}b"), "a\u{FFFD}b");
        assert_eq!(terminal("202-001\u{200B}"), "202-001<U+200B>");
        assert_eq!(terminal("x\n::error::fake"), "x\u{FFFD}::error::fake");
        assert_eq!(md("a\u{1b}[31m"), "a\u{FFFD}\\[31m");
        assert!(matches!(terminal("企业"), Cow::Borrowed(_)));
    }

    #[test]
    fn cut_by_display_width() {
        assert_eq!(cut("企业设立登记", 7), "企业设…");
        assert_eq!(cut("abc", 3), "abc");
        assert_eq!(pad("企业", 6), "  ");
    }
}
