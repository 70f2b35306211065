//! The third document family (docs/compliance.md, Part 3): scoring sheets (评估计分表) and the
//! self-assessments filled against them. Sheets differ by programme, province and year, so
//! they are data: the built-in ones are YAML files read like a user's (`load::assess`).

use super::records::Ref;
use super::{Code, Date, Period, Spanned};
use schemars::JsonSchema;
use serde::Deserialize;

/// A `sheet: 1` file: the criteria, their points and the grades.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    /// Format version: 1
    #[schemars(required)]
    pub sheet: Option<u32>,
    /// The sheet's id, named by assessments; a built-in's id replaces the built-in
    #[schemars(required)]
    pub id: Option<Spanned<Code>>,
    #[schemars(required)]
    pub title: Option<String>,
    /// Where the criteria come from (参照…编制)
    #[schemars(required)]
    pub basis: Option<String>,
    /// Whether every section is transcribed; grades are computed for complete sheets only
    #[schemars(required)]
    pub complete: Option<Spanned<bool>>,
    /// The total the sheet states
    pub total: Option<Spanned<f64>>,
    /// Top-level nodes (sections)
    #[serde(default)]
    pub items: Vec<Spanned<SheetItem>>,
    /// Grades, ascending
    #[serde(default)]
    pub grades: Vec<Spanned<GradeDef>>,
    /// Rule codes accepted for this sheet
    #[serde(default)]
    pub allow: Vec<String>,
}

/// A node (`title`, `items`) or a criterion (`text`) of a sheet.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SheetItem {
    /// Unique in the sheet: "1", "1.2", "1.2.a"
    #[schemars(required)]
    pub code: Option<Spanned<Code>>,
    /// A node's title
    pub title: Option<String>,
    /// A criterion's text (verbatim from the source)
    pub text: Option<String>,
    /// 分值
    #[schemars(required)]
    pub points: Option<Spanned<f64>>,
    /// A node's children; absent in an incomplete sheet: declared, not transcribed
    pub items: Option<Vec<Spanned<SheetItem>>>,
    /// A top-level node of 加分项
    #[serde(default)]
    pub bonus: bool,
    /// 评分标准
    pub note: Option<String>,
    /// The evidence asked for: record kinds, or `document:<kind>`
    #[serde(default)]
    pub evidence: Vec<Spanned<String>>,
    /// The figure of `stats` that should agree with a full score (V004)
    pub metric: Option<Spanned<MetricRef>>,
    /// The grades that need this criterion met (the ※ items)
    #[serde(default)]
    pub required_for: Vec<Spanned<String>>,
}

impl SheetItem {
    /// A criterion (leaf) rather than a node.
    pub fn is_criterion(&self) -> bool {
        self.items.is_none() && self.text.is_some()
    }

    pub fn code(&self) -> &str {
        self.code.as_ref().map_or("", |c| c.value.as_str())
    }

    pub fn points(&self) -> f64 {
        self.points.as_ref().map_or(0.0, |p| p.value)
    }

    /// What a table shows: the text of a criterion, the title of a node.
    pub fn label(&self) -> &str {
        self.text
            .as_deref()
            .or(self.title.as_deref())
            .unwrap_or_default()
    }
}

/// `metric: {name, full_at}`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricRef {
    /// A dotted path to a number of the `compliance` object of `stats` (`training.rate`)
    #[schemars(required)]
    pub name: Option<Spanned<String>>,
    /// The value at or above which full points agree with the figure
    #[schemars(required)]
    pub full_at: Option<f64>,
}

/// A grade and the alternatives that reach it.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GradeDef {
    #[schemars(required)]
    pub grade: Option<Spanned<String>>,
    /// Alternatives; one met entirely reaches the grade
    #[schemars(length(min = 1))]
    pub when: Vec<Threshold>,
}

/// The thresholds of one alternative.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// Minimum of the non-bonus top-level nodes' sum
    pub basic: Option<f64>,
    /// Minimum of the total
    pub total: Option<f64>,
}

/// An `assessment: 1` file: one self-assessment against a sheet.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// Format version: 1
    #[schemars(required)]
    pub assessment: Option<u32>,
    #[schemars(required)]
    pub id: Option<Ref>,
    /// The sheet's id
    #[schemars(required)]
    pub sheet: Option<Spanned<Code>>,
    #[schemars(required)]
    pub date: Option<Spanned<Date>>,
    /// The period the computed metrics are taken for (V004); default the system's
    pub period: Option<Period>,
    /// Staff ids
    #[serde(default)]
    pub assessors: Vec<Ref>,
    /// The grade applied for
    pub claimed_grade: Option<Spanned<String>>,
    /// By criterion code
    #[serde(default)]
    pub scores: std::collections::BTreeMap<String, Spanned<Score>>,
    /// Rule codes accepted for this assessment
    #[serde(default)]
    pub allow: Vec<String>,
}

/// The score of one criterion.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Score {
    /// ≥ 0, halves allowed
    #[schemars(range(min = 0.0), extend("multipleOf" = 0.5))]
    pub score: Option<Spanned<f64>>,
    /// 不适用: counts full points
    #[serde(default)]
    pub na: bool,
    /// Record ids
    #[serde(default)]
    pub evidence: Vec<Ref>,
    /// Files below the root
    #[serde(default)]
    pub files: Vec<Spanned<String>>,
    /// 扣分说明
    pub note: Option<String>,
}
