//! Layout checks in a real headless browser (Debian's `chromium`, installed by `.ci/run`).
//! A probe script is added to a copy of the page; it measures the boxes and writes its verdict
//! into the DOM, which `--dump-dom` prints. Screenshots are kept in `target/screenshots/`.

use crate::common;

use common::{standards, stdkit};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where Chromium is; the suite fails (rather than skips) when it is missing, unless
/// STDKIT_SKIP_BROWSER is set, so CI cannot pass without running these tests.
fn chromium() -> Option<PathBuf> {
    if std::env::var_os("STDKIT_SKIP_BROWSER").is_some() {
        return None;
    }
    for p in [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ] {
        if Path::new(p).exists() {
            return Some(PathBuf::from(p));
        }
    }
    panic!(
        "headless Chromium not found: install Debian's `chromium` (see .ci/run) or set STDKIT_SKIP_BROWSER=1"
    );
}

const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=1280,1800",
];

fn run(browser: &Path, page: &Path, extra: &[String]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(browser)
        .args(FLAGS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The probe: every chart box and table cell has a size, nothing overflows its box, the page
/// does not scroll sideways. Writes `PROBE:OK` or `PROBE:FAIL …`.
const PROBE: &str = r#"<script>
window.addEventListener('load', () => {
  const fail = [];
  const boxes = [...document.querySelectorAll('.chart .box')];
  if (boxes.length === 0) fail.push('no chart boxes');
  for (const b of boxes) {
    const r = b.getBoundingClientRect();
    if (r.width < 20 || r.height < 10) fail.push('empty box ' + b.dataset.code);
    if (b.scrollWidth > b.clientWidth + 1) fail.push('overflowing box ' + b.dataset.code);
  }
  const cells = [...document.querySelectorAll('table td')];
  if (cells.length === 0) fail.push('no table cells');
  for (const c of cells) {
    const r = c.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) { fail.push('empty cell'); break; }
  }
  for (const t of document.querySelectorAll('table')) {
    if (t.getBoundingClientRect().right > document.documentElement.clientWidth + 1) { fail.push('table wider than page'); break; }
  }
  const p = document.createElement('pre');
  p.id = 'probe';
  p.textContent = fail.length ? 'PROBE:FAIL ' + fail.slice(0, 5).join('; ') : 'PROBE:OK ' + boxes.length + ' boxes, ' + cells.length + ' cells';
  document.body.appendChild(p);
});
</script>"#;

fn probe(browser: &Path, html: &str, dir: &Path, extra_css: &str) -> String {
    let page = dir.join("page.html");
    let html = html
        .replace("</head>", &format!("<style>{extra_css}</style></head>"))
        .replace("</body>", &format!("{PROBE}</body>"));
    std::fs::write(&page, html).unwrap();
    let dom = run(browser, &page, &["--dump-dom".to_string()]);
    dom.lines()
        .find(|l| l.contains("PROBE:"))
        .map(|l| l.trim().to_string())
        .unwrap_or_else(|| format!("no probe output: {}", &dom[..dom.len().min(300)]))
}

fn screenshot(browser: &Path, page: &Path, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = dir.join(name);
    run(browser, page, &[format!("--screenshot={}", png.display())]);
    png
}

#[test]
fn table_html_lays_out_in_a_browser() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = stdkit()
        .args(["table", "--format", "html"])
        .arg(standards())
        .assert()
        .success();
    let html = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let verdict = probe(&browser, &html, dir.path(), "");
    assert!(verdict.contains("PROBE:OK"), "{verdict}");
    // The probe can fail: collapse the boxes and it must notice.
    let broken = probe(
        &browser,
        &html,
        dir.path(),
        ".chart .box { width: 4px; height: 4px; padding: 0; overflow: hidden; flex: none; }",
    );
    assert!(broken.contains("PROBE:FAIL"), "{broken}");
    // A screenshot for people to look at; it must be a real PNG.
    let page = dir.path().join("table.html");
    std::fs::write(&page, &html).unwrap();
    let png = screenshot(&browser, &page, "table.png");
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000);
}

