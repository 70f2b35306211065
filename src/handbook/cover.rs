//! The cover (封面) of a standard page (outputs.md, "Standard pages", 1): the 标准代号 shown large
//! (from the number's code), the derived 文件类别 line, the ICS/CCS line and the publisher line.

use crate::model::{Level, Standard};
use crate::number::Number;

/// The 标准代号 shown large on the cover, from the number's code: `GB` for GB, GB/T and GB/Z;
/// `GBZ`; the industry letters (`JGJ`); `DB63`, `DB5306`; the group or enterprise code as
/// written (`T/CAS`, `Q/ZWZX`).
pub fn code_mark(prefix: &str) -> String {
    if prefix.starts_with("T/") || prefix.starts_with("Q/") {
        return prefix.to_string();
    }
    // GB/T, GB/Z, DB63/T, JGJ/T …: the letters (and a DB's digits) before the slash.
    prefix.split('/').next().unwrap_or(prefix).to_string()
}

/// GB/T 2260: the province (or region, or municipality) of a 2-digit code.
pub fn province(code: &str) -> Option<&'static str> {
    Some(match code {
        "11" => "北京市",
        "12" => "天津市",
        "13" => "河北省",
        "14" => "山西省",
        "15" => "内蒙古自治区",
        "21" => "辽宁省",
        "22" => "吉林省",
        "23" => "黑龙江省",
        "31" => "上海市",
        "32" => "江苏省",
        "33" => "浙江省",
        "34" => "安徽省",
        "35" => "福建省",
        "36" => "江西省",
        "37" => "山东省",
        "41" => "河南省",
        "42" => "湖北省",
        "43" => "湖南省",
        "44" => "广东省",
        "45" => "广西壮族自治区",
        "46" => "海南省",
        "50" => "重庆市",
        "51" => "四川省",
        "52" => "贵州省",
        "53" => "云南省",
        "54" => "西藏自治区",
        "61" => "陕西省",
        "62" => "甘肃省",
        "63" => "青海省",
        "64" => "宁夏回族自治区",
        "65" => "新疆维吾尔自治区",
        _ => return None,
    })
}

/// The derived 文件类别 line of a number's code (`None`: no number), for `organisation`.
pub fn category_line(prefix: Option<&str>, organisation: &str) -> String {
    let Some(p) = prefix else {
        return format!("{organisation}企业标准");
    };
    let guide = p.ends_with("/Z");
    if p.starts_with("GBZ") {
        return "中华人民共和国国家职业卫生标准".into();
    }
    if p.starts_with("GB") {
        return if guide {
            "中华人民共和国国家标准化指导性技术文件".into()
        } else {
            "中华人民共和国国家标准".into()
        };
    }
    if let Some(rest) = p.strip_prefix("DB") {
        let code = rest.split('/').next().unwrap_or("").trim();
        let place = if code.len() == 2 {
            province(code).unwrap_or("")
        } else {
            ""
        };
        let kind = if guide {
            "地方标准化指导性技术文件"
        } else {
            "地方标准"
        };
        return format!("{place}{kind}");
    }
    if p.starts_with("T/") {
        return "团体标准".into();
    }
    if p.starts_with("Q/") {
        return format!("{organisation}企业标准");
    }
    "中华人民共和国行业标准".into()
}

/// The cover data of `s` that the templates lay out.
pub struct CoverData {
    pub mark: String,
    pub label: String,
    /// `ICS 03.160`, `CCS A 16`, on one line.
    pub ics_ccs: String,
    pub filing_number: String,
    pub publishers: Vec<String>,
}

/// Reads the cover of `s` in a system of `organisation`.
pub fn of(s: &Standard, organisation: &str) -> CoverData {
    let parsed = s.parsed_number();
    let prefix = parsed.as_ref().map(|n: &Number| n.prefix.as_str());
    let label = s
        .cover_label
        .clone()
        .filter(|l| !l.trim().is_empty())
        .unwrap_or_else(|| category_line(prefix, organisation));
    let mut line = Vec::new();
    let ics = s.ics();
    if !ics.is_empty() {
        line.push(format!("ICS {}", ics.join("；")));
    }
    if let Some(c) = &s.ccs {
        line.push(format!("CCS {}", c.0));
    }
    let mut publishers: Vec<String> = s.publishers().into_iter().map(str::to_string).collect();
    if publishers.is_empty() && s.level() == Level::Enterprise && !organisation.is_empty() {
        publishers.push(organisation.to_string());
    }
    CoverData {
        mark: prefix.map(code_mark).unwrap_or_default(),
        label,
        ics_ccs: line.join("　"),
        filing_number: s
            .filing_number
            .as_ref()
            .map(|f| f.0.clone())
            .unwrap_or_default(),
        publishers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(n: &str) -> String {
        let p = Number::parse(n).map(|n| n.prefix);
        category_line(p.as_deref(), "某市政务服务中心")
    }

    #[test]
    fn the_derived_category_line_follows_the_table() {
        assert_eq!(line("GB/T 19001—2016"), "中华人民共和国国家标准");
        assert_eq!(line("GB 2894—2008"), "中华人民共和国国家标准");
        assert_eq!(
            line("GB/Z 1.2—2020"),
            "中华人民共和国国家标准化指导性技术文件"
        );
        assert_eq!(line("GBZ 2.1—2019"), "中华人民共和国国家职业卫生标准");
        assert_eq!(line("JGJ/T 67—2019"), "中华人民共和国行业标准");
        assert_eq!(line("DB 63/T 1335—2014"), "青海省地方标准");
        assert_eq!(line("DB42/T 2327—2024"), "湖北省地方标准");
        assert_eq!(
            line("DB65/Z 1—2020"),
            "新疆维吾尔自治区地方标准化指导性技术文件"
        );
        assert_eq!(line("DB 5306/T50—2020"), "地方标准");
        assert_eq!(line("DB 31117/Z 016—2022"), "地方标准化指导性技术文件");
        assert_eq!(line("T/CAS 1—2020"), "团体标准");
        assert_eq!(line("Q/ZWZX 101.1—2024"), "某市政务服务中心企业标准");
        assert_eq!(category_line(None, "某中心"), "某中心企业标准");
    }

    #[test]
    fn the_code_mark_is_taken_from_the_number() {
        let mark = |n: &str| code_mark(&Number::parse(n).unwrap().prefix);
        assert_eq!(mark("GB/T 19001—2016"), "GB");
        assert_eq!(mark("GB/Z 1.2—2020"), "GB");
        assert_eq!(mark("GBZ 2.1—2019"), "GBZ");
        assert_eq!(mark("JGJ/T 67—2019"), "JGJ");
        assert_eq!(mark("DB 63/T 1335—2014"), "DB63");
        assert_eq!(mark("DB 5306/T50—2020"), "DB5306");
        assert_eq!(mark("T/CAS 1—2020"), "T/CAS");
        assert_eq!(mark("Q/ZWZX 101.1—2024"), "Q/ZWZX");
    }
}
