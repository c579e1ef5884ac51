//! Small helpers for messages: how to name a character, quote a text,
//! shorten it, and list alternatives. One copy for every module.

use std::fmt::Write as _;

/// Names a character for a message: `` `x` ``, "a space", "a tab",
/// "a backtick", "control character U+0007", "character U+00A0".
pub fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".to_string(),
        '\t' => "a tab".to_string(),
        '\n' => "a newline".to_string(),
        '\r' => "a carriage return".to_string(),
        '`' => "a backtick".to_string(),
        c if c.is_control() => format!("control character U+{:04X}", c as u32),
        c if c.is_whitespace() => format!("character U+{:04X}", c as u32),
        c => format!("`{c}`"),
    }
}

/// `s` in backticks, shortened to 48 characters.
pub fn quote(s: &str) -> String {
    format!("`{}`", excerpt(s, 48))
}

/// The first `max` characters of `s`, with `...` when cut.
pub fn excerpt(s: &str, max: usize) -> String {
    let mut out = String::new();
    for (n, c) in s.chars().enumerate() {
        if n == max {
            out.push_str("...");
            break;
        }
        out.push(c);
    }
    out
}

/// `` `a`, `b` or `c` `` (with `last` as the final joining word).
pub fn list<'a>(items: impl IntoIterator<Item = &'a str>, last: &str) -> String {
    let items: Vec<&str> = items.into_iter().collect();
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == items.len() { last } else { ", " });
        }
        let _ = write!(out, "`{item}`");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_lists() {
        assert_eq!(describe_char('\t'), "a tab");
        assert_eq!(describe_char('\u{7}'), "control character U+0007");
        assert_eq!(describe_char('/'), "`/`");
        assert_eq!(list(["a", "b", "c"], " or "), "`a`, `b` or `c`");
        assert_eq!(list(["a"], " or "), "`a`");
        assert_eq!(excerpt("abcdef", 3), "abc...");
    }
}
