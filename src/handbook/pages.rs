//! Every output file of a build, rendered through the tera templates into a `Sink`: one
//! function per output (standard pages, post handbooks, site pages, `handbook.html`, Markdown).
//!
//! Lays out what `plan` and `document` decided; computes no content of its own beyond the
//! navigation and the search index.

use super::document::Document;
use super::plan::{self, Plan, Post};
use crate::count::Counts;
use crate::output::Sink;
use crate::stats::Stats;
use crate::system::System;
use crate::table::{self, Table};
use crate::text::percent as pct;
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use std::io::Write;
use std::path::Path;
use tera::{Context, Tera, Value};

const HTML: &str = "html";
const MD: &str = "markdown";

#[derive(Serialize)]
struct Site {
    title: String,
    organisation: String,
}

#[derive(Serialize)]
struct NodeNav<'a> {
    code: &'a str,
    name: &'a str,
    depth: usize,
    existing: usize,
    required: usize,
    standards: Vec<StdNav<'a>>,
}

#[derive(Serialize)]
struct StdNav<'a> {
    id: &'a str,
    number: &'a str,
    title: &'a str,
    mark: Option<&'static str>,
}

/// A document laid out once as an HTML and a Markdown fragment. The fragment serves the
/// standard's own page and every post handbook that includes it (links go through
/// `../standards/`, right from both folders).
pub type Fragment = (String, String);

/// The table's HTML parts, shared by `table.html` and `handbook.html`.
pub struct TableHtml {
    chart: String,
    detail: String,
    statistics: String,
    summary: String,
}

impl TableHtml {
    pub fn of(table: &Table) -> Self {
        TableHtml {
            chart: table::html::chart(table),
            detail: table::html::detail(table),
            statistics: table::html::statistics(table),
            summary: table::html::summary(table),
        }
    }

    /// Puts the parts into `c`, the summary under `summary_key`.
    fn insert(&self, c: &mut Context, summary_key: &'static str) {
        c.insert("chart", &self.chart);
        c.insert("detail", &self.detail);
        c.insert("statistics", &self.statistics);
        c.insert(summary_key, &self.summary);
    }
}

/// What every page of a build shares.
pub struct Pages<'a> {
    tera: &'a Tera,
    site: Site,
    summary: serde_json::Value,
    table_title: String,
    docs: &'a [Document],
    /// Each document as a template value, made once; pages share it (its maps and lists are
    /// reference-counted), however many post handbooks include it.
    values: Vec<Value>,
    /// Navigation by structure: every node with its documents.
    nodes: Vec<NodeNav<'a>>,
    posts: &'a [Post],
}

impl<'a> Pages<'a> {
    /// `docs` are the documents of `plan.order`, in that order.
    pub fn new(
        tera: &'a Tera,
        system: &'a System,
        plan: &'a Plan,
        docs: &'a [Document],
        counts: &Counts,
        stats: &Stats,
    ) -> Self {
        let sys = &system.sys;
        let site = Site {
            title: sys.config.title.clone().unwrap_or_default(),
            organisation: sys.config.organisation.clone().unwrap_or_default(),
        };
        let summary = json!({
            "existing": counts.overall.existing,
            "required": counts.overall.required,
            "coverage": pct(counts.coverage()),
            "target": pct(Some(stats.target)),
            "posts": sys.posts.entries.len(),
        });
        let table_title = format!("{}标准体系表", site.title.trim_end_matches("标准体系"));
        Pages {
            tera,
            site,
            summary,
            table_title,
            docs,
            values: docs.par_iter().map(Value::from_serializable).collect(),
            nodes: nodes_nav(system, plan, docs, counts),
            posts: &plan.posts,
        }
    }

    /// The context every page starts from; `root` leads from the page to the site root.
    fn base(&self, root: &str) -> Context {
        let mut c = Context::new();
        c.insert("site", &self.site);
        c.insert("root", root);
        c.insert("summary", &self.summary);
        c
    }

    fn page(&self, name: &str, c: &Context) -> Result<Vec<u8>> {
        self.render(name, c).map(String::into_bytes)
    }

    fn render(&self, name: &str, c: &Context) -> Result<String> {
        super::templates::render(self.tera, name, c)
    }

    /// A standard's context one level down (pages in `standards/` and `posts/`).
    fn doc_context(&self, v: &Value) -> Context {
        let mut c = self.base("../");
        c.insert_value("doc", v.clone());
        c
    }

