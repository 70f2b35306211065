//! Positioned YAML: one parse of a file into a [`Node`] tree that keeps the span of every key
//! and value, with the guards a checker of untrusted files needs (size, depth, alias budget,
//! duplicate keys, one document per file).
//!
//! Built on `saphyr-parser`'s event stream (the maintained successor of yaml-rust). The tree is
//! built iteratively, so a 10 000-deep document cannot overflow the stack: it is cut at
//! [`MAX_DEPTH`] with an S006 finding instead.

use saphyr_parser::{Event, Marker, Parser, ScalarStyle};

/// Nesting deeper than this is refused (S006).
pub const MAX_DEPTH: usize = 64;
/// Files larger than this are refused before parsing (S006).
pub const MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;
/// The limit for a catalogue named in `stdkit.yaml` (rules.md S006): a province's 事项目录 of
/// 100 000 items is about 11 MiB.
pub const MAX_CATALOGUE_SIZE: u64 = 64 * 1024 * 1024;
/// The most values (nodes) one file may hold: a legitimate standard has a few thousand, the
/// largest catalogue a few hundred thousand; a file of two million one-letter list entries
/// would cost half a gigabyte as a tree and a model (S006).
pub const MAX_NODES: usize = 500_000;
/// The most values of a catalogue: in proportion to its size limit.
pub const MAX_CATALOGUE_NODES: usize = MAX_NODES * 16;
/// Alias expansion may add at most this many nodes, or as many as the document has if more.
const MIN_ALIAS_BUDGET: usize = 1_000;

/// A 1-based line and column; the column counts Unicode scalar values (SARIF `unicodeCodePoints`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// A half-open range `[start, end)` in a file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    /// The span as reports show it: 1-based start, and an end just past the text (exclusive,
    /// as SARIF), at least one character after the start.
    pub fn reported(self) -> (u32, u32, u32, u32) {
        let (line, col) = (self.start.line.max(1), self.start.col.max(1));
        let end = if self.end > self.start {
            (self.end.line, self.end.col)
        } else {
            (line, col + 1)
        };
        (line, col, end.0.max(line), end.1)
    }

    /// An empty span at `pos`.
    pub fn point(pos: Pos) -> Span {
        Span {
            start: pos,
            end: pos,
        }
    }
}

fn pos(m: &Marker) -> Pos {
    Pos {
        line: m.line() as u32,
        col: m.col() as u32 + 1,
    }
}

/// A YAML value with its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub span: Span,
    pub value: Value,
}

/// Scalars stay text: `code: 100` is the code `100`; the schema decides what a scalar must be.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing at all (plain).
    Null,
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// A mapping entry. Keys are scalars (anything else is reported while parsing).
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

impl Node {
    /// The entries when this is a mapping.
    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(e) => Some(e),
            _ => None,
        }
    }

    /// The items when this is a sequence.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// The text when this is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The entry of a mapping with this key.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_map()?.iter().find(|e| e.key == key)
    }

    /// The value of a mapping under this key.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// A short English/Chinese name of this node's type, for messages.
    pub fn type_name(&self) -> (&'static str, &'static str) {
        match &self.value {
            Value::Null => ("null", "空值"),
            Value::Scalar { text, plain } => match scalar_type(text, *plain) {
                ScalarType::Bool => ("a boolean", "布尔值"),
                ScalarType::Int | ScalarType::Float => ("a number", "数字"),
                _ => ("text", "文本"),
            },
            Value::Seq(_) => ("a list", "列表"),
            Value::Map(_) => ("a mapping", "映射"),
        }
    }

    /// Number of nodes in this subtree (keys not counted).
    fn size(&self) -> usize {
        match &self.value {
            Value::Seq(s) => 1 + s.iter().map(Node::size).sum::<usize>(),
            Value::Map(m) => 1 + m.iter().map(|e| e.value.size()).sum::<usize>(),
            _ => 1,
        }
    }
}

/// What a scalar reads as under the YAML 1.2 core schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarType {
    Null,
    Bool,
    Int,
    Float,
    Str,
}

/// Resolves a scalar as the YAML 1.2 core schema does (quoted scalars are always text).
pub fn scalar_type(text: &str, plain: bool) -> ScalarType {
    if !plain {
        return ScalarType::Str;
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return ScalarType::Null,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => return ScalarType::Bool,
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return ScalarType::Int;
    }
    let b = digits.as_bytes();
    let numeric = b.first().is_some_and(|c| c.is_ascii_digit() || *c == b'.')
        && b.iter().any(u8::is_ascii_digit)
        && text.parse::<f64>().is_ok();
    if numeric && !text.contains(['i', 'I', 'n', 'N']) {
        ScalarType::Float
    } else {
        ScalarType::Str
    }
}

