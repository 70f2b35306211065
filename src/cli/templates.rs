//! `stdkit templates export DIR`: write the default templates out for editing.

use super::{Exit, Global};
use anyhow::Result;
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct TemplatesArgs {
    #[command(subcommand)]
    pub action: TemplatesAction,
}

#[derive(Subcommand, Debug)]
pub enum TemplatesAction {
    /// Write the default templates into DIR (handbook pages, and new/<kind>.yaml for `stdkit new`); copy them to <root>/templates/ to override
    Export {
        /// Folder to write into
        dir: PathBuf,
    },
}

pub fn execute(args: TemplatesArgs, global: &Global) -> Result<Exit> {
    match args.action {
        TemplatesAction::Export { dir } => {
            let written = stdkit::handbook::templates::export(&dir)?;
            super::note_in(
                global,
                &format!("wrote {} templates to {}", written.len(), dir.display()),
                &format!("已写入 {} 个模板到 {}", written.len(), dir.display()),
            );
        }
    }
    Ok(Exit::Success)
}
