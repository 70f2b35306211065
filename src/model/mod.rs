//! The system model: Rust types for `stdkit.yaml`, the catalogues and every standard kind of
//! `docs/format.md`. These types are the single source of truth for the JSON Schemas in `schema/`
//! (derived with schemars) and for reading files (derived serde, fed from the positioned tree).
//!
//! Fields a file must have are `Option` marked `#[schemars(required)]`: the schema (and so the
//! checker) reports the missing field once, at its place, while loading still yields a model
//! for the rest of the file's rules. Lists marked "≥ 1" in the spec default to empty and are
//! reported by their kind's rule (I001, W001 …), not by the schema.

pub mod assess;
pub mod cases;
mod duration;
mod duties;
pub mod forms;
mod item;
pub mod kinds;
pub mod period;
pub mod records;

pub use duration::{Amount, Duration, Unit};
pub use duties::{Duty, ManagementBlock, Record, WorkBlock, WorkItem};
pub use item::{
    Basis, BasisKind, Commitment, Fee, Form, Handling, ItemBlock, Material, Special, Step,
    SubjectNature, art45_by_name,
};
pub use period::Period;

use crate::yaml::Span;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// A value with the span of its YAML node, for findings made after the tree is gone
/// (cross-references are resolved once every file is loaded).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Spanned<T> {
    pub span: Span,
    pub value: T,
}

/// The struct name by which `de` recognises a [`Spanned`] request.
pub(crate) const SPANNED: &str = "$stdkit::Spanned";
pub(crate) const SPANNED_FIELDS: &[&str] = &["$span", "$value"];
/// The struct name by which `de` recognises a [`Names`] request (a scalar is read as written).
pub(crate) const NAMES: &str = "$stdkit::Names";

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
            type Value = Spanned<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a spanned value")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut span = None;
                let mut value = None;
                while let Some(key) = map.next_key::<&str>()? {
                    match key {
                        "$span" => span = Some(map.next_value::<[u32; 4]>()?),
                        _ => value = Some(map.next_value::<T>()?),
                    }
                }
                let [a, b, c, e] = span.ok_or_else(|| serde::de::Error::missing_field("$span"))?;
                let value = value.ok_or_else(|| serde::de::Error::missing_field("$value"))?;
                let span = Span {
                    start: crate::yaml::Pos { line: a, col: b },
                    end: crate::yaml::Pos { line: c, col: e },
                };
                Ok(Spanned { span, value })
            }
        }
        d.deserialize_struct(SPANNED, SPANNED_FIELDS, V(std::marker::PhantomData))
    }
}

impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        T::json_schema(g)
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// Text that names something (an id, a code, a reference). Written unquoted it may look like a
/// number (`code: 100`); it is read as written, never as a number.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(transparent)]
pub struct Code(pub String);

