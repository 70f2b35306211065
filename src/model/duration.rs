//! Durations of the item model (format.md, Durations): a number of working days, or
//! `{value, unit}` in working days (工作日), natural days (自然日) or hours (小时). Values are kept
//! in halves so sums are exact; `0` in any unit is 当场.
//!
//! Comparison follows rules.md ("Comparing durations"): working days and hours convert exactly
//! (1 working day = 8 hours); natural days do not convert without a calendar, so a comparison
//! that mixes them reports only what holds on every calendar ([`Amount::exceeds`]).

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::borrow::Cow;
use std::fmt;

/// The unit of a duration.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// 工作日
    #[default]
    WorkingDays,
    /// 自然日 (日)
    NaturalDays,
    /// 小时
    Hours,
}

impl Unit {
    /// The unit as pages print it after a number: 个工作日, 个自然日, 小时.
    pub fn zh(self) -> &'static str {
        match self {
            Unit::WorkingDays => "个工作日",
            Unit::NaturalDays => "个自然日",
            Unit::Hours => "小时",
        }
    }
}

/// A duration: `half` halves of `unit` (`{value: 1.5, unit: hours}` is `half: 3`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Duration {
    pub half: u32,
    pub unit: Unit,
}

/// Half hours in a working day (8 hours).
const HALF_HOURS_PER_DAY: u64 = 16;

impl Duration {
    /// 当场: zero working days.
    pub const ZERO: Duration = Duration {
        half: 0,
        unit: Unit::WorkingDays,
    };

    /// `n` whole working days.
    pub const fn working_days(n: u32) -> Duration {
        Duration {
            half: n.saturating_mul(2),
            unit: Unit::WorkingDays,
        }
    }

    /// A duration of `value` (a non-negative multiple of 0.5) in `unit`.
    pub fn new(value: f64, unit: Unit) -> Option<Duration> {
        let halves = value * 2.0;
        (value >= 0.0 && halves.fract() == 0.0 && halves <= f64::from(u32::MAX)).then_some(
            Duration {
                half: halves as u32,
                unit,
            },
        )
    }

    /// 当场 (0 in any unit).
    pub fn is_zero(self) -> bool {
        self.half == 0
    }

    /// The number as written (`0.5`, `20`).
    pub fn value(self) -> f64 {
        f64::from(self.half) / 2.0
    }

    /// The duration in working days when it is in working days or hours (hours ÷ 8); `None` for
    /// natural days, which do not convert without a calendar.
    pub fn working_days_exact(self) -> Option<f64> {
        match self.unit {
            Unit::WorkingDays => Some(self.value()),
            Unit::Hours => Some(self.value() / 8.0),
            Unit::NaturalDays => None,
        }
    }

    /// The duration in working days as the statistics add it (outputs.md, Counting): hours ÷ 8,
    /// natural days × 5 ÷ 7 (an estimate, five working days a week).
    pub fn working_days_estimate(self) -> f64 {
        match self.unit {
            Unit::NaturalDays => self.value() * 5.0 / 7.0,
            _ => self.working_days_exact().unwrap_or(0.0),
        }
    }

    /// Whole days to count against (compliance.md, Per case): ⌈value⌉ working days for working
    /// days, ⌈hours ÷ 8⌉ for hours (rounded up: never a false overdue), ⌈value⌉ natural days
    /// for natural days (with `true`, day counting in natural days).
    pub fn ceil_days(self) -> (u32, bool) {
        match self.unit {
            Unit::WorkingDays => (self.half.div_ceil(2), false),
            Unit::Hours => (self.half.div_ceil(16), false),
            Unit::NaturalDays => (self.half.div_ceil(2), true),
        }
    }

    /// As pages print it: `3个工作日`, `0.5个工作日`, `20个自然日`, `1小时`, and `当场` for 0.
    pub fn zh(self) -> String {
        if self.is_zero() {
            "当场".into()
        } else {
            format!("{}{}", Number(self.half), self.unit.zh())
        }
    }

    /// "1 working day", "0.5 working days", "20 natural days", "1 hour", and "0 (on the spot)".
    pub fn en(self) -> String {
        if self.is_zero() {
            return "0 (on the spot)".into();
        }
        let n = Number(self.half);
        let (one, many) = match self.unit {
            Unit::WorkingDays => ("working day", "working days"),
            Unit::NaturalDays => ("natural day", "natural days"),
            Unit::Hours => ("hour", "hours"),
        };
        if self.half == 2 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    }

