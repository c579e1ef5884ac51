//! String functions, as jsonata-js 2.0.6 (`src/functions.js`) implements
//! them, plus the Step Functions additions `$hash` and `$parse`.
//!
//! jsonata-js measures `$length`, `$substring` and `$pad` in code points
//! (it spreads strings into arrays) but reports match positions
//! (`$match(...).index`) in UTF-16 code units, as JavaScript regexes do;
//! both are kept here.

use super::super::value::{js_number, Error, Func, Host, Result, Value};
use super::arg;

/// Longest string `$pad` builds (jsonata-js has no limit but memory).
const MAX_WIDTH: f64 = 1_000_000.0;

pub(super) fn call<'a>(
    name: &str,
    args: &[Value<'a>],
    host: &mut dyn Host<'a>,
) -> Option<Result<Value<'a>>> {
    let (a0, a1, a2, a3) = (arg(args, 0), arg(args, 1), arg(args, 2), arg(args, 3));
    if name == "string" {
        return Some(Ok(string(a0, a1.truthy())));
    }
    if !matches!(
        name,
        "substring"
            | "substringBefore"
            | "substringAfter"
            | "lowercase"
            | "uppercase"
            | "length"
            | "trim"
            | "pad"
            | "match"
            | "contains"
            | "replace"
            | "split"
            | "join"
            | "base64encode"
            | "base64decode"
            | "encodeUrlComponent"
            | "encodeUrl"
            | "decodeUrlComponent"
            | "decodeUrl"
            | "hash"
            | "parse"
    ) {
        return None;
    }
    if name == "join" {
        return Some(join(a0, a1));
    }
    // Every other one gives undefined for an undefined (or, defensively,
    // non-string) first argument.
    let Value::String(s) = a0 else {
        return Some(Ok(Value::Undefined));
    };
    let s: &str = s;
    let text = |t: String| Ok(Value::string(&t));
    Some(match name {
        "substring" => text(substring(s, number_or_nan(a1), a2.as_number())),
        "substringBefore" => text(match s.find(coerced(a1)) {
            Some(i) => s[..i].to_string(),
            None => s.to_string(),
        }),
        "substringAfter" => {
            let chars = coerced(a1);
            text(match s.find(chars) {
                Some(i) => s[i + chars.len()..].to_string(),
                None => s.to_string(),
            })
        }
        "lowercase" => text(s.to_lowercase()),
        "uppercase" => text(s.to_uppercase()),
        "length" => Ok(Value::Number(s.chars().count() as f64)),
        "trim" => text(trim(s)),
        "pad" => pad(s, a1, a2.as_str()).map(|t| Value::string(&t)),
        "match" => match_(s, a1, a2.as_number(), host),
        "contains" => contains(s, a1, host),
        "replace" => replace(s, a1, a2, a3.as_number(), host),
        "split" => split(s, a1, a2.as_number(), host),
        "base64encode" => {
            // Node's `Buffer.from(str, 'binary')`: the low byte of each
            // UTF-16 code unit.
            let bytes: Vec<u8> = s.encode_utf16().map(|u| (u & 0xff) as u8).collect();
            text(crate::run::intrinsics::base64_encode(&bytes))
        }
        "base64decode" => text(base64_decode(s)),
        "encodeUrlComponent" => text(encode(s, "-_.!~*'()")),
        "encodeUrl" => text(encode(s, "-_.!~*'();/?:@&=+$,#")),
        "decodeUrlComponent" => decode(s, "", name),
        "decodeUrl" => decode(s, ";/?:@&=+$,#", name),
        "hash" => hash(s, a1),
        _ => parse(s),
    })
}

// ---------------------------------------------------------------- $string

/// `$string(value, prettify)`: strings as they are, functions as `""`,
/// anything else as `JSON.stringify` writes it with numbers cut to 15
/// significant digits.
fn string<'a>(v: &Value<'a>, pretty: bool) -> Value<'a> {
    match v {
        Value::Undefined => Value::Undefined,
        Value::String(_) => v.clone(),
        Value::Function(_) => Value::string(""),
        Value::Array(a) if a.outer_wrapper => match a.items.first() {
            None | Some(Value::Undefined) => Value::Undefined,
            Some(first) => Value::string(&stringify(first, pretty)),
        },
        _ => Value::string(&stringify(v, pretty)),
    }
}

/// JSON text of a defined value, as jsonata-js's `$string` writes it.
pub(super) fn stringify(v: &Value<'_>, pretty: bool) -> String {
    let mut out = String::new();
    write_json(&mut out, v, pretty, 0);
    out
}

fn write_json(out: &mut String, v: &Value<'_>, pretty: bool, depth: usize) {
    let newline = |out: &mut String, depth: usize| {
        if pretty {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', depth * 2));
        }
    };
    match v {
        Value::Undefined | Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            // JSON.stringify writes a number that overflows as null.
            let n = super::numbers::to_precision(*n, 15);
            out.push_str(&if n.is_finite() {
                js_number(n)
            } else {
                "null".into()
            });
        }
        Value::String(s) => out.push_str(&quote(s)),
        // jsonata-js's replacer turns functions into empty strings.
        Value::Function(_) => out.push_str("\"\""),
        Value::Array(a) => {
            if a.items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in a.items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_json(out, item, pretty, depth + 1);
            }
            newline(out, depth);
            out.push(']');
        }
        Value::Object(pairs) => {
            // Undefined fields are left out, as JSON.stringify leaves them.
            let defined = pairs.iter().filter(|(_, v)| !v.is_undefined());
            let mut empty = true;
            for (i, (k, v)) in defined.enumerate() {
                out.push(if i == 0 { '{' } else { ',' });
                empty = false;
                newline(out, depth + 1);
                out.push_str(&quote(k));
                out.push_str(if pretty { ": " } else { ":" });
                write_json(out, v, pretty, depth + 1);
            }
            if empty {
                out.push_str("{}");
            } else {
                newline(out, depth);
                out.push('}');
            }
        }
    }
}

