//! `stdkit check`: load, check, report; exit 1 when errors remain.

use super::{Exit, Global};
use anyhow::Result;
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use stdkit::diag::Severity;
use stdkit::load::Options;
use stdkit::report::{self, Format, Style, Summary};
use stdkit::system::Root;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The system root (default: the nearest folder at or above the current one with stdkit.yaml)
    pub root: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail on warnings too (`--deny warnings`)
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,
    /// Take this date as today for the date rules (YYYY-MM-DD)
    #[arg(long, value_parser = super::parse_date)]
    pub today: Option<stdkit::model::Date>,
    /// Also check the changes since this git revision (rules H001–H003)
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
    /// Reporting period of the compliance rules: 2026, 2026-H1, 2026-Q3, 2026-05, FROM..TO
    #[arg(long, value_name = "P")]
    pub period: Option<stdkit::model::Period>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum Deny {
    Warnings,
}

pub fn execute(args: CheckArgs, global: &Global) -> Result<Exit> {
    let root = Root::find(args.root.as_deref())?;
    let mut system = stdkit::check::run(
        root,
        &Options {
            today: args.today,
            lean: true,
            period: args.period,
            cache: global.cache(),
        },
    )?;
    super::need_compliance(&system, args.period.is_some(), "--period")?;
    if let Some(rev) = &args.since {
        let found = stdkit::check::since(&system, rev)?;
        stdkit::check::add_findings(&mut system, found);
    }
    let diags = &system.diagnostics;
    let mut summary = Summary::of(diags, system.files, system.standards.len());
    // Only the human summary shows the rates: the machine formats carry no summary line.
    summary.rates = (args.format == Format::Human)
        .then(|| stdkit::compliance::Ledger::new(&system))
        .flatten()
        .map(|l| stdkit::compliance::metrics::Metrics::headline(&l));
    let style = Style {
        lang: global.lang_of(&system),
        color: global.stdout_color(),
    };
    // Streamed, not rendered whole first: many findings never sit in memory as one text. As
    // with `write_stdout`, a closed pipe (`stdkit check | head`) is not an error: writing stops.
    {
        use std::io::Write;
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        let _ = report::write(args.format, diags, summary, style, global.quiet, &mut out)
            .and_then(|()| out.flush());
    }
    let failed = diags.iter().any(|d| {
        d.severity == Severity::Error || (args.deny.is_some() && d.severity == Severity::Warning)
    });
    Ok(if failed { Exit::Failure } else { Exit::Success })
}
