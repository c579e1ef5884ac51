//! Parser for the JSONPath-mode paths of the Amazon States Language (ASL).
//!
//! ASL says paths "follow JsonPath syntax" and names the Java library Jayway JsonPath, which
//! is what the AWS service runs. This parser accepts the subset of Jayway syntax that Step
//! Functions supports, builds a [`Path`] tree with the byte range of every node, and rejects
//! the rest with a short, rustc-style message.
//!
//! # Grammar
//!
//! ```text
//! path        = root step*
//! root        = "$" | "$$" | "$" variable        ; "$$" = the context object (see below)
//! variable    = (letter | "_") (letter | digit | "_")*   ; Unicode letters and digits
//! step        = "." name | ".*" | ".." (name | "*" | bracket) | bracket
//! name        = (char | "\" any-char)+           ; char: anything but . [ ] ( ) ' " = < > ! , whitespace, control
//! bracket     = "[" ws inner ws "]"
//! inner       = quoted (ws "," ws quoted)*       ; ['a'] or ["a"], union ['a','b']
//!             | "*"                              ; wildcard
//!             | int (ws "," ws int)*             ; index [0], negative [-1], union [0,2]
//!             | int? ":" int?                    ; slice [1:3], [:2], [-2:] (no step)
//!             | "?(" filter ")"                  ; filter [?(@.price > 10 && @.tag == 'x')]
//!             | "(" "@.length" ws "-" ws digits ")"  ; script [(@.length-1)]
//! filter      = and ("||" and)*
//! and         = unary ("&&" unary)*
//! unary       = "!" ws relpath | "(" filter ")" | relpath (op literal)?
//! literal     = 'string' | "string" | number | true | false | null
//! relpath     = "@" step*
//! op          = "==" | "!=" | "<" | "<=" | ">" | ">="
//! ```
//!
//! A [`PathKind::ReferencePath`] allows only `.name`, `['name']` (also `["name"]`) and `[n]`
//! (n >= 0) steps, so that it identifies a single node.
//!
//! # The tree
//!
//! [`parse`] returns a [`Path`]: a [`Root`] and a list of [`Step`]s; filters hold a [`Filter`]
//! tree whose operands are [`RelativePath`]s and [`Literal`]s. Every node carries the
//! [`Span`] (byte range) of its source text. Names and strings are stored with their escapes
//! removed: a backslash makes the next character literal, in dot notation (`$.a\.b` is the
//! name `a.b`), in brackets (`['it\'s']` is `it's`) and in filter strings.
//!
//! [`Path`] implements [`Display`](fmt::Display), which writes a canonical text that parses
//! back to the same tree (spans aside): `.name` when the name is made of letters, digits, `_`
//! and `-`, `['name']` otherwise (escaping `'` and `\`), `[*]` for wildcards, `..name`,
//! `..*` or `..[...]` for recursive descent, no whitespace except around filter operators.
//!
//! # Where the context object `$$` is allowed
//!
//! The ASL spec defines `$$` for any Path ("When a Path begins with `$$` ... the remaining text
//! is interpreted as the JSONPath applying to the Context Object"). In practice it is used in
//! payload templates (`Parameters`, `ItemSelector`, `ResultSelector`: the values of `.$` keys
//! and intrinsic function arguments), and it is accepted in `InputPath`, `OutputPath`,
//! `ItemsPath`, Choice `Variable` and `...Path` comparisons, and Wait `SecondsPath` /
//! `TimestampPath` (asl-validator, statelint and moto all accept it in `ItemsPath`, `InputPath`
//! and Choice `Variable`). It is never meaningful in `ResultPath`, which says where to write the
//! result into the state's output: moto refuses `$$` there, statelint refuses it in every
//! Reference Path field, so callers pass `allow_context: false` for `ResultPath` (and may do
//! so for the other Reference Path fields to match statelint).
//!
//! # Decisions where the tools disagree
//!
//! References: asl-validator 4.0.0 (its PEG grammar in asl-path-validator 0.16), statelint
//! 1.30 (a regular expression), moto 5.2 (LocalStack's parser) and the AWS service (Jayway
//! JsonPath plus the limits the developer guide lists).
//!
//! * Names with `-`, `:`, `@`, `$`, `?`, `/`, digits first, and any Unicode letter
//!   (`$.a-b`, `$.0abc`, `$.café`) are accepted, as by asl-validator and Jayway; statelint
//!   only accepts identifier-like names.
//! * A backslash escapes the next character of a name (`$.a\.b`): the ASL spec lists
//!   `$.store\.book` and `$.foo\@bar.baz\[\[.\?pretty` as valid Reference Paths, and
//!   asl-validator accepts them; statelint refuses them.
//! * `['a b']`, `["a b"]` and `['it\'s']` are accepted (asl-validator, Jayway); statelint only
//!   accepts identifier-like names in brackets.
//! * Filters: `&&`, `||`, `!`, `!=`, parentheses and decimal numbers (`@.x >= -1.5`) are
//!   accepted because Jayway supports them and the AWS service evaluates them, although
//!   asl-validator's grammar only knows a single `==`/`<`/`<=`/`>`/`>=` comparison with an
//!   integer, string or literal (statelint refuses every filter). Comparing with a bare word
//!   (`@.k == Foo`) is refused although asl-validator accepts it: Jayway cannot parse it
//!   (quote it: `'Foo'`). Regular expressions (`=~`), the word operators (`in`, `nin`,
//!   `subsetof`, `anyof`, `noneof`, `size`, `empty`, `contains`) and references to another
//!   value (`$...`, or `@...` on the right of a comparison) are refused: the developer guide
//!   says Step Functions does not support them (asl-validator refuses them too); Jayway would
//!   parse them.
//! * Functions such as `.length()` are refused: Step Functions does not support them (the
//!   developer guide; asl-validator refuses them too). Jayway would parse them.
//! * `.[` as in `$.a.['b']` is refused with a suggestion to write `$.a['b']`: Jayway accepts it
//!   and the developer guide once showed it, but asl-validator and statelint refuse it, and the
//!   form without the dot means the same.
//! * Unions of names (`$['a','b']`) are accepted in a Path (Jayway); asl-validator and statelint
//!   only know unions of indexes (`[0,1]`).
//! * Whitespace and control characters inside a dot-notation name are refused
//!   (asl-validator accepts a tab there); use `$['a b']`.
//! * Negative indexes `[-1]` are accepted in a Path (Jayway, asl-validator) and refused in a
//!   Reference Path (asl-validator, statelint).
//! * Workflow variables (`$name`, set with `Assign`) are accepted where the caller allows them
//!   ([`PathOptions::allow_variables`]), as asl-validator and moto accept them: the name
//!   starts with a Unicode letter or `_` and continues with letters, digits and `_`, and steps
//!   may follow (`$foo.bar`, `$foo[0]`, `$foo['a b']`). Where they are not allowed, `$foo` is
//!   refused with a suggestion to write `$.foo`. `$$` always starts the context object, never
//!   a variable (`$$foo` is refused with a suggestion to write `$$.foo`), and a filter cannot
//!   refer to a variable (`[?(@.a == $foo)]` is refused like `$.b` there).
//! * Whitespace is only allowed inside brackets and filters (`[ 0 ]`, `[0, 1]`, `[ 'a' ]`, but
//!   not around the `:` of a slice, which Jayway and asl-validator refuse); leading or trailing
//!   whitespace is refused
//!   (statelint refuses both, asl-validator refuses leading whitespace).
//! * asl-validator checks Choice `Variable`, `...Path` comparisons and `ItemsPath` as Reference
//!   Paths; statelint checks `ItemsPath` and `Variable` as Paths. The caller picks the kind.

use std::fmt;

use crate::expr::text::{describe_char, excerpt, quote};
use crate::expr::ExprError;

/// Which grammar a path field uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathKind {
    /// A JSONPath that may select several nodes (wildcards, filters, slices, unions,
    /// recursive descent) — InputPath, OutputPath, Choice `Variable`, values of `.$` keys, ...
    Path,
    /// A Reference Path: identifies exactly one node — only `.name`, `['name']`, `[n]` steps.
    /// ResultPath, ItemsPath, SecondsPath, TimestampPath, TimeoutSecondsPath, HeartbeatSecondsPath, ...
    ReferencePath,
}

/// Which roots a path field accepts besides `$`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PathOptions {
    /// Whether the context object root `$$` is allowed (see the module documentation: payload
    /// templates and Path fields, never `ResultPath`).
    pub allow_context: bool,
    /// Whether a workflow variable root `$name` is allowed.
    pub allow_variables: bool,
}

impl PathOptions {
    /// A path that reads the state's data: `$$` and variables allowed.
    pub const READ: PathOptions = PathOptions {
        allow_context: true,
        allow_variables: true,
    };
}

/// How deeply filters and parenthesised filter expressions may nest before the parser gives
/// up with an error (keeps recursion bounded on hostile input).
pub const MAX_FILTER_DEPTH: usize = 32;

/// The hint appended to most syntax errors.
const HINT: &str = "a path looks like `$.field`, `$.list[0]` or `$['key']`";

pub use crate::expr::Span;

/// A parsed path.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    /// What the path starts from.
    pub root: Root,
    /// The steps after the root, in order.
    pub steps: Vec<Step>,
    /// The whole path.
    pub span: Span,
}

/// What a path starts from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Root {
    /// `$`: the state's input (or the data the field applies to).
    Input,
    /// `$$`: the context object.
    Context,
    /// `$name`: a workflow variable.
    Variable {
        /// The variable name, without `$`.
        name: String,
        /// The `$name` text.
        span: Span,
    },
}

/// One step of a path.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// `.name`, `['name']` or `["name"]`.
    Field {
        /// The name, escapes removed.
        name: String,
        /// From the `.` or `[` to the end of the step.
        span: Span,
    },
    /// `.*` or `[*]`.
    Wildcard {
        /// The step text.
        span: Span,
    },
    /// `..` followed by a name, `*` or a bracket step: that step applied at every depth.
    Descendant {
        /// The step after `..` (a [`Step::Field`], a [`Step::Wildcard`] or a bracket step).
        step: Box<Step>,
        /// From the first `.` to the end of the inner step.
        span: Span,
    },
    /// `[n]`; negative counts from the end.
    Index {
        /// The index.
        index: i64,
        /// The step text.
        span: Span,
    },
    /// `[a,b,...]`: several indexes.
    IndexUnion {
        /// The indexes, in order (two or more).
        indexes: Vec<i64>,
        /// The step text.
        span: Span,
    },
    /// `['a','b',...]`: several names.
    NameUnion {
        /// The names, escapes removed, in order (two or more).
        names: Vec<String>,
        /// The step text.
        span: Span,
    },
    /// `[start:end]`: at least one bound is present.
    Slice {
        /// The start index, when given.
        start: Option<i64>,
        /// The end index (exclusive), when given.
        end: Option<i64>,
        /// The step text.
        span: Span,
    },
    /// `[?(...)]`.
    Filter {
        /// The condition.
        filter: Filter,
        /// The step text.
        span: Span,
    },
    /// `[(@.length-N)]`: the `N`-th item from the end (`N` = 1 is the last item).
    LengthMinus {
        /// `N` (not negative).
        n: i64,
        /// The step text.
        span: Span,
    },
}

