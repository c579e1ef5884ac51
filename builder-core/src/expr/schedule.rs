//! Parser for `schedule` event expressions: `cron(...)`, `rate(...)`, or a bare cron body.
//!
//! The rules follow the Amazon EventBridge user guide ("Cron expressions reference" and
//! "Rate expressions reference"). Where the guide is silent, EventBridge behaves like the
//! Quartz scheduler it derives from, and this module follows Quartz:
//!
//! - Month and day names, `L` and `W` are case-insensitive (`mon-fri`, `fril`, `15w`).
//! - A range may run backwards and wraps around (`22-2` hours, `FRI-MON`), except in the
//!   year field, where the start must not be after the end.
//! - An increment (`x/y`) has a base of `*`, a value, or a range, and `y` is at least 1 and at
//!   most 59 (minutes), 23 (hours), 31 (day-of-month) or 12 (month); the year field allows up
//!   to 229, the width of 1970-2199. Day-of-week takes no `/` (not listed by EventBridge).
//! - `L`, `LW` and `<day>W` (day-of-month) and `L`, `<day>L` and `<day>#<n>` (day-of-week)
//!   must be the only value of their field; EventBridge says so for `#` ("3#1,6#3" is not
//!   valid) and Quartz rejects lists with `L`. The Quartz offset form `L-3` is rejected: the
//!   EventBridge guide does not list it.
//! - `?` and `*` stand alone; they are not list items.
//! - Exactly one of day-of-month and day-of-week is `?`.
//!
//! One-time schedules, `at(yyyy-mm-ddThh:mm:ss)`, are rejected. They exist only in
//! EventBridge Scheduler (`AWS::Scheduler::Schedule`). The serverless-step-functions plugin
//! compiles a `schedule` event to an EventBridge rule (`AWS::Events::Rule`) unless the event
//! sets `method: scheduler`, and EventBridge rules accept only `cron(...)` and `rate(...)`.
//! This crate emits the rule form, so an `at(...)` expression would fail at deploy time.
//!
//! [`parse`] returns a [`Schedule`]; its `Display` writes the normalised expression
//! (`cron(<six fields separated by one space>)` or `rate(<value> <unit>)`).

use std::fmt;

use crate::expr::ExprError;

/// The forms a schedule expression may take, quoted in errors.
const ALLOWED_FORMS: &str = "use `cron(...)`, `rate(...)`, or a bare six-field cron body";

/// A valid schedule expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Schedule {
    /// `rate(<value> <unit>)`.
    Rate {
        /// How many units between runs (at least 1).
        value: u64,
        /// The unit.
        unit: RateUnit,
    },
    /// `cron(...)`, or a bare cron body.
    Cron(Cron),
}

/// The unit of a rate expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateUnit {
    /// `minute` / `minutes`.
    Minute,
    /// `hour` / `hours`.
    Hour,
    /// `day` / `days`.
    Day,
}

impl RateUnit {
    /// The unit as written after `value`: singular for 1 (`minute`), plural otherwise.
    pub fn name(self, value: u64) -> &'static str {
        match (self, value == 1) {
            (RateUnit::Minute, true) => "minute",
            (RateUnit::Minute, false) => "minutes",
            (RateUnit::Hour, true) => "hour",
            (RateUnit::Hour, false) => "hours",
            (RateUnit::Day, true) => "day",
            (RateUnit::Day, false) => "days",
        }
    }
}

/// A valid cron expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cron {
    /// The six fields as written: minutes, hours, day-of-month, month, day-of-week, year.
    pub fields: [String; 6],
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Schedule::Rate { value, unit } => write!(f, "rate({value} {})", unit.name(*value)),
            Schedule::Cron(cron) => write!(f, "{cron}"),
        }
    }
}

impl fmt::Display for Cron {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cron({})", self.fields.join(" "))
    }
}

