//! `stdkit report KIND`: the registers of the compliance half (implementation, training,
//! actions) in Markdown, HTML, CSV, XLSX or JSON. Refuses while any error remains unless
//! `--force`; needs `compliance:` (exit 2 without).

use super::{Exit, Global};
use anyhow::{Result, bail};
use clap::Args;
use std::io::IsTerminal;
use std::path::PathBuf;
use stdkit::ledger::{self, Format, Kind, Ledger};

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Which report
    #[arg(value_enum)]
    pub kind: Kind,
    #[command(flatten)]
    pub publish: super::Publish,
    /// Reporting period: 2026, 2026-H1, 2026-Q3, 2026-05, FROM..TO (default: compliance.period)
    #[arg(long, value_name = "P")]
    pub period: Option<stdkit::model::Period>,
    /// Output format (default: from the extension of -o, else md)
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write to this file instead of standard output
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// `cases`: one row per item, window, department or month
    #[arg(long, value_enum, default_value_t)]
    pub by: ledger::By,
    /// `cases`: add the totals of this period as a 基期 row (2025, 2025-H1 …)
    #[arg(long, value_name = "P0")]
    pub compare: Option<stdkit::model::Period>,
}

pub fn execute(args: ReportArgs, global: &Global) -> Result<Exit> {
    let format = super::chosen_format(args.format, args.output.as_deref())?.unwrap_or(Format::Md);
    if format.is_binary() && args.output.is_none() && std::io::stdout().is_terminal() {
        bail!("an Excel workbook is binary: give a file with -o report.xlsx");
    }
    let Some(system) = super::load_checked(
        &args.publish,
        true,
        super::Refuse::Compliance,
        args.period,
        global,
    )?
    else {
        return Ok(Exit::Failure);
    };
    let opts = ledger::Options {
        by: args.by,
        compare: args.compare,
    };
    let Some(report) = Ledger::build(&system, args.kind, &opts) else {
        bail!("`stdkit report` needs a `compliance:` block in stdkit.yaml");
    };
    let bytes = ledger::render(&report, format)?;
    super::emit(global, args.output.as_deref(), &bytes)?;
    Ok(Exit::Success)
}
