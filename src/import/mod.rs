//! `stdkit import`: an existing 标准明细表 (XLSX, XLS or CSV) into one standard file per row.
//!
//! [`plan`] reads the sheet through [`crate::tabular`] (its header row found among the first
//! rows by the header names of [`mapping::Field`], or named by a mapping file), turns each row
//! into a standard of the target system and resolves supersession within the sheet; what it
//! cannot map is a [`Problem`] at its sheet and cell, never a guess. [`write`] then writes the
//! files beside the system's others, each new (an existing file is refused, untouched).
//!
//! Kinds: a number of another issuer (GB, GB/T, DB.., an industry code, T/, another Q/) is
//! `kind: external`. The organisation's own standard (`Q/<code>`, or no number) in the
//! pipeline gets the kind its node implies; one in force or retired is kept as `kind:
//! external` too, since its text is not in the sheet and the node's kind would need it (D006);
//! a comment in the file says which kind to make it once its text is entered.

pub mod cells;
pub mod mapping;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::diag::Msg;
use crate::index::Index;
use crate::model::{Category, Date, Kind, Level, Status};
use crate::system::System;
use crate::tabular::{self, Cell, Head, Options, Row};
pub use mapping::{Field, Mapping};

/// Rows searched for the header row.
pub const HEAD_ROWS: u32 = 30;

/// More rows than any 明细表 has: beyond it the rest is reported, not read.
pub const MAX_ROWS: usize = 100_000;

/// Something of the sheet that was not imported, at its cell (`标准明细表!C4`), row or sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub at: String,
    pub msg: Msg,
    /// Whether a row (or its file) was left out; else a column or a value not carried over.
    pub dropped: bool,
}

/// A file to write.
#[derive(Clone, Debug, PartialEq)]
pub struct Planned {
    pub id: String,
    /// Relative to the root.
    pub rel: PathBuf,
    pub text: String,
    /// The row it comes from (`标准明细表!4`).
    pub at: String,
}

/// What an import reads and would write.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// What was read: `XLSX, sheet 标准明细表, header row 3`.
    pub source: Msg,
    /// Data rows read.
    pub rows: usize,
    pub files: Vec<Planned>,
    pub problems: Vec<Problem>,
}

/// The import could not run (exit 2): the file, the sheet or the mapping cannot be read.
#[derive(Debug)]
pub struct Failure(pub Msg);

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.en)
    }
}

impl std::error::Error for Failure {}

fn fail(en: String, zh: String) -> Failure {
    Failure(Msg::new(en, zh))
}

/// One data row as read.
#[derive(Default)]
struct RowIn {
    line: u32,
    id: Option<String>,
    number: Option<String>,
    title: Option<String>,
    level: Option<Level>,
    status: Option<Status>,
    published: Option<Date>,
    effective: Option<Date>,
    /// The replaced numbers, as typeset.
    supersedes: Vec<String>,
    owner: Option<String>,
    note: Vec<String>,
}

/// A row turned into a standard (before supersession is resolved).
struct Std {
    row: RowIn,
    at: String,
    node: usize,
    own: bool,
    kind: Kind,
    status: Status,
    superseded_by: Option<String>,
    supersedes: Vec<String>,
}