/// A string as JSON.stringify quotes it.
pub(super) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ------------------------------------------------------- simple functions

/// An optional number argument that was given as undefined: JavaScript
/// arithmetic turns it into NaN.
fn number_or_nan(v: &Value<'_>) -> f64 {
    v.as_number().unwrap_or(f64::NAN)
}

/// A string argument as JavaScript coerces it (`indexOf(undefined)` looks
/// for "undefined").
fn coerced<'v>(v: &'v Value<'_>) -> &'v str {
    v.as_str().unwrap_or("undefined")
}

/// `Array.prototype.slice`'s index: truncated, negative from the end,
/// clamped to the length; NaN is 0.
fn slice_index(x: f64, len: usize) -> usize {
    let x = if x.is_nan() { 0.0 } else { x.trunc() };
    if x < 0.0 {
        (len as f64 + x).max(0.0) as usize
    } else {
        x.min(len as f64) as usize
    }
}

/// `$substring`, over code points.
fn substring(s: &str, start: f64, length: Option<f64>) -> String {
    let chars: Vec<char> = s.chars().collect();
    let len = chars.len();
    let start = if len as f64 + start < 0.0 { 0.0 } else { start };
    let end = match length {
        Some(l) if l <= 0.0 => return String::new(),
        Some(l) if start >= 0.0 => start + l,
        Some(l) => len as f64 + start + l,
        None => len as f64,
    };
    let (from, to) = (slice_index(start, len), slice_index(end, len));
    chars
        .get(from..to.max(from))
        .unwrap_or(&[])
        .iter()
        .collect()
}

/// `$trim`: runs of space, tab, CR and LF become one space; one leading
/// and one trailing space go.
fn trim(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_space = false;
    for c in s.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    let out = out.strip_prefix(' ').unwrap_or(&out);
    out.strip_suffix(' ').unwrap_or(out).to_string()
}

/// `$pad(str, width, char)`: positive widths pad on the right, negative on
/// the left, with `char` repeated (code points).
fn pad(s: &str, width: &Value<'_>, fill: Option<&str>) -> Result<String> {
    let fill = match fill {
        Some(f) if !f.is_empty() => f,
        _ => " ",
    };
    let width = number_or_nan(width);
    // jsonata-js fails on a fractional padding length; it is cut here.
    let missing = (width.abs() - s.chars().count() as f64).floor();
    if missing.is_nan() || missing <= 0.0 {
        return Ok(s.to_string());
    }
    if missing > MAX_WIDTH {
        return Err(Error::new(
            "D3137",
            format!("$pad: a width of {} is too large", js_number(width)),
        ));
    }
    let padding: String = fill.chars().cycle().take(missing as usize).collect();
    Ok(if width > 0.0 {
        format!("{s}{padding}")
    } else {
        format!("{padding}{s}")
    })
}

fn join<'a>(strs: &Value<'a>, sep: &Value<'a>) -> Result<Value<'a>> {
    let items = match strs {
        Value::Undefined => return Ok(Value::Undefined),
        Value::Array(a) => &a.items[..],
        other => std::slice::from_ref(other),
    };
    let sep = sep.as_str().unwrap_or("");
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        let Value::String(s) = item else {
            return Err(Error::new(
                "T0412",
                "Argument 1 of function \"join\" must be an array of \"strings\"",
            ));
        };
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(s);
    }
    Ok(Value::string(&out))
}

// ------------------------------------------------------------- matchers

/// One match, as jsonata-js's matchers report it.
struct Found<'a> {
    text: String,
    /// Byte offsets in the searched string: where the match starts, where
    /// it ends (`end`), and start plus the match's length (`after`; they
    /// differ only for a custom matcher that reports odd positions).
    start: usize,
    end: usize,
    after: usize,
    /// The start in UTF-16 code units, as JavaScript reports it.
    index: f64,
    groups: Vec<Value<'a>>,
    /// What a custom matcher returned (its `next` function in it).
    raw: Option<Value<'a>>,
}

impl<'a> Found<'a> {
    /// The `$match` result object.
    fn match_object(&self) -> Value<'a> {
        Value::object(vec![
            ("match".into(), Value::string(&self.text)),
            ("index".into(), Value::Number(self.index)),
            ("groups".into(), Value::array(self.groups.clone())),
        ])
    }

    /// What a replacement function gets: the matcher's own result.
    fn matcher_object(&self) -> Value<'a> {
        if let Some(raw) = &self.raw {
            return raw.clone();
        }
        let length = self.text.encode_utf16().count() as f64;
        Value::object(vec![
            ("match".into(), Value::string(&self.text)),
            ("start".into(), Value::Number(self.index)),
            ("end".into(), Value::Number(self.index + length)),
            ("groups".into(), Value::array(self.groups.clone())),
        ])
    }
}

/// A pattern argument that is a function: a regex literal, or any function
/// following jsonata-js's matcher protocol (`{match, start, end, groups,
/// next}`).
enum Matcher<'p, 'a> {
    Regex(&'p regex_lite::Regex),
    Custom(&'p Value<'a>),
}

impl<'p, 'a> Matcher<'p, 'a> {
    fn new(v: &'p Value<'a>) -> Option<Matcher<'p, 'a>> {
        match v {
            Value::Function(f) => Some(match &**f {
                Func::Regex(r) => Matcher::Regex(&r.regex),
                _ => Matcher::Custom(v),
            }),
            _ => None,
        }
    }

