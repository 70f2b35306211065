//! `stdkit serve`: a live preview of the handbook site. The system is checked and rendered into
//! memory (nothing is written into the system or its `build/`), served on localhost, and built
//! again when a file under the root changes; each page asks for the site's generation once a
//! second and reloads when it has moved on. Findings never stop the preview: they are a page of
//! their own, and every page links to it while there are errors.
//!
//! The watcher is `notify` and the server `tiny_http`: a preview for one person on one machine
//! needs neither an async runtime nor a web framework (ARCHITECTURE.md, dependencies).

use crate::diag::{Lang, Severity};
use crate::handbook::{self, MemSink, Options};
use crate::report::{self, Format, Style, Summary};
use crate::system::{OUTPUT_DIR, Root};
use anyhow::{Context, Result};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// Where the reload script asks for the generation, and where the findings are shown.
pub const GENERATION: &str = "/__stdkit/generation";
pub const FINDINGS: &str = "/__stdkit/findings";

/// How to preview.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub port: u16,
    pub include_drafts: bool,
    pub cache: bool,
    pub lang: Option<Lang>,
}

/// One rendering of the system: its files by URL path, and what `check` found.
#[derive(Default)]
struct Site {
    generation: u64,
    files: HashMap<String, Vec<u8>>,
    /// The findings as a page (always there, "no findings" included).
    findings: String,
    errors: usize,
    warnings: usize,
    /// Why nothing could be rendered (the page shown at every path), if so.
    failed: Option<String>,
}

/// What a rebuild reports to whoever started the preview.
pub struct Built {
    pub generation: u64,
    pub errors: usize,
    pub warnings: usize,
    pub files: usize,
    pub failed: Option<String>,
    pub elapsed: Duration,
}

/// Serves the system at `root` until the process ends. `ready` is told the address once the
/// first build is served; `rebuilt` after every build.
pub fn run(
    root: Root,
    opts: &ServeOptions,
    ready: impl FnOnce(SocketAddr),
    rebuilt: impl Fn(&Built) + Send + 'static,
) -> Result<()> {
    let server = tiny_http::Server::http(("127.0.0.1", opts.port)).map_err(|e| {
        anyhow::anyhow!(said!(
            "cannot listen on 127.0.0.1:{}: {}",
            "无法在 127.0.0.1:{} 上监听：{}",
            opts.port,
            e
        ))
    })?;
    let addr = server
        .server_addr()
        .to_ip()
        .context("the server has no IP address")?;
    let site = Arc::new(RwLock::new(Site::default()));
    let built = rebuild(&root, opts, &site);
    rebuilt(&built);

    // The watcher lives as long as the server; events go to a thread that debounces them
    // (an editor's save is several events) and rebuilds.
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx)?;
    notify::Watcher::watch(&mut watcher, &root.dir, notify::RecursiveMode::Recursive)
        .with_context(|| said!("cannot watch `{}`", "无法监视 `{}`", root.dir.display()))?;
    {
        let (root, opts, site) = (root.clone(), opts.clone(), Arc::clone(&site));
        std::thread::spawn(move || {
            while let Ok(event) = rx.recv() {
                if !relevant(&root.dir, &event) {
                    continue;
                }
                // Let the burst settle: whatever else arrives within 150 ms is the same save.
                while rx.recv_timeout(Duration::from_millis(150)).is_ok() {}
                rebuilt(&rebuild(&root, &opts, &site));
            }
        });
    }
    ready(addr);
    for request in server.incoming_requests() {
        let response = respond(&site, request.url());
        let _ = request.respond(response);
    }
    drop(watcher);
    Ok(())
}

/// Whether a change matters to the site: not the output folder, git's own files, the case
/// cache, or an editor's swap and backup files.
fn relevant(root: &Path, event: &notify::Result<notify::Event>) -> bool {
    let Ok(event) = event else {
        return true;
    };
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return false;
    }
    event.paths.iter().any(|p| {
        let rel = p.strip_prefix(root).unwrap_or(p);
        let mut parts = rel.components();
        let first = parts
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        first != OUTPUT_DIR
            && !first.starts_with('.')
            && !name.starts_with('.')
            && !name.ends_with('~')
            && !name.ends_with(".swp")
    })
}

/// Checks and renders the system into memory and swaps it in as the next generation.
fn rebuild(root: &Root, opts: &ServeOptions, site: &RwLock<Site>) -> Built {
    let start = std::time::Instant::now();
    let mut next = Site::default();
    match render(root, opts, &mut next) {
        Ok(()) => {}
        Err(e) => next.failed = Some(format!("{e:#}")),
    }
    let mut current = site.write().unwrap_or_else(|e| e.into_inner());
    next.generation = current.generation + 1;
    *current = next;
    Built {
        generation: current.generation,
        errors: current.errors,
        warnings: current.warnings,
        files: current.files.len(),
        failed: current.failed.clone(),
        elapsed: start.elapsed(),
    }
}

fn render(root: &Root, opts: &ServeOptions, site: &mut Site) -> Result<()> {
    let load = crate::load::Options {
        today: None,
        lean: false,
        period: None,
        cache: opts.cache,
    };
    let system = crate::check::run(root.clone(), &load)?;
    let lang = opts
        .lang
        .or(system.sys.config.lang.map(|l| match l {
            crate::model::LangSetting::En => Lang::En,
            crate::model::LangSetting::Zh => Lang::Zh,
        }))
        .unwrap_or(Lang::En);
    let diags = &system.diagnostics;
    site.errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    site.warnings = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let mut text = Vec::new();
    let summary = Summary::of(diags, system.files, system.standards.len());
    let style = Style { lang, color: false };
    report::write(Format::Human, diags, summary, style, false, &mut text)?;
    site.findings = findings_page(&String::from_utf8_lossy(&text), site.errors);
    // Rendered as `build --force` would: the preview shows what is there, errors and all.
    let tera = handbook::templates::load(&system.root.dir)?;
    let sink = MemSink::default();
    handbook::render(
        &system,
        &Options {
            out: PathBuf::from(OUTPUT_DIR),
            include_drafts: opts.include_drafts,
        },
        &tera,
        &sink,
    )?;
    site.files = sink
        .into_files()
        .into_iter()
        .map(|(p, bytes)| {
            let url = p
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            (url, bytes)
        })
        .collect();
    Ok(())
}

