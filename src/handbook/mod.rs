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
use crate::load::System;
use crate::stats::Stats;
use crate::table::{self, Table, natural_cmp};
use anyhow::{Context as _, Result, bail};
use document::{Cx, Document};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use std::path::{Path, PathBuf};
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
            l.std.id().is_some_and(crate::rules::naming::file_safe)
                && l.std
                    .status()
                    .is_some_and(|s| s.is_existing() || (drafts && s.is_pipeline()))
        })
        .collect()
}

/// Builds every output into `opts.out`.
pub fn build(system: &System, opts: &Options) -> Result<Report> {
    let tera = templates::load(&system.root.dir)?;
    let files = render(system, opts, &tera)?;
    let n = files.files.len();
    write_tree(&opts.out, &files.files)?;
    Ok(Report {
        standards: files.standards,
        posts: files.posts,
        files: n,
    })
}

/// An output file: its path relative to the output folder, and its bytes.
pub type OutFile = (PathBuf, Vec<u8>);

/// Rendered outputs, not yet written.
pub struct Rendered {
    pub files: Vec<OutFile>,
    pub standards: usize,
    pub posts: usize,
}

/// Renders every output file in memory.
pub fn render(system: &System, opts: &Options, tera: &tera::Tera) -> Result<Rendered> {
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
    let doc_at = |i: usize| &docs[rank[i]];

    let site = Site {
        title: sys.config.title.clone().unwrap_or_default(),
        organisation: sys.config.organisation.clone().unwrap_or_default(),
    };
    let stats = Stats::new(system, None);
    let pct =
        |r: Option<f64>| r.map_or_else(|| "—".to_string(), |r| format!("{}%", table::pct(Some(r))));
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
                .filter(|i| crate::rules::naming::file_safe(i))
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
    let mut files: Vec<OutFile> = Vec::new();
    let html = Path::new("html");
    let md = Path::new("markdown");

    // Standards: one page each, HTML and Markdown, in parallel.
    let std_pages: Vec<Result<[OutFile; 2]>> = docs
        .par_iter()
        .map(|d| {
            let mut c = base("../");
            c.insert("doc", d);
            c.insert("link_prefix", "");
            c.insert("link_suffix", ".html");
            let h = page("standard.html", &c)?;
            c.insert("link_suffix", ".md");
            let m = page("standard.md", &c)?;
            Ok([
                (html.join("standards").join(format!("{}.html", d.id)), h),
                (md.join("standards").join(format!("{}.md", d.id)), m),
            ])
        })
        .collect();
    for p in std_pages {
        files.extend(p?);
    }
    // Posts.
    let post_pages: Vec<Result<[OutFile; 2]>> = post_docs
        .par_iter()
        .map(|(p, list)| {
            let list: Vec<&Document> = list.iter().map(|&i| doc_at(i)).collect();
            let mut c = base("../");
            c.insert("post", p);
            c.insert("docs", &list);
            c.insert("link_prefix", "../standards/");
            c.insert("link_suffix", ".html");
            let h = page("post.html", &c)?;
            c.insert("link_suffix", ".md");
            let m = page("post.md", &c)?;
            Ok([
                (html.join("posts").join(format!("{}.html", p.id)), h),
                (md.join("posts").join(format!("{}.md", p.id)), m),
            ])
        })
        .collect();
    for p in post_pages {
        files.extend(p?);
    }
    let mut c = base("../");
    c.insert("posts", &posts_nav);
    files.push((html.join("posts/index.html"), page("posts.html", &c)?));

    // Site pages.
    let chart = table::html::chart(&table);
    let detail = table::html::detail(&table);
    let statistics = table::html::statistics(&table);
    let summary_html = table::html::summary(&table);
    let mut c = base("");
    c.insert("nodes", &nodes);
    c.insert("handbook", &true);
    files.push((html.join("index.html"), page("index.html", &c)?));
    let mut c = base("");
    c.insert("table_title", &table_title);
    c.insert("chart", &chart);
    c.insert("detail", &detail);
    c.insert("statistics", &statistics);
    c.insert("summary", &summary_html);
    files.push((html.join("table.html"), page("table.html", &c)?));
    let mut c = base("");
    let sections: Vec<serde_json::Value> = stats
        .sections()
        .into_iter()
        .map(|(name, rows)| json!({"name": name, "rows": rows}))
        .collect();
    c.insert("sections", &sections);
    c.insert("levels", &stats.level_rows());
    c.insert("nodes", &stats.node_rows());
    files.push((html.join("stats.html"), page("stats.html", &c)?));
    files.push((html.join("search.html"), page("search.html", &base(""))?));
    files.push((html.join("style.css"), page("style.css", &base(""))?));
    files.push((html.join("search.js"), page("search.js", &base(""))?));
    files.push((html.join("search-index.js"), search_index(&docs)));

    // The whole compilation in one file: CSS inlined, no scripts, links as anchors.
    let mut c = base("");
    c.insert(
        "css",
        &String::from_utf8_lossy(&page("style.css", &base(""))?).into_owned(),
    );
    c.insert("nodes", &nodes);
    c.insert("docs", &docs);
    c.insert("link_prefix", "#std-");
    c.insert("link_suffix", "");
    c.insert("table_title", &table_title);
    c.insert("chart", &chart);
    c.insert("detail", &detail);
    c.insert("statistics", &statistics);
    c.insert("summary_html", &summary_html);
    files.push((PathBuf::from("handbook.html"), page("handbook.html", &c)?));

    // Markdown: summary, table, statistics, home.
    let mut c = base("");
    c.insert("nodes", &nodes);
    c.insert("posts", &posts_nav);
    files.push((md.join("SUMMARY.md"), page("SUMMARY.md", &c)?));
    files.push((md.join("README.md"), page("home.md", &c)?));
    files.push((
        md.join("table.md"),
        table::markdown::render(&table).into_bytes(),
    ));
    files.push((md.join("stats.md"), stats.markdown().into_bytes()));

    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Rendered {
        files,
        standards: docs.len(),
        posts: post_docs.len(),
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

/// Writes the files into a staging folder beside `out`, then swaps it into place.
pub fn write_tree(out: &Path, files: &[OutFile]) -> Result<()> {
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
    let staging = parent.join(format!(".{name}.stdkit-tmp-{}", std::process::id()));
    let old = parent.join(format!(".{name}.stdkit-old-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let result = (|| -> Result<()> {
        let mut dirs: Vec<PathBuf> = files
            .iter()
            .filter_map(|(p, _)| p.parent().map(|d| staging.join(d)))
            .collect();
        dirs.sort();
        dirs.dedup();
        for d in dirs.iter().chain(std::iter::once(&staging)) {
            std::fs::create_dir_all(d)
                .with_context(|| format!("cannot create `{}`", d.display()))?;
        }
        files.par_iter().try_for_each(|(p, bytes)| {
            let path = staging.join(p);
            std::fs::write(&path, bytes)
                .with_context(|| format!("cannot write `{}`", path.display()))
        })?;
        if out.exists() {
            std::fs::rename(out, &old)
                .with_context(|| format!("cannot replace `{}`", out.display()))?;
        }
        if let Err(e) = std::fs::rename(&staging, out) {
            // Put the previous output back.
            let _ = std::fs::rename(&old, out);
            return Err(e).with_context(|| format!("cannot write `{}`", out.display()));
        }
        let _ = std::fs::remove_dir_all(&old);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}