impl JsonSchema for Code {
    fn schema_name() -> Cow<'static, str> {
        "Code".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": ["string", "number"]})
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Code {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A calendar date written `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date);

impl Date {
    /// Parses exactly `YYYY-MM-DD` (a valid calendar date).
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i16>().ok();
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        if !s[0..4]
            .bytes()
            .chain(s[5..7].bytes())
            .chain(s[8..10].bytes())
            .all(|c| c.is_ascii_digit())
        {
            return None;
        }
        jiff::civil::Date::new(y, m as i8, d as i8).ok().map(Date)
    }

    pub fn year(self) -> i16 {
        self.0.year()
    }

    /// This date moved by whole years / months (clamped to the month's end).
    pub fn add_months(self, months: i64) -> Date {
        // jiff's spans stop at ±239 976 months; a longer period reaches the end of the calendar.
        let months = months.clamp(-239_976, 239_976);
        Date(self.0.saturating_add(jiff::Span::new().months(months)))
    }

    /// The system's date today, in local time.
    pub fn today() -> Date {
        Date(jiff::ZonedDateTime::now().date())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <Cow<'de, str>>::deserialize(d)?;
        Date::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not a date YYYY-MM-DD")))
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})
    }
}

/// Markdown text (CommonMark + tables).
pub type Md = String;

// ---------------------------------------------------------------- stdkit.yaml

/// `stdkit.yaml`: the standard system.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "stdkit.yaml",
    description = "A standard system (标准体系) checked by stdkit"
)]
pub struct Config {
    /// Format version; 1.
    #[schemars(required)]
    pub stdkit: Option<u32>,
    /// 组织名称
    #[schemars(required)]
    pub organisation: Option<String>,
    /// Handbook title
    #[schemars(required)]
    pub title: Option<String>,
    /// 企业代号: internal numbers look like Q/<code> 202.1—2026
    #[schemars(required)]
    pub code: Option<Code>,
    /// Fixes "today" for date rules (reproducible CI)
    pub today: Option<Date>,
    /// Date of the last 查新 of all adopted standards at once (D005)
    pub external_checked: Option<Date>,
    #[serde(default)]
    pub targets: Targets,
    /// 标准体系结构: a tree of nodes
    #[schemars(required)]
    pub structure: Option<Vec<Spanned<StructureNode>>>,
    /// 岗位目录: a list, or the path of a YAML file holding it
    pub posts: Option<Catalogue<Post>>,
    /// 事项目录
    pub items: Option<Catalogue<Item>>,
    /// 设施设备目录
    pub assets: Option<Catalogue<Asset>>,
    /// Severity overrides by rule code
    #[serde(default)]
    pub rules: BTreeMap<String, RuleLevel>,
    /// Globs of files that are not standards
    #[serde(default)]
    pub exclude: Vec<String>,
    /// 标准实施: records, rule group A and the reports (docs/compliance.md); absent = off
    pub compliance: Option<records::Compliance>,
    /// Language of stdkit's messages for this system: `zh` or `en` (`--lang` and STDKIT_LANG win)
    pub lang: Option<LangSetting>,
}

/// `lang:` of `stdkit.yaml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LangSetting {
    /// 中文
    Zh,
    /// English
    En,
}

/// Targets and periods.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Targets {
    /// 标准覆盖率 target, a ratio in [0, 1]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub coverage: f64,
    /// 复审周期 in years
    pub review_years: u32,
    /// 查新周期 of adopted standards, in months
    pub external_check_months: u32,
    /// The longest promised limit an 即办件 may have (I008), a duration
    pub instant_limit: Duration,
}

impl Default for Targets {
    fn default() -> Targets {
        Targets {
            coverage: 0.90,
            review_years: 5,
            external_check_months: 12,
            instant_limit: Duration::ZERO,
        }
    }
}

/// A node of the structure (标准体系结构).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StructureNode {
    /// Letters and digits, unique in the tree
    #[schemars(required)]
    pub code: Option<Spanned<Code>>,
    #[schemars(required)]
    pub name: Option<String>,
    /// Required on top-level nodes only
    pub category: Option<Category>,
    /// md
    pub description: Option<Md>,
    #[serde(default)]
    pub children: Vec<Spanned<StructureNode>>,
}

/// Top-level category of the structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Basic,
    Quality,
    Management,
    Work,
}

impl Category {
    /// As `category:` is written.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Basic => "basic",
            Category::Quality => "quality",
            Category::Management => "management",
            Category::Work => "work",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Category::Basic => "服务基础标准",
            Category::Quality => "服务质量标准",
            Category::Management => "服务管理标准",
            Category::Work => "服务工作标准",
        }
    }
}

/// A catalogue: inline, or the path of a YAML file holding the list.
#[derive(Clone, Debug, JsonSchema)]
#[serde(untagged)]
pub enum Catalogue<T> {
    Path(String),
    /// Entries keep their spans: coverage findings point at the entry.
    Inline(Vec<Spanned<T>>),
}

