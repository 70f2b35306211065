//! `stdkit init DIR`: a new system — `stdkit.yaml`, catalogues, one example standard per kind,
//! `.gitignore` and the JSON Schemas — that checks clean at once. Never overwrites a file.

use super::{Exit, Global};
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct InitArgs {
    /// The folder of the new system (created if needed)
    pub dir: PathBuf,
}

pub fn execute(args: InitArgs, global: &Global) -> Result<Exit> {
    let written = stdkit::scaffold::init(&args.dir)?;
    if !global.quiet {
        let dir = args.dir.display();
        eprintln!(
            "created a new standard system in `{dir}` ({} files):",
            written.len()
        );
        for rel in &written {
            eprintln!("  {}", rel.display());
        }
        eprintln!();
        eprintln!("next steps:");
        eprintln!(
            "  stdkit check {dir}                      # checks clean (warnings explained in stdkit.yaml)"
        );
        eprintln!("  stdkit new item --node 202 {dir}        # a new item procedure to fill in");
        eprintln!("  edit {dir}/stdkit.yaml: organisation, title, code, structure and catalogues");
    }
    Ok(Exit::Success)
}
