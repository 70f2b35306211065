//! The command line in Chinese: `--help` and the usage lines of every command, when Chinese is
//! chosen (`--lang zh`, `STDKIT_LANG=zh`, or `lang: zh` in the nearest `stdkit.yaml`). clap's
//! derive keeps one (English) text per item, so the Chinese texts are applied to the built
//! command before parsing, by command path and argument id; a test holds every command and
//! every option to a Chinese text.

use clap::Command;

/// The `about` of each command, by path (`""` the root, `"cases strip"` a subcommand).
pub const ABOUT: &[(&str, &str)] = &[
    (
        "",
        "编写、检查、发布标准体系（以 YAML 保存），并证明标准得到实施",
    ),
    ("check", "按模式和规则检查标准体系的每个文件"),
    ("explain", "解释一条规则：检查什么、为什么、怎样改正"),
    ("schema", "为编辑器写出 JSON Schema"),
    ("table", "生成标准体系表"),
    ("stats", "显示覆盖率、事项统计（及标准实施指标）"),
    (
        "report",
        "生成标准实施的台账和材料：实施情况、宣贯培训、问题整改、办件、满意度、自评报告、确认材料汇编、查阅清单",
    ),
    ("cases", "处理办件和好差评导出数据"),
    (
        "cases strip",
        "只复制办件或评价数据源中已映射的列，写成 UTF-8 CSV（带 BOM），不含个人信息",
    ),
    ("sheet", "处理评估计分表：导出内置计分表以便补全"),
    (
        "sheet export",
        "把计分表写成 YAML：内置计分表，或 compliance.sheets 中的计分表",
    ),
    (
        "build",
        "生成标准汇编和岗位手册：HTML 网站、handbook.html 和 Markdown",
    ),
    (
        "serve",
        "在本机预览标准汇编网站：每次保存后重新生成并刷新页面",
    ),
    ("templates", "处理标准汇编的模板"),
    (
        "templates export",
        "把默认模板写到 DIR（汇编页面及 `stdkit new` 用的 new/<kind>.yaml）；复制到 <root>/templates/ 即可覆盖",
    ),
    (
        "init",
        "新建一个标准体系：stdkit.yaml、目录文件、每类一项示例标准",
    ),
    (
        "new",
        "新建一项标准（起草状态，节点中下一个空闲编号），或一条实施记录",
    ),
    (
        "import",
        "导入已有的标准明细表（Excel 或 CSV）：每行一个标准文件，从不覆盖",
    ),
    ("revise", "开始一项标准的修订：新建新版草案，旧版改为修订中"),
    ("publish", "发布一项标准（及自实施日期起实施），代替旧版"),
    ("abolish", "在某日废止一项标准"),
    ("diff", "显示两个 git 版本之间标准体系的变化"),
    ("completions", "输出 shell 补全脚本（bash、zsh、fish 等）"),
    ("man", "输出手册页（roff）"),
];