/// Written by hand rather than `#[serde(untagged)]`: untagged buffers the value, which would
/// lose the spans of the entries' `Spanned` fields.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Catalogue<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
            type Value = Catalogue<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list, or the path of a YAML file holding it")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Catalogue::Path(v.to_string()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(x) = seq.next_element()? {
                    out.push(x);
                }
                Ok(Catalogue::Inline(out))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// A severity override.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Error,
    Warning,
    Off,
}

/// 岗位 — 有人就有工作标准.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Post {
    #[schemars(required)]
    pub id: Option<Spanned<Code>>,
    #[schemars(required)]
    pub name: Option<String>,
    pub department: Option<String>,
    pub tier: Option<Tier>,
}

/// 岗位层级.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// 决策层
    Decision,
    /// 管理层
    Management,
    /// 执行层
    Execution,
}

/// 事项 — 有事就有质量标准.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// 事项编码
    #[schemars(required)]
    pub id: Option<Spanned<Code>>,
    #[schemars(required)]
    pub name: Option<String>,
    pub department: Option<String>,
    /// 行政许可, 行政确认, 公共服务 …
    #[serde(rename = "type")]
    pub item_type: Option<String>,
    /// The entry this one belongs to (事项 > 子项 > 业务办理项)
    pub parent: Option<Spanned<Code>>,
}

/// 设施设备 — 有物就有管理标准.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Asset {
    #[schemars(required)]
    pub id: Option<Spanned<Code>>,
    #[schemars(required)]
    pub name: Option<String>,
}

/// What the three catalogues have in common: an id and a name.
pub trait CatalogueEntry {
    fn id(&self) -> Option<&Spanned<Code>>;
    fn name(&self) -> Option<&str>;
}

macro_rules! catalogue_entry {
    ($($t:ty),*) => {$(
        impl CatalogueEntry for $t {
            fn id(&self) -> Option<&Spanned<Code>> {
                self.id.as_ref()
            }
            fn name(&self) -> Option<&str> {
                self.name.as_deref()
            }
        }
    )*};
}

catalogue_entry!(Post, Item, Asset);

// ---------------------------------------------------------------- standards

/// One standard file.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "stdkit standard",
    description = "One standard of a standard system (标准体系)"
)]
pub struct Standard {
    /// 体系表编号, `<node code>-<sequence>`
    #[schemars(required)]
    pub id: Option<Spanned<Code>>,
    /// 标准名称
    #[schemars(required)]
    pub title: Option<String>,
    #[schemars(required)]
    pub kind: Option<Kind>,
    /// 标准编号, e.g. Q/ZWZX 202.1—2026, DB63/T 1335—2014, GB/T 19001—2016/ISO 9001:2015
    pub number: Option<Spanned<String>>,
    /// 文号 or in-house document number of a document without a standard number
    /// (青政务〔2023〕22号); free text, not a reference key
    pub doc_number: Option<Spanned<Code>>,
    /// `own` 自制 or `adopted` 采用; default `adopted` for `external`, `own` otherwise
    pub origin: Option<Origin>,
    /// 采标: the international or foreign standard this standard adopts
    pub international: Option<International>,
    /// 宜定级别; default from the number
    pub level: Option<Level>,
    #[schemars(required)]
    pub status: Option<Spanned<Status>>,
    /// 发布日期
    pub published: Option<Date>,
    /// 实施日期
    pub effective: Option<Date>,
    /// 废止日期
    pub abolished: Option<Date>,
    /// Id or number of the replacing standard
    pub superseded_by: Option<Spanned<Code>>,
    /// Ids or numbers this standard replaces (被代替标准号)
    #[serde(default)]
    pub supersedes: Vec<Spanned<Code>>,
    /// 归口部门
    pub owner: Option<String>,
    /// 提出部门
    pub proposer: Option<String>,
    #[serde(default)]
    pub drafting_units: Vec<String>,
    #[serde(default)]
    pub drafters: Vec<String>,
    /// Post ids whose handbook includes this standard (适用岗位)
    #[serde(default)]
    pub posts: Vec<Spanned<Code>>,
    /// 规范性引用文件: ids or numbers of standards in this system
    #[serde(default)]
    pub references: Vec<Spanned<Code>>,
    /// Date of the last 复审
    pub reviewed: Option<Date>,
    /// 历次版本
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    /// 备注
    pub note: Option<String>,
    /// Rule codes deliberately accepted for this file
    #[serde(default)]
    pub allow: Vec<String>,
    /// Codes of further nodes the standard belongs to (listed there with 见 its home node)
    #[serde(default)]
    pub also_in: Vec<Spanned<Code>>,
    /// 预计完成年份 of a standard in the pipeline
    pub target_year: Option<i32>,