/// A built site, shared by the site tests.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    stdkit()
        .args(["build", "-q"])
        .arg(standards())
        .arg("-o")
        .arg(dir.path())
        .assert()
        .success();
    dir
}

/// Adds the probe `script` to a copy of `page` (beside it, so relative links still work) and
/// returns what it wrote.
fn probe_page(browser: &Path, page: &Path, script: &str) -> String {
    let html = std::fs::read_to_string(page).unwrap();
    let copy = page.with_file_name("probe-copy.html");
    std::fs::write(
        &copy,
        html.replace("</body>", &format!("<script>{script}</script></body>")),
    )
    .unwrap();
    let dom = run(
        browser,
        &copy,
        &[
            "--dump-dom".to_string(),
            "--virtual-time-budget=3000".to_string(),
        ],
    );
    dom.split("<pre>PROBE:")
        .nth(1)
        .and_then(|s| s.split("</pre>").next())
        .map(|s| format!("PROBE:{s}"))
        .unwrap_or_else(|| "no probe output".into())
}

/// Checks the flow charts: each drawn, each step box inside the chart, each label inside its box.
const FLOW_PROBE: &str = r#"
window.addEventListener('load', () => {
  const fail = [];
  const charts = [...document.querySelectorAll('svg.flow')];
  if (charts.length === 0) fail.push('no flow chart');
  let steps = 0;
  for (const svg of charts) {
    const r = svg.getBoundingClientRect();
    if (r.width < 100 || r.height < 100) fail.push('flow chart not drawn');
    for (const g of svg.querySelectorAll('g.step')) {
      steps++;
      const b = g.querySelector('rect').getBoundingClientRect();
      if (b.width < 50 || b.height < 20) fail.push('empty step box');
      if (b.left < r.left - 1 || b.right > r.right + 1 || b.bottom > r.bottom + 1) fail.push('step outside chart');
      for (const t of g.querySelectorAll('text')) {
        const tb = t.getBoundingClientRect();
        if (tb.width === 0 || tb.left < b.left - 1 || tb.right > b.right + 1) fail.push('label overflows its box: ' + t.textContent);
      }
    }
  }
  for (const c of document.querySelectorAll('table td')) {
    const b = c.getBoundingClientRect();
    if (b.width <= 0 || b.height <= 0) { fail.push('empty cell'); break; }
  }
  if (document.documentElement.scrollWidth > document.documentElement.clientWidth + 1) fail.push('page scrolls sideways');
  const p = document.createElement('pre');
  p.textContent = fail.length ? 'PROBE:FAIL ' + fail.slice(0, 5).join('; ') : 'PROBE:OK ' + charts.length + ' charts, ' + steps + ' steps';
  document.body.appendChild(p);
});
"#;

#[test]
fn item_page_flow_chart_and_tables_lay_out() {
    let Some(browser) = chromium() else { return };
    let dir = site();
    let page = dir.path().join("html/standards/202-001.html");
    let verdict = probe_page(&browser, &page, FLOW_PROBE);
    assert!(
        verdict.starts_with("PROBE:OK 1 charts, 4 steps"),
        "{verdict}"
    );
    let png = screenshot(&browser, &page, "item-page.png");
    assert!(std::fs::read(png).unwrap().starts_with(b"\x89PNG"));
    // The single-file handbook: every chart of every item procedure lays out too.
    let verdict = probe_page(&browser, &dir.path().join("handbook.html"), FLOW_PROBE);
    assert!(verdict.starts_with("PROBE:OK 32 charts"), "{verdict}");
}

