//! Standard numbers (标准编号): parsing, the level their prefix implies, and the typeset form
//! (`GB/T 1.1—2020`) in which `-`, `—` and `－` before the year are one and the same.

use schemars::JsonSchema;
use serde::Deserialize;
use std::fmt;

/// A parsed standard number: `GB/T 1.1—2020` is prefix `GB/T`, body `1.1`, year 2020.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Number<'a> {
    pub prefix: &'a str,
    pub body: &'a str,
    pub year: Option<u16>,
}

fn is_upper(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_uppercase())
}

fn is_alnum(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn valid_prefix(p: &str) -> bool {
    if let Some(rest) = p.strip_prefix("T/").or_else(|| p.strip_prefix("Q/")) {
        return is_alnum(rest);
    }
    let (head, tail) = match p.split_once('/') {
        Some((h, t)) => (h, Some(t)),
        None => (p, None),
    };
    if let Some(digits) = head.strip_prefix("DB").filter(|d| !d.is_empty()) {
        return (2..=6).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && matches!(tail, None | Some("T"));
    }
    (head == "GB" || (head.len() == 2 && is_upper(head)))
        && matches!(tail, None | Some("T") | Some("Z"))
}

impl<'a> Number<'a> {
    /// Parses a number as rule N005 accepts it; `None` when malformed.
    pub fn parse(s: &'a str) -> Option<Number<'a>> {
        let s = s.trim();
        // Split off the year after a dash variant.
        let (rest, year) = match s
            .char_indices()
            .rev()
            .find(|(_, c)| matches!(c, '-' | '—' | '－'))
        {
            Some((i, c)) => {
                let y = &s[i + c.len_utf8()..];
                if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) {
                    (&s[..i], Some(y.parse().ok()?))
                } else {
                    return None;
                }
            }
            None => (s, None),
        };
        // The body is the trailing run of digits and dots; the prefix precedes it.
        let body_start = rest
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
            .last()
            .map(|(i, _)| i)?;
        let body = &rest[body_start..];
        let prefix = rest[..body_start]
            .strip_suffix(' ')
            .unwrap_or(&rest[..body_start]);
        let body_ok = body
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        // `DB34/T1234`: the body may not eat the prefix's own digits; a prefix ending in a digit
        // only parses with a separating space.
        if !body_ok
            || !valid_prefix(prefix)
            || prefix.ends_with(|c: char| c.is_ascii_digit()) && !rest[..body_start].ends_with(' ')
        {
            return None;
        }
        Some(Number { prefix, body, year })
    }

    /// The level the prefix implies (docs/format.md: GB → national, DB → local, T/ → group,
    /// Q/ → enterprise, other letters → industry).
    pub fn level(&self) -> Level {
        if self.prefix.starts_with("GB") {
            Level::National
        } else if self.prefix.starts_with("DB") {
            Level::Local
        } else if self.prefix.starts_with("T/") {
            Level::Group
        } else if self.prefix.starts_with("Q/") {
            Level::Enterprise
        } else {
            Level::Industry
        }
    }

    /// The number without its year: what an undated citation names.
    pub fn undated(&self) -> String {
        format!("{} {}", self.prefix, self.body)
    }

    /// The canonical key: typeset form, which makes dash variants and the optional space equal.
    pub fn key(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Number<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.prefix, self.body)?;
        if let Some(y) = self.year {
            write!(f, "—{y}")?;
        }
        Ok(())
    }
}

/// The typeset form of a number (`—` before the year), or the text as written if malformed.
pub fn typeset(s: &str) -> String {
    Number::parse(s).map_or_else(|| s.to_string(), |n| n.to_string())
}

/// 宜定级别.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// 国家标准
    National,
    /// 行业标准
    Industry,
    /// 地方标准
    Local,
    /// 团体标准
    Group,
    /// 企业标准
    Enterprise,
}

impl Level {
    pub const ALL: [Level; 5] = [
        Level::National,
        Level::Industry,
        Level::Local,
        Level::Group,
        Level::Enterprise,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Industry => "industry",
            Level::Local => "local",
            Level::Group => "group",
            Level::Enterprise => "enterprise",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Level::National => "国家标准",
            Level::Industry => "行业标准",
            Level::Local => "地方标准",
            Level::Group => "团体标准",
            Level::Enterprise => "企业标准",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_spec_forms() {
        for ok in [
            "Q/ZWZX 202.1—2026",
            "GB/T 32169.3—2015",
            "DB34/T 1234—2019",
            "GB/T 1.1-2020",
            "GB/T 1.1－2020",
            "GB 25201—2010",
            "T/CAS 123—2020",
            "GB/T 13016",
            "GA 1234—2015",
            "GB/T13016-2018",
        ] {
            assert!(Number::parse(ok).is_some(), "{ok}");
        }
        for bad in [
            "GB/T",
            "XYZ 1—2020",
            "GB/T 1.—2020",
            "GB/T 1.1—20",
            "Q/ 1",
            "gb/t 1",
            "DB3/T 1",
            "1234",
        ] {
            assert!(Number::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn dash_variants_are_equal() {
        let a = Number::parse("GB/T 1.1-2020").unwrap();
        let b = Number::parse("GB/T 1.1—2020").unwrap();
        assert_eq!(a.key(), b.key());
        assert_eq!(a.to_string(), "GB/T 1.1—2020");
        assert_eq!(a.undated(), "GB/T 1.1");
    }

    #[test]
    fn levels_from_prefix() {
        let l = |s| Number::parse(s).unwrap().level();
        assert_eq!(l("GB/T 1.1—2020"), Level::National);
        assert_eq!(l("DB34/T 1—2019"), Level::Local);
        assert_eq!(l("T/CAS 1—2019"), Level::Group);
        assert_eq!(l("Q/ZWZX 1—2019"), Level::Enterprise);
        assert_eq!(l("GA 1—2019"), Level::Industry);
    }
}
