//! Reading the values of a 明细表's cells: text, ids, numbers, dates, levels and statuses as
//! people type them into a spreadsheet. `None` means "cannot be read", never a guess.

use crate::model::{Date, Level, Status};
use crate::number::Number;
use crate::tabular::Cell;

/// A cell as text: integers without `.0`, dates as `YYYY-MM-DD`; `None` when empty.
pub fn text(c: &Cell) -> Option<String> {
    match c {
        Cell::Empty => None,
        Cell::Text(s) => Some(s.clone()),
        Cell::Number(_) => c.as_int().map(|i| i.to_string()).or(Some(c.to_string())),
        Cell::Bool(_) => Some(c.to_string()),
        Cell::DateTime(d) => Some(d.date().to_string()),
    }
}

/// Full-width ASCII as ASCII, the ideographic space as a space, every dash as `-`, runs of
/// white space as one space, trimmed.
pub fn ascii_forms(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '﹣' => '-',
            c => c,
        })
        .collect();
    let mut out = String::with_capacity(mapped.len());
    for w in mapped.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    // `——` (two dashes typed as one) is one dash.
    while out.contains("--") {
        out = out.replace("--", "-");
    }
    out
}

/// An id as written in the sheet (`101-001`, `101－001`), with dashes and full-width forms made
/// plain; `None` if it is not `<node>-<sequence>` of letters, digits, `.` and `_`.
pub fn id(c: &Cell) -> Option<String> {
    let s = ascii_forms(&text(c)?).replace(' ', "");
    let (node, seq) = s.split_once('-')?;
    let ok = |p: &str| {
        !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    };
    (ok(node) && node.bytes().all(|b| b.is_ascii_alphanumeric()) && ok(seq) && s.len() <= 128)
        .then_some(s)
}

/// A standard number in its typeset form (`GB/T 1.1—2020`), after the normalisation of
/// format.md (full-width forms, dash variants, spaces next to `/`, `DB 63` → `DB63`); `None`
/// when it does not parse.
pub fn number(s: &str) -> Option<String> {
    Number::parse(s).map(|p| p.to_string())
}

/// The comparison key of a typeset number: the same edition whatever the spacing and dash.
pub fn number_key(typeset: &str) -> String {
    typeset.replace(' ', "")
}

/// The key without the year: an undated citation names every edition.
pub fn undated_key(typeset: &str) -> String {
    let k = number_key(typeset);
    match k.rfind('—') {
        Some(i) => k[..i].to_string(),
        None => k,
    }
}

/// A date: a date cell; a text `2026-03-01`, `2026/3/1`, `2026.3.1`, `2026年3月1日`,
/// `20260301`; a number `20260301`, or an Excel serial of a cell not formatted as a date
/// (1950–2099).
pub fn date(c: &Cell) -> Option<Date> {
    match c {
        Cell::DateTime(d) => Some(Date(d.date())),
        Cell::Number(n) => {
            let i = c.as_int();
            if let Some(i) = i.filter(|i| (19_000_101..=21_001_231).contains(i)) {
                return ymd(&i.to_string());
            }
            if (18_264.0..73_051.0).contains(n) {
                return crate::tabular::excel_serial(*n, false).map(|d| Date(d.date()));
            }
            None
        }
        Cell::Text(s) => ymd(&ascii_forms(s)),
        _ => None,
    }
}

fn ymd(s: &str) -> Option<Date> {
    let s = s.trim();
    // A date-time's time of day is dropped.
    let s = s.split([' ', 'T']).next().unwrap_or(s);
    let s = s.strip_suffix('日').unwrap_or(s);
    let parts: Vec<&str> = if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        vec![&s[..4], &s[4..6], &s[6..]]
    } else {
        s.split(['-', '/', '.', '年', '月']).collect()
    };
    let [y, m, d] = parts[..] else { return None };
    let num = |p: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<i16>().ok())
            .flatten()
    };
    let (y, m, d) = (num(y, 4..=4)?, num(m, 1..=2)?, num(d, 1..=2)?);
    jiff::civil::Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?)
        .ok()
        .map(Date)
}

/// 宜定级别 in Chinese (国家标准, 国标, 国家 …) or as format.md names it.
pub fn level(s: &str) -> Option<Level> {
    let s = ascii_forms(s).to_lowercase().replace(' ', "");
    Some(match s.as_str() {
        "国家标准" | "国标" | "国家" | "national" => Level::National,
        "行业标准" | "行标" | "行业" | "industry" => Level::Industry,
        "地方标准" | "地标" | "地方" | "local" => Level::Local,
        "团体标准" | "团标" | "团体" | "group" => Level::Group,
        "企业标准" | "企标" | "企业" | "enterprise" | "内部标准" | "自制" => {
            Level::Enterprise
        }
        _ => return None,
    })
}

