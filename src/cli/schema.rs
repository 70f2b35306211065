//! `stdkit schema [-o DIR]`: write the JSON Schemas generated from the model, by default into
//! `schema/` of the system root (where the files' `$schema` lines point), not of the current
//! folder; outside any system, into `./schema`.

use super::{Exit, Global};
use anyhow::{Context, Result};
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// Folder to write into (default: `schema/` of the system root, else `./schema`)
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn execute(args: SchemaArgs, global: &Global) -> Result<Exit> {
    let dir = match args.output {
        Some(dir) => dir,
        None => match stdkit::system::Root::find(None) {
            Ok(root) => root.display.join("schema"),
            Err(_) => PathBuf::from("schema"),
        },
    };
    std::fs::create_dir_all(&dir)
        .with_context(|| stdkit::said!("cannot create `{}`", "无法创建 `{}`", dir.display()))?;
    for (name, schema) in stdkit::schema::all() {
        let path = dir.join(name);
        let mut text = serde_json::to_string_pretty(&schema)?;
        text.push('\n');
        stdkit::output::write_atomic(&path, text.as_bytes())?;
        if !global.quiet {
            super::note_in(
                global,
                &format!("wrote {}", path.display()),
                &format!("已写入 {}", path.display()),
            );
        }
    }
    Ok(Exit::Success)
}
