//! Syntax checker for the JSONPath-mode paths of the Amazon States Language (ASL).
//!
//! ASL says paths "follow JsonPath syntax" and names the Java library Jayway JsonPath, which
//! is what the AWS service runs. This checker accepts the subset of Jayway syntax that Step
//! Functions supports and rejects the rest with a short, rustc-style message.
//!
//! # Grammar
//!
//! ```text
//! path        = root step*
//! root        = "$" | "$$"                       ; "$$" = the context object (see below)
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
//! Reference Path field, so callers pass `allow_context = false` for `ResultPath` (and may do
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
//!   integer, string or literal (statelint refuses every filter). Comparing with a bare word (`@.k == Foo`) is refused although
//!   asl-validator accepts it: Jayway cannot parse it (quote it: `'Foo'`). Regular expressions
//!   (`=~`), the word operators (`in`, `nin`, `subsetof`, `anyof`, `noneof`, `size`, `empty`,
//!   `contains`) and references to another value (`$...`, or `@...` on the right of a
//!   comparison) are refused: the developer guide says Step Functions does not support them
//!   (asl-validator refuses them too); Jayway would parse them.
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
//! * Workflow variables (`$name`, used with `Assign`) are not supported: `$foo` is refused with a
//!   suggestion to write `$.foo`. asl-validator and moto accept `$foo` as a variable reference.
//! * Whitespace is only allowed inside brackets and filters (`[ 0 ]`, `[0, 1]`, `[ 'a' ]`, but
//!   not around the `:` of a slice, which Jayway and asl-validator refuse); leading or trailing
//!   whitespace is refused
//!   (statelint refuses both, asl-validator refuses leading whitespace).
//! * asl-validator checks Choice `Variable`, `...Path` comparisons and `ItemsPath` as Reference
//!   Paths; statelint checks `ItemsPath` and `Variable` as Paths. The caller picks the kind.

use std::fmt::Write as _;

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

/// How deeply filters and parenthesised filter expressions may nest before the checker gives
/// up with an error (keeps recursion bounded on hostile input).
pub const MAX_FILTER_DEPTH: usize = 32;

/// The hint appended to most syntax errors.
const HINT: &str = "a path looks like `$.field`, `$.list[0]` or `$['key']`";

/// Checks `path` against the grammar of `kind`. `allow_context` says whether the
/// context object root `$$` is allowed (see the module documentation for where ASL allows it:
/// payload templates and Path fields, never `ResultPath`).
///
/// The error is a short message in rustc style: lower case, no final period, it names the
/// problem, quotes the offending text with backticks, gives the 0-based byte position when
/// useful, and says what is allowed.
pub fn check_path(path: &str, kind: PathKind, allow_context: bool) -> Result<(), String> {
    if path.is_empty() {
        return Err(format!("empty path; {HINT}"));
    }
    let first = path.chars().next().unwrap_or(' ');
    if first != '$' {
        if first.is_whitespace() {
            return Err(format!(
                "{} at the start of {}; a path starts with `$`",
                describe_char(first),
                quote(path)
            ));
        }
        if path.starts_with("States.") {
            return Err(format!(
                "{} is an intrinsic function call, not a path; intrinsic functions are only \
                 allowed as the value of a key ending in `.$` in a payload template \
                 (`Parameters`, `ItemSelector`, `ResultSelector`)",
                quote(path)
            ));
        }
        if path.starts_with("{%") {
            return Err(format!(
                "{} is a JSONata expression, but this field takes a JSONPath; {HINT}",
                quote(path)
            ));
        }
        return Err(format!(
            "{} is not a path: a path starts with `$`, e.g. `$.{}`",
            quote(path),
            excerpt(path.trim_start_matches(['.', '@']), 24)
        ));
    }
    let end = scan_path(path, 0, kind, allow_context)?;
    if end >= path.len() {
        return Ok(());
    }
    Err(leftover_error(path, end))
}

