//! Durations of the item model: working days (工作日), kept in half days so sums are exact.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer};
use std::borrow::Cow;
use std::fmt;

/// Working days (工作日), whole or half; stored in half days so sums are exact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Days(pub u32);

impl Days {
    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 2.0
    }

    /// "1 working day", "0.5 working days", "3 working days".
    pub fn en(self) -> String {
        if self.0 == 2 {
            "1 working day".into()
        } else {
            format!("{self} working days")
        }
    }
}

impl fmt::Display for Days {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_multiple_of(2) {
            write!(f, "{}", self.0 / 2)
        } else {
            write!(f, "{}.5", self.0 / 2)
        }
    }
}

impl std::iter::Sum for Days {
    fn sum<I: Iterator<Item = Days>>(iter: I) -> Days {
        Days(iter.fold(0u32, |a, d| a.saturating_add(d.0)))
    }
}

impl<'de> Deserialize<'de> for Days {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        let halves = v * 2.0;
        if v < 0.0 || halves.fract() != 0.0 || halves > f64::from(u32::MAX) {
            return Err(serde::de::Error::custom(format!(
                "`{v}` is not a number of working days (a whole or half number ≥ 0)"
            )));
        }
        Ok(Days(halves as u32))
    }
}

impl JsonSchema for Days {
    fn schema_name() -> Cow<'static, str> {
        "Days".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "number", "minimum": 0, "multipleOf": 0.5,
            "description": "working days (工作日), whole or half; 0 = 当场"})
    }
}
