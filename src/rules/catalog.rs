//! The rule catalogue (rules.md): every code, its default severity and a one-line summary in
//! English and Chinese. Codes are never reused; new rules get new codes.

use crate::diag::Severity;

/// One rule of the catalogue.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    pub en: &'static str,
    pub zh: &'static str,
}

const fn r(code: &'static str, severity: Severity, en: &'static str, zh: &'static str) -> Rule {
    Rule {
        code,
        severity,
        en,
        zh,
    }
}

use Severity::{Error as E, Warning as W};

/// Every rule, in catalogue order.
pub const RULES: &[Rule] = &[
    r("S001", E, "YAML syntax error", "YAML 语法错误"),
    r(
        "S002",
        E,
        "schema violation: missing required field, wrong type, value not allowed, malformed date",
        "不符合模式：缺少必填字段、类型错误、取值不在枚举中或日期格式错误",
    ),
    r("S003", E, "unknown field", "未知字段"),
    r("S004", E, "duplicate key in a mapping", "映射中的键重复"),
    r(
        "S005",
        E,
        "file is not valid UTF-8, or unreadable",
        "文件不是有效的 UTF-8 编码或无法读取",
    ),
    r(
        "S006",
        E,
        "file too large, nesting too deep, or alias expansion beyond the safe budget",
        "文件过大、嵌套过深或别名展开超出安全上限",
    ),
    r("S007", E, "`stdkit.yaml` invalid", "`stdkit.yaml` 无效"),
    r(
        "S008",
        W,
        "placeholder left in a field",
        "字段中遗留了待填写的占位内容",
    ),
    r("N001", E, "duplicate `id`", "体系表编号 `id` 重复"),
    r(
        "N002",
        E,
        "duplicate `number` among standards in force",
        "标准编号重复",
    ),
    r(
        "N003",
        E,
        "`id` is not of the form `<node code>-<sequence>`",
        "`id` 不符合“<节点代码>-<顺序号>”的形式",
    ),
    r(
        "N004",
        E,
        "the id's node is not in the structure",
        "`id` 所属节点不在体系结构中",
    ),
    r("N005", E, "malformed standard number", "标准编号格式错误"),
    r(
        "N006",
        W,
        "internal standard number does not start with `Q/<code>`",
        "企业标准编号未以 `Q/<企业代号>` 开头",
    ),
    r(
        "N007",
        W,
        "year in `number` differs from the year of `published`",
        "标准编号中的年代号与发布日期年份不一致",
    ),
    r(
        "N008",
        W,
        "`level` contradicts the number's prefix",
        "`level` 与标准编号前缀不一致",
    ),
    r(
        "N009",
        E,
        "duplicate node code or catalogue id",
        "体系结构节点代码或目录编号重复",
    ),
    r(
        "R001",
        E,
        "reference to a standard not in the system",
        "引用的标准不在本标准体系中",
    ),
    r(
        "R002",
        E,
        "reference to an abolished standard",
        "引用了已废止的标准",
    ),
    r(
        "R003",
        W,
        "dated reference to a superseded edition",
        "注日期引用了已被代替的版本",
    ),
    r("R004", W, "a standard references itself", "标准引用了自身"),
    r("R005", E, "inconsistent supersession", "代替关系不一致"),
    r("R006", E, "unknown post id", "岗位编号不在岗位目录中"),
    r(
        "R007",
        E,
        "`item.code` not in the items catalogue",
        "事项编码不在事项目录中",
    ),
    r(
        "R008",
        E,
        "unknown asset id in `management.covers`",
        "`management.covers` 中的设施设备编号不在目录中",
    ),
    r(
        "R009",
        W,
        "existing standard references one still in the pipeline",
        "现有标准引用了尚未发布实施的标准",
    ),
    r(
        "D001",
        E,
        "a date or `superseded_by` the status requires is missing",
        "缺少状态所要求的日期或 `superseded_by`",
    ),
    r("D002", E, "dates out of order", "日期先后顺序错误"),
    r(
        "D003",
        W,
        "status does not match the dates",
        "状态与日期不符",
    ),
    r("D004", W, "review overdue", "超过复审周期未复审"),
    r(
        "D005",
        W,
        "adopted standard not checked for currency",
        "采用的外部标准未按期查新",
    ),
    r(
        "D006",
        E,
        "scope or body missing from trial on",
        "试行及以后状态缺少范围或正文",
    ),
    r("I001", E, "no legal basis (设定依据)", "缺少设定依据"),
    r(
        "I002",
        E,
        "promised limit greater than the statutory limit",
        "承诺时限超过法定时限",
    ),
    r(
        "I003",
        E,
        "counted steps exceed the promised limit",
        "计时环节用时之和超过承诺时限",
    ),
    r("I004", E, "fee without basis", "收费项目缺少收费依据"),
    r("I005", E, "no materials", "缺少申请材料"),
    r(
        "I006",
        W,
        "catch-all material (兜底条款)",
        "申请材料含兜底条款",
    ),
    r("I007", E, "no disclosure", "缺少公开方式"),
    r(
        "I008",
        W,
        "handling contradicts the promised limit",
        "办件类型与承诺时限不符",
    ),
    r(
        "I009",
        W,
        "administrative licence over 20 working days",
        "行政许可法定时限超过 20 个工作日",
    ),
    r(
        "I010",
        W,
        "excluded step counted toward the limit",
        "不计入时限的环节被计入",
    ),
    r(
        "I011",
        E,
        "entrusted without entrusting authority",
        "受委托组织未写明委托机关",
    ),
    r("I012", E, "no steps", "缺少办理程序"),
    r(
        "W001",
        E,
        "work standard with empty duties, work items or assessment",
        "岗位工作标准缺少职责、工作内容或考核",
    ),
    r(
        "W002",
        E,
        "post already defined by another work standard",
        "岗位已由另一项工作标准规定",
    ),
    r(
        "M001",
        E,
        "management standard with empty duties, inspection or records",
        "管理标准缺少职责、检查与考核或记录",
    ),
    r(
        "G001",
        W,
        "non-standard requirement wording",
        "要求用语不规范",
    ),
    r("G002", W, "requirement in the foreword", "前言中含有要求"),
    r(
        "G003",
        E,
        "clauses nested deeper than 5 levels",
        "条款层次超过 5 级",
    ),
    r(
        "G004",
        W,
        "a clause with exactly one sub-clause",
        "条款仅有一个下级条款",
    ),
    r("G005", W, "hanging paragraph (悬置段)", "悬置段"),
    r("G006", E, "empty clause", "空条款"),
    r(
        "G007",
        W,
        "annex not cited in the body",
        "附录未在正文中提及",
    ),
    r(
        "G008",
        W,
        "defined term never used",
        "定义的术语未在文中使用",
    ),
    r(
        "C001",
        E,
        "overall coverage below target",
        "标准覆盖率低于目标",
    ),
    r(
        "C002",
        W,
        "leaf node with no standard (blind spot)",
        "叶节点无标准（标准盲点）",
    ),
    r(
        "C003",
        W,
        "post without an existing work standard",
        "岗位无现行工作标准",
    ),
    r(
        "C004",
        W,
        "item without an existing item procedure",
        "事项无现行办理规程",
    ),
    r(
        "C005",
        W,
        "asset not covered by a management standard",
        "设施设备无管理标准覆盖",
    ),
    r(
        "H001",
        W,
        "content changed without a history entry",
        "内容变更未记录历次版本",
    ),
    r("H002", E, "illegal status change", "状态变更不合规"),
    r(
        "H003",
        E,
        "number of an existing standard changed in place",
        "现有标准的编号被直接修改",
    ),
];

/// The rule with this code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// The default severity of a code (error for a code not in the catalogue, which is a bug).
pub fn default_severity(code: &str) -> Severity {
    rule(code).map_or(Severity::Error, |r| r.severity)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.code), "duplicate {}", r.code);
            assert_eq!(r.code.len(), 4);
        }
    }
}
