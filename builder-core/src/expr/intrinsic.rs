//! Parser for ASL intrinsic function calls (`States.Format('{}', $.name)`) and for the values
//! of `"key.$"` entries in payload templates. [`parse_call`] builds a [`Call`] tree whose
//! arguments carry their byte ranges ([`Span`]); `Display` writes a call back in a canonical
//! form (arguments separated by `, `) that parses to the same tree.
//!
//! # Grammar
//!
//! ```text
//! call     = "States." name "(" ws ( arg ws ("," ws arg ws)* )? ")"   ; nothing before or after
//! arg      = 'string' | number | true | false | null | path | call
//! string   = "'" (char | "\'" | "\{" | "\}" | "\\")* "'"
//! number   = "-"? ("0" | [1-9][0-9]*) ("." [0-9]+)? ([eE] [+-]? [0-9]+)?
//! path     = a JSONPath, context or variable path, see `crate::expr::path` (`$$` allowed)
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
//! * Workflow variables (`$name`) in path arguments follow the caller's choice, as in
//!   [`crate::expr::path`]: [`parse_call`] refuses them, [`parse_payload_value`] accepts them
//!   when its options allow them (asl-validator and moto accept them).

use std::fmt;

use crate::expr::path::{self, Path, PathKind, PathOptions, Span};
use crate::expr::text::{describe_char, excerpt, quote};
use crate::expr::ExprError;

/// How deeply intrinsic calls may nest (`States.A(States.B(...))` is 2 levels).
pub const MAX_NESTING: usize = 10;

/// An intrinsic function.
#[allow(clippy::upper_case_acronyms)] // `UUID`, as Step Functions spells it
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Function {
    /// `States.Format`
    Format,
    /// `States.StringToJson`
    StringToJson,
    /// `States.JsonToString`
    JsonToString,
    /// `States.Array`
    Array,
    /// `States.ArrayPartition`
    ArrayPartition,
    /// `States.ArrayContains`
    ArrayContains,
    /// `States.ArrayRange`
    ArrayRange,
    /// `States.ArrayGetItem`
    ArrayGetItem,
    /// `States.ArrayLength`
    ArrayLength,
    /// `States.ArrayUnique`
    ArrayUnique,
    /// `States.Base64Encode`
    Base64Encode,
    /// `States.Base64Decode`
    Base64Decode,
    /// `States.Hash`
    Hash,
    /// `States.JsonMerge`
    JsonMerge,
    /// `States.MathRandom`
    MathRandom,
    /// `States.MathAdd`
    MathAdd,
    /// `States.StringSplit`
    StringSplit,
    /// `States.UUID`
    UUID,
}

impl Function {
    /// Every function, in the order of the developer guide's table.
    pub const ALL: [Function; 18] = [
        Function::Format,
        Function::StringToJson,
        Function::JsonToString,
        Function::Array,
        Function::ArrayPartition,
        Function::ArrayContains,
        Function::ArrayRange,
        Function::ArrayGetItem,
        Function::ArrayLength,
        Function::ArrayUnique,
        Function::Base64Encode,
        Function::Base64Decode,
        Function::Hash,
        Function::JsonMerge,
        Function::MathRandom,
        Function::MathAdd,
        Function::StringSplit,
        Function::UUID,
    ];

    /// The full name, as written in a call: `States.Format`.
    pub fn name(self) -> &'static str {
        match self {
            Function::Format => "States.Format",
            Function::StringToJson => "States.StringToJson",
            Function::JsonToString => "States.JsonToString",
            Function::Array => "States.Array",
            Function::ArrayPartition => "States.ArrayPartition",
            Function::ArrayContains => "States.ArrayContains",
            Function::ArrayRange => "States.ArrayRange",
            Function::ArrayGetItem => "States.ArrayGetItem",
            Function::ArrayLength => "States.ArrayLength",
            Function::ArrayUnique => "States.ArrayUnique",
            Function::Base64Encode => "States.Base64Encode",
            Function::Base64Decode => "States.Base64Decode",
            Function::Hash => "States.Hash",
            Function::JsonMerge => "States.JsonMerge",
            Function::MathRandom => "States.MathRandom",
            Function::MathAdd => "States.MathAdd",
            Function::StringSplit => "States.StringSplit",
            Function::UUID => "States.UUID",
        }
    }

    /// The function with this full name (`States.Format`; the case must match).
    pub fn from_name(name: &str) -> Option<Function> {
        Function::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The name after `States.`.
    fn short_name(self) -> &'static str {
        &self.name()["States.".len()..]
    }
}

impl fmt::Display for Function {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An intrinsic function call.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// The function called.
    pub function: Function,
    /// The arguments, in order.
    pub args: Vec<Arg>,
    /// From `States.` to the closing `)`.
    pub span: Span,
    /// The function name, `States.Format`.
    pub name_span: Span,
}

/// An argument of an intrinsic function call.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// A single-quoted string.
    String {
        /// The text, escapes decoded (`\'`, `\{`, `\}`, `\\`).
        value: String,
        /// Byte offsets in `value` of the `{}` placeholders written without escapes (those
        /// `States.Format` fills in); an escaped `\{\}` decodes to `{}` too but is not one.
        placeholders: Vec<usize>,
        /// The string with its quotes.
        span: Span,
    },
    /// A number.
    Number {
        /// The value; too large a number is infinite.
        value: f64,
        /// Whether it was written without a fraction or exponent.
        integral: bool,
        /// The number text.
        span: Span,
    },
    /// `true` or `false`.
    Bool(bool, Span),
    /// `null`.
    Null(Span),
    /// A path (`$.a`, `$$.Execution.Id`, `$var`).
    Path(Path),
    /// A nested call.
    Call(Box<Call>),
}

