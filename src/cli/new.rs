//! `stdkit new KIND --node CODE [--title T] [ROOT]`: a new standard with the next free id of
//! the node, from the kind's skeleton (the system's `templates/new/<kind>.yaml` if present).
//! Prints the new file's path (relative to the current folder) on standard output.

use super::{Exit, Global};
use anyhow::{Result, bail};
use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use stdkit::load::Options;
use stdkit::model::Kind;
use stdkit::model::records::RecordKind;
use stdkit::scaffold::{self, NewRequest};
use stdkit::system::Root;

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The kind of standard, or of record (training, inspection, audit, review, action)
    #[arg(value_enum)]
    pub kind: What,
    /// The structure node to put a standard in (its id becomes `<node>-<next sequence>`)
    #[arg(long, value_name = "CODE")]
    pub node: Option<String>,
    /// The title (标准名称); a placeholder to fill in when omitted
    #[arg(long)]
    pub title: Option<String>,
    /// `new item`: the item of the items catalogue (its code, name, type and department are filled in)
    #[arg(long, value_name = "CODE")]
    pub item: Option<String>,
    /// `new work`: the post of the posts catalogue (its id and name are filled in)
    #[arg(long, value_name = "ID")]
    pub post: Option<String>,
    /// A record's date (YYYY-MM-DD; default today): also the year of its id
    #[arg(long, value_parser = super::parse_date)]
    pub date: Option<stdkit::model::Date>,
    /// The system root (default: the nearest folder at or above the current one with stdkit.yaml)
    pub root: Option<PathBuf>,
}

/// What `new` writes: a standard of a kind, or a record of Part 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    Standard(Kind),
    Record(RecordKind),
}

static WHATS: std::sync::LazyLock<Vec<What>> = std::sync::LazyLock::new(|| {
    Kind::value_variants()
        .iter()
        .map(|k| What::Standard(*k))
        .chain(scaffold::NEW_RECORDS.iter().map(|(k, ..)| What::Record(*k)))
        .collect()
});

impl ValueEnum for What {
    fn value_variants<'a>() -> &'a [Self] {
        &WHATS
    }
    fn to_possible_value(&self) -> Option<PossibleValue> {
        match self {
            What::Standard(k) => k.to_possible_value(),
            What::Record(k) => Some(PossibleValue::new(k.as_str()).help(format!(
                "record: {} ({})",
                k.as_str(),
                k.zh()
            ))),
        }
    }
}

pub fn execute(args: NewArgs, global: &Global) -> Result<Exit> {
    let root = Root::find(args.root.as_deref())?;
    let system = stdkit::check::run(root, &Options::default())?;
    let kind = match args.kind {
        What::Record(k) => {
            if args.node.is_some() || args.item.is_some() || args.post.is_some() {
                bail!(global.pick(
                    "--node, --item and --post are for standards: a record goes below records/",
                    "--node、--item、--post 用于标准：记录放在 records/ 下"
                ));
            }
            let date = args.date.unwrap_or(system.sys.today);
            let created = scaffold::new_record(&system, k, args.title.as_deref(), date)?;
            println!("{}", system.root.file_name(&created.rel));
            super::note_in(
                global,
                &format!(
                    "new record {}: fill in what is marked `# TODO` (`stdkit check` lists what is wrong)",
                    created.id
                ),
                &format!(
                    "新记录 {}：请填写标有 `# TODO` 的内容（`stdkit check` 会列出问题）",
                    created.id
                ),
            );
            return Ok(Exit::Success);
        }
        What::Standard(k) => k,
    };
    if args.date.is_some() {
        bail!(stdkit::said!(
            "--date is for records; a new standard starts as `drafting` without dates",
            "--date 只用于实施记录；新标准从“起草”（drafting）开始，不写日期"
        ));
    }
    let node = match args.node.as_deref() {
        Some(n) => n.trim().to_string(),
        // For a catalogue entry, the node where the standards of its kind already are.
        None if args.item.is_some() || args.post.is_some() => {
            scaffold::node_for_kind(&system, kind)?
        }
        None => bail!(global.pick(
            "a new standard needs --node CODE: the structure node to put it in",
            "新标准需要 --node CODE：放入的体系结构节点"
        )),
    };
    let created = scaffold::new_standard(
        &system,
        &NewRequest {
            kind,
            node: &node,
            title: args.title.as_deref(),
            item: args.item.as_deref().map(str::trim),
            post: args.post.as_deref().map(str::trim),
        },
    )?;
    let shown = system.root.file_name(&created.rel);
    println!("{shown}");
    if let Some(t) = &created.template {
        super::note_in(
            global,
            &format!("(from the system's template {})", system.root.file_name(t)),
            &format!("（使用本体系的模板 {}）", system.root.file_name(t)),
        );
    }
    if kind == Kind::External {
        super::note_in(
            global,
            "an adopted standard is in force as soon as it is registered: fill in its number now (`stdkit check` reports it as an error until then) and its dates",
            "采用的外部标准登记即现行：请立即填写标准编号（填写前 `stdkit check` 会报错误）及日期",
        );
    } else {
        super::note_in(
            global,
            &format!(
                "new standard {}: fill in every 【待填写：…】 (`stdkit check` lists what is left)",
                created.id
            ),
            &format!(
                "新标准 {}：请填写每一处【待填写：…】（`stdkit check` 会列出尚未填写的内容）",
                created.id
            ),
        );
    }
    Ok(Exit::Success)
}