#[test]
fn search_finds_a_chinese_word() {
    let Some(browser) = chromium() else { return };
    let dir = site();
    let search = dir.path().join("html/search.html");
    let profile = tempfile::tempdir().unwrap();
    let read = |q: &str| {
        let out = Command::new(&browser)
            .args(FLAGS)
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("--dump-dom")
            .arg(format!("file://{}?q={q}", search.display()))
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let dom = read("%E5%8F%97%E7%90%86"); // 受理
    let status = dom
        .split("id=\"search-status\"")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap_or("")
        .to_string();
    assert!(status.contains("“受理”：找到"), "{status}");
    let hits: Vec<&str> = dom
        .match_indices("<a href=\"standards/")
        .map(|(i, m)| dom[i + m.len()..].split('"').next().unwrap())
        .collect();
    assert!(hits.len() > 30, "{} hits", hits.len());
    assert!(hits.contains(&"202-001.html"));
    for h in &hits {
        let page = std::fs::read_to_string(dir.path().join("html/standards").join(h)).unwrap();
        assert!(page.contains("受理"), "{h} does not contain 受理");
    }
    assert!(dom.contains("<mark>受理</mark>"));
    let none = read("%E6%97%A0%E6%AD%A4%E8%AF%8D%E8%AF%AD"); // 无此词语
    assert!(none.contains("找到 0 项标准"));
}

/// The compliance reports as printed: the page set to the printable width of A4 landscape
/// (277 mm) at the print font sizes, no table wider than the page and no cell whose content is
/// clipped (wider than the cell).
const PRINT_PROBE: &str = r#"<script>
window.addEventListener('load', () => {
  const fail = [];
  const page = document.body.getBoundingClientRect().right;
  const cells = [...document.querySelectorAll('table td, table th')];
  if (cells.length === 0) fail.push('no table cells');
  for (const c of cells) {
    if (c.scrollWidth > c.clientWidth + 1) { fail.push('clipped cell: ' + c.textContent.slice(0, 30)); break; }
  }
  for (const t of document.querySelectorAll('table')) {
    if (t.getBoundingClientRect().right > page + 1) { fail.push('table wider than the page'); break; }
  }
  const p = document.createElement('pre');
  p.id = 'probe';
  p.textContent = fail.length ? 'PROBE:FAIL ' + fail.join('; ') : 'PROBE:OK ' + cells.length + ' cells';
  document.body.appendChild(p);
});
</script>"#;

#[test]
fn compliance_reports_print_on_a4_landscape() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    // The print rules of the page, applied on screen at the width of the printed page.
    // Wide reports print landscape (277 mm between the margins), the training report portrait.
    for (kind, page_css, width) in [
        ("implementation", "size: A4 landscape", "277mm"),
        ("training", "size: A4;", "190mm"),
        ("actions", "size: A4 landscape", "277mm"),
        ("cases", "size: A4 landscape", "277mm"),
        ("evaluations", "size: A4 landscape", "277mm"),
    ] {
        let print = format!(
            "body {{ width: {width}; max-width: none; padding: 0; margin: 0; font-size: 9pt; }} table {{ font-size: 8.5pt; }}"
        );
        let out = stdkit()
            .args(["report", kind, "--format", "html"])
            .arg(standards())
            .assert()
            .success();
        let html = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(html.contains(page_css), "{kind}");
        let page = dir.path().join(format!("{kind}.html"));
        let html = html
            .replace("</head>", &format!("<style>{print}</style></head>"))
            .replace("</body>", &format!("{PRINT_PROBE}</body>"));
        std::fs::write(&page, &html).unwrap();
        let dom = run(&browser, &page, &["--dump-dom".to_string()]);
        let verdict = dom
            .lines()
            .find(|l| l.contains("PROBE:"))
            .unwrap_or("no probe output")
            .to_string();
        assert!(verdict.contains("PROBE:OK"), "{kind}: {verdict}");
        // The probe can fail: squeeze the page and a column must clip or overflow.
        let squeezed = html.replace(&format!("width: {width}"), "width: 60mm");
        std::fs::write(&page, squeezed).unwrap();
        let dom = run(&browser, &page, &["--dump-dom".to_string()]);
        assert!(
            dom.contains("PROBE:FAIL"),
            "{kind}: the probe did not notice a narrow page"
        );
    }
}

