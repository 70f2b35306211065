//! `stdkit build` end to end: what it writes, snapshots of rendered pages, safety against
//! hostile text, determinism, template overrides and atomic output.

use crate::common;

use common::{standards, stdkit};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use stdkit::yaml::Node;

fn build(root: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    stdkit()
        .args(["build", "-q"])
        .arg(root)
        .arg("-o")
        .arg(out)
        .args(extra)
        .assert()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Every file below `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<PathBuf> {
    common::files_below(dir)
        .into_iter()
        .map(|p| p.strip_prefix(dir).unwrap().to_path_buf())
        .collect()
}

/// Status and a few fields of every standard, read straight from the YAML.
fn standards_yaml() -> Vec<Node> {
    common::standard_files(&standards())
        .into_iter()
        .map(|p| stdkit::yaml::parse(&read(&p)).root.unwrap())
        .collect()
}

fn existing(n: &Node) -> bool {
    let s = n.get("status").and_then(Node::as_str).unwrap_or("");
    [
        "trial",
        "review",
        "approved",
        "published",
        "effective",
        "revising",
    ]
    .contains(&s)
}

#[test]
fn writes_the_stable_paths() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("build");
    build(&standards(), &out, &[]).success();
    for p in [
        "html/index.html",
        "html/table.html",
        "html/stats.html",
        "html/search.html",
        "html/search-index.js",
        "handbook.html",
        "markdown/SUMMARY.md",
        "markdown/table.md",
        "markdown/stats.md",
        "markdown/book.toml",
    ] {
        assert!(out.join(p).is_file(), "{p}");
    }
    let docs = standards_yaml();
    let mut n = 0;
    for d in &docs {
        let id = d.get("id").and_then(Node::as_str).unwrap();
        let has = out.join(format!("html/standards/{id}.html")).is_file();
        assert_eq!(has, existing(d), "{id}");
        assert_eq!(
            out.join(format!("markdown/standards/{id}.md")).is_file(),
            existing(d),
            "{id}"
        );
        n += usize::from(has);
    }
    assert!(n > 100);
    for p in ["P-SL-01", "P-LD-01", "P-DT-02"] {
        assert!(out.join(format!("html/posts/{p}.html")).is_file());
        assert!(out.join(format!("markdown/posts/{p}.md")).is_file());
    }
}

#[test]
fn handbook_html_is_self_contained() {
    let dir = tempfile::tempdir().unwrap();
    build(&standards(), dir.path(), &[]).success();
    let h = read(&dir.path().join("handbook.html"));
    assert!(
        !h.contains("<script") && !h.contains("<link") && !h.contains(" src="),
        "no scripts, stylesheets or images to fetch"
    );
    assert!(
        h.matches("url(").count() == h.matches("url(#").count() && !h.contains("@import"),
        "only in-page url(#…)"
    );
    // The only URLs are SVG's namespace, which is never fetched.
    let urls = h.matches("http://").count() + h.matches("https://").count();
    assert_eq!(
        urls,
        h.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
    );
    assert!(h.contains("@media print") && h.contains("break-before: page"));
}

#[test]
fn item_page_has_the_flow_chart_with_every_step() {
    let dir = tempfile::tempdir().unwrap();
    build(&standards(), dir.path(), &[]).success();
    for d in standards_yaml()
        .iter()
        .filter(|d| existing(d) && d.get("kind").and_then(Node::as_str) == Some("item"))
    {
        let id = d.get("id").and_then(Node::as_str).unwrap();
        let page = read(&dir.path().join(format!("html/standards/{id}.html")));
        let steps = d
            .at(&stdkit::path!["item", "steps"])
            .and_then(Node::as_seq)
            .unwrap();
        let svg = &page[page.find("<svg class=\"flow\"").expect("flow chart")..];
        let svg = &svg[..svg.find("</svg>").unwrap()];
        assert_eq!(svg.matches("<g class=\"step").count(), steps.len(), "{id}");
        for s in steps {
            let name = s.get("name").and_then(Node::as_str).unwrap();
            assert!(svg.contains(&stdkit::text::html(name)), "{id}: {name}");
        }
        let md = read(&dir.path().join(format!("markdown/standards/{id}.md")));
        assert!(md.contains("```mermaid\nflowchart TD"), "{id}");
    }
}

