//! `$formatNumber`: XPath `fn:format-number` as jsonata-js 2.0.6's
//! `functions.js` implements it (pictures, sub-pictures and the options
//! object's properties).

use super::super::value::{Error, Result, Value};
use super::integers::regular_interval;
use super::numbers::{round, to_fixed};
use super::MAX_LEN;

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

/// `$formatNumber(number, picture, options)`: XPath `fn:format-number`.
pub(super) fn format_number(value: f64, picture: &str, options: &Value<'_>) -> Result<String> {
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

#[cfg(test)]
mod tests {
    use super::super::super::value::Value;

    fn s(t: &str) -> Value<'static> {
        Value::string(t)
    }
    fn text(x: f64, picture: &str, options: &Value<'_>) -> String {
        super::format_number(x, picture, options).unwrap()
    }
    fn code(x: f64, picture: &str) -> &'static str {
        super::format_number(x, picture, &Value::Undefined)
            .unwrap_err()
            .code
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
                text(x, picture, &Value::Undefined),
                expected,
                "{x} {picture}"
            );
        }
        assert_eq!(text(0.14, "###pm", &opts("per-mille", "pm")), "140pm");
        assert_eq!(
            text(1234.5678, "①①.①①①e①", &opts("zero-digit", "⑟")),
            "①②.③④⑥e②"
        );
        assert_eq!(text(2.0, "AAA.AAA", &opts("zero-digit", "A")), "AAC.AAA");
        assert_eq!(text(0.1, "AeAAA", &opts("zero-digit", "A")), "Be-AAB");
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
            assert_eq!(code(20.0, picture), expected, "{picture}");
        }
        // Terminates for negative numbers with an exponent (jsonata-js loops).
        assert_eq!(text(-1234.5, "0.0e0", &Value::Undefined), "-1.2e3");
    }
}