/// Reads the 明细表 at `path` for the system and plans one file per row.
pub fn plan(system: &System, path: &Path, mapping: &Mapping) -> Result<Plan, Failure> {
    let shown = path.display().to_string();
    let open_err =
        |e: tabular::OpenError| fail(format!("`{shown}`: {e}"), format!("`{shown}`：{}", e.zh()));
    let base = Options {
        sheet: mapping.sheet.as_deref(),
        encoding: mapping.encoding,
        ..Options::default()
    };
    let (head, header) = find_header(path, &base, mapping).map_err(|e| match e {
        Found::Open(e) => open_err(e),
        Found::Failure(f) => f,
    })?;
    let sheet = head.sheet.clone();
    let at = |line: u32, column: u32| match &sheet {
        Some(s) => tabular::cell_ref(s, line, column),
        None => format!("{shown}:{line}:{column}"),
    };
    let row_at = |line: u32| match &sheet {
        Some(s) => format!("{}:{line}", tabular::cell_ref(s, line, 0)),
        None => format!("{shown}:{line}"),
    };
    let mut problems = Vec::new();

    // The columns read: one per field (the first, if a field is named twice).
    let mut wanted: Vec<(Field, String, u32)> = Vec::new();
    for (col, text, field) in &header.columns {
        match field {
            Some(Field::Seq) => {}
            Some(f) if wanted.iter().any(|(w, ..)| w == f) => problems.push(Problem {
                dropped: false,
                at: at(header.line, *col),
                msg: Msg::new(
                    format!("column `{text}` is a second {} column: not read", f.key()),
                    format!("列“{text}”是第二个“{}”列，未读取", f.zh()),
                ),
            }),
            Some(f) => {
                let twice = header.columns.iter().filter(|(_, t, _)| t == text).count() > 1;
                if twice {
                    problems.push(Problem { dropped: false,
                        at: at(header.line, *col),
                        msg: Msg::new(
                            format!("header `{text}` appears twice: its column is not read (name the column in a mapping file)"),
                            format!("表头“{text}”出现两次，该列未读取（请在映射文件中指定）"),
                        ),
                    });
                } else {
                    wanted.push((*f, text.clone(), *col));
                }
            }
            None => problems.push(Problem {
                dropped: false,
                at: at(header.line, *col),
                msg: Msg::new(
                    format!("column `{text}` is not a field stdkit imports: not read"),
                    format!("列“{text}”不是可导入的字段，未读取"),
                ),
            }),
        }
    }
    if !wanted.iter().any(|(f, ..)| *f == Field::Title) {
        return Err(fail(
            format!(
                "`{shown}`: no 标准名称 (title) column in the header row {}; name it in a mapping file (`columns: {{title: …}}`)",
                header.row
            ),
            format!(
                "`{shown}`：表头行（第 {} 行）中没有“标准名称”列；请在映射文件中指定（`columns: {{title: …}}`）",
                header.row
            ),
        ));
    }
    let names: Vec<&str> = wanted.iter().map(|(_, t, _)| t.as_str()).collect();
    let opts = Options {
        sheet: sheet.as_deref(),
        header_row: header.row,
        ..base
    };
    let mut reader = tabular::open(path, &opts, &names).map_err(open_err)?;
    let source = {
        let kind = reader.kind();
        let (en_sheet, zh_sheet) = match reader.sheet() {
            Some(s) => (format!(", sheet {s}"), format!("，工作表“{s}”")),
            None => (String::new(), String::new()),
        };
        Msg::new(
            format!("{shown} ({kind}{en_sheet}, header row {})", header.line),
            format!("{shown}（{kind}{zh_sheet}，表头在第 {} 行）", header.line),
        )
    };

    // Read every row.
    let mut rows: Vec<RowIn> = Vec::new();
    let mut row = Row::default();
    loop {
        match reader.next_row(&mut row) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                problems.push(Problem {
                    dropped: true,
                    at: sheet.clone().unwrap_or_else(|| shown.clone()),
                    msg: Msg::new(
                        format!("reading stopped: {e}; the rows after it are not imported"),
                        format!("读取中断：{}；其后的行未导入", e.zh()),
                    ),
                });
                break;
            }
        }
        if rows.len() >= MAX_ROWS {
            problems.push(Problem {
                dropped: true,
                at: row_at(row.line),
                msg: Msg::new(
                    format!("more than {MAX_ROWS} rows: the rest is not imported"),
                    format!("超过 {MAX_ROWS} 行，其余未导入"),
                ),
            });
            break;
        }
        if let Some(r) = read_row(&row, &wanted, &at, &mut problems) {
            rows.push(r);
        }
    }
    let read = rows.len();
    let stds = place(system, rows, &row_at, &at, &wanted, &mut problems);
    let stds = supersession(system, stds, &mut problems);
    let name = path
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    let origin = match &sheet {
        Some(s) => format!("{name}（{s}）"),
        None => name,
    };
    let files = stds.iter().map(|s| render(system, s, &origin)).collect();
    Ok(Plan {
        source,
        rows: read,
        files,
        problems,
    })
}

/// The header row: its `row` for [`Options::header_row`], its line, and its cells with the
/// field each names.
struct Header {
    row: u32,
    line: u32,
    columns: Vec<(u32, String, Option<Field>)>,
}