/// Parses and validates a schedule expression for a `schedule` event:
/// - `"cron(<6 fields>)"`
/// - `"rate(<value> <unit>)"`
/// - a bare AWS cron body `"0 18 ? * SAT *"`, read as `"cron(0 18 ? * SAT *)"`
///
/// Whitespace around the expression and between fields is ignored. Errors are one short
/// message in rustc style (lower case, no final period) naming the problem, quoting the
/// offending field with backticks, and saying what is allowed, e.g.
/// "cron day-of-week `SATT` is not valid; use 1-7 or SUN-SAT, with `,` `-` `*` `?` `L` `#`";
/// the offset is that of the offending field, or of the expression.
pub fn parse(expr: &str) -> Result<Schedule, ExprError> {
    let s = expr.trim();
    let at = offset_of(expr, s);
    let fail = |message: String| Err(ExprError::at(message, at));
    if s.is_empty() {
        return fail(format!("schedule expression is empty; {ALLOWED_FORMS}"));
    }
    let open = s.find('(');
    let Some(open) = open else {
        if s.contains(')') {
            return fail(format!(
                "schedule expression `{s}` has unbalanced parentheses; {ALLOWED_FORMS}"
            ));
        }
        return parse_cron_body(expr, s).map(Schedule::Cron);
    };

    let keyword = &s[..open];
    let after = &s[open + 1..];
    let opens = s.matches('(').count();
    let closes = s.matches(')').count();
    if opens != closes {
        return fail(format!(
            "schedule expression `{s}` has unbalanced parentheses; {ALLOWED_FORMS}"
        ));
    }
    // One pair only, closing at the very end.
    let inner = match after.strip_suffix(')') {
        Some(inner) if opens == 1 => inner,
        _ => {
            return fail(format!(
                "schedule expression `{s}` is not valid; {ALLOWED_FORMS}"
            ))
        }
    };

    match keyword {
        "cron" => parse_cron_body(expr, inner).map(Schedule::Cron),
        "rate" => parse_rate(expr, inner),
        "at" => fail(format!(
            "one-time schedule `{s}` is not supported by the `schedule` event \
             (EventBridge rules take no `at(...)`); {ALLOWED_FORMS}"
        )),
        k if k.eq_ignore_ascii_case("cron") || k.eq_ignore_ascii_case("rate") => fail(format!(
            "schedule expression `{s}` is not valid; write `{}(` in lower case",
            k.to_ascii_lowercase()
        )),
        _ => fail(format!(
            "unknown schedule expression `{s}`; {ALLOWED_FORMS}"
        )),
    }
}

/// Normalises and validates a schedule expression (see [`parse`]) and returns its normalised
/// text: `cron(...)` with fields separated by one space, or `rate(<value> <unit>)`.
pub fn normalize_schedule(expr: &str) -> Result<String, String> {
    parse(expr).map(|s| s.to_string()).map_err(|e| e.message)
}

/// Byte offset of `part`, a slice of `base`, in `base`.
fn offset_of(base: &str, part: &str) -> usize {
    (part.as_ptr() as usize)
        .saturating_sub(base.as_ptr() as usize)
        .min(base.len())
}

// ---------------------------------------------------------------------------------------------
// rate(...)

/// Validates `<value> <unit>`; `base` is the whole expression, for error offsets.
fn parse_rate(base: &str, inner: &str) -> Result<Schedule, ExprError> {
    let mut parts = inner.split_whitespace();
    let (Some(value), Some(unit), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(ExprError::at(
            format!(
                "rate expression `rate({})` is not valid; use `rate(<value> <unit>)` such as \
                 `rate(5 minutes)`",
                inner.trim()
            ),
            offset_of(base, inner),
        ));
    };
    let value_error = |message: String| Err(ExprError::at(message, offset_of(base, value)));
    let n = match parse_number(value) {
        CronNumber::Value(n) => n,
        CronNumber::TooLarge => {
            return value_error(format!(
                "rate value `{value}` is too large; use a positive whole number"
            ))
        }
        CronNumber::Invalid => {
            return value_error(format!(
                "rate value `{value}` is not valid; use a positive whole number such as \
                 `rate(5 minutes)`"
            ))
        }
    };
    if n == 0 {
        return value_error(format!(
            "rate value `{value}` is not valid; use a positive whole number such as \
             `rate(5 minutes)`"
        ));
    }
    let unit_error = |message: String| Err(ExprError::at(message, offset_of(base, unit)));
    let (rate_unit, singular, plural) = match unit {
        "minute" | "minutes" => (RateUnit::Minute, "minute", "minutes"),
        "hour" | "hours" => (RateUnit::Hour, "hour", "hours"),
        "day" | "days" => (RateUnit::Day, "day", "days"),
        _ => {
            return unit_error(format!(
                "rate unit `{unit}` is not valid; use minute, minutes, hour, hours, day, or days"
            ))
        }
    };
    if n == 1 && unit != singular {
        return unit_error(format!(
            "rate unit `{unit}` must be singular when the value is 1; use `rate(1 {singular})`"
        ));
    }
    if n > 1 && unit != plural {
        return unit_error(format!(
            "rate unit `{unit}` must be plural when the value is over 1; use `rate({n} {plural})`"
        ));
    }
    Ok(Schedule::Rate {
        value: u64::from(n),
        unit: rate_unit,
    })
}

