//! `stdkit cases strip SOURCE -o OUT.csv`: a copy of an export with only the mapped columns
//! (no names, ID numbers or phones), safe to commit. Needs no `compliance:` block; a source
//! that cannot be read is exit 2.

use super::{Exit, Global};
use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct CasesArgs {
    #[command(subcommand)]
    pub action: CasesAction,
}

#[derive(Subcommand, Debug)]
pub enum CasesAction {
    /// Copy the mapped columns of a case or evaluation source into a UTF-8 CSV (with BOM)
    Strip {
        /// The source's mapping file (`cases: 1` or `evaluations: 1`)
        source: PathBuf,
        /// The CSV to write (never the export itself)
        #[arg(short, long)]
        output: PathBuf,
    },
}

pub fn execute(args: CasesArgs, global: &Global) -> Result<Exit> {
    let CasesAction::Strip { source, output } = args.action;
    let mut bytes = Vec::new();
    let rows = match stdkit::load::strip_source(&source, &mut bytes) {
        Ok((n, data)) => {
            let same = |a: &std::path::Path| {
                std::fs::canonicalize(&output)
                    .is_ok_and(|o| std::fs::canonicalize(a).is_ok_and(|a| a == o))
            };
            if same(&data) || same(&source) {
                bail!(global.pick(
                    "the output is the source itself; give another file",
                    "输出文件就是数据源本身，请另选文件"
                ));
            }
            n
        }
        Err(diags) => {
            let style = stdkit::report::Style {
                lang: global.lang(),
                color: false,
            };
            let mut text = String::new();
            let mut sources = stdkit::report::Sources::default();
            for d in &diags {
                stdkit::report::human::render_one(d, &mut sources, style, &mut text);
            }
            eprint!("{text}");
            bail!(global.pick(
                "the source cannot be read; nothing written",
                "数据源无法读取，未写入任何文件"
            ));
        }
    };
    super::emit(global, Some(&output), &bytes)?;
    super::note_in(
        global,
        &format!("{rows} rows, mapped columns only"),
        &format!("共 {rows} 行，仅含映射的列"),
    );
    Ok(Exit::Success)
}