impl Step {
    /// The source range of the step.
    pub fn span(&self) -> Span {
        match self {
            Step::Field { span, .. }
            | Step::Wildcard { span }
            | Step::Descendant { span, .. }
            | Step::Index { span, .. }
            | Step::IndexUnion { span, .. }
            | Step::NameUnion { span, .. }
            | Step::Slice { span, .. }
            | Step::Filter { span, .. }
            | Step::LengthMinus { span, .. } => *span,
        }
    }
}

/// A path relative to the current item of a filter: `@` followed by steps.
#[derive(Clone, Debug, PartialEq)]
pub struct RelativePath {
    /// The steps after `@`.
    pub steps: Vec<Step>,
    /// From `@` to the end of the last step.
    pub span: Span,
}

/// The condition of a filter step `[?(...)]`.
#[derive(Clone, Debug, PartialEq)]
pub enum Filter {
    /// `a || b || ...`: two or more operands.
    Or {
        /// The operands, in order.
        operands: Vec<Filter>,
        /// From the first operand to the last.
        span: Span,
    },
    /// `a && b && ...`: two or more operands.
    And {
        /// The operands, in order.
        operands: Vec<Filter>,
        /// From the first operand to the last.
        span: Span,
    },
    /// `!@...`: the item has no value at the path.
    Not {
        /// The path after `!`.
        path: RelativePath,
        /// From `!` to the end of the path.
        span: Span,
    },
    /// `@...`: the item has a value at the path.
    Exists(RelativePath),
    /// `@... op literal`.
    Compare {
        /// The left side.
        left: RelativePath,
        /// The operator.
        op: CompareOp,
        /// The right side.
        right: Literal,
        /// The text of the right side.
        right_span: Span,
        /// From the left side to the right side.
        span: Span,
    },
}

impl Filter {
    /// The source range of the condition (without enclosing parentheses).
    pub fn span(&self) -> Span {
        match self {
            Filter::Or { span, .. }
            | Filter::And { span, .. }
            | Filter::Not { span, .. }
            | Filter::Compare { span, .. } => *span,
            Filter::Exists(path) => path.span,
        }
    }
}

/// A comparison operator in a filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CompareOp {
    /// The operator as written: `==`, `!=`, `<`, `<=`, `>` or `>=`.
    pub fn as_str(self) -> &'static str {
        match self {
            CompareOp::Eq => "==",
            CompareOp::Ne => "!=",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }
}

/// The literal on the right of a filter comparison.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// `'text'` or `"text"`, escapes removed.
    String(String),
    /// A number (`1`, `-1.5`, `1e3`); too large a number is infinite.
    Number(f64),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
}

impl Path {
    /// True when the path can only select one node: every step is `.name`, `['name']` or a
    /// non-negative `[n]` (the steps a Reference Path allows).
    pub fn is_single_node(&self) -> bool {
        self.steps.iter().all(|s| match s {
            Step::Field { .. } => true,
            Step::Index { index, .. } => *index >= 0,
            _ => false,
        })
    }

    /// The workflow variable the path starts from (`foo` for `$foo.bar`), if any.
    pub fn variable(&self) -> Option<&str> {
        match &self.root {
            Root::Variable { name, .. } => Some(name),
            _ => None,
        }
    }
}

/// Parses `src` with the grammar of `kind`; `options` says whether the context object root
/// `$$` and workflow variable roots `$name` are allowed.
///
/// The error is a short message in rustc style: lower case, no final period, it names the
/// problem, quotes the offending text with backticks, gives the 0-based byte position when
/// useful, and says what is allowed.
pub fn parse(src: &str, kind: PathKind, options: PathOptions) -> Result<Path, ExprError> {
    if src.is_empty() {
        return Err(ExprError::at(format!("empty path; {HINT}"), 0));
    }
    let first = src.chars().next().unwrap_or(' ');
    if first != '$' {
        let message = if first.is_whitespace() {
            format!(
                "{} at the start of {}; a path starts with `$`",
                describe_char(first),
                quote(src)
            )
        } else if src.starts_with("States.") {
            format!(
                "{} is an intrinsic function call, not a path; intrinsic functions are only \
                 allowed as the value of a key ending in `.$` in a payload template \
                 (`Parameters`, `ItemSelector`, `ResultSelector`)",
                quote(src)
            )
        } else if src.starts_with("{%") {
            format!(
                "{} is a JSONata expression, but this field takes a JSONPath; {HINT}",
                quote(src)
            )
        } else {
            format!(
                "{} is not a path: a path starts with `$`, e.g. `$.{}`",
                quote(src),
                excerpt(src.trim_start_matches(['.', '@']), 24)
            )
        };
        return Err(ExprError::at(message, 0));
    }
    let (path, end) = scan(src, 0, kind, options)?;
    if end >= src.len() {
        return Ok(path);
    }
    Err(leftover_error(src, end))
}

/// Error for text left over after a complete path (only whitespace, `,` or `)` stop a path
/// without an error from [`scan`]).
fn leftover_error(src: &str, end: usize) -> ExprError {
    let c = src[end..].chars().next().unwrap_or(' ');
    let message = if c.is_whitespace() {
        if src[end..].trim().is_empty() {
            format!("trailing whitespace at position {end} after the path")
        } else {
            format!(
                "unexpected {} at position {end}; a path cannot contain spaces: \
                 write a name with spaces in brackets, like `$['first name']`",
                describe_char(c)
            )
        }
    } else {
        match c {
            ',' => format!(
                "unexpected `,` at position {end}; to select several items use a union inside \
                 brackets, like `$.list[0,1]` or `$['a','b']`"
            ),
            ')' => format!("unmatched `)` at position {end}"),
            _ => format!("unexpected {} at position {end}; {HINT}", describe_char(c)),
        }
    };
    ExprError::at(message, end)
}

/// Parses the path that starts at byte `start` of `src` (which must be a `$`) and returns it
/// with the byte index where it ends: the end of `src`, or the first whitespace, `,` or `)`
/// that follows a complete path (so an intrinsic function argument list can continue from
/// there). Everything else that cannot continue the path is an error. Spans are offsets into
/// `src`.
pub(crate) fn scan(
    src: &str,
    start: usize,
    kind: PathKind,
    options: PathOptions,
) -> Result<(Path, usize), ExprError> {
    let mut p = Parser {
        src,
        pos: start,
        kind,
        options,
    };
    let root = p.root()?;
    let steps = p.steps(Mode::Top, 0)?;
    let path = Path {
        root,
        steps,
        span: Span::new(start, p.pos),
    };
    Ok((path, p.pos))
}

/// Where a path is being read: at top level, or as the `@...` operand inside a filter (where
/// operators and `)` end a name).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Top,
    Filter,
}

/// What a bracket step holds, before its span is known.
enum Inner {
    Names(Vec<String>),
    Wildcard,
    Filter(Filter),
    Script(i64),
    Indexes(Vec<i64>),
    Slice(Option<i64>, Option<i64>),
}