// ---------------------------------------------------------------------------------------------
// cron(...)

/// One of the six cron fields.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Field {
    Minutes,
    Hours,
    DayOfMonth,
    Month,
    DayOfWeek,
    Year,
}

const FIELDS: [Field; 6] = [
    Field::Minutes,
    Field::Hours,
    Field::DayOfMonth,
    Field::Month,
    Field::DayOfWeek,
    Field::Year,
];

const MONTH_NAMES: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAY_NAMES: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Minutes => "minutes",
            Field::Hours => "hours",
            Field::DayOfMonth => "day-of-month",
            Field::Month => "month",
            Field::DayOfWeek => "day-of-week",
            Field::Year => "year",
        }
    }

    fn min(self) -> u32 {
        match self {
            Field::Minutes | Field::Hours => 0,
            Field::DayOfMonth | Field::Month | Field::DayOfWeek => 1,
            Field::Year => 1970,
        }
    }

    fn max(self) -> u32 {
        match self {
            Field::Minutes => 59,
            Field::Hours => 23,
            Field::DayOfMonth => 31,
            Field::Month => 12,
            Field::DayOfWeek => 7,
            Field::Year => 2199,
        }
    }

    /// Largest increment after `/`.
    fn max_increment(self) -> u32 {
        match self {
            Field::Year => self.max() - self.min(),
            _ => self.max(),
        }
    }

    fn names(self) -> &'static [&'static str] {
        match self {
            Field::Month => &MONTH_NAMES,
            Field::DayOfWeek => &DAY_NAMES,
            _ => &[],
        }
    }

    /// What the field accepts, after "use".
    fn allowed(self) -> &'static str {
        match self {
            Field::Minutes => "0-59, with `,` `-` `*` `/`",
            Field::Hours => "0-23, with `,` `-` `*` `/`",
            Field::DayOfMonth => "1-31, with `,` `-` `*` `?` `/` `L` `W`",
            Field::Month => "1-12 or JAN-DEC, with `,` `-` `*` `/`",
            Field::DayOfWeek => "1-7 or SUN-SAT, with `,` `-` `*` `?` `L` `#`",
            Field::Year => "1970-2199, with `,` `-` `*` `/`",
        }
    }

    fn invalid(self, text: &str) -> String {
        format!(
            "cron {} `{text}` is not valid; use {}",
            self.name(),
            self.allowed()
        )
    }

    fn out_of_range(self, value: &str) -> String {
        format!(
            "cron {} value `{value}` is out of range; use {}",
            self.name(),
            self.allowed()
        )
    }
}

/// Validates six whitespace-separated fields. `base` is the whole expression `body` is part
/// of, for error offsets.
fn parse_cron_body(base: &str, body: &str) -> Result<Cron, ExprError> {
    let fields: Vec<&str> = body.split_whitespace().collect();
    if fields.len() != FIELDS.len() {
        return Err(ExprError::at(
            format!(
                "cron expression `{}` has {} field{}, expected 6 (minutes hours day-of-month \
                 month day-of-week year); {ALLOWED_FORMS}",
                body.trim(),
                fields.len(),
                if fields.len() == 1 { "" } else { "s" }
            ),
            offset_of(base, body.trim_start()),
        ));
    }
    for (&text, field) in fields.iter().zip(FIELDS) {
        check_field(field, text).map_err(|m| ExprError::at(m, offset_of(base, text)))?;
    }
    let (dom, dow) = (fields[2], fields[4]);
    let message = match (dom == "?", dow == "?") {
        (true, false) | (false, true) => None,
        (true, true) => Some(
            "cron day-of-month and day-of-week are both `?`; use `?` in exactly one of them"
                .to_string(),
        ),
        (false, false) => Some(format!(
            "cron day-of-month `{dom}` and day-of-week `{dow}` cannot both be set; use `?` \
             in exactly one of them"
        )),
    };
    if let Some(message) = message {
        return Err(ExprError::at(message, offset_of(base, dom)));
    }
    Ok(Cron {
        fields: [0, 1, 2, 3, 4, 5].map(|i| fields[i].to_string()),
    })
}

