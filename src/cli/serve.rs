//! `stdkit serve`: the live preview (the work is in `stdkit::serve`).

use super::{Exit, Global};
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;
use stdkit::serve::{Built, ServeOptions};

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The system root (default: the nearest folder at or above the current one with stdkit.yaml)
    pub root: Option<PathBuf>,
    /// Port on 127.0.0.1 (0: any free port, printed)
    #[arg(long, default_value_t = 3000)]
    pub port: u16,
    /// Include standards still in the pipeline (marked 征求意见稿 / 草案)
    #[arg(long)]
    pub include_drafts: bool,
}

pub fn execute(args: ServeArgs, global: &Global) -> Result<Exit> {
    let root = stdkit::system::Root::find(args.root.as_deref())?;
    let opts = ServeOptions {
        port: args.port,
        include_drafts: args.include_drafts,
        cache: global.cache(),
        lang: global.chosen(),
    };
    let zh = stdkit::diag::error_lang() == stdkit::diag::Lang::Zh;
    let quiet = global.quiet;
    stdkit::serve::run(
        root,
        &opts,
        |addr| {
            // The address on standard output, alone on its line: scripts and tests read it.
            super::write_stdout(format!("http://{addr}/\n").as_bytes());
            if !quiet {
                eprintln!(
                    "{}",
                    if zh {
                        "正在预览；保存文件后页面自动刷新（Ctrl-C 停止）"
                    } else {
                        "previewing; pages reload when a file is saved (Ctrl-C to stop)"
                    }
                );
            }
        },
        move |b: &Built| {
            if quiet && b.failed.is_none() {
                return;
            }
            let ms = b.elapsed.as_millis();
            match (&b.failed, zh) {
                (Some(why), false) => eprintln!("build {} failed: {why}", b.generation),
                (Some(why), true) => eprintln!("第 {} 次生成失败：{why}", b.generation),
                (None, false) => eprintln!(
                    "build {}: {} files, {} errors, {} warnings ({ms} ms)",
                    b.generation, b.files, b.errors, b.warnings
                ),
                (None, true) => eprintln!(
                    "第 {} 次生成：{} 个文件，{} 个错误，{} 个警告（{ms} 毫秒）",
                    b.generation, b.files, b.errors, b.warnings
                ),
            }
        },
    )?;
    Ok(Exit::Success)
}