/// The page sizes of a PDF as Chromium writes it (one `/MediaBox` per page), in points.
fn media_boxes(pdf: &[u8]) -> Vec<(f64, f64)> {
    let text = String::from_utf8_lossy(pdf);
    text.split("/MediaBox")
        .skip(1)
        .filter_map(|rest| {
            let inner = rest.trim_start().strip_prefix('[')?;
            let inner = &inner[..inner.find(']')?];
            let n: Vec<f64> = inner
                .split_whitespace()
                .filter_map(|x| x.parse().ok())
                .collect();
            (n.len() == 4).then(|| (n[2] - n[0], n[3] - n[1]))
        })
        .collect()
}

/// The dossier prints as an A4 document (portrait, landscape for the wide tables), many pages,
/// with its inline scan loaded and every evidence section laid out.
#[test]
fn dossier_prints_as_an_a4_document() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dossier");
    stdkit()
        .args(["report", "dossier", "-o"])
        .arg(&out)
        .arg(standards())
        .assert()
        .success();
    let page = out.join("index.html");
    let pdf = dir.path().join("dossier.pdf");
    run(
        &browser,
        &page,
        &[
            "--no-pdf-header-footer".to_string(),
            format!("--print-to-pdf={}", pdf.display()),
        ],
    );
    let bytes = std::fs::read(&pdf).expect("Chromium wrote the PDF");
    let boxes = media_boxes(&bytes);
    assert!(boxes.len() > 20, "{} pages", boxes.len());
    let a4 = |(w, h): (f64, f64)| {
        let near = |a: f64, b: f64| (a - b).abs() < 2.0;
        (near(w, 595.3) && near(h, 841.9)) || (near(w, 841.9) && near(h, 595.3))
    };
    assert!(boxes.iter().all(|b| a4(*b)), "{boxes:?}");
    assert!(
        boxes.iter().any(|b| b.0 > b.1),
        "the wide tables print landscape"
    );
    assert!(boxes.iter().any(|b| b.0 < b.1), "the rest prints portrait");
    // In the page itself: the scan is loaded, every criterion section has a size.
    let html = std::fs::read_to_string(&page).unwrap();
    let probe = r#"<script>
window.addEventListener('load', () => {
  const fail = [];
  const imgs = [...document.querySelectorAll('img')];
  if (imgs.length === 0) fail.push('no image');
  for (const i of imgs) if (!i.complete || i.naturalWidth === 0) fail.push('image not loaded: ' + i.src);
  const crit = [...document.querySelectorAll('[data-criterion]')];
  if (crit.length === 0) fail.push('no criterion');
  for (const c of crit) if (c.getBoundingClientRect().height < 10) fail.push('empty ' + c.dataset.criterion);
  const p = document.createElement('pre');
  p.textContent = fail.length ? 'PROBE:FAIL ' + fail.join('; ') : 'PROBE:OK ' + crit.length + ' criteria';
  document.body.appendChild(p);
});
</script>"#;
    let probed = out.join("probe.html");
    std::fs::write(&probed, html.replace("</body>", &format!("{probe}</body>"))).unwrap();
    let dom = run(&browser, &probed, &["--dump-dom".to_string()]);
    let verdict = dom
        .lines()
        .find(|l| l.contains("PROBE:"))
        .unwrap_or("no probe output");
    assert!(verdict.contains("PROBE:OK"), "{verdict}");
}

/// `probe_page` with `css` added to the copy's head first (to show that a probe can fail).
fn probe_page_with(browser: &Path, page: &Path, css: &str, script: &str) -> String {
    let html = std::fs::read_to_string(page).unwrap();
    let copy = page.with_file_name("probe-styled.html");
    std::fs::write(
        &copy,
        html.replace("</head>", &format!("<style>{css}</style></head>")),
    )
    .unwrap();
    probe_page(browser, &copy, script)
}

