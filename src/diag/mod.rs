//! Findings as values: a [`Diagnostic`] carries its rule code, severity, bilingual message,
//! file and span. The library never prints; `report` turns diagnostics into text.

pub mod codes;

pub use codes::Rule;

use crate::yaml::Span;
use std::fmt;
use std::sync::Arc;

/// How bad a finding is. `Off` exists only in overrides; an `Off` finding is dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The language of messages (`--lang`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

/// A message in both languages: findings are made once and reported in either.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    pub en: String,
    pub zh: String,
}

impl Msg {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Msg {
        Msg {
            en: en.into(),
            zh: zh.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

/// Builds a [`Msg`] from two format strings sharing arguments.
#[macro_export]
macro_rules! msg {
    ($en:literal, $zh:literal $(, $arg:expr)* $(,)?) => {
        $crate::diag::Msg::new(format!($en $(, $arg)*), format!($zh $(, $arg)*))
    };
}

/// A file as findings name it: the path shown to the user (relative to the current folder).
pub type FileName = Arc<str>;

/// A second place a finding is about (the first `id` of a duplicate, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub file: FileName,
    pub span: Span,
    pub message: Msg,
}

/// One finding of `stdkit check`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The code of the rule that made it (a [`Rule`]'s `code`).
    pub code: &'static str,
    pub severity: Severity,
    pub message: Msg,
    pub help: Option<Msg>,
    pub file: FileName,
    pub span: Span,
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// A finding of `rule`, with the rule's default severity.
    pub fn new(rule: &'static Rule, file: &FileName, span: Span, message: Msg) -> Diagnostic {
        Diagnostic {
            code: rule.code,
            severity: rule.severity,
            message,
            help: None,
            file: file.clone(),
            span,
            related: Vec::new(),
        }
    }

    pub fn help(mut self, help: Msg) -> Diagnostic {
        self.help = Some(help);
        self
    }

    pub fn related(mut self, file: &FileName, span: Span, message: Msg) -> Diagnostic {
        self.related.push(Related {
            file: file.clone(),
            span,
            message,
        });
        self
    }

    pub fn severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    /// Sort key: file, line, column, code (as `docs/cli.md` fixes for JSON).
    pub fn sort_key(&self) -> (&str, u32, u32, &str, &str) {
        (
            &self.file,
            self.span.start.line,
            self.span.start.col,
            self.code,
            &self.message.en,
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}[{}] {}",
            self.file,
            self.span.start.line,
            self.span.start.col,
            self.severity.as_str(),
            self.code,
            self.message.en
        )
    }
}

/// A "did you mean" candidate: the closest of `candidates` to `wanted` by edit distance,
/// if it is close enough to be a plausible typo (a swap of two neighbours counts as one edit).
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).clamp(1, 4);
    let len = wanted.chars().count();
    candidates
        .into_iter()
        // The distance is at least the difference in length: most candidates end here, cheaply.
        .filter(|c| {
            c.len().abs_diff(wanted.len()) <= limit * 4 && c.chars().count().abs_diff(len) <= limit
        })
        .map(|c| (strsim::osa_distance(wanted, c), c))
        .filter(|(d, c)| *d <= limit && *c != wanted)
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_close_only() {
        assert_eq!(
            did_you_mean("titel", ["title", "kind", "scope"]),
            Some("title")
        );
        assert_eq!(did_you_mean("xyz", ["title", "kind"]), None);
        assert_eq!(
            did_you_mean("202-01", ["202-001", "301-001"]),
            Some("202-001")
        );
    }
}