/// Validates one field.
fn check_field(field: Field, text: &str) -> Result<(), String> {
    if text == "?" {
        return match field {
            Field::DayOfMonth | Field::DayOfWeek => Ok(()),
            _ => Err(format!(
                "cron {} `?` is not valid; `?` is only allowed in day-of-month or day-of-week",
                field.name()
            )),
        };
    }
    if text.contains('?') {
        return Err(format!(
            "cron {} `{text}` is not valid; `?` must be the whole field",
            field.name()
        ));
    }
    match field {
        Field::DayOfMonth if text.contains(['L', 'l', 'W', 'w']) => {
            return check_day_of_month_special(text)
        }
        Field::DayOfWeek if text.contains('#') => return check_nth_weekday(text),
        Field::DayOfWeek if text.contains(['L', 'l']) => return check_last_weekday(text),
        _ => {}
    }
    if text == "*" {
        return Ok(());
    }
    for item in text.split(',') {
        if item.is_empty() {
            return Err(format!(
                "cron {} `{text}` has an empty list item; use {}",
                field.name(),
                field.allowed()
            ));
        }
        check_item(field, text, item)?;
    }
    Ok(())
}

/// Validates one list item: `v`, `a-b`, or `base/step`.
fn check_item(field: Field, text: &str, item: &str) -> Result<(), String> {
    if let Some((base, step)) = item.split_once('/') {
        if field == Field::DayOfWeek {
            return Err(format!(
                "cron day-of-week `{text}` is not valid; day-of-week takes no `/`, use {}",
                field.allowed()
            ));
        }
        if base.is_empty() || step.is_empty() {
            return Err(format!(
                "cron {} increment `{item}` is not valid; use `<start>/<step>` such as `*/5` \
                 or `0/15`",
                field.name()
            ));
        }
        if base != "*" {
            check_range_or_value(field, text, base)?;
        }
        let max = field.max_increment();
        return match parse_number(step) {
            CronNumber::Value(n) if (1..=max).contains(&n) => Ok(()),
            CronNumber::Value(_) | CronNumber::TooLarge => Err(format!(
                "cron {} increment `{step}` in `{item}` is out of range; use a step of 1-{max}",
                field.name()
            )),
            CronNumber::Invalid => Err(format!(
                "cron {} increment `{step}` in `{item}` is not valid; use a step of 1-{max}",
                field.name()
            )),
        };
    }
    if item == "*" {
        return Err(format!(
            "cron {} `{text}` is not valid; `*` cannot be combined with other values",
            field.name()
        ));
    }
    check_range_or_value(field, text, item)
}

/// Validates `v` or `a-b`.
fn check_range_or_value(field: Field, text: &str, item: &str) -> Result<(), String> {
    let Some((start, end)) = item.split_once('-') else {
        return parse_value(field, text, item).map(|_| ());
    };
    let a = parse_value(field, text, start)?;
    let b = parse_value(field, text, end)?;
    if field == Field::Year && a > b {
        return Err(format!(
            "cron year range `{item}` is not valid; the start year must not be after the end year"
        ));
    }
    Ok(())
}

/// Parses a number or (for month and day-of-week) a three-letter name, and checks its range.
fn parse_value(field: Field, text: &str, value: &str) -> Result<u32, String> {
    if let Some(i) = field
        .names()
        .iter()
        .position(|name| name.eq_ignore_ascii_case(value))
    {
        // Names are listed from the field's minimum (JAN = 1, SUN = 1).
        return Ok(field.min() + i as u32);
    }
    match parse_number(value) {
        CronNumber::Value(n) if (field.min()..=field.max()).contains(&n) => Ok(n),
        CronNumber::Value(_) | CronNumber::TooLarge => Err(field.out_of_range(value)),
        CronNumber::Invalid => Err(field.invalid(text)),
    }
}

/// Day-of-month `L`, `LW`, or `<day>W`, alone in the field.
fn check_day_of_month_special(text: &str) -> Result<(), String> {
    if text.eq_ignore_ascii_case("L") || text.eq_ignore_ascii_case("LW") {
        return Ok(());
    }
    if let Some(day) = text.strip_suffix(['W', 'w']) {
        if !day.is_empty() && day.bytes().all(|b| b.is_ascii_digit()) {
            return parse_value(Field::DayOfMonth, text, day).map(|_| ());
        }
    }
    Err(format!(
        "cron day-of-month `{text}` is not valid; use `L`, `LW`, or a day with `W` such as \
         `15W`, alone in the field"
    ))
}

