//! The 18 intrinsic functions, evaluated on the call trees of
//! [`crate::expr::intrinsic`] (developer guide, "Intrinsic functions for
//! JSONPath states": <https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html>).
//! A bad argument raises `States.IntrinsicFailure`, as Step Functions does.

use super::jsonpath::{self, Scope};
use super::{Failure, Rng};
use crate::expr::intrinsic::{Arg, Call, Function};
use crate::json::{Json, Number};

/// The most items `States.ArrayRange` makes (developer guide: 1000).
const MAX_RANGE: usize = 1000;
/// The longest input of `States.Hash`, `States.Base64Encode` and
/// `States.Base64Decode` (developer guide: 10,000 characters).
const MAX_TEXT: usize = 10_000;

fn failure(call: &Call, why: impl std::fmt::Display) -> Failure {
    Failure::new(
        "States.IntrinsicFailure",
        format!("{}: {why}", call.function.name()),
    )
}

/// The value of `call` on `data`.
pub fn eval(call: &Call, data: &Json, scope: &Scope<'_>, rng: &mut Rng) -> Result<Json, Failure> {
    let mut args = Vec::with_capacity(call.args.len());
    for arg in &call.args {
        args.push(match arg {
            Arg::String { value, .. } => Json::String(value.clone()),
            Arg::Number {
                value, integral, ..
            } => number(*value, *integral),
            Arg::Bool(b, _) => Json::Bool(*b),
            Arg::Null(_) => Json::Null,
            Arg::Path(path) => jsonpath::select(path, data, scope).ok_or_else(|| {
                Failure::new(
                    "States.Runtime",
                    format!(
                        "the path `{path}` of {} selects nothing",
                        call.function.name()
                    ),
                )
            })?,
            Arg::Call(inner) => eval(inner, data, scope, rng)?,
        });
    }
    apply(call, &args, rng)
}

fn number(value: f64, integral: bool) -> Json {
    if integral && value.abs() < 9.007e15 {
        Json::from(value as i64)
    } else {
        Json::Number(Number::Float(value))
    }
}

/// An integer argument; decimals are rounded to the nearest (as Step
/// Functions does for the numbers of MathAdd, MathRandom, ArrayRange and
/// ArrayPartition).
fn integer(call: &Call, v: &Json, what: &str) -> Result<i64, Failure> {
    match v {
        Json::Number(n) => {
            let x = n.as_f64().round();
            if x.abs() > i32::MAX as f64 + 1.0 {
                return Err(failure(
                    call,
                    format!("{what} {x} is outside the 32-bit integer range"),
                ));
            }
            Ok(x as i64)
        }
        other => Err(failure(
            call,
            format!("{what} must be a number, not {}", other.kind_name()),
        )),
    }
}

fn string<'a>(call: &Call, v: &'a Json, what: &str) -> Result<&'a str, Failure> {
    v.as_str().ok_or_else(|| {
        failure(
            call,
            format!("{what} must be a string, not {}", v.kind_name()),
        )
    })
}

fn array<'a>(call: &Call, v: &'a Json, what: &str) -> Result<&'a [Json], Failure> {
    match v {
        Json::Array(items) => Ok(items),
        other => Err(failure(
            call,
            format!("{what} must be an array, not {}", other.kind_name()),
        )),
    }
}

