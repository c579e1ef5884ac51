//! serde glue: [`Json`] to and from YAML and JSON text, and any `Serialize`
//! value into [`Json`] (the macro's `(expr)` embeds).

use crate::error::Error;
use crate::json::{Json, Number};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::fmt;

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Number(Number::PosInt(n)) => serializer.serialize_u64(*n),
            Json::Number(Number::NegInt(n)) => serializer.serialize_i64(*n),
            Json::Number(Number::Float(x)) => serializer.serialize_f64(*x),
            Json::String(s) => serializer.serialize_str(s),
            Json::MachineArn => serializer.serialize_str("${self:arn}"),
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(pairs) => {
                let mut map = serializer.serialize_map(Some(pairs.len()))?;
                for (key, value) in pairs {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        Json::deserialize(d)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
        Ok(Json::Bool(b))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
        Ok(Json::Number(Number::PosInt(n)))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
        Ok(Json::Number(match u64::try_from(n) {
            Ok(n) => Number::PosInt(n),
            Err(_) => Number::NegInt(n),
        }))
    }
    fn visit_f64<E>(self, x: f64) -> Result<Json, E> {
        Ok(Json::Number(Number::Float(x)))
    }
    fn visit_str<E>(self, s: &str) -> Result<Json, E> {
        Ok(Json::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Json, E> {
        Ok(Json::String(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
        while let Some(key) = map.next_key::<Json>()? {
            let key = match key {
                Json::String(s) => s,
                other => {
                    return Err(de::Error::custom(format!(
                        "object keys must be strings, found {}",
                        other.kind_name()
                    )))
                }
            };
            pairs.push((key, map.next_value()?));
        }
        Ok(Json::Object(pairs))
    }
}

/// A value from YAML (or JSON) text.
pub fn from_yaml_str(text: &str) -> Result<Json, Error> {
    serde_yaml::from_str(text).map_err(|e| Error::Syntax(e.to_string()))
}

/// A value from JSON text.
pub fn from_json_str(text: &str) -> Result<Json, Error> {
    serde_json::from_str(text).map_err(|e| Error::Syntax(e.to_string()))
}

/// Any serializable value as [`Json`], keeping the order of its fields.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<Json, String> {
    serde_json::to_value(value)
        .map(from_serde_json)
        .map_err(|e| e.to_string())
}

fn from_serde_json(value: serde_json::Value) -> Json {
    use serde_json::Value;
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(b),
        Value::Number(n) => Json::Number(if let Some(u) = n.as_u64() {
            Number::PosInt(u)
        } else if let Some(i) = n.as_i64() {
            Number::NegInt(i)
        } else {
            Number::Float(n.as_f64().unwrap_or(f64::NAN))
        }),
        Value::String(s) => Json::String(s),
        Value::Array(items) => Json::Array(items.into_iter().map(from_serde_json).collect()),
        Value::Object(map) => Json::Object(
            map.into_iter()
                .map(|(k, v)| (k, from_serde_json(v)))
                .collect(),
        ),
    }
}

impl From<serde_json::Value> for Json {
    fn from(value: serde_json::Value) -> Json {
        from_serde_json(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_round_trip_keeps_order_and_types() {
        let v = Json::object([
            ("z", Json::from("yes")),
            ("a", Json::from(2.0)),
            ("n", Json::from(-4)),
            ("s", Json::from("10")),
            ("l", Json::array([Json::Null, Json::from(true)])),
        ]);
        let text = crate::serverless::yaml::to_yaml(&v);
        assert_eq!(from_yaml_str(&text).unwrap(), v, "{text}");
    }

    #[test]
    fn serialize_values_become_json() {
        #[derive(serde::Serialize)]
        struct S {
            b: u8,
            a: &'static str,
        }
        let v = to_json(&S { b: 1, a: "x" }).unwrap();
        assert_eq!(v.to_json_string(), r#"{"b":1,"a":"x"}"#);
    }

    #[test]
    fn non_string_keys_are_rejected() {
        assert!(from_yaml_str("1: a").is_err());
    }
}