/// Why a file could not be read as one YAML document. Each maps to a rule code.
#[derive(Clone, Debug, PartialEq)]
pub enum ParseProblem {
    /// S001
    Syntax,
    /// S004: a key repeated in one mapping; carries the first key's span.
    DuplicateKey { key: String, first: Span },
    /// S006
    TooDeep,
    /// S006
    AliasBudget,
    /// S006: more than [`MAX_NODES`] values.
    /// With the limit that was passed.
    TooManyNodes(usize),
    /// S002: a mapping key that is not a scalar.
    ComplexKey,
}

/// A problem found while parsing, at a position.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    pub problem: ParseProblem,
    pub span: Span,
    /// English detail from the parser, where it has one.
    pub detail: String,
}

/// The result of parsing one file: the tree if one could be built, and every problem found.
/// Duplicate keys are reported but do not prevent the tree (the first occurrence wins).
#[derive(Debug, Default)]
pub struct Parsed {
    pub root: Option<Node>,
    pub errors: Vec<ParseError>,
}

enum Frame {
    Seq {
        start: Pos,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: Pos,
        anchor: usize,
        entries: Vec<Entry>,
        key: Option<(Option<String>, Span)>,
    },
}

/// Parses one YAML document with positions. Never panics; problems are returned, not raised.
pub fn parse(src: &str) -> Parsed {
    parse_within(src, MAX_NODES)
}

