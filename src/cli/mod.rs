//! The command line: one module per command, each an `execute(args, global) -> Result<Exit>`.
//! Exit status: 0 success, 1 the documents have errors (or a threshold failed), 2 the command
//! could not run.

mod build;
mod cases;
mod check;
mod completions;
mod diff;
mod edition;
mod explain;
mod import;
mod init;
mod man;
mod new;
mod report;
mod schema;
mod serve;
mod sheet;
mod stats;
mod table;
mod templates;
mod zh;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::process::ExitCode;
use stdkit::diag::Lang;

/// Write, check and publish a standard system (标准体系) kept as YAML.
#[derive(Parser, Debug)]
#[command(
    name = "stdkit",
    version,
    about,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options of every command.
#[derive(Args, Debug, Clone)]
pub struct Global {
    /// When to colour output (honours NO_COLOR)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print only findings and errors, no summaries or progress
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print how long each phase took (build: check, render and write)
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Language of messages (default: the STDKIT_LANG variable, else `lang:` in stdkit.yaml, else en)
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// Read case exports afresh, without the cache in `.stdkit-cache/` (also STDKIT_NO_CACHE=1)
    #[arg(long, global = true)]
    pub no_cache: bool,
    /// `lang: zh` in the nearest `stdkit.yaml` (set by `main`, not an option): the language of
    /// notes and errors when neither `--lang` nor `STDKIT_LANG` chooses.
    #[arg(skip)]
    pub nearby_zh: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LangArg {
    En,
    Zh,
}

impl Global {
    /// The language chosen on the command line, else by `STDKIT_LANG` (`zh`, `en`).
    pub fn chosen(&self) -> Option<Lang> {
        let arg = self.lang.or_else(|| {
            let v = std::env::var("STDKIT_LANG").ok()?;
            LangArg::from_str(v.trim(), true).ok()
        });
        arg.map(|a| match a {
            LangArg::En => Lang::En,
            LangArg::Zh => Lang::Zh,
        })
    }

    /// Whether large case exports go through the cache (not with `--no-cache`, STDKIT_NO_CACHE=1).
    pub fn cache(&self) -> bool {
        !self.no_cache && std::env::var_os("STDKIT_NO_CACHE").is_none_or(|v| v != "1")
    }

    /// The language of messages outside a system (`explain`, errors before a root is found).
    pub fn lang(&self) -> Lang {
        self.chosen()
            .unwrap_or(if self.nearby_zh { Lang::Zh } else { Lang::En })
    }

    /// The language for a loaded system: the command line, then `STDKIT_LANG`, then the
    /// system's `lang:`.
    pub fn lang_of(&self, system: &stdkit::system::System) -> Lang {
        self.chosen()
            .or(system.sys.config.lang.map(|l| match l {
                stdkit::model::LangSetting::En => Lang::En,
                stdkit::model::LangSetting::Zh => Lang::Zh,
            }))
            .unwrap_or(Lang::En)
    }

    /// Whether to colour what goes to a stream that is (or is not) a terminal.
    pub fn color(&self, terminal: bool) -> bool {
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }

    pub fn stdout_color(&self) -> bool {
        self.color(std::io::stdout().is_terminal())
    }

