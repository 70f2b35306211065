//! The cross-reference index: standards by id and by number (dated and undated), catalogue
//! entries by id. Built once per check in linear time; every lookup is a hash lookup, and a
//! "did you mean" for a miss searches a [`Candidates`] set made on the first miss of its kind.

use crate::diag::Candidates;
use crate::number::Number;
use crate::system::{Loaded, SystemFile};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Lookups over a loaded system.
pub struct Index<'a> {
    standards: &'a [Loaded],
    by_id: HashMap<&'a str, Vec<usize>>,
    by_number: HashMap<String, Vec<usize>>,
    by_undated: HashMap<String, Vec<usize>>,
    /// The display forms of the numbers, dated and undated, for "did you mean" (compared and
    /// shown as users write them, not as keys).
    number_forms: Vec<String>,
    pub posts: HashMap<&'a str, usize>,
    pub items: HashMap<&'a str, usize>,
    pub assets: HashMap<&'a str, usize>,
    /// "Did you mean" candidates, prepared on the first miss: a system with many unknown
    /// references must not compare each with every name.
    near: [OnceLock<Candidates>; 5],
}

/// The candidate sets of [`Index`]'s `near`.
#[derive(Clone, Copy)]
enum Near {
    Ids,
    Numbers,
    Posts,
    Items,
    Assets,
}

impl<'a> Index<'a> {
    pub fn new(standards: &'a [Loaded], sys: &'a SystemFile) -> Index<'a> {
        let mut by_id: HashMap<&str, Vec<usize>> = HashMap::with_capacity(standards.len());
        let mut by_number: HashMap<String, Vec<usize>> = HashMap::with_capacity(standards.len());
        let mut by_undated: HashMap<String, Vec<usize>> = HashMap::with_capacity(standards.len());
        let mut number_forms = std::collections::BTreeSet::new();
        for (i, l) in standards.iter().enumerate() {
            if let Some(id) = l.std.id() {
                by_id.entry(id).or_default().push(i);
            }
            if let Some(n) = l.std.number().and_then(Number::parse) {
                by_number.entry(n.key()).or_default().push(i);
                by_undated.entry(n.undated()).or_default().push(i);
                number_forms.insert(n.dated());
                number_forms.insert(n.undated_shown());
            }
        }
        fn ids<'a, T>(
            entries: &'a [T],
            id: impl Fn(&'a T) -> Option<&'a str>,
        ) -> HashMap<&'a str, usize> {
            let mut m = HashMap::with_capacity(entries.len());
            for (i, e) in entries.iter().enumerate() {
                if let Some(id) = id(e) {
                    m.entry(id).or_insert(i);
                }
            }
            m
        }
        Index {
            standards,
            by_id,
            by_number,
            by_undated,
            number_forms: number_forms.into_iter().collect(),
            posts: ids(&sys.posts.entries, |p| {
                p.id.as_ref().map(|s| s.value.as_str())
            }),
            items: ids(&sys.items.entries, |p| {
                p.id.as_ref().map(|s| s.value.as_str())
            }),
            assets: ids(&sys.assets.entries, |p| {
                p.id.as_ref().map(|s| s.value.as_str())
            }),
            near: Default::default(),
        }
    }

    fn near(&self, set: Near) -> &Candidates {
        self.near[set as usize].get_or_init(|| match set {
            Near::Ids => Candidates::new(self.by_id.keys().copied()),
            Near::Numbers => Candidates::new(self.number_forms.iter().map(String::as_str)),
            Near::Posts => Candidates::new(self.posts.keys().copied()),
            Near::Items => Candidates::new(self.items.keys().copied()),
            Near::Assets => Candidates::new(self.assets.keys().copied()),
        })
    }

    /// "Did you mean" for an unknown post id.
    pub fn suggest_post(&self, name: &str) -> Option<String> {
        self.near(Near::Posts).closest(name)
    }

    /// "Did you mean" for an unknown item code.
    pub fn suggest_item(&self, name: &str) -> Option<String> {
        self.near(Near::Items).closest(name)
    }

    /// "Did you mean" for an unknown asset id.
    pub fn suggest_asset(&self, name: &str) -> Option<String> {
        self.near(Near::Assets).closest(name)
    }

    /// Standards with this id (more than one is N001).
    pub fn with_id(&self, id: &str) -> &[usize] {
        self.by_id.get(id).map_or(&[], Vec::as_slice)
    }

    /// Standards with this number, dated form (dash variants equal).
    pub fn with_number(&self, number: &str) -> &[usize] {
        Number::parse(number)
            .and_then(|n| self.by_number.get(&n.key()))
            .map_or(&[], Vec::as_slice)
    }

    /// Resolves a reference by id or number. A dated number names that edition; an undated one
    /// the edition that is neither superseded nor abolished (the latest year if several), or
    /// else the latest edition of all.
    pub fn resolve(&self, name: &str) -> Option<usize> {
        if let Some(&i) = self.with_id(name).first() {
            return Some(i);
        }
        let n = Number::parse(name)?;
        if n.year.is_some() {
            return self
                .by_number
                .get(&n.key())
                .and_then(|v| v.first().copied());
        }
        let editions = self.by_undated.get(&n.undated())?;
        let year = |i: &usize| {
            self.standards[*i]
                .std
                .number()
                .and_then(Number::parse)
                .and_then(|n| n.year)
                .unwrap_or(0)
        };
        let current = editions
            .iter()
            .filter(|i| {
                !self.standards[**i]
                    .std
                    .status()
                    .is_some_and(|s| s.is_retired())
            })
            .max_by_key(|i| year(i));
        current
            .or_else(|| editions.iter().max_by_key(|i| year(i)))
            .copied()
    }

    /// "Did you mean": ids are compared with ids, numbers with numbers in both their dated and
    /// undated forms.
    pub fn suggest(&self, name: &str) -> Option<String> {
        match Number::parse(name) {
            Some(n) => self.near(Near::Numbers).closest(&n.dated()),
            None => self.near(Near::Ids).closest(name),
        }
    }
}
