//! Standard numbers (标准编号): parsing, the level their prefix implies, and the typeset form
//! (`GB/T 1.1—2020`) in which `-`, `—` and `－` before the year are one and the same.

use regex::Regex;
use schemars::JsonSchema;
use serde::Deserialize;
use std::fmt;
use std::sync::LazyLock;

/// A parsed standard number: `GB/T 1.1—2020` is code (`prefix`) `GB/T`, sequence (`body`)
/// `1.1`, year 2020. Read from the normalised text (format.md, Numbers).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Number {
    /// The code: `GB/T`, `DB63/T`, `JJF`, `Q/ZWZX`.
    pub prefix: String,
    /// The sequence as written (normalised): `1.1`, `016`, `GL 001`.
    pub body: String,
    /// The year, a 2-digit year read as 19YY.
    pub year: Option<u16>,
    /// The year's digits as written (`2020`, `93`).
    year_text: Option<String>,
    /// The identical-adoption suffix after the year: `ISO 9001:2015`.
    pub adoption: Option<String>,
    /// Whether a space was written between code and sequence.
    spaced: bool,
}

/// The dash characters a run of which is one dash.
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '﹣' | '－'
    )
}

/// Step 1 of format.md (Numbers): full-width forms to ASCII, a run of one or two dashes to `-`,
/// white space to one space, no space at the ends, next to `/`, or between `DB` and a digit.
pub fn normalise(s: &str) -> String {
    // Full-width forms and the ideographic space (the part of NFKC that numbers meet).
    let mapped: Vec<char> = s
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' if c != '－' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < mapped.len() {
        let c = mapped[i];
        if is_dash(c) {
            let mut n = 0;
            while i + n < mapped.len() && is_dash(mapped[i + n]) {
                n += 1;
            }
            // One or two dashes are one; a longer run stays and fails the grammar.
            let keep = if n <= 2 { 1 } else { n };
            out.extend(std::iter::repeat_n('-', keep));
            i += n;
        } else if c == ' ' {
            while i < mapped.len() && mapped[i] == ' ' {
                i += 1;
            }
            out.push(' ');
        } else {
            out.push(c);
            i += 1;
        }
    }
    let mut t = out.trim().replace(" /", "/").replace("/ ", "/");
    if let Some(rest) = t.strip_prefix("DB ")
        && rest.starts_with(|c: char| c.is_ascii_digit())
    {
        t = format!("DB{rest}");
    }
    t
}

/// Every code but the enterprise one (format.md's second expression, with named parts).
static OTHERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<code>DB[0-9]{2,6}(?:/[TZ]?)?|GBZ?(?:/[TZ])?|(?P<ind>[A-Z]{2,3})(?:/[TZ])?|T/[A-Za-z0-9]+)(?P<sp> ?)(?P<seq>[0-9]+(?:\.[0-9]+)*)(?:-(?P<year>[0-9]{4}|[0-9]{2})(?:/(?P<adopt>[A-Z][A-Z0-9-]*(?:/[A-Z][A-Z0-9-]*)* [A-Za-z0-9][A-Za-z0-9 .:+/-]*))?)?$",
    )
    .expect("the number expression compiles")
});

/// The enterprise code `Q/…` (format.md's first expression).
static ENTERPRISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<code>Q/[A-Za-z0-9]+)(?P<sp> ?)(?P<seq>(?:[A-Z]{1,4} ?)?[0-9]+(?:\.[0-9]+)*)(?:-(?P<year>[0-9]{4}|[0-9]{2}))?$",
    )
    .expect("the number expression compiles")
});

impl Number {
    /// Parses a number as rule N005 accepts it (normalised first); `None` when malformed.
    pub fn parse(s: &str) -> Option<Number> {
        let t = normalise(s);
        let caps = if t.starts_with("Q/") {
            ENTERPRISE.captures(&t)?
        } else {
            let c = OTHERS.captures(&t)?;
            if c.name("ind")
                .is_some_and(|m| matches!(m.as_str(), "ISO" | "IEC"))
            {
                return None;
            }
            c
        };
        let year_text = caps.name("year").map(|m| m.as_str().to_string());
        let year = match year_text.as_deref() {
            Some(y) if y.len() == 2 => Some(1900 + y.parse::<u16>().ok()?),
            Some(y) => Some(y.parse().ok()?),
            None => None,
        };
        Some(Number {
            prefix: caps["code"].to_string(),
            body: caps["seq"].to_string(),
            year,
            year_text,
            adoption: caps.name("adopt").map(|m| m.as_str().to_string()),
            spaced: !caps["sp"].is_empty(),
        })
    }

    /// The level the code implies (format.md: `GB…` → national, `DB…` → local, `T/` → group,
    /// `Q/` → enterprise, other letters → industry).
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

    /// The undated key: what an undated citation names (`GB/T1.1`).
    pub fn undated(&self) -> String {
        let mut k = String::with_capacity(self.prefix.len() + self.body.len());
        k.push_str(&self.prefix);
        k.extend(self.body.chars().filter(|c| *c != ' '));
        k
    }