    /// Every document laid out for the site and for Markdown, in parallel.
    pub fn fragments(&self) -> Result<Vec<Fragment>> {
        self.values
            .par_iter()
            .map(|v| -> Result<Fragment> {
                let mut c = self.doc_context(v);
                c.insert("link_prefix", "../standards/");
                c.insert("link_suffix", ".html");
                let h = self.render("document.html", &c)?;
                c.insert("link_suffix", ".md");
                let m = self.render("document.md", &c)?;
                Ok((h, m))
            })
            .collect()
    }

    /// Standards: one page each, HTML and Markdown, written as rendered, in parallel.
    pub fn standards(&self, fragments: &[Fragment], sink: &dyn Sink) -> Result<()> {
        self.docs
            .par_iter()
            .zip(&self.values)
            .zip(fragments)
            .try_for_each(|((d, v), (h, m))| -> Result<()> {
                let mut c = self.doc_context(v);
                c.insert_value("doc_html", Value::safe_string(h));
                c.insert("doc_md", m);
                sink.put(
                    &Path::new(HTML)
                        .join("standards")
                        .join(format!("{}.html", d.id)),
                    self.page("standard.html", &c)?,
                )?;
                sink.put(
                    &Path::new(MD).join("standards").join(format!("{}.md", d.id)),
                    self.page("standard.md", &c)?,
                )
            })
    }

    /// Post handbooks: the table of contents from the documents, the bodies from the fragments.
    pub fn post_handbooks(
        &self,
        rank: &[usize],
        fragments: &[Fragment],
        sink: &dyn Sink,
    ) -> Result<()> {
        #[derive(Serialize)]
        struct Entry<'a> {
            id: &'a str,
            number: &'a str,
            title: &'a str,
            mark: Option<&'static str>,
            html: &'a str,
            md: &'a str,
        }
        self.posts.par_iter().try_for_each(|p| -> Result<()> {
            let entries: Vec<Entry> = p
                .standards
                .iter()
                .map(|&i| {
                    let (d, (h, m)) = (&self.docs[rank[i]], &fragments[rank[i]]);
                    Entry {
                        id: &d.id,
                        number: &d.number,
                        title: &d.title,
                        mark: d.mark,
                        html: h,
                        md: m,
                    }
                })
                .collect();
            let mut c = self.base("../");
            c.insert("post", p);
            c.insert("docs", &entries);
            sink.put(
                &Path::new(HTML).join("posts").join(format!("{}.html", p.id)),
                self.page("post.html", &c)?,
            )?;
            sink.put(
                &Path::new(MD).join("posts").join(format!("{}.md", p.id)),
                self.page("post.md", &c)?,
            )
        })
    }

    /// The site's pages at `html/`, the stylesheet and the search scripts. Returns the
    /// stylesheet, for `handbook.html` to inline.
    pub fn site(&self, tables: &TableHtml, stats: &Stats, sink: &dyn Sink) -> Result<String> {
        let html = Path::new(HTML);
        // The list of posts is html/posts.html, beside the folder: html/posts/<id>.html
        // belongs to the posts themselves (a post may be called `index`).
        let mut c = self.base("");
        c.insert("posts", &self.posts);
        sink.put(&html.join("posts.html"), self.page("posts.html", &c)?)?;
        let mut c = self.base("");
        c.insert("nodes", &self.nodes);
        c.insert("handbook", &true);
        sink.put(&html.join("index.html"), self.page("index.html", &c)?)?;
        let mut c = self.base("");
        c.insert("table_title", &self.table_title);
        tables.insert(&mut c, "summary");
        sink.put(&html.join("table.html"), self.page("table.html", &c)?)?;
        let mut c = self.base("");
        let sections: Vec<serde_json::Value> = stats
            .sections()
            .into_iter()
            .map(|(name, rows)| json!({"name": name, "rows": rows}))
            .collect();
        c.insert("sections", &sections);
        c.insert("levels", &stats.level_rows());
        c.insert("nodes", &stats.node_rows());
        sink.put(&html.join("stats.html"), self.page("stats.html", &c)?)?;
        sink.put(
            &html.join("search.html"),
            self.page("search.html", &self.base(""))?,
        )?;
        let mut c = self.base("");
        c.insert("table_css", table::html::TABLE_CSS);
        let css = self.render("style.css", &c)?;
        sink.put(
            &html.join("search.js"),
            self.page("search.js", &self.base(""))?,
        )?;
        sink.put(&html.join("search-index.js"), search_index(self.docs))?;
        sink.put(&html.join("style.css"), css.clone().into_bytes())?;
        Ok(css)
    }

    /// The whole compilation in one file: CSS inlined, no scripts, links as anchors. The page is
    /// rendered around a marker where `{{ documents | safe }}` stands, and the documents are
    /// streamed in between, one at a time, so a system of any size is never held as one string.
    pub fn handbook(&self, tables: &TableHtml, css: &str, sink: &dyn Sink) -> Result<()> {
        const MARK: &str = "<!--stdkit:documents-->";
        let mut c = self.base("");
        c.insert("css", css);
        c.insert("nodes", &self.nodes);
        c.insert("link_prefix", "#std-");
        c.insert("link_suffix", "");
        c.insert("table_title", &self.table_title);
        tables.insert(&mut c, "summary_html");
        c.insert_value("documents", Value::safe_string(MARK));
        let frame = self.render("handbook.html", &c)?;
        let (head, tail) = frame.split_once(MARK).unwrap_or((frame.as_str(), ""));
        let mut out = sink.writer(Path::new("handbook.html"))?;
        out.write_all(head.as_bytes())?;
        for v in &self.values {
            c.insert_value("doc", v.clone());
            super::templates::render_to(self.tera, "document.html", &c, &mut out)?;
        }
        out.write_all(tail.as_bytes())?;
        out.finish()
    }

    /// Markdown beside the standards and posts: summary, home, table, statistics.
    pub fn markdown(&self, table: &Table, stats: &Stats, sink: &dyn Sink) -> Result<()> {
        let md = Path::new(MD);
        let mut c = self.base("");
        c.insert("nodes", &self.nodes);
        c.insert("posts", &self.posts);
        sink.put(&md.join("SUMMARY.md"), self.page("SUMMARY.md", &c)?)?;
        sink.put(&md.join("README.md"), self.page("home.md", &c)?)?;
        sink.put(
            &md.join("table.md"),
            table::markdown::render(table).into_bytes(),
        )?;
        sink.put(&md.join("stats.md"), stats.markdown().into_bytes())?;
        sink.put(&md.join("book.toml"), book_toml(&table.title).into_bytes())
    }
}

