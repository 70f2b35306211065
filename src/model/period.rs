//! The reporting period of the compliance half (docs/compliance.md, Conventions): a closed
//! range of dates, written `2026`, `2026-H1`, `2026-Q3`, `2026-05`, `2026-01-01..2026-06-30`,
//! or `{from, to}` in YAML. One parser serves `--period` and `compliance.period`.

use super::Date;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer};
use std::borrow::Cow;
use std::fmt;

/// P = [from, to], both days included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

impl Period {
    /// The calendar year `y`.
    pub fn year(y: i16) -> Option<Period> {
        Some(Period {
            from: Date(jiff::civil::Date::new(y, 1, 1).ok()?),
            to: Date(jiff::civil::Date::new(y, 12, 31).ok()?),
        })
    }

    /// Months `m0..=m1` of year `y`.
    fn months(y: i16, m0: i8, m1: i8) -> Option<Period> {
        let from = jiff::civil::Date::new(y, m0, 1).ok()?;
        let last = jiff::civil::Date::new(y, m1, 1).ok()?.last_of_month();
        Some(Period {
            from: Date(from),
            to: Date(last),
        })
    }

    /// Parses the written forms; the error says what is accepted.
    pub fn parse(s: &str) -> Result<Period, String> {
        let s = s.trim();
        let bad = || {
            format!(
                "`{s}` is not a period: write 2026, 2026-H1, 2026-Q3, 2026-05 or 2026-01-01..2026-06-30"
            )
        };
        if let Some((a, b)) = s.split_once("..") {
            let (from, to) = (
                Date::parse(a.trim()).ok_or_else(bad)?,
                Date::parse(b.trim()).ok_or_else(bad)?,
            );
            if to < from {
                return Err(format!("`{s}`: the period ends before it begins"));
            }
            return Ok(Period { from, to });
        }
        let year = |t: &str| {
            (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
                .then(|| t.parse::<i16>().ok())
                .flatten()
        };
        if let Some(y) = year(s) {
            return Period::year(y).ok_or_else(bad);
        }
        let (y, rest) = s.split_once('-').ok_or_else(bad)?;
        let y = year(y).ok_or_else(bad)?;
        let p = match rest {
            "H1" | "h1" => Period::months(y, 1, 6),
            "H2" | "h2" => Period::months(y, 7, 12),
            q if q.len() == 2 && (q.starts_with('Q') || q.starts_with('q')) => {
                match q[1..].parse::<i8>() {
                    Ok(n @ 1..=4) => Period::months(y, 3 * n - 2, 3 * n),
                    _ => None,
                }
            }
            m if m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit()) => match m.parse::<i8>() {
                Ok(n @ 1..=12) => Period::months(y, n, n),
                _ => None,
            },
            _ => None,
        };
        p.ok_or_else(bad)
    }

    /// Whether `d` lies in [from, to].
    pub fn contains(&self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.from, self.to)
    }
}

impl std::str::FromStr for Period {
    type Err = String;
    fn from_str(s: &str) -> Result<Period, String> {
        Period::parse(s)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Period;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a period: 2026, 2026-H1, 2026-Q3, 2026-05, FROM..TO or {from, to}")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Period, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Period, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Period, E> {
                Period::parse(v).map_err(E::custom)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Period, A::Error> {
                let (mut from, mut to) = (None, None);
                while let Some(k) = m.next_key::<Cow<'de, str>>()? {
                    match &*k {
                        "from" => from = Some(m.next_value::<Date>()?),
                        "to" => to = Some(m.next_value::<Date>()?),
                        other => {
                            return Err(serde::de::Error::unknown_field(other, &["from", "to"]));
                        }
                    }
                }
                let from = from.ok_or_else(|| serde::de::Error::missing_field("from"))?;
                let to = to.ok_or_else(|| serde::de::Error::missing_field("to"))?;
                if to < from {
                    return Err(serde::de::Error::custom(
                        "the period ends (`to`) before it begins (`from`)",
                    ));
                }
                Ok(Period { from, to })
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for Period {
    fn schema_name() -> Cow<'static, str> {
        "Period".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "报告期: 2026, 2026-H1, 2026-Q3, 2026-05, 2026-01-01..2026-06-30, or {from, to}",
            "anyOf": [
                {"type": "integer", "minimum": 1000, "maximum": 9999},
                {"type": "string", "pattern": "^[0-9]{4}(-([Hh][12]|[Qq][1-4]|0[1-9]|1[0-2]))?$|^[0-9]{4}-[0-9]{2}-[0-9]{2}\\.\\.[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                {"type": "object", "additionalProperties": false, "required": ["from", "to"],
                 "properties": {
                    "from": {"type": "string", "format": "date"},
                    "to": {"type": "string", "format": "date"}}}
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> String {
        Period::parse(s).map_or_else(|e| e, |p| p.to_string())
    }

    #[test]
    fn written_forms() {
        assert_eq!(p("2026"), "2026-01-01..2026-12-31");
        assert_eq!(p("2026-H1"), "2026-01-01..2026-06-30");
        assert_eq!(p("2026-H2"), "2026-07-01..2026-12-31");
        assert_eq!(p("2026-Q1"), "2026-01-01..2026-03-31");
        assert_eq!(p("2024-Q1"), "2024-01-01..2024-03-31");
        assert_eq!(p("2026-Q3"), "2026-07-01..2026-09-30");
        assert_eq!(p("2024-02"), "2024-02-01..2024-02-29");
        assert_eq!(p("2026-02"), "2026-02-01..2026-02-28");
        assert_eq!(p("2026-01-01..2026-06-30"), "2026-01-01..2026-06-30");
        for bad in [
            "26",
            "2026-Q5",
            "2026-13",
            "2026-H3",
            "2026-06-30..2026-01-01",
            "x",
            "",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }
}