    fn first(&self, s: &str, caller: &str, host: &mut dyn Host<'a>) -> Result<Option<Found<'a>>> {
        match self {
            Matcher::Regex(re) => Ok(regex_at(re, s, 0, 0, 0.0)),
            Matcher::Custom(f) => {
                let result = host.apply(f, vec![Value::string(s)])?;
                custom_found(result.normalized(), s, caller)
            }
        }
    }

    /// The match after `prev`. Like jsonata-js's regex closure, a regex
    /// that then matches the empty string is error D1004 (it would never
    /// progress).
    fn next(
        &self,
        s: &str,
        prev: &Found<'a>,
        caller: &str,
        host: &mut dyn Host<'a>,
    ) -> Result<Option<Found<'a>>> {
        match self {
            Matcher::Regex(re) => {
                if prev.end >= s.len() {
                    return Ok(None);
                }
                let found = regex_at(re, s, prev.end, prev.start, prev.index);
                if found.as_ref().is_some_and(|f| f.text.is_empty()) {
                    return Err(Error::new(
                        "D1004",
                        "Regular expression matches zero length string",
                    ));
                }
                Ok(found)
            }
            Matcher::Custom(_) => {
                let next = prev.raw.as_ref().and_then(|r| r.field("next")).cloned();
                match next {
                    Some(next @ Value::Function(_)) => {
                        let result = host.apply(&next, Vec::new())?;
                        custom_found(result.normalized(), s, caller)
                    }
                    _ => Ok(None),
                }
            }
        }
    }
}

/// The regex's first match at or after byte `from`; `known` and
/// `known_index` are a byte offset before `from` and its UTF-16 position,
/// so positions are counted incrementally.
fn regex_at<'a>(
    re: &regex_lite::Regex,
    s: &str,
    from: usize,
    known: usize,
    known_index: f64,
) -> Option<Found<'a>> {
    let caps = re.captures_at(s, from)?;
    let m = caps.get(0)?;
    let index = known_index + s.get(known..m.start()).map_or(0, utf16_len) as f64;
    let groups = (1..caps.len())
        .map(|i| {
            caps.get(i)
                .map_or(Value::Undefined, |g| Value::string(g.as_str()))
        })
        .collect();
    Some(Found {
        text: m.as_str().to_string(),
        start: m.start(),
        end: m.end(),
        after: m.end(),
        index,
        groups,
        raw: None,
    })
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// The byte offset of a UTF-16 position (clamped, on a char boundary).
fn byte_offset(s: &str, units: f64) -> usize {
    let mut count = 0.0;
    for (i, c) in s.char_indices() {
        if count >= units {
            return i;
        }
        count += c.len_utf16() as f64;
    }
    s.len()
}

/// A custom matcher's result: undefined (or another falsy value) for no
/// match; an object with a numeric `start`, an array `groups` or a
/// function `next`; anything else is error T1010.
fn custom_found<'a>(result: Value<'a>, s: &str, caller: &str) -> Result<Option<Found<'a>>> {
    if !result.truthy()
        && !matches!(
            result,
            Value::Object(_) | Value::Array(_) | Value::Function(_)
        )
    {
        return Ok(None);
    }
    let start = result.field("start").and_then(Value::as_number);
    let well_formed = start.is_some()
        || matches!(result.field("groups"), Some(Value::Array(_)))
        || matches!(result.field("next"), Some(Value::Function(_)));
    if !well_formed {
        return Err(Error::new(
            "T1010",
            format!(
                "The matcher function argument passed to function {} does not return the correct object structure",
                quote(caller)
            ),
        ));
    }
    let text = result
        .field("match")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let index = start.unwrap_or(0.0);
    let after_units = index + utf16_len(&text) as f64;
    let end_units = result
        .field("end")
        .and_then(Value::as_number)
        .unwrap_or(after_units);
    Ok(Some(Found {
        start: byte_offset(s, index),
        end: byte_offset(s, end_units),
        after: byte_offset(s, after_units),
        index,
        groups: result
            .field("groups")
            .and_then(Value::as_array)
            .map(|a| a.items.clone())
            .unwrap_or_default(),
        text,
        raw: Some(result),
    }))
}

/// JavaScript's `str.substring(a, b)` on byte offsets (it swaps reversed
/// bounds); offsets off a char boundary give nothing.
fn between(s: &str, a: usize, b: usize) -> &str {
    let (a, b) = (a.min(b).min(s.len()), a.max(b).min(s.len()));
    s.get(a..b).unwrap_or("")
}

/// Whether `count` matches reach the optional limit.
fn reached(count: usize, limit: Option<f64>) -> bool {
    limit.is_some_and(|l| count as f64 >= l)
}

fn match_<'a>(
    s: &str,
    pattern: &Value<'a>,
    limit: Option<f64>,
    host: &mut dyn Host<'a>,
) -> Result<Value<'a>> {
    if let Some(l) = limit.filter(|l| *l < 0.0) {
        return Err(Error::new(
            "D3040",
            format!(
                "Third argument of match function must evaluate to a positive number: {}",
                js_number(l)
            ),
        ));
    }
    let Some(matcher) = Matcher::new(pattern) else {
        return Ok(Value::Undefined);
    };
    let mut out = Vec::new();
    if limit.is_none_or(|l| l > 0.0) {
        let mut found = matcher.first(s, "match", host)?;
        while let Some(f) = found {
            if reached(out.len(), limit) {
                break;
            }
            out.push(f.match_object());
            found = matcher.next(s, &f, "match", host)?;
        }
    }
    // A sequence: one match reads as its object, none as undefined.
    Ok(Value::sequence(out))
}

