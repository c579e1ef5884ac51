//! An ordered JSON value: the type of `Parameters`, `Result`, `ResultSelector`,
//! `ItemSelector`, event `input` and every other free-form field.
//!
//! It is our own type rather than `serde_json::Value` so that the model has no
//! dependencies (the proc-macro validates it at compile time without serde),
//! objects keep the order the user wrote and may hold duplicate keys until the
//! validator reports them, and a value can stand for "this machine's ARN",
//! which is only known once the machine belongs to a service.

use std::fmt::Write as _;

/// A JSON number, kept as written: integers stay integers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// A non-negative integer.
    PosInt(u64),
    /// A negative integer.
    NegInt(i64),
    /// A finite floating point number.
    Float(f64),
}

impl Number {
    /// The value as `f64` (integers above 2^53 lose precision).
    pub fn as_f64(self) -> f64 {
        match self {
            Number::PosInt(n) => n as f64,
            Number::NegInt(n) => n as f64,
            Number::Float(f) => f,
        }
    }

    /// The value as `u64` when it is a non-negative integer.
    pub fn as_u64(self) -> Option<u64> {
        match self {
            Number::PosInt(n) => Some(n),
            _ => None,
        }
    }
}

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Number::PosInt(n) => write!(f, "{n}"),
            Number::NegInt(n) => write!(f, "{n}"),
            // `{:?}` keeps a `.0` on whole floats, so they read back as floats.
            Number::Float(x) if x.is_finite() => write!(f, "{x:?}"),
            // JSON has no NaN or infinity; the validator reports them first.
            Number::Float(_) => f.write_str("null"),
        }
    }
}

/// A JSON value whose objects keep their key order.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Json {
    /// `null`
    #[default]
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, in insertion order. Duplicate keys are representable so
    /// that the validator can report them instead of silently keeping one.
    Object(Vec<(String, Json)>),
    /// The ARN of the state machine this value belongs to
    /// (`self.arn()` in the macro). It becomes
    /// `arn:aws:states:${aws:region}:${aws:accountId}:stateMachine:<service>-${sls:stage}-<Name>`
    /// when emitted; see [`crate::serverless::naming::state_machine_arn`].
    MachineArn,
}

impl Json {
    /// An object from key/value pairs, in order.
    pub fn object<K: Into<String>, V: Into<Json>>(pairs: impl IntoIterator<Item = (K, V)>) -> Json {
        Json::Object(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }

    /// An array from values.
    pub fn array<V: Into<Json>>(items: impl IntoIterator<Item = V>) -> Json {
        Json::Array(items.into_iter().map(Into::into).collect())
    }

    /// The string, when this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The entry under `key`, when this is an object holding it.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(pairs) => pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The entry under `key`, to change it, when this is an object holding it.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Json> {
        match self {
            Json::Object(pairs) => pairs.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// A short name of the value's kind, for error messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) | Json::MachineArn => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }

    /// Replaces every [`Json::MachineArn`] by the given ARN string.
    pub fn resolve_machine_arn(&mut self, arn: &str) {
        match self {
            Json::MachineArn => *self = Json::String(arn.to_owned()),
            Json::Array(items) => items.iter_mut().for_each(|v| v.resolve_machine_arn(arn)),
            Json::Object(pairs) => pairs
                .iter_mut()
                .for_each(|(_, v)| v.resolve_machine_arn(arn)),
            _ => {}
        }
    }

    /// Compact JSON text. [`Json::MachineArn`] is written as the string
    /// `"${self:arn}"`; resolve it first when that matters.
    pub fn to_json_string(&self) -> String {
        let mut out = String::new();
        write_json(&mut out, self, None, 0);
        out
    }

    /// Indented JSON text (two spaces).
    pub fn to_json_string_pretty(&self) -> String {
        let mut out = String::new();
        write_json(&mut out, self, Some(2), 0);
        out
    }
}

fn write_json(out: &mut String, value: &Json, indent: Option<usize>, depth: usize) {
    let newline = |out: &mut String, depth: usize| {
        if let Some(width) = indent {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', width * depth));
        }
    };
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Json::String(s) => write_json_string(out, s),
        Json::MachineArn => write_json_string(out, "${self:arn}"),
        Json::Array(items) if items.is_empty() => out.push_str("[]"),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_json(out, item, indent, depth + 1);
            }
            newline(out, depth);
            out.push(']');
        }
        Json::Object(pairs) if pairs.is_empty() => out.push_str("{}"),
        Json::Object(pairs) => {
            out.push('{');
            for (i, (key, item)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_json_string(out, key);
                out.push_str(if indent.is_some() { ": " } else { ":" });
                write_json(out, item, indent, depth + 1);
            }
            newline(out, depth);
            out.push('}');
        }
    }
}

fn write_json_string(out: &mut String, s: &str) {
    write_quoted(out, s, |c| (c as u32) < 0x20);
}

/// `s` in double quotes with `"`, `\\`, `\n`, `\r` and `\t` escaped, and
/// every other character for which `escape` holds written as `\uXXXX`. The
/// escapes mean the same in JSON strings and YAML double-quoted scalars.
pub(crate) fn write_quoted(out: &mut String, s: &str, escape: impl Fn(char) -> bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if escape(c) => {
                // Characters outside the BMP are never escaped here (only
                // controls and line/BOM separators are), so four digits do.
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::String(s.to_owned())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::String(s)
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}

impl From<f64> for Json {
    fn from(x: f64) -> Json {
        Json::Number(Number::Float(x))
    }
}

macro_rules! json_from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Json {
            fn from(n: $t) -> Json {
                let n = n as i128;
                Json::Number(if n >= 0 {
                    Number::PosInt(n as u64)
                } else {
                    Number::NegInt(n as i64)
                })
            }
        }
    )*};
}
json_from_int!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

impl<T: Into<Json>> From<Option<T>> for Json {
    fn from(v: Option<T>) -> Json {
        v.map_or(Json::Null, Into::into)
    }
}

impl<T: Into<Json>> From<Vec<T>> for Json {
    fn from(v: Vec<T>) -> Json {
        Json::array(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_compact_and_pretty_json_in_insertion_order() {
        let v = Json::object([
            ("z", Json::from(1)),
            (
                "a",
                Json::array([Json::from("x\"y\n"), Json::Null, Json::from(2.0)]),
            ),
            ("e", Json::Object(vec![])),
        ]);
        assert_eq!(
            v.to_json_string(),
            r#"{"z":1,"a":["x\"y\n",null,2.0],"e":{}}"#
        );
        assert_eq!(
            v.to_json_string_pretty(),
            "{\n  \"z\": 1,\n  \"a\": [\n    \"x\\\"y\\n\",\n    null,\n    2.0\n  ],\n  \"e\": {}\n}"
        );
    }

    #[test]
    fn integers_keep_their_sign_and_floats_their_point() {
        assert_eq!(Json::from(-3).to_json_string(), "-3");
        assert_eq!(Json::from(u64::MAX).to_json_string(), u64::MAX.to_string());
        assert_eq!(Json::from(0.5).to_json_string(), "0.5");
        assert_eq!(Json::from(f64::NAN).to_json_string(), "null");
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(Json::from("\u{1}").to_json_string(), "\"\\u0001\"");
    }

    #[test]
    fn machine_arn_is_resolved_everywhere() {
        let mut v = Json::object([("a", Json::array([Json::MachineArn]))]);
        v.resolve_machine_arn("arn:x");
        assert_eq!(v.to_json_string(), r#"{"a":["arn:x"]}"#);
    }
}