enum Found {
    Open(tabular::OpenError),
    Failure(Failure),
}

impl From<tabular::OpenError> for Found {
    fn from(e: tabular::OpenError) -> Self {
        Found::Open(e)
    }
}

/// The sheet and its header row: as the mapping says, else the row among the first
/// [`HEAD_ROWS`] naming the most fields (a title row above it names none), in the sheet named
/// …明细… or else the first sheet that has one.
fn find_header(path: &Path, base: &Options, mapping: &Mapping) -> Result<(Head, Header), Found> {
    let first = tabular::head(path, base, HEAD_ROWS.max(mapping.header_row.unwrap_or(0)))?;
    let mut order: Vec<String> = Vec::new();
    if base.sheet.is_none() && first.sheets.len() > 1 {
        order.extend(first.sheets.iter().filter(|s| s.contains("明细")).cloned());
        order.extend(first.sheets.iter().filter(|s| !s.contains("明细")).cloned());
    }
    let pick = |head: &Head| -> Option<Header> {
        let of = |r: &tabular::HeadRow| -> Vec<(u32, String, Option<Field>)> {
            r.cells
                .iter()
                .map(|(c, t)| {
                    let by_map = mapping
                        .columns
                        .iter()
                        .find(|(_, h)| mapping::normalise_header(h) == mapping::normalise_header(t))
                        .map(|(f, _)| *f);
                    // A header the mapping gives to a field is that field; another one
                    // recognised as such a field is not.
                    let auto = mapping::field_of(t)
                        .filter(|f| !mapping.columns.iter().any(|(m, _)| m == f));
                    (*c, t.clone(), by_map.or(auto))
                })
                .collect()
        };
        let rows = head.rows.iter();
        if let Some(n) = mapping.header_row {
            // The row as Excel or an editor numbers it (a CSV's blank lines count).
            let r = head.rows.iter().find(|r| r.line == n)?;
            return Some(Header {
                row: r.row,
                line: r.line,
                columns: of(r),
            });
        }
        let mut best: Option<(usize, Header)> = None;
        for r in rows {
            let columns = of(r);
            let mut fields: Vec<Field> = columns.iter().filter_map(|c| c.2).collect();
            fields.sort();
            fields.dedup();
            let has_title = fields.contains(&Field::Title);
            let score = fields.len();
            if has_title && score >= 2 && best.as_ref().is_none_or(|(b, _)| score > *b) {
                best = Some((
                    score,
                    Header {
                        row: r.row,
                        line: r.line,
                        columns,
                    },
                ));
            }
        }
        best.map(|(_, h)| h)
    };
    if order.is_empty() {
        return match pick(&first) {
            Some(h) => Ok((first, h)),
            None => Err(Found::Failure(no_header(path, &first, mapping))),
        };
    }
    for sheet in &order {
        let opts = Options {
            sheet: Some(sheet),
            ..*base
        };
        let head = tabular::head(path, &opts, HEAD_ROWS.max(mapping.header_row.unwrap_or(0)))?;
        if let Some(h) = pick(&head) {
            return Ok((head, h));
        }
    }
    Err(Found::Failure(no_header(path, &first, mapping)))
}

fn no_header(path: &Path, head: &Head, mapping: &Mapping) -> Failure {
    let shown = path.display();
    let sheets = if head.sheets.is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!(" (sheets: {})", head.sheets.join(", ")),
            format!("（工作表：{}）", head.sheets.join("、")),
        )
    };
    if let Some(n) = mapping.header_row {
        return fail(
            format!("`{shown}`: row {n} is empty or beyond the end{}", sheets.0),
            format!("`{shown}`：第 {n} 行为空或超出表格{}", sheets.1),
        );
    }
    fail(
        format!(
            "`{shown}`: no header row with 标准名称 and another known column (体系表编号, 标准编号, 实施日期 …) in the first {HEAD_ROWS} rows{}; give `header_row` and `columns` in a mapping file (--mapping)",
            sheets.0
        ),
        format!(
            "`{shown}`：前 {HEAD_ROWS} 行中没有同时含“标准名称”和其他可识别列（体系表编号、标准编号、实施日期……）的表头行{}；请用映射文件（--mapping）指定 `header_row` 和 `columns`",
            sheets.1
        ),
    )
}