#[test]
fn post_handbook_holds_exactly_its_standards() {
    let dir = tempfile::tempdir().unwrap();
    build(&standards(), dir.path(), &[]).success();
    let docs = standards_yaml();
    for post in ["P-SL-01", "P-CK-01", "P-LD-01", "P-DT-02"] {
        let mut work = Vec::new();
        let mut listed = BTreeSet::new();
        for d in docs.iter().filter(|d| existing(d)) {
            let id = d.get("id").and_then(Node::as_str).unwrap().to_string();
            if d.at(&stdkit::path!["work", "post"]).and_then(Node::as_str) == Some(post) {
                work.push(id);
            } else if d
                .get("posts")
                .and_then(Node::as_seq)
                .is_some_and(|p| p.iter().any(|x| x.as_str() == Some(post)))
            {
                listed.insert(id);
            }
        }
        let page = read(&dir.path().join(format!("html/posts/{post}.html")));
        let ids: Vec<String> = page
            .match_indices("<article class=\"standard\" id=\"std-")
            .map(|(i, m)| page[i + m.len()..].split('"').next().unwrap().to_string())
            .collect();
        assert_eq!(
            &ids[..work.len()],
            &work[..],
            "{post}: the work standard first"
        );
        let rest: BTreeSet<String> = ids[work.len()..].iter().cloned().collect();
        assert_eq!(rest, listed, "{post}");
        assert_eq!(
            ids.len(),
            work.len() + listed.len(),
            "{post}: no duplicates"
        );
    }
}

#[test]
fn snapshots_of_rendered_pages() {
    let dir = tempfile::tempdir().unwrap();
    build(&standards(), dir.path(), &[]).success();
    for (name, path) in [
        ("item_html", "html/standards/202-001.html"),
        ("item_md", "markdown/standards/202-001.md"),
        ("work_md", "markdown/standards/404-001.md"),
        ("management_md", "markdown/standards/303-001.md"),
        ("terms_md", "markdown/standards/102-001.md"),
        ("summary_md", "markdown/SUMMARY.md"),
        ("index_html", "html/index.html"),
        // An own DB standard, GB/T 1.1—2009: its publisher, ICS, CCS and 备案号 on the cover.
        ("own_db_2009_md", "markdown/standards/302-003.md"),
        ("own_db_2009_html", "html/standards/302-003.html"),
        // An adopted local standard with ICS, CCS and 备案号.
        ("adopted_db_md", "markdown/standards/101-029.md"),
    ] {
        insta::assert_snapshot!(name, read(&dir.path().join(path)));
    }
}

#[test]
fn builds_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build(&standards(), &a, &[]).success();
    build(&standards(), &b, &[]).success();
    let ta = tree(&a);
    assert_eq!(ta, tree(&b));
    for p in ta {
        assert!(
            std::fs::read(a.join(&p)).unwrap() == std::fs::read(b.join(&p)).unwrap(),
            "{}",
            p.display()
        );
    }
}

const SCRIPT: &str = "<script>alert(1)</script>";

