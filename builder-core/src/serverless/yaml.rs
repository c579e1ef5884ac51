//! YAML text of a [`Json`] value, in block style with the layout
//! serde_yaml (libyaml) produces: two-space indents, sequences under a key
//! not indented, single quotes when a string needs quoting.
//!
//! Our own writer rather than serde_yaml's because of quoting: serde_yaml
//! follows YAML 1.2 and writes `2024-01-01`, `1_000` or `yes` plain, which
//! the Serverless Framework's js-yaml (and any YAML 1.1 reader) turns into a
//! date, a number or a boolean — silently changing a user's `Parameters` at
//! deploy time. Here a string is written plain only when every reader sees
//! a string.

use crate::json::Json;
use std::fmt::Write as _;

/// YAML text of `value`, ending with a newline.
pub fn to_yaml(value: &Json) -> String {
    let mut out = String::new();
    match value {
        Json::Object(pairs) if !pairs.is_empty() => mapping(&mut out, pairs, 0),
        Json::Array(items) if !items.is_empty() => sequence(&mut out, items, 0),
        scalar => {
            inline(&mut out, scalar);
            out.push('\n');
        }
    }
    out
}

fn indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn is_block(value: &Json) -> bool {
    matches!(value, Json::Object(p) if !p.is_empty())
        || matches!(value, Json::Array(i) if !i.is_empty())
}

/// The entries of a mapping, each on its own line at `level` spaces.
fn mapping(out: &mut String, pairs: &[(String, Json)], level: usize) {
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            indent(out, level);
        }
        string(out, key);
        out.push(':');
        match value {
            Json::Object(p) if !p.is_empty() => {
                out.push('\n');
                indent(out, level + 2);
                mapping(out, p, level + 2);
            }
            // A sequence under a key sits at the key's own indentation.
            Json::Array(items) if !items.is_empty() => {
                out.push('\n');
                indent(out, level);
                sequence(out, items, level);
            }
            scalar => {
                out.push(' ');
                inline(out, scalar);
                out.push('\n');
            }
        }
    }
}

/// The items of a sequence, `- item` at `level` spaces.
fn sequence(out: &mut String, items: &[Json], level: usize) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            indent(out, level);
        }
        out.push_str("- ");
        match item {
            Json::Object(p) if !p.is_empty() => mapping(out, p, level + 2),
            Json::Array(inner) if !inner.is_empty() => sequence(out, inner, level + 2),
            scalar => {
                debug_assert!(!is_block(scalar));
                inline(out, scalar);
                out.push('\n');
            }
        }
    }
}

/// A scalar, or an empty collection, on the current line.
fn inline(out: &mut String, value: &Json) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Json::String(s) => string(out, s),
        Json::MachineArn => string(out, "${self:arn}"),
        Json::Array(_) => out.push_str("[]"),
        Json::Object(_) => out.push_str("{}"),
    }
}

fn string(out: &mut String, s: &str) {
    if s.chars().any(needs_escape) {
        crate::json::write_quoted(out, s, needs_escape);
    } else if plain_is_safe(s) {
        out.push_str(s);
    } else {
        out.push('\'');
        out.push_str(&s.replace('\'', "''"));
        out.push('\'');
    }
}

/// Characters a YAML scalar may only hold escaped, in double quotes.
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}')
}

/// Words that some YAML reader takes for null or a boolean.
const SPECIAL_WORDS: &[&str] = &[
    "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n",
];

/// Whether `s` can be written without quotes and still read back as this
/// string by YAML 1.1 and 1.2 readers alike.
fn plain_is_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    // (`eq_ignore_ascii_case`, not a lower-cased copy: this runs for every
    // key and string of the file.)
    if SPECIAL_WORDS.iter().any(|w| w.eq_ignore_ascii_case(s)) || s == "<<" || s == "=" {
        return false;
    }
    // Numbers, dates, times, `.inf`, `.nan`, `+1`, `-1`, sexagesimals: all
    // start with a digit, or a sign or dot before a digit or `.`.
    let second = s[first.len_utf8()..].chars().next();
    let numberish = first.is_ascii_digit()
        || (matches!(first, '+' | '-' | '.')
            && second.is_some_and(|c| {
                c.is_ascii_digit() || c == '.' || c == 'i' || c == 'I' || c == 'n' || c == 'N'
            }));
    if numberish {
        return false;
    }
    // Indicators that mean something at the start of a scalar.
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) || first.is_whitespace() {
        return false;
    }
    if s.ends_with(char::is_whitespace) || s.ends_with(':') {
        return false;
    }
    // `: ` starts a mapping value and ` #` a comment anywhere (with a tab
    // too). One pass over the bytes: four `str::contains` cost more than
    // writing the rest of the file.
    !s.as_bytes()
        .windows(2)
        .any(|w| matches!(w, [b':', b' ' | b'\t'] | [b' ' | b'\t', b'#']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_layout_matches_libyaml() {
        let v = Json::object([
            ("a", Json::from(1)),
            (
                "list",
                Json::array([Json::object([("x", 1), ("z", 2)]), Json::array([1, 2])]),
            ),
            (
                "nested",
                Json::object([("deep", Json::object([("k", "v")]))]),
            ),
            ("empty", Json::Object(vec![])),
            ("none", Json::Array(vec![])),
        ]);
        assert_eq!(
            to_yaml(&v),
            "a: 1\nlist:\n- x: 1\n  z: 2\n- - 1\n  - 2\nnested:\n  deep:\n    k: v\nempty: {}\nnone: []\n"
        );
    }

    #[test]
    fn quotes_what_a_yaml_reader_would_not_read_as_a_string() {
        for s in [
            "",
            "true",
            "Yes",
            "NO",
            "on",
            "Off",
            "y",
            "~",
            "null",
            "NULL",
            "10",
            "-1",
            "+1",
            "1.5",
            ".5",
            ".inf",
            "-.inf",
            ".NaN",
            "1_000",
            "0x10",
            "0777",
            "12:30",
            "2024-01-01",
            "2024-01-01T00:00:00Z",
            "1e3",
            "<<",
            "=",
            "*a",
            "&a",
            "!a",
            "-",
            "- a",
            "?",
            "a: b",
            "#x",
            "a #b",
            "'q'",
            "\"d\"",
            " lead",
            "trail ",
            "end:",
            "%x",
            "@x",
            "`x",
            "|",
            ">",
            "{a}",
            "[a]",
            ",",
            "line\nbreak",
        ] {
            let text = to_yaml(&Json::object([("k", s)]));
            let plain = format!("k: {s}\n");
            assert_ne!(text, plain, "{s:?} must be quoted");
        }
        for s in [
            "$.user_ids",
            "arn:aws:states:${aws:region}:x",
            "cron(0 18 ? * SAT *)",
            "/aws/vendedlogs/x",
            "a,b",
            "é",
            "Error in state machine",
            "States.ALL",
            "x-1",
            "a:b",
        ] {
            assert_eq!(
                to_yaml(&Json::object([("k", s)])),
                format!("k: {s}\n"),
                "{s:?} stays plain"
            );
        }
    }

    #[test]
    fn escapes_quotes_and_control_characters() {
        assert_eq!(to_yaml(&Json::from("it's: x")), "'it''s: x'\n");
        assert_eq!(to_yaml(&Json::from("a\nb\u{1}")), "\"a\\nb\\u0001\"\n");
        assert_eq!(to_yaml(&Json::from("\u{2028}")), "\"\\u2028\"\n");
    }
}