/// Reads the wanted cells of a row; a cell that cannot be read is a problem and the row is
/// left out (`None`).
fn read_row(
    row: &Row,
    wanted: &[(Field, String, u32)],
    at: &dyn Fn(u32, u32) -> String,
    problems: &mut Vec<Problem>,
) -> Option<RowIn> {
    let mut r = RowIn {
        line: row.line,
        ..RowIn::default()
    };
    let mut ok = true;
    let mut bad = |col: u32, en: String, zh: String| {
        problems.push(Problem {
            dropped: true,
            at: at(row.line, col),
            msg: Msg::new(
                format!("{en}: row not imported"),
                format!("{zh}，该行未导入"),
            ),
        });
        ok = false;
    };
    for ((field, header, col), cell) in wanted.iter().zip(&row.cells) {
        if *cell == Cell::Empty {
            continue;
        }
        let text = cells::text(cell).unwrap_or_default();
        match field {
            Field::Id => match cells::id(cell) {
                Some(id) => r.id = Some(id),
                None => bad(
                    *col,
                    format!("`{text}` is not an id `<node>-<sequence>` (体系表编号)"),
                    format!("“{text}”不是“<节点代码>-<顺序号>”形式的体系表编号"),
                ),
            },
            Field::Number => match cells::number(&text) {
                Some(n) => r.number = Some(n),
                None => bad(
                    *col,
                    format!("`{text}` is not a standard number stdkit can read"),
                    format!("“{text}”不是可识别的标准编号"),
                ),
            },
            Field::Title => r.title = Some(text),
            Field::Level => match cells::level(&text) {
                Some(l) => r.level = Some(l),
                None => bad(
                    *col,
                    format!(
                        "`{text}` is not a level (国家标准, 行业标准, 地方标准, 团体标准, 企业标准)"
                    ),
                    format!(
                        "“{text}”不是宜定级别（国家标准、行业标准、地方标准、团体标准、企业标准）"
                    ),
                ),
            },
            Field::Status => match cells::status(&text) {
                Some(s) => r.status = Some(s),
                None => bad(
                    *col,
                    format!("`{text}` is not a status (现行, 被代替, 废止, 待制定 …)"),
                    format!("“{text}”不是标准状态（现行、被代替、废止、待制定……）"),
                ),
            },
            Field::Published | Field::Effective => match cells::date(cell) {
                Some(d) if *field == Field::Published => r.published = Some(d),
                Some(d) => r.effective = Some(d),
                None => bad(
                    *col,
                    format!("`{text}` is not a date"),
                    format!("“{text}”不是日期"),
                ),
            },
            Field::Supersedes => {
                for part in text.split(['、', '，', ',', '；', ';', '\n']) {
                    let p = part.trim();
                    let p = p
                        .strip_prefix("代替")
                        .or_else(|| p.strip_prefix("替代"))
                        .unwrap_or(p)
                        .trim();
                    if p.is_empty() || matches!(p, "无" | "-" | "—" | "/") {
                        continue;
                    }
                    match cells::number(p) {
                        Some(n) => r.supersedes.push(n),
                        None => bad(
                            *col,
                            format!("`{p}` in {header} is not a standard number"),
                            format!("“{header}”中的“{p}”不是标准编号"),
                        ),
                    }
                }
            }
            Field::Owner => r.owner = Some(text),
            Field::Note => r.note.push(text),
            Field::Adoption => {
                if !matches!(text.as_str(), "无" | "-" | "—" | "/") {
                    r.note.push(format!("采用：{text}"));
                }
            }
            Field::Seq => {}
        }
    }
    ok.then_some(r)
}

