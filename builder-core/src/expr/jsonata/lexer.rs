//! The tokenizer. It is driven by the parser one token at a time because a `/` is a division
//! in operator position and starts a regular expression in operand position, and only the
//! parser knows which position it is in (see [`Mode`]).

use super::ast::Span;
use super::error::{quote, Error, BAD_REGEX};

/// What the parser expects next; decides whether `/` is division or starts a regex.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// `/` starts a regular expression.
    Operand,
    /// `/` is the division operator.
    Operator,
}

/// Operators and punctuation. `!` and `~` are tokens only so the parser can report them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Dot,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    LParen,
    RParen,
    Comma,
    At,
    Hash,
    Semi,
    Colon,
    Question,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Pipe,
    Eq,
    Lt,
    Gt,
    Caret,
    Amp,
    StarStar,
    DotDot,
    Assign,
    Ne,
    Le,
    Ge,
    Apply,
    And,
    Or,
    In,
    Bang,
    Tilde,
    /// `??`, JSONata 2.1: tokenized so it can be refused with its own message.
    Coalesce,
    /// `?:`, JSONata 2.1, likewise.
    Elvis,
}

impl Op {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Op::Dot => ".",
            Op::LBracket => "[",
            Op::RBracket => "]",
            Op::LBrace => "{",
            Op::RBrace => "}",
            Op::LParen => "(",
            Op::RParen => ")",
            Op::Comma => ",",
            Op::At => "@",
            Op::Hash => "#",
            Op::Semi => ";",
            Op::Colon => ":",
            Op::Question => "?",
            Op::Plus => "+",
            Op::Minus => "-",
            Op::Star => "*",
            Op::Slash => "/",
            Op::Percent => "%",
            Op::Pipe => "|",
            Op::Eq => "=",
            Op::Lt => "<",
            Op::Gt => ">",
            Op::Caret => "^",
            Op::Amp => "&",
            Op::StarStar => "**",
            Op::DotDot => "..",
            Op::Assign => ":=",
            Op::Ne => "!=",
            Op::Le => "<=",
            Op::Ge => ">=",
            Op::Apply => "~>",
            Op::And => "and",
            Op::Or => "or",
            Op::In => "in",
            Op::Bang => "!",
            Op::Tilde => "~",
            Op::Coalesce => "??",
            Op::Elvis => "?:",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    /// A field name, bare or in backticks.
    Name(String),
    /// `$name`, without the `$` (`$` alone is `""`, `$$` is `"$"`).
    Variable(String),
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    Regex {
        pattern: String,
        flags: String,
    },
    Op(Op),
    End,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub span: Span,
}

impl Token {
    /// How a message names this token.
    pub(crate) fn describe(&self, src: &str) -> String {
        match &self.tok {
            Tok::End => "the end of the expression".to_string(),
            _ => quote(src.get(self.span.start..self.span.end).unwrap_or("")),
        }
    }
}

/// JSONata's whitespace: exactly these five characters (not form feed, not Unicode spaces).
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{b}')
}

/// Characters that end a name: whitespace and every single-character operator.
fn ends_name(c: char) -> bool {
    is_space(c) || ".[]{}(),@#;:?+-*/%|=<>^&!~".contains(c)
}

