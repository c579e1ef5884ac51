//! Parser and matcher for `StringMatches` patterns: `*` matches any run of characters
//! (including none); `\*` is a literal star and `\\` a backslash, and no other escape is
//! allowed. Everything else matches itself.
//!
//! A [`Pattern`] is its literal segments, split at the unescaped stars; [`Pattern::matches`]
//! runs in time linear in the text (no backtracking): the first segment must be a prefix, the
//! last a suffix, and the ones between are found left to right, each at its first
//! occurrence, which is always the best choice when the only wildcard is `*`.

use std::fmt;

use crate::expr::ExprError;

/// A valid `StringMatches` pattern.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Pattern {
    /// The literal texts between the unescaped stars, escapes removed: one more than there
    /// are stars (`a*b*` is `["a", "b", ""]`).
    segments: Vec<String>,
}

impl Pattern {
    /// The literal texts between the unescaped stars, escapes removed: one more than there
    /// are stars, so never empty (`a*b*` gives `["a", "b", ""]`, `*` gives `["", ""]`).
    pub fn segments(&self) -> &[String] {
        &self.segments
    }

    /// Whether `s` matches the pattern as a whole (`StringMatches`).
    pub fn matches(&self, s: &str) -> bool {
        let (first, last) = match self.segments.as_slice() {
            [] => return s.is_empty(),
            [only] => return s == only,
            [first, .., last] => (first, last),
        };
        if s.len() < first.len() + last.len() || !s.starts_with(first.as_str()) {
            return false;
        }
        if !s.ends_with(last.as_str()) {
            return false;
        }
        // Both ends are character boundaries: `s` starts with `first` and ends with `last`.
        let mut rest = &s[first.len()..s.len() - last.len()];
        for segment in &self.segments[1..self.segments.len() - 1] {
            match rest.find(segment.as_str()) {
                Some(i) => rest = &rest[i + segment.len()..],
                None => return false,
            }
        }
        true
    }
}

impl fmt::Display for Pattern {
    /// The pattern text, with `*` and `\` inside segments escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.segments.iter().enumerate() {
            if i > 0 {
                f.write_str("*")?;
            }
            for c in segment.chars() {
                if c == '*' || c == '\\' {
                    f.write_str("\\")?;
                }
                write!(f, "{c}")?;
            }
        }
        Ok(())
    }
}