    /// Whether this duration, as an amount, exceeds `limit` (rules.md, Comparing durations).
    pub fn exceeds(self, limit: Duration) -> bool {
        Amount::of(self).exceeds(limit)
    }
}

/// A number kept in halves, printed as written: `3`, `0.5`.
struct Number(u32);

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_multiple_of(2) {
            write!(f, "{}", self.0 / 2)
        } else {
            write!(f, "{}.5", self.0 / 2)
        }
    }
}

/// A sum of durations of any units: the working days and hours in half hours (they convert
/// exactly), the natural days apart in halves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Amount {
    /// Working days and hours, in half hours (1 working day = 16).
    pub half_hours: u64,
    /// Natural days, in halves.
    pub natural_half: u64,
}

impl Amount {
    pub fn of(d: Duration) -> Amount {
        let mut a = Amount::default();
        a.add(d);
        a
    }

    pub fn add(&mut self, d: Duration) {
        let h = u64::from(d.half);
        match d.unit {
            Unit::WorkingDays => self.half_hours += h * 8,
            Unit::Hours => self.half_hours += h,
            Unit::NaturalDays => self.natural_half += h,
        }
    }

    pub fn is_zero(self) -> bool {
        self.half_hours == 0 && self.natural_half == 0
    }

    /// rules.md, Comparing durations: to decide whether this amount A exceeds a limit L,
    /// - a positive A always exceeds a limit of 0, whatever the units;
    /// - if L is in natural days, A's natural-day parts count at their value and its working
    ///   days (hours ÷ 8) one natural day each;
    /// - if L is in working days or hours, A's natural-day parts count nothing.
    pub fn exceeds(self, limit: Duration) -> bool {
        if limit.is_zero() {
            return !self.is_zero();
        }
        let l = u64::from(limit.half);
        match limit.unit {
            // In sixteenths of a day: natural halves × 8, half hours as they are.
            Unit::NaturalDays => self.natural_half * 8 + self.half_hours > l * 8,
            Unit::WorkingDays => self.half_hours > l * 8,
            Unit::Hours => self.half_hours > l,
        }
    }

    /// The parts as messages say them: working days (or hours when not whole half days), then
    /// natural days.
    fn parts(self) -> Vec<Duration> {
        let mut v = Vec::new();
        if self.half_hours > 0 || self.natural_half == 0 {
            let d = if self.half_hours.is_multiple_of(8) {
                Duration {
                    half: u32::try_from(self.half_hours / 8).unwrap_or(u32::MAX),
                    unit: Unit::WorkingDays,
                }
            } else {
                Duration {
                    half: u32::try_from(self.half_hours).unwrap_or(u32::MAX),
                    unit: Unit::Hours,
                }
            };
            v.push(d);
        }
        if self.natural_half > 0 {
            v.push(Duration {
                half: u32::try_from(self.natural_half).unwrap_or(u32::MAX),
                unit: Unit::NaturalDays,
            });
        }
        v
    }

    /// "3 working days", "1 working day + 10 natural days".
    pub fn en(self) -> String {
        let p: Vec<String> = self.parts().into_iter().map(Duration::en).collect();
        p.join(" + ")
    }

    /// `3个工作日`, `1个工作日又10个自然日`.
    pub fn zh(self) -> String {
        let p: Vec<String> = self.parts().into_iter().map(Duration::zh).collect();
        p.join("又")
    }

    /// In working days, as the statistics add it (natural days × 5 ÷ 7).
    pub fn working_days_estimate(self) -> f64 {
        self.half_hours as f64 / HALF_HOURS_PER_DAY as f64
            + self.natural_half as f64 / 2.0 * 5.0 / 7.0
    }
}

impl std::iter::Sum<Duration> for Amount {
    fn sum<I: Iterator<Item = Duration>>(iter: I) -> Amount {
        let mut a = Amount::default();
        for d in iter {
            a.add(d);
        }
        a
    }
}

impl fmt::Display for Duration {
    /// As pages print it (`Duration::zh`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.zh())
    }
}

/// `{value, unit}` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    value: f64,
    unit: Unit,
}

