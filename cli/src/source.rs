//! Positioned documents: a JSON-shaped tree whose every value and key knows
//! the bytes of the file it came from, the JSON parser that builds one, and
//! the look-up from a byte offset to a line and column.

use builder_core::json::{Json, Number};

/// Deepest nesting of arrays and objects the parsers accept: deeper input is
/// a syntax error, never a stack overflow. (The library's reader follows 128
/// levels of JSON and 64 of Parallel/Map; this leaves it room to report.)
pub const MAX_DEPTH: usize = 256;

/// A range of bytes of the file, `start..end`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

/// How a string was written: what maps an offset inside its value back to
/// the file (see `embedded`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// A JSON string (`"..."` with JSON escapes).
    Json,
    /// A YAML plain scalar.
    Plain,
    /// A YAML `'...'` scalar.
    SingleQuoted,
    /// A YAML `"..."` scalar.
    DoubleQuoted,
    /// A YAML `|` block.
    Literal,
    /// A YAML `>` block.
    Folded,
}

/// A value and where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The bytes of the value (of its tag too, in YAML).
    pub span: Span,
    /// The value.
    pub value: Value,
}

/// A value whose children are positioned [`Node`]s.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string, and how it was written.
    String(String, Style),
    /// An array.
    Array(Vec<Node>),
    /// An object, in order, duplicates kept.
    Object(Vec<Member>),
}

/// One key of an object, and its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The key.
    pub key: String,
    /// The bytes of the key.
    pub key_span: Span,
    /// The value.
    pub value: Node,
}

impl Node {
    /// A node.
    pub fn new(span: Span, value: Value) -> Node {
        Node { span, value }
    }

    /// The members, when this is an object.
    pub fn members(&self) -> Option<&[Member]> {
        match &self.value {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The first member named `key`, when this is an object.
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.members()?.iter().find(|m| m.key == key)
    }

    /// The value of the first member named `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.member(key).map(|m| &m.value)
    }

    /// The string, when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s, _) => Some(s),
            _ => None,
        }
    }

    /// The items, when this is an array.
    pub fn items(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The value without positions, for the library.
    pub fn to_json(&self) -> Json {
        match &self.value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => Json::Number(*n),
            Value::String(s, _) => Json::String(s.clone()),
            Value::Array(items) => Json::Array(items.iter().map(Node::to_json).collect()),
            Value::Object(members) => Json::Object(
                members
                    .iter()
                    .map(|m| (m.key.clone(), m.value.to_json()))
                    .collect(),
            ),
        }
    }

    /// Replaces every span (of values and keys) by `f` of it.
    pub fn map_spans(&mut self, f: &impl Fn(Span) -> Span) {
        self.span = f(self.span);
        match &mut self.value {
            Value::Array(items) => items.iter_mut().for_each(|n| n.map_spans(f)),
            Value::Object(members) => {
                for m in members {
                    m.key_span = f(m.key_span);
                    m.value.map_spans(f);
                }
            }
            _ => {}
        }
    }

    /// How many nodes this tree holds, and how deep it is (a scalar is 1).
    pub fn size_and_height(&self) -> (usize, usize) {
        let children: Box<dyn Iterator<Item = &Node>> = match &self.value {
            Value::Array(items) => Box::new(items.iter()),
            Value::Object(members) => Box::new(members.iter().map(|m| &m.value)),
            _ => return (1, 1),
        };
        children.fold((1, 1), |(size, height), child| {
            let (s, h) = child.size_and_height();
            (size + s, height.max(h + 1))
        })
    }
}

/// Text that is not JSON or YAML: what is wrong, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// The byte where the problem is.
    pub offset: usize,
    /// What is wrong, lower case.
    pub message: String,
}

impl SyntaxError {
    /// An error at `offset`.
    pub fn new(offset: usize, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            offset,
            message: message.into(),
        }
    }
}

