//! The files of docs/compliance.md Part 2 that are YAML: working-day calendars and the mappings
//! of case (办件) and evaluation (好差评) exports. The exports themselves are tables, read by
//! `tabular` column by mapped column; these types say which column is which and what its
//! values mean, and are the schemas' single source.

use super::{Date, Handling, Spanned};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A working-day calendar file (`calendar: 1`): the holidays and 调休 workdays of the years
/// it covers, after the State Council's annual notice.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarFile {
    /// Format version: 1
    #[schemars(required)]
    pub calendar: Option<u32>,
    /// The notice the dates are taken from (国务院办公厅关于…年部分节假日安排的通知)
    #[schemars(required)]
    pub source: Option<String>,
    /// Years covered completely
    #[schemars(required, length(min = 1))]
    pub years: Vec<Spanned<i16>>,
    /// 放假 periods
    #[serde(default)]
    pub holidays: Vec<Spanned<Holiday>>,
    /// 调休上班 days
    #[serde(default)]
    pub workdays: Vec<Spanned<Date>>,
    /// Weekly rest days; default [sat, sun]
    pub weekend: Option<Vec<Weekday>>,
}

/// One 放假 period.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    #[schemars(required)]
    pub from: Option<Spanned<Date>>,
    /// Default: `from`
    pub to: Option<Spanned<Date>>,
    /// 元旦, 春节 …
    pub name: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    /// Monday = 0.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// CSV character encoding of an export.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum SourceEncoding {
    /// A BOM decides, else UTF-8 when the first 64 KiB are valid UTF-8, else GB18030
    #[default]
    #[serde(rename = "auto")]
    Auto,
    #[serde(rename = "utf-8")]
    Utf8,
    /// What Excel writes on Chinese Windows (GBK is a subset)
    #[serde(rename = "gb18030")]
    Gb18030,
    /// Little-endian unless a BOM says otherwise
    #[serde(rename = "utf-16")]
    Utf16,
}

/// The fields every table source has (where the data is and how to read it), written into
/// each source struct: serde cannot combine `flatten` with `deny_unknown_fields`.
macro_rules! table_source {
    ($(#[$m:meta])* $name:ident $version:ident { $($(#[$fm:meta])* $f:ident : $t:ty,)* }) => {
        $(#[$m])*
        #[derive(Clone, Debug, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// Format version: 1
            #[schemars(required)]
            pub $version: Option<u32>,
            /// The data file, relative to this file: .csv/.txt or .xlsx/.xls
            #[schemars(required)]
            pub file: Option<Spanned<String>>,
            /// XLSX/XLS sheet; default the first
            pub sheet: Option<Spanned<String>>,
            /// Row of the headers (1-based); default 1
            #[schemars(range(min = 1))]
            pub header_row: Option<u32>,
            #[serde(default)]
            pub encoding: SourceEncoding,
            /// CSV field separator, one ASCII character; default ","
            pub delimiter: Option<Spanned<String>>,
            /// Patterns of text times (strftime), tried in order; default the contract's five
            #[serde(default)]
            pub datetime: Vec<String>,
            /// Rule codes accepted for this source and its data
            #[serde(default)]
            pub allow: Vec<String>,
            $($(#[$fm])* pub $f: $t,)*
        }
    };
}

/// The default text patterns of times, tried in order.
pub const DATETIME: &[&str] = &[
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d",
    "%Y年%m月%d日",
];

table_source! {
    /// A case source (`cases: 1`), named in `compliance.cases`.
    CasesSource cases {
        /// Field → header text of the export
        #[schemars(required)]
        columns: Option<Spanned<CaseColumns>>,
        /// Export text → contract value, per field
        #[serde(default)]
        values: CaseValues,
    }
}

/// The columns of a case export: field → header text. Only these are read.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseColumns {
    /// 办件编号
    #[schemars(required)]
    pub id: Option<String>,
    /// 事项编码
    #[schemars(required)]
    pub item: Option<String>,
    /// 受理时间 (the clock starts at 受理, not 收件)
    #[schemars(required)]
    pub received: Option<String>,
    /// 办结时间
    #[schemars(required)]
    pub finished: Option<String>,
    /// 办件状态
    pub status: Option<String>,
    /// 办件类型; default the item procedure's
    pub handling: Option<String>,
    /// 承诺时限, working days; default the item procedure's
    pub promised_limit: Option<String>,
    /// 法定时限, working days; default the item procedure's
    pub statutory_limit: Option<String>,
    /// 承诺办结时间; only compared (B007)
    pub due: Option<String>,
    /// 特别程序时长: whole working days not counted (行政许可法 art. 45)
    pub excluded_days: Option<String>,
    /// 补正次数
    pub corrections: Option<String>,
    /// 申报方式
    pub channel: Option<String>,
    /// 受理窗口
    pub window: Option<String>,
    /// 实施部门
    pub department: Option<String>,
}

impl CaseColumns {
    /// (field, header) of the mapped columns, in the order of the contract.
    pub fn mapped(&self) -> Vec<(&'static str, &str)> {
        let all = [
            ("id", &self.id),
            ("item", &self.item),
            ("received", &self.received),
            ("finished", &self.finished),
            ("status", &self.status),
            ("handling", &self.handling),
            ("promised_limit", &self.promised_limit),
            ("statutory_limit", &self.statutory_limit),
            ("due", &self.due),
            ("excluded_days", &self.excluded_days),
            ("corrections", &self.corrections),
            ("channel", &self.channel),
            ("window", &self.window),
            ("department", &self.department),
        ];
        all.into_iter()
            .filter_map(|(f, h)| Some((f, h.as_deref()?)))
            .collect()
    }
}

/// `values:` of a case source: what the export writes → the contract's value.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseValues {
    /// e.g. {即办件: instant, 承诺件: promised}; the default covers the usual labels
    pub handling: Option<BTreeMap<String, Handling>>,
    /// e.g. {已办结: finished, 在办: open}
    pub status: Option<BTreeMap<String, CaseStatus>>,
    /// e.g. {窗口: onsite, 网上: online}
    pub channel: Option<BTreeMap<String, CaseChannel>>,
}

/// 办件状态.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CaseStatus {
    /// 已办结
    Finished,
    /// 在办
    Open,
    /// 挂起 (中止)
    Suspended,
    /// 退件
    Returned,
    /// 不予受理
    Rejected,
    /// 撤回
    Withdrawn,
}