    /// 发布机构: a name, or a list for joint publishers
    pub publisher: Option<Names>,
    /// The cover's 文件类别 line (青海省地方标准); default from the number
    pub cover_label: Option<String>,
    /// English title (英文译名)
    pub title_en: Option<String>,
    /// ICS number, or a list of them
    pub ics: Option<Names>,
    /// 中国标准文献分类号 (CCS)
    pub ccs: Option<Code>,
    /// 备案号
    pub filing_number: Option<Code>,

    /// The edition of GB/T 1.1 drafted to: `GB/T 1.1—2020` (default), `GB/T 1.1—2009`, `none`
    pub drafting_rule: Option<Spanned<DraftingRuleText>>,
    /// How the document names itself: 本文件, 本标准, 本部分, 本规程 …
    pub self_reference: Option<String>,
    /// 目次 (default true)
    pub toc: Option<bool>,
    /// 前言, md
    pub foreword: Option<Md>,
    /// 引言, md
    pub introduction: Option<Md>,
    /// 范围, md; required from status `trial` on
    pub scope: Option<Md>,
    /// 术语和定义
    #[serde(default)]
    pub terms: Vec<Term>,
    /// The body, numbered 4, 4.1, 4.1.1 … on output
    #[serde(default)]
    pub clauses: Vec<Clause>,
    /// 附录
    #[serde(default)]
    pub annexes: Vec<Annex>,
    /// 参考文献, printed [1], [2] …
    #[serde(default)]
    pub bibliography: Vec<String>,
    /// Adds an 索引 of the defined terms
    pub index: Option<bool>,
    /// `item`, `work`, `management`: `generated` (default) or `free` (the document's own chapters)
    pub layout: Option<Layout>,
    /// For `kind: symbols`
    #[serde(default)]
    pub symbols: Vec<Symbol>,
    // The kind blocks are boxed to keep a standard small when 100 000 are held in memory.
    /// For `kind: item`: 项目办理规程
    pub item: Option<Box<ItemBlock>>,
    /// For `kind: work`: 岗位工作标准
    pub work: Option<Box<WorkBlock>>,
    /// For `kind: management`: 管理标准
    pub management: Option<Box<ManagementBlock>>,

    /// For `kind: external` and `origin: adopted`: how it is adopted
    pub adoption: Option<Adoption>,
    /// For `kind: external` and `origin: adopted`: 查新日期
    pub last_checked: Option<Date>,
    /// For `kind: external`: the clauses used
    pub clauses_used: Option<String>,
}

/// Kind of standard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// 术语标准
    Terms,
    /// 符号与标志标准
    Symbols,
    /// 项目办理规程
    Item,
    /// 服务规范
    Service,
    /// 管理标准
    Management,
    /// 岗位工作标准
    Work,
    /// 其他标准
    General,
    /// 采用的外部标准
    External,
}

/// Lifecycle status, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// 待制定
    Planned,
    /// 起草
    Drafting,
    /// 征求意见
    Consultation,
    /// 试行
    Trial,
    /// 送审
    Review,
    /// 批准
    Approved,
    /// 已发布(待实施)
    Published,
    /// 现行
    Effective,
    /// 修订中
    Revising,
    /// 被代替
    Superseded,
    /// 废止
    Abolished,
}

