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
    let cmd = Cli::command();
    let page = match &args.command {
        None => cmd,
        Some(name) => {
            let Some(sub) = cmd.find_subcommand(name) else {
                let names: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).collect();
                bail!("no command `{name}`; commands are {}", names.join(", "));
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
    super::write_stdout(&out);
    Ok(Exit::Success)
}