#[test]
fn hostile_text_comes_out_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("sys");
    common::copy_dir(&standards(), &root);
    // A standard with a script and a javascript: link in every text field.
    let x = format!("\"{SCRIPT} [点此](javascript:alert(2)) <img src=x onerror=alert(3)>\"");
    let evil = format!(
        "id: \"201-090\"\ntitle: {x}\nkind: item\nnumber: Q/ZWZX 201.90—2026\nstatus: effective\npublished: 2026-01-01\neffective: 2026-02-01\n\
owner: {x}\nposts: [P-SL-01]\nnote: {x}\nforeword: {x}\nscope: {x}\n\
terms: [{{term: {x}, en: {x}, definition: {x}, source: {x}, note: {x}}}]\n\
clauses: [{{title: {x}, text: {x}}}]\nannexes: [{{title: {x}, nature: informative, text: {x}}}]\n\
item:\n  code: \"340300-XK-0001\"\n  name: {x}\n  type: {x}\n  subject: {x}\n  handling: promised\n  basis: [{{law: {x}, article: {x}, text: {x}}}]\n  conditions: [{x}]\n  materials: [{{name: {x}, form: original, source: {x}, basis: {x}}}]\n  steps: [{{name: {x}, post: P-SL-01, days: 1}}]\n  statutory_limit: 5\n  promised_limit: 2\n  fees: [{{item: {x}, standard: {x}, basis: {x}}}]\n  result: {x}\n  disclosure: [{x}]\n  window: {x}\n  consultation: {x}\n  complaint: {x}\n"
    );
    std::fs::write(root.join("200-quality/201-090.yaml"), evil).unwrap();
    let out = dir.path().join("out");
    build(&root, &out, &["--force"]).success();
    let mut checked = 0;
    for p in tree(&out) {
        let text = read(&out.join(&p));
        let lower = text.to_lowercase();
        assert!(!text.contains(SCRIPT), "{}: live <script>", p.display());
        assert!(!lower.contains("<img src=x"), "{}: live <img>", p.display());
        assert!(
            !lower.contains("href=\"javascript:") && !lower.contains("src=\"javascript:"),
            "{}: javascript: link",
            p.display()
        );
        if p.extension().is_some_and(|e| e == "md") {
            // In Markdown the text must not become a link or raw HTML either: parse it as a
            // renderer would.
            use pulldown_cmark::{Event, Options, Parser, Tag};
            for ev in Parser::new_ext(&text, Options::all()) {
                match ev {
                    Event::Start(Tag::Link { dest_url, .. })
                    | Event::Start(Tag::Image { dest_url, .. }) => {
                        assert!(
                            !dest_url.to_lowercase().starts_with("javascript:"),
                            "{}: live javascript: link",
                            p.display()
                        )
                    }
                    Event::Html(h) | Event::InlineHtml(h) => {
                        let h = h.to_lowercase();
                        assert!(
                            !h.contains("<script") && !h.contains("<img"),
                            "{}: raw HTML {h}",
                            p.display()
                        )
                    }
                    _ => {}
                }
            }
        }
        checked += usize::from(text.contains("alert("));
    }
    assert!(
        checked >= 4,
        "the hostile text is shown (escaped), not dropped"
    );
    let page = read(&out.join("html/standards/201-090.html"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn include_drafts_adds_marked_standards() {
    let dir = tempfile::tempdir().unwrap();
    build(&standards(), dir.path(), &["--include-drafts"]).success();
    let page = read(&dir.path().join("html/standards/404-011.html"));
    assert!(page.contains("（草案）"));
    let without = tempfile::tempdir().unwrap();
    build(&standards(), without.path(), &[]).success();
    assert!(!without.path().join("html/standards/404-011.html").exists());
}

#[test]
fn templates_can_be_overridden_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("sys");
    common::copy_dir(&standards(), &root);
    let export = dir.path().join("exported");
    stdkit()
        .args(["templates", "export"])
        .arg(&export)
        .assert()
        .success();
    assert!(export.join("standard.html").is_file() && export.join("style.css").is_file());
    assert!(
        export.join("new/item.yaml").is_file(),
        "the skeletons of `stdkit new` too"
    );
    // Exporting again refuses to overwrite.
    stdkit()
        .args(["templates", "export"])
        .arg(&export)
        .assert()
        .code(2);
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/standard.html"),
        "<p>自定义模板：{{ doc.title }}</p>",
    )
    .unwrap();
    let out = dir.path().join("out");
    build(&root, &out, &[]).success();
    assert_eq!(
        read(&out.join("html/standards/202-001.html")),
        "<p>自定义模板：企业设立登记办理规程</p>"
    );
    // Other templates keep their defaults.
    assert!(read(&out.join("html/index.html")).contains("按体系结构浏览"));
}

