//! Turning findings into text: rustc-like human output, JSON, SARIF 2.1.0 and GitHub workflow
//! commands. Everything here returns strings; the binary writes them.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

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
}

/// Renders the findings in `format`. `quiet` leaves out the summary of the human format.
pub fn render(
    format: Format,
    diags: &[Diagnostic],
    summary: Summary,
    style: Style,
    quiet: bool,
) -> String {
    match format {
        Format::Human => {
            let mut sources = Sources::default();
            if quiet {
                let mut s = String::new();
                for d in diags {
                    human::render_one(d, &mut sources, style, &mut s);
                }
                s
            } else {
                human::render(diags, summary, &mut sources, style)
            }
        }
        Format::Json => json::render(diags, summary, style),
        Format::Sarif => sarif::render(diags, style),
        Format::Github => github::render(diags, style),
    }
}

/// Totals for the summary line and the JSON summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub files: usize,
    pub standards: usize,
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
        }
    }
}

/// How to render.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    pub lang: Lang,
    pub color: bool,
}

/// The text of a file for excerpts: a regular file, not through a link (a finding about a link
/// out of the root must not show what it points at), at most the loader's size limit (a
/// finding about a huge file shows its first lines, not gigabytes).
fn read_capped(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    if !std::fs::symlink_metadata(path).ok()?.is_file() {
        return None;
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(crate::yaml::MAX_FILE_SIZE)
        .read_to_end(&mut bytes)
        .ok()?;
    Some(bytes)
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
    /// Line `line` (1-based) of `file`, if readable.
    pub fn line(&mut self, file: &str, line: u32) -> Option<&str> {
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
