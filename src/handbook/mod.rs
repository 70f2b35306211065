//! `stdkit build`: the handbooks (标准汇编 and one handbook per post, 按岗编制成册) as a static
//! HTML site, one self-contained `handbook.html` and Markdown, through tera templates.
//!
//! `plan` decides what is published and in which order; `document` (with `chapters`) computes
//! each standard's document once, in parallel; `pages` lays documents out through the templates.
//! Every file goes into a `crate::output` sink: a staging folder beside the output folder,
//! swapped into place at the end, so a failed build leaves the previous output intact.

mod blocks;
mod chapters;
pub mod document;
pub mod flow;
pub mod markdown;
mod pages;
mod plan;
pub mod templates;

pub use crate::output::{FileWriter, MemSink, Sink};

use crate::count::Counts;
use crate::index::Index;
use crate::stats::Stats;
use crate::system::System;
use crate::table::Table;
use anyhow::{Result, bail};
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
    let swapped = crate::output::write_tree(&opts.out, |sink| {
        sink.put(
            Path::new(MARKER),
            b"This folder is written by `stdkit build` and replaced by the next build.\n".to_vec(),
        )?;
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
pub const MARKER: &str = ".stdkit-build";

/// Refuses an output folder whose replacement would lose sources: a symbolic link (replacing
/// it would empty the folder it leads to), the root or a folder above it, a folder holding files
/// of the system, or an existing folder with content that is not a previous stdkit output.
pub fn check_output(system: &System, out: &Path) -> Result<()> {
    crate::output::refuse_link(out)?;
    let absolute = |p: &Path| -> PathBuf {
        if let Ok(c) = p.canonicalize() {
            return c;
        }
        let abs = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        match (
            abs.parent().and_then(|d| d.canonicalize().ok()),
            abs.file_name(),
        ) {
            (Some(d), Some(n)) => d.join(n),
            _ => abs,
        }
    };
    let out_abs = absolute(out);
    let root = &system.root.dir;
    if root.starts_with(&out_abs) {
        bail!(
            "`{}` is the system's root or a folder above it; the handbook would replace the system (choose another output folder)",
            out.display()
        );
    }
    let holds = |f: &Path| root.join(f).starts_with(&out_abs);
    if system.standards.iter().any(|l| holds(&l.rel)) {
        bail!(
            "`{}` holds standard files of the system; the handbook would replace them (choose another output folder)",
            out.display()
        );
    }
    if out_abs.is_dir()
        && !out_abs.join(MARKER).is_file()
        && std::fs::read_dir(&out_abs).is_ok_and(|mut d| d.next().is_some())
    {
        bail!(
            "`{}` is not empty and is not a stdkit output folder; choose a new folder, or empty it first",
            out.display()
        );
    }
    Ok(())
}