/// A file's text and where its lines start: byte offsets to 1-based lines
/// and columns (columns count characters).
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    /// The line index of `text`.
    pub fn new(text: &'a str) -> Lines<'a> {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines { text, starts }
    }

    /// The largest char boundary at or before `offset` (clamped to the text).
    pub fn floor(&self, offset: usize) -> usize {
        let mut at = offset.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    /// The 1-based line and column of a byte.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let at = self.floor(offset);
        let line = self.starts.partition_point(|s| *s <= at).max(1);
        let start = self.starts[line - 1];
        (line, self.text[start..at].chars().count() + 1)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line(&self, line: usize) -> &'a str {
        let Some(&start) = self.starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self.starts.get(line).map_or(self.text.len(), |e| e - 1);
        let text = &self.text[start..end.max(start)];
        text.strip_suffix('\r').unwrap_or(text)
    }

    /// The byte where a 1-based line starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.wrapping_sub(1)).copied()
    }

    /// The text.
    pub fn text(&self) -> &'a str {
        self.text
    }
}

/// Parses JSON text (RFC 8259; a leading byte-order mark is skipped) into a
/// positioned tree. Linear in the input; nesting deeper than [`MAX_DEPTH`]
/// is an error.
pub fn parse_json(text: &str) -> Result<Node, SyntaxError> {
    let mut p = JsonParser {
        text,
        bytes: text.as_bytes(),
        at: if text.starts_with('\u{feff}') { 3 } else { 0 },
    };
    p.skip_space();
    let node = p.value(0)?;
    p.skip_space();
    if p.at < p.bytes.len() {
        return Err(p.error("unexpected text after the JSON value"));
    }
    Ok(node)
}

