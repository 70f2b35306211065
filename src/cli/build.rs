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
    let start = std::time::Instant::now();
    let Some(system) =
        super::load_checked(&args.publish, false, super::Refuse::Standards, None, global)?
    else {
        return Ok(Exit::Failure);
    };
    let checked = start.elapsed();
    let out = args
        .output
        .unwrap_or_else(|| system.root.display.join(stdkit::system::OUTPUT_DIR));
    watchdog(&system);
    let progress = Progress::start(&system, global);
    let report = handbook::build(
        &system,
        &Options {
            out: out.clone(),
            include_drafts: args.include_drafts,
        },
    );
    progress.finish();
    let report = report?;
    if global.verbose {
        let built = start.elapsed() - checked;
        eprintln!(
            "{}",
            if global.lang_of(&system) == stdkit::diag::Lang::Zh {
                format!(
                    "用时：读取和检查 {:.2} 秒，生成和写入 {:.2} 秒（{} 个文件）",
                    checked.as_secs_f64(),
                    built.as_secs_f64(),
                    report.files
                )
            } else {
                format!(
                    "phases: load and check {:.2} s, render and write {:.2} s ({} files)",
                    checked.as_secs_f64(),
                    built.as_secs_f64(),
                    report.files
                )
            }
        );
    }
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

/// The progress bar of a build on a terminal: drawn from the count of files written
/// (`output::WRITTEN`) by a thread that looks twice a second, and only once the build has run
/// for a second, so a small system's build never flashes a bar. Silent with `-q` or when
/// standard error is not a terminal.
struct Progress {
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start(system: &stdkit::system::System, global: &Global) -> Progress {
        use std::io::IsTerminal;
        use std::sync::atomic::{AtomicBool, Ordering};
        let done = std::sync::Arc::new(AtomicBool::new(false));
        if global.quiet || !std::io::stderr().is_terminal() {
            return Progress { done, thread: None };
        }
        // About two files per standard (its page and its Markdown) and two per post handbook,
        // plus the site's own pages; the bar stops short of the end if the guess is low.
        let posts = system.sys.posts.entries.len();
        let expected = (2 * system.standards.len() + 2 * posts + 20) as u64;
        let zh = global.lang_of(system) == stdkit::diag::Lang::Zh;
        let seen = std::sync::Arc::clone(&done);
        let base = stdkit::output::WRITTEN.load(Ordering::Relaxed) as u64;
        let thread = std::thread::spawn(move || {
            let tick = std::time::Duration::from_millis(500);
            std::thread::sleep(2 * tick);
            if seen.load(Ordering::Relaxed) {
                return;
            }
            let bar = indicatif::ProgressBar::new(expected);
            let template = if zh {
                "{spinner} 生成中 [{bar:30}] {pos}/{len} 个文件 {elapsed}"
            } else {
                "{spinner} building [{bar:30}] {pos}/{len} files {elapsed}"
            };
            if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            while !seen.load(Ordering::Relaxed) {
                let n = stdkit::output::WRITTEN.load(Ordering::Relaxed) as u64 - base;
                bar.set_position(n.min(expected.saturating_sub(1)));
                std::thread::sleep(tick / 5);
            }
            bar.finish_and_clear();
        });
        Progress {
            done,
            thread: Some(thread),
        }
    }

    fn finish(mut self) {
        self.done.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
