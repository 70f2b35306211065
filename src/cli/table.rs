//! `stdkit table`: the standard-system table (标准体系表) in Markdown, HTML, CSV, XLSX or JSON.

use super::{Exit, Global};
use anyhow::{Result, bail};
use clap::Args;
use std::io::IsTerminal;
use std::path::PathBuf;
use stdkit::table::{self, Format, Table};

#[derive(Args, Debug)]
pub struct TableArgs {
    #[command(flatten)]
    pub publish: super::Publish,
    /// Output format (default: from the extension of -o, else md; csv with --all-tables)
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write to this file (a folder with --all-tables) instead of standard output
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// CSV: write every table, one file each, into the folder given by -o
    #[arg(long)]
    pub all_tables: bool,
}

pub fn execute(args: TableArgs, global: &Global) -> Result<Exit> {
    // Bad arguments are exit 2 whatever the documents hold: check them before loading.
    // With --all-tables, -o is a folder: its name says nothing of the format.
    let output = args.output.as_deref().filter(|_| !args.all_tables);
    let format = super::chosen_format(args.format, output)?.unwrap_or(if args.all_tables {
        Format::Csv
    } else {
        Format::Md
    });
    if args.all_tables && format != Format::Csv {
        bail!(stdkit::said!(
            "--all-tables writes CSV files (one per table): leave out --format or give csv",
            "--all-tables 写出 CSV 文件（每表一个）：不写 --format，或写 csv"
        ));
    }
    if args.all_tables && args.output.is_none() {
        bail!(stdkit::said!(
            "--all-tables writes several files: give the folder with -o DIR",
            "--all-tables 写出多个文件：请用 -o DIR 给出文件夹"
        ));
    }
    if format.is_binary() && args.output.is_none() && std::io::stdout().is_terminal() {
        bail!(stdkit::said!(
            "an Excel workbook is binary: give a file with -o table.xlsx",
            "Excel 工作簿是二进制文件：请用 -o table.xlsx 给出文件"
        ));
    }
    let Some(system) =
        super::load_checked(&args.publish, true, super::Refuse::Standards, None, global)?
    else {
        return Ok(Exit::Failure);
    };
    let t = Table::build(&system);
    if let (true, Some(dir)) = (args.all_tables, &args.output) {
        let written = table::write_all(&t, dir)?;
        super::note_in(
            global,
            &format!("wrote {} tables to {}", written.len(), dir.display()),
            &format!("已写入 {} 张表到 {}", written.len(), dir.display()),
        );
        return Ok(Exit::Success);
    }
    let bytes = table::render(&t, format)?;
    super::emit(global, args.output.as_deref(), &bytes)?;
    Ok(Exit::Success)
}