/// Each row's node, kind and status; rows that cannot be placed are problems.
fn place(
    system: &System,
    rows: Vec<RowIn>,
    row_at: &dyn Fn(u32) -> String,
    at: &dyn Fn(u32, u32) -> String,
    wanted: &[(Field, String, u32)],
    problems: &mut Vec<Problem>,
) -> Vec<Std> {
    let sys = &system.sys;
    let col = |f: Field| wanted.iter().find(|w| w.0 == f).map_or(0, |w| w.2);
    let index = Index::new(&system.standards, sys);
    let own_prefix = format!("Q/{}", sys.code());
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut numbers: HashMap<String, u32> = HashMap::new();
    let mut out = Vec::new();
    for row in rows {
        let line = row.line;
        // A row left out: `lost` unless it is already in the system or is no standard at all.
        let mut leave = |c: u32, en: String, zh: String, lost: bool| {
            let msg = if lost {
                Msg::new(
                    format!("{en}: row not imported"),
                    format!("{zh}，该行未导入"),
                )
            } else {
                Msg::new(format!("{en}: skipped"), format!("{zh}，已跳过"))
            };
            problems.push(Problem {
                dropped: lost,
                at: if c == 0 { row_at(line) } else { at(line, c) },
                msg,
            });
        };
        let mut skip = |c: u32, en: String, zh: String| leave(c, en, zh, true);
        // A heading row (`101 标准化导则`, `一、服务基础标准`): a title only, or nothing the
        // fields read.
        if row.id.is_none() && row.number.is_none() {
            let heading = row.title.as_deref().is_none_or(|t| {
                let t = t.trim();
                sys.nodes.iter().any(|n| {
                    t == n.name
                        || t.strip_prefix(n.code.as_str())
                            .is_some_and(|r| r.trim_start_matches([' ', '　', '.', '、']) == n.name)
                }) || t.starts_with(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'])
                    && t.contains('、')
            });
            if heading {
                let shown = row.title.as_deref().unwrap_or("");
                leave(
                    0,
                    format!("no id, number or standard in the row `{shown}` (a heading?)"),
                    format!("该行“{shown}”没有体系表编号、标准编号（标题行？）"),
                    false,
                );
                continue;
            }
        }
        let Some(title) = row.title.as_deref() else {
            skip(
                col(Field::Title),
                "no title (标准名称)".into(),
                "没有标准名称".into(),
            );
            continue;
        };
        let Some(id) = row.id.clone() else {
            skip(
                col(Field::Id),
                format!("`{title}` has no id (体系表编号) to place it by"),
                format!("“{title}”没有体系表编号，无法确定其节点"),
            );
            continue;
        };
        let node = id.split_once('-').map_or(id.as_str(), |(n, _)| n);
        let Some(ni) = sys.node(node) else {
            skip(
                col(Field::Id),
                format!(
                    "node `{node}` of `{id}` is not in the structure of {}",
                    sys.file
                ),
                format!("“{id}”的节点“{node}”不在 {} 的体系结构中", sys.file),
            );
            continue;
        };
        if let Some(first) = ids.get(&id) {
            skip(
                col(Field::Id),
                format!("id `{id}` is already that of row {first}"),
                format!("体系表编号“{id}”与第 {first} 行重复"),
            );
            continue;
        }
        if let Some(&i) = index.with_id(&id).first() {
            let l = &system.standards[i];
            let same = match (&row.number, l.std.number()) {
                (Some(a), Some(b)) => {
                    cells::number(b).is_some_and(|b| cells::number_key(&b) == cells::number_key(a))
                }
                (None, None) => l.std.title.as_deref() == Some(title),
                _ => false,
            };
            let file = system.root.file_name(&l.rel);
            if same {
                leave(
                    col(Field::Id),
                    format!("`{id}` is already in the system ({file})"),
                    format!("“{id}”已在体系中（{file}）"),
                    false,
                );
            } else {
                leave(
                    col(Field::Id),
                    format!(
                        "id `{id}` is taken by another standard of the system ({file}); renumber or remove that file and import again (rows already imported are skipped)"
                    ),
                    format!(
                        "体系表编号“{id}”已被体系中的另一标准占用（{file}）；请将该文件改号或删除后重新导入（已导入的行会被跳过）"
                    ),
                    true,
                );
            }
            continue;
        }
        if let Some(n) = &row.number {
            let key = cells::number_key(n);
            if let Some(first) = numbers.get(&key) {
                skip(
                    col(Field::Number),
                    format!("number `{n}` is already that of row {first}"),
                    format!("标准编号“{n}”与第 {first} 行重复"),
                );
                continue;
            }
            if let Some(&i) = index.with_number(n).first() {
                let other = system.standards[i].std.id().unwrap_or("?");
                skip(
                    col(Field::Number),
                    format!("the system already has `{n}` as {other}"),
                    format!("体系中已有“{n}”（{other}）"),
                );
                continue;
            }
        }
        let own = row.number.as_deref().is_none_or(|n| {
            n.strip_prefix(&own_prefix).is_some_and(|r| {
                r.starts_with([' ', '-', '—']) || r.starts_with(|c: char| c.is_ascii_digit())
            })
        });
        let dated = row.published.is_some() || row.effective.is_some();
        let status = match row.status {
            Some(s) => s,
            None if !own || dated => {
                if row.effective.is_some_and(|e| e > sys.today) {
                    Status::Published
                } else {
                    Status::Effective
                }
            }
            None => Status::Planned,
        };
        if let (Some(p), Some(e)) = (row.published, row.effective)
            && e < p
        {
            skip(
                col(Field::Effective),
                format!("实施日期 {e} is before 发布日期 {p}"),
                format!("实施日期 {e} 早于发布日期 {p}"),
            );
            continue;
        }
        let kind = if !own || !status.is_pipeline() {
            Kind::External
        } else {
            kind_of_node(system, ni)
        };
        if kind == Kind::External && row.number.is_none() {
            skip(
                col(Field::Number),
                format!(
                    "`{title}` is {} but has no number (标准编号)",
                    status.as_str()
                ),
                format!("“{title}”状态为{}，但没有标准编号", status.zh()),
            );
            continue;
        }
        if kind == Kind::External
            && !matches!(
                status,
                Status::Published | Status::Effective | Status::Superseded | Status::Abolished
            )
        {
            let why = if own {
                (
                    "an own standard in this status needs its text, which the sheet does not have; enter it with `stdkit new`",
                    "处于该状态的本单位标准需要正文，而明细表中没有；请用 `stdkit new` 录入",
                )
            } else {
                (
                    "an adopted standard is published, effective, superseded or abolished",
                    "采用的外部标准只能是已发布、现行、被代替或废止",
                )
            };
            skip(
                col(Field::Status),
                format!("status `{}`: {}", status.as_str(), why.0),
                format!("状态“{}”：{}", status.zh(), why.1),
            );
            continue;
        }
        if let (Some(n), Some(l)) = (&row.number, row.level) {
            let implied = crate::number::Number::parse(n).map(|p| p.level());
            if implied.is_some_and(|i| i != l) {
                problems.push(Problem {
                    dropped: false,
                    at: at(line, col(Field::Level)),
                    msg: Msg::new(
                        format!(
                            "level `{}` contradicts the number `{n}`: the number's is kept",
                            l.as_str()
                        ),
                        format!("宜定级别“{}”与标准编号“{n}”不符：按编号确定级别", l.zh()),
                    ),
                });
            }
        }
        ids.insert(id.clone(), line);
        if let Some(n) = &row.number {
            numbers.insert(cells::number_key(n), line);
        }
        let at = row_at(line);
        out.push(Std {
            row,
            at,
            node: ni,
            own,
            kind,
            status,
            superseded_by: None,
            supersedes: Vec::new(),
        });
    }
    out
}

/// The own kind a node implies: by its top-level category, and for a basic node its name
/// (术语 → terms, 符号 / 标志 → symbols); a quality node named …办理… holds item procedures.
fn kind_of_node(system: &System, ni: usize) -> Kind {
    let sys = &system.sys;
    let node = &sys.nodes[ni];
    match sys.nodes[sys.top(ni)].category {
        Some(Category::Basic) if node.name.contains("术语") => Kind::Terms,
        Some(Category::Basic) if node.name.contains("符号") || node.name.contains("标志") => {
            Kind::Symbols
        }
        Some(Category::Quality) if node.name.contains("办理") || node.name.contains("事项") => {
            Kind::Item
        }
        Some(Category::Quality) => Kind::Service,
        Some(Category::Management) => Kind::Management,
        Some(Category::Work) => Kind::Work,
        _ => Kind::General,
    }
}

/// 被代替标准号: a replaced number of another row makes that row `superseded` by this one;
/// one not in the sheet goes into `note` (`supersedes` may name only standards of the system,
/// and one already there is not rewritten), and is reported.
fn supersession(system: &System, mut stds: Vec<Std>, problems: &mut Vec<Problem>) -> Vec<Std> {
    let index = Index::new(&system.standards, &system.sys);
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut by_undated: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, s) in stds.iter().enumerate() {
        if let Some(n) = &s.row.number {
            by_key.insert(cells::number_key(n), i);
            by_undated.entry(cells::undated_key(n)).or_default().push(i);
        }
    }
    for i in 0..stds.len() {
        let replaced = std::mem::take(&mut stds[i].row.supersedes);
        for n in replaced {
            let target = by_key.get(&cells::number_key(&n)).copied().or_else(|| {
                match by_undated.get(&cells::undated_key(&n)).map(Vec::as_slice) {
                    Some([one]) if *one != i => Some(*one),
                    _ => None,
                }
            });
            let me = stds[i].row.id.clone().unwrap_or_default();
            match target {
                Some(t) if t == i => problems.push(Problem {
                    dropped: false,
                    at: stds[i].at.clone(),
                    msg: Msg::new(
                        format!("{me} names its own number `{n}` as replaced: ignored"),
                        format!("{me} 的被代替标准号“{n}”是其自身编号，已忽略"),
                    ),
                }),
                Some(t) => {
                    let old = stds[t].row.id.clone().unwrap_or_default();
                    if let Some(by) = &stds[t].superseded_by {
                        problems.push(Problem { dropped: false,
                            at: stds[i].at.clone(),
                            msg: Msg::new(
                                format!("`{n}` ({old}) is already replaced by {by}: recorded in the note of {me}"),
                                format!("“{n}”（{old}）已被 {by} 代替，已记入 {me} 的备注"),
                            ),
                        });
                        stds[i].row.note.push(format!("代替 {n}"));
                        continue;
                    }
                    let was = stds[t].status;
                    if !matches!(was, Status::Superseded | Status::Abolished) {
                        if stds[t].row.status.is_some() {
                            problems.push(Problem { dropped: false,
                                at: stds[t].at.clone(),
                                msg: Msg::new(
                                    format!("{old} is `{}` in the sheet but replaced by {me}: marked superseded", was.as_str()),
                                    format!("{old} 在表中为“{}”，但已被 {me} 代替：标记为被代替", was.zh()),
                                ),
                            });
                        }
                        stds[t].status = Status::Superseded;
                        if stds[t].own {
                            stds[t].kind = Kind::External;
                        }
                    }
                    if stds[t].status == Status::Superseded {
                        stds[t].superseded_by = Some(me.clone());
                    }
                    stds[i].supersedes.push(old);
                }
                None => {
                    let (en, zh) = match index.resolve(&n) {
                        Some(j) => {
                            let id = system.standards[j].std.id().unwrap_or("?");
                            (
                                format!(
                                    "`{n}` is {id} of the system, which is not rewritten: mark it `superseded` with `superseded_by: {me}` and add it to `supersedes` of {me} by hand"
                                ),
                                format!(
                                    "“{n}”是体系中已有的 {id}，导入不改写它：请手工将其标为 `superseded` 并填写 `superseded_by: {me}`，再在 {me} 的 `supersedes` 中列出"
                                ),
                            )
                        }
                        None => (
                            format!(
                                "replaced standard `{n}` is neither in the sheet nor in the system: recorded in the note of {me}"
                            ),
                            format!("被代替标准“{n}”既不在表中也不在体系中，已记入 {me} 的备注"),
                        ),
                    };
                    problems.push(Problem {
                        dropped: false,
                        at: stds[i].at.clone(),
                        msg: Msg::new(en, zh),
                    });
                    stds[i].row.note.push(format!("代替 {n}"));
                }
            }
        }
    }
    // A superseded row with no replacement in the sheet cannot say what replaced it.
    let mut keep = Vec::with_capacity(stds.len());
    for s in stds {
        if s.status == Status::Superseded && s.superseded_by.is_none() {
            let id = s.row.id.clone().unwrap_or_default();
            problems.push(Problem { dropped: true,
                at: s.at.clone(),
                msg: Msg::new(
                    format!("{id} is superseded, but no row names it in 被代替标准号 (superseded_by is required): row not imported"),
                    format!("{id} 为被代替，但没有哪一行在“被代替标准号”中列出它（须有 superseded_by），该行未导入"),
                ),
            });
            continue;
        }
        keep.push(s);
    }
    // A replacement left out above still lists it: drop the dangling name.
    let present: std::collections::HashSet<String> =
        keep.iter().filter_map(|s| s.row.id.clone()).collect();
    for s in &mut keep {
        s.supersedes.retain(|id| present.contains(id));
    }
    keep
}

