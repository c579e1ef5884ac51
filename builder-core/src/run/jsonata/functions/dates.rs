//! Date/time built-ins, as jsonata-js 2.0.6's `datetime.js` implements the
//! XPath `format-dateTime` picture strings: `$now`, `$millis`, `$fromMillis`
//! and `$toMillis`. Dates are JavaScript `Date`s: UTC milliseconds within
//! ±8.64e15, proleptic Gregorian calendar.

use super::super::value::{Error, Host, Result, Value};
use super::arg;
use super::integers::{format_integer, Case, IntegerPicture, Primary};
use super::strings::js_parse_int;
use crate::expr::timestamp::civil_from_days;

pub(super) fn call<'a>(
    name: &str,
    args: &[Value<'a>],
    host: &mut dyn Host<'a>,
) -> Option<Result<Value<'a>>> {
    let now = host.now_millis();
    Some(match name {
        "millis" => Ok(Value::Number(now)),
        "now" => format_date_time(now, arg(args, 0), arg(args, 1)).map(|s| Value::string(&s)),
        "fromMillis" => match arg(args, 0) {
            Value::Number(ms) => {
                format_date_time(*ms, arg(args, 1), arg(args, 2)).map(|s| Value::string(&s))
            }
            _ => Ok(Value::Undefined),
        },
        "toMillis" => match (arg(args, 0), arg(args, 1)) {
            (Value::String(ts), Value::String(picture)) => parse_date_time(ts, picture, now)
                .map(|ms| ms.map_or(Value::Undefined, Value::Number)),
            (Value::String(ts), _) => parse_iso(ts).map(Value::Number),
            _ => Ok(Value::Undefined),
        },
        _ => return None,
    })
}

