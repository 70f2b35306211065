//! `stdkit check`: load, check, report; exit 1 when errors remain.

use super::{Exit, Global};
use anyhow::Result;
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use stdkit::diag::Severity;
use stdkit::load::Options;
use stdkit::report::{self, Format, Sources, Style, Summary};
use stdkit::system::Root;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The system root (default: the nearest folder at or above the current one with stdkit.yaml)
    pub root: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    /// Fail on warnings too (`--deny warnings`)
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,
    /// Take this date as today for the date rules (YYYY-MM-DD)
    #[arg(long, value_parser = super::parse_date)]
    pub today: Option<stdkit::model::Date>,
    /// Also check the changes since this git revision (rules H001–H003)
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum FormatArg {
    Human,
    Json,
    Sarif,
    Github,
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
        },
    )?;
    if let Some(rev) = &args.since {
        let found = stdkit::check::since(&system, rev)?;
        stdkit::check::add_findings(&mut system, found);
    }
    let diags = &system.diagnostics;
    let summary = Summary::of(diags, system.files, system.standards.len());
    let style = Style {
        lang: global.lang(),
        color: global.stdout_color(),
    };
    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Github => Format::Github,
    };
    let text = match format {
        Format::Human => {
            let mut sources = Sources::default();
            if global.quiet {
                let mut s = String::new();
                for d in diags {
                    report::human::render_one(d, &mut sources, style, &mut s);
                }
                s
            } else {
                report::human::render(diags, summary, &mut sources, style)
            }
        }
        Format::Json => report::json::render(diags, summary, style),
        Format::Sarif => report::sarif::render(diags, style),
        Format::Github => report::github::render(diags, style),
    };
    super::write_stdout(text.as_bytes());
    let failed = diags.iter().any(|d| {
        d.severity == Severity::Error || (args.deny.is_some() && d.severity == Severity::Warning)
    });
    Ok(if failed { Exit::Failure } else { Exit::Success })
}
