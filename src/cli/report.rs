//! `stdkit report KIND`: the registers of the compliance half (implementation, training,
//! actions) in Markdown, HTML, CSV, XLSX or JSON. Refuses while any error remains unless
//! `--force`; needs `compliance:` (exit 2 without).

use super::{Exit, Global};
use anyhow::{Result, bail};
use clap::Args;
use std::io::IsTerminal;
use std::path::PathBuf;
use stdkit::ledger::{self, Format, Kind, Ledger};

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Which report
    #[arg(value_enum)]
    pub kind: Kind,
    #[command(flatten)]
    pub publish: super::Publish,
    /// Reporting period: 2026, 2026-H1, 2026-Q3, 2026-05, FROM..TO (default: compliance.period)
    #[arg(long, value_name = "P")]
    pub period: Option<stdkit::model::Period>,
    /// Output format (default: from the extension of -o, else md)
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write to this file instead of standard output
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// `cases`: one row per item (default), window, department or month
    #[arg(long, value_enum)]
    pub by: Option<ledger::By>,
    /// `cases`: add the totals of this period as a 基期 row (2025, 2025-H1 …);
    /// `self-assessment`: a 基期 column of the figures
    #[arg(long, value_name = "P0")]
    pub compare: Option<stdkit::model::Period>,
    /// `self-assessment`, `dossier`, `checklist`: this assessment (default: the latest)
    #[arg(long, value_name = "ID")]
    pub assessment: Option<String>,
    /// `self-assessment`, `dossier`, `checklist`: the latest assessment against this sheet
    #[arg(long, value_name = "ID")]
    pub sheet: Option<String>,
}

pub fn execute(args: ReportArgs, global: &Global) -> Result<Exit> {
    let part3 = matches!(
        args.kind,
        Kind::SelfAssessment | Kind::Dossier | Kind::Checklist
    );
    if !part3 && (args.assessment.is_some() || args.sheet.is_some()) {
        bail!(global.pick(
            "--assessment and --sheet belong to `stdkit report self-assessment|dossier|checklist`",
            "--assessment 和 --sheet 只用于 `stdkit report self-assessment|dossier|checklist`"
        ));
    }
    if args.kind == Kind::Dossier {
        return dossier(args, global);
    }
    let format = super::chosen_format(args.format, args.output.as_deref())?.unwrap_or(Format::Md);
    if args.kind == Kind::SelfAssessment
        && !matches!(format, Format::Md | Format::Html | Format::Json)
    {
        bail!(global.pick(
            "`report self-assessment` is written as md, html or json",
            "`report self-assessment` 只输出 md、html 或 json"
        ));
    }
    if format.is_binary() && args.output.is_none() && std::io::stdout().is_terminal() {
        bail!(global.pick(
            "an Excel workbook is binary: give a file with -o report.xlsx",
            "Excel 工作簿是二进制文件：请用 -o report.xlsx 指定输出文件"
        ));
    }
    let Some(system) = load(&args, global)? else {
        return Ok(Exit::Failure);
    };
    if args.kind != Kind::Cases && args.by.is_some() {
        bail!(global.pick(
            "--by belongs to `stdkit report cases`",
            "--by 只用于 `stdkit report cases`"
        ));
    }
    if !matches!(args.kind, Kind::Cases | Kind::SelfAssessment) && args.compare.is_some() {
        bail!(global.pick(
            "--compare belongs to `stdkit report cases` and `stdkit report self-assessment`",
            "--compare 只用于 `stdkit report cases` 和 `stdkit report self-assessment`"
        ));
    }
    let opts = options(&args);
    if part3 {
        preselect(&system, &opts, args.kind, global)?;
    }
    let bytes = match args.kind {
        Kind::SelfAssessment => stdkit::dossier::self_assessment(&system, &opts)?.render(format)?,
        Kind::Checklist => ledger::render(&Ledger::checklist(&system, &opts)?, format)?,
        kind => {
            let Some(report) = Ledger::build(&system, kind, &opts) else {
                bail!(stdkit::said!(
                    "`stdkit report` needs a `compliance:` block in stdkit.yaml",
                    "`stdkit report` 需要 stdkit.yaml 中有 `compliance:` 部分"
                ));
            };
            ledger::render(&report, format)?
        }
    };
    super::emit(global, args.output.as_deref(), &bytes)?;
    Ok(Exit::Success)
}

