//! `stdkit build`: the handbooks (标准汇编 and one handbook per post, 按岗编制成册) as a static
//! HTML site, one self-contained `handbook.html` and Markdown, through tera templates.
//!
//! Documents are computed once (`document`), in parallel; templates only lay them out. Every
//! output file is rendered in memory, written into a staging folder beside the output folder,
//! and swapped into place at the end, so a failed build leaves the previous output intact.

pub mod document;
pub mod flow;
pub mod markdown;
pub mod templates;

use crate::count::Counts;
use crate::index::Index;
use crate::stats::Stats;
use crate::system::System;
use crate::table::{self, Table};
use crate::text::{natural_cmp, percent as pct};
use anyhow::{Context as _, Result, bail};
use document::{Cx, Document};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use tera::Context;

/// Options of a build.
#[derive(Clone, Debug)]
pub struct Options {
    /// The output folder (`<root>/build` by default).
    pub out: PathBuf,
    /// Include standards in the pipeline (marked 征求意见稿 / 草案).
    pub include_drafts: bool,
}

/// What a build wrote.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub standards: usize,
    pub posts: usize,
    pub files: usize,
}

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

#[derive(Serialize)]
struct PostNav {
    id: String,
    name: String,
    department: String,
    tier: String,
    count: usize,
}

/// Which standards go into the handbooks: existing ones, plus the pipeline with drafts. A
/// standard whose id cannot name a file (N003, built with `--force`) gets no page.
fn included(system: &System, drafts: bool) -> Vec<bool> {
    system
        .standards
        .iter()
        .map(|l| {
            l.std.id().is_some_and(crate::model::forms::file_safe)
                && l.std
                    .status()
                    .is_some_and(|s| s.is_existing() || (drafts && s.is_pipeline()))
        })
        .collect()
}

/// Builds every output into `opts.out`.
pub fn build(system: &System, opts: &Options) -> Result<Report> {
    check_output(system, &opts.out)?;
    let tera = templates::load(&system.root.dir)?;
    let mut report = Report::default();
    write_tree(&opts.out, |sink| {
        report = render(system, opts, &tera, sink)?;
        Ok(())
    })?;
    Ok(report)
}

/// Where rendered files go: a staging folder (`build`), or memory (tests, benchmarks).
pub trait Sink: Sync {
    /// Stores a whole file at `path` (relative to the output folder).
    fn put(&self, path: &Path, bytes: Vec<u8>) -> Result<()>;
    /// A writer for a file too large to hold in memory at once.
    fn writer(&self, path: &Path) -> Result<Box<dyn FileWriter + '_>>;
    /// How many files were stored.
    fn count(&self) -> usize;
}

/// A file being written piece by piece; `finish` completes it.
pub trait FileWriter: Write {
    fn finish(self: Box<Self>) -> Result<()>;
}

/// Files kept in memory, sorted by path on the way out.
#[derive(Default)]
pub struct MemSink(Mutex<Vec<(PathBuf, Vec<u8>)>>);

impl MemSink {
    pub fn into_files(self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }
}

struct MemFile<'a> {
    sink: &'a MemSink,
    path: PathBuf,
    bytes: Vec<u8>,
}

impl Write for MemFile<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl FileWriter for MemFile<'_> {
    fn finish(self: Box<Self>) -> Result<()> {
        let MemFile { sink, path, bytes } = *self;
        sink.put(&path, bytes)
    }
}

impl Sink for MemSink {
    fn put(&self, path: &Path, bytes: Vec<u8>) -> Result<()> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path.to_path_buf(), bytes));
        Ok(())
    }
    fn writer(&self, path: &Path) -> Result<Box<dyn FileWriter + '_>> {
        Ok(Box::new(MemFile {
            sink: self,
            path: path.to_path_buf(),
            bytes: Vec::new(),
        }))
    }
    fn count(&self) -> usize {
        self.0.lock().map_or(0, |v| v.len())
    }
}

/// Files written into a (staging) folder as they come.
struct DirSink {
    root: PathBuf,
    count: AtomicUsize,
}

