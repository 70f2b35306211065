//! `stdkit explain CODE`: what a rule catches, why, a failing and a fixed example. The texts are
//! Markdown files in `explain/<lang>/`, embedded at build time.

use crate::diag::Lang;

include!(concat!(env!("OUT_DIR"), "/explain.rs"));

/// The explanation of `code` in `lang`, if there is one.
pub fn text(code: &str, lang: Lang) -> Option<&'static str> {
    let code = code.to_ascii_uppercase();
    TEXTS
        .iter()
        .find(|(c, ..)| *c == code)
        .map(|(_, en, zh)| match lang {
            Lang::En => *en,
            Lang::Zh => *zh,
        })
}