    pub fn stderr_color(&self) -> bool {
        self.color(std::io::stderr().is_terminal())
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check every file of a system against the schema and the rules
    Check(check::CheckArgs),
    /// Explain a rule: what it catches, why, and how to fix it
    Explain(explain::ExplainArgs),
    /// Write the JSON Schemas for editors
    Schema(schema::SchemaArgs),
    /// Write the standard-system table (标准体系表)
    Table(table::TableArgs),
    /// Show coverage and item statistics (and the compliance figures)
    Stats(stats::StatsArgs),
    /// Write a register or document of the compliance half: implementation, training, actions, cases, evaluations, checklist, self-assessment, dossier
    Report(report::ReportArgs),
    /// Work with case and evaluation exports (办件、好差评)
    Cases(cases::CasesArgs),
    /// Work with scoring sheets (评估计分表): export a built-in one to complete it
    Sheet(sheet::SheetArgs),
    /// Build the handbooks: HTML site, handbook.html and Markdown
    Build(build::BuildArgs),
    /// Preview the handbook site on localhost, rebuilt and reloaded on every save
    Serve(serve::ServeArgs),
    /// Work with the handbook templates
    Templates(templates::TemplatesArgs),
    /// Make a new system: stdkit.yaml, catalogues, one example standard per kind
    Init(init::InitArgs),
    /// Write a new standard (status drafting) with the next free id of a node
    New(new::NewArgs),
    /// Import an existing 标准明细表 (Excel or CSV): one standard file per row, never overwriting
    Import(import::ImportArgs),
    /// Start the next edition of a standard: a new draft that supersedes it
    Revise(edition::ReviseArgs),
    /// Publish a standard (发布, and 实施 from its effective date), superseding the old edition
    Publish(edition::PublishArgs),
    /// Abolish a standard (废止) on a date
    Abolish(edition::AbolishArgs),
    /// Show what changed in the system between two git revisions
    Diff(diff::DiffArgs),
    /// Print a shell completion script (bash, zsh, fish …)
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff)
    Man(man::ManArgs),
}

/// How a command ended.
pub enum Exit {
    Success,
    /// The documents have errors, or a threshold failed.
    Failure,
}

pub fn main() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mut cmd = Cli::command();
    let chinese = zh::chosen(&args[1..]);
    if chinese {
        cmd = zh::localise(cmd);
        stdkit::diag::set_error_lang(Lang::Zh);
    }
    let cli = match cmd
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(c) => c,
        Err(e) if chinese => zh::exit_with(e),
        Err(e) => e.exit(),
    };
    let mut global = cli.global.clone();
    global.nearby_zh = chinese;
    let result = match cli.command {
        Command::Check(a) => check::execute(a, &global),
        Command::Explain(a) => explain::execute(a, &global),
        Command::Schema(a) => schema::execute(a, &global),
        Command::Table(a) => table::execute(a, &global),
        Command::Stats(a) => stats::execute(a, &global),
        Command::Report(a) => report::execute(a, &global),
        Command::Cases(a) => cases::execute(a, &global),
        Command::Sheet(a) => sheet::execute(a, &global),
        Command::Build(a) => build::execute(a, &global),
        Command::Serve(a) => serve::execute(a, &global),
        Command::Templates(a) => templates::execute(a, &global),
        Command::Init(a) => init::execute(a, &global),
        Command::New(a) => new::execute(a, &global),
        Command::Import(a) => import::execute(a, &global),
        Command::Revise(a) => edition::revise(a, &global),
        Command::Publish(a) => edition::publish(a, &global),
        Command::Abolish(a) => edition::abolish(a, &global),
        Command::Diff(a) => diff::execute(a, &global),
        Command::Completions(a) => completions::execute(a, &global),
        Command::Man(a) => man::execute(a, &global),
    };
    match result {
        Ok(Exit::Success) => ExitCode::SUCCESS,
        Ok(Exit::Failure) => ExitCode::from(1),
        Err(e) => {
            let (red, reset) = if global.stderr_color() {
                ("\x1b[1;31m", "\x1b[0m")
            } else {
                ("", "")
            };
            if chinese {
                eprintln!("{red}错误{reset}：{}", chain_in_chinese(&e));
            } else {
                eprintln!("{red}error{reset}: {e:#}");
            }
            ExitCode::from(2)
        }
    }
}