#[test]
fn a_failed_build_leaves_the_previous_output_intact() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("sys");
    common::copy_dir(&standards(), &root);
    let out = dir.path().join("out");
    build(&root, &out, &[]).success();
    let before: Vec<(PathBuf, Vec<u8>)> = tree(&out)
        .into_iter()
        .map(|p| (p.clone(), std::fs::read(out.join(&p)).unwrap()))
        .collect();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("templates/post.html"), "{% for x in %}").unwrap();
    let failed = build(&root, &out, &[]).code(2);
    assert!(String::from_utf8_lossy(&failed.get_output().stderr).contains("post.html"));
    let after: Vec<(PathBuf, Vec<u8>)> = tree(&out)
        .into_iter()
        .map(|p| (p.clone(), std::fs::read(out.join(&p)).unwrap()))
        .collect();
    assert!(before == after, "previous output changed");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains("stdkit-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_killed_build_leaves_a_complete_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&standards(), &out, &[]).success();
    std::fs::write(out.join("old-marker"), "old").unwrap();
    let bin = assert_cmd::cargo::cargo_bin("stdkit");
    for delay_ms in [0u64, 5, 20, 60] {
        let mut child = std::process::Command::new(&bin)
            .args(["build", "-q"])
            .arg(standards())
            .arg("-o")
            .arg(&out)
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // Either the old output or the whole new one: never a half-written tree.
        assert!(
            out.join("html/index.html").is_file()
                && out.join("handbook.html").is_file()
                && out.join("markdown/SUMMARY.md").is_file(),
            "delay {delay_ms}"
        );
        let n = tree(&out).len();
        assert!(n > 250, "delay {delay_ms}: {n} files");
    }
}

#[test]
fn output_path_that_is_a_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("build");
    std::fs::write(&file, "not a folder").unwrap();
    let a = build(&standards(), &file, &[]).code(2);
    assert!(String::from_utf8_lossy(&a.get_output().stderr).contains("not a folder"));
    assert_eq!(read(&file), "not a folder");
}

/// A system's own template is a program: one that loops (nearly) without end is stopped by the
/// render budget with exit 2, and the previous output stays as it was.
#[test]
fn a_template_that_never_ends_is_stopped_and_the_output_kept() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("sys");
    common::copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/base"),
        &root,
    );
    stdkit().arg("build").arg(&root).assert().success();
    let before = std::fs::read(root.join("build/handbook.html")).unwrap();
    stdkit()
        .args(["templates", "export"])
        .arg(root.join("templates"))
        .assert()
        .success();
    let layout = root.join("templates/layout.html");
    let text = std::fs::read_to_string(&layout).unwrap().replace(
        "</body>",
        "{% for a in range(end=99999) %}{% for b in range(end=99999) %}{% endfor %}{% endfor %}</body>",
    );
    std::fs::write(&layout, text).unwrap();
    let start = std::time::Instant::now();
    let out = stdkit()
        .env("STDKIT_RENDER_BUDGET_MS", "500")
        .arg("build")
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(start.elapsed() < std::time::Duration::from_secs(30));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("took longer than 0.5 s"), "{err}");
    assert_eq!(
        std::fs::read(root.join("build/handbook.html")).unwrap(),
        before
    );
}

/// A post whose work standard does not exist yet (none, or only planned or being drafted) is
/// flagged on its handbook and in the list of posts; a post with one is not.
#[test]
fn posts_without_an_existing_work_standard_are_flagged() {
    let dir = tempfile::tempdir().unwrap();
    build(&standards(), dir.path(), &[]).success();
    let docs = standards_yaml();
    let list = read(&dir.path().join("html/posts.html"));
    let mut flagged = 0;
    for row in list.split("<tr>").filter(|r| r.contains("href=\"posts/")) {
        let post = row
            .split("href=\"posts/")
            .nth(1)
            .unwrap()
            .split(".html")
            .next()
            .unwrap();
        let has_work = docs
            .iter()
            .filter(|d| existing(d))
            .any(|d| d.at(&stdkit::path!["work", "post"]).and_then(Node::as_str) == Some(post));
        let page = read(&dir.path().join(format!("html/posts/{post}.html")));
        let md = read(&dir.path().join(format!("markdown/posts/{post}.md")));
        for (what, text) in [("list", row), ("page", page.as_str()), ("md", md.as_str())] {
            assert_eq!(
                text.contains("（工作标准待制定）"),
                !has_work,
                "{post} in the {what}"
            );
        }
        flagged += usize::from(!has_work);
    }
    assert!(flagged >= 2, "the default system has posts without one");
}