fn contains<'a>(s: &str, pattern: &Value<'a>, host: &mut dyn Host<'a>) -> Result<Value<'a>> {
    Ok(Value::Bool(match Matcher::new(pattern) {
        Some(matcher) => matcher.first(s, "contains", host)?.is_some(),
        None => s.contains(coerced(pattern)),
    }))
}

fn replace<'a>(
    s: &str,
    pattern: &Value<'a>,
    replacement: &Value<'a>,
    limit: Option<f64>,
    host: &mut dyn Host<'a>,
) -> Result<Value<'a>> {
    if pattern.as_str() == Some("") {
        return Err(Error::new(
            "D3010",
            "Second argument of replace function cannot be an empty string",
        ));
    }
    if let Some(l) = limit.filter(|l| *l < 0.0) {
        return Err(Error::new(
            "D3011",
            format!(
                "Fourth argument of replace function must evaluate to a positive number: {}",
                js_number(l)
            ),
        ));
    }
    if limit.is_some_and(|l| l <= 0.0) {
        return Ok(Value::string(s));
    }
    let mut out = String::new();
    let mut position = 0;
    let mut count = 0;
    let Some(matcher) = Matcher::new(pattern) else {
        // A plain string pattern: the replacement is inserted as it is.
        let pattern = coerced(pattern);
        while let Some(i) = s[position..].find(pattern).map(|i| i + position) {
            if reached(count, limit) {
                break;
            }
            out.push_str(&s[position..i]);
            match replacement {
                Value::String(r) => out.push_str(r),
                // jsonata-js would insert the function's source text; a
                // function is called with the match, as for a regex.
                Value::Function(_) => {
                    let found = Found {
                        text: pattern.to_string(),
                        start: i,
                        end: i + pattern.len(),
                        after: i + pattern.len(),
                        index: utf16_len(&s[..i]) as f64,
                        groups: Vec::new(),
                        raw: None,
                    };
                    out.push_str(&replaced(&found, replacement, host)?);
                }
                _ => out.push_str("undefined"),
            }
            position = i + pattern.len();
            count += 1;
        }
        out.push_str(&s[position..]);
        return Ok(Value::string(&out));
    };
    let mut found = matcher.first(s, "replace", host)?;
    if found.is_none() {
        return Ok(Value::string(s));
    }
    while let Some(f) = found {
        if reached(count, limit) {
            break;
        }
        out.push_str(between(s, position, f.start));
        out.push_str(&replaced(&f, replacement, host)?);
        position = f.after;
        count += 1;
        found = matcher.next(s, &f, "replace", host)?;
    }
    out.push_str(s.get(position..).unwrap_or(""));
    Ok(Value::string(&out))
}

/// The text that replaces one match: the replacement string with its `$n`
/// references, or what the replacement function returns (a string, or
/// error D3012).
fn replaced<'a>(
    found: &Found<'a>,
    replacement: &Value<'a>,
    host: &mut dyn Host<'a>,
) -> Result<String> {
    match replacement {
        Value::String(r) => Ok(substitute(r, found)),
        Value::Function(_) => match host
            .apply(replacement, vec![found.matcher_object()])?
            .normalized()
        {
            Value::String(t) => Ok(t.to_string()),
            _ => Err(Error::new(
                "D3012",
                "Attempted to replace a matched string with a non-string value",
            )),
        },
        _ => Err(Error::new(
            "D3012",
            "Attempted to replace a matched string with a non-string value",
        )),
    }
}

/// jsonata-js's `$` substitution: `$$` is `$`, `$0` the match, `$n` group
/// n, reading as many digits as the largest group number has (one fewer
/// if that names no group); `$` before anything else stays.
fn substitute(replacement: &str, found: &Found<'_>) -> String {
    let r: Vec<char> = replacement.chars().collect();
    let groups = &found.groups;
    let max_digits = if groups.is_empty() {
        1
    } else {
        // The same float arithmetic as jsonata-js.
        ((groups.len() as f64).ln() * std::f64::consts::LOG10_E).floor() as usize + 1
    };
    let dollar = |from: usize| {
        r.get(from..)
            .and_then(|t| t.iter().position(|&c| c == '$'))
            .map(|i| i + from)
    };
    let digits_at = |from: usize, n: usize| -> String {
        r.get(from..(from + n).min(r.len()))
            .unwrap_or(&[])
            .iter()
            .collect()
    };
    let mut out = String::new();
    let mut position = 0;
    let mut next = dollar(0);
    while let Some(i) = next {
        if position >= r.len() {
            break;
        }
        out.extend(&r[position..i]);
        position = i + 1;
        match r.get(position) {
            Some('$') => {
                out.push('$');
                position += 1;
            }
            Some('0') => {
                out.push_str(&found.text);
                position += 1;
            }
            _ => {
                let mut index = js_parse_int(&digits_at(position, max_digits));
                if max_digits > 1 && index.is_some_and(|n| n > groups.len() as f64) {
                    index = js_parse_int(&digits_at(position, max_digits - 1));
                }
                match index {
                    Some(n) => {
                        if n >= 1.0 {
                            if let Some(Value::String(g)) = groups.get(n as usize - 1) {
                                out.push_str(g);
                            }
                        }
                        // jsonata-js skips as many characters as the number
                        // prints with.
                        position += js_number(n).chars().count();
                    }
                    None => out.push('$'),
                }
            }
        }
        next = dollar(position);
    }
    out.extend(r.get(position..).unwrap_or(&[]));
    out
}