fn options(args: &ReportArgs) -> ledger::Options {
    ledger::Options {
        by: args.by.unwrap_or_default(),
        compare: args.compare,
        assessment: args.assessment.clone(),
        sheet: args.sheet.clone(),
    }
}

/// `report dossier`: a folder (`-o DIR`, default `<output folder>/dossier/`), swapped in whole.
fn dossier(args: ReportArgs, global: &Global) -> Result<Exit> {
    let format = match args.format {
        None | Some(Format::Html) => Format::Html,
        Some(Format::Md) => Format::Md,
        Some(_) => bail!(global.pick(
            "`report dossier` is written as html (default) or md",
            "`report dossier` 只输出 html（默认）或 md"
        )),
    };
    let Some(system) = load(&args, global)? else {
        return Ok(Exit::Failure);
    };
    let out = args.output.clone().unwrap_or_else(|| {
        system
            .root
            .display
            .join(stdkit::system::OUTPUT_DIR)
            .join(stdkit::handbook::DOSSIER)
    });
    preselect(&system, &options(&args), Kind::Dossier, global)?;
    let root = &system.root.dir;
    let records = system.records.iter().flat_map(|r| &r.list);
    stdkit::output::check_output(
        &out,
        root,
        system
            .standards
            .iter()
            .map(|l| root.join(&l.rel))
            .chain(records.map(|r| root.join(&r.rel))),
        stdkit::output::MARKERS[1],
        &[],
    )?;
    let d = stdkit::dossier::dossier(&system, &options(&args), format)?;
    let root = system.root.dir.clone();
    let count = d.files.len() - 1;
    let warnings = stdkit::output::write_tree(&out, |sink| {
        for (path, content) in d.files {
            let bytes = match content {
                stdkit::dossier::binder::Content::Bytes(b) => b,
                stdkit::dossier::binder::Content::Copy(rel) => {
                    let from = root.join(&rel);
                    // Evidence is a scan or a photo: large, but bounded.
                    stdkit::files::read_capped(&from, 512 << 20)
                        .map_err(|e| anyhow::anyhow!("cannot read `{}`: {e}", rel.display()))?
                        .ok_or_else(|| {
                            anyhow::anyhow!("`{}` is larger than 512 MiB", rel.display())
                        })?
                }
            };
            sink.put(std::path::Path::new(&path), bytes)?;
        }
        Ok(())
    })?;
    for w in &warnings {
        eprintln!("{}: {w}", global.pick("warning", "警告"));
    }
    for m in &d.missing {
        eprintln!(
            "{}",
            global.pick(
                &format!("warning: evidence `{m}` is not there (V003); listed, not copied"),
                &format!("警告：佐证文件 `{m}` 不存在（V003）；已列出，未复制"),
            )
        );
    }
    let index = if format == Format::Md {
        "index.md"
    } else {
        "index.html"
    };
    super::note_in(
        global,
        &format!(
            "wrote the dossier into {} ({count} files): {index}",
            out.display()
        ),
        &format!(
            "已生成确认材料汇编：{}（{count} 个文件）：{index}",
            out.display()
        ),
    );
    Ok(Exit::Success)
}

/// The assessment a Part 3 report is about, checked here so that a missing one is said in the
/// user's language (exit 2), before anything is written.
fn preselect(
    system: &stdkit::system::System,
    opts: &ledger::Options,
    kind: Kind,
    global: &Global,
) -> Result<()> {
    let Some(records) = system.records.as_ref() else {
        return Ok(());
    };
    let pick = stdkit::compliance::assess::select(
        records,
        opts.assessment.as_deref(),
        opts.sheet.as_deref(),
    );
    match pick {
        Err(m) => bail!("{}", global.pick(&m.en, &m.zh)),
        Ok(p) if p.assessment.is_none() && kind != Kind::Checklist => bail!(
            "{}",
            global.pick(
                &format!(
                    "no assessment against sheet `{}`: `report {}` needs one (compliance.assessments)",
                    p.sheet.id(),
                    kind.as_str()
                ),
                &format!(
                    "没有针对计分表 `{}` 的自评：`report {}` 需要自评表（compliance.assessments）",
                    p.sheet.id(),
                    kind.as_str()
                ),
            )
        ),
        Ok(_) => Ok(()),
    }
}

/// The checked system every report needs (`None`: it refused, exit 1).
fn load(args: &ReportArgs, global: &Global) -> Result<Option<stdkit::system::System>> {
    super::load_checked(
        &args.publish,
        true,
        super::Refuse::Compliance,
        args.period,
        global,
    )
}
