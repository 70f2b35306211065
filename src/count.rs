//! The counting of docs/outputs.md ("Counting"), in one place: the statistics, the table and the
//! coverage rules (C001–C005) all read these numbers, so they cannot disagree.

use crate::model::{Handling, Kind, Level, Status, Unit};
use crate::system::{Loaded, SystemFile};
use std::collections::HashMap;

/// 应有 and 现有 of a group of standards.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// 应有: status not superseded/abolished.
    pub required: usize,
    /// 现有: status trial … revising.
    pub existing: usize,
}

impl Tally {
    fn add(&mut self, status: Status) {
        if !status.is_retired() {
            self.required += 1;
        }
        if status.is_existing() {
            self.existing += 1;
        }
    }

    /// 现有 ÷ 应有, `None` when nothing is required.
    pub fn ratio(&self) -> Option<f64> {
        ratio(self.existing as f64, self.required as f64)
    }
}

/// `a ÷ b`, `None` for a zero denominator (shown as `null` / `—`).
pub fn ratio(a: f64, b: f64) -> Option<f64> {
    (b != 0.0).then(|| a / b)
}

/// Coverage of one catalogue.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CatalogueCount {
    pub total: usize,
    /// Entries with an existing standard (work standard / item procedure / covering
    /// management standard).
    pub covered: usize,
    /// Per entry, in catalogue order: covered by an existing standard. An items-catalogue entry
    /// that is not a leaf (format.md: another entry names it as `parent`) needs no standard of
    /// its own and counts as covered here, and not in `total` or `covered`.
    pub is_covered: Vec<bool>,
    /// Per entry: not covered, but a standard in the pipeline addresses it.
    pub in_pipeline: Vec<bool>,
}

impl CatalogueCount {
    /// Uncovered entries that no standard in the pipeline addresses.
    pub fn missing(&self) -> usize {
        self.is_covered
            .iter()
            .zip(&self.in_pipeline)
            .filter(|(c, p)| !**c && !**p)
            .count()
    }
}

/// Statistics of existing item procedures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemStats {
    pub count: usize,
    pub instant: usize,
    pub promised: usize,
    pub joint: usize,
    pub reported: usize,
    pub statutory_days: f64,
    pub promised_days: f64,
    /// 时限压缩率: 1 − Σpromised ÷ Σstatutory.
    pub compression: Option<f64>,
    /// Mean number of steps (every step).
    pub mean_steps: Option<f64>,
    /// Items charging fees.
    pub charging: usize,
    /// Items with a catch-all material.
    pub catch_all: usize,
    /// Limits (statutory or promised) given in natural days, added to the sums as × 5 ÷ 7.
    pub natural_day_limits: usize,
    /// Items that give `visits` (到办事现场次数), those with 0 (零跑动), those with ≤ 1 (最多跑一次).
    pub visits_known: usize,
    pub zero_visits: usize,
    pub max_one_visit: usize,
    /// Items with a non-empty `commitment` (告知承诺).
    pub commitment: usize,
}

impl ItemStats {
    /// 即办件占比.
    pub fn instant_share(&self) -> Option<f64> {
        ratio(self.instant as f64, self.count as f64)
    }
    pub fn mean_statutory(&self) -> Option<f64> {
        ratio(self.statutory_days, self.count as f64)
    }
    pub fn mean_promised(&self) -> Option<f64> {
        ratio(self.promised_days, self.count as f64)
    }
}

/// Every number of the counting.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Counts {
    pub overall: Tally,
    /// Standards in the pipeline (planned, drafting, consultation).
    pub pipeline: usize,
    /// Superseded and abolished standards (listed in the detail table, not counted).
    pub retired: usize,
    pub by_level: [Tally; 5],
    /// By origin: 自制 (own), 采用 (adopted).
    pub by_origin: [Tally; 2],
    /// 其中：采用国际、国外标准 — the standards with `international` (or an adoption suffix).
    pub international: Tally,
    /// By 标准类型: the top-level nodes of each category summed (basic, quality, management,
    /// work).
    pub by_category: [Tally; 4],
    /// Per structure node (parallel to `SystemFile::nodes`), over its subtree.
    pub by_node: Vec<Tally>,
    /// Per node, its own standards that are existing or in the pipeline (blind spots: C002).
    pub own_active: Vec<usize>,
    pub posts: CatalogueCount,
    pub items: CatalogueCount,
    pub assets: CatalogueCount,
    pub item_stats: ItemStats,
}