    /// The comparison key: no space, no adoption suffix, a 2-digit year as 19YY
    /// (`GB/T1.1-2020`). Two numbers are the same when their keys are equal.
    pub fn key(&self) -> String {
        let mut k = self.undated();
        if let Some(y) = self.year {
            k.push('-');
            k.push_str(&y.to_string());
        }
        k
    }

    /// The typeset form without the adoption suffix (`GB/T 19001—2016`).
    pub fn dated(&self) -> String {
        let mut s = self.code_and_sequence();
        if let Some(y) = &self.year_text {
            s.push('—');
            s.push_str(y);
        }
        s
    }

    /// The typeset form without year: what an undated citation shows (`GB/T 1.1`).
    pub fn undated_shown(&self) -> String {
        self.code_and_sequence()
    }

    fn code_and_sequence(&self) -> String {
        let p = &self.prefix;
        let space = self.spaced
            || p.ends_with('/')
            || p.ends_with("/T")
            || p.ends_with("/Z")
            || p.bytes().all(|b| b.is_ascii_alphabetic());
        if space {
            format!("{p} {}", self.body)
        } else {
            format!("{p}{}", self.body)
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.dated())?;
        if let Some(a) = &self.adoption {
            write!(f, "/{a}")?;
        }
        Ok(())
    }
}

/// The comparison key of a text: a number's key, or else the text trimmed.
pub fn key_of(s: &str) -> String {
    Number::parse(s).map_or_else(|| s.trim().to_string(), |n| n.key())
}

/// The typeset form of a number (display form of format.md), or the text as written if malformed.
pub fn typeset(s: &str) -> String {
    Number::parse(s).map_or_else(|| s.to_string(), |n| n.to_string())
}

/// Why a text that is no standard number is not one, for N005's help: a 文号 (`〔2023〕22号`)
/// or a range (`GB/T 44189-44192`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotANumber {
    /// A document number (文号): belongs in `doc_number`.
    DocNumber,
    /// A range of numbers: one file per standard.
    Range,
    /// Anything else.
    Malformed,
}

