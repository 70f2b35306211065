//! Reading one YAML file: size and encoding guards, the parse, the schema, pruning.

use super::findings;
use crate::diag::Findings;
use crate::diag::codes;
use crate::diag::{Diagnostic, FileName, Msg};
use crate::schema::{self, Doc};
use crate::yaml::{self, Node, Pos, Span};
use std::path::Path;

/// Why a file could not be read as text.
pub(super) enum ReadError {
    /// The file cannot be opened or read, or is not a regular file (S005): nothing of it can
    /// be known.
    Unreadable(Box<Diagnostic>, String),
    /// It was read, but is too large (S006) or not UTF-8 (S005).
    Invalid(Box<Diagnostic>),
}

impl ReadError {
    pub(super) fn into_diagnostic(self) -> Box<Diagnostic> {
        match self {
            ReadError::Unreadable(d, _) | ReadError::Invalid(d) => d,
        }
    }
}

/// Reads a file as text, with the size and encoding guards (S005, S006). Only a regular file is
/// read: a FIFO, socket or device (even one swapped in after the walk) is an S005 finding,
/// never a read that blocks.
pub fn read_text(path: &Path, file: &FileName) -> Result<String, Box<Diagnostic>> {
    read_checked(path, file).map_err(ReadError::into_diagnostic)
}

/// What a file that is not a regular file is, for messages.
pub(super) fn file_kind(t: std::fs::FileType) -> (&'static str, &'static str) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return ("a named pipe", "命名管道");
        }
        if t.is_socket() {
            return ("a socket", "套接字");
        }
        if t.is_block_device() || t.is_char_device() {
            return ("a device", "设备文件");
        }
    }
    if t.is_dir() {
        return ("a folder", "文件夹");
    }
    ("a special file", "特殊文件")
}

/// S005 at a path that is not a regular file (a FIFO, socket or device named `*.yaml`).
pub(super) fn not_regular(file: &FileName, t: std::fs::FileType) -> Diagnostic {
    let (en, zh) = file_kind(t);
    Diagnostic::new(
        codes::S005,
        file,
        Span::point(Pos { line: 1, col: 1 }),
        Msg::new(
            format!("not a regular file ({en}); not read"),
            format!("不是普通文件（{zh}），未读取"),
        ),
    )
}

use crate::files::open_regular;

pub(super) fn read_checked(path: &Path, file: &FileName) -> Result<String, ReadError> {
    read_within(path, file, yaml::MAX_FILE_SIZE)
}

/// [`read_checked`] with another size limit (a catalogue may be larger than a standard).
pub(super) fn read_within(path: &Path, file: &FileName, limit: u64) -> Result<String, ReadError> {
    let at = Span::point(Pos { line: 1, col: 1 });
    let unreadable = |e: std::io::Error| {
        ReadError::Unreadable(
            Box::new(Diagnostic::new(
                codes::S005,
                file,
                at,
                msg!("cannot read the file: {}", "无法读取文件：{}", e),
            )),
            e.to_string(),
        )
    };
    // One open; the type and size come from the handle, and the read is capped at the limit + 1
    // byte (a file that grows while being read cannot get past the limit either).
    let (f, len) = match open_regular(path).map_err(unreadable)? {
        Ok(f) => f,
        Err(t) => {
            let why = format!("not a regular file ({})", file_kind(t).0);
            return Err(ReadError::Unreadable(Box::new(not_regular(file, t)), why));
        }
    };
    let mut bytes = Vec::with_capacity(len.min(limit) as usize + 1);
    std::io::Read::read_to_end(&mut std::io::Read::take(f, limit + 1), &mut bytes)
        .map_err(unreadable)?;
    let size = len.max(bytes.len() as u64);
    if size > limit {
        return Err(ReadError::Invalid(Box::new(
            Diagnostic::new(
                codes::S006,
                file,
                at,
                msg!(
                    "file is {} bytes, over the size limit of {} bytes",
                    "文件大小 {} 字节，超过上限 {} 字节",
                    size,
                    limit
                ),
            )
            .help(Msg::new(
                "split the document, or move large content out of the system",
                "拆分文件，或将大体量内容移出标准体系",
            )),
        )));
    }
    String::from_utf8(bytes)
        .map_err(|e| {
            let bytes = e.as_bytes();
            let valid = e.utf8_error().valid_up_to();
            let pos = yaml::utf8_error_pos(bytes, valid);
            Diagnostic::new(
                codes::S005,
                file,
                Span {
                    start: pos,
                    end: Pos {
                        line: pos.line,
                        col: pos.col + 1,
                    },
                },
                msg!(
                    "file is not valid UTF-8 (byte 0x{:02X} at offset {})",
                    "文件不是有效的 UTF-8 编码（偏移 {1} 处的字节 0x{0:02X}）",
                    bytes[valid],
                    valid
                ),
            )
            .help(Msg::new(
                "save the file as UTF-8 (e.g. convert from GBK with `iconv -f GBK -t UTF-8`)",
                "请以 UTF-8 编码保存文件（如 GBK 文件可用 `iconv -f GBK -t UTF-8` 转换）",
            ))
        })
        .map_err(|d| ReadError::Invalid(Box::new(d)))
}

