//! Markdown fields (CommonMark + tables) rendered safely: raw HTML in a field is shown as text,
//! never passed through, and links may only use safe schemes. The same sanitising applies to
//! Markdown output, so a `<script>` written in a field stays inert in mdBook or on a forge.

use super::numbering::{Numbering, marker};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};
use std::ops::Range;

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Whether a link or image target is safe to keep (no `javascript:`, `data:`, `vbscript:` …).
pub fn safe_url(url: &str) -> bool {
    let u: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match u.split_once(':') {
        // A scheme: only these. (A colon after a slash, `?` or `#` is not a scheme.)
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            matches!(scheme, "http" | "https" | "mailto" | "tel")
        }
        _ => true,
    }
}

/// The events of `md` with raw HTML turned into text and unsafe links defused.
fn safe_events(md: &str) -> impl Iterator<Item = Event<'_>> {
    Parser::new_ext(md, options()).map(|ev| match ev {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        Event::Start(mut tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
            if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag
                && !safe_url(dest_url)
            {
                *dest_url = CowStr::Borrowed("#");
            }
            Event::Start(tag)
        }
        other => other,
    })
}

/// Renders a Markdown field to HTML.
pub fn to_html(md: &str) -> String {
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, safe_events(md));
    out
}

/// Renders a Markdown field to inline HTML (a single paragraph's wrapper removed).
pub fn to_inline_html(md: &str) -> String {
    let h = to_html(md);
    let t = h.trim_end();
    match t.strip_prefix("<p>").and_then(|x| x.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => h,
    }
}

/// A Markdown field made safe for Markdown output: raw HTML escaped, unsafe links removed.
/// Text without HTML or links passes through unchanged.
pub fn to_safe_markdown(md: &str) -> String {
    // One line ending first: the output joins lines with `\n`, so a lone `\r` the parser read
    // inside a line (an indented code line) must not become a line break it never saw.
    let normalised;
    let md = if md.contains('\r') {
        normalised = md.replace("\r\n", "\n").replace('\r', "\n");
        normalised.as_str()
    } else {
        md
    };
    let plain =
        !md.contains(['<', '>', '&', '{', '\\']) && !md.contains("](") && !md.contains("]:");
    if plain {
        return md.trim_end().to_string();
    }
    // A link to an unsafe target, however it is written (an entity, a backslash escape, a
    // reference definition), makes the whole field plain text: rewriting it in place would
    // have to reproduce every way Markdown can spell a destination.
    let unsafe_link = Parser::new_ext(md, options()).any(|ev| {
        matches!(ev, Event::Start(Tag::Link { ref dest_url, .. }) | Event::Start(Tag::Image { ref dest_url, .. }) if !safe_url(dest_url))
    });
    if unsafe_link {
        return crate::yaml::lines(md)
            .map(escape_text)
            .collect::<Vec<_>>()
            .join("\n")
            .trim_end()
            .to_string();
    }
    let mut out = String::with_capacity(md.len() + 16);
    let mut last = 0;
    // Escape the spans of raw HTML, copying the rest.
    for (ev, range) in Parser::new_ext(md, options()).into_offset_iter() {
        if let Event::Html(_) | Event::InlineHtml(_) = ev {
            out.push_str(&md[last..range.start]);
            // Escaped, the span is no longer HTML, so brackets in it must not become links.
            out.push_str(
                &escape_html(&md[range.clone()])
                    .replace('[', "\\[")
                    .replace(']', "\\]"),
            );
            last = range.end;
        }
    }
    out.push_str(&md[last..]);
    // A `<` the parser saw as text is escaped too, so no renderer can read it as a tag; `{` on
    // a heading line is escaped, so mdBook cannot read it as the heading's attributes.
    let out = out.replace('<', "&lt;");
    let lines: Vec<&str> = crate::yaml::lines(&out).collect();
    // A heading line: ATX (`# …`), or setext (a line underlined by `===` or `---`).
    let underline = |l: Option<&&str>| {
        l.map(|l| l.trim()).is_some_and(|t| {
            !t.is_empty() && (t.bytes().all(|b| b == b'=') || t.bytes().all(|b| b == b'-'))
        })
    };
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if l.trim_start().starts_with('#') || underline(lines.get(i + 1)) {
                l.replace('{', "\\{").replace('}', "\\}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_string()
}

/// A Markdown field typeset after GB/T 1.1, as (safe HTML, safe Markdown): each table in the
/// text (not inside a list or quotation) takes the next table number of `n` as its caption, and
/// in the Markdown, lists of text items are written as paragraphs that begin with their GB/T
/// markers (the HTML lists take theirs from the stylesheet).
pub fn typeset(md: &str, n: &Numbering) -> (String, String) {
    let normalised;
    let md = if md.contains('\r') {
        normalised = md.replace("\r\n", "\n").replace('\r', "\n");
        normalised.as_str()
    } else {
        md
    };
    let mut labels = Vec::new();
    let mut depth = 0usize;
    let mut events = Vec::new();
    for ev in safe_events(md) {
        let top = depth == 0;
        match &ev {
            Event::Start(t) if container(t) => depth += 1,
            Event::End(t) if container_end(t) => depth = depth.saturating_sub(1),
            _ => {}
        }
        let table = top && matches!(ev, Event::Start(Tag::Table(_)));
        events.push(ev);
        if table {
            let l = n.table();
            events.push(Event::Html(format!("<caption>{l}</caption>").into()));
            labels.push(l);
        }
    }
    let mut h = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut h, events.into_iter());
    (h, to_safe_markdown(&gbt_markdown(md, &labels)))
}

/// Block containers: a table inside one is not numbered, a list inside one is left as it is.
fn container(t: &Tag) -> bool {
    matches!(
        t,
        Tag::List(_) | Tag::Item | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)
    )
}

