//! Checker for ASL intrinsic function calls (`States.Format('{}', $.name)`) and for the values
//! of `"key.$"` entries in payload templates.
//!
//! # Grammar
//!
//! ```text
//! call     = "States." name "(" ws ( arg ws ("," ws arg ws)* )? ")"   ; nothing before or after
//! arg      = 'string' | number | true | false | null | path | call
//! string   = "'" (char | "\'" | "\{" | "\}" | "\\")* "'"
//! number   = "-"? ("0" | [1-9][0-9]*) ("." [0-9]+)? ([eE] [+-]? [0-9]+)?
//! path     = a JSONPath or context path, see `crate::jsonpath` (`$$` allowed)
//! ws       = (" " | "\t")*
//! ```
//!
//! Sources: the ASL spec ("Intrinsic Functions", Appendix B) and the Step Functions developer
//! guide page on intrinsic functions. The 18 functions and their arities are those of the
//! developer guide, and match moto's (LocalStack's) parser, which is tested against AWS:
//!
//! | function | arguments |
//! | --- | --- |
//! | `States.Format` | template string, then one value per `{}` |
//! | `States.StringToJson` | string |
//! | `States.JsonToString` | path (the spec: "This argument must be a Path") |
//! | `States.Array` | 0 or more |
//! | `States.ArrayPartition` | array, chunk size (positive number) |
//! | `States.ArrayContains` | array, value |
//! | `States.ArrayRange` | start, end, step (numbers, step not 0) |
//! | `States.ArrayGetItem` | array, index (integer) |
//! | `States.ArrayLength`, `States.ArrayUnique` | array |
//! | `States.Base64Encode`, `States.Base64Decode` | string |
//! | `States.Hash` | data, algorithm (`MD5`, `SHA-1`, `SHA-256`, `SHA-384`, `SHA-512`) |
//! | `States.JsonMerge` | object, object, `false` (only shallow merge is supported) |
//! | `States.MathRandom` | start, end, optional seed (numbers) |
//! | `States.MathAdd` | 2 numbers |
//! | `States.StringSplit` | string, delimiter string |
//! | `States.UUID` | none |
//!
//! Literal arguments are checked against these types; paths and nested calls are not (their
//! values are only known at run time). Where the table says "numbers", Step Functions rounds a
//! decimal to the nearest integer (the developer guide; moto does the same), so decimals are
//! accepted there; a literal must still lie in the 32-bit integer range.
//!
//! # Decisions where the tools disagree
//!
//! References: asl-validator 4.0.0 (asl-path-validator's PEG grammar), statelint 1.30 (a
//! regular expression per function), amazon-states-language-service 1.16 (a regular
//! expression), moto 5.2 (LocalStack's ANTLR grammar) and the ASL spec / developer guide.
//!
//! * String escapes: only `\'`, `\{`, `\}` and `\\`, as the spec lists ("If an open escape
//!   backslash \ is found in the Intrinsic Function, the interpreter will throw a runtime
//!   error"). asl-validator refuses `\\` (its grammar excludes `\` and the letter `n` after a
//!   backslash, a bug) and accepts `\b`; moto accepts any escape.
//! * Literals: the spec allows strings, numbers, `null`, paths and nested calls; the developer
//!   guide uses `false` (`States.JsonMerge($.a, $.b, false)`), so `true`/`false` are accepted
//!   too. moto has no `null`; asl-validator refuses decimals (`1.5`) and moto crashes on them:
//!   both are accepted here, as the spec says "numbers". Double-quoted strings are refused
//!   (the spec says apostrophes; moto refuses them, asl-validator accepts them). Numbers follow
//!   JSON: `01`, `.5`, `+1` and `1.` are refused (asl-validator and moto accept `01`).
//! * Arity: checked per function as in the table (moto does the same); asl-validator and
//!   statelint only check a few.
//! * `States.Format`: the first argument must be a string (literal, path or call; moto refuses a
//!   number), and when it is a literal, the number of `{}` placeholders must equal the number
//!   of remaining arguments and lone `{` / `}` must be escaped (the spec: "There must be as many
//!   remaining arguments in the Invocation as there are occurrences of {}", and the reserved
//!   characters "MUST be escaped"). No validator checks this. Note that the developer guide's
//!   nesting example (`States.Format('{}.{}.{}', ...)` with 2 values) breaks this rule and is
//!   refused.
//! * An empty argument list must be written `()`: statelint and the language service refuse
//!   `States.UUID( )`. `States.Array()` is accepted (the developer guide: "zero or more
//!   arguments"; asl-validator and moto accept it) although statelint and the language service
//!   refuse it (their regular expressions want `\(.+\)`).
//! * Whitespace: spaces and tabs are allowed around arguments (all tools); a newline is refused
//!   (statelint refuses it); whitespace before `(`, before the call or after its `)` is refused
//!   (the spec: the name "MUST be followed immediately by" the argument list; asl-validator and
//!   statelint refuse leading and trailing whitespace).
//! * Nesting: at most 10 levels (the developer guide: "You can nest up to 10 intrinsic
//!   functions within a field"); no validator checks it. It also bounds recursion.
//! * Workflow variables (`$name`) are refused, as in `crate::jsonpath`; asl-validator and moto
//!   accept them.

use crate::jsonpath::{self, describe_char, excerpt, quote, PathKind};

/// How deeply intrinsic calls may nest (`States.A(States.B(...))` is 2 levels).
pub const MAX_NESTING: usize = 10;

/// The type a literal argument must have.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    /// Anything.
    Any,
    /// A string.
    Str,
    /// An integer.
    Int,
    /// A number; Step Functions rounds decimals to the nearest integer (`States.MathAdd`,
    /// `States.MathRandom`, `States.ArrayRange`, the chunk size of `States.ArrayPartition`).
    Num,
    /// An array: no literal is one, so it must come from a path or a call.
    Array,
    /// An object: no literal is one.
    Object,
    /// A path (the spec says so for `States.JsonToString`) or a call.
    NotLiteral,
    /// The literal `false` (or a path / call).
    False,
}

