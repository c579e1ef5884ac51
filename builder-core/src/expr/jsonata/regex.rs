//! The syntax check jsonata-js gets from `new RegExp(pattern)` when it reads a regex literal:
//! JavaScript regular expressions without the `u` flag, with the lenient Annex B grammar
//! (a lone `{`, `}` or `]` is a literal, unknown escapes stand for the character). Only
//! definite errors are reported: nothing to repeat, unbalanced groups and classes, invalid
//! group syntax, and out-of-order `{n,m}` quantifiers and class ranges.

/// `Err((byte offset in the pattern, message))` for a pattern JavaScript refuses.
pub(super) fn check(pattern: &str) -> Result<(), (usize, String)> {
    let b = pattern.as_bytes();
    // Open groups: (start offset, is a lookbehind).
    let mut groups: Vec<(usize, bool)> = Vec::new();
    // Whether the previous item can take a quantifier.
    let mut quantifiable = false;
    let mut i = 0;
    while i < b.len() {
        let c = b.get(i).copied().unwrap_or(0);
        match c {
            b'\\' => {
                let Some(&e) = b.get(i + 1) else {
                    return Err((i, "`\\` at the end of the pattern".to_string()));
                };
                quantifiable = !matches!(e, b'b' | b'B');
                i += 1 + utf8_len(e);
                continue;
            }
            b'[' => {
                i = class(b, i)?;
                quantifiable = true;
                continue;
            }
            b'(' => {
                let (len, lookbehind) = group_opening(b, i)?;
                groups.push((i, lookbehind));
                quantifiable = false;
                i += len;
                continue;
            }
            b')' => {
                let Some((_, lookbehind)) = groups.pop() else {
                    return Err((i, "unmatched `)`".to_string()));
                };
                quantifiable = !lookbehind;
            }
            b'|' | b'^' | b'$' => quantifiable = false,
            b'*' | b'+' | b'?' => {
                if !quantifiable {
                    return Err((i, format!("nothing to repeat before `{}`", char::from(c))));
                }
                quantifiable = false;
                i += 1;
                if b.get(i) == Some(&b'?') {
                    i += 1;
                }
                continue;
            }
            b'{' => {
                if let Some(Braced { len, min, max }) = braced_quantifier(b, i) {
                    if !quantifiable {
                        return Err((i, "nothing to repeat before `{`".to_string()));
                    }
                    if let Some(max) = max {
                        if compare_numbers(min, max) == std::cmp::Ordering::Greater {
                            return Err((
                                i,
                                "numbers out of order in the `{…}` quantifier".to_string(),
                            ));
                        }
                    }
                    quantifiable = false;
                    i += len;
                    if b.get(i) == Some(&b'?') {
                        i += 1;
                    }
                    continue;
                }
                quantifiable = true;
            }
            _ => quantifiable = true,
        }
        i += utf8_len(c);
    }
    match groups.last() {
        Some(&(start, _)) => Err((
            start,
            "unterminated group: `(` has no matching `)`".to_string(),
        )),
        None => Ok(()),
    }
}

/// Bytes of the UTF-8 sequence starting with `lead` (1 for a stray continuation byte).
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// The length of a group opening at `i` (`(`, `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`,
/// `(?<name>`), and whether it is a lookbehind.
fn group_opening(b: &[u8], i: usize) -> Result<(usize, bool), (usize, String)> {
    if b.get(i + 1) != Some(&b'?') {
        return Ok((1, false));
    }
    match (b.get(i + 2), b.get(i + 3)) {
        (Some(b':' | b'=' | b'!'), _) => Ok((3, false)),
        (Some(b'<'), Some(b'=' | b'!')) => Ok((4, true)),
        (Some(b'<'), _) => {
            let name: Vec<u8> = b
                .get(i + 3..)
                .unwrap_or(&[])
                .iter()
                .copied()
                .take_while(|&c| c != b'>')
                .collect();
            let closed = b.get(i + 3 + name.len()) == Some(&b'>');
            let valid = closed
                && name.first().is_some_and(|&c| !c.is_ascii_digit())
                && name
                    .iter()
                    .all(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80);
            if valid {
                Ok((4 + name.len(), false))
            } else {
                Err((i, "invalid capture group name in `(?<…>`".to_string()))
            }
        }
        _ => Err((
            i,
            "invalid group: `(?` must be followed by `:`, `=`, `!`, `<=`, `<!` or `<name>`"
                .to_string(),
        )),
    }
}

/// A `{n}`, `{n,}` or `{n,m}` quantifier: its length and bounds (as digit strings).
struct Braced<'a> {
    len: usize,
    min: &'a [u8],
    max: Option<&'a [u8]>,
}

/// The braced quantifier at `i`, if there is one (else the `{` is a literal).
fn braced_quantifier(b: &[u8], i: usize) -> Option<Braced<'_>> {
    let digits = |from: usize| {
        b.get(from..)
            .map_or(0, |s| s.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    let n = digits(i + 1);
    if n == 0 {
        return None;
    }
    let min = b.get(i + 1..i + 1 + n)?;
    let mut j = i + 1 + n;
    let mut max = None;
    if b.get(j) == Some(&b',') {
        let m = digits(j + 1);
        if m > 0 {
            max = b.get(j + 1..j + 1 + m);
        }
        j += 1 + m;
    }
    (b.get(j) == Some(&b'}')).then_some(Braced {
        len: j + 1 - i,
        min,
        max,
    })
}

/// Compares two decimal digit strings of any length.
fn compare_numbers(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let strip = |s: &[u8]| -> Vec<u8> {
        let start = s.iter().position(|&c| c != b'0').unwrap_or(s.len());
        s.get(start..).unwrap_or(&[]).to_vec()
    };
    let (a, b) = (strip(a), strip(b));
    a.len().cmp(&b.len()).then_with(|| a.cmp(&b))
}

/// A character class starting at `i`; returns the offset after its `]`.
fn class(b: &[u8], i: usize) -> Result<usize, (usize, String)> {
    let mut j = i + 1;
    if b.get(j) == Some(&b'^') {
        j += 1;
    }
    // The previous class atom, when it is a plain character, and whether a `-` follows it.
    let mut prev: Option<char> = None;
    let mut dash = false;
    let text = std::str::from_utf8(b.get(j..).unwrap_or(&[])).unwrap_or("");
    let mut chars = text.char_indices().peekable();
    while let Some((k, c)) = chars.next() {
        let atom = match c {
            ']' => return Ok(j + k + 1),
            '\\' => {
                // Escapes: only single characters matter for ranges; keep it simple and
                // treat every escape as ending any range check.
                chars.next();
                None
            }
            c => Some(c),
        };
        if dash {
            if let (Some(lo), Some(hi)) = (prev, atom) {
                if lo > hi {
                    return Err((
                        j + k,
                        format!("range out of order in character class: `{lo}-{hi}`"),
                    ));
                }
            }
            dash = false;
            prev = None;
            continue;
        }
        if c == '-' && prev.is_some() && chars.peek().is_some_and(|&(_, n)| n != ']') {
            dash = true;
            continue;
        }
        prev = atom;
    }
    Err((
        i,
        "unterminated character class: `[` has no matching `]`".to_string(),
    ))
}