/// `-v` tells the phases' times; off a terminal no progress bar is drawn (a log stays clean).
#[test]
fn verbose_build_tells_its_phases_and_draws_no_bar_off_a_terminal() {
    let t = tempfile::tempdir().unwrap();
    let out = build(&standards(), &t.path().join("out"), &["-v"]).code(0);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("phases: load and check "), "{err}");
    assert!(err.contains(" s, render and write "), "{err}");
    assert!(!err.contains("building ["), "{err}");
    let out = build(&standards(), &t.path().join("out"), &[]).code(0);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(!err.contains("phases:"), "{err}");
}

/// A copy of the default system with `edit` applied to the text of one standard file.
fn edited_system(file: &str, edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&standards(), dir.path());
    let p = dir.path().join(file);
    std::fs::write(&p, edit(read(&p))).unwrap();
    dir
}

#[test]
fn the_2009_edition_leaves_out_empty_chapters_and_labels_annexes_its_way() {
    // 302-003 is drafted to GB/T 1.1—2009 and has neither references nor terms; without its
    // written 前言 the generated one opens with the 2009 sentence and uses the self-reference.
    let sys = edited_system("300-management/302-003.yaml", |t| {
        let t: String = t
            .lines()
            .filter(|l| !l.starts_with("foreword:"))
            .map(|l| format!("{l}\n"))
            .collect();
        t.replace(
            "drafting_rule: GB/T 1.1—2009",
            "drafting_rule: GB/T 1.1—2009\nself_reference: 本规程",
        ) + "annexes:\n  - title: 人员配备表\n    nature: normative\n    text: 见正文。\n  - title: 示例\n    nature: informative\n    text: 示例。\n"
    });
    let out = tempfile::tempdir().unwrap();
    build(sys.path(), out.path(), &[]).success();
    let md = read(&out.path().join("markdown/standards/302-003.md"));
    assert!(
        md.contains("本规程按照GB/T 1.1—2009给出的规则起草。"),
        "{md}"
    );
    assert!(
        md.contains("本规程由青海省政务服务监督管理局提出。"),
        "{md}"
    );
    assert!(!md.contains("规范性引用文件"), "{md}");
    assert!(!md.contains("术语和定义"), "{md}");
    assert!(
        md.contains("## 2　人员组成") || md.contains("## 2 人员组成"),
        "{md}"
    );
    assert!(md.contains("附录A（规范性附录）"), "{md}");
    assert!(md.contains("附录B（资料性附录）"), "{md}");
    let html = read(&out.path().join("html/standards/302-003.html"));
    assert!(html.contains("（规范性附录）"));
    // The 2020 default keeps both chapters and says there is nothing in them.
    let md = read(&out.path().join("markdown/standards/303-001.md"));
    assert!(md.contains("GB/T 1.1—2020"), "{md}");
}

#[test]
fn a_free_layout_keeps_its_own_chapters_and_generates_nothing_from_the_block() {
    // The item standard drafted with its own chapter plan: after 1–3 only its clauses, numbered
    // 4, 5 … so that "按本规程5.1" in its text still points where it did.
    let sys = edited_system("200-quality/202-001.yaml", |t| {
        let at = t.find("\nclauses:").expect("202-001 has clauses");
        format!(
            "{}\nlayout: free\nclauses:\n  - title: 申请与受理\n    text: 申请人提交材料。\n    clauses:\n      - title: 受理\n        text: 窗口受理。\n  - title: 审查\n    text: 按本规程4.1审查。\n",
            &t[..at]
        )
    });
    let out = tempfile::tempdir().unwrap();
    build(sys.path(), out.path(), &[]).success();
    let md = read(&out.path().join("markdown/standards/202-001.md"));
    assert!(md.contains("## 4　申请与受理"), "{md}");
    assert!(md.contains("### 4.1　受理"), "{md}");
    assert!(md.contains("## 5　审查"), "{md}");
    assert!(!md.contains("## 6"), "{md}");
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
    for generated in ["事项基本信息", "申请材料", "办理时限", "收费标准"] {
        assert!(
            !headings.iter().any(|h| h.contains(generated)),
            "{generated} generated in a free layout: {headings:?}"
        );
    }
    assert!(!md.contains("```mermaid"), "no flow chart in a free layout");
    assert!(
        !md.contains("**表1"),
        "no generated tables in a free layout: {md}"
    );
    let html = read(&out.path().join("html/standards/202-001.html"));
    assert!(!html.contains("<svg"), "no flow chart in a free layout");
}

