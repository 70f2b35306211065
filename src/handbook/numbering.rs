//! The GB/T 1.1 numbering of a document's parts that are not clauses: tables and figures (表1,
//! 图1; in an annex 表A.1, 图A.1), and the markers of list items (——, then ·; a), b), then 1),
//! 2)). One place for every output: the HTML and Markdown writers take their labels from here.

use std::cell::{Cell, RefCell};

/// The counters of one document's tables and figures, handed out in reading order. Labels are
/// taken through a shared reference (the counters are cells), so every block builder can take
/// one without threading a `&mut` through the document.
#[derive(Debug, Default)]
pub struct Numbering {
    /// "" in the body, "A." … in an annex.
    scope: RefCell<String>,
    tables: Cell<usize>,
    figures: Cell<usize>,
}

impl Numbering {
    pub fn new() -> Self {
        Self::default()
    }

    /// From here on, tables and figures are the annex's own: 表A.1, 图A.1 ….
    pub fn annex(&self, letter: &str) {
        *self.scope.borrow_mut() = format!("{letter}.");
        self.tables.set(0);
        self.figures.set(0);
    }

    /// The label the next table will get, without taking it (for the sentence citing it).
    pub fn next_table(&self) -> String {
        format!("表{}{}", self.scope.borrow(), self.tables.get() + 1)
    }

    /// The label the next figure will get, without taking it.
    pub fn next_figure(&self) -> String {
        format!("图{}{}", self.scope.borrow(), self.figures.get() + 1)
    }

    /// Takes the next table's label.
    pub fn table(&self) -> String {
        let l = self.next_table();
        self.tables.set(self.tables.get() + 1);
        l
    }

    /// Takes the next figure's label.
    pub fn figure(&self) -> String {
        let l = self.next_figure();
        self.figures.set(self.figures.get() + 1);
        l
    }

    /// How many tables and figures have been numbered (in the current scope).
    pub fn counts(&self) -> (usize, usize) {
        (self.tables.get(), self.figures.get())
    }
}

/// A table's or figure's caption: its label, then its title after a full-width space
/// (表1　申请材料), or the label alone.
pub fn caption(label: &str, title: &str) -> String {
    if title.is_empty() {
        label.to_string()
    } else {
        format!("{label}　{title}")
    }
}

/// The marker of the `k`-th item (from 0) of a list at `level` (1 for a list in the text, 2 for
/// one inside an item; deeper lists use the second level's markers): —— and · for unordered
/// lists, a) and 1) for ordered ones.
pub fn marker(ordered: bool, level: usize, k: usize) -> String {
    match (ordered, level) {
        (false, 1) => "——".to_string(),
        (false, _) => "·".to_string(),
        (true, 1) => format!("{})", letters(k)),
        (true, _) => format!("{})", k + 1),
    }
}

/// a, b, … z, aa, ab …: the letter numbering of ordered items.
fn letters(k: usize) -> String {
    let mut n = k + 1;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'a' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_and_figures_are_numbered_apart_and_per_annex() {
        let n = Numbering::new();
        assert_eq!(n.next_table(), "表1");
        assert_eq!(n.table(), "表1");
        assert_eq!(n.next_table(), "表2");
        assert_eq!(n.figure(), "图1");
        assert_eq!(n.table(), "表2");
        assert_eq!(n.counts(), (2, 1));
        n.annex("A");
        assert_eq!(n.table(), "表A.1");
        assert_eq!(n.figure(), "图A.1");
        n.annex("B");
        assert_eq!(n.next_table(), "表B.1");
        assert_eq!(caption("表1", "申请材料"), "表1　申请材料");
        assert_eq!(caption("表1", ""), "表1");
    }

    #[test]
    fn list_markers_follow_gbt_1_1() {
        assert_eq!(marker(false, 1, 0), "——");
        assert_eq!(marker(false, 1, 7), "——");
        assert_eq!(marker(false, 2, 0), "·");
        assert_eq!(marker(false, 3, 0), "·");
        assert_eq!(marker(true, 1, 0), "a)");
        assert_eq!(marker(true, 1, 1), "b)");
        assert_eq!(marker(true, 1, 25), "z)");
        assert_eq!(marker(true, 1, 26), "aa)");
        assert_eq!(marker(true, 2, 0), "1)");
        assert_eq!(marker(true, 2, 9), "10)");
    }
}
