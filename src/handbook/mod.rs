//! `stdkit build`: the handbooks (标准汇编 and one handbook per post, 按岗编制成册) as a static
//! HTML site, one self-contained `handbook.html` and Markdown, through tera templates.
//!
//! `plan` decides what is published and in which order; `document` (with `chapters`) computes
//! each standard's document once, in parallel; `pages` lays documents out through the templates.
//! Every file goes into a `crate::output` sink: a staging folder beside the output folder,
//! swapped into place at the end, so a failed build leaves the previous output intact.

mod blocks;
mod chapters;
mod cover;
pub mod document;
mod edition;
pub mod flow;
pub mod markdown;
pub mod numbering;
mod pages;
mod plan;
pub mod templates;

pub use crate::output::{FileWriter, MemSink, Sink};
pub use numbering::Numbering;

use crate::count::Counts;
use crate::index::Index;
use crate::stats::Stats;
use crate::system::System;
use crate::table::Table;
use anyhow::{Context, Result};
use document::{Cx, Document};
use pages::{Pages, TableHtml};
use plan::Plan;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Options of a build.
#[derive(Clone, Debug)]
pub struct Options {
    /// The output folder (`<root>/build` by default).
    pub out: PathBuf,
    /// Include standards in the pipeline (marked 征求意见稿 / 草案).
    pub include_drafts: bool,
}

/// What a build wrote.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub standards: usize,
    pub posts: usize,
    pub files: usize,
    /// What the caller should tell: folders that could not be removed, an output put back.
    pub warnings: Vec<String>,
}

/// Builds every output into `opts.out`.
pub fn build(system: &System, opts: &Options) -> Result<Report> {
    check_output(system, &opts.out)?;
    // A build killed while replacing the output may have left it missing: put it back before
    // anything can fail (after the output is known to be ours to replace).
    let mut warnings = crate::output::recover(&opts.out)?;
    let tera = templates::load(&system.root.dir)?;
    let mut report = Report::default();
    let dossier = carried_dossier(&opts.out)?;
    let swapped = crate::output::write_tree(&opts.out, |sink| {
        sink.put(
            Path::new(MARKER),
            b"This folder is written by `stdkit build` and replaced by the next build.\n".to_vec(),
        )?;
        for (path, bytes) in dossier {
            sink.put(&Path::new(DOSSIER).join(path), bytes)?;
        }
        report = render(system, opts, &tera, sink)?;
        Ok(())
    })?;
    // `write_tree` repairs too: a leftover that cannot be removed is told once.
    for w in swapped {
        if !warnings.contains(&w) {
            warnings.push(w);
        }
    }
    report.warnings = warnings;
    Ok(report)
}

/// Renders every output file into `sink`.
pub fn render(
    system: &System,
    opts: &Options,
    tera: &tera::Tera,
    sink: &dyn Sink,
) -> Result<Report> {
    let counts = Counts::of(&system.standards, &system.sys);
    let index = Index::new(&system.standards, &system.sys);
    let table = Table::build_from(system, &counts, &index);
    let plan = Plan::new(system, &index, opts.include_drafts);
    let cx = Cx {
        system,
        index: &index,
        included: &plan.included,
        referenced_by: &plan.referenced_by,
    };
    let docs: Vec<Document> = plan
        .order
        .par_iter()
        .map(|&i| document::build(&cx, i))
        .collect();
    let stats = Stats::new(system, None);
    let pages = Pages::new(tera, system, &plan, &docs, &counts, &stats);
    let fragments = pages.fragments()?;
    pages.standards(&fragments, sink)?;
    pages.post_handbooks(&plan.rank, &fragments, sink)?;
    drop(fragments);
    let tables = TableHtml::of(&table);
    let css = pages.site(&tables, &stats, sink)?;
    pages.handbook(&tables, &css, sink)?;
    pages.markdown(&table, &stats, sink)?;
    Ok(Report {
        standards: docs.len(),
        posts: plan.posts.len(),
        files: sink.count(),
        warnings: Vec::new(),
    })
}

/// The file that marks a folder as a stdkit output, so `build` may replace it.
pub const MARKER: &str = crate::output::MARKERS[0];

/// Refuses an output folder whose replacement would lose sources ([`crate::output::check_output`]):
/// a build may replace a previous build, or a `build/` holding only a dossier.
pub fn check_output(system: &System, out: &Path) -> Result<()> {
    let root = &system.root.dir;
    crate::output::check_output(
        out,
        root,
        system.standards.iter().map(|l| root.join(&l.rel)),
        MARKER,
        &[DOSSIER],
    )
}

/// The files of a dossier in the output folder (`report dossier` writes it there by default),
/// so the new build carries them over instead of dropping them with the previous build.
fn carried_dossier(out: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let dir = out.join(DOSSIER);
    if !dir.join(crate::output::MARKERS[1]).is_file() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).with_context(|| format!("cannot read `{}`", d.display()))? {
            let e = e?;
            let t = e.file_type()?;
            if t.is_dir() {
                stack.push(e.path());
            } else if t.is_file() {
                let rel = e
                    .path()
                    .strip_prefix(&dir)
                    .unwrap_or(&e.path())
                    .to_path_buf();
                files.push((rel, std::fs::read(e.path())?));
            }
        }
    }
    files.sort();
    Ok(files)
}

/// The dossier's folder inside the output folder (`report dossier`), carried over by a build.
pub const DOSSIER: &str = "dossier";
