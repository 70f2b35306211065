//! `stdkit import FILE [ROOT]`: an existing 标准明细表 (XLSX, XLS or CSV) into one standard file
//! per row (`stdkit::import`). Prints the files written on standard output and the report of
//! what could not be imported on standard error (or into `--report FILE`). Exit 0 when every
//! row was imported, 1 when a row was not (or a file was refused), 2 when the sheet, the
//! mapping or the system cannot be read.

use super::{Exit, Global};
use anyhow::{Result, anyhow};
use clap::Args;
use std::fmt::Write as _;
use std::path::PathBuf;
use stdkit::diag::Lang;
use stdkit::import::{self, Mapping};
use stdkit::load::Options;
use stdkit::system::Root;

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The 标准明细表: .xlsx, .xlsm, .xls, or .csv (UTF-8, GB18030 or UTF-16)
    pub file: PathBuf,
    /// The system root to import into (default: the nearest folder at or above the current one with stdkit.yaml)
    pub root: Option<PathBuf>,
    /// A mapping file (YAML) for an unusual layout: `sheet`, `header_row`, `encoding`, `columns: {title: 名称, …}`
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    /// Print the files that would be written, write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Write the report of what could not be imported into FILE instead of standard error
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

pub fn execute(args: ImportArgs, global: &Global) -> Result<Exit> {
    let root = Root::find(args.root.as_deref())?;
    let system = stdkit::check::run(root, &Options::default())?;
    let lang = global.lang_of(&system);
    let mapping = match &args.mapping {
        None => Mapping::default(),
        Some(path) => {
            let shown = path.display().to_string();
            let bytes = stdkit::files::read_capped(path, 1 << 20)
                .map_err(|e| {
                    anyhow!(match lang {
                        Lang::En => format!("cannot read the mapping file `{shown}`: {e}"),
                        Lang::Zh => format!("无法读取映射文件 `{shown}`：{e}"),
                    })
                })?
                .ok_or_else(|| {
                    anyhow!(match lang {
                        Lang::En => format!("`{shown}` is not a regular file of at most 1 MiB"),
                        Lang::Zh => format!("`{shown}` 不是不超过 1 MiB 的普通文件"),
                    })
                })?;
            let text = String::from_utf8(bytes).map_err(|_| {
                anyhow!(match lang {
                    Lang::En => format!("the mapping file `{shown}` is not UTF-8"),
                    Lang::Zh => format!("映射文件 `{shown}` 不是 UTF-8 编码"),
                })
            })?;
            Mapping::parse(&text, &shown).map_err(|m| anyhow!(m.get(lang).to_string()))?
        }
    };
    let mut plan = import::plan(&system, &args.file, &mapping)
        .map_err(|f| anyhow!(f.0.get(lang).to_string()))?;

    let written = if args.dry_run {
        let mut out = String::new();
        for f in &plan.files {
            let _ = writeln!(out, "# --- {}", system.root.file_name(&f.rel));
            out.push_str(&f.text);
        }
        super::write_stdout(out.as_bytes());
        Vec::new()
    } else {
        let written = import::write(&system, &mut plan);
        let mut out = String::new();
        for rel in &written {
            let _ = writeln!(out, "{}", system.root.file_name(rel));
        }
        super::write_stdout(out.as_bytes());
        written
    };

    let mut report = String::new();
    let (n, dropped) = (
        if args.dry_run {
            plan.files.len()
        } else {
            written.len()
        },
        plan.problems.iter().filter(|p| p.dropped).count(),
    );
    let src = plan.source.get(lang);
    let into = system.root.display.display();
    let _ = match (lang, args.dry_run) {
        (Lang::En, false) => writeln!(
            report,
            "imported {n} of {} rows from {src} into {into}",
            plan.rows
        ),
        (Lang::En, true) => writeln!(
            report,
            "would import {n} of {} rows from {src} into {into} (--dry-run: nothing written)",
            plan.rows
        ),
        (Lang::Zh, false) => writeln!(
            report,
            "已从 {src} 导入 {n} 行（共 {} 行）到 {into}",
            plan.rows
        ),
        (Lang::Zh, true) => writeln!(
            report,
            "将从 {src} 导入 {n} 行（共 {} 行）到 {into}（--dry-run：未写入任何文件）",
            plan.rows
        ),
    };
    if !plan.problems.is_empty() {
        let _ = match lang {
            Lang::En => writeln!(
                report,
                "not mapped ({}, {dropped} rows or files not imported):",
                plan.problems.len()
            ),
            Lang::Zh => writeln!(
                report,
                "未能映射的内容（{} 处，其中 {dropped} 行或文件未导入）：",
                plan.problems.len()
            ),
        };
        for p in &plan.problems {
            let sep = if lang == Lang::Zh { "：" } else { ": " };
            let _ = writeln!(
                report,
                "  {}{sep}{}",
                stdkit::text::terminal(&p.at),
                stdkit::text::terminal(p.msg.get(lang))
            );
        }
    }
    if n > 0 && !args.dry_run {
        let _ = match lang {
            Lang::En => writeln!(
                report,
                "next: stdkit check {into}  (own standards in force are entered as `kind: external` until their text is written)"
            ),
            Lang::Zh => writeln!(
                report,
                "下一步：stdkit check {into}（现行的本单位标准在录入正文前按 `kind: external` 登记）"
            ),
        };
    }
    match &args.report {
        Some(path) => {
            stdkit::output::write_atomic(path, report.as_bytes())?;
            super::note_in(
                global,
                &format!("wrote {}", path.display()),
                &format!("已写入 {}", path.display()),
            );
        }
        None if !global.quiet || dropped > 0 => eprint!("{report}"),
        None => {}
    }
    Ok(if dropped > 0 {
        Exit::Failure
    } else {
        Exit::Success
    })
}