fn container_end(t: &TagEnd) -> bool {
    matches!(
        t,
        TagEnd::List(_) | TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition
    )
}

/// `md` with a caption line before each top-level table (`labels`, in order) and each top-level
/// list of text items rewritten by `gbt_list`.
fn gbt_markdown(md: &str, labels: &[String]) -> String {
    let events: Vec<(Event, Range<usize>)> =
        Parser::new_ext(md, options()).into_offset_iter().collect();
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut labels = labels.iter();
    let mut i = 0;
    while i < events.len() {
        match &events[i].0 {
            Event::Start(Tag::Table(_)) => {
                if let Some(l) = labels.next() {
                    let at = events[i].1.start;
                    edits.push((at..at, format!("\n**{l}**\n\n")));
                }
                i = skip(&events, i);
            }
            Event::Start(Tag::List(_)) => {
                let end = skip(&events, i);
                if let Some(text) = gbt_list(&events[i..end], md) {
                    edits.push((events[i].1.clone(), text));
                }
                i = end;
            }
            Event::Start(_) => i = skip(&events, i),
            _ => i += 1,
        }
    }
    if edits.is_empty() {
        return md.to_string();
    }
    let mut out = String::with_capacity(md.len() + 64);
    let mut last = 0;
    for (r, text) in edits {
        out.push_str(&md[last..r.start]);
        out.push_str(&text);
        last = r.end;
    }
    out.push_str(&md[last..]);
    out
}

/// The index after the `End` matching the `Start` at `i`.
fn skip(events: &[(Event, Range<usize>)], i: usize) -> usize {
    let mut depth = 0usize;
    for (k, (ev, _)) in events.iter().enumerate().skip(i) {
        match ev {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return k + 1;
                }
            }
            _ => {}
        }
    }
    events.len()
}