/// The file of one standard.
fn render(system: &System, s: &Std, origin: &str) -> Planned {
    let q = crate::scaffold::yaml_scalar;
    let id = s.row.id.clone().unwrap_or_default();
    let folder = crate::scaffold::folder_for(system, s.node);
    let rel = folder.join(format!("{id}.yaml"));
    let mut t = String::new();
    let schema = crate::scaffold::schema_path(system, &rel);
    let _ = writeln!(t, "# yaml-language-server: $schema={schema}");
    let _ = writeln!(
        t,
        "# 由 stdkit import 自 {} 第 {} 行导入。",
        crate::text::terminal(origin).replace('\n', " "),
        s.row.line
    );
    if s.own && s.kind == Kind::External {
        let k = kind_of_node(system, s.node);
        let _ = writeln!(
            t,
            "# 本单位标准：明细表中没有正文，暂按 kind: external 登记（不含正文）；录入正文时改为 kind: {}，并补写 scope 及正文。",
            k.as_str()
        );
    }
    let _ = writeln!(t, "id: {}", serde_json::to_string(&id).unwrap_or_default());
    let _ = writeln!(
        t,
        "title: {}",
        q(s.row.title.as_deref().unwrap_or_default())
    );
    let _ = writeln!(t, "kind: {}", s.kind.as_str());
    if let Some(n) = &s.row.number {
        let _ = writeln!(t, "number: {}", q(n));
    }
    if s.row.number.is_none()
        && let Some(l) = s.row.level
        && l != Level::Enterprise
    {
        let _ = writeln!(t, "level: {}", l.as_str());
    }
    let _ = writeln!(t, "status: {}", s.status.as_str());
    if let Some(d) = s.row.published {
        let _ = writeln!(t, "published: {d}");
    }
    if let Some(d) = s.row.effective {
        let _ = writeln!(t, "effective: {d}");
    }
    if let Some(by) = &s.superseded_by {
        let _ = writeln!(
            t,
            "superseded_by: {}",
            serde_json::to_string(by).unwrap_or_default()
        );
    }
    if !s.supersedes.is_empty() {
        let list: Vec<String> = s
            .supersedes
            .iter()
            .map(|i| serde_json::to_string(i).unwrap_or_default())
            .collect();
        let _ = writeln!(t, "supersedes: [{}]", list.join(", "));
    }
    if let Some(o) = &s.row.owner {
        let _ = writeln!(t, "owner: {}", q(o));
    }
    if !s.row.note.is_empty() {
        let _ = writeln!(t, "note: {}", q(&s.row.note.join("；")));
    }
    Planned {
        id,
        rel,
        text: t,
        at: s.at.clone(),
    }
}