/// The help of each argument by id, for every command that has it; `"cmd id"` overrides.
pub const ARGS: &[(&str, &str)] = &[
    ("color", "何时使用颜色（遵守 NO_COLOR）"),
    ("quiet", "只输出检查结果和错误，不输出摘要和进度"),
    ("verbose", "输出各阶段用时（build：检查、生成和写入）"),
    (
        "no_cache",
        "重新读取办件导出数据，不用 .stdkit-cache/ 中的缓存（也可设 STDKIT_NO_CACHE=1）",
    ),
    (
        "lang",
        "消息语言（默认：STDKIT_LANG 环境变量，其次 stdkit.yaml 中的 lang:，再次英文）",
    ),
    (
        "root",
        "标准体系根目录（默认：当前目录或其上级中最近的含 stdkit.yaml 的目录）",
    ),
    ("force", "即使标准体系有错误也继续"),
    ("today", "以此日期作为今天（YYYY-MM-DD），用于日期规则"),
    (
        "period",
        "报告期：2026、2026-H1、2026-Q3、2026-05、起..止（默认：compliance.period）",
    ),
    ("format", "输出格式（默认：按 -o 的扩展名，否则 md）"),
    ("output", "写入此文件，而不是标准输出"),
    ("help", "显示帮助"),
    ("version", "显示版本"),
    ("check format", "检查结果的格式"),
    ("check deny", "把警告也当作失败（退出码 1）"),
    (
        "check since",
        "与此 git 版本比较，检查变更规则（H 组、A060）",
    ),
    ("explain code", "规则代码，如 R001"),
    ("explain list", "列出全部规则：代码、级别和检查内容"),
    (
        "schema output",
        "写入的文件夹（默认：标准体系根目录下的 schema/，否则当前目录）",
    ),
    (
        "table output",
        "写入此文件（加 --all-tables 时为文件夹），而不是标准输出",
    ),
    (
        "table all_tables",
        "CSV：把每张表各写成一个文件，放入 -o 指定的文件夹",
    ),
    (
        "table format",
        "输出格式（默认：按 -o 的扩展名，否则 md；加 --all-tables 时为 csv）",
    ),
    ("stats format", "输出格式"),
    (
        "stats min_coverage",
        "覆盖率目标（比例，如 0.9）；低于目标时退出码为 1",
    ),
    ("report kind", "哪一种台账或材料"),
    (
        "report by",
        "`cases`：每行一个事项（默认）、窗口、部门或月份",
    ),
    (
        "report compare",
        "`cases`：加一行此期间的合计作为基期；`self-assessment`：加一列基期数字",
    ),
    (
        "report assessment",
        "`self-assessment`、`dossier`、`checklist`：用这份自评（默认：最新的一份）",
    ),
    (
        "report sheet",
        "`self-assessment`、`dossier`、`checklist`：用针对此计分表的最新自评",
    ),
    (
        "report output",
        "写入此文件（`dossier` 为文件夹），而不是标准输出",
    ),
    ("build output", "输出文件夹（默认：<root>/build）"),
    (
        "build include_drafts",
        "同时编入尚在制定中的标准（标注征求意见稿／草案）",
    ),
    (
        "serve include_drafts",
        "同时编入尚在制定中的标准（标注征求意见稿／草案）",
    ),
    (
        "serve port",
        "本机 127.0.0.1 上的端口（0：任选一个空闲端口并输出）",
    ),
    ("init dir", "新标准体系的文件夹（不存在时新建）"),
    (
        "new kind",
        "标准的类型，或记录的类型（training、inspection、audit、review、action）",
    ),
    (
        "new node",
        "放入的体系结构节点（编号为 <节点>-<下一个序号>）",
    ),
    ("new title", "标准名称；不写时为待填写的占位内容"),
    (
        "new date",
        "记录的日期（YYYY-MM-DD，默认今天），也是编号中的年份",
    ),
    (
        "new item",
        "`new item`：事项目录中的事项（填入其编码、名称、类型和实施机关）",
    ),
    (
        "new post",
        "`new work`：岗位目录中的岗位（填入其 id 和名称）",
    ),
    ("import file", "要导入的标准明细表（.xlsx、.xls、.csv）"),
    ("import mapping", "特殊表格布局用的映射文件（YAML）"),
    ("import dry_run", "只显示将要写入的文件，不写入"),
    (
        "import report",
        "把未能导入的内容写入此文件（默认：标准错误输出）",
    ),
    ("revise id", "要修订的标准（编号）"),
    ("revise title", "新版本的标准名称（有变化时）"),
    ("publish id", "要发布的标准（编号）"),
    ("publish date", "发布日期（YYYY-MM-DD）"),
    (
        "publish effective",
        "实施日期（YYYY-MM-DD）：自该日起现行，并代替旧版",
    ),
    ("publish number", "发布时的标准编号"),
    (
        "publish supersedes",
        "被代替的旧版（默认：同名、处于修订中的标准）；可重复",
    ),
    ("abolish id", "要废止的标准（编号）"),
    ("abolish date", "废止日期（YYYY-MM-DD）"),
    ("diff base", "比较的起点版本（git 版本号、分支或标签）"),
    ("diff head", "比较的终点版本（默认：工作区）"),
    (
        "cases strip source",
        "数据源的映射文件（`cases: 1` 或 `evaluations: 1`）",
    ),
    ("cases strip output", "要写出的 CSV（不能是导出文件本身）"),
    (
        "sheet export id",
        "计分表编号（cn-service-pilot-2009、cn-good-behaviour，或本体系的计分表）",
    ),
    (
        "sheet export root",
        "标准体系根目录，用于 compliance.sheets 中的计分表",
    ),
    (
        "sheet export output",
        "写入此文件（从不覆盖），而不是标准输出",
    ),
    ("templates export dir", "写入的文件夹"),
    ("completions shell", "shell 类型"),
    ("man command", "只输出这条命令的手册页"),
];

