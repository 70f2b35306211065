//! The rule reference in `docs/` is generated from the registry and the `explain/` pages: this
//! test fails when it is out of step (`STDKIT_UPDATE_DOCS=1 cargo test --test testsuite docs::` rewrites it).

use stdkit::diag::Lang;

#[test]
fn rule_reference_is_in_sync() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (lang, path) in [(Lang::En, "docs/rules.md"), (Lang::Zh, "docs/zh/rules.md")] {
        let want = stdkit::explain::reference(lang);
        let path = root.join(path);
        if std::env::var_os("STDKIT_UPDATE_DOCS").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{} is out of step with the rule registry and explain/: run \
             `STDKIT_UPDATE_DOCS=1 cargo test --test testsuite docs::`",
            path.display()
        );
    }
}

/// Every relative link of the user reference points at a file that exists.
#[test]
fn reference_links_resolve() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut broken = Vec::new();
    for page in [
        "README.md",
        "format.md",
        "outputs.md",
        "cli.md",
        "rules.md",
        "zh/rules.md",
        "compliance.md",
        "zh/实施记录指南.md",
        "zh/起草指南.md",
        "cases.md",
        "zh/办件与评价指南.md",
    ] {
        let path = root.join("docs").join(page);
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, _) in text.match_indices("](") {
            let rest = &text[i + 2..];
            let Some(end) = rest.find(')') else { continue };
            let target = rest[..end].split('#').next().unwrap_or("");
            if target.is_empty() || target.contains("://") || target.contains(' ') {
                continue;
            }
            if !path.parent().unwrap().join(target).exists() {
                broken.push(format!("{page}: {target}"));
            }
        }
    }
    assert!(broken.is_empty(), "broken links: {broken:?}");
}

/// The CI examples the README points to are workflows: they parse, name their jobs, and the
/// pull-request one runs the change rules and posts the diff.
#[test]
fn ci_examples_are_workflows() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ci");
    for (file, needles) in [
        (
            "stdkit.yml",
            &["--since", "diff --format md", "actions/cache"][..],
        ),
        (
            "release.yml",
            &["windows-latest", "cargo build --release --locked"][..],
        ),
    ] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let v: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
        assert!(
            v.get("jobs")
                .is_some_and(|j| j.as_mapping().is_some_and(|m| !m.is_empty())),
            "{file}"
        );
        for n in needles {
            assert!(text.contains(n), "{file}: {n}");
        }
    }
}