fn findings_page(text: &str, errors: usize) -> String {
    let title = if errors > 0 {
        format!("{errors} 个错误 · errors")
    } else {
        "检查结果 · findings".to_string()
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>body{{font-family:sans-serif;margin:2em}}pre{{white-space:pre-wrap;font-size:14px}}</style>\
         </head><body><h1>{title}</h1><p><a href=\"/html/index.html\">标准汇编 · handbook</a></p>\
         <pre>{}</pre></body></html>\n",
        crate::text::html(text)
    )
}

/// The answer to one request (only `GET`s are sent by a browser reading the site).
fn respond(site: &RwLock<Site>, url: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let site = site.read().unwrap_or_else(|e| e.into_inner());
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let path = percent_decode(path);
    if path == GENERATION {
        return response(
            200,
            "text/plain; charset=utf-8",
            site.generation.to_string(),
        );
    }
    if path == FINDINGS {
        return response(
            200,
            "text/html; charset=utf-8",
            with_reload(&site.findings, &site),
        );
    }
    if let Some(why) = &site.failed {
        let page = findings_page(why, 1);
        return response(500, "text/html; charset=utf-8", with_reload(&page, &site));
    }
    let mut key = path.trim_start_matches('/').to_string();
    if key.is_empty() {
        key = "html/index.html".into();
    } else if key.ends_with('/') {
        key.push_str("index.html");
    }
    match site.files.get(&key) {
        Some(bytes) => {
            let kind = content_type(&key);
            if kind.starts_with("text/html") {
                let page = String::from_utf8_lossy(bytes);
                response(200, kind, with_reload(&page, &site))
            } else {
                response(200, kind, bytes.clone())
            }
        }
        None => response(
            404,
            "text/html; charset=utf-8",
            format!(
                "<!DOCTYPE html><meta charset=\"utf-8\"><p>没有这个页面 · not found: <code>{}</code></p>\
                 <p><a href=\"/html/index.html\">标准汇编 · handbook</a></p>",
                crate::text::html(&key)
            ),
        ),
    }
}

/// A page with the reload script, and a bar linking to the findings while there are errors.
fn with_reload(page: &str, site: &Site) -> String {
    let bar = if site.errors > 0 && site.failed.is_none() {
        format!(
            "<div style=\"position:fixed;bottom:0;left:0;right:0;background:#b00020;color:#fff;padding:.4em 1em;z-index:99\">\
             {} 个错误、{} 个警告 · {} errors: <a style=\"color:#fff\" href=\"{FINDINGS}\">查看 · show</a></div>",
            site.errors, site.warnings, site.errors
        )
    } else {
        String::new()
    };
    let script = format!(
        "<script>(function(){{var g={};setInterval(function(){{fetch('{GENERATION}').then(function(r){{return r.text()}})\
         .then(function(t){{if(t!==String(g))location.reload()}}).catch(function(){{}})}},1000)}})();</script>",
        site.generation
    );
    let extra = format!("{bar}{script}");
    match page.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &page[..i], &page[i..]),
        None => format!("{page}{extra}"),
    }
}

fn response(
    status: u16,
    kind: &str,
    body: impl Into<Vec<u8>>,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut r = tiny_http::Response::from_data(body.into()).with_status_code(status);
    if let Ok(h) = tiny_http::Header::from_bytes(&b"Content-Type"[..], kind.as_bytes()) {
        r.add_header(h);
    }
    if let Ok(h) = tiny_http::Header::from_bytes(&b"Cache-Control"[..], &b"no-store"[..]) {
        r.add_header(h);
    }
    r
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "md" | "txt" | "toml" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

/// `%E4%BC%81` → `企`: browsers send the UTF-8 bytes of a path percent-encoded.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_decoded_and_pages_reload() {
        assert_eq!(percent_decode("/html/%E4%BC%81.html"), "/html/企.html");
        assert_eq!(percent_decode("/a%2"), "/a%2");
        let site = Site {
            generation: 7,
            ..Site::default()
        };
        let page = with_reload("<html><body><p>x</p></body></html>", &site);
        assert!(page.contains("var g=7;"));
        assert!(page.ends_with("</script></body></html>"));
        assert!(!page.contains(FINDINGS), "no errors, no bar");
    }

    #[test]
    fn output_and_hidden_files_do_not_rebuild() {
        let root = Path::new("/sys");
        let ev = |p: &str| {
            Ok(
                notify::Event::new(notify::EventKind::Modify(notify::event::ModifyKind::Any))
                    .add_path(PathBuf::from(p)),
            )
        };
        assert!(relevant(root, &ev("/sys/100-basic/101-001.yaml")));
        assert!(!relevant(root, &ev("/sys/build/html/index.html")));
        assert!(!relevant(root, &ev("/sys/.git/index")));
        assert!(!relevant(root, &ev("/sys/100-basic/.101-001.yaml.swp")));
        assert!(!relevant(root, &ev("/sys/.stdkit-cache/x")));
    }
}