struct Func {
    name: &'static str,
    min: usize,
    /// `None`: no maximum.
    max: Option<usize>,
    /// Types of the first arguments; later arguments are `Want::Any`.
    args: &'static [Want],
}

const FUNCS: &[Func] = &[
    Func {
        name: "Format",
        min: 1,
        max: None,
        args: &[Want::Str],
    },
    Func {
        name: "StringToJson",
        min: 1,
        max: Some(1),
        args: &[Want::Str],
    },
    Func {
        name: "JsonToString",
        min: 1,
        max: Some(1),
        args: &[Want::NotLiteral],
    },
    Func {
        name: "Array",
        min: 0,
        max: None,
        args: &[],
    },
    Func {
        name: "ArrayPartition",
        min: 2,
        max: Some(2),
        args: &[Want::Array, Want::Num],
    },
    Func {
        name: "ArrayContains",
        min: 2,
        max: Some(2),
        args: &[Want::Array, Want::Any],
    },
    Func {
        name: "ArrayRange",
        min: 3,
        max: Some(3),
        args: &[Want::Num, Want::Num, Want::Num],
    },
    Func {
        name: "ArrayGetItem",
        min: 2,
        max: Some(2),
        args: &[Want::Array, Want::Int],
    },
    Func {
        name: "ArrayLength",
        min: 1,
        max: Some(1),
        args: &[Want::Array],
    },
    Func {
        name: "ArrayUnique",
        min: 1,
        max: Some(1),
        args: &[Want::Array],
    },
    Func {
        name: "Base64Encode",
        min: 1,
        max: Some(1),
        args: &[Want::Str],
    },
    Func {
        name: "Base64Decode",
        min: 1,
        max: Some(1),
        args: &[Want::Str],
    },
    Func {
        name: "Hash",
        min: 2,
        max: Some(2),
        args: &[Want::Any, Want::Str],
    },
    Func {
        name: "JsonMerge",
        min: 3,
        max: Some(3),
        args: &[Want::Object, Want::Object, Want::False],
    },
    Func {
        name: "MathRandom",
        min: 2,
        max: Some(3),
        args: &[Want::Num, Want::Num, Want::Num],
    },
    Func {
        name: "MathAdd",
        min: 2,
        max: Some(2),
        args: &[Want::Num, Want::Num],
    },
    Func {
        name: "StringSplit",
        min: 2,
        max: Some(2),
        args: &[Want::Str, Want::Str],
    },
    Func {
        name: "UUID",
        min: 0,
        max: Some(0),
        args: &[],
    },
];

const HASH_ALGORITHMS: &[&str] = &["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"];

/// True when `s` looks like an intrinsic call (starts with `States.` followed by an identifier
/// and `(`), so callers can choose which checker to run. Spaces or tabs between the name and
/// `(` still count, so that [`check_intrinsic`] can report them.
pub fn looks_like_intrinsic(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("States.") else {
        return false;
    };
    let name_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.')
        .count();
    name_len > 0
        && rest[name_len..]
            .trim_start_matches([' ', '\t'])
            .starts_with('(')
}

/// Full check of an intrinsic call: known function name, argument syntax (single-quoted
/// strings with the escapes `\'`, `\{`, `\}`, `\\`; numbers; `true`, `false`, `null`;
/// JSONPaths, checked with [`jsonpath`] with `$$` allowed; nested calls up to
/// [`MAX_NESTING`] levels), arity and literal argument types per function, balanced
/// parentheses and nothing after the closing parenthesis.
pub fn check_intrinsic(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Err(
            "empty intrinsic function call; write one like `States.Format('{}', $.name)`"
                .to_string(),
        );
    }
    if let Some(c) = s.chars().next().filter(|c| c.is_whitespace()) {
        return Err(format!(
            "{} at the start of {}; an intrinsic function call starts with `States.`",
            describe_char(c),
            quote(s)
        ));
    }
    let mut p = Parser { src: s, pos: 0 };
    p.call(1)?;
    if p.pos < s.len() {
        let rest = &s[p.pos..];
        if rest.trim().is_empty() {
            return Err(format!(
                "trailing whitespace at position {} after the closing `)`",
                p.pos
            ));
        }
        return Err(format!(
            "unexpected {} at position {} after the closing `)`; an intrinsic function call \
             ends with its `)`",
            describe_char(rest.chars().next().unwrap_or(' ')),
            p.pos
        ));
    }
    Ok(())
}

/// The value of a `"key.$"` entry in a payload template (Parameters, ItemSelector,
/// ResultSelector, ...): a JSONPath (`$...` or `$$...`) or an intrinsic call; anything else is
/// an error that says so.
pub fn check_payload_value(s: &str) -> Result<(), String> {
    if s.starts_with('$') {
        return jsonpath::check_path(s, PathKind::Path, true);
    }
    if s.starts_with("States.") || looks_like_intrinsic(s) {
        return check_intrinsic(s);
    }
    const WANT: &str = "the value of a key ending in `.$` must be a path such as `$.field` or \
                        `$$.Execution.Id`, or an intrinsic function call such as \
                        `States.Format('{}', $.name)`";
    if s.is_empty() {
        return Err(format!("empty value; {WANT}"));
    }
    let trimmed = s.trim_start();
    if trimmed.len() != s.len() {
        let c = s.chars().next().unwrap_or(' ');
        return Err(format!(
            "{} at the start of {}; {WANT}",
            describe_char(c),
            quote(s)
        ));
    }
    if s.len() > 7 && s.is_char_boundary(7) && s[..7].eq_ignore_ascii_case("States.") {
        // `states.format(...)`: let the intrinsic checker suggest the right spelling.
        return check_intrinsic(s);
    }
    if s.starts_with("{%") {
        return Err(format!(
            "{} is a JSONata expression, which is not allowed in a JSONPath payload template; \
             {WANT}",
            quote(s)
        ));
    }
    Err(format!(
        "{} is neither a path nor an intrinsic function call; {WANT}; to pass it as a literal \
         value, drop `.$` from the key",
        quote(s)
    ))
}

