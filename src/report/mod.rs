//! Turning findings into text: rustc-like human output, JSON, SARIF 2.1.0 and GitHub workflow
//! commands, written to a `Write` one finding at a time (or rendered into a string).

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
mod short;

use crate::diag::{Diagnostic, Lang, Severity};
use std::collections::HashMap;
use std::path::Path;

/// The formats of `check --format`: the one seam of this output family (a new format is a
/// variant, its module, and its arm in [`render`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Human,
    Json,
    Sarif,
    Github,
    /// One line per finding, then the findings counted by code
    Short,
}

/// Renders the findings in `format` as one string (see [`write`]).
pub fn render(
    format: Format,
    diags: &[Diagnostic],
    summary: Summary,
    style: Style,
    quiet: bool,
) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write(format, diags, summary, style, quiet, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the findings in `format` to `out` as they are rendered, one finding at a time: the
/// output of many findings is never held whole in memory (as text or as a JSON tree). `quiet`
/// leaves out the summary of the human format. Stops at the first write error.
pub fn write(
    format: Format,
    diags: &[Diagnostic],
    summary: Summary,
    style: Style,
    quiet: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Human => {
            let mut sources = Sources::default();
            human::write(diags, (!quiet).then_some(summary), &mut sources, style, out)
        }
        Format::Json => json::write(diags, summary, style, out),
        Format::Sarif => sarif::write(diags, style, out),
        Format::Github => github::write(diags, style, out),
        Format::Short => short::write(diags, (!quiet).then_some(summary), style, out),
    }
}

/// A list of findings serialized one value at a time (the JSON and SARIF documents stream
/// theirs through this).
struct Each<'a> {
    diags: &'a [Diagnostic],
    style: Style,
    value: fn(&Diagnostic, Style) -> serde_json::Value,
}

impl serde::Serialize for Each<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.diags.iter().map(|d| (self.value)(d, self.style)))
    }
}

/// Writes `doc` as `serde_json::to_string_pretty` formats it, and a final newline.
fn write_pretty(doc: &impl serde::Serialize, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, doc)?;
    out.write_all(b"\n")
}

/// Totals for the summary line and the JSON summary.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub files: usize,
    pub standards: usize,
    /// 全员参训率 and 贯彻实施率, with `compliance:` (the human summary shows them).
    pub rates: Option<[Option<f64>; 2]>,
}

impl Summary {
    pub fn of(diags: &[Diagnostic], files: usize, standards: usize) -> Summary {
        let errors = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        Summary {
            errors,
            warnings: diags.len() - errors,
            files,
            standards,
            rates: None,
        }
    }
}

/// How to render.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    pub lang: Lang,
    pub color: bool,
}

/// The text of a file for excerpts: not through a link (a finding about a link out of the root
/// must not show what it points at), through the reader of `files` (regular files only, opened
/// without blocking, at most the loader's size limit: a larger file has no excerpt).
fn read_capped(path: &Path) -> Option<Vec<u8>> {
    if std::fs::symlink_metadata(path).ok()?.is_symlink() {
        return None;
    }
    crate::files::read_capped(path, crate::yaml::MAX_FILE_SIZE).ok()?
}

/// A table export (CSV, XLSX, XLS): shown by reference, never quoted.
fn is_data_file(file: &str) -> bool {
    let ext = Path::new(file)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    matches!(
        ext.as_deref(),
        Some("csv" | "txt" | "xlsx" | "xlsm" | "xls")
    )
}

/// Source lines for excerpts, read once per file on demand (findings are few; files are not
/// kept in memory during checking).
#[derive(Default)]
pub struct Sources {
    files: HashMap<String, Option<Vec<String>>>,
    /// The characters of the line last shown: findings come sorted, so many in a row share a
    /// line, and a long line is split into characters once, not once per finding.
    last: Option<(String, u32, std::rc::Rc<Vec<char>>)>,
}

