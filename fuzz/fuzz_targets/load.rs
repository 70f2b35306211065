//! Arbitrary bytes through the loader's per-file pipeline: parse, validate against the schema
//! of every kind of document, prune, and read the model. Nothing may panic; every span must be
//! a real position (1-based, start not after end), and a parse error and the start of every
//! node must be a place in the text (lines end at LF, CRLF or a lone CR, as YAML counts them).
#![no_main]

#[path = "../../tests/corpus/places.rs"]
mod places;

use libfuzzer_sys::fuzz_target;
use stdkit::model::Spanned;
use stdkit::model::records;
use stdkit::schema::{Doc, prune, validate};
use stdkit::yaml::{Node, Pos, Span, Value, parse};

/// A place in the text: an existing line, at most one past its last character.
fn check_place(lines: &[u64], p: Pos, what: &str) {
    assert!(
        places::place_exists(lines, u64::from(p.line), u64::from(p.col)),
        "{what}: {p:?} is not a place in the text (line lengths {lines:?})"
    );
}

fn check_span(s: Span, what: &str) {
    assert!(
        s.start.line >= 1 && s.start.col >= 1 && s.end.line >= 1 && s.end.col >= 1,
        "{what}: position 0 in {s:?}"
    );
    assert!(
        s.start <= s.end,
        "{what}: span ends before it starts: {s:?}"
    );
}

fn check_tree(n: &Node, lines: &[u64]) {
    // Iterative: the tree may be as deep as yaml::MAX_DEPTH allows.
    let mut stack = vec![n];
    while let Some(n) = stack.pop() {
        check_span(n.span, "node");
        check_place(lines, n.span.start, "node");
        match &n.value {
            Value::Seq(items) => stack.extend(items),
            Value::Map(entries) => {
                for e in entries {
                    check_span(e.key_span, "key");
                    stack.push(&e.value);
                }
            }
            Value::Null | Value::Scalar { .. } => {}
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // The loader refuses invalid UTF-8 before parsing (S005); lossy text still exercises it.
    let text = String::from_utf8_lossy(data);
    let parsed = parse(&text);
    let lines = places::line_lengths(text.as_bytes());
    for e in &parsed.errors {
        check_span(e.span, "parse error");
        check_place(&lines, e.span.start, "parse error");
    }
    let Some(root) = &parsed.root else { return };
    check_tree(root, &lines);
    let errors = validate(root, Doc::Standard);
    for e in &errors {
        check_span(e.span, "schema error");
    }
    let pruned = prune(root, &errors);
    let _ = stdkit::de::from_node::<stdkit::model::Standard>(&pruned);
    // The system file and the catalogues go through the same steps.
    let errors = validate(root, Doc::Config);
    let _ = stdkit::de::from_node::<stdkit::model::Config>(&prune(root, &errors));
    let errors = validate(root, Doc::Posts);
    let _ = stdkit::de::from_node::<Vec<Spanned<stdkit::model::Post>>>(&prune(root, &errors));
    let errors = validate(root, Doc::Items);
    let _ = stdkit::de::from_node::<Vec<Spanned<stdkit::model::Item>>>(&prune(root, &errors));
    let errors = validate(root, Doc::Assets);
    let _ = stdkit::de::from_node::<Vec<Spanned<stdkit::model::Asset>>>(&prune(root, &errors));
    // The second family: the roster, and a record of every kind (as the loader picks the
    // kind's schema by `record:`).
    let errors = validate(root, Doc::Staff);
    let _ = stdkit::de::from_node::<Vec<Spanned<records::Staff>>>(&prune(root, &errors));
    for e in validate(root, Doc::RecordHead) {
        check_span(e.span, "schema error");
    }
    for &kind in records::RecordKind::ALL {
        let errors = validate(root, Doc::Record(kind));
        for e in &errors {
            check_span(e.span, "schema error");
        }
        let _ = records::Record::read(kind, Tree(&prune(root, &errors)));
    }
});

/// The tree as the model's reader, as the loader hands it over.
struct Tree<'a>(&'a Node);

impl records::Reader for Tree<'_> {
    type Error = stdkit::de::Error;
    fn read<T: serde::de::DeserializeOwned>(self) -> Result<T, Self::Error> {
        stdkit::de::from_node(self.0)
    }
}
