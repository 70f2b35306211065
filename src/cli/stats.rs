//! `stdkit stats`: coverage and item statistics; `--min-coverage` gates CI.

use super::{Exit, Global};
use anyhow::{Result, bail};
use clap::Args;
use stdkit::stats::{Format, Stats};

#[derive(Args, Debug)]
pub struct StatsArgs {
    #[command(flatten)]
    pub publish: super::Publish,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Coverage target as a ratio (e.g. 0.9); exit 1 when coverage is below it
    #[arg(long, value_name = "RATIO")]
    pub min_coverage: Option<f64>,
    /// Reporting period of the compliance figures: 2026, 2026-H1, 2026-Q3, 2026-05, FROM..TO
    #[arg(long, value_name = "P")]
    pub period: Option<stdkit::model::Period>,
}

pub fn execute(args: StatsArgs, global: &Global) -> Result<Exit> {
    if let Some(m) = args.min_coverage
        && !(0.0..=1.0).contains(&m)
    {
        bail!(stdkit::said!(
            "--min-coverage takes a ratio between 0 and 1 (0.9 for 90 %), not {}",
            "--min-coverage 取 0 到 1 之间的比例（90 % 写 0.9），不是 {}",
            m
        ));
    }
    let Some(system) =
        super::load_checked(&args.publish, true, super::Refuse::All, args.period, global)?
    else {
        return Ok(Exit::Failure);
    };
    let stats = Stats::new(&system, args.min_coverage);
    let text = stats.render(args.format);
    super::write_stdout(text.as_bytes());
    if args.min_coverage.is_some() && !stats.meets_target() {
        super::note_in(
            global,
            "coverage is below --min-coverage",
            "标准覆盖率低于 --min-coverage",
        );
        return Ok(Exit::Failure);
    }
    Ok(Exit::Success)
}
