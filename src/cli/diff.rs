//! `stdkit diff BASE [HEAD] [ROOT]`: what changed in the system between two git revisions
//! (HEAD default: the working tree) — standards added, removed and revised (each field by its
//! YAML path), status changes and the statistics — as text, Markdown or JSON.

use super::{Exit, Global};
use anyhow::Result;
use clap::Args;
use std::path::{Path, PathBuf};
use stdkit::diff::Format;
use stdkit::system::{Root, SYSTEM_FILE};

#[derive(Args, Debug)]
#[command(after_help = "Examples:
  stdkit diff HEAD~1                   # last commit → working tree
  stdkit diff main HEAD --format md    # a pull request, as a Markdown comment
  stdkit diff v2025 standards          # a second argument that is a system root is ROOT")]
pub struct DiffArgs {
    /// The git revision to compare from (a commit, branch, tag, `HEAD~1` …)
    pub base: String,
    /// The git revision to compare to (default: the working tree)
    pub head: Option<String>,
    /// The system root (default: the nearest folder at or above the current one with stdkit.yaml)
    pub root: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

pub fn execute(args: DiffArgs, global: &Global) -> Result<Exit> {
    // `stdkit diff BASE ROOT`: a second argument naming a system root is the root.
    let (head, root) = match (args.head, args.root) {
        (Some(h), None) if Path::new(&h).join(SYSTEM_FILE).is_file() => {
            (None, Some(PathBuf::from(h)))
        }
        (h, r) => (h, r),
    };
    let root = Root::find(root.as_deref())?;
    let d = stdkit::diff::diff(&root, &args.base, head.as_deref())?;
    let text = stdkit::diff::render(&d, args.format, global.lang(), global.stdout_color());
    super::write_stdout(text.as_bytes());
    Ok(Exit::Success)
}