impl Arg {
    /// The source range of the argument.
    pub fn span(&self) -> Span {
        match self {
            Arg::String { span, .. }
            | Arg::Number { span, .. }
            | Arg::Bool(_, span)
            | Arg::Null(span) => *span,
            Arg::Path(path) => path.span,
            Arg::Call(call) => call.span,
        }
    }
}

/// The value of a `"key.$"` entry in a payload template.
#[derive(Clone, Debug, PartialEq)]
pub enum PayloadValue {
    /// A path (`$...`, `$$...` or a workflow variable).
    Path(Path),
    /// An intrinsic function call.
    Call(Call),
}

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
    function: Function,
    min: usize,
    /// `None`: no maximum.
    max: Option<usize>,
    /// Types of the first arguments; later arguments are `Want::Any`.
    args: &'static [Want],
}

const FUNCS: &[Func] = &[
    Func {
        function: Function::Format,
        min: 1,
        max: None,
        args: &[Want::Str],
    },
    Func {
        function: Function::StringToJson,
        min: 1,
        max: Some(1),
        args: &[Want::Str],
    },
    Func {
        function: Function::JsonToString,
        min: 1,
        max: Some(1),
        args: &[Want::NotLiteral],
    },
    Func {
        function: Function::Array,
        min: 0,
        max: None,
        args: &[],
    },
    Func {
        function: Function::ArrayPartition,
        min: 2,
        max: Some(2),
        args: &[Want::Array, Want::Num],
    },
    Func {
        function: Function::ArrayContains,
        min: 2,
        max: Some(2),
        args: &[Want::Array, Want::Any],
    },
    Func {
        function: Function::ArrayRange,
        min: 3,
        max: Some(3),
        args: &[Want::Num, Want::Num, Want::Num],
    },
    Func {
        function: Function::ArrayGetItem,
        min: 2,
        max: Some(2),
        args: &[Want::Array, Want::Int],
    },
    Func {
        function: Function::ArrayLength,
        min: 1,
        max: Some(1),
        args: &[Want::Array],
    },
    Func {
        function: Function::ArrayUnique,
        min: 1,
        max: Some(1),
        args: &[Want::Array],
    },
    Func {
        function: Function::Base64Encode,
        min: 1,
        max: Some(1),
        args: &[Want::Str],
    },
    Func {
        function: Function::Base64Decode,
        min: 1,
        max: Some(1),
        args: &[Want::Str],
    },
    Func {
        function: Function::Hash,
        min: 2,
        max: Some(2),
        args: &[Want::Any, Want::Str],
    },
    Func {
        function: Function::JsonMerge,
        min: 3,
        max: Some(3),
        args: &[Want::Object, Want::Object, Want::False],
    },
    Func {
        function: Function::MathRandom,
        min: 2,
        max: Some(3),
        args: &[Want::Num, Want::Num, Want::Num],
    },
    Func {
        function: Function::MathAdd,
        min: 2,
        max: Some(2),
        args: &[Want::Num, Want::Num],
    },
    Func {
        function: Function::StringSplit,
        min: 2,
        max: Some(2),
        args: &[Want::Str, Want::Str],
    },
    Func {
        function: Function::UUID,
        min: 0,
        max: Some(0),
        args: &[],
    },
];

const HASH_ALGORITHMS: &[&str] = &["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"];

/// True when `s` looks like an intrinsic call (starts with `States.` followed by an identifier
/// and `(`), so callers can choose which parser to run. Spaces or tabs between the name and
/// `(` still count, so that [`parse_call`] can report them.
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

/// Parses an intrinsic call: known function name, argument syntax (single-quoted strings with
/// the escapes `\'`, `\{`, `\}`, `\\`; numbers; `true`, `false`, `null`; JSONPaths, parsed
/// with [`crate::expr::path`] with `$$` allowed and workflow variables refused; nested calls
/// up to [`MAX_NESTING`] levels), arity and literal argument types per function, balanced
/// parentheses and nothing after the closing parenthesis.
pub fn parse_call(s: &str) -> Result<Call, ExprError> {
    parse_call_with(s, false)
}

/// [`parse_call`], with workflow variables in path arguments allowed or not.
fn parse_call_with(s: &str, allow_variables: bool) -> Result<Call, ExprError> {
    if s.is_empty() {
        return Err(ExprError::at(
            "empty intrinsic function call; write one like `States.Format('{}', $.name)`"
                .to_string(),
            0,
        ));
    }
    if let Some(c) = s.chars().next().filter(|c| c.is_whitespace()) {
        return Err(ExprError::at(
            format!(
                "{} at the start of {}; an intrinsic function call starts with `States.`",
                describe_char(c),
                quote(s)
            ),
            0,
        ));
    }
    let mut p = Parser {
        src: s,
        pos: 0,
        allow_variables,
    };
    let call = p.call(1)?;
    if p.pos < s.len() {
        let rest = &s[p.pos..];
        let message = if rest.trim().is_empty() {
            format!(
                "trailing whitespace at position {} after the closing `)`",
                p.pos
            )
        } else {
            format!(
                "unexpected {} at position {} after the closing `)`; an intrinsic function call \
                 ends with its `)`",
                describe_char(rest.chars().next().unwrap_or(' ')),
                p.pos
            )
        };
        return Err(ExprError::at(message, p.pos));
    }
    Ok(call)
}