/// Day-of-week `<day>#<n>`, alone in the field.
fn check_nth_weekday(text: &str) -> Result<(), String> {
    let usage = "use one `<day>#<n>` with day 1-7 or SUN-SAT and n 1-5, such as `2#1`";
    if text.contains([',', '-', '/', '*']) {
        return Err(format!(
            "cron day-of-week `{text}` is not valid; `#` must be the whole field, {usage}"
        ));
    }
    let Some((day, nth)) = text.split_once('#') else {
        return Err(Field::DayOfWeek.invalid(text));
    };
    if day.is_empty() || nth.is_empty() || nth.contains('#') {
        return Err(format!("cron day-of-week `{text}` is not valid; {usage}"));
    }
    parse_value(Field::DayOfWeek, text, day)?;
    match parse_number(nth) {
        CronNumber::Value(n) if (1..=5).contains(&n) => Ok(()),
        CronNumber::Value(_) | CronNumber::TooLarge => Err(format!(
            "cron day-of-week `{text}` is not valid; the week number `{nth}` after `#` must be 1-5"
        )),
        CronNumber::Invalid => Err(format!("cron day-of-week `{text}` is not valid; {usage}")),
    }
}

/// Day-of-week `L` or `<day>L`, alone in the field.
fn check_last_weekday(text: &str) -> Result<(), String> {
    if text.eq_ignore_ascii_case("L") {
        return Ok(());
    }
    let usage = "use `L` or a day with `L` such as `6L` or `FRIL`";
    if text.contains([',', '-', '/', '*']) {
        return Err(format!(
            "cron day-of-week `{text}` is not valid; `L` must be the whole field, {usage}"
        ));
    }
    match text.strip_suffix(['L', 'l']) {
        Some(day) if !day.is_empty() && !day.contains(['L', 'l']) => {
            parse_value(Field::DayOfWeek, text, day).map(|_| ())
        }
        _ => Err(format!("cron day-of-week `{text}` is not valid; {usage}")),
    }
}

// ---------------------------------------------------------------------------------------------
// Numbers

/// A number in a cron field or rate value.
enum CronNumber {
    Value(u32),
    TooLarge,
    Invalid,
}

