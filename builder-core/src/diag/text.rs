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

/// `s` in backticks, shortened to 48 characters, control characters
/// escaped (`\n`).
pub fn quote(s: &str) -> String {
    let mut out = String::from("`");
    for c in excerpt(s, 48).chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.push('`');
    out
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

/// Where `offset` is, for a message: "column 5", or "line 2, column 3" in multi-line sources.
/// Columns count characters from 1.
pub fn position(src: &str, offset: usize) -> String {
    let offset = floor_char_boundary(src, offset);
    let before = src.get(..offset).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).unwrap_or("").chars().count() + 1;
    if src.contains('\n') {
        let line = before.matches('\n').count() + 1;
        format!("line {line}, column {column}")
    } else {
        format!("column {column}")
    }
}

/// The largest char boundary of `s` that is not after `i`.
pub fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
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