/// What an argument turned out to be.
#[derive(Clone, Copy, PartialEq)]
enum Arg {
    Str {
        /// `{}` placeholders in it.
        placeholders: usize,
        /// Byte position of the first `{` or `}` that is neither escaped nor part of `{}`.
        lone_brace: Option<usize>,
        /// Byte range of the text between the quotes (escapes not decoded).
        inner: (usize, usize),
    },
    /// A number; `integral` when written without a fraction or exponent.
    Num {
        value: f64,
        integral: bool,
    },
    Bool(bool),
    Null,
    Path,
    Call,
}

impl Arg {
    fn describe(self) -> &'static str {
        match self {
            Arg::Str { .. } => "a string",
            Arg::Num { integral: true, .. } => "a number",
            Arg::Num { .. } => "a decimal number",
            Arg::Bool(_) => "a boolean",
            Arg::Null => "`null`",
            Arg::Path => "a path",
            Arg::Call => "a function call",
        }
    }

    fn is_literal(self) -> bool {
        !matches!(self, Arg::Path | Arg::Call)
    }
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(' ') | Some('\t')) {
            self.pos += 1;
        }
    }

    /// A call starting at the current position, `depth` levels deep.
    fn call(&mut self, depth: usize) -> Result<(), String> {
        let start = self.pos;
        let prefix_ok = self.rest().starts_with("States.");
        let prefix_other_case = !prefix_ok
            && self
                .rest()
                .get(..7)
                .is_some_and(|p| p.eq_ignore_ascii_case("States."));
        if !prefix_ok && !prefix_other_case {
            return Err(format!(
                "expected an intrinsic function at position {start}, found {}; intrinsic \
                 functions start with `States.`, like `States.Format('{{}}', $.name)`",
                quote(self.rest())
            ));
        }
        self.pos += "States.".len();
        let name_start = self.pos;
        let name_len = self
            .rest()
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.')
            .count();
        self.pos += name_len;
        let name = &self.src[name_start..self.pos];
        if name.is_empty() {
            return Err(format!(
                "expected a function name after `States.` at position {name_start}; {}",
                known_list()
            ));
        }
        let func = FUNCS.iter().find(|f| f.name == name);
        let Some(func) = func.filter(|_| prefix_ok) else {
            return Err(unknown_function(&self.src[start..self.pos]));
        };
        let full = format!("States.{}", func.name);
        match self.peek() {
            Some('(') => {}
            Some(c) if c.is_whitespace() => {
                return Err(format!(
                    "unexpected {} at position {} between `{full}` and `(`; write `{full}(...)`",
                    describe_char(c),
                    self.pos
                ))
            }
            None => {
                return Err(format!(
                    "expected `(` after `{full}` at position {}; write `{full}(...)`",
                    self.pos
                ))
            }
            Some(c) => {
                return Err(format!(
                    "expected `(` after `{full}` at position {}, found {}; intrinsic function \
                     names contain only letters, digits and `_`",
                    self.pos,
                    describe_char(c)
                ))
            }
        }
        if depth > MAX_NESTING {
            return Err(format!(
                "intrinsic functions nest more than {MAX_NESTING} levels deep at position \
                 {start}; Step Functions allows up to {MAX_NESTING}"
            ));
        }
        let open = self.pos;
        self.pos += 1;
        let mut args: Vec<(Arg, usize)> = Vec::new();
        self.skip_ws();
        if self.peek() == Some(')') {
            if self.pos != open + 1 {
                return Err(format!(
                    "empty argument list with spaces at position {open}; write `{full}()`"
                ));
            }
            self.pos += 1;
        } else {
            loop {
                let at = self.pos;
                let arg = self.arg(depth, open, &full)?;
                args.push((arg, at));
                let ws = self.pos;
                self.skip_ws();
                if arg == Arg::Path && self.pos > ws && matches!(self.peek(), Some('.' | '[')) {
                    return Err(format!(
                        "unexpected {} at position {ws}; a path cannot contain spaces",
                        describe_char(self.src[ws..].chars().next().unwrap_or(' '))
                    ));
                }
                match self.peek() {
                    Some(',') => {
                        self.pos += 1;
                        self.skip_ws();
                        if self.peek() == Some(')') {
                            return Err(format!(
                                "trailing `,` at position {} in `{full}(...)`; remove it or \
                                 add an argument",
                                self.pos - 1
                            ));
                        }
                    }
                    Some(')') => {
                        self.pos += 1;
                        break;
                    }
                    None => return Err(unclosed_call(open, &full)),
                    Some(c) => {
                        return Err(format!(
                            "expected `,` or `)` at position {} in `{full}(...)`, found {}",
                            self.pos,
                            describe_char(c)
                        ))
                    }
                }
            }
        }
        check_args(self.src, func, &full, &args)
    }

    /// One argument of the call whose `(` is at `open`.
    fn arg(&mut self, depth: usize, open: usize, full: &str) -> Result<Arg, String> {
        let at = self.pos;
        let Some(c) = self.peek() else {
            return Err(unclosed_call(open, full));
        };
        match c {
            '\'' => self.string(),
            '"' => Err(format!(
                "double-quoted string at position {at}; strings in intrinsic functions use \
                 single quotes, like `'text'`"
            )),
            '$' => {
                self.pos = jsonpath::scan_path(self.src, at, PathKind::Path, true)?;
                Ok(Arg::Path)
            }
            '-' | '0'..='9' => self.number(),
            ',' => Err(format!(
                "missing argument before `,` at position {at} in `{full}(...)`"
            )),
            '\n' | '\r' => Err(format!(
                "{} at position {at}; an intrinsic function call must be on one line",
                describe_char(c)
            )),
            _ => {
                if self.rest().starts_with("States.") {
                    self.call(depth + 1)?;
                    return Ok(Arg::Call);
                }
                for (word, arg) in [
                    ("true", Arg::Bool(true)),
                    ("false", Arg::Bool(false)),
                    ("null", Arg::Null),
                ] {
                    if self.rest().starts_with(word)
                        && !self.rest()[word.len()..]
                            .chars()
                            .next()
                            .is_some_and(is_word_char)
                    {
                        self.pos += word.len();
                        return Ok(arg);
                    }
                }
                let word_len: usize = self
                    .rest()
                    .chars()
                    .take_while(|&c| is_word_char(c) || c == '.')
                    .map(char::len_utf8)
                    .sum();
                let word = &self.rest()[..word_len];
                let next = self.rest()[word_len..].chars().next();
                if !word.is_empty() && next == Some('(') {
                    let name = word.rsplit('.').next().unwrap_or(word);
                    let hint = match FUNCS.iter().find(|f| f.name.eq_ignore_ascii_case(name)) {
                        Some(f) => format!("; did you mean `States.{}`?", f.name),
                        None => String::new(),
                    };
                    return Err(format!(
                        "unknown function `{}` at position {at}; intrinsic functions start with \
                         `States.`{hint}",
                        excerpt(word, 32)
                    ));
                }
                if word.starts_with('.') && word[1..].starts_with(|c: char| c.is_ascii_digit()) {
                    return Err(format!(
                        "invalid number at position {at}: write a digit before the `.`, like \
                         `0{}`",
                        excerpt(word, 24)
                    ));
                }
                if !word.is_empty() {
                    return Err(format!(
                        "unexpected `{}` at position {at}; an argument is a 'string', a number, \
                         `true`, `false`, `null`, a path like `$.field` or a `States.` call \
                         (strings need single quotes)",
                        excerpt(word, 32)
                    ));
                }
                Err(format!(
                    "unexpected {} at position {at}; an argument is a 'string', a number, \
                     `true`, `false`, `null`, a path like `$.field` or a `States.` call",
                    describe_char(c)
                ))
            }
        }
    }

    /// A single-quoted string starting at the current `'`.
    fn string(&mut self) -> Result<Arg, String> {
        let open = self.pos;
        self.pos += 1;
        let mut placeholders = 0;
        let mut lone_brace = None;
        loop {
            let Some(c) = self.peek() else {
                return Err(format!(
                    "unclosed string: the `'` at position {open} has no closing `'` (write \
                     `\\'` for a quote inside a string)"
                ));
            };
            let at = self.pos;
            self.pos += c.len_utf8();
            match c {
                '\'' => {
                    return Ok(Arg::Str {
                        placeholders,
                        lone_brace,
                        inner: (open + 1, at),
                    })
                }
                '\\' => match self.peek() {
                    Some('\'' | '{' | '}' | '\\') => self.pos += 1,
                    Some(e) => {
                        return Err(format!(
                            "invalid escape `\\{}` at position {at}; strings in intrinsic \
                             functions only allow `\\'`, `\\{{`, `\\}}` and `\\\\`",
                            excerpt(&e.to_string(), 1)
                        ))
                    }
                    None => {
                        return Err(format!(
                            "unclosed string: the `'` at position {open} has no closing `'`"
                        ))
                    }
                },
                '{' => {
                    if self.peek() == Some('}') {
                        self.pos += 1;
                        placeholders += 1;
                    } else if lone_brace.is_none() {
                        lone_brace = Some(at);
                    }
                }
                '}' if lone_brace.is_none() => lone_brace = Some(at),
                _ => {}
            }
        }
    }

    /// A JSON-style number starting at the current `-` or digit.
    fn number(&mut self) -> Result<Arg, String> {
        let start = self.pos;
        let bad = |at: usize, what: &str| {
            format!("invalid number at position {at}: {what}; numbers look like `3`, `-1` or `2.5`")
        };
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        while matches!(self.peek(), Some('0'..='9')) {
            self.pos += 1;
        }
        let int_digits = &self.src[int_start..self.pos];
        if int_digits.is_empty() {
            return Err(bad(start, "expected a digit after `-`"));
        }
        if int_digits.len() > 1 && int_digits.starts_with('0') {
            return Err(bad(start, "leading zeros are not allowed"));
        }
        let mut integral = true;
        if self.peek() == Some('.') {
            self.pos += 1;
            let frac = self.pos;
            while matches!(self.peek(), Some('0'..='9')) {
                self.pos += 1;
            }
            if self.pos == frac {
                return Err(bad(start, "expected a digit after `.`"));
            }
            integral = false;
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some('+' | '-')) {
                self.pos += 1;
            }
            let exp = self.pos;
            while matches!(self.peek(), Some('0'..='9')) {
                self.pos += 1;
            }
            if self.pos == exp {
                return Err(bad(start, "expected a digit in the exponent"));
            }
            integral = false;
        }
        if self.peek().is_some_and(|c| is_word_char(c) || c == '.') {
            return Err(bad(start, "unexpected characters after the digits"));
        }
        let value = self.src[start..self.pos]
            .parse::<f64>()
            .unwrap_or(f64::INFINITY);
        Ok(Arg::Num { value, integral })
    }
}