/// One side of a filter comparison.
enum Operand {
    Path(RelativePath),
    Literal(Literal, Span),
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    kind: PathKind,
    options: PathOptions,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek2(&self) -> Option<char> {
        let mut it = self.rest().chars();
        it.next();
        it.next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// Error for a step that selects several nodes inside a Reference Path.
    fn not_single(&self, what: &str, at: usize) -> ExprError {
        ExprError::at(
            format!(
                "{what} at position {at} can select several nodes, but this field needs a \
                 reference path that identifies exactly one node: use only `.name`, `['name']` \
                 and `[n]` steps"
            ),
            at,
        )
    }

    fn root(&mut self) -> Result<Root, ExprError> {
        let start = self.pos;
        if !self.eat("$") {
            let c = self.peek().unwrap_or(' ');
            return Err(ExprError::at(
                format!(
                    "expected `$` at position {}, found {}; {HINT}",
                    self.pos,
                    describe_char(c)
                ),
                self.pos,
            ));
        }
        match self.peek() {
            Some('$') => {
                if !self.options.allow_context {
                    return Err(ExprError::at(
                        format!(
                            "the context object `$$` cannot be used in this field (position \
                             {start}); use a path into the state's data that starts with `$.`"
                        ),
                        start,
                    ));
                }
                self.pos += 1;
                Ok(Root::Context)
            }
            Some(c) if self.options.allow_variables && (c.is_alphabetic() || c == '_') => {
                let name_start = self.pos;
                while let Some(c) = self.peek() {
                    if c.is_alphanumeric() || c == '_' {
                        self.pos += c.len_utf8();
                    } else {
                        break;
                    }
                }
                Ok(Root::Variable {
                    name: self.src[name_start..self.pos].to_string(),
                    span: Span::new(start, self.pos),
                })
            }
            _ => Ok(Root::Input),
        }
    }

    /// Reads steps until the path ends. In `Mode::Top` a path ends at the end of input or at
    /// whitespace, `,` or `)`; in `Mode::Filter` also at the filter operators.
    fn steps(&mut self, mode: Mode, depth: usize) -> Result<Vec<Step>, ExprError> {
        let mut steps = Vec::new();
        loop {
            let Some(c) = self.peek() else {
                return Ok(steps);
            };
            match c {
                '.' => steps.push(self.dot_step(mode, depth)?),
                '[' => steps.push(self.bracket(depth)?),
                _ => {
                    if ends_path(c, mode) {
                        return Ok(steps);
                    }
                    return Err(self.after_step_error(c));
                }
            }
        }
    }

    /// A character that cannot follow a complete step.
    fn after_step_error(&self, c: char) -> ExprError {
        let at = self.pos;
        let prev = self.src[..at].chars().next_back().unwrap_or('$');
        let message = match prev {
            '$' if !is_word_char(c) => format!(
                "expected `.` or `[` after `$` at position {at}, found {}; {HINT}",
                describe_char(c)
            ),
            '$' => {
                let root = if self.src[..at].ends_with("$$") {
                    "$$"
                } else {
                    "$"
                };
                let note = if !self.options.allow_variables {
                    " (workflow variables like `$name` are not allowed in this field)"
                } else if root == "$" {
                    // Only a name that does not start with a letter or `_` gets here.
                    " (a workflow variable name starts with a letter or `_`)"
                } else {
                    ""
                };
                format!(
                    "expected `.` or `[` after `{root}` at position {at}, found {}; did you mean \
                     `{root}.{}`?{note}",
                    describe_char(c),
                    excerpt(
                        self.src[at..]
                            .split(|c| ends_path(c, Mode::Top))
                            .next()
                            .unwrap_or(""),
                        24
                    )
                )
            }
            '*' => format!(
                "unexpected {} at position {at} after `*`; a wildcard stands alone, \
                 like `$.list[*]` or `$.map.*`",
                describe_char(c)
            ),
            ']' => format!(
                "unexpected {} at position {at} after `]`; continue with `.name` or `[...]`, \
                 like `$.list[0].name`",
                describe_char(c)
            ),
            '@' => format!(
                "unexpected {} at position {at} after `@`; in a filter `@` is the current item, \
                 followed by `.name` or `[...]`",
                describe_char(c)
            ),
            _ => format!("unexpected {} at position {at}; {HINT}", describe_char(c)),
        };
        ExprError::at(message, at)
    }

    fn dot_step(&mut self, mode: Mode, depth: usize) -> Result<Step, ExprError> {
        let dot = self.pos;
        self.pos += 1;
        if self.peek() == Some('.') {
            // Recursive descent.
            self.pos += 1;
            if self.kind == PathKind::ReferencePath {
                return Err(self.not_single("recursive descent `..`", dot));
            }
            let inner = match self.peek() {
                None => {
                    return Err(ExprError::at(
                        format!(
                            "path ends with `..` at position {dot}; recursive descent needs a \
                             name, like `$..name`"
                        ),
                        dot,
                    ))
                }
                Some('.') => {
                    return Err(ExprError::at(
                        format!(
                            "unexpected `.` at position {}; write `$..name` (two dots) for \
                             recursive descent",
                            self.pos
                        ),
                        self.pos,
                    ))
                }
                Some('[') => self.bracket(depth)?,
                Some('*') => {
                    let star = self.pos;
                    self.wildcard_name(mode)?;
                    Step::Wildcard {
                        span: Span::new(star, self.pos),
                    }
                }
                Some(_) => {
                    let start = self.pos;
                    let name = self.name(mode, dot)?;
                    Step::Field {
                        name,
                        span: Span::new(start, self.pos),
                    }
                }
            };
            return Ok(Step::Descendant {
                step: Box::new(inner),
                span: Span::new(dot, self.pos),
            });
        }
        match self.peek() {
            None => Err(ExprError::at(
                format!("path ends with `.` at position {dot}; add a field name, like `$.field`"),
                dot,
            )),
            Some('*') => {
                if self.kind == PathKind::ReferencePath {
                    return Err(self.not_single("wildcard `.*`", dot));
                }
                self.wildcard_name(mode)?;
                Ok(Step::Wildcard {
                    span: Span::new(dot, self.pos),
                })
            }
            Some('[') => Err(ExprError::at(
                format!(
                    "unexpected `.` before `[` at position {dot}; write brackets right after the \
                     previous step, like `$.a['b c']` or `$.list[0]`"
                ),
                dot,
            )),
            Some(_) => {
                let name = self.name(mode, dot)?;
                Ok(Step::Field {
                    name,
                    span: Span::new(dot, self.pos),
                })
            }
        }
    }

    /// `*` after `.` or `..`: must stand alone.
    fn wildcard_name(&mut self, mode: Mode) -> Result<(), ExprError> {
        self.pos += 1; // '*'
        match self.peek() {
            None | Some('.') | Some('[') => Ok(()),
            Some(c) if ends_path(c, mode) => Ok(()),
            Some(c) => Err(self.after_step_error(c)),
        }
    }

    /// A dot-notation name (after `.` at byte `dot`); returns it with escapes removed.
    fn name(&mut self, mode: Mode, dot: usize) -> Result<String, ExprError> {
        let start = self.pos;
        let mut name = String::new();
        while let Some(c) = self.peek() {
            if c == '.' || c == '[' || ends_path(c, mode) {
                break;
            }
            match c {
                '\\' => {
                    self.pos += 1;
                    match self.bump() {
                        Some(e) if !e.is_control() => name.push(e),
                        Some(e) => {
                            let at = self.pos - e.len_utf8();
                            return Err(ExprError::at(
                                format!("{} cannot be escaped at position {at}", describe_char(e)),
                                at,
                            ));
                        }
                        None => {
                            return Err(ExprError::at(
                                format!(
                                    "path ends with an escaping `\\` at position {}",
                                    self.pos - 1
                                ),
                                self.pos - 1,
                            ))
                        }
                    }
                }
                '(' => {
                    let name = &self.src[start..self.pos];
                    return Err(ExprError::at(
                        format!(
                            "function calls such as `{}()` are not supported in Step Functions \
                             paths (position {}); use an intrinsic function such as \
                             `States.ArrayLength` in a payload template instead",
                            excerpt(name, 24),
                            self.pos
                        ),
                        self.pos,
                    ));
                }
                ']' => {
                    return Err(ExprError::at(
                        format!("unmatched `]` at position {}; {HINT}", self.pos),
                        self.pos,
                    ))
                }
                '\'' | '"' | '=' | '<' | '>' | '!' => {
                    return Err(ExprError::at(
                        format!(
                            "{} is not allowed in a name (position {}); write names with special \
                             characters in brackets, like `$['{}']`",
                            describe_char(c),
                            self.pos,
                            if c == '\'' { "it\\'s" } else { "a=b" }
                        ),
                        self.pos,
                    ))
                }
                _ if c.is_control() => {
                    return Err(ExprError::at(
                        format!(
                            "{} is not allowed in a name (position {})",
                            describe_char(c),
                            self.pos
                        ),
                        self.pos,
                    ))
                }
                _ => {
                    name.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
        if self.pos == start {
            let c = self.peek();
            let message = match c {
                Some(c) if c.is_whitespace() => format!(
                    "expected a field name after `.` at position {dot}, found {}",
                    describe_char(c)
                ),
                Some(c) => format!(
                    "expected a field name after `.` at position {dot}, found {}; {HINT}",
                    describe_char(c)
                ),
                None => format!("path ends with `.` at position {dot}; add a field name"),
            };
            return Err(ExprError::at(message, dot));
        }
        Ok(name)
    }

    /// `[ ... ]` starting at the current `[`.
    fn bracket(&mut self, depth: usize) -> Result<Step, ExprError> {
        let open = self.pos;
        self.pos += 1;
        self.skip_ws();
        let Some(c) = self.peek() else {
            return Err(unclosed_bracket(open));
        };
        let inner = match c {
            '\'' | '"' => {
                let mut names = vec![self.quoted()?];
                self.skip_ws();
                while self.peek() == Some(',') {
                    let comma = self.pos;
                    if self.kind == PathKind::ReferencePath {
                        return Err(self.not_single("union `,`", comma));
                    }
                    self.pos += 1;
                    self.skip_ws();
                    match self.peek() {
                        Some('\'') | Some('"') => names.push(self.quoted()?),
                        None => return Err(unclosed_bracket(open)),
                        Some(c) => {
                            return Err(ExprError::at(
                                format!(
                                    "expected a quoted name after `,` at position {}, found {}",
                                    self.pos,
                                    describe_char(c)
                                ),
                                self.pos,
                            ))
                        }
                    }
                    self.skip_ws();
                }
                Inner::Names(names)
            }
            '*' => {
                if self.kind == PathKind::ReferencePath {
                    return Err(self.not_single("wildcard `[*]`", open));
                }
                self.pos += 1;
                self.skip_ws();
                Inner::Wildcard
            }
            '?' => {
                if self.kind == PathKind::ReferencePath {
                    return Err(self.not_single("filter `[?(...)]`", open));
                }
                self.pos += 1;
                if self.peek() != Some('(') {
                    return Err(ExprError::at(
                        format!(
                            "expected `(` after `[?` at position {}; a filter looks like \
                             `[?(@.price > 10)]`",
                            self.pos
                        ),
                        self.pos,
                    ));
                }
                let paren = self.pos;
                self.pos += 1;
                if depth + 1 > MAX_FILTER_DEPTH {
                    return Err(ExprError::at(
                        format!(
                            "filters nest more than {MAX_FILTER_DEPTH} levels deep at position \
                             {open}"
                        ),
                        open,
                    ));
                }
                let filter = self.filter_or(depth + 1)?;
                self.skip_ws();
                match self.peek() {
                    Some(')') => self.pos += 1,
                    None => {
                        return Err(ExprError::at(
                            format!(
                                "unclosed `(` at position {paren} in the filter starting at \
                                 position {open}"
                            ),
                            paren,
                        ))
                    }
                    Some(']') => {
                        return Err(ExprError::at(
                            format!(
                                "expected `)` at position {} to close the filter `(` at \
                                 position {paren}",
                                self.pos
                            ),
                            self.pos,
                        ))
                    }
                    Some(c) => {
                        return Err(ExprError::at(
                            format!(
                                "unexpected {} at position {} in a filter; combine conditions \
                                 with `&&` or `||`, like `[?(@.a > 1 && @.b == 'x')]`",
                                describe_char(c),
                                self.pos
                            ),
                            self.pos,
                        ))
                    }
                }
                self.skip_ws();
                Inner::Filter(filter)
            }
            '(' => {
                if self.kind == PathKind::ReferencePath {
                    return Err(self.not_single("script expression `[(...)]`", open));
                }
                let n = self.script(open)?;
                self.skip_ws();
                Inner::Script(n)
            }
            '-' | ':' | '0'..='9' => self.index_or_slice(open)?,
            ']' => {
                return Err(ExprError::at(
                    format!(
                        "empty brackets `[]` at position {open}; put an index, a quoted name, \
                         `*`, a slice or a filter inside"
                    ),
                    open,
                ))
            }
            _ => {
                return Err(ExprError::at(
                    format!(
                        "unexpected {} at position {} inside `[...]`; brackets hold an index \
                         `[0]`, a quoted name `['key']`, `[*]`, a slice `[1:3]` or a filter \
                         `[?(@.x > 1)]`",
                        describe_char(c),
                        self.pos
                    ),
                    self.pos,
                ))
            }
        };
        match self.peek() {
            Some(']') => self.pos += 1,
            None => return Err(unclosed_bracket(open)),
            Some(c) => {
                return Err(ExprError::at(
                    format!(
                        "expected `]` at position {} to close the `[` at position {open}, \
                         found {}",
                        self.pos,
                        describe_char(c)
                    ),
                    self.pos,
                ))
            }
        }
        let span = Span::new(open, self.pos);
        Ok(match inner {
            Inner::Names(mut names) if names.len() == 1 => Step::Field {
                name: names.pop().unwrap_or_default(),
                span,
            },
            Inner::Names(names) => Step::NameUnion { names, span },
            Inner::Wildcard => Step::Wildcard { span },
            Inner::Filter(filter) => Step::Filter { filter, span },
            Inner::Script(n) => Step::LengthMinus { n, span },
            Inner::Indexes(mut indexes) if indexes.len() == 1 => Step::Index {
                index: indexes.pop().unwrap_or_default(),
                span,
            },
            Inner::Indexes(indexes) => Step::IndexUnion { indexes, span },
            Inner::Slice(start, end) => Step::Slice { start, end, span },
        })
    }

    /// A quoted name or string starting at the current `'` or `"`; returns it with escapes
    /// removed (a backslash makes the next character literal).
    fn quoted(&mut self) -> Result<String, ExprError> {
        let open = self.pos;
        let q = self.bump().unwrap_or('\'');
        let unclosed = || {
            ExprError::at(
                format!("unclosed string: the `{q}` at position {open} has no closing `{q}`"),
                open,
            )
        };
        let mut out = String::new();
        loop {
            match self.bump() {
                None => return Err(unclosed()),
                Some('\\') => match self.bump() {
                    Some(e) => out.push(e),
                    None => return Err(unclosed()),
                },
                Some(c) if c == q => return Ok(out),
                Some(c) => out.push(c),
            }
        }
    }

    /// An optionally negative integer; returns its value and whether it was written with `-`,
    /// or `None` when there is none.
    fn int(&mut self) -> Result<Option<(i64, bool)>, ExprError> {
        let start = self.pos;
        let neg = self.eat("-");
        let digits = self.pos;
        while matches!(self.peek(), Some('0'..='9')) {
            self.pos += 1;
        }
        if self.pos == digits {
            if neg {
                return Err(ExprError::at(
                    format!("expected a digit after `-` at position {start}"),
                    start,
                ));
            }
            return Ok(None);
        }
        let Ok(value) = self.src[digits..self.pos].parse::<i32>() else {
            return Err(ExprError::at(
                format!(
                    "index `{}` at position {start} is too large",
                    excerpt(&self.src[start..self.pos], 24)
                ),
                start,
            ));
        };
        let value = i64::from(value);
        Ok(Some((if neg { -value } else { value }, neg)))
    }

    /// `[0]`, `[-1]`, `[0,1]`, `[1:3]`, `[:2]`, `[-2:]` after the `[` at `open`.
    fn index_or_slice(&mut self, open: usize) -> Result<Inner, ExprError> {
        let first = self.int()?;
        let ws = self.pos;
        self.skip_ws();
        if self.peek() == Some(':') {
            if self.kind == PathKind::ReferencePath {
                return Err(self.not_single("slice `[:]`", open));
            }
            // Jayway refuses spaces inside a slice (and so does asl-validator).
            let no_spaces = |at: usize| {
                ExprError::at(
                    format!(
                        "unexpected space at position {at} in a slice; write it without \
                         spaces, like `[1:3]`"
                    ),
                    at,
                )
            };
            if self.pos != ws {
                return Err(no_spaces(ws));
            }
            self.pos += 1;
            if self.peek().is_some_and(char::is_whitespace) {
                return Err(no_spaces(self.pos));
            }
            let second = self.int()?;
            if first.is_none() && second.is_none() {
                return Err(ExprError::at(
                    format!(
                        "a slice needs a start or an end at position {open}, like `[1:3]`, \
                         `[:2]` or `[2:]`"
                    ),
                    open,
                ));
            }
            self.skip_ws();
            if self.peek() == Some(':') {
                return Err(ExprError::at(
                    format!(
                        "slice steps are not supported (position {}); use `[start:end]`",
                        self.pos
                    ),
                    self.pos,
                ));
            }
            return Ok(Inner::Slice(first.map(|f| f.0), second.map(|s| s.0)));
        }
        let Some((value, neg)) = first else {
            // Unreachable: a `:` or digit or `-` started this; keep a message anyway.
            return Err(ExprError::at(
                format!("expected an index at position {}", self.pos),
                self.pos,
            ));
        };
        if neg && self.kind == PathKind::ReferencePath {
            return Err(self.not_single("negative index", open));
        }
        let mut indexes = vec![value];
        while self.peek() == Some(',') {
            if self.kind == PathKind::ReferencePath {
                return Err(self.not_single("union `,`", self.pos));
            }
            self.pos += 1;
            self.skip_ws();
            match self.int()? {
                Some((value, _)) => indexes.push(value),
                None => {
                    return Err(match self.peek() {
                        None => unclosed_bracket(open),
                        Some(c) => ExprError::at(
                            format!(
                                "expected an index after `,` at position {}, found {}",
                                self.pos,
                                describe_char(c)
                            ),
                            self.pos,
                        ),
                    });
                }
            }
            self.skip_ws();
        }
        Ok(Inner::Indexes(indexes))
    }

    /// `(@.length-1)` after the `[` at `open`; returns the number after `-`.
    fn script(&mut self, open: usize) -> Result<i64, ExprError> {
        let bad = |at: usize| {
            ExprError::at(
                format!(
                    "unsupported script expression at position {at}; the only one allowed is \
                     `[(@.length-N)]` (position {open})"
                ),
                at,
            )
        };
        self.pos += 1; // '('
        self.skip_ws();
        if !self.eat("@.length") {
            return Err(bad(self.pos));
        }
        self.skip_ws();
        if !self.eat("-") {
            return Err(bad(self.pos));
        }
        self.skip_ws();
        let n = match self.int()? {
            Some((n, false)) => n,
            _ => return Err(bad(self.pos)),
        };
        self.skip_ws();
        if !self.eat(")") {
            return Err(bad(self.pos));
        }
        Ok(n)
    }

    fn filter_or(&mut self, depth: usize) -> Result<Filter, ExprError> {
        let mut operands = vec![self.filter_and(depth)?];
        loop {
            self.skip_ws();
            if self.eat("||") {
                operands.push(self.filter_and(depth)?);
            } else {
                return Ok(combine(operands, |operands, span| Filter::Or {
                    operands,
                    span,
                }));
            }
        }
    }

    fn filter_and(&mut self, depth: usize) -> Result<Filter, ExprError> {
        let mut operands = vec![self.filter_unary(depth)?];
        loop {
            self.skip_ws();
            if self.eat("&&") {
                operands.push(self.filter_unary(depth)?);
            } else {
                return Ok(combine(operands, |operands, span| Filter::And {
                    operands,
                    span,
                }));
            }
        }
    }

    fn filter_unary(&mut self, depth: usize) -> Result<Filter, ExprError> {
        self.skip_ws();
        match self.peek() {
            Some('!') => {
                let at = self.pos;
                self.pos += 1;
                self.skip_ws();
                if self.peek() != Some('@') {
                    return Err(ExprError::at(
                        format!(
                            "`!` at position {at} must be followed by `@...`, like \
                             `[?(!@.done)]`"
                        ),
                        at,
                    ));
                }
                let path = self.relative_path(depth)?;
                Ok(Filter::Not {
                    path,
                    span: Span::new(at, self.pos),
                })
            }
            Some('(') => {
                let open = self.pos;
                if depth + 1 > MAX_FILTER_DEPTH {
                    return Err(ExprError::at(
                        format!(
                            "filter expression nests more than {MAX_FILTER_DEPTH} levels deep \
                             at position {open}"
                        ),
                        open,
                    ));
                }
                self.pos += 1;
                let inner = self.filter_or(depth + 1)?;
                self.skip_ws();
                if !self.eat(")") {
                    return Err(match self.peek() {
                        None => ExprError::at(
                            format!("unclosed `(` at position {open} in a filter"),
                            open,
                        ),
                        Some(c) => ExprError::at(
                            format!(
                                "expected `)` at position {} to close the `(` at position \
                                 {open}, found {}",
                                self.pos,
                                describe_char(c)
                            ),
                            self.pos,
                        ),
                    });
                }
                Ok(inner)
            }
            _ => self.comparison(depth),
        }
    }

    fn comparison(&mut self, depth: usize) -> Result<Filter, ExprError> {
        let start = self.pos;
        let left = self.operand(depth)?;
        self.skip_ws();
        let at = self.pos;
        let rest = self.rest();
        let op = if rest.starts_with("==") {
            Some(CompareOp::Eq)
        } else if rest.starts_with("!=") {
            Some(CompareOp::Ne)
        } else if rest.starts_with("<=") {
            Some(CompareOp::Le)
        } else if rest.starts_with(">=") {
            Some(CompareOp::Ge)
        } else if rest.starts_with('<') {
            Some(CompareOp::Lt)
        } else if rest.starts_with('>') {
            Some(CompareOp::Gt)
        } else if rest.starts_with("=~") {
            return Err(ExprError::at(
                format!(
                    "regular expression filters (`=~`, position {at}) are not supported by \
                     Step Functions; compare with `==`, `!=`, `<`, `<=`, `>` or `>=`"
                ),
                at,
            ));
        } else if rest.starts_with('=') {
            return Err(ExprError::at(
                format!("`=` at position {at} is not a comparison; use `==`"),
                at,
            ));
        } else if let Some(word) = word_operator(rest) {
            return Err(ExprError::at(
                format!(
                    "the `{word}` operator (position {at}) is not supported by Step Functions; \
                     compare with `==`, `!=`, `<`, `<=`, `>` or `>=`"
                ),
                at,
            ));
        } else {
            None
        };
        let Some(op) = op else {
            return match left {
                Operand::Path(path) => Ok(Filter::Exists(path)),
                Operand::Literal(..) => Err(ExprError::at(
                    format!(
                        "a filter condition must test the current item `@` (position {at}), \
                         like `[?(@.done)]` or `[?(@.count > 1)]`"
                    ),
                    at,
                )),
            };
        };
        let Operand::Path(left) = left else {
            return Err(ExprError::at(
                format!(
                    "the left side of a comparison must be the current item `@...` (position \
                     {start}); write it first, like `@.count > 1`"
                ),
                start,
            ));
        };
        self.pos += op.as_str().len();
        self.skip_ws();
        let right = self.pos;
        match self.operand(depth)? {
            Operand::Path(_) => Err(ExprError::at(
                format!(
                    "comparing with another value of the item (`@` at position {right}) is not \
                     supported by Step Functions; compare `@...` with a string, a number, \
                     `true`, `false` or `null`"
                ),
                right,
            )),
            Operand::Literal(literal, right_span) => Ok(Filter::Compare {
                left,
                op,
                right: literal,
                right_span,
                span: Span::new(start, self.pos),
            }),
        }
    }

    /// One side of a comparison.
    fn operand(&mut self, depth: usize) -> Result<Operand, ExprError> {
        let at = self.pos;
        let Some(c) = self.peek() else {
            return Err(ExprError::at(
                format!("filter ends at position {at}; expected a condition like `@.price > 10`"),
                at,
            ));
        };
        let literal = match c {
            '@' => return Ok(Operand::Path(self.relative_path(depth)?)),
            '$' => {
                return Err(ExprError::at(
                    format!(
                        "a filter cannot refer to another value of the input (`$` at position \
                         {at}); Step Functions only compares the current item `@` with literal \
                         values"
                    ),
                    at,
                ))
            }
            '\'' | '"' => Literal::String(self.quoted()?),
            '-' | '0'..='9' => Literal::Number(self.number()?),
            '/' => {
                return Err(ExprError::at(
                    format!(
                        "regular expressions (position {at}) are not supported in Step \
                         Functions filters"
                    ),
                    at,
                ))
            }
            '[' | '{' => {
                return Err(ExprError::at(
                    format!(
                        "lists and objects (position {at}) are not supported in Step Functions \
                         filters; compare `@...` with a string, a number, `true`, `false` or \
                         `null`"
                    ),
                    at,
                ))
            }
            _ => {
                let words = [
                    ("true", Literal::Bool(true)),
                    ("false", Literal::Bool(false)),
                    ("null", Literal::Null),
                ];
                let rest = self.rest();
                let found = words.into_iter().find(|(word, _)| {
                    rest.starts_with(word)
                        && !rest[word.len()..].chars().next().is_some_and(is_word_char)
                });
                if let Some((word, literal)) = found {
                    self.pos += word.len();
                    literal
                } else if is_word_char(c) {
                    let word: String = rest.chars().take_while(|&c| is_word_char(c)).collect();
                    return Err(ExprError::at(
                        format!(
                            "bare word `{}` at position {at} in a filter; quote strings, like \
                             `'{}'`",
                            excerpt(&word, 24),
                            excerpt(&word, 24)
                        ),
                        at,
                    ));
                } else {
                    return Err(ExprError::at(
                        format!(
                            "expected `@`, a string, a number, `true`, `false` or `null` at \
                             position {at} in a filter, found {}",
                            describe_char(c)
                        ),
                        at,
                    ));
                }
            }
        };
        Ok(Operand::Literal(literal, Span::new(at, self.pos)))
    }

    /// JSON-style number literal inside a filter.
    fn number(&mut self) -> Result<f64, ExprError> {
        let at = self.pos;
        self.eat("-");
        let digits = self.pos;
        while matches!(self.peek(), Some('0'..='9')) {
            self.pos += 1;
        }
        if self.pos == digits {
            return Err(ExprError::at(
                format!("expected a digit after `-` at position {at}"),
                at,
            ));
        }
        if self.peek() == Some('.') && matches!(self.peek2(), Some('0'..='9')) {
            self.pos += 1;
            while matches!(self.peek(), Some('0'..='9')) {
                self.pos += 1;
            }
        }
        if matches!(self.peek(), Some('e') | Some('E')) {
            let save = self.pos;
            self.pos += 1;
            if matches!(self.peek(), Some('+') | Some('-')) {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some('0'..='9')) {
                self.pos = save;
            }
            while matches!(self.peek(), Some('0'..='9')) {
                self.pos += 1;
            }
        }
        // The text is digits with an optional sign, fraction and exponent: it always parses.
        Ok(self.src[at..self.pos].parse::<f64>().unwrap_or(f64::NAN))
    }

    /// `@` followed by steps, inside a filter.
    fn relative_path(&mut self, depth: usize) -> Result<RelativePath, ExprError> {
        let at = self.pos;
        self.pos += 1; // '@'
        let steps = self.steps(Mode::Filter, depth)?;
        Ok(RelativePath {
            steps,
            span: Span::new(at, self.pos),
        })
    }
}

/// One operand as is, or several combined into an `Or` / `And` spanning them all.
fn combine(mut operands: Vec<Filter>, make: fn(Vec<Filter>, Span) -> Filter) -> Filter {
    if operands.len() == 1 {
        if let Some(only) = operands.pop() {
            return only;
        }
    }
    let start = operands.first().map_or(0, |f| f.span().start);
    let end = operands.last().map_or(0, |f| f.span().end);
    make(operands, Span::new(start, end))
}

/// Characters that end a path (or a name) without being an error at this level.
fn ends_path(c: char, mode: Mode) -> bool {
    if c.is_whitespace() || c == ',' || c == ')' {
        return true;
    }
    mode == Mode::Filter && matches!(c, '=' | '!' | '<' | '>' | '&' | '|' | ']')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Jayway's word operators, which Step Functions does not support.
fn word_operator(rest: &str) -> Option<&'static str> {
    [
        "subsetof", "contains", "noneof", "anyof", "empty", "size", "nin", "in",
    ]
    .into_iter()
    .find(|w| rest.starts_with(w) && !rest[w.len()..].chars().next().is_some_and(is_word_char))
}

fn unclosed_bracket(open: usize) -> ExprError {
    ExprError::at(format!("unclosed `[` at position {open}; {HINT}"), open)
}

// ---------------------------------------------------------------------------------------------
// Display: the canonical text form.

/// Whether a name can be written in dot notation without escapes.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// Writes `s` in single quotes, escaping `'` and `\`.
fn write_quoted(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str("'")?;
    for c in s.chars() {
        if c == '\'' || c == '\\' {
            f.write_str("\\")?;
        }
        write!(f, "{c}")?;
    }
    f.write_str("'")
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.root {
            Root::Input => f.write_str("$")?,
            Root::Context => f.write_str("$$")?,
            Root::Variable { name, .. } => write!(f, "${name}")?,
        }
        for step in &self.steps {
            write!(f, "{step}")?;
        }
        Ok(())
    }
}

impl fmt::Display for RelativePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("@")?;
        for step in &self.steps {
            write!(f, "{step}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Field { name, .. } if is_plain_name(name) => write!(f, ".{name}"),
            Step::Field { name, .. } => {
                f.write_str("[")?;
                write_quoted(f, name)?;
                f.write_str("]")
            }
            Step::Wildcard { .. } => f.write_str("[*]"),
            Step::Descendant { step, .. } => match &**step {
                Step::Field { name, .. } if is_plain_name(name) => write!(f, "..{name}"),
                Step::Wildcard { .. } => f.write_str("..*"),
                inner => write!(f, "..{inner}"),
            },
            Step::Index { index, .. } => write!(f, "[{index}]"),
            Step::IndexUnion { indexes, .. } => {
                f.write_str("[")?;
                for (i, index) in indexes.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{index}")?;
                }
                f.write_str("]")
            }
            Step::NameUnion { names, .. } => {
                f.write_str("[")?;
                for (i, name) in names.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write_quoted(f, name)?;
                }
                f.write_str("]")
            }
            Step::Slice { start, end, .. } => {
                f.write_str("[")?;
                if let Some(start) = start {
                    write!(f, "{start}")?;
                }
                f.write_str(":")?;
                if let Some(end) = end {
                    write!(f, "{end}")?;
                }
                f.write_str("]")
            }
            Step::Filter { filter, .. } => write!(f, "[?({filter})]"),
            Step::LengthMinus { n, .. } => write!(f, "[(@.length-{n})]"),
        }
    }
}