/// [`parse`] with another limit of values (a catalogue: [`MAX_CATALOGUE_NODES`]).
pub fn parse_within(src: &str, max_nodes: usize) -> Parsed {
    let mut out = Parsed::default();
    let text_end = clamp_to_end(
        src,
        Pos {
            line: u32::MAX,
            col: u32::MAX,
        },
    );
    let mut parser = Parser::new_from_str(src);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: Vec<(usize, Node)> = Vec::new();
    let mut nodes = 0usize;
    let mut expanded = 0usize;
    let mut documents = 0;
    loop {
        let (event, span) = match parser.next_event() {
            None => break,
            Some(Ok(ev)) => ev,
            Some(Err(e)) => {
                // The scanner has its own nesting limit for flow collections; the finding
                // belongs where the nesting passes ours.
                let too_deep = e.info().contains("recursion limit");
                let problem = if too_deep {
                    ParseProblem::TooDeep
                } else {
                    ParseProblem::Syntax
                };
                let at = match too_deep {
                    true => flow_depth_pos(src, MAX_DEPTH).unwrap_or(pos(e.marker())),
                    false => pos(e.marker()),
                };
                let at = clamp_to_end(src, at);
                out.errors.push(ParseError {
                    problem,
                    span: Span::point(at),
                    detail: e.info().to_string(),
                });
                out.root = None;
                return out;
            }
        };
        // An empty node at the very end can be placed past the text; keep it inside.
        let span = Span {
            start: pos(&span.start).min(text_end),
            end: pos(&span.end).min(text_end),
        };
        let (node, anchor) = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => continue,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    out.errors.push(ParseError {
                        problem: ParseProblem::Syntax,
                        span,
                        detail: "a standard file holds one YAML document; found a second one"
                            .into(),
                    });
                    return out;
                }
                continue;
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    out.errors.push(ParseError {
                        problem: ParseProblem::TooDeep,
                        span,
                        detail: format!("nesting deeper than {MAX_DEPTH} levels"),
                    });
                    out.root = None;
                    return out;
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq {
                        start: span.start,
                        anchor,
                        items: Vec::new(),
                    }
                } else {
                    Frame::Map {
                        start: span.start,
                        anchor,
                        entries: Vec::new(),
                        key: None,
                    }
                });
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq {
                    start,
                    anchor,
                    mut items,
                }) => {
                    // Exact size: a Vec grows to 4 entries at its first push, so a tree of
                    // small mappings would hold four times what it needs.
                    items.shrink_to_fit();
                    let end = items
                        .last()
                        .map_or(span.end, |n| n.span.end.max(span.start));
                    (
                        Node {
                            span: Span { start, end },
                            value: Value::Seq(items),
                        },
                        anchor,
                    )
                }
                _ => return unbalanced(out, span),
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map {
                    start,
                    anchor,
                    mut entries,
                    ..
                }) => {
                    entries.shrink_to_fit();
                    let end = entries
                        .last()
                        .map_or(span.end, |e| e.value.span.end.max(span.start));
                    (
                        Node {
                            span: Span { start, end },
                            value: Value::Map(entries),
                        },
                        anchor,
                    )
                }
                _ => return unbalanced(out, span),
            },
            Event::Scalar(text, style, anchor, tag) => {
                let plain =
                    style == ScalarStyle::Plain && tag.as_ref().is_none_or(|t| t.suffix != "str");
                let text = text.into_owned();
                let value = if plain && scalar_type(&text, true) == ScalarType::Null {
                    Value::Null
                } else {
                    Value::Scalar { text, plain }
                };
                (Node { span, value }, anchor)
            }
            Event::Alias(id) => {
                let Some((_, node)) = anchors.iter().rev().find(|(a, _)| *a == id) else {
                    out.errors.push(ParseError {
                        problem: ParseProblem::Syntax,
                        span,
                        detail: "alias to an unknown anchor".into(),
                    });
                    return out;
                };
                expanded += node.size();
                if expanded > MIN_ALIAS_BUDGET.max(nodes) {
                    out.errors.push(ParseError {
                        problem: ParseProblem::AliasBudget,
                        span,
                        detail: format!(
                            "alias expansion exceeds the budget of {} nodes",
                            MIN_ALIAS_BUDGET.max(nodes)
                        ),
                    });
                    out.root = None;
                    return out;
                }
                let mut node = node.clone();
                node.span = span;
                (node, 0)
            }
        };
        nodes += 1;
        if nodes > max_nodes {
            out.errors.push(ParseError {
                problem: ParseProblem::TooManyNodes(max_nodes),
                span,
                detail: format!("more than {max_nodes} values in one file"),
            });
            out.root = None;
            return out;
        }
        if anchor != 0 {
            anchors.push((anchor, node.clone()));
        }
        match stack.last_mut() {
            None => out.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => match node.value {
                    Value::Scalar { text, .. } => *key = Some((Some(text), node.span)),
                    // An empty key is a field named "" (S003 unknown field, from the schema).
                    Value::Null => *key = Some((Some(String::new()), node.span)),
                    // A key that is not text (a list, a mapping) is reported once here;
                    // its entry is then left out, so it cannot also be an unknown or duplicate key.
                    _ => {
                        out.errors.push(ParseError {
                            problem: ParseProblem::ComplexKey,
                            span: node.span,
                            detail: "a mapping key must be plain text".into(),
                        });
                        *key = Some((None, node.span));
                    }
                },
                Some((None, _)) => {}
                Some((Some(k), key_span)) => {
                    if let Some(first) = entries.iter().find(|e| e.key == k) {
                        out.errors.push(ParseError {
                            problem: ParseProblem::DuplicateKey {
                                key: k.clone(),
                                first: first.key_span,
                            },
                            span: key_span,
                            detail: format!("duplicate key `{k}`"),
                        });
                    } else {
                        entries.push(Entry {
                            key: k,
                            key_span,
                            value: node,
                        });
                    }
                }
            },
        }
    }
    out
}

/// The parser guarantees balanced start/end events; if it ever did not, report instead of panic.
fn unbalanced(mut out: Parsed, span: Span) -> Parsed {
    out.errors.push(ParseError {
        problem: ParseProblem::Syntax,
        span,
        detail: "unbalanced YAML structure".into(),
    });
    out.root = None;
    out
}

