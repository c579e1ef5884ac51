//! Parser for RFC 3339 timestamps as Step Functions reads them (Wait `Timestamp`, Choice
//! `Timestamp...` comparisons): `YYYY-MM-DDThh:mm:ss`, an optional fraction of a second
//! (`.5`, any number of digits), then an upper-case `Z` or a numeric offset `+hh:mm` /
//! `-hh:mm`. The `T` and `Z` must be upper case, the date must exist (leap years included),
//! hours are 0-23, minutes 0-59, seconds 0-60 (60 for a leap second), and an offset is at
//! most `23:59`.
//!
//! A [`Timestamp`] compares by the instant it denotes: `2024-01-01T02:00:00+02:00` equals
//! `2024-01-01T00:00:00Z`.

use std::cmp::Ordering;
use std::fmt;

use crate::expr::ExprError;

/// A valid timestamp, as written (the offset is not applied to the fields).
#[derive(Clone, Copy, Debug)]
pub struct Timestamp {
    /// The year, 0-9999.
    pub year: u32,
    /// The month, 1-12.
    pub month: u32,
    /// The day of the month, 1-31.
    pub day: u32,
    /// The hour, 0-23.
    pub hour: u32,
    /// The minute, 0-59.
    pub minute: u32,
    /// The second, 0-60 (60 is a leap second).
    pub second: u32,
    /// Nanoseconds: the first 9 digits of the fraction (later digits are dropped).
    pub nanos: u32,
    /// The offset from UTC in minutes (`+02:00` is 120, `Z` is 0).
    pub offset_minutes: i32,
}

impl Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z (negative before), with the offset applied and
    /// the fraction left out (see [`Timestamp::nanos`]). A leap second counts as the first
    /// second of the next minute.
    pub fn unix_seconds(&self) -> i64 {
        let days = days_from_civil(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        days * 86_400
            + i64::from(self.hour) * 3_600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
            - i64::from(self.offset_minutes) * 60
    }
}

/// Days since 1970-01-01 of a date in the proleptic Gregorian calendar (Howard Hinnant's
/// `days_from_civil`; month 1..=12).
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Year, month (1..=12) and day of a day number since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
#[cfg(feature = "run")]
pub(crate) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Timestamp {}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    /// By instant: `(unix_seconds, nanos)`.
    fn cmp(&self, other: &Self) -> Ordering {
        (self.unix_seconds(), self.nanos).cmp(&(other.unix_seconds(), other.nanos))
    }
}

impl fmt::Display for Timestamp {
    /// The fields as parsed, the fraction without trailing zeros, and `Z` for a zero offset.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )?;
        if self.nanos > 0 {
            let fraction = format!("{:09}", self.nanos);
            write!(f, ".{}", fraction.trim_end_matches('0'))?;
        }
        if self.offset_minutes == 0 {
            return f.write_str("Z");
        }
        let sign = if self.offset_minutes < 0 { '-' } else { '+' };
        let m = self.offset_minutes.unsigned_abs();
        write!(f, "{sign}{:02}:{:02}", m / 60, m % 60)
    }
}