/// Writes the planned files, each new: a file that exists (or appears meanwhile) is refused
/// and left as it is, a problem of the plan. Returns the files written, relative to the root.
pub fn write(system: &System, plan: &mut Plan) -> Vec<PathBuf> {
    let mut written = Vec::new();
    for f in &plan.files {
        let path = system.root.dir.join(&f.rel);
        let exists = path.symlink_metadata().is_ok()
            || path.with_extension("yml").symlink_metadata().is_ok();
        let result = if exists {
            Err(None)
        } else {
            crate::output::write_new_atomic(&path, f.text.as_bytes()).map_err(Some)
        };
        match result {
            Ok(()) => written.push(f.rel.clone()),
            Err(e) => {
                let shown = f.rel.display();
                let (en, zh) = match e {
                    None => (
                        format!("`{shown}` exists: not overwritten, {} not imported", f.id),
                        format!("`{shown}` 已存在：未覆盖，{} 未导入", f.id),
                    ),
                    Some(e) => (
                        format!("{e:#}: {} not imported", f.id),
                        format!("{e:#}：{} 未导入", f.id),
                    ),
                };
                plan.problems.push(Problem {
                    dropped: true,
                    at: f.at.clone(),
                    msg: Msg::new(en, zh),
                });
            }
        }
    }
    written
}