/// A list (its events, from its `Start` to its `End`) as GB/T 1.1 paragraphs: each item one
/// paragraph that begins with its marker (——, a) …; the second level indented two characters,
/// with · or 1) …). `None` when an item holds more than one paragraph of text and one nested
/// list, or the lists nest deeper than two levels: such a list stays a Markdown list.
fn gbt_list(events: &[(Event, Range<usize>)], md: &str) -> Option<String> {
    struct Level {
        ordered: bool,
        start: usize,
        k: usize,
    }
    let mut levels: Vec<Level> = Vec::new();
    let mut out: Vec<String> = Vec::new();
    // The current item's text span, whether it was written out, its paragraphs.
    let mut span: Option<Range<usize>> = None;
    let mut written = false;
    let mut paras = 0;
    let flush = |levels: &[Level], span: &mut Option<Range<usize>>, out: &mut Vec<String>| {
        let Some(l) = levels.last() else { return };
        let text = span.take().map_or_else(String::new, |r| {
            md[r].lines().map(str::trim).collect::<Vec<_>>().join(" ")
        });
        let indent = if levels.len() > 1 { "　　" } else { "" };
        let m = marker(l.ordered, levels.len(), l.start + l.k);
        let sep = if l.ordered { " " } else { "" };
        out.push(format!("{indent}{m}{sep}{text}"));
    };
    for (ev, r) in events {
        match ev {
            Event::Start(Tag::List(first)) => {
                if !levels.is_empty() && !written {
                    flush(&levels, &mut span, &mut out);
                    written = true;
                }
                let start = first.map_or(0, |f| usize::try_from(f.max(1) - 1).unwrap_or(0));
                levels.push(Level {
                    ordered: first.is_some(),
                    start,
                    k: 0,
                });
                if levels.len() > 2 {
                    return None;
                }
            }
            Event::End(TagEnd::List(_)) => {
                levels.pop();
                // Back in the parent item, whose text is written.
                written = true;
            }
            Event::Start(Tag::Item) => {
                span = None;
                written = false;
                paras = 0;
            }
            Event::End(TagEnd::Item) => {
                if !written {
                    flush(&levels, &mut span, &mut out);
                }
                written = false;
                if let Some(l) = levels.last_mut() {
                    l.k += 1;
                }
            }
            Event::Start(Tag::Paragraph) => {
                paras += 1;
                if paras > 1 || written {
                    return None;
                }
            }
            Event::End(TagEnd::Paragraph) => {}
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Image { .. },
            )
            | Event::End(_)
            | Event::Text(_)
            | Event::Code(_)
            | Event::InlineHtml(_)
            | Event::SoftBreak
            | Event::HardBreak => {
                if written {
                    // Text after a nested list: not a simple item.
                    return None;
                }
                span = Some(match span.take() {
                    Some(s) => s.start.min(r.start)..s.end.max(r.end),
                    None => r.clone(),
                });
            }
            _ => return None,
        }
    }
    Some(out.join("\n\n") + "\n\n")
}