/// Parses the value of a `"key.$"` entry in a payload template (Parameters, ItemSelector,
/// ResultSelector, ...): a JSONPath (`$...` or `$$...`) or an intrinsic call; anything else is
/// an error that says so.
///
/// The context object `$$` is always allowed in a payload value (whatever
/// `options.allow_context` says); `options.allow_variables` decides whether workflow
/// variables are allowed, in the path and in the paths inside call arguments.
pub fn parse_payload_value(s: &str, options: PathOptions) -> Result<PayloadValue, ExprError> {
    if s.starts_with('$') {
        let options = PathOptions {
            allow_context: true,
            allow_variables: options.allow_variables,
        };
        return path::parse(s, PathKind::Path, options).map(PayloadValue::Path);
    }
    let call = |s| parse_call_with(s, options.allow_variables).map(PayloadValue::Call);
    if s.starts_with("States.") || looks_like_intrinsic(s) {
        return call(s);
    }
    const WANT: &str = "the value of a key ending in `.$` must be a path such as `$.field` or \
                        `$$.Execution.Id`, or an intrinsic function call such as \
                        `States.Format('{}', $.name)`";
    if s.is_empty() {
        return Err(ExprError::at(format!("empty value; {WANT}"), 0));
    }
    let trimmed = s.trim_start();
    if trimmed.len() != s.len() {
        let c = s.chars().next().unwrap_or(' ');
        return Err(ExprError::at(
            format!("{} at the start of {}; {WANT}", describe_char(c), quote(s)),
            0,
        ));
    }
    if s.len() > 7 && s.is_char_boundary(7) && s[..7].eq_ignore_ascii_case("States.") {
        // `states.format(...)`: let the call parser suggest the right spelling.
        return call(s);
    }
    if s.starts_with("{%") {
        return Err(ExprError::at(
            format!(
                "{} is a JSONata expression, which is not allowed in a JSONPath payload \
                 template; {WANT}",
                quote(s)
            ),
            0,
        ));
    }
    Err(ExprError::at(
        format!(
            "{} is neither a path nor an intrinsic function call; {WANT}; to pass it as a \
             literal value, drop `.$` from the key",
            quote(s)
        ),
        0,
    ))
}

