//! Integer pictures (XPath `fn:format-integer`), as jsonata-js 2.0.6's
//! `datetime.js` implements them for `$formatInteger`, `$parseInteger` and
//! the integer components of date/time pictures: decimal digit patterns,
//! letters, roman numerals and English words.

use super::super::value::{js_number, Error, Result};
use super::strings::{js_parse_int, quote};

/// Longest text `$formatInteger` builds.
const MAX_LEN: f64 = 1_000_000.0;

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

#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum Case {
    Upper,
    Lower,
    Title,
}

#[derive(Clone, PartialEq, Debug)]
pub(super) enum Primary {
    Decimal,
    Letters,
    Roman,
    Words,
    /// A numbering sequence jsonata-js does not support (the token); an
    /// error only when used, as there.
    Sequence(String),
}

/// An analysed integer picture (jsonata-js `analyseIntegerPicture`).
#[derive(Clone, Debug)]
pub(super) struct IntegerPicture {
    pub(super) primary: Primary,
    pub(super) case: Case,
    pub(super) ordinal: bool,
    pub(super) zero: u32,
    pub(super) mandatory: usize,
    pub(super) optional: usize,
    /// Evenly spaced identical separators: `separators` is then one
    /// (interval, char).
    pub(super) regular: bool,
    /// (digits to the right, char), rightmost first.
    pub(super) separators: Vec<(usize, char)>,
}

/// `$formatInteger(number, picture)`.
pub(super) fn format_integer(value: f64, picture: &str) -> Result<String> {
    IntegerPicture::analyse(picture)?.format(value.floor())
}

/// `$parseInteger(string, picture)`: the inverse of `$formatInteger`. As in
/// jsonata-js the text is not checked against the picture.
pub(super) fn parse_integer(text: &str, picture: &str) -> Result<f64> {
    let format = IntegerPicture::analyse(picture)?;
    format.unsupported()?;
    Ok(format.parse(text))
}