impl Sources {
    /// Line `line` (1-based) of `file`, if readable. Never a line of a case or evaluation
    /// export: its other cells may be personal data (the finding's message names the cell).
    pub fn line(&mut self, file: &str, line: u32) -> Option<&str> {
        if is_data_file(file) {
            return None;
        }
        let lines = self.files.entry(file.to_string()).or_insert_with(|| {
            let text = read_capped(Path::new(file))?;
            let text = String::from_utf8_lossy(&text);
            Some(crate::yaml::lines(&text).map(str::to_string).collect())
        });
        lines
            .as_ref()?
            .get((line as usize).checked_sub(1)?)
            .map(String::as_str)
    }

    /// Line `line` of `file` as characters (cached for the next finding on the same line).
    pub fn chars(&mut self, file: &str, line: u32) -> Option<std::rc::Rc<Vec<char>>> {
        if let Some((f, l, chars)) = &self.last
            && f == file
            && *l == line
        {
            return Some(chars.clone());
        }
        let chars = std::rc::Rc::new(self.line(file, line)?.chars().collect::<Vec<char>>());
        self.last = Some((file.to_string(), line, chars.clone()));
        Some(chars)
    }

    /// Provides a file's text directly (for files that are not on disk, such as git revisions).
    pub fn insert(&mut self, file: &str, text: &str) {
        self.files.insert(
            file.to_string(),
            Some(crate::yaml::lines(text).map(str::to_string).collect()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Msg, codes};
    use crate::yaml::{Pos, Span};

    fn broken() -> Vec<Diagnostic> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/broken");
        let root = crate::system::Root::find(Some(&dir)).unwrap();
        let opts = crate::load::Options {
            today: crate::model::Date::parse("2026-06-01"),
            lean: true,
            period: None,
            cache: false,
        };
        crate::check::run(root, &opts).unwrap().diagnostics
    }

    /// Findings whose text JSON must escape: quotes, backslashes, line breaks, controls, CJK.
    fn awkward() -> Vec<Diagnostic> {
        let file: crate::diag::FileName = "a \"b\"\\c\n.yaml".into();
        let span = Span {
            start: Pos { line: 3, col: 2 },
            end: Pos { line: 3, col: 9 },
        };
        vec![
            Diagnostic::new(
                codes::R001,
                &file,
                span,
                Msg::new("x\n::error::y\r\u{1b}[31m\"\\", "企业\u{7}\t登记"),
            )
            .help(Msg::new("h\u{2028}", "帮助"))
            .related(&file, span, Msg::new("r", "注")),
            Diagnostic::new(codes::G001, &file, span, Msg::new("", "")),
        ]
    }

    #[test]
    fn streamed_json_and_sarif_are_the_bytes_of_the_whole_tree() {
        let summary = Summary {
            errors: 3,
            warnings: 4,
            files: 5,
            standards: 6,
            rates: None,
        };
        for diags in [broken(), awkward(), Vec::new()] {
            for lang in [Lang::En, Lang::Zh] {
                let style = Style { lang, color: false };
                assert_eq!(
                    render(Format::Json, &diags, summary, style, false),
                    json::render_tree(&diags, summary, style)
                );
                assert_eq!(
                    render(Format::Sarif, &diags, summary, style, false),
                    sarif::render_tree(&diags, style)
                );
            }
        }
    }

    /// A writer that fails after `room` bytes, as a closed pipe does.
    struct Closed {
        room: usize,
        written: usize,
    }

    impl std::io::Write for Closed {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.written >= self.room {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            let n = buf.len().min(self.room - self.written);
            self.written += n;
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn writing_stops_at_a_closed_pipe() {
        let diags = broken();
        for format in [Format::Human, Format::Json, Format::Sarif, Format::Github] {
            let mut out = Closed {
                room: 100,
                written: 0,
            };
            let r = write(
                format,
                &diags,
                Summary::default(),
                Style::default(),
                false,
                &mut out,
            );
            assert!(r.is_err(), "{format:?}");
            assert_eq!(out.written, 100);
        }
    }
}
