//! `stdkit explain CODE`.

use super::{Exit, Global};
use anyhow::{Result, bail};
use clap::Args;
use stdkit::diag::codes;

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A rule code, e.g. R001
    #[arg(required_unless_present = "list")]
    pub code: Option<String>,
    /// List every rule: code, severity and what it catches
    #[arg(long, conflicts_with = "code")]
    pub list: bool,
}

pub fn execute(args: ExplainArgs, global: &Global) -> Result<Exit> {
    if args.list {
        let lang = global.lang();
        let mut text = String::new();
        for r in codes::ALL {
            let what = match lang {
                stdkit::diag::Lang::En => r.en,
                stdkit::diag::Lang::Zh => r.zh,
            };
            text.push_str(&format!("{}  {:<7}  {what}\n", r.code, r.severity.as_str()));
        }
        super::write_stdout(text.as_bytes());
        return Ok(Exit::Success);
    }
    let given = args.code.unwrap_or_default();
    let code = given.trim().to_ascii_uppercase();
    let Some(rule) = codes::rule(&code) else {
        let near = stdkit::diag::did_you_mean(&code, codes::ALL.iter().map(|r| r.code));
        match near {
            Some(n) => bail!(
                "{}",
                global.pick(
                    &format!("no rule `{given}` (did you mean `{n}`?)"),
                    &format!("没有规则 `{given}`（是否应为 `{n}`？）"),
                )
            ),
            None => bail!(
                "{}",
                global.pick(
                    &format!(
                        "no rule `{given}`; codes are S001…, N001…, R001…, D001…, I001…, W001, W002, M001, G001…, C001…, H001…, A001…, B001…, V001… (`stdkit explain --list` lists them)"
                    ),
                    &format!(
                        "没有规则 `{given}`；规则代码为 S001…、N001…、R001…、D001…、I001…、W001、W002、M001、G001…、C001…、H001…、A001…、B001…、V001…（`stdkit explain --list` 列出全部）"
                    ),
                )
            ),
        }
    };
    match stdkit::explain::text(rule.code, global.lang()) {
        Some(t) => print!("{t}"),
        None => println!("# {}: {}\n", rule.code, rule.en),
    }
    Ok(Exit::Success)
}