/// Parses a `StringMatches` pattern: `*` is a wildcard; `\*` and `\\` are the only escapes.
/// The error offset is that of the invalid `\`.
pub fn parse(p: &str) -> Result<Pattern, ExprError> {
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut chars = p.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, e @ ('*' | '\\'))) => current.push(e),
                _ => {
                    return Err(ExprError::at(
                        format!(
                            "invalid escape in the pattern `{p}`: only `\\*` (a literal star) \
                             and `\\\\` (a backslash) are allowed"
                        ),
                        at,
                    ))
                }
            },
            '*' => segments.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    segments.push(current);
    Ok(Pattern { segments })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pat(p: &str) -> Pattern {
        let pattern = parse(p).unwrap_or_else(|e| panic!("{p:?}: {e}"));
        assert_eq!(parse(&pattern.to_string()).as_ref(), Ok(&pattern), "{p:?}");
        pattern
    }

    /// The obvious dynamic-programming matcher, to compare with.
    fn reference(pattern: &str, s: &str) -> bool {
        #[derive(PartialEq)]
        enum T {
            Star,
            Char(char),
        }
        let mut tokens = Vec::new();
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => tokens.push(T::Char(chars.next().unwrap_or('\\'))),
                '*' => tokens.push(T::Star),
                c => tokens.push(T::Char(c)),
            }
        }
        let text: Vec<char> = s.chars().collect();
        let mut dp = vec![false; text.len() + 1];
        dp[0] = true;
        for t in &tokens {
            let mut next = vec![false; text.len() + 1];
            match t {
                T::Star => {
                    let mut any = false;
                    for j in 0..=text.len() {
                        any |= dp[j];
                        next[j] = any;
                    }
                }
                T::Char(c) => {
                    for j in 1..=text.len() {
                        next[j] = dp[j - 1] && text[j - 1] == *c;
                    }
                }
            }
            dp = next;
        }
        dp[text.len()]
    }

    #[test]
    fn parse_and_errors() {
        for p in [
            "",
            "*",
            "**",
            "a*b",
            "\\*",
            "\\\\",
            "log-*.txt",
            "é*ü",
            "a\\*b*",
        ] {
            pat(p);
        }
        assert_eq!(pat("a*b*").segments(), ["a", "b", ""]);
        assert_eq!(pat("*").segments(), ["", ""]);
        assert_eq!(pat("").segments(), [""]);
        assert_eq!(pat("a\\*b\\\\c*").segments(), ["a*b\\c", ""]);
        assert_eq!(pat("a\\*b\\\\c*").to_string(), "a\\*b\\\\c*");
        for (p, at) in [
            ("a\\b", 1),
            ("\\", 0),
            ("a\\", 1),
            ("\\n", 0),
            ("é\\é", 2),
            ("\\*\\x", 2),
        ] {
            let e = parse(p).unwrap_err();
            assert_eq!(
                e.message,
                format!(
                    "invalid escape in the pattern `{p}`: only `\\*` (a literal star) and `\\\\` \
                     (a backslash) are allowed"
                )
            );
            assert_eq!(e.offset, Some(at), "{p:?}");
        }
    }

    #[test]
    fn matching() {
        let cases: &[(&str, &str, bool)] = &[
            ("*", "", true),
            ("*", "anything", true),
            ("", "", true),
            ("", "a", false),
            ("abc", "abc", true),
            ("abc", "abcd", false),
            ("a*", "abc", true),
            ("a*", "ba", false),
            ("*c", "abc", true),
            ("*c", "cb", false),
            ("a*c", "ac", true),
            ("a*c", "abbbc", true),
            ("a*c", "ab", false),
            ("a*a", "a", false),
            ("a*a", "aa", true),
            ("*b*", "abc", true),
            ("*b*", "ac", false),
            ("a\\*b", "a*b", true),
            ("a\\*b", "axb", false),
            ("a\\\\b", "a\\b", true),
            ("**", "x", true),
            ("a*b*c", "aXbYbZc", true),
            ("a*b*c", "acb", false),
            ("*ab*ab*", "abab", true),
            ("*ab*ab*", "aba", false),
            ("*aab", "aaab", true),
            ("é*ü", "éxyzü", true),
            ("é*ü", "éü", true),
            ("日*本", "日本", true),
            ("log-*.txt", "log-2024.txt", true),
            ("log-*.txt", "log-2024.txt.gz", false),
        ];
        for (p, s, want) in cases {
            assert_eq!(pat(p).matches(s), *want, "{p:?} on {s:?}");
            assert_eq!(reference(p, s), *want, "reference: {p:?} on {s:?}");
        }
    }

    #[test]
    fn agrees_with_the_reference_matcher() {
        fn all(alphabet: &[char], max: usize) -> Vec<String> {
            let mut out = vec![String::new()];
            let mut layer = vec![String::new()];
            for _ in 0..max {
                let mut next = Vec::new();
                for s in &layer {
                    for c in alphabet {
                        next.push(format!("{s}{c}"));
                    }
                }
                out.extend(next.iter().cloned());
                layer = next;
            }
            out
        }
        let patterns = all(&['a', 'b', '*'], 5);
        let texts = all(&['a', 'b'], 6);
        for p in &patterns {
            let pattern = pat(p);
            for s in &texts {
                assert_eq!(pattern.matches(s), reference(p, s), "{p:?} on {s:?}");
            }
        }
    }

    #[test]
    fn no_exponential_backtracking() {
        let text = "a".repeat(1_000_000);
        let p = pat(&"*a".repeat(1_000));
        assert!(p.matches(&text));
        let p = pat(&format!("{}b", "*a".repeat(1_000)));
        assert!(!p.matches(&text));
        let p = pat("*aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab*");
        assert!(!p.matches(&text));
        let long = format!("{}*", "x".repeat(1_000_000));
        assert!(pat(&long).matches(&format!("{}yz", "x".repeat(1_000_000))));
    }
}
