//! The second document family: the compliance block of `stdkit.yaml`, the staff roster and the
//! implementation records of docs/compliance.md (Part 1). Like the standards, these types are
//! the schemas' single source and are read from the positioned tree; ids other records, staff,
//! posts or standards are named by keep their spans for the A rules.
//!
//! A record file holds one record or a list; `record:` says the kind. Each kind is its own
//! struct (so an unknown field is reported against that kind's fields), dispatched by
//! [`RecordKind`] in the loader.

use super::{Catalogue, Code, Date, Md, Period, Spanned};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};
use std::fmt;

/// A threshold that `null` turns off; absent means the contract's default.
#[derive(Clone, Copy, Debug, PartialEq, JsonSchema)]
#[schemars(transparent)]
pub struct Ratio(#[schemars(range(min = 0.0, max = 1.0))] pub Option<f64>);

impl<'de> Deserialize<'de> for Ratio {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Option::<f64>::deserialize(d).map(Ratio)
    }
}

/// `compliance:` in `stdkit.yaml`: switches records, rule group A and the reports on.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Compliance {
    /// Default reporting period (报告期): 2026, 2026-H1, 2026-Q3, 2026-05, FROM..TO
    pub period: Option<Period>,
    /// 人员名册: a list, or the path of a YAML file holding it
    pub staff: Option<Catalogue<Staff>>,
    #[serde(default)]
    pub targets: ComplianceTargets,
    /// Working-day calendars, later ones replacing a year whole: `builtin` or a calendar file
    #[serde(default = "builtin_calendar")]
    pub calendar: Vec<Spanned<String>>,
    /// Case sources (办件): paths of `cases: 1` mapping files
    #[serde(default)]
    pub cases: Vec<Spanned<String>>,
    /// Evaluation sources (好差评): paths of `evaluations: 1` mapping files
    #[serde(default)]
    pub evaluations: Vec<Spanned<String>>,
    /// Levels counted as 满意 (B022); add 3 to count 基本满意
    #[serde(default = "satisfied")]
    pub satisfied_levels: Vec<Level>,
    /// Levels counted as 差评 (B020, B021)
    #[serde(default = "bad")]
    pub bad_levels: Vec<Level>,
    /// Scoring sheets (Part 3): paths of `sheet: 1` files; one with a built-in's id replaces it
    #[serde(default)]
    pub sheets: Vec<Spanned<String>>,
    /// Self-assessments (Part 3): paths of `assessment: 1` files
    #[serde(default)]
    pub assessments: Vec<Spanned<String>>,
}

/// An evaluation level: 5 非常满意 … 1 非常不满意 (GB/T 39735-2020).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Level(#[schemars(range(min = 1, max = 5))] pub u8);

fn builtin_calendar() -> Vec<Spanned<String>> {
    vec![Spanned {
        span: Default::default(),
        value: "builtin".into(),
    }]
}
fn satisfied() -> Vec<Level> {
    vec![Level(5), Level(4)]
}
fn bad() -> Vec<Level> {
    vec![Level(2), Level(1)]
}

fn r095() -> Ratio {
    Ratio(Some(0.95))
}
fn d30() -> u32 {
    30
}
fn m12() -> u32 {
    12
}
fn r100() -> Ratio {
    Ratio(Some(1.0))
}
fn r099() -> Ratio {
    Ratio(Some(0.99))
}
fn off() -> Ratio {
    Ratio(None)
}
fn d15() -> u32 {
    15
}
fn d1() -> u32 {
    1
}

/// `compliance.targets`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComplianceTargets {
    /// 全员参训率 target (A010); null turns A010 off
    #[serde(default = "r095")]
    pub training: Ratio,
    /// 标准贯彻实施率 target (A021); null turns A021 off
    #[serde(default = "r095")]
    pub implementation: Ratio,
    /// Days after `effective` (else `published`) before a standard must be implemented
    #[serde(default = "d30")]
    pub grace_days: u32,
    /// Days an absentee has to attend a 补训 (A013)
    #[serde(default = "d30")]
    pub makeup_days: u32,
    /// Days within which a done action is to be verified (A033)
    #[serde(default = "d30")]
    pub verify_days: u32,
    /// Window of 实施检查 per standard, in months (A020, A023)
    #[serde(default = "m12")]
    pub inspection_months: u32,
    /// Window of 内部审核, in months (A030)
    #[serde(default = "m12")]
    pub audit_months: u32,
    /// Window of 管理评审, in months (A040)
    #[serde(default = "m12")]
    pub review_months: u32,
    /// 承诺件按期办结率 target (B014)
    #[serde(default = "r100")]
    pub on_time: Ratio,
    /// 满意率 target (B022), of evaluations and of surveys
    #[serde(default = "r099")]
    pub satisfaction: Ratio,
    /// 评议率 target (B024); off by default
    #[serde(default = "off")]
    pub evaluation_rate: Ratio,
    /// Working days within which a 差评 is to be rectified (B020)
    #[serde(default = "d15")]
    pub bad_review_days: u32,
    /// Working days within which a named 差评 is to be called back (B021)
    #[serde(default = "d1")]
    pub callback_days: u32,
    /// Working days within which a complaint is to be replied to (B030); off when absent
    pub complaint_days: Option<u32>,
}

