//! `stdkit sheet export ID [-o FILE]`: a scoring sheet as YAML — a built-in one (to complete it
//! as a user sheet of the same id) or one of the system's `compliance.sheets`. Never
//! overwrites; an unknown id is exit 2 naming the sheets there are.

use super::{Exit, Global};
use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct SheetArgs {
    #[command(subcommand)]
    pub action: SheetAction,
}

#[derive(Subcommand, Debug)]
pub enum SheetAction {
    /// Write a scoring sheet (评估计分表) as YAML: a built-in one, or one of compliance.sheets
    Export {
        /// The sheet's id (cn-service-pilot-2009, cn-good-behaviour, or a sheet of the system)
        id: String,
        /// The system root, for a sheet of compliance.sheets (default: the nearest stdkit.yaml)
        #[arg(long)]
        root: Option<PathBuf>,
        /// Write to this file (never overwritten) instead of standard output
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

pub fn execute(args: SheetArgs, global: &Global) -> Result<Exit> {
    let SheetAction::Export { id, root, output } = args.action;
    let text = match sheet_text(&id, root.as_deref())? {
        Ok(t) => t,
        Err(known) => bail!(
            "{}",
            global.pick(
                &format!("no scoring sheet `{id}` (there are: {})", known.join(", ")),
                &format!("没有评估计分表 `{id}`（现有：{}）", known.join("、")),
            )
        ),
    };
    match output {
        Some(path) => {
            stdkit::output::write_new_atomic(&path, text.as_bytes())?;
            super::note_in(
                global,
                &format!("wrote {}", path.display()),
                &format!("已写入 {}", path.display()),
            );
        }
        None => super::write_stdout(text.as_bytes()),
    }
    Ok(Exit::Success)
}

/// The sheet's YAML text, or the ids there are.
fn sheet_text(id: &str, root: Option<&std::path::Path>) -> Result<Result<String, Vec<String>>> {
    let mut known: Vec<String> = stdkit::load::assess::builtin()
        .iter()
        .map(|s| s.id().to_string())
        .collect();
    // A system sheet of the same id replaces the built-in, as in `check`.
    if let Ok(root) = stdkit::system::Root::find(root) {
        let opts = stdkit::load::Options {
            today: None,
            lean: true,
            period: None,
            cache: false,
        };
        let system = stdkit::check::run(root, &opts)?;
        if let Some(records) = &system.records {
            for s in records.sheets.iter().filter(|s| !s.builtin) {
                if s.id() == id {
                    let path = system.root.dir.join(&s.rel);
                    return Ok(Ok(std::fs::read_to_string(path)?));
                }
                known.push(s.id().to_string());
            }
        }
    }
    Ok(match stdkit::load::assess::builtin_text(id) {
        Some(t) => Ok(t.to_string()),
        None => {
            known.sort();
            known.dedup();
            Err(known)
        }
    })
}