/// The JSON parser's cursor.
struct JsonParser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl JsonParser<'_> {
    fn error(&self, message: &str) -> SyntaxError {
        SyntaxError::new(self.at, message)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// What was found, for "expected X, found Y".
    fn found(&self) -> String {
        match self.text.get(self.at..).and_then(|s| s.chars().next()) {
            None => "the end of the file".to_owned(),
            Some(c) if c.is_control() => format!("{c:?}"),
            Some(c) => format!("`{c}`"),
        }
    }

    fn expected(&self, what: &str) -> SyntaxError {
        self.error(&format!("expected {what}, found {}", self.found()))
    }

    fn value(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        let start = self.at;
        let value = match self.peek() {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?, Style::Json),
            Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
            Some(b't') => self.word("true", Value::Bool(true))?,
            Some(b'f') => self.word("false", Value::Bool(false))?,
            Some(b'n') => self.word("null", Value::Null)?,
            _ => return Err(self.expected("a JSON value")),
        };
        Ok(Node::new(Span::new(start, self.at), value))
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, SyntaxError> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.expected("a JSON value"))
        }
    }

    fn enter(&self, depth: usize) -> Result<(), SyntaxError> {
        if depth >= MAX_DEPTH {
            Err(self.error(&format!(
                "arrays and objects are nested more than {MAX_DEPTH} levels deep"
            )))
        } else {
            Ok(())
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.enter(depth)?;
        self.at += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_space();
            items.push(self.value(depth + 1)?);
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.expected("`,` or `]`")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.enter(depth)?;
        self.at += 1;
        let mut members = Vec::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return Err(self.expected("a string key"));
            }
            let key_start = self.at;
            let key = self.string()?;
            let key_span = Span::new(key_start, self.at);
            self.skip_space();
            if self.peek() != Some(b':') {
                return Err(self.expected("`:`"));
            }
            self.at += 1;
            self.skip_space();
            let value = self.value(depth + 1)?;
            members.push(Member {
                key,
                key_span,
                value,
            });
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.expected("`,` or `}`")),
            }
        }
    }

    /// A string, the cursor on its opening quote.
    fn string(&mut self) -> Result<String, SyntaxError> {
        let open = self.at;
        self.at += 1;
        let mut out = String::new();
        loop {
            let run = self.at;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            // The run stops only at ASCII bytes, so it is whole characters.
            out.push_str(&self.text[run..self.at]);
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => out.push(self.escape()?),
                Some(_) => {
                    return Err(self.error(
                        "control character in a string (write it as an escape such as `\\n`)",
                    ))
                }
                None => return Err(SyntaxError::new(open, "unterminated string")),
            }
        }
    }

    /// One escape sequence, the cursor on its backslash.
    fn escape(&mut self) -> Result<char, SyntaxError> {
        let start = self.at;
        self.at += 1;
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.at += 1;
                let high = self.hex4(start)?;
                let code = if (0xD800..0xDC00).contains(&high) {
                    if !self.bytes[self.at..].starts_with(b"\\u") {
                        return Err(SyntaxError::new(
                            start,
                            "unpaired surrogate in a `\\u` escape",
                        ));
                    }
                    self.at += 2;
                    let low = self.hex4(start)?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(SyntaxError::new(
                            start,
                            "unpaired surrogate in a `\\u` escape",
                        ));
                    }
                    0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    high
                };
                return char::from_u32(code).ok_or_else(|| {
                    SyntaxError::new(start, "unpaired surrogate in a `\\u` escape")
                });
            }
            _ => return Err(SyntaxError::new(start, "invalid escape in a string")),
        };
        self.at += 1;
        Ok(c)
    }

    fn hex4(&mut self, escape: usize) -> Result<u32, SyntaxError> {
        let digits = self.bytes.get(self.at..self.at + 4).unwrap_or_default();
        let mut code = 0;
        for d in digits {
            let v = (*d as char).to_digit(16).ok_or_else(|| {
                SyntaxError::new(escape, "a `\\u` escape takes four hexadecimal digits")
            })?;
            code = code * 16 + v;
        }
        if digits.len() < 4 {
            return Err(SyntaxError::new(
                escape,
                "a `\\u` escape takes four hexadecimal digits",
            ));
        }
        self.at += 4;
        Ok(code)
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<Number, SyntaxError> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let int_start = self.at;
        let int_digits = self.digits();
        if int_digits == 0 {
            return Err(self.expected("a digit"));
        }
        if int_digits > 1 && self.bytes[int_start] == b'0' {
            return Err(SyntaxError::new(
                int_start,
                "a number cannot start with `0` followed by digits",
            ));
        }
        let mut float = false;
        if self.peek() == Some(b'.') {
            self.at += 1;
            float = true;
            if self.digits() == 0 {
                return Err(self.expected("a digit after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            float = true;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.expected("a digit in the exponent"));
            }
        }
        number(&self.text[start..self.at], float)
            .ok_or_else(|| SyntaxError::new(start, "number out of range"))
    }
}

/// A number from its digits (as JSON and YAML write them, already checked):
/// integers stay integers while they fit; `None` when it is infinite.
pub(crate) fn number(digits: &str, float: bool) -> Option<Number> {
    if !float {
        if let Ok(n) = digits.parse::<u64>() {
            return Some(Number::PosInt(n));
        }
        if let Ok(n) = digits.parse::<i64>() {
            return Some(if n == 0 {
                Number::PosInt(0)
            } else {
                Number::NegInt(n)
            });
        }
    }
    let x: f64 = digits.parse().ok()?;
    x.is_finite().then_some(Number::Float(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Node {
        parse_json(text).unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    #[test]
    fn values_and_key_positions() {
        let text = "{\n  \"a\": [1, -2, 3.5e1],\n  \"b\": {\"c\": null}\n}";
        let root = parse(text);
        let lines = Lines::new(text);
        let a = root.member("a").unwrap();
        assert_eq!(lines.line_col(a.key_span.start), (2, 3));
        assert_eq!(lines.line_col(a.value.span.start), (2, 8));
        let items = a.value.items().unwrap();
        assert_eq!(items[1].value, Value::Number(Number::NegInt(-2)));
        assert_eq!(items[2].value, Value::Number(Number::Float(35.0)));
        assert_eq!(&text[items[2].span.start..items[2].span.end], "3.5e1");
        let c = root.get("b").unwrap().member("c").unwrap();
        assert_eq!(lines.line_col(c.value.span.start), (3, 14));
        assert_eq!(lines.line(3), "  \"b\": {\"c\": null}");
    }

    #[test]
    fn escapes_and_unicode() {
        let root = parse(r#"["a\"b\\c\/\b\f\n\r\t", "\u00e9\ud83d\ude00", "été 😀"]"#);
        let items = root.items().unwrap();
        assert_eq!(items[0].as_str(), Some("a\"b\\c/\u{8}\u{c}\n\r\t"));
        assert_eq!(items[1].as_str(), Some("é😀"));
        assert_eq!(items[2].as_str(), Some("été 😀"));
        let text = "{\"é😀\": \"x\"}";
        let root = parse(text);
        let m = root.member("é😀").unwrap();
        assert_eq!(Lines::new(text).line_col(m.value.span.start), (1, 8));
    }

    #[test]
    fn errors_have_positions() {
        let cases = [
            ("{\"a\": 1,}", 8, "expected a string key"),
            ("{\"a\" 1}", 5, "expected `:`"),
            ("[1 2]", 3, "expected `,` or `]`"),
            ("\"abc", 0, "unterminated string"),
            ("\"a\\x\"", 2, "invalid escape"),
            ("\"\\ud800\"", 1, "unpaired surrogate"),
            ("\"\\u12\"", 1, "four hexadecimal digits"),
            ("01", 0, "cannot start with `0`"),
            ("1.", 2, "digit after the decimal point"),
            ("1e999", 0, "out of range"),
            ("tru", 0, "expected a JSON value"),
            ("{} x", 3, "unexpected text"),
            ("", 0, "found the end of the file"),
            ("\"a\nb\"", 2, "control character"),
        ];
        for (text, offset, message) in cases {
            let e = parse_json(text).expect_err(text);
            assert_eq!(e.offset, offset, "{text}: {e:?}");
            assert!(e.message.contains(message), "{text}: {e:?}");
        }
    }

    #[test]
    fn numbers_keep_integers() {
        let root = parse("[18446744073709551615, -9223372036854775808, 18446744073709551616, -0]");
        let items = root.items().unwrap();
        assert_eq!(items[0].value, Value::Number(Number::PosInt(u64::MAX)));
        assert_eq!(items[1].value, Value::Number(Number::NegInt(i64::MIN)));
        assert!(matches!(items[2].value, Value::Number(Number::Float(_))));
        assert_eq!(items[3].value, Value::Number(Number::PosInt(0)));
    }

    #[test]
    fn deep_nesting_is_an_error_not_an_overflow() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse_json(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let e = parse_json(&deep).unwrap_err();
        assert_eq!(e.offset, MAX_DEPTH);
        let very_deep = "[{\"a\":".repeat(100_000);
        assert!(parse_json(&very_deep).is_err());
    }

    #[test]
    fn bom_and_crlf() {
        let text = "\u{feff}{\r\n\"a\": 1\r\n}";
        let root = parse(text);
        let lines = Lines::new(text);
        assert_eq!(
            lines.line_col(root.member("a").unwrap().key_span.start),
            (2, 1)
        );
        assert_eq!(lines.line(2), "\"a\": 1");
    }

    #[test]
    fn to_json_keeps_order_and_duplicates() {
        let root = parse(r#"{"b": 1, "a": [true, "x"], "b": 2}"#);
        assert_eq!(
            root.to_json().to_json_string(),
            r#"{"b":1,"a":[true,"x"],"b":2}"#
        );
    }
}
