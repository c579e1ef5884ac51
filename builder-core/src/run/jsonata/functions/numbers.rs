//! Numeric and aggregation functions, as jsonata-js 2.0.6 implements them
//! (`src/functions.js`, and `src/datetime.js` for `$formatInteger` and
//! `$parseInteger`), plus the Step Functions additions `$range`, `$random`
//! (with a seed) and `$uuid`.

use super::super::value::{js_number, Error, Host, Result, Value};
use super::arg;
use super::strings::{js_parse_int, quote, stringify};

/// Longest text the formatting functions build.
const MAX_LEN: f64 = 1_000_000.0;
/// Most items `$range` builds.
const MAX_RANGE: f64 = 1_000_000.0;

pub(super) fn call<'a>(
    name: &str,
    args: &[Value<'a>],
    host: &mut dyn Host<'a>,
) -> Option<Result<Value<'a>>> {
    let (a0, a1, a2) = (arg(args, 0), arg(args, 1), arg(args, 2));
    let result = match name {
        "number" => number(a0),
        "floor" => unary(a0, f64::floor),
        "ceil" => unary(a0, f64::ceil),
        "abs" => unary(a0, f64::abs),
        "round" => match a0 {
            Value::Number(x) => finite(round(*x, a1.as_number().unwrap_or(0.0))),
            _ => Ok(Value::Undefined),
        },
        "sqrt" => match a0 {
            Value::Number(x) if *x < 0.0 => Err(Error::new(
                "D3060",
                format!(
                    "The sqrt function cannot be applied to a negative number: {}",
                    js_number(*x)
                ),
            )),
            Value::Number(x) => finite(x.sqrt()),
            _ => Ok(Value::Undefined),
        },
        "power" => power(a0, a1),
        "sum" => aggregate(a0, |xs| Some(xs.iter().sum())),
        "count" => Ok(Value::Number(match a0 {
            Value::Undefined => 0.0,
            Value::Array(a) => a.items.len() as f64,
            _ => 1.0,
        })),
        "max" => aggregate(a0, |xs| xs.iter().copied().reduce(f64::max)),
        "min" => aggregate(a0, |xs| xs.iter().copied().reduce(f64::min)),
        "average" => aggregate(a0, |xs| {
            (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
        }),
        "formatNumber" => match (a0, a1) {
            (Value::Number(x), Value::String(p)) => {
                format_number(*x, p, a2).map(|t| Value::string(&t))
            }
            _ => Ok(Value::Undefined),
        },
        "formatBase" => format_base(a0, a1),
        "formatInteger" => match (a0, a1) {
            (Value::Number(x), Value::String(p)) => {
                format_integer(x.floor(), p).map(|t| Value::string(&t))
            }
            _ => Ok(Value::Undefined),
        },
        "parseInteger" => match (a0, a1) {
            (Value::String(s), Value::String(p)) => parse_integer(s, p).and_then(finite),
            _ => Ok(Value::Undefined),
        },
        "range" => range(a0, a1, a2),
        "random" => Ok(Value::Number(match a0 {
            Value::Number(seed) => seeded_random(*seed),
            _ => host.random(),
        })),
        "uuid" => Ok(Value::string(&host.uuid())),
        _ => return None,
    };
    Some(result)
}

/// A number result; NaN and the infinities are error D1001.
fn finite<'a>(x: f64) -> Result<Value<'a>> {
    if x.is_finite() {
        Ok(Value::Number(x))
    } else {
        Err(Error::new(
            "D1001",
            format!("Number out of range: {}", js_number(x)),
        ))
    }
}

fn unary<'a>(v: &Value<'a>, f: fn(f64) -> f64) -> Result<Value<'a>> {
    match v {
        Value::Number(x) => finite(f(*x)),
        _ => Ok(Value::Undefined),
    }
}

/// An aggregate over an array of numbers; undefined for an undefined array
/// or when `f` gives nothing (an empty array for `$max`).
fn aggregate<'a>(v: &Value<'a>, f: impl Fn(&[f64]) -> Option<f64>) -> Result<Value<'a>> {
    let items = match v {
        Value::Undefined => return Ok(Value::Undefined),
        Value::Array(a) => &a.items[..],
        other => std::slice::from_ref(other),
    };
    let mut xs = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Value::Number(x) => xs.push(*x),
            _ => {
                return Err(Error::new(
                    "T0412",
                    "Argument 1 must be an array of \"numbers\"",
                ))
            }
        }
    }
    f(&xs).map_or(Ok(Value::Undefined), finite)
}

/// `$number`: numbers as they are, booleans as 0 and 1, strings in JSON
/// number syntax (or `0x`, `0o`, `0b` integers); anything else is D3030.
fn number<'a>(v: &Value<'a>) -> Result<Value<'a>> {
    let cast_error = || {
        let shown = if v.is_undefined() {
            "undefined".to_string()
        } else {
            stringify(v, false)
        };
        Error::new(
            "D3030",
            format!("Unable to cast value to a number: {shown}"),
        )
    };
    match v {
        Value::Undefined => Ok(Value::Undefined),
        Value::Number(_) => Ok(v.clone()),
        Value::Bool(b) => Ok(Value::Number(if *b { 1.0 } else { 0.0 })),
        Value::String(s) => {
            if is_decimal(s) {
                return match s.parse::<f64>() {
                    Ok(x) if x.is_finite() => Ok(Value::Number(x)),
                    _ => Err(cast_error()),
                };
            }
            if !prefixed_integer_pattern(s) {
                return Err(cast_error());
            }
            // jsonata-js gives NaN when the loose pattern matched text that
            // is not a literal ("0x1g"): NaN is D1001 here.
            prefixed_integer(s.trim()).map_or_else(|| finite(f64::NAN), finite)
        }
        _ => Err(cast_error()),
    }
}

