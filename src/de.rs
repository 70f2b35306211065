//! A serde `Deserializer` over the positioned tree, so the model is read from the one parse
//! that also gave every position. Scalars are read as the target type asks: a field of type
//! `String` gets the text as written (`code: 100` → "100"); `deserialize_any` (untagged enums)
//! resolves plain scalars by the YAML 1.2 core schema. [`Spanned`](crate::model::Spanned)
//! fields receive the node's span.

use crate::model::{NAMES, SPANNED, SPANNED_FIELDS};
use crate::yaml::{Entry, Node, ScalarType, Span, Value, scalar_type};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use std::fmt;

/// A deserialisation error with the span of the node it arose at.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    pub message: String,
    pub span: Option<Span>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            message: msg.to_string(),
            span: None,
        }
    }
}

fn at(span: Span) -> impl FnOnce(Error) -> Error {
    move |mut e| {
        e.span.get_or_insert(span);
        e
    }
}

/// Reads a `T` from a node.
pub fn from_node<'de, T: de::Deserialize<'de>>(node: &'de Node) -> Result<T, Error> {
    T::deserialize(NodeDe(node))
}

#[derive(Clone, Copy)]
struct NodeDe<'a>(&'a Node);

impl<'a> NodeDe<'a> {
    fn text(&self) -> Result<&'a str, Error> {
        match &self.0.value {
            Value::Scalar { text, .. } => Ok(text),
            _ => Err(Error {
                message: "expected text".into(),
                span: Some(self.0.span),
            }),
        }
    }

    fn parse<T: std::str::FromStr>(&self, what: &str) -> Result<T, Error> {
        let t = self.text()?;
        t.parse().map_err(|_| Error {
            message: format!("`{t}` is not {what}"),
            span: Some(self.0.span),
        })
    }
}

macro_rules! numbers {
    ($($method:ident $visit:ident $ty:ty, $what:literal;)*) => {$(
        fn $method<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
            v.$visit(self.parse::<$ty>($what)?).map_err(at(self.0.span))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for NodeDe<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        let span = self.0.span;
        match &self.0.value {
            Value::Null => v.visit_unit(),
            Value::Scalar { text, plain } => match scalar_type(text, *plain) {
                ScalarType::Null => v.visit_unit(),
                ScalarType::Bool => v.visit_bool(text.eq_ignore_ascii_case("true")),
                ScalarType::Int => match text.parse::<i64>() {
                    Ok(i) => v.visit_i64(i),
                    Err(_) => v.visit_str(text),
                },
                ScalarType::Float => v.visit_f64(text.parse().unwrap_or(f64::NAN)),
                ScalarType::Str => v.visit_borrowed_str(text),
            },
            Value::Seq(items) => v.visit_seq(SeqAccess(items.iter())),
            Value::Map(entries) => v.visit_map(MapAccess {
                entries: entries.iter(),
                value: None,
            }),
        }
        .map_err(at(span))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.text()? {
            "true" | "True" | "TRUE" => v.visit_bool(true),
            "false" | "False" | "FALSE" => v.visit_bool(false),
            t => Err(Error {
                message: format!("`{t}` is not true or false"),
                span: Some(self.0.span),
            }),
        }
    }

    numbers! {
        deserialize_i8 visit_i8 i8, "an integer";
        deserialize_i16 visit_i16 i16, "an integer";
        deserialize_i32 visit_i32 i32, "an integer";
        deserialize_i64 visit_i64 i64, "an integer";
        deserialize_u8 visit_u8 u8, "a whole number";
        deserialize_u16 visit_u16 u16, "a whole number";
        deserialize_u32 visit_u32 u32, "a whole number";
        deserialize_u64 visit_u64 u64, "a whole number";
        deserialize_f32 visit_f32 f32, "a number";
        deserialize_f64 visit_f64 f64, "a number";
    }

    fn deserialize_char<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_borrowed_str(self.text()?).map_err(at(self.0.span))
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.0.value {
            Value::Null => v.visit_none(),
            _ => v.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match &self.0.value {
            Value::Seq(items) => v
                .visit_seq(SeqAccess(items.iter()))
                .map_err(at(self.0.span)),
            _ => Err(Error {
                message: "expected a list".into(),
                span: Some(self.0.span),
            }),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, v: V) -> Result<V::Value, Error> {
        self.deserialize_seq(v)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        v: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(v)
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match &self.0.value {
            Value::Map(entries) => v
                .visit_map(MapAccess {
                    entries: entries.iter(),
                    value: None,
                })
                .map_err(at(self.0.span)),
            _ => Err(Error {
                message: "expected a mapping".into(),
                span: Some(self.0.span),
            }),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        if name == SPANNED && fields == SPANNED_FIELDS {
            return v.visit_map(SpannedAccess {
                node: self.0,
                state: 0,
            });
        }
        // A name or a list of names: a scalar as written (`03.160` stays text).
        if name == NAMES
            && let Value::Scalar { text, .. } = &self.0.value
        {
            return v.visit_str(text).map_err(at(self.0.span));
        }
        if name == NAMES {
            return self.deserialize_any(v);
        }
        self.deserialize_map(v)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        let text = self.text()?;
        v.visit_enum(text.into_deserializer())
            .map_err(|e: Error| Error {
                message: e.message,
                span: Some(self.0.span),
            })
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_unit()
    }
}

struct SeqAccess<'a>(std::slice::Iter<'a, Node>);

impl<'de> de::SeqAccess<'de> for SeqAccess<'de> {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0
            .next()
            .map(|n| seed.deserialize(NodeDe(n)).map_err(at(n.span)))
            .transpose()
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct MapAccess<'a> {
    entries: std::slice::Iter<'a, Entry>,
    value: Option<&'a Node>,
}

impl<'de> de::MapAccess<'de> for MapAccess<'de> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(e) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(&e.value);
        let key: de::value::BorrowedStrDeserializer<'de, Error> =
            de::value::BorrowedStrDeserializer::new(&e.key);
        seed.deserialize(key).map(Some).map_err(at(e.key_span))
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let n = self
            .value
            .take()
            .ok_or_else(|| <Error as de::Error>::custom("value without key"))?;
        seed.deserialize(NodeDe(n)).map_err(at(n.span))
    }
}