/// Whether Chinese is chosen for the command line itself: `--lang zh` among the arguments,
/// else `STDKIT_LANG`, else `lang: zh` in the nearest `stdkit.yaml` (a line of the file).
pub fn chosen(args: &[std::ffi::OsString]) -> bool {
    let mut it = args.iter().filter_map(|a| a.to_str());
    while let Some(a) = it.next() {
        if a == "--lang" {
            return it.next().is_some_and(|v| v.eq_ignore_ascii_case("zh"));
        }
        if let Some(v) = a.strip_prefix("--lang=") {
            return v.eq_ignore_ascii_case("zh");
        }
    }
    if let Ok(v) = std::env::var("STDKIT_LANG")
        && !v.trim().is_empty()
    {
        return v.trim().eq_ignore_ascii_case("zh");
    }
    let Ok(mut dir) = std::env::current_dir() else {
        return false;
    };
    loop {
        let f = dir.join(stdkit::system::SYSTEM_FILE);
        if f.is_file() {
            // A small read: the system file's own size guard is the loader's.
            let text = stdkit::files::read_capped(&f, 1 << 20)
                .ok()
                .flatten()
                .and_then(|b| String::from_utf8(b).ok())
                .unwrap_or_default();
            return text
                .lines()
                .any(|l| l.split('#').next().unwrap_or("").trim().replace(' ', "") == "lang:zh");
        }
        if !dir.pop() {
            return false;
        }
    }
}

/// A parse error of clap in Chinese: what went wrong by its kind, the argument and value it
/// concerns, clap's suggestion, and the usage line (already Chinese from [`localise`]). Help
/// and version requests are clap's own output; the exit status is clap's (2 for an error).
pub fn exit_with(e: clap::Error) -> ! {
    use clap::error::{ContextKind as C, ContextValue, ErrorKind as K};
    let what = match e.kind() {
        K::DisplayHelp | K::DisplayVersion | K::DisplayHelpOnMissingArgumentOrSubcommand => {
            e.exit()
        }
        K::InvalidValue => "无效的取值",
        K::UnknownArgument => "未知的选项或参数",
        K::InvalidSubcommand => "未知的命令",
        K::NoEquals => "该选项的取值要用“=”连接",
        K::ValueValidation => "取值不符合要求",
        K::TooManyValues => "取值过多",
        K::TooFewValues => "取值过少",
        K::WrongNumberOfValues => "取值个数不对",
        K::ArgumentConflict => "选项不能同时使用",
        K::MissingRequiredArgument => "缺少必需的参数",
        K::MissingSubcommand => "缺少命令",
        _ => e.exit(),
    };
    let shown = |v: &ContextValue| match v {
        ContextValue::String(s) => format!("`{s}`"),
        ContextValue::Strings(l) => l
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join("、"),
        ContextValue::StyledStr(s) => format!("`{}`", s.to_string().trim()),
        ContextValue::StyledStrs(l) => l
            .iter()
            .map(|s| format!("`{}`", s.to_string().trim()))
            .collect::<Vec<_>>()
            .join("、"),
        ContextValue::Number(n) => n.to_string(),
        _ => String::new(),
    };
    let mut msg = format!("错误：{what}");
    for (kind, label) in [
        (C::InvalidSubcommand, ""),
        (C::InvalidArg, ""),
        (C::InvalidValue, "取值 "),
        (C::PriorArg, "与 "),
    ] {
        if let Some(v) = e.get(kind) {
            msg.push_str(&format!("：{label}{}", shown(v)));
        }
    }
    if let Some(v) = e.get(C::ValidValue) {
        msg.push_str(&format!("（可选：{}）", shown(v)));
    }
    for kind in [C::SuggestedSubcommand, C::SuggestedArg, C::SuggestedValue] {
        if let Some(v) = e.get(kind) {
            msg.push_str(&format!("\n\n  提示：是不是要写 {}？", shown(v)));
        }
    }
    if let Some(ContextValue::StyledStr(u)) = e.get(C::Usage) {
        let u = u.to_string();
        let u = u.trim_end();
        msg.push_str(&format!(
            "\n\n{}",
            u.strip_prefix("Usage: ")
                .map_or(u.to_string(), |r| format!("用法：{r}"))
        ));
    }
    msg.push_str("\n\n查看帮助：--help");
    eprintln!("{msg}");
    std::process::exit(e.exit_code())
}