impl Default for ComplianceTargets {
    fn default() -> Self {
        ComplianceTargets {
            training: r095(),
            implementation: r095(),
            grace_days: 30,
            makeup_days: 30,
            verify_days: 30,
            inspection_months: 12,
            audit_months: 12,
            review_months: 12,
            on_time: r100(),
            satisfaction: r099(),
            evaluation_rate: off(),
            bad_review_days: 15,
            callback_days: 1,
            complaint_days: None,
        }
    }
}

// ---------------------------------------------------------------- staff

/// One entry of the 人员名册. A change of post is a second entry with the same id.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Staff {
    /// Staff id (工号), e.g. S-001
    #[schemars(required)]
    pub id: Option<Spanned<Code>>,
    /// Name (may be a pseudonym)
    pub name: Option<String>,
    /// Post id of the posts catalogue; its department is the person's
    #[schemars(required)]
    pub post: Option<Spanned<Code>>,
    #[serde(default)]
    pub kind: StaffKind,
    /// 派驻单位 of seconded staff
    pub employer: Option<String>,
    /// First day on this post
    #[schemars(required)]
    pub from: Option<Spanned<Date>>,
    /// Last day on this post
    pub to: Option<Spanned<Date>>,
    /// Periods not 应训 (产假, 长期病假 …)
    #[serde(default)]
    pub exempt: Vec<Spanned<Exempt>>,
}

impl Staff {
    /// Active on `d`: `from` ≤ d and (no `to` or d ≤ `to`).
    pub fn active_on(&self, d: Date) -> bool {
        self.from.as_ref().is_some_and(|f| f.value <= d)
            && self.to.as_ref().is_none_or(|t| d <= t.value)
    }

    /// Exempt on `d`.
    pub fn exempt_on(&self, d: Date) -> bool {
        self.exempt
            .iter()
            .any(|e| e.from.is_some_and(|f| f <= d) && e.to.is_none_or(|t| d <= t))
    }
}

/// 人员类别.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum StaffKind {
    /// 在编
    #[default]
    Staff,
    /// 进驻
    Seconded,
    /// 编外
    Contract,
}

/// A period in which a person is not 应训.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exempt {
    #[schemars(required)]
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub reason: Option<String>,
}

// ---------------------------------------------------------------- records

/// An id (record, staff, post, standard, department) as written, with its place.
pub type Ref = Spanned<Code>;

/// Evidence kept elsewhere (scans, photos): referenced, never loaded.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Path relative to the system root
    #[schemars(required)]
    pub file: Option<Spanned<String>>,
    pub kind: Option<EvidenceKind>,
    pub title: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceKind {
    /// 签到表
    Signin,
    Photo,
    Scan,
    /// 纪要
    Minutes,
    Report,
    Export,
    Other,
}

/// Who a training is for.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Audience {
    #[serde(default)]
    pub posts: Vec<Ref>,
    #[serde(default)]
    pub departments: Vec<Spanned<String>>,
    #[serde(default)]
    pub staff: Vec<Ref>,
    /// Everyone on the roster
    #[serde(default)]
    pub all: bool,
}

/// An attendee: a staff id (signed in), or with an assessment.
#[derive(Clone, Debug)]
pub struct Attendee {
    pub staff: Ref,
    pub assessment: Option<String>,
    pub score: Option<f64>,
    pub passed: Option<bool>,
}

/// The written form of an assessed attendee.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct AssessedAttendee {
    #[schemars(required)]
    staff: Option<Ref>,
    /// 考核方式 (exam, 实操 …)
    assessment: Option<String>,
    score: Option<f64>,
    passed: Option<bool>,
}

