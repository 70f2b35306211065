//! Whether an output of stdkit is inert: nothing in it can run script once a browser, or a
//! Markdown renderer with mdBook's options, reads it.
//!
//! One file, used by the corpus runner (`tests/corpus/main.rs`, on every output of a `build` or
//! `run` line) and by the fuzz target `fuzz/fuzz_targets/markdown.rs` (which includes it with
//! `#[path]`), so the two cannot drift apart again. It depends on std and pulldown-cmark only.
//! Every check returns what it found live, one description an item: empty means inert.
#![allow(dead_code)]

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// Decodes the character references a browser decodes in an attribute value.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map_or(rest.len(), |e| e + 1);
        let name = &rest[1..end];
        let after = rest[end..].strip_prefix(';').unwrap_or(&rest[end..]);
        let decoded = match name.strip_prefix('#') {
            Some(num) => match num.strip_prefix(['x', 'X']) {
                Some(h) => u32::from_str_radix(h, 16).ok(),
                None => num.parse().ok(),
            }
            .and_then(char::from_u32),
            None => match name.to_ascii_lowercase().as_str() {
                "amp" => Some('&'),
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                _ => None,
            },
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

/// The scheme a browser reads from a URL, lowercased.
pub fn scheme(url: &str) -> Option<String> {
    let u: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (s, _) = u.split_once(':')?;
    let mut chars = s.chars();
    (chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
    .then(|| s.to_ascii_lowercase())
}

/// A URL that runs script or embeds content, once its character references are decoded.
pub fn dangerous_url(url: &str) -> bool {
    matches!(
        scheme(&decode_entities(url)).as_deref(),
        Some("javascript" | "vbscript" | "data")
    )
}

/// One start tag of an HTML text.
pub struct HtmlTag {
    /// The byte offset of its `<`.
    pub at: usize,
    /// The name, lowercased.
    pub name: String,
    /// (attribute lowercased, raw value).
    pub attrs: Vec<(String, String)>,
}

/// The start tags of an HTML text, as a browser's tokenizer splits them.
pub fn tags(html: &str) -> Vec<HtmlTag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let until = |i: &mut usize, stop: &dyn Fn(u8) -> bool| {
        while *i < b.len() && !stop(b[*i]) {
            *i += 1;
        }
    };
    while i < b.len() {
        if b[i] != b'<' || !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let at = i;
        i += 1;
        let start = i;
        until(&mut i, &|c| {
            c.is_ascii_whitespace() || c == b'>' || c == b'/'
        });
        let name = html[start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            until(&mut i, &|c| !(c.is_ascii_whitespace() || c == b'/'));
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let start = i;
            until(&mut i, &|c| {
                c.is_ascii_whitespace() || c == b'=' || c == b'>'
            });
            let attr = html[start..i].to_ascii_lowercase();
            until(&mut i, &|c| !c.is_ascii_whitespace());
            if b.get(i) != Some(&b'=') {
                attrs.push((attr, String::new()));
                continue;
            }
            i += 1;
            until(&mut i, &|c| !c.is_ascii_whitespace());
            let value = match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let start = i + 1;
                    let end = html[start..].find(q as char).map_or(b.len(), |e| start + e);
                    i = (end + 1).min(b.len());
                    &html[start..end]
                }
                _ => {
                    let start = i;
                    until(&mut i, &|c| c.is_ascii_whitespace() || c == b'>');
                    &html[start..i]
                }
            };
            attrs.push((attr, value.to_string()));
        }
        out.push(HtmlTag { at, name, attrs });
    }
    out
}

