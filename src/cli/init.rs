//! `stdkit init DIR`: a new system — `stdkit.yaml`, catalogues, one example standard per kind,
//! `.gitignore` and the JSON Schemas — that checks clean at once. Never overwrites a file.

use super::{Exit, Global};
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct InitArgs {
    /// The folder of the new system (created if needed)
    pub dir: PathBuf,
}

pub fn execute(args: InitArgs, global: &Global) -> Result<Exit> {
    let written = stdkit::scaffold::init(&args.dir)?;
    if !global.quiet {
        let dir = args.dir.display();
        let zh = global.lang() == stdkit::diag::Lang::Zh;
        if zh {
            eprintln!("已在 `{dir}` 新建标准体系（{} 个文件）：", written.len());
        } else {
            eprintln!(
                "created a new standard system in `{dir}` ({} files):",
                written.len()
            );
        }
        for rel in &written {
            eprintln!("  {}", rel.display());
        }
        eprintln!();
        if zh {
            eprintln!("下一步：");
            eprintln!(
                "  stdkit check {dir}                      # 检查通过（警告的原因写在 stdkit.yaml 中）"
            );
            eprintln!("  stdkit new item --node 202 {dir}        # 新建一项待填写的项目办理规程");
            eprintln!("  编辑 {dir}/stdkit.yaml：单位名称、体系名称、代号、结构和目录");
        } else {
            eprintln!("next steps:");
            eprintln!(
                "  stdkit check {dir}                      # checks clean (warnings explained in stdkit.yaml)"
            );
            eprintln!(
                "  stdkit new item --node 202 {dir}        # a new item procedure to fill in"
            );
            eprintln!(
                "  edit {dir}/stdkit.yaml: organisation, title, code, structure and catalogues"
            );
        }
    }
    Ok(Exit::Success)
}