/// JavaScript's `parseInt(text)` (radix 10, or 16 after `0x`): the leading
/// integer after white space and a sign; `None` for NaN.
pub(super) fn js_parse_int(text: &str) -> Option<f64> {
    let t = text.trim_start();
    let (negative, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let (radix, t) = match t.get(..2) {
        Some("0x" | "0X") => (16, &t[2..]),
        _ => (10, t),
    };
    let digits: String = t.chars().take_while(|c| c.is_digit(radix)).collect();
    if digits.is_empty() {
        return None;
    }
    let value = if radix == 10 {
        digits.parse::<f64>().ok()?
    } else {
        digits
            .chars()
            .filter_map(|c| c.to_digit(16))
            .fold(0.0, |acc, d| acc * 16.0 + f64::from(d))
    };
    Some(if negative { -value } else { value })
}

fn split<'a>(
    s: &str,
    separator: &Value<'a>,
    limit: Option<f64>,
    host: &mut dyn Host<'a>,
) -> Result<Value<'a>> {
    if let Some(l) = limit.filter(|l| *l < 0.0) {
        return Err(Error::new(
            "D3020",
            format!(
                "Third argument of split function must evaluate to a positive number: {}",
                js_number(l)
            ),
        ));
    }
    let mut parts: Vec<String> = Vec::new();
    if limit.is_none_or(|l| l > 0.0) {
        match Matcher::new(separator) {
            None => {
                // `String.prototype.split(sep, limit)`: the limit is taken
                // as an unsigned 32-bit integer.
                let max = limit.map_or(u32::MAX as usize, |l| {
                    (l.trunc() % 4_294_967_296.0) as usize
                });
                let sep = coerced(separator);
                if sep.is_empty() {
                    parts.extend(s.chars().take(max).map(String::from));
                } else {
                    parts.extend(s.split(sep).take(max).map(String::from));
                }
            }
            Some(matcher) => {
                let mut found = matcher.first(s, "split", host)?;
                if found.is_none() {
                    parts.push(s.to_string());
                }
                let mut start = 0;
                let mut count = 0;
                let mut any = false;
                while let Some(f) = found {
                    any = true;
                    if reached(count, limit) {
                        break;
                    }
                    parts.push(between(s, start, f.start).to_string());
                    start = f.end;
                    count += 1;
                    found = matcher.next(s, &f, "split", host)?;
                }
                if any && !reached(count, limit) {
                    parts.push(s.get(start..).unwrap_or("").to_string());
                }
            }
        }
    }
    Ok(Value::array(
        parts.iter().map(|p| Value::string(p)).collect(),
    ))
}

// ------------------------------------------------------ encoding functions

/// Node's lenient Base64 reading (`Buffer.from(str, 'base64')`): characters
/// outside the alphabet (standard or URL-safe) are skipped, `=` ends the
/// data; each byte becomes the character with that code
/// (`toString('binary')`).
fn base64_decode(s: &str) -> String {
    let mut out = String::new();
    let (mut bits, mut nbits) = (0u32, 0);
    for c in s.chars() {
        let v = match c {
            'A'..='Z' => c as u32 - 'A' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 26,
            '0'..='9' => c as u32 - '0' as u32 + 52,
            '+' | '-' => 62,
            '/' | '_' => 63,
            '=' => break,
            _ => continue,
        };
        bits = (bits << 6 | v) & 0xffff;
        nbits += 6;
        if nbits >= 8 {
            nbits -= 8;
            out.push(char::from(((bits >> nbits) & 0xff) as u8));
        }
    }
    out
}

/// `encodeURIComponent` / `encodeURI`: letters, digits and `keep` stay,
/// everything else is percent-encoded UTF-8.
fn encode(s: &str, keep: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || keep.contains(c) {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// `decodeURIComponent` / `decodeURI` (which keeps escapes of the
/// characters in `reserved`); a malformed escape is error D3140.
fn decode<'a>(s: &str, reserved: &str, function: &str) -> Result<Value<'a>> {
    let malformed = || {
        Error::new(
            "D3140",
            format!("Malformed URL passed to ${function}(): {}", quote(s)),
        )
    };
    let b = s.as_bytes();
    let hex_at = |i: usize| -> Option<u8> {
        if b.get(i) != Some(&b'%') {
            return None;
        }
        let h = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
        u8::from_str_radix(h, 16).ok()
    };
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'%' {
            out.push(b[i]);
            i += 1;
            continue;
        }
        let first = hex_at(i).ok_or_else(malformed)?;
        if first < 0x80 {
            if reserved.contains(char::from(first)) {
                out.extend_from_slice(&b[i..i + 3]);
            } else {
                out.push(first);
            }
            i += 3;
            continue;
        }
        let len = match first.leading_ones() {
            n @ 2..=4 => n as usize,
            _ => return Err(malformed()),
        };
        let mut bytes = vec![first];
        for k in 1..len {
            let byte = hex_at(i + 3 * k).ok_or_else(malformed)?;
            bytes.push(byte);
        }
        // from_utf8 refuses overlong forms, surrogates and bad continuations.
        let text = std::str::from_utf8(&bytes).map_err(|_| malformed())?;
        out.extend_from_slice(text.as_bytes());
        i += 3 * len;
    }
    String::from_utf8(out)
        .map(|t| Value::string(&t))
        .map_err(|_| malformed())
}

// ------------------------------------------------- Step Functions additions

/// `$hash(data, algorithm)`: the hex digest of the UTF-8 bytes.
fn hash<'a>(data: &str, algorithm: &Value<'a>) -> Result<Value<'a>> {
    let Value::String(algorithm) = algorithm else {
        return Ok(Value::Undefined);
    };
    crate::run::hash::hex(algorithm, data.as_bytes())
        .map(|h| Value::string(&h))
        .ok_or_else(|| {
            Error::new(
                "D3137",
                format!(
                    "Unsupported hash algorithm {}: use MD5, SHA-1, SHA-256, SHA-384 or SHA-512",
                    quote(algorithm)
                ),
            )
        })
}