/// The common interval of grouping positions when every multiple of it up
/// to their count is one of them; 0 otherwise.
pub(super) fn regular_interval(positions: &[usize]) -> usize {
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

impl IntegerPicture {
    pub(super) fn analyse(picture: &str) -> Result<IntegerPicture> {
        let mut format = IntegerPicture {
            primary: Primary::Decimal,
            case: Case::Lower,
            ordinal: false,
            zero: 0x30,
            mandatory: 0,
            optional: 0,
            regular: false,
            separators: Vec::new(),
        };
        let primary = match picture.rfind(';') {
            Some(i) => {
                format.ordinal = picture[i + 1..].starts_with('o');
                &picture[..i]
            }
            None => picture,
        };
        (format.primary, format.case) = match primary {
            "A" => (Primary::Letters, Case::Upper),
            "a" => (Primary::Letters, Case::Lower),
            "I" => (Primary::Roman, Case::Upper),
            "i" => (Primary::Roman, Case::Lower),
            "W" => (Primary::Words, Case::Upper),
            "Ww" => (Primary::Words, Case::Title),
            "w" => (Primary::Words, Case::Lower),
            _ => (Primary::Decimal, Case::Lower),
        };
        if format.primary != Primary::Decimal {
            return Ok(format);
        }
        // A decimal digit pattern, read from the right to place separators.
        let mut zero = None;
        let mut position = 0;
        for c in primary.chars().rev() {
            let code = c as u32;
            if let Some(&group) = DECIMAL_GROUPS
                .iter()
                .find(|&&g| (g..=g + 9).contains(&code))
            {
                format.mandatory += 1;
                position += 1;
                match zero {
                    None => zero = Some(group),
                    Some(z) if z != group => return Err(Error::new(
                        "D3131",
                        "In a decimal digit pattern, all digits must be from the same decimal group",
                    )),
                    Some(_) => {}
                }
            } else if c == '#' {
                position += 1;
                format.optional += 1;
            } else {
                format.separators.push((position, c));
            }
        }
        let Some(zero) = zero else {
            format.primary = Primary::Sequence(primary.to_owned());
            return Ok(format);
        };
        format.zero = zero;
        let same_char = format.separators.windows(2).all(|w| w[0].1 == w[1].1);
        let positions: Vec<usize> = format.separators.iter().map(|s| s.0).collect();
        let interval = if same_char {
            regular_interval(&positions)
        } else {
            0
        };
        if interval > 0 {
            format.regular = true;
            format.separators = vec![(interval, format.separators[0].1)];
        }
        Ok(format)
    }

    /// D3130 for a numbering sequence.
    fn unsupported(&self) -> Result<()> {
        match &self.primary {
            Primary::Sequence(token) => Err(Error::new(
                "D3130",
                format!(
                    "Formatting or parsing an integer as a sequence starting with {} is not supported by this implementation",
                    quote(token)
                ),
            )),
            _ => Ok(()),
        }
    }

    fn a(&self) -> char {
        if self.case == Case::Upper {
            'A'
        } else {
            'a'
        }
    }

    /// jsonata-js `_formatInteger` for a whole number.
    pub(super) fn format(&self, value: f64) -> Result<String> {
        self.unsupported()?;
        let magnitude = value.abs();
        let mut out = match self.primary {
            Primary::Letters => {
                if magnitude.log(26.0) > MAX_LEN {
                    return Err(too_long());
                }
                decimal_to_letters(magnitude, self.a())
            }
            Primary::Roman => {
                // jsonata-js recurses once per numeral and overflows its
                // stack long before this.
                if magnitude / 1000.0 > 10_000.0 {
                    return Err(too_long());
                }
                let roman = decimal_to_roman(magnitude);
                if self.case == Case::Upper {
                    roman.to_uppercase()
                } else {
                    roman
                }
            }
            Primary::Words => {
                let words = number_to_words(magnitude, self.ordinal);
                match self.case {
                    Case::Upper => words.to_uppercase(),
                    Case::Lower => words.to_lowercase(),
                    Case::Title => words,
                }
            }
            _ => self.format_decimal(magnitude)?,
        };
        if value < 0.0 {
            out.insert(0, '-');
        }
        Ok(out)
    }

    fn format_decimal(&self, magnitude: f64) -> Result<String> {
        if self.mandatory as f64 > MAX_LEN {
            return Err(too_long());
        }
        let digits = js_number(magnitude);
        let pad = self.mandatory.saturating_sub(digits.chars().count());
        let digits = "0".repeat(pad) + &digits;
        // Shift into the picture's digit block.
        let mut s: Vec<char> = digits
            .chars()
            .map(|c| char::from_u32(c as u32 + self.zero - 0x30).unwrap_or(c))
            .collect();
        if self.regular {
            let (every, sep) = self.separators[0];
            let n = (s.len() - 1) / every;
            for i in (1..=n).rev() {
                let at = s.len() - i * every;
                s.insert(at, sep);
            }
        } else {
            for &(position, c) in self.separators.iter().rev() {
                // `substr(0, pos) + c + substr(pos)`, negative `pos` included.
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
        if self.ordinal {
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
        Ok(s.into_iter().collect())
    }

    /// The regex of the picture's text (jsonata-js `generateRegex`); `n`
    /// digits when positive.
    pub(super) fn regex(&self, n: i64) -> Result<String> {
        self.unsupported()?;
        let upper = self.case == Case::Upper;
        Ok(match self.primary {
            Primary::Letters if upper => "[A-Z]+".into(),
            Primary::Letters => "[a-z]+".into(),
            Primary::Roman if upper => "[MDCLXVI]+".into(),
            Primary::Roman => "[mdclxvi]+".into(),
            Primary::Words => {
                let mut alts: Vec<String> = word_values().into_iter().map(|(w, _)| w).collect();
                alts.push("and".into());
                alts.push(r"[\-, ]".into());
                format!("(?:{})+", alts.join("|"))
            }
            _ => {
                let occurrences = if n > 0 {
                    let n = n as usize;
                    if self.optional == 0 {
                        format!("{{{n}}}")
                    } else {
                        format!("{{{},{n}}}", n.saturating_sub(self.optional))
                    }
                } else {
                    "+".into()
                };
                let ordinal = if self.ordinal { "(?:th|st|nd|rd)" } else { "" };
                format!("[0-9]{occurrences}{ordinal}")
            }
        })
    }

    /// The value of `text` (jsonata-js `generateRegex`'s `parse`); NaN when
    /// it is not a number.
    pub(super) fn parse(&self, text: &str) -> f64 {
        match self.primary {
            Primary::Letters => letters_to_decimal(text, self.a()),
            Primary::Roman if self.case == Case::Upper => roman_to_decimal(text),
            Primary::Roman => roman_to_decimal(&text.to_uppercase()),
            Primary::Words => words_to_number(&text.to_lowercase()),
            _ => {
                let mut digits: Vec<char> = text.chars().collect();
                if self.ordinal {
                    digits.truncate(digits.len().saturating_sub(2));
                }
                // jsonata-js strips "," for a regular pattern, whatever its
                // separator.
                if self.regular {
                    digits.retain(|&c| c != ',');
                } else {
                    digits.retain(|c| !self.separators.iter().any(|s| s.1 == *c));
                }
                // A char below the block: `String.fromCodePoint` throws in
                // jsonata-js; here it ends the digits.
                let digits: String = digits
                    .iter()
                    .map(|&c| {
                        (c as u32 + 0x30)
                            .checked_sub(self.zero)
                            .and_then(char::from_u32)
                            .unwrap_or('x')
                    })
                    .collect();
                js_parse_int(&digits).unwrap_or(f64::NAN)
            }
        }
    }
}

fn too_long() -> Error {
    Error::new(
        "D3137",
        "$formatInteger: the number is too large for this picture",
    )
}

/// Spreadsheet column letters: 1 is a, 26 z, 27 aa.
fn decimal_to_letters(mut value: f64, a: char) -> String {
    let mut out = Vec::new();
    while value > 0.0 {
        let offset = ((value - 1.0) % 26.0) as u32;
        out.push(char::from_u32(a as u32 + offset).unwrap_or(a));
        value = ((value - 1.0) / 26.0).floor();
    }
    out.iter().rev().collect()
}

fn letters_to_decimal(letters: &str, a: char) -> f64 {
    letters.chars().rev().enumerate().fold(0.0, |acc, (i, c)| {
        acc + (c as i64 - a as i64 + 1) as f64 * 26f64.powi(i as i32)
    })
}

fn decimal_to_roman(mut value: f64) -> String {
    let mut out = String::new();
    for (n, numeral) in ROMAN {
        while value >= n {
            out.push_str(numeral);
            value -= n;
        }
    }
    out
}

/// Upper-case numerals; another letter makes NaN (as in jsonata-js).
fn roman_to_decimal(roman: &str) -> f64 {
    let (mut decimal, mut max) = (0.0, 1.0);
    for c in roman.chars().rev() {
        let value = match c {
            'M' => 1000.0,
            'D' => 500.0,
            'C' => 100.0,
            'L' => 50.0,
            'X' => 10.0,
            'V' => 5.0,
            'I' => 1.0,
            _ => return f64::NAN,
        };
        if value < max {
            decimal -= value;
        } else {
            max = value;
            decimal += value;
        }
    }
    decimal
}

/// English words, in title case, as jsonata-js writes them.
fn number_to_words(value: f64, ordinal: bool) -> String {
    fn lookup(num: f64, prev: bool, ord: bool) -> String {
        if num <= 19.0 {
            let i = (num as usize).min(19);
            let word = if ord { ORDINALS[i] } else { FEW[i] };
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

/// Words and their values, in jsonata-js's `wordValues` key order (which
/// is also the order of the alternatives in its parsing regex).
fn word_values() -> Vec<(String, f64)> {
    let mut out: Vec<(String, f64)> = Vec::new();
    for (i, w) in FEW.iter().chain(&ORDINALS).enumerate() {
        out.push((w.to_lowercase(), (i % FEW.len()) as f64));
    }
    for (i, w) in DECADES.iter().enumerate() {
        let lw = w.to_lowercase();
        let value = ((i + 2) * 10) as f64;
        // jsonata-js derives "…ieth" from every decade ("hundreieth" too).
        let ieth = format!("{}ieth", &lw[..lw.len() - 1]);
        out.push((lw, value));
        out.push((ieth, value));
    }
    out.push(("hundredth".into(), 100.0));
    for (i, w) in MAGNITUDES.iter().enumerate() {
        let lw = w.to_lowercase();
        let value = 10f64.powi(3 * (i as i32 + 1));
        out.push((lw.clone(), value));
        out.push((format!("{lw}th"), value));
    }
    out
}

/// jsonata-js `wordsToNumber` on lower-case text: splits at ", ", " and ",
/// white space, `\` and `-`; an unknown word makes NaN.
fn words_to_number(text: &str) -> f64 {
    let values = word_values();
    let chars: Vec<char> = text.chars().collect();
    let mut parts = vec![String::new()];
    let mut i = 0;
    while i < chars.len() {
        let ws = |k: usize| chars.get(k).is_some_and(|c| c.is_whitespace());
        let skip = if chars[i] == ',' && ws(i + 1) {
            2
        } else if ws(i) && chars.get(i + 1..i + 4) == Some(&['a', 'n', 'd']) && ws(i + 4) {
            5
        } else if ws(i) || chars[i] == '\\' || chars[i] == '-' {
            1
        } else {
            0
        };
        if skip > 0 {
            parts.push(String::new());
            i += skip;
        } else {
            if let Some(p) = parts.last_mut() {
                p.push(chars[i]);
            }
            i += 1;
        }
    }
    let mut segs = vec![0.0];
    for part in parts {
        let value = values
            .iter()
            .find(|(w, _)| *w == part)
            .map_or(f64::NAN, |(_, v)| *v);
        let top = segs.pop().unwrap_or(0.0);
        if value < 100.0 {
            if top >= 1000.0 {
                segs.push(top);
                segs.push(value);
            } else {
                segs.push(top + value);
            }
        } else {
            // Includes NaN, as JavaScript's `undefined < 100` is false.
            segs.push(top * value);
        }
    }
    segs.iter().sum()
}
