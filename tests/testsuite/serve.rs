//! `stdkit serve` driven over HTTP: the page shows a saved change, findings are a page, and
//! nothing is written into the system.

use crate::common::{copy_dir, files_below, standards};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The server, killed when the test ends (also when it fails).
struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `GET path` → (status, body).
fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

/// Polls `path` until `pred` holds on its body (a rebuild follows a save within a second or
/// two; 60 s leaves room for a loaded CI machine).
fn wait_for(addr: &str, path: &str, pred: impl Fn(u16, &str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (status, body) = get(addr, path);
        if pred(status, &body) {
            return body;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{path} never changed: {status} {}",
            &body[..body.len().min(300)]
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn serve_shows_a_saved_change_and_the_findings() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("sys");
    copy_dir(&standards(), &root);
    let before = files_below(&root);
    let child = Command::new(assert_cmd::cargo::cargo_bin("stdkit"))
        .args(["serve", "--port", "0", "--lang", "zh"])
        .arg(&root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut served = Served(child);
    let mut line = String::new();
    BufReader::new(served.0.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("http://")
        .and_then(|a| a.strip_suffix('/'))
        .unwrap_or_else(|| panic!("no address: {line:?}"))
        .to_string();

    let (status, index) = get(&addr, "/");
    assert_eq!(status, 200);
    assert!(index.contains("/__stdkit/generation"), "the reload script");
    let page = "/html/standards/202-001.html";
    let (status, body) = get(&addr, page);
    assert_eq!(status, 200);
    assert!(body.contains("企业设立登记办理规程"));
    assert!(!body.contains("预览改动"));
    let (_, generation) = get(&addr, "/__stdkit/generation");

    // A saved change is on the next load of the page.
    let file = root.join("200-quality/202-001.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let changed = text.replacen(
        "title: 企业设立登记办理规程",
        "title: 企业设立登记办理规程（预览改动）",
        1,
    );
    assert_ne!(changed, text);
    std::fs::write(&file, &changed).unwrap();
    wait_for(&addr, page, |s, b| s == 200 && b.contains("预览改动"));
    let (_, next) = get(&addr, "/__stdkit/generation");
    assert!(next.trim().parse::<u64>().unwrap() > generation.trim().parse::<u64>().unwrap());

    // An error does not stop the preview: the findings are a page, and pages link to it.
    let broken = changed.replacen("status: effective", "status: 现行中", 1);
    assert_ne!(broken, changed);
    std::fs::write(&file, &broken).unwrap();
    let findings = wait_for(&addr, "/__stdkit/findings", |_, b| b.contains("错误["));
    assert!(findings.contains("202-001.yaml"), "{findings}");
    let (_, index) = get(&addr, "/html/index.html");
    assert!(index.contains("/__stdkit/findings"), "the error bar");
    let (status, _) = get(&addr, "/html/no-such-page.html");
    assert_eq!(status, 404);

    drop(served);
    let mut after = files_below(&root);
    after.retain(|p| !p.starts_with(root.join(".stdkit-cache")));
    assert_eq!(before, after, "serve wrote into the system");
}