#[test]
fn toc_introduction_bibliography_index_and_quotes() {
    let sys = edited_system("100-basic/102-001.yaml", |t| {
        let at = t.find("\nclauses:").expect("102-001 has clauses");
        format!(
            "{}\nintroduction: 为统一中心用语，制定本文件。\nbibliography: [\"101-001\", 《政务服务事项基本目录》]\nindex: true\nclauses:\n  - title: 法定用语\n    text: 申请材料存在可以当场更正的错误的，应当允许申请人当场更正。\n    quote: 《中华人民共和国行政许可法》第三十二条\n",
            &t[..at]
        )
    });
    let out = tempfile::tempdir().unwrap();
    build(sys.path(), out.path(), &[]).success();
    let md = read(&out.path().join("markdown/standards/102-001.md"));
    let toc = md.find("## 目次").expect("a 目次");
    let intro = md.find("## 引言").expect("an 引言");
    let foreword = md.find("## 前言").unwrap();
    let scope = md.find("## 1　范围").unwrap();
    assert!(toc < foreword && foreword < intro && intro < scope, "{md}");
    for line in [
        "- [前言](#102-001-foreword)",
        "- [引言](#102-001-introduction)",
        "- [3　术语和定义](#102-001-c3)",
        "- [4　法定用语](#102-001-c4)",
        "- [参考文献](#102-001-bibliography)",
        "- [索引](#102-001-index)",
    ] {
        assert!(md.contains(line), "{line} missing: {md}");
    }
    // Term entries are not in the 目次.
    assert!(!md.contains("](#102-001-c3-1)\n- [3.2"), "{md}");
    // A bibliography entry naming a standard of the system: its number and title, linked.
    assert!(
        md.contains("\\[1\\]　[Q/ZWZX 101.1—2024　标准体系编制与管理规范](")
            || md.contains("[1]　[Q/ZWZX 101.1—2024　标准体系编制与管理规范]("),
        "{md}"
    );
    assert!(md.contains("《政务服务事项基本目录》"), "{md}");
    // The quoted statute's source after its text.
    let quoted = md.find("应当允许申请人当场更正。").unwrap();
    let source = md
        .find("［来源：《中华人民共和国行政许可法》第三十二条］")
        .unwrap();
    assert!(quoted < source);
    // 索引: the terms in code-point order (no pinyin data yet), then the English terms.
    let index = &md[md.find("## 索引").unwrap()..];
    let zh: Vec<&str> = index
        .lines()
        .filter(|l| l.starts_with("- ") && !l.is_ascii())
        .map(|l| l.trim_start_matches("- ").split('　').next().unwrap())
        .filter(|t| !t.is_ascii())
        .collect();
    let mut sorted = zh.clone();
    sorted.sort();
    assert_eq!(zh, sorted);
    assert!(zh.contains(&"政务服务中心"), "{index}");
    assert!(index.contains("administrative service centre"), "{index}");
    let html = read(&out.path().join("html/standards/102-001.html"));
    assert!(html.contains("<nav class=\"doc-toc\""));
    assert!(html.contains("id=\"102-001-index\""));
    // toc: false leaves the 目次 out.
    let sys2 = edited_system("100-basic/102-001.yaml", |t| format!("toc: false\n{t}"));
    let out2 = tempfile::tempdir().unwrap();
    build(sys2.path(), out2.path(), &[]).success();
    assert!(!read(&out2.path().join("markdown/standards/102-001.md")).contains("## 目次"));
}
