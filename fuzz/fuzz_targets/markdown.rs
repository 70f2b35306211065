//! Arbitrary text through the Markdown renderers of the handbooks. The HTML must be inert as a
//! fragment of a page (no `<script` of any kind, no element that runs or embeds content, no
//! event handler, no `javascript:`/`vbscript:`/`data:` URL); the Markdown, parsed again as
//! mdBook does, must hold no such raw HTML, no link or image to such a URL, no `on…` heading
//! attribute and no Mermaid `click`/`%%{` directive, and render to HTML that is inert too.
//! Nothing may panic.
//!
//! The checks are those of the corpus runner's build outputs: one file, included here.
#![no_main]

#[path = "../../tests/corpus/inert.rs"]
mod inert;

use libfuzzer_sys::fuzz_target;
use stdkit::handbook::markdown::{to_html, to_safe_markdown};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let html = to_html(input);
    let live = inert::live_fragment(&html);
    assert!(
        live.is_empty(),
        "live HTML {live:?}\ninput: {input:?}\nhtml: {html}"
    );
    let md = to_safe_markdown(input);
    let live = inert::live_markdown(&md);
    assert!(
        live.is_empty(),
        "live Markdown {live:?}\ninput: {input:?}\nmarkdown: {md:?}"
    );
});
