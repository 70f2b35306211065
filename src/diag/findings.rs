//! [`Findings`]: findings as the loader and the rules make them, bounded by construction. Of one
//! rule in one file at most [`Findings::KEEP`] are kept; the rest are only counted (with their
//! worst severity), so a hostile file that would make a million findings costs the memory of a
//! thousand. The engine later shows the first 100 of each in sorted order and sums up the rest,
//! counting these too (`check::cap_per_file`).

use super::{Diagnostic, FileName, Severity};
use std::collections::HashMap;

/// Findings left out by [`Findings::push`], by file and rule: how many, and the worst severity.
pub type Dropped = HashMap<(FileName, &'static str), (usize, Severity)>;

/// A bounded collector of findings.
#[derive(Debug, Default)]
pub struct Findings {
    list: Vec<Diagnostic>,
    kept: HashMap<(FileName, &'static str), usize>,
    dropped: Dropped,
    made: usize,
}

impl Findings {
    /// How many findings of one rule in one file are kept (more than are shown, so the sorted
    /// first 100 are the true first 100 in practice: findings are made in document order).
    pub const KEEP: usize = 1000;

    pub fn new() -> Findings {
        Findings::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.made += 1;
        let n = self.kept.entry((d.file.clone(), d.code)).or_insert(0);
        if *n < Self::KEEP {
            *n += 1;
            self.list.push(d);
        } else {
            let e = self
                .dropped
                .entry((d.file, d.code))
                .or_insert((0, d.severity));
            e.0 += 1;
            e.1 = e.1.max(d.severity);
        }
    }

    /// How many findings were made (kept or counted): "did this check find anything" is
    /// `len()` before and after.
    pub fn len(&self) -> usize {
        self.made
    }

    pub fn is_empty(&self) -> bool {
        self.made == 0
    }

    /// The findings kept, in the order made.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Diagnostic> {
        self.list.iter()
    }

    /// The findings kept, to amend (a rule that sums up its own findings).
    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut Diagnostic> {
        self.list.iter_mut()
    }

    /// Moves `other`'s findings and counts into this collector.
    pub fn append(&mut self, other: Findings) {
        let (list, dropped) = other.into_parts();
        self.extend(list);
        for ((f, c), (n, s)) in dropped {
            self.made += n;
            let e = self.dropped.entry((f, c)).or_insert((0, s));
            e.0 += n;
            e.1 = e.1.max(s);
        }
    }

    /// Counts `n` findings of `code` in `file` made elsewhere and left out there.
    pub fn add_dropped(
        &mut self,
        file: FileName,
        code: &'static str,
        n: usize,
        severity: Severity,
    ) {
        self.made += n;
        let e = self.dropped.entry((file, code)).or_insert((0, severity));
        e.0 += n;
        e.1 = e.1.max(severity);
    }

    /// The findings kept, and the counts of those left out.
    pub fn into_parts(self) -> (Vec<Diagnostic>, Dropped) {
        (self.list, self.dropped)
    }
}

impl Extend<Diagnostic> for Findings {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, iter: I) {
        for d in iter {
            self.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Msg, codes};
    use crate::yaml::{Pos, Span};

    #[test]
    fn keeps_a_thousand_of_a_rule_in_a_file_and_counts_the_rest() {
        let mut f = Findings::new();
        let (a, b): (FileName, FileName) = ("a.yaml".into(), "b.yaml".into());
        let at = Span::point(Pos { line: 1, col: 1 });
        for _ in 0..1500 {
            f.push(Diagnostic::new(codes::R001, &a, at, Msg::new("x", "x")));
        }
        f.push(Diagnostic::new(codes::R001, &b, at, Msg::new("x", "x")));
        f.push(Diagnostic::new(codes::R002, &a, at, Msg::new("x", "x")));
        assert_eq!(f.len(), 1502);
        let (list, dropped) = f.into_parts();
        assert_eq!(list.len(), 1002);
        assert_eq!(dropped[&(a, "R001")], (500, Severity::Error));
        assert_eq!(dropped.len(), 1);
    }
}
