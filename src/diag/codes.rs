//! The rule registry (the catalogue of docs/rules.md): every rule a typed constant with its code,
//! default severity and one-line summary in English and Chinese, in the manner of ruff's
//! `codes.rs`. A finding is made from a rule value ([`Diagnostic::new`](super::Diagnostic::new)
//! takes a `&Rule`), so a misspelt code does not compile. Codes are never reused; a new rule is
//! one line here (in its group's place), and its `explain/{en,zh}/CODE.md` pages.

use super::Severity;

/// One rule of the catalogue.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    pub en: &'static str,
    pub zh: &'static str,
}

macro_rules! registry {
    ($($code:ident $severity:ident $en:literal, $zh:literal;)*) => {
        $(
            #[doc = $en]
            pub const $code: &Rule = &Rule {
                code: stringify!($code),
                severity: Severity::$severity,
                en: $en,
                zh: $zh,
            };
        )*
        /// Every rule, in catalogue order.
        pub const ALL: &[&Rule] = &[$($code),*];
    };
}

registry! {
    S001 Error "YAML syntax error", "YAML 语法错误";
    S002 Error "schema violation: missing required field, wrong type, value not allowed, malformed date", "不符合模式：缺少必填字段、类型错误、取值不在枚举中或日期格式错误";
    S003 Error "unknown field", "未知字段";
    S004 Error "duplicate key in a mapping", "映射中的键重复";
    S005 Error "file is not valid UTF-8, or unreadable", "文件不是有效的 UTF-8 编码或无法读取";
    S006 Error "file too large, nesting too deep, or alias expansion beyond the safe budget", "文件过大、嵌套过深或别名展开超出安全上限";
    S007 Error "`stdkit.yaml` invalid", "`stdkit.yaml` 无效";
    S008 Warning "placeholder left in a field", "字段中遗留了待填写的占位内容";
    N001 Error "duplicate `id`", "体系表编号 `id` 重复";
    N002 Error "duplicate `number` among standards in force", "标准编号重复";
    N003 Error "`id` is not of the form `<node code>-<sequence>`", "`id` 不符合“<节点代码>-<顺序号>”的形式";
    N004 Error "the id's node is not in the structure", "`id` 所属节点不在体系结构中";
    N005 Error "malformed standard number", "标准编号格式错误";
    N006 Warning "own enterprise standard number does not start with `Q/<code>`", "自制企业标准编号未以 `Q/<企业代号>` 开头";
    N007 Warning "year in `number` differs from the year of `published`", "标准编号中的年代号与发布日期年份不一致";
    N008 Warning "`level` contradicts the number's prefix", "`level` 与标准编号前缀不一致";
    N009 Error "duplicate node code or catalogue id", "体系结构节点代码或目录编号重复";
    N010 Warning "the number's adoption suffix disagrees with `international`", "标准编号的采标后缀与 `international` 不一致";
    N011 Warning "a standard in force without `number` or `doc_number`", "已发布的标准既无标准编号也无文号";
    N012 Warning "the kind does not fit its node's category", "标准类型与所在节点的类别不符";
    R001 Error "reference to a standard not in the system", "引用的标准不在本标准体系中";
    R002 Error "reference to an abolished standard", "引用了已废止的标准";
    R003 Warning "dated reference to a superseded edition", "注日期引用了已被代替的版本";
    R004 Warning "a standard references itself", "标准引用了自身";
    R005 Error "inconsistent supersession", "代替关系不一致";
    R006 Error "unknown post id", "岗位编号不在岗位目录中";
    R007 Error "`item.code` not in the items catalogue", "事项编码不在事项目录中";
    R008 Error "unknown asset id in `management.covers`", "`management.covers` 中的设施设备编号不在目录中";
    R009 Warning "existing standard references one still in the pipeline", "现有标准引用了尚未发布实施的标准";
    R010 Error "items-catalogue `parent` unknown or in a cycle", "事项目录的 `parent` 不存在或形成循环";
    D001 Error "a date or `superseded_by` the status requires is missing", "缺少状态所要求的日期或 `superseded_by`";
    D002 Error "dates out of order", "日期先后顺序错误";
    D003 Warning "status does not match the dates", "状态与日期不符";
    D004 Warning "review overdue", "超过复审周期未复审";
    D005 Warning "adopted standard not checked for currency", "采用的外部标准未按期查新";
    D006 Error "scope or body missing from trial on", "试行及以后状态缺少范围或正文";
    D007 Warning "target year of a planned standard has passed", "计划逾期：预计完成年份已过";
    I001 Error "no legal basis (设定依据)", "缺少设定依据";
    I002 Error "promised limit greater than the statutory limit", "承诺时限超过法定时限";
    I003 Error "counted steps exceed the promised limit", "计时环节用时之和超过承诺时限";
    I004 Error "fee without basis, or waiver without basis", "收费项目缺少收费依据或减免依据";
    I005 Error "no materials", "缺少申请材料";
    I006 Warning "catch-all material (兜底条款)", "申请材料含兜底条款";
    I007 Error "no disclosure", "缺少公开方式";
    I008 Warning "handling contradicts the promised limit", "办件类型与承诺时限不符";
    I009 Warning "administrative licence over 20 working days", "行政许可法定时限超过 20 个工作日";
    I010 Warning "excluded step counted toward the limit", "不计入时限的环节被计入";
    I011 Error "entrusted without entrusting authority", "受委托组织未写明委托机关";
    I012 Error "no steps", "缺少办理程序";
    I013 Error "a step exceeds its own statutory limit", "环节办理时限超过该环节法定时限";
    W001 Error "work standard with empty duties", "岗位工作标准缺少岗位职责";
    W002 Error "post already defined by another work standard", "岗位已由另一项工作标准规定";
    W003 Warning "work standard without work items or assessment (flat form)", "岗位工作标准缺少工作内容与要求或检查与考核";
    M001 Error "management standard with empty duties, inspection or records", "管理标准缺少职责、检查与考核或记录";
    G001 Warning "non-standard requirement wording", "要求用语不规范";
    G002 Warning "requirement in the foreword", "前言中含有要求";
    G003 Error "clauses nested deeper than 5 levels", "条款层次超过 5 级";
    G004 Warning "a clause with exactly one sub-clause", "条款仅有一个下级条款";
    G005 Warning "hanging paragraph (悬置段)", "悬置段";
    G006 Error "empty clause", "空条款";
    G007 Warning "annex not cited in the body", "附录未在正文中提及";
    G008 Warning "defined term never used", "定义的术语未在文中使用";
    C001 Error "overall coverage below target", "标准覆盖率低于目标";
    C002 Warning "leaf node with no standard (blind spot)", "叶节点无标准（标准盲点）";
    C003 Warning "post without an existing work standard", "岗位无现行工作标准";
    C004 Warning "item without an existing item procedure", "事项无现行办理规程";
    C005 Warning "asset not covered by a management standard", "设施设备无管理标准覆盖";
    H001 Warning "content changed without a history entry", "内容变更未记录历次版本";
    H002 Error "illegal status change", "状态变更不合规";
    H003 Error "number of an existing standard changed in place", "现有标准的编号被直接修改";
    H005 Error "an existing standard is gone", "现有标准被删除";
    A001 Error "a record names a standard not in the system", "记录引用的标准不在本标准体系中";
    A002 Error "unknown staff, post, department, item or record id, or staff not active that day", "人员、岗位、部门、事项或记录编号未知，或人员当日不在岗";
    A003 Error "duplicate record id, overlapping roster entries, or a person listed twice", "记录编号重复、人员名册任职期间重叠或同一人重复列出";
    A004 Error "evidence file missing, not a regular file, or outside the root", "佐证材料文件不存在、不是普通文件或位于根目录之外";
    A005 Error "record dates out of order, or a past event dated after today", "记录日期先后顺序错误，或已发生事项的日期晚于今天";
    A006 Warning "a record names a standard not in force on its date", "记录引用了当日未实施的标准";
    A010 Error "全员参训率 below target", "全员参训率低于目标";
    A011 Warning "a standard to implement with no training (宣贯缺失)", "应实施标准未经宣贯培训（宣贯缺失）";
    A012 Warning "staff of a post not trained on the standards of their post", "岗位人员未参加本岗位标准的宣贯培训";
    A013 Warning "absentee of a training without a make-up training", "缺训人员未按期补训";
    A020 Warning "a standard to implement not inspected within the window", "应实施标准在检查周期内未经实施检查";
    A021 Error "贯彻实施率 below target", "标准贯彻实施率低于目标";
    A022 Error "a partial or nonconforming check row without a finding", "基本符合或不符合的检查项未形成问题记录";
    A023 Warning "a promised record with no register, or a register not checked", "承诺的记录无台账，或台账未按期检查";
    A030 Warning "no internal audit within the window, or a part of the system not audited", "内部审核周期内未审核，或体系部分未纳入审核范围";
    A031 Error "a finding without an action, or a major one without a cause", "问题未制定整改措施，或严重问题缺少原因分析";
    A032 Warning "an action overdue (逾期未整改)", "整改措施逾期未完成";
    A033 Warning "a done action not verified in time, or verified by its owner", "已完成的措施未按期验证，或由责任人自行验证";
    A034 Warning "an ineffective action without a follow-up", "验证无效的措施未跟进";
    A035 Warning "an auditor audited their own department", "内审员审核了本人所在部门";
    A036 Warning "a closed action's change of a standard not shown by the system", "已关闭措施要求的标准变更未在体系中体现";
    A040 Warning "no review (管理评审, improvement meeting or summary) within the window", "评审周期内未开展管理评审、持续改进会或标准化工作总结";
    A050 Warning "a substantiated complaint without an action", "属实的投诉未采取整改措施";
    A060 Warning "a past record changed other than by adding its outcome", "已有记录被修改（除补记结果外）";
    B001 Error "a case or evaluation source that cannot be read: file, sheet or mapped header", "办件或评价数据源无法读取：文件、工作表或映射的表头";
    B002 Error "unreadable cells of a mapped column", "映射列中有无法识别的单元格";
    B003 Error "a case or evaluation id repeated", "办件或评价编号重复";
    B004 Error "a working-day computation reaching a year no calendar covers", "工作日计算涉及工作日历未覆盖的年份";
    B005 Error "a case finished before it was received, or a time after today", "办件办结时间早于受理时间，或时间晚于今天";
    B006 Warning "cases that cannot be classified: item unknown or without procedure", "无法分类的办件：事项未知或无办理规程";
    B007 Warning "the export's handling, limits or due date differ from the item procedure", "办件数据的办件类型、时限或承诺办结时间与项目办理规程不一致";
    B008 Error "a calendar date outside the file's years, or both a holiday and a workday", "工作日历的日期不在所列年份内，或既是假日又是调休工作日";
    B010 Warning "cases finished after the promised limit (超期办结)", "超期办结";
    B011 Warning "open cases past the promised limit (在办超期)", "在办超期";
    B012 Warning "即办件 not finished at once", "即办件未即时办结";
    B013 Error "cases finished after the statutory limit (超法定时限)", "超法定时限办结";
    B014 Error "承诺件按期办结率 below target", "承诺件按期办结率低于目标";
    B020 Warning "a 差评 not rectified in time", "差评未按期整改";
    B021 Warning "a named 差评 not called back in time", "实名差评未按期回访";
    B022 Error "满意率 below target", "满意率低于目标";
    B023 Warning "evaluations naming a case no case source holds", "评价所指办件不在办件数据中";
    B024 Error "评议率 below target", "评议率低于目标";
    B030 Warning "a complaint not replied to in time", "投诉未按期答复";
    B031 Warning "case totals differing from the raw cases of their period", "办件统计与同期办件明细不一致";
    B032 Warning "a mapped column that looks like personal data", "映射列疑似含个人信息";
    B033 Error "a survey or case_stats record contradicting itself", "满意度测评或办件统计记录自相矛盾";
    V001 Error "a scoring sheet or an assessment that does not add up: duplicate or unknown code, points not summing, a group or over-points score, an undefined grade or metric", "计分表或自评表不成立：编号重复或不存在、分值不合计、给分组评分或超出分值、等级或指标未定义";
    V002 Warning "a criterion scored without evidence or files", "评分项有得分但无佐证材料";
    V003 Error "evidence naming an unknown record, a missing file or one outside the root, an unknown assessor, an event naming an unknown assessment", "佐证材料指向不存在的记录、文件缺失或位于根目录之外、评估人员不在名册、事件指向不存在的自评";
    V004 Warning "full points on a criterion whose computed figure is below its threshold", "评分项得满分，但对应的统计指标低于满分要求";
    V005 Warning "a claimed grade the score does not reach", "申报等级未达到";
    V006 Warning "an assessment against an incomplete scoring sheet", "自评所用计分表不完整";
}

/// The rule with this code (for codes named in `stdkit.yaml`, `allow:` lists and `explain`).
pub fn rule(code: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for r in ALL {
            assert!(seen.insert(r.code), "duplicate {}", r.code);
            assert_eq!(r.code.len(), 4);
            assert!(
                "SNRDIWMGCHABV".contains(&r.code[..1]),
                "{}: unknown group",
                r.code
            );
            assert!(
                r.code[1..].bytes().all(|b| b.is_ascii_digit()),
                "{}",
                r.code
            );
        }
    }
}