/// Parses ASCII digits without overflow; leading zeros are allowed.
fn parse_number(s: &str) -> CronNumber {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return CronNumber::Invalid;
    }
    let mut n: u32 = 0;
    for b in s.bytes() {
        match n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u32::from(b - b'0')))
        {
            Some(next) => n = next,
            None => return CronNumber::TooLarge,
        }
    }
    CronNumber::Value(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `parse(x).to_string()` parses to the same schedule and is a fixed point.
    fn round_trip(input: &str) {
        let schedule = parse(input).unwrap();
        let text = schedule.to_string();
        assert_eq!(
            parse(&text).as_ref(),
            Ok(&schedule),
            "{input:?} as {text:?}"
        );
        assert_eq!(parse(&text).unwrap().to_string(), text);
    }

    #[test]
    fn trees() {
        assert_eq!(
            parse(" rate(  10   minutes ) "),
            Ok(Schedule::Rate {
                value: 10,
                unit: RateUnit::Minute
            })
        );
        assert_eq!(
            parse("rate(1 day)"),
            Ok(Schedule::Rate {
                value: 1,
                unit: RateUnit::Day
            })
        );
        assert_eq!(
            parse("rate(05 hours)").map(|s| s.to_string()).as_deref(),
            Ok("rate(5 hours)")
        );
        let Ok(Schedule::Cron(cron)) = parse("0 18 ? *\tSAT *") else {
            panic!("not a cron");
        };
        assert_eq!(
            cron.fields,
            ["0", "18", "?", "*", "SAT", "*"].map(String::from)
        );
        assert_eq!(cron.to_string(), "cron(0 18 ? * SAT *)");
        assert_eq!(RateUnit::Hour.name(1), "hour");
        assert_eq!(RateUnit::Hour.name(2), "hours");
    }

    #[test]
    fn error_offsets() {
        let offset = |s: &str| parse(s).unwrap_err().offset;
        assert_eq!(offset(""), Some(0));
        assert_eq!(offset("  every(5 minutes)"), Some(2));
        assert_eq!(offset("cron(0 24 ? * SAT *)"), Some(7));
        assert_eq!(offset("cron(0 18 1 * MON *)"), Some(10));
        assert_eq!(offset("cron(0 18 ? * SAT)"), Some(5));
        assert_eq!(offset("rate(0 minutes)"), Some(5));
        assert_eq!(offset("rate(5 minute)"), Some(7));
        assert_eq!(offset("rate(5)"), Some(5));
        let e = parse("cron(0 18 ? * SATT *)").unwrap_err();
        assert_eq!(e.to_string(), "cron day-of-week `SATT` is not valid; use 1-7 or SUN-SAT, with `,` `-` `*` `?` `L` `#`");
        assert_eq!(e.offset, Some(14));
    }

    #[test]
    fn accepted() {
        // Returned unchanged.
        let unchanged: &[&str] = &[
            "cron(0 18 ? * SAT *)",
            "cron(15 12 * * ? *)",
            "cron(0/15 * * * ? *)",
            "cron(*/5 8-17 ? * MON-FRI *)",
            "cron(0,30 10,15 ? * 2,4,6 *)",
            "cron(0 11-23/2 * * ? *)",
            "cron(0 1-7/2,11-23/2,10 * * ? *)",
            "cron(0 0 1 1-12/3 ? *)",
            "cron(30 0 1 JAN,APR,JUL,OCT ? *)",
            "cron(0 0 1 FEB/2 ? *)",
            "cron(0 0 1 02-MAR ? *)",
            "cron(0 8 1/5 * ? *)",
            "cron(05 07 ? * * *)",
            "cron(59 23 31 12 ? 2199)",
            "cron(0 0 1 1 ? 1970)",
            "cron(0 22-2 ? * * *)",
            "cron(0 9 ? * FRI-MON *)",
            "cron(0 9 ? * * 2020-2021,2028-2199)",
            "cron(0 9 ? * * */4)",
            "cron(0 9 ? jan-mar mon-fri *)",
            "cron(0 9 ? * Wed *)",
            "cron(0 18 L * ? *)",
            "cron(0 18 LW * ? *)",
            "cron(0 18 15W * ? *)",
            "cron(0 18 1w * ? *)",
            "cron(0 18 ? * L *)",
            "cron(0 18 ? * 6L *)",
            "cron(0 18 ? * FRIL *)",
            "cron(0 9 ? * 3#2 *)",
            "cron(30 7 ? * MON#5 *)",
            "rate(1 minute)",
            "rate(5 minutes)",
            "rate(1 hour)",
            "rate(12 hours)",
            "rate(1 day)",
            "rate(7 days)",
        ];
        for input in unchanged {
            assert_eq!(
                normalize_schedule(input).as_deref(),
                Ok(*input),
                "input {input:?}"
            );
            round_trip(input);
        }
        // Normalised or wrapped.
        let normalized: &[(&str, &str)] = &[
            ("  cron( 0   18 ?\t* SAT * )  ", "cron(0 18 ? * SAT *)"),
            ("0 18 ? * SAT *", "cron(0 18 ? * SAT *)"),
            ("0  10 * * ? *", "cron(0 10 * * ? *)"),
            (" rate(  10   minutes ) ", "rate(10 minutes)"),
        ];
        for (input, expected) in normalized {
            assert_eq!(
                normalize_schedule(input).as_deref(),
                Ok(*expected),
                "input {input:?}"
            );
            round_trip(input);
        }
    }

    #[test]
    fn rejected() {
        let huge = "99999999999999999999";
        let cases: &[(&str, &str)] = &[
            // Forms.
            ("", "schedule expression is empty"),
            ("   ", "schedule expression is empty"),
            ("at(2030-01-01T00:00:00)", "one-time schedule"),
            ("every(5 minutes)", "unknown schedule expression `every(5 minutes)`"),
            ("cron(0 18 ? * SAT *", "unbalanced parentheses"),
            ("0 18 ? * SAT *)", "unbalanced parentheses"),
            ("cron((0 18 ? * SAT *))", "is not valid; use `cron(...)`"),
            ("cron(0 18 ? * SAT *) x", "is not valid; use `cron(...)`"),
            ("CRON(0 18 ? * SAT *)", "write `cron(` in lower case"),
            ("cron (0 18 ? * SAT *)", "unknown schedule expression"),
            ("cron(0 18 ? * SAT)", "has 5 fields, expected 6"),
            ("0 0 18 ? * SAT *", "has 7 fields, expected 6"),
            ("cron()", "has 0 fields"),
            ("hello", "has 1 field, expected 6"),
            // Rates.
            ("rate(1 minutes)", "use `rate(1 minute)`"),
            ("rate(5 minute)", "use `rate(5 minutes)`"),
            ("rate(1 hours)", "use `rate(1 hour)`"),
            ("rate(2 day)", "use `rate(2 days)`"),
            ("rate(0 minutes)", "rate value `0` is not valid"),
            ("rate(-5 minutes)", "rate value `-5` is not valid"),
            ("rate(1.5 hours)", "rate value `1.5` is not valid"),
            ("rate(5 weeks)", "rate unit `weeks` is not valid"),
            ("rate(5 Minutes)", "rate unit `Minutes` is not valid"),
            ("rate(5)", "use `rate(<value> <unit>)`"),
            ("rate(5 minutes now)", "use `rate(<value> <unit>)`"),
            ("rate()", "use `rate(<value> <unit>)`"),
            ("rate(99999999999999999999 minutes)", "is too large"),
            // Field values and ranges.
            ("cron(60 18 ? * SAT *)", "cron minutes value `60` is out of range; use 0-59"),
            ("cron(0 24 ? * SAT *)", "cron hours value `24` is out of range; use 0-23"),
            ("cron(0 18 0 * ? *)", "cron day-of-month value `0` is out of range"),
            ("cron(0 18 32 * ? *)", "cron day-of-month value `32` is out of range"),
            ("cron(0 18 1 13 ? *)", "cron month value `13` is out of range"),
            ("cron(0 18 1 JANUARY ? *)", "cron month `JANUARY` is not valid; use 1-12 or JAN-DEC"),
            ("cron(0 18 ? * 0 *)", "cron day-of-week value `0` is out of range"),
            ("cron(0 18 ? * 8 *)", "cron day-of-week value `8` is out of range"),
            (
                "cron(0 18 ? * SATT *)",
                "cron day-of-week `SATT` is not valid; use 1-7 or SUN-SAT, with `,` `-` `*` `?` `L` `#`",
            ),
            ("cron(0 18 ? * * 1969)", "cron year value `1969` is out of range; use 1970-2199"),
            ("cron(0 18 ? * * 2200)", "cron year value `2200` is out of range"),
            ("cron(0 18 ? * * 2030-2020)", "the start year must not be after the end year"),
            ("cron(99999999999999999999 18 ? * SAT *)", "value `99999999999999999999` is out of range"),
            ("cron(1,,2 18 ? * SAT *)", "cron minutes `1,,2` has an empty list item"),
            ("cron(1, 18 ? * SAT *)", "has an empty list item"),
            ("cron(- 18 ? * SAT *)", "cron minutes `-` is not valid"),
            ("cron(1-2-3 18 ? * SAT *)", "cron minutes `1-2-3` is not valid"),
            ("cron(*-5 18 ? * SAT *)", "cron minutes `*-5` is not valid"),
            ("cron(*,5 18 ? * SAT *)", "`*` cannot be combined with other values"),
            ("cron(0 18 ? * SAT *5)", "cron year `*5` is not valid"),
            ("cron(５ 18 ? * SAT *)", "cron minutes `５` is not valid"),
            // Increments.
            ("cron(/5 18 ? * SAT *)", "cron minutes increment `/5` is not valid"),
            ("cron(5/ 18 ? * SAT *)", "cron minutes increment `5/` is not valid"),
            ("cron(*/0 18 ? * SAT *)", "increment `0` in `*/0` is out of range; use a step of 1-59"),
            ("cron(*/60 18 ? * SAT *)", "use a step of 1-59"),
            ("cron(0 */24 ? * SAT *)", "use a step of 1-23"),
            ("cron(65/15 18 ? * SAT *)", "cron minutes value `65` is out of range"),
            ("cron(0/5/5 18 ? * SAT *)", "increment `5/5` in `0/5/5` is not valid"),
            ("cron(0/x 18 ? * SAT *)", "increment `x` in `0/x` is not valid"),
            (&["cron(*/", huge, " 18 ? * SAT *)"].concat(), "is out of range"),
            ("cron(0 18 ? * */2 *)", "day-of-week takes no `/`"),
            // ? and the day fields.
            ("cron(0 18 * * * *)", "cannot both be set; use `?` in exactly one of them"),
            ("cron(0 18 1 * MON *)", "day-of-month `1` and day-of-week `MON` cannot both be set"),
            ("cron(0 18 ? * ? *)", "are both `?`"),
            ("cron(? 18 ? * SAT *)", "cron minutes `?` is not valid; `?` is only allowed in"),
            ("cron(0 18 ?,1 * ? *)", "`?` must be the whole field"),
            // L, W, #.
            ("cron(0 18 W * ? *)", "cron day-of-month `W` is not valid; use `L`, `LW`"),
            ("cron(0 18 3L * ? *)", "cron day-of-month `3L` is not valid"),
            ("cron(0 18 L-3 * ? *)", "cron day-of-month `L-3` is not valid"),
            ("cron(0 18 1W,15W * ? *)", "alone in the field"),
            ("cron(0 18 32W * ? *)", "cron day-of-month value `32` is out of range"),
            ("cron(0 18 ? * L5 *)", "cron day-of-week `L5` is not valid"),
            ("cron(0 18 ? * 5-L *)", "`L` must be the whole field"),
            ("cron(0 18 ? * 8L *)", "cron day-of-week value `8` is out of range"),
            ("cron(0 18 ? * LL *)", "cron day-of-week `LL` is not valid"),
            ("cron(0 18 ? * 3#1,6#3 *)", "`#` must be the whole field"),
            ("cron(0 18 ? * 3#6 *)", "the week number `6` after `#` must be 1-5"),
            ("cron(0 18 ? * 3#0 *)", "the week number `0` after `#` must be 1-5"),
            ("cron(0 18 ? * 3# *)", "cron day-of-week `3#` is not valid"),
            ("cron(0 18 ? * #2 *)", "cron day-of-week `#2` is not valid"),
            ("cron(0 18 ? * 3#2#1 *)", "cron day-of-week `3#2#1` is not valid"),
            ("cron(0 18 ? * 8#2 *)", "cron day-of-week value `8` is out of range"),
            ("cron(0 18 L * 1 *)", "cannot both be set"),
            ("cron(0 L ? * SAT *)", "cron hours `L` is not valid"),
            ("cron(0 18 ? L * *)", "cron month `L` is not valid"),
        ];
        for (input, needle) in cases {
            let e = parse(input).unwrap_err();
            assert!(
                e.offset.is_some_and(|o| o <= input.len()),
                "input {input:?}: {e:?}"
            );
            match normalize_schedule(input) {
                Ok(ok) => panic!("input {input:?} was accepted as {ok:?}"),
                Err(err) => {
                    assert!(
                        err.contains(needle),
                        "input {input:?}: error {err:?} lacks {needle:?}"
                    );
                    assert!(
                        !err.ends_with('.'),
                        "input {input:?}: error {err:?} ends with a period"
                    );
                    let first = err.chars().next().unwrap_or(' ');
                    assert!(
                        !first.is_uppercase(),
                        "input {input:?}: error {err:?} starts in upper case"
                    );
                }
            }
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        let long_list = ["1,"; 10_000].concat();
        let long_digits = "9".repeat(100_000);
        let inputs = [
            "(",
            ")",
            "()",
            "cron(",
            "rate(",
            "cron)",
            "((((",
            "é ü ß 中 文 🚀",
            "cron(é ü ß 中 文 🚀)",
            "rate(🚀 minutes)",
            "rate(1 🚀)",
            "cron(, , , , , ,)",
            "cron(- - - - - -)",
            "cron(/ / / / / /)",
            "cron(# # # # # #)",
            "cron(L L L L L L)",
            "cron(W W W W W W)",
            "\u{0}\u{1}\u{7f}",
            &long_list,
            &long_digits,
        ];
        for input in inputs {
            let _ = normalize_schedule(input);
        }
        let s = "cron(0/15 8-17 ? * MON-FRI 2020-2030) rate(5 minutes)";
        for (i, _) in s.char_indices() {
            for part in [&s[..i], &s[i..]] {
                if parse(part).is_ok() {
                    round_trip(part);
                }
            }
        }
        let long_ws = format!("cron(0{}18 ? * SAT *)", " ".repeat(1_000_000));
        assert_eq!(
            normalize_schedule(&long_ws).as_deref(),
            Ok("cron(0 18 ? * SAT *)")
        );
    }
}
