//! `stdkit build`: the handbooks (HTML site, handbook.html, Markdown).

use super::{Exit, Global};
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;
use stdkit::handbook::{self, Options};

#[derive(Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub publish: super::Publish,
    /// Output folder (default: <root>/build)
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Include standards still in the pipeline (marked 征求意见稿 / 草案)
    #[arg(long)]
    pub include_drafts: bool,
}

pub fn execute(args: BuildArgs, global: &Global) -> Result<Exit> {
    let Some(system) =
        super::load_checked(&args.publish, false, super::Refuse::Standards, None, global)?
    else {
        return Ok(Exit::Failure);
    };
    let out = args
        .output
        .unwrap_or_else(|| system.root.display.join(stdkit::system::OUTPUT_DIR));
    let report = handbook::build(
        &system,
        &Options {
            out: out.clone(),
            include_drafts: args.include_drafts,
        },
    )?;
    // Warnings are shown even with --quiet: something was left behind that needs a hand.
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    super::note(
        global,
        &format!(
            "built {} standards and {} post handbooks into {} ({} files): html/index.html, handbook.html, markdown/SUMMARY.md",
            report.standards,
            report.posts,
            out.display(),
            report.files
        ),
    );
    Ok(Exit::Success)
}