/// GB/T 1.1 typesetting of a standard's page: numbered table captions, no "•" list markers but
/// —— and a), a two-character first-line indent on body paragraphs and none on list items, the
/// 终结线 centred at the end, term entries with the number on a line of its own and every entry
/// indented alike, narrow columns on one line, the metadata table's key column not collapsed.
const TYPESET_PROBE: &str = r#"
window.addEventListener('load', () => {
  const fail = [];
  const art = document.querySelector('article.standard');
  const caps = [...art.querySelectorAll('.body table > caption')].map(c => c.textContent);
  if (caps.length === 0 || !caps[0].startsWith('表1')) fail.push('no 表1 caption: ' + caps.join(','));
  caps.forEach((c, k) => { if (!c.startsWith('表' + (k + 1))) fail.push('caption out of order: ' + c); });
  if (art.innerText.includes('•')) fail.push('a • in the text');
  if (art.innerText.includes('见下表')) fail.push('见下表 in the text');
  for (const li of art.querySelectorAll('.body li:not(.refs > li), .foreword li')) {
    const t = getComputedStyle(li.parentElement).listStyleType;
    if (t === 'disc' || t === 'circle' || t === 'square' || t === 'decimal' || t === 'none') { fail.push('list marker ' + t); break; }
    if (parseFloat(getComputedStyle(li).textIndent) !== 0) { fail.push('indented list item'); break; }
  }
  const ul = art.querySelector('.body > section > ul:not(.refs)');
  if (ul && getComputedStyle(ul).listStyleType !== '"——"') fail.push('ul marker ' + getComputedStyle(ul).listStyleType);
  const p = art.querySelector('.body > section > p');
  const fs = parseFloat(getComputedStyle(p).fontSize);
  if (Math.abs(parseFloat(getComputedStyle(p).textIndent) - 2 * fs) > 1) fail.push('no first-line indent');
  for (const h of art.querySelectorAll('.body h3, .body h4')) if (parseFloat(getComputedStyle(h).textIndent) !== 0) { fail.push('indented heading'); break; }
  const end = art.querySelector('.body > hr.end-rule:last-child');
  if (!end) fail.push('no 终结线 closing the body');
  else {
    const r = end.getBoundingClientRect(), b = end.parentElement.getBoundingClientRect();
    if (r.width < 20 || r.width > b.width * 0.5) fail.push('终结线 not short: ' + r.width);
    if (Math.abs((r.left - b.left) - (b.right - r.right)) > 2) fail.push('终结线 not centred');
  }
  const nums = [...art.querySelectorAll('.entry')].map(e => [e.querySelector('.entry-num'), e.querySelector('.term')]);
  const lefts = new Set();
  for (const [n, t] of nums) {
    const nr = n.getBoundingClientRect(), tr = t.getBoundingClientRect();
    if (tr.top < nr.bottom - 1) fail.push('term on the number line: ' + n.textContent);
    lefts.add(Math.round(tr.left) + ':' + Math.round(nr.left));
  }
  if (lefts.size > 1) fail.push('term entries indented differently');
  for (const c of art.querySelectorAll('td.nowrap, th.nowrap')) {
    if (c.textContent && c.getBoundingClientRect().height > 2.2 * parseFloat(getComputedStyle(c).fontSize) + 10) { fail.push('wrapped narrow cell ' + c.textContent); break; }
  }
  for (const th of art.querySelectorAll('table.meta th')) {
    if (th.getBoundingClientRect().width < 4.5 * parseFloat(getComputedStyle(th).fontSize)) { fail.push('collapsed meta key column'); break; }
  }
  const out = document.createElement('pre');
  out.textContent = fail.length ? 'PROBE:FAIL ' + fail.slice(0, 5).join('; ') : 'PROBE:OK ' + caps.length + ' tables, ' + nums.length + ' terms';
  document.body.appendChild(out);
});
"#;