impl Counts {
    /// Uncovered catalogue entries that no standard in the pipeline addresses.
    pub fn missing_catalogue(&self) -> usize {
        self.posts.missing() + self.items.missing() + self.assets.missing()
    }

    /// 标准覆盖率: 现有 ÷ (应有 + missing catalogue entries); `None` when both are 0.
    pub fn coverage(&self) -> Option<f64> {
        ratio(
            self.overall.existing as f64,
            (self.overall.required + self.missing_catalogue()) as f64,
        )
    }

    /// Counts a loaded system. Linear in standards, nodes and catalogue entries.
    pub fn of(standards: &[Loaded], sys: &SystemFile) -> Counts {
        let mut c = Counts {
            by_node: vec![Tally::default(); sys.nodes.len()],
            own_active: vec![0; sys.nodes.len()],
            ..Counts::default()
        };
        let mut own = vec![Tally::default(); sys.nodes.len()];
        // Catalogue links: entry id → (covered by existing, addressed in the pipeline).
        let mut posts: HashMap<&str, (bool, bool)> = HashMap::new();
        let mut items: HashMap<&str, (bool, bool)> = HashMap::new();
        let mut assets: HashMap<&str, (bool, bool)> = HashMap::new();
        let mut steps = 0usize;
        for l in standards {
            let s = &l.std;
            let Some(status) = s.status() else { continue };
            c.overall.add(status);
            c.by_level[Level::ALL.iter().position(|x| *x == s.level()).unwrap_or(4)].add(status);
            c.by_origin[usize::from(s.origin() == crate::model::Origin::Adopted)].add(status);
            if s.adopts().is_some() {
                c.international.add(status);
            }
            if status.is_pipeline() {
                c.pipeline += 1;
            }
            if status.is_retired() {
                c.retired += 1;
            }
            if let Some(i) = s.node().and_then(|n| sys.node(n)) {
                own[i].add(status);
                if status.is_existing() || status.is_pipeline() {
                    c.own_active[i] += 1;
                }
            }
            let (existing, pipeline) = (status.is_existing(), status.is_pipeline());
            if !existing && !pipeline {
                continue;
            }
            fn link<'a>(
                m: &mut HashMap<&'a str, (bool, bool)>,
                id: &'a str,
                existing: bool,
                pipeline: bool,
            ) {
                let e = m.entry(id).or_default();
                e.0 |= existing;
                e.1 |= pipeline;
            }
            match s.kind {
                Some(Kind::Work) => match s.work.as_ref().and_then(|w| w.post.as_ref()) {
                    Some(p) => link(&mut posts, &p.value.0, existing, pipeline),
                    // A planned work standard without its block yet names its post in `posts`.
                    None if pipeline => s
                        .posts
                        .iter()
                        .for_each(|p| link(&mut posts, &p.value.0, existing, pipeline)),
                    None => {}
                },
                Some(Kind::Item) => {
                    if let Some(code) = s.item.as_ref().and_then(|i| i.code.as_ref()) {
                        link(&mut items, &code.value.0, existing, pipeline);
                    }
                }
                Some(Kind::Management) => {
                    for a in s.management.iter().flat_map(|m| &m.covers) {
                        link(&mut assets, &a.value.0, existing, pipeline);
                    }
                }
                _ => {}
            }
            if existing
                && s.kind == Some(Kind::Item)
                && let Some(it) = &s.item
            {
                let st = &mut c.item_stats;
                st.count += 1;
                match it.handling {
                    Some(Handling::Instant) => st.instant += 1,
                    Some(Handling::Promised) => st.promised += 1,
                    Some(Handling::Joint) => st.joint += 1,
                    Some(Handling::Reported) => st.reported += 1,
                    None => {}
                }
                // Limits in working days (outputs.md, Counting): hours ÷ 8, natural days × 5 ÷ 7.
                for (sum, d) in [
                    (&mut st.statutory_days, it.statutory_limit),
                    (&mut st.promised_days, it.promised_limit),
                ] {
                    if let Some(d) = d {
                        *sum += d.working_days_estimate();
                        st.natural_day_limits += usize::from(d.unit == Unit::NaturalDays);
                    }
                }
                steps += it.steps.len();
                if it.charges_fees() {
                    st.charging += 1;
                }
                if let Some(v) = it.visits {
                    st.visits_known += 1;
                    st.zero_visits += usize::from(v == 0);
                    st.max_one_visit += usize::from(v <= 1);
                }
                st.commitment += usize::from(!it.commitment.is_empty());
                if it.materials.iter().any(|m| {
                    m.name
                        .as_deref()
                        .is_some_and(crate::model::forms::is_catch_all)
                }) {
                    st.catch_all += 1;
                }
            }
        }
        let st = &mut c.item_stats;
        st.compression = ratio(st.promised_days, st.statutory_days).map(|r| 1.0 - r);
        st.mean_steps = ratio(steps as f64, st.count as f64);
        // Subtree sums: children come after their parent in structure order.
        for i in (0..sys.nodes.len()).rev() {
            c.by_node[i].required += own[i].required;
            c.by_node[i].existing += own[i].existing;
            if let Some(p) = sys.nodes[i].parent {
                let t = c.by_node[i];
                c.by_node[p].required += t.required;
                c.by_node[p].existing += t.existing;
            }
        }
        for (i, n) in sys.nodes.iter().enumerate() {
            if n.parent.is_none()
                && let Some(k) = n.category
            {
                let t = c.by_node[i];
                let slot = &mut c.by_category[k as usize];
                slot.required += t.required;
                slot.existing += t.existing;
            }
        }
        let cat = |ids: Vec<Option<&str>>, links: &HashMap<&str, (bool, bool)>| {
            let mut cc = CatalogueCount {
                total: ids.len(),
                ..CatalogueCount::default()
            };
            for id in ids {
                let (e, p) = id.and_then(|id| links.get(id)).copied().unwrap_or_default();
                cc.is_covered.push(e);
                cc.in_pipeline.push(!e && p);
                cc.covered += usize::from(e);
            }
            cc
        };
        fn id(s: &Option<crate::model::Spanned<crate::model::Code>>) -> Option<&str> {
            s.as_ref().map(|s| s.value.as_str())
        }
        c.posts = cat(
            sys.posts.entries.iter().map(|p| id(&p.id)).collect(),
            &posts,
        );
        c.items = leaf_items(sys, &items);
        c.assets = cat(
            sys.assets.entries.iter().map(|p| id(&p.id)).collect(),
            &assets,
        );
        c
    }
}

