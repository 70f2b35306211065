//! `stdkit new KIND --node CODE [--title T] [ROOT]`: a new standard with the next free id of
//! the node, from the kind's skeleton (the system's `templates/new/<kind>.yaml` if present).
//! Prints the new file's path (relative to the current folder) on standard output.

use super::{Exit, Global};
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;
use stdkit::load::Options;
use stdkit::model::Kind;
use stdkit::scaffold::{self, NewRequest};
use stdkit::system::Root;

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The kind of standard
    #[arg(value_enum)]
    pub kind: Kind,
    /// The structure node to put it in (its id becomes `<node>-<next sequence>`)
    #[arg(long, value_name = "CODE")]
    pub node: String,
    /// The title (标准名称); a placeholder to fill in when omitted
    #[arg(long)]
    pub title: Option<String>,
    /// The system root (default: the nearest folder at or above the current one with stdkit.yaml)
    pub root: Option<PathBuf>,
}

pub fn execute(args: NewArgs, global: &Global) -> Result<Exit> {
    let root = Root::find(args.root.as_deref())?;
    let system = stdkit::check::run(root, &Options::default())?;
    let kind = args.kind;
    let created = scaffold::new_standard(
        &system,
        &NewRequest {
            kind,
            node: args.node.trim(),
            title: args.title.as_deref(),
        },
    )?;
    let shown = system.root.file_name(&created.rel);
    println!("{shown}");
    if let Some(t) = &created.template {
        super::note(
            global,
            &format!("(from the system's template {})", system.root.file_name(t)),
        );
    }
    let hint = if kind == Kind::External {
        "an adopted standard is in force as soon as it is registered: fill in its number and dates now (`stdkit check` reports them as errors until then)".to_string()
    } else {
        format!(
            "new standard {}: fill in every 【待填写：…】 (`stdkit check` lists what is left)",
            created.id
        )
    };
    super::note(global, &hint);
    Ok(Exit::Success)
}