const MS_PER_DAY: f64 = 86_400_000.0;
const DAYS: [&str; 8] = [
    "",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

// ---------------------------------------------------------------------------
// Calendar arithmetic (JavaScript's MakeDay / MakeTime / TimeClip).

/// Days from 1970-01-01 to the first of a month (month 1..=12).
fn days_from_civil(y: i64, m: i64) -> i64 {
    crate::expr::timestamp::days_from_civil(y, m, 1)
}

/// JavaScript `Date.UTC(y, m0, d, h, mi, s, ms)` with its overflow rules
/// (months and days roll over; a year 0..=99 means 1900 + it); NaN when
/// out of range.
#[allow(clippy::too_many_arguments)]
fn date_utc(y: f64, m0: f64, d: f64, h: f64, mi: f64, s: f64, ms: f64) -> f64 {
    let [y, m0, d, h, mi, s, ms] = [y, m0, d, h, mi, s, ms].map(f64::trunc);
    let y = if (0.0..=99.0).contains(&y) {
        1900.0 + y
    } else {
        y
    };
    let ym = y + (m0 / 12.0).floor();
    if !ym.is_finite() || ym.abs() > 1e9 || !d.is_finite() {
        return f64::NAN;
    }
    let mn = m0.rem_euclid(12.0) as i64 + 1;
    let day = days_from_civil(ym as i64, mn) as f64 + d - 1.0;
    let time = h * 3_600_000.0 + mi * 60_000.0 + s * 1000.0 + ms;
    time_clip(day * MS_PER_DAY + time)
}

fn time_clip(t: f64) -> f64 {
    if t.is_finite() && t.abs() <= 8.64e15 {
        t.trunc() + 0.0
    } else {
        f64::NAN
    }
}

/// The UTC fields of a time value.
#[derive(Clone, Copy)]
struct DateTime {
    ms_total: i64,
    days: i64,
    year: i64,
    month: i64, // 1..=12
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
    milli: i64,
    /// 0 = Sunday, as `getUTCDay`.
    weekday: i64,
}

impl DateTime {
    fn new(t: f64) -> Option<DateTime> {
        let t = time_clip(t);
        if t.is_nan() {
            return None;
        }
        let ms_total = t as i64;
        let days = ms_total.div_euclid(86_400_000);
        let in_day = ms_total.rem_euclid(86_400_000);
        let (year, month, day) = civil_from_days(days);
        Some(DateTime {
            ms_total,
            days,
            year,
            month,
            day,
            hour: in_day / 3_600_000,
            minute: in_day / 60_000 % 60,
            second: in_day / 1000 % 60,
            milli: in_day % 1000,
            weekday: (days + 4).rem_euclid(7),
        })
    }
}

/// The day number where week 1 of a year or month starts: ISO 8601's week
/// with the first Thursday, extended by XPath to months (month 1..=12,
/// rolling over like `Date.UTC`).
fn start_of_first_week(year: i64, month: i64) -> i64 {
    let (year, month) = (
        year + (month - 1).div_euclid(12),
        (month - 1).rem_euclid(12) + 1,
    );
    let first = days_from_civil(year, month);
    let dow = match (first + 4).rem_euclid(7) {
        0 => 7,
        d => d,
    };
    if dow > 4 {
        first + 8 - dow
    } else {
        first - (dow - 1)
    }
}

/// Weeks from `start` (1-based, fractional as jsonata-js leaves it).
fn delta_weeks(start: i64, end: i64) -> f64 {
    (end - start) as f64 / 7.0 + 1.0
}

/// A component's value (jsonata-js `getDateTimeFragment`).
enum Fragment {
    Num(i64),
    Text(&'static str),
    None,
}

fn fragment(date: &DateTime, component: char) -> Fragment {
    let d = date;
    Fragment::Num(match component {
        'Y' => d.year,
        'M' => d.month,
        'D' => d.day,
        'd' => d.days - days_from_civil(d.year, 1) + 1,
        'F' => match d.weekday {
            0 => 7,
            w => w,
        },
        'W' => {
            let mut week = delta_weeks(start_of_first_week(d.year, 1), d.days);
            if week > 52.0 {
                if d.days >= start_of_first_week(d.year + 1, 1) {
                    week = 1.0;
                }
            } else if week < 1.0 {
                week = delta_weeks(start_of_first_week(d.year - 1, 1), d.days);
            }
            week.floor() as i64
        }
        'w' => {
            let mut week = delta_weeks(start_of_first_week(d.year, d.month), d.days);
            if week > 4.0 {
                if d.days >= start_of_first_week(d.year, d.month + 1) {
                    week = 1.0;
                }
            } else if week < 1.0 {
                week = delta_weeks(start_of_first_week(d.year, d.month - 1), d.days);
            }
            week.floor() as i64
        }
        // The ISO week-numbering year and month (jsonata-js extensions);
        // compared with the full time, as jsonata-js does.
        'X' => {
            let now = d.ms_total;
            if now < start_of_first_week(d.year, 1) * 86_400_000 {
                d.year - 1
            } else if now >= start_of_first_week(d.year + 1, 1) * 86_400_000 {
                d.year + 1
            } else {
                d.year
            }
        }
        'x' => {
            let now = d.ms_total;
            if now < start_of_first_week(d.year, d.month) * 86_400_000 {
                (d.month - 2).rem_euclid(12) + 1
            } else if now >= start_of_first_week(d.year, d.month + 1) * 86_400_000 {
                d.month % 12 + 1
            } else {
                d.month
            }
        }
        'H' => d.hour,
        'h' => match d.hour % 12 {
            0 => 12,
            h => h,
        },
        'P' => return Fragment::Text(if d.hour >= 12 { "pm" } else { "am" }),
        'm' => d.minute,
        's' => d.second,
        'f' => d.milli,
        'C' | 'E' => return Fragment::Text("ISO"),
        _ => return Fragment::None,
    })
}

// ---------------------------------------------------------------------------
// Date/time pictures (jsonata-js `analyseDateTimePicture`).

enum Part {
    Literal(String),
    Marker(Marker),
}

struct Marker {
    component: Option<char>,
    presentation1: String,
    presentation2: Option<char>,
    names: Option<Case>,
    integer: Option<IntegerPicture>,
    width_max: Option<usize>,
    /// Digits of a year (Y/M/D: `n`); -1 when unrestricted.
    n: i64,
}

/// A width of a marker: `*` or nothing usable means unrestricted.
fn parse_width(w: &str) -> Option<usize> {
    match w {
        "*" => None,
        w => js_parse_int(w).map(|v| v.clamp(0.0, 1e6) as usize),
    }
}

fn default_presentation(component: char) -> Option<&'static str> {
    Some(match component {
        'Y' | 'M' | 'D' | 'd' | 'W' | 'w' | 'X' | 'x' | 'H' | 'h' | 'f' => "1",
        'F' | 'P' | 'C' | 'E' => "n",
        'm' | 's' => "01",
        'Z' | 'z' => "01:01",
        _ => return None,
    })
}

fn analyse_date_time_picture(picture: &str) -> Result<Vec<Part>> {
    let chars: Vec<char> = picture.chars().collect();
    let mut parts = Vec::new();
    let literal = |parts: &mut Vec<Part>, from: usize, to: usize| {
        if to > from {
            let text: String = chars[from..to].iter().collect();
            parts.push(Part::Literal(text.replace("]]", "]")));
        }
    };
    let (mut start, mut pos) = (0, 0);
    while pos < chars.len() {
        if chars[pos] != '[' {
            pos += 1;
            continue;
        }
        if chars.get(pos + 1) == Some(&'[') {
            literal(&mut parts, start, pos);
            parts.push(Part::Literal("[".into()));
            pos += 2;
            start = pos;
            continue;
        }
        literal(&mut parts, start, pos);
        let Some(close) = chars[pos..].iter().position(|c| *c == ']').map(|i| pos + i) else {
            return Err(Error::new(
                "D3135",
                "No matching closing bracket ']' in date/time picture string",
            ));
        };
        // Whitespace inside a marker is ignored.
        let marker: Vec<char> = chars[pos + 1..close]
            .iter()
            .copied()
            .filter(|c| !c.is_whitespace())
            .collect();
        parts.push(Part::Marker(analyse_marker(&marker)?));
        start = close + 1;
        pos = close + 1;
    }
    literal(&mut parts, start, chars.len());
    Ok(parts)
}

fn analyse_marker(marker: &[char]) -> Result<Marker> {
    let component = marker.first().copied();
    let (mut width_min, mut width_max) = (None, None);
    let modifiers: &[char] = match marker.iter().rposition(|c| *c == ',') {
        Some(comma) => {
            let width: String = marker[comma + 1..].iter().collect();
            let (min, max) = match width.split_once('-') {
                Some((a, b)) => (a.to_owned(), Some(b.to_owned())),
                None => (width, None),
            };
            width_min = parse_width(&min);
            width_max = max.as_deref().and_then(parse_width);
            marker.get(1..comma).unwrap_or(&[])
        }
        None => marker.get(1..).unwrap_or(&[]),
    };
    let mut presentation2 = None;
    let presentation1: String = match modifiers {
        [] => component.and_then(default_presentation).map(str::to_owned),
        [single] => Some(single.to_string()),
        [rest @ .., last] if "atco".contains(*last) => {
            presentation2 = Some(*last);
            Some(rest.iter().collect())
        }
        all => Some(all.iter().collect()),
    }
    .ok_or_else(|| {
        let shown = component.map(String::from).unwrap_or_default();
        Error::new(
            "D3132",
            format!("Unknown component specifier \"{shown}\" in date/time picture string"),
        )
    })?;
    let mut m = Marker {
        component,
        presentation1,
        presentation2,
        names: None,
        integer: None,
        width_max,
        n: -1,
    };
    let c = component.unwrap_or(' ');
    let mut p1 = m.presentation1.chars();
    match (p1.next(), p1.next()) {
        (Some('n'), _) => m.names = Some(Case::Lower),
        (Some('N'), Some('n')) => m.names = Some(Case::Title),
        (Some('N'), _) => m.names = Some(Case::Upper),
        _ if "YMDdFWwXxHhmsf".contains(c) => {
            let mut pattern = m.presentation1.clone();
            if let Some(p2) = presentation2 {
                pattern.push(';');
                pattern.push(p2);
            }
            let mut f = IntegerPicture::analyse(&pattern)?;
            let decimal = f.primary == Primary::Decimal;
            if let Some(min) = width_min {
                if decimal && f.mandatory < min {
                    f.mandatory = min;
                }
            }
            if "YMD".contains(c) {
                if let Some(max) = width_max {
                    m.n = max as i64;
                    f.mandatory = max;
                } else if decimal && f.mandatory + f.optional >= 2 {
                    m.n = (f.mandatory + f.optional) as i64;
                }
            }
            m.integer = Some(f);
        }
        _ => {}
    }
    if c == 'Z' || c == 'z' {
        m.integer = Some(IntegerPicture::analyse(&m.presentation1)?);
    }
    Ok(m)
}

// ---------------------------------------------------------------------------
// Formatting (`$fromMillis`, `$now`).

/// The picture jsonata-js uses when none is given.
const ISO_PICTURE: &str = "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]";

fn format_date_time(millis: f64, picture: &Value, timezone: &Value) -> Result<String> {
    // "+hhmm" read as jsonata-js reads it: parseInt, then hours and minutes
    // by floor and remainder (so "-0530" is -6 h and -30 min, as there).
    let (offset_hours, offset_minutes) = match timezone.as_str() {
        None => (0.0, 0.0),
        Some(tz) => match js_parse_int(tz) {
            Some(offset) => ((offset / 100.0).floor(), offset % 100.0),
            None => {
                return Err(Error::new(
                    "D3110",
                    format!(
                    "The timezone argument must be a string in the form \"+hhmm\", not \"{tz}\""
                ),
                ))
            }
        },
    };
    let picture = picture.as_str().unwrap_or(ISO_PICTURE);
    let parts = analyse_date_time_picture(picture)?;
    let offset_millis = (60.0 * offset_hours + offset_minutes) * 60_000.0;
    let Some(date) = DateTime::new(millis + offset_millis) else {
        return Err(Error::new(
            "D1001",
            "Number out of range: the time is outside the range of dates",
        ));
    };
    let mut out = String::new();
    for part in &parts {
        match part {
            Part::Literal(text) => out.push_str(text),
            Part::Marker(m) => out.push_str(&format_component(
                &date,
                m,
                offset_hours as i64,
                offset_minutes as i64,
            )?),
        }
    }
    Ok(out)
}

fn format_component(date: &DateTime, m: &Marker, hours: i64, minutes: i64) -> Result<String> {
    let c = m.component.unwrap_or(' ');
    let value = fragment(date, c);
    let names_error = || {
        Error::new(
            "D3133",
            format!("The 'name' modifier can only be applied to months and days in the date/time picture string, not {c}"),
        )
    };
    match (c, value) {
        (
            'Y' | 'M' | 'D' | 'd' | 'F' | 'W' | 'w' | 'X' | 'x' | 'H' | 'h' | 'm' | 's' | 'f',
            Fragment::Num(mut v),
        ) => {
            if c == 'Y' && m.n >= 0 {
                // Only the last n digits of the year.
                v %= 10i64.checked_pow(m.n.min(18) as u32).unwrap_or(i64::MAX);
            }
            match (m.names, &m.integer) {
                (Some(case), _) if c != 'f' => {
                    let name = match c {
                        'M' | 'x' => MONTHS.get((v - 1) as usize),
                        'F' => DAYS.get(v as usize),
                        _ => return Err(names_error()),
                    };
                    let name = name.copied().unwrap_or_default();
                    let mut name = match case {
                        Case::Upper => name.to_uppercase(),
                        Case::Lower => name.to_lowercase(),
                        Case::Title => name.to_owned(),
                    };
                    if let Some(max) = m.width_max {
                        if let Some((i, _)) = name.char_indices().nth(max) {
                            name.truncate(i);
                        }
                    }
                    Ok(name)
                }
                (_, Some(f)) => f.format(v as f64),
                _ => Err(names_error()),
            }
        }
        ('Z' | 'z', _) => {
            let offset = hours * 100 + minutes;
            let f = m.integer.as_ref().ok_or_else(names_error)?;
            let mut s = if f.regular {
                f.format(offset as f64)?
            } else {
                match f.mandatory {
                    1 | 2 => {
                        let mut s = f.format(hours as f64)?;
                        if minutes != 0 {
                            s.push(':');
                            s.push_str(&format_integer(minutes as f64, "00")?);
                        }
                        s
                    }
                    3 | 4 => f.format(offset as f64)?,
                    _ => return Err(Error::new(
                        "D3134",
                        "The timezone integer format specifier cannot have more than four digits",
                    )),
                }
            };
            if offset >= 0 {
                s.insert(0, '+');
            }
            if c == 'z' {
                s.insert_str(0, "GMT");
            }
            if offset == 0 && m.presentation2 == Some('t') {
                s = "Z".into();
            }
            Ok(s)
        }
        ('P', Fragment::Text(t)) if m.names == Some(Case::Upper) => Ok(t.to_uppercase()),
        (_, Fragment::Text(t)) => Ok(t.to_owned()),
        // An unknown component given a presentation modifier: jsonata-js
        // appends `undefined`.
        _ => Ok("undefined".into()),
    }
}

// ---------------------------------------------------------------------------
// Parsing (`$toMillis`).

/// An ISO 8601 timestamp as jsonata-js accepts it (its own pattern) and
/// JavaScript's `Date.parse` reads it (date-only and offset-less forms as
/// UTC; months 1–12 and days 1–31, rolling over as V8 does).
fn parse_iso(ts: &str) -> Result<f64> {
    let not_iso = || {
        Error::new(
            "D3110",
            format!("The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given \"{ts}\""),
        )
    };
    let shape = regex_lite::Regex::new(
        r"^[0-9]{4}(-[01][0-9])*(-[0-3][0-9])*(T[0-2][0-9]:[0-5][0-9]:[0-5][0-9])*(\.[0-9]+)?([+-][0-2][0-9]:?[0-5][0-9]|Z)?$",
    )
    .map_err(|_| not_iso())?;
    if !shape.is_match(ts) {
        return Err(not_iso());
    }
    // What `Date.parse` reads of it; other shapes give NaN (or a legacy
    // reading this does not reproduce).
    let es = regex_lite::Regex::new(
        r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?(?:(?:T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$",
    )
    .map_err(|_| not_iso())?;
    let nan = || {
        Error::new(
            "D1001",
            format!("Number out of range: $toMillis(\"{ts}\") is not a valid time"),
        )
    };
    let caps = es.captures(ts).ok_or_else(nan)?;
    let num = |i: usize, default: f64| {
        caps.get(i)
            .and_then(|m| m.as_str().parse::<f64>().ok())
            .unwrap_or(default)
    };
    let (year, month, day) = (num(1, 0.0), num(2, 1.0), num(3, 1.0));
    let (hour, minute, second) = (num(4, 0.0), num(5, 0.0), num(6, 0.0));
    let has_time = caps.get(4).is_some();
    // An offset needs a time, except `Z`.
    let zone = caps.get(8).map(|m| m.as_str());
    if zone.is_some_and(|z| z != "Z") && !has_time {
        return Err(nan());
    }
    let milli = caps.get(7).map_or(0.0, |m| {
        let digits: String = m.as_str().chars().chain("00".chars()).take(3).collect();
        digits.parse().unwrap_or(0.0)
    });
    let valid = (1.0..=12.0).contains(&month)
        && (1.0..=31.0).contains(&day)
        && minute <= 59.0
        && second <= 59.0
        && (hour <= 23.0 || (hour == 24.0 && minute == 0.0 && second == 0.0 && milli == 0.0));
    if !valid {
        return Err(nan());
    }
    let mut offset = 0.0;
    if let Some(z) = zone.filter(|z| *z != "Z") {
        let digits: String = z.chars().filter(char::is_ascii_digit).collect();
        let (h, m) = digits.split_at(2);
        let (h, m): (f64, f64) = (h.parse().unwrap_or(0.0), m.parse().unwrap_or(0.0));
        if h > 23.0 {
            return Err(nan());
        }
        offset = (h * 60.0 + m) * if z.starts_with('-') { -1.0 } else { 1.0 };
    }
    // Date.UTC's two-digit-year rule does not apply to parsed years.
    let t = days_from_civil(year as i64, month as i64) as f64 + day - 1.0;
    let t = time_clip(
        t * MS_PER_DAY + hour * 3_600_000.0 + minute * 60_000.0 + second * 1000.0 + milli
            - offset * 60_000.0,
    );
    if t.is_nan() {
        Err(nan())
    } else {
        Ok(t)
    }
}

/// How one part of a picture reads its text.
enum Reader {
    Literal,
    /// A timezone offset; `Some(sep)` when hours and minutes are separated.
    Zone(Option<char>, bool),
    Integer(IntegerPicture),
    Names(Vec<(String, f64)>),
}

fn read_zone(text: &str, sep: Option<char>, gmt: bool) -> f64 {
    let text = if gmt {
        text.get(3..).unwrap_or("")
    } else {
        text
    };
    let int = |s: &str| js_parse_int(s).unwrap_or(f64::NAN);
    let (hours, minutes) = match sep.and_then(|c| text.find(c).map(|i| (i, c))) {
        Some((i, c)) => (int(&text[..i]), int(&text[i + c.len_utf8()..])),
        None if sep.is_some() => (int(text), f64::NAN),
        // Without a separator the digit count decides: hh, or hhmm.
        None if text.len() <= 3 => (int(text), 0.0),
        None => (int(&text[..3]), int(&text[3..])),
    };
    hours * 60.0 + minutes
}

/// Parses `ts` by a picture (jsonata-js `parseDateTime`): `None` when it
/// does not match. Missing components before the given ones come from
/// `now`, after them are zero (or 1 for month and day).
fn parse_date_time(ts: &str, picture: &str, now: f64) -> Result<Option<f64>> {
    let parts = analyse_date_time_picture(picture)?;
    let mut regex = String::from("(?i)^");
    let mut readers = Vec::new();
    for part in &parts {
        let (re, reader, component) = match part {
            Part::Literal(text) => (regex_lite::escape(text), Reader::Literal, ' '),
            Part::Marker(m) => {
                let c = m.component.unwrap_or(' ');
                if c == 'Z' || c == 'z' {
                    let sep = m
                        .integer
                        .as_ref()
                        .filter(|f| f.regular)
                        .and_then(|f| f.separators.first())
                        .map(|s| s.1);
                    let mut re = String::from(if c == 'z' { "GMT" } else { "" });
                    re.push_str("[-+][0-9]+");
                    if let Some(sep) = sep {
                        re.push_str(&regex_lite::escape(&sep.to_string()));
                        re.push_str("[0-9]+");
                    }
                    (re, Reader::Zone(sep, c == 'z'), c)
                } else if let Some(f) = &m.integer {
                    (f.regex(m.n)?, Reader::Integer(f.clone()), c)
                } else {
                    let names: Vec<(String, f64)> = match c {
                        'M' | 'x' => MONTHS
                            .iter()
                            .zip(1..)
                            .map(|(name, i)| (truncate(name, m.width_max), f64::from(i)))
                            .collect(),
                        'F' => DAYS[1..]
                            .iter()
                            .zip(1..)
                            .map(|(name, i)| (truncate(name, m.width_max), f64::from(i)))
                            .collect(),
                        'P' => [("am", 0.0), ("AM", 0.0), ("pm", 1.0), ("PM", 1.0)]
                            .iter()
                            .map(|(s, v)| (s.to_string(), *v))
                            .collect(),
                        _ => {
                            return Err(Error::new(
                                "D3133",
                                format!("The 'name' modifier can only be applied to months and days in the date/time picture string, not {c}"),
                            ))
                        }
                    };
                    ("[a-zA-Z]+".into(), Reader::Names(names), c)
                }
            }
        };
        regex.push('(');
        regex.push_str(&re);
        regex.push(')');
        readers.push((reader, component));
    }
    regex.push('$');
    let re = regex_lite::Regex::new(&regex)
        .map_err(|e| Error::new("D3136", format!("Unable to parse the picture string: {e}")))?;
    let Some(caps) = re.captures(ts) else {
        return Ok(None);
    };
    // A component read as undefined (an unknown name) counts as given but
    // without a value, as in jsonata-js.
    let mut comps: Vec<(char, Option<f64>)> = Vec::new();
    for (i, (reader, c)) in readers.iter().enumerate() {
        let text = caps.get(i + 1).map_or("", |m| m.as_str());
        let value = match reader {
            Reader::Literal => continue,
            Reader::Zone(sep, gmt) => Some(read_zone(text, *sep, *gmt)),
            Reader::Integer(f) => Some(f.parse(text)),
            Reader::Names(names) => names.iter().find(|(n, _)| n == text).map(|(_, v)| *v),
        };
        match comps.iter_mut().find(|(k, _)| k == c) {
            Some(slot) => slot.1 = value,
            None => comps.push((*c, value)),
        }
    }
    if comps.is_empty() {
        return Ok(None);
    }
    let get = |comps: &[(char, Option<f64>)], c: char| {
        comps.iter().find(|(k, _)| *k == c).and_then(|(_, v)| *v)
    };
    // Which date and time combinations are given (a 0 or NaN value counts
    // as absent here, as JavaScript's truthiness does in jsonata-js).
    let mask_of = |letters: &str| {
        letters.chars().fold(0u32, |mask, c| {
            let set = get(&comps, c).is_some_and(|v| v != 0.0 && !v.is_nan());
            (mask << 1) | u32::from(set)
        })
    };
    let is_type = |t: u32, mask: u32| (!t & mask) == 0 && (t & mask) != 0;
    let date_mask = mask_of("YXMxWwdD");
    let date_a = is_type(0b1010_0001, date_mask);
    let date_b = !date_a && is_type(0b1000_0010, date_mask);
    let date_c = is_type(0b0101_0100, date_mask);
    let date_d = !date_c && is_type(0b0100_1000, date_mask);
    let time_mask = mask_of("PHhmsf");
    let time_a = is_type(0b01_0111, time_mask);
    let time_b = !time_a && is_type(0b10_1111, time_mask);
    // jsonata-js lists "YD" (not "Yd") for the day-of-year form.
    let date_comps = if date_b {
        "YD"
    } else if date_c {
        "XxwF"
    } else if date_d {
        "XWF"
    } else {
        "YMD"
    };
    let time_comps = if time_b { "Phmsf" } else { "Hmsf" };
    let missing = || {
        Error::new(
            "D3136",
            "The date/time picture string is missing specifiers required to parse the timestamp",
        )
    };
    let Some(now) = DateTime::new(now) else {
        return Err(missing());
    };
    let (mut started, mut ended) = (false, false);
    // Values defaulted from `now`; "P" gives a name there, never 1 (pm).
    let mut value: Vec<(char, f64)> = Vec::new();
    for c in date_comps.chars().chain(time_comps.chars()) {
        match get(&comps, c) {
            None => {
                let v = if started {
                    ended = true;
                    if "MDd".contains(c) {
                        1.0
                    } else {
                        0.0
                    }
                } else {
                    match fragment(&now, c) {
                        Fragment::Num(n) => n as f64,
                        _ => -1.0,
                    }
                };
                value.push((c, v));
            }
            Some(v) => {
                started = true;
                if ended {
                    return Err(missing());
                }
                value.push((c, v));
            }
        }
    }
    if date_c || date_d {
        // Week-based dates are not supported by jsonata-js either.
        return Err(missing());
    }
    let val = |c: char| {
        value
            .iter()
            .find(|(k, _)| *k == c)
            .map(|(_, v)| *v)
            .or_else(|| get(&comps, c))
            .unwrap_or(f64::NAN)
    };
    let mut month = if val('M') > 0.0 { val('M') - 1.0 } else { 0.0 };
    let mut day = val('D');
    if date_b {
        let first = date_utc(val('Y'), 0.0, 1.0, 0.0, 0.0, 0.0, 0.0);
        let derived = first + (val('d') - 1.0) * MS_PER_DAY;
        match DateTime::new(derived) {
            Some(d) => {
                month = (d.month - 1) as f64;
                day = d.day as f64;
            }
            None => (month, day) = (f64::NAN, f64::NAN),
        }
    }
    let hour = if time_b {
        let h = val('h');
        let h = if h == 12.0 { 0.0 } else { h };
        if val('P') == 1.0 {
            h + 12.0
        } else {
            h
        }
    } else {
        val('H')
    };
    let mut millis = date_utc(val('Y'), month, day, hour, val('m'), val('s'), val('f'));
    // `components.Z || components.z`: the first truthy one.
    let truthy = |v: &f64| *v != 0.0 && !v.is_nan();
    let zone = get(&comps, 'Z')
        .filter(truthy)
        .or_else(|| get(&comps, 'z').filter(truthy));
    if let Some(z) = zone {
        millis -= z * 60_000.0;
    }
    if millis.is_nan() {
        return Err(Error::new(
            "D1001",
            format!("Number out of range: \"{ts}\" read by the picture \"{picture}\" is not a valid time"),
        ));
    }
    Ok(Some(millis))
}

fn truncate(name: &str, max: Option<usize>) -> String {
    match max {
        Some(max) if max > 0 => name.chars().take(max).collect(),
        _ => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::value::{Error, Host, Result, Value};

    struct TestHost;

    impl<'a> Host<'a> for TestHost {
        fn apply(&mut self, _: &Value<'a>, _: Vec<Value<'a>>) -> Result<Value<'a>> {
            Err(Error::new("T1006", "no functions here"))
        }
        fn now_millis(&self) -> f64 {
            1_767_225_600_000.0 // 2026-01-01T00:00:00.000Z
        }
        fn random(&mut self) -> f64 {
            0.5
        }
        fn uuid(&mut self) -> String {
            "00000000-0000-4000-8000-000000000000".into()
        }
    }

    fn s(text: &str) -> Value<'static> {
        Value::string(text)
    }

    fn run(name: &str, args: &[Value<'static>]) -> String {
        match super::call(name, args, &mut TestHost).expect("handled") {
            Ok(Value::Undefined) => "undefined".into(),
            Ok(Value::String(text)) => format!("{text:?}"),
            Ok(Value::Number(n)) => super::super::super::value::js_number(n),
            Ok(other) => format!("{other:?}"),
            Err(e) => format!("error {}", e.code),
        }
    }

    fn from_millis(ms: f64, picture: Option<&str>, tz: Option<&str>) -> String {
        let mut args = vec![Value::Number(ms), picture.map_or(Value::Undefined, s)];
        if let Some(tz) = tz {
            args.push(s(tz));
        }
        run("fromMillis", &args)
    }

    fn to_millis(ts: &str, picture: Option<&str>) -> String {
        let mut args = vec![s(ts)];
        if let Some(p) = picture {
            args.push(s(p));
        }
        run("toMillis", &args)
    }

    /// The `$fromMillis(n, picture, timezone)` cases of jsonata-js's
    /// function-fromMillis test group.
    #[test]
    #[rustfmt::skip]
    fn from_millis_suite() {
        let cases: &[(f64, Option<&str>, Option<&str>, &str)] = &[
        (1.0, None, None, "\"1970-01-01T00:00:00.001Z\""),
        (1509380732935.0, None, None, "\"2017-10-30T16:25:32.935Z\""),
        (1521801216617.0, Some("Hello"), None, "\"Hello\""),
        (1521801216617.0, Some("Year: [Y0001]"), None, "\"Year: 2018\""),
        (1521801216617.0, Some("Year: <[Y0001]>"), None, "\"Year: <2018>\""),
        (1521801216617.0, Some("Year: <[Y9,999,*]>"), None, "\"Year: <2,018>\""),
        (1521801216617.0, Some("[[Year: <[Y0001]>"), None, "\"[Year: <2018>\""),
        (1521801216617.0, Some("Year]]: <[Y0001]>"), None, "\"Year]: <2018>\""),
        (1521801216617.0, Some("[[Year]]: [[[Y0001]]]"), None, "\"[Year]: [2018]\""),
        (1521801216617.0, Some("[D#1]/[M#1]/[Y0001]"), None, "\"23/3/2018\""),
        (1522616700000.0, Some("[F0] [FNn]"), None, "\"7 Sunday\""),
        (1522703100000.0, Some("[F0] [FNn]"), None, "\"1 Monday\""),
        (1521801216617.0, Some("[Y0001]-[M01]-[D01]"), None, "\"2018-03-23\""),
        (1521801216617.0, Some("[M01]/[D01]/[Y0001] at [H01]:[m01]:[s01]"), None, "\"03/23/2018 at 10:33:36\""),
        (1521801216617.0, Some("[Y]-[M01]-[D01]T[H01]:[m]:[s].[f001][Z01:01t]"), None, "\"2018-03-23T10:33:36.617Z\""),
        (1521801216617.0, Some("[Y]-[ M01]-[D 01]T[H01 ]:[ m   ]:[s].[f0  01][Z01:\n 01t]"), None, "\"2018-03-23T10:33:36.617Z\""),
        (1521801216617.0, Some("[Y]-[M01]-[D01]T[H01]:[m]:[s].[f001][Z0101t]"), Some("+0100"), "\"2018-03-23T11:33:36.617+0100\""),
        (1531310400000.0, Some("[Y]-[M01]-[D01]T[H01]:[m]:[s][Z01:01]"), None, "\"2018-07-11T12:00:00+00:00\""),
        (1531310400000.0, Some("[Y]-[M01]-[D01]T[H01]:[m]:[s][Z01:01t]"), None, "\"2018-07-11T12:00:00Z\""),
        (1531310400000.0, Some("[Y]-[M01]-[D01]T[H01]:[m]:[s][Z]"), Some("-0500"), "\"2018-07-11T07:00:00-05:00\""),
        (1531310400000.0, Some("[Y]-[M01]-[D01]T[H01]:[m]:[s][Z0]"), Some("-0500"), "\"2018-07-11T07:00:00-5\""),
        (1531310400000.0, Some("[Y]-[M01]-[D01]T[H01]:[m]:[s][Z]"), Some("+1000"), "\"2018-07-11T22:00:00+10:00\""),
        (1531310400000.0, Some("[Y]-[M01]-[D01]T[H01]:[m]:[s][Z0]"), Some("+1000"), "\"2018-07-11T22:00:00+10\""),
        (1531310400000.0, Some("[Y]-[M01]-[D01]T[H01]:[m]:[s][Z0]"), Some("+0530"), "\"2018-07-11T17:30:00+5:30\""),
        (1531310400000.0, Some("[Y]-[M01]-[D01]T[H01]:[m]:[s][z]"), Some("-0500"), "\"2018-07-11T07:00:00GMT-05:00\""),
        (1204405500000.0, Some("[Y]-[M01]-[D01]T[H01]:[m]:[s].[f001][Z0101t]"), Some("+0530"), "\"2008-03-02T02:35:00.000+0530\""),
        (1230757500000.0, Some("[Y]-[M01]-[D01]T[H01]:[m]:[s].[f001][Z0101t]"), Some("+0530"), "\"2009-01-01T02:35:00.000+0530\""),
        (1230757500000.0, Some("[Y]-[M01]-[D01]T[H01]:[m]:[s].[f001][Z010101t]"), Some("+0530"), "error D3134"),
        (1521801216617.0, Some("[D#1,2]/[M1,2]/[Y,2]"), None, "\"23/03/18\""),
        (1521801216617.0, Some("[D#1,2]/[M1,2]/[Y0001,2]"), None, "\"23/03/2018\""),
        (1521801216617.0, Some("[D#1,2]/[M1,2]/[Y##01,2-2]"), None, "\"23/03/18\""),
        (1521801216617.0, Some("[D#1,2]/[M1,2]/[Y0001,2-2]"), None, "\"23/03/18\""),
        (1521801216617.0, Some("[D1] [M01] [YI]"), None, "\"23 03 MMXVIII\""),
        (1521801216617.0, Some("[Da] [MA] [Yi]"), None, "\"w C mmxviii\""),
        (1521801216617.0, Some("[D1o] [M01] [Y]"), None, "\"23rd 03 2018\""),
        (1521801216617.0, Some("[Yw]"), None, "\"two thousand and eighteen\""),
        (1521801216617.0, Some("[Dwo] [M01] [Y]"), None, "\"twenty-third 03 2018\""),
        (1521801216617.0, Some("[D1o] [MNn] [Y]"), None, "\"23rd March 2018\""),
        (1521801216617.0, Some("[D1o] [MN] [Y]"), None, "\"23rd MARCH 2018\""),
        (1521801216617.0, Some("[FNn], [D1o] [MNn] [Y]"), None, "\"Friday, 23rd March 2018\""),
        (1521801216617.0, Some("[FNn], the [Dwo] of [MNn] [Y] [E]"), None, "\"Friday, the twenty-third of March 2018 ISO\""),
        (1521801216617.0, Some("[FNn,3-3], [D1o] [MNn,3-3] [Y] [C]"), None, "\"Fri, 23rd Mar 2018 ISO\""),
        (1521801216617.0, Some("[F], [D]/[M]/[Y] [h]:[m]:[s] [P]"), None, "\"friday, 23/3/2018 10:33:36 am\""),
        (1204405500000.0, Some("[F], [D]/[M]/[Y] [h]:[m]:[s] [P]"), None, "\"saturday, 1/3/2008 9:05:00 pm\""),
        (1199664000000.0, Some("[F], [D]/[M]/[Y] [h]:[m]:[s] [P]"), None, "\"monday, 7/1/2008 12:00:00 am\""),
        (1514808000000.0, Some("[dwo] day of the year"), None, "\"first day of the year\""),
        (1546257600000.0, Some("[d] days in [Y0001]"), None, "\"365 days in 2018\""),
        (1483185600000.0, Some("[d] days in [Y0001]"), None, "\"366 days in 2016\""),
        (1514808000000.0, Some("Week: [W]"), None, "\"Week: 1\""),
        (1515326400000.0, Some("Week: [W]"), None, "\"Week: 1\""),
        (1545739200000.0, Some("Week: [W]"), None, "\"Week: 52\""),
        (1388577600000.0, Some("Week: [W]"), None, "\"Week: 1\""),
        (1419854400000.0, Some("Week: [W]"), None, "\"Week: 1\""),
        (1419768000000.0, Some("Week: [W]"), None, "\"Week: 52\""),
        (1419336000000.0, Some("Week: [W]"), None, "\"Week: 52\""),
        (1420113600000.0, Some("Week: [W]"), None, "\"Week: 1\""),
        (1420459200000.0, Some("Week: [W]"), None, "\"Week: 2\""),
        (1451304000000.0, Some("Week: [W]"), None, "\"Week: 53\""),
        (1451563200000.0, Some("Week: [W]"), None, "\"Week: 53\""),
        (1451736000000.0, Some("Week: [W]"), None, "\"Week: 53\""),
        (1359460800000.0, Some("Week: [w] of [xNn]"), None, "\"Week: 5 of January\""),
        (1359633600000.0, Some("Week: [w] of [xNn]"), None, "\"Week: 5 of January\""),
        (1359720000000.0, Some("Week: [w] of [xNn]"), None, "\"Week: 5 of January\""),
        (1514808000000.0, Some("Week: [w] of [xNn]"), None, "\"Week: 1 of January\""),
        (1483272000000.0, Some("Week: [w] of [xNn]"), None, "\"Week: 5 of December\""),
        (1533038400000.0, Some("Week: [w] of [xNn]"), None, "\"Week: 1 of August\""),
        (1419940800000.0, Some("Week: [w] of [xNn]"), None, "\"Week: 1 of January\""),
        (1521801216617.0, Some("[F], [D]/[M]/[Y] [h]:[m]:[s] [PN]"), None, "\"friday, 23/3/2018 10:33:36 AM\""),
        (1521801216617.0, Some("[F], [D]/[M]/[Y] [h]:[m]:[s] [Pn]"), None, "\"friday, 23/3/2018 10:33:36 am\""),
        (1419940800000.0, Some("[YN]-[M]-[D]"), None, "error D3133"),
        (1419940800000.0, Some("[YN]-[M"), None, "error D3135"),
        ];
        for (ms, picture, tz, expected) in cases {
            assert_eq!(
                &from_millis(*ms, *picture, *tz),
                expected,
                "{ms} {picture:?} {tz:?}"
            );
        }
    }

    /// The `$toMillis(text, picture)` cases of the function-tomillis group.
    #[test]
    #[rustfmt::skip]
    fn to_millis_suite() {
        let cases: &[(&str, Option<&str>, &str)] = &[
        ("1970-01-01T00:00:00.001Z", None, "1"),
        ("2018-02-01T09:42:13.123+0000", None, "1517478133123"),
        ("2017-10-30", None, "1509321600000"),
        ("2017-10-30T15:28:34Z", None, "1509377314000"),
        ("2018", None, "1514764800000"),
        ("foo", None, "error D3110"),
        ("01-02-2018", None, "error D3110"),
        ("2018-02-03 11:15:33", None, "error D3110"),
        ("201802", Some("[Y0001][M01]"), "1517443200000"),
        ("201802", Some("[Y,*-4][M01]"), "1517443200000"),
        ("20180205", Some("[Y0001][M01][D01]"), "1517788800000"),
        ("Hello", Some("Hello"), "undefined"),
        ("2018", Some("[Y1]"), "1514764800000"),
        ("2018-03-27", Some("[Y1]-[M01]-[D01]"), "1522108800000"),
        ("2018-03-27T14:03:00.123Z", Some("[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001]Z"), "1522159380123"),
        ("27th 3 1976", Some("[D1o] [M#1] [Y0001]"), "196732800000"),
        ("21st 12 1881", Some("[D1o] [M01] [Y0001]"), "-2777932800000"),
        ("2nd 12 2012", Some("[D1o] [M01] [Y0001]"), "1354406400000"),
        ("MCMLXXXIV", Some("[YI]"), "441763200000"),
        ("27 03 MMXVIII", Some("[D1] [M01] [YI]"), "1522108800000"),
        ("27 iii MMXVIII", Some("[D1] [Mi] [YI]"), "1522108800000"),
        ("w C mmxviii", Some("[Da] [MA] [Yi]"), "1521763200000"),
        ("ae C mmxviii", Some("[Da] [MA] [Yi]"), "1522454400000"),
        ("27th April 2008", Some("[D1o] [MNn] [Y0001]"), "1209254400000"),
        ("21 August 2017", Some("[D1] [MNn] [Y0001]"), "1503273600000"),
        ("2 Feb 2012", Some("[D1] [MNn,3-3] [Y0001]"), "1328140800000"),
        ("one thousand, nine hundred and eighty-four", Some("[Yw]"), "441763200000"),
        ("nineteen hundred and eighty-four", Some("[Yw]"), "441763200000"),
        ("twenty-seven April 2008", Some("[Dw] [MNn] [Y0001]"), "1209254400000"),
        ("twenty-seventh April 2008", Some("[Dw] [MNn] [Y0001]"), "1209254400000"),
        ("twenty-first August two thousand and seventeen", Some("[Dw] [MNn] [Yw]"), "1503273600000"),
        ("TWENTY-SECOND August two thousand and seventeen", Some("[DW] [MNn] [Yw]"), "1503360000000"),
        ("Twentieth of August, two thousand and seventeen", Some("[DW] of [MNn], [Yw]"), "1503187200000"),
        ("4/4/2018 12:06 am", Some("[D1]/[M1]/[Y0001] [h]:[m] [P]"), "1522800360000"),
        ("4/4/2018 06:30 am", Some("[D1]/[M1]/[Y0001] [h]:[m] [P]"), "1522823400000"),
        ("4/4/2018 12:06 pm", Some("[D1]/[M1]/[Y0001] [h]:[m] [P]"), "1522843560000"),
        ("4/4/2018 11:30 pm", Some("[D1]/[M1]/[Y0001] [h]:[m] [P]"), "1522884600000"),
        ("2018-094", Some("[Y0001]-[d001]"), "1522800000000"),
        ("irrelevent string", Some("[Y]-[M]-[D]"), "undefined"),
        ("2018-05-22", Some("[Y]-[M]-[q]"), "error D3132"),
        ("2018-05-22", Some("[YN]-[M]-[D]"), "error D3133"),
        ("2018-22", Some("[Y]-[D]"), "error D3136"),
        ("5-22 23:59", Some("[M]-[D] [m]:[s]"), "error D3136"),
        ("2018-3-2-5", Some("[X]-[x]-[w]-[F1]"), "error D3136"),
        ("2018-32-5", Some("[X]-[W]-[F1]"), "error D3136"),
        ];
        for (ts, picture, expected) in cases {
            assert_eq!(&to_millis(ts, *picture), expected, "{ts:?} {picture:?}");
        }
    }

    #[test]
    fn iso_week_dates() {
        for (date, week) in [
            ("2005-01-01", "2004-W53-6"),
            ("2005-01-02", "2004-W53-7"),
            ("2005-12-31", "2005-W52-6"),
            ("2006-01-02", "2006-W01-1"),
            ("2007-12-31", "2008-W01-1"),
            ("2008-12-29", "2009-W01-1"),
            ("2009-12-31", "2009-W53-4"),
            ("2010-01-03", "2009-W53-7"),
        ] {
            let ms: f64 = to_millis(date, Some("[Y]-[M]-[D]"))
                .parse()
                .expect("millis");
            let got = from_millis(ms, Some("[X0001]-W[W01]-[F1]"), None);
            assert_eq!(got, format!("{week:?}"), "{date}");
        }
    }

    #[test]
    fn now_and_millis_use_the_virtual_clock() {
        assert_eq!(run("millis", &[]), "1767225600000");
        assert_eq!(run("now", &[]), "\"2026-01-01T00:00:00.000Z\"");
        assert_eq!(
            run("now", &[s("[Y]-[M01]-[D01] [H01]:[m]"), s("-0500")]),
            "\"2025-12-31 19:00\""
        );
        // Missing leading components come from now; trailing ones are zero.
        assert_eq!(
            to_millis("13:45", Some("[H]:[m]")),
            (1_767_225_600_000.0f64 + 13.0 * 3_600_000.0 + 45.0 * 60_000.0).to_string()
        );
        assert_eq!(to_millis("12 2018", Some("[M] [Y]")), "1543622400000");
        assert_eq!(to_millis("10:00 2018", Some("[H]:[m] [Y]")), "error D3136");
    }

    #[test]
    fn jsonata_js_quirks_are_kept() {
        // "-0530" is read as -6 h and -30 min.
        assert_eq!(from_millis(0.0, Some("[Z0]"), Some("-0530")), "\"-6:-30\"");
        assert_eq!(
            from_millis(
                0.0,
                Some("[Y,2]|[Y01]|[Y,2-2]|[Y001]|[M,3]|[MNn,3-3]|[q1]"),
                None
            ),
            "\"70|70|70|970|001|Jan|undefined\""
        );
        assert_eq!(from_millis(0.0, Some("[]"), None), "error D3132");
        // Names are matched case-sensitively after a case-insensitive match.
        assert_eq!(to_millis("MARCH 2018", Some("[MNn] [Y]")), "1514764800000");
        // Two-digit years are 19xx, as Date.UTC reads them.
        assert_eq!(to_millis("18", Some("[Y]")), "-1640995200000");
    }

    #[test]
    fn iso_parsing_follows_javascript() {
        for (text, expected) in [
            ("2018-02-30", "1519948800000"),
            ("2018-02-01T09:42:13+0000", "1517478133000"),
            ("2018-01-01T10:00:00.123456", "1514800800123"),
            ("2018-01-01T24:00:00Z", "1514851200000"),
            ("2018-01-01T10:00:00+2300", "1514718000000"),
            ("0000-01-01", "-62167219200000"),
            ("2018T10:00:00Z", "1514800800000"),
            ("2018-01-01T10:00:00.5", "1514800800500"),
            ("2018-01-01Z", "1514764800000"),
            ("2018-01-01T10:00:00-0530", "1514820600000"),
            ("2018-13", "error D1001"),
            ("2018-01-32", "error D1001"),
            ("2018-01-01T24:00:01Z", "error D1001"),
            ("2018-01-01T10:00:00+24:00", "error D1001"),
            ("2018-01-01+05:00", "error D1001"),
            ("2018-01-01T10:00:00+05:60", "error D3110"),
            ("２０１８", "error D3110"),
        ] {
            assert_eq!(to_millis(text, None), expected, "{text}");
        }
        assert_eq!(run("toMillis", &[Value::Undefined]), "undefined");
    }

    #[test]
    fn far_dates_and_odd_input_do_not_panic() {
        assert_eq!(
            from_millis(-62167219200001.0, None, None),
            "\"-0001-12-31T23:59:59.999Z\""
        );
        assert_eq!(
            from_millis(8.64e15, None, None),
            // [Y0001] keeps the last four digits of the year.
            "\"5760-09-13T00:00:00.000Z\""
        );
        assert_eq!(from_millis(8.64e15 + 1.0, None, None), "error D1001");
        assert_eq!(from_millis(1e300, None, Some("+9999")), "error D1001");
        assert_eq!(from_millis(0.0, None, Some("abc")), "error D3110");
        assert_eq!(from_millis(1.9, None, None), "\"1970-01-01T00:00:00.001Z\"");
        assert!(
            from_millis(-8.64e15, Some("[Yw] [YI] [Ya] [Dwo]"), None).starts_with(
                "\"-two hundred and seventy-one thousand, eight hundred and twenty-one -MMM"
            )
        );
        assert_eq!(to_millis("mmxviii", Some("[YI]")), "error D1001");
        assert_eq!(to_millis("one two", Some("[Yw]")), "-2114380800000");
        for picture in [
            "[",
            "]",
            "[Y,]",
            "[Y,-]",
            "[Y,99999999999-]",
            "[D,*-999999]",
            "[Z9999999]",
            "[f#,#]",
            "[Yé]",
            "[M١]",
            "[Y٠١]",
            "[Y0١]",
            "[F,0-0]",
            "[FN,1]",
            "[Y,0-0]",
        ] {
            let _ = from_millis(1521801216617.0, Some(picture), None);
            let _ = to_millis("2018", Some(picture));
        }
        for (text, picture) in [
            ("99999999999999999999", "[Y]"),
            ("2018-99999999999", "[Y]-[d]"),
            ("GMT+", "[z]"),
            ("+1:", "[Z]"),
            ("mmxviii", "[YI]"),
            ("zz", "[Ya]"),
            ("one two", "[Yw]"),
            ("x", "[Y]"),
        ] {
            let _ = to_millis(text, Some(picture));
        }
        assert_eq!(from_millis(0.0, Some("[Y٠٠٠١]"), None), "\"١٩٧٠\"");
        assert_eq!(from_millis(0.0, Some("[Y01١]"), None), "error D3131");
    }
}