impl<'de> Deserialize<'de> for Attendee {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Read through `Spanned` so the id of a plain entry keeps its place.
        let s = Spanned::<AttendeeForm>::deserialize(d)?;
        Ok(match s.value {
            AttendeeForm::Id(id) => Attendee {
                staff: Spanned {
                    span: s.span,
                    value: Code(id),
                },
                assessment: None,
                score: None,
                passed: None,
            },
            AttendeeForm::Assessed(a) => Attendee {
                staff: a.staff.unwrap_or_default(),
                assessment: a.assessment,
                score: a.score,
                passed: a.passed,
            },
        })
    }
}

enum AttendeeForm {
    Id(String),
    Assessed(AssessedAttendee),
}

impl<'de> Deserialize<'de> for AttendeeForm {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = AttendeeForm;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a staff id or {staff, assessment, score, passed}")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<AttendeeForm, E> {
                Ok(AttendeeForm::Id(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<AttendeeForm, E> {
                Ok(AttendeeForm::Id(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                m: A,
            ) -> Result<AttendeeForm, A::Error> {
                AssessedAttendee::deserialize(serde::de::value::MapAccessDeserializer::new(m))
                    .map(AttendeeForm::Assessed)
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for Attendee {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Attendee".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let assessed = g.subschema_for::<AssessedAttendee>();
        schemars::json_schema!({
            "description": "a staff id (signed in), or {staff, assessment, score, passed}",
            "anyOf": [{"type": "string"}, assessed]
        })
    }
}

/// An audience member who did not attend.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Absent {
    #[schemars(required)]
    pub staff: Option<Ref>,
    pub reason: Option<String>,
    /// Id of the 补训 training attended
    pub makeup: Option<Ref>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TrainingForm {
    /// 集中授课
    Lecture,
    /// 会议宣贯
    Meeting,
    Online,
    /// 现场示范
    Onsite,
    /// 自学
    #[serde(rename = "self")]
    SelfStudy,
    /// 考试
    Exam,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum InspectionType {
    /// 日常
    Routine,
    /// 定期
    Periodic,
    /// 专项
    Special,
    /// 自查
    #[serde(rename = "self")]
    SelfCheck,
    /// 抽查
    Spot,
    /// 交叉
    Cross,
    /// 上级/第三方
    External,
}

/// The result of a check row, worst last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CheckResult {
    /// 不适用
    Na,
    /// 符合
    Conform,
    /// 基本符合
    Partial,
    /// 不符合
    Nonconform,
}

impl CheckResult {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckResult::Na => "na",
            CheckResult::Conform => "conform",
            CheckResult::Partial => "partial",
            CheckResult::Nonconform => "nonconform",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            CheckResult::Na => "不适用",
            CheckResult::Conform => "符合",
            CheckResult::Partial => "基本符合",
            CheckResult::Nonconform => "不符合",
        }
    }
}

/// Where a check or audit looked.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    #[serde(default)]
    pub departments: Vec<Spanned<String>>,
    #[serde(default)]
    pub posts: Vec<Ref>,
    /// Structure nodes; none = the whole system
    #[serde(default)]
    pub nodes: Vec<Ref>,
}

/// A row of an inspection's `checks`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Check {
    #[schemars(required)]
    pub standard: Option<Ref>,
    /// Clause number checked
    pub clause: Option<Code>,
    #[schemars(required)]
    pub result: Option<Spanned<CheckResult>>,
    /// What was seen
    pub observed: Option<String>,
}

/// A row of an audit's `checklist` (内审检查表).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistRow {
    /// The question asked
    pub item: Option<String>,
    #[schemars(required)]
    pub standard: Option<Ref>,
    pub clause: Option<Code>,
    /// Department audited (a `department` of the posts catalogue)
    pub department: Option<Spanned<String>>,
    /// Staff id of the auditor
    pub auditor: Option<Ref>,
    #[schemars(required)]
    pub result: Option<Spanned<CheckResult>>,
    pub observed: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Grade {
    /// 严重
    Major,
    /// 一般
    Minor,
    /// 观察项
    Observation,
}

impl Grade {
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Major => "major",
            Grade::Minor => "minor",
            Grade::Observation => "observation",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Grade::Major => "严重",
            Grade::Minor => "一般",
            Grade::Observation => "观察项",
        }
    }
}

/// A finding of an inspection.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    #[schemars(required)]
    pub id: Option<Ref>,
    #[schemars(required)]
    pub standard: Option<Ref>,
    pub clause: Option<Code>,
    #[schemars(required)]
    pub description: Option<String>,
    #[schemars(required)]
    pub grade: Option<Spanned<Grade>>,
    /// Required unless `observation`
    #[serde(default)]
    pub actions: Vec<Spanned<Action>>,
}