/// Error for text left over after a complete path (only whitespace, `,` or `)` stop a path
/// without an error from [`scan_path`]).
fn leftover_error(path: &str, end: usize) -> String {
    let c = path[end..].chars().next().unwrap_or(' ');
    if c.is_whitespace() {
        if path[end..].trim().is_empty() {
            return format!("trailing whitespace at position {end} after the path");
        }
        return format!(
            "unexpected {} at position {end}; a path cannot contain spaces: \
             write a name with spaces in brackets, like `$['first name']`",
            describe_char(c)
        );
    }
    match c {
        ',' => format!(
            "unexpected `,` at position {end}; to select several items use a union inside \
             brackets, like `$.list[0,1]` or `$['a','b']`"
        ),
        ')' => format!("unmatched `)` at position {end}"),
        _ => format!("unexpected {} at position {end}; {HINT}", describe_char(c)),
    }
}

/// Scans the path that starts at byte `start` of `src` (which must be a `$`) and returns the
/// byte index where it ends: the end of `src`, or the first whitespace, `,` or `)` that
/// follows a complete path (so an intrinsic function argument list can continue from there).
/// Everything else that cannot continue the path is an error.
pub(crate) fn scan_path(
    src: &str,
    start: usize,
    kind: PathKind,
    allow_context: bool,
) -> Result<usize, String> {
    let mut p = Parser {
        src,
        pos: start,
        kind,
    };
    p.root(allow_context)?;
    p.steps(Mode::Top, 0)?;
    Ok(p.pos)
}