impl fmt::Display for Filter {
    /// Operands that are themselves `||` / `&&` groups are parenthesised where needed to
    /// parse back to the same tree (`&&` inside `||` needs none).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Filter::Or { operands, .. } => write_group(f, operands, " || ", true),
            Filter::And { operands, .. } => write_group(f, operands, " && ", false),
            Filter::Not { path, .. } => write!(f, "!{path}"),
            Filter::Exists(path) => write!(f, "{path}"),
            Filter::Compare {
                left, op, right, ..
            } => write!(f, "{left} {} {right}", op.as_str()),
        }
    }
}

/// Writes the operands of an `||` (`is_or`) or `&&` group.
fn write_group(
    f: &mut fmt::Formatter<'_>,
    operands: &[Filter],
    sep: &str,
    is_or: bool,
) -> fmt::Result {
    for (i, operand) in operands.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        let paren = match operand {
            Filter::Or { .. } => true,
            Filter::And { .. } => !is_or,
            _ => false,
        };
        if paren {
            write!(f, "({operand})")?;
        } else {
            write!(f, "{operand}")?;
        }
    }
    Ok(())
}

impl fmt::Display for CompareOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::String(s) => write_quoted(f, s),
            Literal::Number(n) if n.is_infinite() => {
                // Written as the smallest literal that parses to infinity.
                f.write_str(if *n < 0.0 { "-1e999" } else { "1e999" })
            }
            Literal::Number(n) if n.fract() == 0.0 && n.abs() < 1e16 => write!(f, "{n}"),
            Literal::Number(n) => write!(f, "{n:?}"),
            Literal::Bool(b) => write!(f, "{b}"),
            Literal::Null => f.write_str("null"),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const OPTS: PathOptions = PathOptions {
        allow_context: false,
        allow_variables: false,
    };

    fn opts(ctx: bool) -> PathOptions {
        PathOptions {
            allow_context: ctx,
            allow_variables: false,
        }
    }

    const VARS: PathOptions = PathOptions {
        allow_context: true,
        allow_variables: true,
    };

    fn sp(start: usize, end: usize) -> Span {
        Span::new(start, end)
    }

    /// The tree with every span set to `0..0`, to compare trees of different texts.
    pub(crate) fn strip(p: &Path) -> Path {
        Path {
            root: match &p.root {
                Root::Variable { name, .. } => Root::Variable {
                    name: name.clone(),
                    span: Span::default(),
                },
                other => other.clone(),
            },
            steps: p.steps.iter().map(strip_step).collect(),
            span: Span::default(),
        }
    }

    fn strip_rel(p: &RelativePath) -> RelativePath {
        RelativePath {
            steps: p.steps.iter().map(strip_step).collect(),
            span: Span::default(),
        }
    }

    fn strip_step(s: &Step) -> Step {
        let span = Span::default();
        match s {
            Step::Field { name, .. } => Step::Field {
                name: name.clone(),
                span,
            },
            Step::Wildcard { .. } => Step::Wildcard { span },
            Step::Descendant { step, .. } => Step::Descendant {
                step: Box::new(strip_step(step)),
                span,
            },
            Step::Index { index, .. } => Step::Index {
                index: *index,
                span,
            },
            Step::IndexUnion { indexes, .. } => Step::IndexUnion {
                indexes: indexes.clone(),
                span,
            },
            Step::NameUnion { names, .. } => Step::NameUnion {
                names: names.clone(),
                span,
            },
            Step::Slice { start, end, .. } => Step::Slice {
                start: *start,
                end: *end,
                span,
            },
            Step::Filter { filter, .. } => Step::Filter {
                filter: strip_filter(filter),
                span,
            },
            Step::LengthMinus { n, .. } => Step::LengthMinus { n: *n, span },
        }
    }

    fn strip_filter(f: &Filter) -> Filter {
        let span = Span::default();
        match f {
            Filter::Or { operands, .. } => Filter::Or {
                operands: operands.iter().map(strip_filter).collect(),
                span,
            },
            Filter::And { operands, .. } => Filter::And {
                operands: operands.iter().map(strip_filter).collect(),
                span,
            },
            Filter::Not { path, .. } => Filter::Not {
                path: strip_rel(path),
                span,
            },
            Filter::Exists(path) => Filter::Exists(strip_rel(path)),
            Filter::Compare {
                left, op, right, ..
            } => Filter::Compare {
                left: strip_rel(left),
                op: *op,
                right: right.clone(),
                right_span: span,
                span,
            },
        }
    }

    /// `parse(p).to_string()` parses (with the same kind and options) to the same tree.
    fn round_trip(p: &str, path: &Path, kind: PathKind, options: PathOptions) {
        let text = path.to_string();
        match parse(&text, kind, options) {
            Ok(again) => assert_eq!(
                strip(&again),
                strip(path),
                "{p:?} displayed as {text:?} parses to another tree"
            ),
            Err(e) => panic!("{p:?} displayed as {text:?} does not parse: {e}"),
        }
        // The canonical form is a fixed point.
        assert_eq!(
            parse(&text, kind, options)
                .map(|p| p.to_string())
                .as_deref(),
            Ok(text.as_str())
        );
    }

    fn ok_with(p: &str, kind: PathKind, options: PathOptions) -> Path {
        match parse(p, kind, options) {
            Ok(path) => {
                assert_eq!(path.span, sp(0, p.len()), "{p:?}");
                round_trip(p, &path, kind, options);
                if kind == PathKind::ReferencePath {
                    assert!(path.is_single_node(), "{p:?}");
                }
                path
            }
            Err(e) => panic!("{p:?} ({kind:?}, {options:?}) should be accepted, got: {e}"),
        }
    }

    fn ok(p: &str, kind: PathKind, ctx: bool) -> Path {
        ok_with(p, kind, opts(ctx))
    }

    fn err_with(p: &str, kind: PathKind, options: PathOptions) -> String {
        match parse(p, kind, options) {
            Ok(_) => panic!("{p:?} ({kind:?}, {options:?}) should be rejected"),
            Err(e) => {
                let ExprError { message: e, offset } = e;
                assert!(!e.is_empty());
                assert!(!e.ends_with('.'), "message ends with a period: {e}");
                assert!(
                    e.chars().next().is_some_and(|c| !c.is_uppercase()),
                    "message starts upper case: {e}"
                );
                assert!(
                    offset.is_some_and(|o| o <= p.len()),
                    "{p:?}: offset {offset:?} for {e}"
                );
                e
            }
        }
    }

    fn err(p: &str, kind: PathKind, ctx: bool) -> String {
        err_with(p, kind, opts(ctx))
    }

    /// Accepted both as Path and as Reference Path.
    const SINGLE_NODE: &[&str] = &[
        "$",
        "$.a",
        "$.a.b",
        "$.a[0]",
        "$.a[0][1].b",
        "$[0]",
        "$['a b']",
        "$[\"a b\"]",
        "$['a']['b']",
        "$['store'][0]['book']",
        "$['it\\'s']",
        "$['']",
        "$[ 0 ]",
        "$[ 'a' ]",
        "$.a-b",
        "$.a_b",
        "$.a1",
        "$.0abc",
        "$.123",
        "$.café",
        "$.日本語",
        "$.&Ж中.𐍆",
        "$.a:b",
        "$.a@b",
        "$.a$b",
        "$.a?b",
        "$.a/b",
        "$.a+b",
        "$.a#b",
        "$.a%b",
        "$.a{b}",
        "$.a&b|c",
        "$.a*",
        "$.store\\.book",
        "$.\\stor\\e.boo\\k",
        "$.foo.\\.bar",
        "$.foo\\@bar.baz\\[\\[.\\?pretty",
        "$.ledgers.branch[0].pending.count",
        "$.ledgers[0][22][315].foo",
        "$.a[2147483647]",
        "$.Payload.body",
    ];

    /// Accepted as Path, rejected as Reference Path.
    const MULTI_NODE: &[&str] = &[
        "$.a[*].b",
        "$[*]",
        "$.*",
        "$.a.*",
        "$.a.*.b",
        "$..x",
        "$..*",
        "$..[0]",
        "$..['a']",
        "$.a..b",
        "$.a[-1]",
        "$.a[0,1]",
        "$.a[0, 1, -2]",
        "$['a','b']",
        "$['a', \"b\"]",
        "$.a[1:3]",
        "$.a[:2]",
        "$.a[2:]",
        "$.a[-2:]",
        "$.a[-3:-1]",
        "$.a[ 1:3 ]",
        "$.a[?(@.b > 1)]",
        "$.a[?(@.b)]",
        "$.a[?(!@.b)]",
        "$.a[?(@)]",
        "$.a[?(@ > 1)]",
        "$.a[?(@.b == 'x')]",
        "$.a[?(@.b == \"x\")]",
        "$.a[?(@.b == 'x,y)]')]",
        "$.a[?(@.b != null)]",
        "$.a[?(@.b == true)]",
        "$.a[?(@.b == false)]",
        "$.a[?(@.b >= -1.5)]",
        "$.a[?(@.b < 1e3)]",
        "$.a[?(@.b <= 2)]",
        "$.a[?(@.b>1)]",
        "$.a[?( @.b > 1 )]",
        "$.a[?(@.b > 1 && @.c < 2)]",
        "$.a[?(@.b > 1 || @.c < 2)]",
        "$.a[?((@.b > 1 || @.c < 2) && @.d)]",
        "$.a[?(@['b c'] == 1)]",
        "$.a[?(@.b[0] == 1)]",
        "$.a[?(@.b.c == 1)].d",
        "$.a[?(@.b[?(@.c == 1)])]",
        "$.a[?(@.price < -10)]",
        "$[(@.length-1)].bar",
        "$.a[( @.length - 2 )]",
        "$.library.movies[?(@.year >= 1992)]",
        "$.store.book[*].author",
        "$.store..price",
    ];

    #[test]
    fn accepts_single_node_paths_in_both_kinds() {
        for p in SINGLE_NODE {
            ok(p, PathKind::Path, false);
            ok(p, PathKind::ReferencePath, false);
        }
    }

    #[test]
    fn accepts_multi_node_paths_only_as_path() {
        for p in MULTI_NODE {
            let path = ok(p, PathKind::Path, false);
            assert!(!path.is_single_node(), "{p:?}");
            let e = err(p, PathKind::ReferencePath, false);
            assert!(
                e.contains("exactly one node"),
                "{p:?}: reference path message should explain single-node paths: {e}"
            );
        }
    }

    #[test]
    fn context_object_only_when_allowed() {
        for p in [
            "$$",
            "$$.Execution.Id",
            "$$.Map.Item.Value",
            "$$.Execution.Input.x",
            "$$.Task.Token",
            "$$['State']['Name']",
        ] {
            assert_eq!(ok(p, PathKind::Path, true).root, Root::Context);
            ok(p, PathKind::ReferencePath, true);
            let e = err(p, PathKind::Path, false);
            assert!(e.contains("context object `$$`"), "{e}");
            let e = err(p, PathKind::ReferencePath, false);
            assert!(e.contains("context object `$$`"), "{e}");
        }
        ok("$$.Execution.Input.list[*]", PathKind::Path, true);
        err("$$.Execution.Input.list[*]", PathKind::ReferencePath, true);
    }

    /// (path, a piece of the expected message)
    const REJECTED: &[(&str, &str)] = &[
        ("", "empty path"),
        (
            "foo",
            "`foo` is not a path: a path starts with `$`, e.g. `$.foo`",
        ),
        (".a", "e.g. `$.a`"),
        ("@.a", "e.g. `$.a`"),
        ("$.a\u{a0}", "trailing whitespace"),
        ("$.a\u{a0}b", "unexpected character U+00A0 at position 3"),
        (" $.a", "a space at the start"),
        ("$.a ", "trailing whitespace at position 3"),
        ("$.a\n", "trailing whitespace"),
        ("$.", "path ends with `.` at position 1"),
        ("$.a.", "path ends with `.` at position 3"),
        ("$.a[", "unclosed `[` at position 3; a path looks like"),
        ("$[abc", "unexpected `a` at position 2 inside `[...]`"),
        ("$[abc]", "inside `[...]`"),
        ("$.a..", "path ends with `..`"),
        ("$...a", "unexpected `.` at position 3"),
        ("$ .a", "unexpected a space at position 1"),
        ("$.a junk", "unexpected a space at position 3"),
        ("$.a b", "`$['first name']`"),
        ("$.a\tb", "unexpected a tab"),
        ("$foo", "did you mean `$.foo`?"),
        ("$$foo", "did you mean `$$.foo`?"),
        ("$.a[0]]", "unexpected `]` at position 6 after `]`"),
        ("$.a]", "unmatched `]` at position 3"),
        ("$.a[0]b", "after `]`"),
        ("$.a)", "unmatched `)` at position 3"),
        ("$.a,b", "unexpected `,` at position 3"),
        ("$.a'b", "`'` is not allowed in a name (position 3)"),
        ("$.a\"b", "`\"` is not allowed in a name"),
        ("$.a=b", "`=` is not allowed in a name"),
        ("$.a<b", "`<` is not allowed in a name"),
        ("$.a!b", "`!` is not allowed in a name"),
        (
            "$.a\u{7}b",
            "control character U+0007 is not allowed in a name",
        ),
        ("$.a(b)", "function calls such as `a()`"),
        (
            "$.length()",
            "function calls such as `length()` are not supported",
        ),
        ("$.a.length()", "`States.ArrayLength`"),
        ("$.a\\", "escaping `\\`"),
        ("$.*a", "after `*`"),
        ("$.a.['b c']", "unexpected `.` before `[` at position 3"),
        ("$[]", "empty brackets `[]` at position 1"),
        ("$[ ]", "empty brackets"),
        ("$['a'", "unclosed `[` at position 1"),
        ("$['a]", "unclosed string: the `'` at position 2"),
        ("$['a' 'b']", "expected `]` at position 6"),
        ("$['a',]", "expected a quoted name after `,`"),
        ("$['a',0]", "expected a quoted name after `,`"),
        ("$[0,]", "expected an index after `,`"),
        ("$[0,'a']", "expected an index after `,`"),
        ("$[-]", "expected a digit after `-`"),
        ("$[:]", "a slice needs a start or an end"),
        ("$[1:2:3]", "slice steps are not supported"),
        ("$[1 :3]", "unexpected space at position 3 in a slice"),
        ("$[1: 3]", "unexpected space at position 4 in a slice"),
        ("$[1.5]", "expected `]` at position 3"),
        ("$[99999999999]", "too large"),
        ("$[?@.a]", "expected `(` after `[?`"),
        (
            "$[?(@.a]",
            "expected `)` at position 7 to close the filter `(` at position 3",
        ),
        ("$[?(@.a)", "unclosed `[` at position 1"),
        ("$[?(@.a > 1)", "unclosed `[`"),
        ("$[?(@.a >)]", "expected `@`, a string, a number"),
        ("$[?(@.a > )]", "expected `@`, a string, a number"),
        ("$[?()]", "expected `@`, a string, a number"),
        ("$[?(@.a = 1)]", "use `==`"),
        ("$[?(@.a =~ /x/)]", "regular expression filters"),
        ("$[?(@.a == /x/)]", "regular expressions"),
        ("$[?(@.a in ['x'])]", "the `in` operator"),
        ("$[?(@.a nin ['x'])]", "the `nin` operator"),
        ("$[?(@.a subsetof ['x'])]", "the `subsetof` operator"),
        ("$[?(@.a size 2)]", "the `size` operator"),
        ("$[?(@.a empty true)]", "the `empty` operator"),
        ("$[?(@.a == $.b)]", "cannot refer to another value"),
        ("$[?(@.a == $$.b)]", "cannot refer to another value"),
        ("$[?(@.k == FooBar)]", "bare word `FooBar`"),
        ("$[?(@.k == TRUE)]", "bare word `TRUE`"),
        ("$[?(@.a == [1])]", "lists and objects"),
        ("$[?(1)]", "must test the current item"),
        ("$[?('x')]", "must test the current item"),
        ("$[?(!1)]", "`!` at position 4 must be followed by `@"),
        (
            "$[?(@.a < @.b)]",
            "comparing with another value of the item (`@` at position 10)",
        ),
        (
            "$[?(1 < @.a)]",
            "the left side of a comparison must be the current item `@...` (position 4)",
        ),
        ("$[?('x' == 'x')]", "the left side of a comparison"),
        (
            "$(",
            "expected `.` or `[` after `$` at position 1, found `(`; a path looks like",
        ),
        ("$:a", "found `:`; a path looks like"),
        ("$[?(@.a > 1 &&)]", "expected `@`, a string"),
        ("$[?(@.a > 1 & @.b)]", "combine conditions with `&&`"),
        ("$[?((@.a > 1)]", "expected `)` at position"),
        ("$[?(@.a > 1 @.b)]", "combine conditions"),
        ("$[?(@x)]", "after `@`"),
        ("$[(@.length)]", "unsupported script expression"),
        ("$[(@.length+1)]", "unsupported script expression"),
        ("$[(1)]", "unsupported script expression"),
        ("States.Format('x')", "intrinsic function call, not a path"),
        ("{% $states.input %}", "JSONata expression"),
        ("$.a[0", "unclosed `[` at position 3"),
        ("$.a[0 1]", "expected `]` at position 6"),
    ];

    #[test]
    fn rejects_with_helpful_messages() {
        for (p, want) in REJECTED {
            let e = err(p, PathKind::Path, true);
            assert!(e.contains(want), "{p:?}: expected {want:?} in: {e}");
            // Garbage is garbage in a Reference Path too.
            err(p, PathKind::ReferencePath, true);
        }
    }

    #[test]
    fn messages_are_unchanged() {
        let cases: &[(&str, &str)] = &[
            (
                "",
                "empty path; a path looks like `$.field`, `$.list[0]` or `$['key']`",
            ),
            (
                "$.a b",
                "unexpected a space at position 3; a path cannot contain spaces: write a name \
                 with spaces in brackets, like `$['first name']`",
            ),
            (
                "$[?(@.a > 1 & @.b)]",
                "unexpected `&` at position 12 in a filter; combine conditions with `&&` or \
                 `||`, like `[?(@.a > 1 && @.b == 'x')]`",
            ),
            (
                "$.a[*]",
                "wildcard `[*]` at position 3 can select several nodes, but this field needs a \
                 reference path that identifies exactly one node: use only `.name`, `['name']` \
                 and `[n]` steps",
            ),
        ];
        for (p, want) in cases {
            let kind = if p.contains('*') {
                PathKind::ReferencePath
            } else {
                PathKind::Path
            };
            assert_eq!(err(p, kind, false), *want);
        }
        let e = parse("$.a[?(@.b == 1e)]", PathKind::Path, OPTS).unwrap_err();
        assert_eq!(e.offset, Some(14));
        let e = parse("$.a.b c", PathKind::Path, OPTS).unwrap_err();
        assert_eq!(e.offset, Some(5));
        assert_eq!(e.to_string(), e.message);
    }

    #[test]
    fn reference_path_messages_name_the_step() {
        let e = err("$.a[*]", PathKind::ReferencePath, false);
        assert!(e.starts_with("wildcard `[*]` at position 3"), "{e}");
        let e = err("$..a", PathKind::ReferencePath, false);
        assert!(e.starts_with("recursive descent `..` at position 1"), "{e}");
        let e = err("$.a[?(@.b)]", PathKind::ReferencePath, false);
        assert!(e.starts_with("filter `[?(...)]` at position 3"), "{e}");
        let e = err("$.a[1:2]", PathKind::ReferencePath, false);
        assert!(e.starts_with("slice `[:]` at position 3"), "{e}");
        let e = err("$.a[-1]", PathKind::ReferencePath, false);
        assert!(e.starts_with("negative index at position 3"), "{e}");
        let e = err("$.a[0,1]", PathKind::ReferencePath, false);
        assert!(e.starts_with("union `,` at position 5"), "{e}");
        let e = err("$['a','b']", PathKind::ReferencePath, false);
        assert!(e.starts_with("union `,` at position 5"), "{e}");
        let e = err("$.*", PathKind::ReferencePath, false);
        assert!(e.starts_with("wildcard `.*` at position 1"), "{e}");
    }

    #[test]
    fn scan_stops_at_argument_separators() {
        let end = |s: &str, start: usize, ctx: bool| {
            scan(s, start, PathKind::Path, opts(ctx)).map(|(_, end)| end)
        };
        let s = "$.a, $['b,c'])";
        assert_eq!(end(s, 0, true), Ok(3));
        assert_eq!(end(s, 5, true), Ok(13));
        let (path, _) = scan(s, 5, PathKind::Path, opts(true)).unwrap();
        assert_eq!(path.span, sp(5, 13));
        assert_eq!(
            path.steps,
            vec![Step::Field {
                name: "b,c".into(),
                span: sp(6, 13)
            }]
        );
        assert_eq!(end("$.a[?(@.b == ')')])", 0, true), Ok(18));
        assert_eq!(end("$$.x y", 0, true), Ok(4));
        assert!(end("$$.x", 0, false).is_err());
        assert_eq!(
            scan("$foo)", 0, PathKind::Path, VARS)
                .map(|(p, end)| (p.variable().map(String::from), end)),
            Ok((Some("foo".to_string()), 4))
        );
    }

    #[test]
    fn tree_shapes_and_spans() {
        let field = |name: &str, start, end| Step::Field {
            name: name.to_string(),
            span: sp(start, end),
        };
        let rel = |steps: Vec<Step>, start, end| RelativePath {
            steps,
            span: sp(start, end),
        };
        let p = |s: &str| ok_with(s, PathKind::Path, VARS);

        assert_eq!(
            p("$.a[0]"),
            Path {
                root: Root::Input,
                steps: vec![
                    field("a", 1, 3),
                    Step::Index {
                        index: 0,
                        span: sp(3, 6)
                    }
                ],
                span: sp(0, 6),
            }
        );
        assert_eq!(p("$['a b']").steps, vec![field("a b", 1, 8)]);
        assert_eq!(p("$[\"it\\'s\"]").steps, vec![field("it's", 1, 10)]);
        assert_eq!(p("$.store\\.book").steps, vec![field("store.book", 1, 13)]);
        assert_eq!(
            p("$$.Execution.Id"),
            Path {
                root: Root::Context,
                steps: vec![field("Execution", 2, 12), field("Id", 12, 15)],
                span: sp(0, 15),
            }
        );
        assert_eq!(
            p("$..x").steps,
            vec![Step::Descendant {
                step: Box::new(field("x", 3, 4)),
                span: sp(1, 4)
            }]
        );
        assert_eq!(
            p("$..[0]").steps,
            vec![Step::Descendant {
                step: Box::new(Step::Index {
                    index: 0,
                    span: sp(3, 6)
                }),
                span: sp(1, 6)
            }]
        );
        assert_eq!(p("$.*").steps, vec![Step::Wildcard { span: sp(1, 3) }]);
        assert_eq!(p("$[ * ]").steps, vec![Step::Wildcard { span: sp(1, 6) }]);
        assert_eq!(
            p("$.a[1:3]").steps[1],
            Step::Slice {
                start: Some(1),
                end: Some(3),
                span: sp(3, 8)
            }
        );
        assert_eq!(
            p("$[-2:]").steps[0],
            Step::Slice {
                start: Some(-2),
                end: None,
                span: sp(1, 6)
            }
        );
        assert_eq!(
            p("$.a[0, 1, -2]").steps[1],
            Step::IndexUnion {
                indexes: vec![0, 1, -2],
                span: sp(3, 13)
            }
        );
        assert_eq!(
            p("$['a',\"b\"]").steps[0],
            Step::NameUnion {
                names: vec!["a".into(), "b".into()],
                span: sp(1, 10)
            }
        );
        assert_eq!(
            p("$[(@.length-1)]").steps[0],
            Step::LengthMinus {
                n: 1,
                span: sp(1, 15)
            }
        );
        assert_eq!(
            p("$.a[?(@.b > 1)]").steps[1],
            Step::Filter {
                filter: Filter::Compare {
                    left: rel(vec![field("b", 7, 9)], 6, 9),
                    op: CompareOp::Gt,
                    right: Literal::Number(1.0),
                    right_span: sp(12, 13),
                    span: sp(6, 13),
                },
                span: sp(3, 15),
            }
        );
        let src = "$[?(@.b > 1 && !@.c || @.d == 'x')]";
        let Step::Filter { filter, span } = &p(src).steps[0] else {
            panic!("not a filter");
        };
        assert_eq!(*span, sp(1, 35));
        assert_eq!(
            *filter,
            Filter::Or {
                operands: vec![
                    Filter::And {
                        operands: vec![
                            Filter::Compare {
                                left: rel(vec![field("b", 5, 7)], 4, 7),
                                op: CompareOp::Gt,
                                right: Literal::Number(1.0),
                                right_span: sp(10, 11),
                                span: sp(4, 11),
                            },
                            Filter::Not {
                                path: rel(vec![field("c", 17, 19)], 16, 19),
                                span: sp(15, 19),
                            },
                        ],
                        span: sp(4, 19),
                    },
                    Filter::Compare {
                        left: rel(vec![field("d", 24, 26)], 23, 26),
                        op: CompareOp::Eq,
                        right: Literal::String("x".into()),
                        right_span: sp(30, 33),
                        span: sp(23, 33),
                    },
                ],
                span: sp(4, 33),
            }
        );
        let Step::Filter { filter, .. } = &p("$[?((@.a))]").steps[0] else {
            panic!("not a filter");
        };
        assert_eq!(*filter, Filter::Exists(rel(vec![field("a", 6, 8)], 5, 8)));
        let Step::Filter { filter, .. } = &p("$[?(@.a != null && @.b == -1.5e1)]").steps[0] else {
            panic!("not a filter");
        };
        let Filter::And { operands, .. } = filter else {
            panic!("not an and");
        };
        assert!(matches!(
            operands[..],
            [
                Filter::Compare {
                    op: CompareOp::Ne,
                    right: Literal::Null,
                    ..
                },
                Filter::Compare {
                    op: CompareOp::Eq,
                    right: Literal::Number(n),
                    ..
                }
            ] if n == -15.0
        ));
        assert_eq!(
            p("$foo.bar"),
            Path {
                root: Root::Variable {
                    name: "foo".into(),
                    span: sp(0, 4)
                },
                steps: vec![field("bar", 4, 8)],
                span: sp(0, 8),
            }
        );
    }

    #[test]
    fn display_writes_a_canonical_form() {
        let cases: &[(&str, &str)] = &[
            ("$", "$"),
            ("$.a.b", "$.a.b"),
            ("$['a']", "$.a"),
            ("$[ 'a b' ]", "$['a b']"),
            ("$[\"it's\"]", "$['it\\'s']"),
            ("$.store\\.book", "$['store.book']"),
            ("$.a\\\\b", "$['a\\\\b']"),
            ("$.*", "$[*]"),
            ("$..*", "$..*"),
            ("$..['a b']", "$..['a b']"),
            ("$.a[ 0 , 1 ]", "$.a[0,1]"),
            ("$.a[007]", "$.a[7]"),
            ("$['a', \"b\"]", "$['a','b']"),
            ("$.a[:2]", "$.a[:2]"),
            ("$.a[( @.length - 2 )]", "$.a[(@.length-2)]"),
            ("$.a[?( @.b>1 )]", "$.a[?(@.b > 1)]"),
            ("$.a[?(@.b < 1e3)]", "$.a[?(@.b < 1000)]"),
            ("$.a[?(@.b >= -1.5)]", "$.a[?(@.b >= -1.5)]"),
            ("$.a[?(@.b == 1e400)]", "$.a[?(@.b == 1e999)]"),
            ("$.a[?(@.b == \"x\")]", "$.a[?(@.b == 'x')]"),
            (
                "$.a[?((@.b > 1 || @.c < 2) && @.d)]",
                "$.a[?((@.b > 1 || @.c < 2) && @.d)]",
            ),
            ("$.a[?(@.b || @.c && @.d)]", "$.a[?(@.b || @.c && @.d)]"),
            ("$.a[?((@.b && @.c) && @.d)]", "$.a[?((@.b && @.c) && @.d)]"),
            ("$.a[?((@.b))]", "$.a[?(@.b)]"),
            ("$.a[?(! @.b)]", "$.a[?(!@.b)]"),
            ("$$['Execution'].Id", "$$.Execution.Id"),
        ];
        for (src, want) in cases {
            let path = ok_with(src, PathKind::Path, VARS);
            assert_eq!(path.to_string(), *want, "{src:?}");
        }
    }

    #[test]
    fn variables_when_allowed() {
        for p in [
            "$foo",
            "$foo.bar",
            "$foo[0]",
            "$foo['a b']",
            "$_x1",
            "$é",
            "$日本",
            "$foo..bar",
            "$foo[?(@.a > 1)]",
        ] {
            let path = ok_with(p, PathKind::Path, VARS);
            assert!(path.variable().is_some(), "{p:?}");
        }
        let path = ok_with("$foo.bar[0]", PathKind::ReferencePath, VARS);
        assert_eq!(path.variable(), Some("foo"));
        assert!(path.is_single_node());
        assert_eq!(ok_with("$.foo", PathKind::Path, VARS).variable(), None);
        // `$$` never starts a variable.
        assert_eq!(
            err_with("$$foo", PathKind::Path, VARS),
            "expected `.` or `[` after `$$` at position 2, found `f`; did you mean `$$.foo`?"
        );
        assert_eq!(
            err_with("$1abc", PathKind::Path, VARS),
            "expected `.` or `[` after `$` at position 1, found `1`; did you mean `$.1abc`? (a \
             workflow variable name starts with a letter or `_`)"
        );
        assert!(err_with("$foo-bar", PathKind::Path, VARS).contains("unexpected `-` at position 4"));
        assert!(err_with("$foo bar", PathKind::Path, VARS).contains("position 4"));
        assert!(err_with("$[?(@.a == $foo)]", PathKind::Path, VARS).contains("cannot refer"));
    }

    #[test]
    fn variables_refused_when_not_allowed() {
        for kind in [PathKind::Path, PathKind::ReferencePath] {
            for ctx in [false, true] {
                assert_eq!(
                    err("$foo", kind, ctx),
                    "expected `.` or `[` after `$` at position 1, found `f`; did you mean \
                     `$.foo`? (workflow variables like `$name` are not allowed in this field)"
                );
                assert!(err("$foo.bar", kind, ctx).contains("did you mean `$.foo.bar`?"));
                assert!(err("$_x", kind, ctx).contains("did you mean `$._x`?"));
            }
        }
        assert_eq!(
            err("$$foo", PathKind::Path, true),
            "expected `.` or `[` after `$$` at position 2, found `f`; did you mean `$$.foo`? \
             (workflow variables like `$name` are not allowed in this field)"
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let mut p = String::from("$");
        for _ in 0..200 {
            p.push_str(".a[?(@");
        }
        for _ in 0..200 {
            p.push_str(")]");
        }
        let e = err(&p, PathKind::Path, false);
        assert!(e.contains("nest more than 32 levels"), "{e}");

        let mut p = String::from("$[?(");
        p.push_str(&"(".repeat(100_000));
        p.push_str("@.a");
        p.push_str(&")".repeat(100_000));
        p.push_str(")]");
        let e = err(&p, PathKind::Path, false);
        assert!(e.contains("nests more than 32 levels"), "{e}");

        // 32 levels are fine.
        let mut p = String::from("$[?(");
        p.push_str(&"(".repeat(31));
        p.push_str("@.a");
        p.push_str(&")".repeat(31));
        p.push_str(")]");
        ok(&p, PathKind::Path, false);

        // So are 32 nested filters, and their canonical form.
        let mut p = String::from("$");
        for _ in 0..MAX_FILTER_DEPTH {
            p.push_str(".a[?(@");
        }
        for _ in 0..MAX_FILTER_DEPTH {
            p.push_str(")]");
        }
        ok(&p, PathKind::Path, false);
    }

    #[test]
    fn huge_and_odd_input_does_not_panic() {
        let long = format!("$.{}", "a".repeat(1_000_000));
        ok(&long, PathKind::ReferencePath, false);
        let long = format!("$.{} x", "é".repeat(100_000));
        let e = err(&long, PathKind::Path, false);
        assert!(
            e.len() < 300,
            "message should stay short: {} bytes",
            e.len()
        );
        let many = "[0]".repeat(200_000);
        ok(&format!("$.a{many}"), PathKind::ReferencePath, false);
        let junk = "x".repeat(1_000_000);
        assert!(err(&junk, PathKind::Path, false).len() < 300);
        let long_var = format!("${}", "v".repeat(1_000_000));
        assert!(err(&long_var, PathKind::Path, false).len() < 300);
        ok_with(&long_var, PathKind::Path, VARS);
        for s in [
            "$",
            "$$",
            "$[",
            "$[?",
            "$[?(",
            "$[?(@",
            "$[?(@.",
            "$[?(@.a =",
            "$[?(@.a == '",
            "$['\\",
            "$.\\",
            "$[(",
            "$[(@.length",
            "$[(@.length-",
            "$[-",
            "$[1:",
            "$..",
            "$.é",
            "$.😀",
            "$[\"😀\"]",
            "$[?(@.é == 'ü')]",
            "\u{0}",
            "$\u{0}",
            "$.\u{200B}",
            "$[?(@.a == 1e)]",
            "$[?(@.a == -)]",
            "$[?(!)]",
            "$[?(@.a ==\u{1F600})]",
            "$é",
            "$😀",
            "$_",
        ] {
            for kind in [PathKind::Path, PathKind::ReferencePath] {
                for allow_context in [false, true] {
                    for allow_variables in [false, true] {
                        let options = PathOptions {
                            allow_context,
                            allow_variables,
                        };
                        if let Ok(p) = parse(s, kind, options) {
                            round_trip(s, &p, kind, options);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn every_prefix_and_byte_split_is_safe() {
        let samples = [
            "$.a[?(@.b > 1 && @['c d'] == 'x\\'y')].é[0,1][-2:]..z",
            "$$.Map.Item.Value['日本'][(@.length-1)]",
            "$vär.x[?(@.a || !@.b && (@.c != 'ü'))]..*",
        ];
        for s in samples {
            for (i, _) in s.char_indices() {
                for options in [opts(true), opts(false), VARS] {
                    for part in [&s[..i], &s[i..]] {
                        if let Ok(p) = parse(part, PathKind::Path, options) {
                            round_trip(part, &p, PathKind::Path, options);
                        }
                    }
                    let _ = parse(&s[..i], PathKind::ReferencePath, options);
                }
            }
        }
    }
}