fn about_of(path: &str) -> Option<&'static str> {
    ABOUT.iter().find(|(p, _)| *p == path).map(|(_, t)| *t)
}

fn arg_help(path: &str, id: &str) -> Option<&'static str> {
    let own = if path.is_empty() {
        id.to_string()
    } else {
        format!("{path} {id}")
    };
    ARGS.iter()
        .find(|(k, _)| *k == own)
        .or_else(|| ARGS.iter().find(|(k, _)| *k == id))
        .map(|(_, t)| *t)
}

/// The command with its Chinese texts and headings, recursively.
pub fn localise(mut cmd: Command) -> Command {
    // Built first, so each command carries its generated `--help` and `--version`.
    cmd.build();
    walk(cmd, "")
}

fn walk(mut cmd: Command, path: &str) -> Command {
    if let Some(a) = about_of(path) {
        cmd = cmd.about(a).long_about(None);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let help = arg_help(path, &id);
        cmd = cmd.mut_arg(id.as_str(), |a| {
            let heading = if a.is_positional() {
                "参数"
            } else {
                "选项"
            };
            let a = a.help_heading(heading);
            match help {
                Some(h) => a.help(h).long_help(None),
                None => a,
            }
        });
    }
    cmd = cmd
        .subcommand_help_heading("命令")
        .help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}");
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        let sub = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(name.as_str(), |c| walk(c, &sub));
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command and every option has its Chinese text, so a new one cannot be added in
    /// English only.
    #[test]
    fn every_command_and_option_speaks_chinese() {
        fn visit(cmd: &Command, path: &str, missing: &mut Vec<String>) {
            if cmd.get_name() != "help" && about_of(path).is_none() {
                missing.push(format!("about of `{path}`"));
            }
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                if arg_help(path, id).is_none() {
                    missing.push(format!("`{path}` --{id}"));
                }
            }
            for c in cmd.get_subcommands().filter(|c| c.get_name() != "help") {
                let p = if path.is_empty() {
                    c.get_name().to_string()
                } else {
                    format!("{path} {}", c.get_name())
                };
                visit(c, &p, missing);
            }
        }
        let mut missing = Vec::new();
        visit(&super::super::Cli::command(), "", &mut missing);
        assert!(missing.is_empty(), "no Chinese text for: {missing:?}");
        // And the table names nothing that does not exist.
        let cmd = super::super::Cli::command();
        for (path, _) in ABOUT {
            let mut c = &cmd;
            for part in path.split_whitespace() {
                c = c
                    .find_subcommand(part)
                    .unwrap_or_else(|| panic!("no command `{path}`"));
            }
        }
    }
}