impl DirSink {
    fn path(&self, rel: &Path) -> Result<PathBuf> {
        let path = self.root.join(rel);
        if let Some(dir) = path.parent()
            && !dir.is_dir()
        {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create `{}`", dir.display()))?;
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        Ok(path)
    }
}

struct DirFile(std::io::BufWriter<std::fs::File>, PathBuf);

impl Write for DirFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl FileWriter for DirFile {
    fn finish(mut self: Box<Self>) -> Result<()> {
        self.0
            .flush()
            .with_context(|| format!("cannot write `{}`", self.1.display()))
    }
}

impl Sink for DirSink {
    fn put(&self, rel: &Path, bytes: Vec<u8>) -> Result<()> {
        let path = self.path(rel)?;
        std::fs::write(&path, bytes).with_context(|| format!("cannot write `{}`", path.display()))
    }
    fn writer(&self, rel: &Path) -> Result<Box<dyn FileWriter + '_>> {
        let path = self.path(rel)?;
        let f = std::fs::File::create(&path)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        Ok(Box::new(DirFile(
            std::io::BufWriter::with_capacity(1 << 20, f),
            path,
        )))
    }
    fn count(&self) -> usize {
        self.count.load(Ordering::Relaxed)
    }
}

/// Renders every output file into `sink`.
pub fn render(
    system: &System,
    opts: &Options,
    tera: &tera::Tera,
    sink: &dyn Sink,
) -> Result<Report> {
    let sys = &system.sys;
    let counts = Counts::of(&system.standards, sys);
    let index = Index::new(&system.standards, sys);
    let table = Table::build_from(system, &counts, &index);
    let included = included(system, opts.include_drafts);

    // Structure order: by node, then id in natural order.
    let node_of = |i: usize| {
        system.standards[i]
            .std
            .node()
            .and_then(|n| sys.node(n))
            .unwrap_or(usize::MAX)
    };
    let mut order: Vec<usize> = (0..system.standards.len())
        .filter(|&i| included[i])
        .collect();
    order.sort_by(|&a, &b| {
        node_of(a).cmp(&node_of(b)).then_with(|| {
            natural_cmp(
                system.standards[a].std.id().unwrap_or(""),
                system.standards[b].std.id().unwrap_or(""),
            )
        })
    });
    let mut rank = vec![usize::MAX; system.standards.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    // Who references whom, among the included standards, in structure order.
    let mut referenced_by: Vec<Vec<usize>> = vec![Vec::new(); system.standards.len()];
    for &i in &order {
        for r in &system.standards[i].std.references {
            // `i` is pushed in order, so a repeat can only be the last entry (no quadratic scan).
            if let Some(t) = index.resolve(&r.value.0)
                && t != i
                && referenced_by[t].last() != Some(&i)
            {
                referenced_by[t].push(i);
            }
        }
    }
    let cx = Cx {
        system,
        index: &index,
        included: &included,
        referenced_by: &referenced_by,
    };
    let docs: Vec<Document> = order.par_iter().map(|&i| document::build(&cx, i)).collect();

    let site = Site {
        title: sys.config.title.clone().unwrap_or_default(),
        organisation: sys.config.organisation.clone().unwrap_or_default(),
    };
    let stats = Stats::new(system, None);
    let summary = json!({
        "existing": counts.overall.existing,
        "required": counts.overall.required,
        "coverage": pct(counts.coverage()),
        "target": pct(Some(stats.target)),
        "posts": sys.posts.entries.len(),
    });
    // Navigation by structure.
    let mut nodes: Vec<NodeNav> = sys
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
    for (r, &i) in order.iter().enumerate() {
        let d = &docs[r];
        let nav = StdNav {
            id: &d.id,
            number: &d.number,
            title: &d.title,
            mark: d.mark,
        };
        if let Some(n) = nodes.get_mut(node_of(i)) {
            n.standards.push(nav);
        }
    }
    // Per-post handbooks: the post's work standards first, then every other included standard
    // that lists the post, each in structure order.
    let mut post_docs: Vec<(PostNav, Vec<usize>)> = Vec::new();
    for p in &sys.posts.entries {
        let Some(id) =
            p.id.as_ref()
                .map(|i| i.value.as_str())
                .filter(|i| crate::model::forms::file_safe(i))
        else {
            continue;
        };
        let defines = |i: &usize| {
            let s = &system.standards[*i].std;
            s.work
                .as_ref()
                .and_then(|w| w.post.as_ref())
                .is_some_and(|w| w.value.as_str() == id)
        };
        let mut list: Vec<usize> = order.iter().copied().filter(defines).collect();
        list.extend(order.iter().copied().filter(|i| {
            !defines(i)
                && system.standards[*i]
                    .std
                    .posts
                    .iter()
                    .any(|x| x.value.as_str() == id)
        }));
        let tier = match p.tier {
            Some(crate::model::Tier::Decision) => "决策层",
            Some(crate::model::Tier::Management) => "管理层",
            Some(crate::model::Tier::Execution) => "执行层",
            None => "",
        };
        post_docs.push((
            PostNav {
                id: id.to_string(),
                name: p.name.clone().unwrap_or_default(),
                department: p.department.clone().unwrap_or_default(),
                tier: tier.to_string(),
                count: list.len(),
            },
            list,
        ));
    }
    let posts_nav: Vec<&PostNav> = post_docs.iter().map(|(p, _)| p).collect();
    let table_title = format!("{}标准体系表", site.title.trim_end_matches("标准体系"));

    // Contexts shared by pages at the site root and one level down.
    let base = |root: &str| {
        let mut c = Context::new();
        c.insert("site", &site);
        c.insert("root", root);
        c.insert("summary", &summary);
        c
    };
    let page = |name: &str, c: &Context| -> Result<Vec<u8>> {
        tera.render(name, c)
            .map(String::into_bytes)
            .map_err(|e| template_error(name, e))
    };
    let html = Path::new("html");
    let md = Path::new("markdown");
    // Each document becomes a template value once; pages share it (its maps and lists are
    // reference-counted), however many post handbooks include it.
    let values: Vec<tera::Value> = docs
        .par_iter()
        .map(tera::Value::from_serializable)
        .collect();

    // Each document is laid out once for the site and once for Markdown; the fragment serves
    // the standard's own page and every post handbook that includes it (links go through
    // `../standards/`, right from both folders). handbook.html lays documents out with anchors.
    let fragments: Vec<(String, String)> = docs
        .par_iter()
        .zip(&values)
        .map(|(_, v)| -> Result<(String, String)> {
            let mut c = base("../");
            c.insert_value("doc", v.clone());
            c.insert("link_prefix", "../standards/");
            c.insert("link_suffix", ".html");
            let h = tera
                .render("document.html", &c)
                .map_err(|e| template_error("document.html", e))?;
            c.insert("link_suffix", ".md");
            let m = tera
                .render("document.md", &c)
                .map_err(|e| template_error("document.md", e))?;
            Ok((h, m))
        })
        .collect::<Result<_>>()?;
    // Standards: one page each, HTML and Markdown, written as rendered, in parallel.
    docs.par_iter().zip(&values).zip(&fragments).try_for_each(
        |((d, v), (h, m))| -> Result<()> {
            let mut c = base("../");
            c.insert_value("doc", v.clone());
            c.insert_value("doc_html", tera::Value::safe_string(h));
            c.insert("doc_md", m);
            sink.put(
                &html.join("standards").join(format!("{}.html", d.id)),
                page("standard.html", &c)?,
            )?;
            sink.put(
                &md.join("standards").join(format!("{}.md", d.id)),
                page("standard.md", &c)?,
            )
        },
    )?;
    // Posts: the table of contents from the documents, the bodies from the fragments.
    #[derive(Serialize)]
    struct Entry<'a> {
        id: &'a str,
        number: &'a str,
        title: &'a str,
        mark: Option<&'static str>,
        html: &'a str,
        md: &'a str,
    }
    post_docs
        .par_iter()
        .try_for_each(|(p, list)| -> Result<()> {
            let entries: Vec<Entry> = list
                .iter()
                .map(|&i| {
                    let (d, (h, m)) = (&docs[rank[i]], &fragments[rank[i]]);
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
            let mut c = base("../");
            c.insert("post", p);
            c.insert("docs", &entries);
            sink.put(
                &html.join("posts").join(format!("{}.html", p.id)),
                page("post.html", &c)?,
            )?;
            sink.put(
                &md.join("posts").join(format!("{}.md", p.id)),
                page("post.md", &c)?,
            )
        })?;
    drop(fragments);
    // The list of posts is html/posts.html, beside the folder: html/posts/<id>.html belongs to
    // the posts themselves (a post may be called `index`).
    let mut c = base("");
    c.insert("posts", &posts_nav);
    sink.put(&html.join("posts.html"), page("posts.html", &c)?)?;

    // Site pages.
    let chart = table::html::chart(&table);
    let detail = table::html::detail(&table);
    let statistics = table::html::statistics(&table);
    let summary_html = table::html::summary(&table);
    let mut c = base("");
    c.insert("nodes", &nodes);
    c.insert("handbook", &true);
    sink.put(&html.join("index.html"), page("index.html", &c)?)?;
    let mut c = base("");
    c.insert("table_title", &table_title);
    c.insert("chart", &chart);
    c.insert("detail", &detail);
    c.insert("statistics", &statistics);
    c.insert("summary", &summary_html);
    sink.put(&html.join("table.html"), page("table.html", &c)?)?;
    let mut c = base("");
    let sections: Vec<serde_json::Value> = stats
        .sections()
        .into_iter()
        .map(|(name, rows)| json!({"name": name, "rows": rows}))
        .collect();
    c.insert("sections", &sections);
    c.insert("levels", &stats.level_rows());
    c.insert("nodes", &stats.node_rows());
    sink.put(&html.join("stats.html"), page("stats.html", &c)?)?;
    sink.put(&html.join("search.html"), page("search.html", &base(""))?)?;
    let css = page("style.css", &base(""))?;
    sink.put(&html.join("search.js"), page("search.js", &base(""))?)?;
    sink.put(&html.join("search-index.js"), search_index(&docs))?;

    // The whole compilation in one file: CSS inlined, no scripts, links as anchors. The page is
    // rendered around a marker where `{{ documents | safe }}` stands, and the documents are
    // streamed in between, one at a time, so a system of any size is never held as one string.
    const MARK: &str = "<!--stdkit:documents-->";
    let mut c = base("");
    c.insert("css", &String::from_utf8_lossy(&css).into_owned());
    c.insert("nodes", &nodes);
    c.insert("link_prefix", "#std-");
    c.insert("link_suffix", "");
    c.insert("table_title", &table_title);
    c.insert("chart", &chart);
    c.insert("detail", &detail);
    c.insert("statistics", &statistics);
    c.insert("summary_html", &summary_html);
    c.insert_value("documents", tera::Value::safe_string(MARK));
    let frame = String::from_utf8(page("handbook.html", &c)?).unwrap_or_default();
    let (head, tail) = frame.split_once(MARK).unwrap_or((frame.as_str(), ""));
    let mut out = sink.writer(Path::new("handbook.html"))?;
    out.write_all(head.as_bytes())?;
    for v in &values {
        c.insert_value("doc", v.clone());
        tera.render_to("document.html", &c, &mut out)
            .map_err(|e| template_error("document.html", e))?;
    }
    out.write_all(tail.as_bytes())?;
    out.finish()?;
    sink.put(&html.join("style.css"), css)?;

    // Markdown: summary, table, statistics, home.
    let mut c = base("");
    c.insert("nodes", &nodes);
    c.insert("posts", &posts_nav);
    sink.put(&md.join("SUMMARY.md"), page("SUMMARY.md", &c)?)?;
    sink.put(&md.join("README.md"), page("home.md", &c)?)?;
    sink.put(
        &md.join("table.md"),
        table::markdown::render(&table).into_bytes(),
    )?;
    sink.put(&md.join("stats.md"), stats.markdown().into_bytes())?;
    Ok(Report {
        standards: docs.len(),
        posts: post_docs.len(),
        files: sink.count(),
    })
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

fn template_error(name: &str, e: tera::Error) -> anyhow::Error {
    anyhow::anyhow!("template `{name}` failed: {e}")
}

/// The file that marks a folder as a stdkit output, so `build` may replace it.
pub const MARKER: &str = ".stdkit-build";

/// Refuses an output folder whose replacement would lose sources: the root or a folder above it,
/// a folder holding files of the system, or an existing folder with content that is not a
/// previous stdkit output.
pub fn check_output(system: &System, out: &Path) -> Result<()> {
    let absolute = |p: &Path| -> PathBuf {
        if let Ok(c) = p.canonicalize() {
            return c;
        }
        let abs = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        match (
            abs.parent().and_then(|d| d.canonicalize().ok()),
            abs.file_name(),
        ) {
            (Some(d), Some(n)) => d.join(n),
            _ => abs,
        }
    };
    let out_abs = absolute(out);
    let root = &system.root.dir;
    if root.starts_with(&out_abs) {
        bail!(
            "`{}` is the system's root or a folder above it; the handbook would replace the system (choose another output folder)",
            out.display()
        );
    }
    let holds = |f: &Path| root.join(f).starts_with(&out_abs);
    if system.standards.iter().any(|l| holds(&l.rel)) {
        bail!(
            "`{}` holds standard files of the system; the handbook would replace them (choose another output folder)",
            out.display()
        );
    }
    if out_abs.is_dir()
        && !out_abs.join(MARKER).is_file()
        && std::fs::read_dir(&out_abs).is_ok_and(|mut d| d.next().is_some())
    {
        bail!(
            "`{}` is not empty and is not a stdkit output folder; choose a new folder, or empty it first",
            out.display()
        );
    }
    Ok(())
}

/// Lets `fill` write into a staging folder beside `out`, then swaps it into place. When
/// `fill` fails (or the process dies) the previous output stays as it was.
pub fn write_tree(out: &Path, fill: impl FnOnce(&dyn Sink) -> Result<()>) -> Result<()> {
    if out.exists() && !out.is_dir() {
        bail!("`{}` exists and is not a folder", out.display());
    }
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create `{}`", parent.display()))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "build".into());
    remove_stale(parent, &name);
    let staging = parent.join(format!(".{name}.stdkit-tmp-{}", std::process::id()));
    let old = parent.join(format!(".{name}.stdkit-old-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let result = (|| -> Result<()> {
        std::fs::create_dir_all(&staging)
            .with_context(|| format!("cannot create `{}`", staging.display()))?;
        let sink = DirSink {
            root: staging.clone(),
            count: AtomicUsize::new(0),
        };
        sink.put(
            Path::new(MARKER),
            b"This folder is written by `stdkit build` and replaced by the next build.\n".to_vec(),
        )?;
        fill(&sink)?;
        if out.exists() {
            std::fs::rename(out, &old)
                .with_context(|| format!("cannot replace `{}`", out.display()))?;
        }
        if let Err(e) = std::fs::rename(&staging, out) {
            // Put the previous output back.
            let _ = std::fs::rename(&old, out);
            return Err(e).with_context(|| format!("cannot write `{}`", out.display()));
        }
        remove_tree(&old);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// Removes a previous output: its files in parallel (tens of thousands of them), then the
/// folders. Best effort: what cannot be removed is left, never an error of the build.
fn remove_tree(dir: &Path) {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(e.path()),
                _ => files.push(e.path()),
            }
        }
    }
    files.par_iter().for_each(|f| {
        let _ = std::fs::remove_file(f);
    });
    let _ = std::fs::remove_dir_all(dir);
}

/// Removes staging folders left by builds that were killed (their process is gone).
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name();
        let file = file.to_string_lossy();
        let pid = file
            .strip_prefix(&format!(".{name}.stdkit-tmp-"))
            .or_else(|| file.strip_prefix(&format!(".{name}.stdkit-old-")))
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && !Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}