/// A nonconformity of an internal audit (不符合项报告).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Nonconformity {
    #[schemars(required)]
    pub id: Option<Ref>,
    #[schemars(required)]
    pub standard: Option<Ref>,
    pub clause: Option<Code>,
    pub department: Option<Spanned<String>>,
    /// Staff id of the auditee
    pub auditee: Option<Ref>,
    #[schemars(required)]
    pub description: Option<String>,
    #[schemars(required)]
    pub grade: Option<Spanned<Grade>>,
    /// 原因分析; required for `major`
    pub cause: Option<String>,
    /// 纠正
    pub correction: Option<String>,
    #[serde(default)]
    pub actions: Vec<Spanned<Action>>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ActionKind {
    /// 纠正
    Correction,
    /// 纠正措施
    #[default]
    Corrective,
    /// 预防措施
    Preventive,
    /// 改进
    Improvement,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Revise,
    New,
    Abolish,
}

/// The change of a standard an action promises (A036).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StandardChange {
    #[schemars(required)]
    pub standard: Option<Ref>,
    #[schemars(required)]
    pub change: Option<ChangeKind>,
}

/// Where a standalone action came from.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Record id of an inspection
    pub inspection: Option<Ref>,
    /// Record id of an audit
    pub audit: Option<Ref>,
    /// Record id of a review
    pub review: Option<Ref>,
    /// Record id of a complaint
    pub complaint: Option<Ref>,
    /// Evaluation id (好差评)
    pub evaluation: Option<Spanned<String>>,
    /// Case id (办件编号)
    pub case: Option<Spanned<String>>,
}

/// 纠正、预防和改进措施, embedded in a finding, nonconformity, decision or complaint.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    #[schemars(required)]
    pub id: Option<Ref>,
    #[schemars(required)]
    pub description: Option<String>,
    /// A staff id (active when raised) or a department
    #[schemars(required)]
    pub owner: Option<Ref>,
    #[schemars(required)]
    pub due: Option<Spanned<Date>>,
    #[serde(default)]
    pub kind: ActionKind,
    /// Default: the parent record's date
    pub raised: Option<Spanned<Date>>,
    /// Completion date
    pub done: Option<Spanned<Date>>,
    /// What was done, md
    pub result: Option<Md>,
    /// 验证 date
    pub verified: Option<Spanned<Date>>,
    /// Staff id of the verifier
    pub verified_by: Option<Ref>,
    /// Verdict of the verification (default true)
    pub effective: Option<Spanned<bool>>,
    /// Follow-up action id
    pub followed_by: Option<Ref>,
    pub standard_change: Option<StandardChange>,
}

/// Reads one value of a type the caller picks: how the loader hands its tree to
/// [`Record::read`] without the model knowing the tree's deserializer.
pub trait Reader {
    type Error;
    fn read<T: serde::de::DeserializeOwned>(self) -> Result<T, Self::Error>;
}