impl Status {
    pub const ALL: [Status; 11] = [
        Status::Planned,
        Status::Drafting,
        Status::Consultation,
        Status::Trial,
        Status::Review,
        Status::Approved,
        Status::Published,
        Status::Effective,
        Status::Revising,
        Status::Superseded,
        Status::Abolished,
    ];

    /// 现有: `trial` through `revising`.
    pub fn is_existing(self) -> bool {
        (Status::Trial..=Status::Revising).contains(&self)
    }

    /// In the pipeline: `planned`, `drafting`, `consultation`.
    pub fn is_pipeline(self) -> bool {
        self <= Status::Consultation
    }

    /// Superseded or abolished: no longer counted as 应有.
    pub fn is_retired(self) -> bool {
        self >= Status::Superseded
    }

    /// Needs a publication date (and a number): `published` and later.
    pub fn is_published(self) -> bool {
        self >= Status::Published
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Drafting => "drafting",
            Status::Consultation => "consultation",
            Status::Trial => "trial",
            Status::Review => "review",
            Status::Approved => "approved",
            Status::Published => "published",
            Status::Effective => "effective",
            Status::Revising => "revising",
            Status::Superseded => "superseded",
            Status::Abolished => "abolished",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Status::Planned => "待制定",
            Status::Drafting => "起草",
            Status::Consultation => "征求意见",
            Status::Trial => "试行",
            Status::Review => "送审",
            Status::Approved => "批准",
            Status::Published => "已发布",
            Status::Effective => "现行",
            Status::Revising => "修订中",
            Status::Superseded => "被代替",
            Status::Abolished => "废止",
        }
    }
}

pub use crate::number::Level;

/// An entry of 历次版本.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    #[schemars(required)]
    pub date: Option<Date>,
    pub version: Option<Code>,
    #[schemars(required)]
    pub change: Option<String>,
}

/// A term and its definition (术语和定义).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Term {
    #[schemars(required)]
    pub term: Option<String>,
    /// English equivalent
    pub en: Option<String>,
    /// md
    #[schemars(required)]
    pub definition: Option<Md>,
    pub source: Option<String>,
    pub note: Option<Md>,
}

/// A clause of the body; numbered on output.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    pub title: Option<String>,
    /// md
    pub text: Option<Md>,
    /// The source of a `text` quoted word for word (《中华人民共和国行政许可法》第三十二条)
    pub quote: Option<String>,
    #[serde(default)]
    pub clauses: Vec<Clause>,
}

/// An annex (附录), lettered A, B … on output.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Annex {
    #[schemars(required)]
    pub title: Option<String>,
    #[schemars(required)]
    pub nature: Option<Nature>,
    /// md
    #[schemars(required)]
    pub text: Option<Md>,
}

/// 规范性 / 资料性.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Nature {
    /// 规范性附录
    Normative,
    /// 资料性附录
    Informative,
}

/// A symbol or sign (`kind: symbols`).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Symbol {
    #[schemars(required)]
    pub name: Option<String>,
    #[schemars(required)]
    pub meaning: Option<String>,
    /// Path relative to the file
    pub image: Option<String>,
    pub location: Option<String>,
}

/// `kind: external`: 直接采用 / 引用 / 转化.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Adoption {
    /// 直接采用
    Direct,
    /// 引用
    Reference,
    /// 转化为内控标准
    Converted,
}

/// 自制 / 采用.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// 自制: drafted or co-drafted by the organisation
    Own,
    /// 采用: drafted by others and adopted
    Adopted,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Own => "own",
            Origin::Adopted => "adopted",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Origin::Own => "自制",
            Origin::Adopted => "采用",
        }
    }
}

/// 采标: `{number, degree}`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct International {
    /// The international or foreign standard's number: `ISO 9001:2015`
    #[schemars(required)]
    pub number: Option<Spanned<Code>>,
    #[schemars(required)]
    pub degree: Option<Spanned<Degree>>,
}

/// 采用程度.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
pub enum Degree {
    /// 等同采用
    #[serde(rename = "IDT")]
    Idt,
    /// 修改采用
    #[serde(rename = "MOD")]
    Mod,
    /// 非等效
    #[serde(rename = "NEQ")]
    Neq,
}