pub(crate) struct Lexer<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(src: &'a str) -> Self {
        Lexer { src, pos: 0 }
    }

    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn token(&mut self, tok: Tok, start: usize, end: usize) -> Token {
        self.pos = end;
        Token {
            tok,
            span: Span { start, end },
        }
    }

    /// The next token. Comments and whitespace are skipped; at the end of the source the
    /// token is [`Tok::End`] with an empty span at the source length.
    pub(crate) fn next_token(&mut self, mode: Mode) -> Result<Token, Error> {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start_matches(is_space);
            self.pos += rest.len() - trimmed.len();
            if let Some(body) = trimmed.strip_prefix("/*") {
                match body.find("*/") {
                    Some(i) => self.pos += 2 + i + 2,
                    None => {
                        return Err(Error::new(
                            "S0106",
                            self.pos,
                            "unterminated comment: `/*` has no closing `*/`".to_string(),
                        ))
                    }
                }
                continue;
            }
            break;
        }
        let start = self.pos;
        let rest = self.rest();
        let mut chars = rest.chars();
        let Some(c) = chars.next() else {
            return Ok(self.token(Tok::End, start, start));
        };
        let next = chars.next();
        if c == '/' && mode == Mode::Operand {
            return self.regex(start);
        }
        let two = match (c, next) {
            ('.', Some('.')) => Some(Op::DotDot),
            (':', Some('=')) => Some(Op::Assign),
            ('!', Some('=')) => Some(Op::Ne),
            ('>', Some('=')) => Some(Op::Ge),
            ('<', Some('=')) => Some(Op::Le),
            ('*', Some('*')) => Some(Op::StarStar),
            ('~', Some('>')) => Some(Op::Apply),
            ('?', Some('?')) => Some(Op::Coalesce),
            ('?', Some(':')) => Some(Op::Elvis),
            _ => None,
        };
        if let Some(op) = two {
            return Ok(self.token(Tok::Op(op), start, start + 2));
        }
        let one = match c {
            '.' => Some(Op::Dot),
            '[' => Some(Op::LBracket),
            ']' => Some(Op::RBracket),
            '{' => Some(Op::LBrace),
            '}' => Some(Op::RBrace),
            '(' => Some(Op::LParen),
            ')' => Some(Op::RParen),
            ',' => Some(Op::Comma),
            '@' => Some(Op::At),
            '#' => Some(Op::Hash),
            ';' => Some(Op::Semi),
            ':' => Some(Op::Colon),
            '?' => Some(Op::Question),
            '+' => Some(Op::Plus),
            '-' => Some(Op::Minus),
            '*' => Some(Op::Star),
            '/' => Some(Op::Slash),
            '%' => Some(Op::Percent),
            '|' => Some(Op::Pipe),
            '=' => Some(Op::Eq),
            '<' => Some(Op::Lt),
            '>' => Some(Op::Gt),
            '^' => Some(Op::Caret),
            '&' => Some(Op::Amp),
            '!' => Some(Op::Bang),
            '~' => Some(Op::Tilde),
            _ => None,
        };
        if let Some(op) = one {
            return Ok(self.token(Tok::Op(op), start, start + 1));
        }
        match c {
            '"' | '\'' => self.string(start, c),
            '0'..='9' => self.number(start),
            '`' => match rest.get(1..).and_then(|r| r.find('`')) {
                Some(i) => {
                    let name = rest.get(1..1 + i).unwrap_or("").to_string();
                    Ok(self.token(Tok::Name(name), start, start + i + 2))
                }
                None => Err(Error::new(
                    "S0105",
                    start,
                    "unterminated quoted name: the backtick opened here has no closing backtick"
                        .to_string(),
                )),
            },
            _ => {
                let len = rest.find(ends_name).unwrap_or(rest.len());
                let word = rest.get(..len).unwrap_or("");
                let end = start + len;
                let tok = if let Some(var) = word.strip_prefix('$') {
                    Tok::Variable(var.to_string())
                } else {
                    match word {
                        "and" => Tok::Op(Op::And),
                        "or" => Tok::Op(Op::Or),
                        "in" => Tok::Op(Op::In),
                        "true" => Tok::Bool(true),
                        "false" => Tok::Bool(false),
                        "null" => Tok::Null,
                        _ => Tok::Name(word.to_string()),
                    }
                };
                Ok(self.token(tok, start, end))
            }
        }
    }

    /// JSON number syntax without a sign (a leading `-` is the unary operator):
    /// `0|[1-9][0-9]*` then optional `.digits` and optional exponent. `420.` stops before the
    /// dot, which the parser then rejects as in jsonata-js.
    fn number(&mut self, start: usize) -> Result<Token, Error> {
        let b = self.rest().as_bytes();
        let digits = |from: usize| {
            b.get(from..)
                .map_or(0, |s| s.iter().take_while(|c| c.is_ascii_digit()).count())
        };
        let mut len = if b.first() == Some(&b'0') {
            1
        } else {
            digits(0)
        };
        if b.get(len) == Some(&b'.') {
            let frac = digits(len + 1);
            if frac > 0 {
                len += 1 + frac;
            }
        }
        if matches!(b.get(len), Some(b'e' | b'E')) {
            let sign = usize::from(matches!(b.get(len + 1), Some(b'+' | b'-')));
            let exp = digits(len + 1 + sign);
            if exp > 0 {
                len += 1 + sign + exp;
            }
        }
        let text = self.rest().get(..len).unwrap_or("");
        match text.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(self.token(Tok::Num(n), start, start + len)),
            _ => Err(Error::new(
                "S0102",
                start,
                format!(
                    "number {} is out of range: it does not fit a 64-bit float",
                    quote(text)
                ),
            )),
        }
    }

    /// A string in `quote` quotes with JSON escapes. jsonata-js reads `\u` escapes as UTF-16
    /// units; a surrogate pair becomes one character and a lone surrogate becomes U+FFFD.
    fn string(&mut self, start: usize, quote_char: char) -> Result<Token, Error> {
        let unterminated = || {
            Error::new(
                "S0101",
                start,
                format!(
                    "unterminated string: the `{quote_char}` opened here has no closing `{quote_char}`"
                ),
            )
        };
        let body_start = start + quote_char.len_utf8();
        let body = self.src.get(body_start..).unwrap_or("");
        let mut out = String::new();
        let mut iter = body.char_indices();
        let mut pending_high: Option<u16> = None;
        while let Some((i, c)) = iter.next() {
            if c == quote_char {
                flush_surrogate(&mut out, &mut pending_high);
                let end = body_start + i + c.len_utf8();
                return Ok(self.token(Tok::Str(out), start, end));
            }
            if c != '\\' {
                flush_surrogate(&mut out, &mut pending_high);
                out.push(c);
                continue;
            }
            let at = body_start + i;
            let Some((_, e)) = iter.next() else {
                return Err(Error::new(
                    "S0103",
                    at,
                    "unsupported escape sequence: `\\` at the end of the expression".to_string(),
                ));
            };
            let simple = match e {
                '"' => Some('"'),
                '\\' => Some('\\'),
                '/' => Some('/'),
                'b' => Some('\u{8}'),
                'f' => Some('\u{c}'),
                'n' => Some('\n'),
                'r' => Some('\r'),
                't' => Some('\t'),
                _ => None,
            };
            if let Some(s) = simple {
                flush_surrogate(&mut out, &mut pending_high);
                out.push(s);
                continue;
            }
            if e != 'u' {
                return Err(Error::new(
                    "S0103",
                    at,
                    format!(
                        "unsupported escape sequence `\\{}` in a string; the escapes are `\\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` and `\\uXXXX`",
                        e.escape_default()
                    ),
                ));
            }
            let hex: String = iter.clone().take(4).map(|(_, h)| h).collect();
            let all_hex = !hex.is_empty() && hex.chars().all(|h| h.is_ascii_hexdigit());
            if !all_hex || hex.len() < 4 {
                if all_hex {
                    // Fewer than four hex digits and then the end: jsonata-js skips past the
                    // end and reports the missing closing quote.
                    return Err(unterminated());
                }
                return Err(Error::new(
                    "S0104",
                    at,
                    format!(
                        "the escape sequence `\\u` must be followed by 4 hex digits, found {}",
                        quote(&format!("\\u{hex}"))
                    ),
                ));
            }
            for _ in 0..4 {
                iter.next();
            }
            let unit = u16::from_str_radix(&hex, 16).unwrap_or(0xFFFD);
            match unit {
                0xD800..=0xDBFF => {
                    flush_surrogate(&mut out, &mut pending_high);
                    pending_high = Some(unit);
                }
                0xDC00..=0xDFFF => match pending_high.take() {
                    Some(high) => {
                        let cp = 0x10000
                            + ((u32::from(high) - 0xD800) << 10)
                            + (u32::from(unit) - 0xDC00);
                        out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                    }
                    None => out.push('\u{FFFD}'),
                },
                _ => {
                    flush_surrogate(&mut out, &mut pending_high);
                    out.push(char::from_u32(u32::from(unit)).unwrap_or('\u{FFFD}'));
                }
            }
        }
        Err(unterminated())
    }

    /// A regular expression literal; `start` is at the opening `/`. The closing `/` is the
    /// first one that is not escaped and not inside `(..)`, `[..]` or `{..}` (counted as
    /// jsonata-js counts them: a bracket right after a backslash does not count).
    fn regex(&mut self, start: usize) -> Result<Token, Error> {
        let body_start = start + 1;
        let body = self.src.get(body_start..).unwrap_or("");
        let mut depth: i64 = 0;
        let mut backslashes = 0usize;
        let mut prev = '/';
        for (i, c) in body.char_indices() {
            if c == '/' && depth == 0 && backslashes % 2 == 0 {
                let pattern = body.get(..i).unwrap_or("");
                if pattern.is_empty() {
                    return Err(Error::new(
                        "S0301",
                        start,
                        "empty regular expression `//`: a regex needs a pattern; for an empty string use `''`"
                            .to_string(),
                    ));
                }
                if let Err((at, message)) = super::regex::check(pattern) {
                    return Err(Error::new(
                        BAD_REGEX,
                        body_start + at,
                        format!(
                            "invalid regular expression {}: {message}",
                            quote(&format!("/{pattern}/"))
                        ),
                    ));
                }
                let after = body.get(i + 1..).unwrap_or("");
                let flags_len = after.find(|f| f != 'i' && f != 'm').unwrap_or(after.len());
                let flags = after.get(..flags_len).unwrap_or("").to_string();
                if flags.matches('i').count() > 1 || flags.matches('m').count() > 1 {
                    return Err(Error::new(
                        BAD_REGEX,
                        body_start + i + 1,
                        format!(
                            "invalid regular expression flags {}: each flag may appear once",
                            quote(&flags)
                        ),
                    ));
                }
                let end = body_start + i + 1 + flags_len;
                let tok = Tok::Regex {
                    pattern: pattern.to_string(),
                    flags,
                };
                return Ok(self.token(tok, start, end));
            }
            if prev != '\\' {
                match c {
                    '(' | '[' | '{' => depth += 1,
                    ')' | ']' | '}' => depth -= 1,
                    _ => {}
                }
            }
            backslashes = if c == '\\' { backslashes + 1 } else { 0 };
            prev = c;
        }
        Err(Error::new(
            "S0302",
            start,
            "unterminated regular expression: no closing `/` (a `/` inside `(..)`, `[..]` or `{..}` does not close it)"
                .to_string(),
        ))
    }
}

fn flush_surrogate(out: &mut String, pending: &mut Option<u16>) {
    if pending.take().is_some() {
        out.push('\u{FFFD}');
    }
}
