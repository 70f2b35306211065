//! Layout checks in a real headless browser (Debian's `chromium`, installed by `.ci/run`).
//! A probe script is added to a copy of the page; it measures the boxes and writes its verdict
//! into the DOM, which `--dump-dom` prints. Screenshots are kept in `target/screenshots/`.

mod common;

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