/// An error and its causes for a Chinese reader: the messages stdkit makes are already in the
/// error language ([`stdkit::diag::Said`]); what the operating system says (an `io::Error`) is
/// named in Chinese by its kind, the system's own words kept in brackets.
fn chain_in_chinese(e: &anyhow::Error) -> String {
    use std::io::ErrorKind as K;
    let parts: Vec<String> = e
        .chain()
        .map(|cause| {
            let Some(io) = cause.downcast_ref::<std::io::Error>() else {
                return cause.to_string();
            };
            let zh = match io.kind() {
                K::NotFound => "不存在",
                K::PermissionDenied => "没有权限",
                K::AlreadyExists => "已存在",
                K::IsADirectory => "是文件夹",
                K::NotADirectory => "不是文件夹",
                K::DirectoryNotEmpty => "文件夹不是空的",
                K::ReadOnlyFilesystem => "文件系统只读",
                K::StorageFull => "磁盘已满",
                K::InvalidData => "数据无效",
                _ => return io.to_string(),
            };
            format!("{zh}（{io}）")
        })
        .collect();
    parts.join("：")
}

/// The format a file name asks for (`-o table.xlsx`), if its extension names one of `F`.
pub fn format_of_path<F: ValueEnum>(path: &std::path::Path) -> Option<F> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    let name = match ext.as_str() {
        "markdown" => "md",
        "htm" => "html",
        other => other,
    };
    F::from_str(name, true).ok()
}

/// The format asked for: `--format`, else the extension of `-o` (`None` when neither says);
/// a `--format` that contradicts the extension is an error (exit 2).
pub fn chosen_format<F: ValueEnum + PartialEq + Copy>(
    given: Option<F>,
    output: Option<&std::path::Path>,
) -> anyhow::Result<Option<F>> {
    let named = output.and_then(format_of_path::<F>);
    if let (Some(f), Some(n), Some(path)) = (given, named, output)
        && f != n
    {
        anyhow::bail!(
            "--format {} contradicts the file name `{}` (a .{} file)",
            format_name(f),
            path.display(),
            format_name(n)
        );
    }
    Ok(given.or(named))
}

/// Writes an output to `-o PATH` (atomically, with a note) or to standard output.
pub fn emit(global: &Global, output: Option<&std::path::Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match output {
        Some(path) => {
            stdkit::output::write_atomic(path, bytes)?;
            note_in(
                global,
                &format!("wrote {}", path.display()),
                &format!("已写入 {}", path.display()),
            );
        }
        None => write_stdout(bytes),
    }
    Ok(())
}

/// A format's name on the command line.
pub fn format_name<T: ValueEnum>(f: T) -> String {
    f.to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_string())
}

/// Parses `--today`.
pub fn parse_date(s: &str) -> Result<stdkit::model::Date, String> {
    stdkit::model::Date::parse(s).ok_or_else(|| format!("`{s}` is not a date YYYY-MM-DD"))
}

/// Writes to standard output; a closed pipe (`stdkit man | head`) is not an error.
pub fn write_stdout(bytes: &[u8]) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(bytes);
    let _ = out.flush();
}

/// A note on standard error, unless `--quiet`.
pub fn note(global: &Global, text: &str) {
    if !global.quiet {
        eprintln!("{text}");
    }
}

/// A note in the chosen language (`--lang`, STDKIT_LANG), unless `--quiet`.
pub fn note_in(global: &Global, en: &str, zh: &str) {
    note(global, global.pick(en, zh));
}