#[test]
fn standard_pages_are_typeset_as_gbt_1_1() {
    let Some(browser) = chromium() else { return };
    let dir = site();
    let standards = dir.path().join("html/standards");
    // An item procedure: its generated tables numbered 表1 … 表4, lists, the 终结线.
    let verdict = probe_page(&browser, &standards.join("202-001.html"), TYPESET_PROBE);
    assert!(verdict.starts_with("PROBE:OK 4 tables"), "{verdict}");
    // A standard with twelve term entries (3.1 … 3.12) and a long 适用岗位 list.
    let verdict = probe_page(&browser, &standards.join("102-001.html"), TYPESET_PROBE);
    assert!(verdict.ends_with(", 20 terms"), "{verdict}");
    // The probe can fail: round markers, no indent, an entry's term beside its number.
    for css in [
        "article.standard ul, article.standard ol { list-style-type: disc !important; }",
        "article.standard :is(.body, .foreword) p { text-indent: 0 !important; }",
        ".entry { display: flex; } .entry > p { margin: 0 1em 0 0; }",
        "hr.end-rule { width: 100% !important; }",
        "table.meta { table-layout: auto !important; } table.meta col.key { width: auto !important; } table.meta th { width: 1px; word-break: normal !important; } table.meta td { min-width: 40em; }",
    ] {
        let page = if css.contains("entry") {
            "102-001.html"
        } else {
            "202-001.html"
        };
        let verdict = probe_page_with(&browser, &standards.join(page), css, TYPESET_PROBE);
        assert!(verdict.starts_with("PROBE:FAIL"), "{css}: {verdict}");
    }
}

/// The site's table page: the structure chart, in a scroll box narrower than the chart, starts
/// at its left edge (nothing clipped where it cannot be scrolled to), and the detail table's
/// title column is wider than four characters.
const SITE_TABLE_PROBE: &str = r#"
window.addEventListener('load', () => {
  const fail = [];
  const chart = document.querySelector('.chart');
  const box = chart.getBoundingClientRect();
  if (chart.scrollWidth <= chart.clientWidth) fail.push('the chart fits: no overflow to test');
  if (chart.scrollLeft !== 0) fail.push('scrollLeft ' + chart.scrollLeft);
  const first = chart.querySelector('.top > .branch > .box').getBoundingClientRect();
  if (first.left < box.left - 1 || first.left < 0) fail.push('first node clipped at x=' + first.left);
  const titles = [...document.querySelectorAll('table.detail td.title')];
  if (titles.length === 0) fail.push('no title cells');
  for (const t of titles) {
    if (t.getBoundingClientRect().width <= 4 * parseFloat(getComputedStyle(t).fontSize)) { fail.push('narrow title column: ' + t.textContent); break; }
  }
  const out = document.createElement('pre');
  out.textContent = fail.length ? 'PROBE:FAIL ' + fail.join('; ') : 'PROBE:OK ' + titles.length + ' titles';
  document.body.appendChild(out);
});
"#;

#[test]
fn site_table_scrolls_its_chart_and_keeps_titles_readable() {
    let Some(browser) = chromium() else { return };
    let dir = site();
    let page = dir.path().join("html/table.html");
    let narrow = ".systable .chart { width: 420px; }";
    let verdict = probe_page_with(&browser, &page, narrow, SITE_TABLE_PROBE);
    assert!(verdict.starts_with("PROBE:OK"), "{verdict}");
    // The probe can fail: the old centred row clips the left column; a squeezed title column.
    let centred =
        format!("{narrow} .systable .chart .top {{ justify-content: center; min-width: 0; }}");
    let verdict = probe_page_with(&browser, &page, &centred, SITE_TABLE_PROBE);
    assert!(verdict.contains("first node clipped"), "{verdict}");
    let squeezed = format!(
        "{narrow} .systable td.title {{ min-width: 0; }} .systable table.detail {{ table-layout: fixed; width: 500px; }}"
    );
    let verdict = probe_page_with(&browser, &page, &squeezed, SITE_TABLE_PROBE);
    assert!(verdict.contains("narrow title column"), "{verdict}");
}