fn apply(call: &Call, args: &[Json], rng: &mut Rng) -> Result<Json, Failure> {
    let arg = |i: usize| args.get(i).unwrap_or(&Json::Null);
    Ok(match call.function {
        Function::Format => {
            let template = string(call, arg(0), "the template")?;
            // Placeholders: those the parser found in a literal; `{}` in a
            // template read from a path.
            let holes: Vec<usize> = match call.args.first() {
                Some(Arg::String { placeholders, .. }) => placeholders.clone(),
                _ => template.match_indices("{}").map(|(i, _)| i).collect(),
            };
            if holes.len() != args.len() - 1 {
                return Err(failure(
                    call,
                    format!(
                        "the template has {} placeholders for {} values",
                        holes.len(),
                        args.len() - 1
                    ),
                ));
            }
            let mut out = String::with_capacity(template.len());
            let mut at = 0;
            for (hole, value) in holes.iter().zip(&args[1..]) {
                out.push_str(&template[at..*hole]);
                out.push_str(&match value {
                    Json::String(s) => s.clone(),
                    Json::Number(_) | Json::Bool(_) | Json::Null => value.to_json_string(),
                    other => {
                        return Err(failure(
                            call,
                            format!(
                                "a value must be a string, number, boolean or null, not {}",
                                other.kind_name()
                            ),
                        ))
                    }
                });
                at = hole + 2;
            }
            out.push_str(&template[at..]);
            Json::String(out)
        }
        Function::StringToJson => {
            let text = string(call, arg(0), "the argument")?;
            crate::from_json_str(text).map_err(|e| failure(call, format!("not JSON: {e}")))?
        }
        Function::JsonToString => Json::String(arg(0).to_json_string()),
        Function::Array => Json::Array(args.to_vec()),
        Function::ArrayPartition => {
            let items = array(call, arg(0), "the first argument")?;
            let size = integer(call, arg(1), "the chunk size")?;
            if size <= 0 {
                return Err(failure(
                    call,
                    format!("the chunk size must be positive, not {size}"),
                ));
            }
            Json::Array(
                items
                    .chunks(size as usize)
                    .map(|c| Json::Array(c.to_vec()))
                    .collect(),
            )
        }
        Function::ArrayContains => {
            let items = array(call, arg(0), "the first argument")?;
            Json::Bool(items.iter().any(|item| same(item, arg(1))))
        }
        Function::ArrayRange => {
            let start = integer(call, arg(0), "the start")?;
            let end = integer(call, arg(1), "the end")?;
            let step = integer(call, arg(2), "the step")?;
            if step == 0 {
                return Err(failure(call, "the step must not be 0"));
            }
            let mut out = Vec::new();
            let mut i = start;
            while (step > 0 && i <= end) || (step < 0 && i >= end) {
                if out.len() == MAX_RANGE {
                    return Err(failure(call, format!("more than {MAX_RANGE} items")));
                }
                out.push(Json::from(i));
                i += step;
            }
            Json::Array(out)
        }
        Function::ArrayGetItem => {
            let items = array(call, arg(0), "the first argument")?;
            let index = integer(call, arg(1), "the index")?;
            usize::try_from(index)
                .ok()
                .and_then(|i| items.get(i))
                .cloned()
                .ok_or_else(|| {
                    failure(
                        call,
                        format!("index {index} is outside an array of {}", items.len()),
                    )
                })?
        }
        Function::ArrayLength => Json::from(array(call, arg(0), "the argument")?.len()),
        Function::ArrayUnique => {
            let items = array(call, arg(0), "the argument")?;
            let mut out: Vec<Json> = Vec::with_capacity(items.len());
            for item in items {
                if !out.iter().any(|o| same(o, item)) {
                    out.push(item.clone());
                }
            }
            Json::Array(out)
        }
        Function::Base64Encode => {
            let text = string(call, arg(0), "the argument")?;
            limit(call, text)?;
            Json::String(base64_encode(text.as_bytes()))
        }
        Function::Base64Decode => {
            let text = string(call, arg(0), "the argument")?;
            limit(call, text)?;
            let bytes = base64_decode(text).ok_or_else(|| failure(call, "not Base64"))?;
            Json::String(
                String::from_utf8(bytes)
                    .map_err(|_| failure(call, "the decoded bytes are not UTF-8 text"))?,
            )
        }
        Function::Hash => {
            let data = match arg(0) {
                Json::String(s) => s.clone(),
                other => other.to_json_string(),
            };
            limit(call, &data)?;
            let algorithm = string(call, arg(1), "the algorithm")?;
            Json::String(super::hash::hex(algorithm, data.as_bytes()).ok_or_else(|| {
                failure(
                    call,
                    format!("unknown algorithm `{algorithm}`; expected MD5, SHA-1, SHA-256, SHA-384 or SHA-512"),
                )
            })?)
        }
        Function::JsonMerge => {
            let (Json::Object(a), Json::Object(b)) = (arg(0), arg(1)) else {
                return Err(failure(call, "both arguments must be objects"));
            };
            if arg(2) != &Json::Bool(false) {
                return Err(failure(
                    call,
                    "only the shallow merge (`false`) is supported",
                ));
            }
            let mut out = a.clone();
            for (k, v) in b {
                match out.iter_mut().find(|(key, _)| key == k) {
                    Some(slot) => slot.1 = v.clone(),
                    None => out.push((k.clone(), v.clone())),
                }
            }
            Json::Object(out)
        }
        Function::MathRandom => {
            let start = integer(call, arg(0), "the start")?;
            let end = integer(call, arg(1), "the end")?;
            if end <= start {
                return Err(failure(
                    call,
                    format!("the end {end} must be greater than the start {start}"),
                ));
            }
            // A seed gives the same number every time (not AWS's sequence);
            // without one, the execution's own seeded generator.
            let r = match args.get(2) {
                Some(seed) => Rng::new(integer(call, seed, "the seed")? as u64).next(),
                None => rng.next(),
            };
            Json::from(start + (r % (end - start) as u64) as i64)
        }
        Function::MathAdd => {
            let a = integer(call, arg(0), "the first value")?;
            let b = integer(call, arg(1), "the second value")?;
            Json::from(a + b)
        }
        Function::StringSplit => {
            let text = string(call, arg(0), "the string")?;
            let delimiters = string(call, arg(1), "the delimiter")?;
            // Any character of the delimiter splits; empty parts are dropped
            // (the developer guide's example splits "This.is+a,test=string"
            // on ".+,=").
            Json::Array(
                text.split(|c| delimiters.contains(c))
                    .filter(|s| !s.is_empty())
                    .map(|s| Json::String(s.to_owned()))
                    .collect(),
            )
        }
        Function::UUID => Json::String(rng.uuid()),
    })
}

fn limit(call: &Call, text: &str) -> Result<(), Failure> {
    if text.chars().count() > MAX_TEXT {
        return Err(failure(
            call,
            format!("the input is longer than {MAX_TEXT} characters"),
        ));
    }
    Ok(())
}

/// JSON equality, numbers by value (`1` equals `1.0`).
pub fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => x.as_f64() == y.as_f64(),
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.iter().any(|(k2, v2)| k == k2 && same(v, v2)))
        }
        _ => a == b,
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard Base64 with padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Standard Base64 with padding; `None` when it is not.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if bytes.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for (c, chunk) in bytes.chunks(4).enumerate() {
        let last = c + 1 == bytes.len() / 4;
        let pads = chunk.iter().rev().take_while(|&&b| b == b'=').count();
        if pads > 2 || (pads > 0 && !last) {
            return None;
        }
        let mut n = 0u32;
        for &b in &chunk[..4 - pads] {
            let v = ALPHABET.iter().position(|&a| a == b)? as u32;
            n = (n << 6) | v;
        }
        n <<= 6 * pads as u32;
        let decoded = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&decoded[..3 - pads]);
    }
    Some(out)
}