/// Arity and literal types.
fn check_args(src: &str, func: &Func, full: &str, args: &[(Arg, usize)]) -> Result<(), String> {
    let n = args.len();
    let arity = match (func.min, func.max) {
        (0, Some(0)) => Some("takes no arguments".to_string()),
        (min, Some(max)) if min == max => Some(format!(
            "takes exactly {min} argument{}",
            if min == 1 { "" } else { "s" }
        )),
        (min, Some(max)) => Some(format!("takes {min} or {max} arguments")),
        (min, None) => Some(format!(
            "takes at least {min} argument{}",
            if min == 1 { "" } else { "s" }
        )),
    };
    let too_few = n < func.min;
    let too_many = func.max.is_some_and(|max| n > max);
    if too_few || too_many {
        return Err(format!(
            "`{full}` {}, found {n}{}",
            arity.unwrap_or_default(),
            usage(func.name)
        ));
    }
    for (i, &(arg, at)) in args.iter().enumerate() {
        let want = func.args.get(i).copied().unwrap_or(Want::Any);
        if !arg.is_literal() {
            continue;
        }
        let nth = ordinal(i);
        let wrong = |expected: &str| {
            format!(
                "the {nth} argument of `{full}` must be {expected}, found {} at position {at}{}",
                arg.describe(),
                usage(func.name)
            )
        };
        match want {
            Want::Any => {}
            Want::Str => {
                if !matches!(arg, Arg::Str { .. }) {
                    return Err(wrong("a string"));
                }
            }
            Want::Int | Want::Num => {
                let Arg::Num { value, integral } = arg else {
                    return Err(wrong(if want == Want::Int {
                        "an integer"
                    } else {
                        "a number"
                    }));
                };
                if want == Want::Int && !integral {
                    return Err(wrong("an integer"));
                }
                let rounded = value.round();
                if !(f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&rounded) {
                    return Err(format!(
                        "the {nth} argument of `{full}` at position {at} is outside the 32-bit \
                         integer range"
                    ));
                }
                if func.name == "ArrayRange" && i == 2 && rounded == 0.0 {
                    return Err(format!(
                        "the step of `{full}` at position {at} must not be 0"
                    ));
                }
                if func.name == "ArrayPartition" && i == 1 && rounded <= 0.0 {
                    return Err(format!(
                        "the chunk size of `{full}` at position {at} must be a positive integer"
                    ));
                }
            }
            Want::Array => {
                return Err(wrong(
                    "an array (a path like `$.list` or a `States.Array(...)` call)",
                ))
            }
            Want::Object => return Err(wrong("an object (a path like `$.object`)")),
            Want::NotLiteral => return Err(wrong("a path, like `$.object`")),
            Want::False => {
                if arg != Arg::Bool(false) {
                    return Err(wrong(
                        "`false` (Step Functions only supports shallow merges)",
                    ));
                }
            }
        }
    }
    if func.name == "Format" {
        if let Some(&(
            Arg::Str {
                placeholders,
                lone_brace,
                ..
            },
            at,
        )) = args.first()
        {
            if let Some(pos) = lone_brace {
                return Err(format!(
                    "unescaped brace at position {pos} in the `States.Format` template; write \
                     `{{}}` for a placeholder, or `\\{{` and `\\}}` for literal braces"
                ));
            }
            let values = n - 1;
            if placeholders != values {
                return Err(format!(
                    "the `States.Format` template at position {at} has {placeholders} `{{}}` \
                     placeholder{} but {values} value{} follow{}",
                    if placeholders == 1 { "" } else { "s" },
                    if values == 1 { "" } else { "s" },
                    if values == 1 { "s" } else { "" }
                ));
            }
        }
    }
    if func.name == "Hash" {
        if let Some(&(Arg::Str { inner, .. }, at)) = args.get(1) {
            let alg = src.get(inner.0..inner.1).unwrap_or("");
            // Names with escapes are left alone (no algorithm name needs one).
            if !alg.contains('\\') && !HASH_ALGORITHMS.contains(&alg) {
                return Err(format!(
                    "unknown hash algorithm `{}` at position {at}; `States.Hash` supports {}",
                    excerpt(alg, 32),
                    HASH_ALGORITHMS
                        .iter()
                        .map(|a| format!("`{a}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
    }
    Ok(())
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn ordinal(i: usize) -> &'static str {
    ["first", "second", "third", "fourth"]
        .get(i)
        .copied()
        .unwrap_or("next")
}

/// A usage example appended to arity and type errors.
fn usage(name: &str) -> &'static str {
    match name {
        "Format" => "; usage: `States.Format('Hello, {}', $.name)`",
        "StringToJson" => "; usage: `States.StringToJson($.escapedJson)`",
        "JsonToString" => "; usage: `States.JsonToString($.object)`",
        "ArrayPartition" => "; usage: `States.ArrayPartition($.list, 4)`",
        "ArrayContains" => "; usage: `States.ArrayContains($.list, $.value)`",
        "ArrayRange" => "; usage: `States.ArrayRange(1, 9, 2)` (start, end, step)",
        "ArrayGetItem" => "; usage: `States.ArrayGetItem($.list, 0)`",
        "ArrayLength" => "; usage: `States.ArrayLength($.list)`",
        "ArrayUnique" => "; usage: `States.ArrayUnique($.list)`",
        "Base64Encode" => "; usage: `States.Base64Encode($.text)`",
        "Base64Decode" => "; usage: `States.Base64Decode($.base64)`",
        "Hash" => "; usage: `States.Hash($.data, 'SHA-256')`",
        "JsonMerge" => "; usage: `States.JsonMerge($.a, $.b, false)`",
        "MathRandom" => {
            "; usage: `States.MathRandom(1, 100)` or `States.MathRandom(1, 100, $.seed)`"
        }
        "MathAdd" => "; usage: `States.MathAdd($.count, 1)`",
        "StringSplit" => "; usage: `States.StringSplit($.csv, ',')`",
        "UUID" => "; usage: `States.UUID()`",
        _ => "",
    }
}

fn unclosed_call(open: usize, full: &str) -> String {
    format!("unclosed `(` at position {open} of `{full}(...)`; add the closing `)`")
}

fn known_list() -> String {
    let names: Vec<String> = FUNCS.iter().map(|f| format!("States.{}", f.name)).collect();
    format!("the intrinsic functions are {}", names.join(", "))
}

/// Error for an unknown function, `full` being the whole name (`States.Fromat`), suggesting
/// the closest known one.
fn unknown_function(full: &str) -> String {
    let shown = excerpt(full, 40);
    let name = full.get(7..).unwrap_or("");
    let best = FUNCS
        .iter()
        .map(|f| (distance(name, f.name), f.name))
        .min_by_key(|&(d, _)| d);
    match best {
        Some((d, close)) if d <= 3 || name.eq_ignore_ascii_case(close) => {
            format!("unknown intrinsic function `{shown}`; did you mean `States.{close}`?")
        }
        _ => format!("unknown intrinsic function `{shown}`; {}", known_list()),
    }
}

/// Case-insensitive edit distance; only the first 32 characters of `a` count (names are short).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(32).flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) {
        if let Err(e) = check_intrinsic(s) {
            panic!("{s:?} should be accepted, got: {e}");
        }
        assert!(
            looks_like_intrinsic(s),
            "{s:?} should look like an intrinsic"
        );
        if let Err(e) = check_payload_value(s) {
            panic!("{s:?} should be accepted as a payload value, got: {e}");
        }
    }

    fn err(s: &str) -> String {
        match check_intrinsic(s) {
            Ok(()) => panic!("{s:?} should be rejected"),
            Err(e) => {
                assert!(!e.ends_with('.'), "message ends with a period: {e}");
                assert!(
                    e.chars().next().is_some_and(|c| !c.is_uppercase()),
                    "message starts upper case: {e}"
                );
                e
            }
        }
    }

    const ACCEPTED: &[&str] = &[
        "States.Format('{}', $.a)",
        "States.Format('Hello {} {}', $.a, $$.Execution.Id)",
        "States.Format('x')",
        "States.Format('')",
        "States.Format($.template, $.name)",
        "States.Format($.template)",
        "States.Format(States.Format('{}', $.a), $.b)",
        "States.Format('{}', States.UUID())",
        "States.Format('Welcome to {} {}\\'s playlist.', $.firstName, $.lastName)",
        "States.Format('a\\{b\\}')",
        "States.Format('a\\\\b')",
        "States.Format('{}\\{\\}', 1)",
        "States.Format('{}', 'a{b}c')",
        "States.Format('{}', null)",
        "States.Format('{}{}', true, 2.5)",
        "States.Format( '{}' , $.a )",
        "States.Format(\t'x'\t)",
        "States.Format('{}_{}',$$.Execution.Name,$['test-batch']['batch_id'])",
        "States.Format('日本 {} 😀', $.é)",
        // The developer guide's nesting example, with its template fixed to 2 placeholders
        // (it has `'{}.{}.{}'` for 2 values, which the spec forbids).
        "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))",
        "States.StringToJson($.s)",
        "States.StringToJson('{\"a\": 1}')",
        "States.JsonToString($.o)",
        "States.JsonToString($$.Execution.Input)",
        "States.Array()",
        "States.Array($.Id)",
        "States.Array(1, 'a', true, false, null, $.a, 1.5, -2, 1e3, -0.5E-2, 0)",
        "States.Array('Foo', 2020, $.someJson, null)",
        "States.Array(States.Array(States.Array()))",
        "States.Array($.a[?(@.b > 1)], $..c, $.d[*], $.e[0:2])",
        "States.Array($['a,b'], $['a)b'], $.a[?(@.b == 'x,y)')])",
        "States.Array($.a,$.b)",
        "States.ArrayPartition($.a, 2)",
        "States.ArrayPartition(States.ArrayRange(1, 10, 1), 4)",
        "States.ArrayContains($.a, 'x')",
        "States.ArrayContains($.a, $.b)",
        "States.ArrayRange(1, 9, 2)",
        "States.ArrayRange(9, 1, -2)",
        "States.ArrayRange($.start, $.end, $.step)",
        "States.ArrayGetItem($.a, 0)",
        "States.ArrayGetItem($.a, $.i)",
        "States.ArrayGetItem($.DescribeRecord.RecordOutputs[?(@.OutputKey == 'FooBar')].OutputValue, 0)",
        "States.ArrayLength($.a)",
        "States.ArrayLength(States.Array(1, 2))",
        "States.ArrayUnique($.a)",
        "States.Base64Encode('abc')",
        "States.Base64Encode($.text)",
        "States.Base64Decode($.b)",
        "States.Hash($.d, 'SHA-256')",
        "States.Hash('x', 'MD5')",
        "States.Hash($.d, $.alg)",
        "States.JsonMerge($.a, $.b, false)",
        "States.JsonMerge($.a, $.b, $.deep)",
        "States.MathRandom(1, 10)",
        "States.MathRandom(1, 10, 42)",
        "States.MathRandom($.start, $.end)",
        "States.MathAdd($.a, -1)",
        "States.MathAdd(-1, -1)",
        "States.MathAdd(States.ArrayLength($$.Execution.Input.machines),-1)",
        "States.MathAdd(2147483647, -2147483648)",
        // Step Functions rounds decimals to the nearest integer here.
        "States.MathAdd($.a, 1.5)",
        "States.MathRandom(0.5, 10.2)",
        "States.ArrayRange(1, 9.6, 2.4)",
        "States.ArrayPartition($.a, 2.0)",
        "States.StringSplit($.s, ',')",
        "States.StringSplit('a b', ' ')",
        "States.UUID()",
    ];

    #[test]
    fn accepts_valid_calls() {
        for s in ACCEPTED {
            ok(s);
        }
    }

    /// (call, a piece of the expected message)
    const REJECTED: &[(&str, &str)] = &[
        ("", "empty intrinsic function call"),
        (" States.UUID()", "a space at the start"),
        ("States.UUID() ", "trailing whitespace at position 13"),
        ("States.UUID()x", "unexpected `x` at position 13 after the closing `)`"),
        ("States.Format('x'))", "unexpected `)` at position 18 after the closing `)`"),
        ("States.Format ('x')", "a space at position 13 between `States.Format` and `(`"),
        ("States.Format", "expected `(` after `States.Format` at position 13"),
        ("States.Format[0]", "expected `(` after `States.Format`"),
        ("States.", "expected a function name after `States.` at position 7"),
        ("States.()", "expected a function name"),
        ("States.Foo($.a)", "unknown intrinsic function `States.Foo`; the intrinsic functions are States.Format"),
        ("States.Fromat('x')", "did you mean `States.Format`?"),
        ("States.format('x')", "did you mean `States.Format`?"),
        ("States.uuid()", "did you mean `States.UUID`?"),
        ("States.Concatenate($.a)", "the intrinsic functions are"),
        ("states.Format('x')", "unknown intrinsic function `states.Format`; did you mean `States.Format`?"),
        ("States.Format.X('x')", "unknown intrinsic function `States.Format.X`"),
        ("Format('x')", "intrinsic functions start with `States.`"),
        ("States.Format()", "`States.Format` takes at least 1 argument, found 0"),
        ("States.UUID(1)", "`States.UUID` takes no arguments, found 1"),
        ("States.UUID( )", "empty argument list with spaces at position 11; write `States.UUID()`"),
        ("States.Array( )", "write `States.Array()`"),
        ("States.JsonToString($.o, $.p)", "`States.JsonToString` takes exactly 1 argument, found 2"),
        ("States.ArrayRange(1, 9)", "`States.ArrayRange` takes exactly 3 arguments, found 2"),
        ("States.Hash($.d)", "`States.Hash` takes exactly 2 arguments, found 1; usage: `States.Hash($.data, 'SHA-256')`"),
        ("States.JsonMerge($.a, $.b)", "takes exactly 3 arguments, found 2"),
        ("States.MathRandom(1)", "`States.MathRandom` takes 2 or 3 arguments, found 1"),
        ("States.MathRandom(1, 2, 3, 4)", "takes 2 or 3 arguments, found 4"),
        ("States.MathAdd(1, 2, 3)", "takes exactly 2 arguments, found 3"),
        ("States.StringSplit($.s)", "takes exactly 2 arguments"),
        ("States.ArrayLength()", "takes exactly 1 argument, found 0"),
        ("States.Format('abc)", "unclosed string: the `'` at position 14"),
        ("States.Format('a'b')", "expected `,` or `)` at position 17 in `States.Format(...)`, found `b`"),
        ("States.Format('a\\nb')", "invalid escape `\\n` at position 16"),
        ("States.Format('a\\b')", "invalid escape `\\b`"),
        ("States.Format('a\\u0041')", "invalid escape `\\u`"),
        ("States.Format('a\\", "unclosed string"),
        ("States.Format(\"x\")", "double-quoted string at position 14"),
        ("States.Format('x',)", "trailing `,` at position 17"),
        ("States.Format('x', )", "trailing `,`"),
        ("States.Format(,'x')", "missing argument before `,` at position 14"),
        ("States.Format('x',,'y')", "missing argument before `,` at position 18"),
        ("States.Format(('x'))", "unexpected `(` at position 14"),
        ("States.Format('x'", "unclosed `(` at position 13 of `States.Format(...)`"),
        ("States.Format('x',", "unclosed `(`"),
        ("States.Format(", "unclosed `(`"),
        ("States.Array('a', 'b'", "unclosed `(` at position 12"),
        ("States.Array(1\n)", "expected `,` or `)` at position 14"),
        ("States.Array(\n1)", "a newline at position 13"),
        ("States.Format(1, $.a)", "the first argument of `States.Format` must be a string, found a number"),
        ("States.Format(null)", "must be a string, found `null`"),
        ("States.Format('{} {}', $.a)", "has 2 `{}` placeholders but 1 value follows"),
        ("States.Format('{}', $.a, $.b)", "has 1 `{}` placeholder but 2 values follow"),
        ("States.Format('x', $.a)", "has 0 `{}` placeholders but 1 value follows"),
        ("States.Format('{', $.a)", "unescaped brace at position 15"),
        ("States.Format('a}b')", "unescaped brace at position 16"),
        ("States.Format('{x}', 1)", "unescaped brace"),
        ("States.Format('\\{}', 1)", "unescaped brace at position 17"),
        ("States.Array($ .a)", "unexpected a space at position 14; a path cannot contain spaces"),
        ("States.Array($.a [0])", "unexpected a space at position 16; a path cannot contain spaces"),
        ("States.Array($.)", "expected a field name after `.` at position 14"),
        ("States.Array($.a[)", "unexpected `)` at position 17 inside `[...]`"),
        ("States.Array($.a b)", "expected `,` or `)` at position 17"),
        ("States.Array($foo)", "did you mean `$.foo`?"),
        ("States.Array($.length())", "function calls such as `length()`"),
        ("States.Array($.a[?(@.b =~ /x/)])", "regular expression"),
        ("States.Array(foo)", "unexpected `foo` at position 13"),
        ("States.Array(TRUE)", "unexpected `TRUE`"),
        ("States.Array(trueish)", "unexpected `trueish`"),
        ("States.Array(Format('x'))", "unknown function `Format` at position 13; intrinsic functions start with `States.`; did you mean `States.Format`?"),
        ("States.Array(01)", "leading zeros are not allowed"),
        ("States.Array(.5)", "invalid number at position 13: write a digit before the `.`, like `0.5`"),
        ("States.Array(+1)", "unexpected `+`"),
        ("States.Array(1.)", "expected a digit after `.`"),
        ("States.Array(1e)", "expected a digit in the exponent"),
        ("States.Array(-)", "expected a digit after `-`"),
        ("States.Array(1x)", "unexpected characters after the digits"),
        ("States.Array(1.5.2)", "unexpected characters after the digits"),
        ("States.Array(@.a)", "unexpected `@`"),
        ("States.JsonToString('x')", "the first argument of `States.JsonToString` must be a path"),
        ("States.StringToJson(1)", "must be a string, found a number"),
        ("States.ArrayLength('abc')", "must be an array"),
        ("States.ArrayUnique(null)", "must be an array"),
        ("States.ArrayContains(1, 1)", "must be an array"),
        ("States.ArrayGetItem($.a, 'x')", "the second argument of `States.ArrayGetItem` must be an integer, found a string"),
        ("States.ArrayGetItem($.a, 1.5)", "must be an integer, found a decimal number"),
        ("States.ArrayRange(1, 9, 0)", "the step of `States.ArrayRange` at position 24 must not be 0"),
        ("States.ArrayPartition($.a, 0)", "must be a positive integer"),
        ("States.ArrayPartition($.a, -1)", "must be a positive integer"),
        ("States.MathAdd('-1', 'abc')", "the first argument of `States.MathAdd` must be a number, found a string"),
        ("States.MathAdd($.a, 2147483648)", "outside the 32-bit integer range"),
        ("States.MathAdd($.a, 99999999999999999999)", "outside the 32-bit integer range"),
        ("States.MathAdd($.a, true)", "must be a number, found a boolean"),
        ("States.MathAdd($.a, 1e10)", "outside the 32-bit integer range"),
        ("States.ArrayRange(1, 9, 0.2)", "must not be 0"),
        ("States.MathRandom(1, 10, 'seed')", "the third argument of `States.MathRandom` must be a number"),
        ("States.Base64Encode(1)", "must be a string"),
        ("States.StringSplit($.s, 1)", "the second argument of `States.StringSplit` must be a string"),
        ("States.Hash($.d, 'SHA256')", "unknown hash algorithm `SHA256` at position 17; `States.Hash` supports `MD5`, `SHA-1`"),
        ("States.Hash($.d, 1)", "must be a string"),
        ("States.JsonMerge($.a, $.b, true)", "the third argument of `States.JsonMerge` must be `false`"),
        ("States.JsonMerge($.a, 'b', false)", "must be an object"),
    ];

    #[test]
    fn rejects_with_helpful_messages() {
        for (s, want) in REJECTED {
            let e = err(s);
            assert!(e.contains(want), "{s:?}: expected {want:?} in: {e}");
        }
    }

    #[test]
    fn nesting_limit() {
        let nest = |n: usize| {
            let mut s = String::new();
            for _ in 1..n {
                s.push_str("States.Array(");
            }
            s.push_str("States.UUID()");
            s.push_str(&")".repeat(n - 1));
            s
        };
        ok(&nest(1));
        ok(&nest(MAX_NESTING));
        let e = err(&nest(MAX_NESTING + 1));
        assert!(e.contains("nest more than 10 levels"), "{e}");
        // Far deeper input stops at the limit instead of overflowing the stack.
        let e = err(&nest(100_000));
        assert!(e.contains("nest more than 10 levels"), "{e}");
        let e = err(&"States.Array(".repeat(100_000));
        assert!(e.contains("nest more than 10 levels"), "{e}");
    }

    #[test]
    fn looks_like_intrinsic_table() {
        for s in [
            "States.Format('x')",
            "States.UUID()",
            "States.Foo(",
            "States.Format (1)",
            "States.A.B(",
        ] {
            assert!(looks_like_intrinsic(s), "{s:?}");
        }
        for s in [
            "",
            "States.",
            "States.(",
            "States.Format",
            "States.Format[0]",
            " States.UUID()",
            "states.format('x')",
            "$.States.Format(",
            "Format('x')",
            "States.é(",
        ] {
            assert!(!looks_like_intrinsic(s), "{s:?}");
        }
    }

    #[test]
    fn payload_values() {
        for s in [
            "$",
            "$.a",
            "$.a[*].b",
            "$..x",
            "$.a[?(@.b > 1)]",
            "$$.Execution.Id",
            "$$.Map.Item.Value",
            "$$.Task.Token",
            "States.UUID()",
            "States.Format('{}', $$.Execution.Name)",
        ] {
            if let Err(e) = check_payload_value(s) {
                panic!("{s:?} should be accepted: {e}");
            }
        }
        let cases: &[(&str, &str)] = &[
            ("", "empty value"),
            ("foo", "`foo` is neither a path nor an intrinsic function call; the value of a key ending in `.$` must be"),
            ("foo", "drop `.$` from the key"),
            ("42", "neither a path nor an intrinsic"),
            (" $.a", "a space at the start"),
            ("$.a ", "trailing whitespace"),
            ("$.", "path ends with `.`"),
            ("$foo", "did you mean `$.foo`?"),
            ("states.format('x')", "did you mean `States.Format`?"),
            ("STATES.UUID()", "did you mean `States.UUID`?"),
            ("States.Format", "expected `(` after `States.Format`"),
            ("States.Format ('x')", "between `States.Format` and `(`"),
            ("States.Nope()", "unknown intrinsic function `States.Nope`"),
            ("{% $states.input %}", "JSONata expression"),
        ];
        for (s, want) in cases {
            match check_payload_value(s) {
                Ok(()) => panic!("{s:?} should be rejected"),
                Err(e) => assert!(e.contains(want), "{s:?}: expected {want:?} in: {e}"),
            }
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        let huge_string = format!("States.Format('{}')", "x".repeat(1_000_000));
        ok(&huge_string);
        let many_args = format!("States.Array({}1)", "1, ".repeat(200_000));
        ok(&many_args);
        let huge_name = format!("States.{}()", "A".repeat(1_000_000));
        let e = err(&huge_name);
        assert!(
            e.len() < 600,
            "message should stay short: {} bytes",
            e.len()
        );
        let samples = [
            "States.Format('{} é 😀 \\' {}{}{}', $.a[?(@.b == 'ü')], States.ArrayGetItem($$.x, -1), null, 1.5e3)",
            "States.JsonMerge($.a, States.StringToJson('{\"k\": [1, 2]}'), false)",
        ];
        for s in samples {
            ok(s);
            for (i, _) in s.char_indices() {
                let _ = check_intrinsic(&s[..i]);
                let _ = check_intrinsic(&s[i..]);
                let _ = check_payload_value(&s[..i]);
                let _ = check_payload_value(&s[i..]);
                let _ = looks_like_intrinsic(&s[i..]);
            }
        }
        for s in [
            "\u{0}",
            "States.\u{0}(",
            "States.Format('\u{0}')",
            "States.Array(\u{1F600})",
            "States.Array($\u{1F600})",
            "States.Array('",
            "States.Array(-",
            "States.Array(t",
            "States.Array(States.",
            "States.ÄÖ()",
            "States.Format('{}', $.日本)",
        ] {
            let _ = check_intrinsic(s);
            let _ = check_payload_value(s);
            let _ = looks_like_intrinsic(s);
        }
    }
}
