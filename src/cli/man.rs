//! `stdkit man [COMMAND]`: the manual page (roff) generated from the clap definitions, on
//! standard output: `stdkit man | man -l -`, or `stdkit man > stdkit.1`.

use super::{Cli, Exit, Global};
use anyhow::{Result, bail};
use clap::{Args, CommandFactory};

#[derive(Args, Debug)]
pub struct ManArgs {
    /// A command whose own page to write (stdkit-check(1) …); default the page of stdkit(1)
    pub command: Option<String>,
}

pub fn execute(args: ManArgs, _global: &Global) -> Result<Exit> {
    let zh = stdkit::diag::error_lang() == stdkit::diag::Lang::Zh;
    let cmd = if zh {
        super::zh::localise(Cli::command())
    } else {
        Cli::command()
    };
    let page = match &args.command {
        None => cmd,
        Some(name) => {
            let Some(sub) = cmd.find_subcommand(name) else {
                let names: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).collect();
                bail!(stdkit::said!(
                    "no command `{}`; commands are {}",
                    "没有命令 `{}`；命令有 {}",
                    name,
                    names.join(", ")
                ));
            };
            // clap names are `&'static str` without its `string` feature; one page per run.
            let full: &'static str = Box::leak(format!("stdkit-{}", sub.get_name()).into());
            sub.clone()
                .name(full)
                .bin_name(format!("stdkit {}", sub.get_name()))
                .version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page).render(&mut out)?;
    if args.command.is_none() {
        out.extend_from_slice(if zh { EXTRA_ZH } else { EXTRA_EN }.as_bytes());
    }
    super::write_stdout(&out);
    Ok(Exit::Success)
}

/// The sections of stdkit(1) that clap does not know: exit status, environment, files.
const EXTRA_EN: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
no errors (warnings allowed, unless \-\-deny warnings)
.TP
\fB1\fR
the documents have errors; table, stats or build refused because of them; a threshold not met
.TP
\fB2\fR
the command could not run: bad arguments, no stdkit.yaml, an output refused, an internal error
.SH ENVIRONMENT
.TP
\fBSTDKIT_LANG\fR
en or zh: the language of messages and help, when \-\-lang is not given (before lang: in stdkit.yaml)
.TP
\fBSTDKIT_NO_CACHE\fR
1: read case exports afresh, as \-\-no\-cache
.TP
\fBNO_COLOR\fR
any value: no colours with \-\-color auto
.SH FILES
.TP
\fBstdkit.yaml\fR
the system: its code, structure, catalogues, targets and lang; the nearest at or above the current folder is the root
.TP
\fBbuild/\fR
what stdkit build writes (replaced whole by the next build)
.TP
\fB.stdkit\-cache/\fR
the case cache (safe to delete)
.SH "SEE ALSO"
stdkit\-check(1), stdkit\-build(1), stdkit\-report(1); the user reference in docs/ of the repository
"#;

const EXTRA_ZH: &str = r#".SH 退出状态
.TP
\fB0\fR
没有错误（允许警告，除非指定 \-\-deny warnings）
.TP
\fB1\fR
文件有错误；table、stats 或 build 因错误而拒绝运行；未达到阈值
.TP
\fB2\fR
命令无法运行：参数错误、找不到 stdkit.yaml、输出被拒绝、内部错误
.SH 环境变量
.TP
\fBSTDKIT_LANG\fR
en 或 zh：未指定 \-\-lang 时消息和帮助的语言（优先于 stdkit.yaml 中的 lang:）
.TP
\fBSTDKIT_NO_CACHE\fR
1：重新读取办件导出数据，同 \-\-no\-cache
.TP
\fBNO_COLOR\fR
任意值：\-\-color auto 时不使用颜色
.SH 文件
.TP
\fBstdkit.yaml\fR
标准体系：代号、结构、目录、目标和语言；当前目录或其上级中最近的一个即为根目录
.TP
\fBbuild/\fR
stdkit build 的输出（下次生成时整体替换）
.TP
\fB.stdkit\-cache/\fR
办件缓存（可以删除）
.SH 另见
stdkit\-check(1)、stdkit\-build(1)、stdkit\-report(1)；仓库 docs/ 中的用户参考
"#;