impl Degree {
    pub fn as_str(self) -> &'static str {
        match self {
            Degree::Idt => "IDT",
            Degree::Mod => "MOD",
            Degree::Neq => "NEQ",
        }
    }

    /// As the detail table shows it: 等同 / 修改 / 非等效.
    pub fn zh(self) -> &'static str {
        match self {
            Degree::Idt => "等同",
            Degree::Mod => "修改",
            Degree::Neq => "非等效",
        }
    }
}

/// `layout:` of an item, work or management standard.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// The kind's chapters built from its block
    #[default]
    Generated,
    /// The document's own chapter plan: the clauses only
    Free,
}

/// The edition of GB/T 1.1 a document was drafted to (`drafting_rule:`), written as a number
/// with any dash, or `none`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DraftingRule {
    /// GB/T 1.1—2020
    #[default]
    Gb2020,
    /// GB/T 1.1—2009
    Gb2009,
    /// Drafted to no edition (a 制度, an older 规程)
    None,
}

impl DraftingRule {
    /// Reads `GB/T 1.1—2020`, `GB/T 1.1-2009` (any dash or spacing) or `none`.
    pub fn parse(s: &str) -> Option<DraftingRule> {
        if s.trim() == "none" {
            return Some(DraftingRule::None);
        }
        match crate::number::Number::parse(s)?.key().as_str() {
            "GB/T1.1-2020" => Some(DraftingRule::Gb2020),
            "GB/T1.1-2009" => Some(DraftingRule::Gb2009),
            _ => None,
        }
    }

    /// As it is written in a file: `GB/T 1.1—2020`, `GB/T 1.1—2009`, `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            DraftingRule::Gb2020 => "GB/T 1.1—2020",
            DraftingRule::Gb2009 => "GB/T 1.1—2009",
            DraftingRule::None => "none",
        }
    }

    /// How a document drafted to this edition names itself by default.
    pub fn self_reference(self) -> &'static str {
        match self {
            DraftingRule::Gb2020 => "本文件",
            DraftingRule::Gb2009 | DraftingRule::None => "本标准",
        }
    }
}

/// `drafting_rule:` as written; read with [`DraftingRule::parse`] (a value it cannot read is
/// S002, reported by the rules with the value's place).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct DraftingRuleText(pub String);

impl JsonSchema for DraftingRuleText {
    fn schema_name() -> Cow<'static, str> {
        "DraftingRule".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "The edition of GB/T 1.1: `GB/T 1.1—2020` (default), `GB/T 1.1—2009` (any dash), or `none`",
            "type": "string",
            "pattern": DRAFTING_RULE_PATTERN,
        })
    }
}

/// The forms `drafting_rule:` accepts, as the schema states them (any dash, optional spaces,
/// full-width slash; checked again by [`DraftingRule::parse`]).
pub const DRAFTING_RULE_PATTERN: &str =
    "^\\s*(none|GB\\s*[/／]\\s*T\\s*1\\.1\\s*[-‐‑‒–—―−﹣－]{1,2}\\s*(2020|2009))\\s*$";

/// One name or a list of them (`publisher`, `ics`); a scalar may look like a number (`03.160`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names(pub Vec<String>);

impl Names {
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de> Deserialize<'de> for Names {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Names;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a name or a list of names")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Names, E> {
                Ok(Names(vec![v.to_string()]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Names, A::Error> {
                let mut out = Vec::new();
                while let Some(Code(x)) = seq.next_element::<Code>()? {
                    out.push(x);
                }
                Ok(Names(out))
            }
        }
        d.deserialize_struct(NAMES, &[], V)
    }
}

impl JsonSchema for Names {
    fn schema_name() -> Cow<'static, str> {
        "Names".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"anyOf": [
            {"type": ["string", "number"]},
            {"type": "array", "items": {"type": ["string", "number"]}}
        ]})
    }
}

