//! `stdkit schema [-o DIR]`: write the JSON Schemas generated from the model.

use super::{Exit, Global};
use anyhow::{Context, Result};
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// Folder to write into
    #[arg(short, long, default_value = "schema")]
    pub output: PathBuf,
}

pub fn execute(args: SchemaArgs, global: &Global) -> Result<Exit> {
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("cannot create `{}`", args.output.display()))?;
    for (name, schema) in stdkit::schema::all() {
        let path = args.output.join(name);
        let mut text = serde_json::to_string_pretty(&schema)?;
        text.push('\n');
        stdkit::output::write_atomic(&path, text.as_bytes())?;
        if !global.quiet {
            eprintln!("wrote {}", path.display());
        }
    }
    Ok(Exit::Success)
}
