//! `stdkit revise ID`, `stdkit publish ID --date D`, `stdkit abolish ID --date D`: the edition
//! helpers. They change the system's files (that is what they are asked for), each written
//! atomically, comments and layout kept; then `stdkit check` says what is left to fill in.

use super::{Exit, Global};
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;
use stdkit::edition::Plan;
use stdkit::system::Root;

#[derive(Args, Debug)]
pub struct ReviseArgs {
    /// The standard to revise (its id)
    pub id: String,
    /// The new edition's title, if it changes
    #[arg(long)]
    pub title: Option<String>,
    /// The system root (default: the nearest folder at or above the current one with stdkit.yaml)
    pub root: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct PublishArgs {
    /// The standard to publish (its id)
    pub id: String,
    /// 发布日期 (YYYY-MM-DD)
    #[arg(long, value_parser = super::parse_date)]
    pub date: stdkit::model::Date,
    /// 实施日期 (YYYY-MM-DD): from that day the standard is effective and supersedes the old edition
    #[arg(long, value_parser = super::parse_date)]
    pub effective: Option<stdkit::model::Date>,
    /// The number it is issued with (标准编号)
    #[arg(long)]
    pub number: Option<String>,
    /// The edition it replaces (default: the `revising` standard of the same title that
    /// `stdkit revise` left); repeat for several
    #[arg(long, value_name = "ID")]
    pub supersedes: Vec<String>,
    /// The system root
    pub root: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct AbolishArgs {
    /// The standard to abolish (its id)
    pub id: String,
    /// 废止日期 (YYYY-MM-DD)
    #[arg(long, value_parser = super::parse_date)]
    pub date: stdkit::model::Date,
    /// The system root
    pub root: Option<PathBuf>,
}

fn load(root: Option<&std::path::Path>) -> Result<stdkit::system::System> {
    let root = Root::find(root)?;
    stdkit::check::run(root, &stdkit::load::Options::default())
}

fn apply(plan: &Plan, system: &stdkit::system::System, global: &Global) -> Result<Exit> {
    plan.write(system)?;
    for e in &plan.edits {
        println!("{}", system.root.file_name(&e.rel));
    }
    for (en, zh) in &plan.done {
        super::note_in(global, en, zh);
    }
    super::note_in(
        global,
        &format!(
            "run `stdkit check {}` for what is left to fill in",
            system.root.display.display()
        ),
        &format!(
            "请运行 `stdkit check {}` 查看尚需填写的内容",
            system.root.display.display()
        ),
    );
    Ok(Exit::Success)
}

pub fn revise(args: ReviseArgs, global: &Global) -> Result<Exit> {
    let system = load(args.root.as_deref())?;
    let (plan, _) = stdkit::edition::revise(
        &system,
        args.id.trim(),
        args.title.as_deref(),
        system.sys.today,
    )?;
    apply(&plan, &system, global)
}

pub fn publish(args: PublishArgs, global: &Global) -> Result<Exit> {
    let system = load(args.root.as_deref())?;
    let plan = stdkit::edition::publish(
        &system,
        args.id.trim(),
        args.date,
        args.effective,
        args.number.as_deref(),
        &args.supersedes,
        system.sys.today,
    )?;
    apply(&plan, &system, global)
}

pub fn abolish(args: AbolishArgs, global: &Global) -> Result<Exit> {
    let system = load(args.root.as_deref())?;
    let plan = stdkit::edition::abolish(&system, args.id.trim(), args.date, system.sys.today)?;
    apply(&plan, &system, global)
}