impl Standard {
    /// 自制 / 采用: as written, else `adopted` for `external` and `own` for every other kind.
    pub fn origin(&self) -> Origin {
        self.origin.unwrap_or(if self.is_external() {
            Origin::Adopted
        } else {
            Origin::Own
        })
    }

    /// The edition of GB/T 1.1 the document follows (default GB/T 1.1—2020).
    pub fn drafting_rule(&self) -> DraftingRule {
        self.drafting_rule
            .as_ref()
            .and_then(|d| DraftingRule::parse(&d.value.0))
            .unwrap_or_default()
    }

    /// How the document names itself: `self_reference`, else the edition's default.
    pub fn self_reference(&self) -> &str {
        self.self_reference
            .as_deref()
            .unwrap_or_else(|| self.drafting_rule().self_reference())
    }

    /// `layout:` (default generated).
    pub fn layout(&self) -> Layout {
        self.layout.unwrap_or_default()
    }

    /// Whether a 目次 is printed (default true).
    pub fn toc(&self) -> bool {
        self.toc.unwrap_or(true)
    }

    /// Whether an 索引 of the terms is printed (default false).
    pub fn index(&self) -> bool {
        self.index.unwrap_or(false)
    }

    /// The 文号 (`doc_number`), if any.
    pub fn doc_number(&self) -> Option<&str> {
        self.doc_number.as_ref().map(|d| d.value.as_str())
    }

    /// The number in display form, else the 文号: what the table and pages show as 标准编号.
    pub fn shown_number(&self) -> Option<String> {
        self.number()
            .map(crate::number::typeset)
            .or_else(|| self.doc_number().map(str::to_string))
    }

    /// The number's parse (`None` without a number or when it is malformed).
    pub fn parsed_number(&self) -> Option<crate::number::Number> {
        self.number().and_then(crate::number::Number::parse)
    }

    /// 采标: as written, else implied by an identical-adoption suffix of the number
    /// (`…/ISO 9001:2015` → `ISO 9001:2015`, IDT).
    pub fn adopts(&self) -> Option<(String, Degree)> {
        if let Some(i) = &self.international
            && let (Some(n), Some(d)) = (&i.number, &i.degree)
        {
            return Some((n.value.0.clone(), d.value));
        }
        self.parsed_number()
            .and_then(|n| n.adoption)
            .map(|a| (a, Degree::Idt))
    }

    /// The publishers named on the cover (`publisher`), none when not given.
    pub fn publishers(&self) -> Vec<&str> {
        self.publisher
            .as_ref()
            .map_or_else(Vec::new, |p| p.iter().collect())
    }

    /// The ICS numbers.
    pub fn ics(&self) -> Vec<&str> {
        self.ics
            .as_ref()
            .map_or_else(Vec::new, |p| p.iter().collect())
    }

    /// The further nodes of `also_in`, without duplicates or the home node, in written order.
    pub fn also_in(&self) -> Vec<&str> {
        let home = self.node();
        let mut out: Vec<&str> = Vec::new();
        for c in &self.also_in {
            let c = c.value.as_str();
            if Some(c) != home && !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }

    pub fn id(&self) -> Option<&str> {
        self.id.as_ref().map(|s| s.value.as_str())
    }

    pub fn status(&self) -> Option<Status> {
        self.status.as_ref().map(|s| s.value)
    }

    pub fn number(&self) -> Option<&str> {
        self.number.as_ref().map(|s| s.value.as_str())
    }

    /// 宜定级别: as written, else from the number's prefix, else enterprise.
    pub fn level(&self) -> Level {
        self.level
            .or_else(|| self.parsed_number().map(|n| n.level()))
            .unwrap_or(Level::Enterprise)
    }

    pub fn is_external(&self) -> bool {
        self.kind == Some(Kind::External)
    }

    /// The node code: the part of the id before the first `-`.
    pub fn node(&self) -> Option<&str> {
        self.id().and_then(|id| id.split_once('-')).map(|(n, _)| n)
    }
}
