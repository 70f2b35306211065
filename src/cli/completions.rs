//! `stdkit completions SHELL`: a completion script generated from the clap definitions.

use super::{Cli, Exit, Global};
use anyhow::Result;
use clap::{Args, CommandFactory};
use clap_complete::Shell;

#[derive(Args, Debug)]
#[command(after_help = "Install, for example:
  bash:  stdkit completions bash > ~/.local/share/bash-completion/completions/stdkit
  zsh:   stdkit completions zsh > ~/.zfunc/_stdkit   (with fpath+=~/.zfunc before compinit)
  fish:  stdkit completions fish > ~/.config/fish/completions/stdkit.fish")]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn execute(args: CompletionsArgs, _global: &Global) -> Result<Exit> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "stdkit", &mut out);
    super::write_stdout(&out);
    Ok(Exit::Success)
}