/// `$parse(jsonString)`: the value of JSON text.
fn parse<'a>(text: &str) -> Result<Value<'a>> {
    crate::from_json_str(text)
        .map(|json| Value::from_json(&json))
        .map_err(|e| {
            Error::new(
                "D3120",
                format!("Unable to parse the JSON string passed to $parse: {e}"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::super::super::value::{Error, Func, Host, Regex, Result, Value};
    use std::rc::Rc;

    /// Calls built-ins for `apply`; `upper_match` stands for
    /// `function($m) { $uppercase($m.match) }` and `not_string` for a
    /// function returning a number.
    struct TestHost;

    impl<'a> Host<'a> for TestHost {
        fn apply(&mut self, func: &Value<'a>, args: Vec<Value<'a>>) -> Result<Value<'a>> {
            let Value::Function(f) = func else {
                return Err(Error::new("T1006", "not a function"));
            };
            match &**f {
                Func::Builtin("upper_match") => {
                    let m = args[0].field("match").and_then(Value::as_str).unwrap_or("");
                    Ok(Value::string(&m.to_uppercase()))
                }
                Func::Builtin("not_string") => Ok(Value::Number(42.0)),
                Func::Builtin(name) => super::super::call(name, &args, self),
                _ => Err(Error::new("T1006", "not callable in tests")),
            }
        }
        fn now_millis(&self) -> f64 {
            0.0
        }
        fn random(&mut self) -> f64 {
            0.5
        }
        fn uuid(&mut self) -> String {
            "00000000-0000-4000-8000-000000000000".into()
        }
    }

    fn s(t: &str) -> Value<'static> {
        Value::string(t)
    }
    fn n(x: f64) -> Value<'static> {
        Value::Number(x)
    }
    fn re(p: &str) -> Value<'static> {
        Value::Function(Rc::new(Func::Regex(Rc::new(Regex {
            regex: regex_lite::Regex::new(p).unwrap(),
        }))))
    }
    fn builtin(name: &'static str) -> Value<'static> {
        Value::Function(Rc::new(Func::Builtin(name)))
    }
    fn strs(items: &[&str]) -> Value<'static> {
        Value::array(items.iter().map(|t| s(t)).collect())
    }

    fn run(name: &str, args: &[Value<'static>]) -> Result<Value<'static>> {
        super::call(name, args, &mut TestHost).expect("handled")
    }
    fn json(name: &str, args: &[Value<'static>]) -> String {
        match run(name, args).unwrap().normalized() {
            Value::Undefined => "undefined".into(),
            v => super::stringify(&v, false),
        }
    }
    fn text(name: &str, args: &[Value<'static>]) -> String {
        match run(name, args).unwrap() {
            Value::String(t) => t.to_string(),
            other => panic!("{name}: not a string: {other:?}"),
        }
    }
    fn code(name: &str, args: &[Value<'static>]) -> &'static str {
        run(name, args).unwrap_err().code
    }

    #[test]
    fn unknown_names_are_not_handled() {
        assert!(super::call("sum", &[], &mut TestHost).is_none());
    }

    #[test]
    fn string() {
        assert_eq!(text("string", &[n(5.0)]), "5");
        assert_eq!(text("string", &[n(22.0 / 7.0)]), "3.14285714285714");
        assert_eq!(text("string", &[n(0.1 + 0.2)]), "0.3");
        assert_eq!(text("string", &[n(1e100)]), "1e+100");
        assert_eq!(text("string", &[n(1e-7)]), "1e-7");
        assert_eq!(text("string", &[n(1e20)]), "100000000000000000000");
        assert_eq!(text("string", &[Value::Bool(false)]), "false");
        assert_eq!(text("string", &[Value::Null]), "null");
        assert_eq!(text("string", &[s("a\"b")]), "a\"b");
        assert_eq!(text("string", &[builtin("sum")]), "");
        assert!(run("string", &[]).unwrap().is_undefined());
        let obj = Value::object(vec![
            ("string".into(), s("hello")),
            ("number".into(), n(78.8 / 2.0)),
            ("f".into(), builtin("sum")),
            ("u".into(), Value::Undefined),
            ("array".into(), Value::array(vec![])),
            ("o".into(), Value::object(vec![])),
        ]);
        assert_eq!(
            text("string", &[obj]),
            r#"{"string":"hello","number":39.4,"f":"","array":[],"o":{}}"#
        );
        assert_eq!(
            text(
                "string",
                &[Value::array(vec![s("string"), n(5.0)]), Value::Bool(true)]
            ),
            "[\n  \"string\",\n  5\n]"
        );
        assert_eq!(
            text(
                "string",
                &[
                    Value::object(vec![("a".into(), Value::array(vec![n(1.0)]))]),
                    Value::Bool(true)
                ]
            ),
            "{\n  \"a\": [\n    1\n  ]\n}"
        );
        assert_eq!(text("string", &[s("\u{1}\n")]), "\u{1}\n");
        assert_eq!(super::quote("\u{1}\n"), "\"\\u0001\\n\"");
    }

    #[test]
    fn substrings_count_code_points() {
        assert_eq!(
            text("substring", &[s("hello world"), n(0.0), n(5.0)]),
            "hello"
        );
        assert_eq!(
            text("substring", &[s("hello world"), n(-5.0), n(4.0)]),
            "worl"
        );
        assert_eq!(text("substring", &[s("hello world"), n(6.0)]), "world");
        assert_eq!(text("substring", &[s("hello world"), n(-5.0), n(-1.0)]), "");
        assert_eq!(
            text("substring", &[s("hello world"), n(-100.0), n(3.0)]),
            "hel"
        );
        assert_eq!(text("substring", &[s("😂😁😀"), n(-2.0), n(1.0)]), "😁");
        assert_eq!(text("substring", &[s("😂😁😀"), n(-5.0), n(1.0)]), "😂");
        assert_eq!(text("substring", &[s("𝄞💩"), n(1.0), n(1.0)]), "💩");
        assert!(run("substring", &[Value::Undefined, n(6.0)])
            .unwrap()
            .is_undefined());
        assert_eq!(text("substringBefore", &[s("Hello World"), s("o")]), "Hell");
        assert_eq!(
            text("substringBefore", &[s("Hello World"), s("x")]),
            "Hello World"
        );
        assert_eq!(
            text("substringAfter", &[s("Hello World"), s("o")]),
            " World"
        );
        assert_eq!(
            text("substringAfter", &[s("Hello World"), s("")]),
            "Hello World"
        );
        assert_eq!(json("length", &[s("𝄞💩")]), "2");
        assert_eq!(json("length", &[s("\u{3bb}-calculus")]), "10");
        assert!(run("length", &[Value::Undefined]).unwrap().is_undefined());
    }

    #[test]
    fn case_trim_and_pad() {
        assert_eq!(text("uppercase", &[s("Hello ß")]), "HELLO SS");
        assert_eq!(text("lowercase", &[s("HeLLo")]), "hello");
        assert_eq!(
            text("trim", &[s("   Hello  \n  \t World  \t ")]),
            "Hello World"
        );
        assert_eq!(text("pad", &[s("foo"), n(5.0)]), "foo  ");
        assert_eq!(text("pad", &[s("foo"), n(-5.0), s("#")]), "##foo");
        assert_eq!(text("pad", &[s("foo"), n(5.0), s("")]), "foo  ");
        assert_eq!(text("pad", &[s("foo"), n(8.0), s("-+")]), "foo-+-+-");
        assert_eq!(text("pad", &[s("a𝄞💩"), n(6.0), s("💩")]), "a𝄞💩💩💩💩");
        assert_eq!(text("pad", &[s("𝄞💩"), n(-7.0)]), "     𝄞💩");
        assert_eq!(code("pad", &[s("x"), n(1e12)]), "D3137");
    }

    #[test]
    fn contains_and_match() {
        assert_eq!(json("contains", &[s("Hello World"), s("lo")]), "true");
        assert_eq!(json("contains", &[s("Hello World"), s("world")]), "false");
        assert_eq!(json("contains", &[s("ababbxabbcc"), re("ab+")]), "true");
        assert_eq!(json("contains", &[s("ababbxabbcc"), re("ax+")]), "false");
        assert_eq!(
            json("match", &[s("ababbabbcc"), re("a(b+)")]),
            r#"[{"match":"ab","index":0,"groups":["b"]},{"match":"abb","index":2,"groups":["bb"]},{"match":"abb","index":5,"groups":["bb"]}]"#
        );
        assert_eq!(
            json("match", &[s("ababbabbcc"), re("a(b+)"), n(1.0)]),
            r#"{"match":"ab","index":0,"groups":["b"]}"#
        );
        assert_eq!(json("match", &[s("abc"), re("x")]), "undefined");
        // Positions in UTF-16 code units, as JavaScript gives them.
        assert_eq!(
            json("match", &[s("😀a"), re("a")]),
            r#"{"match":"a","index":2,"groups":[]}"#
        );
        assert_eq!(code("match", &[s("abc"), re("x*")]), "D1004");
        assert_eq!(code("match", &[s("abc"), re("b"), n(-1.0)]), "D3040");
        // A function that is not a matcher.
        assert_eq!(
            code("split", &[s("some text"), builtin("uppercase")]),
            "T1010"
        );
    }

    #[test]
    fn replace() {
        assert_eq!(
            text("replace", &[s("Hello World"), s("World"), s("Everyone")]),
            "Hello Everyone"
        );
        assert_eq!(
            text(
                "replace",
                &[s("the cat sat on the mat"), s("at"), s("it"), n(2.0)]
            ),
            "the cit sit on the mat"
        );
        assert_eq!(
            text("replace", &[s("the cat sat"), s("at"), s("$1"), n(0.0)]),
            "the cat sat"
        );
        assert_eq!(
            code("replace", &[s("hello"), s("l"), s("1"), n(-2.0)]),
            "D3011"
        );
        assert_eq!(code("replace", &[s("hello"), s(""), s("bye")]), "D3010");
        assert_eq!(
            text("replace", &[s("ababbxabbcc"), re("b+"), s("yy"), n(2.0)]),
            "ayyayyxabbcc"
        );
        assert_eq!(
            text(
                "replace",
                &[s("John Smith"), re(r"(\w+)\s(\w+)"), s("$2, $1")]
            ),
            "Smith, John"
        );
        assert_eq!(
            text("replace", &[s("265USD"), re("([0-9]+)USD"), s("$$$1")]),
            "$265"
        );
        assert_eq!(
            text("replace", &[s("265USD"), re("([0-9]+)USD"), s("$w")]),
            "$w"
        );
        assert_eq!(
            text("replace", &[s("265USD"), re("([0-9]+)USD"), s("$0$1$2")]),
            "265USD265"
        );
        assert_eq!(
            text("replace", &[s("abcd"), re("(ab)|(a)"), s("[1=$1][2=$2]")]),
            "[1=ab][2=]cd"
        );
        assert_eq!(
            text("replace", &[s("abracadabra"), re("a.*?a"), s("*")]),
            "*c*bra"
        );
        let many = "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)(m)";
        assert_eq!(
            text(
                "replace",
                &[s("abcdefghijklmno"), re(many), s("$8$5$12$12$18$123")]
            ),
            "hella8l3no"
        );
        assert_eq!(
            text(
                "replace",
                &[s("abcdefghijklmno"), re("ijk"), s("$8$5$12$12$18$123")]
            ),
            "abcdefgh22823lmno"
        );
        assert_eq!(
            text(
                "replace",
                &[s("abcdefghijklmno"), re("(ijk)"), s("$8$5$12$12$18$123")]
            ),
            "abcdefghijk2ijk2ijk8ijk23lmno"
        );
        assert_eq!(
            text("replace", &[s("abcdefghijklmno"), re("(ijk)"), s("$x$")]),
            "abcdefgh$x$lmno"
        );
        assert_eq!(
            code("replace", &[s("abracadabra"), re(".*?"), s("$1")]),
            "D1004"
        );
        assert_eq!(
            text(
                "replace",
                &[s("Bowler Hat"), re("(?i)hat"), builtin("upper_match")]
            ),
            "Bowler HAT"
        );
        assert_eq!(
            code(
                "replace",
                &[s("Bowler Hat"), re("(?i)hat"), builtin("not_string")]
            ),
            "D3012"
        );
        assert!(run("replace", &[Value::Undefined, s("at"), s("it")])
            .unwrap()
            .is_undefined());
    }

    #[test]
    fn split_and_join() {
        assert_eq!(
            json("split", &[s("Hello  World"), s(" ")]),
            r#"["Hello","","World"]"#
        );
        assert_eq!(json("split", &[s("Hello"), s(" ")]), r#"["Hello"]"#);
        assert_eq!(
            json("split", &[s("Hello"), s("")]),
            r#"["H","e","l","l","o"]"#
        );
        assert_eq!(
            json("split", &[s("a, b, c, d"), s(", "), n(2.5)]),
            r#"["a","b"]"#
        );
        assert_eq!(json("split", &[s("a, b, c, d"), s(", "), n(0.0)]), "[]");
        assert_eq!(code("split", &[s("a, b"), s(", "), n(-3.0)]), "D3020");
        assert_eq!(
            json("split", &[s("12💩345💩6"), s("💩")]),
            r#"["12","345","6"]"#
        );
        assert_eq!(
            json("split", &[s("ababbxabbcc"), re("b+")]),
            r#"["a","a","xa","cc"]"#
        );
        assert_eq!(
            json("split", &[s("ababbxabbcc"), re("b+"), n(2.0)]),
            r#"["a","a"]"#
        );
        assert_eq!(
            json("split", &[s("ababbxabbcc"), re("d+")]),
            r#"["ababbxabbcc"]"#
        );
        assert_eq!(
            json("join", &[strs(&["hello", "world"]), s(", ")]),
            r#""hello, world""#
        );
        assert_eq!(json("join", &[strs(&[])]), r#""""#);
        assert_eq!(json("join", &[Value::Undefined, s(", ")]), "undefined");
        assert_eq!(code("join", &[Value::array(vec![n(1.0)])]), "T0412");
    }

    #[test]
    fn encodings() {
        assert_eq!(
            text("base64encode", &[s("hello:world")]),
            "aGVsbG86d29ybGQ="
        );
        assert_eq!(
            text("base64decode", &[s("aGVsbG86d29ybGQ=")]),
            "hello:world"
        );
        // Node's latin1 ('binary') strings.
        assert_eq!(text("base64encode", &[s("é")]), "6Q==");
        assert_eq!(text("base64decode", &[s("w6k=")]), "\u{c3}\u{a9}");
        assert!(run("base64encode", &[]).unwrap().is_undefined());
        assert_eq!(
            text("encodeUrl", &[s("https://mozilla.org/?x=шеллы")]),
            "https://mozilla.org/?x=%D1%88%D0%B5%D0%BB%D0%BB%D1%8B"
        );
        assert_eq!(text("encodeUrlComponent", &[s("?x=test")]), "%3Fx%3Dtest");
        assert_eq!(text("decodeUrlComponent", &[s("%3Fx%3Dtest")]), "?x=test");
        assert_eq!(text("decodeUrl", &[s("%3Fx%3D%D1%88")]), "%3Fx%3Dш");
        assert_eq!(code("decodeUrlComponent", &[s("%E0%A4%A")]), "D3140");
        assert_eq!(code("decodeUrl", &[s("%C0%80")]), "D3140");
        let err = run("decodeUrl", &[s("%")]).unwrap_err();
        assert_eq!(err.message, "Malformed URL passed to $decodeUrl(): \"%\"");
    }

    #[test]
    fn hash_and_parse() {
        assert_eq!(
            text("hash", &[s("Hello"), s("MD5")]),
            "8b1a9953c4611296a827abf8c47804d7"
        );
        assert_eq!(
            text("hash", &[s("Hello"), s("SHA-256")]),
            "185f8db32271fe25f561a6fc938b2e264306ec304eda518007d1764826381969"
        );
        assert_eq!(code("hash", &[s("Hello"), s("md5")]), "D3137");
        assert_eq!(
            json("parse", &[s(r#"{"b":1,"a":[true,null,"x"]}"#)]),
            r#"{"b":1,"a":[true,null,"x"]}"#
        );
        assert_eq!(code("parse", &[s("{")]), "D3120");
        assert!(run("parse", &[Value::Undefined]).unwrap().is_undefined());
    }
}
