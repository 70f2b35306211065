//! The tera templates of the handbooks: compiled into the binary, each overridable by a file of
//! the same name in `<root>/templates/` (as mdBook's theme files are), and written out by
//! `stdkit templates export DIR`.

use anyhow::{Context, Result};
use std::path::Path;

/// `(name, text)` of templates embedded from `templates/<name>`.
macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../templates/", $name)))),*]
    };
}

/// Every default template, by name.
pub const DEFAULTS: &[(&str, &str)] = embedded![
    "layout.html",
    "document.html",
    "standard.html",
    "post.html",
    "posts.html",
    "index.html",
    "table.html",
    "stats.html",
    "search.html",
    "handbook.html",
    "style.css",
    "search.js",
    "document.md",
    "standard.md",
    "post.md",
    "SUMMARY.md",
    "home.md",
];

/// The templates for a system: the defaults, each replaced by `<root>/templates/<name>` when
/// that file exists. HTML templates escape every value unless marked `safe` (only HTML that
/// stdkit built and escaped itself is).
pub fn load(root: &Path) -> Result<tera::Tera> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html"]);
    // Markdown templates escape plain text with `| md` (no raw HTML, links or emphasis).
    tera.register_filter("md", |s: &str, _: tera::Kwargs, _: &tera::State| {
        crate::text::md(s)
    });
    let dir = root.join("templates");
    let mut sources: Vec<(String, String)> = Vec::with_capacity(DEFAULTS.len());
    for (name, default) in DEFAULTS {
        let user = dir.join(name);
        let text = if user.is_file() {
            std::fs::read_to_string(&user)
                .with_context(|| format!("cannot read template `{}`", user.display()))?
        } else {
            (*default).to_string()
        };
        sources.push((name.to_string(), text));
    }
    tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| anyhow::anyhow!("invalid template: {e}"))?;
    Ok(tera)
}

/// Writes the default templates into `dir` (never over existing files): the handbook templates,
/// and the skeletons of `stdkit new` in `new/`.
pub fn export(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let all: Vec<(String, &str)> = DEFAULTS
        .iter()
        .map(|(n, t)| (n.to_string(), *t))
        .chain(
            crate::model::kinds::KINDS
                .iter()
                .map(|k| (format!("new/{}.yaml", k.name), k.skeleton)),
        )
        .collect();
    if let Some((name, _)) = all.iter().find(|(n, _)| dir.join(n).exists()) {
        anyhow::bail!("`{}` exists; not overwriting it", dir.join(name).display());
    }
    let mut written = Vec::new();
    for (name, text) in all {
        let path = dir.join(name);
        crate::output::write_new_atomic(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}