macro_rules! records {
    ($(
        $(#[$m:meta])*
        $kind:ident $name:literal $zh:literal $ty:ident { $($(#[$fm:meta])* $f:ident : $t:ty,)* }
    )*) => {
        $(
            $(#[$m])*
            #[derive(Clone, Debug, Deserialize, JsonSchema)]
            #[serde(deny_unknown_fields)]
            pub struct $ty {
                #[doc = concat!("`", $name, "`")]
                #[schemars(required)]
                pub record: Option<String>,
                /// Record id, best `<prefix>-<year>-<nnn>`
                #[schemars(required)]
                pub id: Option<Ref>,
                /// Evidence files (scans, photos) below the root
                #[serde(default)]
                pub evidence: Vec<Spanned<Evidence>>,
                /// md
                pub note: Option<Md>,
                /// Rule codes accepted for this record
                #[serde(default)]
                pub allow: Vec<String>,
                $($(#[$fm])* pub $f: $t,)*
            }
        )*

        /// The record kinds of Part 1.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RecordKind { $($kind),* }

        impl RecordKind {
            pub const ALL: &[RecordKind] = &[$(RecordKind::$kind),*];

            /// The value of `record:`.
            pub fn as_str(self) -> &'static str {
                match self { $(RecordKind::$kind => $name),* }
            }

            pub fn zh(self) -> &'static str {
                match self { $(RecordKind::$kind => $zh),* }
            }

            pub fn parse(s: &str) -> Option<RecordKind> {
                match s { $($name => Some(RecordKind::$kind),)* _ => None }
            }

            /// The kind's schema, for validation and the editors' `record.schema.json`.
            pub fn schema(self) -> serde_json::Value {
                let g = schemars::generate::SchemaSettings::draft07().into_generator();
                match self { $(RecordKind::$kind => g.into_root_schema_for::<$ty>().to_value()),* }
            }
        }

        /// One record of any kind.
        #[derive(Clone, Debug)]
        pub enum Record { $($kind(Box<$ty>)),* }

        impl Record {
            /// Reads a record of `kind` through `from` (the loader's reader of positioned trees).
            pub fn read<R: Reader>(kind: RecordKind, from: R) -> Result<Record, R::Error> {
                Ok(match kind { $(RecordKind::$kind => Record::$kind(Box::new(from.read()?))),* })
            }

            pub fn kind(&self) -> RecordKind {
                match self { $(Record::$kind(_) => RecordKind::$kind),* }
            }

            pub fn id(&self) -> Option<&Ref> {
                match self { $(Record::$kind(r) => r.id.as_ref()),* }
            }

            pub fn evidence(&self) -> &[Spanned<Evidence>] {
                match self { $(Record::$kind(r) => &r.evidence),* }
            }

            pub fn allow(&self) -> &[String] {
                match self { $(Record::$kind(r) => &r.allow),* }
            }
        }
    };
}

records! {
    /// `record: training` — 宣贯培训.
    Training "training" "宣贯培训" Training {
        #[schemars(required)]
        title: Option<String>,
        #[schemars(required)]
        date: Option<Spanned<Date>>,
        hours: Option<f64>,
        form: Option<TrainingForm>,
        lecturer: Option<String>,
        organiser: Option<String>,
        location: Option<String>,
        /// Standards taught (ids or numbers); `standards` or `topic` is required
        #[serde(default)]
        standards: Vec<Ref>,
        /// General training such as 标准化基础知识
        topic: Option<String>,
        #[schemars(required)]
        audience: Option<Audience>,
        /// ≥ 1: a staff id, or {staff, assessment, score, passed}
        #[schemars(length(min = 1))]
        attendees: Vec<Spanned<Attendee>>,
        #[serde(default)]
        absent: Vec<Spanned<Absent>>,
    }
    /// `record: inspection` — 标准实施检查 and 问题处理.
    Inspection "inspection" "实施检查" Inspection {
        title: Option<String>,
        #[schemars(required)]
        date: Option<Spanned<Date>>,
        #[serde(rename = "type")]
        #[schemars(required)]
        inspection_type: Option<InspectionType>,
        /// Staff ids; for `external`, `body` may replace them
        #[serde(default)]
        inspectors: Vec<Ref>,
        /// The inspecting body of an external inspection
        body: Option<String>,
        scope: Option<Scope>,
        /// ≥ 1
        #[schemars(length(min = 1))]
        checks: Vec<Spanned<Check>>,
        #[serde(default)]
        findings: Vec<Spanned<Finding>>,
        summary: Option<Md>,
    }
    /// `record: audit` — 内部审核.
    Audit "audit" "内部审核" Audit {
        title: Option<String>,
        /// First day on site
        #[schemars(required)]
        date: Option<Spanned<Date>>,
        #[serde(rename = "type")]
        #[schemars(required)]
        audit_type: Option<AuditType>,
        /// `all`, or a list of standards
        #[schemars(required)]
        criteria: Option<Criteria>,
        objective: Option<String>,
        scope: Option<Scope>,
        #[schemars(required)]
        team: Option<Team>,
        /// ≥ 1
        #[schemars(length(min = 1))]
        checklist: Vec<Spanned<ChecklistRow>>,
        #[serde(default)]
        nonconformities: Vec<Spanned<Nonconformity>>,
        #[schemars(required)]
        conclusion: Option<Md>,
    }
    /// `record: action` — a standalone corrective, preventive or improvement action.
    Action "action" "整改措施" ActionRecord {
        title: Option<String>,
        /// The day raised
        #[schemars(required)]
        date: Option<Spanned<Date>>,
        #[schemars(required)]
        description: Option<String>,
        #[schemars(required)]
        owner: Option<Ref>,
        #[schemars(required)]
        due: Option<Spanned<Date>>,
        #[serde(default)]
        kind: ActionKind,
        done: Option<Spanned<Date>>,
        result: Option<Md>,
        verified: Option<Spanned<Date>>,
        verified_by: Option<Ref>,
        effective: Option<Spanned<bool>>,
        followed_by: Option<Ref>,
        standard_change: Option<StandardChange>,
        source: Option<Source>,
    }
    /// `record: review` — 管理评审 / 持续改进 / 标准化工作总结.
    Review "review" "管理评审" Review {
        title: Option<String>,
        #[schemars(required)]
        date: Option<Spanned<Date>>,
        /// The period reviewed
        period: Option<Period>,
        #[serde(rename = "type")]
        #[schemars(required)]
        review_type: Option<ReviewType>,
        #[schemars(required)]
        chair: Option<Ref>,
        #[serde(default)]
        attendees: Vec<Ref>,
        /// 标准体系评价
        system_evaluation: Option<SystemEvaluation>,
        #[serde(default)]
        decisions: Vec<Spanned<Action>>,
        summary: Option<Md>,
    }
    /// `record: register` — 记录台账: a promised record is kept.
    Register "register" "记录台账" Register {
        #[schemars(required)]
        standard: Option<Ref>,
        /// = `management.records[].form`
        form: Option<Spanned<String>>,
        #[schemars(required)]
        title: Option<String>,
        medium: Option<Medium>,
        keeper: Option<String>,
        location: Option<String>,
        /// First entry
        #[schemars(required)]
        from: Option<Spanned<Date>>,
        /// Last found complete by an inspector or auditor
        checked: Option<Spanned<Date>>,
    }
    /// `record: document` — 文件 (红头文件).
    Document "document" "文件" Document {
        #[schemars(required)]
        kind: Option<DocumentKind>,
        #[schemars(required)]
        title: Option<String>,
        /// 文号
        number: Option<String>,
        issuer: Option<String>,
        #[schemars(required)]
        date: Option<Spanned<Date>>,
    }
    /// `record: complaint` — 投诉 (GB/T 36113-2018).
    Complaint "complaint" "投诉" Complaint {
        title: Option<String>,
        /// Received
        #[schemars(required)]
        date: Option<Spanned<Date>>,
        #[schemars(required)]
        channel: Option<Channel>,
        subject: Option<Subject>,
        category: Option<ComplaintCategory>,
        #[schemars(required)]
        summary: Option<String>,
        substantiated: Option<Substantiated>,
        /// 答复 date
        reply: Option<Spanned<Date>>,
        /// 回访满意
        satisfied: Option<bool>,
        #[serde(default)]
        actions: Vec<Spanned<Action>>,
    }
    /// `record: survey` — 评议表 / 满意度测评.
    Survey "survey" "满意度测评" Survey {
        title: Option<String>,
        #[schemars(required)]
        period: Option<Spanned<Period>>,
        method: Option<SurveyMethod>,
        distributed: Option<Spanned<u64>>,
        #[schemars(required)]
        returned: Option<Spanned<u64>>,
        /// Count per level, 5 非常满意 … 1 非常不满意; a 3-level form is 5, 3, 1
        #[schemars(required)]
        levels: Option<Spanned<Levels>>,
    }
    /// `record: case_stats` — case totals where no export exists (paper era, 电子监察月报).
    CaseStats "case_stats" "办件统计" CaseStats {
        title: Option<String>,
        #[schemars(required)]
        period: Option<Spanned<Period>>,
        #[schemars(required)]
        finished: Option<Spanned<u64>>,
        received: Option<Spanned<u64>>,
        instant: Option<Spanned<u64>>,
        /// Finished, not instant
        promised: Option<Spanned<u64>>,
        /// 提前, same-day included
        early: Option<Spanned<u64>>,
        on_time: Option<Spanned<u64>>,
        overdue: Option<Spanned<u64>>,
        /// Where the figures come from
        source: Option<String>,
    }
    /// `record: event` — 自查 → 申请 → 初审 → 确认/验收 (Part 3).
    Event "event" "评估事件" Event {
        title: Option<String>,
        #[schemars(required)]
        kind: Option<EventKind>,
        #[schemars(required)]
        date: Option<Spanned<Date>>,
        /// The assessment it concerns
        assessment: Option<Ref>,
        /// The body that examined (市质监局 …)
        authority: Option<String>,
        result: Option<EventResult>,
        score: Option<f64>,
        grade: Option<String>,
    }
}

/// A step of the road to confirmation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// 自查
    SelfAssessment,
    /// 申请
    Application,
    /// 中期评估
    Midterm,
    /// 初审
    PreliminaryReview,
    /// 确认
    Confirmation,
    /// 验收
    Acceptance,
    /// 复审
    ReExamination,
}

impl EventKind {
    pub fn zh(self) -> &'static str {
        match self {
            EventKind::SelfAssessment => "自查",
            EventKind::Application => "申请",
            EventKind::Midterm => "中期评估",
            EventKind::PreliminaryReview => "初审",
            EventKind::Confirmation => "确认",
            EventKind::Acceptance => "验收",
            EventKind::ReExamination => "复审",
        }
    }
}

/// The outcome of an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventResult {
    /// 通过
    Passed,
    /// 未通过
    Failed,
    /// 有条件通过
    Conditional,
    /// 待定
    Pending,
}

impl EventResult {
    pub fn zh(self) -> &'static str {
        match self {
            EventResult::Passed => "通过",
            EventResult::Failed => "未通过",
            EventResult::Conditional => "有条件通过",
            EventResult::Pending => "待定",
        }
    }
}

/// 测评方式.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SurveyMethod {
    /// 评议表
    Form,
    /// 电话回访
    Phone,
    /// 评价器
    Device,
    Online,
    /// 第三方
    ThirdParty,
}