impl Global {
    /// `en` or `zh`, as the language chosen on the command line or by STDKIT_LANG.
    pub fn pick<'a>(&self, en: &'a str, zh: &'a str) -> &'a str {
        match self.lang() {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

/// What the commands that publish a system (table, stats, build) share.
#[derive(Args, Debug)]
pub struct Publish {
    /// The system root (default: the nearest folder at or above the current one with stdkit.yaml)
    pub root: Option<std::path::PathBuf>,
    /// Go on even if the system has errors
    #[arg(long)]
    pub force: bool,
    /// Take this date as today for the date rules (YYYY-MM-DD)
    #[arg(long, value_parser = parse_date)]
    pub today: Option<stdkit::model::Date>,
}

/// Which errors make a publishing command refuse (docs/compliance.md, Refusal).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refuse {
    /// Any error (`stats`).
    All,
    /// Any error, and the system must have `compliance:` (`report`).
    Compliance,
    /// Errors in the command's own inputs: standards, catalogues, `stdkit.yaml` (`table`,
    /// `build`): a missed training target does not block the handbooks.
    Standards,
}

/// Exit 2 when a compliance feature is asked for (`what`) of a system without `compliance:`.
pub fn need_compliance(
    system: &stdkit::system::System,
    asked: bool,
    what: &str,
) -> anyhow::Result<()> {
    if asked && system.records.is_none() {
        anyhow::bail!(
            "{what} needs a `compliance:` block in `{}` (see docs/compliance.md)",
            system.sys.file
        );
    }
    Ok(())
}

/// Loads and checks a system for a command that publishes it (table, stats, build): refuses
/// (`None`, exit 1) while errors remain, unless `--force`, which goes on and says so. `lean`
/// drops the text bodies (see `load::Options::lean`).
pub fn load_checked(
    args: &Publish,
    lean: bool,
    refuse: Refuse,
    period: Option<stdkit::model::Period>,
    global: &Global,
) -> anyhow::Result<Option<stdkit::system::System>> {
    let (root, force) = (args.root.as_deref(), args.force);
    let opts = stdkit::load::Options {
        today: args.today,
        lean,
        period,
        cache: global.cache(),
    };
    let root = stdkit::system::Root::find(root)?;
    let system = stdkit::check::run(root, &opts)?;
    if refuse == Refuse::Compliance {
        need_compliance(&system, true, "`stdkit report`")?;
    }
    need_compliance(&system, period.is_some(), "--period")?;
    let record_files: std::collections::HashSet<&str> = system
        .records
        .iter()
        .flat_map(|r| {
            let sources = r.data.sources.iter().flat_map(|s| [&*s.file, &*s.data]);
            let sheets = r.sheets.iter().map(|s| &*s.file);
            let assessments = r.assessments.iter().map(|a| &*a.file);
            r.files
                .iter()
                .map(|f| &**f)
                .chain(r.staff.file.as_deref())
                .chain(sources)
                .chain(sheets)
                .chain(assessments)
        })
        .collect();
    let errors = system
        .diagnostics
        .iter()
        .filter(|d| d.severity == stdkit::diag::Severity::Error)
        .filter(|d| {
            refuse != Refuse::Standards
                || !(d.code.starts_with('A')
                    || d.code.starts_with('B')
                    || d.code.starts_with('V')
                    || record_files.contains(&*d.file))
        })
        .count();
    if errors > 0 {
        let shown = system.root.display.display();
        if !force {
            let lang = global.lang_of(&system);
            match lang {
                Lang::En => eprintln!(
                    "error: the system has {errors} error{}; run `stdkit check {shown}` to see them (or pass --force)",
                    if errors == 1 { "" } else { "s" }
                ),
                Lang::Zh => eprintln!(
                    "错误：标准体系有 {errors} 个错误；运行 `stdkit check {shown}` 查看（或加 --force 继续）"
                ),
            }
            return Ok(None);
        }
        note_in(
            global,
            &format!(
                "warning: going on despite {errors} error(s) (--force); run `stdkit check {shown}` to see them"
            ),
            &format!(
                "警告：尽管有 {errors} 个错误，仍继续执行（--force）；运行 `stdkit check {shown}` 查看"
            ),
        );
    }
    Ok(Some(system))
}

#[cfg(test)]
mod tests {
    /// clap's own consistency checks (no two options with one short flag, defaults that parse …)
    /// over every command, in English and in Chinese.
    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
        super::zh::localise(super::Cli::command()).debug_assert();
    }
}