/// Reads, parses and validates one YAML file, reporting read, syntax and schema problems.
/// Returns the tree with invalid entries pruned, and the paths (`item.materials`) pruned, so
/// rules do not report a removed value again as missing.
pub(super) fn read_yaml(
    path: &Path,
    file: &FileName,
    doc: Doc,
    wip: impl Fn(&Node) -> bool,
    out: &mut Findings,
) -> Option<(Node, Vec<String>, String)> {
    read_yaml_within(path, file, doc, yaml::MAX_FILE_SIZE, wip, out)
}

/// [`read_yaml`] with another size limit (catalogues: [`yaml::MAX_CATALOGUE_SIZE`]).
pub(super) fn read_yaml_within(
    path: &Path,
    file: &FileName,
    doc: Doc,
    limit: u64,
    wip: impl Fn(&Node) -> bool,
    out: &mut Findings,
) -> Option<(Node, Vec<String>, String)> {
    let text = match read_within(path, file, limit) {
        Ok(t) => t,
        Err(e) => {
            out.push(*e.into_diagnostic());
            return None;
        }
    };
    // The values may grow with the size: a catalogue's limits are both larger.
    let nodes = if limit > yaml::MAX_FILE_SIZE {
        yaml::MAX_CATALOGUE_NODES
    } else {
        yaml::MAX_NODES
    };
    parse_yaml_within(text, file, doc, nodes, wip, out)
}

/// Parses and validates the text of one YAML file (see [`read_yaml`]).
pub(super) fn parse_yaml(
    text: String,
    file: &FileName,
    doc: Doc,
    wip: impl Fn(&Node) -> bool,
    out: &mut Findings,
) -> Option<(Node, Vec<String>, String)> {
    parse_yaml_within(text, file, doc, yaml::MAX_NODES, wip, out)
}

fn parse_yaml_within(
    text: String,
    file: &FileName,
    doc: Doc,
    max_nodes: usize,
    wip: impl Fn(&Node) -> bool,
    out: &mut Findings,
) -> Option<(Node, Vec<String>, String)> {
    let root = parse_tree_within(&text, file, max_nodes, out)?;
    let (root, pruned) = validate_tree(root, file, doc, wip, out);
    Some((root, pruned, text))
}

/// Parses a file's text, reporting syntax errors (S001) and an empty file (S002).
pub(super) fn parse_tree(text: &str, file: &FileName, out: &mut Findings) -> Option<Node> {
    parse_tree_within(text, file, yaml::MAX_NODES, out)
}

fn parse_tree_within(
    text: &str,
    file: &FileName,
    max_nodes: usize,
    out: &mut Findings,
) -> Option<Node> {
    let parsed = yaml::parse_within(text, max_nodes);
    findings::parse_errors(file, &parsed.errors, text, out);
    match parsed.root {
        Some(r) => Some(r),
        None if parsed.errors.is_empty() => {
            out.push(Diagnostic::new(
                codes::S002,
                file,
                Span::point(Pos { line: 1, col: 1 }),
                Msg::new(
                    "the file is empty; expected a mapping of fields",
                    "文件为空，应为字段映射",
                ),
            ));
            None
        }
        None => None,
    }
}

/// Validates a tree (or one record of a file) as `doc`, reporting S002/S003, and returns it
/// with the invalid values pruned, and the paths (`item.materials`) pruned, so rules do not
/// report a removed value again as missing.
pub(super) fn validate_tree(
    root: Node,
    file: &FileName,
    doc: Doc,
    wip: impl Fn(&Node) -> bool,
    out: &mut Findings,
) -> (Node, Vec<String>) {
    let errors = schema::validate(&root, doc);
    findings::schema_errors(file, &errors, wip(&root), out);
    if errors.is_empty() {
        return (root, Vec::new());
    }
    let pruned = errors
        .iter()
        .filter(|e| !matches!(e.problem, schema::Problem::Missing { .. }))
        .filter_map(|e| {
            let last = e
                .path
                .iter()
                .rposition(|s| matches!(s, yaml::Seg::Key(_)))?;
            Some(yaml::path_string(&e.path[..=last]))
        })
        .collect();
    (schema::prune_owned(root, &errors), pruned)
}