/// Parses an RFC 3339 timestamp the way Step Functions reads them: an upper-case `T`
/// between date and time and an upper-case `Z` or a numeric offset (`2024-01-01T00:00:00Z`,
/// `2024-01-01T00:00:00.5+02:00`). The error offset is where the text stops being valid.
pub fn parse(s: &str) -> Result<Timestamp, ExprError> {
    let fail = |at: usize| {
        Err(ExprError::at(
            format!(
                "`{s}` is not an RFC 3339 timestamp; write `YYYY-MM-DDThh:mm:ssZ` \
                 (for example `2024-01-01T00:00:00Z`) or with an offset like `+02:00`"
            ),
            at.min(s.len()),
        ))
    };
    let b = s.as_bytes();
    let digits = |start: usize, len: usize| -> Option<u32> {
        let part = b.get(start..start + len)?;
        if part.iter().all(u8::is_ascii_digit) {
            Some(part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
        } else {
            None
        }
    };
    let mut fields = [0u32; 6];
    // (start of the digits, how many, the separator after them)
    let layout = [
        (0, 4, Some(b'-')),
        (5, 2, Some(b'-')),
        (8, 2, Some(b'T')),
        (11, 2, Some(b':')),
        (14, 2, Some(b':')),
        (17, 2, None),
    ];
    for (field, &(start, len, sep)) in fields.iter_mut().zip(&layout) {
        let Some(value) = digits(start, len) else {
            return fail(start);
        };
        *field = value;
        if let Some(sep) = sep {
            if b.get(start + len) != Some(&sep) {
                return fail(start + len);
            }
        }
    }
    let [year, month, day, hour, minute, second] = fields;
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return fail(5),
    };
    if day == 0 || day > days {
        return fail(8);
    }
    if hour > 23 {
        return fail(11);
    }
    if minute > 59 {
        return fail(14);
    }
    if second > 60 {
        return fail(17);
    }
    // Bytes 0..19 are ASCII, so 19 is a character boundary.
    let mut rest = &s[19..];
    let mut nanos = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return fail(20);
        }
        let mut scale = 100_000_000;
        for d in fraction.bytes().take(n.min(9)) {
            nanos += u32::from(d - b'0') * scale;
            scale /= 10;
        }
        rest = &fraction[n..];
    }
    let zone = s.len() - rest.len();
    let offset_minutes = match rest.as_bytes() {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2]
            if [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit())
                && (h1 - b'0') * 10 + (h2 - b'0') <= 23
                && (m1 - b'0') * 10 + (m2 - b'0') <= 59 =>
        {
            let h = i32::from((h1 - b'0') * 10 + (h2 - b'0'));
            let m = i32::from((m1 - b'0') * 10 + (m2 - b'0'));
            if *sign == b'-' {
                -(h * 60 + m)
            } else {
                h * 60 + m
            }
        }
        _ => return fail(zone),
    };
    Ok(Timestamp {
        year,
        month,
        day,
        hour,
        minute,
        second,
        nanos,
        offset_minutes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Timestamp {
        match parse(s) {
            Ok(t) => {
                // Display parses back to the same fields.
                let again = parse(&t.to_string()).unwrap();
                assert_eq!(
                    (again.unix_seconds(), again.nanos, again.offset_minutes),
                    (t.unix_seconds(), t.nanos, t.offset_minutes),
                    "{s:?}"
                );
                t
            }
            Err(e) => panic!("{s:?} should be accepted, got: {e}"),
        }
    }

    const ACCEPTED: &[&str] = &[
        "2024-01-01T00:00:00Z",
        "2024-01-01T00:00:00.5+02:00",
        "2024-02-29T23:59:60Z",
        "2000-02-29T00:00:00Z",
        "1970-01-01T00:00:00.123456789123Z",
        "2024-12-31T23:59:59-23:59",
        "2024-04-30T12:00:00+00:00",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z",
        "2016-03-14T01:59:00Z",
    ];

    const REJECTED: &[(&str, usize)] = &[
        ("", 0),
        ("2024", 4),
        ("2024-01-01", 10),
        ("2024-01-01 00:00:00Z", 10),
        ("2024-01-01t00:00:00Z", 10),
        ("2024-01-01T00:00:00z", 19),
        ("2024-01-01T00:00:00", 19),
        ("2023-02-29T00:00:00Z", 8),
        ("1900-02-29T00:00:00Z", 8),
        ("2024-13-01T00:00:00Z", 5),
        ("2024-00-01T00:00:00Z", 5),
        ("2024-01-00T00:00:00Z", 8),
        ("2024-04-31T00:00:00Z", 8),
        ("2024-01-01T24:00:00Z", 11),
        ("2024-01-01T00:60:00Z", 14),
        ("2024-01-01T00:00:61Z", 17),
        ("2024-01-01T00:00:00.Z", 20),
        ("2024-01-01T00:00:00+24:00", 19),
        ("2024-01-01T00:00:00+02:60", 19),
        ("2024-01-01T00:00:00+0200", 19),
        ("2024-01-01T00:00:00+02:00 ", 19),
        ("2024-01-01T00:00:00Z\n", 19),
        (" 2024-01-01T00:00:00Z", 0),
        ("+2024-01-01T00:00:00Z", 0),
        ("24-01-01T00:00:00Z", 0),
        ("2024-1-01T00:00:00Z", 5),
        ("२०२४-01-01T00:00:00Z", 0),
        ("2024-01-01T00:00:00ZZ", 19),
        ("2024-01-01T00:00:00.5.5Z", 21),
    ];

    #[test]
    fn accepts_and_rejects() {
        for s in ACCEPTED {
            ok(s);
        }
        for (s, at) in REJECTED {
            match parse(s) {
                Ok(t) => panic!("{s:?} should be rejected, got {t:?}"),
                Err(e) => {
                    assert_eq!(
                        e.message,
                        format!(
                            "`{s}` is not an RFC 3339 timestamp; write `YYYY-MM-DDThh:mm:ssZ` \
                             (for example `2024-01-01T00:00:00Z`) or with an offset like `+02:00`"
                        )
                    );
                    assert_eq!(e.offset, Some(*at), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn fields() {
        let t = ok("2024-02-29T12:34:56.0123+05:30");
        assert_eq!(
            (t.year, t.month, t.day, t.hour, t.minute, t.second),
            (2024, 2, 29, 12, 34, 56)
        );
        assert_eq!(t.nanos, 12_300_000);
        assert_eq!(t.offset_minutes, 330);
        assert_eq!(ok("2024-01-01T00:00:00-01:15").offset_minutes, -75);
        assert_eq!(ok("2024-01-01T00:00:00.123456789999Z").nanos, 123_456_789);
        assert_eq!(
            ok("2024-01-01T00:00:00.500-00:00").to_string(),
            "2024-01-01T00:00:00.5Z"
        );
        assert_eq!(
            ok("2024-01-01T00:00:00+02:00").to_string(),
            "2024-01-01T00:00:00+02:00"
        );
    }

    #[test]
    fn unix_seconds_known_values() {
        let cases: &[(&str, i64)] = &[
            ("1970-01-01T00:00:00Z", 0),
            ("1970-01-01T00:00:00.999Z", 0),
            ("1969-12-31T23:59:59Z", -1),
            ("2000-01-01T00:00:00Z", 946_684_800),
            ("2024-01-01T00:00:00Z", 1_704_067_200),
            ("2024-01-01T02:00:00+02:00", 1_704_067_200),
            ("2023-12-31T23:00:00-01:00", 1_704_067_200),
            ("2024-02-29T12:34:56Z", 1_709_210_096),
            ("1900-03-01T00:00:00Z", -2_203_891_200),
            ("0001-01-01T00:00:00Z", -62_135_596_800),
            ("9999-12-31T23:59:59Z", 253_402_300_799),
            ("2016-12-31T23:59:60Z", 1_483_228_800),
        ];
        for (s, want) in cases {
            assert_eq!(ok(s).unix_seconds(), *want, "{s:?}");
        }
    }

    #[test]
    fn ordering_by_instant() {
        let a = ok("2024-01-01T00:00:00Z");
        let b = ok("2024-01-01T02:00:00+02:00");
        assert_eq!(a, b);
        assert_eq!(a.cmp(&b), Ordering::Equal);
        let sorted = [
            "1969-12-31T23:59:59.999999999Z",
            "1970-01-01T00:00:00Z",
            "1970-01-01T00:00:00.000000001Z",
            "2024-01-01T00:00:00.5+02:00",
            "2023-12-31T23:30:00-00:30",
            "2024-01-01T00:00:00.1Z",
            "2024-01-01T00:00:01+00:00",
            "2024-01-01T00:59:59-01:00",
        ];
        let parsed: Vec<Timestamp> = sorted.iter().map(|s| ok(s)).collect();
        for pair in parsed.windows(2) {
            assert!(pair[0] < pair[1], "{} < {}", pair[0], pair[1]);
        }
        let mut shuffled = parsed.clone();
        shuffled.reverse();
        shuffled.sort();
        assert_eq!(shuffled, parsed);
        assert!(ok("2024-01-01T00:00:00.5Z") > ok("2024-01-01T00:00:00.49Z"));
        assert_ne!(ok("2024-01-01T00:00:00Z"), ok("2024-01-01T00:00:00+00:01"));
    }

    #[test]
    fn odd_input_does_not_panic() {
        let s = "2024-02-29T12:34:56.0123+05:30";
        for (i, _) in s.char_indices() {
            let _ = parse(&s[..i]);
            let _ = parse(&s[i..]);
        }
        for s in [
            "é",
            "2024-01-01T00:00:00é",
            "2024-01-01T00:00:0é",
            "2024-01-01T00:00:00.é",
            "2024-01-01T00:00:00+é",
            "\u{0}",
        ] {
            assert!(parse(s).is_err(), "{s:?}");
        }
        let long = format!("2024-01-01T00:00:00.{}Z", "9".repeat(1_000_000));
        assert_eq!(ok(&long).nanos, 999_999_999);
    }
}