/// Live script in HTML: a `<script>` (other than stdkit's own `src="*.js"` where `own_assets`),
/// anything else spelled `<script` (in any case, even where it starts no tag), an element that
/// runs or embeds content (where `own_assets`, stdkit's `<meta charset>`/`<meta name>` and
/// `<link href="*.css">` are not), an event-handler attribute or a script URL.
fn live(html: &str, own_assets: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut script_tags = Vec::new();
    for HtmlTag { at, name, attrs } in tags(html) {
        let attr = |k: &str| attrs.iter().find(|(a, _)| a == k).map(|(_, v)| v.as_str());
        match name.as_str() {
            "script" => {
                script_tags.push(at);
                let own = own_assets
                    && attr("src").is_some_and(|s| {
                        s.ends_with(".js")
                            && s.bytes()
                                .all(|c| c.is_ascii_alphanumeric() || b"-_./".contains(&c))
                    });
                if !own {
                    out.push(format!("<script {attrs:?}>"));
                }
            }
            // An `<img>` is inert unless its URL or an event handler is not (checked below).
            "iframe" | "object" | "embed" | "base" | "meta" | "link" | "frame" => {
                let benign = own_assets
                    && ((name == "meta" && attr("http-equiv").is_none())
                        || (name == "link" && attr("href").is_some_and(|h| h.ends_with(".css"))));
                if !benign {
                    out.push(format!("<{name} {attrs:?}>"));
                }
            }
            _ => {}
        }
        for (a, v) in &attrs {
            if a.starts_with("on") && a.len() > 2 {
                out.push(format!("<{name} {a}={v:?}>"));
            }
            if matches!(
                a.as_str(),
                "href" | "src" | "xlink:href" | "action" | "formaction" | "srcdoc"
            ) && (dangerous_url(v) || a == "srcdoc")
            {
                out.push(format!("<{name} {a}={v:?}>"));
            }
        }
    }
    // `<scriptx`, `<script` inside an attribute value …: not a script tag above, still refused.
    for (i, _) in html.to_ascii_lowercase().match_indices("<script") {
        if !script_tags.contains(&i) {
            out.push(format!("`<script` at byte {i}"));
        }
    }
    out
}

/// Live script in a page stdkit writes (its own scripts, `<meta>` and stylesheets allowed).
pub fn live_html(html: &str) -> Vec<String> {
    live(html, true)
}

/// Live script in HTML rendered from a user's text, or raw HTML in Markdown: like
/// [`live_html`], but no `<script`, `<meta>` or `<link>` of any kind.
pub fn live_fragment(html: &str) -> Vec<String> {
    live(html, false)
}

/// The options of a renderer of the Markdown output (mdBook's).
pub fn reader_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Live script in Markdown, parsed as a renderer would: raw HTML that is live (as a fragment),
/// links and images to script URLs, event handlers as heading attributes, Mermaid directives
/// that run callbacks; and, if none of these, the HTML the Markdown renders to (pulldown-cmark's
/// writer), as a fragment.
pub fn live_markdown(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut mermaid = false;
    for ev in Parser::new_ext(md, reader_options()) {
        match ev {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => {
                mermaid = lang.as_ref() == "mermaid";
            }
            Event::End(TagEnd::CodeBlock) => mermaid = false,
            // Mermaid runs `click` callbacks and links, and `%%{init}%%` can lower its security.
            Event::Text(t) if mermaid => {
                for l in t.lines().map(str::trim_start) {
                    if l.starts_with("click ") || l.starts_with("%%{") {
                        out.push(format!("Mermaid directive {l:?}"));
                    }
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                for l in live_fragment(&h) {
                    out.push(format!("raw HTML {l}"));
                }
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. })
                if dangerous_url(&dest_url) =>
            {
                out.push(format!("link to {dest_url:?}"));
            }
            Event::Start(Tag::Heading { attrs, .. }) => {
                for (k, v) in attrs {
                    if k.to_ascii_lowercase().starts_with("on") {
                        out.push(format!("heading attribute {k}={v:?}"));
                    }
                }
            }
            _ => {}
        }
    }
    if out.is_empty() {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, Parser::new_ext(md, reader_options()));
        for l in live_fragment(&html) {
            out.push(format!("renders as {l}"));
        }
    }
    out
}
