//! Numeric and aggregation functions, as jsonata-js 2.0.6 implements them
//! (`src/functions.js`; `$formatNumber` in `format_number`, and
//! `$formatInteger` / `$parseInteger` in `integers`), plus the Step
//! Functions additions `$range`, `$random` (with a seed) and `$uuid`.

use super::super::value::{js_number, Error, Host, Result, Value};
use super::arg;
use super::format_number::format_number;
use super::integers::{format_integer, parse_integer};
use super::strings::stringify;

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
                format_integer(*x, p).map(|t| Value::string(&t))
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
pub(super) fn to_fixed(x: f64, dp: usize) -> String {
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
    fn format_number_takes_a_number() {
        assert!(undefined("formatNumber", &[Value::Undefined, s("#0.00")]));
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