/// What an argument is, for the arity and type checks.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Str {
        /// `{}` placeholders in it.
        placeholders: usize,
        /// Byte position of the first `{` or `}` that is neither escaped nor part of `{}`.
        lone_brace: Option<usize>,
        /// Whether it contains an escape.
        has_escape: bool,
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

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::Str { .. } => "a string",
            Kind::Num { integral: true, .. } => "a number",
            Kind::Num { .. } => "a decimal number",
            Kind::Bool(_) => "a boolean",
            Kind::Null => "`null`",
            Kind::Path => "a path",
            Kind::Call => "a function call",
        }
    }

    fn is_literal(self) -> bool {
        !matches!(self, Kind::Path | Kind::Call)
    }
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    allow_variables: bool,
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
    fn call(&mut self, depth: usize) -> Result<Call, ExprError> {
        let start = self.pos;
        let prefix_ok = self.rest().starts_with("States.");
        let prefix_other_case = !prefix_ok
            && self
                .rest()
                .get(..7)
                .is_some_and(|p| p.eq_ignore_ascii_case("States."));
        if !prefix_ok && !prefix_other_case {
            return Err(ExprError::at(
                format!(
                    "expected an intrinsic function at position {start}, found {}; intrinsic \
                     functions start with `States.`, like `States.Format('{{}}', $.name)`",
                    quote(self.rest())
                ),
                start,
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
            return Err(ExprError::at(
                format!(
                    "expected a function name after `States.` at position {name_start}; {}",
                    known_list()
                ),
                name_start,
            ));
        }
        let func = FUNCS.iter().find(|f| f.function.short_name() == name);
        let Some(func) = func.filter(|_| prefix_ok) else {
            return Err(ExprError::at(
                unknown_function(&self.src[start..self.pos]),
                start,
            ));
        };
        let name_span = Span::new(start, self.pos);
        let full = func.function.name();
        match self.peek() {
            Some('(') => {}
            Some(c) if c.is_whitespace() => {
                return Err(ExprError::at(
                    format!(
                        "unexpected {} at position {} between `{full}` and `(`; write \
                         `{full}(...)`",
                        describe_char(c),
                        self.pos
                    ),
                    self.pos,
                ))
            }
            None => {
                return Err(ExprError::at(
                    format!(
                        "expected `(` after `{full}` at position {}; write `{full}(...)`",
                        self.pos
                    ),
                    self.pos,
                ))
            }
            Some(c) => {
                return Err(ExprError::at(
                    format!(
                        "expected `(` after `{full}` at position {}, found {}; intrinsic \
                         function names contain only letters, digits and `_`",
                        self.pos,
                        describe_char(c)
                    ),
                    self.pos,
                ))
            }
        }
        if depth > MAX_NESTING {
            return Err(ExprError::at(
                format!(
                    "intrinsic functions nest more than {MAX_NESTING} levels deep at position \
                     {start}; Step Functions allows up to {MAX_NESTING}"
                ),
                start,
            ));
        }
        let open = self.pos;
        self.pos += 1;
        let mut args: Vec<Arg> = Vec::new();
        let mut kinds: Vec<(Kind, usize)> = Vec::new();
        self.skip_ws();
        if self.peek() == Some(')') {
            if self.pos != open + 1 {
                return Err(ExprError::at(
                    format!("empty argument list with spaces at position {open}; write `{full}()`"),
                    open,
                ));
            }
            self.pos += 1;
        } else {
            loop {
                let at = self.pos;
                let (arg, kind) = self.arg(depth, open, full)?;
                args.push(arg);
                kinds.push((kind, at));
                let ws = self.pos;
                self.skip_ws();
                if kind == Kind::Path && self.pos > ws && matches!(self.peek(), Some('.' | '[')) {
                    return Err(ExprError::at(
                        format!(
                            "unexpected {} at position {ws}; a path cannot contain spaces",
                            describe_char(self.src[ws..].chars().next().unwrap_or(' '))
                        ),
                        ws,
                    ));
                }
                match self.peek() {
                    Some(',') => {
                        self.pos += 1;
                        self.skip_ws();
                        if self.peek() == Some(')') {
                            return Err(ExprError::at(
                                format!(
                                    "trailing `,` at position {} in `{full}(...)`; remove it or \
                                     add an argument",
                                    self.pos - 1
                                ),
                                self.pos - 1,
                            ));
                        }
                    }
                    Some(')') => {
                        self.pos += 1;
                        break;
                    }
                    None => return Err(unclosed_call(open, full)),
                    Some(c) => {
                        return Err(ExprError::at(
                            format!(
                                "expected `,` or `)` at position {} in `{full}(...)`, found {}",
                                self.pos,
                                describe_char(c)
                            ),
                            self.pos,
                        ))
                    }
                }
            }
        }
        check_args(func, start, &kinds, &args)?;
        Ok(Call {
            function: func.function,
            args,
            span: Span::new(start, self.pos),
            name_span,
        })
    }

    /// One argument of the call whose `(` is at `open`.
    fn arg(&mut self, depth: usize, open: usize, full: &str) -> Result<(Arg, Kind), ExprError> {
        let at = self.pos;
        let Some(c) = self.peek() else {
            return Err(unclosed_call(open, full));
        };
        match c {
            '\'' => self.string(),
            '"' => Err(ExprError::at(
                format!(
                    "double-quoted string at position {at}; strings in intrinsic functions use \
                     single quotes, like `'text'`"
                ),
                at,
            )),
            '$' => {
                let options = PathOptions {
                    allow_context: true,
                    allow_variables: self.allow_variables,
                };
                let (path, end) = path::scan(self.src, at, PathKind::Path, options)?;
                self.pos = end;
                Ok((Arg::Path(path), Kind::Path))
            }
            '-' | '0'..='9' => self.number(),
            ',' => Err(ExprError::at(
                format!("missing argument before `,` at position {at} in `{full}(...)`"),
                at,
            )),
            '\n' | '\r' => Err(ExprError::at(
                format!(
                    "{} at position {at}; an intrinsic function call must be on one line",
                    describe_char(c)
                ),
                at,
            )),
            _ => {
                if self.rest().starts_with("States.") {
                    let call = self.call(depth + 1)?;
                    return Ok((Arg::Call(Box::new(call)), Kind::Call));
                }
                for (word, kind) in [
                    ("true", Kind::Bool(true)),
                    ("false", Kind::Bool(false)),
                    ("null", Kind::Null),
                ] {
                    if self.rest().starts_with(word)
                        && !self.rest()[word.len()..]
                            .chars()
                            .next()
                            .is_some_and(is_word_char)
                    {
                        self.pos += word.len();
                        let span = Span::new(at, self.pos);
                        let arg = match kind {
                            Kind::Bool(b) => Arg::Bool(b, span),
                            _ => Arg::Null(span),
                        };
                        return Ok((arg, kind));
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
                let message = if !word.is_empty() && next == Some('(') {
                    let name = word.rsplit('.').next().unwrap_or(word);
                    let hint = match FUNCS
                        .iter()
                        .find(|f| f.function.short_name().eq_ignore_ascii_case(name))
                    {
                        Some(f) => format!("; did you mean `{}`?", f.function.name()),
                        None => String::new(),
                    };
                    format!(
                        "unknown function `{}` at position {at}; intrinsic functions start with \
                         `States.`{hint}",
                        excerpt(word, 32)
                    )
                } else if word.starts_with('.')
                    && word[1..].starts_with(|c: char| c.is_ascii_digit())
                {
                    format!(
                        "invalid number at position {at}: write a digit before the `.`, like \
                         `0{}`",
                        excerpt(word, 24)
                    )
                } else if !word.is_empty() {
                    format!(
                        "unexpected `{}` at position {at}; an argument is a 'string', a number, \
                         `true`, `false`, `null`, a path like `$.field` or a `States.` call \
                         (strings need single quotes)",
                        excerpt(word, 32)
                    )
                } else {
                    format!(
                        "unexpected {} at position {at}; an argument is a 'string', a number, \
                         `true`, `false`, `null`, a path like `$.field` or a `States.` call",
                        describe_char(c)
                    )
                };
                Err(ExprError::at(message, at))
            }
        }
    }

    /// A single-quoted string starting at the current `'`.
    fn string(&mut self) -> Result<(Arg, Kind), ExprError> {
        let open = self.pos;
        self.pos += 1;
        let mut value = String::new();
        let mut placeholders = Vec::new();
        let mut lone_brace = None;
        let mut has_escape = false;
        loop {
            let Some(c) = self.peek() else {
                return Err(ExprError::at(
                    format!(
                        "unclosed string: the `'` at position {open} has no closing `'` (write \
                         `\\'` for a quote inside a string)"
                    ),
                    open,
                ));
            };
            let at = self.pos;
            self.pos += c.len_utf8();
            match c {
                '\'' => {
                    let kind = Kind::Str {
                        placeholders: placeholders.len(),
                        lone_brace,
                        has_escape,
                    };
                    let arg = Arg::String {
                        value,
                        placeholders,
                        span: Span::new(open, self.pos),
                    };
                    return Ok((arg, kind));
                }
                '\\' => match self.peek() {
                    Some(e @ ('\'' | '{' | '}' | '\\')) => {
                        self.pos += 1;
                        has_escape = true;
                        value.push(e);
                    }
                    Some(e) => {
                        return Err(ExprError::at(
                            format!(
                                "invalid escape `\\{}` at position {at}; strings in intrinsic \
                                 functions only allow `\\'`, `\\{{`, `\\}}` and `\\\\`",
                                excerpt(&e.to_string(), 1)
                            ),
                            at,
                        ))
                    }
                    None => {
                        return Err(ExprError::at(
                            format!(
                                "unclosed string: the `'` at position {open} has no closing `'`"
                            ),
                            open,
                        ))
                    }
                },
                '{' => {
                    if self.peek() == Some('}') {
                        self.pos += 1;
                        placeholders.push(value.len());
                        value.push_str("{}");
                    } else {
                        if lone_brace.is_none() {
                            lone_brace = Some(at);
                        }
                        value.push('{');
                    }
                }
                '}' => {
                    if lone_brace.is_none() {
                        lone_brace = Some(at);
                    }
                    value.push('}');
                }
                c => value.push(c),
            }
        }
    }

    /// A JSON-style number starting at the current `-` or digit.
    fn number(&mut self) -> Result<(Arg, Kind), ExprError> {
        let start = self.pos;
        let bad = |at: usize, what: &str| {
            ExprError::at(
                format!(
                    "invalid number at position {at}: {what}; numbers look like `3`, `-1` or \
                     `2.5`"
                ),
                at,
            )
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
        let arg = Arg::Number {
            value,
            integral,
            span: Span::new(start, self.pos),
        };
        Ok((arg, Kind::Num { value, integral }))
    }
}

/// Arity and literal types of the call starting at `start`; `kinds` holds each argument's
/// kind and position.
fn check_args(
    func: &Func,
    start: usize,
    kinds: &[(Kind, usize)],
    args: &[Arg],
) -> Result<(), ExprError> {
    let name = func.function.short_name();
    let full = func.function.name();
    let n = kinds.len();
    let arity = match (func.min, func.max) {
        (0, Some(0)) => "takes no arguments".to_string(),
        (min, Some(max)) if min == max => format!(
            "takes exactly {min} argument{}",
            if min == 1 { "" } else { "s" }
        ),
        (min, Some(max)) => format!("takes {min} or {max} arguments"),
        (min, None) => format!(
            "takes at least {min} argument{}",
            if min == 1 { "" } else { "s" }
        ),
    };
    let too_few = n < func.min;
    let too_many = func.max.is_some_and(|max| n > max);
    if too_few || too_many {
        return Err(ExprError::at(
            format!("`{full}` {arity}, found {n}{}", usage(name)),
            start,
        ));
    }
    for (i, &(kind, at)) in kinds.iter().enumerate() {
        let want = func.args.get(i).copied().unwrap_or(Want::Any);
        if !kind.is_literal() {
            continue;
        }
        let nth = ordinal(i);
        let wrong = |expected: &str| {
            ExprError::at(
                format!(
                    "the {nth} argument of `{full}` must be {expected}, found {} at position \
                     {at}{}",
                    kind.describe(),
                    usage(name)
                ),
                at,
            )
        };
        match want {
            Want::Any => {}
            Want::Str => {
                if !matches!(kind, Kind::Str { .. }) {
                    return Err(wrong("a string"));
                }
            }
            Want::Int | Want::Num => {
                let Kind::Num { value, integral } = kind else {
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
                    return Err(ExprError::at(
                        format!(
                            "the {nth} argument of `{full}` at position {at} is outside the \
                             32-bit integer range"
                        ),
                        at,
                    ));
                }
                if func.function == Function::ArrayRange && i == 2 && rounded == 0.0 {
                    return Err(ExprError::at(
                        format!("the step of `{full}` at position {at} must not be 0"),
                        at,
                    ));
                }
                if func.function == Function::ArrayPartition && i == 1 && rounded <= 0.0 {
                    return Err(ExprError::at(
                        format!(
                            "the chunk size of `{full}` at position {at} must be a positive \
                             integer"
                        ),
                        at,
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
                if kind != Kind::Bool(false) {
                    return Err(wrong(
                        "`false` (Step Functions only supports shallow merges)",
                    ));
                }
            }
        }
    }
    if func.function == Function::Format {
        if let Some(&(
            Kind::Str {
                placeholders,
                lone_brace,
                ..
            },
            at,
        )) = kinds.first()
        {
            if let Some(pos) = lone_brace {
                return Err(ExprError::at(
                    format!(
                        "unescaped brace at position {pos} in the `States.Format` template; \
                         write `{{}}` for a placeholder, or `\\{{` and `\\}}` for literal braces"
                    ),
                    pos,
                ));
            }
            let values = n - 1;
            if placeholders != values {
                return Err(ExprError::at(
                    format!(
                        "the `States.Format` template at position {at} has {placeholders} `{{}}` \
                         placeholder{} but {values} value{} follow{}",
                        if placeholders == 1 { "" } else { "s" },
                        if values == 1 { "" } else { "s" },
                        if values == 1 { "s" } else { "" }
                    ),
                    at,
                ));
            }
        }
    }
    if func.function == Function::Hash {
        if let (Some(&(Kind::Str { has_escape, .. }, at)), Some(Arg::String { value, .. })) =
            (kinds.get(1), args.get(1))
        {
            // Names with escapes are left alone (no algorithm name needs one).
            if !has_escape && !HASH_ALGORITHMS.contains(&value.as_str()) {
                return Err(ExprError::at(
                    format!(
                        "unknown hash algorithm `{}` at position {at}; `States.Hash` supports {}",
                        excerpt(value, 32),
                        HASH_ALGORITHMS
                            .iter()
                            .map(|a| format!("`{a}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    at,
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

fn unclosed_call(open: usize, full: &str) -> ExprError {
    ExprError::at(
        format!("unclosed `(` at position {open} of `{full}(...)`; add the closing `)`"),
        open,
    )
}

fn known_list() -> String {
    let names: Vec<&str> = FUNCS.iter().map(|f| f.function.name()).collect();
    format!("the intrinsic functions are {}", names.join(", "))
}

/// Message for an unknown function, `full` being the whole name (`States.Fromat`), suggesting
/// the closest known one.
fn unknown_function(full: &str) -> String {
    let shown = excerpt(full, 40);
    let name = full.get(7..).unwrap_or("");
    let names = || FUNCS.iter().map(|f| f.function.short_name());
    // `STATES.UUID`, `states.Format`: the name is right, its prefix is not.
    let same = names().find(|n| n.eq_ignore_ascii_case(name));
    match same.or_else(|| crate::diag::suggest::closest(name, names())) {
        Some(close) => {
            format!("unknown intrinsic function `{shown}`; did you mean `States.{close}`?")
        }
        None => format!("unknown intrinsic function `{shown}`; {}", known_list()),
    }
}

// ---------------------------------------------------------------------------------------------
// Display: the canonical text form.

impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.function.name())?;
        for (i, arg) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{arg}")?;
        }
        f.write_str(")")
    }
}

impl fmt::Display for Arg {
    /// Strings are written with `'`, `\`, and every brace that is not a placeholder escaped;
    /// numbers keep whether they were integral (`1000` vs `1000.0`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::String {
                value,
                placeholders,
                ..
            } => {
                f.write_str("'")?;
                let mut next = placeholders.iter().copied().peekable();
                let mut skip_close = false;
                for (i, c) in value.char_indices() {
                    if skip_close {
                        skip_close = false;
                        continue;
                    }
                    if next.peek() == Some(&i) {
                        next.next();
                        f.write_str("{}")?;
                        skip_close = true;
                        continue;
                    }
                    if matches!(c, '\'' | '\\' | '{' | '}') {
                        f.write_str("\\")?;
                    }
                    write!(f, "{c}")?;
                }
                f.write_str("'")
            }
            Arg::Number {
                value, integral, ..
            } => {
                if value.is_infinite() {
                    // The shortest texts that parse back to infinity, integral or not.
                    if *value < 0.0 {
                        f.write_str("-")?;
                    }
                    if *integral {
                        write!(f, "1{}", "0".repeat(309))
                    } else {
                        f.write_str("1e999")
                    }
                } else if *integral {
                    write!(f, "{value}")
                } else {
                    write!(f, "{value:?}")
                }
            }
            Arg::Bool(b, _) => write!(f, "{b}"),
            Arg::Null(_) => f.write_str("null"),
            Arg::Path(path) => write!(f, "{path}"),
            Arg::Call(call) => write!(f, "{call}"),
        }
    }
}

impl fmt::Display for PayloadValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PayloadValue::Path(path) => write!(f, "{path}"),
            PayloadValue::Call(call) => write!(f, "{call}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::path::tests::strip;
    use crate::expr::path::{Root, Step};

    const NO_VARS: PathOptions = PathOptions {
        allow_context: true,
        allow_variables: false,
    };

    const VARS: PathOptions = PathOptions {
        allow_context: true,
        allow_variables: true,
    };

    fn sp(start: usize, end: usize) -> Span {
        Span::new(start, end)
    }

    /// The call with every span set to `0..0`.
    fn strip_call(c: &Call) -> Call {
        Call {
            function: c.function,
            args: c.args.iter().map(strip_arg).collect(),
            span: Span::default(),
            name_span: Span::default(),
        }
    }

    fn strip_arg(a: &Arg) -> Arg {
        let span = Span::default();
        match a {
            Arg::String {
                value,
                placeholders,
                ..
            } => Arg::String {
                value: value.clone(),
                placeholders: placeholders.clone(),
                span,
            },
            Arg::Number {
                value, integral, ..
            } => Arg::Number {
                value: *value,
                integral: *integral,
                span,
            },
            Arg::Bool(b, _) => Arg::Bool(*b, span),
            Arg::Null(_) => Arg::Null(span),
            Arg::Path(p) => Arg::Path(strip(p)),
            Arg::Call(c) => Arg::Call(Box::new(strip_call(c))),
        }
    }

    /// `call.to_string()` parses to the same tree, and is a fixed point.
    fn round_trip(s: &str, call: &Call, allow_variables: bool) {
        let text = call.to_string();
        match parse_call_with(&text, allow_variables) {
            Ok(again) => {
                assert_eq!(
                    strip_call(&again),
                    strip_call(call),
                    "{s:?} displayed as {text:?} parses to another tree"
                );
                assert_eq!(again.to_string(), text);
            }
            Err(e) => panic!("{s:?} displayed as {text:?} does not parse: {e}"),
        }
    }

    fn ok(s: &str) -> Call {
        let call = match parse_call(s) {
            Ok(call) => call,
            Err(e) => panic!("{s:?} should be accepted, got: {e}"),
        };
        assert_eq!(call.span, sp(0, s.len()), "{s:?}");
        round_trip(s, &call, false);
        assert!(
            looks_like_intrinsic(s),
            "{s:?} should look like an intrinsic"
        );
        match parse_payload_value(s, NO_VARS) {
            Ok(PayloadValue::Call(c)) => assert_eq!(c, call),
            Ok(other) => panic!("{s:?} parsed as {other:?}"),
            Err(e) => panic!("{s:?} should be accepted as a payload value, got: {e}"),
        }
        call
    }

    fn err(s: &str) -> String {
        match parse_call(s) {
            Ok(_) => panic!("{s:?} should be rejected"),
            Err(ExprError { message: e, offset }) => {
                assert!(!e.ends_with('.'), "message ends with a period: {e}");
                assert!(
                    e.chars().next().is_some_and(|c| !c.is_uppercase()),
                    "message starts upper case: {e}"
                );
                assert!(
                    offset.is_some_and(|o| o <= s.len()),
                    "{s:?}: offset {offset:?} for {e}"
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
    fn messages_are_unchanged() {
        assert_eq!(
            err("States.Fromat('x')"),
            "unknown intrinsic function `States.Fromat`; did you mean `States.Format`?"
        );
        assert_eq!(
            err("States.Format('{} {}', $.a)"),
            "the `States.Format` template at position 14 has 2 `{}` placeholders but 1 value \
             follows"
        );
        assert_eq!(
            err("States.ArrayGetItem($.a, 'x')"),
            "the second argument of `States.ArrayGetItem` must be an integer, found a string at \
             position 25; usage: `States.ArrayGetItem($.list, 0)`"
        );
        assert_eq!(
            err("States.Foo()"),
            "unknown intrinsic function `States.Foo`; the intrinsic functions are States.Format, \
             States.StringToJson, States.JsonToString, States.Array, States.ArrayPartition, \
             States.ArrayContains, States.ArrayRange, States.ArrayGetItem, States.ArrayLength, \
             States.ArrayUnique, States.Base64Encode, States.Base64Decode, States.Hash, \
             States.JsonMerge, States.MathRandom, States.MathAdd, States.StringSplit, States.UUID"
        );
        let e = parse_call("States.Format('x', $.a b)").unwrap_err();
        assert_eq!(e.offset, Some(23));
        let e = parse_call("States.Array($.a[?(@.b =~ /x/)])").unwrap_err();
        assert_eq!(e.offset, Some(23));
        let e = parse_call("States.Format('\\{}', 1)").unwrap_err();
        assert_eq!(e.offset, Some(17));
    }

    #[test]
    fn tree_shapes_and_spans() {
        let src = "States.Array('a{}\\'b', $.x, -1.5, null)";
        let call = ok(src);
        assert_eq!(call.function, Function::Array);
        assert_eq!(call.name_span, sp(0, 12));
        assert_eq!(call.span, sp(0, 39));
        assert_eq!(
            call.args[0],
            Arg::String {
                value: "a{}'b".into(),
                placeholders: vec![1],
                span: sp(13, 21)
            }
        );
        let Arg::Path(path) = &call.args[1] else {
            panic!("not a path");
        };
        assert_eq!(path.span, sp(23, 26));
        assert_eq!(path.root, Root::Input);
        assert_eq!(
            path.steps,
            vec![Step::Field {
                name: "x".into(),
                span: sp(24, 26)
            }]
        );
        assert_eq!(
            call.args[2],
            Arg::Number {
                value: -1.5,
                integral: false,
                span: sp(28, 32)
            }
        );
        assert_eq!(call.args[3], Arg::Null(sp(34, 38)));

        let call = ok("States.Array(1, true, States.UUID(), 1e3)");
        assert_eq!(call.function, Function::Array);
        assert_eq!(
            call.args[0],
            Arg::Number {
                value: 1.0,
                integral: true,
                span: sp(13, 14)
            }
        );
        assert_eq!(call.args[1], Arg::Bool(true, sp(16, 20)));
        assert_eq!(
            call.args[2],
            Arg::Call(Box::new(Call {
                function: Function::UUID,
                args: vec![],
                span: sp(22, 35),
                name_span: sp(22, 33),
            }))
        );
        assert_eq!(
            call.args[3],
            Arg::Number {
                value: 1000.0,
                integral: false,
                span: sp(37, 40)
            }
        );
        let call = ok("States.Format('\\{\\}{}', $$.Execution.Id)");
        assert_eq!(
            call.args[0],
            Arg::String {
                value: "{}{}".into(),
                placeholders: vec![2],
                span: sp(14, 22)
            }
        );
        let Arg::Path(path) = &call.args[1] else {
            panic!("not a path");
        };
        assert_eq!(path.root, Root::Context);
        assert_eq!(path.span, sp(24, 39));
        for arg in &call.args {
            assert!(arg.span().end <= call.span.end);
        }
    }

    #[test]
    fn display_writes_a_canonical_form() {
        let cases: &[(&str, &str)] = &[
            ("States.UUID()", "States.UUID()"),
            ("States.Format( '{}' , $.a )", "States.Format('{}', $.a)"),
            ("States.Array($.a,$.b)", "States.Array($.a, $.b)"),
            (
                "States.Format('{}', 'a{b}c')",
                "States.Format('{}', 'a\\{b\\}c')",
            ),
            (
                "States.Format('\\{\\}{}', 1)",
                "States.Format('\\{\\}{}', 1)",
            ),
            (
                "States.Format('it\\'s \\\\ {}', 2.5)",
                "States.Format('it\\'s \\\\ {}', 2.5)",
            ),
            (
                "States.Array(1e3, -0.5E-2, 2.0, -0, 99999999999999999999)",
                "States.Array(1000.0, -0.005, 2.0, -0, 100000000000000000000)",
            ),
            ("States.Array(1e400, -1e400)", "States.Array(1e999, -1e999)"),
            (
                "States.Array($['a b'], $..c, $.d[*])",
                "States.Array($['a b'], $..c, $.d[*])",
            ),
        ];
        for (src, want) in cases {
            assert_eq!(ok(src).to_string(), *want, "{src:?}");
        }
        let huge = format!("States.Array({})", "9".repeat(400));
        let call = ok(&huge);
        assert!(matches!(
            call.args[0],
            Arg::Number { value, integral: true, .. } if value.is_infinite()
        ));
    }

    #[test]
    fn function_names() {
        assert_eq!(Function::ALL.len(), FUNCS.len());
        for (f, func) in Function::ALL.iter().zip(FUNCS) {
            assert_eq!(*f, func.function);
            assert_eq!(Function::from_name(f.name()), Some(*f));
            assert!(f.name().starts_with("States."));
            assert_eq!(f.to_string(), f.name());
            assert_eq!(
                usage(f.short_name()).is_empty(),
                *f == Function::Array,
                "{f:?}"
            );
        }
        assert_eq!(Function::Format.name(), "States.Format");
        assert_eq!(Function::UUID.name(), "States.UUID");
        assert_eq!(Function::from_name("States.format"), None);
        assert_eq!(Function::from_name("Format"), None);
    }

    #[test]
    fn variables_follow_the_options() {
        let e = err("States.Array($foo)");
        assert!(
            e.ends_with("(workflow variables like `$name` are not allowed in this field)"),
            "{e}"
        );
        for s in [
            "$foo",
            "States.Format('{}', $foo)",
            "States.Array($foo.bar, States.Array($x[0]))",
        ] {
            let e = parse_payload_value(s, NO_VARS).unwrap_err();
            assert!(
                e.message.contains("not allowed in this field"),
                "{s:?}: {e}"
            );
            let value = parse_payload_value(s, VARS).unwrap_or_else(|e| panic!("{s:?}: {e}"));
            if let PayloadValue::Call(call) = &value {
                round_trip(s, call, true);
            }
            assert_eq!(value.to_string().replace(' ', ""), s.replace(' ', ""));
        }
        let Ok(PayloadValue::Path(path)) = parse_payload_value("$foo.bar", VARS) else {
            panic!("not a path");
        };
        assert_eq!(path.variable(), Some("foo"));
        let Ok(PayloadValue::Call(call)) = parse_payload_value("States.Array($v)", VARS) else {
            panic!("not a call");
        };
        let Arg::Path(path) = &call.args[0] else {
            panic!("not a path");
        };
        assert_eq!(path.variable(), Some("v"));
        assert_eq!(path.span, sp(13, 15));
        // `$$` stays allowed in payload values whatever the options say.
        let none = PathOptions::default();
        assert!(parse_payload_value("$$.Execution.Id", none).is_ok());
        assert!(parse_payload_value("States.Array($$.Execution.Id)", none).is_ok());
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
            match parse_payload_value(s, NO_VARS) {
                Ok(value) => {
                    let again = parse_payload_value(&value.to_string(), NO_VARS);
                    assert!(again.is_ok(), "{s:?}: {again:?}");
                }
                Err(e) => panic!("{s:?} should be accepted: {e}"),
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
            match parse_payload_value(s, NO_VARS) {
                Ok(_) => panic!("{s:?} should be rejected"),
                Err(e) => {
                    assert!(e.message.contains(want), "{s:?}: expected {want:?} in: {e}");
                    assert!(e.offset.is_some_and(|o| o <= s.len()), "{s:?}: {e:?}");
                }
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
            "States.Format('{}\\{\\}', $vär['k'])",
        ];
        for s in samples {
            for (i, _) in s.char_indices() {
                for part in [&s[..i], &s[i..]] {
                    if let Ok(call) = parse_call(part) {
                        round_trip(part, &call, false);
                    }
                    for options in [NO_VARS, VARS] {
                        if let Ok(PayloadValue::Call(call)) = parse_payload_value(part, options) {
                            round_trip(part, &call, options.allow_variables);
                        }
                    }
                    let _ = looks_like_intrinsic(part);
                }
            }
        }
        ok(samples[0]);
        ok(samples[1]);
        assert!(parse_payload_value(samples[2], VARS).is_ok());
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
            let _ = parse_call(s);
            let _ = parse_payload_value(s, NO_VARS);
            let _ = parse_payload_value(s, VARS);
            let _ = looks_like_intrinsic(s);
        }
    }
}
