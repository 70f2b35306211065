//! The `item:` block of `kind: item`: one service item's 项目办理规程 (conditions, materials,
//! steps, limits, fees).

use super::{Code, Duration, Md, Spanned};
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
    /// 行使层级 (free text: 市级, 县级 …)
    pub exercise_level: Option<String>,
    #[schemars(required)]
    pub handling: Option<Handling>,
    /// 到办事现场次数 (0 零跑动; ≤ 1 最多跑一次)
    pub visits: Option<u32>,
    /// 告知承诺
    #[serde(default)]
    pub commitment: Vec<Commitment>,
    /// 办理依据 (设定, 实施, 监管), ≥ 1
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
    /// 法定时限, a duration
    #[schemars(required)]
    pub statutory_limit: Option<Duration>,
    /// 承诺时限, a duration; 0 = 当场办结
    #[schemars(required)]
    pub promised_limit: Option<Duration>,
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
    /// 办理时间 (md: 夏季 / 冬季作息)
    pub office_hours: Option<Md>,
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

impl ItemBlock {
    /// Every fee with its path below `item`: `item.fees` first, then each step's `fees`
    /// (`["fees", 0]`, `["steps", 2, "fees", 0]`).
    pub fn all_fees(&self) -> impl Iterator<Item = (Option<usize>, usize, &Fee)> {
        let own = self
            .fees
            .iter()
            .flatten()
            .enumerate()
            .map(|(j, f)| (None, j, f));
        let steps = self
            .steps
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.fees.iter().enumerate().map(move |(j, f)| (Some(i), j, f)));
        own.chain(steps)
    }

    /// The item charges fees (format.md): `item.fees` or the `fees` of any step is non-empty.
    pub fn charges_fees(&self) -> bool {
        self.all_fees().next().is_some()
    }
}

/// 告知承诺.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Commitment {
    /// 涉企经营许可告知承诺
    Permit,
    /// 证明事项告知承诺
    Certificate,
}

impl Commitment {
    pub fn zh(self) -> &'static str {
        match self {
            Commitment::Permit => "涉企经营许可告知承诺",
            Commitment::Certificate => "证明事项告知承诺",
        }
    }
}

/// 办理依据: a law or regulation, and what it is the basis of.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Basis {
    #[schemars(required)]
    pub law: Option<String>,
    pub article: Option<String>,
    /// The article, quoted word for word
    pub text: Option<String>,
    /// Default `setting` (设定依据)
    #[serde(default)]
    pub kind: BasisKind,
}

/// The kind of a 办理依据.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum BasisKind {
    /// 设定依据
    #[default]
    Setting,
    /// 实施依据
    Implementing,
    /// 监管依据
    Supervising,
}

impl BasisKind {
    pub const ALL: [BasisKind; 3] = [
        BasisKind::Setting,
        BasisKind::Implementing,
        BasisKind::Supervising,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            BasisKind::Setting => "设定依据",
            BasisKind::Implementing => "实施依据",
            BasisKind::Supervising => "监管依据",
        }
    }
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
    /// 办理人 (name, role, phone)
    pub handler: Option<String>,
    /// 办理时限, a duration
    #[schemars(required)]
    pub days: Option<Duration>,
    /// 环节法定时限, a duration
    pub statutory_limit: Option<Duration>,
    /// 审核标准 (md)
    pub criteria: Option<Md>,
    /// 特殊环节 (特别程序)
    pub special: Option<Special>,
    /// Counts toward the time limit; default true
    pub counted: Option<bool>,
    /// 法定依据 of the step, like `item.basis`
    #[serde(default)]
    pub basis: Vec<Basis>,
    /// 收费, like `item.fees`; absent = 不收费
    #[serde(default)]
    pub fees: Vec<Fee>,
}

impl Step {
    pub fn is_counted(&self) -> bool {
        self.counted.unwrap_or(true)
    }

    /// The art. 45 special procedure this step is (I010): its `special` when that is one of
    /// the eight art. 45 values, or, without `special`, the one its whole name names
    /// ([`art45_by_name`]). A `special` outside art. 45 is not read from the name.
    pub fn art45(&self) -> Option<Special> {
        match self.special {
            Some(s) => s.is_art45().then_some(s),
            None => self.name.as_deref().and_then(art45_by_name),
        }
    }
}

/// 特殊环节 (format.md): a special procedure (特别程序).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Special {
    /// 听证
    Hearing,
    /// 招标
    Tender,
    /// 拍卖
    Auction,
    /// 检验
    Inspection,
    /// 检测
    Testing,
    /// 检疫
    Quarantine,
    /// 鉴定
    Appraisal,
    /// 专家评审 (评议, 论证)
    ExpertReview,
    /// 现场勘查 (勘验, 核查)
    SiteSurvey,
    /// 公示
    Publicity,
    /// 补正 (the applicant's time to complete the materials)
    Correction,
    /// 其他
    Other,
}

impl Special {
    pub fn zh(self) -> &'static str {
        match self {
            Special::Hearing => "听证",
            Special::Tender => "招标",
            Special::Auction => "拍卖",
            Special::Inspection => "检验",
            Special::Testing => "检测",
            Special::Quarantine => "检疫",
            Special::Appraisal => "鉴定",
            Special::ExpertReview => "专家评审",
            Special::SiteSurvey => "现场勘查",
            Special::Publicity => "公示",
            Special::Correction => "补正",
            Special::Other => "其他",
        }
    }

    /// One of the eight procedures whose time 行政许可法 art. 45 excludes from the limits.
    pub fn is_art45(self) -> bool {
        !matches!(
            self,
            Special::SiteSurvey | Special::Publicity | Special::Correction | Special::Other
        )
    }
}

/// The art. 45 procedure a step's whole name names (format.md, 特殊环节): the name, trimmed,
/// without a leading 组织, 举行, 进行, 开展 or 委托 and a trailing 环节 or 程序, is one of the
/// terms. "组织听证" is 听证; "受理人检验、审核有关材料" is none (a term inside a longer name).
pub fn art45_by_name(name: &str) -> Option<Special> {
    let mut n = name.trim();
    for p in ["组织", "举行", "进行", "开展", "委托"] {
        if let Some(rest) = n.strip_prefix(p) {
            n = rest.trim_start();
            break;
        }
    }
    for s in ["环节", "程序"] {
        if let Some(rest) = n.strip_suffix(s) {
            n = rest.trim_end();
            break;
        }
    }
    Some(match n {
        "听证" => Special::Hearing,
        "招标" => Special::Tender,
        "拍卖" => Special::Auction,
        "检验" => Special::Inspection,
        "检测" | "检验检测" | "检测检验" => Special::Testing,
        "检疫" | "检验检疫" => Special::Quarantine,
        "鉴定" => Special::Appraisal,
        "专家评审" | "专家评议" | "专家论证" => Special::ExpertReview,
        _ => return None,
    })
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
    /// 是否允许减免 / 减免情形 (who is exempt or pays less)
    pub waiver: Option<String>,
    /// 减免依据; required with `waiver`
    pub waiver_basis: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_is_special_by_its_whole_name() {
        assert_eq!(art45_by_name("组织听证"), Some(Special::Hearing));
        assert_eq!(art45_by_name("专家评审环节"), Some(Special::ExpertReview));
        assert_eq!(art45_by_name("委托检验检测"), Some(Special::Testing));
        assert_eq!(art45_by_name("检验检疫程序"), Some(Special::Quarantine));
        assert_eq!(art45_by_name("受理人检验、审核有关材料"), None);
        assert_eq!(art45_by_name("现场检验"), None);
        assert_eq!(art45_by_name("受理"), None);
    }
}
