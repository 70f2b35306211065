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

/// The most one render of a template may write (one page, or one document of `handbook.html`):
/// a template that loops without bound fails, naming itself, before it fills the disk.
pub const MAX_RENDER: u64 = 64 * 1024 * 1024;

/// The templates for a system: the defaults, each replaced by `<root>/templates/<name>` when
/// that exists. HTML templates escape every value unless marked `safe` (only HTML that stdkit
/// built and escaped itself is).
///
/// An override is read only if it is a regular file inside the root once links are resolved,
/// through the loader's guards (at most 4 MiB, UTF-8); anything else at its place is an error
/// naming the template (exit 2), never a fallback to the default: what is published must be
/// what the author wrote, and a link out of the root (`style.css -> /proc/self/environ`) must
/// not put the build machine's files into the handbook.
pub fn load(root: &Path) -> Result<tera::Tera> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html"]);
    // Markdown templates escape plain text with `| md` (no raw HTML, links or emphasis).
    tera.register_filter("md", |s: &str, _: tera::Kwargs, _: &tera::State| {
        crate::text::md(s)
    });
    let root = root
        .canonicalize()
        .with_context(|| format!("cannot read `{}`", root.display()))?;
    let mut sources: Vec<(String, String)> = Vec::with_capacity(DEFAULTS.len());
    for (name, default) in DEFAULTS {
        let rel = Path::new("templates").join(name);
        // Anything at the name, even a dangling link, is an override.
        let text = if std::fs::symlink_metadata(root.join(&rel)).is_ok() {
            let file: crate::diag::FileName = format!("templates/{name}").into();
            crate::load::read_inside(&root, &rel, &file).map_err(|d| {
                anyhow::anyhow!("cannot use template `templates/{name}`: {}", d.message.en)
            })?
        } else {
            (*default).to_string()
        };
        sources.push((name.to_string(), text));
    }
    tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| anyhow::anyhow!("invalid template: {e}"))?;
    Ok(tera)
}

/// Renders template `name` into a string of at most [`MAX_RENDER`] bytes.
pub fn render(tera: &tera::Tera, name: &str, c: &tera::Context) -> Result<String> {
    let mut out = Vec::new();
    render_to(tera, name, c, &mut out)?;
    String::from_utf8(out).map_err(|e| anyhow::anyhow!("template `{name}` failed: {e}"))
}

/// Renders template `name` into `out`, failing with the template's name once it has written
/// more than [`MAX_RENDER`] bytes.
pub fn render_to(
    tera: &tera::Tera,
    name: &str,
    c: &tera::Context,
    out: impl std::io::Write,
) -> Result<()> {
    let mut capped = Capped {
        inner: out,
        left: MAX_RENDER,
        over: false,
    };
    match tera.render_to(name, c, &mut capped) {
        Ok(()) => Ok(()),
        Err(_) if capped.over => anyhow::bail!(
            "template `{name}` wrote more than {} MiB for one page; stopped",
            MAX_RENDER / (1024 * 1024)
        ),
        Err(e) => Err(anyhow::anyhow!("template `{name}` failed: {e}")),
    }
}

/// A writer that refuses to take more than `left` bytes more.
struct Capped<W> {
    inner: W,
    left: u64,
    over: bool,
}

impl<W: std::io::Write> std::io::Write for Capped<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.len() as u64 > self.left {
            self.over = true;
            return Err(std::io::Error::other("output size limit reached"));
        }
        let n = self.inner.write(buf)?;
        self.left -= n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
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
    if let Some((name, _)) = all
        .iter()
        .find(|(n, _)| dir.join(n).symlink_metadata().is_ok())
    {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_must_stay_inside_the_root() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("sys");
        std::fs::create_dir_all(root.join("templates")).unwrap();
        std::fs::write(tmp.path().join("secret.css"), "SECRET").unwrap();
        std::fs::write(root.join("own.css"), "OWN {{ 1 + 1 }}").unwrap();
        #[cfg(unix)]
        {
            let css = root.join("templates/style.css");
            std::os::unix::fs::symlink("../own.css", &css).unwrap();
            let t = load(&root).unwrap();
            let out = render(&t, "style.css", &tera::Context::new()).unwrap();
            assert_eq!(out, "OWN 2");
            std::fs::remove_file(&css).unwrap();
            std::os::unix::fs::symlink("../../secret.css", &css).unwrap();
            let e = load(&root).unwrap_err().to_string();
            assert!(
                e.contains("templates/style.css") && e.contains("outside"),
                "{e}"
            );
            std::fs::remove_file(&css).unwrap();
        }
        // A folder in a template's place is not a template.
        std::fs::create_dir(root.join("templates/search.js")).unwrap();
        let e = load(&root).unwrap_err().to_string();
        assert!(e.contains("templates/search.js"), "{e}");
    }

    #[test]
    fn a_render_is_capped() {
        let mut t = tera::Tera::new();
        t.add_raw_template(
            "big",
            "{% for i in range(end=100000) %}{% for j in range(end=100) %}0123456789{% endfor %}{% endfor %}",
        )
        .unwrap();
        let e = render(&t, "big", &tera::Context::new()).unwrap_err();
        assert!(
            e.to_string()
                .contains("template `big` wrote more than 64 MiB"),
            "{e}"
        );
        t.add_raw_template("small", "ok").unwrap();
        assert_eq!(render(&t, "small", &tera::Context::new()).unwrap(), "ok");
    }
}