/// Feeds a `Spanned<T>`: first the span as four numbers, then the value itself.
struct SpannedAccess<'a> {
    node: &'a Node,
    state: u8,
}

impl<'de> de::MapAccess<'de> for SpannedAccess<'de> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let key = match self.state {
            0 => "$span",
            1 => "$value",
            _ => return Ok(None),
        };
        seed.deserialize(de::value::BorrowedStrDeserializer::new(key))
            .map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        self.state += 1;
        if self.state == 1 {
            let s = self.node.span;
            let span = [s.start.line, s.start.col, s.end.line, s.end.col];
            seed.deserialize(de::value::SeqDeserializer::new(span.into_iter()))
        } else {
            seed.deserialize(NodeDe(self.node))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Code, Spanned};
    use crate::yaml::parse;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct T {
        code: Code,
        n: Option<u32>,
        s: Spanned<String>,
        list: Vec<Spanned<Code>>,
    }

    #[test]
    fn reads_text_as_written_and_spans() {
        let p = parse("code: 100\nn: 3\ns: 受理\nlist: [a, '0101']\n");
        let t: T = from_node(p.root.as_ref().unwrap()).unwrap();
        assert_eq!(t.code.0, "100");
        assert_eq!(t.n, Some(3));
        assert_eq!(t.s.value, "受理");
        assert_eq!((t.s.span.start.line, t.s.span.start.col), (3, 4));
        assert_eq!(t.list[1].value.0, "0101");
        assert_eq!(t.list[1].span.start.col, 11);
    }

    #[test]
    fn type_errors_carry_span() {
        let p = parse("code: x\nn: many\ns: a\nlist: []\n");
        let e = from_node::<T>(p.root.as_ref().unwrap()).unwrap_err();
        assert_eq!(e.span.unwrap().start.line, 2);
    }
}