/// `^-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?$`
fn is_decimal(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |i: usize| {
        b.get(i..)
            .map_or(0, |t| t.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    let mut i = usize::from(b.first() == Some(&b'-'));
    let n = digits(i);
    if n == 0 {
        return false;
    }
    i += n;
    if b.get(i) == Some(&b'.') {
        let n = digits(i + 1);
        if n == 0 {
            return false;
        }
        i += 1 + n;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let n = digits(i);
        if n == 0 {
            return false;
        }
        i += n;
    }
    i == b.len()
}

/// jsonata-js's `/^(0[xX][0-9A-Fa-f]+)|(0[oO][0-7]+)|(0[bB][0-1]+)$/`, whose
/// alternatives anchor only at one end each.
fn prefixed_integer_pattern(s: &str) -> bool {
    let run = |t: &str, radix: u32| t.chars().take_while(|c| c.is_digit(radix)).count();
    let b = s.as_bytes();
    let starts_hex = matches!(b.get(..2), Some(b"0x" | b"0X")) && run(&s[2..], 16) > 0;
    let has_octal = (0..s.len())
        .any(|i| matches!(b.get(i..i + 2), Some(b"0o" | b"0O")) && run(&s[i + 2..], 8) > 0);
    let ends_binary = (0..s.len()).any(|i| {
        matches!(b.get(i..i + 2), Some(b"0b" | b"0B")) && {
            let rest = &s[i + 2..];
            !rest.is_empty() && run(rest, 2) == rest.len()
        }
    });
    starts_hex || has_octal || ends_binary
}

/// JavaScript's `Number("0x1F")` (and `0o`, `0b`): the whole text must be
/// the literal.
fn prefixed_integer(s: &str) -> Option<f64> {
    let radix = match s.get(..2)? {
        "0x" | "0X" => 16,
        "0o" | "0O" => 8,
        "0b" | "0B" => 2,
        _ => return None,
    };
    let digits = &s[2..];
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    if let Ok(n) = u128::from_str_radix(digits, radix) {
        return Some(n as f64);
    }
    Some(
        digits
            .chars()
            .filter_map(|c| c.to_digit(radix))
            .fold(0.0, |acc, d| acc * f64::from(radix) + f64::from(d)),
    )
}

fn power<'a>(base: &Value<'a>, exponent: &Value<'a>) -> Result<Value<'a>> {
    let Value::Number(b) = base else {
        return Ok(Value::Undefined);
    };
    let e = exponent.as_number().unwrap_or(f64::NAN);
    // Math.pow(±1, ±Infinity) is NaN in JavaScript; the exponent is finite here.
    let result = b.powf(e);
    if result.is_finite() {
        return Ok(Value::Number(result));
    }
    let e = if e.is_nan() {
        "undefined".into()
    } else {
        js_number(e)
    };
    Err(Error::new(
        "D3061",
        format!(
            "The power function has resulted in a value that cannot be represented as a JSON number: base={}, exponent={e}",
            js_number(*b)
        ),
    ))
}

// ----------------------------------------------------------------- rounding

/// JavaScript's `Math.round`: halves go up.
fn js_math_round(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let f = x.floor();
    if x - f >= 0.5 {
        f + 1.0
    } else {
        f
    }
}

/// jsonata-js's `round`: half to even, at `precision` decimal places, the
/// decimal point moved in the number's text (so 4.525 at 2 places is
/// 452.5, not 452.49999…). NaN when the shifted text is not a number.
pub(super) fn round(x: f64, precision: f64) -> f64 {
    // `if (precision)`: 0 and NaN shift nothing.
    let shift = precision != 0.0 && !precision.is_nan();
    let x = if shift { shifted(x, precision) } else { x };
    let mut r = js_math_round(x);
    if (r - x).abs() == 0.5 && (r % 2.0).abs() == 1.0 {
        r -= 1.0;
    }
    if shift {
        r = shifted(r, -precision);
    }
    if r == 0.0 {
        0.0 // no -0 in JSON
    } else {
        r
    }
}

/// `+(mantissa + 'e' + (exponent + by))` on the number's JavaScript text.
fn shifted(x: f64, by: f64) -> f64 {
    let text = js_number(x);
    let (mantissa, exponent) = match text.split_once('e') {
        Some((m, e)) => (m, e.parse::<f64>().unwrap_or(f64::NAN) + by),
        None => (text.as_str(), by),
    };
    format!("{mantissa}e{}", js_number(exponent))
        .parse()
        .unwrap_or(f64::NAN)
}

/// The exact decimal digits of a finite `x >= 0` (no leading or trailing
/// zeros) and the position of the decimal point: x = 0.d1d2… × 10^point.
fn exact_digits(x: f64) -> (Vec<u8>, i32) {
    if x == 0.0 {
        return (Vec::new(), 0);
    }
    // Rust prints the exact binary value when asked for enough digits; a
    // double has at most 767 significant ones.
    let text = format!("{:.800e}", x);
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let mut digits: Vec<u8> = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    while digits.last() == Some(&0) {
        digits.pop();
    }
    (digits, exponent.parse::<i32>().unwrap_or(0) + 1)
}

/// Rounds digits half up at `keep` digits (JavaScript's `toFixed` and
/// `toPrecision` pick the larger candidate on a tie); a carry out of the
/// first digit moves the point.
fn round_digits(mut digits: Vec<u8>, mut point: i32, keep: usize) -> (Vec<u8>, i32) {
    if digits.len() <= keep {
        return (digits, point);
    }
    let up = digits[keep] >= 5;
    digits.truncate(keep);
    if up {
        let mut i = keep;
        loop {
            if i == 0 {
                digits.insert(0, 1);
                point += 1;
                break;
            }
            i -= 1;
            if digits[i] == 9 {
                digits[i] = 0;
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    (digits, point)
}

/// `Number(x.toPrecision(p))`.
pub(super) fn to_precision(x: f64, p: usize) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    let (digits, point) = exact_digits(x.abs());
    let (digits, point) = round_digits(digits, point, p);
    let text: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
    let y: f64 = format!("0.{text}e{point}").parse().unwrap_or(x);
    if x < 0.0 {
        -y
    } else {
        y
    }
}

/// `x.toFixed(dp)` for `x >= 0` (exponent form from 1e21, as JavaScript).
fn to_fixed(x: f64, dp: usize) -> String {
    if x >= 1e21 || !x.is_finite() {
        return js_number(x);
    }
    let (digits, point) = exact_digits(x);
    let keep = point + dp as i32;
    // Below half a unit of the last place when no digit is kept.
    let (digits, point) = if keep < 0 {
        (Vec::new(), point)
    } else {
        round_digits(digits, point, keep as usize)
    };
    let digit = |i: i32| -> char {
        usize::try_from(i)
            .ok()
            .and_then(|i| digits.get(i))
            .map_or('0', |d| char::from(b'0' + d))
    };
    let mut out: String = if point > 0 {
        (0..point).map(digit).collect()
    } else {
        "0".into()
    };
    if dp > 0 {
        out.push('.');
        out.extend((0..dp as i32).map(|k| digit(point + k)));
    }
    out
}

// --------------------------------------------------------------- formatBase

fn format_base<'a>(value: &Value<'a>, radix: &Value<'a>) -> Result<Value<'a>> {
    let Value::Number(x) = value else {
        return Ok(Value::Undefined);
    };
    let x = round(*x, 0.0);
    let radix = radix.as_number().map_or(10.0, |r| round(r, 0.0));
    if !(2.0..=36.0).contains(&radix) {
        return Err(Error::new(
            "D3100",
            format!(
                "The radix of the formatBase function must be between 2 and 36.  It was given {}",
                js_number(radix)
            ),
        ));
    }
    Ok(Value::string(&to_radix(x, radix as u32)))
}

/// `x.toString(radix)` for a whole number, as V8 writes it: past 2^53 the
/// low digits are zeros.
fn to_radix(x: f64, radix: u32) -> String {
    if radix == 10 || !x.is_finite() {
        return js_number(x);
    }
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let r = f64::from(radix);
    let mut integer = x.abs();
    let mut zeros = 0;
    while integer / r >= 9_007_199_254_740_992.0 {
        integer /= r;
        zeros += 1;
    }
    let mut out = vec![b'0'; zeros];
    loop {
        let remainder = integer % r;
        out.push(DIGITS[(remainder as usize).min(35)]);
        integer = (integer - remainder) / r;
        if integer <= 0.0 {
            break;
        }
    }
    if x < 0.0 {
        out.push(b'-');
    }
    out.iter().rev().map(|&b| char::from(b)).collect()
}

// ------------------------------------------------------------- formatNumber

/// `$formatNumber`'s properties, overridable by the options object.
struct Props {
    decimal: Vec<char>,
    grouping: Vec<char>,
    exponent: Vec<char>,
    minus: Vec<char>,
    percent: Vec<char>,
    per_mille: Vec<char>,
    zero: Vec<char>,
    digit: Vec<char>,
    pattern: Vec<char>,
    /// The ten digits from the zero digit.
    family: Vec<char>,
}

impl Props {
    fn new(options: &Value<'_>) -> Props {
        let prop = |key: &str, default: &str| -> Vec<char> {
            options
                .field(key)
                .and_then(Value::as_str)
                .unwrap_or(default)
                .chars()
                .collect()
        };
        let zero = prop("zero-digit", "0");
        let family = zero
            .first()
            .map(|&z| {
                (0..10)
                    .filter_map(|i| char::from_u32(z as u32 + i))
                    .collect()
            })
            .unwrap_or_default();
        Props {
            decimal: prop("decimal-separator", "."),
            grouping: prop("grouping-separator", ","),
            exponent: prop("exponent-separator", "e"),
            minus: prop("minus-sign", "-"),
            percent: prop("percent", "%"),
            per_mille: prop("per-mille", "\u{2030}"),
            digit: prop("digit", "#"),
            pattern: prop("pattern-separator", ";"),
            zero,
            family,
        }
    }

    fn in_family(&self, c: char) -> bool {
        self.family.contains(&c)
    }

    fn is(prop: &[char], c: char) -> bool {
        prop == [c]
    }

    /// Digits, optional digits and the separators are active characters.
    fn active(&self, c: char) -> bool {
        self.in_family(c)
            || [
                &self.decimal,
                &self.exponent,
                &self.grouping,
                &self.digit,
                &self.pattern,
            ]
            .iter()
            .any(|p| Props::is(p, c))
    }

    fn count(&self, part: &[char], optional_too: bool) -> usize {
        part.iter()
            .filter(|&&c| self.in_family(c) || (optional_too && Props::is(&self.digit, c)))
            .count()
    }
}

/// `indexOf(needle, from)` over chars (an empty needle is found at `from`).
fn find(hay: &[char], needle: &[char], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return Some(from.min(hay.len()));
    }
    (from..hay.len()).find(|&i| hay[i..].starts_with(needle))
}

/// `lastIndexOf(needle)` (an empty needle is found at the end).
fn rfind(hay: &[char], needle: &[char]) -> Option<usize> {
    (0..=hay.len())
        .rev()
        .find(|&i| hay[i..].starts_with(needle))
}

fn has(hay: &[char], needle: &[char]) -> bool {
    find(hay, needle, 0).is_some()
}

/// `substring(a, b)`: bounds clamped, swapped when reversed.
fn sub(v: &[char], a: i64, b: i64) -> Vec<char> {
    let clamp = |x: i64| x.clamp(0, v.len() as i64) as usize;
    let (a, b) = (clamp(a), clamp(b));
    v[a.min(b)..a.max(b)].to_vec()
}

/// `charAt(i)`: one char, or none out of range.
fn char_at(v: &[char], i: i64) -> &[char] {
    usize::try_from(i)
        .ok()
        .and_then(|i| v.get(i..=i))
        .unwrap_or(&[])
}

/// Inserts `what` at `slice` index `at` (negative counts from the end).
fn insert_at(v: &mut Vec<char>, at: i64, what: &[char]) {
    let len = v.len() as i64;
    let at = if at < 0 {
        (len + at).max(0)
    } else {
        at.min(len)
    } as usize;
    v.splice(at..at, what.iter().copied());
}

/// A sub-picture cut into its parts (F&O 4.7.3), jsonata-js's way.
struct Parts {
    sub: Vec<char>,
    prefix: Vec<char>,
    suffix: Vec<char>,
    active: Vec<char>,
    mantissa: Vec<char>,
    exponent: Option<Vec<char>>,
    integer: Vec<char>,
    fractional: Vec<char>,
}

fn picture_error(code: &'static str) -> Error {
    let message = match code {
        "D3080" => "The picture string must only contain a maximum of two sub-pictures",
        "D3081" => "The sub-picture must not contain more than one instance of the 'decimal-separator' character",
        "D3082" => "The sub-picture must not contain more than one instance of the 'percent' character",
        "D3083" => "The sub-picture must not contain more than one instance of the 'per-mille' character",
        "D3084" => "The sub-picture must not contain both a 'percent' and a 'per-mille' character",
        "D3085" => "The mantissa part of a sub-picture must contain at least one character that is either an 'optional digit character' or a member of the 'decimal digit family'",
        "D3086" => "The sub-picture must not contain a passive character that is preceded by an active character and that is followed by another active character",
        "D3087" => "The sub-picture must not contain a 'grouping-separator' character that appears adjacent to a 'decimal-separator' character",
        "D3088" => "The sub-picture must not contain a 'grouping-separator' at the end of the integer part",
        "D3089" => "The sub-picture must not contain two adjacent instances of the 'grouping-separator' character",
        "D3090" => "The integer part of the sub-picture must not contain a member of the 'decimal digit family' that is followed by an instance of the 'optional digit character'",
        "D3091" => "The fractional part of the sub-picture must not contain an instance of the 'optional digit character' that is followed by a member of the 'decimal digit family'",
        "D3092" => "A sub-picture that contains a 'percent' or 'per-mille' character must not contain a character treated as an 'exponent-separator'",
        _ => "The exponent part of the sub-picture must comprise only of one or more characters that are members of the 'decimal digit family'",
    };
    Error::new(code, message)
}

fn split_parts(p: &Props, sub: Vec<char>) -> Result<Parts> {
    let marks = |c: char| p.active(c) && !Props::is(&p.exponent, c);
    // jsonata-js fails with a TypeError on a picture without any active
    // character; it has no digit either.
    let first = sub
        .iter()
        .position(|&c| marks(c))
        .ok_or_else(|| picture_error("D3085"))?;
    let last = sub.iter().rposition(|&c| marks(c)).unwrap_or(first);
    let prefix = sub[..first].to_vec();
    let suffix = sub[last + 1..].to_vec();
    let active = sub[first..=last].to_vec();
    let (mantissa, exponent) = match find(&sub, &p.exponent, prefix.len()) {
        Some(e) if e <= sub.len() - suffix.len() => {
            // As jsonata-js: the position in the sub-picture indexes the
            // active part.
            let e = e as i64;
            (
                sub_of(&active, 0, e),
                Some(sub_of(&active, e + 1, active.len() as i64)),
            )
        }
        _ => (active.clone(), None),
    };
    let (integer, fractional) = match find(&mantissa, &p.decimal, 0) {
        None => (mantissa.clone(), suffix.clone()),
        Some(d) => (
            mantissa[..d].to_vec(),
            sub_of(&mantissa, d as i64 + 1, mantissa.len() as i64),
        ),
    };
    Ok(Parts {
        sub,
        prefix,
        suffix,
        active,
        mantissa,
        exponent,
        integer,
        fractional,
    })
}

fn sub_of(v: &[char], a: i64, b: i64) -> Vec<char> {
    sub(v, a, b)
}

/// The picture checks of F&O 4.7.3; as in jsonata-js the last failed check
/// names the error.
fn validate(p: &Props, parts: &Parts) -> Result<()> {
    let s = &parts.sub;
    let mut error = None;
    let decimal_pos = find(s, &p.decimal, 0);
    if decimal_pos != rfind(s, &p.decimal) {
        error = Some("D3081");
    }
    if find(s, &p.percent, 0) != rfind(s, &p.percent) {
        error = Some("D3082");
    }
    if find(s, &p.per_mille, 0) != rfind(s, &p.per_mille) {
        error = Some("D3083");
    }
    if has(s, &p.percent) && has(s, &p.per_mille) {
        error = Some("D3084");
    }
    if p.count(&parts.mantissa, true) == 0 {
        error = Some("D3085");
    }
    if parts.active.iter().any(|&c| !p.active(c)) {
        error = Some("D3086");
    }
    match decimal_pos {
        Some(d) => {
            let d = d as i64;
            if char_at(s, d - 1) == &p.grouping[..] || char_at(s, d + 1) == &p.grouping[..] {
                error = Some("D3087");
            }
        }
        None => {
            if char_at(&parts.integer, parts.integer.len() as i64 - 1) == &p.grouping[..] {
                error = Some("D3088");
            }
        }
    }
    if has(s, &[&p.grouping[..], &p.grouping[..]].concat()) {
        error = Some("D3089");
    }
    if let Some(o) = find(&parts.integer, &p.digit, 0) {
        if p.count(&parts.integer[..o], false) > 0 {
            error = Some("D3090");
        }
    }
    if let Some(o) = rfind(&parts.fractional, &p.digit) {
        if p.count(&parts.fractional[o..], false) > 0 {
            error = Some("D3091");
        }
    }
    if let Some(e) = &parts.exponent {
        if !e.is_empty() && (has(s, &p.percent) || has(s, &p.per_mille)) {
            error = Some("D3092");
        }
        if e.is_empty() || e.iter().any(|&c| !p.in_family(c)) {
            error = Some("D3093");
        }
    }
    error.map_or(Ok(()), |code| Err(picture_error(code)))
}

/// A sub-picture's formatting variables (F&O 4.7.4).
#[derive(Clone)]
struct Pic {
    integer_groups: Vec<usize>,
    regular: usize,
    min_integer: usize,
    scaling: usize,
    prefix: Vec<char>,
    fractional_groups: Vec<usize>,
    min_fractional: usize,
    max_fractional: usize,
    min_exponent: usize,
    suffix: Vec<char>,
    picture: Vec<char>,
}

fn analyse(p: &Props, parts: &Parts) -> Pic {
    // Each grouping separator's count of digits to its right (integer
    // part) or left (fractional part). As jsonata-js, the search for the
    // next separator runs in the integer part in both cases.
    let positions = |part: &[char], to_left: bool| -> Vec<usize> {
        let mut out = Vec::new();
        if p.grouping.is_empty() {
            return out;
        }
        let mut at = find(part, &p.grouping, 0);
        while let Some(g) = at {
            let side = if to_left {
                sub(part, 0, g as i64)
            } else {
                sub(part, g as i64, part.len() as i64)
            };
            out.push(p.count(&side, true));
            at = find(&parts.integer, &p.grouping, g + 1);
        }
        out
    };
    let integer_groups = positions(&parts.integer, false);
    let regular = regular_interval(&integer_groups);
    let fractional_groups = positions(&parts.fractional, true);
    let mut min_integer = p.count(&parts.integer, false);
    let scaling = min_integer;
    let mut min_fractional = p.count(&parts.fractional, false);
    let mut max_fractional = p.count(&parts.fractional, true);
    let exponent_present = parts.exponent.is_some();
    if min_integer == 0 && max_fractional == 0 {
        if exponent_present {
            min_fractional = 1;
            max_fractional = 1;
        } else {
            min_integer = 1;
        }
    }
    if exponent_present && min_integer == 0 && has(&parts.integer, &p.digit) {
        min_integer = 1;
    }
    if min_integer == 0 && min_fractional == 0 {
        min_fractional = 1;
    }
    let min_exponent = parts.exponent.as_ref().map_or(0, |e| p.count(e, false));
    Pic {
        integer_groups,
        regular,
        min_integer,
        scaling,
        prefix: parts.prefix.clone(),
        fractional_groups,
        min_fractional,
        max_fractional,
        min_exponent,
        suffix: parts.suffix.clone(),
        picture: parts.sub.clone(),
    }
}

/// The common interval of grouping positions when every multiple of it up
/// to their count is one of them; 0 otherwise.
fn regular_interval(positions: &[usize]) -> usize {
    fn gcd(a: usize, b: usize) -> usize {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }
    let Some(factor) = positions.iter().copied().reduce(gcd) else {
        return 0;
    };
    let all = (1..=positions.len()).all(|i| positions.contains(&(i * factor)));
    if all {
        factor
    } else {
        0
    }
}

/// `$formatNumber(number, picture, options)`: XPath `fn:format-number`.
fn format_number(value: f64, picture: &str, options: &Value<'_>) -> Result<String> {
    let p = Props::new(options);
    let picture: Vec<char> = picture.chars().collect();
    let subs: Vec<Vec<char>> = if p.pattern.is_empty() {
        picture.iter().map(|&c| vec![c]).collect()
    } else {
        let mut subs = vec![Vec::new()];
        let mut i = 0;
        while i < picture.len() {
            if picture[i..].starts_with(&p.pattern) {
                subs.push(Vec::new());
                i += p.pattern.len();
            } else {
                if let Some(s) = subs.last_mut() {
                    s.push(picture[i]);
                }
                i += 1;
            }
        }
        subs
    };
    if subs.len() > 2 {
        return Err(picture_error("D3080"));
    }
    let parts = subs
        .into_iter()
        .map(|s| split_parts(&p, s))
        .collect::<Result<Vec<_>>>()?;
    for part in &parts {
        validate(&p, part)?;
    }
    let mut pics: Vec<Pic> = parts.iter().map(|part| analyse(&p, part)).collect();
    if pics.len() == 1 {
        let mut negative = pics[0].clone();
        negative.prefix = [&p.minus[..], &negative.prefix[..]].concat();
        pics.push(negative);
    }
    let pic = if value >= 0.0 { &pics[0] } else { &pics[1] };

    let adjusted = if has(&pic.picture, &p.percent) {
        value * 100.0
    } else if has(&pic.picture, &p.per_mille) {
        value * 1000.0
    } else {
        value
    };
    // jsonata-js scales the signed value and never ends for negative
    // numbers or zero; the magnitude is scaled here (the sign comes from
    // the sub-picture anyway).
    let (mantissa, exponent) = if pic.min_exponent == 0 {
        (adjusted, None)
    } else {
        let scaling = pic.scaling.min(400) as i32;
        let (max, min) = (10f64.powi(scaling), 10f64.powi(scaling - 1));
        let mut m = adjusted.abs();
        let mut e = 0i32;
        if m != 0.0 {
            while m < min && e > -400 {
                m *= 10.0;
                e -= 1;
            }
            while m > max && e < 400 {
                m /= 10.0;
                e += 1;
            }
        }
        (m, Some(e))
    };
    if pic.max_fractional > 100 {
        // JavaScript's toFixed takes at most 100 digits.
        return Err(Error::new(
            "D3137",
            "toFixed() digits argument must be between 0 and 100",
        ));
    }
    let rounded = round(mantissa, pic.max_fractional as f64);
    let make_string = |x: f64, dp: usize| -> Vec<char> {
        to_fixed(x.abs(), dp)
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(d) if p.zero != ['0'] => p.family.get(d as usize).copied().unwrap_or(c),
                _ => c,
            })
            .collect()
    };
    let mut s = make_string(rounded, pic.max_fractional);
    match s.iter().position(|&c| c == '.') {
        None => s.extend(&p.decimal),
        Some(i) => {
            s.splice(i..=i, p.decimal.iter().copied());
        }
    }
    if let [zero] = p.zero[..] {
        let lead = s.iter().take_while(|&&c| c == zero).count();
        s.drain(..lead);
        let trail = s.iter().rev().take_while(|&&c| c == zero).count();
        s.truncate(s.len() - trail);
    }
    let position = |s: &[char]| find(s, &p.decimal, 0).map_or(-1, |i| i as i64);
    let mut decimal_pos = position(&s);
    let pad_left = pic.min_integer as i64 - decimal_pos;
    let pad_right = pic.min_fractional as i64 - (s.len() as i64 - decimal_pos - 1);
    if pad_left as f64 > MAX_LEN || pad_right as f64 > MAX_LEN {
        return Err(Error::new(
            "D3137",
            "$formatNumber: the picture asks for too many digits",
        ));
    }
    let zeros = |n: i64| -> Vec<char> { p.zero.repeat(n.max(0) as usize) };
    s = [zeros(pad_left), s, zeros(pad_right)].concat();
    decimal_pos = position(&s);
    if pic.regular > 0 {
        let regular = pic.regular as i64;
        let groups = (decimal_pos - 1).div_euclid(regular);
        for group in 1..=groups {
            insert_at(&mut s, decimal_pos - group * regular, &p.grouping);
        }
    } else {
        for &at in &pic.integer_groups {
            insert_at(&mut s, decimal_pos - at as i64, &p.grouping);
            decimal_pos += 1;
        }
    }
    decimal_pos = position(&s);
    for &at in &pic.fractional_groups {
        insert_at(&mut s, at as i64 + decimal_pos + 1, &p.grouping);
    }
    decimal_pos = position(&s);
    if !has(&pic.picture, &p.decimal) || decimal_pos == s.len() as i64 - 1 {
        s.pop();
    }
    if let Some(e) = exponent {
        let mut digits = make_string(f64::from(e), 0);
        let pad = pic.min_exponent.saturating_sub(digits.len());
        digits = [p.zero.repeat(pad), digits].concat();
        s.extend(&p.exponent);
        if e < 0 {
            s.extend(&p.minus);
        }
        s.extend(digits);
    }
    Ok(pic.prefix.iter().chain(&s).chain(&pic.suffix).collect())
}

// --------------------------------------------- formatInteger / parseInteger

const FEW: [&str; 20] = [
    "Zero",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
    "Thirteen",
    "Fourteen",
    "Fifteen",
    "Sixteen",
    "Seventeen",
    "Eighteen",
    "Nineteen",
];
const ORDINALS: [&str; 20] = [
    "Zeroth",
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Eleventh",
    "Twelfth",
    "Thirteenth",
    "Fourteenth",
    "Fifteenth",
    "Sixteenth",
    "Seventeenth",
    "Eighteenth",
    "Nineteenth",
];
const DECADES: [&str; 9] = [
    "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred",
];
const MAGNITUDES: [&str; 4] = ["Thousand", "Million", "Billion", "Trillion"];
const ROMAN: [(f64, &str); 13] = [
    (1000.0, "m"),
    (900.0, "cm"),
    (500.0, "d"),
    (400.0, "cd"),
    (100.0, "c"),
    (90.0, "xc"),
    (50.0, "l"),
    (40.0, "xl"),
    (10.0, "x"),
    (9.0, "ix"),
    (5.0, "v"),
    (4.0, "iv"),
    (1.0, "i"),
];
/// The zero of each Unicode decimal digit block jsonata-js knows.
const DECIMAL_GROUPS: [u32; 37] = [
    0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
    0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80,
    0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
    0xFF10,
];

#[derive(PartialEq)]
enum Case {
    Upper,
    Lower,
    Title,
}

enum Primary {
    Letters,
    Roman,
    Words,
    Decimal {
        zero: u32,
        mandatory: usize,
        /// (digits to the right, separator), rightmost first.
        separators: Vec<(usize, char)>,
        /// The interval of regular separators (0: irregular).
        regular: usize,
    },
}

struct IntegerPicture {
    primary: Primary,
    case: Case,
    ordinal: bool,
}

/// jsonata-js's `analyseIntegerPicture`.
fn integer_picture(picture: &str) -> Result<IntegerPicture> {
    let (primary, modifier) = match picture.rfind(';') {
        Some(i) => (&picture[..i], Some(&picture[i + 1..])),
        None => (picture, None),
    };
    let ordinal = modifier.is_some_and(|m| m.starts_with('o'));
    let (primary, case) = match primary {
        "A" => (Primary::Letters, Case::Upper),
        "a" => (Primary::Letters, Case::Lower),
        "I" => (Primary::Roman, Case::Upper),
        "i" => (Primary::Roman, Case::Lower),
        "W" => (Primary::Words, Case::Upper),
        "Ww" => (Primary::Words, Case::Title),
        "w" => (Primary::Words, Case::Lower),
        _ => (decimal_picture(primary)?, Case::Lower),
    };
    Ok(IntegerPicture {
        primary,
        case,
        ordinal,
    })
}

fn decimal_picture(picture: &str) -> Result<Primary> {
    let mut zero = None;
    let mut mandatory = 0;
    let mut position = 0;
    let mut separators = Vec::new();
    for c in picture.chars().rev() {
        let code = c as u32;
        if let Some(&group) = DECIMAL_GROUPS
            .iter()
            .find(|&&g| (g..=g + 9).contains(&code))
        {
            mandatory += 1;
            position += 1;
            match zero {
                None => zero = Some(group),
                Some(z) if z != group => return Err(Error::new(
                    "D3131",
                    "In a decimal digit pattern, all digits must be from the same decimal group",
                )),
                _ => {}
            }
        } else if c == '#' {
            position += 1;
        } else {
            separators.push((position, c));
        }
    }
    let Some(zero) = zero else {
        return Err(Error::new(
            "D3130",
            format!(
                "Formatting or parsing an integer as a sequence starting with {} is not supported by this implementation",
                quote(picture)
            ),
        ));
    };
    let same_char = separators.windows(2).all(|w| w[0].1 == w[1].1);
    let positions: Vec<usize> = separators.iter().map(|s| s.0).collect();
    let regular = if same_char {
        regular_interval(&positions)
    } else {
        0
    };
    Ok(Primary::Decimal {
        zero,
        mandatory,
        separators,
        regular,
    })
}

/// `$formatInteger(number, picture)` for a whole number.
fn format_integer(value: f64, picture: &str) -> Result<String> {
    let format = integer_picture(picture)?;
    let magnitude = value.abs();
    let mut out = match &format.primary {
        Primary::Letters => {
            if magnitude.log(26.0) > MAX_LEN {
                return Err(too_long());
            }
            letters(
                magnitude,
                if format.case == Case::Upper { 'A' } else { 'a' },
            )
        }
        Primary::Roman => {
            // jsonata-js recurses once per numeral and overflows its stack
            // long before this.
            if magnitude / 1000.0 > 10_000.0 {
                return Err(too_long());
            }
            let mut rest = magnitude;
            let mut out = String::new();
            for (value, numeral) in ROMAN {
                while rest >= value {
                    out.push_str(numeral);
                    rest -= value;
                }
            }
            if format.case == Case::Upper {
                out.to_uppercase()
            } else {
                out
            }
        }
        Primary::Words => {
            let words = number_to_words(magnitude, format.ordinal);
            match format.case {
                Case::Upper => words.to_uppercase(),
                Case::Lower => words.to_lowercase(),
                Case::Title => words,
            }
        }
        Primary::Decimal {
            zero,
            mandatory,
            separators,
            regular,
        } => {
            let digits = js_number(magnitude);
            if *mandatory as f64 > MAX_LEN {
                return Err(too_long());
            }
            let pad = mandatory.saturating_sub(digits.chars().count());
            let digits = "0".repeat(pad) + &digits;
            // Shift into the picture's digit block.
            let mut s: Vec<char> = digits
                .chars()
                .map(|c| char::from_u32(c as u32 + zero - 0x30).unwrap_or(c))
                .collect();
            if *regular > 0 {
                let n = (s.len() - 1) / regular;
                for i in (1..=n).rev() {
                    let at = s.len() - i * regular;
                    s.insert(at, separators[0].1);
                }
            } else {
                for &(position, c) in separators.iter().rev() {
                    // `substr(0, pos) + c + substr(pos)`, negative `pos`
                    // included.
                    let len = s.len() as i64;
                    let pos = len - position as i64;
                    let head = if pos > 0 { pos.min(len) as usize } else { 0 };
                    let tail = if pos >= 0 {
                        pos.min(len)
                    } else {
                        (len + pos).max(0)
                    } as usize;
                    s = [&s[..head], &[c][..], &s[tail..]].concat();
                }
            }
            if format.ordinal {
                let last = s.last().copied();
                let before = s.len().checked_sub(2).and_then(|i| s.get(i)).copied();
                let suffix = match last {
                    _ if before == Some('1') => "th",
                    Some('1') => "st",
                    Some('2') => "nd",
                    Some('3') => "rd",
                    _ => "th",
                };
                s.extend(suffix.chars());
            }
            s.into_iter().collect()
        }
    };
    if value < 0.0 {
        out.insert(0, '-');
    }
    Ok(out)
}

fn too_long() -> Error {
    Error::new(
        "D3137",
        "$formatInteger: the number is too large for this picture",
    )
}

/// Spreadsheet column letters: 1 is a, 26 z, 27 aa.
fn letters(mut value: f64, a: char) -> String {
    let mut out = Vec::new();
    while value > 0.0 {
        let offset = ((value - 1.0) % 26.0) as u32;
        out.push(char::from_u32(a as u32 + offset).unwrap_or(a));
        value = ((value - 1.0) / 26.0).floor();
    }
    out.iter().rev().collect()
}

/// English words, in title case, as jsonata-js writes them.
fn number_to_words(value: f64, ordinal: bool) -> String {
    fn lookup(num: f64, prev: bool, ord: bool) -> String {
        if num <= 19.0 {
            let i = num as usize;
            let word = if ord {
                ORDINALS[i.min(19)]
            } else {
                FEW[i.min(19)]
            };
            format!("{}{word}", if prev { " and " } else { "" })
        } else if num < 100.0 {
            let tens = (num / 10.0).floor();
            let remainder = num % 10.0;
            let mut words = format!(
                "{}{}",
                if prev { " and " } else { "" },
                DECADES[tens as usize - 2]
            );
            if remainder > 0.0 {
                words = format!("{words}-{}", lookup(remainder, false, ord));
            } else if ord {
                words.pop();
                words.push_str("ieth");
            }
            words
        } else if num < 1000.0 {
            let hundreds = (num / 100.0).floor();
            let remainder = num % 100.0;
            let mut words = format!(
                "{}{} Hundred",
                if prev { ", " } else { "" },
                FEW[hundreds as usize]
            );
            if remainder > 0.0 {
                words.push_str(&lookup(remainder, true, ord));
            } else if ord {
                words.push_str("th");
            }
            words
        } else {
            let mag = ((num.log10() / 3.0).floor() as usize).clamp(1, MAGNITUDES.len());
            let factor = 10f64.powi(mag as i32 * 3);
            let mantissa = (num / factor).floor();
            let remainder = num - mantissa * factor;
            let mut words = format!(
                "{}{} {}",
                if prev { ", " } else { "" },
                lookup(mantissa, false, false),
                MAGNITUDES[mag - 1]
            );
            if remainder > 0.0 {
                words.push_str(&lookup(remainder, true, ord));
            } else if ord {
                words.push_str("th");
            }
            words
        }
    }
    lookup(value, false, ordinal)
}

/// The value of a number word (cardinal or ordinal), as jsonata-js's
/// `wordValues` table has it.
fn word_value(word: &str) -> Option<f64> {
    let eq = |w: &str| w.eq_ignore_ascii_case(word);
    if let Some(i) = FEW
        .iter()
        .position(|w| eq(w))
        .or_else(|| ORDINALS.iter().position(|w| eq(w)))
    {
        return Some(i as f64);
    }
    for (i, d) in DECADES.iter().enumerate() {
        let ieth = format!("{}ieth", &d[..d.len() - 1]);
        if eq(d) || eq(&ieth) {
            return Some((i as f64 + 2.0) * 10.0);
        }
    }
    if word == "hundredth" {
        return Some(100.0);
    }
    for (i, m) in MAGNITUDES.iter().enumerate() {
        if eq(m) || eq(&format!("{m}th")) {
            return Some(10f64.powi((i as i32 + 1) * 3));
        }
    }
    None
}

/// jsonata-js's `wordsToNumber` on lower-case text: NaN for an unknown word.
fn words_to_number(text: &str) -> f64 {
    // Split at ", ", " and " and single white space, `\` or `-`.
    let chars: Vec<char> = text.chars().collect();
    let mut parts = vec![String::new()];
    let mut i = 0;
    while i < chars.len() {
        let ws = |k: usize| chars.get(k).is_some_and(|c| c.is_whitespace());
        let len = if chars[i] == ',' && ws(i + 1) {
            2
        } else if ws(i) && chars.get(i + 1..i + 4) == Some(&['a', 'n', 'd'][..]) && ws(i + 4) {
            5
        } else if ws(i) || chars[i] == '\\' || chars[i] == '-' {
            1
        } else {
            0
        };
        if len > 0 {
            parts.push(String::new());
            i += len;
        } else {
            if let Some(p) = parts.last_mut() {
                p.push(chars[i]);
            }
            i += 1;
        }
    }
    let mut segments = vec![0.0];
    for part in &parts {
        let Some(value) = word_value(part) else {
            return f64::NAN;
        };
        let top = segments.pop().unwrap_or(0.0);
        if value < 100.0 {
            if top >= 1000.0 {
                segments.push(top);
                segments.push(value);
            } else {
                segments.push(top + value);
            }
        } else {
            segments.push(top * value);
        }
    }
    segments.iter().sum()
}

/// `$parseInteger(string, picture)`: the inverse of `$formatInteger`. As in
/// jsonata-js the text is not checked against the picture.
fn parse_integer(text: &str, picture: &str) -> Result<f64> {
    let format = integer_picture(picture)?;
    Ok(match format.primary {
        Primary::Letters => {
            let a = if format.case == Case::Upper { 'A' } else { 'a' } as i64;
            text.chars()
                .rev()
                .enumerate()
                .map(|(i, c)| (c as i64 - a + 1) as f64 * 26f64.powi(i as i32))
                .sum()
        }
        Primary::Roman => {
            let upper;
            let text = if format.case == Case::Upper {
                text
            } else {
                upper = text.to_uppercase();
                &upper
            };
            let mut total = 0.0;
            let mut max = 1.0;
            for c in text.chars().rev() {
                let value = match c {
                    'M' => 1000.0,
                    'D' => 500.0,
                    'C' => 100.0,
                    'L' => 50.0,
                    'X' => 10.0,
                    'V' => 5.0,
                    'I' => 1.0,
                    _ => return Ok(f64::NAN),
                };
                if value < max {
                    total -= value;
                } else {
                    max = value;
                    total += value;
                }
            }
            total
        }
        Primary::Words => words_to_number(&text.to_lowercase()),
        Primary::Decimal {
            zero,
            separators,
            regular,
            ..
        } => {
            let mut digits: Vec<char> = text.chars().collect();
            if format.ordinal {
                digits.truncate(digits.len().saturating_sub(2));
            }
            // jsonata-js strips `,` for any regular separator.
            if regular > 0 {
                digits.retain(|&c| c != ',');
            } else {
                digits.retain(|c| !separators.iter().any(|s| s.1 == *c));
            }
            let digits: String = digits
                .iter()
                .map(|&c| {
                    char::from_u32((c as u32).wrapping_sub(zero).wrapping_add(0x30)).unwrap_or(c)
                })
                .collect();
            js_parse_int(&digits).unwrap_or(f64::NAN)
        }
    })
}

// ---------------------------------------------- Step Functions additions

/// `$range(start, end, step)`: from start to end inclusive (AWS: "until the
/// end value is reached or exceeded"), arguments cut to integers. A zero
/// step or one going away from the end gives nothing.
fn range<'a>(start: &Value<'a>, end: &Value<'a>, step: &Value<'a>) -> Result<Value<'a>> {
    let (Some(start), Some(end), Some(step)) =
        (start.as_number(), end.as_number(), step.as_number())
    else {
        return Ok(Value::Undefined);
    };
    let (start, end, step) = (start.trunc(), end.trunc(), step.trunc());
    if step == 0.0 || (end - start) * step < 0.0 {
        return Ok(Value::Undefined);
    }
    let count = ((end - start) / step).floor() + 1.0;
    if count > MAX_RANGE {
        return Err(Error::new(
            "D2014",
            format!(
                "The size of the sequence allocated by $range must not exceed 1e6.  Attempted to allocate {}.",
                js_number(count)
            ),
        ));
    }
    let items = (0..count as usize)
        .map(|k| Value::Number(start + k as f64 * step))
        .collect();
    // A sequence, as AWS returns it: one item reads as the number.
    Ok(Value::sequence(items))
}

