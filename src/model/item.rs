//! The `item:` block of `kind: item`: one service item's 项目办理规程 (conditions, materials,
//! steps, limits, fees).

use super::{Code, Days, Spanned};
use schemars::JsonSchema;
use serde::Deserialize;

/// `item:` — 项目办理规程 of one service item.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemBlock {
    /// 事项编码
    #[schemars(required)]
    pub code: Option<Spanned<Code>>,
    /// 事项名称
    #[schemars(required)]
    pub name: Option<String>,
    /// 事项类型
    #[serde(rename = "type")]
    pub item_type: Option<String>,
    /// 办理主体 / 实施机关
    #[schemars(required)]
    pub subject: Option<String>,
    #[serde(default)]
    pub subject_nature: SubjectNature,
    /// 委托机关; required when entrusted
    pub entrusting_authority: Option<String>,
    #[schemars(required)]
    pub handling: Option<Handling>,
    /// 设定依据, ≥ 1
    #[serde(default)]
    pub basis: Vec<Basis>,
    /// 受理条件
    #[serde(default)]
    pub conditions: Vec<String>,
    /// 申请材料, ≥ 1
    #[serde(default)]
    pub materials: Vec<Material>,
    /// 办理程序, ≥ 1, in order
    #[serde(default)]
    pub steps: Vec<Step>,
    /// 法定时限, working days
    #[schemars(required)]
    pub statutory_limit: Option<Days>,
    /// 承诺时限, working days; 0 = 当场办结
    #[schemars(required)]
    pub promised_limit: Option<Days>,
    /// 收费项目和标准; [] = 不收费
    #[schemars(required)]
    pub fees: Option<Vec<Fee>>,
    /// 审批结果 / 证照
    pub result: Option<String>,
    /// 公开方式, ≥ 1
    #[serde(default)]
    pub disclosure: Vec<String>,
    /// 办理窗口
    pub window: Option<String>,
    /// 咨询方式
    pub consultation: Option<String>,
    /// 投诉方式
    pub complaint: Option<String>,
}

/// 办理主体性质.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SubjectNature {
    /// 法定机关
    #[default]
    Statutory,
    /// 授权组织
    Authorised,
    /// 受委托组织
    Entrusted,
}

/// 办件类型.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Handling {
    /// 即办件
    Instant,
    /// 承诺件
    Promised,
    /// 联办件
    Joint,
    /// 上报件
    Reported,
}

impl Handling {
    pub fn zh(self) -> &'static str {
        match self {
            Handling::Instant => "即办件",
            Handling::Promised => "承诺件",
            Handling::Joint => "联办件",
            Handling::Reported => "上报件",
        }
    }
}

/// 设定依据.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Basis {
    #[schemars(required)]
    pub law: Option<String>,
    pub article: Option<String>,
    pub text: Option<String>,
}

/// 申请材料.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Material {
    #[schemars(required)]
    pub name: Option<String>,
    pub form: Option<Form>,
    /// Default 1
    pub copies: Option<u32>,
    pub source: Option<String>,
    pub basis: Option<String>,
}

/// 材料形式.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    /// 原件
    Original,
    /// 复印件
    Copy,
    /// 电子
    Electronic,
}

impl Form {
    pub fn zh(self) -> &'static str {
        match self {
            Form::Original => "原件",
            Form::Copy => "复印件",
            Form::Electronic => "电子",
        }
    }
}

/// 办理环节.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    #[schemars(required)]
    pub name: Option<String>,
    /// Post id
    pub post: Option<Spanned<Code>>,
    #[schemars(required)]
    pub days: Option<Days>,
    /// Counts toward the time limit; default true
    pub counted: Option<bool>,
}

impl Step {
    pub fn is_counted(&self) -> bool {
        self.counted.unwrap_or(true)
    }
}

/// 收费项目.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    #[schemars(required)]
    pub item: Option<String>,
    #[schemars(required)]
    pub standard: Option<String>,
    /// 收费依据
    pub basis: Option<String>,
}
