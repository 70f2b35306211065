//! The `work:` and `management:` blocks: a post's duties and work items, a management
//! standard's duties, inspection and records.

use super::{Code, Md, Spanned};
use schemars::JsonSchema;
use serde::Deserialize;

/// `work:` — 岗位工作标准 of one post.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkBlock {
    /// The post it defines
    #[schemars(required)]
    pub post: Option<Spanned<Code>>,
    /// 岗位职责, ≥ 1
    #[serde(default)]
    pub duties: Vec<String>,
    /// 任职条件 / 基本技能
    #[serde(default)]
    pub qualifications: Vec<String>,
    /// 岗位权限
    #[serde(default)]
    pub authority: Vec<String>,
    /// 工作内容与要求, ≥ 1
    #[serde(default)]
    pub work_items: Vec<WorkItem>,
    /// 检查与考核, ≥ 1
    #[serde(default)]
    pub assessment: Vec<String>,
}

/// 工作内容与要求.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkItem {
    #[schemars(required)]
    pub content: Option<String>,
    /// md
    #[schemars(required)]
    pub requirements: Option<Md>,
}

/// `management:` — 管理标准.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ManagementBlock {
    /// 职责, ≥ 1
    #[serde(default)]
    pub duties: Vec<Duty>,
    /// 检查与考核, ≥ 1
    #[serde(default)]
    pub inspection: Vec<String>,
    /// 记录, ≥ 1 (spanned: a register is matched to its entry, A023)
    #[serde(default)]
    pub records: Vec<Spanned<Record>>,
    /// Asset ids this standard manages
    #[serde(default)]
    pub covers: Vec<Spanned<Code>>,
}

/// 职责.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Duty {
    #[schemars(required)]
    pub unit: Option<String>,
    #[schemars(required)]
    pub duty: Option<String>,
}

/// 记录.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Record {
    #[schemars(required)]
    pub name: Option<String>,
    /// Form number
    pub form: Option<String>,
    pub keeper: Option<String>,
    pub retention: Option<String>,
}