/// The count per level of a survey.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Levels {
    #[serde(rename = "5")]
    pub l5: Option<u64>,
    #[serde(rename = "4")]
    pub l4: Option<u64>,
    #[serde(rename = "3")]
    pub l3: Option<u64>,
    #[serde(rename = "2")]
    pub l2: Option<u64>,
    #[serde(rename = "1")]
    pub l1: Option<u64>,
}

impl Levels {
    /// (level, count) of the levels given, 5 first.
    pub fn counts(&self) -> [(u8, u64); 5] {
        let c = |x: Option<u64>| x.unwrap_or(0);
        [
            (5, c(self.l5)),
            (4, c(self.l4)),
            (3, c(self.l3)),
            (2, c(self.l2)),
            (1, c(self.l1)),
        ]
    }

    pub fn total(&self) -> u64 {
        self.counts().iter().map(|c| c.1).sum()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum AuditType {
    /// 例行
    Routine,
    /// 临时
    Special,
}

/// An audit's criteria: `all`, or the standards audited against.
#[derive(Clone, Debug)]
pub enum Criteria {
    All,
    Standards(Vec<Ref>),
}

impl<'de> Deserialize<'de> for Criteria {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Criteria;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`all` or a list of standards")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Criteria, E> {
                if v == "all" {
                    Ok(Criteria::All)
                } else {
                    Err(E::custom(format!(
                        "`{v}`: write `all` or a list of standards"
                    )))
                }
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut s: A,
            ) -> Result<Criteria, A::Error> {
                let mut out = Vec::new();
                while let Some(x) = s.next_element()? {
                    out.push(x);
                }
                Ok(Criteria::Standards(out))
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for Criteria {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Criteria".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "`all`, or the standards audited against",
            "anyOf": [{"const": "all"}, {"type": "array", "items": {"type": "string"}}]
        })
    }
}

