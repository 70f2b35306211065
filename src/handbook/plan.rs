//! What a build publishes, decided before anything is rendered: which standards get a page, in
//! which order, who references whom, and which standards each post's handbook holds.
//!
//! Indices only: documents and pages are built from the plan, never consulted by it.

use crate::index::Index;
use crate::model::Tier;
use crate::model::forms::file_safe;
use crate::system::System;
use crate::text::natural_cmp;
use serde::Serialize;
use std::collections::HashSet;

/// The plan of a build; every index is into `system.standards`.
pub struct Plan {
    /// Whether the standard at an index has a page.
    pub included: Vec<bool>,
    /// The included standards in structure order: by node, then id in natural order.
    pub order: Vec<usize>,
    /// The position in `order` of each standard (`usize::MAX` when not included).
    pub rank: Vec<usize>,
    /// Who references each standard, among the included ones, in structure order.
    pub referenced_by: Vec<Vec<usize>>,
    /// The post handbooks, in the order of the posts catalogue.
    pub posts: Vec<Post>,
}

/// A post handbook (按岗编制成册); serialised as the post's entry in navigation.
#[derive(Serialize)]
pub struct Post {
    pub id: String,
    pub name: String,
    pub department: String,
    pub tier: String,
    pub count: usize,
    /// No existing standard is the post's work standard (there is none, or it is only planned
    /// or being drafted): the handbook and the list of posts say so.
    pub pending: bool,
    /// What the handbook holds: the post's work standards first, then every other included
    /// standard that lists the post, each in structure order.
    #[serde(skip)]
    pub standards: Vec<usize>,
}

impl Plan {
    pub fn new(system: &System, index: &Index, drafts: bool) -> Plan {
        let included = included(system, drafts);
        let order = order(system, &included);
        let mut rank = vec![usize::MAX; system.standards.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i] = r;
        }
        let referenced_by = referenced_by(system, index, &order);
        let posts = posts(system, &order);
        Plan {
            included,
            order,
            rank,
            referenced_by,
            posts,
        }
    }
}

/// Which standards go into the handbooks: existing ones, plus the pipeline with drafts. A
/// standard whose id cannot name a file (N003, built with `--force`) gets no page, and neither
/// does one whose id names the same file as an earlier one's on a case-insensitive file system
/// (N001, `AB1-001` and `ab1-001`): no page ever overwrites another.
fn included(system: &System, drafts: bool) -> Vec<bool> {
    let mut names = HashSet::new();
    system
        .standards
        .iter()
        .map(|l| {
            l.std.id().is_some_and(file_safe)
                && l.std
                    .status()
                    .is_some_and(|s| s.is_existing() || (drafts && s.is_pipeline()))
                && l.std
                    .id()
                    .is_some_and(|id| names.insert(id.to_ascii_lowercase()))
        })
        .collect()
}

/// The index into `system.sys.nodes` of the standard's node (`usize::MAX` when it has none, so
/// such standards sort last).
pub fn node_of(system: &System, i: usize) -> usize {
    system.standards[i]
        .std
        .node()
        .and_then(|n| system.sys.node(n))
        .unwrap_or(usize::MAX)
}

/// The included standards by node, then id in natural order.
fn order(system: &System, included: &[bool]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..system.standards.len())
        .filter(|&i| included[i])
        .collect();
    let id = |i: usize| system.standards[i].std.id().unwrap_or("");
    order.sort_by(|&a, &b| {
        node_of(system, a)
            .cmp(&node_of(system, b))
            .then_with(|| natural_cmp(id(a), id(b)))
    });
    order
}

/// For each standard, the included standards that reference it, in `order`.
fn referenced_by(system: &System, index: &Index, order: &[usize]) -> Vec<Vec<usize>> {
    let mut by: Vec<Vec<usize>> = vec![Vec::new(); system.standards.len()];
    for &i in order {
        for r in &system.standards[i].std.references {
            // `i` is pushed in order, so a repeat can only be the last entry (no quadratic scan).
            if let Some(t) = index.resolve(&r.value.0)
                && t != i
                && by[t].last() != Some(&i)
            {
                by[t].push(i);
            }
        }
    }
    by
}

/// One handbook per post whose id can name a file, and names no earlier post's file (N009,
/// ids differing only in case).
fn posts(system: &System, order: &[usize]) -> Vec<Post> {
    let mut out = Vec::new();
    let mut names = HashSet::new();
    for p in &system.sys.posts.entries {
        let Some(id) =
            p.id.as_ref()
                .map(|i| i.value.as_str())
                .filter(|i| file_safe(i) && names.insert(i.to_ascii_lowercase()))
        else {
            continue;
        };
        let defines = |i: &usize| {
            let s = &system.standards[*i].std;
            s.work
                .as_ref()
                .and_then(|w| w.post.as_ref())
                .is_some_and(|w| w.value.as_str() == id)
        };
        let mut standards: Vec<usize> = order.iter().copied().filter(defines).collect();
        standards.extend(order.iter().copied().filter(|i| {
            !defines(i)
                && system.standards[*i]
                    .std
                    .posts
                    .iter()
                    .any(|x| x.value.as_str() == id)
        }));
        let pending = !system.standards.iter().any(|l| {
            l.std.status().is_some_and(|s| s.is_existing())
                && l.std
                    .work
                    .as_ref()
                    .and_then(|w| w.post.as_ref())
                    .is_some_and(|w| w.value.as_str() == id)
        });
        let tier = match p.tier {
            Some(Tier::Decision) => "决策层",
            Some(Tier::Management) => "管理层",
            Some(Tier::Execution) => "执行层",
            None => "",
        };
        out.push(Post {
            id: id.to_string(),
            name: p.name.clone().unwrap_or_default(),
            department: p.department.clone().unwrap_or_default(),
            tier: tier.to_string(),
            count: standards.len(),
            pending,
            standards,
        });
    }
    out
}