/// Classifies a text that does not parse.
pub fn diagnose(s: &str) -> NotANumber {
    let t = normalise(s);
    if t.contains(['〔', '〕', '[', ']', '号', '第']) {
        return NotANumber::DocNumber;
    }
    static RANGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[0-9]+(?:\.[0-9]+)*(?:-(?:[0-9]{5,}|[0-9]+\.[0-9]+)|~[0-9]+(?:\.[0-9]+)*)(?:-[0-9]{4})?$")
            .expect("compiles")
    });
    if RANGE.is_match(&t) {
        return NotANumber::Range;
    }
    if !t.is_ascii() {
        return NotANumber::DocNumber;
    }
    NotANumber::Malformed
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

    /// Every form the parser accepted before the grammar of format.md (from its tests, the
    /// corpus, `standards/` and the import's cells), with its typeset form.
    const OLD: &[(&str, &str)] = &[
        ("Q/ZWZX 202.1—2026", "Q/ZWZX 202.1—2026"),
        ("GB/T 32169.3—2015", "GB/T 32169.3—2015"),
        ("DB34/T 1234—2019", "DB34/T 1234—2019"),
        ("GB/T 1.1-2020", "GB/T 1.1—2020"),
        ("GB/T 1.1－2020", "GB/T 1.1—2020"),
        ("GB 25201—2010", "GB 25201—2010"),
        ("T/CAS 123—2020", "T/CAS 123—2020"),
        ("GB/T 13016", "GB/T 13016"),
        ("GA 1234—2015", "GA 1234—2015"),
        ("GB/T13016-2018", "GB/T 13016—2018"),
        ("GB/T 2-2020", "GB/T 2—2020"),
        ("GB/Z 20000.1—2014", "GB/Z 20000.1—2014"),
        ("MZ/T 1—2019", "MZ/T 1—2019"),
        ("DB34 1234—2019", "DB34 1234—2019"),
        ("DB123456/T 1", "DB123456/T 1"),
        ("Q/XZFW 102.1—2025", "Q/XZFW 102.1—2025"),
        ("Q/ZWZX202.1—2026", "Q/ZWZX202.1—2026"),
        ("T/CAS 1", "T/CAS 1"),
        ("  GB/T 10001.1—2023 ", "GB/T 10001.1—2023"),
    ];

    /// The real forms of issue 15, with their typeset forms.
    const REAL: &[(&str, &str)] = &[
        ("DB 31117/Z 016—2022", "DB31117/Z 016—2022"),
        ("DB 5306/T50—2020", "DB5306/T 50—2020"),
        ("DB 63/T 1335—2014", "DB63/T 1335—2014"),
        ("DB63／T 1335—2014", "DB63/T 1335—2014"),
        ("DB63/T1335–2014", "DB63/T 1335—2014"),
        ("JJF 1059.1—2012", "JJF 1059.1—2012"),
        ("JJF1059.1-2012", "JJF 1059.1—2012"),
        ("JGJ/T 67—2019", "JGJ/T 67—2019"),
        ("GBZ 2.1—2019", "GBZ 2.1—2019"),
        ("GBZ/T 229.1—2010", "GBZ/T 229.1—2010"),
        ("CJJ 37—2012", "CJJ 37—2012"),
        ("GB/T 1.1–2020", "GB/T 1.1—2020"),
        ("GB/T 1.1——2020", "GB/T 1.1—2020"),
        ("GB／T　19001—2016", "GB/T 19001—2016"),
        (
            "GB/T 19001—2016/ISO 9001:2015",
            "GB/T 19001—2016/ISO 9001:2015",
        ),
        (
            "GB/T 22080—2016/ISO/IEC 27001：2013",
            "GB/T 22080—2016/ISO/IEC 27001:2013",
        ),
        ("GB 5768.1", "GB 5768.1"),
        ("GB/T 1.1—93", "GB/T 1.1—93"),
        ("DB11/ 1234—2015", "DB11/ 1234—2015"),
        ("DB631335", "DB631335"),
        ("Q/ZWZX GL 001", "Q/ZWZX GL 001"),
        ("Q/ZWZX ZL2002001", "Q/ZWZX ZL2002001"),
        ("ＧＢ／Ｔ　３２１６９．３－２０１５", "GB/T 32169.3—2015"),
    ];

    #[test]
    fn accepts_every_old_and_every_real_form() {
        for (list, name) in [(OLD, "old"), (REAL, "real")] {
            for (written, shown) in list {
                let n = Number::parse(written).unwrap_or_else(|| panic!("{name}: {written}"));
                assert_eq!(&n.to_string(), shown, "{name}: {written}");
                // The display form reads back as the same number.
                assert_eq!(
                    Number::parse(shown).map(|m| m.key()),
                    Some(n.key()),
                    "{shown}"
                );
            }
        }
    }

    #[test]
    fn rejects_what_is_no_number() {
        for bad in [
            "GB/T",
            "GB/T 1.—2020",
            "GB/T 1.1—2",
            "Q/ 1",
            "gb/t 1",
            "DB3/T 1",
            "1234",
            "ISO 9001",
            "IEC 1234—2015",
            "GB/T 1.1—2020/iso",
            "GB/T 1.1 2020",
            "GB/T 1.1———2020",
            "青政务〔2023〕22号",
            "GB/T 44189-44192",
            "ABCD 1—2020",
        ] {
            assert!(Number::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(diagnose("青政务〔2023〕22号"), NotANumber::DocNumber);
        assert_eq!(diagnose("青政办发[2023]5号"), NotANumber::DocNumber);
        assert_eq!(diagnose("GB/T 44189-44192"), NotANumber::Range);
        assert_eq!(diagnose("GB/T 44189～44192—2024"), NotANumber::Range);
        assert_eq!(diagnose("GB/T 1.—2020"), NotANumber::Malformed);
    }

    #[test]
    fn keys_ignore_spacing_dashes_widths_and_the_adoption() {
        let key = |s| Number::parse(s).unwrap().key();
        assert_eq!(key("DB 63/T 1335-2014"), key("DB63／T 1335—2014"));
        assert_eq!(key("DB63/T1335–2014"), "DB63/T1335-2014");
        assert_eq!(key("GB/T 19001—2016/ISO 9001:2015"), key("GB/T 19001—2016"));
        assert_eq!(key("GB/T 1.1—93"), "GB/T1.1-1993");
        assert_eq!(key("DB631335"), key("DB63 1335"));
        assert_eq!(key("Q/ZWZX GL 001"), key("Q/ZWZXGL001"));
        let n = Number::parse("GB/T 19001—2016/ISO 9001:2015").unwrap();
        assert_eq!(n.undated(), "GB/T19001");
        assert_eq!(n.adoption.as_deref(), Some("ISO 9001:2015"));
        assert_eq!(n.dated(), "GB/T 19001—2016");
        assert_eq!(n.year, Some(2016));
        assert_ne!(key("GB/T 1.1—2020"), key("GB/T 1.1—2009"));
        assert_eq!(key_of(" 101-001 "), "101-001");
    }

    #[test]
    fn levels_from_the_code() {
        let l = |s| Number::parse(s).unwrap().level();
        assert_eq!(l("GB/T 1.1—2020"), Level::National);
        assert_eq!(l("GBZ 2.1—2019"), Level::National);
        assert_eq!(l("GB/Z 1—2019"), Level::National);
        assert_eq!(l("DB34/T 1—2019"), Level::Local);
        assert_eq!(l("DB 31117/Z 016—2022"), Level::Local);
        assert_eq!(l("DB631335"), Level::Local);
        assert_eq!(l("T/CAS 1—2019"), Level::Group);
        assert_eq!(l("Q/ZWZX 1—2019"), Level::Enterprise);
        assert_eq!(l("GA 1—2019"), Level::Industry);
        assert_eq!(l("JGJ/T 67—2019"), Level::Industry);
    }
}