/// The 内审小组.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Team {
    #[schemars(required)]
    pub leader: Option<Ref>,
    #[serde(default)]
    pub members: Vec<Ref>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewType {
    /// 管理评审
    ManagementReview,
    /// 持续改进会
    ImprovementMeeting,
    /// 标准化工作总结
    Summary,
}

/// 标准体系评价 (text).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SystemEvaluation {
    pub completeness: Option<String>,
    pub coordination: Option<String>,
    pub applicability: Option<String>,
    pub effectiveness: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Medium {
    Paper,
    System,
    Both,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// 成立文件
    Establishment,
    /// 职责授权
    Responsibility,
    /// 规划
    Plan,
    /// 实施方案
    Scheme,
    /// 管理办法/制度
    Regulation,
    /// 监督检查制度
    InspectionRule,
    /// 部门计划
    DepartmentPlan,
    /// 动员
    Mobilisation,
    /// 人员任命
    Appointment,
    /// 成效材料
    Outcome,
    Other,
}

impl DocumentKind {
    pub const ALL: &[DocumentKind] = &[
        DocumentKind::Establishment,
        DocumentKind::Responsibility,
        DocumentKind::Plan,
        DocumentKind::Scheme,
        DocumentKind::Regulation,
        DocumentKind::InspectionRule,
        DocumentKind::DepartmentPlan,
        DocumentKind::Mobilisation,
        DocumentKind::Appointment,
        DocumentKind::Outcome,
        DocumentKind::Other,
    ];