/// A status in Chinese as tables write it (现行, 现行有效, 被代替, 作废 …) or as format.md names it.
pub fn status(s: &str) -> Option<Status> {
    let s = ascii_forms(s).to_lowercase().replace(' ', "");
    if let Some(st) = Status::ALL
        .iter()
        .find(|st| st.as_str() == s || st.zh() == s)
    {
        return Some(*st);
    }
    Some(match s.as_str() {
        "有效" | "现行有效" | "实施" | "执行" | "在用" => Status::Effective,
        "即将实施" | "已发布待实施" | "已发布(待实施)" | "待实施" => {
            Status::Published
        }
        "拟制定" | "计划制定" | "待编制" | "计划" | "拟制订" | "待制订" => {
            Status::Planned
        }
        "制定中" | "编制中" | "在编" | "起草中" | "制订中" => Status::Drafting,
        "征求意见中" | "征求意见稿" => Status::Consultation,
        "修订" | "拟修订" => Status::Revising,
        "已被代替" | "被替代" | "已替代" => Status::Superseded,
        "作废" | "已废止" | "已作废" => Status::Abolished,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<String> {
        date(&Cell::Text(s.into())).map(|d| d.to_string())
    }

    #[test]
    fn dates_as_people_type_them() {
        for s in [
            "2026-03-01",
            "2026/3/1",
            "2026.03.01",
            "2026年3月1日",
            "20260301",
            "２０２６－０３－０１",
            "2026-03-01 00:00:00",
        ] {
            assert_eq!(d(s).as_deref(), Some("2026-03-01"), "{s}");
        }
        for s in ["2026-02-30", "2026-3", "明年", "26/3/1", "2026-03-01-02"] {
            assert_eq!(d(s), None, "{s}");
        }
        assert_eq!(
            date(&Cell::Number(20260301.0)).map(|d| d.to_string()),
            Some("2026-03-01".into())
        );
        // 46082 is 2026-03-01 in Excel's 1900 system.
        assert_eq!(
            date(&Cell::Number(46082.0)).map(|d| d.to_string()),
            Some("2026-03-01".into())
        );
        assert_eq!(date(&Cell::Number(12.0)), None);
        assert_eq!(date(&Cell::Number(f64::NAN)), None);
        assert_eq!(date(&Cell::Bool(true)), None);
    }

    #[test]
    fn numbers_are_normalised_or_refused() {
        let n = |s| number(s);
        assert_eq!(n("GB/T 1.1-2020").as_deref(), Some("GB/T 1.1—2020"));
        assert_eq!(n("GB/T1.1—2020").as_deref(), Some("GB/T 1.1—2020"));
        assert_eq!(
            n("ＧＢ／Ｔ　１３０１６－２０１８").as_deref(),
            Some("GB/T 13016—2018")
        );
        assert_eq!(n("DB 63/T 1335—2014").as_deref(), Some("DB63/T 1335—2014"));
        assert_eq!(n("GB/T 13016——2018").as_deref(), Some("GB/T 13016—2018"));
        assert_eq!(n("Q/ZWZX 202.1—2026").as_deref(), Some("Q/ZWZX 202.1—2026"));
        assert_eq!(n("GB 5768.1").as_deref(), Some("GB 5768.1"));
        assert_eq!(n("JGJ/T 67—2019").as_deref(), Some("JGJ/T 67—2019"));
        assert_eq!(n("DB 5306/T50—2020").as_deref(), Some("DB5306/T 50—2020"));
        for bad in [
            "青政务〔2023〕22号",
            "GB/T 44189-44192",
            "ISO 9001",
            "",
            "GB/T",
            "1234",
        ] {
            assert_eq!(n(bad), None, "{bad}");
        }
        assert_eq!(undated_key("GB/T 1.1—2020"), "GB/T1.1");
        assert_eq!(number_key("GB/T 1.1—2020"), "GB/T1.1—2020");
    }

    #[test]
    fn ids_levels_and_statuses() {
        let id = |s: &str| id(&Cell::Text(s.into()));
        assert_eq!(id("101－001").as_deref(), Some("101-001"));
        assert_eq!(id(" 202-3 ").as_deref(), Some("202-3"));
        assert_eq!(id("101"), None);
        assert_eq!(id("-1"), None);
        assert_eq!(id("1 01/1"), None);
        assert_eq!(super::id(&Cell::Number(101.0)), None);
        assert_eq!(level("国家标准"), Some(Level::National));
        assert_eq!(level("地标"), Some(Level::Local));
        assert_eq!(level("Enterprise"), Some(Level::Enterprise));
        assert_eq!(level("省级"), None);
        assert_eq!(status("现行"), Some(Status::Effective));
        assert_eq!(status("现行有效"), Some(Status::Effective));
        assert_eq!(status("被代替"), Some(Status::Superseded));
        assert_eq!(status("作废"), Some(Status::Abolished));
        assert_eq!(status("待制定"), Some(Status::Planned));
        assert_eq!(status("effective"), Some(Status::Effective));
        assert_eq!(status("不知道"), None);
    }
}