/// 申报方式.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CaseChannel {
    /// 窗口
    Onsite,
    /// 网上
    Online,
    /// 自助终端
    Kiosk,
    /// 掌上
    Mobile,
    Other,
}

/// The contract's default labels, used where `values.<field>` is not given.
pub fn default_handling() -> BTreeMap<String, Handling> {
    [
        ("即办件", Handling::Instant),
        ("承诺件", Handling::Promised),
        ("联办件", Handling::Joint),
        ("上报件", Handling::Reported),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

pub fn default_status() -> BTreeMap<String, CaseStatus> {
    [
        ("已办结", CaseStatus::Finished),
        ("在办", CaseStatus::Open),
        ("挂起", CaseStatus::Suspended),
        ("退件", CaseStatus::Returned),
        ("不予受理", CaseStatus::Rejected),
        ("撤回", CaseStatus::Withdrawn),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

pub fn default_channel() -> BTreeMap<String, CaseChannel> {
    [
        ("窗口", CaseChannel::Onsite),
        ("网上", CaseChannel::Online),
        ("自助终端", CaseChannel::Kiosk),
        ("掌上", CaseChannel::Mobile),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

table_source! {
    /// An evaluation source (`evaluations: 1`), named in `compliance.evaluations`.
    EvaluationsSource evaluations {
        /// Field → header text of the export
        #[schemars(required)]
        columns: Option<Spanned<EvaluationColumns>>,
        #[serde(default)]
        values: EvaluationValues,
    }
}

/// The columns of an evaluation export: field → header text.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluationColumns {
    /// 评价编号
    #[schemars(required)]
    pub id: Option<String>,
    /// 评价时间
    #[schemars(required)]
    pub time: Option<String>,
    /// 评价等级
    #[schemars(required)]
    pub level: Option<String>,
    /// 办件编号; may be empty (a 事项, 窗口 or 大厅 evaluated)
    pub case: Option<String>,
    /// 是否主动评价
    pub active: Option<String>,
    /// 是否实名
    pub named: Option<String>,
    /// 是否有效 (false: removed on 申诉/复核)
    pub valid: Option<String>,
    /// 差评原因
    pub reason: Option<String>,
    /// 回访时间
    pub callback: Option<String>,
    /// 整改完成时间
    pub fixed: Option<String>,
}

impl EvaluationColumns {
    pub fn mapped(&self) -> Vec<(&'static str, &str)> {
        let all = [
            ("id", &self.id),
            ("time", &self.time),
            ("level", &self.level),
            ("case", &self.case),
            ("active", &self.active),
            ("named", &self.named),
            ("valid", &self.valid),
            ("reason", &self.reason),
            ("callback", &self.callback),
            ("fixed", &self.fixed),
        ];
        all.into_iter()
            .filter_map(|(f, h)| Some((f, h.as_deref()?)))
            .collect()
    }
}

/// `values:` of an evaluation source.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluationValues {
    /// Label → level 1–5; default 非常满意 5 … 非常不满意 1 (GB/T 39735-2020); digits always read
    pub level: Option<BTreeMap<String, u8>>,
    /// Extra labels of 是/否 for `active`
    pub active: Option<BTreeMap<String, bool>>,
    pub named: Option<BTreeMap<String, bool>>,
    pub valid: Option<BTreeMap<String, bool>>,
}

pub fn default_levels() -> BTreeMap<String, u8> {
    [
        ("非常满意", 5),
        ("满意", 4),
        ("基本满意", 3),
        ("不满意", 2),
        ("非常不满意", 1),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// The booleans every export may write.
pub fn boolean(s: &str) -> Option<bool> {
    match s {
        "是" | "true" | "TRUE" | "True" | "1" | "Y" | "y" => Some(true),
        "否" | "false" | "FALSE" | "False" | "0" | "N" | "n" => Some(false),
        _ => None,
    }
}

// ---------------------------------------------------------------- rows as read

/// Where a row of an export is: its source and its line (CSV: the physical line where the
/// record starts; XLSX: the row).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowAt {
    pub source: u16,
    pub line: u32,
}

/// One case of an export, as much as the counting needs and nothing else (memory grows by
/// this per case, never with the row's width): only the date part of a time counts.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseRow {
    /// In [`CaseData::case_ids`] (one string for all ids: a million small allocations less)
    pub id: IdRef,
    pub at: RowAt,
    /// Index into [`CaseData::items`]
    pub item: u32,
    pub received: Date,
    pub finished: Option<Date>,
    pub status: CaseStatus,
    pub handling: Option<Handling>,
    /// Working days (an export's limit is a small number: f32 is exact for halves)
    pub promised: Option<f32>,
    pub statutory: Option<f32>,
    pub due: Option<Date>,
    pub excluded: Option<u16>,
    pub corrections: Option<u16>,
    pub channel: Option<CaseChannel>,
    /// Index into [`CaseData::names`]
    pub window: Option<u32>,
    pub department: Option<u32>,
}

/// Where a case id lies in [`CaseData::case_ids`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdRef {
    pub start: u32,
    pub len: u16,
}

/// One evaluation (好差评) of an export.
#[derive(Clone, Debug)]
pub struct EvaluationRow {
    pub id: Box<str>,
    pub at: RowAt,
    pub time: Date,
    pub level: u8,
    pub case: Option<Box<str>>,
    pub active: bool,
    pub named: bool,
    pub valid: bool,
    pub reason: Option<Box<str>>,
    pub callback: Option<Date>,
    pub fixed: Option<Date>,
}

/// A case or evaluation source as loaded: its mapping file and the data file it reads.
#[derive(Clone, Debug)]
pub struct LoadedSource {
    /// The mapping file (`cases: 1` / `evaluations: 1`)
    pub file: std::sync::Arc<str>,
    /// The data file, as findings name it
    pub data: std::sync::Arc<str>,
    /// The sheet read (XLSX/XLS): positions become cell references
    pub sheet: Option<String>,
    /// Field → (header, 1-based column) of the mapped columns
    pub columns: Vec<(&'static str, String, u32)>,
    pub allow: Vec<String>,
    /// The `columns:` mapping, for findings about the mapping itself
    pub span: crate::yaml::Span,
    pub evaluations: bool,
}

impl LoadedSource {
    pub fn column(&self, field: &str) -> Option<(&str, u32)> {
        self.columns
            .iter()
            .find(|c| c.0 == field)
            .map(|c| (c.1.as_str(), c.2))
    }
}

impl CaseData {
    /// The id of a case.
    pub fn id(&self, c: &CaseRow) -> &str {
        let start = c.id.start as usize;
        self.case_ids
            .get(start..start + usize::from(c.id.len))
            .unwrap_or_default()
    }
}

/// The case and evaluation data of a system, and the calendar that counts them.
#[derive(Clone, Debug, Default)]
pub struct CaseData {
    pub sources: Vec<LoadedSource>,
    pub cases: Vec<CaseRow>,
    /// The case ids, one after the other
    pub case_ids: String,
    pub evaluations: Vec<EvaluationRow>,
    /// Item codes named by cases, interned
    pub items: Vec<Box<str>>,
    /// Windows and departments, interned
    pub names: Vec<Box<str>>,
    /// What the counting derived from these cases once, for the next question of the same
    /// run (the classification of a period, by its first day, R and today)
    pub memo: Memo,
}

/// Results derived from a system's cases, kept by a key of dates. The cases, the standards
/// and the calendar of a loaded system do not change, so the dates are all a key needs. A
/// clone starts empty.
#[derive(Default)]
pub struct Memo(std::sync::Mutex<Vec<MemoEntry>>);

type MemoEntry = (
    [super::Date; 3],
    std::sync::Arc<dyn std::any::Any + Send + Sync>,
);

impl Memo {
    pub fn get(
        &self,
        key: [super::Date; 3],
    ) -> Option<std::sync::Arc<dyn std::any::Any + Send + Sync>> {
        let list = self.0.lock().ok()?;
        list.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone())
    }

    pub fn put(
        &self,
        key: [super::Date; 3],
        value: std::sync::Arc<dyn std::any::Any + Send + Sync>,
    ) {
        if let Ok(mut list) = self.0.lock() {
            list.retain(|(k, _)| *k != key);
            list.push((key, value));
        }
    }
}

impl Clone for Memo {
    fn clone(&self) -> Memo {
        Memo::default()
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}