    /// The value as written (`inspection_rule`).
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Establishment => "establishment",
            DocumentKind::Responsibility => "responsibility",
            DocumentKind::Plan => "plan",
            DocumentKind::Scheme => "scheme",
            DocumentKind::Regulation => "regulation",
            DocumentKind::InspectionRule => "inspection_rule",
            DocumentKind::DepartmentPlan => "department_plan",
            DocumentKind::Mobilisation => "mobilisation",
            DocumentKind::Appointment => "appointment",
            DocumentKind::Outcome => "outcome",
            DocumentKind::Other => "other",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            DocumentKind::Establishment => "成立文件",
            DocumentKind::Responsibility => "职责授权",
            DocumentKind::Plan => "规划",
            DocumentKind::Scheme => "实施方案",
            DocumentKind::Regulation => "管理办法/制度",
            DocumentKind::InspectionRule => "监督检查制度",
            DocumentKind::DepartmentPlan => "部门计划",
            DocumentKind::Mobilisation => "动员",
            DocumentKind::Appointment => "人员任命",
            DocumentKind::Outcome => "成效材料",
            DocumentKind::Other => "其他",
        }
    }

    pub fn parse(s: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.iter().copied().find(|k| k.as_str() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// 12345
    Hotline,
    Onsite,
    Online,
    Letter,
    /// 转办
    Supervision,
}

/// What a complaint is about.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Subject {
    /// Item code of the items catalogue
    pub item: Option<Ref>,
    pub staff: Option<Ref>,
    /// Free text
    pub window: Option<String>,
    /// Case id, free text
    pub case: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ComplaintCategory {
    Attitude,
    Efficiency,
    Process,
    Discipline,
    Other,
}

/// 是否属实: true, false or partly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Substantiated {
    Yes,
    No,
    Partly,
}

impl<'de> Deserialize<'de> for Substantiated {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Substantiated;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("true, false or partly")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Substantiated, E> {
                Ok(if v {
                    Substantiated::Yes
                } else {
                    Substantiated::No
                })
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Substantiated, E> {
                match v {
                    "partly" => Ok(Substantiated::Partly),
                    _ => Err(E::custom(format!("`{v}` is not true, false or partly"))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for Substantiated {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Substantiated".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"description": "属实: true, false or partly",
            "anyOf": [{"type": "boolean"}, {"const": "partly"}]})
    }
}

impl Record {
    /// The record's title, if it has one (`complaint`: its summary).
    pub fn title(&self) -> Option<&str> {
        match self {
            Record::Training(r) => r.title.as_deref(),
            Record::Inspection(r) => r.title.as_deref(),
            Record::Audit(r) => r.title.as_deref(),
            Record::Action(r) => r.title.as_deref().or(r.description.as_deref()),
            Record::Review(r) => r.title.as_deref(),
            Record::Register(r) => r.title.as_deref(),
            Record::Document(r) => r.title.as_deref(),
            Record::Complaint(r) => r.title.as_deref().or(r.summary.as_deref()),
            Record::Survey(r) => r.title.as_deref(),
            Record::CaseStats(r) => r.title.as_deref(),
            Record::Event(r) => r.title.as_deref(),
        }
    }

    /// The record's date (`register`: `from`).
    pub fn date(&self) -> Option<&Spanned<Date>> {
        match self {
            Record::Training(r) => r.date.as_ref(),
            Record::Inspection(r) => r.date.as_ref(),
            Record::Audit(r) => r.date.as_ref(),
            Record::Action(r) => r.date.as_ref(),
            Record::Review(r) => r.date.as_ref(),
            Record::Register(r) => r.from.as_ref(),
            Record::Document(r) => r.date.as_ref(),
            Record::Complaint(r) => r.date.as_ref(),
            Record::Event(r) => r.date.as_ref(),
            Record::Survey(_) | Record::CaseStats(_) => None,
        }
    }
}

impl ActionRecord {
    /// The action fields of a standalone action, as an embedded one has them.
    pub fn as_action(&self) -> Action {
        Action {
            id: self.id.clone(),
            description: self.description.clone(),
            owner: self.owner.clone(),
            due: self.due.clone(),
            kind: self.kind,
            raised: self.date.clone(),
            done: self.done.clone(),
            result: self.result.clone(),
            verified: self.verified.clone(),
            verified_by: self.verified_by.clone(),
            effective: self.effective.clone(),
            followed_by: self.followed_by.clone(),
            standard_change: self.standard_change.clone(),
        }
    }
}
