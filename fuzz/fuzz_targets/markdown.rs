//! Arbitrary text through the Markdown renderers of the handbooks. The HTML must hold no
//! `<script` and no `javascript:` (or `vbscript:` / `data:`) URL in an `href` or `src`; the
//! Markdown, parsed again as mdBook does, must hold no raw HTML with `<script`, no link or image
//! to such a URL and no `on…` heading attribute, and render to HTML that holds none either.
//! Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{Event, Options, Parser, Tag};
use stdkit::handbook::markdown::{to_html, to_safe_markdown};

/// Decodes the character references a browser decodes in an attribute value.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map(|e| e + 1);
        let (name, after) = match end {
            Some(e) => (&rest[1..e], &rest[e..]),
            None => (&rest[1..], ""),
        };
        let after = after.strip_prefix(';').unwrap_or(after);
        let decoded = if let Some(num) = name.strip_prefix('#') {
            let v = match num.strip_prefix(['x', 'X']) {
                Some(h) => u32::from_str_radix(h, 16).ok(),
                None => num.parse().ok(),
            };
            v.and_then(char::from_u32)
        } else {
            match name.to_ascii_lowercase().as_str() {
                "amp" => Some('&'),
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = after;
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The scheme a browser would read from a URL (after decoding), lowercased, if any.
fn scheme(url: &str) -> Option<String> {
    let u: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (s, _) = u.split_once(':')?;
    let mut chars = s.chars();
    (chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| s.to_ascii_lowercase())
}

fn dangerous(url: &str) -> bool {
    matches!(
        scheme(url).as_deref(),
        Some("javascript" | "vbscript" | "data")
    )
}

/// Every value of an `href` or `src` attribute of a tag in `html`, decoded.
fn url_attributes(html: &str) -> Vec<String> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' || !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        // The tag name.
        i += 1;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
            i += 1;
        }
        // Attributes up to the closing `>`.
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let name_start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>') {
                i += 1;
            }
            let name = html[name_start..i].to_ascii_lowercase();
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if b.get(i) != Some(&b'=') {
                continue;
            }
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let value = match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let start = i + 1;
                    let end = html[start..].find(q as char).map_or(b.len(), |e| start + e);
                    i = (end + 1).min(b.len());
                    &html[start..end]
                }
                _ => {
                    let start = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    &html[start..i]
                }
            };
            if matches!(
                name.as_str(),
                "href" | "src" | "xlink:href" | "action" | "formaction"
            ) {
                out.push(decode_entities(value));
            }
        }
    }
    out
}

fn check_html(input: &str, html: &str) {
    let lower = html.to_ascii_lowercase();
    assert!(
        !lower.contains("<script"),
        "live <script in HTML\ninput: {input:?}\nhtml: {html}"
    );
    for url in url_attributes(html) {
        assert!(
            !dangerous(&url),
            "unsafe URL {url:?} in HTML\ninput: {input:?}\nhtml: {html}"
        );
    }
}

/// The options of a renderer that reads the Markdown output (mdBook's).
fn reader_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

fn check_markdown(input: &str, md: &str) {
    for ev in Parser::new_ext(md, reader_options()) {
        match ev {
            Event::Html(h) | Event::InlineHtml(h) => assert!(
                !h.to_ascii_lowercase().contains("<script"),
                "raw HTML {h:?} in Markdown\ninput: {input:?}\nmarkdown: {md:?}"
            ),
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                assert!(
                    !dangerous(&dest_url),
                    "unsafe link {dest_url:?} in Markdown\ninput: {input:?}\nmarkdown: {md:?}"
                )
            }
            // mdBook reads `{…}` after a heading as its attributes, and writes them out.
            Event::Start(Tag::Heading { attrs, .. }) => {
                for (k, v) in attrs {
                    assert!(
                        !k.to_ascii_lowercase().starts_with("on"),
                        "heading attribute {k}={v:?} in Markdown\ninput: {input:?}\nmarkdown: {md:?}"
                    );
                }
            }
            _ => {}
        }
    }
    // What a renderer of the Markdown output shows must be safe HTML too.
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(md, reader_options()));
    let lower = html.to_ascii_lowercase();
    assert!(
        !lower.contains("<script"),
        "the Markdown renders a live <script\ninput: {input:?}\nmarkdown: {md:?}"
    );
    for url in url_attributes(&html) {
        assert!(
            !dangerous(&url),
            "the Markdown renders unsafe URL {url:?}\ninput: {input:?}\nmarkdown: {md:?}"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    check_html(input, &to_html(input));
    check_markdown(input, &to_safe_markdown(input));
});
