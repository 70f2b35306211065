//! Text from the files never reaches a terminal or a CI log raw: an escape sequence or a newline
//! in a title (which could recolour the terminal, or start a fake `::error` / `::add-mask::`
//! workflow command in a log) is shown replaced in every text format printed to standard output.

use crate::common;
use std::path::Path;

/// The corpus base with a hostile system title and standard title.
fn hostile() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/base");
    for p in common::files_below(&base) {
        let rel = p.strip_prefix(&base).unwrap();
        let target = dir.path().join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        let text = text.replacen(
            "title: 某市政务服务中心服务标准体系",
            "title: \"体系\\e[31m\\n::error::fake\\u200B\"",
            1,
        );
        std::fs::write(target, text).unwrap();
    }
    dir
}

fn assert_plain(what: &str, out: &[u8]) {
    let text = String::from_utf8_lossy(out);
    assert!(
        !text.contains('\u{1b}'),
        "{what}: an escape character reached the terminal"
    );
    assert!(
        !text.lines().any(|l| l.trim_start().starts_with("::")),
        "{what}: a line starts a workflow command:\n{text}"
    );
}

#[test]
fn titles_are_terminal_safe_in_every_text_output() {
    let dir = hostile();
    for args in [
        &["stats", ".", "--force"][..],
        &["stats", ".", "--force", "--format", "md"],
        &["table", ".", "--force"],
        &["table", ".", "--force", "--format", "csv"],
        &["table", ".", "--force", "--format", "json"],
        &["check", "."],
        &["check", ".", "--format", "github"],
        &["check", ".", "--format", "short"],
    ] {
        let out = common::stdkit()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        assert_plain(&args.join(" "), &out.stdout);
        assert_plain(&args.join(" "), &out.stderr);
    }
}

#[test]
fn an_invisible_character_is_shown() {
    let dir = hostile();
    let out = common::stdkit()
        .current_dir(dir.path())
        .args(["stats", ".", "--force"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("<U+200B>"), "{text}");
}