/// The lines of a text as YAML counts them: `\r\n`, a lone `\r` and `\n` all end a line.
pub fn lines(src: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(src);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.find(['\r', '\n']) {
            Some(i) => {
                let skip = if r[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&r[i + skip..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// The position of byte offset `at` (1-based line and column, lines as in [`lines`]).
pub fn pos_of(src: &str, at: usize) -> Pos {
    let before = &src[..at.min(src.len())];
    let mut line = 1;
    let mut start = 0;
    for (i, c) in before.char_indices() {
        if c == '\n' || (c == '\r' && !src[i + 1..].starts_with('\n')) {
            line += 1;
            start = i + 1;
        }
    }
    Pos {
        line,
        col: before[start..].chars().count() as u32 + 1,
    }
}

/// The byte offset of a position, if the text has it.
pub fn offset_of(src: &str, pos: Pos) -> Option<usize> {
    let mut line_start = 0;
    let mut line = 1;
    let bytes = src.as_bytes();
    let mut i = 0;
    while line < pos.line {
        match bytes.get(i)? {
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    let rest = &src[line_start..];
    let end = rest.find(['\r', '\n']).unwrap_or(rest.len());
    let col = rest[..end]
        .char_indices()
        .nth(pos.col.saturating_sub(1) as usize)
        .map_or(end, |(i, _)| i);
    Some(line_start + col)
}

/// A position past the end of the text moves to the end of its last line (a syntax error at
/// the last byte is reported where the text ends, not on a line the file does not have).
fn clamp_to_end(src: &str, at: Pos) -> Pos {
    // A leading byte-order mark takes no column (the parser's positions do not count it).
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    // After a final line break the (empty) next line is where the text ends.
    let (count, last) = lines(src).fold((0u32, ""), |(n, _), l| (n + 1, l));
    let last_len = last.chars().count() as u32;
    if at.line < count || (at.line == count && at.col <= last_len + 1) {
        return at;
    }
    Pos {
        line: count.max(1),
        col: last_len + 1,
    }
}

/// Where flow nesting (`[`, `{`, inside the top-level mapping) first passes `limit` levels,
/// skipping quoted text and comments.
fn flow_depth_pos(src: &str, limit: usize) -> Option<Pos> {
    let (mut depth, mut line, mut col) = (1usize, 1u32, 0u32);
    let mut quote: Option<char> = None;
    let mut comment = false;
    // The last character that is not a space: a quote opens a scalar only after one of these;
    // and the character just before, for comments (`#` after a space or at a line's start).
    let mut prev = '\n';
    let mut before = '\n';
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        col += 1;
        if c == '\n' || c == '\r' {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            line += 1;
            col = 0;
            comment = false;
            prev = '\n';
            before = '\n';
            continue;
        }
        if comment {
            continue;
        }
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' if matches!(prev, '\n' | '[' | '{' | ',' | ':' | '-' | '?') => {
                    quote = Some(c)
                }
                '#' if matches!(before, ' ' | '\t' | '\n') => comment = true,
                '[' | '{' => {
                    depth += 1;
                    if depth > limit {
                        return Some(Pos { line, col });
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        if c != ' ' && c != '\t' {
            prev = c;
        }
        before = c;
    }
    None
}

/// Where the first invalid UTF-8 byte of `bytes` is, as a line and column of the valid prefix.
pub fn utf8_error_pos(bytes: &[u8], valid_up_to: usize) -> Pos {
    let prefix = String::from_utf8_lossy(&bytes[..valid_up_to]);
    pos_of(&prefix, prefix.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(src: &str) -> Node {
        let p = parse(src);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        p.root.unwrap()
    }

    #[test]
    fn spans_of_keys_and_values() {
        let n = root("id: \"202-001\"\ntitle: 企业设立登记\nlist:\n  - a\n  - 受理: 1\n");
        let e = n.entry("title").unwrap();
        assert_eq!(e.key_span.start, Pos { line: 2, col: 1 });
        assert_eq!(e.value.span.start, Pos { line: 2, col: 8 });
        assert_eq!(e.value.span.end, Pos { line: 2, col: 14 });
        let list = n.get("list").unwrap().as_seq().unwrap();
        assert_eq!(list[1].span.start, Pos { line: 5, col: 5 });
    }

    #[test]
    fn scalars_stay_text() {
        let n = root("code: 100\nid: 0101-001\nv: 1.10\nn: ~\nq: 'x'");
        assert_eq!(n.get("code").unwrap().as_str(), Some("100"));
        assert_eq!(n.get("id").unwrap().as_str(), Some("0101-001"));
        assert_eq!(n.get("v").unwrap().as_str(), Some("1.10"));
        assert_eq!(n.get("n").unwrap().value, Value::Null);
        assert_eq!(scalar_type("0.5", true), ScalarType::Float);
        assert_eq!(scalar_type("2026-01-01", true), ScalarType::Str);
        assert_eq!(scalar_type("inf", true), ScalarType::Str);
    }

    #[test]
    fn duplicate_keys_are_reported_and_first_wins() {
        let p = parse("a: 1\nb: 2\na: 3\n");
        assert_eq!(p.errors.len(), 1);
        assert!(matches!(
            p.errors[0].problem,
            ParseProblem::DuplicateKey { .. }
        ));
        assert_eq!(p.errors[0].span.start, Pos { line: 3, col: 1 });
        assert_eq!(p.root.unwrap().get("a").unwrap().as_str(), Some("1"));
    }

    #[test]
    fn alias_bomb_is_cut() {
        let mut src = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..20 {
            let p = i - 1;
            src.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let p = parse(&src);
        assert!(
            p.errors
                .iter()
                .any(|e| e.problem == ParseProblem::AliasBudget)
        );
    }

    #[test]
    fn deep_nesting_is_cut_without_stack_overflow() {
        let src = "[".repeat(10_000);
        let p = parse(&src);
        assert_eq!(p.errors[0].problem, ParseProblem::TooDeep);
    }

    #[test]
    fn second_document_is_an_error() {
        let p = parse("a: 1\n---\nb: 2\n");
        assert_eq!(p.errors[0].problem, ParseProblem::Syntax);
    }

    #[test]
    fn syntax_error_has_position() {
        let p = parse("a: [1, 2\nb: 3\n");
        assert_eq!(p.errors[0].problem, ParseProblem::Syntax);
        assert!(p.errors[0].span.start.line >= 1);
    }

    #[test]
    fn utf8_position() {
        let bytes: &[u8] = &[
            b'a', b':', b' ', b'1', b'\n', b'b', b':', b' ', b'c', b'a', b'f', 0xe9, b'\n',
        ];
        let err = std::str::from_utf8(std::hint::black_box(bytes)).unwrap_err();
        assert_eq!(
            utf8_error_pos(bytes, err.valid_up_to()),
            Pos { line: 2, col: 7 }
        );
    }
}

/// One step of a path into a tree: a mapping key or a list index.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(String),
    Idx(usize),
}

impl From<&str> for Seg {
    fn from(k: &str) -> Seg {
        Seg::Key(k.to_string())
    }
}

impl From<usize> for Seg {
    fn from(i: usize) -> Seg {
        Seg::Idx(i)
    }
}

/// Builds a `[Seg; N]` path: `path!["item", "steps", 2, "days"]`.
#[macro_export]
macro_rules! path {
    ($($seg:expr),* $(,)?) => { [$($crate::yaml::Seg::from($seg)),*] };
}

impl std::fmt::Display for Seg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Seg::Key(k) => f.write_str(k),
            Seg::Idx(i) => write!(f, "[{i}]"),
        }
    }
}

/// A path as users read it: `item.steps[2].days`.
pub fn path_string(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        if matches!(seg, Seg::Key(_)) && !s.is_empty() {
            s.push('.');
        }
        s.push_str(&seg.to_string());
    }
    s
}

impl Node {
    /// The node at `path`, if it exists.
    pub fn at(&self, path: &[Seg]) -> Option<&Node> {
        path.iter().try_fold(self, |n, seg| match seg {
            Seg::Key(k) => n.get(k),
            Seg::Idx(i) => n.as_seq()?.get(*i),
        })
    }

    /// Where a finding about the value at `path` points: the value if it exists; else where it
    /// should be (see [`Node::missing_span`]).
    pub fn span_at(&self, path: &[Seg]) -> Span {
        match self.at(path) {
            Some(n) => n.span,
            None => self.missing_span(path),
        }
    }

    /// Where a finding about a value missing at `path` points: the key of the mapping that
    /// lacks it, or that mapping's first key (docs/rules.md), walking up while ancestors are missing.
    pub fn missing_span(&self, path: &[Seg]) -> Span {
        let mut len = path.len();
        while len > 0 {
            let parent = &path[..len - 1];
            if let Some(p) = self.at(parent) {
                // The key under which the parent mapping sits.
                if let (Some(Seg::Key(k)), Some(gp)) = (
                    parent.last(),
                    self.at(&parent[..parent.len().saturating_sub(1)]),
                ) && let Some(e) = gp.entry(k)
                {
                    return e.key_span;
                }
                return match p.as_map().and_then(|m| m.first()) {
                    Some(e) => e.key_span,
                    None => p.span,
                };
            }
            len -= 1;
        }
        self.as_map()
            .and_then(|m| m.first())
            .map_or(self.span, |e| e.key_span)
    }

    /// The span of the key of the entry at `path` (falls back to the value's place).
    pub fn key_span_at(&self, path: &[Seg]) -> Span {
        if let Some((Seg::Key(k), parent)) = path.split_last()
            && let Some(e) = self.at(parent).and_then(|p| p.entry(k))
        {
            return e.key_span;
        }
        self.span_at(path)
    }
}
