//! `stdkit explain CODE`.

use super::{Exit, Global};
use anyhow::{Result, bail};
use clap::Args;
use stdkit::diag::codes;

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A rule code, e.g. R001
    pub code: String,
}

pub fn execute(args: ExplainArgs, global: &Global) -> Result<Exit> {
    let code = args.code.trim().to_ascii_uppercase();
    let Some(rule) = codes::rule(&code) else {
        let near = stdkit::diag::did_you_mean(&code, codes::ALL.iter().map(|r| r.code));
        match near {
            Some(n) => bail!("no rule `{}` (did you mean `{n}`?)", args.code),
            None => bail!(
                "no rule `{}`; codes are S001…, N001…, R001…, D001…, I001…, W001, W002, M001, G001…, C001…, H001…",
                args.code
            ),
        }
    };
    match stdkit::explain::text(rule.code, global.lang()) {
        Some(t) => print!("{t}"),
        None => println!("# {}: {}\n", rule.code, rule.en),
    }
    Ok(Exit::Success)
}