/// One line of plain text, escaped so Markdown reads nothing in it.
fn escape_text(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '!' | '|' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for HTML.
pub fn escape_html(s: &str) -> String {
    crate::text::html(s)
}

/// Plain text of a Markdown field (for the search index and titles).
pub fn to_text(md: &str) -> String {
    let mut out = String::new();
    for ev in Parser::new_ext(md, options()) {
        match ev {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_attributes_are_defused_on_setext_headings_too() {
        // Found by the `markdown` fuzz target: `{…}` on a line underlined by `=` is read by
        // mdBook as the heading's attributes.
        let md = to_safe_markdown("标题 {onclick=x}\n=\n\n# 二 {onload=y}\n");
        assert!(!md.contains(" {on"), "{md}");
        assert!(md.contains("\\{onclick=x\\}"), "{md}");
    }

    #[test]
    fn raw_html_is_text() {
        let h = to_html("a <script>alert(1)</script> b\n\n<div onclick=x>y</div>");
        assert!(!h.contains("<script") && !h.contains("<div"), "{h}");
        assert!(h.contains("&lt;script&gt;"), "{h}");
    }

    #[test]
    fn unsafe_links_are_defused() {
        let h = to_html(
            "[x](javascript:alert(1)) [y](JaVaScRiPt:evil) [z](https://example.org) [w](a/b.html)",
        );
        assert!(!h.to_lowercase().contains("javascript:"), "{h}");
        assert!(h.contains("https://example.org") && h.contains("a/b.html"));
        for md in [
            "[x](javascript:alert(1)) and <script>x</script>",
            "[x](javascript&#58;alert(1))",
            "[x](java\\script:alert(1))",
            "[x][r]\n\n[r]: javascript:alert(1)",
        ] {
            let m = to_safe_markdown(md);
            assert!(!m.contains("<script"), "{m}");
            let live = Parser::new_ext(&m, options()).any(|ev| {
                matches!(ev, Event::Start(Tag::Link { ref dest_url, .. }) if !safe_url(dest_url))
            });
            assert!(!live, "{md} → {m}");
        }
        assert!(to_safe_markdown("# 标题 {onclick=alert(1)}").contains("\\{onclick"));
    }

    #[test]
    fn typeset_numbers_tables_and_writes_gbt_lists() {
        let n = Numbering::new();
        n.table();
        let (h, m) = typeset(
            "前文\n\n|a|b|\n|-|-|\n|1|2|\n\n- 甲\n- 乙\n  1. 子一\n  2. 子二\n\n1. 一\n2. 二\n",
            &n,
        );
        // The table takes the document's next number, in both outputs.
        assert!(h.contains("<table><caption>表2</caption>"), "{h}");
        assert!(m.contains("**表2**\n\n|a|b|"), "{m}");
        assert_eq!(n.next_table(), "表3");
        // HTML keeps the lists (the stylesheet draws the markers); Markdown writes them.
        assert!(
            h.contains("<ul>") && h.contains("<ol>") && !h.contains('•'),
            "{h}"
        );
        assert!(
            m.contains("——甲\n\n——乙\n\n　　1) 子一\n\n　　2) 子二\n\na) 一\n\nb) 二"),
            "{m}"
        );
        // The rewritten Markdown reads back as paragraphs, not lists.
        assert!(!to_html(&m).contains("<li>"), "{m}");
    }

    #[test]
    fn lists_gbt_cannot_write_stay_lists() {
        let n = Numbering::new();
        // A code block in an item, a third level, a table inside a list (not numbered).
        for md in [
            "- a\n\n      code\n",
            "- a\n  - b\n    - c\n",
            "- a\n\n  |x|y|\n  |-|-|\n  |1|2|\n",
        ] {
            let (h, m) = typeset(md, &n);
            assert!(m.trim_start().starts_with("- a"), "{md:?} → {m:?}");
            assert!(!h.contains("<caption>"), "{h}");
        }
        assert_eq!(n.next_table(), "表1");
        // An ordered list starting at 3 starts at c); a loose list is written the same way.
        let (_, m) = typeset("3. x\n4. y\n", &n);
        assert_eq!(m, "c) x\n\nd) y");
        let (_, m) = typeset("- x\n\n- y\n", &n);
        assert_eq!(m, "——x\n\n——y");
        // Raw HTML in an item is escaped after the rewrite.
        let (_, m) = typeset("- <b>x</b>\n", &n);
        assert!(!m.contains("<b>"), "{m}");
    }

    #[test]
    fn tables_and_plain_text() {
        assert!(to_html("|a|b|\n|-|-|\n|1|2|").contains("<table>"));
        assert_eq!(to_safe_markdown("本文件规定了……"), "本文件规定了……");
        assert_eq!(
            to_text("**受理** 申请\n\n- 一次性告知"),
            "受理 申请 一次性告知"
        );
    }
}