/// The items catalogue's coverage (outputs.md, Catalogue coverage): only leaves count (entries
/// no other entry names as `parent`); a leaf is covered by an item procedure for it or for an
/// entry above it, and addressed by one in the pipeline likewise. A chain of `parent`s that
/// loops (R010) stops where it comes back.
fn leaf_items(sys: &SystemFile, links: &HashMap<&str, (bool, bool)>) -> CatalogueCount {
    let entries = &sys.items.entries;
    let id = |i: usize| entries[i].id.as_ref().map(|s| s.value.as_str());
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for i in 0..entries.len() {
        if let Some(k) = id(i) {
            by_id.entry(k).or_insert(i);
        }
    }
    let parent = |i: usize| {
        entries[i]
            .parent
            .as_ref()
            .and_then(|p| by_id.get(p.value.as_str()).copied())
    };
    let mut named = vec![false; entries.len()];
    for i in 0..entries.len() {
        if let Some(p) = parent(i)
            && p != i
        {
            named[p] = true;
        }
    }
    let mut cc = CatalogueCount::default();
    for (i, &is_parent) in named.iter().enumerate() {
        if is_parent {
            cc.is_covered.push(true);
            cc.in_pipeline.push(false);
            continue;
        }
        let (mut e, mut p) = (false, false);
        let mut at = Some(i);
        let mut seen = 0;
        while let Some(j) = at {
            let (je, jp) = id(j)
                .and_then(|k| links.get(k))
                .copied()
                .unwrap_or_default();
            e |= je;
            p |= jp;
            seen += 1;
            if seen > entries.len() {
                break;
            }
            at = parent(j);
        }
        cc.total += 1;
        cc.covered += usize::from(e);
        cc.is_covered.push(e);
        cc.in_pipeline.push(!e && p);
    }
    cc
}