/// Every node of the structure with its counts and its documents, in structure order.
fn nodes_nav<'a>(
    system: &'a System,
    plan: &Plan,
    docs: &'a [Document],
    counts: &Counts,
) -> Vec<NodeNav<'a>> {
    let mut nodes: Vec<NodeNav> = system
        .sys
        .nodes
        .iter()
        .enumerate()
        .map(|(k, n)| NodeNav {
            code: &n.code,
            name: &n.name,
            depth: n.depth,
            existing: counts.by_node[k].existing,
            required: counts.by_node[k].required,
            standards: Vec::new(),
        })
        .collect();
    for (d, &i) in docs.iter().zip(&plan.order) {
        if let Some(n) = nodes.get_mut(plan::node_of(system, i)) {
            n.standards.push(StdNav {
                id: &d.id,
                number: &d.number,
                title: &d.title,
                mark: d.mark,
            });
        }
    }
    nodes
}

/// `search-index.js`: the site's search data as a script (loads from `file://`, unlike JSON).
fn search_index(docs: &[Document]) -> Vec<u8> {
    let entries: Vec<serde_json::Value> = docs
        .iter()
        .enumerate()
        .map(|(k, d)| json!({"id": d.id, "number": d.number, "title": d.title, "url": format!("standards/{}.html", d.id), "order": k, "text": d.text}))
        .collect();
    // No `<` at all (it only occurs inside strings): the data cannot end a script or open a tag
    // wherever the index is inlined. search.js escapes what it shows.
    let data = serde_json::to_string(&entries)
        .unwrap_or_else(|_| "[]".into())
        .replace('<', "\\u003c");
    format!("window.STDKIT_SEARCH = {data};\n").into_bytes()
}

/// `book.toml` for `mdbook build` in the Markdown folder (the folder is the book's source).
fn book_toml(title: &str) -> String {
    // A TOML basic string: backslash, quote and control characters escaped.
    let mut t = String::with_capacity(title.len());
    for c in title.chars() {
        match c {
            '\\' => t.push_str("\\\\"),
            '"' => t.push_str("\\\""),
            c if c.is_control() => t.push_str(&format!("\\u{:04X}", c as u32)),
            c => t.push(c),
        }
    }
    format!(
        "# Written by `stdkit build`: run `mdbook build` here to make a book of this Markdown.\n\
         # The item flow charts are Mermaid blocks; the mdbook-mermaid preprocessor draws them.\n\
         [book]\ntitle = \"{t}\"\nlanguage = \"zh-CN\"\nsrc = \".\"\n\n[build]\nbuild-dir = \"book\"\ncreate-missing = false\n"
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn book_toml_escapes_the_title() {
        let t = super::book_toml("某\"中心\\体系\n");
        assert!(t.contains("title = \"某\\\"中心\\\\体系\\u000A\""), "{t}");
        assert!(t.contains("src = \".\""));
    }
}