/// Where a path is being read: at top level, or as the `@...` operand inside a filter (where
/// operators and `)` end a name).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Top,
    Filter,
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    kind: PathKind,
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
    fn not_single(&self, what: &str, at: usize) -> String {
        format!(
            "{what} at position {at} can select several nodes, but this field needs a reference \
             path that identifies exactly one node: use only `.name`, `['name']` and `[n]` steps"
        )
    }

    fn root(&mut self, allow_context: bool) -> Result<(), String> {
        if !self.eat("$") {
            let c = self.peek().unwrap_or(' ');
            return Err(format!(
                "expected `$` at position {}, found {}; {HINT}",
                self.pos,
                describe_char(c)
            ));
        }
        if self.peek() == Some('$') {
            if !allow_context {
                return Err(format!(
                    "the context object `$$` cannot be used in this field (position {}); \
                     use a path into the state's data that starts with `$.`",
                    self.pos - 1
                ));
            }
            self.pos += 1;
        }
        Ok(())
    }

    /// Reads steps until the path ends. In `Mode::Top` a path ends at the end of input or at
    /// whitespace, `,` or `)`; in `Mode::Filter` also at the filter operators.
    fn steps(&mut self, mode: Mode, depth: usize) -> Result<(), String> {
        loop {
            let Some(c) = self.peek() else {
                return Ok(());
            };
            match c {
                '.' => self.dot_step(mode, depth)?,
                '[' => self.bracket(depth)?,
                _ => {
                    if ends_path(c, mode) {
                        return Ok(());
                    }
                    return Err(self.after_step_error(c));
                }
            }
        }
    }

    /// A character that cannot follow a complete step.
    fn after_step_error(&self, c: char) -> String {
        let at = self.pos;
        let prev = self.src[..at].chars().next_back().unwrap_or('$');
        match prev {
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
                format!(
                    "expected `.` or `[` after `{root}` at position {at}, found {}; did you mean \
                     `{root}.{}`? (workflow variables like `$name` are not supported)",
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
        }
    }

    fn dot_step(&mut self, mode: Mode, depth: usize) -> Result<(), String> {
        let dot = self.pos;
        self.pos += 1;
        if self.peek() == Some('.') {
            // Recursive descent.
            self.pos += 1;
            if self.kind == PathKind::ReferencePath {
                return Err(self.not_single("recursive descent `..`", dot));
            }
            return match self.peek() {
                None => Err(format!(
                    "path ends with `..` at position {dot}; recursive descent needs a name, \
                     like `$..name`"
                )),
                Some('.') => Err(format!(
                    "unexpected `.` at position {}; write `$..name` (two dots) for recursive \
                     descent",
                    self.pos
                )),
                Some('[') => self.bracket(depth),
                Some('*') => self.wildcard_name(mode),
                Some(_) => self.name(mode, dot),
            };
        }
        match self.peek() {
            None => Err(format!(
                "path ends with `.` at position {dot}; add a field name, like `$.field`"
            )),
            Some('*') => {
                if self.kind == PathKind::ReferencePath {
                    return Err(self.not_single("wildcard `.*`", dot));
                }
                self.wildcard_name(mode)
            }
            Some('[') => Err(format!(
                "unexpected `.` before `[` at position {dot}; write brackets right after the \
                 previous step, like `$.a['b c']` or `$.list[0]`"
            )),
            Some(_) => self.name(mode, dot),
        }
    }

    /// `*` after `.` or `..`: must stand alone.
    fn wildcard_name(&mut self, mode: Mode) -> Result<(), String> {
        self.pos += 1; // '*'
        match self.peek() {
            None | Some('.') | Some('[') => Ok(()),
            Some(c) if ends_path(c, mode) => Ok(()),
            Some(c) => Err(self.after_step_error(c)),
        }
    }

    /// A dot-notation name (after `.` at byte `dot`).
    fn name(&mut self, mode: Mode, dot: usize) -> Result<(), String> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c == '.' || c == '[' || ends_path(c, mode) {
                break;
            }
            match c {
                '\\' => {
                    self.pos += 1;
                    match self.bump() {
                        Some(e) if !e.is_control() => {}
                        Some(e) => {
                            return Err(format!(
                                "{} cannot be escaped at position {}",
                                describe_char(e),
                                self.pos - e.len_utf8()
                            ))
                        }
                        None => {
                            return Err(format!(
                                "path ends with an escaping `\\` at position {}",
                                self.pos - 1
                            ))
                        }
                    }
                }
                '(' => {
                    let name = &self.src[start..self.pos];
                    return Err(format!(
                        "function calls such as `{}()` are not supported in Step Functions paths \
                         (position {}); use an intrinsic function such as `States.ArrayLength` \
                         in a payload template instead",
                        excerpt(name, 24),
                        self.pos
                    ));
                }
                ']' => return Err(format!("unmatched `]` at position {}; {HINT}", self.pos)),
                '\'' | '"' | '=' | '<' | '>' | '!' => {
                    return Err(format!(
                        "{} is not allowed in a name (position {}); write names with special \
                         characters in brackets, like `$['{}']`",
                        describe_char(c),
                        self.pos,
                        if c == '\'' { "it\\'s" } else { "a=b" }
                    ))
                }
                _ if c.is_control() => {
                    return Err(format!(
                        "{} is not allowed in a name (position {})",
                        describe_char(c),
                        self.pos
                    ))
                }
                _ => self.pos += c.len_utf8(),
            }
        }
        if self.pos == start {
            let c = self.peek();
            return Err(match c {
                Some(c) if c.is_whitespace() => format!(
                    "expected a field name after `.` at position {dot}, found {}",
                    describe_char(c)
                ),
                Some(c) => format!(
                    "expected a field name after `.` at position {dot}, found {}; {HINT}",
                    describe_char(c)
                ),
                None => format!("path ends with `.` at position {dot}; add a field name"),
            });
        }
        Ok(())
    }

    /// `[ ... ]` starting at the current `[`.
    fn bracket(&mut self, depth: usize) -> Result<(), String> {
        let open = self.pos;
        self.pos += 1;
        self.skip_ws();
        let Some(c) = self.peek() else {
            return Err(unclosed_bracket(open));
        };
        match c {
            '\'' | '"' => {
                self.quoted()?;
                self.skip_ws();
                while self.peek() == Some(',') {
                    let comma = self.pos;
                    if self.kind == PathKind::ReferencePath {
                        return Err(self.not_single("union `,`", comma));
                    }
                    self.pos += 1;
                    self.skip_ws();
                    match self.peek() {
                        Some('\'') | Some('"') => self.quoted()?,
                        None => return Err(unclosed_bracket(open)),
                        Some(c) => {
                            return Err(format!(
                                "expected a quoted name after `,` at position {}, found {}",
                                self.pos,
                                describe_char(c)
                            ))
                        }
                    }
                    self.skip_ws();
                }
            }
            '*' => {
                if self.kind == PathKind::ReferencePath {
                    return Err(self.not_single("wildcard `[*]`", open));
                }
                self.pos += 1;
                self.skip_ws();
            }
            '?' => {
                if self.kind == PathKind::ReferencePath {
                    return Err(self.not_single("filter `[?(...)]`", open));
                }
                self.pos += 1;
                if self.peek() != Some('(') {
                    return Err(format!(
                        "expected `(` after `[?` at position {}; a filter looks like \
                         `[?(@.price > 10)]`",
                        self.pos
                    ));
                }
                let paren = self.pos;
                self.pos += 1;
                if depth + 1 > MAX_FILTER_DEPTH {
                    return Err(format!(
                        "filters nest more than {MAX_FILTER_DEPTH} levels deep at position {open}"
                    ));
                }
                self.filter_or(depth + 1)?;
                self.skip_ws();
                match self.peek() {
                    Some(')') => self.pos += 1,
                    None => {
                        return Err(format!(
                            "unclosed `(` at position {paren} in the filter starting at \
                             position {open}"
                        ))
                    }
                    Some(']') => {
                        return Err(format!(
                            "expected `)` at position {} to close the filter `(` at position \
                             {paren}",
                            self.pos
                        ))
                    }
                    Some(c) => {
                        return Err(format!(
                            "unexpected {} at position {} in a filter; combine conditions with \
                             `&&` or `||`, like `[?(@.a > 1 && @.b == 'x')]`",
                            describe_char(c),
                            self.pos
                        ))
                    }
                }
                self.skip_ws();
            }
            '(' => {
                if self.kind == PathKind::ReferencePath {
                    return Err(self.not_single("script expression `[(...)]`", open));
                }
                self.script(open)?;
                self.skip_ws();
            }
            '-' | ':' | '0'..='9' => self.index_or_slice(open)?,
            ']' => {
                return Err(format!(
                    "empty brackets `[]` at position {open}; put an index, a quoted name, `*`, \
                     a slice or a filter inside"
                ))
            }
            _ => {
                return Err(format!(
                    "unexpected {} at position {} inside `[...]`; brackets hold an index `[0]`, \
                     a quoted name `['key']`, `[*]`, a slice `[1:3]` or a filter \
                     `[?(@.x > 1)]`",
                    describe_char(c),
                    self.pos
                ))
            }
        }
        match self.peek() {
            Some(']') => {
                self.pos += 1;
                Ok(())
            }
            None => Err(unclosed_bracket(open)),
            Some(c) => Err(format!(
                "expected `]` at position {} to close the `[` at position {open}, found {}",
                self.pos,
                describe_char(c)
            )),
        }
    }

    /// A quoted name starting at the current `'` or `"`.
    fn quoted(&mut self) -> Result<(), String> {
        let open = self.pos;
        let q = self.bump().unwrap_or('\'');
        loop {
            match self.bump() {
                None => {
                    return Err(format!(
                        "unclosed string: the `{q}` at position {open} has no closing `{q}`"
                    ))
                }
                Some('\\') => {
                    if self.bump().is_none() {
                        return Err(format!(
                            "unclosed string: the `{q}` at position {open} has no closing `{q}`"
                        ));
                    }
                }
                Some(c) if c == q => return Ok(()),
                Some(_) => {}
            }
        }
    }

    /// An optionally negative integer; returns whether one was read and whether it was negative.
    fn int(&mut self) -> Result<Option<bool>, String> {
        let start = self.pos;
        let neg = self.eat("-");
        let digits = self.pos;
        while matches!(self.peek(), Some('0'..='9')) {
            self.pos += 1;
        }
        if self.pos == digits {
            if neg {
                return Err(format!("expected a digit after `-` at position {start}"));
            }
            return Ok(None);
        }
        if self.src[digits..self.pos].parse::<i32>().is_err() {
            return Err(format!(
                "index `{}` at position {start} is too large",
                excerpt(&self.src[start..self.pos], 24)
            ));
        }
        Ok(Some(neg))
    }

    /// `[0]`, `[-1]`, `[0,1]`, `[1:3]`, `[:2]`, `[-2:]` after the `[` at `open`.
    fn index_or_slice(&mut self, open: usize) -> Result<(), String> {
        let first = self.int()?;
        let ws = self.pos;
        self.skip_ws();
        if self.peek() == Some(':') {
            if self.kind == PathKind::ReferencePath {
                return Err(self.not_single("slice `[:]`", open));
            }
            // Jayway refuses spaces inside a slice (and so does asl-validator).
            let no_spaces = |at: usize| {
                format!("unexpected space at position {at} in a slice; write it without spaces, like `[1:3]`")
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
                return Err(format!(
                    "a slice needs a start or an end at position {open}, like `[1:3]`, `[:2]` \
                     or `[2:]`"
                ));
            }
            self.skip_ws();
            if self.peek() == Some(':') {
                return Err(format!(
                    "slice steps are not supported (position {}); use `[start:end]`",
                    self.pos
                ));
            }
            return Ok(());
        }
        let Some(neg) = first else {
            // Unreachable: a `:` or digit or `-` started this; keep a message anyway.
            return Err(format!("expected an index at position {}", self.pos));
        };
        if neg && self.kind == PathKind::ReferencePath {
            return Err(self.not_single("negative index", open));
        }
        while self.peek() == Some(',') {
            if self.kind == PathKind::ReferencePath {
                return Err(self.not_single("union `,`", self.pos));
            }
            self.pos += 1;
            self.skip_ws();
            if self.int()?.is_none() {
                let c = self.peek();
                return Err(match c {
                    None => unclosed_bracket(open),
                    Some(c) => format!(
                        "expected an index after `,` at position {}, found {}",
                        self.pos,
                        describe_char(c)
                    ),
                });
            }
            self.skip_ws();
        }
        Ok(())
    }

    /// `(@.length-1)` after the `[` at `open`.
    fn script(&mut self, open: usize) -> Result<(), String> {
        let bad = |at: usize| {
            format!(
                "unsupported script expression at position {at}; the only one allowed is \
                 `[(@.length-N)]` (position {open})"
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
        match self.int()? {
            Some(false) => {}
            _ => return Err(bad(self.pos)),
        }
        self.skip_ws();
        if !self.eat(")") {
            return Err(bad(self.pos));
        }
        Ok(())
    }

    fn filter_or(&mut self, depth: usize) -> Result<(), String> {
        self.filter_and(depth)?;
        loop {
            self.skip_ws();
            if self.eat("||") {
                self.filter_and(depth)?;
            } else {
                return Ok(());
            }
        }
    }

    fn filter_and(&mut self, depth: usize) -> Result<(), String> {
        self.filter_unary(depth)?;
        loop {
            self.skip_ws();
            if self.eat("&&") {
                self.filter_unary(depth)?;
            } else {
                return Ok(());
            }
        }
    }

    fn filter_unary(&mut self, depth: usize) -> Result<(), String> {
        self.skip_ws();
        match self.peek() {
            Some('!') => {
                let at = self.pos;
                self.pos += 1;
                self.skip_ws();
                if self.peek() != Some('@') {
                    return Err(format!(
                        "`!` at position {at} must be followed by `@...`, like `[?(!@.done)]`"
                    ));
                }
                self.relative_path(depth)
            }
            Some('(') => {
                let open = self.pos;
                if depth + 1 > MAX_FILTER_DEPTH {
                    return Err(format!(
                        "filter expression nests more than {MAX_FILTER_DEPTH} levels deep at \
                         position {open}"
                    ));
                }
                self.pos += 1;
                self.filter_or(depth + 1)?;
                self.skip_ws();
                if !self.eat(")") {
                    return Err(match self.peek() {
                        None => format!("unclosed `(` at position {open} in a filter"),
                        Some(c) => format!(
                            "expected `)` at position {} to close the `(` at position {open}, \
                             found {}",
                            self.pos,
                            describe_char(c)
                        ),
                    });
                }
                Ok(())
            }
            _ => self.comparison(depth),
        }
    }

    fn comparison(&mut self, depth: usize) -> Result<(), String> {
        let start = self.pos;
        let left_is_path = self.operand(depth)?;
        self.skip_ws();
        let at = self.pos;
        let rest = self.rest();
        let op_len = if ["==", "!=", "<=", ">="]
            .iter()
            .any(|op| rest.starts_with(op))
        {
            2
        } else if rest.starts_with('<') || rest.starts_with('>') {
            1
        } else if rest.starts_with("=~") {
            return Err(format!(
                "regular expression filters (`=~`, position {at}) are not supported by Step \
                 Functions; compare with `==`, `!=`, `<`, `<=`, `>` or `>=`"
            ));
        } else if rest.starts_with('=') {
            return Err(format!(
                "`=` at position {at} is not a comparison; use `==`"
            ));
        } else if let Some(word) = word_operator(rest) {
            return Err(format!(
                "the `{word}` operator (position {at}) is not supported by Step Functions; \
                 compare with `==`, `!=`, `<`, `<=`, `>` or `>=`"
            ));
        } else {
            0
        };
        if op_len == 0 {
            if !left_is_path {
                return Err(format!(
                    "a filter condition must test the current item `@` (position {at}), like \
                     `[?(@.done)]` or `[?(@.count > 1)]`"
                ));
            }
            return Ok(());
        }
        if !left_is_path {
            return Err(format!(
                "the left side of a comparison must be the current item `@...` (position \
                 {start}); write it first, like `@.count > 1`"
            ));
        }
        self.pos += op_len;
        self.skip_ws();
        let right = self.pos;
        if self.operand(depth)? {
            return Err(format!(
                "comparing with another value of the item (`@` at position {right}) is not \
                 supported by Step Functions; compare `@...` with a string, a number, `true`, \
                 `false` or `null`"
            ));
        }
        Ok(())
    }

    /// One side of a comparison; returns whether it is a `@` path.
    fn operand(&mut self, depth: usize) -> Result<bool, String> {
        let at = self.pos;
        let Some(c) = self.peek() else {
            return Err(format!(
                "filter ends at position {at}; expected a condition like `@.price > 10`"
            ));
        };
        match c {
            '@' => {
                self.relative_path(depth)?;
                Ok(true)
            }
            '$' => Err(format!(
                "a filter cannot refer to another value of the input (`$` at position {at}); \
                 Step Functions only compares the current item `@` with literal values"
            )),
            '\'' | '"' => {
                self.quoted()?;
                Ok(false)
            }
            '-' | '0'..='9' => {
                self.number()?;
                Ok(false)
            }
            '/' => Err(format!(
                "regular expressions (position {at}) are not supported in Step Functions filters"
            )),
            '[' | '{' => Err(format!(
                "lists and objects (position {at}) are not supported in Step Functions filters; \
                 compare `@...` with a string, a number, `true`, `false` or `null`"
            )),
            _ => {
                for lit in ["true", "false", "null"] {
                    if self.rest().starts_with(lit)
                        && !self.rest()[lit.len()..]
                            .chars()
                            .next()
                            .is_some_and(is_word_char)
                    {
                        self.pos += lit.len();
                        return Ok(false);
                    }
                }
                if is_word_char(c) {
                    let word: String = self
                        .rest()
                        .chars()
                        .take_while(|&c| is_word_char(c))
                        .collect();
                    return Err(format!(
                        "bare word `{}` at position {at} in a filter; quote strings, like \
                         `'{}'`",
                        excerpt(&word, 24),
                        excerpt(&word, 24)
                    ));
                }
                Err(format!(
                    "expected `@`, a string, a number, `true`, `false` or `null` at position \
                     {at} in a filter, found {}",
                    describe_char(c)
                ))
            }
        }
    }

    /// JSON-style number literal inside a filter.
    fn number(&mut self) -> Result<(), String> {
        let at = self.pos;
        self.eat("-");
        let digits = self.pos;
        while matches!(self.peek(), Some('0'..='9')) {
            self.pos += 1;
        }
        if self.pos == digits {
            return Err(format!("expected a digit after `-` at position {at}"));
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
        Ok(())
    }

    /// `@` followed by steps, inside a filter.
    fn relative_path(&mut self, depth: usize) -> Result<(), String> {
        self.pos += 1; // '@'
        self.steps(Mode::Filter, depth)
    }
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

fn unclosed_bracket(open: usize) -> String {
    format!("unclosed `[` at position {open}; {HINT}")
}

/// Quotes `s` in backticks, cut to a readable length.
pub(crate) fn quote(s: &str) -> String {
    format!("`{}`", excerpt(s, 48))
}

/// The first `max` characters of `s`, with `...` when cut.
pub(crate) fn excerpt(s: &str, max: usize) -> String {
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

/// Names a character for a message: `` `x` ``, "a space", "a tab", "character U+0007".
pub(crate) fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".to_string(),
        '\t' => "a tab".to_string(),
        '\n' => "a newline".to_string(),
        '\r' => "a carriage return".to_string(),
        '`' => "a backtick".to_string(),
        c if c.is_control() || c.is_whitespace() => {
            let mut s = String::new();
            let _ = write!(s, "character U+{:04X}", c as u32);
            s
        }
        c => format!("`{c}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(p: &str, kind: PathKind, ctx: bool) {
        if let Err(e) = check_path(p, kind, ctx) {
            panic!("{p:?} ({kind:?}, ctx={ctx}) should be accepted, got: {e}");
        }
    }

    fn err(p: &str, kind: PathKind, ctx: bool) -> String {
        match check_path(p, kind, ctx) {
            Ok(()) => panic!("{p:?} ({kind:?}, ctx={ctx}) should be rejected"),
            Err(e) => {
                assert!(!e.is_empty());
                assert!(!e.ends_with('.'), "message ends with a period: {e}");
                assert!(
                    e.chars().next().is_some_and(|c| !c.is_uppercase()),
                    "message starts upper case: {e}"
                );
                e
            }
        }
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
            ok(p, PathKind::Path, false);
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
            ok(p, PathKind::Path, true);
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
        ("$.a\u{7}b", "character U+0007 is not allowed in a name"),
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
    fn scan_path_stops_at_argument_separators() {
        let s = "$.a, $['b,c'])";
        assert_eq!(scan_path(s, 0, PathKind::Path, true), Ok(3));
        assert_eq!(scan_path(s, 5, PathKind::Path, true), Ok(13));
        assert_eq!(
            scan_path("$.a[?(@.b == ')')])", 0, PathKind::Path, true),
            Ok(18)
        );
        assert_eq!(scan_path("$$.x y", 0, PathKind::Path, true), Ok(4));
        assert!(scan_path("$$.x", 0, PathKind::Path, false).is_err());
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
        ] {
            for kind in [PathKind::Path, PathKind::ReferencePath] {
                let _ = check_path(s, kind, true);
                let _ = check_path(s, kind, false);
            }
        }
    }

    #[test]
    fn every_prefix_and_byte_split_is_safe() {
        let samples = [
            "$.a[?(@.b > 1 && @['c d'] == 'x\\'y')].é[0,1][-2:]..z",
            "$$.Map.Item.Value['日本'][(@.length-1)]",
        ];
        for s in samples {
            for (i, _) in s.char_indices() {
                let _ = check_path(&s[..i], PathKind::Path, true);
                let _ = check_path(&s[i..], PathKind::Path, true);
                let _ = check_path(&s[..i], PathKind::ReferencePath, false);
            }
        }
    }
}