fn not_a_duration<E: de::Error>(v: impl fmt::Display) -> E {
    E::custom(format!(
        "`{v}` is not a duration (a whole or half number ≥ 0 of working days, or {{value, unit}})"
    ))
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Duration;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number of working days or {value, unit}")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Duration, E> {
                Duration::new(v as f64, Unit::WorkingDays).ok_or_else(|| not_a_duration(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Duration, E> {
                Duration::new(v as f64, Unit::WorkingDays).ok_or_else(|| not_a_duration(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Duration, E> {
                Duration::new(v, Unit::WorkingDays).ok_or_else(|| not_a_duration(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Duration, E> {
                Err(not_a_duration(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, m: A) -> Result<Duration, A::Error> {
                let w = Written::deserialize(de::value::MapAccessDeserializer::new(m))?;
                Duration::new(w.value, w.unit).ok_or_else(|| not_a_duration(w.value))
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for Duration {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let unit = g.subschema_for::<Unit>();
        json_schema!({
            "description": "a duration: working days (工作日), whole or half, or {value, unit}; 0 = 当场",
            "anyOf": [
                {"type": "number", "minimum": 0, "multipleOf": 0.5,
                 "description": "working days (工作日), whole or half; 0 = 当场"},
                {"type": "object",
                 "properties": {
                    "value": {"type": "number", "minimum": 0, "multipleOf": 0.5,
                              "description": "a whole or half number ≥ 0"},
                    "unit": unit
                 },
                 "required": ["value", "unit"],
                 "additionalProperties": false}
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(v: f64, u: Unit) -> Duration {
        Duration::new(v, u).unwrap()
    }

    #[test]
    fn pages_print_the_unit() {
        assert_eq!(d(3.0, Unit::WorkingDays).zh(), "3个工作日");
        assert_eq!(d(0.5, Unit::WorkingDays).zh(), "0.5个工作日");
        assert_eq!(d(20.0, Unit::NaturalDays).zh(), "20个自然日");
        assert_eq!(d(1.0, Unit::Hours).zh(), "1小时");
        assert_eq!(d(0.0, Unit::Hours).zh(), "当场");
        assert_eq!(d(1.0, Unit::WorkingDays).en(), "1 working day");
        assert_eq!(d(1.5, Unit::Hours).en(), "1.5 hours");
    }

    #[test]
    fn comparing_durations_as_rules_md_says() {
        let nat20 = d(20.0, Unit::NaturalDays);
        // The examples of rules.md.
        assert!(d(25.0, Unit::WorkingDays).exceeds(nat20));
        assert!(!d(15.0, Unit::WorkingDays).exceeds(nat20));
        assert!(!d(30.0, Unit::NaturalDays).exceeds(Duration::working_days(1)));
        // 8 hours are one working day.
        assert!(!d(8.0, Unit::Hours).exceeds(Duration::working_days(1)));
        assert!(d(9.0, Unit::Hours).exceeds(Duration::working_days(1)));
        assert!(d(1.5, Unit::WorkingDays).exceeds(d(8.0, Unit::Hours)));
        // A positive amount exceeds 0 whatever the units.
        assert!(d(1.0, Unit::NaturalDays).exceeds(Duration::ZERO));
        assert!(!Duration::ZERO.exceeds(Duration::ZERO));
        // Natural days against natural days; a working day counts one natural day.
        let sum: Amount = [d(10.0, Unit::NaturalDays), d(10.5, Unit::WorkingDays)]
            .into_iter()
            .sum();
        assert!(sum.exceeds(nat20));
        let sum: Amount = [d(10.0, Unit::NaturalDays), d(10.0, Unit::WorkingDays)]
            .into_iter()
            .sum();
        assert!(!sum.exceeds(nat20));
    }

    #[test]
    fn rounding_for_day_counting() {
        assert_eq!(d(1.0, Unit::Hours).ceil_days(), (1, false));
        assert_eq!(d(16.0, Unit::Hours).ceil_days(), (2, false));
        assert_eq!(d(2.5, Unit::WorkingDays).ceil_days(), (3, false));
        assert_eq!(d(20.0, Unit::NaturalDays).ceil_days(), (20, true));
    }

    #[test]
    fn estimates_for_the_statistics() {
        assert_eq!(d(14.0, Unit::NaturalDays).working_days_estimate(), 10.0);
        assert_eq!(d(4.0, Unit::Hours).working_days_estimate(), 0.5);
    }
}
