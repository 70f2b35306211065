//! `stdkit stats`: coverage and item statistics; `--min-coverage` gates CI.

use super::{Exit, Global};
use anyhow::{Result, bail};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use stdkit::stats::Stats;

#[derive(Args, Debug)]
pub struct StatsArgs {
    /// The system root (default: the nearest folder at or above the current one with stdkit.yaml)
    pub root: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = StatsFormat::Human)]
    pub format: StatsFormat,
    /// Coverage target as a ratio (e.g. 0.9); exit 1 when coverage is below it
    #[arg(long, value_name = "RATIO")]
    pub min_coverage: Option<f64>,
    /// Go on even if the system has errors
    #[arg(long)]
    pub force: bool,
    /// Take this date as today for the date rules (YYYY-MM-DD)
    #[arg(long, value_parser = super::parse_date)]
    pub today: Option<stdkit::model::Date>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum StatsFormat {
    Human,
    Json,
    Md,
}

pub fn execute(args: StatsArgs, global: &Global) -> Result<Exit> {
    if let Some(m) = args.min_coverage
        && !(0.0..=1.0).contains(&m)
    {
        bail!("--min-coverage takes a ratio between 0 and 1 (0.9 for 90 %), not {m}");
    }
    let Some(system) = super::load_checked(
        args.root.as_deref(),
        &stdkit::load::Options {
            today: args.today,
            lean: true,
        },
        args.force,
        global,
    )?
    else {
        return Ok(Exit::Failure);
    };
    let stats = Stats::new(&system, args.min_coverage);
    let text = match args.format {
        StatsFormat::Human => stats.human(),
        StatsFormat::Json => {
            let mut s = serde_json::to_string_pretty(&stats.json())?;
            s.push('\n');
            s
        }
        StatsFormat::Md => stats.markdown(),
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
    if args.min_coverage.is_some() && !stats.meets_target() {
        super::note(global, "coverage is below --min-coverage");
        return Ok(Exit::Failure);
    }
    Ok(Exit::Success)
}