/// `$random(seed)`: AWS draws from Java's `java.util.Random(seed)`, so the
/// same seed gives the same number (`$random(42)` is 0.7275636800328681).
fn seeded_random(seed: f64) -> f64 {
    const MULTIPLIER: u64 = 0x5_DEEC_E66D;
    const MASK: u64 = (1 << 48) - 1;
    let mut state = ((seed.trunc() as i64) as u64 ^ MULTIPLIER) & MASK;
    let mut next = |bits: u32| -> u64 {
        state = (state.wrapping_mul(MULTIPLIER).wrapping_add(0xB)) & MASK;
        state >> (48 - bits)
    };
    let high = next(26);
    let low = next(27);
    ((high << 27) + low) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::super::super::value::{Error, Host, Result, Value};

    struct TestHost(f64);

    impl<'a> Host<'a> for TestHost {
        fn apply(&mut self, _: &Value<'a>, _: Vec<Value<'a>>) -> Result<Value<'a>> {
            Err(Error::new("T1006", "no functions in these tests"))
        }
        fn now_millis(&self) -> f64 {
            0.0
        }
        fn random(&mut self) -> f64 {
            self.0 += 0.125;
            self.0
        }
        fn uuid(&mut self) -> String {
            "00000000-0000-4000-8000-000000000000".into()
        }
    }

    fn n(x: f64) -> Value<'static> {
        Value::Number(x)
    }
    fn s(t: &str) -> Value<'static> {
        Value::string(t)
    }
    fn nums(xs: &[f64]) -> Value<'static> {
        Value::array(xs.iter().map(|&x| n(x)).collect())
    }
    fn run(name: &str, args: &[Value<'static>]) -> Result<Value<'static>> {
        super::call(name, args, &mut TestHost(0.0)).expect("handled")
    }
    fn num(name: &str, args: &[Value<'static>]) -> f64 {
        match run(name, args).unwrap() {
            Value::Number(x) => x,
            other => panic!("{name}: not a number: {other:?}"),
        }
    }
    fn text(name: &str, args: &[Value<'static>]) -> String {
        match run(name, args) {
            Ok(Value::String(t)) => t.to_string(),
            other => panic!("{name}{args:?}: not a string: {other:?}"),
        }
    }
    fn code(name: &str, args: &[Value<'static>]) -> &'static str {
        run(name, args).unwrap_err().code
    }
    fn undefined(name: &str, args: &[Value<'static>]) -> bool {
        run(name, args).unwrap().normalized().is_undefined()
    }

    #[test]
    fn unknown_names_are_not_handled() {
        assert!(super::call("string", &[], &mut TestHost(0.0)).is_none());
    }

    #[test]
    fn number() {
        for (input, expected) in [
            ("0", 0.0),
            ("-0.05", -0.05),
            ("1e2", 100.0),
            ("1.0e-2", 0.01),
            ("0123", 123.0),
            ("-007", -7.0),
            ("000.00123000", 0.00123),
            ("0x12", 18.0),
            ("0B101", 5.0),
            ("0O12", 10.0),
        ] {
            assert_eq!(num("number", &[s(input)]), expected, "{input}");
        }
        assert_eq!(code("number", &[s("0x1g")]), "D1001");
        for bad in [
            "10e500",
            "Hello world",
            "1/2",
            "1234 hello",
            "",
            "[1]",
            "0x",
            "1.",
            ".5",
        ] {
            assert_eq!(code("number", &[s(bad)]), "D3030", "{bad}");
        }
        assert_eq!(num("number", &[Value::Bool(true)]), 1.0);
        assert_eq!(num("number", &[n(-0.05)]), -0.05);
        assert!(undefined("number", &[Value::Undefined]));
        let err = run("number", &[s("x")]).unwrap_err();
        assert_eq!(err.message, "Unable to cast value to a number: \"x\"");
    }

    #[test]
    fn rounding_and_arithmetic() {
        for (x, p, expected) in [
            (2.5, 0.0, 2.0),
            (3.5, 0.0, 4.0),
            (-0.5, 0.0, 0.0),
            (-7.5, 0.0, -8.0),
            (-8.5, 0.0, -8.0),
            (4.49, 1.0, 4.5),
            (4.525, 2.0, 4.52),
            (4.515, 2.0, 4.52),
            (12345.0, -2.0, 12300.0),
            (12450.0, -2.0, 12400.0),
            (12350.0, -2.0, 12400.0),
            (6.022e-23, 24.0, 6e-23),
        ] {
            assert_eq!(num("round", &[n(x), n(p)]), expected, "round({x}, {p})");
        }
        assert!(undefined("round", &[Value::Undefined]));
        assert_eq!(code("round", &[n(1.5), n(0.5)]), "D1001");
        assert_eq!(num("floor", &[n(-1.5)]), -2.0);
        assert_eq!(num("ceil", &[n(1.2)]), 2.0);
        assert_eq!(num("abs", &[n(-3.0)]), 3.0);
        assert_eq!(num("sqrt", &[n(4.0)]), 2.0);
        assert_eq!(code("sqrt", &[n(-2.0)]), "D3060");
        assert_eq!(num("power", &[n(-2.0), n(3.0)]), -8.0);
        assert_eq!(code("power", &[n(-2.0), n(1.0 / 3.0)]), "D3061");
        assert_eq!(code("power", &[n(100.0), n(1000.0)]), "D3061");
        assert!(undefined("power", &[Value::Undefined, n(3.0)]));
    }

    #[test]
    fn aggregates() {
        assert_eq!(num("sum", &[nums(&[1.0, 2.5, 3.0])]), 6.5);
        assert_eq!(num("sum", &[nums(&[])]), 0.0);
        assert!(undefined("sum", &[Value::Undefined]));
        assert_eq!(num("count", &[nums(&[1.0, 2.0])]), 2.0);
        assert_eq!(num("count", &[Value::Undefined]), 0.0);
        assert_eq!(num("max", &[nums(&[-1.0, -5.0])]), -1.0);
        assert_eq!(num("min", &[nums(&[3.0, -5.0, 2.0])]), -5.0);
        assert!(undefined("max", &[nums(&[])]));
        assert!(undefined("min", &[Value::Undefined]));
        assert_eq!(num("average", &[nums(&[1.0, 2.0, 4.5])]), 2.5);
        assert!(undefined("average", &[nums(&[])]));
        assert_eq!(code("sum", &[Value::array(vec![s("1")])]), "T0412");
        assert_eq!(code("sum", &[nums(&[f64::MAX, f64::MAX])]), "D1001");
    }

    #[test]
    fn format_number() {
        let opts = |k: &str, v: &str| Value::object(vec![(k.into(), s(v))]);
        for (x, picture, expected) in [
            (12345.6, "#,###.00", "12,345.60"),
            (12345678.9, "9,999.99", "12,345,678.90"),
            (123412345678.9, "9,9,99.99", "123412345,6,78.90"),
            (1234.56789, "9,999.999,999", "1,234.567,890"),
            (123.9, "9999", "0124"),
            (0.14, "01%", "14%"),
            (0.4857, "###.###\u{2030}", "485.7\u{2030}"),
            (-6.0, "000", "-006"),
            (1234.5678, "00.000e0", "12.346e2"),
            (1234.5678, "00.000e000", "12.346e002"),
            (0.234, "0.0e0", "2.3e-1"),
            (0.234, "#.00e0", "0.23e0"),
            (0.123, "#.e9", "0.1e0"),
            (0.234, ".00e0", ".23e0"),
            (
                2392.14 * (-36.58),
                "000,000.000###;###,###.000###",
                "87,504.4812",
            ),
            (
                2.14 * 86.58,
                "PREFIX##00.000###SUFFIX",
                "PREFIX185.2812SUFFIX",
            ),
            (1e20, "#,######", "100,000000,000000,000000"),
            (2.0, "000.000", "002.000"),
            (0.0, "0.0e0", "0.0e0"),
        ] {
            assert_eq!(
                text("formatNumber", &[n(x), s(picture)]),
                expected,
                "{x} {picture}"
            );
        }
        assert_eq!(
            text(
                "formatNumber",
                &[n(0.14), s("###pm"), opts("per-mille", "pm")]
            ),
            "140pm"
        );
        assert_eq!(
            text(
                "formatNumber",
                &[n(1234.5678), s("①①.①①①e①"), opts("zero-digit", "⑟")]
            ),
            "①②.③④⑥e②"
        );
        assert_eq!(
            text(
                "formatNumber",
                &[n(2.0), s("AAA.AAA"), opts("zero-digit", "A")]
            ),
            "AAC.AAA"
        );
        assert_eq!(
            text(
                "formatNumber",
                &[n(0.1), s("AeAAA"), opts("zero-digit", "A")]
            ),
            "Be-AAB"
        );
        for (picture, expected) in [
            ("#;#;#", "D3080"),
            ("#.0.0", "D3081"),
            ("#0%%", "D3082"),
            ("#0‰‰", "D3083"),
            ("#0%‰", "D3084"),
            (".e0", "D3085"),
            ("0+.e0", "D3086"),
            ("0,.e0", "D3087"),
            ("0,", "D3088"),
            ("0,,0", "D3089"),
            ("0#.e0", "D3090"),
            ("#0.#0e0", "D3091"),
            ("#0.0e0%", "D3092"),
            ("#0.0e0,0", "D3093"),
            ("abc", "D3085"),
        ] {
            assert_eq!(
                code("formatNumber", &[n(20.0), s(picture)]),
                expected,
                "{picture}"
            );
        }
        assert!(undefined("formatNumber", &[Value::Undefined, s("#0.00")]));
        // Terminates for negative numbers with an exponent (jsonata-js loops).
        assert_eq!(text("formatNumber", &[n(-1234.5), s("0.0e0")]), "-1.2e3");
    }

    #[test]
    fn format_base() {
        assert_eq!(text("formatBase", &[n(100.0)]), "100");
        assert_eq!(text("formatBase", &[n(100.0), n(2.0)]), "1100100");
        assert_eq!(text("formatBase", &[n(-100.0), n(2.0)]), "-1100100");
        assert_eq!(text("formatBase", &[n(100.0), n(36.0)]), "2s");
        assert_eq!(text("formatBase", &[n(99.5), n(2.5)]), "1100100");
        assert_eq!(
            text("formatBase", &[n(2f64.powi(60)), n(16.0)]),
            "1000000000000000"
        );
        assert_eq!(code("formatBase", &[n(100.0), n(1.0)]), "D3100");
        assert_eq!(code("formatBase", &[n(100.0), n(37.0)]), "D3100");
        assert!(undefined("formatBase", &[Value::Undefined]));
    }

    #[test]
    fn format_integer() {
        for (x, picture, expected) in [
            (123.0, "0000", "0123"),
            (-3.0, "0000", "-0003"),
            (1234.0, "0;c", "1234"),
            (12.6, "###0", "12"),
            (123.0, "000;o", "123rd"),
            (1.0, "0;o", "1st"),
            (12.0, "###0;o", "12th"),
            (12340.0, "###١", "١٢٣٤٠"),
            (12340.0, "###０", "１２３４０"),
            (1200.0, "#,##0", "1,200"),
            (1234567890.0, "#,###,##0", "1,234,567,890"),
            (1234567890.0, "#:###,##0", "1234:567,890"),
            (1234567890.0, "##,##,##0", "12345,67,890"),
            (0.0, "I", ""),
            (1984.0, "I", "MCMLXXXIV"),
            (99.0, "i", "xcix"),
            (34.0, "w", "thirty-four"),
            (99.0, "W", "NINETY-NINE"),
            (555.0, "Ww", "Five Hundred and Fifty-Five"),
            (3730.0, "w", "three thousand, seven hundred and thirty"),
            (1000000000001.0, "w", "one trillion and one"),
            (1e46, "w", "ten billion trillion trillion trillion"),
            (20.0, "w;o", "twentieth"),
            (99.0, "W;o", "NINETY-NINTH"),
            (100.0, "w;o", "one hundredth"),
            (
                3731.0,
                "w;o",
                "three thousand, seven hundred and thirty-first",
            ),
            (1000000000001.0, "w;o", "one trillion and first"),
            (27.0, "a", "aa"),
            (300.0, "A", "KN"),
            (123456.0, "A", "FZPH"),
        ] {
            assert_eq!(
                text("formatInteger", &[n(x), s(picture)]),
                expected,
                "{x} {picture}"
            );
        }
        assert_eq!(code("formatInteger", &[n(12340.0), s("##0０")]), "D3131");
        assert_eq!(code("formatInteger", &[n(123456.0), s("α")]), "D3130");
        assert!(undefined("formatInteger", &[Value::Undefined, s("0")]));
        assert_eq!(code("formatInteger", &[n(1e300), s("I")]), "D3137");
    }

    #[test]
    fn parse_integer() {
        for (input, picture, expected) in [
            ("0123", "0000", 123.0),
            ("1234", "###0", 1234.0),
            ("123rd", "000;o", 123.0),
            ("1st", "0;o", 1.0),
            ("١٢٣٤٠", "###١", 12340.0),
            ("12,345,678", "#,##0", 12345678.0),
            ("1234:567,890", "#:###,##0", 1234567890.0),
            ("", "I", 0.0),
            ("MCMLXXXIV", "I", 1984.0),
            ("xcix", "i", 99.0),
            ("NINETY-NINE", "W", 99.0),
            ("Five Hundred and Fifty-Five", "Ww", 555.0),
            (
                "three hundred and twenty-seven thousand, seven hundred and thirty",
                "w",
                327730.0,
            ),
            ("one trillion and one", "w", 1000000000001.0),
            ("ten billion trillion trillion trillion", "w", 1e46),
            ("seven hundred and thirtieth", "w;o", 730.0),
            ("one thousandth", "w;o", 1000.0),
            ("A", "A", 1.0),
            ("aa", "a", 27.0),
            ("FZPH", "A", 123456.0),
        ] {
            assert_eq!(
                num("parseInteger", &[s(input), s(picture)]),
                expected,
                "{input} {picture}"
            );
        }
        assert_eq!(code("parseInteger", &[s("50"), s("#")]), "D3130");
        assert_eq!(code("parseInteger", &[s("eleventy"), s("w")]), "D1001");
        assert!(undefined("parseInteger", &[Value::Undefined, s("0")]));
    }

    #[test]
    fn step_functions_additions() {
        let items = |v: Value<'static>| -> Vec<f64> {
            v.items().iter().filter_map(Value::as_number).collect()
        };
        assert_eq!(
            items(run("range", &[n(0.0), n(10.0), n(2.0)]).unwrap()),
            [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
        );
        assert_eq!(
            items(run("range", &[n(10.0), n(1.0), n(-2.0)]).unwrap()),
            [10.0, 8.0, 6.0, 4.0, 2.0]
        );
        assert_eq!(
            items(run("range", &[n(-1.7), n(2.0), n(1.0)]).unwrap()),
            [-1.0, 0.0, 1.0, 2.0]
        );
        assert_eq!(
            run("range", &[n(3.0), n(3.0), n(1.0)])
                .unwrap()
                .normalized()
                .as_number(),
            Some(3.0)
        );
        assert!(undefined("range", &[n(5.0), n(1.0), n(1.0)]));
        assert!(undefined("range", &[n(1.0), n(5.0), n(0.0)]));
        assert_eq!(code("range", &[n(1.0), n(1e9), n(1.0)]), "D2014");
        assert_eq!(num("random", &[n(42.0)]), 0.7275636800328681);
        assert_eq!(num("random", &[n(0.9)]), 0.730967787376657);
        assert_eq!(num("random", &[n(7.0)]), 0.7306990420600421);
        assert_eq!(num("random", &[]), 0.125);
        assert_eq!(text("uuid", &[]), "00000000-0000-4000-8000-000000000000");
    }

    #[test]
    fn precision_helpers_round_half_up_like_javascript() {
        assert_eq!(super::to_precision(0.1 + 0.2, 15), 0.3);
        assert_eq!(
            super::to_precision(1000000000000005.0, 15),
            1000000000000010.0
        );
        assert_eq!(super::to_precision(-2.0 / 3.0, 15), -0.666666666666667);
        assert_eq!(super::to_fixed(0.5, 0), "1");
        assert_eq!(super::to_fixed(2.5, 0), "3");
        assert_eq!(super::to_fixed(0.125, 2), "0.13");
        assert_eq!(super::to_fixed(1.005, 2), "1.00");
        assert_eq!(super::to_fixed(0.0, 2), "0.00");
        assert_eq!(super::to_fixed(123.456, 1), "123.5");
        assert_eq!(super::to_fixed(9.99, 1), "10.0");
        assert_eq!(super::to_fixed(0.0006, 2), "0.00");
        assert_eq!(super::to_fixed(0.006, 2), "0.01");
    }
}
