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
    watchdog(&system);
    let report = handbook::build(
        &system,
        &Options {
            out: out.clone(),
            include_drafts: args.include_drafts,
        },
    )?;
    // Warnings are shown even with --quiet: something was left behind that needs a hand.
    for w in &report.warnings {
        eprintln!("{}: {w}", global.pick("warning", "警告"));
    }
    super::note_in(
        global,
        &format!(
            "built {} standards and {} post handbooks into {} ({} files): html/index.html, handbook.html, markdown/SUMMARY.md",
            report.standards,
            report.posts,
            out.display(),
            report.files
        ),
        &format!(
            "已生成 {} 项标准和 {} 本岗位手册，输出到 {}（{} 个文件）：html/index.html、handbook.html、markdown/SUMMARY.md",
            report.standards,
            report.posts,
            out.display(),
            report.files
        ),
    );
    Ok(Exit::Success)
}

/// A time budget for the system's own templates (`<root>/templates/`): a template is a program
/// (loops, `range`), and one that never ends would hang CI. The default templates are ours and
/// need no watchdog. When the budget is spent the process ends with exit 2 before the output
/// is swapped in, so the previous output stays whole (as after a kill).
fn watchdog(system: &stdkit::system::System) {
    if !system.root.dir.join("templates").is_dir() {
        return;
    }
    // Generous for real systems (a 10 000-standard build takes about 2 s);
    // STDKIT_RENDER_BUDGET_MS sets it (the tests use a short one).
    let ms = std::env::var("STDKIT_RENDER_BUDGET_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(10_000 + 2 * system.standards.len() as u64);
    let budget = std::time::Duration::from_millis(ms);
    std::thread::spawn(move || {
        std::thread::sleep(budget);
        eprintln!(
            "error: the templates took longer than {:.1} s to render (a loop without end in `templates/`?); the previous output is unchanged",
            budget.as_secs_f64()
        );
        std::process::exit(2);
    });
}
